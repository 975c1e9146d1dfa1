// The catalog's service on SQLite and PostgreSQL with a fake clock.
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "calendar/service.h"
#include "catalog/service.h"
#include "core/status.h"
#include "core/testing.h"
#include "decisions/service.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::decisions {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using S = DecisionState;

absl::Time At(int y, int m, int d) {
  return StartOfDay(absl::CivilDay(y, m, d)) + absl::Hours(10);
}

class CatalogServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase(
        GetParam(),
        {"core", "org", "calendar", "catalog", "publishing", "decisions"});
    ASSERT_NE(db_, nullptr);
    org_ = std::make_unique<org::Service>(*db_, clock_);
    ASSERT_TRUE(org_->Seed().ok());
    calendar_ = std::make_unique<calendar::Service>(*db_, clock_);
    ASSERT_TRUE(calendar_->Seed().ok());
    catalog_ = std::make_unique<catalog::Service>(*db_, clock_, *org_);
    ASSERT_TRUE(catalog_->Seed().ok());
    data_dir_ = std::filesystem::temp_directory_path() /
                absl::StrCat("zwgk-dec-", ::getpid(), "-", ++counter_);
    publishing_ = std::make_unique<publishing::Service>(
        *db_, clock_, *org_, *catalog_, *calendar_,
        publishing::ServiceOptions{.data_dir = data_dir_.string()});
    ASSERT_TRUE(publishing_->Seed().ok());
    service_ =
        std::make_unique<Service>(*db_, clock_, *org_, *publishing_,
                                  ServiceOptions{.data_dir = data_dir_.string(),
                                                 .max_document_bytes = 1000,
                                                 .max_documents_per_event = 2});
    minzheng_ = org_->ResolveUnit("县民政局")->id;
    jiaoyu_ = org_->ResolveUnit("县教育局")->id;
    editor_ = {.user_id = 2,
               .name = "民政编辑",
               .role = Role::kUnitEditor,
               .unit_id = minzheng_};
    other_ = {.user_id = 3,
              .name = "教育编辑",
              .role = Role::kUnitEditor,
              .unit_id = jiaoyu_};
  }
  void TearDown() override { std::filesystem::remove_all(data_dir_); }

  DecisionInput Input(std::string title = "嘉鱼县城区停车设施建设规划") {
    return DecisionInput{.year = 2026,
                         .title = std::move(title),
                         .deciding_body = "县人民政府",
                         .legal_basis = "《重大行政决策程序暂行条例》",
                         .unit = "县民政局",
                         .planned_consultation_on = "2026-04-01",
                         .planned_decision_on = "2026-06-30"};
  }

  int64_t NewDecision(std::string title = "嘉鱼县城区停车设施建设规划") {
    auto d = service_->CreateDecision(editor_, Input(std::move(title)));
    EXPECT_TRUE(d.ok()) << d.status();
    return d.ok() ? d->id : 0;
  }

  absl::StatusOr<Decision> Move(int64_t id, S to, std::string note = "",
                                std::optional<int64_t> record = {}) {
    return service_->MoveDecision(
        editor_, id, {.to = to, .note = note, .record_id = record});
  }

  // A record of 县民政局, published or left as a draft.
  int64_t Record(
      bool publish,
      std::string title = "嘉鱼县城区停车设施建设规划（2026—2030年）",
      std::string genre = "通知") {
    publishing::RecordInput in{.title = title,
                               .unit = "县民政局",
                               .domain = "社会救助",
                               .formed_on = "2026-02-10",
                               .topic = "民政、扶贫、救灾/社会福利",
                               .genre = genre,
                               .body_html = "<p>现将规划印发。</p>"};
    auto r = publishing_->Create(editor_, in);
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok() || !publish) return r.ok() ? r->id : 0;
    Actor reviewer{.user_id = 9,
                   .name = "审核",
                   .role = Role::kUnitReviewer,
                   .unit_id = minzheng_};
    EXPECT_TRUE(publishing_->Submit(editor_, r->id).ok());
    EXPECT_TRUE(
        publishing_->Review(reviewer, r->id, {"approved", "无涉密内容"}).ok());
    EXPECT_TRUE(publishing_->Publish(reviewer, r->id).ok());
    return r->id;
  }

  std::vector<std::string> AuditActions() {
    auto r = db_->Query(
        "SELECT action FROM audit_log WHERE entity LIKE 'decision%' "
        "ORDER BY id",
        {});
    std::vector<std::string> out;
    if (r.ok())
      for (const auto& row : r->rows) out.push_back(row.Text(0));
    return out;
  }

  static inline int counter_ = 0;
  FakeClock clock_{At(2026, 3, 2)};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<org::Service> org_;
  std::unique_ptr<calendar::Service> calendar_;
  std::unique_ptr<catalog::Service> catalog_;
  std::unique_ptr<publishing::Service> publishing_;
  std::unique_ptr<Service> service_;
  std::filesystem::path data_dir_;
  int64_t minzheng_ = 0, jiaoyu_ = 0;
  Actor admin_{.user_id = 1, .name = "县政务公开办", .role = Role::kAdmin};
  Actor public_{};
  Actor editor_, other_;
};

