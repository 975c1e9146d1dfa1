#include "privacy/module.h"

#include "privacy/cli.h"
#include "privacy/http.h"

namespace zwgk::privacy {

absl::Status PrivacyModule::Start(AppContext& ctx) {
  service_ = std::make_unique<Service>(ctx.db, ctx.clock, org_.service(),
                                       publishing_.service());
  view_ = &ctx.view;
  return absl::OkStatus();
}

void PrivacyModule::RegisterRoutes(web::Router& router) {
  privacy::RegisterRoutes(router, *service_, *view_);
}

void PrivacyModule::RegisterCli(CliRegistry& cli) {
  privacy::RegisterCli(cli, [this]() -> Service& { return *service_; });
}

}  // namespace zwgk::privacy
