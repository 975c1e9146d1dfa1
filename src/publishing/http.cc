#include "publishing/http.h"

#include <charconv>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "content/feed.h"
#include "content/sanitize.h"
#include "core/clock.h"
#include "core/guard.h"
#include "core/json.h"
#include "core/status.h"

namespace zwgk::publishing {
namespace {

using nlohmann::json;
using web::Request;
using web::Response;

constexpr int kFeedEntries = 30;
constexpr int kSitemapUrls = 50000;

using web::ParseId;

using web::FormValue;

const Actor* Who(const Request& req) {
  return req.principal ? &*req.principal : nullptr;
}

// --- View models
// --------------------------------------------------------------

json ValidityJson(Validity v) {
  return {{"name", ValidityName(v)},
          {"label", ValidityLabel(v)},
          {"invalid", v == Validity::kRepealed || v == Validity::kExpired},
          {"changed", v != Validity::kValid}};
}

json ListItemJson(const Record& r) {
  return {{"id", r.id},
          {"url", RecordUrl(r.id)},
          {"title", r.title},
          {"index_number", r.index_number},
          {"doc_number", r.doc_number},
          {"unit", r.unit_name},
          {"unit_id", r.unit_id},
          {"domain", r.domain_name},
          {"topic", r.topic},
          {"genre", r.genre},
          {"formed_on", r.formed_on},
          {"published_on", r.published_on},
          {"publish_by", r.publish_by},
          {"status", StatusName(r.status)},
          {"status_label", StatusLabel(r.status)},
          {"has_pending", r.pending_change.has_value()},
          {"pending_label", r.pending_change
                                ? std::string(StatusLabel(r.pending_status))
                                : std::string()},
          {"disclosure_label", DisclosureLabel(r.disclosure)},
          {"validity", ValidityJson(r.validity)},
          {"days_late", r.days_late.value_or(0)}};
}

// The API representation (public fields plus workflow fields for staff).
json ApiJson(const Record& r, bool staff) {
  json j = {
      {"id", r.id},
      {"title", r.title},
      {"index_number", r.index_number},
      {"doc_number", r.doc_number},
      {"unit", {{"id", r.unit_id}, {"name", r.unit_name}}},
      {"domain", r.domain_id
                     ? json{{"id", *r.domain_id}, {"name", r.domain_name}}
                     : json()},
      {"catalog_item",
       r.item_level1.empty()
           ? json()
           : json{{"id", r.catalog_item_id ? json(*r.catalog_item_id) : json()},
                  {"level1", r.item_level1},
                  {"level2", r.item_level2}}},
      {"topic", r.topic},
      {"subtopic", r.subtopic},
      {"genre", r.genre},
      {"keywords", r.keywords},
      {"formed_on", r.formed_on},
      {"changed_on", r.changed_on},
      {"published_on", r.published_on},
      {"version", r.version},
      {"validity", ValidityName(r.validity)},
      {"validity_on", r.validity_on},
      {"replaced_by", r.replaced_by ? json(*r.replaced_by) : json()},
      {"body_html", r.body_html},
      {"url", IsPublic(r) ? RecordUrl(r.id) : ""}};
  j["attachments"] = json::array();
  for (const Attachment& a : r.attachments)
    j["attachments"].push_back(
        {{"id", a.id},
         {"filename", a.filename},
         {"content_type", a.content_type},
         {"size", a.size},
         {"url", absl::StrCat(RecordUrl(r.id), "/attachments/", a.id)}});
  if (staff) {
    j["status"] = StatusName(r.status);
    j["disclosure"] = DisclosureName(r.disclosure);
    j["withheld_ground"] = r.withheld_ground;
    j["publish_by"] = r.publish_by;
    j["period"] = r.period_label;
    j["days_late"] = r.days_late ? json(*r.days_late) : json();
    j["review"] = {{"outcome", r.review_outcome},
                   {"remarks", r.review_remarks},
                   {"by", r.reviewed_by},
                   {"at", r.reviewed_at}};
    j["pending_change"] =
        r.pending_change ? json{{"status", StatusName(r.pending_status)},
                                {"title", r.pending_change->title},
                                {"changed_on", r.pending_change->changed_on}}
                         : json();
    j["unpublish_reason"] = r.unpublish_reason;
  }
  return j;
}

std::string FormatSize(int64_t bytes) {
  if (bytes >= 1 << 20)
    return absl::StrFormat("%.1f MB", static_cast<double>(bytes) / (1 << 20));
  if (bytes >= 1024) return absl::StrFormat("%d KB", (bytes + 1023) / 1024);
  return absl::StrCat(bytes, " 字节");
}

json PageLinks(const RecordPage& page, const std::string& base_query) {
  json links = json::array();
  int pages = page.pages();
  auto link = [&](int p, std::string label, bool current) {
    links.push_back(
        {{"url", absl::StrCat("?", base_query, base_query.empty() ? "" : "&",
                              "page=", p)},
         {"label", std::move(label)},
         {"current", current}});
  };
  if (page.page > 1) link(page.page - 1, "上一页", false);
  int from = std::max(1, page.page - 4);
  int to = std::min(pages, page.page + 4);
  for (int p = from; p <= to; ++p) link(p, absl::StrCat(p), p == page.page);
  if (page.page < pages) link(page.page + 1, "下一页", false);
  return links;
}

// Reads the list filters of the public and staff lists from the query.
struct Filters {
  ListQuery query;
  std::string base_query;  // the filters as a query string, without page
};

absl::StatusOr<Filters> ParseFilters(const Request& req, Service& service,
                                     org::Service& org) {
  Filters f;
  std::vector<std::string> parts;
  auto keep = [&](const char* name, const std::string& v) {
    parts.push_back(absl::StrCat(name, "=", web::UrlEncode(v)));
  };
  if (auto v = req.QueryValue("domain"); v && !v->empty()) {
    ZWGK_ASSIGN_OR_RETURN(org::Domain d, org.ResolveDomain(*v));
    f.query.domain_id = d.id;
    keep("domain", absl::StrCat(d.id));
  }
  if (auto v = req.QueryValue("unit"); v && !v->empty()) {
    ZWGK_ASSIGN_OR_RETURN(org::Unit u, org.ResolveUnit(*v));
    f.query.unit_id = u.id;
    keep("unit", absl::StrCat(u.id));
  }
  if (auto v = req.QueryValue("year"); v && !v->empty()) {
    int year = 0;
    if (!absl::SimpleAtoi(*v, &year) || year < 1990 || year > 2100)
      return InvalidFields("年份有误", {{"year", "年份应为四位数字"}});
    f.query.year = year;
    keep("year", *v);
  }
  if (auto v = req.QueryValue("topic"); v && !v->empty()) {
    if (!service.topics().Find(*v))
      return InvalidFields("主题分类有误", {{"topic", "不是国家主题分类"}});
    f.query.topic = *v;
    keep("topic", *v);
  }
  if (auto v = req.QueryValue("genre"); v && !v->empty()) {
    f.query.genre = *v;
    keep("genre", *v);
  }
  if (auto v = req.QueryValue("validity"); v && !v->empty()) {
    f.query.validity = ParseValidity(*v);
    if (!f.query.validity)
      return InvalidFields("有效性有误",
                           {{"validity", "应为有效、已修改、已废止或已失效"}});
    keep("validity", std::string(ValidityName(*f.query.validity)));
  }
  if (auto v = req.QueryValue("status"); v && !v->empty()) {
    f.query.status = ParseStatus(*v);
    if (f.query.status) keep("status", *v);
  }
  if (auto v = req.QueryValue("item1"); v && !v->empty()) {
    f.query.item_level1 = *v;
    keep("item1", *v);
  }
  if (auto v = req.QueryValue("item2"); v && !v->empty()) {
    f.query.item_level2 = *v;
    keep("item2", *v);
  }
  if (auto v = req.QueryValue("page")) {
    int page = 1;
    if (absl::SimpleAtoi(*v, &page) && page >= 1 && page <= 100000)
      f.query.page = page;
  }
  f.base_query = absl::StrJoin(parts, "&");
  return f;
}

// Select options for the filter form, with the current value marked.
json Options(const std::vector<std::pair<std::string, std::string>>& values,
             const std::string& current) {
  json out = json::array();
  for (const auto& [value, label] : values)
    out.push_back(
        {{"value", value}, {"label", label}, {"selected", value == current}});
  return out;
}

absl::StatusOr<json> FilterForm(Service& service, org::Service& org,
                                const ListQuery& q, int current_year) {
  std::vector<std::pair<std::string, std::string>> years, topics, units, genres,
      validities;
  for (int y = current_year; y >= 2008; --y)
    years.push_back({absl::StrCat(y), absl::StrCat(y, "年")});
  for (const Topic& t : service.topics().all())
    topics.push_back({t.name, t.name});
  ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> all_units, org.ListUnits());
  for (const org::Unit& u : all_units)
    units.push_back({absl::StrCat(u.id), u.name});
  ZWGK_ASSIGN_OR_RETURN(std::vector<std::string> all_genres, service.Genres());
  for (const std::string& g : all_genres) genres.push_back({g, g});
  for (Validity v : {Validity::kValid, Validity::kAmended, Validity::kRepealed,
                     Validity::kExpired})
    validities.push_back(
        {std::string(ValidityName(v)), std::string(ValidityLabel(v))});
  return json{
      {"years", Options(years, q.year ? absl::StrCat(*q.year) : "")},
      {"topics", Options(topics, q.topic)},
      {"units", Options(units, q.unit_id ? absl::StrCat(*q.unit_id) : "")},
      {"genres", Options(genres, q.genre)},
      {"validities",
       Options(validities,
               q.validity ? std::string(ValidityName(*q.validity)) : "")}};
}

std::string BaseUrl(const Request& req, const HttpOptions& o) {
  if (!o.public_base_url.empty()) return o.public_base_url;
  std::string host = req.Header("host");
  return absl::StrCat("http://", host.empty() ? "127.0.0.1:8080" : host);
}

// RFC 3339 UTC ("2026-03-02T01:00:00Z") → China time with offset.
std::string ChinaTime(absl::string_view utc) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, std::string(utc), &t, &err))
    return std::string(utc);
  return absl::FormatTime("%Y-%m-%dT%H:%M:%S+08:00", t, ChinaTimeZone());
}

