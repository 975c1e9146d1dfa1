// The catalog's handlers (http_internal.h): the public catalog and decision
// pages, the staff pages and the API.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/clock.h"
#include "core/form_errors.h"
#include "core/guard.h"
#include "core/json.h"
#include "core/status.h"
#include "decisions/http_internal.h"

namespace zwgk::decisions {
namespace {

using web::FormValue;
using Form = std::multimap<std::string, std::string>;

constexpr int kFirstYear = 2000, kLastYear = 2100;

std::string Day(const std::optional<absl::CivilDay>& d) {
  return d ? FormatDate(*d) : "";
}

nlohmann::json Lines(absl::string_view text) {
  nlohmann::json lines = nlohmann::json::array();
  for (absl::string_view line : absl::StrSplit(text, '\n'))
    lines.push_back(std::string(line));
  return lines;
}

// The viewer of a request: the signed-in staff member, or the public.
Actor Viewer(const Request& req) { return req.principal.value_or(Actor{}); }

std::optional<int> YearParam(const Request& req, absl::string_view name) {
  int year = 0;
  if (!absl::SimpleAtoi(req.Param(name), &year) || year < kFirstYear ||
      year > kLastYear)
    return std::nullopt;
  return year;
}

int ThisYear(Deps& d) {
  return static_cast<int>(Today(d.service.clock()).year());
}

absl::Status NoCatalog() {
  return absl::NotFoundError("未找到该年度的重大行政决策事项目录");
}

absl::Status NoDecision() { return absl::NotFoundError("未找到该决策事项"); }

// A decision as the JSON the API answers and the pages read.
nlohmann::json DecisionJson(const Decision& dec) {
  nlohmann::json j = {
      {"id", dec.id},
      {"year", dec.year},
      {"title", dec.title},
      {"deciding_body", dec.deciding_body},
      {"unit_id", dec.unit_id},
      {"unit", dec.unit_name},
      {"legal_basis", dec.legal_basis},
      {"planned_consultation_on", Day(dec.planned_consultation_on)},
      {"planned_decision_on", Day(dec.planned_decision_on)},
      {"state", DecisionStateName(dec.state)},
      {"state_label", DecisionStateLabel(dec.state)},
      {"state_note", dec.state_note},
      {"decided_on", Day(dec.decided_on)},
      {"published_on", Day(dec.published_on)},
      {"record_id",
       dec.record_id ? nlohmann::json(*dec.record_id) : nlohmann::json()}};
  return j;
}

// The rows of a catalog table (序号 from 1).
nlohmann::json Rows(const std::vector<Decision>& items) {
  nlohmann::json rows = nlohmann::json::array();
  int seq = 0;
  for (const Decision& dec : items) {
    nlohmann::json row = DecisionJson(dec);
    row["seq"] = ++seq;
    row["stopped"] = dec.state == DecisionState::kPostponed ||
                     dec.state == DecisionState::kWithdrawn;
    rows.push_back(std::move(row));
  }
  return rows;
}

// What changed in a decision between two versions, in words.
std::string ChangeText(const Decision& a, const Decision& b) {
  std::vector<std::string> parts;
  auto field = [&](absl::string_view label, const std::string& x,
                   const std::string& y) {
    if (x != y)
      parts.push_back(absl::StrCat(label, "：", x.empty() ? "—" : x, " → ",
                                   y.empty() ? "—" : y));
  };
  field("名称", a.title, b.title);
  field("决策机关", a.deciding_body, b.deciding_body);
  field("承办单位", a.unit_name, b.unit_name);
  field("依据", a.legal_basis, b.legal_basis);
  field("计划征求意见时间", Day(a.planned_consultation_on),
        Day(b.planned_consultation_on));
  field("计划决策时间", Day(a.planned_decision_on), Day(b.planned_decision_on));
  field("状态", std::string(DecisionStateLabel(a.state)),
        std::string(DecisionStateLabel(b.state)));
  return absl::StrJoin(parts, "；");
}

nlohmann::json DiffJson(const CatalogDiff& diff) {
  nlohmann::json changes = nlohmann::json::array();
  for (const Decision& dec : diff.added)
    changes.push_back({{"kind", "新增"}, {"title", dec.title}, {"text", ""}});
  for (const auto& [before, after] : diff.changed)
    changes.push_back({{"kind", "调整"},
                       {"title", after.title},
                       {"text", ChangeText(before, after)}});
  for (const Decision& dec : diff.removed)
    changes.push_back({{"kind", "移出"}, {"title", dec.title}, {"text", ""}});
  return changes;
}

// The public catalog page: one version of a year (newest when `version` is
// nullopt), the years, and each version with what it changed.
Response RenderCatalog(Deps& d, Request& req, int year,
                       std::optional<int> version, bool year_page) {
  auto years = d.service.CatalogYears();
  if (!years.ok()) return web::Error(years.status());
  auto versions = d.service.CatalogVersions(year);
  if (!versions.ok()) return web::Error(versions.status());
  const CatalogVersion* shown = nullptr;
  for (const CatalogVersion& v : *versions)
    if (!version || v.version == *version) {
      shown = &v;
      break;
    }
  if ((year_page || version) && !shown) return web::Error(NoCatalog());
  nlohmann::json year_list = nlohmann::json::array();
  for (int y : *years)
    year_list.push_back({{"year", y}, {"current", y == year}});
  nlohmann::json version_list = nlohmann::json::array();
  for (size_t i = 0; i < versions->size(); ++i) {
    const CatalogVersion& v = (*versions)[i];
    nlohmann::json changes = nlohmann::json::array();
    if (i + 1 < versions->size())
      changes = DiffJson(Diff((*versions)[i + 1].items, v.items));
    version_list.push_back({{"year", v.year},
                            {"version", v.version},
                            {"note", v.note},
                            {"published_at", LocalMinute(v.published_at)},
                            {"items", v.items.size()},
                            {"shown", shown && shown->version == v.version},
                            {"first", i + 1 == versions->size()},
                            {"changes", changes},
                            {"has_changes", !changes.empty()}});
  }
  nlohmann::json ctx = {{"year", year},
                        {"years", year_list},
                        {"has_years", !year_list.empty()},
                        {"versions", version_list},
                        {"has_versions", version_list.size() > 1},
                        {"found", shown != nullptr}};
  if (shown) {
    ctx["version"] = shown->version;
    ctx["note"] = shown->note;
    ctx["published_at"] = LocalMinute(shown->published_at);
    ctx["rows"] = Rows(shown->items);
    ctx["count"] = shown->items.size();
    ctx["older"] = version.has_value() && shown != &versions->front();
  }
  const std::string title = absl::StrCat(year, "年度重大行政决策事项目录");
  nlohmann::json crumbs = {{{"name", "重大行政决策"}, {"url", "/decisions"}}};
  if (year_page || version)
    crumbs.push_back({{"name", absl::StrCat(year, "年度")},
                      {"url", absl::StrCat("/decisions/", year)}});
  if (version)
    crumbs.push_back({{"name", absl::StrCat("第", *version, "版")}});
  else
    crumbs = {{{"name", "重大行政决策"}}};
  return d.view.Page(req, "decisions/catalog_index", ctx,
                     {.title = title, .breadcrumbs = crumbs});
}

nlohmann::json DocumentsJson(const DecisionEvent& e) {
  nlohmann::json docs = nlohmann::json::array();
  for (size_t i = 0; i < e.documents.size(); ++i) {
    const EventDocument& doc = e.documents[i];
    docs.push_back({{"name", doc.name},
                    {"url", absl::StrCat("/decisions/events/", e.id,
                                         "/documents/", i + 1)},
                    {"kb", std::max<int64_t>(1, (doc.size + 1023) / 1024)}});
  }
  return docs;
}

nlohmann::json EventsJson(const std::vector<DecisionEvent>& events) {
  nlohmann::json out = nlohmann::json::array();
  for (const DecisionEvent& e : events) {
    nlohmann::json docs = DocumentsJson(e);
    out.push_back({{"id", e.id},
                   {"kind", EventKindName(e.kind)},
                   {"kind_label", EventKindLabel(e.kind)},
                   {"on", FormatDate(e.on)},
                   {"title", e.title},
                   {"summary", Lines(e.summary)},
                   {"has_summary", !e.summary.empty()},
                   {"is_public", e.is_public},
                   {"documents", docs},
                   {"has_documents", !docs.empty()}});
  }
  return out;
}

nlohmann::json RecordRef(const publishing::Record& r) {
  return {{"id", r.id},
          {"title", r.title},
          {"published_on", r.published_on},
          {"public", publishing::IsPublic(r)}};
}

// The parts of a decision's page shared by the public and the staff page.
nlohmann::json ViewJson(const DecisionView& v) {
  nlohmann::json ctx = DecisionJson(v.decision);
  ctx["legal_basis_lines"] = Lines(v.decision.legal_basis);
  ctx["events"] = EventsJson(v.events);
  ctx["has_events"] = !v.events.empty();
  nlohmann::json cs = nlohmann::json::array();
  for (const Consultation& c : v.consultations)
    cs.push_back({{"id", c.id},
                  {"title", c.title},
                  {"opens_on", FormatDate(c.opens_on)},
                  {"closes_on", FormatDate(c.closes_on)},
                  {"feedback", c.feedback_published_at.has_value()}});
  ctx["consultations"] = cs;
  ctx["has_consultations"] = !cs.empty();
  if (v.record) ctx["record"] = RecordRef(*v.record);
  nlohmann::json interps = nlohmann::json::array();
  for (const publishing::Record& r : v.interpretations)
    interps.push_back(RecordRef(r));
  ctx["interpretations"] = interps;
  ctx["has_interpretations"] = !interps.empty();
  ctx["missing_feedback"] = v.missing_feedback;
  ctx["stopped"] = v.decision.state == DecisionState::kPostponed ||
                   v.decision.state == DecisionState::kWithdrawn;
  return ctx;
}

// --- Staff forms ---------------------------------------------------------

DecisionInput InputFromForm(const Form& f) {
  DecisionInput in{
      .title = FormValue(f, "title"),
      .deciding_body = FormValue(f, "deciding_body"),
      .legal_basis = FormValue(f, "legal_basis"),
      .unit = FormValue(f, "unit"),
      .planned_consultation_on = FormValue(f, "planned_consultation_on"),
      .planned_decision_on = FormValue(f, "planned_decision_on")};
  int year = 0;
  // A year that is not a number is refused by the service (year 0 would be
  // taken as this year).
  if (!absl::SimpleAtoi(FormValue(f, "year"), &year)) year = -1;
  in.year = year;
  return in;
}

DecisionInput InputFromDecision(const Decision& dec) {
  return {.year = dec.year,
          .title = dec.title,
          .deciding_body = dec.deciding_body,
          .legal_basis = dec.legal_basis,
          .unit = absl::StrCat(dec.unit_id),
          .planned_consultation_on = Day(dec.planned_consultation_on),
          .planned_decision_on = Day(dec.planned_decision_on)};
}

nlohmann::json FieldErrorsJson(const absl::Status& error, bool mine) {
  nlohmann::json errs = nlohmann::json::object();
  if (!mine) return errs;
  for (const auto& [k, v] : GetFieldErrors(error)) errs[k] = v;
  return errs;
}

int StatusFor(const absl::Status& error) {
  return error.ok() ? 200 : web::HttpStatus(error.code());
}

// The decision form's fields; the county office chooses the unit, a unit's
// staff see theirs.
absl::StatusOr<nlohmann::json> DecisionForm(Deps& d, const Actor& actor,
                                            const DecisionInput& in,
                                            const nlohmann::json& err) {
  nlohmann::json f = {{"year", in.year > 0 ? absl::StrCat(in.year) : ""},
                      {"title", in.title},
                      {"deciding_body", in.deciding_body},
                      {"legal_basis", in.legal_basis},
                      {"planned_consultation_on", in.planned_consultation_on},
                      {"planned_decision_on", in.planned_decision_on},
                      {"err", err},
                      {"choose_unit", IsAdmin(actor)}};
  if (IsAdmin(actor)) {
    ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> units,
                          d.service.org().ListUnits());
    nlohmann::json list = nlohmann::json::array();
    for (const org::Unit& u : units)
      list.push_back(
          {{"id", u.id},
           {"name", u.name},
           {"selected", absl::StrCat(u.id) == in.unit || u.name == in.unit}});
    f["units"] = list;
  } else if (actor.unit_id) {
    ZWGK_ASSIGN_OR_RETURN(org::Unit u, d.service.org().GetUnit(*actor.unit_id));
    f["unit_id"] = u.id;
    f["unit_name"] = u.name;
  }
  return f;
}

constexpr FormField kDecisionFields[] = {
    {"year", "dec-year"},
    {"title", "dec-title"},
    {"deciding_body", "dec-body"},
    {"unit", "dec-unit"},
    {"legal_basis", "dec-basis"},
    {"planned_consultation_on", "dec-consult"},
    {"planned_decision_on", "dec-decide"}};

Response NewPage(Deps& d, Request& req, const DecisionInput& in,
                 const absl::Status& error = absl::OkStatus()) {
  auto form = DecisionForm(d, *req.principal, in, FieldErrorsJson(error, true));
  if (!form.ok()) return web::Error(form.status());
  nlohmann::json ctx = {
      {"form", *form},
      {"csrf_token", req.csrf_token},
      {"error_summary", ErrorSummary(error, kDecisionFields)}};
  return d.view.Page(
      req, "decisions/decision_new", ctx,
      {.title = "新增重大行政决策事项",
       .status = StatusFor(error),
       .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                       {{"name", "重大行政决策"}, {"url", "/admin/decisions"}},
                       {{"name", "新增决策事项"}}}});
}

