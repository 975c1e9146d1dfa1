// 公共企事业单位办事公开 on the web: the public directory (/institutions),
// the staff pages (/admin/institutions) and the API
// (/api/v1/institutions). Handlers check who may act, call one service
// method and render; the service authorizes again (another institution's
// answers NotFound).
#include "institutions/http.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "content/body.h"
#include "core/clock.h"
#include "core/form_errors.h"
#include "core/guard.h"
#include "core/route_binding.h"
#include "core/status.h"

namespace zwgk::institutions {
namespace {

using web::FormValue;
using web::ParseId;
using web::Request;
using web::Response;
using Form = std::multimap<std::string, std::string>;
using Json = nlohmann::json;

// A section of 50000 characters, percent-encoded, is about 450 KB.
constexpr size_t kFormBodyBytes = 512 * 1024;
constexpr size_t kSmallBodyBytes = 16 * 1024;
// The roster file and the multipart framing around it.
constexpr size_t kUploadBodyBytes = (4 << 20) + 64 * 1024;

struct Deps {
  Service& service;
  const View& view;
};

std::string Str(absl::string_view s) { return std::string(s); }

Json FieldErrorsJson(const absl::Status& error) {
  Json err = Json::object();
  for (const auto& [k, v] : GetFieldErrors(error)) err[k] = v;
  return err;
}

// The directory's filter from ?sector=&town=; an unknown sector or town
// filters to nothing rather than failing.
DirectoryFilter FilterFrom(const Request& req) {
  DirectoryFilter f;
  std::string sector = req.QueryValue("sector").value_or("");
  if (!sector.empty()) f.sector = ParseSector(sector).value_or(sector);
  std::string town = req.QueryValue("town").value_or("");
  if (!town.empty()) f.town_id = ParseId(town).value_or(-1);
  return f;
}

Json SectionsJson(const InstitutionStatus& s, bool staff) {
  Json out = Json::array();
  for (const SectionStatus& ss : s.sections) {
    const bool shown = ss.content && (staff || ss.content->published);
    if (!staff && (!shown || ss.content->body_html.empty())) continue;
    Json j = {{"section", Str(SectionName(ss.rule.section))},
              {"label", Str(SectionLabel(ss.rule.section))}};
    if (shown) {
      j["body_html"] = ss.content->body_html;
      j["updated_at"] = LocalMinute(ss.content->updated_at);
    }
    if (staff) {
      j["required"] = ss.rule.required;
      j["period_days"] = ss.rule.period_days;
      j["state"] = Str(SectionStateLabel(ss.state));
      j["missing"] = ss.state == SectionState::kMissing;
      j["stale"] = ss.state == SectionState::kStale;
      j["bad"] = ss.state == SectionState::kMissing ||
                 ss.state == SectionState::kStale;
      j["published"] = ss.content && ss.content->published;
      j["draft"] = ss.content && !ss.content->published;
      j["days_since"] = ss.days_since;
      j["body_text"] = ss.content
                           ? content::BodyForTextBox(ss.content->body_html)
                           : std::string();
      j["updated_by"] = ss.content ? ss.content->updated_by : std::string();
    }
    out.push_back(std::move(j));
  }
  return out;
}

Json InstitutionJson(const InstitutionStatus& s, bool staff) {
  const Institution& i = s.institution;
  Json j = {{"id", i.id},
            {"name", i.name},
            {"department_id", i.department_id},
            {"department", i.department_name},
            {"sector", i.sector},
            {"town_id", i.town_id ? Json(*i.town_id) : Json()},
            {"town", i.town_name},
            {"contact", i.contact},
            {"url", absl::StrCat("/institutions/", i.id)},
            {"sections", SectionsJson(s, staff)}};
  if (staff) {
    j["missing"] = s.missing;
    j["stale"] = s.stale;
    j["bad"] = s.missing + s.stale > 0;
    j["edit_url"] = absl::StrCat("/admin/institutions/", i.id);
    j["has_published"] = s.has_published;
  }
  return j;
}

// --- Public pages
// -------------------------------------------------------------

Response PublicIndex(Deps& d, Request& req) {
  const DirectoryFilter f = FilterFrom(req);
  absl::StatusOr<std::vector<InstitutionStatus>> list = d.service.Directory(f);
  if (!list.ok()) return web::Error(list.status());
  absl::StatusOr<std::vector<org::Unit>> towns = d.service.Towns();
  if (!towns.ok()) return web::Error(towns.status());
  Json sectors = Json::array();
  for (absl::string_view s : kSectors)
    sectors.push_back({{"name", Str(s)}, {"selected", f.sector == s}});
  Json town_options = Json::array();
  for (const org::Unit& t : *towns)
    town_options.push_back(
        {{"id", t.id}, {"name", t.name}, {"selected", f.town_id == t.id}});
  // Grouped by sector, in the directory's order.
  Json groups = Json::array();
  for (const InstitutionStatus& s : *list) {
    if (groups.empty() || groups.back()["sector"] != s.institution.sector)
      groups.push_back(
          {{"sector", s.institution.sector}, {"institutions", Json::array()}});
    groups.back()["institutions"].push_back(InstitutionJson(s, false));
  }
  return d.view.Page(
      req, "institutions/index",
      {{"groups", groups},
       {"has_groups", !groups.empty()},
       {"count", list->size()},
       {"sectors", sectors},
       {"towns", town_options},
       {"filtered", !f.sector.empty() || f.town_id.has_value()}},
      {.title = "公共企事业单位办事公开",
       .breadcrumbs = {{{"name", "公共企事业单位办事公开"}, {"url", ""}}}});
}

Response PublicInstitution(Deps& d, Request& req) {
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("没有这个公共企事业单位"));
  absl::StatusOr<InstitutionStatus> s = d.service.Public(*id);
  if (!s.ok()) return web::Error(s.status());
  return d.view.Page(
      req, "institutions/institution", {{"i", InstitutionJson(*s, false)}},
      {.title = absl::StrCat(s->institution.name, " 办事公开"),
       .breadcrumbs = {
           {{"name", "公共企事业单位办事公开"}, {"url", "/institutions"}},
           {{"name", s->institution.name}, {"url", ""}}}});
}

// --- Staff pages
// ----------------------------------------------------------------

Response AdminIndexPage(Deps& d, Request& req,
                        const absl::Status& error = absl::OkStatus()) {
  req.cache_key.clear();
  absl::StatusOr<std::vector<InstitutionStatus>> list =
      d.service.InScope(*req.principal);
  if (!list.ok()) return web::Error(list.status());
  Json rows = Json::array();
  int missing = 0, stale = 0;
  for (const InstitutionStatus& s : *list) {
    rows.push_back(InstitutionJson(s, true));
    missing += s.missing;
    stale += s.stale;
  }
  absl::StatusOr<std::vector<org::Unit>> depts =
      d.service.TemplateDepartments(*req.principal);
  const bool may_import =
      IsAdmin(*req.principal) || (depts.ok() && !depts->empty());
  Json ctx = {{"institutions", rows},
              {"has_institutions", !rows.empty()},
              {"missing", missing},
              {"stale", stale},
              {"may_import", may_import},
              {"may_templates", depts.ok() && !depts->empty()},
              {"csrf_token", req.csrf_token},
              {"err", FieldErrorsJson(error)},
              {"error_summary",
               ErrorSummary(error, {{"file"}},
                            {.heading = "名单未导入，请修改以下内容"})}};
  if (auto done = req.QueryValue("imported")) ctx["imported"] = *done;
  return d.view.Page(
      req, "institutions/admin_list", ctx,
      {.title = "公共企事业单位办事公开",
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "公共企事业单位办事公开"}, {"url", ""}}}});
}

