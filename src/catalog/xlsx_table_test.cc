#include "catalog/xlsx_table.h"

#include <string>
#include <vector>

#include "catalog/test_util.h"
#include "core/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::catalog::xlsx {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing_util::XlsxBuilder;

std::string TwoSheets() {
  XlsxBuilder b;
  lxw_worksheet* cover = b.AddSheet("封面");
  worksheet_write_string(cover, 0, 0, "说明", nullptr);
  lxw_worksheet* ws = b.AddSheet("清单");
  worksheet_write_string(ws, 0, 0, "\u3000事项名称 ", nullptr);
  worksheet_write_string(ws, 0, 1, "环节", nullptr);
  worksheet_merge_range(ws, 1, 0, 2, 0, "殡葬设施建设审批", nullptr);
  worksheet_write_string(ws, 1, 1, "受理", nullptr);
  worksheet_write_number(ws, 2, 1, 20, nullptr);
  return b.Finish();
}

TEST(XlsxTableTest, ReadsTheNamedSheetWithMergedAreasFilled) {
  absl::StatusOr<Table> t = ReadTable(TwoSheets(), {.sheet = "清单"});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_TRUE(t->found);
  EXPECT_EQ(t->sheet, "清单");
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(ColumnOf(t->rows[0], {"名称", "事项名称"}), 0);
  EXPECT_EQ(ColumnOf(t->rows[0], {"公开属性"}), -1);
  EXPECT_EQ(CellAt(t->rows[2], 0), "殡葬设施建设审批");  // merged
  EXPECT_EQ(CellAt(t->rows[2], 1), "20");
  EXPECT_EQ(CellAt(t->rows[2], 7), "");
  EXPECT_EQ(CellAt(t->rows[2], -1), "");
}

TEST(XlsxTableTest, AMissingSheetIsTheFirstOrNotFound) {
  absl::StatusOr<Table> first = ReadTable(TwoSheets(), {.sheet = "办事统计"});
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->sheet, "封面");
  absl::StatusOr<Table> none =
      ReadTable(TwoSheets(), {.sheet = "办事统计", .first_if_missing = false});
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_FALSE(none->found);
  EXPECT_TRUE(none->rows.empty());
}

TEST(XlsxTableTest, BoundsAndBadFilesAreNamedOnTheFileField) {
  absl::StatusOr<Table> many =
      ReadTable(TwoSheets(), {.sheet = "清单", .max_rows = 1});
  ASSERT_TRUE(absl::IsInvalidArgument(many.status()));
  EXPECT_THAT(GetFieldErrors(many.status())["file"],
              HasSubstr("工作表“清单”不能超过1行"));
  absl::StatusOr<Table> narrow =
      ReadTable(TwoSheets(), {.sheet = "清单", .max_cols = 1});
  ASSERT_TRUE(narrow.ok());
  EXPECT_THAT(narrow->rows[1], ElementsAre("殡葬设施建设审批"));
  absl::StatusOr<Table> bad = ReadTable("PK\x03\x04 not a zip", {});
  ASSERT_TRUE(absl::IsInvalidArgument(bad.status()));
  EXPECT_THAT(GetFieldErrors(bad.status())["file"],
              HasSubstr("不是 Excel 工作簿"));
}

// An upload is a workbook (its first sheet) or UTF-8 CSV, bounded the same.
TEST(XlsxTableTest, AnUploadIsAWorkbookOrUtf8Csv) {
  auto rows = ReadUploadedTable("清单.xlsx", TwoSheets(), {}, "名单");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_THAT((*rows)[0], ElementsAre("说明"));  // the first sheet
  rows = ReadUploadedTable("名单.csv",
                           "主管部门,名称,行业\n县教育局,城关小学,教育\n",
                           {.max_cols = 2}, "名单");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_THAT((*rows)[1], ElementsAre("县教育局", "城关小学"));

  // 城关 in GBK, as Excel saves a "CSV" on a Chinese Windows.
  auto gbk = ReadUploadedTable("名单.csv", "\xB3\xC7\xB9\xD8,1\n", {}, "名单");
  ASSERT_TRUE(absl::IsInvalidArgument(gbk.status()));
  EXPECT_THAT(GetFieldErrors(gbk.status())["file"],
              HasSubstr("“名单.csv”请另存为"));
  auto many =
      ReadUploadedTable("名单.csv", "名称\n甲\n乙\n", {.max_rows = 1}, "名单");
  ASSERT_TRUE(absl::IsInvalidArgument(many.status()));
  EXPECT_THAT(GetFieldErrors(many.status())["file"],
              HasSubstr("名单不能超过1行"));
}

TEST(XlsxTableTest, CleanCellTrimsChineseSpacesAndDropsControls) {
  EXPECT_EQ(CleanCell("\u3000 受理\u3000"), "受理");
  EXPECT_EQ(CleanCell("a\r\nb\x01\rc"), "a\nb\nc");
  EXPECT_EQ(CleanCell("\xff"
                      "x"),
            "\uFFFDx");
}

}  // namespace
}  // namespace zwgk::catalog::xlsx
