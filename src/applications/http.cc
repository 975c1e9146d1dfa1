#include "applications/http.h"

#include <charconv>
#include <deque>
#include <map>
#include <mutex>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "applications/letter.h"
#include "core/form_errors.h"
#include "core/guard.h"
#include "core/route_binding.h"
#include "core/status.h"

namespace zwgk::applications {
namespace {

using web::Request;
using web::Response;
using Form = std::multimap<std::string, std::string>;

std::string Str(absl::string_view s) { return std::string(s); }
std::string Fmt(absl::CivilDay d) { return calendar::FormatDate(d); }
nlohmann::json OptDay(const std::optional<absl::CivilDay>& d) {
  return d ? nlohmann::json(Fmt(*d)) : nlohmann::json();
}

using web::ParseId;

using web::FormValue;

// Abuse control for the public form: a sliding hour per client address.
class RateLimiter {
 public:
  RateLimiter(const Clock& clock, int per_hour)
      : clock_(clock), per_hour_(per_hour) {}
  bool Allow(const std::string& ip) {
    std::lock_guard lock(mu_);
    const absl::Time now = clock_.Now();
    std::deque<absl::Time>& q = hits_[ip];
    while (!q.empty() && now - q.front() >= absl::Hours(1)) q.pop_front();
    if (static_cast<int>(q.size()) >= per_hour_) return false;
    q.push_back(now);
    if (hits_.size() > 100000) hits_.clear();  // bounded memory
    return true;
  }

