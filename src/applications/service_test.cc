// The applications service on SQLite and PostgreSQL: the legal clock across
// 春节 2026 (补正 restart, consultation pause, extension), transitions by
// role, masking, validation, fees, statistics, CSV entry, recomputation.
//
// Expected dates are worked out by hand from the 2026 schedule
// (holidays.md: 春节 02-15..02-23 off, 02-14 and 02-28 Saturdays worked;
// 清明 04-04..04-06 off); day 1 is the first working day after the start.
#include "applications/service.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "applications/http.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::applications {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

class ApplicationsTest : public ::testing::TestWithParam<std::string> {
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
    cal_->AddRecomputer("applications", [this](const calendar::Calendar& c) {
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

  void Today(absl::CivilDay day) {
    clock_.Set(StartOfDay(day) + absl::Hours(10));
  }

  static ApplicationInput Person() {
    return {.applicant_type = "natural_person",
            .name = "张三",
            .id_type = "resident_id",
            .id_number = "421221199003071238",
            .phone = "13812345678",
            .address = "嘉鱼县鱼岳镇人民大道1号",
            .email = "zhangsan@example.com",
            .unit = "县民政局",
            .description = "2025年度本县城乡低保资金发放情况",
            .delivery_form = "email"};
  }

  // Entered by staff, received on `day` (the fake clock moves there).
  int64_t Paper(absl::CivilDay day, ApplicationInput in = Person()) {
    Today(day);
    in.channel = "in_person";
    in.received_on = calendar::FormatDate(day);
    auto s = service_->Enter(clerk_, in);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? s->id : 0;
  }

  absl::StatusOr<Detail> Act(const Actor& who, int64_t id, Action a,
                             ActionInput in) {
    return service_->Act(who, id, a, in);
  }

  // Moves the clock to `day` and acts on that day.
  Detail Step(int64_t id, Action a, absl::CivilDay day, ActionInput in = {},
              const Actor* who = nullptr) {
    Today(day);
    in.on = calendar::FormatDate(day);
    auto d = service_->Act(who ? *who : reviewer_, id, a, in);
    EXPECT_TRUE(d.ok()) << ActionName(a) << ": " << d.status();
    return d.ok() ? *d : Detail{};
  }

  static std::string Due(const Detail& d) {
    if (!d.clock) return "no clock";
    return d.clock->due ? calendar::FormatDate(*d.clock->due) : "none";
  }

  static std::string TraceText(const Detail& d) {
    std::vector<std::string> lines;
    for (const auto& t : d.clock->trace)
      lines.push_back(absl::StrCat(calendar::FormatDate(t.day), " ", t.text));
    return absl::StrJoin(lines, "\n");
  }

  FakeClock clock_{StartOfDay(D(2026, 1, 30)) + absl::Hours(10)};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<org::Service> org_;
  std::unique_ptr<calendar::Service> cal_;
  std::unique_ptr<Service> service_;
  int64_t unit_ = 0, other_unit_ = 0;
  Actor admin_{.user_id = 1, .name = "管理员", .role = Role::kAdmin};
  Actor clerk_, reviewer_, editor_, outsider_;
};

TEST_P(ApplicationsTest, LifecycleAcrossSpringFestival2026) {
  // Friday 2026-01-30: filed online, waiting for confirmation (Art 31(三)).
  auto sub = service_->Submit(Person());
  ASSERT_TRUE(sub.ok()) << sub.status();
  EXPECT_EQ(sub->state, State::kPendingConfirmation);
  EXPECT_THAT(sub->tracking_number, ::testing::StartsWith("YSQ2026"));
  auto pending = service_->Get(clerk_, sub->id);
  ASSERT_TRUE(pending.ok());
  EXPECT_FALSE(pending->clock.has_value());  // no receipt date, no clock

  // Monday 02-02 confirmed: day 20 is 03-06 (02-14 worked, 春节 skipped).
  Detail d = Step(sub->id, Action::kReceive, D(2026, 2, 2), {}, &clerk_);
  EXPECT_EQ(d.app.state, State::kRegistered);
  EXPECT_EQ(d.app.received_on, D(2026, 2, 2));
  EXPECT_EQ(Due(d), "2026-03-06");
  EXPECT_EQ(d.correction_notice_by, D(2026, 2, 11));  // 7th working day

  // Thursday 02-05: correction notice; no due date while waiting.
  d = Step(
      sub->id, Action::kRequestCorrection, D(2026, 2, 5),
      {.deadline = "2026-02-13", .items = "请写明低保资金的具体年度和乡镇"},
      &clerk_);
  EXPECT_EQ(d.app.state, State::kCorrectionRequested);
  EXPECT_EQ(Due(d), "none");
  EXPECT_EQ(d.correction_deadline, D(2026, 2, 13));

  // Tuesday 02-10: corrected application arrives; counting restarts:
  // 02-11..14 = 1..4, 02-24..28 = 5..9, 03-02..06 = 10..14,
  // 03-09..13 = 15..19, 03-16 = 20.
  d = Step(sub->id, Action::kCorrectionReceived, D(2026, 2, 10), {}, &clerk_);
  EXPECT_EQ(d.app.state, State::kProcessing);
  EXPECT_EQ(Due(d), "2026-03-16");

  // Wednesday 02-25: the third party is asked; the clock pauses and the
  // third party's own 15 working days end on 03-17.
  d = Step(sub->id, Action::kStartConsultation, D(2026, 2, 25),
           {.party = "third_party", .party_name = "嘉鱼县某某养老服务公司"});
  EXPECT_EQ(d.app.state, State::kConsulting);
  EXPECT_EQ(Due(d), "none");
  EXPECT_EQ(d.third_party_due, D(2026, 3, 17));

  // An answer dated before the request is refused.
  Today(D(2026, 3, 4));
  auto early = Act(reviewer_, sub->id, Action::kEndConsultation,
                   {.on = "2026-02-24", .outcome = "agree"});
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(GetFieldErrors(early.status()).at("on"),
              HasSubstr("早于上一个事件（征求意见，2026-02-25）"));

  // Wednesday 03-04: the answer arrives. 02-25..03-04 (7 working days) are
  // not counted: 02-11..14, 02-24 = 1..5, 03-05..06 = 6..7,
  // 03-09..13 = 8..12, 03-16..20 = 13..17, 03-23..25 = 18..20.
  d = Step(sub->id, Action::kEndConsultation, D(2026, 3, 4),
           {.outcome = "agree"});
  EXPECT_EQ(d.app.state, State::kProcessing);
  EXPECT_EQ(Due(d), "2026-03-25");

  // Friday 03-20: an extension over 20 working days is refused; 10 with the
  // approver: 03-26..27, 03-30..04-03 = 21..27, 清明 04-04..06 off,
  // 04-07..09 = 28..30.
  Today(D(2026, 3, 20));
  auto too_long =
      Act(reviewer_, sub->id, Action::kExtend,
          {.on = "2026-03-20", .days = "21", .approver = "县民政局办公室主任"});
  ASSERT_FALSE(too_long.ok());
  EXPECT_THAT(GetFieldErrors(too_long.status()).at("days"),
              HasSubstr("最长不超过20个工作日"));
  auto no_approver = Act(reviewer_, sub->id, Action::kExtend,
                         {.on = "2026-03-20", .days = "10"});
  EXPECT_THAT(GetFieldErrors(no_approver.status()).at("approver"),
              HasSubstr("负责人"));
  d = Step(sub->id, Action::kExtend, D(2026, 3, 20),
           {.days = "10",
            .approver = "县民政局办公室主任",
            .reason = "涉及多个乡镇数据汇总"});
  EXPECT_EQ(d.app.state, State::kExtended);
  EXPECT_EQ(Due(d), "2026-04-09");
  EXPECT_EQ(d.clock->original_due, D(2026, 3, 25));
  EXPECT_EQ(d.extended_days, 10);
  // A second extension may not take the total past 20.
  auto more = Act(reviewer_, sub->id, Action::kExtend,
                  {.on = "2026-03-20", .days = "11", .approver = "主任"});
  EXPECT_THAT(GetFieldErrors(more.status()).at("days"),
              HasSubstr("已延长10个工作日，本次11个工作日"));

  // The trace says why, in words.
  const std::string trace = TraceText(d);
  EXPECT_THAT(trace, HasSubstr("春节"));
  EXPECT_THAT(trace, HasSubstr("收到补正后的申请"));
  EXPECT_THAT(trace, HasSubstr("征求第三方意见"));
  EXPECT_THAT(trace, HasSubstr("清明节"));
  EXPECT_THAT(
      TraceInWords(*d.clock),
      ::testing::IsSupersetOf({"2026-02-11 至 2026-02-14：第1–4个工作日",
                               "2026-02-15 至 2026-02-23：春节（不计入）",
                               "2026-03-23 至 2026-03-25：第18–20个工作日",
                               "2026-04-04 至 2026-04-06：清明节（不计入）"}));

  // Wednesday 04-08: replied, one day early; the clock stops on time.
  d = Step(sub->id, Action::kReply, D(2026, 4, 8),
           {.type = "disclosed",
            .text = "见附件《2025年度城乡低保资金发放情况表》"});
  EXPECT_EQ(d.app.state, State::kReplied);
  EXPECT_EQ(d.clock->state, calendar::ClockState::kStopped);
  EXPECT_EQ(d.clock->on_time, true);
  EXPECT_EQ(Due(d), "2026-04-09");
  d = Step(sub->id, Action::kDeliver, D(2026, 4, 8), {.method = "电子邮件"});
  d = Step(sub->id, Action::kArchive, D(2026, 4, 9));
  EXPECT_EQ(d.app.state, State::kArchived);

  // The applicant sees the reply with the query code; personal data masked.
  auto status = service_->Status(sub->tracking_number, sub->query_code);
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(status->app.reply_type, ReplyType::kDisclosed);
  EXPECT_EQ(status->app.applicant.id_number, "421***********1238");
  // Every step was audited.
  auto audited = db_->Query(
      "SELECT COUNT(*) FROM audit_log WHERE entity = 'application' AND "
      "entity_id = ?",
      {absl::StrCat(sub->id)});
  ASSERT_TRUE(audited.ok()) << audited.status();
  EXPECT_EQ(audited->rows[0].Int(0), 10);  // submit + 9 steps
}

TEST_P(ApplicationsTest, CorrectionNoticeOnlyWithinSevenWorkingDaysAndOnce) {
  int64_t id = Paper(D(2026, 2, 2));
  Today(D(2026, 2, 12));
  auto late = Act(clerk_, id, Action::kRequestCorrection,
                  {.on = "2026-02-12", .deadline = "2026-02-27", .items = "x"});
  ASSERT_FALSE(late.ok());
  EXPECT_THAT(GetFieldErrors(late.status()).at("on"),
              HasSubstr("7个工作日内（即2026-02-11前）"));
  auto ok = Act(clerk_, id, Action::kRequestCorrection,
                {.on = "2026-02-11", .deadline = "2026-02-27", .items = "x"});
  ASSERT_TRUE(ok.ok()) << ok.status();
  // Not yet lapsed on the deadline itself; ends as 逾期未补正 after it.
  Today(D(2026, 2, 27));
  auto not_yet =
      Act(clerk_, id, Action::kCorrectionLapsed, {.on = "2026-02-27"});
  EXPECT_THAT(GetFieldErrors(not_yet.status()).at("on"),
              HasSubstr("补正期限为2026-02-27"));
  Detail d = Step(id, Action::kCorrectionLapsed, D(2026, 3, 2), {}, &clerk_);
  EXPECT_EQ(d.app.state, State::kLapsedCorrection);
  EXPECT_EQ(d.app.concluded_on, D(2026, 3, 2));
  EXPECT_EQ(d.clock->state, calendar::ClockState::kStopped);
}

TEST_P(ApplicationsTest, IllegalTransitionsAreRefusedInChinese) {
  Today(D(2026, 3, 2));
  auto online = service_->Submit(Person());
  ASSERT_TRUE(online.ok());
  int64_t replied = Paper(D(2026, 3, 2));
  Step(replied, Action::kReply, D(2026, 3, 3), {.type = "disclosed"});
  int64_t correcting = Paper(D(2026, 3, 3));
  Step(correcting, Action::kRequestCorrection, D(2026, 3, 3),
       {.deadline = "2026-03-10", .items = "x"});
  struct Case {
    int64_t id;
    Action action;
    const char* message;
  } cases[] = {
      {online->id, Action::kReply, "申请当前为「待确认」，不能答复"},
      {online->id, Action::kExtend, "请先确认收到申请"},
      {replied, Action::kExtend, "申请当前为「已答复」，不能延长答复期限"},
      {replied, Action::kRequestCorrection, "不能补正告知"},
      {replied, Action::kReceive, "不能确认收到"},
      {correcting, Action::kReply, "请先登记收到补正"},
      {correcting, Action::kStartConsultation, "申请当前为「待补正」"},
  };
  for (const Case& c : cases) {
    auto r = Act(reviewer_, c.id, c.action,
                 {.on = "2026-03-03",
                  .days = "5",
                  .approver = "主任",
                  .type = "disclosed"});
    ASSERT_FALSE(r.ok()) << ActionName(c.action);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition)
        << ActionName(c.action) << r.status();
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(c.message));
  }
}

