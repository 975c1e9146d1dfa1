// The 年报 pages and API in-process on the seeded app (SQLite and
// PostgreSQL): who sees a draft (the unit's staff and the county office;
// another unit and the public get 404), the exact JSON shape of
// GET /api/v1/annual-reports/{year}, the workflow through the staff routes
// to the public page and the portal's 年报 column, and a refused submit
// naming the failing cell.
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "org/module.h"
#include "reports/module.h"

namespace zwgk::reports {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using zwgk::testing::TestApp;
using Json = nlohmann::json;
using Headers = std::map<std::string, std::string>;

class ReportsHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  ReportsHttpTest() : t_(GetParam()) {}
  void SetUp() override {
    ASSERT_TRUE(t_.ok());
    auto& org = static_cast<org::OrgModule*>(t_.app().module("org"))->service();
    unit_ = absl::StrCat(org.ResolveUnit("县民政局")->id);
    editor_ = t_.BearerToken("民政编辑", "unit_editor", "县民政局");
    outsider_ = t_.BearerToken("教育编辑", "unit_editor", "县教育局");
    admin_ = t_.BearerToken("公开办", "admin", "");
  }
  web::Response Send(
      web::Method m, const std::string& target, const Headers& who,
      const std::string& body = "",
      const std::string& type = "application/x-www-form-urlencoded") {
    Headers h = who;
    if (!body.empty() || m == web::Method::kPost) h["content-type"] = type;
    web::Request req = web::MakeRequest(m, target, body, h);
    for (const auto& [k, v] : h) req.headers[absl::AsciiStrToLower(k)] = v;
    return t_.Send(req);
  }
  web::Response Get(const std::string& target, const Headers& who = {}) {
    return Send(web::Method::kGet, target, who);
  }
  web::Response Post(const std::string& target, const Headers& who,
                     const std::string& body) {
    return Send(web::Method::kPost, target, who, body);
  }
  web::Response Act(const std::string& action, const Headers& who,
                    const std::string& extra = "") {
    Headers h = who;
    h["accept"] = "application/json";
    return Post(absl::StrCat("/admin/reports/2025/act/", action), h,
                absl::StrCat("unit=", unit_, extra));
  }

  TestApp t_;
  std::string unit_;
  Headers editor_, outsider_, admin_;
};

TEST_P(ReportsHttpTest, DraftsAreForTheUnitAndTheOfficeOnly) {
  const std::string api = "/api/v1/annual-reports/2025?unit=" + unit_;
  EXPECT_EQ(Get(api).status, 404);
  EXPECT_EQ(Get(api, editor_).status, 404);  // nothing generated yet
  // Another unit cannot start it.
  EXPECT_EQ(
      Post("/admin/reports/generate", outsider_, "year=2025&unit=" + unit_)
          .status,
      404);
  auto made =
      Post("/admin/reports/generate", editor_, "year=2025&unit=" + unit_);
  EXPECT_EQ(made.status, 303);
  EXPECT_EQ(made.HeaderValue("location"), "/admin/reports/2025?unit=" + unit_);
  struct Case {
    std::string who, target;
    const Headers* headers;
    int status;
  } cases[] = {
      {"public", api, nullptr, 404},
      {"other unit", api, &outsider_, 404},
      {"unit", api, &editor_, 200},
      {"office", api, &admin_, 200},
      {"by name", "/api/v1/annual-reports/2025?unit=县民政局", &editor_, 200},
      {"unknown unit", "/api/v1/annual-reports/2025?unit=不存在局", &editor_,
       404},
      {"bad year", "/api/v1/annual-reports/99999?unit=" + unit_, &editor_, 404},
      {"page public", "/annual-reports/2025?unit=" + unit_, nullptr, 404},
      {"admin page other unit", "/admin/reports/2025?unit=" + unit_, &outsider_,
       404},
      {"admin page unit", "/admin/reports/2025?unit=" + unit_, &editor_, 200},
      {"export other unit", "/admin/reports/2025/export.html?unit=" + unit_,
       &outsider_, 404},
      {"county draft not generated", "/api/v1/annual-reports/2025", &admin_,
       404},
  };
  for (const Case& c : cases) {
    auto r = Get(c.target, c.headers ? *c.headers : Headers{});
    EXPECT_EQ(r.status, c.status) << c.who << ": " << r.body.substr(0, 300);
  }
  // Writes by another unit are 404 too.
  EXPECT_EQ(Post("/admin/reports/2025/texts", outsider_,
                 "unit=" + unit_ + "&problems=x")
                .status,
            404);
  EXPECT_EQ(Act("submit", outsider_).status, 404);
}

