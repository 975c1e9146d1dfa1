#include "core/db.h"

#include <charconv>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace zwgk::db {

absl::StatusOr<std::unique_ptr<Database>> OpenSqlite(absl::string_view path);
absl::StatusOr<std::unique_ptr<Database>> OpenPostgres(absl::string_view url);

int64_t Row::Int(size_t i) const {
  const Value& v = values_.at(i);
  if (auto* p = std::get_if<int64_t>(&v)) return *p;
  if (auto* p = std::get_if<double>(&v)) return static_cast<int64_t>(*p);
  if (auto* p = std::get_if<std::string>(&v)) {
    int64_t out = 0;
    std::from_chars(p->data(), p->data() + p->size(), out);
    return out;
  }
  return 0;
}

double Row::Double(size_t i) const {
  const Value& v = values_.at(i);
  if (auto* p = std::get_if<double>(&v)) return *p;
  if (auto* p = std::get_if<int64_t>(&v)) return static_cast<double>(*p);
  if (auto* p = std::get_if<std::string>(&v))
    return std::strtod(p->c_str(), nullptr);
  return 0;
}

std::string Row::Text(size_t i) const {
  const Value& v = values_.at(i);
  if (auto* p = std::get_if<std::string>(&v)) return *p;
  if (auto* p = std::get_if<int64_t>(&v)) return absl::StrCat(*p);
  if (auto* p = std::get_if<double>(&v)) return absl::StrCat(*p);
  return "";
}

std::optional<int64_t> Row::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

std::optional<std::string> Row::OptText(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

absl::StatusOr<int64_t> Tx::Exec(absl::string_view sql,
                                 const std::vector<Value>& params) {
  absl::StatusOr<Result> r = Query(sql, params);
  if (!r.ok()) return r.status();
  return r->affected;
}

absl::StatusOr<Row> Tx::QueryOne(absl::string_view sql,
                                 const std::vector<Value>& params,
                                 absl::string_view what) {
  absl::StatusOr<Result> r = Query(sql, params);
  if (!r.ok()) return r.status();
  if (r->rows.empty())
    return absl::NotFoundError(absl::StrCat(what, " 不存在"));
  return std::move(r->rows.front());
}

absl::StatusOr<std::optional<Row>> Tx::QueryOptional(
    absl::string_view sql, const std::vector<Value>& params) {
  absl::StatusOr<Result> r = Query(sql, params);
  if (!r.ok()) return r.status();
  if (r->rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(r->rows.front()));
}

absl::StatusOr<int64_t> Tx::Insert(absl::string_view sql,
                                   const std::vector<Value>& params) {
  absl::StatusOr<Result> r = Query(sql, params);
  if (!r.ok()) return r.status();
  if (r->rows.empty() || r->rows.front().size() == 0) {
    return absl::InternalError("INSERT returned no id (missing RETURNING id?)");
  }
  return r->rows.front().Int(0);
}

absl::StatusOr<std::unique_ptr<Database>> Database::Open(
    absl::string_view url) {
  if (absl::StartsWith(url, "sqlite:")) return OpenSqlite(url.substr(7));
  if (absl::StartsWith(url, "postgresql://") ||
      absl::StartsWith(url, "postgres://")) {
    return OpenPostgres(url);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("数据库地址无法识别：\"", url,
                   "\"（应为 sqlite:路径 或 postgresql://…）"));
}

void Tx::NoteStatement(absl::string_view sql, int64_t affected) {
  if (affected <= 0 || wrote_) return;
  absl::string_view head = absl::StripLeadingAsciiWhitespace(sql).substr(0, 6);
  wrote_ = absl::EqualsIgnoreCase(head, "INSERT") ||
           absl::EqualsIgnoreCase(head, "UPDATE") ||
           absl::EqualsIgnoreCase(head, "DELETE");
}

int64_t SiteGeneration(Database& db) {
  absl::StatusOr<Result> r =
      db.Query("SELECT n FROM site_generation WHERE id = 1", {});
  if (!r.ok() || r->rows.empty()) return -1;
  return r->rows[0].Int(0);
}

int64_t Database::RecentSiteGeneration(absl::Time now, absl::Duration max_age) {
  // The count first: a write committed after it moves it, and the next
  // call reads again.
  const int64_t writes = local_writes();
  {
    std::lock_guard lock(generation_mu_);
    if (generation_ >= 0 && writes == generation_local_writes_ &&
        now >= generation_read_at_ && now - generation_read_at_ < max_age) {
      return generation_;
    }
  }
  const int64_t generation = SiteGeneration(*this);
  if (generation < 0) return generation;
  std::lock_guard lock(generation_mu_);
  generation_ = generation;
  generation_local_writes_ = writes;
  generation_read_at_ = now;
  return generation;
}

absl::Status RunTransaction(Tx& tx, const std::function<absl::Status(Tx&)>& fn,
                            std::atomic<int64_t>& local_writes) {
  absl::Status status = tx.ExecScript("BEGIN");
  if (!status.ok()) return status;
  tx.ResetWrote();
  try {
    status = fn(tx);
  } catch (...) {
    // An exception out of `fn` (a library that throws) must not leave the
    // connection inside the transaction: every later BEGIN on it would fail.
    (void)tx.ExecScript("ROLLBACK");
    tx.ResetWrote();
    throw;
  }
  if (status.ok() && tx.wrote()) {
    // In the same transaction, so a reader sees the new number exactly when
    // it sees the new rows. In a savepoint, because the table does not exist
    // until the core migrations ran (and PostgreSQL aborts a transaction
    // whose statement failed).
    (void)tx.ExecScript("SAVEPOINT site_generation");
    if (tx.Query("UPDATE site_generation SET n = n + 1 WHERE id = 1", {})
            .ok()) {
      (void)tx.ExecScript("RELEASE SAVEPOINT site_generation");
    } else {
      (void)tx.ExecScript("ROLLBACK TO SAVEPOINT site_generation");
    }
  }
  const bool wrote = status.ok() && tx.wrote();
  if (status.ok()) status = tx.ExecScript("COMMIT");
  if (!status.ok()) (void)tx.ExecScript("ROLLBACK");
  tx.ResetWrote();
  // After the commit, so a reader that sees the new count finds the rows.
  // Also after a failed COMMIT: one needless re-read at worst.
  if (wrote) local_writes.fetch_add(1, std::memory_order_release);
  return status;
}

std::string NumberPlaceholders(absl::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out.push_back(c);
    } else if (c == '\'' || c == '"') {
      quote = c;
      out.push_back(c);
    } else if (c == '?') {
      absl::StrAppend(&out, "$", ++n);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string ApplyDialect(absl::string_view sql, Dialect dialect) {
  if (dialect == Dialect::kSqlite) {
    return absl::StrReplaceAll(sql,
                               {{"{{id}}", "INTEGER PRIMARY KEY AUTOINCREMENT"},
                                {"{{blob}}", "BLOB"}});
  }
  return absl::StrReplaceAll(
      sql, {{"{{id}}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
            {"{{blob}}", "BYTEA"}});
}

}  // namespace zwgk::db
