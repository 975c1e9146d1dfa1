// The module list, in dependency order: a module may use the services of the
// modules above it. Adding a module means adding a line here.
#include "app/app.h"
#include "applications/module.h"
#include "auth/module.h"
#include "calendar/module.h"
#include "catalog/module.h"
#include "columns/module.h"
#include "compliance/module.h"
#include "concerns/module.h"
#include "decisions/module.h"
#include "guides/module.h"
#include "inspection/module.h"
#include "institutions/module.h"
#include "messages/module.h"
#include "org/module.h"
#include "powers/module.h"
#include "privacy/module.h"
#include "publishing/module.h"
#include "reports/module.h"
#include "search/module.h"
#include "supervision/module.h"
#include "villages/module.h"

namespace zwgk {

namespace {

// Appends a module built from the modules it uses (constructor references,
// see app/module.h) and returns it for the modules after it.
template <typename M, typename... Uses>
M& Add(std::vector<std::unique_ptr<Module>>& modules, Uses&... uses) {
  auto module = std::make_unique<M>(uses...);
  M& added = *module;
  modules.push_back(std::move(module));
  return added;
}

}  // namespace

std::vector<std::unique_ptr<Module>> MakeModules() {
  std::vector<std::unique_ptr<Module>> modules;
  auto& org_module = Add<org::OrgModule>(modules);
  Add<auth::AuthModule>(modules, org_module);
  auto& calendar_module = Add<calendar::CalendarModule>(modules);
  auto& catalog_module = Add<catalog::CatalogModule>(modules, org_module);
  auto& publishing_module = Add<publishing::PublishingModule>(
      modules, org_module, calendar_module, catalog_module);
  auto& concerns_module =
      Add<concerns::ConcernsModule>(modules, org_module, publishing_module);
  auto& search_module = Add<search::SearchModule>(modules, publishing_module);
  auto& applications_module = Add<applications::ApplicationsModule>(
      modules, org_module, calendar_module, search_module);
  auto& supervision_module = Add<supervision::SupervisionModule>(
      modules, org_module, catalog_module, publishing_module);
  // Before reports: the 年报's Table 二 may take its counts from it.
  auto& powers_module = Add<powers::PowersModule>(
      modules, org_module, catalog_module, publishing_module);
  auto& reports_module = Add<reports::ReportsModule>(
      modules, org_module, publishing_module, applications_module,
      concerns_module, powers_module);
  auto& decisions_module =
      Add<decisions::DecisionsModule>(modules, org_module, publishing_module);
  auto& messages_module =
      Add<messages::MessagesModule>(modules, org_module, calendar_module);
  auto& guides_module =
      Add<guides::GuidesModule>(modules, org_module, catalog_module);
  auto& villages_module =
      Add<villages::VillagesModule>(modules, org_module, calendar_module);
  auto& institutions_module =
      Add<institutions::InstitutionsModule>(modules, org_module);
  Add<privacy::PrivacyModule>(modules, org_module, publishing_module);
  auto& columns_module = Add<columns::ColumnsModule>(
      modules, org_module, publishing_module, reports_module, guides_module,
      messages_module);
  Add<compliance::ComplianceModule>(
      modules, org_module, calendar_module, publishing_module,
      applications_module, reports_module, supervision_module, decisions_module,
      messages_module, guides_module, villages_module, columns_module,
      concerns_module, institutions_module);
  Add<inspection::InspectionModule>(modules, org_module, publishing_module,
                                    messages_module, guides_module,
                                    columns_module);
  return modules;
}

}  // namespace zwgk
