// The 公开属性 inventory on the web: the staff pages (/admin/powers) and a
// unit's public 公开属性清单 (/units/{id}/powers). Handlers check who may act,
// call one service method and render; the service authorizes again
// (another unit's power answers 404).
#include "powers/http.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "calendar/calendar.h"
#include "core/form_errors.h"
#include "core/guard.h"
#include "core/route_binding.h"
#include "core/status.h"
#include "core/withholding.h"

namespace zwgk::powers {
namespace {

using web::FormValue;
using web::ParseId;
using web::Request;
using web::Response;
using Json = nlohmann::json;

constexpr size_t kFormBodyBytes = 64 * 1024;

struct Deps {
  Service& service;
  publishing::Service& publishing;
  const View& view;
};

std::string Str(absl::string_view s) { return std::string(s); }

Json FieldErrorsJson(const absl::Status& error) {
  Json err = Json::object();
  for (const auto& [k, v] : GetFieldErrors(error)) err[k] = v;
  return err;
}

bool ShownOnForm(const absl::Status& s) {
  return absl::IsInvalidArgument(s) || absl::IsFailedPrecondition(s);
}

std::string GroundLabel(absl::string_view code) {
  const WithholdingGround* g = FindWithholdingGround(code);
  return g == nullptr ? "" : Str(g->label);
}

Json AttributeOptions(Attribute selected) {
  Json out = Json::array();
  for (Attribute a :
       {Attribute::kActive, Attribute::kOnRequest, Attribute::kWithheld})
    out.push_back({{"value", Str(AttributeName(a))},
                   {"label", Str(AttributeLabel(a))},
                   {"selected", a == selected}});
  return out;
}

Json GroundOptions(absl::string_view selected) {
  Json out = Json::array();
  out.push_back({{"value", ""},
                 {"label", "（主动公开不需要）"},
                 {"selected", selected.empty()}});
  for (const WithholdingGround& g : WithholdingGrounds())
    out.push_back(
        {{"value", Str(g.code)},
         {"label", absl::StrCat(g.label, g.article.empty() ? "" : "（",
                                g.article, g.article.empty() ? "" : "）")},
         {"selected", g.code == selected}});
  return out;
}

Json StageJson(const Stage& s, bool staff) {
  Json j = {{"id", s.id},
            {"stage", s.stage},
            {"info", s.info},
            {"attribute", Str(AttributeName(s.attribute))},
            {"attribute_label", Str(AttributeLabel(s.attribute))},
            {"undecided", s.attribute == Attribute::kUndecided},
            {"ground", GroundLabel(s.withheld_ground)},
            {"catalog_item", s.catalog_item},
            {"period",
             s.period_days > 0 ? absl::StrCat(s.period_days, "个工作日") : ""}};
  if (staff) {
    j["decided_by"] = s.decided_by;
    j["decided_at"] = s.decided_at.empty() ? "" : LocalMinute(s.decided_at);
    j["attributes"] = AttributeOptions(s.attribute);
    j["grounds"] = GroundOptions(s.withheld_ground);
  }
  return j;
}

Json PowerRowJson(const Power& p) {
  int undecided = 0;
  for (const Stage& s : p.stages)
    undecided += s.attribute == Attribute::kUndecided;
  return {{"id", p.id},
          {"code", p.code},
          {"name", p.name},
          {"type", Str(PowerTypeLabel(p.type))},
          {"unit", p.unit_name},
          {"stages", p.stages.size()},
          {"undecided", undecided}};
}

// --- Staff ------------------------------------------------------------------

Response ListPage(Deps& d, Request& req, const absl::Status& error,
                  const ImportSummary* imported) {
  const Actor& actor = *req.principal;
  std::optional<int64_t> unit;
  if (auto u = req.QueryValue("unit"); u && !u->empty()) {
    unit = ParseId(*u);
    if (!unit) return web::Error(absl::NotFoundError("没有这个单位"));
  }
  absl::StatusOr<std::vector<Power>> powers = d.service.List(actor, unit);
  if (!powers.ok()) return web::Error(powers.status());
  absl::StatusOr<std::vector<Coverage>> coverage = d.service.GetCoverage(actor);
  if (!coverage.ok()) return web::Error(coverage.status());
  Json rows = Json::array();
  for (const Power& p : *powers) rows.push_back(PowerRowJson(p));
  Json cov = Json::array();
  for (const Coverage& c : *coverage)
    cov.push_back({{"unit_id", c.unit_id},
                   {"unit", c.unit_name},
                   {"powers", c.powers},
                   {"stages", c.stages},
                   {"undecided", c.undecided},
                   {"active", c.active},
                   {"on_request", c.on_request},
                   {"withheld", c.withheld},
                   {"without_item", c.powers_without_item},
                   {"percent", c.percent_decided()},
                   {"bad", c.undecided > 0 || c.powers_without_item > 0}});
  Json units = Json::array();
  if (IsAdmin(actor))
    if (auto all = d.service.org().ListUnits(); all.ok())
      for (const org::Unit& u : *all)
        units.push_back({{"id", u.id}, {"name", u.name}});
  Json summary;
  if (imported != nullptr)
    summary = {{"powers_added", imported->powers_added},
               {"powers_updated", imported->powers_updated},
               {"stages_added", imported->stages_added},
               {"stages_updated", imported->stages_updated},
               {"attributes_set", imported->attributes_set},
               {"notes", imported->notes},
               {"has_notes", !imported->notes.empty()}};
  static const std::vector<FormField> kOrder = {{"unit"}, {"file"}};
  req.cache_key.clear();
  return d.view.Page(
      req, "powers/admin_list",
      {{"powers", rows},
       {"has_powers", !rows.empty()},
       {"coverage", cov},
       {"has_coverage", !cov.empty()},
       {"is_admin", IsAdmin(actor)},
       {"units", units},
       {"own_unit", actor.unit_id ? Json(*actor.unit_id) : Json()},
       {"imported", summary},
       {"csrf_token", req.csrf_token},
       {"err", FieldErrorsJson(error)},
       {"error_summary",
        ErrorSummary(error, kOrder,
                     {.heading = "权责清单未导入，请修改以下内容"})}},
      {.title = "公开属性清单",
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                       {{"name", "公开属性清单"}, {"url", ""}}}});
}

Response AdminList(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  return ListPage(d, req, absl::OkStatus(), nullptr);
}

Response AdminImport(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::string unit, filename, bytes;
  for (web::FormPart& part : req.Parts()) {
    if (part.name == "unit") unit = part.data;
    if (part.name == "file" && !part.filename.empty()) {
      filename = std::move(part.filename);
      bytes = std::move(part.data);
    }
  }
  if (unit.empty() && req.principal->unit_id)
    unit = absl::StrCat(*req.principal->unit_id);
  absl::StatusOr<ImportSummary> s =
      d.service.Import(*req.principal, unit, filename, bytes);
  if (!s.ok() && !ShownOnForm(s.status())) return web::Error(s.status());
  return ListPage(d, req, s.status(), s.ok() ? &*s : nullptr);
}

Response PowerPage(Deps& d, Request& req, int64_t id,
                   std::optional<int64_t> error_stage,
                   const absl::Status& error,
                   std::optional<int64_t> error_record = std::nullopt) {
  const Actor& actor = *req.principal;
  absl::StatusOr<PowerView> v = d.service.Get(actor, id);
  if (!v.ok()) return web::Error(v.status());
  std::map<int64_t, Json> records_of;
  std::map<int64_t, std::string> record_titles;
  for (const StageRecord& r : v->records) {
    record_titles[r.record_id] = r.title;
    const Attribute a = ParseAttribute(publishing::DisclosureName(r.disclosure))
                            .value_or(Attribute::kUndecided);
    Json j = {{"id", r.record_id},
              {"title", r.title},
              {"status", Str(publishing::StatusLabel(r.status))},
              {"attribute_label", Str(AttributeLabel(a))},
              {"ground", GroundLabel(r.withheld_ground)},
              // Published records change only once withdrawn (publishing's
              // rule); the form is offered for the others.
              {"changeable", r.status != publishing::Status::kPublished},
              {"attributes", AttributeOptions(a)},
              {"grounds", GroundOptions(r.withheld_ground)},
              {"csrf_token", req.csrf_token}};
    // Set either way: the stage's own error must not show on its records.
    const bool failed = error_record == r.record_id;
    j["err"] = failed ? FieldErrorsJson(error) : Json(false);
    j["error"] = failed ? Str(error.message()) : "";
    records_of[r.stage_id].push_back(std::move(j));
  }
  std::map<int64_t, std::string> stage_names;
  Json stages = Json::array();
  for (const Stage& s : v->power.stages) {
    stage_names[s.id] = s.stage;
    Json j = StageJson(s, true);
    j["records"] = records_of.contains(s.id) ? records_of[s.id] : Json::array();
    j["has_records"] = records_of.contains(s.id);
    if (error_stage == s.id) {
      j["err"] = FieldErrorsJson(error);
      j["error"] = Str(error.message());
    }
    stages.push_back(std::move(j));
  }
  Json changes = Json::array();
  for (const Change& c : v->changes)
    changes.push_back(
        {{"stage", stage_names[c.stage_id]},
         {"record_id", c.record_id ? Json(*c.record_id) : Json()},
         {"record_title",
          c.record_id ? record_titles[*c.record_id] : std::string()},
         {"from", Str(AttributeLabel(c.from))},
         {"from_ground", GroundLabel(c.from_ground)},
         {"to", Str(AttributeLabel(c.to))},
         {"ground", GroundLabel(c.to_ground)},
         {"reason", c.reason},
         {"by", c.by},
         {"at", LocalMinute(c.at)}});
  Json topics = Json::array();
  for (const publishing::Topic& t : d.publishing.topics().all())
    topics.push_back({{"name", t.name}});
  Json genres = Json::array();
  if (auto g = d.publishing.Genres(); g.ok())
    for (const std::string& name : *g)
      genres.push_back({{"name", name}, {"selected", name == "公示"}});
  const Power& p = v->power;
  req.cache_key.clear();
  return d.view.Page(
      req, "powers/admin_power",
      {{"power",
        {{"id", p.id},
         {"code", p.code},
         {"name", p.name},
         {"type", Str(PowerTypeLabel(p.type))},
         {"unit", p.unit_name},
         {"implementer", p.implementer},
         {"basis", p.basis}}},
       {"stages", stages},
       {"changes", changes},
       {"has_changes", !changes.empty()},
       {"topics", topics},
       {"genres", genres},
       {"done", Str(req.QueryValue("done").value_or(""))},
       {"csrf_token", req.csrf_token}},
      {.title = absl::StrCat(p.name, " 公开属性"),
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "公开属性清单"}, {"url", "/admin/powers"}},
                       {{"name", p.name}, {"url", ""}}}});
}

