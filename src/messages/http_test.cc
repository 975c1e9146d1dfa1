// The 政民互动 pages and API in-process, on the seeded app (SQLite and
// PostgreSQL) with a fake clock: a message from the public form to the
// published Q&A, what the public never sees (contact details, unpublished
// messages), another unit's staff, the API's access rules and body limits,
// and the status query.
#include <map>
#include <optional>
#include <regex>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "messages/module.h"

namespace zwgk::messages {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using zwgk::testing::TestApp;
using Json = nlohmann::json;
using Headers = std::map<std::string, std::string>;

constexpr char kName[] = "王小明";
constexpr char kPhone[] = "13912345678";
constexpr char kEmail[] = "wxm@example.cn";

std::string Capture(const std::string& body, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(body, m, std::regex(pattern))) return "";
  return m[1];
}

std::multimap<std::string, std::string> MessageForm(bool consent) {
  std::multimap<std::string, std::string> f = {
      {"type", "consult"},
      {"unit", "县民政局"},
      {"title", "城乡低保申请需要哪些材料"},
      {"text", "请问申请城乡低保需要准备哪些材料？我的电话13912345678。"},
      {"name", kName},
      {"phone", kPhone},
      {"email", kEmail},
      {"website", ""}};
  if (consent) f.emplace("publish_consent", "1");
  return f;
}

struct Sent {
  int64_t id = 0;
  std::string number, code;
};

class MessagesHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  MessagesHttpTest() : t_(GetParam()) {}

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
  web::Response PostWith(const std::string& target, const Json& body,
                         Headers headers) {
    headers["Content-Type"] = "application/json";
    return Send(web::Method::kPost, target, body.dump(), headers);
  }

  // A message through the public form, as a browser without JavaScript.
  Sent SubmitByForm(bool consent) {
    web::Response r = t_.PostForm("/messages", MessageForm(consent));
    EXPECT_EQ(r.status, 200) << r.body;
    Sent s{.number = Capture(r.body, "id=\"tracking-number\">([^<]+)<"),
           .code = Capture(r.body, "id=\"query-code\">([^<]+)<")};
    EXPECT_FALSE(s.number.empty()) << r.body;
    EXPECT_FALSE(s.code.empty());
    return s;
  }

  // A message through the API; its id from the answer.
  // The same text twice a day is refused as a duplicate: `extra` differs.
  Sent SubmitByApi(bool consent, const std::string& unit = "县民政局",
                   const std::string& extra = "") {
    Json body = {{"type", "咨询"},
                 {"unit", unit},
                 {"title", "城乡低保申请需要哪些材料"},
                 {"text", "请问申请城乡低保需要准备哪些材料？" + extra},
                 {"name", kName},
                 {"phone", kPhone},
                 {"email", kEmail},
                 {"publish_consent", consent}};
    web::Response r = t_.PostJson("/api/v1/messages", body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    Json j = Json::parse(r.body, nullptr, false);
    if (!j.is_object() || !j.contains("id")) return {};
    return {.id = j["id"].get<int64_t>(),
            .number = j.value("tracking_number", ""),
            .code = j.value("query_code", "")};
  }

  // The unit drafts a reply (publish when asked) and its reviewer approves.
  void ReplyAndApprove(int64_t id, bool publish) {
    if (editor_.empty()) {
      editor_ = t_.BearerToken("mz-editor", "unit_editor", "县民政局");
      reviewer_ = t_.BearerToken("mz-reviewer", "unit_reviewer", "县民政局");
    }
    const std::string base = absl::StrCat("/api/v1/messages/", id);
    // Two days later (a reply is never dated in the future).
    t_.clock().Set(StartOfDay(absl::CivilDay(2026, 3, 4)) + absl::Hours(10));
    web::Response drafted =
        PostWith(base + "/reply",
                 {{"on", "2026-03-04"},
                  {"text", "您好，申请低保需携带身份证、户口簿和收入证明。"},
                  {"publish", publish}},
                 editor_);
    ASSERT_EQ(drafted.status, 200) << drafted.body;
    EXPECT_EQ(Json::parse(drafted.body)["state"], "reviewing");
    web::Response approved =
        PostWith(base + "/review", {{"outcome", "approved"}}, reviewer_);
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_EQ(Json::parse(approved.body)["state"], "replied");
  }

  int64_t IdOf(const std::string& number) {
    auto* m = static_cast<MessagesModule*>(t_.app().module("messages"));
    auto rows = m->service().List(SystemActor(), {});
    EXPECT_TRUE(rows.ok()) << rows.status();
    if (!rows.ok()) return 0;
    for (const MessageView& v : *rows)
      if (v.message.tracking_number == number) return v.message.id;
    return 0;
  }

  TestApp t_;
  Headers editor_, reviewer_;
};

