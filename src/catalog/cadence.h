// Recurring 公开时限: a catalog item whose time limit names a period
// (每月, 每季度, 每半年, 每年 …) owes a record for every such period. Pure.
#ifndef ZWGK_CATALOG_CADENCE_H_
#define ZWGK_CATALOG_CADENCE_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace zwgk::catalog {

enum class Cadence { kMonthly, kQuarterly, kHalfYearly, kYearly };

// The period a 公开时限 text names, the most frequent one when it names
// several; nullopt when it names none. Only explicit recurrence counts:
// 每月/按月/逐月, 每季度/按季度/每季, 每半年, 每年/每年度/按年度 — not a
// bare 年度 (年度任务, 评价年度) or a deadline in days.
std::optional<Cadence> ParseCadence(absl::string_view time_limit_text);

// 每月 | 每季度 | 每半年 | 每年.
absl::string_view CadenceLabel(Cadence c);

// One period of a cadence: its first and last day and its name.
struct CadencePeriod {
  absl::CivilDay start, end;
  std::string label;  // 2026年11月 | 2026年第三季度 | 2026年上半年 | 2025年
};

// The latest period that has ended on or before `as_of` (a period ending on
// as_of counts as ended).
CadencePeriod LatestEndedPeriod(Cadence c, absl::CivilDay as_of);

}  // namespace zwgk::catalog

#endif  // ZWGK_CATALOG_CADENCE_H_
