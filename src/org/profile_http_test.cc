// Issue 19 over HTTP (SQLite and PostgreSQL): /admin/site is the office's
// (others refused), its marks uploaded by their bytes and shown in every
// footer; a unit's 概况信息 edited by its own staff (another unit's staff
// 404), public only once it holds something, its duties sanitized, the
// leader's photo served.
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "org/module.h"

namespace zwgk::org {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using zwgk::testing::TestApp;

const std::string kPng =
    std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + std::string(40, 'p');

class ProfileHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  ProfileHttpTest() : t_(GetParam()) {}

  // The CSRF token of the signed-in session, read from a page's form.
  std::string Csrf() {
    web::Response page = t_.Get("/admin/login");
    const std::string marker = "name=\"_csrf\" value=\"";
    size_t at = page.body.find(marker);
    if (at == std::string::npos) return "";
    size_t start = at + marker.size();
    return page.body.substr(start, page.body.find('"', start) - start);
  }

  // A multipart/form-data post of one file field (and the CSRF token).
  web::Response PostFile(const std::string& target, const std::string& field,
                         const std::string& filename,
                         const std::string& bytes) {
    const std::string b = "----zwgkboundary";
    std::string body = absl::StrCat(
        "--", b, "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n",
        Csrf(), "\r\n--", b, "\r\nContent-Disposition: form-data; name=\"",
        field, "\"; filename=\"", filename,
        "\"\r\nContent-Type: application/octet-stream\r\n\r\n", bytes, "\r\n--",
        b, "--\r\n");
    return t_.Send(web::MakeRequest(
        web::Method::kPost, target, body,
        {{"content-type", absl::StrCat("multipart/form-data; boundary=", b)}}));
  }

  int64_t UnitId(const std::string& name) {
    auto* org = static_cast<OrgModule*>(t_.app().module("org"));
    return org->service().ResolveUnit(name)->id;
  }

  TestApp t_;
};

