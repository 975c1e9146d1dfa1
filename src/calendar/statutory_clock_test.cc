#include "calendar/statutory_clock.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
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

const Calendar& National() {
  static const auto* cal = new Calendar(NationalCalendar());
  return *cal;
}

ClockResult Compute(const Period& period, std::vector<ClockEvent> events,
                    ClockOptions options = {}) {
  absl::StatusOr<ClockResult> result =
      ComputeClock(National(), period, events, options);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : ClockResult{};
}

std::string Due(const ClockResult& r) {
  return r.due.has_value() ? FormatDate(*r.due) : "none";
}

const TraceEntry* Entry(const ClockResult& r, absl::string_view day,
                        TraceKind kind) {
  for (const TraceEntry& e : r.trace) {
    if (e.day == D(day) && e.kind == kind) return &e;
  }
  return nullptr;
}

// --- Due dates, hand-computed ----------------------------------------------

struct DueCase {
  const char* name;
  Period period;
  std::vector<ClockEvent> events;
  const char* due;
  const char* original_due;
};

TEST(StatutoryClockTest, DueDates) {
  const std::vector<DueCase> cases = {
      {"issue example: 调休 Saturday",
       Period::WorkingDays(1),
       {ClockEvent::Start(D("2026-02-13"))},
       "2026-02-14",
       "2026-02-14"},
      {"20 working days over 春节",
       Period::WorkingDays(20),
       {ClockEvent::Start(D("2026-02-12"))},
       "2026-03-18",
       "2026-03-18"},
      {"plain March",
       Period::WorkingDays(20),
       {ClockEvent::Start(D("2026-03-02"))},
       "2026-03-30",
       "2026-03-30"},
      {"pause Tue–Thu skips 3 working days",
       Period::WorkingDays(20),
       {ClockEvent::Start(D("2026-03-02")),
        ClockEvent::Pause(D("2026-03-10"), D("2026-03-12"), "征求第三方意见")},
       "2026-04-02",
       "2026-04-02"},
      {"pause over a weekend skips only Fri and Mon",
       Period::WorkingDays(20),
       {ClockEvent::Start(D("2026-03-02")),
        ClockEvent::Pause(D("2026-03-13"), D("2026-03-16"))},
       "2026-04-01",
       "2026-04-01"},
      {"overlapping pauses count once",
       Period::WorkingDays(20),
       {ClockEvent::Start(D("2026-03-02")),
        ClockEvent::Pause(D("2026-03-10"), D("2026-03-11")),
        ClockEvent::Pause(D("2026-03-11"), D("2026-03-12"))},
       "2026-04-02",
       "2026-04-02"},
      {"restart after 补正",
       Period::WorkingDays(20),
       {ClockEvent::Start(D("2026-03-02")),
        ClockEvent::Restart(D("2026-03-05"), "收到补正")},
       "2026-04-02",
       "2026-04-02"},
      {"extension of 20 over 清明",
       Period::WorkingDays(20),
       {ClockEvent::Start(D("2026-03-02")), ClockEvent::Extend(20)},
       "2026-04-28",
       "2026-03-30"},
      {"restart + pause + extension across 中秋 and 国庆",
       Period::WorkingDays(20),
       {ClockEvent::Start(D("2026-09-01")),
        ClockEvent::Restart(D("2026-09-03")),
        ClockEvent::Pause(D("2026-09-14"), D("2026-09-15"), "征求其他机关意见"),
        ClockEvent::Extend(10, D("2026-10-09"))},
       "2026-10-23",
       "2026-10-10"},
      {"pause before the restart no longer matters",
       Period::WorkingDays(20),
       {ClockEvent::Start(D("2026-03-02")),
        ClockEvent::Pause(D("2026-03-03"), D("2026-03-04")),
        ClockEvent::Restart(D("2026-03-05"))},
       "2026-04-02",
       "2026-04-02"},
      {"15 calendar days ending on 春节 roll forward",
       Period::CalendarDays(15),
       {ClockEvent::Start(D("2026-02-06"))},
       "2026-02-24",
       "2026-02-24"},
      {"10 calendar days",
       Period::CalendarDays(10),
       {ClockEvent::Start(D("2026-03-02"))},
       "2026-03-12",
       "2026-03-12"},
      {"calendar days with a pause, ending on a Saturday",
       Period::CalendarDays(10),
       {ClockEvent::Start(D("2026-03-02")),
        ClockEvent::Pause(D("2026-03-05"), D("2026-03-06"))},
       "2026-03-16",
       "2026-03-16"},
      {"实时 on a 调休 Saturday",
       Period::Realtime(),
       {ClockEvent::Start(D("2026-02-14"))},
       "2026-02-14",
       "2026-02-14"},
      {"实时 during 春节",
       Period::Realtime(),
       {ClockEvent::Start(D("2026-02-15"))},
       "2026-02-24",
       "2026-02-24"},
      {"实时 on a weekend",
       Period::Realtime(),
       {ClockEvent::Start(D("2026-03-07"))},
       "2026-03-09",
       "2026-03-09"},
      {"0 working days is due the start day",
       Period::WorkingDays(0),
       {ClockEvent::Start(D("2026-03-09"))},
       "2026-03-09",
       "2026-03-09"},
  };
  for (const DueCase& c : cases) {
    const ClockResult r = Compute(c.period, c.events);
    EXPECT_EQ(Due(r), c.due) << c.name;
    ASSERT_TRUE(r.original_due.has_value()) << c.name;
    EXPECT_EQ(FormatDate(*r.original_due), c.original_due) << c.name;
    EXPECT_THAT(r.warnings, IsEmpty()) << c.name;
    ASSERT_FALSE(r.trace.empty()) << c.name;
    EXPECT_EQ(r.trace.back().kind, TraceKind::kDue) << c.name;
    EXPECT_EQ(FormatDate(r.trace.back().day), c.due) << c.name;
  }
}

