// zwgk decisions …: the yearly catalog from the command line (list, import
// from CSV, publish a version), as the county office.
#include "decisions/cli.h"

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "cli/exit_codes.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/status.h"

namespace zwgk::decisions {
namespace {

std::string Day(const std::optional<absl::CivilDay>& d) {
  return d ? FormatDate(*d) : "";
}

// The CSV's columns, by their header names.
constexpr const char* kColumns[] = {"决策事项",         "决策机关",
                                    "承办单位",         "依据",
                                    "计划征求意见时间", "计划决策时间"};

struct ImportResult {
  int created = 0;
  std::vector<std::string> errors;  // "第N行：…"
};

absl::StatusOr<ImportResult> Import(Service& service, int year,
                                    absl::string_view csv) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<std::vector<std::string>> rows,
                        ParseCsv(csv));
  if (rows.empty()) return absl::InvalidArgumentError("CSV 文件为空");
  std::map<std::string, size_t> at;
  for (size_t i = 0; i < rows[0].size(); ++i)
    at[std::string(absl::StripAsciiWhitespace(rows[0][i]))] = i;
  for (const char* c : kColumns)
    if (!at.count(c))
      return absl::InvalidArgumentError(
          absl::StrCat("CSV 第1行（表头）缺少“", c,
                       "”列；表头应为：决策事项,决策机关,承办单位,依据,"
                       "计划征求意见时间,计划决策时间"));
  ImportResult out;
  for (size_t r = 1; r < rows.size(); ++r) {
    const std::vector<std::string>& row = rows[r];
    auto cell = [&](const char* name) {
      size_t i = at[name];
      return i < row.size() ? UnguardCsvFormula(row[i]) : std::string();
    };
    bool blank = true;
    for (const std::string& c : row)
      if (!absl::StripAsciiWhitespace(c).empty()) blank = false;
    if (blank) continue;
    DecisionInput in{.year = year,
                     .title = cell("决策事项"),
                     .deciding_body = cell("决策机关"),
                     .legal_basis = cell("依据"),
                     .unit = cell("承办单位"),
                     .planned_consultation_on = cell("计划征求意见时间"),
                     .planned_decision_on = cell("计划决策时间")};
    auto created = service.CreateDecision(SystemActor(), in);
    if (created.ok()) {
      ++out.created;
      continue;
    }
    std::string msg(created.status().message());
    for (const auto& [field, text] : GetFieldErrors(created.status()))
      absl::StrAppend(&msg, "；", text);
    out.errors.push_back(absl::StrCat("第", r + 1, "行：", msg));
  }
  return out;
}

}  // namespace

void RegisterCli(CliRegistry& cli, std::function<Service&()> service) {
  struct Options {
    int year = 0;
    std::string note, file;
  };
  auto o = std::make_shared<Options>();
  CLI::App* root =
      cli.root().add_subcommand("decisions", "重大行政决策事项目录");
  root->require_subcommand(1);

  CLI::App* list = root->add_subcommand(
      "list",
      "列出某年度的决策事项（制表符分隔：编号、状态、承办单位、"
      "计划决策时间、名称）");
  list->add_option("--year", o->year, "目录年度（默认今年）");
  cli.OnRun(list, [service, o](AppContext& ctx) {
    int year = o->year ? o->year : static_cast<int>(Today(ctx.clock).year());
    auto all = service().ListDecisions(SystemActor(), year);
    if (!all.ok()) return cli::Fail(all.status());
    for (const Decision& d : *all)
      std::cout << d.id << "\t" << DecisionStateLabel(d.state) << "\t"
                << d.unit_name << "\t" << Day(d.planned_decision_on) << "\t"
                << d.title << "\n";
    return cli::kOk;
  });

  CLI::App* publish = root->add_subcommand(
      "publish-catalog", "把某年度的全部决策事项发布为目录的新版本");
  publish->add_option("--year", o->year, "目录年度")->required();
  publish->add_option("--note", o->note, "发布说明，例如 首次发布")->required();
  cli.OnRun(publish, [service, o](AppContext&) {
    auto v = service().PublishCatalog(SystemActor(), o->year, o->note);
    if (!v.ok()) return cli::Fail(v.status());
    std::cout << "已发布" << v->year << "年度目录第" << v->version << "版，共"
              << v->items.size() << "项\n";
    return cli::kOk;
  });

  CLI::App* import = root->add_subcommand(
      "import",
      "从 CSV 导入决策事项（表头：决策事项,决策机关,承办单位,依据,"
      "计划征求意见时间,计划决策时间）");
  import->add_option("--year", o->year, "目录年度")->required();
  import->add_option("--file", o->file, "CSV 文件（UTF-8）")->required();
  cli.OnRun(import, [service, o](AppContext&) {
    std::ifstream in(o->file, std::ios::binary);
    if (!in)
      return cli::Fail(
          absl::NotFoundError(absl::StrCat("无法读取文件 ", o->file)));
    std::stringstream text;
    text << in.rdbuf();
    auto result = Import(service(), o->year, text.str());
    if (!result.ok()) return cli::Fail(result.status());
    for (const std::string& e : result->errors) std::cerr << e << "\n";
    std::cout << "已导入" << result->created << "项";
    if (!result->errors.empty())
      std::cout << "，" << result->errors.size() << "行未导入";
    std::cout << "\n";
    return result->errors.empty() ? cli::kOk : cli::kUsage;
  });
}

}  // namespace zwgk::decisions
