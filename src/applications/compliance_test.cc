// The supervision dashboard's application figures (issue 15) on SQLite and
// PostgreSQL: overdue, due soon (extension and 补正 pause included), replies
// after the due date this year (across the year end) and the outcomes.
//
// Due dates are worked out by hand from holidays.md: day 1 is the first
// working day after the receipt; 2025-12 has no holiday; 2026: 元旦
// 01-01..03 off and 01-04 (Sun) worked, 春节 02-15..02-23 off and 02-14,
// 02-28 (Sat) worked.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "applications/service.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::applications {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

class ComplianceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase(
        GetParam(), {"core", "org", "calendar", "applications"});
    ASSERT_NE(db_, nullptr);
    org_ = std::make_unique<org::Service>(*db_, clock_);
    ASSERT_TRUE(org_->Seed().ok());
    cal_ = std::make_unique<calendar::Service>(*db_, clock_);
    ASSERT_TRUE(cal_->Seed().ok());
    service_ = std::make_unique<Service>(*db_, clock_, *org_, *cal_);
    unit_ = org_->ResolveUnit("县民政局")->id;
    other_unit_ = org_->ResolveUnit("县教育局")->id;
    reviewer_ = {.user_id = 3, .name = "王审核", .role = Role::kAdmin};
  }

  void Today(absl::CivilDay day) {
    clock_.Set(StartOfDay(day) + absl::Hours(10));
  }

  // Entered by the county office for `unit`, received on `day`.
  int64_t Paper(absl::CivilDay day, absl::string_view unit = "县民政局") {
    Today(day);
    ApplicationInput in{.applicant_type = "natural_person",
                        .name = "张三",
                        .id_type = "resident_id",
                        .id_number = "421221199003071238",
                        .phone = "13812345678",
                        .address = "嘉鱼县鱼岳镇人民大道1号",
                        .unit = std::string(unit),
                        .description = "2025年度本县城乡低保资金发放情况",
                        .delivery_form = "paper",
                        .channel = "in_person",
                        .received_on = calendar::FormatDate(day)};
    auto s = service_->Enter(reviewer_, in);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? s->id : 0;
  }

  void Step(int64_t id, Action a, absl::CivilDay day, ActionInput in = {}) {
    Today(day);
    in.on = calendar::FormatDate(day);
    auto d = service_->Act(reviewer_, id, a, in);
    EXPECT_TRUE(d.ok()) << ActionName(a) << ": " << d.status();
  }

  std::string Tracking(int64_t id) {
    auto d = service_->Get(reviewer_, id);
    return d.ok() ? d->app.tracking_number : "";
  }

  // "tracking due days [replied]" of each case.
  std::vector<std::string> Cases(const std::vector<ComplianceCase>& cases) {
    std::vector<std::string> out;
    for (const ComplianceCase& c : cases) {
      out.push_back(absl::StrCat(c.tracking_number, " ", c.due_on, " ", c.days,
                                 c.replied_on.empty() ? "" : " ",
                                 c.replied_on));
    }
    return out;
  }
  std::string Case(int64_t id, const char* due, int days,
                   const char* replied = "") {
    return absl::StrCat(Tracking(id), " ", due, " ", days, *replied ? " " : "",
                        replied);
  }

  static const UnitApplicationCompliance* Find(const ApplicationCompliance& c,
                                               int64_t unit) {
    for (const UnitApplicationCompliance& u : c.units)
      if (u.unit_id == unit) return &u;
    return nullptr;
  }

  FakeClock clock_{StartOfDay(D(2025, 11, 3)) + absl::Hours(10)};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<org::Service> org_;
  std::unique_ptr<calendar::Service> cal_;
  std::unique_ptr<Service> service_;
  int64_t unit_ = 0, other_unit_ = 0;
  Actor reviewer_;
};

