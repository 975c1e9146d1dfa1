// Issue 20, operations: /metrics answers only loopback callers that no proxy
// forwarded or the configured token, labels requests by route pattern; the
// OpenAPI document of /api/v1 lists exactly the /api/v1 routes.
#include <set>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "app/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace zwgk {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kToken[] = "metrics-token-0123456789";

web::Response Scrape(testing::TestApp& t, const std::string& ip,
                     std::map<std::string, std::string> headers = {}) {
  web::Request req =
      web::MakeRequest(web::Method::kGet, "/metrics", "", std::move(headers));
  req.remote_ip = ip;
  return t.Send(std::move(req));
}

class OpsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    app_ = std::make_unique<testing::TestApp>(GetParam());
    ASSERT_TRUE(app_->ok());
    Config c = app_->app().config();
    c.metrics_token = kToken;
    app_->app().Configure(c);
  }
  std::unique_ptr<testing::TestApp> app_;
};

TEST_P(OpsTest, MetricsOnlyForLoopbackOrToken) {
  struct Case {
    std::string ip;
    std::map<std::string, std::string> headers;
    int status;
  };
  for (const Case& c : std::vector<Case>{
           {"127.0.0.1", {}, 200},
           {"::1", {}, 200},
           {"203.0.113.9", {}, 404},
           {"127.0.0.1", {{"x-forwarded-for", "203.0.113.9"}}, 404},
           {"127.0.0.1", {{"x-real-ip", "203.0.113.9"}}, 404},
           {"203.0.113.9",
            {{"authorization", "Bearer wrong-token-000000"}},
            404},
           {"203.0.113.9",
            {{"authorization", absl::StrCat("Bearer ", kToken)}},
            200},
       }) {
    web::Response r = Scrape(*app_, c.ip, c.headers);
    EXPECT_EQ(r.status, c.status) << c.ip << " " << c.headers.size();
    if (r.status == 200) {
      EXPECT_THAT(r.content_type, HasSubstr("version=0.0.4"));
    } else {
      EXPECT_THAT(r.body, Not(HasSubstr("zwgk_http_requests_total")));
    }
  }
}

TEST_P(OpsTest, MetricsLabelRoutePatternsAndReportGauges) {
  ASSERT_EQ(app_->Get("/api/v1/domains").status, 200);
  app_->Get("/api/v1/records/999999");  // 404 from a matched route
  app_->Get("/no/such/page/12345");     // no route
  app_->Get("/");                       // built, then from the cache
  app_->Get("/");
  web::Response r = Scrape(*app_, "127.0.0.1");
  ASSERT_EQ(r.status, 200);
  const std::string& m = r.body;
  EXPECT_THAT(m, HasSubstr("zwgk_http_requests_total{method=\"GET\",route=\""
                           "/api/v1/domains\",code=\"200\",class=\"2xx\"} 1"));
  EXPECT_THAT(m, HasSubstr("route=\"/api/v1/records/{id}\",code=\"404\""));
  EXPECT_THAT(m, HasSubstr("route=\"none\",code=\"404\""));
  EXPECT_THAT(m, HasSubstr("route=\"/\",code=\"200\",class=\"2xx\"} 2"));
  EXPECT_THAT(m, Not(HasSubstr("999999")));
  EXPECT_THAT(m, Not(HasSubstr("12345")));
  EXPECT_THAT(m, HasSubstr("zwgk_http_request_duration_seconds_bucket{method="
                           "\"GET\",route=\"/api/v1/domains\",le=\"+Inf\"} 1"));
  EXPECT_THAT(m, HasSubstr("zwgk_page_cache_hits_total 1"));
  EXPECT_THAT(m, HasSubstr("# TYPE zwgk_db_pool_open gauge"));
  EXPECT_THAT(m, HasSubstr("zwgk_applications_overdue 0"));
  EXPECT_THAT(m, HasSubstr("zwgk_applications_due_soon 0"));
  EXPECT_THAT(m, HasSubstr("# TYPE zwgk_search_outbox_pending gauge"));
  // A remote caller cannot read it from the page cache either.
  EXPECT_EQ(Scrape(*app_, "203.0.113.9").status, 404);
}

// Every /api/v1 route and method is in the document, and every documented
// path and method has a route.
TEST_P(OpsTest, OpenApiDocumentMatchesRouteTables) {
  web::Response r = app_->Get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  nlohmann::json doc = nlohmann::json::parse(r.body, nullptr, false);
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["openapi"], "3.1.0");
  std::set<std::string> documented, routed;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      if (method == "parameters") continue;
      documented.insert(absl::StrCat(absl::AsciiStrToUpper(method), " ", path));
      EXPECT_TRUE(op.contains("responses")) << method << " " << path;
    }
  }
  for (const web::Route& route : app_->app().router().routes()) {
    if (!absl::StartsWith(route.pattern, "/api/v1/") &&
        route.pattern != "/api/v1")
      continue;
    routed.insert(
        absl::StrCat(web::MethodName(route.method), " ",
                     absl::StrReplaceAll(route.pattern, {{"{*", "{"}})));
  }
  std::vector<std::string> undocumented, stale;
  for (const std::string& r : routed)
    if (!documented.contains(r)) undocumented.push_back(r);
  for (const std::string& d : documented)
    if (!routed.contains(d)) stale.push_back(d);
  EXPECT_THAT(undocumented, ::testing::IsEmpty())
      << "routes missing from src/app/data/openapi.json";
  EXPECT_THAT(stale, ::testing::IsEmpty())
      << "documented in src/app/data/openapi.json without a route";
}

INSTANTIATE_TEST_SUITE_P(Engines, OpsTest,
                         ::testing::ValuesIn(testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk
