// Access checks for handlers. Pages for staff redirect anonymous visitors to
// the login form; API calls get 401 JSON; signed-in users without the role
// get 403.
#ifndef ZWGK_CORE_GUARD_H_
#define ZWGK_CORE_GUARD_H_

#include <optional>

#include "core/web.h"

namespace zwgk::web {

// nullopt when the caller is signed in (any role).
std::optional<Response> RequireSignedIn(const Request& req);

// nullopt when the caller is a county administrator.
std::optional<Response> RequireAdmin(const Request& req);

}  // namespace zwgk::web

#endif  // ZWGK_CORE_GUARD_H_
