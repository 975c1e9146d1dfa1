#ifndef ZWGK_ORG_HTTP_H_
#define ZWGK_ORG_HTTP_H_

#include "core/view.h"
#include "core/web.h"
#include "org/service.h"

namespace zwgk::org {

// Public pages (home, domains, tasks), the JSON API and the admin pages for
// units and domains.
void RegisterRoutes(web::Router& router, Service& service, const View& view);

}  // namespace zwgk::org

#endif  // ZWGK_ORG_HTTP_H_
