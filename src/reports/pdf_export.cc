// The report as PDF (A4, CJK), laid out like the national format: the title,
// sections 一 to 六, and Tables 二, 三 and 四 with their merged headers, the
// long Table 三 breaking across pages with its header repeated. Built on
// src/pdf from the same ReportView the HTML page renders.
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/date.h"
#include "pdf/pdf.h"
#include "reports/service.h"

namespace zwgk::reports {
namespace {

using pdf::Align;
using pdf::Cell;
using pdf::Paragraph;
using pdf::Style;
using pdf::Table;

constexpr double kTableFontPt = 9;

Cell Head(absl::string_view text, int col_span = 1, int row_span = 1) {
  return {.text = std::string(text),
          .col_span = col_span,
          .row_span = row_span,
          .bold = true};
}
Cell Label(absl::string_view text, int col_span = 1) {
  return {
      .text = std::string(text), .col_span = col_span, .align = Align::kLeft};
}
Cell Number(int64_t n, int col_span = 1) {
  return {.text = absl::StrCat(n), .col_span = col_span};
}

void Texts(std::vector<pdf::Block>& out, absl::string_view text) {
  bool any = false;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    out.push_back(Paragraph{Style::kBody, std::string(line)});
    any = true;
  }
  if (!any) out.push_back(Paragraph{Style::kBody, "无。"});
}

Table Table2Pdf(const Table2& t) {
  Table out{.column_widths = {2, 1, 1, 1}, .font_size_pt = kTableFontPt};
  auto& rows = out.rows;
  // Each item's two heading rows stay with its first figures.
  auto item = [&](absl::string_view text, std::vector<Cell> heading) {
    out.keep_with_next.push_back(static_cast<int>(rows.size()));
    out.keep_with_next.push_back(static_cast<int>(rows.size()) + 1);
    rows.push_back({Head(text, 4)});
    rows.push_back(std::move(heading));
  };
  item("第二十条第（一）项", {Head("信息内容"), Head("本年制发件数"),
                              Head("本年废止件数"), Head("现行有效件数")});
  for (auto [label, d] : {std::pair{"规章", &t.regulations},
                          std::pair{"行政规范性文件", &t.normative}})
    rows.push_back({Label(label), Number(d->issued), Number(d->repealed),
                    Number(d->in_force)});
  auto single =
      [&](absl::string_view text, absl::string_view heading,
          std::vector<std::pair<absl::string_view, std::string>> values) {
        item(text, {Head("信息内容"), Head(heading, 3)});
        for (const auto& [label, value] : values)
          rows.push_back({Label(label), {.text = value, .col_span = 3}});
      };
  single("第二十条第（五）项", "本年处理决定数量",
         {{"行政许可", absl::StrCat(t.licensing.value)}});
  single("第二十条第（六）项", "本年处理决定数量",
         {{"行政处罚", absl::StrCat(t.penalty.value)},
          {"行政强制", absl::StrCat(t.coercion.value)}});
  single("第二十条第（八）项", "本年收费金额（单位：万元）",
         {{"行政事业性收费", FeesWan(t.fees.value)}});
  return out;
}

// Three label columns (三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密)
// and the seven applicant columns, the header on every page.
Table Table3Pdf(const Table3& t) {
  Table out{.column_widths = {1.3, 2.2, 4.6, 1.3, 1.3, 1.3, 1.3, 1.3, 1.3, 1.3},
            .header_rows = 3,
            .font_size_pt = kTableFontPt};
  auto& rows = out.rows;
  rows.push_back({Head("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项"
                       "加第四项之和）",
                       3, 3),
                  Head("申请人情况", 7)});
  rows.push_back({Head(kColumnLabels[0], 1, 2), Head("法人或其他组织", 5),
                  Head(kColumnLabels[6], 1, 2)});
  rows.emplace_back();
  for (int c = 1; c < 6; ++c) rows.back().push_back(Head(kColumnLabels[c]));
  for (int r = 0; r < kTable3Rows; ++r) {
    std::vector<Cell> row;
    if (r == kRowNew || r == kRowCarriedIn || r == kRowCarriedOut) {
      row.push_back(Label(kRowLabels[r], 3));
    } else {
      if (r == kFirstResultRow)
        row.push_back(
            Head("三、本年度办理结果", 1, kRowConcluded - kFirstResultRow + 1));
      absl::string_view group = RowGroup(r);
      if (group.empty()) {
        row.push_back(Label(kRowLabels[r], 2));
      } else {
        if (RowGroup(r - 1) != group) {
          int n = 0;
          while (r + n < kTable3Rows && RowGroup(r + n) == group) ++n;
          row.push_back({.text = std::string(group),
                         .row_span = n,
                         .align = Align::kLeft});
        }
        row.push_back(Label(kRowLabels[r]));
      }
    }
    for (int64_t n : t.cells[r]) row.push_back(Number(n));
    rows.push_back(std::move(row));
  }
  return out;
}

// 行政复议 (five columns) | 行政诉讼 (未经复议直接起诉, 复议后起诉: five
// each), one row of figures.
Table Table4Pdf(const Table4& t) {
  Table out{.column_widths = std::vector<double>(15, 1),
            .header_rows = 3,
            .font_size_pt = kTableFontPt,
            .padding_pt = 2};
  auto& rows = out.rows;
  rows.push_back({Head(kProceedingLabels[0], 5), Head("行政诉讼", 10)});
  rows.emplace_back();
  for (absl::string_view h : kOutcomeLabels)
    rows.back().push_back(Head(h, 1, 2));
  rows.back().push_back(Head(kProceedingLabels[1], 5));
  rows.back().push_back(Head(kProceedingLabels[2], 5));
  rows.emplace_back();
  for (int b = 0; b < 2; ++b)
    for (absl::string_view h : kOutcomeLabels) rows.back().push_back(Head(h));
  rows.emplace_back();
  for (const Block& b : t.blocks)
    for (int64_t n : b) rows.back().push_back(Number(n));
  return out;
}

}  // namespace

