#include "guides/module.h"

#include "guides/cli.h"
#include "guides/http.h"

namespace zwgk::guides {

absl::Status GuidesModule::Start(AppContext& ctx) {
  service_ = std::make_unique<Service>(
      ctx.db, ctx.clock, org_.service(), catalog_.service(),
      ServiceOptions{.data_dir = ctx.config.data_dir});
  view_ = &ctx.view;
  public_base_url_ = ctx.config.public_base_url;
  return absl::OkStatus();
}

void GuidesModule::RegisterRoutes(web::Router& router) {
  guides::RegisterRoutes(router, *service_, *view_,
                         {.public_base_url = public_base_url_});
}

void GuidesModule::RegisterCli(CliRegistry& cli) {
  guides::RegisterCli(cli, [this]() -> Service& { return *service_; });
}

}  // namespace zwgk::guides
