// CSV (RFC 4180) for imports and exports that clerks open in spreadsheets.
// One home for every module (scripts/check-shape keeps it so).
#ifndef ZWGK_CORE_CSV_H_
#define ZWGK_CORE_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace zwgk {

// Accepts CRLF or LF line ends and a leading BOM; InvalidArgument naming the
// line for an unterminated quote or text after a closing quote.
[[nodiscard]] absl::StatusOr<std::vector<std::vector<std::string>>> ParseCsv(
    absl::string_view csv);

// One record: fields quoted when they hold a comma, quote or line break; ends
// with CRLF. A field a spreadsheet would run as a formula (first character,
// after any single quotes, one of = + - @ tab CR NUL) is written quoted
// behind a single quote, as OWASP's CSV injection guidance says.
std::string FormatCsvRecord(const std::vector<std::string>& fields);

// A cell as read back: the single quote FormatCsvRecord put before a
// formula-like cell is taken off, so export → import gives back the text.
std::string UnguardCsvFormula(absl::string_view cell);

// The byte-order mark spreadsheets need to read UTF-8 CSV as UTF-8.
inline constexpr absl::string_view kCsvBom = "\xEF\xBB\xBF";

}  // namespace zwgk

#endif  // ZWGK_CORE_CSV_H_
