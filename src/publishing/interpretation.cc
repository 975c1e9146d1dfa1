#include "publishing/interpretation.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "core/date.h"

namespace zwgk::publishing {

InterpretationJudgement JudgeInterpretation(const InterpretationFacts& facts,
                                            const calendar::Calendar& cal,
                                            int late_after_days,
                                            absl::CivilDay as_of) {
  InterpretationJudgement j;
  absl::StatusOr<absl::CivilDay> policy = ParseDate(facts.policy_published_on);
  if (!policy.ok()) return j;
  absl::CivilDay due = late_after_days > 0
                           ? cal.NthWorkdayAfter(*policy, late_after_days)
                           : *policy;
  j.due_on = FormatDate(due);
  std::optional<absl::CivilDay> first;
  for (const std::string& on : facts.interpretations_published_on) {
    absl::StatusOr<absl::CivilDay> d = ParseDate(on);
    if (d.ok() && *d <= as_of && (!first || *d < *first)) first = *d;
  }
  if (first) j.interpreted_on = FormatDate(*first);
  if (first && *first <= due) {
    j.state = InterpretationState::kOnTime;
  } else if (facts.waived) {
    j.state = InterpretationState::kWaived;
  } else if (first) {
    j.state = InterpretationState::kLate;
    j.days = cal.CountWorkdays(*policy + 1, *first);
  } else if (as_of > due) {
    j.state = InterpretationState::kMissing;
    j.days = cal.CountWorkdays(due + 1, as_of);
  } else {
    j.state = InterpretationState::kPending;
  }
  return j;
}

std::string InterpretationLabel(const InterpretationJudgement& j) {
  switch (j.state) {
    case InterpretationState::kOnTime:
      return "解读已同步发布";
    case InterpretationState::kPending:
      return absl::StrCat("解读应于", j.due_on, "前发布");
    case InterpretationState::kLate:
      return absl::StrCat("解读晚于政策", j.days, "个工作日发布（应于",
                          j.due_on, "前）");
    case InterpretationState::kMissing:
      return absl::StrCat(
          "缺少政策解读（应于", j.due_on, "前发布",
          j.days > 0 ? absl::StrCat("，已逾期", j.days, "个工作日") : "", "）");
    case InterpretationState::kWaived:
      return "经审核不作解读（已记录理由）";
  }
  return "";
}

}  // namespace zwgk::publishing
