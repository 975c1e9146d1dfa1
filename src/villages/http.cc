// 村务公开 on the web: the public village pages (/villages), the clerks' and
// towns' pages (/admin/villages) and the API (/api/v1/villages/{id}/…).
// Handlers check who may act, call one service method and render; the
// service authorizes again (another village's postings answer NotFound).
#include "villages/http.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "core/clock.h"
#include "core/form_errors.h"
#include "core/guard.h"
#include "core/json.h"
#include "core/route_binding.h"
#include "core/status.h"

namespace zwgk::villages {
namespace {

using web::FormValue;
using web::ParseId;
using web::Request;
using web::Response;
using Form = std::multimap<std::string, std::string>;
using Json = nlohmann::json;

// A posting of 50000 characters, percent-encoded, is about 450 KB.
constexpr size_t kFormBodyBytes = 512 * 1024;
constexpr size_t kSmallBodyBytes = 16 * 1024;
const JsonLimits kApiJson{.max_depth = 4, .max_bytes = kFormBodyBytes};

struct Deps {
  Service& service;
  org::Service& org;
  const View& view;
};

std::string Str(absl::string_view s) { return std::string(s); }
Json OptDay(const std::optional<absl::CivilDay>& d) {
  return d ? Json(FormatDate(*d)) : Json();
}

// The public reads as the public even when signed in: the public routes
// show published postings only.
Actor PublicActor() { return Actor{}; }

// "2026-Q1" or "2026-03": what forms and the API send back.
std::string PeriodCode(const Period& p) {
  if (p.cadence == Cadence::kQuarterly)
    return absl::StrCat(p.year, "-Q", p.index);
  return absl::StrCat(p.year, p.index < 10 ? "-0" : "-", p.index);
}

Json Paragraphs(absl::string_view text) {
  Json out = Json::array();
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (!line.empty()) out.push_back(Str(line));
  }
  return out;
}

Json FieldErrorsJson(const absl::Status& error) {
  Json err = Json::object();
  for (const auto& [k, v] : GetFieldErrors(error)) err[k] = v;
  return err;
}

// A refusal shown next to the form (the page again), rather than as an
// error page: a field or state problem the person can correct.
bool ShownOnForm(const absl::Status& s) {
  return absl::IsInvalidArgument(s) || absl::IsFailedPrecondition(s);
}

absl::StatusOr<Json> BoundedJson(const Request& req) {
  if (req.body.empty())
    return absl::InvalidArgumentError("请求体为空，应为 JSON 对象");
  absl::StatusOr<Json> j = ParseJson(req.body, kApiJson);
  if (!j.ok())
    return absl::InvalidArgumentError(
        absl::StrCat("请求体", j.status().message()));
  if (!j->is_object())
    return absl::InvalidArgumentError("请求体应为 JSON 对象 {…}");
  return j;
}

// --- Units ------------------------------------------------------------------

// A village or community by id; anything else (a department, a town, an
// unknown id) answers NotFound.
absl::StatusOr<org::Unit> VillageUnit(Deps& d, int64_t id) {
  absl::StatusOr<org::Unit> u = d.org.GetUnit(id);
  if (!u.ok() || !org::IsVillageKind(u->kind) || u->retired)
    return absl::NotFoundError("没有这个村（社区）");
  return u;
}

std::string TownName(Deps& d, std::optional<int64_t> town_id) {
  if (!town_id) return "";
  absl::StatusOr<org::Unit> t = d.org.GetUnit(*town_id);
  return t.ok() ? t->name : "";
}

// The county's towns with their villages and communities, in order.
struct TownWithVillages {
  org::Unit town;
  std::vector<org::Unit> villages;
};
absl::StatusOr<std::vector<TownWithVillages>> TownsWithVillages(Deps& d) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> units,
                        d.org.ListUnits({.include_villages = true}));
  std::vector<TownWithVillages> towns;
  std::map<int64_t, size_t> index;
  for (const org::Unit& u : units) {
    if (u.kind != org::UnitKind::kTown) continue;
    index[u.id] = towns.size();
    towns.push_back({u, {}});
  }
  for (const org::Unit& u : units) {
    if (!org::IsVillageKind(u.kind) || !u.parent_id) continue;
    auto it = index.find(*u.parent_id);
    if (it != index.end()) towns[it->second].villages.push_back(u);
  }
  return towns;
}

// The villages a signed-in person looks after: the office all, a town's
// staff the town's, a clerk of a village that village; nobody else any.
absl::StatusOr<std::vector<org::Unit>> VillagesInScope(
    Deps& d, const Actor& actor, std::optional<int64_t> town) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<TownWithVillages> towns,
                        TownsWithVillages(d));
  std::vector<org::Unit> out;
  for (const TownWithVillages& t : towns) {
    if (town && t.town.id != *town) continue;
    for (const org::Unit& v : t.villages) {
      const bool mine = org::ActsFor(actor, v);
      if (mine) out.push_back(v);
    }
  }
  return out;
}

