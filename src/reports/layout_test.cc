// The layout every writer renders: each Table 三 row code once with its
// national label and figures, spans that fill every row exactly, the header
// rows counted, the merges of the national format, grids that refuse a bad
// layout, and the body-paragraph rule.
#include "reports/layout.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::reports {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Figures Sample() {
  Figures f;
  for (int r = 0; r < kTable3Rows; ++r)
    for (int c = 0; c < kColumns; ++c) f.table3.cells[r][c] = r * 10 + c;
  for (int b = 0; b < 3; ++b)
    for (int c = 0; c < 5; ++c) f.table4.blocks[b][c] = 100 + b * 5 + c;
  f.table2.regulations = {1, 2, 3};
  f.table2.normative = {4, 5, 6};
  f.table2.licensing = {1207, "审批系统"};
  f.table2.penalty = {38, ""};
  f.table2.coercion = {9, ""};
  f.table2.fees = {123456, "财政票据"};
  return f;
}

// Grid positions each row covers, counted without Place: its own cells plus
// those a row_span from an earlier row still covers.
std::vector<int> RowWidths(const LayoutTable& t) {
  std::vector<int> widths(t.rows.size(), 0);
  for (size_t r = 0; r < t.rows.size(); ++r)
    for (const LayoutCell& c : t.rows[r])
      for (int dr = 0; dr < c.row_span && r + dr < t.rows.size(); ++dr)
        widths[r + dr] += c.col_span;
  return widths;
}

TEST(ReportsLayoutTest, EveryTableFillsItsGridWithCountedHeaderRows) {
  const std::array<LayoutTable, 3> tables = TableLayouts(Sample());
  struct Case {
    std::string name, sheet, title;
    int columns, rows, header_rows, numbers;
  };
  const std::vector<Case> cases = {
      {"table2", "表二", "二、主动公开政府信息情况", 4, 14, 0, 10},
      {"table3", "表三", "三、收到和处理政府信息公开申请情况", 10, 28, 3,
       kTable3Rows * kColumns},
      {"table4", "表四", "四、政府信息公开行政复议、行政诉讼情况", 15, 4, 3,
       15}};
  ASSERT_EQ(cases.size(), tables.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    const LayoutTable& t = tables[i];
    SCOPED_TRACE(c.name);
    EXPECT_EQ(t.name, c.name);
    EXPECT_EQ(t.sheet, c.sheet);
    EXPECT_EQ(t.title, c.title);
    EXPECT_EQ(t.columns(), c.columns);
    ASSERT_EQ(static_cast<int>(t.rows.size()), c.rows);
    EXPECT_EQ(t.header_rows, c.header_rows);
    for (double w : t.column_widths) EXPECT_GT(w, 0);
    for (size_t r = 0; r < t.rows.size(); ++r)
      EXPECT_EQ(RowWidths(t)[r], c.columns) << "row " << r;
    int numbers = 0;
    for (size_t r = 0; r < t.rows.size(); ++r)
      for (const LayoutCell& cell : t.rows[r]) {
        const bool header_row = static_cast<int>(r) < t.header_rows;
        if (header_row) {
          // Header cells are headings and stay within the header.
          EXPECT_TRUE(cell.kind == CellKind::kHeader ||
                      cell.kind == CellKind::kNote)
              << cell.text;
          EXPECT_LE(static_cast<int>(r) + cell.row_span, t.header_rows)
              << cell.text;
        }
        EXPECT_FALSE(cell.text.empty()) << "row " << r;
        if (cell.kind == CellKind::kNumber) ++numbers;
      }
    EXPECT_EQ(numbers, c.numbers);
    std::optional<Grid> grid = Place(t);
    ASSERT_TRUE(grid.has_value());
    EXPECT_EQ(grid->owner.size(), t.rows.size());
    for (const std::vector<int>& row : grid->owner)
      for (int owner : row) EXPECT_GE(owner, 0);
  }
}

TEST(ReportsLayoutTest, EveryTable3RowOnceWithItsNationalLabelAndFigures) {
  const Figures f = Sample();
  const LayoutTable t = Table3Layout(f.table3);
  std::optional<Grid> grid = Place(t);
  ASSERT_TRUE(grid.has_value());
  std::map<std::string, int> seen;
  for (const PlacedCell& p : grid->cells) ++seen[p.cell.text];
  for (int r = 0; r < kTable3Rows; ++r) {
    SCOPED_TRACE(kRowCodes[r]);
    const int row = t.header_rows + r;
    // The national label, once in the whole table, in this row's label
    // columns.
    EXPECT_EQ(seen[std::string(kRowLabels[r])], 1);
    std::string labels;
    for (int col = 0; col < 3; ++col) {
      const PlacedCell& p = grid->cells[grid->owner[row][col]];
      if (p.row == row) labels += p.cell.text;
    }
    EXPECT_THAT(labels, HasSubstr(std::string(kRowLabels[r])));
    // The seven figures, as text and as numbers, in the applicant columns.
    for (int c = 0; c < kColumns; ++c) {
      const PlacedCell& p = grid->cells[grid->owner[row][3 + c]];
      EXPECT_EQ(p.row, row);
      EXPECT_EQ(p.cell.kind, CellKind::kNumber);
      EXPECT_EQ(p.cell.text, absl::StrCat(f.table3.cells[r][c]));
      EXPECT_EQ(p.cell.value, f.table3.cells[r][c]);
    }
  }
}

