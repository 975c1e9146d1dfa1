// The compliance dashboard on SQLite and PostgreSQL with a fake clock: who
// sees what, the figures of hand-made records and applications with their
// evidence, the office's thresholds and score rules changing findings and
// scores (validated, audited), the API JSON and the XLSX export, and for a
// generated county every number equal to the size of the list under it and
// the county totals equal to the sums of the unit rows.
#include "compliance/service.h"

#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "compliance/participation_source.h"
#include "core/audit.h"
#include "core/date.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "publishing/generate.h"

namespace zwgk::compliance {
namespace {

using ::testing::HasSubstr;

absl::Time At(int y, int m, int d) {
  return StartOfDay(absl::CivilDay(y, m, d)) + absl::Hours(10);
}

const UnitRow* Find(const Dashboard& d, int64_t unit) {
  for (const UnitRow& r : d.units)
    if (r.unit_id == unit) return &r;
  return nullptr;
}

const ColumnFinding* FindColumn(const Dashboard& d, publishing::ColumnKind k) {
  for (const ColumnFinding& c : d.columns)
    if (c.kind == publishing::ColumnKindLabel(k) && !c.unit_id) return &c;
  return nullptr;
}

class FakeParticipation : public ParticipationSource {
 public:
  absl::StatusOr<std::vector<ParticipationFigures>> Figures(
      absl::CivilDay, std::optional<int64_t> unit_id) override {
    std::vector<ParticipationFigures> out;
    for (const ParticipationFigures& f : figures)
      if (!unit_id || f.unit_id == *unit_id) out.push_back(f);
    return out;
  }
  std::vector<ParticipationFigures> figures;
};

class ComplianceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase(
        GetParam(),
        {"core", "org", "calendar", "catalog", "publishing", "applications",
         "supervision", "reports", "decisions", "messages", "guides",
         "villages", "columns", "compliance"});
    ASSERT_NE(db_, nullptr);
    org_ = std::make_unique<org::Service>(*db_, clock_);
    ASSERT_TRUE(org_->Seed().ok());
    cal_ = std::make_unique<calendar::Service>(*db_, clock_);
    ASSERT_TRUE(cal_->Seed().ok());
    catalog_ = std::make_unique<catalog::Service>(*db_, clock_, *org_);
    ASSERT_TRUE(catalog_->Seed().ok());
    data_dir_ = std::filesystem::temp_directory_path() /
                absl::StrCat("zwgk-compliance-", ::getpid(), "-", ++counter_);
    publishing_ = std::make_unique<publishing::Service>(
        *db_, clock_, *org_, *catalog_, *cal_,
        publishing::ServiceOptions{.data_dir = data_dir_.string()});
    ASSERT_TRUE(publishing_->Seed().ok());
    apps_ = std::make_unique<applications::Service>(*db_, clock_, *org_, *cal_);
    supervision_ = std::make_unique<supervision::Service>(
        *db_, clock_, *org_, *catalog_, *publishing_,
        supervision::ServiceOptions{.data_dir = data_dir_.string()});
    reports_ = std::make_unique<reports::Service>(*db_, clock_, *org_, *apps_,
                                                  *publishing_);
    Make(nullptr);
    unit_ = org_->ResolveUnit("县民政局")->id;
    other_unit_ = org_->ResolveUnit("县教育局")->id;
    editor_ = {.user_id = 2,
               .name = "民政编辑",
               .role = Role::kUnitEditor,
               .unit_id = unit_};
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }
  void Make(ParticipationSource* p) {
    service_ =
        std::make_unique<Service>(*db_, clock_, *org_, *cal_, *publishing_,
                                  *apps_, *reports_, *supervision_, p);
  }
  void SetDay(int y, int m, int d) { clock_.Set(At(y, m, d)); }

  publishing::RecordInput Input(std::string title, std::string formed_on,
                                std::string unit = "县民政局") {
    return {.title = std::move(title),
            .unit = std::move(unit),
            .formed_on = std::move(formed_on),
            .topic = "民政、扶贫、救灾",
            .genre = "通知",
            .body_html = "<p>正文。</p>"};
  }
  publishing::Record Draft(const publishing::RecordInput& in) {
    auto r = publishing_->Create(admin_, in);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : publishing::Record{};
  }
  publishing::Record PublishExisting(int64_t id) {
    EXPECT_TRUE(publishing_->Submit(admin_, id).ok());
    EXPECT_TRUE(publishing_->Review(admin_, id, {"approved", ""}).ok());
    auto p = publishing_->Publish(admin_, id);
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? *p : publishing::Record{};
  }
  int64_t EnterApplication(absl::CivilDay day, const std::string& unit) {
    applications::ApplicationInput in{
        .applicant_type = "natural_person",
        .name = "张三",
        .id_type = "resident_id",
        .id_number = "421221199003071238",
        .phone = "13812345678",
        .address = "嘉鱼县鱼岳镇人民大道1号",
        .email = "zhangsan@example.com",
        .unit = unit,
        .description = "2025年度城乡低保资金发放情况",
        .delivery_form = "email",
        .channel = "in_person",
        .received_on = FormatDate(day)};
    auto s = apps_->Enter(admin_, in);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? s->id : 0;
  }