TEST(StatutoryClockTest, StartDayCountsConvention) {
  const Calendar cal =
      NationalCalendar({.counting = Counting::kStartDayCounts});
  const ClockEvent start = ClockEvent::Start(D("2026-03-02"));
  absl::StatusOr<ClockResult> r =
      ComputeClock(cal, Period::WorkingDays(20), {start});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->due, D("2026-03-27"));
  EXPECT_EQ(r->trace[0].text, "起算日（计入）");
  EXPECT_EQ(r->trace[1].number, 1);
  EXPECT_EQ(r->trace[1].day, D("2026-03-02"));
}

TEST(StatutoryClockTest, TraceExplainsEveryDay) {
  const ClockResult r =
      Compute(Period::WorkingDays(20), {ClockEvent::Start(D("2026-02-12"))});
  ASSERT_GE(r.trace.size(), 2u);
  EXPECT_EQ(r.trace[0].kind, TraceKind::kStart);
  EXPECT_EQ(r.trace[0].text, "起算日（不计入）");
  EXPECT_EQ(r.trace[1].day, D("2026-02-13"));
  EXPECT_EQ(r.trace[1].text, "第1个工作日");

  const TraceEntry* saturday = Entry(r, "2026-02-14", TraceKind::kCounted);
  ASSERT_NE(saturday, nullptr);
  EXPECT_EQ(saturday->number, 2);
  EXPECT_EQ(saturday->text, "第2个工作日（调休上班）");

  for (absl::CivilDay d = D("2026-02-15"); d <= D("2026-02-23"); ++d) {
    const TraceEntry* off = Entry(r, FormatDate(d), TraceKind::kSkipped);
    ASSERT_NE(off, nullptr) << FormatDate(d);
    EXPECT_EQ(off->text, "春节");
  }
  EXPECT_EQ(Entry(r, "2026-03-01", TraceKind::kSkipped)->text, "周末");
  EXPECT_EQ(Entry(r, "2026-03-18", TraceKind::kCounted)->number, 20);
  EXPECT_EQ(Entry(r, "2026-03-18", TraceKind::kDue)->text, "期限届满");

  // One entry per day from the start to the due date, plus the due marker.
  EXPECT_EQ(r.trace.size(),
            static_cast<size_t>(D("2026-03-18") - D("2026-02-12") + 1 + 1));
}

