// Loading next year's holiday notice in the browser (issue 14), in-process
// on the seeded app (SQLite and PostgreSQL): who may, the upload bound, the
// admin home task, the 暂估 mark on the calculator before and after, and the
// page listing what moved.
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "app/testing.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::calendar {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using zwgk::testing::ErrorSummaryHrefs;
using zwgk::testing::TestApp;

constexpr char kBoundary[] = "zwgkNoticeBoundary";
constexpr char kEstimate[] =
    "2027年节假日安排尚未发布，期限按周末推算，发布后自动重算";

std::string Capture(const std::string& body, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(body, m, std::regex(pattern))) return "";
  return m[1];
}

std::string TestSchedule() {
  std::ifstream in(std::string(ZWGK_SOURCE_DIR) +
                       "/tests/browser/data/holidays-2027-test.json",
                   std::ios::binary);
  EXPECT_TRUE(in.good());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class CalendarHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  CalendarHttpTest()
      : t_(GetParam(),
           StartOfDay(absl::CivilDay(2026, 12, 3)) + absl::Hours(9)) {}

  // The notice upload as a browser sends it: multipart with the CSRF token.
  web::Response Upload(const std::string& year, const std::string& filename,
                       const std::string& data) {
    std::string csrf = Capture(t_.Get("/admin/calendar/notice").body,
                               "name=\"_csrf\" value=\"([^\"]+)\"");
    std::string b = kBoundary;
    std::string body =
        "--" + b +
        "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf +
        "\r\n--" + b +
        "\r\nContent-Disposition: form-data; name=\"year\"\r\n\r\n" + year +
        "\r\n--" + b +
        "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
        filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" +
        data + "\r\n--" + b + "--\r\n";
    return t_.Send(web::MakeRequest(
        web::Method::kPost, "/admin/calendar/notice/upload", body,
        {{"content-type", "multipart/form-data; boundary=" + b}}));
  }

  TestApp t_;
};

TEST_P(CalendarHttpTest, OnlyTheCountyOfficeLoadsANotice) {
  ASSERT_TRUE(t_.ok());
  // Not signed in: sent to the login page; nothing loads.
  web::Response anon = t_.Get("/admin/calendar/notice");
  EXPECT_EQ(anon.status / 100, 3);
  EXPECT_THAT(anon.HeaderValue("Location"), HasSubstr("/admin/login"));
  ASSERT_TRUE(t_.SignIn("li", "unit_editor", "县民政局"));
  EXPECT_EQ(t_.Get("/admin/calendar/notice").status, 403);
  EXPECT_EQ(t_.Get("/admin/calendar/changes/1").status, 403);
  EXPECT_EQ(Upload("2027", "2027.json", TestSchedule()).status, 403);
  EXPECT_EQ(t_.PostForm("/admin/calendar/notice/form",
                        {{"year", "2027"}, {"holidays", "元旦 2027-01-01"}})
                .status,
            403);
  // The editor's home has no calendar task.
  EXPECT_THAT(t_.Get("/admin").body, Not(HasSubstr("节假日安排尚未发布")));
  auto year = nlohmann::json::parse(t_.Get("/api/v1/calendar/2027").body);
  EXPECT_EQ(year["covered"], false);
}

TEST_P(CalendarHttpTest, OversizedUploadIsRefusedBeforeParsing) {
  ASSERT_TRUE(t_.ok());
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  web::Response r = Upload("2027", "big.json", std::string(1100 * 1024, ' '));
  EXPECT_EQ(r.status, 413);
  auto year = nlohmann::json::parse(t_.Get("/api/v1/calendar/2027").body);
  EXPECT_EQ(year["covered"], false);
}

