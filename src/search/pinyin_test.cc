#include "search/pinyin.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::search {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

TEST(PinyinTest, ReadingsComeFromTheGeneratedTable) {
  EXPECT_THAT(PinyinReadings(U'社'), ElementsAre("she"));
  std::vector<absl::string_view> xing = PinyinReadings(U'行');
  ASSERT_GE(xing.size(), 2u);
  EXPECT_EQ(xing[0], "xing");
  EXPECT_THAT(xing, Contains("hang"));
  EXPECT_THAT(PinyinReadings(U'绿'), Contains("lv"));
  EXPECT_THAT(PinyinReadings(U'a'), IsEmpty());
}

TEST(PinyinTest, PinyinOfAWord) {
  std::string initials;
  EXPECT_EQ(PinyinOf("社会救助", &initials), "shehuijiuzhu");
  EXPECT_EQ(initials, "shjz");
  EXPECT_EQ(PinyinOf("低保 2026"), "dibao");
}

TEST(PinyinTest, TermsOfATitle) {
  std::vector<std::string> terms = PinyinTermsOf("关于社会救助的通知");
  EXPECT_THAT(terms, Contains("XPYshehui"));
  EXPECT_THAT(terms, Contains("XPYjiuzhu"));
  EXPECT_THAT(terms, Contains("XPIshjz"));
  EXPECT_THAT(terms, Contains("XPIsh"));
  EXPECT_THAT(terms, Contains("XPIhjz"));
  // No five-letter initials, nothing across punctuation.
  EXPECT_THAT(terms, Not(Contains("XPIgyshh")));
  EXPECT_THAT(PinyinTermsOf("社，会"), Not(Contains("XPYshehui")));
  // A heteronym's second reading: 银行 as yinhang too.
  EXPECT_THAT(PinyinTermsOf("银行"), Contains("XPYyinhang"));
  EXPECT_THAT(PinyinTermsOf("银行"), Contains("XPYyinxing"));
}

TEST(PinyinTest, SegmentsUnspacedPinyin) {
  auto segs = SegmentPinyin("shehuijiuzhu");
  ASSERT_FALSE(segs.empty());
  EXPECT_THAT(segs[0], ElementsAre("she", "hui", "jiu", "zhu"));
  EXPECT_THAT(SegmentPinyin("shjz"), IsEmpty());
  // Spaces are syllable boundaries.
  EXPECT_THAT(SegmentPinyin("she hui jiu zhu")[0],
              ElementsAre("she", "hui", "jiu", "zhu"));
  auto xian = SegmentPinyin("xian");
  EXPECT_THAT(xian, Contains(ElementsAre("xian")));
  EXPECT_THAT(xian, Contains(ElementsAre("xi", "an")));
}

TEST(PinyinTest, QueryTerms) {
  struct Case {
    const char* query;
    std::vector<std::string> first;  // the first alternative
  };
  for (const Case& c : std::vector<Case>{
           {"shehuijiuzhu", {"XPYshehui", "XPYhuijiu", "XPYjiuzhu"}},
           {"she hui jiu zhu", {"XPYshehui", "XPYhuijiu", "XPYjiuzhu"}},
           {"SheHui JiuZhu", {"XPYshehui", "XPYhuijiu", "XPYjiuzhu"}},
           {"shjz", {"XPIshjz"}},
           {"db", {"XPIdb"}},
           {"shjzgz", {"XPIshjz", "XPIhjzg", "XPIjzgz"}},
       }) {
    auto alts = PinyinQueryTerms(c.query);
    ASSERT_FALSE(alts.empty()) << c.query;
    EXPECT_EQ(alts[0], c.first) << c.query;
  }
  EXPECT_THAT(PinyinQueryTerms("社会救助"), IsEmpty());
  EXPECT_THAT(PinyinQueryTerms("5g"), IsEmpty());
  EXPECT_THAT(PinyinQueryTerms("a"), IsEmpty());
  // Full pinyin of one syllable is no pinyin query; its initials are.
  EXPECT_THAT(PinyinQueryTerms("bao"), ElementsAre(ElementsAre("XPIbao")));
}

TEST(PinyinTest, EditDistance) {
  EXPECT_EQ(EditDistanceAtMostOne("shehuiqiuzhu", "shehuijiuzhu"), 1);
  EXPECT_EQ(EditDistanceAtMostOne("dibao", "dibao"), 0);
  EXPECT_EQ(EditDistanceAtMostOne("dibao", "dibaoo"), 1);
  EXPECT_EQ(EditDistanceAtMostOne("dibao", "dbao"), 1);
  EXPECT_EQ(EditDistanceAtMostOne("dibao", "xibai"), 2);
  EXPECT_EQ(EditDistanceAtMostOne("ab", "ba"), 2);
}

}  // namespace
}  // namespace zwgk::search
