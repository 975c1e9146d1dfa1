#include "calendar/calendar.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace zwgk::calendar {
namespace {

bool IsWeekend(absl::CivilDay day) {
  const absl::Weekday w = absl::GetWeekday(day);
  return w == absl::Weekday::saturday || w == absl::Weekday::sunday;
}

// Weekday arithmetic for days without a schedule. kEpoch is a Monday;
// WeekdayRank(d) - WeekdayRank(c) = Monday–Friday days in (c, d].
const absl::CivilDay kEpoch(1970, 1, 5);

int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t WeekdayRank(absl::CivilDay day) {
  const int64_t k = day - kEpoch;
  const int64_t q = FloorDiv(k, 7);
  const int64_t r = k - 7 * q;  // 0 = Monday … 6 = Sunday
  return 5 * q + std::min<int64_t>(r + 1, 5);
}

// The smallest day whose WeekdayRank is ≥ rank (always a Monday–Friday).
absl::CivilDay DayOfWeekdayRank(int64_t rank) {
  const int64_t q = FloorDiv(rank - 1, 5);
  const int64_t rem = rank - 5 * q;  // 1..5
  return kEpoch + (7 * q + rem - 1);
}

DayKind Classify(absl::CivilDay day, const NamedDay* named) {
  if (named == nullptr) {
    return IsWeekend(day) ? DayKind::kWeekend : DayKind::kWorkday;
  }
  const bool local = named->source == DaySource::kLocal;
  if (named->status == DayStatus::kOff) {
    return local ? DayKind::kLocalClosure : DayKind::kHoliday;
  }
  if (local) return DayKind::kLocalWorkday;
  // A weekday named as a working day (2020-02-03, listed as 上班 after the
  // extended 春节) is an ordinary working day, not a make-up day.
  return IsWeekend(day) ? DayKind::kMakeupWorkday : DayKind::kWorkday;
}

bool IsWorkingKind(DayKind kind) {
  return kind == DayKind::kWorkday || kind == DayKind::kMakeupWorkday ||
         kind == DayKind::kLocalWorkday;
}

int YearOf(absl::CivilDay day) { return static_cast<int>(day.year()); }

}  // namespace

Schedule MergeSchedules(const Schedule& base, const Schedule& overrides) {
  Schedule merged = base;
  for (const auto& [day, named] : overrides.days) merged.days[day] = named;
  merged.years.insert(overrides.years.begin(), overrides.years.end());
  for (const auto& [year, papers] : overrides.papers) {
    auto& list = merged.papers[year];
    list.insert(list.end(), papers.begin(), papers.end());
  }
  return merged;
}

Calendar::Calendar(Schedule schedule, CalendarOptions options)
    : schedule_(std::move(schedule)), options_(options) {
  int first_year = options_.table_first_year;
  int last_year = options_.table_last_year;
  if (!schedule_.days.empty()) {
    first_year = std::min(first_year, YearOf(schedule_.days.begin()->first));
    last_year = std::max(last_year, YearOf(schedule_.days.rbegin()->first));
  }
  if (!schedule_.years.empty()) {
    first_year = std::min(first_year, *schedule_.years.begin());
    last_year = std::max(last_year, *schedule_.years.rbegin());
  }
  first_ = absl::CivilDay(first_year, 1, 1);
  last_ = absl::CivilDay(last_year, 12, 31);

  const size_t n = Index(last_) + 1;
  rank_.resize(n);
  workday_.resize(n);
  auto named = schedule_.days.begin();
  int32_t rank = 0;
  for (size_t i = 0; i < n; ++i) {
    const absl::CivilDay day = first_ + static_cast<int64_t>(i);
    while (named != schedule_.days.end() && named->first < day) ++named;
    const NamedDay* entry =
        (named != schedule_.days.end() && named->first == day) ? &named->second
                                                               : nullptr;
    const bool working = IsWorkingKind(Classify(day, entry));
    workday_[i] = working ? 1 : 0;
    rank += working ? 1 : 0;
    rank_[i] = rank;
  }
}

Calendar Calendar::FromSchedules(const Schedule& national,
                                 const Schedule& local,
                                 CalendarOptions options) {
  return Calendar(MergeSchedules(national, local), options);
}

int64_t Calendar::Rank(absl::CivilDay day) const {
  if (day < first_) return WeekdayRank(day) - WeekdayRank(first_ - 1);
  if (day > last_) return rank_.back() + WeekdayRank(day) - WeekdayRank(last_);
  return rank_[Index(day)];
}

