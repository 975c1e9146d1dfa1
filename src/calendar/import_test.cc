#include "calendar/import.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "calendar/calendar.h"
#include "calendar/test_util.h"
#include "core/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::calendar {
namespace {

using testing::D;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::NationalSchedule;
using testing::ReadSourceFile;

MATCHER_P2(IsNamed, status, name, "") {
  return arg.status == status && arg.name == name &&
         arg.source == DaySource::kNational;
}

// ---------------------------------------------------------------------------
// holiday-cn.

TEST(HolidayCnTest, TheEmbeddedDataFileCoversTheNotices) {
  absl::StatusOr<ImportResult> r =
      ParseHolidayCn(ReadSourceFile("src/calendar/data/holidays-cn.json"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->format, "holiday-cn");
  EXPECT_THAT(r->schedule.years,
              ElementsAre(2020, 2021, 2022, 2023, 2024, 2025, 2026));
  EXPECT_EQ(r->schedule.days.size(), 255u);
  EXPECT_THAT(r->notes, IsEmpty());
  // 2022-12-31 comes from the 2023 notice.
  EXPECT_THAT(r->schedule.days.at(D("2022-12-31")),
              IsNamed(DayStatus::kOff, "元旦"));
  EXPECT_EQ(r->schedule.papers.at(2026).size(), 1u);
}

TEST(HolidayCnTest, SingleYearObjectAsPublished) {
  absl::StatusOr<ImportResult> r = ParseHolidayCn(R"({
    "$schema": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json",
    "year": 2027,
    "papers": ["https://www.gov.cn/example"],
    "days": [
      {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
      {"name": "春节", "date": "2027-02-06", "isOffDay": true},
      {"name": "春节", "date": "2027-01-31", "isOffDay": false}
    ]
  })");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->schedule.years, ElementsAre(2027));
  EXPECT_THAT(r->schedule.days.at(D("2027-01-31")),
              IsNamed(DayStatus::kWork, "春节"));
  EXPECT_THAT(r->schedule.papers.at(2027),
              ElementsAre("https://www.gov.cn/example"));
}

TEST(HolidayCnTest, EmptyDaysMeansNotPublishedYet) {
  absl::StatusOr<ImportResult> r = ParseHolidayCn(
      R"([{"year": 2026, "days": [{"name": "元旦", "date": "2026-01-01",
                                    "isOffDay": true}]},
          {"year": 2027, "papers": [], "days": []}])");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->schedule.years, ElementsAre(2026));
  EXPECT_THAT(r->notes, ElementsAre(HasSubstr("2027年的days为空")));
}

struct BadInput {
  const char* name;
  std::string text;
  const char* message;
};

void ExpectAllFail(const std::vector<BadInput>& cases,
                   absl::StatusOr<ImportResult> (*parse)(absl::string_view)) {
  for (const BadInput& c : cases) {
    absl::StatusOr<ImportResult> r = parse(c.text);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(c.message))
        << c.name;
  }
}

