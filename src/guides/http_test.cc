// The 办事指南 pages and API in-process, on the seeded app (SQLite and
// PostgreSQL) with a fake clock: the API round trip from draft to the
// public page, a guide missing 收费标准 refused by name (API and form),
// what the public and another unit's staff never see, the QR code, body
// limits, and the book as a PDF.
#include <map>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "guides/model.h"

namespace zwgk::guides {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using zwgk::testing::TestApp;
using Json = nlohmann::json;
using Headers = std::map<std::string, std::string>;

constexpr char kService[] = "城乡居民基本养老保险待遇申领";

// Every key element filled, one material, two steps.
Json CompleteGuide() {
  Json elements = Json::object();
  for (const ElementInfo& e : AllElements())
    elements[std::string(e.name)] = absl::StrCat(e.name, "（测试内容）");
  elements["事项名称"] = kService;
  elements["设定依据"] =
      "《中华人民共和国社会保险法》第二十条\n《国务院关于建立统一的城乡居民"
      "基本养老保险制度的意见》";
  elements["法定办结时限"] = "20个工作日";
  elements["承诺办结时限"] = "5个工作日";
  elements["是否收费"] = "不收费";
  elements["收费标准"] = "不收费";
  elements["咨询电话"] = "0715-6321234";
  return {{"service", kService},
          {"unit", "县民政局"},
          {"elements", elements},
          {"materials", Json::array({{{"name", "居民身份证"},
                                      {"form", "原件"},
                                      {"copies", 1},
                                      {"required", true},
                                      {"source", "申请人自备"}}})},
          {"steps", Json::array({{{"name", "受理"},
                                  {"description", "窗口收取材料"},
                                  {"time_limit", "即办"}},
                                 {{"name", "审核"},
                                  {"description", "审核材料并办结"},
                                  {"time_limit", "5个工作日"}}})},
          {"life_events", Json::array({"养老"})}};
}

size_t IndexOf(absl::string_view element) {
  const auto& all = AllElements();
  for (size_t i = 0; i < all.size(); ++i)
    if (all[i].name == element) return i;
  ADD_FAILURE() << "no element " << element;
  return 0;
}

class GuidesHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  GuidesHttpTest() : t_(GetParam()) {}

  void SetUp() override {
    ASSERT_TRUE(t_.ok());
    editor_ = t_.BearerToken("mz-editor", "unit_editor", "县民政局");
    reviewer_ = t_.BearerToken("mz-reviewer", "unit_reviewer", "县民政局");
  }

  web::Response Send(web::Method method, const std::string& target,
                     const std::string& body, const Headers& headers) {
    web::Request req = web::MakeRequest(method, target, body, headers);
    for (const auto& [k, v] : headers)
      req.headers[absl::AsciiStrToLower(k)] = v;
    return t_.Send(req);
  }
  web::Response GetWith(const std::string& target, const Headers& headers) {
    return Send(web::Method::kGet, target, "", headers);
  }
  web::Response PostWith(const std::string& target, const std::string& body,
                         Headers headers) {
    headers["Content-Type"] = "application/json";
    return Send(web::Method::kPost, target, body, headers);
  }

  int64_t Create(const Json& guide) {
    web::Response r = PostWith("/api/v1/guides", guide.dump(), editor_);
    EXPECT_EQ(r.status, 201) << r.body;
    Json j = Json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("id") ? j["id"].get<int64_t>() : 0;
  }

  // Through the four eyes: the editor submits, the reviewer approves and
  // publishes.
  void Publish(int64_t id) {
    const std::string base = absl::StrCat("/api/v1/guides/", id);
    web::Response s = PostWith(base + "/submit", "", editor_);
    ASSERT_EQ(s.status, 200) << s.body;
    web::Response r =
        PostWith(base + "/review", R"({"outcome":"approved","remarks":"同意"})",
                 reviewer_);
    ASSERT_EQ(r.status, 200) << r.body;
    web::Response p = PostWith(base + "/publish", "", reviewer_);
    ASSERT_EQ(p.status, 200) << p.body;
  }

