// The applications pages and API: the public form and status page (no
// account), staff lists, detail with the clock trace and a form for every
// transition, the reply letter (HTML and PDF), Table 三, CSV entry, and the
// JSON API of issue 7.
#ifndef ZWGK_APPLICATIONS_HTTP_H_
#define ZWGK_APPLICATIONS_HTTP_H_

#include <cstddef>

#include "applications/service.h"
#include "core/view.h"
#include "core/web.h"
#include "nlohmann/json.hpp"

namespace zwgk::applications {

struct HttpOptions {
  // Abuse control for the public form and API, without CAPTCHA.
  int submissions_per_ip_per_hour = 10;
  // "This is what I need" posts (a figure of the annual report), per client
  // address, on top of counting each offer once.
  int found_per_ip_per_hour = 10;
  size_t max_body_bytes = 32 * 1024;
  size_t max_upload_bytes = 5 * 1024 * 1024;
};

void RegisterRoutes(web::Router& router, Service& service, const View& view,
                    HttpOptions options = {});

// JSON for staff (personal data as the viewer may see it) and for the
// applicant (no personal data at all). Both carry "due_date" and "state".
nlohmann::json StaffJson(const Detail& d, bool with_trace);
nlohmann::json PublicJson(const Detail& d);

// The trace grouped into lines people read ("2026-02-15 至 2026-02-23：
// 春节（不计入）").
std::vector<std::string> TraceInWords(const calendar::ClockResult& r);

}  // namespace zwgk::applications

#endif  // ZWGK_APPLICATIONS_HTTP_H_
