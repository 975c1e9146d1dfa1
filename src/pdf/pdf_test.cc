// The PDF writer: valid PDF bytes, embedded CJK font subsets with
// ToUnicode, and long text flowing onto further pages.
#include "pdf/pdf.h"

#include <regex>

#include "gtest/gtest.h"

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

}  // namespace
}  // namespace zwgk::pdf