// --- JSON for pages and the API ----------------------------------------------

std::string PostingUrl(const Posting& p, bool staff) {
  return staff ? absl::StrCat("/admin/villages/postings/", p.id)
               : absl::StrCat("/villages/postings/", p.id);
}

Json PhotosJson(const Posting& p, bool staff) {
  Json out = Json::array();
  for (size_t i = 0; i < p.photos.size(); ++i) {
    const Photo& ph = p.photos[i];
    out.push_back({{"index", i},
                   {"file_name", ph.file_name},
                   {"content_type", ph.content_type},
                   {"size", ph.size},
                   {"uploaded_at", LocalMinute(ph.uploaded_at)},
                   {"taken_at", ph.taken_at ? Json(*ph.taken_at) : Json()},
                   {"url", absl::StrCat(PostingUrl(p, staff), "/photos/", i)}});
  }
  return out;
}

Json PostingJson(const Posting& p, bool staff) {
  Json j = {
      {"id", p.id},
      {"village_id", p.village_id},
      {"village", p.village_name},
      {"town", p.town_name},
      {"kind", Str(KindName(p.kind))},
      {"kind_label", Str(KindLabel(p.kind))},
      {"period", p.period ? Json(PeriodCode(*p.period)) : Json()},
      {"period_label", p.period ? PeriodLabel(*p.period) : Str("重大事项")},
      {"title", p.title},
      {"body", p.body},
      {"paragraphs", Paragraphs(p.body)},
      {"state", Str(PostingStateLabel(p.state))},
      {"published", p.state == PostingState::kPublished},
      {"draft", p.state == PostingState::kDraft},
      {"withdrawn", p.state == PostingState::kWithdrawn},
      {"posted_on", OptDay(p.posted_on)},
      {"photos", PhotosJson(p, staff)},
      {"has_photos", !p.photos.empty()},
      {"url", PostingUrl(p, staff)},
      {"board_a4", absl::StrCat(PostingUrl(p, staff), "/board.pdf?paper=a4")},
      {"board_a3", absl::StrCat(PostingUrl(p, staff), "/board.pdf?paper=a3")},
  };
  if (staff) {
    j["created_by"] = p.created_by;
    j["created_at"] = LocalMinute(p.created_at);
    j["updated_at"] = LocalMinute(p.updated_at);
  }
  return j;
}

Json ObligationJson(const Obligation& o) {
  const std::string prepare =
      absl::StrCat("/admin/villages/", o.village_id, "?kind=", KindName(o.kind),
                   "&period=", PeriodCode(o.period), "#prepare");
  return {{"village_id", o.village_id},
          {"village", o.village_name},
          {"town_id", o.town_id},
          {"kind", Str(KindName(o.kind))},
          {"kind_label", Str(KindLabel(o.kind))},
          {"period", PeriodCode(o.period)},
          {"period_label", PeriodLabel(o.period)},
          {"due_on", FormatDate(o.due_on)},
          {"posting_id", o.posting_id ? Json(*o.posting_id) : Json()},
          {"posting_url",
           o.posting_id
               ? Json(absl::StrCat("/admin/villages/postings/", *o.posting_id))
               : Json()},
          {"prepare_url", prepare},
          {"posted_on", OptDay(o.posted_on)},
          {"photo_missing", o.photo_missing},
          {"timeliness", Str(TimelinessLabel(o.timeliness))},
          {"late", o.timeliness == Timeliness::kLate},
          {"missing", o.timeliness == Timeliness::kMissing},
          {"due_soon", o.timeliness == Timeliness::kDueSoon}};
}

// Kind and period choices for the prepare form.
Json KindOptions(const std::string& selected) {
  Json out = Json::array();
  for (Kind k : kAllKinds) {
    const bool sel = ParseKind(selected) == k;
    out.push_back({{"value", Str(KindName(k))},
                   {"label", Str(KindLabel(k))},
                   {"selected", sel}});
  }
  return out;
}

// --- Public pages
// -------------------------------------------------------------

Response PublicIndex(Deps& d, Request& req) {
  absl::StatusOr<std::vector<TownWithVillages>> towns = TownsWithVillages(d);
  if (!towns.ok()) return web::Error(towns.status());
  Json list = Json::array();
  for (const TownWithVillages& t : *towns) {
    Json villages = Json::array();
    for (const org::Unit& v : t.villages)
      villages.push_back({{"id", v.id},
                          {"name", v.name},
                          {"kind", Str(org::UnitKindLabel(v.kind))}});
    list.push_back({{"id", t.town.id},
                    {"name", t.town.name},
                    {"villages", villages},
                    {"count", t.villages.size()},
                    {"has_villages", !t.villages.empty()}});
  }
  return d.view.Page(
      req, "villages/index", {{"towns", list}, {"has_towns", !list.empty()}},
      {.title = "村（社区）务公开",
       .breadcrumbs = {{{"name", "村（社区）务公开"}, {"url", ""}}}});
}

