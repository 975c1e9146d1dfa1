// The fixture the publishing HTTP tests share: the whole seeded app
// in-process on the test's engine (SQLite or PostgreSQL) at 2026-03-02 09:00,
// and the JSON post the records API tests make.
#ifndef ZWGK_PUBLISHING_HTTP_TEST_FIXTURE_H_
#define ZWGK_PUBLISHING_HTTP_TEST_FIXTURE_H_

#include <map>
#include <string>

#include "app/testing.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace zwgk::publishing {

class PublishingHttpFixture : public ::testing::TestWithParam<std::string> {
 protected:
  PublishingHttpFixture() : t_(GetParam()) {}

  // Posts `body` with `headers`, expects status `want`; the parsed answer (a
  // discarded value if it is not JSON).
  nlohmann::json Post(const std::string& target, const nlohmann::json& body,
                      const std::map<std::string, std::string>& headers,
                      int want = 200) {
    web::Response r = t_.PostJson(target, body.dump(), headers);
    EXPECT_EQ(r.status, want) << target << ": " << r.body;
    return nlohmann::json::parse(r.body, nullptr, false);
  }

  zwgk::testing::TestApp t_;
};

}  // namespace zwgk::publishing

#endif  // ZWGK_PUBLISHING_HTTP_TEST_FIXTURE_H_
