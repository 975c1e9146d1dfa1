#include "applications/module.h"

#include "applications/cli.h"

namespace zwgk::applications {

absl::Status ApplicationsModule::Start(AppContext& ctx) {
  service_ = std::make_unique<Service>(
      ctx.db, ctx.clock, org_.service(), calendar_.service(),
      ServiceOptions{.data_dir = ctx.config.data_dir});
  view_ = &ctx.view;
  if (finder_) service_->SetRecordFinder(finder_);
  Service* s = service_.get();
  // Due dates follow every calendar change (imports, local closures).
  calendar_.service().AddRecomputer(
      "applications",
      [s](const calendar::Calendar& cal) { return s->Recompute(cal); });
  return absl::OkStatus();
}

void ApplicationsModule::RegisterRoutes(web::Router& router) {
  applications::RegisterRoutes(router, *service_, *view_, http_);
}

void ApplicationsModule::RegisterCli(CliRegistry& cli) {
  applications::RegisterCli(cli, [this]() -> Service& { return *service_; });
}

}  // namespace zwgk::applications
