// Plain data for the working-day calendar and the statutory clock: no I/O,
// no logic beyond naming. Everything here is what a store persists, what the
// JSON API serialises and what the public 期限计算器 page renders.
#ifndef ZWGK_CALENDAR_MODEL_H_
#define ZWGK_CALENDAR_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace zwgk::calendar {

// ---------------------------------------------------------------------------
// Schedules: what the State Council notices (and local authorities) say.

// A date named in a notice is either a day off or a working day.
enum class DayStatus { kOff, kWork };

// Where a named day comes from. Local overrides win over national days.
enum class DaySource { kNational, kLocal };

struct NamedDay {
  DayStatus status = DayStatus::kOff;
  // The holiday ("春节", "国庆节、中秋节") for national days — make-up
  // working days carry the name of the holiday they make up for; for local
  // overrides, the reason ("防汛抢险停止办公").
  std::string name{};
  DaySource source = DaySource::kNational;
};

struct Schedule {
  std::map<absl::CivilDay, NamedDay> days{};
  // Years whose national notice is loaded. A year without one is computed
  // with weekends only and every answer touching it carries a Warning.
  // Keyed like holiday-cn: by the notice's year (2022-12-31 sits in 2023).
  std::set<int> years{};
  // The notices per year (holiday-cn "papers": URLs or titles).
  std::map<int, std::vector<std::string>> papers{};
};

// A county's own adjustment of one day (防汛抢险停止办公, a working Saturday).
struct LocalOverride {
  int64_t id = 0;
  absl::CivilDay day;
  bool off = true;
  std::string reason;
  std::string created_by;
  std::string created_at;
};

// A stored deadline that a calendar change moved: which one, and from which
// date to which ("2027-01-28" → "2027-02-22").
struct MovedDeadline {
  std::string kind{};   // "依申请公开答复期限", "信息发布时限"
  std::string label{};  // the application's tracking number, a record's title
  std::string url{};    // its admin page
  std::string before{}, after{};  // YYYY-MM-DD, "" when there was none
};

// One change of the calendar and how many deadlines it checked and moved.
struct CalendarChange {
  std::string at, by, cause;
  int checked = 0, moved = 0;
  int64_t id = 0;
  // What moved (GetChange only; at most kMaxMovedListed are kept).
  std::vector<MovedDeadline> moved_items{};
};

// ---------------------------------------------------------------------------
// Answers about single days.

// Why a date is, or is not, a working day.
enum class DayKind {
  kWorkday,        // 工作日: Monday–Friday, not named off
  kWeekend,        // 周末: Saturday/Sunday, not named as a working day
  kHoliday,        // a national day off, reason = holiday name
  kMakeupWorkday,  // 调休上班: a weekend day named as a working day
  kLocalClosure,   // a local day off, reason = the override's reason
  kLocalWorkday,   // a local working day, reason = the override's reason
};

// Stable snake_case name for JSON ("makeup_workday").
absl::string_view DayKindName(DayKind kind);

// "Computed without a schedule": one per uncovered year an answer touched.
struct Warning {
  int year = 0;
  std::string text{};     // "no holiday schedule for 2027"
  std::string text_zh{};  // "未载入2027年节假日安排，仅按周末计算"
};

// How the first counted day relates to the start date.
enum class Counting {
  // 民法典 第二百零一条: the start day is not counted; day 1 is the first
  // working day after it. The default.
  kNextDay,
  // The start day is day 1 when it is a working day.
  kStartDayCounts,
};

// ---------------------------------------------------------------------------
// The statutory clock.

enum class PeriodKind {
  kWorkingDays,   // N 个工作日
  kCalendarDays,  // N 日; ends rolled to the next working day
  kRealtime,      // 实时: due the start day (next working day if it is off)
  kTimely,  // 及时: no due date; flagged after N working days (N=0: never)
};

absl::string_view PeriodKindName(PeriodKind kind);  // "working_days", …

struct Period {
  PeriodKind kind = PeriodKind::kWorkingDays;
  // Working or calendar days; for kTimely the flag threshold in working days;
  // ignored for kRealtime.
  int days = 0;

