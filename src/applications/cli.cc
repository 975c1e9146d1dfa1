#include "applications/cli.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "applications/generate.h"
#include "applications/http.h"
#include "cli/exit_codes.h"

namespace zwgk::applications {
namespace {

struct Options {
  std::string unit, state, due, file, mode = "per_application";
  int64_t id = 0;
  int year = 0, pages = 0;
  bool json = false;
  int64_t gen_count = 0;
  uint64_t gen_seed = 20261128;
};

std::string DueText(const Detail& d) {
  if (!d.clock) return "待确认";
  if (!d.clock->due) return "暂停中";
  std::string text = calendar::FormatDate(*d.clock->due);
  if (d.clock->state == calendar::ClockState::kOverdue)
    absl::StrAppend(
        &text, d.clock->overdue_by > 0
                   ? absl::StrCat("（已逾期", d.clock->overdue_by, "个工作日）")
                   : std::string("（已逾期）"));
  if (d.clock->state == calendar::ClockState::kDueSoon)
    absl::StrAppend(&text, "（剩余", d.clock->remaining, "个工作日）");
  return text;
}

int PrintList(Service& s, const ListFilter& f, bool json) {
  auto rows = s.List(SystemActor(), f);
  if (!rows.ok()) return cli::Fail(rows.status());
  if (json) {
    nlohmann::json list = nlohmann::json::array();
    for (const Detail& d : *rows) list.push_back(StaffJson(d, false));
    std::cout << nlohmann::json{{"applications", list}}.dump(2) << "\n";
    return cli::kOk;
  }
  for (const Detail& d : *rows) {
    std::cout << d.app.tracking_number << "\t" << d.unit_name << "\t"
              << StateLabel(d.app.state) << "\t答复期限 " << DueText(d) << "\t"
              << d.app.applicant.name << "\n";
  }
  std::cout << "共 " << rows->size() << " 件\n";
  return cli::kOk;
}

}  // namespace

void RegisterCli(CliRegistry& cli, std::function<Service&()> service) {
  auto o = std::make_shared<Options>();
  CLI::App* apps = cli.root().add_subcommand("applications", "依申请公开");
  apps->require_subcommand(1);

  CLI::App* list = apps->add_subcommand("list", "列出申请（含答复期限）");
  list->add_option("--unit", o->unit, "单位名称或编号");
  list->add_option("--state", o->state, "状态，如 processing");
  list->add_option("--due", o->due, "due_soon 或 overdue");
  list->add_flag("--json", o->json, "输出 JSON");
  cli.OnRun(list, [o, service](AppContext&) {
    ListFilter f{.due = o->due};
    if (!o->unit.empty()) f.unit = o->unit;
    if (!o->state.empty()) f.state = o->state;
    return PrintList(service(), f, o->json);
  });

  CLI::App* due = apps->add_subcommand("due", "即将到期和已逾期的申请");
  due->add_option("--unit", o->unit, "单位名称或编号");
  due->add_flag("--json", o->json, "输出 JSON");
  cli.OnRun(due, [o, service](AppContext&) {
    for (const char* which : {"overdue", "due_soon"}) {
      std::cout << (std::string(which) == "overdue" ? "【已逾期】\n"
                                                    : "【即将到期】\n");
      ListFilter f{.due = which};
      if (!o->unit.empty()) f.unit = o->unit;
      if (int rc = PrintList(service(), f, o->json); rc != cli::kOk) return rc;
    }
    return cli::kOk;
  });

  CLI::App* show = apps->add_subcommand("show", "一件申请的详情和期限计算过程");
  show->add_option("ID", o->id, "申请编号")->required();
  cli.OnRun(show, [o, service](AppContext&) {
    auto d = service().Get(SystemActor(), o->id);
    if (!d.ok()) return cli::Fail(d.status());
    std::cout << d->app.tracking_number << " " << StateLabel(d->app.state)
              << " " << d->unit_name << "\n申请人：" << d->app.applicant.name
              << "\n所需信息：" << d->app.description << "\n答复期限："
              << DueText(*d) << "\n";
    if (d->clock) {
      for (const std::string& line : TraceInWords(*d->clock))
        std::cout << "  " << line << "\n";
    }
    return cli::kOk;
  });

  CLI::App* imp = apps->add_subcommand(
      "import", "从 CSV 批量登记书面申请（全部成功或全部不导入）");
  imp->add_option("FILE", o->file, "CSV 文件")->required();
  cli.OnRun(imp, [o, service](AppContext&) {
    std::ifstream in(o->file, std::ios::binary);
    if (!in) return cli::Fail(absl::NotFoundError("无法读取文件 " + o->file));
    std::stringstream ss;
    ss << in.rdbuf();
    auto r = service().ImportCsv(SystemActor(), ss.str());
    if (!r.ok()) return cli::Fail(r.status());
    for (const ImportRowError& e : r->errors) {
      std::cerr << (e.row == 0 ? std::string("表头")
                               : absl::StrCat("数据第", e.row, "行"))
                << (e.column.empty() ? "" : "“" + e.column + "”列") << "："
                << e.message << "\n";
    }
    if (!r->errors.empty()) {
      std::cerr << "错误：有 " << r->errors.size()
                << " 处问题，未导入任何申请\n";
      return cli::kUsage;
    }
    for (const Submitted& s : r->created)
      std::cout << s.tracking_number << "\n";
    std::cout << "已登记 " << r->created.size() << " 件申请\n";
    return cli::kOk;
  });

  CLI::App* stats = apps->add_subcommand(
      "stats", "年度报告表三：收到和处理政府信息公开申请情况");
  stats->add_option("--year", o->year, "年份")->required();
  stats->add_option("--unit", o->unit, "单位名称或编号（默认全县）");
  cli.OnRun(stats, [o, service](AppContext&) {
    std::optional<int64_t> unit_id;
    if (!o->unit.empty()) {
      auto u = service().org().ResolveUnit(o->unit);
      if (!u.ok()) return cli::Fail(u.status());
      unit_id = u->id;
    }
    auto t = service().Statistics(SystemActor(), o->year, unit_id);
    if (!t.ok()) return cli::Fail(t.status());
    std::cout << "\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其"
                 "他\t总计\n";
    auto line = [](absl::string_view label, const Table3::Counts& c) {
      std::cout << label << "\t" << absl::StrJoin(c, "\t") << "\n";
    };
    line("一、本年新收", t->new_received);
    line("二、上年结转", t->carried_in);
    for (int r = 0; r < kResultRowCount; ++r) {
      ResultRow rr = static_cast<ResultRow>(r);
      const bool own_group = ResultRowLabel(rr).substr(0, 3) == "（";
      line(own_group
               ? ResultRowLabel(rr)
               : absl::StrCat(ResultRowGroup(rr), " ", ResultRowLabel(rr)),
           t->results[r]);
    }
    line("（七）总计", t->concluded);
    line("四、结转下年度", t->carried_out);
    std::cout << (t->Balanced() ? "勾稽关系：一+二=三(七)+四，成立\n"
                                : "勾稽关系不成立！\n");
    return t->Balanced() ? cli::kOk : cli::kFailure;
  });

  CLI::App* fee = apps->add_subcommand("fee", "计算信息处理费（显示计算过程）");
  fee->add_option("ID", o->id, "申请编号")->required();
  fee->add_option("--mode", o->mode,
                  "per_application（按件）或 per_page（按量）");
  fee->add_option("--pages", o->pages, "按量计收的页数");
  cli.OnRun(fee, [o, service](AppContext&) {
    std::optional<FeeMode> mode = ParseFeeMode(o->mode);
    if (!mode)
      return cli::Fail(absl::InvalidArgumentError(
          "--mode 只能是 per_application 或 per_page"));
    auto q = service().QuoteFee(o->id, *mode, o->pages);
    if (!q.ok()) return cli::Fail(q.status());
    for (const std::string& line : q->working) std::cout << line << "\n";
    return cli::kOk;
  });

  // Generated applications (see generate.h), beside publishing's
  // `dev generate`, which cannot reach this module.
  std::vector<CLI::App*> found = cli.root().get_subcommands(
      [](CLI::App* sub) { return sub->get_name() == "dev"; });
  CLI::App* dev = found.empty()
                      ? cli.root().add_subcommand("dev", "开发与测试工具")
                      : found.front();
  CLI::App* gen =
      dev->add_subcommand("applications", "生成模拟依申请公开申请（近两年）");
  gen->add_option("--count", o->gen_count, "件数")
      ->required()
      ->check(CLI::Range(int64_t{1}, int64_t{1'000'000}));
  gen->add_option("--seed", o->gen_seed, "随机种子");
  cli.OnRun(gen, [o, service](AppContext& ctx) {
    GenerateOptions g{
        .count = o->gen_count, .seed = o->gen_seed, .to = Today(ctx.clock)};
    g.progress = [](int64_t done, int64_t total) {
      if (done % 100 == 0 || done == total)
        std::cerr << "\r生成中 " << done << "/" << total << std::flush;
    };
    auto n = GenerateApplications(service(), g);
    std::cerr << "\n";
    if (!n.ok()) return cli::Fail(n.status());
    std::cout << "已生成 " << *n << " 件申请\n";
    return cli::kOk;
  });
}

}  // namespace zwgk::applications
