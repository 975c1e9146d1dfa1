#include "catalog/http.h"

#include <algorithm>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "catalog/item.h"
#include "catalog/time_limit.h"
#include "core/guard.h"
#include "core/route_binding.h"
#include "core/status.h"

namespace zwgk::catalog {
namespace {

using web::FormValue;
using web::ParseId;
using web::Request;
using web::Response;

// What every handler needs; RegisterRoutes binds one to each route.
struct Deps {
  Service& service;
  org::Service& org;
  const View& view;
};

bool Has(const std::vector<Audience>& v, Audience a) {
  return std::find(v.begin(), v.end(), a) != v.end();
}
bool Has(const std::vector<Method>& v, Method m) {
  return std::find(v.begin(), v.end(), m) != v.end();
}

bool HasLevel(const CatalogItem& it, Level l) {
  return std::find(it.levels.begin(), it.levels.end(), l) != it.levels.end();
}

nlohmann::json ItemApiJson(const CatalogItem& it,
                           const std::optional<org::Unit>& subject_unit) {
  nlohmann::json j = {
      {"id", it.id},
      {"seq", it.seq},
      {"level1", it.level1},
      {"level2", it.level2},
      {"elements", it.elements},
      {"basis", it.basis},
      {"basis_titles", it.basis_titles},
      {"time_limit", it.time_limit.text},
      {"time_limit_clock", it.time_limit.clock},
      {"period",
       {{"label", PeriodLabel(it.time_limit.period)},
        {"needs_review", it.time_limit.needs_review()}}},
      {"subject", it.subject},
      {"subject_unit", subject_unit
                           ? nlohmann::json{{"id", subject_unit->id},
                                            {"name", subject_unit->name}}
                           : nlohmann::json()},
      {"channels", it.channels},
      {"audience_detail", it.audience_detail},
      {"example", it.example}};
  if (it.level3) j["level3"] = *it.level3;
  j["audience"] = nlohmann::json::array();
  for (Audience a : it.audience)
    j["audience"].push_back(std::string(AudienceName(a)));
  j["method"] = nlohmann::json::array();
  for (Method m : it.method) j["method"].push_back(std::string(MethodName(m)));
  j["levels"] = nlohmann::json::array();
  for (Level l : it.levels) j["levels"].push_back(std::string(LevelName(l)));
  if (it.time_limit.period.kind == PeriodKind::kWorkingDays ||
      it.time_limit.period.kind == PeriodKind::kCalendarDays) {
    j["period"]["days"] = it.time_limit.period.days;
  }
  return j;
}

nlohmann::json VersionJson(const VersionInfo& v) {
  return {
      {"id", v.id},
      {"version", v.version ? nlohmann::json(*v.version) : nlohmann::json()},
      {"label", v.Label()},
      {"draft", v.draft()},
      {"created_at", v.created_at},
      {"created_by", v.created_by},
      {"published_at", v.published_at},
      {"published_by", v.published_by},
      {"note", v.note},
      {"item_count", v.item_count}};
}

// Rows for the 附件2-like table: 一级事项 cells merged over their run.
nlohmann::json TableRows(const std::vector<CatalogItem>& items, bool editable) {
  nlohmann::json rows = nlohmann::json::array();
  for (size_t i = 0; i < items.size(); ++i) {
    const CatalogItem& it = items[i];
    size_t run = 1;
    bool first = i == 0 || items[i - 1].level1 != it.level1;
    if (first) {
      while (i + run < items.size() && items[i + run].level1 == it.level1)
        ++run;
    }
    nlohmann::json problems = nlohmann::json::array();
    for (const FieldProblem& p : PublicationProblems(it))
      problems.push_back(p.reason);
    rows.push_back(
        {{"id", it.id},
         {"seq", it.seq},
         {"level1", it.level1},
         {"level1_first", first},
         {"level1_rows", run},
         {"level2", it.level2},
         {"level3", it.level3.value_or("")},
         {"elements", it.elements},
         {"basis", it.basis},
         {"time_limit", it.time_limit.text},
         {"time_limit_clock", it.time_limit.clock},
         {"period", PeriodLabel(it.time_limit.period)},
         {"needs_review", it.time_limit.needs_review()},
         {"subject", it.subject},
         {"channels", absl::StrJoin(it.channels, "、")},
         {"public", Has(it.audience, Audience::kPublic)},
         {"group", Has(it.audience, Audience::kGroup)
                       ? (it.audience_detail.empty() ? std::string("√")
                                                     : it.audience_detail)
                       : std::string()},
         {"proactive", Has(it.method, Method::kProactive)},
         {"on_request", Has(it.method, Method::kOnRequest)},
         {"county", HasLevel(it, Level::kCounty)},
         {"township", HasLevel(it, Level::kTownship)},
         {"village", HasLevel(it, Level::kVillage)},
         {"example", it.example},
         // An item that publishes 办事指南 links to the domain's guides in
         // the 办事服务 section (issue 17).
         {"mentions_guides", absl::StrContains(it.level2, "办事指南") ||
                                 absl::StrContains(it.elements, "办事指南")},
         {"incomplete", !problems.empty()},
         {"problems", problems},
         {"editable", editable}});
  }
  return rows;
}

bool AnyLevel3(const std::vector<CatalogItem>& items) {
  return std::any_of(items.begin(), items.end(), [](const CatalogItem& it) {
    return it.level3.has_value();
  });
}

// The 建议目录 panel of a domain's admin page.
nlohmann::json SuggestionJson(const SuggestedCatalog& s) {
  nlohmann::json items = nlohmann::json::array();
  for (const CatalogItem& it : s.missing) {
    items.push_back({{"name", ItemName(it)},
                     {"elements", it.elements},
                     {"time_limit", it.time_limit.text},
                     {"subject", it.subject}});
  }
  const int total = static_cast<int>(s.suggestion.items.size());
  return {{"total", total},
          {"none", total == 0},
          {"few", total > 0 && total < kFewSuggestedItems},
          {"guideline", s.suggestion.guideline},
          {"sources", s.suggestion.sources},
          {"has_sources", !s.suggestion.sources.empty()},
          {"missing", items},
          {"missing_count", items.size()},
          {"has_missing", !items.empty()},
          {"start", !s.has_draft && !s.has_published}};
}

Response Download(Deps& d, Request& req, absl::string_view format) {
  Service& service = d.service;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("领域不存在"));
  // The public gets published versions only.
  absl::StatusOr<VersionRef> version =
      ParseVersionRef(req.QueryValue("version").value_or("published"));
  if (!version.ok()) return web::Error(version.status());
  if (version->MayBeDraft()) {
    if (auto denied = web::RequireSignedIn(req)) return *denied;
  }
  absl::StatusOr<StoredCatalog> c = service.Get(*id, *version);
  if (!c.ok()) return web::Error(c.status());
  absl::StatusOr<std::string> bytes = service.Encode(c->catalog, format);
  if (!bytes.ok()) return web::Error(bytes.status());
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {"xlsx",
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"csv", "text/csv; charset=utf-8"},
      {"json", "application/json; charset=utf-8"}};
  std::string name =
      absl::StrCat(c->catalog.domain, "领域政务公开事项标准目录-",
                   c->info.Label(), ".", format);
  Response r = web::Text(std::move(*bytes), kTypes.find(format)->second);
  r.WithHeader("Content-Disposition",
               absl::StrCat("attachment; filename=\"catalog.", format,
                            "\"; filename*=UTF-8''", web::UrlEncode(name)));
  return r;
}

