#include "inspection/http.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/clock.h"
#include "core/guard.h"
#include "core/route_binding.h"

namespace zwgk::inspection {
namespace {

using web::Request;
using web::Response;
using Json = nlohmann::json;

struct Deps {
  Service& service;
  const View& view;
};

Json ResultJson(const IndicatorResult& r) {
  Json findings = Json::array();
  for (const Finding& f : r.findings)
    findings.push_back({{"text", f.text}, {"url", f.url}});
  const std::string code(IndicatorCode(r.indicator));
  return {{"code", code},
          {"anchor", absl::StrCat("ind-", code)},
          {"label", IndicatorLabel(r.indicator)},
          {"rule", IndicatorRule(r.indicator)},
          {"veto_item", r.veto_item},
          {"outcome", OutcomeName(r.outcome)},
          {"outcome_label", OutcomeLabel(r.outcome)},
          {"bad", r.outcome == Outcome::kVeto || r.outcome == Outcome::kFail},
          {"summary", r.summary},
          {"count", r.count},
          {"has_findings", !findings.empty()},
          {"finding_count", findings.size()},
          {"findings", std::move(findings)}};
}

Json ReportJson(const Report& r) {
  Json results = Json::array(), with_findings = Json::array();
  for (const IndicatorResult& i : r.verdict.results) {
    results.push_back(ResultJson(i));
    if (!i.findings.empty()) with_findings.push_back(ResultJson(i));
  }
  return {{"id", r.id},
          {"as_of", r.as_of},
          {"started_at", LocalMinute(r.started_at)},
          {"finished_at", LocalMinute(r.finished_at)},
          {"run_by", r.run_by == "system" ? "系统" : r.run_by},
          {"trigger", TriggerLabel(r.trigger)},
          {"crawled", !r.base_url.empty()},
          {"base_url", r.base_url},
          {"pages", r.pages},
          {"page_limit_reached", r.page_limit_reached},
          {"passed", r.verdict.passed},
          {"vetoes", r.verdict.vetoes},
          {"failures", r.verdict.failures},
          {"results", std::move(results)},
          {"any_findings", !with_findings.empty()},
          {"with_findings", std::move(with_findings)}};
}

Response ReportPage(Deps& d, Request& req, std::optional<int64_t> id) {
  const Actor& actor = *req.principal;
  // The monthly report: started in the background the first time the page
  // is viewed in a month without one.
  const bool started_monthly = !id && d.service.EnsureMonthly();
  std::optional<Report> report;
  if (id) {
    absl::StatusOr<Report> r = d.service.Get(actor, *id);
    if (!r.ok()) return d.view.ErrorPage(req, r.status());
    report = *std::move(r);
  } else {
    absl::StatusOr<std::optional<Report>> r = d.service.Latest(actor);
    if (!r.ok()) return d.view.ErrorPage(req, r.status());
    report = *std::move(r);
  }
  absl::StatusOr<std::vector<Report>> past = d.service.List(actor, 24);
  if (!past.ok()) return d.view.ErrorPage(req, past.status());
  Json history = Json::array();
  for (const Report& p : *past) {
    history.push_back({{"id", p.id},
                       {"url", absl::StrCat("/admin/inspection/", p.id)},
                       {"as_of", p.as_of},
                       {"started_at", LocalMinute(p.started_at)},
                       {"trigger", TriggerLabel(p.trigger)},
                       {"passed", p.verdict.passed},
                       {"vetoes", p.verdict.vetoes},
                       {"failures", p.verdict.failures},
                       {"pages", p.pages},
                       {"crawled", !p.base_url.empty()},
                       {"current", report && report->id == p.id}});
  }
  const bool running = d.service.running() || started_monthly;
  Json ctx = {{"csrf_token", req.csrf_token},
              {"running", running},
              {"started", req.QueryValue("started").has_value()},
              {"monthly_started", started_monthly},
              {"last_error", d.service.last_error()},
              {"has_report", report.has_value()},
              {"history", std::move(history)},
              {"has_history", !past->empty()},
              {"self_url", d.service.options().self_url}};
  if (report) ctx["report"] = ReportJson(*report);
  Json crumbs = {{{"name", "管理后台"}, {"url", "/admin"}}};
  if (id) {
    crumbs.push_back({{"name", "网站自查"}, {"url", "/admin/inspection"}});
    crumbs.push_back({{"name", absl::StrCat("报告 ", *id)}});
  } else {
    crumbs.push_back({{"name", "网站自查"}});
  }
  return d.view.Page(req, "inspection/report", std::move(ctx),
                     {.title = id ? absl::StrCat("网站自查报告 ", *id)
                                  : std::string("网站自查"),
                      .breadcrumbs = std::move(crumbs)});
}

Response LatestPage(Deps& d, Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  return ReportPage(d, req, std::nullopt);
}

Response ShowPage(Deps& d, Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  std::optional<int64_t> id = web::ParseId(req.Param("id"));
  if (!id) return d.view.ErrorPage(req, absl::NotFoundError("检查报告不存在"));
  return ReportPage(d, req, id);
}

// 立即检查: never blocks the IO thread; the page says 检查中… until done.
Response PostRun(Deps& d, Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  absl::Status s = d.service.StartRun(*req.principal, Trigger::kManual);
  if (!s.ok() && !absl::IsFailedPrecondition(s))
    return d.view.ErrorPage(req, s);
  return web::Redirect("/admin/inspection?started=1");
}

}  // namespace

void RegisterRoutes(web::Router& router, Service& service, const View& view) {
  auto h = web::BindTo(std::make_shared<Deps>(Deps{service, view}));
  const web::RouteOptions form{.max_body_bytes = 4 << 10};
  // The county office only (others: 403; not signed in: the sign-in page).
  router.Get("/admin/inspection", h(LatestPage));
  router.Get("/admin/inspection/{id}", h(ShowPage));
  router.Post("/admin/inspection/run", h(PostRun), form);
}

}  // namespace zwgk::inspection
