#include "org/http.h"

#include <charconv>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/form_errors.h"
#include "core/guard.h"
#include "core/json.h"
#include "core/route_binding.h"
#include "core/status.h"

namespace zwgk::org {
namespace {

using web::Request;
using web::Response;

using web::FormValue;

nlohmann::json UnitJson(const Unit& u) {
  return {{"id", u.id},
          {"name", u.name},
          {"kind", UnitKindName(u.kind)},
          {"kind_label", UnitKindLabel(u.kind)},
          {"credit_code", u.credit_code},
          {"retired", u.retired}};
}

// The domain as the API shows it, with its responsible unit.
nlohmann::json DomainJson(const Domain& d,
                          const std::map<int64_t, Unit>& units) {
  nlohmann::json j = {{"id", d.id}, {"name", d.name}, {"retired", d.retired}};
  auto it = d.unit_id ? units.find(*d.unit_id) : units.end();
  j["responsible_unit"] =
      it == units.end()
          ? nlohmann::json()
          : nlohmann::json{{"id", it->second.id}, {"name", it->second.name}};
  return j;
}

absl::StatusOr<std::map<int64_t, Unit>> UnitsById(Service& service) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<Unit> units,
                        service.ListUnits({.include_retired = true}));
  std::map<int64_t, Unit> out;
  for (Unit& u : units) out.emplace(u.id, std::move(u));
  return out;
}

Response Home(Request& req, Service& service, const View& view,
              const std::vector<HomeSection>* home_sections) {
  auto units = service.ListUnits();
  auto domains = service.ListDomains();
  if (!units.ok()) return web::Error(units.status());
  if (!domains.ok()) return web::Error(domains.status());
  nlohmann::json groups = nlohmann::json::array();
  int count = 0;
  for (const Unit& u : *units) {
    nlohmann::json items = nlohmann::json::array();
    for (const Domain& d : *domains) {
      if (d.unit_id == u.id) {
        items.push_back({{"id", d.id}, {"name", d.name}});
        ++count;
      }
    }
    if (!items.empty())
      groups.push_back(
          {{"unit", u.name}, {"unit_id", u.id}, {"domains", items}});
  }
  nlohmann::json unassigned = nlohmann::json::array();
  for (const Domain& d : *domains) {
    if (!d.unit_id) unassigned.push_back({{"id", d.id}, {"name", d.name}});
  }
  auto county = service.GetCounty();
  std::string latest;
  if (home_sections != nullptr) {
    for (const HomeSection& section : *home_sections) latest += section(req);
  }
  nlohmann::json ctx = {
      {"latest_sections", latest},
      {"groups", groups},
      {"domain_count", count + static_cast<int>(unassigned.size())},
      {"unit_count", groups.size()},
      {"unassigned", unassigned},
      {"has_unassigned", !unassigned.empty()},
      {"county", county.ok() ? county->name : ""}};
  return view.Page(req, "org/home", ctx,
                   {.title = "基层政务公开标准化规范化专栏"});
}

Response DomainPage(Request& req, Service& service, const View& view,
                    const std::vector<DomainSection>& sections) {
  std::optional<int64_t> id = web::ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("领域不存在"));
  auto domain = service.GetDomain(*id);
  if (!domain.ok()) return web::Error(domain.status());
  std::string extra;
  for (const DomainSection& section : sections) extra += section(req, *domain);
  nlohmann::json ctx = {{"name", domain->name},
                        {"retired", domain->retired},
                        {"sections", extra}};
  if (domain->unit_id) {
    auto unit = service.GetUnit(*domain->unit_id);
    if (unit.ok()) ctx["unit"] = {{"id", unit->id}, {"name", unit->name}};
  }
  return view.Page(
      req, "org/domain", ctx,
      {.title = absl::StrCat(domain->name, "领域"),
       .breadcrumbs = {{{"name", "政务公开专栏"}, {"url", "/#domains"}},
                       {{"name", domain->name}}}});
}

Response ApiDomains(Request&, Service& service) {
  auto units = UnitsById(service);
  auto domains = service.ListDomains();
  if (!units.ok()) return web::Error(units.status());
  if (!domains.ok()) return web::Error(domains.status());
  nlohmann::json list = nlohmann::json::array();
  for (const Domain& d : *domains) list.push_back(DomainJson(d, *units));
  return web::Json({{"domains", list}});
}

