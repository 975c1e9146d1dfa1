#include "supervision/service.h"

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "calendar/service.h"
#include "core/migrate.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::supervision {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::Time At(int y, int m, int d) {
  return StartOfDay(absl::CivilDay(y, m, d)) + absl::Hours(10);
}

class SupervisionTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase(
        GetParam(),
        {"core", "org", "calendar", "catalog", "publishing", "supervision"});
    ASSERT_NE(db_, nullptr);
    org_ = std::make_unique<org::Service>(*db_, clock_);
    ASSERT_TRUE(org_->Seed().ok());
    calendar_ = std::make_unique<calendar::Service>(*db_, clock_);
    ASSERT_TRUE(calendar_->Seed().ok());
    catalog_ = std::make_unique<catalog::Service>(*db_, clock_, *org_);
    ASSERT_TRUE(catalog_->Seed().ok());
    data_dir_ = std::filesystem::temp_directory_path() /
                absl::StrCat("zwgk-sup-", ::getpid(), "-", ++counter_);
    publishing_ = std::make_unique<publishing::Service>(
        *db_, clock_, *org_, *catalog_, *calendar_,
        publishing::ServiceOptions{.data_dir = data_dir_.string()});
    ASSERT_TRUE(publishing_->Seed().ok());
    service_ = std::make_unique<Service>(
        *db_, clock_, *org_, *catalog_, *publishing_,
        ServiceOptions{.data_dir = data_dir_.string(), .max_file_bytes = 1000});
    absl::Status seeded = service_->Seed();
    ASSERT_TRUE(seeded.ok()) << seeded;
    minzheng_ = org_->ResolveUnit("县民政局")->id;
    jiaoyu_ = org_->ResolveUnit("县教育局")->id;
    editor_ = {.user_id = 2,
               .name = "民政编辑",
               .role = Role::kUnitEditor,
               .unit_id = minzheng_};
    other_ = {.user_id = 3,
              .name = "教育编辑",
              .role = Role::kUnitEditor,
              .unit_id = jiaoyu_};
  }
  void TearDown() override { std::filesystem::remove_all(data_dir_); }

  // A task only 县民政局 is responsible for, with one milestone.
  int64_t OwnTask(const std::string& due = "2026-03-31") {
    auto t =
        service_->CreateTask(admin_, {.title = "2026年政务公开工作要点",
                                      .details = "落实年度要点",
                                      .responsible_unit_ids = {minzheng_}});
    EXPECT_TRUE(t.ok()) << t.status();
    if (!t.ok()) return 0;
    auto m = service_->AddMilestone(admin_, t->id,
                                    {.title = "制定实施方案", .due_on = due});
    EXPECT_TRUE(m.ok()) << m.status();
    return t->id;
  }

  // A published record of 县民政局.
  int64_t PublishedRecord(bool publish = true) {
    publishing::RecordInput in{.title = "关于2026年城乡低保标准调整的通知",
                               .unit = "县民政局",
                               .domain = "社会救助",
                               .formed_on = "2026-02-10",
                               .topic = "民政、扶贫、救灾/社会福利",
                               .genre = "通知",
                               .body_html = "<p>现将低保标准调整如下。</p>"};
    auto r = publishing_->Create(editor_, in);
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok() || !publish) return r.ok() ? r->id : 0;
    Actor reviewer{.user_id = 9,
                   .name = "审核",
                   .role = Role::kUnitReviewer,
                   .unit_id = minzheng_};
    EXPECT_TRUE(publishing_->Submit(editor_, r->id).ok());
    EXPECT_TRUE(
        publishing_->Review(reviewer, r->id, {"approved", "无涉密内容"}).ok());
    EXPECT_TRUE(publishing_->Publish(reviewer, r->id).ok());
    return r->id;
  }

  TaskState StateOf(int64_t id) {
    auto d = service_->GetTask(admin_, id);
    EXPECT_TRUE(d.ok()) << d.status();
    return d.ok() ? d->summary.state : TaskState::kNotStarted;
  }

  std::vector<std::string> AuditActions() {
    auto r = db_->Query(
        "SELECT action FROM audit_log WHERE entity = 'task' ORDER BY id", {});
    std::vector<std::string> out;
    if (r.ok())
      for (const auto& row : r->rows) out.push_back(row.Text(0));
    return out;
  }

  static inline int counter_ = 0;
  FakeClock clock_{At(2026, 3, 2)};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<org::Service> org_;
  std::unique_ptr<calendar::Service> calendar_;
  std::unique_ptr<catalog::Service> catalog_;
  std::unique_ptr<publishing::Service> publishing_;
  std::unique_ptr<Service> service_;
  std::filesystem::path data_dir_;
  int64_t minzheng_ = 0, jiaoyu_ = 0;
  Actor admin_{.user_id = 1, .name = "县政务公开办", .role = Role::kAdmin};
  Actor editor_, other_;
};