TEST(HolidayCnTest, FailuresNameTheLineAndTheReason) {
  const std::string head = "{\"year\": 2026, \"days\": [\n";
  ExpectAllFail(
      {
          {"syntax",
           head + R"({"name": "春节", "date": "2026-02-15", "isOffDay": tru})"
                  "\n]}",
           "第2行：JSON格式错误"},
          {"impossible date",
           head +
               R"({"name": "春节", "date": "2026-02-15", "isOffDay": true},)"
               "\n" +
               R"({"name": "春节", "date": "2026-02-30", "isOffDay": true})"
               "\n]}",
           "第3行：2026年days第2项：日期不存在：2026-02-"
           "30（2026年2月只有28天）"},
          {"missing isOffDay",
           head + R"({"name": "春节", "date": "2026-02-15"})"
                  "\n]}",
           "第2行：2026年days第1项缺少isOffDay"},
          {"missing name",
           head + R"({"date": "2026-02-15", "isOffDay": true})"
                  "\n]}",
           "缺少name"},
          {"date of another year",
           head + R"({"name": "元旦", "date": "2028-01-01", "isOffDay": true})"
                  "\n]}",
           "第2行：2028-01-01不属于2026年的安排"},
          {"off and work on one date",
           head +
               R"({"name": "春节", "date": "2026-02-14", "isOffDay": true},)"
               "\n" +
               R"({"name": "春节", "date": "2026-02-14", "isOffDay": false})"
               "\n]}",
           "第3行：2026-02-14已在第2行标为放假，这里又标为上班"},
          {"year missing", R"({"days": []})", "第1行：缺少year"},
          {"year out of range", R"({"year": 1800, "days": []})",
           "年份超出范围：1800"},
          {"duplicate year",
           "[{\"year\": 2026, \"days\": []},\n {\"year\": 2026, \"days\": []}]",
           "第2行：2026年重复出现"},
          {"no days array", R"({"year": 2026})", "2026年缺少days数组"},
          {"top level", R"("2026")", "顶层应为年份对象"},
          {"nothing at all", R"({"year": 2027, "days": []})",
           "没有任何放假或上班日期"},
          {"not UTF-8",
           "{\"year\": 2026, \"days\": [\n{\"name\": \"\xB4\xBA\xBD\xDA\"}]}",
           "第2行：不是有效的UTF-8文本"},
      },
      &ParseHolidayCn);
}

// ---------------------------------------------------------------------------
// iCalendar.

// The shape NateScarlet/holiday-cn's generate_ics.py writes, with CRLF line
// endings and a folded line.
std::string HolidayCnIcs() {
  return absl::StrReplaceAll(R"(BEGIN:VCALENDAR
VERSION:2.0
X-WR-CALDESC:中国法定节假日数据，自动每日抓取国务院公
 告。
BEGIN:VTIMEZONE
TZID:Asia/Shanghai
BEGIN:STANDARD
DTSTART:19700101T000000
TZOFFSETFROM:+0800
TZOFFSETTO:+0800
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
SUMMARY:上班(补春节假期)
DTSTART;VALUE=DATE:20260214
DTEND;VALUE=DATE:20260215
END:VEVENT
BEGIN:VEVENT
SUMMARY:春节
 假期
DTSTART;VALUE=DATE:20260215
DTEND;VALUE=DATE:20260224
END:VEVENT
BEGIN:VEVENT
SUMMARY:上班(补春节假期)
DTSTART;VALUE=DATE:20260228
END:VEVENT
END:VCALENDAR
)",
                             {{"\n", "\r\n"}});
}

TEST(IcsTest, HolidayCnFeedWithCrlfAndFoldedLines) {
  absl::StatusOr<ImportResult> r = ParseIcs(HolidayCnIcs());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->format, "ics");
  EXPECT_THAT(r->schedule.years, ElementsAre(2026));
  EXPECT_EQ(r->schedule.days.size(), 11u);
  EXPECT_THAT(r->schedule.days.at(D("2026-02-14")),
              IsNamed(DayStatus::kWork, "春节"));
  EXPECT_THAT(r->schedule.days.at(D("2026-02-23")),
              IsNamed(DayStatus::kOff, "春节"));
  EXPECT_FALSE(r->schedule.days.contains(D("2026-02-24")));  // DTEND exclusive
  EXPECT_THAT(r->schedule.days.at(D("2026-02-28")),
              IsNamed(DayStatus::kWork, "春节"));
}

TEST(IcsTest, ImportedFeedGivesTheSameCalendarAsTheDataFile) {
  absl::StatusOr<ImportResult> r = ParseIcs(HolidayCnIcs());
  ASSERT_TRUE(r.ok());
  const Calendar national(NationalSchedule());
  const Calendar imported(r->schedule);
  for (absl::CivilDay d = D("2026-02-01"); d <= D("2026-03-31"); ++d) {
    EXPECT_EQ(imported.IsWorkdayFast(d), national.IsWorkdayFast(d))
        << FormatDate(d);
  }
}

