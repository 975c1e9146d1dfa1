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
#include "powers/module.h"
#include "publishing/module.h"

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

TEST_P(PowersHttpTest, ARecordsAttributeChangesWithAReasonShownInTheHistory) {
  ASSERT_TRUE(t_.ok());
  ASSERT_TRUE(t_.SignIn("mz-editor", "unit_editor", "县民政局"));
  ASSERT_EQ(Upload(kCsv).status, 200);
  const std::string power =
      Capture(t_.Get("/admin/powers").body, "href=\"/admin/powers/(\\d+)\">");
  ASSERT_FALSE(power.empty());
  const std::string decide =
      Capture(t_.Get("/admin/powers/" + power).body,
              "id=\"stage-(\\d+)\">\\s*<h3>决定：低保审批结果");
  ASSERT_FALSE(decide.empty());
  web::Response drafted =
      t_.PostForm("/admin/powers/stages/" + decide + "/draft",
                  {{"topic", "民政、扶贫、救灾"}, {"genre", "公示"}});
  ASSERT_EQ(drafted.status, 303) << drafted.body;
  const std::string record =
      Capture(drafted.HeaderValue("Location"), "/admin/records/(\\d+)");
  ASSERT_FALSE(record.empty());
  const std::string action = "/admin/powers/records/" + record + "/attribute";
  EXPECT_THAT(t_.Get("/admin/powers/" + power).body, HasSubstr(action));

  // Without a reason: named on the record's form, nothing changes.
  web::Response refused = t_.PostForm(
      action, {{"attribute", "withheld"}, {"ground", "process_info"}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(refused.body, HasSubstr("变更该信息的公开属性须说明理由"));
  // Another unit's editor: 404.
  ASSERT_TRUE(t_.SignIn("jy-editor", "unit_editor", "县教育局"));
  EXPECT_EQ(t_.PostForm(action, {{"attribute", "withheld"},
                                 {"ground", "process_info"},
                                 {"reason", "x"}})
                .status,
            404);
  // The unit's reviewer changes it; the history shows who, when (Beijing
  // time), from → to and why.
  ASSERT_TRUE(t_.SignIn("mz-reviewer", "unit_reviewer", "县民政局"));
  t_.clock().Advance(absl::Minutes(10));
  web::Response changed = t_.PostForm(action, {{"attribute", "withheld"},
                                               {"ground", "process_info"},
                                               {"reason", "含内部研究意见"}});
  ASSERT_EQ(changed.status, 303) << changed.body;
  EXPECT_EQ(
      changed.HeaderValue("Location"),
      absl::StrCat("/admin/powers/", power, "?done=record#record-", record));
  web::Response page = t_.Get("/admin/powers/" + power);
  ASSERT_EQ(page.status, 200);
  const std::string history =
      page.body.substr(page.body.find("公开属性变更记录"));
  EXPECT_THAT(history, HasSubstr("2026-03-02 09:10"));
  EXPECT_THAT(history, HasSubstr("含内部研究意见"));
  EXPECT_THAT(history, HasSubstr("mz-reviewer"));
  EXPECT_THAT(history, HasSubstr("<td data-label=\"原属性\">主动公开</td>"));
  EXPECT_THAT(history, HasSubstr("<td data-label=\"新属性\">不予公开（"));
  EXPECT_THAT(history,
              HasSubstr(absl::StrCat("<a href=\"/admin/records/", record,
                                     "\">最低生活保障金给付低保审批结果</a>")));
}

TEST_P(PowersHttpTest, TheUnitsReportTakesTable2CountsFromTheInventory) {
  ASSERT_TRUE(t_.ok());
  t_.clock().Set(StartOfDay(absl::CivilDay(2025, 6, 2)) + absl::Hours(10));
  ASSERT_TRUE(t_.SignIn("mz-editor", "unit_editor", "县民政局"));
  ASSERT_EQ(Upload("事项名称,事项类型,环节,产生的信息,公开属性\n"
                   "殡葬设施建设审批,行政许可,决定,准予许可决定书,主动公开\n")
                .status,
            200);
  // A record drafted from the 行政许可 stage, published in 2025.
  auto& powers =
      static_cast<PowersModule*>(t_.app().module("powers"))->service();
  auto& publishing =
      static_cast<publishing::PublishingModule*>(t_.app().module("publishing"))
          ->service();
  auto* org = static_cast<org::OrgModule*>(t_.app().module("org"));
  auto unit = org->service().FindUnitByName("县民政局");
  ASSERT_TRUE(unit.ok());
  const Actor editor{
      .name = "mz-editor", .role = Role::kUnitEditor, .unit_id = unit->id};
  const Actor reviewer{
      .name = "mz-reviewer", .role = Role::kUnitReviewer, .unit_id = unit->id};
  auto list = powers.List(editor, std::nullopt);
  ASSERT_TRUE(list.ok() && list->size() == 1);
  auto r = powers.DraftRecord(editor, (*list)[0].stages.at(0).id,
                              {.topic = "民政、扶贫、救灾", .genre = "公示"});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(publishing.Submit(editor, r->id).ok());
  ASSERT_TRUE(publishing.Review(reviewer, r->id, {.outcome = "approved"}).ok());
  ASSERT_TRUE(publishing.Publish(reviewer, r->id).ok());

  t_.clock().Set(StartOfDay(absl::CivilDay(2026, 3, 2)) + absl::Hours(9));
  // The session of June 2025 has long expired.
  ASSERT_TRUE(t_.SignIn("mz-editor-2026", "unit_editor", "县民政局"));
  const std::string u = absl::StrCat(unit->id);
  ASSERT_EQ(
      t_.PostForm("/admin/reports/generate", {{"year", "2025"}, {"unit", u}})
          .status,
      303);
  const std::string report = "/admin/reports/2025?unit=" + u;
  web::Response page = t_.Get(report);
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("从权责清单带入"));
  EXPECT_THAT(page.body, HasSubstr("权责清单统计 1 条"));
  // A figure typed from the 台账 stays unless the unit replaces it.
  ASSERT_EQ(
      t_.PostForm(
            "/admin/reports/2025/entries",
            {{"unit", u}, {"licensing", "4"}, {"licensing_source", "审批台账"}})
          .status,
      303);
  web::Response refused = t_.PostForm("/admin/reports/2025/from-powers",
                                      {{"unit", u}, {"take_licensing", "1"}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(refused.body, HasSubstr("已填报4（来源：审批台账）"));
  web::Response carried =
      t_.PostForm("/admin/reports/2025/from-powers",
                  {{"unit", u}, {"take_licensing", "1"}, {"replace", "1"}});
  ASSERT_EQ(carried.status, 303) << carried.body;
  page = t_.Get(report);
  EXPECT_THAT(page.body,
              HasSubstr("value=\"从权责清单带入：2025年发布的据行政许可事项"
                        "起草的信息1条\""));
  EXPECT_THAT(page.body,
              HasSubstr("id=\"licensing\" name=\"licensing\" value=\"1\""));
  // Another unit's editor: 404.
  ASSERT_TRUE(t_.SignIn("jy-editor", "unit_editor", "县教育局"));
  EXPECT_EQ(t_.PostForm("/admin/reports/2025/from-powers",
                        {{"unit", u}, {"take_licensing", "1"}})
                .status,
            404);
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
