#include "content/filetype.h"

#include <zip.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "content/blob_store.h"
#include "content/text.h"
#include "core/text.h"
#include "pugixml.hpp"

namespace zwgk::content {
namespace {

constexpr size_t kMaxDisplayChars = 120;
// Parts larger than this when uncompressed are not read (zip bombs).
constexpr zip_uint64_t kMaxPartBytes = 64u << 20;

// ---- Zip access (read-only, from memory) ----

class ZipReader {
 public:
  // nullptr when `bytes` is not a readable ZIP archive. `bytes` must outlive
  // the reader.
  static std::unique_ptr<ZipReader> Open(absl::string_view bytes) {
    if (!absl::StartsWith(bytes, "PK\x03\x04")) return nullptr;
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source =
        zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    zip_t* zip = nullptr;
    if (source != nullptr) {
      zip = zip_open_from_source(source, ZIP_RDONLY, &error);
      if (zip == nullptr) zip_source_free(source);
    }
    zip_error_fini(&error);
    if (zip == nullptr) return nullptr;
    return std::unique_ptr<ZipReader>(new ZipReader(zip));
  }
  ~ZipReader() { zip_discard(zip_); }
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  // OOXML part names are case-insensitive.
  bool Has(const char* name) const {
    return zip_name_locate(zip_, name, ZIP_FL_NOCASE) >= 0;
  }

  std::optional<std::string> Read(const std::string& name) const {
    const zip_int64_t index =
        zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return std::nullopt;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip_, index, 0, &st) != 0 ||
        ((st.valid & ZIP_STAT_SIZE) && st.size > kMaxPartBytes)) {
      return std::nullopt;
    }
    zip_file_t* file = zip_fopen_index(zip_, index, 0);
    if (file == nullptr) return std::nullopt;
    std::string out;
    char buffer[16384];
    zip_int64_t n;
    while ((n = zip_fread(file, buffer, sizeof buffer)) > 0) {
      out.append(buffer, static_cast<size_t>(n));
      if (out.size() > kMaxPartBytes) break;
    }
    zip_fclose(file);
    if (n < 0 || out.size() > kMaxPartBytes) return std::nullopt;
    return out;
  }

  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    const zip_int64_t count = zip_get_num_entries(zip_, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
      if (const char* name = zip_get_name(zip_, i, 0)) names.emplace_back(name);
    }
    return names;
  }

 private:
  explicit ZipReader(zip_t* zip) : zip_(zip) {}
  zip_t* zip_;
};

// ---- XML helpers ----

absl::string_view LocalName(const char* name) {
  absl::string_view n(name);
  const size_t colon = n.find(':');
  return colon == absl::string_view::npos ? n : n.substr(colon + 1);
}

// Pre-order walk without recursion (documents can nest deeply); `visit`
// returns false to skip a node's children.
template <typename Visit>
void Walk(pugi::xml_node root, Visit visit) {
  pugi::xml_node node = root.first_child();
  while (node) {
    if (visit(node) && node.first_child()) {
      node = node.first_child();
      continue;
    }
    while (node && node != root && !node.next_sibling()) node = node.parent();
    if (!node || node == root) break;
    node = node.next_sibling();
  }
}

bool LoadXml(pugi::xml_document& doc, const std::string& xml) {
  return doc.load_buffer(xml.data(), xml.size(),
                         pugi::parse_default | pugi::parse_ws_pcdata)
             .status == pugi::status_ok;
}

void AppendCharacterData(pugi::xml_node node, std::string& out) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      out += c.value();
    }
  }
}

// Ends the current line unless it is empty.
void NewLine(std::string& out) {
  if (!out.empty() && out.back() != '\n') out.push_back('\n');
}