TEST_P(CalendarHttpTest, AdminLoadsNextYearAndTheEstimateGoes) {
  ASSERT_TRUE(t_.ok());
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  // The admin home asks for it, linking to the page that loads it.
  web::Response home = t_.Get("/admin");
  EXPECT_THAT(home.body, HasSubstr("2027年节假日安排尚未发布"));
  EXPECT_THAT(home.body, HasSubstr("/admin/calendar/notice?year=2027"));
  // A 2027 due date on the calculator is 暂估.
  const char kCalc[] = "/calendar?start=2026-12-03&days=40&kind=working_days";
  web::Response before = t_.Get(kCalc);
  EXPECT_THAT(before.body, HasSubstr("2027-01-28"));
  EXPECT_THAT(before.body, HasSubstr("暂估"));
  EXPECT_THAT(before.body, HasSubstr(kEstimate));
  auto api = nlohmann::json::parse(
      t_.Get("/api/v1/calendar/due?start=2026-12-03&days=40").body);
  EXPECT_EQ(api["estimated"], true);
  EXPECT_EQ(api["estimate_note"], kEstimate);
  // A wrong file is refused on the page, linked from the error summary.
  web::Response wrong = Upload("2028", "2027.json", TestSchedule());
  EXPECT_EQ(wrong.status, 400);
  EXPECT_THAT(wrong.body, HasSubstr("与要载入的2028年不符"));
  EXPECT_THAT(wrong.body, HasSubstr("href=\"#nt-file\""));
  web::Response hostile = Upload("2027", "deep.json", std::string(5000, '['));
  EXPECT_EQ(hostile.status, 400);
  EXPECT_THAT(hostile.body, HasSubstr("嵌套层数过多"));

  web::Response loaded = Upload("2027", "2027.json", TestSchedule());
  ASSERT_EQ(loaded.status, 303) << loaded.body;
  std::string location = loaded.HeaderValue("Location");
  EXPECT_THAT(location, HasSubstr("/admin/calendar/changes/"));
  web::Response change = t_.Get(location);
  EXPECT_EQ(change.status, 200);
  EXPECT_THAT(change.body, HasSubstr("已载入2027年节假日安排（38个日期）"));
  EXPECT_THAT(change.body, HasSubstr("载入节假日安排：2027年"));

  web::Response after = t_.Get(kCalc);
  EXPECT_THAT(after.body, HasSubstr("2027-01-29"));  // 元旦 is off now
  EXPECT_THAT(after.body, Not(HasSubstr(kEstimate)));
  EXPECT_THAT(t_.Get("/admin").body,
              Not(HasSubstr("2027年节假日安排尚未发布")));
  // The change log links to the list.
  EXPECT_THAT(t_.Get("/admin/calendar").body,
              HasSubstr("/admin/calendar/changes/"));
}

TEST_P(CalendarHttpTest, NoticeTypedIntoTheFormAndAnIcsFile) {
  ASSERT_TRUE(t_.ok());
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  web::Response clash =
      t_.PostForm("/admin/calendar/notice/form",
                  {{"year", "2027"},
                   {"holidays", "春节 2027-02-06..2027-02-13"},
                   {"workdays", "春节 2027-02-07"}});
  EXPECT_EQ(clash.status, 400);
  EXPECT_THAT(clash.body, HasSubstr("href=\"#nt-workdays\""));
  EXPECT_THAT(clash.body, HasSubstr("不能同时是调休上班日"));
  EXPECT_THAT(clash.body, HasSubstr("春节 2027-02-06..2027-02-13"));  // kept
  const std::string ics =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
      "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\n"
      "DTEND;VALUE=DATE:20270104\r\nSUMMARY:元旦假期\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270131\r\n"
      "SUMMARY:春节补班\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  web::Response up = Upload("2027", "2027.ics", ics);
  ASSERT_EQ(up.status, 303) << up.body;
  auto year = nlohmann::json::parse(t_.Get("/api/v1/calendar/2027").body);
  EXPECT_EQ(year["covered"], true);
  EXPECT_EQ(year["named_days"].size(), 4u);
}

TEST_P(CalendarHttpTest, RefusedOverrideAndCalculatorSummariseInFormOrder) {
  ASSERT_TRUE(t_.ok());
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  web::Response bad =
      t_.PostForm("/admin/calendar/overrides",
                  {{"day", "2027-13-01"}, {"status", "work"}, {"reason", " "}});
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(ErrorSummaryHrefs(bad.body),
            (std::vector<std::string>{"ov-day", "ov-reason"}));
  EXPECT_THAT(bad.body, HasSubstr("id=\"ov-reason-error\">请写明调整原因"));
  EXPECT_THAT(bad.body, HasSubstr("value=\"2027-13-01\""));  // kept
  EXPECT_THAT(bad.body, HasSubstr("<option value=\"work\" selected>"));
  EXPECT_LT(bad.body.find("class=\"error-summary\""),
            bad.body.find("id=\"ov-day\""));
  EXPECT_EQ(ErrorSummaryHrefs(t_.Get("/admin/calendar").body), std::nullopt);
  // The public calculator: start, days, then the pause box.
  web::Response calc =
      t_.Get("/calendar?start=2026-02-30&days=x&kind=working_days&pause=bad");
  EXPECT_EQ(calc.status, 400);
  EXPECT_EQ(ErrorSummaryHrefs(calc.body),
            (std::vector<std::string>{"start", "days", "pause"}));
}

INSTANTIATE_TEST_SUITE_P(Engines, CalendarHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::calendar
