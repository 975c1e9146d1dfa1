// A worksheet as a table of text rows, for the importers that read one
// sheet by its header names (办事指南, 办事统计, 权责清单 …): the sheet
// picked by name (or the first), merged areas filled in, bounded in rows
// and columns, with the errors named on the form's "file" field; and the
// header look-ups those importers share.
#ifndef ZWGK_CATALOG_XLSX_TABLE_H_
#define ZWGK_CATALOG_XLSX_TABLE_H_

#include <initializer_list>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace zwgk::catalog::xlsx {

struct TableRequest {
  // The sheet's name; "" → the first sheet.
  std::string sheet;
  // When the named sheet is missing: the first sheet instead (true), or a
  // table with found == false (false).
  bool first_if_missing = true;
  // Data rows below the header; more → InvalidArgument naming the limit.
  int max_rows = 20000;
  // Columns read from the left; the rest are ignored.
  int max_cols = 200;
};

struct Table {
  std::vector<std::vector<std::string>> rows;  // each max_cols wide at most
  bool found = true;                           // the named sheet was there
  std::string sheet;                           // the sheet read
};

// The sheet of an XLSX workbook as text rows (Cell::Text of each cell as a
// person sees it: merged areas repeat their value). InvalidArgument with a
// "file" field error for a file that is not a workbook, a sheet that cannot
// be read or too many rows.
[[nodiscard]] absl::StatusOr<Table> ReadTable(absl::string_view bytes,
                                              const TableRequest& request);

// An uploaded list as text rows: the workbook's first sheet when `bytes`
// is an XLSX file (its "PK" signature), else UTF-8 CSV. `what` names the
// list in the row-limit message (名单, 权责清单). InvalidArgument with a
// "file" field error naming `filename` for a file neither reads as.
[[nodiscard]] absl::StatusOr<std::vector<std::vector<std::string>>>
ReadUploadedTable(absl::string_view filename, absl::string_view bytes,
                  const TableRequest& request, absl::string_view what);

// `s` with leading and trailing spaces (ASCII, U+3000 and the others
// catalog::text::IsSpace knows) removed, invalid UTF-8 replaced (U+FFFD),
// CRLF and CR made LF and other control characters but tab dropped.
std::string CleanCell(absl::string_view s);
// The header row's column of each name (the first of `names` present,
// comparing cleaned cells); -1 when none is.
int ColumnOf(const std::vector<std::string>& header,
             std::initializer_list<absl::string_view> names);
// Cell `col` of `row`, cleaned; "" when out of range or col < 0.
std::string CellAt(const std::vector<std::string>& row, int col);

}  // namespace zwgk::catalog::xlsx

#endif  // ZWGK_CATALOG_XLSX_TABLE_H_