  // The hand-made data of the figures tests (see ComplianceFigures).
  struct Made {
    int64_t late = 0, overdue = 0, soon = 0, other_overdue = 0, app = 0;
  };
  Made BuildHandMade() {
    Made m;
    SetDay(2026, 1, 5);
    publishing::Record late = Draft(Input("L 逾期发布", "2026-01-05"));
    m.late = late.id;
    m.overdue = Draft(Input("D1 逾期未发布", "2026-01-05")).id;
    m.other_overdue =
        Draft(Input("E1 教育局逾期", "2026-01-05", "县教育局")).id;
    SetDay(2026, 3, 2);
    m.soon = Draft(Input("S 临近", "2026-01-30")).id;
    PublishExisting(late.id);
    // Received 2 January, no reply by 2 March: past its 20 working days.
    m.app = EnterApplication(absl::CivilDay(2026, 1, 5), "县民政局");
    return m;
  }

  static inline int counter_ = 0;
  FakeClock clock_{At(2026, 3, 2)};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<org::Service> org_;
  std::unique_ptr<calendar::Service> cal_;
  std::unique_ptr<catalog::Service> catalog_;
  std::unique_ptr<publishing::Service> publishing_;
  std::unique_ptr<applications::Service> apps_;
  std::unique_ptr<supervision::Service> supervision_;
  std::unique_ptr<reports::Service> reports_;
  std::unique_ptr<Service> service_;
  std::unique_ptr<guides::Service> guides_;
  std::unique_ptr<villages::Service> villages_;
  std::filesystem::path data_dir_;
  int64_t unit_ = 0, other_unit_ = 0;
  Actor admin_{.user_id = 1, .name = "admin", .role = Role::kAdmin};
  Actor editor_;
};

TEST_P(ComplianceTest, WhoSeesWhat) {
  // The county office: every unit in service.
  auto county = service_->Get(admin_, std::nullopt, std::nullopt);
  ASSERT_TRUE(county.ok()) << county.status();
  auto units = org_->ListUnits();
  ASSERT_TRUE(units.ok());
  EXPECT_EQ(county->units.size(), units->size());
  EXPECT_FALSE(county->unit_id.has_value());
  EXPECT_EQ(county->as_of, absl::CivilDay(2026, 3, 2));

  // A unit's staff: their own row, also when asking for the county.
  for (std::optional<int64_t> asked :
       {std::optional<int64_t>(), std::optional<int64_t>(unit_)}) {
    auto own = service_->Get(editor_, std::nullopt, asked);
    ASSERT_TRUE(own.ok()) << own.status();
    ASSERT_EQ(own->units.size(), 1u);
    EXPECT_EQ(own->units[0].unit_id, unit_);
    EXPECT_EQ(own->unit_id, unit_);
  }
  // Another unit is not there for them; nor is a unit that does not exist.
  EXPECT_TRUE(absl::IsNotFound(
      service_->Get(editor_, std::nullopt, other_unit_).status()));
  EXPECT_TRUE(
      absl::IsNotFound(service_->Get(admin_, std::nullopt, 99999).status()));
  // The public sees nothing.
  Actor visitor;
  EXPECT_TRUE(absl::IsPermissionDenied(
      service_->Get(visitor, std::nullopt, std::nullopt).status()));
  // A date out of range names the field.
  auto far = service_->Get(admin_, absl::CivilDay(1999, 1, 1), std::nullopt);
  ASSERT_TRUE(absl::IsInvalidArgument(far.status()));
  EXPECT_EQ(GetFieldErrors(far.status()).count("as_of"), 1u);
}

