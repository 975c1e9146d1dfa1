// Whether a computed date is 暂估 (estimated): counted over days whose
// national holiday notice is not loaded yet, so it was computed with
// weekends only and may move when the notice is loaded.
//
// The rule (pure; the calendar module's Service applies it with the loaded
// years and today's year):
//  * A date computed by counting from `from` to `to` depends on every day in
//    [from, to], both inclusive (the start day matters when the start day
//    counts, and including it is never wrong).
//  * A day belongs to the notice of its own year, and — for 30 and 31
//    December — also to the next year's notice: 元旦 ranges have started on
//    12-30 (2018) and 12-31 (2023), and holiday-cn files key those days under
//    the next year.
//  * The date is estimated when any of those notice years is not loaded. A
//    span that crosses an unloaded year is estimated even when it ends in a
//    loaded one: the count through the unloaded year can change, and with it
//    every later day.
#ifndef ZWGK_CALENDAR_ESTIMATE_H_
#define ZWGK_CALENDAR_ESTIMATE_H_

#include <set>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"

namespace zwgk::calendar {

// The first December day a next year's notice has named (2018's 元旦 began
// on 2017-12-30): a notice for year Y names days from (Y-1)-12-30 on.
inline constexpr int kFirstLeadDecemberDay = 30;

// The notice years whose days could fall in [from, to] (either order),
// ascending.
std::vector<int> NoticeYearsOf(absl::CivilDay from, absl::CivilDay to);

struct Estimate {
  // Notice years the span depends on that are not loaded, ascending.
  std::vector<int> missing_years{};
  bool estimated() const { return !missing_years.empty(); }
};

Estimate EstimateSpan(const std::set<int>& loaded_years, absl::CivilDay from,
                      absl::CivilDay to);

// The note shown beside an estimated date; "" when not estimated. Years after
// `current_year` are not published yet ("2027年节假日安排尚未发布，期限按周末
// 推算，发布后自动重算"); earlier ones are published but not loaded.
std::string EstimateText(const Estimate& estimate, int current_year);

// Whose notice the county office should load now: today's year when it is
// missing, and next year when it is missing and the new year is at most
// about two months away (from 1 November: notices come out in Oct–Dec, and
// the longest statutory terms, 20 working days plus a 20-day extension,
// reach into the next year from about then).
std::vector<int> YearsToLoad(const std::set<int>& loaded_years,
                             absl::CivilDay today);

// The admin task for an unloaded year ("2027年节假日安排尚未发布").
std::string MissingNoticeTask(int year, int current_year);

}  // namespace zwgk::calendar

#endif  // ZWGK_CALENDAR_ESTIMATE_H_
