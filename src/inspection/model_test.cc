// The verdict (Judge) table-tested: each indicator's threshold on both sides
// of its line, the veto deciding the site, and the stored JSON round trip.
#include "inspection/model.h"

#include <functional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::inspection {
namespace {

// Every source checked and clean: the site passes.
Facts Clean() {
  Facts f;
  f.as_of = "2026-03-02";
  f.home_checked = true;
  f.home_newest_on = "2026-02-27";
  f.columns_checked = true;
  f.messages_checked = true;
  f.guides_checked = true;
  f.dates_checked = true;
  f.policies_checked = true;
  f.crawled = true;
  f.pages = 10;
  return f;
}

const IndicatorResult& Get(const Verdict& v, Indicator i) {
  for (const IndicatorResult& r : v.results)
    if (r.indicator == i) return r;
  static IndicatorResult none;
  ADD_FAILURE() << "no result for " << IndicatorCode(i);
  return none;
}

TEST(JudgeTest, CleanSitePasses) {
  const Verdict v = Judge(Clean());
  EXPECT_TRUE(v.passed);
  EXPECT_EQ(v.vetoes, 0);
  EXPECT_EQ(v.failures, 0);
  ASSERT_EQ(v.results.size(), static_cast<size_t>(kIndicatorCount));
  for (const IndicatorResult& r : v.results)
    EXPECT_EQ(r.outcome, Outcome::kPass) << IndicatorCode(r.indicator);
}

struct Case {
  std::string name;
  std::function<void(Facts&)> change;
  Indicator indicator;
  Outcome outcome;
  bool site_passes;
};

class JudgeTableTest : public ::testing::TestWithParam<Case> {};

TEST_P(JudgeTableTest, Outcome) {
  Facts f = Clean();
  GetParam().change(f);
  const Verdict v = Judge(f);
  EXPECT_EQ(Get(v, GetParam().indicator).outcome, GetParam().outcome)
      << Get(v, GetParam().indicator).summary;
  EXPECT_EQ(v.passed, GetParam().site_passes);
}

INSTANTIATE_TEST_SUITE_P(
    Thresholds, JudgeTableTest,
    ::testing::Values(
        // A2: 14 days is still fresh, 15 is not; no dated item is a veto.
        Case{"home_14_days", [](Facts& f) { f.home_newest_on = "2026-02-16"; },
             Indicator::kHomeUpdated, Outcome::kPass, true},
        Case{"home_15_days", [](Facts& f) { f.home_newest_on = "2026-02-15"; },
             Indicator::kHomeUpdated, Outcome::kVeto, false},
        Case{"home_undated", [](Facts& f) { f.home_newest_on = ""; },
             Indicator::kHomeUpdated, Outcome::kVeto, false},
        Case{"home_unreachable", [](Facts& f) { f.home_reachable = false; },
             Indicator::kHomeUpdated, Outcome::kVeto, false},
        Case{"home_not_checked", [](Facts& f) { f.home_checked = false; },
             Indicator::kHomeUpdated, Outcome::kNotChecked, true},
        // A3/A4 count toward A5: 4 is a failure, 5 a veto.
        Case{"one_stale_news", [](Facts& f) { f.stale_news = 1; },
             Indicator::kNewsColumns, Outcome::kFail, true},
        Case{"four_stale_main",
             [](Facts& f) {
               f.stale_news = 2;
               f.stale_notices = 2;
             },
             Indicator::kStaleColumns, Outcome::kFail, true},
        Case{"five_stale_main",
             [](Facts& f) {
               f.stale_news = 2;
               f.stale_notices = 3;
             },
             Indicator::kStaleColumns, Outcome::kVeto, false},
        Case{"nine_stale_any",
             [](Facts& f) {
               f.stale_news = 1;
               f.stale_other = 8;
             },
             Indicator::kStaleColumns, Outcome::kFail, true},
        Case{"ten_stale_any",
             [](Facts& f) {
               f.stale_notices = 1;
               f.stale_other = 9;
             },
             Indicator::kStaleColumns, Outcome::kVeto, false},
        // A6: 4 blank columns fail, 5 veto.
        Case{"four_blank", [](Facts& f) { f.blank = 4; },
             Indicator::kBlankColumns, Outcome::kFail, true},
        Case{"five_blank", [](Facts& f) { f.blank = 5; },
             Indicator::kBlankColumns, Outcome::kVeto, false},
        // A9: one message is enough.
        Case{"one_unanswered",
             [](Facts& f) { f.unanswered_over_three_months = 1; },
             Indicator::kMessages, Outcome::kVeto, false},
        // A11: no 办事服务, or a guide missing elements.
        Case{"no_services", [](Facts& f) { f.services_present = false; },
             Indicator::kGuides, Outcome::kVeto, false},
        Case{"incomplete_guide", [](Facts& f) { f.guides_incomplete = 1; },
             Indicator::kGuides, Outcome::kVeto, false},
        // A13: an attempt or a contradiction in the data.
        Case{"backdate_attempt", [](Facts& f) { f.backdate_attempts = 1; },
             Indicator::kPublishDates, Outcome::kVeto, false},
        Case{"inconsistent_date", [](Facts& f) { f.inconsistent_dates = 1; },
             Indicator::kPublishDates, Outcome::kVeto, false},
        // Deductions fail without failing the site.
        Case{"footer", [](Facts& f) { f.pages_without_footer = 3; },
             Indicator::kFooter, Outcome::kFail, true},
        Case{"meta", [](Facts& f) { f.pages_without_meta = 1; },
             Indicator::kMeta, Outcome::kFail, true},
        Case{"validity", [](Facts& f) { f.policies_without_validity = 1; },
             Indicator::kPolicyValidity, Outcome::kFail, true},
        Case{"interpretation",
             [](Facts& f) { f.policies_without_interpretation = 2; },
             Indicator::kInterpretation, Outcome::kFail, true},
        Case{"broken_link", [](Facts& f) { f.broken_links = 1; },
             Indicator::kBrokenLinks, Outcome::kFail, true},
        Case{"attachment", [](Facts& f) { f.missing_attachments = 1; },
             Indicator::kMissingAttachments, Outcome::kFail, true},
        // Without a crawl the crawl's indicators are not checked, not passed.
        Case{"no_crawl", [](Facts& f) { f.crawled = false; },
             Indicator::kFooter, Outcome::kNotChecked, true}),
    [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

TEST(JudgeTest, FindingsGoToTheirIndicatorAndAreCapped) {
  Facts f = Clean();
  f.blank = 5;
  for (int i = 0; i < 5; ++i)
    f.findings.push_back({Indicator::kBlankColumns, "空白", "/domains/1"});
  f.pages_without_footer = 300;
  for (int i = 0; i < 300; ++i)
    f.findings.push_back({Indicator::kFooter, "缺", "/x"});
  const Verdict v = Judge(f);
  EXPECT_EQ(Get(v, Indicator::kBlankColumns).findings.size(), 5u);
  EXPECT_EQ(Get(v, Indicator::kFooter).findings.size(), 200u);
  EXPECT_EQ(Get(v, Indicator::kFooter).count, 300);
  EXPECT_THAT(Get(v, Indicator::kFooter).summary,
              ::testing::HasSubstr("仅列出前200项"));
  EXPECT_TRUE(Get(v, Indicator::kHomeUpdated).findings.empty());
  EXPECT_EQ(v.vetoes, 1);
  EXPECT_EQ(v.failures, 1);
}

TEST(JudgeTest, JsonRoundTrip) {
  Facts f = Clean();
  f.unanswered_over_three_months = 1;
  f.findings.push_back(
      {Indicator::kMessages, "留言“路灯”", "/admin/messages/3"});
  const Verdict v = Judge(f);
  const Verdict back = VerdictFromJson(VerdictJson(v));
  ASSERT_EQ(back.results.size(), v.results.size());
  EXPECT_FALSE(back.passed);
  EXPECT_EQ(back.vetoes, 1);
  const IndicatorResult& m = Get(back, Indicator::kMessages);
  EXPECT_EQ(m.outcome, Outcome::kVeto);
  ASSERT_EQ(m.findings.size(), 1u);
  EXPECT_EQ(m.findings[0].url, "/admin/messages/3");
  // Garbage reads as an empty verdict, never throws.
  EXPECT_TRUE(VerdictFromJson(nlohmann::json("x")).results.empty());
}

TEST(DaysBetweenTest, Dates) {
  EXPECT_EQ(DaysBetween("2026-02-15", "2026-03-02"), 15);
  EXPECT_EQ(DaysBetween("2026-03-02T01:00:00Z", "2026-03-02"), 0);
  EXPECT_EQ(DaysBetween("", "2026-03-02"), std::nullopt);
}

}  // namespace
}  // namespace zwgk::inspection