TEST(StatutoryClockTest, TraceShowsPausesRestartsAndExtensions) {
  const ClockResult r = Compute(
      Period::WorkingDays(20),
      {ClockEvent::Start(D("2026-09-01")),
       ClockEvent::Restart(D("2026-09-03"), "收到补正"),
       ClockEvent::Pause(D("2026-09-14"), D("2026-09-15"), "征求第三方意见"),
       ClockEvent::Extend(10, D("2026-10-09"), "经负责人同意")});
  EXPECT_EQ(Entry(r, "2026-09-02", TraceKind::kCounted)->number, 1);
  EXPECT_EQ(Entry(r, "2026-09-03", TraceKind::kRestart)->text,
            "重新起算（此前已计的1个工作日作废）：收到补正");
  EXPECT_EQ(Entry(r, "2026-09-03", TraceKind::kCounted), nullptr);
  EXPECT_EQ(Entry(r, "2026-09-04", TraceKind::kCounted)->number, 1);
  EXPECT_EQ(Entry(r, "2026-09-14", TraceKind::kPause)->text,
            "暂停开始：征求第三方意见（2026-09-14至2026-09-15）");
  EXPECT_EQ(Entry(r, "2026-09-15", TraceKind::kSkipped)->text,
            "暂停：征求第三方意见");
  EXPECT_EQ(Entry(r, "2026-09-20", TraceKind::kCounted)->text,
            "第10个工作日（调休上班）");
  EXPECT_EQ(Entry(r, "2026-09-25", TraceKind::kSkipped)->text, "中秋节");
  EXPECT_EQ(Entry(r, "2026-10-01", TraceKind::kSkipped)->text, "国庆节");
  EXPECT_EQ(Entry(r, "2026-10-09", TraceKind::kExtend)->text,
            "延长10个工作日：经负责人同意");
  EXPECT_EQ(Entry(r, "2026-10-10", TraceKind::kExtend)->text,
            "原期限届满；已延长10个工作日");
  EXPECT_EQ(Entry(r, "2026-10-23", TraceKind::kCounted)->number, 30);
  EXPECT_EQ(r.total, 30);
}

TEST(StatutoryClockTest, CalendarDayRollForwardIsExplained) {
  const ClockResult r =
      Compute(Period::CalendarDays(15), {ClockEvent::Start(D("2026-02-06"))});
  EXPECT_EQ(Entry(r, "2026-02-21", TraceKind::kCounted)->text,
            "第15日（春节）");
  EXPECT_EQ(Entry(r, "2026-02-22", TraceKind::kSkipped)->text, "春节");
  EXPECT_EQ(Entry(r, "2026-02-24", TraceKind::kDue)->text,
            "期限届满（最后一日为休息日，顺延至此）");
}

TEST(StatutoryClockTest, TimelyPeriodsHaveAFlagDateNotADueDate) {
  const std::vector<ClockEvent> events = {ClockEvent::Start(D("2026-02-12"))};
  const ClockResult before =
      Compute(Period::Timely(5), events, {.today = D("2026-02-26")});
  EXPECT_FALSE(before.due.has_value());
  EXPECT_EQ(before.flag_date, D("2026-02-26"));
  EXPECT_FALSE(before.flagged);
  EXPECT_EQ(before.state, ClockState::kRunning);
  EXPECT_EQ(before.used, 5);
  EXPECT_EQ(Entry(before, "2026-02-26", TraceKind::kFlag)->text,
            "已满5个工作日，此后标记为未及时办理");

  const ClockResult after =
      Compute(Period::Timely(5), events, {.today = D("2026-02-27")});
  EXPECT_TRUE(after.flagged);
  EXPECT_EQ(after.state, ClockState::kRunning);

  const ClockResult never =
      Compute(Period::Timely(0), events, {.today = D("2026-12-01")});
  EXPECT_FALSE(never.flag_date.has_value());
  EXPECT_FALSE(never.flagged);
}

// --- State as of today -----------------------------------------------------

struct StateCase {
  const char* name;
  std::vector<ClockEvent> events;
  const char* today;
  ClockState state;
  int64_t used;
  int64_t remaining;
  int64_t overdue_by;
};