TEST_P(ApplicationsTest, RolesAndUnitsDecideWhoMayAct) {
  int64_t id = Paper(D(2026, 3, 2));
  Today(D(2026, 3, 3));
  struct Case {
    const Actor* who;
    Action action;
    absl::StatusCode code;
  } cases[] = {
      {&outsider_, Action::kProcess, absl::StatusCode::kNotFound},
      {&clerk_, Action::kReply, absl::StatusCode::kPermissionDenied},
      {&editor_, Action::kExtend, absl::StatusCode::kPermissionDenied},
      {&clerk_, Action::kExtend, absl::StatusCode::kPermissionDenied},
      {&editor_, Action::kProcess, absl::StatusCode::kOk},
      {&reviewer_, Action::kExtend, absl::StatusCode::kOk},
      {&admin_, Action::kReply, absl::StatusCode::kOk},
  };
  for (const Case& c : cases) {
    auto r = Act(*c.who, id, c.action,
                 {.on = "2026-03-03",
                  .days = "5",
                  .approver = "主任",
                  .type = "partial"});
    EXPECT_EQ(r.status().code(), c.code)
        << c.who->name << " " << ActionName(c.action) << " " << r.status();
  }
  Actor public_user{.name = "visitor", .role = Role::kPublic};
  EXPECT_FALSE(service_->Get(public_user, id).ok());
}

