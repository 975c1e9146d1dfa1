#include "search/attachments.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>
#include <zip.h>

#include <fstream>
#include <memory>
#include <pugixml.hpp>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace zwgk::search {
namespace {

enum class Kind { kNone, kPdf, kDocx, kXlsx, kText };

Kind KindOf(absl::string_view content_type, absl::string_view filename) {
  std::string name = absl::AsciiStrToLower(filename);
  if (content_type == "application/pdf" || absl::EndsWith(name, ".pdf"))
    return Kind::kPdf;
  if (absl::StrContains(content_type, "wordprocessingml") ||
      absl::EndsWith(name, ".docx"))
    return Kind::kDocx;
  if (absl::StrContains(content_type, "spreadsheetml") ||
      absl::EndsWith(name, ".xlsx"))
    return Kind::kXlsx;
  if (absl::StartsWith(content_type, "text/plain") ||
      absl::EndsWith(name, ".txt"))
    return Kind::kText;
  return Kind::kNone;
}

void Cap(std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return;
  size_t n = max_bytes;
  // Do not cut a UTF-8 sequence in half.
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
}

absl::StatusOr<std::string> PdfText(const std::string& bytes,
                                    size_t max_bytes) {
  // poppler prints parse errors to stderr; a corrupt file is reported to
  // our caller instead.
  static const bool quiet = [] {
    poppler::set_debug_error_function([](const std::string&, void*) {},
                                      nullptr);
    return true;
  }();
  (void)quiet;
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), bytes.size()));
  if (!doc || doc->is_locked())
    return absl::InvalidArgumentError("PDF 无法打开（损坏或已加密）");
  std::string out;
  for (int i = 0; i < doc->pages() && out.size() < max_bytes; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    poppler::byte_array utf8 = page->text().to_utf8();
    out.append(utf8.begin(), utf8.end());
    out.push_back('\n');
  }
  Cap(out, max_bytes);
  return out;
}

absl::StatusOr<std::string> ZipEntry(zip_t* z, const char* name) {
  zip_stat_t st;
  if (zip_stat(z, name, 0, &st) != 0) return std::string();
  if (st.size > (64u << 20))
    return absl::InvalidArgumentError(absl::StrCat(name, " 过大"));
  zip_file_t* f = zip_fopen(z, name, 0);
  if (!f) return absl::InvalidArgumentError(absl::StrCat("无法读取 ", name));
  std::string data(st.size, '\0');
  zip_int64_t n = zip_fread(f, data.data(), st.size);
  zip_fclose(f);
  if (n < 0) return absl::InvalidArgumentError(absl::StrCat("无法读取 ", name));
  data.resize(n);
  return data;
}

// Every text node under elements named `text_element`, paragraphs (or
// cells) separated by newlines.
void CollectText(const pugi::xml_node& node, const char* text_element,
                 const char* break_element, std::string& out,
                 size_t max_bytes) {
  for (pugi::xml_node child : node.children()) {
    if (out.size() >= max_bytes) return;
    if (absl::string_view(child.name()) == text_element) {
      out += child.text().get();
    } else {
      CollectText(child, text_element, break_element, out, max_bytes);
      if (absl::string_view(child.name()) == break_element) out.push_back('\n');
    }
  }
}

absl::StatusOr<std::string> OfficeText(const std::string& bytes, Kind kind,
                                       size_t max_bytes) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src =
      zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (!src) return absl::InvalidArgumentError("文件无法读取");
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  if (!z) {
    zip_source_free(src);
    return absl::InvalidArgumentError("不是有效的 Office 文件（zip 格式错误）");
  }
  // DOCX: the body; XLSX: the shared strings, which hold the text cells.
  const char* entry =
      kind == Kind::kDocx ? "word/document.xml" : "xl/sharedStrings.xml";
  absl::StatusOr<std::string> xml = ZipEntry(z, entry);
  zip_close(z);
  if (!xml.ok()) return xml.status();
  std::string out;
  if (xml->empty()) return out;
  pugi::xml_document doc;
  if (!doc.load_buffer(xml->data(), xml->size()))
    return absl::InvalidArgumentError(absl::StrCat(entry, " 不是有效的 XML"));
  if (kind == Kind::kDocx) {
    CollectText(doc, "w:t", "w:p", out, max_bytes);
  } else {
    CollectText(doc, "t", "si", out, max_bytes);
  }
  Cap(out, max_bytes);
  return out;
}

}  // namespace

absl::StatusOr<std::string> AttachmentTextFromBytes(
    const std::string& bytes, absl::string_view content_type,
    absl::string_view filename, size_t max_bytes) {
  switch (KindOf(content_type, filename)) {
    case Kind::kPdf:
      return PdfText(bytes, max_bytes);
    case Kind::kDocx:
      return OfficeText(bytes, Kind::kDocx, max_bytes);
    case Kind::kXlsx:
      return OfficeText(bytes, Kind::kXlsx, max_bytes);
    case Kind::kText: {
      std::string s = bytes;
      Cap(s, max_bytes);
      return s;
    }
    case Kind::kNone:
      break;
  }
  return std::string();
}

absl::StatusOr<std::string> AttachmentText(const std::string& path,
                                           absl::string_view content_type,
                                           absl::string_view filename,
                                           size_t max_bytes) {
  if (KindOf(content_type, filename) == Kind::kNone) return std::string();
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("附件文件不存在：", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  return AttachmentTextFromBytes(ss.str(), content_type, filename, max_bytes);
}

}  // namespace zwgk::search