TEST_P(ComplianceTest, ComplianceFigures) {
  Made m = BuildHandMade();
  auto d = service_->Get(admin_, std::nullopt, std::nullopt);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_FALSE(d->participation_enabled);

  const UnitRow* mz = Find(*d, unit_);
  ASSERT_NE(mz, nullptr);
  EXPECT_EQ(mz->unit_name, "县民政局");
  EXPECT_EQ(mz->group, "县直部门");
  EXPECT_FALSE(mz->town);
  ASSERT_EQ(mz->publications_overdue.size(), 1u);
  EXPECT_EQ(mz->publications_overdue[0].label, "D1 逾期未发布");
  EXPECT_EQ(mz->publications_overdue[0].url,
            absl::StrCat("/admin/records/", m.overdue));
  ASSERT_EQ(mz->publications_due_soon.size(), 1u);
  EXPECT_EQ(mz->publications_due_soon[0].url,
            absl::StrCat("/admin/records/", m.soon));
  ASSERT_EQ(mz->publications_late.size(), 1u);
  EXPECT_EQ(mz->publications_late[0].url,
            absl::StrCat("/admin/records/", m.late));
  EXPECT_THAT(mz->publications_late[0].detail, HasSubstr("2026-02-02"));
  ASSERT_EQ(mz->applications_overdue.size(), 1u);
  EXPECT_EQ(mz->applications_overdue[0].url,
            absl::StrCat("/admin/applications/", m.app));
  EXPECT_TRUE(mz->policies_without_interpretation.empty());

  // −2 for the late publication, −6 for the overdue application; the
  // overdue publication costs nothing by default.
  EXPECT_EQ(mz->score, 92);
  ASSERT_EQ(mz->deductions.size(), 2u);
  const UnitRow* jy = Find(*d, other_unit_);
  ASSERT_NE(jy, nullptr);
  EXPECT_EQ(jy->publications_overdue.size(), 1u);
  EXPECT_EQ(jy->score, 100);
  EXPECT_EQ(jy->rank, 1);
  EXPECT_GT(mz->rank, 1);
  EXPECT_EQ(d->units.back().score, 92);  // ranked best first

  // The county adds up the rows; 县民政局 and 县教育局 are departments.
  EXPECT_EQ(d->county.publications_overdue, 2);
  EXPECT_EQ(d->county.publications_due_soon, 1);
  EXPECT_EQ(d->county.publications_late, 1);
  EXPECT_EQ(d->county.applications_overdue, 1);
  EXPECT_EQ(d->departments.publications_overdue, 2);
  EXPECT_EQ(d->towns.publications_overdue, 0);
  // Published this year by month (January, February, March): L in March.
  ASSERT_EQ(d->published_per_month.size(), 3u);
  EXPECT_EQ(d->published_per_month[2], 1);

  // The unit's own view has the same row.
  auto own = service_->Get(editor_, std::nullopt, std::nullopt);
  ASSERT_TRUE(own.ok());
  ASSERT_EQ(own->units.size(), 1u);
  EXPECT_EQ(own->units[0].score, 92);
  EXPECT_EQ(own->county.publications_overdue, 1);

  // The API JSON: stable keys, counts equal to the lists.
  nlohmann::json j = service_->ApiJson(*d);
  EXPECT_EQ(j["as_of"], "2026-03-02");
  EXPECT_EQ(j["totals"]["county"]["publications_overdue"], 2);
  EXPECT_EQ(j["participation_enabled"], false);
  EXPECT_EQ(j["thresholds"]["news_days"], 14);
  bool seen = false;
  for (const auto& u : j["units"]) {
    if (u["unit_id"] != unit_) continue;
    seen = true;
    EXPECT_EQ(u["score"], 92);
    EXPECT_EQ(u["counts"]["applications_overdue"], 1);
    EXPECT_EQ(u["evidence"]["publications_late"][0]["url"],
              absl::StrCat("/admin/records/", m.late));
    EXPECT_EQ(u["deductions"].size(), 2u);
  }
  EXPECT_TRUE(seen);

  // As it stood on 10 February: nothing published late yet.
  auto feb = service_->Get(admin_, absl::CivilDay(2026, 2, 10), unit_);
  ASSERT_TRUE(feb.ok()) << feb.status();
  ASSERT_EQ(feb->units.size(), 1u);
  EXPECT_EQ(feb->units[0].publications_overdue.size(), 2u);  // L and D1
  EXPECT_TRUE(feb->units[0].publications_late.empty());
}

TEST_P(ComplianceTest, ParticipationPlugsIn) {
  FakeParticipation p;
  p.figures.push_back(
      {.unit_id = unit_,
       .policies_without_interpretation = {{"规范性文件甲", "/admin/records/1",
                                            "未发布解读"}},
       .unanswered_messages = {{"留言1", "/admin/messages/1", "超期"},
                               {"留言2", "/admin/messages/2", "超期"}},
       .decisions_without_feedback = {
           {"决策甲", "/admin/decisions/7", "未公开意见采纳情况反馈"}}});
  p.figures.push_back(
      {.unit_id = other_unit_,
       .decisions_without_feedback = {
           {"决策乙", "/admin/decisions/8", "未公开意见采纳情况反馈"}}});
  Make(&p);
  auto d = service_->Get(admin_, std::nullopt, std::nullopt);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_TRUE(d->participation_enabled);
  EXPECT_TRUE(d->interpretation_enabled);
  EXPECT_TRUE(d->messages_enabled);
  EXPECT_TRUE(d->decisions_enabled);
  const UnitRow* mz = Find(*d, unit_);
  ASSERT_NE(mz, nullptr);
  EXPECT_EQ(mz->policies_without_interpretation.size(), 1u);
  EXPECT_EQ(mz->unanswered_messages.size(), 2u);
  ASSERT_EQ(mz->decisions_without_feedback.size(), 1u);
  EXPECT_EQ(mz->decisions_without_feedback[0].url, "/admin/decisions/7");
  // −4 for the policy, −3 per message, −4 for the decision.
  EXPECT_EQ(mz->score, 100 - 4 - 6 - 4);
  std::map<RuleCode, int> points;
  for (const Deduction& x : mz->deductions) points[x.rule] += x.points;
  EXPECT_EQ(points[RuleCode::kUnansweredMessage], 6);
  EXPECT_EQ(points[RuleCode::kDecisionWithoutFeedback], 4);
  EXPECT_EQ(Find(*d, other_unit_)->score, 96);
  EXPECT_EQ(d->county.unanswered_messages, 2);
  EXPECT_EQ(d->county.decisions_without_feedback, 2);
  EXPECT_EQ(d->departments.decisions_without_feedback, 2);
  EXPECT_EQ(d->towns.decisions_without_feedback, 0);

  // The API: the new figure's count, list and total; enabled flags.
  nlohmann::json j = service_->ApiJson(*d);
  EXPECT_EQ(j["decisions_enabled"], true);
  EXPECT_EQ(j["totals"]["county"]["decisions_without_feedback"], 2);
  for (const auto& u : j["units"]) {
    if (u["unit_id"] != unit_) continue;
    EXPECT_EQ(u["counts"]["decisions_without_feedback"], 1);
    EXPECT_EQ(u["evidence"]["decisions_without_feedback"][0]["url"],
              "/admin/decisions/7");
  }
  // The office's changed points apply to the new rules.
  ASSERT_TRUE(
      service_
          ->SaveSettings(admin_,
                         {.rules = {{.code = RuleCode::kUnansweredMessage,
                                     .label = "留言逾期",
                                     .points = 5,
                                     .enabled = true},
                                    {.code = RuleCode::kDecisionWithoutFeedback,
                                     .label = "决策未反馈",
                                     .points = 4,
                                     .enabled = false}}})
          .ok());
  d = service_->Get(admin_, std::nullopt, unit_);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->units[0].score, 100 - 4 - 10);

  // A unit's staff see their own unit's participation only.
  auto own = service_->Get(editor_, std::nullopt, std::nullopt);
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_EQ(own->county.decisions_without_feedback, 1);
}