  static Period WorkingDays(int n) { return {PeriodKind::kWorkingDays, n}; }
  static Period CalendarDays(int n) { return {PeriodKind::kCalendarDays, n}; }
  static Period Realtime() { return {PeriodKind::kRealtime, 0}; }
  static Period Timely(int flag_after) {
    return {PeriodKind::kTimely, flag_after};
  }
};

enum class ClockEventType {
  kStart,    // counting starts (receipt date)
  kPause,    // working days in [date, until] are not counted (Art 33 para 3)
  kRestart,  // counting begins afresh after `date` (补正 received, Art 30)
  kExtend,   // `days` more days (Art 33: ≤ 20 working days, approved)
  kStop,     // the clock is stopped (replied, withdrawn, closed)
};

absl::string_view ClockEventTypeName(ClockEventType type);  // "pause", …

struct ClockEvent {
  ClockEventType type = ClockEventType::kStart;
  // The event's date; for kPause the first paused day. Optional only for
  // kExtend (an extension recorded without its approval date).
  std::optional<absl::CivilDay> date{};
  // kPause: the last paused day (inclusive); nullopt while the pause is open.
  std::optional<absl::CivilDay> until{};
  int days = 0;          // kExtend
  std::string reason{};  // shown in the trace, e.g. "征求第三方意见"

  static ClockEvent Start(absl::CivilDay day) {
    return {.type = ClockEventType::kStart, .date = day};
  }
  static ClockEvent Pause(absl::CivilDay from, std::optional<absl::CivilDay> to,
                          std::string reason = "") {
    return {.type = ClockEventType::kPause,
            .date = from,
            .until = to,
            .reason = std::move(reason)};
  }
  static ClockEvent Restart(absl::CivilDay day, std::string reason = "") {
    return {.type = ClockEventType::kRestart,
            .date = day,
            .reason = std::move(reason)};
  }
  static ClockEvent Extend(int n,
                           std::optional<absl::CivilDay> day = std::nullopt,
                           std::string reason = "") {
    return {.type = ClockEventType::kExtend,
            .date = day,
            .days = n,
            .reason = std::move(reason)};
  }
  static ClockEvent Stop(absl::CivilDay day, std::string reason = "") {
    return {.type = ClockEventType::kStop,
            .date = day,
            .reason = std::move(reason)};
  }
};

enum class ClockState { kRunning, kPaused, kDueSoon, kOverdue, kStopped };

absl::string_view ClockStateName(ClockState state);   // "due_soon"
absl::string_view ClockStateLabel(ClockState state);  // "即将到期"

enum class TraceKind {
  kStart,    // 起算日
  kCounted,  // a counted day, `number` = 1..total
  kSkipped,  // not counted: weekend, holiday, pause, …
  kPause,    // a pause begins (its range is in `text`)
  kRestart,  // counting begins afresh; the numbers before are void
  kExtend,   // the limit grows by an extension
  kStop,     // the clock stopped
  kDue,      // the due date (after rolling forward for calendar days)
  kFlag,     // 及时: the flag date
};

absl::string_view TraceKindName(TraceKind kind);

struct TraceEntry {
  absl::CivilDay day{};
  TraceKind kind = TraceKind::kCounted;
  int number = 0;  // kCounted only
  // Chinese, e.g. "第3个工作日", "春节", "暂停：征求第三方意见"
  std::string text{};
};

struct ClockResult {
  // nullopt for 及时 periods and while a pause is open.
  std::optional<absl::CivilDay> due{};
  // The due date without extensions (equal to `due` when none).
  std::optional<absl::CivilDay> original_due{};
  // 及时: the last day before the clock is flagged.
  std::optional<absl::CivilDay> flag_date{};
  ClockState state = ClockState::kRunning;
  bool flagged = false;  // 及时 and past flag_date

  // In the period's unit (working days, or calendar days).
  int64_t total = 0;       // period + extensions
  int64_t used = 0;        // counted up to today (or to the stop date)
  int64_t remaining = 0;   // total - used, never negative
  int64_t overdue_by = 0;  // units after `due` up to today

  std::optional<absl::CivilDay> stopped_on{};
  // For stopped clocks with a due date: stopped on or before it.
  std::optional<bool> on_time{};

  std::vector<TraceEntry> trace{};
  std::vector<Warning> warnings{};
};

}  // namespace zwgk::calendar

#endif  // ZWGK_CALENDAR_MODEL_H_
