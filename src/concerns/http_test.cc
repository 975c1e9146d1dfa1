// 回应关切 pages and API in-process, on the seeded app (SQLite and
// PostgreSQL) with a fake clock: the issue's major concern through the API
// (due times with +08:00, overdue after), who may use the API (anonymous
// 401, another unit 404), bounded input, a response linked and shown on the
// public column only once published (never the notes), and the staff forms
// without JavaScript.
#include <map>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "concerns/model.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "publishing/module.h"

namespace zwgk::concerns {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using zwgk::testing::TestApp;
using Json = nlohmann::json;
using Headers = std::map<std::string, std::string>;

absl::Time Bj(const char* iso) { return *ParseSeenAt(iso); }

class ConcernsHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  ConcernsHttpTest() : t_(GetParam(), Bj("2026-12-02T23:00+08:00")) {}

  void SetUp() override {
    ASSERT_TRUE(t_.ok());
    office_ = t_.BearerToken("office", "admin");
    mz_ = t_.BearerToken("mz-editor", "unit_editor", "县民政局");
    jy_ = t_.BearerToken("jy-editor", "unit_editor", "县教育局");
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

  Json Major(const Headers& who) {
    web::Response r = PostWith("/api/v1/concerns",
                               Json{{"title", "某小区供水中断"},
                                    {"unit", "县民政局"},
                                    {"source", "舆情监测"},
                                    {"kind", "major"},
                                    {"seen_at", "2026-12-02T22:30+08:00"},
                                    {"notes", "内部备注：供水公司负责人电话"}}
                                   .dump(),
                               who);
    EXPECT_EQ(r.status, 201) << r.body;
    return Json::parse(r.body, nullptr, false);
  }

  publishing::Service& Publishing() {
    return static_cast<publishing::PublishingModule*>(
               t_.app().module("publishing"))
        ->service();
  }

  // A 回应 record of 县民政局, published now unless `publish` is false.
  int64_t Record(const std::string& title, bool publish) {
    Actor editor{.user_id = 0, .name = "系统编辑", .role = Role::kAdmin};
    auto r = Publishing().Create(editor, {.title = title,
                                          .unit = "县民政局",
                                          .formed_on = "2026-12-02",
                                          .topic = "民政、扶贫、救灾/社会福利",
                                          .genre = "回应",
                                          .body_html = "<p>供水已恢复。</p>"});
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok() || !publish) return r.ok() ? r->id : 0;
    Actor reviewer{.user_id = 77, .name = "县审核", .role = Role::kAdmin};
    EXPECT_TRUE(Publishing().Submit(editor, r->id).ok());
    EXPECT_TRUE(
        Publishing().Review(reviewer, r->id, {"approved", "无涉密内容"}).ok());
    auto p = Publishing().Publish(reviewer, r->id);
    EXPECT_TRUE(p.ok()) << p.status();
    return r->id;
  }

  TestApp t_;
  Headers office_, mz_, jy_;
};

TEST_P(ConcernsHttpTest, TheIssuesMajorConcernThroughTheApi) {
  Json c = Major(mz_);
  EXPECT_EQ(c["due_at"], "2026-12-03T03:30:00+08:00");
  EXPECT_EQ(c["press_conference_due_at"], "2026-12-03T22:30:00+08:00");
  EXPECT_EQ(c["seen_at"], "2026-12-02T22:30:00+08:00");
  EXPECT_EQ(c["state"], "open");
  const std::string id = absl::StrCat(c["id"].get<int64_t>());
  web::Response overdue = GetWith("/api/v1/concerns?state=overdue", mz_);
  ASSERT_EQ(overdue.status, 200) << overdue.body;
  EXPECT_TRUE(Json::parse(overdue.body)["concerns"].empty());
  t_.clock().Set(Bj("2026-12-03T03:31+08:00"));
  overdue = GetWith("/api/v1/concerns?state=overdue", mz_);
  Json list = Json::parse(overdue.body)["concerns"];
  ASSERT_EQ(list.size(), 1u) << overdue.body;
  EXPECT_EQ(list[0]["id"], c["id"]);
  EXPECT_EQ(list[0]["obligations"][0]["timeliness"], "已超时");
  // A general concern's one due time, 48 hours; no press conference.
  web::Response g = PostWith("/api/v1/concerns",
                             Json{{"title", "学校周边交通拥堵"},
                                  {"unit", "县教育局"},
                                  {"source", "12345 热线"},
                                  {"kind", "general"},
                                  {"seen_at", "2026-12-03T01:00+08:00"}}
                                 .dump(),
                             office_);
  ASSERT_EQ(g.status, 201) << g.body;
  Json gj = Json::parse(g.body);
  EXPECT_EQ(gj["due_at"], "2026-12-05T01:00:00+08:00");
  EXPECT_FALSE(gj.contains("press_conference_due_at"));
  EXPECT_EQ(
      Json::parse(
          GetWith("/api/v1/concerns?state=open", office_).body)["concerns"]
          .size(),
      2u);
  EXPECT_EQ(GetWith("/api/v1/concerns?state=late", office_).status, 400);
}