// --- Public pages
// ---------------------------------------------------------------

Response RecordList(Request& req, Service& service, org::Service& org,
                    const View& view) {
  absl::StatusOr<Filters> f = ParseFilters(req, service, org);
  if (!f.ok()) return web::Error(f.status());
  absl::StatusOr<RecordPage> page = service.ListPublic(f->query);
  if (!page.ok()) return web::Error(page.status());
  json items = json::array();
  for (const Record& r : page->records) items.push_back(ListItemJson(r));
  absl::StatusOr<json> form =
      FilterForm(service, org, f->query, Today(service.clock()).year());
  if (!form.ok()) return web::Error(form.status());
  json ctx = {{"records", items},
              {"total", page->total},
              {"page", page->page},
              {"pages", page->pages()},
              {"links", PageLinks(*page, f->base_query)},
              {"form", *form},
              {"feed_query", f->base_query}};
  return view.Page(req, "publishing/list", ctx,
                   {.title = "政府信息公开目录",
                    .breadcrumbs = {{{"name", "政务公开"}, {"url", "/xxgk"}},
                                    {{"name", "信息公开目录"}}}});
}

Response RecordDetail(Request& req, Service& service, const View& view,
                      std::optional<int> version) {
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("信息不存在"));
  absl::StatusOr<Record> r = service.GetFor(Who(req), *id);
  if (!r.ok()) return web::Error(r.status());
  bool staff_view = !IsPublic(*r);
  // A public page is the same for everyone (and cached): it links only to
  // public records, whoever looks.
  const Actor* viewer = staff_view ? Who(req) : nullptr;
  auto versions = service.Versions(*id);
  auto relations = service.Relations(viewer, *id);
  if (!versions.ok()) return web::Error(versions.status());
  if (!relations.ok()) return web::Error(relations.status());
  std::string body = r->body_html, title = r->title, doc = r->doc_number;
  std::string shown_version;
  if (version) {
    auto it =
        std::find_if(versions->begin(), versions->end(),
                     [&](const Version& v) { return v.version == *version; });
    if (it == versions->end())
      return web::Error(absl::NotFoundError("版本不存在"));
    body = it->body_html, title = it->title, doc = it->doc_number;
    shown_version = absl::StrCat("第", it->version, "版");
  }
  json rels = json::array();
  bool invalid_related = false;
  for (const Relation& rel : *relations) {
    std::string label =
        rel.outgoing
            ? absl::StrCat("本文", std::string(RelationLabel(rel.kind)))
            : absl::StrCat("被", std::string(RelationLabel(rel.kind)));
    if (rel.kind == RelationKind::kInterprets)
      label = rel.outgoing ? "本文解读的文件" : "相关解读";
    if (rel.kind == RelationKind::kReplaces)
      label = rel.outgoing ? "本文替代的文件" : "替代本文的文件";
    json v = ValidityJson(rel.other_validity);
    if (v["invalid"].get<bool>()) invalid_related = true;
    rels.push_back({{"label", label},
                    {"id", rel.other_id},
                    {"url", RecordUrl(rel.other_id)},
                    {"title", rel.other_title},
                    {"index_number", rel.other_index_number},
                    {"validity", v}});
  }
  json hist = json::array();
  if (versions->size() > 1) {
    for (const Version& v : *versions)
      hist.push_back(
          {{"version", v.version},
           {"label", absl::StrCat("第", v.version, "版")},
           {"published_on", ChinaTime(v.published_at).substr(0, 10)},
           {"changed_on", v.changed_on},
           {"note", v.note},
           {"url", absl::StrCat(RecordUrl(*id), "/versions/", v.version)},
           {"current",
            version ? v.version == *version : v.version == r->version}});
  }
  json atts = json::array();
  for (const Attachment& a : r->attachments)
    atts.push_back(
        {{"url", absl::StrCat(RecordUrl(*id), "/attachments/", a.id)},
         {"filename", a.filename},
         {"size", FormatSize(a.size)}});
  json ctx = ListItemJson(*r);
  ctx["title"] = title;
  ctx["doc_number"] = doc;
  ctx["body_html"] = body;
  ctx["subtopic"] = r->subtopic;
  ctx["keywords"] = absl::StrJoin(r->keywords, "、");
  ctx["validity_on"] = r->validity_on;
  ctx["replaced_by_url"] =
      r->replaced_by && service.GetFor(viewer, *r->replaced_by).ok()
          ? RecordUrl(*r->replaced_by)
          : "";
  ctx["relations"] = rels;
  ctx["has_relations"] = !rels.empty();
  ctx["invalid_related"] = invalid_related;
  ctx["history"] = hist;
  ctx["has_history"] = !hist.empty();
  ctx["attachments"] = atts;
  ctx["has_attachments"] = !atts.empty();
  ctx["shown_version"] = shown_version;
  ctx["staff_view"] = staff_view;
  ctx["item"] = r->item_level1.empty()
                    ? ""
                    : absl::StrCat(r->item_level1, " / ", r->item_level2);
  json crumbs = {{{"name", "政务公开"}, {"url", "/xxgk"}},
                 {{"name", "信息公开目录"}, {"url", "/records"}}};
  if (r->domain_id)
    crumbs.push_back({{"name", r->domain_name},
                      {"url", absl::StrCat("/domains/", *r->domain_id)}});
  crumbs.push_back({{"name", "正文"}});
  return view.Page(req, "publishing/detail", ctx,
                   {.title = title, .breadcrumbs = crumbs});
}

