#include "columns/cli.h"

#include <iostream>
#include <memory>
#include <string>

#include "cli/exit_codes.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/status.h"

namespace zwgk::columns {
namespace {

struct ListFlags {
  std::string as_of;
};

}  // namespace

void RegisterCli(CliRegistry& cli, std::function<Service&()> service) {
  CLI::App* root = cli.root().add_subcommand("columns", "栏目与更新要求");
  root->require_subcommand(1);

  auto flags = std::make_shared<ListFlags>();
  CLI::App* list = root->add_subcommand(
      "list",
      "列出栏目及其状态（制表符分隔：标识、名称、类型、更新周期天数、状态、"
      "信息数、最近更新、距今天数、链接、是否方案要求），末尾为单项否决统计");
  list->add_option("--as-of", flags->as_of, "统计日期 YYYY-MM-DD（默认今天）");
  cli.OnRun(list, [service, flags](AppContext& ctx) {
    std::string as_of = flags->as_of;
    if (as_of.empty()) as_of = FormatDate(Today(ctx.clock));
    auto rows = service().List(as_of);
    if (!rows.ok()) return cli::Fail(rows.status());
    for (const ColumnStatus& s : *rows) {
      std::cout << s.column.key << "\t" << s.column.name << "\t"
                << ColumnTypeLabel(s.column.type) << "\t"
                << s.column.update_days << "\t" << ColumnStateLabel(s.state)
                << "\t" << s.items << "\t"
                << (s.last_updated_on.empty() ? "—" : s.last_updated_on) << "\t"
                << s.days_since_update << "\t" << s.column.url << "\t"
                << (s.column.required ? "方案要求" : "—") << "\n";
    }
    const VetoCounts v = CountVetoes(*rows);
    std::cout << "超期未更新 " << v.stale << " 个（动态/通知公告/政策文件类 "
              << v.stale_a3_a4 << " 个）"
              << (v.stale_veto ? "，达到单项否决" : "") << "；空白栏目 "
              << v.blank << " 个" << (v.blank_veto ? "，达到单项否决" : "")
              << "\n";
    return cli::kOk;
  });
}

}  // namespace zwgk::columns
