// The decisions module's one route table; handlers in catalog_http.cc and
// consult_http.cc (declared in http_internal.h).
#include "decisions/http.h"

#include <algorithm>
#include <memory>

#include "core/route_binding.h"
#include "decisions/http_internal.h"

namespace zwgk::decisions {

void RegisterRoutes(web::Router& router, Service& service, const View& view) {
  auto h = web::BindTo(std::make_shared<Deps>(Deps{service, view}));
  // Public writes and staff decisions are small; a draft may be long.
  const web::RouteOptions small{.max_body_bytes = 64u << 10};
  const web::RouteOptions draft{.max_body_bytes = 4u << 20};
  // --- The catalog: public, staff, API -----------------------------------
  // An event's documents, all of the largest size, plus the form.
  const web::RouteOptions catalog_upload{
      .max_body_bytes = std::min<size_t>(
          web::kMaxBodyBytes,
          static_cast<size_t>(service.options().max_document_bytes) *
                  static_cast<size_t>(
                      service.options().max_documents_per_event) +
              (64u << 10))};
  // Public: the published catalog versions and the decisions in them;
  // anything not in a published version answers 404.
  router.Get("/decisions", h(CatalogPage));
  router.Get("/decisions/{year}", h(CatalogYearPage));
  router.Get("/decisions/{year}/versions/{n}", h(CatalogVersionPage));
  router.Get("/decisions/items/{id}", h(DecisionPage));
  router.Get("/decisions/events/{eid}/documents/{n}", h(DecisionDocument));
  // Staff (signed in): a unit's staff read and change their unit's
  // decisions (another unit's answer 404); admin all.
  router.Get("/admin/decisions", h(AdminDecisions));
  router.Get("/admin/decisions/new", h(AdminNewDecision));
  router.Post("/admin/decisions/new", h(AdminCreateDecision), small);
  router.Get("/admin/decisions/{id}", h(AdminDecision));
  router.Post("/admin/decisions/{id}", h(AdminUpdateDecision), small);
  router.Post("/admin/decisions/{id}/move", h(AdminMoveDecision), small);
  router.Post("/admin/decisions/{id}/events", h(AdminAddDecisionEvent),
              catalog_upload);
  // The county office publishes a year's catalog as a new version.
  router.Post("/admin/decisions/catalog/{year}/publish", h(AdminPublishCatalog),
              small);
  // API. Public: the newest published catalog of a year, a decision in it;
  // staff (token or session) create decisions for their unit.
  router.Get("/api/v1/decisions", h(ApiDecisions));
  router.Get("/api/v1/decisions/{id}", h(ApiDecision));
  router.Post("/api/v1/decisions", h(ApiCreateDecision), small);

  // --- Consultations: public, staff, API ----------------------------------
  // Public, no account: anyone reads every consultation (published comments
  // only, the feedback once published) and comments while a window is open.
  router.Get("/consultations", h(ConsultList));
  router.Get("/consultations/{id}", h(ConsultShow));
  router.Post("/consultations/{id}/comments", h(ConsultComment), small);
  // Staff (signed in): a unit's staff read and change their unit's
  // consultations and comments (another unit's answer 404); admin all.
  router.Get("/admin/consultations", h(ConsultAdminList));
  router.Get("/admin/consultations/new", h(ConsultAdminNew));
  router.Post("/admin/consultations/new", h(ConsultAdminCreate), draft);
  router.Get("/admin/consultations/{id}", h(ConsultAdminShow));
  router.Post("/admin/consultations/{id}", h(ConsultAdminUpdate), draft);
  router.Post("/admin/consultations/{id}/extend", h(ConsultAdminExtend), small);
  router.Post("/admin/consultations/{id}/end-early", h(ConsultAdminEndEarly),
              small);
  router.Post("/admin/consultations/{id}/comments",
              h(ConsultAdminRecordComment), small);
  router.Post("/admin/consultations/{id}/comments/{cid}/moderate",
              h(ConsultAdminModerate), small);
  router.Post("/admin/consultations/{id}/comments/{cid}/adoption",
              h(ConsultAdminAdopt), small);
  router.Post("/admin/consultations/{id}/feedback/publish",
              h(ConsultAdminPublishFeedback), small);
  // API. Public: the list, the public view (staff get the same view here),
  // commenting (staff with a "channel" record an offline comment).
  router.Get("/api/v1/consultations", h(ConsultApiList));
  router.Get("/api/v1/consultations/{id}", h(ConsultApiGet));
  router.Post("/api/v1/consultations/{id}/comments", h(ConsultApiComment),
              small);
  // API, staff of the consultation's unit (others 404) or admin.
  router.Post("/api/v1/consultations", h(ConsultApiCreate), draft);
  router.Post("/api/v1/consultations/{id}/comments/{cid}/moderate",
              h(ConsultApiModerate), small);
  router.Post("/api/v1/consultations/{id}/comments/{cid}/adoption",
              h(ConsultApiAdopt), small);
  router.Post("/api/v1/consultations/{id}/feedback/publish",
              h(ConsultApiPublishFeedback), small);
  router.Post("/api/v1/consultations/{id}/extend", h(ConsultApiExtend), small);
  router.Post("/api/v1/consultations/{id}/end-early", h(ConsultApiEndEarly),
              small);
}

}  // namespace zwgk::decisions
