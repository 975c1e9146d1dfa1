// libFuzzer target for uploads: type detection by content, the upload check
// (display names from client file names) and the text extracted from DOCX
// and XLSX for search (content/filetype.h).
//
// The first byte picks the mode; the rest is:
//   0: a whole file;
//   1: word/document.xml of a DOCX zipped here;
//   2: XLSX parts (sheet, shared strings, workbook, styles; see
//      fuzz_util.h Xlsx) zipped here;
//   3: a client file name, "\n----\n", the file.
// Invariants: an accepted upload is a known type whose display name is at
// most 120 characters of valid UTF-8 without path separators or control
// characters and ends in the type's extension; size and SHA-256 are the
// file's; extracted text is valid UTF-8.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "content/filetype.h"
#include "fuzz_util.h"

namespace {

using namespace zwgk::content;

size_t Utf8Chars(absl::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void Fuzz(absl::string_view filename, absl::string_view bytes) {
  const FileTypeInfo info = DetectFileType(bytes);
  if (info.type != FileType::kUnknown)
    ZWGK_FUZZ_CHECK(!info.extension.empty() && !info.mime.empty(), bytes);
  const std::string text = ExtractOfficeText(bytes, info.type);
  ZWGK_FUZZ_CHECK(zwgk::fuzz::IsValidUtf8(text), text);
  if (info.type != FileType::kDocx && info.type != FileType::kXlsx)
    ZWGK_FUZZ_CHECK(text.empty(), text);

  absl::StatusOr<CheckedUpload> upload = CheckUpload(filename, bytes, 1 << 20);
  if (!upload.ok()) {
    ZWGK_FUZZ_CHECK(
        upload.status().code() == absl::StatusCode::kInvalidArgument, filename);
    ZWGK_FUZZ_CHECK(bytes.empty() || info.type == FileType::kUnknown ||
                        bytes.size() > (1u << 20),
                    filename);
    return;
  }
  ZWGK_FUZZ_CHECK(upload->type.type == info.type, filename);
  ZWGK_FUZZ_CHECK(upload->size == static_cast<int64_t>(bytes.size()), filename);
  ZWGK_FUZZ_CHECK(upload->sha256_hex.size() == 64, upload->sha256_hex);
  const std::string& name = upload->display_name;
  ZWGK_FUZZ_CHECK(!name.empty() && Utf8Chars(name) <= 120, name);
  ZWGK_FUZZ_CHECK(zwgk::fuzz::IsValidUtf8(name), name);
  for (unsigned char c : name)
    ZWGK_FUZZ_CHECK(c >= 0x20 && c != 0x7f && c != '/' && c != '\\', name);
  // No bidi overrides (U+202A..U+202E, U+2066..U+2069) to disguise ".exe".
  for (absl::string_view bidi :
       {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
        "\u2068", "\u2069"})
    ZWGK_FUZZ_CHECK(!absl::StrContains(name, bidi), name);
  const std::string lower = absl::AsciiStrToLower(name);
  ZWGK_FUZZ_CHECK(
      absl::EndsWith(lower, info.extension) ||
          (info.type == FileType::kJpeg &&
           (absl::EndsWith(lower, ".jpeg") || absl::EndsWith(lower, ".jpe"))),
      name);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const absl::string_view rest = zwgk::fuzz::Bytes(data + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      Fuzz("附件.pdf", rest);
      break;
    case 1:
      Fuzz("通知.docx", zwgk::fuzz::Docx(rest));
      break;
    case 2:
      Fuzz("名单.xlsx", zwgk::fuzz::Xlsx(rest));
      break;
    case 3: {
      const size_t sep = rest.find(zwgk::fuzz::kSeparator);
      if (sep == absl::string_view::npos) {
        Fuzz(rest, "%PDF-1.4\n");
      } else {
        Fuzz(rest.substr(0, sep),
             rest.substr(sep + zwgk::fuzz::kSeparator.size()));
      }
      break;
    }
  }
  return 0;
}