Response AttachmentDownload(Request& req, Service& service) {
  std::optional<int64_t> id = ParseId(req.Param("id"));
  std::optional<int64_t> aid = ParseId(req.Param("aid"));
  if (!id || !aid) return web::Error(absl::NotFoundError("附件不存在"));
  auto got = service.AttachmentFor(Who(req), *id, *aid);
  if (!got.ok()) return web::Error(got.status());
  return web::Download(std::move(got->second), got->first.content_type,
                       got->first.filename);
}

Response PortalIndex(Request& req, Service& service, org::Service& org,
                     const View& view) {
  auto latest = service.ListPublic({.per_page = 10});
  auto domains = org.ListDomains();
  auto units = org.ListUnits();
  auto pages = service.ListPages();
  if (!latest.ok()) return web::Error(latest.status());
  if (!domains.ok()) return web::Error(domains.status());
  if (!units.ok()) return web::Error(units.status());
  if (!pages.ok()) return web::Error(pages.status());
  json items = json::array();
  for (const Record& r : latest->records) items.push_back(ListItemJson(r));
  json ds = json::array();
  for (const org::Domain& d : *domains)
    ds.push_back({{"id", d.id}, {"name", d.name}});
  json depts = json::array(), towns = json::array();
  for (const org::Unit& u : *units) {
    json row = {{"id", u.id}, {"name", u.name}};
    (u.kind == org::UnitKind::kTown ? towns : depts).push_back(row);
  }
  json ps = json::array();
  for (const PortalPage& p : *pages)
    ps.push_back({{"url", absl::StrCat("/xxgk/", p.slug)}, {"title", p.title}});
  json ctx = {{"latest", items},
              {"domains", ds},
              {"departments", depts},
              {"towns", towns},
              {"has_towns", !towns.empty()},
              {"pages", ps},
              {"total", latest->total}};
  return view.Page(
      req, "publishing/portal", ctx,
      {.title = "政府信息公开", .breadcrumbs = {{{"name", "政务公开"}}}});
}

Response PortalPageView(Request& req, Service& service, const View& view) {
  auto page = service.GetPage(req.Param("slug"));
  if (!page.ok()) return web::Error(page.status());
  json ctx = {{"title", page->title},
              {"body_html", page->body_html},
              {"updated_at", ChinaTime(page->updated_at).substr(0, 10)},
              {"slug", page->slug}};
  return view.Page(req, "publishing/page", ctx,
                   {.title = page->title,
                    .breadcrumbs = {{{"name", "政务公开"}, {"url", "/xxgk"}},
                                    {{"name", page->title}}}});
}

// --- Feeds and sitemap
// ------------------------------------------------------------

enum class FeedFormat { kRss, kJson };

Response FeedResponse(Request& req, Service& service, org::Service& org,
                      const HttpOptions& o, FeedFormat format,
                      absl::string_view scope) {
  ListQuery q{.per_page = kFeedEntries, .with_body = true};
  std::string title = "政府信息公开";
  std::string home = "/records";
  std::string base = BaseUrl(req, o);
  std::string self = req.path;
  if (scope == "domain" || scope == "unit") {
    std::optional<int64_t> id = ParseId(req.Param("id"));
    if (!id) return web::Error(absl::NotFoundError("订阅源不存在"));
    if (scope == "domain") {
      auto d = org.GetDomain(*id);
      if (!d.ok()) return web::Error(d.status());
      q.domain_id = d->id;
      title = absl::StrCat(d->name, "领域 政府信息公开");
      home = absl::StrCat("/domains/", d->id);
    } else {
      auto u = org.GetUnit(*id);
      if (!u.ok()) return web::Error(u.status());
      q.unit_id = u->id;
      title = absl::StrCat(u->name, " 政府信息公开");
      home = absl::StrCat("/records?unit=", u->id);
    }
  }
  auto county = org.GetCounty();
  if (county.ok()) title = absl::StrCat(county->name, " ", title);
  auto page = service.ListPublic(q);
  if (!page.ok()) return web::Error(page.status());
  content::Feed feed{
      .title = title,
      .home_url = base + home,
      .feed_url = base + self,
      .description = absl::StrCat(title, "（最新", kFeedEntries, "条）")};
  for (const Record& entry : page->records) {
    const Record* r = &entry;
    std::string url = base + RecordUrl(r->id);
    std::vector<std::string> tags = {r->topic, r->genre};
    if (!r->domain_name.empty()) tags.push_back(r->domain_name);
    if (r->validity != Validity::kValid)
      tags.push_back(std::string(ValidityLabel(r->validity)));
    feed.entries.push_back(
        {.id = url,
         .url = url,
         .title =
             r->validity == Validity::kValid
                 ? r->title
                 : absl::StrCat(r->title, "（",
                                std::string(ValidityLabel(r->validity)), "）"),
         .summary = content::Excerpt(content::HtmlToText(r->body_html), 140),
         .content_html = r->body_html,
         .published = ChinaTime(r->published_at),
         .updated = ChinaTime(r->published_at),
         .categories = tags,
         .author = r->unit_name});
  }
  if (format == FeedFormat::kRss)
    return web::Text(content::RenderRss2(feed),
                     "application/rss+xml; charset=utf-8");
  return web::Text(content::RenderJsonFeed(feed),
                   "application/feed+json; charset=utf-8");
}

