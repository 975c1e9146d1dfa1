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
//
// For books (the 办事一本通): page breaks, running headers in the top
// margin, page numbers counted from a given page, and a page map (the page
// each Anchor's block starts on) for a table of contents laid out in a
// second pass.
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
  std::string text;    // UTF-8; line breaks start new lines
  double size_pt = 0;  // 0: the style's size (a book's cover title: larger)
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

// Starts a new page unless the current one is still empty (a book's cover,
// contents, each section).
struct PageBreak {};

// The text drawn in the top margin (a running header: the section's name)
// from the page the next paragraph or table is drawn on; "" for none.
struct RunningHeader {
  std::string text;
};

// Marks where the next paragraph or table starts: PageMap::anchors lists
// that page for every Anchor, in order (the page numbers of a table of
// contents).
struct Anchor {};

using Block = std::variant<Paragraph, Table, PageBreak, RunningHeader, Anchor>;

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
  // The page number's text: $0 the page's number, $1 how many pages are
  // numbered (only a format with $1 costs a counting pass).
  std::string page_number_format = "第 $0 页 共 $1 页";
  // The first page that carries a number, counted as 1 (a book numbers its
  // body after the cover and contents); earlier pages have no footer.
  int first_numbered_page = 1;
  // The running header's size; 0: three quarters of the body size.
  double header_size_pt = 0;
};

// Where the pages fall: how many, and the page (1-based, counted from the
// first page of the document) each Anchor block's next block starts on.
struct PageMap {
  int pages = 0;
  std::vector<int> anchors;
};

// The document as PDF bytes. Internal on a cairo or font failure.
[[nodiscard]] absl::StatusOr<std::string> Render(
    const std::vector<Paragraph>& paragraphs, const Options& options = {});

// Paragraphs and tables in order. InvalidArgument for a table whose cells do
// not fit its columns (or whose header cells span into the body), Internal
// on a cairo or font failure.
[[nodiscard]] absl::StatusOr<std::string> RenderDocument(
    const std::vector<Block>& blocks, const Options& options = {});
// The same, filling `page_map` with where the pages of this PDF fall.
[[nodiscard]] absl::StatusOr<std::string> RenderDocument(
    const std::vector<Block>& blocks, const Options& options,
    PageMap* page_map);

// Where the pages would fall, without writing the PDF (the first pass of a
// book: its contents need the page numbers).
[[nodiscard]] absl::StatusOr<PageMap> Paginate(const std::vector<Block>& blocks,
                                               const Options& options = {});

}  // namespace zwgk::pdf

#endif  // ZWGK_PDF_PDF_H_
