// The concerns service on SQLite and PostgreSQL with a fake clock: the
// issue's major concern (due 03:30 and 22:30 the next day, overdue after),
// responses as records of genre 回应 that count once published, unit
// scoping (another unit's concern is NotFound), the hours setting, the
// public list (never drafts, never notes), the dashboard's late list and
// the 年报's yearly counts.
#include "concerns/service.h"

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "calendar/service.h"
#include "catalog/service.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::concerns {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

absl::Time Bj(const char* iso) { return *ParseSeenAt(iso); }

class ConcernsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase(
        GetParam(),
        {"core", "org", "calendar", "catalog", "publishing", "concerns"});
    ASSERT_NE(db_, nullptr);
    org_ = std::make_unique<org::Service>(*db_, clock_);
    ASSERT_TRUE(org_->Seed().ok());
    calendar_ = std::make_unique<calendar::Service>(*db_, clock_);
    ASSERT_TRUE(calendar_->Seed().ok());
    catalog_ = std::make_unique<catalog::Service>(*db_, clock_, *org_);
    ASSERT_TRUE(catalog_->Seed().ok());
    data_dir_ = std::filesystem::temp_directory_path() /
                absl::StrCat("zwgk-concerns-", ::getpid(), "-", ++counter_);
    publishing_ = std::make_unique<publishing::Service>(
        *db_, clock_, *org_, *catalog_, *calendar_,
        publishing::ServiceOptions{.data_dir = data_dir_.string()});
    ASSERT_TRUE(publishing_->Seed().ok());
    service_ = std::make_unique<Service>(*db_, clock_, *org_, *publishing_);
    absl::Status seeded = service_->Seed();
    ASSERT_TRUE(seeded.ok()) << seeded;
    minzheng_ = org_->ResolveUnit("县民政局")->id;
    jiaoyu_ = org_->ResolveUnit("县教育局")->id;
    editor_ = {.user_id = 2,
               .name = "民政编辑",
               .role = Role::kUnitEditor,
               .unit_id = minzheng_};
    reviewer_ = {.user_id = 9,
                 .name = "民政审核",
                 .role = Role::kUnitReviewer,
                 .unit_id = minzheng_};
    other_ = {.user_id = 3,
              .name = "教育编辑",
              .role = Role::kUnitEditor,
              .unit_id = jiaoyu_};
  }
  void TearDown() override { std::filesystem::remove_all(data_dir_); }

  void Now(const char* iso) { clock_.Set(Bj(iso)); }

  ConcernView Major(const char* seen = "2026-12-02T22:30+08:00") {
    auto v = service_->Create(editor_, {.title = "某小区供水中断",
                                        .unit = "县民政局",
                                        .source = "舆情监测",
                                        .kind = "major",
                                        .seen_at = seen,
                                        .notes = "内部：已电话联系供水公司"});
    EXPECT_TRUE(v.ok()) << v.status();
    return v.ok() ? *v : ConcernView{};
  }

  // A record of 县民政局 of `genre`, published now unless `publish` is false.
  int64_t Record(bool publish = true, const std::string& genre = "回应",
                 const std::string& title = "关于某小区供水中断的情况通报") {
    publishing::RecordInput in{.title = title,
                               .unit = "县民政局",
                               .formed_on = "2026-12-02",
                               .topic = "民政、扶贫、救灾/社会福利",
                               .genre = genre,
                               .body_html = "<p>供水已于今晨恢复。</p>"};
    auto r = publishing_->Create(editor_, in);
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return 0;
    if (publish) Publish(r->id);
    return r->id;
  }
  void Publish(int64_t id) {
    auto s = publishing_->Submit(editor_, id);
    EXPECT_TRUE(s.ok()) << s.status();
    auto rv = publishing_->Review(reviewer_, id, {"approved", "无涉密内容"});
    EXPECT_TRUE(rv.ok()) << rv.status();
    auto p = publishing_->Publish(reviewer_, id);
    EXPECT_TRUE(p.ok()) << p.status();
  }

  std::vector<int64_t> Ids(std::optional<State> state,
                           const Actor* who = nullptr) {
    auto rows = service_->List(who ? *who : admin_, {.state = state});
    EXPECT_TRUE(rows.ok()) << rows.status();
    std::vector<int64_t> out;
    if (rows.ok())
      for (const ConcernView& v : *rows) out.push_back(v.concern.id);
    return out;
  }

  std::vector<std::string> AuditActions() {
    auto r = db_->Query(
        "SELECT action FROM audit_log WHERE entity LIKE 'concern%' ORDER BY id",
        {});
    std::vector<std::string> out;
    if (r.ok())
      for (const auto& row : r->rows) out.push_back(row.Text(0));
    return out;
  }

  static inline int counter_ = 0;
  FakeClock clock_{Bj("2026-12-02T23:00+08:00")};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<org::Service> org_;
  std::unique_ptr<calendar::Service> calendar_;
  std::unique_ptr<catalog::Service> catalog_;
  std::unique_ptr<publishing::Service> publishing_;
  std::unique_ptr<Service> service_;
  std::filesystem::path data_dir_;
  int64_t minzheng_ = 0, jiaoyu_ = 0;
  Actor admin_{.user_id = 1, .name = "县政务公开办", .role = Role::kAdmin};
  Actor editor_, reviewer_, other_;
};

