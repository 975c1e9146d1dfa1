// The auth module on the web: the hooks every request passes (who is
// calling, CSRF), the login/logout pages, user administration, the audit
// log viewer and GET /api/v1/me.
#ifndef ZWGK_AUTH_HTTP_H_
#define ZWGK_AUTH_HTTP_H_

#include <string>

#include "absl/strings/string_view.h"
#include "auth/service.h"
#include "core/view.h"
#include "core/web.h"

namespace zwgk::auth {

// The session cookie holds a random value whose SHA-256 names the session.
inline constexpr char kSessionCookie[] = "zwgk_session";
// Double-submit CSRF token for visitors without a session (the login form).
inline constexpr char kCsrfCookie[] = "zwgk_csrf";
// Form field and header that carry the CSRF token on unsafe requests.
inline constexpr char kCsrfField[] = "_csrf";
inline constexpr char kCsrfHeader[] = "X-CSRF-Token";

struct HttpOptions {
  bool cookie_secure = false;  // add Secure to cookies (served over HTTPS)
};

// Installs on `router`:
//  - a before hook that sets req.principal from `Authorization: Bearer …` or
//    the session cookie, sets req.csrf_token (the session's, else the
//    zwgk_csrf cookie's, else a fresh one), and refuses unsafe requests that
//    are form posts or carry the session cookie unless they echo the token
//    (403). Bearer-token requests and cookie-less JSON requests are exempt:
//    browsers do not send those on their own;
//  - an after hook that drops stale session cookies, sets the zwgk_csrf
//    cookie when a page shows a form to a visitor without one, and marks
//    pages for signed-in users `Cache-Control: no-store`;
//  - the routes: GET/POST /admin/login, POST /logout, GET/POST /admin/users,
//    POST /admin/users/{id}/disabled, GET/POST /admin/password,
//    GET /admin/audit, GET /api/v1/me.
void RegisterRoutes(web::Router& router, Service& service, const View& view,
                    const HttpOptions& options);

// "/admin/units?x=1" stays; anything that could leave the site (absolute
// URLs, "//host", backslashes, control characters) becomes "/admin".
std::string SafeNextPath(absl::string_view next);

}  // namespace zwgk::auth

#endif  // ZWGK_AUTH_HTTP_H_
