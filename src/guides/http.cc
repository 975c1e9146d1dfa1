// 办事指南 on the web: the public 办事服务 section (/services: browse by
// domain, unit, town and life event, search, one guide with its QR code,
// the forms, the 办事一本通, the published 办事统计), the staff pages
// (/admin/guides) and the API (/api/v1/guides, /api/v1/books). Handlers
// check who may act, call one service method and render; the service
// authorizes again and hides what is not theirs (404).
#include "guides/http.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/form_errors.h"
#include "core/guard.h"
#include "core/json.h"
#include "core/route_binding.h"
#include "core/status.h"
#include "core/text.h"
#include "guides/qr.h"

namespace zwgk::guides {
namespace {

using nlohmann::json;
using web::FormValue;
using web::ParseId;
using web::Request;
using web::Response;
using Form = std::multimap<std::string, std::string>;

// A guide's elements may hold 5000 characters each (about 15 KB of UTF-8,
// three times that percent-encoded): a whole guide fits in 2 MB. Actions
// (submit, review, publish) are small; uploads carry one form or one XLSX.
constexpr size_t kSmallBodyBytes = 16 * 1024;
constexpr size_t kGuideBodyBytes = 2 * 1024 * 1024;
constexpr size_t kEnvelopeBytes = 64 * 1024;  // multipart headers, fields
const JsonLimits kGuideJson{.max_depth = 4, .max_bytes = kGuideBodyBytes};
const JsonLimits kSmallJson{.max_depth = 2, .max_bytes = kSmallBodyBytes};
// Empty rows offered below a guide's materials and steps (forms without
// JavaScript add more by posting 添加一行).
constexpr int kEmptyRows = 2;
constexpr int kMaxQueryChars = 50;

struct Deps {
  Service& service;
  org::Service& org;
  const View& view;
  HttpOptions options;
};

std::string Str(absl::string_view s) { return std::string(s); }

json FieldErrorsJson(const absl::Status& error) {
  json err = json::object();
  for (const auto& [k, v] : GetFieldErrors(error)) err[k] = v;
  return err;
}

// The site's absolute address (feeds do the same): the configured public
// base URL, else the address this request came to.
std::string BaseUrl(const Deps& d, const Request& req) {
  if (!d.options.public_base_url.empty()) {
    std::string base = d.options.public_base_url;
    while (absl::EndsWith(base, "/")) base.pop_back();
    return base;
  }
  const std::string host = req.Header("host");
  return absl::StrCat("http://", host.empty() ? "127.0.0.1:8080" : host);
}

std::string GuideUrl(int64_t id) { return absl::StrCat("/services/", id); }

// Text as lines (设定依据 and 受理条件 are numbered lines).
json Lines(absl::string_view text) {
  json out = json::array();
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (!line.empty()) out.push_back(Str(line));
  }
  return out;
}

std::string DayOf(const std::optional<std::string>& stamp) {
  if (!stamp || stamp->size() < 10) return "";
  return LocalMinute(*stamp).substr(0, 10);
}

// ---------------------------------------------------------------------------
// JSON of a guide, for the API and the pages.

json MaterialJson(const Material& m) {
  return {{"name", m.name},
          {"form", m.form},
          {"copies", m.copies},
          {"required", m.required},
          {"source", m.source},
          {"has_blank", !m.blank_blob.empty()},
          {"has_sample", !m.sample_blob.empty()},
          {"blank_name", m.blank_name},
          {"sample_name", m.sample_name}};
}

json StepJson(const Step& s) {
  return {{"name", s.name},
          {"description", s.description},
          {"time_limit", s.time_limit}};
}

json MissingJson(const std::vector<Missing>& missing) {
  json out = json::array();
  for (const Missing& m : missing)
    out.push_back({{"element", m.element}, {"message", m.message}});
  return out;
}

// The API's shape: elements keyed by their Chinese names.
json GuideJson(const Guide& g, bool staff) {
  json elements = json::object();
  for (const auto& [k, v] : g.elements) elements[k] = v;
  json na = json::object();
  for (const auto& [k, v] : g.not_applicable) na[k] = v;
  json materials = json::array();
  for (size_t i = 0; i < g.materials.size(); ++i) {
    json m = MaterialJson(g.materials[i]);
    if (!g.materials[i].blank_blob.empty())
      m["blank_url"] = absl::StrCat(GuideUrl(g.id), "/forms/", i, "/blank");
    if (!g.materials[i].sample_blob.empty())
      m["sample_url"] = absl::StrCat(GuideUrl(g.id), "/forms/", i, "/sample");
    m.erase("has_blank");
    m.erase("has_sample");
    materials.push_back(std::move(m));
  }
  json steps = json::array();
  for (const Step& s : g.steps) steps.push_back(StepJson(s));
  json j = {{"id", g.id},
            {"service", g.service},
            {"unit", g.unit_name},
            {"unit_id", g.unit_id},
            {"domain", g.domain_name},
            {"domain_id", g.domain_id ? json(*g.domain_id) : json()},
            {"town_id", g.town_id ? json(*g.town_id) : json()},
            {"elements", elements},
            {"not_applicable", na},
            {"materials", materials},
            {"steps", steps},
            {"life_events", g.life_events},
            {"version", g.version},
            {"published_at", g.published_at ? json(*g.published_at) : json()},
            {"url", GuideUrl(g.id)}};
  if (staff) {
    j["state"] = Str(GuideStateName(g.state));
    j["state_label"] = Str(GuideStateLabel(g.state));
    j["missing"] = MissingJson(MissingElements(g));
    j["review_remarks"] = g.review_remarks;
    j["submitted_by"] = g.submitted_by;
    j["reviewed_by"] = g.reviewed_by;
    j["published_by"] = g.published_by;
    j["updated_at"] = g.updated_at;
  }
  return j;
}

// One element as a page shows it: its text, or 不涉及 with the reason.
json ElementView(const Guide& g, const ElementInfo& e) {
  const std::string name = Str(e.name);
  json j = {{"name", name}};
  if (auto it = g.elements.find(name);
      it != g.elements.end() && !it->second.empty()) {
    j["text"] = it->second;
    json lines = Lines(it->second);
    // Several lines of 设定依据 or 受理条件 are numbered; one stays text.
    j["numbered"] = e.multiline && lines.size() > 1;
    j["plain"] = !j["numbered"].get<bool>();
    j["lines"] = std::move(lines);
  } else if (auto na = g.not_applicable.find(name);
             na != g.not_applicable.end()) {
    j["na"] = true;
    j["reason"] = na->second;
  } else {
    j["empty"] = true;
  }
  return j;
}

// ---------------------------------------------------------------------------
// Choices for selects and the browse lists.

struct Choices {
  std::vector<org::Unit> units;  // departments and guiding units
  std::vector<org::Unit> towns;
  std::vector<org::Domain> domains;
};

Choices LoadChoices(org::Service& org) {
  Choices c;
  if (auto units = org.ListUnits(); units.ok())
    for (const org::Unit& u : *units)
      (u.kind == org::UnitKind::kTown ? c.towns : c.units).push_back(u);
  if (auto domains = org.ListDomains(); domains.ok()) c.domains = *domains;
  return c;
}

json Options(const std::vector<std::pair<std::string, std::string>>& opts,
             absl::string_view selected) {
  json out = json::array();
  for (const auto& [value, label] : opts)
    out.push_back(
        {{"value", value}, {"label", label}, {"selected", value == selected}});
  return out;
}

template <typename T>
std::vector<std::pair<std::string, std::string>> IdNames(
    const std::vector<T>& items, absl::string_view none) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!none.empty()) out.emplace_back("", Str(none));
  for (const T& t : items) out.emplace_back(absl::StrCat(t.id), t.name);
  return out;
}

// ---------------------------------------------------------------------------
// Public pages.

// Reads ?domain=&unit=&town=&event=&q= (ids); InvalidArgument names the
// field.
absl::Status ReadPublicFilter(const Request& req, Filter& f) {
  Validator v;
  auto id_of = [&](const char* key, const char* label,
                   std::optional<int64_t>& out) {
    std::string s = req.QueryValue(key).value_or("");
    if (s.empty()) return;
    out = ParseId(s);
    if (!out) v.Add(key, absl::StrCat(label, "有误"));
  };
  id_of("domain", "领域", f.domain_id);
  id_of("unit", "部门", f.unit_id);
  id_of("town", "乡镇", f.town_id);
  f.life_event = req.QueryValue("event").value_or("");
  if (!f.life_event.empty() &&
      std::find(LifeEvents().begin(), LifeEvents().end(),
                absl::string_view(f.life_event)) == LifeEvents().end())
    v.Add("event", "没有这个人生事件");
  f.q = Str(absl::StripAsciiWhitespace(req.QueryValue("q").value_or("")));
  if (Utf8Length(f.q) > kMaxQueryChars)
    v.Add("q", absl::StrCat("关键词最多", kMaxQueryChars, "个字"));
  return v.ToStatus("查询条件有误");
}

