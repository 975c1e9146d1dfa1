// Injected time. Every deadline is computed from a Clock so tests can pin it.
#ifndef ZWGK_CORE_CLOCK_H_
#define ZWGK_CORE_CLOCK_H_

#include <atomic>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/date.h"  // ParseDay, for callers of this header

namespace zwgk {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

// A clock that stands still until told to move.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time now) : now_ns_(absl::ToUnixNanos(now)) {}
  absl::Time Now() const override {
    return absl::FromUnixNanos(now_ns_.load());
  }
  void Set(absl::Time t) { now_ns_ = absl::ToUnixNanos(t); }
  void Advance(absl::Duration d) { now_ns_ += absl::ToInt64Nanoseconds(d); }

 private:
  std::atomic<int64_t> now_ns_;
};

// China Standard Time (UTC+8, no DST since 1991): the legal calendar.
absl::TimeZone ChinaTimeZone();

// Today's date in China.
absl::CivilDay Today(const Clock& clock);

// The instant at 00:00 China time of `day` (handy for fake clocks in tests).
absl::Time StartOfDay(absl::CivilDay day);

// RFC 3339 UTC timestamp with seconds, e.g. "2026-02-13T01:02:03Z" — the
// portable form timestamps are stored in.
std::string FormatTimestamp(absl::Time t);

// The zone people read times in: the county's (config `time_zone`, default
// Asia/Shanghai). A process-wide setting, set once at startup by the app
// (App::OpenWith, before any server thread runs) from the configuration and
// only read afterwards; the legal calendar above stays China's.
absl::TimeZone DisplayTimeZone();
void SetDisplayTimeZone(absl::TimeZone zone);

// The zone named `name` ("Asia/Shanghai", "UTC", "Etc/GMT-6"); Asia/Shanghai
// resolves even where the tz database is missing. nullopt if unknown.
std::optional<absl::TimeZone> LoadDisplayZone(absl::string_view name);

// "2026-02-13 09:02" in the display zone (or `zone`), for people: pages, CLI
// output, CSV/XLSX exports. Machine formats keep FormatTimestamp/RFC 3339.
std::string FormatLocalMinute(absl::Time t);
std::string FormatLocalMinute(absl::Time t, absl::TimeZone zone);

// The instant a stored FormatTimestamp string (any RFC 3339) names.
std::optional<absl::Time> ParseTimestamp(absl::string_view stored);

// A stored timestamp for people: "2026-02-13 09:02" / "2026-02-13" in the
// display zone. Empty stays empty; text that is not a timestamp is returned
// unchanged (e.g. an already local date).
std::string LocalMinute(absl::string_view stored);
std::string LocalDate(absl::string_view stored);

}  // namespace zwgk

#endif  // ZWGK_CORE_CLOCK_H_
