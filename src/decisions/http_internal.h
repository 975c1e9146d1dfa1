// The handlers of the decisions module's route table (http.cc): the
// catalog's in catalog_http.cc, the consultations' in consult_http.cc.
#ifndef ZWGK_DECISIONS_HTTP_INTERNAL_H_
#define ZWGK_DECISIONS_HTTP_INTERNAL_H_

#include "core/view.h"
#include "core/web.h"
#include "decisions/service.h"

namespace zwgk::decisions {

struct Deps {
  Service& service;
  const View& view;
};

using web::Request;
using web::Response;

// --- The catalog (catalog_http.cc)
// --------------------------------------------

// Public: the published catalog (current year, a year, a version), a
// decision's page and its events' documents.
Response CatalogPage(Deps& d, Request& req);
Response CatalogYearPage(Deps& d, Request& req);
Response CatalogVersionPage(Deps& d, Request& req);
Response DecisionPage(Deps& d, Request& req);
Response DecisionDocument(Deps& d, Request& req);
// Staff: their unit's decisions (the county office all).
Response AdminDecisions(Deps& d, Request& req);
Response AdminNewDecision(Deps& d, Request& req);
Response AdminCreateDecision(Deps& d, Request& req);
Response AdminDecision(Deps& d, Request& req);
Response AdminUpdateDecision(Deps& d, Request& req);
Response AdminMoveDecision(Deps& d, Request& req);
Response AdminAddDecisionEvent(Deps& d, Request& req);
// The county office.
Response AdminPublishCatalog(Deps& d, Request& req);
// API.
Response ApiDecisions(Deps& d, Request& req);
Response ApiDecision(Deps& d, Request& req);
Response ApiCreateDecision(Deps& d, Request& req);

// --- Consultations (consult_http.cc)
// --------------------------------------------

// Public pages: the list, a consultation with its form, a comment.
Response ConsultList(Deps& d, Request& req);
Response ConsultShow(Deps& d, Request& req);
Response ConsultComment(Deps& d, Request& req);
// Staff pages (signed in; the service narrows to their unit).
Response ConsultAdminList(Deps& d, Request& req);
Response ConsultAdminNew(Deps& d, Request& req);
Response ConsultAdminCreate(Deps& d, Request& req);
Response ConsultAdminShow(Deps& d, Request& req);
Response ConsultAdminUpdate(Deps& d, Request& req);
Response ConsultAdminExtend(Deps& d, Request& req);
Response ConsultAdminEndEarly(Deps& d, Request& req);
Response ConsultAdminRecordComment(Deps& d, Request& req);
Response ConsultAdminModerate(Deps& d, Request& req);
Response ConsultAdminAdopt(Deps& d, Request& req);
Response ConsultAdminPublishFeedback(Deps& d, Request& req);
// The API.
Response ConsultApiCreate(Deps& d, Request& req);
Response ConsultApiList(Deps& d, Request& req);
Response ConsultApiGet(Deps& d, Request& req);
Response ConsultApiComment(Deps& d, Request& req);
Response ConsultApiModerate(Deps& d, Request& req);
Response ConsultApiAdopt(Deps& d, Request& req);
Response ConsultApiPublishFeedback(Deps& d, Request& req);
Response ConsultApiExtend(Deps& d, Request& req);
Response ConsultApiEndEarly(Deps& d, Request& req);

}  // namespace zwgk::decisions

#endif  // ZWGK_DECISIONS_HTTP_INTERNAL_H_
