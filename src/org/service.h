// The org module's logic: validate → authorize → act, one transaction per
// action, every write audited.
#ifndef ZWGK_ORG_SERVICE_H_
#define ZWGK_ORG_SERVICE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "org/model.h"

namespace zwgk::org {

struct UnitInput {
  std::string name;
  std::string kind = "department";  // department | guiding | town
  std::string credit_code;
};

struct DomainInput {
  std::string name;
  std::optional<int64_t> unit_id;
};

struct ListOptions {
  bool include_retired = false;
  // Villages and communities (hundreds in a county) belong to their town and
  // are left out of the county's unit lists unless asked for.
  bool include_villages = false;
};

// What ImportVillages did.
struct VillageImport {
  int created = 0;
  int updated = 0;
};

// Whether `actor` acts for `target`: the county office for every unit, a
// unit's own staff (a village's clerk) for it, and a town's staff (unit =
// the town) for the villages and communities under it.
bool ActsFor(const Actor& actor, const Unit& target);

class Service {
 public:
  Service(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Loads seed/org.json (county, units, domains; its 附件3 tasks are the
  // supervision module's). Idempotent: rows are matched by name, so a second
  // run adds nothing.
  [[nodiscard]] absl::Status Seed();

  [[nodiscard]] absl::StatusOr<County> GetCounty();

  [[nodiscard]] absl::StatusOr<std::vector<Unit>> ListUnits(
      const ListOptions& o = {});
  [[nodiscard]] absl::StatusOr<Unit> GetUnit(int64_t id);
  // NotFound when no unit (retired or not) has exactly this name.
  [[nodiscard]] absl::StatusOr<Unit> FindUnitByName(absl::string_view name);
  // By numeric id or by exact name.
  [[nodiscard]] absl::StatusOr<Unit> ResolveUnit(absl::string_view id_or_name);

  [[nodiscard]] absl::StatusOr<std::vector<Domain>> ListDomains(
      const ListOptions& o = {});
  [[nodiscard]] absl::StatusOr<Domain> GetDomain(int64_t id);
  [[nodiscard]] absl::StatusOr<Domain> ResolveDomain(
      absl::string_view id_or_name);

  // Reads in the caller's transaction, for other modules that need org data
  // inside their own transaction (a second, nested one would deadlock on
  // SQLite and see other snapshots on PostgreSQL). Same answers as above.
  [[nodiscard]] absl::StatusOr<std::vector<Unit>> ListUnits(
      db::Tx& tx, const ListOptions& o = {}) const;
  [[nodiscard]] absl::StatusOr<Unit> GetUnit(db::Tx& tx, int64_t id) const;
  [[nodiscard]] absl::StatusOr<Unit> FindUnitByName(
      db::Tx& tx, absl::string_view name) const;
  [[nodiscard]] absl::StatusOr<std::vector<Domain>> ListDomains(
      db::Tx& tx, const ListOptions& o = {}) const;
  [[nodiscard]] absl::StatusOr<Domain> GetDomain(db::Tx& tx, int64_t id) const;

  // --- Villages and communities (issue 17) ---------------------------------
  // Imports a CSV with the columns 乡镇, 名称, 类型 (村|社区), 联系方式 (a
  // header row is optional); creates or updates each village by (town,
  // name). Admin only. Nothing is imported when a row is bad: the
  // InvalidArgument lists every bad row as "第N行：…" (N = the line in the
  // file).
  [[nodiscard]] absl::StatusOr<VillageImport> ImportVillages(
      const Actor& actor, absl::string_view csv);
  // Villages and communities (not retired) of a town, or all of them.
  [[nodiscard]] absl::StatusOr<std::vector<Unit>> ListVillages(
      std::optional<int64_t> town_id = std::nullopt);
  [[nodiscard]] absl::StatusOr<std::vector<Unit>> ListVillages(
      db::Tx& tx, std::optional<int64_t> town_id = std::nullopt) const;
  // The unit, when `actor` acts for it (ActsFor); NotFound otherwise, so
  // another village's things look absent.
  [[nodiscard]] absl::StatusOr<Unit> RequireActsFor(db::Tx& tx,
                                                    const Actor& actor,
                                                    int64_t unit_id) const;

  // Admin writes (PermissionDenied for others).
  [[nodiscard]] absl::StatusOr<Unit> CreateUnit(const Actor& actor,
                                                const UnitInput& in);
  [[nodiscard]] absl::StatusOr<Unit> UpdateUnit(const Actor& actor, int64_t id,
                                                const UnitInput& in);
  [[nodiscard]] absl::Status SetUnitRetired(const Actor& actor, int64_t id,
                                            bool retired);
  [[nodiscard]] absl::StatusOr<Domain> CreateDomain(const Actor& actor,
                                                    const DomainInput& in);
  [[nodiscard]] absl::StatusOr<Domain> UpdateDomain(const Actor& actor,
                                                    int64_t id,
                                                    const DomainInput& in);
  [[nodiscard]] absl::Status SetDomainRetired(const Actor& actor, int64_t id,
                                              bool retired);

 private:
  db::Database& db_;
  const Clock& clock_;
};

}  // namespace zwgk::org

#endif  // ZWGK_ORG_SERVICE_H_
