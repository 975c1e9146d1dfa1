#include "core/page_cache.h"

#include "core/testing.h"
#include "gtest/gtest.h"

namespace zwgk::web {
namespace {

class PageCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase("sqlite", {"core"});
    ASSERT_NE(db_, nullptr);
    router_.Get("/page", [this](Request& req) {
      ++renders_;
      Response r = Html("page " + std::to_string(renders_));
      if (req.QueryValue("cookie")) r.WithHeader("Set-Cookie", "x=1");
      return r;
    });
    router_.Get("/big", [this](Request&) {
      ++renders_;
      return Html(std::string(3000, 'x'));
    });
    // Stands in for the auth hook: "?user" signs the request in.
    router_.AddBeforeHook([](Request& req) -> std::optional<Response> {
      if (req.QueryValue("user"))
        req.principal = Actor{.user_id = 1, .name = "u", .role = Role::kAdmin};
      return std::nullopt;
    });
    cache_ = std::make_unique<PageCache>(
        *db_, clock_,
        PageCacheOptions{.max_entries = 8, .max_total_bytes = 5000});
    cache_->Install(router_);
  }

  std::string Get(absl::string_view target, std::string host = "") {
    Request req = MakeRequest(Method::kGet, target, "", {{"Host", host}});
    return router_.Handle(req).body;
  }

  void Write() {
    ASSERT_TRUE(db_->Transaction([](db::Tx& tx) {
                     return tx
                         .Exec(
                             "INSERT INTO audit_log (at, user_name, action, "
                             "entity, entity_id) "
                             "VALUES ('t', 'u', 'a', 'e', '1')")
                         .status();
                   })
                    .ok());
  }

  FakeClock clock_{StartOfDay(absl::CivilDay(2026, 11, 28))};
  std::unique_ptr<db::Database> db_;
  Router router_;
  std::unique_ptr<PageCache> cache_;
  int renders_ = 0;
};

TEST_F(PageCacheTest, ServesAnonymousPagesUntilAnyWrite) {
  EXPECT_EQ(Get("/page"), "page 1");
  EXPECT_EQ(Get("/page"), "page 1");
  Write();
  EXPECT_EQ(Get("/page"), "page 2");
  EXPECT_EQ(cache_->stats().hits, 1);
}

// Issue 12.4: a page rendered for one Host is never served for another.
TEST_F(PageCacheTest, TheHostIsPartOfTheKey) {
  EXPECT_EQ(Get("/page", "evil.example"), "page 1");
  EXPECT_EQ(Get("/page", "www.county.gov.cn"), "page 2");
  EXPECT_EQ(Get("/page", "WWW.county.gov.cn"), "page 2");
}

// A write outside this process (here an autocommit UPDATE, which no
// Transaction of this Database counted) shows within generation_max_age.
TEST_F(PageCacheTest, SeesAnotherProcesssWriteWithinTheMaxAge) {
  EXPECT_EQ(Get("/page"), "page 1");
  ASSERT_TRUE(
      db_->Query("UPDATE site_generation SET n = n + 1 WHERE id = 1").ok());
  clock_.Advance(absl::Milliseconds(249));
  EXPECT_EQ(Get("/page"), "page 1");
  clock_.Advance(absl::Milliseconds(1));
  EXPECT_EQ(Get("/page"), "page 2");
  EXPECT_EQ(Get("/page"), "page 2");
}

TEST_F(PageCacheTest, EveryAnswerHasItsOwnRequestIdAndItsRoute) {
  Request first = MakeRequest(Method::kGet, "/page", "", {});
  Request second = MakeRequest(Method::kGet, "/page", "", {});
  const Response a = router_.Handle(first);
  const Response b = router_.Handle(second);
  EXPECT_EQ(cache_->stats().hits, 1);
  EXPECT_EQ(a.body, b.body);
  EXPECT_FALSE(a.HeaderValue("X-Request-Id").empty());
  EXPECT_FALSE(b.HeaderValue("X-Request-Id").empty());
  EXPECT_NE(a.HeaderValue("X-Request-Id"), b.HeaderValue("X-Request-Id"));
  EXPECT_EQ(b.HeaderValue("X-Request-Id"), second.request_id);
  // The stored page keeps its route for the metrics' label.
  EXPECT_EQ(second.route_pattern, "/page");
}

TEST_F(PageCacheTest, NewDayNewPage) {
  EXPECT_EQ(Get("/page"), "page 1");
  clock_.Advance(absl::Hours(24));
  EXPECT_EQ(Get("/page"), "page 2");
}

TEST_F(PageCacheTest, NeverStoresSignedInOrCookieSettingResponses) {
  EXPECT_EQ(Get("/page?user=1"), "page 1");
  EXPECT_EQ(Get("/page?user=1"), "page 2");
  EXPECT_EQ(Get("/page?cookie=1"), "page 3");
  EXPECT_EQ(Get("/page?cookie=1"), "page 4");
}

TEST_F(PageCacheTest, StaysWithinItsByteBudget) {
  Get("/big?a");
  Get("/big?b");  // 6000 bytes > 5000: the cache starts again
  EXPECT_LE(cache_->stats().entries, 1);
  Get("/big?b");
  EXPECT_EQ(renders_, 2);
}

}  // namespace
}  // namespace zwgk::web
