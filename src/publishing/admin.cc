// The staff pages: record lists with due drafts, the record form and one
// route per action of the record page, 指南/制度 pages, 索引号 patterns
// and genres.
#include <algorithm>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "content/body.h"
#include "core/clock.h"
#include "core/form_errors.h"
#include "core/guard.h"
#include "core/text.h"
#include "privacy/scan.h"
#include "publishing/http_internal.h"

namespace zwgk::publishing::http_internal {
namespace {

using nlohmann::json;
using web::FormValue;
using web::ParseId;
using web::Request;
using web::Response;

// The record form's fields in the order it shows them (error summary).
constexpr FormField kRecordFormOrder[] = {{"title", "r-title"},
                                          {"unit", "r-unit"},
                                          {"domain", "r-domain"},
                                          {"catalog_item_id", "r-item"},
                                          {"formed_on", "r-formed"},
                                          {"changed_on", "r-changed"},
                                          {"topic", "r-topic"},
                                          {"genre", "r-genre"},
                                          {"doc_number", "r-doc"},
                                          {"doc_class", "r-doc-class"},
                                          {"registration_number", "r-reg"},
                                          {"valid_until", "r-valid"},
                                          {"disclosure", "r-disclosure"},
                                          {"withheld_ground", "r-ground"},
                                          {"keywords", "r-keywords"},
                                          {"body_html", "r-body"},
                                          {"file", "a-file"}};

// The new-record form, with the error of a failed save.
Response NewRecordPage(Deps& d, Request& req, const RecordInput& in,
                       const absl::Status& error) {
  Service& service = d.service;
  org::Service& org = d.org;
  const View& view = d.view;
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  json ctx =
      RecordForm(in, GetFieldErrors(error), service, org, *req.principal);
  ctx["action"] = "/admin/records";
  ctx["is_new"] = true;
  ctx["error"] = error.ok() ? "" : std::string(error.message());
  ctx["error_summary"] = ErrorSummary(error, kRecordFormOrder);
  return view.Page(
      req, "publishing/admin_edit", ctx,
      {.title = "新建信息",
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                       {{"name", "信息发布"}, {"url", "/admin/records"}},
                       {{"name", "新建"}}}});
}

// The 保密审查 section (publishing/_privacy): findings grouped by kind, with
// masked previews only, the attachments not scanned, the reasons kept, the
// 一键脱敏 and 重新检查 forms (returning to `back`), and a reason field per
// open kind with what a refused publish form `sent`. Null for whoever may
// not see findings.
json PrivacySection(Deps& d, const Actor& me, int64_t id,
                    const std::map<std::string, std::string>& sent,
                    absl::string_view back) {
  auto rep = d.service.Privacy(me, id);
  if (!rep.ok()) return json();
  json groups = json::array(), open = json::array();
  for (privacy::Kind k : privacy::kAllKinds) {
    std::string name(privacy::KindName(k));
    json rows = json::array();
    int64_t count = 0;
    for (const PrivacyFinding& f : rep->findings) {
      if (f.kind != name) continue;
      rows.push_back(
          {{"source", f.source}, {"place", f.place}, {"preview", f.preview}});
      count += f.count();
    }
    if (rows.empty()) continue;
    auto kept = rep->reasons.find(name);
    json g = {{"kind", name},
              {"label", privacy::KindLabel(k)},
              {"count", count},
              {"findings", rows},
              {"open", kept == rep->reasons.end()},
              {"reason", kept == rep->reasons.end() ? "" : kept->second}};
    groups.push_back(g);
    if (kept != rep->reasons.end()) continue;
    auto s = sent.find(name);
    g["field"] = absl::StrCat("privacy_reasons[", name, "]");
    g["field_id"] = absl::StrCat("pr-", name);
    g["sent"] = s == sent.end() ? "" : s->second;
    open.push_back(g);
  }
  json unread = json::array(), unmaskable = json::array();
  for (const auto& [file, why] : rep->not_scanned)
    unread.push_back({{"filename", file}, {"reason", why}});
  for (const std::string& file : rep->unmaskable)
    unmaskable.push_back({{"filename", file}});
  std::string base = absl::StrCat("/admin/records/", id, "/privacy/");
  return {{"scanned", !rep->scanned_at.empty()},
          {"scanned_at", LocalMinute(rep->scanned_at)},
          {"groups", groups},
          {"has_findings", !groups.empty()},
          {"open", open},
          {"has_open", !open.empty()},
          {"not_scanned", unread},
          {"has_not_scanned", !unread.empty()},
          {"unmaskable", unmaskable},
          {"has_unmaskable", !unmaskable.empty()},
          {"scan_action", absl::StrCat(base, "scan")},
          {"mask_action", absl::StrCat(base, "mask")},
          {"back", back}};
}

// The record page with its action forms; `in` and `error` of a failed
// save or action, `done` the message of a successful one.
Response EditPage(Deps& d, Request& req, int64_t id,
                  std::optional<RecordInput> in, const absl::Status& error,
                  const std::string& done) {
  Service& service = d.service;
  org::Service& org = d.org;
  const View& view = d.view;
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  auto r = service.GetFor(&*req.principal, id);
  if (!r.ok()) return web::Error(r.status());
  if (!ActsForUnit(*req.principal, r->unit_id))
    return web::Error(absl::NotFoundError("信息不存在"));
  json ctx = RecordForm(in.value_or(InputOf(*r)), GetFieldErrors(error),
                        service, org, *req.principal);
  ctx["record"] = ListItemJson(*r);
  ctx["record"]["review_remarks"] = r->review_remarks;
  ctx["record"]["reviewed_by"] = r->reviewed_by;
  ctx["record"]["review_rejected"] = r->review_outcome == "rejected";
  ctx["record"]["preview_url"] =
      absl::StrCat("/admin/records/", id, "/preview");
  ctx["record"]["unpublish_reason"] = r->unpublish_reason;
  ctx["record"]["period_label"] = r->period_label;
  ctx["record"]["public"] = IsPublic(*r);
  ctx["record"]["version"] = r->version;
  ctx["record"]["doc_class"] = DocClassJson(*r);
  ctx["action"] = absl::StrCat("/admin/records/", id);
  ctx["error_summary"] = ErrorSummary(error, kRecordFormOrder);
  ctx["error"] = error.ok() ? "" : std::string(error.message());
  ctx["done"] = done;
  Status ws = r->pending_change ? r->pending_status : r->status;
  ctx["can_edit"] = ws == Status::kDraft || ws == Status::kUnpublished ||
                    (r->status == Status::kPublished && !r->pending_change);
  ctx["can_submit"] = ws == Status::kDraft || ws == Status::kUnpublished;
  const Actor& me = *req.principal;
  bool may_review = MayReview(me, *r);
  ctx["can_review"] = ws == Status::kSubmitted && may_review;
  // Everyone else sees that the record waits, and why not for them.
  ctx["waiting_review"] = ws == Status::kSubmitted && !may_review;
  ctx["own_draft"] = me.name == r->drafted_by || me.name == r->submitted_by ||
                     me.name == r->created_by;
  ctx["can_publish"] = ws == Status::kReviewed &&
                       r->disclosure == Disclosure::kActive &&
                       MayPublish(me, *r);
  ctx["waiting_publish"] = ws == Status::kReviewed &&
                           r->disclosure == Disclosure::kActive &&
                           !MayPublish(me, *r);
  if (auto reviews = service.Reviews(id); reviews.ok()) {
    json rows = json::array();
    for (auto it = reviews->rbegin(); it != reviews->rend(); ++it)
      rows.push_back(
          {{"approved", it->outcome == "approved"},
           {"outcome", it->outcome == "approved" ? "通过" : "退回修改"},
           {"remarks", it->remarks},
           {"reviewer", it->reviewer},
           {"at", LocalMinute(it->at)},
           {"of_change", it->of_change}});
    ctx["reviews"] = rows;
    ctx["has_reviews"] = !rows.empty();
  }
  ctx["can_unpublish"] = r->status == Status::kPublished;
  ctx["can_discard"] = r->pending_change.has_value();
  ctx["can_attach"] =
      r->status == Status::kDraft || r->status == Status::kUnpublished;
  ctx["is_published"] = r->version > 0;
  ctx["is_change"] = r->status == Status::kPublished;
  json atts = json::array();
  for (const Attachment& a : r->attachments)
    atts.push_back(
        {{"id", a.id},
         {"filename", a.filename},
         {"size", FormatSize(a.size)},
         {"original", !a.is_public},
         {"masked_copy", a.original_of.has_value()},
         {"url", absl::StrCat(RecordUrl(id), "/attachments/", a.id)}});
  ctx["attachments"] = atts;
  if (auto t = service.PublishBy(id); t.ok()) {
    json trace = json::array();
    for (const calendar::TraceEntry& e : t->clock.trace) {
      if (e.kind == calendar::TraceKind::kCounted && e.number > 2 &&
          e.number + 2 < t->clock.total)
        continue;  // the middle of the count is unremarkable
      trace.push_back({{"day", absl::FormatCivilTime(e.day)},
                       {"text", e.text},
                       {"counted", e.kind == calendar::TraceKind::kCounted}});
    }
    ctx["timeliness"] = {{"start", t->start},
                         {"period", t->period_label},
                         {"due", r->publish_by},
                         {"estimate", service.PublishByEstimate(*r)},
                         {"state", calendar::ClockStateLabel(t->clock.state)},
                         {"trace", trace}};
  }
  if (auto ch = service.Channels(id); ch.ok()) {
    json chans = json::array();
    for (const ChannelStatus& c : *ch)
      chans.push_back({{"channel", c.channel},
                       {"required", c.required},
                       {"done_on", c.done_on},
                       {"done_by", c.done_by},
                       {"missing", c.required && c.done_on.empty()}});
    ctx["channels"] = chans;
  }
  if (auto of = service.InterpretationOf(id); of.ok() && *of) {
    const PolicyInterpretation& p = **of;
    ctx["interpretation"] = {{"label", InterpretationLabel(p.judgement)},
                             {"flagged", Flagged(p.judgement)},
                             {"waiver_reason", p.waiver_reason},
                             {"waived_by", p.waived_by},
                             {"waived_at", p.waived_at}};
  }
  if (auto rels = service.Relations(&*req.principal, id); rels.ok()) {
    json out = json::array();
    for (const Relation& rel : *rels)
      out.push_back({{"kind", RelationName(rel.kind)},
                     {"label", RelationLabel(rel.kind)},
                     {"outgoing", rel.outgoing},
                     {"other_id", rel.other_id},
                     {"title", rel.other_title},
                     {"validity", ValidityJson(rel.other_validity)}});
    ctx["relations"] = out;
  }
  json validities = json::array();
  for (Validity v : {Validity::kValid, Validity::kAmended, Validity::kRepealed,
                     Validity::kExpired})
    validities.push_back({{"value", ValidityName(v)},
                          {"label", ValidityLabel(v)},
                          {"selected", r->validity == v}});
  ctx["validities"] = validities;
  ctx["relate"] = RelatedSearch(service, req, id);
  ctx["privacy"] =
      PrivacySection(d, me, id, {}, absl::StrCat("/admin/records/", id));
  return view.Page(
      req, "publishing/admin_edit", ctx,
      {.title = r->title,
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                       {{"name", "信息发布"}, {"url", "/admin/records"}},
                       {{"name", r->title}}}});
}