TEST_P(ApplicationsTest, PersonalDataOnlyForTheUnitAskedAndTheCountyOffice) {
  int64_t id = Paper(D(2026, 3, 2));
  for (const Actor* who : {&clerk_, &admin_}) {
    auto d = service_->Get(*who, id);
    ASSERT_TRUE(d.ok()) << d.status();
    EXPECT_TRUE(d->personal_data_visible) << who->name;
    EXPECT_EQ(d->app.applicant.id_number, "421221199003071238") << who->name;
    EXPECT_EQ(d->app.applicant.phone, "13812345678") << who->name;
  }
}

// Issue 12, finding 5: staff of another unit (a clerk included) and staff
// without a unit neither list nor read nor act on an application; they get
// what an id that does not exist gets.
TEST_P(ApplicationsTest, OtherUnitsApplicationsAreNotFound) {
  ApplicationInput in = Person();
  in.name = "欧阳申请人";
  int64_t id = Paper(D(2026, 3, 2), in);
  Step(id, Action::kReply, D(2026, 3, 3), {.type = "disclosed"});
  Actor other_clerk{.user_id = 6,
                    .name = "教育局办事员",
                    .role = Role::kClerk,
                    .unit_id = other_unit_};
  Actor no_unit{.user_id = 7, .name = "村办事员", .role = Role::kClerk};
  Actor visitor{.user_id = 8, .name = "访客", .role = Role::kPublic};
  const absl::Status missing = service_->Get(admin_, id + 1000).status();
  ASSERT_EQ(missing.code(), absl::StatusCode::kNotFound);
  for (const Actor* who : {&outsider_, &other_clerk, &no_unit, &visitor}) {
    SCOPED_TRACE(who->name);
    auto got = service_->Get(*who, id);
    EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound);
    EXPECT_EQ(got.status().message(), absl::StrCat("申请 ", id, " 不存在"));
    auto acted = Act(*who, id, Action::kArchive, {.on = "2026-03-03"});
    EXPECT_EQ(acted.status().code(), absl::StatusCode::kNotFound);
    EXPECT_EQ(acted.status().message(), got.status().message());
    EXPECT_EQ(service_->Attach(*who, id, "x.pdf", "%PDF-1.4\n%%EOF\n").code(),
              absl::StatusCode::kNotFound);
    EXPECT_EQ(service_->GetAttachment(*who, id, 1).status().code(),
              absl::StatusCode::kNotFound);
    if (who == &visitor) continue;  // not staff: no list at all
    for (const ListFilter& f :
         {ListFilter{}, ListFilter{.unit = "县民政局"},
          ListFilter{.tracking_number = absl::StrFormat("YSQ2026%06d", id)}}) {
      auto listed = service_->List(*who, f);
      ASSERT_TRUE(listed.ok()) << listed.status();
      EXPECT_TRUE(listed->empty());
    }
  }
  // Nothing changed; the unit asked and the county office still see it.
  for (const Actor* who : {&clerk_, &admin_}) {
    auto d = service_->Get(*who, id);
    ASSERT_TRUE(d.ok()) << who->name << " " << d.status();
    EXPECT_EQ(d->app.state, State::kReplied);
    EXPECT_EQ(d->app.applicant.name, "欧阳申请人");
    auto listed = service_->List(*who, {});
    ASSERT_TRUE(listed.ok());
    ASSERT_EQ(listed->size(), 1u) << who->name;
  }
}

