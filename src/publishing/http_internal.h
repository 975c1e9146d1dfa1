// Internal to the publishing HTTP layer: the handlers the route table in
// http.cc names, split by audience (portal.cc, feeds.cc, api.cc, admin.cc),
// and the view models they share (presenters.cc). Not for other modules.
#ifndef ZWGK_PUBLISHING_HTTP_INTERNAL_H_
#define ZWGK_PUBLISHING_HTTP_INTERNAL_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/actor.h"
#include "core/status.h"
#include "core/view.h"
#include "core/web.h"
#include "nlohmann/json.hpp"
#include "org/service.h"
#include "publishing/http.h"
#include "publishing/service.h"

namespace zwgk::publishing::http_internal {

// What every handler works with.
struct Deps {
  Service& service;
  org::Service& org;
  const View& view;
  HttpOptions options;
};

// --- Presenters (presenters.cc) ---------------------------------------------

// The signed-in caller, or nullptr for the public.
const Actor* Who(const web::Request& req);
nlohmann::json ValidityJson(Validity v);
// A row of the public and staff lists.
nlohmann::json ListItemJson(const Record& r);
// 公文类别 for pages: name, label, special (not 其他), registration_number,
// valid_until, and text ("行政规范性文件 · 登记号 … · 有效期至 …").
nlohmann::json DocClassJson(const Record& r);
// The API representation (public fields plus workflow fields for staff).
nlohmann::json ApiJson(const Record& r, bool staff);
std::string FormatSize(int64_t bytes);
// What the public record page shows of the text: the current version or an
// older one (`version`, named `shown_version`).
struct DetailText {
  std::string title, doc_number, body_html;
  std::string shown_version;
  std::optional<int> version;
};
// The context of the public record page (detail.mustache) for `r`, with the
// `relations` its viewer may see and its `versions` (the history). The
// portal page and the staff preview both render it.
nlohmann::json DetailJson(Service& service, const Record& r,
                          const Actor* viewer,
                          const std::vector<Relation>& relations,
                          const std::vector<Version>& versions,
                          const DetailText& shown);
nlohmann::json PageLinks(const RecordPage& page, const std::string& base_query);

// The list filters of the public and staff lists, read from the query.
struct Filters {
  ListQuery query;
  std::string base_query;  // the filters as a query string, without page
};
absl::StatusOr<Filters> ParseFilters(const web::Request& req, Service& service,
                                     org::Service& org);
// The filter form of the public list, with the current values selected.
absl::StatusOr<nlohmann::json> FilterForm(Service& service, org::Service& org,
                                          const ListQuery& q, int current_year);

// Absolute base for feeds and sitemaps.
std::string BaseUrl(const web::Request& req, const HttpOptions& o);
// RFC 3339 UTC ("2026-03-02T01:00:00Z") → China time with offset.
std::string ChinaTime(absl::string_view utc);

// The record form (select options limited to the units `actor` acts for).
nlohmann::json RecordForm(const RecordInput& in, const FieldErrors& errors,
                          Service& service, org::Service& org,
                          const Actor& actor);
RecordInput InputFromForm(const std::multimap<std::string, std::string>& f);
// The form values of a record: its pending change if any, else itself.
RecordInput InputOf(const Record& r);

// --- Public portal (portal.cc) ----------------------------------------------
web::Response PortalIndex(Deps& d, web::Request& req);
web::Response PortalPageView(Deps& d, web::Request& req);
web::Response RecordList(Deps& d, web::Request& req);
web::Response RecordDetail(Deps& d, web::Request& req);
web::Response RecordVersion(Deps& d, web::Request& req);
web::Response AttachmentDownload(Deps& d, web::Request& req);

// --- Feeds and sitemaps (feeds.cc) ------------------------------------------
web::Response SiteFeedRss(Deps& d, web::Request& req);
web::Response SiteFeedJson(Deps& d, web::Request& req);
// /feeds/domains/4.rss, /feeds/domains/4.json
web::Response DomainFeed(Deps& d, web::Request& req);
// /feeds/units/4.rss, /feeds/units/4.json
web::Response UnitFeed(Deps& d, web::Request& req);
web::Response SitemapIndex(Deps& d, web::Request& req);
web::Response SitemapPart(Deps& d, web::Request& req);

// --- Records API (api.cc) ---------------------------------------------------
// A publish time the client tried to give (a kServerTimeFields key among
// `given`'s, found by `lookup`): refused, audited, answered 422 naming the
// field (issue 19). nullopt when none was given.
std::optional<web::Response> RefuseClientTime(
    Deps& d, const web::Request& req, int64_t record_id,
    const std::function<std::optional<std::string>(absl::string_view)>& lookup);
std::optional<web::Response> RefuseClientTimeInForm(Deps& d, web::Request& req,
                                                    int64_t record_id);
web::Response ApiList(Deps& d, web::Request& req);
web::Response ApiGet(Deps& d, web::Request& req);
web::Response ApiCreate(Deps& d, web::Request& req);
web::Response ApiUpdate(Deps& d, web::Request& req);
web::Response ApiSubmit(Deps& d, web::Request& req);
web::Response ApiReview(Deps& d, web::Request& req);
web::Response ApiPublish(Deps& d, web::Request& req);
web::Response ApiUnpublish(Deps& d, web::Request& req);
web::Response ApiValidity(Deps& d, web::Request& req);
web::Response ApiRelate(Deps& d, web::Request& req);

// --- Staff pages (admin.cc) -------------------------------------------------
web::Response AdminList(Deps& d, web::Request& req);
web::Response AdminNewForm(Deps& d, web::Request& req);
web::Response AdminCreate(Deps& d, web::Request& req);
web::Response AdminShow(Deps& d, web::Request& req);
web::Response AdminUpdate(Deps& d, web::Request& req);
// The record as the public will see it (its pending change applied), for
// the staff of its unit and the county office; 404 for anyone else.
web::Response AdminPreview(Deps& d, web::Request& req);
// The publication's confirmation: where the record will appear, 确认发布.
web::Response AdminPublishConfirm(Deps& d, web::Request& req);
// One per action of the record page; each redirects back with a message or
// shows the record page with the error.
web::Response AdminSubmit(Deps& d, web::Request& req);
web::Response AdminReview(Deps& d, web::Request& req);
web::Response AdminPublish(Deps& d, web::Request& req);
web::Response AdminUnpublish(Deps& d, web::Request& req);
// 保密审查: 重新检查 and 一键脱敏 (back to the record or publish page).
web::Response AdminPrivacyScan(Deps& d, web::Request& req);
web::Response AdminPrivacyMask(Deps& d, web::Request& req);
web::Response AdminDiscard(Deps& d, web::Request& req);
web::Response AdminValidity(Deps& d, web::Request& req);
web::Response AdminAttach(Deps& d, web::Request& req);
web::Response AdminDetach(Deps& d, web::Request& req);
web::Response AdminRelate(Deps& d, web::Request& req);
web::Response AdminUnrelate(Deps& d, web::Request& req);
web::Response AdminChannel(Deps& d, web::Request& req);
web::Response AdminPages(Deps& d, web::Request& req);
web::Response AdminSavePage(Deps& d, web::Request& req);
web::Response AdminSettings(Deps& d, web::Request& req);
web::Response AdminSavePattern(Deps& d, web::Request& req);
web::Response AdminAddGenre(Deps& d, web::Request& req);
web::Response AdminSaveInterpretation(Deps& d, web::Request& req);

// --- Pickers and the editor's paste cleaner (pickers.cc) -------------------
// The record form's catalog-item picker: the items grouped by domain and
// 一级事项 ({"groups":[{"label","domain_id","items":[{"id","label",
// "selected"}]}], "none_selected", "other"?}).
nlohmann::json CatalogPicker(Service& service, const RecordInput& in);
// The record page's related-record search (?rel_q=…) without JavaScript:
// {"q", "searched", "results":[…], "error"?}.
nlohmann::json RelatedSearch(Service& service, const web::Request& req,
                             int64_t record_id);
web::Response AdminLookup(Deps& d, web::Request& req);
web::Response AdminCleanPaste(Deps& d, web::Request& req);

// The files of a multipart upload (field "file"), each added on its own.
// Good files stay even when another fails; the first failure is returned
// with its file's name and the names of the files that were added.
absl::Status AttachFiles(Service& service, const Actor& actor, int64_t id,
                         const std::vector<web::FormPart>& parts);

}  // namespace zwgk::publishing::http_internal

#endif  // ZWGK_PUBLISHING_HTTP_INTERNAL_H_
