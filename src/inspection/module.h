#ifndef ZWGK_INSPECTION_MODULE_H_
#define ZWGK_INSPECTION_MODULE_H_

#include <memory>

#include "app/module.h"
#include "columns/module.h"
#include "guides/module.h"
#include "inspection/service.h"
#include "messages/module.h"
#include "org/module.h"
#include "publishing/module.h"

namespace zwgk::inspection {

// The self-inspection (issue 19): the checkable indicators of the State
// Council's website inspection run over the portal as of a day, crawling it
// over HTTP like an inspector; `zwgk inspect`, /admin/inspection, monthly
// reports.
class InspectionModule final : public Module {
 public:
  InspectionModule(org::OrgModule& org,
                   publishing::PublishingModule& publishing,
                   messages::MessagesModule& messages,
                   guides::GuidesModule& guides,
                   columns::ColumnsModule& columns)
      : org_(org),
        publishing_(publishing),
        messages_(messages),
        guides_(guides),
        columns_(columns) {}
  absl::string_view name() const override { return "inspection"; }
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  void RegisterCli(CliRegistry& cli) override;
  std::vector<AdminTask> AdminTasks() override;
  std::vector<AdminLink> AdminLinks() const override {
    return {{"网站自查", "/admin/inspection", /*admin_only=*/true}};
  }
  // Valid after Start.
  Service& service() { return *service_; }

 private:
  org::OrgModule& org_;
  publishing::PublishingModule& publishing_;
  messages::MessagesModule& messages_;
  guides::GuidesModule& guides_;
  columns::ColumnsModule& columns_;
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
};

}  // namespace zwgk::inspection

#endif  // ZWGK_INSPECTION_MODULE_H_
