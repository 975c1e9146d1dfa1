#include "calendar/estimate.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace zwgk::calendar {
std::vector<int> NoticeYearsOf(absl::CivilDay from, absl::CivilDay to) {
  if (to < from) std::swap(from, to);
  std::vector<int> years;
  for (int y = static_cast<int>(from.year()); y <= to.year(); ++y)
    years.push_back(y);
  absl::CivilDay lead(to.year(), 12, kFirstLeadDecemberDay);
  if (to >= lead) years.push_back(static_cast<int>(to.year()) + 1);
  return years;
}

Estimate EstimateSpan(const std::set<int>& loaded_years, absl::CivilDay from,
                      absl::CivilDay to) {
  Estimate out;
  for (int y : NoticeYearsOf(from, to)) {
    if (!loaded_years.contains(y)) out.missing_years.push_back(y);
  }
  return out;
}

std::string EstimateText(const Estimate& estimate, int current_year) {
  if (!estimate.estimated()) return "";
  std::vector<int> future, past;
  for (int y : estimate.missing_years)
    (y > current_year ? future : past).push_back(y);
  std::string text;
  if (!past.empty()) {
    absl::StrAppend(&text, "未载入", absl::StrJoin(past, "、"),
                    "年节假日安排，期限按周末推算，载入后自动重算");
  }
  if (!future.empty()) {
    if (!text.empty()) absl::StrAppend(&text, "；");
    absl::StrAppend(&text, absl::StrJoin(future, "、"),
                    "年节假日安排尚未发布，期限按周末推算，发布后自动重算");
  }
  return text;
}

std::vector<int> YearsToLoad(const std::set<int>& loaded_years,
                             absl::CivilDay today) {
  const int year = static_cast<int>(today.year());
  std::vector<int> out;
  if (!loaded_years.contains(year)) out.push_back(year);
  if (!loaded_years.contains(year + 1) && today >= absl::CivilDay(year, 11, 1))
    out.push_back(year + 1);
  return out;
}

std::string MissingNoticeTask(int year, int current_year) {
  return year > current_year ? absl::StrCat(year, "年节假日安排尚未发布")
                             : absl::StrCat("未载入", year, "年节假日安排");
}

}  // namespace zwgk::calendar