TEST(IcsTest, AppleFeedMarkersAndSkippedFestivals) {
  absl::StatusOr<ImportResult> r = ParseIcs(R"(BEGIN:VCALENDAR
BEGIN:VEVENT
DTSTART;VALUE=DATE:20250929
DTEND;VALUE=DATE:20251001
SUMMARY:中秋节（休）
X-APPLE-SPECIAL-DAY:WORK-HOLIDAY
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20251001
DURATION:P1W
SUMMARY;LANGUAGE=zh:国庆节（休）
X-APPLE-SPECIAL-DAY:WORK-HOLIDAY
BEGIN:VALARM
TRIGGER:-PT15M
ACTION:DISPLAY
DESCRIPTION:提醒
END:VALARM
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20250928
SUMMARY:国庆节（班）
X-APPLE-SPECIAL-DAY:ALTERNATE-WORKDAY
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20251007
SUMMARY:寒露
X-APPLE-SPECIAL-DAY:TRUE
END:VEVENT
BEGIN:VEVENT
DTSTART:20251006T120000
SUMMARY:中秋节
RRULE:FREQ=YEARLY
END:VEVENT
END:VCALENDAR
)");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->schedule.days.size(), 10u);
  EXPECT_THAT(r->schedule.days.at(D("2025-09-30")),
              IsNamed(DayStatus::kOff, "中秋节"));
  EXPECT_THAT(r->schedule.days.at(D("2025-10-07")),
              IsNamed(DayStatus::kOff, "国庆节"));
  EXPECT_FALSE(r->schedule.days.contains(D("2025-10-08")));  // P1W = 7 days
  EXPECT_THAT(r->schedule.days.at(D("2025-09-28")),
              IsNamed(DayStatus::kWork, "国庆节"));
  EXPECT_THAT(r->notes, ElementsAre(HasSubstr("跳过了2个")));
}

struct SummaryCase {
  const char* summary;
  DayStatus status;
  const char* name;
};

TEST(IcsTest, SummaryMarkersDecideOffOrWork) {
  for (const SummaryCase& c : std::vector<SummaryCase>{
           {"春节假期", DayStatus::kOff, "春节"},
           {"上班(补国庆节假期)", DayStatus::kWork, "国庆节"},
           {"春节（休）", DayStatus::kOff, "春节"},
           {"春节（班）", DayStatus::kWork, "春节"},
           {"劳动节 补班", DayStatus::kWork, "劳动节"},
           {"清明调休", DayStatus::kWork, "清明节"},
           {"调休放假", DayStatus::kOff, "放假"},
           {"国庆、中秋放假", DayStatus::kOff, "国庆节、中秋节"},
           {"[放假]端午节", DayStatus::kOff, "端午节"},
           {"县庆休息", DayStatus::kOff, "县庆休息"},
       }) {
    const std::string ics = absl::StrCat(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:", c.summary,
        "\nDTSTART;VALUE=DATE:20260302\nEND:VEVENT\nEND:VCALENDAR\n");
    absl::StatusOr<ImportResult> r = ParseIcs(ics);
    ASSERT_TRUE(r.ok()) << c.summary << ": " << r.status();
    EXPECT_THAT(r->schedule.days.at(D("2026-03-02")), IsNamed(c.status, c.name))
        << c.summary;
  }
}

TEST(IcsTest, NewYearRangeCoversTheYearItEndsIn) {
  absl::StatusOr<ImportResult> r = ParseIcs(
      "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:元旦假期\n"
      "DTSTART;VALUE=DATE:20221231\nDTEND;VALUE=DATE:20230103\n"
      "END:VEVENT\nEND:VCALENDAR\n");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->schedule.years, ElementsAre(2023));
  EXPECT_TRUE(r->schedule.days.contains(D("2022-12-31")));
}

std::string Event(absl::string_view body) {
  return absl::StrCat("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\n", body,
                      "END:VEVENT\nEND:VCALENDAR\n");
}