TEST_P(ProfileHttpTest, OnlyTheOfficeSetsTheIdentityAndEveryFooterShowsIt) {
  ASSERT_TRUE(t_.ok());
  // Before anything is set: the defaults and the text badge.
  web::Response home = t_.Get("/");
  EXPECT_THAT(home.body, HasSubstr("主办单位：嘉鱼县人民政府办公室"));
  EXPECT_THAT(home.body,
              HasSubstr(R"(<span class="dzjg-badge">党政机关</span>)"));
  EXPECT_THAT(home.body,
              HasSubstr(R"(<meta name="SiteName" content="嘉鱼县人民政府">)"));
  // Not signed in: to the login form; a unit's editor: refused.
  EXPECT_EQ(t_.Get("/admin/site").status, 303);
  ASSERT_TRUE(t_.SignIn("mz", "unit_editor", "县民政局"));
  EXPECT_EQ(t_.Get("/admin/site").status, 403);
  EXPECT_EQ(t_.PostForm("/admin/site", {{"id_code", "4212210001"}}).status,
            403);
  EXPECT_EQ(PostFile("/admin/site/marks/dzjg", "mark", "m.png", kPng).status,
            403);

  ASSERT_TRUE(t_.SignIn("office", "admin"));
  web::Response bad = t_.PostForm(
      "/admin/site", {{"id_code", "123"}, {"icp", "鄂ICP备12345678号"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.body, HasSubstr("网站标识码应为 10 位"));
  EXPECT_THAT(bad.body, HasSubstr("value=\"鄂ICP备12345678号\""));  // kept
  EXPECT_EQ(t_.PostForm("/admin/site",
                        {{"id_code", "4212210001"},
                         {"icp", "鄂ICP备12345678号"},
                         {"police", "鄂公网安备 42122102000123号"},
                         {"mark_url", "https://bszs.example.cn/?a=1&b=2"}})
                .status,
            303);
  // A file that is no image is refused beside its field; a PNG is stored.
  web::Response exe =
      PostFile("/admin/site/marks/dzjg", "mark", "mark.png", "MZ\x90\0");
  EXPECT_EQ(exe.status, 400);
  EXPECT_THAT(exe.body, HasSubstr("请上传 PNG、JPEG 或 GIF 图片"));
  EXPECT_EQ(PostFile("/admin/site/marks/dzjg", "mark", "mark.png", kPng).status,
            303);
  EXPECT_EQ(t_.Get("/site/marks/nope").status, 404);

  t_.cookies().clear();
  home = t_.Get("/messages");
  EXPECT_THAT(home.body, HasSubstr("网站标识码：4212210001"));
  EXPECT_THAT(home.body,
              HasSubstr(R"(<meta name="SiteIDCode" content="4212210001">)"));
  EXPECT_THAT(home.body,
              HasSubstr("registerSystemInfo?recordcode=42122102000123"));
  EXPECT_THAT(home.body,
              HasSubstr(R"(href="https://bszs.example.cn/?a=1&amp;b=2")"));
  EXPECT_THAT(home.body, HasSubstr(R"(alt="党政机关网站标识")"));
  EXPECT_THAT(home.body, Not(HasSubstr("dzjg-badge")));
  web::Response mark = t_.Get("/site/marks/dzjg");
  EXPECT_EQ(mark.status, 200);
  EXPECT_EQ(mark.content_type, "image/png");
  EXPECT_EQ(mark.body, kPng);
  EXPECT_EQ(t_.Get("/site/marks/police").status, 404);  // none uploaded
}

TEST_P(ProfileHttpTest, AUnitEditsItsOwnProfileWhichIsPublicOnceFilled) {
  ASSERT_TRUE(t_.ok());
  const int64_t mz = UnitId("县民政局");
  const std::string edit = absl::StrCat("/admin/units/", mz, "/profile");
  const std::string pub = absl::StrCat("/units/", mz, "/profile");
  EXPECT_EQ(t_.Get(pub).status, 404);
  EXPECT_THAT(t_.Get("/units").body, Not(HasSubstr(pub)));

  // Another unit's editor: as if there were nothing; the county's: the
  // office's only.
  ASSERT_TRUE(t_.SignIn("zj", "unit_editor", "县住建局"));
  EXPECT_EQ(t_.Get(edit).status, 404);
  EXPECT_EQ(t_.PostForm(edit, {{"phone", "0715-6320000"}}).status, 404);
  EXPECT_EQ(t_.PostForm(absl::StrCat("/admin/units/", mz, "/leaders"),
                        {{"name", "王五"}})
                .status,
            404);
  EXPECT_EQ(t_.Get("/admin/units/0/profile").status, 404);

  ASSERT_TRUE(t_.SignIn("mz", "unit_editor", "县民政局"));
  web::Response own = t_.Get("/admin/profile");
  EXPECT_EQ(own.status, 303);
  EXPECT_THAT(own.headers,
              ::testing::Contains(::testing::Pair("Location", edit)));
  EXPECT_EQ(t_.Get(edit).status, 200);
  web::Response bad =
      t_.PostForm(edit, {{"phone", "电话"}, {"address", "民政路1号"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.body, HasSubstr("联系电话应为固定电话或手机号码"));
  EXPECT_THAT(bad.body, HasSubstr("value=\"民政路1号\""));
  EXPECT_EQ(
      t_.PostForm(edit,
                  {{"duties", "<p>负责社会救助。</p><script>alert(1)</script>"},
                   {"departments", "办公室：负责日常运转"},
                   {"phone", "0715-6320000"}})
          .status,
      303);
  web::Response added = t_.PostForm(
      absl::StrCat("/admin/units/", mz, "/leaders"),
      {{"name", "李<四>"}, {"title", "局长"}, {"portfolio", "主持全面工作"}});
  EXPECT_EQ(added.status, 303);
  web::Response page = t_.Get(edit);
  const std::string marker = absl::StrCat("/admin/units/", mz, "/leaders/");
  size_t at = page.body.find(marker);
  ASSERT_NE(at, std::string::npos);
  const std::string lid = page.body.substr(
      at + marker.size(),
      page.body.find_first_not_of("0123456789", at + marker.size()) - at -
          marker.size());
  EXPECT_EQ(PostFile(absl::StrCat(marker, lid, "/photo"), "photo", "p.gif",
                     "GIF89a....")
                .status,
            400);
  EXPECT_EQ(
      PostFile(absl::StrCat(marker, lid, "/photo"), "photo", "p.png", kPng)
          .status,
      303);

  t_.cookies().clear();
  web::Response shown = t_.Get(pub);
  ASSERT_EQ(shown.status, 200);
  EXPECT_THAT(shown.body, HasSubstr("<p>负责社会救助。</p>"));
  EXPECT_THAT(shown.body, Not(HasSubstr("alert(1)")));
  EXPECT_THAT(shown.body, HasSubstr("<strong>办公室</strong>：负责日常运转"));
  EXPECT_THAT(shown.body, HasSubstr("李&lt;四&gt;"));
  EXPECT_THAT(shown.body, HasSubstr("主持全面工作"));
  EXPECT_THAT(shown.body,
              HasSubstr(R"(<meta name="ColumnName" content="机构职能">)"));
  EXPECT_THAT(t_.Get("/units").body, HasSubstr(pub));
  web::Response photo =
      t_.Get(absl::StrCat("/units/", mz, "/leaders/", lid, "/photo"));
  EXPECT_EQ(photo.status, 200);
  EXPECT_EQ(photo.content_type, "image/png");
  EXPECT_EQ(t_.Get(absl::StrCat("/units/", mz, "/leaders/999/photo")).status,
            404);
  EXPECT_EQ(t_.Get("/profile").status, 404);  // the county's: still empty
}

INSTANTIATE_TEST_SUITE_P(Engines, ProfileHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::org
