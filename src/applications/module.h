#ifndef ZWGK_APPLICATIONS_MODULE_H_
#define ZWGK_APPLICATIONS_MODULE_H_

#include <memory>

#include "app/module.h"
#include "applications/http.h"
#include "applications/service.h"
#include "calendar/module.h"
#include "org/module.h"

namespace zwgk::applications {

class ApplicationsModule final : public Module {
 public:
  ApplicationsModule(org::OrgModule& org, calendar::CalendarModule& calendar,
                     HttpOptions http = {})
      : org_(org), calendar_(calendar), http_(http) {}
  absl::string_view name() const override { return "applications"; }
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  void RegisterCli(CliRegistry& cli) override;
  std::vector<std::pair<std::string, std::string>> NavItems() const override {
    return {{"依申请公开", "/apply"}};
  }
  std::vector<AdminLink> AdminLinks() const override {
    return {{"依申请公开", "/admin/applications"}};
  }
  // Valid after Start.
  Service& service() { return *service_; }
  // The search of published records behind the form's "already published"
  // step (Art 36(一)); set by the app before Start.
  void UseRecordFinder(RecordFinder finder) { finder_ = std::move(finder); }

 private:
  org::OrgModule& org_;
  calendar::CalendarModule& calendar_;
  HttpOptions http_;
  RecordFinder finder_;
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
};

}  // namespace zwgk::applications

#endif  // ZWGK_APPLICATIONS_MODULE_H_
