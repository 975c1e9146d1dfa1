#include "supervision/cli.h"

#include <iostream>
#include <memory>
#include <string>

#include "cli/exit_codes.h"
#include "core/date.h"

namespace zwgk::supervision {

void RegisterCli(CliRegistry& cli, std::function<Service&()> service) {
  auto as_of = std::make_shared<std::string>();
  CLI::App* tasks =
      cli.root().add_subcommand("supervision", "附件3工作任务督办");
  tasks->require_subcommand(1);

  CLI::App* list =
      tasks->add_subcommand("tasks", "列出工作任务及其状态（制表符分隔）");
  cli.OnRun(list, [service](AppContext&) {
    auto all = service().ListTasks(SystemActor());
    if (!all.ok()) return cli::Fail(all.status());
    for (const TaskSummary& s : *all) {
      std::cout << s.task.id << "\t" << (s.task.seq ? *s.task.seq : 0) << "\t"
                << TaskStateLabel(s.state) << "\t" << s.done << "/" << s.total
                << "\t" << s.task.title << "\n";
    }
    return cli::kOk;
  });

  CLI::App* by_unit = tasks->add_subcommand(
      "by-unit", "各单位负责任务按状态计数：逾期、推进中、已完成、未开始");
  by_unit->add_option("--as-of", *as_of, "日期 YYYY-MM-DD（默认今天）");
  cli.OnRun(by_unit, [service, as_of](AppContext& ctx) {
    absl::CivilDay day = Today(ctx.clock);
    if (!as_of->empty()) {
      auto parsed = ParseDate(*as_of);
      if (!parsed.ok()) return cli::Fail(parsed.status());
      day = *parsed;
    }
    auto counts = service().CountsByUnit(day);
    if (!counts.ok()) return cli::Fail(counts.status());
    for (const UnitTaskCounts& c : *counts) {
      std::cout << c.unit_name << "\t" << c.overdue << "\t" << c.in_progress
                << "\t" << c.done << "\t" << c.not_started << "\n";
    }
    return cli::kOk;
  });
}

}  // namespace zwgk::supervision