Response DownloadXlsx(Deps& d, Request& req) {
  return Download(d, req, "xlsx");
}
Response DownloadCsv(Deps& d, Request& req) { return Download(d, req, "csv"); }
Response DownloadJson(Deps& d, Request& req) {
  return Download(d, req, "json");
}

// The catalog as the API shows it, each item with the unit its 公开主体 names.
Response CatalogJson(Service& service, int64_t domain_id,
                     const StoredCatalog& c) {
  auto subjects = service.SubjectUnits(c.catalog.items);
  if (!subjects.ok()) return web::Error(subjects.status());
  nlohmann::json items = nlohmann::json::array();
  for (size_t i = 0; i < c.catalog.items.size(); ++i) {
    items.push_back(ItemApiJson(c.catalog.items[i], (*subjects)[i]));
  }
  return web::Json({{"domain", c.catalog.domain},
                    {"domain_id", domain_id},
                    {"version", c.info.version ? nlohmann::json(*c.info.version)
                                               : nlohmann::json("draft")},
                    {"info", VersionJson(c.info)},
                    {"items", items}});
}

Response ApiCatalog(Deps& d, Request& req) {
  Service& service = d.service;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("领域不存在"));
  absl::StatusOr<VersionRef> version =
      ParseVersionRef(req.QueryValue("version").value_or("published"));
  if (!version.ok()) return web::Error(version.status());
  // "" means the open draft when there is one: never for the public.
  if (version->MayBeDraft() && !req.principal)
    return web::Error(absl::NotFoundError("目录草稿不公开"));
  absl::StatusOr<StoredCatalog> c = service.Get(*id, *version);
  if (!c.ok()) return web::Error(c.status());
  return CatalogJson(service, *id, *c);
}

