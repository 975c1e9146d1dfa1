// All SQL of the task tracker: free functions in the caller's transaction.
#ifndef ZWGK_SUPERVISION_STORE_H_
#define ZWGK_SUPERVISION_STORE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/db.h"
#include "supervision/model.h"

namespace zwgk::supervision::store {

// Every task with its units and milestones, 附件3 tasks first by 序号, then
// the office's by id.
[[nodiscard]] absl::StatusOr<std::vector<Task>> ListTasks(db::Tx& tx);
// NotFound("工作任务不存在").
[[nodiscard]] absl::StatusOr<Task> GetTask(db::Tx& tx, int64_t id);
[[nodiscard]] absl::StatusOr<std::optional<int64_t>> FindTaskBySeq(db::Tx& tx,
                                                                   int seq);
[[nodiscard]] absl::StatusOr<int64_t> InsertTask(db::Tx& tx, const Task& t,
                                                 absl::string_view now);
[[nodiscard]] absl::Status UpdateTask(db::Tx& tx, const Task& t);
// Replaces the task's responsible and guiding units with `t`'s.
[[nodiscard]] absl::Status PutTaskUnits(db::Tx& tx, const Task& t);

[[nodiscard]] absl::StatusOr<int64_t> InsertMilestone(db::Tx& tx,
                                                      const Milestone& m);
[[nodiscard]] absl::Status UpdateMilestone(db::Tx& tx, const Milestone& m);
[[nodiscard]] absl::Status MarkMilestoneDone(db::Tx& tx, int64_t id,
                                             absl::string_view done_on,
                                             int64_t report_id);

// Reports of `task_id` (0: every task), oldest first, with their evidence.
[[nodiscard]] absl::StatusOr<std::vector<Report>> ListReports(db::Tx& tx,
                                                              int64_t task_id);
// NotFound("进展报告不存在").
[[nodiscard]] absl::StatusOr<Report> GetReport(db::Tx& tx, int64_t id);
[[nodiscard]] absl::StatusOr<int64_t> InsertReport(db::Tx& tx, const Report& r);
[[nodiscard]] absl::Status DecideReport(db::Tx& tx, const Report& r);
[[nodiscard]] absl::StatusOr<int64_t> InsertEvidence(db::Tx& tx,
                                                     const Evidence& e);
// NotFound("证明材料不存在").
[[nodiscard]] absl::StatusOr<Evidence> GetEvidence(db::Tx& tx, int64_t id);

}  // namespace zwgk::supervision::store

#endif  // ZWGK_SUPERVISION_STORE_H_
