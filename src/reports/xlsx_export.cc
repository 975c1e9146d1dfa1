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
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
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
  void Widths(std::initializer_list<double> widths) {
    int c = 0;
    for (double w : widths) {
      Check(worksheet_set_column(ws_, c, c, w, nullptr));
      ++c;
    }
  }
  void SameWidth(int first, int last, double width) {
    Check(worksheet_set_column(ws_, first, last, width, nullptr));
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

// 表二: four columns, the title on row 1, blocks as the national template.
void Table2Sheet(SheetWriter& w, const Table2& t) {
  const Formats& f = w.f();
  w.Widths({22, 16, 16, 16});
  w.Merge(0, 0, 0, 3, "二、主动公开政府信息情况", f.title);
  int row = 1;
  auto block = [&](absl::string_view item) {
    w.Merge(row, 0, row, 3, item, f.header);
    ++row;
  };
  block("第二十条第（一）项");
  w.Text(row, 0, "信息内容", f.header);
  w.Text(row, 1, "本年制发件数", f.header);
  w.Text(row, 2, "本年废止件数", f.header);
  w.Text(row, 3, "现行有效件数", f.header);
  ++row;
  for (auto [label, d] : {std::pair{"规章", &t.regulations},
                          std::pair{"行政规范性文件", &t.normative}}) {
    w.Text(row, 0, label, f.label);
    w.Number(row, 1, static_cast<double>(d->issued));
    w.Number(row, 2, static_cast<double>(d->repealed));
    w.Number(row, 3, static_cast<double>(d->in_force));
    ++row;
  }
  auto single =
      [&](absl::string_view item, absl::string_view heading,
          std::initializer_list<std::pair<absl::string_view, double>> rows) {
        block(item);
        w.Text(row, 0, "信息内容", f.header);
        w.Merge(row, 1, row, 3, heading, f.header);
        ++row;
        for (const auto& [label, value] : rows) {
          w.Text(row, 0, label, f.label);
          w.MergeNumber(row, 1, row, 3, value);
          ++row;
        }
      };
  single("第二十条第（五）项", "本年处理决定数量",
         {{"行政许可", static_cast<double>(t.licensing.value)}});
  single("第二十条第（六）项", "本年处理决定数量",
         {{"行政处罚", static_cast<double>(t.penalty.value)},
          {"行政强制", static_cast<double>(t.coercion.value)}});
  // 分 → 万元 (1 万元 = 1,000,000 分).
  single("第二十条第（八）项", "本年收费金额（单位：万元）",
         {{"行政事业性收费", static_cast<double>(t.fees.value) / 1e6}});
  w.Print(0, -1, false);
}

// 表三: three label columns (A–C) and seven figures (D–J); header rows 2–4.
constexpr int kT3Header = 1, kT3FirstRow = 4;
void Table3Sheet(SheetWriter& w, const Table3& t) {
  const Formats& f = w.f();
  w.Widths({6, 10, 30, 8, 8, 8, 10, 10, 8, 8});
  w.Merge(0, 0, 0, 9, "三、收到和处理政府信息公开申请情况", f.title);
  w.Merge(kT3Header, 0, kT3Header + 2, 2,
          "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"
          "）",
          f.header);
  w.Merge(kT3Header, 3, kT3Header, 9, "申请人情况", f.header);
  w.Merge(kT3Header + 1, 3, kT3Header + 2, 3, kColumnLabels[0], f.header);
  w.Merge(kT3Header + 1, 4, kT3Header + 1, 8, "法人或其他组织", f.header);
  w.Merge(kT3Header + 1, 9, kT3Header + 2, 9, kColumnLabels[6], f.header);
  for (int c = 1; c < 6; ++c)
    w.Text(kT3Header + 2, 3 + c, kColumnLabels[c], f.header);
  for (int r = 0; r < kTable3Rows; ++r) {
    const int row = kT3FirstRow + r;
    if (r == kRowNew || r == kRowCarriedIn || r == kRowCarriedOut) {
      w.Merge(row, 0, row, 2, kRowLabels[r], f.label);
    } else {
      if (r == kFirstResultRow)
        w.Merge(row, 0, kT3FirstRow + kRowConcluded, 0, "三、本年度办理结果",
                f.header);
      absl::string_view group = RowGroup(r);
      if (group.empty()) {
        w.Merge(row, 1, row, 2, kRowLabels[r], f.label);
      } else {
        if (RowGroup(r - 1) != group) {
          int n = 0;
          while (r + n < kTable3Rows && RowGroup(r + n) == group) ++n;
          w.Merge(row, 1, row + n - 1, 1, group, f.label);
        }
        w.Text(row, 2, kRowLabels[r], f.label);
      }
    }
    for (int c = 0; c < kColumns; ++c)
      w.Number(row, 3 + c, static_cast<double>(t.cells[r][c]));
  }
  w.Print(kT3Header, kT3Header + 2, false);
}

// 表四: fifteen columns, header rows 2–4, the figures on row 5.
void Table4Sheet(SheetWriter& w, const Table4& t) {
  const Formats& f = w.f();
  w.SameWidth(0, 14, 7);
  w.Merge(0, 0, 0, 14, "四、政府信息公开行政复议、行政诉讼情况", f.title);
  w.Merge(1, 0, 1, 4, kProceedingLabels[0], f.header);
  w.Merge(1, 5, 1, 14, "行政诉讼", f.header);
  for (int c = 0; c < 5; ++c) w.Merge(2, c, 3, c, kOutcomeLabels[c], f.header);
  w.Merge(2, 5, 2, 9, kProceedingLabels[1], f.header);
  w.Merge(2, 10, 2, 14, kProceedingLabels[2], f.header);
  for (int b = 0; b < 2; ++b)
    for (int c = 0; c < 5; ++c)
      w.Text(3, 5 + b * 5 + c, kOutcomeLabels[c], f.header);
  for (int b = 0; b < 3; ++b)
    for (int c = 0; c < 5; ++c)
      w.Number(4, b * 5 + c, static_cast<double>(t.blocks[b][c]));
  w.Print(1, 3, true);
}

absl::Status Write(lxw_workbook* wb, const ReportView& v) {
  absl::Status status;
  const Formats f = MakeFormats(wb);
  const std::string title = absl::StrCat(v.report.body_name, v.report.year,
                                         "年政府信息公开工作年度报告");
  lxw_doc_properties props = {};
  props.title = const_cast<char*>(title.c_str());
  props.author = const_cast<char*>(v.report.body_name.c_str());
  workbook_set_properties(wb, &props);
  struct SheetSpec {
    const char* name;
    void (*fill)(SheetWriter&, const ReportView&);
  };
  const SheetSpec sheets[] = {
      {"表二", [](SheetWriter& w,
                  const ReportView& v) { Table2Sheet(w, v.figures.table2); }},
      {"表三", [](SheetWriter& w,
                  const ReportView& v) { Table3Sheet(w, v.figures.table3); }},
      {"表四", [](SheetWriter& w, const ReportView& v) {
         Table4Sheet(w, v.figures.table4);
       }}};
  for (const SheetSpec& s : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, s.name);
    if (ws == nullptr) return absl::InternalError("无法创建工作表");
    SheetWriter w(ws, f, status);
    s.fill(w, v);
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
