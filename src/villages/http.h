#ifndef ZWGK_VILLAGES_HTTP_H_
#define ZWGK_VILLAGES_HTTP_H_

#include "core/view.h"
#include "core/web.h"
#include "villages/service.h"

namespace zwgk::villages {

// The public village pages (/villages), the clerks' and towns' pages
// (/admin/villages) and the API (/api/v1/villages).
void RegisterRoutes(web::Router& router, Service& service, const View& view);

}  // namespace zwgk::villages

#endif  // ZWGK_VILLAGES_HTTP_H_