Response AdminIndex(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  return AdminIndexPage(d, req);
}

Response AdminImport(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::string bytes, filename;
  for (web::FormPart& part : req.Parts()) {
    if (part.name == "file" && !part.data.empty()) {
      bytes = std::move(part.data);
      filename = std::move(part.filename);
    }
  }
  if (bytes.empty()) bytes = FormValue(req.Form(), "csv");
  absl::StatusOr<ImportResult> done =
      d.service.Import(*req.principal, filename, bytes);
  if (done.ok())
    return web::Redirect(absl::StrCat("/admin/institutions?imported=",
                                      done->created + done->updated));
  if (!absl::IsInvalidArgument(done.status())) return web::Error(done.status());
  return AdminIndexPage(d, req, done.status());
}

Response EditPage(Deps& d, Request& req, int64_t id,
                  const absl::Status& error = absl::OkStatus(),
                  absl::string_view failed_section = "",
                  const Form& sent = {}) {
  req.cache_key.clear();
  absl::StatusOr<InstitutionStatus> s = d.service.ForEdit(*req.principal, id);
  if (!s.ok()) return web::Error(s.status());
  Json j = InstitutionJson(*s, true);
  const Json err = FieldErrorsJson(error);
  for (Json& sec : j["sections"]) {
    if (sec["section"] == std::string(failed_section)) {
      sec["failed"] = true;
      sec["body_text"] = FormValue(sent, "body");
      if (err.contains("body")) sec["error"] = err["body"];
    }
  }
  Json ctx = {
      {"i", j},
      {"csrf_token", req.csrf_token},
      {"max_body", kMaxBodyChars},
      {"error_summary",
       ErrorSummary(error, {{"body"}}, {.heading = "未保存，请修改以下内容"})}};
  if (auto done = req.QueryValue("saved"))
    if (std::optional<Section> sec = ParseSection(*done))
      ctx["done"] = absl::StrCat("“", SectionLabel(*sec), "”已保存。");
  return d.view.Page(
      req, "institutions/admin_edit", ctx,
      {.title = absl::StrCat(s->institution.name, " 办事公开"),
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {
           {{"name", "公共企事业单位办事公开"}, {"url", "/admin/institutions"}},
           {{"name", s->institution.name}, {"url", ""}}}});
}

