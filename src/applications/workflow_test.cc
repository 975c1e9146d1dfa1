// The workflow rules and the reply clock without a database: which action
// may start from which state, who may take it, what each step checks and
// changes, and the due date an event log gives.
//
// Expected dates are worked out by hand from the 2026 schedule (春节
// 02-15..02-23 off, 02-14 and 02-28 Saturdays worked; 清明 04-04..04-06
// off); day 1 is the first working day after the start.
#include "applications/workflow.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "applications/service.h"
#include "calendar/test_util.h"
#include "core/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::applications {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

const calendar::Calendar& National() {
  static const auto* cal =
      new calendar::Calendar(calendar::testing::NationalCalendar());
  return *cal;
}

Event Ev(Action a, absl::CivilDay on, nlohmann::json data = {}) {
  return Event{.kind = std::string(ActionName(a)),
               .on = on,
               .data = data.is_null() ? nlohmann::json::object() : data};
}

// `role` by its stored name; anything else is the public.
Actor Staff(const char* role, std::optional<int64_t> unit) {
  return Actor{.user_id = 1,
               .name = "测试",
               .role = ParseRole(role).value_or(Role::kPublic),
               .unit_id = unit};
}

// ---------------------------------------------------------------------------
// Actions and states.

TEST(WorkflowTest, ActionNamesRoundTripAndAreUnique) {
  std::set<std::string> names, labels;
  for (Action a : kAllActions) {
    EXPECT_EQ(ParseAction(ActionName(a)), a) << ActionName(a);
    EXPECT_FALSE(ActionLabel(a).empty());
    names.insert(std::string(ActionName(a)));
    labels.insert(std::string(ActionLabel(a)));
  }
  EXPECT_EQ(names.size(), kAllActions.size());
  EXPECT_EQ(labels.size(), kAllActions.size());
  EXPECT_EQ(ParseAction("correction-request"), Action::kRequestCorrection);
  EXPECT_EQ(ParseAction("submitted"), std::nullopt);  // an intake event
  EXPECT_EQ(ParseAction(""), std::nullopt);
}

TEST(WorkflowTest, EachActionStartsOnlyFromItsStates) {
  using S = State;
  const std::map<Action, std::set<State>> allowed = {
      {Action::kReceive, {S::kPendingConfirmation}},
      {Action::kProcess, {S::kRegistered}},
      {Action::kRequestCorrection, {S::kRegistered, S::kProcessing}},
      {Action::kCorrectionReceived, {S::kCorrectionRequested}},
      {Action::kCorrectionLapsed, {S::kCorrectionRequested}},
      {Action::kStartConsultation,
       {S::kRegistered, S::kProcessing, S::kExtended}},
      {Action::kEndConsultation, {S::kConsulting}},
      {Action::kExtend, {S::kRegistered, S::kProcessing, S::kExtended}},
      {Action::kFeeNotice, {S::kRegistered, S::kProcessing, S::kExtended}},
      {Action::kFeePaid, {S::kFeePending}},
      {Action::kFeeLapsed, {S::kFeePending}},
      {Action::kReply, {S::kRegistered, S::kProcessing, S::kExtended}},
      {Action::kDeliver, {S::kReplied}},
      {Action::kArchive, {S::kReplied}},
      {Action::kWithdraw,
       {S::kRegistered, S::kProcessing, S::kCorrectionRequested, S::kConsulting,
        S::kExtended, S::kFeePending}},
  };
  ASSERT_EQ(allowed.size(), kAllActions.size());
  for (Action a : kAllActions) {
    for (State s : kAllStates) {
      EXPECT_EQ(MayStart(s, a), allowed.at(a).count(s) == 1)
          << ActionName(a) << " from " << StateName(s);
    }
  }
  // Nothing starts from an ended application.
  for (State s :
       {S::kArchived, S::kLapsedCorrection, S::kLapsedFee, S::kWithdrawn}) {
    for (Action a : kAllActions) EXPECT_FALSE(MayStart(s, a));
  }
}

