// The report as PDF (A4, CJK), laid out like the national format: the title,
// sections 一 to 六, and Tables 二, 三 and 四 with their merged headers, the
// long Table 三 breaking across pages with its header repeated. Built on
// src/pdf from the same ReportView the HTML page renders.
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/date.h"
#include "pdf/pdf.h"
#include "reports/layout.h"
#include "reports/service.h"

namespace zwgk::reports {
namespace {

using pdf::Align;
using pdf::Cell;
using pdf::Paragraph;
using pdf::Style;
using pdf::Table;

constexpr double kTableFontPt = 9;

void Texts(std::vector<pdf::Block>& out, absl::string_view text) {
  for (std::string& p : BodyParagraphs(text))
    out.push_back(Paragraph{Style::kBody, std::move(p)});
}

// Headers and notes bold, labels left-aligned. Table 四's fifteen narrow
// columns get less padding.
Table TablePdf(const LayoutTable& t) {
  Table out{.column_widths = t.column_widths,
            .header_rows = t.header_rows,
            .keep_with_next = t.keep_with_next,
            .font_size_pt = kTableFontPt};
  if (t.columns() > 10) out.padding_pt = 2;
  for (const std::vector<LayoutCell>& row : t.rows) {
    std::vector<Cell>& cells = out.rows.emplace_back();
    for (const LayoutCell& c : row)
      cells.push_back(
          {.text = c.text,
           .col_span = c.col_span,
           .row_span = c.row_span,
           .align = c.kind == CellKind::kLabel ? Align::kLeft : Align::kCenter,
           .bold = c.kind == CellKind::kHeader || c.kind == CellKind::kNote});
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> PdfBytes(const ReportView& v) {
  const Report& r = v.report;
  const std::string title = ReportTitle(r);
  std::vector<pdf::Block> doc;
  doc.push_back(Paragraph{Style::kTitle, title});
  if (r.state != State::kPublished)
    doc.push_back(Paragraph{Style::kSubtitle,
                            absl::StrCat("（", StateLabel(r.state),
                                         "，尚未发布，第", r.version, "版）")});
  if (std::string note = CorrectionNote(r); !note.empty())
    doc.push_back(Paragraph{Style::kPlain, std::move(note)});
  doc.push_back(Paragraph{Style::kHeading,
                          std::string(SectionTitle(Section::kOverview))});
  Texts(doc, r.texts[0]);
  for (const LayoutTable& t : TableLayouts(v.figures)) {
    doc.push_back(Paragraph{Style::kHeading, t.title});
    doc.push_back(TablePdf(t));
  }
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
