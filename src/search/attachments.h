// Text of attachments for the index: PDF (poppler-cpp), DOCX and XLSX (the
// zip and XML readers we already use). Other types give no text.
#ifndef ZWGK_SEARCH_ATTACHMENTS_H_
#define ZWGK_SEARCH_ATTACHMENTS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace zwgk::search {

// At most `max_bytes` of text from the file at `path`, chosen by
// `content_type` or the extension of `filename`. Empty for types without
// text; an error for unreadable or corrupt files.
[[nodiscard]] absl::StatusOr<std::string> AttachmentText(
    const std::string& path, absl::string_view content_type,
    absl::string_view filename, size_t max_bytes = 200 << 10);

// The same from bytes in memory (tests, uploads).
[[nodiscard]] absl::StatusOr<std::string> AttachmentTextFromBytes(
    const std::string& bytes, absl::string_view content_type,
    absl::string_view filename, size_t max_bytes = 200 << 10);

}  // namespace zwgk::search

#endif  // ZWGK_SEARCH_ATTACHMENTS_H_