// A source that provides only some figures: the others are 未启用.
class OnlyInterpretation : public FakeParticipation {
 public:
  bool ProvidesMessages() const override { return false; }
  bool ProvidesDecisions() const override { return false; }
};

TEST_P(ComplianceTest, FiguresNotProvidedAreNotEnabled) {
  OnlyInterpretation p;
  Make(&p);
  auto d = service_->Get(admin_, std::nullopt, std::nullopt);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_TRUE(d->participation_enabled);
  EXPECT_TRUE(d->interpretation_enabled);
  EXPECT_FALSE(d->messages_enabled);
  EXPECT_FALSE(d->decisions_enabled);
  nlohmann::json j = service_->ApiJson(*d);
  EXPECT_EQ(j["decisions_enabled"], false);
  EXPECT_EQ(j["messages_enabled"], false);
}

// A source that fails fails the dashboard (no silent zero).
class FailingParticipation : public ParticipationSource {
 public:
  absl::StatusOr<std::vector<ParticipationFigures>> Figures(
      absl::CivilDay, std::optional<int64_t>) override {
    return absl::UnavailableError("留言模块不可用");
  }
};

TEST_P(ComplianceTest, FailingSourceFailsTheDashboard) {
  FailingParticipation p;
  Make(&p);
  auto d = service_->Get(admin_, std::nullopt, std::nullopt);
  EXPECT_TRUE(absl::IsUnavailable(d.status())) << d.status();
}

TEST(ParticipationEvidenceTest, SaysWhichAndLinks) {
  const absl::CivilDay due(2026, 10, 12);
  struct Case {
    const char* name;
    bool overdue, near;
    const char* want;
  };
  const Case cases[] = {
      {"overdue", true, false, "逾期未答复（应于 2026-10-12 前答复）"},
      {"overdue near the line", true, true,
       "逾期未答复（应于 2026-10-12 前答复），临近三个月期限"},
      {"near the line only", false, true,
       "未答复，临近三个月期限（应于 2026-10-12 前答复）"},
      {"replied late", false, false, "超期答复（应于 2026-10-12 前答复）"},
  };
  for (const Case& c : cases) {
    Evidence e = MessageEvidence({.id = 42,
                                  .unit_id = 3,
                                  .tracking_number = "LY2026000042",
                                  .title = "路灯不亮",
                                  .due_on = due,
                                  .overdue = c.overdue,
                                  .near_three_month_line = c.near});
    EXPECT_EQ(e.detail, c.want) << c.name;
    EXPECT_EQ(e.url, "/admin/messages/42");
    EXPECT_EQ(e.label, "LY2026000042 路灯不亮");
  }
  Evidence dec = DecisionEvidence({.decision_id = 9,
                                   .unit_id = 3,
                                   .title = "县城区停车收费调整",
                                   .published_on = absl::CivilDay(2026, 9, 1)});
  EXPECT_EQ(dec.url, "/admin/decisions/9");
  EXPECT_EQ(dec.label, "县城区停车收费调整");
  EXPECT_EQ(dec.detail, "2026-09-01 公布，未公开意见采纳情况反馈");
}

