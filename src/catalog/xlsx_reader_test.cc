#include "catalog/xlsx_reader.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "catalog/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::catalog::xlsx {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing_util::MakeZip;
using testing_util::MinimalXlsx;
using testing_util::SheetXml;
using testing_util::XlsxBuilder;

std::string StatusMessage(const absl::Status& s) {
  return std::string(s.message());
}

// Reads the only sheet of `bytes`, failing the test on error.
Sheet ReadOnly(std::string bytes) {
  absl::StatusOr<Workbook> wb = Workbook::FromBytes(std::move(bytes));
  EXPECT_TRUE(wb.ok()) << wb.status();
  absl::StatusOr<Sheet> sheet = wb->ReadSheet(0);
  EXPECT_TRUE(sheet.ok()) << sheet.status();
  return *std::move(sheet);
}

TEST(ReferenceTest, ColumnNames) {
  EXPECT_EQ(ColumnName(0), "A");
  EXPECT_EQ(ColumnName(25), "Z");
  EXPECT_EQ(ColumnName(26), "AA");
  EXPECT_EQ(ColumnName(701), "ZZ");
  EXPECT_EQ(ColumnName(16383), "XFD");
}

TEST(ReferenceTest, CellRefs) {
  EXPECT_EQ(ParseCellRef("A1"), std::make_pair(0, 0));
  EXPECT_EQ(ParseCellRef("$B$3"), std::make_pair(2, 1));
  EXPECT_EQ(ParseCellRef("xfd1048576"), std::make_pair(1048575, 16383));
  for (const char* bad :
       {"", "A", "1", "A0", "1A", "A1B", "XFE1", "A1048577", "A-1"}) {
    EXPECT_FALSE(ParseCellRef(bad).has_value()) << bad;
  }
  EXPECT_EQ(ParseRangeRef("C3:A1"), (CellRange{0, 0, 2, 2}));
  EXPECT_EQ(ParseRangeRef("B2"), (CellRange{1, 1, 1, 1}));
  EXPECT_FALSE(ParseRangeRef("A1:").has_value());
  EXPECT_EQ((CellRange{0, 1, 9, 3}).ToA1(), "B1:D10");
}

TEST(CellTest, TextAndDates) {
  struct Case {
    Cell cell;
    std::string text;
  };
  const Case cases[] = {
      {{.type = CellType::kNumber, .number = 12}, "12"},
      {{.type = CellType::kNumber, .number = -3.5}, "-3.5"},
      {{.type = CellType::kNumber, .number = 0.1}, "0.1"},
      {{.type = CellType::kBoolean, .number = 1}, "TRUE"},
      {{.type = CellType::kDate, .number = 1}, "1900-01-01"},
      {{.type = CellType::kDate, .number = 59}, "1900-02-28"},
      {{.type = CellType::kDate, .number = 61}, "1900-03-01"},
      {{.type = CellType::kDate, .number = 45292}, "2024-01-01"},
      {{.type = CellType::kDate, .number = 45292.5}, "2024-01-01 12:00:00"},
      {{.type = CellType::kString, .text = "文本"}, "文本"},
      {{}, ""},
  };
  for (const Case& c : cases) EXPECT_EQ(c.cell.Text(), c.text) << c.text;
  EXPECT_FALSE(
      (Cell{.type = CellType::kDate, .number = -1}).DateTime().has_value());
  EXPECT_FALSE(
      (Cell{.type = CellType::kDate, .number = 60}).DateTime().has_value());
  EXPECT_TRUE((Cell{.type = CellType::kString, .text = " \u3000\n"}).blank());
  EXPECT_FALSE((Cell{.type = CellType::kString, .text = " x"}).blank());
}

