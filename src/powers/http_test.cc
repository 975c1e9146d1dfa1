// The 公开属性 inventory pages in-process on the seeded app (SQLite and
// PostgreSQL): a unit's editor imports a 权责清单, decides a stage, drafts a
// record from it; another unit's staff get 404; the public list shows
// 主动公开 stages only.
#include <map>
#include <regex>
#include <string>

#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "org/module.h"

namespace zwgk::powers {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using zwgk::testing::TestApp;

constexpr char kCsv[] =
    "事项名称,事项类型,环节,产生的信息,公开属性,不予公开依据,公开时限\n"
    "最低生活保障金给付,行政给付,受理,受理通知书,,,\n"
    ",,审查,入户调查记录,不予公开,process_info,\n"
    ",,决定,低保审批结果,主动公开,,20个工作日\n";

std::string Capture(const std::string& body, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(body, m, std::regex(pattern))) return "";
  return m[1];
}

class PowersHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  PowersHttpTest() : t_(GetParam()) {}

  std::string Csrf() {
    web::Response page = t_.Get("/admin/powers");
    return Capture(page.body, "name=\"_csrf\" value=\"([^\"]+)\"");
  }
  web::Response Upload(const std::string& csv) {
    const std::string b = "zwgkPowers";
    std::string body = absl::StrCat(
        "--", b, "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n",
        Csrf(), "\r\n--", b,
        "\r\nContent-Disposition: form-data; name=\"file\"; "
        "filename=\"清单.csv\"\r\nContent-Type: text/csv\r\n\r\n",
        csv, "\r\n--", b, "--\r\n");
    return t_.Send(web::MakeRequest(
        web::Method::kPost, "/admin/powers/import", body,
        {{"content-type", absl::StrCat("multipart/form-data; boundary=", b)}}));
  }
  TestApp t_;
};

TEST_P(PowersHttpTest, ImportDecideDraftAndThePublicList) {
  ASSERT_TRUE(t_.ok());
  ASSERT_TRUE(t_.SignIn("mz-editor", "unit_editor", "县民政局"));
  web::Response imported = Upload(kCsv);
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_THAT(imported.body, HasSubstr("新增事项 1 项"));
  EXPECT_THAT(imported.body, HasSubstr("认定公开属性 2 个"));
  web::Response list = t_.Get("/admin/powers");
  const std::string power =
      Capture(list.body, "href=\"/admin/powers/(\\d+)\">最低生活保障金给付");
  ASSERT_FALSE(power.empty()) << list.body;
  web::Response page = t_.Get("/admin/powers/" + power);
  ASSERT_EQ(page.status, 200);
  const std::string accept =
      Capture(page.body, "id=\"stage-(\\d+)\">\\s*<h3>受理：受理通知书");
  ASSERT_FALSE(accept.empty()) << page.body;

  // 依申请公开 without a ground: named on the stage's form.
  web::Response refused =
      t_.PostForm("/admin/powers/stages/" + accept + "/decide",
                  {{"attribute", "on_request"}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(refused.body, HasSubstr("依申请公开或不予公开须写明依据"));
  web::Response decided = t_.PostForm(
      "/admin/powers/stages/" + accept + "/decide", {{"attribute", "active"}});
  EXPECT_EQ(decided.status, 303);
  EXPECT_EQ(
      decided.HeaderValue("Location"),
      absl::StrCat("/admin/powers/", power, "?done=decided#stage-", accept));
  web::Response drafted =
      t_.PostForm("/admin/powers/stages/" + accept + "/draft",
                  {{"topic", "民政、扶贫、救灾"}, {"genre", "公示"}});
  ASSERT_EQ(drafted.status, 303) << drafted.body;
  EXPECT_THAT(drafted.HeaderValue("Location"), HasSubstr("/admin/records/"));
  EXPECT_THAT(t_.Get("/admin/powers/" + power).body,
              HasSubstr("最低生活保障金给付受理通知书"));

  // The public list: 主动公开 stages only.
  auto* org = static_cast<org::OrgModule*>(t_.app().module("org"));
  auto unit = org->service().FindUnitByName("县民政局");
  ASSERT_TRUE(unit.ok());
  web::Response pub = t_.Get(absl::StrCat("/units/", unit->id, "/powers"));
  ASSERT_EQ(pub.status, 200);
  EXPECT_THAT(pub.body, HasSubstr("低保审批结果"));
  EXPECT_THAT(pub.body, HasSubstr("受理通知书"));
  EXPECT_THAT(pub.body, Not(HasSubstr("入户调查记录")));
  EXPECT_THAT(pub.body, Not(HasSubstr("认定</span>")));  // who decided

  // Another unit's editor: 404 for the power, its stages and its unit.
  ASSERT_TRUE(t_.SignIn("jy-editor", "unit_editor", "县教育局"));
  EXPECT_EQ(t_.Get("/admin/powers/" + power).status, 404);
  EXPECT_EQ(t_.PostForm("/admin/powers/stages/" + accept + "/decide",
                        {{"attribute", "withheld"},
                         {"ground", "process_info"},
                         {"reason", "x"}})
                .status,
            404);
  EXPECT_THAT(t_.Get("/admin/powers").body,
              Not(HasSubstr("最低生活保障金给付")));
  EXPECT_EQ(t_.Get(absl::StrCat("/admin/powers?unit=", unit->id)).status, 404);
}

TEST_P(PowersHttpTest, AnonymousVisitorsAreSentToSignIn) {
  ASSERT_TRUE(t_.ok());
  web::Response r = t_.Get("/admin/powers");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(t_.Get("/units/999999/powers").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Engines, PowersHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::powers