TEST(ReportsLayoutTest, MergesFollowTheNationalFormat) {
  const std::array<LayoutTable, 3> tables = TableLayouts(Sample());
  struct Merge {
    int table;
    std::string text;
    int row, col, row_span, col_span;
    CellKind kind;
  };
  const std::vector<Merge> cases = {
      {0, "第二十条第（一）项", 0, 0, 1, 4, CellKind::kHeader},
      {0, "本年处理决定数量", 5, 1, 1, 3, CellKind::kHeader},
      {0, "1207", 6, 1, 1, 3, CellKind::kNumber},
      {0, "行政事业性收费", 13, 0, 1, 1, CellKind::kLabel},
      {1,
       "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
       0, 0, 3, 3, CellKind::kNote},
      {1, "申请人情况", 0, 3, 1, 7, CellKind::kHeader},
      {1, "自然人", 1, 3, 2, 1, CellKind::kHeader},
      {1, "法人或其他组织", 1, 4, 1, 5, CellKind::kHeader},
      {1, "总计", 1, 9, 2, 1, CellKind::kHeader},
      {1, "一、本年新收政府信息公开申请数量", 3, 0, 1, 3, CellKind::kLabel},
      {1, "三、本年度办理结果", 5, 0, 22, 1, CellKind::kHeader},
      {1, "（一）予以公开", 5, 1, 1, 2, CellKind::kLabel},
      {1, "（三）不予公开", 7, 1, 8, 1, CellKind::kLabel},
      {1, "（六）其他处理", 23, 1, 3, 1, CellKind::kLabel},
      {1, "四、结转下年度继续办理", 27, 0, 1, 3, CellKind::kLabel},
      {2, "行政复议", 0, 0, 1, 5, CellKind::kHeader},
      {2, "行政诉讼", 0, 5, 1, 10, CellKind::kHeader},
      {2, "未经复议直接起诉", 1, 5, 1, 5, CellKind::kHeader},
      {2, "复议后起诉", 1, 10, 1, 5, CellKind::kHeader},
  };
  std::array<Grid, 3> grids;
  for (int i = 0; i < 3; ++i) {
    std::optional<Grid> g = Place(tables[i]);
    ASSERT_TRUE(g.has_value()) << i;
    grids[i] = *std::move(g);
  }
  for (const Merge& m : cases) {
    SCOPED_TRACE(m.text);
    const Grid& g = grids[m.table];
    const PlacedCell& p = g.cells[g.owner[m.row][m.col]];
    EXPECT_EQ(p.cell.text, m.text);
    EXPECT_EQ(p.row, m.row);
    EXPECT_EQ(p.col, m.col);
    EXPECT_EQ(p.cell.row_span, m.row_span);
    EXPECT_EQ(p.cell.col_span, m.col_span);
    EXPECT_EQ(p.cell.kind, m.kind);
  }
  // Table 四's outcome headings span the two lower header rows.
  for (int c = 0; c < 5; ++c) {
    const PlacedCell& p = grids[2].cells[grids[2].owner[2][c]];
    EXPECT_EQ(p.row, 1);
    EXPECT_EQ(p.cell.text, kOutcomeLabels[c]);
  }
  // Table 二's block headings stay with their figures.
  EXPECT_THAT(tables[0].keep_with_next, ElementsAre(0, 1, 4, 5, 7, 8, 11, 12));
}

TEST(ReportsLayoutTest, FeesShowWanAndKeepTheExactValue) {
  const LayoutTable t = Table2Layout(Sample().table2);
  const LayoutCell& fees = t.rows.back().back();
  EXPECT_EQ(fees.text, FeesWan(123456));
  EXPECT_DOUBLE_EQ(fees.value, 0.123456);
}

TEST(ReportsLayoutTest, PlaceRefusesABrokenLayout) {
  auto cell = [](int row_span, int col_span) {
    return LayoutCell{.text = "x", .row_span = row_span, .col_span = col_span};
  };
  struct Case {
    std::string name;
    std::vector<std::vector<LayoutCell>> rows;
    bool ok;
  };
  const std::vector<Case> cases = {
      {"fits", {{cell(2, 1), cell(1, 1)}, {cell(1, 1)}}, true},
      {"too wide", {{cell(1, 2), cell(1, 1)}}, false},
      {"too narrow", {{cell(1, 1)}}, false},
      {"covered twice",
       {{cell(2, 1), cell(1, 1)}, {cell(1, 1), cell(1, 1)}},
       false},
      {"spans past the last row", {{cell(2, 2)}}, false},
      {"empty span", {{cell(1, 0), cell(1, 2)}}, false},
  };
  for (const Case& c : cases) {
    const LayoutTable t{.column_widths = {1, 1}, .rows = c.rows};
    EXPECT_EQ(Place(t).has_value(), c.ok) << c.name;
  }
}

TEST(ReportsLayoutTest, BodyParagraphsOnePerNonEmptyLine) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"", {"无。"}},
      {" \n\t\n", {"无。"}},
      {"一段", {"一段"}},
      {"  第一段 \r\n\n第二段\n", {"第一段", "第二段"}},
      {"a\nb\nc", {"a", "b", "c"}}};
  for (const auto& [text, want] : cases)
    EXPECT_EQ(BodyParagraphs(text), want) << text;
}

TEST(ReportsLayoutTest, TitleAndCorrectionNote) {
  Report r{.year = 2025, .body_name = "县民政局"};
  EXPECT_EQ(ReportTitle(r), "县民政局2025年政府信息公开工作年度报告");
  EXPECT_EQ(CorrectionNote(r), "");
  r.note = "更正表二";
  EXPECT_EQ(CorrectionNote(r), "");  // version 1 is not a correction
  r.version = 2;
  EXPECT_EQ(CorrectionNote(r), "（更正版本2：更正表二）");
  r.note.clear();
  EXPECT_EQ(CorrectionNote(r), "");
}

}  // namespace
}  // namespace zwgk::reports
