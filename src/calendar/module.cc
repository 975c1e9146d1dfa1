#include "calendar/module.h"

#include "calendar/cli.h"
#include "calendar/http.h"

namespace zwgk::calendar {

absl::Status CalendarModule::Start(AppContext& ctx) {
  service_ = std::make_unique<Service>(ctx.db, ctx.clock);
  view_ = &ctx.view;
  return absl::OkStatus();
}

void CalendarModule::RegisterRoutes(web::Router& router) {
  calendar::RegisterRoutes(router, *service_, *view_);
}

void CalendarModule::RegisterCli(CliRegistry& cli) {
  calendar::RegisterCli(cli, [this]() -> Service& { return *service_; });
}

}  // namespace zwgk::calendar
