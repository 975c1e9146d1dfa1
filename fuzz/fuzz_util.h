// Helpers shared by the libFuzzer targets in fuzz/ (issue 20).
//
// Random bytes rarely get past zip's checksums or a parser's first check,
// so targets split their input: the first byte picks a mode, and "parts"
// inputs carry several strings separated by "\n----\n" (a zip's entries, a
// content type and a body, …). A violated invariant calls Fail(), which
// prints what broke and aborts, so libFuzzer saves the input as a crash.
#ifndef ZWGK_FUZZ_FUZZ_UTIL_H_
#define ZWGK_FUZZ_FUZZ_UTIL_H_

#include <zip.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace zwgk::fuzz {

inline constexpr absl::string_view kSeparator = "\n----\n";

// What the target is checking, printed with a broken invariant.
inline const char*& Context() {
  static const char* context = "";
  return context;
}

[[noreturn]] inline void Fail(const char* what, absl::string_view detail = "") {
  std::fprintf(stderr, "fuzz invariant broken (%s): %s\n%.*s\n", Context(),
               what,
               static_cast<int>(detail.size() > 2000 ? 2000 : detail.size()),
               detail.data());
  std::abort();
}

#define ZWGK_FUZZ_CHECK(cond, detail)                 \
  do {                                                \
    if (!(cond)) ::zwgk::fuzz::Fail(#cond, (detail)); \
  } while (0)

// The input as text.
inline absl::string_view Bytes(const uint8_t* data, size_t size) {
  return absl::string_view(reinterpret_cast<const char*>(data), size);
}

// `s` split at kSeparator (always at least one part).
inline std::vector<absl::string_view> SplitParts(absl::string_view s) {
  std::vector<absl::string_view> parts;
  while (true) {
    const size_t pos = s.find(kSeparator);
    parts.push_back(s.substr(0, pos));
    if (pos == absl::string_view::npos) return parts;
    s.remove_prefix(pos + kSeparator.size());
  }
}

// Part `i`, or `fallback` when the input has fewer parts.
inline absl::string_view Part(const std::vector<absl::string_view>& parts,
                              size_t i, absl::string_view fallback = "") {
  return i < parts.size() ? parts[i] : fallback;
}

// True when `s` is valid UTF-8 (no overlongs, surrogates or code points
// above U+10FFFF).
inline bool IsValidUtf8(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = s[i];
    int n = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    for (int k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      const unsigned char d = s[i + k];
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
        (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

// A zip archive (entries stored, in memory) with the given entries, so the
// XML readers behind DOCX / XLSX see the fuzzer's mutations.
inline std::string Zip(
    const std::vector<std::pair<std::string, absl::string_view>>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* z = src != nullptr ? zip_open_from_source(src, ZIP_TRUNCATE, &error)
                            : nullptr;
  zip_error_fini(&error);
  if (z == nullptr) {
    if (src != nullptr) zip_source_free(src);
    return "";
  }
  zip_source_keep(src);
  for (const auto& [name, content] : entries) {
    zip_source_t* part =
        zip_source_buffer(z, content.data(), content.size(), 0);
    const zip_int64_t index =
        zip_file_add(z, name.c_str(), part, ZIP_FL_OVERWRITE);
    if (index < 0) {
      zip_source_free(part);
      continue;
    }
    zip_set_file_compression(z, index, ZIP_CM_STORE, 0);
  }
  std::string out;
  if (zip_close(z) == 0 && zip_source_open(src) == 0) {
    char buffer[4096];
    zip_int64_t n;
    while ((n = zip_source_read(src, buffer, sizeof buffer)) > 0)
      out.append(buffer, n);
    zip_source_close(src);
  } else {
    zip_discard(z);
  }
  zip_source_free(src);
  return out;
}

inline constexpr absl::string_view kContentTypes =
    R"(<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>)";

// A DOCX package whose word/document.xml is `document`.
inline std::string Docx(absl::string_view document) {
  return Zip({{"[Content_Types].xml", kContentTypes},
              {"word/document.xml", document}});
}

// An XLSX package from "\n----\n"-separated parts: sheet XML, shared
// strings, workbook XML (default: one sheet named S), styles.
inline std::string Xlsx(absl::string_view spec) {
  const std::vector<absl::string_view> parts = SplitParts(spec);
  return Zip({
      {"[Content_Types].xml", kContentTypes},
      {"xl/worksheets/sheet1.xml", Part(parts, 0)},
      {"xl/sharedStrings.xml", Part(parts, 1, "<sst/>")},
      {"xl/workbook.xml",
       Part(
           parts, 2,
           R"(<workbook xmlns:r="r"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>)")},
      {"xl/styles.xml", Part(parts, 3, "<styleSheet/>")},
      {"xl/_rels/workbook.xml.rels",
       R"(<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>)"},
  });
}

}  // namespace zwgk::fuzz

#endif  // ZWGK_FUZZ_FUZZ_UTIL_H_
