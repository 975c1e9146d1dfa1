// The auth module's manifest: accounts, sessions, the CSRF/session hooks,
// the admin pages for users and the audit log, and `zwgk user|token`.
#ifndef ZWGK_AUTH_MODULE_H_
#define ZWGK_AUTH_MODULE_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/module.h"
#include "auth/service.h"
#include "org/module.h"

namespace zwgk::auth {

class AuthModule final : public Module {
 public:
  explicit AuthModule(org::OrgModule& org) : org_(org) {}

  absl::string_view name() const override { return "auth"; }
  absl::Status Start(AppContext& ctx) override;
  // Installs the hooks (principal, CSRF, cookies) and the routes.
  void RegisterRoutes(web::Router& router) override;
  void RegisterCli(CliRegistry& cli) override;
  std::vector<AdminLink> AdminLinks() const override;

  // Valid after Start.
  Service& service() { return *service_; }

 private:
  org::OrgModule& org_;
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
  bool cookie_secure_ = false;
};

}  // namespace zwgk::auth

#endif  // ZWGK_AUTH_MODULE_H_
