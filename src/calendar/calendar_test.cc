#include "calendar/calendar.h"

#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "calendar/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::calendar {
namespace {

using testing::D;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::NationalCalendar;
using testing::NationalSchedule;

// holidays.md, typed in again here (names as the notices table spells them)
// so that the JSON data file is checked against the source, not against
// itself.
struct NoticeRow {
  const char* name;
  const char* off_from;
  const char* off_to;
  std::vector<const char*> working;  // make-up / listed working days
};

const std::vector<NoticeRow>& HolidaysMd() {
  static const auto* rows = new std::vector<NoticeRow>{
      // 2020 (春节 as extended; 02-03 Mon listed as 上班)
      {"元旦", "2020-01-01", "2020-01-01", {}},
      {"春节", "2020-01-24", "2020-02-02", {"2020-01-19", "2020-02-03"}},
      {"清明", "2020-04-04", "2020-04-06", {}},
      {"劳动节", "2020-05-01", "2020-05-05", {"2020-04-26", "2020-05-09"}},
      {"端午", "2020-06-25", "2020-06-27", {"2020-06-28"}},
      {"国庆、中秋", "2020-10-01", "2020-10-08", {"2020-09-27", "2020-10-10"}},
      // 2021
      {"元旦", "2021-01-01", "2021-01-03", {}},
      {"春节", "2021-02-11", "2021-02-17", {"2021-02-07", "2021-02-20"}},
      {"清明", "2021-04-03", "2021-04-05", {}},
      {"劳动节", "2021-05-01", "2021-05-05", {"2021-04-25", "2021-05-08"}},
      {"端午", "2021-06-12", "2021-06-14", {}},
      {"中秋", "2021-09-19", "2021-09-21", {"2021-09-18"}},
      {"国庆", "2021-10-01", "2021-10-07", {"2021-09-26", "2021-10-09"}},
      // 2022
      {"元旦", "2022-01-01", "2022-01-03", {}},
      {"春节", "2022-01-31", "2022-02-06", {"2022-01-29", "2022-01-30"}},
      {"清明", "2022-04-03", "2022-04-05", {"2022-04-02"}},
      {"劳动节", "2022-04-30", "2022-05-04", {"2022-04-24", "2022-05-07"}},
      {"端午", "2022-06-03", "2022-06-05", {}},
      {"中秋", "2022-09-10", "2022-09-12", {}},
      {"国庆", "2022-10-01", "2022-10-07", {"2022-10-08", "2022-10-09"}},
      // 2023
      {"元旦", "2022-12-31", "2023-01-02", {}},
      {"春节", "2023-01-21", "2023-01-27", {"2023-01-28", "2023-01-29"}},
      {"清明", "2023-04-05", "2023-04-05", {}},
      {"劳动节", "2023-04-29", "2023-05-03", {"2023-04-23", "2023-05-06"}},
      {"端午", "2023-06-22", "2023-06-24", {"2023-06-25"}},
      {"中秋、国庆", "2023-09-29", "2023-10-06", {"2023-10-07", "2023-10-08"}},
      // 2024
      {"元旦", "2024-01-01", "2024-01-01", {}},
      {"春节", "2024-02-10", "2024-02-17", {"2024-02-04", "2024-02-18"}},
      {"清明节", "2024-04-04", "2024-04-06", {"2024-04-07"}},
      {"劳动节", "2024-05-01", "2024-05-05", {"2024-04-28", "2024-05-11"}},
      {"端午节", "2024-06-10", "2024-06-10", {}},
      {"中秋节", "2024-09-15", "2024-09-17", {"2024-09-14"}},
      {"国庆节", "2024-10-01", "2024-10-07", {"2024-09-29", "2024-10-12"}},
      // 2025
      {"元旦", "2025-01-01", "2025-01-01", {}},
      {"春节", "2025-01-28", "2025-02-04", {"2025-01-26", "2025-02-08"}},
      {"清明节", "2025-04-04", "2025-04-06", {}},
      {"劳动节", "2025-05-01", "2025-05-05", {"2025-04-27"}},
      {"端午节", "2025-05-31", "2025-06-02", {}},
      {"国庆节、中秋节",
       "2025-10-01",
       "2025-10-08",
       {"2025-09-28", "2025-10-11"}},
      // 2026
      {"元旦", "2026-01-01", "2026-01-03", {"2026-01-04"}},
      {"春节", "2026-02-15", "2026-02-23", {"2026-02-14", "2026-02-28"}},
      {"清明节", "2026-04-04", "2026-04-06", {}},
      {"劳动节", "2026-05-01", "2026-05-05", {"2026-05-09"}},
      {"端午节", "2026-06-19", "2026-06-21", {}},
      {"中秋节", "2026-09-25", "2026-09-27", {}},
      {"国庆节", "2026-10-01", "2026-10-07", {"2026-09-20", "2026-10-10"}},
  };
  return *rows;
}

bool IsWeekend(absl::CivilDay day) {
  const absl::Weekday w = absl::GetWeekday(day);
  return w == absl::Weekday::saturday || w == absl::Weekday::sunday;
}

// Every name of the row ("中秋、国庆") appears in the reason
// ("中秋节、国庆节").
void ExpectNamed(const std::string& reason, const char* row_name,
                 absl::CivilDay day) {
  for (absl::string_view part : absl::StrSplit(row_name, "、")) {
    EXPECT_THAT(reason, HasSubstr(std::string(part))) << FormatDate(day);
  }
}

TEST(CalendarTest, EveryNoticeDayOffMatchesHolidaysMd) {
  const Calendar cal = NationalCalendar();
  int days_off = 0;
  for (const NoticeRow& row : HolidaysMd()) {
    for (absl::CivilDay day = D(row.off_from); day <= D(row.off_to); ++day) {
      const WorkdayAnswer answer = cal.IsWorkday(day);
      EXPECT_FALSE(answer.workday) << FormatDate(day);
      EXPECT_EQ(answer.kind, DayKind::kHoliday) << FormatDate(day);
      ExpectNamed(answer.reason, row.name, day);
      ++days_off;
    }
  }
  EXPECT_EQ(days_off, 208);
}

TEST(CalendarTest, EveryNoticeWorkingDayMatchesHolidaysMd) {
  const Calendar cal = NationalCalendar();
  int working = 0;
  for (const NoticeRow& row : HolidaysMd()) {
    for (const char* text : row.working) {
      const absl::CivilDay day = D(text);
      const WorkdayAnswer answer = cal.IsWorkday(day);
      EXPECT_TRUE(answer.workday) << text;
      ExpectNamed(answer.name, row.name, day);
      if (IsWeekend(day)) {
        EXPECT_EQ(answer.kind, DayKind::kMakeupWorkday) << text;
        EXPECT_EQ(answer.reason, "调休上班") << text;
      } else {
        // 2020-02-03, a Monday listed as 上班 after the extended 春节.
        EXPECT_EQ(answer.kind, DayKind::kWorkday) << text;
      }
      ++working;
    }
  }
  EXPECT_EQ(working, 47);
}

TEST(CalendarTest, EveryOtherDayFollowsTheWeekendRule) {
  std::map<absl::CivilDay, bool> named;
  for (const NoticeRow& row : HolidaysMd()) {
    for (absl::CivilDay d = D(row.off_from); d <= D(row.off_to); ++d) {
      named[d] = false;
    }
    for (const char* text : row.working) named[D(text)] = true;
  }
  const Calendar cal = NationalCalendar();
  EXPECT_EQ(cal.schedule().days.size(), named.size());
  for (absl::CivilDay day = D("2019-12-01"); day <= D("2027-01-31"); ++day) {
    const auto it = named.find(day);
    const bool expected = it != named.end() ? it->second : !IsWeekend(day);
    EXPECT_EQ(cal.IsWorkdayFast(day), expected) << FormatDate(day);
    if (it == named.end()) {
      EXPECT_EQ(cal.IsWorkday(day).reason, IsWeekend(day) ? "周末" : "工作日")
          << FormatDate(day);
    }
  }
}

TEST(CalendarTest, ReasonsAndNames) {
  const Calendar cal = NationalCalendar();
  struct Case {
    const char* day;
    bool workday;
    DayKind kind;
    const char* reason;
  };
  for (const Case& c : std::vector<Case>{
           {"2026-02-14", true, DayKind::kMakeupWorkday, "调休上班"},
           {"2026-02-15", false, DayKind::kHoliday, "春节"},
           {"2026-02-21", false, DayKind::kHoliday, "春节"},  // a Saturday
           {"2026-03-07", false, DayKind::kWeekend, "周末"},
           {"2026-03-09", true, DayKind::kWorkday, "工作日"},
           {"2025-10-06", false, DayKind::kHoliday, "国庆节、中秋节"},
           {"2022-12-31", false, DayKind::kHoliday, "元旦"},
       }) {
    const WorkdayAnswer a = cal.IsWorkday(D(c.day));
    EXPECT_EQ(a.workday, c.workday) << c.day;
    EXPECT_EQ(a.kind, c.kind) << c.day;
    EXPECT_EQ(a.reason, c.reason) << c.day;
    EXPECT_THAT(a.warnings, IsEmpty()) << c.day;
  }
  EXPECT_EQ(cal.IsWorkday(D("2026-02-14")).name, "春节");
}

struct AddCase {
  const char* start;
  int64_t n;
  const char* due;
};

// Hand-counted on a paper calendar.
TEST(CalendarTest, AddWorkdaysAcrossSpringFestivalAndNationalDay) {
  const Calendar cal = NationalCalendar();
  for (const AddCase& c : std::vector<AddCase>{
           {"2026-02-13", 1, "2026-02-14"},  // the example: 调休 Sat
           {"2026-02-13", 2, "2026-02-24"},
           {"2026-02-12", 20, "2026-03-18"},
           {"2026-02-14", 1, "2026-02-24"},
           {"2026-02-15", 1, "2026-02-24"},  // starting on a day off
           {"2026-09-18", 5, "2026-09-24"},  // 09-20 Sun is 调休上班
           {"2026-09-24", 3, "2026-09-30"},  // over 中秋
           {"2026-09-29", 3, "2026-10-09"},  // over 国庆
           {"2026-09-29", 4, "2026-10-10"},  // 10-10 Sat is 调休上班
           {"2025-09-26", 20, "2025-10-30"},
           {"2024-02-08", 3, "2024-02-19"},  // 02-18 Sun is 调休上班
           {"2022-12-30", 1, "2023-01-03"},  // 元旦 from 2022-12-31
           {"2020-01-23", 1, "2020-02-03"},  // extended 春节
           {"2026-03-09", 0, "2026-03-09"},
       }) {
    absl::StatusOr<DayAnswer> due = cal.AddWorkdays(D(c.start), c.n);
    ASSERT_TRUE(due.ok()) << due.status();
    EXPECT_EQ(FormatDate(due->day), c.due) << c.start << " + " << c.n;
    EXPECT_THAT(due->warnings, IsEmpty());
  }
}

TEST(CalendarTest, StartDayCountsConvention) {
  const Calendar cal =
      NationalCalendar({.counting = Counting::kStartDayCounts});
  for (const AddCase& c : std::vector<AddCase>{
           {"2026-02-13", 1, "2026-02-13"},
           {"2026-02-13", 2, "2026-02-14"},
           {"2026-02-15", 1, "2026-02-24"},  // an off start day is not day 1
           {"2026-02-12", 20, "2026-03-17"},
       }) {
    EXPECT_EQ(FormatDate(cal.AddWorkdays(D(c.start), c.n)->day), c.due)
        << c.start << " + " << c.n;
  }
  EXPECT_EQ(cal.WorkdaysBetween(D("2026-02-13"), D("2026-02-13")).count, 1);
  EXPECT_EQ(cal.WorkdaysBetween(D("2026-02-13"), D("2026-02-24")).count, 3);
}

TEST(CalendarTest, NextWorkdayAndWorkdaysBetween) {
  const Calendar cal = NationalCalendar();
  EXPECT_EQ(cal.NextWorkday(D("2026-02-13")).day, D("2026-02-14"));
  EXPECT_EQ(cal.NextWorkday(D("2026-02-14")).day, D("2026-02-24"));
  EXPECT_EQ(cal.NextWorkday(D("2025-09-30")).day, D("2025-10-09"));
  EXPECT_EQ(cal.WorkdaysBetween(D("2026-02-12"), D("2026-03-18")).count, 20);
  EXPECT_EQ(cal.WorkdaysBetween(D("2026-02-13"), D("2026-03-18")).count, 19);
  EXPECT_EQ(cal.WorkdaysBetween(D("2026-02-14"), D("2026-02-23")).count, 0);
  EXPECT_EQ(cal.WorkdaysBetween(D("2026-03-18"), D("2026-02-12")).count, 0);
  EXPECT_EQ(cal.CountWorkdays(D("2026-10-01"), D("2026-10-10")), 3)
      << "10-08, 10-09 and the 调休 Saturday 10-10";
}

TEST(CalendarTest, NegativeOrHugeCountsAreRefused) {
  const Calendar cal = NationalCalendar();
  absl::StatusOr<DayAnswer> negative = cal.AddWorkdays(D("2026-02-13"), -1);
  EXPECT_EQ(negative.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(negative.status().message()),
              HasSubstr("不能为负数"));
  EXPECT_FALSE(cal.AddWorkdays(D("2026-02-13"), kMaxWorkdays + 1).ok());
  EXPECT_TRUE(cal.AddWorkdays(D("2026-02-13"), kMaxWorkdays).ok());
}

std::vector<int> Years(const std::vector<Warning>& warnings) {
  std::vector<int> years;
  for (const Warning& w : warnings) years.push_back(w.year);
  return years;
}

TEST(CalendarTest, UncoveredYearsAnswerWithWeekendsAndWarn) {
  const Calendar cal = NationalCalendar();
  const WorkdayAnswer jan1 = cal.IsWorkday(D("2027-01-01"));  // a Friday
  EXPECT_TRUE(jan1.workday) << "no 2027 notice: only weekends are off";
  ASSERT_EQ(jan1.warnings.size(), 1u);
  EXPECT_EQ(jan1.warnings[0].text, "no holiday schedule for 2027");
  EXPECT_THAT(jan1.warnings[0].text_zh, HasSubstr("2027"));

  absl::StatusOr<DayAnswer> due = cal.AddWorkdays(D("2026-12-30"), 5);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->day, D("2027-01-06"));
  EXPECT_THAT(Years(due->warnings), ElementsAre(2027));
  EXPECT_THAT(WarningTexts(due->warnings),
              ElementsAre("no holiday schedule for 2027"));