json GuideListItem(const Guide& g) {
  return {{"id", g.id},
          {"service", g.service},
          {"url", GuideUrl(g.id)},
          {"unit", g.unit_name},
          {"domain", g.domain_name},
          {"type", g.elements.contains("事项类型") ? g.elements.at("事项类型")
                                                   : std::string()},
          {"events", absl::StrJoin(g.life_events, "、")},
          {"published_on", DayOf(g.published_at)}};
}

Response ServicesIndex(Deps& d, Request& req) {
  Filter f;
  if (absl::Status bad = ReadPublicFilter(req, f); !bad.ok())
    return web::Error(bad);
  int page = 1;
  if (auto p = req.QueryValue("page"); p && !p->empty()) {
    std::optional<int64_t> n = ParseId(*p);
    if (!n || *n > 1000) return web::Error(absl::NotFoundError("页面不存在"));
    page = static_cast<int>(*n);
  }
  f.limit = 50;
  f.offset = (page - 1) * f.limit;
  absl::StatusOr<std::vector<Guide>> guides = d.service.ListPublic(f);
  if (!guides.ok()) return web::Error(guides.status());
  json list = json::array();
  for (const Guide& g : *guides) list.push_back(GuideListItem(g));

  const Choices c = LoadChoices(d.org);
  const std::string domain = req.QueryValue("domain").value_or("");
  const std::string unit = req.QueryValue("unit").value_or("");
  const std::string town = req.QueryValue("town").value_or("");
  json events = json::array();
  for (absl::string_view e : LifeEvents())
    events.push_back(
        {{"name", Str(e)},
         {"url", absl::StrCat("/services?event=", web::UrlEncode(e))},
         {"current", e == f.life_event}});
  auto links = [](const auto& items, const char* key) {
    json out = json::array();
    for (const auto& t : items)
      out.push_back({{"name", t.name},
                     {"url", absl::StrCat("/services?", key, "=", t.id)}});
    return out;
  };
  const bool filtered = f.domain_id || f.unit_id || f.town_id ||
                        !f.life_event.empty() || !f.q.empty();
  // What the list shows, in words ("人生事件：上学").
  std::vector<std::string> what;
  auto name_of = [](const auto& items, std::optional<int64_t> id) {
    for (const auto& t : items)
      if (id && t.id == *id) return t.name;
    return std::string("（未知）");
  };
  if (f.domain_id) what.push_back("领域：" + name_of(c.domains, f.domain_id));
  if (f.unit_id) what.push_back("部门：" + name_of(c.units, f.unit_id));
  if (f.town_id) what.push_back("乡镇：" + name_of(c.towns, f.town_id));
  if (!f.life_event.empty()) what.push_back("人生事件：" + f.life_event);
  if (!f.q.empty()) what.push_back("关键词：" + f.q);
  const std::string query = absl::StrCat(
      "domain=", web::UrlEncode(domain), "&unit=", web::UrlEncode(unit),
      "&town=", web::UrlEncode(town), "&event=", web::UrlEncode(f.life_event),
      "&q=", web::UrlEncode(f.q));
  json ctx = {
      {"guides", list},
      {"has_guides", !list.empty()},
      {"filtered", filtered},
      {"what", absl::StrJoin(what, "；")},
      {"q", f.q},
      {"max_q", kMaxQueryChars},
      {"events", events},
      {"event", f.life_event},
      {"domain_links", links(c.domains, "domain")},
      {"unit_links", links(c.units, "unit")},
      {"town_links", links(c.towns, "town")},
      {"has_towns", !c.towns.empty()},
      {"domains", Options(IdNames(c.domains, "全部领域"), domain)},
      {"units", Options(IdNames(c.units, "全部部门"), unit)},
      {"towns", Options(IdNames(c.towns, "全部乡镇"), town)},
      {"event_options",
       [&] {
         json out = json::array();
         out.push_back({{"value", ""},
                        {"label", "全部人生事件"},
                        {"selected", f.life_event.empty()}});
         for (absl::string_view e : LifeEvents())
           out.push_back({{"value", Str(e)},
                          {"label", Str(e)},
                          {"selected", e == f.life_event}});
         return out;
       }()},
  };
  if (page > 1)
    ctx["prev"] = absl::StrCat("/services?", query, "&page=", page - 1);
  if (static_cast<int>(guides->size()) == f.limit)
    ctx["next"] = absl::StrCat("/services?", query, "&page=", page + 1);
  return d.view.Page(req, "guides/index", ctx,
                     {.title = "办事服务",
                      .breadcrumbs = {{{"name", "办事服务"}, {"url", ""}}}});
}

// The page of one published guide, laid out as it is printed: the
// elements up to 办理时间, the materials, the steps, then the rest.
json GuidePageContext(const Deps& d, const Request& req, const Guide& g,
                      bool staff_preview) {
  json before = json::array(), after = json::array();
  bool past_time = false;
  for (const ElementInfo& e : AllElements()) {
    (past_time ? after : before).push_back(ElementView(g, e));
    if (e.name == "办理时间") past_time = true;
  }
  json materials = json::array();
  for (size_t i = 0; i < g.materials.size(); ++i) {
    json m = MaterialJson(g.materials[i]);
    m["number"] = i + 1;
    m["copies_text"] = absl::StrCat(g.materials[i].copies, "份");
    m["required_text"] = g.materials[i].required ? "必需" : "非必需";
    if (!staff_preview) {
      m["blank_url"] = absl::StrCat(GuideUrl(g.id), "/forms/", i, "/blank");
      m["sample_url"] = absl::StrCat(GuideUrl(g.id), "/forms/", i, "/sample");
    }
    materials.push_back(std::move(m));
  }
  json steps = json::array();
  for (size_t i = 0; i < g.steps.size(); ++i) {
    json s = StepJson(g.steps[i]);
    s["number"] = i + 1;
    steps.push_back(std::move(s));
  }
  const std::string url = absl::StrCat(BaseUrl(d, req), GuideUrl(g.id));
  absl::StatusOr<std::string> qr =
      QrSvg(url, {.module_px = 3, .label = "扫码在手机上查看本指南"});
  return {{"g",
           {{"id", g.id},
            {"service", g.service},
            {"unit", g.unit_name},
            {"domain", g.domain_name},
            {"events", absl::StrJoin(g.life_events, "、")},
            {"version", g.version},
            {"published_on", DayOf(g.published_at)}}},
          {"before", before},
          {"after", after},
          {"materials", materials},
          {"has_materials", !materials.empty()},
          {"steps", steps},
          {"has_steps", !steps.empty()},
          {"url", url},
          {"qr", qr.ok() ? *qr : std::string()},
          {"preview", staff_preview}};
}

Response ServiceShow(Deps& d, Request& req) {
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("办事指南不存在或未发布"));
  absl::StatusOr<Guide> g = d.service.GetPublic(*id);
  if (!g.ok()) return web::Error(g.status());
  return d.view.Page(
      req, "guides/show", GuidePageContext(d, req, *g, false),
      {.title = g->service,
       .breadcrumbs = {{{"name", "办事服务"}, {"url", "/services"}},
                       {{"name", g->service}, {"url", ""}}},
       .meta = {.column_name = "办事服务",
                .column_type = "办事服务",
                .article =
                    ArticleMeta{.title = g->service,
                                .published_at = g->published_at.value_or(""),
                                .source = g->unit_name,
                                .keywords = absl::StrJoin(g->life_events, ","),
                                .text = g->elements.contains("受理条件")
                                            ? g->elements.at("受理条件")
                                            : g->service,
                                .url = absl::StrCat("/services/", *id)}}});
}

Response FormDownload(Deps& d, Request& req) {
  std::optional<int64_t> id = ParseId(req.Param("id"));
  const std::string index_text = req.Param("index");
  std::optional<int64_t> index =
      index_text == "0" ? std::optional<int64_t>(0) : ParseId(index_text);
  const std::string kind = req.Param("kind");
  if (!id || !index || *index > 1000 || (kind != "blank" && kind != "sample"))
    return web::Error(absl::NotFoundError("表格不存在"));
  // The public reads the forms of published guides only.
  const Actor visitor;
  absl::StatusOr<FormFile> f =
      d.service.FormBytes(req.principal ? *req.principal : visitor, *id,
                          static_cast<int>(*index), kind);
  if (!f.ok()) return web::Error(f.status());
  return web::Download(std::move(f->bytes), f->content_type, f->file_name);
}

