// The pure rules of 公共企事业单位办事公开: section names, sectors and their
// common words, default periods, and staleness by a section's period.
#include "institutions/model.h"

#include "core/clock.h"
#include "gtest/gtest.h"

namespace zwgk::institutions {
namespace {

absl::Time At(int y, int m, int d) {
  return StartOfDay(absl::CivilDay(y, m, d)) + absl::Hours(10);
}

SectionContent Published(absl::Time at) {
  return {.institution_id = 1,
          .section = Section::kFees,
          .body_html = "<p>学费：每学期 800 元</p>",
          .published = true,
          .updated_at = FormatTimestamp(at)};
}

TEST(SectionTest, NamesAndLabelsRoundTrip) {
  for (Section s : kAllSections) {
    EXPECT_EQ(ParseSection(SectionName(s)), s);
    EXPECT_EQ(ParseSection(SectionLabel(s)), s);
  }
  EXPECT_EQ(SectionLabel(Section::kFees), "收费项目和标准");
  EXPECT_FALSE(ParseSection("fee").has_value());
  EXPECT_EQ(DefaultPeriodDays(Section::kFees), 365);
  EXPECT_EQ(DefaultPeriodDays(Section::kNotices), 90);
  std::vector<SectionRule> rules = DefaultRules();
  ASSERT_EQ(rules.size(), std::size(kAllSections));
  for (const SectionRule& r : rules) EXPECT_TRUE(r.required);
}

TEST(SectorTest, NamesAndCommonWords) {
  EXPECT_EQ(ParseSector("教育"), "教育");
  EXPECT_EQ(ParseSector(" 学校 "), "教育");
  EXPECT_EQ(ParseSector("医院"), "医疗卫生");
  EXPECT_EQ(ParseSector("公交"), "公共交通");
  EXPECT_FALSE(ParseSector("银行").has_value());
  EXPECT_FALSE(ParseSector("").has_value());
}

TEST(JudgeSectionTest, StaleAfterItsPeriodByTheClock) {
  const SectionRule fees{
      .section = Section::kFees, .required = true, .period_days = 365};
  const SectionContent c = Published(At(2026, 1, 10));
  EXPECT_EQ(JudgeSection(fees, &c, At(2026, 1, 10)), SectionState::kOk);
  // 365 days later to the hour: still within the period.
  EXPECT_EQ(JudgeSection(fees, &c, At(2027, 1, 10)), SectionState::kOk);
  EXPECT_EQ(JudgeSection(fees, &c, At(2027, 1, 11)), SectionState::kStale);
  EXPECT_EQ(DaysSince(c, At(2027, 1, 11)), 366);
  const SectionRule notices{
      .section = Section::kNotices, .required = true, .period_days = 90};
  EXPECT_EQ(JudgeSection(notices, &c, At(2026, 4, 10)), SectionState::kOk);
  EXPECT_EQ(JudgeSection(notices, &c, At(2026, 4, 11)), SectionState::kStale);
}

TEST(JudgeSectionTest, MissingDraftAndNotRequired) {
  const SectionRule rule{
      .section = Section::kGuide, .required = true, .period_days = 30};
  const absl::Time now = At(2026, 3, 1);
  EXPECT_EQ(JudgeSection(rule, nullptr, now), SectionState::kMissing);
  SectionContent draft = Published(now);
  draft.published = false;
  EXPECT_EQ(JudgeSection(rule, &draft, now), SectionState::kMissing);
  SectionContent empty = Published(now);
  empty.body_html.clear();
  EXPECT_EQ(JudgeSection(rule, &empty, now), SectionState::kMissing);
  SectionRule optional = rule;
  optional.required = false;
  EXPECT_EQ(JudgeSection(optional, nullptr, now), SectionState::kNotRequired);
  EXPECT_EQ(SectionStateLabel(SectionState::kStale), "超期未更新");
}

}  // namespace
}  // namespace zwgk::institutions
