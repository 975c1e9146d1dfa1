// The site identity (/admin/site, the marks) and the units' 概况信息 /
// 机构职能 pages (issue 19). Who may do what:
//   public        GET /units, /profile, /units/{id}/profile, the photos and
//                 marks (a profile that is empty answers 404);
//   the office    GET/POST /admin/site, every unit's profile;
//   unit staff    their own unit's profile (another unit's answers 404).
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "content/body.h"
#include "core/form_errors.h"
#include "core/guard.h"
#include "core/route_binding.h"
#include "core/status.h"
#include "org/http.h"

namespace zwgk::org {
namespace {

using web::FormValue;
using web::Request;
using web::Response;

constexpr size_t kSmallBody = 16 * 1024;
constexpr size_t kProfileBody = 256 * 1024;

struct ProfileDeps {
  Service& service;
  const View& view;
};

// A unit id in a path: 0 (the county) or a positive id.
std::optional<int64_t> UnitParam(const Request& r) {
  const std::string s = r.Param("id");
  if (s == "0") return 0;
  return web::ParseId(s);
}

absl::StatusOr<std::string> UnitTitle(Service& service, int64_t unit_id) {
  if (unit_id == 0) {
    ZWGK_ASSIGN_OR_RETURN(County county, service.GetCounty());
    return absl::StrCat(county.name, "人民政府");
  }
  ZWGK_ASSIGN_OR_RETURN(Unit unit, service.GetUnit(unit_id));
  return unit.name;
}

std::string PublicUrl(int64_t unit_id) {
  return unit_id == 0 ? "/profile"
                      : absl::StrCat("/units/", unit_id, "/profile");
}

nlohmann::json Paragraphs(absl::string_view text) {
  nlohmann::json out = nlohmann::json::array();
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty()))
    out.push_back(std::string(line));
  return out;
}

nlohmann::json ProfileJson(const UnitProfile& p) {
  nlohmann::json departments = nlohmann::json::array();
  for (const Department& d : ParseDepartments(p.departments))
    departments.push_back({{"name", d.name}, {"duties", d.duties}});
  nlohmann::json leaders = nlohmann::json::array();
  for (const Leader& l : p.leaders) {
    leaders.push_back(
        {{"id", l.id},
         {"name", l.name},
         {"title", l.title},
         {"position", l.position},
         {"resume", l.resume},
         {"resume_paragraphs", Paragraphs(l.resume)},
         {"portfolio", l.portfolio},
         {"photo_url",
          l.photo_blob.empty()
              ? ""
              : absl::StrCat("/units/", p.unit_id, "/leaders/", l.id,
                             "/photo?v=", l.photo_blob.substr(0, 12))}});
  }
  return {{"departments", departments},
          {"has_departments", !departments.empty()},
          {"departments_text", p.departments},
          {"duties_html", p.duties_html},
          {"duties_text", content::BodyForTextBox(p.duties_html)},
          {"address", p.address},
          {"phone", p.phone},
          {"fax", p.fax},
          {"email", p.email},
          {"office_hours", p.office_hours},
          {"has_contact", !p.address.empty() || !p.phone.empty() ||
                              !p.fax.empty() || !p.email.empty() ||
                              !p.office_hours.empty()},
          {"leaders", leaders},
          {"has_leaders", !leaders.empty()},
          {"updated", LocalMinute(p.updated_at)}};
}

Response ImageResponse(absl::StatusOr<StoredImage> image) {
  if (!image.ok()) return web::Error(image.status());
  return web::Text(std::move(image->bytes), image->content_type)
      .WithHeader("Cache-Control", "public, max-age=86400");
}

// --- Public pages -----------------------------------------------------------

Response UnitsIndex(ProfileDeps& d, Request& r) {
  absl::StatusOr<std::vector<int64_t>> ids = d.service.UnitsWithProfiles();
  if (!ids.ok()) return web::Error(ids.status());
  absl::StatusOr<std::vector<Unit>> units = d.service.ListUnits();
  if (!units.ok()) return web::Error(units.status());
  auto has = [&](int64_t id) {
    return std::find(ids->begin(), ids->end(), id) != ids->end();
  };
  nlohmann::json groups = nlohmann::json::array();
  for (absl::string_view group : kUnitGroups) {
    nlohmann::json items = nlohmann::json::array();
    for (const Unit& u : *units) {
      if (UnitGroupLabel(u) == group && has(u.id))
        items.push_back({{"name", u.name}, {"url", PublicUrl(u.id)}});
    }
    if (!items.empty())
      groups.push_back({{"name", std::string(group)}, {"units", items}});
  }
  nlohmann::json ctx = {{"county", has(0)},
                        {"groups", groups},
                        {"empty", groups.empty() && !has(0)}};
  return d.view.Page(
      r, "org/units", ctx,
      {.title = "机构职能",
       .breadcrumbs = {{{"name", "机构职能"}, {"url", ""}}},
       .meta = {.column_name = "机构职能", .column_type = "信息公开"}});
}

