// The route table of the publishing module: one line per route, a named
// handler each. Handlers live by audience in portal.cc, feeds.cc, api.cc and
// admin.cc; the view models they share in presenters.cc.
#include "publishing/http.h"

#include <memory>

#include "core/route_binding.h"
#include "publishing/http_internal.h"

namespace zwgk::publishing {
namespace http_internal {
namespace {

void AddRoutes(web::Router& router, std::shared_ptr<Deps> deps) {
  Service& service = deps->service;
  auto h = web::BindTo(deps);
  // Attachments: the service's limit plus the rest of the form. Every other
  // route keeps the router's default.
  const web::RouteOptions upload{
      .max_body_bytes =
          static_cast<size_t>(service.options().max_attachment_bytes) +
          (1u << 20)};
  // A body pasted into the editor (Word documents with their markup).
  const web::RouteOptions paste{.max_body_bytes = 4u << 20};
  // Public portal.
  router.Get("/xxgk", h(PortalIndex));
  router.Get("/xxgk/{slug}", h(PortalPageView));
  router.Get("/records", h(RecordList));
  router.Get("/records/{id}", h(RecordDetail));
  router.Get("/records/{id}/versions/{version}", h(RecordVersion));
  router.Get("/records/{id}/attachments/{aid}", h(AttachmentDownload));
  // Feeds (RSS 2.0 and JSON Feed) per site, domain and unit; sitemaps.
  router.Get("/feeds/records.rss", h(SiteFeedRss));
  router.Get("/feeds/records.json", h(SiteFeedJson));
  router.Get("/feeds/domains/{file}", h(DomainFeed));
  router.Get("/feeds/units/{file}", h(UnitFeed));
  router.Get("/sitemap.xml", h(SitemapIndex));
  router.Get("/sitemaps/{part}", h(SitemapPart));
  // API: reads for everyone, the workflow for staff.
  router.Get("/api/v1/records", h(ApiList));
  router.Get("/api/v1/records/{id}", h(ApiGet));
  router.Post("/api/v1/records", h(ApiCreate));
  router.Post("/api/v1/records/{id}", h(ApiUpdate));
  router.Post("/api/v1/records/{id}/submit", h(ApiSubmit));
  router.Post("/api/v1/records/{id}/review", h(ApiReview));
  router.Post("/api/v1/records/{id}/publish", h(ApiPublish));
  router.Post("/api/v1/records/{id}/unpublish", h(ApiUnpublish));
  router.Post("/api/v1/records/{id}/validity", h(ApiValidity));
  router.Post("/api/v1/records/{id}/relations", h(ApiRelate));
  // Staff pages.
  router.Get("/admin/records", h(AdminList));
  router.Get("/admin/records/new", h(AdminNewForm));
  router.Get("/admin/records/lookup", h(AdminLookup));
  router.Post("/admin/paste", h(AdminCleanPaste), paste);
  router.Post("/admin/records", h(AdminCreate));
  router.Get("/admin/records/{id}", h(AdminShow));
  router.Post("/admin/records/{id}", h(AdminUpdate));
  router.Post("/admin/records/{id}/submit", h(AdminSubmit));
  router.Post("/admin/records/{id}/review", h(AdminReview));
  router.Get("/admin/records/{id}/preview", h(AdminPreview));
  router.Get("/admin/records/{id}/publish", h(AdminPublishConfirm));
  router.Post("/admin/records/{id}/publish", h(AdminPublish));
  router.Post("/admin/records/{id}/unpublish", h(AdminUnpublish));
  router.Post("/admin/records/{id}/privacy/scan", h(AdminPrivacyScan));
  router.Post("/admin/records/{id}/privacy/mask", h(AdminPrivacyMask));
  router.Post("/admin/records/{id}/discard", h(AdminDiscard));
  router.Post("/admin/records/{id}/validity", h(AdminValidity));
  router.Post("/admin/records/{id}/attach", h(AdminAttach), upload);
  router.Post("/admin/records/{id}/detach", h(AdminDetach));
  router.Post("/admin/records/{id}/relate", h(AdminRelate));
  router.Post("/admin/records/{id}/unrelate", h(AdminUnrelate));
  router.Post("/admin/records/{id}/channel", h(AdminChannel));
  router.Get("/admin/pages", h(AdminPages));
  router.Get("/admin/pages/{slug}", h(AdminPages));
  router.Post("/admin/pages/{slug}", h(AdminSavePage));
  router.Get("/admin/publishing", h(AdminSettings));
  router.Post("/admin/publishing/pattern", h(AdminSavePattern));
  router.Post("/admin/publishing/genres", h(AdminAddGenre));
  router.Post("/admin/publishing/interpretation", h(AdminSaveInterpretation));
}

}  // namespace
}  // namespace http_internal

void RegisterRoutes(web::Router& router, Service& service, org::Service& org,
                    const View& view, const HttpOptions& options) {
  http_internal::AddRoutes(
      router, std::make_shared<http_internal::Deps>(
                  http_internal::Deps{service, org, view, options}));
}

}  // namespace zwgk::publishing
