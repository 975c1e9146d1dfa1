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

TEST(Clock, LocalMinuteInAConfiguredZone) {
  const absl::Time t = absl::FromCivil(
      absl::CivilSecond(2026, 12, 2, 17, 35, 9), absl::UTCTimeZone());
  struct Case {
    const char* zone;
    const char* want;
  };
  const Case cases[] = {
      {"Asia/Shanghai", "2026-12-03 01:35"},
      {"Asia/Urumqi", "2026-12-02 23:35"},
      {"UTC", "2026-12-02 17:35"},
      {"America/New_York", "2026-12-02 12:35"},
  };
  for (const Case& c : cases) {
    std::optional<absl::TimeZone> zone = LoadDisplayZone(c.zone);
    ASSERT_TRUE(zone.has_value()) << c.zone;
    EXPECT_EQ(FormatLocalMinute(t, *zone), c.want) << c.zone;
  }
  EXPECT_EQ(LoadDisplayZone("Mars/Olympus"), std::nullopt);
}

TEST(Clock, StoredTimestampsAreShownInTheDisplayZone) {
  // The default display zone is Beijing time.
  EXPECT_EQ(DisplayTimeZone(), ChinaTimeZone());
  EXPECT_EQ(LocalMinute("2026-12-02T17:35:09Z"), "2026-12-03 01:35");
  EXPECT_EQ(LocalDate("2026-12-02T17:35:09Z"), "2026-12-03");
  EXPECT_EQ(LocalMinute("2026-12-03T01:35:00+08:00"), "2026-12-03 01:35");
  // Not a timestamp: left as it is; empty stays empty.
  EXPECT_EQ(LocalMinute("2026-12-03"), "2026-12-03");
  EXPECT_EQ(LocalMinute(""), "");
  EXPECT_EQ(ParseTimestamp("garbage"), std::nullopt);

  SetDisplayTimeZone(*LoadDisplayZone("UTC"));
  EXPECT_EQ(LocalMinute("2026-12-02T17:35:09Z"), "2026-12-02 17:35");
  EXPECT_EQ(LocalDate("2026-12-02T17:35:09Z"), "2026-12-02");
  // The legal calendar does not follow the display zone.
  FakeClock clock(*ParseTimestamp("2026-12-02T17:35:09Z"));
  EXPECT_EQ(Today(clock), absl::CivilDay(2026, 12, 3));
  SetDisplayTimeZone(ChinaTimeZone());
  EXPECT_EQ(LocalMinute("2026-12-02T17:35:09Z"), "2026-12-03 01:35");
}

}  // namespace
}  // namespace zwgk