Response ShowProfile(ProfileDeps& d, Request& r, int64_t unit_id) {
  absl::StatusOr<UnitProfile> p = d.service.GetProfile(unit_id);
  if (!p.ok()) return web::Error(p.status());
  absl::StatusOr<std::string> name = UnitTitle(d.service, unit_id);
  if (!name.ok()) return web::Error(name.status());
  const std::string column = unit_id == 0 ? "概况信息" : "机构职能";
  nlohmann::json ctx = ProfileJson(*p);
  ctx["unit_name"] = *name;
  ctx["unit_id"] = unit_id;
  ctx["county"] = unit_id == 0;
  nlohmann::json crumbs =
      unit_id == 0 ? nlohmann::json{{{"name", column}, {"url", ""}}}
                   : nlohmann::json{{{"name", column}, {"url", "/units"}},
                                    {{"name", *name}, {"url", ""}}};
  return d.view.Page(
      r, "org/profile", ctx,
      {.title = absl::StrCat(*name, " ", column),
       .breadcrumbs = crumbs,
       .meta = {.column_name = column, .column_type = "信息公开"}});
}

Response CountyProfile(ProfileDeps& d, Request& r) {
  return ShowProfile(d, r, 0);
}

Response UnitProfilePage(ProfileDeps& d, Request& r) {
  std::optional<int64_t> id = UnitParam(r);
  if (!id) return web::Error(absl::NotFoundError("单位不存在"));
  if (*id == 0) return web::Redirect("/profile", 301);
  return ShowProfile(d, r, *id);
}

Response LeaderPhoto(ProfileDeps& d, Request& r) {
  std::optional<int64_t> id = UnitParam(r);
  std::optional<int64_t> lid = web::ParseId(r.Param("lid"));
  if (!id || !lid) return web::Error(absl::NotFoundError("照片不存在"));
  return ImageResponse(d.service.LeaderPhoto(*id, *lid));
}

Response SiteMarkImage(ProfileDeps& d, Request& r) {
  std::optional<SiteMark> mark = ParseSiteMark(r.Param("kind"));
  if (!mark) return web::Error(absl::NotFoundError("标识不存在"));
  return ImageResponse(d.service.SiteMarkImage(*mark));
}

// --- The site identity (the office) ----------------------------------------

const FormField kIdentityForm[] = {{"site_name"}, {"sponsor"}, {"organizer"},
                                   {"phone"},     {"address"}, {"email"},
                                   {"id_code"},   {"icp"},     {"police"},
                                   {"mark_url"},  {"mark"},    {"police_mark"}};

Response SitePage(ProfileDeps& d, Request& r, const SiteIdentityInput* typed,
                  const absl::Status& error) {
  absl::StatusOr<SiteIdentity> s = d.service.GetSiteIdentity();
  if (!s.ok()) return web::Error(s.status());
  SiteIdentityInput v = typed ? *typed
                              : SiteIdentityInput{.site_name = s->site_name,
                                                  .sponsor = s->sponsor,
                                                  .organizer = s->organizer,
                                                  .phone = s->phone,
                                                  .address = s->address,
                                                  .email = s->email,
                                                  .id_code = s->id_code,
                                                  .icp = s->icp,
                                                  .police = s->police,
                                                  .mark_url = s->mark_url};
  nlohmann::json err = nlohmann::json::object();
  for (const auto& [k, m] : GetFieldErrors(error)) err[k] = m;
  nlohmann::json ctx = {
      {"v",
       {{"site_name", v.site_name},
        {"sponsor", v.sponsor},
        {"organizer", v.organizer},
        {"phone", v.phone},
        {"address", v.address},
        {"email", v.email},
        {"id_code", v.id_code},
        {"icp", v.icp},
        {"police", v.police},
        {"mark_url", v.mark_url}}},
      {"err", err},
      {"error_summary", ErrorSummary(error, kIdentityForm)},
      {"saved", r.QueryValue("saved").has_value() && error.ok()},
      {"mark_image", s->mark_blob.substr(0, 12)},
      {"police_image", s->police_blob.substr(0, 12)},
      {"max_mark_kb", kMaxMarkBytes / 1024}};
  return d.view.Page(
      r, "org/admin_site", ctx,
      {.title = "网站标识信息",
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                       {{"name", "网站标识信息"}, {"url", ""}}}});
}

