// The messages service on SQLite and PostgreSQL with a fake clock: due days
// across 国庆 2026 (10-01..10-07 off, Saturday 10-10 worked; day 1 is the
// first working day after arrival), transfers with and without a restarted
// clock, the reviewed reply and the published Q&A, privacy, abuse control,
// statistics and the dashboard's list.
#include "messages/service.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::messages {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }
std::string F(absl::CivilDay d) { return calendar::FormatDate(d); }

class MessagesTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase(
        GetParam(), {"core", "org", "calendar", "messages"});
    ASSERT_NE(db_, nullptr);
    org_ = std::make_unique<org::Service>(*db_, clock_);
    ASSERT_TRUE(org_->Seed().ok());
    cal_ = std::make_unique<calendar::Service>(*db_, clock_);
    ASSERT_TRUE(cal_->Seed().ok());
    service_ = std::make_unique<Service>(*db_, clock_, *org_, *cal_);
    cal_->AddRecomputer("messages", [this](const calendar::Calendar& c) {
      return service_->Recompute(c);
    });
    unit_ = org_->ResolveUnit("县民政局")->id;
    other_unit_ = org_->ResolveUnit("县教育局")->id;
    clerk_ = {
        .user_id = 2, .name = "李办事", .role = Role::kClerk, .unit_id = unit_};
    reviewer_ = {.user_id = 3,
                 .name = "王审核",
                 .role = Role::kUnitReviewer,
                 .unit_id = unit_};
    editor_ = {.user_id = 4,
               .name = "赵编辑",
               .role = Role::kUnitEditor,
               .unit_id = unit_};
    outsider_ = {.user_id = 5,
                 .name = "外单位",
                 .role = Role::kUnitReviewer,
                 .unit_id = other_unit_};
  }

  void Today(absl::CivilDay day, int hour = 10) {
    clock_.Set(StartOfDay(day) + absl::Hours(hour));
  }

  static MessageInput Input(absl::string_view type = "咨询",
                            absl::string_view unit = "县民政局") {
    return {
        .type = std::string(type),
        .unit = std::string(unit),
        .title = "低保申请需要哪些材料",
        .text = "我是张三，家住鱼岳镇，电话13812345678，想咨询低保申请材料。",
        .name = "张三",
        .phone = "13812345678",
        .email = "zhangsan@example.com",
        .publish_consent = true,
        .source_ip = "10.0.0.1"};
  }

  // Submitted on `day` (the clock moves there); each call a different text
  // and address unless given.
  Submitted Send(absl::CivilDay day, MessageInput in = Input()) {
    Today(day);
    in.text = absl::StrCat(in.text, "（", ++sent_, "）");
    in.source_ip = absl::StrCat("10.0.1.", sent_);
    auto s = service_->Submit(in);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *s : Submitted{};
  }

  MessageView Get(int64_t id, const Actor* who = nullptr) {
    auto v = service_->Get(who ? *who : admin_, id);
    EXPECT_TRUE(v.ok()) << v.status();
    return v.ok() ? *v : MessageView{};
  }

  // Drafted by the editor on `day`, approved by the reviewer.
  MessageView Answer(int64_t id, absl::CivilDay day, bool publish,
                     std::string text = "您好，请携带户口簿和收入证明。") {
    Today(day);
    auto d = service_->Reply(editor_, id,
                             {.text = std::move(text), .publish = publish});
    EXPECT_TRUE(d.ok()) << d.status();
    auto r = service_->Review(reviewer_, id, {.approve = true});
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : MessageView{};
  }

  std::vector<PublicItem> Public(PublicFilter f = {}) {
    auto items = service_->ListPublic(f);
    EXPECT_TRUE(items.ok()) << items.status();
    return items.ok() ? *items : std::vector<PublicItem>{};
  }

  FakeClock clock_{StartOfDay(D(2026, 9, 30)) + absl::Hours(10)};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<org::Service> org_;
  std::unique_ptr<calendar::Service> cal_;
  std::unique_ptr<Service> service_;
  int64_t unit_ = 0, other_unit_ = 0;
  int sent_ = 0;
  Actor admin_{.user_id = 1, .name = "管理员", .role = Role::kAdmin};
  Actor clerk_, reviewer_, editor_, outsider_;
};

