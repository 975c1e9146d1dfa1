#ifndef ZWGK_INSPECTION_HTTP_H_
#define ZWGK_INSPECTION_HTTP_H_

#include "core/view.h"
#include "core/web.h"
#include "inspection/service.h"

namespace zwgk::inspection {

void RegisterRoutes(web::Router& router, Service& service, const View& view);

}  // namespace zwgk::inspection

#endif  // ZWGK_INSPECTION_HTTP_H_