// GET /api/v1/towns/{town}/domains/{id}/catalog: the town's derived catalog.
Response ApiTownCatalog(Deps& d, Request& req) {
  Service& service = d.service;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  std::optional<int64_t> town = ParseId(req.Param("town"));
  if (!id || !town) return web::Error(absl::NotFoundError("领域或镇不存在"));
  absl::StatusOr<StoredCatalog> c = service.TownCatalog(*id, *town);
  if (!c.ok()) return web::Error(c.status());
  return CatalogJson(service, *id, *c);
}

Response ApiItem(Deps& d, Request& req) {
  Service& service = d.service;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("目录事项不存在"));
  auto item = service.GetItem(*id);
  if (!item.ok()) return web::Error(item.status());
  // Draft items are not public: 404 rather than 403.
  if (item->first.draft() && !req.principal)
    return web::Error(
        absl::NotFoundError(absl::StrCat("目录事项 #", *id, " 不存在")));
  auto subjects = service.SubjectUnits({item->second});
  if (!subjects.ok()) return web::Error(subjects.status());
  nlohmann::json j = ItemApiJson(item->second, subjects->front());
  j["domain_id"] = item->first.domain_id;
  j["catalog_version"] = VersionJson(item->first);
  return web::Json(j);
}

nlohmann::json ImportProblemJson(const ImportProblem& p) {
  return {{"sheet", p.sheet},   {"row", p.row},   {"column", p.column},
          {"reason", p.reason}, {"item", p.item}, {"kept", p.kept}};
}

Response ApiImport(Deps& d, Request& req) {
  Service& service = d.service;
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("领域不存在"));
  auto outcome =
      service.Import(*req.principal, *id,
                     {.bytes = req.body,
                      .format = req.QueryValue("format").value_or("xlsx"),
                      .sheet = req.QueryValue("sheet")});
  if (!outcome.ok()) {
    nlohmann::json j = web::ErrorJson(outcome.status());
    for (const ImportProblem& p : GetImportProblems(outcome.status())) {
      j["error"]["problems"].push_back(ImportProblemJson(p));
    }
    return web::Json(j, web::HttpStatus(outcome.status().code()));
  }
  nlohmann::json problems = nlohmann::json::array();
  nlohmann::json rows = nlohmann::json::array();
  for (const ImportProblem& p : outcome->problems) {
    problems.push_back(p.ToString());
    rows.push_back(ImportProblemJson(p));
  }
  return web::Json({{"draft", VersionJson(outcome->draft)},
                    {"imported", outcome->imported},
                    {"incomplete", outcome->incomplete},
                    {"problems", problems},
                    {"rows", rows}});
}

