// The task tracker's routes in-process on the seeded app (SQLite and
// PostgreSQL): who may read and change what, and what the public sees.
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace zwgk::supervision {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using zwgk::testing::TestApp;

class SupervisionHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  SupervisionHttpTest() : t_(GetParam()) {}

  // Signs in as the county office and adds a task of 县民政局 with one
  // milestone; returns its path.
  std::string NewTask() {
    EXPECT_TRUE(As("admin", "admin"));
    auto units = nlohmann::json::parse(t_.Get("/api/v1/units").body);
    std::string minzheng;
    for (const auto& u : units["units"])
      if (u["name"] == "县民政局")
        minzheng = std::to_string(u["id"].get<int>());
    web::Response created =
        t_.PostForm("/admin/tasks", {{"title", "2026年政务公开工作要点"},
                                     {"details", "落实年度要点"},
                                     {"responsible_unit_ids", minzheng}});
    EXPECT_EQ(created.status, 303) << created.body;
    std::string path = created.HeaderValue("Location");
    path = path.substr(0, path.find('?'));
    web::Response ms =
        t_.PostForm(absl::StrCat(path, "/milestones"),
                    {{"title", "制定实施方案"}, {"due_on", "2026-03-31"}});
    EXPECT_EQ(ms.status, 303) << ms.body;
    return path;
  }

  // Signs in as `name`, creating the account the first time.
  bool As(const std::string& name, const std::string& role,
          const std::string& unit = "") {
    if (!created_.insert(name).second) {
      t_.cookies().clear();
      web::Response r =
          t_.PostForm("/admin/login", {{"name", name},
                                       {"password", TestApp::kPassword},
                                       {"next", "/admin"}});
      return r.status == 303;
    }
    t_.cookies().clear();
    return t_.SignIn(name, role, unit);
  }

  // The id of the latest report on the task page.
  std::string LastReportId(const std::string& path) {
    std::string body = t_.Get(path).body;
    size_t at = body.rfind("id=\"report-");
    if (at == std::string::npos) return "0";
    at += 11;
    return body.substr(at, body.find('"', at) - at);
  }

  TestApp t_;
  std::set<std::string> created_;
};

TEST_P(SupervisionHttpTest, ReportReturnAcceptAndThePublicSeesProgressOnly) {
  ASSERT_TRUE(t_.ok());
  const std::string path = NewTask();
  ASSERT_TRUE(As("mz", "unit_editor", "县民政局"));
  web::Response page = t_.Get(path);
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("提交进展报告"));
  EXPECT_THAT(page.body, Not(HasSubstr("添加节点")));  // admin's forms only
  web::Response sent =
      t_.PostForm(absl::StrCat(path, "/reports"),
                  {{"text", "起草中"}, {"page_path", "/domains/2"}});
  ASSERT_EQ(sent.status, 303) << sent.body;

  ASSERT_TRUE(As("admin", "admin"));
  const std::string first = LastReportId(path);
  web::Response empty = t_.PostForm(
      absl::StrCat(path, "/reports/", first, "/return"), {{"comment", ""}});
  EXPECT_EQ(empty.status, 400);
  EXPECT_THAT(empty.body, HasSubstr("请填写退回理由"));
  ASSERT_EQ(t_.PostForm(absl::StrCat(path, "/reports/", first, "/return"),
                        {{"comment", "内部意见：请附印发文件"}})
                .status,
            303);

  ASSERT_TRUE(As("mz", "unit_editor", "县民政局"));
  std::string body = t_.Get(path).body;
  EXPECT_THAT(body, HasSubstr("内部意见：请附印发文件"));
  size_t opt = body.find("<option value=\"", body.find("report-milestone"));
  opt = body.find("<option value=\"", opt + 1);  // after the empty choice
  std::string milestone =
      body.substr(opt + 15, body.find('"', opt + 15) - opt - 15);
  ASSERT_EQ(
      t_.PostForm(absl::StrCat(path, "/reports"), {{"text", "方案已印发"},
                                                   {"milestone_id", milestone},
                                                   {"marks_done", "1"},
                                                   {"page_path", "/domains/1"}})
          .status,
      303);
  ASSERT_TRUE(As("admin", "admin"));
  ASSERT_EQ(t_.PostForm(absl::StrCat(path, "/reports/", LastReportId(path),
                                     "/accept"),
                        {{"comment", ""}})
                .status,
            303);
  EXPECT_THAT(t_.Get(path).body, HasSubstr("已完成"));

  // The public: state, progress, completed milestones; no comments, no
  // returned report's evidence.
  web::Response pub = t_.Get("/tasks");
  ASSERT_EQ(pub.status, 200);
  EXPECT_THAT(pub.body, HasSubstr("制定实施方案（2026-03-02 完成"));
  EXPECT_THAT(pub.body, HasSubstr("已完成 1 / 1 个节点"));
  EXPECT_THAT(pub.body, HasSubstr("href=\"/domains/1\""));
  EXPECT_THAT(pub.body, Not(HasSubstr("内部意见")));
  EXPECT_THAT(pub.body, Not(HasSubstr("href=\"/domains/2\"")));
  EXPECT_THAT(pub.body, HasSubstr("办事一本通"));  // the 附件3 tasks too
  auto api = nlohmann::json::parse(t_.Get("/api/v1/tasks").body);
  ASSERT_EQ(api["tasks"].size(), 10u);
  const auto& seeded = api["tasks"][1];
  EXPECT_EQ(seeded["seq"], 2);
  EXPECT_EQ(seeded["details"], "编制26个领域政务公开事项标准目录");
  EXPECT_EQ(seeded["guiding_units"].size(), 2u);
  EXPECT_EQ(seeded["state"], "not_started");
  const auto& mine = api["tasks"][9];
  EXPECT_TRUE(mine["seq"].is_null());
  EXPECT_EQ(mine["state"], "done");
  EXPECT_EQ(mine["state_label"], "已完成");
  EXPECT_EQ(mine["milestones_done"], 1);
  EXPECT_EQ(mine["completed_milestones"][0]["done_on"], "2026-03-02");
  EXPECT_THAT(api.dump(), Not(HasSubstr("内部意见")));
}