TEST(WorkbookTest, ReadsWhatLibxlsxwriterWrites) {
  XlsxBuilder b;
  lxw_worksheet* first = b.AddSheet("封面");
  worksheet_write_string(first, 0, 0, "说明", nullptr);
  lxw_worksheet* ws = b.AddSheet("目录");
  lxw_format* date = workbook_add_format(b.workbook());
  format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
  worksheet_merge_range(ws, 0, 0, 0, 3, "标题", nullptr);
  worksheet_write_string(ws, 1, 0, "多行\n文本", nullptr);
  worksheet_write_number(ws, 1, 1, 12, nullptr);
  worksheet_write_number(ws, 1, 2, 3.25, nullptr);
  worksheet_write_boolean(ws, 1, 3, 1, nullptr);
  lxw_datetime dt = {
      .year = 2024, .month = 5, .day = 1, .hour = 0, .min = 0, .sec = 0};
  worksheet_write_datetime(ws, 2, 0, &dt, date);
  lxw_format* bold = workbook_add_format(b.workbook());
  format_set_bold(bold);
  char text1[] = "《条例》";
  char text2[] = "第二十条";
  lxw_rich_string_tuple run1 = {.format = bold, .string = text1};
  lxw_rich_string_tuple run2 = {.format = nullptr, .string = text2};
  lxw_rich_string_tuple* runs[] = {&run1, &run2, nullptr};
  worksheet_write_rich_string(ws, 2, 1, runs, nullptr);
  worksheet_merge_range(ws, 3, 0, 5, 0, "一级事项", nullptr);
  worksheet_write_string(ws, 5, 1, "最后", nullptr);

  absl::StatusOr<Workbook> wb = Workbook::FromBytes(b.Finish());
  ASSERT_TRUE(wb.ok()) << wb.status();
  EXPECT_THAT(wb->sheet_names(), ElementsAre("封面", "目录"));
  EXPECT_FALSE(wb->date1904());
  absl::StatusOr<Sheet> sheet = wb->ReadSheet("目录");
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  const Sheet& s = *sheet;
  EXPECT_EQ(s.name(), "目录");
  EXPECT_EQ(s.row_count(), 6);
  EXPECT_EQ(s.col_count(), 4);
  EXPECT_EQ(s.At(0, 0).text, "标题");
  EXPECT_TRUE(s.At(0, 2).blank());
  EXPECT_EQ(s.Filled(0, 2).text, "标题");
  EXPECT_EQ(s.At(1, 0).text, "多行\n文本");
  EXPECT_EQ(s.At(1, 1).type, CellType::kNumber);
  EXPECT_EQ(s.At(1, 1).Text(), "12");
  EXPECT_EQ(s.At(1, 2).number, 3.25);
  EXPECT_EQ(s.At(1, 3).type, CellType::kBoolean);
  EXPECT_EQ(s.At(1, 3).Text(), "TRUE");
  EXPECT_EQ(s.At(2, 0).type, CellType::kDate);
  EXPECT_EQ(s.At(2, 0).Text(), "2024-05-01");
  EXPECT_EQ(s.At(2, 1).text, "《条例》第二十条");
  EXPECT_EQ(s.Filled(4, 0).text, "一级事项");
  EXPECT_EQ(s.Filled(5, 0).text, "一级事项");
  EXPECT_EQ(s.Filled(5, 1).text, "最后");
  ASSERT_NE(s.MergeAt(4, 0), nullptr);
  EXPECT_EQ(s.MergeAt(4, 0)->ToA1(), "A4:A6");
  EXPECT_EQ(s.MergeAt(4, 1), nullptr);
  EXPECT_EQ(s.merges().size(), 2u);
  // Out of range reads are empty, never a crash.
  EXPECT_TRUE(s.At(-1, 0).blank());
  EXPECT_TRUE(s.At(100, 100).blank());
  EXPECT_TRUE(s.Filled(0, -5).blank());

  absl::StatusOr<Sheet> missing = wb->ReadSheet("其他");
  EXPECT_TRUE(absl::IsNotFound(missing.status()));
  EXPECT_THAT(StatusMessage(missing.status()), HasSubstr("“封面”、“目录”"));
  EXPECT_TRUE(absl::IsNotFound(wb->ReadSheet(2).status()));
}

