// 个人信息检查 on the web (issue 18): /admin/privacy lists published records
// with personal data not yet masked, per unit, with the responsible unit's
// actions — take down, mask and publish again — and, for the county
// office, 重新扫描全站. Only masked previews are ever rendered.
#include "privacy/http.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/clock.h"
#include "core/guard.h"
#include "core/route_binding.h"
#include "core/status.h"
#include "privacy/scan.h"

namespace zwgk::privacy {
namespace {

using web::ParseId;
using web::Request;
using web::Response;
using Json = nlohmann::json;

// The action forms carry only the CSRF token.
constexpr size_t kSmallBodyBytes = 4 * 1024;

struct Deps {
  Service& service;
  const View& view;
};

std::string Str(absl::string_view s) { return std::string(s); }

Json KindsJson(const std::map<std::string, int64_t>& counts) {
  Json out = Json::array();
  for (Kind k : kAllKinds) {
    auto it = counts.find(Str(KindName(k)));
    if (it != counts.end())
      out.push_back({{"kind", Str(KindName(k))},
                     {"label", Str(KindLabel(k))},
                     {"count", it->second}});
  }
  return out;
}

std::string KindLabelOf(const std::string& name) {
  std::optional<Kind> k = ParseKind(name);
  return k ? Str(KindLabel(*k)) : name;
}

Json RecordJson(const RecordFindings& r, bool can_scan_site) {
  Json findings = Json::array();
  for (const publishing::PrivacyFinding& f : r.report.findings)
    findings.push_back({{"kind", KindLabelOf(f.kind)},
                        {"source", f.source},
                        {"place", f.place},
                        {"preview", f.preview}});
  const int64_t id = r.report.record_id;
  return {{"id", id},
          {"title", r.report.title},
          {"index_number", r.index_number},
          {"admin_url", absl::StrCat("/admin/records/", id)},
          {"public_url", absl::StrCat("/records/", id)},
          {"kinds", KindsJson(r.kind_counts)},
          {"findings", findings},
          {"count", absl::c_accumulate(r.kind_counts, int64_t{0},
                                       [](int64_t n, const auto& kc) {
                                         return n + kc.second;
                                       })},
          {"unmaskable", absl::StrJoin(r.report.unmaskable, "、")},
          {"scanned_at", LocalMinute(r.report.scanned_at)},
          {"office", can_scan_site}};
}

Json RunJson(const std::optional<ScanRun>& run) {
  if (!run) return nullptr;
  const publishing::PrivacyScanSummary& s = run->summary;
  return {{"started_at", LocalMinute(run->started_at)},
          {"finished_at", LocalMinute(run->finished_at)},
          {"finished", !run->finished_at.empty()},
          {"started_by", run->started_by},
          {"records", s.records},
          {"attachments", s.attachments},
          {"not_scanned", s.not_scanned},
          {"has_not_scanned", s.not_scanned > 0},
          {"findings", s.findings},
          {"records_with_findings", s.records_with_findings},
          {"error", run->error}};
}

absl::string_view DoneText(absl::string_view done) {
  if (done == "scanned") return "全站扫描已完成，下面是扫描后的结果。";
  if (done == "masked")
    return "已脱敏并重新发布：正文和表格附件中的个人信息已替换为脱敏内容，原件"
           "保留、不公开。";
  if (done == "unpublished") return "已撤下，公众不再看到这条信息。";
  return "";
}

Response Page(Deps& d, Request& req, const absl::Status& error) {
  const Actor& actor = *req.principal;
  std::optional<int64_t> unit;
  if (auto u = req.QueryValue("unit"); u && !u->empty()) {
    unit = ParseId(*u);
    if (!unit) return web::Error(absl::NotFoundError("页面不存在"));
  }
  absl::StatusOr<Overview> o = d.service.GetOverview(actor, unit);
  if (!o.ok()) return web::Error(o.status());
  const bool office = IsAdmin(actor);
  Json units = Json::array();
  for (const UnitFindings& u : o->units) {
    Json records = Json::array();
    for (const RecordFindings& r : u.records)
      records.push_back(RecordJson(r, office));
    units.push_back({{"id", u.unit_id},
                     {"name", u.unit_name},
                     {"records", records},
                     {"record_count", u.records.size()},
                     {"findings", u.findings}});
  }
  Json ctx = {{"office", office},
              {"all_units", o->all_units},
              {"run", RunJson(o->last_run)},
              {"units", units},
              {"has_units", !units.empty()},
              {"show_summary", office && units.size() > 0},
              {"records", o->records},
              {"findings", o->findings},
              {"csrf_token", req.csrf_token}};
  if (auto done = req.QueryValue("done")) {
    absl::string_view text = DoneText(*done);
    if (!text.empty()) ctx["done"] = Str(text);
  }
  if (!error.ok()) ctx["error"] = Str(error.message());
  req.cache_key.clear();
  return d.view.Page(
      req, "privacy/admin", ctx,
      {.title = "个人信息检查",
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                       {{"name", "个人信息检查"}, {"url", ""}}}});
}

Response AdminPage(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  return Page(d, req, absl::OkStatus());
}

Response PostScan(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  absl::StatusOr<ScanRun> run = d.service.ScanSite(&*req.principal);
  if (!run.ok()) return web::Error(run.status());
  return web::Redirect("/admin/privacy?done=scanned");
}

// A record action: refusals the person can act on (a state that changed,
// a role that may not) are shown on the page; others as error pages.
template <typename Fn>
Response RecordAction(Deps& d, Request& req, absl::string_view done, Fn fn) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("公开信息不存在"));
  absl::StatusOr<publishing::Record> r = fn(*req.principal, *id);
  if (r.ok()) return web::Redirect(absl::StrCat("/admin/privacy?done=", done));
  if (absl::IsFailedPrecondition(r.status()) ||
      absl::IsInvalidArgument(r.status()) ||
      absl::IsPermissionDenied(r.status()))
    return Page(d, req, r.status());
  return web::Error(r.status());
}

Response PostMask(Deps& d, Request& req) {
  return RecordAction(d, req, "masked", [&](const Actor& a, int64_t id) {
    return d.service.Mask(a, id);
  });
}

Response PostUnpublish(Deps& d, Request& req) {
  return RecordAction(d, req, "unpublished", [&](const Actor& a, int64_t id) {
    return d.service.Unpublish(a, id);
  });
}

}  // namespace

void RegisterRoutes(web::Router& router, Service& service, const View& view) {
  auto h = web::BindTo(std::make_shared<Deps>(Deps{service, view}));
  const web::RouteOptions small{.max_body_bytes = kSmallBodyBytes};
  // Staff only: the county office sees every unit (?unit= for one) and
  // rescans the site; a unit's staff see their own unit's records; anyone
  // else gets 404. Taking down and masking: the unit's reviewers and the
  // office (publishing decides; another unit's record answers 404).
  router.Get("/admin/privacy", h(AdminPage));
  router.Post("/admin/privacy/scan", h(PostScan), small);
  router.Post("/admin/privacy/records/{id}/mask", h(PostMask), small);
  router.Post("/admin/privacy/records/{id}/unpublish", h(PostUnpublish), small);
}

}  // namespace zwgk::privacy
