// The inventory's SQL (tables pw_*). Functions take the caller's
// transaction; the service authorizes.
#ifndef ZWGK_POWERS_STORE_H_
#define ZWGK_POWERS_STORE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/db.h"
#include "powers/model.h"

namespace zwgk::powers::store {

// A unit's power by name; NotFound when there is none.
[[nodiscard]] absl::StatusOr<Power> FindPower(db::Tx& tx, int64_t unit_id,
                                              absl::string_view name);
[[nodiscard]] absl::StatusOr<Power> GetPower(db::Tx& tx, int64_t id);
// Powers with their stages, of one unit or all, ordered by unit and name.
[[nodiscard]] absl::StatusOr<std::vector<Power>> ListPowers(
    db::Tx& tx, std::optional<int64_t> unit_id);

[[nodiscard]] absl::StatusOr<int64_t> InsertPower(db::Tx& tx, const Power& p,
                                                  absl::string_view now);
[[nodiscard]] absl::Status UpdatePower(db::Tx& tx, const Power& p,
                                       absl::string_view now);
[[nodiscard]] absl::StatusOr<int64_t> InsertStage(db::Tx& tx, const Stage& s);
// Stage text, catalog item and time limit (not the attribute).
[[nodiscard]] absl::Status UpdateStageFacts(db::Tx& tx, const Stage& s);
// The attribute and its ground, who decided and when.
[[nodiscard]] absl::Status UpdateStageAttribute(db::Tx& tx, const Stage& s);

[[nodiscard]] absl::StatusOr<Stage> GetStage(db::Tx& tx, int64_t id);

[[nodiscard]] absl::Status InsertChange(db::Tx& tx, const Change& c);
[[nodiscard]] absl::StatusOr<std::vector<Change>> Changes(db::Tx& tx,
                                                          int64_t power_id);

[[nodiscard]] absl::Status LinkRecord(db::Tx& tx, int64_t stage_id,
                                      int64_t record_id);
// The stage a record was drafted from, if any.
[[nodiscard]] absl::StatusOr<std::optional<int64_t>> StageOfRecord(
    db::Tx& tx, int64_t record_id);
// Records drafted from stages of `unit_id`'s powers of the given types:
// (record id, power type).
[[nodiscard]] absl::StatusOr<std::vector<std::pair<int64_t, PowerType>>>
RecordsOfUnitByType(db::Tx& tx, int64_t unit_id,
                    const std::vector<PowerType>& types);
// Record ids drafted from the power's stages: stage id → record ids.
[[nodiscard]] absl::StatusOr<std::vector<std::pair<int64_t, int64_t>>>
RecordsOfPower(db::Tx& tx, int64_t power_id);

}  // namespace zwgk::powers::store

#endif  // ZWGK_POWERS_STORE_H_
