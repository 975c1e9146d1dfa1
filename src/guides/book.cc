#include "guides/book.h"

#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/text.h"
#include "pdf/pdf.h"

namespace zwgk::guides {
namespace {

using pdf::Align;
using pdf::Cell;
using pdf::Paragraph;
using pdf::Style;
using pdf::Table;

std::string EditionText(absl::CivilDay d) {
  return absl::StrCat(d.year(), "年", d.month(), "月");
}

// The element rows of a guide in printed order: text, or 不涉及 with the
// reason; elements the list does not know follow at the end, and optional
// elements left empty are not printed.
std::vector<std::pair<std::string, std::string>> ElementRows(const Guide& g) {
  std::vector<std::pair<std::string, std::string>> rows;
  std::set<std::string> known;
  auto add = [&](const std::string& name) {
    if (auto it = g.elements.find(name);
        it != g.elements.end() && !it->second.empty()) {
      rows.emplace_back(name, it->second);
    } else if (auto na = g.not_applicable.find(name);
               na != g.not_applicable.end()) {
      rows.emplace_back(name, absl::StrCat("不涉及：", na->second));
    } else if (name == "事项名称" && !g.service.empty()) {
      rows.emplace_back(name, g.service);
    }
  };
  for (const ElementInfo& e : AllElements()) {
    known.emplace(e.name);
    add(std::string(e.name));
  }
  for (const auto& [name, text] : g.elements)
    if (!known.contains(name)) add(name);
  for (const auto& [name, reason] : g.not_applicable)
    if (!known.contains(name) && !g.elements.contains(name)) add(name);
  return rows;
}

std::string MaterialSource(const Material& m) {
  return m.source.empty() ? "申请人自备" : m.source;
}

// Where a guide sits: its domain and unit, as shown under its name.
std::string GuideMeta(const Guide& g) {
  std::vector<std::string> parts;
  if (!g.domain_name.empty())
    parts.push_back(absl::StrCat("所属领域：", g.domain_name));
  if (!g.unit_name.empty())
    parts.push_back(absl::StrCat("实施主体：", g.unit_name));
  return absl::StrJoin(parts, "　");
}

// True when the guides come from more than one domain: the contents are
// then grouped under each domain's name.
bool SeveralDomains(const std::vector<Guide>& guides) {
  for (const Guide& g : guides)
    if (g.domain_name != guides.front().domain_name) return true;
  return false;
}

// Sizes per paper: A5 has a smaller body and narrower margins.
pdf::Options PageOptions(const BookInput& in) {
  pdf::Options o{.font_family = "Noto Sans CJK SC",
                 .line_spacing = 1.3,
                 .title = in.title,
                 .page_numbers = true,
                 .page_number_format = "— $0 —"};
  if (in.paper == Paper::kA5) {
    o.page_width_pt = 420.94;
    o.page_height_pt = 595.28;
    o.margin_pt = 40;
    o.body_size_pt = 9.5;
  } else {
    o.margin_pt = 62;
    o.body_size_pt = 11;
  }
  return o;
}

class PdfBook {
 public:
  explicit PdfBook(const BookInput& in)
      : in_(in),
        o_(PageOptions(in)),
        table_size_(o_.body_size_pt * 0.92),
        several_domains_(!in.guides.empty() && SeveralDomains(in.guides)) {}

  // The blocks with `pages` (one per guide, "" unknown yet) in the contents.
  std::vector<pdf::Block> Blocks(const std::vector<std::string>& pages) const {
    std::vector<pdf::Block> b;
    Cover(b);
    b.push_back(pdf::PageBreak{});
    b.push_back(pdf::RunningHeader{in_.title});
    Contents(b, pages);
    for (const Guide& g : in_.guides) Section(b, g);
    return b;
  }
  const pdf::Options& options() const { return o_; }

 private:
  void Cover(std::vector<pdf::Block>& b) const {
    const std::string space(in_.paper == Paper::kA5 ? 5 : 7, '\n');
    b.push_back(Paragraph{Style::kPlain, space});
    b.push_back(Paragraph{Style::kTitle, in_.title, o_.body_size_pt * 2.6});
    if (!in_.subtitle.empty())
      b.push_back(
          Paragraph{Style::kSubtitle, in_.subtitle, o_.body_size_pt * 1.5});
    b.push_back(Paragraph{Style::kSubtitle,
                          absl::StrCat("（共", in_.guides.size(), "项）")});
    b.push_back(Paragraph{Style::kPlain, space});
    if (!in_.issuer.empty())
      b.push_back(Paragraph{Style::kSubtitle, in_.issuer});
    b.push_back(
        Paragraph{Style::kSubtitle,
                  absl::StrCat("编制日期：", EditionText(in_.edition))});
  }

