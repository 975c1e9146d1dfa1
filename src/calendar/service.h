// The calendar module's logic: the schedule lives in the database (seeded
// from the embedded national data, extended by imports and local
// overrides); a Calendar built from it answers every date question and is
// rebuilt after each change, when the modules holding deadlines are told to
// recompute them.
#ifndef ZWGK_CALENDAR_SERVICE_H_
#define ZWGK_CALENDAR_SERVICE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "calendar/calendar.h"
#include "calendar/estimate.h"
#include "calendar/import.h"
#include "calendar/statutory_clock.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"

namespace zwgk::calendar {

// A due-date question as people type it (CLI flags, query string, form).
struct DueQuery {
  std::string start;  // YYYY-MM-DD
  std::string days;   // integer ≥ 0
  // working_days | calendar_days | realtime | timely
  std::string kind = "working_days";
  std::vector<std::string> pauses;  // "FROM..TO" each
  std::string restart;              // YYYY-MM-DD or empty
  std::string extend;               // integer or empty
};

struct DueAnswer {
  Period period;
  std::vector<ClockEvent> events;
  ClockResult result;
};

struct ImportSummary {
  std::string format;
  std::vector<int> years;
  int days = 0;
  std::vector<std::string> notes;
  int deadlines_moved = 0;
  // The calendar change logged for this import: its page lists what moved.
  int64_t change_id = 0;
};

// At most this many moved deadlines are kept per change (the count is
// always exact).
inline constexpr int kMaxMovedListed = 2000;

// A module holding deadlines recomputes them against the new calendar and
// returns {checked, moved} and which ones moved (old date → new date).
struct RecomputeCount {
  int checked = 0;
  int moved = 0;
  std::vector<MovedDeadline> moved_items{};
};
using DeadlineRecomputer =
    std::function<absl::StatusOr<RecomputeCount>(const Calendar&)>;

class Service {
 public:
  Service(db::Database& db, const Clock& clock);

  // Loads the embedded national schedule into the database (notice years
  // not yet present only); idempotent.
  [[nodiscard]] absl::Status Seed();

  // The current calendar (national + local), shared and immutable. Follows
  // the database: when the site generation moved since the calendar was
  // loaded (a write by any process, e.g. `zwgk calendar import` while the
  // server runs; another process's within Database::kGenerationMaxAge), it
  // is loaded again; otherwise a call costs a lock.
  std::shared_ptr<const Calendar> calendar();

  // Parses and validates `q` (specific Chinese messages per field) and
  // computes the clock with its trace.
  [[nodiscard]] absl::StatusOr<DueAnswer> Due(const DueQuery& q);

  // Imports a holiday-cn JSON or iCalendar text; all-or-nothing. Replaces
  // the national days of the notice years it contains. With `year`, the
  // text must be that year's notice only (CheckNoticeYear). Admin only.
  // The days are written and audited in one transaction; then every
  // registered recomputer re-dates its deadlines against the new calendar
  // (each in its own transaction, the existing clock mechanism) and the
  // change is logged with what moved.
  [[nodiscard]] absl::StatusOr<ImportSummary> Import(
      const Actor& actor, absl::string_view text, absl::string_view source_name,
      std::optional<int> year = std::nullopt);
  // The same for a notice typed into the admin form (ParseNoticeForm).
  [[nodiscard]] absl::StatusOr<ImportSummary> ImportForm(
      const Actor& actor, const NoticeForm& form);

  // --- 暂估 (estimate.h): for other modules showing computed dates. ---
  // Whether a date counted from `from` to `to` was computed over a year
  // whose notice is not loaded, with the current calendar.
  Estimate EstimateFor(absl::CivilDay from, absl::CivilDay to);
  // The note to show beside such a date; "" when it is exact. Dates as
  // stored text ("YYYY-MM-DD"); "" when either is not a date.
  std::string EstimateNote(absl::CivilDay from, absl::CivilDay to);
  std::string EstimateNote(absl::string_view from, absl::string_view to);
  // The same against a calendar snapshot the caller already holds.
  std::string EstimateNote(const Calendar& calendar, absl::CivilDay from,
                           absl::CivilDay to);
  // Today in the county's zone (the clock the notes are worded for).
  absl::CivilDay today() const { return Today(clock_); }

  [[nodiscard]] absl::StatusOr<std::vector<LocalOverride>> ListOverrides();
  // Admin only; `day` "YYYY-MM-DD", a reason is required.
  [[nodiscard]] absl::StatusOr<LocalOverride> AddOverride(
      const Actor& actor, absl::string_view day, bool off,
      absl::string_view reason);
  [[nodiscard]] absl::Status RemoveOverride(const Actor& actor, int64_t id);

  // Years whose notice the county office should load now (YearsToLoad):
  // the admin home's task and the calendar admin page's warning.
  std::vector<Warning> MissingYears();

  // Registered by modules that hold deadlines (application clocks,
  // publishing obligations); run after every calendar change.
  void AddRecomputer(std::string name, DeadlineRecomputer r);

  using ChangeLog = CalendarChange;
  [[nodiscard]] absl::StatusOr<std::vector<ChangeLog>> ListChanges(
      int limit = 20);
  // One change with the deadlines it moved. Admin only.
  [[nodiscard]] absl::StatusOr<ChangeLog> GetChange(const Actor& actor,
                                                    int64_t id);

 private:
  struct Loaded {
    int64_t generation = -1;
    std::shared_ptr<const Calendar> calendar;
  };
  // The calendar as the database has it now, with the site generation read
  // before it (so a write that commits meanwhile moves the counter past the
  // one recorded, and the next call loads again rather than never).
  absl::StatusOr<Loaded> Load();
  // Rebuilds the calendar, runs the recomputers and logs (and audits) the
  // change with what moved; returns the change's id in `id`.
  struct ChangeOutcome {
    RecomputeCount count;
    int64_t id = 0;
  };
  absl::StatusOr<ChangeOutcome> Changed(const Actor& actor,
                                        const std::string& cause);
  absl::StatusOr<ImportSummary> Store(const Actor& actor, ImportResult parsed,
                                      absl::string_view source_name);

  db::Database& db_;
  const Clock& clock_;
  std::mutex mu_;  // guards current_, generation_, recomputers_
  std::shared_ptr<const Calendar> current_;
  int64_t generation_ = -1;  // the site generation current_ was loaded at
  std::vector<std::pair<std::string, DeadlineRecomputer>> recomputers_;
};

}  // namespace zwgk::calendar

#endif  // ZWGK_CALENDAR_SERVICE_H_
