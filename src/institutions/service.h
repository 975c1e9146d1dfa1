// 公共企事业单位办事公开 (issue 23): validate → authorize → act, one
// transaction per user action, audited.
//
// Who may do what:
// - The public reads the directory (institutions with at least one
//   published section, by sector and town) and an institution's published
//   sections; anything else answers NotFound.
// - An institution's staff (unit = the institution) edit its sections; the
//   staff of its supervising department (unit = the department) and the
//   county office may too (org::ActsFor). Another institution's answers
//   NotFound.
// - A department's staff set the sector templates of their own department;
//   the county office of every department.
// - The county office imports institutions for every department; a
//   department's staff only rows naming their own department.
#ifndef ZWGK_INSTITUTIONS_SERVICE_H_
#define ZWGK_INSTITUTIONS_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "institutions/model.h"
#include "org/service.h"

namespace zwgk::institutions {

struct ServiceOptions {
  size_t max_file_bytes = 4 << 20;
  int max_rows = 5000;
};

struct ImportResult {
  int created = 0;
  int updated = 0;
};

// One section of an institution as its template and content make it.
struct SectionStatus {
  SectionRule rule;
  std::optional<SectionContent> content;
  SectionState state = SectionState::kMissing;
  int64_t days_since = 0;  // since the last save (content only)
};

// An institution with its sections in kAllSections order.
struct InstitutionStatus {
  Institution institution;
  std::vector<SectionStatus> sections;
  int missing = 0, stale = 0;
  bool has_published = false;
};

struct DirectoryFilter {
  std::string sector;              // "" = every sector
  std::optional<int64_t> town_id;  // nullopt = every town
};

// A section stale or missing, for the supervising department's row of the
// supervision dashboard.
struct Problem {
  int64_t department_id = 0;
  int64_t institution_id = 0;
  std::string institution_name;
  Section section = Section::kGuide;
  SectionState state = SectionState::kMissing;
  int64_t days_since = 0;
  int period_days = 0;
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, org::Service& org,
          ServiceOptions options = {})
      : db_(db), clock_(clock), org_(org), options_(options) {}

  // Imports a CSV or XLSX (by its bytes) with the columns 主管部门, 名称,
  // 行业, 乡镇, 联系方式 (a header row optional); creates or updates each
  // institution by name. All or nothing: the InvalidArgument names every
  // bad row ("第N行：…"). The county office for any department, a
  // department's staff for their own; others PermissionDenied.
  [[nodiscard]] absl::StatusOr<ImportResult> Import(const Actor& actor,
                                                    absl::string_view filename,
                                                    absl::string_view bytes);

  // Public: institutions with a published section, filtered, by sector then
  // name.
  [[nodiscard]] absl::StatusOr<std::vector<InstitutionStatus>> Directory(
      const DirectoryFilter& filter);
  // Public: the institution with its published sections only; NotFound when
  // unknown, retired or with nothing published.
  [[nodiscard]] absl::StatusOr<InstitutionStatus> Public(int64_t id);

  // The institutions `actor` looks after (the office all, a department its
  // own, an institution's staff itself), with stale and missing sections.
  [[nodiscard]] absl::StatusOr<std::vector<InstitutionStatus>> InScope(
      const Actor& actor);
  // One institution to edit; NotFound unless actor acts for it.
  [[nodiscard]] absl::StatusOr<InstitutionStatus> ForEdit(const Actor& actor,
                                                          int64_t id);
  // Saves a section (body sanitized like record bodies; updated_at is the
  // server's clock); `publish` makes it public, else a draft the public
  // does not see. Audited institution.section.
  [[nodiscard]] absl::StatusOr<SectionContent> SaveSection(
      const Actor& actor, int64_t id, absl::string_view section,
      absl::string_view body, bool publish);

  // The departments whose templates `actor` may set (the office: every
  // department with institutions or not; a department's staff: theirs).
  [[nodiscard]] absl::StatusOr<std::vector<org::Unit>> TemplateDepartments(
      const Actor& actor);
  // A department's template for a sector (defaults when none saved);
  // NotFound unless actor may set it; InvalidArgument for an unknown sector.
  [[nodiscard]] absl::StatusOr<Template> GetTemplate(const Actor& actor,
                                                     int64_t department_id,
                                                     absl::string_view sector);
  // Saves it (audited institution.template). InvalidArgument names each bad
  // period ("period_fees").
  [[nodiscard]] absl::StatusOr<Template> SaveTemplate(
      const Actor& actor, int64_t department_id, absl::string_view sector,
      const std::vector<SectionRule>& rules);

  // Stale and missing sections at `now`, of every institution or of those
  // supervised by `department_id`.
  [[nodiscard]] absl::StatusOr<std::vector<Problem>> Problems(
      absl::Time now, std::optional<int64_t> department_id = std::nullopt);

  // The towns (for the directory's filter).
  [[nodiscard]] absl::StatusOr<std::vector<org::Unit>> Towns();

  const Clock& clock() const { return clock_; }
  org::Service& org() { return org_; }

 private:
  // Every institution with its status at `now`.
  [[nodiscard]] absl::StatusOr<std::vector<InstitutionStatus>> All(
      db::Tx& tx, absl::Time now) const;
  [[nodiscard]] absl::StatusOr<std::vector<std::vector<std::string>>> ReadTable(
      absl::string_view filename, absl::string_view bytes) const;
  // The department when actor may set its templates; NotFound otherwise.
  [[nodiscard]] absl::StatusOr<org::Unit> TemplateDepartment(
      db::Tx& tx, const Actor& actor, int64_t department_id) const;

  db::Database& db_;
  const Clock& clock_;
  org::Service& org_;
  ServiceOptions options_;
};

}  // namespace zwgk::institutions

#endif  // ZWGK_INSTITUTIONS_SERVICE_H_
