// The catalog's routes in-process on the seeded app (SQLite and
// PostgreSQL): what the public sees before and after the catalog is
// published, staff of another unit, uploads, and the API.
#include <regex>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace zwgk::decisions {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using zwgk::testing::TestApp;

std::string Capture(const std::string& text, const std::string& pattern) {
  std::smatch m;
  if (std::regex_search(text, m, std::regex(pattern))) return m[1];
  return "";
}

class CatalogHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  CatalogHttpTest() : t_(GetParam()) {}

  // Signs in as `name`, creating the account the first time.
  bool As(const std::string& name, const std::string& role,
          const std::string& unit = "") {
    t_.cookies().clear();
    if (!created_.insert(name).second) {
      web::Response r =
          t_.PostForm("/admin/login", {{"name", name},
                                       {"password", TestApp::kPassword},
                                       {"next", "/admin"}});
      return r.status == 303;
    }
    return t_.SignIn(name, role, unit);
  }

  // 县民政局's editor adds a decision through the form; returns its id.
  std::string NewDecision(const std::string& title) {
    EXPECT_TRUE(As("mz", "unit_editor", "县民政局"));
    web::Response created =
        t_.PostForm("/admin/decisions/new",
                    {{"year", "2026"},
                     {"title", title},
                     {"deciding_body", "县人民政府"},
                     {"unit", "县民政局"},
                     {"legal_basis", "《重大行政决策程序暂行条例》"},
                     {"planned_consultation_on", "2026-04-01"},
                     {"planned_decision_on", "2026-06-30"}});
    EXPECT_EQ(created.status, 303) << created.body;
    return Capture(created.HeaderValue("Location"), "/admin/decisions/(\\d+)");
  }

  web::Response Publish(const std::string& note) {
    EXPECT_TRUE(As("office", "admin"));
    return t_.PostForm("/admin/decisions/catalog/2026/publish",
                       {{"note", note}});
  }

  TestApp t_;
  std::set<std::string> created_;
};

TEST_P(CatalogHttpTest, PublicSeesTheCatalogOnlyOncePublished) {
  ASSERT_TRUE(t_.ok());
  const std::string id = NewDecision("嘉鱼县城区停车设施建设规划");
  ASSERT_FALSE(id.empty());
  t_.cookies().clear();
  web::Response before = t_.Get("/decisions");
  EXPECT_EQ(before.status, 200);
  EXPECT_THAT(before.body, HasSubstr("尚未发布"));
  EXPECT_THAT(before.body, Not(HasSubstr("嘉鱼县城区停车设施建设规划")));
  EXPECT_EQ(t_.Get("/decisions/items/" + id).status, 404);
  EXPECT_EQ(t_.Get("/decisions/2026").status, 404);
  EXPECT_EQ(t_.Get("/api/v1/decisions/" + id).status, 404);

  // Staff may not publish; the county office must say what it publishes.
  ASSERT_TRUE(As("mz", "unit_editor", "县民政局"));
  EXPECT_EQ(t_.PostForm("/admin/decisions/catalog/2026/publish",
                        {{"note", "首次发布"}})
                .status,
            403);
  web::Response no_note = Publish("");
  EXPECT_EQ(no_note.status, 400);
  EXPECT_THAT(no_note.body, HasSubstr("请说明本次发布的内容"));
  web::Response published = Publish("首次发布");
  ASSERT_EQ(published.status, 303) << published.body;

  t_.cookies().clear();
  web::Response page = t_.Get("/decisions");
  ASSERT_EQ(page.status, 200);
  for (const char* text : {"2026年度重大行政决策事项目录", "序号", "决策事项",
                           "决策机关", "承办单位", "依据", "计划征求意见时间",
                           "计划决策时间", "状态", "嘉鱼县城区停车设施建设规划",
                           "县民政局", "2026-06-30", "拟决策", "首次发布"})
    EXPECT_THAT(page.body, HasSubstr(text)) << text;
  web::Response item = t_.Get("/decisions/items/" + id);
  EXPECT_EQ(item.status, 200);
  EXPECT_THAT(item.body, HasSubstr("《重大行政决策程序暂行条例》"));

  // A second version names what changed.
  NewDecision("县城集中供暖实施方案");
  ASSERT_TRUE(As("office", "admin"));
  web::Response pending = t_.Get("/admin/decisions?year=2026");
  EXPECT_THAT(pending.body, HasSubstr("尚未发布"));
  EXPECT_THAT(pending.body, HasSubstr("县城集中供暖实施方案"));
  ASSERT_EQ(Publish("新增1项").status, 303);
  t_.cookies().clear();
  web::Response year = t_.Get("/decisions/2026");
  ASSERT_EQ(year.status, 200);
  EXPECT_THAT(year.body, HasSubstr("新增1项"));
  EXPECT_THAT(year.body, HasSubstr("县城集中供暖实施方案"));
  EXPECT_THAT(year.body, HasSubstr("/decisions/2026/versions/1"));
  web::Response v1 = t_.Get("/decisions/2026/versions/1");
  ASSERT_EQ(v1.status, 200);
  EXPECT_THAT(v1.body, HasSubstr("历史版本"));
  EXPECT_THAT(v1.body, Not(HasSubstr("/decisions/items/" +
                                     std::to_string(std::stoi(id) + 1))));
  EXPECT_EQ(t_.Get("/decisions/2026/versions/9").status, 404);
  EXPECT_EQ(t_.Get("/decisions/1999").status, 404);

  web::Response api = t_.Get("/api/v1/decisions?year=2026");
  ASSERT_EQ(api.status, 200);
  auto j = nlohmann::json::parse(api.body);
  EXPECT_EQ(j["version"], 2);
  ASSERT_EQ(j["decisions"].size(), 2u);
  EXPECT_EQ(j["decisions"][0]["title"], "嘉鱼县城区停车设施建设规划");
  EXPECT_EQ(j["decisions"][0]["unit"], "县民政局");
  EXPECT_EQ(t_.Get("/api/v1/decisions?year=abc").status, 400);
  web::Response one = t_.Get("/api/v1/decisions/" + id);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(nlohmann::json::parse(one.body)["state"], "planned");
}

