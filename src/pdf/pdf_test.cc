// The PDF writer: valid PDF bytes, embedded CJK font subsets with
// ToUnicode, long text flowing onto further pages, and tables breaking
// across pages between rows with their (merged) header repeated, read back
// per page with poppler.
#include "pdf/pdf.h"

#include <regex>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pdf/testing.h"

namespace zwgk::pdf {
namespace {

int CountPages(const std::string& pdf) {
  std::regex page("/Type\\s*/Page[^s]");
  return static_cast<int>(
      std::distance(std::sregex_iterator(pdf.begin(), pdf.end(), page),
                    std::sregex_iterator()));
}

TEST(PdfTest, WritesChineseTextWithAnEmbeddedSubsetFont) {
  auto pdf = Render(
      {{Style::kTitle, "政府信息公开申请答复书"},
       {Style::kPlain, "张三："},
       {Style::kBody, "本机关于2026年2月2日收到您提出的政府信息公开申请。"},
       {Style::kRight, "2026年4月8日"}},
      {.title = "答复书"});
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
  EXPECT_NE(pdf->find("NotoSansCJK"), std::string::npos);
  EXPECT_NE(pdf->find("/ToUnicode"), std::string::npos);
  EXPECT_NE(pdf->find("/FontFile"), std::string::npos);
  EXPECT_EQ(CountPages(*pdf), 1);
}

TEST(PdfTest, LongTextContinuesOnTheNextPages) {
  std::string long_text;
  for (int i = 0; i < 400; ++i) long_text += "依申请公开答复期限按工作日计算。";
  auto short_pdf = Render({{Style::kBody, "一页"}});
  auto long_pdf = Render({{Style::kTitle, "标题"}, {Style::kBody, long_text}});
  ASSERT_TRUE(short_pdf.ok() && long_pdf.ok());
  EXPECT_EQ(CountPages(*short_pdf), 1);
  // 6400 characters at 12 pt, ~37 per line, ~25 lines a page: 7 pages.
  EXPECT_GE(CountPages(*long_pdf), 5);
  EXPECT_LE(CountPages(*long_pdf), 9);
}

using ::testing::HasSubstr;
using ::testing::Not;
using testing::PageTexts;
using testing::Squeezed;

int Occurrences(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + what.size()))
    ++n;
  return n;
}

// Two header rows with merged cells (like the 年报's Table 三): 项目 spans
// both rows, 申请人情况 spans three columns above 自然人 | 法人 | 总计.
Table LongTable(int rows, int lines_per_row = 1) {
  Table t{.column_widths = {3, 1, 1, 1}, .header_rows = 2};
  t.rows.push_back({{.text = "项目", .row_span = 2, .bold = true},
                    {.text = "申请人情况", .col_span = 3, .bold = true}});
  t.rows.push_back({{.text = "自然人"}, {.text = "法人"}, {.text = "总计"}});
  for (int i = 0; i < rows; ++i) {
    std::string label = absl::StrCat("第", i, "行起");
    for (int l = 1; l < lines_per_row; ++l) label += "\n续";
    label += absl::StrCat("第", i, "行止");
    t.rows.push_back({{.text = label, .align = Align::kLeft},
                      {.text = absl::StrCat(i)},
                      {.text = "0", .align = Align::kRight},
                      {.text = absl::StrCat(i)}});
  }
  return t;
}

TEST(PdfTableTest, BreaksBetweenRowsAndRepeatsTheMergedHeader) {
  constexpr int kRows = 120;
  auto pdf =
      RenderDocument({Paragraph{Style::kTitle, "表格"}, LongTable(kRows)},
                     {.page_numbers = true});
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
  std::vector<std::string> pages = PageTexts(*pdf);
  ASSERT_EQ(static_cast<int>(pages.size()), CountPages(*pdf));
  ASSERT_GE(pages.size(), 3u);

  std::vector<int> rows_on(pages.size());
  int next = 0;  // every row once, in order, never split between pages
  for (size_t p = 0; p < pages.size(); ++p) {
    const std::string text = Squeezed(pages[p]);
    // The header on every page, each merged cell once.
    EXPECT_EQ(Occurrences(text, "申请人情况"), 1) << "page " << p + 1;
    EXPECT_EQ(Occurrences(text, "项目"), 1) << "page " << p + 1;
    for (const char* h : {"自然人", "法人", "总计"})
      EXPECT_THAT(text, HasSubstr(h)) << "page " << p + 1;
    EXPECT_THAT(
        text, HasSubstr(absl::StrCat("第", p + 1, "页共", pages.size(), "页")));
    while (next < kRows &&
           text.find(absl::StrCat("第", next, "行起")) != std::string::npos) {
      EXPECT_THAT(text, HasSubstr(absl::StrCat("第", next, "行止")))
          << "row " << next << " split at page " << p + 1;
      ++next;
      ++rows_on[p];
    }
  }
  EXPECT_EQ(next, kRows);
  // Full pages hold the same number of rows (the first also has the
  // title); the page count follows from it.
  const int per_page = rows_on[1];
  ASSERT_GT(per_page, 10);
  for (size_t p = 1; p + 1 < pages.size(); ++p)
    EXPECT_EQ(rows_on[p], per_page) << "page " << p + 1;
  EXPECT_LE(rows_on[0], per_page);
  EXPECT_EQ(pages.size(), 1 + (kRows - rows_on[0] + per_page - 1) / per_page);
}