// Issue 18: a reply and its attachments are scanned before they reach the
// applicant. Their own ID number, phone and e-mail are fine; a third
// party's data holds the reply (naming kind and place, masked) unless a
// reason is given, which the audit log keeps (masked findings only).
std::string NamesXlsx(
    const std::vector<std::pair<std::string, std::string>>& rows) {
  const std::string path =
      (std::filesystem::temp_directory_path() /
       absl::StrCat("zwgk-apps-privacy-", ::getpid(), ".xlsx"))
          .string();
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "名单");
  worksheet_write_string(ws, 0, 0, "姓名", nullptr);
  worksheet_write_string(ws, 0, 1, "号码", nullptr);
  for (size_t i = 0; i < rows.size(); ++i) {
    worksheet_write_string(ws, i + 1, 0, rows[i].first.c_str(), nullptr);
    worksheet_write_string(ws, i + 1, 1, rows[i].second.c_str(), nullptr);
  }
  EXPECT_EQ(workbook_close(wb), LXW_NO_ERROR);
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::filesystem::remove(path);
  return ss.str();
}

TEST_P(ApplicationsTest, RepliesWithAThirdPartysPersonalDataAreHeld) {
  constexpr char kOther[] = "421122199001011232";  // 李四's, valid
  constexpr char kOtherMobile[] = "15907151234";
  // The applicant's own phone in the reply text: fine.
  int64_t own = Paper(D(2026, 3, 2));
  Step(
      own, Action::kReply, D(2026, 3, 3),
      {.type = "disclosed", .text = "已按您留的电话13812345678告知领取方式。"});

  // A third party's ID number in the reply text: held, named, masked.
  int64_t other = Paper(D(2026, 3, 2));
  Today(D(2026, 3, 3));
  auto held = Act(reviewer_, other, Action::kReply,
                  {.on = "2026-03-03",
                   .type = "disclosed",
                   .text = absl::StrCat("李四（身份证", kOther, "）已领取。")});
  ASSERT_EQ(held.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string why = GetFieldErrors(held.status())["privacy_reason"];
  EXPECT_THAT(why, HasSubstr("答复内容"));
  EXPECT_THAT(why, HasSubstr("身份证号码"));
  EXPECT_THAT(why, HasSubstr("421***********1232"));
  EXPECT_THAT(why, Not(HasSubstr(kOther)));
  EXPECT_FALSE(service_->Get(reviewer_, other)->app.reply_type.has_value())
      << "nothing was replied";

  // Attachments at delivery: the applicant's own data passes, a third
  // party's mobile (名单!B3) holds the delivery.
  ASSERT_TRUE(service_
                  ->Attach(reviewer_, own, "本人.xlsx",
                           NamesXlsx({{"张三", "421221199003071238"}}))
                  .ok());
  ASSERT_TRUE(
      service_
          ->Attach(reviewer_, own, "名单.xlsx",
                   NamesXlsx({{"张三", "13812345678"}, {"李四", kOtherMobile}}))
          .ok());
  auto deliver = Act(reviewer_, own, Action::kDeliver,
                     {.on = "2026-03-03", .method = "电子邮件"});
  ASSERT_EQ(deliver.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string named = GetFieldErrors(deliver.status())["privacy_reason"];
  EXPECT_THAT(named, HasSubstr("名单.xlsx 名单!B3 手机号码"));
  EXPECT_THAT(named, HasSubstr("159****1234"));
  EXPECT_THAT(named, Not(HasSubstr("本人.xlsx")));    // own ID number
  EXPECT_THAT(named, Not(HasSubstr("138****5678")));  // own phone
  EXPECT_THAT(named, Not(HasSubstr(kOtherMobile)));

  // With the handler's reason it goes, and the audit log keeps the reason
  // and the masked findings, never the number.
  auto sent = Act(reviewer_, own, Action::kDeliver,
                  {.on = "2026-03-03",
                   .method = "电子邮件",
                   .privacy_reason = "李四已书面同意向申请人提供"});
  ASSERT_TRUE(sent.ok()) << sent.status();
  auto rows = db_->Query(
      "SELECT after_json FROM audit_log WHERE action = 'application.deliver'");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->rows.size(), 1u);
  const std::string after = rows->rows[0].Text(0);
  EXPECT_THAT(after, HasSubstr("李四已书面同意向申请人提供"));
  EXPECT_THAT(after, HasSubstr("159****1234"));
  EXPECT_THAT(after, Not(HasSubstr(kOtherMobile)));
}

// Table 三 as each unit's annual report needs it: a unit's staff get their
// own unit (asked for nothing or for it), never another unit's or the
// county's; the county office gets any.
TEST_P(ApplicationsTest, StatisticsOfOtherUnitsAreNotFound) {
  Paper(D(2026, 3, 2));  // 县民政局
  ApplicationInput edu = Person();
  edu.unit = "县教育局";
  edu.channel = "in_person";
  edu.received_on = "2026-03-02";
  ASSERT_TRUE(service_->Enter(admin_, edu).ok());
  ASSERT_TRUE(service_->Enter(admin_, edu).ok());
  const Actor no_unit{.user_id = 7, .name = "村办事员", .role = Role::kClerk};
  struct Case {
    const Actor* who;
    std::optional<int64_t> asked;
    absl::StatusCode code;
    std::optional<int64_t> counted;  // the unit of the table
    int64_t received;
  } cases[] = {
      {&admin_, std::nullopt, absl::StatusCode::kOk, std::nullopt, 3},
      {&admin_, unit_, absl::StatusCode::kOk, unit_, 1},
      {&admin_, other_unit_, absl::StatusCode::kOk, other_unit_, 2},
      {&clerk_, std::nullopt, absl::StatusCode::kOk, unit_, 1},
      {&clerk_, unit_, absl::StatusCode::kOk, unit_, 1},
      {&outsider_, std::nullopt, absl::StatusCode::kOk, other_unit_, 2},
      {&clerk_, other_unit_, absl::StatusCode::kNotFound, std::nullopt, 0},
      {&outsider_, unit_, absl::StatusCode::kNotFound, std::nullopt, 0},
      {&no_unit, std::nullopt, absl::StatusCode::kNotFound, std::nullopt, 0},
  };
  for (const Case& c : cases) {
    auto t = service_->Statistics(*c.who, 2026, c.asked);
    ASSERT_EQ(t.status().code(), c.code) << c.who->name << " " << t.status();
    if (!t.ok()) continue;
    EXPECT_EQ(t->unit_id, c.counted) << c.who->name;
    EXPECT_EQ(t->new_received[6], c.received) << c.who->name;
  }
}

// Issue 12, finding 7: "this is what I need" counts once per offer; made-up,
// replayed and expired tokens count nothing.
TEST_P(ApplicationsTest, SelfServedCountsOncePerOffer) {
  Today(D(2026, 3, 2));
  auto token = service_->OfferSelfService("县民政局", "低保资金");
  ASSERT_TRUE(token.ok()) << token.status();
  auto stale = service_->OfferSelfService("", "养老");
  ASSERT_TRUE(stale.ok());
  struct Case {
    std::string token;
    bool counted;
  } cases[] = {
      {"", false},
      {"javascript:alert(1)", false},
      {std::string(32, '0'), false},  // well-formed, never issued
      {*token, true},
      {*token, false},  // replayed
  };
  for (const Case& c : cases) {
    auto r = service_->RecordSelfServed(c.token, "77");
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(*r, c.counted) << c.token;
  }
  clock_.Advance(absl::Hours(25));  // past the offer's 24 hours
  auto late = service_->RecordSelfServed(*stale, "78");
  ASSERT_TRUE(late.ok());
  EXPECT_FALSE(*late);
  // The count keeps the unit of the offer, not of the post.
  auto county = service_->Statistics(admin_, 2026, std::nullopt);
  auto civil = service_->Statistics(admin_, 2026, unit_);
  ASSERT_TRUE(county.ok() && civil.ok());
  EXPECT_EQ(county->self_served, 1);
  EXPECT_EQ(civil->self_served, 1);
}

TEST_P(ApplicationsTest, ValidationNamesTheFieldAndTheReason) {
  struct Case {
    std::function<void(ApplicationInput&)> change;
    const char* field;
    const char* message;
  } cases[] = {
      {[](ApplicationInput& in) { in.id_number = "421221199003071237"; },
       "id_number", "第18位应为8，实际为7"},
      {[](ApplicationInput& in) { in.id_number = "42122119900307"; },
       "id_number", "应为18位"},
      {[](ApplicationInput& in) {
         in.id_type = "passport";
         in.id_number = "E12345678";
         in.phone = "abc";
       },
       "phone", "7–20位数字"},
      {[](ApplicationInput& in) {
         in.applicant_type = "organization";
         in.category = "商业企业";
         in.credit_code = "91350100M000100Y44";
         in.legal_representative = "王五";
         in.contact = "赵六";
       },
       "credit_code", "第18位应为3，实际为4"},
      {[](ApplicationInput& in) {
         in.applicant_type = "organization";
         in.credit_code = "91350100M000100Y43";
         in.legal_representative = "王五";
         in.contact = "赵六";
       },
       "category", "请选择单位类别"},
      {[](ApplicationInput& in) { in.unit = "县不存在局"; }, "unit",
       "没有名为“县不存在局”的机关"},
      {[](ApplicationInput& in) { in.email = ""; }, "email",
       "选择以电子邮件获取时须填写电子邮箱"},
      {[](ApplicationInput& in) { in.description = std::string(2001, 'x'); },
       "description", "最多2000个字"},
      {[](ApplicationInput& in) { in.delivery_form = "传真"; }, "delivery_form",
       "纸质、电子邮件、光盘或现场查阅"},
  };
  for (const Case& c : cases) {
    ApplicationInput in = Person();
    c.change(in);
    auto r = service_->Submit(in);
    ASSERT_FALSE(r.ok()) << c.field;
    FieldErrors fields = GetFieldErrors(r.status());
    ASSERT_TRUE(fields.contains(c.field)) << c.field << " " << r.status();
    EXPECT_THAT(fields.at(c.field), HasSubstr(c.message));
  }
  ApplicationInput org = Person();
  org.applicant_type = "organization";
  org.name = "嘉鱼县某律师事务所";
  org.category = "legal_service";
  org.credit_code = "91350100M000100Y43";
  org.legal_representative = "王五";
  org.contact = "赵六";
  EXPECT_TRUE(service_->Submit(org).ok());
}

TEST_P(ApplicationsTest, StatusAnswersOnlyTheRightCodeWithoutAHint) {
  auto sub = service_->Submit(Person());
  ASSERT_TRUE(sub.ok());
  auto ok = service_->Status(sub->tracking_number, sub->query_code);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->app.state, State::kPendingConfirmation);
  auto wrong = service_->Status(sub->tracking_number, "AAAAAAAAAAAA");
  auto unknown = service_->Status("YSQ2026999999", sub->query_code);
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(wrong.status(), unknown.status());
}

