#include "core/migrate.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "absl/strings/str_cat.h"
#include "core/audit_chain.h"
#include "core/resources.h"

namespace zwgk {
namespace {

// Steps SQL cannot do, run right after a migration's script in its
// transaction: core/004 chains the audit entries already there (SHA-256).
absl::Status AfterScript(db::Tx& tx, const Migration& m) {
  if (m.module == "core" && m.version == 4) {
    return audit::ChainUnchained(tx).status();
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<Migration>> EmbeddedMigrations(
    absl::string_view module) {
  std::string prefix = absl::StrCat("src/", module, "/migrations/");
  std::vector<Migration> out;
  std::set<int> seen;
  for (const resources::Entry& e : resources::Under(prefix)) {
    absl::string_view name = e.path.substr(prefix.size());
    int version = 0;
    auto [ptr, ec] =
        std::from_chars(name.data(), name.data() + name.size(), version);
    if (ec != std::errc() || ptr == name.data() || *ptr != '_') {
      return absl::InternalError(
          absl::StrCat("migration file name must be NNN_name.sql: ", e.path));
    }
    if (!seen.insert(version).second) {
      return absl::InternalError(
          absl::StrCat("two migrations numbered ", version, " in ", module));
    }
    out.push_back(
        {std::string(module), version, std::string(name), std::string(e.data)});
  }
  return out;
}

absl::StatusOr<int> Migrate(db::Database& db,
                            const std::vector<Migration>& all) {
  absl::Status s = db.Transaction([&](db::Tx& tx) {
    return tx.ExecScript(
        "CREATE TABLE IF NOT EXISTS schema_migrations (module TEXT NOT NULL, "
        "version INTEGER NOT "
        "NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY "
        "(module, version))");
  });
  if (!s.ok()) return s;
  int applied = 0;
  for (const Migration& m : all) {
    s = db.Transaction([&](db::Tx& tx) -> absl::Status {
      auto done = tx.QueryOptional(
          "SELECT 1 FROM schema_migrations WHERE module = ? AND version = ?",
          {m.module, int64_t{m.version}});
      if (!done.ok()) return done.status();
      if (done->has_value()) return absl::OkStatus();
      absl::Status run = tx.ExecScript(db::ApplyDialect(m.sql, tx.dialect()));
      if (run.ok()) run = AfterScript(tx, m);
      if (!run.ok()) {
        return absl::Status(
            run.code(), absl::StrCat("migration ", m.module, "/", m.name, ": ",
                                     run.message()));
      }
      auto rec = tx.Exec(
          "INSERT INTO schema_migrations (module, version, name, applied_at) "
          "VALUES (?, ?, ?, "
          "CURRENT_TIMESTAMP)",
          {m.module, int64_t{m.version}, m.name});
      if (!rec.ok()) return rec.status();
      ++applied;
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
  }
  return applied;
}

}  // namespace zwgk
