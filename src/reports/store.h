// Rows of 年报 reports over one portable SQL dialect (SQLite and
// PostgreSQL). Every function runs inside the caller's transaction; a
// missing row is NotFound. No logic beyond mapping rows.
#ifndef ZWGK_REPORTS_STORE_H_
#define ZWGK_REPORTS_STORE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "core/db.h"
#include "reports/model.h"

namespace zwgk::reports::store {

// The newest version of the report of `year` by `unit_id` (kCountyBody for
// the county), if any.
[[nodiscard]] absl::StatusOr<std::optional<Report>> Latest(db::Tx& tx, int year,
                                                           int64_t unit_id);
// The newest published version, if any.
[[nodiscard]] absl::StatusOr<std::optional<Report>> LatestPublished(
    db::Tx& tx, int year, int64_t unit_id);
[[nodiscard]] absl::StatusOr<Report> Get(db::Tx& tx, int64_t id);
// Every version of one report, oldest first.
[[nodiscard]] absl::StatusOr<std::vector<Report>> Versions(db::Tx& tx, int year,
                                                           int64_t unit_id);
// The newest version of every report of `year`.
[[nodiscard]] absl::StatusOr<std::vector<Report>> ListYear(db::Tx& tx,
                                                           int year);
// Years with a published report, newest first.
[[nodiscard]] absl::StatusOr<std::vector<int>> PublishedYears(db::Tx& tx);
[[nodiscard]] absl::StatusOr<int64_t> Insert(db::Tx& tx, const Report& r);
// Saves state, texts, entered figures, frozen figures, comment, record and
// the times of `r` (by id).
[[nodiscard]] absl::Status Update(db::Tx& tx, const Report& r);

}  // namespace zwgk::reports::store

#endif  // ZWGK_REPORTS_STORE_H_
