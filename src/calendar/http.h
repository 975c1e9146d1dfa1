#ifndef ZWGK_CALENDAR_HTTP_H_
#define ZWGK_CALENDAR_HTTP_H_

#include "calendar/service.h"
#include "core/view.h"
#include "core/web.h"

namespace zwgk::calendar {

// 期限计算器 (public), the calendar JSON API and the admin page for local
// overrides.
void RegisterRoutes(web::Router& router, Service& service, const View& view);

}  // namespace zwgk::calendar

#endif  // ZWGK_CALENDAR_HTTP_H_
