#include "core/web.h"

#include <arpa/inet.h>

#include <charconv>
#include <random>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/json.h"
#include "core/logging.h"
#include "core/status.h"
#include "spdlog/spdlog.h"

namespace zwgk::web {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Matches `path` against `pattern`; fills `params` on success.
// The '/'-separated segment of `s` at `pos`, moving `pos` past it (npos
// after the last). False when there is none left.
bool NextSegment(absl::string_view s, size_t& pos, absl::string_view& seg) {
  if (pos == absl::string_view::npos) return false;
  const size_t slash = s.find('/', pos);
  seg = s.substr(pos, slash == absl::string_view::npos ? slash : slash - pos);
  pos = slash == absl::string_view::npos ? slash : slash + 1;
  return true;
}

// Whether `path` matches `pattern` ({name} one segment, {*name} the rest),
// filling `params` when given. Walks both strings in place: every request
// is tried against hundreds of routes, so a miss must not allocate.
bool MatchRoute(absl::string_view pattern, absl::string_view path,
                std::map<std::string, std::string>* params) {
  size_t pp = 0, xp = 0;
  absl::string_view p, x;
  while (NextSegment(pattern, pp, p)) {
    if (absl::StartsWith(p, "{*") && absl::EndsWith(p, "}")) {
      if (params)
        (*params)[std::string(p.substr(2, p.size() - 3))] =
            xp == absl::string_view::npos ? "" : std::string(path.substr(xp));
      return true;
    }
    if (!NextSegment(path, xp, x)) return false;
    if (absl::StartsWith(p, "{") && absl::EndsWith(p, "}")) {
      if (x.empty()) return false;
      if (params)
        (*params)[std::string(p.substr(1, p.size() - 2))] = UrlDecode(x, false);
    } else if (p != x) {
      return false;
    }
  }
  return !NextSegment(path, xp, x);
}

}  // namespace

absl::string_view MethodName(Method m) {
  switch (m) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOther:
      return "OTHER";
  }
  return "OTHER";
}

std::string Request::Header(absl::string_view name) const {
  auto it = headers.find(absl::AsciiStrToLower(name));
  return it == headers.end() ? "" : it->second;
}

std::string Request::Param(absl::string_view name) const {
  auto it = path_params.find(std::string(name));
  return it == path_params.end() ? "" : it->second;
}

std::optional<std::string> Request::QueryValue(absl::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Request::QueryAll(absl::string_view name) const {
  std::vector<std::string> out;
  auto [b, e] = query.equal_range(std::string(name));
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  return out;
}

namespace {

// The length of the valid UTF-8 sequence at p (RFC 3629: no overlong forms,
// no surrogates, nothing past U+10FFFF), or 0.
size_t Utf8SequenceLength(const unsigned char* p, size_t left) {
  const unsigned char c = p[0];
  if (c < 0x80) return 1;
  size_t len = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
  } else {
    return 0;
  }
  if (left < len) return 0;
  for (size_t k = 1; k < len; ++k)
    if ((p[k] & 0xC0) != 0x80) return 0;
  if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0) ||
      (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
    return 0;
  return len;
}

// Text fields arrive as bytes; everything after (JSON for the API and the
// audit log, SQL, templates) needs UTF-8, so an invalid sequence becomes
// U+FFFD here, once, instead of an exception deep inside a transaction.
std::string ValidUtf8(std::string text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  size_t i = 0;
  while (i < text.size()) {
    size_t len = Utf8SequenceLength(p + i, text.size() - i);
    if (len == 0) break;
    i += len;
  }
  if (i == text.size()) return text;
  std::string out = text.substr(0, i);
  while (i < text.size()) {
    size_t len = Utf8SequenceLength(p + i, text.size() - i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    } else {
      out.append(text, i, len);
      i += len;
    }
  }
  return out;
}

}  // namespace

std::multimap<std::string, std::string> Request::Form() const {
  std::string type = absl::AsciiStrToLower(Header("content-type"));
  if (absl::StartsWith(type, "application/x-www-form-urlencoded"))
    return ParseUrlEncoded(body);
  std::multimap<std::string, std::string> out;
  for (FormPart& p : Parts()) {
    if (p.filename.empty()) out.emplace(std::move(p.name), std::move(p.data));
  }
  return out;
}

