// The 附件3 work-task tracker: tasks with responsible and guiding units,
// milestones with due dates, progress reports with evidence, and the task
// state rule (computed, never set by hand).
#ifndef ZWGK_SUPERVISION_MODEL_H_
#define ZWGK_SUPERVISION_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace zwgk::supervision {

enum class TaskState { kNotStarted, kInProgress, kDone, kOverdue };
absl::string_view TaskStateName(TaskState s);  // not_started | in_progress …
absl::string_view TaskStateLabel(
    TaskState s);  // 未开始 | 推进中 | 已完成 | 逾期

enum class ReportStatus { kSubmitted, kAccepted, kReturned };
absl::string_view ReportStatusName(ReportStatus s);  // submitted | …
absl::string_view ReportStatusLabel(
    ReportStatus s);  // 待审核 | 已采纳 | 已退回
std::optional<ReportStatus> ParseReportStatus(absl::string_view s);

// What a piece of evidence points at.
enum class EvidenceKind { kRecord, kCatalog, kPage, kFile };
absl::string_view EvidenceKindName(EvidenceKind k);  // record | catalog | …
absl::string_view EvidenceKindLabel(EvidenceKind k);  // 公开信息 | 目录版本 | …
std::optional<EvidenceKind> ParseEvidenceKind(absl::string_view s);

struct Milestone {
  int64_t id = 0;
  int64_t task_id = 0;
  std::string title;
  std::string due_on;  // YYYY-MM-DD
  int position = 0;
  std::string done_on;  // YYYY-MM-DD of the accepted completion; "" if none
};

struct Task {
  int64_t id = 0;
  std::optional<int> seq;  // 附件3 序号; none for tasks the office adds
  std::string title;       // 工作任务
  std::string details;     // 具体事项 (may contain line breaks)
  std::string responsible;  // 责任单位 as written, e.g. 各镇、县直各部门
  std::string guiding;  // 指导单位 as written
  std::vector<int64_t> responsible_unit_ids;
  std::vector<int64_t> guiding_unit_ids;
  std::vector<Milestone> milestones;  // by position, then due date
  std::string created_at;
};

struct Evidence {
  int64_t id = 0;
  int64_t report_id = 0;
  EvidenceKind kind = EvidenceKind::kRecord;
  std::optional<int64_t> record_id;
  std::optional<int64_t> domain_id;  // catalog: the domain
  std::optional<int> version;        // catalog: the version number
  std::string path;                  // page: a local path
  std::string name;                  // file: display name; else a label
  std::string content_type;          // file
  std::string sha256;                // file
  int64_t size = 0;                  // file
};

struct Report {
  int64_t id = 0;
  int64_t task_id = 0;
  int64_t unit_id = 0;
  std::optional<int64_t> milestone_id;
  bool marks_done = false;  // asks to mark the milestone done
  std::string text;
  ReportStatus status = ReportStatus::kSubmitted;
  std::string comment;  // the county office's, when accepted or returned
  std::string submitted_by, submitted_at;
  std::string decided_by, decided_at;
  std::vector<Evidence> evidence;
};

// The facts the state rule reads, as of a day.
struct MilestoneFacts {
  absl::CivilDay due;
  std::optional<absl::CivilDay> done_on;  // accepted completion
};

// The task state on `today` (a Beijing date):
//   已完成 when there are milestones and every one was accepted as done by
//          `today`;
//   逾期   when a milestone's due date is before `today` and it has no
//          accepted completion by `today`;
//   推进中 when a report was submitted or accepted (`active_report`);
//   未开始 otherwise.
TaskState ComputeState(const std::vector<MilestoneFacts>& milestones,
                       bool active_report, absl::CivilDay today);

}  // namespace zwgk::supervision

#endif  // ZWGK_SUPERVISION_MODEL_H_
