// The working-day calendar: pure functions on absl::CivilDay over a merged
// national + local schedule.
//
// Rule (holidays.md): a date is a working day if it is named as a working
// day, or it is Monday–Friday and not named as a day off.
//
// A Calendar is immutable after construction and safe to share between
// threads. Rebuild it when the schedule changes (about 0.25 ms for
// 2019–2031).
#ifndef ZWGK_CALENDAR_CALENDAR_H_
#define ZWGK_CALENDAR_CALENDAR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "calendar/model.h"
#include "core/date.h"

namespace zwgk::calendar {

struct CalendarOptions {
  // How AddWorkdays / WorkdaysBetween (and the statutory clock) count.
  Counting counting = Counting::kNextDay;
  // Years precomputed into the per-day table; the schedule's own years widen
  // it. Days outside the table are still answered (weekends only, O(1)).
  int table_first_year = 2019;
  int table_last_year = 2031;
};

struct WorkdayAnswer {
  bool workday = false;
  DayKind kind = DayKind::kWorkday;
  // "工作日", "周末", the holiday's name, "调休上班", or a local reason.
  std::string reason{};
  // The named day's name when the date is named ("春节" for a make-up day).
  std::string name{};
  std::vector<Warning> warnings{};
};

struct DayAnswer {
  absl::CivilDay day{};
  std::vector<Warning> warnings{};
};

struct CountAnswer {
  int64_t count = 0;
  std::vector<Warning> warnings{};
};

// AddWorkdays refuses larger n (about 380 years) so a typo cannot produce
// thousands of coverage warnings.
inline constexpr int64_t kMaxWorkdays = 100'000;

// Overrides win per date; years and papers are united.
Schedule MergeSchedules(const Schedule& base, const Schedule& overrides);

class Calendar {
 public:
  explicit Calendar(Schedule schedule, CalendarOptions options = {});

  // The national schedule with local overrides applied on top.
  static Calendar FromSchedules(const Schedule& national, const Schedule& local,
                                CalendarOptions options = {});

  // Working day or not, and why.
  WorkdayAnswer IsWorkday(absl::CivilDay day) const;

  // The first working day strictly after `day`.
  DayAnswer NextWorkday(absl::CivilDay day) const;

  // The day on which the n-th counted working day falls, counted from `day`
  // under options().counting: kNextDay → day 1 is the first working day after
  // `day`; kStartDayCounts → `day` itself is day 1 if it is a working day.
  // n == 0 returns `day`. InvalidArgument for n < 0 or n > kMaxWorkdays.
  absl::StatusOr<DayAnswer> AddWorkdays(absl::CivilDay day, int64_t n) const;

  // How many working days are counted from `a` up to and including `b`
  // under options().counting (so AddWorkdays(a, WorkdaysBetween(a, b)) == b
  // when b is a working day after a). 0 when b is before the first counted
  // day. O(1).
  CountAnswer WorkdaysBetween(absl::CivilDay a, absl::CivilDay b) const;

  // --- Raw primitives (no warnings; used by the statutory clock). ---

  bool IsWorkdayFast(absl::CivilDay day) const;
  // Working days in [a, b], both inclusive; 0 when b < a. O(1).
  int64_t CountWorkdays(absl::CivilDay a, absl::CivilDay b) const;
  // The k-th working day strictly after `day` (k ≥ 1). O(log n).
  absl::CivilDay NthWorkdayAfter(absl::CivilDay day, int64_t k) const;

  // One warning per year in [a, b] without a national schedule.
  std::vector<Warning> CoverageWarnings(absl::CivilDay a,
                                        absl::CivilDay b) const;
  bool Covers(int year) const;

  const Schedule& schedule() const { return schedule_; }
  const CalendarOptions& options() const { return options_; }

 private:
  // A running count of working days: Rank(b) - Rank(a) is the number of
  // working days in (a, b]. Anchored so that Rank(first_ - 1) == 0; outside
  // the table it continues with weekdays only.
  int64_t Rank(absl::CivilDay day) const;
  // The smallest day whose rank is ≥ rank.
  absl::CivilDay DayOfRank(int64_t rank, absl::CivilDay after) const;
  size_t Index(absl::CivilDay day) const {
    return static_cast<size_t>(day - first_);
  }
  bool InTable(absl::CivilDay day) const {
    return day >= first_ && day <= last_;
  }

  Schedule schedule_;
  CalendarOptions options_;
  absl::CivilDay first_;
  absl::CivilDay last_;
  std::vector<int32_t> rank_;     // rank_[i] = Rank(first_ + i)
  std::vector<uint8_t> workday_;  // 1 = working day
};

// Describes a warning list in one line per warning ("no holiday schedule for
// 2027").
std::vector<std::string> WarningTexts(const std::vector<Warning>& warnings);

// A warning for `year` (both languages).
Warning NoScheduleWarning(int year);

// Dates as text live in core/date.h; named here for calendar's callers.
using ::zwgk::FormatDate;
using ::zwgk::ParseDate;

// Chinese weekday name, "周六".
absl::string_view WeekdayName(absl::CivilDay day);

}  // namespace zwgk::calendar

#endif  // ZWGK_CALENDAR_CALENDAR_H_
