#include "core/text.h"

#include "gtest/gtest.h"

namespace zwgk {
namespace {

TEST(Utf8LengthTest, CountsCharactersNotBytes) {
  struct Case {
    const char* text;
    size_t chars;
  } cases[] = {
      {"", 0},
      {"abc", 3},
      {"政务公开", 4},          // 3 bytes each
      {"嘉鱼县2026年", 8},      // mixed
      {"\xF0\x9F\x98\x80", 1},  // one 4-byte character
      {"\xE6\x94", 1},          // a cut-off sequence counts once
  };
  for (const Case& c : cases) EXPECT_EQ(Utf8Length(c.text), c.chars) << c.text;
}

TEST(HtmlEscapeTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(HtmlEscape("政务公开"), "政务公开");
  std::string out = "前";
  AppendHtmlEscaped(out, "<后>");
  EXPECT_EQ(out, "前&lt;后&gt;");
}

}  // namespace
}  // namespace zwgk
