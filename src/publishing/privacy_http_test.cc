// 保密审查 (issue 18) through the staff forms, in-process: the findings
// section on the record and publish pages (masked previews only), a refused
// publication shown again with its message and the reasons typed, 一键脱敏
// from the publish page, and the public record page, download and API that
// never show the 原件 or a raw value. Another unit gets 404.
#include <filesystem>
#include <regex>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "publishing/http_test_fixture.h"
#include "publishing/privacy_test_util.h"

namespace zwgk::publishing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using json = nlohmann::json;
using privacy_test::kId;
using privacy_test::kId2;
using privacy_test::kMobile;

std::string Capture(const std::string& body, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(body, m, std::regex(pattern))) return "";
  return m[1];
}

class PrivacyHttpTest : public PublishingHttpFixture {
 protected:
  void SetUp() override { ASSERT_TRUE(t_.ok()); }

  // Uploads `bytes` as `filename` through the record page's form.
  web::Response Upload(const std::string& admin_path,
                       const std::string& filename, const std::string& bytes) {
    const std::string csrf =
        Capture(t_.Get(admin_path).body, "name=\"_csrf\" value=\"([^\"]+)\"");
    EXPECT_FALSE(csrf.empty());
    const std::string b = "zwgkPrivacyBoundary";
    std::string body = absl::StrCat(
        "--", b,
        "\r\nContent-Disposition: form-data; "
        "name=\"_csrf\"\r\n\r\n",
        csrf, "\r\n--", b,
        "\r\nContent-Disposition: form-data; name=\"file\"; "
        "filename=\"",
        filename, "\"\r\nContent-Type: application/octet-stream\r\n\r\n", bytes,
        "\r\n--", b, "--\r\n");
    std::map<std::string, std::string> headers = {
        {"content-type", "multipart/form-data; boundary=" + b}};
    web::Request req = web::MakeRequest(web::Method::kPost,
                                        admin_path + "/attach", body, headers);
    for (const auto& [k, v] : headers) req.headers[k] = v;
    return t_.Send(req);
  }

  static void ExpectNoRawValue(const std::string& body,
                               const std::string& where) {
    for (const char* raw : {kId, kId2, kMobile})
      EXPECT_THAT(body, Not(HasSubstr(raw))) << where;
  }
};

