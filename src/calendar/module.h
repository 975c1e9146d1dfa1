#ifndef ZWGK_CALENDAR_MODULE_H_
#define ZWGK_CALENDAR_MODULE_H_

#include <memory>

#include "app/module.h"
#include "calendar/service.h"

namespace zwgk::calendar {

class CalendarModule final : public Module {
 public:
  absl::string_view name() const override { return "calendar"; }
  absl::Status Start(AppContext& ctx) override;
  void RegisterRoutes(web::Router& router) override;
  void RegisterCli(CliRegistry& cli) override;
  absl::Status Seed() override { return service_->Seed(); }
  std::vector<std::pair<std::string, std::string>> NavItems() const override {
    return {{"期限计算器", "/calendar"}};
  }
  std::vector<AdminLink> AdminLinks() const override {
    return {{"工作日历", "/admin/calendar", /*admin_only=*/true}};
  }
  // "2027年节假日安排尚未发布" with a link to load it (YearsToLoad).
  std::vector<AdminTask> AdminTasks() override;
  Service& service() { return *service_; }

 private:
  std::unique_ptr<Service> service_;
  const View* view_ = nullptr;
  const Clock* clock_ = nullptr;
};

}  // namespace zwgk::calendar

#endif  // ZWGK_CALENDAR_MODULE_H_
