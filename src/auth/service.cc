#include "auth/service.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "auth/store.h"
#include "core/audit.h"
#include "core/crypto.h"
#include "core/text.h"
#include "nlohmann/json.hpp"

namespace zwgk::auth {

static_assert(Options{}.hash_ops_limit == crypto_pwhash_OPSLIMIT_INTERACTIVE);
static_assert(Options{}.hash_mem_limit == crypto_pwhash_MEMLIMIT_INTERACTIVE);

struct Service::Credentials : store::Credentials {};

struct Service::LoginOutcome {
  enum class Kind { kOk, kWrongPassword, kLocked, kThrottled, kDisabled };
  Kind kind = Kind::kWrongPassword;
  absl::Time locked_until;  // kLocked, kThrottled
  LoginResult result;
};

// What the throttles count a login attempt by.
struct Service::AttemptKey {
  std::string address;    // AddressKey of the client address
  std::string name_hash;  // SHA-256 hex of the name as typed (trimmed)
};

struct Service::Refusal {
  enum class Scope {
    kAddress,  // any names from this address: ResourceExhausted
    kAccount,  // this name from anywhere: PermissionDenied, users.locked_until
    kPair,     // this name from this address: PermissionDenied
  };
  Scope scope = Scope::kPair;
  absl::Time until;
};

namespace {

constexpr char kWrongCredentials[] = "用户名或密码错误";
constexpr char kSessionInvalid[] = "未登录或登录已过期，请重新登录";
constexpr char kTokenInvalid[] = "API 令牌无效、已撤销或所属账户已停用";
constexpr char kDisabled[] = "账户已停用，请联系管理员（县政务公开办）";
constexpr char kTokenPrefix[] = "zwgk_";
constexpr size_t kMaxPasswordChars = 128;
constexpr size_t kMaxNameChars = 64;

// What the audit log keeps of a user: never the password hash.
nlohmann::json UserJson(const User& u) {
  return {{"name", u.name},
          {"role", std::string(RoleName(u.role))},
          {"unit_id",
           u.unit_id ? nlohmann::json(*u.unit_id) : nlohmann::json(nullptr)},
          {"disabled", u.disabled},
          {"locked_until", u.locked_until ? nlohmann::json(*u.locked_until)
                                          : nlohmann::json(nullptr)}};
}

Actor ActorFor(const User& u) {
  return Actor{
      .user_id = u.id, .name = u.name, .role = u.role, .unit_id = u.unit_id};
}

// Whoever is typing at the login form: not yet anyone.
Actor Anonymous() {
  return Actor{.user_id = 0, .name = "匿名访客", .role = Role::kPublic};
}

bool LockedAt(const std::optional<std::string>& locked_until, absl::Time now) {
  if (!locked_until) return false;
  std::optional<absl::Time> t = ParseStoredTime(*locked_until);
  return t && *t > now;
}

void CheckUserName(absl::string_view name, Validator& v) {
  if (name.empty()) {
    v.Add("name", "请填写用户名");
  } else if (Utf8Length(name) > kMaxNameChars) {
    v.Add("name", absl::StrCat("用户名不能超过 ", kMaxNameChars, " 个字符"));
  } else if (std::any_of(
                 name.begin(), name.end(),
                 [](unsigned char c) { return c <= 0x20 || c == 0x7F; }) ||
             absl::StrContains(name, "\u3000")) {
    v.Add("name", "用户名不能包含空格或控制字符");
  }
}

std::string SessionId(absl::string_view cookie) {
  return crypto::Sha256Hex(cookie);
}

bool VerifyPassword(const std::string& hash, absl::string_view password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(),
                                  password.size()) == 0;
}

// The client address failed logins are counted by: an IPv4 address as it
// is; an IPv6 address by its /64, because one subscriber's network gets a
// whole /64 and its hosts (or one host changing addresses) could otherwise
// take turns; an IPv4 address seen through an IPv6 socket (::ffff:a.b.c.d)
// as the IPv4 address. Anything else as given.
std::string AddressKey(absl::string_view remote_ip) {
  std::string ip(remote_ip.substr(0, 64));
  char text[INET6_ADDRSTRLEN] = {};
  in_addr v4{};
  if (inet_pton(AF_INET, ip.c_str(), &v4) == 1) {
    return inet_ntop(AF_INET, &v4, text, sizeof text) ? text : ip;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, ip.c_str(), &v6) != 1) return ip;
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    std::memcpy(&v4, v6.s6_addr + 12, sizeof v4);
    return inet_ntop(AF_INET, &v4, text, sizeof text) ? text : ip;
  }
  std::memset(v6.s6_addr + 8, 0, 8);
  if (!inet_ntop(AF_INET6, &v6, text, sizeof text)) return ip;
  return absl::StrCat(text, "/64");
}

