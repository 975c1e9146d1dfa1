// Attachments: the text of PDF pages, DOCX paragraphs, XLSX cells, CSV
// cells and text lines, scanned with the text scanner; masked copies of
// XLSX, CSV and DOCX. Everything read from an attachment is bounded (zip
// entries, uncompressed sizes, pages) so a hostile file cannot exhaust the
// server; anything unreadable is reported as not scanned, never an error.
//
// Sheet XML and shared strings are read with a small streaming tag scanner
// (a 100,000-row sheet is tens of MB of XML; a DOM would be slower and
// larger); DOCX parts, the workbook and its relationships with pugixml.
#include <iconv.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>
#include <zip.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "content/filetype.h"
#include "content/text.h"
#include "core/status.h"
#include "core/text.h"
#include "privacy/scan.h"
#include "privacy/scan_internal.h"
#include "pugixml.hpp"

namespace zwgk::privacy {
namespace {

using internal::Span;

constexpr char kCorrupt[] = "文件已损坏，无法读取";
constexpr char kTooLarge[] = "文件过大或结构异常，未能扫描";
constexpr char kImage[] = "图片未扫描";
constexpr char kOtherType[] = "此类文件未扫描";

// Bounds for what an attachment may make us read.
constexpr zip_int64_t kMaxZipEntries = 10000;
constexpr zip_uint64_t kMaxEntryBytes = 200ull << 20;  // one XML part
constexpr zip_uint64_t kMaxTotalBytes = 400ull << 20;  // all parts read
constexpr int kMaxPdfPages = 500;

// ---------------------------------------------------------------------------
// Types

enum class DocType { kPdf, kDocx, kXlsx, kCsv, kText, kImage, kZip, kOther };

std::string Lower(absl::string_view s) { return absl::AsciiStrToLower(s); }

DocType FromName(absl::string_view content_type, absl::string_view filename) {
  std::string ct = Lower(content_type);
  if (size_t semi = ct.find(';'); semi != std::string::npos) ct.resize(semi);
  absl::StripAsciiWhitespace(&ct);
  if (ct == "application/pdf") return DocType::kPdf;
  if (absl::StrContains(ct, "wordprocessingml")) return DocType::kDocx;
  if (absl::StrContains(ct, "spreadsheetml")) return DocType::kXlsx;
  if (ct == "text/csv" || ct == "application/csv") return DocType::kCsv;
  if (ct == "text/plain") return DocType::kText;
  if (absl::StartsWith(ct, "image/")) return DocType::kImage;
  std::string name = Lower(filename);
  size_t dot = name.rfind('.');
  std::string ext = dot == std::string::npos ? "" : name.substr(dot);
  if (ext == ".pdf") return DocType::kPdf;
  if (ext == ".docx") return DocType::kDocx;
  if (ext == ".xlsx") return DocType::kXlsx;
  if (ext == ".csv") return DocType::kCsv;
  if (ext == ".txt") return DocType::kText;
  for (const char* e :
       {".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".webp"})
    if (ext == e) return DocType::kImage;
  return DocType::kOther;
}

// Magic bytes first; a zip that is not an Office file, or text, falls back
// to what the name says.
DocType Detect(absl::string_view b, absl::string_view content_type,
               absl::string_view filename) {
  if (absl::StartsWith(b, "%PDF-")) return DocType::kPdf;
  if (absl::StartsWith(b, "\x89PNG") || absl::StartsWith(b, "\xFF\xD8\xFF") ||
      absl::StartsWith(b, "GIF8") ||
      absl::StartsWith(b, absl::string_view("II*\0", 4)) ||
      absl::StartsWith(b, absl::string_view("MM\0*", 4)) ||
      absl::StartsWith(b, "BM"))
    return DocType::kImage;
  const DocType by_name = FromName(content_type, filename);
  if (absl::StartsWith(b, "PK\x03\x04")) {
    content::FileTypeInfo info = content::DetectFileType(b);
    if (info.type == content::FileType::kDocx) return DocType::kDocx;
    if (info.type == content::FileType::kXlsx) return DocType::kXlsx;
    if (by_name == DocType::kDocx || by_name == DocType::kXlsx) return by_name;
    return DocType::kZip;
  }
  return by_name;
}

// Findings counted per kind (Kind's value is the index).
using KindCounts = std::array<int64_t, std::size(kAllKinds)>;

size_t Index(Kind k) { return static_cast<size_t>(k); }

// Keeps the first kMaxListedPerKind findings of each kind and counts the
// rest, with those a walker already counted without listing (`skipped`).
void CapFindings(DocumentScan& scan, const KindCounts& skipped) {
  KindCounts listed{}, unlisted = skipped;
  std::vector<Finding> kept;
  kept.reserve(
      std::min(scan.findings.size(), kMaxListedPerKind * std::size(kAllKinds)));
  for (Finding& f : scan.findings) {
    if (listed[Index(f.kind)]++ < static_cast<int64_t>(kMaxListedPerKind))
      kept.push_back(std::move(f));
    else
      ++unlisted[Index(f.kind)];
  }
  scan.findings = std::move(kept);
  for (Kind k : kAllKinds)
    if (unlisted[Index(k)] > 0)
      scan.unlisted.push_back({.kind = k, .count = unlisted[Index(k)]});
}

DocumentScan NotScanned(absl::string_view reason) {
  DocumentScan s;
  s.scanned = false;
  s.not_scanned_reason = std::string(reason);
  return s;
}

// ---------------------------------------------------------------------------
// Zip

class Zip {
 public:
  ~Zip() {
    if (zip_ != nullptr) zip_discard(zip_);
    if (source_ != nullptr) zip_source_free(source_);
  }

  // Nullopt-like status: InvalidArgument for a corrupt archive,
  // ResourceExhausted for one over the bounds.
  static absl::StatusOr<std::unique_ptr<Zip>> Open(absl::string_view bytes,
                                                   bool writable) {
    auto z = std::unique_ptr<Zip>(new Zip());
    zip_error_t error;
    zip_error_init(&error);
    // A writable archive writes its new form back into this source.
    // libzip owns the copy (it replaces it when the archive is written).
    void* copy = std::malloc(std::max<size_t>(bytes.size(), 1));
    if (copy == nullptr) return absl::ResourceExhaustedError(kTooLarge);
    std::memcpy(copy, bytes.data(), bytes.size());
    z->source_ = zip_source_buffer_create(copy, bytes.size(), 1, &error);
    if (z->source_ == nullptr) {
      std::free(copy);
      zip_error_fini(&error);
      return absl::InvalidArgumentError(kCorrupt);
    }
    zip_source_keep(z->source_);
    z->zip_ =
        zip_open_from_source(z->source_, writable ? 0 : ZIP_RDONLY, &error);
    zip_error_fini(&error);
    if (z->zip_ == nullptr) return absl::InvalidArgumentError(kCorrupt);
    zip_int64_t n = zip_get_num_entries(z->zip_, 0);
    if (n < 0) return absl::InvalidArgumentError(kCorrupt);
    if (n > kMaxZipEntries) return absl::ResourceExhaustedError(kTooLarge);
    return z;
  }

  zip_t* get() { return zip_; }

  std::optional<zip_int64_t> Locate(const std::string& name) {
    zip_int64_t i = zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE);
    if (i < 0) return std::nullopt;
    return i;
  }

  // The entry's bytes; NotFound when missing.
  absl::StatusOr<std::string> Read(const std::string& name) {
    std::optional<zip_int64_t> index = Locate(name);
    if (!index) return absl::NotFoundError(name);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip_, *index, 0, &st) != 0 ||
        !(st.valid & ZIP_STAT_SIZE))
      return absl::InvalidArgumentError(kCorrupt);
    if (st.size > kMaxEntryBytes || total_ + st.size > kMaxTotalBytes)
      return absl::ResourceExhaustedError(kTooLarge);
    total_ += st.size;
    zip_file_t* f = zip_fopen_index(zip_, *index, 0);
    if (f == nullptr) return absl::InvalidArgumentError(kCorrupt);
    std::string data(st.size, '\0');
    zip_int64_t got = zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    if (got < 0 || static_cast<zip_uint64_t>(got) != st.size)
      return absl::InvalidArgumentError(kCorrupt);
    return data;
  }