TEST(StatutoryClockTest, StateAsOfToday) {
  const ClockEvent start = ClockEvent::Start(D("2026-03-02"));  // due 03-30
  const std::vector<StateCase> cases = {
      {"early", {start}, "2026-03-05", ClockState::kRunning, 3, 17, 0},
      {"4 left", {start}, "2026-03-24", ClockState::kRunning, 16, 4, 0},
      {"3 left", {start}, "2026-03-25", ClockState::kDueSoon, 17, 3, 0},
      {"due day", {start}, "2026-03-30", ClockState::kDueSoon, 20, 0, 0},
      {"overdue", {start}, "2026-04-02", ClockState::kOverdue, 20, 0, 3},
      {"before start", {start}, "2026-02-27", ClockState::kRunning, 0, 20, 0},
      {"paused",
       {start, ClockEvent::Pause(D("2026-03-10"), D("2026-03-12"))},
       "2026-03-11",
       ClockState::kPaused,
       5,
       15,
       0},
      {"open pause",
       {start, ClockEvent::Pause(D("2026-03-10"), std::nullopt)},
       "2026-03-20",
       ClockState::kPaused,
       5,
       15,
       0},
      {"stopped in time",
       {start, ClockEvent::Stop(D("2026-03-20"), "已答复")},
       "2026-04-10",
       ClockState::kStopped,
       14,
       6,
       0},
  };
  for (const StateCase& c : cases) {
    const ClockResult r =
        Compute(Period::WorkingDays(20), c.events, {.today = D(c.today)});
    EXPECT_EQ(r.state, c.state) << c.name;
    EXPECT_EQ(r.used, c.used) << c.name;
    EXPECT_EQ(r.remaining, c.remaining) << c.name;
    EXPECT_EQ(r.overdue_by, c.overdue_by) << c.name;
  }
}

TEST(StatutoryClockTest, StoppedClocksSayWhetherTheyWereOnTime) {
  const ClockEvent start = ClockEvent::Start(D("2026-03-02"));
  const ClockResult in_time = Compute(
      Period::WorkingDays(20), {start, ClockEvent::Stop(D("2026-03-30"))});
  EXPECT_EQ(in_time.stopped_on, D("2026-03-30"));
  EXPECT_EQ(in_time.on_time, true);
  const ClockResult late = Compute(Period::WorkingDays(20),
                                   {start, ClockEvent::Stop(D("2026-03-31"))});
  EXPECT_EQ(late.on_time, false);
  EXPECT_EQ(late.state, ClockState::kStopped);
  EXPECT_EQ(late.trace.back().kind, TraceKind::kStop);
}

TEST(StatutoryClockTest, OpenPauseHasNoDueDate) {
  const ClockResult r = Compute(
      Period::WorkingDays(20),
      {ClockEvent::Start(D("2026-03-02")),
       ClockEvent::Pause(D("2026-03-10"), std::nullopt, "征求第三方意见")});
  EXPECT_FALSE(r.due.has_value());
  EXPECT_EQ(r.state, ClockState::kPaused);
  EXPECT_EQ(Entry(r, "2026-03-10", TraceKind::kPause)->text,
            "暂停开始：征求第三方意见（2026-03-10起，尚未结束）");
  // A pause that only opens after the due date does not hide it.
  const ClockResult late =
      Compute(Period::WorkingDays(20),
              {ClockEvent::Start(D("2026-03-02")),
               ClockEvent::Pause(D("2026-04-01"), std::nullopt)},
              {.today = D("2026-04-02")});
  EXPECT_EQ(late.due, D("2026-03-30"));
  EXPECT_EQ(late.state, ClockState::kOverdue);
}

TEST(StatutoryClockTest, UncoveredYearsWarn) {
  const ClockResult r =
      Compute(Period::WorkingDays(20), {ClockEvent::Start(D("2026-12-20"))});
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].text, "no holiday schedule for 2027");
  EXPECT_EQ(r.due, D("2027-01-15"));  // weekends only in 2027
}

// --- Bad input ---------------------------------------------------------------

struct BadCase {
  Period period;
  std::vector<ClockEvent> events;
  const char* message;
};

