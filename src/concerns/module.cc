#include "concerns/module.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "concerns/http.h"

namespace zwgk::concerns {

absl::Status ConcernsModule::Start(AppContext& ctx) {
  service_ = std::make_unique<Service>(ctx.db, ctx.clock, org_.service(),
                                       publishing_.service());
  view_ = &ctx.view;
  return absl::OkStatus();
}

std::vector<AdminTask> ConcernsModule::AdminTasks() {
  auto late = service_->Late(Today(service_->clock()), std::nullopt);
  if (!late.ok()) return {};
  std::set<int64_t> overdue;
  for (const LateObligation& l : *late) {
    if (!l.met_at) overdue.insert(l.concern_id);
  }
  if (overdue.empty()) return {};
  return {{.text = absl::StrCat(overdue.size(), " 件关切已超过回应时限"),
           .detail = "重大突发事件应在5小时内发布权威信息、24小时内召开新闻"
                     "发布会，一般政务舆情应在48小时内回应。",
           .url = "/admin/concerns?state=overdue",
           .action = "查看超时关切",
           .admin_only = false}};
}

void ConcernsModule::RegisterRoutes(web::Router& router) {
  concerns::RegisterRoutes(router, *service_, *view_);
}

}  // namespace zwgk::concerns
