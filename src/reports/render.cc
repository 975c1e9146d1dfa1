// The report as HTML laid out like the national format (merged headers with
// rowspan/colspan): the body of the portal record, the public page and the
// HTML export. Only elements and attributes the record sanitizer keeps.
#include "absl/strings/str_cat.h"
#include "core/status.h"
#include "core/text.h"
#include "reports/layout.h"
#include "reports/service.h"

namespace zwgk::reports {
namespace {

void Cell(std::string& out, absl::string_view tag, absl::string_view text,
          absl::string_view attrs = "") {
  absl::StrAppend(&out, "<", tag, attrs.empty() ? "" : " ", attrs, ">");
  AppendHtmlEscaped(out, text);
  absl::StrAppend(&out, "</", tag, ">");
}

void Paragraphs(std::string& out, absl::string_view text) {
  for (const std::string& p : BodyParagraphs(text)) Cell(out, "p", p);
}

// Header and note cells are <th>, the header rows a <thead>.
void TableHtml(std::string& out, const LayoutTable& t) {
  absl::StrAppend(
      &out,
      "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" "
      "aria-label=\"表格（可左右滚动）\"><table class=\"report-table ",
      t.name, "\">");
  for (int r = 0; r < static_cast<int>(t.rows.size()); ++r) {
    if (r == 0 && t.header_rows > 0) out += "<thead>";
    if (r == t.header_rows) {
      if (r > 0) out += "</thead>";
      out += "<tbody>";
    }
    out += "<tr>";
    for (const LayoutCell& c : t.rows[r]) {
      std::string attrs;
      if (c.row_span > 1)
        absl::StrAppend(&attrs, "rowspan=\"", c.row_span, "\"");
      if (c.col_span > 1)
        absl::StrAppend(&attrs, attrs.empty() ? "" : " ", "colspan=\"",
                        c.col_span, "\"");
      const bool head =
          c.kind == CellKind::kHeader || c.kind == CellKind::kNote;
      Cell(out, head ? "th" : "td", c.text, attrs);
    }
    out += "</tr>";
  }
  out += "</tbody></table></div>";
}

}  // namespace

std::string Service::Html(const ReportView& v) const {
  const Report& r = v.report;
  std::string out = "<div class=\"annual-report\">";
  if (std::string note = CorrectionNote(r); !note.empty()) Cell(out, "p", note);
  Cell(out, "h2", SectionTitle(Section::kOverview));
  Paragraphs(out, r.texts[0]);
  for (const LayoutTable& t : TableLayouts(v.figures)) {
    Cell(out, "h2", t.title);
    TableHtml(out, t);
  }
  Cell(out, "h2", SectionTitle(Section::kProblems));
  Paragraphs(out, r.texts[1]);
  Cell(out, "h2", SectionTitle(Section::kOther));
  Paragraphs(out, r.texts[2]);
  out += "</div>";
  return out;
}

std::string Service::Document(const ReportView& v) const {
  const std::string title = ReportTitle(v.report);
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
      "<title>";
  AppendHtmlEscaped(out, title);
  out +=
      "</title><style>body{font-family:\"SimSun\",\"Songti SC\",serif;"
      "max-width:60em;margin:2em auto;line-height:1.7}h1{text-align:center}"
      "table{border-collapse:collapse;width:100%;margin:1em 0}"
      "th,td{border:1px solid #000;padding:.2em .4em;text-align:center}"
      "thead{display:table-header-group}</style></head><body>";
  Cell(out, "h1", title);
  out += Html(v);
  out += "</body></html>\n";
  return out;
}

std::optional<ExportFormat> ParseExportFormat(absl::string_view s) {
  if (s == "html") return ExportFormat::kHtml;
  if (s == "pdf") return ExportFormat::kPdf;
  if (s == "docx") return ExportFormat::kDocx;
  if (s == "xlsx") return ExportFormat::kXlsx;
  return std::nullopt;
}

absl::StatusOr<ReportFile> Service::Export(const ReportView& v,
                                           ExportFormat format) const {
  const std::string title = ReportTitle(v.report);
  switch (format) {
    case ExportFormat::kHtml:
      return ReportFile{Document(v), "text/html; charset=utf-8",
                        absl::StrCat(title, ".html")};
    case ExportFormat::kPdf: {
      ZWGK_ASSIGN_OR_RETURN(std::string bytes, PdfBytes(v));
      return ReportFile{std::move(bytes), "application/pdf",
                        absl::StrCat(title, ".pdf")};
    }
    case ExportFormat::kDocx: {
      ZWGK_ASSIGN_OR_RETURN(std::string bytes, DocxBytes(v));
      return ReportFile{std::move(bytes),
                        "application/vnd.openxmlformats-officedocument."
                        "wordprocessingml.document",
                        absl::StrCat(title, ".docx")};
    }
    case ExportFormat::kXlsx: {
      ZWGK_ASSIGN_OR_RETURN(std::string bytes, XlsxBytes(v));
      return ReportFile{std::move(bytes),
                        "application/vnd.openxmlformats-officedocument."
                        "spreadsheetml.sheet",
                        absl::StrCat(title, "（表二至表四）.xlsx")};
    }
  }
  return absl::InternalError("unknown export format");
}

}  // namespace zwgk::reports
