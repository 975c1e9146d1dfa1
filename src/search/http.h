// Search pages and API: GET /search (public), GET /admin/search (staff),
// GET /api/v1/search (JSON).
#ifndef ZWGK_SEARCH_HTTP_H_
#define ZWGK_SEARCH_HTTP_H_

#include "core/view.h"
#include "core/web.h"
#include "search/service.h"

namespace zwgk::search {

void RegisterRoutes(web::Router& router, Service& service, const View& view);

}  // namespace zwgk::search

#endif  // ZWGK_SEARCH_HTTP_H_