TEST_P(SupervisionTest, SeedsTheNineTasksOfAttachment3Once) {
  ASSERT_TRUE(service_->Seed().ok());  // a second run adds nothing
  auto tasks = service_->ListTasks(admin_);
  ASSERT_TRUE(tasks.ok()) << tasks.status();
  ASSERT_EQ(tasks->size(), 9u);
  const Task& last = tasks->at(8).task;
  EXPECT_EQ(last.seq, 9);
  EXPECT_EQ(last.responsible, "各镇");
  EXPECT_EQ(last.guiding_unit_ids.size(), 4u);
  EXPECT_EQ(last.responsible_unit_ids.size(), 8u);  // the eight towns
  EXPECT_THAT(tasks->at(0).task.responsible_unit_ids,
              ::testing::Contains(minzheng_));
  EXPECT_EQ(tasks->at(0).state, TaskState::kNotStarted);
}

TEST_P(SupervisionTest, ReportAcceptedMarksTheMilestoneAndCompletesTheTask) {
  const int64_t id = OwnTask();
  const int64_t record = PublishedRecord();
  EXPECT_EQ(StateOf(id), TaskState::kNotStarted);
  auto task = service_->GetTask(editor_, id);
  ASSERT_TRUE(task.ok());
  ASSERT_TRUE(task->can_report);
  const int64_t milestone = task->summary.task.milestones.at(0).id;
  auto report = service_->SubmitReport(
      editor_, id,
      {.text = "实施方案已印发",
       .milestone_id = milestone,
       .marks_done = true,
       .evidence = {{.kind = "record", .record_id = record},
                    {.kind = "page", .path = "/domains/1"},
                    {.kind = "file",
                     .file_name = "方案.pdf",
                     .file_bytes = "%PDF-1.4 test"}}});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->evidence.size(), 3u);
  EXPECT_EQ(StateOf(id), TaskState::kInProgress);
  EXPECT_EQ(service_->GetTask(admin_, id)->summary.pending, 1);
  // Only the county office decides.
  EXPECT_EQ(service_->AcceptReport(editor_, id, report->id, "").status().code(),
            absl::StatusCode::kPermissionDenied);
  auto accepted = service_->AcceptReport(admin_, id, report->id, "同意");
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(accepted->status, ReportStatus::kAccepted);
  EXPECT_EQ(StateOf(id), TaskState::kDone);
  auto detail = service_->GetTask(admin_, id);
  EXPECT_EQ(detail->summary.task.milestones.at(0).done_on, "2026-03-02");
  // Deciding twice is refused.
  EXPECT_EQ(
      service_->ReturnReport(admin_, id, report->id, "再看").status().code(),
      absl::StatusCode::kFailedPrecondition);
  // The file comes back to staff of the unit; the public sees the record
  // and the page, never the file.
  auto file = service_->GetEvidenceFile(editor_, id, report->evidence.at(2).id);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->second, "%PDF-1.4 test");
  EXPECT_EQ(service_->GetEvidenceFile(other_, id, report->evidence.at(2).id)
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  auto pub = service_->PublicTasks();
  ASSERT_TRUE(pub.ok());
  const PublicTask& p = pub->back();
  EXPECT_EQ(p.summary.state, TaskState::kDone);
  ASSERT_EQ(p.completed.size(), 1u);
  EXPECT_EQ(p.completed[0].done_on, "2026-03-02");
  ASSERT_EQ(p.evidence.size(), 2u);
  EXPECT_EQ(p.evidence[0].url, absl::StrCat("/records/", record));
  EXPECT_EQ(p.evidence[1].url, "/domains/1");
  EXPECT_THAT(AuditActions(), ElementsAre("task.create", "task.milestone_add",
                                          "task.report", "task.accept"));
}