  std::vector<std::string> Names() {
    std::vector<std::string> out;
    zip_int64_t n = zip_get_num_entries(zip_, 0);
    for (zip_int64_t i = 0; i < n; ++i) {
      const char* name = zip_get_name(zip_, i, 0);
      if (name != nullptr) out.emplace_back(name);
    }
    return out;
  }

  // Replaces an entry with `data` (kept alive until Finish).
  absl::Status Replace(const std::string& name, std::string data) {
    std::optional<zip_int64_t> index = Locate(name);
    if (!index) return absl::InternalError("zip entry missing");
    keep_.push_back(std::move(data));
    zip_source_t* s =
        zip_source_buffer(zip_, keep_.back().data(), keep_.back().size(), 0);
    if (s == nullptr || zip_file_replace(zip_, *index, s, 0) != 0) {
      if (s != nullptr) zip_source_free(s);
      return absl::InternalError("zip entry not replaced");
    }
    return absl::OkStatus();
  }

  // Writes the archive (unchanged entries copied as they are) and returns
  // its bytes.
  absl::StatusOr<std::string> Finish() {
    if (zip_close(zip_) != 0) return absl::InternalError("zip not written");
    zip_ = nullptr;
    std::string out;
    if (zip_source_open(source_) != 0)
      return absl::InternalError("zip not read back");
    zip_source_seek(source_, 0, SEEK_END);
    zip_int64_t size = zip_source_tell(source_);
    zip_source_seek(source_, 0, SEEK_SET);
    if (size > 0) {
      out.resize(static_cast<size_t>(size));
      zip_int64_t got = zip_source_read(source_, out.data(), size);
      if (got != size) out.clear();
    }
    zip_source_close(source_);
    if (out.empty()) return absl::InternalError("zip not read back");
    return out;
  }

  Zip(const Zip&) = delete;
  Zip& operator=(const Zip&) = delete;

 private:
  Zip() = default;
  zip_source_t* source_ = nullptr;
  zip_t* zip_ = nullptr;
  zip_uint64_t total_ = 0;
  std::deque<std::string> keep_;
};

// ---------------------------------------------------------------------------
// XML: a streaming tag scanner for sheet XML and shared strings

struct Tag {
  absl::string_view prefix;  // "x:" or ""
  absl::string_view local;   // the name without its prefix
  absl::string_view attrs;   // between the name and '>' (without a final '/')
  bool end = false;          // </x>
  bool self_closing = false;
  size_t begin = 0;  // offset of '<'
  size_t after = 0;  // offset after '>'
};

class TagScanner {
 public:
  // Scans `xml` from byte `from` (a tag's '<').
  explicit TagScanner(absl::string_view xml, size_t from = 0)
      : x_(xml), pos_(from) {}

  // The next element tag; comments, PIs, CDATA and doctype are skipped.
  std::optional<Tag> Next() {
    while (true) {
      size_t lt = x_.find('<', pos_);
      if (lt == absl::string_view::npos || lt + 1 >= x_.size())
        return std::nullopt;
      const char c = x_[lt + 1];
      if (c == '?' || c == '!') {
        absl::string_view rest = x_.substr(lt);
        absl::string_view close = c == '?'                              ? "?>"
                                  : absl::StartsWith(rest, "<!--")      ? "-->"
                                  : absl::StartsWith(rest, "<![CDATA[") ? "]]>"
                                                                        : ">";
        size_t e = x_.find(close, lt + 2);
        if (e == absl::string_view::npos) return std::nullopt;
        pos_ = e + close.size();
        continue;
      }
      Tag t;
      t.begin = lt;
      size_t i = lt + 1;
      if (x_[i] == '/') {
        t.end = true;
        ++i;
      }
      const size_t name_start = i;
      while (i < x_.size() && x_[i] != '>' && x_[i] != '/' && x_[i] != ' ' &&
             x_[i] != '\t' && x_[i] != '\n' && x_[i] != '\r')
        ++i;
      absl::string_view name = x_.substr(name_start, i - name_start);
      size_t colon = name.find(':');
      if (colon != absl::string_view::npos) {
        t.prefix = name.substr(0, colon + 1);
        t.local = name.substr(colon + 1);
      } else {
        t.local = name;
      }
      const size_t attrs_start = i;
      char quote = 0;
      while (i < x_.size()) {
        const char ch = x_[i];
        if (quote != 0) {
          if (ch == quote) quote = 0;
        } else if (ch == '"' || ch == '\'') {
          quote = ch;
        } else if (ch == '>') {
          break;
        }
        ++i;
      }
      if (i >= x_.size()) return std::nullopt;
      size_t attrs_end = i;
      if (attrs_end > attrs_start && x_[attrs_end - 1] == '/') {
        t.self_closing = true;
        --attrs_end;
      }
      t.attrs = x_.substr(attrs_start, attrs_end - attrs_start);
      t.after = i + 1;
      pos_ = t.after;
      return t;
    }
  }

  // The character data from the scanner's position to the next tag.
  absl::string_view Text() const {
    size_t lt = x_.find('<', pos_);
    if (lt == absl::string_view::npos) lt = x_.size();
    return x_.substr(pos_, lt - pos_);
  }