Response ApiDomain(Request& req, Service& service) {
  std::optional<int64_t> id = web::ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("领域不存在"));
  auto units = UnitsById(service);
  auto domain = service.GetDomain(*id);
  if (!units.ok()) return web::Error(units.status());
  if (!domain.ok()) return web::Error(domain.status());
  return web::Json(DomainJson(*domain, *units));
}

Response ApiUnits(Request&, Service& service) {
  auto units = service.ListUnits();
  auto domains = service.ListDomains();
  if (!units.ok()) return web::Error(units.status());
  if (!domains.ok()) return web::Error(domains.status());
  nlohmann::json list = nlohmann::json::array();
  for (const Unit& u : *units) {
    nlohmann::json j = UnitJson(u);
    j["domains"] = nlohmann::json::array();
    for (const Domain& d : *domains) {
      if (d.unit_id == u.id)
        j["domains"].push_back({{"id", d.id}, {"name", d.name}});
    }
    list.push_back(j);
  }
  return web::Json({{"units", list}});
}

// GET /api/v1/villages?town=<id or name> (public): the villages and
// communities, of one town or all, with their town. The contact line is
// left to the village's own page.
Response ApiVillages(Request& req, Service& service) {
  std::optional<int64_t> town_id;
  if (std::optional<std::string> town = req.QueryValue("town");
      town && !town->empty()) {
    if (town->size() > 200)
      return web::Error(absl::InvalidArgumentError("乡镇参数过长"));
    auto unit = service.ResolveUnit(*town);
    if (!unit.ok() || unit->kind != UnitKind::kTown)
      return web::Error(absl::NotFoundError("乡镇不存在"));
    town_id = unit->id;
  }
  auto villages = service.ListVillages(town_id);
  auto units = UnitsById(service);
  if (!villages.ok()) return web::Error(villages.status());
  if (!units.ok()) return web::Error(units.status());
  nlohmann::json list = nlohmann::json::array();
  for (const Unit& v : *villages) {
    nlohmann::json town = nullptr;
    if (auto it = v.parent_id ? units->find(*v.parent_id) : units->end();
        it != units->end())
      town = {{"id", it->second.id}, {"name", it->second.name}};
    list.push_back({{"id", v.id},
                    {"name", v.name},
                    {"kind", UnitKindName(v.kind)},
                    {"kind_label", UnitKindLabel(v.kind)},
                    {"town", town}});
  }
  return web::Json({{"villages", list}});
}

// POST /api/v1/units {"name","kind"?,"credit_code"?} (admin token).
Response ApiCreateUnit(Request& req, Service& service) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  auto body = req.JsonBody();
  if (!body.ok()) return web::Error(body.status());
  JsonFields f(*body);
  UnitInput in{.name = f.String("name", "单位名称"),
               .kind = f.String("kind", "单位类型"),
               .credit_code = f.String("credit_code", "统一社会信用代码")};
  if (in.kind.empty()) in.kind = "department";
  if (absl::Status s = f.status(); !s.ok()) return web::Error(s);
  auto unit = service.CreateUnit(*req.principal, in);
  if (!unit.ok()) return web::Error(unit.status());
  return web::Json(UnitJson(*unit), 201);
}

// POST /api/v1/domains {"name","unit":id-or-name} (admin token).
Response ApiCreateDomain(Request& req, Service& service) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  auto body = req.JsonBody();
  if (!body.ok()) return web::Error(body.status());
  JsonFields f(*body);
  DomainInput in{.name = f.String("name", "领域名称")};
  if (absl::Status s = f.status(); !s.ok()) return web::Error(s);
  if (body->contains("unit") && !(*body)["unit"].is_null()) {
    const nlohmann::json& u = (*body)["unit"];
    auto unit = service.ResolveUnit(u.is_number_integer()
                                        ? absl::StrCat(u.get<int64_t>())
                                    : u.is_string() ? u.get<std::string>()
                                                    : "");
    if (!unit.ok())
      return web::Error(InvalidFields(
          "领域信息有误", {{"unit", std::string(unit.status().message())}}));
    in.unit_id = unit->id;
  }
  auto domain = service.CreateDomain(*req.principal, in);
  if (!domain.ok()) return web::Error(domain.status());
  auto units = UnitsById(service);
  if (!units.ok()) return web::Error(units.status());
  return web::Json(DomainJson(*domain, *units), 201);
}

// The form on the admin page that was refused: a unit's or a domain's row
// (`id`), or the form adding one (no `id`), with what was submitted.
struct FailedForm {
  bool domain = false;
  std::optional<int64_t> id;
  std::optional<UnitInput> unit_input;
  std::optional<DomainInput> domain_input;
  bool village_import = false;
};

