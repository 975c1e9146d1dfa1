#include "applications/workflow.h"

#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "applications/internal.h"
#include "calendar/statutory_clock.h"
#include "core/clock.h"
#include "core/status.h"

namespace zwgk::applications {
namespace {

using internal::Fmt;
using internal::Trim;

struct ActionInfo {
  Action action;
  absl::string_view name;
  absl::string_view label;
};
constexpr ActionInfo kActions[] = {
    {Action::kReceive, "receive", "确认收到"},
    {Action::kProcess, "process", "开始办理"},
    {Action::kRequestCorrection, "correction-request", "补正告知"},
    {Action::kCorrectionReceived, "correction-received", "收到补正"},
    {Action::kCorrectionLapsed, "correction-lapsed", "逾期未补正，终止办理"},
    {Action::kStartConsultation, "consultation-start", "征求意见"},
    {Action::kEndConsultation, "consultation-end", "收到意见"},
    {Action::kExtend, "extend", "延长答复期限"},
    {Action::kFeeNotice, "fee-notice", "发出收费通知"},
    {Action::kFeePaid, "fee-paid", "已缴费"},
    {Action::kFeeLapsed, "fee-lapsed", "逾期未缴费，终止办理"},
    {Action::kReply, "reply", "答复"},
    {Action::kDeliver, "deliver", "送达"},
    {Action::kArchive, "archive", "归档"},
    {Action::kWithdraw, "withdraw", "申请人撤回"},
};

// What one transition works on.
struct Step {
  const calendar::Calendar& cal;
  const StepLimits& limits;
  StoredApplication& a;
  const std::vector<Event>& events;
  const ActionInput& in;
  absl::CivilDay on;  // validated: not in the future, not before the last
  Event& e;
};

// Art 30: once, within 7 working days of receipt, naming what to correct
// and the applicant's deadline.
absl::Status RequestCorrection(Step& s) {
  if (LastOfKind(s.events, ActionName(Action::kRequestCorrection))) {
    return absl::FailedPreconditionError(
        "补正告知只能一次性提出（条例第三十条），本申请已告知过补正");
  }
  Validator v;
  const absl::CivilDay limit = s.cal.NthWorkdayAfter(
      *s.a.received_on, s.limits.correction_notice_workdays);
  if (s.on > limit) {
    v.Add("on",
          absl::StrCat("补正告知须在收到申请之日起",
                       s.limits.correction_notice_workdays, "个工作日内（即",
                       Fmt(limit), "前）作出，", Fmt(s.on), "已超过"));
  }
  std::optional<absl::CivilDay> deadline = ParseDay(Trim(s.in.deadline));
  if (!deadline) {
    v.Add("deadline", "请填写申请人补正的期限（YYYY-MM-DD）");
  } else if (*deadline <= s.on) {
    v.Add("deadline", "补正期限应晚于告知日期");
  }
  if (Trim(s.in.items).empty()) v.Add("items", "请写明需要补正的事项");
  ZWGK_RETURN_IF_ERROR(v.ToStatus("补正告知有误"));
  s.e.data = {{"deadline", Fmt(*deadline)}, {"items", Trim(s.in.items)}};
  s.a.state = State::kCorrectionRequested;
  return absl::OkStatus();
}

// 逾期未补正 / 逾期未缴费: only after the deadline the notice set.
absl::Status EndAfterDeadline(Step& s, Action notice, const char* key,
                              absl::string_view what, State end) {
  const Event* e = LastOfKind(s.events, ActionName(notice));
  std::optional<absl::CivilDay> deadline = e ? DataDay(*e, key) : std::nullopt;
  if (deadline && s.on <= *deadline) {
    return InvalidFields(absl::StrCat(what, "未过"),
                         {{"on", absl::StrCat(what, "为", Fmt(*deadline),
                                              "，期限届满后才能终止办理")}});
  }
  s.a.state = end;
  s.a.concluded_on = s.on;
  return absl::OkStatus();
}

// Art 32/34: the clock pauses; the third party has its own 15 working days.
absl::Status StartConsultation(Step& s) {
  Validator v;
  std::string party =
      Trim(s.in.party).empty() ? "third_party" : Trim(s.in.party);
  if (party != "third_party" && party != "agency")
    v.Add("party",
          "征求意见对象只能是第三方（third_party）或其他机关（agency）");
  if (Trim(s.in.party_name).empty())
    v.Add("party_name", "请填写征求意见的对象名称");
  ZWGK_RETURN_IF_ERROR(v.ToStatus("征求意见信息有误"));
  const absl::CivilDay party_due =
      s.cal.NthWorkdayAfter(s.on, s.limits.third_party_workdays);
  s.e.data = {{"party", party},
              {"party_name", Trim(s.in.party_name)},
              {"reason", Trim(s.in.reason)},
              {"party_due", Fmt(party_due)},
              {"resume", StateName(s.a.state)}};
  s.a.state = State::kConsulting;
  return absl::OkStatus();
}

absl::Status EndConsultation(Step& s) {
  const Event* start =
      LastOfKind(s.events, ActionName(Action::kStartConsultation));
  std::string outcome =
      Trim(s.in.outcome).empty() ? "no_reply" : Trim(s.in.outcome);
  if (outcome != "agree" && outcome != "object" && outcome != "no_reply") {
    return InvalidFields("意见有误",
                         {{"outcome",
                           "意见只能是 agree（同意）、object（不同意）或 "
                           "no_reply（逾期未答复）"}});
  }
  std::optional<absl::CivilDay> due =
      start ? DataDay(*start, "party_due") : std::nullopt;
  if (outcome == "no_reply" && due && s.on <= *due) {
    return InvalidFields(
        "意见有误",
        {{"outcome", absl::StrCat("第三方答复期限为", Fmt(*due),
                                  "，届满前不能按逾期未答复处理")}});
  }
  s.e.data = {{"outcome", outcome}};
  s.a.state = ResumedState(s.events, Action::kStartConsultation);
  return absl::OkStatus();
}

// Art 33: at most 20 working days in all, approved, before the limit ends.
absl::Status Extend(Step& s) {
  Validator v;
  const int already = ExtendedDays(s.events);
  int days = 0;
  if (!absl::SimpleAtoi(Trim(s.in.days), &days)) {
    v.Add("days", "请填写延长的工作日数");
  } else if (!calendar::ValidateExtension(days, already).ok()) {
    v.Add("days",
          absl::StrCat("延长期限最长不超过20个工作日（条例第三十三条）：已延长",
                       already, "个工作日，本次", days, "个工作日"));
  }
  if (Trim(s.in.approver).empty())
    v.Add("approver", "请填写批准延期的政府信息公开工作机构负责人");
  if (s.a.due_on && s.on > *s.a.due_on) {
    v.Add("on",
          absl::StrCat("答复期限已于", Fmt(*s.a.due_on), "届满，不能再延期"));
  }
  ZWGK_RETURN_IF_ERROR(v.ToStatus("延期信息有误"));
  s.e.data = {{"days", days},
              {"approver", Trim(s.in.approver)},
              {"reason", Trim(s.in.reason)}};
  s.a.state = State::kExtended;
  return absl::OkStatus();
}

// 信息处理费: the notice states the amount with its working and the last
// day to pay (20 working days from the day after the notice).
absl::Status FeeNotice(Step& s, const FeeQuoter& quote) {
  std::optional<FeeMode> mode = ParseFeeMode(Trim(s.in.fee_mode));
  if (!mode) {
    return InvalidFields("收费通知有误",
                         {{"fee_mode", "计收方式只能是按件计收或按量计收"}});
  }
  int pages = 0;
  if (*mode == FeeMode::kPerPage &&
      (!absl::SimpleAtoi(Trim(s.in.pages), &pages) || pages <= 0)) {
    return InvalidFields("收费通知有误", {{"pages", "按量计收须填写页数"}});
  }
  ZWGK_ASSIGN_OR_RETURN(FeeQuote q, quote(*mode, pages));
  if (q.amount_yuan == 0) {
    return InvalidFields(
        "收费通知有误",
        {{"fee_mode", absl::StrCat("按", FeeModeLabel(*mode),
                                   "本申请免费，无需发出收费通知")}});
  }
  const absl::CivilDay pay_by =
      s.cal.NthWorkdayAfter(s.on, s.limits.fee_payment_workdays);
  s.e.data = {{"mode", FeeModeName(*mode)}, {"pages", pages},
              {"amount", q.amount_yuan},    {"working", q.working},
              {"pay_by", Fmt(pay_by)},      {"resume", StateName(s.a.state)}};
  s.a.state = State::kFeePending;
  return absl::OkStatus();
}

// The reply type of Art 36/37 and, for refusals, a ground of that type.
absl::Status Reply(Step& s) {
  Validator v;
  std::optional<ReplyType> type = ParseReplyType(Trim(s.in.type));
  std::optional<Ground> ground;
  if (!Trim(s.in.ground).empty()) ground = ParseGround(Trim(s.in.ground));
  if (!type && ground) type = GroundReplyType(*ground);
  if (!type) {
    v.Add("type", Trim(s.in.type).empty()
                      ? std::string("请选择答复类型")
                      : absl::StrCat("未知的答复类型“", Trim(s.in.type), "”"));
  } else if (NeedsGround(*type) && !ground) {
    v.Add("ground", Trim(s.in.ground).empty()
                        ? absl::StrCat("答复类型为“", ReplyTypeLabel(*type),
                                       "”时须选择理由")
                        : absl::StrCat("未知的理由“", Trim(s.in.ground), "”"));
  } else if (NeedsGround(*type) && GroundReplyType(*ground) != *type) {
    v.Add("ground",
          absl::StrCat("理由“", GroundLabel(*ground), "”属于“",
                       ReplyTypeLabel(GroundReplyType(*ground)),
                       "”，与答复类型“", ReplyTypeLabel(*type), "”不符"));
  } else if (!NeedsGround(*type) && ground) {
    v.Add("ground",
          absl::StrCat("答复类型为“", ReplyTypeLabel(*type), "”时不填理由"));
  }
  if (Utf8Length(s.in.text) > 5000) v.Add("text", "答复内容过长（最多5000字）");
  ZWGK_RETURN_IF_ERROR(v.ToStatus("答复信息有误"));
  s.a.reply_type = type;
  s.a.ground = ground;
  s.a.reply_text = Trim(s.in.text);
  s.a.state = State::kReplied;
  s.a.concluded_on = s.on;
  s.e.data = {{"type", ReplyTypeName(*type)}};
  if (ground) s.e.data["ground"] = GroundName(*ground);
  return absl::OkStatus();
}

}  // namespace

absl::string_view ActionName(Action a) {
  for (const auto& r : kActions)
    if (r.action == a) return r.name;
  return "";
}
absl::string_view ActionLabel(Action a) {
  for (const auto& r : kActions)
    if (r.action == a) return r.label;
  return "";
}
std::optional<Action> ParseAction(absl::string_view s) {
  for (const auto& r : kActions)
    if (r.name == s) return r.action;
  return std::nullopt;
}

bool SeesApplication(const Actor& actor, int64_t unit_id) {
  return IsStaff(actor.role) && ActsForUnit(actor, unit_id);
}

// Who may take each step (all of them only for the unit asked, admins for
// every unit).
bool RoleMay(const Actor& a, Action action) {
  if (!IsStaff(a.role)) return false;
  switch (action) {
    case Action::kExtend:  // approved by the office head: a reviewer records it
      return a.role == Role::kAdmin || a.role == Role::kUnitReviewer;
    case Action::kReply:
      return a.role != Role::kClerk;
    default:
      return true;
  }
}

absl::string_view RoleNeeded(Action action) {
  switch (action) {
    case Action::kExtend:
      return "审核人员或县政务公开办";
    case Action::kReply:
      return "编辑、审核人员或县政务公开办";
    default:
      return "本单位工作人员";
  }
}

std::vector<State> StartStates(Action action) {
  switch (action) {
    case Action::kReceive:
      return {State::kPendingConfirmation};
    case Action::kProcess:
      return {State::kRegistered};
    case Action::kRequestCorrection:
      return {State::kRegistered, State::kProcessing};
    case Action::kCorrectionReceived:
    case Action::kCorrectionLapsed:
      return {State::kCorrectionRequested};
    case Action::kStartConsultation:
    case Action::kFeeNotice:
    case Action::kReply:
      return {State::kRegistered, State::kProcessing, State::kExtended};
    case Action::kExtend:
      return {State::kRegistered, State::kProcessing, State::kExtended};
    case Action::kEndConsultation:
      return {State::kConsulting};
    case Action::kFeePaid:
    case Action::kFeeLapsed:
      return {State::kFeePending};
    case Action::kDeliver:
    case Action::kArchive:
      return {State::kReplied};
    case Action::kWithdraw:
      return {
          State::kRegistered, State::kProcessing, State::kCorrectionRequested,
          State::kConsulting, State::kExtended,   State::kFeePending};
  }
  return {};
}

bool MayStart(State from, Action action) {
  const std::vector<State> from_states = StartStates(action);
  return std::find(from_states.begin(), from_states.end(), from) !=
         from_states.end();
}

absl::Status IllegalTransition(State from, Action action) {
  std::vector<std::string> labels;
  for (State s : StartStates(action))
    labels.push_back(std::string(StateLabel(s)));
  std::string hint;
  if (from == State::kPendingConfirmation) hint = "请先确认收到申请。";
  if (from == State::kConsulting) hint = "请先登记收到意见。";
  if (from == State::kCorrectionRequested) hint = "请先登记收到补正。";
  if (from == State::kFeePending) hint = "请先登记缴费情况。";
  return absl::FailedPreconditionError(absl::StrCat(
      "申请当前为「", StateLabel(from), "」，不能", ActionLabel(action),
      "（只有「", absl::StrJoin(labels, "」「"), "」状态可以）。", hint));
}

std::vector<Action> AllowedActions(const Actor& viewer, int64_t unit_id,
                                   State state) {
  std::vector<Action> out;
  for (Action act : kAllActions) {
    if (MayStart(state, act) && RoleMay(viewer, act) &&
        ActsForUnit(viewer, unit_id))
      out.push_back(act);
  }
  return out;
}

const Event* LastOfKind(const std::vector<Event>& events,
                        absl::string_view kind) {
  for (auto it = events.rbegin(); it != events.rend(); ++it)
    if (it->kind == kind) return &*it;
  return nullptr;
}

std::optional<absl::CivilDay> DataDay(const Event& e, const char* key) {
  if (!e.data.contains(key) || !e.data[key].is_string()) return std::nullopt;
  return ParseDay(e.data[key].get<std::string>());
}

int ExtendedDays(const std::vector<Event>& events) {
  int total = 0;
  for (const Event& e : events)
    if (e.kind == ActionName(Action::kExtend)) total += e.data.value("days", 0);
  return total;
}

State ResumedState(const std::vector<Event>& events, Action opened_by) {
  const Event* e = LastOfKind(events, ActionName(opened_by));
  State s = e ? ParseState(e->data.value("resume", "processing"))
                    .value_or(State::kProcessing)
              : State::kProcessing;
  return s == State::kRegistered ? State::kProcessing : s;
}

absl::StatusOr<absl::CivilDay> CheckStepDate(absl::string_view text,
                                             absl::CivilDay today,
                                             const std::vector<Event>& events) {
  std::optional<absl::CivilDay> on = ParseDay(Trim(text));
  if (!on) {
    return InvalidFields(
        "日期有误",
        {{"on", Trim(text).empty() ? std::string("请填写日期（YYYY-MM-DD）")
                                   : absl::StrCat("日期无效：", Trim(text))}});
  }
  if (*on > today) {
    return InvalidFields(
        "日期有误", {{"on", absl::StrCat("日期", Fmt(*on), "晚于今天（",
                                         Fmt(today), "），不能预先登记")}});
  }
  if (!events.empty() && *on < events.back().on) {
    const Event& prev = events.back();
    std::optional<Action> pa = ParseAction(prev.kind);
    return InvalidFields(
        "日期有误", {{"on", absl::StrCat("日期", Fmt(*on), "早于上一个事件（",
                                         pa ? ActionLabel(*pa)
                                            : absl::string_view("提交申请"),
                                         "，", Fmt(prev.on), "）")}});
  }
  return *on;
}

absl::StatusOr<Event> TakeStep(const StepContext& ctx, StoredApplication& a,
                               const std::vector<Event>& events, Action action,
                               const ActionInput& in) {
  ZWGK_ASSIGN_OR_RETURN(absl::CivilDay on,
                        CheckStepDate(in.on, ctx.today, events));
  Event e{.kind = std::string(ActionName(action)),
          .on = on,
          .data = nlohmann::json::object()};
  Step step{ctx.cal, ctx.limits, a, events, in, on, e};
  absl::Status s;
  switch (action) {
    case Action::kReceive:
      a.received_on = on;
      a.state = State::kRegistered;
      break;
    case Action::kProcess:
      a.state = State::kProcessing;
      break;
    case Action::kRequestCorrection:
      s = RequestCorrection(step);
      break;
    case Action::kCorrectionReceived:
      a.state = State::kProcessing;
      break;
    case Action::kCorrectionLapsed:
      s = EndAfterDeadline(step, Action::kRequestCorrection, "deadline",
                           "补正期限", State::kLapsedCorrection);
      break;
    case Action::kStartConsultation:
      s = StartConsultation(step);
      break;
    case Action::kEndConsultation:
      s = EndConsultation(step);
      break;
    case Action::kExtend:
      s = Extend(step);
      break;
    case Action::kFeeNotice:
      s = FeeNotice(step, ctx.quote);
      break;
    case Action::kFeePaid:
      a.state = ResumedState(events, Action::kFeeNotice);
      break;
    case Action::kFeeLapsed:
      s = EndAfterDeadline(step, Action::kFeeNotice, "pay_by", "缴费期限",
                           State::kLapsedFee);
      break;
    case Action::kReply:
      s = Reply(step);
      break;
    case Action::kDeliver:
      if (Trim(in.method).empty())
        return InvalidFields("送达信息有误", {{"method", "请填写送达方式"}});
      e.data = {{"method", Trim(in.method)}};
      break;
    case Action::kArchive:
      a.state = State::kArchived;
      break;
    case Action::kWithdraw:
      e.data = {{"reason", Trim(in.reason)}};
      a.state = State::kWithdrawn;
      a.concluded_on = on;
      break;
  }
  if (!s.ok()) return s;
  return e;
}

}  // namespace zwgk::applications