  // Skips to after the end tag of `local` (nested ones counted).
  void SkipElement(absl::string_view local) {
    int depth = 1;
    while (std::optional<Tag> t = Next()) {
      if (t->local != local || t->self_closing) continue;
      depth += t->end ? -1 : 1;
      if (depth == 0) return;
    }
  }

 private:
  absl::string_view x_;
  size_t pos_ = 0;
};

std::optional<absl::string_view> Attr(absl::string_view attrs,
                                      absl::string_view name) {
  size_t from = 0;
  while (true) {
    size_t at = attrs.find(name, from);
    if (at == absl::string_view::npos) return std::nullopt;
    from = at + 1;
    if (at > 0 && attrs[at - 1] != ' ' && attrs[at - 1] != '\t' &&
        attrs[at - 1] != '\n' && attrs[at - 1] != '\r')
      continue;
    size_t i = at + name.size();
    while (i < attrs.size() && attrs[i] == ' ') ++i;
    if (i >= attrs.size() || attrs[i] != '=') continue;
    ++i;
    while (i < attrs.size() && attrs[i] == ' ') ++i;
    if (i >= attrs.size() || (attrs[i] != '"' && attrs[i] != '\'')) continue;
    const char q = attrs[i];
    size_t end = attrs.find(q, i + 1);
    if (end == absl::string_view::npos) return std::nullopt;
    return attrs.substr(i + 1, end - i - 1);
  }
}

void AppendUnescaped(absl::string_view s, std::string& out) {
  size_t amp = s.find('&');
  if (amp == absl::string_view::npos) {
    out.append(s.data(), s.size());
    return;
  }
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '&') {
      out.push_back(s[i++]);
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi == absl::string_view::npos || semi - i > 10) {
      out.push_back(s[i++]);
      continue;
    }
    absl::string_view ent = s.substr(i + 1, semi - i - 1);
    if (ent == "amp")
      out.push_back('&');
    else if (ent == "lt")
      out.push_back('<');
    else if (ent == "gt")
      out.push_back('>');
    else if (ent == "quot")
      out.push_back('"');
    else if (ent == "apos")
      out.push_back('\'');
    else if (!ent.empty() && ent[0] == '#') {
      char32_t cp = 0;
      bool hex = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X');
      for (size_t k = hex ? 2 : 1; k < ent.size(); ++k) {
        char ch = ent[k];
        int d = ch >= '0' && ch <= '9'          ? ch - '0'
                : hex && ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                : hex && ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                                : -1;
        if (d < 0 || cp > 0x10FFFF) {
          cp = 0xFFFD;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(d);
      }
      if (cp > 0x10FFFF) cp = 0xFFFD;
      if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
      } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      }
    } else {
      out.append(s.data() + i, semi - i + 1);
    }
    i = semi + 1;
  }
}

std::string EscapeXml(absl::string_view s) {
  // HTML's escaping of & < > " ' is valid in XML text and attributes.
  return HtmlEscape(s);
}

// Collects the text of <t> elements up to the end tag `until` (shared
// string items, inline strings), skipping phonetic runs (<rPh>).
void CollectT(TagScanner& ts, absl::string_view until, std::string& out,
              size_t* end_after) {
  while (std::optional<Tag> t = ts.Next()) {
    if (t->local == until && t->end) {
      if (end_after != nullptr) *end_after = t->after;
      return;
    }
    if (t->end || t->self_closing) continue;
    if (t->local == "rPh") {
      ts.SkipElement("rPh");
    } else if (t->local == "t") {
      AppendUnescaped(ts.Text(), out);
    }
  }
}

// A cell's number as its text: "4.21221199003071E+17" becomes the 18 digits
// Excel kept ("421221199003071000"); other numbers stay as written.
std::string NumberText(absl::string_view v) {
  size_t e = v.find_first_of("eE");
  if (e == absl::string_view::npos) return std::string(v);
  absl::string_view mant = v.substr(0, e);
  int exp = 0;
  absl::string_view es = v.substr(e + 1);
  bool neg = !es.empty() && es[0] == '-';
  if (!es.empty() && (es[0] == '+' || es[0] == '-')) es.remove_prefix(1);
  for (char c : es) {
    if (c < '0' || c > '9' || exp > 100) return std::string(v);
    exp = exp * 10 + (c - '0');
  }
  if (neg || mant.empty() || mant[0] == '-') return std::string(v);
  std::string digits;
  int int_digits = -1;
  for (char c : mant) {
    if (c == '.') {
      int_digits = static_cast<int>(digits.size());
    } else if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else {
      return std::string(v);
    }
  }
  if (int_digits < 0) int_digits = static_cast<int>(digits.size());
  int total = int_digits + exp;
  if (total < static_cast<int>(digits.size()) || total > 30)
    return std::string(v);
  digits.append(total - digits.size(), '0');
  return digits;
}

// ---------------------------------------------------------------------------
// XLSX

struct SharedString {
  std::string text;
  size_t begin = 0, end = 0;  // the <si> element in sharedStrings.xml
  int8_t name = -1;           // LooksLikeName, computed once
  bool scanned = false;
  bool has_address = false;
  std::vector<Span> spans_named;  // with a name in the row
  bool plain_scanned = false;
  std::vector<Span> spans_plain;  // without
  bool mask = false;
  bool mask_named = false;
};

struct Edit {
  size_t begin, end;
  std::string replacement;
};

