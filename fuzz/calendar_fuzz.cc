// libFuzzer target for holiday schedule imports (src/calendar/import.h):
// holiday-cn JSON, iCalendar feeds, either recognised by content, and the
// admin notice form.
//
// The first byte picks the mode; the rest is:
//   0: a file for ParseImport (JSON or ICS, recognised by content);
//   1: text for ParseIcs;
//   2: text for ParseHolidayCn;
//   3: year, "\n----\n", holidays, "\n----\n", workdays for ParseNoticeForm.
// Invariants: an accepted schedule names only days and years inside the
// accepted range, each day once with a name; its notice-year check and a
// Calendar built from it never crash.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "calendar/calendar.h"
#include "calendar/import.h"
#include "fuzz_util.h"

namespace {

using namespace zwgk::calendar;
using zwgk::fuzz::Bytes;

void Check(const absl::StatusOr<ImportResult>& r, absl::string_view input) {
  if (!r.ok()) {
    ZWGK_FUZZ_CHECK(!r.status().message().empty(), input);
    return;
  }
  const Schedule& s = r->schedule;
  for (int y : s.years)
    ZWGK_FUZZ_CHECK(y >= kMinImportYear && y <= kMaxImportYear, input);
  for (const auto& [day, named] : s.days) {
    ZWGK_FUZZ_CHECK(
        day.year() >= kMinImportYear - 1 && day.year() <= kMaxImportYear + 1,
        input);
    (void)named;
  }
  for (int y : s.years) (void)CheckNoticeYear(*r, y);
  (void)CheckNoticeYear(*r, 2027);
  // A calendar over the schedule counts consistently around it:
  // AddWorkdays(a, WorkdaysBetween(a, b)) == b for a working day b after a.
  Calendar calendar(s);
  if (!s.days.empty()) {
    const absl::CivilDay a = s.days.begin()->first - 3;
    for (int d = 1; d < 20; ++d) {
      const absl::CivilDay b = a + d;
      (void)calendar.IsWorkday(b);
      if (!calendar.IsWorkdayFast(b)) continue;
      const int64_t n = calendar.WorkdaysBetween(a, b).count;
      absl::StatusOr<DayAnswer> back = calendar.AddWorkdays(a, n);
      ZWGK_FUZZ_CHECK(back.ok() && back->day == b, input);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const absl::string_view rest = Bytes(data + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      Check(ParseImport(rest), rest);
      break;
    case 1:
      Check(ParseIcs(rest), rest);
      break;
    case 2:
      Check(ParseHolidayCn(rest), rest);
      break;
    case 3: {
      const std::vector<absl::string_view> parts = zwgk::fuzz::SplitParts(rest);
      const NoticeForm form{
          .year = std::string(zwgk::fuzz::Part(parts, 0)),
          .holidays = std::string(zwgk::fuzz::Part(parts, 1)),
          .workdays = std::string(zwgk::fuzz::Part(parts, 2)),
          .paper = std::string(zwgk::fuzz::Part(parts, 3)),
      };
      Check(ParseNoticeForm(form), rest);
      break;
    }
  }
  return 0;
}
