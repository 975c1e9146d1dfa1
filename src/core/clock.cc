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

std::optional<absl::CivilDay> ParseDay(absl::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  y = std::stoi(std::string(text.substr(0, 4)));
  m = std::stoi(std::string(text.substr(5, 2)));
  d = std::stoi(std::string(text.substr(8, 2)));
  absl::CivilDay day(y, m, d);
  // CivilDay normalizes 02-30 to 03-02; a round trip detects it.
  if (day.year() != y || day.month() != m || day.day() != d)
    return std::nullopt;
  return day;
}

}  // namespace zwgk
