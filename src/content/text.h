// Character-level helpers shared by the sanitizer, the feeds and the upload
// checks: strict UTF-8 decoding, cleaning to XML-safe text, character
// references and escaping. Internal to the content module.
#ifndef ZWGK_CONTENT_TEXT_H_
#define ZWGK_CONTENT_TEXT_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace zwgk::content::text {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// One decoded code point. An invalid sequence decodes as U+FFFD of length 1
// with `valid` false, so callers always advance.
struct DecodedChar {
  char32_t cp;
  size_t length;
  bool valid;
};
DecodedChar DecodeUtf8At(absl::string_view s, size_t pos);

void AppendUtf8(std::string& out, char32_t cp);

// Characters we let through anywhere: XML 1.0 Char minus the C0/C1 controls
// other than tab and line feed (they have no business in published text).
bool IsAllowedChar(char32_t cp);

struct CleanedText {
  std::string text;
  bool replaced_invalid = false;  // invalid UTF-8 became U+FFFD
  bool removed_controls = false;  // control characters were dropped
};
// Valid UTF-8 of allowed characters only: invalid bytes become U+FFFD, CRLF
// and lone CR become LF, disallowed characters are removed.
CleanedText CleanUtf8(absl::string_view s);

enum class EntityContext { kText, kAttribute };
// Decodes character references: numeric ones (with HTML's windows-1252
// remapping of 0x80–0x9F) and the common named ones. References that decode
// to disallowed characters are dropped; unknown ones are kept literally.
// Expects cleaned input.
std::string DecodeEntities(absl::string_view s, EntityContext context);

// The byte length of the first `n` code points of `s`.
size_t PrefixBytes(absl::string_view s, size_t n);

}  // namespace zwgk::content::text

#endif  // ZWGK_CONTENT_TEXT_H_
