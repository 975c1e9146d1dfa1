// The pure rules of 村务公开: periods, cadence, due days on the national
// calendar across 元旦 and 春节 2026 (01-01..01-03 off, Sunday 01-04 worked;
// 02-15..02-23 off, Saturdays 02-14 and 02-28 worked; 清明 04-04..04-06),
// timeliness, and the EXIF time of a board photo.
#include "villages/model.h"

#include <libexif/exif-data.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "calendar/test_util.h"
#include "gtest/gtest.h"

namespace zwgk::villages {
namespace {

using calendar::testing::D;

const calendar::Calendar& National() {
  static const calendar::Calendar* cal =
      new calendar::Calendar(calendar::testing::NationalCalendar());
  return *cal;
}

TEST(PeriodTest, ParsesEveryFormAndLabels) {
  struct Case {
    const char* text;
    std::optional<Period> want;
    const char* label;
  } cases[] = {
      {"2026-Q1", Period{2026, Cadence::kQuarterly, 1}, "2026年第1季度"},
      {"2025-q4", Period{2025, Cadence::kQuarterly, 4}, "2025年第4季度"},
      {"2026-03", Period{2026, Cadence::kMonthly, 3}, "2026年3月"},
      {"2026-3", Period{2026, Cadence::kMonthly, 3}, "2026年3月"},
      {"2026年第2季度", Period{2026, Cadence::kQuarterly, 2}, "2026年第2季度"},
      {" 2026年12月 ", Period{2026, Cadence::kMonthly, 12}, "2026年12月"},
      {"2026-Q5", std::nullopt, ""},
      {"2026-13", std::nullopt, ""},
      {"2026-00", std::nullopt, ""},
      {"2026年第0季度", std::nullopt, ""},
      {"1999-01", std::nullopt, ""},
      {"2026", std::nullopt, ""},
      {"", std::nullopt, ""},
      {"二〇二六年三月", std::nullopt, ""},
  };
  for (const Case& c : cases) {
    std::optional<Period> got = ParsePeriod(c.text);
    EXPECT_EQ(got, c.want) << c.text;
    if (got) {
      EXPECT_EQ(PeriodLabel(*got), c.label) << c.text;
    }
  }
}

TEST(PeriodTest, StartEndAndLastEnded) {
  EXPECT_EQ(PeriodStart({2026, Cadence::kQuarterly, 2}), D("2026-04-01"));
  EXPECT_EQ(PeriodEnd({2026, Cadence::kQuarterly, 2}), D("2026-06-30"));
  EXPECT_EQ(PeriodEnd({2025, Cadence::kQuarterly, 4}), D("2025-12-31"));
  EXPECT_EQ(PeriodEnd({2026, Cadence::kMonthly, 2}), D("2026-02-28"));
  EXPECT_EQ(PeriodEnd({2028, Cadence::kMonthly, 2}), D("2028-02-29"));
  struct Case {
    Cadence cadence;
    const char* day;
    Period want;
  } cases[] = {
      {Cadence::kQuarterly, "2026-01-10", {2025, Cadence::kQuarterly, 4}},
      {Cadence::kQuarterly, "2026-03-30", {2025, Cadence::kQuarterly, 4}},
      {Cadence::kQuarterly, "2026-03-31", {2026, Cadence::kQuarterly, 1}},
      {Cadence::kQuarterly, "2026-12-31", {2026, Cadence::kQuarterly, 4}},
      {Cadence::kMonthly, "2026-01-01", {2025, Cadence::kMonthly, 12}},
      {Cadence::kMonthly, "2026-02-28", {2026, Cadence::kMonthly, 2}},
      {Cadence::kMonthly, "2026-03-15", {2026, Cadence::kMonthly, 2}},
  };
  for (const Case& c : cases)
    EXPECT_EQ(LastEndedPeriod(c.cadence, D(c.day)), c.want) << c.day;
}

TEST(KindTest, NamesLabelsAndCadence) {
  for (Kind k : kAllKinds) {
    EXPECT_EQ(ParseKind(KindName(k)), k);
    EXPECT_EQ(ParseKind(KindLabel(k)), k);
  }
  EXPECT_EQ(ParseKind("财务"), Kind::kFinance);
  EXPECT_EQ(ParseKind("政务"), std::nullopt);
  EXPECT_EQ(CadenceFor(Kind::kFinance, true), Cadence::kMonthly);
  EXPECT_EQ(CadenceFor(Kind::kFinance, false), Cadence::kQuarterly);
  EXPECT_EQ(CadenceFor(Kind::kParty, true), Cadence::kQuarterly);
  EXPECT_EQ(CadenceFor(Kind::kVillage, true), Cadence::kQuarterly);
}

// Quarterly and monthly postings fall due on working days counted from the
// day after the period ends.
TEST(DueDateTest, AcrossNewYearAndSpringFestival2026) {
  struct Case {
    const char* period;
    int days;
    const char* due;
  } cases[] = {
      // Q4 2025 ends on Wednesday 12-31; 01-01..03 off, Sunday 01-04 is
      // day 1, so day 10 is Thursday 01-15.
      {"2025-Q4", 10, "2026-01-15"},
      {"2025-Q4", 1, "2026-01-04"},
      {"2025-Q4", 20, "2026-01-29"},
      // January 2026 ends on Saturday 01-31: day 10 is Friday 02-13, day 11
      // the make-up Saturday 02-14, then 春节 02-15..02-23, so day 15 is
      // Friday 02-27.
      {"2026-01", 10, "2026-02-13"},
      {"2026-01", 11, "2026-02-14"},
      {"2026-01", 12, "2026-02-24"},
      {"2026-01", 15, "2026-02-27"},
      // February ends on the make-up Saturday 02-28: counting starts after it.
      {"2026-02", 1, "2026-03-02"},
      {"2026-02", 10, "2026-03-13"},
      // Q1 2026 ends 03-31; 清明 04-04..04-06.
      {"2026-Q1", 10, "2026-04-15"},
      // No days: due on the period's last day.
      {"2026-Q1", 0, "2026-03-31"},
  };
  for (const Case& c : cases) {
    std::optional<Period> p = ParsePeriod(c.period);
    ASSERT_TRUE(p) << c.period;
    EXPECT_EQ(calendar::FormatDate(DueDate(National(), *p, c.days)), c.due)
        << c.period << " + " << c.days;
  }
}

TEST(JudgeTest, OnTimeLateMissingAndSoon) {
  const absl::CivilDay due = D("2026-02-27");
  struct Case {
    std::optional<const char*> posted;
    const char* today;
    Timeliness want;
  } cases[] = {
      {"2026-02-14", "2026-03-10", Timeliness::kOnTime},
      {"2026-02-27", "2026-03-10", Timeliness::kOnTime},
      {"2026-03-02", "2026-03-10", Timeliness::kLate},
      {std::nullopt, "2026-02-28", Timeliness::kMissing},
      {std::nullopt, "2026-02-27", Timeliness::kDueSoon},
      {std::nullopt, "2026-02-22", Timeliness::kDueSoon},
      {std::nullopt, "2026-02-21", Timeliness::kDueLater},
  };
  for (const Case& c : cases) {
    std::optional<absl::CivilDay> posted;
    if (c.posted) posted = D(*c.posted);
    EXPECT_EQ(Judge(due, posted, D(c.today)), c.want)
        << c.posted.value_or("-") << " " << c.today;
  }
  EXPECT_EQ(TimelinessLabel(Timeliness::kMissing), "逾期未公开");
  EXPECT_EQ(TimelinessLabel(Timeliness::kLate), "逾期公开");
}

// A minimal JPEG: SOI, an APP1 segment holding the EXIF block libexif
// writes, EOI.
std::string JpegWithExif(ExifIfd ifd, ExifTag tag, const char* when) {
  ExifData* data = exif_data_new();
  exif_data_set_byte_order(data, EXIF_BYTE_ORDER_INTEL);
  ExifEntry* entry = exif_entry_new();
  exif_content_add_entry(data->ifd[ifd], entry);
  exif_entry_initialize(entry, tag);  // ASCII, 20 bytes
  std::memcpy(entry->data, when, 20);
  exif_entry_unref(entry);
  unsigned char* buf = nullptr;
  unsigned int size = 0;
  exif_data_save_data(data, &buf, &size);
  exif_data_unref(data);
  std::string jpeg = "\xFF\xD8\xFF\xE1";
  jpeg.push_back(static_cast<char>(((size + 2) >> 8) & 0xFF));
  jpeg.push_back(static_cast<char>((size + 2) & 0xFF));
  jpeg.append(reinterpret_cast<const char*>(buf), size);
  jpeg += "\xFF\xD9";
  std::free(buf);
  return jpeg;
}

TEST(ExifTest, ReadsDateTimeOriginalElseDateTime) {
  EXPECT_EQ(
      ReadExifTime(JpegWithExif(EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL,
                                "2026:03:05 09:41:07")),
      "2026-03-05 09:41:07");
  EXPECT_EQ(ReadExifTime(JpegWithExif(EXIF_IFD_0, EXIF_TAG_DATE_TIME,
                                      "2025:12:31 18:00:00")),
            "2025-12-31 18:00:00");
  // A camera whose clock was never set.
  EXPECT_EQ(
      ReadExifTime(JpegWithExif(EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL,
                                "    :  :     :  :  ")),
      std::nullopt);
}

TEST(ExifTest, NoExifIsNullopt) {
  EXPECT_EQ(ReadExifTime(std::string("\xFF\xD8\xFF\xD9", 4)), std::nullopt);
  EXPECT_EQ(ReadExifTime("\x89PNG\r\n\x1a\n"), std::nullopt);
  EXPECT_EQ(ReadExifTime(""), std::nullopt);
}

}  // namespace
}  // namespace zwgk::villages
