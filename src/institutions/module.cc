#include "institutions/module.h"

#include "institutions/http.h"

namespace zwgk::institutions {

absl::Status InstitutionsModule::Start(AppContext& ctx) {
  service_ = std::make_unique<Service>(ctx.db, ctx.clock, org_.service());
  view_ = &ctx.view;
  return absl::OkStatus();
}

void InstitutionsModule::RegisterRoutes(web::Router& router) {
  institutions::RegisterRoutes(router, *service_, *view_);
}

}  // namespace zwgk::institutions
