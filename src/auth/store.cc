#include "auth/store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/status.h"

namespace zwgk::auth::store {
namespace {

// The columns UserFromRow reads, in order.
constexpr char kUserColumns[] =
    "id, name, role, unit_id, created_at, locked_until, failed_logins, "
    "disabled";
// The same, of users joined as `u`.
constexpr char kJoinedUserColumns[] =
    "u.id, u.name, u.role, u.unit_id, u.created_at, u.locked_until, "
    "u.failed_logins, u.disabled";

User UserFromRow(const db::Row& r) {
  return User{.id = r.Int(0),
              .name = r.Text(1),
              .role = ParseRole(r.Text(2)).value_or(Role::kClerk),
              .unit_id = r.OptInt(3),
              .created_at = r.Text(4),
              .locked_until = r.OptText(5),
              .failed_logins = static_cast<int>(r.Int(6)),
              .disabled = r.Bool(7)};
}

absl::StatusOr<std::optional<User>> FindUserWhere(db::Tx& tx,
                                                  absl::string_view where,
                                                  db::Value key) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> r,
      tx.QueryOptional(
          absl::StrCat("SELECT ", kUserColumns, " FROM users WHERE ", where),
          {std::move(key)}));
  if (!r) return std::optional<User>();
  return std::optional<User>(UserFromRow(*r));
}

// "name_hash = ? AND address = ?" with its parameters; empty for no filter.
std::pair<std::string, std::vector<db::Value>> AttemptWhere(
    const AttemptFilter& f) {
  std::vector<std::string> terms;
  std::vector<db::Value> params;
  if (f.name_hash) {
    terms.push_back("name_hash = ?");
    params.push_back(*f.name_hash);
  }
  if (f.address) {
    terms.push_back("address = ?");
    params.push_back(*f.address);
  }
  return {absl::StrJoin(terms, " AND "), std::move(params)};
}

}  // namespace

// -- Users -------------------------------------------------------------------

absl::StatusOr<int64_t> InsertUser(db::Tx& tx, const User& u,
                                   absl::string_view password_hash) {
  return tx.Insert(
      "INSERT INTO users (name, password_hash, role, unit_id, created_at, "
      "password_changed_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {u.name, std::string(password_hash), std::string(RoleName(u.role)),
       db::OrNull(u.unit_id), u.created_at, u.created_at});
}

absl::StatusOr<std::optional<User>> FindUser(db::Tx& tx,
                                             absl::string_view name) {
  return FindUserWhere(tx, "name = ?", std::string(name));
}

absl::StatusOr<std::optional<User>> FindUserById(db::Tx& tx, int64_t id) {
  return FindUserWhere(tx, "id = ?", id);
}

absl::StatusOr<std::optional<Credentials>> FindCredentials(
    db::Tx& tx, absl::string_view name) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> r,
      tx.QueryOptional(
          absl::StrCat("SELECT ", kUserColumns,
                       ", password_hash FROM users WHERE name = ?"),
          {std::string(name)}));
  if (!r) return std::optional<Credentials>();
  return std::optional<Credentials>(Credentials{UserFromRow(*r), r->Text(8)});
}

absl::StatusOr<std::vector<User>> ListUsers(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(db::Result r,
                        tx.Query(absl::StrCat("SELECT ", kUserColumns,
                                              " FROM users ORDER BY name")));
  std::vector<User> out;
  out.reserve(r.rows.size());
  for (const db::Row& row : r.rows) out.push_back(UserFromRow(row));
  return out;
}

absl::StatusOr<int> CountFailedLogin(db::Tx& tx, const User& user) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row row,
      tx.QueryOne("UPDATE users SET failed_logins = failed_logins + 1 WHERE "
                  "id = ? RETURNING failed_logins",
                  {user.id}, absl::StrCat("用户 ", user.name)));
  return static_cast<int>(row.Int(0));
}

absl::Status SetLockedUntil(db::Tx& tx, int64_t user_id,
                            absl::string_view until) {
  return tx
      .Exec("UPDATE users SET locked_until = ? WHERE id = ?",
            {std::string(until), user_id})
      .status();
}

absl::StatusOr<bool> ClearFailuresIfAdmitted(db::Tx& tx, int64_t user_id,
                                             absl::string_view now) {
  ZWGK_ASSIGN_OR_RETURN(
      int64_t cleared,
      tx.Exec("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE "
              "id = ? AND "
              "disabled = 0 AND (locked_until IS NULL OR locked_until <= ?)",
              {user_id, std::string(now)}));
  return cleared != 0;
}

absl::StatusOr<LoginBlock> GetLoginBlock(db::Tx& tx, const User& user) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row row,
      tx.QueryOne("SELECT disabled, locked_until FROM users WHERE id = ?",
                  {user.id}, absl::StrCat("用户 ", user.name)));
  return LoginBlock{.disabled = row.Bool(0), .locked_until = row.OptText(1)};
}

absl::Status SetPasswordHash(db::Tx& tx, int64_t user_id,
                             absl::string_view hash) {
  return tx
      .Exec("UPDATE users SET password_hash = ? WHERE id = ?",
            {std::string(hash), user_id})
      .status();
}

absl::Status ChangePassword(db::Tx& tx, int64_t user_id, absl::string_view hash,
                            absl::string_view now) {
  return tx
      .Exec(
          "UPDATE users SET password_hash = ?, password_changed_at = ?, "
          "failed_logins = 0, locked_until = NULL WHERE id = ?",
          {std::string(hash), std::string(now), user_id})
      .status();
}

absl::Status DisableUser(db::Tx& tx, int64_t user_id) {
  return tx.Exec("UPDATE users SET disabled = 1 WHERE id = ?", {user_id})
      .status();
}