 private:
  const Clock& clock_;
  const int per_hour_;
  std::mutex mu_;
  std::map<std::string, std::deque<absl::Time>> hits_;
};

ApplicationInput InputFromForm(const Form& f) {
  ApplicationInput in;
  for (const auto& [name, member] : ApplicationInputFields())
    in.*member = FormValue(f, name);
  // The public form has one name field per applicant type.
  if (in.applicant_type == "organization" && !FormValue(f, "org_name").empty())
    in.name = FormValue(f, "org_name");
  if (in.applicant_type == "organization" && !FormValue(f, "org_phone").empty())
    in.phone = FormValue(f, "org_phone");
  return in;
}

std::string JsonText(const nlohmann::json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return "";
  const nlohmann::json& v = j[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  return "";
}

ApplicationInput InputFromJson(const nlohmann::json& body) {
  ApplicationInput in;
  const nlohmann::json applicant =
      body.contains("applicant") ? body["applicant"] : nlohmann::json::object();
  in.applicant_type = JsonText(applicant, "type");
  for (const char* k :
       {"name", "id_type", "id_number", "credit_code", "category",
        "legal_representative", "contact", "phone", "address", "email"}) {
    for (const auto& [name, member] : ApplicationInputFields())
      if (name == k) in.*member = JsonText(applicant, k);
  }
  in.unit = JsonText(body, "unit");
  in.description = JsonText(body, "description");
  in.doc_number = JsonText(body, "doc_number");
  if (body.contains("delivery") && body["delivery"].is_object()) {
    in.delivery_form = JsonText(body["delivery"], "form");
    in.delivery_way = JsonText(body["delivery"], "way");
  } else {
    in.delivery_form = JsonText(body, "delivery");
    in.delivery_way = JsonText(body, "delivery_way");
  }
  in.channel = JsonText(body, "channel");
  in.received_on = JsonText(body, "received_on");
  in.arrived_on = JsonText(body, "arrived_on");
  return in;
}

using ActionField = std::string ActionInput::*;
const std::vector<std::pair<std::string, ActionField>>& ActionFields() {
  static const auto* fields =
      new std::vector<std::pair<std::string, ActionField>>{
          {"on", &ActionInput::on},
          {"deadline", &ActionInput::deadline},
          {"items", &ActionInput::items},
          {"days", &ActionInput::days},
          {"approver", &ActionInput::approver},
          {"reason", &ActionInput::reason},
          {"party", &ActionInput::party},
          {"party_name", &ActionInput::party_name},
          {"outcome", &ActionInput::outcome},
          {"type", &ActionInput::type},
          {"ground", &ActionInput::ground},
          {"text", &ActionInput::text},
          {"fee_mode", &ActionInput::fee_mode},
          {"pages", &ActionInput::pages},
          {"method", &ActionInput::method},
          {"privacy_reason", &ActionInput::privacy_reason},
      };
  return *fields;
}

// The API names the date differently per step.
std::string DateAlias(Action a) {
  switch (a) {
    case Action::kReceive:
    case Action::kCorrectionReceived:
      return "received_on";
    case Action::kRequestCorrection:
      return "requested_on";
    default:
      return "on";
  }
}

ActionInput ActionFromJson(Action a, const nlohmann::json& body) {
  ActionInput in;
  for (const auto& [name, member] : ActionFields())
    in.*member = JsonText(body, name.c_str());
  if (in.on.empty()) in.on = JsonText(body, DateAlias(a).c_str());
  return in;
}

ActionInput ActionFromForm(const Form& f) {
  ActionInput in;
  for (const auto& [name, member] : ActionFields())
    in.*member = FormValue(f, name);
  return in;
}

// ---------------------------------------------------------------------------
// JSON.

nlohmann::json ApplicantJson(const Applicant& p) {
  nlohmann::json j = {{"type", Str(ApplicantTypeName(p.type))},
                      {"category", Str(CategoryName(p.category))},
                      {"category_label", Str(CategoryLabel(p.category))},
                      {"name", p.name},
                      {"phone", p.phone},
                      {"address", p.address},
                      {"email", p.email}};
  if (p.type == ApplicantType::kNaturalPerson) {
    j["id_type"] = Str(IdTypeName(p.id_type));
    j["id_number"] = p.id_number;
  } else {
    j["credit_code"] = p.credit_code;
    j["legal_representative"] = p.legal_representative;
    j["contact"] = p.contact;
  }
  return j;
}

nlohmann::json ReplyJson(const StoredApplication& a) {
  if (!a.reply_type) return nullptr;
  nlohmann::json j = {{"type", Str(ReplyTypeName(*a.reply_type))},
                      {"type_label", Str(ReplyTypeLabel(*a.reply_type))},
                      {"on", OptDay(a.concluded_on)},
                      {"text", a.reply_text}};
  if (a.ground) {
    j["ground"] = Str(GroundName(*a.ground));
    j["ground_label"] = Str(GroundLabel(*a.ground));
  }
  return j;
}

nlohmann::json ClockJson(const calendar::ClockResult& r, bool with_trace) {
  nlohmann::json j = {{"state", Str(calendar::ClockStateName(r.state))},
                      {"state_label", Str(calendar::ClockStateLabel(r.state))},
                      {"due", OptDay(r.due)},
                      {"original_due", OptDay(r.original_due)},
                      {"total", r.total},
                      {"used", r.used},
                      {"remaining", r.remaining},
                      {"overdue_by", r.overdue_by}};
  if (r.on_time) j["on_time"] = *r.on_time;
  if (with_trace) {
    nlohmann::json trace = nlohmann::json::array();
    for (const auto& e : r.trace) {
      nlohmann::json t = {{"date", Fmt(e.day)},
                          {"kind", Str(calendar::TraceKindName(e.kind))},
                          {"text", e.text}};
      if (e.kind == calendar::TraceKind::kCounted) t["number"] = e.number;
      trace.push_back(t);
    }
    j["trace"] = trace;
    j["trace_in_words"] = TraceInWords(r);
  }
  return j;
}

}  // namespace

std::vector<std::string> TraceInWords(const calendar::ClockResult& r) {
  std::vector<std::string> out;
  const auto& t = r.trace;
  for (size_t i = 0; i < t.size();) {
    const auto& e = t[i];
    size_t j = i + 1;
    if (e.kind == calendar::TraceKind::kCounted ||
        e.kind == calendar::TraceKind::kSkipped) {
      while (j < t.size() && t[j].kind == e.kind &&
             (e.kind == calendar::TraceKind::kCounted || t[j].text == e.text) &&
             t[j].day == t[j - 1].day + 1)
        ++j;
    }
    const auto& last = t[j - 1];
    std::string range = j - i > 1
                            ? absl::StrCat(Fmt(e.day), " 至 ", Fmt(last.day))
                            : Fmt(e.day);
    if (e.kind == calendar::TraceKind::kCounted) {
      out.push_back(j - i > 1 ? absl::StrCat(range, "：第", e.number, "–",
                                             last.number, "个工作日")
                              : absl::StrCat(range, "：", e.text));
    } else if (e.kind == calendar::TraceKind::kSkipped) {
      out.push_back(absl::StrCat(range, "：", e.text, "（不计入）"));
    } else {
      out.push_back(absl::StrCat(range, "：", e.text));
    }
    i = j;
  }
  return out;
}

nlohmann::json StaffJson(const Detail& d, bool with_trace) {
  const StoredApplication& a = d.app;
  nlohmann::json j = {
      {"id", a.id},
      {"tracking_number", a.tracking_number},
      {"state", Str(StateName(a.state))},
      {"state_label", Str(StateLabel(a.state))},
      {"unit", {{"id", a.unit_id}, {"name", d.unit_name}}},
      {"channel", Str(ChannelName(a.channel))},
      {"applicant", ApplicantJson(a.applicant)},
      {"personal_data_visible", d.personal_data_visible},
      {"description", a.description},
      {"doc_number", a.doc_number},
      {"delivery",
       {{"form", Str(DeliveryFormName(a.delivery_form))},
        {"way", a.delivery_way}}},
      {"arrived_at", a.arrived_at},
      {"received_on", OptDay(a.received_on)},
      {"due_date", d.clock ? OptDay(d.clock->due) : nlohmann::json()},
      {"due_estimate", d.due_estimate},
      {"clock", d.clock ? ClockJson(*d.clock, with_trace) : nlohmann::json()},
      {"reply", ReplyJson(a)},
      {"concluded_on", OptDay(a.concluded_on)},
      {"extended_days", d.extended_days},
  };
  if (d.correction_deadline)
    j["correction"] = {{"deadline", Fmt(*d.correction_deadline)},
                       {"items", d.correction_items}};
  if (d.correction_notice_by)
    j["correction_notice_by"] = Fmt(*d.correction_notice_by);
  if (d.third_party_due) j["third_party_due"] = Fmt(*d.third_party_due);
  if (d.fee) {
    j["fee"] = {{"mode", Str(FeeModeName(d.fee->mode))},
                {"amount_yuan", d.fee->amount_yuan},
                {"working", d.fee->working},
                {"pay_by", OptDay(d.fee_pay_by)}};
  }
  nlohmann::json allowed = nlohmann::json::array();
  for (Action act : d.allowed) allowed.push_back(Str(ActionName(act)));
  j["allowed_actions"] = allowed;
  if (with_trace) {
    nlohmann::json events = nlohmann::json::array();
    for (const Event& e : d.events) {
      std::optional<Action> act = ParseAction(e.kind);
      std::string label = act                     ? Str(ActionLabel(*act))
                          : e.kind == "submitted" ? "网上提交申请"
                                                  : "登记书面申请";
      events.push_back({{"kind", e.kind},
                        {"label", label},
                        {"on", Fmt(e.on)},
                        {"data", e.data},
                        {"actor", e.actor},
                        {"at", e.created_at}});
    }
    j["events"] = events;
  }
  return j;
}

nlohmann::json PublicJson(const Detail& d) {
  const StoredApplication& a = d.app;
  nlohmann::json j = {
      {"tracking_number", a.tracking_number},
      {"state", Str(StateName(a.state))},
      {"state_label", Str(StateLabel(a.state))},
      {"unit", d.unit_name},
      {"description", a.description},
      {"submitted_at", a.arrived_at},
      {"received_on", OptDay(a.received_on)},
      {"due_date", d.clock ? OptDay(d.clock->due) : nlohmann::json()},
      {"due_estimate", d.due_estimate},
      {"reply", ReplyJson(a)},
  };
  if (d.correction_deadline)
    j["correction"] = {{"deadline", Fmt(*d.correction_deadline)},
                       {"items", d.correction_items}};
  if (d.fee && d.fee_pay_by)
    j["fee"] = {{"amount_yuan", d.fee->amount_yuan},
                {"pay_by", Fmt(*d.fee_pay_by)}};
  return j;
}

namespace {

// ---------------------------------------------------------------------------
// Pages: shared context.

nlohmann::json CountsJson(const Table3::Counts& c) {
  nlohmann::json out = nlohmann::json::array();
  for (int64_t v : c) out.push_back(v);
  return out;
}

// Table 三 as rows for the page and the API: label, 7 numbers, and how the
// row sits in the template (summary rows 一/二/四 span the label columns;
// the 22 rows of 三 share one label cell; groups (三)–(六) span their items).
nlohmann::json Table3Json(const Table3& t) {
  nlohmann::json rows = nlohmann::json::array();
  auto row = [&](std::string label,
                 const Table3::Counts& c) -> nlohmann::json& {
    rows.push_back({{"label", std::move(label)}, {"counts", CountsJson(c)}});
    return rows.back();
  };
  row("一、本年新收政府信息公开申请数量", t.new_received)["summary"] = true;
  row("二、上年结转政府信息公开申请数量", t.carried_in)["summary"] = true;
  for (int r = 0; r < kResultRowCount; ++r) {
    const ResultRow rr = static_cast<ResultRow>(r);
    nlohmann::json& j = row(std::string(ResultRowLabel(rr)), t.results[r]);
    j["block_start"] = r == 0;
    if (rr == ResultRow::kDisclosed || rr == ResultRow::kPartial) {
      j["single"] = true;
      continue;
    }
    j["grouped"] = true;
    const bool first =
        ResultRowGroup(static_cast<ResultRow>(r - 1)) != ResultRowGroup(rr);
    if (!first) continue;
    int n = 0;
    while (r + n < kResultRowCount &&
           ResultRowGroup(static_cast<ResultRow>(r + n)) == ResultRowGroup(rr))
      ++n;
    j["group_start"] = true;
    j["group"] = std::string(ResultRowGroup(rr));
    j["group_rows"] = n;
  }
  row("（七）总计", t.concluded)["single"] = true;
  row("四、结转下年度继续办理", t.carried_out)["summary"] = true;
  nlohmann::json columns = nlohmann::json::array();
  for (ApplicantCategory c : kAllCategories)
    columns.push_back(Str(CategoryLabel(c)));
  columns.push_back("总计");
  return {
      {"year", t.year},
      {"unit_id", t.unit_id ? nlohmann::json(*t.unit_id) : nlohmann::json()},
      {"columns", columns},
      {"rows", rows},
      {"block_rows", kResultRowCount + 1},
      {"new_received", CountsJson(t.new_received)},
      {"carried_in", CountsJson(t.carried_in)},
      {"concluded", CountsJson(t.concluded)},
      {"carried_out", CountsJson(t.carried_out)},
      {"balanced", t.Balanced()},
      {"self_served", t.self_served}};
}

nlohmann::json Options(
    absl::Span<const std::pair<std::string, std::string>> opts,
    const std::string& selected) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [value, label] : opts)
    out.push_back(
        {{"value", value}, {"label", label}, {"selected", value == selected}});
  return out;
}

template <typename E, size_t N>
std::vector<std::pair<std::string, std::string>> Choices(
    const std::array<E, N>& all, absl::string_view (*name)(E),
    absl::string_view (*label)(E)) {
  std::vector<std::pair<std::string, std::string>> out;
  for (E e : all) out.emplace_back(Str(name(e)), Str(label(e)));
  return out;
}

std::vector<std::pair<std::string, std::string>> OrgCategories() {
  std::vector<std::pair<std::string, std::string>> out;
  for (ApplicantCategory c : kAllCategories)
    if (c != ApplicantCategory::kNaturalPerson)
      out.emplace_back(Str(CategoryName(c)), Str(CategoryLabel(c)));
  return out;
}

std::vector<std::pair<std::string, std::string>> IdTypes() {
  std::vector<std::pair<std::string, std::string>> out;
  for (IdType t :
       {IdType::kResidentId, IdType::kPassport, IdType::kHkMacaoPermit,
        IdType::kTaiwanPermit, IdType::kForeignPermanent, IdType::kOther})
    out.emplace_back(Str(IdTypeName(t)), Str(IdTypeLabel(t)));
  return out;
}

std::vector<std::pair<std::string, std::string>> DeliveryForms() {
  std::vector<std::pair<std::string, std::string>> out;
  for (DeliveryForm f : {DeliveryForm::kPaper, DeliveryForm::kEmail,
                         DeliveryForm::kDisc, DeliveryForm::kOnSite})
    out.emplace_back(Str(DeliveryFormName(f)), Str(DeliveryFormLabel(f)));
  return out;
}

std::vector<std::pair<std::string, std::string>> PaperChannels() {
  std::vector<std::pair<std::string, std::string>> out;
  for (Channel c : {Channel::kInPerson, Channel::kRegisteredMail,
                    Channel::kOrdinaryMail, Channel::kFax, Channel::kOral})
    out.emplace_back(Str(ChannelName(c)), Str(ChannelLabel(c)));
  return out;
}

std::vector<std::pair<std::string, std::string>> UnitChoices(
    org::Service& org) {
  std::vector<std::pair<std::string, std::string>> out;
  if (auto units = org.ListUnits(); units.ok()) {
    for (const org::Unit& u : *units) out.emplace_back(u.name, u.name);
  }
  return out;
}

// The units whose applications a staff member may filter by: all for the
// county office, their own for everyone else (the service decides; this
// only keeps the page from offering empty choices).
std::vector<std::pair<std::string, std::string>> StaffUnitChoices(
    org::Service& org, const Actor& actor) {
  if (IsAdmin(actor)) return UnitChoices(org);
  std::vector<std::pair<std::string, std::string>> out;
  if (actor.unit_id) {
    if (auto u = org.GetUnit(*actor.unit_id); u.ok())
      out.emplace_back(u->name, u->name);
  }
  return out;
}

// The public chooser: units grouped by kind (县政府及办公室, 县直部门,
// 乡镇人民政府), each with its "which office holds this?" hint.
nlohmann::json UnitGroups(org::Service& org, const std::string& selected) {
  nlohmann::json groups = nlohmann::json::array();
  auto units = org.ListUnits();
  auto domains = org.ListDomains();
  if (!units.ok() || !domains.ok()) return groups;
  for (absl::string_view group : org::kUnitGroups) {
    nlohmann::json members = nlohmann::json::array();
    for (const org::Unit& u : *units) {
      if (org::UnitGroupLabel(u) != group) continue;
      members.push_back({{"value", u.name},
                         {"label", u.name},
                         {"selected", u.name == selected},
                         {"hint", org::UnitHint(u, *domains)}});
    }
    if (!members.empty())
      groups.push_back({{"label", Str(group)}, {"units", members}});
  }
  return groups;
}

// The public form's fields in the order it shows them, for the error
// summary; an organisation's name and phone have their own inputs.
std::vector<FormField> ApplyFormOrder(bool org_type) {
  std::vector<FormField> order = {{"applicant_type", "applicant-type"}};
  if (org_type) {
    order.insert(order.end(), {{"name", "org_name"},
                               {"category"},
                               {"credit_code"},
                               {"legal_representative"},
                               {"contact"},
                               {"phone", "org_phone"}});
  } else {
    order.insert(order.end(),
                 {{"name"}, {"id_type"}, {"id_number"}, {"phone"}});
  }
  order.insert(order.end(), {{"address"},
                             {"email"},
                             {"unit"},
                             {"description"},
                             {"doc_number"},
                             {"delivery_form"},
                             {"delivery_way"}});
  return order;
}

// The staff form (登记书面申请) in its order.
std::vector<FormField> PaperFormOrder() {
  return {{"channel"},
          {"received_on"},
          {"arrived_on"},
          {"unit"},
          {"applicant_type", "applicant-type"},
          {"name"},
          {"id_type"},
          {"id_number"},
          {"category"},
          {"credit_code"},
          {"legal_representative"},
          {"contact"},
          {"phone"},
          {"address"},
          {"email"},
          {"description"},
          {"doc_number"},
          {"delivery_form"},
          {"delivery_way"}};
}

// The form's values and errors, for re-rendering after a refusal.
nlohmann::json FormContext(const Request& req, org::Service& org,
                           const ApplicationInput& in,
                           const absl::Status& error) {
  nlohmann::json values = nlohmann::json::object();
  for (const auto& [name, member] : ApplicationInputFields())
    values[name] = in.*member;
  const bool org_type = in.applicant_type == "organization";
  nlohmann::json ctx = {
      {"csrf_token", req.csrf_token},
      {"v", values},
      {"is_org", org_type},
      {"units", Options(UnitChoices(org), in.unit)},
      {"unit_groups", UnitGroups(org, in.unit)},
      {"categories", Options(OrgCategories(), in.category)},
      {"id_types",
       Options(IdTypes(), in.id_type.empty() ? "resident_id" : in.id_type)},
      {"delivery_forms", Options(DeliveryForms(), in.delivery_form)},
      {"channels", Options(PaperChannels(), in.channel)},
  };
  if (!error.ok()) {
    nlohmann::json err = nlohmann::json::object();
    for (const auto& [k, v] : GetFieldErrors(error)) err[k] = v;
    ctx["err"] = err;
  }
  return ctx;
}

std::string Ip(const Request& req) {
  return req.remote_ip.empty() ? "unknown" : req.remote_ip;
}

// ---------------------------------------------------------------------------
// Public pages.

struct Deps {
  Service& service;
  org::Service& org;
  const View& view;
  HttpOptions options;
  std::shared_ptr<RateLimiter> limiter;
  std::shared_ptr<RateLimiter> found_limiter;  // "this is what I need"
};

Response ApplyForm(Deps& d, Request& req, const ApplicationInput& in,
                   const absl::Status& error, int status = 200) {
  req.cache_key.clear();  // the page carries this visitor's CSRF token
  nlohmann::json ctx = FormContext(req, d.org, in, error);
  ctx["error_summary"] =
      ErrorSummary(error, ApplyFormOrder(in.applicant_type == "organization"),
                   {.heading = "申请未提交，请修改以下内容"});
  return d.view.Page(req, "applications/apply_form", ctx,
                     {.title = "政府信息公开申请", .status = status});
}

// Abuse checks shared by the form and the API: size, honeypot, rate.
std::optional<absl::Status> Abuse(Deps& d, const Request& req,
                                  const std::string& honeypot) {
  if (req.body.size() > d.options.max_body_bytes)
    return absl::InvalidArgumentError(absl::StrCat(
        "提交的内容过大（最多", d.options.max_body_bytes / 1024, "KB）"));
  if (!honeypot.empty()) return absl::InvalidArgumentError("提交未被接受");
  if (!d.limiter->Allow(Ip(req)))
    return absl::ResourceExhaustedError(
        absl::StrCat("提交过于频繁：同一网络地址每小时最多提交",
                     d.options.submissions_per_ip_per_hour,
                     "件申请，请稍后再试，或到政府信息公开工作机构当面提交"));
  return std::nullopt;
}

Response Submitted(Deps& d, Request& req, const applications::Submitted& s) {
  req.cache_key.clear();
  return d.view.Page(req, "applications/apply_submitted",
                     {{"tracking_number", s.tracking_number},
                      {"query_code", s.query_code},
                      {"csrf_token", req.csrf_token}},
                     {.title = "申请已提交"});
}

Response PostApply(Deps& d, Request& req) {
  const Form f = req.Form();
  ApplicationInput in = InputFromForm(f);
  if (auto abuse = Abuse(d, req, FormValue(f, "website"))) {
    Response r = ApplyForm(d, req, in, *abuse, web::HttpStatus(abuse->code()));
    return r;
  }
  // Art 36(一) before an application exists: show what is already public.
  if (FormValue(f, "searched") != "1" && d.service.HasRecordFinder()) {
    auto found = d.service.FindPublished(in.description, 5);
    if (found.ok() && !found->empty()) {
      nlohmann::json records = nlohmann::json::array();
      for (const FoundRecord& r : *found)
        records.push_back({{"id", r.id},
                           {"title", r.title},
                           {"url", r.url},
                           {"index_number", r.index_number},
                           {"published_on", r.published_on}});
      nlohmann::json hidden = nlohmann::json::array();
      for (const auto& [k, v] : f)
        if (k != "_csrf" && k != "searched")
          hidden.push_back({{"name", k}, {"value", v}});
      // "This is what I need" counts once per offer: the offer's token.
      absl::StatusOr<std::string> token =
          d.service.OfferSelfService(in.unit, in.description);
      if (!token.ok()) return web::Error(token.status());
      req.cache_key.clear();
      return d.view.Page(req, "applications/apply_matches",
                         {{"records", records},
                          {"hidden", hidden},
                          {"csrf_token", req.csrf_token},
                          {"offer_token", *token}},
                         {.title = "已公开的相关信息"});
    }
  }
  absl::StatusOr<applications::Submitted> s = d.service.Submit(in);
  if (!s.ok())
    return ApplyForm(d, req, in, s.status(),
                     web::HttpStatus(s.status().code()));
  return Submitted(d, req, *s);
}

Response PostFound(Deps& d, Request& req) {
  if (!d.found_limiter->Allow(Ip(req)))
    return web::Error(absl::ResourceExhaustedError(
        absl::StrCat("操作过于频繁：同一网络地址每小时最多确认",
                     d.options.found_per_ip_per_hour, "次，请稍后再试")));
  const Form f = req.Form();
  // A used, expired or made-up token counts nothing but gets the same page:
  // a reload or a second click is no error for the visitor.
  absl::StatusOr<bool> counted = d.service.RecordSelfServed(
      FormValue(f, "offer_token"), FormValue(f, "record_id"));
  if (!counted.ok()) return web::Error(counted.status());
  // Only a link to this site goes back into the page.
  std::string url = FormValue(f, "record_url");
  if (!web::IsLocalPath(url)) url.clear();
  req.cache_key.clear();
  return d.view.Page(req, "applications/apply_found", {{"url", url}},
                     {.title = "已找到所需信息"});
}

Response StatusPage(Deps& d, Request& req, const std::string& number,
                    const std::string& code) {
  req.cache_key.clear();
  nlohmann::json ctx = {{"csrf_token", req.csrf_token},
                        {"tracking_number", number}};
  if (number.empty() && code.empty()) {
    return d.view.Page(req, "applications/apply_status", ctx,
                       {.title = "申请办理进度查询"});
  }
  absl::StatusOr<Detail> det = d.service.Status(number, code);
  if (!det.ok()) {
    ctx["error"] = Str(det.status().message());
    return d.view.Page(req, "applications/apply_status", ctx,
                       {.title = "申请办理进度查询",
                        .status = web::HttpStatus(det.status().code())});
  }
  ctx["found"] = PublicJson(*det);
  if (auto letter = d.service.Letter(*det); letter.ok())
    ctx["letter"] = LetterJson(*letter);
  return d.view.Page(req, "applications/apply_status", ctx,
                     {.title = "申请办理进度查询"});
}

// ---------------------------------------------------------------------------
// Staff pages.

nlohmann::json RowJson(const Detail& det) {
  nlohmann::json j = StaffJson(det, false);
  j["due_date_text"] = det.clock && det.clock->due ? Fmt(*det.clock->due)
                       : det.clock                 ? "暂停中"
                                                   : "待确认";
  j["overdue"] =
      det.clock && det.clock->state == calendar::ClockState::kOverdue;
  j["due_soon"] =
      det.clock && det.clock->state == calendar::ClockState::kDueSoon;
  return j;
}

Response AdminList(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const Actor& actor = *req.principal;
  ListFilter f;
  f.due = req.QueryValue("due").value_or("");
  f.state = req.QueryValue("state");
  f.unit = req.QueryValue("unit");
  if (!f.unit && !IsAdmin(actor) && actor.unit_id)
    f.unit = std::to_string(*actor.unit_id);
  f.tracking_number = req.QueryValue("tracking_number");
  absl::StatusOr<std::vector<Detail>> rows = d.service.List(actor, f);
  if (!rows.ok()) return web::Error(rows.status());
  nlohmann::json list = nlohmann::json::array();
  for (const Detail& det : *rows) list.push_back(RowJson(det));
  std::string unit_name;
  if (f.unit && !f.unit->empty()) {
    if (auto u = d.org.ResolveUnit(*f.unit); u.ok()) unit_name = u->name;
  }
  std::vector<std::pair<std::string, std::string>> states = {{"", "全部状态"}};
  for (State s : kAllStates)
    states.emplace_back(Str(StateName(s)), Str(StateLabel(s)));
  auto units = StaffUnitChoices(d.org, actor);
  if (IsAdmin(actor)) units.insert(units.begin(), {"", "全部单位"});
  nlohmann::json ctx = {
      {"applications", list},
      {"has_applications", !list.empty()},
      {"unit_name", unit_name},
      {"units", Options(units, unit_name)},
      {"states", Options(states, f.state.value_or(""))},
      {"due_all", f.due.empty()},
      {"due_soon", f.due == "due_soon"},
      {"overdue", f.due == "overdue"},
      {"unit_query", web::UrlEncode(unit_name)},
      {"year", Today(d.service.clock()).year()},
  };
  return d.view.Page(req, "applications/admin_list", ctx,
                     {.title = "依申请公开",
                      .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                                      {{"name", "依申请公开"}, {"url", ""}}}});
}

