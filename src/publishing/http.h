// The 政务公开 portal section, record pages, feeds, sitemap, staff pages and
// the records API. All routes are registered in one table in http.cc.
#ifndef ZWGK_PUBLISHING_HTTP_H_
#define ZWGK_PUBLISHING_HTTP_H_

#include <string>

#include "core/view.h"
#include "core/web.h"
#include "org/service.h"
#include "publishing/service.h"

namespace zwgk::publishing {

struct HttpOptions {
  // Absolute base for feeds and sitemaps ("https://www.jiayu.gov.cn"); when
  // empty, the request's Host header is used.
  std::string public_base_url;
};

void RegisterRoutes(web::Router& router, Service& service, org::Service& org,
                    const View& view, const HttpOptions& options);

// The "information published under each catalog item" section of a domain
// page.
std::string DomainSection(Service& service, const View& view,
                          const web::Request& req, const org::Domain& domain);

}  // namespace zwgk::publishing

#endif  // ZWGK_PUBLISHING_HTTP_H_
