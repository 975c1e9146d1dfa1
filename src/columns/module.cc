#include "columns/module.h"

#include <algorithm>
#include <string>
#include <vector>

#include "columns/cli.h"
#include "columns/http.h"
#include "spdlog/spdlog.h"

namespace zwgk::columns {

absl::Status ColumnsModule::Start(AppContext& ctx) {
  service_ = std::make_unique<Service>(
      ctx.db, ctx.clock, org_.service(), publishing_.service(),
      reports_.service(), guides_.service(), messages_.service());
  view_ = &ctx.view;
  Service* service = service_.get();
  // A publication may fill a blank column: the navigation is read again.
  publishing_.service().AddCommitListener(
      [service](int64_t) { service->Invalidate(); });
  // The home page's latest items (org owns the page, columns the lists).
  const View* view = view_;
  org_.AddHomeSection([service, view](const web::Request& req) {
    return HomeSection(*service, *view, req);
  });
  // Registers what is missing; a failure (another process seeding at the
  // same moment) leaves the registry as it is until the next start.
  if (absl::Status s = service_->Seed(); !s.ok())
    spdlog::warn("columns: 栏目登记未完成：{}", s.ToString());
  return absl::OkStatus();
}

absl::Status ColumnsModule::Seed() { return service_->Seed(); }

void ColumnsModule::AddSiteContext(nlohmann::json& site) {
  if (!site.contains("nav") || !site["nav"].is_array()) return;
  const std::vector<std::string> hidden = service_->HiddenUrls();
  if (hidden.empty()) return;
  nlohmann::json kept = nlohmann::json::array();
  for (const nlohmann::json& item : site["nav"]) {
    const std::string url = item.value("url", "");
    if (std::find(hidden.begin(), hidden.end(), url) == hidden.end())
      kept.push_back(item);
  }
  site["nav"] = std::move(kept);
}

void ColumnsModule::RegisterRoutes(web::Router& router) {
  columns::RegisterRoutes(router, *service_, *view_);
}

void ColumnsModule::RegisterCli(CliRegistry& cli) {
  columns::RegisterCli(cli, [this]() -> Service& { return *service_; });
}

}  // namespace zwgk::columns
