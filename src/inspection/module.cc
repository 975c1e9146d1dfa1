#include "inspection/module.h"

#include "absl/strings/str_cat.h"
#include "inspection/cli.h"
#include "inspection/http.h"

namespace zwgk::inspection {

namespace {

// The server's own address as the crawl reaches it: a wildcard listen
// address is reached on the loopback.
std::string SelfUrl(const Config& config) {
  std::string host = config.listen;
  if (host.empty() || host == "0.0.0.0" || host == "::" ||
      host.find(':') != std::string::npos)
    host = "127.0.0.1";
  return absl::StrCat("http://", host, ":", config.port);
}

}  // namespace

absl::Status InspectionModule::Start(AppContext& ctx) {
  service_ = std::make_unique<Service>(
      ctx.db, ctx.clock, org_.service(), publishing_.service(),
      messages_.service(), guides_.service(), columns_.service(),
      ServiceOptions{.self_url = SelfUrl(ctx.config)});
  view_ = &ctx.view;
  return absl::OkStatus();
}

void InspectionModule::RegisterRoutes(web::Router& router) {
  inspection::RegisterRoutes(router, *service_, *view_);
}

void InspectionModule::RegisterCli(CliRegistry& cli) {
  inspection::RegisterCli(cli, [this]() -> Service& { return *service_; });
}

std::vector<AdminTask> InspectionModule::AdminTasks() {
  // Only reads: the monthly report is started from /admin/inspection or by
  // `zwgk inspect --monthly`, never as a side effect of the admin home.
  std::vector<AdminTask> tasks;
  absl::StatusOr<std::optional<Report>> latest =
      service_->Latest(SystemActor());
  if (latest.ok() && *latest && !(*latest)->verdict.passed) {
    tasks.push_back(
        {.text = absl::StrCat("网站自查发现", (*latest)->verdict.vetoes,
                              "项单项否决问题"),
         .detail = "任一单项否决指标不合格，网站检查即为不合格。",
         .url = absl::StrCat("/admin/inspection/", (*latest)->id),
         .action = "查看自查报告"});
  }
  return tasks;
}

}  // namespace zwgk::inspection
