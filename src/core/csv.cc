#include "core/csv.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace zwgk {
namespace {

// OWASP "CSV Injection": a spreadsheet may take a cell starting with = + -
// @, a tab or a carriage return for a formula (ASVS 1.2.10 adds NUL). Such
// a cell goes out behind a single quote, which makes it text. OWASP's rule
// holds for numbers too: "-5" goes out as "'-5", because a harmless "-5"
// cannot be told from "-5+cmd|…". A cell that itself starts with quotes
// before such a character gets one more, so that UnguardCsvFormula, which
// takes one off, gives back exactly what was exported.
constexpr absl::string_view kFormulaStarts("=+-@\t\r\0", 7);

bool NeedsFormulaGuard(absl::string_view cell) {
  const size_t first = cell.find_first_not_of('\'');
  return first != absl::string_view::npos &&
         kFormulaStarts.find(cell[first]) != absl::string_view::npos;
}

}  // namespace

std::string UnguardCsvFormula(absl::string_view cell) {
  if (absl::StartsWith(cell, "'") && NeedsFormulaGuard(cell))
    cell.remove_prefix(1);
  return std::string(cell);
}

std::string FormatCsvRecord(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    const std::string& f = fields[i];
    const bool guard = NeedsFormulaGuard(f);
    if (!guard && f.find_first_of(",\"\r\n") == std::string::npos) {
      out += f;
      continue;
    }
    // OWASP also asks for guarded cells to be quoted.
    out += guard ? "\"'" : "\"";
    for (char c : f) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
  return out;
}

absl::StatusOr<std::vector<std::vector<std::string>>> ParseCsv(
    absl::string_view csv) {
  if (absl::StartsWith(csv, kCsvBom)) csv.remove_prefix(kCsvBom.size());
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  size_t line = 1;
  size_t i = 0;
  auto end_record = [&] {
    row.push_back(std::move(field));
    field.clear();
    rows.push_back(std::move(row));
    row.clear();
  };
  while (i < csv.size()) {
    const char c = csv[i];
    if (c == '"' && field.empty()) {
      // A quoted field: up to the closing quote, "" being a literal quote.
      const size_t start_line = line;
      ++i;
      while (true) {
        if (i >= csv.size()) {
          return absl::InvalidArgumentError(
              absl::StrCat("CSV 第", start_line, "行：引号没有闭合"));
        }
        if (csv[i] == '"') {
          if (i + 1 < csv.size() && csv[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (csv[i] == '\n') ++line;
        field += csv[i++];
      }
      if (i < csv.size() && csv[i] != ',' && csv[i] != '\r' && csv[i] != '\n') {
        return absl::InvalidArgumentError(
            absl::StrCat("CSV 第", line, "行：引号后面只能是逗号或换行"));
      }
      continue;
    }
    if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      ++i;
    } else if (c == '\r' || c == '\n') {
      end_record();
      i += (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') ? 2 : 1;
      ++line;
    } else {
      field += c;
      ++i;
    }
  }
  if (!field.empty() || !row.empty()) end_record();
  return rows;
}

}  // namespace zwgk
