#include "ops/store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/status.h"

namespace zwgk::ops::store {

absl::StatusOr<std::vector<std::string>> ListTables(db::Tx& tx) {
  const char* sql =
      tx.dialect() == db::Dialect::kSqlite
          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
            "LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
          : "SELECT table_name FROM information_schema.tables WHERE "
            "table_schema = current_schema() AND table_type = 'BASE TABLE' "
            "ORDER BY table_name";
  ZWGK_ASSIGN_OR_RETURN(db::Result r, tx.Query(sql));
  std::vector<std::string> out;
  for (const db::Row& row : r.rows) out.push_back(row.Text(0));
  return out;
}

absl::StatusOr<std::map<std::string, int64_t>> CountRows(
    db::Tx& tx, const std::vector<std::string>& tables) {
  std::map<std::string, int64_t> out;
  for (const std::string& t : tables) {
    std::string quoted =
        absl::StrCat("\"", absl::StrReplaceAll(t, {{"\"", "\"\""}}), "\"");
    ZWGK_ASSIGN_OR_RETURN(
        db::Row r,
        tx.QueryOne(absl::StrCat("SELECT COUNT(*) FROM ", quoted), {}, t));
    out[t] = r.Int(0);
  }
  return out;
}

absl::StatusOr<std::map<std::string, int64_t>> SchemaVersions(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<std::string> tables, ListTables(tx));
  std::map<std::string, int64_t> out;
  if (std::find(tables.begin(), tables.end(), "schema_migrations") ==
      tables.end())
    return out;
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query("SELECT module, MAX(version) FROM schema_migrations GROUP BY "
               "module ORDER BY module"));
  for (const db::Row& row : r.rows) out[row.Text(0)] = row.Int(1);
  return out;
}

absl::StatusOr<std::string> ExportSnapshot(db::Tx& tx) {
  ZWGK_RETURN_IF_ERROR(
      tx.Query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
          .status());
  ZWGK_ASSIGN_OR_RETURN(db::Row r,
                        tx.QueryOne("SELECT pg_export_snapshot()", {}, "快照"));
  return r.Text(0);
}

absl::StatusOr<std::string> QuickCheck(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(db::Result r, tx.Query("PRAGMA quick_check"));
  if (r.rows.empty()) return std::string("ok");
  return r.rows.front().Text(0);
}

}  // namespace zwgk::ops::store
