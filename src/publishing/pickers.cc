// The pickers of the record form and the body editor's paste cleaner:
// catalog items by 序号 and name instead of an internal number, related
// records by title, 文号 or 索引号 (a GET search on the record page without
// JavaScript, a JSON type-ahead with it), and Word/WPS pastes reduced by
// the server's sanitizer before they reach the editor.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "content/body.h"
#include "core/guard.h"
#include "publishing/http_internal.h"

namespace zwgk::publishing::http_internal {
namespace {

using nlohmann::json;
using web::Request;
using web::Response;

constexpr int kLookupResults = 20;

json LookupJson(const Record& r) {
  return {{"id", r.id},
          {"title", r.title},
          {"doc_number", r.doc_number},
          {"index_number", r.index_number},
          {"unit", r.unit_name},
          {"status_label", StatusLabel(r.status)},
          {"public", IsPublic(r)}};
}

// Matches of `q` for `actor`, without `exclude` (the record being related).
absl::StatusOr<json> LookupResults(Service& service, const Actor& actor,
                                   absl::string_view q,
                                   std::optional<int64_t> exclude) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<Record> found,
                        service.Lookup(actor, q, kLookupResults + 1));
  json out = json::array();
  for (const Record& r : found) {
    if (r.id == exclude || out.size() >= kLookupResults) continue;
    out.push_back(LookupJson(r));
  }
  return out;
}

}  // namespace

json CatalogPicker(Service& service, const RecordInput& in) {
  std::optional<int64_t> domain;
  if (int64_t id = 0; absl::SimpleAtoi(in.domain, &id)) domain = id;
  json groups = json::array();
  bool selected_listed = false;
  if (auto choices = service.CatalogChoices(domain); choices.ok()) {
    for (const CatalogChoice& c : *choices) {
      std::string label = absl::StrCat(c.domain, " › ", c.level1,
                                       c.draft ? "（目录草稿）" : "");
      if (groups.empty() || groups.back()["label"] != label)
        groups.push_back({{"label", label},
                          {"domain_id", c.domain_id},
                          {"items", json::array()}});
      bool selected = in.catalog_item_id == c.item_id;
      selected_listed = selected_listed || selected;
      groups.back()["items"].push_back(
          {{"id", c.item_id},
           {"label", absl::StrCat(c.seq, " ", c.level2)},
           {"selected", selected}});
    }
  }
  json picker = {{"groups", groups}, {"none_selected", !in.catalog_item_id}};
  // An item no longer in the current catalogs stays chosen until changed.
  if (in.catalog_item_id && !selected_listed)
    picker["other"] = {{"id", *in.catalog_item_id},
                       {"label", absl::StrCat("目录事项 ", *in.catalog_item_id,
                                              "（不在现行目录中）")}};
  return picker;
}

json RelatedSearch(Service& service, const Request& req, int64_t record_id) {
  std::string q = req.QueryValue("rel_q").value_or("");
  json out = {{"q", q}, {"searched", false}, {"results", json::array()}};
  if (!req.principal || q.empty()) return out;
  out["searched"] = true;
  absl::StatusOr<json> results =
      LookupResults(service, *req.principal, q, record_id);
  if (results.ok())
    out["results"] = *results;
  else
    out["error"] = std::string(results.status().message());
  return out;
}

// GET /admin/records/lookup?q=…&exclude=ID — staff only; the records the
// caller may relate to, at most 20.
Response AdminLookup(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> exclude;
  if (auto e = req.QueryValue("exclude")) exclude = web::ParseId(*e);
  absl::StatusOr<json> results = LookupResults(
      d.service, *req.principal, req.QueryValue("q").value_or(""), exclude);
  if (!results.ok()) return web::Error(results.status());
  return web::Json({{"records", *results}});
}

// POST /admin/paste (html=…) — staff only; the pasted HTML as a body keeps
// it (Word and WPS markup reduced to headings, paragraphs, lists, tables,
// bold and links), for the editor to insert.
Response AdminCleanPaste(Deps& d, Request& req) {
  (void)d;
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  content::SanitizeResult clean =
      content::SanitizeHtml(web::FormValue(req.Form(), "html"));
  return web::Json({{"html", clean.html}, {"removed", clean.removed}});
}

}  // namespace zwgk::publishing::http_internal
