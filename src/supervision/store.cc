#include "supervision/store.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/status.h"

namespace zwgk::supervision::store {
namespace {

constexpr char kTaskCols[] =
    "id, seq, title, details, responsible, guiding, created_at";
constexpr char kMilestoneCols[] =
    "id, task_id, title, due_on, position, done_on";
constexpr char kReportCols[] =
    "id, task_id, unit_id, milestone_id, marks_done, body, status, comment, "
    "submitted_by, submitted_at, decided_by, decided_at";
constexpr char kEvidenceCols[] =
    "id, report_id, kind, record_id, domain_id, version, path, name, "
    "content_type, sha256, size";

Task RowToTask(const db::Row& r) {
  Task t{.id = r.Int(0),
         .title = r.Text(2),
         .details = r.Text(3),
         .responsible = r.Text(4),
         .guiding = r.Text(5),
         .created_at = r.Text(6)};
  if (!r.IsNull(1)) t.seq = static_cast<int>(r.Int(1));
  return t;
}

Milestone RowToMilestone(const db::Row& r) {
  return Milestone{.id = r.Int(0),
                   .task_id = r.Int(1),
                   .title = r.Text(2),
                   .due_on = r.Text(3),
                   .position = static_cast<int>(r.Int(4)),
                   .done_on = r.Text(5)};
}

Report RowToReport(const db::Row& r) {
  return Report{
      .id = r.Int(0),
      .task_id = r.Int(1),
      .unit_id = r.Int(2),
      .milestone_id = r.OptInt(3),
      .marks_done = r.Bool(4),
      .text = r.Text(5),
      .status = ParseReportStatus(r.Text(6)).value_or(ReportStatus::kSubmitted),
      .comment = r.Text(7),
      .submitted_by = r.Text(8),
      .submitted_at = r.Text(9),
      .decided_by = r.Text(10),
      .decided_at = r.Text(11)};
}

Evidence RowToEvidence(const db::Row& r) {
  Evidence e{.id = r.Int(0),
             .report_id = r.Int(1),
             .kind = ParseEvidenceKind(r.Text(2)).value_or(EvidenceKind::kPage),
             .record_id = r.OptInt(3),
             .domain_id = r.OptInt(4),
             .path = r.Text(6),
             .name = r.Text(7),
             .content_type = r.Text(8),
             .sha256 = r.Text(9),
             .size = r.Int(10)};
  if (!r.IsNull(5)) e.version = static_cast<int>(r.Int(5));
  return e;
}

// Fills in the units and milestones of `tasks` (keyed by id) in two queries.
absl::Status AddParts(db::Tx& tx, std::vector<Task>& tasks,
                      std::optional<int64_t> only) {
  std::map<int64_t, Task*> by_id;
  for (Task& t : tasks) by_id[t.id] = &t;
  std::string where = only ? " WHERE task_id = ?" : "";
  std::vector<db::Value> params;
  if (only) params.push_back(*only);
  ZWGK_ASSIGN_OR_RETURN(
      db::Result units,
      tx.Query(absl::StrCat("SELECT task_id, unit_id, role FROM "
                            "supervision_task_units",
                            where, " ORDER BY unit_id"),
               params));
  for (const db::Row& r : units.rows) {
    auto it = by_id.find(r.Int(0));
    if (it == by_id.end()) continue;
    (r.Text(2) == "guiding" ? it->second->guiding_unit_ids
                            : it->second->responsible_unit_ids)
        .push_back(r.Int(1));
  }
  ZWGK_ASSIGN_OR_RETURN(
      db::Result milestones,
      tx.Query(absl::StrCat("SELECT ", kMilestoneCols,
                            " FROM supervision_milestones", where,
                            " ORDER BY position, due_on, id"),
               params));
  for (const db::Row& r : milestones.rows) {
    auto it = by_id.find(r.Int(1));
    if (it != by_id.end()) it->second->milestones.push_back(RowToMilestone(r));
  }
  return absl::OkStatus();
}

absl::Status ExpectOneRow(absl::StatusOr<int64_t> changed,
                          absl::string_view what) {
  if (!changed.ok()) return changed.status();
  if (*changed == 0) return absl::NotFoundError(absl::StrCat(what, "不存在"));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<Task>> ListTasks(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query(absl::StrCat("SELECT ", kTaskCols,
                            " FROM supervision_tasks ORDER BY seq IS NULL, "
                            "seq, id")));
  std::vector<Task> out;
  for (const db::Row& row : r.rows) out.push_back(RowToTask(row));
  ZWGK_RETURN_IF_ERROR(AddParts(tx, out, std::nullopt));
  return out;
}

absl::StatusOr<Task> GetTask(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row row,
      tx.QueryOne(absl::StrCat("SELECT ", kTaskCols,
                               " FROM supervision_tasks WHERE id = ?"),
                  {id}, "工作任务"));
  std::vector<Task> one = {RowToTask(row)};
  ZWGK_RETURN_IF_ERROR(AddParts(tx, one, id));
  return std::move(one[0]);
}

absl::StatusOr<std::optional<int64_t>> FindTaskBySeq(db::Tx& tx, int seq) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> row,
      tx.QueryOptional("SELECT id FROM supervision_tasks WHERE seq = ?",
                       {int64_t{seq}}));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->Int(0));
}

absl::StatusOr<int64_t> InsertTask(db::Tx& tx, const Task& t,
                                   absl::string_view now) {
  return tx.Insert(
      "INSERT INTO supervision_tasks (seq, title, details, responsible, "
      "guiding, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {t.seq ? db::Value(int64_t{*t.seq}) : db::Value(nullptr), t.title,
       t.details, t.responsible, t.guiding, std::string(now)});
}

