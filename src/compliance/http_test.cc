// The compliance dashboard's pages and API in-process on the seeded app
// (SQLite and PostgreSQL): who sees what (the public is sent to sign in or
// gets 401, a unit's staff their own unit only, another unit 404, the county
// office everything), the API's JSON shape and that its numbers are the
// page's — every number on the page equal to the list under it — the XLSX
// export's sheets, and the settings form's validation.
#include <map>
#include <regex>
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "catalog/xlsx_reader.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "org/module.h"

namespace zwgk::compliance {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;
using ::testing::StartsWith;
using zwgk::testing::ErrorSummaryHrefs;
using zwgk::testing::TestApp;
using Json = nlohmann::json;
using Headers = std::map<std::string, std::string>;

// An application to 县民政局, filed on the app's first day (2026-03-02).
constexpr char kApplication[] = R"({
  "applicant": {"type": "natural_person", "name": "张三", "id_type": "resident_id",
                "id_number": "421221199003071238", "phone": "13812345678",
                "address": "嘉鱼县鱼岳镇人民大道1号"},
  "unit": "县民政局",
  "description": "2025年度城乡低保资金发放情况",
  "delivery": "paper"})";

// The figures every unit row has, in the page's and the API's order.
const char* const kKeys[] = {"publications_overdue",
                             "publications_due_soon",
                             "publications_late",
                             "periods_missing",
                             "columns_blank",
                             "columns_stale",
                             "applications_overdue",
                             "applications_due_soon",
                             "applications_replied_late",
                             "policies_without_interpretation",
                             "unanswered_messages",
                             "decisions_without_feedback",
                             "annual_report_late",
                             "annual_report_copied",
                             "village_postings_late",
                             "guides_incomplete",
                             "service_stats_stale"};

// What a page says each list holds: "u<id>-<key>" → the number in its
// heading ("…：3项"; an empty list says 无 or 未启用).
std::map<std::string, int> ListCounts(const std::string& html) {
  std::map<std::string, int> out;
  static const std::regex kFull(
      R"re(<h4 id="(u\d+-[a-z_]+)">[^<]*?：(\d+)项)re");
  static const std::regex kEmpty(
      R"re(<p class="list-empty" id="(u\d+-[a-z_]+)">)re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kFull);
       it != std::sregex_iterator(); ++it)
    out[(*it)[1]] = std::stoi((*it)[2]);
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kEmpty);
       it != std::sregex_iterator(); ++it)
    out[(*it)[1]] = 0;
  return out;
}

// The items a list shows: <li> between its heading and the list's end.
int ListItems(const std::string& html, const std::string& id) {
  size_t at = html.find(absl::StrCat("<h4 id=\"", id, "\">"));
  if (at == std::string::npos) return 0;
  size_t start = html.find("<ol", at);
  size_t end = html.find("</ol>", start);
  int n = 0;
  for (size_t p = html.find("<li>", start); p < end;
       p = html.find("<li>", p + 1))
    ++n;
  return n;
}

