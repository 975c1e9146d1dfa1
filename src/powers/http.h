#ifndef ZWGK_POWERS_HTTP_H_
#define ZWGK_POWERS_HTTP_H_

#include "core/view.h"
#include "core/web.h"
#include "powers/service.h"
#include "publishing/service.h"

namespace zwgk::powers {

void RegisterRoutes(web::Router& router, Service& service,
                    publishing::Service& publishing, const View& view);

}  // namespace zwgk::powers

#endif  // ZWGK_POWERS_HTTP_H_