TEST_P(CatalogHttpTest, AnotherUnitsStaffGet404) {
  ASSERT_TRUE(t_.ok());
  const std::string id = NewDecision("嘉鱼县城区停车设施建设规划");
  ASSERT_TRUE(As("jy", "unit_editor", "县教育局"));
  EXPECT_EQ(t_.Get("/admin/decisions/" + id).status, 404);
  EXPECT_EQ(t_.PostForm("/admin/decisions/" + id + "/move", {{"to", "decided"}})
                .status,
            404);
  EXPECT_EQ(
      t_.PostForm("/admin/decisions/" + id, {{"year", "2026"},
                                             {"title", "改名"},
                                             {"deciding_body", "县人民政府"},
                                             {"unit", "县教育局"},
                                             {"legal_basis", "无"}})
          .status,
      404);
  web::Response list = t_.Get("/admin/decisions?year=2026");
  EXPECT_EQ(list.status, 200);
  EXPECT_THAT(list.body, Not(HasSubstr("嘉鱼县城区停车设施建设规划")));
  // Signed out: the staff pages ask to sign in.
  t_.cookies().clear();
  EXPECT_EQ(t_.Get("/admin/decisions").status, 303);
}

TEST_P(CatalogHttpTest, StaffMoveAndRecordEventsWithDocuments) {
  ASSERT_TRUE(t_.ok());
  const std::string id = NewDecision("嘉鱼县城区停车设施建设规划");
  const std::string page = "/admin/decisions/" + id;
  web::Response shown = t_.Get(page);
  ASSERT_EQ(shown.status, 200);
  EXPECT_THAT(shown.body, HasSubstr("变更状态"));

  // 暂缓 without a reason is refused on the page, naming the field.
  web::Response no_note = t_.PostForm(page + "/move", {{"to", "postponed"}});
  EXPECT_EQ(no_note.status, 400);
  EXPECT_THAT(no_note.body, HasSubstr("请说明暂缓的原因"));
  web::Response skip = t_.PostForm(page + "/move", {{"to", "published"}});
  EXPECT_NE(skip.status, 303);
  ASSERT_EQ(t_.PostForm(page + "/move", {{"to", "consulting"}}).status, 303);
  EXPECT_THAT(t_.Get(page).body, HasSubstr("征求意见"));

  const std::string csrf =
      Capture(t_.Get(page).body, "name=\"_csrf\" value=\"([^\"]+)\"");
  ASSERT_FALSE(csrf.empty());
  const std::string boundary = "zwgkBoundary";
  const std::string bytes = "%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n";
  auto field = [&](const std::string& name, const std::string& value) {
    return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" +
           name + "\"\r\n\r\n" + value + "\r\n";
  };
  std::string body =
      field("_csrf", csrf) + field("kind", "hearing") +
      field("on", "2026-03-01") + field("title", "停车规划听证会") + "--" +
      boundary +
      "\r\nContent-Disposition: form-data; name=\"file\"; "
      "filename=\"听证笔录.pdf\"\r\nContent-Type: application/pdf\r\n\r\n" +
      bytes + "\r\n--" + boundary + "--\r\n";
  web::Response up = t_.Send(web::MakeRequest(
      web::Method::kPost, page + "/events", body,
      {{"content-type", "multipart/form-data; boundary=" + boundary}}));
  ASSERT_EQ(up.status, 303) << up.body;
  web::Response detail = t_.Get(page);
  EXPECT_THAT(detail.body, HasSubstr("听证笔录.pdf"));
  const std::string doc =
      Capture(detail.body, "(/decisions/events/\\d+/documents/1)");
  ASSERT_FALSE(doc.empty());
  web::Response down = t_.Get(doc);
  EXPECT_EQ(down.status, 200);
  EXPECT_EQ(down.body, bytes);
  // The public gets it only once the catalog is published.
  t_.cookies().clear();
  EXPECT_EQ(t_.Get(doc).status, 404);
  ASSERT_EQ(Publish("首次发布").status, 303);
  t_.cookies().clear();
  EXPECT_EQ(t_.Get(doc).status, 200);
  EXPECT_THAT(t_.Get("/decisions/items/" + id).body,
              HasSubstr("停车规划听证会"));
}