TEST_P(MessagesTest, DueDatesAcrossNationalDay2026) {
  struct Case {
    const char* type;
    const char* due;
  };
  // Wed 09-30: 10-08 (1), 10-09 (2), Sat 10-10 worked (3), 10-12 (4) …
  const std::vector<Case> cases = {{"咨询", "2026-10-13"},
                                   {"建议", "2026-10-20"},
                                   {"complain", "2026-10-27"},
                                   {"找错", "2026-10-13"}};
  const auto cal = cal_->calendar();
  for (const Case& c : cases) {
    Submitted s = Send(D(2026, 9, 30), Input(c.type));
    EXPECT_EQ(F(s.due_on), c.due) << c.type;
    MessageView v = Get(s.id);
    EXPECT_EQ(F(v.message.due_on), c.due);
    EXPECT_EQ(v.message.due_on,
              cal->NthWorkdayAfter(D(2026, 9, 30), v.message.due_days));
    EXPECT_EQ(v.message.arrived_on, D(2026, 9, 30));
    EXPECT_EQ(v.message.state, MessageState::kHandling);
    EXPECT_EQ(v.message.unit_id, unit_);
  }
  // Arriving at 23:30 Beijing time (15:30 UTC) is still that Beijing day.
  clock_.Set(StartOfDay(D(2026, 9, 30)) + absl::Hours(23) + absl::Minutes(30));
  MessageInput late = Input();
  late.text = "深夜留言";
  auto s = service_->Submit(late);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(F(s->due_on), "2026-10-13");
  EXPECT_THAT(s->tracking_number, StartsWith("LY2026"));
  EXPECT_EQ(s->tracking_number.size(), 12u);
  EXPECT_EQ(s->query_code.size(), 12u);
}

TEST_P(MessagesTest, TransfersWithAndWithoutRestart) {
  // 不清楚: waits for the county office; the clock runs from arrival.
  Submitted s = Send(D(2026, 9, 30), Input("咨询", ""));
  MessageView v = Get(s.id);
  EXPECT_EQ(v.message.state, MessageState::kUnrouted);
  EXPECT_FALSE(v.message.unit_id.has_value());
  EXPECT_EQ(F(v.message.due_on), "2026-10-13");
  // Only the office sees it.
  EXPECT_TRUE(absl::IsNotFound(service_->Get(clerk_, s.id).status()));

  // Routed on 10-08 without restart: due unchanged.
  Today(D(2026, 10, 8));
  auto routed = service_->Transfer(admin_, s.id, {.unit = "县民政局"});
  ASSERT_TRUE(routed.ok()) << routed.status();
  EXPECT_EQ(routed->message.state, MessageState::kHandling);
  EXPECT_EQ(F(routed->message.due_on), "2026-10-13");
  EXPECT_EQ(routed->message.clock_from, D(2026, 9, 30));

  // The unit's clerk may pass it on, but not restart the clock.
  Today(D(2026, 10, 9));
  auto refused = service_->Transfer(
      clerk_, s.id,
      {.unit = "县教育局", .restart = true, .reason = "属教育局职责"});
  EXPECT_TRUE(absl::IsPermissionDenied(refused.status())) << refused.status();
  auto no_reason = service_->Transfer(clerk_, s.id, {.unit = "县教育局"});
  EXPECT_THAT(GetFieldErrors(no_reason.status()),
              ::testing::Contains(::testing::Key("reason")));
  auto passed = service_->Transfer(
      clerk_, s.id, {.unit = "县教育局", .reason = "属教育局职责"});
  ASSERT_TRUE(passed.ok()) << passed.status();
  EXPECT_EQ(passed->message.unit_id, other_unit_);
  EXPECT_EQ(F(passed->message.due_on), "2026-10-13");
  // Now the clerk's unit no longer sees it.
  EXPECT_TRUE(absl::IsNotFound(service_->Get(clerk_, s.id).status()));

  // The office sends it back on Monday 10-12 and restarts the clock:
  // 10-13 (1) … 10-16 (4), 10-19 (5).
  Today(D(2026, 10, 12));
  auto restarted = service_->Transfer(
      admin_, s.id,
      {.unit = "县民政局", .restart = true, .reason = "经核实属民政局职责"});
  ASSERT_TRUE(restarted.ok()) << restarted.status();
  EXPECT_EQ(restarted->message.clock_from, D(2026, 10, 12));
  EXPECT_EQ(F(restarted->message.due_on), "2026-10-19");
  EXPECT_EQ(restarted->message.due_on,
            cal_->calendar()->NthWorkdayAfter(D(2026, 10, 12), 5));

  MessageView after = Get(s.id);
  ASSERT_THAT(after.message.transfers, SizeIs(3));
  EXPECT_FALSE(after.message.transfers[0].from_unit.has_value());
  EXPECT_FALSE(after.message.transfers[1].restart);
  EXPECT_EQ(after.message.transfers[1].reason, "属教育局职责");
  EXPECT_EQ(after.message.transfers[1].by, "李办事");
  EXPECT_TRUE(after.message.transfers[2].restart);
  EXPECT_EQ(after.message.transfers[2].on, D(2026, 10, 12));

  // A restart on a past day counts from that day; a future day is refused.
  auto future = service_->Transfer(
      admin_, s.id, {.unit = "县教育局", .on = "2026-10-20", .reason = "x"});
  EXPECT_THAT(GetFieldErrors(future.status()),
              ::testing::Contains(::testing::Key("on")));
}