std::string ApplyEdits(absl::string_view s, std::vector<Edit>& edits) {
  std::sort(edits.begin(), edits.end(),
            [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  std::string out;
  out.reserve(s.size() + edits.size() * 16);
  size_t pos = 0;
  for (const Edit& e : edits) {
    if (e.begin < pos) continue;
    out.append(s.data() + pos, e.begin - pos);
    out += e.replacement;
    pos = e.end;
  }
  out.append(s.data() + pos, s.size() - pos);
  return out;
}

struct Sheet {
  std::string name;
  std::string path;  // zip entry
};

absl::StatusOr<pugi::xml_document*> ParseXml(pugi::xml_document& doc,
                                             const std::string& xml) {
  unsigned flags = pugi::parse_default | pugi::parse_declaration |
                   pugi::parse_ws_pcdata | pugi::parse_doctype |
                   pugi::parse_pi | pugi::parse_comments;
  if (!doc.load_buffer(xml.data(), xml.size(), flags, pugi::encoding_utf8))
    return absl::InvalidArgumentError(kCorrupt);
  return &doc;
}

absl::string_view Local(const char* name) {
  absl::string_view n(name);
  size_t colon = n.find(':');
  return colon == absl::string_view::npos ? n : n.substr(colon + 1);
}

std::string ResolveTarget(absl::string_view base_dir,
                          absl::string_view target) {
  if (absl::StartsWith(target, "/")) return std::string(target.substr(1));
  std::string dir(base_dir);
  while (absl::StartsWith(target, "../")) {
    target.remove_prefix(3);
    if (!dir.empty()) dir.pop_back();
    size_t slash = dir.rfind('/');
    dir = slash == std::string::npos ? "" : dir.substr(0, slash + 1);
  }
  return dir + std::string(target);
}

absl::Status ReadError(const absl::Status& s) {
  return absl::IsResourceExhausted(s) ? s
                                      : absl::InvalidArgumentError(kCorrupt);
}

absl::StatusOr<std::vector<Sheet>> Sheets(Zip& zip) {
  absl::StatusOr<std::string> wb = zip.Read("xl/workbook.xml");
  if (!wb.ok()) return ReadError(wb.status());
  absl::StatusOr<std::string> rels = zip.Read("xl/_rels/workbook.xml.rels");
  if (!rels.ok() && !absl::IsNotFound(rels.status()))
    return ReadError(rels.status());
  std::map<std::string, std::string> targets;
  if (rels.ok()) {
    pugi::xml_document rdoc;
    if (!ParseXml(rdoc, *rels).ok())
      return absl::InvalidArgumentError(kCorrupt);
    for (pugi::xml_node r : rdoc.document_element().children()) {
      if (Local(r.name()) != "Relationship") continue;
      targets[r.attribute("Id").value()] =
          ResolveTarget("xl/", r.attribute("Target").value());
    }
  }
  pugi::xml_document wdoc;
  if (!ParseXml(wdoc, *wb).ok()) return absl::InvalidArgumentError(kCorrupt);
  std::vector<Sheet> out;
  int n = 0;
  for (pugi::xml_node sheets : wdoc.document_element().children()) {
    if (Local(sheets.name()) != "sheets") continue;
    for (pugi::xml_node sh : sheets.children()) {
      if (Local(sh.name()) != "sheet") continue;
      ++n;
      Sheet sheet;
      sheet.name = sh.attribute("name").value();
      if (sheet.name.empty()) sheet.name = absl::StrCat("Sheet", n);
      for (pugi::xml_attribute a : sh.attributes()) {
        absl::string_view an = a.name();
        if (an.size() > 3 && absl::EndsWith(an, ":id")) {
          auto it = targets.find(a.value());
          if (it != targets.end()) sheet.path = it->second;
        }
      }
      if (sheet.path.empty())
        sheet.path = absl::StrCat("xl/worksheets/sheet", n, ".xml");
      out.push_back(std::move(sheet));
    }
  }
  return out;
}

absl::StatusOr<std::vector<SharedString>> ReadSharedStrings(
    absl::string_view xml) {
  std::vector<SharedString> out;
  TagScanner ts(xml);
  while (std::optional<Tag> t = ts.Next()) {
    if (t->local != "si" || t->end) continue;
    SharedString s;
    s.begin = t->begin;
    s.end = t->after;
    if (!t->self_closing) CollectT(ts, "si", s.text, &s.end);
    out.push_back(std::move(s));
  }
  return out;
}

std::string ColumnName(int col) {
  std::string s;
  for (++col; col > 0; col = (col - 1) / 26)
    s.insert(s.begin(), static_cast<char>('A' + (col - 1) % 26));
  return s;
}

class XlsxWalker {
 public:
  XlsxWalker(const ScanOptions& options, std::vector<SharedString>& shared,
             std::vector<Finding>* findings, bool mask)
      : options_(options), shared_(shared), findings_(findings), mask_(mask) {}

  // Findings counted but not listed (their kinds were full).
  const KindCounts& skipped() const { return skipped_; }

  // Scans one sheet's rows from byte `from` of `xml` (a row's '<', or 0)
  // to its end; with `mask`, fills `edits` for the XML.
  void Walk(const Sheet& sheet, absl::string_view xml, std::vector<Edit>& edits,
            size_t from = 0) {
    sheet_ = &sheet;
    xml_ = xml;
    edits_ = &edits;
    TagScanner ts(xml, from);
    int row_counter = 0;
    int col_counter = 0;
    Cell cell;
    bool in_cell = false;
    while (std::optional<Tag> t = ts.Next()) {
      if (t->local == "row") {
        if (t->end || t->self_closing) {
          if (t->end) FlushRow();
          continue;
        }
        std::optional<absl::string_view> r = Attr(t->attrs, "r");
        int num = 0;
        if (r && absl::SimpleAtoi(*r, &num))
          row_counter = num;
        else
          ++row_counter;
        col_counter = 0;
        row_ = row_counter;
        continue;
      }
      if (t->local == "c") {
        if (t->end) {
          if (in_cell) {
            cell.end = t->after;
            FinishCell(cell);
          }
          in_cell = false;
          continue;
        }
        cell = Cell();
        cell.begin = t->begin;
        cell.prefix = t->prefix;
        cell.attrs = t->attrs;
        std::optional<absl::string_view> r = Attr(t->attrs, "r");
        cell.ref =
            r ? std::string(*r) : absl::StrCat(ColumnName(col_counter), row_);
        ++col_counter;
        std::optional<absl::string_view> type = Attr(t->attrs, "t");
        cell.type = type ? *type : "n";
        in_cell = !t->self_closing;
        continue;
      }
      if (!in_cell || t->end || t->self_closing) continue;
      if (t->local == "v") {
        cell.value.clear();
        AppendUnescaped(ts.Text(), cell.value);
        cell.has_value = true;
      } else if (t->local == "is") {
        cell.value.clear();
        CollectT(ts, "is", cell.value, nullptr);
        cell.has_value = true;
      }
    }
  }

 private:
  struct Cell {
    size_t begin = 0, end = 0;
    absl::string_view prefix, attrs, type;
    std::string ref;
    std::string value;
    bool has_value = false;
    int shared = -1;
    bool numeric = false;
  };

  void FinishCell(Cell& c) {
    if (!c.has_value) return;
    if (c.type == "s") {
      int index = -1;
      if (!absl::SimpleAtoi(c.value, &index) || index < 0 ||
          index >= static_cast<int>(shared_.size()))
        return;
      c.shared = index;
    } else if (c.type == "n") {
      c.value = NumberText(c.value);
      c.numeric = true;
    } else if (c.type != "inlineStr" && c.type != "str") {
      return;  // booleans, errors, dates as ISO text
    }
    row_cells_.push_back(std::move(c));
  }

  absl::string_view Text(const Cell& c) const {
    return c.shared >= 0 ? absl::string_view(shared_[c.shared].text)
                         : absl::string_view(c.value);
  }

  bool IsName(const Cell& c) {
    if (c.numeric) return false;
    if (c.shared >= 0) {
      SharedString& s = shared_[c.shared];
      if (s.name < 0) s.name = internal::LooksLikeName(s.text) ? 1 : 0;
      return s.name == 1;
    }
    return internal::LooksLikeName(c.value);
  }

  const std::vector<Span>& SharedSpans(SharedString& s, bool named) {
    if (!s.scanned) {
      s.spans_named = internal::FindSpans(s.text, options_, true);
      for (const Span& sp : s.spans_named)
        s.has_address |= sp.kind == Kind::kAddress;
      s.scanned = true;
    }
    if (named || !s.has_address) return s.spans_named;
    if (!s.plain_scanned) {
      s.spans_plain = internal::FindSpans(s.text, options_, false);
      s.plain_scanned = true;
    }
    return s.spans_plain;
  }

  std::string Place(const Cell& c) const {
    return absl::StrCat(sheet_->name, "!", c.ref);
  }

  // Whether `spans` go to the findings: not when every kind among them is
  // listed kMaxListedPerKind times already — then they are only counted,
  // which spares building 400,000 places and previews for a big roster.
  bool List(const std::vector<Span>& spans) {
    bool room = false;
    for (const Span& sp : spans)
      room |= seen_[Index(sp.kind)] < static_cast<int64_t>(kMaxListedPerKind);
    for (const Span& sp : spans) ++(room ? seen_ : skipped_)[Index(sp.kind)];
    return room;
  }

  void FlushRow() {
    bool named = false;
    for (const Cell& c : row_cells_) {
      // Short cells only: a name has at most four characters.
      absl::string_view text = Text(c);
      if (text.size() >= 6 && text.size() <= 16 && IsName(c)) {
        named = true;
        break;
      }
    }
    for (Cell& c : row_cells_) {
      if (c.shared >= 0) {
        SharedString& s = shared_[c.shared];
        const std::vector<Span>& spans = SharedSpans(s, named);
        if (spans.empty()) continue;
        if (findings_ != nullptr && List(spans))
          internal::Emit(s.text, spans, Place(c), findings_, nullptr);
        if (mask_) {
          s.mask = true;
          s.mask_named |= named || !s.has_address;
        }
        continue;
      }
      std::vector<Span> spans = internal::FindSpans(c.value, options_, named);
      if (spans.empty() && c.numeric && internal::LooksLikeIdNumber(c.value))
        spans.push_back({Kind::kIdCard, 0, c.value.size()});
      if (spans.empty()) continue;
      const bool list = findings_ != nullptr && List(spans);
      if (!list && !mask_) continue;
      std::string masked;
      internal::Emit(c.value, spans, Place(c), list ? findings_ : nullptr,
                     mask_ ? &masked : nullptr);
      if (mask_) edits_->push_back({c.begin, c.end, InlineCell(c, masked)});
    }
    row_cells_.clear();
  }

  // The cell as an inline string holding `text` (its style kept; a formula
  // whose result was personal data is dropped with it).
  static std::string InlineCell(const Cell& c, absl::string_view text) {
    std::string attrs(c.attrs);
    // Drop the t="…" attribute.
    for (absl::string_view q : {"\"", "'"}) {
      std::string key = absl::StrCat(" t=", q);
      size_t at = attrs.find(key);
      if (at != std::string::npos) {
        size_t end = attrs.find(q[0], at + key.size());
        if (end != std::string::npos) attrs.erase(at, end + 1 - at);
      }
    }
    std::string p(c.prefix);
    return absl::StrCat("<", p, "c", attrs, " t=\"inlineStr\"><", p, "is><", p,
                        "t xml:space=\"preserve\">", EscapeXml(text), "</", p,
                        "t></", p, "is></", p, "c>");
  }

  const ScanOptions& options_;
  std::vector<SharedString>& shared_;
  std::vector<Finding>* findings_;
  const bool mask_;
  const Sheet* sheet_ = nullptr;
  absl::string_view xml_;
  std::vector<Edit>* edits_ = nullptr;
  int row_ = 0;
  std::vector<Cell> row_cells_;
  KindCounts seen_{}, skipped_{};
};

// Big sheets are scanned on several threads: a 100,000-row roster (about
// 10 MB, 80 MB of XML) takes half the time on two cores.
constexpr size_t kParallelSheetBytes = 4 << 20;
constexpr size_t kParallelSharedStrings = 20000;

unsigned ScanThreads() {
  return std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
}

// Runs fn(part) for each part in [0, parts), part 0 on the calling thread.
template <typename Fn>
void RunParts(unsigned parts, const Fn& fn) {
  std::vector<std::thread> threads;
  for (unsigned p = 1; p < parts; ++p) threads.emplace_back(fn, p);
  fn(0u);
  for (std::thread& t : threads) t.join();
}

// Computes what the walkers would compute lazily (the name flag, spans with
// and without a name in the row), in parallel, so that walkers on several
// threads only read the table.
void PrepareSharedStrings(std::vector<SharedString>& shared,
                          const ScanOptions& options, unsigned parts) {
  RunParts(parts, [&](unsigned p) {
    const size_t begin = shared.size() * p / parts;
    const size_t end = shared.size() * (p + 1) / parts;
    for (size_t i = begin; i < end; ++i) {
      SharedString& s = shared[i];
      s.name = s.text.size() >= 6 && s.text.size() <= 16 &&
               internal::LooksLikeName(s.text);
      s.spans_named = internal::FindSpans(s.text, options, true);
      for (const Span& sp : s.spans_named)
        s.has_address |= sp.kind == Kind::kAddress;
      s.scanned = true;
      if (s.has_address)
        s.spans_plain = internal::FindSpans(s.text, options, false);
      s.plain_scanned = true;
    }
  });
}

// Where a sheet can be cut for `parts` walkers: the '<' of a row that
// states its number (r="…"), so each walker knows where it is. Fewer cuts
// when none is found; none in XML with comments or CDATA, whose text
// could hold a '<'.
std::vector<size_t> RowCuts(absl::string_view xml, unsigned parts) {
  std::vector<size_t> cuts = {0};
  if (absl::StrContains(xml, "<!")) return cuts;
  for (unsigned p = 1; p < parts; ++p) {
    size_t at = std::max(xml.size() * p / parts, cuts.back() + 1);
    while ((at = xml.find('<', at)) != absl::string_view::npos) {
      std::optional<Tag> t = TagScanner(xml, at).Next();
      if (!t) break;
      if (t->local == "row" && !t->end && Attr(t->attrs, "r")) {
        cuts.push_back(t->begin);
        break;
      }
      at = t->after;
    }
    if (at == absl::string_view::npos) break;
  }
  return cuts;
}

// Scans one sheet on several threads (no masking: edits stay empty).
void WalkParallel(const Sheet& sheet, absl::string_view xml,
                  const ScanOptions& options, std::vector<SharedString>& shared,
                  unsigned threads, std::vector<Finding>* findings,
                  KindCounts& skipped) {
  const std::vector<size_t> cuts = RowCuts(xml, threads);
  std::vector<std::vector<Finding>> found(cuts.size());
  std::vector<KindCounts> skipped_in(cuts.size());
  RunParts(static_cast<unsigned>(cuts.size()), [&](unsigned p) {
    const size_t end = p + 1 < cuts.size() ? cuts[p + 1] : xml.size();
    XlsxWalker walker(options, shared, &found[p], false);
    std::vector<Edit> none;
    walker.Walk(sheet, xml.substr(0, end), none, cuts[p]);
    skipped_in[p] = walker.skipped();
  });
  // In document order: CapFindings keeps the first of each kind.
  for (size_t p = 0; p < found.size(); ++p) {
    findings->insert(findings->end(), std::make_move_iterator(found[p].begin()),
                     std::make_move_iterator(found[p].end()));
    for (size_t k = 0; k < skipped.size(); ++k) skipped[k] += skipped_in[p][k];
  }
}

// Scans (and with `masked` not null, masks) an XLSX. Findings of kinds
// already listed in full are only counted, in `skipped`.
absl::Status ProcessXlsx(absl::string_view bytes, const ScanOptions& options,
                         std::vector<Finding>* findings, KindCounts* skipped,
                         std::string* masked) {
  ZWGK_ASSIGN_OR_RETURN(std::unique_ptr<Zip> zip,
                        Zip::Open(bytes, masked != nullptr));
  ZWGK_ASSIGN_OR_RETURN(std::vector<Sheet> sheets, Sheets(*zip));
  std::string shared_xml;
  std::string shared_path = "xl/sharedStrings.xml";
  {
    absl::StatusOr<std::string> s = zip->Read(shared_path);
    if (s.ok())
      shared_xml = std::move(*s);
    else if (!absl::IsNotFound(s.status()))
      return ReadError(s.status());
  }
  ZWGK_ASSIGN_OR_RETURN(std::vector<SharedString> shared,
                        ReadSharedStrings(shared_xml));
  const unsigned threads = ScanThreads();
  bool prepared = false;
  auto prepare = [&] {
    if (!prepared) PrepareSharedStrings(shared, options, threads);
    prepared = true;
  };
  if (threads > 1 && shared.size() >= kParallelSharedStrings) prepare();
  XlsxWalker walker(options, shared, findings, masked != nullptr);
  std::vector<std::pair<std::string, std::string>> replaced;
  for (const Sheet& sheet : sheets) {
    absl::StatusOr<std::string> xml = zip->Read(sheet.path);
    if (absl::IsNotFound(xml.status())) continue;  // a chart sheet
    if (!xml.ok()) return ReadError(xml.status());
    if (masked == nullptr && findings != nullptr && skipped != nullptr &&
        threads > 1 && xml->size() >= kParallelSheetBytes) {
      prepare();
      WalkParallel(sheet, *xml, options, shared, threads, findings, *skipped);
      continue;
    }
    std::vector<Edit> edits;
    walker.Walk(sheet, *xml, edits);
    if (masked != nullptr && !edits.empty())
      replaced.emplace_back(sheet.path, ApplyEdits(*xml, edits));
  }
  if (skipped != nullptr)
    for (size_t k = 0; k < skipped->size(); ++k)
      (*skipped)[k] += walker.skipped()[k];
  if (masked == nullptr) return absl::OkStatus();
  std::vector<Edit> shared_edits;
  for (SharedString& s : shared) {
    if (!s.mask) continue;
    const std::vector<Span>& spans =
        s.mask_named ? s.spans_named : s.spans_plain;
    std::string text;
    internal::Emit(s.text, spans, "", nullptr, &text);
    shared_edits.push_back({s.begin, s.end,
                            absl::StrCat("<si><t xml:space=\"preserve\">",
                                         EscapeXml(text), "</t></si>")});
  }
  if (!shared_edits.empty())
    replaced.emplace_back(shared_path, ApplyEdits(shared_xml, shared_edits));
  if (replaced.empty()) {
    *masked = std::string(bytes);
    return absl::OkStatus();
  }
  for (auto& [path, data] : replaced)
    ZWGK_RETURN_IF_ERROR(zip->Replace(path, std::move(data)));
  ZWGK_ASSIGN_OR_RETURN(*masked, zip->Finish());
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// DOCX

class DocxWalker {
 public:
  DocxWalker(const ScanOptions& options, std::vector<Finding>* findings,
             bool mask, std::string place_prefix)
      : options_(options),
        findings_(findings),
        mask_(mask),
        prefix_(std::move(place_prefix)) {}

  void Walk(pugi::xml_node node) {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      if (Local(c.name()) == "p") Paragraph(c);
      Walk(c);  // paragraphs nested in text boxes
    }
  }

  bool changed() const { return changed_; }

 private:
  // The w:t of a paragraph, not those of paragraphs nested in it.
  static void Runs(pugi::xml_node node, std::vector<pugi::xml_node>& out) {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      absl::string_view local = Local(c.name());
      if (local == "p") continue;
      if (local == "t") {
        out.push_back(c);
      } else {
        Runs(c, out);
      }
    }
  }

  static void AppendText(pugi::xml_node node, std::string& out) {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      if (Local(c.name()) == "t")
        out += c.text().get();
      else
        AppendText(c, out);
    }
  }

  // A table row with a cell that is a person's name.
  bool NamedRow(pugi::xml_node p) {
    pugi::xml_node tr;
    for (pugi::xml_node a = p.parent(); a; a = a.parent()) {
      if (a.type() != pugi::node_element) break;
      absl::string_view local = Local(a.name());
      if (local == "tr") {
        tr = a;
        break;
      }
      if (local == "body" || local == "txbxContent") break;
    }
    if (!tr) return false;
    auto it = rows_.find(tr.internal_object());
    if (it != rows_.end()) return it->second;
    bool named = false;
    for (pugi::xml_node tc = tr.first_child(); tc; tc = tc.next_sibling()) {
      if (tc.type() != pugi::node_element || Local(tc.name()) != "tc") continue;
      std::string text;
      AppendText(tc, text);
      if (internal::LooksLikeName(text)) named = true;
    }
    rows_[tr.internal_object()] = named;
    return named;
  }

  void Paragraph(pugi::xml_node p) {
    std::vector<pugi::xml_node> runs;
    Runs(p, runs);
    std::string text;
    std::vector<size_t> offsets;
    for (pugi::xml_node t : runs) {
      offsets.push_back(text.size());
      text += t.text().get();
    }
    offsets.push_back(text.size());
    if (absl::StripAsciiWhitespace(text).empty()) return;
    ++paragraph_;
    std::vector<Span> spans = internal::FindSpans(text, options_, NamedRow(p));
    if (spans.empty()) return;
    internal::Emit(text, spans, absl::StrCat(prefix_, "第", paragraph_, "段"),
                   findings_, nullptr);
    if (!mask_) return;
    changed_ = true;
    // The mask goes in the run where the value starts; the value's rest is
    // removed from the runs it continues in.
    size_t si = 0;
    for (size_t i = 0; i < runs.size(); ++i) {
      std::string out;
      size_t pos = offsets[i];
      const size_t end = offsets[i + 1];
      while (pos < end) {
        while (si < spans.size() && spans[si].end <= pos) ++si;
        if (si < spans.size() && spans[si].begin < end) {
          const Span& s = spans[si];
          if (s.begin > pos) {
            out.append(text, pos, s.begin - pos);
            pos = s.begin;
            continue;
          }
          if (pos == s.begin)
            out += Mask(s.kind, absl::string_view(text).substr(
                                    s.begin, s.end - s.begin));
          pos = std::min(end, s.end);
        } else {
          out.append(text, pos, end - pos);
          pos = end;
        }
      }
      if (out != absl::string_view(text).substr(offsets[i], end - offsets[i])) {
        runs[i].text().set(out.c_str());
        if (!runs[i].attribute("xml:space"))
          runs[i].append_attribute("xml:space") = "preserve";
      }
    }
  }

  const ScanOptions& options_;
  std::vector<Finding>* findings_;
  const bool mask_;
  const std::string prefix_;
  int paragraph_ = 0;
  bool changed_ = false;
  std::map<const void*, bool> rows_;
};

