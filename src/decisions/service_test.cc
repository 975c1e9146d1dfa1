// The consultations of service.h with a fake clock on SQLite and PostgreSQL:
// the window on the server clock, the public's comments and their abuse
// control, moderation, adoption, the feedback, and what the public sees.
#include "decisions/service.h"

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
#include "decisions/store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::decisions {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// An instant in Beijing time.
absl::Time Beijing(int y, int mo, int d, int h = 10, int mi = 0) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, 0),
                         ChinaTimeZone());
}

class ConsultationsTest : public ::testing::TestWithParam<std::string> {
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
                absl::StrCat("zwgk-consult-", ::getpid(), "-", ++counter_);
    publishing_ = std::make_unique<publishing::Service>(
        *db_, clock_, *org_, *catalog_, *calendar_,
        publishing::ServiceOptions{.data_dir = data_dir_.string()});
    ASSERT_TRUE(publishing_->Seed().ok());
    service_ =
        std::make_unique<Service>(*db_, clock_, *org_, *publishing_,
                                  ServiceOptions{.data_dir = data_dir_.string(),
                                                 .max_comment_chars = 200});
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

  ConsultationInput Input(const std::string& opens, const std::string& closes,
                          const std::string& short_reason = "") {
    return ConsultationInput{
        .title = "嘉鱼县城乡低保标准调整方案（征求意见稿）",
        .unit = "县民政局",
        .opens_on = opens,
        .closes_on = closes,
        .short_reason = short_reason,
        .body = "第一条 为保障困难群众基本生活……\n\n第二条 标准如下……",
        .explanation = "根据省民政厅要求起草。",
        .sections = {"第一条", "第二条", " 第二条 ", ""}};
  }

  // A 30-day window from today (2 March) to 31 March.
  int64_t Open() {
    auto c = service_->CreateConsultation(editor_,
                                          Input("2026-03-02", "2026-03-31"));
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? c->id : 0;
  }

  CommentInput Citizen(const std::string& text,
                       const std::string& ip = "203.0.113.7") {
    return CommentInput{.name = "张三",
                        .phone = "13800001111",
                        .email = "zhangsan@example.com",
                        .section = "第一条",
                        .text = text,
                        .source_ip = ip};
  }

  int64_t Submit(int64_t id, const std::string& text,
                 const std::string& ip = "203.0.113.7") {
    auto r = service_->SubmitComment(id, Citizen(text, ip));
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->id : 0;
  }

  int64_t CommentRows() {
    auto r = db_->Query("SELECT COUNT(*) FROM consultation_comments", {});
    return r.ok() ? r->rows.at(0).Int(0) : -1;
  }

  std::vector<std::string> AuditActions() {
    auto r = db_->Query(
        "SELECT action FROM audit_log WHERE entity LIKE 'consultation%' "
        "ORDER BY id",
        {});
    std::vector<std::string> out;
    if (r.ok())
      for (const auto& row : r->rows) out.push_back(row.Text(0));
    return out;
  }

