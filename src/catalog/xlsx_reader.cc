#include "catalog/xlsx_reader.h"

#include <zip.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/charconv.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "catalog/text.h"
#include "pugixml.hpp"

namespace zwgk::catalog::xlsx {
namespace {

// Merged areas are indexed per row; past this many (row, area) pairs a file
// is refused rather than allowed to exhaust memory.
constexpr size_t kMaxMergeRowEntries = 16u << 20;
// Serial of 9999-12-31, Excel's last date.
constexpr double kMaxDateSerial = 2958465.0;

const Cell kEmptyCell{};

// ---- XML helpers (prefix-agnostic: some writers use "x:row") ----

absl::string_view LocalName(const char* name) {
  absl::string_view n(name);
  const size_t colon = n.find(':');
  return colon == absl::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node Child(pugi::xml_node node, absl::string_view local) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c.name()) == local)
      return c;
  }
  return {};
}

// The relationship id attribute ("r:id" under any prefix).
const char* RelIdAttribute(pugi::xml_node node) {
  for (pugi::xml_attribute a = node.first_attribute(); a;
       a = a.next_attribute()) {
    const absl::string_view name(a.name());
    if (name.find(':') != absl::string_view::npos &&
        LocalName(a.name()) == "id") {
      return a.value();
    }
  }
  return "";
}

// Decodes OOXML's _xHHHH_ escapes (control characters in strings).
std::string DecodeEscapes(absl::string_view s) {
  if (s.find("_x") == absl::string_view::npos) return std::string(s);
  auto hex4 = [&](size_t i) -> std::optional<char32_t> {
    if (i + 7 > s.size() || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') {
      return std::nullopt;
    }
    char32_t v = 0;
    for (size_t k = i + 2; k < i + 6; ++k) {
      const char c = s[k];
      if (!absl::ascii_isxdigit(static_cast<unsigned char>(c)))
        return std::nullopt;
      v = v * 16 +
          (absl::ascii_isdigit(static_cast<unsigned char>(c))
               ? c - '0'
               : absl::ascii_tolower(static_cast<unsigned char>(c)) - 'a' + 10);
    }
    return v;
  };
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    std::optional<char32_t> v = hex4(i);
    if (!v) {
      out.push_back(s[i++]);
      continue;
    }
    i += 7;
    char32_t cp = *v;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      std::optional<char32_t> low = hex4(i);
      if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
        i += 7;
      }
    }
    text::AppendUtf8(out, cp);
  }
  return out;
}

// All character data of an element: text and CDATA sections may alternate.
void AppendText(pugi::xml_node node, std::string& out) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata)
      out += c.value();
  }
}

// The text of a string item (<si> or <is>): its <t>, or its rich-text runs'
// <t> joined. Phonetic runs (<rPh>) are not part of the text.
std::string StringItemText(pugi::xml_node item) {
  std::string out;
  for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const absl::string_view name = LocalName(c.name());
    if (name == "t") {
      AppendText(c, out);
    } else if (name == "r") {
      AppendText(Child(c, "t"), out);
    }
  }
  return DecodeEscapes(out);
}

// ---- Zip access ----

struct Archive {
  std::string bytes;
  zip_t* zip = nullptr;
  ~Archive() {
    if (zip != nullptr) zip_discard(zip);
  }
};

std::string ZipErrorText(zip_error_t* error) {
  return zip_error_strerror(error);
}

absl::StatusOr<std::unique_ptr<Archive>> OpenArchive(std::string bytes) {
  auto archive = std::make_unique<Archive>();
  archive->bytes = std::move(bytes);
  const std::string& b = archive->bytes;
  if (b.size() >= 4 && static_cast<uint8_t>(b[0]) == 0xD0 &&
      static_cast<uint8_t>(b[1]) == 0xCF &&
      static_cast<uint8_t>(b[2]) == 0x11 &&
      static_cast<uint8_t>(b[3]) == 0xE0) {
    return absl::InvalidArgumentError(
        "这是旧版 .xls 文件或加密的工作簿，请在 Excel 中另存为 "
        ".xlsx（不设密码）后再导入");
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source =
      zip_source_buffer_create(b.data(), b.size(), 0, &error);
  if (source == nullptr) {
    std::string msg = ZipErrorText(&error);
    zip_error_fini(&error);
    return absl::InvalidArgumentError(
        absl::StrCat("不是有效的 XLSX 文件（", msg, "）"));
  }
  archive->zip = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive->zip == nullptr) {
    zip_source_free(source);
    std::string msg = ZipErrorText(&error);
    zip_error_fini(&error);
    return absl::InvalidArgumentError(absl::StrCat(
        "不是有效的 XLSX 文件：无法作为 ZIP 压缩包打开（", msg, "）"));
  }
  zip_error_fini(&error);
  return archive;
}

