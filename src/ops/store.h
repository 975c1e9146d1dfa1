// The SQL of backup and restore: what a database holds (tables, rows per
// table, schema versions), read inside the caller's transaction.
#ifndef ZWGK_OPS_STORE_H_
#define ZWGK_OPS_STORE_H_

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/db.h"

namespace zwgk::ops::store {

// The application's tables (SQLite's own and other schemas left out),
// sorted by name.
[[nodiscard]] absl::StatusOr<std::vector<std::string>> ListTables(db::Tx& tx);

// Rows of each of `tables`.
[[nodiscard]] absl::StatusOr<std::map<std::string, int64_t>> CountRows(
    db::Tx& tx, const std::vector<std::string>& tables);

// The newest applied migration of each module; empty before `zwgk migrate`.
[[nodiscard]] absl::StatusOr<std::map<std::string, int64_t>> SchemaVersions(
    db::Tx& tx);

// PostgreSQL: makes this transaction a repeatable-read snapshot and exports
// it, so `pg_dump --snapshot` dumps exactly what this transaction counts.
// Must be the transaction's first statement.
[[nodiscard]] absl::StatusOr<std::string> ExportSnapshot(db::Tx& tx);

// SQLite: "ok" or the first problem PRAGMA quick_check reports.
[[nodiscard]] absl::StatusOr<std::string> QuickCheck(db::Tx& tx);

}  // namespace zwgk::ops::store

#endif  // ZWGK_OPS_STORE_H_
