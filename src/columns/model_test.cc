// The pure column rules: default update rules by type, a column's state on
// a day (blank, stale, ok, no rule) and the veto counts.
#include "columns/model.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace zwgk::columns {
namespace {

TEST(DefaultUpdateDays, FollowTheInspectionIndicators) {
  EXPECT_EQ(DefaultUpdateDays(ColumnType::kNews), 14);        // A3
  EXPECT_EQ(DefaultUpdateDays(ColumnType::kNotices), 183);    // A4
  EXPECT_EQ(DefaultUpdateDays(ColumnType::kPolicies), 183);   // A4
  EXPECT_EQ(DefaultUpdateDays(ColumnType::kPersonnel), 365);  // A7
  EXPECT_EQ(DefaultUpdateDays(ColumnType::kPlans), 365);      // A7
  EXPECT_EQ(DefaultUpdateDays(ColumnType::kStatic), 0);
  EXPECT_EQ(DefaultUpdateDays(ColumnType::kSpecial), 0);
}

TEST(ColumnType, NamesAndLabelsParseBack) {
  for (ColumnType t : kAllColumnTypes) {
    EXPECT_EQ(ParseColumnType(ColumnTypeName(t)), t) << ColumnTypeName(t);
    EXPECT_EQ(ParseColumnType(ColumnTypeLabel(t)), t) << ColumnTypeLabel(t);
  }
  EXPECT_FALSE(ParseColumnType("").has_value());
  EXPECT_FALSE(ParseColumnType("weekly").has_value());
}

struct JudgeCase {
  const char* name;
  int64_t items;
  const char* last;
  const char* as_of;
  int days;
  ColumnState want;
};

TEST(JudgeColumn, Table) {
  const JudgeCase cases[] = {
      {"never any content", 0, "", "2026-03-01", 14, ColumnState::kBlank},
      {"blank static page", 0, "", "2026-03-01", 0, ColumnState::kBlank},
      {"blank even with a stray date", 0, "2026-02-28", "2026-03-01", 14,
       ColumnState::kBlank},
      {"updated today", 3, "2026-03-01", "2026-03-01", 14, ColumnState::kOk},
      {"exactly 14 days", 3, "2026-02-15", "2026-03-01", 14, ColumnState::kOk},
      {"15 days is stale", 3, "2026-02-14", "2026-03-01", 14,
       ColumnState::kStale},
      {"6 months ok", 1, "2025-09-01", "2026-03-01", 183, ColumnState::kOk},
      {"over 6 months stale", 1, "2025-08-29", "2026-03-01", 183,
       ColumnState::kStale},
      {"a year ok", 1, "2025-03-01", "2026-03-01", 365, ColumnState::kOk},
      {"over a year stale", 1, "2025-02-28", "2026-03-01", 365,
       ColumnState::kStale},
      {"no rule", 1, "2020-01-01", "2026-03-01", 0, ColumnState::kNoRule},
      {"item without a date is not updated", 2, "", "2026-03-01", 14,
       ColumnState::kStale},
      {"a bad date is not updated", 2, "2026-13-01", "2026-03-01", 14,
       ColumnState::kStale},
  };
  for (const JudgeCase& c : cases) {
    EXPECT_EQ(JudgeColumn(c.items, c.last, c.as_of, c.days), c.want) << c.name;
  }
}

TEST(DaysSince, CalendarDays) {
  EXPECT_EQ(DaysSince("2026-02-14", "2026-03-01"), 15);
  EXPECT_EQ(DaysSince("2026-03-01", "2026-03-01"), 0);
  EXPECT_EQ(DaysSince("", "2026-03-01"), 0);
  EXPECT_EQ(DaysSince("2026-03-02", "2026-03-01"), 0);
}

ColumnStatus S(ColumnType t, ColumnState st) {
  ColumnStatus s;
  s.column.type = t;
  s.state = st;
  return s;
}

TEST(CountVetoes, FiveStaleNewsOrNoticesOrFiveBlank) {
  std::vector<ColumnStatus> four;
  for (int i = 0; i < 4; ++i)
    four.push_back(S(ColumnType::kNews, ColumnState::kStale));
  four.push_back(S(ColumnType::kPlans, ColumnState::kStale));
  for (int i = 0; i < 4; ++i)
    four.push_back(S(ColumnType::kSpecial, ColumnState::kBlank));
  VetoCounts v = CountVetoes(four);
  EXPECT_EQ(v.stale, 5);
  EXPECT_EQ(v.stale_a3_a4, 4);
  EXPECT_EQ(v.blank, 4);
  EXPECT_FALSE(v.stale_veto);  // a 规划计划 column does not count (A7)
  EXPECT_FALSE(v.blank_veto);

  four.push_back(S(ColumnType::kPolicies, ColumnState::kStale));
  four.push_back(S(ColumnType::kStatic, ColumnState::kBlank));
  v = CountVetoes(four);
  EXPECT_EQ(v.stale_a3_a4, 5);
  EXPECT_TRUE(v.stale_veto);
  EXPECT_EQ(v.blank, 5);
  EXPECT_TRUE(v.blank_veto);

  std::vector<ColumnStatus> ten;
  for (int i = 0; i < 10; ++i)
    ten.push_back(S(ColumnType::kPersonnel, ColumnState::kStale));
  EXPECT_TRUE(CountVetoes(ten).stale_veto);  // ≥ 10 that should update
  ten.pop_back();
  EXPECT_FALSE(CountVetoes(ten).stale_veto);
}

}  // namespace
}  // namespace zwgk::columns
