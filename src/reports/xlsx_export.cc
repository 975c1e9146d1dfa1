// The 年报's tables as an Excel workbook (libxlsxwriter): one sheet per
// table — 表二, 表三, 表四 — laid out like the national format, merged
// header cells where the template merges them, figures as numbers (收费 in
// 万元) and every label written as a string, so nothing a unit typed is ever
// read as a formula.
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "reports/layout.h"
#include "reports/service.h"

namespace zwgk::reports {
namespace {

constexpr uint8_t kPaperA4 = 9;

struct Formats {
  lxw_format* title;
  lxw_format* header;  // bold, shaded, centred, wrapped
  lxw_format* label;   // row labels: left, wrapped
  lxw_format* number;  // centred
};

Formats MakeFormats(lxw_workbook* wb) {
  auto cell = [wb](bool centred) {
    lxw_format* f = workbook_add_format(wb);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_text_wrap(f);
    format_set_align(f, centred ? LXW_ALIGN_CENTER : LXW_ALIGN_LEFT);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    format_set_font_name(f, "宋体");
    format_set_font_size(f, 10);
    return f;
  };
  Formats f{.title = workbook_add_format(wb),
            .header = cell(true),
            .label = cell(false),
            .number = cell(true)};
  format_set_bold(f.title);
  format_set_font_name(f.title, "黑体");
  format_set_font_size(f.title, 14);
  format_set_align(f.title, LXW_ALIGN_CENTER);
  format_set_align(f.title, LXW_ALIGN_VERTICAL_CENTER);
  format_set_bold(f.header);
  format_set_bg_color(f.header, 0xF2F2F2);
  return f;
}

// Writes cells of one sheet, keeping the first libxlsxwriter error.
class SheetWriter {
 public:
  SheetWriter(lxw_worksheet* ws, const Formats& f, absl::Status& status)
      : ws_(ws), f_(f), status_(status) {}

  void Text(int row, int col, absl::string_view text, lxw_format* format) {
    Check(worksheet_write_string(ws_, row, col, std::string(text).c_str(),
                                 format));
  }
  void Number(int row, int col, double n) {
    Check(worksheet_write_number(ws_, row, col, n, f_.number));
  }
  // A merged area holding `text`; a single cell when it covers one.
  void Merge(int r0, int c0, int r1, int c1, absl::string_view text,
             lxw_format* format) {
    if (r0 == r1 && c0 == c1) return Text(r0, c0, text, format);
    Check(worksheet_merge_range(ws_, r0, c0, r1, c1, std::string(text).c_str(),
                                format));
  }
  // A merged area holding a number (merge_range writes a string: overwrite
  // the first cell with the number, keeping the merge).
  void MergeNumber(int r0, int c0, int r1, int c1, double n) {
    if (r0 != r1 || c0 != c1)
      Check(worksheet_merge_range(ws_, r0, c0, r1, c1, "", f_.number));
    Number(r0, c0, n);
  }
  void Width(int col, double width) {
    Check(worksheet_set_column(ws_, col, col, width, nullptr));
  }
  // A4, header rows repeated on every printed page, one page wide.
  void Print(int first_header, int last_header, bool landscape) {
    if (landscape) worksheet_set_landscape(ws_);
    worksheet_set_paper(ws_, kPaperA4);
    worksheet_center_horizontally(ws_);
    worksheet_fit_to_pages(ws_, 1, 0);
    if (last_header >= first_header)
      Check(worksheet_repeat_rows(ws_, first_header, last_header));
    Check(worksheet_set_footer(ws_, "&C第 &P 页，共 &N 页"));
  }
  const Formats& f() const { return f_; }

 private:
  void Check(lxw_error err) {
    if (err != LXW_NO_ERROR && status_.ok())
      status_ = absl::InternalError(
          absl::StrCat("写入年报 XLSX 失败：", lxw_strerror(err)));
  }
  lxw_worksheet* ws_;
  const Formats& f_;
  absl::Status& status_;
};

// About an A4 page of 10 pt text, in character widths; printed, each sheet
// is fitted to one page wide anyway.
constexpr double kSheetWidthChars = 100;

// A sheet: the section heading merged over the first row, the layout's
// grid below it, its header rows repeated on every printed page. Fifteen
// columns (表四) print landscape.
void TableSheet(SheetWriter& w, const LayoutTable& t, const Grid& grid) {
  const Formats& f = w.f();
  double total = 0;
  for (double width : t.column_widths) total += width;
  for (int c = 0; c < t.columns(); ++c)
    w.Width(c, t.column_widths[c] / total * kSheetWidthChars);
  w.Merge(0, 0, 0, t.columns() - 1, t.title, f.title);
  for (const PlacedCell& p : grid.cells) {
    const int r0 = p.row + 1, c0 = p.col;
    const int r1 = r0 + p.cell.row_span - 1, c1 = c0 + p.cell.col_span - 1;
    if (p.cell.kind == CellKind::kNumber) {
      w.MergeNumber(r0, c0, r1, c1, p.cell.value);
    } else {
      w.Merge(r0, c0, r1, c1, p.cell.text,
              p.cell.kind == CellKind::kLabel ? f.label : f.header);
    }
  }
  w.Print(1, t.header_rows, t.columns() > 10);
}

absl::Status Write(lxw_workbook* wb, const ReportView& v) {
  absl::Status status;
  const Formats f = MakeFormats(wb);
  const std::string title = ReportTitle(v.report);
  lxw_doc_properties props = {};
  props.title = const_cast<char*>(title.c_str());
  props.author = const_cast<char*>(v.report.body_name.c_str());
  workbook_set_properties(wb, &props);
  for (const LayoutTable& t : TableLayouts(v.figures)) {
    std::optional<Grid> grid = Place(t);
    if (!grid) return absl::InternalError("年报 XLSX 的表格列数不一致");
    lxw_worksheet* ws = workbook_add_worksheet(wb, t.sheet.c_str());
    if (ws == nullptr) return absl::InternalError("无法创建工作表");
    SheetWriter w(ws, f, status);
    TableSheet(w, t, *grid);
  }
  return status;
}

}  // namespace

absl::StatusOr<std::string> XlsxBytes(const ReportView& v) {
  // libxlsxwriter (1.1.4) writes only to a file: a private temporary one.
  std::string path =
      (std::filesystem::temp_directory_path() / "zwgk-report-XXXXXX").string();
  const int fd = mkstemp(path.data());
  if (fd < 0) return absl::UnavailableError("无法创建临时文件");
  close(fd);
  struct Remove {
    std::string path;
    ~Remove() { std::filesystem::remove(path); }
  } remove{path};
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) return absl::UnavailableError("无法创建年报 XLSX");
  absl::Status status = Write(wb, v);
  const lxw_error closed = workbook_close(wb);  // also frees wb
  if (!status.ok()) return status;
  if (closed != LXW_NO_ERROR)
    return absl::UnavailableError(
        absl::StrCat("写入年报 XLSX 失败：", lxw_strerror(closed)));
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) return absl::UnavailableError("读取年报 XLSX 失败");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

}  // namespace zwgk::reports