TEST(StatutoryClockTest, BadInputGetsSpecificMessages) {
  const ClockEvent start = ClockEvent::Start(D("2026-03-02"));
  const std::vector<BadCase> cases = {
      {Period::WorkingDays(-3), {start}, "期限天数不能为负数：-3"},
      {Period::CalendarDays(5000), {start}, "期限天数过大：5000（最多3650）"},
      {Period::Timely(-1), {start}, "及时期限的标记天数不能为负数：-1"},
      {Period::WorkingDays(20), {}, "缺少起算事件"},
      {Period::WorkingDays(20),
       {ClockEvent::Stop(D("2026-03-02"))},
       "第1个事件必须是起算（start），实际是「停止」"},
      {Period::WorkingDays(20),
       {start, ClockEvent::Pause(D("2026-03-10"), D("2026-03-05"))},
       "第2个事件（暂停）：结束日期2026-03-05早于开始日期2026-03-10"},
      {Period::WorkingDays(20),
       {start, ClockEvent::Pause(D("2026-02-27"), D("2026-03-05"))},
       "第2个事件（暂停）：日期2026-02-27早于起算日2026-03-02"},
      {Period::WorkingDays(20),
       {start, ClockEvent::Restart(D("2026-03-10")),
        ClockEvent::Pause(D("2026-03-05"), D("2026-03-06"))},
       "第3个事件（暂停）：日期2026-03-05早于前一个事件的日期2026-03-10"},
      {Period::WorkingDays(20),
       {start, ClockEvent::Start(D("2026-03-03"))},
       "第2个事件（起算）：起算事件只能有一个"},
      {Period::WorkingDays(20),
       {start, ClockEvent::Extend(0)},
       "第2个事件（延长）：延长天数必须大于0：0"},
      {Period::Realtime(),
       {start, ClockEvent::Extend(5)},
       "第2个事件（延长）：实时期限不能延长"},
      {Period::Timely(5),
       {start, ClockEvent::Extend(5)},
       "第2个事件（延长）：及时期限不能延长"},
      {Period::WorkingDays(20),
       {start, ClockEvent::Stop(D("2026-03-10")),
        ClockEvent::Extend(5, D("2026-03-11"))},
       "第3个事件（延长）：期限已于2026-03-10停止，之后不能再有事件"},
      {Period::WorkingDays(20),
       {start, ClockEvent::Pause(D("2026-03-05"), std::nullopt),
        ClockEvent::Restart(D("2026-03-10"))},
       "第3个事件（重新起算）：第2个事件的暂停尚未结束，之后只能记录停止"},
      {Period::WorkingDays(20),
       {start, ClockEvent::Pause(D("2026-03-05"), D("9999-12-31"))},
       "第2个事件（暂停）：日期9999-12-31距起算日超过20年"},
      {Period::WorkingDays(20),
       {start, ClockEvent{.type = ClockEventType::kRestart}},
       "第2个事件（重新起算）：缺少日期"},
  };
  for (const BadCase& c : cases) {
    absl::StatusOr<ClockResult> r =
        ComputeClock(National(), c.period, c.events);
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(c.message));
  }
  // A stop may follow an open pause (e.g. the application is withdrawn).
  EXPECT_TRUE(ComputeClock(National(), Period::WorkingDays(20),
                           {start, ClockEvent::Pause(D("2026-03-05"), {}),
                            ClockEvent::Stop(D("2026-03-10"))})
                  .ok());
}

TEST(StatutoryClockTest, ValidateExtension) {
  EXPECT_TRUE(ValidateExtension(20).ok());
  EXPECT_TRUE(ValidateExtension(5, 15).ok());
  EXPECT_THAT(
      std::string(ValidateExtension(10, 15).message()),
      HasSubstr("延长期限累计不得超过20个工作日（已延长15个，本次10个）"));
  EXPECT_THAT(std::string(ValidateExtension(0).message()),
              HasSubstr("延长天数必须大于0"));
}

// --- Property test against a day-by-day simulation --------------------------

struct Scenario {
  Period period;
  std::vector<ClockEvent> events;
};