TEST_P(ConcernsTest, TheIssuesMajorConcernIsDueAndThenOverdue) {
  const ConcernView v = Major();
  ASSERT_THAT(v.statuses, SizeIs(2));
  EXPECT_EQ(FormatBeijingIso(v.statuses[0].due_at),
            "2026-12-03T03:30:00+08:00");
  EXPECT_EQ(FormatBeijingIso(v.statuses[1].due_at),
            "2026-12-03T22:30:00+08:00");
  EXPECT_EQ(v.state, State::kOpen);
  Now("2026-12-03T03:30+08:00");
  EXPECT_THAT(Ids(State::kOverdue), IsEmpty());
  EXPECT_THAT(Ids(State::kOpen), ElementsAre(v.concern.id));
  Now("2026-12-03T03:31+08:00");
  EXPECT_THAT(Ids(State::kOverdue), ElementsAre(v.concern.id));
  EXPECT_THAT(Ids(State::kOpen), ElementsAre(v.concern.id));
  EXPECT_THAT(Ids(State::kAnswered), IsEmpty());
  auto late = service_->Late(absl::CivilDay(2026, 12, 3), std::nullopt);
  ASSERT_TRUE(late.ok()) << late.status();
  ASSERT_THAT(*late, SizeIs(2));  // both open past the end of the day
  EXPECT_EQ((*late)[0].obligation, Obligation::kFirstInformation);
  EXPECT_EQ((*late)[0].unit_id, minzheng_);
  EXPECT_FALSE((*late)[0].met_at.has_value());
  EXPECT_THAT(AuditActions(), ElementsAre("concern.create"));
}

