// The accounts logic: users, password policy, login with lockout, database
// sessions with an idle timeout, API tokens. Validate → authorize → act, one
// transaction per action, every write audited (never with password material).
#ifndef ZWGK_AUTH_SERVICE_H_
#define ZWGK_AUTH_SERVICE_H_

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "auth/model.h"
#include "core/actor.h"
#include "core/audit.h"
#include "core/audit_chain.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/status.h"
#include "org/service.h"

namespace zwgk::auth {

namespace store {
struct AttemptFilter;
}  // namespace store

struct Options {
  // A session ends after this long without a request.
  absl::Duration session_idle = absl::Minutes(30);
  // A session ends this long after sign-in however busy it is (issue 20,
  // 等保 session limits): a stolen cookie is not good forever.
  absl::Duration session_absolute = absl::Hours(12);
  // last_seen_at is written at most this often per session, to limit writes.
  absl::Duration touch_interval = absl::Minutes(1);
  // Login throttles (issue 12). Failed logins are counted in the database
  // (table login_attempts), so every server process sees the same counts,
  // and by the name as typed, so a name that does not exist answers exactly
  // like one that does: same messages, same locks, same cost. Each limit
  // reads "this many failures within lockout_for, and attempts are refused
  // until lockout_for after the last of them"; refused attempts are not
  // counted, so a lock is never extended by knocking on it.
  //
  // Failures of one name from one client address: what a user who mistypes
  // meets ("账户已锁定，请于 HH:MM 后再试"), as before. It locks the name
  // for that address only, so an attacker at one address cannot keep a
  // colleague locked out of a known account.
  int lockout_after = 5;
  absl::Duration lockout_for = absl::Minutes(15);
  // Failures of any names from one address (IPv6 by its /64): stops one
  // address trying name after name (429 "尝试次数过多，请 N 分钟后再试").
  // A 县局 behind one NAT address makes a few typos in 15 minutes; 20
  // leaves room for four colleagues locking themselves out at once and
  // holds one address to 80 guesses an hour over all names.
  int address_limit = 20;
  // Failures of one name from all addresses: caps a guessing run spread
  // over many addresses at 50 per 15 minutes. This one locks the account for
  // everyone (shown as 已锁定 on the users page; an administrator lifts it by
  // enabling the user or setting a password), which takes failures from at
  // least ten addresses, since each address stops at lockout_after.
  int account_limit = 50;
  // argon2id cost; the defaults are libsodium's "interactive" limits
  // (crypto_pwhash_OPSLIMIT/MEMLIMIT_INTERACTIVE, ≈74 ms per hash here).
  // Tests pass the minimums (1, 8192) to stay fast.
  uint64_t hash_ops_limit = 2;
  size_t hash_mem_limit = size_t{64} << 20;
};

struct NewUser {
  std::string name;
  std::string role;  // a RoleName: admin | unit_editor | unit_reviewer | clerk
  std::string unit;  // unit name or numeric id; empty for admins
  std::string password;  // checked against the policy, then hashed
};

struct LoginResult {
  // the raw cookie value; only its SHA-256 is stored
  std::string session_cookie;
  std::string csrf_token;
  User user;
};

// A valid session: who it belongs to and the token its forms must echo.
struct SessionPrincipal {
  Actor actor;
  std::string csrf_token;
};

struct PasswordChange {
  std::string user;              // whose password; empty = the actor's own
  std::string current_password;  // required when changing one's own
  std::string new_password;
};

// OK, or InvalidFields with a Chinese message under `field`: at least 10
// characters and at least 3 of the 4 classes lower case, upper case, digit,
// other (any non-ASCII character counts as "other").
[[nodiscard]] absl::Status CheckPasswordPolicy(
    absl::string_view password, absl::string_view field = "password");

// Parses a stored RFC 3339 timestamp (as written by FormatTimestamp).
std::optional<absl::Time> ParseStoredTime(absl::string_view text);

class Service {
 public:
  Service(db::Database& db, const Clock& clock, org::Service& org,
          Options options = {});

  // Admin only. InvalidFields (name, role, unit, password) on bad input;
  // AlreadyExists when the name is taken.
  [[nodiscard]] absl::StatusOr<User> AddUser(const Actor& actor,
                                             const NewUser& in);

  // Checks the password and opens a session. Wrong password or unknown user:
  // Unauthenticated "用户名或密码错误" (same message, same hashing cost).
  // Locked out (the name from this address, or the name everywhere; see
  // Options), even with the right password: PermissionDenied
  // "登录失败次数过多，账户已锁定，请于 HH:MM 后再试" (China time); the
  // failure that reaches a limit answers the same. Too many failures from
  // this address: ResourceExhausted "尝试次数过多，请 N 分钟后再试". All of
  // these alike for names that exist and names that do not. Disabled
  // account with the right password: PermissionDenied.
  [[nodiscard]] absl::StatusOr<LoginResult> Login(absl::string_view name,
                                                  absl::string_view password,
                                                  absl::string_view remote_ip);

