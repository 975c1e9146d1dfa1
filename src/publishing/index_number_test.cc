#include "publishing/index_number.h"

#include "gtest/gtest.h"
#include "publishing/topics.h"

namespace zwgk::publishing {
namespace {

TEST(IndexNumber, FormatsThePatternsSeenOnPortals) {
  struct Case {
    const char* pattern;
    const char* org;
    absl::CivilDay day;
    int64_t serial;
    const char* want;
  };
  const Case cases[] = {
      {"{org}/{yyyy}-{serial}", "000014349", absl::CivilDay(2017, 5, 2), 156,
       "000014349/2017-00156"},
      {"{org}/{yyyymm}-{serial}", "11341702486344515H",
       absl::CivilDay(2021, 10, 8), 13, "11341702486344515H/202110-00013"},
      {"{org}-{yyyy}-{serial:6}", "0142768-8", absl::CivilDay(2022, 1, 1), 1,
       "0142768-8-2022-000001"},
      {"{org}/{yyyy}-{serial:3}", "X", absl::CivilDay(2026, 12, 31), 999,
       "X/2026-999"},
  };
  for (const Case& c : cases) {
    auto p = ParseIndexPattern(c.pattern);
    ASSERT_TRUE(p.ok()) << c.pattern << ": " << p.status();
    auto got = FormatIndexNumber(*p, c.org, c.day, c.serial);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(*got, c.want) << c.pattern;
  }
}

TEST(IndexNumber, PeriodIsYearOrMonth) {
  auto yearly = ParseIndexPattern("{org}/{yyyy}-{serial}");
  auto monthly = ParseIndexPattern("{org}/{yyyymm}-{serial}");
  ASSERT_TRUE(yearly.ok() && monthly.ok());
  EXPECT_EQ(IndexPeriod(*yearly, absl::CivilDay(2026, 3, 9)), "2026");
  EXPECT_EQ(IndexPeriod(*monthly, absl::CivilDay(2026, 3, 9)), "202603");
  EXPECT_FALSE(yearly->monthly);
  EXPECT_TRUE(monthly->monthly);
}

TEST(IndexNumber, RejectsPatternsThatCannotBeUnique) {
  struct Case {
    const char* pattern;
    const char* message_part;
  };
  const Case cases[] = {
      {"{yyyy}-{serial}", "{org}"},        {"{org}/{yyyy}", "{serial}"},
      {"{org}/{serial}", "{yyyy}"},        {"{org}/{yyyy}-{seq}", "{seq}"},
      {"{org}/{yyyy}-{serial:2}", "3至8"}, {"{org}/{yyyy}-{serial", "没有对应"},
  };
  for (const Case& c : cases) {
    auto p = ParseIndexPattern(c.pattern);
    ASSERT_FALSE(p.ok()) << c.pattern;
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(p.status().message().find(c.message_part), std::string::npos)
        << c.pattern << ": " << p.status().message();
  }
}

TEST(IndexNumber, SerialOverflowIsAnErrorNotATruncation) {
  auto p = ParseIndexPattern("{org}/{yyyy}-{serial:3}");
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(
      FormatIndexNumber(*p, "X", absl::CivilDay(2026, 1, 1), 1000).ok());
}

TEST(Topics, ResolvesWhatPeopleType) {
  TopicRegistry t = TopicRegistry::Embedded();
  ASSERT_EQ(t.all().size(), 22u);
  struct Case {
    const char* text;
    const char* topic;
    const char* subtopic;
  };
  const Case ok[] = {
      {"民政、扶贫、救灾", "民政、扶贫、救灾", ""},
      {"民政、扶贫、救灾/社会福利", "民政、扶贫、救灾", "社会福利"},
      {"社会福利", "民政、扶贫、救灾", "社会福利"},
      {"重大建设项目", "国民经济管理、国有资产监管", "重大建设项目"},
      {"农业、畜牧业、渔业", "农业、林业、水利", "农业、畜牧业、渔业"},
      {"17", "民政、扶贫、救灾", ""},
  };
  for (const Case& c : ok) {
    auto r = t.Resolve(c.text);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.status();
    EXPECT_EQ(r->topic, c.topic) << c.text;
    EXPECT_EQ(r->subtopic, c.subtopic) << c.text;
  }
  for (const char* bad : {"", "其它", "民政", "民政、扶贫、救灾/教育", "99"}) {
    EXPECT_FALSE(t.Resolve(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace zwgk::publishing
