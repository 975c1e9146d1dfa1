// Importing holiday schedules: the holiday-cn JSON format and iCalendar
// (.ics) feeds, so next year's State Council notice is one command.
//
// Every import is all-or-nothing: the first problem returns InvalidArgument
// naming the line ("第12行：…") and why; nothing is returned half-parsed.
//
// holiday-cn (NateScarlet/holiday-cn, MIT): one object per notice year,
//   {"year": 2026, "papers": [...], "days": [{"name": "春节",
//    "date": "2026-02-15", "isOffDay": true}, ...]}
// or a list of such objects (the form of src/calendar/data/holidays-cn.json).
// A year whose "days" is empty is the placeholder published before the
// notice; it is NOT marked as covered (a note says so).
//
// iCalendar: VEVENTs with DTSTART;VALUE=DATE and an exclusive DTEND (or a
// DURATION of PnD / PnW, or neither for one day). Lines may end in CRLF or LF;
// folded lines (continuations starting with a space or tab) are unfolded.
// Whether an event is a day off or a working day is decided by, in order:
//   1. X-APPLE-SPECIAL-DAY (Apple's calendars.icloud.com/holidays/cn_zh.ics):
//      WORK-HOLIDAY = off, ALTERNATE-WORKDAY = work. If SUMMARY also carries
//      a marker that disagrees, the import fails.
//   2. SUMMARY:
//      - contains 班 → working day ("上班(补春节假期)" from holiday-cn's ics,
//        "春节（班）" from Apple, "补班" from
//        lanceliao/china-holiday-calender);
//      - contains 调休 and, apart from 调休, none of 休/假/放 → working day
//        ("春节调休" in hand-made feeds means the make-up day);
//      - contains 休 or 假 → day off ("春节假期", "春节（休）", "放假").
//   3. Otherwise the event is not part of a schedule (festivals, 24 solar
//      terms, observances in Apple's feed) and is skipped with a note.
// The holiday name is the known holiday names found in SUMMARY (清明 →
// 清明节 etc.), or SUMMARY without the markers. A year counts as covered when
// some event ends in it (a 元旦 range starting 12-31 covers the next year).
#ifndef ZWGK_CALENDAR_IMPORT_H_
#define ZWGK_CALENDAR_IMPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "calendar/model.h"

namespace zwgk::calendar {

// Years accepted in imported data.
inline constexpr int kMinImportYear = 1949;
inline constexpr int kMaxImportYear = 2100;

struct ImportResult {
  Schedule schedule{};
  std::string format{};  // "holiday-cn" or "ics"
  // Non-fatal remarks in Chinese: skipped events, unpublished years.
  std::vector<std::string> notes{};
};

// holiday-cn JSON: one year object or a list of them.
absl::StatusOr<ImportResult> ParseHolidayCn(absl::string_view json);

// An iCalendar feed.
absl::StatusOr<ImportResult> ParseIcs(absl::string_view text);

// Either format, recognised from the content.
absl::StatusOr<ImportResult> ParseImport(absl::string_view text);

// Checks that `parsed` is the notice of exactly `year` (what the county
// office said it is loading): that year and no other, with every named day
// between (year-1)-12-30 and year-12-31. InvalidArgument in Chinese naming
// the first day outside.
absl::Status CheckNoticeYear(const ImportResult& parsed, int year);

// The notice typed into the admin form, one entry per line:
//   holidays: "春节 2027-02-06..2027-02-13" (also "至", "~" or a single date)
//   workdays: "春节 2027-02-14" (调休上班)
struct NoticeForm {
  std::string year;
  std::string holidays;
  std::string workdays;
  std::string paper;  // the notice's title or URL (optional)
};
// Lines and ranges accepted from the form (a notice has about 40 days).
inline constexpr int kMaxFormLines = 60;
inline constexpr int kMaxRangeDays = 31;
// InvalidFields naming `year`, `holidays` or `workdays` ("第2行：…"): a
// malformed line, a date outside the year, a range ending before it starts,
// a day both off and working.
absl::StatusOr<ImportResult> ParseNoticeForm(const NoticeForm& form);

// Reads `path` and parses it with ParseImport. NotFound / PermissionDenied /
// InvalidArgument with the path in the message when the file cannot be read
// (missing, a directory, unreadable, empty, over 10 MB).
absl::StatusOr<ImportResult> ImportFile(const std::string& path);

}  // namespace zwgk::calendar

#endif  // ZWGK_CALENDAR_IMPORT_H_
