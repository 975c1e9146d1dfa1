#ifndef ZWGK_SUPERVISION_MODULE_H_
#define ZWGK_SUPERVISION_MODULE_H_

#include <memory>

#include "app/module.h"
#include "catalog/module.h"
#include "org/module.h"
#include "publishing/module.h"
#include "supervision/service.h"

namespace zwgk::supervision {

// The 附件3 work-task tracker: uses org (units), catalog (versions as
// evidence) and publishing (records as evidence).
class SupervisionModule final : public Module {
 public:
  SupervisionModule(org::OrgModule& org, catalog::CatalogModule& catalog,
                    publishing::PublishingModule& publishing)
      : org_(org), catalog_(catalog), publishing_(publishing) {}
  absl::string_view name() const override { return "supervision"; }
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  void RegisterCli(CliRegistry& cli) override;
  absl::Status Seed() override { return service_->Seed(); }
  std::vector<std::pair<std::string, std::string>> NavItems() const override {
    return {{"工作任务", "/tasks"}};
  }
  std::vector<AdminLink> AdminLinks() const override {
    return {{"工作任务督办", "/admin/tasks", /*admin_only=*/false}};
  }
  // For the county office: overdue tasks and reports awaiting a decision.
  std::vector<AdminTask> AdminTasks() override;
  // Valid after Start.
  Service& service() { return *service_; }

 private:
  org::OrgModule& org_;
  catalog::CatalogModule& catalog_;
  publishing::PublishingModule& publishing_;
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
};

}  // namespace zwgk::supervision

#endif  // ZWGK_SUPERVISION_MODULE_H_