// The element ids of `f`'s fields, keyed by the field its errors name, in
// the order the form shows them; unique on the page (rows carry their id).
std::vector<std::pair<std::string, std::string>> FieldIds(const FailedForm& f) {
  std::string suffix = f.id ? absl::StrCat("-", *f.id) : "";
  auto id = [&](absl::string_view what) {
    return f.id ? absl::StrCat(f.domain ? "domain-" : "unit-", what, suffix)
                : absl::StrCat(f.domain ? "new-domain-" : "new-unit-", what);
  };
  if (f.village_import) return {};
  if (f.domain) return {{"name", id("name")}, {"unit_id", id("unit")}};
  return {
      {"name", id("name")}, {"kind", id("kind")}, {"credit_code", id("code")}};
}

// A unit form's values as the template shows them.
void PutUnitValues(const UnitInput& in, nlohmann::json& row) {
  row["name"] = in.name;
  row["credit_code"] = in.credit_code;
  row["is_department"] = in.kind == "department";
  row["is_guiding"] = in.kind == "guiding";
  row["is_town"] = in.kind == "town";
}

// The admin page for units and domains; `error` re-renders the `failed`
// form with its values, a summary linking to its fields, and each field's
// message beside it.
Response AdminOrgPage(Request& req, Service& service, const View& view,
                      const absl::Status& error = absl::OkStatus(),
                      absl::string_view notice = "",
                      const FailedForm& failed = {}) {
  auto units = service.ListUnits({.include_retired = true});
  auto domains = service.ListDomains({.include_retired = true});
  if (!units.ok()) return web::Error(units.status());
  if (!domains.ok()) return web::Error(domains.status());
  const FieldErrors field_errors = GetFieldErrors(error);
  nlohmann::json errs = nlohmann::json::object();
  for (const auto& [k, v] : field_errors) errs[k] = v;
  auto failed_row = [&](bool domain, int64_t id) {
    return !error.ok() && failed.domain == domain && failed.id == id;
  };
  nlohmann::json unit_rows = nlohmann::json::array();
  nlohmann::json unit_options = nlohmann::json::array();
  std::map<int64_t, std::string> names;
  for (const Unit& u : *units) {
    names[u.id] = u.name;
    nlohmann::json row = UnitJson(u);
    row["is_department"] = u.kind == UnitKind::kDepartment;
    row["is_guiding"] = u.kind == UnitKind::kGuiding;
    row["is_town"] = u.kind == UnitKind::kTown;
    row["err"] = nlohmann::json::object();
    if (failed_row(false, u.id)) {
      if (failed.unit_input) PutUnitValues(*failed.unit_input, row);
      row["err"] = errs;
    }
    unit_rows.push_back(row);
    if (!u.retired) unit_options.push_back({{"id", u.id}, {"name", u.name}});
  }
  auto options_for = [&](std::optional<int64_t> selected) {
    nlohmann::json options = nlohmann::json::array();
    for (const auto& o : unit_options) {
      options.push_back({{"id", o["id"]},
                         {"name", o["name"]},
                         {"selected", selected == o["id"].get<int64_t>()}});
    }
    return options;
  };
  nlohmann::json domain_rows = nlohmann::json::array();
  for (const Domain& d : *domains) {
    nlohmann::json row = {
        {"id", d.id},
        {"name", d.name},
        {"retired", d.retired},
        {"unit", d.unit_id ? names[*d.unit_id] : "（未指定）"},
        {"unit_options", options_for(d.unit_id)},
        {"err", nlohmann::json::object()}};
    if (failed_row(true, d.id)) {
      if (failed.domain_input) {
        row["name"] = failed.domain_input->name;
        row["unit_options"] = options_for(failed.domain_input->unit_id);
      }
      row["err"] = errs;
    }
    domain_rows.push_back(row);
  }
  auto villages = service.ListVillages();
  if (!villages.ok()) return web::Error(villages.status());
  nlohmann::json towns = nlohmann::json::array();
  for (const Unit& t : *units) {
    if (t.kind != UnitKind::kTown || t.retired) continue;
    nlohmann::json rows = nlohmann::json::array();
    for (const Unit& v : *villages) {
      if (v.parent_id != t.id) continue;
      rows.push_back({{"id", v.id},
                      {"name", v.name},
                      {"kind_label", UnitKindLabel(v.kind)},
                      {"contact", v.contact}});
    }
    towns.push_back({{"id", t.id},
                     {"name", t.name},
                     {"villages", rows},
                     {"count", rows.size()},
                     {"has_villages", !rows.empty()}});
  }
  const bool new_failed = !error.ok() && !failed.id;
  nlohmann::json new_unit = {
      {"name", ""}, {"credit_code", ""}, {"is_department", true}};
  if (new_failed && !failed.domain && failed.unit_input)
    PutUnitValues(*failed.unit_input, new_unit);
  new_unit["err"] =
      new_failed && !failed.domain ? errs : nlohmann::json::object();
  nlohmann::json new_domain = {{"name", ""},
                               {"unit_options", options_for(std::nullopt)}};
  if (new_failed && failed.domain && failed.domain_input) {
    new_domain["name"] = failed.domain_input->name;
    new_domain["unit_options"] = options_for(failed.domain_input->unit_id);
  }
  new_domain["err"] =
      new_failed && failed.domain ? errs : nlohmann::json::object();
  const auto ids = FieldIds(failed);
  std::vector<FormField> order;
  for (const auto& [key, id] : ids) order.push_back({key, id});
  nlohmann::json ctx = {{"units", unit_rows},
                        {"towns", towns},
                        {"village_count", villages->size()},
                        {"import_error", failed.village_import && !error.ok()
                                             ? std::string(error.message())
                                             : ""},
                        {"domains", domain_rows},
                        {"unit_options", unit_options},
                        {"new_unit", new_unit},
                        {"new_domain", new_domain},
                        {"csrf_token", req.csrf_token},
                        {"error_summary", ErrorSummary(error, order)},
                        {"notice", std::string(notice)}};
  int status = error.ok() ? 200 : web::HttpStatus(error.code());
  return view.Page(req, "org/admin_org", ctx,
                   {.title = "单位与领域管理",
                    .status = status,
                    .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                                    {{"name", "单位与领域"}}}});
}