Response SiteGet(ProfileDeps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  return SitePage(d, r, nullptr, absl::OkStatus());
}

Response SitePost(ProfileDeps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  auto f = r.Form();
  SiteIdentityInput in{.site_name = FormValue(f, "site_name"),
                       .sponsor = FormValue(f, "sponsor"),
                       .organizer = FormValue(f, "organizer"),
                       .phone = FormValue(f, "phone"),
                       .address = FormValue(f, "address"),
                       .email = FormValue(f, "email"),
                       .id_code = FormValue(f, "id_code"),
                       .icp = FormValue(f, "icp"),
                       .police = FormValue(f, "police"),
                       .mark_url = FormValue(f, "mark_url")};
  absl::Status s = d.service.UpdateSiteIdentity(*r.principal, in).status();
  if (s.ok()) return web::Redirect("/admin/site?saved=1");
  if (!absl::IsInvalidArgument(s)) return web::Error(s);
  return SitePage(d, r, &in, s);
}

// The first file part named `field` ("" when none); whether it asked to
// remove instead.
struct UploadedFile {
  std::string bytes;
  bool remove = false;
};
UploadedFile FileField(Request& r, absl::string_view field) {
  UploadedFile out;
  for (web::FormPart& part : r.Parts()) {
    if (part.name == "remove" && part.data == "1") out.remove = true;
    if (part.name == field && !part.filename.empty() && out.bytes.empty())
      out.bytes = std::move(part.data);
  }
  if (r.Parts().empty()) out.remove = FormValue(r.Form(), "remove") == "1";
  return out;
}

Response SiteMarkPost(ProfileDeps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  std::optional<SiteMark> mark = ParseSiteMark(r.Param("kind"));
  if (!mark) return web::Error(absl::NotFoundError("标识不存在"));
  const std::string field = *mark == SiteMark::kDzjg ? "mark" : "police_mark";
  UploadedFile file = FileField(r, field);
  absl::Status s;
  if (file.bytes.empty() && !file.remove) {
    s = InvalidFields("请选择图片", {{field, "请选择要上传的图片文件"}});
  } else {
    s = d.service.SetSiteMark(*r.principal, *mark,
                              file.remove ? "" : file.bytes);
  }
  if (s.ok()) return web::Redirect("/admin/site?saved=1");
  if (!absl::IsInvalidArgument(s)) return web::Error(s);
  return SitePage(d, r, nullptr, s);
}

// --- Unit profiles (the unit's staff, the office) ---------------------------

const FormField kProfileForm[] = {
    {"departments"}, {"duties"},       {"address"}, {"phone"}, {"fax"},
    {"email"},       {"office_hours"}, {"name"},    {"title"}, {"position"},
    {"resume"},      {"portfolio"},    {"photo"}};

Response ProfileEditPage(ProfileDeps& d, Request& r, int64_t unit_id,
                         const absl::Status& error,
                         const ProfileInput* typed = nullptr,
                         int64_t error_leader = -1) {
  absl::StatusOr<UnitProfile> p =
      d.service.ProfileForEdit(*r.principal, unit_id);
  if (!p.ok()) return web::Error(p.status());
  absl::StatusOr<std::string> name = UnitTitle(d.service, unit_id);
  if (!name.ok()) return web::Error(name.status());
  nlohmann::json ctx = ProfileJson(*p);
  if (typed) {
    ctx["departments_text"] = typed->departments;
    ctx["duties_text"] = typed->duties;
    ctx["address"] = typed->address;
    ctx["phone"] = typed->phone;
    ctx["fax"] = typed->fax;
    ctx["email"] = typed->email;
    ctx["office_hours"] = typed->office_hours;
  }
  nlohmann::json err = nlohmann::json::object();
  for (const auto& [k, m] : GetFieldErrors(error)) err[k] = m;
  // A leader form's errors show beside that leader (or the new one).
  for (auto& l : ctx["leaders"])
    if (l["id"].get<int64_t>() == error_leader) l["err"] = err;
  ctx["new_err"] = error_leader == 0 ? err : nlohmann::json::object();
  ctx["err"] = error_leader < 0 ? err : nlohmann::json::object();
  ctx["error_summary"] = ErrorSummary(error, kProfileForm);
  ctx["unit_id"] = unit_id;
  ctx["unit_name"] = *name;
  ctx["public_url"] = PublicUrl(unit_id);
  ctx["is_public"] = !ProfileIsEmpty(*p);
  ctx["saved"] = r.QueryValue("saved").has_value() && error.ok();
  ctx["max_photo_mb"] = kMaxPhotoBytes >> 20;
  return d.view.Page(
      r, "org/admin_profile", ctx,
      {.title = absl::StrCat(*name, " 概况信息"),
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                       {{"name", "概况信息"}, {"url", "/admin/profile"}},
                       {{"name", *name}, {"url", ""}}}});
}