// End to end with the real modules: a message to 县民政局 left unanswered
// past its due day counts for the unit, costs 3 points and links to it.
// (Skipped while the messages or decisions backend still answers
// Unimplemented.)
TEST_P(ComplianceTest, ParticipationFromTheModules) {
  messages::Service messages(*db_, clock_, *org_, *cal_);
  decisions::Service decisions(
      *db_, clock_, *org_, *publishing_,
      decisions::ServiceOptions{.data_dir = data_dir_.string()});
  ParticipationFromModules source(*publishing_, messages, decisions);
  Make(&source);
  SetDay(2026, 3, 2);
  auto sent = messages.Submit({.type = "咨询",
                               .unit = "县民政局",
                               .title = "低保申请条件",
                               .text = "请问申请城乡低保需要准备哪些材料？",
                               .name = "李四",
                               .phone = "13900001111",
                               .publish_consent = false,
                               .source_ip = "10.0.0.1"});
  if (absl::IsUnimplemented(sent.status()))
    GTEST_SKIP() << "messages backend not built yet";
  ASSERT_TRUE(sent.ok()) << sent.status();
  auto before = service_->Get(admin_, sent->due_on, unit_);
  if (absl::IsUnimplemented(before.status()))
    GTEST_SKIP() << "a participation backend is not built yet: "
                 << before.status();
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_TRUE(before->units[0].unanswered_messages.empty());
  EXPECT_TRUE(before->messages_enabled);
  EXPECT_TRUE(before->decisions_enabled);

  const absl::CivilDay later = sent->due_on + 14;
  SetDay(2026, 3, 30);
  auto d = service_->Get(admin_, later, unit_);
  ASSERT_TRUE(d.ok()) << d.status();
  const UnitRow& row = d->units[0];
  ASSERT_EQ(row.unanswered_messages.size(), 1u);
  EXPECT_EQ(row.unanswered_messages[0].url,
            absl::StrCat("/admin/messages/", sent->id));
  EXPECT_THAT(row.unanswered_messages[0].label,
              HasSubstr(sent->tracking_number));
  EXPECT_THAT(row.unanswered_messages[0].detail,
              HasSubstr(absl::StrCat("逾期未答复（应于 ",
                                     FormatDate(sent->due_on), " 前答复）")));
  EXPECT_EQ(row.score, 97);
  EXPECT_TRUE(row.decisions_without_feedback.empty());
  // Another unit's row has none of it.
  auto other = service_->Get(admin_, later, other_unit_);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->units[0].unanswered_messages.empty());

  // A decision of 县民政局 whose consultation had a window, published on
  // 2026-05-06 without the feedback: counted from that day, −4, linked.
  SetDay(2026, 3, 2);
  auto decision = decisions.CreateDecision(
      editor_, {.year = 2026,
                .title = "嘉鱼县城乡低保提标方案",
                .deciding_body = "县人民政府",
                .legal_basis = "《重大行政决策程序暂行条例》",
                .unit = "县民政局",
                .planned_consultation_on = "2026-03-02",
                .planned_decision_on = "2026-05-06"});
  ASSERT_TRUE(decision.ok()) << decision.status();
  auto consultation = decisions.CreateConsultation(
      editor_, {.title = "嘉鱼县城乡低保提标方案（征求意见稿）",
                .unit = "县民政局",
                .opens_on = "2026-03-02",
                .closes_on = "2026-04-01",
                .body = "第一条 草案正文。",
                .decision_id = decision->id});
  ASSERT_TRUE(consultation.ok()) << consultation.status();
  SetDay(2026, 5, 6);
  const int64_t record =
      Draft(Input("嘉鱼县城乡低保提标方案", "2026-04-20")).id;
  PublishExisting(record);
  ASSERT_TRUE(decisions
                  .MoveDecision(editor_, decision->id,
                                {.to = decisions::DecisionState::kDecided})
                  .ok());
  auto published = decisions.MoveDecision(
      editor_, decision->id,
      {.to = decisions::DecisionState::kPublished, .record_id = record});
  ASSERT_TRUE(published.ok()) << published.status();
  auto on = service_->Get(admin_, absl::CivilDay(2026, 5, 6), unit_);
  ASSERT_TRUE(on.ok()) << on.status();
  ASSERT_EQ(on->units[0].decisions_without_feedback.size(), 1u);
  const Evidence& e = on->units[0].decisions_without_feedback[0];
  EXPECT_EQ(e.url, absl::StrCat("/admin/decisions/", decision->id));
  EXPECT_EQ(e.detail, "2026-05-06 公布，未公开意见采纳情况反馈");
  int points = 0;
  for (const Deduction& x : on->units[0].deductions)
    if (x.rule == RuleCode::kDecisionWithoutFeedback) points += x.points;
  EXPECT_EQ(points, 4);
  // The day before it was published, nothing.
  auto day_before = service_->Get(admin_, absl::CivilDay(2026, 5, 5), unit_);
  ASSERT_TRUE(day_before.ok());
  EXPECT_TRUE(day_before->units[0].decisions_without_feedback.empty());
}

// Stale and blank columns from the column registry (issue 19): its rules,
// as the office set them on /admin/columns, replace the thresholds.
TEST_P(ComplianceTest, ColumnsComeFromTheRegistry) {
  guides_ = std::make_unique<guides::Service>(*db_, clock_, *org_, *catalog_);
  messages::Service messages(*db_, clock_, *org_, *cal_);
  columns::Service registry(*db_, clock_, *org_, *publishing_, *reports_,
                            *guides_, messages);
  ASSERT_TRUE(registry.Seed().ok());
  service_ = std::make_unique<Service>(
      *db_, clock_, *org_, *cal_, *publishing_, *apps_, *reports_,
      *supervision_, nullptr, ServiceOptions{}, nullptr, nullptr, &registry);
  const absl::CivilDay day(2026, 3, 2);
  auto d = service_->Get(admin_, day, std::nullopt);
  ASSERT_TRUE(d.ok()) << d.status();
  auto list = registry.List("2026-03-02");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(d->columns.size(), list->size());  // every registered column
  const ColumnFinding* news = nullptr;
  int blank_specials = 0;
  for (const ColumnFinding& c : d->columns) {
    if (c.name == "政务动态") news = &c;
    if (c.kind == "专栏类" && c.state == ColumnState::kBlank) ++blank_specials;
  }
  ASSERT_NE(news, nullptr);
  EXPECT_EQ(news->threshold_days, 14);
  EXPECT_EQ(news->state, ColumnState::kBlank);
  EXPECT_GT(blank_specials, 0);
  // The office's rule for 政务动态, not the dashboard thresholds.
  ASSERT_TRUE(
      registry
          .Update(admin_, "news",
                  {.name = "政务动态", .type = "news", .update_days = "3"})
          .ok());
  d = service_->Get(admin_, day, std::nullopt);
  ASSERT_TRUE(d.ok());
  for (const ColumnFinding& c : d->columns) {
    if (c.name == "政务动态") {
      EXPECT_EQ(c.threshold_days, 3);
    }
  }
}

