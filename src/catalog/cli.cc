#include "catalog/cli.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "cli/exit_codes.h"

namespace zwgk::catalog {
namespace {

struct Options {
  std::string file, domain, unit, sheet, format, version, out, note, from, to;
  bool partial = false;
};

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("无法读取文件 " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string FormatOf(const std::string& path) {
  std::string lower = absl::AsciiStrToLower(path);
  if (absl::EndsWith(lower, ".csv")) return "csv";
  if (absl::EndsWith(lower, ".json")) return "json";
  return "xlsx";
}

void PrintProblems(const std::vector<ImportProblem>& problems) {
  for (const ImportProblem& p : problems)
    std::cerr << "  " << p.ToString() << "\n";
}

// The import report: the kept items that lack something, then the rows left
// out, each with its row, item and reason.
void PrintReport(const ImportOutcome& out) {
  std::vector<ImportProblem> kept, skipped;
  for (const ImportProblem& p : out.problems)
    (p.kept ? kept : skipped).push_back(p);
  if (out.incomplete > 0) {
    std::cout << "其中 " << out.incomplete
              << " 个事项不完整：已保留在草稿中并标出，补全后才能发布\n";
  }
  if (!kept.empty()) {
    std::cout << "已导入但需处理的行：\n";
    for (const ImportProblem& p : kept)
      std::cout << "  " << p.ToString() << "\n";
  }
  if (!skipped.empty()) {
    std::cout << "无法读取、未导入的行：\n";
    for (const ImportProblem& p : skipped)
      std::cout << "  " << p.ToString() << "\n";
  }
}

}  // namespace

void RegisterCli(CliRegistry& cli, std::function<Service&()> service,
                 std::function<org::Service&()> org) {
  auto o = std::make_shared<Options>();
  CLI::App* cat = cli.root().add_subcommand("catalog", "政务公开事项标准目录");
  cat->require_subcommand(1);

  CLI::App* imp = cat->add_subcommand(
      "import", "导入目录到该领域的草稿（xlsx、csv 或 json）");
  imp->add_option("FILE", o->file, "文件")->required();
  imp->add_option("--domain", o->domain, "领域名称或编号")->required();
  imp->add_option("--unit", o->unit, "编制单位（默认为该领域责任单位）");
  imp->add_option("--sheet", o->sheet, "工作表名称");
  // Before issue 14 an import was all-or-nothing unless --partial, which
  // dropped the rows with problems. Now every readable row is kept and
  // incomplete items are flagged, so the flag is accepted and does nothing.
  imp->add_flag("--partial", o->partial,
                "已无作用（保留以兼容旧脚本）：导入总是保留能读取的每一行");
  cli.OnRun(imp, [o, service, org](AppContext&) {
    auto domain = org().ResolveDomain(o->domain);
    if (!domain.ok()) return cli::Fail(domain.status());
    auto bytes = ReadFile(o->file);
    if (!bytes.ok()) return cli::Fail(bytes.status());
    if (o->partial) {
      std::cerr << "注意：--partial 已无作用：导入总是保留能读取的每一行，"
                   "不完整的事项保留在草稿中并标出，补全后才能发布\n";
    }
    ImportRequest req{.bytes = std::move(*bytes), .format = FormatOf(o->file)};
    if (!o->sheet.empty()) req.sheet = o->sheet;
    if (!o->unit.empty()) {
      auto unit = org().ResolveUnit(o->unit);
      if (!unit.ok()) return cli::Fail(unit.status());
      req.unit_id = unit->id;
    }
    auto out = service().Import(SystemActor(), domain->id, req);
    if (!out.ok()) {
      int code = cli::Fail(out.status());
      PrintProblems(GetImportProblems(out.status()));
      return code;
    }
    std::cout << "已导入 " << out->imported << " 个事项到“" << domain->name
              << "”领域目录草稿\n";
    PrintReport(*out);
    return cli::kOk;
  });

  CLI::App* pub = cat->add_subcommand("publish", "将草稿发布为新版本");
  pub->add_option("--domain", o->domain, "领域名称或编号")->required();
  pub->add_option("--note", o->note, "发布说明");
  cli.OnRun(pub, [o, service, org](AppContext&) {
    auto domain = org().ResolveDomain(o->domain);
    if (!domain.ok()) return cli::Fail(domain.status());
    auto v = service().Publish(SystemActor(), domain->id, o->note);
    if (!v.ok()) return cli::Fail(v.status());
    std::cout << "已发布“" << domain->name << "”领域目录" << v->Label() << "（"
              << v->item_count << " 项）\n";
    return cli::kOk;
  });

  CLI::App* adopt = cat->add_subcommand(
      "adopt", "从建议目录开始：将建议目录中草稿尚无的事项加入草稿（不发布）");
  adopt->add_option("--domain", o->domain, "领域名称或编号")->required();
  cli.OnRun(adopt, [o, service, org](AppContext&) {
    auto domain = org().ResolveDomain(o->domain);
    if (!domain.ok()) return cli::Fail(domain.status());
    auto out = service().AdoptSuggested(SystemActor(), domain->id);
    if (!out.ok()) return cli::Fail(out.status());
    std::cout << "已将建议目录中的 " << out->added << " 个事项加入“"
              << domain->name << "”领域目录草稿（共 " << out->draft.item_count
              << " 项，尚未发布）\n";
    return cli::kOk;
  });

  CLI::App* exp = cat->add_subcommand("export", "导出目录");
  exp->add_option("--domain", o->domain, "领域名称或编号")->required();
  exp->add_option("--format", o->format, "xlsx | csv | json")->required();
  exp->add_option(
      "--version", o->version,
      "版本号、draft 或 published（默认：草稿，无草稿时为最新发布版）");
  exp->add_option("-o,--output", o->out, "输出文件")->required();
  cli.OnRun(exp, [o, service, org](AppContext&) {
    auto domain = org().ResolveDomain(o->domain);
    if (!domain.ok()) return cli::Fail(domain.status());
    auto version = ParseVersionRef(o->version);
    if (!version.ok()) return cli::Fail(version.status());
    auto bytes = service().Export(domain->id, *version, o->format);
    if (!bytes.ok()) return cli::Fail(bytes.status());
    std::ofstream out(o->out, std::ios::binary);
    out << *bytes;
    if (!out) return cli::Fail(absl::UnavailableError("无法写入 " + o->out));
    std::cout << "已导出到 " << o->out << "\n";
    return cli::kOk;
  });

  CLI::App* diff = cat->add_subcommand("diff", "比较两个版本");
  diff->add_option("--domain", o->domain, "领域名称或编号")->required();
  diff->add_option("V1", o->from, "版本（号、draft、published）")->required();
  diff->add_option("V2", o->to, "版本（号、draft、published）")->required();
  cli.OnRun(diff, [o, service, org](AppContext&) {
    auto domain = org().ResolveDomain(o->domain);
    if (!domain.ok()) return cli::Fail(domain.status());
    auto from = ParseVersionRef(o->from);
    if (!from.ok()) return cli::Fail(from.status());
    auto to = ParseVersionRef(o->to);
    if (!to.ok()) return cli::Fail(to.status());
    auto changes = service().Diff(domain->id, *from, *to);
    if (!changes.ok()) return cli::Fail(changes.status());
    for (const ItemChange& c : *changes) {
      const char* kind = c.kind == ItemChange::Kind::kAdded     ? "+ 新增"
                         : c.kind == ItemChange::Kind::kRemoved ? "- 删除"
                                                                : "~ 修改";
      std::cout << kind << " " << c.key;
      for (size_t i = 0; i < c.fields.size(); ++i)
        std::cout << (i ? "、" : "（") << c.fields[i];
      std::cout << (c.fields.empty() ? "" : "）") << "\n";
    }
    if (changes->empty()) std::cout << "两个版本没有差异\n";
    return cli::kOk;
  });
}

}  // namespace zwgk::catalog