Scenario RandomScenario(std::mt19937& rng, bool calendar_days) {
  auto uniform = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  const absl::CivilDay start = D("2020-01-01") + uniform(0, 365 * 7 - 120);
  Scenario s{calendar_days ? Period::CalendarDays(uniform(0, 40))
                           : Period::WorkingDays(uniform(0, 40)),
             {ClockEvent::Start(start)}};
  absl::CivilDay cursor = start;
  const int events = uniform(0, 4);
  for (int i = 0; i < events; ++i) {
    cursor += uniform(0, 8);
    switch (uniform(0, 2)) {
      case 0:
        s.events.push_back(ClockEvent::Restart(cursor));
        break;
      case 1:
        s.events.push_back(
            ClockEvent::Pause(cursor, cursor + uniform(0, 10), "x"));
        break;
      default:
        s.events.push_back(ClockEvent::Extend(uniform(1, 20)));
        break;
    }
  }
  return s;
}

absl::CivilDay NaiveDue(const Calendar& cal, const Scenario& s) {
  absl::CivilDay origin = *s.events[0].date;
  int64_t total = s.period.days;
  std::vector<std::pair<absl::CivilDay, absl::CivilDay>> pauses;
  for (const ClockEvent& e : s.events) {
    if (e.type == ClockEventType::kRestart) origin = *e.date;
    if (e.type == ClockEventType::kExtend) total += e.days;
    if (e.type == ClockEventType::kPause)
      pauses.emplace_back(*e.date, *e.until);
  }
  const auto paused = [&](absl::CivilDay d) {
    return std::any_of(pauses.begin(), pauses.end(), [&](const auto& p) {
      return d >= p.first && d <= p.second;
    });
  };
  const bool calendar_days = s.period.kind == PeriodKind::kCalendarDays;
  absl::CivilDay d = origin;
  for (int64_t k = 0; k < total;) {
    ++d;
    if (!paused(d) && (calendar_days || cal.IsWorkday(d).workday)) ++k;
  }
  while (paused(d) || !cal.IsWorkday(d).workday) ++d;
  return d;
}

TEST(StatutoryClockPropertyTest, MatchesDayByDaySimulation) {
  std::mt19937 rng(20190515);  // the regulation's effective date
  for (int i = 0; i < 4000; ++i) {
    const Scenario s = RandomScenario(rng, /*calendar_days=*/i % 4 == 0);
    absl::StatusOr<ClockResult> r =
        ComputeClock(National(), s.period, s.events);
    ASSERT_TRUE(r.ok()) << r.status();
    const absl::CivilDay expected = NaiveDue(National(), s);
    ASSERT_EQ(r->due, expected) << "scenario " << i;
    // The trace agrees: exactly one due entry, on the due date, and the
    // last counted number is the total (0 when the limit was zero).
    int last_number = 0;
    int due_entries = 0;
    for (const TraceEntry& e : r->trace) {
      if (e.kind == TraceKind::kCounted) last_number = e.number;
      if (e.kind == TraceKind::kRestart) last_number = 0;
      if (e.kind == TraceKind::kDue) {
        ++due_entries;
        ASSERT_EQ(e.day, expected) << "scenario " << i;
      }
    }
    ASSERT_EQ(due_entries, 1) << "scenario " << i;
    ASSERT_EQ(last_number, r->total) << "scenario " << i;
    // Without the trace, the same answer.
    absl::StatusOr<ClockResult> quiet =
        ComputeClock(National(), s.period, s.events, {.trace = false});
    ASSERT_TRUE(quiet.ok());
    ASSERT_EQ(quiet->due, r->due);
    ASSERT_THAT(quiet->trace, IsEmpty());
  }
}

TEST(StatutoryClockTest, NamesAreStable) {
  EXPECT_EQ(ClockStateName(ClockState::kDueSoon), "due_soon");
  EXPECT_EQ(ClockStateLabel(ClockState::kOverdue), "已逾期");
  EXPECT_EQ(PeriodKindName(PeriodKind::kCalendarDays), "calendar_days");
  EXPECT_EQ(TraceKindName(TraceKind::kSkipped), "skipped");
  EXPECT_EQ(DayKindName(DayKind::kMakeupWorkday), "makeup_workday");
  EXPECT_EQ(ClockEventTypeName(ClockEventType::kRestart), "restart");
}

}  // namespace
}  // namespace zwgk::calendar
