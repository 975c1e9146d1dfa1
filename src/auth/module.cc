#include "auth/module.h"

#include <algorithm>

#include "auth/cli.h"
#include "auth/http.h"

namespace zwgk::auth {

absl::Status AuthModule::Start(AppContext& ctx) {
  Options options{.session_idle = absl::Minutes(
                      std::max(1, ctx.config.session_idle_minutes))};
  service_ =
      std::make_unique<Service>(ctx.db, ctx.clock, org_.service(), options);
  view_ = &ctx.view;
  cookie_secure_ = ctx.config.cookie_secure;
  return absl::OkStatus();
}

void AuthModule::RegisterRoutes(web::Router& router) {
  auth::RegisterRoutes(router, *service_, *view_,
                       {.cookie_secure = cookie_secure_});
}

void AuthModule::RegisterCli(CliRegistry& cli) {
  auth::RegisterCli(cli, [this]() -> Service& { return *service_; });
  auth::RegisterAuditCli(cli);
}

std::vector<AdminLink> AuthModule::AdminLinks() const {
  return {{"用户管理", "/admin/users", /*admin_only=*/true},
          {"审计日志", "/admin/audit", /*admin_only=*/true},
          {"修改密码", "/admin/password"}};
}

}  // namespace zwgk::auth
