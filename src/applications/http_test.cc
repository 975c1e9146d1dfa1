// The applications pages and API in-process, on the seeded app (SQLite and
// PostgreSQL): the public form without JavaScript, abuse control, the staff
// JSON API through a lifecycle, staff pages, the letter as HTML and PDF,
// masking, and the "already published" step with a fake finder.
#include <regex>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "app/testing.h"
#include "applications/module.h"
#include "auth/module.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "publishing/module.h"
#include "search/module.h"

namespace zwgk::applications {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using zwgk::testing::TestApp;
using Json = nlohmann::json;

std::string Capture(const std::string& body, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(body, m, std::regex(pattern))) return "";
  return m[1];
}

const char kPublicJson[] = R"({
  "applicant": {"type": "natural_person", "name": "张三", "id_type": "resident_id",
                "id_number": "421221199003071238", "phone": "13812345678",
                "address": "嘉鱼县鱼岳镇人民大道1号"},
  "unit": "县民政局",
  "description": "2025年度城乡低保资金发放情况",
  "delivery": "paper"})";

std::multimap<std::string, std::string> PublicForm() {
  return {{"applicant_type", "natural_person"},
          {"name", "张三"},
          {"id_type", "resident_id"},
          {"id_number", "421221199003071238"},
          {"phone", "13812345678"},
          {"address", "鱼岳镇人民大道1号"},
          {"unit", "县民政局"},
          {"description", "2025年度低保资金发放情况"},
          {"delivery_form", "paper"},
          {"website", ""}};
}

class ApplicationsHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  ApplicationsHttpTest() : t_(GetParam()) {}

  auth::Service& Auth() {
    return static_cast<auth::AuthModule*>(t_.app().module("auth"))->service();
  }
  Service& Apps() {
    return static_cast<ApplicationsModule*>(t_.app().module("applications"))
        ->service();
  }
  std::map<std::string, std::string> Bearer(const std::string& name,
                                            const std::string& role,
                                            const std::string& unit) {
    EXPECT_TRUE(Auth()
                    .AddUser(SystemActor(), {.name = name,
                                             .role = role,
                                             .unit = unit,
                                             .password = TestApp::kPassword})
                    .ok());
    auto token = Auth().CreateToken(SystemActor(), name, "test");
    EXPECT_TRUE(token.ok()) << token.status();
    return {{"Authorization", "Bearer " + token.value_or("")}};
  }
  web::Response Post(const std::string& target, const Json& body,
                     const std::map<std::string, std::string>& headers) {
    return t_.PostJson(target, body.dump(), headers);
  }
  web::Response GetWith(const std::string& target,
                        const std::map<std::string, std::string>& headers) {
    web::Request req = web::MakeRequest(web::Method::kGet, target, "", headers);
    for (const auto& [k, v] : headers)
      req.headers[absl::AsciiStrToLower(k)] = v;
    return t_.Send(req);
  }
  web::Response FromIp(const std::string& ip, const std::string& body) {
    web::Request req =
        web::MakeRequest(web::Method::kPost, "/api/v1/applications", body,
                         {{"content-type", "application/json"}});
    req.remote_ip = ip;
    return t_.Send(req);
  }
  void Day(absl::CivilDay d) { t_.clock().Set(StartOfDay(d) + absl::Hours(9)); }

  TestApp t_;
};