TEST(WorkbookTest, ReadsHandWrittenParts) {
  MinimalXlsx x;
  x.shared_strings_xml =
      R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
      R"(<si><t>共享</t></si>)"
      R"(<si><r><t>富</t></r><r><rPr><b/></rPr><t xml:space="preserve">文本 </t></r><rPh><t>フリガナ</t></rPh></si>)"
      R"(<si><t xml:space="preserve"> </t></si>)"
      R"(<si><t>换_x000D_行</t></si></sst>)";
  x.styles_xml =
      R"(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
      R"(<numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/>)"
      R"(<numFmt numFmtId="165" formatCode="0.00E+00"/><numFmt numFmtId="166" formatCode="[Red]0.00"/>)"
      R"(<numFmt numFmtId="167" formatCode="[h]:mm"/></numFmts>)"
      R"(<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/>)"
      R"(<xf numFmtId="166"/><xf numFmtId="167"/></cellXfs></styleSheet>)";
  // Cells without r attributes follow the previous one; rows too.
  x.sheet_xml = SheetXml(
      R"(<row r="1"><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c t="s"><v>3</v></c></row>)"
      R"(<row><c r="B2" t="inlineStr"><is><t>内联</t></is></c><c t="str"><f>A1</f><v>公式</v></c>)"
      R"(<c t="e"><v>#N/A</v></c><c t="b"><v>0</v></c><c r="G2" s="3"><v>1</v></c></row>)"
      R"(<row r="3"><c r="A3" s="1"><v>45292</v></c><c r="B3" s="2"><v>45292</v></c>)"
      R"(<c r="C3" s="4"><v>45292</v></c><c r="D3" s="5"><v>0.5</v></c><c r="E3" t="d"><v>2024-02-29</v></c>)"
      R"(<c r="F3" s="9"><v>7</v></c><c r="G3" s="1"/></row>)");
  const Sheet s = ReadOnly(x.Build());
  EXPECT_EQ(s.At(0, 0).text, "共享");
  EXPECT_EQ(s.At(0, 1).text, "富文本 ");
  EXPECT_EQ(s.At(0, 2).text, " ");
  EXPECT_EQ(s.At(0, 3).text, "换\r行");
  EXPECT_EQ(s.At(1, 1).text, "内联");
  EXPECT_EQ(s.At(1, 2).text, "公式");
  EXPECT_EQ(s.At(1, 3).type, CellType::kError);
  EXPECT_EQ(s.At(1, 3).text, "#N/A");
  EXPECT_EQ(s.At(1, 4).Text(), "FALSE");
  EXPECT_EQ(s.At(1, 6).type, CellType::kNumber);  // 0.00E+00 is not a date
  EXPECT_EQ(s.At(2, 0).Text(), "2024-01-01");
  EXPECT_EQ(s.At(2, 1).type, CellType::kDate);
  EXPECT_EQ(s.At(2, 2).type, CellType::kNumber);  // [Red] is a colour
  EXPECT_EQ(s.At(2, 3).type, CellType::kDate);    // [h] is elapsed time
  EXPECT_EQ(s.At(2, 4).Text(), "2024-02-29");
  EXPECT_EQ(s.At(2, 5).type, CellType::kNumber);  // unknown style index
  EXPECT_TRUE(s.At(2, 6).blank());                // styled but empty
  EXPECT_EQ(s.col_count(), 7);
}

TEST(WorkbookTest, PrefixedNamespacesAndDate1904) {
  MinimalXlsx x;
  x.workbook_pr = R"(<workbookPr date1904="1"/>)";
  x.styles_xml =
      R"(<x:styleSheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
      R"(<x:cellXfs><x:xf numFmtId="0"/><x:xf numFmtId="14"/></x:cellXfs></x:styleSheet>)";
  x.sheet_xml =
      R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
      R"(<x:sheetData><x:row r="1"><x:c r="A1" s="1"><x:v>0</x:v></x:c>)"
      R"(<x:c r="B1" t="inlineStr"><x:is><x:t>甲</x:t></x:is></x:c></x:row></x:sheetData>)"
      R"(<x:mergeCells count="1"><x:mergeCell ref="B1:C1"/></x:mergeCells></x:worksheet>)";
  absl::StatusOr<Workbook> wb = Workbook::FromBytes(x.Build());
  ASSERT_TRUE(wb.ok()) << wb.status();
  EXPECT_TRUE(wb->date1904());
  absl::StatusOr<Sheet> s = wb->ReadSheet(0);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->At(0, 0).Text(), "1904-01-01");
  EXPECT_EQ(s->At(0, 1).text, "甲");
  EXPECT_THAT(s->merges(), ElementsAre(CellRange{0, 1, 0, 2}));
}

