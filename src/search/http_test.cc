// The search pages and API, in process through the app's router.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "search/test_util.h"

namespace zwgk::search {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using json = nlohmann::json;

class SearchHttpTest : public SearchAppTest {
 protected:
  json GetJson(const std::string& target, int want_status = 200) {
    web::Response r = app_.Get(target);
    EXPECT_EQ(r.status, want_status) << target << "\n" << r.body;
    return json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  }
};

TEST_F(SearchHttpTest, ApiAnswersTheDocumentedShape) {
  int64_t id = Published({.title = "2026年秋季招生简章",
                          .doc_number = "嘉教发〔2026〕5号",
                          .body_html = "<p>公办学校招生范围见附表。</p>"});
  json j = GetJson("/api/v1/search?q=%E6%8B%9B%E7%94%9F");  // 招生
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["total"], 1);
  ASSERT_EQ(j["hits"].size(), 1u);
  const json& hit = j["hits"][0];
  std::vector<std::string> keys;
  for (const auto& [k, v] : hit.items()) keys.push_back(k);
  EXPECT_THAT(keys, ::testing::UnorderedElementsAre("id", "title", "url",
                                                    "index_number",
                                                    "published_on", "snippet"));
  EXPECT_EQ(hit["id"], id);
  EXPECT_EQ(hit["title"], "2026年秋季招生简章");
  EXPECT_EQ(hit["url"], "/records/" + std::to_string(id));
  EXPECT_EQ(hit["published_on"], "2026-03-02");
  EXPECT_FALSE(hit["index_number"].get<std::string>().empty());
  EXPECT_THAT(hit["snippet"].get<std::string>(),
              HasSubstr("<mark>招生</mark>"));
  for (const char* f : {"domain", "unit", "year", "topic", "genre", "validity"})
    EXPECT_TRUE(j["facets"].contains(f)) << f;
  EXPECT_EQ(j["facets"]["unit"][0]["label"], "县教育局");
  EXPECT_EQ(j["facets"]["unit"][0]["count"], 1);
  EXPECT_EQ(j["facets"]["year"][0]["value"], "2026");
}

TEST_F(SearchHttpTest, ApiFiltersAndSorts) {
  int64_t edu = Published({.title = "学生资助政策", .formed_on = "2026-01-05"});
  int64_t fin = Published({.title = "学生资助资金预算",
                           .unit = "县财政局",
                           .topic = "财政、金融、审计"});
  std::string unit = std::to_string(UnitId("县财政局"));
  json j = GetJson("/api/v1/search?q=%E8%B5%84%E5%8A%A9&unit=" + unit);
  ASSERT_EQ(j["hits"].size(), 1u);
  EXPECT_EQ(j["hits"][0]["id"], fin);
  j = GetJson("/api/v1/search?q=%E8%B5%84%E5%8A%A9&topic=" +
              web::UrlEncode("科技、教育"));
  ASSERT_EQ(j["hits"].size(), 1u);
  EXPECT_EQ(j["hits"][0]["id"], edu);
  j = GetJson("/api/v1/search?q=%E8%B5%84%E5%8A%A9&year=2025");
  EXPECT_EQ(j["total"], 0);
  j = GetJson("/api/v1/search?q=%E8%B5%84%E5%8A%A9&sort=date&page=1");
  EXPECT_EQ(j["total"], 2);
}

TEST_F(SearchHttpTest, ApiRejectsBadParametersWithFieldMessages) {
  struct Case {
    std::string query, field;
  };
  const Case cases[] = {
      {"page=0", "page"},      {"page=abc", "page"},
      {"page=501", "page"},    {"year=26", "year"},
      {"unit=-1", "unit"},     {"domain=x", "domain"},
      {"sort=random", "sort"}, {"q=" + std::string(101, 'a'), "q"},
  };
  for (const Case& c : cases) {
    json j = GetJson("/api/v1/search?" + c.query, 400);
    ASSERT_TRUE(j.is_object()) << c.query;
    EXPECT_TRUE(j["error"]["fields"].contains(c.field)) << c.query << " " << j;
  }
}

