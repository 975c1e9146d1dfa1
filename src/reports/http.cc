#include "reports/http.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "core/form_errors.h"
#include "core/guard.h"
#include "core/route_binding.h"
#include "core/status.h"
#include "publishing/model.h"
#include "reports/layout.h"

namespace zwgk::reports {
namespace {

using web::Request;
using web::Response;
using Form = std::multimap<std::string, std::string>;

struct Deps {
  Service& service;
  const View& view;
};

// Staff are whoever is signed in; the public is nullptr.
const Actor* Viewer(const Request& req) {
  if (req.principal && IsStaff(req.principal->role)) return &*req.principal;
  return nullptr;
}

absl::StatusOr<int> YearOf(const Request& req) {
  std::optional<int64_t> y = web::ParseId(req.Param("year"));
  if (!y || *y < 2000 || *y > 2100) return absl::NotFoundError("年报不存在");
  return static_cast<int>(*y);
}

// The body from the path's year and `unit` (query, or form field).
absl::StatusOr<Body> BodyOf(Deps& d, const Request& req,
                            const Form* form = nullptr) {
  ZWGK_ASSIGN_OR_RETURN(int year, YearOf(req));
  std::string unit = req.QueryValue("unit").value_or("");
  if (unit.empty() && form) unit = web::FormValue(*form, "unit");
  absl::StatusOr<Body> b = d.service.ResolveBody(year, unit);
  if (absl::IsNotFound(b.status())) return absl::NotFoundError("年报不存在");
  return b;
}

std::string UnitQuery(const Body& b) {
  return b.unit_id ? absl::StrCat(*b.unit_id) : "";
}

std::string ShowUrl(const Body& b) {
  std::string url = absl::StrCat("/admin/reports/", b.year);
  if (b.unit_id) absl::StrAppend(&url, "?unit=", *b.unit_id);
  return url;
}

std::string PublicUrl(const Report& r) {
  std::string url = absl::StrCat("/annual-reports/", r.year);
  if (!r.county()) absl::StrAppend(&url, "?unit=", r.unit_id);
  return url;
}

// The PDF of the published version shown on the public page.
std::string PublicPdfUrl(const Report& r) {
  std::string url = absl::StrCat("/annual-reports/", r.year,
                                 "/report.pdf?version=", r.version);
  if (!r.county()) absl::StrAppend(&url, "&unit=", r.unit_id);
  return url;
}

// The Word or Excel file of a report: for staff (`file` export.docx |
// export.xlsx), or of the published version `version` (report.docx |
// tables.xlsx).
std::string FileUrl(const Report& r, absl::string_view file,
                    std::optional<int> version = std::nullopt) {
  std::string url = absl::StrCat(
      version ? "/annual-reports/" : "/admin/reports/", r.year, "/", file);
  if (!r.county()) absl::StrAppend(&url, "?unit=", r.unit_id);
  if (version)
    absl::StrAppend(&url, r.county() ? "?" : "&", "version=", *version);
  return url;
}

nlohmann::json ChecksCtx(const std::vector<Check>& checks) {
  nlohmann::json out = nlohmann::json::array();
  for (const Check& c : checks)
    out.push_back({{"rule", c.rule},
                   {"ok", c.ok},
                   {"cell", c.cell},
                   {"message", c.message}});
  return out;
}

// The figures people compare with last year's, side by side.
nlohmann::json Compare(const ReportView& v) {
  nlohmann::json rows = nlohmann::json::array();
  auto row = [&](absl::string_view label, auto get) {
    nlohmann::json r = {{"label", label}, {"now", get(v.figures)}};
    if (v.last_year) r["last"] = get(*v.last_year);
    rows.push_back(std::move(r));
  };
  constexpr int kTotal = kColumns - 1;
  row("规章 本年制发件数",
      [](const Figures& f) { return f.table2.regulations.issued; });
  row("行政规范性文件 本年制发件数",
      [](const Figures& f) { return f.table2.normative.issued; });
  row("行政规范性文件 现行有效件数",
      [](const Figures& f) { return f.table2.normative.in_force; });
  row("行政许可 处理决定数量",
      [](const Figures& f) { return f.table2.licensing.value; });
  row("行政处罚 处理决定数量",
      [](const Figures& f) { return f.table2.penalty.value; });
  row("行政强制 处理决定数量",
      [](const Figures& f) { return f.table2.coercion.value; });
  row("本年新收申请",
      [](const Figures& f) { return f.table3.cells[kRowNew][kTotal]; });
  row("上年结转申请",
      [](const Figures& f) { return f.table3.cells[kRowCarriedIn][kTotal]; });
  row("本年办结",
      [](const Figures& f) { return f.table3.cells[kRowConcluded][kTotal]; });
  row("结转下年度",
      [](const Figures& f) { return f.table3.cells[kRowCarriedOut][kTotal]; });
  row("行政复议", [](const Figures& f) { return f.table4.blocks[0][4]; });
  row("行政诉讼", [](const Figures& f) {
    return f.table4.blocks[1][4] + f.table4.blocks[2][4];
  });
  for (auto& r : rows) r["has_last"] = r.contains("last");
  return rows;
}

// Table 二 (一) is only typed while it is not counted from records.
nlohmann::json EntryFields(const Report& r, bool docs_counted) {
  const Table2& t = r.entered.table2;
  nlohmann::json out = nlohmann::json::array();
  auto add = [&](absl::string_view name, std::string value,
                 const std::string* source) {
    nlohmann::json f = {{"name", name},
                        {"label", Table2FieldLabel(name)},
                        {"value", std::move(value)},
                        {"has_source", source != nullptr}};
    if (source) f["source"] = *source;
    out.push_back(std::move(f));
  };
  if (!docs_counted) {
    add("regulations_issued", absl::StrCat(t.regulations.issued), nullptr);
    add("regulations_repealed", absl::StrCat(t.regulations.repealed), nullptr);
    add("regulations_in_force", absl::StrCat(t.regulations.in_force), nullptr);
    add("normative_issued", absl::StrCat(t.normative.issued), nullptr);
    add("normative_repealed", absl::StrCat(t.normative.repealed), nullptr);
    add("normative_in_force", absl::StrCat(t.normative.in_force), nullptr);
  }
  add("licensing", absl::StrCat(t.licensing.value), &t.licensing.source);
  add("penalty", absl::StrCat(t.penalty.value), &t.penalty.source);
  add("coercion", absl::StrCat(t.coercion.value), &t.coercion.source);
  add("fees", FeesWan(t.fees.value), &t.fees.source);
  return out;
}

// 从权责清单带入: what the unit's inventory counts beside what is entered
// (a draft unit report only; null otherwise).
nlohmann::json FromPowers(Deps& d, const ReportView& v, const Body& body) {
  if (!v.may_edit || v.report.state != State::kDraft) return nullptr;
  absl::StatusOr<std::optional<powers::Table2Figures>> f =
      d.service.PowersFigures(body);
  if (!f.ok() || !f->has_value()) return nullptr;
  const Table2& t = v.report.entered.table2;
  nlohmann::json rows = nlohmann::json::array();
  auto add = [&](absl::string_view name, const EnteredFigure& e,
                 int64_t count) {
    const std::string source = Service::PowersSource(name, body.year, count);
    const bool entered = e.value != 0 || !e.source.empty();
    rows.push_back(
        {{"name", name},
         {"label", Table2FieldLabel(name)},
         {"count", count},
         {"value", e.value},
         {"source", e.source},
         {"same", e.value == count && e.source == source},
         {"differs", entered && !(e.value == count && e.source == source)}});
  };
  add("licensing", t.licensing, (*f)->licensing);
  add("penalty", t.penalty, (*f)->penalty);
  add("coercion", t.coercion, (*f)->coercion);
  return {{"rows", rows}};
}

nlohmann::json Table4Fields(const Report& r) {
  constexpr std::array<absl::string_view, 5> kCols = {
      "maintained", "corrected", "other", "pending", "total"};
  nlohmann::json blocks = nlohmann::json::array();
  for (int b = 0; b < 3; ++b) {
    nlohmann::json cells = nlohmann::json::array();
    for (int c = 0; c < 5; ++c)
      cells.push_back(
          {{"name",
            absl::StrCat("t4_", ProceedingName(Proceeding(b)), "_", kCols[c])},
           {"label", kOutcomeLabels[c]},
           {"value", r.entered.table4.blocks[b][c]}});
    blocks.push_back({{"label", kProceedingLabels[b]}, {"cells", cells}});
  }
  return blocks;
}

nlohmann::json ShowContext(Deps& d, const ReportView& v, const Body& body) {
  const Report& r = v.report;
  nlohmann::json sections = nlohmann::json::array();
  for (const SectionView& s : v.sections)
    sections.push_back(
        {{"name", SectionName(s.section)},
         {"title", SectionTitle(s.section)},
         {"text", s.text},
         {"last_text", s.last_text},
         {"has_last", !s.last_text.empty()},
         {"similarity", static_cast<int>(s.similarity * 100 + 0.5)},
         {"copied", s.copied}});
  nlohmann::json cases = nlohmann::json::array();
  for (size_t i = 0; i < r.entered.cases.size(); ++i) {
    const Case& c = r.entered.cases[i];
    cases.push_back(
        {{"index", i},
         {"proceeding", kProceedingLabels[static_cast<int>(c.proceeding)]},
         {"outcome", kOutcomeLabels[static_cast<int>(c.outcome)]},
         {"number", c.number}});
  }
  nlohmann::json versions = nlohmann::json::array();
  for (const Report& old : v.versions)
    versions.push_back({{"version", old.version},
                        {"state", StateLabel(old.state)},
                        {"note", old.note},
                        {"published_at", old.published_at},
                        {"current", old.version == r.version}});
  nlohmann::json ctx = {
      {"title", ReportTitle(r)},
      {"year", r.year},
      {"last_year", r.year - 1},
      {"unit", UnitQuery(body)},
      {"county", r.county()},
      {"state", StateName(r.state)},
      {"state_label", StateLabel(r.state)},
      {"version", r.version},
      {"note", r.note},
      {"review_comment", r.review_comment},
      {"live", v.live},
      {"report_html", d.service.Html(v)},
      {"checks", ChecksCtx(v.checks)},
      {"checks_ok", AllPass(v.checks)},
      {"sections", sections},
      {"generated_overview", v.generated_overview},
      {"compare", Compare(v)},
      {"entry_fields",
       EntryFields(r, v.figures.table2.doc_source == "records")},
      {"docs_counted", v.figures.table2.doc_source == "records"},
      {"table4_fields", Table4Fields(r)},
      {"from_powers", FromPowers(d, v, body)},
      {"cases", cases},
      {"has_cases", !cases.empty()},
      {"versions", versions},
      {"multiple_versions", versions.size() > 1},
      {"may_edit", v.may_edit},
      {"may_submit", v.may_submit},
      {"may_review", v.may_review},
      {"may_publish", v.may_publish},
      {"may_correct", v.may_correct},
      {"export_url",
       absl::StrCat("/admin/reports/", r.year, "/export.html",
                    body.unit_id ? absl::StrCat("?unit=", *body.unit_id) : "")},
      {"pdf_url",
       absl::StrCat("/admin/reports/", r.year, "/export.pdf",
                    body.unit_id ? absl::StrCat("?unit=", *body.unit_id) : "")},
      {"public_url", PublicUrl(r)},
      {"docx_url", FileUrl(r, "export.docx")},
      {"xlsx_url", FileUrl(r, "export.xlsx")},
      {"published", r.state == State::kPublished}};
  // The portal record, once a version is published (a draft correction
  // links it again only when it is published).
  for (const Report& old : v.versions)
    if (old.state == State::kPublished && old.record_id)
      ctx["record_url"] = publishing::RecordUrl(*old.record_id);
  return ctx;
}

PageOptions AdminPage(std::string title) {
  return {.title = title,
          .breadcrumbs = {{{"name", "年度报告"}, {"url", "/admin/reports"}},
                          {{"name", title}, {"url", ""}}}};
}

// The staff page of a report; `error` (a refused form) shown on top.
Response ShowPage(Deps& d, Request& req, const Body& body,
                  const absl::Status& error = absl::OkStatus()) {
  const Actor& actor = *req.principal;
  absl::StatusOr<ReportView> v = d.service.View(&actor, body);
  if (absl::IsNotFound(v.status()) && WorksOn(actor, body)) {
    // Nothing yet: offer to generate the draft.
    nlohmann::json ctx = {{"year", body.year}, {"unit", UnitQuery(body)}};
    return d.view.Page(req, "reports/admin_generate", ctx,
                       AdminPage(absl::StrCat(body.year, "年度报告")));
  }
  if (!v.ok()) return web::Error(v.status());
  nlohmann::json ctx = ShowContext(d, *v, body);
  ctx["error_summary"] = ErrorSummary(error, {});
  PageOptions o = AdminPage(ReportTitle(v->report));
  if (!error.ok()) o.status = web::HttpStatus(error.code());
  return d.view.Page(req, "reports/admin_show", ctx, o);
}

// After a form post: back to the report, or the page with the error.
Response AfterPost(Deps& d, Request& req, const Body& body,
                   const absl::Status& s) {
  if (!s.ok() && !absl::IsNotFound(s)) return ShowPage(d, req, body, s);
  if (!s.ok()) return web::Error(s);
  return web::Redirect(ShowUrl(body));
}

// --- Public ------------------------------------------------------------

Response PublicList(Deps& d, Request& req) {
  absl::StatusOr<std::vector<Report>> all = d.service.ListPublished();
  if (!all.ok()) return web::Error(all.status());
  nlohmann::json years = nlohmann::json::array();
  for (const Report& r : *all) {
    if (years.empty() || years.back()["year"] != r.year)
      years.push_back({{"year", r.year}, {"reports", nlohmann::json::array()}});
    years.back()["reports"].push_back({{"title", ReportTitle(r)},
                                       {"url", PublicUrl(r)},
                                       {"version", r.version}});
  }
  return d.view.Page(req, "reports/public_list",
                     {{"years", years}, {"has_years", !years.empty()}},
                     {.title = "政府信息公开工作年度报告"});
}

Response PublicShow(Deps& d, Request& req) {
  absl::StatusOr<Body> body = BodyOf(d, req);
  if (!body.ok()) return web::Error(body.status());
  absl::StatusOr<ReportView> v = absl::NotFoundError("年报不存在");
  if (auto ver = req.QueryValue("version")) {
    std::optional<int64_t> n = web::ParseId(*ver);
    if (n && *n < 1000) v = d.service.ViewVersion(nullptr, *body, *n);
  } else {
    v = d.service.View(nullptr, *body);
  }
  if (!v.ok()) return web::Error(v.status());
  nlohmann::json versions = nlohmann::json::array();
  for (const Report& old : v->versions)
    if (old.state == State::kPublished)
      versions.push_back(
          {{"version", old.version},
           {"note", old.note},
           {"url", absl::StrCat(PublicUrl(old), old.county() ? "?" : "&",
                                "version=", old.version)},
           {"current", old.version == v->report.version}});
  nlohmann::json ctx = {
      {"title", ReportTitle(v->report)},
      {"report_html", d.service.Html(*v)},
      {"pdf_url", PublicPdfUrl(v->report)},
      {"versions", versions},
      {"multiple_versions", versions.size() > 1},
      {"docx_url", FileUrl(v->report, "report.docx", v->report.version)},
      {"xlsx_url", FileUrl(v->report, "tables.xlsx", v->report.version)}};
  if (v->report.record_id)
    ctx["record_url"] = publishing::RecordUrl(*v->report.record_id);
  return d.view.Page(
      req, "reports/public_show", ctx,
      {.title = ReportTitle(v->report),
       .breadcrumbs = {{{"name", "年度报告"}, {"url", "/annual-reports"}},
                       {{"name", ReportTitle(v->report)}, {"url", ""}}}});
}

// GET /api/v1/annual-reports/{year}[?unit=]: published for everyone, the
// newest version (draft included) for the unit's staff and the county
// office; another unit's draft answers 404.
Response ApiGet(Deps& d, Request& req) {
  absl::StatusOr<Body> body = BodyOf(d, req);
  if (!body.ok()) return web::Error(body.status());
  absl::StatusOr<ReportView> v = d.service.View(Viewer(req), *body);
  if (!v.ok()) return web::Error(v.status());
  return web::Json(d.service.ApiJson(*v));
}

// --- Staff ---------------------------------------------------------------

Response AdminList(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const Actor& actor = *req.principal;
  const absl::CivilDay today = Today(d.service.clock());
  int year = static_cast<int>(today.year()) - 1;
  if (auto y = req.QueryValue("year")) {
    std::optional<int64_t> parsed = web::ParseId(*y);
    if (!parsed || *parsed < 2000 || *parsed > 2100)
      return web::Error(
          InvalidFields("年份有误", {{"year", "年份应为2000–2100之间的整数"}}));
    year = static_cast<int>(*parsed);
  }
  // Deadlines are shown as of today for last year's reports, else as of
  // the start of the reporting season.
  absl::CivilDay as_of = today;
  if (today.year() != year + 1) as_of = absl::CivilDay(year + 1, 1, 1);
  absl::StatusOr<std::vector<DueReport>> due = d.service.Due(as_of);
  if (!due.ok()) return web::Error(due.status());
  nlohmann::json rows = nlohmann::json::array();
  for (const DueReport& r : *due) {
    Body b{.year = year, .unit_id = r.unit_id};
    if (!WorksOn(actor, b)) continue;
    rows.push_back({{"name", r.body_name},
                    {"url", ShowUrl(b)},
                    {"unit", UnitQuery(b)},
                    {"due_on", FormatDate(r.due_on)},
                    {"state", r.state ? StateLabel(*r.state) : "未生成"},
                    {"started", r.state.has_value()},
                    {"overdue", r.overdue && today.year() == year + 1},
                    {"done", r.done}});
  }
  return d.view.Page(
      req, "reports/admin_list",
      {{"year", year},
       {"rows", rows},
       {"has_rows", !rows.empty()},
       {"admin", IsAdmin(actor)}},
      {.title = absl::StrCat(year, "年政府信息公开工作年度报告")});
}

Response PostGenerate(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const Form form = req.Form();
  std::optional<int64_t> y = web::ParseId(web::FormValue(form, "year"));
  if (!y || *y < 2000 || *y > 2100)
    return web::Error(
        InvalidFields("年份有误", {{"year", "年份应为2000–2100之间的整数"}}));
  absl::StatusOr<Body> body =
      d.service.ResolveBody(static_cast<int>(*y), web::FormValue(form, "unit"));
  if (!body.ok()) return web::Error(body.status());
  absl::StatusOr<ReportView> v = d.service.Generate(*req.principal, *body);
  if (!v.ok()) return web::Error(v.status());
  return web::Redirect(ShowUrl(*body));
}

Response AdminShow(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  absl::StatusOr<Body> body = BodyOf(d, req);
  if (!body.ok()) return web::Error(body.status());
  return ShowPage(d, req, *body);
}

Response PostTexts(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const Form form = req.Form();
  absl::StatusOr<Body> body = BodyOf(d, req, &form);
  if (!body.ok()) return web::Error(body.status());
  std::array<std::optional<std::string>, 3> texts;
  for (int s = 0; s < 3; ++s) {
    const std::string name(SectionName(kSections[s]));
    if (form.contains(name)) texts[s] = web::FormValue(form, name);
  }
  return AfterPost(d, req, *body,
                   d.service.SaveTexts(*req.principal, *body, texts).status());
}

Response PostEntries(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const Form form = req.Form();
  absl::StatusOr<Body> body = BodyOf(d, req, &form);
  if (!body.ok()) return web::Error(body.status());
  EntryForm entries;
  for (const auto& [k, v] : form)
    if (k != "_csrf" && k != "unit") entries[k] = v;
  return AfterPost(
      d, req, *body,
      d.service.SaveEntries(*req.principal, *body, entries).status());
}

Response PostFromPowers(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const Form form = req.Form();
  absl::StatusOr<Body> body = BodyOf(d, req, &form);
  if (!body.ok()) return web::Error(body.status());
  std::vector<std::string> fields;
  for (absl::string_view f : {"licensing", "penalty", "coercion"})
    if (web::FormValue(form, absl::StrCat("take_", f)) == "1")
      fields.emplace_back(f);
  return AfterPost(d, req, *body,
                   d.service
                       .CarryFromPowers(*req.principal, *body, fields,
                                        web::FormValue(form, "replace") == "1")
                       .status());
}

Response PostImport(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const Form form = req.Form();
  absl::StatusOr<Body> body = BodyOf(d, req, &form);
  if (!body.ok()) return web::Error(body.status());
  std::string csv;
  for (const web::FormPart& p : req.Parts())
    if (p.name == "file") csv = p.data;
  if (csv.empty()) csv = web::FormValue(form, "csv");
  return AfterPost(d, req, *body,
                   d.service.ImportCsv(*req.principal, *body, csv).status());
}

Response PostCase(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const Form form = req.Form();
  absl::StatusOr<Body> body = BodyOf(d, req, &form);
  if (!body.ok()) return web::Error(body.status());
  auto p = ParseProceeding(web::FormValue(form, "proceeding"));
  auto o = ParseOutcome(web::FormValue(form, "outcome"));
  if (!p || !o)
    return AfterPost(
        d, req, *body,
        InvalidFields("案件信息有误",
                      {{"proceeding", "请选择案件类型和审理结果"}}));
  return AfterPost(d, req, *body,
                   d.service
                       .AddCase(*req.principal, *body,
                                {.proceeding = *p,
                                 .outcome = *o,
                                 .number = web::FormValue(form, "number")})
                       .status());
}

Response PostRemoveCase(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const Form form = req.Form();
  absl::StatusOr<Body> body = BodyOf(d, req, &form);
  if (!body.ok()) return web::Error(body.status());
  std::optional<int64_t> i = web::ParseId(req.Param("index"));
  if (req.Param("index") == "0") i = 0;
  if (!i || *i > 100000) return web::Error(absl::NotFoundError("案件不存在"));
  return AfterPost(
      d, req, *body,
      d.service.RemoveCase(*req.principal, *body, static_cast<int>(*i))
          .status());
}

Response PostAct(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const Form form = req.Form();
  absl::StatusOr<Body> body = BodyOf(d, req, &form);
  if (!body.ok()) return web::Error(body.status());
  const Actor& actor = *req.principal;
  const std::string action = req.Param("action");
  absl::Status s;
  if (action == "submit") {
    s = d.service.Submit(actor, *body).status();
  } else if (action == "accept" || action == "return") {
    s = d.service
            .Review(actor, *body, action == "accept",
                    web::FormValue(form, "comment"))
            .status();
  } else if (action == "publish") {
    s = d.service.Publish(actor, *body).status();
  } else if (action == "correct") {
    s = d.service.Correct(actor, *body, web::FormValue(form, "note")).status();
  } else {
    return web::Error(absl::NotFoundError("没有这个操作"));
  }
  if (req.WantsJson()) {
    if (!s.ok()) return web::Error(s);
    absl::StatusOr<ReportView> v = d.service.View(&actor, *body);
    if (!v.ok()) return web::Error(v.status());
    return web::Json(d.service.ApiJson(*v));
  }
  return AfterPost(d, req, *body, s);
}

// The report as a file: a standalone HTML document, PDF, Word, or the
// workbook of its tables. For staff (`staff`) the newest version — a draft
// too — of their unit's report (the county office: any), else the
// published one; for everyone a published version (`?version=N`, else the
// newest). Anything else: 404.
Response ExportFile(Deps& d, Request& req, ExportFormat format, bool staff) {
  if (staff) {
    if (auto denied = web::RequireSignedIn(req)) return *denied;
  }
  absl::StatusOr<Body> body = BodyOf(d, req);
  if (!body.ok()) return web::Error(body.status());
  absl::StatusOr<ReportView> v = absl::NotFoundError("年报不存在");
  if (staff) {
    v = d.service.View(&*req.principal, *body);
  } else if (auto ver = req.QueryValue("version")) {
    std::optional<int64_t> n = web::ParseId(*ver);
    if (n && *n < 1000)
      v = d.service.ViewVersion(nullptr, *body, static_cast<int>(*n));
  } else {
    v = d.service.View(nullptr, *body);
  }
  if (!v.ok()) return web::Error(v.status());
  absl::StatusOr<ReportFile> file = d.service.Export(*v, format);
  if (!file.ok()) return web::Error(file.status());
  return web::Download(std::move(file->bytes), std::move(file->content_type),
                       std::move(file->name));
}
Response ExportHtml(Deps& d, Request& req) {
  return ExportFile(d, req, ExportFormat::kHtml, true);
}
Response ExportPdf(Deps& d, Request& req) {
  return ExportFile(d, req, ExportFormat::kPdf, true);
}
Response ExportDocx(Deps& d, Request& req) {
  return ExportFile(d, req, ExportFormat::kDocx, true);
}
Response ExportXlsx(Deps& d, Request& req) {
  return ExportFile(d, req, ExportFormat::kXlsx, true);
}
Response PublicPdf(Deps& d, Request& req) {
  return ExportFile(d, req, ExportFormat::kPdf, false);
}
Response PublicDocx(Deps& d, Request& req) {
  return ExportFile(d, req, ExportFormat::kDocx, false);
}
Response PublicXlsx(Deps& d, Request& req) {
  return ExportFile(d, req, ExportFormat::kXlsx, false);
}

}  // namespace

void RegisterRoutes(web::Router& router, Service& service, const View& view) {
  auto h = web::BindTo(std::make_shared<Deps>(Deps{service, view}));
  const web::RouteOptions form{.max_body_bytes = 256 << 10};
  const web::RouteOptions upload{.max_body_bytes = 128 << 10};
  // Public: published versions only.
  router.Get("/annual-reports", h(PublicList));
  router.Get("/annual-reports/{year}", h(PublicShow));
  router.Get("/annual-reports/{year}/report.docx", h(PublicDocx));
  router.Get("/annual-reports/{year}/tables.xlsx", h(PublicXlsx));
  router.Get("/annual-reports/{year}/report.pdf", h(PublicPdf));
  // Published for everyone; drafts for the unit's staff and the office.
  router.Get("/api/v1/annual-reports/{year}", h(ApiGet));
  // Staff: their unit's report; the county office: every report.
  router.Get("/admin/reports", h(AdminList));
  router.Post("/admin/reports/generate", h(PostGenerate), form);
  router.Get("/admin/reports/{year}", h(AdminShow));
  router.Get("/admin/reports/{year}/export.html", h(ExportHtml));
  router.Get("/admin/reports/{year}/export.docx", h(ExportDocx));
  router.Get("/admin/reports/{year}/export.xlsx", h(ExportXlsx));
  router.Get("/admin/reports/{year}/export.pdf", h(ExportPdf));
  router.Post("/admin/reports/{year}/texts", h(PostTexts), form);
  router.Post("/admin/reports/{year}/entries", h(PostEntries), form);
  router.Post("/admin/reports/{year}/import", h(PostImport), upload);
  // 从权责清单带入: Table 二's 许可/处罚/强制 counts from the unit's inventory.
  router.Post("/admin/reports/{year}/from-powers", h(PostFromPowers), form);
  router.Post("/admin/reports/{year}/cases", h(PostCase), form);
  router.Post("/admin/reports/{year}/cases/{index}/delete", h(PostRemoveCase),
              form);
  // submit (unit staff) | accept | return | publish | correct (the office).
  router.Post("/admin/reports/{year}/act/{action}", h(PostAct), form);
}

}  // namespace zwgk::reports