  TestApp t_;
  Headers editor_, reviewer_;
};

TEST_P(GuidesHttpTest, ApiRoundTripToThePublicPage) {
  const int64_t id = Create(CompleteGuide());
  ASSERT_GT(id, 0);
  const std::string page = absl::StrCat("/services/", id);
  // Unpublished: not public, by page or API.
  EXPECT_EQ(t_.Get(page).status, 404);
  EXPECT_EQ(t_.Get(absl::StrCat("/api/v1/guides/", id)).status, 404);
  EXPECT_THAT(t_.Get("/api/v1/guides").body, Not(HasSubstr(kService)));
  // Its staff read it with the state.
  web::Response staff = GetWith(absl::StrCat("/api/v1/guides/", id), editor_);
  ASSERT_EQ(staff.status, 200) << staff.body;
  EXPECT_EQ(Json::parse(staff.body)["state"], "draft");

  Publish(id);

  web::Response api = t_.Get(absl::StrCat("/api/v1/guides/", id));
  ASSERT_EQ(api.status, 200) << api.body;
  Json j = Json::parse(api.body);
  EXPECT_EQ(j["service"], kService);
  EXPECT_EQ(j["elements"]["收费标准"], "不收费");
  EXPECT_EQ(j["materials"][0]["name"], "居民身份证");
  EXPECT_EQ(j["steps"][1]["time_limit"], "5个工作日");
  EXPECT_FALSE(j.contains("review_remarks")) << "the public sees no remarks";

  web::Response shown = t_.Get(page);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_THAT(shown.body, HasSubstr(kService));
  EXPECT_THAT(shown.body, HasSubstr("居民身份证"));
  EXPECT_THAT(shown.body, HasSubstr("data-print"));
  EXPECT_THAT(shown.body, HasSubstr("<ol class=\"element-lines\">"));
  // The QR code of the guide's absolute address, drawn inline.
  EXPECT_THAT(shown.body, HasSubstr("<svg xmlns=\"http://www.w3.org/2000/svg\" "
                                    "class=\"qr\""));
  EXPECT_THAT(shown.body, HasSubstr(absl::StrCat("/services/", id, "</span>")));

  // Found by life event and by words.
  EXPECT_THAT(t_.Get("/services?event=%E5%85%BB%E8%80%81").body,
              HasSubstr(kService));
  EXPECT_THAT(t_.Get("/services?event=%E5%87%BA%E7%94%9F").body,
              Not(HasSubstr(kService)));
  EXPECT_THAT(t_.Get("/services?q=%E5%85%BB%E8%80%81%E4%BF%9D%E9%99%A9").body,
              HasSubstr(kService));
  EXPECT_THAT(t_.Get("/api/v1/guides").body, HasSubstr(kService));
  EXPECT_THAT(t_.Get("/services/books").body, HasSubstr("county.pdf"));
}

TEST_P(GuidesHttpTest, ApiRefusesAGuideMissingTheFeeByName) {
  Json guide = CompleteGuide();
  guide["elements"].erase("收费标准");
  web::Response created = PostWith("/api/v1/guides", guide.dump(), editor_);
  if (created.status == 201) {
    const int64_t id = Json::parse(created.body)["id"].get<int64_t>();
    // A draft may be incomplete; it says what is missing, and cannot go on.
    EXPECT_THAT(created.body, HasSubstr("收费标准"));
    web::Response s =
        PostWith(absl::StrCat("/api/v1/guides/", id, "/submit"), "", editor_);
    EXPECT_EQ(s.status, 400) << s.body;
    EXPECT_THAT(s.body, HasSubstr("收费标准"));
  } else {
    EXPECT_EQ(created.status, 400);
    EXPECT_THAT(created.body, HasSubstr("收费标准"));
  }
}

