// 回应关切 on the web: the public column (/concerns), the staff pages
// (/admin/concerns) and the API (/api/v1/concerns). Handlers check who may
// act, call one service method and render; the service authorizes again
// and answers another unit's concern with 404.
#include "concerns/http.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "core/clock.h"
#include "core/form_errors.h"
#include "core/guard.h"
#include "core/json.h"
#include "core/route_binding.h"
#include "core/status.h"

namespace zwgk::concerns {
namespace {

using web::FormValue;
using web::ParseId;
using web::Request;
using web::Response;
using Form = std::multimap<std::string, std::string>;
using Choices = std::vector<std::pair<std::string, std::string>>;

// A concern is a title, a few names and a time: 16 KB is plenty (notes of
// 2000 characters percent-encoded are under 20 KB).
constexpr size_t kBodyBytes = 32 * 1024;
const JsonLimits kJson{.max_depth = 3, .max_bytes = kBodyBytes};

struct Deps {
  Service& service;
  org::Service& org;
  const View& view;
};

std::string Str(absl::string_view s) { return std::string(s); }

nlohmann::json Options(const Choices& opts, const std::string& selected) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [value, label] : opts)
    out.push_back(
        {{"value", value}, {"label", label}, {"selected", value == selected}});
  return out;
}

// The units an actor may log a concern for: all for the office, its own
// for unit staff.
Choices UnitChoices(org::Service& org, const Actor& actor) {
  Choices out;
  if (auto units = org.ListUnits(); units.ok())
    for (const org::Unit& u : *units)
      if (ActsForUnit(actor, u.id)) out.emplace_back(u.name, u.name);
  return out;
}

nlohmann::json FieldErrorsJson(const absl::Status& error) {
  nlohmann::json err = nlohmann::json::object();
  for (const auto& [k, v] : GetFieldErrors(error)) err[k] = v;
  return err;
}

absl::StatusOr<nlohmann::json> BoundedJson(const Request& req) {
  if (req.body.empty())
    return absl::InvalidArgumentError("请求体为空，应为 JSON 对象");
  absl::StatusOr<nlohmann::json> j = ParseJson(req.body, kJson);
  if (!j.ok())
    return absl::InvalidArgumentError(
        absl::StrCat("请求体", j.status().message()));
  if (!j->is_object())
    return absl::InvalidArgumentError("请求体应为 JSON 对象 {…}");
  return j;
}

// ---------------------------------------------------------------------------
// JSON for the API and the pages.

nlohmann::json ObligationJson(const ObligationStatus& s) {
  return {{"obligation", Str(ObligationName(s.obligation))},
          {"label", Str(ObligationLabel(s.obligation))},
          {"due_at", FormatBeijingIso(s.due_at)},
          {"due", FormatBeijingMinute(s.due_at)},
          {"met_at",
           s.met_at ? nlohmann::json(FormatBeijingIso(*s.met_at)) : nullptr},
          {"met", s.met_at ? FormatBeijingMinute(*s.met_at) : ""},
          {"record_id", s.met_by_record ? nlohmann::json(s.met_by_record)
                                        : nlohmann::json()},
          {"timeliness", Str(TimelinessLabel(s.timeliness))},
          {"overdue", s.timeliness == Timeliness::kOverdue},
          {"late", s.timeliness == Timeliness::kLate}};
}

// Staff JSON; the internal notes and responses only when `detail`.
nlohmann::json StaffJson(const ConcernView& v, bool detail) {
  const Concern& c = v.concern;
  nlohmann::json j = {
      {"id", c.id},
      {"title", c.title},
      {"unit", {{"id", c.unit_id}, {"name", c.unit_name}}},
      {"source", Str(SourceName(c.source))},
      {"source_label", Str(SourceLabel(c.source))},
      {"kind", Str(KindName(c.kind))},
      {"kind_label", Str(KindLabel(c.kind))},
      {"seen_at", FormatBeijingIso(c.seen_at)},
      {"seen", FormatBeijingMinute(c.seen_at)},
      {"state", Str(StateName(v.state))},
      {"state_label", Str(StateLabel(v.state))},
      {"overdue", v.state == State::kOverdue},
      {"url", absl::StrCat("/admin/concerns/", c.id)},
  };
  // The first obligation's due time; for a major concern the press
  // conference's too.
  j["due_at"] = FormatBeijingIso(c.due.front().due_at);
  for (const Due& d : c.due) {
    if (d.obligation == Obligation::kPressConference)
      j["press_conference_due_at"] = FormatBeijingIso(d.due_at);
  }
  nlohmann::json obligations = nlohmann::json::array();
  for (const ObligationStatus& s : v.statuses)
    obligations.push_back(ObligationJson(s));
  j["obligations"] = obligations;
  if (detail) {
    j["notes"] = c.notes;
    j["created_by"] = c.created_by;
    j["created_at"] = LocalMinute(c.created_at);
    nlohmann::json responses = nlohmann::json::array();
    for (const concerns::Response& r : c.responses)
      responses.push_back(
          {{"record_id", r.record_id},
           {"title", r.record_title},
           {"obligation", Str(ObligationName(r.obligation))},
           {"obligation_label", Str(ObligationLabel(r.obligation))},
           {"published", r.record_public},
           {"published_at",
            r.published_at ? nlohmann::json(FormatBeijingIso(*r.published_at))
                           : nlohmann::json()},
           {"published_minute",
            r.published_at ? FormatBeijingMinute(*r.published_at) : ""},
           {"linked_by", r.linked_by},
           {"linked_at", LocalMinute(r.linked_at)}});
    j["responses"] = responses;
  }
  return j;
}