absl::CivilDay Calendar::DayOfRank(int64_t rank, absl::CivilDay after) const {
  if (rank <= 0) return DayOfWeekdayRank(rank + WeekdayRank(first_ - 1));
  if (rank > rank_.back()) {
    return DayOfWeekdayRank(rank - rank_.back() + WeekdayRank(last_));
  }
  const size_t lo = InTable(after) ? Index(after) + 1 : 0;
  const auto it = std::lower_bound(rank_.begin() + lo, rank_.end(), rank);
  return first_ + (it - rank_.begin());
}

bool Calendar::IsWorkdayFast(absl::CivilDay day) const {
  if (InTable(day)) return workday_[Index(day)] != 0;
  return !IsWeekend(day);
}

int64_t Calendar::CountWorkdays(absl::CivilDay a, absl::CivilDay b) const {
  if (b < a) return 0;
  return Rank(b) - Rank(a - 1);
}

absl::CivilDay Calendar::NthWorkdayAfter(absl::CivilDay day, int64_t k) const {
  return DayOfRank(Rank(day) + k, day);
}

bool Calendar::Covers(int year) const { return schedule_.years.contains(year); }

std::vector<Warning> Calendar::CoverageWarnings(absl::CivilDay a,
                                                absl::CivilDay b) const {
  std::vector<Warning> warnings;
  if (b < a) std::swap(a, b);
  for (int year = YearOf(a); year <= YearOf(b); ++year) {
    if (!Covers(year)) warnings.push_back(NoScheduleWarning(year));
  }
  return warnings;
}

WorkdayAnswer Calendar::IsWorkday(absl::CivilDay day) const {
  const auto it = schedule_.days.find(day);
  const NamedDay* named = it == schedule_.days.end() ? nullptr : &it->second;
  WorkdayAnswer answer;
  answer.kind = Classify(day, named);
  answer.workday = IsWorkingKind(answer.kind);
  if (named != nullptr) answer.name = named->name;
  switch (answer.kind) {
    case DayKind::kWorkday:
      answer.reason = "工作日";
      break;
    case DayKind::kWeekend:
      answer.reason = "周末";
      break;
    case DayKind::kMakeupWorkday:
      answer.reason = "调休上班";
      break;
    case DayKind::kHoliday:
    case DayKind::kLocalClosure:
    case DayKind::kLocalWorkday:
      answer.reason = named->name;
      break;
  }
  answer.warnings = CoverageWarnings(day, day);
  return answer;
}

DayAnswer Calendar::NextWorkday(absl::CivilDay day) const {
  const absl::CivilDay next = NthWorkdayAfter(day, 1);
  return {next, CoverageWarnings(day, next)};
}

absl::StatusOr<DayAnswer> Calendar::AddWorkdays(absl::CivilDay day,
                                                int64_t n) const {
  if (n < 0) {
    return absl::InvalidArgumentError(absl::StrCat("工作日数不能为负数：", n));
  }
  if (n > kMaxWorkdays) {
    return absl::InvalidArgumentError(
        absl::StrCat("工作日数过大：", n, "（最多", kMaxWorkdays, "）"));
  }
  if (n == 0) return DayAnswer{day, CoverageWarnings(day, day)};
  const absl::CivilDay before =
      options_.counting == Counting::kNextDay ? day : day - 1;
  const absl::CivilDay result = NthWorkdayAfter(before, n);
  return DayAnswer{result, CoverageWarnings(day, result)};
}

CountAnswer Calendar::WorkdaysBetween(absl::CivilDay a,
                                      absl::CivilDay b) const {
  const absl::CivilDay first_counted =
      options_.counting == Counting::kNextDay ? a + 1 : a;
  return {CountWorkdays(first_counted, b), CoverageWarnings(a, b)};
}

Warning NoScheduleWarning(int year) {
  return {
      .year = year,
      .text = absl::StrCat("no holiday schedule for ", year),
      .text_zh = absl::StrCat("未载入", year, "年节假日安排，仅按周末计算")};
}

std::vector<std::string> WarningTexts(const std::vector<Warning>& warnings) {
  std::vector<std::string> texts;
  texts.reserve(warnings.size());
  for (const Warning& w : warnings) texts.push_back(w.text);
  return texts;
}

absl::string_view WeekdayName(absl::CivilDay day) {
  switch (absl::GetWeekday(day)) {
    case absl::Weekday::monday:
      return "周一";
    case absl::Weekday::tuesday:
      return "周二";
    case absl::Weekday::wednesday:
      return "周三";
    case absl::Weekday::thursday:
      return "周四";
    case absl::Weekday::friday:
      return "周五";
    case absl::Weekday::saturday:
      return "周六";
    case absl::Weekday::sunday:
      return "周日";
  }
  return "";
}

}  // namespace zwgk::calendar
