// The record form's pickers in-process: the related-record lookup shows a
// unit's staff their own records and public ones (the county office all),
// nobody signed out, and is bounded; the search works without JavaScript
// and adds the relation through the existing action; the catalog picker
// lists items by 序号 and name; the paste cleaner reduces Word markup.
#include <regex>
#include <string>

#include "app/testing.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "publishing/http_test_fixture.h"

namespace zwgk::publishing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using json = nlohmann::json;

class PickersHttpTest : public PublishingHttpFixture {
 protected:
  int64_t Draft(const std::string& title, const std::string& unit,
                const std::string& doc,
                const std::map<std::string, std::string>& h) {
    json created = Post("/api/v1/records",
                        {{"title", title},
                         {"unit", unit},
                         {"formed_on", "2026-02-10"},
                         {"topic", "民政、扶贫、救灾"},
                         {"genre", "通知"},
                         {"doc_number", doc},
                         {"disclosure", "active"},
                         {"body_html", "<p>正文</p>"}},
                        h, 201);
    return created.value("id", int64_t{0});
  }

  // Titles of the lookup's answer for `q`.
  std::vector<std::string> Lookup(const std::string& q) {
    web::Response r = t_.Get("/admin/records/lookup?q=" + web::UrlEncode(q));
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> titles;
    json j = json::parse(r.body, nullptr, false);
    if (!j.is_object()) return titles;
    for (const json& rec : j["records"]) titles.push_back(rec["title"]);
    return titles;
  }

  void SetUp() override {
    ASSERT_TRUE(t_.ok());
    auto mz_editor = t_.BearerToken("mz_ed", "unit_editor", "县民政局");
    auto mz_reviewer = t_.BearerToken("mz_rv", "unit_reviewer", "县民政局");
    auto jy_editor = t_.BearerToken("jy_ed", "unit_editor", "县教育局");
    mz_draft_ = Draft("民政草稿甲", "县民政局", "嘉民发〔2026〕7号", mz_editor);
    mz_public_ =
        Draft("民政公开乙", "县民政局", "嘉民发〔2026〕8号", mz_editor);
    std::string id = std::to_string(mz_public_);
    Post("/api/v1/records/" + id + "/submit", json::object(), mz_editor);
    Post("/api/v1/records/" + id + "/review",
         {{"outcome", "approved"}, {"remarks", "无涉密内容"}}, mz_reviewer);
    json published =
        Post("/api/v1/records/" + id + "/publish", json::object(), mz_reviewer);
    index_number_ = published.value("index_number", "");
    jy_draft_ = Draft("教育草稿丙", "县教育局", "嘉教发〔2026〕1号", jy_editor);
  }
  int64_t mz_draft_ = 0, mz_public_ = 0, jy_draft_ = 0;
  std::string index_number_;
};

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

TEST_P(PickersHttpTest, LookupShowsWhatTheCallerMaySee) {
  // Signed out: no titles at all.
  web::Response anon = t_.Get("/admin/records/lookup?q=%E8%8D%89%E7%A8%BF");
  EXPECT_NE(anon.status, 200);
  EXPECT_THAT(anon.body, Not(HasSubstr("草稿")));

  ASSERT_TRUE(t_.SignIn("jy", "unit_editor", "县教育局"));
  // Another unit's draft is invisible; its public record is found.
  EXPECT_THAT(Lookup("草稿"), ElementsAre("教育草稿丙"));
  EXPECT_THAT(Lookup("民政"), ElementsAre("民政公开乙"));
  EXPECT_THAT(Lookup("嘉民发"), ElementsAre("民政公开乙"));
  // By 信息编号 too, but never another unit's draft.
  EXPECT_THAT(Lookup(std::to_string(mz_draft_)), Not(Contains("民政草稿甲")));

  ASSERT_TRUE(t_.SignIn("mz", "unit_editor", "县民政局"));
  EXPECT_THAT(Lookup("民政"), ElementsAre("民政公开乙", "民政草稿甲"));
  EXPECT_THAT(Lookup("草稿"), ElementsAre("民政草稿甲"));
  EXPECT_THAT(Lookup("〔2026〕7号"), ElementsAre("民政草稿甲"));
  ASSERT_FALSE(index_number_.empty());
  EXPECT_THAT(Lookup(index_number_.substr(index_number_.size() - 10)),
              ElementsAre("民政公开乙"));
  EXPECT_THAT(Lookup(std::to_string(mz_draft_)), Contains("民政草稿甲"));
  // Wildcards are literal.
  EXPECT_THAT(Lookup("%"), IsEmpty());
  EXPECT_THAT(Lookup("  "), IsEmpty());
  // The record being related is left out.
  json j =
      json::parse(t_.Get("/admin/records/lookup?q=%E6%B0%91%E6%94%BF&exclude=" +
                         std::to_string(mz_draft_))
                      .body);
  ASSERT_EQ(j["records"].size(), 1u);
  EXPECT_EQ(j["records"][0]["id"], mz_public_);

  ASSERT_TRUE(t_.SignIn("office", "admin"));
  EXPECT_THAT(Lookup("草稿"), UnorderedElementsAre("民政草稿甲", "教育草稿丙"));
}

