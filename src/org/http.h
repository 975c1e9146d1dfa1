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

// Public pages (home, domains, tasks), the JSON API and the admin pages for
// units and domains. `sections` is read on every request, so modules may add
// to it until the server starts.
void RegisterRoutes(web::Router& router, Service& service, const View& view,
                    const std::vector<DomainSection>* sections);

}  // namespace zwgk::org

#endif  // ZWGK_ORG_HTTP_H_
