// The module list, in dependency order: a module may use the services of the
// modules above it. Adding a module means adding a line here.
#include "app/app.h"
#include "applications/module.h"
#include "auth/module.h"
#include "calendar/module.h"
#include "catalog/module.h"
#include "org/module.h"
#include "publishing/module.h"
#include "search/module.h"

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
  auto publishing = std::make_unique<publishing::PublishingModule>(
      *org_ptr, *calendar_ptr, *catalog_ptr);
  publishing::PublishingModule* publishing_ptr = publishing.get();
  modules.push_back(std::move(publishing));
  auto search = std::make_unique<search::SearchModule>(*publishing_ptr);
  search::SearchModule* search_ptr = search.get();
  modules.push_back(std::move(search));
  auto applications = std::make_unique<applications::ApplicationsModule>(
      *org_ptr, *calendar_ptr);
  // The application form first shows published records that may already
  // answer the request.
  applications->UseRecordFinder(
      [search_ptr](
          absl::string_view text,
          int limit) -> absl::StatusOr<std::vector<applications::FoundRecord>> {
        auto found = search_ptr->service().Search(
            {.text = std::string(text), .per_page = limit, .facets = false});
        if (!found.ok()) return found.status();
        std::vector<applications::FoundRecord> out;
        for (const search::Hit& h : found->hits)
          out.push_back({.id = std::to_string(h.id),
                         .title = h.title_text,
                         .url = h.url,
                         .index_number = h.index_number,
                         .published_on = h.published_on});
        return out;
      });
  modules.push_back(std::move(applications));
  return modules;
}

}  // namespace zwgk
