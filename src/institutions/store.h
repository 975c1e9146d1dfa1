// 公共企事业单位办事公开 storage: every SQL statement of the module, used
// inside the caller's transaction.
#ifndef ZWGK_INSTITUTIONS_STORE_H_
#define ZWGK_INSTITUTIONS_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/db.h"
#include "institutions/model.h"

namespace zwgk::institutions::store {

// An institution's sector and town.
struct Profile {
  int64_t unit_id = 0;
  std::string sector;
  std::optional<int64_t> town_id;
};

// Every profile, by unit id.
[[nodiscard]] absl::StatusOr<std::vector<Profile>> ListProfiles(db::Tx& tx);
// Inserts or replaces the profile.
[[nodiscard]] absl::Status PutProfile(db::Tx& tx, const Profile& p,
                                      absl::string_view now);

// The saved rules of one department's sector (possibly none: defaults).
[[nodiscard]] absl::StatusOr<std::optional<Template>> GetTemplate(
    db::Tx& tx, int64_t department_id, absl::string_view sector);
// Every saved template (rules complete: missing sections get defaults).
[[nodiscard]] absl::StatusOr<std::vector<Template>> ListTemplates(db::Tx& tx);
// Inserts or replaces each rule of the template.
[[nodiscard]] absl::Status PutTemplate(db::Tx& tx, const Template& t);

// Sections of the given institutions (all when `unit_ids` is empty).
[[nodiscard]] absl::StatusOr<std::vector<SectionContent>> ListSections(
    db::Tx& tx, const std::vector<int64_t>& unit_ids);
// Inserts or replaces one section.
[[nodiscard]] absl::Status PutSection(db::Tx& tx, const SectionContent& s);

}  // namespace zwgk::institutions::store

#endif  // ZWGK_INSTITUTIONS_STORE_H_