nlohmann::json PublicJson(const PublicConcern& p) {
  nlohmann::json responses = nlohmann::json::array();
  for (const PublicResponse& r : p.responses)
    responses.push_back(
        {{"record_id", r.record_id},
         {"title", r.title},
         {"obligation_label", Str(ObligationLabel(r.obligation))},
         {"published_at", FormatBeijingIso(r.published_at)},
         {"published", FormatBeijingMinute(r.published_at)},
         {"url", absl::StrCat("/records/", r.record_id)}});
  return {{"id", p.id},
          {"title", p.title},
          {"unit", p.unit_name},
          {"source_label", Str(SourceLabel(p.source))},
          {"kind_label", Str(KindLabel(p.kind))},
          {"seen_at", FormatBeijingIso(p.seen_at)},
          {"seen", FormatBeijingMinute(p.seen_at)},
          {"responded_at", FormatBeijingIso(p.responded_at)},
          {"responded", FormatBeijingMinute(p.responded_at)},
          {"on_time", p.on_time},
          {"responses", responses}};
}

// ---------------------------------------------------------------------------
// The public column.

Response PublicList(Deps& d, Request& req) {
  absl::StatusOr<std::vector<PublicConcern>> rows = d.service.ListPublic(100);
  if (!rows.ok()) return web::Error(rows.status());
  nlohmann::json list = nlohmann::json::array();
  for (const PublicConcern& p : *rows) list.push_back(PublicJson(p));
  return d.view.Page(req, "concerns/list",
                     {{"concerns", list}, {"has_concerns", !list.empty()}},
                     {.title = "回应关切",
                      .breadcrumbs = {{{"name", "首页"}, {"url", "/"}},
                                      {{"name", "回应关切"}, {"url", ""}}}});
}

// ---------------------------------------------------------------------------
// Staff pages.

absl::StatusOr<ListFilter> ReadFilter(Deps& d, const Request& req) {
  ListFilter f;
  const std::string state = req.QueryValue("state").value_or("");
  if (!state.empty()) {
    f.state = ParseState(state);
    if (!f.state)
      return InvalidFields("状态有误",
                           {{"state", "状态应为 overdue、open 或 answered"}});
  }
  const std::string unit = req.QueryValue("unit").value_or("");
  if (!unit.empty()) {
    absl::StatusOr<org::Unit> u = d.org.ResolveUnit(unit.substr(0, 200));
    if (!u.ok()) return InvalidFields("单位有误", {{"unit", "没有这个单位"}});
    f.unit_id = u->id;
  }
  const std::string year = req.QueryValue("year").value_or("");
  if (!year.empty()) {
    std::optional<int64_t> y = ParseId(year);
    if (!y || *y < 2000 || *y > 2100)
      return InvalidFields("年份有误", {{"year", "年份应在2000–2100之间"}});
    f.year = static_cast<int>(*y);
  }
  return f;
}

