#include "core/clock.h"

#include "absl/strings/str_format.h"

namespace zwgk {

absl::TimeZone ChinaTimeZone() {
  static const absl::TimeZone tz = absl::FixedTimeZone(8 * 60 * 60);
  return tz;
}

absl::CivilDay Today(const Clock& clock) {
  return absl::ToCivilDay(clock.Now(), ChinaTimeZone());
}

absl::Time StartOfDay(absl::CivilDay day) {
  return absl::FromCivil(day, ChinaTimeZone());
}

std::string FormatTimestamp(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

std::string FormatLocalMinute(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M", t, ChinaTimeZone());
}

}  // namespace zwgk
