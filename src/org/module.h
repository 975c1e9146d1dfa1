#ifndef ZWGK_ORG_MODULE_H_
#define ZWGK_ORG_MODULE_H_

#include <memory>

#include "app/module.h"
#include "org/http.h"
#include "org/service.h"

namespace zwgk::org {

class OrgModule final : public Module {
 public:
  absl::string_view name() const override { return "org"; }
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  absl::Status Seed() override { return service_->Seed(); }
  std::vector<std::pair<std::string, std::string>> NavItems() const override {
    return {{"首页", "/"}, {"试点领域", "/#domains"}, {"机构职能", "/units"}};
  }
  std::vector<AdminLink> AdminLinks() const override {
    return {{"单位与领域", "/admin/org", /*admin_only=*/true},
            {"网站标识信息", "/admin/site", /*admin_only=*/true},
            {"概况信息", "/admin/profile", /*admin_only=*/false}};
  }
  void AddSiteContext(nlohmann::json& site) override;

  // Valid after Start.
  Service& service() { return *service_; }
  // Adds a section to every domain page (before the server starts).
  void AddDomainSection(DomainSection section) {
    sections_.push_back(std::move(section));
  }
  // Adds a block to the home page (before the server starts).
  void AddHomeSection(HomeSection section) {
    home_sections_.push_back(std::move(section));
  }

 private:
  std::unique_ptr<Service> service_;
  std::vector<DomainSection> sections_;
  std::vector<HomeSection> home_sections_;
  const View* view_ = nullptr;
};

}  // namespace zwgk::org

#endif  // ZWGK_ORG_MODULE_H_