Response AdminEdit(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("没有这个公共企事业单位"));
  return EditPage(d, req, *id);
}

Response AdminSaveSection(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("没有这个公共企事业单位"));
  const std::string section = req.Param("section");
  const Form f = req.Form();
  const bool publish = FormValue(f, "publish") == "1";
  absl::StatusOr<SectionContent> saved = d.service.SaveSection(
      *req.principal, *id, section, FormValue(f, "body"), publish);
  if (saved.ok())
    return web::Redirect(absl::StrCat(
        "/admin/institutions/", *id, "?saved=", section, "#section-", section));
  if (!absl::IsInvalidArgument(saved.status()))
    return web::Error(saved.status());
  return EditPage(d, req, *id, saved.status(), section, f);
}

Response TemplatesPage(Deps& d, Request& req,
                       const absl::Status& error = absl::OkStatus(),
                       const Form& sent = {}) {
  req.cache_key.clear();
  absl::StatusOr<std::vector<org::Unit>> depts =
      d.service.TemplateDepartments(*req.principal);
  if (!depts.ok()) return web::Error(depts.status());
  if (depts->empty())
    return web::Error(absl::NotFoundError("没有可设置模板的主管部门"));
  const Form& q = sent;
  std::string dept_s = q.empty() ? req.QueryValue("department").value_or("")
                                 : FormValue(q, "department");
  std::string sector = q.empty() ? req.QueryValue("sector").value_or("")
                                 : FormValue(q, "sector");
  int64_t dept = depts->front().id;
  if (std::optional<int64_t> v = ParseId(dept_s)) dept = *v;
  if (sector.empty()) sector = Str(kSectors[0]);
  absl::StatusOr<Template> t =
      d.service.GetTemplate(*req.principal, dept, sector);
  if (!t.ok()) return web::Error(t.status());
  Json dept_options = Json::array();
  for (const org::Unit& u : *depts)
    dept_options.push_back(
        {{"id", u.id}, {"name", u.name}, {"selected", u.id == dept}});
  Json sectors = Json::array();
  for (absl::string_view s : kSectors)
    sectors.push_back({{"name", Str(s)}, {"selected", t->sector == s}});
  const Json err = FieldErrorsJson(error);
  Json rules = Json::array();
  // The error summary's field order (keys outlive `order`).
  std::vector<std::string> keys;
  for (Section sec : kAllSections)
    keys.push_back(absl::StrCat("period_", SectionName(sec)));
  std::vector<FormField> order;
  for (const std::string& k : keys) order.push_back({k});
  for (const SectionRule& r : t->rules) {
    const std::string name = Str(SectionName(r.section));
    Json row = {{"section", name},
                {"label", Str(SectionLabel(r.section))},
                {"required", r.required},
                {"period_days", absl::StrCat(r.period_days)},
                {"default_days", DefaultPeriodDays(r.section)}};
    if (!sent.empty()) {
      row["required"] = FormValue(sent, absl::StrCat("required_", name)) == "1";
      row["period_days"] = FormValue(sent, absl::StrCat("period_", name));
    }
    const std::string key = absl::StrCat("period_", name);
    if (err.contains(key)) row["error"] = err[key];
    rules.push_back(std::move(row));
  }
  Json ctx = {
      {"departments", dept_options},
      {"department_id", dept},
      {"sectors", sectors},
      {"sector", t->sector},
      {"rules", rules},
      {"is_default", t->is_default},
      {"updated_by", t->updated_by},
      {"updated_at", LocalMinute(t->updated_at)},
      {"csrf_token", req.csrf_token},
      {"error_summary", ErrorSummary(error, order, {.heading = "模板未保存"})}};
  if (req.QueryValue("saved")) ctx["done"] = "模板已保存。";
  return d.view.Page(
      req, "institutions/admin_templates", ctx,
      {.title = "行业办事公开模板",
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {
           {{"name", "公共企事业单位办事公开"}, {"url", "/admin/institutions"}},
           {{"name", "行业办事公开模板"}, {"url", ""}}}});
}

