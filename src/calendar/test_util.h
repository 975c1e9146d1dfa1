// Shared by the calendar tests: the national schedule read from the source
// tree (the binary embeds it; tests read the file so they check the file).
#ifndef ZWGK_CALENDAR_TEST_UTIL_H_
#define ZWGK_CALENDAR_TEST_UTIL_H_

#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "calendar/calendar.h"
#include "calendar/import.h"
#include "gtest/gtest.h"

namespace zwgk::calendar::testing {

inline std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(ZWGK_SOURCE_DIR) + "/" + relative,
                   std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << relative;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline Schedule NationalSchedule() {
  absl::StatusOr<ImportResult> result =
      ParseHolidayCn(ReadSourceFile("src/calendar/data/holidays-cn.json"));
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? result->schedule : Schedule{};
}

inline Calendar NationalCalendar(CalendarOptions options = {}) {
  return Calendar(NationalSchedule(), options);
}

// "2026-02-13" → CivilDay; aborts the test on a typo.
inline absl::CivilDay D(absl::string_view text) {
  absl::StatusOr<absl::CivilDay> day = ParseDate(text);
  EXPECT_TRUE(day.ok()) << day.status();
  return day.value_or(absl::CivilDay());
}

}  // namespace zwgk::calendar::testing

#endif  // ZWGK_CALENDAR_TEST_UTIL_H_