// Which form of the decision page failed, with what was sent.
struct Failed {
  enum Which { kNone, kEdit, kMove, kEvent, kPublish } which = kNone;
  std::optional<DecisionInput> edit;
  Form sent;  // the move or event form as sent
};

// The states a decision may move to from the page.
nlohmann::json MoveChoices(const Decision& dec) {
  nlohmann::json out = nlohmann::json::array();
  for (DecisionState s :
       {DecisionState::kPlanned, DecisionState::kConsulting,
        DecisionState::kDecided, DecisionState::kPublished,
        DecisionState::kPostponed, DecisionState::kWithdrawn}) {
    if (!CanMove(dec.state, s)) continue;
    if (dec.state == DecisionState::kPostponed &&
        s != DecisionState::kWithdrawn && dec.resume_to && *dec.resume_to != s)
      continue;
    out.push_back({{"name", DecisionStateName(s)},
                   {"label", dec.state == DecisionState::kPostponed &&
                                     s != DecisionState::kWithdrawn
                                 ? absl::StrCat("恢复为", DecisionStateLabel(s))
                                 : std::string(DecisionStateLabel(s))}});
  }
  return out;
}

Response DecisionAdminPage(Deps& d, Request& req, int64_t id,
                           const absl::Status& error = absl::OkStatus(),
                           const Failed& failed = {}) {
  const Actor& actor = *req.principal;
  auto view = d.service.GetDecision(actor, id);
  if (!view.ok()) return web::Error(view.status());
  // Another unit's staff get the public view from GetDecision: not here.
  if (!ActsForUnit(actor, view->decision.unit_id))
    return web::Error(NoDecision());
  const Decision& dec = view->decision;
  nlohmann::json ctx = ViewJson(*view);
  ctx["csrf_token"] = req.csrf_token;
  ctx["notice"] = req.QueryValue("saved") ? "已保存" : "";
  const bool open = dec.state != DecisionState::kPublished &&
                    dec.state != DecisionState::kWithdrawn;
  ctx["can_edit"] = open;
  ctx["edit_open"] = failed.which == Failed::kEdit;
  if (open) {
    auto form =
        DecisionForm(d, actor, failed.edit.value_or(InputFromDecision(dec)),
                     FieldErrorsJson(error, failed.which == Failed::kEdit));
    if (!form.ok()) return web::Error(form.status());
    ctx["form"] = *form;
  }
  nlohmann::json moves = MoveChoices(dec);
  ctx["moves"] = moves;
  ctx["can_move"] = !moves.empty();
  ctx["move_form"] = {
      {"note", FormValue(failed.sent, "note")},
      {"on", FormValue(failed.sent, "on")},
      {"record_id", failed.which == Failed::kMove
                        ? FormValue(failed.sent, "record_id")
                        : ""},
      {"err", FieldErrorsJson(error, failed.which == Failed::kMove)}};
  nlohmann::json kinds = nlohmann::json::array();
  const std::string sent_kind = FormValue(failed.sent, "kind");
  for (EventKind k :
       {EventKind::kHearing, EventKind::kExpert, EventKind::kRisk,
        EventKind::kLegality, EventKind::kCollective, EventKind::kOther})
    kinds.push_back({{"name", EventKindName(k)},
                     {"label", EventKindLabel(k)},
                     {"selected", sent_kind == EventKindName(k)}});
  const bool event_failed = failed.which == Failed::kEvent;
  ctx["event_form"] = {
      {"kinds", kinds},
      {"on", event_failed ? FormValue(failed.sent, "on") : ""},
      {"title", event_failed ? FormValue(failed.sent, "title") : ""},
      {"summary", event_failed ? FormValue(failed.sent, "summary") : ""},
      {"max_mb", d.service.options().max_document_bytes >> 20},
      {"max_files", d.service.options().max_documents_per_event},
      {"err", FieldErrorsJson(error, event_failed)}};
  ctx["resume_to"] =
      dec.resume_to ? std::string(DecisionStateLabel(*dec.resume_to)) : "";
  const FormField order[] = {
      {"year", "dec-year"},
      {"title", failed.which == Failed::kEvent ? "event-title" : "dec-title"},
      {"deciding_body", "dec-body"},
      {"unit", "dec-unit"},
      {"legal_basis", "dec-basis"},
      {"planned_consultation_on", "dec-consult"},
      {"planned_decision_on", "dec-decide"},
      {"note", "move-note"},
      {"on", failed.which == Failed::kEvent ? "event-on" : "move-on"},
      {"record_id", "move-record"},
      {"kind", "event-kind"},
      {"summary", "event-summary"},
      {"documents", "event-files"}};
  ctx["error_summary"] = ErrorSummary(error, order);
  return d.view.Page(
      req, "decisions/decision_admin", ctx,
      {.title = dec.title,
       .status = StatusFor(error),
       .breadcrumbs = {
           {{"name", "管理后台"}, {"url", "/admin"}},
           {{"name", "重大行政决策"},
            {"url", absl::StrCat("/admin/decisions?year=", dec.year)}},
           {{"name", dec.title}}}});
}