// The unit of an edit route; NotFound for a malformed id.
std::optional<int64_t> EditUnit(Request& r) { return UnitParam(r); }

Response AdminProfiles(ProfileDeps& d, Request& r) {
  if (auto denied = web::RequireSignedIn(r)) return *denied;
  const Actor& actor = *r.principal;
  if (!IsAdmin(actor)) {
    if (!actor.unit_id)
      return web::Error(absl::NotFoundError("没有可编辑的单位"));
    return web::Redirect(
        absl::StrCat("/admin/units/", *actor.unit_id, "/profile"));
  }
  absl::StatusOr<std::vector<Unit>> units = d.service.ListUnits();
  if (!units.ok()) return web::Error(units.status());
  absl::StatusOr<std::vector<int64_t>> ids = d.service.UnitsWithProfiles();
  if (!ids.ok()) return web::Error(ids.status());
  auto has = [&](int64_t id) {
    return std::find(ids->begin(), ids->end(), id) != ids->end();
  };
  nlohmann::json rows = nlohmann::json::array();
  rows.push_back({{"name", "县政府（概况信息）"},
                  {"edit", "/admin/units/0/profile"},
                  {"public", has(0) ? "/profile" : ""}});
  for (const Unit& u : *units) {
    rows.push_back({{"name", u.name},
                    {"edit", absl::StrCat("/admin/units/", u.id, "/profile")},
                    {"public", has(u.id) ? PublicUrl(u.id) : ""}});
  }
  return d.view.Page(r, "org/admin_profiles", {{"rows", rows}},
                     {.title = "概况信息",
                      .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                                      {{"name", "概况信息"}, {"url", ""}}}});
}

Response ProfileGet(ProfileDeps& d, Request& r) {
  if (auto denied = web::RequireSignedIn(r)) return *denied;
  std::optional<int64_t> id = EditUnit(r);
  if (!id) return web::Error(absl::NotFoundError("单位不存在"));
  return ProfileEditPage(d, r, *id, absl::OkStatus());
}

Response ProfilePost(ProfileDeps& d, Request& r) {
  if (auto denied = web::RequireSignedIn(r)) return *denied;
  std::optional<int64_t> id = EditUnit(r);
  if (!id) return web::Error(absl::NotFoundError("单位不存在"));
  auto f = r.Form();
  ProfileInput in{.departments = FormValue(f, "departments"),
                  .duties = FormValue(f, "duties"),
                  .address = FormValue(f, "address"),
                  .phone = FormValue(f, "phone"),
                  .fax = FormValue(f, "fax"),
                  .email = FormValue(f, "email"),
                  .office_hours = FormValue(f, "office_hours")};
  absl::Status s = d.service.UpdateProfile(*r.principal, *id, in).status();
  if (s.ok())
    return web::Redirect(
        absl::StrCat("/admin/units/", *id, "/profile?saved=1"));
  if (!absl::IsInvalidArgument(s)) return web::Error(s);
  return ProfileEditPage(d, r, *id, s, &in);
}

LeaderInput LeaderFromForm(const std::multimap<std::string, std::string>& f) {
  int position = 0;
  const std::string pos = FormValue(f, "position");
  if (!pos.empty() && !absl::SimpleAtoi(pos, &position)) position = -1;
  return {.name = FormValue(f, "name"),
          .title = FormValue(f, "title"),
          .resume = FormValue(f, "resume"),
          .portfolio = FormValue(f, "portfolio"),
          .position = position};
}

Response AfterLeader(ProfileDeps& d, Request& r, int64_t unit_id,
                     const absl::Status& s, int64_t leader,
                     const char* anchor) {
  if (s.ok()) {
    return web::Redirect(
        absl::StrCat("/admin/units/", unit_id, "/profile?saved=1#", anchor));
  }
  if (!absl::IsInvalidArgument(s)) return web::Error(s);
  return ProfileEditPage(d, r, unit_id, s, nullptr, leader);
}