// The 指南/制度 editor; the page of {slug} when given.
// The page editor's fields in the order it shows them (error summary).
constexpr FormField kPageFormOrder[] = {{"title", "p-title"},
                                        {"body_html", "p-body"}};

// What a refused page or setting form sent, shown again.
struct SentForm {
  std::string title, body_html;  // the page editor
  std::optional<int64_t> unit;   // the 索引号 pattern form of this unit
  std::string pattern, genre;
};

Response PagesPage(Deps& d, Request& req,
                   const absl::Status& error = absl::OkStatus(),
                   const SentForm& sent = {}) {
  Service& service = d.service;
  const View& view = d.view;
  if (auto denied = web::RequireAdmin(req)) return *denied;
  auto pages = service.ListPages();
  if (!pages.ok()) return web::Error(pages.status());
  std::string slug = req.Param("slug");
  json ps = json::array();
  json current;
  for (const PortalPage& p : *pages) {
    ps.push_back({{"slug", p.slug},
                  {"title", p.title},
                  {"url", absl::StrCat("/admin/pages/", p.slug)}});
    if (p.slug == slug)
      current = {{"slug", p.slug},
                 {"title", p.title},
                 {"body_html", content::BodyForTextBox(p.body_html)},
                 {"updated",
                  absl::StrCat(LocalMinute(p.updated_at), " ", p.updated_by)}};
  }
  if (!slug.empty() && current.is_null())
    return web::Error(absl::NotFoundError("页面不存在"));
  if (!error.ok() && !current.is_null()) {
    current["title"] = sent.title;
    current["body_html"] = sent.body_html;
  }
  json errs = json::object();
  for (const auto& [k, v] : GetFieldErrors(error)) errs[k] = v;
  json ctx = {{"pages", ps},
              {"current", current},
              {"error", error.ok() ? "" : std::string(error.message())},
              {"errors", errs},
              {"error_summary", ErrorSummary(error, kPageFormOrder)},
              {"done", req.QueryValue("done").value_or("")}};
  return view.Page(req, "publishing/admin_pages", ctx,
                   {.title = "公开指南与制度",
                    .status = error.ok() ? 200 : web::HttpStatus(error.code()),
                    .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                                    {{"name", "公开指南与制度"}}}});
}

