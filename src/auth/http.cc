#include "auth/http.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "auth/audit_view.h"
#include "core/crypto.h"
#include "core/form_errors.h"
#include "core/guard.h"
#include "core/status.h"
#include "nlohmann/json.hpp"

namespace zwgk::auth {
namespace {

using Form = std::multimap<std::string, std::string>;

constexpr char kCsrfRefused[] =
    "安全校验未通过：提交的表单缺少有效的防伪令牌（CSRF），可能是页面已过期或请"
    "求来自其他网站。"
    "请返回上一页，刷新后重新提交。";
constexpr char kSessionEnded[] = "登录已超时或已退出，请重新登录后再提交。";
constexpr int kAuditPerPage = 50;

web::CookieOptions SessionCookieOptions(const HttpOptions& o) {
  return {.http_only = true, .secure = o.cookie_secure, .same_site = "Lax"};
}

web::CookieOptions ExpiredCookieOptions(const HttpOptions& o) {
  return {.max_age_seconds = 0,
          .http_only = true,
          .secure = o.cookie_secure,
          .same_site = "Lax"};
}

// Mustache treats every string, even "", as true: absent values are null.
nlohmann::json OrNull(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

using web::FormValue;

// Our tokens are 32 random bytes in lower-case hex; anything else in the
// cookie is ignored and replaced.
bool IsHexToken(absl::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f');
         });
}

// Bodies a page on another site can make a browser send without asking.
bool IsFormPost(const web::Request& req) {
  std::string type = absl::AsciiStrToLower(req.Header("content-type"));
  return absl::StartsWith(type, "application/x-www-form-urlencoded") ||
         absl::StartsWith(type, "multipart/form-data") ||
         absl::StartsWith(type, "text/plain");
}

std::string PresentedCsrfToken(const web::Request& req) {
  std::string header = req.Header(kCsrfHeader);
  if (!header.empty()) return header;
  return FormValue(req.Form(), kCsrfField);
}

// The before hook: who is calling, which CSRF token applies, and whether an
// unsafe request may proceed.
std::optional<web::Response> ResolveCaller(Service& service,
                                           web::Request& req) {
  req.principal.reset();
  req.csrf_token.clear();
  std::string authorization = req.Header("authorization");
  if (!authorization.empty()) {
    absl::string_view value = authorization;
    if (!absl::StartsWithIgnoreCase(value, "Bearer ")) {
      return web::Error(absl::UnauthenticatedError(
          "Authorization 请求头只支持 API 令牌：Authorization: Bearer zwgk_…"));
    }
    absl::StatusOr<Actor> actor =
        service.AuthenticateToken(absl::StripAsciiWhitespace(value.substr(7)));
    if (!actor.ok()) return web::Error(actor.status());
    req.principal = std::move(*actor);
    // Browsers never attach this header on their own: no CSRF check.
    return std::nullopt;
  }
  auto session = req.cookies.find(kSessionCookie);
  if (session != req.cookies.end() && !session->second.empty()) {
    absl::StatusOr<SessionPrincipal> p = service.Authenticate(session->second);
    if (p.ok()) {
      req.principal = std::move(p->actor);
      req.csrf_token = std::move(p->csrf_token);
    } else if (!absl::IsUnauthenticated(p.status())) {
      // E.g. the database is down: 503, not "logged out".
      return web::Error(p.status());
    }
  }
  if (req.csrf_token.empty()) {
    auto cookie = req.cookies.find(kCsrfCookie);
    req.csrf_token = cookie != req.cookies.end() && IsHexToken(cookie->second)
                         ? cookie->second
                         : crypto::RandomHex(32);
  }
  if (req.IsSafeMethod()) return std::nullopt;
  bool has_session_cookie = req.cookies.contains(kSessionCookie);
  bool stale_session = has_session_cookie && !req.principal;
  // Ending a session that has already ended changes nothing: no token needed.
  if (stale_session && req.path == "/logout") return std::nullopt;
  // Cookie-less JSON calls carry no ambient authority: nothing to forge.
  if (!IsFormPost(req) && !has_session_cookie) return std::nullopt;
  std::string presented = PresentedCsrfToken(req);
  if (!presented.empty() &&
      crypto::ConstantTimeEquals(presented, req.csrf_token)) {
    return std::nullopt;
  }
  // A form from a session that has since timed out: say so, not "forged".
  if (stale_session) {
    return web::Error(absl::UnauthenticatedError(kSessionEnded));
  }
  return web::Error(absl::PermissionDeniedError(kCsrfRefused));
}

bool SetsCookie(const web::Response& resp, absl::string_view name) {
  std::string prefix = absl::StrCat(name, "=");
  for (const auto& [k, v] : resp.headers) {
    if (absl::EqualsIgnoreCase(k, "Set-Cookie") && absl::StartsWith(v, prefix))
      return true;
  }
  return false;
}

// The after hook: cookies and caching.
void FinishResponse(const HttpOptions& o, const web::Request& req,
                    web::Response& resp) {
  bool bearer = !req.Header("authorization").empty();
  if (!bearer && !req.principal && req.cookies.contains(kSessionCookie) &&
      !SetsCookie(resp, kSessionCookie)) {
    resp.WithHeader(
        "Set-Cookie",
        web::SetCookieHeader(kSessionCookie, "", ExpiredCookieOptions(o)));
  }
  // The double-submit cookie is set only when the page shows a form with
  // the token, so public pages stay cookie-free (and cacheable).
  if (!req.principal && !req.csrf_token.empty()) {
    auto cookie = req.cookies.find(kCsrfCookie);
    bool known =
        cookie != req.cookies.end() && cookie->second == req.csrf_token;
    if (!known && !SetsCookie(resp, kCsrfCookie) &&
        absl::StrContains(resp.body, req.csrf_token)) {
      resp.WithHeader("Set-Cookie",
                      web::SetCookieHeader(kCsrfCookie, req.csrf_token,
                                           SessionCookieOptions(o)));
    }
  }
  if (req.principal && !req.principal->via_token &&
      resp.HeaderValue("Cache-Control").empty()) {
    resp.WithHeader("Cache-Control", "no-store");
  }
}

// ---------------------------------------------------------------------------
// Login and logout.

struct LoginForm {
  std::string name;
  std::string next = "/admin";
  std::string error;
  int status = 200;
};

web::Response LoginPage(const View& view, const Service& service,
                        const web::Request& req, const LoginForm& form) {
  nlohmann::json ctx = {
      {"csrf_token", req.csrf_token},
      {"next", form.next},
      {"name", form.name},
      {"error", OrNull(form.error)},
      // One general message: which of name and password was wrong is not
      // told, so the summary names no field.
      {"error_summary",
       form.error.empty() ? nlohmann::json(nullptr)
                          : ErrorSummary(absl::InvalidArgumentError(form.error),
                                         {}, {.heading = "未能登录"})},
      {"lockout_after", service.options().lockout_after},
      {"lockout_minutes", absl::ToInt64Minutes(service.options().lockout_for)},
  };
  if (req.principal && !req.principal->via_token) {
    ctx["signed_in"] = {{"name", req.principal->name}};
  }
  return view.Page(req, "auth/login", ctx,
                   {.title = "工作人员登录", .status = form.status});
}

web::Response ShowLogin(const View& view, const Service& service,
                        web::Request& req) {
  return LoginPage(
      view, service, req,
      {.next = SafeNextPath(req.QueryValue("next").value_or("/admin"))});
}

web::Response SubmitLogin(const View& view, Service& service,
                          const HttpOptions& o, web::Request& req) {
  Form form = req.Form();
  LoginForm page{.name = FormValue(form, "name"),
                 .next = SafeNextPath(FormValue(form, "next"))};
  std::string password = FormValue(form, "password");
  if (absl::StripAsciiWhitespace(page.name).empty() || password.empty()) {
    page.error = "请输入用户名和密码";
    page.status = 400;
    return LoginPage(view, service, req, page);
  }
  absl::StatusOr<LoginResult> login =
      service.Login(page.name, password, req.remote_ip);
  if (login.ok()) {
    return web::Redirect(page.next).WithHeader(
        "Set-Cookie",
        web::SetCookieHeader(kSessionCookie, login->session_cookie,
                             SessionCookieOptions(o)));
  }
  if (!absl::IsUnauthenticated(login.status()) &&
      !absl::IsPermissionDenied(login.status()) &&
      !absl::IsResourceExhausted(login.status())) {
    return web::Error(login.status());
  }
  page.error = std::string(login.status().message());
  // 401 wrong, 403 locked or disabled, 429 too many attempts from this
  // address (or, rarely, no memory to hash with: also "try later").
  page.status = web::HttpStatus(login.status().code());
  return LoginPage(view, service, req, page);
}

web::Response SubmitLogout(Service& service, const HttpOptions& o,
                           web::Request& req) {
  auto cookie = req.cookies.find(kSessionCookie);
  if (cookie != req.cookies.end()) {
    if (absl::Status s = service.Logout(cookie->second); !s.ok())
      return web::Error(s);
  }
  return web::Redirect("/").WithHeader(
      "Set-Cookie",
      web::SetCookieHeader(kSessionCookie, "", ExpiredCookieOptions(o)));
}

// ---------------------------------------------------------------------------
// Users.

struct UsersForm {
  std::string name, role, unit;
  FieldErrors errors;
  std::string error;  // the summary above the form
  int status = 200;
};

absl::StatusOr<nlohmann::json> UserRows(Service& service, const Actor& actor) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<User> users, service.ListUsers(actor));
  std::map<int64_t, std::string> unit_names;
  nlohmann::json rows = nlohmann::json::array();
  for (const User& u : users) {
    std::string unit = "—";
    if (u.unit_id) {
      auto cached = unit_names.find(*u.unit_id);
      if (cached == unit_names.end()) {
        absl::StatusOr<std::string> name = service.UnitName(*u.unit_id);
        cached = unit_names
                     .emplace(*u.unit_id,
                              name.ok() ? *name : absl::StrCat("#", *u.unit_id))
                     .first;
      }
      unit = cached->second;
    }
    rows.push_back({{"id", u.id},
                    {"name", u.name},
                    {"role_label", std::string(RoleLabel(u.role))},
                    {"unit", unit},
                    {"status", service.StatusLabel(u)},
                    {"disabled", u.disabled},
                    {"self", u.id == actor.user_id},
                    {"created_at", LocalMinute(u.created_at)}});
  }
  return rows;
}

