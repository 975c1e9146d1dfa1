// The whole app in-process: pages, JSON API and error handling as a visitor
// and an integration would see them.
#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "auth/module.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "org/module.h"

namespace zwgk::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

int CountOf(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

class AppHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  TestApp t_{GetParam()};
};

TEST_P(AppHttpTest, HomeShowsTheCountyAndAll26DomainsUnderTheir19Units) {
  ASSERT_TRUE(t_.ok());
  web::Response r = t_.Get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("lang=\"zh-CN\""));
  EXPECT_THAT(r.body, HasSubstr("嘉鱼县"));
  EXPECT_EQ(CountOf(r.body, "class=\"domain-link\""), 26);
  EXPECT_EQ(CountOf(r.body, "<h3>"), 19);
  EXPECT_THAT(r.body, HasSubstr("<h3>市生态环境局嘉鱼县分局</h3>"));
  EXPECT_THAT(r.body, HasSubstr("跳到正文"));
}

TEST_P(AppHttpTest, DomainPageAndApiAgree) {
  ASSERT_TRUE(t_.ok());
  web::Response api = t_.Get("/api/v1/domains");
  ASSERT_EQ(api.status, 200);
  auto j = nlohmann::json::parse(api.body);
  ASSERT_EQ(j["domains"].size(), 26u);
  EXPECT_EQ(j["domains"][0]["name"], "重大建设项目");
  EXPECT_EQ(j["domains"][0]["responsible_unit"]["name"], "县发改局");
  for (const auto& d : j["domains"]) {
    EXPECT_FALSE(d["responsible_unit"].is_null()) << d.dump();
    EXPECT_THAT(d["name"].get<std::string>(),
                ::testing::Not(::testing::EndsWith("领域")));
  }
  int64_t id = j["domains"][3]["id"];
  web::Response page = t_.Get(absl::StrCat("/domains/", id));
  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("社会救助领域"));
  EXPECT_THAT(page.body, HasSubstr("县民政局"));
}

TEST_P(AppHttpTest, UnitsAndTasksApis) {
  ASSERT_TRUE(t_.ok());
  auto units = nlohmann::json::parse(t_.Get("/api/v1/units").body);
  EXPECT_EQ(units["units"].size(), 31u);  // 23 of the plan + 8 towns
  auto tasks = nlohmann::json::parse(t_.Get("/api/v1/tasks").body);
  ASSERT_EQ(tasks["tasks"].size(), 9u);
  EXPECT_EQ(tasks["tasks"][1]["details"], "编制26个领域政务公开事项标准目录");
  web::Response page = t_.Get("/tasks");
  EXPECT_THAT(page.body, HasSubstr("办事一本通"));
}

TEST_P(AppHttpTest, UnknownPagesAre404PagesAndUnknownApiIsJson) {
  ASSERT_TRUE(t_.ok());
  web::Response page = t_.Get("/no/such/page");
  EXPECT_EQ(page.status, 404);
  EXPECT_THAT(page.body, HasSubstr("页面不存在"));
  EXPECT_THAT(page.content_type, HasSubstr("text/html"));
  web::Response missing = t_.Get("/domains/99999");
  EXPECT_EQ(missing.status, 404);
  web::Response api = t_.Get("/api/v1/domains/99999");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(nlohmann::json::parse(api.body)["error"]["code"], "not_found");
}

TEST_P(AppHttpTest, AdminRedirectsAnonymousVisitorsToLogin) {
  ASSERT_TRUE(t_.ok());
  web::Response r = t_.Get("/admin");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.HeaderValue("Location"), "/admin/login?next=%2Fadmin");
  web::Response api = t_.PostJson("/api/v1/units", "{\"name\":\"x\"}");
  EXPECT_EQ(api.status, 401);
}

TEST_P(AppHttpTest, StaticFilesHaveEtags) {
  ASSERT_TRUE(t_.ok());
  web::Response css = t_.Get("/static/css/site.css");
  ASSERT_EQ(css.status, 200);
  std::string etag = css.HeaderValue("ETag");
  ASSERT_FALSE(etag.empty());
  web::Request again = web::MakeRequest(
      web::Method::kGet, "/static/css/site.css", "", {{"If-None-Match", etag}});
  EXPECT_EQ(t_.Send(again).status, 304);
  EXPECT_EQ(t_.Get("/static/../seed/org.json").status, 404);
}

TEST_P(AppHttpTest, LargeTypeToggleNeedsNoJavaScript) {
  ASSERT_TRUE(t_.ok());
  web::Response r = t_.Get("/a11y/large?on=1&back=%2Ftasks");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.HeaderValue("Location"), "/tasks");
  EXPECT_THAT(t_.Get("/tasks").body, HasSubstr("<body class=\"large\">"));
  for (const char* back : {"https://evil.example", "%2F%5Cevil.example",
                           "%2F%2Fevil.example", "%2F%09%2Fevil.example"}) {
    EXPECT_EQ(t_.Get(absl::StrCat("/a11y/large?on=1&back=", back))
                  .HeaderValue("Location"),
              "/")
        << back;
  }
}

