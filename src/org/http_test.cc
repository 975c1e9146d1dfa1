// The admin page for units and domains in-process on the seeded app (SQLite
// and PostgreSQL): a refused form, whether the form adding a unit or a row's
// own form, is summarised in its fields' order with links to that form's
// fields (ids unique per row), its values kept and each message beside its
// field.
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace zwgk::org {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using zwgk::testing::ErrorSummaryHrefs;
using zwgk::testing::TestApp;

class OrgHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  OrgHttpTest() : t_(GetParam()) {}
  TestApp t_;
};

TEST_P(OrgHttpTest, RefusedFormsSummariseTheirOwnFieldsInFormOrder) {
  ASSERT_TRUE(t_.ok());
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  EXPECT_EQ(ErrorSummaryHrefs(t_.Get("/admin/org").body), std::nullopt);
  // The form adding a unit: name, kind, credit code, in that order.
  web::Response bad = t_.PostForm(
      "/admin/units",
      {{"name", ""}, {"kind", "village"}, {"credit_code", "12-bad"}});
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(ErrorSummaryHrefs(bad.body),
            (std::vector<std::string>{"new-unit-name", "new-unit-kind",
                                      "new-unit-code"}));
  EXPECT_THAT(bad.body, HasSubstr("id=\"new-unit-code-error\">统一社会信用代码"
                                  "应为 18 位"));
  EXPECT_THAT(bad.body, HasSubstr("value=\"12-bad\""));  // input kept
  EXPECT_LT(bad.body.find("class=\"error-summary\""),
            bad.body.find("id=\"new-unit-name\""));

  // A unit's own row: links carry the row's id, only that row is marked.
  auto units = nlohmann::json::parse(t_.Get("/api/v1/units").body)["units"];
  ASSERT_GE(units.size(), 2u);
  const int64_t id = units[1]["id"];
  web::Response row = t_.PostForm(
      absl::StrCat("/admin/units/", id),
      {{"name", "县某局"}, {"kind", "department"}, {"credit_code", "x"}});
  ASSERT_EQ(row.status, 400);
  EXPECT_EQ(ErrorSummaryHrefs(row.body),
            std::vector<std::string>{absl::StrCat("unit-code-", id)});
  EXPECT_THAT(row.body,
              HasSubstr(absl::StrCat("id=\"unit-code-", id, "-error\">")));
  EXPECT_THAT(row.body, HasSubstr("value=\"县某局\""));
  EXPECT_THAT(row.body, Not(HasSubstr("new-unit-code-error")));
  const int64_t other = units[0]["id"];
  EXPECT_THAT(row.body,
              Not(HasSubstr(absl::StrCat("unit-code-", other, "-error"))));

  // A domain's row: its name first, then its unit.
  auto domains =
      nlohmann::json::parse(t_.Get("/api/v1/domains").body)["domains"];
  ASSERT_FALSE(domains.empty());
  const int64_t domain = domains[0]["id"];
  const std::string target = absl::StrCat("/admin/domains/", domain);
  web::Response unnamed = t_.PostForm(target, {{"name", ""}, {"unit_id", ""}});
  ASSERT_EQ(unnamed.status, 400);
  EXPECT_EQ(ErrorSummaryHrefs(unnamed.body),
            std::vector<std::string>{absl::StrCat("domain-name-", domain)});
  web::Response no_unit =
      t_.PostForm(target, {{"name", "某领域"}, {"unit_id", "999999"}});
  ASSERT_EQ(no_unit.status, 400);
  EXPECT_EQ(ErrorSummaryHrefs(no_unit.body),
            std::vector<std::string>{absl::StrCat("domain-unit-", domain)});
  EXPECT_THAT(no_unit.body,
              HasSubstr(absl::StrCat("id=\"domain-unit-", domain,
                                     "-error\">责任单位不存在或已撤销")));

  // The form adding a domain.
  web::Response nd =
      t_.PostForm("/admin/domains", {{"name", " "}, {"unit_id", ""}});
  ASSERT_EQ(nd.status, 400);
  EXPECT_EQ(ErrorSummaryHrefs(nd.body),
            std::vector<std::string>{"new-domain-name"});
}

// Villages: imported on the admin page (bad rows named, nothing kept),
// listed under their towns, and public as /api/v1/villages?town=.
TEST_P(OrgHttpTest, VillagesImportedListedAndPublic) {
  ASSERT_TRUE(t_.ok());
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  web::Response bad =
      t_.PostForm("/admin/villages/import",
                  {{"csv", "官桥镇人民政府,官桥村,村,\n无此镇,某村,村,\n"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.body, HasSubstr("第2行：没有名为“无此镇”的乡镇"));
  web::Response ok = t_.PostForm(
      "/admin/villages/import",
      {{"csv",
        "乡镇,名称,类型,联系方式\n官桥镇人民政府,官桥村,村,0715-6000001\n"
        "渡普镇人民政府,渡普社区,社区,\n"}});
  EXPECT_EQ(ok.status, 303) << ok.body;
  web::Response page = t_.Get("/admin/org");
  EXPECT_THAT(page.body, HasSubstr("0715-6000001"));
  EXPECT_THAT(page.body, HasSubstr("官桥镇人民政府（1 个）"));
  // The county's unit list stays the county's.
  EXPECT_THAT(t_.Get("/api/v1/units").body, Not(HasSubstr("官桥村")));

  t_.cookies().clear();  // the public
  auto all = nlohmann::json::parse(t_.Get("/api/v1/villages").body);
  ASSERT_EQ(all["villages"].size(), 2u);
  auto of_town = nlohmann::json::parse(
      t_.Get("/api/v1/villages?town=%E5%AE%98%E6%A1%A5%E9%95%87%E4%BA%BA%E6%B0%"
             "91%E6%94%BF%E5%BA%9C")
          .body);
  ASSERT_EQ(of_town["villages"].size(), 1u);
  EXPECT_EQ(of_town["villages"][0]["name"], "官桥村");
  EXPECT_EQ(of_town["villages"][0]["kind"], "village");
  EXPECT_EQ(of_town["villages"][0]["town"]["name"], "官桥镇人民政府");
  EXPECT_FALSE(of_town["villages"][0].contains("contact"));
  EXPECT_EQ(t_.Get("/api/v1/villages?town=%E5%8E%BF%E4%BD%8F%E5%BB%BA%E5%B1%80")
                .status,
            404);  // 县住建局 is no town
}

INSTANTIATE_TEST_SUITE_P(Engines, OrgHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::org
