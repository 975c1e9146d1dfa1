// A generic reader for .xlsx workbooks (Office Open XML spreadsheets) on
// libzip + pugixml: sheets by name or order, shared and inline strings (rich
// text runs joined), numbers, booleans, dates (from the cell style's number
// format), and merged cells.
//
// Malformed input never crashes: every failure is an absl::Status with a
// Chinese message saying which part of the file is wrong. Parts are capped in
// size (kMaxPartBytes) so a zip bomb cannot exhaust memory.
#ifndef ZWGK_CATALOG_XLSX_READER_H_
#define ZWGK_CATALOG_XLSX_READER_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace zwgk::catalog::xlsx {

// Largest uncompressed part (sheet XML, shared strings, …) read.
inline constexpr size_t kMaxPartBytes = 256u << 20;
// Excel's own limits.
inline constexpr int kMaxRows = 1048576;
inline constexpr int kMaxCols = 16384;

enum class CellType : uint8_t {
  kEmpty,
  kString,
  kNumber,
  kBoolean,
  kDate,
  kError
};

struct Cell {
  CellType type = CellType::kEmpty;
  // kString: the text; kError: the error code ("#N/A"). Points into storage
  // owned by the Sheet, valid while the Sheet lives.
  absl::string_view text = {};
  // kNumber; kDate: the serial in Excel's 1900 date system (1904 workbooks
  // are converted), the fraction being the time of day; kBoolean: 0 or 1.
  double number = 0;

  // Empty, or a string of only spaces.
  bool blank() const;
  // What Excel shows, roughly: strings as is, numbers in shortest form
  // ("12", "0.5"), dates "2024-05-01" (with " HH:MM:SS" when there is a time
  // of day), booleans "TRUE"/"FALSE".
  std::string Text() const;
  // kDate (or kNumber) as a civil time; nullopt for other types or out of
  // range.
  std::optional<absl::CivilSecond> DateTime() const;
};

// An inclusive rectangle of 0-based rows and columns.
struct CellRange {
  int first_row = 0;
  int first_col = 0;
  int last_row = 0;
  int last_col = 0;
  bool Contains(int row, int col) const {
    return row >= first_row && row <= last_row && col >= first_col &&
           col <= last_col;
  }
  std::string ToA1() const;  // "A1:C3"
  bool operator==(const CellRange&) const = default;
};

// "A" for 0, "Z" for 25, "AA" for 26.
std::string ColumnName(int col);
// "B3" → {row 2, col 1}; nullopt when malformed or beyond Excel's limits.
std::optional<std::pair<int, int>> ParseCellRef(absl::string_view ref);
// "A1:C3" (or a single "B2") → range; nullopt when malformed.
std::optional<CellRange> ParseRangeRef(absl::string_view ref);

class Sheet {
 public:
  Sheet(Sheet&&) noexcept = default;
  Sheet& operator=(Sheet&&) noexcept = default;
  Sheet(const Sheet&) = delete;  // cells point into the sheet's own storage
  Sheet& operator=(const Sheet&) = delete;

  // An all-string sheet, e.g. from CSV (no merges).
  static Sheet FromRows(std::string name,
                        const std::vector<std::vector<std::string>>& rows);

  const std::string& name() const { return name_; }
  // One past the last row / column holding a value. Merged areas are
  // reported whole by merges() but are visible through Filled() only within
  // these bounds.
  int row_count() const { return static_cast<int>(rows_.size()); }
  int col_count() const { return col_count_; }

  // The cell as stored: a merged area's value sits only in its top-left cell.
  // Out of range → an empty cell.
  const Cell& At(int row, int col) const;
  // The cell as a person sees it: inside a merged area, the area's value.
  const Cell& Filled(int row, int col) const;

  // The cells of `row` that hold a value, as (column, cell) sorted by column;
  // empty out of range. Cheaper than At() over every column of a wide sheet.
  std::span<const std::pair<int, Cell>> RowCells(int row) const;

  const std::vector<CellRange>& merges() const { return merges_; }
  // The merged area covering the cell, if any.
  const CellRange* MergeAt(int row, int col) const;

 private:
  friend class SheetBuilder;
  Sheet() = default;

  struct Row {
    std::vector<std::pair<int, Cell>> cells;  // sorted by column
    std::vector<int> merge_ids;  // merges_ indices covering this row
  };

  std::string name_;
  std::vector<Row> rows_;
  int col_count_ = 0;
  std::vector<CellRange> merges_;
  // Text storage the cells point into.
  std::shared_ptr<const std::vector<std::string>> shared_strings_;
  std::deque<std::string> own_strings_;
};

class Workbook {
 public:
  // Reads the workbook's structure (sheets, shared strings, styles). Sheets
  // are parsed on demand by ReadSheet.
  [[nodiscard]] static absl::StatusOr<Workbook> FromBytes(std::string bytes);
  [[nodiscard]] static absl::StatusOr<Workbook> Open(const std::string& path);

  Workbook(Workbook&&) noexcept;
  Workbook& operator=(Workbook&&) noexcept;
  ~Workbook();

  // Worksheet names in workbook order (chart sheets excluded).
  std::vector<std::string> sheet_names() const;

  [[nodiscard]] absl::StatusOr<Sheet> ReadSheet(absl::string_view name) const;
  [[nodiscard]] absl::StatusOr<Sheet> ReadSheet(int index) const;

  // True when dates count from 1904 (old Mac workbooks).
  bool date1904() const;

 private:
  struct Impl;
  explicit Workbook(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace zwgk::catalog::xlsx

#endif  // ZWGK_CATALOG_XLSX_READER_H_