// 村务公开 and 办事指南 through the real services: a town's village with
// its postings overdue, a draft guide without 收费标准.
TEST_P(ComplianceTest, VillagesAndGuidesFigures) {
  SetDay(2026, 5, 20);
  guides_ = std::make_unique<guides::Service>(*db_, clock_, *org_, *catalog_);
  villages_ = std::make_unique<villages::Service>(
      *db_, clock_, *org_, *cal_,
      villages::ServiceOptions{.data_dir = data_dir_.string()});
  // Before they are given, their figures are not enabled.
  auto before = service_->Get(admin_, std::nullopt, std::nullopt);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_FALSE(before->villages_enabled);
  EXPECT_FALSE(before->guides_enabled);
  EXPECT_TRUE(before->towns_villages.empty());

  service_ = std::make_unique<Service>(
      *db_, clock_, *org_, *cal_, *publishing_, *apps_, *reports_,
      *supervision_, nullptr, ServiceOptions{}, guides_.get(), villages_.get());
  ASSERT_TRUE(org_->ImportVillages(admin_,
                                   "乡镇,名称,类型,联系方式\n"
                                   "鱼岳镇人民政府,城关村,村,\n")
                  .ok());
  const int64_t town = org_->ResolveUnit("鱼岳镇人民政府")->id;
  const int64_t village = org_->ResolveUnit("城关村")->id;
  // The 村务 of Q1 is posted (late), the other two kinds are missing, and
  // so are the three of last year's Q4 (due in January).
  auto posted = villages_->Create(admin_, village,
                                  {.kind = "村务",
                                   .period = "2026-Q1",
                                   .title = "第一季度村务",
                                   .body = "内容"});
  ASSERT_TRUE(posted.ok()) << posted.status();
  ASSERT_TRUE(villages_->Publish(admin_, posted->id, "").ok());
  auto guide =
      guides_->Create(admin_, {.service = "城乡低保申请",
                               .unit = "县民政局",
                               .elements = {{"事项名称", "城乡低保申请"}}});
  ASSERT_TRUE(guide.ok()) << guide.status();

  auto d = service_->Get(admin_, std::nullopt, std::nullopt);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_TRUE(d->villages_enabled);
  EXPECT_TRUE(d->guides_enabled);
  const TownVillages* tv = nullptr;
  for (const TownVillages& t : d->towns_villages)
    if (t.town_id == town) tv = &t;
  ASSERT_NE(tv, nullptr);
  EXPECT_EQ(tv->villages, 1);
  EXPECT_EQ(tv->missing, 5);
  EXPECT_EQ(tv->late, 1);
  EXPECT_EQ(tv->photos_missing, 1);  // published without its board photo
  ASSERT_EQ(tv->missing_items.size(), 5u);
  EXPECT_THAT(tv->missing_items[0].label, ::testing::HasSubstr("城关村"));
  EXPECT_EQ(tv->missing_items[0].url,
            absl::StrCat("/admin/villages/", village));
  ASSERT_EQ(tv->late_items.size(), 1u);
  EXPECT_EQ(tv->late_items[0].url,
            absl::StrCat("/admin/villages/postings/", posted->id));

  const UnitRow* town_row = nullptr;
  const UnitRow* civil = nullptr;
  for (const UnitRow& r : d->units) {
    if (r.unit_id == town) town_row = &r;
    if (r.unit_id == unit_) civil = &r;
  }
  ASSERT_NE(town_row, nullptr);
  ASSERT_NE(civil, nullptr);
  // Late and missing are charged to the town, −1 each by default.
  EXPECT_EQ(town_row->village_postings_late.size(), 6u);
  int village_points = 0;
  for (const Deduction& x : town_row->deductions)
    if (x.rule == RuleCode::kLateVillagePosting) village_points += x.points;
  EXPECT_EQ(village_points, 6);
  // The guide is listed with what it lacks; the unit's 办事统计 is stale.
  ASSERT_EQ(civil->guides_incomplete.size(), 1u);
  EXPECT_EQ(civil->guides_incomplete[0].url,
            absl::StrCat("/admin/guides/", guide->id));
  EXPECT_THAT(civil->guides_incomplete[0].detail,
              ::testing::HasSubstr("收费标准"));
  // 办事统计 are asked of units with published guides: a draft is not one.
  EXPECT_TRUE(civil->service_stats_stale.empty());
  int guide_points = 0;
  for (const Deduction& x : civil->deductions)
    if (x.rule == RuleCode::kIncompleteGuide ||
        x.rule == RuleCode::kStaleServiceStats)
      guide_points += x.points;
  EXPECT_EQ(guide_points, 1);
  EXPECT_EQ(d->county.village_postings_late, 6);
  EXPECT_EQ(d->towns.village_postings_late, 6);
  EXPECT_EQ(d->departments.village_postings_late, 0);
  EXPECT_GE(d->county.guides_incomplete, 1);
  // The API carries the town rows.
  nlohmann::json api = service_->ApiJson(*d);
  ASSERT_TRUE(api["villages"].is_array());
  EXPECT_TRUE(api["villages_enabled"].get<bool>());
  EXPECT_EQ(api["totals"]["towns"]["village_postings_late"], 6);
  // A department's own view has no town rows; the town's has its own.
  auto dept = service_->Get(admin_, std::nullopt, unit_);
  ASSERT_TRUE(dept.ok());
  EXPECT_TRUE(dept->towns_villages.empty());
  auto own = service_->Get(admin_, std::nullopt, town);
  ASSERT_TRUE(own.ok()) << own.status();
  ASSERT_EQ(own->towns_villages.size(), 1u);
  EXPECT_EQ(own->towns_villages[0].missing, 5);
}