TEST_P(AppHttpTest, AdminEditsUnitsAndDomainsThroughFormsWithAudit) {
  ASSERT_TRUE(t_.ok());
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  web::Response home = t_.Get("/admin");
  EXPECT_EQ(home.status, 200);
  EXPECT_THAT(home.body, HasSubstr("单位与领域"));
  // The test clock is in March 2026: 2027's notice is not due for months,
  // so the admin home asks for nothing yet (calendar's http_test covers
  // the task from November on).
  EXPECT_THAT(home.body, Not(HasSubstr("2027年节假日安排尚未发布")));
  web::Response page = t_.Get("/admin/org");
  ASSERT_EQ(page.status, 200);
  // A new town, then a field error for a duplicate name (kept on the page).
  web::Response created =
      t_.PostForm("/admin/units", {{"name", "鱼岳镇"}, {"kind", "town"}});
  EXPECT_EQ(created.status, 303);
  web::Response dup =
      t_.PostForm("/admin/units", {{"name", "鱼岳镇"}, {"kind", "town"}});
  EXPECT_EQ(dup.status, 400);
  EXPECT_THAT(dup.body, HasSubstr("已有名为“鱼岳镇”的单位"));
  // Reassign 社会救助 to the new unit through the domain form.
  auto domains =
      nlohmann::json::parse(t_.Get("/api/v1/domains").body)["domains"];
  auto units = nlohmann::json::parse(t_.Get("/api/v1/units").body)["units"];
  int64_t town_id = units.back()["id"];
  int64_t domain_id = domains[3]["id"];
  web::Response moved =
      t_.PostForm(absl::StrCat("/admin/domains/", domain_id),
                  {{"name", "社会救助"}, {"unit_id", absl::StrCat(town_id)}});
  EXPECT_EQ(moved.status, 303);
  auto after = nlohmann::json::parse(
      t_.Get(absl::StrCat("/api/v1/domains/", domain_id)).body);
  EXPECT_EQ(after["responsible_unit"]["name"], "鱼岳镇");
  // Retire and restore have their own routes (the page's buttons post there).
  // The town is responsible for a domain now: it cannot be retired.
  const std::string town = absl::StrCat("/admin/units/", town_id);
  EXPECT_EQ(t_.PostForm(town + "/retire", {}).status, 409);
  ASSERT_EQ(
      t_.PostForm("/admin/units", {{"name", "簰洲湾镇"}, {"kind", "town"}})
          .status,
      303);
  int64_t spare_id =
      nlohmann::json::parse(t_.Get("/api/v1/units").body)["units"].back()["id"];
  EXPECT_THAT(t_.Get("/admin/org").body,
              HasSubstr(absl::StrCat("formaction=\"/admin/units/", spare_id,
                                     "/retire\"")));
  const std::string spare = absl::StrCat("/admin/units/", spare_id);
  EXPECT_EQ(t_.PostForm(spare + "/retire", {}).status, 303);
  auto retired = nlohmann::json::parse(t_.Get("/api/v1/units").body)["units"];
  for (const auto& u : retired) EXPECT_NE(u["id"], spare_id);
  EXPECT_EQ(t_.PostForm(spare + "/restore", {}).status, 303);
  auto restored = nlohmann::json::parse(t_.Get("/api/v1/units").body)["units"];
  EXPECT_EQ(restored.back()["id"], spare_id);
  EXPECT_EQ(t_.PostForm("/admin/units/999999/retire", {}).status, 404);
  web::Response audit = t_.Get("/admin/audit");
  EXPECT_EQ(audit.status, 200);
  EXPECT_THAT(audit.body, HasSubstr("domain.update"));
}

TEST_P(AppHttpTest, FormsWithoutTheCsrfTokenAreRefused) {
  ASSERT_TRUE(t_.ok());
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  web::Response r = t_.PostForm(
      "/admin/units", {{"name", "X镇"}, {"kind", "town"}}, /*with_csrf=*/false);
  EXPECT_EQ(r.status, 403);
  auto units = nlohmann::json::parse(t_.Get("/api/v1/units").body)["units"];
  EXPECT_EQ(units.size(), 31u);
}

