#include "catalog/obligations.h"

#include <algorithm>
#include <map>
#include <set>

namespace zwgk::catalog {
namespace {

bool Proactive(const CatalogItem& item) {
  return std::find(item.method.begin(), item.method.end(),
                   Method::kProactive) != item.method.end();
}

}  // namespace

std::vector<Obligation> ComputeObligations(
    const std::vector<CatalogItem>& items,
    const std::vector<Formation>& formations, const DueDateFn& due_date,
    const ObligationOptions& options) {
  std::map<int64_t, const CatalogItem*> by_id;
  for (const CatalogItem& item : items) by_id[item.id] = &item;
  std::vector<Obligation> out;
  for (const Formation& f : formations) {
    auto it = by_id.find(f.item_id);
    if (it == by_id.end() || !Proactive(*it->second)) continue;
    const TimeLimit& limit = it->second->time_limit;
    Obligation o{.item_id = f.item_id,
                 .formed_on = f.day,
                 .due = f.day,
                 .period = limit.period};
    switch (limit.period.kind) {
      case PeriodKind::kUnparsed:
        continue;
      case PeriodKind::kRealtime:
        break;
      case PeriodKind::kTimely:
        if (!options.timely_limit) continue;
        o.period = *options.timely_limit;
        o.due = due_date(f.day, o.period);
        break;
      case PeriodKind::kWorkingDays:
      case PeriodKind::kCalendarDays:
        o.due = due_date(f.day, o.period);
        o.publicity = limit.period_is_publicity;
        break;
    }
    out.push_back(o);
  }
  std::stable_sort(
      out.begin(), out.end(), [](const Obligation& a, const Obligation& b) {
        return a.due != b.due ? a.due < b.due : a.item_id < b.item_id;
      });
  return out;
}

ObligationState Evaluate(const Obligation& obligation,
                         std::optional<absl::CivilDay> published_on,
                         absl::CivilDay today) {
  if (published_on) {
    return *published_on <= obligation.due ? ObligationState::kOnTime
                                           : ObligationState::kLate;
  }
  return today > obligation.due ? ObligationState::kOverdue
                                : ObligationState::kPending;
}

std::vector<int64_t> ItemsWithoutPublications(
    const std::vector<CatalogItem>& items, absl::CivilDay adopted_on,
    const std::vector<Publication>& publications) {
  std::set<int64_t> published;
  for (const Publication& p : publications) {
    if (p.day >= adopted_on) published.insert(p.item_id);
  }
  std::vector<int64_t> out;
  for (const CatalogItem& item : items) {
    if (Proactive(item) && !published.contains(item.id)) out.push_back(item.id);
  }
  return out;
}

}  // namespace zwgk::catalog