Response ApiPublish(Deps& d, Request& req) {
  Service& service = d.service;
  if (auto denied = web::RequireAdmin(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("领域不存在"));
  std::string note;
  if (!req.body.empty()) {
    auto body = req.JsonBody();
    if (!body.ok()) return web::Error(body.status());
    note = body->value("note", "");
  }
  auto v = service.Publish(*req.principal, *id, note);
  if (!v.ok()) return web::Error(v.status());
  return web::Json(VersionJson(*v));
}

// The diff between two version references as typed in the page's form.
absl::StatusOr<std::vector<ItemChange>> DiffOf(Service& service,
                                               int64_t domain_id,
                                               absl::string_view from,
                                               absl::string_view to) {
  ZWGK_ASSIGN_OR_RETURN(VersionRef a, ParseVersionRef(from));
  ZWGK_ASSIGN_OR_RETURN(VersionRef b, ParseVersionRef(to));
  return service.Diff(domain_id, a, b);
}

nlohmann::json DiffJson(const std::vector<ItemChange>& changes) {
  nlohmann::json out = nlohmann::json::array();
  for (const ItemChange& c : changes) {
    std::string kind = c.kind == ItemChange::Kind::kAdded     ? "新增"
                       : c.kind == ItemChange::Kind::kRemoved ? "删除"
                                                              : "修改";
    out.push_back({{"kind", kind},
                   {"key", c.key},
                   {"fields", absl::StrJoin(c.fields, "、")}});
  }
  return out;
}

Response AdminIndex(Deps& d, Request& req) {
  auto& [service, org, view] = d;
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  auto domains = org.ListDomains();
  auto review = service.DueForReview();
  if (!domains.ok()) return web::Error(domains.status());
  if (!review.ok()) return web::Error(review.status());
  std::set<int64_t> due;
  for (const ReviewReminder& r : *review) due.insert(r.domain_id);
  nlohmann::json rows = nlohmann::json::array();
  for (const org::Domain& d : *domains) {
    auto versions = service.Versions(d.id);
    nlohmann::json row = {
        {"id", d.id}, {"name", d.name}, {"review_due", due.contains(d.id)}};
    if (versions.ok()) {
      for (const VersionInfo& v : *versions) {
        if (v.draft())
          row["draft"] = v.item_count;
        else if (!row.contains("published"))
          row["published"] = v.Label(),
          row["published_at"] = LocalMinute(v.published_at);
      }
    }
    rows.push_back(row);
  }
  return view.Page(req, "catalog/admin_index", {{"domains", rows}},
                   {.title = "标准目录管理",
                    .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                                    {{"name", "标准目录"}}}});
}

