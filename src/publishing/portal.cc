// The public 政务公开 pages: the portal index, 指南/制度 pages, the record
// list with its filters, record pages (and their versions) and attachments.
#include <algorithm>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "content/accessibility.h"
#include "core/clock.h"
#include "publishing/http_internal.h"

namespace zwgk::publishing {
namespace http_internal {
namespace {

using nlohmann::json;
using web::ParseId;
using web::Request;
using web::Response;

// The record page, or one of its published versions.
Response ShowRecord(Deps& d, Request& req, std::optional<int> version) {
  Service& service = d.service;
  const View& view = d.view;
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
  json ctx = DetailJson(service, *r, viewer, *relations, *versions,
                        {.title = title,
                         .doc_number = doc,
                         .body_html = body,
                         .shown_version = shown_version,
                         .version = version});
  ctx["staff_view"] = staff_view;
  json crumbs = {{{"name", "政务公开"}, {"url", "/xxgk"}},
                 {{"name", "信息公开目录"}, {"url", "/records"}}};
  if (r->domain_id)
    crumbs.push_back({{"name", r->domain_name},
                      {"url", absl::StrCat("/domains/", *r->domain_id)}});
  crumbs.push_back({{"name", "正文"}});
  return view.Page(
      req, "publishing/detail", ctx,
      {.title = title,
       .breadcrumbs = crumbs,
       .meta = {
           .column_name = r->genre.empty() ? "信息公开目录" : r->genre,
           .column_type = "信息公开",
           .article = ArticleMeta{.title = title,
                                  .published_at = r->published_at,
                                  .source = r->unit_name,
                                  .keywords = absl::StrJoin(r->keywords, ","),
                                  .text = body,
                                  .url = absl::StrCat("/records/", *id)}}});
}

}  // namespace

Response RecordList(Deps& d, Request& req) {
  Service& service = d.service;
  org::Service& org = d.org;
  const View& view = d.view;
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

Response RecordDetail(Deps& d, Request& req) {
  return ShowRecord(d, req, std::nullopt);
}

Response RecordVersion(Deps& d, Request& req) {
  int version = 0;
  if (!absl::SimpleAtoi(req.Param("version"), &version))
    return web::Error(absl::NotFoundError("版本不存在"));
  return ShowRecord(d, req, version);
}

Response AttachmentDownload(Deps& d, Request& req) {
  Service& service = d.service;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  std::optional<int64_t> aid = ParseId(req.Param("aid"));
  if (!id || !aid) return web::Error(absl::NotFoundError("附件不存在"));
  auto got = service.AttachmentFor(Who(req), *id, *aid);
  if (!got.ok()) return web::Error(got.status());
  return web::Download(std::move(got->second), got->first.content_type,
                       got->first.filename);
}

Response PortalIndex(Deps& d, Request& req) {
  Service& service = d.service;
  org::Service& org = d.org;
  const View& view = d.view;
  auto latest = service.ListPublic({.per_page = kLatestOnPortal});
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

Response PortalPageView(Deps& d, Request& req) {
  Service& service = d.service;
  const View& view = d.view;
  auto page = service.GetPage(req.Param("slug"));
  if (!page.ok()) return web::Error(page.status());
  json ctx = {{"title", page->title},
              {"body_html", content::ScrollableTables(page->body_html)},
              {"updated_at", LocalDate(page->updated_at)},
              {"slug", page->slug}};
  return view.Page(req, "publishing/page", ctx,
                   {.title = page->title,
                    .breadcrumbs = {{{"name", "政务公开"}, {"url", "/xxgk"}},
                                    {{"name", page->title}}}});
}

}  // namespace http_internal

using http_internal::ListItemJson;
using nlohmann::json;

std::string DomainSection(Service& service, const View& view,
                          const web::Request& req, const org::Domain& domain) {
  (void)req;
  auto counts = service.CountsByItem(domain.id);
  auto latest = service.ListPublic(
      {.domain_id = domain.id, .per_page = kLatestInSection});
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

}  // namespace zwgk::publishing
