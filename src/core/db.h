// One small interface over SQLite and PostgreSQL.
//
// SQL is written once, portable, with `?` placeholders (rewritten to $1, $2 …
// for PostgreSQL). Values are NULL, 64-bit integers, doubles or text; booleans
// are stored as 0/1 integers and timestamps as RFC 3339 UTC text, so the same
// rows come back the same from both engines.
//
// Driver errors map to absl codes: no row → NotFound (from QueryOne), unique
// or foreign-key violation → AlreadyExists / FailedPrecondition, busy or lost
// connection → Unavailable, anything else → Internal.
#ifndef ZWGK_CORE_DB_H_
#define ZWGK_CORE_DB_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace zwgk::db {

enum class Dialect { kSqlite, kPostgres };

using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;

// Convenience for optional parameters.
template <typename T>
Value OrNull(const std::optional<T>& v) {
  if (!v) return nullptr;
  return Value(*v);
}

// One result row. Accessors by column index; out-of-range or wrong-type
// access is a programming error and aborts in debug builds.
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  bool IsNull(size_t i) const {
    return std::holds_alternative<std::nullptr_t>(values_.at(i));
  }
  int64_t Int(size_t i) const;       // NULL → 0; text parsed
  double Double(size_t i) const;     // NULL → 0
  std::string Text(size_t i) const;  // NULL → ""; numbers formatted
  std::optional<int64_t> OptInt(size_t i) const;
  std::optional<std::string> OptText(size_t i) const;
  bool Bool(size_t i) const { return Int(i) != 0; }
  size_t size() const { return values_.size(); }
  const Value& at(size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

struct Result {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
};

// A connection inside a transaction (or the autocommit connection). Not
// thread-safe; used by one thread for the duration of a call.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Dialect dialect() const = 0;

  // Whether this transaction changed any row or the schema (drivers record
  // it); a committed write bumps the site generation (see below).
  bool wrote() const { return wrote_; }
  void ResetWrote() { wrote_ = false; }

  // Runs one statement and returns all rows.
  [[nodiscard]] virtual absl::StatusOr<Result> Query(
      absl::string_view sql, const std::vector<Value>& params = {}) = 0;

  // Runs a script of several statements without parameters (migrations).
  [[nodiscard]] virtual absl::Status ExecScript(absl::string_view sql) = 0;

  // Runs one statement; returns the number of rows changed.
  [[nodiscard]] absl::StatusOr<int64_t> Exec(
      absl::string_view sql, const std::vector<Value>& params = {});

  // Exactly one row, or NotFound(`what`).
  [[nodiscard]] absl::StatusOr<Row> QueryOne(absl::string_view sql,
                                             const std::vector<Value>& params,
                                             absl::string_view what);

  // At most one row.
  [[nodiscard]] absl::StatusOr<std::optional<Row>> QueryOptional(
      absl::string_view sql, const std::vector<Value>& params = {});

  // Records a statement's effect for wrote(): INSERT, UPDATE and DELETE that
  // changed rows, and scripts (DDL).
  void NoteStatement(absl::string_view sql, int64_t affected);
  void NoteScript() { wrote_ = true; }

  // INSERT … RETURNING id, returning the id.
  [[nodiscard]] absl::StatusOr<int64_t> Insert(
      absl::string_view sql, const std::vector<Value>& params);

 private:
  bool wrote_ = false;
};

class Database {
 public:
  virtual ~Database() = default;

  // Opens "sqlite:PATH", "sqlite::memory:", or "postgresql://…" /
  // "postgres://…". SQLite gets WAL, foreign keys and a busy timeout; an
  // in-memory database keeps a single connection so all callers see the same
  // data.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Database>> Open(
      absl::string_view url);

  virtual Dialect dialect() const = 0;

  // The connection pool's figures (/metrics); zero for a driver without one.
  struct PoolStats {
    int64_t open = 0, idle = 0, max = 0, waiting = 0;
    int64_t acquired = 0, waited = 0;
  };
  virtual PoolStats pool_stats() const { return {}; }

  // Runs `fn` in one transaction: commits when it returns OK, rolls back
  // otherwise (and on Unavailable from a busy database, retries a few times).
  // The status of `fn` is returned unchanged.
  [[nodiscard]] virtual absl::Status Transaction(
      const std::function<absl::Status(Tx&)>& fn) = 0;

  // One statement outside any explicit transaction (autocommit): for reads.
  [[nodiscard]] virtual absl::StatusOr<Result> Query(
      absl::string_view sql, const std::vector<Value>& params = {}) = 0;

  // The value of Transaction when fn produces a result.
  template <typename T>
  [[nodiscard]] absl::StatusOr<T> InTransaction(
      const std::function<absl::StatusOr<T>(Tx&)>& fn) {
    std::optional<T> out;
    absl::Status s = Transaction([&](Tx& tx) -> absl::Status {
      auto r = fn(tx);
      if (!r.ok()) return r.status();
      out = std::move(*r);
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
    return std::move(*out);
  }

  // Transactions that wrote and reached COMMIT in this process, on any
  // connection.
  int64_t local_writes() const {
    return local_writes_.load(std::memory_order_acquire);
  }

  // The site generation (SiteGeneration below) as this process last read
  // it: read again when a transaction of this process wrote since, or when
  // the copy is older than `max_age` at `now`, for writes of other
  // processes (the CLI, a second server). The caches of pages and site data
  // ask on every request; the SELECT was about a tenth of a cached page's
  // CPU. -1 when unreadable.
  [[nodiscard]] int64_t RecentSiteGeneration(
      absl::Time now, absl::Duration max_age = kGenerationMaxAge);
  static constexpr absl::Duration kGenerationMaxAge = absl::Milliseconds(250);

 protected:
  std::atomic<int64_t> local_writes_{0};

 private:
  std::mutex generation_mu_;
  int64_t generation_ = -1;
  int64_t generation_local_writes_ = -1;  // local_writes() when read
  absl::Time generation_read_at_ = absl::InfinitePast();
};

// The site generation: a counter in the database (table site_generation,
// created by the core migrations) that every committed write increments, so
// caches of rendered pages in any process know when they went stale.
// Returns -1 before the migrations ran.
[[nodiscard]] int64_t SiteGeneration(Database& db);

// For drivers: BEGIN, `fn`, then COMMIT (bumping the site generation, and
// `local_writes` after the commit, when `fn` wrote) or ROLLBACK. Returns the
// status of `fn` or of the commit.
[[nodiscard]] absl::Status RunTransaction(
    Tx& tx, const std::function<absl::Status(Tx&)>& fn,
    std::atomic<int64_t>& local_writes);

// Rewrites `?` placeholders outside quotes to $1, $2, … (PostgreSQL).
std::string NumberPlaceholders(absl::string_view sql);

// Replaces dialect tokens in migration SQL: {{id}} (auto-increment integer
// primary key), {{blob}}.
std::string ApplyDialect(absl::string_view sql, Dialect dialect);

}  // namespace zwgk::db

#endif  // ZWGK_CORE_DB_H_