TEST(WorkbookTest, UnsortedAndRepeatedCells) {
  MinimalXlsx x;
  x.sheet_xml = SheetXml(
      R"(<row r="2"><c r="C2"><v>3</v></c><c r="A2"><v>1</v></c><c r="C2"><v>4</v></c></row>)"
      R"(<row r="1"><c r="B1"><v>9</v></c></row>)",
      R"(<mergeCells><mergeCell ref="A1:A1048576"/></mergeCells>)");
  const Sheet s = ReadOnly(x.Build());
  EXPECT_EQ(s.At(1, 0).Text(), "1");
  EXPECT_EQ(s.At(1, 2).Text(), "4");  // the later duplicate wins
  EXPECT_EQ(s.At(0, 1).Text(), "9");
  EXPECT_EQ(s.row_count(), 2);  // a merge to the sheet's end adds no rows
  // Inside a merged area only its top-left value shows, as in Excel.
  EXPECT_EQ(s.Filled(1, 0).Text(), "");
}

TEST(WorkbookTest, LargeSheetsAreReadInChunks) {
  std::string rows;
  for (int r = 1; r <= 30000; ++r) {
    absl::StrAppend(&rows, "<row r=\"", r, "\"><c r=\"A", r, "\"><v>", r,
                    "</v></c><c r=\"B", r, "\" t=\"inlineStr\"><is><t>行&amp;",
                    r, "</t></is></c></row>");
  }
  ASSERT_GT(rows.size(), 2u << 20);  // several chunks
  MinimalXlsx x;
  x.sheet_xml =
      SheetXml(rows, R"(<mergeCells><mergeCell ref="C1:C3"/></mergeCells>)");
  const Sheet s = ReadOnly(x.Build());
  EXPECT_EQ(s.row_count(), 30000);
  EXPECT_EQ(s.At(29999, 0).number, 30000);
  EXPECT_EQ(s.At(12345, 1).text, "行&12346");
  EXPECT_THAT(s.merges(), ElementsAre(CellRange{0, 2, 2, 2}));
  ASSERT_EQ(s.RowCells(7).size(), 2u);
  EXPECT_EQ(s.RowCells(7)[1].first, 1);
  EXPECT_TRUE(s.RowCells(30000).empty());
}

// A chunk boundary that falls inside CDATA makes the chunk unparsable; the
// sheet is then read whole, with the same result.
TEST(WorkbookTest, RowEndInsideCdata) {
  const std::string big(1100000, 'x');
  MinimalXlsx x;
  x.sheet_xml = SheetXml(
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>)" + big +
      R"(<![CDATA[</row><row r="9">]]></t></is></c></row><row r="2"><c r="A2"><v>2</v></c></row>)");
  const Sheet s = ReadOnly(x.Build());
  EXPECT_EQ(s.row_count(), 2);
  const absl::string_view text = s.At(0, 0).text;
  EXPECT_EQ(text.size(), big.size() + 17);
  EXPECT_TRUE(text == big + R"(</row><row r="9">)") << text.substr(big.size());
  EXPECT_EQ(s.At(1, 0).number, 2);
}

TEST(SheetTest, FromRows) {
  const Sheet s = Sheet::FromRows("CSV", {{"a", "", "c"}, {}, {"d"}});
  EXPECT_EQ(s.row_count(), 3);
  EXPECT_EQ(s.col_count(), 3);
  EXPECT_EQ(s.At(0, 2).text, "c");
  EXPECT_TRUE(s.At(0, 1).blank());
  EXPECT_EQ(s.At(2, 0).text, "d");
}

struct MalformedCase {
  std::string name;
  std::string bytes;
  std::string message;  // a substring of the error
};

