#include "privacy/store.h"

#include <string>

namespace zwgk::privacy::store {

absl::StatusOr<int64_t> InsertRun(db::Tx& tx, absl::string_view started_at,
                                  absl::string_view started_by) {
  return tx.Insert(
      "INSERT INTO privacy_scan_runs (started_at, started_by) VALUES (?, ?) "
      "RETURNING id",
      {std::string(started_at), std::string(started_by)});
}

absl::Status FinishRun(db::Tx& tx, int64_t id, absl::string_view finished_at,
                       const publishing::PrivacyScanSummary& s) {
  return tx
      .Exec(
          "UPDATE privacy_scan_runs SET finished_at = ?, records = ?, "
          "attachments = ?, findings = ?, records_with_findings = ?, "
          "not_scanned = ? WHERE id = ?",
          {std::string(finished_at), s.records, s.attachments, s.findings,
           s.records_with_findings, s.not_scanned, id})
      .status();
}

absl::Status FailRun(db::Tx& tx, int64_t id, absl::string_view error) {
  return tx
      .Exec("UPDATE privacy_scan_runs SET error = ? WHERE id = ?",
            {std::string(error), id})
      .status();
}

absl::StatusOr<std::optional<ScanRun>> LastRun(db::Tx& tx) {
  absl::StatusOr<std::optional<db::Row>> row = tx.QueryOptional(
      "SELECT id, started_at, finished_at, started_by, records, attachments, "
      "findings, records_with_findings, not_scanned, error "
      "FROM privacy_scan_runs ORDER BY id DESC LIMIT 1");
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<ScanRun>();
  const db::Row& r = **row;
  return std::optional<ScanRun>(
      ScanRun{.id = r.Int(0),
              .started_at = r.Text(1),
              .finished_at = r.OptText(2).value_or(""),
              .started_by = r.Text(3),
              .summary = {.records = r.Int(4),
                          .attachments = r.Int(5),
                          .findings = r.Int(6),
                          .records_with_findings = r.Int(7),
                          .not_scanned = r.Int(8)},
              .error = r.Text(9)});
}

}  // namespace zwgk::privacy::store
