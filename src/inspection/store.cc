#include "inspection/store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/status.h"

namespace zwgk::inspection::store {
namespace {

constexpr absl::string_view kColumns =
    "id, as_of, month, started_at, finished_at, run_by, trigger_kind, "
    "base_url, passed, vetoes, failures, pages, page_limit_reached";

ReportRow FromRow(const db::Row& row) {
  return {.id = row.Int(0),
          .as_of = row.Text(1),
          .month = row.Text(2),
          .started_at = row.Text(3),
          .finished_at = row.Text(4),
          .run_by = row.Text(5),
          .trigger = row.Text(6),
          .base_url = row.Text(7),
          .passed = row.Bool(8),
          .vetoes = row.Int(9),
          .failures = row.Int(10),
          .pages = row.Int(11),
          .page_limit_reached = row.Bool(12)};
}

}  // namespace

absl::StatusOr<int64_t> Insert(db::Tx& tx, const ReportRow& r) {
  return tx.Insert(
      "INSERT INTO inspection_reports (as_of, month, started_at, finished_at, "
      "run_by, trigger_kind, base_url, passed, vetoes, failures, pages, "
      "page_limit_reached, verdict_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?) RETURNING id",
      {r.as_of, r.month, r.started_at, r.finished_at, r.run_by, r.trigger,
       r.base_url, int64_t{r.passed ? 1 : 0}, r.vetoes, r.failures, r.pages,
       int64_t{r.page_limit_reached ? 1 : 0}, r.verdict_json});
}

absl::StatusOr<ReportRow> Get(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row row,
      tx.QueryOne(absl::StrCat("SELECT ", kColumns,
                               ", verdict_json FROM inspection_reports "
                               "WHERE id = ?"),
                  {id}, "检查报告不存在"));
  ReportRow r = FromRow(row);
  r.verdict_json = row.Text(13);
  return r;
}

absl::StatusOr<std::vector<ReportRow>> List(db::Tx& tx, int limit) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result res,
      tx.Query(absl::StrCat("SELECT ", kColumns,
                            " FROM inspection_reports ORDER BY id DESC "
                            "LIMIT ?"),
               {int64_t{limit}}));
  std::vector<ReportRow> out;
  for (const db::Row& row : res.rows) out.push_back(FromRow(row));
  return out;
}

absl::StatusOr<std::optional<int64_t>> LatestId(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> row,
      tx.QueryOptional(
          "SELECT id FROM inspection_reports ORDER BY id DESC LIMIT 1"));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->Int(0));
}

absl::StatusOr<bool> HasMonth(db::Tx& tx, absl::string_view month) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> row,
      tx.QueryOptional(
          "SELECT id FROM inspection_reports WHERE month = ? LIMIT 1",
          {std::string(month)}));
  return row.has_value();
}

}  // namespace zwgk::inspection::store
