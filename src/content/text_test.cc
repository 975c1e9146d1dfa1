#include "content/text.h"

#include <string>

#include "gtest/gtest.h"

namespace zwgk::content::text {
namespace {

TEST(CleanUtf8, ReplacesInvalidSequencesAndDropsControls) {
  struct Case {
    std::string input;
    std::string want;
    bool replaced;
    bool removed;
  };
  const Case cases[] = {
      {"政务公开", "政务公开", false, false},
      {"\xC0\xAF", "\uFFFD\uFFFD", true, false},            // overlong '/'
      {"\xED\xA0\x80", "\uFFFD\uFFFD\uFFFD", true, false},  // surrogate
      {"\xF4\x90\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD", true, false},
      {"\xE4\xB8", "\uFFFD\uFFFD", true, false},  // truncated
      {"a\r\nb\rc", "a\nb\nc", false, false},
      {std::string("a\0b\x7F\xC2\x85", 6), "ab", false, true},  // NUL DEL NEL
      {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80", false, false},   // U+1F600
  };
  for (const Case& c : cases) {
    const CleanedText got = CleanUtf8(c.input);
    EXPECT_EQ(got.text, c.want);
    EXPECT_EQ(got.replaced_invalid, c.replaced);
    EXPECT_EQ(got.removed_controls, c.removed);
  }
}

TEST(DecodeEntities, NamedNumericAndLiteral) {
  struct Case {
    const char* input;
    EntityContext context;
    const char* want;
  };
  const Case cases[] = {
      {"&lt;&gt;&amp;&quot;&apos;", EntityContext::kText, "<>&\"'"},
      {"&#x4E2D;&#25991;&#X56FD;", EntityContext::kText, "中文国"},
      {"&nbsp;&hellip;&mdash;", EntityContext::kText, "\u00A0…—"},
      {"&amp x", EntityContext::kText, "& x"},  // legacy, no ';'
      {"?a=1&lt=2", EntityContext::kAttribute, "?a=1&lt=2"},
      {"&unknown; & &#; &#x;", EntityContext::kText, "&unknown; & &#; &#x;"},
      {"&#99999999999;", EntityContext::kText, "\uFFFD"},
      {"&#xD800;", EntityContext::kText, "\uFFFD"},
      {"&#7;&#x7F;", EntityContext::kText, ""},
      {"&#13;", EntityContext::kText, "\n"},
      {"&colon;&Tab;", EntityContext::kAttribute, ":\t"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(DecodeEntities(c.input, c.context), c.want) << c.input;
  }
}

}  // namespace
}  // namespace zwgk::content::text
