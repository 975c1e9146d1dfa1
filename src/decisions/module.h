#ifndef ZWGK_DECISIONS_MODULE_H_
#define ZWGK_DECISIONS_MODULE_H_

#include <memory>

#include "app/module.h"
#include "decisions/service.h"
#include "org/module.h"
#include "publishing/module.h"

namespace zwgk::decisions {

// 重大行政决策: the yearly catalog, consultations on drafts with comment
// windows, adoption and feedback. Uses org (units) and publishing (the
// decision document and its 解读).
class DecisionsModule final : public Module {
 public:
  DecisionsModule(org::OrgModule& org, publishing::PublishingModule& publishing)
      : org_(org), publishing_(publishing) {}
  absl::string_view name() const override { return "decisions"; }
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  void RegisterCli(CliRegistry& cli) override;
  std::vector<std::pair<std::string, std::string>> NavItems() const override {
    return {{"重大行政决策", "/decisions"}, {"意见征集", "/consultations"}};
  }
  std::vector<AdminLink> AdminLinks() const override {
    return {{"重大行政决策", "/admin/decisions", /*admin_only=*/false},
            {"意见征集", "/admin/consultations", /*admin_only=*/false}};
  }
  // Valid after Start.
  Service& service() { return *service_; }

 private:
  org::OrgModule& org_;
  publishing::PublishingModule& publishing_;
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
};

}  // namespace zwgk::decisions

#endif  // ZWGK_DECISIONS_MODULE_H_