// 索引号 patterns per unit and the genres.
Response SettingsPage(Deps& d, Request& req,
                      const absl::Status& error = absl::OkStatus(),
                      const SentForm& sent = {}) {
  Service& service = d.service;
  org::Service& org = d.org;
  const View& view = d.view;
  if (auto denied = web::RequireAdmin(req)) return *denied;
  auto units = org.ListUnits();
  auto genres = service.Genres();
  if (!units.ok()) return web::Error(units.status());
  if (!genres.ok()) return web::Error(genres.status());
  json us = json::array();
  for (const org::Unit& u : *units) {
    auto pattern = service.IndexPattern(u.id);
    us.push_back({{"id", u.id},
                  {"name", u.name},
                  {"credit_code", u.credit_code},
                  {"no_code", u.credit_code.empty()},
                  {"pattern", !error.ok() && sent.unit == u.id ? sent.pattern
                              : pattern.ok()                   ? *pattern
                                                               : ""}});
  }
  // The refused form's fields: a unit's pattern (its row) or a new genre.
  const std::string pattern_id =
      sent.unit ? absl::StrCat("pat-", *sent.unit) : "";
  std::vector<FormField> order = {{"name", "g-name"}};
  if (sent.unit) order.insert(order.begin(), FormField{"pattern", pattern_id});
  auto interp = service.GetInterpretationSettings();
  if (!interp.ok()) return web::Error(interp.status());
  json marks = json::array();
  for (const std::string& g : *genres) {
    if (g == kInterpretationGenre) continue;
    marks.push_back(
        {{"name", g},
         {"checked", std::find(interp->genres.begin(), interp->genres.end(),
                               g) != interp->genres.end()}});
  }
  json ctx = {{"units", us},
              {"genres", *genres},
              {"interpretation_genres", marks},
              {"late_after_days", interp->late_after_days},
              {"error", error.ok() ? "" : std::string(error.message())},
              {"error_summary", ErrorSummary(error, order)},
              {"genre", sent.genre},
              {"done", req.QueryValue("done").value_or("")}};
  for (const auto& [k, v] : GetFieldErrors(error)) ctx["errors"][k] = v;
  return view.Page(req, "publishing/admin_settings", ctx,
                   {.title = "索引号与体裁",
                    .status = error.ok() ? 200 : web::HttpStatus(error.code()),
                    .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                                    {{"name", "索引号与体裁"}}}});
}