TEST_P(GuidesHttpTest, FormNamesTheMissingFeeAndRefusesToSubmit) {
  ASSERT_TRUE(t_.SignIn("mz-form", "unit_editor", "县民政局"));
  EXPECT_EQ(t_.Get("/admin/guides/new").status, 200);
  std::multimap<std::string, std::string> form;
  const auto& all = AllElements();
  for (size_t i = 0; i < all.size(); ++i)
    form.emplace(absl::StrCat("el_", i), absl::StrCat(all[i].name, "内容"));
  form.erase(absl::StrCat("el_", IndexOf("收费标准")));
  form.erase(absl::StrCat("el_", IndexOf("事项名称")));
  form.emplace(absl::StrCat("el_", IndexOf("事项名称")), kService);
  form.emplace("unit", "县民政局");
  form.emplace("m_name_0", "居民身份证");
  form.emplace("m_copies_0", "1");
  form.emplace("s_name_0", "受理");
  // "再加一项材料" shows the form again with one more row, saving nothing.
  auto more = form;
  more.emplace("more", "materials");
  web::Response again = t_.PostForm("/admin/guides/new", more);
  EXPECT_EQ(again.status, 200);
  EXPECT_THAT(again.body, HasSubstr("name=\"m_name_3\""));
  EXPECT_THAT(again.body, HasSubstr("value=\"居民身份证\""));

  web::Response saved = t_.PostForm("/admin/guides/new", form);
  ASSERT_EQ(saved.status, 303) << saved.body;
  const std::string location = saved.HeaderValue("Location");
  ASSERT_TRUE(absl::StartsWith(location, "/admin/guides/")) << location;
  const std::string edit = location.substr(0, location.find('?'));
  web::Response page = t_.Get(location);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr("还缺少以下要素"));
  EXPECT_THAT(page.body,
              HasSubstr(absl::StrCat("href=\"#el-", IndexOf("收费标准"),
                                     "\">收费标准</a>")));
  EXPECT_THAT(t_.Get("/admin/guides").body, HasSubstr("收费标准"));

  web::Response preview = t_.Get(edit + "/preview");
  EXPECT_EQ(preview.status, 200);
  EXPECT_THAT(preview.body, HasSubstr("预览：这是办事指南"));
  EXPECT_THAT(preview.body, HasSubstr("class=\"qr\""));
  web::Response refused = t_.PostForm(edit + "/submit", {});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_THAT(refused.body, HasSubstr("class=\"error-summary\""));
  EXPECT_THAT(refused.body, HasSubstr("缺少收费标准"));

  // Marked 不涉及 with a reason, it may be submitted.
  form.emplace(absl::StrCat("na_", IndexOf("收费标准")), "1");
  form.emplace(absl::StrCat("nar_", IndexOf("收费标准")), "本事项不收费");
  EXPECT_EQ(t_.PostForm(edit, form).status, 303);
  web::Response submitted = t_.PostForm(edit + "/submit", {});
  EXPECT_EQ(submitted.status, 303) << submitted.body;
}

TEST_P(GuidesHttpTest, AnotherUnitsStaffAndThePublicGetNotFound) {
  const int64_t id = Create(CompleteGuide());
  ASSERT_GT(id, 0);
  // Anonymous writes: 401.
  EXPECT_EQ(PostWith("/api/v1/guides", CompleteGuide().dump(), {}).status, 401);
  Headers other = t_.BearerToken("jy-editor", "unit_editor", "县教育局");
  EXPECT_EQ(GetWith(absl::StrCat("/api/v1/guides/", id), other).status, 404);
  EXPECT_EQ(PostWith(absl::StrCat("/api/v1/guides/", id, "/submit"), "", other)
                .status,
            404);
  ASSERT_TRUE(t_.SignIn("jy-page", "unit_editor", "县教育局"));
  EXPECT_EQ(t_.Get(absl::StrCat("/admin/guides/", id)).status, 404);
  EXPECT_THAT(t_.Get("/admin/guides").body, Not(HasSubstr(kService)));
  EXPECT_EQ(t_.Get(absl::StrCat("/services/", id, "/forms/0/blank")).status,
            404);
}

