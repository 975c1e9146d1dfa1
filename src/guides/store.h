// All SQL of the guides module: free functions taking the caller's
// transaction.
#ifndef ZWGK_GUIDES_STORE_H_
#define ZWGK_GUIDES_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/db.h"
#include "guides/model.h"

namespace zwgk::guides::store {

// A guide as JSON (the published snapshot and the versions), and back.
std::string ToJson(const Guide& g);
[[nodiscard]] absl::StatusOr<Guide> FromJson(absl::string_view json);

// The working copy. AlreadyExists when the unit has a guide of that name.
[[nodiscard]] absl::StatusOr<int64_t> Insert(db::Tx& tx, const Guide& g,
                                             absl::string_view now);
// NotFound when there is none.
[[nodiscard]] absl::StatusOr<Guide> Get(db::Tx& tx, int64_t id);
[[nodiscard]] absl::StatusOr<std::optional<Guide>> FindByService(
    db::Tx& tx, int64_t unit_id, absl::string_view service);
// Writes every column of the working copy (not the public snapshot).
[[nodiscard]] absl::Status Update(db::Tx& tx, const Guide& g,
                                  absl::string_view now);
// Sets (or, with nullopt, clears) the public snapshot.
[[nodiscard]] absl::Status SetPublic(db::Tx& tx, int64_t id,
                                     const std::optional<std::string>& json);

struct StoreFilter {
  std::optional<int64_t> unit_id, domain_id, town_id;
  std::optional<GuideState> state;
};
// Working copies by unit and service name.
[[nodiscard]] absl::StatusOr<std::vector<Guide>> List(db::Tx& tx,
                                                      const StoreFilter& f);

// The public snapshots (published_json) of every guide that has one, or of
// one guide (nullopt: none).
[[nodiscard]] absl::StatusOr<std::vector<Guide>> ListPublic(db::Tx& tx);
[[nodiscard]] absl::StatusOr<std::optional<Guide>> GetPublic(db::Tx& tx,
                                                             int64_t id);
// Guides public with a publication before `until` (RFC 3339): how many,
// and the newest (the column registry's 办事服务).
struct PublicFacts {
  int64_t count = 0;
  std::string newest_at;  // RFC 3339; "" none
  int64_t newest_id = 0;
};
[[nodiscard]] absl::StatusOr<PublicFacts> PublicFactsBefore(
    db::Tx& tx, absl::string_view until);

[[nodiscard]] absl::Status InsertVersion(db::Tx& tx, int64_t guide_id,
                                         int version, absl::string_view json,
                                         absl::string_view by,
                                         absl::string_view at);
// Newest first.
[[nodiscard]] absl::StatusOr<std::vector<Guide>> ListVersions(db::Tx& tx,
                                                              int64_t guide_id);

// 办事统计. Returns true when the month was new for the unit.
[[nodiscard]] absl::StatusOr<bool> UpsertStats(db::Tx& tx,
                                               const MonthlyStats& s);
// year 0: every year. By unit, then month.
[[nodiscard]] absl::StatusOr<std::vector<MonthlyStats>> ListStats(
    db::Tx& tx, int year, std::optional<int64_t> unit_id);
// Each unit's newest (year, month) with statistics.
[[nodiscard]] absl::StatusOr<std::map<int64_t, std::pair<int, int>>>
NewestStatsMonths(db::Tx& tx);
// Units with at least one public guide.
[[nodiscard]] absl::StatusOr<std::vector<int64_t>> UnitsWithPublicGuides(
    db::Tx& tx);

}  // namespace zwgk::guides::store

#endif  // ZWGK_GUIDES_STORE_H_
