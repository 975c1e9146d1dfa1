// The workflow of an application as pure rules: the actions, the states
// each may start from, who may take it, and the steps themselves (each
// checks its typed input, changes the application in place and fills the
// event to record). No I/O: the service reads and writes around them, so
// the rules are tested without a database (workflow_test.cc).
#ifndef ZWGK_APPLICATIONS_WORKFLOW_H_
#define ZWGK_APPLICATIONS_WORKFLOW_H_

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "applications/model.h"
#include "applications/store.h"
#include "calendar/calendar.h"
#include "core/actor.h"

namespace zwgk::applications {

enum class Action {
  kReceive,             // 确认收到 (online: the receipt date)
  kProcess,             // 开始办理
  kRequestCorrection,   // 补正告知
  kCorrectionReceived,  // 收到补正
  kCorrectionLapsed,    // 逾期未补正，终止
  kStartConsultation,   // 征求意见
  kEndConsultation,     // 收到意见
  kExtend,              // 延期
  kFeeNotice,           // 收费通知
  kFeePaid,             // 已缴费
  kFeeLapsed,           // 逾期未缴费，终止
  kReply,               // 答复
  kDeliver,             // 送达
  kArchive,             // 归档
  kWithdraw,            // 申请人撤回
};
inline constexpr std::array<Action, 15> kAllActions = {
    Action::kReceive,           Action::kProcess,
    Action::kRequestCorrection, Action::kCorrectionReceived,
    Action::kCorrectionLapsed,  Action::kStartConsultation,
    Action::kEndConsultation,   Action::kExtend,
    Action::kFeeNotice,         Action::kFeePaid,
    Action::kFeeLapsed,         Action::kReply,
    Action::kDeliver,           Action::kArchive,
    Action::kWithdraw};
absl::string_view ActionName(Action a);   // "correction-request" (URL form)
absl::string_view ActionLabel(Action a);  // "补正告知"
std::optional<Action> ParseAction(absl::string_view s);

// One transition as typed. Which fields matter depends on the action.
struct ActionInput {
  std::string on;        // YYYY-MM-DD: the day it happened
  std::string deadline;  // correction: the applicant's deadline
  std::string items;     // correction: what to correct
  std::string days;      // extend: working days
  std::string approver;  // extend: 工作机构负责人
  std::string reason;    // extend, consultation, withdraw
  std::string party;     // consultation: third_party | agency
  std::string party_name;
  std::string outcome;   // consultation end: agree | object | no_reply
  std::string type;      // reply: ReplyType name or label
  std::string ground;    // reply: Ground name or label
  std::string text;      // reply: the substance of the answer
  std::string fee_mode;  // fee: per_application | per_page
  std::string pages;     // fee per page
  std::string method;    // deliver: 邮寄 / 电子邮件 / 自取 …
  // reply, deliver: why a third party's personal data found in the reply
  // or its attachments may still go to the applicant (issue 18; audited).
  std::string privacy_reason;
};

// ---------------------------------------------------------------------------
// Who may act, and from which states.

// May this actor see an application addressed to `unit_id`, with the
// applicant's ID number and phone? Staff of that unit and the county office;
// a clerk without a unit sees nothing.
bool SeesApplication(const Actor& actor, int64_t unit_id);

// Whether the actor's role may take the action at all (the unit is checked
// separately): extensions are approved by the office head and recorded by a
// reviewer or the county office; clerks do not reply.
bool RoleMay(const Actor& actor, Action action);
// Who may, in words, for the refusal message.
absl::string_view RoleNeeded(Action action);

// The states the action may start from.
std::vector<State> StartStates(Action action);
bool MayStart(State from, Action action);
// FailedPrecondition naming the current state, the states that would allow
// the action and, where one is pending, the step to take first.
absl::Status IllegalTransition(State from, Action action);

// The actions offered to `viewer` on an application to `unit_id` in `state`.
std::vector<Action> AllowedActions(const Actor& viewer, int64_t unit_id,
                                   State state);

// ---------------------------------------------------------------------------
// Reading the event log.

// The last event of a kind (the one that put the application into its
// current side state), or null.
const Event* LastOfKind(const std::vector<Event>& events,
                        absl::string_view kind);
// A YYYY-MM-DD string in the event's data.
std::optional<absl::CivilDay> DataDay(const Event& e, const char* key);
// Working days of extension granted so far.
int ExtendedDays(const std::vector<Event>& events);
// The state a side state opened by `opened_by` returns to (办理中 after the
// first detour).
State ResumedState(const std::vector<Event>& events, Action opened_by);

// ---------------------------------------------------------------------------
// The steps.

// The working-day limits the steps check (from ServiceOptions).
struct StepLimits {
  int correction_notice_workdays = 7;  // Art 30
  int third_party_workdays = 15;       // Art 32/34
  int fee_payment_workdays = 20;       // 办法
};

// The fee the notice states; the service counts the applicant's month.
using FeeQuoter = std::function<absl::StatusOr<FeeQuote>(FeeMode, int pages)>;

struct StepContext {
  const calendar::Calendar& cal;
  StepLimits limits;
  absl::CivilDay today;
  FeeQuoter quote;  // used by kFeeNotice only
};

// The step's date: a real day, not after today, not before the last event.
absl::StatusOr<absl::CivilDay> CheckStepDate(absl::string_view text,
                                             absl::CivilDay today,
                                             const std::vector<Event>& events);

// Takes `action` on `a` (whose log so far is `events`): checks the date and
// the input (InvalidArgument with field errors, FailedPrecondition for a
// second correction notice), changes `a` in place and returns the event to
// record with its kind, day and data (the caller adds actor and time). The
// state and role are checked by the caller (MayStart, RoleMay).
absl::StatusOr<Event> TakeStep(const StepContext& ctx, StoredApplication& a,
                               const std::vector<Event>& events, Action action,
                               const ActionInput& in);

}  // namespace zwgk::applications

#endif  // ZWGK_APPLICATIONS_WORKFLOW_H_