Response SitemapIndex(Request& req, Service& service, const HttpOptions& o) {
  std::string base = BaseUrl(req, o);
  std::vector<content::SitemapUrl> maps = {{base + "/sitemaps/site.xml", ""}};
  // One sitemap per 50,000 public records, addressed by the id they start
  // after, so the index is built with one key-range scan per sitemap.
  int64_t after = 0;
  while (true) {
    auto ids = service.SitemapEntries(after, kSitemapUrls);
    if (!ids.ok()) return web::Error(ids.status());
    if (ids->empty()) break;
    std::string last;
    for (const SitemapEntry& e : *ids) last = std::max(last, e.lastmod);
    maps.push_back(
        {absl::StrCat(base, "/sitemaps/records-", after, ".xml"), last});
    after = ids->back().id;
    if (static_cast<int>(ids->size()) < kSitemapUrls) break;
  }
  return web::Text(content::RenderSitemapIndex(maps),
                   "application/xml; charset=utf-8");
}

Response SitemapPart(Request& req, Service& service, org::Service& org,
                     const HttpOptions& o) {
  std::string base = BaseUrl(req, o);
  std::string part = req.Param("part");
  std::vector<content::SitemapUrl> urls;
  if (part == "site.xml") {
    urls = {{base + "/", ""}, {base + "/xxgk", ""}, {base + "/records", ""}};
    auto domains = org.ListDomains();
    if (!domains.ok()) return web::Error(domains.status());
    for (const org::Domain& d : *domains)
      urls.push_back({absl::StrCat(base, "/domains/", d.id), ""});
    auto pages = service.ListPages();
    if (!pages.ok()) return web::Error(pages.status());
    for (const PortalPage& p : *pages)
      urls.push_back({absl::StrCat(base, "/xxgk/", p.slug), ""});
  } else {
    int64_t after = 0;
    if (!absl::StartsWith(part, "records-") || !absl::EndsWith(part, ".xml") ||
        !absl::SimpleAtoi(part.substr(8, part.size() - 12), &after) ||
        after < 0)
      return web::Error(absl::NotFoundError("站点地图不存在"));
    auto ids = service.SitemapEntries(after, kSitemapUrls);
    if (!ids.ok()) return web::Error(ids.status());
    if (ids->empty()) return web::Error(absl::NotFoundError("站点地图不存在"));
    for (const SitemapEntry& e : *ids)
      urls.push_back({base + RecordUrl(e.id), e.lastmod});
  }
  return web::Text(content::RenderSitemap(urls),
                   "application/xml; charset=utf-8");
}

// --- API
// ------------------------------------------------------------------------

RecordInput InputFromJson(const json& b) {
  auto text = [&](const char* k) -> std::string {
    if (!b.contains(k) || b[k].is_null()) return "";
    if (b[k].is_string()) return b[k].get<std::string>();
    return b[k].dump();
  };
  RecordInput in{.title = text("title"),
                 .unit = text("unit"),
                 .domain = text("domain"),
                 .formed_on = text("formed_on"),
                 .changed_on = text("changed_on"),
                 .topic = text("topic"),
                 .genre = text("genre"),
                 .doc_number = text("doc_number"),
                 .disclosure = text("disclosure"),
                 .withheld_ground = text("withheld_ground"),
                 .body_html = text("body_html"),
                 .change_note = text("change_note")};
  if (b.contains("keywords")) {
    if (b["keywords"].is_array()) {
      std::vector<std::string> ks;
      for (const auto& k : b["keywords"])
        if (k.is_string()) ks.push_back(k.get<std::string>());
      in.keywords = absl::StrJoin(ks, " ");
    } else {
      in.keywords = text("keywords");
    }
  }
  if (b.contains("catalog_item_id") && !b["catalog_item_id"].is_null()) {
    int64_t v = 0;
    if (b["catalog_item_id"].is_number_integer())
      in.catalog_item_id = b["catalog_item_id"].get<int64_t>();
    else if (absl::SimpleAtoi(text("catalog_item_id"), &v))
      in.catalog_item_id = v;
    else
      in.catalog_item_id = -1;  // reported as an unknown item
  }
  return in;
}

Response RecordJson(const Record& r, int status = 200) {
  return web::Json(ApiJson(r, /*staff=*/true), status);
}

using ApiAction =
    std::function<absl::StatusOr<Record>(const Actor&, int64_t, const json&)>;

Response ApiTransition(Request& req, const ApiAction& act) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("信息不存在"));
  json body = json::object();
  if (!req.body.empty()) {
    auto parsed = req.JsonBody();
    if (!parsed.ok()) return web::Error(parsed.status());
    body = std::move(*parsed);
  }
  auto r = act(*req.principal, *id, body);
  if (!r.ok()) return web::Error(r.status());
  return RecordJson(*r);
}

Response ApiList(Request& req, Service& service, org::Service& org) {
  auto f = ParseFilters(req, service, org);
  if (!f.ok()) return web::Error(f.status());
  bool staff = req.principal && req.QueryValue("scope") == "staff";
  absl::StatusOr<RecordPage> page =
      staff ? service.ListForStaff(*req.principal, f->query)
            : service.ListPublic(f->query);
  if (!page.ok()) return web::Error(page.status());
  json items = json::array();
  for (const Record& r : page->records) {
    json j = ListItemJson(r);
    j["validity"] = ValidityName(r.validity);
    if (!staff) {
      j.erase("status");
      j.erase("status_label");
      j.erase("publish_by");
      j.erase("has_pending");
      j.erase("pending_label");
      j.erase("disclosure_label");
      j.erase("days_late");
    }
    items.push_back(j);
  }
  return web::Json({{"total", page->total},
                    {"page", page->page},
                    {"pages", page->pages()},
                    {"records", items}});
}

// --- Staff pages
// ------------------------------------------------------------------

