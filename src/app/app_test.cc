// The whole app in-process: pages, JSON API and error handling as a visitor
// and an integration would see them.
#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::testing {
namespace {

using ::testing::HasSubstr;

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
  EXPECT_EQ(units["units"].size(), 23u);
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
  EXPECT_EQ(t_.Get("/a11y/large?on=1&back=https://evil.example")
                .HeaderValue("Location"),
            "/");
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