// Newest first: by period (a major item by its posting day), then day.
void SortNewestFirst(std::vector<Posting>& postings) {
  auto key = [](const Posting& p) {
    absl::CivilDay end = p.period ? PeriodEnd(*p.period)
                                  : p.posted_on.value_or(absl::CivilDay());
    return std::make_pair(end, p.posted_on.value_or(absl::CivilDay()));
  };
  std::stable_sort(
      postings.begin(), postings.end(),
      [&](const Posting& a, const Posting& b) { return key(a) > key(b); });
}

Response PublicVillage(Deps& d, Request& req) {
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("没有这个村（社区）"));
  absl::StatusOr<org::Unit> village = VillageUnit(d, *id);
  if (!village.ok()) return web::Error(village.status());
  absl::StatusOr<std::vector<Posting>> postings =
      d.service.ListForVillage(PublicActor(), *id);
  if (!postings.ok()) return web::Error(postings.status());
  SortNewestFirst(*postings);
  const std::string town = TownName(d, village->parent_id);
  const std::string ask_base = absl::StrCat(
      "/messages/new?unit=", village->parent_id.value_or(0), "&title=");
  Json kinds = Json::array();
  for (Kind k : kAllKinds) {
    Json items = Json::array();
    for (const Posting& p : *postings) {
      if (p.kind != k || p.state != PostingState::kPublished) continue;
      Json j = PostingJson(p, false);
      j["ask_url"] = absl::StrCat(ask_base, web::UrlEncode(p.title));
      if (!p.photos.empty()) j["thumb"] = j["photos"][0];
      items.push_back(std::move(j));
    }
    kinds.push_back({{"kind", Str(KindName(k))},
                     {"label", Str(KindLabel(k))},
                     {"postings", items},
                     {"has_postings", !items.empty()}});
  }
  return d.view.Page(
      req, "villages/village",
      {{"village",
        {{"id", village->id},
         {"name", village->name},
         {"kind", Str(org::UnitKindLabel(village->kind))},
         {"town", town},
         {"contact", village->contact}}},
       {"kinds", kinds},
       {"ask_url", absl::StrCat(ask_base, web::UrlEncode(village->name))}},
      {.title = absl::StrCat(village->name, " 村（社区）务公开"),
       .breadcrumbs = {{{"name", "村（社区）务公开"}, {"url", "/villages"}},
                       {{"name", town}, {"url", "/villages"}},
                       {{"name", village->name}, {"url", ""}}}});
}

// A published posting for the public (drafts and withdrawn ones: 404).
absl::StatusOr<Posting> PublishedPosting(Deps& d, const Request& req) {
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return absl::NotFoundError("公开内容不存在");
  ZWGK_ASSIGN_OR_RETURN(Posting p, d.service.Get(PublicActor(), *id));
  if (p.state != PostingState::kPublished)
    return absl::NotFoundError("公开内容不存在");
  return p;
}

Response PublicPosting(Deps& d, Request& req) {
  absl::StatusOr<Posting> p = PublishedPosting(d, req);
  if (!p.ok()) return web::Error(p.status());
  absl::StatusOr<org::Unit> village = VillageUnit(d, p->village_id);
  Json j = PostingJson(*p, false);
  if (village.ok())
    j["ask_url"] =
        absl::StrCat("/messages/new?unit=", village->parent_id.value_or(0),
                     "&title=", web::UrlEncode(p->title));
  return d.view.Page(
      req, "villages/posting",
      {{"p", j}, {"contact", village.ok() ? village->contact : ""}},
      {.title = p->title,
       .breadcrumbs = {{{"name", "村（社区）务公开"}, {"url", "/villages"}},
                       {{"name", p->village_name},
                        {"url", absl::StrCat("/villages/", p->village_id)}},
                       {{"name", p->title}, {"url", ""}}}});
}

absl::StatusOr<BoardPaper> PaperParam(const Request& req) {
  const std::string paper = req.QueryValue("paper").value_or("a4");
  if (paper == "a4" || paper.empty()) return BoardPaper::kA4;
  if (paper == "a3") return BoardPaper::kA3;
  return InvalidFields("纸张有误", {{"paper", "纸张应为 a4 或 a3"}});
}

Response PdfResponse(const Posting& p, BoardPaper paper, std::string bytes) {
  return web::Download(
             std::move(bytes), "application/pdf",
             absl::StrCat(p.village_name, "-", p.title, "-",
                          paper == BoardPaper::kA3 ? "A3" : "A4", ".pdf"))
      .WithHeader("Cache-Control", "no-store");
}

Response PublicBoardPdf(Deps& d, Request& req) {
  absl::StatusOr<Posting> p = PublishedPosting(d, req);
  if (!p.ok()) return web::Error(p.status());
  absl::StatusOr<BoardPaper> paper = PaperParam(req);
  if (!paper.ok()) return web::Error(paper.status());
  absl::StatusOr<std::string> pdf =
      d.service.BoardPdf(PublicActor(), p->id, *paper);
  if (!pdf.ok()) return web::Error(pdf.status());
  return PdfResponse(*p, *paper, std::move(*pdf));
}

Response PhotoResponse(Deps& d, const Actor& actor, int64_t id,
                       absl::string_view n) {
  int index = 0;
  if (!absl::SimpleAtoi(n, &index) || index < 0 || index > 1000)
    return web::Error(absl::NotFoundError("照片不存在"));
  absl::StatusOr<std::pair<Photo, std::string>> got =
      d.service.PhotoBytes(actor, id, index);
  if (!got.ok()) return web::Error(got.status());
  return web::Text(std::move(got->second), got->first.content_type)
      .WithHeader("Cache-Control", "private, max-age=300");
}

Response PublicPhoto(Deps& d, Request& req) {
  absl::StatusOr<Posting> p = PublishedPosting(d, req);
  if (!p.ok()) return web::Error(p.status());
  return PhotoResponse(d, PublicActor(), p->id, req.Param("n"));
}

// --- Staff pages
// --------------------------------------------------------------

// Per village: the counts of its obligations that need attention.
struct VillageCounts {
  int64_t due_soon = 0, late = 0, missing = 0, photos_missing = 0;
};

Response AdminIndex(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  const Actor& actor = *req.principal;
  std::optional<int64_t> town;
  if (auto t = req.QueryValue("town"); t && !t->empty()) {
    town = ParseId(*t);
    if (!town) return web::Error(absl::NotFoundError("没有这个乡镇"));
  }
  absl::StatusOr<std::vector<org::Unit>> villages =
      VillagesInScope(d, actor, town);
  if (!villages.ok()) return web::Error(villages.status());
  if (villages->empty() && !IsAdmin(actor))
    return web::Error(absl::NotFoundError("没有您负责的村（社区）"));
  const absl::CivilDay today = Today(d.service.clock());
  // The office's and a town's view ask for the town (or all); a clerk for
  // the village.
  std::optional<int64_t> scope = town;
  if (!IsAdmin(actor) && !scope) scope = actor.unit_id;
  absl::StatusOr<std::vector<Obligation>> obligations =
      d.service.Obligations(actor, today, scope);
  if (!obligations.ok()) return web::Error(obligations.status());
  std::map<int64_t, VillageCounts> counts;
  Json problems = Json::array();
  for (const Obligation& o : *obligations) {
    VillageCounts& c = counts[o.village_id];
    c.due_soon += o.timeliness == Timeliness::kDueSoon;
    c.late += o.timeliness == Timeliness::kLate;
    c.missing += o.timeliness == Timeliness::kMissing;
    c.photos_missing += o.photo_missing;
    if (o.timeliness == Timeliness::kDueSoon ||
        o.timeliness == Timeliness::kLate ||
        o.timeliness == Timeliness::kMissing || o.photo_missing)
      problems.push_back(ObligationJson(o));
  }
  Json rows = Json::array();
  for (const org::Unit& v : *villages) {
    const VillageCounts& c = counts[v.id];
    rows.push_back({{"id", v.id},
                    {"name", v.name},
                    {"kind", Str(org::UnitKindLabel(v.kind))},
                    {"town", TownName(d, v.parent_id)},
                    {"due_soon", c.due_soon},
                    {"late", c.late},
                    {"missing", c.missing},
                    {"photos_missing", c.photos_missing},
                    {"bad", c.late + c.missing > 0}});
  }
  return d.view.Page(
      req, "villages/admin_list",
      {{"villages", rows},
       {"has_villages", !rows.empty()},
       {"problems", problems},
       {"has_problems", !problems.empty()},
       {"year", today.year()},
       {"today", FormatDate(today)},
       {"is_admin", IsAdmin(actor)}},
      {.title = "村（社区）务公开",
       .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                       {{"name", "村（社区）务公开"}, {"url", ""}}}});
}

// The prepare form's fields in the order it shows them.
const std::vector<FormField>& PostingFormOrder() {
  static const auto* order =
      new std::vector<FormField>{{"kind"}, {"period"}, {"title"}, {"body"}};
  return *order;
}

Response VillagePage(Deps& d, Request& req, int64_t id, const PostingInput& in,
                     const absl::Status& error) {
  const Actor& actor = *req.principal;
  absl::StatusOr<org::Unit> village = VillageUnit(d, id);
  if (!village.ok()) return web::Error(village.status());
  absl::StatusOr<std::vector<Posting>> postings =
      d.service.ListForVillage(actor, id);
  if (!postings.ok()) return web::Error(postings.status());
  SortNewestFirst(*postings);
  const absl::CivilDay today = Today(d.service.clock());
  absl::StatusOr<std::vector<Obligation>> obligations =
      d.service.Obligations(actor, today, id);
  if (!obligations.ok()) return web::Error(obligations.status());
  Json posts = Json::array();
  for (const Posting& p : *postings) posts.push_back(PostingJson(p, true));
  Json obls = Json::array();
  for (const Obligation& o : *obligations) obls.push_back(ObligationJson(o));
  req.cache_key.clear();
  return d.view.Page(
      req, "villages/admin_village",
      {{"village",
        {{"id", village->id},
         {"name", village->name},
         {"kind", Str(org::UnitKindLabel(village->kind))},
         {"town", TownName(d, village->parent_id)}}},
       {"postings", posts},
       {"has_postings", !posts.empty()},
       {"obligations", obls},
       {"has_obligations", !obls.empty()},
       {"kinds", KindOptions(in.kind.empty() ? "village" : in.kind)},
       {"v", {{"period", in.period}, {"title", in.title}, {"body", in.body}}},
       {"max_title", d.service.options().max_title_chars},
       {"max_body", d.service.options().max_body_chars},
       {"csrf_token", req.csrf_token},
       {"err", FieldErrorsJson(error)},
       {"error_summary",
        ErrorSummary(error, PostingFormOrder(),
                     {.heading = "公开内容未保存，请修改以下内容"})}},
      {.title = absl::StrCat(village->name, " 村（社区）务公开"),
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {
           {{"name", "村（社区）务公开"}, {"url", "/admin/villages"}},
           {{"name", village->name}, {"url", ""}}}});
}

Response AdminVillage(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("没有这个村（社区）"));
  PostingInput in{.kind = req.QueryValue("kind").value_or(""),
                  .period = req.QueryValue("period").value_or("")};
  // Prefilled from an obligation: a title the clerk may change.
  if (std::optional<Kind> k = ParseKind(in.kind); k && !in.period.empty()) {
    if (std::optional<Period> p = ParsePeriod(in.period)) {
      absl::StatusOr<org::Unit> v = VillageUnit(d, *id);
      if (v.ok())
        in.title =
            absl::StrCat(v->name, PeriodLabel(*p), KindLabel(*k), "公开");
    }
  }
  if (in.kind.size() > 20) in.kind.clear();
  if (in.period.size() > 40) in.period.clear();
  return VillagePage(d, req, *id, in, absl::OkStatus());
}

PostingInput InputFromForm(const Form& f) {
  return {.kind = FormValue(f, "kind"),
          .period = FormValue(f, "period"),
          .title = FormValue(f, "title"),
          .body = FormValue(f, "body")};
}

Response AdminCreate(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("没有这个村（社区）"));
  PostingInput in = InputFromForm(req.Form());
  absl::StatusOr<Posting> p = d.service.Create(*req.principal, *id, in);
  if (p.ok())
    return web::Redirect(
        absl::StrCat("/admin/villages/postings/", p->id, "?done=created"));
  if (!ShownOnForm(p.status())) return web::Error(p.status());
  return VillagePage(d, req, *id, in, p.status());
}

// Which form of the posting page a refusal belongs to.
enum class PostingForm { kNone, kEdit, kPublish, kWithdraw, kPhoto };

absl::string_view DoneText(absl::string_view done) {
  if (done == "created") return "已保存为草稿。核对后公开，并打印公示栏张贴。";
  if (done == "saved") return "已保存。";
  if (done == "published") return "已公开，村（社区）页面已显示。";
  if (done == "withdrawn") return "已撤回，公众不再看到。";
  if (done == "photo") return "公示栏照片已上传。";
  return "";
}

Response PostingPage(Deps& d, Request& req, const Posting& p,
                     const absl::Status& error = absl::OkStatus(),
                     PostingForm form = PostingForm::kNone,
                     const Form& sent = {}) {
  req.cache_key.clear();
  Json j = PostingJson(p, true);
  PostingInput shown{.kind = Str(KindName(p.kind)),
                     .period = p.period ? PeriodCode(*p.period) : "",
                     .title = p.title,
                     .body = p.body};
  if (form == PostingForm::kEdit) shown = InputFromForm(sent);
  const Json err = FieldErrorsJson(error);
  std::vector<FormField> order = PostingFormOrder();
  order.push_back({"posted_on"});
  order.push_back({"reason"});
  order.push_back({"photo"});
  Json ctx = {
      {"p", j},
      {"kinds", KindOptions(shown.kind)},
      {"v",
       {{"period", shown.period},
        {"title", shown.title},
        {"body", shown.body}}},
      {"posted_on", form == PostingForm::kPublish
                        ? FormValue(sent, "posted_on")
                        : FormatDate(Today(d.service.clock()))},
      {"reason", FormValue(sent, "reason")},
      {"can_edit", p.state != PostingState::kWithdrawn},
      {"can_publish", p.state != PostingState::kPublished},
      {"can_withdraw", p.state == PostingState::kPublished},
      {"can_upload",
       p.state != PostingState::kWithdrawn &&
           static_cast<int>(p.photos.size()) < d.service.options().max_photos},
      {"max_photo_mb", d.service.options().max_photo_bytes >> 20},
      {"max_title", d.service.options().max_title_chars},
      {"max_body", d.service.options().max_body_chars},
      {"csrf_token", req.csrf_token},
      {"err", err},
      {"failed_edit", form == PostingForm::kEdit},
      {"failed_publish", form == PostingForm::kPublish},
      {"failed_withdraw", form == PostingForm::kWithdraw},
      {"failed_photo", form == PostingForm::kPhoto},
      {"error_summary",
       ErrorSummary(error, order, {.heading = "操作未完成，请修改以下内容"})},
  };
  if (auto done = req.QueryValue("done")) {
    absl::string_view text = DoneText(*done);
    if (!text.empty()) ctx["done"] = Str(text);
  }
  return d.view.Page(
      req, "villages/admin_posting", ctx,
      {.title = p.title,
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {
           {{"name", "村（社区）务公开"}, {"url", "/admin/villages"}},
           {{"name", p.village_name},
            {"url", absl::StrCat("/admin/villages/", p.village_id)}},
           {{"name", p.title}, {"url", ""}}}});
}

Response AdminPosting(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("pid"));
  if (!id) return web::Error(absl::NotFoundError("公开内容不存在"));
  absl::StatusOr<Posting> p = d.service.Get(*req.principal, *id);
  if (!p.ok()) return web::Error(p.status());
  return PostingPage(d, req, *p);
}

// One staff action on a posting: post/redirect/get on success; the page
// again with the refused form's values and errors otherwise.
template <typename Act>
Response PostingAction(Deps& d, Request& req, PostingForm form, Act act) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("pid"));
  if (!id) return web::Error(absl::NotFoundError("公开内容不存在"));
  const Form f = req.Form();
  absl::StatusOr<std::string> done = act(*req.principal, *id, f);
  if (done.ok())
    return web::Redirect(
        absl::StrCat("/admin/villages/postings/", *id, "?done=", *done));
  if (!ShownOnForm(done.status())) return web::Error(done.status());
  absl::StatusOr<Posting> p = d.service.Get(*req.principal, *id);
  if (!p.ok()) return web::Error(p.status());
  return PostingPage(d, req, *p, done.status(), form, f);
}

Response AdminSave(Deps& d, Request& req) {
  return PostingAction(
      d, req, PostingForm::kEdit,
      [&](const Actor& a, int64_t id,
          const Form& f) -> absl::StatusOr<std::string> {
        ZWGK_RETURN_IF_ERROR(
            d.service.Update(a, id, InputFromForm(f)).status());
        return std::string("saved");
      });
}

Response AdminPublish(Deps& d, Request& req) {
  return PostingAction(
      d, req, PostingForm::kPublish,
      [&](const Actor& a, int64_t id,
          const Form& f) -> absl::StatusOr<std::string> {
        ZWGK_RETURN_IF_ERROR(
            d.service.Publish(a, id, FormValue(f, "posted_on")).status());
        return std::string("published");
      });
}

Response AdminWithdraw(Deps& d, Request& req) {
  return PostingAction(
      d, req, PostingForm::kWithdraw,
      [&](const Actor& a, int64_t id,
          const Form& f) -> absl::StatusOr<std::string> {
        ZWGK_RETURN_IF_ERROR(d.service.Withdraw(a, id, FormValue(f, "reason")));
        return std::string("withdrawn");
      });
}

