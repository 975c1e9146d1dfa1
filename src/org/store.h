// Org storage: one portable SQL store used inside the caller's transaction.
// Reads return NotFound when the row does not exist; writes return
// AlreadyExists when a unit or domain name is taken.
#ifndef ZWGK_ORG_STORE_H_
#define ZWGK_ORG_STORE_H_

#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "core/db.h"
#include "org/model.h"

namespace zwgk::org::store {

// The county row; NotFound before `zwgk init`.
[[nodiscard]] absl::StatusOr<County> GetCounty(db::Tx& tx);
// Inserts or replaces the county row.
[[nodiscard]] absl::Status PutCounty(db::Tx& tx, const County& c);

// All units in display order (retired ones only when asked; villages and
// communities only when asked; institutions only when asked).
[[nodiscard]] absl::StatusOr<std::vector<Unit>> ListUnits(
    db::Tx& tx, bool include_retired, bool include_villages = false,
    bool include_institutions = false);
// Villages and communities not retired, of one town or all, by town then
// position.
[[nodiscard]] absl::StatusOr<std::vector<Unit>> ListVillages(
    db::Tx& tx, std::optional<int64_t> town_id);
// A village's kind (村 or 社区) and contact line; NotFound.
[[nodiscard]] absl::Status UpdateVillage(db::Tx& tx, int64_t id, UnitKind kind,
                                         absl::string_view contact);
// Institutions not retired, of one department or all, by department then
// position.
[[nodiscard]] absl::StatusOr<std::vector<Unit>> ListInstitutions(
    db::Tx& tx, std::optional<int64_t> department_id);
// A unit's parent and contact line; NotFound.
[[nodiscard]] absl::Status SetUnitParent(db::Tx& tx, int64_t id,
                                         int64_t parent_id,
                                         absl::string_view contact);
[[nodiscard]] absl::StatusOr<Unit> GetUnit(db::Tx& tx, int64_t id);
[[nodiscard]] absl::StatusOr<std::optional<Unit>> FindUnit(
    db::Tx& tx, absl::string_view name);
// Returns the new id; AlreadyExists on a duplicate name.
[[nodiscard]] absl::StatusOr<int64_t> InsertUnit(db::Tx& tx, const Unit& u,
                                                 absl::string_view now);
// Updates name, kind, credit code, position; NotFound / AlreadyExists.
[[nodiscard]] absl::Status UpdateUnit(db::Tx& tx, const Unit& u);
[[nodiscard]] absl::Status SetUnitDuties(db::Tx& tx, int64_t id,
                                         absl::string_view duties);
[[nodiscard]] absl::Status SetUnitRetiredAt(db::Tx& tx, int64_t id,
                                            std::optional<std::string> at);

[[nodiscard]] absl::StatusOr<std::vector<Domain>> ListDomains(
    db::Tx& tx, bool include_retired);
[[nodiscard]] absl::StatusOr<Domain> GetDomain(db::Tx& tx, int64_t id);
[[nodiscard]] absl::StatusOr<std::optional<Domain>> FindDomain(
    db::Tx& tx, absl::string_view name);
[[nodiscard]] absl::StatusOr<int64_t> InsertDomain(db::Tx& tx, const Domain& d,
                                                   absl::string_view now);
[[nodiscard]] absl::Status UpdateDomain(db::Tx& tx, const Domain& d);
[[nodiscard]] absl::Status SetDomainRetiredAt(db::Tx& tx, int64_t id,
                                              std::optional<std::string> at);

// --- Site identity and unit profiles (profile_store.cc) ---------------------

// The identity row; an empty SiteIdentity when none was saved.
[[nodiscard]] absl::StatusOr<SiteIdentity> GetSiteIdentity(db::Tx& tx);
// Inserts or replaces the identity row (every field, marks included).
[[nodiscard]] absl::Status PutSiteIdentity(db::Tx& tx, const SiteIdentity& s);

// The profile with its leaders by position; NotFound when none was saved.
[[nodiscard]] absl::StatusOr<UnitProfile> GetProfile(db::Tx& tx,
                                                     int64_t unit_id);
// Inserts or replaces the profile's own fields (not its leaders).
[[nodiscard]] absl::Status PutProfile(db::Tx& tx, const UnitProfile& p);
// The units (0 = the county) with a saved profile row or a leader.
[[nodiscard]] absl::StatusOr<std::vector<int64_t>> ProfileUnitIds(db::Tx& tx);

[[nodiscard]] absl::StatusOr<Leader> GetLeader(db::Tx& tx, int64_t unit_id,
                                               int64_t id);
[[nodiscard]] absl::StatusOr<int64_t> CountLeaders(db::Tx& tx, int64_t unit_id);
[[nodiscard]] absl::StatusOr<int64_t> InsertLeader(db::Tx& tx, const Leader& l,
                                                   absl::string_view now);
// Updates every field but the id and unit; NotFound.
[[nodiscard]] absl::Status UpdateLeader(db::Tx& tx, const Leader& l);
[[nodiscard]] absl::Status DeleteLeader(db::Tx& tx, int64_t unit_id,
                                        int64_t id);

}  // namespace zwgk::org::store

#endif  // ZWGK_ORG_STORE_H_
