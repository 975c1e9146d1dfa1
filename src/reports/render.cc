// The report as HTML laid out like the national format (merged headers with
// rowspan/colspan): the body of the portal record, the public page and the
// HTML export. Only elements and attributes the record sanitizer keeps.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/text.h"
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
  bool any = false;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    Cell(out, "p", line);
    any = true;
  }
  if (!any) Cell(out, "p", "无。");
}

void Table2Html(std::string& out, const Table2& t) {
  out +=
      "<div class=\"table-scroll\"><table class=\"report-table "
      "table2\"><tbody>";
  auto block = [&](absl::string_view item) {
    out += "<tr>";
    Cell(out, "th", item, "colspan=\"4\"");
    out += "</tr>";
  };
  block("第二十条第（一）项");
  out += "<tr>";
  for (absl::string_view h :
       {"信息内容", "本年制发件数", "本年废止件数", "现行有效件数"})
    Cell(out, "th", h);
  out += "</tr>";
  for (auto [label, d] : {std::pair{"规章", &t.regulations},
                          std::pair{"行政规范性文件", &t.normative}}) {
    out += "<tr>";
    Cell(out, "td", label);
    Cell(out, "td", absl::StrCat(d->issued));
    Cell(out, "td", absl::StrCat(d->repealed));
    Cell(out, "td", absl::StrCat(d->in_force));
    out += "</tr>";
  }
  auto single =
      [&](absl::string_view item, absl::string_view heading,
          std::vector<std::pair<absl::string_view, std::string>> rows) {
        block(item);
        out += "<tr>";
        Cell(out, "th", "信息内容");
        Cell(out, "th", heading, "colspan=\"3\"");
        out += "</tr>";
        for (const auto& [label, value] : rows) {
          out += "<tr>";
          Cell(out, "td", label);
          Cell(out, "td", value, "colspan=\"3\"");
          out += "</tr>";
        }
      };
  single("第二十条第（五）项", "本年处理决定数量",
         {{"行政许可", absl::StrCat(t.licensing.value)}});
  single("第二十条第（六）项", "本年处理决定数量",
         {{"行政处罚", absl::StrCat(t.penalty.value)},
          {"行政强制", absl::StrCat(t.coercion.value)}});
  single("第二十条第（八）项", "本年收费金额（单位：万元）",
         {{"行政事业性收费", FeesWan(t.fees.value)}});
  out += "</tbody></table></div>";
}

void Table3Html(std::string& out, const Table3& t) {
  out +=
      "<div class=\"table-scroll\"><table class=\"report-table table3\">"
      "<thead>"
      "<tr><th rowspan=\"3\" "
      "colspan=\"3\">（本列数据的勾稽关系为：第一项加第二项"
      "之和，等于第三项加第四项之和）</th><th "
      "colspan=\"7\">申请人情况</th></tr>"
      "<tr><th rowspan=\"2\">自然人</th><th colspan=\"5\">法人或其他组织</th>"
      "<th rowspan=\"2\">总计</th></tr><tr>";
  for (int c = 1; c < 6; ++c) Cell(out, "th", kColumnLabels[c]);
  out += "</tr></thead><tbody>";
  for (int r = 0; r < kTable3Rows; ++r) {
    out += "<tr>";
    if (r == kRowNew || r == kRowCarriedIn || r == kRowCarriedOut) {
      Cell(out, "th", kRowLabels[r], "colspan=\"3\"");
    } else {
      if (r == kFirstResultRow)
        Cell(out, "th", "三、本年度办理结果",
             absl::StrCat("rowspan=\"", kRowConcluded - kFirstResultRow + 1,
                          "\""));
      absl::string_view group = RowGroup(r);
      if (group.empty()) {
        Cell(out, "td", kRowLabels[r], "colspan=\"2\"");
      } else {
        if (RowGroup(r - 1) != group) {
          int n = 0;
          while (r + n < kTable3Rows && RowGroup(r + n) == group) ++n;
          Cell(out, "th", group, absl::StrCat("rowspan=\"", n, "\""));
        }
        Cell(out, "td", kRowLabels[r]);
      }
    }
    for (int64_t n : t.cells[r]) Cell(out, "td", absl::StrCat(n));
    out += "</tr>";
  }
  out += "</tbody></table></div>";
}

void Table4Html(std::string& out, const Table4& t) {
  out +=
      "<div class=\"table-scroll\"><table class=\"report-table table4\">"
      "<thead>"
      "<tr><th colspan=\"5\">行政复议</th><th colspan=\"10\">行政诉讼</th></tr>"
      "<tr>";
  for (absl::string_view h : kOutcomeLabels)
    Cell(out, "th", h, "rowspan=\"2\"");
  Cell(out, "th", kProceedingLabels[1], "colspan=\"5\"");
  Cell(out, "th", kProceedingLabels[2], "colspan=\"5\"");
  out += "</tr><tr>";
  for (int b = 0; b < 2; ++b)
    for (absl::string_view h : kOutcomeLabels) Cell(out, "th", h);
  out += "</tr></thead><tbody><tr>";
  for (const Block& b : t.blocks)
    for (int64_t n : b) Cell(out, "td", absl::StrCat(n));
  out += "</tr></tbody></table></div>";
}

}  // namespace

std::string Service::Html(const ReportView& v) const {
  const Report& r = v.report;
  std::string out = "<div class=\"annual-report\">";
  if (r.version > 1 && !r.note.empty())
    Cell(out, "p", absl::StrCat("（更正版本", r.version, "：", r.note, "）"));
  Cell(out, "h2", SectionTitle(Section::kOverview));
  Paragraphs(out, r.texts[0]);
  Cell(out, "h2", "二、主动公开政府信息情况");
  Table2Html(out, v.figures.table2);
  Cell(out, "h2", "三、收到和处理政府信息公开申请情况");
  Table3Html(out, v.figures.table3);
  Cell(out, "h2", "四、政府信息公开行政复议、行政诉讼情况");
  Table4Html(out, v.figures.table4);
  Cell(out, "h2", SectionTitle(Section::kProblems));
  Paragraphs(out, r.texts[1]);
  Cell(out, "h2", SectionTitle(Section::kOther));
  Paragraphs(out, r.texts[2]);
  out += "</div>";
  return out;
}

std::string Service::Document(const ReportView& v) const {
  const std::string title = absl::StrCat(v.report.body_name, v.report.year,
                                         "年政府信息公开工作年度报告");
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

}  // namespace zwgk::reports
