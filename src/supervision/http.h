#ifndef ZWGK_SUPERVISION_HTTP_H_
#define ZWGK_SUPERVISION_HTTP_H_

#include "core/view.h"
#include "core/web.h"
#include "supervision/service.h"

namespace zwgk::supervision {

// The public /tasks page and API, and the county office's and units'
// /admin/tasks pages.
void RegisterRoutes(web::Router& router, Service& service, const View& view);

}  // namespace zwgk::supervision

#endif  // ZWGK_SUPERVISION_HTTP_H_
