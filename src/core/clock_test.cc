#include "core/clock.h"

#include "gtest/gtest.h"

namespace zwgk {
namespace {

TEST(ParseDay, StrictDates) {
  EXPECT_EQ(ParseDay("2026-02-13"), absl::CivilDay(2026, 2, 13));
  for (const char* bad :
       {"2026-02-30", "2026-2-3", "20260213", "2026-13-01", "abcd-ef-gh", ""}) {
    EXPECT_EQ(ParseDay(bad), std::nullopt) << bad;
  }
}

TEST(Clock, TodayIsInChinaTime) {
  // 2026-02-13 17:00 UTC is already 02-14 01:00 in Beijing.
  FakeClock clock(absl::FromCivil(absl::CivilSecond(2026, 2, 13, 17, 0, 0),
                                  absl::UTCTimeZone()));
  EXPECT_EQ(Today(clock), absl::CivilDay(2026, 2, 14));
  clock.Advance(absl::Hours(24));
  EXPECT_EQ(Today(clock), absl::CivilDay(2026, 2, 15));
  EXPECT_EQ(FormatTimestamp(StartOfDay(absl::CivilDay(2026, 1, 1))),
            "2025-12-31T16:00:00Z");
}

}  // namespace
}  // namespace zwgk