// After a form on the decision page: the page again with the error (404
// and 403 stay so), or back to it.
Response AfterForm(Deps& d, Request& req, int64_t id,
                   const absl::Status& status, const Failed& failed,
                   absl::string_view anchor) {
  if (absl::IsNotFound(status) || absl::IsPermissionDenied(status))
    return web::Error(status);
  if (!status.ok()) return DecisionAdminPage(d, req, id, status, failed);
  return web::Redirect(
      absl::StrCat("/admin/decisions/", id, "?saved=1", anchor));
}

Response ListPage(Deps& d, Request& req, int year,
                  const absl::Status& error = absl::OkStatus(),
                  const std::string& failed_note = "") {
  const Actor& actor = *req.principal;
  auto list = d.service.ListDecisions(actor, year);
  if (!list.ok()) return web::Error(list.status());
  auto versions = d.service.CatalogVersions(year);
  if (!versions.ok()) return web::Error(versions.status());
  nlohmann::json rows = Rows(*list);
  nlohmann::json years = nlohmann::json::array();
  const int this_year = ThisYear(d);
  for (int y = this_year + 1; y >= this_year - 3; --y)
    years.push_back({{"year", y}, {"current", y == year}});
  nlohmann::json ctx = {
      {"year", year},
      {"years", years},
      {"rows", rows},
      {"has_rows", !rows.empty()},
      {"admin", IsAdmin(actor)},
      {"csrf_token", req.csrf_token},
      {"notice", req.QueryValue("published") ? "目录已发布" : ""},
      {"note", failed_note},
      {"err", FieldErrorsJson(error, true)},
      {"error_summary", ErrorSummary(error, {{"note", "publish-note"}})}};
  if (!versions->empty()) {
    const CatalogVersion& v = versions->front();
    ctx["latest"] = {{"version", v.version},
                     {"published_at", LocalMinute(v.published_at)},
                     {"note", v.note}};
    if (IsAdmin(actor)) {
      // What publishing now would change (the county office sees all).
      nlohmann::json changes = DiffJson(Diff(v.items, *list));
      ctx["pending"] = changes;
      ctx["has_pending"] = !changes.empty();
    }
  }
  return d.view.Page(req, "decisions/catalog_admin", ctx,
                     {.title = "重大行政决策事项",
                      .status = StatusFor(error),
                      .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                                      {{"name", "重大行政决策"}}}});
}