std::vector<FormPart> Request::Parts() const {
  std::string type = Header("content-type");
  if (!absl::StartsWithIgnoreCase(type, "multipart/form-data")) return {};
  // Names and text fields end up in JSON (API answers, the audit log),
  // which needs UTF-8; file contents stay bytes.
  std::vector<FormPart> parts = ParseMultipart(type, body);
  for (FormPart& part : parts) {
    part.name = ValidUtf8(std::move(part.name));
    part.filename = ValidUtf8(std::move(part.filename));
    if (part.filename.empty()) part.data = ValidUtf8(std::move(part.data));
  }
  return parts;
}

absl::StatusOr<nlohmann::json> Request::JsonBody() const {
  if (body.empty())
    return absl::InvalidArgumentError("请求体为空，应为 JSON 对象");
  absl::StatusOr<nlohmann::json> parsed = ParseJson(body);
  if (!parsed.ok())
    return absl::InvalidArgumentError(
        absl::StrCat("请求体", parsed.status().message()));
  nlohmann::json j = *std::move(parsed);
  if (!j.is_object())
    return absl::InvalidArgumentError("请求体应为 JSON 对象 {…}");
  return j;
}

bool Request::WantsJson() const {
  return absl::StartsWith(path, "/api/") ||
         absl::StrContains(Header("accept"), "application/json");
}

std::string Response::HeaderValue(absl::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (absl::EqualsIgnoreCase(k, name)) return v;
  }
  return "";
}

Response Html(std::string body, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Json(const nlohmann::json& body, int status) {
  Response r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Text(std::string body, std::string content_type, int status) {
  Response r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

Response Redirect(std::string location, int status) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

Response Error(absl::Status status) {
  Response r;
  r.status = HttpStatus(status.code());
  r.error = std::move(status);
  return r;
}

int HttpStatus(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
      return 400;
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kFailedPrecondition:
      return 409;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
      return 409;
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kCancelled:
      return 499;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    case absl::StatusCode::kUnknown:
      return 500;
    case absl::StatusCode::kInternal:
      return 500;
    case absl::StatusCode::kDataLoss:
      return 500;
    case absl::StatusCode::
        kDoNotUseReservedForFutureExpansionUseDefaultInSwitchInstead_:
      break;
  }
  return 500;
}

nlohmann::json ErrorJson(const absl::Status& status) {
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& [k, v] : GetFieldErrors(status)) fields[k] = v;
  return {{"error",
           {{"code", CodeName(status.code())},
            {"message", std::string(status.message())},
            {"fields", fields}}}};
}

std::string SetCookieHeader(absl::string_view name, absl::string_view value,
                            const CookieOptions& o) {
  std::string h =
      absl::StrCat(name, "=", value, "; Path=/; SameSite=", o.same_site);
  if (o.max_age_seconds >= 0)
    absl::StrAppend(&h, "; Max-Age=", o.max_age_seconds);
  if (o.http_only) absl::StrAppend(&h, "; HttpOnly");
  if (o.secure) absl::StrAppend(&h, "; Secure");
  return h;
}

void Router::Add(Method method, std::string pattern, Handler handler,
                 RouteOptions options) {
  routes_.push_back({method, std::move(pattern), std::move(handler), options});
}

size_t Router::BodyLimit(Method method, absl::string_view path) const {
  Method want = method == Method::kHead ? Method::kGet : method;
  for (const Route& r : routes_) {
    if (r.method != want || !MatchRoute(r.pattern, path, nullptr)) continue;
    return r.options.max_body_bytes > 0
               ? std::min(r.options.max_body_bytes, kMaxBodyBytes)
               : default_body_limit_;
  }
  return default_body_limit_;
}

const Route* Router::Find(Method method, absl::string_view path) const {
  Method want = method == Method::kHead ? Method::kGet : method;
  for (const Route& r : routes_) {
    if (r.method == want && MatchRoute(r.pattern, path, nullptr)) return &r;
  }
  return nullptr;
}

Response Router::Dispatch(Request& req) const {
  // The methods the routes matching this path really allow, for the 405's
  // Allow header (RFC 9110 15.5.6); GET implies HEAD.
  std::vector<Method> allowed;
  Method want = req.method == Method::kHead ? Method::kGet : req.method;
  for (const Route& r : routes_) {
    if (!MatchRoute(r.pattern, req.path, nullptr)) continue;
    if (r.method != want) {
      if (absl::c_find(allowed, r.method) == allowed.end())
        allowed.push_back(r.method);
      continue;
    }
    std::map<std::string, std::string> params;
    (void)MatchRoute(r.pattern, req.path, &params);
    req.path_params = std::move(params);
    req.route_pattern = r.pattern;
    return r.handler(req);
  }
  if (!allowed.empty()) {
    Response r = Error(absl::Status(
        absl::StatusCode::kUnimplemented,
        absl::StrCat("此地址不支持 ", MethodName(req.method), " 方法")));
    r.status = 405;
    if (absl::c_find(allowed, Method::kGet) != allowed.end())
      allowed.push_back(Method::kHead);
    return r.WithHeader(
        "Allow", absl::StrJoin(allowed, ", ", [](std::string* out, Method m) {
          absl::StrAppend(out, MethodName(m));
        }));
  }
  return Error(absl::NotFoundError(absl::StrCat("页面不存在：", req.path)));
}

namespace {

std::string NewRequestId() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  static const char* kHex = "0123456789abcdef";
  uint64_t bits = random();
  std::string id(12, '0');
  for (char& c : id) {
    c = kHex[bits & 15];
    bits >>= 4;
  }
  return id;
}

// What a client may see of a server-side failure: the detail goes to the
// log under the request id, the answer carries only the id.
absl::Status Redacted(const Request& req, const absl::Status& status,
                      int http_status) {
  if (http_status < 500) return status;
  spdlog::error("request {} {} {}: {}", req.request_id,
                std::string(MethodName(req.method)), req.target,
                status.ToString());
  std::string message =
      http_status == 503
          ? absl::StrCat("服务暂时不可用，请稍后再试（请求编号 ",
                         req.request_id, "）")
          : absl::StrCat("服务器内部错误，请稍后再试或联系管理员（请求编号 ",
                         req.request_id, "）");
  // Storage faults the operator can fix (the drivers and the blob store
  // start their messages with these words): say which, never the path.
  if (http_status == 503 && absl::StartsWith(status.message(), "磁盘空间不足"))
    message = absl::StrCat(
        "服务器磁盘空间已满，本次提交未能保存；请联系系统管理员清理空间后重试"
        "（请求编号 ",
        req.request_id, "）");
  if (http_status == 503 && absl::StartsWith(status.message(), "数据目录只读"))
    message = absl::StrCat(
        "服务器数据目录当前为只读，本次提交未能保存；请联系系统管理员处理后重试"
        "（请求编号 ",
        req.request_id, "）");
  return absl::Status(status.code(), message);
}

}  // namespace

