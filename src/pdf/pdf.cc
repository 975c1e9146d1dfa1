#include "pdf/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>

#include "absl/strings/str_cat.h"

namespace zwgk::pdf {
namespace {

cairo_status_t Append(void* closure, const unsigned char* data,
                      unsigned int length) {
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

// Lays one paragraph out at the text width.
std::unique_ptr<PangoLayout, ObjectDeleter> Layout(cairo_t* cr,
                                                   const Paragraph& p,
                                                   const Options& o,
                                                   double width) {
  std::unique_ptr<PangoLayout, ObjectDeleter> layout(
      pango_cairo_create_layout(cr));
  std::unique_ptr<PangoFontDescription, FontDeleter> font(
      pango_font_description_from_string(o.font_family.c_str()));
  pango_font_description_set_absolute_size(
      font.get(), SizeOf(p.style, o.body_size_pt) * PANGO_SCALE);
  if (p.style == Style::kTitle || p.style == Style::kHeading)
    pango_font_description_set_weight(font.get(), PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(layout.get(), font.get());
  pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
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
  pango_layout_set_text(layout.get(), p.text.c_str(),
                        static_cast<int>(p.text.size()));
  return layout;
}

}  // namespace

absl::StatusOr<std::string> Render(const std::vector<Paragraph>& paragraphs,
                                   const Options& o) {
  std::string out;
  std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(
      cairo_pdf_surface_create_for_stream(Append, &out, o.page_width_pt,
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
  const double width = o.page_width_pt - 2 * o.margin_pt;
  const double bottom = o.page_height_pt - o.margin_pt;
  double y = o.margin_pt;
  const double gap = o.body_size_pt * 0.6;
  for (const Paragraph& p : paragraphs) {
    auto layout = Layout(cr.get(), p, o, width);
    // Line by line, so a long paragraph continues on the next page.
    PangoLayoutIter* iter = pango_layout_get_iter(layout.get());
    double offset = 0;  // layout height already placed on earlier pages
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      const double line_top = static_cast<double>(logical.y) / PANGO_SCALE;
      const double line_h = static_cast<double>(logical.height) / PANGO_SCALE;
      const int baseline = pango_layout_iter_get_baseline(iter);
      if (y + line_top - offset + line_h > bottom) {
        cairo_show_page(cr.get());
        offset = line_top;
        y = o.margin_pt;
      }
      PangoLayoutLine* line = pango_layout_iter_get_line_readonly(iter);
      cairo_move_to(cr.get(),
                    o.margin_pt + static_cast<double>(logical.x) / PANGO_SCALE,
                    y + static_cast<double>(baseline) / PANGO_SCALE - offset);
      pango_cairo_show_layout_line(cr.get(), line);
      if (pango_layout_iter_at_last_line(iter)) {
        y += line_top + line_h - offset;
      }
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    y += gap;
  }
  cr.reset();
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(absl::StrCat(
        "写入PDF失败：",
        cairo_status_to_string(cairo_surface_status(surface.get()))));
  }
  surface.reset();
  return out;
}

}  // namespace zwgk::pdf