TEST(IcsTest, FailuresNameTheLineAndTheReason) {
  ExpectAllFail(
      {
          {"no colon", Event("SUMMARY:春节假期\nDTSTART;VALUE=DATE 20260215\n"),
           "第5行：缺少冒号"},
          {"impossible date",
           Event("SUMMARY:春节假期\nDTSTART;VALUE=DATE:20260230\n"),
           "第5行：DTSTART：日期不存在：2026-02-30"},
          {"date-time", Event("SUMMARY:春节假期\nDTSTART:20260215T000000\n"),
           "第5行：DTSTART应为日期（VALUE=DATE），不支持带时间的值"},
          {"end before start",
           Event("SUMMARY:春节假期\nDTSTART;VALUE=DATE:20260215\n"
                 "DTEND;VALUE=DATE:20260215\n"),
           "第6行：DTEND（2026-02-15）应晚于DTSTART（2026-02-15）"},
          {"missing DTSTART", Event("SUMMARY:春节假期\n"),
           "第3行：事件「春节假期」缺少DTSTART"},
          {"RRULE on a holiday",
           Event("SUMMARY:春节假期\nDTSTART;VALUE=DATE:20260215\nRRULE:FREQ="
                 "YEARLY\n"),
           "第6行：事件「春节假期」带重复规则（RRULE），不支持"},
          {"marker contradicts title",
           Event("SUMMARY:春节（班）\nDTSTART;VALUE=DATE:20260215\n"
                 "X-APPLE-SPECIAL-DAY:WORK-HOLIDAY\n"),
           "第6行：X-APPLE-SPECIAL-DAY为WORK-"
           "HOLIDAY，但标题「春节（班）」表示上班，自相矛盾"},
          {"too long",
           Event("SUMMARY:春节假期\nDTSTART;VALUE=DATE:20260101\n"
                 "DTEND;VALUE=DATE:20260401\n"),
           "事件跨度90天，超过60天"},
          {"bad duration",
           Event("SUMMARY:春节假期\nDTSTART;VALUE=DATE:20260215\nDURATION:"
                 "PT9H\n"),
           "第6行：DURATION只支持PnD或PnW"},
          {"off and work on one date",
           "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:春节假期\n"
           "DTSTART;VALUE=DATE:20260214\nDTEND;VALUE=DATE:20260216\nEND:"
           "VEVENT\n"
           "BEGIN:VEVENT\nSUMMARY:春节补班\nDTSTART;VALUE=DATE:20260214\n"
           "END:VEVENT\nEND:VCALENDAR\n",
           "第9行：2026-02-14已在第4行标为放假，这里又标为上班"},
          {"mismatched END", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VTODO\n",
           "第3行：END:VTODO与第2行的BEGIN:VEVENT不匹配"},
          {"unterminated", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:春节假期\n",
           "第2行：BEGIN:VEVENT没有对应的END"},
          {"not a calendar", "SUMMARY:春节假期\n",
           "第1行：文件应以BEGIN:VCALENDAR开头"},
          {"content after the calendar",
           Event("SUMMARY:春节假期\nDTSTART;VALUE=DATE:20260215\n") + "X:1\n",
           "第8行：END:VCALENDAR之后还有内容"},
          {"continuation first", " folded\nBEGIN:VCALENDAR\n",
           "第1行：续行之前没有内容行"},
          {"no schedule events",
           Event("SUMMARY:情人节\nDTSTART;VALUE=DATE:20260214\n"),
           "没有可识别的放假或调休上班事件"},
          {"empty", "", "文件为空"},
          {"duplicate property",
           Event("SUMMARY:春节假期\nDTSTART;VALUE=DATE:20260215\n"
                 "DTSTART;VALUE=DATE:20260216\n"),
           "第6行：DTSTART在同一事件中重复出现（第5行已有）"},
      },
      &ParseIcs);
}