std::string LockedMessage(absl::Time until) {
  return absl::StrCat("登录失败次数过多，账户已锁定，请于 ",
                      absl::FormatTime("%H:%M", until, DisplayTimeZone()),
                      " 后再试");
}

std::string ThrottledMessage(absl::Time until, absl::Time now) {
  int64_t minutes = std::max<int64_t>(
      1, absl::ToInt64Minutes(absl::Ceil(until - now, absl::Minutes(1))));
  return absl::StrCat("尝试次数过多，请 ", minutes, " 分钟后再试");
}

// What an administrator's unlock clears besides users.locked_until: the
// counted failures of the name, from every address.
absl::Status ForgetFailedLogins(db::Tx& tx, absl::string_view name) {
  return store::DeleteAttempts(tx, {.name_hash = crypto::Sha256Hex(name)});
}

}  // namespace

std::optional<absl::Time> ParseStoredTime(absl::string_view text) {
  return ParseTimestamp(text);
}

absl::Status CheckPasswordPolicy(absl::string_view password,
                                 absl::string_view field) {
  size_t chars = Utf8Length(password);
  bool lower = false, upper = false, digit = false, other = false;
  for (unsigned char c : password) {
    if (absl::ascii_islower(c)) {
      lower = true;
    } else if (absl::ascii_isupper(c)) {
      upper = true;
    } else if (absl::ascii_isdigit(c)) {
      digit = true;
    } else {
      other = true;
    }
  }
  int classes = lower + upper + digit + other;
  std::vector<std::string> problems;
  if (chars < 10) {
    problems.push_back(
        absl::StrCat("密码至少需要 10 个字符（现在只有 ", chars, " 个）"));
  } else if (chars > kMaxPasswordChars) {
    problems.push_back(
        absl::StrCat("密码不能超过 ", kMaxPasswordChars, " 个字符"));
  }
  if (classes < 3) {
    problems.push_back(
        absl::StrCat("密码须至少包含小写字母、大写字母、数字、其他符号这四类中"
                     "的三类（现在只有 ",
                     classes, " 类）"));
  }
  if (problems.empty()) return absl::OkStatus();
  return InvalidFields("密码不符合要求",
                       {{std::string(field), absl::StrJoin(problems, "；")}});
}

Service::Service(db::Database& db, const Clock& clock, org::Service& org,
                 Options options)
    : db_(db), clock_(clock), org_(org), options_(options) {
  if (sodium_init() < 0) std::abort();  // no usable randomness: refuse to run
}

absl::StatusOr<std::string> Service::HashPassword(
    absl::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(),
                        options_.hash_ops_limit,
                        options_.hash_mem_limit) != 0) {
    return absl::ResourceExhaustedError("计算密码散列时内存不足，请稍后再试");
  }
  return std::string(out);
}

std::string Service::DummyHash() {
  std::lock_guard lock(dummy_mu_);
  // Made with today's settings, so checking it costs what checking a real
  // hash does. Tried again while it could not be made: an empty hash would
  // fail at once and tell unknown names apart by their speed.
  if (dummy_hash_.empty()) {
    absl::StatusOr<std::string> h = HashPassword(crypto::RandomHex(16));
    if (h.ok()) dummy_hash_ = *h;
  }
  return dummy_hash_;
}

