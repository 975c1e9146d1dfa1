// The calendar service on a real database (SQLite and PostgreSQL): seeded
// national schedule, due dates, imports and local overrides.
#include "calendar/service.h"

#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
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

std::string ReadTestData(const std::string& relative) {
  std::ifstream in(std::string(ZWGK_SOURCE_DIR) + "/" + relative,
                   std::ios::binary);
  EXPECT_TRUE(in.good()) << relative;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Issue 14: loading next year's notice re-dates the deadlines that depend
// on it, logs and audits what moved, and the 暂估 notes go away.
TEST_P(CalendarServiceTest, LoadingNextYearRedatesAndListsWhatMoved) {
  clock_.Set(StartOfDay(absl::CivilDay(2026, 12, 3)) + absl::Hours(9));
  // Two fake deadlines held by "another module": 20 working days from
  // 2026-12-03, extended by 20 (crosses 元旦 2027), and 10 from 2026-11-02
  // (all in 2026: never moves).
  struct Held {
    std::string label;
    absl::CivilDay start;
    int days;
    std::string due;
  };
  std::vector<Held> held = {
      {"YSQ2026120301", absl::CivilDay(2026, 12, 3), 40, ""},
      {"YSQ2026110201", absl::CivilDay(2026, 11, 2), 10, ""}};
  auto recompute = [&](const Calendar& cal) -> absl::StatusOr<RecomputeCount> {
    RecomputeCount c;
    for (Held& h : held) {
      ++c.checked;
      std::string due = FormatDate(cal.AddWorkdays(h.start, h.days)->day);
      if (due == h.due) continue;
      ++c.moved;
      c.moved_items.push_back({.kind = "依申请公开答复期限",
                               .label = h.label,
                               .url = "/admin/applications/1",
                               .before = h.due,
                               .after = due});
      h.due = due;
    }
    return c;
  };
  ASSERT_TRUE(recompute(*service_->calendar()).ok());  // the stored dates
  EXPECT_EQ(held[0].due, "2027-01-28");
  EXPECT_EQ(held[1].due, "2026-11-16");
  service_->AddRecomputer("applications", recompute);

  // Before: the 2027 date is estimated, the 2026 one is not.
  EXPECT_EQ(service_->EstimateNote("2026-12-03", "2027-01-28"),
            "2027年节假日安排尚未发布，期限按周末推算，发布后自动重算");
  EXPECT_EQ(service_->EstimateNote("2026-11-02", "2026-11-16"), "");
  EXPECT_THAT(service_->MissingYears(), ::testing::SizeIs(1));

  // The wrong year, or a day outside it, is refused and nothing changes.
  std::string file = ReadTestData("tests/browser/data/holidays-2027-test.json");
  EXPECT_THAT(service_->Import(admin_, file, "x.json", 2028).status().message(),
              HasSubstr("与要载入的2028年不符"));
  std::string outside =
      R"({"year":2027,"days":[{"name":"元旦","date":"2026-12-20","isOffDay":true}]})";
  EXPECT_THAT(
      service_->Import(admin_, outside, "y.json", 2027).status().message(),
      HasSubstr("不在2027年内"));
  Actor editor{
      .user_id = 2, .name = "e", .role = Role::kUnitEditor, .unit_id = 1};
  EXPECT_EQ(service_->Import(editor, file, "x.json", 2027).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_FALSE(service_->calendar()->Covers(2027));
  EXPECT_EQ(held[0].due, "2027-01-28");

  absl::StatusOr<ImportSummary> s =
      service_->Import(admin_, file, "holidays-2027-test.json", 2027);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->days, 38);
  EXPECT_EQ(s->deadlines_moved, 1);
  EXPECT_EQ(held[0].due, "2027-01-29");  // 2027-01-01 is now a holiday
  EXPECT_EQ(service_->EstimateNote("2026-12-03", "2027-01-29"), "");
  EXPECT_TRUE(service_->MissingYears().empty());

  absl::StatusOr<CalendarChange> change =
      service_->GetChange(admin_, s->change_id);
  ASSERT_TRUE(change.ok()) << change.status();
  EXPECT_EQ(change->checked, 2);
  EXPECT_EQ(change->moved, 1);
  ASSERT_EQ(change->moved_items.size(), 1u);
  EXPECT_EQ(change->moved_items[0].label, "YSQ2026120301");
  EXPECT_EQ(change->moved_items[0].before, "2027-01-28");
  EXPECT_EQ(change->moved_items[0].after, "2027-01-29");
  EXPECT_THAT(change->cause, HasSubstr("2027"));
  EXPECT_EQ(service_->GetChange(editor, s->change_id).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(service_->GetChange(admin_, s->change_id + 100).status().code(),
            absl::StatusCode::kNotFound);

  // Audited: the import and the re-dating with the moved deadline.
  auto audit = db_->Query(
      "SELECT action, after_json FROM audit_log WHERE action LIKE "
      "'calendar.%' ORDER BY id",
      {});
  ASSERT_TRUE(audit.ok()) << audit.status();
  ASSERT_GE(audit->rows.size(), 2u);
  EXPECT_EQ(audit->rows[audit->rows.size() - 2].Text(0), "calendar.import");
  EXPECT_EQ(audit->rows.back().Text(0), "calendar.redate");
  EXPECT_THAT(audit->rows.back().Text(1), HasSubstr("2027-01-28 → 2027-01-29"));
}

TEST_P(CalendarServiceTest, NoticeTypedIntoTheFormIsValidatedAndLoaded) {
  clock_.Set(StartOfDay(absl::CivilDay(2026, 12, 3)));
  struct Case {
    NoticeForm form;
    std::string field;  // "" = loads
    std::string message;
  } cases[] = {
      {{.year = "二〇二七", .holidays = "元旦 2027-01-01"}, "year", "年份"},
      {{.year = "2027", .holidays = ""}, "holidays", "至少填写一段"},
      {{.year = "2027", .holidays = "元旦 2028-01-01"},
       "holidays",
       "2026-12-30至2027-12-31"},
      {{.year = "2027", .holidays = "春节 2027-02-13..2027-02-06"},
       "holidays",
       "结束日早于起始日"},
      {{.year = "2027", .holidays = "2027-02-06"}, "holidays", "第1行"},
      {{.year = "2027",
        .holidays = "元旦 2027-01-01\n春节 2027-02-06..2027-02-13",
        .workdays = "春节 2027-02-07"},
       "workdays",
       "2027-02-07已填为节假日（春节）"},
      {{.year = "2027",
        .holidays = "元旦 2027-01-01..2027-01-03\n春节 2027-02-06至2027-02-13",
        .workdays = "春节 2027-01-31\n春节 2027-02-20",
        .paper = "国务院办公厅关于2027年部分节假日安排的通知"},
       "",
       ""},
  };
  for (const Case& c : cases) {
    absl::StatusOr<ImportSummary> s = service_->ImportForm(admin_, c.form);
    if (c.field.empty()) {
      ASSERT_TRUE(s.ok()) << s.status();
      EXPECT_EQ(s->days, 13);
      EXPECT_EQ(s->format, "form");
      continue;
    }
    ASSERT_FALSE(s.ok()) << c.form.holidays;
    FieldErrors f = GetFieldErrors(s.status());
    ASSERT_EQ(f.count(c.field), 1u) << c.form.holidays << " " << s.status();
    EXPECT_THAT(f[c.field], HasSubstr(c.message));
    EXPECT_FALSE(service_->calendar()->Covers(2027));
  }
  std::shared_ptr<const Calendar> cal = service_->calendar();
  EXPECT_TRUE(cal->Covers(2027));
  EXPECT_FALSE(cal->IsWorkday(absl::CivilDay(2027, 2, 8)).workday);
  EXPECT_TRUE(cal->IsWorkday(absl::CivilDay(2027, 1, 31)).workday);  // Sunday
}

INSTANTIATE_TEST_SUITE_P(Engines, CalendarServiceTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::calendar