std::optional<int64_t> IdParam(const Request& req, absl::string_view name) {
  return web::ParseId(req.Param(name));
}

// The body of POST /api/v1/decisions. "unit" may be an id or a name.
absl::StatusOr<DecisionInput> InputFromJson(const nlohmann::json& body) {
  JsonFields f(body);
  DecisionInput in{
      .title = f.String("title", "决策事项"),
      .deciding_body = f.String("deciding_body", "决策机关"),
      .legal_basis = f.String("legal_basis", "依据"),
      .planned_consultation_on =
          f.String("planned_consultation_on", "计划征求意见时间"),
      .planned_decision_on = f.String("planned_decision_on", "计划决策时间")};
  std::optional<int64_t> year = f.Int("year", "年度");
  if (auto it = body.find("unit"); it != body.end() && it->is_number_integer())
    in.unit = absl::StrCat(it->get<int64_t>());
  else
    in.unit = f.String("unit", "承办单位");
  ZWGK_RETURN_IF_ERROR(f.status());
  if (year) in.year = static_cast<int>(std::clamp<int64_t>(*year, -1, 9999));
  return in;
}

}  // namespace

// --- Public ------------------------------------------------------------------

Response CatalogPage(Deps& d, Request& req) {
  // The current year, or the newest year with a published catalog.
  int year = ThisYear(d);
  auto versions = d.service.CatalogVersions(year);
  if (!versions.ok()) return web::Error(versions.status());
  if (versions->empty()) {
    auto years = d.service.CatalogYears();
    if (!years.ok()) return web::Error(years.status());
    if (!years->empty()) year = years->front();
  }
  return RenderCatalog(d, req, year, std::nullopt, false);
}

