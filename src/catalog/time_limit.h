// Reads a 公开时限 as written in a catalog into a clock period.
//
// Only wordings whose meaning is unambiguous are read; anything else (several
// different deadlines for different cases, dates such as "每年3月31日前",
// months, hours, ranges) stays kUnparsed so a person reviews it. Examples:
//   自信息形成或者变更之日起20个工作日内        → 20 working days
//   制定或获取信息之日起10个工作日内            → 10 working days
//   经本级人大或其常委会批准后20日内            → 20 calendar days
//   公示7个工作日                              → 7 working days, a 公示期
//   3个工作日内公开，公示期不少于7个工作日       → 3 working days + 公示期 7
//   实时公开 / 及时公开                        → realtime / timely
#ifndef ZWGK_CATALOG_TIME_LIMIT_H_
#define ZWGK_CATALOG_TIME_LIMIT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "catalog/model.h"

namespace zwgk::catalog {

// Never fails: text it does not understand yields PeriodKind::kUnparsed.
TimeLimit ParseTimeLimit(absl::string_view text);

// "20个工作日", "20日", "实时", "及时", "待审核".
std::string PeriodLabel(const Period& period);

}  // namespace zwgk::catalog

#endif  // ZWGK_CATALOG_TIME_LIMIT_H_