std::string DocxText(const ZipReader& zip) {
  std::optional<std::string> xml = zip.Read("word/document.xml");
  pugi::xml_document doc;
  if (!xml || !LoadXml(doc, *xml)) return "";
  std::string out;
  Walk(doc, [&](pugi::xml_node node) {
    if (node.type() != pugi::node_element) return false;
    const absl::string_view name = LocalName(node.name());
    if (name == "p") {
      NewLine(out);
    } else if (name == "t") {
      AppendCharacterData(node, out);
      return false;
    } else if (name == "tab") {
      out.push_back('\t');
    } else if (name == "br" || name == "cr") {
      out.push_back('\n');
    } else if (name == "Fallback") {
      return false;  // mc:Fallback repeats mc:Choice (text boxes)
    }
    return true;
  });
  return out;
}

// Text of a string item (<si> or <is>), without phonetic runs (<rPh>).
std::string StringItemText(pugi::xml_node item) {
  std::string out;
  Walk(item, [&](pugi::xml_node node) {
    if (node.type() != pugi::node_element) return false;
    const absl::string_view name = LocalName(node.name());
    if (name == "rPh") return false;
    if (name == "t") {
      AppendCharacterData(node, out);
      return false;
    }
    return true;
  });
  return out;
}

std::vector<std::string> SharedStrings(const ZipReader& zip) {
  std::vector<std::string> strings;
  std::optional<std::string> xml = zip.Read("xl/sharedStrings.xml");
  pugi::xml_document doc;
  if (!xml || !LoadXml(doc, *xml)) return strings;
  for (pugi::xml_node si = doc.document_element().first_child(); si;
       si = si.next_sibling()) {
    if (LocalName(si.name()) == "si") strings.push_back(StringItemText(si));
  }
  return strings;
}

// Worksheet parts ordered by their number (sheet2 before sheet10).
std::vector<std::string> WorksheetNames(const ZipReader& zip) {
  std::vector<std::pair<int, std::string>> sheets;
  for (std::string& name : zip.Names()) {
    absl::string_view n = name;
    if (!absl::ConsumePrefix(&n, "xl/worksheets/") ||
        !absl::ConsumeSuffix(&n, ".xml") || absl::StrContains(n, "/")) {
      continue;
    }
    int number = 0;
    absl::ConsumePrefix(&n, "sheet");
    if (!absl::SimpleAtoi(n, &number)) number = 1 << 30;
    sheets.emplace_back(number, std::move(name));
  }
  std::sort(sheets.begin(), sheets.end());
  std::vector<std::string> names;
  for (auto& [number, name] : sheets) names.push_back(std::move(name));
  return names;
}

std::string CellText(pugi::xml_node cell,
                     const std::vector<std::string>& shared) {
  const absl::string_view type = cell.attribute("t").value();
  pugi::xml_node value;
  pugi::xml_node inline_string;
  for (pugi::xml_node c = cell.first_child(); c; c = c.next_sibling()) {
    const absl::string_view name = LocalName(c.name());
    if (name == "v") value = c;
    if (name == "is") inline_string = c;
  }
  if (type == "s") {
    size_t index = 0;
    if (value && absl::SimpleAtoi(value.text().get(), &index) &&
        index < shared.size()) {
      return shared[index];
    }
  } else if (type == "inlineStr") {
    if (inline_string) return StringItemText(inline_string);
  } else if (type == "str" && value) {
    return value.text().get();
  }
  return "";
}

void AppendSheetText(const std::string& xml,
                     const std::vector<std::string>& shared, std::string& out) {
  pugi::xml_document doc;
  if (!LoadXml(doc, xml)) return;
  Walk(doc, [&](pugi::xml_node node) {
    if (node.type() != pugi::node_element) return false;
    if (LocalName(node.name()) != "row") return true;
    std::string line;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (LocalName(c.name()) != "c") continue;
      std::string cell = CellText(c, shared);
      if (cell.empty()) continue;
      if (!line.empty()) line.push_back('\t');
      line += cell;
    }
    if (!line.empty()) {
      NewLine(out);
      out += line;
    }
    return false;
  });
}

