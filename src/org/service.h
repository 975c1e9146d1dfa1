// The org module's logic: validate → authorize → act, one transaction per
// action, every write audited.
#ifndef ZWGK_ORG_SERVICE_H_
#define ZWGK_ORG_SERVICE_H_

#include <memory>
#include <mutex>
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
  // Public enterprises and institutions (公共企事业单位) belong to their
  // supervising department and are left out the same way.
  bool include_institutions = false;
};

// What ImportVillages did.
struct VillageImport {
  int created = 0;
  int updated = 0;
};

// Whether `actor` acts for `target`: the county office for every unit, a
// unit's own staff (a village's clerk, an institution's editor) for it, a
// town's staff (unit = the town) for the villages and communities under it,
// and a department's staff for the institutions it supervises.
bool ActsFor(const Actor& actor, const Unit& target);

// The identity block's fields as the office types them (all optional).
struct SiteIdentityInput {
  std::string site_name, sponsor, organizer;
  std::string phone, address, email;
  std::string id_code, icp, police, mark_url;
};

// A unit's 概况信息 as typed: departments one per line ("名称：职责"),
// duties as the editor's HTML or plain text (sanitized like record bodies).
struct ProfileInput {
  std::string departments, duties;
  std::string address, phone, fax, email, office_hours;
};

struct LeaderInput {
  std::string name, title, resume, portfolio;
  int position = 0;  // display order
};

// An uploaded image as stored, for serving.
struct StoredImage {
  std::string content_type;
  std::string bytes;
};

// Upload limits (checked by content, not by name).
inline constexpr int64_t kMaxMarkBytes = 200 << 10;  // PNG, JPEG, GIF
inline constexpr int64_t kMaxPhotoBytes = 2 << 20;   // JPEG, PNG
inline constexpr int kMaxLeaders = 30;

class Service {
 public:
  // Uploaded images (marks, leaders' photos) go to <data_dir>/blobs.
  Service(db::Database& db, const Clock& clock, std::string data_dir = "./var")
      : db_(db), clock_(clock), data_dir_(std::move(data_dir)) {}

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

  // --- Public enterprises and institutions (issue 23) ----------------------
  // Institutions (kInstitution) not retired, of one supervising department or
  // all, by department then position.
  [[nodiscard]] absl::StatusOr<std::vector<Unit>> ListInstitutions(
      db::Tx& tx, std::optional<int64_t> department_id = std::nullopt) const;
  // In the caller's transaction (the institutions module's import, which
  // authorizes and audits): creates the institution `name` under
  // `department_id`, or moves the institution of that name there and sets its
  // contact line. AlreadyExists when another kind of unit has the name.
  [[nodiscard]] absl::StatusOr<Unit> PutInstitution(
      db::Tx& tx, absl::string_view name, int64_t department_id,
      absl::string_view contact, absl::string_view now) const;

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

  // --- Site identity (issue 19) --------------------------------------------
  // The identity with its defaults filled in: the site name
  // "<county>人民政府", the sponsor "<county>人民政府办公室".
  [[nodiscard]] absl::StatusOr<SiteIdentity> GetSiteIdentity();
  // The same and the county, for every page's footer and <meta> tags:
  // read again only when the site generation changed.
  struct PageIdentity {
    County county;
    SiteIdentity identity;
  };
  [[nodiscard]] absl::StatusOr<PageIdentity> PageIdentityCached();
  // Admin only; audited site.identity. InvalidArgument names each field.
  [[nodiscard]] absl::StatusOr<SiteIdentity> UpdateSiteIdentity(
      const Actor& actor, const SiteIdentityInput& in);
  // Stores an uploaded mark (PNG, JPEG or GIF by its bytes, at most
  // kMaxMarkBytes); empty `bytes` removes it. Admin only; audited.
  [[nodiscard]] absl::Status SetSiteMark(const Actor& actor, SiteMark mark,
                                         absl::string_view bytes);
  // Public; NotFound when none was uploaded.
  [[nodiscard]] absl::StatusOr<StoredImage> SiteMarkImage(SiteMark mark);

  // --- Unit profiles: 概况信息 / 机构职能 (issue 19) -------------------------
  // unit_id 0 is the county's own profile, edited by the office only; a
  // unit's by those who act for it (ActsFor); anyone else gets NotFound.
  // The public profile: NotFound when empty, or the unit is unknown or
  // retired.
  [[nodiscard]] absl::StatusOr<UnitProfile> GetProfile(int64_t unit_id);
  // The profile to edit (empty when none was saved).
  [[nodiscard]] absl::StatusOr<UnitProfile> ProfileForEdit(const Actor& actor,
                                                           int64_t unit_id);
  // Audited unit.profile.
  [[nodiscard]] absl::StatusOr<UnitProfile> UpdateProfile(
      const Actor& actor, int64_t unit_id, const ProfileInput& in);
  // Leaders (audited unit.leader); at most kMaxLeaders per unit.
  [[nodiscard]] absl::StatusOr<Leader> AddLeader(const Actor& actor,
                                                 int64_t unit_id,
                                                 const LeaderInput& in);
  [[nodiscard]] absl::StatusOr<Leader> UpdateLeader(const Actor& actor,
                                                    int64_t unit_id,
                                                    int64_t leader_id,
                                                    const LeaderInput& in);
  [[nodiscard]] absl::Status RemoveLeader(const Actor& actor, int64_t unit_id,
                                          int64_t leader_id);
  // A JPEG or PNG (by its bytes) of at most kMaxPhotoBytes; empty removes.
  [[nodiscard]] absl::Status SetLeaderPhoto(const Actor& actor, int64_t unit_id,
                                            int64_t leader_id,
                                            absl::string_view bytes);
  // Public when the profile is (GetProfile); NotFound when no photo.
  [[nodiscard]] absl::StatusOr<StoredImage> LeaderPhoto(int64_t unit_id,
                                                        int64_t leader_id);
  // The units (0 = the county) whose profile is public, in id order.
  [[nodiscard]] absl::StatusOr<std::vector<int64_t>> UnitsWithProfiles();

 private:
  // Unit 0 for admins only; otherwise RequireActsFor.
  [[nodiscard]] absl::Status RequireProfileEditor(db::Tx& tx,
                                                  const Actor& actor,
                                                  int64_t unit_id) const;
  [[nodiscard]] absl::StatusOr<StoredImage> ReadBlob(
      absl::string_view blob, absl::string_view type) const;

  db::Database& db_;
  const Clock& clock_;
  std::string data_dir_;
  std::mutex page_mu_;
  int64_t page_generation_ = -1;
  std::optional<PageIdentity> page_identity_;
};

}  // namespace zwgk::org

#endif  // ZWGK_ORG_SERVICE_H_