// Hostile feeds (issue 14: uploads come from the browser now): every one is
// refused or read in bounded time and memory, and no message quotes more
// than a short piece of the file.
TEST(IcsTest, HostileInputIsBounded) {
  struct Case {
    std::string what;
    std::string text;
    std::string message;  // "" = parses
  };
  std::string many;  // 3000 one-day events over eight years
  for (int i = 0; i < 3000; ++i) {
    absl::CivilDay d = absl::CivilDay(2020, 1, 1) + i;
    absl::StrAppend(&many, "BEGIN:VEVENT\nSUMMARY:假期\nDTSTART;VALUE=DATE:",
                    absl::FormatCivilTime(d).substr(0, 4),
                    absl::FormatCivilTime(d).substr(5, 2),
                    absl::FormatCivilTime(d).substr(8, 2), "\nEND:VEVENT\n");
  }
  std::string nested = "BEGIN:VCALENDAR\n";
  for (int i = 0; i < 100000; ++i) absl::StrAppend(&nested, "BEGIN:VEVENT\n");
  const Case cases[] = {
      {"a megabyte-long line without a colon",
       Event("SUMMARY:春节假期\n" + std::string(1 << 20, 'A') + "\n"),
       "第5行：缺少冒号"},
      {"a megabyte-long date",
       Event("SUMMARY:假期\nDTSTART;VALUE=DATE:" + std::string(1 << 20, '9') +
             "\n"),
       "应为YYYYMMDD格式的日期"},
      {"100000 folded continuation lines",
       Event("SUMMARY:春节假期" +
             [] {
               std::string f;
               for (int i = 0; i < 100000; ++i) f += "\n 假";
               return f;
             }() +
             "\nDTSTART;VALUE=DATE:20270101\n"),
       ""},
      {"100000 nested components", nested, "BEGIN:VEVENT"},
      {"invalid UTF-8", Event("SUMMARY:\xB4\xBA\xBD\xDA\n"), "UTF-8"},
      {"a NUL byte in a name", Event(std::string("SUM\0MARY:x\n", 12)),
       "缺少冒号"},
      {"a year far away", Event("SUMMARY:假期\nDTSTART;VALUE=DATE:99990101\n"),
       "年份超出范围"},
      {"huge DURATION",
       Event("SUMMARY:假期\nDTSTART;VALUE=DATE:20270101\n"
             "DURATION:P99999999D\n"),
       "DURATION只支持PnD或PnW"},
      {"many events",
       absl::StrCat("BEGIN:VCALENDAR\n", many, "END:VCALENDAR\n"), ""},
  };
  for (const Case& c : cases) {
    absl::StatusOr<ImportResult> r = ParseIcs(c.text);
    if (c.message.empty()) {
      EXPECT_TRUE(r.ok()) << c.what << ": " << r.status();
      continue;
    }
    ASSERT_FALSE(r.ok()) << c.what;
    EXPECT_THAT(r.status().message(), HasSubstr(c.message)) << c.what;
    EXPECT_LT(r.status().message().size(), 400u) << c.what;
  }
  // Over 10 MB is refused before it is read as a calendar.
  EXPECT_THAT(ParseImport("BEGIN:VCALENDAR\n" + std::string(11 << 20, 'x'))
                  .status()
                  .message(),
              HasSubstr("10 MB"));
}

// --- A year's notice: loaded for one year, or typed into the form
// -------------

TEST(NoticeTest, CheckNoticeYearNamesWhatIsOutside) {
  struct Case {
    std::string json;
    int year;
    std::string message;  // "" = fine
  } cases[] = {
      {R"({"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]})",
       2027, ""},
      // 2023's notice began 元旦 on 2022-12-31: a December lead is allowed.
      {R"({"year":2027,"days":[{"name":"元旦","date":"2026-12-31","isOffDay":true}]})",
       2027, ""},
      {R"({"year":2027,"days":[{"name":"元旦","date":"2026-12-29","isOffDay":true}]})",
       2027, "2026-12-29（元旦）不在2027年内"},
      {R"({"year":2027,"days":[{"name":"元旦","date":"2028-01-01","isOffDay":true}]})",
       2027, "2028-01-01（元旦）不在2027年内"},
      {R"({"year":2028,"days":[{"name":"元旦","date":"2028-01-01","isOffDay":true}]})",
       2027, "文件中是2028年的安排，与要载入的2027年不符"},
      {R"([{"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]},
          {"year":2028,"days":[{"name":"元旦","date":"2028-01-01","isOffDay":true}]}])",
       2027, "与要载入的2027年不符"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<ImportResult> parsed = ParseHolidayCn(c.json);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    absl::Status s = CheckNoticeYear(*parsed, c.year);
    if (c.message.empty()) {
      EXPECT_TRUE(s.ok()) << c.json << s;
    } else {
      EXPECT_THAT(s.message(), HasSubstr(c.message)) << c.json;
    }
  }
}