// Runs a staff action on record {id} from a form: redirects back with
// `done`, or shows the record page with the error (404s stay 404s).
Response RunAction(
    Deps& d, Request& req, absl::string_view done,
    const std::function<absl::Status(const Actor&, int64_t)>& act) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("信息不存在"));
  absl::Status s = act(*req.principal, *id);
  if (!s.ok()) {
    if (absl::IsNotFound(s)) return web::Error(s);
    return EditPage(d, req, *id, std::nullopt, s, "");
  }
  return web::Redirect(
      absl::StrCat("/admin/records/", *id, "?done=", web::UrlEncode(done)));
}

// The staff list's own filters on top of the shared ones: the search text
// (bounded), the due state and the order, kept in the pager links.
absl::StatusOr<Filters> StaffFilters(Deps& d, Request& req) {
  constexpr size_t kMaxSearchChars = 60;
  ZWGK_ASSIGN_OR_RETURN(Filters f, ParseFilters(req, d.service, d.org));
  std::vector<std::string> parts;
  if (!f.base_query.empty()) parts.push_back(f.base_query);
  if (auto v = req.QueryValue("q")) {
    std::string text(absl::StripAsciiWhitespace(*v));
    if (Utf8Length(text) > kMaxSearchChars)
      return InvalidFields(
          "搜索词过长",
          {{"q", absl::StrCat("搜索词不能超过", kMaxSearchChars, "个字")}});
    if (!text.empty()) {
      f.query.text = text;
      parts.push_back(absl::StrCat("q=", web::UrlEncode(text)));
    }
  }
  if (auto v = req.QueryValue("due"); v && !v->empty()) {
    f.query.due = ParseDueFilter(*v);
    if (!f.query.due)
      return InvalidFields("时限状态有误", {{"due", "应为逾期、临近或按期"}});
    parts.push_back(
        absl::StrCat("due=", std::string(DueFilterName(*f.query.due))));
  }
  if (auto v = req.QueryValue("sort"); v && !v->empty()) {
    std::optional<ListSort> sort = ParseListSort(*v);
    if (!sort)
      return InvalidFields("排序方式有误",
                           {{"sort", "应为最近更新、成文日期或应发布日期"}});
    f.query.sort = *sort;
    if (*sort != ListSort::kUpdated)
      parts.push_back(absl::StrCat("sort=", std::string(ListSortName(*sort))));
  }
  f.base_query = absl::StrJoin(parts, "&");
  return f;
}

// The preview's banner text: what the public does not see yet.
std::string PreviewNote(const Record& r) {
  if (r.disclosure != Disclosure::kActive)
    return absl::StrCat("本信息为“", std::string(DisclosureLabel(r.disclosure)),
                        "”，不在门户发布；以下为其内容预览。");
  if (r.pending_change)
    return "以下为待发布的变更内容，公众目前看到的仍是现行版本。";
  if (r.status == Status::kPublished) return "本信息已公开，与公开页面一致。";
  return "以下为发布后公众将看到的页面，索引号和发布日期在发布时生成。";
}

}  // namespace

Response AdminPreview(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("信息不存在"));
  auto r = d.service.Preview(*req.principal, *id);
  if (!r.ok()) return web::Error(r.status());
  // As the public will see it: only relations to public records.
  auto relations = d.service.Relations(nullptr, *id);
  auto versions = d.service.Versions(*id);
  if (!relations.ok()) return web::Error(relations.status());
  if (!versions.ok()) return web::Error(versions.status());
  json ctx = DetailJson(d.service, *r, nullptr, *relations, *versions,
                        {.title = r->title,
                         .doc_number = r->doc_number,
                         .body_html = r->body_html});
  if (r->index_number.empty()) ctx["index_number"] = "（发布时生成）";
  if (r->status != Status::kPublished || r->pending_change)
    ctx["published_on"] = "（发布时填写）";
  ctx["preview_note"] = PreviewNote(*r);
  ctx["is_public_now"] = IsPublic(*r) && !r->pending_change;
  ctx["back_url"] = absl::StrCat("/admin/records/", *id);
  return d.view.Page(
      req, "publishing/detail", ctx,
      {.title = absl::StrCat("预览：", r->title),
       .breadcrumbs = {
           {{"name", "管理后台"}, {"url", "/admin"}},
           {{"name", "信息发布"}, {"url", "/admin/records"}},
           {{"name", r->title}, {"url", absl::StrCat("/admin/records/", *id)}},
           {{"name", "预览"}}}});
}

