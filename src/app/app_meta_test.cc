// Issue 19, "the footer and meta tags are on every public page": with the
// site identity set, a published record and a published Q&A whose titles
// carry <script> and quotes, and a unit profile, every public HTML page
// reachable from / and the modules' index pages has the identity block in
// its footer (主办单位, 网站标识码, the ICP and 公安 records with their links,
// the 党政机关 mark, 我为政府网站找错) and the five site <meta> tags; the
// article pages (a record, a Q&A, a guide, a consultation, a decision)
// also carry the six article tags; every value is escaped.
#include <deque>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "app/testing.h"
#include "core/testing.h"
#include "decisions/module.h"
#include "decisions/service.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "messages/module.h"
#include "messages/service.h"
#include "org/module.h"
#include "publishing/module.h"

namespace zwgk {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// <meta name="X" content="…"> values of a page, by name.
std::map<std::string, std::string> MetaTags(const std::string& html) {
  static const std::regex kMeta(
      R"re(<meta name="([A-Za-z]+)" content="([^"]*)">)re");
  std::map<std::string, std::string> out;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kMeta);
       it != std::sregex_iterator(); ++it) {
    out[(*it)[1].str()] = (*it)[2].str();
  }
  return out;
}

std::vector<std::string> Links(const std::string& html) {
  static const std::regex kHref(R"(href="([^"#]*))");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kHref);
       it != std::sregex_iterator(); ++it) {
    out.push_back(absl::StrReplaceAll((*it)[1].str(), {{"&amp;", "&"}}));
  }
  return out;
}

bool Crawlable(const std::string& url) {
  if (!absl::StartsWith(url, "/") || absl::StartsWith(url, "//")) return false;
  for (const char* skip : {"/static/", "/files/", "/attachments/", "/feed",
                           "/sitemap", "/api/", "/logout", "/healthz", "/admin",
                           "/login", "/a11y/", "/site/marks/", "/photo"}) {
    if (absl::StrContains(url, skip)) return false;
  }
  for (const char* ext : {".xlsx", ".csv", ".pdf", ".docx", ".xml", ".json",
                          ".ics", ".zip", ".txt", ".png", ".jpg"}) {
    if (absl::StrContains(url, ext)) return false;
  }
  return true;
}

// An article page: a record, a Q&A, a guide, a consultation, a decision.
bool IsArticle(const std::string& url) {
  static const std::regex kArticle(
      R"(^/(records|messages|services|consultations|decisions/items)/\d+$)");
  return std::regex_match(url, kArticle);
}

constexpr char kEvilTitle[] =
    R"(关于<script>alert("x")</script>'低保'标准 & 调整的通知)";
constexpr char kEvilTitleEscaped[] =
    "关于&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&apos;低保&apos;"
    "标准 &amp; 调整的通知";

class MetaTest : public ::testing::TestWithParam<std::string> {
 protected:
  MetaTest() : t_(GetParam()) {}
  testing::TestApp t_;
};

TEST(MetaTagsTest, ReadsNameAndContent) {
  EXPECT_EQ(
      MetaTags(R"(<meta name="SiteName" content="a &amp; b">)").at("SiteName"),
      "a &amp; b");
  EXPECT_TRUE(IsArticle("/records/12"));
  EXPECT_FALSE(IsArticle("/records"));
  EXPECT_FALSE(IsArticle("/messages/new"));
}

TEST_P(MetaTest, EveryPublicPageHasTheFooterAndTheMetaTags) {
  ASSERT_TRUE(t_.ok());
  auto* org = static_cast<org::OrgModule*>(t_.app().module("org"));
  auto* publishing =
      static_cast<publishing::PublishingModule*>(t_.app().module("publishing"));
  auto* messages =
      static_cast<messages::MessagesModule*>(t_.app().module("messages"));
  ASSERT_TRUE(org && publishing && messages);
  const Actor admin{.user_id = 1, .name = "张主任", .role = Role::kAdmin};

  // --- The identity, as the office types it.
  auto identity = org->service().UpdateSiteIdentity(
      admin, {.site_name = "嘉鱼县人民政府门户网站",
              .sponsor = "嘉鱼县人民政府办公室",
              .organizer = "嘉鱼县政务服务和大数据管理局",
              .phone = "0715-6321234",
              .address = "嘉鱼县鱼岳镇沙阳大道1号",
              .email = "zwgk@jiayu.example.gov.cn",
              .id_code = "4212210001",
              .icp = "鄂ICP备12345678号",
              .police = "鄂公网安备 42122102000123号",
              .mark_url = "https://bszs.example.cn/sitename?id=1"});
  ASSERT_TRUE(identity.ok()) << identity.status();

  // --- A record, a Q&A and a unit profile with hostile text.
  auto draft = publishing->service().Create(
      admin,
      {.title = kEvilTitle,
       .unit = "县民政局",
       .formed_on = "2026-03-01",
       .topic = "民政、扶贫、救灾/社会福利",
       .genre = "通知",
       .keywords = "低保 标准",
       .body_html = absl::StrCat(
           "<p>各镇人民政府：\"引号\" &amp; <b>加粗</b></p><p>",
           std::string(60, 'x'), "</p><p>", std::string(100, 'y'), "</p>")});
  ASSERT_TRUE(draft.ok()) << draft.status();
  ASSERT_TRUE(publishing->service().Submit(admin, draft->id).ok());
  ASSERT_TRUE(
      publishing->service().Review(admin, draft->id, {"approved", ""}).ok());
  auto published = publishing->service().Publish(admin, draft->id);
  ASSERT_TRUE(published.ok()) << published.status();

  const int64_t unit = org->service().ResolveUnit("县民政局")->id;
  const Actor editor{.user_id = 2,
                     .name = "民政编辑",
                     .role = Role::kUnitEditor,
                     .unit_id = unit};
  const Actor reviewer{.user_id = 3,
                       .name = "民政审核",
                       .role = Role::kUnitReviewer,
                       .unit_id = unit};
  auto sent =
      messages->service().Submit({.type = "咨询",
                                  .unit = "县民政局",
                                  .title = "低保\"申请\"<材料>",
                                  .text = "请问申请城乡低保需要哪些材料？",
                                  .name = "东方公开",
                                  .phone = "13912340003",
                                  .publish_consent = true,
                                  .source_ip = "10.0.1.3"});
  ASSERT_TRUE(sent.ok()) << sent.status();
  t_.clock().Advance(absl::Hours(2));
  ASSERT_TRUE(messages->service()
                  .Reply(editor, sent->id,
                         {.text = "需提供户口簿和收入证明", .publish = true})
                  .ok());
  ASSERT_TRUE(
      messages->service().Review(reviewer, sent->id, {.approve = true}).ok());
  ASSERT_TRUE(org->service()
                  .UpdateProfile(editor, unit,
                                 {.departments = "办公室：负责机关日常运转",
                                  .duties = "负责全县社会救助工作。",
                                  .phone = "0715-6320000"})
                  .ok());

  auto* decisions =
      static_cast<decisions::DecisionsModule*>(t_.app().module("decisions"));
  ASSERT_TRUE(decisions);
  auto consultation = decisions->service().CreateConsultation(
      editor, {.title = "嘉鱼县\"停车\"管理办法（征求意见稿）",
               .unit = "县民政局",
               .opens_on = "2026-03-02",
               .closes_on = "2026-04-01",
               .body = "第一条 为规范城区停车秩序，制定本办法。"});
  ASSERT_TRUE(consultation.ok()) << consultation.status();
  const std::string consultation_url =
      absl::StrCat("/consultations/", consultation->id);

  // --- Crawl as the public.
  constexpr int kMaxPages = 300;
  constexpr int kMaxPerPath = 3;
  const std::string record_url = absl::StrCat("/records/", draft->id);
  const std::string message_url = absl::StrCat("/messages/", sent->id);
  std::deque<std::string> queue = {"/",
                                   consultation_url,
                                   record_url,
                                   message_url,
                                   "/records",
                                   "/xxgk",
                                   "/messages",
                                   "/messages/new",
                                   "/services",
                                   "/decisions",
                                   "/consultations",
                                   "/villages",
                                   "/annual-reports",
                                   "/calendar",
                                   "/search?q=低保",
                                   "/apply",
                                   "/units",
                                   "/tasks",
                                   absl::StrCat("/units/", unit, "/profile")};
  std::set<std::string> seen(queue.begin(), queue.end());
  std::map<std::string, int> per_path;
  std::map<std::string, std::string> bodies;
  std::vector<std::string> problems;
  int pages = 0, articles = 0;
  auto problem = [&](const std::string& url, absl::string_view what) {
    problems.push_back(absl::StrCat(url, ": ", what));
  };
  while (!queue.empty() && pages < kMaxPages) {
    const std::string url = queue.front();
    queue.pop_front();
    web::Response r = t_.Get(url);
    if (r.status != 200 || !absl::StartsWith(r.content_type, "text/html"))
      continue;
    ++pages;
    bodies[url] = r.body;
    std::map<std::string, std::string> meta = MetaTags(r.body);
    if (meta["SiteName"] != "嘉鱼县人民政府门户网站") problem(url, "SiteName");
    if (meta["SiteDomain"] != "localhost") problem(url, "SiteDomain");
    if (meta["SiteIDCode"] != "4212210001") problem(url, "SiteIDCode");
    if (meta["ColumnName"].empty()) problem(url, "ColumnName");
    if (meta["ColumnType"].empty()) problem(url, "ColumnType");
    for (
        const char* footer :
        {"主办单位：嘉鱼县人民政府办公室",
         "承办单位：嘉鱼县政务服务和大数据管理局", "联系电话：0715-6321234",
         "网站标识码：4212210001",
         R"(<a href="https://beian.miit.gov.cn/">鄂ICP备12345678号</a>)",
         "https://www.beian.gov.cn/portal/"
         "registerSystemInfo?recordcode=42122102000123",
         R"(<span class="dzjg-badge">党政机关</span>)",
         R"(href="https://bszs.example.cn/sitename?id=1")",
         R"(<a class="report-error" href="/messages/new?type=error">我为政府网站找错</a>)"}) {
      if (!absl::StrContains(r.body, footer))
        problem(url, absl::StrCat("footer lacks ", footer));
    }
    if (IsArticle(url)) {
      ++articles;
      for (const char* tag : {"ArticleTitle", "ContentSource", "Keywords",
                              "Description", "Url"}) {
        if (!meta.contains(tag)) problem(url, absl::StrCat("no ", tag));
      }
      if (meta["ArticleTitle"].empty()) problem(url, "empty ArticleTitle");
      if (meta["ContentSource"].empty()) problem(url, "empty ContentSource");
      if (!std::regex_match(meta["PubDate"],
                            std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d)")))
        problem(url, absl::StrCat("PubDate \"", meta["PubDate"], "\""));
      if (meta["Url"] != absl::StrCat("http://localhost", url))
        problem(url, absl::StrCat("Url ", meta["Url"]));
    } else if (meta.contains("ArticleTitle")) {
      problem(url, "ArticleTitle on a page that is no article");
    }
    for (const std::string& link : Links(r.body)) {
      if (!Crawlable(link) || seen.contains(link)) continue;
      const std::string path = link.substr(0, link.find('?'));
      if (++per_path[path] > kMaxPerPath) continue;
      seen.insert(link);
      queue.push_back(link);
    }
  }
  std::cout << "checked " << pages << " pages, " << articles << " articles\n";
  EXPECT_GT(pages, 30) << "the crawl reached too few pages";
  EXPECT_GE(articles, 3);
  EXPECT_THAT(problems, ::testing::IsEmpty());

  // The record's tags, exactly, escaped.
  std::map<std::string, std::string> rec = MetaTags(bodies[record_url]);
  EXPECT_EQ(rec["ArticleTitle"], kEvilTitleEscaped);
  EXPECT_EQ(rec["ContentSource"], "县民政局");
  EXPECT_EQ(rec["Keywords"], "低保,标准");
  EXPECT_EQ(rec["ColumnName"], "通知");
  EXPECT_EQ(rec["PubDate"], "2026-03-02 09:00");
  // The text without tags, entities decoded then escaped once, cut at 120.
  EXPECT_TRUE(
      absl::StartsWith(rec["Description"],
                       "各镇人民政府：&quot;引号&quot; &amp; 加粗 xxxxxxxxxx"))
      << rec["Description"];
  EXPECT_TRUE(absl::EndsWith(rec["Description"], "y…")) << rec["Description"];
  EXPECT_THAT(bodies[record_url], Not(HasSubstr("<script>alert")));
  std::map<std::string, std::string> qa = MetaTags(bodies[message_url]);
  EXPECT_EQ(qa["ArticleTitle"], "低保&quot;申请&quot;&lt;材料&gt;");
  EXPECT_EQ(qa["ColumnType"], "互动交流");
  std::map<std::string, std::string> consult =
      MetaTags(bodies[consultation_url]);
  EXPECT_EQ(consult["ArticleTitle"],
            "嘉鱼县&quot;停车&quot;管理办法（征求意见稿）");
  EXPECT_EQ(consult["PubDate"], "2026-03-02 00:00");
  // Pages no handler typed a column for: the first breadcrumb, the title.
  EXPECT_EQ(MetaTags(bodies["/records"])["ColumnName"], "政务公开");
  EXPECT_EQ(MetaTags(bodies["/"])["ColumnType"], "首页");
  // The 找错 link opens the message form with 找错 chosen.
  web::Response form = t_.Get("/messages/new?type=error");
  EXPECT_THAT(form.body, HasSubstr(R"(value="error" checked)"));
}

INSTANTIATE_TEST_SUITE_P(Engines, MetaTest,
                         ::testing::ValuesIn(testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk
