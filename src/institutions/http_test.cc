// 公共企事业单位办事公开 in-process, on the seeded app (SQLite and
// PostgreSQL) with a fake clock: a school's staff edit only their own
// sections (another institution's answer 404), the public directory shows
// what was published, filters by sector and town, the API, the templates
// page of a department and the supervision dashboard's roll-up.
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "institutions/module.h"
#include "org/module.h"

namespace zwgk::institutions {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using zwgk::testing::TestApp;
using Json = nlohmann::json;

class InstitutionsHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  InstitutionsHttpTest()
      : t_(GetParam(), absl::FromCivil(absl::CivilSecond(2026, 5, 20, 9, 0, 0),
                                       absl::FixedTimeZone(8 * 3600))) {}

  void SetUp() override {
    ASSERT_TRUE(t_.ok());
    auto* m = static_cast<InstitutionsModule*>(t_.app().module("institutions"));
    ASSERT_NE(m, nullptr);
    auto done = m->service().Import(
        SystemActor(), "r.csv",
        "主管部门,名称,行业,乡镇,联系方式\n"
        "县教育局,鱼岳镇第一小学,教育,鱼岳镇人民政府,0715-6321001\n"
        "县教育局,官桥镇中学,教育,官桥镇人民政府,\n"
        "县卫健局,县人民医院,医疗卫生,,0715-6322120\n");
    ASSERT_TRUE(done.ok()) << done.status();
    auto& org = m->service().org();
    school_ = org.FindUnitByName("鱼岳镇第一小学")->id;
    middle_ = org.FindUnitByName("官桥镇中学")->id;
    hospital_ = org.FindUnitByName("县人民医院")->id;
    town_ = org.FindUnitByName("鱼岳镇人民政府")->id;
    education_ = org.FindUnitByName("县教育局")->id;
    health_ = org.FindUnitByName("县卫健局")->id;
  }

  TestApp t_;
  int64_t school_ = 0, middle_ = 0, hospital_ = 0, town_ = 0, education_ = 0,
          health_ = 0;
};