TEST_P(CatalogServiceTest, CreateValidatesEachField) {
  struct Case {
    const char* what;
    DecisionInput in;
    const char* field;
  };
  DecisionInput base = Input();
  auto with = [&](auto change) {
    DecisionInput in = base;
    change(in);
    return in;
  };
  const Case cases[] = {
      {"no title", with([](auto& in) { in.title = "  "; }), "title"},
      {"no body", with([](auto& in) { in.deciding_body = ""; }),
       "deciding_body"},
      {"no basis", with([](auto& in) { in.legal_basis = ""; }), "legal_basis"},
      {"year", with([](auto& in) { in.year = 1999; }), "year"},
      {"bad date",
       with([](auto& in) { in.planned_decision_on = "2026-13-01"; }),
       "planned_decision_on"},
      {"decision before consultation",
       with([](auto& in) { in.planned_decision_on = "2026-03-01"; }),
       "planned_decision_on"},
      {"unknown unit", with([](auto& in) { in.unit = "县宇航局"; }), "unit"},
      {"another unit", with([](auto& in) { in.unit = "县教育局"; }), "unit"},
  };
  for (const Case& c : cases) {
    auto d = service_->CreateDecision(editor_, c.in);
    ASSERT_FALSE(d.ok()) << c.what;
    EXPECT_TRUE(absl::IsInvalidArgument(d.status())) << c.what;
    EXPECT_TRUE(GetFieldErrors(d.status()).count(c.field))
        << c.what << ": " << d.status();
  }
  EXPECT_FALSE(service_->CreateDecision(public_, base).ok());
  auto d = service_->CreateDecision(editor_, base);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->state, S::kPlanned);
  EXPECT_EQ(d->unit_name, "县民政局");
  EXPECT_EQ(d->planned_decision_on, absl::CivilDay(2026, 6, 30));
  // The county office may create for any unit.
  DecisionInput for_other = base;
  for_other.unit = "县教育局";
  EXPECT_TRUE(service_->CreateDecision(admin_, for_other).ok());
}