TEST(WorkflowTest, IllegalTransitionNamesTheStatesAndTheNextStep) {
  struct Case {
    State from;
    Action action;
    std::vector<std::string> says;
  };
  const std::vector<Case> cases = {
      {State::kPendingConfirmation,
       Action::kReply,
       {"申请当前为「待确认」，不能答复", "「已登记」「办理中」「已延期」",
        "请先确认收到申请。"}},
      {State::kConsulting, Action::kReply, {"请先登记收到意见。"}},
      {State::kCorrectionRequested, Action::kExtend, {"请先登记收到补正。"}},
      {State::kFeePending, Action::kReply, {"请先登记缴费情况。"}},
      {State::kArchived, Action::kDeliver, {"只有「已答复」状态可以"}},
  };
  for (const Case& c : cases) {
    absl::Status s = IllegalTransition(c.from, c.action);
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
    for (const std::string& part : c.says)
      EXPECT_THAT(s.message(), HasSubstr(part)) << ActionName(c.action);
  }
}

// ---------------------------------------------------------------------------
// Roles and units.

TEST(WorkflowTest, RolesMayTakeTheirActions) {
  struct Case {
    const char* role;
    bool extend, reply, process;
  };
  const std::vector<Case> cases = {
      {"admin", true, true, true},        {"unit_reviewer", true, true, true},
      {"unit_editor", false, true, true}, {"clerk", false, false, true},
      {"public", false, false, false},    {"", false, false, false},
  };
  for (const Case& c : cases) {
    const Actor a = Staff(c.role, 7);
    EXPECT_EQ(RoleMay(a, Action::kExtend), c.extend) << c.role;
    EXPECT_EQ(RoleMay(a, Action::kReply), c.reply) << c.role;
    EXPECT_EQ(RoleMay(a, Action::kProcess), c.process) << c.role;
  }
  EXPECT_EQ(RoleNeeded(Action::kExtend), "审核人员或县政务公开办");
  EXPECT_EQ(RoleNeeded(Action::kReply), "编辑、审核人员或县政务公开办");
  EXPECT_EQ(RoleNeeded(Action::kArchive), "本单位工作人员");
}

