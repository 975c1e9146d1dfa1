#ifndef ZWGK_POWERS_MODULE_H_
#define ZWGK_POWERS_MODULE_H_

#include <memory>

#include "app/module.h"
#include "catalog/module.h"
#include "org/module.h"
#include "powers/service.h"
#include "publishing/module.h"

namespace zwgk::powers {

// 公开属性 inventory (issue 23): a unit's 权责清单 with the 公开属性 of the
// information each stage produces, records drafted from a stage, coverage,
// and the public 公开属性清单.
class PowersModule final : public Module {
 public:
  PowersModule(org::OrgModule& org, catalog::CatalogModule& catalog,
               publishing::PublishingModule& publishing)
      : org_(org), catalog_(catalog), publishing_(publishing) {}
  absl::string_view name() const override { return "powers"; }
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  std::vector<AdminLink> AdminLinks() const override {
    return {{"公开属性清单", "/admin/powers", /*admin_only=*/false}};
  }
  // Valid after Start.
  Service& service() { return *service_; }

 private:
  org::OrgModule& org_;
  catalog::CatalogModule& catalog_;
  publishing::PublishingModule& publishing_;
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
};

}  // namespace zwgk::powers

#endif  // ZWGK_POWERS_MODULE_H_
