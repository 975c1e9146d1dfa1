// The starting catalogs (建议目录): the shipped data parses, every source
// domain maps onto a seed (附件1) name, and merging keeps the seed's
// examples first without repeating an item.
#include "catalog/suggested.h"

#include <set>
#include <string>

#include "catalog/excel.h"
#include "catalog/item.h"
#include "catalog/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::catalog {
namespace {

using ::testing::ElementsAre;

TEST(SuggestedTest, SourceNamesMapOntoTheSeedsNames) {
  EXPECT_EQ(SeedDomainName("环境保护(生态环境)"), "环境保护");
  EXPECT_EQ(SeedDomainName("扶贫(乡村振兴)"), "扶贫");
  EXPECT_EQ(SeedDomainName("就业(就业创业)"), "就业创业");
  EXPECT_EQ(SeedDomainName("医疗卫生(卫生健康)"), "医疗卫生");
  EXPECT_EQ(SeedDomainName("城乡规划"), "国土空间规划");
  EXPECT_EQ(SeedDomainName("税收管理"), "税收管理");
}

TEST(SuggestedTest, TheShippedDataCoversTwentyFourDomainsAsFound) {
  auto found = ParseSuggestions(
      testing_util::ReadFile(ZWGK_CATALOG_DATA_DIR "/suggested.json"));
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->size(), 24u);
  for (const char* absent : {"重大建设项目", "社会救助"})
    EXPECT_FALSE(found->contains(absent)) << absent;
  const Suggestion& env = found->at("环境保护");
  EXPECT_EQ(env.guideline, "环办厅函〔2019〕672号");
  EXPECT_FALSE(env.sources.empty());
  for (const auto& [name, s] : *found) {
    for (const std::string& src : s.sources)
      EXPECT_EQ(src.find(' '), std::string::npos) << name << src;
  }
  int items = 0;
  for (const auto& [name, s] : *found) {
    EXPECT_GE(s.items.size(), 2u) << name;
    for (const CatalogItem& it : s.items) {
      ++items;
      EXPECT_TRUE(it.channels.empty())
          << name << " channels are never invented";
      EXPECT_TRUE(it.import_notes.empty()) << name << ItemName(it);
    }
  }
  EXPECT_EQ(items, 189);
}

TEST(SuggestedTest, FieldsAreReadAsWrittenAndUnreadableOnesNoted) {
  auto found = ParseSuggestions(R"([{"domain":"城乡规划","guideline":null,
    "source":"a.gov.cn/1; copy of a county catalogue: b.gov.cn/2,; number: x","items":[
    {"level1":"规划编制","level2":"总体规划","level3":"批前公示",
     "elements":"规划图","basis":"《城乡规划法》","time_limit":"公示30日",
     "subject":"县自然资源和规划局","audience":"全社会","mode":"依申请"},
    {"level1":"规划许可","audience":"部分群众","mode":"随时"}]}])");
  ASSERT_TRUE(found.ok()) << found.status();
  const Suggestion& s = found->at("国土空间规划");
  EXPECT_EQ(s.guideline, "");
  EXPECT_THAT(s.sources, ElementsAre("a.gov.cn/1", "b.gov.cn/2"));
  ASSERT_EQ(s.items.size(), 2u);
  EXPECT_EQ(s.items[0].level3, "批前公示");
  EXPECT_EQ(s.items[0].time_limit.text, "公示30日");
  EXPECT_THAT(s.items[0].audience, ElementsAre(Audience::kPublic));
  EXPECT_THAT(s.items[0].method, ElementsAre(Method::kOnRequest));
  EXPECT_EQ(s.items[1].seq, 2);
  EXPECT_EQ(s.items[1].level2, "");
  EXPECT_TRUE(s.items[1].audience.empty());
  ASSERT_EQ(s.items[1].import_notes.size(), 2u);
  EXPECT_EQ(s.items[1].import_notes[0].field, "audience");
  EXPECT_FALSE(ParseSuggestions("{}").ok());
  EXPECT_FALSE(ParseSuggestions("[").ok());
}

TEST(SuggestedTest, MergeKeepsTheExamplesFirstWithoutRepeats) {
  Catalog examples{
      .domain = "义务教育",
      .items = {{.level1 = "政策文件", .level2 = "教育法律", .example = true}}};
  Suggestion found{.domain = "义务教育",
                   .guideline = "x",
                   .items = {{.level1 = "政策文件", .level2 = "教育法律"},
                             {.level1 = "校园安全"}}};
  Suggestion merged = MergeSuggestion(&examples, &found);
  ASSERT_EQ(merged.items.size(), 2u);
  EXPECT_TRUE(merged.items[0].example);
  EXPECT_EQ(merged.items[1].level1, "校园安全");
  EXPECT_EQ(merged.items[1].seq, 2);
  EXPECT_EQ(merged.guideline, "x");
  EXPECT_TRUE(MergeSuggestion(nullptr, nullptr).items.empty());
  EXPECT_EQ(MergeSuggestion(&examples, nullptr).items.size(), 1u);
}

}  // namespace
}  // namespace zwgk::catalog
