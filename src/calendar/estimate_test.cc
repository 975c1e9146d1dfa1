// The 暂估 rule, table-driven: which notice years a computed date depends
// on, whether it is estimated with the years loaded, and the words shown.
#include "calendar/estimate.h"

#include <set>
#include <string>
#include <vector>

#include "calendar/import.h"
#include "calendar/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::calendar {
namespace {

using testing::D;
using ::testing::ElementsAreArray;

TEST(EstimateTest, NoticeYearsOfASpan) {
  struct Case {
    const char* from;
    const char* to;
    std::vector<int> years;
  } cases[] = {
      {"2026-03-02", "2026-03-30", {2026}},
      {"2026-12-01", "2026-12-29", {2026}},
      // 12-30 and 12-31 may be named by the next year's notice (元旦).
      {"2026-12-01", "2026-12-30", {2026, 2027}},
      {"2026-12-31", "2026-12-31", {2026, 2027}},
      {"2026-12-20", "2027-01-20", {2026, 2027}},
      {"2026-11-20", "2028-01-20", {2026, 2027, 2028}},
      // Either order.
      {"2027-01-20", "2026-12-20", {2026, 2027}},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(NoticeYearsOf(D(c.from), D(c.to)), ElementsAreArray(c.years))
        << c.from << ".." << c.to;
  }
}

TEST(EstimateTest, EstimatedWhenAnyYearOfTheSpanIsNotLoaded) {
  const std::set<int> through_2026 = {2024, 2025, 2026};
  const std::set<int> with_2028_only = {2026, 2028};
  struct Case {
    const std::set<int>* loaded;
    const char* from;
    const char* to;
    std::vector<int> missing;
  } cases[] = {
      // Entirely in loaded years: exact.
      {&through_2026, "2026-11-02", "2026-11-30", {}},
      // Due in the unloaded year.
      {&through_2026, "2026-12-03", "2027-01-05", {2027}},
      {&through_2026, "2027-02-01", "2027-03-01", {2027}},
      // Ends 12-30 of a loaded year: the next notice could name it.
      {&through_2026, "2026-12-01", "2026-12-30", {2027}},
      // Crosses an unloaded year into a loaded one: still estimated, the
      // count through 2027 may change.
      {&with_2028_only, "2026-12-15", "2028-01-10", {2027}},
      // A past year never loaded.
      {&through_2026, "2023-06-01", "2023-06-30", {2023}},
  };
  for (const Case& c : cases) {
    Estimate e = EstimateSpan(*c.loaded, D(c.from), D(c.to));
    EXPECT_THAT(e.missing_years, ElementsAreArray(c.missing))
        << c.from << ".." << c.to;
    EXPECT_EQ(e.estimated(), !c.missing.empty()) << c.from << ".." << c.to;
  }
}

TEST(EstimateTest, TextNamesTheYearAndWhetherItIsPublished) {
  struct Case {
    std::vector<int> missing;
    int current_year;
    std::string text;
  } cases[] = {
      {{}, 2026, ""},
      {{2027},
       2026,
       "2027年节假日安排尚未发布，期限按周末推算，发布后自动重算"},
      {{2023}, 2026, "未载入2023年节假日安排，期限按周末推算，载入后自动重算"},
      {{2026, 2027},
       2026,
       "未载入2026年节假日安排，期限按周末推算，载入后自动重算；"
       "2027年节假日安排尚未发布，期限按周末推算，发布后自动重算"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(EstimateText({.missing_years = c.missing}, c.current_year),
              c.text);
  }
  EXPECT_EQ(MissingNoticeTask(2027, 2026), "2027年节假日安排尚未发布");
  EXPECT_EQ(MissingNoticeTask(2026, 2026), "未载入2026年节假日安排");
}

TEST(EstimateTest, YearsToLoadFromNovemberOn) {
  const std::set<int> loaded = {2025, 2026};
  struct Case {
    const char* today;
    std::vector<int> years;
  } cases[] = {
      {"2026-06-01", {}},
      {"2026-10-31", {}},
      {"2026-11-01", {2027}},  // within about two months of the new year
      {"2026-12-03", {2027}},
      {"2027-01-04", {2027}},  // the new year itself, still not loaded
      {"2027-11-15", {2027, 2028}},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(YearsToLoad(loaded, D(c.today)), ElementsAreArray(c.years))
        << c.today;
  }
}

}  // namespace
}  // namespace zwgk::calendar