absl::StatusOr<std::optional<int64_t>> Service::ResolveUnitFor(
    Role role, absl::string_view unit, Validator& v) {
  unit = absl::StripAsciiWhitespace(unit);
  if (!RoleNeedsUnit(role)) {
    if (!unit.empty())
      v.Add("unit", "管理员（县政务公开办）不属于具体单位，请不要填写单位");
    return std::nullopt;
  }
  if (unit.empty()) {
    v.Add("unit",
          absl::StrCat(RoleLabel(role), "须指定所属单位（单位名称或编号）"));
    return std::nullopt;
  }
  absl::StatusOr<org::Unit> u = org_.ResolveUnit(unit);
  if (absl::IsNotFound(u.status())) {
    v.Add("unit", absl::StrCat("单位不存在：", unit));
    return std::nullopt;
  }
  if (!u.ok()) return u.status();
  if (u->retired) {
    v.Add("unit", absl::StrCat("单位已撤销，不能再添加用户：", u->name));
    return std::nullopt;
  }
  return u->id;
}

absl::StatusOr<User> Service::AddUser(const Actor& actor, const NewUser& in) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError("只有管理员可以添加用户");
  Validator v;
  std::string name(absl::StripAsciiWhitespace(in.name));
  CheckUserName(name, v);
  std::optional<Role> role = ParseRole(absl::StripAsciiWhitespace(in.role));
  std::optional<int64_t> unit_id;
  if (!role) {
    v.Add("role",
          absl::StrCat(
              "角色无效：“", in.role,
              "”，应为 admin、unit_editor、unit_reviewer 或 clerk 之一"));
  } else {
    ZWGK_ASSIGN_OR_RETURN(unit_id, ResolveUnitFor(*role, in.unit, v));
  }
  for (const auto& [field, message] :
       GetFieldErrors(CheckPasswordPolicy(in.password))) {
    v.Add(field, message);
  }
  ZWGK_RETURN_IF_ERROR(v.ToStatus("用户信息有误"));

  ZWGK_ASSIGN_OR_RETURN(std::string hash, HashPassword(in.password));
  std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<User>([&](db::Tx& tx) -> absl::StatusOr<User> {
    User user{
        .name = name, .role = *role, .unit_id = unit_id, .created_at = now};
    absl::StatusOr<int64_t> id = store::InsertUser(tx, user, hash);
    if (absl::IsAlreadyExists(id.status())) {
      return absl::AlreadyExistsError(absl::StrCat("用户名已存在：", name));
    }
    if (!id.ok()) return id.status();
    user.id = *id;
    ZWGK_RETURN_IF_ERROR(audit::Record(tx, clock_, actor,
                                       {.action = "user.create",
                                        .entity = "user",
                                        .entity_id = absl::StrCat(*id),
                                        .before = nullptr,
                                        .after = UserJson(user)}));
    return user;
  });
}

absl::StatusOr<std::optional<Service::Credentials>> Service::LoadCredentials(
    absl::string_view name) {
  return db_.InTransaction<std::optional<Credentials>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::optional<Credentials>> {
        ZWGK_ASSIGN_OR_RETURN(std::optional<store::Credentials> c,
                              store::FindCredentials(tx, name));
        if (!c) return std::optional<Credentials>();
        return std::optional<Credentials>(Credentials{std::move(*c)});
      });
}