  // The session of a cookie value. Unauthenticated when unknown, idle for
  // session_idle or longer or signed in session_absolute ago (the session
  // is then deleted), or the user is disabled. Refreshes last_seen_at at most
  // once per touch_interval.
  [[nodiscard]] absl::StatusOr<SessionPrincipal> Authenticate(
      absl::string_view session_cookie);

  // Ends the session of a cookie value; OK when there was none.
  [[nodiscard]] absl::Status Logout(absl::string_view session_cookie);

  // Admin, or the user for themself. Returns the raw token ("zwgk_…"): shown
  // once, only its SHA-256 is stored.
  [[nodiscard]] absl::StatusOr<std::string> CreateToken(
      const Actor& actor, absl::string_view user_name, absl::string_view label);

  // The actor of a bearer token; Unauthenticated when unknown, revoked or the
  // user is disabled.
  [[nodiscard]] absl::StatusOr<Actor> AuthenticateToken(
      absl::string_view token);

  // One's own password (current password required), or anyone's by an
  // admin. Ends the user's other sessions.
  [[nodiscard]] absl::Status ChangePassword(const Actor& actor,
                                            const PasswordChange& in);

  // Admin only, ordered by name.
  [[nodiscard]] absl::StatusOr<std::vector<User>> ListUsers(const Actor& actor);

  // NotFound "用户 NAME 不存在".
  [[nodiscard]] absl::StatusOr<User> GetUser(absl::string_view name);
  [[nodiscard]] absl::StatusOr<User> GetUserById(int64_t id);

  // Admin only; not oneself. Disabling ends the user's sessions; enabling
  // also lifts a lockout (and forgets the name's failed logins).
  [[nodiscard]] absl::Status SetDisabled(const Actor& actor,
                                         absl::string_view user_name,
                                         bool disabled);

  // Admin only: the audit log of every module, newest first.
  [[nodiscard]] absl::StatusOr<std::vector<audit::LoggedEntry>> ListAudit(
      const Actor& actor, const audit::ListOptions& o);
  // Admin only: the names, actions and entities the log holds (filters).
  [[nodiscard]] absl::StatusOr<audit::Facets> AuditFacets(const Actor& actor);
  // Admin only: the outcome of the last `zwgk audit verify` (hash chain),
  // nullopt before the first run.
  [[nodiscard]] absl::StatusOr<std::optional<audit::LastVerify>>
  LastAuditVerify(const Actor& actor);

  // The name of a unit, for listings.
  [[nodiscard]] absl::StatusOr<std::string> UnitName(int64_t unit_id);

  // Whether `user` is locked out at this moment.
  bool IsLocked(const User& user) const;
  // "正常", "已停用" or "已锁定（至 2026-03-02 09:15）".
  std::string StatusLabel(const User& user) const;

  const Options& options() const { return options_; }

 private:
  struct Credentials;
  struct LoginOutcome;
  struct AttemptKey;
  struct Refusal;

  [[nodiscard]] absl::StatusOr<std::optional<Credentials>> LoadCredentials(
      absl::string_view name);
  [[nodiscard]] absl::StatusOr<std::string> HashPassword(
      absl::string_view password) const;
  // The hash an unknown name's password is checked against.
  std::string DummyHash();
  // The unit a user of `role` works for; problems are added to `v`.
  [[nodiscard]] absl::StatusOr<std::optional<int64_t>> ResolveUnitFor(
      Role role, absl::string_view unit, Validator& v);
  // How Login answers an attempt a throttle refused.
  static LoginOutcome FromRefusal(const Refusal& refusal);
  // The answer Login gives for `outcome`.
  [[nodiscard]] absl::StatusOr<LoginResult> Answer(LoginOutcome outcome) const;
  // Refuses the attempt, or counts it as failed until the password proved
  // right (so that concurrent guesses count too).
  [[nodiscard]] absl::StatusOr<std::optional<Refusal>> Admit(
      const AttemptKey& key);
  // The throttle in force for `key` now, if any.
  [[nodiscard]] absl::StatusOr<std::optional<Refusal>> Refused(
      db::Tx& tx, const AttemptKey& key, absl::Time now);
  // When the newest `limit` attempts matching `filter` lie within
  // lockout_for: until lockout_for after the newest, if that is after now.
  [[nodiscard]] absl::StatusOr<std::optional<absl::Time>> LockedUntil(
      db::Tx& tx, const store::AttemptFilter& filter, int limit,
      absl::Time now);
  // A failed attempt (already counted by Admit); `user` is null for a name
  // that does not exist.
  [[nodiscard]] absl::StatusOr<LoginOutcome> RecordFailure(
      db::Tx& tx, const User* user, const AttemptKey& key,
      absl::string_view remote_ip);
  [[nodiscard]] absl::StatusOr<LoginOutcome> OpenSession(
      db::Tx& tx, const Credentials& cred, absl::string_view password,
      const AttemptKey& key, absl::string_view remote_ip);

  db::Database& db_;
  const Clock& clock_;
  org::Service& org_;
  Options options_;
  std::mutex dummy_mu_;
  std::string dummy_hash_;  // guarded by dummy_mu_
};

}  // namespace zwgk::auth

#endif  // ZWGK_AUTH_SERVICE_H_