TEST(NoticeTest, FormLinesInEveryWrittenForm) {
  absl::StatusOr<ImportResult> r = ParseNoticeForm(
      {.year = "2027",
       .holidays =
           "元旦 2027-01-01..2027-01-03\r\n\n"
           "春节　2027-02-06至2027-02-13\n清明节 2027-04-03~2027-04-05\n"
           "端午节 2027-06-09",
       .workdays = "春节 2027-01-31\n春节 2027-02-20"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->schedule.years, std::set<int>{2027});
  EXPECT_EQ(r->schedule.days.size(), 17u);
  EXPECT_THAT(r->schedule.days.at(D("2027-02-10")),
              IsNamed(DayStatus::kOff, "春节"));
  EXPECT_THAT(r->schedule.days.at(D("2027-01-31")),
              IsNamed(DayStatus::kWork, "春节"));
  // Bounded: a range longer than a month, more lines than a notice has.
  std::string lines;
  for (int i = 0; i < kMaxFormLines + 1; ++i) lines += "节 2027-03-01\n";
  for (const auto& [holidays, message] :
       std::vector<std::pair<std::string, std::string>>{
           {"春节 2027-01-01..2027-03-01", "一段假期不超过31天"},
           {lines, "最多60行"},
           {"春节 2027-02-06 2027-02-07 2027-02-08", "应写作"}}) {
    absl::StatusOr<ImportResult> bad =
        ParseNoticeForm({.year = "2027", .holidays = holidays});
    ASSERT_FALSE(bad.ok());
    EXPECT_THAT(GetFieldErrors(bad.status())["holidays"], HasSubstr(message));
  }
}

// --- Format detection and files ----------------------------------------------

TEST(ImportTest, DetectsTheFormat) {
  EXPECT_EQ(ParseImport("\xEF\xBB\xBF\r\n" + HolidayCnIcs())->format, "ics");
  EXPECT_EQ(
      ParseImport(ReadSourceFile("src/calendar/data/holidays-cn.json"))->format,
      "holiday-cn");
  absl::StatusOr<ImportResult> junk = ParseImport("year,date\n2026,02-15\n");
  ASSERT_FALSE(junk.ok());
  EXPECT_THAT(std::string(junk.status().message()),
              HasSubstr("无法识别的文件格式"));
  EXPECT_FALSE(ParseImport("   \n").ok());
}

class ImportFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() /
        ("zwgk_calendar_import_test_" +
         std::string(
             ::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  std::filesystem::path dir_;
};

TEST_F(ImportFileTest, ReadsAndParses) {
  absl::StatusOr<ImportResult> r =
      ImportFile(Write("2026.ics", HolidayCnIcs()));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->schedule.days.size(), 11u);
}

TEST_F(ImportFileTest, UnreadableFilesGetClearMessages) {
  const std::string missing = (dir_ / "nope.json").string();
  absl::StatusOr<ImportResult> r = ImportFile(missing);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr(missing + "：文件不存在"));

  r = ImportFile(dir_.string());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("这是一个目录"));

  r = ImportFile(Write("empty.ics", ""));
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("文件为空"));

  r = ImportFile(Write("bad.ics", Event("SUMMARY:春节假期\n")));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("bad.ics失败：第3行：事件「春节假期」缺少DTSTART"));
}

}  // namespace
}  // namespace zwgk::calendar