Response AdminPower(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("没有这个事项"));
  return PowerPage(d, req, *id, std::nullopt, absl::OkStatus());
}

Response AdminDecide(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("没有这个事项"));
  absl::StatusOr<int64_t> power = d.service.PowerOfStage(*req.principal, *id);
  if (!power.ok()) return web::Error(power.status());
  const auto& f = req.Form();
  absl::StatusOr<Stage> s =
      d.service.Decide(*req.principal, *id,
                       {.attribute = FormValue(f, "attribute"),
                        .ground = FormValue(f, "ground"),
                        .catalog_item = FormValue(f, "catalog_item"),
                        .period = FormValue(f, "period"),
                        .reason = FormValue(f, "reason")});
  if (s.ok())
    return web::Redirect(
        absl::StrCat("/admin/powers/", *power, "?done=decided#stage-", *id));
  if (!ShownOnForm(s.status())) return web::Error(s.status());
  return PowerPage(d, req, *power, *id, s.status());
}

Response AdminDraft(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("没有这个事项"));
  absl::StatusOr<int64_t> power = d.service.PowerOfStage(*req.principal, *id);
  if (!power.ok()) return web::Error(power.status());
  const auto& f = req.Form();
  absl::StatusOr<publishing::Record> r =
      d.service.DraftRecord(*req.principal, *id,
                            {.title = FormValue(f, "title"),
                             .topic = FormValue(f, "topic"),
                             .genre = FormValue(f, "genre")});
  if (r.ok()) return web::Redirect(absl::StrCat("/admin/records/", r->id));
  if (!ShownOnForm(r.status())) return web::Error(r.status());
  return PowerPage(d, req, *power, *id, r.status());
}