absl::Status EnableUser(db::Tx& tx, int64_t user_id) {
  return tx
      .Exec(
          "UPDATE users SET disabled = 0, failed_logins = 0, "
          "locked_until = NULL WHERE id = ?",
          {user_id})
      .status();
}

// -- Login attempts ----------------------------------------------------------

absl::Status InsertAttempt(db::Tx& tx, absl::string_view address,
                           absl::string_view name_hash, absl::string_view at) {
  return tx
      .Exec(
          "INSERT INTO login_attempts (address, name_hash, at) VALUES (?, ?, "
          "?)",
          {std::string(address), std::string(name_hash), std::string(at)})
      .status();
}

absl::StatusOr<std::vector<std::string>> NewestAttemptTimes(
    db::Tx& tx, const AttemptFilter& f, int limit) {
  auto [where, params] = AttemptWhere(f);
  params.push_back(int64_t{limit});
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r, tx.Query(absl::StrCat("SELECT at FROM login_attempts",
                                          where.empty() ? "" : " WHERE ", where,
                                          " ORDER BY at DESC LIMIT ?"),
                             params));
  std::vector<std::string> out;
  out.reserve(r.rows.size());
  for (const db::Row& row : r.rows) out.push_back(row.Text(0));
  return out;
}

absl::Status DeleteAttempts(db::Tx& tx, const AttemptFilter& f) {
  auto [where, params] = AttemptWhere(f);
  if (where.empty()) {
    return absl::InvalidArgumentError("删除登录失败记录时须指定用户名或地址");
  }
  return tx
      .Exec(absl::StrCat("DELETE FROM login_attempts WHERE ", where), params)
      .status();
}

absl::Status DeleteAttemptsUpTo(db::Tx& tx, absl::string_view at) {
  return tx.Exec("DELETE FROM login_attempts WHERE at <= ?", {std::string(at)})
      .status();
}

// -- Sessions ----------------------------------------------------------------

absl::Status InsertSession(db::Tx& tx, const Session& s) {
  return tx
      .Exec(
          "INSERT INTO sessions (id, user_id, csrf_token, created_at, "
          "last_seen_at, remote_ip) VALUES (?, ?, ?, ?, ?, ?)",
          {s.id, s.user_id, s.csrf_token, s.created_at, s.last_seen_at,
           s.remote_ip})
      .status();
}

absl::StatusOr<std::optional<SessionOwner>> FindSession(db::Tx& tx,
                                                        absl::string_view id) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> r,
      tx.QueryOptional(
          absl::StrCat("SELECT ", kJoinedUserColumns,
                       ", s.csrf_token, s.last_seen_at, s.created_at "
                       "FROM sessions s "
                       "JOIN users u ON u.id = s.user_id WHERE s.id = ?"),
          {std::string(id)}));
  if (!r) return std::optional<SessionOwner>();
  return std::optional<SessionOwner>(SessionOwner{.user = UserFromRow(*r),
                                                  .csrf_token = r->Text(8),
                                                  .last_seen_at = r->Text(9),
                                                  .created_at = r->Text(10)});
}

absl::Status TouchSession(db::Tx& tx, absl::string_view id,
                          absl::string_view at) {
  return tx
      .Exec("UPDATE sessions SET last_seen_at = ? WHERE id = ?",
            {std::string(at), std::string(id)})
      .status();
}

absl::Status DeleteSession(db::Tx& tx, absl::string_view id) {
  return tx.Exec("DELETE FROM sessions WHERE id = ?", {std::string(id)})
      .status();
}

absl::Status DeleteSessionsIdleSince(db::Tx& tx, absl::string_view at) {
  return tx
      .Exec("DELETE FROM sessions WHERE last_seen_at <= ?", {std::string(at)})
      .status();
}

absl::StatusOr<int64_t> DeleteUserSessions(db::Tx& tx, int64_t user_id,
                                           absl::string_view keep) {
  if (keep.empty()) {
    return tx.Exec("DELETE FROM sessions WHERE user_id = ?", {user_id});
  }
  return tx.Exec("DELETE FROM sessions WHERE user_id = ? AND id <> ?",
                 {user_id, std::string(keep)});
}

// -- API tokens --------------------------------------------------------------

absl::StatusOr<int64_t> InsertToken(db::Tx& tx, const ApiToken& t,
                                    absl::string_view token_hash) {
  return tx.Insert(
      "INSERT INTO api_tokens (token_hash, user_id, name, created_at) "
      "VALUES (?, ?, ?, ?) RETURNING id",
      {std::string(token_hash), t.user_id, t.name, t.created_at});
}

absl::StatusOr<std::optional<TokenOwner>> FindLiveToken(
    db::Tx& tx, absl::string_view token_hash) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> r,
      tx.QueryOptional(absl::StrCat("SELECT ", kJoinedUserColumns,
                                    ", t.id, t.last_used_at FROM api_tokens t "
                                    "JOIN users u ON u.id = t.user_id "
                                    "WHERE t.token_hash = ? AND t.revoked = 0"),
                       {std::string(token_hash)}));
  if (!r) return std::optional<TokenOwner>();
  return std::optional<TokenOwner>(TokenOwner{.user = UserFromRow(*r),
                                              .token_id = r->Int(8),
                                              .last_used_at = r->OptText(9)});
}

absl::Status TouchToken(db::Tx& tx, int64_t token_id, absl::string_view at) {
  return tx
      .Exec("UPDATE api_tokens SET last_used_at = ? WHERE id = ?",
            {std::string(at), token_id})
      .status();
}

}  // namespace zwgk::auth::store
