// libFuzzer target for CSV imports: core/csv.h ParseCsv (what every CSV
// importer reads with: catalog, applications, reports, villages, decisions,
// service statistics) and the catalog's CSV importer on top of it.
//
// Invariants: parse → FormatCsvRecord → parse gives the same rows (the
// formula guard taken off again by UnguardCsvFormula); a formatted cell
// never starts a formula; the importer never crashes.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "catalog/excel.h"
#include "core/csv.h"
#include "fuzz_util.h"

namespace {

using Rows = std::vector<std::vector<std::string>>;

void RoundTrip(const Rows& rows, absl::string_view input) {
  // ParseCsv drops one leading byte-order mark; a first cell that starts
  // with another cannot come back.
  if (!rows.empty() && !rows[0].empty() &&
      absl::StartsWith(rows[0][0], zwgk::kCsvBom))
    return;
  std::string text;
  for (const std::vector<std::string>& row : rows) {
    const std::string record = zwgk::FormatCsvRecord(row);
    // Each written cell is plain text, or quoted; a quoted cell that a
    // spreadsheet could run starts with the single-quote guard.
    for (const std::string& cell : row)
      if (!cell.empty() &&
          absl::string_view("=+-@").find(cell[0]) != absl::string_view::npos)
        ZWGK_FUZZ_CHECK(absl::StrContains(record, "\"'"), record);
    text += record;
  }
  absl::StatusOr<Rows> again = zwgk::ParseCsv(text);
  ZWGK_FUZZ_CHECK(again.ok(), text);
  ZWGK_FUZZ_CHECK(again->size() == rows.size(), text);
  for (size_t r = 0; r < rows.size(); ++r) {
    ZWGK_FUZZ_CHECK((*again)[r].size() == rows[r].size(), text);
    for (size_t c = 0; c < rows[r].size(); ++c)
      ZWGK_FUZZ_CHECK(zwgk::UnguardCsvFormula((*again)[r][c]) == rows[r][c],
                      input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input = zwgk::fuzz::Bytes(data, size);
  absl::StatusOr<Rows> rows = zwgk::ParseCsv(input);
  if (rows.ok()) {
    ZWGK_FUZZ_CHECK(rows->size() <= input.size() + 1, input);
    RoundTrip(*rows, input);
  }
  (void)zwgk::catalog::ImportCsv(input, {.domain = "领域"});
  return 0;
}