TEST_P(MessagesHttpTest, FormGivesNumberCodeAndDueDateInChinese) {
  ASSERT_TRUE(t_.ok());
  web::Response form = t_.Get("/messages/new");
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_THAT(form.body, HasSubstr("不会公开"));
  EXPECT_THAT(form.body, HasSubstr("name=\"website\""));  // the honeypot
  // 不清楚 is the first unit offered.
  EXPECT_LT(form.body.find("不清楚"), form.body.find("县民政局"));

  web::Response r = t_.PostForm("/messages", MessageForm(true));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.body, HasSubstr("id=\"tracking-number\">LY2026"));
  EXPECT_THAT(r.body, HasSubstr("查询码只显示这一次"));
  // 咨询: 5 working days from Monday 2 March 2026.
  EXPECT_THAT(r.body, HasSubstr("2026年3月9日"));
}

// Other pages (a village posting's 有疑问 link) open the form for a unit,
// given by name or id, and a subject.
TEST_P(MessagesHttpTest, FormOpensForTheUnitAndSubjectALinkNames) {
  ASSERT_TRUE(t_.ok());
  web::Response r = t_.Get(
      "/messages/new?unit=%E5%8E%BF%E6%B0%91%E6%94%BF%E5%B1%80"
      "&title=%E5%85%B3%E4%BA%8E%E4%BD%8E%E4%BF%9D");  // 县民政局, 关于低保
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.body, HasSubstr("value=\"县民政局\" selected"));
  EXPECT_THAT(r.body, HasSubstr("value=\"关于低保\""));
  // An unknown unit leaves 不清楚 chosen.
  web::Response unknown = t_.Get("/messages/new?unit=999999");
  ASSERT_EQ(unknown.status, 200);
  EXPECT_THAT(unknown.body, Not(HasSubstr("\" selected>县")));
}

TEST_P(MessagesHttpTest, FormWithoutCsrfTokenIsRefused) {
  ASSERT_TRUE(t_.ok());
  web::Response r =
      t_.PostForm("/messages", MessageForm(true), /*with_csrf=*/false);
  EXPECT_EQ(r.status, 403) << r.body;
}

TEST_P(MessagesHttpTest, RefusedFormNamesTheFieldAndKeepsTheText) {
  ASSERT_TRUE(t_.ok());
  auto f = MessageForm(true);
  f.erase("title");
  f.emplace("title", "");
  web::Response r = t_.PostForm("/messages", f);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_THAT(r.body, HasSubstr("error-summary"));
  EXPECT_THAT(r.body, HasSubstr("href=\"#title\""));
  EXPECT_THAT(r.body, HasSubstr("请问申请城乡低保需要准备哪些材料"));
}