json RecordForm(const RecordInput& in, const FieldErrors& errors,
                Service& service, org::Service& org, const Actor& actor) {
  json units = json::array();
  if (auto all = org.ListUnits(); all.ok()) {
    for (const org::Unit& u : *all) {
      if (!ActsForUnit(actor, u.id)) continue;
      units.push_back(
          {{"value", absl::StrCat(u.id)},
           {"label", u.name},
           {"selected", in.unit == absl::StrCat(u.id) || in.unit == u.name}});
    }
  }
  json domains = json::array();
  domains.push_back({{"value", ""},
                     {"label", "（不属于试点领域）"},
                     {"selected", in.domain.empty()}});
  if (auto all = org.ListDomains(); all.ok()) {
    for (const org::Domain& d : *all)
      domains.push_back({{"value", absl::StrCat(d.id)},
                         {"label", d.name},
                         {"selected", in.domain == absl::StrCat(d.id) ||
                                          in.domain == d.name}});
  }
  json topics = json::array();
  for (const Topic& t : service.topics().all()) {
    topics.push_back({{"value", t.name},
                      {"label", t.name},
                      {"selected", in.topic == t.name}});
    for (const std::string& c : t.children) {
      std::string v = absl::StrCat(t.name, "/", c);
      topics.push_back({{"value", v},
                        {"label", absl::StrCat("　", t.name, " › ", c)},
                        {"selected", in.topic == v}});
    }
  }
  json genres = json::array();
  if (auto all = service.Genres(); all.ok())
    for (const std::string& g : *all)
      genres.push_back(
          {{"value", g}, {"label", g}, {"selected", in.genre == g}});
  json disclosures = json::array();
  for (Disclosure d :
       {Disclosure::kActive, Disclosure::kOnRequest, Disclosure::kWithheld})
    disclosures.push_back({{"value", DisclosureName(d)},
                           {"label", DisclosureLabel(d)},
                           {"selected", in.disclosure == DisclosureName(d)}});
  json grounds = json::array();
  grounds.push_back({{"value", ""},
                     {"label", "（主动公开无需选择）"},
                     {"selected", in.withheld_ground.empty()}});
  for (const WithheldGround& g : WithheldGrounds())
    grounds.push_back(
        {{"value", g.code},
         {"label", g.article.empty()
                       ? std::string(g.label)
                       : absl::StrCat(std::string(g.label), "（",
                                      std::string(g.article), "）")},
         {"selected", in.withheld_ground == g.code}});
  json errs = json::object();
  for (const auto& [k, v] : errors) errs[k] = v;
  return {{"title", in.title},
          {"formed_on", in.formed_on},
          {"changed_on", in.changed_on},
          {"doc_number", in.doc_number},
          {"keywords", in.keywords},
          {"body_html", in.body_html},
          {"change_note", in.change_note},
          {"catalog_item_id",
           in.catalog_item_id ? absl::StrCat(*in.catalog_item_id) : ""},
          {"units", units},
          {"domains", domains},
          {"topics", topics},
          {"genres", genres},
          {"disclosures", disclosures},
          {"grounds", grounds},
          {"errors", errs},
          {"has_errors", !errors.empty()}};
}

RecordInput InputFromForm(const std::multimap<std::string, std::string>& f) {
  RecordInput in{.title = FormValue(f, "title"),
                 .unit = FormValue(f, "unit"),
                 .domain = FormValue(f, "domain"),
                 .formed_on = FormValue(f, "formed_on"),
                 .changed_on = FormValue(f, "changed_on"),
                 .topic = FormValue(f, "topic"),
                 .genre = FormValue(f, "genre"),
                 .doc_number = FormValue(f, "doc_number"),
                 .disclosure = FormValue(f, "disclosure"),
                 .withheld_ground = FormValue(f, "withheld_ground"),
                 .keywords = FormValue(f, "keywords"),
                 .body_html = FormValue(f, "body_html"),
                 .change_note = FormValue(f, "change_note")};
  int64_t item = 0;
  std::string item_text = FormValue(f, "catalog_item_id");
  if (!item_text.empty()) {
    in.catalog_item_id = absl::SimpleAtoi(item_text, &item) ? item : -1;
  }
  return in;
}

RecordInput InputOf(const Record& r) {
  if (r.pending_change) return *r.pending_change;
  return {.title = r.title,
          .unit = absl::StrCat(r.unit_id),
          .domain = r.domain_id ? absl::StrCat(*r.domain_id) : "",
          .catalog_item_id = r.catalog_item_id,
          .formed_on = r.formed_on,
          .changed_on = r.changed_on,
          .topic = r.subtopic.empty() ? r.topic
                                      : absl::StrCat(r.topic, "/", r.subtopic),
          .genre = r.genre,
          .doc_number = r.doc_number,
          .disclosure = std::string(DisclosureName(r.disclosure)),
          .withheld_ground = r.withheld_ground,
          .keywords = absl::StrJoin(r.keywords, " "),
          .body_html = r.body_html};
}

Response AdminList(Request& req, Service& service, org::Service& org,
                   const View& view) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  auto f = ParseFilters(req, service, org);
  if (!f.ok()) return web::Error(f.status());
  auto page = service.ListForStaff(*req.principal, f->query);
  if (!page.ok()) return web::Error(page.status());
  auto due = service.Due(*req.principal);
  if (!due.ok()) return web::Error(due.status());
  json items = json::array();
  for (const Record& r : page->records) items.push_back(ListItemJson(r));
  json dues = json::array();
  for (const DueRecord& d : *due) {
    json j = ListItemJson(d.record);
    j["overdue"] = d.state == calendar::ClockState::kOverdue;
    j["overdue_by"] = d.overdue_by;
    j["remaining"] = d.remaining;
    dues.push_back(j);
  }
  json statuses = json::array();
  for (Status s : {Status::kDraft, Status::kSubmitted, Status::kReviewed,
                   Status::kPublished, Status::kUnpublished})
    statuses.push_back({{"value", StatusName(s)},
                        {"label", StatusLabel(s)},
                        {"selected", f->query.status == s}});
  json ctx = {{"records", items},
              {"total", page->total},
              {"links", PageLinks(*page, f->base_query)},
              {"due", dues},
              {"has_due", !dues.empty()},
              {"statuses", statuses},
              {"done", req.QueryValue("done").value_or("")}};
  return view.Page(req, "publishing/admin_list", ctx,
                   {.title = "信息发布",
                    .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                                    {{"name", "信息发布"}}}});
}

Response AdminNew(Request& req, Service& service, org::Service& org,
                  const View& view, const RecordInput& in,
                  const absl::Status& error) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  json ctx =
      RecordForm(in, GetFieldErrors(error), service, org, *req.principal);
  ctx["action"] = "/admin/records";
  ctx["is_new"] = true;
  ctx["error"] = error.ok() ? "" : std::string(error.message());
  return view.Page(
      req, "publishing/admin_edit", ctx,
      {.title = "新建信息",
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                       {{"name", "信息发布"}, {"url", "/admin/records"}},
                       {{"name", "新建"}}}});
}