TEST_P(PrivacyHttpTest, HeldAtPublishMaskedInOneClickPublicNeverSeesRaw) {
  ASSERT_TRUE(t_.SignIn("editor", "unit_editor", "县民政局"));
  web::Response created = t_.PostForm(
      "/admin/records",
      {{"title", "2026年2月城乡低保发放情况公示"},
       {"unit", "4"},
       {"domain", ""},
       {"formed_on", "2026-02-27"},
       {"topic", "民政、扶贫、救灾/社会福利"},
       {"genre", "公示"},
       {"disclosure", "active"},
       {"body_html", absl::StrCat("<p>现将低保对象公示如下。</p><p>张三，"
                                  "身份证号：",
                                  kId, "，联系电话：", kMobile, "。</p>")}});
  ASSERT_EQ(created.status, 303) << created.body;
  std::string loc = created.HeaderValue("Location");
  const std::string admin_path = loc.substr(0, loc.find('?'));
  const std::string id = admin_path.substr(admin_path.rfind('/') + 1);
  const std::string xlsx = privacy_test::RecipientsXlsx(
      std::filesystem::temp_directory_path() /
      absl::StrCat("zwgk-privacy-http-", GetParam()));
  ASSERT_FALSE(xlsx.empty());
  web::Response up = Upload(admin_path, "低保名单.xlsx", xlsx);
  ASSERT_EQ(up.status, 303) << up.body.substr(0, 400);
  ASSERT_EQ(t_.PostForm(admin_path + "/submit", {}).status, 303);

  // The editor sees the findings too (masked), with 一键脱敏.
  web::Response mine = t_.Get(admin_path);
  EXPECT_THAT(mine.body, HasSubstr("保密审查：个人信息检查"));
  EXPECT_THAT(mine.body, HasSubstr("一键脱敏"));
  ExpectNoRawValue(mine.body, "editor's record page");

  // Another unit: 404 on the page and the actions.
  t_.cookies().clear();
  ASSERT_TRUE(t_.SignIn("edu", "unit_editor", "县教育局"));
  EXPECT_EQ(t_.Get(admin_path).status, 404);
  EXPECT_EQ(t_.PostForm(admin_path + "/privacy/mask", {}).status, 404);
  EXPECT_EQ(t_.PostForm(admin_path + "/privacy/scan", {}).status, 404);

  t_.cookies().clear();
  ASSERT_TRUE(t_.SignIn("reviewer", "unit_reviewer", "县民政局"));
  web::Response page = t_.Get(admin_path);
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("身份证号码 <span class=\"count\">3处"));
  EXPECT_THAT(page.body, HasSubstr("手机号码 <span class=\"count\">1处"));
  EXPECT_THAT(page.body, HasSubstr("低保名单.xlsx"));
  EXPECT_THAT(page.body, HasSubstr("正文第2段"));
  EXPECT_THAT(page.body, HasSubstr("421***********1238"));
  ExpectNoRawValue(page.body, "reviewer's record page");
  ASSERT_EQ(
      t_.PostForm(admin_path + "/review", {{"outcome", "approved"}}).status,
      303);

  web::Response confirm = t_.Get(admin_path + "/publish");
  ASSERT_EQ(confirm.status, 200);
  EXPECT_THAT(confirm.body, HasSubstr("保密审查：个人信息检查"));
  EXPECT_THAT(confirm.body, HasSubstr("name=\"privacy_reasons[id_card]\""));
  EXPECT_THAT(confirm.body, HasSubstr("name=\"privacy_reasons[mobile]\""));
  ExpectNoRawValue(confirm.body, "publish page");

  // Refused: the message names each kind and count.
  web::Response refused =
      t_.PostForm(admin_path + "/publish", {{"confirm", "1"}});
  EXPECT_EQ(refused.status, 409);
  EXPECT_THAT(refused.body,
              HasSubstr("发现未脱敏的个人信息：身份证号码3处、手机号码1处。"));
  ExpectNoRawValue(refused.body, "refused publish");
  // A reason for one kind only: the other is named, the reason typed kept.
  web::Response partial = t_.PostForm(
      admin_path + "/publish",
      {{"confirm", "1"}, {"privacy_reasons[id_card]", "公示须核对身份"}});
  EXPECT_EQ(partial.status, 409);
  EXPECT_THAT(partial.body, HasSubstr("发现未脱敏的个人信息：手机号码1处。"));
  EXPECT_THAT(partial.body, HasSubstr(">公示须核对身份</textarea>"));
  t_.cookies().clear();
  EXPECT_EQ(t_.Get("/records/" + id).status, 404);
  ASSERT_TRUE(t_.SignIn("reviewer2", "unit_reviewer", "县民政局"));

  // 一键脱敏 from the publish page returns to it.
  web::Response masked = t_.PostForm(admin_path + "/privacy/mask",
                                     {{"back", admin_path + "/publish"}});
  ASSERT_EQ(masked.status, 303) << masked.body.substr(0, 400);
  EXPECT_THAT(masked.HeaderValue("Location"),
              HasSubstr(admin_path + "/publish?done="));
  web::Response after = t_.Get(admin_path + "/publish");
  EXPECT_THAT(after.body, HasSubstr("未发现身份证号码"));
  EXPECT_THAT(after.body, Not(HasSubstr("privacy_reasons[")));
  json staff = json::parse(t_.Get("/api/v1/records/" + id).body);
  ASSERT_EQ(staff["attachments"].size(), 2u) << staff.dump();
  std::string original, copy;
  for (const json& a : staff["attachments"])
    (a["public"].get<bool>() ? copy : original) =
        std::to_string(a["id"].get<int64_t>());
  ASSERT_FALSE(original.empty());
  ASSERT_FALSE(copy.empty());
  // The unit's staff may still download the 原件.
  EXPECT_EQ(t_.Get("/records/" + id + "/attachments/" + original).status, 200);
  ASSERT_EQ(t_.PostForm(admin_path + "/publish", {{"confirm", "1"}}).status,
            303);

  // The public: masked text, the masked copy, never the 原件.
  t_.cookies().clear();
  web::Response pub = t_.Get("/records/" + id);
  ASSERT_EQ(pub.status, 200);
  ExpectNoRawValue(pub.body, "public page");
  EXPECT_THAT(pub.body, HasSubstr("低保名单（脱敏）.xlsx"));
  EXPECT_THAT(pub.body, Not(HasSubstr("/attachments/" + original + "\"")));
  EXPECT_THAT(pub.body, HasSubstr("/attachments/" + copy + "\""));
  EXPECT_EQ(t_.Get("/records/" + id + "/attachments/" + original).status, 404);
  web::Response file = t_.Get("/records/" + id + "/attachments/" + copy);
  EXPECT_EQ(file.status, 200);
  ExpectNoRawValue(file.body, "masked copy");
  web::Response api = t_.Get("/api/v1/records/" + id);
  ExpectNoRawValue(api.body, "public API");
  json pub_json = json::parse(api.body);
  ASSERT_EQ(pub_json["attachments"].size(), 1u);
  EXPECT_EQ(std::to_string(pub_json["attachments"][0]["id"].get<int64_t>()),
            copy);
  for (const char* feed : {"/feeds/records.rss", "/feeds/records.json"})
    ExpectNoRawValue(t_.Get(feed).body, feed);
}

INSTANTIATE_TEST_SUITE_P(Engines, PrivacyHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::publishing