absl::Status UpdateTask(db::Tx& tx, const Task& t) {
  return ExpectOneRow(
      tx.Exec("UPDATE supervision_tasks SET title = ?, details = ?, "
              "responsible = ?, guiding = ? WHERE id = ?",
              {t.title, t.details, t.responsible, t.guiding, t.id}),
      "工作任务");
}

absl::Status PutTaskUnits(db::Tx& tx, const Task& t) {
  ZWGK_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM supervision_task_units WHERE task_id = ?", {t.id})
          .status());
  for (const auto& [role, ids] :
       {std::pair<const char*, const std::vector<int64_t>*>{
            "responsible", &t.responsible_unit_ids},
        {"guiding", &t.guiding_unit_ids}}) {
    for (int64_t unit_id : *ids) {
      ZWGK_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO supervision_task_units (task_id, unit_id, "
                  "role) VALUES (?, ?, ?)",
                  {t.id, unit_id, std::string(role)})
              .status());
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> InsertMilestone(db::Tx& tx, const Milestone& m) {
  return tx.Insert(
      "INSERT INTO supervision_milestones (task_id, title, due_on, position) "
      "VALUES (?, ?, ?, ?) RETURNING id",
      {m.task_id, m.title, m.due_on, int64_t{m.position}});
}

absl::Status UpdateMilestone(db::Tx& tx, const Milestone& m) {
  return ExpectOneRow(
      tx.Exec("UPDATE supervision_milestones SET title = ?, due_on = ? "
              "WHERE id = ? AND task_id = ?",
              {m.title, m.due_on, m.id, m.task_id}),
      "节点");
}

absl::Status MarkMilestoneDone(db::Tx& tx, int64_t id,
                               absl::string_view done_on, int64_t report_id) {
  return ExpectOneRow(tx.Exec("UPDATE supervision_milestones SET done_on = ?, "
                              "done_report_id = ? WHERE id = ?",
                              {std::string(done_on), report_id, id}),
                      "节点");
}

absl::StatusOr<std::vector<Report>> ListReports(db::Tx& tx, int64_t task_id) {
  std::string where = task_id ? " WHERE task_id = ?" : "";
  std::vector<db::Value> params;
  if (task_id) params.push_back(task_id);
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query(absl::StrCat("SELECT ", kReportCols, " FROM supervision_reports",
                            where, " ORDER BY id"),
               params));
  std::vector<Report> out;
  std::map<int64_t, size_t> index;
  for (const db::Row& row : r.rows) {
    index[row.Int(0)] = out.size();
    out.push_back(RowToReport(row));
  }
  if (out.empty()) return out;
  ZWGK_ASSIGN_OR_RETURN(
      db::Result ev,
      tx.Query(
          absl::StrCat("SELECT e.", kEvidenceCols,
                       " FROM supervision_evidence e JOIN supervision_reports "
                       "r ON r.id = e.report_id",
                       task_id ? " WHERE r.task_id = ?" : "", " ORDER BY e.id"),
          params));
  for (const db::Row& row : ev.rows) {
    auto it = index.find(row.Int(1));
    if (it != index.end())
      out[it->second].evidence.push_back(RowToEvidence(row));
  }
  return out;
}

absl::StatusOr<Report> GetReport(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row row,
      tx.QueryOne(absl::StrCat("SELECT ", kReportCols,
                               " FROM supervision_reports WHERE id = ?"),
                  {id}, "进展报告"));
  Report out = RowToReport(row);
  ZWGK_ASSIGN_OR_RETURN(
      db::Result ev,
      tx.Query(absl::StrCat("SELECT ", kEvidenceCols,
                            " FROM supervision_evidence WHERE report_id = ? "
                            "ORDER BY id"),
               {id}));
  for (const db::Row& r : ev.rows) out.evidence.push_back(RowToEvidence(r));
  return out;
}

absl::StatusOr<int64_t> InsertReport(db::Tx& tx, const Report& r) {
  return tx.Insert(
      "INSERT INTO supervision_reports (task_id, unit_id, milestone_id, "
      "marks_done, body, status, comment, submitted_by, submitted_at) "
      "VALUES (?, ?, ?, ?, ?, ?, '', ?, ?) RETURNING id",
      {r.task_id, r.unit_id, db::OrNull(r.milestone_id),
       int64_t{r.marks_done ? 1 : 0}, r.text,
       std::string(ReportStatusName(r.status)), r.submitted_by,
       r.submitted_at});
}

absl::Status DecideReport(db::Tx& tx, const Report& r) {
  return ExpectOneRow(
      tx.Exec("UPDATE supervision_reports SET status = ?, comment = ?, "
              "decided_by = ?, decided_at = ? WHERE id = ?",
              {std::string(ReportStatusName(r.status)), r.comment, r.decided_by,
               r.decided_at, r.id}),
      "进展报告");
}

absl::StatusOr<int64_t> InsertEvidence(db::Tx& tx, const Evidence& e) {
  return tx.Insert(
      "INSERT INTO supervision_evidence (report_id, kind, record_id, "
      "domain_id, version, path, name, content_type, sha256, size) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {e.report_id, std::string(EvidenceKindName(e.kind)),
       db::OrNull(e.record_id), db::OrNull(e.domain_id),
       e.version ? db::Value(int64_t{*e.version}) : db::Value(nullptr), e.path,
       e.name, e.content_type, e.sha256, e.size});
}

absl::StatusOr<Evidence> GetEvidence(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row row,
      tx.QueryOne(absl::StrCat("SELECT ", kEvidenceCols,
                               " FROM supervision_evidence WHERE id = ?"),
                  {id}, "证明材料"));
  return RowToEvidence(row);
}

}  // namespace zwgk::supervision::store
