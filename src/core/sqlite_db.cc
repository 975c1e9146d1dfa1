// SQLite driver: WAL, foreign keys, busy timeout, cached prepared statements.
#include <sqlite3.h>
#include <sys/statvfs.h>

#include <filesystem>
#include <map>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/db.h"
#include "core/db_pool.h"

namespace zwgk::db {
namespace {

absl::Status SqliteError(sqlite3* db, int rc, absl::string_view context) {
  std::string msg =
      absl::StrCat(context, ": ", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::UnavailableError(msg);
    // Storage faults: nothing was written (SQLite rolls back), and the
    // same request succeeds once the operator fixes the disk. web.cc shows
    // these words' own message.
    case SQLITE_FULL:
      return absl::UnavailableError(absl::StrCat("磁盘空间不足：", msg));
    case SQLITE_READONLY:
      return absl::UnavailableError(absl::StrCat("数据目录只读：", msg));
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE ||
          rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return absl::AlreadyExistsError(msg);
      }
      return absl::FailedPreconditionError(msg);
    default:
      return absl::InternalError(msg);
  }
}

class SqliteConn final : public Tx {
 public:
  explicit SqliteConn(sqlite3* db) : db_(db) {}
  ~SqliteConn() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  absl::StatusOr<Result> Query(absl::string_view sql,
                               const std::vector<Value>& params) override {
    absl::StatusOr<sqlite3_stmt*> stmt = Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    sqlite3_stmt* st = *stmt;
    absl::Status bound = Bind(st, params, sql);
    if (!bound.ok()) return bound;
    Result result;
    int ncol = sqlite3_column_count(st);
    for (int i = 0; i < ncol; ++i)
      result.columns.emplace_back(sqlite3_column_name(st, i));
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      std::vector<Value> row;
      row.reserve(ncol);
      for (int i = 0; i < ncol; ++i) row.push_back(Column(st, i));
      result.rows.emplace_back(std::move(row));
    }
    absl::Status status =
        rc == SQLITE_DONE ? absl::OkStatus() : SqliteError(db_, rc, sql);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (!status.ok()) return status;
    result.affected = sqlite3_changes(db_);
    NoteStatement(sql, result.affected);
    return result;
  }

  absl::Status ExecScript(absl::string_view sql) override {
    NoteScript();
    // Every transaction runs these: from the statement cache, not through
    // sqlite3_exec's prepare and finalize each time (about 4 % of a page
    // rendered from the database).
    if (sql == "BEGIN" || sql == "COMMIT" || sql == "ROLLBACK")
      return StepCached(sql);
    char* err = nullptr;
    int rc =
        sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err);
    if (rc == SQLITE_OK) return absl::OkStatus();
    absl::Status s = SqliteError(nullptr, rc, err ? err : "script");
    sqlite3_free(err);
    return s;
  }

 private:
  absl::Status StepCached(absl::string_view sql) {
    absl::StatusOr<sqlite3_stmt*> st = Prepare(sql);
    if (!st.ok()) return st.status();
    const int rc = sqlite3_step(*st);
    absl::Status status =
        rc == SQLITE_DONE ? absl::OkStatus() : SqliteError(db_, rc, sql);
    sqlite3_reset(*st);
    return status;
  }

  absl::StatusOr<sqlite3_stmt*> Prepare(absl::string_view sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return it->second;
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &st, nullptr);
    if (rc != SQLITE_OK)
      return SqliteError(db_, rc, absl::StrCat("prepare: ", sql));
    cache_.emplace(std::string(sql), st);
    return st;
  }

  absl::Status Bind(sqlite3_stmt* st, const std::vector<Value>& params,
                    absl::string_view sql) {
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(st)) {
      return absl::InternalError(
          absl::StrCat("wrong parameter count ", params.size(), " for ", sql));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      const Value& v = params[i];
      int rc;
      if (std::holds_alternative<std::nullptr_t>(v)) {
        rc = sqlite3_bind_null(st, idx);
      } else if (auto* n = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(st, idx, *n);
      } else if (auto* d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(st, idx, *d);
      } else {
        const std::string& s = std::get<std::string>(v);
        rc = sqlite3_bind_text(st, idx, s.data(), static_cast<int>(s.size()),
                               SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "bind");
    }
    return absl::OkStatus();
  }

  static Value Column(sqlite3_stmt* st, int i) {
    switch (sqlite3_column_type(st, i)) {
      case SQLITE_INTEGER:
        return static_cast<int64_t>(sqlite3_column_int64(st, i));
      case SQLITE_FLOAT:
        return sqlite3_column_double(st, i);
      case SQLITE_NULL:
        return nullptr;
      default: {
        const char* p = static_cast<const char*>(sqlite3_column_blob(st, i));
        return std::string(p ? p : "", sqlite3_column_bytes(st, i));
      }
    }
  }

  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
};