TEST_P(SupervisionHttpTest, RolesOnEveryRoute) {
  ASSERT_TRUE(t_.ok());
  const std::string path = NewTask();
  const std::string report = absl::StrCat(path, "/reports/1");
  // Anonymous visitors: the public pages only.
  t_.cookies().clear();
  EXPECT_EQ(t_.Get("/tasks").status, 200);
  EXPECT_EQ(t_.Get("/api/v1/tasks").status, 200);
  EXPECT_EQ(t_.Get("/admin/tasks").status, 303);
  EXPECT_EQ(t_.Get(path).status, 303);
  // Another unit: its list lacks the task, which answers 404 everywhere.
  ASSERT_TRUE(As("jy", "unit_editor", "县教育局"));
  EXPECT_EQ(t_.Get("/admin/tasks").status, 200);
  EXPECT_THAT(t_.Get("/admin/tasks").body,
              Not(HasSubstr("2026年政务公开工作要点")));
  EXPECT_EQ(t_.Get(path).status, 404);
  EXPECT_EQ(t_.Get(absl::StrCat(path, "/evidence/1")).status, 404);
  EXPECT_EQ(t_.PostForm(absl::StrCat(path, "/reports"), {{"text", "x"}}).status,
            404);
  // The responsible unit's staff: report, but never manage or decide.
  ASSERT_TRUE(As("mz", "unit_reviewer", "县民政局"));
  EXPECT_EQ(t_.Get(path).status, 200);
  EXPECT_EQ(t_.PostForm("/admin/tasks", {{"title", "x"}}).status, 403);
  EXPECT_EQ(t_.PostForm(path, {{"title", "x"}}).status, 403);
  EXPECT_EQ(t_.PostForm(absl::StrCat(path, "/milestones"),
                        {{"title", "x"}, {"due_on", "2026-05-01"}})
                .status,
            403);
  EXPECT_EQ(t_.PostForm(absl::StrCat(path, "/milestones/1"),
                        {{"title", "x"}, {"due_on", "2026-05-01"}})
                .status,
            403);
  EXPECT_EQ(t_.PostForm(absl::StrCat(report, "/accept"), {}).status, 403);
  EXPECT_EQ(t_.PostForm(absl::StrCat(report, "/return"), {}).status, 403);
  EXPECT_EQ(
      t_.PostForm(absl::StrCat(path, "/reports"), {{"text", "进展"}}).status,
      303);
  // The county office decides but does not report.
  ASSERT_TRUE(As("admin", "admin"));
  EXPECT_EQ(t_.PostForm(absl::StrCat(path, "/reports"), {{"text", "x"}}).status,
            403);
  EXPECT_THAT(t_.Get("/admin").body, HasSubstr("1 份工作任务进展报告待审核"));
  EXPECT_THAT(t_.Get("/admin/tasks").body, HasSubstr("待审核 1 份"));
  EXPECT_EQ(t_.Get("/admin/tasks/999999").status, 404);
  EXPECT_EQ(t_.Get("/admin/tasks/abc").status, 404);
  // A refused form comes back with its summary and values.
  web::Response bad =
      t_.PostForm("/admin/tasks", {{"title", "无责任单位的任务"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.body, HasSubstr("href=\"#task-responsible\""));
  EXPECT_THAT(bad.body, HasSubstr("value=\"无责任单位的任务\""));
  web::Response bad_date = t_.PostForm(absl::StrCat(path, "/milestones"),
                                       {{"title", "x"}, {"due_on", "明天"}});
  EXPECT_EQ(bad_date.status, 400);
  EXPECT_THAT(bad_date.body, HasSubstr("href=\"#ms-due\""));
}

INSTANTIATE_TEST_SUITE_P(Databases, SupervisionHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::supervision
