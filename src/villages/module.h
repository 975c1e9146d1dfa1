#ifndef ZWGK_VILLAGES_MODULE_H_
#define ZWGK_VILLAGES_MODULE_H_

#include <memory>

#include "app/module.h"
#include "calendar/module.h"
#include "org/module.h"
#include "villages/service.h"

namespace zwgk::villages {

// 村务公开 / 居务公开: postings of villages and communities, their due days
// on the county calendar, the notice-board PDF and the board photo.
class VillagesModule final : public Module {
 public:
  VillagesModule(org::OrgModule& org, calendar::CalendarModule& calendar)
      : org_(org), calendar_(calendar) {}
  absl::string_view name() const override { return "villages"; }
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  void RegisterCli(CliRegistry& cli) override;
  std::vector<std::pair<std::string, std::string>> NavItems() const override {
    return {{"村务公开", "/villages"}};
  }
  std::vector<AdminLink> AdminLinks() const override {
    return {{"村务公开", "/admin/villages", /*admin_only=*/false}};
  }
  // Valid after Start.
  Service& service() { return *service_; }

 private:
  org::OrgModule& org_;
  calendar::CalendarModule& calendar_;
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
};

}  // namespace zwgk::villages

#endif  // ZWGK_VILLAGES_MODULE_H_
