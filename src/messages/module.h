#ifndef ZWGK_MESSAGES_MODULE_H_
#define ZWGK_MESSAGES_MODULE_H_

#include <memory>

#include "app/module.h"
#include "calendar/module.h"
#include "messages/service.h"
#include "org/module.h"

namespace zwgk::messages {

// 政民互动: public messages, reply deadlines on the county calendar,
// transfers, reviewed replies, the published Q&A and monthly statistics.
class MessagesModule final : public Module {
 public:
  MessagesModule(org::OrgModule& org, calendar::CalendarModule& calendar)
      : org_(org), calendar_(calendar) {}
  absl::string_view name() const override { return "messages"; }
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  void RegisterCli(CliRegistry& cli) override;
  std::vector<std::pair<std::string, std::string>> NavItems() const override {
    return {{"政民互动", "/messages"}};
  }
  std::vector<AdminLink> AdminLinks() const override {
    return {{"政民互动", "/admin/messages", /*admin_only=*/false}};
  }
  // Messages to route, overdue, or near the inspectors' three-month line.
  std::vector<AdminTask> AdminTasks() override;
  // Valid after Start.
  Service& service() { return *service_; }

 private:
  org::OrgModule& org_;
  calendar::CalendarModule& calendar_;
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
};

}  // namespace zwgk::messages

#endif  // ZWGK_MESSAGES_MODULE_H_