Response AdminRecordAttribute(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("没有这条信息"));
  absl::StatusOr<int64_t> power = d.service.PowerOfRecord(*req.principal, *id);
  if (!power.ok()) return web::Error(power.status());
  const auto& f = req.Form();
  absl::StatusOr<publishing::Record> r =
      d.service.ChangeRecordAttribute(*req.principal, *id,
                                      {.attribute = FormValue(f, "attribute"),
                                       .ground = FormValue(f, "ground"),
                                       .reason = FormValue(f, "reason")});
  if (r.ok())
    return web::Redirect(
        absl::StrCat("/admin/powers/", *power, "?done=record#record-", *id));
  if (!ShownOnForm(r.status())) return web::Error(r.status());
  return PowerPage(d, req, *power, std::nullopt, r.status(), *id);
}

// --- Public
// -------------------------------------------------------------------

Response PublicList(Deps& d, Request& req) {
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("没有这个单位"));
  absl::StatusOr<org::Unit> unit = d.service.org().GetUnit(*id);
  if (!unit.ok() || unit->retired)
    return web::Error(absl::NotFoundError("没有这个单位"));
  absl::StatusOr<std::vector<Power>> powers = d.service.PublicList(*id);
  if (!powers.ok()) return web::Error(powers.status());
  Json rows = Json::array();
  for (const Power& p : *powers) {
    Json stages = Json::array();
    for (const Stage& s : p.stages) stages.push_back(StageJson(s, false));
    rows.push_back({{"code", p.code},
                    {"name", p.name},
                    {"type", Str(PowerTypeLabel(p.type))},
                    {"basis", p.basis},
                    {"stages", stages}});
  }
  return d.view.Page(
      req, "powers/public_list",
      {{"unit", {{"id", unit->id}, {"name", unit->name}}},
       {"powers", rows},
       {"has_powers", !rows.empty()}},
      {.title = absl::StrCat(unit->name, " 公开属性清单"),
       .breadcrumbs = {{{"name", "机构信息"}, {"url", "/units"}},
                       {{"name", unit->name},
                        {"url", absl::StrCat("/units/", unit->id, "/profile")}},
                       {{"name", "公开属性清单"}, {"url", ""}}}});
}

}  // namespace