TEST(PdfTableTest, TallRowsMoveWholeToTheNextPage) {
  // Rows of six lines: a page break would cut one unless rows move whole.
  auto pdf = RenderDocument({LongTable(40, 6)});
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  std::vector<std::string> pages = PageTexts(*pdf);
  ASSERT_GE(pages.size(), 2u);
  int seen = 0;
  for (const std::string& page : pages) {
    const std::string text = Squeezed(page);
    EXPECT_THAT(text, HasSubstr("申请人情况"));
    for (int i = 0; i < 40; ++i) {
      const bool starts =
          text.find(absl::StrCat("第", i, "行起")) != std::string::npos;
      const bool ends =
          text.find(absl::StrCat("第", i, "行止")) != std::string::npos;
      EXPECT_EQ(starts, ends) << "row " << i;
      seen += starts;
    }
  }
  EXPECT_EQ(seen, 40);
}

TEST(PdfTableTest, ABlockHeadingRowStaysWithTheRowAfterIt) {
  // Blocks of a heading row and four rows; at some break a heading would
  // otherwise end a page (checked by the control without keep_with_next).
  auto make = [](bool keep) {
    Table t{.column_widths = {1, 1}};
    for (int b = 0; b < 40; ++b) {
      if (keep) t.keep_with_next.push_back(static_cast<int>(t.rows.size()));
      t.rows.push_back(
          {{.text = absl::StrCat("组", b, "标题"), .col_span = 2}});
      for (int i = 0; i < 4; ++i)
        t.rows.push_back(
            {{.text = absl::StrCat("组", b, "项", i)}, {.text = "0"}});
    }
    return t;
  };
  auto orphans = [](const std::string& pdf) {
    int n = 0;
    for (const std::string& page : PageTexts(pdf)) {
      const std::string text = Squeezed(page);
      for (int b = 0; b < 40; ++b)
        if (text.find(absl::StrCat("组", b, "标题")) != std::string::npos &&
            text.find(absl::StrCat("组", b, "项0")) == std::string::npos)
          ++n;
    }
    return n;
  };
  int with_orphans = 0;
  // Shifting the table down line by line moves the breaks across blocks.
  for (int lines = 0; lines < 5; ++lines) {
    std::vector<Block> plain, kept;
    for (int l = 0; l < lines; ++l) {
      plain.push_back(Paragraph{Style::kPlain, "前文"});
      kept.push_back(Paragraph{Style::kPlain, "前文"});
    }
    plain.push_back(make(false));
    kept.push_back(make(true));
    auto a = RenderDocument(plain);
    auto b = RenderDocument(kept);
    ASSERT_TRUE(a.ok() && b.ok());
    with_orphans += orphans(*a);
    EXPECT_EQ(orphans(*b), 0) << lines << " lines before";
  }
  EXPECT_GT(with_orphans, 0);  // the control: the test can see an orphan
}

TEST(PdfTableTest, ARowSpanCutByABreakShowsOnBothPages) {
  Table t{.column_widths = {1, 3, 1}, .header_rows = 1};
  t.rows.push_back({{.text = "组"}, {.text = "事项"}, {.text = "数量"}});
  t.rows.push_back({{.text = "本年度办理结果", .row_span = 80},
                    {.text = "事项0"},
                    {.text = "0"}});
  for (int i = 1; i < 80; ++i)
    t.rows.push_back({{.text = absl::StrCat("事项", i)}, {.text = "1"}});
  auto pdf = RenderDocument({t});
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  std::vector<std::string> pages = PageTexts(*pdf);
  ASSERT_GE(pages.size(), 2u);
  for (const std::string& page : pages) {
    EXPECT_THAT(Squeezed(page), HasSubstr("本年度办理结果"));
    EXPECT_THAT(Squeezed(page), HasSubstr("事项"));
  }
}