absl::StatusOr<std::string> PdfBytes(const ReportView& v) {
  const Report& r = v.report;
  const std::string title =
      absl::StrCat(r.body_name, r.year, "年政府信息公开工作年度报告");
  std::vector<pdf::Block> doc;
  doc.push_back(Paragraph{Style::kTitle, title});
  if (r.state != State::kPublished)
    doc.push_back(Paragraph{Style::kSubtitle,
                            absl::StrCat("（", StateLabel(r.state),
                                         "，尚未发布，第", r.version, "版）")});
  if (r.version > 1 && !r.note.empty())
    doc.push_back(Paragraph{Style::kPlain, absl::StrCat("（更正版本", r.version,
                                                        "：", r.note, "）")});
  doc.push_back(Paragraph{Style::kHeading,
                          std::string(SectionTitle(Section::kOverview))});
  Texts(doc, r.texts[0]);
  doc.push_back(Paragraph{Style::kHeading, "二、主动公开政府信息情况"});
  doc.push_back(Table2Pdf(v.figures.table2));
  doc.push_back(
      Paragraph{Style::kHeading, "三、收到和处理政府信息公开申请情况"});
  doc.push_back(Table3Pdf(v.figures.table3));
  doc.push_back(
      Paragraph{Style::kHeading, "四、政府信息公开行政复议、行政诉讼情况"});
  doc.push_back(Table4Pdf(v.figures.table4));
  doc.push_back(Paragraph{Style::kHeading,
                          std::string(SectionTitle(Section::kProblems))});
  Texts(doc, r.texts[1]);
  doc.push_back(
      Paragraph{Style::kHeading, std::string(SectionTitle(Section::kOther))});
  Texts(doc, r.texts[2]);
  if (r.state == State::kPublished) {
    // Signed like the national reports: the body, and the day in 年月日.
    std::string signature = r.body_name;
    if (std::optional<absl::CivilDay> day =
            ParseDay(absl::string_view(r.published_at).substr(0, 10)))
      absl::StrAppend(&signature, "\n", day->year(), "年", day->month(), "月",
                      day->day(), "日");
    doc.push_back(Paragraph{Style::kRight, signature});
  }
  return pdf::RenderDocument(doc, {.margin_pt = 64,
                                   .font_family = "Noto Serif CJK SC",
                                   .title = title,
                                   .page_numbers = true});
}

}  // namespace zwgk::reports
