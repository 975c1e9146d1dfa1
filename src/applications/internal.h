// Small helpers shared by the files of the applications service
// (service.cc, workflow.cc, intake.cc, …). Not for other modules.
#ifndef ZWGK_APPLICATIONS_INTERNAL_H_
#define ZWGK_APPLICATIONS_INTERNAL_H_

#include <cstddef>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "applications/model.h"
#include "applications/store.h"
#include "calendar/calendar.h"
#include "core/text.h"
#include "nlohmann/json.hpp"

namespace zwgk::applications::internal {

inline std::string Trim(absl::string_view s) {
  return std::string(absl::StripAsciiWhitespace(s));
}

inline std::string Fmt(absl::CivilDay d) { return calendar::FormatDate(d); }

// What the audit log keeps of an application before and after a change.
inline nlohmann::json AuditState(const StoredApplication& a) {
  nlohmann::json j = {{"state", StateName(a.state)},
                      {"tracking_number", a.tracking_number},
                      {"unit_id", a.unit_id}};
  if (a.received_on) j["received_on"] = Fmt(*a.received_on);
  if (a.due_on) j["due_on"] = Fmt(*a.due_on);
  if (a.reply_type) j["reply_type"] = ReplyTypeName(*a.reply_type);
  if (a.ground) j["ground"] = GroundName(*a.ground);
  return j;
}

}  // namespace zwgk::applications::internal

#endif  // ZWGK_APPLICATIONS_INTERNAL_H_
