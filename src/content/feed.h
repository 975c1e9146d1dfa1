// Syndication of published records for 两微一端 (WeChat, Weibo, the app)
// and search engines: RSS 2.0, JSON Feed 1.1 and sitemaps. Pure rendering:
// the caller chooses the entries and absolute URLs.
#ifndef ZWGK_CONTENT_FEED_H_
#define ZWGK_CONTENT_FEED_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace zwgk::content {

struct FeedEntry {
  std::string id;   // absolute URL (stable across edits)
  std::string url;  // absolute URL of the public page
  std::string title;
  std::string summary;       // plain text
  std::string content_html;  // sanitized HTML
  std::string published;     // RFC 3339 with +08:00
  std::string updated;       // RFC 3339; may be empty
  std::vector<std::string> categories;
  std::string author;  // e.g. the publishing unit
};

struct Feed {
  std::string title;
  std::string home_url;  // absolute
  std::string feed_url;  // absolute URL of this feed
  std::string description;
  std::string language = "zh-CN";
  std::vector<FeedEntry> entries;
};

// RSS 2.0. The channel has title, link, description (the title when empty),
// language, lastBuildDate (the newest entry's updated-or-published time;
// omitted without entries, so output depends only on the input) and
// atom:link rel="self". Each item has title, link, guid (isPermaLink="true"
// when the id is an http(s) URL), description (content_html, else summary,
// escaped), pubDate in RFC 822 ("Mon, 02 Mar 2026 09:00:00 +0800"),
// category per category and dc:creator for the author. Control characters
// XML 1.0 forbids are removed; unparsable dates are left out.
std::string RenderRss2(const Feed& feed);

// JSON Feed 1.1 (https://jsonfeed.org/version/1.1): version, title,
// home_page_url, feed_url, description, language, items with id, url,
// title, content_html (content_text = summary when there is no HTML),
// summary, date_published, date_modified, tags, authors [{name}]. Empty
// optional fields and unparsable dates are left out.
std::string RenderJsonFeed(const Feed& feed);

struct SitemapUrl {
  std::string loc;      // absolute URL
  std::string lastmod;  // YYYY-MM-DD (or RFC 3339); left out when invalid
};

// sitemaps.org 0.9 limits one file to this many URLs; the caller splits
// larger sets and lists the parts in a sitemap index.
inline constexpr size_t kMaxSitemapUrls = 50000;

// A sitemaps.org 0.9 <urlset>. Renders every URL given.
std::string RenderSitemap(const std::vector<SitemapUrl>& urls);

// A sitemaps.org 0.9 <sitemapindex> listing sitemap files.
std::string RenderSitemapIndex(const std::vector<SitemapUrl>& sitemaps);

// RFC 3339 "2026-03-02T09:00:00+08:00" (also "Z", fractional seconds,
// lowercase t/z) → RFC 822 "Mon, 02 Mar 2026 09:00:00 +0800" in the same
// offset. InvalidArgument for anything else, including impossible dates.
absl::StatusOr<std::string> Rfc3339ToRfc822(absl::string_view rfc3339);

}  // namespace zwgk::content

#endif  // ZWGK_CONTENT_FEED_H_
