// Accounts: users with one role each, their login sessions and API tokens.
// Plain data, no I/O. Secrets never live here: sessions and tokens are known
// by the SHA-256 of their value, passwords only as argon2id hashes.
#ifndef ZWGK_AUTH_MODEL_H_
#define ZWGK_AUTH_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/actor.h"

namespace zwgk::auth {

// Roles are core vocabulary (core/actor.h), named here for auth's callers.
using ::zwgk::AllRoles;
using ::zwgk::ParseRole;
using ::zwgk::Role;
using ::zwgk::RoleLabel;
using ::zwgk::RoleName;
using ::zwgk::RoleNeedsUnit;

struct User {
  int64_t id = 0;
  std::string name;  // login name, unique
  Role role = Role::kClerk;
  std::optional<int64_t> unit_id;           // set for every role but admin
  std::string created_at;                   // RFC 3339 UTC
  std::optional<std::string> locked_until;  // RFC 3339 UTC while locked out
  int failed_logins = 0;  // consecutive, since the last success or lock
  bool disabled = false;  // disabled users cannot log in at all
};

struct Session {
  std::string id;  // SHA-256 hex of the cookie value (the cookie itself is
                   // never stored)
  int64_t user_id = 0;
  std::string csrf_token;  // echoed by every form of this session
  std::string created_at;
  std::string last_seen_at;  // idle timeout is measured from here
  std::string remote_ip;
};

struct ApiToken {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string name;  // a label, e.g. "数据报送脚本"
  std::string created_at;
  std::optional<std::string> last_used_at;
  bool revoked = false;
};

}  // namespace zwgk::auth

#endif  // ZWGK_AUTH_MODEL_H_