Response AdminNew(Deps& d, Request& req, const ApplicationInput& in,
                  const absl::Status& error, int status = 200) {
  nlohmann::json ctx = FormContext(req, d.org, in, error);
  ctx["error_summary"] = ErrorSummary(error, PaperFormOrder());
  ctx["today"] = Fmt(Today(d.service.clock()));
  return d.view.Page(
      req, "applications/admin_new", ctx,
      {.title = "登记书面申请",
       .status = status,
       .breadcrumbs = {{{"name", "依申请公开"}, {"url", "/admin/applications"}},
                       {{"name", "登记书面申请"}, {"url", ""}}}});
}

// The fields of an action's form on the staff page, in the order it shows
// them (the error summary); hidden ones are left out.
std::vector<std::string> ActionFormFields(Action a) {
  switch (a) {
    case Action::kRequestCorrection:
      return {"on", "deadline", "items"};
    case Action::kStartConsultation:
      return {"on", "party", "party_name", "reason"};
    case Action::kEndConsultation:
      return {"on", "outcome"};
    case Action::kExtend:
      return {"on", "days", "approver", "reason"};
    case Action::kFeeNotice:
      return {"on", "fee_mode", "pages"};
    case Action::kReply:
      return {"on", "type", "ground", "text", "privacy_reason"};
    case Action::kDeliver:
      return {"on", "method", "privacy_reason"};
    case Action::kWithdraw:
      return {"on", "reason"};
    case Action::kProcess:
    case Action::kArchive:
      return {};
    default:
      return {"on"};
  }
}

