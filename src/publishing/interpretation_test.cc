// The 政策解读 三同步 rule, table-tested on a calendar of weekends only.
#include "publishing/interpretation.h"

#include <string>
#include <vector>

#include "calendar/calendar.h"
#include "gtest/gtest.h"

namespace zwgk::publishing {
namespace {

calendar::Calendar Weekends() {
  return calendar::Calendar(calendar::Schedule{});
}

struct Case {
  const char* name;
  InterpretationFacts facts;
  int days;
  absl::CivilDay as_of;
  InterpretationState state;
  std::string due_on;
  int64_t count;
};

// 2026-03-02 is a Monday: three working days after it end on Thursday 5.
const Case kCases[] = {
    {"same_day",
     {"2026-03-02", {"2026-03-02"}, false},
     3,
     absl::CivilDay(2026, 3, 20),
     InterpretationState::kOnTime,
     "2026-03-05",
     0},
    {"before_the_policy",
     {"2026-03-02", {"2026-02-27"}, false},
     3,
     absl::CivilDay(2026, 3, 20),
     InterpretationState::kOnTime,
     "2026-03-05",
     0},
    {"on_the_last_day",
     {"2026-03-02", {"2026-03-05"}, false},
     3,
     absl::CivilDay(2026, 3, 20),
     InterpretationState::kOnTime,
     "2026-03-05",
     0},
    {"five_working_days_later_over_a_weekend",
     {"2026-03-02", {"2026-03-09"}, false},
     3,
     absl::CivilDay(2026, 3, 20),
     InterpretationState::kLate,
     "2026-03-05",
     5},
    {"the_earliest_counts",
     {"2026-03-02", {"2026-03-12", "2026-03-04"}, false},
     3,
     absl::CivilDay(2026, 3, 20),
     InterpretationState::kOnTime,
     "2026-03-05",
     0},
    {"unpublished_ignored",
     {"2026-03-02", {""}, false},
     3,
     absl::CivilDay(2026, 3, 4),
     InterpretationState::kPending,
     "2026-03-05",
     0},
    {"pending_on_the_last_day",
     {"2026-03-02", {}, false},
     3,
     absl::CivilDay(2026, 3, 5),
     InterpretationState::kPending,
     "2026-03-05",
     0},
    {"missing_the_day_after",
     {"2026-03-02", {}, false},
     3,
     absl::CivilDay(2026, 3, 6),
     InterpretationState::kMissing,
     "2026-03-05",
     1},
    {"missing_over_a_weekend",
     {"2026-03-02", {}, false},
     3,
     absl::CivilDay(2026, 3, 9),
     InterpretationState::kMissing,
     "2026-03-05",
     2},
    {"published_after_as_of_is_missing_then",
     {"2026-03-02", {"2026-03-12"}, false},
     3,
     absl::CivilDay(2026, 3, 10),
     InterpretationState::kMissing,
     "2026-03-05",
     3},
    {"waived",
     {"2026-03-02", {}, true},
     3,
     absl::CivilDay(2026, 3, 20),
     InterpretationState::kWaived,
     "2026-03-05",
     0},
    {"waived_then_late_stays_waived",
     {"2026-03-02", {"2026-03-16"}, true},
     3,
     absl::CivilDay(2026, 3, 20),
     InterpretationState::kWaived,
     "2026-03-05",
     0},
    {"waived_but_on_time",
     {"2026-03-02", {"2026-03-03"}, true},
     3,
     absl::CivilDay(2026, 3, 20),
     InterpretationState::kOnTime,
     "2026-03-05",
     0},
    {"office_allows_five_days",
     {"2026-03-02", {"2026-03-09"}, false},
     5,
     absl::CivilDay(2026, 3, 20),
     InterpretationState::kOnTime,
     "2026-03-09",
     0},
    {"office_allows_one_day",
     {"2026-03-06", {"2026-03-10"}, false},
     1,
     absl::CivilDay(2026, 3, 20),
     InterpretationState::kLate,
     "2026-03-09",
     2},
};

class JudgeInterpretationTest : public ::testing::TestWithParam<Case> {};

TEST_P(JudgeInterpretationTest, Judges) {
  const Case& c = GetParam();
  InterpretationJudgement j =
      JudgeInterpretation(c.facts, Weekends(), c.days, c.as_of);
  EXPECT_EQ(j.state, c.state);
  EXPECT_EQ(j.due_on, c.due_on);
  EXPECT_EQ(j.days, c.count);
}

INSTANTIATE_TEST_SUITE_P(Table, JudgeInterpretationTest,
                         ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

TEST(InterpretationLabelTest, NamesTheDaysAndTheDeadline) {
  InterpretationJudgement late =
      JudgeInterpretation({"2026-03-02", {"2026-03-09"}, false}, Weekends(), 3,
                          absl::CivilDay(2026, 3, 20));
  EXPECT_EQ(InterpretationLabel(late),
            "解读晚于政策5个工作日发布（应于2026-03-05前）");
  InterpretationJudgement missing = JudgeInterpretation(
      {"2026-03-02", {}, false}, Weekends(), 3, absl::CivilDay(2026, 3, 9));
  EXPECT_EQ(InterpretationLabel(missing),
            "缺少政策解读（应于2026-03-05前发布，已逾期2个工作日）");
  EXPECT_TRUE(Flagged(late));
  EXPECT_TRUE(Flagged(missing));
  EXPECT_FALSE(Flagged(JudgeInterpretation({"2026-03-02", {}, true}, Weekends(),
                                           3, absl::CivilDay(2026, 3, 9))));
}

}  // namespace
}  // namespace zwgk::publishing