TEST(WorkflowTest, StaffOfTheUnitAndTheCountyOfficeSeeApplications) {
  struct Case {
    const char* role;
    std::optional<int64_t> unit;
    bool sees_unit_7;
  };
  const std::vector<Case> cases = {
      {"admin", std::nullopt, true},  {"clerk", 7, true},
      {"unit_editor", 7, true},       {"unit_reviewer", 8, false},
      {"clerk", std::nullopt, false}, {"public", 7, false},
      {"viewer", 7, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(SeesApplication(Staff(c.role, c.unit), 7), c.sees_unit_7)
        << c.role << " " << c.unit.value_or(-1);
  }
}

TEST(WorkflowTest, AllowedActionsFollowStateRoleAndUnit) {
  struct Case {
    const char* role;
    std::optional<int64_t> unit;
    State state;
    std::vector<Action> allowed;
  };
  const std::vector<Case> cases = {
      {"unit_reviewer",
       7,
       State::kRegistered,
       {Action::kProcess, Action::kRequestCorrection,
        Action::kStartConsultation, Action::kExtend, Action::kFeeNotice,
        Action::kReply, Action::kWithdraw}},
      {"clerk",
       7,
       State::kProcessing,
       {Action::kRequestCorrection, Action::kStartConsultation,
        Action::kFeeNotice, Action::kWithdraw}},
      {"clerk", 7, State::kReplied, {Action::kDeliver, Action::kArchive}},
      {"admin", std::nullopt, State::kPendingConfirmation, {Action::kReceive}},
      {"unit_reviewer", 8, State::kRegistered, {}},  // another unit
      {"unit_reviewer", 7, State::kWithdrawn, {}},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(AllowedActions(Staff(c.role, c.unit), 7, c.state),
                ElementsAreArray(c.allowed))
        << c.role << " " << StateName(c.state);
  }
}

// ---------------------------------------------------------------------------
// The event log.

TEST(WorkflowTest, EventLogReadings) {
  const std::vector<Event> log = {
      Ev(Action::kReceive, D(2026, 3, 2)),
      Ev(Action::kExtend, D(2026, 3, 3), {{"days", 5}}),
      Ev(Action::kFeeNotice, D(2026, 3, 4),
         {{"pay_by", "2026-04-01"}, {"resume", "registered"}}),
      Ev(Action::kFeePaid, D(2026, 3, 5)),
      Ev(Action::kExtend, D(2026, 3, 6), {{"days", 3}}),
      Ev(Action::kStartConsultation, D(2026, 3, 9), {{"resume", "extended"}}),
  };
  EXPECT_EQ(ExtendedDays(log), 8);
  EXPECT_EQ(ExtendedDays({}), 0);
  ASSERT_NE(LastOfKind(log, "extend"), nullptr);
  EXPECT_EQ(LastOfKind(log, "extend")->on, D(2026, 3, 6));
  EXPECT_EQ(LastOfKind(log, "reply"), nullptr);
  EXPECT_EQ(DataDay(log[2], "pay_by"), D(2026, 4, 1));
  EXPECT_EQ(DataDay(log[2], "missing"), std::nullopt);
  EXPECT_EQ(DataDay(log[1], "days"), std::nullopt);  // not a string
  // 已登记 resumes as 办理中; other states as they were.
  EXPECT_EQ(ResumedState(log, Action::kFeeNotice), State::kProcessing);
  EXPECT_EQ(ResumedState(log, Action::kStartConsultation), State::kExtended);
  EXPECT_EQ(ResumedState({}, Action::kFeeNotice), State::kProcessing);
}

// ---------------------------------------------------------------------------
// The steps.

struct StepCase {
  const char* name;
  State state;
  std::vector<Event> log;  // received 2026-02-02 unless the log says else
  Action action;
  ActionInput in;
  absl::CivilDay today;
  int64_t fee = 100;  // what the quoter answers
  // Expected: ok and the new state, or the code and a field's message.
  absl::StatusCode code = absl::StatusCode::kOk;
  State to = State::kPendingConfirmation;
  const char* field = "";
  const char* says = "";
};

TEST(WorkflowTest, StepsCheckTheirInputAndMoveTheState) {
  const std::vector<Event> received = {Ev(Action::kReceive, D(2026, 2, 2))};
  auto with = [&](std::vector<Event> more) {
    std::vector<Event> log = received;
    log.insert(log.end(), more.begin(), more.end());
    return log;
  };
  const std::vector<StepCase> cases = {
      {.name = "receive fixes the receipt date",
       .state = State::kPendingConfirmation,
       .action = Action::kReceive,
       .in = {.on = "2026-02-02"},
       .today = D(2026, 2, 3),
       .to = State::kRegistered},
      {.name = "no date",
       .state = State::kRegistered,
       .log = received,
       .action = Action::kProcess,
       .today = D(2026, 2, 3),
       .code = absl::StatusCode::kInvalidArgument,
       .field = "on",
       .says = "请填写日期"},
      {.name = "a future date",
       .state = State::kRegistered,
       .log = received,
       .action = Action::kProcess,
       .in = {.on = "2026-02-04"},
       .today = D(2026, 2, 3),
       .code = absl::StatusCode::kInvalidArgument,
       .field = "on",
       .says = "晚于今天（2026-02-03）"},
      {.name = "a date before the last event",
       .state = State::kRegistered,
       .log = received,
       .action = Action::kProcess,
       .in = {.on = "2026-02-01"},
       .today = D(2026, 2, 3),
       .code = absl::StatusCode::kInvalidArgument,
       .field = "on",
       .says = "早于上一个事件（确认收到，2026-02-02）"},
      {.name = "correction on the 7th working day",
       .state = State::kProcessing,
       .log = received,
       .action = Action::kRequestCorrection,
       .in = {.on = "2026-02-11", .deadline = "2026-02-27", .items = "年度"},
       .today = D(2026, 2, 11),
       .to = State::kCorrectionRequested},
      {.name = "correction after the 7th working day",
       .state = State::kProcessing,
       .log = received,
       .action = Action::kRequestCorrection,
       .in = {.on = "2026-02-12", .deadline = "2026-02-27", .items = "年度"},
       .today = D(2026, 2, 12),
       .code = absl::StatusCode::kInvalidArgument,
       .field = "on",
       .says = "即2026-02-11前"},
      {.name = "correction without items",
       .state = State::kProcessing,
       .log = received,
       .action = Action::kRequestCorrection,
       .in = {.on = "2026-02-05", .deadline = "2026-02-27"},
       .today = D(2026, 2, 5),
       .code = absl::StatusCode::kInvalidArgument,
       .field = "items",
       .says = "补正的事项"},
      {.name = "a second correction notice",
       .state = State::kProcessing,
       .log = with({Ev(Action::kRequestCorrection, D(2026, 2, 3)),
                    Ev(Action::kCorrectionReceived, D(2026, 2, 4))}),
       .action = Action::kRequestCorrection,
       .in = {.on = "2026-02-05", .deadline = "2026-02-27", .items = "x"},
       .today = D(2026, 2, 5),
       .code = absl::StatusCode::kFailedPrecondition},
      {.name = "lapse before the correction deadline",
       .state = State::kCorrectionRequested,
       .log = with({Ev(Action::kRequestCorrection, D(2026, 2, 3),
                       {{"deadline", "2026-02-13"}})}),
       .action = Action::kCorrectionLapsed,
       .in = {.on = "2026-02-13"},
       .today = D(2026, 2, 13),
       .code = absl::StatusCode::kInvalidArgument,
       .field = "on",
       .says = "补正期限为2026-02-13"},
      {.name = "lapse after the correction deadline",
       .state = State::kCorrectionRequested,
       .log = with({Ev(Action::kRequestCorrection, D(2026, 2, 3),
                       {{"deadline", "2026-02-13"}})}),
       .action = Action::kCorrectionLapsed,
       .in = {.on = "2026-02-14"},
       .today = D(2026, 2, 14),
       .to = State::kLapsedCorrection},
      {.name = "consultation with an unknown party",
       .state = State::kProcessing,
       .log = received,
       .action = Action::kStartConsultation,
       .in = {.on = "2026-02-05", .party = "court", .party_name = "某公司"},
       .today = D(2026, 2, 5),
       .code = absl::StatusCode::kInvalidArgument,
       .field = "party",
       .says = "third_party"},
      {.name = "silence before the third party's 15 working days",
       .state = State::kConsulting,
       .log =
           with({Ev(Action::kStartConsultation, D(2026, 3, 3),
                    {{"party_due", "2026-03-24"}, {"resume", "processing"}})}),
       .action = Action::kEndConsultation,
       .in = {.on = "2026-03-24", .outcome = "no_reply"},
       .today = D(2026, 3, 24),
       .code = absl::StatusCode::kInvalidArgument,
       .field = "outcome",
       .says = "第三方答复期限为2026-03-24"},
      {.name = "an answer resumes the state the consultation left",
       .state = State::kConsulting,
       .log = with({Ev(Action::kStartConsultation, D(2026, 3, 3),
                       {{"party_due", "2026-03-24"}, {"resume", "extended"}})}),
       .action = Action::kEndConsultation,
       .in = {.on = "2026-03-10", .outcome = "agree"},
       .today = D(2026, 3, 10),
       .to = State::kExtended},
      {.name = "extension over 20 working days in all",
       .state = State::kExtended,
       .log = with({Ev(Action::kExtend, D(2026, 2, 5), {{"days", 15}})}),
       .action = Action::kExtend,
       .in = {.on = "2026-02-06", .days = "6", .approver = "主任"},
       .today = D(2026, 2, 6),
       .code = absl::StatusCode::kInvalidArgument,
       .field = "days",
       .says = "已延长15个工作日，本次6个工作日"},
      {.name = "extension without an approver",
       .state = State::kProcessing,
       .log = received,
       .action = Action::kExtend,
       .in = {.on = "2026-02-06", .days = "5"},
       .today = D(2026, 2, 6),
       .code = absl::StatusCode::kInvalidArgument,
       .field = "approver",
       .says = "负责人"},
      {.name = "extension within the limits",
       .state = State::kProcessing,
       .log = received,
       .action = Action::kExtend,
       .in = {.on = "2026-02-06", .days = "5", .approver = "主任"},
       .today = D(2026, 2, 6),
       .to = State::kExtended},
      {.name = "a free fee notice",
       .state = State::kProcessing,
       .log = received,
       .action = Action::kFeeNotice,
       .in = {.on = "2026-02-06", .fee_mode = "per_application"},
       .today = D(2026, 2, 6),
       .fee = 0,
       .code = absl::StatusCode::kInvalidArgument,
       .field = "fee_mode",
       .says = "免费"},
      {.name = "per page without pages",
       .state = State::kProcessing,
       .log = received,
       .action = Action::kFeeNotice,
       .in = {.on = "2026-02-06", .fee_mode = "per_page"},
       .today = D(2026, 2, 6),
       .code = absl::StatusCode::kInvalidArgument,
       .field = "pages",
       .says = "页数"},
      {.name = "a fee notice",
       .state = State::kProcessing,
       .log = received,
       .action = Action::kFeeNotice,
       .in = {.on = "2026-02-06", .fee_mode = "per_page", .pages = "40"},
       .today = D(2026, 2, 6),
       .to = State::kFeePending},
      {.name = "a ground of another reply type",
       .state = State::kProcessing,
       .log = received,
       .action = Action::kReply,
       .in = {.on = "2026-02-06", .type = "withheld", .ground = "not_held"},
       .today = D(2026, 2, 6),
       .code = absl::StatusCode::kInvalidArgument,
       .field = "ground",
       .says = "与答复类型"},
      {.name = "a refusal without a ground",
       .state = State::kProcessing,
       .log = received,
       .action = Action::kReply,
       .in = {.on = "2026-02-06", .type = "withheld"},
       .today = D(2026, 2, 6),
       .code = absl::StatusCode::kInvalidArgument,
       .field = "ground",
       .says = "须选择理由"},
      {.name = "a reply",
       .state = State::kExtended,
       .log = received,
       .action = Action::kReply,
       .in = {.on = "2026-02-06", .type = "disclosed", .text = " 见附件 "},
       .today = D(2026, 2, 6),
       .to = State::kReplied},
      {.name = "delivery without a method",
       .state = State::kReplied,
       .log = received,
       .action = Action::kDeliver,
       .in = {.on = "2026-02-06"},
       .today = D(2026, 2, 6),
       .code = absl::StatusCode::kInvalidArgument,
       .field = "method",
       .says = "送达方式"},
      {.name = "withdrawn",
       .state = State::kConsulting,
       .log = received,
       .action = Action::kWithdraw,
       .in = {.on = "2026-02-06", .reason = "不再需要"},
       .today = D(2026, 2, 6),
       .to = State::kWithdrawn},
  };
  for (const StepCase& c : cases) {
    SCOPED_TRACE(c.name);
    StoredApplication a{.state = c.state};
    if (!c.log.empty() && c.log.front().kind == "receive")
      a.received_on = c.log.front().on;
    const StoredApplication before = a;
    int quoted = 0;
    const StepContext ctx{.cal = National(),
                          .today = c.today,
                          .quote = [&](FeeMode mode, int pages) {
                            ++quoted;
                            FeeQuote q = mode == FeeMode::kPerPage
                                             ? QuotePerPage(pages)
                                             : QuotePerApplication(1);
                            q.amount_yuan = c.fee;
                            return absl::StatusOr<FeeQuote>(q);
                          }};
    absl::StatusOr<Event> e = TakeStep(ctx, a, c.log, c.action, c.in);
    ASSERT_EQ(e.status().code(), c.code) << e.status();
    if (!e.ok()) {
      if (*c.field) {
        EXPECT_THAT(GetFieldErrors(e.status())[c.field], HasSubstr(c.says));
      }
      EXPECT_EQ(a.state, before.state);  // a refusal changes nothing
      continue;
    }
    EXPECT_EQ(a.state, c.to);
    EXPECT_EQ(e->kind, ActionName(c.action));
    EXPECT_EQ(e->on, *ParseDay(c.in.on));
    EXPECT_EQ(quoted, c.action == Action::kFeeNotice ? 1 : 0);
  }
}

TEST(WorkflowTest, StepsRecordWhatTheClockAndTheViewsNeed) {
  const StepContext ctx{.cal = National(), .today = D(2026, 3, 31)};
  const std::vector<Event> log = {Ev(Action::kReceive, D(2026, 2, 2))};

  StoredApplication a{.state = State::kProcessing,
                      .received_on = D(2026, 2, 2)};
  // 15 working days after 02-25 end on 03-17.
  auto e = TakeStep(ctx, a, log, Action::kStartConsultation,
                    {.on = "2026-02-25", .party_name = "某养老服务公司"});
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->data.value("party", ""), "third_party");  // the default
  EXPECT_EQ(e->data.value("party_due", ""), "2026-03-17");
  EXPECT_EQ(e->data.value("resume", ""), "processing");

  a = {.state = State::kRegistered, .received_on = D(2026, 2, 2)};
  const StepContext fee{.cal = National(),
                        .today = D(2026, 3, 31),
                        .quote = [](FeeMode, int pages) {
                          return absl::StatusOr<FeeQuote>(QuotePerPage(pages));
                        }};
  // 20 working days after 03-03 end on 03-31.
  e = TakeStep(fee, a, log, Action::kFeeNotice,
               {.on = "2026-03-03", .fee_mode = "按量计收", .pages = "120"});
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->data.value("amount", 0), 1100);  // 70×10 + 20×20
  EXPECT_EQ(e->data.value("pay_by", ""), "2026-03-31");
  EXPECT_EQ(e->data.value("resume", ""), "registered");
  EXPECT_EQ(a.state, State::kFeePending);

  a = {.state = State::kProcessing, .received_on = D(2026, 2, 2)};
  e = TakeStep(ctx, a, log, Action::kReply,
               {.on = "2026-03-03", .ground = "not_held", .text = " 无 "});
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(a.reply_type, ReplyType::kUnable);  // the ground's type
  EXPECT_EQ(a.ground, Ground::kNotHeld);
  EXPECT_EQ(a.reply_text, "无");
  EXPECT_EQ(a.concluded_on, D(2026, 3, 3));
  EXPECT_EQ(e->data.value("type", ""), "unable");
  EXPECT_EQ(e->data.value("ground", ""), "not_held");
}