struct XmlStringWriter : pugi::xml_writer {
  std::string out;
  void write(const void* data, size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
};

absl::Status ProcessDocx(absl::string_view bytes, const ScanOptions& options,
                         std::vector<Finding>* findings, std::string* masked) {
  ZWGK_ASSIGN_OR_RETURN(std::unique_ptr<Zip> zip,
                        Zip::Open(bytes, masked != nullptr));
  std::vector<std::pair<std::string, std::string>> parts = {
      {"word/document.xml", ""}};
  for (const std::string& name : zip->Names()) {
    std::string lower = Lower(name);
    if (absl::StartsWith(lower, "word/header") && absl::EndsWith(lower, ".xml"))
      parts.emplace_back(name, "页眉");
    if (absl::StartsWith(lower, "word/footer") && absl::EndsWith(lower, ".xml"))
      parts.emplace_back(name, "页脚");
  }
  std::vector<std::pair<std::string, std::string>> replaced;
  for (const auto& [path, prefix] : parts) {
    absl::StatusOr<std::string> xml = zip->Read(path);
    if (!xml.ok()) {
      if (absl::IsNotFound(xml.status()) && !prefix.empty()) continue;
      return ReadError(xml.status());
    }
    pugi::xml_document doc;
    if (!ParseXml(doc, *xml).ok()) return absl::InvalidArgumentError(kCorrupt);
    DocxWalker walker(options, findings, masked != nullptr, prefix);
    walker.Walk(doc);
    if (masked != nullptr && walker.changed()) {
      XmlStringWriter w;
      doc.save(w, "", pugi::format_raw | pugi::format_no_declaration,
               pugi::encoding_utf8);
      replaced.emplace_back(path, std::move(w.out));
    }
  }
  if (masked == nullptr) return absl::OkStatus();
  if (replaced.empty()) {
    *masked = std::string(bytes);
    return absl::OkStatus();
  }
  for (auto& [path, data] : replaced)
    ZWGK_RETURN_IF_ERROR(zip->Replace(path, std::move(data)));
  ZWGK_ASSIGN_OR_RETURN(*masked, zip->Finish());
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// CSV and plain text

bool ValidUtf8(absl::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    content::text::DecodedChar ch = content::text::DecodeUtf8At(s, i);
    if (!ch.valid) return false;
    i += ch.length;
  }
  return true;
}

std::optional<std::string> Iconv(absl::string_view in, const char* to,
                                 const char* from) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out(in.size() * 2 + 16, '\0');
  char* inp = const_cast<char*>(in.data());
  size_t in_left = in.size();
  char* outp = out.data();
  size_t out_left = out.size();
  while (in_left > 0) {
    if (iconv(cd, &inp, &in_left, &outp, &out_left) ==
        static_cast<size_t>(-1)) {
      if (errno == E2BIG) {
        size_t used = static_cast<size_t>(outp - out.data());
        out.resize(out.size() * 2);
        outp = out.data() + used;
        out_left = out.size() - used;
        continue;
      }
      iconv_close(cd);
      return std::nullopt;
    }
  }
  out.resize(static_cast<size_t>(outp - out.data()));
  iconv_close(cd);
  return out;
}

