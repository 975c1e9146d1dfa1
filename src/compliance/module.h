#ifndef ZWGK_COMPLIANCE_MODULE_H_
#define ZWGK_COMPLIANCE_MODULE_H_

#include <memory>

#include "app/module.h"
#include "applications/module.h"
#include "calendar/module.h"
#include "columns/module.h"
#include "compliance/participation_source.h"
#include "compliance/service.h"
#include "concerns/module.h"
#include "decisions/module.h"
#include "guides/module.h"
#include "institutions/module.h"
#include "messages/module.h"
#include "org/module.h"
#include "publishing/module.h"
#include "reports/module.h"
#include "supervision/module.h"
#include "villages/module.h"

namespace zwgk::compliance {

// The compliance dashboard: reads publishing, applications, reports and the
// task tracker; public participation (政策解读, 政民互动, 重大行政决策)
// through ParticipationSource.
class ComplianceModule final : public Module {
 public:
  ComplianceModule(org::OrgModule& org, calendar::CalendarModule& calendar,
                   publishing::PublishingModule& publishing,
                   applications::ApplicationsModule& applications,
                   reports::ReportsModule& reports,
                   supervision::SupervisionModule& supervision,
                   decisions::DecisionsModule& decisions,
                   messages::MessagesModule& messages,
                   guides::GuidesModule& guides,
                   villages::VillagesModule& villages,
                   columns::ColumnsModule& columns,
                   concerns::ConcernsModule& concerns,
                   institutions::InstitutionsModule& institutions)
      : org_(org),
        calendar_(calendar),
        publishing_(publishing),
        applications_(applications),
        reports_(reports),
        supervision_(supervision),
        decisions_(decisions),
        messages_(messages),
        guides_(guides),
        villages_(villages),
        columns_(columns),
        concerns_(concerns),
        institutions_(institutions) {}
  absl::string_view name() const override { return "compliance"; }
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  void RegisterCli(CliRegistry& cli) override;
  std::vector<AdminLink> AdminLinks() const override {
    return {{"监督检查", "/admin/supervision", /*admin_only=*/false}};
  }
  // Valid after Start.
  Service& service() { return *service_; }

 private:
  org::OrgModule& org_;
  calendar::CalendarModule& calendar_;
  publishing::PublishingModule& publishing_;
  applications::ApplicationsModule& applications_;
  reports::ReportsModule& reports_;
  supervision::SupervisionModule& supervision_;
  decisions::DecisionsModule& decisions_;
  messages::MessagesModule& messages_;
  guides::GuidesModule& guides_;
  villages::VillagesModule& villages_;
  columns::ColumnsModule& columns_;
  concerns::ConcernsModule& concerns_;
  institutions::InstitutionsModule& institutions_;
  // 政策解读 from publishing, messages, decisions (issue 16).
  std::unique_ptr<ParticipationFromModules> participation_;
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
};

}  // namespace zwgk::compliance

#endif  // ZWGK_COMPLIANCE_MODULE_H_