TEST(PdfTableTest, ARowTallerThanAPageIsSplit) {
  std::string long_text = "开始";
  for (int i = 0; i < 300; ++i) long_text += "依申请公开答复期限按工作日计算。";
  long_text += "结束";
  Table t{.column_widths = {1, 4}, .header_rows = 1};
  t.rows.push_back({{.text = "表头甲"}, {.text = "表头乙"}});
  t.rows.push_back({{.text = "前一行"}, {.text = "短"}});
  t.rows.push_back(
      {{.text = "长行"}, {.text = long_text, .align = Align::kLeft}});
  t.rows.push_back({{.text = "后一行"}, {.text = "短"}});
  auto pdf = RenderDocument({t}, {.page_numbers = true});
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  std::vector<std::string> pages = PageTexts(*pdf);
  ASSERT_GE(pages.size(), 3u);
  EXPECT_THAT(Squeezed(pages[0]), HasSubstr("前一行"));
  EXPECT_THAT(Squeezed(pages[0]), Not(HasSubstr("开始")));  // moved on
  EXPECT_THAT(Squeezed(pages[1]), HasSubstr("开始"));
  EXPECT_THAT(Squeezed(pages.back()), HasSubstr("后一行"));
  std::string all;
  for (const std::string& p : pages) {
    EXPECT_THAT(Squeezed(p), HasSubstr("表头甲"));
    all += Squeezed(p);
  }
  EXPECT_THAT(all, HasSubstr("结束"));
}

TEST(PdfTableTest, RefusesCellsThatDoNotFitTheColumns) {
  struct Case {
    const char* name;
    Table table;
  } cases[] = {
      {"too many cells", {.column_widths = {1, 1}, .rows = {{{}, {}, {}}}}},
      {"colspan past the edge",
       {.column_widths = {1, 1}, .rows = {{{}, {.col_span = 2}}}}},
      {"rowspan past the end",
       {.column_widths = {1, 1}, .rows = {{{.row_span = 3}, {}}, {{}}}}},
      {"header spanning into the body",
       {.column_widths = {1},
        .rows = {{{.row_span = 2}}, {}},
        .header_rows = 1}},
      {"no columns", {.rows = {{{}}}}},
  };
  for (const Case& c : cases) {
    auto pdf = RenderDocument({c.table});
    EXPECT_EQ(pdf.status().code(), absl::StatusCode::kInvalidArgument)
        << c.name;
  }
  // The same shapes that fit are fine.
  EXPECT_TRUE(RenderDocument({Table{.column_widths = {1, 1},
                                    .rows = {{{.row_span = 2}, {}}, {{}}}}})
                  .ok());
}

}  // namespace
}  // namespace zwgk::pdf