TEST_P(CatalogServiceTest, StateMovesFollowTheRules) {
  const int64_t id = NewDecision();
  // Not straight to 已公布; 暂缓 needs a reason.
  auto bad = Move(id, S::kPublished, "", Record(true));
  EXPECT_TRUE(absl::IsFailedPrecondition(bad.status())) << bad.status();
  EXPECT_THAT(bad.status().message(), HasSubstr("拟决策"));
  EXPECT_TRUE(GetFieldErrors(Move(id, S::kPostponed).status()).count("note"));

  ASSERT_TRUE(Move(id, S::kConsulting).ok());
  auto postponed = Move(id, S::kPostponed, "上级政策调整，待明确后再议");
  ASSERT_TRUE(postponed.ok()) << postponed.status();
  EXPECT_EQ(postponed->resume_to, S::kConsulting);
  EXPECT_EQ(postponed->state_note, "上级政策调整，待明确后再议");
  // It resumes to where it was, not elsewhere.
  EXPECT_TRUE(absl::IsFailedPrecondition(Move(id, S::kDecided).status()));
  auto resumed = Move(id, S::kConsulting);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(resumed->resume_to, std::nullopt);

  clock_.Set(At(2026, 7, 1));
  auto decided = Move(id, S::kDecided);
  ASSERT_TRUE(decided.ok()) << decided.status();
  EXPECT_EQ(decided->decided_on, absl::CivilDay(2026, 7, 1));

  // 拟决策 may go straight to 已决策; 撤销 is final.
  const int64_t other = NewDecision("县城集中供暖方案");
  ASSERT_TRUE(Move(other, S::kDecided).ok());
  ASSERT_TRUE(Move(other, S::kWithdrawn, "不再实施").ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(Move(other, S::kPlanned).status()));
  EXPECT_TRUE(absl::IsFailedPrecondition(
      service_->UpdateDecision(editor_, other, Input("改名")).status()));
}

TEST_P(CatalogServiceTest, PublishedNeedsAPublishedRecord) {
  const int64_t id = NewDecision();
  ASSERT_TRUE(Move(id, S::kDecided).ok());
  EXPECT_TRUE(
      GetFieldErrors(Move(id, S::kPublished).status()).count("record_id"));
  auto draft = Move(id, S::kPublished, "", Record(false));
  EXPECT_TRUE(GetFieldErrors(draft.status()).count("record_id"))
      << draft.status();
  EXPECT_TRUE(GetFieldErrors(Move(id, S::kPublished, "", 999999).status())
                  .count("record_id"));
  const int64_t record = Record(true);
  clock_.Set(At(2026, 8, 3));
  auto published = Move(id, S::kPublished, "", record);
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(published->record_id, record);
  EXPECT_EQ(published->published_on, absl::CivilDay(2026, 8, 3));
  EXPECT_TRUE(
      absl::IsFailedPrecondition(Move(id, S::kWithdrawn, "x").status()));
  EXPECT_THAT(AuditActions(),
              ElementsAre("decision.create", "decision.move", "decision.move"));

  ASSERT_TRUE(service_->PublishCatalog(admin_, 2026, "首次发布").ok());
  auto view = service_->GetDecision(public_, id);
  ASSERT_TRUE(view.ok()) << view.status();
  ASSERT_TRUE(view->record.has_value());
  EXPECT_EQ(view->record->id, record);
  EXPECT_TRUE(view->interpretations.empty());

  // Its 解读 shows once related and published; a draft one does not.
  const int64_t interp = Record(true, "《停车设施建设规划》政策解读", "解读");
  const int64_t draft_interp =
      Record(false, "《停车设施建设规划》图解", "解读");
  ASSERT_TRUE(publishing_->Relate(editor_, interp, "interprets", record).ok());
  ASSERT_TRUE(
      publishing_->Relate(editor_, draft_interp, "interprets", record).ok());
  view = service_->GetDecision(public_, id);
  ASSERT_TRUE(view.ok()) << view.status();
  ASSERT_EQ(view->interpretations.size(), 1u);
  EXPECT_EQ(view->interpretations[0].id, interp);
  auto staff = service_->GetDecision(editor_, id);
  ASSERT_TRUE(staff.ok()) << staff.status();
  EXPECT_EQ(staff->interpretations.size(), 2u);
}

