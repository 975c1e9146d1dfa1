// All SQL of the villages module: free functions taking the caller's
// transaction.
#ifndef ZWGK_VILLAGES_STORE_H_
#define ZWGK_VILLAGES_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/db.h"
#include "villages/model.h"

namespace zwgk::villages::store {

// A posting without names and photos (the service fills them in).
[[nodiscard]] absl::StatusOr<Posting> GetPosting(db::Tx& tx, int64_t id);
// A village's postings, newest period first; published only when asked.
[[nodiscard]] absl::StatusOr<std::vector<Posting>> ListPostings(
    db::Tx& tx, int64_t village_id, bool published_only);
// Published postings of the given villages for the given kind and period
// (or all with a period when `since_year` is set: periods of that year or
// later), for the obligations.
[[nodiscard]] absl::StatusOr<std::vector<Posting>> ListPublishedSince(
    db::Tx& tx, const std::vector<int64_t>& village_ids, int since_year);
// The published posting of a village, kind and period other than
// `except_id`, if any.
[[nodiscard]] absl::StatusOr<std::optional<Posting>> FindPublished(
    db::Tx& tx, int64_t village_id, Kind kind, const Period& period,
    int64_t except_id);
[[nodiscard]] absl::StatusOr<int64_t> InsertPosting(db::Tx& tx,
                                                    const Posting& p);
// Kind, period, title, body, updated_at.
[[nodiscard]] absl::Status UpdatePosting(db::Tx& tx, const Posting& p);
[[nodiscard]] absl::Status SetState(db::Tx& tx, int64_t id, PostingState state,
                                    std::optional<absl::CivilDay> posted_on,
                                    absl::string_view reason,
                                    absl::string_view now);

[[nodiscard]] absl::StatusOr<std::vector<Photo>> ListPhotos(db::Tx& tx,
                                                            int64_t posting_id);
// Posting id → number of photos, for the given postings.
[[nodiscard]] absl::StatusOr<std::map<int64_t, int>> CountPhotos(
    db::Tx& tx, const std::vector<int64_t>& posting_ids);
[[nodiscard]] absl::Status InsertPhoto(db::Tx& tx, int64_t posting_id,
                                       const Photo& photo);

// Due working days (nullopt: never saved) and the villages' finance cadence.
[[nodiscard]] absl::StatusOr<std::optional<int>> GetDueDays(db::Tx& tx);
[[nodiscard]] absl::Status PutDueDays(db::Tx& tx, int days);
[[nodiscard]] absl::StatusOr<std::map<int64_t, bool>> GetFinanceMonthly(
    db::Tx& tx);
[[nodiscard]] absl::Status PutFinanceMonthly(db::Tx& tx, int64_t village_id,
                                             bool monthly);

}  // namespace zwgk::villages::store

#endif  // ZWGK_VILLAGES_STORE_H_