Response AdminRecord(Request& req, Service& service, org::Service& org,
                     const View& view, int64_t id,
                     std::optional<RecordInput> in, const absl::Status& error,
                     const std::string& done) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  auto r = service.GetFor(&*req.principal, id);
  if (!r.ok()) return web::Error(r.status());
  if (!ActsForUnit(*req.principal, r->unit_id))
    return web::Error(absl::NotFoundError("信息不存在"));
  json ctx = RecordForm(in.value_or(InputOf(*r)), GetFieldErrors(error),
                        service, org, *req.principal);
  ctx["record"] = ListItemJson(*r);
  ctx["record"]["review_remarks"] = r->review_remarks;
  ctx["record"]["reviewed_by"] = r->reviewed_by;
  ctx["record"]["review_rejected"] = r->review_outcome == "rejected";
  ctx["record"]["unpublish_reason"] = r->unpublish_reason;
  ctx["record"]["period_label"] = r->period_label;
  ctx["record"]["public"] = IsPublic(*r);
  ctx["record"]["version"] = r->version;
  ctx["action"] = absl::StrCat("/admin/records/", id);
  ctx["error"] = error.ok() ? "" : std::string(error.message());
  ctx["done"] = done;
  Status ws = r->pending_change ? r->pending_status : r->status;
  ctx["can_edit"] = ws == Status::kDraft || ws == Status::kUnpublished ||
                    (r->status == Status::kPublished && !r->pending_change);
  ctx["can_submit"] = ws == Status::kDraft || ws == Status::kUnpublished;
  ctx["can_review"] = ws == Status::kSubmitted;
  ctx["can_publish"] =
      ws == Status::kReviewed && r->disclosure == Disclosure::kActive;
  ctx["can_unpublish"] = r->status == Status::kPublished;
  ctx["can_discard"] = r->pending_change.has_value();
  ctx["can_attach"] =
      r->status == Status::kDraft || r->status == Status::kUnpublished;
  ctx["is_published"] = r->version > 0;
  ctx["is_change"] = r->status == Status::kPublished;
  json atts = json::array();
  for (const Attachment& a : r->attachments)
    atts.push_back(
        {{"id", a.id},
         {"filename", a.filename},
         {"size", FormatSize(a.size)},
         {"url", absl::StrCat(RecordUrl(id), "/attachments/", a.id)}});
  ctx["attachments"] = atts;
  if (auto t = service.PublishBy(id); t.ok()) {
    json trace = json::array();
    for (const calendar::TraceEntry& e : t->clock.trace) {
      if (e.kind == calendar::TraceKind::kCounted && e.number > 2 &&
          e.number + 2 < t->clock.total)
        continue;  // the middle of the count is unremarkable
      trace.push_back({{"day", absl::FormatCivilTime(e.day)},
                       {"text", e.text},
                       {"counted", e.kind == calendar::TraceKind::kCounted}});
    }
    ctx["timeliness"] = {{"start", t->start},
                         {"period", t->period_label},
                         {"due", r->publish_by},
                         {"state", calendar::ClockStateLabel(t->clock.state)},
                         {"trace", trace}};
  }
  if (auto ch = service.Channels(id); ch.ok()) {
    json chans = json::array();
    for (const ChannelStatus& c : *ch)
      chans.push_back({{"channel", c.channel},
                       {"required", c.required},
                       {"done_on", c.done_on},
                       {"done_by", c.done_by},
                       {"missing", c.required && c.done_on.empty()}});
    ctx["channels"] = chans;
  }
  if (auto rels = service.Relations(&*req.principal, id); rels.ok()) {
    json out = json::array();
    for (const Relation& rel : *rels)
      out.push_back({{"kind", RelationName(rel.kind)},
                     {"label", RelationLabel(rel.kind)},
                     {"outgoing", rel.outgoing},
                     {"other_id", rel.other_id},
                     {"title", rel.other_title},
                     {"validity", ValidityJson(rel.other_validity)}});
    ctx["relations"] = out;
  }
  json validities = json::array();
  for (Validity v : {Validity::kValid, Validity::kAmended, Validity::kRepealed,
                     Validity::kExpired})
    validities.push_back({{"value", ValidityName(v)},
                          {"label", ValidityLabel(v)},
                          {"selected", r->validity == v}});
  ctx["validities"] = validities;
  return view.Page(
      req, "publishing/admin_edit", ctx,
      {.title = r->title,
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                       {{"name", "信息发布"}, {"url", "/admin/records"}},
                       {{"name", r->title}}}});
}

// Runs a staff action from a form; redirects back with a message, or shows
// the record page with the error.
Response AdminOp(Request& req, Service& service, org::Service& org,
                 const View& view) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("信息不存在"));
  const Actor& a = *req.principal;
  auto form = req.Form();
  std::string op = req.Param("op");
  absl::Status s;
  std::string done;
  if (op == "submit") {
    s = service.Submit(a, *id).status(), done = "已提交审查";
  } else if (op == "review") {
    s = service
            .Review(a, *id,
                    {FormValue(form, "outcome"), FormValue(form, "remarks")})
            .status();
    done = FormValue(form, "outcome") == "approved" ? "审查通过" : "已退回修改";
  } else if (op == "publish") {
    s = service.Publish(a, *id).status(), done = "已发布";
  } else if (op == "unpublish") {
    s = service.Unpublish(a, *id, FormValue(form, "reason")).status();
    done = "已撤回";
  } else if (op == "discard") {
    s = service.DiscardChange(a, *id).status(), done = "已放弃变更";
  } else if (op == "validity") {
    std::optional<int64_t> by = ParseId(FormValue(form, "replaced_by"));
    s = service
            .SetValidity(
                a, *id,
                {FormValue(form, "validity"), FormValue(form, "on"), by})
            .status();
    done = "已更新有效性";
  } else if (op == "attach") {
    s = InvalidFields("请选择文件", {{"file", "请选择要上传的附件"}});
    for (const web::FormPart& p : req.Parts()) {
      if (p.name != "file" || p.filename.empty()) continue;
      s = service.AddAttachment(a, *id, p.filename, p.data).status();
    }
    done = "已上传附件";
  } else if (op == "detach") {
    std::optional<int64_t> aid = ParseId(FormValue(form, "attachment"));
    s = aid ? service.RemoveAttachment(a, *id, *aid)
            : absl::NotFoundError("附件不存在");
    done = "已删除附件";
  } else if (op == "relate" || op == "unrelate") {
    std::optional<int64_t> to = ParseId(FormValue(form, "to"));
    if (!to) {
      s = InvalidFields("关联有误", {{"to", "请填写关联信息的编号"}});
    } else if (op == "relate") {
      s = service.Relate(a, *id, FormValue(form, "kind"), *to);
    } else {
      s = service.Unrelate(a, *id, FormValue(form, "kind"), *to);
    }
    done = op == "relate" ? "已添加关联" : "已删除关联";
  } else if (op == "channel") {
    s = service.MarkChannel(a, *id, FormValue(form, "channel"),
                            FormValue(form, "on"));
    done = "已登记渠道发布";
  } else {
    return web::Error(absl::NotFoundError("未知操作"));
  }
  if (!s.ok()) {
    if (absl::IsNotFound(s)) return web::Error(s);
    return AdminRecord(req, service, org, view, *id, std::nullopt, s, "");
  }
  return web::Redirect(
      absl::StrCat("/admin/records/", *id, "?done=", web::UrlEncode(done)));
}

Response AdminPages(Request& req, Service& service, const View& view,
                    const absl::Status& error = absl::OkStatus()) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  auto pages = service.ListPages();
  if (!pages.ok()) return web::Error(pages.status());
  std::string slug = req.Param("slug");
  json ps = json::array();
  json current;
  for (const PortalPage& p : *pages) {
    ps.push_back({{"slug", p.slug},
                  {"title", p.title},
                  {"url", absl::StrCat("/admin/pages/", p.slug)}});
    if (p.slug == slug)
      current = {{"slug", p.slug},
                 {"title", p.title},
                 {"body_html", p.body_html},
                 {"updated", absl::StrCat(ChinaTime(p.updated_at).substr(0, 16),
                                          " ", p.updated_by)}};
  }
  if (!slug.empty() && current.is_null())
    return web::Error(absl::NotFoundError("页面不存在"));
  json errs = json::object();
  for (const auto& [k, v] : GetFieldErrors(error)) errs[k] = v;
  json ctx = {{"pages", ps},
              {"current", current},
              {"error", error.ok() ? "" : std::string(error.message())},
              {"errors", errs},
              {"done", req.QueryValue("done").value_or("")}};
  return view.Page(req, "publishing/admin_pages", ctx,
                   {.title = "公开指南与制度",
                    .status = error.ok() ? 200 : web::HttpStatus(error.code()),
                    .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                                    {{"name", "公开指南与制度"}}}});
}