// The add-user form's fields in the order it shows them (error summary).
constexpr FormField kUserFormOrder[] = {
    {"name", "new-user-name"},
    {"role", "new-user-role"},
    {"unit", "new-user-unit"},
    {"password", "new-user-password"},
    {"password_confirm", "new-user-password-confirm"}};

// The password form's fields in its order.
constexpr FormField kPasswordFormOrder[] = {
    {"current_password", "current-password"},
    {"new_password", "new-password"},
    {"new_password_confirm", "new-password-confirm"}};

// The summary of a refused form: `error` with its field messages.
nlohmann::json FormSummary(const std::string& error, const FieldErrors& fields,
                           absl::Span<const FormField> order) {
  if (error.empty() && fields.empty()) return nullptr;
  return ErrorSummary(InvalidFields(error, fields), order);
}

web::Response UsersPage(const View& view, Service& service,
                        const web::Request& req, const UsersForm& form) {
  absl::StatusOr<nlohmann::json> rows = UserRows(service, *req.principal);
  if (!rows.ok()) return web::Error(rows.status());
  nlohmann::json roles = nlohmann::json::array();
  for (Role r : AllRoles()) {
    roles.push_back({{"value", std::string(RoleName(r))},
                     {"label", std::string(RoleLabel(r))},
                     {"selected", RoleName(r) == form.role}});
  }
  nlohmann::json ctx = {
      {"csrf_token", req.csrf_token},
      {"users", *rows},
      {"roles", roles},
      {"name", form.name},
      {"unit", form.unit},
      {"error_summary", FormSummary(form.error, form.errors, kUserFormOrder)},
      {"has_users", !rows->empty()}};
  for (const char* field :
       {"name", "role", "unit", "password", "password_confirm"}) {
    auto it = form.errors.find(field);
    if (it != form.errors.end())
      ctx[absl::StrCat(field, "_error")] = it->second;
  }
  for (const char* done : {"created", "disabled", "enabled"}) {
    if (std::optional<std::string> who = req.QueryValue(done)) {
      ctx["notice"] =
          absl::StrCat(std::string(done) == "created"    ? "已添加用户 "
                       : std::string(done) == "disabled" ? "已停用用户 "
                                                         : "已启用用户 ",
                       *who);
    }
  }
  return view.Page(req, "auth/users", ctx,
                   {.title = "用户管理", .status = form.status});
}

