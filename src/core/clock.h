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

// "2026-02-13 09:02" in China time, for display.
std::string FormatLocalMinute(absl::Time t);

}  // namespace zwgk

#endif  // ZWGK_CORE_CLOCK_H_