TEST_P(ApplicationsHttpTest, ApiLifecycleCarriesDueDateAndState) {
  ASSERT_TRUE(t_.ok());
  auto reviewer = Bearer("wang", "unit_reviewer", "县民政局");
  auto clerk = Bearer("li", "clerk", "县民政局");
  web::Response filed = t_.PostJson("/api/v1/applications", kPublicJson);
  ASSERT_EQ(filed.status, 201) << filed.body;
  Json f = Json::parse(filed.body);
  EXPECT_EQ(f["state"], "pending_confirmation");
  const std::string number = f["tracking_number"], code = f["query_code"];

  web::Response status =
      t_.Get("/api/v1/applications/status?tracking_number=" + number +
             "&query_code=" + code);
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(Json::parse(status.body)["state"], "pending_confirmation");
  EXPECT_THAT(status.body, Not(HasSubstr("421221")));  // no personal data
  EXPECT_EQ(t_.Get("/api/v1/applications/status?tracking_number=" + number +
                   "&query_code=WRONGCODE123")
                .status,
            404);

  web::Response listed =
      GetWith("/api/v1/applications?tracking_number=" + number, reviewer);
  ASSERT_EQ(listed.status, 200) << listed.body;
  Json apps = Json::parse(listed.body)["applications"];
  ASSERT_EQ(apps.size(), 1u);
  const std::string base =
      "/api/v1/applications/" + std::to_string(apps[0]["id"].get<int64_t>());
  EXPECT_TRUE(apps[0].contains("due_date"));

  struct Step {
    absl::CivilDay today;
    std::string action;
    Json body;
    const std::map<std::string, std::string>* who;
    int status;
    std::string state;
    Json due;  // hand-computed from the 2026 schedule
  } steps[] = {
      {absl::CivilDay(2026, 3, 2),
       "receive",
       {{"received_on", "2026-03-02"}},
       &clerk,
       200,
       "registered",
       "2026-03-30"},
      {absl::CivilDay(2026, 3, 2),
       "correction-request",
       {{"requested_on", "2026-03-02"},
        {"deadline", "2026-03-06"},
        {"items", "写明年度"}},
       &clerk,
       200,
       "correction_requested",
       nullptr},
      // Restart after 03-04: 03-05..06, 03-09..04-01 = 20 days.
      {absl::CivilDay(2026, 3, 4),
       "correction-received",
       {{"received_on", "2026-03-04"}},
       &clerk,
       200,
       "processing",
       "2026-04-01"},
      {absl::CivilDay(2026, 3, 5),
       "consultation-start",
       {{"on", "2026-03-05"}, {"party_name", "某公司"}},
       &reviewer,
       200,
       "consulting",
       nullptr},
      // Dated before the previous event: refused, the state and due stay.
      {absl::CivilDay(2026, 3, 9),
       "consultation-end",
       {{"on", "2026-03-04"}},
       &reviewer,
       400,
       "consulting",
       nullptr},
      // 03-05, 03-06, 03-09 paused: three days later, past 清明 (04-04..06).
      {absl::CivilDay(2026, 3, 9),
       "consultation-end",
       {{"on", "2026-03-09"}, {"outcome", "agree"}},
       &reviewer,
       200,
       "processing",
       "2026-04-07"},
      {absl::CivilDay(2026, 3, 9),
       "reply",
       {{"on", "2026-03-09"}, {"type", "disclosed"}},
       &clerk,
       403,
       "processing",
       "2026-04-07"},
      {absl::CivilDay(2026, 3, 9),
       "extend",
       {{"on", "2026-03-09"}, {"days", "5"}, {"approver", "主任"}},
       &reviewer,
       200,
       "extended",
       "2026-04-14"},
      {absl::CivilDay(2026, 3, 10),
       "reply",
       {{"on", "2026-03-10"}, {"type", "withheld"}, {"ground", "third_party"}},
       &reviewer,
       200,
       "replied",
       "2026-04-14"},
  };
  for (const Step& s : steps) {
    Day(s.today);
    web::Response r = Post(base + "/" + s.action, s.body, *s.who);
    EXPECT_EQ(r.status, s.status) << s.action << " " << r.body;
    Json j = Json::parse(r.body);
    EXPECT_EQ(j["state"], s.state) << s.action << " " << r.body;
    ASSERT_TRUE(j.contains("due_date")) << s.action;
    EXPECT_EQ(j["due_date"], s.due) << s.action;
  }
  web::Response detail = GetWith(base, reviewer);
  ASSERT_EQ(detail.status, 200);
  Json d = Json::parse(detail.body);
  EXPECT_EQ(d["reply"]["ground_label"], "保护第三方合法权益");
  // The trace runs from the receipt to the reply that stopped the clock.
  EXPECT_EQ(d["clock"]["trace"].front()["date"], "2026-03-02");
  EXPECT_EQ(d["clock"]["trace"].back()["kind"], "stop");
  EXPECT_THAT(d["clock"]["trace_in_words"].dump(), HasSubstr("作出答复"));
  EXPECT_THAT(d["clock"]["trace_in_words"].dump(), HasSubstr("征求第三方意见"));
  // The applicant now sees the reply.
  status = t_.Get("/api/v1/applications/status?tracking_number=" + number +
                  "&query_code=" + code);
  EXPECT_EQ(Json::parse(status.body)["reply"]["type"], "withheld");
}