TEST_P(CatalogServiceTest, CatalogVersionsFreezeAndDiff) {
  EXPECT_TRUE(absl::IsFailedPrecondition(
      service_->PublishCatalog(admin_, 2026, "首次发布").status()));
  const int64_t a = NewDecision("甲事项");
  const int64_t b = NewDecision("乙事项");
  EXPECT_TRUE(absl::IsPermissionDenied(
      service_->PublishCatalog(editor_, 2026, "首次发布").status()));
  EXPECT_TRUE(
      GetFieldErrors(service_->PublishCatalog(admin_, 2026, " ").status())
          .count("note"));
  auto v1 = service_->PublishCatalog(admin_, 2026, "首次发布");
  ASSERT_TRUE(v1.ok()) << v1.status();
  EXPECT_EQ(v1->version, 1);
  ASSERT_TRUE(
      service_->UpdateDecision(editor_, a, Input("甲事项（调整）")).ok());
  ASSERT_TRUE(Move(b, S::kWithdrawn, "不再实施").ok());
  const int64_t c = NewDecision("丙事项");
  auto v2 = service_->PublishCatalog(admin_, 2026, "调整甲事项，新增丙事项");
  ASSERT_TRUE(v2.ok()) << v2.status();
  EXPECT_EQ(v2->version, 2);

  auto versions = service_->CatalogVersions(2026);
  ASSERT_TRUE(versions.ok()) << versions.status();
  ASSERT_EQ(versions->size(), 2u);
  const CatalogVersion& newest = versions->at(0);
  const CatalogVersion& first = versions->at(1);
  EXPECT_EQ(newest.version, 2);
  EXPECT_EQ(newest.note, "调整甲事项，新增丙事项");
  EXPECT_EQ(newest.published_by, "县政务公开办");
  // The first version keeps what was published then.
  ASSERT_EQ(first.items.size(), 2u);
  EXPECT_EQ(first.items[0].title, "甲事项");
  EXPECT_EQ(first.items[0].unit_name, "县民政局");
  EXPECT_EQ(first.items[0].planned_decision_on, absl::CivilDay(2026, 6, 30));
  CatalogDiff diff = Diff(first.items, newest.items);
  ASSERT_EQ(diff.added.size(), 1u);
  EXPECT_EQ(diff.added[0].id, c);
  EXPECT_TRUE(diff.removed.empty());
  ASSERT_EQ(diff.changed.size(), 2u);  // 甲 renamed, 乙 withdrawn
  EXPECT_EQ(diff.changed[1].second.state, S::kWithdrawn);

  auto years = service_->CatalogYears();
  ASSERT_TRUE(years.ok());
  EXPECT_THAT(*years, ElementsAre(2026));
  EXPECT_THAT(AuditActions(), ::testing::Contains("decision.catalog_publish"));
}

TEST_P(CatalogServiceTest, AnotherUnitsStaffCannotTouchIt) {
  const int64_t id = NewDecision();
  EXPECT_TRUE(
      absl::IsNotFound(service_->UpdateDecision(other_, id, Input()).status()));
  EXPECT_TRUE(absl::IsNotFound(
      service_->MoveDecision(other_, id, {.to = S::kDecided}).status()));
  EXPECT_TRUE(absl::IsNotFound(
      service_
          ->AddEvent(other_, id,
                     {.kind = "hearing", .on = "2026-03-01", .title = "听证会"})
          .status()));
  EXPECT_TRUE(absl::IsNotFound(service_->GetDecision(other_, id).status()));
  auto theirs = service_->ListDecisions(other_, 2026);
  ASSERT_TRUE(theirs.ok());
  EXPECT_TRUE(theirs->empty());
  auto ours = service_->ListDecisions(editor_, 2026);
  ASSERT_TRUE(ours.ok());
  ASSERT_EQ(ours->size(), 1u);
  auto all = service_->ListDecisions(admin_, 2026);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u);
  EXPECT_TRUE(service_->ListDecisions(admin_, 2027)->empty());
  EXPECT_FALSE(service_->ListDecisions(public_, 2026).ok());
  // Nor may they move it into their own unit.
  DecisionInput moved = Input();
  moved.unit = "县教育局";
  EXPECT_TRUE(
      GetFieldErrors(service_->UpdateDecision(editor_, id, moved).status())
          .count("unit"));
}