std::string XlsxText(const ZipReader& zip) {
  const std::vector<std::string> shared = SharedStrings(zip);
  std::string out;
  for (const std::string& name : WorksheetNames(zip)) {
    if (std::optional<std::string> xml = zip.Read(name)) {
      AppendSheetText(*xml, shared, out);
    }
  }
  return out;
}

// ---- Display names ----

bool IsBidiControl(char32_t cp) {
  return cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

// The last path component with control, bidi and line characters removed
// and surrounding spaces and dots trimmed (Windows drops trailing dots,
// Unix hides leading ones).
std::string BaseName(absl::string_view filename) {
  const std::string cleaned = text::CleanUtf8(filename).text;
  std::string name;
  for (size_t i = 0; i < cleaned.size();) {
    const text::DecodedChar d = text::DecodeUtf8At(cleaned, i);
    if (d.cp == '/' || d.cp == '\\') {
      name.clear();
    } else if (d.cp != '\t' && d.cp != '\n' && !IsBidiControl(d.cp)) {
      name.append(cleaned, i, d.length);
    }
    i += d.length;
  }
  const auto trimmed = [](char c) { return c == ' ' || c == '.'; };
  while (!name.empty() && trimmed(name.back())) name.pop_back();
  size_t start = 0;
  while (start < name.size() && trimmed(name[start])) ++start;
  return name.substr(start);
}

// The extension (without the dot) when the name has a plausible one: 1–8
// ASCII letters/digits with at least one letter ("会议纪要 2026.03" has none).
std::optional<absl::string_view> ExtensionOf(absl::string_view name) {
  const size_t dot = name.rfind('.');
  if (dot == absl::string_view::npos || dot == 0) return std::nullopt;
  const absl::string_view ext = name.substr(dot + 1);
  if (ext.empty() || ext.size() > 8) return std::nullopt;
  bool has_letter = false;
  for (char c : ext) {
    const auto u = static_cast<unsigned char>(c);
    if (!absl::ascii_isalnum(u)) return std::nullopt;
    has_letter = has_letter || absl::ascii_isalpha(u);
  }
  if (!has_letter) return std::nullopt;
  return ext;
}

bool ExtensionMatches(absl::string_view ext, FileType type) {
  const std::string lower = absl::AsciiStrToLower(ext);
  if (type == FileType::kJpeg) {
    return lower == "jpg" || lower == "jpeg" || lower == "jpe";
  }
  return "." + lower == InfoFor(type).extension;
}

std::string DisplayName(absl::string_view base, FileType type) {
  const std::string extension = InfoFor(type).extension;
  std::string stem(base);
  std::string suffix = extension;
  if (std::optional<absl::string_view> ext = ExtensionOf(base)) {
    if (ExtensionMatches(*ext, type)) {
      suffix = absl::StrCat(".", *ext);  // keep the user's spelling (.JPG)
    }
    stem = std::string(base.substr(0, base.size() - ext->size() - 1));
  }
  if (stem.empty()) stem = "附件";
  const size_t suffix_chars = Utf8Length(suffix);
  const size_t max_stem = kMaxDisplayChars - suffix_chars;
  stem.resize(text::PrefixBytes(stem, max_stem));
  while (!stem.empty() && (stem.back() == ' ' || stem.back() == '.')) {
    stem.pop_back();
  }
  if (stem.empty()) stem = "附件";
  return stem + suffix;
}

std::string FormatSize(int64_t bytes) {
  constexpr int64_t kMiB = int64_t{1} << 20;
  if (bytes >= kMiB) {
    if (bytes % kMiB == 0) return absl::StrCat(bytes / kMiB, " MB");
    return absl::StrFormat("%.1f MB", static_cast<double>(bytes) / kMiB);
  }
  if (bytes >= 1024 && bytes % 1024 == 0) {
    return absl::StrCat(bytes / 1024, " KB");
  }
  return absl::StrCat(bytes, " 字节");
}

FileType Sniff(absl::string_view b) {
  if (absl::StartsWith(b, "%PDF-")) return FileType::kPdf;
  if (absl::StartsWith(b, "\x89PNG\r\n\x1A\n")) return FileType::kPng;
  if (absl::StartsWith(b, "\xFF\xD8\xFF")) return FileType::kJpeg;
  if (absl::StartsWith(b, "GIF87a") || absl::StartsWith(b, "GIF89a")) {
    return FileType::kGif;
  }
  std::unique_ptr<ZipReader> zip = ZipReader::Open(b);
  if (zip == nullptr || !zip->Has("[Content_Types].xml")) {
    return FileType::kUnknown;
  }
  if (zip->Has("word/document.xml")) return FileType::kDocx;
  if (zip->Has("xl/workbook.xml")) return FileType::kXlsx;
  return FileType::kUnknown;
}

}  // namespace

