// 公文类别 over HTTP: the staff form round trip (select and both fields,
// errors kept on the form), the records API field on create, update and
// reads, and the public page's metadata block.
#include <string>

#include "app/testing.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "publishing/http_test_fixture.h"

namespace zwgk::publishing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using json = nlohmann::json;

class DocClassHttpTest : public PublishingHttpFixture {
 protected:
  std::multimap<std::string, std::string> Form(const std::string& doc_class,
                                               const std::string& reg,
                                               const std::string& until) {
    return {{"title", "关于规范村级财务管理的通知"},
            {"unit", "4"},
            {"domain", ""},
            {"formed_on", "2026-02-27"},
            {"topic", "综合政务/应急管理"},
            {"genre", "通知"},
            {"doc_class", doc_class},
            {"registration_number", reg},
            {"valid_until", until},
            {"disclosure", "active"},
            {"body_html", "<p>各镇：请规范村级财务管理。</p>"}};
  }
};

TEST_P(DocClassHttpTest, FormRoundTripAndPublicPage) {
  ASSERT_TRUE(t_.SignIn("editor", "unit_editor", "县民政局"));
  web::Response blank = t_.Get("/admin/records/new");
  ASSERT_EQ(blank.status, 200);
  // The select and both fields are in the page without JavaScript.
  EXPECT_THAT(blank.body, HasSubstr("name=\"doc_class\""));
  EXPECT_THAT(blank.body,
              HasSubstr("<option value=\"other\" selected>其他</option>"));
  EXPECT_THAT(blank.body, HasSubstr("name=\"registration_number\""));
  EXPECT_THAT(blank.body, HasSubstr("name=\"valid_until\""));

  // A 登记号 on a 其他 record: the form comes back with the message and
  // what was typed.
  web::Response bad =
      t_.PostForm("/admin/records", Form("other", "JYXG-2026-00001", ""));
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.body, HasSubstr("只有行政规范性文件填写登记号"));
  EXPECT_THAT(bad.body, HasSubstr("value=\"JYXG-2026-00001\""));
  EXPECT_THAT(bad.body, HasSubstr("href=\"#r-reg\""));

  web::Response created = t_.PostForm(
      "/admin/records", Form("normative", "JYXG-2026-00001", "2031-06-30"));
  ASSERT_EQ(created.status, 303) << created.body;
  std::string loc = created.HeaderValue("Location");
  std::string admin_path = loc.substr(0, loc.find('?'));
  web::Response edit = t_.Get(admin_path);
  EXPECT_THAT(edit.body,
              HasSubstr("<option value=\"normative\" selected>行政规范性文件"));
  EXPECT_THAT(edit.body, HasSubstr("value=\"2031-06-30\""));
  EXPECT_THAT(edit.body, HasSubstr("文件类别：行政规范性文件 · 登记号 "
                                   "JYXG-2026-00001 · 有效期至 2031-06-30"));
  ASSERT_EQ(t_.PostForm(admin_path + "/submit", {}).status, 303);
  t_.cookies().clear();
  ASSERT_TRUE(t_.SignIn("reviewer", "unit_reviewer", "县民政局"));
  ASSERT_EQ(
      t_.PostForm(admin_path + "/review", {{"outcome", "approved"}}).status,
      303);
  // 政策解读 三同步: without an interpretation the confirmation asks why,
  // and publishing without a reason is refused.
  EXPECT_THAT(t_.Get(admin_path + "/publish").body,
              HasSubstr("name=\"interpretation_waiver\""));
  web::Response held = t_.PostForm(admin_path + "/publish", {{"confirm", "1"}});
  EXPECT_EQ(held.status, 400);
  EXPECT_THAT(held.body, HasSubstr("是行政规范性文件，缺少政策解读"));
  ASSERT_EQ(t_.PostForm(admin_path + "/publish",
                        {{"confirm", "1"},
                         {"interpretation_waiver", "内部管理规定，无需解读"}})
                .status,
            303);
  EXPECT_THAT(t_.Get(admin_path).body,
              HasSubstr("不作解读的理由：内部管理规定，无需解读（reviewer"));
  t_.cookies().clear();
  std::string id = admin_path.substr(admin_path.rfind('/') + 1);
  web::Response page = t_.Get("/records/" + id);
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body,
              HasSubstr("<th scope=\"row\">文件类别</th><td colspan=\"3\">"
                        "行政规范性文件 · 登记号 JYXG-2026-00001 · 有效期至 "
                        "2031-06-30</td>"));
  json api = json::parse(t_.Get("/api/v1/records/" + id).body);
  EXPECT_EQ(api["doc_class"], "行政规范性文件");
  EXPECT_EQ(api["registration_number"], "JYXG-2026-00001");
  EXPECT_EQ(api["valid_until"], "2031-06-30");
}

TEST_P(DocClassHttpTest, ApiField) {
  auto editor = t_.BearerToken("ed", "unit_editor", "县民政局");
  json body = {{"title", "县政府规章"},     {"unit", "县民政局"},
               {"formed_on", "2026-02-10"}, {"topic", "民政、扶贫、救灾"},
               {"genre", "通知"},           {"body_html", "<p>正文。</p>"}};
  json plain = Post("/api/v1/records", body, editor, 201);
  EXPECT_EQ(plain["doc_class"], "其他");
  EXPECT_FALSE(plain.contains("registration_number"));
  EXPECT_FALSE(plain.contains("valid_until"));

  body["doc_class"] = "规章";
  body["valid_until"] = "长期";
  json reg = Post("/api/v1/records", body, editor, 201);
  EXPECT_EQ(reg["doc_class"], "规章");
  EXPECT_EQ(reg["valid_until"], "长期");

  body["registration_number"] = "JYXG-1";
  json bad = Post("/api/v1/records", body, editor, 400);
  EXPECT_THAT(bad.dump(), HasSubstr("registration_number"));

  body["doc_class"] = "行政规范性文件";
  body["valid_until"] = "2030-12-31";
  std::string id = std::to_string(plain["id"].get<int64_t>());
  json u = Post("/api/v1/records/" + id, body, editor, 200);
  EXPECT_EQ(u["doc_class"], "行政规范性文件");
  EXPECT_EQ(u["registration_number"], "JYXG-1");
  json list =
      json::parse(t_.Send(web::MakeRequest(
                              web::Method::kGet, "/api/v1/records?scope=staff",
                              "", {{"authorization", editor["Authorization"]}}))
                      .body);
  ASSERT_TRUE(list["records"].is_array());
  bool seen = false;
  for (const json& r : list["records"])
    if (r["id"] == plain["id"]) {
      seen = true;
      EXPECT_EQ(r["doc_class"], "行政规范性文件");
      EXPECT_EQ(r["valid_until"], "2030-12-31");
    }
  EXPECT_TRUE(seen);
}

INSTANTIATE_TEST_SUITE_P(Engines, DocClassHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::publishing