Response Router::Handle(Request& req) const {
  if (req.request_id.empty()) req.request_id = NewRequestId();
  if (req.started == std::chrono::steady_clock::time_point{})
    req.started = std::chrono::steady_clock::now();
  logging::RequestScope log_scope(req.request_id);
  Response resp;
  try {
    // (An empty body is within every limit: no route lookup for it.)
    if (!req.body.empty() &&
        req.body.size() > BodyLimit(req.method, req.path)) {
      resp = Error(absl::ResourceExhaustedError(
          absl::StrCat("提交的内容过大（此处最多 ",
                       BodyLimit(req.method, req.path) / 1024, " KB）")));
      resp.status = 413;
    } else {
      std::optional<Response> early;
      for (const BeforeHook& hook : before_) {
        early = hook(req);
        if (early) break;
      }
      resp = early ? std::move(*early) : Dispatch(req);
    }
  } catch (const nlohmann::json::type_error& e) {
    // A handler read a JSON field as the wrong type; handlers should use
    // JsonFields, which names the field.
    spdlog::warn("request {}: JSON type error: {}", req.request_id, e.what());
    resp = Error(absl::InvalidArgumentError("请求中有字段的类型不正确"));
  } catch (const std::exception& e) {
    resp = Error(absl::InternalError(e.what()));
  }
  return Finish(req, std::move(resp));
}

Response Router::Finish(const Request& req, Response resp) const {
  if (resp.error) {
    absl::Status status = Redacted(req, *resp.error, resp.status);
    int code = resp.status;
    auto headers = std::move(resp.headers);
    if (req.WantsJson() || !error_page_) {
      resp = Json(ErrorJson(status), code);
    } else {
      resp = error_page_(req, status);
      resp.status = code;
    }
    for (auto& h : headers) resp.headers.push_back(std::move(h));
  }
  // The id a user quotes from an error page, also for clients and proxies.
  if (resp.HeaderValue("X-Request-Id").empty())
    resp.headers.emplace_back("X-Request-Id", req.request_id);
  for (const AfterHook& hook : after_) hook(req, resp);
  if (req.method == Method::kHead) resp.body.clear();
  return resp;
}

