#include "publishing/module.h"

#include "publishing/cli.h"
#include "publishing/http.h"

namespace zwgk::publishing {

absl::Status PublishingModule::Start(AppContext& ctx) {
  service_ = std::make_unique<Service>(
      ctx.db, ctx.clock, org_.service(), catalog_.service(),
      calendar_.service(), ServiceOptions{.data_dir = ctx.config.data_dir});
  view_ = &ctx.view;
  public_base_url_ = ctx.config.public_base_url;
  Service* s = service_.get();
  const View* v = view_;
  org_.AddDomainSection([s, v](const web::Request& req, const org::Domain& d) {
    return DomainSection(*s, *v, req, d);
  });
  calendar_.service().AddRecomputer(
      "publishing",
      [s](const calendar::Calendar& cal) { return s->Recompute(cal); });
  return absl::OkStatus();
}

void PublishingModule::RegisterRoutes(web::Router& router) {
  publishing::RegisterRoutes(router, *service_, org_.service(), *view_,
                             {.public_base_url = public_base_url_});
}

void PublishingModule::RegisterCli(CliRegistry& cli) {
  publishing::RegisterCli(
      cli, [this]() -> Service& { return *service_; },
      [this]() -> org::Service& { return org_.service(); },
      [this]() -> const catalog::Service& { return catalog_.service(); });
}

}  // namespace zwgk::publishing