// A book's scope and id from the request: NotFound for an unknown scope,
// InvalidArgument for a missing id.
absl::StatusOr<std::pair<BookScope, std::optional<int64_t>>> ReadScope(
    absl::string_view scope_text, const Request& req) {
  std::optional<BookScope> scope = ParseBookScope(scope_text);
  if (!scope)
    return InvalidFields("范围有误",
                         {{"scope", "范围应为 county、domain、unit 或 town"}});
  std::optional<int64_t> id;
  if (*scope != BookScope::kCounty) {
    id = ParseId(req.QueryValue("id").value_or(""));
    if (!id)
      return InvalidFields("缺少编号",
                           {{"id", "按领域、部门或乡镇编印时需给出其编号"}});
  }
  return std::make_pair(*scope, id);
}

absl::StatusOr<Paper> ReadPaper(const Request& req) {
  const std::string p = req.QueryValue("paper").value_or("a4");
  if (p == "a4" || p == "A4") return Paper::kA4;
  if (p == "a5" || p == "A5") return Paper::kA5;
  return InvalidFields("纸张有误", {{"paper", "纸张应为 a4 或 a5"}});
}

Response PdfResponse(const Book& b, Paper paper) {
  return web::Download(
      b.bytes, "application/pdf",
      absl::StrCat(b.title, paper == Paper::kA5 ? "（A5）" : "", ".pdf"));
}

// /services/books/{county|domain|unit|town}.{pdf|html}
Response BookFile(Deps& d, Request& req) {
  const std::string file = req.Param("file");
  const size_t dot = file.rfind('.');
  if (dot == std::string::npos)
    return web::Error(absl::NotFoundError("没有这本办事一本通"));
  const std::string ext = file.substr(dot + 1);
  if (!ParseBookScope(file.substr(0, dot)))
    return web::Error(absl::NotFoundError("没有这本办事一本通"));
  auto scope = ReadScope(file.substr(0, dot), req);
  if (!scope.ok()) return web::Error(scope.status());
  if (ext == "pdf") {
    absl::StatusOr<Paper> paper = ReadPaper(req);
    if (!paper.ok()) return web::Error(paper.status());
    absl::StatusOr<Book> b =
        d.service.BookPdf(scope->first, scope->second, *paper);
    if (!b.ok()) return web::Error(b.status());
    return PdfResponse(*b, *paper);
  }
  if (ext == "html") {
    absl::StatusOr<Book> b = d.service.BookHtml(scope->first, scope->second);
    if (!b.ok()) return web::Error(b.status());
    // A self-contained page: its print styles are inline, and it runs no
    // script at all.
    return web::Html(b->bytes).WithHeader(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
        "font-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'self'");
  }
  return web::Error(absl::NotFoundError("没有这本办事一本通"));
}

// The books: the county's, then one per domain, unit and town that has
// published guides, each with its edition date (the newest publication).
Response BooksPage(Deps& d, Request& req) {
  absl::StatusOr<std::vector<Guide>> guides =
      d.service.ListPublic({.limit = 5000});
  if (!guides.ok()) return web::Error(guides.status());
  struct Entry {
    std::string name;
    int count = 0;
    std::string edition;
  };
  std::map<int64_t, Entry> domains, units, towns;
  Entry county{.name = "全县"};
  auto add = [](Entry& e, const std::string& name, const Guide& g) {
    if (e.name.empty()) e.name = name;
    ++e.count;
    e.edition = std::max(e.edition, DayOf(g.published_at));
  };
  const Choices c = LoadChoices(d.org);
  std::map<int64_t, std::string> town_names;
  for (const org::Unit& t : c.towns) town_names[t.id] = t.name;
  for (const Guide& g : *guides) {
    add(county, "全县", g);
    if (g.domain_id) add(domains[*g.domain_id], g.domain_name + "领域", g);
    add(units[g.unit_id], g.unit_name, g);
    if (g.town_id) add(towns[*g.town_id], town_names[*g.town_id], g);
  }
  auto rows = [](const std::map<int64_t, Entry>& m, absl::string_view scope) {
    json out = json::array();
    for (const auto& [id, e] : m) {
      const std::string q = absl::StrCat("?id=", id);
      out.push_back(
          {{"name", e.name},
           {"count", e.count},
           {"edition", e.edition},
           {"a4",
            absl::StrCat("/services/books/", scope, ".pdf", q, "&paper=a4")},
           {"a5",
            absl::StrCat("/services/books/", scope, ".pdf", q, "&paper=a5")},
           {"html", absl::StrCat("/services/books/", scope, ".html", q)}});
    }
    return out;
  };
  json ctx = {
      {"county",
       {{"count", county.count},
        {"edition", county.edition},
        {"a4", "/services/books/county.pdf?paper=a4"},
        {"a5", "/services/books/county.pdf?paper=a5"},
        {"html", "/services/books/county.html"}}},
      {"has_guides", county.count > 0},
      {"domains", rows(domains, "domain")},
      {"units", rows(units, "unit")},
      {"towns", rows(towns, "town")},
      {"has_towns", !towns.empty()},
      {"has_domains", !domains.empty()},
  };
  return d.view.Page(
      req, "guides/books", ctx,
      {.title = "办事一本通",
       .breadcrumbs = {{{"name", "办事服务"}, {"url", "/services"}},
                       {{"name", "办事一本通"}, {"url", ""}}}});
}

std::string Percent(int64_t part, int64_t whole) {
  if (whole <= 0) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%",
                100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

absl::StatusOr<int> ReadYear(const Request& req, const Clock& clock) {
  int year = static_cast<int>(Today(clock).year());
  if (auto y = req.QueryValue("year"); y && !y->empty()) {
    std::optional<int64_t> parsed = ParseId(*y);
    if (!parsed || *parsed < 2000 || *parsed > 2100)
      return InvalidFields("年份有误",
                           {{"year", "年份应为2000–2100之间的整数"}});
    year = static_cast<int>(*parsed);
  }
  return year;
}

json StatsRows(const std::vector<MonthlyStats>& stats) {
  json rows = json::array();
  for (const MonthlyStats& s : stats)
    rows.push_back({{"unit", s.unit_name},
                    {"month", absl::StrCat(s.year, "年", s.month, "月")},
                    {"received", s.received},
                    {"handled", s.handled},
                    {"on_time", s.on_time},
                    {"rate", Percent(s.on_time, s.handled)}});
  return rows;
}

// 办事统计: by unit and month, as entered or imported by the units.
Response StatsPage(Deps& d, Request& req) {
  absl::StatusOr<int> year = ReadYear(req, d.service.clock());
  if (!year.ok()) return web::Error(year.status());
  absl::StatusOr<std::vector<MonthlyStats>> stats =
      d.service.ListStats(*year, std::nullopt);
  if (!stats.ok()) return web::Error(stats.status());
  MonthlyStats total;
  for (const MonthlyStats& s : *stats) {
    total.received += s.received;
    total.handled += s.handled;
    total.on_time += s.on_time;
  }
  json ctx = {{"year", *year},
              {"prev_year", *year - 1},
              {"next_year", *year + 1},
              {"rows", StatsRows(*stats)},
              {"has_rows", !stats->empty()},
              {"total",
               {{"received", total.received},
                {"handled", total.handled},
                {"on_time", total.on_time},
                {"rate", Percent(total.on_time, total.handled)}}}};
  return d.view.Page(
      req, "guides/stats", ctx,
      {.title = absl::StrCat(*year, "年办事统计"),
       .breadcrumbs = {{{"name", "办事服务"}, {"url", "/services"}},
                       {{"name", "办事统计"}, {"url", ""}}}});
}

// ---------------------------------------------------------------------------
// Staff pages.

absl::string_view DoneText(absl::string_view done) {
  if (done == "created") return "办事指南已创建，请补全缺少的要素后提交审核。";
  if (done == "saved") return "已保存。";
  if (done == "submitted") return "已提交审核。";
  if (done == "approved") return "已审核通过，可以发布。";
  if (done == "returned") return "已退回修改。";
  if (done == "published") return "已发布，公众可在“办事服务”中查看。";
  if (done == "withdrawn") return "已撤回，公众不再能看到。";
  if (done == "form") return "表格已上传。";
  if (done == "stats") return "办事统计已保存。";
  return "";
}

Response AdminList(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const Actor& actor = *req.principal;
  Filter f{.limit = 500};
  const std::string state = req.QueryValue("state").value_or("");
  std::vector<std::pair<std::string, std::string>> states = {{"", "全部状态"}};
  for (GuideState s :
       {GuideState::kDraft, GuideState::kSubmitted, GuideState::kReviewed,
        GuideState::kPublished, GuideState::kWithdrawn}) {
    states.emplace_back(Str(GuideStateName(s)), Str(GuideStateLabel(s)));
    if (state == GuideStateName(s)) f.state = s;
  }
  if (!state.empty() && !f.state)
    return web::Error(InvalidFields("状态有误", {{"state", "没有这个状态"}}));
  f.q = req.QueryValue("q").value_or("");
  if (Utf8Length(f.q) > kMaxQueryChars)
    return web::Error(InvalidFields(
        "关键词过长",
        {{"q", absl::StrCat("关键词最多", kMaxQueryChars, "个字")}}));
  absl::StatusOr<std::vector<Guide>> guides = d.service.List(actor, f);
  if (!guides.ok()) return web::Error(guides.status());
  json list = json::array();
  int incomplete = 0;
  for (const Guide& g : *guides) {
    const std::vector<Missing> missing = MissingElements(g);
    std::vector<std::string> names;
    for (const Missing& m : missing) names.push_back(m.element);
    incomplete += !missing.empty();
    list.push_back(
        {{"id", g.id},
         {"service", g.service.empty() ? "（未填事项名称）" : g.service},
         {"url", absl::StrCat("/admin/guides/", g.id)},
         {"unit", g.unit_name},
         {"domain", g.domain_name},
         {"state", Str(GuideStateName(g.state))},
         {"state_label", Str(GuideStateLabel(g.state))},
         {"missing", absl::StrJoin(names, "、")},
         {"complete", missing.empty()},
         {"version", g.version},
         {"updated", LocalMinute(g.updated_at)}});
  }
  json ctx = {{"guides", list},
              {"has_guides", !list.empty()},
              {"incomplete", incomplete > 0 ? json(incomplete) : json()},
              {"states", Options(states, state)},
              {"q", f.q},
              {"is_admin", IsAdmin(actor)}};
  return d.view.Page(req, "guides/admin_list", ctx,
                     {.title = "办事指南",
                      .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                                      {{"name", "办事指南"}, {"url", ""}}}});
}

