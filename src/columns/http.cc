#include "columns/http.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/form_errors.h"
#include "core/guard.h"
#include "core/route_binding.h"
#include "core/status.h"
#include "nlohmann/json.hpp"

namespace zwgk::columns {
namespace {

using nlohmann::json;
using web::Request;
using web::Response;

struct Deps {
  Service& service;
  const View& view;
};

constexpr FormField kFormFields[] = {
    {"name"}, {"type"}, {"update_days"}, {"position"}};

std::string EditUrl(absl::string_view key) {
  return absl::StrCat("/admin/columns/edit?key=", web::UrlEncode(key));
}

std::string RuleText(int days) {
  if (days <= 0) return "无更新要求";
  if (days % 365 == 0) return absl::StrCat(days / 365, "年（", days, "天）");
  if (days == 183) return "6个月（183天）";
  return absl::StrCat(days, "天");
}

json StatusJson(const ColumnStatus& s) {
  const Column& c = s.column;
  return {
      {"key", c.key},
      {"name", c.name},
      {"url", c.url},
      {"edit_url", EditUrl(c.key)},
      {"type_label", ColumnTypeLabel(c.type)},
      {"rule", RuleText(c.update_days)},
      {"required", c.required},
      {"state", ColumnStateName(s.state)},
      {"state_label", ColumnStateLabel(s.state)},
      {"bad", s.state == ColumnState::kStale || s.state == ColumnState::kBlank},
      {"items", s.items},
      {"last_updated_on", s.last_updated_on},
      {"last_item_url", s.last_item_url},
      {"days_since", s.days_since_update},
      {"has_update", !s.last_updated_on.empty()},
      {"veto_type", CountsTowardStaleVeto(c.type)}};
}

// GET /admin/columns[?as_of=]: staff read; the county office edits.
Response AdminList(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::string as_of = req.QueryValue("as_of").value_or("");
  if (as_of.empty()) as_of = FormatDate(Today(d.service.clock()));
  if (as_of.size() > 10 || !ParseDay(as_of))
    return web::Error(
        InvalidFields("日期有误", {{"as_of", "日期应为 YYYY-MM-DD"}}));
  absl::StatusOr<std::vector<ColumnStatus>> rows = d.service.List(as_of);
  if (!rows.ok()) return web::Error(rows.status());
  json all = json::array(), blank = json::array(), stale = json::array();
  for (const ColumnStatus& s : *rows) {
    json j = StatusJson(s);
    if (s.state == ColumnState::kBlank) blank.push_back(j);
    if (s.state == ColumnState::kStale) stale.push_back(j);
    all.push_back(std::move(j));
  }
  const VetoCounts v = CountVetoes(*rows);
  json ctx = {{"as_of", as_of},
              {"columns", all},
              {"blank", blank},
              {"stale", stale},
              {"has_blank", !blank.empty()},
              {"has_stale", !stale.empty()},
              {"blank_count", v.blank},
              {"stale_count", v.stale},
              {"stale_a3_a4", v.stale_a3_a4},
              {"stale_veto", v.stale_veto},
              {"blank_veto", v.blank_veto},
              {"stale_veto_line", kStaleVetoA3A4},
              {"stale_veto_all", kStaleVetoAll},
              {"blank_veto_line", kBlankVeto},
              {"is_admin", IsAdmin(*req.principal)},
              {"saved", req.QueryValue("saved").has_value()}};
  return d.view.Page(req, "columns/admin_list", ctx,
                     {.title = "栏目与更新",
                      .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                                      {{"name", "栏目与更新"}}}});
}

Response EditPage(Deps& d, Request& req, const ColumnStatus& s,
                  const ColumnInput& in, const absl::Status& error) {
  json types = json::array();
  for (ColumnType t : kAllColumnTypes) {
    types.push_back({{"value", ColumnTypeName(t)},
                     {"label", ColumnTypeLabel(t)},
                     {"default_days", DefaultUpdateDays(t)},
                     {"selected", in.type == ColumnTypeName(t)}});
  }
  json ctx = StatusJson(s);
  ctx["form"] = {{"name", in.name},
                 {"update_days", in.update_days},
                 {"position", in.position},
                 {"required", in.required}};
  ctx["types"] = types;
  ctx["error_summary"] = ErrorSummary(error, kFormFields);
  json errors = json::object();
  for (const auto& [k, v] : GetFieldErrors(error)) errors[k] = v;
  ctx["errors"] = errors;
  return d.view.Page(
      req, "columns/admin_edit", ctx,
      {.title = absl::StrCat("栏目设置：", s.column.name),
       .status = error.ok() ? 200 : 422,
       .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                       {{"name", "栏目与更新"}, {"url", "/admin/columns"}},
                       {{"name", s.column.name}}}});
}

