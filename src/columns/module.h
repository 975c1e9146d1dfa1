#ifndef ZWGK_COLUMNS_MODULE_H_
#define ZWGK_COLUMNS_MODULE_H_

#include <memory>

#include "app/module.h"
#include "columns/service.h"
#include "guides/module.h"
#include "messages/module.h"
#include "org/module.h"
#include "publishing/module.h"
#include "reports/module.h"

namespace zwgk::columns {

// The portal's columns with their update rules (issue 19): the registry,
// the office's page, the public navigation without blank columns.
class ColumnsModule final : public Module {
 public:
  ColumnsModule(org::OrgModule& org, publishing::PublishingModule& publishing,
                reports::ReportsModule& reports, guides::GuidesModule& guides,
                messages::MessagesModule& messages)
      : org_(org),
        publishing_(publishing),
        reports_(reports),
        guides_(guides),
        messages_(messages) {}
  absl::string_view name() const override { return "columns"; }
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  void RegisterCli(CliRegistry& cli) override;
  absl::Status Seed() override;
  std::vector<AdminLink> AdminLinks() const override {
    return {{"栏目与更新", "/admin/columns", /*admin_only=*/false}};
  }
  // Leaves blank columns the plan does not require out of site["nav"].
  void AddSiteContext(nlohmann::json& site) override;
  // Valid after Start.
  Service& service() { return *service_; }

 private:
  org::OrgModule& org_;
  publishing::PublishingModule& publishing_;
  reports::ReportsModule& reports_;
  guides::GuidesModule& guides_;
  messages::MessagesModule& messages_;
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
};

}  // namespace zwgk::columns

#endif  // ZWGK_COLUMNS_MODULE_H_
