#include "core/date.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk {
namespace {

using ::testing::HasSubstr;

TEST(DateTest, ParsesStrictlyAndFormatsBack) {
  struct Case {
    const char* text;
    bool ok;
    const char* message;  // part of the error when not ok
  };
  const Case cases[] = {
      {"2026-02-14", true, ""},
      {"2028-02-29", true, ""},
      {"2026-02-29", false, "2026年2月只有28天"},
      {"2026-13-01", false, "月份应为01–12"},
      {"2026-2-14", false, "YYYY-MM-DD"},
      {"2026-02-14 ", false, "YYYY-MM-DD"},
      {"", false, "YYYY-MM-DD"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<absl::CivilDay> day = ParseDate(c.text);
    EXPECT_EQ(day.ok(), c.ok) << c.text;
    EXPECT_EQ(ParseDay(c.text).has_value(), c.ok) << c.text;
    if (day.ok()) {
      EXPECT_EQ(FormatDate(*day), c.text);
    } else {
      EXPECT_THAT(std::string(day.status().message()), HasSubstr(c.message))
          << c.text;
    }
  }
}

}  // namespace
}  // namespace zwgk