// --- The edit form ---------------------------------------------------------
//
// Field names: el_<i> (element i of AllElements), na_<i> (不涉及) and
// nar_<i> (its reason); materials m_<field>_<row>, steps s_<field>_<row>;
// life_event (repeated). "more" = materials | steps posts the form back
// with one more empty row, saving nothing.

std::string ElKey(size_t i, absl::string_view prefix) {
  return absl::StrCat(prefix, "_", i);
}

GuideInput InputOf(const Guide& g) {
  GuideInput in{.service = g.service,
                .unit = absl::StrCat(g.unit_id),
                .domain = g.domain_id ? absl::StrCat(*g.domain_id) : "",
                .town = g.town_id ? absl::StrCat(*g.town_id) : "",
                .elements = g.elements,
                .not_applicable = g.not_applicable,
                .materials = g.materials,
                .steps = g.steps,
                .life_events = g.life_events};
  if (!in.service.empty()) in.elements["事项名称"] = in.service;
  return in;
}

// The rows posted (at most `max`); rows with every field empty dropped.
int RowCount(const Form& f, absl::string_view prefix) {
  int n = 0;
  for (const auto& [k, v] : f)
    if (absl::StartsWith(k, prefix)) {
      std::optional<int64_t> i = k.substr(k.rfind('_') + 1) == "0"
                                     ? std::optional<int64_t>(0)
                                     : ParseId(k.substr(k.rfind('_') + 1));
      if (i && *i < 200) n = std::max(n, static_cast<int>(*i) + 1);
    }
  return n;
}

GuideInput InputFromForm(const Form& f) {
  GuideInput in{.unit = FormValue(f, "unit"),
                .domain = FormValue(f, "domain"),
                .town = FormValue(f, "town")};
  const auto& all = AllElements();
  for (size_t i = 0; i < all.size(); ++i) {
    const std::string name = Str(all[i].name);
    std::string text = FormValue(f, ElKey(i, "el"));
    if (FormValue(f, ElKey(i, "na")) == "1") {
      in.not_applicable[name] = FormValue(f, ElKey(i, "nar"));
    } else if (!absl::StripAsciiWhitespace(text).empty()) {
      in.elements[name] = std::move(text);
    }
  }
  if (auto it = in.elements.find("事项名称"); it != in.elements.end())
    in.service = Str(absl::StripAsciiWhitespace(it->second));
  const int materials = RowCount(f, "m_name_");
  for (int i = 0; i < materials; ++i) {
    Material m{.name = FormValue(f, absl::StrCat("m_name_", i)),
               .form = FormValue(f, absl::StrCat("m_form_", i)),
               .required = FormValue(f, absl::StrCat("m_required_", i)) != "0",
               .source = FormValue(f, absl::StrCat("m_source_", i))};
    const std::string copies = FormValue(f, absl::StrCat("m_copies_", i));
    std::optional<int64_t> n = ParseId(copies);
    m.copies = n && *n < 100 ? static_cast<int>(*n) : 1;
    if (absl::StripAsciiWhitespace(m.name).empty() && m.source.empty())
      continue;
    in.materials.push_back(std::move(m));
  }
  const int steps = RowCount(f, "s_name_");
  for (int i = 0; i < steps; ++i) {
    Step s{.name = FormValue(f, absl::StrCat("s_name_", i)),
           .description = FormValue(f, absl::StrCat("s_desc_", i)),
           .time_limit = FormValue(f, absl::StrCat("s_time_", i))};
    if (absl::StripAsciiWhitespace(s.name).empty() &&
        absl::StripAsciiWhitespace(s.description).empty())
      continue;
    in.steps.push_back(std::move(s));
  }
  for (const auto& [k, v] : f)
    if (k == "life_event") in.life_events.push_back(v);
  return in;
}

// The field an error key belongs to: an element by its Chinese name (or
// "elements.<name>"), a material or step row, or a plain field.
std::string FieldIdFor(absl::string_view key) {
  absl::string_view name = key;
  absl::ConsumePrefix(&name, "elements.");
  absl::ConsumePrefix(&name, "not_applicable.");
  const auto& all = AllElements();
  for (size_t i = 0; i < all.size(); ++i)
    if (all[i].name == name) return absl::StrCat("el-", i);
  if (absl::StartsWith(key, "materials") || key == "申请材料")
    return "materials";
  if (absl::StartsWith(key, "steps") || key == "办理流程") return "steps";
  if (key == "service") return absl::StrCat("el-0");
  if (key == "file") return "form-file";
  if (key == "index") return "form-index";
  if (key == "life_events") return "life-events";
  return std::string(key);
}

json ErrorSummaryFor(const absl::Status& error, absl::string_view heading) {
  if (error.ok()) return json();
  // Every key the error names, in the form's order.
  const FieldErrors errors = GetFieldErrors(error);
  std::vector<std::string> keys, ids;
  std::vector<std::pair<std::string, std::string>> ordered;
  const std::vector<std::string> order_prefix = {"unit", "domain", "town"};
  std::map<std::string, int> rank;
  for (const auto& [k, _] : errors) {
    const std::string id = FieldIdFor(k);
    int r = 1000;
    if (id == "unit") r = 0;
    if (id == "domain") r = 1;
    if (id == "town") r = 2;
    if (absl::StartsWith(id, "el-")) r = 10 + std::stoi(id.substr(3));
    if (id == "materials") r = 500;
    if (id == "steps") r = 501;
    ordered.emplace_back(k, id);
    rank[k] = r;
  }
  std::stable_sort(ordered.begin(), ordered.end(),
                   [&](const auto& a, const auto& b) {
                     return rank[a.first] < rank[b.first];
                   });
  std::vector<FormField> form;
  for (const auto& [k, id] : ordered) form.push_back({k, id});
  return ErrorSummary(error, form, {.heading = heading});
}

// Messages by field id (an element may be named two ways).
std::map<std::string, std::string> ErrorsById(const absl::Status& error) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : GetFieldErrors(error)) {
    std::string& slot = out[FieldIdFor(k)];
    slot = slot.empty() ? v : absl::StrCat(slot, "；", v);
  }
  return out;
}

