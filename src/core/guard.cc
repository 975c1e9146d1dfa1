#include "core/guard.h"

#include "absl/strings/str_cat.h"

namespace zwgk::web {

std::optional<Response> RequireSignedIn(const Request& req) {
  if (req.principal) return std::nullopt;
  if (req.WantsJson())
    return Error(absl::UnauthenticatedError("需要登录或提供 API 令牌"));
  // Back to the same address after signing in, unless it is longer than
  // the login page accepts (IsLocalPath): a huge query would only make a
  // huge Location header, which proxies refuse.
  const std::string& back =
      req.target.empty() || req.target.size() > 2000 ? req.path : req.target;
  return Redirect(absl::StrCat("/admin/login?next=", UrlEncode(back)));
}

std::optional<Response> RequireAdmin(const Request& req) {
  if (auto r = RequireSignedIn(req)) return r;
  if (IsAdmin(*req.principal)) return std::nullopt;
  return Error(absl::PermissionDeniedError("此功能仅限县政务公开办管理员使用"));
}

}  // namespace zwgk::web
