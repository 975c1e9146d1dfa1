// The 年报 pages and API: the public archive and report pages (published
// versions only), the staff pages to generate, fill in, submit, review,
// publish and correct, the HTML export, and
// GET /api/v1/annual-reports/{year}[?unit=ID|NAME].
#ifndef ZWGK_REPORTS_HTTP_H_
#define ZWGK_REPORTS_HTTP_H_

#include "core/view.h"
#include "core/web.h"
#include "reports/service.h"

namespace zwgk::reports {

void RegisterRoutes(web::Router& router, Service& service, const View& view);

}  // namespace zwgk::reports

#endif  // ZWGK_REPORTS_HTTP_H_
