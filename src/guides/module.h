#ifndef ZWGK_GUIDES_MODULE_H_
#define ZWGK_GUIDES_MODULE_H_

#include <memory>

#include "app/module.h"
#include "catalog/module.h"
#include "guides/service.h"
#include "org/module.h"

namespace zwgk::guides {

// 办事指南 and the 办事一本通: uses org (units, towns) and catalog (domains,
// the catalog's 办事指南 items).
class GuidesModule final : public Module {
 public:
  GuidesModule(org::OrgModule& org, catalog::CatalogModule& catalog)
      : org_(org), catalog_(catalog) {}
  absl::string_view name() const override { return "guides"; }
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  void RegisterCli(CliRegistry& cli) override;
  std::vector<std::pair<std::string, std::string>> NavItems() const override {
    return {{"办事服务", "/services"}};
  }
  std::vector<AdminLink> AdminLinks() const override {
    return {{"办事指南", "/admin/guides", /*admin_only=*/false}};
  }
  // Valid after Start.
  Service& service() { return *service_; }

 private:
  org::OrgModule& org_;
  catalog::CatalogModule& catalog_;
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
  std::string public_base_url_;
};

}  // namespace zwgk::guides

#endif  // ZWGK_GUIDES_MODULE_H_
