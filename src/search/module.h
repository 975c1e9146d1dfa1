#ifndef ZWGK_SEARCH_MODULE_H_
#define ZWGK_SEARCH_MODULE_H_

#include <memory>

#include "app/module.h"
#include "publishing/module.h"
#include "search/service.h"

namespace zwgk::search {

class SearchModule final : public Module {
 public:
  explicit SearchModule(publishing::PublishingModule& publishing)
      : publishing_(publishing) {}
  ~SearchModule() override;
  absl::string_view name() const override { return "search"; }
  // The index lives in <data_dir>/search.
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  void RegisterCli(CliRegistry& cli) override;
  std::vector<std::pair<std::string, std::string>> NavItems() const override {
    return {{"站内检索", "/search"}};
  }
  std::vector<AdminLink> AdminLinks() const override {
    return {{"信息检索", "/admin/search"}};
  }
  std::vector<std::string> AdminNotices() override;
  // Outbox rows not yet applied to the index (/metrics).
  std::vector<MetricSample> Gauges() override;

  Service& service() { return *service_; }

 private:
  publishing::PublishingModule& publishing_;
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
  bool ephemeral_ = false;  // an in-memory database: its index goes with it
};

}  // namespace zwgk::search

#endif  // ZWGK_SEARCH_MODULE_H_