web::Response ShowUsers(const View& view, Service& service, web::Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  return UsersPage(view, service, req, {});
}

web::Response SubmitNewUser(const View& view, Service& service,
                            web::Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  Form f = req.Form();
  UsersForm form{.name = FormValue(f, "name"),
                 .role = FormValue(f, "role"),
                 .unit = FormValue(f, "unit")};
  NewUser in{.name = form.name,
             .role = form.role,
             .unit = form.unit,
             .password = FormValue(f, "password")};
  if (in.password != FormValue(f, "password_confirm")) {
    form.errors["password_confirm"] = "两次输入的密码不一致";
    form.error = "用户信息有误";
    form.status = 400;
    return UsersPage(view, service, req, form);
  }
  absl::StatusOr<User> user = service.AddUser(*req.principal, in);
  if (user.ok()) {
    return web::Redirect(
        absl::StrCat("/admin/users?created=", web::UrlEncode(user->name)));
  }
  if (absl::IsInvalidArgument(user.status())) {
    form.errors = GetFieldErrors(user.status());
  } else if (absl::IsAlreadyExists(user.status())) {
    form.errors["name"] = std::string(user.status().message());
  } else {
    return web::Error(user.status());
  }
  form.error = std::string(user.status().message());
  form.status = web::HttpStatus(user.status().code());
  return UsersPage(view, service, req, form);
}

