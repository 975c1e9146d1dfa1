// The search outbox in the database (see migrations/001_search.sql).
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

class Store {
 public:
  explicit Store(db::Database& db) : db_(db) {}

  // Inside the record's transaction.
  [[nodiscard]] static absl::Status Enqueue(db::Tx& tx, int64_t record_id,
                                            absl::string_view now);
  // The oldest `limit` rows after id `after`.
  [[nodiscard]] absl::StatusOr<std::vector<OutboxRow>> Pending(int64_t after,
                                                               int limit);
  [[nodiscard]] absl::StatusOr<int64_t> PendingCount();
  [[nodiscard]] absl::StatusOr<int64_t> MaxId();
  // Deletes rows with id <= upto, but none above a rebuild's floor.
  [[nodiscard]] absl::Status DeleteUpTo(int64_t upto);

  // This database's index name, made once: an index belongs to one
  // database, so a restored backup or a second database (tests) never
  // picks up another's index from the same data directory.
  [[nodiscard]] absl::StatusOr<std::string> IndexId();

  [[nodiscard]] absl::StatusOr<std::optional<int64_t>> ReindexFloor();
  [[nodiscard]] absl::Status SetReindexFloor(std::optional<int64_t> floor);

 private:
  db::Database& db_;
};

}  // namespace zwgk::search

#endif  // ZWGK_SEARCH_STORE_H_