// ---------------------------------------------------------------------------
// The reply clock: the one due-date computation.

struct DueCase {
  const char* name;
  std::vector<Event> log;
  const char* due;  // "none" while the clock waits
  ServiceOptions options = {};
};

std::string DueText(const calendar::ClockResult& r) {
  return r.due ? calendar::FormatDate(*r.due) : "none";
}

TEST(ReplyClockTest, DueDatesFromTheEventLog) {
  const Event received = Ev(Action::kReceive, D(2026, 2, 2));
  const Event correction = Ev(Action::kRequestCorrection, D(2026, 2, 5));
  const Event corrected = Ev(Action::kCorrectionReceived, D(2026, 2, 10));
  const Event asked = Ev(Action::kStartConsultation, D(2026, 2, 25),
                         {{"party", "third_party"}});
  const Event answered = Ev(Action::kEndConsultation, D(2026, 3, 4));
  const Event extended =
      Ev(Action::kExtend, D(2026, 3, 20), {{"days", 10}, {"approver", "主任"}});
  const Event replied = Ev(Action::kReply, D(2026, 4, 8));
  const Event march = Ev(Action::kReceive, D(2026, 3, 2));
  const std::vector<Event> fee = {march, Ev(Action::kFeeNotice, D(2026, 3, 3)),
                                  Ev(Action::kFeePaid, D(2026, 3, 6))};
  const std::vector<DueCase> cases = {
      // 02-14 worked, 春节 02-15..23 skipped: day 20 is 03-06.
      {"received", {received}, "2026-03-06"},
      {"waiting for the correction", {received, correction}, "none"},
      // Counting restarts: 02-11..14, 02-24..28, 03-02..06, 03-09..13, 03-16.
      {"corrected", {received, correction, corrected}, "2026-03-16"},
      {"consulting", {received, correction, corrected, asked}, "none"},
      // 02-25..03-04 not counted: day 20 is 03-25.
      {"answered",
       {received, correction, corrected, asked, answered},
       "2026-03-25"},
      // +10: 03-26..27, 03-30..04-03, 清明 off, 04-07..09.
      {"extended",
       {received, correction, corrected, asked, answered, extended},
       "2026-04-09"},
      {"replied one day early",
       {received, correction, corrected, asked, answered, extended, replied},
       "2026-04-09"},
      {"a plain March", {march}, "2026-03-30"},
      // 03-03..06 not counted: 03-09 is day 1, 04-03 day 20.
      {"fee wait paused", fee, "2026-04-03"},
      {"fee wait counted", fee, "2026-03-30", {.fee_pauses_clock = false}},
      {"a 15-day limit", {march}, "2026-03-23", {.reply_workdays = 15}},
      {"withdrawn while waiting",
       {march, Ev(Action::kRequestCorrection, D(2026, 3, 3)),
        Ev(Action::kWithdraw, D(2026, 3, 5))},
       "none"},
  };
  for (const DueCase& c : cases) {
    absl::StatusOr<calendar::ClockResult> r =
        ReplyClock(National(), c.log, c.options);
    ASSERT_TRUE(r.ok()) << c.name << ": " << r.status();
    EXPECT_EQ(DueText(*r), c.due) << c.name;
    EXPECT_TRUE(r->trace.empty()) << c.name;  // no trace unless asked
  }
}

