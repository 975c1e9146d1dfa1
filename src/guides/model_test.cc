// The pure rules of a 办事指南: the element list, what is missing before a
// guide may be published, states and book scopes.
#include "guides/model.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::guides {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A guide with every element filled, one material and one step.
Guide Complete() {
  Guide g;
  g.service = "最低生活保障审核确认";
  for (const ElementInfo& e : AllElements())
    g.elements[std::string(e.name)] = "示例内容";
  g.elements["事项名称"] = g.service;
  g.elements["法定办结时限"] = "30个工作日";
  g.elements["承诺办结时限"] = "15个工作日";
  g.materials.push_back({.name = "户口簿"});
  g.steps.push_back({.name = "受理"});
  return g;
}

std::vector<std::string> Elements(const std::vector<Missing>& m) {
  std::vector<std::string> out;
  for (const Missing& x : m) out.push_back(x.element);
  return out;
}

TEST(ElementsTest, PrintedOrderAndKeys) {
  const auto& all = AllElements();
  ASSERT_EQ(all.size(), 21u);
  EXPECT_EQ(all.front().name, "事项名称");
  EXPECT_EQ(all.back().name, "监督投诉电话");
  EXPECT_FALSE(FindElement("事项编码")->key);
  EXPECT_FALSE(FindElement("网上办理地址")->key);
  EXPECT_TRUE(FindElement("收费标准")->key);
  EXPECT_TRUE(FindElement("设定依据")->multiline);
  EXPECT_TRUE(FindElement("受理条件")->multiline);
  EXPECT_FALSE(FindElement("办理地点")->multiline);
}

TEST(ElementsTest, FindByNameAndAlias) {
  struct Case {
    const char* in;
    const char* want;  // nullptr: not an element
  } cases[] = {
      {"收费标准", "收费标准"},     {" 设定依据 ", "设定依据"},
      {"办理机构", "实施主体"},     {"申请条件", "受理条件"},
      {"法定时限", "法定办结时限"}, {"网办地址", "网上办理地址"},
      {"申请材料", nullptr},        {"", nullptr},
      {"收费标准x", nullptr},
  };
  for (const Case& c : cases) {
    const ElementInfo* e = FindElement(c.in);
    if (c.want == nullptr) {
      EXPECT_EQ(e, nullptr) << c.in;
    } else {
      ASSERT_NE(e, nullptr) << c.in;
      EXPECT_EQ(e->name, c.want) << c.in;
    }
  }
}

TEST(MissingTest, CompleteGuideHasNothingMissing) {
  EXPECT_THAT(MissingElements(Complete()), IsEmpty());
}

TEST(MissingTest, GuideMissingFeeStandardIsRefusedWithThatWord) {
  Guide g = Complete();
  g.elements.erase("收费标准");
  auto m = MissingElements(g);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].element, "收费标准");
  EXPECT_EQ(m[0].message, "缺少收费标准（如不涉及，请注明理由）");
}

TEST(MissingTest, Table) {
  struct Case {
    const char* name;
    void (*change)(Guide&);
    std::vector<std::string> want;
  } cases[] = {
      {"blank counts as missing",
       [](Guide& g) { g.elements["设定依据"] = "  \n "; },
       {"设定依据"}},
      {"不涉及 with a reason is fine",
       [](Guide& g) {
         g.elements.erase("送达方式");
         g.not_applicable["送达方式"] = "当场领取，无需送达";
       },
       {}},
      {"不涉及 without a reason is not",
       [](Guide& g) {
         g.elements.erase("送达方式");
         g.not_applicable["送达方式"] = " ";
       },
       {"送达方式"}},
      {"optional elements may be empty",
       [](Guide& g) {
         g.elements.erase("事项编码");
         g.elements.erase("网上办理地址");
       },
       {}},
      {"不收费 is a valid 收费标准 and needs no 收费依据",
       [](Guide& g) {
         g.elements["收费标准"] = "不收费";
         g.elements.erase("收费依据");
       },
       {}},
      {"a charged service needs its 收费依据",
       [](Guide& g) {
         g.elements["是否收费"] = "是";
         g.elements["收费标准"] = "每件10元";
         g.elements.erase("收费依据");
       },
       {"收费依据"}},
      {"no materials", [](Guide& g) { g.materials.clear(); }, {"申请材料"}},
      {"no steps", [](Guide& g) { g.steps.clear(); }, {"办理流程"}},
      {"promised longer than legal",
       [](Guide& g) { g.elements["承诺办结时限"] = "31个工作日"; },
       {"承诺办结时限"}},
      {"promised equal to legal, bare numbers",
       [](Guide& g) {
         g.elements["法定办结时限"] = "20";
         g.elements["承诺办结时限"] = "20工作日";
       },
       {}},
      {"即办 is not compared",
       [](Guide& g) { g.elements["承诺办结时限"] = "即办"; },
       {}},
      {"事项名称 comes from the service",
       [](Guide& g) { g.elements.erase("事项名称"); },
       {}},
      {"several at once, in printed order",
       [](Guide& g) {
         g.elements.erase("监督投诉电话");
         g.elements.erase("设定依据");
         g.steps.clear();
       },
       {"设定依据", "监督投诉电话", "办理流程"}},
  };
  for (const Case& c : cases) {
    Guide g = Complete();
    c.change(g);
    EXPECT_EQ(Elements(MissingElements(g)), c.want) << c.name;
  }
}

TEST(MissingTest, EveryMessageNamesItsElement) {
  Guide g;
  for (const Missing& m : MissingElements(g))
    EXPECT_THAT(m.message, HasSubstr(m.element));
  EXPECT_THAT(Elements(MissingElements(g)), ::testing::Contains("事项名称"));
}

TEST(StateTest, NamesLabelsRoundTrip) {
  for (GuideState s :
       {GuideState::kDraft, GuideState::kSubmitted, GuideState::kReviewed,
        GuideState::kPublished, GuideState::kWithdrawn}) {
    EXPECT_EQ(ParseGuideState(GuideStateName(s)), s);
    EXPECT_EQ(ParseGuideState(GuideStateLabel(s)), s);
  }
  EXPECT_EQ(GuideStateLabel(GuideState::kSubmitted), "待审核");
  EXPECT_EQ(ParseGuideState("x"), std::nullopt);
}

TEST(BookScopeTest, ParseAndName) {
  for (BookScope s : {BookScope::kCounty, BookScope::kDomain, BookScope::kUnit,
                      BookScope::kTown})
    EXPECT_EQ(ParseBookScope(BookScopeName(s)), s);
  EXPECT_EQ(ParseBookScope("village"), std::nullopt);
  EXPECT_EQ(ParseBookScope(""), std::nullopt);
}

TEST(LifeEventsTest, HasTheCommonOnes) {
  const auto& ev = LifeEvents();
  for (const char* want : {"出生", "上学", "就业", "婚育", "养老", "身后事"})
    EXPECT_THAT(ev, ::testing::Contains(absl::string_view(want)));
}

}  // namespace
}  // namespace zwgk::guides