TEST_P(SupervisionTest, ReturnNeedsACommentAndDoesNotCountAsProgress) {
  const int64_t id = OwnTask();
  auto report = service_->SubmitReport(editor_, id, {.text = "正在起草"});
  ASSERT_TRUE(report.ok()) << report.status();
  auto no_comment = service_->ReturnReport(admin_, id, report->id, "  ");
  EXPECT_EQ(no_comment.status().code(), absl::StatusCode::kInvalidArgument);
  auto returned =
      service_->ReturnReport(admin_, id, report->id, "请补充印发文件");
  ASSERT_TRUE(returned.ok()) << returned.status();
  auto detail = service_->GetTask(editor_, id);
  ASSERT_EQ(detail->reports.size(), 1u);
  EXPECT_EQ(detail->reports[0].status, ReportStatus::kReturned);
  EXPECT_EQ(detail->reports[0].comment, "请补充印发文件");
  EXPECT_EQ(detail->summary.state, TaskState::kNotStarted);
  auto log = db_->Query(
      "SELECT after_json FROM audit_log WHERE action = 'task.return'", {});
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->rows.size(), 1u);
  EXPECT_THAT(log->rows[0].Text(0), HasSubstr("请补充印发文件"));
}

TEST_P(SupervisionTest, OverdueIsComputedFromTheBeijingDate) {
  const int64_t id = OwnTask("2026-03-10");
  ASSERT_TRUE(service_->SubmitReport(editor_, id, {.text = "推进中"}).ok());
  EXPECT_EQ(StateOf(id), TaskState::kInProgress);
  // 23:30 on the 10th in Beijing is still the due day.
  clock_.Set(StartOfDay(absl::CivilDay(2026, 3, 10)) + absl::Hours(23) +
             absl::Minutes(30));
  EXPECT_EQ(StateOf(id), TaskState::kInProgress);
  clock_.Set(At(2026, 3, 11));
  EXPECT_EQ(StateOf(id), TaskState::kOverdue);
  // The dashboard's counts as of a date.
  auto before = service_->CountsByUnit(absl::CivilDay(2026, 3, 5));
  auto after = service_->CountsByUnit(absl::CivilDay(2026, 3, 11));
  ASSERT_TRUE(before.ok() && after.ok());
  auto mz = [&](const std::vector<UnitTaskCounts>& all) {
    for (const UnitTaskCounts& c : all)
      if (c.unit_id == minzheng_) return c;
    return UnitTaskCounts{};
  };
  EXPECT_EQ(mz(*before).overdue, 0);
  EXPECT_EQ(mz(*before).in_progress, 1);
  EXPECT_EQ(mz(*after).overdue, 1);
  EXPECT_EQ(mz(*after).in_progress, 0);
  EXPECT_EQ(mz(*after).not_started, 8);  // the 附件3 tasks of departments
}