TEST_P(ComplianceTest, SettingsChangeScoresAndFindings) {
  BuildHandMade();
  // Defaults while nothing is stored.
  auto t = service_->GetThresholds();
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->news_days, 14);
  EXPECT_EQ(t->notices_days, 183);
  auto rules = service_->GetRules();
  ASSERT_TRUE(rules.ok());
  EXPECT_EQ(rules->size(), std::size(kAllRules));

  // The 通知公告 column: L (a 通知) published on 2 March; on 30 March it is
  // fresh under the default six months and stale under 10 days.
  const absl::CivilDay later(2026, 3, 30);
  auto before = service_->Get(admin_, later, std::nullopt);
  ASSERT_TRUE(before.ok()) << before.status();
  const ColumnFinding* notices =
      FindColumn(*before, publishing::ColumnKind::kNotices);
  ASSERT_NE(notices, nullptr);
  EXPECT_EQ(notices->state, ColumnState::kOk);
  EXPECT_EQ(notices->threshold_days, 183);

  Thresholds changed;
  changed.notices_days = 10;
  SettingsInput in{.thresholds = changed,
                   .rules = {{.code = RuleCode::kOverduePublication,
                              .label = "逾期未公开",
                              .points = 3,
                              .enabled = true},
                             {.code = RuleCode::kLatePublication,
                              .label = "信息逾期发布",
                              .points = 2,
                              .enabled = false}}};
  ASSERT_TRUE(service_->SaveSettings(admin_, in).ok());
  auto after = service_->Get(admin_, later, std::nullopt);
  ASSERT_TRUE(after.ok()) << after.status();
  notices = FindColumn(*after, publishing::ColumnKind::kNotices);
  ASSERT_NE(notices, nullptr);
  EXPECT_EQ(notices->state, ColumnState::kStale);
  EXPECT_EQ(notices->threshold_days, 10);
  EXPECT_EQ(after->thresholds.notices_days, 10);

  auto d = service_->Get(admin_, std::nullopt, std::nullopt);
  ASSERT_TRUE(d.ok());
  // 县教育局: one overdue publication now costs 3.
  EXPECT_EQ(Find(*d, other_unit_)->score, 97);
  // 县民政局: −3 (D1) −6 (application), the late publication no longer.
  EXPECT_EQ(Find(*d, unit_)->score, 91);
  for (const Deduction& x : Find(*d, unit_)->deductions)
    EXPECT_NE(x.rule, RuleCode::kLatePublication);

  // Audited, with the before and after.
  auto log = audit::List(
      *db_, {.entity = "compliance", .action = "compliance.settings"});
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 1u);
  EXPECT_THAT(log->front().before_json, HasSubstr("183"));
  EXPECT_THAT(log->front().after_json, HasSubstr("逾期未公开"));
}

TEST_P(ComplianceTest, SettingsRejected) {
  EXPECT_TRUE(absl::IsPermissionDenied(
      service_->SaveSettings(editor_, SettingsInput{})));
  struct Bad {
    const char* name;
    SettingsInput in;
    const char* field;
  };
  Thresholds negative;
  negative.news_days = -1;
  Thresholds huge;
  huge.plans_days = 4000;
  const Bad cases[] = {
      {"negative days", {.thresholds = negative}, "news_days"},
      {"too many days", {.thresholds = huge}, "plans_days"},
      {"too many points",
       {.rules = {{.code = RuleCode::kOverdueApplication,
                   .label = "逾期答复",
                   .points = 101}}},
       "overdue_application_points"},
      {"negative points",
       {.rules =
            {{.code = RuleCode::kStaleColumn, .label = "专栏", .points = -1}}},
       "stale_column_points"},
      {"blank label",
       {.rules =
            {{.code = RuleCode::kMissingPeriod, .label = "  ", .points = 1}}},
       "missing_period_label"},
      {"same rule twice",
       {.rules =
            {{.code = RuleCode::kMissingPeriod, .label = "a", .points = 1},
             {.code = RuleCode::kMissingPeriod, .label = "b", .points = 1}}},
       "missing_period_points"},
  };
  for (const Bad& b : cases) {
    absl::Status s = service_->SaveSettings(admin_, b.in);
    ASSERT_TRUE(absl::IsInvalidArgument(s)) << b.name << ": " << s;
    EXPECT_EQ(GetFieldErrors(s).count(b.field), 1u) << b.name;
  }
  // Nothing was stored.
  auto t = service_->GetThresholds();
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->news_days, 14);
  auto log = audit::List(*db_, {.entity = "compliance"});
  ASSERT_TRUE(log.ok());
  EXPECT_TRUE(log->empty());
}

TEST_P(ComplianceTest, XlsxExport) {
  BuildHandMade();
  auto d = service_->Get(admin_, std::nullopt, std::nullopt);
  ASSERT_TRUE(d.ok());
  // A unit name that looks like a formula stays text.
  d->units[0].unit_name = "=HYPERLINK(\"http://evil\")";
  auto x = service_->Xlsx(*d);
  ASSERT_TRUE(x.ok()) << x.status();
  ASSERT_GT(x->size(), 1000u);
  EXPECT_EQ(x->substr(0, 2), "PK");
  // libxlsxwriter never writes <f> (formula) elements for write_string.
  EXPECT_EQ(x->find("<f>"), std::string::npos);
}

