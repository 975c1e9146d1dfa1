// The reply clock from the event log: which clock events each step implies,
// the one due-date computation, and its refresh after a calendar change.
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "applications/service.h"
#include "calendar/statutory_clock.h"
#include "core/status.h"

namespace zwgk::applications {

using calendar::ClockEvent;

std::vector<ClockEvent> ClockEventsFor(const std::vector<Event>& events,
                                       const ServiceOptions& options) {
  std::vector<ClockEvent> out;
  // An open interval not counted: correction pending, consultation, fee.
  std::optional<absl::CivilDay> open_from;
  std::string open_reason;
  auto close_open = [&](std::optional<absl::CivilDay> to) {
    if (open_from)
      out.push_back(ClockEvent::Pause(*open_from, to, open_reason));
    open_from.reset();
  };
  for (const Event& e : events) {
    const auto action = ParseAction(e.kind);
    if (!action) continue;  // submitted / entered
    switch (*action) {
      case Action::kReceive:
        out.push_back(ClockEvent::Start(e.on));
        out.back().reason = "收到申请";
        break;
      case Action::kRequestCorrection:
        open_from = e.on;
        open_reason = "待申请人补正";
        break;
      case Action::kCorrectionReceived:
        // Art 30: the limit runs afresh from the corrected application;
        // the wait before it is void.
        open_from.reset();
        out.push_back(ClockEvent::Restart(e.on, "收到补正后的申请，重新起算"));
        break;
      case Action::kStartConsultation:
        open_from = e.on;
        open_reason = e.data.value("party", "") == "agency" ? "征求其他机关意见"
                                                            : "征求第三方意见";
        break;
      case Action::kEndConsultation:
        close_open(e.on);
        break;
      case Action::kFeeNotice:
        if (options.fee_pauses_clock) {
          open_from = e.on;
          open_reason = "收费通知至缴费";
        }
        break;
      case Action::kFeePaid:
        close_open(e.on);
        break;
      case Action::kExtend:
        out.push_back(ClockEvent::Extend(
            e.data.value("days", 0), e.on,
            absl::StrCat("经", e.data.value("approver", ""), "同意延期")));
        break;
      case Action::kReply:
        close_open(std::nullopt);
        out.push_back(ClockEvent::Stop(e.on, "作出答复"));
        break;
      case Action::kCorrectionLapsed:
      case Action::kFeeLapsed:
      case Action::kWithdraw:
        close_open(std::nullopt);
        out.push_back(
            ClockEvent::Stop(e.on, std::string(ActionLabel(*action))));
        break;
      case Action::kProcess:
      case Action::kDeliver:
      case Action::kArchive:
        break;
    }
  }
  if (open_from) close_open(std::nullopt);
  return out;
}

absl::StatusOr<calendar::ClockResult> ReplyClock(
    const calendar::Calendar& cal, const std::vector<Event>& events,
    const ServiceOptions& options, const ReplyClockView& view) {
  return calendar::ComputeClock(
      cal, calendar::Period::WorkingDays(options.reply_workdays),
      ClockEventsFor(events, options),
      {.today = view.today,
       .due_soon_within = options.due_soon_within,
       .trace = view.trace});
}

absl::StatusOr<calendar::RecomputeCount> Service::Recompute(
    const calendar::Calendar& cal) {
  calendar::RecomputeCount count;
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(
        std::vector<StoredApplication> open,
        store::List(tx, {.open_only = true, .limit = 1000000}));
    for (const StoredApplication& a : open) {
      if (!a.received_on) continue;
      ++count.checked;
      ZWGK_ASSIGN_OR_RETURN(std::vector<Event> events, store::Events(tx, a.id));
      absl::StatusOr<calendar::ClockResult> clock =
          ReplyClock(cal, events, options_);
      if (!clock.ok()) continue;  // an old log the engine now refuses: keep
      if (clock->due != a.due_on) {
        ++count.moved;
        ZWGK_RETURN_IF_ERROR(store::UpdateDue(tx, a.id, clock->due));
        // For the calendar's list of what moved (old date → new date).
        count.moved_items.push_back(
            {.kind = "依申请公开答复期限",
             .label = a.tracking_number,
             .url = absl::StrCat("/admin/applications/", a.id),
             .before = a.due_on ? calendar::FormatDate(*a.due_on) : "",
             .after = clock->due ? calendar::FormatDate(*clock->due) : ""});
      }
    }
    return absl::OkStatus();
  }));
  return count;
}

}  // namespace zwgk::applications
