#include "compliance/participation_source.h"

#include <map>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/date.h"
#include "core/status.h"

namespace zwgk::compliance {

Evidence PolicyEvidence(const publishing::PolicyInterpretation& p) {
  return {.label = p.title,
          .url = absl::StrCat("/admin/records/", p.record_id),
          .detail = absl::StrCat(p.published_on, " 发布，",
                                 publishing::InterpretationLabel(p.judgement))};
}

// Which of the three a message is: unanswered past due, unanswered and near
// the inspectors' three-month line, or answered late this year.
Evidence MessageEvidence(const messages::UnansweredMessage& m) {
  const std::string label = m.tracking_number.empty()
                                ? m.title
                                : absl::StrCat(m.tracking_number, " ", m.title);
  const std::string due = FormatDate(m.due_on);
  std::string detail;
  if (m.overdue) {
    detail = absl::StrCat("逾期未答复（应于 ", due, " 前答复）");
    if (m.near_three_month_line) absl::StrAppend(&detail, "，临近三个月期限");
  } else if (m.near_three_month_line) {
    detail = absl::StrCat("未答复，临近三个月期限（应于 ", due, " 前答复）");
  } else {
    detail = absl::StrCat("超期答复（应于 ", due, " 前答复）");
  }
  return {.label = label,
          .url = absl::StrCat("/admin/messages/", m.id),
          .detail = std::move(detail)};
}

Evidence DecisionEvidence(const decisions::MissingFeedback& d) {
  return {.label = d.title,
          .url = absl::StrCat("/admin/decisions/", d.decision_id),
          .detail = absl::StrCat(FormatDate(d.published_on),
                                 " 公布，未公开意见采纳情况反馈")};
}

absl::StatusOr<std::vector<ParticipationFigures>>
ParticipationFromModules::Figures(absl::CivilDay as_of,
                                  std::optional<int64_t> unit_id) {
  ZWGK_ASSIGN_OR_RETURN(
      std::vector<publishing::PolicyInterpretation> policies,
      publishing_.PoliciesWithoutInterpretation(as_of, unit_id));
  ZWGK_ASSIGN_OR_RETURN(std::vector<messages::UnansweredMessage> messages,
                        messages_.Unanswered(as_of, unit_id));
  ZWGK_ASSIGN_OR_RETURN(std::vector<decisions::MissingFeedback> decisions,
                        decisions_.DecisionsWithoutFeedback(as_of, unit_id));
  std::map<int64_t, ParticipationFigures> by_unit;
  auto of = [&](int64_t id) -> ParticipationFigures& {
    ParticipationFigures& f = by_unit[id];
    f.unit_id = id;
    return f;
  };
  for (const publishing::PolicyInterpretation& p : policies)
    of(p.unit_id).policies_without_interpretation.push_back(PolicyEvidence(p));
  for (const messages::UnansweredMessage& m : messages)
    of(m.unit_id).unanswered_messages.push_back(MessageEvidence(m));
  for (const decisions::MissingFeedback& d : decisions)
    of(d.unit_id).decisions_without_feedback.push_back(DecisionEvidence(d));
  std::vector<ParticipationFigures> out;
  out.reserve(by_unit.size());
  for (auto& [id, f] : by_unit) out.push_back(std::move(f));
  return out;
}

}  // namespace zwgk::compliance
