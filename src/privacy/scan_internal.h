// Internals shared by scan.cc and documents.cc: the findings of one text as
// byte spans, and the table-row rule for addresses. Not for other modules.
#ifndef ZWGK_PRIVACY_SCAN_INTERNAL_H_
#define ZWGK_PRIVACY_SCAN_INTERNAL_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "privacy/scan.h"

namespace zwgk::privacy::internal {

// One value found in a text: bytes [begin, end) of the text given.
struct Span {
  Kind kind = Kind::kIdCard;
  size_t begin = 0;
  size_t end = 0;
};

// Every value in `text` (own values skipped), in text order, not
// overlapping. `name_nearby`: the caller knows a person's name stands next
// to this text (a table row with a name cell), so an address needs no
// labelled name of its own.
std::vector<Span> FindSpans(absl::string_view text, const ScanOptions& options,
                            bool name_nearby = false);

// Appends the findings of `spans` in `text` to `out` (preview: masked value
// with masked context) and, when `masked` is not null, writes the masked text
// there. Returns whether anything was found.
bool Emit(absl::string_view text, const std::vector<Span>& spans,
          absl::string_view place, std::vector<Finding>* out,
          std::string* masked);

// A table cell that is a person's name: 2–4 Han characters starting with a
// common surname ("张三", "欧阳明"). A village ("东风村") is not.
bool LooksLikeName(absl::string_view cell);

// A spreadsheet number that is an ID number typed as a number: Excel keeps
// 15 significant digits, so an 18-digit ID loses its checksum; `digits` with
// a region, a real birth date and 18 (or 15) digits is one.
bool LooksLikeIdNumber(absl::string_view digits);

// Convenience: FindSpans + Emit.
inline bool ScanInto(absl::string_view text, absl::string_view place,
                     const ScanOptions& options, bool name_nearby,
                     std::vector<Finding>* out, std::string* masked) {
  std::vector<Span> spans = FindSpans(text, options, name_nearby);
  if (spans.empty()) return false;
  return Emit(text, spans, place, out, masked);
}

}  // namespace zwgk::privacy::internal

#endif  // ZWGK_PRIVACY_SCAN_INTERNAL_H_