namespace {

// The publication's confirmation page; `error` and `sent` of a refused
// publish form (shown again with its reasons), `done` of a 脱敏/重新检查.
Response PublishPage(Deps& d, Request& req, std::optional<int64_t> id,
                     const absl::Status& error, const PublishInput& sent,
                     const std::string& done) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  if (!id) return web::Error(absl::NotFoundError("信息不存在"));
  auto r = d.service.Preview(*req.principal, *id);
  if (!r.ok()) return web::Error(r.status());
  auto places = d.service.Placements(*r);
  if (!places.ok()) return web::Error(places.status());
  Status ws = r->pending_change ? r->pending_status : r->status;
  json rows = json::array();
  for (const Placement& p : *places)
    rows.push_back({{"kind", p.kind}, {"name", p.name}, {"url", p.url}});
  std::string refusal;
  if (r->disclosure != Disclosure::kActive)
    refusal =
        absl::StrCat("公开属性为“", std::string(DisclosureLabel(r->disclosure)),
                     "”的信息不在门户发布。");
  else if (ws != Status::kReviewed)
    refusal = absl::StrCat("信息当前为“", std::string(StatusLabel(ws)),
                           "”，须先通过保密审查才能发布。");
  else if (!MayPublish(*req.principal, *r))
    refusal = "只有本单位审核人员或县政务公开办可以发布信息。";
  // A policy without its interpretation: the reviewer says why (政策解读
  // 三同步).
  absl::StatusOr<bool> needs_waiver = d.service.NeedsWaiver(*id);
  if (!needs_waiver.ok()) return web::Error(needs_waiver.status());
  json ctx = {{"id", *id},
              {"needs_waiver", *needs_waiver},
              {"title", r->title},
              {"unit", r->unit_name},
              {"is_change", r->pending_change.has_value()},
              {"places", rows},
              {"refusal", refusal},
              {"can_publish", refusal.empty()},
              {"action", absl::StrCat("/admin/records/", *id, "/publish")},
              {"preview_url", absl::StrCat("/admin/records/", *id, "/preview")},
              {"back_url", absl::StrCat("/admin/records/", *id)},
              {"waiver", sent.interpretation_waiver},
              {"error", error.ok() ? "" : std::string(error.message())},
              {"done", done}};
  ctx["privacy"] =
      PrivacySection(d, *req.principal, *id, sent.privacy_reasons,
                     absl::StrCat("/admin/records/", *id, "/publish"));
  return d.view.Page(
      req, "publishing/admin_publish", ctx,
      {.title = absl::StrCat("确认发布：", r->title),
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {
           {{"name", "管理后台"}, {"url", "/admin"}},
           {{"name", "信息发布"}, {"url", "/admin/records"}},
           {{"name", r->title}, {"url", absl::StrCat("/admin/records/", *id)}},
           {{"name", "确认发布"}}}});
}

// The reasons per kind of a publish form: privacy_reasons[<kind>] fields
// (the service checks kinds and lengths).
std::map<std::string, std::string> PrivacyReasons(
    const std::multimap<std::string, std::string>& form) {
  constexpr absl::string_view kPrefix = "privacy_reasons[";
  constexpr size_t kMaxKinds = 16;
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : form) {
    absl::string_view k = key;
    if (!absl::ConsumePrefix(&k, kPrefix) || !absl::ConsumeSuffix(&k, "]"))
      continue;
    if (out.size() >= kMaxKinds) break;
    out[std::string(k)] = value;
  }
  return out;
}

// 一键脱敏 and 重新检查: back to the page they came from (the record page or
// the publish confirmation), with the outcome or the error.
Response PrivacyAction(
    Deps& d, Request& req, absl::string_view done,
    const std::function<absl::Status(const Actor&, int64_t)>& act) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("信息不存在"));
  std::string publish_page = absl::StrCat("/admin/records/", *id, "/publish");
  bool from_publish = FormValue(req.Form(), "back") == publish_page;
  absl::Status s = act(*req.principal, *id);
  if (absl::IsNotFound(s)) return web::Error(s);
  if (!s.ok())
    return from_publish ? PublishPage(d, req, id, s, {}, "")
                        : EditPage(d, req, *id, std::nullopt, s, "");
  return web::Redirect(absl::StrCat(
      from_publish ? publish_page : absl::StrCat("/admin/records/", *id),
      "?done=", web::UrlEncode(done), "#privacy"));
}

}  // namespace

Response AdminPublishConfirm(Deps& d, Request& req) {
  return PublishPage(d, req, ParseId(req.Param("id")), absl::OkStatus(), {},
                     req.QueryValue("done").value_or(""));
}