TEST_F(SearchHttpTest, PageShowsHighlightsFacetsValidityAndSorting) {
  int64_t id = Published({.title = "城乡低保标准调整",
                          .domain = "社会救助",
                          .topic = "民政、扶贫、救灾"});
  ASSERT_TRUE(pub_->SetValidity(SystemActor(), id,
                                {.validity = "repealed", .on = "2026-03-02"})
                  .ok());
  web::Response r = app_.Get("/search?q=%E4%BD%8E%E4%BF%9D");  // 低保
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.body, HasSubstr("<mark>低保</mark>"));
  EXPECT_THAT(r.body, HasSubstr("[已废止]"));
  EXPECT_THAT(r.body, HasSubstr("共 1 条结果"));
  // Facet links narrow the search and keep the query.
  EXPECT_THAT(r.body,
              HasSubstr("href=\"/search?q=%E4%BD%8E%E4%BF%9D&amp;domain="));
  EXPECT_THAT(r.body, HasSubstr("社会救助"));
  EXPECT_THAT(r.body, HasSubstr("sort=date"));
  // The chosen filter is shown with a link to remove it.
  web::Response narrowed = app_.Get("/search?q=%E4%BD%8E%E4%BF%9D&validity=" +
                                    web::UrlEncode("已废止"));
  EXPECT_THAT(narrowed.body, HasSubstr("已选条件"));
  EXPECT_THAT(narrowed.body, HasSubstr("有效性：已废止"));
}

TEST_F(SearchHttpTest, NoResultsPageHelps) {
  web::Response r = app_.Get("/search?q=%E7%81%AB%E6%98%9F");  // 火星
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("没有找到符合条件的信息"));
  EXPECT_THAT(r.body, HasSubstr("href=\"/records\""));
  web::Response empty = app_.Get("/search");
  EXPECT_EQ(empty.status, 200);
  EXPECT_THAT(empty.body, Not(HasSubstr("没有找到")));
  EXPECT_THAT(empty.body, HasSubstr("name=\"q\""));
}

TEST_F(SearchHttpTest, BrowsingWithoutWordsListsNewestFirst) {
  int64_t older = Published({.title = "较早的公告"});
  app_.clock().Advance(absl::Hours(48));
  int64_t newer = Published({.title = "较新的公告"});
  web::Response r = app_.Get("/search?sort=date");
  ASSERT_EQ(r.status, 200);
  size_t a = r.body.find("/records/" + std::to_string(newer));
  size_t b = r.body.find("/records/" + std::to_string(older));
  ASSERT_NE(a, std::string::npos) << r.body;
  ASSERT_NE(b, std::string::npos);
  EXPECT_LT(a, b);
}

TEST_F(SearchHttpTest, PagesThroughResults) {
  for (int i = 0; i < 23; ++i)
    Published({.title = "第" + std::to_string(i) + "批防汛物资公示"});
  web::Response p1 = app_.Get("/search?q=%E9%98%B2%E6%B1%9B");  // 防汛
  EXPECT_THAT(p1.body, HasSubstr("第 1/2 页"));
  EXPECT_THAT(p1.body, HasSubstr("page=2"));
  web::Response p2 = app_.Get("/search?q=%E9%98%B2%E6%B1%9B&page=2");
  EXPECT_THAT(p2.body, HasSubstr("第 2/2 页"));
  size_t hits = 0;
  for (size_t at = p2.body.find("class=\"search-hit\"");
       at != std::string::npos;
       at = p2.body.find("class=\"search-hit\"", at + 1))
    ++hits;
  EXPECT_EQ(hits, 3u);
}

TEST_F(SearchHttpTest, EveryPageHasTheSearchBox) {
  web::Response home = app_.Get("/");
  EXPECT_THAT(home.body, HasSubstr("action=\"/search\""));
  EXPECT_THAT(home.body, HasSubstr("type=\"search\" name=\"q\""));
}