Response AdminList(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const Actor& actor = *req.principal;
  absl::StatusOr<ListFilter> f = ReadFilter(d, req);
  if (!f.ok()) return web::Error(f.status());
  absl::StatusOr<std::vector<ConcernView>> rows = d.service.List(actor, *f);
  if (!rows.ok()) return web::Error(rows.status());
  nlohmann::json list = nlohmann::json::array();
  for (const ConcernView& v : *rows) list.push_back(StaffJson(v, false));
  const std::string state = req.QueryValue("state").value_or("");
  Choices states = {{"", "全部"}};
  for (State s : {State::kOverdue, State::kOpen, State::kAnswered})
    states.emplace_back(Str(StateName(s)), Str(StateLabel(s)));
  Choices units = {{"", "全部单位"}};
  for (auto& u : UnitChoices(d.org, actor)) units.push_back(std::move(u));
  nlohmann::json ctx = {
      {"concerns", list},
      {"has_concerns", !list.empty()},
      {"states", Options(states, state)},
      {"units", Options(units, req.QueryValue("unit").value_or(""))},
      {"year", req.QueryValue("year").value_or("")},
      {"is_admin", IsAdmin(actor)},
  };
  return d.view.Page(req, "concerns/admin_list", ctx,
                     {.title = "回应关切",
                      .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                                      {{"name", "回应关切"}, {"url", ""}}}});
}

const std::vector<FormField>& NewFormOrder() {
  static const auto* order = new std::vector<FormField>{
      {"title"},   {"unit"}, {"source"}, {"kind", "kind-major"},
      {"seen_at"}, {"notes"}};
  return *order;
}

ConcernInput InputFromForm(const Form& f) {
  return {.title = FormValue(f, "title"),
          .unit = FormValue(f, "unit"),
          .source = FormValue(f, "source"),
          .kind = FormValue(f, "kind"),
          .seen_at = FormValue(f, "seen_at"),
          .notes = FormValue(f, "notes")};
}

Response NewForm(Deps& d, Request& req, const ConcernInput& in,
                 const absl::Status& error) {
  const Actor& actor = *req.principal;
  Choices sources;
  for (Source s : AllSources())
    sources.emplace_back(Str(SourceName(s)), Str(SourceLabel(s)));
  Choices units;
  if (IsAdmin(actor)) units.emplace_back("", "请选择");
  for (auto& u : UnitChoices(d.org, actor)) units.push_back(std::move(u));
  absl::StatusOr<Hours> hours = d.service.GetHours();
  const Hours h = hours.ok() ? *hours : Hours{};
  nlohmann::json ctx = {
      {"csrf_token", req.csrf_token},
      {"units", Options(units, in.unit)},
      {"sources",
       Options(sources, in.source.empty() ? "monitoring" : in.source)},
      {"major", in.kind == "major"},
      {"general", in.kind != "major"},
      {"v",
       {{"title", in.title}, {"seen_at", in.seen_at}, {"notes", in.notes}}},
      {"hours",
       {{"first_information", h.first_information},
        {"press_conference", h.press_conference},
        {"response", h.response}}},
      {"err", FieldErrorsJson(error)},
      {"error_summary",
       ErrorSummary(error, NewFormOrder(), {.heading = "关切未登记"})},
  };
  return d.view.Page(
      req, "concerns/new", ctx,
      {.title = "登记关切",
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "回应关切"}, {"url", "/admin/concerns"}},
                       {{"name", "登记关切"}, {"url", ""}}}});
}

Response NewPage(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  // The form starts at the current minute, Beijing time.
  std::string now = FormatBeijingIso(d.service.clock().Now()).substr(0, 16);
  return NewForm(d, req, {.kind = "general", .seen_at = now}, absl::OkStatus());
}

Response PostConcern(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const ConcernInput in = InputFromForm(req.Form());
  absl::StatusOr<ConcernView> v = d.service.Create(*req.principal, in);
  if (v.ok())
    return web::Redirect(
        absl::StrCat("/admin/concerns/", v->concern.id, "?done=created"));
  if (!absl::IsInvalidArgument(v.status())) return web::Error(v.status());
  return NewForm(d, req, in, v.status());
}

Response Detail(Deps& d, Request& req, const ConcernView& v,
                const absl::Status& error, const Form& sent) {
  const Actor& actor = *req.principal;
  nlohmann::json j = StaffJson(v, true);
  // The unit's records of genre 回应 (drafts too: a draft linked now meets
  // its obligation when published).
  nlohmann::json candidates = nlohmann::json::array();
  if (auto recs = d.service.Candidates(actor, v.concern.unit_id); recs.ok()) {
    for (const publishing::Record& r : *recs)
      candidates.push_back(
          {{"id", r.id},
           {"title", r.title},
           {"published", publishing::IsPublic(r)},
           {"selected", FormValue(sent, "record_id") == absl::StrCat(r.id)}});
  }
  nlohmann::json obligations = nlohmann::json::array();
  const std::string chosen = FormValue(sent, "obligation");
  for (Obligation o : ObligationsOf(v.concern.kind))
    obligations.push_back({{"value", Str(ObligationName(o))},
                           {"label", Str(ObligationLabel(o))},
                           {"selected", chosen == ObligationName(o)}});
  nlohmann::json ctx = {
      {"c", j},
      {"csrf_token", req.csrf_token},
      {"candidates", candidates},
      {"has_candidates", !candidates.empty()},
      {"obligations", obligations},
      {"record_id", FormValue(sent, "record_id")},
      {"err", FieldErrorsJson(error)},
      {"error_summary",
       ErrorSummary(error,
                    {{"record_id", "record-id"}, {"obligation", "obligation"}},
                    {.heading = "未关联回应"})},
  };
  if (req.QueryValue("done").value_or("") == "created")
    ctx["done"] = "关切已登记，回应时限已按小时计算。";
  if (req.QueryValue("done").value_or("") == "linked")
    ctx["done"] = "已关联回应信息。信息发布后即计为已回应。";
  return d.view.Page(
      req, "concerns/admin_detail", ctx,
      {.title = absl::StrCat("关切：", v.concern.title),
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "回应关切"}, {"url", "/admin/concerns"}},
                       {{"name", v.concern.title}, {"url", ""}}}});
}

