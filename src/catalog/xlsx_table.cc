#include "catalog/xlsx_table.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "catalog/text.h"
#include "catalog/xlsx_reader.h"
#include "core/csv.h"
#include "core/status.h"

namespace zwgk::catalog::xlsx {

absl::StatusOr<Table> ReadTable(absl::string_view bytes,
                                const TableRequest& request) {
  absl::StatusOr<Workbook> wb = Workbook::FromBytes(std::string(bytes));
  if (!wb.ok())
    return InvalidFields(
        "无法读取 XLSX 文件",
        {{"file", absl::StrCat("文件已损坏或不是 Excel 工作簿：",
                               wb.status().message())}});
  Table out;
  const std::vector<std::string> names = wb->sheet_names();
  absl::StatusOr<Sheet> s = absl::NotFoundError("没有这个工作表");
  if (!request.sheet.empty() &&
      std::find(names.begin(), names.end(), request.sheet) != names.end()) {
    s = wb->ReadSheet(request.sheet);
  } else if ((request.sheet.empty() || request.first_if_missing) &&
             !names.empty()) {
    s = wb->ReadSheet(0);
  } else {
    out.found = false;
    return out;
  }
  if (!s.ok())
    return InvalidFields("无法读取工作表",
                         {{"file", std::string(s.status().message())}});
  if (s->row_count() > request.max_rows + 1)
    return InvalidFields(
        "行数过多", {{"file", absl::StrCat("工作表“", s->name(), "”不能超过",
                                           request.max_rows, "行")}});
  out.sheet = s->name();
  const int cols = std::min(s->col_count(), std::max(request.max_cols, 0));
  out.rows.reserve(s->row_count());
  for (int r = 0; r < s->row_count(); ++r) {
    std::vector<std::string> row;
    row.reserve(cols);
    for (int c = 0; c < cols; ++c) row.push_back(s->Filled(r, c).Text());
    out.rows.push_back(std::move(row));
  }
  return out;
}

absl::StatusOr<std::vector<std::vector<std::string>>> ReadUploadedTable(
    absl::string_view filename, absl::string_view bytes,
    const TableRequest& request, absl::string_view what) {
  if (absl::StartsWith(bytes, "PK\x03\x04")) {
    ZWGK_ASSIGN_OR_RETURN(Table t, ReadTable(bytes, request));
    return std::move(t.rows);
  }
  if (!text::IsValidUtf8(bytes))
    return InvalidFields(
        "文件编码不是 UTF-8",
        {{"file", absl::StrCat("“", filename,
                               "”请另存为 Excel 工作簿或 UTF-8 编码的 CSV")}});
  absl::StatusOr<std::vector<std::vector<std::string>>> rows = ParseCsv(bytes);
  if (!rows.ok())
    return InvalidFields("无法读取 CSV 文件",
                         {{"file", std::string(rows.status().message())}});
  if (rows->size() > static_cast<size_t>(request.max_rows) + 1)
    return InvalidFields(
        "行数过多",
        {{"file", absl::StrCat(what, "不能超过", request.max_rows, "行")}});
  for (std::vector<std::string>& row : *rows)
    if (row.size() > static_cast<size_t>(std::max(request.max_cols, 0)))
      row.resize(std::max(request.max_cols, 0));
  return rows;
}

std::string CleanCell(absl::string_view s) {
  std::string valid =
      text::IsValidUtf8(s) ? std::string(s) : text::SanitizeUtf8(s);
  // CRLF and lone CR → LF; other control characters (but tab) dropped.
  std::string out;
  out.reserve(valid.size());
  for (size_t i = 0; i < valid.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(valid[i]);
    if (c == '\r') {
      out.push_back('\n');
      if (i + 1 < valid.size() && valid[i + 1] == '\n') ++i;
    } else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
      continue;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return text::Trim(out);
}

int ColumnOf(const std::vector<std::string>& header,
             std::initializer_list<absl::string_view> names) {
  for (absl::string_view name : names)
    for (size_t c = 0; c < header.size(); ++c)
      if (CleanCell(header[c]) == name) return static_cast<int>(c);
  return -1;
}

std::string CellAt(const std::vector<std::string>& row, int col) {
  if (col < 0 || col >= static_cast<int>(row.size())) return "";
  return CleanCell(row[col]);
}

}  // namespace zwgk::catalog::xlsx
