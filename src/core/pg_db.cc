// PostgreSQL driver on libpq: text parameters, per-connection prepared
// statements, SQLSTATE mapped to absl codes.
#include <libpq-fe.h>

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/db.h"
#include "core/db_pool.h"

namespace zwgk::db {
namespace {

// Type OIDs from pg_type.h (stable since forever).
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23,
              kFloat4Oid = 700, kFloat8Oid = 701, kNumericOid = 1700;

absl::Status PgError(const PGresult* res, PGconn* conn,
                     absl::string_view context) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = absl::StrCat(
      context, ": ", res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  absl::string_view code = state ? state : "";
  if (code == "23505") return absl::AlreadyExistsError(msg);
  if (absl::StartsWith(code, "23")) return absl::FailedPreconditionError(msg);
  if (code == "40001" || code == "40P01" || absl::StartsWith(code, "08") ||
      absl::StartsWith(code, "57P") || PQstatus(conn) != CONNECTION_OK) {
    return absl::UnavailableError(msg);
  }
  return absl::InternalError(msg);
}

class PgConn final : public Tx {
 public:
  explicit PgConn(PGconn* conn) : conn_(conn) {}
  ~PgConn() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgres; }
  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

  absl::StatusOr<Result> Query(absl::string_view sql,
                               const std::vector<Value>& params) override {
    absl::StatusOr<std::string> name = Prepare(sql, params.size());
    if (!name.ok()) return name.status();
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (std::holds_alternative<std::nullptr_t>(v)) continue;
      if (auto* n = std::get_if<int64_t>(&v)) {
        texts[i] = absl::StrCat(*n);
      } else if (auto* d = std::get_if<double>(&v)) {
        texts[i] = absl::StrCat(*d);
      } else {
        texts[i] = std::get<std::string>(v);
      }
      values[i] = texts[i].c_str();
    }
    PGresult* res =
        PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()),
                       values.data(), nullptr, nullptr, 0);
    absl::StatusOr<Result> out = Convert(res, sql);
    PQclear(res);
    return out;
  }

  absl::Status ExecScript(absl::string_view sql) override {
    NoteScript();
    PGresult* res = PQexec(conn_, std::string(sql).c_str());
    ExecStatusType st = PQresultStatus(res);
    absl::Status s = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ||
                      st == PGRES_EMPTY_QUERY)
                         ? absl::OkStatus()
                         : PgError(res, conn_, "script");
    PQclear(res);
    return s;
  }

 private:
  absl::StatusOr<std::string> Prepare(absl::string_view sql, size_t nparams) {
    auto it = prepared_.find(sql);
    if (it != prepared_.end()) return it->second;
    std::string name = absl::StrCat("s", prepared_.size());
    std::string numbered = NumberPlaceholders(sql);
    PGresult* res = PQprepare(conn_, name.c_str(), numbered.c_str(),
                              static_cast<int>(nparams), nullptr);
    absl::Status s = PQresultStatus(res) == PGRES_COMMAND_OK
                         ? absl::OkStatus()
                         : PgError(res, conn_, absl::StrCat("prepare: ", sql));
    PQclear(res);
    if (!s.ok()) return s;
    prepared_.emplace(std::string(sql), name);
    return name;
  }

  absl::StatusOr<Result> Convert(PGresult* res, absl::string_view sql) {
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
      return PgError(res, conn_, sql);
    Result result;
    int ncol = PQnfields(res), nrow = PQntuples(res);
    std::vector<Oid> types(ncol);
    for (int c = 0; c < ncol; ++c) {
      result.columns.emplace_back(PQfname(res, c));
      types[c] = PQftype(res, c);
    }
    result.rows.reserve(nrow);
    for (int r = 0; r < nrow; ++r) {
      std::vector<Value> row;
      row.reserve(ncol);
      for (int c = 0; c < ncol; ++c) row.push_back(Cell(res, r, c, types[c]));
      result.rows.emplace_back(std::move(row));
    }
    const char* affected = PQcmdTuples(res);
    result.affected =
        affected && *affected ? std::strtoll(affected, nullptr, 10) : 0;
    NoteStatement(sql, result.affected);
    return result;
  }

  static Value Cell(PGresult* res, int r, int c, Oid type) {
    if (PQgetisnull(res, r, c)) return nullptr;
    const char* v = PQgetvalue(res, r, c);
    switch (type) {
      case kInt2Oid:
      case kInt4Oid:
      case kInt8Oid:
        return static_cast<int64_t>(std::strtoll(v, nullptr, 10));
      case kBoolOid:
        return static_cast<int64_t>(v[0] == 't' ? 1 : 0);
      case kFloat4Oid:
      case kFloat8Oid:
      case kNumericOid:
        return std::strtod(v, nullptr);
      default:
        return std::string(v, PQgetlength(res, r, c));
    }
  }

  PGconn* conn_;
  std::map<std::string, std::string, std::less<>> prepared_;
};

absl::StatusOr<std::unique_ptr<Tx>> Connect(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    absl::Status s = absl::UnavailableError(
        absl::StrCat("无法连接 PostgreSQL：", PQerrorMessage(conn)));
    PQfinish(conn);
    return s;
  }
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  auto c = std::make_unique<PgConn>(conn);
  absl::Status s =
      c->ExecScript("SET client_encoding TO 'UTF8'; SET TIME ZONE 'UTC'");
  if (!s.ok()) return s;
  return std::unique_ptr<Tx>(std::move(c));
}

class PgDatabase final : public Database {
 public:
  explicit PgDatabase(std::string url)
      : pool_([url] { return Connect(url); }, 8) {}

  Dialect dialect() const override { return Dialect::kPostgres; }

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
    absl::StatusOr<Result> r = (*lease)->Query(sql, params);
    DiscardIfBroken(*lease);
    return r;
  }

  absl::Status Transaction(
      const std::function<absl::Status(Tx&)>& fn) override {
    absl::Status status;
    for (int attempt = 0; attempt < 3; ++attempt) {
      auto lease = pool_.Acquire();
      if (!lease.ok()) return lease.status();
      status = RunTransaction(**lease, fn, local_writes_);
      DiscardIfBroken(*lease);
      if (status.code() != absl::StatusCode::kUnavailable) return status;
    }
    return status;
  }

 private:
  static void DiscardIfBroken(Pool<Tx>::Lease& lease) {
    if (!static_cast<PgConn&>(*lease).healthy()) lease.Discard();
  }
  Pool<Tx> pool_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Database>> OpenPostgres(absl::string_view url) {
  auto db = std::make_unique<PgDatabase>(std::string(url));
  absl::StatusOr<Result> probe = db->Query("SELECT 1", {});
  if (!probe.ok()) return probe.status();
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace zwgk::db
