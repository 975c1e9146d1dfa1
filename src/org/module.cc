#include "org/module.h"

#include "org/http.h"

namespace zwgk::org {

absl::Status OrgModule::Start(AppContext& ctx) {
  service_ = std::make_unique<Service>(ctx.db, ctx.clock);
  view_ = &ctx.view;
  return absl::OkStatus();
}

void OrgModule::RegisterRoutes(web::Router& router) {
  org::RegisterRoutes(router, *service_, *view_, &sections_);
}

}  // namespace zwgk::org
