// The module list, in dependency order: a module may use the services of the
// modules above it. Adding a module means adding a line here.
#include "app/app.h"
#include "applications/module.h"
#include "auth/module.h"
#include "calendar/module.h"
#include "catalog/module.h"
#include "org/module.h"
#include "publishing/module.h"

namespace zwgk {

std::vector<std::unique_ptr<Module>> MakeModules() {
  std::vector<std::unique_ptr<Module>> modules;
  auto org = std::make_unique<org::OrgModule>();
  org::OrgModule* org_ptr = org.get();
  modules.push_back(std::move(org));
  modules.push_back(auth::MakeModule(
      [org_ptr]() -> org::Service& { return org_ptr->service(); }));
  auto calendar = std::make_unique<calendar::CalendarModule>();
  calendar::CalendarModule* calendar_ptr = calendar.get();
  modules.push_back(std::move(calendar));
  auto catalog = std::make_unique<catalog::CatalogModule>(*org_ptr);
  catalog::CatalogModule* catalog_ptr = catalog.get();
  modules.push_back(std::move(catalog));
  modules.push_back(std::make_unique<publishing::PublishingModule>(
      *org_ptr, *calendar_ptr, *catalog_ptr));
  modules.push_back(std::make_unique<applications::ApplicationsModule>(
      *org_ptr, *calendar_ptr));
  return modules;
}

}  // namespace zwgk
