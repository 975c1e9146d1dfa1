#include "core/clock.h"

#include <atomic>
#include <optional>
#include <string>

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

namespace {
// Set once at startup (a leaked zone per set); readers on any thread.
std::atomic<const absl::TimeZone*> display_zone{nullptr};
}  // namespace

absl::TimeZone DisplayTimeZone() {
  const absl::TimeZone* zone = display_zone.load(std::memory_order_acquire);
  return zone ? *zone : ChinaTimeZone();
}

void SetDisplayTimeZone(absl::TimeZone zone) {
  const absl::TimeZone* current = display_zone.load();
  if (current && *current == zone) return;
  display_zone.store(new absl::TimeZone(zone), std::memory_order_release);
}

std::optional<absl::TimeZone> LoadDisplayZone(absl::string_view name) {
  absl::TimeZone zone;
  if (absl::LoadTimeZone(std::string(name), &zone)) return zone;
  if (name == "Asia/Shanghai") return ChinaTimeZone();
  return std::nullopt;
}

std::string FormatLocalMinute(absl::Time t) {
  return FormatLocalMinute(t, DisplayTimeZone());
}

std::string FormatLocalMinute(absl::Time t, absl::TimeZone zone) {
  return absl::FormatTime("%Y-%m-%d %H:%M", t, zone);
}

std::optional<absl::Time> ParseTimestamp(absl::string_view stored) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, std::string(stored), &t, &err))
    return std::nullopt;
  return t;
}

std::string LocalMinute(absl::string_view stored) {
  std::optional<absl::Time> t = ParseTimestamp(stored);
  return t ? FormatLocalMinute(*t) : std::string(stored);
}

std::string LocalDate(absl::string_view stored) {
  std::optional<absl::Time> t = ParseTimestamp(stored);
  return t ? absl::FormatTime("%Y-%m-%d", *t, DisplayTimeZone())
           : std::string(stored);
}

}  // namespace zwgk
