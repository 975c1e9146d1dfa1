#include "search/text.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::search {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> Terms(absl::string_view text, bool unigrams) {
  std::vector<std::string> out;
  ForEachTerm(text, unigrams, [&](const std::string& t) { out.push_back(t); });
  return out;
}

TEST(TermsTest, Table) {
  struct Case {
    const char* text;
    bool unigrams;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"招生", false, {"招生"}},
      {"低保户", false, {"低保", "保户"}},
      {"预算，的", false, {"预算", "的"}},  // a lone character is a unigram
      {"2026年5G基站", false, {"2026", "年", "5g", "基站"}},
      {"ＡＢＣ１２", false, {"abc12"}},  // full-width folds to ASCII
      {"招生", true, {"招", "生", "招生"}},
      {"", false, {}},
      {"。，！", false, {}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Terms(c.text, c.unigrams), c.want) << c.text;
  }
}

TEST(QueryWordsTest, BigramsAndSingleCharacters) {
  auto words = QueryWords("低保户 预算 县");
  ASSERT_EQ(words.size(), 3u);
  EXPECT_THAT(words[0].terms, ElementsAre("低保", "保户"));
  EXPECT_FALSE(words[0].single_char);
  EXPECT_THAT(words[1].terms, ElementsAre("预算"));
  EXPECT_THAT(words[2].terms, ElementsAre("县"));
  EXPECT_TRUE(words[2].single_char);
  // A repeated bigram appears once.
  EXPECT_THAT(QueryWords("哈哈哈")[0].terms, ElementsAre("哈哈"));
  EXPECT_THAT(QueryWords("  ，"), IsEmpty());
}

TEST(SnippetTest, MarksAndEscapes) {
  EXPECT_EQ(Snippet("关于<b>招生</b>的通知", {"招生"}, 100),
            "关于&lt;b&gt;<mark>招生</mark>&lt;/b&gt;的通知");
  // Overlapping words merge into one mark; ASCII matches ignore case.
  EXPECT_EQ(Snippet("低保户名单", {"低保", "保户"}, 100),
            "<mark>低保户</mark>名单");
  EXPECT_EQ(Snippet("5G基站", {"5g"}, 100), "<mark>5G</mark>基站");
  EXPECT_EQ(Snippet("没有匹配", {"预算"}, 100), "没有匹配");
}

TEST(SnippetTest, WindowAroundFirstMatch) {
  std::string text = std::string(30 * 3, 'x');  // placeholder
  text.clear();
  for (int i = 0; i < 40; ++i) text += "甲";
  text += "预算";
  for (int i = 0; i < 40; ++i) text += "乙";
  std::string s = Snippet(text, {"预算"}, 20);
  // 20 characters: 5 before the match, the match, the rest after.
  EXPECT_EQ(s, "…甲甲甲甲甲<mark>预算</mark>乙乙乙乙乙乙乙乙乙乙乙乙乙…");
  // Cut at the start when nothing matches.
  EXPECT_EQ(Snippet(text, {"无"}, 3), "甲甲甲…");
}

TEST(HighlightWordsTest, DropsLoneCharactersBesideWords) {
  EXPECT_THAT(HighlightWords("嘉政办发〔2026〕3号"),
              ElementsAre("嘉政办发", "2026"));
  EXPECT_THAT(HighlightWords("县"), ElementsAre("县"));
}

TEST(NormalizeIdentifierTest, Table) {
  EXPECT_EQ(NormalizeIdentifier("嘉政办发〔2026〕3号"), "嘉政办发[2026]3号");
  EXPECT_EQ(NormalizeIdentifier("嘉政办发[2026]3号"), "嘉政办发[2026]3号");
  EXPECT_EQ(NormalizeIdentifier("嘉政办发（２０２６）３号"),
            "嘉政办发[2026]3号");
  EXPECT_EQ(NormalizeIdentifier("11341702486344515H/202110-00013"),
            "11341702486344515h/202110-00013");
  EXPECT_EQ(NormalizeIdentifier("招生 简章"), "");  // no digit
}

}  // namespace
}  // namespace zwgk::search
