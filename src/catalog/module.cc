#include "catalog/module.h"

#include "catalog/cli.h"
#include "catalog/http.h"

namespace zwgk::catalog {

absl::Status CatalogModule::Start(AppContext& ctx) {
  service_ = std::make_unique<Service>(ctx.db, ctx.clock, org_.service());
  view_ = &ctx.view;
  Service* s = service_.get();
  org::Service& o = org_.service();
  const View* v = view_;
  org_.AddDomainSection(
      [s, &o, v](const web::Request& req, const org::Domain& d) {
        return DomainSection(*s, o, *v, req, d);
      });
  return absl::OkStatus();
}

void CatalogModule::RegisterRoutes(web::Router& router) {
  catalog::RegisterRoutes(router, *service_, org_.service(), *view_);
}

void CatalogModule::RegisterCli(CliRegistry& cli) {
  catalog::RegisterCli(
      cli, [this]() -> Service& { return *service_; },
      [this]() -> org::Service& { return org_.service(); });
}

}  // namespace zwgk::catalog