TEST_P(CatalogHttpTest, ApiCreatesForStaffOnly) {
  ASSERT_TRUE(t_.ok());
  const std::string body =
      R"({"year":2026,"title":"县城污水处理提质方案","deciding_body":"县人民政府",)"
      R"("unit":"县民政局","legal_basis":"《水污染防治法》",)"
      R"("planned_decision_on":"2026-09-30"})";
  EXPECT_EQ(t_.PostJson("/api/v1/decisions", body).status, 401);
  auto token = t_.BearerToken("api-mz", "unit_editor", "县民政局");
  web::Response created = t_.PostJson("/api/v1/decisions", body, token);
  ASSERT_EQ(created.status, 201) << created.body;
  auto j = nlohmann::json::parse(created.body);
  EXPECT_EQ(j["state"], "planned");
  EXPECT_EQ(j["unit"], "县民政局");
  // Another unit, missing fields, bad JSON.
  auto other = t_.BearerToken("api-jy", "unit_editor", "县教育局");
  web::Response theirs = t_.PostJson("/api/v1/decisions", body, other);
  EXPECT_EQ(theirs.status, 400);
  EXPECT_THAT(theirs.body, HasSubstr("unit"));
  web::Response missing =
      t_.PostJson("/api/v1/decisions", R"({"year":2026})", token);
  EXPECT_EQ(missing.status, 400);
  EXPECT_THAT(missing.body, HasSubstr("legal_basis"));
  EXPECT_EQ(t_.PostJson("/api/v1/decisions", "{\"title\":", token).status, 400);
  EXPECT_EQ(t_.PostJson("/api/v1/decisions", R"({"title":5})", token).status,
            400);
  // Staff read their unpublished decision through the API; others 404.
  const std::string path =
      absl::StrCat("/api/v1/decisions/", j["id"].get<int>());
  web::Request mine = web::MakeRequest(web::Method::kGet, path, "", token);
  EXPECT_EQ(t_.Send(mine).status, 200);
  web::Request not_mine = web::MakeRequest(web::Method::kGet, path, "", other);
  EXPECT_EQ(t_.Send(not_mine).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Databases, CatalogHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::decisions
