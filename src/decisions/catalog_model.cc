// The catalog's pure rules: state and event names, the allowed moves, and
// what changed between two published versions.
#include <map>
#include <utility>

#include "decisions/model.h"

namespace zwgk::decisions {
namespace {

struct StateInfo {
  DecisionState state;
  absl::string_view name, label;
};
constexpr StateInfo kStates[] = {
    {DecisionState::kPlanned, "planned", "拟决策"},
    {DecisionState::kConsulting, "consulting", "征求意见"},
    {DecisionState::kDecided, "decided", "已决策"},
    {DecisionState::kPublished, "published", "已公布"},
    {DecisionState::kPostponed, "postponed", "暂缓"},
    {DecisionState::kWithdrawn, "withdrawn", "撤销"},
};

struct KindInfo {
  EventKind kind;
  absl::string_view name, label;
};
constexpr KindInfo kKinds[] = {
    {EventKind::kHearing, "hearing", "听证会"},
    {EventKind::kExpert, "expert", "专家论证"},
    {EventKind::kRisk, "risk", "风险评估"},
    {EventKind::kLegality, "legality", "合法性审查"},
    {EventKind::kCollective, "collective", "集体讨论决定"},
    {EventKind::kOther, "other", "其他"},
};

bool IsFinal(DecisionState s) {
  return s == DecisionState::kPublished || s == DecisionState::kWithdrawn;
}

// The fields the portal shows; a difference in any makes a "changed" item.
bool SameForCatalog(const Decision& a, const Decision& b) {
  return a.title == b.title && a.deciding_body == b.deciding_body &&
         a.unit_id == b.unit_id && a.legal_basis == b.legal_basis &&
         a.planned_consultation_on == b.planned_consultation_on &&
         a.planned_decision_on == b.planned_decision_on && a.state == b.state;
}

}  // namespace

absl::string_view DecisionStateName(DecisionState s) {
  for (const StateInfo& i : kStates)
    if (i.state == s) return i.name;
  return "planned";
}

absl::string_view DecisionStateLabel(DecisionState s) {
  for (const StateInfo& i : kStates)
    if (i.state == s) return i.label;
  return "拟决策";
}

std::optional<DecisionState> ParseDecisionState(absl::string_view name) {
  for (const StateInfo& i : kStates)
    if (i.name == name || i.label == name) return i.state;
  return std::nullopt;
}

absl::string_view EventKindName(EventKind k) {
  for (const KindInfo& i : kKinds)
    if (i.kind == k) return i.name;
  return "other";
}

absl::string_view EventKindLabel(EventKind k) {
  for (const KindInfo& i : kKinds)
    if (i.kind == k) return i.label;
  return "其他";
}

std::optional<EventKind> ParseEventKind(absl::string_view name) {
  for (const KindInfo& i : kKinds)
    if (i.name == name || i.label == name) return i.kind;
  return std::nullopt;
}

bool CanMove(DecisionState from, DecisionState to) {
  using S = DecisionState;
  if (from == to || IsFinal(from)) return false;
  // 暂缓 and 撤销 from any state before 已公布.
  if (to == S::kPostponed || to == S::kWithdrawn) return true;
  switch (from) {
    case S::kPlanned:
      // Straight to 已决策 when no consultation is required.
      return to == S::kConsulting || to == S::kDecided;
    case S::kConsulting:
      return to == S::kDecided;
    case S::kDecided:
      return to == S::kPublished;
    case S::kPostponed:
      // Resuming: the service checks it is the state it left (resume_to).
      return to == S::kPlanned || to == S::kConsulting || to == S::kDecided;
    case S::kPublished:
    case S::kWithdrawn:
      return false;
  }
  return false;
}

CatalogDiff Diff(const std::vector<Decision>& before,
                 const std::vector<Decision>& after) {
  CatalogDiff out;
  std::map<int64_t, const Decision*> old_by_id;
  for (const Decision& d : before) old_by_id[d.id] = &d;
  std::map<int64_t, bool> seen;
  for (const Decision& d : after) {
    auto it = old_by_id.find(d.id);
    if (it == old_by_id.end()) {
      out.added.push_back(d);
      continue;
    }
    seen[d.id] = true;
    if (!SameForCatalog(*it->second, d))
      out.changed.emplace_back(*it->second, d);
  }
  for (const Decision& d : before)
    if (!seen.count(d.id)) out.removed.push_back(d);
  return out;
}

}  // namespace zwgk::decisions
