// The module list, in dependency order: a module may use the services of the
// modules above it. Adding a module means adding a line here.
#include "app/app.h"
#include "auth/module.h"
#include "calendar/module.h"
#include "catalog/module.h"
#include "org/module.h"

namespace zwgk {

std::vector<std::unique_ptr<Module>> MakeModules() {
  std::vector<std::unique_ptr<Module>> modules;
  auto org = std::make_unique<org::OrgModule>();
  org::OrgModule* org_ptr = org.get();
  modules.push_back(std::move(org));
  modules.push_back(auth::MakeModule(
      [org_ptr]() -> org::Service& { return org_ptr->service(); }));
  modules.push_back(std::make_unique<calendar::CalendarModule>());
  modules.push_back(std::make_unique<catalog::CatalogModule>(*org_ptr));
  return modules;
}

}  // namespace zwgk