Response AdminPrivacyScan(Deps& d, Request& req) {
  return PrivacyAction(d, req, "已重新检查个人信息",
                       [&](const Actor& a, int64_t id) {
                         return d.service.ScanPrivacy(a, id).status();
                       });
}

Response AdminPrivacyMask(Deps& d, Request& req) {
  return PrivacyAction(
      d, req,
      "已脱敏：正文和可处理的附件中的个人信息已遮盖，原件已保留且不公开",
      [&](const Actor& a, int64_t id) {
        return d.service.MaskPrivacy(a, id).status();
      });
}

Response AdminList(Deps& d, Request& req) {
  Service& service = d.service;
  org::Service& org = d.org;
  const View& view = d.view;
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  auto f = StaffFilters(d, req);
  if (!f.ok()) return web::Error(f.status());
  auto page = service.ListForStaff(*req.principal, f->query);
  if (!page.ok()) return web::Error(page.status());
  auto due = service.Due(*req.principal);
  if (!due.ok()) return web::Error(due.status());
  json items = json::array();
  for (const Record& r : page->records) {
    json j = ListItemJson(r);
    j["estimate"] = service.PublishByEstimate(r);
    DueInfo due = service.DueOf(r);
    j["due_label"] = DueLabel(due);
    j["due_late"] =
        due.state == DueState::kOverdue || due.state == DueState::kLate;
    j["due_soon"] = due.state == DueState::kDueSoon;
    items.push_back(j);
  }
  json dues = json::array();
  for (const DueRecord& due_record : *due) {
    json j = ListItemJson(due_record.record);
    j["estimate"] = service.PublishByEstimate(due_record.record);
    j["overdue"] = due_record.state == calendar::ClockState::kOverdue;
    j["overdue_by"] = due_record.overdue_by;
    j["remaining"] = due_record.remaining;
    j["due_label"] =
        DueLabel(due_record.state == calendar::ClockState::kOverdue
                     ? DueInfo{DueState::kOverdue, due_record.overdue_by}
                     : DueInfo{DueState::kDueSoon, due_record.remaining});
    dues.push_back(j);
  }
  json statuses = json::array();
  for (Status s : {Status::kDraft, Status::kSubmitted, Status::kReviewed,
                   Status::kPublished, Status::kUnpublished})
    statuses.push_back({{"value", StatusName(s)},
                        {"label", StatusLabel(s)},
                        {"selected", f->query.status == s}});
  json due_filters = json::array();
  for (DueFilter df :
       {DueFilter::kOverdue, DueFilter::kDueSoon, DueFilter::kOnTime})
    due_filters.push_back(
        {{"value", DueFilterName(df)},
         {"label", df == DueFilter::kOverdue   ? "逾期（含逾期发布）"
                   : df == DueFilter::kDueSoon ? "临近发布时限"
                                               : "按期发布"},
         {"selected", f->query.due == df}});
  json sorts = json::array();
  for (ListSort so : {ListSort::kUpdated, ListSort::kFormed, ListSort::kDue})
    sorts.push_back(
        {{"value", ListSortName(so)},
         {"label", so == ListSort::kUpdated  ? "最近更新在前"
                   : so == ListSort::kFormed ? "成文日期（新→旧）"
                                             : "应发布日期（早→晚）"},
         {"selected", f->query.sort == so}});
  json units = json::array(), domains = json::array();
  bool county = IsAdmin(*req.principal);
  if (county) {
    if (auto all = org.ListUnits(); all.ok())
      for (const org::Unit& u : *all)
        units.push_back({{"value", u.id},
                         {"label", u.name},
                         {"selected", f->query.unit_id == u.id}});
  }
  if (auto all = org.ListDomains(); all.ok())
    for (const org::Domain& dm : *all)
      domains.push_back({{"value", dm.id},
                         {"label", dm.name},
                         {"selected", f->query.domain_id == dm.id}});
  bool filtered = !f->base_query.empty();
  json ctx = {{"records", items},
              {"total", page->total},
              {"links", PageLinks(*page, f->base_query)},
              {"due", dues},
              {"has_due", !dues.empty()},
              {"statuses", statuses},
              {"due_filters", due_filters},
              {"sorts", sorts},
              {"units", units},
              {"pick_unit", county},
              {"domains", domains},
              {"q", f->query.text},
              {"filtered", filtered},
              {"done", req.QueryValue("done").value_or("")}};
  return view.Page(req, "publishing/admin_list", ctx,
                   {.title = "信息发布",
                    .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                                    {{"name", "信息发布"}}}});
}

Response AdminNewForm(Deps& d, Request& req) {
  RecordInput in{.unit = req.principal && req.principal->unit_id
                             ? absl::StrCat(*req.principal->unit_id)
                             : "",
                 .domain = req.QueryValue("domain").value_or(""),
                 .genre = "通知"};
  if (auto item = req.QueryValue("item")) {
    int64_t id = 0;
    if (absl::SimpleAtoi(*item, &id)) in.catalog_item_id = id;
  }
  return NewRecordPage(d, req, in, absl::OkStatus());
}