// Text in UTF-8 (with or without a BOM) or GB18030, as UTF-8.
struct DecodedText {
  std::string text;
  bool bom = false;
  bool gb18030 = false;
};

std::optional<DecodedText> DecodeText(absl::string_view bytes) {
  DecodedText d;
  if (absl::StartsWith(bytes, "\xEF\xBB\xBF")) {
    d.bom = true;
    bytes.remove_prefix(3);
  }
  if (ValidUtf8(bytes)) {
    d.text = std::string(bytes);
    return d;
  }
  if (d.bom) return std::nullopt;
  std::optional<std::string> utf8 = Iconv(bytes, "UTF-8", "GB18030");
  if (!utf8) return std::nullopt;
  d.text = std::move(*utf8);
  d.gb18030 = true;
  return d;
}

struct CsvField {
  size_t begin = 0, end = 0;  // raw bytes, quotes included
  bool quoted = false;
  std::string value;
};

char Delimiter(absl::string_view text) {
  absl::string_view first = text.substr(0, text.find('\n'));
  size_t comma = 0, semi = 0, tab = 0;
  bool quoted = false;
  for (char c : first) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    comma += c == ',';
    semi += c == ';';
    tab += c == '\t';
  }
  if (tab > comma && tab >= semi) return '\t';
  if (semi > comma) return ';';
  return ',';
}