TEST_P(ReportsHttpTest, ApiShapeAndTheWalkToThePortal) {
  ASSERT_EQ(Post("/admin/reports/generate", editor_, "year=2025&unit=" + unit_)
                .status,
            303);
  auto got = Get("/api/v1/annual-reports/2025?unit=" + unit_, editor_);
  ASSERT_EQ(got.status, 200) << got.body;
  Json j = Json::parse(got.body);
  EXPECT_EQ(j["state"], "draft");
  EXPECT_EQ(j["columns"],
            Json({"自然人", "商业企业", "科研机构", "社会公益组织",
                  "法律服务机构", "其他", "总计"}));
  for (const char* doc : {"规章", "行政规范性文件"})
    for (const char* k : {"issued", "repealed", "in_force"})
      EXPECT_TRUE(j["table2"][doc][k].is_number_integer()) << doc << k;
  for (const char* k : {"行政许可", "行政处罚", "行政强制", "行政事业性收费"})
    EXPECT_TRUE(j["table2"].contains(k)) << k;
  const std::vector<std::string> codes = {
      "一",      "二",      "三.一",   "三.二",   "三.三.1",
      "三.三.2", "三.三.3", "三.三.4", "三.三.5", "三.三.6",
      "三.三.7", "三.三.8", "三.四.1", "三.四.2", "三.四.3",
      "三.五.1", "三.五.2", "三.五.3", "三.五.4", "三.五.5",
      "三.六.1", "三.六.2", "三.六.3", "三.七",   "四"};
  ASSERT_EQ(j["table3"].size(), codes.size());
  for (const std::string& code : codes) {
    ASSERT_TRUE(j["table3"].contains(code)) << code;
    EXPECT_EQ(j["table3"][code].size(), 7u) << code;
  }
  for (const char* p : {"行政复议", "未经复议直接起诉", "复议后起诉"})
    for (const char* o :
         {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"})
      EXPECT_TRUE(j["table4"][p][o].is_number_integer()) << p << o;
  ASSERT_TRUE(j["checks"].is_array());
  for (const Json& c : j["checks"]) {
    EXPECT_TRUE(c["rule"].is_string());
    EXPECT_TRUE(c["ok"].is_boolean());
    EXPECT_EQ(c.contains("cell"), !c["ok"].get<bool>());
  }

  // A wrong Table 四 total is refused, the cell named.
  ASSERT_EQ(Post("/admin/reports/2025/entries", editor_,
                 "unit=" + unit_ +
                     "&t4_review_maintained=1&t4_review_total=2&penalty=12"
                     "&penalty_source=" +
                     web::UrlEncode("执法平台"))
                .status,
            303);
  auto refused = Act("submit", editor_);
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(refused.body, HasSubstr("table4/行政复议/总计"));
  auto page = Get("/admin/reports/2025?unit=" + unit_, editor_);
  EXPECT_THAT(page.body, HasSubstr("未通过"));
  ASSERT_EQ(Post("/admin/reports/2025/entries", editor_,
                 "unit=" + unit_ + "&t4_review_total=1")
                .status,
            303);
  ASSERT_EQ(Post("/admin/reports/2025/texts", editor_,
                 "unit=" + unit_ + "&problems=" +
                     web::UrlEncode("主动公开栏目更新不够及时。"))
                .status,
            303);

  auto submitted = Act("submit", editor_);
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(Json::parse(submitted.body)["state"], "submitted");
  EXPECT_EQ(Act("accept", editor_).status, 403);
  EXPECT_EQ(Act("return", admin_).status, 400);  // a comment is required
  ASSERT_EQ(Act("accept", admin_).status, 200);
  auto published = Act("publish", admin_);
  ASSERT_EQ(published.status, 200) << published.body;
  Json pj = Json::parse(published.body);
  EXPECT_EQ(pj["state"], "published");
  EXPECT_FALSE(pj["live"].get<bool>());
  ASSERT_TRUE(pj.contains("record_id"));
  EXPECT_EQ(pj["table2"]["行政处罚"]["value"], 12);
  EXPECT_EQ(pj["table2"]["行政处罚"]["source"], "执法平台");

  // Public now: the API, the page laid out with merged headers, the
  // archive, and the record in the portal's 年报 column.
  auto pub = Get("/api/v1/annual-reports/2025?unit=" + unit_);
  ASSERT_EQ(pub.status, 200);
  EXPECT_EQ(Json::parse(pub.body)["table3"], pj["table3"]);
  auto shown = Get("/annual-reports/2025?unit=" + unit_);
  ASSERT_EQ(shown.status, 200);
  EXPECT_THAT(shown.body, HasSubstr("县民政局2025年政府信息公开工作年度报告"));
  EXPECT_THAT(shown.body, HasSubstr("<th colspan=\"7\">申请人情况</th>"));
  EXPECT_THAT(shown.body, HasSubstr("rowspan=\"22\""));
  EXPECT_THAT(shown.body, HasSubstr("<th colspan=\"10\">行政诉讼</th>"));
  EXPECT_THAT(shown.body, HasSubstr("主动公开栏目更新不够及时。"));
  EXPECT_THAT(Get("/annual-reports").body,
              HasSubstr("/annual-reports/2025?unit=" + unit_));
  auto column = Get("/records?genre=" + web::UrlEncode("年报"));
  EXPECT_THAT(column.body, HasSubstr("县民政局2025年政府信息公开工作年度报告"));
  auto record = Get(absl::StrCat("/records/", pj["record_id"].get<int64_t>()));
  EXPECT_EQ(record.status, 200);
  EXPECT_THAT(record.body, HasSubstr("申请人情况"));
  // The published report is read-only; the other unit still sees it (it is
  // public) but cannot act on it.
  EXPECT_EQ(Post("/admin/reports/2025/texts", editor_,
                 "unit=" + unit_ + "&problems=x")
                .status,
            409);
  EXPECT_EQ(Get("/api/v1/annual-reports/2025?unit=" + unit_, outsider_).status,
            200);
  EXPECT_EQ(Act("correct", outsider_, "&note=x").status, 404);
  auto correct = Act("correct", admin_, "&note=" + web::UrlEncode("更正表二"));
  ASSERT_EQ(correct.status, 200) << correct.body;
  EXPECT_EQ(Json::parse(correct.body)["version"], 2);
  // The public keeps version 1 until version 2 is published.
  EXPECT_EQ(
      Json::parse(
          Get("/api/v1/annual-reports/2025?unit=" + unit_).body)["version"],
      1);
  auto exported = Get("/admin/reports/2025/export.html?unit=" + unit_, editor_);
  EXPECT_EQ(exported.status, 200);
  EXPECT_THAT(exported.body, HasSubstr("<!DOCTYPE html>"));
}

// The Word and Excel files follow the report's access: a draft for the
// unit's staff and the county office (404 for the public and another unit),
// published versions for everyone; a Chinese file name per RFC 5987.
TEST_P(ReportsHttpTest, WordAndExcelFilesFollowTheReportsAccess) {
  ASSERT_EQ(Post("/admin/reports/generate", editor_, "year=2025&unit=" + unit_)
                .status,
            303);
  const std::string q = "?unit=" + unit_;
  const std::string docx = "/admin/reports/2025/export.docx" + q;
  const std::string xlsx = "/admin/reports/2025/export.xlsx" + q;
  const std::string pub_docx = "/annual-reports/2025/report.docx" + q;
  const std::string pub_xlsx = "/annual-reports/2025/tables.xlsx" + q;
  struct Case {
    std::string who, target;
    const Headers* headers;
    int status;
  } drafts[] = {
      {"public docx", pub_docx, nullptr, 404},
      {"public xlsx", pub_xlsx, nullptr, 404},
      {"staff file, signed out", docx, nullptr, 303},
      {"other unit docx", docx, &outsider_, 404},
      {"other unit xlsx", xlsx, &outsider_, 404},
      {"unit docx", docx, &editor_, 200},
      {"unit xlsx", xlsx, &editor_, 200},
      {"office docx", docx, &admin_, 200},
      {"office xlsx", xlsx, &admin_, 200},
      {"the unit's draft is not public", pub_docx, &editor_, 404},
  };
  for (const Case& c : drafts) {
    auto r = Get(c.target, c.headers ? *c.headers : Headers{});
    EXPECT_EQ(r.status, c.status) << c.who << ": " << r.body.substr(0, 200);
  }
  auto file = Get(docx, editor_);
  EXPECT_EQ(file.content_type,
            "application/vnd.openxmlformats-officedocument.wordprocessingml."
            "document");
  EXPECT_EQ(file.HeaderValue("content-disposition"),
            "attachment; filename*=UTF-8''" +
                web::UrlEncode("县民政局2025年政府信息公开工作年度报告.docx"));
  EXPECT_EQ(file.body.substr(0, 4), std::string("PK\x03\x04", 4));
  EXPECT_THAT(Get("/admin/reports/2025" + q, editor_).body,
              HasSubstr("/admin/reports/2025/export.docx?unit=" + unit_));

  ASSERT_EQ(Act("submit", editor_).status, 200);
  ASSERT_EQ(Act("accept", admin_).status, 200);
  ASSERT_EQ(Act("publish", admin_).status, 200);
  struct Case published[] = {
      {"public docx", pub_docx, nullptr, 200},
      {"public xlsx", pub_xlsx, nullptr, 200},
      {"public version 1", pub_docx + "&version=1", nullptr, 200},
      {"no version 2", pub_xlsx + "&version=2", nullptr, 404},
      {"bad version", pub_xlsx + "&version=x", nullptr, 404},
      {"other unit sees the published", docx, &outsider_, 200},
      {"bad year", "/annual-reports/1/report.docx" + q, nullptr, 404},
  };
  for (const Case& c : published) {
    auto r = Get(c.target, c.headers ? *c.headers : Headers{});
    EXPECT_EQ(r.status, c.status) << c.who << ": " << r.body.substr(0, 200);
  }
  auto sheet = Get(pub_xlsx);
  EXPECT_EQ(
      sheet.content_type,
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_THAT(sheet.HeaderValue("content-disposition"),
              HasSubstr(web::UrlEncode("（表二至表四）.xlsx")));
  EXPECT_EQ(sheet.body.substr(0, 2), "PK");
  auto page = Get("/annual-reports/2025" + q);
  EXPECT_THAT(page.body, HasSubstr("/annual-reports/2025/report.docx?unit=" +
                                   unit_ + "&amp;version=1"));
  EXPECT_THAT(page.body, HasSubstr("/annual-reports/2025/tables.xlsx"));
}

INSTANTIATE_TEST_SUITE_P(Engines, ReportsHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::reports
