#include "search/module.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "search/cli.h"
#include "search/http.h"

namespace zwgk::search {

SearchModule::~SearchModule() {
  if (ephemeral_ && service_ && !service_->index_dir().empty()) {
    std::error_code ec;
    std::filesystem::remove_all(service_->index_dir(), ec);
  }
}

absl::Status SearchModule::Start(AppContext& ctx) {
  // Tests open an in-memory database without a configured URL.
  ephemeral_ = ctx.config.db.empty() || ctx.config.db == "sqlite::memory:";
  service_ = std::make_unique<Service>(
      ctx.db, ctx.clock, publishing_.service(),
      ServiceOptions{.index_dir =
                         absl::StrCat(ctx.config.data_dir, "/search")});
  view_ = &ctx.view;
  return service_->Start();
}

void SearchModule::RegisterRoutes(web::Router& router) {
  search::RegisterRoutes(router, *service_, *view_);
}

void SearchModule::RegisterCli(CliRegistry& cli) {
  search::RegisterCli(cli, [this]() -> Service& { return *service_; });
}

std::vector<std::string> SearchModule::AdminNotices() {
  std::vector<std::string> out;
  if (service_->needs_reindex())
    out.push_back(
        "检索索引尚未建立或格式已更新，信息较多未在启动时重建：请运行 zwgk "
        "search reindex");
  if (auto n = service_->PendingCount(); n.ok() && *n > 0)
    out.push_back(
        absl::StrCat("检索索引有 ", *n,
                     " 条更新尚未应用：运行 zwgk search drain 或检查日志"));
  if (auto f = service_->ReindexFloor(); f.ok() && *f)
    out.push_back("检索索引的一次重建未完成：请运行 zwgk search reindex");
  return out;
}

std::vector<MetricSample> SearchModule::Gauges() {
  if (!service_) return {};
  absl::StatusOr<int64_t> pending = service_->PendingCount();
  if (!pending.ok()) return {};
  return {{"zwgk_search_outbox_pending",
           "Search outbox rows not yet applied to the index.",
           static_cast<double>(*pending)}};
}

}  // namespace zwgk::search