// Calls `row(number, fields)` for every record (RFC 4180; quoted fields may
// hold delimiters, doubled quotes and line breaks). Not core/csv.h: the
// masked copy rewrites cells in place, so it needs each field's byte span
// and quoting, and any delimiter (, ; tab).
template <typename F>
void ForEachCsvSpanRecord(absl::string_view text, char delim, F row) {
  std::vector<CsvField> fields;
  size_t i = 0;
  int number = 0;
  while (i < text.size()) {
    fields.clear();
    ++number;
    while (true) {
      CsvField f;
      f.begin = i;
      if (i < text.size() && text[i] == '"') {
        f.quoted = true;
        ++i;
        while (i < text.size()) {
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              f.value.push_back('"');
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          f.value.push_back(text[i++]);
        }
        // Anything after the closing quote up to the delimiter is kept.
        while (i < text.size() && text[i] != delim && text[i] != '\n' &&
               text[i] != '\r')
          f.value.push_back(text[i++]);
      } else {
        size_t e = i;
        while (e < text.size() && text[e] != delim && text[e] != '\n' &&
               text[e] != '\r')
          ++e;
        f.value.assign(text.data() + i, e - i);
        i = e;
      }
      f.end = i;
      fields.push_back(std::move(f));
      if (i < text.size() && text[i] == delim) {
        ++i;
        continue;
      }
      if (i < text.size() && text[i] == '\r') ++i;
      if (i < text.size() && text[i] == '\n') ++i;
      break;
    }
    row(number, fields);
  }
}