FileTypeInfo InfoFor(FileType type) {
  switch (type) {
    case FileType::kPdf:
      return {type, "application/pdf", ".pdf", "PDF 文档"};
    case FileType::kDocx:
      return {type,
              "application/"
              "vnd.openxmlformats-officedocument.wordprocessingml.document",
              ".docx", "Word 文档"};
    case FileType::kXlsx:
      return {type,
              "application/"
              "vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              ".xlsx", "Excel 表格"};
    case FileType::kPng:
      return {type, "image/png", ".png", "PNG 图片"};
    case FileType::kJpeg:
      return {type, "image/jpeg", ".jpg", "JPEG 图片"};
    case FileType::kGif:
      return {type, "image/gif", ".gif", "GIF 图片"};
    case FileType::kUnknown:
      break;
  }
  return {FileType::kUnknown, "application/octet-stream", "", "未知类型"};
}

FileTypeInfo DetectFileType(absl::string_view bytes) {
  try {
    return InfoFor(Sniff(bytes));
  } catch (const std::exception&) {  // allocation failure inside libzip use
    return InfoFor(FileType::kUnknown);
  }
}

absl::StatusOr<CheckedUpload> CheckUpload(absl::string_view filename,
                                          absl::string_view bytes,
                                          int64_t max_bytes) {
  if (max_bytes <= 0) {
    return absl::InvalidArgumentError("附件大小上限配置无效（应大于 0）");
  }
  const std::string base = BaseName(filename);
  const std::string shown =
      base.empty() ? std::string("未命名文件")
                   : base.substr(0, text::PrefixBytes(base, kMaxDisplayChars));
  const auto size = static_cast<int64_t>(bytes.size());
  if (size == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("文件“", shown, "”是空文件"));
  }
  if (size > max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("文件“", shown, "”超过 ", FormatSize(max_bytes)));
  }
  FileTypeInfo type = DetectFileType(bytes);
  if (type.type == FileType::kUnknown) {
    return absl::InvalidArgumentError(absl::StrCat(
        "文件“", shown, "”不是允许的类型（PDF、DOCX、XLSX、PNG、JPEG、GIF）"));
  }
  std::string display_name = DisplayName(base, type.type);
  return CheckedUpload{.type = std::move(type),
                       .display_name = std::move(display_name),
                       .sha256_hex = Sha256Hex(bytes),
                       .size = size};
}

std::string ExtractOfficeText(absl::string_view bytes, FileType type) {
  if (type != FileType::kDocx && type != FileType::kXlsx) return "";
  try {
    std::unique_ptr<ZipReader> zip = ZipReader::Open(bytes);
    if (zip == nullptr) return "";
    std::string out = type == FileType::kDocx ? DocxText(*zip) : XlsxText(*zip);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return text::CleanUtf8(out).text;
  } catch (const std::exception&) {
    return "";
  }
}

}  // namespace zwgk::content
