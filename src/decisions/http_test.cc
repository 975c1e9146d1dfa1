// The consultation pages and API in-process, on the seeded app (SQLite and
// PostgreSQL) with a fake clock: what the public sees (never contact,
// pending or hidden comments; the feedback only once published), the
// window on the server clock, another unit's staff, anonymous callers,
// body limits, the form without JavaScript and post/redirect/get.
#include <map>
#include <regex>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "core/clock.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::decisions {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using zwgk::testing::TestApp;
using Json = nlohmann::json;
using Headers = std::map<std::string, std::string>;

std::string Capture(const std::string& body, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(body, m, std::regex(pattern))) return "";
  return m[1];
}

// Opens 2 March 2026 (the test app's day), 30 days: closes 31 March 24:00.
const char kDraft[] = R"({
  "title": "嘉鱼县城区停车管理办法（征求意见稿）",
  "unit": "县民政局",
  "opens_on": "2026-03-02",
  "closes_on": "2026-03-31",
  "body": "第一条 为规范城区停车秩序，制定本办法。\n第二条 本办法适用于县城规划区。",
  "explanation": "起草背景和主要内容。",
  "sections": ["第一条", "第二条"]})";

class ConsultHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  ConsultHttpTest() : t_(GetParam()) {}

  void SetUp() override {
    ASSERT_TRUE(t_.ok());
    staff_ = t_.BearerToken("min", "unit_editor", "县民政局");
    web::Response made = t_.PostJson("/api/v1/consultations", kDraft, staff_);
    ASSERT_EQ(made.status, 201) << made.body;
    Json j = Json::parse(made.body);
    id_ = j["id"].get<int64_t>();
    base_ = absl::StrCat("/api/v1/consultations/", id_);
  }

  // A public comment from `ip` through the API; its id.
  int64_t Comment(const std::string& ip, const std::string& text,
                  const std::string& phone = "13800001111") {
    Json body = {{"name", "市民" + ip},
                 {"phone", phone},
                 {"email", "citizen@example.cn"},
                 {"section", "第一条"},
                 {"text", text}};
    web::Response r = From(ip, base_ + "/comments", body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return 0;
    Json j = Json::parse(r.body);
    EXPECT_EQ(j["state"], "pending");
    return j["id"].get<int64_t>();
  }
  web::Response From(const std::string& ip, const std::string& target,
                     const std::string& body, Headers headers = {}) {
    headers["content-type"] = "application/json";
    web::Request req =
        web::MakeRequest(web::Method::kPost, target, body, headers);
    for (const auto& [k, v] : headers)
      req.headers[absl::AsciiStrToLower(k)] = v;
    req.remote_ip = ip;
    return t_.Send(req);
  }
  web::Response Staff(const std::string& target, const Json& body,
                      const Headers& who) {
    web::Request req =
        web::MakeRequest(web::Method::kPost, target, body.dump(), who);
    for (const auto& [k, v] : who) req.headers[absl::AsciiStrToLower(k)] = v;
    req.headers["content-type"] = "application/json";
    return t_.Send(req);
  }
  web::Response GetWith(const std::string& target, const Headers& who) {
    web::Request req = web::MakeRequest(web::Method::kGet, target, "", who);
    for (const auto& [k, v] : who) req.headers[absl::AsciiStrToLower(k)] = v;
    return t_.Send(req);
  }
  void Moderate(int64_t cid, const std::string& outcome,
                const std::string& reason = "") {
    web::Response r = Staff(absl::StrCat(base_, "/comments/", cid, "/moderate"),
                            {{"outcome", outcome}, {"reason", reason}}, staff_);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  void At(absl::CivilDay day, absl::Duration after_midnight) {
    t_.clock().Set(StartOfDay(day) + after_midnight);
  }
  std::string Page() const { return absl::StrCat("/consultations/", id_); }
  std::string AdminPage() const {
    return absl::StrCat("/admin/consultations/", id_);
  }

  TestApp t_;
  Headers staff_;
  int64_t id_ = 0;
  std::string base_;
};

TEST_P(ConsultHttpTest, PublicSeesOnlyPublishedCommentsAndNoContact) {
  const int64_t shown =
      Comment("10.0.0.1", "建议增加夜间免费停车时段。", "13911112222");
  const int64_t hidden =
      Comment("10.0.0.2", "含有他人住址的意见内容。", "13933334444");
  Comment("10.0.0.3", "尚未审核的意见内容。", "13955556666");
  Moderate(shown, "published");
  Moderate(hidden, "hidden", "含有他人个人信息");

  web::Response page = t_.Get(Page());
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr("建议增加夜间免费停车时段。"));
  EXPECT_THAT(page.body, Not(HasSubstr("含有他人住址的意见内容。")));
  EXPECT_THAT(page.body, Not(HasSubstr("尚未审核的意见内容。")));
  for (const char* secret :
       {"13911112222", "13933334444", "13955556666", "citizen@example.cn"})
    EXPECT_THAT(page.body, Not(HasSubstr(secret))) << secret;
  EXPECT_THAT(page.body, HasSubstr("征求意见中"));
  EXPECT_THAT(page.body, HasSubstr("第一条 为规范城区停车秩序"));

  // The API's public view, for the public and for staff alike.
  for (const Headers& who : {Headers{}, staff_}) {
    web::Response api = GetWith(base_, who);
    ASSERT_EQ(api.status, 200) << api.body;
    EXPECT_THAT(api.body, Not(HasSubstr("1391111")));
    EXPECT_THAT(api.body, Not(HasSubstr("citizen@example.cn")));
    EXPECT_THAT(api.body, Not(HasSubstr("\"phone\"")));
    Json j = Json::parse(api.body);
    ASSERT_EQ(j["comments"].size(), 1u) << api.body;
    EXPECT_EQ(j["comments"][0]["id"], shown);
    EXPECT_TRUE(j["feedback"].is_null());
  }

  // Staff of the unit see every comment with its contact.
  web::Response admin = GetWith(AdminPage(), staff_);
  ASSERT_EQ(admin.status, 200) << admin.body;
  EXPECT_THAT(admin.body, HasSubstr("13933334444"));
  EXPECT_THAT(admin.body, HasSubstr("尚未审核的意见内容。"));
  EXPECT_THAT(admin.body, HasSubstr("含有他人个人信息"));
}