absl::StatusOr<LoginResult> Service::Login(absl::string_view name,
                                           absl::string_view password,
                                           absl::string_view remote_ip) {
  std::string user_name(absl::StripAsciiWhitespace(name));
  const AttemptKey key{.address = AddressKey(remote_ip),
                       .name_hash = crypto::Sha256Hex(user_name)};
  // Made on the first attempt of any kind, so that cost reveals nothing.
  const std::string dummy_hash = DummyHash();
  // Throttled attempts are answered before anything about the name is read
  // and without hashing: the same, and as fast, for every name.
  ZWGK_ASSIGN_OR_RETURN(std::optional<Refusal> refused, Admit(key));
  if (refused) return Answer(FromRefusal(*refused));
  ZWGK_ASSIGN_OR_RETURN(std::optional<Credentials> cred,
                        LoadCredentials(user_name));
  // Hash exactly once either way, so an unknown name takes as long as a
  // wrong password, and goes through the same failure path: the answer, the
  // counts and the locks reveal nothing about which names exist.
  bool password_ok =
      VerifyPassword(cred ? cred->password_hash : dummy_hash, password);
  ZWGK_ASSIGN_OR_RETURN(
      LoginOutcome outcome,
      db_.InTransaction<LoginOutcome>(
          [&](db::Tx& tx) -> absl::StatusOr<LoginOutcome> {
            if (cred && password_ok) {
              return OpenSession(tx, *cred, password, key, remote_ip);
            }
            return RecordFailure(tx, cred ? &cred->user : nullptr, key,
                                 remote_ip);
          }));
  return Answer(std::move(outcome));
}

Service::LoginOutcome Service::FromRefusal(const Refusal& refusal) {
  return LoginOutcome{.kind = refusal.scope == Refusal::Scope::kAddress
                                  ? LoginOutcome::Kind::kThrottled
                                  : LoginOutcome::Kind::kLocked,
                      .locked_until = refusal.until};
}

absl::StatusOr<LoginResult> Service::Answer(LoginOutcome outcome) const {
  switch (outcome.kind) {
    case LoginOutcome::Kind::kOk:
      return std::move(outcome.result);
    case LoginOutcome::Kind::kWrongPassword:
      return absl::UnauthenticatedError(kWrongCredentials);
    case LoginOutcome::Kind::kLocked:
      return absl::PermissionDeniedError(LockedMessage(outcome.locked_until));
    case LoginOutcome::Kind::kThrottled:
      return absl::ResourceExhaustedError(
          ThrottledMessage(outcome.locked_until, clock_.Now()));
    case LoginOutcome::Kind::kDisabled:
      return absl::PermissionDeniedError(kDisabled);
  }
  return absl::InternalError("unreachable login outcome");
}

absl::StatusOr<std::optional<Service::Refusal>> Service::Admit(
    const AttemptKey& key) {
  absl::Time now = clock_.Now();
  return db_.InTransaction<std::optional<Refusal>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::optional<Refusal>> {
        ZWGK_ASSIGN_OR_RETURN(std::optional<Refusal> refused,
                              Refused(tx, key, now));
        if (refused) return refused;  // not counted: no lock is extended
        // No lock can depend on attempts older than twice the window.
        ZWGK_RETURN_IF_ERROR(store::DeleteAttemptsUpTo(
            tx, FormatTimestamp(now - 2 * options_.lockout_for)));
        ZWGK_RETURN_IF_ERROR(store::InsertAttempt(
            tx, key.address, key.name_hash, FormatTimestamp(now)));
        // Bookkeeping no page shows: anonymous login posts must not make
        // every cached public page stale (core/db.h, site generation).
        tx.ResetWrote();
        return std::optional<Refusal>();
      });
}

absl::StatusOr<std::optional<Service::Refusal>> Service::Refused(
    db::Tx& tx, const AttemptKey& key, absl::Time now) {
  const struct {
    Refusal::Scope scope;
    store::AttemptFilter filter;
    int limit;
  } scopes[] = {
      {Refusal::Scope::kAddress,
       {.address = key.address},
       options_.address_limit},
      {Refusal::Scope::kAccount,
       {.name_hash = key.name_hash},
       options_.account_limit},
      {Refusal::Scope::kPair,
       {.name_hash = key.name_hash, .address = key.address},
       options_.lockout_after},
  };
  for (const auto& s : scopes) {
    ZWGK_ASSIGN_OR_RETURN(std::optional<absl::Time> until,
                          LockedUntil(tx, s.filter, s.limit, now));
    if (until) return Refusal{.scope = s.scope, .until = *until};
  }
  return std::nullopt;
}