TEST_P(InstitutionsHttpTest, SchoolStaffEditOnlyTheirOwnSectionsPublicSeesIt) {
  ASSERT_TRUE(t_.SignIn("school1", "unit_editor", "鱼岳镇第一小学"));
  web::Response list = t_.Get("/admin/institutions");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_THAT(list.body, HasSubstr("鱼岳镇第一小学"));
  EXPECT_THAT(list.body, Not(HasSubstr("官桥镇中学")));
  EXPECT_THAT(list.body,
              Not(HasSubstr("action=\"/admin/institutions/import\"")));
  web::Response edit = t_.Get(absl::StrCat("/admin/institutions/", school_));
  ASSERT_EQ(edit.status, 200) << edit.body;
  EXPECT_THAT(edit.body, HasSubstr("收费项目和标准"));
  // Another institution's page and its sections answer 404.
  EXPECT_EQ(t_.Get(absl::StrCat("/admin/institutions/", middle_)).status, 404);
  web::Response other = t_.PostForm(
      absl::StrCat("/admin/institutions/", middle_, "/sections/fees"),
      {{"body", "冒名修改"}, {"publish", "1"}});
  EXPECT_EQ(other.status, 404) << other.body;
  // Publishing nothing is refused on the page with the field named.
  web::Response blank = t_.PostForm(
      absl::StrCat("/admin/institutions/", school_, "/sections/fees"),
      {{"body", ""}, {"publish", "1"}});
  EXPECT_EQ(blank.status, 400);
  EXPECT_THAT(blank.body, HasSubstr("请填写“收费项目和标准”的内容后再公开"));
  // Nothing published yet: the public page is 404, the directory empty.
  EXPECT_EQ(t_.Get(absl::StrCat("/institutions/", school_)).status, 404);
  web::Response saved = t_.PostForm(
      absl::StrCat("/admin/institutions/", school_, "/sections/fees"),
      {{"body", "课后服务费：每月 200 元。\n\n<img src=x onerror=alert(1)>"},
       {"publish", "1"}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  web::Response draft = t_.PostForm(
      absl::StrCat("/admin/institutions/", school_, "/sections/notices"),
      {{"body", "尚未定稿的通知"}, {"publish", "0"}});
  ASSERT_EQ(draft.status, 303) << draft.body;
  web::Response page = t_.Get(absl::StrCat("/institutions/", school_));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr("课后服务费：每月 200 元。"));
  EXPECT_THAT(page.body, Not(HasSubstr("onerror")));
  EXPECT_THAT(page.body, Not(HasSubstr("尚未定稿的通知")));
  EXPECT_THAT(page.body, HasSubstr("2026-05-20 09:00"));
  web::Response dir = t_.Get("/institutions");
  ASSERT_EQ(dir.status, 200);
  EXPECT_THAT(dir.body, HasSubstr(absl::StrCat("/institutions/", school_)));
  EXPECT_THAT(dir.body, Not(HasSubstr("官桥镇中学")));
  // Filters: by sector and town, without JavaScript (a GET form).
  EXPECT_THAT(
      t_.Get("/institutions?sector=%E5%8C%BB%E7%96%97%E5%8D%AB%E7%94%9F").body,
      Not(HasSubstr("鱼岳镇第一小学")));
  EXPECT_THAT(t_.Get(absl::StrCat("/institutions?town=", town_)).body,
              HasSubstr("鱼岳镇第一小学"));
  // The API: public data only.
  web::Response api = t_.Get("/api/v1/institutions?sector=教育");
  ASSERT_EQ(api.status, 200);
  Json j = Json::parse(api.body);
  ASSERT_EQ(j["count"], 1);
  EXPECT_EQ(j["institutions"][0]["name"], "鱼岳镇第一小学");
  EXPECT_EQ(j["institutions"][0]["sections"].size(), 1u);
  EXPECT_THAT(api.body, Not(HasSubstr("尚未定稿")));
  EXPECT_THAT(api.body, Not(HasSubstr("missing")));
  // The school's staff set no templates.
  EXPECT_EQ(t_.Get("/admin/institutions/templates").status, 404);
}

TEST_P(InstitutionsHttpTest, DepartmentSetsTemplatesAndSeesItsInstitutions) {
  ASSERT_TRUE(t_.SignIn("edu1", "unit_editor", "县教育局"));
  web::Response list = t_.Get("/admin/institutions");
  ASSERT_EQ(list.status, 200);
  EXPECT_THAT(list.body, HasSubstr("官桥镇中学"));
  EXPECT_THAT(list.body, Not(HasSubstr("县人民医院")));
  EXPECT_EQ(t_.Get(absl::StrCat("/admin/institutions/", hospital_)).status,
            404);
  web::Response tmpl = t_.Get("/admin/institutions/templates?sector=教育");
  ASSERT_EQ(tmpl.status, 200) << tmpl.body;
  EXPECT_THAT(tmpl.body, HasSubstr("尚未设置"));
  web::Response bad = t_.PostForm("/admin/institutions/templates",
                                  {{"department", std::to_string(education_)},
                                   {"sector", "教育"},
                                   {"required_fees", "1"},
                                   {"period_fees", "0"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_THAT(bad.body, HasSubstr("“收费项目和标准”的更新周期应为"));
  web::Response other = t_.PostForm(
      "/admin/institutions/templates",
      {{"department", std::to_string(health_)}, {"sector", "医疗卫生"}});
  EXPECT_EQ(other.status, 404);
}

TEST_P(InstitutionsHttpTest, TheDashboardRollsUpMissingSections) {
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  web::Response api = t_.Get("/api/v1/supervision");
  ASSERT_EQ(api.status, 200) << api.body;
  EXPECT_THAT(api.body, HasSubstr("institution_sections"));
  Json j = Json::parse(api.body);
  ASSERT_TRUE(j.contains("units"));
  bool found = false;
  for (const Json& u : j["units"]) {
    if (u.value("unit", "") != "县教育局") continue;
    found = true;
    EXPECT_EQ(u["counts"]["institution_sections"], 10);
    int points = 0;
    for (const Json& d : u["deductions"])
      if (d.value("rule", "") == "institution_sections")
        points += d.value("points", 0);
    // Two schools × five sections missing, capped at 10 points.
    EXPECT_EQ(points, 10) << u.dump();
  }
  EXPECT_TRUE(found) << api.body.substr(0, 2000);
}

INSTANTIATE_TEST_SUITE_P(Databases, InstitutionsHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::institutions