  void Contents(std::vector<pdf::Block>& b,
                const std::vector<std::string>& pages) const {
    b.push_back(Paragraph{Style::kTitle, "目　录"});
    if (in_.guides.empty()) {
      b.push_back(Paragraph{Style::kSubtitle, "（暂无已发布的办事指南）"});
      return;
    }
    Table t{.column_widths = {9, 1},
            .font_size_pt = o_.body_size_pt,
            .padding_pt = 2.5,
            .border_pt = 0};
    const std::string* domain = nullptr;
    for (size_t i = 0; i < in_.guides.size(); ++i) {
      const Guide& g = in_.guides[i];
      if (several_domains_ && (domain == nullptr || *domain != g.domain_name)) {
        domain = &g.domain_name;
        t.keep_with_next.push_back(static_cast<int>(t.rows.size()));
        t.rows.push_back(
            {{.text = g.domain_name.empty() ? "其他" : g.domain_name,
              .col_span = 2,
              .align = Align::kLeft,
              .bold = true}});
      }
      t.rows.push_back(
          {{.text = absl::StrCat(several_domains_ ? "　" : "", g.service),
            .align = Align::kLeft},
           {.text = i < pages.size() ? pages[i] : "", .align = Align::kRight}});
    }
    b.push_back(std::move(t));
  }

  void Section(std::vector<pdf::Block>& b, const Guide& g) const {
    b.push_back(pdf::PageBreak{});
    b.push_back(pdf::RunningHeader{
        g.domain_name.empty() ? g.service
                              : absl::StrCat(g.domain_name, " · ", g.service)});
    b.push_back(pdf::Anchor{});
    b.push_back(Paragraph{Style::kTitle, g.service});
    if (std::string meta = GuideMeta(g); !meta.empty())
      b.push_back(Paragraph{Style::kSubtitle, std::move(meta)});

    b.push_back(Paragraph{Style::kHeading, "一、基本信息"});
    Table elements{.column_widths = {1.3, 4.7}, .font_size_pt = table_size_};
    for (auto& [name, text] : ElementRows(g))
      elements.rows.push_back(
          {{.text = std::move(name), .bold = true},
           {.text = std::move(text), .align = Align::kLeft}});
    b.push_back(std::move(elements));

    b.push_back(Paragraph{Style::kHeading, "二、申请材料"});
    if (g.materials.empty()) {
      b.push_back(Paragraph{Style::kPlain, "无需提交申请材料。"});
    } else {
      Table m{.column_widths = {0.7, 3.6, 1.3, 0.7, 0.9, 1.6},
              .header_rows = 1,
              .font_size_pt = table_size_};
      m.rows.push_back({{.text = "序号", .bold = true},
                        {.text = "材料名称", .bold = true},
                        {.text = "形式", .bold = true},
                        {.text = "份数", .bold = true},
                        {.text = "是否必需", .bold = true},
                        {.text = "来源", .bold = true}});
      for (size_t i = 0; i < g.materials.size(); ++i) {
        const Material& x = g.materials[i];
        m.rows.push_back({{.text = absl::StrCat(i + 1)},
                          {.text = x.name, .align = Align::kLeft},
                          {.text = x.form},
                          {.text = absl::StrCat(x.copies)},
                          {.text = x.required ? "是" : "否"},
                          {.text = MaterialSource(x)}});
      }
      b.push_back(std::move(m));
    }

    b.push_back(Paragraph{Style::kHeading, "三、办理流程"});
    if (g.steps.empty()) {
      b.push_back(Paragraph{Style::kPlain, "（未列出办理流程）"});
    } else {
      Table s{.column_widths = {0.7, 1.4, 4.4, 1.3},
              .header_rows = 1,
              .font_size_pt = table_size_};
      s.rows.push_back({{.text = "步骤", .bold = true},
                        {.text = "环节", .bold = true},
                        {.text = "办理内容", .bold = true},
                        {.text = "时限", .bold = true}});
      for (size_t i = 0; i < g.steps.size(); ++i) {
        const Step& x = g.steps[i];
        s.rows.push_back({{.text = absl::StrCat(i + 1)},
                          {.text = x.name},
                          {.text = x.description, .align = Align::kLeft},
                          {.text = x.time_limit}});
      }
      b.push_back(std::move(s));
    }
  }

