#include "applications/module.h"

#include "applications/cli.h"

namespace zwgk::applications {
namespace {

// Published records whose text matches what the applicant describes.
RecordFinder SearchFinder(search::Service& search) {
  return [&search](absl::string_view text,
                   int limit) -> absl::StatusOr<std::vector<FoundRecord>> {
    auto found = search.Search(
        {.text = std::string(text), .per_page = limit, .facets = false});
    if (!found.ok()) return found.status();
    std::vector<FoundRecord> out;
    for (const search::Hit& h : found->hits)
      out.push_back({.id = std::to_string(h.id),
                     .title = h.title_text,
                     .url = h.url,
                     .index_number = h.index_number,
                     .published_on = h.published_on});
    return out;
  };
}

}  // namespace

absl::Status ApplicationsModule::Start(AppContext& ctx) {
  service_ = std::make_unique<Service>(
      ctx.db, ctx.clock, org_.service(), calendar_.service(),
      ServiceOptions{.data_dir = ctx.config.data_dir});
  view_ = &ctx.view;
  service_->SetRecordFinder(SearchFinder(search_.service()));
  Service* s = service_.get();
  // Due dates follow every calendar change (imports, local closures).
  calendar_.service().AddRecomputer(
      "applications",
      [s](const calendar::Calendar& cal) { return s->Recompute(cal); });
  return absl::OkStatus();
}

void ApplicationsModule::RegisterRoutes(web::Router& router) {
  applications::RegisterRoutes(router, *service_, *view_, http_);
}

void ApplicationsModule::RegisterCli(CliRegistry& cli) {
  applications::RegisterCli(cli, [this]() -> Service& { return *service_; });
}

std::vector<MetricSample> ApplicationsModule::Gauges() {
  if (!service_) return {};
  absl::StatusOr<ApplicationCompliance> c =
      service_->Compliance(Today(service_->clock()), std::nullopt);
  if (!c.ok()) return {};
  double overdue = 0, due_soon = 0;
  for (const UnitApplicationCompliance& u : c->units) {
    overdue += static_cast<double>(u.overdue.size());
    due_soon += static_cast<double>(u.due_soon.size());
  }
  return {{"zwgk_applications_overdue",
           "Open applications past their reply due date.", overdue},
          {"zwgk_applications_due_soon",
           "Open applications due within 3 working days.", due_soon}};
}

}  // namespace zwgk::applications
