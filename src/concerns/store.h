// All SQL of the concerns module: free functions taking the caller's
// transaction.
#ifndef ZWGK_CONCERNS_STORE_H_
#define ZWGK_CONCERNS_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "concerns/model.h"
#include "core/db.h"

namespace zwgk::concerns::store {

// Inserts a concern (its due times included); returns its id.
[[nodiscard]] absl::StatusOr<int64_t> Insert(db::Tx& tx, const Concern& c,
                                             absl::string_view now);
// With its responses (as linked; publishing fills in the rest). NotFound
// when there is none.
[[nodiscard]] absl::StatusOr<Concern> Get(db::Tx& tx, int64_t id);

struct Filter {
  std::optional<int64_t> unit_id;
  std::optional<absl::Time> seen_from, seen_before;  // [from, before)
  bool with_responses_only = false;
  int limit = 500;
};
// Newest sighting first, with their responses.
[[nodiscard]] absl::StatusOr<std::vector<Concern>> List(db::Tx& tx,
                                                        const Filter& f);

[[nodiscard]] absl::StatusOr<bool> ResponseExists(db::Tx& tx,
                                                  int64_t concern_id,
                                                  int64_t record_id,
                                                  Obligation obligation);
[[nodiscard]] absl::StatusOr<int64_t> InsertResponse(db::Tx& tx,
                                                     int64_t concern_id,
                                                     const Response& r);

[[nodiscard]] absl::StatusOr<Hours> GetHours(db::Tx& tx);
[[nodiscard]] absl::Status SaveHours(db::Tx& tx, const Hours& h,
                                     absl::string_view by,
                                     absl::string_view now);

}  // namespace zwgk::concerns::store

#endif  // ZWGK_CONCERNS_STORE_H_
