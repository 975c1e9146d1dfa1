#include "content/feed.h"

#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "content/sanitize.h"
#include "nlohmann/json.hpp"

namespace zwgk::content {
namespace {

constexpr absl::string_view kSitemapNamespace =
    "http://www.sitemaps.org/schemas/sitemap/0.9";

struct Timestamp {
  absl::CivilSecond local;
  int offset_minutes = 0;  // east of UTC

  absl::Time Instant() const {
    return absl::FromCivil(local, absl::UTCTimeZone()) -
           absl::Minutes(offset_minutes);
  }
};

// Reads `width` digits at s[pos]; nullopt when they are not all digits.
std::optional<int> Digits(absl::string_view s, size_t pos, size_t width) {
  if (pos + width > s.size()) return std::nullopt;
  int value = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(s[i]))) {
      return std::nullopt;
    }
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

bool CharAt(absl::string_view s, size_t pos, char c) {
  return pos < s.size() && s[pos] == c;
}

// A calendar date that exists (no 2026-02-30).
std::optional<absl::CivilDay> ParseDate(absl::string_view s) {
  const std::optional<int> year = Digits(s, 0, 4);
  const std::optional<int> month = Digits(s, 5, 2);
  const std::optional<int> day = Digits(s, 8, 2);
  if (!year || !month || !day || !CharAt(s, 4, '-') || !CharAt(s, 7, '-')) {
    return std::nullopt;
  }
  const absl::CivilDay civil(*year, *month, *day);
  if (civil.year() != *year || civil.month() != *month || civil.day() != *day) {
    return std::nullopt;
  }
  return civil;
}

std::optional<Timestamp> ParseRfc3339(absl::string_view s) {
  const std::optional<absl::CivilDay> day = ParseDate(s);
  if (!day || s.size() < 20 || (s[10] != 'T' && s[10] != 't')) {
    return std::nullopt;
  }
  const std::optional<int> hour = Digits(s, 11, 2);
  const std::optional<int> minute = Digits(s, 14, 2);
  const std::optional<int> second = Digits(s, 17, 2);
  if (!hour || !minute || !second || !CharAt(s, 13, ':') ||
      !CharAt(s, 16, ':') || *hour > 23 || *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  size_t pos = 19;
  if (CharAt(s, pos, '.')) {  // fractional seconds are dropped
    const size_t start = ++pos;
    while (pos < s.size() &&
           absl::ascii_isdigit(static_cast<unsigned char>(s[pos]))) {
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  Timestamp t{.local = absl::CivilSecond(day->year(), day->month(), day->day(),
                                         *hour, *minute, *second)};
  const absl::string_view zone = s.substr(pos);
  if (zone == "Z" || zone == "z") return t;
  const std::optional<int> zone_hour = Digits(zone, 1, 2);
  const std::optional<int> zone_minute = Digits(zone, 4, 2);
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') ||
      zone[3] != ':' || !zone_hour || !zone_minute || *zone_hour > 23 ||
      *zone_minute > 59) {
    return std::nullopt;
  }
  t.offset_minutes =
      (zone[0] == '-' ? -1 : 1) * (*zone_hour * 60 + *zone_minute);
  return t;
}

std::string FormatRfc822(const Timestamp& t) {
  static constexpr const char* kWeekdays[] = {"Mon", "Tue", "Wed", "Thu",
                                              "Fri", "Sat", "Sun"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
  const absl::CivilSecond& c = t.local;
  // Monday = 0
  const int weekday = static_cast<int>(absl::GetWeekday(absl::CivilDay(c)));
  const int offset =
      t.offset_minutes < 0 ? -t.offset_minutes : t.offset_minutes;
  return absl::StrFormat(
      "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d", kWeekdays[weekday], c.day(),
      kMonths[c.month() - 1], c.year(), c.hour(), c.minute(), c.second(),
      t.offset_minutes < 0 ? '-' : '+', offset / 60, offset % 60);
}

bool IsHttpUrl(absl::string_view s) {
  return absl::StartsWithIgnoreCase(s, "http://") ||
         absl::StartsWithIgnoreCase(s, "https://");
}

// <name>escaped text</name>
void AppendElement(std::string& out, absl::string_view indent,
                   absl::string_view name, absl::string_view value) {
  absl::StrAppend(&out, indent, "<", name, ">", XmlEscape(value), "</", name,
                  ">\n");
}

// The newest updated-or-published time of the entries.
std::optional<Timestamp> LastBuild(const std::vector<FeedEntry>& entries) {
  std::optional<Timestamp> newest;
  for (const FeedEntry& e : entries) {
    std::optional<Timestamp> t = ParseRfc3339(e.updated);
    if (!t) t = ParseRfc3339(e.published);
    if (t && (!newest || t->Instant() > newest->Instant())) newest = t;
  }
  return newest;
}

void AppendItem(std::string& out, const FeedEntry& e) {
  out += "    <item>\n";
  AppendElement(out, "      ", "title", e.title);
  if (!e.url.empty()) AppendElement(out, "      ", "link", e.url);
  const absl::string_view guid = e.id.empty() ? e.url : e.id;
  if (!guid.empty()) {
    absl::StrAppend(&out, "      <guid isPermaLink=\"",
                    IsHttpUrl(guid) ? "true" : "false", "\">", XmlEscape(guid),
                    "</guid>\n");
  }
  AppendElement(out, "      ", "description",
                e.content_html.empty() ? e.summary : e.content_html);
  if (std::optional<Timestamp> t = ParseRfc3339(e.published)) {
    AppendElement(out, "      ", "pubDate", FormatRfc822(*t));
  }
  for (const std::string& category : e.categories) {
    AppendElement(out, "      ", "category", category);
  }
  if (!e.author.empty()) AppendElement(out, "      ", "dc:creator", e.author);
  out += "    </item>\n";
}

bool IsValidLastmod(absl::string_view s) {
  return (s.size() == 10 && ParseDate(s).has_value()) ||
         ParseRfc3339(s).has_value();
}

std::string RenderUrlList(const std::vector<SitemapUrl>& urls,
                          absl::string_view root, absl::string_view element) {
  std::string out =
      absl::StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<", root,
                   " xmlns=\"", kSitemapNamespace, "\">\n");
  for (const SitemapUrl& u : urls) {
    absl::StrAppend(&out, "  <", element, ">\n");
    AppendElement(out, "    ", "loc", u.loc);
    if (IsValidLastmod(u.lastmod)) {
      AppendElement(out, "    ", "lastmod", u.lastmod);
    }
    absl::StrAppend(&out, "  </", element, ">\n");
  }
  absl::StrAppend(&out, "</", root, ">\n");
  return out;
}

}  // namespace

absl::StatusOr<std::string> Rfc3339ToRfc822(absl::string_view rfc3339) {
  std::optional<Timestamp> t = ParseRfc3339(rfc3339);
  if (!t) {
    return absl::InvalidArgumentError(
        absl::StrCat("时间“", XmlEscape(rfc3339.substr(0, 64)),
                     "”不是 RFC 3339 格式（应如 2026-03-02T09:00:00+08:00）"));
  }
  return FormatRfc822(*t);
}

std::string RenderRss2(const Feed& feed) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
      "  <channel>\n";
  AppendElement(out, "    ", "title", feed.title);
  AppendElement(out, "    ", "link", feed.home_url);
  AppendElement(out, "    ", "description",
                feed.description.empty() ? feed.title : feed.description);
  if (!feed.language.empty()) {
    AppendElement(out, "    ", "language", feed.language);
  }
  if (std::optional<Timestamp> t = LastBuild(feed.entries)) {
    AppendElement(out, "    ", "lastBuildDate", FormatRfc822(*t));
  }
  if (!feed.feed_url.empty()) {
    absl::StrAppend(&out, "    <atom:link href=\"", XmlEscape(feed.feed_url),
                    "\" rel=\"self\" type=\"application/rss+xml\"/>\n");
  }
  for (const FeedEntry& e : feed.entries) AppendItem(out, e);
  out += "  </channel>\n</rss>\n";
  return out;
}

std::string RenderJsonFeed(const Feed& feed) {
  using nlohmann::json;
  json root = {{"version", "https://jsonfeed.org/version/1.1"},
               {"title", feed.title}};
  const auto put = [](json& object, const char* key, const std::string& v) {
    if (!v.empty()) object[key] = v;
  };
  put(root, "home_page_url", feed.home_url);
  put(root, "feed_url", feed.feed_url);
  put(root, "description", feed.description);
  put(root, "language", feed.language);
  json items = json::array();
  for (const FeedEntry& e : feed.entries) {
    json item = {{"id", e.id.empty() ? e.url : e.id}};
    put(item, "url", e.url);
    put(item, "title", e.title);
    if (!e.content_html.empty()) {
      item["content_html"] = e.content_html;
    } else {
      item["content_text"] = e.summary;  // one of the two is required
    }
    put(item, "summary", e.summary);
    if (ParseRfc3339(e.published)) item["date_published"] = e.published;
    if (ParseRfc3339(e.updated)) item["date_modified"] = e.updated;
    if (!e.categories.empty()) item["tags"] = e.categories;
    if (!e.author.empty()) {
      item["authors"] = json::array({{{"name", e.author}}});
    }
    items.push_back(std::move(item));
  }
  root["items"] = std::move(items);
  // Invalid UTF-8 is replaced rather than thrown about.
  return root.dump(-1, ' ', /*ensure_ascii=*/false,
                   json::error_handler_t::replace);
}

std::string RenderSitemap(const std::vector<SitemapUrl>& urls) {
  return RenderUrlList(urls, "urlset", "url");
}

std::string RenderSitemapIndex(const std::vector<SitemapUrl>& sitemaps) {
  return RenderUrlList(sitemaps, "sitemapindex", "sitemap");
}

}  // namespace zwgk::content
