// Publishing obligations a catalog creates (条例第二十六条: information in the
// scope of proactive disclosure is published within 20 working days of being
// formed or changed unless a law sets another limit; the catalog item's
// 公开时限 is that limit).
//
// Dates are computed by an injected function because working days depend on
// the holiday calendar (src/calendar); tests use a fake.
#ifndef ZWGK_CATALOG_OBLIGATIONS_H_
#define ZWGK_CATALOG_OBLIGATIONS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "catalog/model.h"

namespace zwgk::catalog {

// The day a period of `period.days` working or calendar days that starts on
// `from` ends. Only called with kWorkingDays and kCalendarDays.
using DueDateFn =
    std::function<absl::CivilDay(absl::CivilDay from, Period period)>;

// Information formed or changed under a catalog item on `day`.
struct Formation {
  int64_t item_id = 0;
  absl::CivilDay day = {};
};

struct Obligation {
  int64_t item_id = 0;
  absl::CivilDay formed_on = {};
  absl::CivilDay due = {};
  // The period applied: the item's, or the statutory one for 及时公开.
  Period period = {};
  // The item names only a 公示期: `due` is the earliest day the posting may
  // end, counting from formation.
  bool publicity = false;
  bool operator==(const Obligation&) const = default;
};

struct ObligationOptions {
  // 及时公开 names no number of days; the statutory limit (条例第二十六条)
  // still bounds it. nullopt: no obligation for such items.
  std::optional<Period> timely_limit =
      Period{.kind = PeriodKind::kWorkingDays, .days = 20};
};

// One obligation per formation under a 主动 item whose 公开时限 was parsed;
// 实时公开 is due the same day. Formations of unknown items, of items that are
// only 依申请公开, or with an unparsed time limit yield none. Ordered by due
// date, then item id.
std::vector<Obligation> ComputeObligations(
    const std::vector<CatalogItem>& items,
    const std::vector<Formation>& formations, const DueDateFn& due_date,
    const ObligationOptions& options = {});

enum class ObligationState {
  kPending,  // not yet published, not yet due
  kOverdue,  // not yet published, past due
  kOnTime,   // published on or before the due date
  kLate,     // published after the due date
};

// `published_on`: the first publication of that information, if any.
ObligationState Evaluate(const Obligation& obligation,
                         std::optional<absl::CivilDay> published_on,
                         absl::CivilDay today);

struct Publication {
  int64_t item_id = 0;
  absl::CivilDay day = {};
};

// The ids of 主动 items with nothing published on or after `adopted_on` (the
// day the catalog was adopted), in catalog order.
std::vector<int64_t> ItemsWithoutPublications(
    const std::vector<CatalogItem>& items, absl::CivilDay adopted_on,
    const std::vector<Publication>& publications);

}  // namespace zwgk::catalog

#endif  // ZWGK_CATALOG_OBLIGATIONS_H_
