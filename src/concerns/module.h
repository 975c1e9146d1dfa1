#ifndef ZWGK_CONCERNS_MODULE_H_
#define ZWGK_CONCERNS_MODULE_H_

#include <memory>

#include "app/module.h"
#include "concerns/service.h"
#include "org/module.h"
#include "publishing/module.h"

namespace zwgk::concerns {

// 回应关切 and 舆情回应 (issue 23): concerns on the clock in hours, answered
// by records of genre 回应 (publishing), the public 回应关切 column.
class ConcernsModule final : public Module {
 public:
  ConcernsModule(org::OrgModule& org, publishing::PublishingModule& publishing)
      : org_(org), publishing_(publishing) {}
  absl::string_view name() const override { return "concerns"; }
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  // The genre 回应 (after publishing's own seed).
  absl::Status Seed() override { return service_->Seed(); }
  std::vector<std::pair<std::string, std::string>> NavItems() const override {
    return {{"回应关切", "/concerns"}};
  }
  std::vector<AdminLink> AdminLinks() const override {
    return {{"回应关切", "/admin/concerns", /*admin_only=*/false}};
  }
  // Concerns with an obligation past due.
  std::vector<AdminTask> AdminTasks() override;
  // Valid after Start.
  Service& service() { return *service_; }

 private:
  org::OrgModule& org_;
  publishing::PublishingModule& publishing_;
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
};

}  // namespace zwgk::concerns

#endif  // ZWGK_CONCERNS_MODULE_H_