Response AdminShow(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("关切不存在"));
  absl::StatusOr<ConcernView> v = d.service.Get(*req.principal, *id);
  if (!v.ok()) return web::Error(v.status());
  return Detail(d, req, *v, absl::OkStatus(), {});
}

Response AdminRespond(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("关切不存在"));
  const Form f = req.Form();
  std::optional<int64_t> record = ParseId(FormValue(f, "record_id"));
  absl::StatusOr<ConcernView> v =
      record
          ? d.service.Respond(*req.principal, *id,
                              {.record_id = *record,
                               .obligation = FormValue(f, "obligation")})
          : absl::StatusOr<ConcernView>(InvalidFields(
                "回应信息有误", {{"record_id", "请选择或填写回应信息的编号"}}));
  if (v.ok())
    return web::Redirect(absl::StrCat("/admin/concerns/", *id, "?done=linked"));
  absl::StatusOr<ConcernView> now = d.service.Get(*req.principal, *id);
  if (!now.ok()) return web::Error(now.status());
  if (!absl::IsInvalidArgument(v.status()) &&
      !absl::IsAlreadyExists(v.status()))
    return web::Error(v.status());
  absl::Status shown = v.status();
  if (absl::IsAlreadyExists(shown))
    shown = InvalidFields("未关联回应", {{"record_id", Str(shown.message())}});
  return Detail(d, req, *now, shown, f);
}

std::string HoursKey(Obligation o) {
  return absl::StrCat("hours_", ObligationName(o));
}

Response SettingsPage(Deps& d, Request& req, const Hours& shown,
                      const absl::Status& error, bool saved) {
  const FieldErrors errors = GetFieldErrors(error);
  nlohmann::json rows = nlohmann::json::array();
  for (Obligation o : {Obligation::kFirstInformation,
                       Obligation::kPressConference, Obligation::kResponse}) {
    nlohmann::json row = {
        {"key", HoursKey(o)},
        {"label", absl::StrCat(o == Obligation::kResponse ? "一般政务舆情："
                                                          : "重大突发事件：",
                               ObligationLabel(o))},
        {"hours", shown.For(o)}};
    if (auto e = errors.find(std::string(ObligationName(o))); e != errors.end())
      row["error"] = e->second;
    rows.push_back(std::move(row));
  }
  return d.view.Page(
      req, "concerns/settings",
      {{"rows", rows},
       {"csrf_token", req.csrf_token},
       {"saved", saved},
       {"max_hours", kMaxHours},
       {"error_summary",
        ErrorSummary(error,
                     {{"first_information", "hours_first_information"},
                      {"press_conference", "hours_press_conference"},
                      {"response", "hours_response"}},
                     {.heading = "未保存"})}},
      {.title = "回应时限",
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "回应关切"}, {"url", "/admin/concerns"}},
                       {{"name", "回应时限"}, {"url", ""}}}});
}

Response SettingsGet(Deps& d, Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  absl::StatusOr<Hours> h = d.service.GetHours();
  if (!h.ok()) return web::Error(h.status());
  return SettingsPage(d, req, *h, absl::OkStatus(),
                      req.QueryValue("saved").has_value());
}