// The id of an action form's field: "extend-days", "reply-on".
std::string ActionFieldId(Action a, absl::string_view field) {
  std::string id = absl::StrCat(ActionName(a), "-", field);
  std::replace(id.begin(), id.end(), '_', '-');
  return id;
}

// The summary of a refused action: its form's fields in order, each
// linking to its input; a field the form keeps hidden links to the form.
nlohmann::json ActionSummary(const absl::Status& error, Action a) {
  std::vector<std::pair<std::string, std::string>> ids;
  for (const std::string& f : ActionFormFields(a))
    ids.emplace_back(f, ActionFieldId(a, f));
  for (const auto& [name, member] : ActionFields())
    ids.emplace_back(name, absl::StrCat("act-", ActionName(a)));
  std::vector<FormField> order;
  for (const auto& [key, id] : ids) order.push_back({key, id});
  return ErrorSummary(error, order,
                      {.heading = absl::StrCat(ActionLabel(a), "未完成")});
}

// Each action form's values: today's date, or what a refused one sent.
nlohmann::json ActionValues(const Detail& det, absl::string_view today,
                            std::optional<Action> failed,
                            const ActionInput& sent) {
  nlohmann::json out = nlohmann::json::object();
  for (Action a : det.allowed) {
    std::string key = Str(ActionName(a));
    std::replace(key.begin(), key.end(), '-', '_');
    nlohmann::json v = {{"on", today}};
    if (failed == a) {
      for (const auto& [name, member] : ActionFields()) v[name] = sent.*member;
    }
    out[key] = v;
  }
  return out;
}