Response CatalogYearPage(Deps& d, Request& req) {
  std::optional<int> year = YearParam(req, "year");
  if (!year) return web::Error(NoCatalog());
  return RenderCatalog(d, req, *year, std::nullopt, true);
}

Response CatalogVersionPage(Deps& d, Request& req) {
  std::optional<int> year = YearParam(req, "year");
  int version = 0;
  if (!year || !absl::SimpleAtoi(req.Param("n"), &version) || version < 1)
    return web::Error(NoCatalog());
  return RenderCatalog(d, req, *year, version, true);
}

Response DecisionPage(Deps& d, Request& req) {
  std::optional<int64_t> id = IdParam(req, "id");
  if (!id) return web::Error(NoDecision());
  auto view = d.service.GetDecision(Viewer(req), *id);
  if (!view.ok()) return web::Error(view.status());
  nlohmann::json ctx = ViewJson(*view);
  const Decision& dec = view->decision;
  return d.view.Page(
      req, "decisions/decision_item", ctx,
      {.title = dec.title,
       .breadcrumbs = {{{"name", "重大行政决策"}, {"url", "/decisions"}},
                       {{"name", absl::StrCat(dec.year, "年度")},
                        {"url", absl::StrCat("/decisions/", dec.year)}},
                       {{"name", dec.title}}},
       .meta = {
           .column_name = "重大行政决策",
           .column_type = "信息公开",
           .article = ArticleMeta{
               .title = dec.title,
               .published_at =
                   dec.published_on
                       ? absl::StrCat(FormatDate(*dec.published_on), " 00:00")
                       : dec.created_at,
               .source = dec.unit_name,
               .keywords = "重大行政决策",
               .text = absl::StrCat(dec.title, " ", dec.legal_basis),
               .url = absl::StrCat("/decisions/items/", dec.id)}}});
}