Response AdminSettings(Request& req, Service& service, org::Service& org,
                       const View& view,
                       const absl::Status& error = absl::OkStatus()) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  auto units = org.ListUnits();
  auto genres = service.Genres();
  if (!units.ok()) return web::Error(units.status());
  if (!genres.ok()) return web::Error(genres.status());
  json us = json::array();
  for (const org::Unit& u : *units) {
    auto pattern = service.IndexPattern(u.id);
    us.push_back({{"id", u.id},
                  {"name", u.name},
                  {"credit_code", u.credit_code},
                  {"no_code", u.credit_code.empty()},
                  {"pattern", pattern.ok() ? *pattern : ""}});
  }
  json ctx = {{"units", us},
              {"genres", *genres},
              {"error", error.ok() ? "" : std::string(error.message())},
              {"done", req.QueryValue("done").value_or("")}};
  for (const auto& [k, v] : GetFieldErrors(error)) ctx["errors"][k] = v;
  return view.Page(req, "publishing/admin_settings", ctx,
                   {.title = "索引号与体裁",
                    .status = error.ok() ? 200 : web::HttpStatus(error.code()),
                    .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                                    {{"name", "索引号与体裁"}}}});
}

}  // namespace

std::string DomainSection(Service& service, const View& view,
                          const web::Request& req, const org::Domain& domain) {
  (void)req;
  auto counts = service.CountsByItem(domain.id);
  auto latest = service.ListPublic({.domain_id = domain.id, .per_page = 8});
  if (!counts.ok() || !latest.ok()) return "";
  json items = json::array();
  for (const ItemCount& c : *counts)
    items.push_back(
        {{"level1", c.level1},
         {"level2", c.level2},
         {"count", c.count},
         {"latest_on", c.latest_on},
         {"url", absl::StrCat("/records?domain=", domain.id,
                              "&item1=", web::UrlEncode(c.level1),
                              "&item2=", web::UrlEncode(c.level2))}});
  json records = json::array();
  for (const Record& r : latest->records) records.push_back(ListItemJson(r));
  return view.Render("publishing/domain_section",
                     {{"domain_id", domain.id},
                      {"items", items},
                      {"has_items", !items.empty()},
                      {"records", records},
                      {"has_records", !records.empty()},
                      {"total", latest->total}});
}

