// The 年报 as PDF through its routes, in-process on the seeded app (SQLite
// and PostgreSQL), read back per page with poppler: the title and texts are
// extractable Chinese, Table 三 breaks across pages with its merged header
// on each, and who may download what (a draft is 404 for the public and for
// another unit).
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "org/module.h"
#include "pdf/testing.h"

namespace zwgk::reports {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using zwgk::pdf::testing::PageTexts;
using zwgk::pdf::testing::Squeezed;
using zwgk::testing::TestApp;
using Headers = std::map<std::string, std::string>;

class ReportsPdfTest : public ::testing::TestWithParam<std::string> {
 protected:
  ReportsPdfTest() : t_(GetParam()) {}
  void SetUp() override {
    ASSERT_TRUE(t_.ok());
    auto& org = static_cast<org::OrgModule*>(t_.app().module("org"))->service();
    unit_ = absl::StrCat(org.ResolveUnit("县民政局")->id);
    editor_ = t_.BearerToken("民政编辑", "unit_editor", "县民政局");
    outsider_ = t_.BearerToken("教育编辑", "unit_editor", "县教育局");
    admin_ = t_.BearerToken("公开办", "admin", "");
  }
  web::Response Send(web::Method m, const std::string& target,
                     const Headers& who, const std::string& body = "") {
    Headers h = who;
    if (m == web::Method::kPost)
      h["content-type"] = "application/x-www-form-urlencoded";
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
  web::Response Act(const std::string& action, const Headers& who) {
    Headers h = who;
    h["accept"] = "application/json";
    return Post(absl::StrCat("/admin/reports/2025/act/", action), h,
                "unit=" + unit_);
  }

  TestApp t_;
  std::string unit_;
  Headers editor_, outsider_, admin_;
};

// Where a phrase first and last appears, by page (0-based; -1: nowhere).
std::pair<int, int> PagesWith(const std::vector<std::string>& pages,
                              const std::string& phrase) {
  int first = -1, last = -1;
  for (int p = 0; p < static_cast<int>(pages.size()); ++p) {
    if (Squeezed(pages[p]).find(phrase) == std::string::npos) continue;
    if (first < 0) first = p;
    last = p;
  }
  return {first, last};
}

TEST_P(ReportsPdfTest, TheDraftAsPdfForItsUnitOnly) {
  ASSERT_EQ(Post("/admin/reports/generate", editor_, "year=2025&unit=" + unit_)
                .status,
            303);
  // Enough text in 一 that Table 三 starts low on a page and has to break.
  std::string overview;
  for (int i = 0; i < 9; ++i)
    absl::StrAppend(&overview, "第", i + 1,
                    "段：本单位坚持以公开为常态、不公开为例外，"
                    "围绕重点领域信息公开，及时更新政府信息公开专栏，"
                    "规范依申请公开办理流程，按时答复申请人。\n");
  ASSERT_EQ(Post("/admin/reports/2025/texts", editor_,
                 "unit=" + unit_ + "&overview=" + web::UrlEncode(overview) +
                     "&problems=" + web::UrlEncode("栏目更新不够及时。"))
                .status,
            303);
  ASSERT_EQ(Post("/admin/reports/2025/entries", editor_,
                 "unit=" + unit_ +
                     "&penalty=12&penalty_source=" + web::UrlEncode("执法平台"))
                .status,
            303);

  const std::string staff_pdf = "/admin/reports/2025/export.pdf?unit=" + unit_;
  const std::string public_pdf =
      "/annual-reports/2025/report.pdf?unit=" + unit_;
  auto got = Get(staff_pdf, editor_);
  ASSERT_EQ(got.status, 200) << got.body.substr(0, 300);
  EXPECT_EQ(got.content_type, "application/pdf");
  EXPECT_THAT(got.HeaderValue("content-disposition"), HasSubstr(".pdf"));
  ASSERT_EQ(got.body.substr(0, 5), "%PDF-");
  std::vector<std::string> pages = PageTexts(got.body);
  ASSERT_GE(pages.size(), 3u);
  const std::string first = Squeezed(pages[0]);
  EXPECT_THAT(first, HasSubstr("县民政局2025年政府信息公开工作年度报告"));
  EXPECT_THAT(first, HasSubstr("尚未发布"));
  EXPECT_THAT(first, HasSubstr("一、总体情况"));
  EXPECT_THAT(first, HasSubstr("第1段：本单位坚持以公开为常态"));
  EXPECT_THAT(first, HasSubstr(absl::StrCat("第1页共", pages.size(), "页")));
  std::string all;
  for (const std::string& p : pages) all += Squeezed(p);
  for (const char* s :
       {"二、主动公开政府信息情况", "第二十条第（八）项",
        "本年收费金额（单位：万元）", "行政处罚12",
        "四、政府信息公开行政复议、行政诉讼情况", "未经复议直接起诉",
        "复议后起诉", "五、存在的主要问题及改进情况", "栏目更新不够及时。",
        "六、其他需要报告的事项"})
    EXPECT_THAT(all, HasSubstr(s));

  // Table 三 from its first row to its last, across a page break, with the
  // merged header (申请人情况 over the seven columns, 法人或其他组织 over
  // five) and the 本年度办理结果 label on every page it spans.
  auto [t3_first, t3_first_end] =
      PagesWith(pages, "一、本年新收政府信息公开申请数量");
  auto [t3_last, t3_last_end] = PagesWith(pages, "四、结转下年度继续办理");
  ASSERT_GE(t3_first, 0);
  ASSERT_GE(t3_last, 0);
  EXPECT_GT(t3_last, t3_first) << "Table 三 should break in this report";
  for (int p = t3_first; p <= t3_last; ++p) {
    const std::string text = Squeezed(pages[p]);
    for (const char* h : {"申请人情况", "法人或其他组织", "社会公益组织",
                          "法律服务机构", "本列数据的勾稽关系"})
      EXPECT_THAT(text, HasSubstr(h)) << "page " << p + 1;
  }
  EXPECT_THAT(Squeezed(pages[t3_last]), HasSubstr("三、本年度办理结果"));

  // The office sees it too; the public and another unit get 404.
  EXPECT_EQ(Get(staff_pdf, admin_).status, 200);
  EXPECT_EQ(Get(staff_pdf, outsider_).status, 404);
  EXPECT_EQ(Get(public_pdf).status, 404);
  EXPECT_EQ(Get(public_pdf, editor_).status, 404);  // the public route
  EXPECT_NE(Get(staff_pdf).status, 200);            // not signed in
  auto page = Get("/admin/reports/2025?unit=" + unit_, editor_);
  EXPECT_THAT(page.body, HasSubstr("下载PDF"));
  EXPECT_THAT(page.body, HasSubstr("/admin/reports/2025/export.pdf?unit="));

  // Published: the public downloads it, with no draft mark.
  ASSERT_EQ(Act("submit", editor_).status, 200);
  ASSERT_EQ(Act("accept", admin_).status, 200);
  ASSERT_EQ(Act("publish", admin_).status, 200);
  auto pub = Get(public_pdf);
  ASSERT_EQ(pub.status, 200) << pub.body.substr(0, 300);
  std::vector<std::string> pub_pages = PageTexts(pub.body);
  ASSERT_FALSE(pub_pages.empty());
  EXPECT_THAT(Squeezed(pub_pages[0]),
              HasSubstr("县民政局2025年政府信息公开工作年度报告"));
  EXPECT_THAT(Squeezed(pub_pages[0]), Not(HasSubstr("尚未发布")));
  EXPECT_EQ(Get(public_pdf + "&version=1").status, 200);
  EXPECT_EQ(Get(public_pdf + "&version=2").status, 404);
  EXPECT_EQ(Get(public_pdf + "&version=x").status, 404);
  EXPECT_EQ(Get(staff_pdf, outsider_).status, 200);  // published: public
  auto shown = Get("/annual-reports/2025?unit=" + unit_);
  EXPECT_THAT(shown.body, HasSubstr("下载PDF"));
  EXPECT_THAT(shown.body,
              HasSubstr("/annual-reports/2025/report.pdf?version=1&amp;unit="));
}

INSTANTIATE_TEST_SUITE_P(Engines, ReportsPdfTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::reports