TEST_P(MessagesTest, ReviewedReplyIsPublishedRedacted) {
  Submitted s = Send(D(2026, 9, 30));
  EXPECT_THAT(Public(), IsEmpty());

  Today(D(2026, 10, 9));
  auto draft = service_->Reply(
      editor_, s.id,
      {.text = "张三您好：请携带户口簿，如有疑问请拨打0715-6321234。",
       .publish = true});
  ASSERT_TRUE(draft.ok()) << draft.status();
  EXPECT_EQ(draft->message.state, MessageState::kReviewing);
  // Not public while it waits for review.
  EXPECT_THAT(Public(), IsEmpty());
  EXPECT_TRUE(absl::IsNotFound(service_->GetPublic(s.id).status()));
  auto status = service_->Status(s.tracking_number, s.query_code);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->message.reply_text, "");

  // Not by the one who drafted it, nor by a clerk, nor another unit.
  EXPECT_TRUE(absl::IsPermissionDenied(
      service_->Review(editor_, s.id, {.approve = true}).status()));
  EXPECT_TRUE(absl::IsPermissionDenied(
      service_->Review(clerk_, s.id, {.approve = true}).status()));
  EXPECT_TRUE(absl::IsNotFound(
      service_->Review(outsider_, s.id, {.approve = true}).status()));

  Today(D(2026, 10, 12));
  auto approved = service_->Review(reviewer_, s.id, {.approve = true});
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->message.state, MessageState::kReplied);
  EXPECT_EQ(approved->message.replied_on, D(2026, 10, 9));  // the reply's day
  EXPECT_EQ(approved->timeliness, Timeliness::kOnTime);
  EXPECT_TRUE(approved->message.published);

  std::vector<PublicItem> items = Public();
  ASSERT_THAT(items, SizeIs(1));
  const PublicItem& p = items[0];
  EXPECT_EQ(p.id, s.id);
  EXPECT_EQ(p.unit_name, "县民政局");
  EXPECT_EQ(p.asked_at, "2026-09-30 10:00");
  EXPECT_EQ(p.replied_on, D(2026, 10, 9));
  for (const std::string& text : {p.title, p.text, p.reply}) {
    EXPECT_THAT(text, Not(HasSubstr("13812345678")));
    EXPECT_THAT(text, Not(HasSubstr("张三")));
    EXPECT_THAT(text, Not(HasSubstr("6321234")));
  }
  EXPECT_THAT(p.text, HasSubstr("我是＊＊，家住鱼岳镇，电话＊＊＊"));
  EXPECT_THAT(p.reply, HasSubstr("＊＊您好"));
  EXPECT_TRUE(service_->GetPublic(s.id).ok());
  auto ids = service_->PublishedIds();
  ASSERT_TRUE(ids.ok());
  EXPECT_THAT(*ids, SizeIs(1));

  // Keywords match the public text only, never the private one.
  EXPECT_THAT(Public({.q = "户口簿"}), SizeIs(1));
  EXPECT_THAT(Public({.q = "鱼岳镇"}), SizeIs(1));
  EXPECT_THAT(Public({.q = "张三"}), IsEmpty());
  EXPECT_THAT(Public({.q = "13812345678"}), IsEmpty());
  EXPECT_THAT(Public({.q = "%"}), IsEmpty());
  EXPECT_THAT(Public({.type = MessageType::kComplain}), IsEmpty());
  EXPECT_THAT(Public({.unit_id = other_unit_}), IsEmpty());
  auto long_q = service_->ListPublic({.q = std::string(51, 'a')});
  EXPECT_THAT(GetFieldErrors(long_q.status()),
              ::testing::Contains(::testing::Key("q")));

  // The office takes it down with a reason.
  EXPECT_TRUE(absl::IsPermissionDenied(
      service_->Unpublish(reviewer_, s.id, "含不宜公开内容")));
  EXPECT_FALSE(service_->Unpublish(admin_, s.id, "").ok());
  ASSERT_TRUE(service_->Unpublish(admin_, s.id, "含不宜公开内容").ok());
  EXPECT_THAT(Public(), IsEmpty());
  EXPECT_TRUE(absl::IsNotFound(service_->GetPublic(s.id).status()));
}