  const BookInput& in_;
  pdf::Options o_;
  double table_size_;
  bool several_domains_;
};

// The page numbers printed in the contents: counted from the first guide's
// page (the body is numbered from 1 after the cover and contents).
std::vector<std::string> PageLabels(const pdf::PageMap& map) {
  std::vector<std::string> out;
  if (map.anchors.empty()) return out;
  for (int page : map.anchors)
    out.push_back(absl::StrCat(page - map.anchors.front() + 1));
  return out;
}

void AppendCss(std::string& out, Paper paper) {
  const bool a5 = paper == Paper::kA5;
  absl::StrAppend(
      &out, "@page{size:", a5 ? "A5" : "A4",
      ";margin:", a5 ? "14mm 12mm" : "22mm 20mm", "}\n",
      "body{font-family:\"Noto Sans CJK SC\",\"Noto Serif CJK SC\",sans-serif;"
      "font-size:",
      a5 ? "10pt" : "11pt",
      ";line-height:1.5;color:#111;max-width:48em;margin:0 auto;"
      "padding:1em}\n"
      ".cover{text-align:center;padding:18vh 0 10vh}\n"
      ".cover h1{font-size:2em;margin-bottom:.4em}\n"
      ".cover .issuer{margin-top:12vh}\n"
      ".toc,.guide{break-before:page;page-break-before:always}\n"
      ".toc ol{padding-left:1.5em}.toc h3{margin:.8em 0 .2em}\n"
      ".toc a{color:inherit}\n"
      ".running{font-size:.8em;color:#555;border-bottom:1px solid #999;"
      "text-align:center}\n"
      ".guide h2{text-align:center}.meta{text-align:center;color:#333}\n"
      "table{border-collapse:collapse;width:100%;margin:.4em 0 1em}\n"
      "th,td{border:1px solid #444;padding:.25em .4em;vertical-align:middle}\n"
      "th{background:#f0f0f0}td.name{font-weight:bold;width:8em;"
      "text-align:center}\n"
      "td.text{white-space:pre-line}\n"
      "tr{break-inside:avoid;page-break-inside:avoid}\n"
      "@media print{body{max-width:none;padding:0}.toc a{"
      "text-decoration:none}}\n");
}

}  // namespace

absl::StatusOr<std::string> RenderBookPdf(const BookInput& in) {
  PdfBook book(in);
  pdf::Options o = book.options();
  // The contents need the pages the guides start on: lay the book out with
  // the numbers left blank (the number column has a fixed width, so the
  // contents take the same pages either way), then write it with them, and
  // again should a number still have moved a page.
  absl::StatusOr<pdf::PageMap> map =
      pdf::Paginate(book.Blocks(std::vector<std::string>()), o);
  if (!map.ok()) return map.status();
  for (int attempt = 0;; ++attempt) {
    std::vector<std::string> labels = PageLabels(*map);
    o.page_numbers = !map->anchors.empty();
    o.first_numbered_page = map->anchors.empty() ? 1 : map->anchors.front();
    pdf::PageMap written;
    absl::StatusOr<std::string> pdf =
        pdf::RenderDocument(book.Blocks(labels), o, &written);
    if (!pdf.ok()) return pdf.status();
    if (PageLabels(written) == labels &&
        (written.anchors.empty() ||
         written.anchors.front() == o.first_numbered_page))
      return pdf;
    if (attempt == 2)
      return absl::InternalError("办事一本通的目录页码无法确定");
    *map = std::move(written);
  }
}

std::string RenderBookHtml(const BookInput& in) {
  std::string out;
  absl::StrAppend(&out,
                  "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
                  "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                  "content=\"width=device-width, initial-scale=1\">\n<title>");
  AppendHtmlEscaped(out, in.title);
  out += "</title>\n<style>\n";
  AppendCss(out, in.paper);
  out += "</style>\n</head>\n<body>\n<section class=\"cover\">\n<h1>";
  AppendHtmlEscaped(out, in.title);
  out += "</h1>\n";
  if (!in.subtitle.empty()) {
    out += "<p class=\"subtitle\">";
    AppendHtmlEscaped(out, in.subtitle);
    out += "</p>\n";
  }
  absl::StrAppend(&out, "<p>（共", in.guides.size(), "项）</p>\n");
  out += "<p class=\"issuer\">";
  AppendHtmlEscaped(out, in.issuer);
  absl::StrAppend(&out, "</p>\n<p class=\"edition\">编制日期：",
                  EditionText(in.edition), "</p>\n</section>\n");

  out += "<nav class=\"toc\">\n<h2>目录</h2>\n";
  const bool grouped = !in.guides.empty() && SeveralDomains(in.guides);
  const std::string* domain = nullptr;
  bool open = false;
  for (size_t i = 0; i < in.guides.size(); ++i) {
    const Guide& g = in.guides[i];
    if (!open || (grouped && *domain != g.domain_name)) {
      if (open) out += "</ol>\n";
      if (grouped) {
        out += "<h3>";
        AppendHtmlEscaped(out, g.domain_name.empty() ? "其他" : g.domain_name);
        out += "</h3>\n";
      }
      absl::StrAppend(&out, "<ol start=\"", i + 1, "\">\n");
      domain = &g.domain_name;
      open = true;
    }
    absl::StrAppend(&out, "<li><a href=\"#guide-", i + 1, "\">");
    AppendHtmlEscaped(out, g.service);
    out += "</a></li>\n";
  }
  if (open) out += "</ol>\n";
  if (in.guides.empty()) out += "<p>（暂无已发布的办事指南）</p>\n";
  out += "</nav>\n";

  for (size_t i = 0; i < in.guides.size(); ++i) {
    const Guide& g = in.guides[i];
    absl::StrAppend(&out, "<section class=\"guide\" id=\"guide-", i + 1,
                    "\">\n<div class=\"running\">");
    AppendHtmlEscaped(out, in.title);
    if (!g.domain_name.empty()) {
      out += " · ";
      AppendHtmlEscaped(out, g.domain_name);
    }
    out += "</div>\n<h2>";
    AppendHtmlEscaped(out, g.service);
    out += "</h2>\n";
    if (std::string meta = GuideMeta(g); !meta.empty()) {
      out += "<p class=\"meta\">";
      AppendHtmlEscaped(out, meta);
      out += "</p>\n";
    }
    out += "<h3>一、基本信息</h3>\n<table>\n";
    for (const auto& [name, text] : ElementRows(g)) {
      out += "<tr><td class=\"name\">";
      AppendHtmlEscaped(out, name);
      out += "</td><td class=\"text\">";
      AppendHtmlEscaped(out, text);
      out += "</td></tr>\n";
    }
    out += "</table>\n<h3>二、申请材料</h3>\n";
    if (g.materials.empty()) {
      out += "<p>无需提交申请材料。</p>\n";
    } else {
      out +=
          "<table>\n<tr><th>序号</th><th>材料名称</th><th>形式</th>"
          "<th>份数</th><th>是否必需</th><th>来源</th></tr>\n";
      for (size_t m = 0; m < g.materials.size(); ++m) {
        const Material& x = g.materials[m];
        absl::StrAppend(&out, "<tr><td>", m + 1, "</td><td>");
        AppendHtmlEscaped(out, x.name);
        out += "</td><td>";
        AppendHtmlEscaped(out, x.form);
        absl::StrAppend(&out, "</td><td>", x.copies, "</td><td>",
                        x.required ? "是" : "否", "</td><td>");
        AppendHtmlEscaped(out, MaterialSource(x));
        out += "</td></tr>\n";
      }
      out += "</table>\n";
    }
    out += "<h3>三、办理流程</h3>\n";
    if (g.steps.empty()) {
      out += "<p>（未列出办理流程）</p>\n";
    } else {
      out += "<ol class=\"steps\">\n";
      for (const Step& x : g.steps) {
        out += "<li><strong>";
        AppendHtmlEscaped(out, x.name);
        out += "</strong>：";
        AppendHtmlEscaped(out, x.description);
        if (!x.time_limit.empty()) {
          out += "（";
          AppendHtmlEscaped(out, x.time_limit);
          out += "）";
        }
        out += "</li>\n";
      }
      out += "</ol>\n";
    }
    out += "</section>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace zwgk::guides