TEST_P(CatalogServiceTest, PublicSeesADecisionOnlyOnceTheCatalogIsPublished) {
  const int64_t id = NewDecision();
  auto event = service_->AddEvent(
      editor_, id,
      {.kind = "hearing",
       .on = "2026-03-01",
       .title = "停车规划听证会",
       .summary = "听取市民意见"},
      {{.file_name = "听证笔录.pdf", .bytes = "%PDF-1.4 minutes"}});
  ASSERT_TRUE(event.ok()) << event.status();
  ASSERT_EQ(event->documents.size(), 1u);
  auto internal = service_->AddEvent(
      editor_, id,
      {.kind = "legality",
       .on = "2026-03-02",
       .title = "合法性审查意见",
       .is_public = false},
      {{.file_name = "意见.png", .bytes = "\x89PNG\r\n\x1a\n...."}});
  ASSERT_TRUE(internal.ok()) << internal.status();

  EXPECT_TRUE(absl::IsNotFound(service_->GetDecision(public_, id).status()));
  EXPECT_TRUE(absl::IsNotFound(
      service_->EventDocumentBytes(public_, event->id, 0).status()));
  auto staff = service_->GetDecision(editor_, id);
  ASSERT_TRUE(staff.ok()) << staff.status();
  EXPECT_EQ(staff->events.size(), 2u);

  ASSERT_TRUE(service_->PublishCatalog(admin_, 2026, "首次发布").ok());
  auto pub = service_->GetDecision(public_, id);
  ASSERT_TRUE(pub.ok()) << pub.status();
  ASSERT_EQ(pub->events.size(), 1u);  // the internal review stays internal
  EXPECT_EQ(pub->events[0].title, "停车规划听证会");
  EXPECT_EQ(pub->decision.unit_name, "县民政局");
  auto bytes = service_->EventDocumentBytes(public_, event->id, 0);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(bytes->second, "%PDF-1.4 minutes");
  EXPECT_EQ(bytes->first.content_type, "application/pdf");
  EXPECT_TRUE(absl::IsNotFound(
      service_->EventDocumentBytes(public_, internal->id, 0).status()));
  EXPECT_TRUE(absl::IsNotFound(
      service_->EventDocumentBytes(public_, event->id, 1).status()));
  EXPECT_TRUE(service_->EventDocumentBytes(editor_, internal->id, 0).ok());
  // A decision added after the catalog was published stays hidden.
  const int64_t later = NewDecision("后加事项");
  EXPECT_TRUE(absl::IsNotFound(service_->GetDecision(public_, later).status()));
}

TEST_P(CatalogServiceTest, EventDocumentsAreBoundedAndTyped) {
  const int64_t id = NewDecision();
  EventInput in{.kind = "expert", .on = "2026-03-01", .title = "专家论证会"};
  struct Case {
    const char* what;
    std::vector<DocumentUpload> docs;
  };
  const Case cases[] = {
      {"too big",
       {{.file_name = "a.pdf", .bytes = "%PDF-" + std::string(2000, 'x')}}},
      {"not a document", {{.file_name = "a.pdf", .bytes = "MZ\x90\x00 exe"}}},
      {"gif not allowed", {{.file_name = "a.gif", .bytes = "GIF89a......"}}},
      {"too many",
       {{.file_name = "1.pdf", .bytes = "%PDF-1"},
        {.file_name = "2.pdf", .bytes = "%PDF-2"},
        {.file_name = "3.pdf", .bytes = "%PDF-3"}}},
  };
  for (const Case& c : cases) {
    auto e = service_->AddEvent(editor_, id, in, c.docs);
    EXPECT_TRUE(absl::IsInvalidArgument(e.status())) << c.what << e.status();
    EXPECT_TRUE(GetFieldErrors(e.status()).count("documents")) << c.what;
  }
  EXPECT_TRUE(GetFieldErrors(
                  service_->AddEvent(editor_, id, {.kind = "party", .on = "x"})
                      .status())
                  .count("kind"));
  auto ok = service_->AddEvent(
      editor_, id, in, {{.file_name = "论证.exe", .bytes = "%PDF-1.7"}});
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->documents[0].name, "论证.pdf");
}

