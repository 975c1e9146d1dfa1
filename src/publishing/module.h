#ifndef ZWGK_PUBLISHING_MODULE_H_
#define ZWGK_PUBLISHING_MODULE_H_

#include <memory>

#include "app/module.h"
#include "calendar/module.h"
#include "catalog/module.h"
#include "org/module.h"
#include "publishing/service.h"

namespace zwgk::publishing {

class PublishingModule final : public Module {
 public:
  PublishingModule(org::OrgModule& org, calendar::CalendarModule& calendar,
                   catalog::CatalogModule& catalog)
      : org_(org), calendar_(calendar), catalog_(catalog) {}
  absl::string_view name() const override { return "publishing"; }
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  void RegisterCli(CliRegistry& cli) override;
  absl::Status Seed() override { return service_->Seed(); }
  std::vector<std::pair<std::string, std::string>> NavItems() const override {
    return {{"政府信息公开", "/xxgk"}, {"信息公开目录", "/records"}};
  }
  std::vector<AdminLink> AdminLinks() const override {
    return {{"信息发布", "/admin/records"},
            {"公开指南与制度", "/admin/pages", /*admin_only=*/true},
            {"索引号与体裁", "/admin/publishing", /*admin_only=*/true}};
  }
  Service& service() { return *service_; }

 private:
  org::OrgModule& org_;
  calendar::CalendarModule& calendar_;
  catalog::CatalogModule& catalog_;
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
  std::string public_base_url_;
};

}  // namespace zwgk::publishing

#endif  // ZWGK_PUBLISHING_MODULE_H_