web::Response SubmitDisabled(Service& service, web::Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  int64_t id = 0;
  if (!absl::SimpleAtoi(req.Param("id"), &id)) {
    return web::Error(
        absl::NotFoundError(absl::StrCat("用户不存在：", req.Param("id"))));
  }
  absl::StatusOr<User> user = service.GetUserById(id);
  if (!user.ok()) return web::Error(user.status());
  bool disabled = FormValue(req.Form(), "disabled") == "1";
  if (absl::Status s =
          service.SetDisabled(*req.principal, user->name, disabled);
      !s.ok()) {
    return web::Error(s);
  }
  return web::Redirect(absl::StrCat(
      "/admin/users?",
      disabled ? "disabled=" : "enabled=", web::UrlEncode(user->name)));
}

// ---------------------------------------------------------------------------
// One's own password.

web::Response PasswordPage(const View& view, const web::Request& req,
                           const FieldErrors& errors, const std::string& error,
                           const std::string& notice, int status) {
  nlohmann::json ctx = {
      {"csrf_token", req.csrf_token},
      {"error_summary", FormSummary(error, errors, kPasswordFormOrder)},
      {"notice", OrNull(notice)},
      {"name", req.principal->name}};
  for (const char* field :
       {"current_password", "new_password", "new_password_confirm"}) {
    auto it = errors.find(field);
    if (it != errors.end()) ctx[absl::StrCat(field, "_error")] = it->second;
  }
  return view.Page(req, "auth/password", ctx,
                   {.title = "修改密码", .status = status});
}

