#ifndef ZWGK_CATALOG_MODULE_H_
#define ZWGK_CATALOG_MODULE_H_

#include <functional>
#include <memory>

#include "app/module.h"
#include "catalog/service.h"
#include "org/module.h"

namespace zwgk::catalog {

class CatalogModule final : public Module {
 public:
  explicit CatalogModule(org::OrgModule& org) : org_(org) {}
  absl::string_view name() const override { return "catalog"; }
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  void RegisterCli(CliRegistry& cli) override;
  absl::Status Seed() override { return service_->Seed(); }
  std::vector<AdminLink> AdminLinks() const override {
    return {{"标准目录", "/admin/catalog"}};
  }
  Service& service() { return *service_; }

 private:
  org::OrgModule& org_;
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
};

}  // namespace zwgk::catalog

#endif  // ZWGK_CATALOG_MODULE_H_
