#ifndef ZWGK_GUIDES_HTTP_H_
#define ZWGK_GUIDES_HTTP_H_

#include <string>

#include "core/view.h"
#include "core/web.h"
#include "guides/service.h"

namespace zwgk::guides {

// The public 办事服务 section (/services), the books (/services/books), the
// staff pages (/admin/guides) and the API (/api/v1/guides, /api/v1/books).
struct HttpOptions {
  // The site's public address for the QR code of a guide's URL (as feeds
  // use it); empty: the address the request came to.
  std::string public_base_url;
};
void RegisterRoutes(web::Router& router, Service& service, const View& view,
                    const HttpOptions& options = {});

}  // namespace zwgk::guides

#endif  // ZWGK_GUIDES_HTTP_H_
