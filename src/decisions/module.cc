#include "decisions/module.h"

#include "decisions/cli.h"
#include "decisions/http.h"

namespace zwgk::decisions {

absl::Status DecisionsModule::Start(AppContext& ctx) {
  service_ = std::make_unique<Service>(
      ctx.db, ctx.clock, org_.service(), publishing_.service(),
      ServiceOptions{.data_dir = ctx.config.data_dir});
  view_ = &ctx.view;
  return absl::OkStatus();
}

void DecisionsModule::RegisterRoutes(web::Router& router) {
  decisions::RegisterRoutes(router, *service_, *view_);
}

void DecisionsModule::RegisterCli(CliRegistry& cli) {
  decisions::RegisterCli(cli, [this]() -> Service& { return *service_; });
}

}  // namespace zwgk::decisions