Response AdminTemplates(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  return TemplatesPage(d, req);
}

Response AdminSaveTemplate(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const Form f = req.Form();
  std::optional<int64_t> dept = ParseId(FormValue(f, "department"));
  const std::string sector = FormValue(f, "sector");
  if (!dept || sector.empty())
    return web::Error(InvalidFields("请选择主管部门和行业",
                                    {{"department", "请选择主管部门和行业"}}));
  std::vector<SectionRule> rules;
  for (Section s : kAllSections) {
    const std::string name = Str(SectionName(s));
    int days = 0;
    if (!absl::SimpleAtoi(FormValue(f, absl::StrCat("period_", name)), &days))
      days = 0;
    rules.push_back(
        {.section = s,
         .required = FormValue(f, absl::StrCat("required_", name)) == "1",
         .period_days = days});
  }
  absl::StatusOr<Template> t =
      d.service.SaveTemplate(*req.principal, *dept, sector, rules);
  if (t.ok())
    return web::Redirect(
        absl::StrCat("/admin/institutions/templates?department=", *dept,
                     "&sector=", web::UrlEncode(t->sector), "&saved=1"));
  if (!absl::IsInvalidArgument(t.status())) return web::Error(t.status());
  return TemplatesPage(d, req, t.status(), f);
}

// --- API
// ----------------------------------------------------------------------

Response ApiList(Deps& d, Request& req) {
  absl::StatusOr<std::vector<InstitutionStatus>> list =
      d.service.Directory(FilterFrom(req));
  if (!list.ok()) return web::Error(list.status());
  Json out = Json::array();
  for (const InstitutionStatus& s : *list) {
    Json j = InstitutionJson(s, false);
    j.erase("department_id");
    out.push_back(std::move(j));
  }
  return web::Json({{"institutions", out}, {"count", out.size()}});
}

}  // namespace

void RegisterRoutes(web::Router& router, Service& service, const View& view) {
  auto h = web::BindTo(std::make_shared<Deps>(Deps{service, view}));
  const web::RouteOptions small{.max_body_bytes = kSmallBodyBytes};
  const web::RouteOptions form{.max_body_bytes = kFormBodyBytes};
  const web::RouteOptions upload{.max_body_bytes = kUploadBodyBytes};
  // Public, no account: the directory (?sector=&town=) and an institution's
  // published sections; unknown or unpublished ones answer 404.
  router.Get("/institutions", h(PublicIndex));
  router.Get("/institutions/{id}", h(PublicInstitution));
  // Staff: the office all institutions, a department those it supervises,
  // an institution's staff itself; anyone else gets 404 on an institution.
  router.Get("/admin/institutions", h(AdminIndex));
  router.Post("/admin/institutions/import", h(AdminImport), upload);
  router.Get("/admin/institutions/templates", h(AdminTemplates));
  router.Post("/admin/institutions/templates", h(AdminSaveTemplate), small);
  router.Get("/admin/institutions/{id}", h(AdminEdit));
  router.Post("/admin/institutions/{id}/sections/{section}",
              h(AdminSaveSection), form);
  // API: the public directory's data.
  router.Get("/api/v1/institutions", h(ApiList));
}

}  // namespace zwgk::institutions