Response SettingsPost(Deps& d, Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  const Form f = req.Form();
  Hours h;
  Validator v;
  for (Obligation o : {Obligation::kFirstInformation,
                       Obligation::kPressConference, Obligation::kResponse}) {
    std::optional<int64_t> n = ParseId(FormValue(f, HoursKey(o)));
    if (!n || *n > kMaxHours) {
      v.Add(Str(ObligationName(o)),
            absl::StrCat(ObligationLabel(o), "的时限应为1至", kMaxHours,
                         "之间的整数（小时）"));
      continue;
    }
    const int hours = static_cast<int>(*n);
    if (o == Obligation::kFirstInformation) h.first_information = hours;
    if (o == Obligation::kPressConference) h.press_conference = hours;
    if (o == Obligation::kResponse) h.response = hours;
  }
  absl::Status s = v.ToStatus("回应时限有误");
  if (s.ok()) s = d.service.SaveHours(*req.principal, h);
  if (s.ok()) return web::Redirect("/admin/concerns/settings?saved=1");
  if (!absl::IsInvalidArgument(s)) return web::Error(s);
  return SettingsPage(d, req, h, s, false);
}

// ---------------------------------------------------------------------------
// API (staff: session or token; anonymous 401).

Response ApiCreate(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  absl::StatusOr<nlohmann::json> body = BoundedJson(req);
  if (!body.ok()) return web::Error(body.status());
  JsonFields f(*body);
  ConcernInput in{.title = f.String("title", "关切事项"),
                  .unit = f.String("unit", "责任单位"),
                  .source = f.String("source", "来源"),
                  .kind = f.String("kind", "类型"),
                  .seen_at = f.String("seen_at", "首次发现时间"),
                  .notes = f.String("notes", "内部备注")};
  if (absl::Status bad = f.status(); !bad.ok()) return web::Error(bad);
  absl::StatusOr<ConcernView> v = d.service.Create(*req.principal, in);
  if (!v.ok()) return web::Error(v.status());
  return web::Json(StaffJson(*v, true), 201);
}

Response ApiList(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  absl::StatusOr<ListFilter> f = ReadFilter(d, req);
  if (!f.ok()) return web::Error(f.status());
  absl::StatusOr<std::vector<ConcernView>> rows =
      d.service.List(*req.principal, *f);
  if (!rows.ok()) return web::Error(rows.status());
  nlohmann::json list = nlohmann::json::array();
  for (const ConcernView& v : *rows) list.push_back(StaffJson(v, false));
  return web::Json({{"concerns", list}});
}

Response ApiShow(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("关切不存在"));
  absl::StatusOr<ConcernView> v = d.service.Get(*req.principal, *id);
  if (!v.ok()) return web::Error(v.status());
  return web::Json(StaffJson(*v, true));
}

Response ApiRespond(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("关切不存在"));
  absl::StatusOr<nlohmann::json> body = BoundedJson(req);
  if (!body.ok()) return web::Error(body.status());
  JsonFields f(*body);
  std::optional<int64_t> record = f.Int("record_id", "回应信息编号");
  ResponseInput in{.obligation = f.String("obligation", "回应事项")};
  if (absl::Status bad = f.status(); !bad.ok()) return web::Error(bad);
  if (!record)
    return web::Error(InvalidFields(
        "回应信息有误", {{"record_id", "请填写回应信息的编号 record_id"}}));
  in.record_id = *record;
  absl::StatusOr<ConcernView> v = d.service.Respond(*req.principal, *id, in);
  if (!v.ok()) return web::Error(v.status());
  return web::Json(StaffJson(*v, true), 201);
}

}  // namespace

void RegisterRoutes(web::Router& router, Service& service, const View& view) {
  auto h =
      web::BindTo(std::make_shared<Deps>(Deps{service, service.org(), view}));
  const web::RouteOptions small{.max_body_bytes = kBodyBytes};
  // Public, no account: concerns with a published 回应 record only.
  router.Get("/concerns", h(PublicList));
  // Staff (signed in): a unit's staff log and answer their unit's concerns
  // (another unit's: 404); the county office all, and sets the hours.
  router.Get("/admin/concerns", h(AdminList));
  router.Get("/admin/concerns/new", h(NewPage));
  router.Post("/admin/concerns", h(PostConcern), small);
  router.Get("/admin/concerns/settings", h(SettingsGet));
  router.Post("/admin/concerns/settings", h(SettingsPost), small);
  router.Get("/admin/concerns/{id}", h(AdminShow));
  router.Post("/admin/concerns/{id}/responses", h(AdminRespond), small);
  // API, staff (session or token; anonymous: 401): as on the staff pages.
  router.Post("/api/v1/concerns", h(ApiCreate), small);
  router.Get("/api/v1/concerns", h(ApiList));
  router.Get("/api/v1/concerns/{id}", h(ApiShow));
  router.Post("/api/v1/concerns/{id}/responses", h(ApiRespond), small);
}

}  // namespace zwgk::concerns
