// /admin/inspection in-process: the county office only (a unit's staff get
// 403, anonymous visitors the sign-in page), the monthly report started on
// the first view of a month, 立即检查 run in the background and its report
// shown with each indicator, the past reports listed, bad ids 404.
#include <string>

#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "inspection/module.h"

namespace zwgk::inspection {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using zwgk::testing::TestApp;

class InspectionHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  InspectionHttpTest() : t_(GetParam()) {
    service_ = &static_cast<InspectionModule*>(t_.app().module("inspection"))
                    ->service();
    // Nothing listens in-process: the crawl finds the home page unreachable
    // at once instead of reaching whatever listens on the default port.
    service_->set_self_url_for_testing("http://127.0.0.1:1");
  }
  TestApp t_;
  Service* service_ = nullptr;
};

TEST_P(InspectionHttpTest, CountyOfficeOnly) {
  web::Response anon = t_.Get("/admin/inspection");
  EXPECT_EQ(anon.status, 303);
  ASSERT_TRUE(t_.SignIn("mz-editor", "unit_editor", "县民政局"));
  EXPECT_EQ(t_.Get("/admin/inspection").status, 403);
  EXPECT_EQ(t_.PostForm("/admin/inspection/run", {}).status, 403);
  EXPECT_EQ(t_.Get("/admin/inspection/1").status, 403);
  service_->WaitIdle();
  // Nothing was started by them.
  auto list = service_->List(SystemActor());
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
}

TEST_P(InspectionHttpTest, MonthlyReportOnFirstViewThenRunNow) {
  ASSERT_TRUE(t_.SignIn("office", "admin"));
  web::Response first = t_.Get("/admin/inspection");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_THAT(first.body, HasSubstr("检查中…"));
  EXPECT_THAT(first.body, HasSubstr("已自动开始月度检查"));
  service_->WaitIdle();

  web::Response page = t_.Get("/admin/inspection");
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, Not(HasSubstr("检查中…")));
  EXPECT_THAT(page.body, HasSubstr("月度检查"));
  // The home page could not be reached: A2 is a veto, the site fails.
  EXPECT_THAT(page.body, HasSubstr("结论：不合格"));
  EXPECT_THAT(page.body, HasSubstr("首页无法访问"));
  for (Indicator i : AllIndicators())
    EXPECT_THAT(page.body, HasSubstr(std::string(IndicatorLabel(i))));
  // Viewed again in the same month: no second monthly report.
  ASSERT_TRUE(service_->List(SystemActor()).ok());
  EXPECT_EQ(service_->List(SystemActor())->size(), 1u);

  // 立即检查 answers at once and runs in the background.
  web::Response run = t_.PostForm("/admin/inspection/run", {});
  EXPECT_EQ(run.status, 303);
  service_->WaitIdle();
  auto list = service_->List(SystemActor());
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].trigger, Trigger::kManual);
  EXPECT_EQ((*list)[0].run_by, "office");
  web::Response shown =
      t_.Get(absl::StrCat("/admin/inspection/", (*list)[0].id));
  ASSERT_EQ(shown.status, 200);
  EXPECT_THAT(shown.body, HasSubstr("手动检查"));
  EXPECT_THAT(shown.body, HasSubstr(absl::StrCat("报告 ", (*list)[1].id)));
  // A run without the CSRF token is refused.
  EXPECT_EQ(t_.PostForm("/admin/inspection/run", {}, false).status, 403);
  EXPECT_EQ(t_.Get("/admin/inspection/99999").status, 404);
  EXPECT_EQ(t_.Get("/admin/inspection/abc").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Engines, InspectionHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::inspection