void RegisterRoutes(web::Router& router, Service& service, org::Service& org,
                    const View& view, const HttpOptions& options) {
  Service* s = &service;
  org::Service* o = &org;
  const View* v = &view;
  HttpOptions opt = options;
  // Public portal.
  router.Get("/xxgk",
             [s, o, v](Request& r) { return PortalIndex(r, *s, *o, *v); });
  router.Get("/xxgk/{slug}",
             [s, v](Request& r) { return PortalPageView(r, *s, *v); });
  router.Get("/records",
             [s, o, v](Request& r) { return RecordList(r, *s, *o, *v); });
  router.Get("/records/{id}", [s, v](Request& r) {
    return RecordDetail(r, *s, *v, std::nullopt);
  });
  router.Get("/records/{id}/versions/{version}", [s, v](Request& r) {
    int version = 0;
    if (!absl::SimpleAtoi(r.Param("version"), &version))
      return web::Error(absl::NotFoundError("版本不存在"));
    return RecordDetail(r, *s, *v, version);
  });
  router.Get("/records/{id}/attachments/{aid}",
             [s](Request& r) { return AttachmentDownload(r, *s); });
  // Feeds (RSS 2.0 and JSON Feed) per site, domain and unit; sitemaps.
  router.Get("/feeds/records.rss", [s, o, opt](Request& r) {
    return FeedResponse(r, *s, *o, opt, FeedFormat::kRss, "site");
  });
  router.Get("/feeds/records.json", [s, o, opt](Request& r) {
    return FeedResponse(r, *s, *o, opt, FeedFormat::kJson, "site");
  });
  // Per domain and unit: /feeds/domains/4.rss, /feeds/units/4.json.
  for (const char* scope : {"domain", "unit"}) {
    router.Get(absl::StrCat("/feeds/", scope, "s/{file}"), [s, o, opt,
                                                            scope](Request& r) {
      std::string file = r.Param("file");
      size_t dot = file.rfind('.');
      std::string ext = dot == std::string::npos ? "" : file.substr(dot + 1);
      if (ext != "rss" && ext != "json")
        return web::Error(absl::NotFoundError("订阅源不存在"));
      r.path_params["id"] = file.substr(0, dot);
      return FeedResponse(r, *s, *o, opt,
                          ext == "rss" ? FeedFormat::kRss : FeedFormat::kJson,
                          scope);
    });
  }
  router.Get("/sitemap.xml",
             [s, opt](Request& r) { return SitemapIndex(r, *s, opt); });
  router.Get("/sitemaps/{part}",
             [s, o, opt](Request& r) { return SitemapPart(r, *s, *o, opt); });
  // API.
  router.Get("/api/v1/records",
             [s, o](Request& r) { return ApiList(r, *s, *o); });
  router.Get("/api/v1/records/{id}", [s](Request& r) {
    std::optional<int64_t> id = ParseId(r.Param("id"));
    if (!id) return web::Error(absl::NotFoundError("信息不存在"));
    auto rec = s->GetFor(Who(r), *id);
    if (!rec.ok()) return web::Error(rec.status());
    json j = ApiJson(*rec, /*staff=*/r.principal.has_value() &&
                               ActsForUnit(*r.principal, rec->unit_id));
    if (r.principal && ActsForUnit(*r.principal, rec->unit_id)) {
      if (auto t = s->PublishBy(*id); t.ok()) {
        json trace = json::array();
        for (const calendar::TraceEntry& e : t->clock.trace)
          trace.push_back({{"day", absl::FormatCivilTime(e.day)},
                           {"kind", calendar::TraceKindName(e.kind)},
                           {"text", e.text}});
        j["timeliness"] = {{"start", t->start},
                           {"period", t->period_label},
                           {"state", calendar::ClockStateName(t->clock.state)},
                           {"trace", trace}};
      }
    }
    return web::Json(j);
  });
  router.Post("/api/v1/records", [s](Request& r) {
    if (auto denied = web::RequireSignedIn(r)) return *denied;
    auto body = r.JsonBody();
    if (!body.ok()) return web::Error(body.status());
    auto rec = s->Create(*r.principal, InputFromJson(*body));
    if (!rec.ok()) return web::Error(rec.status());
    return RecordJson(*rec, 201);
  });
  router.Post("/api/v1/records/{id}", [s](Request& r) {
    return ApiTransition(r, [s](const Actor& a, int64_t id, const json& b) {
      return s->Update(a, id, InputFromJson(b));
    });
  });
  router.Post("/api/v1/records/{id}/submit", [s](Request& r) {
    return ApiTransition(r, [s](const Actor& a, int64_t id, const json&) {
      return s->Submit(a, id);
    });
  });
  router.Post("/api/v1/records/{id}/review", [s](Request& r) {
    return ApiTransition(r, [s](const Actor& a, int64_t id,
                                const json& b) -> absl::StatusOr<Record> {
      JsonFields f(b);
      ReviewInput in{f.String("outcome", "审核结果"), f.String("remarks", "审核意见")};
      ZWGK_RETURN_IF_ERROR(f.status());
      return s->Review(a, id, in);
    });
  });
  router.Post("/api/v1/records/{id}/publish", [s](Request& r) {
    return ApiTransition(r, [s](const Actor& a, int64_t id, const json&) {
      return s->Publish(a, id);
    });
  });
  router.Post("/api/v1/records/{id}/unpublish", [s](Request& r) {
    return ApiTransition(r, [s](const Actor& a, int64_t id,
                                const json& b) -> absl::StatusOr<Record> {
      JsonFields f(b);
      std::string reason = f.String("reason", "撤回原因");
      ZWGK_RETURN_IF_ERROR(f.status());
      return s->Unpublish(a, id, reason);
    });
  });
  router.Post("/api/v1/records/{id}/validity", [s](Request& r) {
    return ApiTransition(r, [s](const Actor& a, int64_t id,
                                const json& b) -> absl::StatusOr<Record> {
      JsonFields f(b);
      std::string validity = f.String("validity", "有效性");
      std::string on = f.String("on", "日期");
      std::optional<int64_t> by = f.Int("replaced_by", "替代文件");
      ZWGK_RETURN_IF_ERROR(f.status());
      return s->SetValidity(a, id, {validity, on, by});
    });
  });
  router.Post("/api/v1/records/{id}/relations", [s](Request& r) {
    return ApiTransition(
        r,
        [s](const Actor& a, int64_t id,
            const json& b) -> absl::StatusOr<Record> {
          JsonFields f(b);
          std::string kind = f.String("kind", "关联类型");
          std::optional<int64_t> to = f.Int("to", "关联信息");
          ZWGK_RETURN_IF_ERROR(f.status());
          ZWGK_RETURN_IF_ERROR(s->Relate(a, id, kind, to.value_or(0)));
          return s->Get(id);
        });
  });
  // Staff pages.
  router.Get("/admin/records",
             [s, o, v](Request& r) { return AdminList(r, *s, *o, *v); });
  router.Get("/admin/records/new", [s, o, v](Request& r) {
    RecordInput in{.unit = r.principal && r.principal->unit_id
                               ? absl::StrCat(*r.principal->unit_id)
                               : "",
                   .domain = r.QueryValue("domain").value_or(""),
                   .genre = "通知"};
    if (auto item = r.QueryValue("item")) {
      int64_t id = 0;
      if (absl::SimpleAtoi(*item, &id)) in.catalog_item_id = id;
    }
    return AdminNew(r, *s, *o, *v, in, absl::OkStatus());
  });
  router.Post("/admin/records", [s, o, v](Request& r) {
    if (auto denied = web::RequireSignedIn(r)) return *denied;
    RecordInput in = InputFromForm(r.Form());
    auto rec = s->Create(*r.principal, in);
    if (!rec.ok()) {
      if (absl::IsNotFound(rec.status())) return web::Error(rec.status());
      return AdminNew(r, *s, *o, *v, in, rec.status());
    }
    return web::Redirect(absl::StrCat("/admin/records/", rec->id,
                                      "?done=", web::UrlEncode("已保存草稿")));
  });
  router.Get("/admin/records/{id}", [s, o, v](Request& r) {
    std::optional<int64_t> id = ParseId(r.Param("id"));
    if (!id) return web::Error(absl::NotFoundError("信息不存在"));
    return AdminRecord(r, *s, *o, *v, *id, std::nullopt, absl::OkStatus(),
                       r.QueryValue("done").value_or(""));
  });
  router.Post("/admin/records/{id}", [s, o, v](Request& r) {
    if (auto denied = web::RequireSignedIn(r)) return *denied;
    std::optional<int64_t> id = ParseId(r.Param("id"));
    if (!id) return web::Error(absl::NotFoundError("信息不存在"));
    RecordInput in = InputFromForm(r.Form());
    auto rec = s->Update(*r.principal, *id, in);
    if (!rec.ok()) {
      if (absl::IsNotFound(rec.status())) return web::Error(rec.status());
      return AdminRecord(r, *s, *o, *v, *id, in, rec.status(), "");
    }
    return web::Redirect(absl::StrCat("/admin/records/", *id,
                                      "?done=", web::UrlEncode("已保存")));
  });
  // "attach" carries files: the service's attachment limit plus the form.
  router.Post(
      "/admin/records/{id}/{op}",
      [s, o, v](Request& r) { return AdminOp(r, *s, *o, *v); },
      {.max_body_bytes =
           static_cast<size_t>(s->options().max_attachment_bytes) + (1u << 20)});
  router.Get("/admin/pages",
             [s, v](Request& r) { return AdminPages(r, *s, *v); });
  router.Get("/admin/pages/{slug}",
             [s, v](Request& r) { return AdminPages(r, *s, *v); });
  router.Post("/admin/pages/{slug}", [s, v](Request& r) {
    if (auto denied = web::RequireAdmin(r)) return *denied;
    auto f = r.Form();
    auto saved = s->SavePage(*r.principal, r.Param("slug"),
                             FormValue(f, "title"), FormValue(f, "body_html"));
    if (!saved.ok()) {
      if (absl::IsNotFound(saved.status())) return web::Error(saved.status());
      return AdminPages(r, *s, *v, saved.status());
    }
    return web::Redirect(absl::StrCat("/admin/pages/", saved->slug,
                                      "?done=", web::UrlEncode("已保存")));
  });
  router.Get("/admin/publishing",
             [s, o, v](Request& r) { return AdminSettings(r, *s, *o, *v); });
  router.Post("/admin/publishing/pattern", [s, o, v](Request& r) {
    if (auto denied = web::RequireAdmin(r)) return *denied;
    auto f = r.Form();
    std::optional<int64_t> unit = ParseId(FormValue(f, "unit"));
    absl::Status st =
        unit ? s->SetIndexPattern(*r.principal, *unit, FormValue(f, "pattern"))
             : absl::NotFoundError("单位不存在");
    if (!st.ok()) return AdminSettings(r, *s, *o, *v, st);
    return web::Redirect("/admin/publishing?done=" +
                         web::UrlEncode("已保存索引号格式"));
  });
  router.Post("/admin/publishing/genres", [s, o, v](Request& r) {
    if (auto denied = web::RequireAdmin(r)) return *denied;
    absl::Status st = s->AddGenre(*r.principal, FormValue(r.Form(), "name"));
    if (!st.ok()) return AdminSettings(r, *s, *o, *v, st);
    return web::Redirect("/admin/publishing?done=" +
                         web::UrlEncode("已增加体裁"));
  });
}

}  // namespace zwgk::publishing