  static inline int counter_ = 0;
  FakeClock clock_{Beijing(2026, 3, 2)};
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

TEST_P(ConsultationsTest, TheWindowOpensAndClosesOnTheServerClock) {
  auto later =
      service_->CreateConsultation(editor_, Input("2026-03-10", "2026-04-08"));
  ASSERT_TRUE(later.ok()) << later.status();
  EXPECT_EQ(later->sections, (std::vector<std::string>{"第一条", "第二条"}));
  auto early = service_->SubmitComment(later->id, Citizen("太早了"));
  EXPECT_EQ(early.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(early.status().message(),
              HasSubstr("尚未开始，将于2026年3月10日开始"));

  const int64_t id = Open();
  clock_.Set(Beijing(2026, 3, 31, 23, 59));
  EXPECT_TRUE(service_->SubmitComment(id, Citizen("最后一分钟的意见")).ok());
  clock_.Set(Beijing(2026, 4, 1, 0, 1));
  auto late = service_->SubmitComment(id, Citizen("晚了一分钟的意见"));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(late.status().message(),
              HasSubstr("已于2026年3月31日截止，不再接受意见"));
  EXPECT_EQ(CommentRows(), 1);
  auto view = service_->GetConsultation(public_, id);
  ASSERT_TRUE(view.ok()) << view.status();
  EXPECT_EQ(view->window, WindowState::kClosed);
  EXPECT_EQ(view->window_days, 30);
  EXPECT_EQ(view->consultation.unit_name, "县民政局");
}

TEST_P(ConsultationsTest, AShortWindowNeedsItsReason) {
  auto bare =
      service_->CreateConsultation(editor_, Input("2026-03-02", "2026-03-15"));
  ASSERT_EQ(bare.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(GetFieldErrors(bare.status()).at("short_reason"),
              HasSubstr("国务院令第713号第十五条"));
  auto with = service_->CreateConsultation(
      editor_, Input("2026-03-02", "2026-03-15", "落实上级紧急部署，时间紧迫"));
  ASSERT_TRUE(with.ok()) << with.status();
  EXPECT_EQ(with->short_reason, "落实上级紧急部署，时间紧迫");
  EXPECT_FALSE(with->recorded);
  // Exactly 30 days needs none.
  EXPECT_TRUE(
      service_->CreateConsultation(editor_, Input("2026-03-03", "2026-04-01"))
          .ok());
}

TEST_P(ConsultationsTest, DatesAreChecked) {
  struct Case {
    const char* what;
    ConsultationInput in;
    const char* field;
  } cases[] = {
      {"started yesterday", Input("2026-03-01", "2026-04-30"), "opens_on"},
      {"closes before it opens", Input("2026-04-30", "2026-04-01"),
       "closes_on"},
      {"not a date", Input("2026-3-5", "2026-04-30"), "opens_on"},
      {"no closing date", Input("2026-03-05", ""), "closes_on"},
  };
  for (const Case& c : cases) {
    auto r = service_->CreateConsultation(editor_, c.in);
    ASSERT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << c.what;
    EXPECT_TRUE(GetFieldErrors(r.status()).contains(c.field)) << c.what;
  }
  ConsultationInput elsewhere = Input("2026-03-02", "2026-03-31");
  elsewhere.unit = "县教育局";
  auto r = service_->CreateConsultation(editor_, elsewhere);
  EXPECT_TRUE(GetFieldErrors(r.status()).contains("unit"));
  EXPECT_EQ(
      service_->CreateConsultation(public_, Input("2026-03-02", "2026-03-31"))
          .status()
          .code(),
      absl::StatusCode::kPermissionDenied);
}

TEST_P(ConsultationsTest, APastWindowIsRecordedAndTakesOnlyStaffEntries) {
  auto rec =
      service_->CreateConsultation(editor_, Input("2026-01-05", "2026-02-05"));
  ASSERT_TRUE(rec.ok()) << rec.status();
  EXPECT_TRUE(rec->recorded);
  auto online = service_->SubmitComment(rec->id, Citizen("补录期的意见"));
  EXPECT_EQ(online.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(online.status().message(), HasSubstr("补录"));
  CommentInput letter{.name = "李四", .text = "来信建议提高标准"};
  auto bad =
      service_->RecordComment(editor_, rec->id, letter, "传真", "2026-01-20");
  EXPECT_TRUE(GetFieldErrors(bad.status()).contains("channel"));
  auto future =
      service_->RecordComment(editor_, rec->id, letter, "信函", "2026-03-03");
  EXPECT_TRUE(GetFieldErrors(future.status()).contains("received_on"));
  auto ok =
      service_->RecordComment(editor_, rec->id, letter, "信函", "2026-01-20");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->state, CommentState::kPublished);
  EXPECT_EQ(ok->received_on, "2026-01-20");
  EXPECT_EQ(ok->channel, "信函");
  EXPECT_EQ(
      service_->RecordComment(other_, rec->id, letter, "信函", "2026-01-20")
          .status()
          .code(),
      absl::StatusCode::kNotFound);
  auto view = service_->GetConsultation(public_, rec->id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->window, WindowState::kRecorded);
  ASSERT_EQ(view->comments.size(), 1u);
  EXPECT_THAT(AuditActions(), ElementsAre("consultation.create",
                                          "consultation.comment_record"));
}

TEST_P(ConsultationsTest, ExtendOnlyLaterAndEndEarlyOnlyEarlier) {
  const int64_t id = Open();
  auto earlier = service_->Extend(editor_, id, "2026-03-20", "需要");
  EXPECT_TRUE(GetFieldErrors(earlier.status()).contains("closes_on"));
  auto no_reason = service_->Extend(editor_, id, "2026-04-15", " ");
  EXPECT_TRUE(GetFieldErrors(no_reason.status()).contains("reason"));
  EXPECT_EQ(service_->Extend(other_, id, "2026-04-15", "需要").status().code(),
            absl::StatusCode::kNotFound);
  auto longer = service_->Extend(editor_, id, "2026-04-15",
                                 "群众反映时间不够，延长征求期");
  ASSERT_TRUE(longer.ok()) << longer.status();
  EXPECT_EQ(longer->closes_on, absl::CivilDay(2026, 4, 15));

  clock_.Set(Beijing(2026, 3, 20));
  auto later = service_->EndEarly(editor_, id, "2026-04-20", "撤回");
  EXPECT_TRUE(GetFieldErrors(later.status()).contains("closes_on"));
  auto too_early = service_->EndEarly(editor_, id, "2026-03-18", "撤回");
  EXPECT_THAT(GetFieldErrors(too_early.status()).at("closes_on"),
              HasSubstr("2026年3月19日"));
  auto silent = service_->EndEarly(editor_, id, "2026-03-19", "");
  EXPECT_TRUE(GetFieldErrors(silent.status()).contains("reason"));
  auto ended =
      service_->EndEarly(editor_, id, "2026-03-19", "该决策事项已撤销");
  ASSERT_TRUE(ended.ok()) << ended.status();
  // Closed now (it closed at 24:00 yesterday): comments are refused.
  EXPECT_EQ(service_->SubmitComment(id, Citizen("还能提吗")).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      service_->EndEarly(editor_, id, "2026-03-19", "再次").status().code(),
      absl::StatusCode::kFailedPrecondition);

  // Both changes are public, with their reasons.
  auto view = service_->GetConsultation(public_, id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->window, WindowState::kClosed);
  ASSERT_EQ(view->consultation.extensions.size(), 2u);
  const WindowChange& first = view->consultation.extensions[0];
  EXPECT_EQ(first.from, absl::CivilDay(2026, 3, 31));
  EXPECT_EQ(first.to, absl::CivilDay(2026, 4, 15));
  EXPECT_EQ(first.reason, "群众反映时间不够，延长征求期");
  EXPECT_EQ(view->consultation.extensions[1].to, absl::CivilDay(2026, 3, 19));
  EXPECT_EQ(view->consultation.extensions[1].reason, "该决策事项已撤销");
  EXPECT_THAT(AuditActions(),
              ElementsAre("consultation.create", "consultation.extend",
                          "consultation.end_early"));
}

TEST_P(ConsultationsTest, UpdateChangesTheTextBeforeOpeningButNeverTheDates) {
  auto c =
      service_->CreateConsultation(editor_, Input("2026-03-10", "2026-04-08"));
  ASSERT_TRUE(c.ok());
  ConsultationInput in = Input("2026-03-10", "2026-04-08");
  in.title = "修改后的标题";
  auto changed = service_->UpdateConsultation(editor_, c->id, in);
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_EQ(changed->title, "修改后的标题");
  in.closes_on = "2026-04-30";
  EXPECT_TRUE(
      GetFieldErrors(service_->UpdateConsultation(editor_, c->id, in).status())
          .contains("closes_on"));
  clock_.Set(Beijing(2026, 3, 10));
  in.closes_on = "";
  EXPECT_EQ(service_->UpdateConsultation(editor_, c->id, in).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_P(ConsultationsTest, CommentFieldsAreChecked) {
  const int64_t id = Open();
  struct Case {
    const char* what;
    CommentInput in;
    const char* field;
  } cases[] = {
      {"no name", {.text = "意见"}, "name"},
      {"bad phone", {.name = "王五", .phone = "abc", .text = "意见"}, "phone"},
      {"bad email",
       {.name = "王五", .email = "wang@", .text = "意见"},
       "email"},
      {"unknown section",
       {.name = "王五", .section = "第九条", .text = "意见"},
       "section"},
      {"empty text", {.name = "王五", .text = "  。。 "}, "text"},
      {"too long", {.name = "王五", .text = std::string(201 * 3, 'x')}, "text"},
  };
  for (const Case& c : cases) {
    auto r = service_->SubmitComment(id, c.in);
    ASSERT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << c.what;
    EXPECT_TRUE(GetFieldErrors(r.status()).contains(c.field)) << c.what;
  }
  // 200 Chinese characters are within the limit (characters, not bytes).
  std::string two_hundred;
  for (int i = 0; i < 200; ++i) two_hundred += i % 2 ? "议" : "建";
  auto anon = service_->SubmitComment(
      id,
      {.anonymous = true, .text = two_hundred, .source_ip = "198.51.100.1"});
  ASSERT_TRUE(anon.ok()) << anon.status();
  auto view = service_->GetConsultation(editor_, id);
  ASSERT_EQ(view->comments.size(), 1u);
  EXPECT_EQ(view->comments[0].name, "匿名");
  EXPECT_EQ(view->comments[0].state, CommentState::kPending);

  // A consultation that asks for names refuses 匿名.
  ConsultationInput named = Input("2026-03-02", "2026-03-31");
  named.allow_anonymous = false;
  auto c = service_->CreateConsultation(editor_, named);
  ASSERT_TRUE(c.ok());
  auto refused =
      service_->SubmitComment(c->id, {.anonymous = true, .text = "匿名意见"});
  EXPECT_TRUE(GetFieldErrors(refused.status()).contains("name"));
}

TEST_P(ConsultationsTest, RateLimitAndDuplicates) {
  const int64_t id = Open();
  for (int i = 0; i < 5; ++i) Submit(id, absl::StrCat("第", i, "条不同的意见"));
  auto sixth = service_->SubmitComment(id, Citizen("第六条意见"));
  EXPECT_EQ(sixth.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(sixth.status().message(), "提交过于频繁，请稍后再试");
  // Another address is not limited; the same one is after the period.
  Submit(id, "另一个地址的意见", "198.51.100.9");
  clock_.Advance(absl::Minutes(11));
  Submit(id, "第六条意见");
  // The same text again (spaces, punctuation, case aside) is refused.
  auto again =
      service_->SubmitComment(id, Citizen("另一个 地址的意见！", "192.0.2.44"));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(CommentRows(), 7);
  // The address is kept only as its hash.
  auto rows = db_->Query(
      "SELECT COUNT(*) FROM consultation_comments WHERE source_hash LIKE "
      "'%203.0.113.7%'",
      {});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->rows[0].Int(0), 0);
  // Public submissions are not audited as anyone's action.
  EXPECT_THAT(AuditActions(), ElementsAre("consultation.create"));
}

TEST_P(ConsultationsTest, TheHoneypotStoresNothing) {
  const int64_t id = Open();
  CommentInput robot = Citizen("广告内容");
  robot.honeypot = "http://spam.example";
  auto r = service_->SubmitComment(id, robot);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->id, 0);
  EXPECT_EQ(CommentRows(), 0);
}

TEST_P(ConsultationsTest, OnlyTheUnitModeratesAndTheHiddenNeedAReason) {
  const int64_t id = Open();
  const int64_t cid = Submit(id, "建议提高低保标准");
  EXPECT_EQ(service_->Moderate(other_, id, cid, {CommentState::kPublished, ""})
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->Moderate(public_, id, cid, {CommentState::kPublished, ""})
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      service_->Moderate(editor_, id, cid + 100, {CommentState::kPublished, ""})
          .status()
          .code(),
      absl::StatusCode::kNotFound);
  auto no_reason =
      service_->Moderate(editor_, id, cid, {CommentState::kHidden, ""});
  EXPECT_TRUE(GetFieldErrors(no_reason.status()).contains("reason"));
  auto hidden = service_->Moderate(editor_, id, cid,
                                   {CommentState::kHidden, "含有个人信息"});
  ASSERT_TRUE(hidden.ok()) << hidden.status();
  EXPECT_EQ(hidden->moderation_reason, "含有个人信息");
  // It may be reconsidered; the admin acts for every unit.
  auto shown =
      service_->Moderate(admin_, id, cid, {CommentState::kPublished, ""});
  ASSERT_TRUE(shown.ok()) << shown.status();
  EXPECT_EQ(shown->state, CommentState::kPublished);
  EXPECT_THAT(AuditActions(), ElementsAre("consultation.create",
                                          "consultation.comment_moderate",
                                          "consultation.comment_moderate"));
}

TEST_P(ConsultationsTest, ThePublicNeverSeesContactOrUnpublishedComments) {
  const int64_t id = Open();
  const int64_t shown = Submit(id, "公开的意见", "10.0.0.1");
  const int64_t hidden = Submit(id, "隐藏的意见", "10.0.0.2");
  Submit(id, "待审核的意见", "10.0.0.3");
  ASSERT_TRUE(
      service_->Moderate(editor_, id, shown, {CommentState::kPublished, ""})
          .ok());
  ASSERT_TRUE(
      service_->Moderate(editor_, id, hidden, {CommentState::kHidden, "广告"})
          .ok());
  ASSERT_TRUE(
      service_
          ->Adopt(editor_, id, shown, {Adoption::kAdopted, "已在第二条中体现"})
          .ok());
  for (const Actor* reader : {&public_, &other_}) {
    auto view = service_->GetConsultation(*reader, id);
    ASSERT_TRUE(view.ok()) << view.status();
    ASSERT_EQ(view->comments.size(), 1u);
    const Comment& c = view->comments[0];
    EXPECT_EQ(c.id, shown);
    EXPECT_EQ(c.name, "张三");
    EXPECT_THAT(c.phone, IsEmpty());
    EXPECT_THAT(c.email, IsEmpty());
    EXPECT_THAT(c.source_hash, IsEmpty());
    EXPECT_THAT(c.text_hash, IsEmpty());
    // The outcome only once the feedback is published.
    EXPECT_EQ(c.adoption, Adoption::kNone);
    EXPECT_THAT(c.adoption_reason, IsEmpty());
    EXPECT_FALSE(view->feedback.has_value());
    EXPECT_THAT(view->feedback_blockers, IsEmpty());
  }
  auto list = service_->ListConsultations(public_, {});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_THAT(list->at(0).comments, IsEmpty());
  auto staff = service_->GetConsultation(editor_, id);
  ASSERT_TRUE(staff.ok());
  ASSERT_EQ(staff->comments.size(), 3u);
  EXPECT_EQ(staff->comments[0].phone, "13800001111");
  EXPECT_EQ(staff->comments[0].email, "zhangsan@example.com");
  ASSERT_TRUE(staff->feedback.has_value());
  EXPECT_THAT(staff->feedback_blockers, Not(IsEmpty()));
}

TEST_P(ConsultationsTest, TheFeedbackCountsMatchTheOutcomes) {
  const int64_t id = Open();
  std::vector<int64_t> c;
  const char* texts[] = {"建议提高标准",
                         "提高标准好",
                         "标准应再提高一些",
                         "建议简化申请材料",
                         "与本方案无关的意见",
                         "不赞成调整",
                         "广告"};
  for (int i = 0; i < 7; ++i)
    c.push_back(Submit(id, texts[i], absl::StrCat("10.0.1.", i)));
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(
        service_->Moderate(editor_, id, c[i], {CommentState::kPublished, ""})
            .ok());
  }
  ASSERT_TRUE(
      service_->Moderate(editor_, id, c[6], {CommentState::kHidden, "广告"})
          .ok());
  // The window is still open: the feedback waits.
  auto open = service_->PublishFeedback(editor_, id, "");
  ASSERT_EQ(open.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(open.status().message(), HasSubstr("尚未截止"));

  // Adoption: only published comments, with a reason, duplicates grouped
  // with a comment that is not itself a duplicate.
  EXPECT_EQ(service_->Adopt(editor_, id, c[6], {Adoption::kAdopted, "理由"})
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(
      GetFieldErrors(
          service_->Adopt(editor_, id, c[0], {Adoption::kAdopted, ""}).status())
          .contains("reason"));
  EXPECT_EQ(service_->Adopt(other_, id, c[0], {Adoption::kAdopted, "理由"})
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(service_
                  ->Adopt(editor_, id, c[0],
                          {Adoption::kAdopted, "标准提高至每月800元"})
                  .ok());
  ASSERT_TRUE(
      service_
          ->Adopt(editor_, id, c[1], {Adoption::kNone, "同第一条意见", c[0]})
          .ok());
  EXPECT_TRUE(
      GetFieldErrors(
          service_->Adopt(editor_, id, c[2], {Adoption::kNone, "同上", c[1]})
              .status())
          .contains("duplicate_of"));  // c[1] is itself a duplicate
  EXPECT_TRUE(
      GetFieldErrors(
          service_->Adopt(editor_, id, c[2], {Adoption::kNone, "同上", c[6]})
              .status())
          .contains("duplicate_of"));  // hidden
  EXPECT_TRUE(
      GetFieldErrors(
          service_->Adopt(editor_, id, c[0], {Adoption::kNone, "同上", c[3]})
              .status())
          .contains("duplicate_of"));  // c[0] heads a group
  ASSERT_TRUE(service_
                  ->Adopt(editor_, id, c[2],
                          {Adoption::kRejected, "同第一条意见", c[0]})
                  .ok());
  ASSERT_TRUE(
      service_->Adopt(editor_, id, c[3], {Adoption::kPartly, "材料减少两项"})
          .ok());
  ASSERT_TRUE(
      service_->Adopt(editor_, id, c[4], {Adoption::kOutOfScope, "另行研究"})
          .ok());

  clock_.Set(Beijing(2026, 4, 1, 9));
  auto missing = service_->PublishFeedback(editor_, id, "");
  ASSERT_EQ(missing.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(missing.status().message(),
              HasSubstr(absl::StrCat("第", c[5], "条")));
  EXPECT_THAT(missing.status().message(), Not(HasSubstr("尚未截止")));
  ASSERT_TRUE(
      service_
          ->Adopt(editor_, id, c[5], {Adoption::kRejected, "与上位法规定不符"})
          .ok());
  EXPECT_EQ(service_->PublishFeedback(other_, id, "").status().code(),
            absl::StatusCode::kNotFound);
  auto published =
      service_->PublishFeedback(editor_, id, "共收到意见7条，现反馈如下。");
  ASSERT_TRUE(published.ok()) << published.status();

  auto view = service_->GetConsultation(public_, id);
  ASSERT_TRUE(view.ok());
  ASSERT_TRUE(view->feedback.has_value());
  EXPECT_EQ(view->consultation.feedback_note, "共收到意见7条，现反馈如下。");
  const FeedbackCounts& n = view->feedback->counts;
  EXPECT_EQ(n.received, 7);
  EXPECT_EQ(n.hidden, 1);
  EXPECT_EQ(n.adopted, 3);  // c[0] and its duplicates c[1], c[2]
  EXPECT_EQ(n.partly, 1);
  EXPECT_EQ(n.rejected, 1);
  EXPECT_EQ(n.out_of_scope, 1);
  EXPECT_EQ(n.undecided, 0);
  ASSERT_EQ(view->feedback->items.size(), 6u);
  EXPECT_EQ(view->feedback->items[2].adoption, Adoption::kAdopted);
  EXPECT_EQ(view->feedback->items[2].duplicate_of, c[0]);
  // The public comments now carry their outcomes; contact stays private.
  ASSERT_EQ(view->comments.size(), 6u);
  EXPECT_EQ(view->comments[3].adoption, Adoption::kPartly);
  EXPECT_EQ(view->comments[2].adoption, Adoption::kAdopted);  // its group's
  EXPECT_EQ(view->comments[2].duplicate_of, c[0]);
  EXPECT_THAT(view->comments[3].phone, IsEmpty());

  // Nothing changes after the feedback is published.
  EXPECT_EQ(
      service_->Moderate(editor_, id, c[0], {CommentState::kHidden, "误发"})
          .status()
          .code(),
      absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_->Adopt(editor_, id, c[5], {Adoption::kAdopted, "改"})
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_->PublishFeedback(editor_, id, "").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      service_->Extend(editor_, id, "2026-04-30", "再征求").status().code(),
      absl::StatusCode::kFailedPrecondition);
  auto actions = AuditActions();
  EXPECT_EQ(actions.back(), "consultation.feedback_publish");
}

TEST_P(ConsultationsTest, ListFiltersByWindowAndUnit) {
  const int64_t open = Open();
  auto later =
      service_->CreateConsultation(editor_, Input("2026-03-10", "2026-04-08"));
  ASSERT_TRUE(later.ok());
  auto past =
      service_->CreateConsultation(editor_, Input("2026-01-05", "2026-02-05"));
  ASSERT_TRUE(past.ok());
  auto ids = [&](const ConsultationFilter& f) {
    std::vector<int64_t> out;
    auto list = service_->ListConsultations(public_, f);
    EXPECT_TRUE(list.ok()) << list.status();
    if (list.ok())
      for (const auto& v : *list) out.push_back(v.consultation.id);
    return out;
  };
  EXPECT_THAT(ids({.window = WindowState::kOpen}), ElementsAre(open));
  EXPECT_THAT(ids({.window = WindowState::kNotYetOpen}),
              ElementsAre(later->id));
  EXPECT_THAT(ids({.window = WindowState::kRecorded}), ElementsAre(past->id));
  EXPECT_THAT(ids({}), ElementsAre(later->id, open, past->id));
  EXPECT_THAT(ids({.unit_id = jiaoyu_}), IsEmpty());
  EXPECT_THAT(ids({.limit = 1, .offset = 1}), ElementsAre(open));
  clock_.Set(Beijing(2026, 4, 1));
  EXPECT_THAT(ids({.window = WindowState::kClosed}), ElementsAre(open));
}

TEST_P(ConsultationsTest, LinksADecisionOfTheSameUnit) {
  auto own =
      service_->CreateDecision(editor_, {.year = 2026,
                                         .title = "调整城乡低保标准",
                                         .deciding_body = "县人民政府",
                                         .legal_basis = "《社会救助暂行办法》",
                                         .unit = "县民政局"});
  ASSERT_TRUE(own.ok()) << own.status();
  auto theirs =
      service_->CreateDecision(other_, {.year = 2026,
                                        .title = "调整学区划分",
                                        .deciding_body = "县人民政府",
                                        .legal_basis = "《义务教育法》",
                                        .unit = "县教育局"});
  ASSERT_TRUE(theirs.ok()) << theirs.status();
  for (int64_t bad : {theirs->id, own->id + theirs->id + 100}) {
    ConsultationInput in = Input("2026-03-02", "2026-03-31");
    in.decision_id = bad;
    auto r = service_->CreateConsultation(editor_, in);
    EXPECT_TRUE(GetFieldErrors(r.status()).contains("decision_id")) << bad;
  }
  ConsultationInput in = Input("2026-03-02", "2026-03-31");
  in.decision_id = own->id;
  auto c = service_->CreateConsultation(editor_, in);
  ASSERT_TRUE(c.ok()) << c.status();
  auto staff = service_->GetConsultation(editor_, c->id);
  ASSERT_TRUE(staff.ok());
  ASSERT_TRUE(staff->decision.has_value());
  EXPECT_EQ(staff->decision->title, "调整城乡低保标准");
  // The public sees the decision once it is in a published catalog.
  EXPECT_FALSE(service_->GetConsultation(public_, c->id)->decision.has_value());
  ASSERT_TRUE(service_->PublishCatalog(admin_, 2026, "首次发布").ok());
  EXPECT_TRUE(service_->GetConsultation(public_, c->id)->decision.has_value());
  auto of = db_->InTransaction<std::vector<Consultation>>(
      [&](db::Tx& tx) { return store::ConsultationsOfDecision(tx, own->id); });
  ASSERT_TRUE(of.ok()) << of.status();
  ASSERT_EQ(of->size(), 1u);
  EXPECT_EQ(of->at(0).id, c->id);
}

INSTANTIATE_TEST_SUITE_P(Databases, ConsultationsTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::decisions