ColumnInput InputOf(const Column& c) {
  return {.name = c.name,
          .type = std::string(ColumnTypeName(c.type)),
          .update_days = absl::StrCat(c.update_days),
          .required = c.required,
          .position = absl::StrCat(c.position)};
}

// GET /admin/columns/edit?key=: the county office only.
Response AdminEdit(Deps& d, Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  const std::string key = req.QueryValue("key").value_or("");
  auto s = d.service.Get(key, FormatDate(Today(d.service.clock())));
  if (!s.ok()) return web::Error(s.status());
  return EditPage(d, req, *s, InputOf(s->column), absl::OkStatus());
}

// POST /admin/columns/edit (form: key, name, type, update_days, required,
// position): the county office only; audited as column.update.
Response AdminSave(Deps& d, Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  const auto& form = req.Form();
  const std::string key = web::FormValue(form, "key");
  ColumnInput in{.name = web::FormValue(form, "name"),
                 .type = web::FormValue(form, "type"),
                 .update_days = web::FormValue(form, "update_days"),
                 .required = web::FormValue(form, "required") == "1",
                 .position = web::FormValue(form, "position")};
  auto updated = d.service.Update(*req.principal, key, in);
  if (updated.ok()) return web::Redirect("/admin/columns?saved=1");
  if (!absl::IsInvalidArgument(updated.status()))
    return web::Error(updated.status());
  auto s = d.service.Get(key, FormatDate(Today(d.service.clock())));
  if (!s.ok()) return web::Error(s.status());
  return EditPage(d, req, *s, in, updated.status());
}

}  // namespace

std::string HomeSection(Service& service, const View& view,
                        const web::Request& req) {
  (void)req;
  absl::StatusOr<HomeLatest> latest = service.Latest();
  if (!latest.ok()) return "";
  auto items = [](const std::vector<LatestItem>& list) {
    json out = json::array();
    for (const LatestItem& i : list) {
      out.push_back({{"title", i.title},
                     {"url", i.url},
                     {"unit", i.unit},
                     {"published_on", i.published_on},
                     {"updated_on", i.updated_on}});
    }
    return out;
  };
  json columns = json::array();
  for (const LatestColumn& c : latest->columns) {
    columns.push_back({{"key", c.key},
                       {"name", c.name},
                       {"url", c.url},
                       {"items", items(c.items)}});
  }
  return view.Render("columns/home_latest",
                     {{"latest", items(latest->latest)},
                      {"has_latest", !latest->latest.empty()},
                      {"columns", columns}});
}

void RegisterRoutes(web::Router& router, Service& service, const View& view) {
  auto deps = std::make_shared<Deps>(Deps{service, view});
  auto h = web::BindTo(deps);
  const web::RouteOptions small{.max_body_bytes = 16 << 10};
  // Staff pages (reading: any staff; editing: the county office).
  router.Get("/admin/columns", h(AdminList));
  router.Get("/admin/columns/edit", h(AdminEdit));
  router.Post("/admin/columns/edit", h(AdminSave), small);
}

}  // namespace zwgk::columns