Response AdminPhoto(Deps& d, Request& req) {
  return PostingAction(
      d, req, PostingForm::kPhoto,
      [&](const Actor& a, int64_t id,
          const Form&) -> absl::StatusOr<std::string> {
        std::optional<PhotoUpload> up;
        for (web::FormPart& part : req.Parts()) {
          if (part.name != "photo" || part.filename.empty()) continue;
          up = PhotoUpload{.file_name = std::move(part.filename),
                           .content_type = std::move(part.content_type),
                           .bytes = std::move(part.data)};
          break;
        }
        if (!up || up->bytes.empty())
          return InvalidFields("请选择照片",
                               {{"photo", "请选择公示栏照片（JPEG 或 PNG）"}});
        absl::Status added = d.service.AddPhoto(a, id, *up).status();
        // A refused file is named next to the file field.
        if (absl::IsInvalidArgument(added) && GetFieldErrors(added).empty())
          return InvalidFields(added.message(),
                               {{"photo", std::string(added.message())}});
        ZWGK_RETURN_IF_ERROR(added);
        return std::string("photo");
      });
}

Response AdminBoardPdf(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("pid"));
  if (!id) return web::Error(absl::NotFoundError("公开内容不存在"));
  absl::StatusOr<Posting> p = d.service.Get(*req.principal, *id);
  if (!p.ok()) return web::Error(p.status());
  absl::StatusOr<BoardPaper> paper = PaperParam(req);
  if (!paper.ok()) return web::Error(paper.status());
  absl::StatusOr<std::string> pdf =
      d.service.BoardPdf(*req.principal, *id, *paper);
  if (!pdf.ok()) return web::Error(pdf.status());
  return PdfResponse(*p, *paper, std::move(*pdf));
}

Response AdminPhotoGet(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("pid"));
  if (!id) return web::Error(absl::NotFoundError("公开内容不存在"));
  return PhotoResponse(d, *req.principal, *id, req.Param("n"));
}

// --- Settings
// -------------------------------------------------------------------

Response SettingsPage(Deps& d, Request& req, const Settings& shown,
                      const absl::Status& error, bool saved) {
  absl::StatusOr<std::vector<org::Unit>> villages =
      VillagesInScope(d, *req.principal, std::nullopt);
  if (!villages.ok()) return web::Error(villages.status());
  std::map<int64_t, bool> monthly(shown.finance_monthly.begin(),
                                  shown.finance_monthly.end());
  Json rows = Json::array();
  for (const org::Unit& v : *villages)
    rows.push_back({{"id", v.id},
                    {"name", v.name},
                    {"town", TownName(d, v.parent_id)},
                    {"monthly", monthly[v.id]}});
  return d.view.Page(
      req, "villages/settings",
      {{"days", shown.due_working_days},
       {"villages", rows},
       {"has_villages", !rows.empty()},
       {"csrf_token", req.csrf_token},
       {"saved", saved},
       {"err", FieldErrorsJson(error)},
       {"error_summary",
        ErrorSummary(error, {{"due_working_days"}}, {.heading = "未保存"})}},
      {.title = "村（社区）务公开设置",
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {
           {{"name", "村（社区）务公开"}, {"url", "/admin/villages"}},
           {{"name", "设置"}, {"url", ""}}}});
}

Response SettingsGet(Deps& d, Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  absl::StatusOr<Settings> s = d.service.GetSettings();
  if (!s.ok()) return web::Error(s.status());
  return SettingsPage(d, req, *s, absl::OkStatus(),
                      req.QueryValue("saved").has_value());
}

Response SettingsPost(Deps& d, Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  const Form f = req.Form();
  Settings s;
  absl::Status status = absl::OkStatus();
  std::optional<int64_t> days = ParseId(FormValue(f, "due_working_days"));
  if (!days || *days > 60) {
    status = InvalidFields(
        "设置有误", {{"due_working_days", "公开期限应为1至60之间的工作日数"}});
  } else {
    s.due_working_days = static_cast<int>(*days);
  }
  absl::StatusOr<std::vector<org::Unit>> villages =
      VillagesInScope(d, *req.principal, std::nullopt);
  if (!villages.ok()) return web::Error(villages.status());
  std::map<std::string, bool> checked;
  for (const auto& [k, v] : f)
    if (k == "monthly") checked[v] = true;
  for (const org::Unit& v : *villages)
    s.finance_monthly.emplace_back(v.id, checked.count(absl::StrCat(v.id)) > 0);
  if (status.ok()) status = d.service.SaveSettings(*req.principal, s);
  if (status.ok()) return web::Redirect("/admin/villages/settings?saved=1");
  if (!absl::IsInvalidArgument(status)) return web::Error(status);
  return SettingsPage(d, req, s, status, false);
}

// --- API
// ---------------------------------------------------------------------------

Response ApiCreate(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("没有这个村（社区）"));
  absl::StatusOr<Json> body = BoundedJson(req);
  if (!body.ok()) return web::Error(body.status());
  JsonFields f(*body);
  PostingInput in{.kind = f.String("kind", "类别"),
                  .period = f.String("period", "期间"),
                  .title = f.String("title", "标题"),
                  .body = f.String("body", "内容")};
  if (absl::Status bad = f.status(); !bad.ok()) return web::Error(bad);
  absl::StatusOr<Posting> p = d.service.Create(*req.principal, *id, in);
  if (!p.ok()) return web::Error(p.status());
  return web::Json(PostingJson(*p, true), 201);
}

