#include "catalog/cadence.h"

#include <optional>
#include <string>

#include "gtest/gtest.h"

namespace zwgk::catalog {
namespace {

struct CadenceCase {
  std::string text;
  std::optional<Cadence> cadence;
};

class ParseCadenceTest : public testing::TestWithParam<CadenceCase> {};

TEST_P(ParseCadenceTest, ReadsTheNamedPeriod) {
  EXPECT_EQ(ParseCadence(GetParam().text), GetParam().cadence)
      << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Texts, ParseCadenceTest,
    testing::Values(CadenceCase{"每月10日前公开上月数据", Cadence::kMonthly},
                    CadenceCase{"按月公开", Cadence::kMonthly},
                    CadenceCase{"逐月更新", Cadence::kMonthly},
                    CadenceCase{"每季度", Cadence::kQuarterly},
                    CadenceCase{"按季度公开", Cadence::kQuarterly},
                    CadenceCase{"每季更新一次", Cadence::kQuarterly},
                    CadenceCase{"每半年公开一次", Cadence::kHalfYearly},
                    CadenceCase{"每年", Cadence::kYearly},
                    CadenceCase{"每年度公开", Cadence::kYearly},
                    CadenceCase{"按年度公开", Cadence::kYearly},
                    CadenceCase{"每年3月31日前", Cadence::kYearly},
                    // Several periods: the most frequent one is owed.
                    CadenceCase{"每季度公开，每年汇总", Cadence::kQuarterly},
                    // No recurrence named.
                    CadenceCase{"年度任务完成后20个工作日内", std::nullopt},
                    CadenceCase{"评价年度结束后公开", std::nullopt},
                    CadenceCase{"自信息形成或者变更之日起20个工作日内",
                                std::nullopt},
                    CadenceCase{"季度终了后10日内", std::nullopt},
                    CadenceCase{"半年", std::nullopt},
                    CadenceCase{"", std::nullopt},
                    CadenceCase{"实时公开", std::nullopt}));

struct PeriodCase {
  Cadence cadence;
  absl::CivilDay as_of;
  absl::CivilDay start, end;
  std::string label;
};

class LatestEndedPeriodTest : public testing::TestWithParam<PeriodCase> {};

TEST_P(LatestEndedPeriodTest, EndsOnOrBeforeTheDay) {
  const PeriodCase& c = GetParam();
  CadencePeriod p = LatestEndedPeriod(c.cadence, c.as_of);
  EXPECT_EQ(p.start, c.start) << c.label;
  EXPECT_EQ(p.end, c.end) << c.label;
  EXPECT_EQ(p.label, c.label);
}

using D = absl::CivilDay;
INSTANTIATE_TEST_SUITE_P(
    Days, LatestEndedPeriodTest,
    testing::Values(PeriodCase{Cadence::kMonthly, D(2026, 12, 3),
                               D(2026, 11, 1), D(2026, 11, 30), "2026年11月"},
                    PeriodCase{Cadence::kMonthly, D(2026, 1, 15),
                               D(2025, 12, 1), D(2025, 12, 31), "2025年12月"},
                    // The last day of a month: that month has ended.
                    PeriodCase{Cadence::kMonthly, D(2026, 2, 28), D(2026, 2, 1),
                               D(2026, 2, 28), "2026年2月"},
                    PeriodCase{Cadence::kQuarterly, D(2026, 12, 3),
                               D(2026, 7, 1), D(2026, 9, 30), "2026年第三季度"},
                    PeriodCase{Cadence::kQuarterly, D(2026, 2, 10),
                               D(2025, 10, 1), D(2025, 12, 31),
                               "2025年第四季度"},
                    PeriodCase{Cadence::kQuarterly, D(2026, 3, 31),
                               D(2026, 1, 1), D(2026, 3, 31), "2026年第一季度"},
                    PeriodCase{Cadence::kHalfYearly, D(2026, 12, 3),
                               D(2026, 1, 1), D(2026, 6, 30), "2026年上半年"},
                    PeriodCase{Cadence::kHalfYearly, D(2026, 3, 1),
                               D(2025, 7, 1), D(2025, 12, 31), "2025年下半年"},
                    PeriodCase{Cadence::kYearly, D(2026, 12, 3), D(2025, 1, 1),
                               D(2025, 12, 31), "2025年"},
                    PeriodCase{Cadence::kYearly, D(2026, 12, 31), D(2026, 1, 1),
                               D(2026, 12, 31), "2026年"}));

}  // namespace
}  // namespace zwgk::catalog
