// The statutory clock: a period plus the events recorded against it (start,
// pauses, restart, extensions, stop) give a due date, a state as of today and
// a day-by-day trace in words.
//
// Deadlines held by other modules are derived by calling ComputeClock on
// their event log every time, never stored as a bare date, so a calendar
// change (a notice imported, a local closure) reaches every open deadline.
//
// Semantics, all in the period's unit (working days, or calendar days):
//  * Counting follows calendar.options().counting: by default the start day
//    is not counted and day 1 is the first working day after it (民法典
//    第二百零一条).
//  * pause(from..to): the days from `from` to `to`, both inclusive, are not
//    counted (Art 33 para 3). An open pause (no `to`) blocks the due date.
//  * restart(date): counting begins afresh after `date`, as if it were the
//    start (Art 30 补正). Only the last restart matters for the due date.
//  * extend(n): the limit grows by n (Art 33: ≤ 20 working days with
//    approval; see ValidateExtension). Extensions survive a restart.
//  * stop(date): the clock stops; the state is `stopped` and `on_time` says
//    whether it stopped on or before the due date.
//  * Calendar-day periods ending on a day off roll forward to the next working
//    day; 实时 is due the start day (or the next working day if it is off);
//    及时 has no due date but a flag date after `days` working days.
#ifndef ZWGK_CALENDAR_STATUTORY_CLOCK_H_
#define ZWGK_CALENDAR_STATUTORY_CLOCK_H_

#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/types/span.h"
#include "calendar/calendar.h"
#include "calendar/model.h"

namespace zwgk::calendar {

// Largest period or extension accepted, in days (ten years).
inline constexpr int kMaxPeriodDays = 3650;
// Events may lie at most this many days after the start (about 20 years), so
// a typo cannot ask for a trace of millions of days.
inline constexpr int kMaxEventSpanDays = 7305;
// Art 33: an extension may not exceed 20 working days.
inline constexpr int kMaxExtensionWorkdays = 20;

struct ClockOptions {
  // The day the state is computed for. Without it, the state is `stopped`,
  // `paused` (open pause) or `running`, and `used` counts to the stop date.
  std::optional<absl::CivilDay> today{};
  // `due_soon` when this many units or fewer remain (the due day itself: 0).
  int due_soon_within = 3;
  // Build the day-by-day trace (off for bulk recomputation).
  bool trace = true;
};

// Validates the events and computes the clock. InvalidArgument, with a
// Chinese message naming the event ("第3个事件（暂停）：…"), for negative or
// oversized periods, a missing or repeated start, events dated before the
// start or before the previous event, events more than 20 years after the
// start, a pause ending before it starts,
// non-positive extensions, extensions of 实时/及时 periods, and events after a
// stop or after an open pause (only a stop may follow an open pause).
absl::StatusOr<ClockResult> ComputeClock(const Calendar& calendar,
                                         const Period& period,
                                         absl::Span<const ClockEvent> events,
                                         const ClockOptions& options = {});

// For callers recording an extension (Art 33): `days` must be positive and
// the total with `already_extended` must not exceed `max_total`.
absl::Status ValidateExtension(int days, int already_extended = 0,
                               int max_total = kMaxExtensionWorkdays);

}  // namespace zwgk::calendar

#endif  // ZWGK_CALENDAR_STATUTORY_CLOCK_H_