TEST_F(SearchHttpTest, AdminSearchNeedsSignInAndShowsOwnUnitDrafts) {
  int64_t draft = Draft({.title = "校园安全排查草稿"});
  Draft({.title = "校园周边道路安全草稿",
         .unit = "县财政局",
         .topic = "财政、金融、审计"});
  web::Response anon = app_.Get("/admin/search?q=%E5%AE%89%E5%85%A8");
  EXPECT_NE(anon.status, 200);
  ASSERT_TRUE(app_.SignIn("editor1", "unit_editor", "县教育局"));
  web::Response r = app_.Get("/admin/search?q=%E5%AE%89%E5%85%A8");  // 安全
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.body, HasSubstr("/records/" + std::to_string(draft)));
  EXPECT_THAT(r.body, HasSubstr("校园<mark>安全</mark>排查草稿"));
  EXPECT_THAT(r.body, Not(HasSubstr("道路")));
  EXPECT_THAT(r.body, HasSubstr("草稿</span>"));  // the status tag
}

// Issue 19: search that forgives.
class ForgivingHttpTest : public SearchHttpTest {
 protected:
  void SetUp() override {
    SearchHttpTest::SetUp();
    assist_ = Published({.title = "关于做好社会救助工作的通知",
                         .genre = "通知",
                         .keywords = {"社会救助"}});
    fund_ = Published({.title = "社会救助资金发放情况",
                       .genre = "工作动态",
                       .keywords = {"社会救助"}});
    explain_ = Published({.title = "城乡低保标准调整政策解读",
                          .genre = "解读",
                          .keywords = {"低保"}});
  }
  std::string Page(const std::string& target) {
    web::Response r = app_.Get(target);
    EXPECT_EQ(r.status, 200) << target << "\n" << r.body;
    return r.body;
  }
  int64_t assist_ = 0, fund_ = 0, explain_ = 0;
};

TEST_F(ForgivingHttpTest, PinyinQueriesFindTheRecords) {
  for (const char* q : {"shehuijiuzhu", "shjz", "she+hui+jiu+zhu"}) {
    json j = GetJson(std::string("/api/v1/search?q=") + q);
    ASSERT_TRUE(j.is_object()) << q;
    EXPECT_EQ(j["total"], 2) << q;
  }
  std::string page = Page("/search?q=shjz");
  EXPECT_THAT(page, HasSubstr("/records/" + std::to_string(assist_)));
  EXPECT_THAT(page, HasSubstr("/records/" + std::to_string(fund_)));
  EXPECT_THAT(page, Not(HasSubstr("/records/" + std::to_string(explain_))));
}

TEST_F(ForgivingHttpTest, ATypoSuggestsAndSearchesTheCorrection) {
  // 社会求助: nothing as typed; the results are those of 社会救助.
  std::string page = Page("/search?q=%E7%A4%BE%E4%BC%9A%E6%B1%82%E5%8A%A9");
  EXPECT_THAT(page, HasSubstr("以下是“<strong>社会救助</strong>”的结果"));
  EXPECT_THAT(page, HasSubstr("/records/" + std::to_string(assist_)));
  json j = GetJson("/api/v1/search?q=%E7%A4%BE%E4%BC%9A%E6%B1%82%E5%8A%A9");
  EXPECT_EQ(j["suggestion"], "社会救助");
  EXPECT_EQ(j["corrected"], true);
  EXPECT_EQ(j["total"], 2);
  // A homophone: 低报 for 低保.
  j = GetJson("/api/v1/search?q=%E4%BD%8E%E6%8A%A5");
  EXPECT_EQ(j["suggestion"], "低保");
  EXPECT_EQ(j["hits"][0]["id"], explain_);
  // A query with a result of its own keeps it and only suggests.
  Published({.title = "社会求助热线开通"});
  page = Page("/search?q=%E7%A4%BE%E4%BC%9A%E6%B1%82%E5%8A%A9");
  EXPECT_THAT(
      page,
      HasSubstr(
          "您是不是要找：<a "
          "href=\"/search?q=%E7%A4%BE%E4%BC%9A%E6%95%91%E5%8A%A9\">社会救助</"
          "a>"));
  EXPECT_THAT(page, HasSubstr("热线开通"));
}