TEST_P(SupervisionTest, AnotherUnitsTaskAnswersNotFound) {
  const int64_t id = OwnTask();
  EXPECT_EQ(service_->GetTask(other_, id).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(
      service_->SubmitReport(other_, id, {.text = "越权"}).status().code(),
      absl::StatusCode::kNotFound);
  auto mine = service_->ListTasks(other_);
  ASSERT_TRUE(mine.ok());
  for (const TaskSummary& s : *mine) EXPECT_NE(s.task.id, id);
  // Unit staff cannot change tasks.
  EXPECT_EQ(
      service_->AddMilestone(editor_, id, {"x", "2026-04-01"}).status().code(),
      absl::StatusCode::kPermissionDenied);
}

TEST_P(SupervisionTest, EvidenceMustExistBeVisibleAndLocal) {
  const int64_t id = OwnTask();
  // A draft of another unit is invisible to this editor.
  const int64_t draft = PublishedRecord(/*publish=*/false);
  Actor jiaoyu_task_editor = editor_;
  auto t = service_->CreateTask(
      admin_, {.title = "教育任务", .responsible_unit_ids = {jiaoyu_}});
  ASSERT_TRUE(t.ok());
  auto hidden = service_->SubmitReport(
      other_, t->id,
      {.text = "x", .evidence = {{.kind = "record", .record_id = draft}}});
  EXPECT_EQ(hidden.status().code(), absl::StatusCode::kInvalidArgument);
  auto missing = service_->SubmitReport(
      editor_, id,
      {.text = "x", .evidence = {{.kind = "record", .record_id = 99999}}});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  for (const char* path :
       {"https://example.com/", "//evil.example/", "tasks"}) {
    auto outside = service_->SubmitReport(
        editor_, id,
        {.text = "x", .evidence = {{.kind = "page", .path = path}}});
    EXPECT_EQ(outside.status().code(), absl::StatusCode::kInvalidArgument)
        << path;
  }
  auto big = service_->SubmitReport(
      editor_, id,
      {.text = "x",
       .evidence = {{.kind = "file",
                     .file_name = "a.pdf",
                     .file_bytes = "%PDF-" + std::string(2000, 'x')}}});
  EXPECT_EQ(big.status().code(), absl::StatusCode::kInvalidArgument);
  auto exe =
      service_->SubmitReport(editor_, id,
                             {.text = "x",
                              .evidence = {{.kind = "file",
                                            .file_name = "a.exe",
                                            .file_bytes = "MZ\x90\x00"}}});
  EXPECT_EQ(exe.status().code(), absl::StatusCode::kInvalidArgument);
  // A draft the editor's own unit holds is fine for staff, but never public.
  auto own = service_->SubmitReport(
      editor_, id,
      {.text = "草稿", .evidence = {{.kind = "record", .record_id = draft}}});
  ASSERT_TRUE(own.ok()) << own.status();
  ASSERT_TRUE(service_->AcceptReport(admin_, id, own->id, "").ok());
  auto pub = service_->PublicTasks();
  ASSERT_TRUE(pub.ok());
  EXPECT_TRUE(pub->back().evidence.empty());
  EXPECT_EQ(AuditActions().size(), 5u);  // 2 creates, 1 milestone, report,
                                         // accept
  (void)jiaoyu_task_editor;
}

TEST_P(SupervisionTest, AdminEditsTasksAndMilestonesWithFieldErrors) {
  auto bad = service_->CreateTask(admin_, {.title = ""});
  ASSERT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(GetFieldErrors(bad.status()),
              ::testing::Contains(::testing::Key("responsible_unit_ids")));
  const int64_t id = OwnTask();
  auto unknown = service_->UpdateTask(
      admin_, id, {.title = "改名", .responsible_unit_ids = {424242}});
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  auto renamed = service_->UpdateTask(
      admin_, id,
      {.title = "改名", .responsible_unit_ids = {minzheng_, jiaoyu_}});
  ASSERT_TRUE(renamed.ok()) << renamed.status();
  EXPECT_EQ(renamed->responsible, "县民政局、县教育局");
  auto ms = service_->GetTask(admin_, id)->summary.task.milestones.at(0);
  EXPECT_EQ(service_->UpdateMilestone(admin_, id, ms.id, {"改", "2026-13-01"})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  auto moved =
      service_->UpdateMilestone(admin_, id, ms.id, {"改", "2026-04-30"});
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->due_on, "2026-04-30");
  EXPECT_TRUE(service_->GetTask(other_, id).ok());  // now responsible
}

INSTANTIATE_TEST_SUITE_P(Databases, SupervisionTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

// An installation from before this module: org owned the tasks. The
// migration moves them, with their guiding units, and drops org's tables.
class SupervisionMigrationTest : public ::testing::TestWithParam<std::string> {
};

TEST_P(SupervisionMigrationTest, MovesOrgTasksKeepingRows) {
  auto db = zwgk::testing::NewMigratedDatabase(GetParam(), {"core", "org"});
  ASSERT_NE(db, nullptr);
  FakeClock clock{At(2026, 3, 2)};
  org::Service org(*db, clock);
  ASSERT_TRUE(org.Seed().ok());
  const int64_t town = org.ResolveUnit("簰洲湾镇人民政府")->id;
  const int64_t guide = org.ResolveUnit("县政府办")->id;
  ASSERT_TRUE(db->Query("INSERT INTO tasks (seq, title, details, responsible, "
                        "guiding) VALUES (1, '旧任务', '旧事项', '各镇', "
                        "'县政府办')",
                        {})
                  .ok());
  ASSERT_TRUE(db->Query("INSERT INTO task_guiding_units (task_id, unit_id) "
                        "SELECT id, ? FROM tasks",
                        {guide})
                  .ok());
  std::vector<Migration> all;
  for (const char* m : {"core", "org", "supervision"}) {
    auto mine = EmbeddedMigrations(m);
    ASSERT_TRUE(mine.ok());
    all.insert(all.end(), mine->begin(), mine->end());
  }
  auto applied = Migrate(*db, all);
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(*applied, 1);
  auto rows = db->Query(
      "SELECT t.seq, t.title, u.unit_id, u.role FROM supervision_tasks t "
      "JOIN supervision_task_units u ON u.task_id = t.id WHERE u.unit_id IN "
      "(?, ?) ORDER BY u.role",
      {town, guide});
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->rows.size(), 2u);
  EXPECT_EQ(rows->rows[0].Text(1), "旧任务");
  EXPECT_EQ(rows->rows[0].Int(2), guide);
  EXPECT_EQ(rows->rows[0].Text(3), "guiding");
  EXPECT_EQ(rows->rows[1].Int(2), town);
  EXPECT_EQ(rows->rows[1].Text(3), "responsible");
  EXPECT_FALSE(db->Query("SELECT COUNT(*) FROM tasks", {}).ok());
}

INSTANTIATE_TEST_SUITE_P(Databases, SupervisionMigrationTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::supervision