namespace {

// An IPv4 address as a number, or nullopt (IPv6 is matched exactly).
std::optional<uint32_t> Ipv4(absl::string_view text) {
  in_addr a{};
  if (inet_pton(AF_INET, std::string(text).c_str(), &a) != 1)
    return std::nullopt;
  return ntohl(a.s_addr);
}

bool Matches(absl::string_view ip, absl::string_view rule) {
  size_t slash = rule.find('/');
  if (slash == absl::string_view::npos) return ip == rule;
  std::optional<uint32_t> addr = Ipv4(ip), net = Ipv4(rule.substr(0, slash));
  int bits = 0;
  absl::string_view b = rule.substr(slash + 1);
  auto [p, ec] = std::from_chars(b.data(), b.data() + b.size(), bits);
  if (!addr || !net || ec != std::errc() || bits < 0 || bits > 32) return false;
  uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  return (*addr & mask) == (*net & mask);
}

bool Trusted(absl::string_view ip, const std::vector<std::string>& proxies) {
  for (const std::string& rule : proxies)
    if (Matches(ip, rule)) return true;
  return false;
}

}  // namespace

std::string ClientAddress(absl::string_view peer,
                          absl::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies) {
  if (forwarded_for.empty() || !Trusted(peer, trusted_proxies))
    return std::string(peer);
  // Right to left: the nearest hop a trusted proxy saw is the client; the
  // left part is whatever the client claimed.
  std::vector<absl::string_view> hops = absl::StrSplit(forwarded_for, ',');
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    absl::string_view hop = absl::StripAsciiWhitespace(*it);
    if (hop.empty()) break;
    if (!Trusted(hop, trusted_proxies)) return std::string(hop);
  }
  return std::string(peer);
}

bool IsLocalPath(absl::string_view url) {
  if (url.empty() || url.size() > 2000 || url[0] != '/') return false;
  if (url.size() > 1 && url[1] == '/') return false;  // "//host/…"
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '\\') return false;
  }
  return true;
}

bool HostAllowed(absl::string_view host,
                 const std::vector<std::string>& allowed) {
  host = absl::StripAsciiWhitespace(host);
  // Strip the port: "[::1]:8080", "example.gov.cn:8080".
  if (absl::StartsWith(host, "[")) {
    size_t close = host.find(']');
    if (close == absl::string_view::npos) return false;
    host = host.substr(0, close + 1);
  } else if (size_t colon = host.rfind(':'); colon != absl::string_view::npos) {
    host = host.substr(0, colon);
  }
  if (host.empty()) return false;
  for (const std::string& a : allowed)
    if (a == "*" || absl::EqualsIgnoreCase(a, host)) return true;
  return false;
}

void AddSecurityHeaders(const Request& req, Response& resp) {
  const bool admin = absl::StartsWith(req.path, "/admin");
  auto set = [&resp](const char* name, absl::string_view value) {
    if (resp.HeaderValue(name).empty())
      resp.WithHeader(name, std::string(value));
  };
  set("Content-Security-Policy",
      absl::StrCat("default-src 'self'; script-src 'self'; style-src 'self'; "
                   "img-src 'self' data:; font-src 'self'; "
                   "object-src 'none'; base-uri 'self'; form-action 'self'; "
                   "frame-ancestors ",
                   admin ? "'none'" : "'self'"));
  set("X-Frame-Options", admin ? "DENY" : "SAMEORIGIN");
  set("X-Content-Type-Options", "nosniff");
  set("Referrer-Policy", "strict-origin-when-cross-origin");
}

