#include "villages/module.h"

#include "villages/cli.h"
#include "villages/http.h"

namespace zwgk::villages {

absl::Status VillagesModule::Start(AppContext& ctx) {
  service_ = std::make_unique<Service>(
      ctx.db, ctx.clock, org_.service(), calendar_.service(),
      ServiceOptions{.data_dir = ctx.config.data_dir});
  view_ = &ctx.view;
  return absl::OkStatus();
}

void VillagesModule::RegisterRoutes(web::Router& router) {
  villages::RegisterRoutes(router, *service_, *view_);
}

void VillagesModule::RegisterCli(CliRegistry& cli) {
  villages::RegisterCli(cli, [this]() -> Service& { return *service_; });
}

}  // namespace zwgk::villages
