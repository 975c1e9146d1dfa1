#include "powers/module.h"

#include "powers/http.h"

namespace zwgk::powers {

absl::Status PowersModule::Start(AppContext& ctx) {
  service_ =
      std::make_unique<Service>(ctx.db, ctx.clock, org_.service(),
                                catalog_.service(), publishing_.service());
  view_ = &ctx.view;
  return absl::OkStatus();
}

void PowersModule::RegisterRoutes(web::Router& router) {
  powers::RegisterRoutes(router, *service_, publishing_.service(), *view_);
}

}  // namespace zwgk::powers
