#ifndef ZWGK_PRIVACY_HTTP_H_
#define ZWGK_PRIVACY_HTTP_H_

#include "core/view.h"
#include "core/web.h"
#include "privacy/service.h"

namespace zwgk::privacy {

void RegisterRoutes(web::Router& router, Service& service, const View& view);

}  // namespace zwgk::privacy

#endif  // ZWGK_PRIVACY_HTTP_H_