Response AdminDetail(Deps& d, Request& req, const Detail& det,
                     const absl::Status& error = absl::OkStatus(),
                     std::optional<Action> failed = std::nullopt,
                     const ActionInput& sent = {}) {
  nlohmann::json j = StaffJson(det, true);
  j["arrived_at"] = LocalMinute(det.app.arrived_at);  // for people
  nlohmann::json forms = nlohmann::json::object();
  for (Action a : det.allowed) {
    std::string key = Str(ActionName(a));
    std::replace(key.begin(), key.end(), '-', '_');
    forms[key] = true;
  }
  // Numbers are strings in templates (always true in a section): texts.
  if (det.clock && det.clock->overdue_by > 0)
    j["clock"]["overdue_text"] =
        absl::StrCat("逾期", det.clock->overdue_by, "个工作日");
  if (det.extended_days > 0)
    j["extended_text"] = absl::StrCat(det.extended_days, "个工作日");
  const bool reply_failed = failed == Action::kReply;
  nlohmann::json reply_types = nlohmann::json::array();
  for (ReplyType t :
       {ReplyType::kDisclosed, ReplyType::kAlreadyPublic, ReplyType::kPartial,
        ReplyType::kWithheld, ReplyType::kUnable, ReplyType::kNotHandled,
        ReplyType::kNotThisAgency, ReplyType::kSpecialStatute})
    reply_types.push_back(
        {{"value", Str(ReplyTypeName(t))},
         {"label", Str(ReplyTypeLabel(t))},
         {"selected", reply_failed && sent.type == ReplyTypeName(t)}});
  nlohmann::json grounds = nlohmann::json::array();
  for (int g = 0; g <= static_cast<int>(Ground::kConfirmation); ++g) {
    Ground gr = static_cast<Ground>(g);
    grounds.push_back(
        {{"value", Str(GroundName(gr))},
         {"label", absl::StrCat(ReplyTypeLabel(GroundReplyType(gr)), "：",
                                GroundLabel(gr))},
         {"selected", reply_failed && sent.ground == GroundName(gr)}});
  }
  const std::string today = Fmt(Today(d.service.clock()));
  nlohmann::json ctx = {
      {"a", j},
      {"csrf_token", req.csrf_token},
      {"today", today},
      {"forms", forms},
      {"v", ActionValues(det, today, failed, sent)},
      {"has_forms", !det.allowed.empty()},
      {"reply_types", reply_types},
      {"grounds", grounds},
      {"is_org", det.app.applicant.type == ApplicantType::kOrganization},
      {"has_letter", det.app.reply_type.has_value()},
      {"state_label", Str(StateLabel(det.app.state))},
      {"channel_label", Str(ChannelLabel(det.app.channel))},
      {"delivery_label", Str(DeliveryFormLabel(det.app.delivery_form))},
      {"id_type_label", Str(IdTypeLabel(det.app.applicant.id_type))},
      {"attachments", nlohmann::json::array()},
      {"has_attachments", !det.attachments.empty()},
      // Issue 18: the reason field appears once personal data was found.
      {"privacy_blocked", GetFieldErrors(error).count("privacy_reason") > 0},
  };
  for (const Attachment& att : det.attachments)
    ctx["attachments"].push_back({{"id", att.id},
                                  {"name", att.name},
                                  {"at", LocalMinute(att.created_at)}});
  if (failed) {
    ctx["error_summary"] = ActionSummary(error, *failed);
  } else {  // the attachment form
    ctx["error_summary"] = ErrorSummary(error, {{"file", "attach-file"}});
  }
  return d.view.Page(
      req, "applications/admin_detail", ctx,
      {.title = absl::StrCat("申请 ", det.app.tracking_number),
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "依申请公开"}, {"url", "/admin/applications"}},
                       {{"name", det.app.tracking_number}, {"url", ""}}}});
}