absl::Status ProcessCsv(absl::string_view bytes, const ScanOptions& options,
                        std::vector<Finding>* findings, std::string* masked) {
  std::optional<DecodedText> d = DecodeText(bytes);
  if (!d) return absl::InvalidArgumentError(kCorrupt);
  const char delim = Delimiter(d->text);
  std::vector<Edit> edits;
  ForEachCsvSpanRecord(
      d->text, delim, [&](int row, const std::vector<CsvField>& fields) {
        bool named = false;
        for (const CsvField& f : fields)
          if (f.value.size() >= 6 && f.value.size() <= 16 &&
              internal::LooksLikeName(f.value))
            named = true;
        for (size_t col = 0; col < fields.size(); ++col) {
          const CsvField& f = fields[col];
          std::vector<Span> spans =
              internal::FindSpans(f.value, options, named);
          if (spans.empty()) continue;
          std::string text;
          internal::Emit(f.value, spans,
                         absl::StrCat("第", row, "行第", col + 1, "列"),
                         findings, masked != nullptr ? &text : nullptr);
          if (masked == nullptr) continue;
          std::string raw = text;
          if (f.quoted) {
            raw = "\"";
            for (char c : text) {
              if (c == '"') raw.push_back('"');
              raw.push_back(c);
            }
            raw.push_back('"');
          }
          edits.push_back({f.begin, f.end, std::move(raw)});
        }
      });
  if (masked == nullptr) return absl::OkStatus();
  if (edits.empty()) {
    *masked = std::string(bytes);
    return absl::OkStatus();
  }
  std::string out = ApplyEdits(d->text, edits);
  if (d->gb18030) {
    std::optional<std::string> gb = Iconv(out, "GB18030", "UTF-8");
    if (!gb) return absl::InternalError("GB18030 encoding failed");
    out = std::move(*gb);
  }
  *masked = d->bom ? absl::StrCat("\xEF\xBB\xBF", out) : std::move(out);
  return absl::OkStatus();
}

absl::Status ProcessPlainText(absl::string_view bytes,
                              const ScanOptions& options,
                              std::vector<Finding>* findings) {
  std::optional<DecodedText> d = DecodeText(bytes);
  if (!d) return absl::InvalidArgumentError(kCorrupt);
  absl::string_view text = d->text;
  int line = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    absl::string_view l = text.substr(0, nl);
    ++line;
    internal::ScanInto(l, absl::StrCat("第", line, "行"), options, false,
                       findings, nullptr);
    if (nl == absl::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// PDF

absl::Status ProcessPdf(absl::string_view bytes, const ScanOptions& options,
                        DocumentScan& scan) {
  // poppler prints parse errors to stderr; a corrupt file is reported to the
  // reviewer instead.
  static const bool quiet = [] {
    poppler::set_debug_error_function([](const std::string&, void*) {},
                                      nullptr);
    return true;
  }();
  (void)quiet;
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(
      bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) return absl::InvalidArgumentError(kCorrupt);
  if (doc->is_locked())
    return absl::InvalidArgumentError("文件已加密，无法读取");
  const int pages = doc->pages();
  for (int i = 0; i < pages && i < kMaxPdfPages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    poppler::byte_array utf8 = page->text().to_utf8();
    internal::ScanInto(absl::string_view(utf8.data(), utf8.size()),
                       absl::StrCat("第", i + 1, "页"), options, false,
                       &scan.findings, nullptr);
  }
  if (pages > kMaxPdfPages)
    scan.not_scanned_reason = absl::StrCat("仅扫描了前", kMaxPdfPages, "页");
  return absl::OkStatus();
}

}  // namespace

// ---------------------------------------------------------------------------
// Public API

DocumentScan ScanDocument(absl::string_view bytes,
                          absl::string_view content_type,
                          absl::string_view filename,
                          const ScanOptions& options) {
  if (bytes.empty()) return NotScanned(kOtherType);
  DocumentScan scan;
  scan.scanned = true;
  absl::Status status;
  KindCounts skipped{};
  switch (Detect(bytes, content_type, filename)) {
    case DocType::kPdf:
      status = ProcessPdf(bytes, options, scan);
      break;
    case DocType::kDocx:
      status = ProcessDocx(bytes, options, &scan.findings, nullptr);
      break;
    case DocType::kXlsx:
      status = ProcessXlsx(bytes, options, &scan.findings, &skipped, nullptr);
      break;
    case DocType::kCsv:
      status = ProcessCsv(bytes, options, &scan.findings, nullptr);
      break;
    case DocType::kText:
      status = ProcessPlainText(bytes, options, &scan.findings);
      break;
    case DocType::kImage:
      return NotScanned(kImage);
    case DocType::kZip:
    case DocType::kOther:
      return NotScanned(kOtherType);
  }
  if (!status.ok()) {
    return NotScanned(absl::IsResourceExhausted(status) ||
                              absl::IsInvalidArgument(status)
                          ? status.message()
                          : kCorrupt);
  }
  CapFindings(scan, skipped);
  return scan;
}

bool CanMaskDocument(absl::string_view content_type,
                     absl::string_view filename) {
  DocType t = FromName(content_type, filename);
  return t == DocType::kXlsx || t == DocType::kCsv || t == DocType::kDocx;
}

absl::StatusOr<std::string> MaskDocument(absl::string_view bytes,
                                         absl::string_view content_type,
                                         absl::string_view filename,
                                         const ScanOptions& options) {
  std::string out;
  absl::Status status;
  switch (Detect(bytes, content_type, filename)) {
    case DocType::kXlsx:
      status = ProcessXlsx(bytes, options, nullptr, nullptr, &out);
      break;
    case DocType::kDocx:
      status = ProcessDocx(bytes, options, nullptr, &out);
      break;
    case DocType::kCsv:
      status = ProcessCsv(bytes, options, nullptr, &out);
      break;
    default:
      return absl::InvalidArgumentError(
          "只能为 XLSX、CSV、DOCX 文件生成遮盖副本");
  }
  if (!status.ok()) return status;
  return out;
}

}  // namespace zwgk::privacy