web::Response ShowPassword(const View& view, web::Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::string notice =
      req.QueryValue("changed") ? "密码已修改；在其他设备上的登录已退出。" : "";
  return PasswordPage(view, req, {}, "", notice, 200);
}

web::Response SubmitPassword(const View& view, Service& service,
                             web::Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  Form f = req.Form();
  PasswordChange in{.current_password = FormValue(f, "current_password"),
                    .new_password = FormValue(f, "new_password")};
  if (in.new_password != FormValue(f, "new_password_confirm")) {
    return PasswordPage(view, req,
                        {{"new_password_confirm", "两次输入的新密码不一致"}},
                        "密码未修改", "", 400);
  }
  absl::Status s = service.ChangePassword(*req.principal, in);
  if (absl::IsInvalidArgument(s)) {
    return PasswordPage(view, req, GetFieldErrors(s), std::string(s.message()),
                        "", 400);
  }
  if (!s.ok()) return web::Error(s);
  return web::Redirect("/admin/password?changed=1");
}

// ---------------------------------------------------------------------------
// The audit log.

// The filters, read from the query and bounded: each is one of the
// choices offered, or a date.
struct AuditFilter {
  std::string user, action, entity, from, to;  // as typed
  audit::ListOptions options;
};

constexpr size_t kMaxFilterChars = 64;

absl::StatusOr<AuditFilter> ReadAuditFilter(const web::Request& req) {
  AuditFilter f;
  Validator v;
  int page = 1;
  if (std::optional<std::string> p = req.QueryValue("page")) {
    if (!absl::SimpleAtoi(*p, &page) || page < 1 || page > 100000)
      v.Add("page", "页码应为 1 到 100000 之间的整数");
  }
  f.options = {.page = page, .per_page = kAuditPerPage};
  struct Text {
    const char* key;
    std::string* value;
    std::optional<std::string>* option;
    const char* what;
  };
  for (const Text& t :
       {Text{"user", &f.user, &f.options.user_name, "操作人"},
        Text{"action", &f.action, &f.options.action, "操作"},
        Text{"entity", &f.entity, &f.options.entity, "对象类型"}}) {
    *t.value = std::string(
        absl::StripAsciiWhitespace(req.QueryValue(t.key).value_or("")));
    if (t.value->size() > kMaxFilterChars) {
      v.Add(t.key, absl::StrCat(t.what, "过长"));
    } else if (!t.value->empty()) {
      *t.option = *t.value;
    }
  }
  std::optional<absl::CivilDay> from, to;
  for (auto [key, value, day, what] :
       {std::tuple{"from", &f.from, &from, "起始日期"},
        std::tuple{"to", &f.to, &to, "截止日期"}}) {
    *value = std::string(
        absl::StripAsciiWhitespace(req.QueryValue(key).value_or("")));
    if (value->empty()) continue;
    *day = ParseDay(*value);
    if (!*day) v.Add(key, absl::StrCat(what, "应为 YYYY-MM-DD 格式的日期"));
  }
  if (from && to && *to < *from) v.Add("to", "截止日期不能早于起始日期");
  ZWGK_RETURN_IF_ERROR(v.ToStatus("筛选条件有误"));
  // Dates are days in the county's zone; the log stores UTC.
  if (from)
    f.options.from = FormatTimestamp(absl::FromCivil(*from, DisplayTimeZone()));
  if (to)
    f.options.to = FormatTimestamp(absl::FromCivil(*to + 1, DisplayTimeZone()));
  return f;
}

std::string AuditQuery(const AuditFilter& f) {
  std::string q;
  for (const auto& [key, value] :
       {std::pair{"user", &f.user}, std::pair{"action", &f.action},
        std::pair{"entity", &f.entity}, std::pair{"from", &f.from},
        std::pair{"to", &f.to}}) {
    if (!value->empty())
      absl::StrAppend(&q, "&", key, "=", web::UrlEncode(*value));
  }
  return q;
}

