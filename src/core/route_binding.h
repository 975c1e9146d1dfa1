// Route tables bind named handlers to a module's shared dependencies:
//
//   auto h = web::BindTo(std::make_shared<Deps>(Deps{service, view}));
//   router.Get("/admin/things/{id}", h(ShowThing));
//
// where `Response ShowThing(Deps&, Request&)`. One adapter for every
// module's table (docs/architecture.md).
#ifndef ZWGK_CORE_ROUTE_BINDING_H_
#define ZWGK_CORE_ROUTE_BINDING_H_

#include <memory>

#include "core/web.h"

namespace zwgk::web {

template <typename Deps>
auto BindTo(std::shared_ptr<Deps> deps) {
  return [deps](Response (*handler)(Deps&, Request&)) -> Handler {
    return [deps, handler](Request& r) { return handler(*deps, r); };
  };
}

}  // namespace zwgk::web

#endif  // ZWGK_CORE_ROUTE_BINDING_H_