TEST_P(ConcernsTest, PublishedResponsesMeetObligationsDraftsDoNot) {
  const int64_t id = Major().concern.id;
  Now("2026-12-03T01:00+08:00");
  const int64_t draft = Record(/*publish=*/false);
  auto linked = service_->Respond(editor_, id, {.record_id = draft});
  ASSERT_TRUE(linked.ok()) << linked.status();
  // Linked to the first obligation not met; a draft meets nothing.
  ASSERT_THAT(linked->concern.responses, SizeIs(1));
  EXPECT_EQ(linked->concern.responses[0].obligation,
            Obligation::kFirstInformation);
  EXPECT_FALSE(linked->statuses[0].met_at.has_value());
  auto pub = service_->ListPublic();
  ASSERT_TRUE(pub.ok());
  EXPECT_THAT(*pub, IsEmpty());
  // Published at 03:00: on time.
  Now("2026-12-03T03:00+08:00");
  Publish(draft);
  Now("2026-12-03T10:00+08:00");
  auto v = service_->Get(editor_, id);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->statuses[0].timeliness, Timeliness::kOnTime);
  EXPECT_EQ(FormatBeijingIso(*v->statuses[0].met_at),
            "2026-12-03T03:00:00+08:00");
  EXPECT_EQ(v->state, State::kOpen);
  // The press conference's record, published late at 23:00.
  Now("2026-12-03T23:00+08:00");
  const int64_t press = Record(true, "回应", "新闻发布会实录");
  auto both = service_->Respond(
      admin_, id, {.record_id = press, .obligation = "press_conference"});
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_EQ(both->state, State::kAnswered);
  EXPECT_EQ(both->statuses[1].timeliness, Timeliness::kLate);
  EXPECT_THAT(Ids(State::kAnswered), ElementsAre(id));
  // The public column: both times, both responses, no notes.
  pub = service_->ListPublic();
  ASSERT_TRUE(pub.ok());
  ASSERT_THAT(*pub, SizeIs(1));
  EXPECT_EQ(FormatBeijingIso((*pub)[0].seen_at), "2026-12-02T22:30:00+08:00");
  EXPECT_EQ(FormatBeijingIso((*pub)[0].responded_at),
            "2026-12-03T03:00:00+08:00");
  EXPECT_THAT((*pub)[0].responses, SizeIs(2));
  EXPECT_FALSE((*pub)[0].on_time);
  // The dashboard: the late press conference this year; the 年报's counts.
  auto late = service_->Late(absl::CivilDay(2026, 12, 31), minzheng_);
  ASSERT_TRUE(late.ok());
  ASSERT_THAT(*late, SizeIs(1));
  EXPECT_EQ((*late)[0].obligation, Obligation::kPressConference);
  EXPECT_TRUE((*late)[0].met_at.has_value());
  auto counts = service_->CountsForYear(2026, std::nullopt);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->concerns, 1);
  EXPECT_EQ(counts->answered_on_time, 0);
  EXPECT_EQ(counts->press_conferences, 1);
  EXPECT_THAT(AuditActions(), ElementsAre("concern.create", "concern.respond",
                                          "concern.respond"));
}

TEST_P(ConcernsTest, RefusesWrongGenresObligationsAndDuplicates) {
  const int64_t id = Major().concern.id;
  const int64_t notice = Record(true, "通知", "关于停水的通知");
  auto wrong = service_->Respond(editor_, id, {.record_id = notice});
  EXPECT_TRUE(absl::IsInvalidArgument(wrong.status()));
  EXPECT_THAT(GetFieldErrors(wrong.status()).at("record_id"),
              HasSubstr("回应"));
  const int64_t r = Record();
  auto bad = service_->Respond(editor_, id,
                               {.record_id = r, .obligation = "response"});
  EXPECT_TRUE(absl::IsInvalidArgument(bad.status()));
  EXPECT_TRUE(GetFieldErrors(bad.status()).count("obligation"));
  ASSERT_TRUE(service_->Respond(editor_, id, {.record_id = r}).ok());
  auto again = service_->Respond(
      editor_, id, {.record_id = r, .obligation = "first_information"});
  EXPECT_TRUE(absl::IsAlreadyExists(again.status()));
  auto missing = service_->Respond(editor_, id, {.record_id = 999999});
  EXPECT_TRUE(absl::IsInvalidArgument(missing.status()));
}