TEST_P(ConcernsHttpTest, WhoMayUseTheApi) {
  Json c = Major(mz_);
  const std::string base =
      absl::StrCat("/api/v1/concerns/", c["id"].get<int64_t>());
  EXPECT_EQ(t_.Get("/api/v1/concerns").status, 401);
  EXPECT_EQ(PostWith("/api/v1/concerns", "{}", {}).status, 401);
  EXPECT_EQ(GetWith(base, mz_).status, 200);
  EXPECT_EQ(GetWith(base, office_).status, 200);
  EXPECT_EQ(GetWith(base, jy_).status, 404);
  EXPECT_EQ(PostWith(base + "/responses", R"({"record_id": 1})", jy_).status,
            404);
  EXPECT_TRUE(
      Json::parse(GetWith("/api/v1/concerns", jy_).body)["concerns"].empty());
  EXPECT_EQ(GetWith("/admin/concerns/" + c["id"].dump(), jy_).status, 404);
  // Another unit's concern may not be logged by unit staff.
  web::Response theirs = PostWith("/api/v1/concerns",
                                  Json{{"title", "x"},
                                       {"unit", "县民政局"},
                                       {"source", "other"},
                                       {"kind", "general"},
                                       {"seen_at", "2026-12-02T20:00"}}
                                      .dump(),
                                  jy_);
  EXPECT_EQ(theirs.status, 400);
  EXPECT_THAT(theirs.body, HasSubstr("unit"));
}

TEST_P(ConcernsHttpTest, BoundsItsInput) {
  std::string deep = std::string(50, '[') + std::string(50, ']');
  EXPECT_EQ(PostWith("/api/v1/concerns", deep, mz_).status, 400);
  EXPECT_EQ(PostWith("/api/v1/concerns", "not json", mz_).status, 400);
  EXPECT_EQ(PostWith("/api/v1/concerns", R"({"title": 5})", mz_).status, 400);
  web::Response big = PostWith(
      "/api/v1/concerns", Json{{"title", std::string(40000, 'x')}}.dump(), mz_);
  EXPECT_EQ(big.status, 413) << big.body;
  web::Response missing = PostWith("/api/v1/concerns", "{}", mz_);
  ASSERT_EQ(missing.status, 400);
  for (const char* f : {"title", "source", "kind", "seen_at"})
    EXPECT_THAT(missing.body, HasSubstr(f));
  Json c = Major(mz_);
  const std::string base =
      absl::StrCat("/api/v1/concerns/", c["id"].get<int64_t>(), "/responses");
  EXPECT_EQ(PostWith(base, R"({"record_id": "abc"})", mz_).status, 400);
  EXPECT_EQ(PostWith(base, R"({})", mz_).status, 400);
  EXPECT_EQ(GetWith("/api/v1/concerns/99999999", mz_).status, 404);
}

