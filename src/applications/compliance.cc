// Figures for the supervision dashboard (issue 15): applications open past
// their reply due date or due soon on a day, replies sent late this year,
// and this year's outcomes. The due dates are the reply clock's (ReplyClock),
// as on the application pages; the cached due_on only narrows the rows read.
#include <algorithm>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "applications/service.h"
#include "calendar/calendar.h"
#include "core/status.h"

namespace zwgk::applications {
namespace {

// The label of applications concluded without a reply (lapsed, withdrawn).
constexpr absl::string_view kEndedWithoutReply = "未答复终止";
constexpr ReplyType kLastReplyType = ReplyType::kSpecialStatute;

// The log as it stood at the end of `day`.
std::vector<Event> EventsThrough(const std::vector<Event>& events,
                                 absl::CivilDay day) {
  std::vector<Event> out;
  for (const Event& e : events)
    if (e.on <= day) out.push_back(e);
  return out;
}

ComplianceCase CaseOf(const ClockRow& r, absl::CivilDay due, int64_t days) {
  ComplianceCase c{.id = r.id,
                   .tracking_number = r.tracking_number,
                   .due_on = calendar::FormatDate(due),
                   .days = days};
  if (r.received_on) c.received_on = calendar::FormatDate(*r.received_on);
  return c;
}

void ByDueDate(std::vector<ComplianceCase>& cases) {
  std::stable_sort(cases.begin(), cases.end(),
                   [](const ComplianceCase& a, const ComplianceCase& b) {
                     return a.due_on < b.due_on;
                   });
}

}  // namespace

absl::StatusOr<ApplicationCompliance> Service::Compliance(
    absl::CivilDay as_of, std::optional<int64_t> unit_id) {
  // Read before the transaction: other services open their own.
  std::shared_ptr<const calendar::Calendar> cal = calendar_.calendar();
  ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> units,
                        org_.ListUnits({.include_retired = true}));
  if (unit_id &&
      std::none_of(units.begin(), units.end(),
                   [&](const org::Unit& u) { return u.id == *unit_id; }))
    return absl::NotFoundError("单位不存在");

  ApplicationCompliance out{.as_of = calendar::FormatDate(as_of)};
  std::map<int64_t, UnitApplicationCompliance> by_unit;
  auto unit = [&](int64_t id) -> UnitApplicationCompliance& {
    UnitApplicationCompliance& u = by_unit[id];
    u.unit_id = id;
    return u;
  };
  const absl::CivilDay jan1(as_of.year(), 1, 1);
  // A superset of the due-soon window: the clock decides.
  const absl::CivilDay due_by =
      cal->NthWorkdayAfter(as_of, options_.due_soon_within + 1);
  std::vector<OutcomeCount> outcomes;
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(std::vector<ClockRow> open,
                          store::OpenOn(tx, as_of, due_by, unit_id));
    for (const ClockRow& r : open) {
      absl::StatusOr<calendar::ClockResult> clock = ReplyClock(
          *cal, EventsThrough(r.events, as_of), options_, {.today = as_of});
      // A log the clock refuses has no due date to be late against.
      if (!clock.ok() || !clock->due) continue;
      if (clock->state == calendar::ClockState::kOverdue) {
        unit(r.unit_id).overdue.push_back(
            CaseOf(r, *clock->due, clock->overdue_by));
      } else if (clock->state == calendar::ClockState::kDueSoon) {
        unit(r.unit_id).due_soon.push_back(
            CaseOf(r, *clock->due, clock->remaining));
      }
    }
    ZWGK_ASSIGN_OR_RETURN(std::vector<ClockRow> replied,
                          store::RepliedAfterDue(tx, jan1, as_of, unit_id));
    for (const ClockRow& r : replied) {
      absl::StatusOr<calendar::ClockResult> clock =
          ReplyClock(*cal, r.events, options_);
      if (!clock.ok() || !clock->due || !clock->stopped_on ||
          *clock->stopped_on <= *clock->due)
        continue;
      ComplianceCase c =
          CaseOf(r, *clock->due,
                 cal->CountWorkdays(*clock->due + 1, *clock->stopped_on));
      c.replied_on = calendar::FormatDate(*clock->stopped_on);
      unit(r.unit_id).replied_late.push_back(std::move(c));
    }
    ZWGK_ASSIGN_OR_RETURN(outcomes, store::Outcomes(tx, jan1, as_of, unit_id));
    return absl::OkStatus();
  }));

  // Units in service in display order (or the one asked for), then retired
  // units that have figures.
  for (const org::Unit& u : units) {
    if (unit_id ? u.id != *unit_id : u.retired) continue;
    UnitApplicationCompliance& c = unit(u.id);
    c.unit_name = u.name;
  }
  std::vector<std::pair<bool, const org::Unit*>> order;
  for (const org::Unit& u : units)
    if (by_unit.count(u.id)) order.push_back({u.retired, &u});
  std::stable_sort(
      order.begin(), order.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [retired, u] : order) {
    UnitApplicationCompliance c = std::move(by_unit[u->id]);
    c.unit_name = u->name;
    ByDueDate(c.overdue);
    ByDueDate(c.due_soon);
    ByDueDate(c.replied_late);
    out.units.push_back(std::move(c));
  }

  std::map<std::string, int64_t> counts;
  for (const OutcomeCount& o : outcomes) counts[o.reply_type] += o.count;
  for (int t = 0; t <= static_cast<int>(kLastReplyType); ++t) {
    const ReplyType type = static_cast<ReplyType>(t);
    out.outcomes.push_back({std::string(ReplyTypeLabel(type)),
                            counts[std::string(ReplyTypeName(type))]});
  }
  out.outcomes.push_back({std::string(kEndedWithoutReply), counts[""]});
  return out;
}

}  // namespace zwgk::applications