Response DecisionDocument(Deps& d, Request& req) {
  std::optional<int64_t> eid = IdParam(req, "eid");
  int n = 0;
  if (!eid || !absl::SimpleAtoi(req.Param("n"), &n) || n < 1)
    return web::Error(absl::NotFoundError("未找到该文件"));
  auto file = d.service.EventDocumentBytes(Viewer(req), *eid, n - 1);
  if (!file.ok()) return web::Error(file.status());
  return web::Download(std::move(file->second), file->first.content_type,
                       file->first.name);
}

// --- Staff
// ---------------------------------------------------------------------

Response AdminDecisions(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  int year = ThisYear(d);
  if (auto q = req.QueryValue("year")) {
    int y = 0;
    if (absl::SimpleAtoi(*q, &y) && y >= kFirstYear && y <= kLastYear) year = y;
  }
  return ListPage(d, req, year);
}

Response AdminNewDecision(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  return NewPage(d, req, {.year = ThisYear(d), .deciding_body = "县人民政府"});
}

Response AdminCreateDecision(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  DecisionInput in = InputFromForm(req.Form());
  auto created = d.service.CreateDecision(*req.principal, in);
  if (absl::IsPermissionDenied(created.status()))
    return web::Error(created.status());
  if (!created.ok()) return NewPage(d, req, in, created.status());
  return web::Redirect(
      absl::StrCat("/admin/decisions/", created->id, "?saved=1"));
}