// The number a table cell links to list `id` with ("" when it shows 0).
std::string CellNumber(const std::string& html, const std::string& id) {
  std::smatch m;
  std::regex re(
      absl::StrCat(R"re(href="#)re", id, R"re(" title="[^"]*">(\d+)<)re"));
  return std::regex_search(html, m, re) ? m[1].str() : "";
}

class ComplianceHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  ComplianceHttpTest() : t_(GetParam()) {}
  void SetUp() override {
    ASSERT_TRUE(t_.ok());
    auto& org = static_cast<org::OrgModule*>(t_.app().module("org"))->service();
    civil_ = absl::StrCat(org.ResolveUnit("县民政局")->id);
    education_ = absl::StrCat(org.ResolveUnit("县教育局")->id);
    editor_ = t_.BearerToken("民政编辑", "unit_editor", "县民政局");
    admin_ = t_.BearerToken("公开办", "admin", "");
  }
  web::Response Get(const std::string& target, const Headers& who = {}) {
    web::Request req = web::MakeRequest(web::Method::kGet, target, "", who);
    for (const auto& [k, v] : who) req.headers[absl::AsciiStrToLower(k)] = v;
    return t_.Send(req);
  }
  // An application to 县民政局 received on 2026-03-02 (reply due 03-30).
  void FileApplication() {
    ASSERT_EQ(t_.PostJson("/api/v1/applications", kApplication).status, 201);
    ASSERT_TRUE(t_.SignIn("受理员", "admin"));
    std::smatch m;
    const std::string list = t_.Get("/admin/applications").body;
    ASSERT_TRUE(
        std::regex_search(list, m, std::regex("/admin/applications/(\\d+)\"")));
    ASSERT_EQ(t_.PostForm(absl::StrCat("/admin/applications/", m[1].str(),
                                       "/act/receive"),
                          {{"on", "2026-03-02"}})
                  .status,
              303);
    t_.cookies().clear();
  }

  TestApp t_;
  std::string civil_, education_;
  Headers editor_, admin_;
};

TEST_P(ComplianceHttpTest, WhoSeesWhat) {
  // Not signed in: pages go to the sign-in form, the API answers 401.
  for (const char* page :
       {"/admin/supervision", "/admin/supervision/export.xlsx",
        "/admin/supervision/settings"}) {
    web::Response r = Get(page);
    EXPECT_EQ(r.status, 303) << page;
    EXPECT_THAT(r.HeaderValue("location"), StartsWith("/admin/login?next="))
        << page;
  }
  EXPECT_EQ(Get("/api/v1/supervision").status, 401);
  EXPECT_EQ(Get("/api/v1/supervision?unit=" + civil_).status, 401);

  struct Case {
    std::string who, target;
    const Headers* headers;
    int status;
  } cases[] = {
      {"unit, own view", "/admin/supervision", &editor_, 200},
      {"unit, own id", "/admin/supervision?unit=" + civil_, &editor_, 200},
      {"unit, other unit", "/admin/supervision?unit=" + education_, &editor_,
       404},
      {"unit, bad id", "/admin/supervision?unit=abc", &editor_, 404},
      {"unit, export other",
       "/admin/supervision/export.xlsx?unit=" + education_, &editor_, 404},
      {"unit, api other", "/api/v1/supervision?unit=" + education_, &editor_,
       404},
      {"unit, api own", "/api/v1/supervision", &editor_, 200},
      {"unit, settings", "/admin/supervision/settings", &editor_, 403},
      {"office, county", "/admin/supervision", &admin_, 200},
      {"office, a unit", "/admin/supervision?unit=" + education_, &admin_, 200},
      {"office, unknown unit", "/admin/supervision?unit=999999", &admin_, 404},
      {"office, bad date", "/admin/supervision?as_of=2026-13-40", &admin_, 400},
      {"office, api bad date", "/api/v1/supervision?as_of=x", &admin_, 400},
      {"office, settings", "/admin/supervision/settings", &admin_, 200},
  };
  for (const Case& c : cases) {
    web::Response r = Get(c.target, *c.headers);
    EXPECT_EQ(r.status, c.status) << c.who << ": " << r.body.substr(0, 300);
  }

  // Only the county office changes the settings.
  web::Request post = web::MakeRequest(
      web::Method::kPost, "/admin/supervision/settings", "news_days=1",
      {{"content-type", "application/x-www-form-urlencoded"}});
  for (const auto& [k, v] : editor_) post.headers[absl::AsciiStrToLower(k)] = v;
  EXPECT_EQ(t_.Send(post).status, 403);
  Json thresholds = Json::parse(Get("/api/v1/supervision", admin_).body);
  EXPECT_EQ(thresholds["thresholds"]["news_days"], 14);

  // A unit's own view names only its own unit, without the county roll-up.
  const std::string own = Get("/admin/supervision", editor_).body;
  EXPECT_THAT(own, HasSubstr("县民政局 政务公开监督检查"));
  EXPECT_THAT(own, HasSubstr(absl::StrCat("id=\"u", civil_, "\"")));
  EXPECT_THAT(own, Not(HasSubstr(absl::StrCat("id=\"u", education_, "\""))));
  EXPECT_THAT(own, Not(HasSubstr("全县合计")));
  EXPECT_THAT(own, Not(HasSubstr("/admin/supervision/settings")));
  Json api = Json::parse(Get("/api/v1/supervision", editor_).body);
  ASSERT_EQ(api["units"].size(), 1u);
  EXPECT_EQ(absl::StrCat(api["units"][0]["unit_id"].get<int64_t>()), civil_);

  // The county office sees the roll-up, every unit and the settings link.
  const std::string county = Get("/admin/supervision", admin_).body;
  for (const char* s : {"全县合计", "乡镇小计", "部门小计", "各单位得分排名",
                        "/admin/supervision/settings", "echarts.min.js",
                        "compliance-charts.js"})
    EXPECT_THAT(county, HasSubstr(s));
  EXPECT_THAT(county, HasSubstr(absl::StrCat("id=\"u", education_, "\"")));
  // Every participation figure is enabled (政策解读, 政民互动, 重大决策):
  // none shows 未启用.
  EXPECT_THAT(county, Not(HasSubstr("未启用")));
  for (const char* s : {"未解读文件", "留言未答复", "决策未反馈"})
    EXPECT_THAT(county, HasSubstr(s));
}

TEST_P(ComplianceHttpTest, ApiShapeAndNumbersEqualThePage) {
  FileApplication();
  // 2026-04-15: the reply (due 03-30) is overdue.
  const std::string q = "?as_of=2026-04-15";
  web::Response r = Get("/api/v1/supervision" + q, admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.content_type, HasSubstr("application/json"));
  Json j = Json::parse(r.body);
  EXPECT_EQ(j["as_of"], "2026-04-15");
  EXPECT_EQ(j["year"], 2026);
  EXPECT_TRUE(j["unit_id"].is_null());
  EXPECT_EQ(j["participation_enabled"], true);
  EXPECT_EQ(j["interpretation_enabled"], true);
  EXPECT_EQ(j["messages_enabled"], true);
  EXPECT_EQ(j["decisions_enabled"], true);
  for (const char* k : {"thresholds", "rules", "totals", "units", "columns",
                        "published_per_month", "application_outcomes"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j["published_per_month"].size(), 4u);  // January … April
  for (const char* t : {"county", "towns", "departments"})
    EXPECT_TRUE(j["totals"].contains(t)) << t;
  ASSERT_FALSE(j["units"].empty());
  for (const char* k : {"unit_id", "unit", "group", "score", "rank", "counts",
                        "tasks", "evidence", "deductions"})
    EXPECT_TRUE(j["units"][0].contains(k)) << k;

  const std::string page = Get("/admin/supervision" + q, admin_).body;
  const std::map<std::string, int> lists = ListCounts(page);
  int64_t overdue = 0;
  for (const Json& u : j["units"]) {
    const int64_t id = u["unit_id"];
    const std::string uid = absl::StrCat("u", id);
    // The score and rank in the ranking table.
    EXPECT_THAT(page, HasSubstr(absl::StrCat("href=\"#", uid, "-deductions\">",
                                             u["score"].get<int>(), "<")))
        << u["unit"];
    EXPECT_THAT(page,
                HasSubstr(absl::StrCat("第", u["rank"].get<int>(), "名")));
    for (const char* key : kKeys) {
      const std::string list = absl::StrCat(uid, "-", key);
      const int64_t n = u["counts"][key];
      ASSERT_TRUE(lists.contains(list)) << list;
      EXPECT_EQ(lists.at(list), n) << list;
      EXPECT_EQ(u["evidence"][key].size(), static_cast<size_t>(n)) << list;
      // The table's number links to the list, or shows 0.
      EXPECT_EQ(CellNumber(page, list), n > 0 ? absl::StrCat(n) : "") << list;
      // The county page shows up to 20 items and says how many more.
      if (n > 0 && n <= 20) {
        EXPECT_EQ(ListItems(page, list), n) << list;
      }
    }
    overdue += u["counts"]["applications_overdue"].get<int64_t>();
  }
  // The filed application is overdue, at 县民政局, and costs it 6 points.
  EXPECT_EQ(overdue, 1);
  EXPECT_EQ(j["totals"]["county"]["applications_overdue"], 1);
  const std::string civil_list =
      absl::StrCat("u", civil_, "-applications_overdue");
  EXPECT_EQ(lists.at(civil_list), 1);
  EXPECT_THAT(page, HasSubstr("#f-applications_overdue"));
  // The unit's own view lists every item and says the same as the API.
  const std::string own = Get("/admin/supervision" + q, editor_).body;
  Json mine = Json::parse(Get("/api/v1/supervision" + q, editor_).body);
  ASSERT_EQ(mine["units"].size(), 1u);
  for (const char* key : kKeys) {
    const std::string list = absl::StrCat("u", civil_, "-", key);
    const int64_t n = mine["units"][0]["counts"][key];
    EXPECT_EQ(ListCounts(own)[list], n) << list;
    EXPECT_EQ(ListItems(own, list), n) << list;
  }
  EXPECT_EQ(mine["units"][0]["counts"]["applications_overdue"], 1);
  const int score = mine["units"][0]["score"];
  EXPECT_LT(score, 100);
  EXPECT_THAT(own, HasSubstr(absl::StrCat("<span class=\"stat-value\">", score,
                                          "</span>")));
  // Each deduction names its evidence, one click away.
  ASSERT_FALSE(mine["units"][0]["deductions"].empty());
  for (const Json& x : mine["units"][0]["deductions"]) {
    const std::string url = x["evidence"]["url"];
    if (!url.empty()) {
      EXPECT_THAT(own, HasSubstr(absl::StrCat("href=\"", url, "\"")));
    }
  }
}

// 政策解读 三同步 on the dashboard: a 规范性文件 published on 2026-03-02
// whose interpretation (drafted with it) is still unpublished on 03-20 is
// counted for its unit, costs 4 points and links to the record.
TEST_P(ComplianceHttpTest, PolicyWithoutInterpretationCostsFourPoints) {
  auto create = [&](const char* title, const char* genre,
                    const char* doc_class) -> int64_t {
    Json body = {{"title", title},
                 {"unit", "县民政局"},
                 {"formed_on", "2026-03-02"},
                 {"topic", "民政、扶贫、救灾"},
                 {"genre", genre},
                 {"doc_class", doc_class},
                 {"body_html", "<p>正文。</p>"}};
    web::Response r = t_.PostJson("/api/v1/records", body.dump(), admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return Json::parse(r.body).value("id", int64_t{0});
  };
  const int64_t policy = create("县低保审批办法", "办法", "行政规范性文件");
  const int64_t interp = create("《县低保审批办法》解读", "解读", "");
  ASSERT_GT(policy, 0);
  ASSERT_GT(interp, 0);
  const std::string base = absl::StrCat("/api/v1/records/", policy);
  ASSERT_EQ(t_.PostJson(base + "/submit", "{}", admin_).status, 200);
  ASSERT_EQ(
      t_.PostJson(base + "/review", R"({"outcome":"approved"})", admin_).status,
      200);
  // Held back without its interpretation, …
  web::Response held = t_.PostJson(base + "/publish", "{}", admin_);
  EXPECT_EQ(held.status, 400);
  EXPECT_THAT(held.body, HasSubstr("interpretation_waiver"));
  // … published once one is related (still a draft).
  ASSERT_EQ(
      t_.PostJson(absl::StrCat("/api/v1/records/", interp, "/relations"),
                  absl::StrCat(R"({"kind":"interprets","to":)", policy, "}"),
                  admin_)
          .status,
      200);
  ASSERT_EQ(t_.PostJson(base + "/publish", "{}", admin_).status, 200);

  // Within 3 working days nothing is counted; on 03-20 it is missing.
  Json early =
      Json::parse(Get("/api/v1/supervision?as_of=2026-03-05", admin_).body);
  EXPECT_EQ(early["totals"]["county"]["policies_without_interpretation"], 0);
  const std::string q = "?as_of=2026-03-20&unit=" + civil_;
  Json j = Json::parse(Get("/api/v1/supervision" + q, admin_).body);
  ASSERT_EQ(j["units"].size(), 1u);
  const Json& u = j["units"][0];
  EXPECT_EQ(u["counts"]["policies_without_interpretation"], 1);
  const std::string url = absl::StrCat("/admin/records/", policy);
  ASSERT_EQ(u["evidence"]["policies_without_interpretation"].size(), 1u);
  EXPECT_EQ(u["evidence"]["policies_without_interpretation"][0]["url"], url);
  int points = 0;
  for (const Json& x : u["deductions"])
    if (x["rule"] == "policy_without_interpretation") {
      points += x["points"].get<int>();
      EXPECT_EQ(x["evidence"]["url"], url);
    }
  EXPECT_EQ(points, 4);
  const std::string page = Get("/admin/supervision" + q, admin_).body;
  EXPECT_EQ(CellNumber(page, absl::StrCat("u", civil_,
                                          "-policies_without_interpretation")),
            "1");
  EXPECT_THAT(page, HasSubstr(absl::StrCat("href=\"", url, "\"")));
  EXPECT_THAT(page, HasSubstr("缺少政策解读（应于2026-03-05前发布"));
  EXPECT_THAT(page, HasSubstr(absl::StrCat(
                        "id=\"u", civil_,
                        "-unanswered_messages\">未按时答复的网民留言：无")));
}

// 政民互动 on the dashboard: a 咨询 sent through the public API to 县民政局
// on 2026-03-02 and not answered is counted for its unit after its due day
// (not before), costs 3 points, links to the staff page and says why; the
// XLSX carries the figure too.
TEST_P(ComplianceHttpTest, UnansweredMessageCostsThreePoints) {
  Json msg = {
      {"type", "咨询"},          {"unit", "县民政局"},
      {"title", "低保申请材料"}, {"text", "请问申请城乡低保需要准备哪些材料？"},
      {"name", "李四"},          {"phone", "13900001111"},
      {"publish_consent", false}};
  web::Response sent = t_.PostJson("/api/v1/messages", msg.dump());
  ASSERT_EQ(sent.status, 201) << sent.body;
  Json receipt = Json::parse(sent.body);
  const std::string due = receipt["due_date"];
  const std::string tracking = receipt["tracking_number"];
  ASSERT_FALSE(due.empty());
  // On its due day it is not yet counted.
  Json early = Json::parse(
      Get("/api/v1/supervision?as_of=" + due + "&unit=" + civil_, admin_).body);
  ASSERT_EQ(early["units"].size(), 1u);
  EXPECT_EQ(early["units"][0]["counts"]["unanswered_messages"], 0);

  const std::string q = "?as_of=2026-04-15&unit=" + civil_;
  Json j = Json::parse(Get("/api/v1/supervision" + q, admin_).body);
  ASSERT_EQ(j["units"].size(), 1u);
  const Json& u = j["units"][0];
  ASSERT_EQ(u["counts"]["unanswered_messages"], 1);
  const Json& e = u["evidence"]["unanswered_messages"][0];
  const std::string url = e["url"];
  EXPECT_THAT(url, ::testing::MatchesRegex("/admin/messages/[0-9]+"));
  EXPECT_THAT(e["label"].get<std::string>(), HasSubstr(tracking));
  EXPECT_EQ(e["detail"], absl::StrCat("逾期未答复（应于 ", due, " 前答复）"));
  int points = 0;
  for (const Json& x : u["deductions"])
    if (x["rule"] == "unanswered_message") points += x["points"].get<int>();
  EXPECT_EQ(points, 3);
  EXPECT_EQ(j["totals"]["county"]["unanswered_messages"], 1);
  // The staff link opens for the county office.
  EXPECT_EQ(Get(url, admin_).status, 200);
  // The page: the number links to the list, the list to the message.
  const std::string page = Get("/admin/supervision" + q, admin_).body;
  EXPECT_EQ(CellNumber(page, absl::StrCat("u", civil_, "-unanswered_messages")),
            "1");
  EXPECT_THAT(page, HasSubstr(absl::StrCat("href=\"", url, "\"")));
  EXPECT_THAT(page, HasSubstr("网民留言未按时答复 每项扣3分"));
  // Another unit's staff do not see it.
  const Headers other = t_.BearerToken("教育编辑", "unit_editor", "县教育局");
  Json theirs =
      Json::parse(Get("/api/v1/supervision?as_of=2026-04-15", other).body);
  ASSERT_EQ(theirs["units"].size(), 1u);
  EXPECT_EQ(theirs["units"][0]["counts"]["unanswered_messages"], 0);

  // The XLSX: the unit's row has the figure under its heading, beside the
  // new 重大决策 column.
  web::Response x = Get("/admin/supervision/export.xlsx" + q, admin_);
  ASSERT_EQ(x.status, 200);
  auto book = catalog::xlsx::Workbook::FromBytes(x.body);
  ASSERT_TRUE(book.ok()) << book.status();
  auto sheet = book->ReadSheet("各单位明细");
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  std::map<std::string, int> col;
  for (int c = 0; c < sheet->col_count(); ++c) col[sheet->At(0, c).Text()] = c;
  ASSERT_TRUE(col.contains("留言未按时回复"));
  ASSERT_TRUE(col.contains("重大决策未公开意见采纳"));
  ASSERT_GE(sheet->row_count(), 2);
  EXPECT_EQ(sheet->At(1, 0).Text(), "县民政局");
  EXPECT_EQ(sheet->At(1, col["留言未按时回复"]).Text(), "1");
  EXPECT_EQ(sheet->At(1, col["重大决策未公开意见采纳"]).Text(), "0");
}

TEST_P(ComplianceHttpTest, ExportIsAWorkbookWithTheSheets) {
  web::Response r =
      Get("/admin/supervision/export.xlsx?as_of=2026-03-02", admin_);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_THAT(r.content_type, HasSubstr("spreadsheetml.sheet"));
  EXPECT_THAT(r.HeaderValue("content-disposition"), HasSubstr(".xlsx"));
  ASSERT_THAT(r.body, StartsWith("PK"));
  auto book = catalog::xlsx::Workbook::FromBytes(r.body);
  ASSERT_TRUE(book.ok()) << book.status();
  EXPECT_THAT(book->sheet_names(), IsSupersetOf({"汇总", "各单位明细", "栏目",
                                                 "扣分明细", "村务公开"}));
  // A unit's own export.
  web::Response own = Get("/admin/supervision/export.xlsx", editor_);
  ASSERT_EQ(own.status, 200);
  EXPECT_TRUE(catalog::xlsx::Workbook::FromBytes(own.body).ok());
}

// The town/village view: a town's village with its postings of 2025 Q4 and
// 2026 Q1 missing on 20 May (3 kinds each), each figure linking to the list
// behind it, charged to the town at −1 each; the API carries the same rows.
TEST_P(ComplianceHttpTest, TownVillageView) {
  auto& org = static_cast<org::OrgModule*>(t_.app().module("org"))->service();
  ASSERT_TRUE(org.ImportVillages(SystemActor(),
                                 "乡镇,名称,类型,联系方式\n"
                                 "鱼岳镇人民政府,城关村,村,\n")
                  .ok());
  const std::string town = absl::StrCat(org.ResolveUnit("鱼岳镇人民政府")->id);
  const std::string q = "?as_of=2026-05-20";
  Json api = Json::parse(Get("/api/v1/supervision" + q, admin_).body);
  ASSERT_TRUE(api["villages_enabled"].get<bool>());
  Json row;
  for (const Json& t : api["villages"])
    if (absl::StrCat(t["town_id"].get<int64_t>()) == town) row = t;
  ASSERT_FALSE(row.is_null()) << api["villages"].dump();
  EXPECT_EQ(row["villages"], 1);
  EXPECT_EQ(row["missing"], 6);
  EXPECT_EQ(row["evidence"]["missing"].size(), 6u);
  const std::string page = Get("/admin/supervision" + q, admin_).body;
  EXPECT_THAT(page, HasSubstr("村（社区）务公开"));
  EXPECT_EQ(CellNumber(page, absl::StrCat("t", town, "-missing")), "6");
  EXPECT_THAT(page, HasSubstr(absl::StrCat("<h4 id=\"t", town, "-missing\">")));
  // Charged to the town: 6 deductions of 1 point.
  for (const Json& u : api["units"]) {
    if (absl::StrCat(u["unit_id"].get<int64_t>()) != town) continue;
    EXPECT_EQ(u["counts"]["village_postings_late"], 6);
    int points = 0;
    for (const Json& x : u["deductions"])
      if (x["rule"] == "late_village_posting") points += x["points"].get<int>();
    EXPECT_EQ(points, 6);
  }
  // A department's own view has no village section.
  EXPECT_THAT(Get("/admin/supervision" + q, editor_).body,
              Not(HasSubstr("villages-title")));
}

TEST_P(ComplianceHttpTest, SettingsAreValidatedAndSaved) {
  ASSERT_TRUE(t_.SignIn("公开办主任", "admin"));
  web::Response form = t_.Get("/admin/supervision/settings");
  ASSERT_EQ(form.status, 200);
  EXPECT_THAT(form.body, HasSubstr("name=\"news_days\" value=\"14\""));
  EXPECT_THAT(form.body,
              HasSubstr("name=\"overdue_application_points\" value=\"6\""));
  EXPECT_EQ(ErrorSummaryHrefs(form.body), std::nullopt);

  // Without the CSRF token: refused.
  EXPECT_EQ(t_.PostForm("/admin/supervision/settings", {{"news_days", "7"}},
                        /*with_csrf=*/false)
                .status,
            403);

  // Every field as the form sends it, then spoil some.
  std::multimap<std::string, std::string> fields;
  const std::regex input(R"re(name="([a-z_]+)" value="([^"]*)")re");
  for (auto it =
           std::sregex_iterator(form.body.begin(), form.body.end(), input);
       it != std::sregex_iterator(); ++it)
    if ((*it)[1] != "_csrf") fields.emplace((*it)[1], (*it)[2]);
  for (const char* code : {"late_publication", "overdue_application"})
    fields.emplace(absl::StrCat(code, "_enabled"), "1");
  auto with = [&](std::map<std::string, std::string> changes) {
    std::multimap<std::string, std::string> f;
    for (const auto& [k, v] : fields)
      if (!changes.contains(k)) f.emplace(k, v);
    for (const auto& [k, v] : changes) f.emplace(k, v);
    return f;
  };
  web::Response bad = t_.PostForm(
      "/admin/supervision/settings",
      with({{"news_days", "两周"}, {"overdue_application_points", "500"}}));
  EXPECT_EQ(bad.status, 400);
  // The parse error is found first; then the service's range check.
  EXPECT_THAT(ErrorSummaryHrefs(bad.body),
              ::testing::Optional(ElementsAre("news_days")));
  EXPECT_THAT(bad.body, HasSubstr("value=\"两周\""));  // kept as typed
  web::Response range = t_.PostForm("/admin/supervision/settings",
                                    with({{"news_days", "99999"},
                                          {"overdue_application_points", "500"},
                                          {"late_publication_label", " "}}));
  EXPECT_EQ(range.status, 400);
  EXPECT_THAT(
      ErrorSummaryHrefs(range.body),
      ::testing::Optional(ElementsAre("news_days", "late_publication_label",
                                      "overdue_application_points")));
  EXPECT_THAT(range.body, HasSubstr("aria-invalid=\"true\""));

  web::Response ok =
      t_.PostForm("/admin/supervision/settings",
                  with({{"news_days", "7"},
                        {"overdue_application_points", "10"},
                        {"overdue_application_label", "申请逾期答复"}}));
  ASSERT_EQ(ok.status, 303) << ok.body.substr(0, 500);
  EXPECT_EQ(ok.HeaderValue("location"), "/admin/supervision/settings?saved=1");
  web::Response again = t_.Get("/admin/supervision/settings?saved=1");
  EXPECT_THAT(again.body, HasSubstr("已保存"));
  EXPECT_THAT(again.body, HasSubstr("name=\"news_days\" value=\"7\""));
  // The dashboard states the rule it now scores by.
  const std::string page = t_.Get("/admin/supervision").body;
  EXPECT_THAT(page, HasSubstr("申请逾期答复 每项扣10分"));
  EXPECT_THAT(page, HasSubstr("动态类栏目7天"));
  Json api = Json::parse(t_.Get("/api/v1/supervision").body);
  EXPECT_EQ(api["thresholds"]["news_days"], 7);
}

INSTANTIATE_TEST_SUITE_P(Engines, ComplianceHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::compliance
