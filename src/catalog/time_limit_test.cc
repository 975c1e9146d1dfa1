#include "catalog/time_limit.h"

#include <optional>
#include <string>

#include "gtest/gtest.h"

namespace zwgk::catalog {
namespace {

constexpr Period kUnparsed{};
constexpr Period Working(int n) {
  return {.kind = PeriodKind::kWorkingDays, .days = n};
}
constexpr Period Calendar(int n) {
  return {.kind = PeriodKind::kCalendarDays, .days = n};
}
constexpr Period kRealtime{.kind = PeriodKind::kRealtime};
constexpr Period kTimely{.kind = PeriodKind::kTimely};

struct Case {
  std::string text;
  Period period;
  bool period_is_publicity = false;
  std::optional<Period> publicity = std::nullopt;
};

class TimeLimitTest : public testing::TestWithParam<Case> {};

TEST_P(TimeLimitTest, Parses) {
  const Case& c = GetParam();
  const TimeLimit t = ParseTimeLimit(c.text);
  EXPECT_EQ(t.text, c.text);
  EXPECT_EQ(t.period, c.period) << c.text;
  EXPECT_EQ(t.period_is_publicity, c.period_is_publicity) << c.text;
  EXPECT_EQ(t.publicity, c.publicity) << c.text;
  EXPECT_EQ(t.needs_review(), c.period.kind == PeriodKind::kUnparsed) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Wordings, TimeLimitTest,
    testing::Values(
        // The statutory wording and its variants.
        Case{"自信息形成或者变更之日起20个工作日内", Working(20)},
        Case{"信息形成或者变更之日起20个工作日内", Working(20)},
        Case{"自信息形成或者变更之日起 20 "
             "个工作日内；法律法规另有规定的，从其规定",
             Working(20)},
        Case{"信息形成20个工作日内公开", Working(20)},
        Case{"制定或获取信息之日起10个工作日内", Working(10)},
        Case{"自信息形成之日起十个工作日内", Working(10)},
        Case{"二十个工作日内", Working(20)},
        Case{"２０个工作日内", Working(20)},
        Case{"20个工作日内及时公开", Working(20)},
        // Calendar days: 日 and 天 in law are calendar days.
        Case{"经本级人大或其常委会批准后20日内", Calendar(20)},
        Case{"本级财政部门批复后20日内", Calendar(20)},
        Case{"批复后15天内公开", Calendar(15)},
        Case{"收到申请后7个自然日内", Calendar(7)},
        // 公示: a publicity period.
        Case{"公示7个工作日", Working(7), true, Working(7)},
        Case{"公示期不少于7个工作日", Working(7), true, Working(7)},
        Case{"审核结果公示期为7天", Calendar(7), true, Calendar(7)},
        Case{"信息形成之日起3个工作日内公开，公示期不少于7个工作日", Working(3),
             false, Working(7)},
        // 内 makes it a deadline even after 公示.
        Case{"自作出行政决定之日起7个工作日内公示", Working(7)},
        // Without a number.
        Case{"实时公开", kRealtime}, Case{"即时公开", kRealtime},
        Case{"及时公开", kTimely}, Case{" 及时 ", kTimely},
        // Never guessed.
        Case{"", kUnparsed}, Case{"长期公开", kUnparsed},
        Case{"每年3月31日前", kUnparsed}, Case{"年度终了后20日内", kUnparsed},
        Case{"每季度公开一次", kUnparsed}, Case{"1个月内", kUnparsed},
        Case{"24小时内", kUnparsed}, Case{"5-10个工作日", kUnparsed},
        Case{"0个工作日", kUnparsed},
        Case{"实时公开，20个工作日内更新", kUnparsed},
        Case{"实时或及时公开", kUnparsed},
        Case{"信息形成20个工作日内公开；其中行政许可、行政处罚事项应自作出行政"
             "决定之日起7个工作日内公示",
             kUnparsed},
        Case{"根据工作进度公开", kUnparsed},
        Case{"\xff\xfe"
             "20个工作日内",
             Working(20)}));

TEST(PeriodLabelTest, Labels) {
  EXPECT_EQ(PeriodLabel(Working(20)), "20个工作日");
  EXPECT_EQ(PeriodLabel(Calendar(20)), "20日");
  EXPECT_EQ(PeriodLabel(kRealtime), "实时");
  EXPECT_EQ(PeriodLabel(kTimely), "及时");
  EXPECT_EQ(PeriodLabel(kUnparsed), "待审核");
}

}  // namespace
}  // namespace zwgk::catalog
