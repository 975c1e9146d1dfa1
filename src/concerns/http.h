#ifndef ZWGK_CONCERNS_HTTP_H_
#define ZWGK_CONCERNS_HTTP_H_

#include "concerns/service.h"
#include "core/view.h"
#include "core/web.h"

namespace zwgk::concerns {

// The public 回应关切 column (/concerns), the staff pages (/admin/concerns)
// and the API (/api/v1/concerns).
void RegisterRoutes(web::Router& router, Service& service, const View& view);

}  // namespace zwgk::concerns

#endif  // ZWGK_CONCERNS_HTTP_H_
