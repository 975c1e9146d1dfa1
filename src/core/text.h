// Small text helpers every module shares: counting characters of UTF-8 and
// escaping text for HTML. One home each (scripts/check-shape keeps it so).
#ifndef ZWGK_CORE_TEXT_H_
#define ZWGK_CORE_TEXT_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace zwgk {

// Characters (code points) in UTF-8 text: the bytes that do not continue a
// sequence. Limits shown to people ("最多50字") count these, not bytes.
size_t Utf8Length(absl::string_view utf8);

// Text made safe inside HTML elements and quoted attributes: & < > " and '
// become references.
std::string HtmlEscape(absl::string_view text);
void AppendHtmlEscaped(std::string& out, absl::string_view text);

}  // namespace zwgk

#endif  // ZWGK_CORE_TEXT_H_
