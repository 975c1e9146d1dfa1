// HTTP plumbing independent of the server library: our own Request and
// Response, a route table, error mapping and form/JSON helpers. Only
// server.cc includes Boost.Beast (it compiles slowly), and tests drive the
// Router in-process.
#ifndef ZWGK_CORE_WEB_H_
#define ZWGK_CORE_WEB_H_

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/actor.h"
#include "nlohmann/json.hpp"

namespace zwgk::web {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOther };
absl::string_view MethodName(Method m);

// Who is calling, resolved from a session cookie or a bearer token.
using Principal = Actor;

// One part of a multipart/form-data body.
struct FormPart {
  std::string name;
  std::string filename;  // empty for plain fields
  // of the part, e.g. application/vnd.openxmlformats-…
  std::string content_type;
  std::string data;
};

struct Request {
  Method method = Method::kGet;
  std::string path;                               // percent-decoded, no query
  std::string target;                             // as received: path?query
  std::multimap<std::string, std::string> query;  // decoded
  std::map<std::string, std::string> headers;     // lower-case names
  std::map<std::string, std::string> cookies;
  std::map<std::string, std::string> path_params;  // decoded {name} segments
  std::string body;
  // The client's address: the peer's, or X-Forwarded-For's when the peer is
  // a trusted proxy (see ClientAddress).
  std::string remote_ip;
  // Names this request in the log and in the message of a 5xx answer.
  std::string request_id;
  std::optional<Principal> principal;  // set by the auth hook
  std::string csrf_token;              // the token forms must echo
  // Set by the page cache when this response may be stored for others.
  std::string cache_key;
  int64_t cache_generation = -1;
  // The pattern of the route that answered ("/records/{id}"), set by the
  // router; empty for 404, 405 and answers of a before hook. Metrics and
  // logs label by it, so their label set is bounded.
  std::string route_pattern;
  // When the router (or the server, on receipt) began handling the request;
  // Handle sets it when unset. After hooks measure latency from it.
  std::chrono::steady_clock::time_point started{};

  std::string Header(absl::string_view name) const;  // "" when absent
  std::string Param(
      absl::string_view name) const;  // path parameter, "" when absent
  std::optional<std::string> QueryValue(absl::string_view name) const;
  std::vector<std::string> QueryAll(absl::string_view name) const;
  // application/x-www-form-urlencoded or multipart/form-data fields (the
  // non-file parts of a multipart body).
  std::multimap<std::string, std::string> Form() const;
  // Every part of a multipart/form-data body (empty for other bodies).
  std::vector<FormPart> Parts() const;
  // The body as a JSON object; InvalidArgument names the problem and position.
  [[nodiscard]] absl::StatusOr<nlohmann::json> JsonBody() const;
  // API paths and Accept: application/json get JSON errors.
  bool WantsJson() const;
  bool IsSafeMethod() const {
    return method == Method::kGet || method == Method::kHead;
  }
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Set by Error(): the router renders it as JSON or an HTML page.
  std::optional<absl::Status> error;

  Response& WithHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  std::string HeaderValue(absl::string_view name) const;
};

Response Html(std::string body, int status = 200);
Response Json(const nlohmann::json& body, int status = 200);
Response Text(std::string body,
              std::string content_type = "text/plain; charset=utf-8",
              int status = 200);
Response Redirect(std::string location, int status = 303);
// An error the router turns into the right representation for the request.
Response Error(absl::Status status);

// The HTTP status for an absl code (one exhaustive switch).
int HttpStatus(absl::StatusCode code);

// {"error":{"code","message","fields"}}
nlohmann::json ErrorJson(const absl::Status& status);

struct CookieOptions {
  int max_age_seconds = -1;  // < 0: session cookie; 0: delete
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Lax";
};
std::string SetCookieHeader(absl::string_view name, absl::string_view value,
                            const CookieOptions& o);

using Handler = std::function<Response(Request&)>;

// Runs before routing: may fill req.principal, or answer on its own (e.g.
// CSRF failure).
using BeforeHook = std::function<std::optional<Response>(Request&)>;
// Runs after the handler: may add headers (refresh cookies) or log.
using AfterHook = std::function<void(const Request&, Response&)>;
// Renders an error as an HTML page.
using ErrorPageRenderer =
    std::function<Response(const Request&, const absl::Status&)>;

// Per-route settings beside the handler.
struct RouteOptions {
  // The largest request body this route reads; 0: the router's default.
  // The server applies it while reading (413 before buffering more).
  size_t max_body_bytes = 0;
};

