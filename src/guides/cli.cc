#include "guides/cli.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/exit_codes.h"
#include "core/date.h"
#include "core/status.h"

namespace zwgk::guides {
namespace {

struct Flags {
  std::string unit, state, file, out;
  std::string scope = "county", paper = "a4", format = "pdf";
  int64_t id = 0;
};

absl::StatusOr<std::string> ReadFile(const std::string& path,
                                     int64_t max_bytes) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return absl::NotFoundError(absl::StrCat("无法读取文件 ", path));
  if (static_cast<int64_t>(size) > max_bytes)
    return InvalidFields(
        "文件过大",
        {{"file", absl::StrCat("文件不能超过 ", max_bytes >> 20, " MB")}});
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("无法读取文件 ", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

absl::Status WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f << bytes;
  f.close();
  if (!f) return absl::UnavailableError(absl::StrCat("无法写入文件 ", path));
  return absl::OkStatus();
}

// Demo guides for trying the pages and the book: every name and text says
// it is 演示数据 (never official content). Published through the workflow
// by two system actors. Returns how many were made (existing names skip).
absl::StatusOr<int> GenerateDemo(Service& service, int count) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<org::Domain> domains,
                        service.org().ListDomains());
  std::erase_if(domains,
                [](const org::Domain& d) { return !d.unit_id.has_value(); });
  if (domains.empty())
    return absl::FailedPreconditionError("没有指定责任单位的领域");
  const Actor drafter{.name = "演示数据（编制）", .role = Role::kAdmin};
  const Actor reviewer{.name = "演示数据（审核）", .role = Role::kAdmin};
  int made = 0;
  for (int i = 0; i < count; ++i) {
    const org::Domain& d = domains[i % domains.size()];
    GuideInput in{.service = absl::StrCat("【演示】", d.name, "服务事项",
                                          i / domains.size() + 1),
                  .unit = absl::StrCat(*d.unit_id),
                  .domain = absl::StrCat(d.id)};
    for (const ElementInfo& e : AllElements()) {
      in.elements[std::string(e.name)] =
          e.multiline ? "1.（演示数据）第一项\n2.（演示数据）第二项"
                      : "（演示数据，非正式内容）";
    }
    in.elements["法定办结时限"] = "20个工作日";
    in.elements["承诺办结时限"] = "10个工作日";
    in.elements["是否收费"] = "否";
    in.elements["收费标准"] = "不收费";
    in.elements.erase("收费依据");
    in.materials = {{.name = "申请表（演示）", .form = "原件"},
                    {.name = "身份证明（演示）", .form = "复印件"}};
    in.steps = {{.name = "受理", .time_limit = "1个工作日"},
                {.name = "审查", .time_limit = "8个工作日"},
                {.name = "办结", .time_limit = "1个工作日"}};
    in.life_events = {std::string(LifeEvents()[i % LifeEvents().size()])};
    auto g = service.Create(drafter, in);
    if (absl::IsInvalidArgument(g.status()) &&
        GetFieldErrors(g.status()).count("service"))
      continue;  // made before
    ZWGK_RETURN_IF_ERROR(g.status());
    ZWGK_RETURN_IF_ERROR(service.Submit(drafter, g->id).status());
    ZWGK_RETURN_IF_ERROR(
        service.Review(reviewer, g->id, {.approve = true}).status());
    ZWGK_RETURN_IF_ERROR(service.Publish(reviewer, g->id).status());
    ++made;
  }
  return made;
}

int PrintSummary(const ImportSummary& s) {
  std::cout << "新增 " << s.created << "，更新 " << s.updated << "\n";
  for (const std::string& p : s.problems) std::cerr << p << "\n";
  return s.problems.empty() ? cli::kOk : cli::kUsage;
}

}  // namespace

