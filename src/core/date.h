// Dates as text ("2026-02-14"): the one parser and formatter every module
// uses (the statutory clock, stored dates, forms and exports).
#ifndef ZWGK_CORE_DATE_H_
#define ZWGK_CORE_DATE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace zwgk {

// Parses "YYYY-MM-DD" strictly: InvalidArgument naming the text for wrong
// widths, trailing text or impossible dates ("2026年2月只有28天").
[[nodiscard]] absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text);

// The same, when the caller words its own error.
std::optional<absl::CivilDay> ParseDay(absl::string_view text);

// "2026-02-14".
std::string FormatDate(absl::CivilDay day);

}  // namespace zwgk

#endif  // ZWGK_CORE_DATE_H_