TEST_P(MessagesTest, NeverPublishedWithoutConsent) {
  MessageInput in = Input();
  in.publish_consent = false;
  Submitted s = Send(D(2026, 9, 30), in);
  Today(D(2026, 10, 8));
  auto refused = service_->Reply(
      editor_, s.id, {.text = "您好，请携带材料。", .publish = true});
  EXPECT_THAT(GetFieldErrors(refused.status()),
              ::testing::Contains(::testing::Key("publish")));
  MessageView v = Answer(s.id, D(2026, 10, 8), /*publish=*/false);
  EXPECT_EQ(v.message.state, MessageState::kReplied);
  EXPECT_FALSE(v.message.published);
  EXPECT_THAT(Public(), IsEmpty());
  EXPECT_TRUE(absl::IsNotFound(service_->GetPublic(s.id).status()));
  // With consent but without asking to publish: not public either.
  Submitted t = Send(D(2026, 10, 8));
  Answer(t.id, D(2026, 10, 9), /*publish=*/false);
  EXPECT_THAT(Public(), IsEmpty());
}

TEST_P(MessagesTest, ReturnedDraftGoesBackToHandling) {
  Submitted s = Send(D(2026, 9, 30));
  Today(D(2026, 10, 8));
  ASSERT_TRUE(service_->Reply(clerk_, s.id, {.text = "草稿"}).ok());
  auto no_remarks = service_->Review(reviewer_, s.id, {.approve = false});
  EXPECT_THAT(GetFieldErrors(no_remarks.status()),
              ::testing::Contains(::testing::Key("remarks")));
  auto back = service_->Review(reviewer_, s.id,
                               {.approve = false, .remarks = "请补充办理依据"});
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->message.state, MessageState::kHandling);
  EXPECT_EQ(back->message.review_remarks, "请补充办理依据");
  EXPECT_FALSE(back->message.replied_on.has_value());
  // The sender never sees the remarks.
  auto status = service_->Status(s.tracking_number, s.query_code);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->message.review_remarks, "");
  EXPECT_EQ(status->message.phone, "");
  EXPECT_EQ(status->message.name, "");
  // The county office may review a draft too.
  ASSERT_TRUE(service_->Reply(reviewer_, s.id, {.text = "正式答复"}).ok());
  auto ok = service_->Review(admin_, s.id, {.approve = true});
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->message.reviewed_by, "管理员");
}

