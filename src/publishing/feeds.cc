// RSS 2.0 and JSON Feed per site, domain and unit; the sitemap index and
// its parts (site pages, public records by id range).
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "content/feed.h"
#include "content/sanitize.h"
#include "publishing/http_internal.h"

namespace zwgk::publishing::http_internal {
namespace {

using web::ParseId;
using web::Request;
using web::Response;

constexpr int kFeedEntries = 30;
constexpr int kSitemapUrls = 50000;

enum class FeedFormat { kRss, kJson };

// The newest public records of the site, or of one domain or unit (the id
// in the path), as RSS 2.0 or JSON Feed.
Response FeedResponse(Deps& d, Request& req, FeedFormat format,
                      absl::string_view scope) {
  Service& service = d.service;
  org::Service& org = d.org;
  const HttpOptions& o = d.options;
  ListQuery q{.per_page = kFeedEntries, .with_body = true};
  std::string title = "政府信息公开";
  std::string home = "/records";
  std::string base = BaseUrl(req, o);
  std::string self = req.path;
  if (scope == "domain" || scope == "unit") {
    std::optional<int64_t> id = ParseId(req.Param("id"));
    if (!id) return web::Error(absl::NotFoundError("订阅源不存在"));
    if (scope == "domain") {
      auto domain = org.GetDomain(*id);
      if (!domain.ok()) return web::Error(domain.status());
      q.domain_id = domain->id;
      title = absl::StrCat(domain->name, "领域 政府信息公开");
      home = absl::StrCat("/domains/", domain->id);
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

// "4.rss" / "4.json" of /feeds/{domains,units}/{file}.
Response ScopedFeed(Deps& d, Request& req, absl::string_view scope) {
  std::string file = req.Param("file");
  size_t dot = file.rfind('.');
  std::string ext = dot == std::string::npos ? "" : file.substr(dot + 1);
  if (ext != "rss" && ext != "json")
    return web::Error(absl::NotFoundError("订阅源不存在"));
  req.path_params["id"] = file.substr(0, dot);
  return FeedResponse(
      d, req, ext == "rss" ? FeedFormat::kRss : FeedFormat::kJson, scope);
}

}  // namespace

Response SiteFeedRss(Deps& d, Request& req) {
  return FeedResponse(d, req, FeedFormat::kRss, "site");
}

Response SiteFeedJson(Deps& d, Request& req) {
  return FeedResponse(d, req, FeedFormat::kJson, "site");
}

Response DomainFeed(Deps& d, Request& req) {
  return ScopedFeed(d, req, "domain");
}

Response UnitFeed(Deps& d, Request& req) { return ScopedFeed(d, req, "unit"); }

Response SitemapIndex(Deps& d, Request& req) {
  Service& service = d.service;
  const HttpOptions& o = d.options;
  std::string base = BaseUrl(req, o);
  std::vector<content::SitemapUrl> maps = {{base + "/sitemaps/site.xml", ""}};
  // One sitemap per 50,000 public records, addressed by the id they start
  // after, so each is one key-range scan.
  auto chunks = service.SitemapChunks(kSitemapUrls);
  if (!chunks.ok()) return web::Error(chunks.status());
  int64_t after = 0;
  for (const SitemapChunk& c : *chunks) {
    maps.push_back(
        {absl::StrCat(base, "/sitemaps/records-", after, ".xml"), c.lastmod});
    after = c.last_id;
  }
  return web::Text(content::RenderSitemapIndex(maps),
                   "application/xml; charset=utf-8");
}

Response SitemapPart(Deps& d, Request& req) {
  Service& service = d.service;
  org::Service& org = d.org;
  const HttpOptions& o = d.options;
  std::string base = BaseUrl(req, o);
  std::string part = req.Param("part");
  std::vector<content::SitemapUrl> urls;
  if (part == "site.xml") {
    urls = {{base + "/", ""}, {base + "/xxgk", ""}, {base + "/records", ""}};
    // The public list pages of the participation modules (issue 16); their
    // items are linked from those pages (publishing does not read them).
    for (const char* path :
         {"/decisions", "/consultations", "/messages", "/messages/stats"})
      urls.push_back({base + path, ""});
    auto domains = org.ListDomains();
    if (!domains.ok()) return web::Error(domains.status());
    for (const org::Domain& domain : *domains)
      urls.push_back({absl::StrCat(base, "/domains/", domain.id), ""});
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

}  // namespace zwgk::publishing::http_internal