Response LeaderAdd(ProfileDeps& d, Request& r) {
  if (auto denied = web::RequireSignedIn(r)) return *denied;
  std::optional<int64_t> id = EditUnit(r);
  if (!id) return web::Error(absl::NotFoundError("单位不存在"));
  auto added = d.service.AddLeader(*r.principal, *id, LeaderFromForm(r.Form()));
  return AfterLeader(d, r, *id, added.status(), 0, "leaders");
}

Response LeaderUpdate(ProfileDeps& d, Request& r) {
  if (auto denied = web::RequireSignedIn(r)) return *denied;
  std::optional<int64_t> id = EditUnit(r);
  std::optional<int64_t> lid = web::ParseId(r.Param("lid"));
  if (!id || !lid) return web::Error(absl::NotFoundError("负责人不存在"));
  auto updated =
      d.service.UpdateLeader(*r.principal, *id, *lid, LeaderFromForm(r.Form()));
  return AfterLeader(d, r, *id, updated.status(), *lid, "leaders");
}

Response LeaderRemove(ProfileDeps& d, Request& r) {
  if (auto denied = web::RequireSignedIn(r)) return *denied;
  std::optional<int64_t> id = EditUnit(r);
  std::optional<int64_t> lid = web::ParseId(r.Param("lid"));
  if (!id || !lid) return web::Error(absl::NotFoundError("负责人不存在"));
  return AfterLeader(d, r, *id, d.service.RemoveLeader(*r.principal, *id, *lid),
                     *lid, "leaders");
}

Response LeaderPhotoPost(ProfileDeps& d, Request& r) {
  if (auto denied = web::RequireSignedIn(r)) return *denied;
  std::optional<int64_t> id = EditUnit(r);
  std::optional<int64_t> lid = web::ParseId(r.Param("lid"));
  if (!id || !lid) return web::Error(absl::NotFoundError("负责人不存在"));
  UploadedFile file = FileField(r, "photo");
  absl::Status s;
  if (file.bytes.empty() && !file.remove) {
    s = InvalidFields("请选择照片",
                      {{"photo", "请选择负责人照片（JPEG 或 PNG）"}});
  } else {
    s = d.service.SetLeaderPhoto(*r.principal, *id, *lid,
                                 file.remove ? "" : file.bytes);
  }
  return AfterLeader(d, r, *id, s, *lid, "leaders");
}

}  // namespace

void RegisterProfileRoutes(web::Router& router, Service& service,
                           const View& view) {
  auto deps = std::make_shared<ProfileDeps>(ProfileDeps{service, view});
  auto h = web::BindTo(deps);
  const web::RouteOptions small{.max_body_bytes = kSmallBody};
  const web::RouteOptions profile{.max_body_bytes = kProfileBody};
  const web::RouteOptions mark{.max_body_bytes = kMaxMarkBytes + kSmallBody};
  const web::RouteOptions photo{.max_body_bytes = kMaxPhotoBytes + kSmallBody};
  // Public pages and images.
  router.Get("/units", h(UnitsIndex));
  router.Get("/profile", h(CountyProfile));
  router.Get("/units/{id}/profile", h(UnitProfilePage));
  router.Get("/units/{id}/leaders/{lid}/photo", h(LeaderPhoto));
  router.Get("/site/marks/{kind}", h(SiteMarkImage));
  // The office: the identity block and its marks.
  router.Get("/admin/site", h(SiteGet));
  router.Post("/admin/site", h(SitePost), small);
  router.Post("/admin/site/marks/{kind}", h(SiteMarkPost), mark);
  // Profiles: the unit's staff (ActsFor) and the office; unit 0 the office.
  router.Get("/admin/profile", h(AdminProfiles));
  router.Get("/admin/units/{id}/profile", h(ProfileGet));
  router.Post("/admin/units/{id}/profile", h(ProfilePost), profile);
  router.Post("/admin/units/{id}/leaders", h(LeaderAdd), small);
  router.Post("/admin/units/{id}/leaders/{lid}", h(LeaderUpdate), small);
  router.Post("/admin/units/{id}/leaders/{lid}/remove", h(LeaderRemove), small);
  router.Post("/admin/units/{id}/leaders/{lid}/photo", h(LeaderPhotoPost),
              photo);
}

}  // namespace zwgk::org