TEST_P(ConcernsHttpTest, ThePublicColumnShowsPublishedResponsesOnly) {
  Json c = Major(office_);
  const std::string base =
      absl::StrCat("/api/v1/concerns/", c["id"].get<int64_t>(), "/responses");
  const int64_t draft = Record("供水情况说明（草稿）", false);
  web::Response linked = PostWith(base, Json{{"record_id", draft}}.dump(), mz_);
  ASSERT_EQ(linked.status, 201) << linked.body;
  web::Response page = t_.Get("/concerns");
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, Not(HasSubstr("某小区供水中断")));
  EXPECT_THAT(page.body, Not(HasSubstr("草稿")));
  t_.clock().Set(Bj("2026-12-03T02:00+08:00"));
  const int64_t published = Record("关于某小区供水中断的情况通报", true);
  linked = PostWith(
      base,
      Json{{"record_id", published}, {"obligation", "first_information"}}
          .dump(),
      mz_);
  ASSERT_EQ(linked.status, 201) << linked.body;
  Json j = Json::parse(linked.body);
  EXPECT_EQ(j["obligations"][0]["met_at"], "2026-12-03T02:00:00+08:00");
  EXPECT_EQ(j["obligations"][0]["timeliness"], "按时回应");
  // Linking the same again is refused.
  EXPECT_EQ(PostWith(base,
                     Json{{"record_id", published},
                          {"obligation", "first_information"}}
                         .dump(),
                     mz_)
                .status,
            409);
  page = t_.Get("/concerns");
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("某小区供水中断"));
  EXPECT_THAT(page.body, HasSubstr("关于某小区供水中断的情况通报"));
  EXPECT_THAT(page.body, HasSubstr("2026-12-02 22:30"));
  EXPECT_THAT(page.body, HasSubstr("2026-12-03 02:00"));
  EXPECT_THAT(page.body, Not(HasSubstr("草稿")));
  EXPECT_THAT(page.body, Not(HasSubstr("内部备注")));
  EXPECT_THAT(page.body, HasSubstr("href=\"/concerns\""));  // in the nav
}

TEST_P(ConcernsHttpTest, StaffFormsWorkWithoutJavaScript) {
  ASSERT_TRUE(t_.SignIn("mz-clerk", "unit_editor", "县民政局"));
  web::Response form = t_.Get("/admin/concerns/new");
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_THAT(form.body, HasSubstr("2026-12-02T23:00"));
  web::Response bad = t_.PostForm("/admin/concerns", {{"title", ""},
                                                      {"source", "media"},
                                                      {"kind", "general"},
                                                      {"seen_at", "明天"}});
  ASSERT_EQ(bad.status, 400) << bad.body;
  auto hrefs = zwgk::testing::ErrorSummaryHrefs(bad.body);
  ASSERT_TRUE(hrefs.has_value());
  EXPECT_EQ(*hrefs, (std::vector<std::string>{"title", "seen_at"}));
  web::Response ok =
      t_.PostForm("/admin/concerns", {{"title", "菜市场价格异常波动"},
                                      {"unit", "县民政局"},
                                      {"source", "media"},
                                      {"kind", "major"},
                                      {"seen_at", "2026-12-02T17:00"}});
  ASSERT_EQ(ok.status, 303) << ok.body;
  std::string where;
  for (const auto& [k, v] : ok.headers)
    if (absl::AsciiStrToLower(k) == "location") where = v;
  ASSERT_FALSE(where.empty());
  web::Response detail = t_.Get(where.substr(0, where.find('?')));
  ASSERT_EQ(detail.status, 200);
  EXPECT_THAT(detail.body, HasSubstr("2026-12-02 22:00"));
  EXPECT_THAT(detail.body, HasSubstr("2026-12-03 17:00"));
  // Past its 5 hours already (the session stays valid: no clock jump).
  web::Response list = t_.Get("/admin/concerns?state=overdue");
  ASSERT_EQ(list.status, 200);
  EXPECT_THAT(list.body, HasSubstr("class=\"overdue\""));
  EXPECT_THAT(list.body, HasSubstr("菜市场价格异常波动"));
  // The hours are the office's: a unit editor gets 403.
  EXPECT_EQ(t_.Get("/admin/concerns/settings").status, 403);
}

INSTANTIATE_TEST_SUITE_P(Engines, ConcernsHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::concerns