// The "Done when": for a generated county, every number on the
// dashboard is the size of the list under it, and the county totals are the
// sums of the unit rows.
TEST_P(ComplianceTest, GeneratedCountyNumbersEqualTheirLists) {
  auto n = publishing::GenerateRecords(*db_, *org_, *catalog_,
                                       {.records = 3000,
                                        .seed = 15,
                                        .to = absl::CivilDay(2026, 11, 27),
                                        .batch = 1000});
  ASSERT_TRUE(n.ok()) << n.status();
  SetDay(2026, 11, 30);
  // A few applications: some overdue, some due soon, one replied late.
  for (int i = 0; i < 6; ++i)
    EnterApplication(absl::CivilDay(2026, 10, 1 + i * 5),
                     i % 2 == 0 ? "县民政局" : "县教育局");

  auto d = service_->Get(admin_, std::nullopt, std::nullopt);
  ASSERT_TRUE(d.ok()) << d.status();
  auto pub = publishing_->Compliance(d->as_of, std::nullopt);
  ASSERT_TRUE(pub.ok());
  auto apps = apps_->Compliance(d->as_of, std::nullopt);
  ASSERT_TRUE(apps.ok());
  std::map<int64_t, const publishing::UnitCompliance*> pub_by_unit;
  for (const auto& u : pub->units) pub_by_unit[u.unit_id] = &u;
  std::map<int64_t, const applications::UnitApplicationCompliance*>
      apps_by_unit;
  for (const auto& u : apps->units) apps_by_unit[u.unit_id] = &u;

  Totals sum;
  for (const UnitRow& r : d->units) {
    // The owners' numbers equal the lists the dashboard shows under them.
    const publishing::UnitCompliance* p = pub_by_unit[r.unit_id];
    ASSERT_NE(p, nullptr) << r.unit_name;
    EXPECT_EQ(p->overdue, static_cast<int64_t>(r.publications_overdue.size()))
        << r.unit_name;
    EXPECT_EQ(p->due_soon,
              static_cast<int64_t>(r.publications_due_soon.size()));
    EXPECT_EQ(p->published_late,
              static_cast<int64_t>(r.publications_late.size()));
    if (const auto* a = apps_by_unit[r.unit_id]) {
      EXPECT_EQ(a->overdue.size(), r.applications_overdue.size());
      EXPECT_EQ(a->due_soon.size(), r.applications_due_soon.size());
      EXPECT_EQ(a->replied_late.size(), r.applications_replied_late.size());
    }
    // Every evidence item links somewhere.
    for (const auto* list :
         {&r.publications_overdue, &r.publications_due_soon,
          &r.publications_late, &r.periods_missing, &r.columns_blank,
          &r.columns_stale, &r.applications_overdue})
      for (const Evidence& e : *list) EXPECT_TRUE(absl::StartsWith(e.url, "/"));
    // The score is 100 less the deductions listed.
    int deducted = 0;
    for (const Deduction& x : r.deductions) deducted += x.points;
    EXPECT_EQ(r.score, std::max(0, 100 - deducted)) << r.unit_name;
    sum.publications_overdue += r.publications_overdue.size();
    sum.publications_due_soon += r.publications_due_soon.size();
    sum.publications_late += r.publications_late.size();
    sum.periods_missing += r.periods_missing.size();
    sum.columns_blank += r.columns_blank.size();
    sum.columns_stale += r.columns_stale.size();
    sum.applications_overdue += r.applications_overdue.size();
    sum.applications_due_soon += r.applications_due_soon.size();
    sum.tasks_overdue += r.tasks_overdue;
  }
  EXPECT_EQ(d->county.publications_overdue, sum.publications_overdue);
  EXPECT_EQ(d->county.publications_due_soon, sum.publications_due_soon);
  EXPECT_EQ(d->county.publications_late, sum.publications_late);
  EXPECT_EQ(d->county.periods_missing, sum.periods_missing);
  EXPECT_EQ(d->county.columns_blank, sum.columns_blank);
  EXPECT_EQ(d->county.columns_stale, sum.columns_stale);
  EXPECT_EQ(d->county.applications_overdue, sum.applications_overdue);
  EXPECT_EQ(d->county.applications_due_soon, sum.applications_due_soon);
  EXPECT_EQ(d->county.tasks_overdue, sum.tasks_overdue);
  EXPECT_EQ(
      d->county.publications_overdue,
      d->towns.publications_overdue + d->departments.publications_overdue);
  // The generated county has something to find (so the sums mean
  // something): overdue publications and overdue applications.
  EXPECT_GT(d->county.publications_overdue, 0);
  EXPECT_GT(d->county.applications_overdue, 0);
  // 专栏 findings sit in their unit's row; site-wide columns do not.
  int64_t special_findings = 0;
  for (const ColumnFinding& c : d->columns) {
    if (c.kind != publishing::ColumnKindLabel(publishing::ColumnKind::kSpecial))
      continue;
    if (c.state == ColumnState::kBlank || c.state == ColumnState::kStale)
      ++special_findings;
  }
  EXPECT_EQ(special_findings,
            d->county.columns_blank + d->county.columns_stale);

  // The same numbers in the API: each count is its list's length, each
  // total the sum over the units.
  nlohmann::json j = service_->ApiJson(*d);
  std::map<std::string, int64_t> totals;
  for (const auto& u : j["units"]) {
    for (const auto& [key, count] : u["counts"].items()) {
      EXPECT_EQ(count.get<int64_t>(),
                static_cast<int64_t>(u["evidence"][key].size()))
          << key;
      totals[key] += count.get<int64_t>();
    }
  }
  for (const auto& [key, value] : j["totals"]["county"].items()) {
    if (key == "label" || key == "tasks_overdue") continue;
    EXPECT_EQ(value.get<int64_t>(), totals[key]) << key;
  }
}

INSTANTIATE_TEST_SUITE_P(Db, ComplianceTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::compliance
