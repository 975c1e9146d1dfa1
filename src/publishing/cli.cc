#include "publishing/cli.h"

#include <iostream>
#include <memory>

#include "absl/strings/str_format.h"
#include "cli/exit_codes.h"
#include "publishing/generate.h"

namespace zwgk::publishing {
namespace {

struct Options {
  int64_t records = 1000;
  uint64_t seed = 20261128;
  std::string unit, status;
  int64_t id = 0;
  int page = 1;
};

}  // namespace

void RegisterCli(CliRegistry& cli, std::function<Service&()> service,
                 std::function<org::Service&()> org,
                 std::function<const catalog::Service&()> catalog) {
  auto o = std::make_shared<Options>();
  CLI::App* rec = cli.root().add_subcommand("records", "政府信息");
  rec->require_subcommand(1);

  CLI::App* list = rec->add_subcommand("list", "列出信息（最新在前）");
  list->add_option("--unit", o->unit, "单位名称或编号");
  list->add_option("--status", o->status,
                   "draft|submitted|reviewed|published|unpublished");
  list->add_option("--page", o->page, "页码");
  cli.OnRun(list, [o, service, org](AppContext&) {
    ListQuery q{.page = o->page, .per_page = 50};
    if (!o->unit.empty()) {
      auto u = org().ResolveUnit(o->unit);
      if (!u.ok()) return cli::Fail(u.status());
      q.unit_id = u->id;
    }
    if (!o->status.empty()) {
      q.status = ParseStatus(o->status);
      if (!q.status)
        return cli::Fail(absl::InvalidArgumentError("未知状态 " + o->status));
    }
    auto page = service().ListForStaff(SystemActor(), q);
    if (!page.ok()) return cli::Fail(page.status());
    for (const Record& r : page->records) {
      std::cout << absl::StrFormat("%d\t%s\t%s\t%s\t%s\t%s\n", r.id,
                                   StatusLabel(r.status), r.index_number,
                                   r.published_on, r.unit_name, r.title);
    }
    std::cerr << absl::StrFormat("共 %d 条，第 %d/%d 页\n", page->total,
                                 page->page, page->pages());
    return 0;
  });

  CLI::App* due = rec->add_subcommand("due", "临近或超过发布时限的信息");
  cli.OnRun(due, [service](AppContext&) {
    auto due = service().Due(SystemActor());
    if (!due.ok()) return cli::Fail(due.status());
    for (const DueRecord& d : *due) {
      std::cout << absl::StrFormat(
          "%d\t%s\t%s\t%s\t%s\n", d.record.id, d.record.publish_by,
          d.state == calendar::ClockState::kOverdue
              ? absl::StrFormat("超期%d个工作日", d.overdue_by)
              : absl::StrFormat("剩余%d个工作日", d.remaining),
          d.record.unit_name, d.record.title);
    }
    return 0;
  });

  CLI::App* dev = cli.root().add_subcommand("dev", "开发与测试工具");
  dev->require_subcommand(1);
  CLI::App* gen =
      dev->add_subcommand("generate", "生成模拟政府信息（用于性能测试）");
  gen->add_option("--records", o->records, "条数")
      ->required()
      ->check(CLI::Range(int64_t{1}, int64_t{50'000'000}));
  gen->add_option("--seed", o->seed, "随机种子");
  cli.OnRun(gen, [o, org, catalog](AppContext& ctx) {
    int last_percent = -1;
    auto n = GenerateRecords(
        ctx.db, org(), catalog(),
        {.records = o->records,
         .seed = o->seed,
         .to = Today(ctx.clock),
         .progress = [&](int64_t done, int64_t total) {
           int percent = static_cast<int>(done * 100 / total);
           if (percent == last_percent) return;
           last_percent = percent;
           std::cerr << absl::StrFormat("\r生成中 %3d%%（%d/%d）", percent,
                                        done, total)
                     << std::flush;
         }});
    std::cerr << "\n";
    if (!n.ok()) return cli::Fail(n.status());
    std::cout << "已生成 " << *n << " 条信息\n";
    // Generated rows bypass the workflow (and so the search outbox).
    std::cerr << "提示：运行 zwgk search reindex 为生成的信息建立检索索引\n";
    std::cerr << "提示：运行 zwgk dev applications --count N "
                 "生成近两年的依申请公开申请\n";
    return 0;
  });
}

}  // namespace zwgk::publishing
