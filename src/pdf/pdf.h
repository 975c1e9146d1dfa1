// A small PDF writer for printable documents (the reply letter, later the
// annual report): paragraphs of Chinese text laid out by pango on A4 pages
// and written by cairo, with the Noto CJK fonts embedded as subsets (with
// ToUnicode, so the text can be searched and copied). stack-notes.md: do not
// use libharu for CJK.
#ifndef ZWGK_PDF_PDF_H_
#define ZWGK_PDF_PDF_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace zwgk::pdf {

enum class Style {
  kTitle,     // centred, large, bold
  kSubtitle,  // centred
  kHeading,   // bold
  kBody,      // justified, first line indented two characters
  kPlain,     // left aligned, no indent (salutations, lists)
  kRight,     // right aligned (signature, date)
};

struct Paragraph {
  Style style = Style::kBody;
  std::string text;  // UTF-8; line breaks start new lines
};

struct Options {
  double page_width_pt = 595.28;  // A4
  double page_height_pt = 841.89;
  double margin_pt = 72;  // 2.54 cm
  std::string font_family = "Noto Sans CJK SC";
  double body_size_pt = 12;
  double line_spacing = 1.5;
  std::string title;  // PDF metadata
};

// The document as PDF bytes. Internal on a cairo or font failure.
[[nodiscard]] absl::StatusOr<std::string> Render(
    const std::vector<Paragraph>& paragraphs, const Options& options = {});

}  // namespace zwgk::pdf

#endif  // ZWGK_PDF_PDF_H_
