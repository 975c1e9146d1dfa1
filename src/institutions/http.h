#ifndef ZWGK_INSTITUTIONS_HTTP_H_
#define ZWGK_INSTITUTIONS_HTTP_H_

#include "core/view.h"
#include "core/web.h"
#include "institutions/service.h"

namespace zwgk::institutions {

// The public directory (/institutions), the staff pages
// (/admin/institutions) and the API (/api/v1/institutions).
void RegisterRoutes(web::Router& router, Service& service, const View& view);

}  // namespace zwgk::institutions

#endif  // ZWGK_INSTITUTIONS_HTTP_H_
