#include "calendar/module.h"

#include "absl/strings/str_cat.h"
#include "calendar/cli.h"
#include "calendar/http.h"

namespace zwgk::calendar {

absl::Status CalendarModule::Start(AppContext& ctx) {
  service_ = std::make_unique<Service>(ctx.db, ctx.clock);
  view_ = &ctx.view;
  clock_ = &ctx.clock;
  return absl::OkStatus();
}

std::vector<AdminTask> CalendarModule::AdminTasks() {
  std::vector<AdminTask> out;
  int current = static_cast<int>(Today(*clock_).year());
  for (const Warning& w : service_->MissingYears()) {
    out.push_back({.text = MissingNoticeTask(w.year, current),
                   .detail = absl::StrCat(
                       "，落在", w.year,
                       "年的期限暂按周末推算（标为“暂估”）。"
                       "国务院办公厅通知发布后请载入，期限将自动重算。"),
                   .url = absl::StrCat("/admin/calendar/notice?year=", w.year),
                   .action = absl::StrCat("载入", w.year, "年节假日安排")});
  }
  return out;
}

void CalendarModule::RegisterRoutes(web::Router& router) {
  calendar::RegisterRoutes(router, *service_, *view_);
}

void CalendarModule::RegisterCli(CliRegistry& cli) {
  calendar::RegisterCli(cli, [this]() -> Service& { return *service_; });
}

}  // namespace zwgk::calendar