TEST_P(PickersHttpTest, LookupIsBounded) {
  ASSERT_TRUE(t_.SignIn("office", "admin"));
  std::string q100, q101;
  for (int i = 0; i < 100; ++i) q100 += "文";
  q101 = q100 + "文";
  EXPECT_EQ(t_.Get("/admin/records/lookup?q=" + web::UrlEncode(q100)).status,
            200);
  EXPECT_EQ(t_.Get("/admin/records/lookup?q=" + web::UrlEncode(q101)).status,
            400);
  auto h = t_.BearerToken("many", "unit_editor", "县民政局");
  for (int i = 0; i < 22; ++i)
    Draft("批量通知" + std::to_string(i), "县民政局", "", h);
  std::vector<std::string> found = Lookup("批量通知");
  EXPECT_EQ(found.size(), 20u);
  EXPECT_EQ(found.front(), "批量通知21");  // newest first
}

TEST_P(PickersHttpTest, RelatedSearchWorksWithoutJavaScript) {
  ASSERT_TRUE(t_.SignIn("mz", "unit_editor", "县民政局"));
  std::string page = "/admin/records/" + std::to_string(mz_draft_);
  web::Response found = t_.Get(page + "?rel_q=" + web::UrlEncode("公开乙"));
  ASSERT_EQ(found.status, 200);
  EXPECT_THAT(found.body, HasSubstr("民政公开乙"));
  EXPECT_THAT(found.body, HasSubstr("name=\"to\" value=\"" +
                                    std::to_string(mz_public_) + "\""));
  EXPECT_THAT(found.body, HasSubstr("添加关联"));
  // Another unit's draft never shows up in the search.
  web::Response hidden = t_.Get(page + "?rel_q=" + web::UrlEncode("教育"));
  EXPECT_THAT(hidden.body, Not(HasSubstr("教育草稿丙")));
  // The button posts the existing relate action.
  web::Response added =
      t_.PostForm(page + "/relate",
                  {{"kind", "interprets"}, {"to", std::to_string(mz_public_)}});
  EXPECT_EQ(added.status, 303) << added.body;
  EXPECT_THAT(t_.Get(page).body, HasSubstr("本文解读"));
}

TEST_P(PickersHttpTest, CatalogPickerListsItemsBySeqAndName) {
  // The seed leaves 社会救助's catalog a draft (issue 17): the county office
  // publishes it, then its items are offered.
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  web::Response domain = t_.Get("/admin/catalog");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      domain.body, m,
      std::regex("href=\"/admin/catalog/([0-9]+)\">社会救助<")));
  const std::string id = m[1];
  ASSERT_FALSE(id.empty()) << domain.body;
  ASSERT_EQ(t_.PostForm("/admin/catalog/" + id + "/publish", {{"note", "审定"}})
                .status,
            303);
  t_.cookies().clear();
  ASSERT_TRUE(t_.SignIn("mz", "unit_editor", "县民政局"));
  web::Response form = t_.Get("/admin/records/new");
  ASSERT_EQ(form.status, 200);
  EXPECT_THAT(form.body, HasSubstr("<select id=\"r-item\""));
  EXPECT_THAT(form.body, HasSubstr("<optgroup label=\"社会救助 › "));
  EXPECT_THAT(form.body, Not(HasSubstr("name=\"catalog_item_id\" value=")));
}

TEST_P(PickersHttpTest, PasteCleanerReducesWordMarkup) {
  const std::string word =
      "<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if "
      "!supportLists]>1.<![endif]>甲<o:p></o:p></p><h1>标题</h1>";
  EXPECT_NE(t_.PostForm("/admin/paste", {{"html", word}}).status, 200);
  ASSERT_TRUE(t_.SignIn("mz", "unit_editor", "县民政局"));
  web::Response r = t_.PostForm("/admin/paste", {{"html", word}});
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body, nullptr, false);
  EXPECT_EQ(j.value("html", ""), "<ol><li>甲</li></ol><h2>标题</h2>");
  // Without the CSRF token it is refused.
  EXPECT_NE(t_.PostForm("/admin/paste", {{"html", word}}, false).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Engines, PickersHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::publishing
