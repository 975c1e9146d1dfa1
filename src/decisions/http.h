#ifndef ZWGK_DECISIONS_HTTP_H_
#define ZWGK_DECISIONS_HTTP_H_

#include "core/view.h"
#include "core/web.h"
#include "decisions/service.h"

namespace zwgk::decisions {

// The public catalog (/decisions) and consultations (/consultations) with
// their comment form, the staff pages (/admin/decisions,
// /admin/consultations) and the API (/api/v1/decisions,
// /api/v1/consultations).
void RegisterRoutes(web::Router& router, Service& service, const View& view);

}  // namespace zwgk::decisions

#endif  // ZWGK_DECISIONS_HTTP_H_