TEST_P(AppHttpTest, EditorsCannotEditUnits) {
  ASSERT_TRUE(t_.ok());
  ASSERT_TRUE(t_.SignIn("ed", "unit_editor", "县民政局"));
  EXPECT_EQ(t_.Get("/admin/org").status, 403);
  std::string home = t_.Get("/admin").body;
  EXPECT_THAT(home, HasSubstr("/admin/catalog"));
  EXPECT_THAT(home, ::testing::Not(HasSubstr("/admin/org")));
  EXPECT_EQ(t_.PostForm("/admin/units", {{"name", "Y镇"}}).status, 403);
}

TEST_P(AppHttpTest, CalculatorPageAndApi) {
  ASSERT_TRUE(t_.ok());
  web::Response page = t_.Get("/calendar?start=2026-02-13&days=1");
  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.body,
              HasSubstr("<strong id=\"due-date\">2026-02-14</strong>"));
  web::Response bad = t_.Get("/calendar?start=2026-02-30&days=-1");
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.body, HasSubstr("2026-02-30"));
  auto due = nlohmann::json::parse(
      t_.Get("/api/v1/calendar/"
             "due?start=2026-02-02&days=20&restart=2026-02-06&pause=2026-03-02."
             ".2026-03-06&extend=5")
          .body);
  EXPECT_EQ(due["due"], "2026-03-26");
  EXPECT_FALSE(due["trace"].empty());
  auto year = nlohmann::json::parse(t_.Get("/api/v1/calendar/2026").body);
  EXPECT_EQ(year["covered"], true);
  auto y2027 = nlohmann::json::parse(t_.Get("/api/v1/calendar/2027").body);
  EXPECT_EQ(y2027["warnings"][0], "未载入2027年节假日安排，仅按周末计算");
  web::Response bad_api = t_.Get("/api/v1/calendar/due?start=x&days=1");
  EXPECT_EQ(bad_api.status, 400);
  EXPECT_EQ(
      nlohmann::json::parse(bad_api.body)["error"]["fields"].count("start"),
      1u);
}

TEST_P(AppHttpTest, DomainPageShowsThePublishedCatalogWithDownloads) {
  ASSERT_TRUE(t_.ok());
  auto domains =
      nlohmann::json::parse(t_.Get("/api/v1/domains").body)["domains"];
  int64_t id = domains[0]["id"];  // 重大建设项目
  // The seed opens its examples as a draft (issue 17): the county office
  // publishes it, then the public sees it.
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  ASSERT_EQ(t_.PostForm(absl::StrCat("/admin/catalog/", id, "/publish"),
                        {{"note", "审定"}})
                .status,
            303);
  t_.cookies().clear();
  web::Response page = t_.Get(absl::StrCat("/domains/", id));
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("重大建设项目领域政务公开事项标准目录"));
  EXPECT_THAT(page.body, HasSubstr("办理过程信息"));
  EXPECT_THAT(page.body, HasSubstr("<th scope=\"col\">特定群众</th>"));
  web::Response xlsx = t_.Get(absl::StrCat("/domains/", id, "/catalog.xlsx"));
  EXPECT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  auto api = nlohmann::json::parse(
      t_.Get(absl::StrCat("/api/v1/domains/", id, "/catalog")).body);
  EXPECT_EQ(api["version"], 1);
  EXPECT_EQ(api["items"][0]["level2"], "办事指南");
  EXPECT_EQ(api["items"][1]["audience_detail"], "项目单位");
  EXPECT_TRUE(api["items"][0]["subject_unit"].is_null());  // 相关审批部门
  int64_t item = api["items"][0]["id"];
  EXPECT_EQ(t_.Get(absl::StrCat("/api/v1/catalog/items/", item)).status, 200);
  // A domain without a catalog says so, and its download is a 404.
  int64_t none = domains[2]["id"];  // 户籍管理
  EXPECT_THAT(t_.Get(absl::StrCat("/domains/", none)).body,
              HasSubstr("标准目录编制中（待编制）"));
  EXPECT_EQ(t_.Get(absl::StrCat("/domains/", none, "/catalog.csv")).status,
            404);
}

