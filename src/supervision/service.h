// The task tracker's logic: validate → authorize → act, one transaction per
// action, every write audited. The state of a task is computed on every read
// (ComputeState), never stored.
#ifndef ZWGK_SUPERVISION_SERVICE_H_
#define ZWGK_SUPERVISION_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "catalog/service.h"
#include "content/blob_store.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "org/service.h"
#include "publishing/service.h"
#include "supervision/model.h"

namespace zwgk::supervision {

struct ServiceOptions {
  std::string data_dir = ".";  // uploaded evidence under <data_dir>/blobs
  int64_t max_file_bytes = 10 << 20;
};

struct TaskInput {
  std::string title;
  std::string details;
  std::string responsible;  // 责任单位 text; generated from the units if ""
  std::string guiding;      // 指导单位 text; generated from the units if ""
  std::vector<int64_t> responsible_unit_ids;
  std::vector<int64_t> guiding_unit_ids;
};

struct MilestoneInput {
  std::string title;
  std::string due_on;  // YYYY-MM-DD
};

// One piece of evidence as submitted: `kind` decides which fields count.
struct EvidenceInput {
  std::string kind;  // record | catalog | page | file
  std::optional<int64_t> record_id;
  std::optional<int64_t> domain_id;
  std::optional<int> version;
  std::string path;       // page
  std::string file_name;  // file
  std::string file_bytes;
};

struct ReportInput {
  std::string text;
  std::optional<int64_t> milestone_id;
  bool marks_done = false;
  std::vector<EvidenceInput> evidence;
};

// A task as a list shows it: its state on the day asked for.
struct TaskSummary {
  Task task;
  TaskState state = TaskState::kNotStarted;
  int done = 0;                       // milestones accepted as done
  int total = 0;                      // milestones
  std::optional<Milestone> next_due;  // earliest open milestone
  int pending = 0;  // reports awaiting the county office's decision
};

// A task with its reports, for staff who may see it.
struct TaskDetail {
  TaskSummary summary;
  std::vector<Report> reports;  // the actor's unit's only, for unit staff
  bool can_report = false;      // the actor's unit is responsible
  bool can_manage = false;      // the county office
};

// Public evidence: a published record or a page of the site.
struct PublicEvidence {
  std::string label;
  std::string url;
};

struct PublicMilestone {
  std::string title, due_on, done_on;
};

struct PublicTask {
  TaskSummary summary;
  std::vector<PublicMilestone> completed;
  std::vector<PublicEvidence> evidence;  // from accepted reports only
};

// A unit's tasks (those it is responsible for) by state, for the dashboard.
struct UnitTaskCounts {
  int64_t unit_id = 0;
  std::string unit_name;
  int not_started = 0, in_progress = 0, done = 0, overdue = 0;
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, org::Service& org,
          catalog::Service& catalog, publishing::Service& publishing,
          ServiceOptions options = {});

  // Adds the nine 附件3 tasks of seed/org.json that are missing (matched by
  // 序号); idempotent. Responsible units: 各镇 → every town, …部门 → every
  // department; guiding units by name.
  [[nodiscard]] absl::Status Seed();

  // --- Reads ---------------------------------------------------------------
  // Every task for the county office; the tasks a unit's staff member's unit
  // is responsible for or guides; states as of today.
  [[nodiscard]] absl::StatusOr<std::vector<TaskSummary>> ListTasks(
      const Actor& actor);
  // NotFound for a task the actor may not see.
  [[nodiscard]] absl::StatusOr<TaskDetail> GetTask(const Actor& actor,
                                                   int64_t id);
  // What the public /tasks page shows: no comments, no returned or pending
  // reports, no files, only public records and pages.
  [[nodiscard]] absl::StatusOr<std::vector<PublicTask>> PublicTasks();
  // An uploaded evidence file of a task the actor may see.
  [[nodiscard]] absl::StatusOr<std::pair<Evidence, std::string>>
  GetEvidenceFile(const Actor& actor, int64_t task_id, int64_t evidence_id);
  // For the compliance dashboard: per unit (active units responsible for at
  // least one task), its tasks by state as of `as_of` (milestones count as
  // done when accepted on or before it, reports when submitted by then).
  [[nodiscard]] absl::StatusOr<std::vector<UnitTaskCounts>> CountsByUnit(
      absl::CivilDay as_of);

  // --- Writes --------------------------------------------------------------
  // The county office only (PermissionDenied for others).
  [[nodiscard]] absl::StatusOr<Task> CreateTask(const Actor& actor,
                                                const TaskInput& in);
  [[nodiscard]] absl::StatusOr<Task> UpdateTask(const Actor& actor, int64_t id,
                                                const TaskInput& in);
  [[nodiscard]] absl::StatusOr<Milestone> AddMilestone(
      const Actor& actor, int64_t task_id, const MilestoneInput& in);
  [[nodiscard]] absl::StatusOr<Milestone> UpdateMilestone(
      const Actor& actor, int64_t task_id, int64_t milestone_id,
      const MilestoneInput& in);
  // Staff of a responsible unit (the county office may report for any).
  // Evidence: records that exist and the actor may see, published catalog
  // versions, local paths, files of an allowed type within the size limit.
  [[nodiscard]] absl::StatusOr<Report> SubmitReport(const Actor& actor,
                                                    int64_t task_id,
                                                    const ReportInput& in);
  // The county office decides a pending report; accepting one that marks a
  // milestone done records the completion (today). Returning needs a comment.
  [[nodiscard]] absl::StatusOr<Report> AcceptReport(const Actor& actor,
                                                    int64_t task_id,
                                                    int64_t report_id,
                                                    absl::string_view comment);
  [[nodiscard]] absl::StatusOr<Report> ReturnReport(const Actor& actor,
                                                    int64_t task_id,
                                                    int64_t report_id,
                                                    absl::string_view comment);

  org::Service& org() { return org_; }
  const Clock& clock() const { return clock_; }
  int64_t max_file_bytes() const { return options_.max_file_bytes; }

 private:
  absl::StatusOr<Task> ResolveTask(db::Tx& tx, const TaskInput& in,
                                   Task task) const;
  absl::StatusOr<std::vector<Evidence>> CheckEvidence(
      const Actor& actor, const std::vector<EvidenceInput>& in);
  absl::StatusOr<Report> Decide(const Actor& actor, int64_t task_id,
                                int64_t report_id, ReportStatus to,
                                absl::string_view comment);

  db::Database& db_;
  const Clock& clock_;
  org::Service& org_;
  catalog::Service& catalog_;
  publishing::Service& publishing_;
  ServiceOptions options_;
  content::BlobStore blobs_;
};

// The summary of `t` as of `day`, from its milestones and reports.
TaskSummary Summarize(Task t, const std::vector<Report>& reports,
                      absl::CivilDay day);

}  // namespace zwgk::supervision

#endif  // ZWGK_SUPERVISION_SERVICE_H_