TEST(ReplyClockTest, TheViewAsOfTodayGivesStateAndTrace) {
  const std::vector<Event> log = {Ev(Action::kReceive, D(2026, 3, 2))};
  struct Case {
    absl::CivilDay today;
    calendar::ClockState state;
  };
  const std::vector<Case> cases = {
      {D(2026, 3, 10), calendar::ClockState::kRunning},
      {D(2026, 3, 25), calendar::ClockState::kDueSoon},  // 3 left
      {D(2026, 3, 30), calendar::ClockState::kDueSoon},  // the due day
      {D(2026, 3, 31), calendar::ClockState::kOverdue},
  };
  for (const Case& c : cases) {
    auto r = ReplyClock(National(), log, {}, {.today = c.today, .trace = true});
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->state, c.state) << calendar::FormatDate(c.today);
    EXPECT_EQ(DueText(*r), "2026-03-30");
    EXPECT_FALSE(r->trace.empty());
  }
  // due_soon_within comes from the options.
  auto r = ReplyClock(National(), log, {.due_soon_within = 1},
                      {.today = D(2026, 3, 25)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->state, calendar::ClockState::kRunning);
}

TEST(ReplyClockTest, ALogTheClockRefusesIsAnError) {
  // An extension before the receipt date: the statutory clock says which.
  const std::vector<Event> log = {
      Ev(Action::kReceive, D(2026, 3, 2)),
      Ev(Action::kExtend, D(2026, 3, 1), {{"days", 5}, {"approver", "主任"}})};
  auto r = ReplyClock(National(), log, {});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ClockEventsTest, EachStepImpliesItsClockEvents) {
  struct Case {
    const char* name;
    std::vector<Event> log;
    std::vector<calendar::ClockEventType> kinds;
  };
  using K = calendar::ClockEventType;
  const Event received = Ev(Action::kReceive, D(2026, 3, 2));
  const std::vector<Case> cases = {
      {"submitted only", {Event{.kind = "submitted", .on = D(2026, 3, 1)}}, {}},
      {"received", {received}, {K::kStart}},
      {"process and deliver are not clock events",
       {received, Ev(Action::kProcess, D(2026, 3, 3))},
       {K::kStart}},
      {"correction pending: an open pause",
       {received, Ev(Action::kRequestCorrection, D(2026, 3, 3))},
       {K::kStart, K::kPause}},
      {"corrected: the wait is void, counting restarts",
       {received, Ev(Action::kRequestCorrection, D(2026, 3, 3)),
        Ev(Action::kCorrectionReceived, D(2026, 3, 5))},
       {K::kStart, K::kRestart}},
      {"consultation answered: a closed pause",
       {received, Ev(Action::kStartConsultation, D(2026, 3, 3)),
        Ev(Action::kEndConsultation, D(2026, 3, 5))},
       {K::kStart, K::kPause}},
      {"extended and replied",
       {received, Ev(Action::kExtend, D(2026, 3, 3), {{"days", 5}}),
        Ev(Action::kReply, D(2026, 3, 5))},
       {K::kStart, K::kExtend, K::kStop}},
      {"fee lapsed: the pause closes at the stop",
       {received, Ev(Action::kFeeNotice, D(2026, 3, 3)),
        Ev(Action::kFeeLapsed, D(2026, 4, 5))},
       {K::kStart, K::kPause, K::kStop}},
  };
  for (const Case& c : cases) {
    std::vector<calendar::ClockEventType> kinds;
    for (const calendar::ClockEvent& e : ClockEventsFor(c.log, {}))
      kinds.push_back(e.type);
    EXPECT_THAT(kinds, ElementsAreArray(c.kinds)) << c.name;
  }
}

}  // namespace
}  // namespace zwgk::applications