namespace zwgk::pdf {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::PageTexts;
using testing::Squeezed;

std::string LongText(absl::string_view mark, int sentences) {
  std::string text = absl::StrCat(mark, "起");
  for (int i = 0; i < sentences; ++i) text += "办事指南按工作日计算办结时限。";
  return absl::StrCat(text, mark, "止");
}

// A small book: a cover, then three sections, each on its own page with
// its name in the header; the second spans pages.
std::vector<Block> Book() {
  std::vector<Block> b = {Paragraph{Style::kTitle, "封面"}};
  const char* names[] = {"甲节", "乙节", "丙节"};
  for (int s = 0; s < 3; ++s) {
    b.push_back(PageBreak{});
    b.push_back(RunningHeader{absl::StrCat(names[s], "页眉")});
    b.push_back(Anchor{});
    b.push_back(Paragraph{Style::kHeading, absl::StrCat(names[s], "标题")});
    b.push_back(Paragraph{Style::kBody, LongText(names[s], s == 1 ? 200 : 5)});
  }
  return b;
}

TEST(PdfBookTest, SectionsStartOnNewPagesWithTheirHeaderAndAnchor) {
  PageMap map;
  auto pdf = RenderDocument(Book(),
                            {.page_numbers = true,
                             .page_number_format = "— $0 —",
                             .first_numbered_page = 2},
                            &map);
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  std::vector<std::string> pages = PageTexts(*pdf);
  ASSERT_EQ(static_cast<int>(pages.size()), map.pages);
  ASSERT_EQ(map.anchors.size(), 3u);
  EXPECT_EQ(map.anchors[0], 2);
  EXPECT_EQ(map.anchors[1], 3);
  EXPECT_GT(map.anchors[2], map.anchors[1] + 1);  // 乙 spans pages
  EXPECT_EQ(map.anchors[2], map.pages);
  const char* names[] = {"甲节", "乙节", "丙节"};
  for (int p = 1; p <= map.pages; ++p) {
    const std::string text = Squeezed(pages[p - 1]);
    if (p == 1) {  // the cover: no header, no number
      EXPECT_THAT(text, HasSubstr("封面"));
      EXPECT_THAT(text, Not(HasSubstr("页眉")));
      EXPECT_THAT(text, Not(HasSubstr("—")));
      continue;
    }
    // Counted from the first section.
    EXPECT_THAT(text, HasSubstr(absl::StrCat("—", p - 1, "—")));
    EXPECT_THAT(text, Not(HasSubstr("共")));
    int section = 0;
    while (section + 1 < 3 && map.anchors[section + 1] <= p) ++section;
    EXPECT_THAT(text, HasSubstr(absl::StrCat(names[section], "页眉")))
        << "page " << p;
    for (int other = 0; other < 3; ++other)
      if (other != section) {
        EXPECT_THAT(text, Not(HasSubstr(absl::StrCat(names[other], "页眉"))))
            << "page " << p;
        EXPECT_THAT(text, Not(HasSubstr(absl::StrCat(names[other], "起"))))
            << "page " << p;
      }
    EXPECT_EQ(
        text.find(absl::StrCat(names[section], "标题")) != std::string::npos,
        p == map.anchors[section])
        << "page " << p;
  }
}

TEST(PdfBookTest, PaginateAgreesWithTheRenderedPages) {
  for (const Options& o : {Options{}, Options{.page_width_pt = 420.94,
                                      .page_height_pt = 595.28,
                                      .margin_pt = 42,
                                      .body_size_pt = 10.5}}) {
    auto map = Paginate(Book(), o);
    PageMap rendered;
    auto pdf = RenderDocument(Book(), o, &rendered);
    ASSERT_TRUE(map.ok() && pdf.ok());
    EXPECT_EQ(map->pages, rendered.pages);
    EXPECT_EQ(map->anchors, rendered.anchors);
    EXPECT_EQ(static_cast<int>(PageTexts(*pdf).size()), rendered.pages);
  }
}

TEST(PdfBookTest, AParagraphMayHaveItsOwnSize) {
  const std::string text = LongText("大小", 60);
  auto normal = Paginate({Paragraph{Style::kPlain, text}});
  auto large = Paginate({Paragraph{Style::kPlain, text, 24}});
  ASSERT_TRUE(normal.ok() && large.ok());
  EXPECT_GT(large->pages, normal->pages);
}

TEST(PdfBookTest, APageBreakOnAnEmptyPageAddsNoPage) {
  auto map = Paginate({PageBreak{}, Anchor{}, Paragraph{Style::kPlain, "一"},
                       PageBreak{}, PageBreak{}, Anchor{},
                       Paragraph{Style::kPlain, "二"}, PageBreak{}, Anchor{}});
  ASSERT_TRUE(map.ok());
  EXPECT_EQ(map->pages, 2);
  // An anchor with nothing after it takes the page it is on.
  EXPECT_THAT(map->anchors, ElementsAre(1, 2, 2));
}

TEST(PdfBookTest, AHeadingBeforeAnAnchorMovesWithWhatFollows) {
  // A heading near the foot of a page moves to the next page with its
  // table; an anchor between them reports the page the table is on.
  std::vector<Block> b;
  for (int i = 0; i < 60; ++i) b.push_back(Paragraph{Style::kPlain, "行"});
  for (int extra = 0; extra < 3; ++extra) {
    b.push_back(Paragraph{Style::kHeading, "表名"});
    b.push_back(Anchor{});
    Table t{.column_widths = {1}};
    for (int r = 0; r < 8; ++r) t.rows.push_back({{.text = "格"}});
    b.push_back(t);
  }
  PageMap map;
  auto pdf = RenderDocument(b, {}, &map);
  ASSERT_TRUE(pdf.ok());
  std::vector<std::string> pages = PageTexts(*pdf);
  for (int a : map.anchors) {
    ASSERT_GE(a, 1);
    ASSERT_LE(a, static_cast<int>(pages.size()));
    EXPECT_THAT(Squeezed(pages[a - 1]), HasSubstr("表名格"));
  }
}

}  // namespace
}  // namespace zwgk::pdf