TEST_P(AppHttpTest, AdminImportsAWorkbookThroughTheFormAndPublishes) {
  ASSERT_TRUE(t_.ok());
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  auto domains =
      nlohmann::json::parse(t_.Get("/api/v1/domains").body)["domains"];
  int64_t from = domains[0]["id"], to = domains[2]["id"];
  // Re-use the seeded 重大建设项目 draft's workbook as the 户籍管理 draft.
  std::string xlsx =
      t_.Get(absl::StrCat("/domains/", from, "/catalog.xlsx?version=draft"))
          .body;
  web::Response page = t_.Get(absl::StrCat("/admin/catalog/", to));
  ASSERT_EQ(page.status, 200);
  std::string marker = "name=\"_csrf\" value=\"";
  size_t at = page.body.find(marker) + marker.size();
  std::string csrf = page.body.substr(at, page.body.find('"', at) - at);
  std::string body = absl::StrCat(
      "--b0und\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n", csrf,
      "\r\n--b0und\r\nContent-Disposition: form-data; name=\"file\"; "
      "filename=\"目录.xlsx\"\r\n"
      "Content-Type: application/octet-stream\r\n\r\n",
      xlsx, "\r\n--b0und--\r\n");
  web::Response imported = t_.Send(web::MakeRequest(
      web::Method::kPost, absl::StrCat("/admin/catalog/", to, "/import"), body,
      {{"Content-Type", "multipart/form-data; boundary=b0und"}}));
  ASSERT_EQ(imported.status, 303) << imported.body.substr(0, 2000);
  // Drafts are not public.
  auto api = t_.Get(absl::StrCat("/api/v1/domains/", to, "/catalog"));
  EXPECT_EQ(api.status, 404);
  web::Response published = t_.PostForm(
      absl::StrCat("/admin/catalog/", to, "/publish"), {{"note", "首次发布"}});
  EXPECT_EQ(published.status, 303);
  auto pub = nlohmann::json::parse(
      t_.Get(absl::StrCat("/api/v1/domains/", to, "/catalog")).body);
  EXPECT_EQ(pub["version"], 1);
  EXPECT_EQ(pub["items"][0]["level2"], "办事指南");
}

TEST_P(AppHttpTest, CachedPagesGoStaleOnAnyWrite) {
  ASSERT_TRUE(t_.ok());
  std::string before = t_.Get("/").body;
  EXPECT_EQ(t_.Get("/").body, before);  // served from the cache
  // A write outside the HTTP layer (as the CLI would make) is seen at once.
  auto* org = static_cast<org::OrgModule*>(t_.app().module("org"));
  auto unit = org->service().FindUnitByName("县税务局");
  ASSERT_TRUE(org->service()
                  .UpdateUnit(SystemActor(), unit->id,
                              {.name = "国家税务总局嘉鱼县税务局"})
                  .ok());
  EXPECT_THAT(t_.Get("/").body, HasSubstr("国家税务总局嘉鱼县税务局"));
  // Signed-in visitors never get (or leave) cached pages.
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  EXPECT_THAT(t_.Get("/").body, HasSubstr("<span class=\"who\">admin</span>"));
  t_.cookies().clear();
  EXPECT_THAT(t_.Get("/").body, ::testing::Not(HasSubstr("class=\"who\"")));
}

TEST_P(AppHttpTest, ApiWritesWithATokenAndMalformedJsonIsNamed) {
  ASSERT_TRUE(t_.ok());
  auto* auth = static_cast<auth::AuthModule*>(t_.app().module("auth"));
  ASSERT_TRUE(auth->service()
                  .AddUser(SystemActor(), {.name = "integration",
                                           .role = "admin",
                                           .password = TestApp::kPassword})
                  .ok());
  auto token =
      auth->service().CreateToken(SystemActor(), "integration", "test");
  ASSERT_TRUE(token.ok()) << token.status();
  std::map<std::string, std::string> bearer = {
      {"Authorization", "Bearer " + *token}};
  web::Response bad =
      t_.PostJson("/api/v1/units", "{\"name\": \"鱼岳镇\",", bearer);
  EXPECT_EQ(bad.status, 400);
  auto error = nlohmann::json::parse(bad.body)["error"];
  EXPECT_EQ(error["code"], "invalid_argument");
  EXPECT_THAT(error["message"].get<std::string>(), HasSubstr("JSON"));
  web::Response typed = t_.PostJson(
      "/api/v1/units", "{\"name\": 5, \"kind\": [\"town\"]}", bearer);
  EXPECT_EQ(typed.status, 400);
  auto fields = nlohmann::json::parse(typed.body)["error"]["fields"];
  EXPECT_THAT(fields["name"].get<std::string>(), HasSubstr("单位名称"));
  EXPECT_TRUE(fields.contains("kind")) << typed.body;
  web::Response created = t_.PostJson(
      "/api/v1/units", "{\"name\": \"鱼岳镇\", \"kind\": \"town\"}", bearer);
  EXPECT_EQ(created.status, 201) << created.body;
  web::Response dup = t_.PostJson(
      "/api/v1/units", "{\"name\": \"鱼岳镇\", \"kind\": \"town\"}", bearer);
  EXPECT_EQ(dup.status, 400);
  EXPECT_THAT(nlohmann::json::parse(dup.body)["error"]["fields"]["name"]
                  .get<std::string>(),
              HasSubstr("鱼岳镇"));
}

TEST_P(AppHttpTest, HealthzChecksTheDatabase) {
  ASSERT_TRUE(t_.ok());
  EXPECT_EQ(t_.Get("/healthz").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Engines, AppHttpTest,
                         ::testing::ValuesIn(DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::testing
