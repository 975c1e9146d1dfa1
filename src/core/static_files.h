// Static assets (embedded static/*, plus pinned front-end packages from
// node_modules) with ETag / Last-Modified, and the no-JavaScript large-type
// (适老化) switch.
#ifndef ZWGK_CORE_STATIC_FILES_H_
#define ZWGK_CORE_STATIC_FILES_H_

#include <string>

#include "absl/strings/string_view.h"
#include "core/web.h"

namespace zwgk::web {

struct StaticOptions {
  std::string node_modules = "node_modules";  // where `npm ci` put echarts
  bool cookie_secure = false;
};

void RegisterStaticRoutes(Router& router, const StaticOptions& options);

// Content type by file extension.
std::string ContentTypeFor(absl::string_view path);

}  // namespace zwgk::web

#endif  // ZWGK_CORE_STATIC_FILES_H_
