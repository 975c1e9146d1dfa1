#include "search/store.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/status.h"

namespace zwgk::search::store {

absl::Status Enqueue(db::Tx& tx, int64_t record_id, absl::string_view now) {
  return tx
      .Exec("INSERT INTO search_outbox (record_id, created_at) VALUES (?, ?)",
            {record_id, std::string(now)})
      .status();
}

absl::StatusOr<std::vector<OutboxRow>> Pending(db::Tx& tx, int64_t after,
                                               int limit) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query("SELECT id, record_id FROM search_outbox WHERE id > ? "
               "ORDER BY id LIMIT ?",
               {after, int64_t{limit}}));
  std::vector<OutboxRow> out;
  for (const db::Row& row : r.rows) out.push_back({row.Int(0), row.Int(1)});
  return out;
}

absl::StatusOr<int64_t> PendingCount(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(db::Result r,
                        tx.Query("SELECT COUNT(*) FROM search_outbox"));
  return r.rows.at(0).Int(0);
}

absl::StatusOr<int64_t> MaxId(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r, tx.Query("SELECT COALESCE(MAX(id), 0) FROM search_outbox"));
  return r.rows.at(0).Int(0);
}

absl::Status DeleteUpTo(db::Tx& tx, int64_t upto) {
  ZWGK_ASSIGN_OR_RETURN(std::optional<int64_t> floor, ReindexFloor(tx));
  int64_t limit = floor ? std::min(upto, *floor) : upto;
  return tx.Exec("DELETE FROM search_outbox WHERE id <= ?", {limit}).status();
}

absl::Status DeleteApplied(db::Tx& tx, const std::vector<int64_t>& ids) {
  ZWGK_ASSIGN_OR_RETURN(std::optional<int64_t> floor, ReindexFloor(tx));
  for (int64_t id : ids) {
    if (floor && id > *floor) continue;
    ZWGK_RETURN_IF_ERROR(
        tx.Exec("DELETE FROM search_outbox WHERE id = ?", {id}).status());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> IndexId(db::Tx& tx, absl::string_view fresh) {
  ZWGK_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO search_state (key, value) VALUES ('index_id', ?) "
              "ON CONFLICT (key) DO NOTHING",
              {std::string(fresh)})
          .status());
  ZWGK_ASSIGN_OR_RETURN(
      db::Row r,
      tx.QueryOne("SELECT value FROM search_state WHERE key = 'index_id'", {},
                  "检索索引编号"));
  return r.Text(0);
}

absl::StatusOr<std::optional<int64_t>> ReindexFloor(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> r,
      tx.QueryOptional(
          "SELECT value FROM search_state WHERE key = 'reindex_floor'"));
  if (!r) return std::nullopt;
  int64_t f = 0;
  if (!absl::SimpleAtoi(r->Text(0), &f)) return std::nullopt;
  return f;
}

absl::Status SetReindexFloor(db::Tx& tx, std::optional<int64_t> floor) {
  ZWGK_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM search_state WHERE key = 'reindex_floor'").status());
  if (!floor) return absl::OkStatus();
  return tx
      .Exec(
          "INSERT INTO search_state (key, value) VALUES "
          "('reindex_floor', ?)",
          {absl::StrCat(*floor)})
      .status();
}

}  // namespace zwgk::search::store
