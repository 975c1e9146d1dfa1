// The calendar service on a real database (SQLite and PostgreSQL): seeded
// national schedule, due dates, imports and local overrides.
#include "calendar/service.h"

#include <functional>
#include <memory>
#include <string>

#include "core/migrate.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::calendar {
namespace {

using ::testing::HasSubstr;

class CalendarServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase(GetParam(), {"core", "calendar"});
    ASSERT_NE(db_, nullptr);
    service_ = std::make_unique<Service>(*db_, clock_);
    ASSERT_TRUE(service_->Seed().ok());
  }

  std::string Due(DueQuery q) {
    auto a = service_->Due(q);
    if (!a.ok()) return std::string(a.status().message());
    return a->result.due ? FormatDate(*a->result.due) : "none";
  }

  FakeClock clock_{StartOfDay(absl::CivilDay(2026, 11, 28))};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<Service> service_;
  Actor admin_ = {.user_id = 1, .name = "admin", .role = Role::kAdmin};
};

TEST_P(CalendarServiceTest, SeededScheduleAnswersTheIssueExample) {
  EXPECT_EQ(Due({.start = "2026-02-13", .days = "1"}),
            "2026-02-14");  // a 调休 Saturday
  EXPECT_EQ(Due({.start = "2026-09-30", .days = "1"}), "2026-10-08");
  EXPECT_TRUE(service_->calendar()->Covers(2020));
  EXPECT_TRUE(service_->calendar()->Covers(2026));
  // Seeding twice changes nothing.
  auto before = db_->Query("SELECT COUNT(*) FROM calendar_days", {});
  ASSERT_TRUE(service_->Seed().ok());
  auto after = db_->Query("SELECT COUNT(*) FROM calendar_days", {});
  EXPECT_EQ(before->rows[0].Int(0), after->rows[0].Int(0));
}

TEST_P(CalendarServiceTest, DueWithPauseRestartAndExtension) {
  // Received Mon 2026-02-02; 补正 received Fri 02-06 restarts the count;
  // third-party consultation 03-02..03-06 pauses it; extended by 5.
  auto a = service_->Due({.start = "2026-02-02",
                          .days = "20",
                          .pauses = {"2026-03-02..2026-03-06"},
                          .restart = "2026-02-06",
                          .extend = "5"});
  ASSERT_TRUE(a.ok()) << a.status();
  // From 02-06: 02-09..02-13 (5), 02-14 Sat 班 (6), 春节 02-15..02-23 off,
  // 02-24..02-27 (10), 02-28 Sat 班 (11), 03-02..03-06 paused, 03-09..03-13
  // (16), 03-16..03-19 (20) → 03-19; +5 → 03-26.
  EXPECT_EQ(FormatDate(*a->result.due), "2026-03-26");
  EXPECT_EQ(FormatDate(*a->result.original_due), "2026-03-19");
}

TEST_P(CalendarServiceTest, BadInputNamesEachField) {
  auto a = service_->Due({.start = "2026-02-30",
                          .days = "-3",
                          .pauses = {"2026-03-06..2026-03-02"},
                          .extend = "30"});
  ASSERT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument);
  FieldErrors f = GetFieldErrors(a.status());
  EXPECT_EQ(f.count("start"), 1u);
  EXPECT_EQ(f.count("days"), 1u);
  EXPECT_THAT(f["pause[1]"], HasSubstr("结束日早于起始日"));
  EXPECT_EQ(f.count("extend"), 1u);
}

TEST_P(CalendarServiceTest, LocalClosureMovesDeadlinesAndIsLogged) {
  int calls = 0;
  service_->AddRecomputer(
      "test", [&](const Calendar& cal) -> absl::StatusOr<RecomputeCount> {
        ++calls;
        bool off = !cal.IsWorkday(absl::CivilDay(2026, 12, 1)).workday;
        return RecomputeCount{.checked = 1, .moved = off ? 1 : 0};
      });
  EXPECT_EQ(Due({.start = "2026-11-30", .days = "1"}), "2026-12-01");
  auto o = service_->AddOverride(admin_, "2026-12-01", /*off=*/true,
                                 "防汛抢险停止办公");
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(Due({.start = "2026-11-30", .days = "1"}), "2026-12-02");
  EXPECT_EQ(calls, 1);
  auto changes = service_->ListChanges();
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ(changes->at(0).moved, 1);
  EXPECT_THAT(changes->at(0).cause, HasSubstr("防汛抢险"));
  auto dup = service_->AddOverride(admin_, "2026-12-01", true, "again");
  EXPECT_EQ(GetFieldErrors(dup.status()).count("day"), 1u);
  ASSERT_TRUE(service_->RemoveOverride(admin_, o->id).ok());
  EXPECT_EQ(Due({.start = "2026-11-30", .days = "1"}), "2026-12-01");
  Actor editor{
      .user_id = 2, .name = "e", .role = Role::kUnitEditor, .unit_id = 1};
  EXPECT_EQ(
      service_->AddOverride(editor, "2026-12-02", true, "x").status().code(),
      absl::StatusCode::kPermissionDenied);
}

