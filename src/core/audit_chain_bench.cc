// Measures the audit hash chain at scale (issue 20): a log of N entries
// written by an earlier release (no hashes) is upgraded by core migration 004
// (which chains every entry), then verified end to end.
//
//   audit_chain_bench [DB_URL] [N]
//   DB_URL: sqlite:/tmp/audit-bench.db (default; the file is recreated) or
//           a PostgreSQL URL to an empty database; N: 1000000 by default.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/audit_chain.h"
#include "core/db.h"
#include "core/migrate.h"

namespace {

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "audit_chain_bench: %s\n", s.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace zwgk;
  std::string url = argc > 1 ? argv[1] : "sqlite:/tmp/audit-bench.db";
  int64_t n = argc > 2 ? std::atoll(argv[2]) : 1000000;
  if (absl::StartsWith(url, "sqlite:")) {
    std::string path = url.substr(7);
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path + suffix);
  }
  auto db = db::Database::Open(url);
  if (!db.ok()) return Fail(db.status());
  auto core = EmbeddedMigrations("core");
  if (!core.ok()) return Fail(core.status());
  std::vector<Migration> before;
  for (const Migration& m : *core)
    if (m.version < 4) before.push_back(m);
  if (auto r = Migrate(**db, before); !r.ok()) return Fail(r.status());

  // Entries the size of real ones: a record's before/after JSON.
  const std::string cols =
      "INSERT INTO audit_log (at, user_id, user_name, action, entity, "
      "entity_id, before_json, after_json) ";
  const std::string values =
      "'2026-03-02T01:00:00Z', 3, '县教育局编辑', 'record.update', 'record', "
      "CAST(i AS TEXT), "
      "'{\"title\":\"关于2026年城乡居民最低生活保障标准调整的通知\","
      "\"status\":\"草稿\",\"disclosure\":\"主动公开\",\"version\":1,"
      "\"publish_by\":\"2026-03-20\"}', "
      "'{\"title\":\"关于2026年城乡居民最低生活保障标准调整的通知（修订）\","
      "\"status\":\"草稿\",\"disclosure\":\"主动公开\",\"version\":1,"
      "\"publish_by\":\"2026-03-20\"}'";
  std::string sql =
      (*db)->dialect() == db::Dialect::kPostgres
          ? absl::StrCat(cols, "SELECT ", values, " FROM generate_series(1, ",
                         n, ") AS g(i)")
          : absl::StrCat(
                "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT "
                "i + 1 FROM s WHERE i < ",
                n, ") ", cols, "SELECT ", values, " FROM s");
  absl::Time t0 = absl::Now();
  absl::Status s =
      (*db)->Transaction([&](db::Tx& tx) { return tx.Exec(sql).status(); });
  if (!s.ok()) return Fail(s);
  absl::Time t1 = absl::Now();
  if (auto r = Migrate(**db, *core); !r.ok()) return Fail(r.status());
  absl::Time t2 = absl::Now();
  auto report = audit::Verify(**db);
  if (!report.ok()) return Fail(report.status());
  absl::Time t3 = absl::Now();
  std::printf(
      "%s: %lld entries; insert %.1f s; upgrade (chain existing) %.1f s; "
      "verify %.1f s (%s, %lld verified)\n",
      (*db)->dialect() == db::Dialect::kPostgres ? "postgres" : "sqlite",
      static_cast<long long>(report->entries), absl::ToDoubleSeconds(t1 - t0),
      absl::ToDoubleSeconds(t2 - t1), absl::ToDoubleSeconds(t3 - t2),
      report->intact() ? "intact" : report->first_break->message.c_str(),
      static_cast<long long>(report->verified));
  return report->intact() ? 0 : 7;
}