TEST_P(ConcernsTest, AnotherUnitsConcernIsNotFound) {
  const int64_t id = Major().concern.id;
  EXPECT_TRUE(absl::IsNotFound(service_->Get(other_, id).status()));
  const int64_t r = Record();
  EXPECT_TRUE(absl::IsNotFound(
      service_->Respond(other_, id, {.record_id = r}).status()));
  EXPECT_THAT(Ids(std::nullopt, &other_), IsEmpty());
  EXPECT_THAT(Ids(std::nullopt, &editor_), ElementsAre(id));
  // Unit staff log only their own unit's concerns.
  auto theirs = service_->Create(other_, {.title = "学校食堂",
                                          .unit = "县民政局",
                                          .source = "media",
                                          .kind = "general",
                                          .seen_at = "2026-12-02T20:00"});
  EXPECT_TRUE(absl::IsInvalidArgument(theirs.status()));
  EXPECT_TRUE(GetFieldErrors(theirs.status()).count("unit"));
  auto own = service_->Create(other_, {.title = "学校食堂",
                                       .source = "媒体报道",
                                       .kind = "general",
                                       .seen_at = "2026-12-02T20:00"});
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_EQ(own->concern.unit_id, jiaoyu_);
  EXPECT_EQ(FormatBeijingIso(own->statuses[0].due_at),
            "2026-12-04T20:00:00+08:00");
  // The public gets nothing from staff methods.
  Actor nobody;
  EXPECT_TRUE(absl::IsPermissionDenied(service_->List(nobody, {}).status()));
}

TEST_P(ConcernsTest, ValidatesEveryField) {
  auto v = service_->Create(admin_, {.title = std::string(400, 'x'),
                                     .unit = "没有的单位",
                                     .source = "微博",
                                     .kind = "minor",
                                     .seen_at = "2026-12-03T08:00+08:00",
                                     .notes = std::string(5000, 'n')});
  ASSERT_TRUE(absl::IsInvalidArgument(v.status()));
  const FieldErrors e = GetFieldErrors(v.status());
  for (const char* f : {"title", "unit", "source", "kind", "seen_at", "notes"})
    EXPECT_TRUE(e.count(f)) << f;
  EXPECT_THAT(e.at("seen_at"), HasSubstr("不能晚于现在"));
  v = service_->Create(admin_, {.title = "x",
                                .unit = "县民政局",
                                .source = "other",
                                .kind = "general",
                                .seen_at = "昨晚"});
  EXPECT_TRUE(GetFieldErrors(v.status()).count("seen_at"));
}

TEST_P(ConcernsTest, TheOfficeSetsTheHoursForLaterConcerns) {
  const ConcernView before = Major();
  EXPECT_TRUE(absl::IsPermissionDenied(
      service_->SaveHours(editor_, {.first_information = 3})));
  auto bad = service_->SaveHours(
      admin_,
      {.first_information = 0, .press_conference = 24, .response = 9999});
  EXPECT_TRUE(absl::IsInvalidArgument(bad));
  ASSERT_TRUE(service_
                  ->SaveHours(admin_, {.first_information = 3,
                                       .press_conference = 12,
                                       .response = 24})
                  .ok());
  auto h = service_->GetHours();
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->first_information, 3);
  const ConcernView after = Major("2026-12-02T22:00+08:00");
  EXPECT_EQ(FormatBeijingIso(after.statuses[0].due_at),
            "2026-12-03T01:00:00+08:00");
  EXPECT_EQ(FormatBeijingIso(after.statuses[1].due_at),
            "2026-12-03T10:00:00+08:00");
  // The concern logged before keeps its due times.
  auto kept = service_->Get(admin_, before.concern.id);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(FormatBeijingIso(kept->statuses[0].due_at),
            "2026-12-03T03:30:00+08:00");
  EXPECT_THAT(AuditActions(),
              ElementsAre("concern.create", "concern.hours", "concern.create"));
}

TEST_P(ConcernsTest, SeedsTheGenreOnce) {
  ASSERT_TRUE(service_->Seed().ok());
  auto genres = publishing_->Genres();
  ASSERT_TRUE(genres.ok());
  EXPECT_EQ(std::count(genres->begin(), genres->end(), "回应"), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, ConcernsTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::concerns
