// The compliance dashboard's pages and API: /admin/supervision (the county
// office; a unit's staff see their own unit), its XLSX export, the
// settings form, and GET /api/v1/supervision?as_of=&unit=.
#ifndef ZWGK_COMPLIANCE_HTTP_H_
#define ZWGK_COMPLIANCE_HTTP_H_

#include "compliance/service.h"
#include "core/view.h"
#include "core/web.h"

namespace zwgk::compliance {

void RegisterRoutes(web::Router& router, Service& service, const View& view);

}  // namespace zwgk::compliance

#endif  // ZWGK_COMPLIANCE_HTTP_H_