TEST_P(ApplicationsTest, FeePerApplicationCountsTheApplicantsMonth) {
  // Ten applications in March are free; the eleventh costs 100 元.
  std::vector<int64_t> ids;
  for (int i = 0; i < 11; ++i) ids.push_back(Paper(D(2026, 3, 2)));
  auto tenth = service_->QuoteFee(ids[9], FeeMode::kPerApplication, 0);
  ASSERT_TRUE(tenth.ok()) << tenth.status();
  EXPECT_EQ(tenth->amount_yuan, 0);
  Today(D(2026, 3, 3));
  auto free = Act(clerk_, ids[9], Action::kFeeNotice,
                  {.on = "2026-03-03", .fee_mode = "per_application"});
  EXPECT_THAT(GetFieldErrors(free.status()).at("fee_mode"), HasSubstr("免费"));
  Detail d = Step(ids[10], Action::kFeeNotice, D(2026, 3, 3),
                  {.fee_mode = "per_application"}, &clerk_);
  EXPECT_EQ(d.app.state, State::kFeePending);
  ASSERT_TRUE(d.fee.has_value());
  EXPECT_EQ(d.fee->amount_yuan, 100);
  EXPECT_THAT(d.fee->working, ::testing::Contains(HasSubstr("本自然月第11件")));
  // 20 working days from the day after the notice: 03-31.
  EXPECT_EQ(d.fee_pay_by, D(2026, 3, 31));
  EXPECT_EQ(Due(d), "none");  // paused while waiting for payment
  Today(D(2026, 3, 31));
  auto early = Act(clerk_, ids[10], Action::kFeeLapsed, {.on = "2026-03-31"});
  EXPECT_FALSE(early.ok());
  d = Step(ids[10], Action::kFeeLapsed, D(2026, 4, 1), {}, &clerk_);
  EXPECT_EQ(d.app.state, State::kLapsedFee);
}