TEST_P(MessagesHttpTest, PublicPagesNeverShowTheSendersContact) {
  ASSERT_TRUE(t_.ok());
  Sent s = SubmitByForm(/*consent=*/true);
  const int64_t id = IdOf(s.number);
  ASSERT_GT(id, 0);
  ReplyAndApprove(id, /*publish=*/true);

  web::Response list = t_.Get("/messages");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_THAT(list.body, HasSubstr("城乡低保申请需要哪些材料"));
  EXPECT_THAT(list.body, HasSubstr("留言时间"));
  EXPECT_THAT(list.body, HasSubstr("答复时间"));
  EXPECT_THAT(list.body, HasSubstr("2026-03-02 09:00"));
  web::Response show = t_.Get(absl::StrCat("/messages/", id));
  ASSERT_EQ(show.status, 200) << show.body;
  EXPECT_THAT(show.body, HasSubstr("身份证、户口簿和收入证明"));
  web::Response api = t_.Get("/api/v1/messages/public?q=低保");
  ASSERT_EQ(api.status, 200) << api.body;
  EXPECT_EQ(Json::parse(api.body)["messages"].size(), 1u);
  web::Response stats = t_.Get("/messages/stats?year=2026");
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_THAT(stats.body, HasSubstr("平均答复用时（工作日）"));
  for (const web::Response* page : {&list, &show, &api, &stats}) {
    EXPECT_THAT(page->body, Not(HasSubstr(kPhone)));
    EXPECT_THAT(page->body, Not(HasSubstr(kEmail)));
    EXPECT_THAT(page->body, Not(HasSubstr(kName)));
  }
  // The sender's own status page shows the reply, but not the contact.
  web::Response status =
      t_.PostForm("/messages/status",
                  {{"tracking_number", s.number}, {"query_code", s.code}});
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_THAT(status.body, HasSubstr("身份证、户口簿和收入证明"));
  EXPECT_THAT(status.body, HasSubstr("评价答复"));
  EXPECT_THAT(status.body, Not(HasSubstr(kEmail)));
  EXPECT_THAT(status.body, Not(HasSubstr(kName)));
  // Rated once: the form is gone and the rating shown.
  web::Response rated = t_.PostForm(
      "/messages/status/rate",
      {{"tracking_number", s.number}, {"query_code", s.code}, {"rating", "5"}});
  ASSERT_EQ(rated.status, 200) << rated.body;
  EXPECT_THAT(rated.body, HasSubstr("感谢您的评价"));
  EXPECT_THAT(rated.body, Not(HasSubstr("提交评价")));
}

TEST_P(MessagesHttpTest, UnpublishedMessagesAnswerNotFound) {
  ASSERT_TRUE(t_.ok());
  Sent pending = SubmitByApi(/*consent=*/true);
  Sent private_one = SubmitByApi(/*consent=*/false, "县民政局", "（二）");
  ASSERT_GT(pending.id, 0);
  ASSERT_GT(private_one.id, 0);
  ReplyAndApprove(private_one.id, /*publish=*/false);
  for (int64_t id : {pending.id, private_one.id, int64_t{999999}}) {
    EXPECT_EQ(t_.Get(absl::StrCat("/messages/", id)).status, 404) << id;
  }
  EXPECT_EQ(t_.Get("/messages/abc").status, 404);
  web::Response list = t_.Get("/messages");
  EXPECT_THAT(list.body, Not(HasSubstr("城乡低保申请需要哪些材料")));
  EXPECT_EQ(
      Json::parse(t_.Get("/api/v1/messages/public").body)["messages"].size(),
      0u);
}

TEST_P(MessagesHttpTest, AnotherUnitsStaffGetNotFound) {
  ASSERT_TRUE(t_.ok());
  Sent s = SubmitByApi(/*consent=*/true);
  ASSERT_GT(s.id, 0);
  Headers other = t_.BearerToken("jy-editor", "unit_editor", "县教育局");
  EXPECT_EQ(GetWith(absl::StrCat("/api/v1/messages"), other).status, 200);
  EXPECT_THAT(GetWith("/api/v1/messages", other).body,
              Not(HasSubstr(s.number)));
  EXPECT_EQ(PostWith(absl::StrCat("/api/v1/messages/", s.id, "/reply"),
                     {{"text", "答复"}, {"publish", false}}, other)
                .status,
            404);
  ASSERT_TRUE(t_.SignIn("jy-reviewer", "unit_reviewer", "县教育局"));
  web::Response page = t_.Get(absl::StrCat("/admin/messages/", s.id));
  EXPECT_EQ(page.status, 404) << page.body;
  EXPECT_THAT(page.body, Not(HasSubstr(kPhone)));
  web::Response list = t_.Get("/admin/messages");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_THAT(list.body, Not(HasSubstr(s.number)));
}