// SQLite says only that it cannot open the file when the data directory's
// file system is read-only (WAL needs its -shm file): say which it is.
absl::Status OnReadOnlyDir(const std::string& path, absl::Status s) {
  if (s.ok() || absl::StartsWith(s.message(), "数据目录只读")) return s;
  std::string dir = std::filesystem::path(path).parent_path().string();
  struct statvfs st;
  if (::statvfs(dir.empty() ? "." : dir.c_str(), &st) == 0 &&
      (st.f_flag & ST_RDONLY)) {
    return absl::UnavailableError(absl::StrCat("数据目录只读：", s.message()));
  }
  return s;
}

absl::StatusOr<std::unique_ptr<SqliteConn>> Connect(const std::string& path) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
              SQLITE_OPEN_URI;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    absl::Status s =
        SqliteError(raw, rc, absl::StrCat("无法打开数据库 ", path));
    sqlite3_close_v2(raw);
    return OnReadOnlyDir(path, s);
  }
  auto conn = std::make_unique<SqliteConn>(raw);
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 5000);
  // mmap: reads of a large database (a million records, 2 GB) come from
  // the page cache without a pread and a copy per page; measured on the
  // first render after a publication (issue 22). Address space only: the
  // kernel shares the pages between connections.
  absl::Status s = conn->ExecScript(
      "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA "
      "synchronous=NORMAL; PRAGMA mmap_size=1073741824;");
  if (!s.ok()) return OnReadOnlyDir(path, s);
  return conn;
}

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, size_t pool_size)
      : pool_([path] { return ConnectTx(path); }, pool_size) {}

  Dialect dialect() const override { return Dialect::kSqlite; }

  PoolStats pool_stats() const override {
    auto s = pool_.stats();
    return {.open = s.open,
            .idle = s.idle,
            .max = s.max,
            .waiting = s.waiting,
            .acquired = s.acquired,
            .waited = s.waited};
  }

  absl::StatusOr<Result> Query(absl::string_view sql,
                               const std::vector<Value>& params) override {
    auto lease = pool_.Acquire();
    if (!lease.ok()) return lease.status();
    return (*lease)->Query(sql, params);
  }

  absl::Status Transaction(
      const std::function<absl::Status(Tx&)>& fn) override {
    absl::Status status;
    // A deferred transaction that upgrades to a write can meet SQLITE_BUSY
    // without waiting (deadlock avoidance); the whole action is retried.
    for (int attempt = 0; attempt < 5; ++attempt) {
      auto lease = pool_.Acquire();
      if (!lease.ok()) return lease.status();
      status = RunTransaction(**lease, fn, local_writes_);
      if (status.code() != absl::StatusCode::kUnavailable) return status;
      std::this_thread::yield();
    }
    return status;
  }

 private:
  static absl::StatusOr<std::unique_ptr<Tx>> ConnectTx(
      const std::string& path) {
    auto c = Connect(path);
    if (!c.ok()) return c.status();
    return std::unique_ptr<Tx>(std::move(*c));
  }

  Pool<Tx> pool_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Database>> OpenSqlite(absl::string_view path) {
  std::string p(path);
  bool memory = p.empty() || p == ":memory:";
  if (memory) p = ":memory:";
  // An in-memory database exists per connection: keep exactly one.
  auto db = std::make_unique<SqliteDatabase>(p, memory ? 1 : 8);
  // Open one connection now so a bad path fails at start, not on first use.
  absl::StatusOr<Result> probe = db->Query("SELECT 1", {});
  if (!probe.ok()) return probe.status();
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace zwgk::db