TEST_P(ApplicationsHttpTest, PublicFormWorksWithoutJavaScript) {
  ASSERT_TRUE(t_.ok());
  web::Response form = t_.Get("/apply");
  ASSERT_EQ(form.status, 200);
  EXPECT_THAT(form.body, HasSubstr("name=\"_csrf\""));
  EXPECT_THAT(form.body, HasSubstr("县民政局"));
  web::Response done = t_.PostForm("/apply", PublicForm());
  ASSERT_EQ(done.status, 200) << done.body;
  const std::string number =
      Capture(done.body, "id=\"tracking-number\">([^<]+)<");
  const std::string code = Capture(done.body, "id=\"query-code\">([^<]+)<");
  ASSERT_FALSE(number.empty());
  ASSERT_EQ(code.size(), 12u);
  web::Response status = t_.PostForm(
      "/apply/status", {{"tracking_number", number}, {"query_code", code}});
  EXPECT_EQ(status.status, 200);
  EXPECT_THAT(status.body, HasSubstr("待确认"));
  web::Response wrong = t_.PostForm(
      "/apply/status", {{"tracking_number", number}, {"query_code", "X"}});
  EXPECT_EQ(wrong.status, 404);
  EXPECT_THAT(wrong.body, HasSubstr("请核对查询号和查询码"));
  // A wrong ID number comes back with the form and the reason.
  auto bad = PublicForm();
  bad.find("id_number")->second = "421221199003071237";
  web::Response refused = t_.PostForm("/apply", bad);
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(refused.body, HasSubstr("第18位应为8，实际为7"));
  EXPECT_THAT(refused.body, HasSubstr("2025年度低保资金发放情况"));  // kept
}

TEST_P(ApplicationsHttpTest, HoneypotAndRateLimitStopAbuse) {
  ASSERT_TRUE(t_.ok());
  auto spam = PublicForm();
  spam.find("website")->second = "http://spam.example";
  web::Response r = t_.PostForm("/apply", spam);
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.body, Not(HasSubstr("tracking-number")));
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(FromIp("10.0.0.1", kPublicJson).status, 201) << i;
  }
  web::Response limited = FromIp("10.0.0.1", kPublicJson);
  EXPECT_EQ(limited.status, 429);
  EXPECT_THAT(limited.body, HasSubstr("每小时最多提交10件"));
  EXPECT_EQ(FromIp("10.0.0.2", kPublicJson).status, 201);
  t_.clock().Advance(absl::Hours(1));
  EXPECT_EQ(FromIp("10.0.0.1", kPublicJson).status, 201);
  std::string huge = std::string(kPublicJson);
  huge.insert(huge.size() - 1, ",\"pad\":\"" + std::string(40000, 'x') + "\"");
  EXPECT_EQ(FromIp("10.0.0.3", huge).status, 400);
}

