// Accessibility rules for record and page bodies (issue 19, GB/T 37668):
// every image a clerk puts in a body says what it shows, and wide tables
// scroll inside the page where a keyboard can reach them.
#ifndef ZWGK_CONTENT_ACCESSIBILITY_H_
#define ZWGK_CONTENT_ACCESSIBILITY_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace zwgk::content {

// Whether `alt` (as written in the attribute, character references not
// decoded) describes an image: not blank, not a file name ("IMG_0012.jpg")
// and not a placeholder word ("图片", "image", "截图").
bool IsMeaningfulAlt(absl::string_view alt);

// The 1-based positions, in document order, of the <img> elements of
// `html` without a meaningful alt.
std::vector<int> ImagesWithoutAlt(absl::string_view html);

// "" when every image of `html` has a meaningful alt; otherwise the message
// for the body's field naming the first such image: "第N张图片缺少替代文字
// （alt）…" (and how many more there are).
std::string ImageAltProblem(absl::string_view html);

// OK when every image of `html` has a meaningful alt; otherwise
// InvalidArgument with a message on `field` naming the first such image:
// "第N张图片缺少替代文字（alt）…" (and how many more there are).
[[nodiscard]] absl::Status CheckImageAlt(absl::string_view html,
                                         absl::string_view field);

// Sanitized body HTML for display: each outermost <table> wrapped in
// <div class="table-scroll" role="region" tabindex="0" aria-label=…>, so a
// table wider than the screen scrolls on its own and the keyboard reaches
// it. Expects SanitizeHtml output (tags as the sanitizer writes them).
std::string ScrollableTables(absl::string_view html);

}  // namespace zwgk::content

#endif  // ZWGK_CONTENT_ACCESSIBILITY_H_
