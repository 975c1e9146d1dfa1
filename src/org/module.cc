#include "org/module.h"

#include "org/http.h"

namespace zwgk::org {

absl::Status OrgModule::Start(AppContext& ctx) {
  service_ = std::make_unique<Service>(ctx.db, ctx.clock, ctx.config.data_dir);
  view_ = &ctx.view;
  return absl::OkStatus();
}

void OrgModule::AddSiteContext(nlohmann::json& site) {
  absl::StatusOr<Service::PageIdentity> page = service_->PageIdentityCached();
  if (!page.ok()) return;
  site["county_name"] = page->county.name;
  const SiteIdentity& s = page->identity;
  site["site_name"] = s.site_name;
  site["site_id_code"] = s.id_code;
  site["identity"] = {
      {"sponsor", s.sponsor},
      {"organizer", s.organizer},
      {"phone", s.phone},
      {"address", s.address},
      {"email", s.email},
      {"has_contact",
       !s.phone.empty() || !s.address.empty() || !s.email.empty()},
      {"id_code", s.id_code},
      {"icp", s.icp},
      {"police", s.police},
      {"police_digits", PoliceRecordCode(s.police)},
      {"mark_url", s.mark_url},
      // The blob's hash prefix: a new upload is a new URL for caches.
      {"mark_image", s.mark_blob.substr(0, 12)},
      {"police_image", s.police_blob.substr(0, 12)}};
}

void OrgModule::RegisterRoutes(web::Router& router) {
  org::RegisterRoutes(router, *service_, *view_, &sections_, &home_sections_);
}

}  // namespace zwgk::org