Response ApiList(Deps& d, Request& req) {
  std::optional<int64_t> id = ParseId(req.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("没有这个村（社区）"));
  const std::string due = req.QueryValue("due").value_or("");
  if (!due.empty()) {
    if (due != "overdue")
      return web::Error(
          InvalidFields("参数有误", {{"due", "due 只能为 overdue"}}));
    // The overdue obligations: staff of the village, its town, the office.
    if (auto denied = web::RequireSignedIn(req)) return *denied;
    absl::StatusOr<std::vector<Obligation>> obligations =
        d.service.Obligations(*req.principal, Today(d.service.clock()), *id);
    if (!obligations.ok()) return web::Error(obligations.status());
    Json list = Json::array();
    for (const Obligation& o : *obligations)
      if (o.village_id == *id && o.timeliness == Timeliness::kMissing)
        list.push_back(ObligationJson(o));
    return web::Json({{"village_id", *id}, {"overdue", list}});
  }
  // Staff see every posting of a village in their scope; the public (and
  // staff of other units) the published ones.
  const bool staff = req.principal && IsStaff(req.principal->role);
  absl::StatusOr<std::vector<Posting>> postings =
      staff ? d.service.ListForVillage(*req.principal, *id)
            : absl::StatusOr<std::vector<Posting>>(
                  absl::NotFoundError("没有这个村（社区）"));
  bool as_staff = staff && postings.ok();
  if (!as_staff) postings = d.service.ListForVillage(PublicActor(), *id);
  if (!postings.ok()) return web::Error(postings.status());
  SortNewestFirst(*postings);
  Json list = Json::array();
  for (const Posting& p : *postings) {
    if (!as_staff && p.state != PostingState::kPublished) continue;
    list.push_back(PostingJson(p, as_staff));
  }
  return web::Json({{"village_id", *id}, {"postings", list}});
}

}  // namespace

void RegisterRoutes(web::Router& router, Service& service, const View& view) {
  auto h =
      web::BindTo(std::make_shared<Deps>(Deps{service, service.org(), view}));
  const web::RouteOptions small{.max_body_bytes = kSmallBodyBytes};
  const web::RouteOptions form{.max_body_bytes = kFormBodyBytes};
  // A photo and the multipart framing around it.
  const web::RouteOptions upload{
      .max_body_bytes =
          static_cast<size_t>(service.options().max_photo_bytes) + 64 * 1024};
  // Public, no account: the towns and their villages, a village's published
  // postings, one published posting, its board PDF and photos. Drafts and
  // withdrawn postings answer 404.
  router.Get("/villages", h(PublicIndex));
  router.Get("/villages/{id}", h(PublicVillage));
  router.Get("/villages/postings/{id}", h(PublicPosting));
  router.Get("/villages/postings/{id}/board.pdf", h(PublicBoardPdf));
  router.Get("/villages/postings/{id}/photos/{n}", h(PublicPhoto));
  // Staff: a village's clerk its own village, a town's staff the town's
  // villages, the county office all; anyone else gets 404. They prepare,
  // save, publish, withdraw, upload the board photo and print the board
  // (drafts marked 草稿). The settings: the county office.
  router.Get("/admin/villages", h(AdminIndex));
  router.Get("/admin/villages/settings", h(SettingsGet));
  router.Post("/admin/villages/settings", h(SettingsPost), form);
  router.Get("/admin/villages/{id}", h(AdminVillage));
  router.Post("/admin/villages/{id}/postings", h(AdminCreate), form);
  router.Get("/admin/villages/postings/{pid}", h(AdminPosting));
  router.Post("/admin/villages/postings/{pid}", h(AdminSave), form);
  router.Post("/admin/villages/postings/{pid}/publish", h(AdminPublish), small);
  router.Post("/admin/villages/postings/{pid}/withdraw", h(AdminWithdraw),
              small);
  router.Post("/admin/villages/postings/{pid}/photos", h(AdminPhoto), upload);
  router.Get("/admin/villages/postings/{pid}/board.pdf", h(AdminBoardPdf));
  router.Get("/admin/villages/postings/{pid}/photos/{n}", h(AdminPhotoGet));
  // API. Staff (session or token) create postings of villages in scope;
  // GET lists a village's postings (the public: published ones) or, with
  // ?due=overdue, its overdue obligations (staff in scope only).
  router.Post("/api/v1/villages/{id}/postings", h(ApiCreate), form);
  router.Get("/api/v1/villages/{id}/postings", h(ApiList));
}

}  // namespace zwgk::villages