// The uncompressed part, NotFound when the archive has no such entry.
absl::StatusOr<std::string> ReadPart(const Archive& archive,
                                     const std::string& name) {
  const zip_int64_t index =
      zip_name_locate(archive.zip, name.c_str(), ZIP_FL_NOCASE);
  if (index < 0)
    return absl::NotFoundError(absl::StrCat("XLSX 文件缺少 ", name));
  zip_stat_t st;
  zip_stat_init(&st);
  size_t expected = 0;
  if (zip_stat_index(archive.zip, index, 0, &st) == 0 &&
      (st.valid & ZIP_STAT_SIZE)) {
    if (st.size > kMaxPartBytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          name, " 解压后超过 ", kMaxPartBytes >> 20, " MB，拒绝读取"));
    }
    expected = static_cast<size_t>(st.size);
  }
  zip_file_t* file = zip_fopen_index(archive.zip, index, 0);
  if (file == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "无法读取 XLSX 中的 ", name, "（", zip_strerror(archive.zip), "）"));
  }
  std::string out;
  // The declared size may lie; it only sizes the first allocation.
  out.reserve(std::min<size_t>(expected, 64u << 20));
  char buffer[64 * 1024];
  while (true) {
    const zip_int64_t n = zip_fread(file, buffer, sizeof buffer);
    if (n < 0) {
      std::string msg = zip_file_strerror(file);
      zip_fclose(file);
      return absl::InvalidArgumentError(
          absl::StrCat("XLSX 中的 ", name, " 已损坏（", msg, "）"));
    }
    if (n == 0) break;
    if (out.size() + static_cast<size_t>(n) > kMaxPartBytes) {
      zip_fclose(file);
      return absl::InvalidArgumentError(absl::StrCat(
          name, " 解压后超过 ", kMaxPartBytes >> 20, " MB，拒绝读取"));
    }
    out.append(buffer, static_cast<size_t>(n));
  }
  zip_fclose(file);
  return out;
}

absl::Status ParseXml(pugi::xml_document& doc, std::string& data,
                      absl::string_view part) {
  const pugi::xml_parse_result result = doc.load_buffer_inplace(
      data.data(), data.size(),
      pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_auto);
  if (!result) {
    return absl::InvalidArgumentError(
        absl::StrCat("XLSX 中的 ", part, " 不是有效的 XML（第 ", result.offset,
                     " 字节：", result.description(), "）"));
  }
  return absl::OkStatus();
}

