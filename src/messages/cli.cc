#include "messages/cli.h"

#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_format.h"
#include "cli/exit_codes.h"
#include "core/date.h"
#include "core/status.h"

namespace zwgk::messages {
namespace {

// Flags of `messages list`.
struct ListFlags {
  std::string state, unit;
};

}  // namespace

void RegisterCli(CliRegistry& cli, std::function<Service&()> service) {
  CLI::App* root = cli.root().add_subcommand("messages", "政民互动留言");
  root->require_subcommand(1);

  auto flags = std::make_shared<ListFlags>();
  CLI::App* list = root->add_subcommand(
      "list", "列出留言（制表符分隔：编号、查询号、状态、单位、期限、标题）");
  list->add_option("--state", flags->state,
                   "状态：unrouted 待分办 | handling 办理中 | reviewing 待审核 "
                   "| replied 已答复");
  list->add_option("--unit", flags->unit, "单位 id 或名称");
  cli.OnRun(list, [service, flags](AppContext&) {
    ListFilter f{.limit = 500};
    if (!flags->state.empty()) {
      f.state = ParseState(flags->state);
      if (!f.state)
        return cli::Fail(InvalidFields(
            "筛选条件有误",
            {{"state",
              "状态只能是 unrouted、handling、reviewing 或 replied"}}));
    }
    if (!flags->unit.empty()) {
      auto u = service().org().ResolveUnit(flags->unit);
      if (!u.ok()) return cli::Fail(u.status());
      f.unit_id = u->id;
    }
    auto rows = service().List(SystemActor(), f);
    if (!rows.ok()) return cli::Fail(rows.status());
    for (const MessageView& v : *rows) {
      const Message& m = v.message;
      std::cout << m.id << "\t" << m.tracking_number << "\t"
                << StateLabel(m.state) << "\t"
                << (m.unit_id ? m.unit_name : "（待分办）") << "\t"
                << FormatDate(m.due_on) << "\t" << TimelinessLabel(v.timeliness)
                << "\t" << m.title << "\n";
    }
    return cli::kOk;
  });

  auto as_of = std::make_shared<std::string>();
  CLI::App* overdue = root->add_subcommand(
      "overdue",
      "超期未答复、临近三个月未答复和本年超期答复的留言（按单位排列）");
  overdue->add_option("--as-of", *as_of, "日期 YYYY-MM-DD（默认今天）");
  cli.OnRun(overdue, [service, as_of](AppContext& ctx) {
    absl::CivilDay day = Today(ctx.clock);
    if (!as_of->empty()) {
      auto parsed = ParseDate(*as_of);
      if (!parsed.ok()) return cli::Fail(parsed.status());
      day = *parsed;
    }
    auto rows = service().Unanswered(day, std::nullopt);
    if (!rows.ok()) return cli::Fail(rows.status());
    std::map<int64_t, std::string> units = {{0, "（待分办）"}};
    if (auto all = service().org().ListUnits({.include_retired = true});
        all.ok()) {
      for (const org::Unit& u : *all) units[u.id] = u.name;
    }
    for (const UnansweredMessage& u : *rows) {
      std::string what = u.overdue ? "超期未答复" : "";
      if (u.near_three_month_line)
        what = what.empty() ? "临近三个月" : what + "，临近三个月";
      if (what.empty()) what = "超期答复";
      std::cout << units[u.unit_id] << "\t" << u.tracking_number << "\t"
                << FormatDate(u.due_on) << "\t" << what << "\t" << u.title
                << "\n";
    }
    return cli::kOk;
  });

  auto year = std::make_shared<int>(0);
  CLI::App* stats = root->add_subcommand(
      "stats", "按月统计：收到、答复、按时答复、平均答复工作日");
  stats->add_option("--year", *year, "年份")->required();
  cli.OnRun(stats, [service, year](AppContext&) {
    auto months = service().MonthlyStats(*year);
    if (!months.ok()) return cli::Fail(months.status());
    std::cout << "月份\t收到\t答复\t按时答复\t平均答复工作日\n";
    for (const MonthStats& s : *months) {
      std::cout << absl::StrFormat("%04d-%02d\t%d\t%d\t%d\t%.1f\n", s.year,
                                   s.month, s.received, s.answered, s.on_time,
                                   s.average_working_days);
    }
    return cli::kOk;
  });
}

}  // namespace zwgk::messages
