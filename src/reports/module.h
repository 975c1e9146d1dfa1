#ifndef ZWGK_REPORTS_MODULE_H_
#define ZWGK_REPORTS_MODULE_H_

#include <memory>

#include "app/module.h"
#include "applications/module.h"
#include "concerns/module.h"
#include "org/module.h"
#include "powers/module.h"
#include "publishing/module.h"
#include "reports/service.h"

namespace zwgk::reports {

// 年报: Table 三 from applications, Table 二 (一) from publishing's records,
// published reports as 年报 records through publishing.
class ReportsModule final : public Module {
 public:
  ReportsModule(org::OrgModule& org, publishing::PublishingModule& publishing,
                applications::ApplicationsModule& applications,
                concerns::ConcernsModule& concerns,
                powers::PowersModule& powers)
      : org_(org),
        publishing_(publishing),
        applications_(applications),
        concerns_(concerns),
        powers_(powers) {}
  absl::string_view name() const override { return "reports"; }
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  void RegisterCli(CliRegistry& cli) override;
  std::vector<std::pair<std::string, std::string>> NavItems() const override {
    return {{"年度报告", "/annual-reports"}};
  }
  std::vector<AdminLink> AdminLinks() const override {
    return {{"年度报告", "/admin/reports"}};
  }
  // Last year's reports past their deadline and not yet published.
  std::vector<AdminTask> AdminTasks() override;
  // Valid after Start.
  Service& service() { return *service_; }

 private:
  org::OrgModule& org_;
  publishing::PublishingModule& publishing_;
  applications::ApplicationsModule& applications_;
  concerns::ConcernsModule& concerns_;
  powers::PowersModule& powers_;
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
};

}  // namespace zwgk::reports

#endif  // ZWGK_REPORTS_MODULE_H_