struct EditState {
  const Guide* guide = nullptr;  // nullptr: a new guide
  GuideInput in;
  absl::Status error;
  // The action refused (submit, review, …) rather than the form.
  absl::Status action_error;
  int extra_materials = 0, extra_steps = 0;
  absl::string_view heading = "办事指南未保存，请修改以下内容";
};

Response EditPage(Deps& d, Request& req, const EditState& s) {
  req.cache_key.clear();
  const Actor& actor = *req.principal;
  const auto errs = ErrorsById(s.error);
  auto err = [&](const std::string& id) -> json {
    auto it = errs.find(id);
    return it == errs.end() ? json() : json(it->second);
  };
  const auto& all = AllElements();
  json elements = json::array();
  for (size_t i = 0; i < all.size(); ++i) {
    const std::string name = Str(all[i].name);
    auto text = s.in.elements.find(name);
    auto na = s.in.not_applicable.find(name);
    elements.push_back(
        {{"name", name},
         {"id", absl::StrCat("el-", i)},
         {"field", ElKey(i, "el")},
         {"na_field", ElKey(i, "na")},
         {"nar_field", ElKey(i, "nar")},
         {"text", text == s.in.elements.end() ? "" : text->second},
         {"na", na != s.in.not_applicable.end()},
         {"reason", na == s.in.not_applicable.end() ? "" : na->second},
         {"multiline", all[i].multiline},
         {"key", all[i].key},
         {"can_na", all[i].key && name != "事项名称"},
         {"error", err(absl::StrCat("el-", i))}});
  }
  json materials = json::array();
  const int mrows =
      static_cast<int>(s.in.materials.size()) + kEmptyRows + s.extra_materials;
  for (int i = 0; i < mrows; ++i) {
    const bool has = i < static_cast<int>(s.in.materials.size());
    const Material m = has ? s.in.materials[i] : Material{};
    materials.push_back(
        {{"i", i},
         {"number", i + 1},
         {"name", m.name},
         {"copies", has ? m.copies : 1},
         {"source", m.source},
         {"blank", m.blank_blob},
         {"sample", m.sample_blob},
         {"required", m.required},
         {"forms", [&] {
            json out = json::array();
            for (const char* f : {"原件", "复印件", "原件及复印件", "电子"})
              out.push_back({{"value", f}, {"selected", m.form == f}});
            return out;
          }()}});
  }
  json steps = json::array();
  const int srows =
      static_cast<int>(s.in.steps.size()) + kEmptyRows + s.extra_steps;
  for (int i = 0; i < srows; ++i) {
    const Step st =
        i < static_cast<int>(s.in.steps.size()) ? s.in.steps[i] : Step{};
    steps.push_back({{"i", i},
                     {"number", i + 1},
                     {"name", st.name},
                     {"description", st.description},
                     {"time_limit", st.time_limit}});
  }
  json events = json::array();
  for (absl::string_view e : LifeEvents())
    events.push_back(
        {{"name", Str(e)},
         {"checked", std::find(s.in.life_events.begin(), s.in.life_events.end(),
                               e) != s.in.life_events.end()}});
  const Choices c = LoadChoices(d.org);
  std::vector<org::Unit> mine;
  for (const org::Unit& u : c.units)
    if (ActsForUnit(actor, u.id)) mine.push_back(u);
  for (const org::Unit& u : c.towns)
    if (ActsForUnit(actor, u.id)) mine.push_back(u);

  // What is still missing, named, from what the form holds now.
  Guide shown;
  if (s.guide) shown = *s.guide;
  shown.service = s.in.service;
  shown.elements = s.in.elements;
  shown.not_applicable = s.in.not_applicable;
  shown.materials = s.in.materials;
  shown.steps = s.in.steps;
  const std::vector<Missing> missing = MissingElements(shown);
  json missing_list = json::array();
  for (const Missing& m : missing)
    missing_list.push_back(
        {{"element", m.element},
         {"message", m.message},
         {"href", absl::StrCat("#", FieldIdFor(m.element))}});

  json ctx = {
      {"csrf_token", req.csrf_token},
      {"is_new", s.guide == nullptr},
      {"action", s.guide ? absl::StrCat("/admin/guides/", s.guide->id)
                         : std::string("/admin/guides/new")},
      {"elements", elements},
      {"materials", materials},
      {"steps", steps},
      {"events", events},
      {"units",
       Options(IdNames(mine, mine.size() == 1 ? "" : "请选择"), s.in.unit)},
      {"domains", Options(IdNames(c.domains, "不属于试点领域"), s.in.domain)},
      {"towns", Options(IdNames(c.towns, "县级（不属于乡镇）"), s.in.town)},
      {"err",
       {{"unit", err("unit")},
        {"domain", err("domain")},
        {"town", err("town")},
        {"materials", err("materials")},
        {"steps", err("steps")},
        {"life_events", err("life-events")}}},
      {"error_summary", ErrorSummaryFor(s.error, s.heading)},
      {"missing", missing_list},
      {"has_missing", !missing.empty()},
      {"missing_names",
       [&] {
         std::vector<std::string> names;
         for (const Missing& m : missing) names.push_back(m.element);
         return absl::StrJoin(names, "、");
       }()},
  };
  if (!s.action_error.ok()) ctx["action_error"] = Str(s.action_error.message());
  if (s.guide) {
    const Guide& g = *s.guide;
    const bool reviewer = IsAdmin(actor) || actor.role == Role::kUnitReviewer;
    ctx["g"] = {{"id", g.id},
                {"state_label", Str(GuideStateLabel(g.state))},
                {"version", g.version > 0 ? json(g.version) : json()},
                {"review_remarks", g.review_remarks},
                {"public_url", GuideUrl(g.id)},
                {"published", g.published_at.has_value()}};
    ctx["can_submit"] =
        g.state == GuideState::kDraft || g.state == GuideState::kWithdrawn;
    ctx["can_review"] = g.state == GuideState::kSubmitted && reviewer;
    ctx["can_publish"] = g.state == GuideState::kReviewed && reviewer;
    ctx["can_withdraw"] = g.state == GuideState::kPublished && reviewer;
    json saved = json::array();
    for (size_t i = 0; i < g.materials.size(); ++i)
      saved.push_back({{"i", i},
                       {"name", g.materials[i].name},
                       {"blank_name", g.materials[i].blank_name},
                       {"sample_name", g.materials[i].sample_name}});
    ctx["saved_materials"] = saved;
    ctx["has_saved_materials"] = !saved.empty();
    if (auto done = req.QueryValue("done")) {
      absl::string_view text = DoneText(*done);
      if (!text.empty()) ctx["done"] = Str(text);
    }
  }
  const std::string title =
      s.guide ? absl::StrCat("办事指南：", s.guide->service.empty()
                                               ? "（未命名）"
                                               : s.guide->service)
              : "新建办事指南";
  const absl::Status& shown_error = s.error.ok() ? s.action_error : s.error;
  return d.view.Page(
      req, "guides/admin_edit", ctx,
      {.title = title,
       .status = shown_error.ok() ? 200 : web::HttpStatus(shown_error.code()),
       .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                       {{"name", "办事指南"}, {"url", "/admin/guides"}},
                       {{"name", s.guide ? "编辑" : "新建"}, {"url", ""}}}});
}

Response AdminNew(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  EditState s;
  if (req.principal->unit_id) s.in.unit = absl::StrCat(*req.principal->unit_id);
  return EditPage(d, req, s);
}

// "添加一行" posts the form back: shown again with one more empty row.
bool WantsMoreRows(const Form& f, EditState& s) {
  const std::string more = FormValue(f, "more");
  if (more == "materials") s.extra_materials = 1;
  if (more == "steps") s.extra_steps = 1;
  return !more.empty();
}

bool ShownOnForm(const absl::Status& s) {
  return absl::IsInvalidArgument(s) || absl::IsFailedPrecondition(s) ||
         absl::IsPermissionDenied(s);
}

Response AdminCreate(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const Form f = req.Form();
  EditState s{.in = InputFromForm(f)};
  if (WantsMoreRows(f, s)) return EditPage(d, req, s);
  absl::StatusOr<Guide> g = d.service.Create(*req.principal, s.in);
  if (g.ok())
    return web::Redirect(
        absl::StrCat("/admin/guides/", g->id, "?done=created"));
  if (!ShownOnForm(g.status())) return web::Error(g.status());
  s.error = g.status();
  return EditPage(d, req, s);
}

absl::StatusOr<Guide> LoadGuide(Deps& d, const Request& req) {
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return absl::NotFoundError("办事指南不存在");
  return d.service.Get(*req.principal, *id);
}

