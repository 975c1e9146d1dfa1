// The applications pages and API in-process, on the seeded app (SQLite and
// PostgreSQL): the public form without JavaScript, abuse control, the staff
// JSON API through a lifecycle, staff pages, the letter as HTML and PDF,
// masking, and the "already published" step with a fake finder.
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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
using zwgk::testing::ErrorSummaryHrefs;
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

  Service& Apps() {
    return static_cast<ApplicationsModule*>(t_.app().module("applications"))
        ->service();
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
  web::Response SendWith(web::Method method, const std::string& target,
                         const std::string& body,
                         std::map<std::string, std::string> headers) {
    web::Request req = web::MakeRequest(method, target, body, headers);
    for (const auto& [k, v] : headers)
      req.headers[absl::AsciiStrToLower(k)] = v;
    return t_.Send(req);
  }
  // A browser form post (with this browser's CSRF token) from `ip`.
  web::Response FormFrom(const std::string& ip, const std::string& target,
                         const std::multimap<std::string, std::string>& f) {
    if (csrf_.empty())
      csrf_ =
          Capture(t_.Get("/apply").body, "name=\"_csrf\" value=\"([^\"]+)\"");
    std::string body = "_csrf=" + web::UrlEncode(csrf_);
    for (const auto& [k, v] : f)
      body += "&" + web::UrlEncode(k) + "=" + web::UrlEncode(v);
    web::Request req = web::MakeRequest(
        web::Method::kPost, target, body,
        {{"content-type", "application/x-www-form-urlencoded"}});
    req.remote_ip = ip;
    return t_.Send(req);
  }
  // Offers record 77 for every search mentioning 低保.
  void UseFakeFinder() {
    Apps().SetRecordFinder(
        [](absl::string_view query,
           int limit) -> absl::StatusOr<std::vector<FoundRecord>> {
          EXPECT_EQ(limit, 5);
          if (!absl::StrContains(query, "低保"))
            return std::vector<FoundRecord>{};
          return std::vector<FoundRecord>{
              {.id = "77",
               .title = "2025年城乡低保资金发放情况公示",
               .url = "/records/77",
               .index_number = "011-2025-0001",
               .published_on = "2026-01-10"}};
        });
  }
  static std::string OfferToken(const web::Response& offered) {
    return Capture(offered.body, "name=\"offer_token\" value=\"([0-9a-f]+)\"");
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
  std::string csrf_;  // this browser's, for FormFrom
};

TEST_P(ApplicationsHttpTest, ApiLifecycleCarriesDueDateAndState) {
  ASSERT_TRUE(t_.ok());
  auto reviewer = t_.BearerToken("wang", "unit_reviewer", "县民政局");
  auto clerk = t_.BearerToken("li", "clerk", "县民政局");
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

TEST_P(ApplicationsHttpTest, UnitChooserGroupsUnitsWithTownsAndHints) {
  ASSERT_TRUE(t_.ok());
  web::Response form = t_.Get("/apply");
  ASSERT_EQ(form.status, 200);
  // The groups in order, each holding its units.
  const size_t office = form.body.find("<optgroup label=\"县政府及办公室\">");
  const size_t departments = form.body.find("<optgroup label=\"县直部门\">");
  const size_t towns = form.body.find("<optgroup label=\"乡镇人民政府\">");
  ASSERT_NE(office, std::string::npos);
  ASSERT_NE(departments, std::string::npos);
  ASSERT_NE(towns, std::string::npos);
  EXPECT_LT(office, departments);
  EXPECT_LT(departments, towns);
  const std::string town_group =
      form.body.substr(towns, form.body.find("</optgroup>", towns) - towns);
  for (const char* town :
       {"鱼岳镇人民政府", "簰洲湾镇人民政府", "陆溪镇人民政府"})
    EXPECT_THAT(town_group, HasSubstr(absl::StrCat("value=\"", town, "\"")));
  EXPECT_THAT(town_group, Not(HasSubstr("县民政局")));
  // Each unit's hint: on the option for JavaScript, in the guide without it.
  EXPECT_THAT(
      form.body,
      HasSubstr(
          "data-hint=\"负责：社会救助、养老服务等领域\">县民政局</option>"));
  EXPECT_THAT(form.body,
              HasSubstr("<summary>哪个单位掌握这项信息？</summary>"));
  EXPECT_THAT(
      form.body,
      HasSubstr("<dt>县民政局</dt><dd>负责：社会救助、养老服务等领域</dd>"));
  // A town is a unit one can apply to.
  auto to_town = PublicForm();
  to_town.find("unit")->second = "簰洲湾镇人民政府";
  web::Response done = t_.PostForm("/apply", to_town);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_THAT(done.body, HasSubstr("id=\"tracking-number\""));
}

TEST_P(ApplicationsHttpTest, ReceiptShowsTheCodesPrintButtonAndWarning) {
  ASSERT_TRUE(t_.ok());
  web::Response done = t_.PostForm("/apply", PublicForm());
  ASSERT_EQ(done.status, 200) << done.body;
  const std::string number =
      Capture(done.body, "class=\"code\" id=\"tracking-number\">([^<]+)<");
  const std::string code =
      Capture(done.body, "class=\"code\" id=\"query-code\">([^<]+)<");
  EXPECT_FALSE(number.empty());
  EXPECT_EQ(code.size(), 12u);
  EXPECT_THAT(done.body, HasSubstr("data-print hidden>打印回执</button>"));
  EXPECT_THAT(done.body, HasSubstr("/static/js/print.js"));
  EXPECT_THAT(done.body,
              HasSubstr("查询码只显示这一次，无法找回，请抄写或打印保存"));
  // The receipt is this visitor's alone: never cached for the next one.
  web::Response again = t_.PostForm("/apply", PublicForm());
  EXPECT_THAT(again.body, Not(HasSubstr(code)));
}

TEST_P(ApplicationsHttpTest, RefusedFormSummarisesErrorsInFormOrder) {
  ASSERT_TRUE(t_.ok());
  auto bad = PublicForm();
  bad.find("name")->second = "";
  bad.find("phone")->second = "12";
  bad.find("unit")->second = "";
  bad.find("description")->second = "";
  web::Response r = t_.PostForm("/apply", bad);
  ASSERT_EQ(r.status, 400);
  const size_t at = r.body.find("class=\"error-summary\"");
  ASSERT_NE(at, std::string::npos);
  EXPECT_LT(at, r.body.find("<form method=\"post\" action=\"/apply\""));
  EXPECT_THAT(r.body, HasSubstr("role=\"alert\" tabindex=\"-1\""));
  std::vector<std::string> hrefs;
  const std::regex link("<li><a href=\"#([a-z_-]+)\">");
  const std::string summary = r.body.substr(at, r.body.find("</div>", at) - at);
  for (std::sregex_iterator it(summary.begin(), summary.end(), link), end;
       it != end; ++it)
    hrefs.push_back((*it)[1]);
  // The form's order (name, phone, unit, description), not the keys'.
  EXPECT_EQ(hrefs,
            (std::vector<std::string>{"name", "phone", "unit", "description"}));
  // An organisation's name and phone live in their own inputs.
  bad.find("applicant_type")->second = "organization";
  bad.emplace("org_name", "");
  web::Response org = t_.PostForm("/apply", bad);
  EXPECT_THAT(org.body, HasSubstr("<li><a href=\"#org_name\">"));
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
  // Over the route's limit: refused before the body is read, naming it.
  web::Response too_big = FromIp("10.0.0.3", huge);
  EXPECT_EQ(too_big.status, 413);
  EXPECT_THAT(too_big.body, HasSubstr("提交的内容过大"));
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

TEST_P(ApplicationsHttpTest, RefusedStepsSummariseTheirFormsFields) {
  ASSERT_TRUE(t_.ok());
  ASSERT_EQ(t_.PostJson("/api/v1/applications", kPublicJson).status, 201);
  ASSERT_TRUE(t_.SignIn("admin1", "admin"));
  const std::string id = Capture(t_.Get("/admin/applications").body,
                                 "/admin/applications/(\\d+)\"");
  ASSERT_FALSE(id.empty());
  const std::string page = "/admin/applications/" + id;
  EXPECT_EQ(ErrorSummaryHrefs(t_.Get(page).body), std::nullopt);
  ASSERT_EQ(t_.PostForm(page + "/act/receive", {{"on", "2026-03-02"}}).status,
            303);
  // 延期 without days or approver: both listed in the form's order, each
  // linking to that form's input; what was typed stays.
  web::Response extend = t_.PostForm(
      page + "/act/extend",
      {{"on", "2026-03-02"}, {"reason", "需调取档案"}, {"days", ""}});
  ASSERT_EQ(extend.status, 400);
  EXPECT_EQ(ErrorSummaryHrefs(extend.body),
            (std::vector<std::string>{"extend-days", "extend-approver"}));
  for (const char* field : {"extend-days", "extend-approver"})
    EXPECT_THAT(extend.body, HasSubstr(absl::StrCat("id=\"", field, "\"")));
  EXPECT_THAT(extend.body, HasSubstr("value=\"需调取档案\""));
  EXPECT_THAT(extend.body, HasSubstr("延长答复期限未完成"));
  EXPECT_LT(extend.body.find("class=\"error-summary\""),
            extend.body.find("id=\"act-extend\""));
  // 答复 withheld without a ground: the ground, the chosen type kept.
  web::Response reply = t_.PostForm(
      page + "/act/reply", {{"on", "2026-03-02"}, {"type", "withheld"}});
  ASSERT_EQ(reply.status, 400);
  EXPECT_EQ(ErrorSummaryHrefs(reply.body),
            std::vector<std::string>{"reply-ground"});
  EXPECT_THAT(reply.body, HasSubstr("<option value=\"withheld\" selected>"));
}

// Issue 12, finding 5 (the probe): staff of 县教育局, a clerk included, ask
// for an application addressed to 县民政局 on every route and get what an
// id that does not exist gets; the applicant's name appears nowhere.
TEST_P(ApplicationsHttpTest, OtherUnitsGetNotFoundOnEveryRoute) {
  ASSERT_TRUE(t_.ok());
  auto admin = t_.BearerToken("county", "admin", "");
  auto own = t_.BearerToken("civil", "clerk", "县民政局");
  Json filed = Json::parse(kPublicJson);
  filed["applicant"]["name"] = "欧阳申请人";
  filed["description"] = "欧阳家的宅基地审批材料";
  web::Response created = t_.PostJson("/api/v1/applications", filed.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string number = Json::parse(created.body)["tracking_number"];
  Json listed = Json::parse(
      GetWith("/api/v1/applications?tracking_number=" + number, admin).body);
  ASSERT_EQ(listed["applications"].size(), 1u);
  const std::string id =
      std::to_string(listed["applications"][0]["id"].get<int64_t>());
  const std::string api = "/api/v1/applications/" + id;
  const std::string page = "/admin/applications/" + id;
  ASSERT_EQ(
      Post(api + "/receive", {{"received_on", "2026-03-02"}}, admin).status,
      200);
  ASSERT_EQ(
      Post(api + "/reply", {{"on", "2026-03-02"}, {"type", "disclosed"}}, admin)
          .status,
      200);
  const std::string boundary = "zwgkBoundary";
  const std::string upload =
      "--" + boundary +
      "\r\nContent-Disposition: form-data; name=\"file\"; "
      "filename=\"答复.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
      "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n\r\n--" +
      boundary + "--\r\n";
  auto multipart = [&](std::map<std::string, std::string> who) {
    who["content-type"] = "multipart/form-data; boundary=" + boundary;
    return who;
  };
  ASSERT_EQ(SendWith(web::Method::kPost, page + "/attachments", upload,
                     multipart(admin))
                .status,
            303);
  const std::string att =
      Capture(GetWith(page, admin).body, "/attachments/(\\d+)\"");
  ASSERT_FALSE(att.empty());
  const std::string civil = web::UrlEncode("县民政局");
  // The unit asked sees it all.
  EXPECT_THAT(GetWith("/admin/applications", own).body,
              HasSubstr("欧阳申请人"));
  for (const std::string& target :
       {api, page, page + "/letter", page + "/letter.pdf",
        page + "/attachments/" + att}) {
    EXPECT_EQ(GetWith(target, own).status, 200) << target;
  }

  const std::map<std::string, std::string> others[] = {
      t_.BearerToken("edu", "unit_reviewer", "县教育局"),
      t_.BearerToken("edu_clerk", "clerk", "县教育局"),
      t_.BearerToken("edu_editor", "unit_editor", "县教育局")};
  for (const auto& who : others) {
    SCOPED_TRACE(who.at("Authorization").substr(0, 16));
    for (const std::string& target :
         {api, page, page + "/letter", page + "/letter.pdf",
          page + "/attachments/" + att,
          "/admin/applications/stats.json?year=2026&unit=" + civil}) {
      web::Response r = GetWith(target, who);
      EXPECT_EQ(r.status, 404) << target;
      EXPECT_THAT(r.body, Not(HasSubstr("欧阳"))) << target;
    }
    // The same answer as for an id that does not exist.
    EXPECT_EQ(Json::parse(GetWith(api, who).body)["error"]["message"],
              "申请 " + id + " 不存在");
    EXPECT_EQ(GetWith("/api/v1/applications/999999", who).status, 404);
    for (const std::string& target :
         {std::string("/api/v1/applications"),
          "/api/v1/applications?unit=" + civil,
          "/api/v1/applications?tracking_number=" + number,
          std::string("/admin/applications"),
          "/admin/applications?unit=" + civil,
          "/admin/applications?tracking_number=" + number,
          std::string("/admin/applications/stats?year=2026")}) {
      web::Response r = GetWith(target, who);
      EXPECT_EQ(r.status, 200) << target;
      EXPECT_THAT(r.body, Not(HasSubstr("欧阳"))) << target;
      EXPECT_THAT(r.body, Not(HasSubstr(page + "\""))) << target;  // no row
      if (absl::StartsWith(target, "/api/")) {
        EXPECT_EQ(Json::parse(r.body)["applications"].size(), 0u) << target;
      }
    }
    // Table 三 without a unit is the unit's own: 县民政局's is not in it.
    Json table = Json::parse(
        GetWith("/admin/applications/stats.json?year=2026", who).body);
    EXPECT_EQ(table["new_received"][6], 0);
    // No action, no attachment.
    EXPECT_EQ(Post(api + "/archive", {{"on", "2026-03-02"}}, who).status, 404);
    auto form = who;
    form["content-type"] = "application/x-www-form-urlencoded";
    EXPECT_EQ(SendWith(web::Method::kPost, page + "/act/archive",
                       "on=2026-03-02", form)
                  .status,
              404);
    EXPECT_EQ(SendWith(web::Method::kPost, page + "/attachments", upload,
                       multipart(who))
                  .status,
              404);
  }
  Json after = Json::parse(GetWith(api, own).body);
  EXPECT_EQ(after["state"], "replied");
  EXPECT_EQ(after["applicant"]["name"], "欧阳申请人");
  EXPECT_EQ(GetWith("/api/v1/applications", {}).status, 401);
}

TEST_P(ApplicationsHttpTest, PublishedRecordsAreOfferedFirstWithAFinder) {
  ASSERT_TRUE(t_.ok());
  UseFakeFinder();
  web::Response offered = t_.PostForm("/apply", PublicForm());
  ASSERT_EQ(offered.status, 200);
  EXPECT_THAT(offered.body, HasSubstr("2025年城乡低保资金发放情况公示"));
  EXPECT_THAT(offered.body, HasSubstr("这就是我要的"));
  EXPECT_THAT(offered.body, Not(HasSubstr("tracking-number")));
  web::Response found =
      t_.PostForm("/apply/found", {{"offer_token", OfferToken(offered)},
                                   {"record_id", "77"},
                                   {"record_url", "/records/77"}});
  EXPECT_EQ(found.status, 200);
  EXPECT_THAT(found.body, HasSubstr("href=\"/records/77\""));
  auto stats = Apps().Statistics(SystemActor(), 2026, std::nullopt);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->self_served, 1);
  EXPECT_EQ(stats->new_received[6], 0);
  auto again = PublicForm();
  again.emplace("searched", "1");
  web::Response filed = t_.PostForm("/apply", again);
  EXPECT_THAT(filed.body, HasSubstr("tracking-number"));
}

// Issue 12, finding 7 (the probe): 300 quick anonymous posts to
// /apply/found count at most the hourly limit, a replayed offer counts once,
// and a record_url that leaves the site never becomes a link.
TEST_P(ApplicationsHttpTest, FoundCountsOncePerOfferWithinTheRateLimit) {
  ASSERT_TRUE(t_.ok());
  UseFakeFinder();
  auto admin = t_.BearerToken("county", "admin", "");
  auto self_served = [&] {
    return Json::parse(
               GetWith("/admin/applications/stats.json?year=2026", admin)
                   .body)["self_served"]
        .get<int64_t>();
  };
  // Twelve searches from twelve addresses: twelve offers.
  std::vector<std::string> tokens;
  for (int i = 0; i < 12; ++i) {
    web::Response offered =
        FormFrom("10.1.0." + std::to_string(i), "/apply", PublicForm());
    ASSERT_EQ(offered.status, 200) << offered.body;
    ASSERT_THAT(offered.body, HasSubstr("这就是我要的"));
    tokens.push_back(OfferToken(offered));
    EXPECT_EQ(tokens.back().size(), 32u);
  }
  // 300 posts from one address: 10 answered, the rest refused, 10 counted.
  int answered = 0, refused = 0;
  for (int i = 0; i < 300; ++i) {
    web::Response r = FormFrom("10.9.9.9", "/apply/found",
                               {{"offer_token", tokens[i % tokens.size()]},
                                {"record_id", "77"},
                                {"record_url", "/records/77"},
                                {"unit", "县民政局"},
                                {"description", "低保"}});
    if (r.status == 200) ++answered;
    if (r.status == 429) ++refused;
  }
  EXPECT_EQ(answered, 10);
  EXPECT_EQ(refused, 290);
  EXPECT_EQ(self_served(), 10);
  // An offer counts once, from whichever address: replays and made-up
  // tokens get the same page and count nothing.
  int ip = 0;
  for (const std::string& token : {tokens[10], tokens[10], tokens[0],
                                   std::string(32, 'a'), std::string("")}) {
    web::Response r = FormFrom("10.2.0." + std::to_string(ip++), "/apply/found",
                               {{"offer_token", token}, {"record_id", "77"}});
    EXPECT_EQ(r.status, 200) << token;
    EXPECT_THAT(r.body, HasSubstr("已找到所需信息"));
  }
  EXPECT_EQ(self_served(), 11);
  // Only a path on this site comes back as a link.
  struct Case {
    std::string url;
    bool linked;
  } cases[] = {
      {"/records/77", true},
      {"javascript:alert(1)", false},
      {"//evil.example", false},
      {"/\\evil.example", false},
      {"/\t/evil.example", false},
      {"https://evil.example/records/77", false},
      {"JAVASCRIPT:alert(1)", false},
      {" javascript:alert(1)", false},
  };
  for (const Case& c : cases) {
    web::Response r =
        FormFrom("10.3.0." + std::to_string(ip++), "/apply/found",
                 {{"offer_token", tokens[11]}, {"record_url", c.url}});
    ASSERT_EQ(r.status, 200) << c.url;
    EXPECT_EQ(absl::StrContains(r.body, "查看该信息"), c.linked) << c.url;
    EXPECT_THAT(absl::AsciiStrToLower(r.body),
                Not(HasSubstr("href=\"javascript")))
        << c.url;
    EXPECT_THAT(r.body, Not(HasSubstr("evil.example"))) << c.url;
  }
  EXPECT_EQ(self_served(), 12);
}

TEST_P(ApplicationsHttpTest, CsvImportThroughTheApiNamesRowAndColumn) {
  ASSERT_TRUE(t_.ok());
  auto clerk = t_.BearerToken("li", "clerk", "县民政局");
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
  auto outsider = t_.BearerToken("edu", "unit_reviewer", "县教育局");
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
