#ifndef ZWGK_APPLICATIONS_MODULE_H_
#define ZWGK_APPLICATIONS_MODULE_H_

#include <memory>

#include "app/module.h"
#include "applications/http.h"
#include "applications/service.h"
#include "calendar/module.h"
#include "org/module.h"
#include "search/module.h"

namespace zwgk::applications {

class ApplicationsModule final : public Module {
 public:
  // The form first shows published records that may already answer the
  // request (Art 36(一)): found with `search`.
  ApplicationsModule(org::OrgModule& org, calendar::CalendarModule& calendar,
                     search::SearchModule& search, HttpOptions http = {})
      : org_(org), calendar_(calendar), search_(search), http_(http) {}
  absl::string_view name() const override { return "applications"; }
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  void RegisterCli(CliRegistry& cli) override;
  // Open applications overdue and due within 3 working days (/metrics).
  std::vector<MetricSample> Gauges() override;
  std::vector<std::pair<std::string, std::string>> NavItems() const override {
    return {{"依申请公开", "/apply"}};
  }
  std::vector<AdminLink> AdminLinks() const override {
    return {{"依申请公开", "/admin/applications"}};
  }
  // Valid after Start.
  Service& service() { return *service_; }

 private:
  org::OrgModule& org_;
  calendar::CalendarModule& calendar_;
  search::SearchModule& search_;
  HttpOptions http_;
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
};

}  // namespace zwgk::applications

#endif  // ZWGK_APPLICATIONS_MODULE_H_
