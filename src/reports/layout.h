// The 年报 laid out once: the national Tables 二, 三 and 四 as grids of
// cells (text, kind, spans, header rows, column proportions) and the body
// text as paragraphs. The HTML page, the PDF, the DOCX and the XLSX writers
// each render this layout generically, so a label, a merge or a header row
// is defined here and nowhere else. Pure: no I/O.
#ifndef ZWGK_REPORTS_LAYOUT_H_
#define ZWGK_REPORTS_LAYOUT_H_

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "reports/model.h"

namespace zwgk::reports {

enum class CellKind {
  kHeader,  // names columns or a block of rows: bold, centred (HTML <th>)
  kLabel,   // names its own row: left-aligned
  kNumber,  // a figure: centred; `value` holds it for spreadsheets
  kNote,    // explains the table (勾稽关系): set like a header
};

struct LayoutCell {
  std::string text;
  CellKind kind = CellKind::kLabel;
  int row_span = 1;
  int col_span = 1;
  double value = 0;  // kNumber: the figure (收费 in 万元)
  bool operator==(const LayoutCell&) const = default;
};

struct LayoutTable {
  std::string name;   // table2 | table3 | table4 (the HTML class)
  std::string sheet;  // 表二 … (the XLSX sheet)
  std::string title;  // the section heading above it
  // One proportion per grid column; writers scale them to their width.
  std::vector<double> column_widths;
  // The first rows are the header, repeated on every page the table runs
  // over; a header cell does not span into the body.
  int header_rows = 0;
  // Body rows that stay on the page of the row after them (a block's
  // heading rows within Table 二).
  std::vector<int> keep_with_next;
  // Each row lists its cells left to right, skipping the grid positions a
  // row_span from an earlier row still covers (as in HTML).
  std::vector<std::vector<LayoutCell>> rows;
  int columns() const { return static_cast<int>(column_widths.size()); }
};

LayoutTable Table2Layout(const Table2& t);
LayoutTable Table3Layout(const Table3& t);
LayoutTable Table4Layout(const Table4& t);
// Tables 二, 三, 四 in report order.
std::array<LayoutTable, 3> TableLayouts(const Figures& f);

// A cell at its grid position (row and column of its top-left corner).
struct PlacedCell {
  int row = 0;
  int col = 0;
  LayoutCell cell;
};
struct Grid {
  std::vector<PlacedCell> cells;  // row by row, left to right
  // owner[row][col]: the index in `cells` of the cell covering that position.
  std::vector<std::vector<int>> owner;
};
// Where every cell falls; nullopt when cells overlap, run past the columns
// or the rows, or leave a position uncovered (a layout error).
std::optional<Grid> Place(const LayoutTable& t);

// Body text: one paragraph per non-empty line (trimmed), "无。" for none.
std::vector<std::string> BodyParagraphs(absl::string_view text);

// "嘉鱼县人民政府2025年政府信息公开工作年度报告".
std::string ReportTitle(const Report& r);
// "（更正版本2：…）" for a corrected version with a note, "" otherwise.
std::string CorrectionNote(const Report& r);

}  // namespace zwgk::reports

#endif  // ZWGK_REPORTS_LAYOUT_H_