// The admin page of one domain's catalog, with the outcome of the last
// action: its error, the import rows left out, or the notice.
Response AdminDomain(Deps& d, Request& req,
                     const absl::Status& error = absl::OkStatus(),
                     const std::vector<ImportProblem>& problems = {},
                     absl::string_view notice = "") {
  auto& [service, org, view] = d;
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("领域不存在"));
  auto domain = org.GetDomain(*id);
  if (!domain.ok()) return web::Error(domain.status());
  auto versions = service.Versions(*id);
  if (!versions.ok()) return web::Error(versions.status());
  auto current = service.Get(*id, VersionRef::Current());
  nlohmann::json ctx = {
      {"domain", {{"id", domain->id}, {"name", domain->name}}},
      {"csrf_token", req.csrf_token},
      {"is_admin", req.principal && IsAdmin(*req.principal)},
      {"notice", std::string(notice)}};
  // A refused publication names one incomplete item a line.
  std::vector<std::string> lines =
      error.ok() ? std::vector<std::string>()
                 : absl::StrSplit(error.message(), '\n', absl::SkipEmpty());
  ctx["error"] = lines.empty() ? "" : lines.front();
  ctx["error_lines"] = lines.size() > 1
                           ? nlohmann::json(std::vector<std::string>(
                                 lines.begin() + 1, lines.end()))
                           : nlohmann::json::array();
  ctx["has_error_lines"] = lines.size() > 1;
  nlohmann::json vlist = nlohmann::json::array();
  for (const VersionInfo& v : *versions) {
    nlohmann::json row = VersionJson(v);  // the API's; times for people
    row["created_at"] = LocalMinute(v.created_at);
    row["published_at"] = LocalMinute(v.published_at);
    vlist.push_back(row);
  }
  ctx["versions"] = vlist;
  if (current.ok()) {
    ctx["current"] = VersionJson(current->info);
    ctx["rows"] = TableRows(current->catalog.items, current->info.draft());
    ctx["has_level3"] = AnyLevel3(current->catalog.items);
    ctx["is_draft"] = current->info.draft();
    if (current->info.draft()) {
      nlohmann::json incomplete = nlohmann::json::array();
      for (const IncompleteItem& m :
           Service::Incomplete(current->catalog.items)) {
        std::vector<std::string> texts;
        for (const FieldProblem& p : m.problems) texts.push_back(p.reason);
        incomplete.push_back({{"id", m.id},
                              {"seq", m.seq},
                              {"name", m.name},
                              {"problems_text", absl::StrJoin(texts, "；")}});
      }
      ctx["incomplete_count"] = incomplete.size();
      ctx["incomplete"] = incomplete;
      ctx["has_incomplete"] = !incomplete.empty();
    }
  }
  if (auto suggested = service.Suggested(*id); suggested.ok())
    ctx["suggested"] = SuggestionJson(*suggested);
  nlohmann::json report = nlohmann::json::array();
  int skipped = 0;
  for (const ImportProblem& p : problems) {
    skipped += !p.kept;
    report.push_back({{"row", p.row},
                      {"column", p.column},
                      {"item", p.item},
                      {"reason", p.reason},
                      {"kept", p.kept}});
  }
  ctx["import_report"] = report;
  ctx["has_import_report"] = !report.empty();
  ctx["import_skipped"] = skipped > 0;
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& [k, v] : GetFieldErrors(error))
    fields.push_back({{"field", k}, {"message", v}});
  for (const ImportProblem& p : GetImportProblems(error))
    fields.push_back({{"field", ""}, {"message", p.ToString()}});
  ctx["problems"] = fields;
  ctx["has_problems"] = !fields.empty();
  if (auto from = req.QueryValue("from"), to = req.QueryValue("to");
      from && to) {
    absl::StatusOr<std::vector<ItemChange>> diff =
        DiffOf(service, *id, *from, *to);
    if (diff.ok()) {
      ctx["diff"] = {{"from", *from},
                     {"to", *to},
                     {"changes", DiffJson(*diff)},
                     {"empty", diff->empty()}};
    } else {
      ctx["diff_error"] = std::string(diff.status().message());
    }
  }
  int status = error.ok() ? 200 : web::HttpStatus(error.code());
  return view.Page(
      req, "catalog/admin_domain", ctx,
      {.title = absl::StrCat(domain->name, "领域标准目录"),
       .status = status,
       .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                       {{"name", "标准目录"}, {"url", "/admin/catalog"}},
                       {{"name", domain->name}}}});
}

Response AdminDomainPage(Deps& d, Request& req) {
  return AdminDomain(d, req, absl::OkStatus(), {},
                     req.QueryValue("done").value_or(""));
}

