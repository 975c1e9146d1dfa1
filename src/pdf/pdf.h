// A small PDF writer for printable documents (the reply letter, the annual
// report): paragraphs and tables of Chinese text laid out by pango on A4
// pages and written by cairo, with the Noto CJK fonts embedded as subsets
// (with ToUnicode, so the text can be searched and copied). stack-notes.md:
// do not use libharu for CJK.
//
// Tables are laid out like HTML tables (cells spanning rows and columns, as
// the national 年报 tables' merged headers need), break across pages between
// rows with their header rows repeated on every page, and never split a row
// unless it is taller than a page.
#ifndef ZWGK_PDF_PDF_H_
#define ZWGK_PDF_PDF_H_

#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"

namespace zwgk::pdf {

enum class Style {
  kTitle,     // centred, large, bold
  kSubtitle,  // centred
  kHeading,   // bold
  kBody,      // justified, first line indented two characters
  kPlain,     // left aligned, no indent (salutations, lists)
  kRight,     // right aligned (signature, date)
};

struct Paragraph {
  Style style = Style::kBody;
  std::string text;  // UTF-8; line breaks start new lines
};

enum class Align { kLeft, kCenter, kRight };

struct Cell {
  std::string text;  // UTF-8; wrapped to the cell's width
  int col_span = 1;
  int row_span = 1;
  Align align = Align::kCenter;  // vertically always centred
  bool bold = false;
};

// Each row lists its cells left to right, skipping the grid positions that a
// cell of an earlier row still covers (as in HTML). The first `header_rows`
// rows are the header: repeated at the top of every page the table continues
// on; a header cell may not span into the body. A body cell spanning rows
// that a page break cuts is drawn on both pages, its text on each part.
struct Table {
  std::vector<double> column_widths;  // relative; scaled to the text width
  std::vector<std::vector<Cell>> rows;
  int header_rows = 0;
  // Body rows (indexes into `rows`) that stay on the page of the row after
  // them: the heading row of a block within the table.
  std::vector<int> keep_with_next;
  double font_size_pt = 0;  // 0: the body size
  double padding_pt = 3;
  double border_pt = 0.6;  // 0: no borders
};

using Block = std::variant<Paragraph, Table>;

struct Options {
  double page_width_pt = 595.28;  // A4
  double page_height_pt = 841.89;
  double margin_pt = 72;  // 2.54 cm
  std::string font_family = "Noto Sans CJK SC";
  double body_size_pt = 12;
  double line_spacing = 1.5;
  std::string title;  // PDF metadata
  // "第 N 页 共 M 页" centred in the bottom margin of every page.
  bool page_numbers = false;
};

// The document as PDF bytes. Internal on a cairo or font failure.
[[nodiscard]] absl::StatusOr<std::string> Render(
    const std::vector<Paragraph>& paragraphs, const Options& options = {});

// Paragraphs and tables in order. InvalidArgument for a table whose cells do
// not fit its columns (or whose header cells span into the body), Internal
// on a cairo or font failure.
[[nodiscard]] absl::StatusOr<std::string> RenderDocument(
    const std::vector<Block>& blocks, const Options& options = {});

}  // namespace zwgk::pdf

#endif  // ZWGK_PDF_PDF_H_