Response AdminShow(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  absl::StatusOr<Guide> g = LoadGuide(d, req);
  if (!g.ok()) return web::Error(g.status());
  return EditPage(d, req, {.guide = &*g, .in = InputOf(*g)});
}

// The guide as the public page will show and print it, before publishing.
Response AdminPreview(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  absl::StatusOr<Guide> g = LoadGuide(d, req);
  if (!g.ok()) return web::Error(g.status());
  return d.view.Page(
      req, "guides/show", GuidePageContext(d, req, *g, true),
      {.title = absl::StrCat("预览：", g->service),
       .breadcrumbs = {{{"name", "办事指南"}, {"url", "/admin/guides"}},
                       {{"name", g->service},
                        {"url", absl::StrCat("/admin/guides/", g->id)}},
                       {{"name", "预览"}, {"url", ""}}}});
}

Response AdminSave(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  absl::StatusOr<Guide> g = LoadGuide(d, req);
  if (!g.ok()) return web::Error(g.status());
  const Form f = req.Form();
  EditState s{.guide = &*g, .in = InputFromForm(f)};
  if (WantsMoreRows(f, s)) return EditPage(d, req, s);
  absl::StatusOr<Guide> saved = d.service.Update(*req.principal, g->id, s.in);
  if (saved.ok())
    return web::Redirect(absl::StrCat("/admin/guides/", g->id, "?done=saved"));
  if (!ShownOnForm(saved.status())) return web::Error(saved.status());
  s.error = saved.status();
  return EditPage(d, req, s);
}

// One workflow action from the edit page: post/redirect/get on success; the
// page again with the refusal (naming what is missing) otherwise.
template <typename Act>
Response WorkflowAction(Deps& d, Request& req, Act act) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  absl::StatusOr<Guide> g = LoadGuide(d, req);
  if (!g.ok()) return web::Error(g.status());
  absl::StatusOr<std::string> done = act(*req.principal, g->id, req.Form());
  if (done.ok())
    return web::Redirect(
        absl::StrCat("/admin/guides/", g->id, "?done=", *done));
  if (!ShownOnForm(done.status())) return web::Error(done.status());
  absl::StatusOr<Guide> now = d.service.Get(*req.principal, g->id);
  if (!now.ok()) return web::Error(now.status());
  // A refusal naming elements is shown beside them too.
  EditState st{.guide = &*now, .in = InputOf(*now)};
  if (GetFieldErrors(done.status()).empty()) {
    st.action_error = done.status();
  } else {
    st.error = done.status();
    st.heading = "未完成，请修改以下内容";
  }
  return EditPage(d, req, st);
}

Response AdminSubmit(Deps& d, Request& req) {
  return WorkflowAction(
      d, req,
      [&](const Actor& a, int64_t id,
          const Form&) -> absl::StatusOr<std::string> {
        ZWGK_RETURN_IF_ERROR(d.service.Submit(a, id).status());
        return std::string("submitted");
      });
}

Response AdminReview(Deps& d, Request& req) {
  return WorkflowAction(
      d, req,
      [&](const Actor& a, int64_t id,
          const Form& f) -> absl::StatusOr<std::string> {
        const std::string outcome = FormValue(f, "outcome");
        if (outcome != "approved" && outcome != "returned")
          return InvalidFields("请选择审核结果",
                               {{"outcome", "请选择通过或退回修改"}});
        ZWGK_RETURN_IF_ERROR(d.service
                                 .Review(a, id,
                                         {.approve = outcome == "approved",
                                          .remarks = FormValue(f, "remarks")})
                                 .status());
        return outcome;
      });
}

Response AdminPublish(Deps& d, Request& req) {
  return WorkflowAction(
      d, req,
      [&](const Actor& a, int64_t id,
          const Form&) -> absl::StatusOr<std::string> {
        ZWGK_RETURN_IF_ERROR(d.service.Publish(a, id).status());
        return std::string("published");
      });
}

Response AdminWithdraw(Deps& d, Request& req) {
  return WorkflowAction(
      d, req,
      [&](const Actor& a, int64_t id,
          const Form& f) -> absl::StatusOr<std::string> {
        ZWGK_RETURN_IF_ERROR(d.service.Withdraw(a, id, FormValue(f, "reason")));
        return std::string("withdrawn");
      });
}

// The first uploaded file part named `name`, if any.
const web::FormPart* FilePart(const std::vector<web::FormPart>& parts,
                              absl::string_view name) {
  for (const web::FormPart& p : parts)
    if (p.name == name && !p.filename.empty()) return &p;
  return nullptr;
}

// A blank or sample form for one material (multipart: index, kind, file).
Response AdminForm(Deps& d, Request& req) {
  return WorkflowAction(
      d, req,
      [&](const Actor& a, int64_t id,
          const Form& f) -> absl::StatusOr<std::string> {
        const std::vector<web::FormPart> parts = req.Parts();
        const web::FormPart* file = FilePart(parts, "file");
        if (!file)
          return InvalidFields("请选择文件", {{"file", "请选择要上传的表格"}});
        const std::string index_text = FormValue(f, "index");
        std::optional<int64_t> index =
            index_text == "0" ? std::optional<int64_t>(0) : ParseId(index_text);
        const std::string kind = FormValue(f, "kind");
        if (!index || *index > 1000 || (kind != "blank" && kind != "sample"))
          return InvalidFields("请选择材料和表格种类",
                               {{"index", "请选择材料和空白表格或示例样表"}});
        ZWGK_RETURN_IF_ERROR(
            d.service
                .AttachForm(a, id, static_cast<int>(*index), kind,
                            {.file_name = file->filename,
                             .content_type = file->content_type,
                             .bytes = file->data})
                .status());
        return std::string("form");
      });
}

// --- Import, export, statistics ---------------------------------------------

Response ImportPage(Deps& d, Request& req, const ImportSummary* summary,
                    const absl::Status& error) {
  json ctx = {{"csrf_token", req.csrf_token},
              {"error", error.ok() ? json() : json(Str(error.message()))}};
  if (summary) {
    ctx["done"] = true;
    ctx["created"] = summary->created;
    ctx["updated"] = summary->updated;
    ctx["problems"] = summary->problems;
    ctx["has_problems"] = !summary->problems.empty();
  }
  return d.view.Page(
      req, "guides/admin_import", ctx,
      {.title = "导入办事指南",
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                       {{"name", "办事指南"}, {"url", "/admin/guides"}},
                       {{"name", "导入"}, {"url", ""}}}});
}

Response AdminImportGet(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  return ImportPage(d, req, nullptr, absl::OkStatus());
}

Response AdminImportPost(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const std::vector<web::FormPart> parts = req.Parts();
  const web::FormPart* file = FilePart(parts, "file");
  if (!file)
    return ImportPage(d, req, nullptr,
                      absl::InvalidArgumentError("请选择要导入的 XLSX 文件"));
  absl::StatusOr<ImportSummary> s =
      d.service.ImportXlsx(*req.principal, file->data);
  if (!s.ok()) {
    if (!ShownOnForm(s.status())) return web::Error(s.status());
    return ImportPage(d, req, nullptr, s.status());
  }
  return ImportPage(d, req, &*s, absl::OkStatus());
}

Response AdminExport(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  absl::StatusOr<std::string> x =
      d.service.ExportXlsx(*req.principal, {.limit = 5000});
  if (!x.ok()) return web::Error(x.status());
  return web::Download(
      std::move(*x),
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      absl::StrCat("办事指南-", FormatDate(Today(d.service.clock())), ".xlsx"));
}