Response AdminAct(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  std::optional<Action> action = ParseAction(req.Param("action"));
  if (!id || !action) return web::Error(absl::NotFoundError("页面不存在"));
  ActionInput in = ActionFromForm(req.Form());
  absl::StatusOr<Detail> done = d.service.Act(*req.principal, *id, *action, in);
  if (done.ok()) {
    return web::Redirect(absl::StrCat("/admin/applications/", *id, "?done=",
                                      web::UrlEncode(ActionName(*action))));
  }
  absl::StatusOr<Detail> det = d.service.Get(*req.principal, *id);
  if (!det.ok()) return web::Error(det.status());
  return AdminDetail(d, req, *det, done.status(), action, in);
}

Response LetterHtml(Deps& d, const Detail& det) {
  absl::StatusOr<ReplyLetter> letter = d.service.Letter(det);
  if (!letter.ok()) return web::Error(letter.status());
  nlohmann::json ctx = LetterJson(*letter);
  return web::Html(d.view.Render("applications/letter", ctx));
}

Response Stats(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  int year = static_cast<int>(Today(d.service.clock()).year());
  if (auto y = req.QueryValue("year")) {
    std::optional<int64_t> parsed = ParseId(*y);
    if (!parsed || *parsed < 2000 || *parsed > 2100)
      return web::Error(
          InvalidFields("年份有误", {{"year", "年份应为2000–2100之间的整数"}}));
    year = static_cast<int>(*parsed);
  }
  const Actor& actor = *req.principal;
  std::optional<int64_t> unit_id;
  if (auto u = req.QueryValue("unit"); u && !u->empty()) {
    auto unit = d.org.ResolveUnit(*u);
    if (!unit.ok()) return web::Error(unit.status());
    unit_id = unit->id;
  }
  // The service narrows a unit's staff to their own unit.
  absl::StatusOr<Table3> t = d.service.Statistics(actor, year, unit_id);
  if (!t.ok()) return web::Error(t.status());
  nlohmann::json j = Table3Json(*t);
  if (req.WantsJson() || absl::EndsWith(req.path, ".json")) return web::Json(j);
  std::string unit_name = "全县";
  if (t->unit_id) {
    if (auto u = d.org.GetUnit(*t->unit_id); u.ok()) unit_name = u->name;
  }
  j["unit_name"] = unit_name;
  auto units = StaffUnitChoices(d.org, actor);
  if (IsAdmin(actor)) units.insert(units.begin(), {"", "全县"});
  j["units"] = Options(units, t->unit_id ? unit_name : "");
  return d.view.Page(
      req, "applications/stats", j,
      {.title = absl::StrCat(year, "年收到和处理政府信息公开申请情况"),
       .breadcrumbs = {{{"name", "依申请公开"}, {"url", "/admin/applications"}},
                       {{"name", "年度统计"}, {"url", ""}}}});
}