TEST_P(GuidesHttpTest, OversizedAndMalformedBodiesAreRefused) {
  const int64_t id = Create(CompleteGuide());
  ASSERT_GT(id, 0);
  const std::string big = absl::StrCat(R"({"outcome":"approved","remarks":")",
                                       std::string(20000, 'x'), "\"}");
  EXPECT_EQ(
      PostWith(absl::StrCat("/api/v1/guides/", id, "/review"), big, reviewer_)
          .status,
      413);
  EXPECT_EQ(PostWith("/api/v1/guides",
                     absl::StrCat("{\"service\":\"", std::string(3 << 20, 'y'),
                                  "\"}"),
                     editor_)
                .status,
            413);
  // Too deep, and an unknown element, are named.
  web::Response deep = PostWith("/api/v1/guides",
                                R"({"elements":{"a":[[[[[[1]]]]]]}})", editor_);
  EXPECT_EQ(deep.status, 400) << deep.body;
  Json unknown = CompleteGuide();
  unknown["elements"]["办事心情"] = "好";
  web::Response u = PostWith("/api/v1/guides", unknown.dump(), editor_);
  EXPECT_EQ(u.status, 400);
  EXPECT_THAT(u.body, HasSubstr("办事心情"));
  web::Response bad_review =
      PostWith(absl::StrCat("/api/v1/guides/", id, "/review"),
               R"({"outcome":"maybe"})", reviewer_);
  EXPECT_EQ(bad_review.status, 400);
  EXPECT_THAT(bad_review.body, HasSubstr("approved"));
}

TEST_P(GuidesHttpTest, BookAnswersAPdf) {
  const int64_t id = Create(CompleteGuide());
  ASSERT_GT(id, 0);
  Publish(id);
  web::Response book = t_.Get("/api/v1/books?scope=county");
  EXPECT_EQ(book.status, 200) << book.body;
  EXPECT_EQ(book.content_type, "application/pdf");
  EXPECT_TRUE(absl::StartsWith(book.body, "%PDF")) << book.body.substr(0, 200);
  web::Response html = t_.Get("/services/books/county.html");
  EXPECT_EQ(html.status, 200);
  EXPECT_THAT(html.body, HasSubstr(kService));
  EXPECT_THAT(html.HeaderValue("Content-Security-Policy"),
              HasSubstr("style-src 'unsafe-inline'"));
  EXPECT_THAT(html.HeaderValue("Content-Security-Policy"),
              Not(HasSubstr("script-src")));
  EXPECT_EQ(t_.Get("/services/books/county.pdf?paper=a5").content_type,
            "application/pdf");
  EXPECT_EQ(t_.Get("/api/v1/books?scope=domain").status, 400);
  EXPECT_EQ(t_.Get("/api/v1/books?scope=planet").status, 400);
  EXPECT_EQ(t_.Get("/services/books/planet.pdf").status, 404);
}

