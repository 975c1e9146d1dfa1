// The column registry's pages and the publish-time rules in-process, on the
// seeded app (SQLite and PostgreSQL) with a fake clock: the navigation
// leaves out a blank column the plan does not require, the home page lists
// the newest items with their dates, a correction shows 更新时间 beside the
// original 发布时间, a client's publish date is refused (422) and audited,
// and /admin/columns is read by staff and changed by the county office.
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "columns/module.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "publishing/module.h"

namespace zwgk::columns {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using json = nlohmann::json;
using Headers = std::map<std::string, std::string>;
using zwgk::testing::TestApp;

// The main navigation of a page.
std::string Nav(const std::string& body) {
  const size_t start = body.find("<nav class=\"site-nav\"");
  if (start == std::string::npos) return "";
  return body.substr(start, body.find("</nav>", start) - start);
}

class ColumnsHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  ColumnsHttpTest() : t_(GetParam()) {}

  void SetUp() override {
    ASSERT_TRUE(t_.ok());
    editor_ = t_.BearerToken("ed", "unit_editor", "县民政局");
    reviewer_ = t_.BearerToken("rv", "unit_reviewer", "县民政局");
  }

  json Post(const std::string& target, const json& body, const Headers& h,
            int want = 200) {
    web::Response r = t_.PostJson(target, body.dump(), h);
    EXPECT_EQ(r.status, want) << target << ": " << r.body;
    return json::parse(r.body, nullptr, false);
  }
  static json Draft(const std::string& title, const std::string& genre) {
    return {{"title", title},
            {"unit", "县民政局"},
            {"formed_on", "2026-03-01"},
            {"topic", "民政、扶贫、救灾"},
            {"genre", genre},
            {"body_html", "<p>正文。</p>"}};
  }
  int64_t PublishViaApi(const std::string& title, const std::string& genre) {
    json created = Post("/api/v1/records", Draft(title, genre), editor_, 201);
    const std::string id = std::to_string(created.value("id", 0));
    Post("/api/v1/records/" + id + "/submit", json::object(), editor_);
    Post("/api/v1/records/" + id + "/review", {{"outcome", "approved"}},
         reviewer_);
    Post("/api/v1/records/" + id + "/publish", json::object(), reviewer_);
    return created.value("id", 0);
  }
  publishing::Service& Publishing() {
    return static_cast<publishing::PublishingModule*>(
               t_.app().module("publishing"))
        ->service();
  }

  TestApp t_;
  Headers editor_, reviewer_;
};

TEST_P(ColumnsHttpTest, TheNavigationLeavesOutABlankColumn) {
  web::Response home = t_.Get("/");
  ASSERT_EQ(home.status, 200);
  const std::string nav = Nav(home.body);
  ASSERT_FALSE(nav.empty());
  // No 年报 published yet: 年度报告 is blank and not required.
  EXPECT_THAT(nav, Not(HasSubstr("/annual-reports")));
  // 政民互动 is required (the consultation channel, A8) and stays.
  EXPECT_THAT(nav, HasSubstr("href=\"/messages\""));
  EXPECT_THAT(nav, HasSubstr("href=\"/xxgk\""));
  // A required 专栏 is reachable while blank and says what is pending.
  web::Response domain = t_.Get("/domains/1");
  EXPECT_EQ(domain.status, 200);

  // The county office makes 年报 required: back in the navigation.
  ASSERT_TRUE(t_.SignIn("office", "admin"));
  web::Response saved =
      t_.PostForm("/admin/columns/edit", {{"key", "reports"},
                                          {"name", "年度报告"},
                                          {"type", "reports"},
                                          {"update_days", "365"},
                                          {"position", ""},
                                          {"required", "1"}});
  EXPECT_EQ(saved.status, 303) << saved.body;
  EXPECT_THAT(Nav(t_.Get("/").body), HasSubstr("/annual-reports"));
}

TEST_P(ColumnsHttpTest, TheHomePageShowsTheNewestWithDates) {
  PublishViaApi("关于开展低保年审的通知", "通知");
  t_.clock().Set(t_.clock().Now() + absl::Hours(24 * 3));
  PublishViaApi("县民政局召开工作会议", "工作动态");
  web::Response home = t_.Get("/");
  ASSERT_EQ(home.status, 200);
  EXPECT_THAT(home.body, HasSubstr("最新信息"));
  EXPECT_THAT(home.body, HasSubstr("关于开展低保年审的通知"));
  EXPECT_THAT(home.body,
              HasSubstr("<time datetime=\"2026-03-02\">2026-03-02</time>"));
  EXPECT_THAT(home.body,
              HasSubstr("<time datetime=\"2026-03-05\">2026-03-05</time>"));
  // Each main column with content, with its own newest.
  EXPECT_THAT(home.body, HasSubstr("id=\"home-column-notices\""));
  EXPECT_THAT(home.body, HasSubstr("id=\"home-column-news\""));
  EXPECT_THAT(home.body, Not(HasSubstr("id=\"home-column-plans\"")));
}