TEST_P(ApplicationsTest, FeePaidResumesTheClockWithoutTheWait) {
  int64_t id = Paper(D(2026, 3, 2));
  Detail d = Step(id, Action::kFeeNotice, D(2026, 3, 3),
                  {.fee_mode = "per_page", .pages = "120"}, &clerk_);
  EXPECT_EQ(d.fee->amount_yuan, 1100);  // 70×10 + 20×20
  // Paid 03-06: 03-03..06 are not counted, so 03-09..13 = 1..5,
  // 03-16..20 = 6..10, 03-23..27 = 11..15, 03-30..04-03 = 16..20.
  d = Step(id, Action::kFeePaid, D(2026, 3, 6), {}, &clerk_);
  EXPECT_EQ(d.app.state, State::kProcessing);
  EXPECT_EQ(Due(d), "2026-04-03");
}

TEST_P(ApplicationsTest, CalendarChangeMovesOpenDueDates) {
  int64_t id = Paper(D(2026, 3, 2));
  auto before = service_->Get(clerk_, id);
  EXPECT_EQ(Due(*before), "2026-03-30");  // 03-03..27 = 1..19, 03-30 = 20
  Today(D(2026, 3, 5));
  auto moved =
      cal_->AddOverride(admin_, "2026-03-10", /*off=*/true, "防汛抢险停止办公");
  ASSERT_TRUE(moved.ok()) << moved.status();
  auto after = service_->Get(clerk_, id);
  EXPECT_EQ(Due(*after), "2026-03-31");
  EXPECT_EQ(after->app.due_on, D(2026, 3, 31));  // the cache followed
}