absl::StatusOr<std::optional<absl::Time>> Service::LockedUntil(
    db::Tx& tx, const store::AttemptFilter& filter, int limit, absl::Time now) {
  if (limit <= 0) return std::nullopt;
  ZWGK_ASSIGN_OR_RETURN(std::vector<std::string> times,
                        store::NewestAttemptTimes(tx, filter, limit));
  if (times.size() < static_cast<size_t>(limit)) return std::nullopt;
  std::optional<absl::Time> newest = ParseStoredTime(times.front());
  std::optional<absl::Time> oldest = ParseStoredTime(times.back());
  if (!newest || !oldest) return std::nullopt;
  if (*oldest <= *newest - options_.lockout_for) return std::nullopt;
  absl::Time until = *newest + options_.lockout_for;
  if (until <= now) return std::nullopt;
  return until;
}

absl::StatusOr<Service::LoginOutcome> Service::RecordFailure(
    db::Tx& tx, const User* user, const AttemptKey& key,
    absl::string_view remote_ip) {
  absl::Time now = clock_.Now();
  // Admit counted this attempt: if it reached a limit, it answers as locked.
  ZWGK_ASSIGN_OR_RETURN(std::optional<Refusal> refused, Refused(tx, key, now));
  LoginOutcome outcome =
      refused ? FromRefusal(*refused)
              : LoginOutcome{.kind = LoginOutcome::Kind::kWrongPassword};
  if (!user) return outcome;  // nothing more to record about a non-name

  // For the users page and the audit log only; the counts above decide.
  ZWGK_ASSIGN_OR_RETURN(int failures, store::CountFailedLogin(tx, *user));
  audit::Entry entry{.action = "user.login_failed",
                     .entity = "user",
                     .entity_id = absl::StrCat(user->id),
                     .before = {{"failed_logins", failures - 1}},
                     .after = {{"failed_logins", failures},
                               {"remote_ip", std::string(remote_ip)}}};
  if (refused) {
    std::string until = FormatTimestamp(refused->until);
    switch (refused->scope) {
      case Refusal::Scope::kAddress:
        entry.after["address_throttled_until"] = until;
        break;
      case Refusal::Scope::kAccount:
        // Locked for everyone: shown on the users page.
        ZWGK_RETURN_IF_ERROR(store::SetLockedUntil(tx, user->id, until));
        entry.action = "user.lock";
        entry.after["locked_until"] = until;
        entry.after["scope"] = "account";
        break;
      case Refusal::Scope::kPair:
        entry.action = "user.lock";
        entry.after["locked_until"] = until;
        entry.after["scope"] = "address";
        break;
    }
  }
  ZWGK_RETURN_IF_ERROR(audit::Record(tx, clock_, Anonymous(), entry));
  return outcome;
}

