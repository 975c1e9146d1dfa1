#include "search/store.h"

#include <random>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "core/status.h"

namespace zwgk::search {

absl::Status Store::Enqueue(db::Tx& tx, int64_t record_id,
                            absl::string_view now) {
  return tx
      .Exec("INSERT INTO search_outbox (record_id, created_at) VALUES (?, ?)",
            {record_id, std::string(now)})
      .status();
}

absl::StatusOr<std::vector<OutboxRow>> Store::Pending(int64_t after,
                                                      int limit) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      db_.Query("SELECT id, record_id FROM search_outbox WHERE id > ? "
                "ORDER BY id LIMIT ?",
                {after, int64_t{limit}}));
  std::vector<OutboxRow> out;
  for (const db::Row& row : r.rows) out.push_back({row.Int(0), row.Int(1)});
  return out;
}

absl::StatusOr<int64_t> Store::PendingCount() {
  ZWGK_ASSIGN_OR_RETURN(db::Result r,
                        db_.Query("SELECT COUNT(*) FROM search_outbox"));
  return r.rows.at(0).Int(0);
}

absl::StatusOr<int64_t> Store::MaxId() {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      db_.Query("SELECT COALESCE(MAX(id), 0) FROM search_outbox"));
  return r.rows.at(0).Int(0);
}

absl::Status Store::DeleteUpTo(int64_t upto) {
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(
        std::optional<db::Row> floor,
        tx.QueryOptional(
            "SELECT value FROM search_state WHERE key = 'reindex_floor'"));
    int64_t limit = upto;
    if (floor) {
      int64_t f = 0;
      if (absl::SimpleAtoi(floor->Text(0), &f)) limit = std::min(limit, f);
    }
    return tx.Exec("DELETE FROM search_outbox WHERE id <= ?", {limit}).status();
  });
}

absl::StatusOr<std::string> Store::IndexId() {
  std::random_device rd;
  std::string fresh = absl::StrFormat(
      "%08x%08x", rd(),
      static_cast<uint32_t>(absl::ToUnixNanos(absl::Now()) & 0xffffffff));
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    return tx
        .Exec(
            "INSERT INTO search_state (key, value) VALUES ('index_id', ?) "
            "ON CONFLICT (key) DO NOTHING",
            {fresh})
        .status();
  }));
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      db_.Query("SELECT value FROM search_state WHERE key = 'index_id'"));
  return r.rows.at(0).Text(0);
}

absl::StatusOr<std::optional<int64_t>> Store::ReindexFloor() {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      db_.Query("SELECT value FROM search_state WHERE key = 'reindex_floor'"));
  if (r.rows.empty()) return std::nullopt;
  int64_t f = 0;
  if (!absl::SimpleAtoi(r.rows[0].Text(0), &f)) return std::nullopt;
  return f;
}

absl::Status Store::SetReindexFloor(std::optional<int64_t> floor) {
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_RETURN_IF_ERROR(
        tx.Exec("DELETE FROM search_state WHERE key = 'reindex_floor'")
            .status());
    if (!floor) return absl::OkStatus();
    return tx
        .Exec(
            "INSERT INTO search_state (key, value) VALUES "
            "('reindex_floor', ?)",
            {absl::StrCat(*floor)})
        .status();
  });
}

}  // namespace zwgk::search
