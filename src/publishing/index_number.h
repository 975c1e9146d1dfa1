// 索引号 patterns. No national standard fixes the format (catalogs.md §8);
// the common one is "<organisation code>/<year>-<5-digit serial>", some
// portals use yyyymm. A pattern is text with placeholders:
//   {org}       the unit's 统一社会信用代码 (or 组织机构代码)
//   {yyyy}      the publication year; {yyyymm} year and month
//   {serial}    the serial, 5 digits; {serial:N} N digits (3–8)
// The serial counts per organisation and period (the year, or the month when
// the pattern has {yyyymm}), so a pattern must contain {org}, {serial} and a
// period.
#ifndef ZWGK_PUBLISHING_INDEX_NUMBER_H_
#define ZWGK_PUBLISHING_INDEX_NUMBER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace zwgk::publishing {

struct IndexNumberPattern {
  std::string text;
  bool monthly = false;  // the serial restarts every month
  int serial_digits = 5;
};

// InvalidArgument with a Chinese message for unknown placeholders, a missing
// {org}, {serial} or period, or a serial width outside 3–8.
absl::StatusOr<IndexNumberPattern> ParseIndexPattern(absl::string_view text);

// The serial's period key for `day`: "2026" or "202603".
std::string IndexPeriod(const IndexNumberPattern& p, absl::CivilDay day);

// The 索引号. InvalidArgument when the serial does not fit the width.
absl::StatusOr<std::string> FormatIndexNumber(const IndexNumberPattern& p,
                                              absl::string_view org_code,
                                              absl::CivilDay day,
                                              int64_t serial);

}  // namespace zwgk::publishing

#endif  // ZWGK_PUBLISHING_INDEX_NUMBER_H_