TEST_F(ForgivingHttpTest, ResultsGroupedByCategoryWithCounts) {
  std::string page = Page("/search?q=shehuijiuzhu+");
  page = Page("/search?q=%E6%94%BF%E7%AD%96");  // 政策 (in 解读 title)
  page = Page("/search?sort=date");
  EXPECT_THAT(page, HasSubstr("全部 <span class=\"count\">(3)</span>"));
  EXPECT_THAT(page, HasSubstr("通知公告 <span class=\"count\">(1)</span>"));
  EXPECT_THAT(page, HasSubstr("动态 <span class=\"count\">(1)</span>"));
  EXPECT_THAT(page, HasSubstr("解读 <span class=\"count\">(1)</span>"));
  // Choosing a category keeps every category's count.
  page = Page("/search?sort=date&category=%E8%A7%A3%E8%AF%BB");
  EXPECT_THAT(page, HasSubstr("<strong aria-current=\"page\">解读 <span "
                              "class=\"count\">(1)</span>"));
  EXPECT_THAT(page, HasSubstr("通知公告 <span class=\"count\">(1)</span>"));
  EXPECT_THAT(page, HasSubstr("/records/" + std::to_string(explain_)));
  EXPECT_THAT(page,
              Not(HasSubstr("/records/" + std::to_string(assist_) + "\"")));
  json j = GetJson("/api/v1/search?category=%E8%A7%A3%E8%AF%BB");
  EXPECT_EQ(j["total"], 1);
  EXPECT_TRUE(j["facets"].contains("category"));
  GetJson("/api/v1/search?category=nope", 400);
}

TEST_F(ForgivingHttpTest, SuggestAnswersJsonAndThePageLinksWords) {
  json j = GetJson("/search/suggest?q=shehui");
  ASSERT_TRUE(j.is_object());
  ASSERT_FALSE(j["items"].empty());
  EXPECT_EQ(j["items"][0]["text"], "社会救助");
  EXPECT_EQ(j["items"][0]["kind"], "word");
  EXPECT_EQ(j["items"][0]["url"],
            "/search?q=%E7%A4%BE%E4%BC%9A%E6%95%91%E5%8A%A9");
  EXPECT_LE(j["items"].size(), 10u);
  j = GetJson("/search/suggest?q=%E7%A4%BE%E4%BC%9A");  // 社会
  ASSERT_FALSE(j["items"].empty());
  EXPECT_EQ(j["items"][0]["text"], "社会救助");
  // Record titles after the words.
  bool record = false;
  for (const json& item : j["items"]) record |= item["kind"] == "record";
  EXPECT_TRUE(record);
  // Bounded: a long q answers no items.
  j = GetJson("/search/suggest?q=" + std::string(40, 'a'));
  EXPECT_TRUE(j["items"].empty());
  EXPECT_TRUE(GetJson("/search/suggest")["items"].empty());
  // Without JavaScript: the results page shows the words as links.
  std::string page = Page("/search?q=%E7%A4%BE%E4%BC%9A");
  EXPECT_THAT(page, HasSubstr("相关检索词："));
  EXPECT_THAT(page, HasSubstr(">社会救助</a>"));
  // The search box asks for suggestions (progressive enhancement).
  EXPECT_THAT(page, HasSubstr("data-suggest=\"/search/suggest\""));
  EXPECT_THAT(page, HasSubstr("/static/js/search-suggest.js"));
}

TEST_F(ForgivingHttpTest, DraftsNeverReachSuggestions) {
  Draft({.title = "内部草稿", .keywords = {"秘密事项"}});
  json j = GetJson("/search/suggest?q=mimi");
  EXPECT_TRUE(j["items"].empty());
  j = GetJson("/search/suggest?q=%E7%A7%98%E5%AF%86");
  EXPECT_TRUE(j["items"].empty());
}

}  // namespace
}  // namespace zwgk::search
