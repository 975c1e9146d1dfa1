#include "compliance/module.h"

#include "compliance/cli.h"
#include "compliance/http.h"

namespace zwgk::compliance {

absl::Status ComplianceModule::Start(AppContext& ctx) {
  participation_ = std::make_unique<ParticipationFromModules>(
      publishing_.service(), messages_.service(), decisions_.service());
  service_ = std::make_unique<Service>(
      ctx.db, ctx.clock, org_.service(), calendar_.service(),
      publishing_.service(), applications_.service(), reports_.service(),
      supervision_.service(), participation_.get(), ServiceOptions{},
      &guides_.service(), &villages_.service(), &columns_.service(),
      &concerns_.service(), &institutions_.service());
  view_ = &ctx.view;
  return absl::OkStatus();
}

void ComplianceModule::RegisterRoutes(web::Router& router) {
  compliance::RegisterRoutes(router, *service_, *view_);
}

void ComplianceModule::RegisterCli(CliRegistry& cli) {
  compliance::RegisterCli(cli, [this]() -> Service& { return *service_; });
}

}  // namespace zwgk::compliance