Response AdminDecision(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = IdParam(req, "id");
  if (!id) return web::Error(NoDecision());
  return DecisionAdminPage(d, req, *id);
}

Response AdminUpdateDecision(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = IdParam(req, "id");
  if (!id) return web::Error(NoDecision());
  DecisionInput in = InputFromForm(req.Form());
  auto updated = d.service.UpdateDecision(*req.principal, *id, in);
  return AfterForm(d, req, *id, updated.status(),
                   {.which = Failed::kEdit, .edit = in}, "");
}

Response AdminMoveDecision(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = IdParam(req, "id");
  if (!id) return web::Error(NoDecision());
  Form f = req.Form();
  Failed failed{.which = Failed::kMove, .sent = f};
  std::optional<DecisionState> to = ParseDecisionState(FormValue(f, "to"));
  if (!to)
    return AfterForm(
        d, req, *id,
        InvalidFields("无法变更决策状态", {{"to", "请选择要变更的状态"}}),
        failed, "#move");
  MoveInput in{
      .to = *to, .note = FormValue(f, "note"), .on = FormValue(f, "on")};
  if (std::string rec = FormValue(f, "record_id"); !rec.empty()) {
    in.record_id = web::ParseId(rec);
    if (!in.record_id)
      return AfterForm(d, req, *id,
                       InvalidFields("无法变更决策状态",
                                     {{"record_id", "信息编号应为数字"}}),
                       failed, "#move");
  }
  auto moved = d.service.MoveDecision(*req.principal, *id, in);
  return AfterForm(d, req, *id, moved.status(), failed, "#move");
}