Response ImportPage(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::string csv;
  for (const web::FormPart& p : req.Parts())
    if (p.name == "file") csv = p.data;
  if (csv.empty() && absl::StartsWith(req.Header("content-type"), "text/csv"))
    csv = req.body;
  if (csv.empty()) csv = FormValue(req.Form(), "csv");
  absl::StatusOr<ImportOutcome> r = d.service.ImportCsv(*req.principal, csv);
  if (!r.ok()) return web::Error(r.status());
  nlohmann::json errors = nlohmann::json::array();
  for (const ImportRowError& e : r->errors)
    errors.push_back(
        {{"row", e.row},
         {"where", e.row == 0 ? std::string("表头")
                              : absl::StrCat("数据第", e.row, "行")},
         {"column", e.column},
         {"message", e.message}});
  nlohmann::json created = nlohmann::json::array();
  for (const applications::Submitted& s : r->created)
    created.push_back({{"id", s.id}, {"tracking_number", s.tracking_number}});
  if (req.WantsJson()) {
    return web::Json({{"created", created}, {"errors", errors}},
                     r->errors.empty() ? 200 : 400);
  }
  return d.view.Page(
      req, "applications/import_result",
      {{"errors", errors},
       {"created", created},
       {"created_count", created.size()},
       {"ok", r->errors.empty()}},
      {.title = "导入书面申请", .status = r->errors.empty() ? 200 : 400});
}

// ---------------------------------------------------------------------------
// API.

Response ApiCreate(Deps& d, Request& req) {
  absl::StatusOr<nlohmann::json> body = req.JsonBody();
  if (!body.ok()) return web::Error(body.status());
  ApplicationInput in = InputFromJson(*body);
  // Staff with a token enter paper applications through the same call.
  if (req.principal && (!in.channel.empty() || !in.received_on.empty())) {
    absl::StatusOr<applications::Submitted> s =
        d.service.Enter(*req.principal, in);
    if (!s.ok()) return web::Error(s.status());
    absl::StatusOr<Detail> det = d.service.Get(*req.principal, s->id);
    if (!det.ok()) return web::Error(det.status());
    nlohmann::json j = StaffJson(*det, false);
    j["query_code"] = s->query_code;
    return web::Json(j, 201);
  }
  if (auto abuse = Abuse(d, req, JsonText(*body, "website")))
    return web::Error(*abuse);
  absl::StatusOr<applications::Submitted> s = d.service.Submit(in);
  if (!s.ok()) return web::Error(s.status());
  return web::Json({{"tracking_number", s->tracking_number},
                    {"query_code", s->query_code},
                    {"state", Str(StateName(s->state))},
                    {"status_url", "/apply/status"}},
                   201);
}

Response ApiStatus(Deps& d, Request& req) {
  req.cache_key.clear();
  absl::StatusOr<Detail> det =
      d.service.Status(req.QueryValue("tracking_number").value_or(""),
                       req.QueryValue("query_code").value_or(""));
  if (!det.ok()) return web::Error(det.status());
  return web::Json(PublicJson(*det)).WithHeader("Cache-Control", "no-store");
}

Response ApiList(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  ListFilter f{.state = req.QueryValue("state"),
               .unit = req.QueryValue("unit"),
               .tracking_number = req.QueryValue("tracking_number"),
               .due = req.QueryValue("due").value_or("")};
  absl::StatusOr<std::vector<Detail>> rows = d.service.List(*req.principal, f);
  if (!rows.ok()) return web::Error(rows.status());
  nlohmann::json list = nlohmann::json::array();
  for (const Detail& det : *rows) list.push_back(StaffJson(det, false));
  return web::Json({{"applications", list}});
}

Response ApiGet(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("申请不存在"));
  absl::StatusOr<Detail> det = d.service.Get(*req.principal, *id);
  if (!det.ok()) return web::Error(det.status());
  return web::Json(StaffJson(*det, true));
}

Response ApiAct(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  std::optional<Action> action = ParseAction(req.Param("action"));
  if (!id || !action) return web::Error(absl::NotFoundError("没有这个操作"));
  absl::StatusOr<nlohmann::json> body = req.JsonBody();
  if (!body.ok()) return web::Error(body.status());
  absl::StatusOr<Detail> det = d.service.Act(*req.principal, *id, *action,
                                             ActionFromJson(*action, *body));
  if (!det.ok()) {
    // Even a refusal says where the application stands.
    nlohmann::json j = web::ErrorJson(det.status());
    if (auto cur = d.service.Get(*req.principal, *id); cur.ok()) {
      j["state"] = Str(StateName(cur->app.state));
      j["due_date"] = cur->clock ? OptDay(cur->clock->due) : nlohmann::json();
    }
    return web::Json(j, web::HttpStatus(det.status().code()));
  }
  return web::Json(StaffJson(*det, true));
}