  EXPECT_THAT(
      Years(cal.WorkdaysBetween(D("2018-12-31"), D("2027-01-01")).warnings),
      ElementsAre(2018, 2019, 2027));
  EXPECT_THAT(cal.NextWorkday(D("2026-06-01")).warnings, IsEmpty());
}

TEST(CalendarTest, LocalOverridesWinOverNationalDays) {
  Schedule local;
  local.days[D("2026-03-10")] = {DayStatus::kOff, "防汛停止办公",
                                 DaySource::kLocal};
  local.days[D("2026-02-22")] = {DayStatus::kWork, "集中办公",
                                 DaySource::kLocal};
  const Calendar cal = Calendar::FromSchedules(NationalSchedule(), local);

  const WorkdayAnswer closure = cal.IsWorkday(D("2026-03-10"));
  EXPECT_FALSE(closure.workday);
  EXPECT_EQ(closure.kind, DayKind::kLocalClosure);
  EXPECT_EQ(closure.reason, "防汛停止办公");

  const WorkdayAnswer open = cal.IsWorkday(D("2026-02-22"));  // 春节 Sunday
  EXPECT_TRUE(open.workday);
  EXPECT_EQ(open.kind, DayKind::kLocalWorkday);
  EXPECT_EQ(open.reason, "集中办公");

  EXPECT_EQ(cal.AddWorkdays(D("2026-03-09"), 1)->day, D("2026-03-11"));
  EXPECT_EQ(cal.AddWorkdays(D("2026-02-14"), 1)->day, D("2026-02-22"));
}

