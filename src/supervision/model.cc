#include "supervision/model.h"

namespace zwgk::supervision {

absl::string_view TaskStateName(TaskState s) {
  switch (s) {
    case TaskState::kNotStarted:
      return "not_started";
    case TaskState::kInProgress:
      return "in_progress";
    case TaskState::kDone:
      return "done";
    case TaskState::kOverdue:
      return "overdue";
  }
  return "not_started";
}

absl::string_view TaskStateLabel(TaskState s) {
  switch (s) {
    case TaskState::kNotStarted:
      return "未开始";
    case TaskState::kInProgress:
      return "推进中";
    case TaskState::kDone:
      return "已完成";
    case TaskState::kOverdue:
      return "逾期";
  }
  return "未开始";
}

absl::string_view ReportStatusName(ReportStatus s) {
  switch (s) {
    case ReportStatus::kSubmitted:
      return "submitted";
    case ReportStatus::kAccepted:
      return "accepted";
    case ReportStatus::kReturned:
      return "returned";
  }
  return "submitted";
}

absl::string_view ReportStatusLabel(ReportStatus s) {
  switch (s) {
    case ReportStatus::kSubmitted:
      return "待审核";
    case ReportStatus::kAccepted:
      return "已采纳";
    case ReportStatus::kReturned:
      return "已退回";
  }
  return "待审核";
}

std::optional<ReportStatus> ParseReportStatus(absl::string_view s) {
  for (ReportStatus r : {ReportStatus::kSubmitted, ReportStatus::kAccepted,
                         ReportStatus::kReturned}) {
    if (s == ReportStatusName(r)) return r;
  }
  return std::nullopt;
}

absl::string_view EvidenceKindName(EvidenceKind k) {
  switch (k) {
    case EvidenceKind::kRecord:
      return "record";
    case EvidenceKind::kCatalog:
      return "catalog";
    case EvidenceKind::kPage:
      return "page";
    case EvidenceKind::kFile:
      return "file";
  }
  return "record";
}

absl::string_view EvidenceKindLabel(EvidenceKind k) {
  switch (k) {
    case EvidenceKind::kRecord:
      return "公开信息";
    case EvidenceKind::kCatalog:
      return "目录版本";
    case EvidenceKind::kPage:
      return "网站页面";
    case EvidenceKind::kFile:
      return "上传文件";
  }
  return "公开信息";
}

std::optional<EvidenceKind> ParseEvidenceKind(absl::string_view s) {
  for (EvidenceKind k : {EvidenceKind::kRecord, EvidenceKind::kCatalog,
                         EvidenceKind::kPage, EvidenceKind::kFile}) {
    if (s == EvidenceKindName(k)) return k;
  }
  return std::nullopt;
}

TaskState ComputeState(const std::vector<MilestoneFacts>& milestones,
                       bool active_report, absl::CivilDay today) {
  bool all_done = !milestones.empty();
  bool overdue = false;
  for (const MilestoneFacts& m : milestones) {
    const bool done = m.done_on && *m.done_on <= today;
    if (!done) all_done = false;
    if (!done && m.due < today) overdue = true;
  }
  if (all_done) return TaskState::kDone;
  if (overdue) return TaskState::kOverdue;
  if (active_report) return TaskState::kInProgress;
  return TaskState::kNotStarted;
}

}  // namespace zwgk::supervision