// The item form's fields → a CatalogItem (texts only; Normalize parses).
CatalogItem ItemFromForm(const std::multimap<std::string, std::string>& f) {
  CatalogItem it;
  it.id = ParseId(FormValue(f, "item_id")).value_or(0);
  it.level1 = FormValue(f, "level1");
  it.level2 = FormValue(f, "level2");
  if (!FormValue(f, "level3").empty()) it.level3 = FormValue(f, "level3");
  it.elements = FormValue(f, "elements");
  it.basis = FormValue(f, "basis");
  it.time_limit.text = FormValue(f, "time_limit");
  it.time_limit.clock = FormValue(f, "time_limit_clock");
  it.subject = FormValue(f, "subject");
  for (absl::string_view c :
       absl::StrSplit(FormValue(f, "channels"), absl::ByAnyChar("、,，\n"),
                      absl::SkipWhitespace())) {
    it.channels.emplace_back(absl::StripAsciiWhitespace(c));
  }
  if (FormValue(f, "public") == "1") it.audience.push_back(Audience::kPublic);
  if (!FormValue(f, "group").empty()) {
    it.audience.push_back(Audience::kGroup);
    it.audience_detail =
        FormValue(f, "group") == "√" ? "" : FormValue(f, "group");
  }
  if (FormValue(f, "proactive") == "1") it.method.push_back(Method::kProactive);
  if (FormValue(f, "on_request") == "1")
    it.method.push_back(Method::kOnRequest);
  for (auto [name, level] : {std::pair{"county", Level::kCounty},
                             std::pair{"township", Level::kTownship},
                             std::pair{"village", Level::kVillage}}) {
    if (FormValue(f, name) == "1") it.levels.push_back(level);
  }
  return it;
}

// What an admin action did: the notice shown after the redirect, and the
// rows an import left out (then the page is shown instead of redirecting).
struct Done {
  std::string notice = {};
  std::vector<ImportProblem> problems = {};
};

// An admin form post on a domain's catalog, after sign-in.
using AdminActionFn = absl::StatusOr<Done> (*)(Deps&, Request&,
                                               int64_t domain_id);

// Runs `action`, then shows its error on the domain page or redirects there
// with the notice (post/redirect/get).
Response AdminAction(Deps& d, Request& req, AdminActionFn action) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("领域不存在"));
  absl::StatusOr<Done> done = action(d, req, *id);
  if (!done.ok()) return AdminDomain(d, req, done.status());
  if (!done->problems.empty())
    return AdminDomain(d, req, absl::OkStatus(), done->problems, done->notice);
  return web::Redirect(absl::StrCat("/admin/catalog/", *id,
                                    "?done=", web::UrlEncode(done->notice)));
}

absl::StatusOr<Done> ImportFile(Deps& d, Request& req, int64_t domain_id) {
  ImportRequest in;
  for (web::FormPart& p : req.Parts()) {
    if (p.name != "file") continue;
    in.bytes = std::move(p.data);
    std::string lower = absl::AsciiStrToLower(p.filename);
    in.format = absl::EndsWith(lower, ".csv")    ? "csv"
                : absl::EndsWith(lower, ".json") ? "json"
                                                 : "xlsx";
  }
  if (in.bytes.empty())
    return InvalidFields("请选择要导入的文件",
                         {{"file", "请选择 .xlsx、.csv 或 .json 文件"}});
  std::string sheet = FormValue(req.Form(), "sheet");
  if (!sheet.empty()) in.sheet = sheet;
  ZWGK_ASSIGN_OR_RETURN(ImportOutcome out,
                        d.service.Import(*req.principal, domain_id, in));
  const int skipped = static_cast<int>(
      std::count_if(out.problems.begin(), out.problems.end(),
                    [](const ImportProblem& p) { return !p.kept; }));
  std::string notice = absl::StrCat("已导入 ", out.imported, " 个事项到草稿");
  if (out.incomplete > 0) {
    absl::StrAppend(&notice, "，其中 ", out.incomplete,
                    " 个事项不完整（已标出，补全后才能发布）");
  }
  if (skipped > 0)
    absl::StrAppend(&notice, "；", skipped, " 行无法读取，未导入");
  return Done{.notice = std::move(notice), .problems = out.problems};
}

absl::StatusOr<Done> OpenDraft(Deps& d, Request& req, int64_t domain_id) {
  ZWGK_RETURN_IF_ERROR(d.service.OpenDraft(*req.principal, domain_id).status());
  return Done{.notice = "已创建修订草稿"};
}