TEST_P(CalendarServiceTest, ImportOfNextYearIsOneCommandAndAllOrNothing) {
  EXPECT_THAT(service_->MissingYears(), ::testing::SizeIs(1));  // 2027
  std::string bad =
      R"({"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true},{"name":"x","date":"2027-02-30","isOffDay":true}]})";
  EXPECT_FALSE(service_->Import(admin_, bad, "bad.json").ok());
  EXPECT_FALSE(service_->calendar()->Covers(2027));
  std::string good =
      R"({"year":2027,"papers":["通知"],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]})";
  auto s = service_->Import(admin_, good, "2027.json");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->days, 1);
  EXPECT_TRUE(service_->calendar()->Covers(2027));
  EXPECT_TRUE(service_->MissingYears().empty());
  EXPECT_FALSE(
      service_->calendar()->IsWorkday(absl::CivilDay(2027, 1, 1)).workday);
}

// Issue 12, finding 6: the server and the CLI are two processes, each with
// its own Service over the same database. What one writes, the other's next
// question sees, without a restart.
TEST_P(CalendarServiceTest, ChangesThroughAnotherProcessAreSeenAtOnce) {
  Service cli(*db_, clock_);
  struct Step {
    std::string what;
    std::function<absl::Status()> act;
    bool dec1_workday;  // 2026-12-01 (Tuesday) afterwards
    bool covers_2027;
  };
  int64_t override_id = 0;
  const Step steps[] = {
      {"nothing yet", [] { return absl::OkStatus(); }, true, false},
      {"cli imports 2027",
       [&] {
         return cli
             .Import(
                 admin_,
                 R"({"year":2027,"papers":["通知"],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]})",
                 "2027.json")
             .status();
       },
       true, true},
      {"cli closes 2026-12-01",
       [&] {
         absl::StatusOr<LocalOverride> o =
             cli.AddOverride(admin_, "2026-12-01", /*off=*/true, "防汛抢险");
         if (o.ok()) override_id = o->id;
         return o.status();
       },
       false, true},
      {"cli removes the closure",
       [&] { return cli.RemoveOverride(admin_, override_id); }, true, true},
  };
  for (const Step& step : steps) {
    ASSERT_TRUE(step.act().ok()) << step.what;
    // The "server" asks after the CLI wrote: calendar() and Due() agree.
    EXPECT_EQ(
        service_->calendar()->IsWorkday(absl::CivilDay(2026, 12, 1)).workday,
        step.dec1_workday)
        << step.what;
    EXPECT_EQ(service_->calendar()->Covers(2027), step.covers_2027)
        << step.what;
    EXPECT_EQ(Due({.start = "2026-11-30", .days = "1"}),
              step.dec1_workday ? "2026-12-01" : "2026-12-02")
        << step.what;
    EXPECT_EQ(service_->MissingYears().empty(), step.covers_2027) << step.what;
  }
}

TEST_P(CalendarServiceTest, AnUnchangedDatabaseKeepsTheSameCalendar) {
  std::shared_ptr<const Calendar> first = service_->calendar();
  EXPECT_EQ(service_->calendar(), first);  // no reload without a write
  // Any committed write moves the counter; the calendar is then rebuilt
  // once and shared again until the next one.
  ASSERT_TRUE(db_->Transaction([](db::Tx& tx) {
                   return tx
                       .Exec(
                           "UPDATE calendar_years SET papers = papers "
                           "WHERE year = 2026")
                       .status();
                 })
                  .ok());
  std::shared_ptr<const Calendar> second = service_->calendar();
  EXPECT_NE(second, first);
  EXPECT_EQ(service_->calendar(), second);
}

INSTANTIATE_TEST_SUITE_P(Engines, CalendarServiceTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::calendar