std::vector<MalformedCase> MalformedCases() {
  XlsxBuilder b;
  worksheet_write_string(b.AddSheet("S"), 0, 0, "text", nullptr);
  const std::string valid = b.Finish();
  // Flip bytes in the sheet's compressed data (an inflate or CRC error).
  std::string corrupted = valid;
  const size_t name = corrupted.find("xl/worksheets/sheet1.xml");
  const auto extra = static_cast<uint8_t>(corrupted[name - 2]);
  const size_t data =
      name + std::string("xl/worksheets/sheet1.xml").size() + extra;
  for (size_t i = data + 2; i < data + 12; ++i) corrupted[i] ^= 0x5A;

  auto with_sheet = [](std::string sheet_data, std::string extra = "") {
    MinimalXlsx x;
    x.sheet_xml = SheetXml(sheet_data, extra);
    x.shared_strings_xml = R"(<sst><si><t>a</t></si></sst>)";
    return x.Build();
  };
  MinimalXlsx broken_xml;
  broken_xml.sheet_xml = "<worksheet><sheetData><row><c>";
  MinimalXlsx broken_strings;
  broken_strings.sheet_xml = SheetXml("");
  broken_strings.shared_strings_xml = "<sst><si><t>a</si>";

  return {
      {"empty", "", "不是有效的 XLSX 文件"},
      {"text", "hello, world", "不是有效的 XLSX 文件"},
      {"xls",
       std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) +
           std::string(600, '\0'),
       ".xls"},
      {"truncated", valid.substr(0, valid.size() / 2), "不是有效的 XLSX 文件"},
      {"no workbook", MakeZip({{"hello.txt", "hi"}}),
       "缺少工作簿部件 xl/workbook.xml"},
      {"no sheets",
       MakeZip({{"xl/workbook.xml", "<workbook><sheets/></workbook>"}}),
       "没有工作表"},
      {"workbook not xml", MakeZip({{"xl/workbook.xml", "<workbook"}}),
       "不是有效的 XML"},
      {"sheet not xml", broken_xml.Build(),
       "xl/worksheets/sheet1.xml 不是有效的 XML"},
      {"strings not xml", broken_strings.Build(),
       "sharedStrings.xml 不是有效的 XML"},
      {"missing sheet part",
       MakeZip(
           {{"xl/workbook.xml",
             R"(<workbook><sheets><sheet name="甲" sheetId="1"/></sheets></workbook>)"}}),
       "工作表“甲”的内容"},
      {"bad shared index",
       with_sheet(R"(<row r="1"><c r="B1" t="s"><v>7</v></c></row>)"),
       "单元格B1引用了不存在的共享字符串"},
      {"bad shared text",
       with_sheet(R"(<row r="1"><c r="A1" t="s"><v>x</v></c></row>)"),
       "共享字符串"},
      {"bad cell ref", with_sheet(R"(<row r="1"><c r="A0"><v>1</v></c></row>)"),
       "单元格引用“A0”无效"},
      {"column past XFD",
       with_sheet(R"(<row r="1"><c r="XFE1"><v>1</v></c></row>)"),
       "单元格引用“XFE1”无效"},
      {"bad row", with_sheet(R"(<row r="0"><c><v>1</v></c></row>)"),
       "行号“0”无效"},
      {"bad number", with_sheet(R"(<row r="1"><c r="C1"><v>1,5</v></c></row>)"),
       "单元格C1的数值“1,5”无效"},
      {"bad merge",
       with_sheet("", R"(<mergeCells><mergeCell ref="A1:"/></mergeCells>)"),
       "合并区域“A1:”无效"},
      {"corrupted", corrupted, "已损坏"},
  };
}

TEST(WorkbookTest, MalformedInputIsAnErrorNotACrash) {
  for (const MalformedCase& c : MalformedCases()) {
    absl::StatusOr<Workbook> wb = Workbook::FromBytes(c.bytes);
    absl::Status status = wb.status();
    if (wb.ok()) status = wb->ReadSheet(0).status();
    EXPECT_FALSE(status.ok()) << c.name;
    EXPECT_THAT(StatusMessage(status), HasSubstr(c.message))
        << c.name << ": " << status;
  }
}

TEST(WorkbookTest, OpenReportsMissingFile) {
  absl::StatusOr<Workbook> wb = Workbook::Open("/nonexistent/目录.xlsx");
  EXPECT_TRUE(absl::IsNotFound(wb.status()));
  EXPECT_THAT(StatusMessage(wb.status()), HasSubstr("/nonexistent/目录.xlsx"));
}

}  // namespace
}  // namespace zwgk::catalog::xlsx
