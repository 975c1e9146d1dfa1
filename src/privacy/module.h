#ifndef ZWGK_PRIVACY_MODULE_H_
#define ZWGK_PRIVACY_MODULE_H_

#include <memory>

#include "app/module.h"
#include "org/module.h"
#include "privacy/service.h"
#include "publishing/module.h"

namespace zwgk::privacy {

// 保密审查 across the site (issue 18): `zwgk privacy scan`, the office page of
// personal data already published, the dashboard count.
class PrivacyModule final : public Module {
 public:
  PrivacyModule(org::OrgModule& org, publishing::PublishingModule& publishing)
      : org_(org), publishing_(publishing) {}
  absl::string_view name() const override { return "privacy"; }
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  void RegisterCli(CliRegistry& cli) override;
  std::vector<AdminLink> AdminLinks() const override {
    return {{"个人信息检查", "/admin/privacy", /*admin_only=*/false}};
  }
  // Valid after Start.
  Service& service() { return *service_; }

 private:
  org::OrgModule& org_;
  publishing::PublishingModule& publishing_;
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
};

}  // namespace zwgk::privacy

#endif  // ZWGK_PRIVACY_MODULE_H_