// Runs an admin form action and answers with the page (errors inline) or a
// redirect after success (post/redirect/get).
// After an admin form: the page again with the error, or back to it.
Response AfterAdminForm(Request& req, Service& service, const View& view,
                        const absl::Status& status, const FailedForm& form) {
  if (!status.ok()) return AdminOrgPage(req, service, view, status, "", form);
  return web::Redirect("/admin/org?saved=1");
}

std::optional<int64_t> ParseOptionalId(const std::string& s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size())
    return std::nullopt;
  return v;
}

UnitInput UnitFromForm(const std::multimap<std::string, std::string>& f) {
  return {FormValue(f, "name"), FormValue(f, "kind"),
          FormValue(f, "credit_code")};
}

DomainInput DomainFromForm(const std::multimap<std::string, std::string>& f) {
  return {FormValue(f, "name"), ParseOptionalId(FormValue(f, "unit_id"))};
}

// What every handler needs, shared by the route table.
struct Deps {
  Service& service;
  const View& view;
  const std::vector<DomainSection>& sections;
  const std::vector<HomeSection>* home_sections;
};

Response HomePage(Deps& d, Request& r) {
  return Home(r, d.service, d.view, d.home_sections);
}
Response ShowDomain(Deps& d, Request& r) {
  return DomainPage(r, d.service, d.view, d.sections);
}
Response ListDomainsJson(Deps& d, Request& r) {
  return ApiDomains(r, d.service);
}
Response DomainJsonPage(Deps& d, Request& r) { return ApiDomain(r, d.service); }
Response ListUnitsJson(Deps& d, Request& r) { return ApiUnits(r, d.service); }
Response ListVillagesJson(Deps& d, Request& r) {
  return ApiVillages(r, d.service);
}
Response CreateUnitJson(Deps& d, Request& r) {
  return ApiCreateUnit(r, d.service);
}
Response CreateDomainJson(Deps& d, Request& r) {
  return ApiCreateDomain(r, d.service);
}

Response AdminPage(Deps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  return AdminOrgPage(r, d.service, d.view, absl::OkStatus(),
                      r.QueryValue("saved") ? "已保存" : "");
}

Response CreateUnit(Deps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  UnitInput in = UnitFromForm(r.Form());
  auto created = d.service.CreateUnit(*r.principal, in);
  return AfterAdminForm(r, d.service, d.view, created.status(),
                        {.unit_input = in});
}

Response UpdateUnit(Deps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  std::optional<int64_t> id = web::ParseId(r.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("单位不存在"));
  UnitInput in = UnitFromForm(r.Form());
  auto updated = d.service.UpdateUnit(*r.principal, *id, in);
  return AfterAdminForm(r, d.service, d.view, updated.status(),
                        {.id = *id, .unit_input = in});
}

