#ifndef ZWGK_COLUMNS_HTTP_H_
#define ZWGK_COLUMNS_HTTP_H_

#include "columns/service.h"
#include "core/view.h"
#include "core/web.h"

namespace zwgk::columns {

void RegisterRoutes(web::Router& router, Service& service, const View& view);

// The home page's 最新信息 block: the newest public records and each main
// column's newest items, each with its publish date.
std::string HomeSection(Service& service, const View& view,
                        const web::Request& req);

}  // namespace zwgk::columns

#endif  // ZWGK_COLUMNS_HTTP_H_