Response AdminCreate(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  if (auto refused = RefuseClientTimeInForm(d, req, 0)) return *refused;
  RecordInput in = InputFromForm(req.Form());
  auto rec = d.service.Create(*req.principal, in);
  if (!rec.ok()) {
    if (absl::IsNotFound(rec.status())) return web::Error(rec.status());
    return NewRecordPage(d, req, in, rec.status());
  }
  return web::Redirect(absl::StrCat("/admin/records/", rec->id,
                                    "?done=", web::UrlEncode("已保存草稿")));
}

Response AdminShow(Deps& d, Request& req) {
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("信息不存在"));
  return EditPage(d, req, *id, std::nullopt, absl::OkStatus(),
                  req.QueryValue("done").value_or(""));
}

Response AdminUpdate(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("信息不存在"));
  if (auto refused = RefuseClientTimeInForm(d, req, *id)) return *refused;
  RecordInput in = InputFromForm(req.Form());
  auto rec = d.service.Update(*req.principal, *id, in);
  if (!rec.ok()) {
    if (absl::IsNotFound(rec.status())) return web::Error(rec.status());
    return EditPage(d, req, *id, in, rec.status(), "");
  }
  return web::Redirect(
      absl::StrCat("/admin/records/", *id, "?done=", web::UrlEncode("已保存")));
}

Response AdminSubmit(Deps& d, Request& req) {
  return RunAction(d, req, "已提交审查", [&](const Actor& a, int64_t id) {
    return d.service.Submit(a, id).status();
  });
}

Response AdminReview(Deps& d, Request& req) {
  auto form = req.Form();
  std::string outcome = FormValue(form, "outcome");
  return RunAction(d, req, outcome == "approved" ? "审查通过" : "已退回修改",
                   [&](const Actor& a, int64_t id) {
                     return d.service
                         .Review(a, id, {outcome, FormValue(form, "remarks")})
                         .status();
                   });
}

Response AdminPublish(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  if (auto refused =
          RefuseClientTimeInForm(d, req, ParseId(req.Param("id")).value_or(0)))
    return *refused;
  // Publishing goes through the confirmation page (where it will appear);
  // a form without its confirmation lands there.
  if (FormValue(req.Form(), "confirm") != "1") {
    std::optional<int64_t> id = ParseId(req.Param("id"));
    if (!id) return web::Error(absl::NotFoundError("信息不存在"));
    return web::Redirect(absl::StrCat("/admin/records/", *id, "/publish"));
  }
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("信息不存在"));
  auto form = req.Form();
  PublishInput in{
      .interpretation_waiver = FormValue(form, "interpretation_waiver"),
      .privacy_reasons = PrivacyReasons(form)};
  absl::Status s = d.service.Publish(*req.principal, *id, in).status();
  if (absl::IsNotFound(s)) return web::Error(s);
  // Refused (personal data without a reason, a missing interpretation …):
  // the confirmation again, with the message and what was typed.
  if (!s.ok()) return PublishPage(d, req, id, s, in, "");
  return web::Redirect(
      absl::StrCat("/admin/records/", *id, "?done=", web::UrlEncode("已发布")));
}

Response AdminUnpublish(Deps& d, Request& req) {
  auto form = req.Form();
  return RunAction(d, req, "已撤回", [&](const Actor& a, int64_t id) {
    return d.service.Unpublish(a, id, FormValue(form, "reason")).status();
  });
}

Response AdminDiscard(Deps& d, Request& req) {
  return RunAction(d, req, "已放弃变更", [&](const Actor& a, int64_t id) {
    return d.service.DiscardChange(a, id).status();
  });
}

Response AdminValidity(Deps& d, Request& req) {
  auto form = req.Form();
  return RunAction(d, req, "已更新有效性", [&](const Actor& a, int64_t id) {
    std::optional<int64_t> by = ParseId(FormValue(form, "replaced_by"));
    return d.service
        .SetValidity(a, id,
                     {FormValue(form, "validity"), FormValue(form, "on"), by})
        .status();
  });
}

Response AdminAttach(Deps& d, Request& req) {
  return RunAction(d, req, "已上传附件", [&](const Actor& a, int64_t id) {
    return AttachFiles(d.service, a, id, req.Parts());
  });
}

Response AdminDetach(Deps& d, Request& req) {
  auto form = req.Form();
  return RunAction(d, req, "已删除附件", [&](const Actor& a, int64_t id) {
    std::optional<int64_t> aid = ParseId(FormValue(form, "attachment"));
    return aid ? d.service.RemoveAttachment(a, id, *aid)
               : absl::NotFoundError("附件不存在");
  });
}

Response AdminRelate(Deps& d, Request& req) {
  auto form = req.Form();
  return RunAction(d, req, "已添加关联", [&](const Actor& a, int64_t id) {
    std::optional<int64_t> to = ParseId(FormValue(form, "to"));
    if (!to) return InvalidFields("关联有误", {{"to", "请填写关联信息的编号"}});
    return d.service.Relate(a, id, FormValue(form, "kind"), *to);
  });
}