// One <option> list: value, label, selected; `extra` codes the log holds but
// the list does not (an action added later) are appended as they are.
nlohmann::json Options(
    const std::vector<std::pair<std::string, std::string>>& known,
    const std::vector<std::string>& extra, const std::string& selected) {
  nlohmann::json out = nlohmann::json::array();
  std::set<std::string> listed;
  for (const auto& [value, label] : known) {
    listed.insert(value);
    out.push_back(
        {{"value", value}, {"label", label}, {"selected", value == selected}});
  }
  for (const std::string& value : extra) {
    if (listed.contains(value)) continue;
    out.push_back(
        {{"value", value}, {"label", value}, {"selected", value == selected}});
  }
  return out;
}

KnownNames NamesFor(Service& service, const Actor& actor,
                    const std::vector<audit::LoggedEntry>& entries) {
  KnownNames names;
  if (auto users = service.ListUsers(actor); users.ok()) {
    for (const User& u : *users) names[{"user", absl::StrCat(u.id)}] = u.name;
  }
  for (const audit::LoggedEntry& e : entries) {
    int64_t id = 0;
    if (e.entity != "unit" || !absl::SimpleAtoi(e.entity_id, &id)) continue;
    if (names.contains({e.entity, e.entity_id})) continue;
    if (auto name = service.UnitName(id); name.ok())
      names[{e.entity, e.entity_id}] = *name;
  }
  return names;
}

// 审计日志完整性: the last `zwgk audit verify` (core/audit_chain.h).
nlohmann::json IntegrityContext(const std::optional<audit::LastVerify>& v) {
  if (!v) return {{"never", true}};
  return {{"at", LocalMinute(v->at)},
          {"entries", v->entries},
          {"intact", v->intact},
          {"message", v->message}};
}

web::Response ShowAudit(const View& view, Service& service, web::Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  absl::StatusOr<AuditFilter> filter = ReadAuditFilter(req);
  if (!filter.ok()) return web::Error(filter.status());
  const AuditFilter& f = *filter;
  const int page = f.options.page;
  absl::StatusOr<std::vector<audit::LoggedEntry>> entries =
      service.ListAudit(*req.principal, f.options);
  if (!entries.ok()) return web::Error(entries.status());
  // One row past this page tells whether there is a next page.
  audit::ListOptions probe = f.options;
  probe.page = page * kAuditPerPage + 1;
  probe.per_page = 1;
  absl::StatusOr<std::vector<audit::LoggedEntry>> more =
      service.ListAudit(*req.principal, probe);
  if (!more.ok()) return web::Error(more.status());
  absl::StatusOr<audit::Facets> facets = service.AuditFacets(*req.principal);
  if (!facets.ok()) return web::Error(facets.status());
  absl::StatusOr<std::optional<audit::LastVerify>> verified =
      service.LastAuditVerify(*req.principal);
  if (!verified.ok()) return web::Error(verified.status());

  const KnownNames names = NamesFor(service, *req.principal, *entries);
  nlohmann::json rows = nlohmann::json::array();
  for (const audit::LoggedEntry& e : *entries) {
    AuditLine line = DescribeEntry(e, names);
    nlohmann::json changes = nlohmann::json::array();
    for (const FieldChange& c : line.changes) {
      changes.push_back({{"label", c.label},
                         {"before", c.before},
                         {"after", c.after},
                         {"was_empty", c.before == "—"}});
    }
    std::string action = AuditActionLabel(e.action);
    rows.push_back({{"id", e.id},
                    {"at", LocalMinute(e.at)},
                    {"sentence", line.sentence},
                    {"action_label", action.empty() ? e.action : action},
                    {"changes", changes},
                    {"has_changes", !changes.empty()}});
  }
  std::vector<std::pair<std::string, std::string>> users;
  for (const std::string& u : facets->user_names) {
    users.emplace_back(u, u == "system" ? "系统（命令行）" : u);
  }
  std::vector<std::pair<std::string, std::string>> entities;
  for (const std::string& e : facets->entities) {
    entities.emplace_back(e, AuditEntityLabel(e));
  }
  const std::string query = AuditQuery(f);
  nlohmann::json ctx = {
      {"rows", rows},
      {"has_rows", !rows.empty()},
      {"integrity", IntegrityContext(*verified)},
      {"page", page},
      {"filtered", !query.empty()},
      {"users", Options(users, {}, f.user)},
      {"actions", Options(AuditActions(), facets->actions, f.action)},
      {"entities", Options(entities, {}, f.entity)},
      {"from", f.from},
      {"to", f.to},
      {"zone", DisplayTimeZone() == ChinaTimeZone() ||
                       DisplayTimeZone().name() == "Asia/Shanghai"
                   ? "北京时间"
                   : "本县当地时间"},
      {"prev_url",
       OrNull(page > 1 ? absl::StrCat("/admin/audit?page=", page - 1, query)
                       : "")},
      {"next_url",
       OrNull(more->empty()
                  ? ""
                  : absl::StrCat("/admin/audit?page=", page + 1, query))}};
  return view.Page(req, "auth/audit", ctx, {.title = "审计日志"});
}