TEST_P(ConsultHttpTest, CommentAfterTheWindowIsRefusedInChinese) {
  At(absl::CivilDay(2026, 3, 31), absl::Hours(23) + absl::Minutes(59));
  EXPECT_GT(Comment("10.0.1.1", "截止前一分钟的意见。"), 0);

  At(absl::CivilDay(2026, 4, 1), absl::Minutes(1));
  Json body = {{"name", "李四"}, {"text", "截止后一分钟的意见。"}};
  web::Response late = From("10.0.1.2", base_ + "/comments", body.dump());
  EXPECT_GE(late.status, 400);
  EXPECT_LT(late.status, 500);
  Json err = Json::parse(late.body);
  const std::string message = err["error"]["message"];
  EXPECT_THAT(message, HasSubstr("截止")) << late.body;

  // The page says so and offers no form; a form post gets the message.
  web::Response page = t_.Get(Page());
  EXPECT_THAT(page.body, HasSubstr("已截止"));
  EXPECT_THAT(page.body, Not(HasSubstr("name=\"text\"")));
  web::Response form = t_.PostForm(
      Page() + "/comments", {{"name", "李四"}, {"text", "截止后的意见。"}});
  EXPECT_GE(form.status, 400) << form.body;
  EXPECT_LT(form.status, 500);
  EXPECT_THAT(form.body, HasSubstr("截止"));
}

TEST_P(ConsultHttpTest, AnotherUnitsStaffGetNotFound) {
  const int64_t cid = Comment("10.0.2.1", "一条意见。");
  Headers edu = t_.BearerToken("edu", "unit_reviewer", "县教育局");
  EXPECT_EQ(GetWith(AdminPage(), edu).status, 404);
  EXPECT_EQ(Staff(absl::StrCat(base_, "/comments/", cid, "/moderate"),
                  {{"outcome", "published"}}, edu)
                .status,
            404);
  EXPECT_EQ(Staff(absl::StrCat(base_, "/comments/", cid, "/adoption"),
                  {{"outcome", "adopted"}, {"reason", "合理"}}, edu)
                .status,
            404);
  EXPECT_EQ(Staff(base_ + "/extend",
                  {{"closes_on", "2026-04-30"}, {"reason", "延长"}}, edu)
                .status,
            404);
  // Through the pages too (session and CSRF as a browser).
  ASSERT_TRUE(t_.SignIn("edu_page", "unit_editor", "县教育局"));
  EXPECT_EQ(t_.Get(AdminPage()).status, 404);
  EXPECT_EQ(
      t_.PostForm(absl::StrCat(AdminPage(), "/comments/", cid, "/moderate"),
                  {{"outcome", "published"}})
          .status,
      404);
  // The comment is still pending: nothing was published.
  Json view = Json::parse(t_.Get(base_).body);
  EXPECT_TRUE(view["comments"].empty());
}

