// The search outbox and state in the database (see
// migrations/001_search.sql), used inside the caller's transaction.
#ifndef ZWGK_SEARCH_STORE_H_
#define ZWGK_SEARCH_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/db.h"

namespace zwgk::search {

struct OutboxRow {
  int64_t id = 0;
  int64_t record_id = 0;
};

namespace store {

// Inside the record's transaction, so the row commits or rolls back with
// the change.
[[nodiscard]] absl::Status Enqueue(db::Tx& tx, int64_t record_id,
                                   absl::string_view now);
// The oldest `limit` rows after id `after`.
[[nodiscard]] absl::StatusOr<std::vector<OutboxRow>> Pending(db::Tx& tx,
                                                             int64_t after,
                                                             int limit);
[[nodiscard]] absl::StatusOr<int64_t> PendingCount(db::Tx& tx);
// The highest outbox id; 0 when the outbox is empty.
[[nodiscard]] absl::StatusOr<int64_t> MaxId(db::Tx& tx);
// Deletes rows with id <= upto, but none above a rebuild's floor.
[[nodiscard]] absl::Status DeleteUpTo(db::Tx& tx, int64_t upto);
// Deletes exactly these rows (the ones a drain read and applied), none above
// a rebuild's floor. On PostgreSQL ids are taken at insert, not at commit: a
// lower id can commit after a drain read a higher one, so "id <= the highest
// applied" would delete a change that was never applied.
[[nodiscard]] absl::Status DeleteApplied(db::Tx& tx,
                                         const std::vector<int64_t>& ids);

// This database's index name: `fresh` when none was recorded yet (it is
// then recorded), else the one recorded first.
[[nodiscard]] absl::StatusOr<std::string> IndexId(db::Tx& tx,
                                                  absl::string_view fresh);

// The outbox id a running rebuild started from, if one runs (or crashed).
[[nodiscard]] absl::StatusOr<std::optional<int64_t>> ReindexFloor(db::Tx& tx);
[[nodiscard]] absl::Status SetReindexFloor(db::Tx& tx,
                                           std::optional<int64_t> floor);

}  // namespace store
}  // namespace zwgk::search

#endif  // ZWGK_SEARCH_STORE_H_
