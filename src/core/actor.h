// Who performs an action: passed from the edges (HTTP, CLI) to services,
// which authorize with it. The roles are the one vocabulary every module
// checks against (docs/architecture.md).
#ifndef ZWGK_CORE_ACTOR_H_
#define ZWGK_CORE_ACTOR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zwgk {

enum class Role {
  kPublic,        // no account: a visitor, the public application form
  kAdmin,         // the county's 政务公开办: acts for every unit
  kUnitEditor,    // drafts records of one unit
  kUnitReviewer,  // approves records of one unit
  kClerk,         // town or village information clerk (镇村信息员)
};

// The roles an account may have, in display order (not kPublic).
const std::vector<Role>& AllRoles();

// Stable name used in the database, the CLI and JSON: "unit_editor"
// ("public" for kPublic).
absl::string_view RoleName(Role role);

// Chinese label for pages: "单位编辑".
absl::string_view RoleLabel(Role role);

// Parses the RoleName of an account role; nullopt for anything else
// (including "public").
std::optional<Role> ParseRole(absl::string_view name);

// Every account role but the admin works for exactly one unit.
inline bool RoleNeedsUnit(Role role) { return role != Role::kAdmin; }

// Someone signed in (any account role).
inline bool IsStaff(Role role) { return role != Role::kPublic; }

struct Actor {
  int64_t user_id = 0;  // 0: the system (CLI run by the operator, seeding)
  std::string name;
  Role role = Role::kPublic;
  // The unit an editor, reviewer or clerk works for.
  std::optional<int64_t> unit_id;
  bool via_token = false;
  std::string session_id;  // empty for tokens and the system
};

// The operator at the console (zwgk CLI): may do everything an admin may.
inline Actor SystemActor() {
  return Actor{.user_id = 0, .name = "system", .role = Role::kAdmin};
}

inline bool IsAdmin(const Actor& a) { return a.role == Role::kAdmin; }

// Admins act for every unit; editors, reviewers and clerks for their own.
inline bool ActsForUnit(const Actor& a, int64_t unit_id) {
  return IsAdmin(a) || (a.unit_id && *a.unit_id == unit_id);
}

}  // namespace zwgk

#endif  // ZWGK_CORE_ACTOR_H_