void RegisterRoutes(web::Router& router, Service& service,
                    publishing::Service& publishing, const View& view) {
  auto h = web::BindTo(std::make_shared<Deps>(Deps{service, publishing, view}));
  const web::RouteOptions form{.max_body_bytes = kFormBodyBytes};
  const web::RouteOptions upload{
      .max_body_bytes = service.options().max_file_bytes + 64 * 1024};
  // Public, no account: a unit's 主动公开 stages (undecided, 依申请 and
  // 不予公开 stages, who decided and the history never show).
  router.Get("/units/{id}/powers", h(PublicList));
  // Staff: a unit's staff their own unit's powers, the county office every
  // unit's (with the coverage of all); anyone else gets 404.
  router.Get("/admin/powers", h(AdminList));
  router.Post("/admin/powers/import", h(AdminImport), upload);
  router.Get("/admin/powers/{id}", h(AdminPower));
  router.Post("/admin/powers/stages/{id}/decide", h(AdminDecide), form);
  router.Post("/admin/powers/stages/{id}/draft", h(AdminDraft), form);
  // A drafted record's 公开属性, changed with a reason (its unit's staff).
  router.Post("/admin/powers/records/{id}/attribute", h(AdminRecordAttribute),
              form);
}

}  // namespace zwgk::powers