// ---------------------------------------------------------------------------
// JSON.

web::Response Me(Service& service, web::Request& req) {
  if (!req.principal)
    return web::Error(absl::UnauthenticatedError("需要登录或提供 API 令牌"));
  const Actor& a = *req.principal;
  nlohmann::json unit = nullptr;
  if (a.unit_id) {
    absl::StatusOr<std::string> name = service.UnitName(*a.unit_id);
    unit = {{"id", *a.unit_id}, {"name", name.ok() ? *name : ""}};
  }
  return web::Json({{"user",
                     {{"id", a.user_id},
                      {"name", a.name},
                      {"role", std::string(RoleName(a.role))},
                      {"role_label", std::string(RoleLabel(a.role))},
                      {"unit", unit},
                      {"via_token", a.via_token}}}});
}

}  // namespace

std::string SafeNextPath(absl::string_view next) {
  constexpr char kDefault[] = "/admin";
  if (!web::IsLocalPath(next)) return kDefault;
  return std::string(next);
}

void RegisterRoutes(web::Router& router, Service& service, const View& view,
                    const HttpOptions& options) {
  Service* s = &service;
  const View* v = &view;
  router.AddBeforeHook(
      [s](web::Request& req) { return ResolveCaller(*s, req); });
  router.AddAfterHook([options](const web::Request& req, web::Response& resp) {
    FinishResponse(options, req, resp);
  });

  router.Get("/admin/login",
             [s, v](web::Request& req) { return ShowLogin(*v, *s, req); });
  router.Post("/admin/login", [s, v, options](web::Request& req) {
    return SubmitLogin(*v, *s, options, req);
  });
  router.Post("/logout", [s, options](web::Request& req) {
    return SubmitLogout(*s, options, req);
  });
  router.Get("/admin/users",
             [s, v](web::Request& req) { return ShowUsers(*v, *s, req); });
  router.Post("/admin/users",
              [s, v](web::Request& req) { return SubmitNewUser(*v, *s, req); });
  router.Post("/admin/users/{id}/disabled",
              [s](web::Request& req) { return SubmitDisabled(*s, req); });
  router.Get("/admin/password",
             [v](web::Request& req) { return ShowPassword(*v, req); });
  router.Post("/admin/password", [s, v](web::Request& req) {
    return SubmitPassword(*v, *s, req);
  });
  router.Get("/admin/audit",
             [s, v](web::Request& req) { return ShowAudit(*v, *s, req); });
  router.Get("/api/v1/me", [s](web::Request& req) { return Me(*s, req); });
}

}  // namespace zwgk::auth