TEST_P(MessagesHttpTest, OwnUnitSeesContactAndRepliesThroughThePages) {
  ASSERT_TRUE(t_.ok());
  Sent s = SubmitByApi(/*consent=*/true);
  ASSERT_GT(s.id, 0);
  ASSERT_TRUE(t_.SignIn("mz-staff", "unit_editor", "县民政局"));
  web::Response list = t_.Get("/admin/messages");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_THAT(list.body, HasSubstr(s.number));
  EXPECT_THAT(list.body, Not(HasSubstr(kPhone)));  // contact: detail only
  const std::string url = absl::StrCat("/admin/messages/", s.id);
  web::Response page = t_.Get(url);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr(kPhone));
  EXPECT_THAT(page.body, HasSubstr("id=\"reply-form\""));
  // A unit's staff may not restart the clock: no such box for them.
  EXPECT_THAT(page.body, Not(HasSubstr("name=\"restart\"")));
  // An empty reply is refused next to its field.
  web::Response refused =
      t_.PostForm(url + "/reply", {{"on", "2026-03-02"}, {"text", ""}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_THAT(refused.body, HasSubstr("href=\"#reply-text\""));
  web::Response sent = t_.PostForm(
      url + "/reply",
      {{"on", "2026-03-02"}, {"text", "请携带身份证。"}, {"publish", "1"}});
  EXPECT_EQ(sent.status, 303) << sent.body;
  EXPECT_EQ(sent.HeaderValue("Location"), url + "?done=reply");
  EXPECT_THAT(t_.Get(url).body, HasSubstr("待审核"));
}

TEST_P(MessagesHttpTest, StaffListFlagsOverdueAndTheThreeMonthLine) {
  ASSERT_TRUE(t_.ok());
  Sent s = SubmitByApi(/*consent=*/false);
  ASSERT_GT(s.id, 0);
  // A token: a session would time out while the clock moves on.
  Headers staff = t_.BearerToken("mz-list", "unit_editor", "县民政局");
  web::Response fresh = GetWith("/admin/messages?overdue=1", staff);
  ASSERT_EQ(fresh.status, 200) << fresh.body;
  EXPECT_THAT(fresh.body, Not(HasSubstr(s.number)));
  // Due 9 March; on 11 March it is overdue.
  t_.clock().Set(StartOfDay(absl::CivilDay(2026, 3, 11)) + absl::Hours(9));
  web::Response late = GetWith("/admin/messages?overdue=1", staff);
  EXPECT_THAT(late.body, HasSubstr(s.number));
  EXPECT_THAT(late.body, HasSubstr("<tr class=\"overdue\">"));
  EXPECT_THAT(late.body, HasSubstr("已超期"));
  EXPECT_THAT(late.body, Not(HasSubstr("临近三个月未答复")));
  // Two months after arrival the inspectors' line is near.
  t_.clock().Set(StartOfDay(absl::CivilDay(2026, 5, 5)) + absl::Hours(9));
  EXPECT_THAT(GetWith("/admin/messages", staff).body,
              HasSubstr("临近三个月未答复"));
}

TEST_P(MessagesHttpTest, OfficeTakesPublishedAnswerDown) {
  ASSERT_TRUE(t_.ok());
  Sent s = SubmitByApi(/*consent=*/true);
  ASSERT_GT(s.id, 0);
  ReplyAndApprove(s.id, /*publish=*/true);
  const std::string public_url = absl::StrCat("/messages/", s.id);
  ASSERT_EQ(t_.Get(public_url).status, 200);
  ASSERT_TRUE(t_.SignIn("office2", "admin"));
  const std::string url = absl::StrCat("/admin/messages/", s.id);
  EXPECT_THAT(t_.Get(url).body, HasSubstr("id=\"unpublish-form\""));
  web::Response refused = t_.PostForm(url + "/unpublish", {{"reason", ""}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_THAT(refused.body, HasSubstr("href=\"#unpublish-reason\""));
  EXPECT_EQ(t_.Get(public_url).status, 200);
  web::Response done =
      t_.PostForm(url + "/unpublish", {{"reason", "含有个人信息"}});
  EXPECT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(t_.Get(public_url).status, 404);
  EXPECT_THAT(t_.Get("/messages").body,
              Not(HasSubstr("城乡低保申请需要哪些材料")));
}

TEST_P(MessagesHttpTest, AnonymousCallersCannotListMessages) {
  ASSERT_TRUE(t_.ok());
  EXPECT_EQ(t_.Get("/api/v1/messages").status, 401);
  EXPECT_EQ(t_.PostJson("/api/v1/messages/1/reply", R"({"text":"x"})").status,
            401);
  web::Response page = t_.Get("/admin/messages");
  EXPECT_EQ(page.status, 303);
  EXPECT_THAT(page.HeaderValue("Location"), HasSubstr("/admin/login"));
  EXPECT_EQ(t_.Get("/admin/messages/settings").status, 303);
}

TEST_P(MessagesHttpTest, OversizedAndMalformedBodiesAreRefused) {
  ASSERT_TRUE(t_.ok());
  Json big = {{"type", "咨询"},
              {"title", "t"},
              {"text", std::string(70 * 1024, 'x')},
              {"name", "n"},
              {"phone", kPhone}};
  EXPECT_EQ(t_.PostJson("/api/v1/messages", big.dump()).status, 413);
  EXPECT_EQ(t_.app().router().BodyLimit(web::Method::kPost, "/messages"),
            64u * 1024);
  // Nesting deeper than the few levels a message needs.
  std::string deep =
      R"({"type":)" + std::string(10, '[') + std::string(10, ']') + "}";
  web::Response nested = t_.PostJson("/api/v1/messages", deep);
  EXPECT_EQ(nested.status, 400) << nested.body;
  web::Response wrong_type = t_.PostJson(
      "/api/v1/messages",
      R"({"type":"咨询","title":"t","text":"x","name":"n","phone":"13912345678","publish_consent":"yes"})");
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_THAT(wrong_type.body, HasSubstr("publish_consent"));
}

TEST_P(MessagesHttpTest, StatusWithWrongCodeSaysNotFound) {
  ASSERT_TRUE(t_.ok());
  Sent s = SubmitByApi(/*consent=*/false);
  ASSERT_FALSE(s.number.empty());
  web::Response wrong = t_.PostForm(
      "/messages/status",
      {{"tracking_number", s.number}, {"query_code", "WRONGCODE123"}});
  EXPECT_EQ(wrong.status, 404) << wrong.body;
  EXPECT_THAT(wrong.body, HasSubstr("未找到该留言"));
  EXPECT_THAT(wrong.body, Not(HasSubstr("城乡低保申请需要哪些材料")));
  EXPECT_EQ(t_.Get("/api/v1/messages/status?tracking_number=" + s.number +
                   "&query_code=WRONGCODE123")
                .status,
            404);
  web::Response right =
      t_.Get("/api/v1/messages/status?tracking_number=" + s.number +
             "&query_code=" + s.code);
  ASSERT_EQ(right.status, 200) << right.body;
  Json j = Json::parse(right.body);
  EXPECT_EQ(j["state"], "handling");
  EXPECT_EQ(j["due_date"], "2026-03-09");
  EXPECT_THAT(right.body, Not(HasSubstr(kPhone)));
}

TEST_P(MessagesHttpTest, OfficeRoutesUnclearMessagesAndSetsDeadlines) {
  ASSERT_TRUE(t_.ok());
  Sent s = SubmitByApi(/*consent=*/true, /*unit=*/"");
  ASSERT_GT(s.id, 0);
  Headers unit_staff = t_.BearerToken("mz-editor2", "unit_editor", "县民政局");
  EXPECT_EQ(GetWith(absl::StrCat("/api/v1/messages?state=unrouted"), unit_staff)
                .body.find(s.number),
            std::string::npos);
  ASSERT_TRUE(t_.SignIn("office", "admin"));
  web::Response page = t_.Get(absl::StrCat("/admin/messages/", s.id));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr("name=\"restart\""));
  web::Response routed = t_.PostForm(
      absl::StrCat("/admin/messages/", s.id, "/transfer"),
      {{"unit", "县民政局"}, {"on", "2026-03-02"}, {"reason", "低保"}});
  EXPECT_EQ(routed.status, 303) << routed.body;
  EXPECT_THAT(GetWith("/api/v1/messages", unit_staff).body,
              HasSubstr(s.number));

  web::Response bad =
      t_.PostForm("/admin/messages/settings", {{"days_consult", "0"},
                                               {"days_suggest", "10"},
                                               {"days_complain", "15"},
                                               {"days_error", "5"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_THAT(bad.body, HasSubstr("href=\"#days_consult\""));
  web::Response saved =
      t_.PostForm("/admin/messages/settings", {{"days_consult", "7"},
                                               {"days_suggest", "10"},
                                               {"days_complain", "15"},
                                               {"days_error", "5"}});
  EXPECT_EQ(saved.status, 303) << saved.body;
  EXPECT_THAT(t_.Get("/admin/messages/settings").body,
              HasSubstr("value=\"7\""));
}

INSTANTIATE_TEST_SUITE_P(Engines, MessagesHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::messages
