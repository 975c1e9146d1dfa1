#include "supervision/module.h"

#include "absl/strings/str_cat.h"
#include "supervision/cli.h"
#include "supervision/http.h"

namespace zwgk::supervision {

absl::Status SupervisionModule::Start(AppContext& ctx) {
  service_ = std::make_unique<Service>(
      ctx.db, ctx.clock, org_.service(), catalog_.service(),
      publishing_.service(), ServiceOptions{.data_dir = ctx.config.data_dir});
  view_ = &ctx.view;
  return absl::OkStatus();
}

std::vector<AdminTask> SupervisionModule::AdminTasks() {
  auto tasks = service_->ListTasks(SystemActor());
  if (!tasks.ok()) return {};
  int overdue = 0, pending = 0;
  for (const TaskSummary& s : *tasks) {
    if (s.state == TaskState::kOverdue) ++overdue;
    pending += s.pending;
  }
  std::vector<AdminTask> out;
  if (pending > 0)
    out.push_back({.text = absl::StrCat(pending, " 份工作任务进展报告待审核"),
                   .detail = "责任单位报告的进展经采纳后才计入任务进度。",
                   .url = "/admin/tasks",
                   .action = "审核进展报告"});
  if (overdue > 0)
    out.push_back({.text = absl::StrCat(overdue, " 项工作任务逾期"),
                   .detail = "有节点已过完成期限仍未确认完成。",
                   .url = "/admin/tasks",
                   .action = "查看工作任务"});
  return out;
}

void SupervisionModule::RegisterRoutes(web::Router& router) {
  supervision::RegisterRoutes(router, *service_, *view_);
}

void SupervisionModule::RegisterCli(CliRegistry& cli) {
  supervision::RegisterCli(cli, [this]() -> Service& { return *service_; });
}

}  // namespace zwgk::supervision
