#ifndef ZWGK_CATALOG_HTTP_H_
#define ZWGK_CATALOG_HTTP_H_

#include <string>

#include "catalog/service.h"
#include "core/view.h"
#include "core/web.h"
#include "org/model.h"
#include "org/service.h"

namespace zwgk::catalog {

// Downloads, the JSON API and the admin pages for catalogs.
void RegisterRoutes(web::Router& router, Service& service, org::Service& org,
                    const View& view);

// The published catalog as the section of a domain's public page.
std::string DomainSection(Service& service, org::Service& org, const View& view,
                          const web::Request& req, const org::Domain& domain);

}  // namespace zwgk::catalog

#endif  // ZWGK_CATALOG_HTTP_H_