TEST_P(ColumnsHttpTest, ACorrectionKeepsThePublishTimeAndShowsTheUpdate) {
  const int64_t id = PublishViaApi("关于开展低保年审的通知", "通知");
  const std::string sid = std::to_string(id);
  t_.clock().Set(t_.clock().Now() + absl::Hours(24 * 3));
  json change = Draft("关于开展低保年审的通知（更正）", "通知");
  change["change_note"] = "更正联系电话";
  Post("/api/v1/records/" + sid, change, editor_);
  Post("/api/v1/records/" + sid + "/submit", json::object(), editor_);
  Post("/api/v1/records/" + sid + "/review", {{"outcome", "approved"}},
       reviewer_);
  Post("/api/v1/records/" + sid + "/publish", json::object(), reviewer_);
  web::Response page = t_.Get("/records/" + sid);
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body,
              HasSubstr("发布时间</th><td><time datetime=\"2026-03-02\">"));
  EXPECT_THAT(page.body,
              HasSubstr("更新时间 <time datetime=\"2026-03-05\">2026-03-05"));
  web::Response list = t_.Get("/records");
  EXPECT_THAT(list.body, HasSubstr("更新时间 <time datetime=\"2026-03-05\">"));
}

TEST_P(ColumnsHttpTest, AClientPublishDateIsRefusedAndAudited) {
  json draft = Draft("关于开展低保年审的通知", "通知");
  draft["published_at"] = "2025-01-01T00:00:00Z";
  json refused = Post("/api/v1/records", draft, editor_, 422);
  EXPECT_TRUE(refused["error"]["fields"].contains("published_at"))
      << refused.dump();
  EXPECT_EQ(json::parse(t_.Get("/api/v1/records").body)["total"], 0);

  const int64_t id = PublishViaApi("关于开展低保年审的通知", "通知");
  json change = Draft("关于开展低保年审的通知", "通知");
  change["first_published_on"] = "2025-12-01";
  Post("/api/v1/records/" + std::to_string(id), change, editor_, 422);
  Post("/api/v1/records/" + std::to_string(id) + "/publish",
       {{"published_on", "2025-12-01"}}, reviewer_, 422);

  // A form too.
  ASSERT_TRUE(t_.SignIn("office", "admin"));
  web::Response form = t_.PostForm(
      "/admin/records/" + std::to_string(id),
      {{"title", "关于开展低保年审的通知"}, {"published_on", "2025-12-01"}});
  EXPECT_EQ(form.status, 422);
  EXPECT_THAT(form.body, HasSubstr("published_on"));

  auto attempts = Publishing().BackdateAttempts("2026-03-01", "2026-03-03");
  ASSERT_TRUE(attempts.ok()) << attempts.status();
  ASSERT_EQ(attempts->size(), 4u);
  EXPECT_EQ((*attempts)[0].field, "published_at");
  EXPECT_EQ((*attempts)[0].record_id, 0);
  EXPECT_EQ((*attempts)[0].actor, "ed");
  EXPECT_EQ((*attempts)[1].field, "first_published_on");
  EXPECT_EQ((*attempts)[1].record_id, id);
  EXPECT_EQ((*attempts)[2].actor, "rv");
  EXPECT_EQ((*attempts)[3].actor, "office");
  EXPECT_THAT(*Publishing().BackdateAttempts("2026-03-03", ""),
              ::testing::IsEmpty());
  // The published record kept the server's time.
  json pub = json::parse(t_.Get("/api/v1/records/" + std::to_string(id)).body);
  EXPECT_EQ(pub["published_on"], "2026-03-02");
  // The audit log names the attempt in Chinese.
  web::Response audit = t_.Get("/admin/audit?action=record.backdate_refused");
  EXPECT_THAT(audit.body, HasSubstr("拒绝了为"));
}

TEST_P(ColumnsHttpTest, StaffReadTheColumnsAndTheOfficeEditsThem) {
  EXPECT_NE(t_.Get("/admin/columns").status, 200);  // the public
  ASSERT_TRUE(t_.SignIn("editor", "unit_editor", "县民政局"));
  web::Response page = t_.Get("/admin/columns");
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("空白栏目"));
  EXPECT_THAT(page.body, HasSubstr("单项否决"));
  EXPECT_THAT(page.body, HasSubstr("社会救助专栏"));
  EXPECT_THAT(page.body, Not(HasSubstr("/admin/columns/edit?key=")));
  EXPECT_EQ(t_.Get("/admin/columns/edit?key=news").status, 403);
  EXPECT_EQ(t_.PostForm("/admin/columns/edit",
                        {{"key", "news"}, {"name", "x"}, {"type", "news"}})
                .status,
            403);
  EXPECT_EQ(t_.Get("/admin/columns?as_of=2026-13-01").status, 400);

  ASSERT_TRUE(t_.SignIn("office", "admin"));
  page = t_.Get("/admin/columns");
  EXPECT_THAT(page.body, HasSubstr("/admin/columns/edit?key=news"));
  web::Response bad = t_.PostForm(
      "/admin/columns/edit",
      {{"key", "news"}, {"name", ""}, {"type", "news"}, {"update_days", "x"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_THAT(bad.body, HasSubstr("请填写栏目名称"));
  web::Response ok = t_.PostForm("/admin/columns/edit", {{"key", "news"},
                                                         {"name", "工作动态"},
                                                         {"type", "news"},
                                                         {"update_days", "7"}});
  EXPECT_EQ(ok.status, 303);
  page = t_.Get("/admin/columns");
  EXPECT_THAT(page.body, HasSubstr("工作动态"));
  EXPECT_THAT(page.body, HasSubstr("7天"));
  EXPECT_THAT(t_.Get("/admin/audit?action=column.update").body,
              HasSubstr("修改了"));
}

INSTANTIATE_TEST_SUITE_P(Engines, ColumnsHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::columns
