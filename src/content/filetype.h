// Attachments are judged by their bytes, never by their names: what the
// portal serves must be what it says it is.
#ifndef ZWGK_CONTENT_FILETYPE_H_
#define ZWGK_CONTENT_FILETYPE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace zwgk::content {

enum class FileType { kPdf, kDocx, kXlsx, kPng, kJpeg, kGif, kUnknown };

struct FileTypeInfo {
  FileType type = FileType::kUnknown;
  std::string mime;       // "application/pdf"
  std::string extension;  // ".pdf"; "" for kUnknown
  std::string label;      // "PDF 文档"
};

// The fixed description of a type (kUnknown: application/octet-stream).
FileTypeInfo InfoFor(FileType type);

// Decides by content: "%PDF-" at the start; the PNG, JPEG and GIF
// signatures; DOCX / XLSX = a ZIP archive holding [Content_Types].xml and
// word/document.xml resp. xl/workbook.xml. Anything else is kUnknown.
// Never throws.
FileTypeInfo DetectFileType(absl::string_view bytes);

struct CheckedUpload {
  FileTypeInfo type;
  std::string display_name;
  std::string sha256_hex;
  int64_t size = 0;
};

// Validates an upload: a non-empty file of an allowed type (all but
// kUnknown) of at most `max_bytes`. The filename is kept only as a display
// name: path components and control/bidi characters removed, at most 120
// characters, the extension corrected to the detected type when it does not
// match ("通知.exe" holding a PDF becomes "通知.pdf"; ".jpg" and ".jpeg" both
// match JPEG). InvalidArgument with a Chinese message naming the file and
// the reason, e.g.
// "文件“x.exe”不是允许的类型（PDF、DOCX、XLSX、PNG、JPEG、GIF）",
// "文件“a.pdf”超过 20 MB", "文件“a.pdf”是空文件".
absl::StatusOr<CheckedUpload> CheckUpload(absl::string_view filename,
                                          absl::string_view bytes,
                                          int64_t max_bytes);

// Text of a DOCX (w:t of word/document.xml, paragraphs as lines, w:tab as
// tab) or an XLSX (shared and inline strings; cells tab-separated, rows as
// lines, sheets in order) for search indexing. Empty for other types and for
// files that cannot be read. Never throws.
std::string ExtractOfficeText(absl::string_view bytes, FileType type);

}  // namespace zwgk::content

#endif  // ZWGK_CONTENT_FILETYPE_H_