Response AdminUnrelate(Deps& d, Request& req) {
  auto form = req.Form();
  return RunAction(d, req, "已删除关联", [&](const Actor& a, int64_t id) {
    std::optional<int64_t> to = ParseId(FormValue(form, "to"));
    if (!to) return InvalidFields("关联有误", {{"to", "请填写关联信息的编号"}});
    return d.service.Unrelate(a, id, FormValue(form, "kind"), *to);
  });
}

Response AdminChannel(Deps& d, Request& req) {
  auto form = req.Form();
  return RunAction(d, req, "已登记渠道发布", [&](const Actor& a, int64_t id) {
    return d.service.MarkChannel(a, id, FormValue(form, "channel"),
                                 FormValue(form, "on"));
  });
}

absl::Status AttachFiles(Service& service, const Actor& actor, int64_t id,
                         const std::vector<web::FormPart>& parts) {
  bool any = false;
  absl::Status first;
  std::string failed;
  std::vector<std::string> added;
  for (const web::FormPart& p : parts) {
    if (p.name != "file" || p.filename.empty()) continue;
    any = true;
    absl::StatusOr<Attachment> a =
        service.AddAttachment(actor, id, p.filename, p.data);
    if (a.ok()) {
      added.push_back(a->filename);
    } else if (first.ok()) {
      first = a.status();
      failed = p.filename;
    }
  }
  if (!any)
    return InvalidFields("请选择文件", {{"file", "请选择要上传的附件"}});
  // A record the caller may not see stays a plain 404.
  if (first.ok() || absl::IsNotFound(first)) return first;
  std::string message(first.message());
  if (!absl::StrContains(message, failed))
    message = absl::StrCat("附件“", failed, "”未上传：", message);
  if (!added.empty())
    absl::StrAppend(&message, "（其余附件已上传：", absl::StrJoin(added, "、"),
                    "）");
  absl::Status out(first.code(), message);
  first.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
    out.SetPayload(url, payload);
  });
  return out;
}

Response AdminPages(Deps& d, Request& req) { return PagesPage(d, req); }

Response AdminSavePage(Deps& d, Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  auto f = req.Form();
  auto saved =
      d.service.SavePage(*req.principal, req.Param("slug"),
                         FormValue(f, "title"), FormValue(f, "body_html"));
  if (!saved.ok()) {
    if (absl::IsNotFound(saved.status())) return web::Error(saved.status());
    return PagesPage(d, req, saved.status(),
                     {.title = FormValue(f, "title"),
                      .body_html = FormValue(f, "body_html")});
  }
  return web::Redirect(absl::StrCat("/admin/pages/", saved->slug,
                                    "?done=", web::UrlEncode("已保存")));
}

Response AdminSettings(Deps& d, Request& req) { return SettingsPage(d, req); }

Response AdminSavePattern(Deps& d, Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  auto f = req.Form();
  std::optional<int64_t> unit = ParseId(FormValue(f, "unit"));
  absl::Status st = unit ? d.service.SetIndexPattern(*req.principal, *unit,
                                                     FormValue(f, "pattern"))
                         : absl::NotFoundError("单位不存在");
  if (!st.ok())
    return SettingsPage(d, req, st,
                        {.unit = unit, .pattern = FormValue(f, "pattern")});
  return web::Redirect("/admin/publishing?done=" +
                       web::UrlEncode("已保存索引号格式"));
}

// 政策解读 三同步: the working days an interpretation may follow its policy
// and the genres that need one (checked boxes; only changes are saved).
Response AdminSaveInterpretation(Deps& d, Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  auto f = req.Form();
  int days = 0;
  if (!absl::SimpleAtoi(FormValue(f, "late_after_days"), &days)) days = 0;
  absl::Status st = d.service.SetInterpretationDays(*req.principal, days);
  std::set<std::string> checked;
  auto [from, to] = f.equal_range("genre");
  for (auto it = from; it != to; ++it) checked.insert(it->second);
  auto before = d.service.GetInterpretationSettings();
  auto genres = d.service.Genres();
  if (st.ok() && !before.ok()) st = before.status();
  if (st.ok() && !genres.ok()) st = genres.status();
  if (st.ok()) {
    const std::set<std::string> was(before->genres.begin(),
                                    before->genres.end());
    for (const std::string& g : *genres) {
      const bool needs = checked.count(g) > 0;
      if (g == kInterpretationGenre || needs == (was.count(g) > 0)) continue;
      st = d.service.SetGenreNeedsInterpretation(*req.principal, g, needs);
      if (!st.ok()) break;
    }
  }
  if (!st.ok()) return SettingsPage(d, req, st);
  return web::Redirect("/admin/publishing?done=" +
                       web::UrlEncode("已保存政策解读设置"));
}

Response AdminAddGenre(Deps& d, Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  const std::string name = FormValue(req.Form(), "name");
  absl::Status st = d.service.AddGenre(*req.principal, name);
  if (!st.ok()) return SettingsPage(d, req, st, {.genre = name});
  return web::Redirect("/admin/publishing?done=" +
                       web::UrlEncode("已增加体裁"));
}

}  // namespace zwgk::publishing::http_internal
