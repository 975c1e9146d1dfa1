#include "messages/module.h"

#include "absl/strings/str_cat.h"
#include "messages/cli.h"
#include "messages/http.h"

namespace zwgk::messages {

absl::Status MessagesModule::Start(AppContext& ctx) {
  service_ = std::make_unique<Service>(ctx.db, ctx.clock, org_.service(),
                                       calendar_.service());
  // Due days follow the county calendar when it changes.
  calendar_.service().AddRecomputer("messages",
                                    [this](const calendar::Calendar& cal) {
                                      return service_->Recompute(cal);
                                    });
  view_ = &ctx.view;
  return absl::OkStatus();
}

std::vector<AdminTask> MessagesModule::AdminTasks() {
  // County-wide counts: the county office's tasks (admin_only).
  std::vector<AdminTask> out;
  auto unrouted = service_->List(
      SystemActor(), {.state = MessageState::kUnrouted, .limit = 500});
  if (unrouted.ok() && !unrouted->empty())
    out.push_back(
        {.text = absl::StrCat(unrouted->size(), " 条留言待分办"),
         .detail = "留言人未选择承办单位，须由县政务公开办分办后才能办理。",
         .url = "/admin/messages?state=unrouted",
         .action = "分办留言"});
  auto late = service_->Unanswered(Today(service_->clock()), std::nullopt);
  if (!late.ok()) return out;
  int overdue = 0, near_line = 0;
  for (const UnansweredMessage& m : *late) {
    overdue += m.overdue ? 1 : 0;
    near_line += m.near_three_month_line ? 1 : 0;
  }
  if (overdue > 0)
    out.push_back({.text = absl::StrCat(overdue, " 条留言已超过答复期限"),
                   .detail = "超期未答复的留言计入单位考核。",
                   .url = "/admin/messages?due=overdue",
                   .action = "查看超期留言"});
  if (near_line > 0)
    out.push_back({.text = absl::StrCat(near_line, " 条留言临近三个月未答复"),
                   .detail = "留言三个月未答复是检查扣分项，请尽快督办。",
                   .url = "/admin/messages?due=near_line",
                   .action = "督办留言"});
  return out;
}

void MessagesModule::RegisterRoutes(web::Router& router) {
  messages::RegisterRoutes(router, *service_, *view_);
}

void MessagesModule::RegisterCli(CliRegistry& cli) {
  messages::RegisterCli(cli, [this]() -> Service& { return *service_; });
}

}  // namespace zwgk::messages