std::string UrlDecode(absl::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

std::string UrlEncode(absl::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' ||
        c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::multimap<std::string, std::string> ParseUrlEncoded(absl::string_view s) {
  std::multimap<std::string, std::string> out;
  for (absl::string_view part : absl::StrSplit(s, '&', absl::SkipEmpty())) {
    size_t eq = part.find('=');
    absl::string_view k = part.substr(0, eq);
    absl::string_view v =
        eq == absl::string_view::npos ? "" : part.substr(eq + 1);
    out.emplace(ValidUtf8(UrlDecode(k, true)), ValidUtf8(UrlDecode(v, true)));
  }
  return out;
}

std::map<std::string, std::string> ParseCookies(absl::string_view header) {
  std::map<std::string, std::string> out;
  for (absl::string_view part :
       absl::StrSplit(header, ';', absl::SkipEmpty())) {
    part = absl::StripAsciiWhitespace(part);
    size_t eq = part.find('=');
    if (eq == absl::string_view::npos) continue;
    out.emplace(std::string(part.substr(0, eq)),
                std::string(part.substr(eq + 1)));
  }
  return out;
}

namespace {

// The value of `key="…"` (or key=token) in a header like Content-Disposition.
std::string HeaderParam(absl::string_view header, absl::string_view key) {
  std::string needle = absl::StrCat(key, "=");
  for (size_t at = header.find(needle); at != absl::string_view::npos;
       at = header.find(needle, at + 1)) {
    // Must start a parameter: "name=" inside "filename=" does not count.
    if (at > 0 && header[at - 1] != ' ' && header[at - 1] != ';') continue;
    absl::string_view v = header.substr(at + needle.size());
    if (!v.empty() && v.front() == '"') {
      v.remove_prefix(1);
      return std::string(v.substr(0, v.find('"')));
    }
    return std::string(absl::StripAsciiWhitespace(v.substr(0, v.find(';'))));
  }
  return "";
}

}  // namespace

std::vector<FormPart> ParseMultipart(absl::string_view content_type,
                                     absl::string_view body) {
  std::string boundary = HeaderParam(content_type, "boundary");
  if (boundary.empty()) return {};
  std::string delimiter = absl::StrCat("--", boundary);
  std::vector<FormPart> parts;
  size_t pos = body.find(delimiter);
  while (pos != absl::string_view::npos) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") break;  // closing delimiter
    if (body.substr(pos, 2) == "\r\n") pos += 2;
    size_t next = body.find(absl::StrCat("\r\n", delimiter), pos);
    if (next == absl::string_view::npos)
      break;  // truncated body: ignore the part
    absl::string_view part = body.substr(pos, next - pos);
    size_t head_end = part.find("\r\n\r\n");
    if (head_end != absl::string_view::npos) {
      FormPart p;
      for (absl::string_view line :
           absl::StrSplit(part.substr(0, head_end), "\r\n")) {
        size_t colon = line.find(':');
        if (colon == absl::string_view::npos) continue;
        std::string name = absl::AsciiStrToLower(
            absl::StripAsciiWhitespace(line.substr(0, colon)));
        absl::string_view value =
            absl::StripAsciiWhitespace(line.substr(colon + 1));
        if (name == "content-disposition") {
          p.name = HeaderParam(value, "name");
          p.filename = HeaderParam(value, "filename");
        } else if (name == "content-type") {
          p.content_type = std::string(value);
        }
      }
      p.data = std::string(part.substr(head_end + 4));
      parts.push_back(std::move(p));
    }
    pos = next + 2;
  }
  return parts;
}

std::optional<int64_t> ParseId(absl::string_view s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v <= 0)
    return std::nullopt;
  return v;
}

std::string FormValue(const std::multimap<std::string, std::string>& form,
                      absl::string_view name) {
  auto it = form.find(std::string(name));
  return it == form.end() ? "" : it->second;
}

Response Download(std::string bytes, std::string content_type,
                  absl::string_view filename) {
  Response resp = Text(std::move(bytes), std::move(content_type));
  resp.WithHeader(
      "Content-Disposition",
      absl::StrCat("attachment; filename*=UTF-8''", UrlEncode(filename)));
  resp.WithHeader("X-Content-Type-Options", "nosniff");
  return resp;
}

Request MakeRequest(Method method, absl::string_view target, std::string body,
                    std::map<std::string, std::string> headers) {
  Request req;
  req.method = method;
  req.target = std::string(target);
  size_t q = target.find('?');
  req.path = UrlDecode(target.substr(0, q), false);
  if (q != absl::string_view::npos)
    req.query = ParseUrlEncoded(target.substr(q + 1));
  for (auto& [k, v] : headers)
    req.headers[absl::AsciiStrToLower(k)] = std::move(v);
  req.cookies = ParseCookies(req.Header("cookie"));
  req.body = std::move(body);
  req.remote_ip = "127.0.0.1";
  return req;
}

}  // namespace zwgk::web