void RegisterCli(CliRegistry& cli, std::function<Service&()> service) {
  auto flags = std::make_shared<Flags>();
  CLI::App* root = cli.root().add_subcommand("guides", "办事指南");
  root->require_subcommand(1);

  CLI::App* list = root->add_subcommand("list",
                                        "列出办事指南（制表符分隔：编号、单位、"
                                        "事项名称、状态、版本、缺少的要素）");
  list->add_option("--unit", flags->unit, "单位 id 或名称");
  list->add_option("--state", flags->state,
                   "状态：draft 草稿 | submitted 待审核 | reviewed 已审核 | "
                   "published 已发布 | withdrawn 已撤回");
  cli.OnRun(list, [service, flags](AppContext&) {
    Filter f{.limit = 5000};
    if (!flags->state.empty()) {
      f.state = ParseGuideState(flags->state);
      if (!f.state)
        return cli::Fail(InvalidFields(
            "筛选条件有误",
            {{"state",
              "状态只能是 draft、submitted、reviewed、published 或 "
              "withdrawn"}}));
    }
    if (!flags->unit.empty()) {
      auto u = service().org().ResolveUnit(flags->unit);
      if (!u.ok()) return cli::Fail(u.status());
      f.unit_id = u->id;
    }
    auto rows = service().List(SystemActor(), f);
    if (!rows.ok()) return cli::Fail(rows.status());
    for (const Guide& g : *rows) {
      std::vector<std::string> missing;
      for (const Missing& m : MissingElements(g)) missing.push_back(m.element);
      std::cout << g.id << "\t" << g.unit_name << "\t" << g.service << "\t"
                << GuideStateLabel(g.state) << "\t第" << g.version << "版\t"
                << absl::StrJoin(missing, "、") << "\n";
    }
    return cli::kOk;
  });

  CLI::App* import = root->add_subcommand(
      "import",
      "从 XLSX 导入办事指南（工作表：办事指南、申请材料、办理流程），"
      "按单位和事项名称新建或更新草稿");
  import->add_option("file", flags->file, "XLSX 文件")->required();
  cli.OnRun(import, [service, flags](AppContext&) {
    auto bytes = ReadFile(flags->file, service().options().max_import_bytes);
    if (!bytes.ok()) return cli::Fail(bytes.status());
    auto s = service().ImportXlsx(SystemActor(), *bytes);
    if (!s.ok()) return cli::Fail(s.status());
    return PrintSummary(*s);
  });

  CLI::App* exp = root->add_subcommand("export", "导出办事指南为 XLSX");
  exp->add_option("-o,--output", flags->out, "输出文件")->required();
  exp->add_option("--unit", flags->unit, "单位 id 或名称");
  cli.OnRun(exp, [service, flags](AppContext&) {
    Filter f;
    if (!flags->unit.empty()) {
      auto u = service().org().ResolveUnit(flags->unit);
      if (!u.ok()) return cli::Fail(u.status());
      f.unit_id = u->id;
    }
    auto bytes = service().ExportXlsx(SystemActor(), f);
    if (!bytes.ok()) return cli::Fail(bytes.status());
    if (auto s = WriteFile(flags->out, *bytes); !s.ok()) return cli::Fail(s);
    return cli::kOk;
  });

  CLI::App* stats = root->add_subcommand("stats", "办事统计");
  stats->require_subcommand(1);
  CLI::App* stats_import = stats->add_subcommand(
      "import",
      "导入办事统计（CSV 或 XLSX：单位、年、月、受理、办结、按时办结）");
  stats_import->add_option("file", flags->file, "CSV 或 XLSX 文件")->required();
  cli.OnRun(stats_import, [service, flags](AppContext&) {
    auto bytes = ReadFile(flags->file, service().options().max_import_bytes);
    if (!bytes.ok()) return cli::Fail(bytes.status());
    auto s = service().ImportStats(
        SystemActor(), *bytes,
        std::filesystem::path(flags->file).filename().string());
    if (!s.ok()) return cli::Fail(s.status());
    return PrintSummary(*s);
  });

  // Demo guides beside publishing's `dev generate`.
  std::vector<CLI::App*> found = cli.root().get_subcommands(
      [](CLI::App* sub) { return sub->get_name() == "dev"; });
  CLI::App* dev = found.empty()
                      ? cli.root().add_subcommand("dev", "开发与测试工具")
                      : found.front();
  auto count = std::make_shared<int>(0);
  CLI::App* demo = dev->add_subcommand(
      "guides", "生成并发布演示用办事指南（名称带“【演示】”，非正式内容）");
  demo->add_option("--count", *count, "条数")
      ->required()
      ->check(CLI::Range(1, 10000));
  cli.OnRun(demo, [service, count](AppContext&) {
    auto n = GenerateDemo(service(), *count);
    if (!n.ok()) return cli::Fail(n.status());
    std::cout << "已生成并发布 " << *n << " 条演示办事指南\n";
    return cli::kOk;
  });

  CLI::App* book =
      cli.root().add_subcommand("book", "生成办事一本通（已发布的办事指南）");
  book->add_option("--scope", flags->scope,
                   "范围：county 全县 | domain 领域 | unit 单位 | town 乡镇");
  book->add_option("--id", flags->id, "领域、单位或乡镇的 id");
  book->add_option("--paper", flags->paper, "纸张：a4 | a5");
  book->add_option("--format", flags->format, "格式：pdf | html");
  book->add_option("-o,--output", flags->out, "输出文件")->required();
  cli.OnRun(book, [service, flags](AppContext&) {
    std::optional<BookScope> scope = ParseBookScope(flags->scope);
    if (!scope)
      return cli::Fail(InvalidFields(
          "参数有误", {{"scope", "范围只能是 county、domain、unit 或 town"}}));
    std::optional<int64_t> id;
    if (flags->id != 0) id = flags->id;
    const std::string paper = absl::AsciiStrToLower(flags->paper);
    if (paper != "a4" && paper != "a5")
      return cli::Fail(
          InvalidFields("参数有误", {{"paper", "纸张只能是 a4 或 a5"}}));
    absl::StatusOr<Book> b;
    if (flags->format == "html") {
      b = service().BookHtml(*scope, id);
    } else if (flags->format == "pdf") {
      b = service().BookPdf(*scope, id,
                            paper == "a5" ? Paper::kA5 : Paper::kA4);
    } else {
      return cli::Fail(
          InvalidFields("参数有误", {{"format", "格式只能是 pdf 或 html"}}));
    }
    if (!b.ok()) return cli::Fail(b.status());
    if (auto s = WriteFile(flags->out, b->bytes); !s.ok()) return cli::Fail(s);
    std::cout << b->title << "\t" << b->guides << "\t" << FormatDate(b->edition)
              << "\n";
    return cli::kOk;
  });
}

}  // namespace zwgk::guides