// --- Property tests against a day-by-day counter ----------------------------

bool NaiveWorkday(const Schedule& schedule, absl::CivilDay day) {
  const auto it = schedule.days.find(day);
  if (it != schedule.days.end()) return it->second.status == DayStatus::kWork;
  return !IsWeekend(day);
}

absl::CivilDay NaiveAdd(const Schedule& schedule, absl::CivilDay day, int64_t n,
                        Counting counting) {
  if (n == 0) return day;
  if (counting == Counting::kStartDayCounts) --day;
  for (int64_t k = 0; k < n;) {
    ++day;
    if (NaiveWorkday(schedule, day)) ++k;
  }
  return day;
}

int64_t NaiveBetween(const Schedule& schedule, absl::CivilDay a,
                     absl::CivilDay b, Counting counting) {
  int64_t count = 0;
  for (absl::CivilDay d = counting == Counting::kNextDay ? a + 1 : a; d <= b;
       ++d) {
    count += NaiveWorkday(schedule, d) ? 1 : 0;
  }
  return count;
}

void CheckAgainstNaive(const Schedule& schedule, CalendarOptions options,
                       absl::CivilDay from, int span_days, int iterations,
                       uint32_t seed) {
  const Calendar cal(schedule, options);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> offset(0, span_days);
  std::uniform_int_distribution<int> count(0, 60);
  for (int i = 0; i < iterations; ++i) {
    const absl::CivilDay start = from + offset(rng);
    const int n = count(rng);
    absl::StatusOr<DayAnswer> got = cal.AddWorkdays(start, n);
    ASSERT_TRUE(got.ok());
    ASSERT_EQ(got->day, NaiveAdd(schedule, start, n, options.counting))
        << FormatDate(start) << " + " << n;
    const absl::CivilDay end = start + count(rng);
    ASSERT_EQ(cal.WorkdaysBetween(start, end).count,
              NaiveBetween(schedule, start, end, options.counting))
        << FormatDate(start) << " .. " << FormatDate(end);
    absl::CivilDay next = start + 1;
    while (!NaiveWorkday(schedule, next)) ++next;
    ASSERT_EQ(cal.NextWorkday(start).day, next) << FormatDate(start);
  }
}

