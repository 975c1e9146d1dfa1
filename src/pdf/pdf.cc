#include "pdf/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <numeric>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"

namespace zwgk::pdf {
namespace {

constexpr double kEpsilon = 0.01;

cairo_status_t Append(void* closure, const unsigned char* data,
                      unsigned int length) {
  if (closure == nullptr) return CAIRO_STATUS_SUCCESS;  // a measuring pass
  static_cast<std::string*>(closure)->append(
      reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct ObjectDeleter {
  void operator()(void* o) const { g_object_unref(o); }
};
struct FontDeleter {
  void operator()(PangoFontDescription* f) const {
    pango_font_description_free(f);
  }
};
struct IterDeleter {
  void operator()(PangoLayoutIter* i) const { pango_layout_iter_free(i); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, ObjectDeleter>;

double SizeOf(Style s, double body) {
  switch (s) {
    case Style::kTitle:
      return body * 1.6;
    case Style::kSubtitle:
      return body * 1.1;
    default:
      return body;
  }
}

// A layout of `text` in the document's font, wrapped at `width`. One pango
// context serves a whole pass (the page transform never changes).
LayoutPtr NewLayout(PangoContext* context, const Options& o,
                    absl::string_view text, double size, bool bold,
                    double width) {
  LayoutPtr layout(pango_layout_new(context));
  std::unique_ptr<PangoFontDescription, FontDeleter> font(
      pango_font_description_from_string(o.font_family.c_str()));
  pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
  if (bold) pango_font_description_set_weight(font.get(), PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(layout.get(), font.get());
  pango_layout_set_width(layout.get(),
                         static_cast<int>(std::max(1.0, width) * PANGO_SCALE));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text(layout.get(), text.data(),
                        static_cast<int>(text.size()));
  return layout;
}

double HeightOf(PangoLayout* layout) {
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

// Lays one paragraph out at the text width.
LayoutPtr ParagraphLayout(PangoContext* cr, const Paragraph& p,
                          const Options& o, double width) {
  LayoutPtr layout =
      NewLayout(cr, o, p.text,
                p.size_pt > 0 ? p.size_pt : SizeOf(p.style, o.body_size_pt),
                p.style == Style::kTitle || p.style == Style::kHeading, width);
  pango_layout_set_line_spacing(layout.get(),
                                static_cast<float>(o.line_spacing));
  switch (p.style) {
    case Style::kTitle:
    case Style::kSubtitle:
      pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
      break;
    case Style::kRight:
      pango_layout_set_alignment(layout.get(), PANGO_ALIGN_RIGHT);
      break;
    case Style::kBody:
      pango_layout_set_justify(layout.get(), TRUE);
      pango_layout_set_indent(
          layout.get(), static_cast<int>(2 * o.body_size_pt * PANGO_SCALE));
      break;
    case Style::kHeading:
    case Style::kPlain:
      break;
  }
  return layout;
}

// A table cell at its grid position, laid out at its width.
struct Placed {
  int row = 0, col = 0, rows = 1, cols = 1;
  const Cell* cell = nullptr;
  LayoutPtr layout;
  double height = 0;  // text plus padding
};

// Where a table's grid lies: column edges and row heights.
struct Grid {
  std::vector<double> x;  // ncols + 1 edges
  std::vector<double> h;  // per row
  int header = 0;
  double header_h = 0;
  std::vector<bool> keep;  // per row: stays with the next row
  double padding = 0, border = 0;
};

// A table placed on its grid, ready to draw.
struct Prepared {
  Grid g;
  std::vector<Placed> cells;
  // The height the table needs to start on a page: its header and first
  // row, with the rows that row keeps with.
  double start_h() const {
    const int n = static_cast<int>(g.h.size());
    double h = g.header_h;
    for (int r = g.header; r < n; ++r) {
      h += g.h[r];
      if (!g.keep[r]) break;
    }
    return h;
  }
};

// Writes blocks page by page onto one cairo context.
class Writer {
 public:
  // `total_pages` is 0 when not known (no "$1" in the page numbers);
  // `draw` false for a measuring pass (pages counted, nothing drawn).
  Writer(cairo_t* cr, const Options& o, int total_pages, bool draw)
      : cr_(cr),
        pango_(pango_cairo_create_context(cr)),
        o_(o),
        total_(total_pages),
        draw_(draw),
        top_(o.margin_pt),
        bottom_(o.page_height_pt - o.margin_pt),
        left_(o.margin_pt),
        width_(o.page_width_pt - 2 * o.margin_pt),
        y_(o.margin_pt) {}

  void Write(const Paragraph& p);
  absl::StatusOr<Prepared> Prepare(const Table& t) const;
  void Write(const Prepared& t);
  // The height of a paragraph's first line, and of all of it.
  double FirstLineHeight(const Paragraph& p) const;
  double Height(const Paragraph& p) const;
  // Starts a new page unless `height` fits below (or the page is empty):
  // keeps a heading with what follows it.
  void KeepTogether(double height) {
    height = std::min(height, bottom_ - top_);
    if (y_ > top_ + kEpsilon && y_ + height > bottom_ + kEpsilon) NewPage();
  }
  double gap() const { return o_.body_size_pt * 0.6; }
  // Ends the last page.
  void Finish() {
    Arrive();
    Footer();
  }
  int pages() const { return page_; }
  const std::vector<int>& anchors() const { return anchors_; }

  void Write(const PageBreak&) {
    if (!PageEmpty()) NewPage();
  }
  void Write(const RunningHeader& h) { pending_header_ = h.text; }
  void Write(const Anchor&) { ++pending_anchors_; }

 private:
  bool PageEmpty() const { return y_ <= top_ + kEpsilon; }
  void NewPage() {
    Footer();
    cairo_show_page(cr_);
    ++page_;
    y_ = top_;
    page_header_ = header_;
  }
  // Called just before something is drawn where it will stay: the anchors
  // and running header waiting for it take this page.
  void Arrive() {
    for (; pending_anchors_ > 0; --pending_anchors_) anchors_.push_back(page_);
    if (pending_header_) {
      header_ = *std::move(pending_header_);
      pending_header_.reset();
      if (PageEmpty()) page_header_ = header_;
    }
  }
  void Footer();
  absl::StatusOr<std::vector<Placed>> Place(const Table& t, const Grid& g,
                                            double size) const;
  // Draws the header and body rows [first, last) with the header's top at
  // `y0`; body rows moved up by `offset` and clipped to the page (a row
  // taller than a page, drawn in parts).
  void DrawRows(const Grid& g, const std::vector<Placed>& cells, int first,
                int last, double y0, double offset);
  void DrawCell(const Grid& g, const Placed& c, double top, double height,
                double clip_top, double clip_bottom);

  cairo_t* cr_;
  std::unique_ptr<PangoContext, ObjectDeleter> pango_;
  const Options& o_;
  int total_;
  bool draw_;
  int page_ = 1;
  double top_, bottom_, left_, width_;
  double y_;
  std::vector<int> anchors_;
  int pending_anchors_ = 0;
  std::optional<std::string> pending_header_;
  std::string header_;       // for pages from the next one on
  std::string page_header_;  // this page's
};

void Writer::Footer() {
  if (!draw_) return;
  const double small = o_.body_size_pt * 0.75;
  if (!page_header_.empty()) {
    LayoutPtr layout = NewLayout(
        pango_.get(), o_, page_header_,
        o_.header_size_pt > 0 ? o_.header_size_pt : small, false, width_);
    pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
    pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
    const double h = HeightOf(layout.get());
    // Centred in the top margin, a hairline below it.
    const double y = std::max(0.0, o_.margin_pt * 0.55 - h / 2);
    cairo_move_to(cr_, left_, y);
    pango_cairo_show_layout(cr_, layout.get());
    cairo_save(cr_);
    cairo_set_line_width(cr_, 0.5);
    cairo_move_to(cr_, left_, y + h + 2);
    cairo_line_to(cr_, left_ + width_, y + h + 2);
    cairo_stroke(cr_);
    cairo_restore(cr_);
  }
  const bool wants_total = absl::StrContains(o_.page_number_format, "$1");
  const int first = std::max(1, o_.first_numbered_page);
  if (!o_.page_numbers || page_ < first || (wants_total && total_ == 0)) return;
  LayoutPtr layout = NewLayout(
      pango_.get(), o_,
      absl::Substitute(o_.page_number_format, page_ - first + 1, total_), small,
      false, width_);
  pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
  const double h = HeightOf(layout.get());
  cairo_move_to(cr_, left_, o_.page_height_pt - o_.margin_pt / 2 - h / 2);
  pango_cairo_show_layout(cr_, layout.get());
}

double Writer::FirstLineHeight(const Paragraph& p) const {
  LayoutPtr layout = ParagraphLayout(pango_.get(), p, o_, width_);
  std::unique_ptr<PangoLayoutIter, IterDeleter> iter(
      pango_layout_get_iter(layout.get()));
  PangoRectangle logical;
  pango_layout_iter_get_line_extents(iter.get(), nullptr, &logical);
  return static_cast<double>(logical.y + logical.height) / PANGO_SCALE;
}

double Writer::Height(const Paragraph& p) const {
  return HeightOf(ParagraphLayout(pango_.get(), p, o_, width_).get());
}

void Writer::Write(const Paragraph& p) {
  LayoutPtr layout = ParagraphLayout(pango_.get(), p, o_, width_);
  // Line by line, so a long paragraph continues on the next page.
  std::unique_ptr<PangoLayoutIter, IterDeleter> iter(
      pango_layout_get_iter(layout.get()));
  double offset = 0;  // layout height already placed on earlier pages
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(iter.get(), nullptr, &logical);
    const double line_top = static_cast<double>(logical.y) / PANGO_SCALE;
    const double line_h = static_cast<double>(logical.height) / PANGO_SCALE;
    const int baseline = pango_layout_iter_get_baseline(iter.get());
    if (y_ + line_top - offset + line_h > bottom_) {
      NewPage();
      offset = line_top;
    }
    Arrive();
    PangoLayoutLine* line = pango_layout_iter_get_line_readonly(iter.get());
    if (draw_) {
      cairo_move_to(cr_, left_ + static_cast<double>(logical.x) / PANGO_SCALE,
                    y_ + static_cast<double>(baseline) / PANGO_SCALE - offset);
      pango_cairo_show_layout_line(cr_, line);
    }
    if (pango_layout_iter_at_last_line(iter.get())) {
      y_ += line_top + line_h - offset;
    }
  } while (pango_layout_iter_next_line(iter.get()));
  y_ += gap();
}

absl::StatusOr<std::vector<Placed>> Writer::Place(const Table& t, const Grid& g,
                                                  double size) const {
  const int ncols = static_cast<int>(g.x.size()) - 1;
  const int nrows = static_cast<int>(t.rows.size());
  std::vector<std::vector<bool>> used(nrows, std::vector<bool>(ncols));
  std::vector<Placed> out;
  for (int r = 0; r < nrows; ++r) {
    int c = 0;
    for (const Cell& cell : t.rows[r]) {
      while (c < ncols && used[r][c]) ++c;
      const int rs = std::max(1, cell.row_span);
      const int cs = std::max(1, cell.col_span);
      if (c + cs > ncols)
        return absl::InvalidArgumentError(absl::StrCat(
            "表格第", r + 1, "行的单元格超出了表格的", ncols, "列"));
      if (r + rs > nrows)
        return absl::InvalidArgumentError(
            absl::StrCat("表格第", r + 1, "行的单元格跨行超出了表格"));
      if (r < g.header && r + rs > g.header)
        return absl::InvalidArgumentError(
            absl::StrCat("表格第", r + 1, "行的表头单元格跨入了表体"));
      for (int rr = r; rr < r + rs; ++rr)
        for (int cc = c; cc < c + cs; ++cc) {
          if (used[rr][cc])
            return absl::InvalidArgumentError(
                absl::StrCat("表格第", r + 1, "行的单元格与其他单元格重叠"));
          used[rr][cc] = true;
        }
      Placed p{.row = r, .col = c, .rows = rs, .cols = cs, .cell = &cell};
      p.layout = NewLayout(pango_.get(), o_, cell.text, size, cell.bold,
                           g.x[c + cs] - g.x[c] - 2 * g.padding);
      pango_layout_set_alignment(
          p.layout.get(), cell.align == Align::kLeft    ? PANGO_ALIGN_LEFT
                          : cell.align == Align::kRight ? PANGO_ALIGN_RIGHT
                                                        : PANGO_ALIGN_CENTER);
      p.height = HeightOf(p.layout.get()) + 2 * g.padding;
      out.push_back(std::move(p));
      c += cs;
    }
  }
  return out;
}

absl::StatusOr<Prepared> Writer::Prepare(const Table& t) const {
  const int ncols = static_cast<int>(t.column_widths.size());
  const double sum =
      std::accumulate(t.column_widths.begin(), t.column_widths.end(), 0.0);
  if (ncols == 0 || sum <= 0 ||
      std::any_of(t.column_widths.begin(), t.column_widths.end(),
                  [](double w) { return w < 0; }))
    return absl::InvalidArgumentError("表格的列宽应为非负数且不全为零");
  const int nrows = static_cast<int>(t.rows.size());
  const double size = t.font_size_pt > 0 ? t.font_size_pt : o_.body_size_pt;

  Grid g{.header = std::clamp(t.header_rows, 0, nrows),
         .padding = std::max(0.0, t.padding_pt),
         .border = std::max(0.0, t.border_pt)};
  g.x.push_back(left_);
  for (double w : t.column_widths) g.x.push_back(g.x.back() + width_ * w / sum);
  absl::StatusOr<std::vector<Placed>> placed = Place(t, g, size);
  if (!placed.ok()) return placed.status();
  std::vector<Placed>& cells = *placed;

  // Row heights: the tallest single-row cell, then cells spanning rows
  // spread what they need beyond their rows evenly over them.
  const double min_h =
      HeightOf(NewLayout(pango_.get(), o_, "中", size, false, width_).get()) +
      2 * g.padding;
  g.h.assign(nrows, min_h);
  for (const Placed& c : cells)
    if (c.rows == 1) g.h[c.row] = std::max(g.h[c.row], c.height);
  std::vector<const Placed*> spanning;
  for (const Placed& c : cells)
    if (c.rows > 1) spanning.push_back(&c);
  std::stable_sort(
      spanning.begin(), spanning.end(),
      [](const Placed* a, const Placed* b) { return a->rows < b->rows; });
  for (const Placed* c : spanning) {
    double have = 0;
    for (int r = c->row; r < c->row + c->rows; ++r) have += g.h[r];
    if (c->height > have)
      for (int r = c->row; r < c->row + c->rows; ++r)
        g.h[r] += (c->height - have) / c->rows;
  }
  for (int r = 0; r < g.header; ++r) g.header_h += g.h[r];
  g.keep.assign(nrows, false);
  for (int r : t.keep_with_next)
    if (r >= g.header && r < nrows) g.keep[r] = true;
  return Prepared{std::move(g), std::move(cells)};
}

void Writer::Write(const Prepared& t) {
  const Grid& g = t.g;
  const std::vector<Placed>& cells = t.cells;
  const int nrows = static_cast<int>(g.h.size());
  if (nrows == 0) return;
  const double avail = bottom_ - top_ - g.header_h;
  // Not the header alone at the foot of a page.
  const double first_h = g.header < nrows ? g.h[g.header] : 0;
  if (y_ > top_ + kEpsilon &&
      y_ + g.header_h + std::min(first_h, avail) > bottom_ + kEpsilon)
    NewPage();
  int r = g.header;
  if (r == nrows) {  // a header only
    DrawRows(g, cells, r, r, y_, 0);
    y_ += g.header_h;
  }
  while (r < nrows) {
    const int first = r;
    double y = y_ + g.header_h;
    while (r < nrows && y + g.h[r] <= bottom_ + kEpsilon) y += g.h[r++];
    // Not a block's heading row alone at the foot of the page.
    // (A table starting mid-page may move to the next page whole.)
    const int floor = y_ > top_ + kEpsilon ? first : first + 1;
    while (r < nrows && r > floor && g.keep[r - 1]) y -= g.h[--r];
    if (r > first) {
      DrawRows(g, cells, first, r, y_, 0);
      y_ = y;
      if (r < nrows) NewPage();
      continue;
    }
    if (y_ > top_ + kEpsilon) {  // the row fits on an empty page
      NewPage();
      continue;
    }
    // A row taller than a page: drawn in parts, one page each.
    double offset = 0;
    for (;;) {
      DrawRows(g, cells, r, r + 1, y_, offset);
      if (offset + avail >= g.h[r] - kEpsilon) break;
      offset += avail;
      NewPage();
    }
    y_ += g.header_h + g.h[r] - offset;
    ++r;
    if (r < nrows) NewPage();
  }
  y_ += gap();
}

void Writer::DrawRows(const Grid& g, const std::vector<Placed>& cells,
                      int first, int last, double y0, double offset) {
  Arrive();
  if (!draw_) return;
  const int nrows = static_cast<int>(g.h.size());
  // The top of each row on this page (rows outside the segment unused).
  std::vector<double> top(nrows + 1, 0);
  double y = y0;
  for (int r = 0; r < g.header; ++r) {
    top[r] = y;
    y += g.h[r];
  }
  y -= offset;
  for (int r = first; r < last; ++r) {
    top[r] = y;
    y += g.h[r];
  }
  const double body_top = y0 + g.header_h;
  for (const Placed& c : cells) {
    if (c.row < g.header) {
      double h = 0;
      for (int r = c.row; r < c.row + c.rows; ++r) h += g.h[r];
      DrawCell(g, c, top[c.row], h, top_, bottom_);
      continue;
    }
    const int from = std::max(c.row, first);
    const int to = std::min(c.row + c.rows, last);
    if (from >= to) continue;
    double h = 0;
    for (int r = from; r < to; ++r) h += g.h[r];
    DrawCell(g, c, top[from], h, body_top, bottom_);
  }
}

void Writer::DrawCell(const Grid& g, const Placed& c, double top, double height,
                      double clip_top, double clip_bottom) {
  const double x = g.x[c.col];
  const double w = g.x[c.col + c.cols] - x;
  const double visible_top = std::max(top, clip_top);
  const double visible_bottom = std::min(top + height, clip_bottom);
  if (visible_bottom <= visible_top) return;
  cairo_save(cr_);
  cairo_rectangle(cr_, x, visible_top, w, visible_bottom - visible_top);
  cairo_clip(cr_);
  const double text_h = HeightOf(c.layout.get());
  const double ty = text_h + 2 * g.padding <= height
                        ? top + (height - text_h) / 2
                        : top + g.padding;
  cairo_move_to(cr_, x + g.padding, ty);
  pango_cairo_show_layout(cr_, c.layout.get());
  cairo_restore(cr_);
  if (g.border > 0) {
    cairo_save(cr_);
    // Half the line lies outside the cell; clip only to the page's part.
    cairo_rectangle(cr_, x - g.border, clip_top - g.border, w + 2 * g.border,
                    clip_bottom - clip_top + 2 * g.border);
    cairo_clip(cr_);
    cairo_set_line_width(cr_, g.border);
    cairo_rectangle(cr_, x, top, w, height);
    cairo_stroke(cr_);
    cairo_restore(cr_);
  }
}

// One pass over the blocks onto a PDF stream: into `out`, or nowhere
// (nullptr) to count the pages. Returns where the pages fall.
absl::StatusOr<PageMap> Pass(const std::vector<Block>& blocks, const Options& o,
                             int total_pages, std::string* out) {
  std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(
      cairo_pdf_surface_create_for_stream(Append, out, o.page_width_pt,
                                          o.page_height_pt));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(absl::StrCat(
        "无法创建PDF：",
        cairo_status_to_string(cairo_surface_status(surface.get()))));
  }
  if (!o.title.empty()) {
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE,
                                   o.title.c_str());
  }
  std::unique_ptr<cairo_t, ContextDeleter> cr(cairo_create(surface.get()));
  Writer writer(cr.get(), o, total_pages, /*draw=*/out != nullptr);
  // A table prepared ahead (for the heading before it), by block index.
  std::optional<std::pair<size_t, Prepared>> ahead;
  auto prepare = [&](size_t i) -> absl::StatusOr<const Prepared*> {
    if (!ahead || ahead->first != i) {
      absl::StatusOr<Prepared> t = writer.Prepare(std::get<Table>(blocks[i]));
      if (!t.ok()) return t.status();
      ahead.emplace(i, *std::move(t));
    }
    return &ahead->second;
  };
  // A page break waits for something to go on the new page: a break at
  // the end adds no blank page.
  bool break_pending = false;
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (break_pending && (std::holds_alternative<Paragraph>(blocks[i]) ||
                          std::holds_alternative<Table>(blocks[i]))) {
      writer.Write(PageBreak{});
      break_pending = false;
    }
    if (const Paragraph* p = std::get_if<Paragraph>(&blocks[i])) {
      // The next paragraph or table, past anchors and header marks.
      size_t n = i + 1;
      while (n < blocks.size() &&
             (std::holds_alternative<Anchor>(blocks[n]) ||
              std::holds_alternative<RunningHeader>(blocks[n])))
        ++n;
      if (p->style == Style::kHeading && n < blocks.size() &&
          !std::holds_alternative<PageBreak>(blocks[n])) {
        // A heading stays with the start of what follows it.
        double next = 0;
        if (const Paragraph* np = std::get_if<Paragraph>(&blocks[n])) {
          next = writer.FirstLineHeight(*np);
        } else {
          absl::StatusOr<const Prepared*> t = prepare(n);
          if (!t.ok()) return t.status();
          next = (*t)->start_h();
        }
        writer.KeepTogether(writer.Height(*p) + writer.gap() + next);
      } else if (p->style == Style::kRight) {
        writer.KeepTogether(writer.Height(*p));  // a signature and its date
      }
      writer.Write(*p);
    } else if (std::holds_alternative<Table>(blocks[i])) {
      absl::StatusOr<const Prepared*> t = prepare(i);
      if (!t.ok()) return t.status();
      writer.Write(**t);
    } else if (std::holds_alternative<PageBreak>(blocks[i])) {
      break_pending = true;
    } else if (const RunningHeader* h =
                   std::get_if<RunningHeader>(&blocks[i])) {
      writer.Write(*h);
    } else {
      writer.Write(std::get<Anchor>(blocks[i]));
    }
  }
  writer.Finish();
  cr.reset();
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(absl::StrCat(
        "写入PDF失败：",
        cairo_status_to_string(cairo_surface_status(surface.get()))));
  }
  return PageMap{.pages = writer.pages(), .anchors = writer.anchors()};
}

}  // namespace

absl::StatusOr<std::string> RenderDocument(const std::vector<Block>& blocks,
                                           const Options& o,
                                           PageMap* page_map) {
  int total = 0;
  if (o.page_numbers && absl::StrContains(o.page_number_format, "$1")) {
    // The footer says how many pages there are: count them first.
    absl::StatusOr<PageMap> counted = Pass(blocks, o, 0, nullptr);
    if (!counted.ok()) return counted.status();
    total =
        std::max(0, counted->pages - std::max(1, o.first_numbered_page) + 1);
  }
  std::string out;
  absl::StatusOr<PageMap> map = Pass(blocks, o, total, &out);
  if (!map.ok()) return map.status();
  if (page_map != nullptr) *page_map = *std::move(map);
  return out;
}

absl::StatusOr<std::string> RenderDocument(const std::vector<Block>& blocks,
                                           const Options& o) {
  return RenderDocument(blocks, o, nullptr);
}

absl::StatusOr<PageMap> Paginate(const std::vector<Block>& blocks,
                                 const Options& o) {
  return Pass(blocks, o, 0, nullptr);
}

absl::StatusOr<std::string> Render(const std::vector<Paragraph>& paragraphs,
                                   const Options& o) {
  return RenderDocument(
      std::vector<Block>(paragraphs.begin(), paragraphs.end()), o);
}

}  // namespace zwgk::pdf
