#ifndef ZWGK_ORG_HTTP_H_
#define ZWGK_ORG_HTTP_H_

#include <functional>
#include <string>
#include <vector>

#include "core/view.h"
#include "core/web.h"
#include "org/service.h"

namespace zwgk::org {

// HTML that another module adds to a domain's public page (the catalog, the
// information published under it), in registration order.
using DomainSection =
    std::function<std::string(const web::Request&, const Domain&)>;

// HTML that another module adds to the home page (the latest items with
// their dates, issue 19), in registration order.
using HomeSection = std::function<std::string(const web::Request&)>;

// Public pages (home, domains, tasks), the JSON API and the admin pages for
// units and domains. `sections` and `home_sections` are read on every
// request, so modules may add to them until the server starts.
void RegisterRoutes(web::Router& router, Service& service, const View& view,
                    const std::vector<DomainSection>* sections,
                    const std::vector<HomeSection>* home_sections = nullptr);

// The site identity (/admin/site, the marks) and the units' 概况信息 /
// 机构职能 pages (profile_http.cc); called from RegisterRoutes.
void RegisterProfileRoutes(web::Router& router, Service& service,
                           const View& view);

}  // namespace zwgk::org

#endif  // ZWGK_ORG_HTTP_H_
