// The 年报 as a Word document: a WordprocessingML package written with
// libzip (the zip) and pugixml (every part, so all text is escaped), laid
// out like the national format and like Chinese government documents
// (GB/T 9704: A4, 方正小标宋 title, 黑体 headings, 仿宋 body). Table 三's
// and Table 四's header rows are marked w:tblHeader so Word and LibreOffice
// repeat them on every page the table runs over; merged header cells are
// w:gridSpan (across) and w:vMerge (down), as the HTML's colspan/rowspan.
#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <deque>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "pugixml.hpp"
#include "reports/layout.h"
#include "reports/service.h"

namespace zwgk::reports {
namespace {

constexpr const char* kW =
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr const char* kRelNs =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr const char* kPkgRelNs =
    "http://schemas.openxmlformats.org/package/2006/relationships";

// A4 in twentieths of a point, and GB/T 9704's margins (top 37 mm, bottom
// 35 mm, left 28 mm, right 26 mm).
constexpr int kPageWidth = 11906, kPageHeight = 16838;
constexpr int kMarginTop = 2098, kMarginBottom = 1984, kMarginLeft = 1588,
              kMarginRight = 1474;
constexpr int kTextWidth = kPageWidth - kMarginLeft - kMarginRight;  // 8844

// Font sizes in half-points: 二号 22 pt, 三号 16 pt, 五号 10.5 pt, 小五 9 pt.
constexpr int kTitleSize = 44, kBodySize = 32, kTableSize = 21,
              kSmallTableSize = 18;

// XML 1.0 forbids most C0 controls even escaped; what people typed may hold
// them (pasted text). Tabs stay; everything else below 0x20 goes.
std::string XmlText(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') out.push_back(c);
  return out;
}

std::string Serialize(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw, pugi::encoding_utf8);
  return std::move(out).str();
}

pugi::xml_document NewDoc() {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  decl.append_attribute("standalone") = "yes";
  return doc;
}

// w:<name> w:val="value"
pugi::xml_node Val(pugi::xml_node parent, const char* name,
                   const std::string& value) {
  pugi::xml_node n = parent.append_child(name);
  n.append_attribute("w:val") = value.c_str();
  return n;
}

void Fonts(pugi::xml_node rpr, const char* east_asia, const char* ascii) {
  pugi::xml_node f = rpr.append_child("w:rFonts");
  f.append_attribute("w:ascii") = ascii;
  f.append_attribute("w:hAnsi") = ascii;
  f.append_attribute("w:eastAsia") = east_asia;
  f.append_attribute("w:cs") = ascii;
  f.append_attribute("w:hint") = "eastAsia";
}

void Size(pugi::xml_node rpr, int half_points) {
  Val(rpr, "w:sz", absl::StrCat(half_points));
  Val(rpr, "w:szCs", absl::StrCat(half_points));
}

// One run of text in a paragraph.
void Run(pugi::xml_node p, absl::string_view text, int size = 0,
         bool bold = false) {
  pugi::xml_node r = p.append_child("w:r");
  if (size > 0 || bold) {
    pugi::xml_node rpr = r.append_child("w:rPr");
    if (bold) rpr.append_child("w:b");
    if (size > 0) Size(rpr, size);
  }
  pugi::xml_node t = r.append_child("w:t");
  t.append_attribute("xml:space") = "preserve";
  t.text().set(XmlText(text).c_str());
}

pugi::xml_node Paragraph(pugi::xml_node body, const char* style,
                         absl::string_view text) {
  pugi::xml_node p = body.append_child("w:p");
  Val(p.append_child("w:pPr"), "w:pStyle", style);
  Run(p, text);
  return p;
}

void Paragraphs(pugi::xml_node body, absl::string_view text) {
  for (const std::string& p : BodyParagraphs(text))
    Paragraph(body, "BodyText", p);
}

// --- Tables ----------------------------------------------------------------

enum class VMerge { kNone, kRestart, kContinue };

struct CellSpec {
  std::string text;
  int span = 1;  // grid columns covered (w:gridSpan)
  VMerge vmerge = VMerge::kNone;
  bool header = false;  // bold, shaded
  bool left = false;    // left-aligned (row labels)
};

class TableWriter {
 public:
  TableWriter(pugi::xml_node body, std::vector<int> widths, int font_size)
      : widths_(std::move(widths)), font_size_(font_size) {
    table_ = body.append_child("w:tbl");
    pugi::xml_node pr = table_.append_child("w:tblPr");
    Val(pr, "w:tblStyle", "ReportTable");
    pugi::xml_node w = pr.append_child("w:tblW");
    w.append_attribute("w:w") = Sum();
    w.append_attribute("w:type") = "dxa";
    Val(pr, "w:jc", "center");
    pugi::xml_node borders = pr.append_child("w:tblBorders");
    for (const char* side :
         {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"}) {
      pugi::xml_node b = borders.append_child(side);
      b.append_attribute("w:val") = "single";
      b.append_attribute("w:sz") = "4";
      b.append_attribute("w:space") = "0";
      b.append_attribute("w:color") = "000000";
    }
    pr.append_child("w:tblLayout").append_attribute("w:type") = "fixed";
    pugi::xml_node margins = pr.append_child("w:tblCellMar");
    for (const char* side : {"w:left", "w:right"}) {
      pugi::xml_node m = margins.append_child(side);
      m.append_attribute("w:w") = "57";
      m.append_attribute("w:type") = "dxa";
    }
    pugi::xml_node grid = table_.append_child("w:tblGrid");
    for (int width : widths_)
      grid.append_child("w:gridCol").append_attribute("w:w") = width;
  }

  // A row; `repeat` marks a header row repeated on every page, `keep_next`
  // one kept on the page of the row after it.
  void Row(const std::vector<CellSpec>& cells, bool repeat, bool keep_next) {
    pugi::xml_node tr = table_.append_child("w:tr");
    pugi::xml_node trpr = tr.append_child("w:trPr");
    trpr.append_child("w:cantSplit");
    if (repeat) trpr.append_child("w:tblHeader");
    int col = 0;
    for (const CellSpec& c : cells) {
      int width = 0;
      for (int k = col;
           k < col + c.span && k < static_cast<int>(widths_.size()); ++k)
        width += widths_[k];
      col += c.span;
      pugi::xml_node tc = tr.append_child("w:tc");
      pugi::xml_node tcpr = tc.append_child("w:tcPr");
      pugi::xml_node w = tcpr.append_child("w:tcW");
      w.append_attribute("w:w") = width;
      w.append_attribute("w:type") = "dxa";
      if (c.span > 1) Val(tcpr, "w:gridSpan", absl::StrCat(c.span));
      if (c.vmerge == VMerge::kRestart) Val(tcpr, "w:vMerge", "restart");
      if (c.vmerge == VMerge::kContinue) tcpr.append_child("w:vMerge");
      if (c.header) {
        pugi::xml_node shd = tcpr.append_child("w:shd");
        shd.append_attribute("w:val") = "clear";
        shd.append_attribute("w:color") = "auto";
        shd.append_attribute("w:fill") = "F2F2F2";
      }
      Val(tcpr, "w:vAlign", "center");
      // Every cell holds a paragraph, the continued parts of a vertical
      // merge an empty one.
      pugi::xml_node p = tc.append_child("w:p");
      pugi::xml_node ppr = p.append_child("w:pPr");
      Val(ppr, "w:pStyle", "TableText");
      if (keep_next) ppr.append_child("w:keepNext");
      Val(ppr, "w:jc", c.left ? "left" : "center");
      if (c.vmerge != VMerge::kContinue && !c.text.empty())
        Run(p, c.text, font_size_, c.header);
    }
    if (col != static_cast<int>(widths_.size())) bad_rows_++;
  }

  // Rows whose cells do not cover the grid exactly (a programming error,
  // checked by the caller).
  int bad_rows() const { return bad_rows_; }

 private:
  int Sum() const {
    int s = 0;
    for (int w : widths_) s += w;
    return s;
  }
  pugi::xml_node table_;
  std::vector<int> widths_;
  int font_size_;
  int bad_rows_ = 0;
};

// The layout's grid: a cell a row_span from above covers continues its
// vertical merge (empty, with the origin's span and shading). Widths are the
// layout's proportions of the text width; tables wider than four columns
// are set in 小五.
int TableDocx(pugi::xml_node body, const LayoutTable& t) {
  std::optional<Grid> grid = Place(t);
  if (!grid) return 1;
  double total = 0;
  for (double w : t.column_widths) total += w;
  std::vector<int> widths;
  for (double w : t.column_widths)
    widths.push_back(static_cast<int>(w / total * kTextWidth));
  TableWriter w(body, widths, t.columns() > 4 ? kSmallTableSize : kTableSize);
  for (int r = 0; r < static_cast<int>(t.rows.size()); ++r) {
    std::vector<CellSpec> row;
    for (int col = 0; col < t.columns();) {
      const PlacedCell& p = grid->cells[grid->owner[r][col]];
      const bool origin = p.row == r;
      row.push_back({.text = origin ? p.cell.text : "",
                     .span = p.cell.col_span,
                     .vmerge = !origin               ? VMerge::kContinue
                               : p.cell.row_span > 1 ? VMerge::kRestart
                                                     : VMerge::kNone,
                     .header = p.cell.kind == CellKind::kHeader ||
                               p.cell.kind == CellKind::kNote,
                     .left = p.cell.kind == CellKind::kLabel});
      col += p.cell.col_span;
    }
    const bool keep =
        std::find(t.keep_with_next.begin(), t.keep_with_next.end(), r) !=
        t.keep_with_next.end();
    w.Row(row, r < t.header_rows, keep);
  }
  return w.bad_rows();
}

// --- Parts -------------------------------------------------------------

std::string DocumentXml(const ReportView& v, const std::string& title,
                        int& bad_rows) {
  pugi::xml_document doc = NewDoc();
  pugi::xml_node root = doc.append_child("w:document");
  root.append_attribute("xmlns:w") = kW;
  root.append_attribute("xmlns:r") = kRelNs;
  pugi::xml_node body = root.append_child("w:body");
  const Report& r = v.report;
  Paragraph(body, "Title", title);
  if (std::string note = CorrectionNote(r); !note.empty())
    Paragraph(body, "Note", note);
  Paragraph(body, "Heading1", SectionTitle(Section::kOverview));
  Paragraphs(body, r.texts[0]);
  for (const LayoutTable& t : TableLayouts(v.figures)) {
    Paragraph(body, "Heading1", t.title);
    bad_rows += TableDocx(body, t);
  }
  Paragraph(body, "Heading1", SectionTitle(Section::kProblems));
  Paragraphs(body, r.texts[1]);
  Paragraph(body, "Heading1", SectionTitle(Section::kOther));
  Paragraphs(body, r.texts[2]);

  pugi::xml_node sect = body.append_child("w:sectPr");
  pugi::xml_node footer = sect.append_child("w:footerReference");
  footer.append_attribute("w:type") = "default";
  footer.append_attribute("r:id") = "rIdFooter";
  pugi::xml_node size = sect.append_child("w:pgSz");
  size.append_attribute("w:w") = kPageWidth;
  size.append_attribute("w:h") = kPageHeight;
  pugi::xml_node mar = sect.append_child("w:pgMar");
  mar.append_attribute("w:top") = kMarginTop;
  mar.append_attribute("w:right") = kMarginRight;
  mar.append_attribute("w:bottom") = kMarginBottom;
  mar.append_attribute("w:left") = kMarginLeft;
  mar.append_attribute("w:header") = 851;
  mar.append_attribute("w:footer") = 992;
  mar.append_attribute("w:gutter") = 0;
  pugi::xml_node grid = sect.append_child("w:docGrid");
  grid.append_attribute("w:type") = "lines";
  grid.append_attribute("w:linePitch") = 579;
  return Serialize(doc);
}

// The page number centred in the footer: "- 1 -" as government documents.
std::string FooterXml() {
  pugi::xml_document doc = NewDoc();
  pugi::xml_node ftr = doc.append_child("w:ftr");
  ftr.append_attribute("xmlns:w") = kW;
  pugi::xml_node p = ftr.append_child("w:p");
  Val(p.append_child("w:pPr"), "w:jc", "center");
  Run(p, "- ");
  auto field = [&](const char* type) {
    p.append_child("w:r")
        .append_child("w:fldChar")
        .append_attribute("w:fldCharType") = type;
  };
  field("begin");
  pugi::xml_node instr = p.append_child("w:r").append_child("w:instrText");
  instr.append_attribute("xml:space") = "preserve";
  instr.text().set(" PAGE ");
  field("separate");
  Run(p, "1");
  field("end");
  Run(p, " -");
  return Serialize(doc);
}

// A paragraph style; pPr children in the schema's order (Word refuses a
// document whose elements are out of order).
struct StyleSpec {
  const char* id;
  const char* name;
  const char* east_asia;
  int size = kBodySize;
  bool keep_next = false;
  // Off for table text: the page's 28.95 pt line grid (22 lines a page, as
  // GB/T 9704) would make every table row that tall.
  bool snap_to_grid = true;
  int space = -1;            // w:spacing before/after in twips; -1: none
  int indent_chars = 0;      // first-line indent in 1/100 characters
  const char* jc = nullptr;  // left | center | both
  int outline = -1;          // heading level
  bool is_default = false;
};

void Style(pugi::xml_node styles, const StyleSpec& spec) {
  pugi::xml_node s = styles.append_child("w:style");
  s.append_attribute("w:type") = "paragraph";
  if (spec.is_default) s.append_attribute("w:default") = "1";
  s.append_attribute("w:styleId") = spec.id;
  Val(s, "w:name", spec.name);
  if (!spec.is_default) Val(s, "w:basedOn", "Normal");
  s.append_child("w:qFormat");
  pugi::xml_node ppr = s.append_child("w:pPr");
  if (spec.keep_next) ppr.append_child("w:keepNext");
  if (!spec.snap_to_grid) Val(ppr, "w:snapToGrid", "0");
  if (spec.space >= 0) {
    pugi::xml_node sp = ppr.append_child("w:spacing");
    sp.append_attribute("w:before") = spec.space;
    sp.append_attribute("w:after") = spec.space;
    if (!spec.snap_to_grid) {
      sp.append_attribute("w:line") = 240;  // single
      sp.append_attribute("w:lineRule") = "auto";
    }
  }
  if (spec.indent_chars > 0)
    ppr.append_child("w:ind").append_attribute("w:firstLineChars") =
        spec.indent_chars;
  if (spec.jc) Val(ppr, "w:jc", spec.jc);
  if (spec.outline >= 0) Val(ppr, "w:outlineLvl", absl::StrCat(spec.outline));
  pugi::xml_node rpr = s.append_child("w:rPr");
  Fonts(rpr, spec.east_asia, "Times New Roman");
  Size(rpr, spec.size);
}

std::string StylesXml() {
  pugi::xml_document doc = NewDoc();
  pugi::xml_node styles = doc.append_child("w:styles");
  styles.append_attribute("xmlns:w") = kW;
  pugi::xml_node defaults = styles.append_child("w:docDefaults");
  pugi::xml_node rpr =
      defaults.append_child("w:rPrDefault").append_child("w:rPr");
  Fonts(rpr, "仿宋_GB2312", "Times New Roman");
  Size(rpr, kBodySize);
  pugi::xml_node lang = rpr.append_child("w:lang");
  lang.append_attribute("w:val") = "en-US";
  lang.append_attribute("w:eastAsia") = "zh-CN";
  defaults.append_child("w:pPrDefault").append_child("w:pPr");
  Style(styles, {.id = "Normal",
                 .name = "Normal",
                 .east_asia = "仿宋_GB2312",
                 .jc = "both",
                 .is_default = true});
  Style(styles, {.id = "Title",
                 .name = "Title",
                 .east_asia = "方正小标宋简体",
                 .size = kTitleSize,
                 .space = 240,
                 .jc = "center"});
  Style(styles, {.id = "Heading1",
                 .name = "heading 1",
                 .east_asia = "黑体",
                 .keep_next = true,
                 .indent_chars = 200,
                 .outline = 0});
  Style(styles, {.id = "BodyText",
                 .name = "Body Text",
                 .east_asia = "仿宋_GB2312",
                 .indent_chars = 200,
                 .jc = "both"});
  Style(styles, {.id = "Note",
                 .name = "Note",
                 .east_asia = "楷体_GB2312",
                 .jc = "center"});
  Style(styles, {.id = "TableText",
                 .name = "Table Text",
                 .east_asia = "宋体",
                 .size = kTableSize,
                 .snap_to_grid = false,
                 .space = 0});
  pugi::xml_node table = styles.append_child("w:style");
  table.append_attribute("w:type") = "table";
  table.append_attribute("w:styleId") = "ReportTable";
  Val(table, "w:name", "Report Table");
  return Serialize(doc);
}

// Word substitutes fonts a machine lacks by w:altName: 方正小标宋 → 黑体 (as
// the title's fallback), the _GB2312 faces → their GBK successors.
std::string FontTableXml() {
  pugi::xml_document doc = NewDoc();
  pugi::xml_node fonts = doc.append_child("w:fonts");
  fonts.append_attribute("xmlns:w") = kW;
  for (auto [name, alt] :
       {std::pair{"方正小标宋简体", "黑体"}, std::pair{"仿宋_GB2312", "仿宋"},
        std::pair{"楷体_GB2312", "楷体"}, std::pair{"黑体", "SimHei"},
        std::pair{"宋体", "SimSun"}}) {
    pugi::xml_node f = fonts.append_child("w:font");
    f.append_attribute("w:name") = name;
    Val(f, "w:altName", alt);
    Val(f, "w:charset", "86");
    Val(f, "w:family", name == std::string("宋体") ? "roman" : "modern");
  }
  return Serialize(doc);
}

std::string ContentTypesXml() {
  pugi::xml_document doc = NewDoc();
  pugi::xml_node types = doc.append_child("Types");
  types.append_attribute("xmlns") =
      "http://schemas.openxmlformats.org/package/2006/content-types";
  auto def = [&](const char* ext, const char* type) {
    pugi::xml_node d = types.append_child("Default");
    d.append_attribute("Extension") = ext;
    d.append_attribute("ContentType") = type;
  };
  def("rels", "application/vnd.openxmlformats-package.relationships+xml");
  def("xml", "application/xml");
  const std::string wml =
      "application/vnd.openxmlformats-officedocument.wordprocessingml.";
  for (auto [part, type] :
       {std::pair{"/word/document.xml", wml + "document.main+xml"},
        std::pair{"/word/styles.xml", wml + "styles+xml"},
        std::pair{"/word/fontTable.xml", wml + "fontTable+xml"},
        std::pair{"/word/footer1.xml", wml + "footer+xml"},
        std::pair{"/docProps/core.xml",
                  std::string("application/"
                              "vnd.openxmlformats-package.core-properties+"
                              "xml")}}) {
    pugi::xml_node o = types.append_child("Override");
    o.append_attribute("PartName") = part;
    o.append_attribute("ContentType") = type.c_str();
  }
  return Serialize(doc);
}

std::string RelsXml(
    std::initializer_list<std::tuple<const char*, const char*, const char*>>
        rels) {
  pugi::xml_document doc = NewDoc();
  pugi::xml_node root = doc.append_child("Relationships");
  root.append_attribute("xmlns") = kPkgRelNs;
  for (const auto& [id, type, target] : rels) {
    pugi::xml_node r = root.append_child("Relationship");
    r.append_attribute("Id") = id;
    r.append_attribute("Type") = type;
    r.append_attribute("Target") = target;
  }
  return Serialize(doc);
}

std::string CoreXml(const ReportView& v, const std::string& title) {
  pugi::xml_document doc = NewDoc();
  pugi::xml_node cp = doc.append_child("cp:coreProperties");
  cp.append_attribute("xmlns:cp") =
      "http://schemas.openxmlformats.org/package/2006/metadata/"
      "core-properties";
  cp.append_attribute("xmlns:dc") = "http://purl.org/dc/elements/1.1/";
  cp.append_attribute("xmlns:dcterms") = "http://purl.org/dc/terms/";
  cp.append_attribute("xmlns:xsi") =
      "http://www.w3.org/2001/XMLSchema-instance";
  cp.append_child("dc:title").text().set(XmlText(title).c_str());
  cp.append_child("dc:creator").text().set(XmlText(v.report.body_name).c_str());
  cp.append_child("dc:language").text().set("zh-CN");
  cp.append_child("cp:version").text().set(v.report.version);
  return Serialize(doc);
}

// The zip, in memory. Entries keep a fixed time so the same report gives the
// same bytes.
absl::StatusOr<std::string> Zip(
    const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (out == nullptr) {
    zip_error_fini(&error);
    return absl::InternalError("无法创建 DOCX 压缩包");
  }
  zip_source_keep(out);
  zip_t* za = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  zip_error_fini(&error);
  if (za == nullptr) {
    zip_source_free(out);
    return absl::InternalError("无法创建 DOCX 压缩包");
  }
  auto fail = [&](absl::string_view what) {
    zip_discard(za);
    zip_source_free(out);
    return absl::InternalError(absl::StrCat("写入 DOCX 失败：", what));
  };
  const time_t fixed = 1577836800;  // 2020-01-01
  for (const auto& [name, data] : parts) {
    zip_source_t* s = zip_source_buffer(za, data.data(), data.size(), 0);
    if (s == nullptr) return fail(name);
    zip_int64_t index = zip_file_add(za, name.c_str(), s, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(s);
      return fail(name);
    }
    zip_file_set_mtime(za, static_cast<zip_uint64_t>(index), fixed, 0);
  }
  if (zip_close(za) != 0) return fail(zip_strerror(za));
  std::string bytes;
  if (zip_source_open(out) != 0) {
    zip_source_free(out);
    return absl::InternalError("读取 DOCX 压缩包失败");
  }
  char buffer[64 * 1024];
  zip_int64_t n;
  while ((n = zip_source_read(out, buffer, sizeof buffer)) > 0)
    bytes.append(buffer, static_cast<size_t>(n));
  zip_source_close(out);
  zip_source_free(out);
  if (n < 0) return absl::InternalError("读取 DOCX 压缩包失败");
  return bytes;
}

}  // namespace

absl::StatusOr<std::string> DocxBytes(const ReportView& v) {
  const std::string title = ReportTitle(v.report);
  int bad_rows = 0;
  std::string document = DocumentXml(v, title, bad_rows);
  if (bad_rows > 0) return absl::InternalError("年报 DOCX 的表格列数不一致");
  const char* kOfficeRel =
      "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
  const std::string doc_rel = absl::StrCat(kOfficeRel, "officeDocument");
  const std::string styles_rel = absl::StrCat(kOfficeRel, "styles");
  const std::string fonts_rel = absl::StrCat(kOfficeRel, "fontTable");
  const std::string footer_rel = absl::StrCat(kOfficeRel, "footer");
  return Zip({
      {"[Content_Types].xml", ContentTypesXml()},
      {"_rels/.rels",
       RelsXml({{"rId1", doc_rel.c_str(), "word/document.xml"},
                {"rId2",
                 "http://schemas.openxmlformats.org/package/2006/"
                 "relationships/metadata/core-properties",
                 "docProps/core.xml"}})},
      {"word/document.xml", std::move(document)},
      {"word/_rels/document.xml.rels",
       RelsXml({{"rIdStyles", styles_rel.c_str(), "styles.xml"},
                {"rIdFonts", fonts_rel.c_str(), "fontTable.xml"},
                {"rIdFooter", footer_rel.c_str(), "footer1.xml"}})},
      {"word/styles.xml", StylesXml()},
      {"word/fontTable.xml", FontTableXml()},
      {"word/footer1.xml", FooterXml()},
      {"docProps/core.xml", CoreXml(v, title)},
  });
}

}  // namespace zwgk::reports
