#include "content/feed.h"

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "pugixml.hpp"

namespace zwgk::content {
namespace {

using ::testing::ElementsAre;

TEST(Rfc3339ToRfc822, ConvertsValidTimes) {
  struct Case {
    const char* in;
    const char* want;
  };
  const Case cases[] = {
      {"2026-03-02T09:00:00+08:00", "Mon, 02 Mar 2026 09:00:00 +0800"},
      {"2026-03-02T09:00:00Z", "Mon, 02 Mar 2026 09:00:00 +0000"},
      {"2024-02-29T23:59:59.123-05:30", "Thu, 29 Feb 2024 23:59:59 -0530"},
      {"2026-01-01t00:00:00z", "Thu, 01 Jan 2026 00:00:00 +0000"},
      {"2025-12-31T18:30:05+08:00", "Wed, 31 Dec 2025 18:30:05 +0800"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<std::string> got = Rfc3339ToRfc822(c.in);
    ASSERT_TRUE(got.ok()) << c.in << ": " << got.status();
    EXPECT_EQ(*got, c.want);
  }
}

TEST(Rfc3339ToRfc822, RejectsEverythingElse) {
  const char* bad[] = {"",
                       "2026-02-30T09:00:00+08:00",
                       "2026-13-01T00:00:00Z",
                       "2026-03-02 09:00:00+08:00",
                       "2026-03-02T24:00:00+08:00",
                       "2026-03-02T09:60:00+08:00",
                       "2026-03-02T09:00:00",
                       "2026-03-02T09:00:00+0800",
                       "2026-03-02T09:00:00+24:00",
                       "2026-03-02T09:00:00.+08:00",
                       "2026-03-02",
                       "Mon, 02 Mar 2026 09:00:00 +0800"};
  for (const char* s : bad) {
    absl::StatusOr<std::string> got = Rfc3339ToRfc822(s);
    ASSERT_FALSE(got.ok()) << s;
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(got.status().message()),
                ::testing::HasSubstr("不是 RFC 3339 格式"));
  }
}

Feed SampleFeed() {
  return Feed{
      .title = "某某县人民政府 政府信息公开",
      .home_url = "https://www.example.gov.cn/zwgk/",
      .feed_url = "https://www.example.gov.cn/zwgk/rss.xml",
      .description = "法定主动公开内容 & 政策文件",
      .entries = {
          FeedEntry{.id = "https://www.example.gov.cn/zwgk/records/1",
                    .url = "https://www.example.gov.cn/zwgk/records/1",
                    .title = "关于<调整> \"低保\" & 特困标准的通知\x01\x1F",
                    .summary = "自 2026 年 3 月起……",
                    .content_html = "<p>正文 &amp; <b>附件</b></p>",
                    .published = "2026-03-02T09:00:00+08:00",
                    .updated = "2026-03-05T10:00:00+08:00",
                    .categories = {"民政、扶贫、救灾", "社会救助"},
                    .author = "县民政局"},
          FeedEntry{.id = "urn:zwgk:2",
                    .url = "https://www.example.gov.cn/zwgk/records/2",
                    .title = "公告",
                    .summary = "只有摘要",
                    .published = "2026-03-04T08:00:00+08:00",
                    .updated = "not a date"},
      }};
}

TEST(RenderRss2, ParsesWithTheRequiredElements) {
  const std::string xml = RenderRss2(SampleFeed());
  pugi::xml_document doc;
  ASSERT_EQ(doc.load_string(xml.c_str()).status, pugi::status_ok) << xml;
  const pugi::xml_node rss = doc.child("rss");
  EXPECT_STREQ(rss.attribute("version").value(), "2.0");
  const pugi::xml_node channel = rss.child("channel");
  EXPECT_STREQ(channel.child_value("title"), "某某县人民政府 政府信息公开");
  EXPECT_STREQ(channel.child_value("link"), "https://www.example.gov.cn/zwgk/");
  EXPECT_STREQ(channel.child_value("description"),
               "法定主动公开内容 & 政策文件");
  EXPECT_STREQ(channel.child_value("language"), "zh-CN");
  // The newest of updated-or-published over the entries.
  EXPECT_STREQ(channel.child_value("lastBuildDate"),
               "Thu, 05 Mar 2026 10:00:00 +0800");
  const pugi::xml_node self = channel.child("atom:link");
  EXPECT_STREQ(self.attribute("rel").value(), "self");
  EXPECT_STREQ(self.attribute("href").value(),
               "https://www.example.gov.cn/zwgk/rss.xml");
  EXPECT_STREQ(rss.attribute("xmlns:atom").value(),
               "http://www.w3.org/2005/Atom");

  std::vector<pugi::xml_node> items;
  for (pugi::xml_node item : channel.children("item")) items.push_back(item);
  ASSERT_EQ(items.size(), 2u);
  const pugi::xml_node first = items[0];
  EXPECT_STREQ(first.child_value("title"),
               "关于<调整> \"低保\" & 特困标准的通知");
  EXPECT_STREQ(first.child_value("link"),
               "https://www.example.gov.cn/zwgk/records/1");
  EXPECT_STREQ(first.child("guid").attribute("isPermaLink").value(), "true");
  EXPECT_STREQ(first.child_value("description"),
               "<p>正文 &amp; <b>附件</b></p>");
  EXPECT_STREQ(first.child_value("pubDate"), "Mon, 02 Mar 2026 09:00:00 +0800");
  std::vector<std::string> categories;
  for (pugi::xml_node c : first.children("category")) {
    categories.push_back(c.child_value());
  }
  EXPECT_THAT(categories, ElementsAre("民政、扶贫、救灾", "社会救助"));
  EXPECT_STREQ(first.child_value("dc:creator"), "县民政局");

  const pugi::xml_node second = items[1];
  EXPECT_STREQ(second.child("guid").attribute("isPermaLink").value(), "false");
  EXPECT_STREQ(second.child_value("description"), "只有摘要");
  EXPECT_FALSE(second.child("dc:creator"));
}

TEST(RenderRss2, EmptyFeedIsValid) {
  const std::string xml = RenderRss2(Feed{.title = "空"});
  pugi::xml_document doc;
  ASSERT_EQ(doc.load_string(xml.c_str()).status, pugi::status_ok);
  const pugi::xml_node channel = doc.child("rss").child("channel");
  EXPECT_STREQ(channel.child_value("description"), "空");
  EXPECT_FALSE(channel.child("lastBuildDate"));
  EXPECT_FALSE(channel.child("item"));
}

TEST(RenderJsonFeed, HasTheVersion11Keys) {
  Feed feed = SampleFeed();
  feed.entries[1].title = "坏\xFF字节";
  const std::string text = RenderJsonFeed(feed);
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << text;
  EXPECT_EQ(json["version"], "https://jsonfeed.org/version/1.1");
  EXPECT_EQ(json["title"], "某某县人民政府 政府信息公开");
  EXPECT_EQ(json["home_page_url"], "https://www.example.gov.cn/zwgk/");
  EXPECT_EQ(json["feed_url"], "https://www.example.gov.cn/zwgk/rss.xml");
  EXPECT_EQ(json["description"], "法定主动公开内容 & 政策文件");
  EXPECT_EQ(json["language"], "zh-CN");
  ASSERT_EQ(json["items"].size(), 2u);
  const nlohmann::json& first = json["items"][0];
  EXPECT_EQ(first["id"], "https://www.example.gov.cn/zwgk/records/1");
  EXPECT_EQ(first["url"], "https://www.example.gov.cn/zwgk/records/1");
  EXPECT_EQ(first["title"], "关于<调整> \"低保\" & 特困标准的通知\x01\x1F");
  EXPECT_EQ(first["content_html"], "<p>正文 &amp; <b>附件</b></p>");
  EXPECT_EQ(first["summary"], "自 2026 年 3 月起……");
  EXPECT_EQ(first["date_published"], "2026-03-02T09:00:00+08:00");
  EXPECT_EQ(first["date_modified"], "2026-03-05T10:00:00+08:00");
  EXPECT_EQ(first["tags"], nlohmann::json({"民政、扶贫、救灾", "社会救助"}));
  EXPECT_EQ(first["authors"][0]["name"], "县民政局");
  const nlohmann::json& second = json["items"][1];
  EXPECT_EQ(second["content_text"], "只有摘要");
  EXPECT_FALSE(second.contains("content_html"));
  EXPECT_FALSE(second.contains("date_modified"));
  EXPECT_FALSE(second.contains("authors"));
  EXPECT_EQ(second["title"], "坏\uFFFD字节");
}

TEST(RenderSitemap, UsesTheSitemapsNamespace) {
  const std::string xml = RenderSitemap(
      {{"https://www.example.gov.cn/zwgk/records/1?a=1&b=2", "2026-03-02"},
       {"https://www.example.gov.cn/zwgk/", "2026-02-30"},
       {"https://www.example.gov.cn/zwgk/list", ""}});
  pugi::xml_document doc;
  ASSERT_EQ(doc.load_string(xml.c_str()).status, pugi::status_ok) << xml;
  const pugi::xml_node urlset = doc.child("urlset");
  EXPECT_STREQ(urlset.attribute("xmlns").value(),
               "http://www.sitemaps.org/schemas/sitemap/0.9");
  std::vector<std::string> locs, lastmods;
  for (pugi::xml_node url : urlset.children("url")) {
    locs.push_back(url.child_value("loc"));
    lastmods.push_back(url.child_value("lastmod"));
  }
  EXPECT_THAT(locs,
              ElementsAre("https://www.example.gov.cn/zwgk/records/1?a=1&b=2",
                          "https://www.example.gov.cn/zwgk/",
                          "https://www.example.gov.cn/zwgk/list"));
  EXPECT_THAT(lastmods, ElementsAre("2026-03-02", "", ""));
  EXPECT_NE(xml.find("?a=1&amp;b=2"), std::string::npos);
}

TEST(RenderSitemapIndex, ListsSitemaps) {
  const std::string xml =
      RenderSitemapIndex({{"https://www.example.gov.cn/sitemap-1.xml",
                           "2026-03-02T09:00:00+08:00"}});
  pugi::xml_document doc;
  ASSERT_EQ(doc.load_string(xml.c_str()).status, pugi::status_ok);
  const pugi::xml_node index = doc.child("sitemapindex");
  EXPECT_STREQ(index.attribute("xmlns").value(),
               "http://www.sitemaps.org/schemas/sitemap/0.9");
  EXPECT_STREQ(index.child("sitemap").child_value("loc"),
               "https://www.example.gov.cn/sitemap-1.xml");
  EXPECT_STREQ(index.child("sitemap").child_value("lastmod"),
               "2026-03-02T09:00:00+08:00");
}

}  // namespace
}  // namespace zwgk::content