struct Route {
  Method method;
  std::string pattern;  // "/domains/{id}"; "{*rest}" as the last segment
                        // matches the remainder
  Handler handler;
  RouteOptions options;
};

class Router {
 public:
  void Add(Method method, std::string pattern, Handler handler,
           RouteOptions options = {});
  void Get(std::string pattern, Handler h) {
    Add(Method::kGet, std::move(pattern), std::move(h));
  }
  void Post(std::string pattern, Handler h, RouteOptions options = {}) {
    Add(Method::kPost, std::move(pattern), std::move(h), options);
  }

  // Bodies of routes without their own limit (forms, JSON).
  void SetDefaultBodyLimit(size_t bytes) { default_body_limit_ = bytes; }
  size_t default_body_limit() const { return default_body_limit_; }
  // The body limit for a request line: the matching route's, else the
  // default (also for unknown paths, which read no more than that).
  size_t BodyLimit(Method method, absl::string_view path) const;

  void AddBeforeHook(BeforeHook hook) { before_.push_back(std::move(hook)); }
  void AddAfterHook(AfterHook hook) { after_.push_back(std::move(hook)); }
  void SetErrorPageRenderer(ErrorPageRenderer r) { error_page_ = std::move(r); }

  // Routes, hooks, 404/405, errors, HEAD. Never throws: an exception from a
  // handler becomes a 500 response.
  Response Handle(Request& req) const;

  const std::vector<Route>& routes() const { return routes_; }
  // The route that would answer `method` on `path` (HEAD as GET), or null.
  const Route* Find(Method method, absl::string_view path) const;

 private:
  Response Dispatch(Request& req) const;
  Response Finish(const Request& req, Response resp) const;

  std::vector<Route> routes_;
  size_t default_body_limit_ = 1 << 20;
  std::vector<BeforeHook> before_;
  std::vector<AfterHook> after_;
  ErrorPageRenderer error_page_;
};

// The largest body any route accepts (the server's hard ceiling).
inline constexpr size_t kMaxBodyBytes = 64u << 20;

// The client address: `peer`, or the last address in X-Forwarded-For that
// is not itself a trusted proxy, when `peer` is one of `trusted_proxies`
// (exact addresses or IPv4 CIDR blocks like "10.0.0.0/8").
std::string ClientAddress(absl::string_view peer,
                          absl::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies);

// A path on this site ("/records/77") that a link taken from a request
// (?next=, ?back=) may point to: one leading "/" (not "//" or "/\"), so no
// scheme and no other host; no backslash, space or control character, which
// browsers drop or turn into "/"; at most 2000 bytes.
bool IsLocalPath(absl::string_view url);

// True when `host` (a Host header: name or address, optional port) names
// one of `allowed` (names without port; "*" allows any).
bool HostAllowed(absl::string_view host,
                 const std::vector<std::string>& allowed);

// Adds what every answer carries unless the handler set its own: a
// Content-Security-Policy without inline script, framing only by the site
// itself (admin pages: never), nosniff, and the referrer policy.
void AddSecurityHeaders(const Request& req, Response& resp);

// Percent-decoding ('+' → space in query strings when `plus_is_space`).
std::string UrlDecode(absl::string_view s, bool plus_is_space);
std::string UrlEncode(absl::string_view s);
std::multimap<std::string, std::string> ParseUrlEncoded(absl::string_view s);
std::map<std::string, std::string> ParseCookies(absl::string_view header);
// Parses a multipart/form-data body; `content_type` carries the boundary.
std::vector<FormPart> ParseMultipart(absl::string_view content_type,
                                     absl::string_view body);

// A positive decimal id from a path segment or form field; nullopt for
// anything else (so handlers answer 404, never 500).
std::optional<int64_t> ParseId(absl::string_view s);

// The first value of form field `name`, or "".
std::string FormValue(const std::multimap<std::string, std::string>& form,
                      absl::string_view name);

// A file download: `bytes` as `content_type`, saved as `filename` (UTF-8,
// RFC 5987), never sniffed as another type by the browser.
Response Download(std::string bytes, std::string content_type,
                  absl::string_view filename);

// Builds a Request from parts (server and tests).
Request MakeRequest(Method method, absl::string_view target,
                    std::string body = "",
                    std::map<std::string, std::string> headers = {});

}  // namespace zwgk::web

#endif  // ZWGK_CORE_WEB_H_