TEST_P(ApplicationsHttpTest, StaffPagesConfirmReplyAndPrintTheLetter) {
  ASSERT_TRUE(t_.ok());
  web::Response filed = t_.PostJson("/api/v1/applications", kPublicJson);
  ASSERT_EQ(filed.status, 201);
  ASSERT_TRUE(t_.SignIn("admin1", "admin"));
  web::Response list = t_.Get("/admin/applications");
  ASSERT_EQ(list.status, 200) << list.body;
  const std::string id = Capture(list.body, "/admin/applications/(\\d+)\"");
  ASSERT_FALSE(id.empty());
  const std::string page = "/admin/applications/" + id;
  EXPECT_THAT(t_.Get(page).body, HasSubstr("确认收到"));
  EXPECT_EQ(t_.PostForm(page + "/act/receive", {{"on", "2026-03-02"}}).status,
            303);
  web::Response detail = t_.Get(page);
  EXPECT_THAT(detail.body, HasSubstr("2026-03-30"));
  EXPECT_THAT(detail.body, HasSubstr("421221199003071238"));  // admin sees it
  // A refused step shows the reason on the page.
  web::Response refused = t_.PostForm(
      page + "/act/reply", {{"on", "2026-03-02"}, {"type", "withheld"}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(refused.body, HasSubstr("须选择理由"));
  EXPECT_EQ(t_.PostForm(page + "/act/reply", {{"on", "2026-03-02"},
                                              {"type", "disclosed"},
                                              {"text", "见附件"}})
                .status,
            303);
  web::Response letter = t_.Get(page + "/letter");
  ASSERT_EQ(letter.status, 200);
  EXPECT_THAT(letter.body, HasSubstr("政府信息公开申请答复书"));
  EXPECT_THAT(letter.body, HasSubstr("60日内依法申请行政复议"));
  EXPECT_THAT(letter.body, HasSubstr("6个月内依法向人民法院提起行政诉讼"));
  EXPECT_THAT(letter.body, HasSubstr("第三十六条第（二）项"));
  web::Response pdf = t_.Get(page + "/letter.pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  web::Response stats = t_.Get("/admin/applications/stats?year=2026");
  EXPECT_EQ(stats.status, 200);
  EXPECT_THAT(stats.body, HasSubstr("各列均成立"));
  web::Response due = t_.Get("/admin/applications?due=overdue");
  EXPECT_EQ(due.status, 200);
  // A letter received in person, entered by staff.
  EXPECT_THAT(t_.Get("/admin/applications/new").body,
              HasSubstr("登记书面申请"));
  auto paper = PublicForm();
  paper.emplace("channel", "registered_mail");
  paper.emplace("received_on", "2026-02-27");
  web::Response entered = t_.PostForm("/admin/applications/new", paper);
  ASSERT_EQ(entered.status, 303) << entered.body;
  web::Response shown = t_.Get(entered.HeaderValue("Location"));
  EXPECT_THAT(shown.body, HasSubstr("邮寄（需签收）"));
  // Received Friday 02-27: Saturday 02-28 is a 调休 working day (day 1),
  // 03-02..06 = 2..6, 03-09..13 = 7..11, 03-16..20 = 12..16, 03-23..26.
  EXPECT_THAT(shown.body, HasSubstr("2026-03-26"));
  Json table =
      Json::parse(t_.Get("/admin/applications/stats.json?year=2026").body);
  EXPECT_EQ(table["balanced"], true);
  EXPECT_EQ(table["new_received"][6], 2);
  EXPECT_EQ(table["carried_out"][6], 1);
}

TEST_P(ApplicationsHttpTest, OtherUnitsSeeMaskedPersonalData) {
  ASSERT_TRUE(t_.ok());
  auto outsider = Bearer("edu", "unit_reviewer", "县教育局");
  auto own = Bearer("civil", "clerk", "县民政局");
  ASSERT_EQ(t_.PostJson("/api/v1/applications", kPublicJson).status, 201);
  Json mine =
      Json::parse(GetWith("/api/v1/applications", own).body)["applications"][0];
  Json theirs = Json::parse(
      GetWith("/api/v1/applications", outsider).body)["applications"][0];
  EXPECT_EQ(mine["applicant"]["id_number"], "421221199003071238");
  EXPECT_EQ(mine["applicant"]["phone"], "13812345678");
  EXPECT_EQ(theirs["applicant"]["id_number"], "421***********1238");
  EXPECT_EQ(theirs["applicant"]["phone"], "138****5678");
  EXPECT_EQ(GetWith("/api/v1/applications", {}).status, 401);
}

TEST_P(ApplicationsHttpTest, PublishedRecordsAreOfferedFirstWithAFinder) {
  ASSERT_TRUE(t_.ok());
  Apps().SetRecordFinder([](absl::string_view query, int limit)
                             -> absl::StatusOr<std::vector<FoundRecord>> {
    EXPECT_EQ(limit, 5);
    if (!absl::StrContains(query, "低保")) return std::vector<FoundRecord>{};
    return std::vector<FoundRecord>{{.id = "77",
                                     .title = "2025年城乡低保资金发放情况公示",
                                     .url = "/records/77",
                                     .index_number = "011-2025-0001",
                                     .published_on = "2026-01-10"}};
  });
  web::Response offered = t_.PostForm("/apply", PublicForm());
  ASSERT_EQ(offered.status, 200);
  EXPECT_THAT(offered.body, HasSubstr("2025年城乡低保资金发放情况公示"));
  EXPECT_THAT(offered.body, HasSubstr("这就是我要的"));
  EXPECT_THAT(offered.body, Not(HasSubstr("tracking-number")));
  web::Response found = t_.PostForm(
      "/apply/found",
      {{"record_id", "77"}, {"unit", "县民政局"}, {"description", "低保"}});
  EXPECT_EQ(found.status, 200);
  auto stats = Apps().Statistics(2026, std::nullopt);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->self_served, 1);
  EXPECT_EQ(stats->new_received[6], 0);
  auto again = PublicForm();
  again.emplace("searched", "1");
  web::Response filed = t_.PostForm("/apply", again);
  EXPECT_THAT(filed.body, HasSubstr("tracking-number"));
}

TEST_P(ApplicationsHttpTest, CsvImportThroughTheApiNamesRowAndColumn) {
  ASSERT_TRUE(t_.ok());
  auto clerk = Bearer("li", "clerk", "县民政局");
  clerk["content-type"] = "text/csv";
  web::Request req =
      web::MakeRequest(web::Method::kPost, "/api/v1/applications/import",
                       "name,id_number,phone,address,unit,description,delivery_"
                       "form,channel,received_on\n"
                       "王五,421221199003071238,13812345678,鱼岳镇,县民政局,"
                       "名单,纸质,in_person,2026-03-02\n"
                       "赵六,421221199003071238,13812345678,鱼岳镇,县教育局,"
                       "名单,纸质,in_person,2026-03-02\n",
                       clerk);
  web::Response r = t_.Send(req);
  EXPECT_EQ(r.status, 400) << r.body;
  Json j = Json::parse(r.body);
  ASSERT_EQ(j["errors"].size(), 1u);
  EXPECT_EQ(j["errors"][0]["row"], 2);
  EXPECT_EQ(j["errors"][0]["column"], "unit");
  EXPECT_TRUE(j["created"].empty());
  // One paper application through the JSON API: registered at once.
  Json paper = Json::parse(kPublicJson);
  paper["channel"] = "in_person";
  paper["received_on"] = "2026-03-02";
  clerk.erase("content-type");
  web::Response entered = Post("/api/v1/applications", paper, clerk);
  ASSERT_EQ(entered.status, 201) << entered.body;
  Json e = Json::parse(entered.body);
  EXPECT_EQ(e["state"], "registered");
  EXPECT_EQ(e["due_date"], "2026-03-30");
  EXPECT_EQ(e["channel"], "in_person");
}

TEST_P(ApplicationsHttpTest, AttachmentsOnlyForTheUnitAsked) {
  ASSERT_TRUE(t_.ok());
  auto outsider = Bearer("edu", "unit_reviewer", "县教育局");
  ASSERT_EQ(t_.PostJson("/api/v1/applications", kPublicJson).status, 201);
  ASSERT_TRUE(t_.SignIn("civil", "clerk", "县民政局"));
  web::Response list = t_.Get("/admin/applications");
  const std::string id = Capture(list.body, "/admin/applications/(\\d+)\"");
  const std::string page = "/admin/applications/" + id;
  const std::string csrf =
      Capture(t_.Get(page).body, "name=\"_csrf\" value=\"([^\"]+)\"");
  ASSERT_FALSE(csrf.empty());
  const std::string boundary = "zwgkBoundary";
  const std::string bytes =
      "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
  std::string body =
      "--" + boundary +
      "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf +
      "\r\n--" + boundary +
      "\r\nContent-Disposition: form-data; name=\"file\"; "
      "filename=\"答复附件.pdf\"\r\nContent-Type: application/pdf\r\n\r\n" +
      bytes + "\r\n--" + boundary + "--\r\n";
  web::Response up = t_.Send(web::MakeRequest(
      web::Method::kPost, page + "/attachments", body,
      {{"content-type", "multipart/form-data; boundary=" + boundary}}));
  ASSERT_EQ(up.status, 303) << up.body;
  web::Response detail = t_.Get(page);
  const std::string att = Capture(detail.body, "/attachments/(\\d+)\"");
  ASSERT_FALSE(att.empty()) << detail.body;
  EXPECT_THAT(detail.body, HasSubstr("答复附件.pdf"));
  web::Response down = t_.Get(page + "/attachments/" + att);
  EXPECT_EQ(down.status, 200);
  EXPECT_EQ(down.body, bytes);
  EXPECT_EQ(down.content_type, "application/pdf");
  EXPECT_EQ(GetWith(page + "/attachments/" + att, outsider).status, 404);
}

TEST_P(ApplicationsHttpTest, FormShowsPublishedRecordsThatMayAnswerTheRequest) {
  ASSERT_TRUE(t_.ok());
  // A published record about 低保资金, found by the search index.
  auto& pub =
      static_cast<publishing::PublishingModule*>(t_.app().module("publishing"))
          ->service();
  auto r = pub.Create(
      SystemActor(),
      {.title = "2025年度城乡低保资金发放情况公示",
       .unit = "县民政局",
       .formed_on = "2026-02-27",
       .topic = "民政、扶贫、救灾",
       .genre = "公示",
       .body_html = "<p>现将2025年度低保资金发放情况公示如下。</p>"});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(pub.Submit(SystemActor(), r->id).ok());
  ASSERT_TRUE(pub.Review(SystemActor(), r->id, {"approved", ""}).ok());
  ASSERT_TRUE(pub.Publish(SystemActor(), r->id).ok());
  auto& search =
      static_cast<search::SearchModule*>(t_.app().module("search"))->service();
  ASSERT_TRUE(search.Drain().ok());

  web::Response shown = t_.PostForm("/apply", PublicForm());
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_THAT(shown.body, HasSubstr("2025年度城乡低保资金发放情况公示"));
  EXPECT_THAT(shown.body, HasSubstr("/records/" + std::to_string(r->id)));
  // No application exists yet: the applicant may still go on and submit.
  EXPECT_THAT(shown.body, ::testing::Not(HasSubstr("id=\"tracking-number\"")));
  auto go_on = PublicForm();
  go_on.emplace("searched", "1");
  web::Response done = t_.PostForm("/apply", go_on);
  EXPECT_THAT(done.body, HasSubstr("id=\"tracking-number\""));
}

INSTANTIATE_TEST_SUITE_P(Engines, ApplicationsHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::applications