Response AdminAddDecisionEvent(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = IdParam(req, "id");
  if (!id) return web::Error(NoDecision());
  Form f = req.Form();
  EventInput in{.kind = FormValue(f, "kind"),
                .on = FormValue(f, "on"),
                .title = FormValue(f, "title"),
                .summary = FormValue(f, "summary"),
                .is_public = FormValue(f, "internal").empty()};
  std::vector<DocumentUpload> docs;
  for (const web::FormPart& p : req.Parts()) {
    if (p.name != "file" || p.filename.empty()) continue;
    docs.push_back({.file_name = p.filename,
                    .content_type = p.content_type,
                    .bytes = p.data});
  }
  auto added = d.service.AddEvent(*req.principal, *id, in, std::move(docs));
  return AfterForm(d, req, *id, added.status(),
                   {.which = Failed::kEvent, .sent = f}, "#events");
}

Response AdminPublishCatalog(Deps& d, Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  std::optional<int> year = YearParam(req, "year");
  if (!year) return web::Error(NoCatalog());
  std::string note = FormValue(req.Form(), "note");
  auto published = d.service.PublishCatalog(*req.principal, *year, note);
  if (absl::IsPermissionDenied(published.status()))
    return web::Error(published.status());
  if (!published.ok()) return ListPage(d, req, *year, published.status(), note);
  return web::Redirect(
      absl::StrCat("/admin/decisions?year=", *year, "&published=1"));
}

// --- API
// -------------------------------------------------------------------------

Response ApiDecisions(Deps& d, Request& req) {
  int year = ThisYear(d);
  if (auto q = req.QueryValue("year")) {
    if (!absl::SimpleAtoi(*q, &year) || year < kFirstYear || year > kLastYear)
      return web::Error(InvalidFields(
          "年度有误", {{"year", "年度应为2000至2100之间的数字"}}));
  }
  auto versions = d.service.CatalogVersions(year);
  if (!versions.ok()) return web::Error(versions.status());
  nlohmann::json items = nlohmann::json::array();
  nlohmann::json out = {{"year", year}, {"version", nullptr}};
  if (!versions->empty()) {
    const CatalogVersion& v = versions->front();
    out["version"] = v.version;
    out["note"] = v.note;
    out["published_at"] = v.published_at;
    for (const Decision& dec : v.items) items.push_back(DecisionJson(dec));
  }
  out["decisions"] = items;
  return web::Json(out);
}

Response ApiDecision(Deps& d, Request& req) {
  std::optional<int64_t> id = IdParam(req, "id");
  if (!id) return web::Error(NoDecision());
  auto view = d.service.GetDecision(Viewer(req), *id);
  if (!view.ok()) return web::Error(view.status());
  nlohmann::json j = DecisionJson(view->decision);
  nlohmann::json events = nlohmann::json::array();
  for (const DecisionEvent& e : view->events)
    events.push_back({{"id", e.id},
                      {"kind", EventKindName(e.kind)},
                      {"kind_label", EventKindLabel(e.kind)},
                      {"on", FormatDate(e.on)},
                      {"title", e.title},
                      {"summary", e.summary},
                      {"documents", DocumentsJson(e)}});
  j["events"] = events;
  nlohmann::json cs = nlohmann::json::array();
  for (const Consultation& c : view->consultations)
    cs.push_back({{"id", c.id},
                  {"title", c.title},
                  {"url", absl::StrCat("/consultations/", c.id)}});
  j["consultations"] = cs;
  nlohmann::json interps = nlohmann::json::array();
  for (const publishing::Record& r : view->interpretations)
    interps.push_back({{"id", r.id}, {"title", r.title}});
  j["record"] = view->record ? nlohmann::json({{"id", view->record->id},
                                               {"title", view->record->title}})
                             : nlohmann::json();
  j["interpretations"] = interps;
  j["missing_feedback"] = view->missing_feedback;
  return web::Json(j);
}

Response ApiCreateDecision(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  auto body = req.JsonBody();
  if (!body.ok()) return web::Error(body.status());
  auto in = InputFromJson(*body);
  if (!in.ok()) return web::Error(in.status());
  auto created = d.service.CreateDecision(*req.principal, *in);
  if (!created.ok()) return web::Error(created.status());
  return web::Json(DecisionJson(*created), 201);
}

}  // namespace zwgk::decisions