TEST_P(ConsultHttpTest, AnonymousCallersCannotActAsStaff) {
  const int64_t cid = Comment("10.0.3.1", "一条意见。");
  EXPECT_EQ(t_.PostJson("/api/v1/consultations", kDraft).status, 401);
  EXPECT_EQ(t_.PostJson(absl::StrCat(base_, "/comments/", cid, "/moderate"),
                        R"({"outcome":"published"})")
                .status,
            401);
  EXPECT_EQ(t_.PostJson(base_ + "/feedback/publish", "{}").status, 401);
  web::Response admin = t_.Get(AdminPage());
  EXPECT_EQ(admin.status, 303);
  EXPECT_THAT(admin.HeaderValue("Location"), HasSubstr("/admin/login"));
}

TEST_P(ConsultHttpTest, OversizeAndDeepBodiesAreRefused) {
  // The route refuses more than 64 KB before the handler runs.
  std::string text(70 * 1024, 'a');
  Json big = {{"name", "张三"}, {"text", text}};
  web::Response r = From("10.0.4.1", base_ + "/comments", big.dump());
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 200);
  // Nesting is bounded before parsing.
  std::string deep = R"({"name":"张三","text":)" + std::string(40, '[') +
                     std::string(40, ']') + "}";
  web::Response d = From("10.0.4.2", base_ + "/comments", deep);
  EXPECT_EQ(d.status, 400) << d.body;
  // A text over the character limit is named by its field.
  Json longer = {{"name", "张三"}, {"text", std::string(5001, 'x')}};
  web::Response l = From("10.0.4.3", base_ + "/comments", longer.dump());
  EXPECT_EQ(l.status, 400) << l.body;
  EXPECT_TRUE(Json::parse(l.body)["error"]["fields"].contains("text"))
      << l.body;
}

TEST_P(ConsultHttpTest, FeedbackIsPublicOnlyOncePublished) {
  const int64_t a = Comment("10.0.5.1", "建议延长免费时段。");
  const int64_t b = Comment("10.0.5.2", "建议增设充电车位。");
  const int64_t c = Comment("10.0.5.3", "与停车无关的意见。");
  for (int64_t id : {a, b, c}) Moderate(id, "published");
  // Not while the window is open.
  web::Response early =
      Staff(base_ + "/feedback/publish", {{"note", "早"}}, staff_);
  EXPECT_EQ(early.status, 409) << early.body;

  At(absl::CivilDay(2026, 4, 2), absl::Hours(9));
  auto adopt = [&](int64_t cid, const char* outcome, const char* reason) {
    web::Response r = Staff(absl::StrCat(base_, "/comments/", cid, "/adoption"),
                            {{"outcome", outcome}, {"reason", reason}}, staff_);
    EXPECT_EQ(r.status, 200) << r.body;
  };
  adopt(a, "adopted", "已在第一条中增加夜间免费时段");
  adopt(b, "partly", "部分路段增设");
  adopt(c, "out_of_scope", "不属于本办法调整范围");

  Json before = Json::parse(t_.Get(base_).body);
  EXPECT_TRUE(before["feedback"].is_null());
  EXPECT_FALSE(before["comments"][0].contains("outcome"));
  web::Response page_before = t_.Get(Page());
  EXPECT_THAT(page_before.body, Not(HasSubstr("意见采纳情况反馈")));
  EXPECT_THAT(page_before.body, Not(HasSubstr("已在第一条中增加夜间免费时段")));
  // Staff see the preview.
  EXPECT_THAT(GetWith(AdminPage(), staff_).body,
              HasSubstr("已在第一条中增加夜间免费时段"));

  web::Response pub =
      Staff(base_ + "/feedback/publish", {{"note", "感谢参与"}}, staff_);
  ASSERT_EQ(pub.status, 200) << pub.body;
  Json after = Json::parse(t_.Get(base_).body);
  ASSERT_TRUE(after["feedback"].is_object()) << after.dump();
  const Json& counts = after["feedback"]["counts"];
  EXPECT_EQ(counts["received"], 3);
  EXPECT_EQ(counts["adopted"], 1);
  EXPECT_EQ(counts["partly"], 1);
  EXPECT_EQ(counts["rejected"], 0);
  EXPECT_EQ(counts["out_of_scope"], 1);
  EXPECT_EQ(after["feedback"]["items"].size(), 3u);
  web::Response page = t_.Get(Page());
  EXPECT_THAT(page.body, HasSubstr("意见采纳情况反馈"));
  EXPECT_THAT(page.body, HasSubstr("已在第一条中增加夜间免费时段"));
  EXPECT_THAT(page.body, HasSubstr("不属于本次征求范围"));
}