TEST_P(MessagesTest, OtherUnitsAndThePublicSeeNothing) {
  Submitted s = Send(D(2026, 9, 30));
  EXPECT_TRUE(absl::IsNotFound(service_->Get(outsider_, s.id).status()));
  EXPECT_TRUE(absl::IsNotFound(
      service_->Transfer(outsider_, s.id, {.unit = "县教育局", .reason = "x"})
          .status()));
  EXPECT_TRUE(absl::IsNotFound(
      service_->Reply(outsider_, s.id, {.text = "x"}).status()));
  EXPECT_TRUE(absl::IsNotFound(service_->Get(admin_, s.id + 999).status()));
  Actor visitor{.name = "访客", .role = Role::kPublic};
  EXPECT_TRUE(absl::IsPermissionDenied(service_->Get(visitor, s.id).status()));
  EXPECT_TRUE(absl::IsPermissionDenied(service_->List(visitor, {}).status()));

  auto theirs = service_->List(outsider_, {});
  ASSERT_TRUE(theirs.ok());
  EXPECT_THAT(*theirs, IsEmpty());
  auto asked = service_->List(outsider_, {.unit_id = unit_});
  ASSERT_TRUE(asked.ok());
  EXPECT_THAT(*asked, IsEmpty());
  auto mine = service_->List(clerk_, {});
  ASSERT_TRUE(mine.ok());
  EXPECT_THAT(*mine, SizeIs(1));
  EXPECT_EQ((*mine)[0].message.phone, "13812345678");  // staff see contact
}

TEST_P(MessagesTest, AbuseControl) {
  // Honeypot: a plausible answer, nothing stored.
  MessageInput robot = Input();
  robot.honeypot = "http://spam.example";
  auto r = service_->Submit(robot);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->id, 0);
  EXPECT_THAT(r->tracking_number, StartsWith("LY2026"));
  EXPECT_EQ(r->query_code.size(), 12u);
  EXPECT_EQ(F(r->due_on), "2026-10-13");
  auto all = service_->List(admin_, {});
  ASSERT_TRUE(all.ok());
  EXPECT_THAT(*all, IsEmpty());

  // The same text from the same address the same day.
  Today(D(2026, 9, 30), 9);
  MessageInput in = Input();
  ASSERT_TRUE(service_->Submit(in).ok());
  EXPECT_TRUE(absl::IsAlreadyExists(service_->Submit(in).status()));
  // Another address may send the same words.
  MessageInput other = in;
  other.source_ip = "10.9.9.9";
  EXPECT_TRUE(service_->Submit(other).ok());
  // The next day the first address may again.
  Today(D(2026, 10, 1), 12);
  EXPECT_TRUE(service_->Submit(in).ok());

  // Five from one address within the hour, the sixth refused.
  Today(D(2026, 10, 2), 9);
  for (int i = 0; i < 5; ++i) {
    in.text = absl::StrCat("第", i, "条");
    ASSERT_TRUE(service_->Submit(in).ok()) << i;
  }
  in.text = "第6条";
  auto sixth = service_->Submit(in);
  EXPECT_TRUE(absl::IsResourceExhausted(sixth.status()));
  EXPECT_EQ(sixth.status().message(), "提交过于频繁，请稍后再试");
  clock_.Set(clock_.Now() + absl::Minutes(61));
  EXPECT_TRUE(service_->Submit(in).ok());
}

TEST_P(MessagesTest, Validation) {
  MessageInput in{.type = "举报",
                  .unit = "县不存在局",
                  .title = std::string(101, 'x'),
                  .text = "",
                  .name = "",
                  .phone = "12345",
                  .email = "not-an-email"};
  auto s = service_->Submit(in);
  FieldErrors e = GetFieldErrors(s.status());
  for (const char* field :
       {"type", "unit", "title", "text", "name", "phone", "email"})
    EXPECT_TRUE(e.count(field)) << field;

  struct PhoneCase {
    const char* phone;
    bool ok;
  };
  const std::vector<PhoneCase> phones = {
      {"13812345678", true},     {"+86 138 1234 5678", true},
      {"0715-6321234", true},    {"07156321234", true},
      {"6321234", true},         {"12812345678", false},
      {"1381234567", false},     {"0715-63212", false},
      {"abc13812345678", false}, {"+1 2025550123", false},
  };
  int n = 0;
  for (const PhoneCase& c : phones) {
    MessageInput p = Input();
    p.phone = c.phone;
    p.text = absl::StrCat("电话校验", ++n);
    auto r = service_->Submit(p);
    EXPECT_EQ(r.ok(), c.ok) << c.phone << ": " << r.status();
    clock_.Set(clock_.Now() + absl::Hours(2));  // stay under the rate limit
  }
}

