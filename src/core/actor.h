// Who performs an action: passed from the edges (HTTP, CLI) to services,
// which authorize with it.
#ifndef ZWGK_CORE_ACTOR_H_
#define ZWGK_CORE_ACTOR_H_

#include <cstdint>
#include <optional>
#include <string>

namespace zwgk {

struct Actor {
  int64_t user_id = 0;  // 0: the system (CLI run by the operator, seeding)
  std::string name;
  std::string role;  // admin | unit_editor | unit_reviewer | clerk
  std::optional<int64_t>
      unit_id;  // the unit an editor, reviewer or clerk works for
  bool via_token = false;
  std::string session_id;  // empty for tokens and the system
};

// The operator at the console (zwgk CLI): may do everything an admin may.
inline Actor SystemActor() {
  return Actor{.user_id = 0, .name = "system", .role = "admin"};
}

inline bool IsAdmin(const Actor& a) { return a.role == "admin"; }

// Admins act for every unit; editors, reviewers and clerks for their own.
inline bool ActsForUnit(const Actor& a, int64_t unit_id) {
  return IsAdmin(a) || (a.unit_id && *a.unit_id == unit_id);
}

}  // namespace zwgk

#endif  // ZWGK_CORE_ACTOR_H_