absl::StatusOr<Done> AdoptSuggested(Deps& d, Request& req, int64_t domain_id) {
  ZWGK_ASSIGN_OR_RETURN(AdoptOutcome out,
                        d.service.AdoptSuggested(*req.principal, domain_id));
  return Done{.notice = absl::StrCat("已将建议目录中的 ", out.added,
                                     " 个事项加入草稿；请逐项核对、补全后提交"
                                     "县政务公开办发布")};
}

absl::StatusOr<Done> PublishDraft(Deps& d, Request& req, int64_t domain_id) {
  ZWGK_ASSIGN_OR_RETURN(VersionInfo pub,
                        d.service.Publish(*req.principal, domain_id,
                                          FormValue(req.Form(), "note")));
  return Done{.notice = absl::StrCat("已发布", pub.Label())};
}

absl::StatusOr<Done> SaveItem(Deps& d, Request& req, int64_t domain_id) {
  ZWGK_ASSIGN_OR_RETURN(
      CatalogItem saved,
      d.service.SaveItem(*req.principal, domain_id, ItemFromForm(req.Form())));
  return Done{.notice = absl::StrCat("已保存事项：", saved.level1, " / ",
                                     saved.level2)};
}

// The {item} of an item route.
absl::StatusOr<int64_t> ItemParam(const Request& req) {
  std::optional<int64_t> item = ParseId(req.Param("item"));
  if (!item) return absl::NotFoundError("目录事项不存在");
  return *item;
}

absl::StatusOr<Done> RemoveItem(Deps& d, Request& req, int64_t domain_id) {
  ZWGK_ASSIGN_OR_RETURN(int64_t item, ItemParam(req));
  ZWGK_RETURN_IF_ERROR(d.service.RemoveItem(*req.principal, domain_id, item));
  return Done{.notice = "已删除事项"};
}

absl::StatusOr<Done> MoveItem(Deps& d, Request& req, int64_t domain_id,
                              int delta) {
  ZWGK_ASSIGN_OR_RETURN(int64_t item, ItemParam(req));
  ZWGK_RETURN_IF_ERROR(
      d.service.MoveItem(*req.principal, domain_id, item, delta));
  return Done{.notice = "已调整顺序"};
}

absl::StatusOr<Done> MoveItemUp(Deps& d, Request& req, int64_t domain_id) {
  return MoveItem(d, req, domain_id, -1);
}

absl::StatusOr<Done> MoveItemDown(Deps& d, Request& req, int64_t domain_id) {
  return MoveItem(d, req, domain_id, +1);
}

Response TownPage(Deps& d, Request& req) {
  auto& [service, org, view] = d;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  std::optional<int64_t> town = ParseId(req.Param("town"));
  if (!id || !town) return web::Error(absl::NotFoundError("领域或镇不存在"));
  auto unit = org.GetUnit(*town);
  auto domain = org.GetDomain(*id);
  if (!unit.ok() || !domain.ok())
    return web::Error(absl::NotFoundError("领域或镇不存在"));
  absl::StatusOr<StoredCatalog> c = service.TownCatalog(*id, *town);
  if (!c.ok()) return web::Error(c.status());
  nlohmann::json ctx = {
      {"domain_id", *id},
      {"domain", domain->name},
      {"town", unit->name},
      {"catalog",
       {{"label", absl::StrCat("据县级目录", c->info.Label(), "生成")},
        {"published_at", LocalDate(c->info.published_at)},
        {"count", c->catalog.items.size()}}},
      {"rows", TableRows(c->catalog.items, false)},
      {"has_level3", AnyLevel3(c->catalog.items)}};
  return view.Page(req, "catalog/section", ctx,
                   {.title = absl::StrCat(unit->name, domain->name, "领域目录"),
                    .breadcrumbs = {{{"name", domain->name},
                                     {"url", absl::StrCat("/domains/", *id)}},
                                    {{"name", unit->name}}}});
}

}  // namespace