absl::StatusOr<Service::LoginOutcome> Service::OpenSession(
    db::Tx& tx, const Credentials& cred, absl::string_view password,
    const AttemptKey& key, absl::string_view remote_ip) {
  absl::Time now = clock_.Now();
  std::string now_text = FormatTimestamp(now);
  const User& user = cred.user;
  // Conditional, so a lock or a disable that commits first wins.
  ZWGK_ASSIGN_OR_RETURN(bool cleared,
                        store::ClearFailuresIfAdmitted(tx, user.id, now_text));
  if (!cleared) {
    ZWGK_ASSIGN_OR_RETURN(store::LoginBlock block,
                          store::GetLoginBlock(tx, user));
    if (block.disabled)
      return LoginOutcome{.kind = LoginOutcome::Kind::kDisabled};
    std::optional<absl::Time> until =
        ParseStoredTime(block.locked_until.value_or(""));
    return LoginOutcome{.kind = LoginOutcome::Kind::kLocked,
                        .locked_until = until.value_or(now)};
  }
  // Upgrade hashes made with weaker settings than today's.
  if (crypto_pwhash_str_needs_rehash(cred.password_hash.c_str(),
                                     options_.hash_ops_limit,
                                     options_.hash_mem_limit) != 0) {
    ZWGK_ASSIGN_OR_RETURN(std::string rehashed, HashPassword(password));
    ZWGK_RETURN_IF_ERROR(store::SetPasswordHash(tx, user.id, rehashed));
  }
  // The right password: this attempt and the earlier failures of the name
  // from this address are forgotten. Not those from other addresses: a
  // successful login must not hand an attacker elsewhere fresh guesses.
  ZWGK_RETURN_IF_ERROR(store::DeleteAttempts(
      tx, {.name_hash = key.name_hash, .address = key.address}));
  // Expired sessions of everyone go with each login: cheap and bounded.
  ZWGK_RETURN_IF_ERROR(store::DeleteSessionsIdleSince(
      tx, FormatTimestamp(now - options_.session_idle)));
  LoginResult result{.session_cookie = crypto::RandomHex(32),
                     .csrf_token = crypto::RandomHex(32),
                     .user = user};
  result.user.failed_logins = 0;
  result.user.locked_until.reset();
  ZWGK_RETURN_IF_ERROR(
      store::InsertSession(tx, {.id = SessionId(result.session_cookie),
                                .user_id = user.id,
                                .csrf_token = result.csrf_token,
                                .created_at = now_text,
                                .last_seen_at = now_text,
                                .remote_ip = std::string(remote_ip)}));
  ZWGK_RETURN_IF_ERROR(
      audit::Record(tx, clock_, ActorFor(user),
                    {.action = "user.login",
                     .entity = "user",
                     .entity_id = absl::StrCat(user.id),
                     .before = nullptr,
                     .after = {{"remote_ip", std::string(remote_ip)}}}));
  return LoginOutcome{.kind = LoginOutcome::Kind::kOk,
                      .result = std::move(result)};
}

absl::StatusOr<SessionPrincipal> Service::Authenticate(
    absl::string_view session_cookie) {
  if (session_cookie.empty())
    return absl::UnauthenticatedError(kSessionInvalid);
  std::string id = SessionId(session_cookie);
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<store::SessionOwner> session,
      db_.InTransaction<std::optional<store::SessionOwner>>(
          [&](db::Tx& tx) { return store::FindSession(tx, id); }));
  if (!session) return absl::UnauthenticatedError(kSessionInvalid);
  const User& user = session->user;
  absl::Time now = clock_.Now();
  std::optional<absl::Time> last_seen = ParseStoredTime(session->last_seen_at);
  std::optional<absl::Time> created = ParseStoredTime(session->created_at);
  if (!last_seen || now - *last_seen >= options_.session_idle || !created ||
      now - *created >= options_.session_absolute || user.disabled) {
    ZWGK_RETURN_IF_ERROR(db_.Transaction(
        [&](db::Tx& tx) { return store::DeleteSession(tx, id); }));
    return absl::UnauthenticatedError(kSessionInvalid);
  }
  if (now - *last_seen >= options_.touch_interval) {
    ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) {
      absl::Status touched = store::TouchSession(tx, id, FormatTimestamp(now));
      tx.ResetWrote();  // bookkeeping: no cached page changes
      return touched;
    }));
  }
  Actor actor = ActorFor(user);
  actor.session_id = id;
  return SessionPrincipal{.actor = std::move(actor),
                          .csrf_token = std::move(session->csrf_token)};
}

absl::Status Service::Logout(absl::string_view session_cookie) {
  if (session_cookie.empty()) return absl::OkStatus();
  std::string id = SessionId(session_cookie);
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(std::optional<store::SessionOwner> session,
                          store::FindSession(tx, id));
    if (!session) return absl::OkStatus();
    const User& user = session->user;
    ZWGK_RETURN_IF_ERROR(store::DeleteSession(tx, id));
    return audit::Record(tx, clock_, ActorFor(user),
                         {.action = "user.logout",
                          .entity = "user",
                          .entity_id = absl::StrCat(user.id),
                          .before = nullptr,
                          .after = nullptr});
  });
}