Response StatsAdminPage(Deps& d, Request& req, const Form& values,
                        const absl::Status& error,
                        const ImportSummary* summary) {
  req.cache_key.clear();
  const Actor& actor = *req.principal;
  const absl::CivilDay today = Today(d.service.clock());
  const absl::CivilMonth last_month = absl::CivilMonth(today) - 1;
  auto value = [&](const char* key, std::string fallback) {
    std::string v = FormValue(values, key);
    return v.empty() ? fallback : v;
  };
  const Choices c = LoadChoices(d.org);
  std::vector<org::Unit> mine;
  for (const auto* list : {&c.units, &c.towns})
    for (const org::Unit& u : *list)
      if (ActsForUnit(actor, u.id)) mine.push_back(u);
  const std::string unit = value(
      "unit", actor.unit_id ? absl::StrCat(*actor.unit_id) : std::string());
  absl::StatusOr<std::vector<MonthlyStats>> stats =
      d.service.ListStats(static_cast<int>(today.year()),
                          IsAdmin(actor) ? std::nullopt : actor.unit_id);
  json ctx = {
      {"csrf_token", req.csrf_token},
      {"units", Options(IdNames(mine, mine.size() == 1 ? "" : "请选择"), unit)},
      {"v",
       {{"year", value("year", absl::StrCat(last_month.year()))},
        {"month", value("month", absl::StrCat(last_month.month()))},
        {"received", FormValue(values, "received")},
        {"handled", FormValue(values, "handled")},
        {"on_time", FormValue(values, "on_time")}}},
      {"err", FieldErrorsJson(error)},
      {"error_summary", ErrorSummary(error,
                                     {{"unit"},
                                      {"year"},
                                      {"month"},
                                      {"received"},
                                      {"handled"},
                                      {"on_time"},
                                      {"stats", "received"},
                                      {"file"}},
                                     {.heading = "办事统计未保存"})},
      {"rows", stats.ok() ? StatsRows(*stats) : json::array()},
      {"has_rows", stats.ok() && !stats->empty()},
      {"year", today.year()},
      {"saved", req.QueryValue("done").value_or("") == "stats"},
  };
  if (summary) {
    ctx["imported"] = true;
    ctx["created"] = summary->created;
    ctx["updated"] = summary->updated;
    ctx["problems"] = summary->problems;
    ctx["has_problems"] = !summary->problems.empty();
  }
  return d.view.Page(
      req, "guides/admin_stats", ctx,
      {.title = "办事统计填报",
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                       {{"name", "办事指南"}, {"url", "/admin/guides"}},
                       {{"name", "办事统计"}, {"url", ""}}}});
}

Response AdminStatsGet(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  return StatsAdminPage(d, req, {}, absl::OkStatus(), nullptr);
}

// A month's figures typed in, or a file of them (CSV or XLSX).
Response AdminStatsPost(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const Form f = req.Form();
  const std::vector<web::FormPart> parts = req.Parts();
  if (const web::FormPart* file = FilePart(parts, "file")) {
    absl::StatusOr<ImportSummary> s =
        d.service.ImportStats(*req.principal, file->data, file->filename);
    if (!s.ok()) {
      if (!ShownOnForm(s.status())) return web::Error(s.status());
      return StatsAdminPage(
          d, req, f,
          GetFieldErrors(s.status()).empty()
              ? InvalidFields(s.status().message(),
                              {{"file", Str(s.status().message())}})
              : s.status(),
          nullptr);
    }
    return StatsAdminPage(d, req, {}, absl::OkStatus(), &*s);
  }
  Validator v;
  auto number = [&](const char* key, absl::string_view label, int64_t max) {
    const std::string text = Str(absl::StripAsciiWhitespace(FormValue(f, key)));
    if (text == "0") return int64_t{0};
    std::optional<int64_t> n = ParseId(text);
    if (!n || *n > max) {
      v.Add(key, absl::StrCat(label, "应为0至", max, "之间的整数"));
      return int64_t{0};
    }
    return *n;
  };
  MonthlyStats s;
  std::optional<int64_t> unit = ParseId(FormValue(f, "unit"));
  if (!unit) v.Add("unit", "请选择单位");
  s.unit_id = unit.value_or(0);
  s.year = static_cast<int>(number("year", "年份", 2100));
  s.month = static_cast<int>(number("month", "月份", 12));
  if (s.year != 0 && s.year < 2000)
    v.Add("year", "年份应为2000–2100之间的整数");
  if (s.month == 0) v.Add("month", "月份应为1至12");
  s.received = number("received", "受理件数", 10000000);
  s.handled = number("handled", "办结件数", 10000000);
  s.on_time = number("on_time", "按时办结件数", 10000000);
  absl::Status st = v.ToStatus("办事统计有误");
  if (st.ok()) st = d.service.SaveStats(*req.principal, s);
  if (st.ok()) return web::Redirect("/admin/guides/stats?done=stats");
  if (!ShownOnForm(st)) return web::Error(st);
  return StatsAdminPage(d, req, f, st, nullptr);
}

// ---------------------------------------------------------------------------
// API.

absl::StatusOr<json> BoundedJson(const Request& req, const JsonLimits& limits,
                                 bool allow_empty = false) {
  if (req.body.empty()) {
    if (allow_empty) return json::object();
    return absl::InvalidArgumentError("请求体为空，应为 JSON 对象");
  }
  absl::StatusOr<json> j = ParseJson(req.body, limits);
  if (!j.ok())
    return absl::InvalidArgumentError(
        absl::StrCat("请求体", j.status().message()));
  if (!j->is_object())
    return absl::InvalidArgumentError("请求体应为 JSON 对象 {…}");
  return j;
}

// {"service","domain","unit","town","elements":{"事项名称":…},
//  "not_applicable":{"收费标准":"理由"},"materials":[…],"steps":[…],
//  "life_events":[…]}
absl::StatusOr<GuideInput> InputFromJson(const json& body,
                                         const ServiceOptions& limits) {
  Validator v;
  JsonFields f(body);
  GuideInput in{.service = f.String("service", "事项名称"),
                .unit = f.String("unit", "单位"),
                .domain = f.String("domain", "领域"),
                .town = f.String("town", "乡镇")};
  if (body.contains("unit") && body["unit"].is_number_integer())
    in.unit = absl::StrCat(body["unit"].get<int64_t>());
  auto strings = [&](const char* key, absl::string_view label,
                     std::map<std::string, std::string>& out) {
    if (!body.contains(key) || body[key].is_null()) return;
    if (!body[key].is_object()) {
      v.Add(key, absl::StrCat(label, "应为对象，键为要素名称"));
      return;
    }
    for (const auto& [k, val] : body[key].items()) {
      if (!FindElement(k)) {
        v.Add(absl::StrCat(key, ".", k), absl::StrCat("没有要素“", k, "”"));
        continue;
      }
      if (!val.is_string()) {
        v.Add(k, absl::StrCat(k, "应为文字"));
        continue;
      }
      out[k] = val.get<std::string>();
    }
  };
  strings("elements", "要素", in.elements);
  strings("not_applicable", "不涉及的要素", in.not_applicable);
  if (in.service.empty())
    if (auto it = in.elements.find("事项名称"); it != in.elements.end())
      in.service = it->second;
  if (!in.service.empty() && !in.elements.contains("事项名称"))
    in.elements["事项名称"] = in.service;
  auto array = [&](const char* key, absl::string_view label,
                   size_t max) -> const json* {
    if (!body.contains(key) || body[key].is_null()) return nullptr;
    if (!body[key].is_array()) {
      v.Add(key, absl::StrCat(label, "应为数组"));
      return nullptr;
    }
    if (body[key].size() > max) {
      v.Add(key, absl::StrCat(label, "最多", max, "项"));
      return nullptr;
    }
    return &body[key];
  };
  if (const json* ms = array("materials", "申请材料",
                             static_cast<size_t>(limits.max_materials))) {
    for (size_t i = 0; i < ms->size(); ++i) {
      const json& m = (*ms)[i];
      const std::string at = absl::StrCat("materials[", i, "]");
      if (!m.is_object()) {
        v.Add(at, absl::StrCat("第", i + 1, "项申请材料应为对象"));
        continue;
      }
      JsonFields mf(m);
      Material out{.name = mf.String("name", "材料名称"),
                   .form = mf.String("form", "材料形式"),
                   .source = mf.String("source", "来源")};
      std::optional<int64_t> copies = mf.Int("copies", "份数");
      if (copies) {
        if (*copies < 1 || *copies > 99)
          v.Add(at + ".copies",
                absl::StrCat("第", i + 1, "项材料份数应为1至99"));
        else
          out.copies = static_cast<int>(*copies);
      }
      if (m.contains("required") && !m["required"].is_null()) {
        if (m["required"].is_boolean())
          out.required = m["required"].get<bool>();
        else
          v.Add(
              at + ".required",
              absl::StrCat("第", i + 1, "项材料“是否必需”应为 true 或 false"));
      }
      if (absl::Status bad = mf.status(); !bad.ok())
        v.Add(at, absl::StrCat("第", i + 1, "项申请材料：", bad.message()));
      in.materials.push_back(std::move(out));
    }
  }
  if (const json* ss =
          array("steps", "办理流程", static_cast<size_t>(limits.max_steps))) {
    for (size_t i = 0; i < ss->size(); ++i) {
      const json& s = (*ss)[i];
      const std::string at = absl::StrCat("steps[", i, "]");
      if (!s.is_object()) {
        v.Add(at, absl::StrCat("第", i + 1, "步应为对象"));
        continue;
      }
      JsonFields sf(s);
      in.steps.push_back({.name = sf.String("name", "环节名称"),
                          .description = sf.String("description", "办理内容"),
                          .time_limit = sf.String("time_limit", "时限")});
      if (absl::Status bad = sf.status(); !bad.ok())
        v.Add(at, absl::StrCat("第", i + 1, "步：", bad.message()));
    }
  }
  if (const json* es = array("life_events", "人生事件", 20)) {
    for (const json& e : *es) {
      if (e.is_string())
        in.life_events.push_back(e.get<std::string>());
      else
        v.Add("life_events", "人生事件应为文字");
    }
  }
  if (absl::Status bad = f.status(); !bad.ok()) return bad;
  ZWGK_RETURN_IF_ERROR(v.ToStatus("请求有误"));
  return in;
}

