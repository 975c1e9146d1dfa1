#include "applications/service.h"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "calendar/statutory_clock.h"
#include "catalog/excel.h"
#include "content/filetype.h"
#include "core/audit.h"
#include "core/crypto.h"
#include "core/status.h"

namespace zwgk::applications {
namespace {

using calendar::ClockEvent;

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

std::string Trim(absl::string_view s) {
  return std::string(absl::StripAsciiWhitespace(s));
}

// Characters, not bytes: the limits are in what people see.
size_t Utf8Length(absl::string_view s) {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::string Fmt(absl::CivilDay d) { return calendar::FormatDate(d); }

std::string FmtCn(absl::CivilDay d) {
  return absl::StrCat(d.year(), "年", d.month(), "月", d.day(), "日");
}

bool IsStaffRole(const std::string& role) {
  return role == "admin" || role == "unit_editor" || role == "unit_reviewer" ||
         role == "clerk";
}

// Staff of the unit asked and the county office (admin); a clerk without a
// unit sees nothing.
bool Sees(const Actor& a, int64_t unit_id) {
  return IsStaffRole(a.role) && ActsForUnit(a, unit_id);
}

// The application as `actor` may see it. Anyone else gets the answer an id
// that does not exist gets, so probing ids of other units tells nothing.
absl::StatusOr<StoredApplication> Visible(db::Tx& tx, const Actor& actor,
                                          int64_t id) {
  absl::StatusOr<StoredApplication> a = store::Get(tx, id);
  if (a.ok() && !Sees(actor, a->unit_id))
    return absl::NotFoundError(absl::StrCat("申请 ", id, " 不存在"));
  return a;
}

// Who may take each step (all of them only for the unit asked, admins for
// every unit).
bool RoleMay(const Actor& a, Action action) {
  if (!IsStaffRole(a.role)) return false;
  switch (action) {
    case Action::kExtend:  // approved by the office head: a reviewer records it
      return a.role == "admin" || a.role == "unit_reviewer";
    case Action::kReply:
      return a.role != "clerk";
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

// The states each action may start from.
std::vector<State> FromStates(Action action) {
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

absl::Status IllegalTransition(State from, Action action) {
  std::vector<std::string> labels;
  for (State s : FromStates(action))
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

// The event that put an application into its current side state.
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

nlohmann::json AuditState(const StoredApplication& a) {
  nlohmann::json j = {{"state", StateName(a.state)},
                      {"tracking_number", a.tracking_number},
                      {"unit_id", a.unit_id}};
  if (a.received_on) j["received_on"] = Fmt(*a.received_on);
  if (a.due_on) j["due_on"] = Fmt(*a.due_on);
  if (a.reply_type) j["reply_type"] = ReplyTypeName(*a.reply_type);
  if (a.ground) j["ground"] = GroundName(*a.ground);
  return j;
}

// The one-time token of an offer of published records: random hex.
constexpr size_t kOfferTokenBytes = 16;
bool IsOfferToken(absl::string_view token) {
  return token.size() == 2 * kOfferTokenBytes &&
         std::all_of(token.begin(), token.end(), [](char c) {
           return absl::ascii_isdigit(static_cast<unsigned char>(c)) ||
                  (c >= 'a' && c <= 'f');
         });
}

Actor PublicActor() {
  return Actor{.user_id = 0, .name = "公众（网上申请）", .role = "public"};
}

void Mask(StoredApplication& a) {
  a.applicant.id_number = MaskIdNumber(a.applicant.id_number);
  a.applicant.phone = MaskPhone(a.applicant.phone);
  if (!a.applicant.email.empty()) {
    size_t at = a.applicant.email.find('@');
    a.applicant.email = at == std::string::npos
                            ? "***"
                            : absl::StrCat(a.applicant.email.substr(0, 1),
                                           "***", a.applicant.email.substr(at));
  }
  a.applicant.address = Utf8Length(a.applicant.address) > 0 ? "（已隐去）" : "";
}

// ---------------------------------------------------------------------------
// The steps with rules of their own. Each validates the typed input, then
// changes the application in place and fills the event's data.

// What one transition works on.
struct Step {
  const calendar::Calendar& cal;
  const ServiceOptions& options;
  StoredApplication& a;
  const std::vector<Event>& events;
  const ActionInput& in;
  absl::CivilDay on;  // validated: not in the future, not before the last
  Event& e;
};

// The step's date: a real day, not after today, not before the last event.
absl::StatusOr<absl::CivilDay> CheckDate(absl::string_view text,
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

// Art 30: once, within 7 working days of receipt, naming what to correct
// and the applicant's deadline.
absl::Status RequestCorrection(Step& s) {
  if (LastOfKind(s.events, ActionName(Action::kRequestCorrection))) {
    return absl::FailedPreconditionError(
        "补正告知只能一次性提出（条例第三十条），本申请已告知过补正");
  }
  Validator v;
  const absl::CivilDay limit = s.cal.NthWorkdayAfter(
      *s.a.received_on, s.options.correction_notice_workdays);
  if (s.on > limit) {
    v.Add("on",
          absl::StrCat("补正告知须在收到申请之日起",
                       s.options.correction_notice_workdays, "个工作日内（即",
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

// The state a side state returns to (办理中 after the first detour).
State ResumedState(const std::vector<Event>& events, Action opened_by) {
  const Event* e = LastOfKind(events, ActionName(opened_by));
  State s = e ? ParseState(e->data.value("resume", "processing"))
                    .value_or(State::kProcessing)
              : State::kProcessing;
  return s == State::kRegistered ? State::kProcessing : s;
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
      s.cal.NthWorkdayAfter(s.on, s.options.third_party_workdays);
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
absl::Status FeeNotice(
    Step& s,
    const std::function<absl::StatusOr<FeeQuote>(FeeMode, int)>& quote) {
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
      s.cal.NthWorkdayAfter(s.on, s.options.fee_payment_workdays);
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
  return Sees(actor, unit_id);
}

bool Table3::Balanced() const {
  for (int c = 0; c < kColumns; ++c) {
    if (new_received[c] + carried_in[c] != concluded[c] + carried_out[c])
      return false;
  }
  return true;
}

const std::vector<std::pair<std::string, InputField>>&
ApplicationInputFields() {
  static const auto* fields =
      new std::vector<std::pair<std::string, InputField>>{
          {"applicant_type", &ApplicationInput::applicant_type},
          {"name", &ApplicationInput::name},
          {"id_type", &ApplicationInput::id_type},
          {"id_number", &ApplicationInput::id_number},
          {"credit_code", &ApplicationInput::credit_code},
          {"category", &ApplicationInput::category},
          {"legal_representative", &ApplicationInput::legal_representative},
          {"contact", &ApplicationInput::contact},
          {"phone", &ApplicationInput::phone},
          {"address", &ApplicationInput::address},
          {"email", &ApplicationInput::email},
          {"unit", &ApplicationInput::unit},
          {"description", &ApplicationInput::description},
          {"doc_number", &ApplicationInput::doc_number},
          {"delivery_form", &ApplicationInput::delivery_form},
          {"delivery_way", &ApplicationInput::delivery_way},
          {"channel", &ApplicationInput::channel},
          {"received_on", &ApplicationInput::received_on},
          {"arrived_on", &ApplicationInput::arrived_on},
      };
  return *fields;
}

Service::Service(db::Database& db, const Clock& clock, org::Service& org,
                 calendar::Service& calendar, ServiceOptions options)
    : db_(db),
      clock_(clock),
      org_(org),
      calendar_(calendar),
      options_(options),
      blobs_((std::filesystem::path(options_.data_dir) / "blobs").string()) {}

// ---------------------------------------------------------------------------
// The clock from the event log.

std::vector<ClockEvent> ClockEventsFor(const std::vector<Event>& events,
                                       const ServiceOptions& options) {
  std::vector<ClockEvent> out;
  // An open interval not counted: correction pending, consultation, fee.
  std::optional<absl::CivilDay> open_from;
  std::string open_reason;
  auto close_open = [&](std::optional<absl::CivilDay> to) {
    if (open_from)
      out.push_back(ClockEvent::Pause(*open_from, to, open_reason));
    open_from.reset();
  };
  for (const Event& e : events) {
    const auto action = ParseAction(e.kind);
    if (!action) continue;  // submitted / entered
    switch (*action) {
      case Action::kReceive:
        out.push_back(ClockEvent::Start(e.on));
        out.back().reason = "收到申请";
        break;
      case Action::kRequestCorrection:
        open_from = e.on;
        open_reason = "待申请人补正";
        break;
      case Action::kCorrectionReceived:
        // Art 30: the limit runs afresh from the corrected application;
        // the wait before it is void.
        open_from.reset();
        out.push_back(ClockEvent::Restart(e.on, "收到补正后的申请，重新起算"));
        break;
      case Action::kStartConsultation:
        open_from = e.on;
        open_reason = e.data.value("party", "") == "agency" ? "征求其他机关意见"
                                                            : "征求第三方意见";
        break;
      case Action::kEndConsultation:
        close_open(e.on);
        break;
      case Action::kFeeNotice:
        if (options.fee_pauses_clock) {
          open_from = e.on;
          open_reason = "收费通知至缴费";
        }
        break;
      case Action::kFeePaid:
        close_open(e.on);
        break;
      case Action::kExtend:
        out.push_back(ClockEvent::Extend(
            e.data.value("days", 0), e.on,
            absl::StrCat("经", e.data.value("approver", ""), "同意延期")));
        break;
      case Action::kReply:
        close_open(std::nullopt);
        out.push_back(ClockEvent::Stop(e.on, "作出答复"));
        break;
      case Action::kCorrectionLapsed:
      case Action::kFeeLapsed:
      case Action::kWithdraw:
        close_open(std::nullopt);
        out.push_back(
            ClockEvent::Stop(e.on, std::string(ActionLabel(*action))));
        break;
      case Action::kProcess:
      case Action::kDeliver:
      case Action::kArchive:
        break;
    }
  }
  if (open_from) close_open(std::nullopt);
  return out;
}

// ---------------------------------------------------------------------------
// Intake.

absl::StatusOr<StoredApplication> Service::Validate(const ApplicationInput& in,
                                                    bool staff_entry) {
  Validator v;
  StoredApplication a;
  Applicant& p = a.applicant;
  auto field = [&](const std::string& name, const std::string& value,
                   const char* label, bool required) {
    std::string t = Trim(value);
    if (required && t.empty()) v.Add(name, absl::StrCat("请填写", label));
    if (Utf8Length(t) > options_.max_field_chars)
      v.Add(name, absl::StrCat(label, "过长（最多", options_.max_field_chars,
                               "个字）"));
    return t;
  };
  const std::string type = Trim(in.applicant_type);
  if (type == "organization" || type == "法人或其他组织") {
    p.type = ApplicantType::kOrganization;
  } else if (type == "natural_person" || type == "自然人" || type.empty()) {
    p.type = ApplicantType::kNaturalPerson;
  } else {
    v.Add("applicant_type", "申请人类型只能是自然人或法人或其他组织");
  }
  p.name =
      field("name", in.name,
            p.type == ApplicantType::kOrganization ? "单位名称" : "姓名", true);
  p.phone = field("phone", in.phone, "联系电话", true);
  if (!p.phone.empty()) {
    bool ok = p.phone.size() >= 7 && p.phone.size() <= 20;
    for (char c : p.phone)
      ok = ok && (absl::ascii_isdigit(static_cast<unsigned char>(c)) ||
                  c == '-' || c == '+' || c == ' ');
    if (!ok) v.Add("phone", "联系电话应为7–20位数字（可含“-”）");
  }
  p.address = field("address", in.address, "通信地址", true);
  p.email = field("email", in.email, "电子邮箱", false);
  if (!p.email.empty() &&
      (p.email.find('@') == std::string::npos || p.email.find('@') == 0 ||
       p.email.find('.', p.email.find('@')) == std::string::npos)) {
    v.Add("email", "电子邮箱格式不正确，例如 name@example.com");
  }
  if (p.type == ApplicantType::kNaturalPerson) {
    p.category = ApplicantCategory::kNaturalPerson;
    std::optional<IdType> id_type = Trim(in.id_type).empty()
                                        ? std::optional(IdType::kResidentId)
                                        : ParseIdType(in.id_type);
    if (!id_type) {
      v.Add("id_type", "证件类型无效");
    } else {
      p.id_type = *id_type;
    }
    p.id_number = absl::AsciiStrToUpper(
        field("id_number", in.id_number, "证件号码", true));
    if (id_type == IdType::kResidentId && !p.id_number.empty()) {
      if (absl::Status s = ValidateResidentId(p.id_number); !s.ok())
        v.Add("id_number", std::string(s.message()));
    }
    a.applicant_key = absl::StrCat("id:", p.id_number);
  } else {
    std::optional<ApplicantCategory> c = ParseOrgCategory(in.category);
    if (!c) {
      v.Add("category",
            "请选择单位类别：商业企业、科研机构、社会公益组织、法律服务机构或其"
            "他");
    } else {
      p.category = *c;
    }
    p.credit_code = absl::AsciiStrToUpper(
        field("credit_code", in.credit_code, "统一社会信用代码", true));
    if (!p.credit_code.empty()) {
      if (absl::Status s = ValidateCreditCode(p.credit_code); !s.ok())
        v.Add("credit_code", std::string(s.message()));
    }
    p.legal_representative = field("legal_representative",
                                   in.legal_representative, "法定代表人", true);
    p.contact = field("contact", in.contact, "联系人", true);
    a.applicant_key = absl::StrCat("org:", p.credit_code);
  }
  a.description = Trim(in.description);
  if (a.description.empty()) {
    v.Add("description",
          "请描述所需政府信息（名称、内容或其他能够指向该信息的特征）");
  } else if (Utf8Length(a.description) > options_.max_description_chars) {
    v.Add("description",
          absl::StrCat("所需信息描述过长（最多", options_.max_description_chars,
                       "个字）"));
  }
  a.doc_number = field("doc_number", in.doc_number, "文号", false);
  std::optional<DeliveryForm> form = ParseDeliveryForm(in.delivery_form);
  if (!form) {
    v.Add("delivery_form",
          "请选择获取信息的方式：纸质、电子邮件、光盘或现场查阅");
  } else {
    a.delivery_form = *form;
    if (*form == DeliveryForm::kEmail && p.email.empty())
      v.Add("email", "选择以电子邮件获取时须填写电子邮箱");
  }
  a.delivery_way = field("delivery_way", in.delivery_way, "获取途径", false);
  if (Trim(in.unit).empty()) {
    v.Add("unit", "请选择申请的机关");
  } else if (absl::StatusOr<org::Unit> u = org_.ResolveUnit(Trim(in.unit));
             !u.ok() || u->retired) {
    v.Add("unit", absl::StrCat("没有名为“", Trim(in.unit), "”的机关"));
  } else {
    a.unit_id = u->id;
  }
  const absl::CivilDay today = Today(clock_);
  if (staff_entry) {
    std::optional<Channel> ch = ParseChannel(in.channel);
    if (!ch || *ch == Channel::kOnline) {
      v.Add("channel",
            "请选择收到申请的渠道：当面提交、邮寄（需签收）、平常信函、传真或口"
            "头申请");
    } else {
      a.channel = *ch;
    }
    std::optional<absl::CivilDay> received = ParseDay(Trim(in.received_on));
    if (!received) {
      v.Add("received_on", "请填写收到申请的日期（YYYY-MM-DD）");
    } else if (*received > today) {
      v.Add("received_on", "收到申请的日期不能晚于今天");
    }
    std::optional<absl::CivilDay> arrived =
        Trim(in.arrived_on).empty() ? received : ParseDay(Trim(in.arrived_on));
    if (!arrived && !Trim(in.arrived_on).empty()) {
      v.Add("arrived_on", "到达日期格式应为YYYY-MM-DD");
    } else if (received && *arrived > *received) {
      v.Add("arrived_on", "到达日期不能晚于确认收到的日期");
    }
    if (received && arrived) {
      a.received_on = received;
      a.arrived_at = FormatTimestamp(StartOfDay(*arrived));
    }
    a.state = State::kRegistered;
  } else {
    a.channel = Channel::kOnline;
    a.state = State::kPendingConfirmation;
    a.arrived_at = FormatTimestamp(clock_.Now());
  }
  ZWGK_RETURN_IF_ERROR(v.ToStatus("申请信息有误"));
  return a;
}

Service::Snapshot Service::Prefetch() {
  Snapshot snap{.cal = calendar_.calendar()};
  if (auto units = org_.ListUnits({.include_retired = true}); units.ok()) {
    for (const org::Unit& u : *units) snap.units[u.id] = u.name;
  }
  return snap;
}

absl::StatusOr<Submitted> Service::Create(db::Tx& tx, const Snapshot& snap,
                                          const Actor& actor,
                                          StoredApplication a,
                                          absl::string_view event_kind) {
  Submitted out;
  // 12 characters, no lookalikes: typed from paper by the applicant.
  static constexpr absl::string_view kAlphabet =
      "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  std::string hex = crypto::RandomHex(12);
  for (size_t i = 0; i < 12; ++i) {
    int v = std::stoi(hex.substr(i * 2, 2), nullptr, 16);
    out.query_code.push_back(kAlphabet[v % kAlphabet.size()]);
  }
  a.query_code_hash = crypto::Sha256Hex(out.query_code);
  a.created_at = FormatTimestamp(clock_.Now());
  a.created_by = actor.name;
  ZWGK_ASSIGN_OR_RETURN(out.id, store::Insert(tx, a));
  const absl::CivilDay today = Today(clock_);
  out.tracking_number = absl::StrFormat("YSQ%04d%06d", today.year(), out.id);
  a.id = out.id;
  a.tracking_number = out.tracking_number;
  ZWGK_RETURN_IF_ERROR(store::SetTrackingNumber(tx, a.id, a.tracking_number));
  absl::CivilDay arrived = absl::CivilDay(
      absl::ToCivilDay(absl::FromUnixSeconds(0), ChinaTimeZone()));
  absl::Time t;
  std::string err;
  if (absl::ParseTime(absl::RFC3339_full, a.arrived_at, &t, &err))
    arrived = absl::ToCivilDay(t, ChinaTimeZone());
  ZWGK_RETURN_IF_ERROR(
      store::AppendEvent(tx, a.id,
                         {.kind = std::string(event_kind),
                          .on = arrived,
                          .data = {{"channel", ChannelName(a.channel)}},
                          .actor = actor.name,
                          .created_at = a.created_at})
          .status());
  if (a.received_on) {
    ZWGK_RETURN_IF_ERROR(
        store::AppendEvent(tx, a.id,
                           {.kind = std::string(ActionName(Action::kReceive)),
                            .on = *a.received_on,
                            .data = {{"channel", ChannelName(a.channel)}},
                            .actor = actor.name,
                            .created_at = a.created_at})
            .status());
    ZWGK_ASSIGN_OR_RETURN(std::vector<Event> events, store::Events(tx, a.id));
    auto clock = calendar::ComputeClock(
        *snap.cal, calendar::Period::WorkingDays(options_.reply_workdays),
        ClockEventsFor(events, options_), {.trace = false});
    if (clock.ok()) {
      a.due_on = clock->due;
      ZWGK_RETURN_IF_ERROR(store::UpdateDue(tx, a.id, a.due_on));
    }
  }
  out.state = a.state;
  ZWGK_RETURN_IF_ERROR(
      audit::Record(tx, clock_, actor,
                    {.action = absl::StrCat("application.", event_kind),
                     .entity = "application",
                     .entity_id = absl::StrCat(a.id),
                     .before = nullptr,
                     .after = AuditState(a)}));
  return out;
}

absl::StatusOr<Submitted> Service::Submit(const ApplicationInput& in) {
  ZWGK_ASSIGN_OR_RETURN(StoredApplication a, Validate(in, false));
  const Snapshot snap = Prefetch();
  return db_.InTransaction<Submitted>([&](db::Tx& tx) {
    return Create(tx, snap, PublicActor(), a, "submitted");
  });
}

absl::StatusOr<Submitted> Service::Enter(const Actor& actor,
                                         const ApplicationInput& in) {
  if (!IsStaffRole(actor.role))
    return absl::PermissionDeniedError("只有工作人员可以登记书面申请");
  ZWGK_ASSIGN_OR_RETURN(StoredApplication a, Validate(in, true));
  if (!ActsForUnit(actor, a.unit_id)) {
    return absl::PermissionDeniedError("只能登记本单位收到的申请");
  }
  const Snapshot snap = Prefetch();
  return db_.InTransaction<Submitted>(
      [&](db::Tx& tx) { return Create(tx, snap, actor, a, "entered"); });
}

absl::StatusOr<ImportOutcome> Service::ImportCsv(const Actor& actor,
                                                 absl::string_view csv) {
  if (!IsStaffRole(actor.role))
    return absl::PermissionDeniedError("只有工作人员可以导入书面申请");
  ZWGK_ASSIGN_OR_RETURN(
      auto rows, catalog::ParseCsv(std::string_view(csv.data(), csv.size())));
  if (rows.empty()) return absl::InvalidArgumentError("CSV 文件是空的");
  using Setter = InputField;
  std::map<std::string, Setter> columns(ApplicationInputFields().begin(),
                                        ApplicationInputFields().end());
  ImportOutcome outcome;
  std::vector<Setter> setters;
  for (const std::string& h : rows[0]) {
    auto it = columns.find(Trim(h));
    if (it == columns.end()) {
      outcome.errors.push_back(
          {0, Trim(h), absl::StrCat("未知的列“", Trim(h), "”")});
      setters.push_back(nullptr);
    } else {
      setters.push_back(it->second);
    }
  }
  std::vector<StoredApplication> valid;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (std::all_of(row.begin(), row.end(),
                    [](const std::string& f) { return Trim(f).empty(); }))
      continue;
    ApplicationInput in;
    for (size_t c = 0; c < row.size() && c < setters.size(); ++c)
      if (setters[c]) in.*setters[c] = row[c];
    if (row.size() > setters.size()) {
      outcome.errors.push_back(
          {static_cast<int>(r), "",
           absl::StrCat("该行有", row.size(), "列，多于表头的", setters.size(),
                        "列")});
    }
    absl::StatusOr<StoredApplication> a = Validate(in, true);
    if (!a.ok()) {
      FieldErrors fields = GetFieldErrors(a.status());
      if (fields.empty())
        outcome.errors.push_back(
            {static_cast<int>(r), "", std::string(a.status().message())});
      for (const auto& [col, msg] : fields)
        outcome.errors.push_back({static_cast<int>(r), col, msg});
      continue;
    }
    if (!ActsForUnit(actor, a->unit_id)) {
      outcome.errors.push_back(
          {static_cast<int>(r), "unit", "只能登记本单位收到的申请"});
      continue;
    }
    valid.push_back(std::move(*a));
  }
  if (!outcome.errors.empty()) return outcome;
  if (valid.empty()) return absl::InvalidArgumentError("CSV 中没有申请数据行");
  const Snapshot snap = Prefetch();
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    for (const StoredApplication& a : valid) {
      ZWGK_ASSIGN_OR_RETURN(Submitted s, Create(tx, snap, actor, a, "entered"));
      outcome.created.push_back(std::move(s));
    }
    return absl::OkStatus();
  }));
  return outcome;
}

// ---------------------------------------------------------------------------
// Views.

absl::StatusOr<Detail> Service::Build(db::Tx& tx, const Snapshot& snap,
                                      const StoredApplication& a,
                                      const Actor* viewer, bool trace) {
  Detail d;
  d.app = a;
  d.personal_data_visible = viewer && Sees(*viewer, a.unit_id);
  if (!d.personal_data_visible) Mask(d.app);
  if (auto u = snap.units.find(a.unit_id); u != snap.units.end())
    d.unit_name = u->second;
  ZWGK_ASSIGN_OR_RETURN(d.events, store::Events(tx, a.id));
  const calendar::Calendar* cal = snap.cal.get();
  if (a.received_on) {
    d.clock_events = ClockEventsFor(d.events, options_);
    absl::StatusOr<calendar::ClockResult> clock = calendar::ComputeClock(
        *cal, calendar::Period::WorkingDays(options_.reply_workdays),
        d.clock_events,
        {.today = Today(clock_),
         .due_soon_within = options_.due_soon_within,
         .trace = trace});
    if (!clock.ok()) return clock.status();
    d.clock = std::move(*clock);
    // Shown only while a correction notice may still be sent.
    if ((a.state == State::kRegistered || a.state == State::kProcessing) &&
        !LastOfKind(d.events, ActionName(Action::kRequestCorrection))) {
      d.correction_notice_by = cal->NthWorkdayAfter(
          *a.received_on, options_.correction_notice_workdays);
    }
  }
  d.extended_days = ExtendedDays(d.events);
  if (a.state == State::kCorrectionRequested) {
    if (const Event* e =
            LastOfKind(d.events, ActionName(Action::kRequestCorrection))) {
      d.correction_deadline = DataDay(*e, "deadline");
      d.correction_items = e->data.value("items", "");
    }
  }
  if (a.state == State::kConsulting) {
    if (const Event* e =
            LastOfKind(d.events, ActionName(Action::kStartConsultation)))
      d.third_party_due = DataDay(*e, "party_due");
  }
  if (const Event* e = LastOfKind(d.events, ActionName(Action::kFeeNotice))) {
    if (a.state == State::kFeePending) d.fee_pay_by = DataDay(*e, "pay_by");
    FeeQuote q;
    q.mode = ParseFeeMode(e->data.value("mode", ""))
                 .value_or(FeeMode::kPerApplication);
    q.amount_yuan = e->data.value("amount", 0);
    q.working = e->data.value("working", std::vector<std::string>{});
    d.fee = q;
  }
  if (viewer) {
    for (Action act : kAllActions) {
      const auto from = FromStates(act);
      if (std::find(from.begin(), from.end(), a.state) != from.end() &&
          RoleMay(*viewer, act) && ActsForUnit(*viewer, a.unit_id))
        d.allowed.push_back(act);
    }
    if (d.personal_data_visible) {
      ZWGK_ASSIGN_OR_RETURN(d.attachments, store::Attachments(tx, a.id));
    }
  }
  return d;
}

absl::StatusOr<Detail> Service::Status(absl::string_view tracking_number,
                                       absl::string_view query_code) {
  const absl::Status not_found =
      absl::NotFoundError("未找到该申请：请核对查询号和查询码");
  std::string number =
      absl::AsciiStrToUpper(absl::StripAsciiWhitespace(tracking_number));
  std::string code =
      absl::AsciiStrToUpper(absl::StripAsciiWhitespace(query_code));
  if (number.empty() || code.empty() || number.size() > 40 || code.size() > 40)
    return not_found;
  const Snapshot snap = Prefetch();
  return db_.InTransaction<Detail>([&](db::Tx& tx) -> absl::StatusOr<Detail> {
    absl::StatusOr<StoredApplication> a = store::GetByTracking(tx, number);
    if (!a.ok()) return absl::IsNotFound(a.status()) ? not_found : a.status();
    if (!crypto::ConstantTimeEquals(crypto::Sha256Hex(code),
                                    a->query_code_hash))
      return not_found;
    return Build(tx, snap, *a, nullptr, /*trace=*/false);
  });
}

absl::StatusOr<Detail> Service::Get(const Actor& actor, int64_t id) {
  const Snapshot snap = Prefetch();
  return db_.InTransaction<Detail>([&](db::Tx& tx) -> absl::StatusOr<Detail> {
    ZWGK_ASSIGN_OR_RETURN(StoredApplication a, Visible(tx, actor, id));
    return Build(tx, snap, a, &actor, /*trace=*/true);
  });
}

absl::StatusOr<std::vector<Detail>> Service::List(const Actor& actor,
                                                  const ListFilter& f) {
  if (!IsStaffRole(actor.role))
    return absl::PermissionDeniedError("需要工作人员账号");
  StoreFilter sf{.limit = std::clamp(f.limit, 1, 1000)};
  if (f.state && !f.state->empty()) {
    sf.state = ParseState(*f.state);
    if (!sf.state)
      return InvalidFields(
          "筛选条件有误",
          {{"state", absl::StrCat("未知的状态“", *f.state, "”")}});
  }
  if (f.unit && !f.unit->empty()) {
    absl::StatusOr<org::Unit> u = org_.ResolveUnit(*f.unit);
    if (!u.ok())
      return InvalidFields(
          "筛选条件有误",
          {{"unit", absl::StrCat("没有名为“", *f.unit, "”的单位")}});
    sf.unit_id = u->id;
  }
  // Other staff see their own unit only: another unit's filter, or no unit
  // at all, leaves nothing to list.
  if (!IsAdmin(actor)) {
    if (!actor.unit_id || (sf.unit_id && *sf.unit_id != *actor.unit_id))
      return std::vector<Detail>{};
    sf.unit_id = actor.unit_id;
  }
  if (f.tracking_number && !f.tracking_number->empty())
    sf.tracking_number = absl::AsciiStrToUpper(*f.tracking_number);
  if (!f.due.empty() && f.due != "due_soon" && f.due != "overdue")
    return InvalidFields("筛选条件有误",
                         {{"due", "只能是 due_soon 或 overdue"}});
  sf.open_only = !f.due.empty();
  const Snapshot snap = Prefetch();
  return db_.InTransaction<std::vector<Detail>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<Detail>> {
        ZWGK_ASSIGN_OR_RETURN(std::vector<StoredApplication> rows,
                              store::List(tx, sf));
        std::vector<Detail> out;
        for (const StoredApplication& a : rows) {
          ZWGK_ASSIGN_OR_RETURN(Detail d, Build(tx, snap, a, &actor, false));
          if (!f.due.empty()) {
            if (!d.clock) continue;
            calendar::ClockState s = d.clock->state;
            if (f.due == "overdue" && s != calendar::ClockState::kOverdue)
              continue;
            if (f.due == "due_soon" && s != calendar::ClockState::kDueSoon)
              continue;
          }
          out.push_back(std::move(d));
        }
        if (!f.due.empty()) {
          std::stable_sort(
              out.begin(), out.end(), [](const Detail& a, const Detail& b) {
                return a.clock->due.value_or(absl::CivilDay(9999)) <
                       b.clock->due.value_or(absl::CivilDay(9999));
              });
        }
        return out;
      });
}

// ---------------------------------------------------------------------------
// Transitions.

absl::StatusOr<Detail> Service::Act(const Actor& actor, int64_t id,
                                    Action action, const ActionInput& in) {
  const Snapshot snap = Prefetch();
  return db_.InTransaction<Detail>([&](db::Tx& tx) -> absl::StatusOr<Detail> {
    ZWGK_ASSIGN_OR_RETURN(StoredApplication a, Visible(tx, actor, id));
    if (!RoleMay(actor, action)) {
      return absl::PermissionDeniedError(absl::StrCat(
          ActionLabel(action), "须由", RoleNeeded(action), "办理"));
    }
    const auto from = FromStates(action);
    if (std::find(from.begin(), from.end(), a.state) == from.end())
      return IllegalTransition(a.state, action);
    ZWGK_ASSIGN_OR_RETURN(std::vector<Event> events, store::Events(tx, id));
    const nlohmann::json before = AuditState(a);
    ZWGK_ASSIGN_OR_RETURN(Event e,
                          Apply(tx, snap, actor, a, events, action, in));
    events.push_back(e);
    // The clock must accept the new log; its due date refreshes the cache.
    if (a.received_on) {
      absl::StatusOr<calendar::ClockResult> clock = calendar::ComputeClock(
          *snap.cal, calendar::Period::WorkingDays(options_.reply_workdays),
          ClockEventsFor(events, options_), {.trace = false});
      if (!clock.ok()) return clock.status();
      a.due_on = clock->due;
    }
    ZWGK_RETURN_IF_ERROR(store::Update(tx, a));
    ZWGK_RETURN_IF_ERROR(store::AppendEvent(tx, id, e).status());
    ZWGK_RETURN_IF_ERROR(audit::Record(
        tx, clock_, actor,
        {.action = absl::StrCat("application.", ActionName(action)),
         .entity = "application",
         .entity_id = absl::StrCat(id),
         .before = before,
         .after = AuditState(a)}));
    return Build(tx, snap, a, &actor, /*trace=*/true);
  });
}

absl::StatusOr<Event> Service::Apply(db::Tx& tx, const Snapshot& snap,
                                     const Actor& actor, StoredApplication& a,
                                     const std::vector<Event>& events,
                                     Action action, const ActionInput& in) {
  ZWGK_ASSIGN_OR_RETURN(absl::CivilDay on,
                        CheckDate(in.on, Today(clock_), events));
  Event e{.kind = std::string(ActionName(action)),
          .on = on,
          .data = nlohmann::json::object(),
          .actor = actor.name,
          .created_at = FormatTimestamp(clock_.Now())};
  Step step{*snap.cal, options_, a, events, in, on, e};
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
      s = FeeNotice(step, [&](FeeMode mode, int pages) {
        return QuoteIn(tx, a, mode, pages);
      });
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

// ---------------------------------------------------------------------------
// Attachments, fees, statistics, letters, recomputation.

absl::Status Service::Attach(const Actor& actor, int64_t id,
                             absl::string_view name, absl::string_view bytes) {
  // Nothing reaches the data dir for an application the actor may not see.
  ZWGK_RETURN_IF_ERROR(db_.Transaction(
      [&](db::Tx& tx) { return Visible(tx, actor, id).status(); }));
  if (Trim(name).empty())
    return InvalidFields("附件有误", {{"file", "请选择文件"}});
  // Checked by content (PDF, DOCX, XLSX, images) and stored by hash before
  // the transaction: a rolled-back action leaves at most an unused file.
  ZWGK_ASSIGN_OR_RETURN(
      content::CheckedUpload up,
      content::CheckUpload(name, bytes, options_.max_attachment_bytes));
  ZWGK_RETURN_IF_ERROR(blobs_.Put(bytes).status());
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_RETURN_IF_ERROR(Visible(tx, actor, id).status());
    Attachment att{.name = up.display_name,
                   .content_type = up.type.mime,
                   .sha256 = up.sha256_hex,
                   .size = up.size,
                   .created_at = FormatTimestamp(clock_.Now()),
                   .created_by = actor.name};
    ZWGK_ASSIGN_OR_RETURN(int64_t att_id, store::AddAttachment(tx, id, att));
    return audit::Record(
        tx, clock_, actor,
        {.action = "application.attach",
         .entity = "application",
         .entity_id = absl::StrCat(id),
         .before = nullptr,
         .after = {{"attachment", att_id}, {"name", att.name}}});
  });
}

absl::StatusOr<std::pair<Attachment, std::string>> Service::GetAttachment(
    const Actor& actor, int64_t id, int64_t attachment) {
  ZWGK_ASSIGN_OR_RETURN(
      Attachment found,
      db_.InTransaction<Attachment>(
          [&](db::Tx& tx) -> absl::StatusOr<Attachment> {
            ZWGK_RETURN_IF_ERROR(Visible(tx, actor, id).status());
            ZWGK_ASSIGN_OR_RETURN(std::vector<Attachment> all,
                                  store::Attachments(tx, id));
            for (Attachment& att : all)
              if (att.id == attachment) return std::move(att);
            return absl::NotFoundError("附件不存在");
          }));
  ZWGK_ASSIGN_OR_RETURN(std::string bytes, blobs_.Get(found.sha256));
  return std::make_pair(std::move(found), std::move(bytes));
}

absl::StatusOr<FeeQuote> Service::QuoteFee(int64_t id, FeeMode mode,
                                           int pages) {
  return db_.InTransaction<FeeQuote>(
      [&](db::Tx& tx) -> absl::StatusOr<FeeQuote> {
        ZWGK_ASSIGN_OR_RETURN(StoredApplication a, store::Get(tx, id));
        return QuoteIn(tx, a, mode, pages);
      });
}

absl::StatusOr<FeeQuote> Service::QuoteIn(db::Tx& tx,
                                          const StoredApplication& a,
                                          FeeMode mode, int pages) {
  if (mode == FeeMode::kPerPage) return QuotePerPage(pages);
  {
    if (!a.received_on)
      return absl::FailedPreconditionError("申请尚未确认收到，不能计费");
    absl::CivilMonth month(*a.received_on);
    absl::CivilDay first(month), last(month + 1);
    --last;
    ZWGK_ASSIGN_OR_RETURN(
        int nth, store::CountForApplicant(tx, a.applicant_key, a.unit_id, first,
                                          last, a.id));
    FeeQuote q = QuotePerApplication(nth);
    q.working.insert(q.working.begin(),
                     absl::StrCat(month.year(), "年", month.month(),
                                  "月向本机关提出的申请按收到申请日期计"));
    return q;
  }
}

absl::StatusOr<Table3> Service::Statistics(const Actor& actor, int year,
                                           std::optional<int64_t> unit_id) {
  // Each unit reports its own applications; the county office adds them up.
  if (!IsAdmin(actor)) {
    if (!IsStaffRole(actor.role) || !actor.unit_id ||
        (unit_id && *unit_id != *actor.unit_id))
      return absl::NotFoundError("没有可查看的统计：只能统计本单位收到的申请");
    unit_id = actor.unit_id;
  }
  Table3 t{.year = year, .unit_id = unit_id};
  const absl::CivilDay first(year, 1, 1), last(year, 12, 31);
  return db_.InTransaction<Table3>([&](db::Tx& tx) -> absl::StatusOr<Table3> {
    ZWGK_ASSIGN_OR_RETURN(std::vector<StoredApplication> all,
                          store::ReceivedThrough(tx, last, unit_id));
    for (const StoredApplication& a : all) {
      const int col = static_cast<int>(a.applicant.category);
      auto add = [&](Table3::Counts& c) {
        ++c[col];
        ++c[Table3::kColumns - 1];
      };
      // Concluded before this year: not part of it.
      if (a.concluded_on && *a.concluded_on < first) continue;
      if (*a.received_on >= first) {
        add(t.new_received);
      } else {
        add(t.carried_in);
      }
      if (a.concluded_on && *a.concluded_on <= last) {
        std::optional<ResultRow> row;
        if (a.reply_type) row = RowForReply(*a.reply_type, a.ground);
        if (!row) row = RowForState(a.state);
        if (!row) row = ResultRow::kOtherHandling;
        add(t.results[static_cast<int>(*row)]);
        add(t.concluded);
      } else {
        add(t.carried_out);
      }
    }
    ZWGK_ASSIGN_OR_RETURN(
        t.self_served, store::CountSelfServed(tx, absl::StrCat(year), unit_id));
    return t;
  });
}

absl::StatusOr<std::vector<FoundRecord>> Service::FindPublished(
    absl::string_view description, int limit) {
  if (!finder_ || absl::StripAsciiWhitespace(description).empty())
    return std::vector<FoundRecord>{};
  return finder_(absl::StripAsciiWhitespace(description), limit);
}

absl::StatusOr<std::string> Service::OfferSelfService(absl::string_view unit,
                                                      absl::string_view query) {
  SelfServeOffer offer{.query = std::string(query.substr(
                           0, std::min<size_t>(query.size(), 2000)))};
  if (!Trim(unit).empty()) {
    if (auto u = org_.ResolveUnit(Trim(unit)); u.ok()) offer.unit_id = u->id;
  }
  std::string token = crypto::RandomHex(kOfferTokenBytes);
  const absl::Time now = clock_.Now();
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) {
    return store::AddSelfServeOffer(
        tx, crypto::Sha256Hex(token), offer, FormatTimestamp(now),
        FormatTimestamp(now - options_.self_serve_offer_ttl));
  }));
  return token;
}

absl::StatusOr<bool> Service::RecordSelfServed(absl::string_view token,
                                               absl::string_view record_id) {
  if (!IsOfferToken(token)) return false;
  const absl::Time now = clock_.Now();
  return db_.InTransaction<bool>([&](db::Tx& tx) -> absl::StatusOr<bool> {
    ZWGK_ASSIGN_OR_RETURN(
        std::optional<SelfServeOffer> offer,
        store::UseSelfServeOffer(
            tx, crypto::Sha256Hex(token), FormatTimestamp(now),
            FormatTimestamp(now - options_.self_serve_offer_ttl)));
    if (!offer) return false;
    ZWGK_RETURN_IF_ERROR(store::AddSelfServed(
        tx, offer->unit_id, offer->query, std::string(record_id.substr(0, 100)),
        FormatTimestamp(now)));
    return true;
  });
}

absl::StatusOr<ReplyLetter> Service::Letter(const Detail& d) {
  const StoredApplication& a = d.app;
  if (!a.reply_type || !a.concluded_on || !a.received_on)
    return absl::FailedPreconditionError("申请尚未答复，没有答复书");
  ReplyLetter l;
  l.title = "政府信息公开申请答复书";
  l.unit_name = d.unit_name;
  l.number = absl::StrCat(d.unit_name, "依申请公开〔", a.concluded_on->year(),
                          "〕", a.id, "号");
  l.recipient = a.applicant.name;
  l.date = FmtCn(*a.concluded_on);
  l.paragraphs.push_back(absl::StrCat(
      "本机关于", FmtCn(*a.received_on), "收到",
      a.applicant.type == ApplicantType::kOrganization ? "贵单位" : "您",
      "提出的政府信息公开申请（查询号：", a.tracking_number, "），申请获取“",
      a.description, "”",
      a.doc_number.empty() ? "" : absl::StrCat("（文号：", a.doc_number, "）"),
      "。"));
  std::string substance;
  switch (*a.reply_type) {
    case ReplyType::kDisclosed:
      substance =
          absl::StrCat("经审查，您申请的信息属于公开范围，现予以公开，以",
                       DeliveryFormLabel(a.delivery_form), "形式提供。");
      l.basis.push_back(
          "《中华人民共和国政府信息公开条例》第三十六条第（二）项");
      break;
    case ReplyType::kAlreadyPublic:
      substance = "经查，您申请的信息已经主动公开，获取方式和途径见下。";
      l.basis.push_back(
          "《中华人民共和国政府信息公开条例》第三十六条第（一）项");
      break;
    case ReplyType::kPartial:
      substance =
          "经审查，您申请的信息中部分内容可以公开，现提供可以公开的部分；不能公"
          "开的部分及理由见下。";
      l.basis.push_back("《中华人民共和国政府信息公开条例》第三十七条");
      break;
    case ReplyType::kWithheld:
    case ReplyType::kUnable:
    case ReplyType::kNotHandled:
      substance = absl::StrCat("经审查，您申请的信息",
                               ReplyTypeLabel(*a.reply_type), "，理由：",
                               a.ground ? GroundLabel(*a.ground) : "", "。");
      if (a.ground) l.basis.push_back(std::string(GroundBasis(*a.ground)));
      break;
    case ReplyType::kNotThisAgency:
      substance =
          "经查，您申请的信息不属于本机关负责公开，请向负责该信息的机关申请。";
      l.basis.push_back(
          "《中华人民共和国政府信息公开条例》第三十六条第（五）项");
      break;
    case ReplyType::kSpecialStatute:
      substance =
          "您申请的信息，有关法律、行政法规对获取有专门规定，请按照有关规定办理"
          "。";
      l.basis.push_back(
          "《中华人民共和国政府信息公开条例》第三十六条第（七）项");
      break;
  }
  l.paragraphs.push_back(substance);
  if (!a.reply_text.empty()) l.paragraphs.push_back(a.reply_text);
  l.remedies =
      absl::StrCat("如对本答复不服，可以自收到本答复之日起", kReviewDays,
                   "日内依法申请行政复议，或者自收到本答复之日起",
                   kLitigationMonths, "个月内依法向人民法院提起行政诉讼。");
  return l;
}

absl::StatusOr<calendar::RecomputeCount> Service::Recompute(
    const calendar::Calendar& cal) {
  calendar::RecomputeCount count;
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(
        std::vector<StoredApplication> open,
        store::List(tx, {.open_only = true, .limit = 1000000}));
    for (const StoredApplication& a : open) {
      if (!a.received_on) continue;
      ++count.checked;
      ZWGK_ASSIGN_OR_RETURN(std::vector<Event> events, store::Events(tx, a.id));
      absl::StatusOr<calendar::ClockResult> clock = calendar::ComputeClock(
          cal, calendar::Period::WorkingDays(options_.reply_workdays),
          ClockEventsFor(events, options_), {.trace = false});
      if (!clock.ok()) continue;  // an old log the engine now refuses: keep
      if (clock->due != a.due_on) {
        ++count.moved;
        ZWGK_RETURN_IF_ERROR(store::UpdateDue(tx, a.id, clock->due));
      }
    }
    return absl::OkStatus();
  }));
  return count;
}

}  // namespace zwgk::applications