TEST_P(CatalogServiceTest, DecisionsWithoutFeedback) {
  // Published with a consultation that took comments and no feedback.
  const int64_t flagged = NewDecision("甲事项");
  auto c =
      service_->CreateConsultation(editor_, {.title = "甲事项（征求意见稿）",
                                             .unit = "县民政局",
                                             .opens_on = "2026-03-02",
                                             .closes_on = "2026-04-01",
                                             .body = "第一条 草案正文。",
                                             .decision_id = flagged});
  ASSERT_TRUE(c.ok()) << c.status();
  // Published without any consultation: nothing to report.
  const int64_t plain = NewDecision("乙事项");
  // A consultation held before (recorded): flagged only once a comment
  // received then is entered.
  const int64_t held = NewDecision("丙事项");
  const int64_t held_quiet = NewDecision("丁事项");
  auto recorded = [&](int64_t decision) {
    auto r = service_->CreateConsultation(editor_, {.title = "往期征求意见",
                                                    .unit = "县民政局",
                                                    .opens_on = "2026-01-05",
                                                    .closes_on = "2026-02-05",
                                                    .body = "第一条 草案正文。",
                                                    .decision_id = decision});
    EXPECT_TRUE(r.ok()) << r.status();
    EXPECT_TRUE(!r.ok() || r->recorded);
    return r.ok() ? r->id : 0;
  };
  const int64_t held_c = recorded(held);
  recorded(held_quiet);
  auto letter = service_->RecordComment(
      editor_, held_c, {.name = "张三", .text = "建议增加停车位。"}, "信函",
      "2026-01-20");
  ASSERT_TRUE(letter.ok()) << letter.status();
  const int64_t record = Record(true);
  clock_.Set(At(2026, 5, 6));
  for (int64_t id : {flagged, plain, held, held_quiet}) {
    ASSERT_TRUE(Move(id, S::kDecided).ok());
    ASSERT_TRUE(Move(id, S::kPublished, "", record).ok());
  }
  auto none = service_->DecisionsWithoutFeedback(absl::CivilDay(2026, 5, 5),
                                                 std::nullopt);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->empty());
  auto missing = service_->DecisionsWithoutFeedback(absl::CivilDay(2026, 5, 6),
                                                    std::nullopt);
  ASSERT_TRUE(missing.ok()) << missing.status();
  ASSERT_EQ(missing->size(), 2u);
  EXPECT_EQ(missing->at(0).decision_id, flagged);
  EXPECT_EQ(missing->at(1).decision_id, held);
  EXPECT_EQ(missing->at(0).unit_id, minzheng_);
  EXPECT_EQ(missing->at(0).published_on, absl::CivilDay(2026, 5, 6));
  EXPECT_TRUE(
      service_->DecisionsWithoutFeedback(absl::CivilDay(2026, 5, 6), jiaoyu_)
          ->empty());
  auto view = service_->GetDecision(editor_, flagged);
  ASSERT_TRUE(view.ok()) << view.status();
  EXPECT_TRUE(view->missing_feedback);
  ASSERT_EQ(view->consultations.size(), 1u);

  // Once the feedback is published the flag goes.
  auto fb = service_->PublishFeedback(editor_, c->id, "未收到意见");
  ASSERT_TRUE(fb.ok()) << fb.status();
  auto after = service_->DecisionsWithoutFeedback(absl::CivilDay(2026, 5, 6),
                                                  std::nullopt);
  ASSERT_TRUE(after.ok()) << after.status();
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ(after->at(0).decision_id, held);
}

INSTANTIATE_TEST_SUITE_P(Databases, CatalogServiceTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::decisions