absl::StatusOr<std::string> Service::CreateToken(const Actor& actor,
                                                 absl::string_view user_name,
                                                 absl::string_view label) {
  std::string name(absl::StripAsciiWhitespace(label));
  if (name.empty()) name = "API 令牌";
  if (Utf8Length(name) > 100) {
    return InvalidFields("令牌名称过长",
                         {{"name", "令牌名称不能超过 100 个字符"}});
  }
  ZWGK_ASSIGN_OR_RETURN(User user, GetUser(user_name));
  if (!IsAdmin(actor) && actor.user_id != user.id) {
    return absl::PermissionDeniedError("只有管理员可以为其他用户创建令牌");
  }
  if (user.disabled) {
    return absl::FailedPreconditionError(
        absl::StrCat("用户 ", user.name, " 已停用，不能为其创建令牌"));
  }
  std::string token = absl::StrCat(kTokenPrefix, crypto::RandomHex(32));
  std::string now = FormatTimestamp(clock_.Now());
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(
        int64_t id,
        store::InsertToken(
            tx, {.user_id = user.id, .name = name, .created_at = now},
            crypto::Sha256Hex(token)));
    return audit::Record(tx, clock_, actor,
                         {.action = "token.create",
                          .entity = "api_token",
                          .entity_id = absl::StrCat(id),
                          .before = nullptr,
                          .after = {{"user", user.name}, {"name", name}}});
  }));
  return token;
}

absl::StatusOr<Actor> Service::AuthenticateToken(absl::string_view token) {
  if (!absl::StartsWith(token, kTokenPrefix))
    return absl::UnauthenticatedError(kTokenInvalid);
  std::string token_hash = crypto::Sha256Hex(token);
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<store::TokenOwner> owner,
      db_.InTransaction<std::optional<store::TokenOwner>>(
          [&](db::Tx& tx) { return store::FindLiveToken(tx, token_hash); }));
  if (!owner) return absl::UnauthenticatedError(kTokenInvalid);
  const User& user = owner->user;
  if (user.disabled) return absl::UnauthenticatedError(kTokenInvalid);
  absl::Time now = clock_.Now();
  std::optional<absl::Time> last_used =
      ParseStoredTime(owner->last_used_at.value_or(""));
  if (!last_used || now - *last_used >= options_.touch_interval) {
    ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) {
      absl::Status touched =
          store::TouchToken(tx, owner->token_id, FormatTimestamp(now));
      tx.ResetWrote();  // bookkeeping: no cached page changes
      return touched;
    }));
  }
  Actor actor = ActorFor(user);
  actor.via_token = true;
  return actor;
}

absl::Status Service::ChangePassword(const Actor& actor,
                                     const PasswordChange& in) {
  std::string target = in.user.empty() ? actor.name : in.user;
  ZWGK_ASSIGN_OR_RETURN(std::optional<Credentials> cred,
                        LoadCredentials(target));
  if (!cred)
    return absl::NotFoundError(absl::StrCat("用户 ", target, " 不存在"));
  bool self = actor.user_id != 0 && actor.user_id == cred->user.id;
  if (!self && !IsAdmin(actor)) {
    return absl::PermissionDeniedError("只有管理员可以修改其他用户的密码");
  }
  Validator v;
  if (self && !VerifyPassword(cred->password_hash, in.current_password)) {
    v.Add("current_password", "当前密码不正确");
  }
  for (const auto& [field, message] :
       GetFieldErrors(CheckPasswordPolicy(in.new_password, "new_password"))) {
    v.Add(field, message);
  }
  if (self && in.new_password == in.current_password) {
    v.Add("new_password", "新密码不能与当前密码相同");
  }
  ZWGK_RETURN_IF_ERROR(v.ToStatus("密码未修改"));

  ZWGK_ASSIGN_OR_RETURN(std::string hash, HashPassword(in.new_password));
  std::string now = FormatTimestamp(clock_.Now());
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    // A new password also lifts a lockout: that is how an admin unlocks.
    ZWGK_RETURN_IF_ERROR(store::ChangePassword(tx, cred->user.id, hash, now));
    ZWGK_RETURN_IF_ERROR(ForgetFailedLogins(tx, cred->user.name));
    // Everyone else holding a session of this user is logged out.
    ZWGK_ASSIGN_OR_RETURN(
        int64_t ended,
        store::DeleteUserSessions(tx, cred->user.id,
                                  self ? actor.session_id : std::string()));
    return audit::Record(tx, clock_, actor,
                         {.action = "user.password_change",
                          .entity = "user",
                          .entity_id = absl::StrCat(cred->user.id),
                          .before = nullptr,
                          .after = {{"sessions_ended", ended}}});
  });
}

