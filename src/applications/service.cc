#include "applications/service.h"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "applications/internal.h"
#include "content/filetype.h"
#include "core/audit.h"
#include "core/crypto.h"
#include "core/status.h"
#include "privacy/scan.h"

namespace zwgk::applications {
namespace {

using internal::AuditState;
using internal::Trim;

// The application as `actor` may see it. Anyone else gets the answer an id
// that does not exist gets, so probing ids of other units tells nothing.
absl::StatusOr<StoredApplication> Visible(db::Tx& tx, const Actor& actor,
                                          int64_t id) {
  absl::StatusOr<StoredApplication> a = store::Get(tx, id);
  if (a.ok() && !SeesApplication(actor, a->unit_id))
    return absl::NotFoundError(absl::StrCat("申请 ", id, " 不存在"));
  return a;
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

}  // namespace

// Intake (Validate, Create, Submit, Enter, ImportCsv) is in intake.cc, the
// clock (ClockEventsFor, ReplyClock, Recompute) in clock_events.cc, the
// statistics in stats.cc, the letter in letter.cc and the workflow rules the
// transitions follow in workflow.cc.

Service::Service(db::Database& db, const Clock& clock, org::Service& org,
                 calendar::Service& calendar, ServiceOptions options)
    : db_(db),
      clock_(clock),
      org_(org),
      calendar_(calendar),
      options_(options),
      blobs_((std::filesystem::path(options_.data_dir) / "blobs").string()) {}

Service::Snapshot Service::Prefetch() {
  Snapshot snap{.cal = calendar_.calendar()};
  if (auto units = org_.ListUnits({.include_retired = true}); units.ok()) {
    for (const org::Unit& u : *units) snap.units[u.id] = u.name;
  }
  return snap;
}

// ---------------------------------------------------------------------------
// Views.

absl::StatusOr<Detail> Service::Build(db::Tx& tx, const Snapshot& snap,
                                      const StoredApplication& a,
                                      const Actor* viewer, bool trace) {
  Detail d;
  d.app = a;
  d.personal_data_visible = viewer && SeesApplication(*viewer, a.unit_id);
  if (!d.personal_data_visible) Mask(d.app);
  if (auto u = snap.units.find(a.unit_id); u != snap.units.end())
    d.unit_name = u->second;
  ZWGK_ASSIGN_OR_RETURN(d.events, store::Events(tx, a.id));
  const calendar::Calendar* cal = snap.cal.get();
  if (a.received_on) {
    d.clock_events = ClockEventsFor(d.events, options_);
    absl::StatusOr<calendar::ClockResult> clock = ReplyClock(
        *cal, d.events, options_, {.today = Today(clock_), .trace = trace});
    if (!clock.ok()) return clock.status();
    d.clock = std::move(*clock);
    if (d.clock->due)
      d.due_estimate =
          calendar_.EstimateNote(*cal, *a.received_on, *d.clock->due);
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
    d.allowed = AllowedActions(*viewer, a.unit_id, a.state);
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
  if (!IsStaff(actor.role))
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
  ZWGK_ASSIGN_OR_RETURN(nlohmann::json privacy,
                        CheckReplyPrivacy(actor, id, action, in));
  const Snapshot snap = Prefetch();
  return db_.InTransaction<Detail>([&](db::Tx& tx) -> absl::StatusOr<Detail> {
    ZWGK_ASSIGN_OR_RETURN(StoredApplication a, Visible(tx, actor, id));
    if (!RoleMay(actor, action)) {
      return absl::PermissionDeniedError(absl::StrCat(
          ActionLabel(action), "须由", RoleNeeded(action), "办理"));
    }
    if (!MayStart(a.state, action)) return IllegalTransition(a.state, action);
    ZWGK_ASSIGN_OR_RETURN(std::vector<Event> events, store::Events(tx, id));
    const nlohmann::json before = AuditState(a);
    ZWGK_ASSIGN_OR_RETURN(Event e,
                          Apply(tx, snap, actor, a, events, action, in));
    events.push_back(e);
    // The clock must accept the new log; its due date refreshes the cache.
    if (a.received_on) {
      ZWGK_ASSIGN_OR_RETURN(calendar::ClockResult clock,
                            ReplyClock(*snap.cal, events, options_));
      a.due_on = clock.due;
    }
    ZWGK_RETURN_IF_ERROR(store::Update(tx, a));
    ZWGK_RETURN_IF_ERROR(store::AppendEvent(tx, id, e).status());
    nlohmann::json after = AuditState(a);
    if (!privacy.is_null()) after["privacy"] = privacy;
    ZWGK_RETURN_IF_ERROR(audit::Record(
        tx, clock_, actor,
        {.action = absl::StrCat("application.", ActionName(action)),
         .entity = "application",
         .entity_id = absl::StrCat(id),
         .before = before,
         .after = after}));
    return Build(tx, snap, a, &actor, /*trace=*/true);
  });
}

absl::StatusOr<nlohmann::json> Service::CheckReplyPrivacy(
    const Actor& actor, int64_t id, Action action, const ActionInput& in) {
  if (action != Action::kReply && action != Action::kDeliver)
    return nlohmann::json();
  struct Case {
    StoredApplication app;
    std::vector<Attachment> attachments;
  };
  ZWGK_ASSIGN_OR_RETURN(
      Case c, db_.InTransaction<Case>([&](db::Tx& tx) -> absl::StatusOr<Case> {
        ZWGK_ASSIGN_OR_RETURN(StoredApplication a, Visible(tx, actor, id));
        ZWGK_ASSIGN_OR_RETURN(std::vector<Attachment> atts,
                              store::Attachments(tx, id));
        return Case{std::move(a), std::move(atts)};
      }));
  // The applicant's own data is theirs to receive.
  privacy::ScanOptions own;
  const Applicant& p = c.app.applicant;
  for (const std::string* v :
       {&p.id_number, &p.phone, &p.email, &p.address, &p.credit_code}) {
    if (!Trim(*v).empty()) own.own_values.push_back(std::string(Trim(*v)));
  }
  std::vector<std::pair<std::string, privacy::Finding>> found;
  int64_t unlisted = 0;  // in big attachments, beyond the places listed
  if (action == Action::kReply) {
    for (privacy::Finding& f : privacy::ScanText(in.text, "答复内容", own))
      found.emplace_back("答复内容", std::move(f));
  }
  // The reply's text when it is made; its attachments (uploaded after the
  // reply) when it is delivered.
  for (const Attachment& att : c.attachments) {
    if (action != Action::kDeliver) break;
    ZWGK_ASSIGN_OR_RETURN(std::string bytes, blobs_.Get(att.sha256));
    privacy::DocumentScan scan =
        privacy::ScanDocument(bytes, att.content_type, att.name, own);
    for (privacy::Finding& f : scan.findings)
      found.emplace_back(att.name, std::move(f));
    for (const privacy::UnlistedCount& u : scan.unlisted) unlisted += u.count;
  }
  if (found.empty()) return nlohmann::json();
  nlohmann::json audit = {{"reason", Trim(in.privacy_reason)},
                          {"findings", nlohmann::json::array()}};
  if (unlisted > 0) audit["unlisted"] = unlisted;
  std::vector<std::string> named;
  for (const auto& [source, f] : found) {
    audit["findings"].push_back({{"kind", privacy::KindName(f.kind)},
                                 {"source", source},
                                 {"place", f.place},
                                 {"preview", f.preview}});
    if (named.size() < 5) {
      named.push_back(absl::StrCat(
          source, f.place == source ? "" : absl::StrCat(" ", f.place), " ",
          privacy::KindLabel(f.kind), "（", f.preview, "）"));
    }
  }
  if (!Trim(in.privacy_reason).empty()) return audit;
  std::string list = absl::StrJoin(named, "；");
  const int64_t total = static_cast<int64_t>(found.size()) + unlisted;
  if (total > static_cast<int64_t>(named.size()))
    absl::StrAppend(&list, " 等 ", total, " 处");
  return InvalidFields(
      "答复含他人的个人信息，未发送",
      {{"privacy_reason",
        absl::StrCat(
            "答复或附件含申请人以外的个人信息：", list,
            "。请上传脱敏后的附件，或填写仍须提供的理由（记入审计日志）")}});
}

absl::StatusOr<Event> Service::Apply(db::Tx& tx, const Snapshot& snap,
                                     const Actor& actor, StoredApplication& a,
                                     const std::vector<Event>& events,
                                     Action action, const ActionInput& in) {
  const StepContext ctx{
      .cal = *snap.cal,
      .limits = {.correction_notice_workdays =
                     options_.correction_notice_workdays,
                 .third_party_workdays = options_.third_party_workdays,
                 .fee_payment_workdays = options_.fee_payment_workdays},
      .today = Today(clock_),
      .quote = [&](FeeMode mode, int pages) {
        return QuoteIn(tx, a, mode, pages);
      }};
  ZWGK_ASSIGN_OR_RETURN(Event e, TakeStep(ctx, a, events, action, in));
  e.actor = actor.name;
  e.created_at = FormatTimestamp(clock_.Now());
  return e;
}

// ---------------------------------------------------------------------------
// Attachments, fees, published records.

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

}  // namespace zwgk::applications