TEST_P(ConsultHttpTest, FormWorksWithoutJavaScriptAndHidesTheTrap) {
  web::Response page = t_.Get(Page());
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("name=\"_csrf\""));
  // The honeypot: off screen, hidden from assistive technology and the tab
  // order, never filled in by the browser.
  std::string trap =
      Capture(page.body, "(<div class=\"trap\"[\\s\\S]*?</div>)");
  EXPECT_THAT(trap, HasSubstr("aria-hidden=\"true\""));
  EXPECT_THAT(trap, HasSubstr("tabindex=\"-1\""));
  EXPECT_THAT(trap, HasSubstr("autocomplete=\"off\""));
  EXPECT_THAT(page.body, HasSubstr("不公开"));
  EXPECT_THAT(page.body, HasSubstr("<option value=\"第二条\">"));

  // A refused form keeps what was typed and names the field.
  web::Response empty =
      t_.PostForm(Page() + "/comments", {{"name", "王五"}, {"text", ""}});
  EXPECT_EQ(empty.status, 400) << empty.body;
  EXPECT_THAT(empty.body, HasSubstr("value=\"王五\""));
  EXPECT_THAT(empty.body, HasSubstr("class=\"field-error\""));
  EXPECT_THAT(empty.body, HasSubstr("href=\"#comment-text\""));

  web::Response sent =
      t_.PostForm(Page() + "/comments", {{"name", "王五"},
                                         {"phone", "13700001234"},
                                         {"section", "第二条"},
                                         {"text", "建议明确县城规划区的范围。"},
                                         {"website", ""}});
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_THAT(sent.body, HasSubstr("已收到您的意见，经审核后公开"));
  // Without the CSRF token the post is refused.
  EXPECT_EQ(
      t_.PostForm(Page() + "/comments", {{"name", "王五"}, {"text", "另一条"}},
                  /*with_csrf=*/false)
          .status,
      403);

  // Staff publish it from the page: post/redirect/get.
  ASSERT_TRUE(t_.SignIn("min_page", "unit_reviewer", "县民政局"));
  web::Response admin = t_.Get(AdminPage());
  ASSERT_EQ(admin.status, 200);
  EXPECT_THAT(admin.body, HasSubstr("13700001234"));
  std::string cid = Capture(admin.body, "id=\"comment-([0-9]+)\"");
  ASSERT_FALSE(cid.empty());
  web::Response moderated =
      t_.PostForm(absl::StrCat(AdminPage(), "/comments/", cid, "/moderate"),
                  {{"outcome", "published"}});
  EXPECT_EQ(moderated.status, 303);
  EXPECT_THAT(moderated.HeaderValue("Location"),
              HasSubstr(AdminPage() + "?saved=1"));
  // Hiding needs a reason, shown beside its field.
  web::Response no_reason =
      t_.PostForm(absl::StrCat(AdminPage(), "/comments/", cid, "/moderate"),
                  {{"outcome", "hidden"}, {"reason", ""}});
  EXPECT_EQ(no_reason.status, 400) << no_reason.body;
  EXPECT_THAT(no_reason.body, HasSubstr("class=\"field-error\""));

  t_.cookies().clear();
  web::Response shown = t_.Get(Page());
  EXPECT_THAT(shown.body, HasSubstr("建议明确县城规划区的范围。"));
  EXPECT_THAT(shown.body, Not(HasSubstr("13700001234")));
}

TEST_P(ConsultHttpTest, ShortWindowShowsItsReasonAndChangesTheirs) {
  Json body = Json::parse(kDraft);
  body["closes_on"] = "2026-03-16";  // 15 days
  body.erase("short_reason");
  web::Response refused =
      t_.PostJson("/api/v1/consultations", body.dump(), staff_);
  EXPECT_EQ(refused.status, 400) << refused.body;
  body["short_reason"] = "涉及汛期安全，需尽快出台";
  web::Response made =
      t_.PostJson("/api/v1/consultations", body.dump(), staff_);
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t id = Json::parse(made.body)["id"];
  const std::string base = absl::StrCat("/api/v1/consultations/", id);
  web::Response ext = Staff(
      base + "/extend",
      {{"closes_on", "2026-03-20"}, {"reason", "应群众要求延长"}}, staff_);
  ASSERT_EQ(ext.status, 200) << ext.body;
  web::Response page = t_.Get(absl::StrCat("/consultations/", id));
  EXPECT_THAT(page.body, HasSubstr("涉及汛期安全，需尽快出台"));
  EXPECT_THAT(page.body, HasSubstr("应群众要求延长"));
  EXPECT_THAT(page.body, HasSubstr("2026-03-20"));

  // The public list puts open windows first and filters by state.
  web::Response list = t_.Get("/api/v1/consultations?state=open");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Json::parse(list.body)["consultations"].size(), 2u);
  EXPECT_EQ(t_.Get("/consultations?state=nonsense").status, 400);
}

INSTANTIATE_TEST_SUITE_P(Engines, ConsultHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::decisions
