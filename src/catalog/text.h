// Small UTF-8 helpers for the catalog parsers. Invalid UTF-8 never fails:
// bad bytes decode to U+FFFD, so hostile input cannot crash a parser.
#ifndef ZWGK_CATALOG_TEXT_H_
#define ZWGK_CATALOG_TEXT_H_

#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace zwgk::catalog::text {

std::u32string DecodeUtf8(absl::string_view s);
std::string EncodeUtf8(std::u32string_view s);
void AppendUtf8(std::string& out, char32_t c);

// ASCII whitespace plus the spaces Chinese documents use (U+3000 ideographic
// space, NBSP, zero-width space, BOM).
bool IsSpace(char32_t c);

// `s` without leading and trailing spaces (as IsSpace).
std::string Trim(absl::string_view s);

// Trim without copying when there is nothing to trim (the common case).
void TrimInPlace(std::string& s);

// `s` with every space removed, including line breaks.
std::string RemoveSpaces(absl::string_view s);

// Whether `s` is well-formed UTF-8.
bool IsValidUtf8(absl::string_view s);

// Replaces every invalid UTF-8 sequence with U+FFFD.
std::string SanitizeUtf8(absl::string_view s);

}  // namespace zwgk::catalog::text

#endif  // ZWGK_CATALOG_TEXT_H_
