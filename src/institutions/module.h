#ifndef ZWGK_INSTITUTIONS_MODULE_H_
#define ZWGK_INSTITUTIONS_MODULE_H_

#include <memory>

#include "app/module.h"
#include "institutions/service.h"
#include "org/module.h"

namespace zwgk::institutions {

// 公共企事业单位办事公开 (issue 23): institutions under their supervising
// departments, their standard sections, the sector templates, the public
// directory.
class InstitutionsModule final : public Module {
 public:
  explicit InstitutionsModule(org::OrgModule& org) : org_(org) {}
  absl::string_view name() const override { return "institutions"; }
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  std::vector<std::pair<std::string, std::string>> NavItems() const override {
    return {{"办事公开", "/institutions"}};
  }
  std::vector<AdminLink> AdminLinks() const override {
    return {{"公共企事业单位", "/admin/institutions", /*admin_only=*/false}};
  }
  // Valid after Start.
  Service& service() { return *service_; }

 private:
  org::OrgModule& org_;
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
};

}  // namespace zwgk::institutions

#endif  // ZWGK_INSTITUTIONS_MODULE_H_