TEST_P(ApplicationsTest, CsvEntryIsAllOrNothingWithRowAndColumn) {
  Today(D(2026, 3, 2));
  const std::string header =
      "name,id_number,phone,address,unit,description,delivery_form,channel,"
      "received_on\n";
  const std::string good =
      "张三,421221199003071238,13812345678,鱼岳镇,县民政局,低保名单,纸质,"
      "registered_mail,2026-02-27\n";
  const std::string bad =
      "李四,421221199003071237,13812345678,鱼岳镇,县民政局,低保名单,纸质,"
      "in_person,2026-03-09\n";
  auto r = service_->ImportCsv(clerk_, header + good + bad);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->created.empty());
  ASSERT_EQ(r->errors.size(), 2u);
  EXPECT_EQ(r->errors[0].row, 2);
  EXPECT_EQ(r->errors[0].column, "id_number");
  EXPECT_EQ(r->errors[1].column, "received_on");
  EXPECT_TRUE(service_->List(clerk_, {})->empty());
  r = service_->ImportCsv(clerk_, header + good + good);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->created.size(), 2u);
  auto listed = service_->List(clerk_, {});
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].app.channel, Channel::kRegisteredMail);
  EXPECT_EQ((*listed)[0].app.received_on, D(2026, 2, 27));
}

TEST_P(ApplicationsTest, DueSoonAndOverdueListsPerUnit) {
  int64_t old = Paper(D(2026, 3, 2));     // due 03-30
  int64_t fresh = Paper(D(2026, 3, 25));  // due 04-23 (清明 skipped)
  Today(D(2026, 3, 26));
  auto soon = service_->List(clerk_, {.unit = "县民政局", .due = "due_soon"});
  ASSERT_TRUE(soon.ok()) << soon.status();
  ASSERT_EQ(soon->size(), 1u);  // 03-27 and 03-30 remain
  EXPECT_EQ((*soon)[0].app.id, old);
  Today(D(2026, 3, 31));
  auto overdue = service_->List(clerk_, {.unit = "县民政局", .due = "overdue"});
  ASSERT_EQ(overdue->size(), 1u);
  EXPECT_EQ((*overdue)[0].app.id, old);
  EXPECT_EQ((*overdue)[0].clock->overdue_by, 1);
  auto other = service_->List(clerk_, {.unit = "县教育局", .due = "overdue"});
  EXPECT_TRUE(other->empty());
  (void)fresh;
}

// A generated 2024–2026 caseload: every application received by the end of
// 2025 is in exactly one of 一/二 and one of 三/四, so the check rule holds;
// the expected counts come from the generator, not from the code under test.
TEST_P(ApplicationsTest, Table3ForAGeneratedYearSatisfiesTheCheckRule) {
  Today(D(2026, 3, 31));
  uint32_t seed = 20250101;
  auto next = [&](uint32_t n) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % n;
  };
  const char* codes[] = {"91350100M000100Y43", "91420000177570439L",
                         "12421221011234567R"};
  const char* categories[] = {"commercial", "research", "public_interest",
                              "legal_service", "other"};
  const char* grounds[] = {"state_secret", "third_party",    "process_info",
                           "not_held",     "needs_creation", "repeated",
                           "excessive",    "confirmation"};
  int64_t new_2025 = 0, carried_in = 0, concluded_2025 = 0, carried_out = 0;
  int64_t persons_2025 = 0;
  for (int i = 0; i < 48; ++i) {
    const absl::CivilDay received = D(2024, 11, 1) + next(480);  // ..2026-02
    ApplicationInput in = Person();
    const bool person = next(3) == 0;
    if (!person) {
      in.applicant_type = "organization";
      in.name = absl::StrCat("单位", i);
      in.category = categories[next(5)];
      in.credit_code = codes[next(3)];
      in.legal_representative = "法人";
      in.contact = "联系人";
    }
    if (next(4) == 0) in.unit = "县教育局";
    in.channel = "in_person";
    in.received_on = calendar::FormatDate(received);
    Actor staff = admin_;
    auto s = service_->Enter(staff, in);
    ASSERT_TRUE(s.ok()) << s.status();
    std::optional<absl::CivilDay> end;
    const uint32_t outcome = next(6);
    const absl::CivilDay on = received + 1 + next(50);
    std::string day = calendar::FormatDate(on);
    absl::Status r;
    if (outcome == 0 || on > D(2026, 3, 31)) {
      // still open
    } else if (outcome == 1) {
      r = service_->Act(staff, s->id, Action::kWithdraw, {.on = day}).status();
      end = on;
    } else if (outcome == 2) {
      ASSERT_TRUE(service_
                      ->Act(staff, s->id, Action::kRequestCorrection,
                            {.on = in.received_on,
                             .deadline = calendar::FormatDate(received + 1),
                             .items = "补正"})
                      .ok());
      const absl::CivilDay lapse = received + 2 + next(40);
      if (lapse <= D(2026, 3, 31)) {
        r = service_
                ->Act(staff, s->id, Action::kCorrectionLapsed,
                      {.on = calendar::FormatDate(lapse)})
                .status();
        end = lapse;
      }
    } else if (outcome == 3) {
      r = service_
              ->Act(staff, s->id, Action::kReply,
                    {.on = day, .ground = grounds[next(8)]})
              .status();
      end = on;
    } else {
      r = service_
              ->Act(staff, s->id, Action::kReply,
                    {.on = day, .type = outcome == 4 ? "disclosed" : "partial"})
              .status();
      end = on;
    }
    ASSERT_TRUE(r.ok()) << r;
    if (received > D(2025, 12, 31)) continue;
    if (end && *end < D(2025, 1, 1)) continue;
    if (received >= D(2025, 1, 1)) {
      ++new_2025;
      if (person) ++persons_2025;
    } else {
      ++carried_in;
    }
    if (end && *end <= D(2025, 12, 31)) {
      ++concluded_2025;
    } else {
      ++carried_out;
    }
  }
  auto t = service_->Statistics(admin_, 2025, std::nullopt);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_TRUE(t->Balanced());
  EXPECT_EQ(t->new_received[6], new_2025);
  EXPECT_EQ(t->new_received[0], persons_2025);
  EXPECT_EQ(t->carried_in[6], carried_in);
  EXPECT_EQ(t->concluded[6], concluded_2025);
  EXPECT_EQ(t->carried_out[6], carried_out);
  EXPECT_GT(carried_in, 0);
  EXPECT_GT(carried_out, 0);
  // Rows add up to (七) in every column.
  for (int c = 0; c < Table3::kColumns; ++c) {
    int64_t sum = 0;
    for (const auto& row : t->results) sum += row[c];
    EXPECT_EQ(sum, t->concluded[c]) << c;
  }
  // Per unit, too; the two units make up the county.
  auto a = service_->Statistics(admin_, 2025, unit_);
  auto b = service_->Statistics(admin_, 2025, other_unit_);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(a->Balanced());
  EXPECT_TRUE(b->Balanced());
  EXPECT_EQ(a->new_received[6] + b->new_received[6], new_2025);
  // The next year starts with what 2025 carried out.
  auto next_year = service_->Statistics(admin_, 2026, std::nullopt);
  EXPECT_EQ(next_year->carried_in, t->carried_out);
}