Response ApplyPage(Deps& d, Request& req) {
  ApplicationInput in;
  in.unit = req.QueryValue("unit").value_or("");
  return ApplyForm(d, req, in, absl::OkStatus());
}

Response StatusGet(Deps& d, Request& req) {
  return StatusPage(d, req, req.QueryValue("tracking_number").value_or(""), "");
}

Response StatusPost(Deps& d, Request& req) {
  const Form f = req.Form();
  return StatusPage(d, req, FormValue(f, "tracking_number"),
                    FormValue(f, "query_code"));
}

Response AdminNewGet(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  ApplicationInput in{.channel = "in_person",
                      .received_on = Fmt(Today(d.service.clock()))};
  if (req.principal->unit_id) {
    if (auto u = d.org.GetUnit(*req.principal->unit_id); u.ok())
      in.unit = u->name;
  }
  return AdminNew(d, req, in, absl::OkStatus());
}

Response AdminNewPost(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  ApplicationInput in = InputFromForm(req.Form());
  auto s = d.service.Enter(*req.principal, in);
  if (!s.ok()) {
    return AdminNew(d, req, in, s.status(), web::HttpStatus(s.status().code()));
  }
  return web::Redirect(absl::StrCat("/admin/applications/", s->id));
}

// The application named by the {id} segment, as the signed-in viewer sees it.
absl::StatusOr<Detail> Viewed(Deps& d, const Request& req) {
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return absl::NotFoundError("申请不存在");
  return d.service.Get(*req.principal, *id);
}

Response AdminShow(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  absl::StatusOr<Detail> det = Viewed(d, req);
  if (!det.ok()) return web::Error(det.status());
  return AdminDetail(d, req, *det);
}

Response LetterPage(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  absl::StatusOr<Detail> det = Viewed(d, req);
  if (!det.ok()) return web::Error(det.status());
  return LetterHtml(d, *det);
}

Response LetterPdfPage(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  absl::StatusOr<Detail> det = Viewed(d, req);
  if (!det.ok()) return web::Error(det.status());
  absl::StatusOr<ReplyLetter> letter = d.service.Letter(*det);
  if (!letter.ok()) return web::Error(letter.status());
  absl::StatusOr<std::string> pdf = LetterPdf(*letter);
  if (!pdf.ok()) return web::Error(pdf.status());
  Response resp = web::Text(std::move(*pdf), "application/pdf");
  resp.WithHeader("Content-Disposition",
                  absl::StrCat("inline; filename=\"reply-",
                               det->app.tracking_number, ".pdf\""));
  return resp;
}

Response UploadAttachment(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("申请不存在"));
  // Another unit's application answers 404 before anything else (issue 20).
  if (absl::Status seen = d.service.Get(*req.principal, *id).status();
      !seen.ok())
    return web::Error(seen);
  if (req.body.size() > d.options.max_upload_bytes)
    return web::Error(absl::InvalidArgumentError("附件过大（最大5MB）"));
  for (const web::FormPart& p : req.Parts()) {
    if (p.name != "file" || p.filename.empty()) continue;
    absl::Status s = d.service.Attach(*req.principal, *id, p.filename, p.data);
    if (absl::IsInvalidArgument(s)) {  // shown on the page, by its field
      absl::StatusOr<Detail> det = d.service.Get(*req.principal, *id);
      if (!det.ok()) return web::Error(det.status());
      return AdminDetail(d, req, *det, s);
    }
    if (!s.ok()) return web::Error(s);
  }
  return web::Redirect(absl::StrCat("/admin/applications/", *id));
}

Response DownloadAttachment(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  std::optional<int64_t> att = ParseId(req.Param("att"));
  if (!id || !att) return web::Error(absl::NotFoundError("附件不存在"));
  auto a = d.service.GetAttachment(*req.principal, *id, *att);
  if (!a.ok()) return web::Error(a.status());
  return web::Download(std::move(a->second), a->first.content_type,
                       a->first.name);
}

}  // namespace

void RegisterRoutes(web::Router& router, Service& service, const View& view,
                    HttpOptions options) {
  auto deps = std::make_shared<Deps>(
      Deps{service, service.org(), view, options,
           std::make_shared<RateLimiter>(service.clock(),
                                         options.submissions_per_ip_per_hour),
           std::make_shared<RateLimiter>(service.clock(),
                                         options.found_per_ip_per_hour)});
  auto h = web::BindTo(deps);
  // Public, no account.
  router.Get("/apply", h(ApplyPage));
  // Public writes are small; the server refuses more before reading it.
  const web::RouteOptions small{.max_body_bytes = options.max_body_bytes};
  const web::RouteOptions upload{.max_body_bytes = options.max_upload_bytes};
  router.Post("/apply", h(PostApply), small);
  router.Post("/apply/found", h(PostFound), small);
  router.Get("/apply/status", h(StatusGet));
  router.Post("/apply/status", h(StatusPost), small);
  router.Post("/api/v1/applications", h(ApiCreate), small);
  router.Get("/api/v1/applications/status", h(ApiStatus));
  // Staff (session or API token).
  router.Get("/api/v1/applications", h(ApiList));
  router.Get("/api/v1/applications/{id}", h(ApiGet));
  router.Post("/api/v1/applications/import", h(ImportPage), upload);
  router.Post("/api/v1/applications/{id}/{action}", h(ApiAct));
  router.Get("/admin/applications", h(AdminList));
  router.Get("/admin/applications/stats", h(Stats));
  router.Get("/admin/applications/stats.json", h(Stats));
  router.Get("/admin/applications/new", h(AdminNewGet));
  router.Post("/admin/applications/new", h(AdminNewPost));
  router.Post("/admin/applications/import", h(ImportPage), upload);
  router.Get("/admin/applications/{id}", h(AdminShow));
  router.Post("/admin/applications/{id}/act/{action}", h(AdminAct));
  router.Get("/admin/applications/{id}/letter", h(LetterPage));
  router.Get("/admin/applications/{id}/letter.pdf", h(LetterPdfPage));
  router.Post("/admin/applications/{id}/attachments", h(UploadAttachment),
              upload);
  router.Get("/admin/applications/{id}/attachments/{att}",
             h(DownloadAttachment));
}

}  // namespace zwgk::applications
