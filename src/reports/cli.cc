#include "reports/cli.h"

#include <fstream>
#include <iostream>
#include <memory>

#include "absl/strings/str_cat.h"
#include "cli/exit_codes.h"
#include "core/date.h"

namespace zwgk::reports {
namespace {

struct Options {
  int year = 0;
  std::string unit, format = "html", out, as_of;
  bool json = false;
};

void PrintChecks(const ReportView& v) {
  for (const Check& c : v.checks) {
    std::cout << (c.ok ? "  通过  " : "  未通过  ") << c.rule;
    if (!c.ok) std::cout << "  " << c.cell << "：" << c.message;
    std::cout << "\n";
  }
}

}  // namespace

void RegisterCli(CliRegistry& cli, std::function<Service&()> service) {
  auto o = std::make_shared<Options>();
  CLI::App* report =
      cli.root().add_subcommand("report", "政府信息公开工作年度报告");
  report->require_subcommand(1);

  CLI::App* generate =
      report->add_subcommand("generate", "生成年报草稿（已有则显示现状）");
  generate->add_option("--year", o->year, "报告年度，如 2025")->required();
  generate->add_option("--unit", o->unit, "单位名称或编号；不填为县人民政府");
  generate->add_flag("--json", o->json, "输出 JSON");
  cli.OnRun(generate, [o, service](AppContext&) {
    auto body = service().ResolveBody(o->year, o->unit);
    if (!body.ok()) return cli::Fail(body.status());
    auto v = service().Generate(SystemActor(), *body);
    if (!v.ok()) return cli::Fail(v.status());
    if (o->json) {
      std::cout << service().ApiJson(*v).dump(2) << "\n";
      return cli::kOk;
    }
    std::cout << v->report.body_name << v->report.year
              << "年政府信息公开工作年度报告（第" << v->report.version << "版，"
              << StateLabel(v->report.state) << "）\n"
              << v->generated_overview << "\n校验：\n";
    PrintChecks(*v);
    return cli::kOk;
  });

  CLI::App* exp = report->add_subcommand("export", "导出年报");
  exp->add_option("--year", o->year, "报告年度")->required();
  exp->add_option("--unit", o->unit, "单位名称或编号；不填为县人民政府");
  exp->add_option("--format", o->format, "html | pdf | docx | xlsx");
  exp->add_option("-o,--output", o->out, "输出文件")->required();
  cli.OnRun(exp, [o, service](AppContext&) {
    std::optional<ExportFormat> format = ParseExportFormat(o->format);
    if (!format)
      return cli::Fail(
          absl::InvalidArgumentError("导出格式应为 html、pdf、docx 或 xlsx"));
    auto body = service().ResolveBody(o->year, o->unit);
    if (!body.ok()) return cli::Fail(body.status());
    auto v = service().View(nullptr, *body);
    if (absl::IsNotFound(v.status())) {
      // The operator may export a draft too (not yet published).
      Actor system = SystemActor();
      v = service().View(&system, *body);
    }
    if (!v.ok()) return cli::Fail(v.status());
    auto file = service().Export(*v, *format);
    if (!file.ok()) return cli::Fail(file.status());
    std::ofstream f(o->out, std::ios::binary);
    f << file->bytes;
    if (!f)
      return cli::Fail(
          absl::UnavailableError(absl::StrCat("无法写入文件 ", o->out)));
    std::cout << "已导出 " << o->out << "（" << StateLabel(v->report.state)
              << "，第" << v->report.version << "版）\n";
    return cli::kOk;
  });

  CLI::App* due =
      report->add_subcommand("due", "年报期限（单位1月31日、县政府3月31日）");
  due->add_option("--as-of", o->as_of, "日期 YYYY-MM-DD，默认今天");
  cli.OnRun(due, [o, service](AppContext&) {
    absl::CivilDay day = Today(service().clock());
    if (!o->as_of.empty()) {
      auto parsed = ParseDate(o->as_of);
      if (!parsed.ok()) return cli::Fail(parsed.status());
      day = *parsed;
    }
    auto rows = service().Due(day);
    if (!rows.ok()) return cli::Fail(rows.status());
    for (const DueReport& r : *rows)
      std::cout << r.body_name << "\t" << FormatDate(r.due_on) << "\t"
                << (r.state ? StateLabel(*r.state) : "未生成")
                << (r.overdue ? "\t已逾期" : "") << "\n";
    return cli::kOk;
  });
}

}  // namespace zwgk::reports