TEST_P(ApplicationsTest, FeesCountPerApplicantPerUnitPerMonth) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 10; ++i) ids.push_back(Paper(D(2026, 3, 2)));
  ApplicationInput elsewhere = Person();
  elsewhere.unit = "县教育局";
  Today(D(2026, 3, 2));
  elsewhere.channel = "in_person";
  elsewhere.received_on = "2026-03-02";
  auto edu = service_->Enter(admin_, elsewhere);
  ASSERT_TRUE(edu.ok()) << edu.status();
  int64_t april = Paper(D(2026, 4, 1));
  int64_t eleventh = Paper(D(2026, 3, 2));
  Today(D(2026, 4, 1));
  struct Case {
    int64_t id;
    int64_t amount;
  } cases[] = {{ids[9], 0}, {edu->id, 0}, {april, 0}, {eleventh, 100}};
  for (const Case& c : cases) {
    auto q = service_->QuoteFee(c.id, FeeMode::kPerApplication, 0);
    ASSERT_TRUE(q.ok()) << q.status();
    EXPECT_EQ(q->amount_yuan, c.amount) << c.id;
  }
}

TEST_P(ApplicationsTest, ThirdPartySilenceOnlyAfterItsFifteenDays) {
  int64_t id = Paper(D(2026, 3, 2));
  Step(id, Action::kStartConsultation, D(2026, 3, 3),
       {.party = "agency", .party_name = "县财政局"});
  Today(D(2026, 3, 24));  // the 15th working day after 03-03
  auto early = Act(reviewer_, id, Action::kEndConsultation,
                   {.on = "2026-03-24", .outcome = "no_reply"});
  EXPECT_THAT(GetFieldErrors(early.status()).at("outcome"),
              HasSubstr("第三方答复期限为2026-03-24"));
  Detail d = Step(id, Action::kEndConsultation, D(2026, 3, 25),
                  {.outcome = "no_reply"});
  EXPECT_EQ(d.app.state, State::kProcessing);
  // 03-03..03-25 paused: counting starts 03-26 (清明 04-04..06 off):
  // 03-26..27 = 1..2, 03-30..04-03 = 3..7, 04-07..10 = 8..11,
  // 04-13..17 = 12..16, 04-20..23 = 17..20.
  EXPECT_EQ(Due(d), "2026-04-23");
  EXPECT_THAT(TraceText(d), HasSubstr("征求其他机关意见"));
}

TEST(ClockEventsTest, FeeWaitCountsWhenConfiguredSo) {
  auto ev = [](const char* kind, absl::CivilDay on) {
    return Event{.kind = kind, .on = on};
  };
  std::vector<Event> log = {ev("receive", D(2026, 3, 2)),
                            ev("fee-notice", D(2026, 3, 3)),
                            ev("fee-paid", D(2026, 3, 6))};
  EXPECT_EQ(ClockEventsFor(log, {}).size(), 2u);  // start + pause
  EXPECT_EQ(ClockEventsFor(log, {.fee_pauses_clock = false}).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Db, ApplicationsTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::applications
