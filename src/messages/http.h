#ifndef ZWGK_MESSAGES_HTTP_H_
#define ZWGK_MESSAGES_HTTP_H_

#include "core/view.h"
#include "core/web.h"
#include "messages/service.h"

namespace zwgk::messages {

// The public form, status query, Q&A and statistics (/messages), the staff
// pages (/admin/messages) and the API (/api/v1/messages).
void RegisterRoutes(web::Router& router, Service& service, const View& view);

}  // namespace zwgk::messages

#endif  // ZWGK_MESSAGES_HTTP_H_