std::string DomainSection(Service& service, org::Service& org, const View& view,
                          const web::Request& req, const org::Domain& domain) {
  (void)req;
  absl::StatusOr<StoredCatalog> c = service.Published(domain.id);
  nlohmann::json ctx = {{"domain_id", domain.id}, {"domain", domain.name}};
  if (!c.ok()) {
    // Never silently empty: the public sees who is compiling the catalog.
    nlohmann::json pending = nlohmann::json::object();
    if (domain.unit_id) {
      if (auto unit = org.GetUnit(*domain.unit_id); unit.ok())
        pending["unit"] = unit->name;
    }
    ctx["pending"] = pending;
  }
  if (c.ok()) {
    ctx["catalog"] = {{"label", c->info.Label()},
                      {"published_at", LocalDate(c->info.published_at)},
                      {"note", c->info.note},
                      {"count", c->catalog.items.size()}};
    ctx["rows"] = TableRows(c->catalog.items, false);
    ctx["has_level3"] = AnyLevel3(c->catalog.items);
    // Towns keep the 乡级 part of the county's catalog.
    bool township =
        std::any_of(c->catalog.items.begin(), c->catalog.items.end(),
                    [](const CatalogItem& it) {
                      return std::find(it.levels.begin(), it.levels.end(),
                                       Level::kTownship) != it.levels.end();
                    });
    auto units =
        township ? org.ListUnits() : absl::StatusOr<std::vector<org::Unit>>();
    nlohmann::json towns = nlohmann::json::array();
    if (township && units.ok()) {
      for (const org::Unit& u : *units) {
        if (u.kind == org::UnitKind::kTown)
          towns.push_back({{"id", u.id}, {"name", u.name}});
      }
    }
    ctx["towns"] = towns;
    ctx["has_towns"] = !towns.empty();
  }
  return view.Render("catalog/section", ctx);
}

// A catalog workbook or JSON file: a domain's whole catalog fits well
// within this; the server refuses more before reading it.
constexpr web::RouteOptions kImportRoute{.max_body_bytes = 16u << 20};

void RegisterRoutes(web::Router& router, Service& service, org::Service& org,
                    const View& view) {
  auto deps = std::make_shared<Deps>(Deps{service, org, view});
  auto h = web::BindTo(deps);
  auto admin = [deps](AdminActionFn f) {
    return [deps, f](Request& r) { return AdminAction(*deps, r, f); };
  };
  // Public downloads, pages and API.
  router.Get("/domains/{id}/catalog.xlsx", h(DownloadXlsx));
  router.Get("/domains/{id}/catalog.csv", h(DownloadCsv));
  router.Get("/domains/{id}/catalog.json", h(DownloadJson));
  router.Get("/api/v1/domains/{id}/catalog", h(ApiCatalog));
  router.Get("/api/v1/catalog/items/{id}", h(ApiItem));
  router.Get("/api/v1/towns/{town}/domains/{id}/catalog", h(ApiTownCatalog));
  router.Get("/towns/{town}/domains/{id}", h(TownPage));
  // Writes with an API token.
  router.Post("/api/v1/domains/{id}/catalog/import", h(ApiImport),
              kImportRoute);
  router.Post("/api/v1/domains/{id}/catalog/publish", h(ApiPublish));
  // Admin pages; each form post redirects back to the domain's page.
  router.Get("/admin/catalog", h(AdminIndex));
  router.Get("/admin/catalog/{id}", h(AdminDomainPage));
  router.Post("/admin/catalog/{id}/import", admin(ImportFile), kImportRoute);
  router.Post("/admin/catalog/{id}/draft", admin(OpenDraft));
  // 从建议目录开始: the unit's editors and the county office (the service
  // checks); the draft stays unpublished.
  router.Post("/admin/catalog/{id}/suggested", admin(AdoptSuggested));
  router.Post("/admin/catalog/{id}/publish", admin(PublishDraft));
  router.Post("/admin/catalog/{id}/items", admin(SaveItem));
  router.Post("/admin/catalog/{id}/items/{item}/up", admin(MoveItemUp));
  router.Post("/admin/catalog/{id}/items/{item}/down", admin(MoveItemDown));
  router.Post("/admin/catalog/{id}/items/{item}/remove", admin(RemoveItem));
}

}  // namespace zwgk::catalog