absl::StatusOr<std::vector<User>> Service::ListUsers(const Actor& actor) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError("只有管理员可以查看用户列表");
  return db_.InTransaction<std::vector<User>>(
      [](db::Tx& tx) { return store::ListUsers(tx); });
}

absl::StatusOr<User> Service::GetUser(absl::string_view name) {
  std::string n(absl::StripAsciiWhitespace(name));
  ZWGK_ASSIGN_OR_RETURN(std::optional<User> user,
                        db_.InTransaction<std::optional<User>>([&](db::Tx& tx) {
                          return store::FindUser(tx, n);
                        }));
  if (!user) return absl::NotFoundError(absl::StrCat("用户 ", n, " 不存在"));
  return *std::move(user);
}

absl::StatusOr<User> Service::GetUserById(int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(std::optional<User> user,
                        db_.InTransaction<std::optional<User>>([&](db::Tx& tx) {
                          return store::FindUserById(tx, id);
                        }));
  if (!user)
    return absl::NotFoundError(absl::StrCat("用户（编号 ", id, "）不存在"));
  return *std::move(user);
}

absl::Status Service::SetDisabled(const Actor& actor,
                                  absl::string_view user_name, bool disabled) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError("只有管理员可以停用或启用用户");
  ZWGK_ASSIGN_OR_RETURN(User before, GetUser(user_name));
  if (before.id == actor.user_id) {
    return absl::FailedPreconditionError("不能停用或启用自己的账户");
  }
  User after = before;
  after.disabled = disabled;
  if (!disabled) {
    after.failed_logins = 0;
    after.locked_until.reset();
  }
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    if (disabled) {
      ZWGK_RETURN_IF_ERROR(store::DisableUser(tx, before.id));
      ZWGK_RETURN_IF_ERROR(store::DeleteUserSessions(tx, before.id).status());
    } else {
      ZWGK_RETURN_IF_ERROR(store::EnableUser(tx, before.id));
      ZWGK_RETURN_IF_ERROR(ForgetFailedLogins(tx, before.name));
    }
    return audit::Record(tx, clock_, actor,
                         {.action = disabled ? "user.disable" : "user.enable",
                          .entity = "user",
                          .entity_id = absl::StrCat(before.id),
                          .before = UserJson(before),
                          .after = UserJson(after)});
  });
}

absl::StatusOr<std::vector<audit::LoggedEntry>> Service::ListAudit(
    const Actor& actor, const audit::ListOptions& o) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError("只有管理员可以查看审计日志");
  return audit::List(db_, o);
}

absl::StatusOr<audit::Facets> Service::AuditFacets(const Actor& actor) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError("只有管理员可以查看审计日志");
  return audit::ListFacets(db_);
}

absl::StatusOr<std::optional<audit::LastVerify>> Service::LastAuditVerify(
    const Actor& actor) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError("只有管理员可以查看审计日志");
  return audit::LoadLastVerify(db_);
}

bool Service::IsLocked(const User& user) const {
  return LockedAt(user.locked_until, clock_.Now());
}

std::string Service::StatusLabel(const User& user) const {
  if (user.disabled) return "已停用";
  if (IsLocked(user)) {
    return absl::StrCat("已锁定（至 ",
                        FormatLocalMinute(*ParseStoredTime(*user.locked_until)),
                        "）");
  }
  return "正常";
}

absl::StatusOr<std::string> Service::UnitName(int64_t unit_id) {
  ZWGK_ASSIGN_OR_RETURN(org::Unit unit, org_.GetUnit(unit_id));
  return unit.name;
}

}  // namespace zwgk::auth