bool IsStaffCaller(const Request& req) {
  return req.principal && IsStaff(req.principal->role);
}

Response ApiList(Deps& d, Request& req) {
  Filter f;
  if (absl::Status bad = ReadPublicFilter(req, f); !bad.ok())
    return web::Error(bad);
  f.limit = 200;
  const bool staff = IsStaffCaller(req);
  absl::StatusOr<std::vector<Guide>> guides =
      staff ? d.service.List(*req.principal, f) : d.service.ListPublic(f);
  if (!guides.ok()) return web::Error(guides.status());
  json list = json::array();
  for (const Guide& g : *guides) list.push_back(GuideJson(g, staff));
  return web::Json({{"guides", list}});
}

Response ApiCreate(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  absl::StatusOr<json> body = BoundedJson(req, kGuideJson);
  if (!body.ok()) return web::Error(body.status());
  absl::StatusOr<GuideInput> in = InputFromJson(*body, d.service.options());
  if (!in.ok()) return web::Error(in.status());
  absl::StatusOr<Guide> g = d.service.Create(*req.principal, *in);
  if (!g.ok()) return web::Error(g.status());
  return web::Json(GuideJson(*g, true), 201)
      .WithHeader("Location", absl::StrCat("/api/v1/guides/", g->id));
}

// Staff see their unit's guides in any state; everyone else (and staff
// for another unit's guides) the published ones.
Response ApiGet(Deps& d, Request& req) {
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("办事指南不存在"));
  if (IsStaffCaller(req)) {
    absl::StatusOr<Guide> g = d.service.Get(*req.principal, *id);
    if (g.ok()) return web::Json(GuideJson(*g, true));
    if (!absl::IsNotFound(g.status())) return web::Error(g.status());
  }
  absl::StatusOr<Guide> g = d.service.GetPublic(*id);
  if (!g.ok()) return web::Error(g.status());
  return web::Json(GuideJson(*g, false));
}

template <typename Act>
Response ApiAction(Request& req, bool allow_empty, Act act) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("办事指南不存在"));
  absl::StatusOr<json> body =
      BoundedJson(req, allow_empty ? kSmallJson : kGuideJson, allow_empty);
  if (!body.ok()) return web::Error(body.status());
  absl::StatusOr<Guide> g = act(*req.principal, *id, *body);
  if (!g.ok()) return web::Error(g.status());
  return web::Json(GuideJson(*g, true));
}

Response ApiUpdate(Deps& d, Request& req) {
  return ApiAction(req, false,
                   [&](const Actor& a, int64_t id,
                       const json& body) -> absl::StatusOr<Guide> {
                     ZWGK_ASSIGN_OR_RETURN(
                         GuideInput in,
                         InputFromJson(body, d.service.options()));
                     return d.service.Update(a, id, in);
                   });
}

Response ApiSubmit(Deps& d, Request& req) {
  return ApiAction(
      req, true,
      [&](const Actor& a, int64_t id, const json&) -> absl::StatusOr<Guide> {
        return d.service.Submit(a, id);
      });
}

Response ApiReview(Deps& d, Request& req) {
  return ApiAction(
      req, false,
      [&](const Actor& a, int64_t id,
          const json& body) -> absl::StatusOr<Guide> {
        JsonFields f(body);
        const std::string outcome = f.String("outcome", "审核结果");
        ReviewInput in{.remarks = f.String("remarks", "审核意见")};
        ZWGK_RETURN_IF_ERROR(f.status());
        if (outcome != "approved" && outcome != "returned")
          return InvalidFields(
              "审核结果有误",
              {{"outcome",
                "审核结果应为 approved（通过）或 returned（退回）"}});
        in.approve = outcome == "approved";
        return d.service.Review(a, id, in);
      });
}

Response ApiPublish(Deps& d, Request& req) {
  return ApiAction(
      req, true,
      [&](const Actor& a, int64_t id, const json&) -> absl::StatusOr<Guide> {
        return d.service.Publish(a, id);
      });
}

// GET /api/v1/books?scope=county|domain|unit|town&id=&paper=a4|a5: the PDF.
Response ApiBook(Deps& d, Request& req) {
  auto scope = ReadScope(req.QueryValue("scope").value_or("county"), req);
  if (!scope.ok()) return web::Error(scope.status());
  absl::StatusOr<Paper> paper = ReadPaper(req);
  if (!paper.ok()) return web::Error(paper.status());
  absl::StatusOr<Book> b =
      d.service.BookPdf(scope->first, scope->second, *paper);
  if (!b.ok()) return web::Error(b.status());
  return PdfResponse(*b, *paper);
}

}  // namespace

void RegisterRoutes(web::Router& router, Service& service, const View& view,
                    const HttpOptions& options) {
  auto h = web::BindTo(
      std::make_shared<Deps>(Deps{service, service.org(), view, options}));
  const web::RouteOptions small{.max_body_bytes = kSmallBodyBytes};
  const web::RouteOptions guide{.max_body_bytes = kGuideBodyBytes};
  const web::RouteOptions form_upload{
      .max_body_bytes = static_cast<size_t>(service.options().max_form_bytes) +
                        kEnvelopeBytes};
  const web::RouteOptions import_upload{
      .max_body_bytes =
          static_cast<size_t>(service.options().max_import_bytes) +
          kEnvelopeBytes};
  // Public, no account: the published guides (browse, search, one guide,
  // its blank and sample forms), the 办事一本通 and the published 办事统计.
  // Anything unpublished answers 404.
  router.Get("/services", h(ServicesIndex));
  router.Get("/services/books", h(BooksPage));
  router.Get("/services/books/{file}", h(BookFile));
  router.Get("/services/stats", h(StatsPage));
  router.Get("/services/{id}", h(ServiceShow));
  router.Get("/services/{id}/forms/{index}/{kind}", h(FormDownload));
  // Staff (signed in): a unit's editors draft, change and submit their
  // unit's guides and enter its statistics; its reviewers review, publish
  // and withdraw (not their own submission); the county office all units.
  // Another unit's guides answer 404.
  router.Get("/admin/guides", h(AdminList));
  router.Get("/admin/guides/new", h(AdminNew));
  router.Post("/admin/guides/new", h(AdminCreate), guide);
  router.Get("/admin/guides/import", h(AdminImportGet));
  router.Post("/admin/guides/import", h(AdminImportPost), import_upload);
  router.Get("/admin/guides/export.xlsx", h(AdminExport));
  router.Get("/admin/guides/stats", h(AdminStatsGet));
  router.Post("/admin/guides/stats", h(AdminStatsPost), import_upload);
  router.Get("/admin/guides/{id}", h(AdminShow));
  router.Post("/admin/guides/{id}", h(AdminSave), guide);
  router.Get("/admin/guides/{id}/preview", h(AdminPreview));
  router.Post("/admin/guides/{id}/submit", h(AdminSubmit), small);
  router.Post("/admin/guides/{id}/review", h(AdminReview), small);
  router.Post("/admin/guides/{id}/publish", h(AdminPublish), small);
  router.Post("/admin/guides/{id}/withdraw", h(AdminWithdraw), small);
  router.Post("/admin/guides/{id}/forms", h(AdminForm), form_upload);
  // API. Public: published guides and the books. With a session or token
  // (anonymous writes: 401), staff read and act on their unit's guides as
  // on the staff pages.
  router.Get("/api/v1/guides", h(ApiList));
  router.Post("/api/v1/guides", h(ApiCreate), guide);
  router.Get("/api/v1/guides/{id}", h(ApiGet));
  router.Post("/api/v1/guides/{id}", h(ApiUpdate), guide);
  router.Post("/api/v1/guides/{id}/submit", h(ApiSubmit), small);
  router.Post("/api/v1/guides/{id}/review", h(ApiReview), small);
  router.Post("/api/v1/guides/{id}/publish", h(ApiPublish), small);
  router.Get("/api/v1/books", h(ApiBook));
}

}  // namespace zwgk::guides