TEST_P(GuidesHttpTest, MonthlyStatisticsArePublished) {
  ASSERT_TRUE(t_.SignIn("mz-stats", "unit_editor", "县民政局"));
  web::Response form = t_.Get("/admin/guides/stats");
  ASSERT_EQ(form.status, 200) << form.body;
  const std::string unit = [&] {
    const std::string marker = "<option value=\"";
    size_t at = form.body.find(marker, form.body.find("id=\"unit\""));
    return form.body.substr(
        at + marker.size(),
        form.body.find('"', at + marker.size()) - at - marker.size());
  }();
  web::Response bad = t_.PostForm("/admin/guides/stats", {{"unit", unit},
                                                          {"year", "2026"},
                                                          {"month", "13"},
                                                          {"received", "9"},
                                                          {"handled", "8"},
                                                          {"on_time", "8"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.body, HasSubstr("href=\"#month\""));
  web::Response saved =
      t_.PostForm("/admin/guides/stats", {{"unit", unit},
                                          {"year", "2026"},
                                          {"month", "2"},
                                          {"received", "120"},
                                          {"handled", "110"},
                                          {"on_time", "104"}});
  EXPECT_EQ(saved.status, 303) << saved.body;
  web::Response published = t_.Get("/services/stats?year=2026");
  ASSERT_EQ(published.status, 200);
  EXPECT_THAT(published.body, HasSubstr("县民政局"));
  EXPECT_THAT(published.body, HasSubstr("94.5%"));
}

std::string Multipart(const std::string& boundary,
                      const std::map<std::string, std::string>& fields,
                      const std::string& file_name, const std::string& bytes) {
  std::string body;
  for (const auto& [k, v] : fields)
    absl::StrAppend(&body, "--", boundary,
                    "\r\nContent-Disposition: form-data; name=\"", k,
                    "\"\r\n\r\n", v, "\r\n");
  absl::StrAppend(&body, "--", boundary,
                  "\r\nContent-Disposition: form-data; name=\"file\"; "
                  "filename=\"",
                  file_name,
                  "\"\r\nContent-Type: application/octet-stream\r\n\r\n", bytes,
                  "\r\n--", boundary, "--\r\n");
  return body;
}

TEST_P(GuidesHttpTest, FormsUploadedByStaffDownloadedByThePublic) {
  const int64_t id = Create(CompleteGuide());
  ASSERT_GT(id, 0);
  const std::string boundary = "zwgkGuideBoundary";
  Headers multipart = editor_;
  multipart["content-type"] = "multipart/form-data; boundary=" + boundary;
  const std::string pdf =
      "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
  const std::string forms = absl::StrCat("/admin/guides/", id, "/forms");
  web::Response up =
      Send(web::Method::kPost, forms,
           Multipart(boundary, {{"index", "0"}, {"kind", "blank"}},
                     "申请表.pdf", pdf),
           multipart);
  ASSERT_EQ(up.status, 303) << up.body;
  // Not a form by its bytes: refused, by name.
  web::Response bad =
      Send(web::Method::kPost, forms,
           Multipart(boundary, {{"index", "0"}, {"kind", "sample"}}, "样表.pdf",
                     "just text, not a PDF"),
           multipart);
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.body, HasSubstr("样表.pdf"));
  const std::string blank = absl::StrCat("/services/", id, "/forms/0/blank");
  EXPECT_EQ(t_.Get(blank).status, 404) << "not published yet";
  Publish(id);
  EXPECT_THAT(t_.Get(absl::StrCat("/services/", id)).body,
              HasSubstr(absl::StrCat("href=\"", blank, "\"")));
  web::Response down = t_.Get(blank);
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.body, pdf);
  EXPECT_EQ(down.content_type, "application/pdf");
  EXPECT_EQ(t_.Get(absl::StrCat("/services/", id, "/forms/0/sample")).status,
            404);
  EXPECT_EQ(t_.Get(absl::StrCat("/services/", id, "/forms/0/other")).status,
            404);
}

TEST_P(GuidesHttpTest, ExportedXlsxImportsBack) {
  ASSERT_GT(Create(CompleteGuide()), 0);
  web::Response x = GetWith("/admin/guides/export.xlsx", editor_);
  ASSERT_EQ(x.status, 200) << x.body;
  EXPECT_EQ(
      x.content_type,
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  ASSERT_TRUE(absl::StartsWith(x.body, "PK"));
  const std::string boundary = "zwgkImportBoundary";
  Headers multipart = editor_;
  multipart["content-type"] = "multipart/form-data; boundary=" + boundary;
  web::Response back =
      Send(web::Method::kPost, "/admin/guides/import",
           Multipart(boundary, {}, "guides.xlsx", x.body), multipart);
  EXPECT_EQ(back.status, 200) << back.body;
  EXPECT_THAT(back.body, HasSubstr("导入完成"));
  web::Response junk = Send(
      web::Method::kPost, "/admin/guides/import",
      Multipart(boundary, {}, "guides.xlsx", "not a spreadsheet"), multipart);
  EXPECT_EQ(junk.status, 400) << junk.body;
  EXPECT_THAT(junk.body, HasSubstr("未导入"));
}

INSTANTIATE_TEST_SUITE_P(Engines, GuidesHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::guides