TEST_P(MessagesTest, StatusAndRating) {
  Submitted s = Send(D(2026, 9, 30));
  auto ok = service_->Status(s.tracking_number, s.query_code);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->message.id, s.id);
  EXPECT_EQ(ok->message.email, "");
  auto lower = service_->Status(absl::AsciiStrToLower(s.tracking_number),
                                absl::AsciiStrToLower(s.query_code));
  EXPECT_TRUE(lower.ok());
  std::string wrong = s.query_code;
  wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
  auto bad = service_->Status(s.tracking_number, wrong);
  EXPECT_TRUE(absl::IsNotFound(bad.status()));
  EXPECT_EQ(bad.status().message(), "未找到该留言：请核对查询号和查询码");
  EXPECT_TRUE(absl::IsNotFound(
      service_->Status("LY2026999999", s.query_code).status()));
  EXPECT_TRUE(
      absl::IsNotFound(service_->Status(s.tracking_number, "").status()));

  EXPECT_TRUE(absl::IsFailedPrecondition(
      service_->Rate(s.tracking_number, s.query_code, 5, "")));
  Answer(s.id, D(2026, 10, 8), false);
  auto replied = service_->Status(s.tracking_number, s.query_code);
  ASSERT_TRUE(replied.ok());
  EXPECT_EQ(replied->message.reply_text, "您好，请携带户口簿和收入证明。");
  EXPECT_EQ(replied->message.reviewed_by, "");
  EXPECT_FALSE(service_->Rate(s.tracking_number, s.query_code, 6, "").ok());
  EXPECT_TRUE(
      absl::IsNotFound(service_->Rate(s.tracking_number, wrong, 5, "")));
  ASSERT_TRUE(service_->Rate(s.tracking_number, s.query_code, 4, "满意").ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(
      service_->Rate(s.tracking_number, s.query_code, 5, "")));
  EXPECT_EQ(Get(s.id).message.rating, 4);
}

TEST_P(MessagesTest, MonthlyStats) {
  // September: two arrive; October: one.
  Submitted a = Send(D(2026, 9, 24));   // due 10-09
  Submitted b = Send(D(2026, 9, 30));   // due 10-13
  Submitted c = Send(D(2026, 10, 12));  // due 10-19
  // a on 09-29: 2 working days (09-28, 09-29), on time, September.
  Answer(a.id, D(2026, 9, 29), false);
  // b on 10-14: late; 10-08, 09, 10, 12, 13, 14 = 6 working days.
  Answer(b.id, D(2026, 10, 14), false);
  // c on 10-19: on time; 10-13 … 10-16, 10-19 = 5 working days.
  Answer(c.id, D(2026, 10, 19), false);

  auto stats = service_->MonthlyStats(2026);
  ASSERT_TRUE(stats.ok()) << stats.status();
  ASSERT_THAT(*stats, SizeIs(12));
  const MonthStats& sep = (*stats)[8];
  const MonthStats& oct = (*stats)[9];
  EXPECT_EQ(sep.month, 9);
  EXPECT_EQ(sep.received, 2);
  EXPECT_EQ(sep.answered, 1);
  EXPECT_EQ(sep.on_time, 1);
  EXPECT_DOUBLE_EQ(sep.average_working_days, 2.0);
  EXPECT_EQ(oct.received, 1);
  EXPECT_EQ(oct.answered, 2);
  EXPECT_EQ(oct.on_time, 1);
  EXPECT_DOUBLE_EQ(oct.average_working_days, 5.5);
  EXPECT_EQ((*stats)[0].received, 0);
  EXPECT_FALSE(service_->MonthlyStats(1999).ok());
}

