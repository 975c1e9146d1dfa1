#include "reports/module.h"

#include "absl/strings/str_cat.h"
#include "reports/cli.h"
#include "reports/http.h"

namespace zwgk::reports {

absl::Status ReportsModule::Start(AppContext& ctx) {
  service_ = std::make_unique<Service>(
      ctx.db, ctx.clock, org_.service(), applications_.service(),
      publishing_.service(), ServiceOptions{}, &concerns_.service(),
      &powers_.service());
  view_ = &ctx.view;
  return absl::OkStatus();
}

std::vector<AdminTask> ReportsModule::AdminTasks() {
  if (!service_) return {};
  absl::StatusOr<std::vector<DueReport>> due =
      service_->Due(Today(service_->clock()));
  if (!due.ok() || due->empty()) return {};
  int overdue = 0;
  for (const DueReport& d : *due) overdue += d.overdue ? 1 : 0;
  if (overdue == 0) return {};
  const int year = due->front().year;
  return {{.text = absl::StrCat(year, "年度报告有", overdue, "份逾期未公布"),
           .detail = "各单位应于1月31日前、县人民政府应于3月31日前公布上一年度"
                     "政府信息公开工作年度报告。",
           .url = absl::StrCat("/admin/reports?year=", year),
           .action = "查看年报进度"}};
}

void ReportsModule::RegisterRoutes(web::Router& router) {
  reports::RegisterRoutes(router, *service_, *view_);
}

void ReportsModule::RegisterCli(CliRegistry& cli) {
  reports::RegisterCli(cli, [this]() -> Service& { return *service_; });
}

}  // namespace zwgk::reports