Response SetUnitRetired(Deps& d, Request& r, bool retired) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  std::optional<int64_t> id = web::ParseId(r.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("单位不存在"));
  return AfterAdminForm(r, d.service, d.view,
                        d.service.SetUnitRetired(*r.principal, *id, retired),
                        {.id = *id});
}
// POST /admin/villages/import (multipart: the CSV file, or the text pasted
// in `csv`): the county office only.
Response ImportVillages(Deps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  std::string csv;
  for (const web::FormPart& part : r.Parts())
    if (part.name == "file" && !part.data.empty()) csv = part.data;
  if (csv.empty()) csv = FormValue(r.Form(), "csv");
  absl::Status status;
  if (csv.empty()) {
    status = absl::InvalidArgumentError("请选择村（社区）名单 CSV 文件");
  } else {
    auto done = d.service.ImportVillages(*r.principal, csv);
    if (done.ok())
      return web::Redirect(absl::StrCat("/admin/org?saved=1#villages"));
    status = done.status();
  }
  return AdminOrgPage(r, d.service, d.view, status, "",
                      {.village_import = true});
}

Response RetireUnit(Deps& d, Request& r) { return SetUnitRetired(d, r, true); }
Response RestoreUnit(Deps& d, Request& r) {
  return SetUnitRetired(d, r, false);
}

Response CreateDomain(Deps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  DomainInput in = DomainFromForm(r.Form());
  auto created = d.service.CreateDomain(*r.principal, in);
  return AfterAdminForm(r, d.service, d.view, created.status(),
                        {.domain = true, .domain_input = in});
}

Response UpdateDomain(Deps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  std::optional<int64_t> id = web::ParseId(r.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("领域不存在"));
  DomainInput in = DomainFromForm(r.Form());
  auto updated = d.service.UpdateDomain(*r.principal, *id, in);
  return AfterAdminForm(r, d.service, d.view, updated.status(),
                        {.domain = true, .id = *id, .domain_input = in});
}

Response SetDomainRetired(Deps& d, Request& r, bool retired) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  std::optional<int64_t> id = web::ParseId(r.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("领域不存在"));
  return AfterAdminForm(r, d.service, d.view,
                        d.service.SetDomainRetired(*r.principal, *id, retired),
                        {.domain = true, .id = *id});
}
Response RetireDomain(Deps& d, Request& r) {
  return SetDomainRetired(d, r, true);
}
Response RestoreDomain(Deps& d, Request& r) {
  return SetDomainRetired(d, r, false);
}

}  // namespace

void RegisterRoutes(web::Router& router, Service& service, const View& view,
                    const std::vector<DomainSection>* sections,
                    const std::vector<HomeSection>* home_sections) {
  auto deps =
      std::make_shared<Deps>(Deps{service, view, *sections, home_sections});
  auto h = web::BindTo(deps);
  // Public pages.
  router.Get("/", h(HomePage));
  router.Get("/domains/{id}", h(ShowDomain));
  // 概况信息 / 机构职能 and the site identity: profile_http.cc's table.
  RegisterProfileRoutes(router, service, view);
  // JSON API (writes: an admin's token).
  router.Get("/api/v1/domains", h(ListDomainsJson));
  router.Get("/api/v1/domains/{id}", h(DomainJsonPage));
  router.Get("/api/v1/units", h(ListUnitsJson));
  router.Post("/api/v1/units", h(CreateUnitJson));
  router.Get("/api/v1/villages", h(ListVillagesJson));
  router.Post("/api/v1/domains", h(CreateDomainJson));
  // Admin pages (the county office only).
  router.Get("/admin/org", h(AdminPage));
  router.Post("/admin/units", h(CreateUnit));
  router.Post("/admin/units/{id}", h(UpdateUnit));
  router.Post("/admin/units/{id}/retire", h(RetireUnit));
  router.Post("/admin/units/{id}/restore", h(RestoreUnit));
  router.Post("/admin/domains", h(CreateDomain));
  router.Post("/admin/domains/{id}", h(UpdateDomain));
  router.Post("/admin/domains/{id}/retire", h(RetireDomain));
  router.Post("/admin/domains/{id}/restore", h(RestoreDomain));
  // The villages CSV (up to 2 MB, checked again by the service).
  router.Post("/admin/villages/import", h(ImportVillages),
              web::RouteOptions{.max_body_bytes = 3 << 20});
}

}  // namespace zwgk::org