TEST(CalendarPropertyTest, MatchesNaiveCounterInsideTheTable) {
  CheckAgainstNaive(NationalSchedule(), {}, D("2019-10-01"), 365 * 8, 5000,
                    20260213);
  CheckAgainstNaive(NationalSchedule(), {.counting = Counting::kStartDayCounts},
                    D("2019-10-01"), 365 * 8, 5000, 42);
}

TEST(CalendarPropertyTest, MatchesNaiveCounterOutsideTheTable) {
  // The table shrinks to the schedule's years (2020–2026), so starts from
  // 2010 to 2036 cross both weekday-only fallbacks and the table edges.
  const CalendarOptions narrow{.table_first_year = 2024,
                               .table_last_year = 2024};
  CheckAgainstNaive(NationalSchedule(), narrow, D("2010-01-01"), 365 * 26, 5000,
                    7);
  // No schedule at all: weekends only, far from the epoch in both directions.
  CheckAgainstNaive(Schedule{}, narrow, D("1900-01-01"), 365 * 200, 3000, 11);
}

TEST(CalendarTest, MergeSchedulesPrefersOverridesAndUnitesYears) {
  Schedule base;
  base.days[D("2026-03-10")] = {DayStatus::kWork, "a", DaySource::kNational};
  base.years = {2026};
  Schedule over;
  over.days[D("2026-03-10")] = {DayStatus::kOff, "b", DaySource::kLocal};
  over.years = {2027};
  const Schedule merged = MergeSchedules(base, over);
  EXPECT_EQ(merged.days.at(D("2026-03-10")).name, "b");
  EXPECT_THAT(merged.years, ElementsAre(2026, 2027));
}

TEST(ParseDateTest, StrictFormatAndRealDates) {
  EXPECT_EQ(*ParseDate("2024-02-29"), absl::CivilDay(2024, 2, 29));
  struct Bad {
    const char* text;
    const char* message;
  };
  for (const Bad& bad : std::vector<Bad>{
           {"2026-02-30", "2026年2月只有28天"},
           {"2025-04-31", "4月只有30天"},
           {"2026-13-01", "月份应为01–12"},
           {"2026-2-3", "日期格式应为YYYY-MM-DD"},
           {"2026/02/03", "日期格式应为YYYY-MM-DD"},
           {"2026-02-03x", "日期格式应为YYYY-MM-DD"},
           {"", "日期格式应为YYYY-MM-DD"},
       }) {
    absl::StatusOr<absl::CivilDay> day = ParseDate(bad.text);
    ASSERT_FALSE(day.ok()) << bad.text;
    EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(day.status().message()), HasSubstr(bad.message))
        << bad.text;
  }
  EXPECT_EQ(FormatDate(absl::CivilDay(2026, 2, 4)), "2026-02-04");
  EXPECT_EQ(WeekdayName(D("2026-02-14")), "周六");
}

}  // namespace
}  // namespace zwgk::calendar