TEST_P(MessagesTest, UnansweredListsOverdueNearLineAndLate) {
  Submitted unrouted = Send(D(2026, 7, 1), Input("咨询", ""));  // due 07-08
  Submitted overdue = Send(D(2026, 9, 30));                     // due 10-13
  Submitted open = Send(D(2026, 10, 12));                       // due 10-19
  Submitted late = Send(D(2026, 9, 30));                        // due 10-13
  Answer(late.id, D(2026, 10, 15), false);
  Submitted on_time = Send(D(2026, 9, 30));
  Answer(on_time.id, D(2026, 10, 13), false);

  auto list = service_->Unanswered(D(2026, 10, 15), std::nullopt);
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_THAT(*list, SizeIs(3));
  // Ordered by unit: 待分办 (0) first.
  EXPECT_EQ((*list)[0].id, unrouted.id);
  EXPECT_EQ((*list)[0].unit_id, 0);
  EXPECT_TRUE((*list)[0].overdue);
  EXPECT_TRUE((*list)[0].near_three_month_line);  // 07-01 + 60 = 08-30
  EXPECT_EQ((*list)[1].id, overdue.id);
  EXPECT_TRUE((*list)[1].overdue);
  EXPECT_FALSE((*list)[1].near_three_month_line);
  EXPECT_EQ((*list)[2].id, late.id);
  EXPECT_FALSE((*list)[2].overdue);
  (void)open;

  // The due day itself is not overdue yet.
  auto on_due = service_->Unanswered(D(2026, 10, 13), unit_);
  ASSERT_TRUE(on_due.ok());
  EXPECT_THAT(*on_due, IsEmpty());
  auto unit_only = service_->Unanswered(D(2026, 10, 15), unit_);
  ASSERT_TRUE(unit_only.ok());
  EXPECT_THAT(*unit_only, SizeIs(2));
  auto none = service_->Unanswered(D(2026, 10, 15), other_unit_);
  ASSERT_TRUE(none.ok());
  EXPECT_THAT(*none, IsEmpty());

  // The staff list filters.
  Today(D(2026, 10, 15));
  auto overdue_list = service_->List(admin_, {.overdue_only = true});
  ASSERT_TRUE(overdue_list.ok());
  EXPECT_THAT(*overdue_list, SizeIs(2));
  auto near = service_->List(admin_, {.near_line_only = true});
  ASSERT_TRUE(near.ok());
  EXPECT_THAT(*near, SizeIs(1));
  auto unrouted_list =
      service_->List(admin_, {.state = MessageState::kUnrouted});
  ASSERT_TRUE(unrouted_list.ok());
  EXPECT_THAT(*unrouted_list, SizeIs(1));
  EXPECT_EQ(Get(overdue.id).timeliness, Timeliness::kOverdue);
  EXPECT_EQ(Get(open.id).timeliness, Timeliness::kPending);
}

TEST_P(MessagesTest, DeadlinesApplyToNewMessagesOnly) {
  Submitted before = Send(D(2026, 9, 30));  // 5 days: 10-13
  EXPECT_TRUE(absl::IsPermissionDenied(
      service_->SaveDeadlines(reviewer_, Deadlines{})));
  Deadlines bad;
  bad.days[MessageType::kConsult] = 0;
  bad.days[MessageType::kComplain] = 61;
  FieldErrors e = GetFieldErrors(service_->SaveDeadlines(admin_, bad));
  EXPECT_TRUE(e.count("consult"));
  EXPECT_TRUE(e.count("complain"));
  Deadlines d;
  d.days[MessageType::kConsult] = 3;
  ASSERT_TRUE(service_->SaveDeadlines(admin_, d).ok());
  auto got = service_->GetDeadlines();
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->DaysFor(MessageType::kConsult), 3);
  EXPECT_EQ(got->DaysFor(MessageType::kSuggest), 10);

  Submitted after = Send(D(2026, 9, 30));
  EXPECT_EQ(F(after.due_on), "2026-10-10");  // 10-08, 10-09, Sat 10-10
  EXPECT_EQ(F(Get(before.id).message.due_on), "2026-10-13");

  // A calendar change (10-09 made a day off) re-dates both from their own
  // number of days.
  auto override_added =
      cal_->AddOverride(admin_, "2026-10-09", /*off=*/true, "县级调休");
  ASSERT_TRUE(override_added.ok()) << override_added.status();
  EXPECT_EQ(F(Get(before.id).message.due_on), "2026-10-14");
  EXPECT_EQ(F(Get(after.id).message.due_on), "2026-10-12");
  auto direct = service_->Recompute(*cal_->calendar());
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(direct->checked, 2);
  EXPECT_EQ(direct->moved, 0);
}

INSTANTIATE_TEST_SUITE_P(Databases, MessagesTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::messages