// "xl/worksheets/../media/x" → "xl/media/x"; a leading "/" is the package root.
std::string ResolvePath(absl::string_view base_dir, absl::string_view target) {
  std::vector<std::string> parts;
  const std::string joined = absl::StartsWith(target, "/")
                                 ? std::string(target.substr(1))
                                 : std::string(base_dir) + std::string(target);
  for (absl::string_view p : absl::StrSplit(joined, '/')) {
    if (p.empty() || p == ".") continue;
    if (p == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.emplace_back(p);
  }
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

std::string DirOf(absl::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == absl::string_view::npos
             ? ""
             : std::string(path.substr(0, slash + 1));
}

struct Relationship {
  std::string type;    // the last segment of the Type URI, e.g. "worksheet"
  std::string target;  // resolved package path
};

// The relationships of `part` (from its _rels/*.rels), by Id. A missing rels
// part yields an empty map.
absl::StatusOr<std::map<std::string, Relationship>> ReadRelationships(
    const Archive& archive, absl::string_view part) {
  const std::string dir = DirOf(part);
  const std::string rels_path =
      absl::StrCat(dir, "_rels/", part.substr(dir.size()), ".rels");
  std::map<std::string, Relationship> out;
  absl::StatusOr<std::string> data = ReadPart(archive, rels_path);
  if (absl::IsNotFound(data.status())) return out;
  if (!data.ok()) return data.status();
  pugi::xml_document doc;
  if (absl::Status s = ParseXml(doc, *data, rels_path); !s.ok()) return s;
  for (pugi::xml_node r = Child(doc, "Relationships").first_child(); r;
       r = r.next_sibling()) {
    if (r.type() != pugi::node_element || LocalName(r.name()) != "Relationship")
      continue;
    if (absl::string_view(r.attribute("TargetMode").value()) == "External")
      continue;
    const absl::string_view type = r.attribute("Type").value();
    const size_t slash = type.rfind('/');
    out[r.attribute("Id").value()] = {
        .type = std::string(
            slash == absl::string_view::npos ? type : type.substr(slash + 1)),
        .target = ResolvePath(dir, r.attribute("Target").value())};
  }
  return out;
}

// Built-in number formats that show dates or times (ECMA-376 §18.8.30, plus
// the ones Chinese-locale Excel maps to 年月日 formats).
bool IsBuiltinDateFormat(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
         (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

// A custom format code shows a date when, outside quotes, escapes and
// [brackets] (colours, locales), it has a date or time letter.
bool IsDateFormatCode(absl::string_view code) {
  bool in_quote = false;
  int bracket = 0;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (in_quote) {
      if (c == '"') in_quote = false;
      continue;
    }
    if (c == '"') {
      in_quote = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal (or padding)
    } else if (c == '[') {
      // [h], [m], [s] are elapsed times; other brackets are not dates.
      if (i + 2 < code.size() && code[i + 2] == ']' &&
          std::strchr("hHmMsS", code[i + 1]) != nullptr) {
        return true;
      }
      ++bracket;
    } else if (c == ']') {
      if (bracket > 0) --bracket;
    } else if (bracket == 0 && std::strchr("dDmMyYhHsSeE", c) != nullptr) {
      // "E" is a year in East Asian formats, but also scientific notation.
      if ((c == 'e' || c == 'E') && i + 1 < code.size() &&
          (code[i + 1] == '+' || code[i + 1] == '-')) {
        continue;
      }
      return true;
    }
  }
  return false;
}

// Per cell style index (the "s" attribute): whether it shows a date.
absl::StatusOr<std::vector<bool>> ReadDateStyles(const Archive& archive,
                                                 const std::string& part) {
  std::vector<bool> out;
  absl::StatusOr<std::string> data = ReadPart(archive, part);
  if (absl::IsNotFound(data.status())) return out;
  if (!data.ok()) return data.status();
  pugi::xml_document doc;
  if (absl::Status s = ParseXml(doc, *data, part); !s.ok()) return s;
  const pugi::xml_node root = Child(doc, "styleSheet");
  std::map<int, bool> custom;
  for (pugi::xml_node f = Child(Child(root, "numFmts"), "numFmt"); f;
       f = f.next_sibling()) {
    if (f.type() != pugi::node_element || LocalName(f.name()) != "numFmt")
      continue;
    custom[f.attribute("numFmtId").as_int(-1)] =
        IsDateFormatCode(f.attribute("formatCode").value());
  }
  for (pugi::xml_node xf = Child(root, "cellXfs").first_child(); xf;
       xf = xf.next_sibling()) {
    if (xf.type() != pugi::node_element || LocalName(xf.name()) != "xf")
      continue;
    const int id = xf.attribute("numFmtId").as_int(0);
    auto it = custom.find(id);
    out.push_back(it != custom.end() ? it->second : IsBuiltinDateFormat(id));
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> ReadSharedStrings(
    const Archive& archive, const std::string& part) {
  std::vector<std::string> out;
  absl::StatusOr<std::string> data = ReadPart(archive, part);
  if (absl::IsNotFound(data.status())) return out;
  if (!data.ok()) return data.status();
  pugi::xml_document doc;
  if (absl::Status s = ParseXml(doc, *data, part); !s.ok()) return s;
  for (pugi::xml_node si = Child(doc, "sst").first_child(); si;
       si = si.next_sibling()) {
    if (si.type() != pugi::node_element || LocalName(si.name()) != "si")
      continue;
    out.push_back(StringItemText(si));
  }
  return out;
}

// "2024-05-01" or "2024-05-01T13:30:00" (t="d" cells) → serial.
std::optional<double> IsoToSerial(absl::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  double sec = 0;
  const std::string str(s);
  const int n = std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf", &y, &mo, &d,
                            &h, &mi, &sec);
  if (n != 3 && n != 6) return std::nullopt;
  const absl::CivilDay day(y, mo, d);
  if (day.year() != y || day.month() != mo || day.day() != d)
    return std::nullopt;
  const double serial = static_cast<double>(day - absl::CivilDay(1899, 12, 30));
  if (serial < 61 || serial > kMaxDateSerial) return std::nullopt;
  return serial + (h * 3600 + mi * 60 + sec) / 86400.0;
}

}  // namespace

// ---- Cell ----

bool Cell::blank() const {
  if (type == CellType::kEmpty) return true;
  if (type != CellType::kString) return false;
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
      return text::Trim(text).empty();
  }
  return true;
}

std::optional<absl::CivilSecond> Cell::DateTime() const {
  if (type != CellType::kDate && type != CellType::kNumber) return std::nullopt;
  if (!(number >= 0 && number <= kMaxDateSerial + 1))
    return std::nullopt;  // NaN too
  double days = std::floor(number);
  const auto seconds =
      static_cast<int64_t>(std::llround((number - days) * 86400.0));
  absl::CivilDay day;
  if (days >= 61) {
    day = absl::CivilDay(1899, 12, 30) + static_cast<int64_t>(days);
  } else if (days >= 1 && days < 60) {
    day = absl::CivilDay(1899, 12, 31) + static_cast<int64_t>(days);
  } else if (days == 0) {
    day = absl::CivilDay(1899, 12, 30);  // a time of day without a date
  } else {
    return std::nullopt;  // 60 is Excel's nonexistent 1900-02-29
  }
  return absl::CivilSecond(day) + seconds;
}

std::string Cell::Text() const {
  switch (type) {
    case CellType::kEmpty:
      return "";
    case CellType::kString:
    case CellType::kError:
      return std::string(text);
    case CellType::kBoolean:
      return number != 0 ? "TRUE" : "FALSE";
    case CellType::kDate: {
      const std::optional<absl::CivilSecond> t = DateTime();
      if (!t) break;
      if (t->hour() == 0 && t->minute() == 0 && t->second() == 0) {
        return absl::FormatCivilTime(absl::CivilDay(*t));
      }
      return absl::StrFormat("%04d-%02d-%02d %02d:%02d:%02d", t->year(),
                             t->month(), t->day(), t->hour(), t->minute(),
                             t->second());
    }
    case CellType::kNumber:
      break;
  }
  if (std::isfinite(number) && number == std::floor(number) &&
      std::fabs(number) < 1e15) {
    return absl::StrCat(static_cast<int64_t>(number));
  }
  std::string s = absl::StrFormat("%.15g", number);
  if (std::strtod(s.c_str(), nullptr) != number)
    s = absl::StrFormat("%.17g", number);
  return s;
}

// ---- References ----

std::string ColumnName(int col) {
  std::string out;
  for (int c = col + 1; c > 0; c = (c - 1) / 26) {
    out.insert(out.begin(), static_cast<char>('A' + (c - 1) % 26));
  }
  return out;
}

std::optional<std::pair<int, int>> ParseCellRef(absl::string_view ref) {
  size_t i = 0;
  if (i < ref.size() && ref[i] == '$') ++i;
  int col = 0;
  const size_t letters = i;
  while (i < ref.size() &&
         absl::ascii_isalpha(static_cast<unsigned char>(ref[i]))) {
    col = col * 26 +
          (absl::ascii_toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
    if (col > kMaxCols) return std::nullopt;
    ++i;
  }
  if (i == letters) return std::nullopt;
  if (i < ref.size() && ref[i] == '$') ++i;
  int row = 0;
  const size_t digits = i;
  while (i < ref.size() &&
         absl::ascii_isdigit(static_cast<unsigned char>(ref[i]))) {
    row = row * 10 + (ref[i] - '0');
    if (row > kMaxRows) return std::nullopt;
    ++i;
  }
  if (i == digits || i != ref.size() || row == 0) return std::nullopt;
  return std::make_pair(row - 1, col - 1);
}

std::optional<CellRange> ParseRangeRef(absl::string_view ref) {
  const size_t colon = ref.find(':');
  const auto first = ParseCellRef(ref.substr(0, colon));
  const auto last = colon == absl::string_view::npos
                        ? first
                        : ParseCellRef(ref.substr(colon + 1));
  if (!first || !last) return std::nullopt;
  return CellRange{.first_row = std::min(first->first, last->first),
                   .first_col = std::min(first->second, last->second),
                   .last_row = std::max(first->first, last->first),
                   .last_col = std::max(first->second, last->second)};
}

std::string CellRange::ToA1() const {
  return absl::StrCat(ColumnName(first_col), first_row + 1, ":",
                      ColumnName(last_col), last_row + 1);
}

// ---- Sheet ----

// Builds a Sheet; the only code that touches its internals.
class SheetBuilder {
 public:
  explicit SheetBuilder(std::string name) { sheet_.name_ = std::move(name); }

  void UseSharedStrings(
      std::shared_ptr<const std::vector<std::string>> strings) {
    sheet_.shared_strings_ = std::move(strings);
  }

  absl::string_view Own(std::string s) {
    sheet_.own_strings_.push_back(std::move(s));
    return sheet_.own_strings_.back();
  }

  void Set(int row, int col, Cell cell) {
    if (cell.type == CellType::kEmpty) return;
    if (row >= static_cast<int>(sheet_.rows_.size()))
      sheet_.rows_.resize(row + 1);
    auto& cells = sheet_.rows_[row].cells;
    if (!cells.empty() && cells.back().first >= col) unsorted_ = true;
    cells.emplace_back(col, cell);
    sheet_.col_count_ = std::max(sheet_.col_count_, col + 1);
  }

  void AddMerge(const CellRange& range) { sheet_.merges_.push_back(range); }

  absl::StatusOr<Sheet> Finish() && {
    if (unsorted_) {
      for (Sheet::Row& row : sheet_.rows_) {
        // Later duplicates win, as when a writer repeats a cell.
        std::stable_sort(
            row.cells.begin(), row.cells.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
        auto last = std::unique(
            row.cells.rbegin(), row.cells.rend(),
            [](const auto& a, const auto& b) { return a.first == b.first; });
        row.cells.erase(row.cells.begin(), last.base());
      }
    }
    size_t entries = 0;
    const int rows = sheet_.row_count();
    for (size_t m = 0; m < sheet_.merges_.size(); ++m) {
      const CellRange& r = sheet_.merges_[m];
      if (r.first_row >= rows || r.first_col >= sheet_.col_count_) continue;
      const int last = std::min(r.last_row, rows - 1);
      entries += static_cast<size_t>(last - r.first_row + 1);
      if (entries > kMaxMergeRowEntries) {
        return absl::InvalidArgumentError(absl::StrCat(
            "工作表“", sheet_.name_, "”的合并单元格过多或范围过大"));
      }
      for (int row = r.first_row; row <= last; ++row) {
        sheet_.rows_[row].merge_ids.push_back(static_cast<int>(m));
      }
    }
    return std::move(sheet_);
  }

 private:
  Sheet sheet_;
  bool unsorted_ = false;
};

Sheet Sheet::FromRows(std::string name,
                      const std::vector<std::vector<std::string>>& rows) {
  SheetBuilder b(std::move(name));
  for (size_t r = 0; r < rows.size() && r < static_cast<size_t>(kMaxRows);
       ++r) {
    for (size_t c = 0; c < rows[r].size() && c < static_cast<size_t>(kMaxCols);
         ++c) {
      if (rows[r][c].empty()) continue;
      b.Set(static_cast<int>(r), static_cast<int>(c),
            Cell{.type = CellType::kString, .text = b.Own(rows[r][c])});
    }
  }
  // Without merges nothing can fail.
  return *std::move(b).Finish();
}

const Cell& Sheet::At(int row, int col) const {
  if (row < 0 || row >= row_count()) return kEmptyCell;
  const auto& cells = rows_[row].cells;
  auto it = std::lower_bound(
      cells.begin(), cells.end(), col,
      [](const auto& entry, int c) { return entry.first < c; });
  if (it == cells.end() || it->first != col) return kEmptyCell;
  return it->second;
}

std::span<const std::pair<int, Cell>> Sheet::RowCells(int row) const {
  if (row < 0 || row >= row_count()) return {};
  return rows_[row].cells;
}

const CellRange* Sheet::MergeAt(int row, int col) const {
  if (row < 0 || row >= row_count()) return nullptr;
  for (int id : rows_[row].merge_ids) {
    if (merges_[id].Contains(row, col)) return &merges_[id];
  }
  return nullptr;
}

const Cell& Sheet::Filled(int row, int col) const {
  const CellRange* merge = MergeAt(row, col);
  return merge != nullptr ? At(merge->first_row, merge->first_col)
                          : At(row, col);
}

// ---- Workbook ----

struct Workbook::Impl {
  std::unique_ptr<Archive> archive;
  struct SheetEntry {
    std::string name;
    std::string path;
  };
  std::vector<SheetEntry> sheets;
  std::shared_ptr<const std::vector<std::string>> shared_strings;
  std::vector<bool> date_styles;
  bool date1904 = false;

  absl::StatusOr<Sheet> Parse(const SheetEntry& entry) const;
  // nullopt when the fast path does not apply or finds anything wrong.
  std::optional<Sheet> ParseInChunks(const SheetEntry& entry,
                                     absl::string_view xml) const;
};

Workbook::Workbook(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Workbook::Workbook(Workbook&&) noexcept = default;
Workbook& Workbook::operator=(Workbook&&) noexcept = default;
Workbook::~Workbook() = default;

absl::StatusOr<Workbook> Workbook::Open(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("无法打开文件 ", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad())
    return absl::UnavailableError(absl::StrCat("读取文件 ", path, " 失败"));
  return FromBytes(std::move(buffer).str());
}

absl::StatusOr<Workbook> Workbook::FromBytes(std::string bytes) {
  auto impl = std::make_unique<Impl>();
  absl::StatusOr<std::unique_ptr<Archive>> archive =
      OpenArchive(std::move(bytes));
  if (!archive.ok()) return archive.status();
  impl->archive = *std::move(archive);
  const Archive& a = *impl->archive;

  // The main part is named by the package relationships.
  std::string workbook_path = "xl/workbook.xml";
  absl::StatusOr<std::map<std::string, Relationship>> root_rels =
      ReadRelationships(a, "");
  if (!root_rels.ok()) return root_rels.status();
  for (const auto& [id, rel] : *root_rels) {
    if (rel.type == "officeDocument") workbook_path = rel.target;
  }
  absl::StatusOr<std::string> data = ReadPart(a, workbook_path);
  if (absl::IsNotFound(data.status())) {
    return absl::InvalidArgumentError(
        absl::StrCat("不是有效的 XLSX 文件：缺少工作簿部件 ", workbook_path));
  }
  if (!data.ok()) return data.status();
  pugi::xml_document doc;
  if (absl::Status s = ParseXml(doc, *data, workbook_path); !s.ok()) return s;
  const pugi::xml_node root = Child(doc, "workbook");
  if (!root) {
    return absl::InvalidArgumentError(
        absl::StrCat(workbook_path, " 中没有 workbook 元素"));
  }
  const absl::string_view d1904 =
      Child(root, "workbookPr").attribute("date1904").value();
  impl->date1904 = d1904 == "1" || d1904 == "true";

  absl::StatusOr<std::map<std::string, Relationship>> rels =
      ReadRelationships(a, workbook_path);
  if (!rels.ok()) return rels.status();
  const std::string dir = DirOf(workbook_path);
  std::string shared_path = dir + "sharedStrings.xml";
  std::string styles_path = dir + "styles.xml";
  for (const auto& [id, rel] : *rels) {
    if (rel.type == "sharedStrings") shared_path = rel.target;
    if (rel.type == "styles") styles_path = rel.target;
  }
  int position = 0;
  for (pugi::xml_node s = Child(root, "sheets").first_child(); s;
       s = s.next_sibling()) {
    if (s.type() != pugi::node_element || LocalName(s.name()) != "sheet")
      continue;
    ++position;
    auto it = rels->find(RelIdAttribute(s));
    std::string path = absl::StrCat(dir, "worksheets/sheet", position, ".xml");
    if (it != rels->end()) {
      if (it->second.type != "worksheet") continue;  // chart or dialog sheet
      path = it->second.target;
    }
    impl->sheets.push_back(
        {.name = s.attribute("name").value(), .path = std::move(path)});
  }
  if (impl->sheets.empty()) {
    return absl::InvalidArgumentError("XLSX 文件中没有工作表");
  }
  absl::StatusOr<std::vector<std::string>> strings =
      ReadSharedStrings(a, shared_path);
  if (!strings.ok()) return strings.status();
  impl->shared_strings =
      std::make_shared<const std::vector<std::string>>(*std::move(strings));
  absl::StatusOr<std::vector<bool>> styles = ReadDateStyles(a, styles_path);
  if (!styles.ok()) return styles.status();
  impl->date_styles = *std::move(styles);
  return Workbook(std::move(impl));
}

std::vector<std::string> Workbook::sheet_names() const {
  std::vector<std::string> out;
  for (const auto& s : impl_->sheets) out.push_back(s.name);
  return out;
}

bool Workbook::date1904() const { return impl_->date1904; }

absl::StatusOr<Sheet> Workbook::ReadSheet(absl::string_view name) const {
  for (const auto& s : impl_->sheets) {
    if (s.name == name) return impl_->Parse(s);
  }
  std::string names;
  for (const auto& s : impl_->sheets) {
    absl::StrAppend(&names, names.empty() ? "" : "、", "“", s.name, "”");
  }
  return absl::NotFoundError(absl::StrCat("工作簿中没有名为“", name,
                                          "”的工作表（现有：", names, "）"));
}

absl::StatusOr<Sheet> Workbook::ReadSheet(int index) const {
  if (index < 0 || index >= static_cast<int>(impl_->sheets.size())) {
    return absl::NotFoundError(absl::StrCat("工作簿只有 ", impl_->sheets.size(),
                                            " 个工作表，没有第 ", index + 1,
                                            " 个"));
  }
  return impl_->Parse(impl_->sheets[index]);
}

namespace {

// Where the rows are: the content of <sheetData> (under any prefix) and the
// prefix, found textually so the rows can be parsed a chunk at a time.
struct SheetDataSpan {
  size_t begin = 0;  // just after <sheetData …>
  size_t end = 0;    // at </sheetData>
  std::string prefix;
};

std::optional<SheetDataSpan> FindSheetData(absl::string_view xml) {
  const size_t name = xml.find("sheetData");
  if (name == absl::string_view::npos || name == 0) return std::nullopt;
  size_t lt = name - 1;
  while (lt > 0 && xml[lt] != '<' && xml[lt] != '>' && xml[lt] != ' ') --lt;
  if (xml[lt] != '<') return std::nullopt;
  SheetDataSpan span{.prefix = std::string(xml.substr(lt + 1, name - lt - 1))};
  if (!span.prefix.empty() && span.prefix.back() != ':') return std::nullopt;
  const size_t gt = xml.find('>', name);
  if (gt == absl::string_view::npos || xml[gt - 1] == '/') return std::nullopt;
  const size_t close = xml.rfind("</" + span.prefix + "sheetData");
  if (close == absl::string_view::npos || close < gt) return std::nullopt;
  span.begin = gt + 1;
  span.end = close;
  return span;
}

// Reads <row> elements into a SheetBuilder.
class SheetParser {
 public:
  SheetParser(std::string name,
              std::shared_ptr<const std::vector<std::string>> strings,
              const std::vector<bool>& date_styles, bool date1904)
      : name_(std::move(name)),
        strings_(std::move(strings)),
        date_styles_(date_styles),
        date1904_(date1904),
        builder_(name_) {
    builder_.UseSharedStrings(strings_);
  }

  // The <row> children of `parent`.
  absl::Status Rows(pugi::xml_node parent) {
    for (pugi::xml_node row = parent.first_child(); row;
         row = row.next_sibling()) {
      if (row.type() != pugi::node_element || LocalName(row.name()) != "row")
        continue;
      if (absl::Status s = Row(row); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  // The <mergeCell> elements of the worksheet root.
  absl::Status Merges(pugi::xml_node root) {
    for (pugi::xml_node m = Child(Child(root, "mergeCells"), "mergeCell"); m;
         m = m.next_sibling()) {
      if (m.type() != pugi::node_element || LocalName(m.name()) != "mergeCell")
        continue;
      const std::optional<CellRange> range =
          ParseRangeRef(m.attribute("ref").value());
      if (!range) {
        return Error(
            absl::StrCat("的合并区域“", m.attribute("ref").value(), "”无效"));
      }
      builder_.AddMerge(*range);
    }
    return absl::OkStatus();
  }

  absl::StatusOr<Sheet> Finish() && { return std::move(builder_).Finish(); }

 private:
  absl::Status Error(absl::string_view what) const {
    return absl::InvalidArgumentError(
        absl::StrCat("工作表“", name_, "”", what));
  }
  std::string Where(int col) const {
    return absl::StrCat("的单元格", ColumnName(col), row_index_ + 1);
  }

  absl::Status Row(pugi::xml_node row) {
    const pugi::xml_attribute r = row.attribute("r");
    if (r) {
      const int n = r.as_int(0);
      if (n < 1 || n > kMaxRows)
        return Error(absl::StrCat("的行号“", r.value(), "”无效"));
      row_index_ = n - 1;
    } else if (++row_index_ >= kMaxRows) {
      return Error("的行数超过上限");
    }
    int col = -1;
    for (pugi::xml_node c = row.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element || LocalName(c.name()) != "c")
        continue;
      const pugi::xml_attribute ref = c.attribute("r");
      if (ref) {
        const auto pos = ParseCellRef(ref.value());
        if (!pos) {
          return Error(absl::StrCat("第", row_index_ + 1, "行的单元格引用“",
                                    ref.value(), "”无效"));
        }
        col = pos->second;
        // the cell's own reference wins over its <row>
        row_index_ = pos->first;
      } else if (++col >= kMaxCols) {
        return Error(absl::StrCat("第", row_index_ + 1, "行的列数超过上限"));
      }
      absl::StatusOr<Cell> cell = ReadCell(c, col);
      if (!cell.ok()) return cell.status();
      builder_.Set(row_index_, col, *cell);
    }
    return absl::OkStatus();
  }

  absl::StatusOr<Cell> ReadCell(pugi::xml_node c, int col) {
    const absl::string_view type = c.attribute("t").value();
    const pugi::xml_node v = Child(c, "v");
    if (type == "inlineStr") {
      const pugi::xml_node is = Child(c, "is");
      if (!is) return Cell{};
      return Cell{.type = CellType::kString,
                  .text = builder_.Own(StringItemText(is))};
    }
    if (!v) return Cell{};  // styled but empty
    if (type == "s") {
      size_t index = 0;
      if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(v.text().get()),
                            &index) ||
          index >= strings_->size()) {
        return Error(absl::StrCat(Where(col), "引用了不存在的共享字符串（序号 ",
                                  v.text().get(), "）"));
      }
      return Cell{.type = CellType::kString, .text = (*strings_)[index]};
    }
    if (type == "str") {
      return Cell{.type = CellType::kString,
                  .text = builder_.Own(DecodeEscapes(v.text().get()))};
    }
    if (type == "e")
      return Cell{.type = CellType::kError,
                  .text = builder_.Own(v.text().get())};
    if (type == "b") {
      return Cell{.type = CellType::kBoolean,
                  .number = v.text().as_int(0) != 0 ? 1.0 : 0.0};
    }
    if (type == "d") {
      if (const std::optional<double> serial = IsoToSerial(v.text().get())) {
        return Cell{.type = CellType::kDate, .number = *serial};
      }
      return Cell{.type = CellType::kString,
                  .text = builder_.Own(v.text().get())};
    }
    const absl::string_view raw = absl::StripAsciiWhitespace(v.text().get());
    double number = 0;
    const auto [end, ec] =
        absl::from_chars(raw.data(), raw.data() + raw.size(), number);
    if (raw.empty() || ec != std::errc() || end != raw.data() + raw.size()) {
      return Error(absl::StrCat(Where(col), "的数值“", raw, "”无效"));
    }
    const long long style = c.attribute("s").as_llong(0);
    const bool date = style >= 0 &&
                      static_cast<size_t>(style) < date_styles_.size() &&
                      date_styles_[style];
    if (date && date1904_) number += 1462;
    return Cell{.type = date ? CellType::kDate : CellType::kNumber,
                .number = number};
  }

  std::string name_;
  std::shared_ptr<const std::vector<std::string>> strings_;
  const std::vector<bool>& date_styles_;
  bool date1904_;
  SheetBuilder builder_;
  int row_index_ = -1;
};

// About this much sheet XML is turned into a DOM at a time.
constexpr size_t kChunkBytes = 1u << 20;

}  // namespace

absl::StatusOr<Sheet> Workbook::Impl::Parse(const SheetEntry& entry) const {
  absl::StatusOr<std::string> data = ReadPart(*archive, entry.path);
  if (absl::IsNotFound(data.status())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "工作表“", entry.name, "”的内容（", entry.path, "）在文件中不存在"));
  }
  if (!data.ok()) return data.status();
  // Fast path: a DOM of the whole sheet costs ~10× its XML in memory, so the
  // rows are parsed in chunks of whole rows. A chunk boundary can only fall
  // inside a comment or CDATA by accident, and then the chunk does not parse:
  // the sheet is read again in one piece, which reports real XML errors.
  if (std::optional<Sheet> sheet = ParseInChunks(entry, *data))
    return *std::move(sheet);
  pugi::xml_document doc;
  if (absl::Status s = ParseXml(doc, *data, entry.path); !s.ok()) return s;
  const pugi::xml_node root = Child(doc, "worksheet");
  SheetParser parser(entry.name, shared_strings, date_styles, date1904);
  if (absl::Status s = parser.Rows(Child(root, "sheetData")); !s.ok()) return s;
  if (absl::Status s = parser.Merges(root); !s.ok()) return s;
  return std::move(parser).Finish();
}

std::optional<Sheet> Workbook::Impl::ParseInChunks(
    const SheetEntry& entry, absl::string_view xml) const {
  const std::optional<SheetDataSpan> span = FindSheetData(xml);
  if (!span) return std::nullopt;
  SheetParser parser(entry.name, shared_strings, date_styles, date1904);
  const std::string row_end = "</" + span->prefix + "row>";
  constexpr unsigned kOptions =
      pugi::parse_default | pugi::parse_ws_pcdata_single;
  for (size_t begin = span->begin; begin < span->end;) {
    size_t end = span->end;
    if (end - begin > kChunkBytes) {
      const size_t close = xml.find(row_end, begin + kChunkBytes);
      if (close != std::string::npos && close + row_end.size() < span->end) {
        end = close + row_end.size();
      }
    }
    pugi::xml_document chunk;
    if (!chunk.load_buffer(xml.data() + begin, end - begin,
                           kOptions | pugi::parse_fragment,
                           pugi::encoding_utf8)) {
      return std::nullopt;
    }
    if (!parser.Rows(chunk).ok()) return std::nullopt;
    begin = end;
  }
  // The rest of the worksheet (merged cells) without its rows.
  std::string outer(xml.substr(0, span->begin));
  absl::StrAppend(&outer, xml.substr(span->end));
  pugi::xml_document doc;
  if (!doc.load_buffer_inplace(outer.data(), outer.size(), kOptions,
                               pugi::encoding_auto)) {
    return std::nullopt;
  }
  if (!parser.Merges(Child(doc, "worksheet")).ok()) return std::nullopt;
  absl::StatusOr<Sheet> sheet = std::move(parser).Finish();
  if (!sheet.ok()) return std::nullopt;
  return *std::move(sheet);
}

}  // namespace zwgk::catalog::xlsx