TEST_P(ComplianceTest, FiguresOnADayMatchTheReplyClock) {
  // Received 2025-11-03: due 12-01; replied 12-03, 2 working days late.
  const int64_t late_2025 = Paper(D(2025, 11, 3));
  // Received 2025-12-01: due 12-29; replied 2026-01-06: 12-30, 12-31,
  // 01-04 (worked Sunday), 01-05, 01-06 = 5 working days late.
  const int64_t late_2026 = Paper(D(2025, 12, 1));
  Step(late_2025, Action::kReply, D(2025, 12, 3), {.type = "disclosed"});
  Step(late_2026, Action::kReply, D(2026, 1, 6), {.type = "disclosed"});
  // Received 02-02: due 03-06, open, overdue on 03-10 by 2 (03-09, 03-10).
  const int64_t overdue = Paper(D(2026, 2, 2));
  const int64_t other_overdue = Paper(D(2026, 2, 2), "县教育局");
  // Received 02-02 too, but extended by 5 working days: due 03-13.
  const int64_t extended = Paper(D(2026, 2, 2));
  // Waiting for a correction since 02-05: the clock is paused.
  const int64_t correcting = Paper(D(2026, 2, 2));
  Step(correcting, Action::kRequestCorrection, D(2026, 2, 5),
       {.deadline = "2026-02-13", .items = "请写明年度"});
  // Received 02-04: due 03-10 (today, 0 left); 02-06: due 03-12 (2 left);
  // 02-10: due 03-16, 4 left, not due soon.
  const int64_t due_today = Paper(D(2026, 2, 4));
  const int64_t due_soon = Paper(D(2026, 2, 6));
  Paper(D(2026, 2, 10));
  const int64_t on_time = Paper(D(2026, 2, 11));
  const int64_t withdrawn = Paper(D(2026, 2, 11));
  Step(extended, Action::kExtend, D(2026, 3, 2),
       {.days = "5", .approver = "县民政局办公室主任"});
  Step(on_time, Action::kReply, D(2026, 3, 3), {.type = "not_this_agency"});
  Step(withdrawn, Action::kWithdraw, D(2026, 3, 3), {.reason = "不再需要"});
  Today(D(2026, 3, 10));

  auto c = service_->Compliance(D(2026, 3, 10), std::nullopt);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->as_of, "2026-03-10");
  const UnitApplicationCompliance* u = Find(*c, unit_);
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->unit_name, "县民政局");
  EXPECT_THAT(Cases(u->overdue), ElementsAre(Case(overdue, "2026-03-06", 2)));
  EXPECT_THAT(Cases(u->due_soon), ElementsAre(Case(due_today, "2026-03-10", 0),
                                              Case(due_soon, "2026-03-12", 2),
                                              Case(extended, "2026-03-13", 3)));
  // 2025's late reply belongs to 2025.
  EXPECT_THAT(Cases(u->replied_late),
              ElementsAre(Case(late_2026, "2025-12-29", 5, "2026-01-06")));
  EXPECT_EQ(u->replied_late[0].received_on, "2025-12-01");
  const UnitApplicationCompliance* other = Find(*c, other_unit_);
  ASSERT_NE(other, nullptr);
  EXPECT_THAT(Cases(other->overdue),
              ElementsAre(Case(other_overdue, "2026-03-06", 2)));
  EXPECT_TRUE(other->due_soon.empty());
  // Every unit in service is listed, with or without figures.
  EXPECT_EQ(c->units.size(), org_->ListUnits()->size());

  EXPECT_THAT(
      c->outcomes,
      ElementsAre(Pair("予以公开", 1), Pair("已主动公开，告知获取方式", 0),
                  Pair("部分公开", 0), Pair("不予公开", 0), Pair("无法提供", 0),
                  Pair("不予处理", 0), Pair("不属于本机关负责公开", 1),
                  Pair("按有关法律、行政法规规定办理", 0),
                  Pair("未答复终止", 1)));

  // One unit: only its figures.
  auto mine = service_->Compliance(D(2026, 3, 10), unit_);
  ASSERT_TRUE(mine.ok()) << mine.status();
  ASSERT_EQ(mine->units.size(), 1u);
  EXPECT_EQ(mine->units[0].overdue.size(), 1u);
  EXPECT_EQ(mine->units[0].due_soon.size(), 3u);
  EXPECT_EQ(mine->outcomes.back(),
            std::make_pair(std::string("未答复终止"), int64_t{1}));
  auto edu = service_->Compliance(D(2026, 3, 10), other_unit_);
  ASSERT_TRUE(edu.ok());
  EXPECT_EQ(edu->outcomes[0].second, 0);

  // The day before: the extended one was not yet due soon (4 left), the one
  // due today had 1 left.
  auto monday = service_->Compliance(D(2026, 3, 9), unit_);
  ASSERT_TRUE(monday.ok());
  EXPECT_THAT(Cases(monday->units[0].overdue),
              ElementsAre(Case(overdue, "2026-03-06", 1)));
  EXPECT_THAT(Cases(monday->units[0].due_soon),
              ElementsAre(Case(due_today, "2026-03-10", 1),
                          Case(due_soon, "2026-03-12", 3)));

  // New Year's Eve 2025, looked back on: the reply of 2026-01-06 was still
  // owed (2 working days overdue); the late reply of 12-03 is 2025's.
  auto eve = service_->Compliance(D(2025, 12, 31), unit_);
  ASSERT_TRUE(eve.ok());
  EXPECT_THAT(Cases(eve->units[0].overdue),
              ElementsAre(Case(late_2026, "2025-12-29", 2)));
  EXPECT_TRUE(eve->units[0].due_soon.empty());
  EXPECT_THAT(Cases(eve->units[0].replied_late),
              ElementsAre(Case(late_2025, "2025-12-01", 2, "2025-12-03")));
  EXPECT_EQ(eve->outcomes[0].second, 1);
  // 2026-01-02 (a holiday): the new year starts with no late reply yet.
  auto jan2 = service_->Compliance(D(2026, 1, 2), unit_);
  ASSERT_TRUE(jan2.ok());
  EXPECT_TRUE(jan2->units[0].replied_late.empty());
  EXPECT_EQ(jan2->units[0].overdue.size(), 1u);
  EXPECT_EQ(jan2->outcomes[0].second, 0);
}

TEST_P(ComplianceTest, UnknownUnitIsNotFound) {
  auto c = service_->Compliance(D(2026, 3, 10), 999999);
  EXPECT_EQ(c.status().code(), absl::StatusCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Db, ComplianceTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::applications
