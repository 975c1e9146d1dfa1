// Accounts storage: users, login attempts, sessions and API tokens, used
// inside the caller's transaction. Secrets arrive already hashed: this layer
// never sees a password, a cookie or a token in the clear. Reads of one row
// by key return std::nullopt when it does not exist; inserts return
// AlreadyExists when a unique name or key is taken.
#ifndef ZWGK_AUTH_STORE_H_
#define ZWGK_AUTH_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "auth/model.h"
#include "core/db.h"

namespace zwgk::auth::store {

// -- Users -------------------------------------------------------------------

// A user with the argon2id hash of their password.
struct Credentials {
  User user;
  std::string password_hash;
};

// Inserts `u` (name, role, unit_id, created_at, which is also the time the
// password was set); returns the new id. AlreadyExists on a taken name.
[[nodiscard]] absl::StatusOr<int64_t> InsertUser(
    db::Tx& tx, const User& u, absl::string_view password_hash);

[[nodiscard]] absl::StatusOr<std::optional<User>> FindUser(
    db::Tx& tx, absl::string_view name);
[[nodiscard]] absl::StatusOr<std::optional<User>> FindUserById(db::Tx& tx,
                                                               int64_t id);
[[nodiscard]] absl::StatusOr<std::optional<Credentials>> FindCredentials(
    db::Tx& tx, absl::string_view name);
// All users, ordered by name.
[[nodiscard]] absl::StatusOr<std::vector<User>> ListUsers(db::Tx& tx);

// Adds one to the user's failed_logins and returns the new count; NotFound
// when the user is gone.
[[nodiscard]] absl::StatusOr<int> CountFailedLogin(db::Tx& tx,
                                                   const User& user);
// Locks the account for everyone until `until` (RFC 3339).
[[nodiscard]] absl::Status SetLockedUntil(db::Tx& tx, int64_t user_id,
                                          absl::string_view until);
// Clears failed_logins and an expired lock, but only while the user is
// enabled and not locked at `now` (so a lock or a disable that commits first
// wins). Returns whether it did.
[[nodiscard]] absl::StatusOr<bool> ClearFailuresIfAdmitted(
    db::Tx& tx, int64_t user_id, absl::string_view now);

// Why ClearFailuresIfAdmitted refused.
struct LoginBlock {
  bool disabled = false;
  std::optional<std::string> locked_until;
};
// NotFound when the user is gone.
[[nodiscard]] absl::StatusOr<LoginBlock> GetLoginBlock(db::Tx& tx,
                                                       const User& user);

// Replaces the hash only (a rehash with today's cost).
[[nodiscard]] absl::Status SetPasswordHash(db::Tx& tx, int64_t user_id,
                                           absl::string_view hash);
// A new password: also records when and lifts a lockout.
[[nodiscard]] absl::Status ChangePassword(db::Tx& tx, int64_t user_id,
                                          absl::string_view hash,
                                          absl::string_view now);
[[nodiscard]] absl::Status DisableUser(db::Tx& tx, int64_t user_id);
// Enables the user and lifts a lockout.
[[nodiscard]] absl::Status EnableUser(db::Tx& tx, int64_t user_id);

// -- Login attempts (the throttles' counts) ----------------------------------

// Which attempts to look at: those matching every field that is set.
struct AttemptFilter {
  std::optional<std::string> name_hash;
  std::optional<std::string> address;
};

[[nodiscard]] absl::Status InsertAttempt(db::Tx& tx, absl::string_view address,
                                         absl::string_view name_hash,
                                         absl::string_view at);
// The times (RFC 3339) of the newest `limit` attempts matching `f`, newest
// first.
[[nodiscard]] absl::StatusOr<std::vector<std::string>> NewestAttemptTimes(
    db::Tx& tx, const AttemptFilter& f, int limit);
// Deletes the attempts matching `f`; InvalidArgument when `f` is empty (never
// all of them by accident).
[[nodiscard]] absl::Status DeleteAttempts(db::Tx& tx, const AttemptFilter& f);
// Deletes attempts made at or before `at`.
[[nodiscard]] absl::Status DeleteAttemptsUpTo(db::Tx& tx, absl::string_view at);

// -- Sessions ----------------------------------------------------------------

// A session with its user.
struct SessionOwner {
  User user;
  std::string csrf_token;
  std::string last_seen_at;
  std::string created_at;  // the absolute expiry is measured from here
};

[[nodiscard]] absl::Status InsertSession(db::Tx& tx, const Session& s);
[[nodiscard]] absl::StatusOr<std::optional<SessionOwner>> FindSession(
    db::Tx& tx, absl::string_view id);
[[nodiscard]] absl::Status TouchSession(db::Tx& tx, absl::string_view id,
                                        absl::string_view at);
[[nodiscard]] absl::Status DeleteSession(db::Tx& tx, absl::string_view id);
// Sessions last seen at or before `at`, of every user.
[[nodiscard]] absl::Status DeleteSessionsIdleSince(db::Tx& tx,
                                                   absl::string_view at);
// The user's sessions except `keep` (empty: all of them); returns how many.
[[nodiscard]] absl::StatusOr<int64_t> DeleteUserSessions(
    db::Tx& tx, int64_t user_id, absl::string_view keep = "");

// -- API tokens --------------------------------------------------------------

// A live (not revoked) token with its user.
struct TokenOwner {
  User user;
  int64_t token_id = 0;
  std::optional<std::string> last_used_at;
};

// Inserts `t` (user_id, name, created_at) known by `token_hash`; returns the
// new id.
[[nodiscard]] absl::StatusOr<int64_t> InsertToken(db::Tx& tx, const ApiToken& t,
                                                  absl::string_view token_hash);
[[nodiscard]] absl::StatusOr<std::optional<TokenOwner>> FindLiveToken(
    db::Tx& tx, absl::string_view token_hash);
[[nodiscard]] absl::Status TouchToken(db::Tx& tx, int64_t token_id,
                                      absl::string_view at);

}  // namespace zwgk::auth::store

#endif  // ZWGK_AUTH_STORE_H_
