// The dashboard's public-participation figures (issue 16) from the modules
// that own them: 行政规范性文件 whose 解读 is missing or late (publishing),
// messages not answered in time (messages), 重大行政决策 published without
// the 意见采纳情况反馈 (decisions). Each read answers errors as they are: a
// module that fails fails the dashboard.
#ifndef ZWGK_COMPLIANCE_PARTICIPATION_SOURCE_H_
#define ZWGK_COMPLIANCE_PARTICIPATION_SOURCE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "compliance/service.h"
#include "decisions/service.h"
#include "messages/service.h"
#include "publishing/service.h"

namespace zwgk::compliance {

// Evidence of one flagged item, as the dashboard lists it (pure; tested).
Evidence PolicyEvidence(const publishing::PolicyInterpretation& p);
Evidence MessageEvidence(const messages::UnansweredMessage& m);
Evidence DecisionEvidence(const decisions::MissingFeedback& d);

class ParticipationFromModules final : public ParticipationSource {
 public:
  ParticipationFromModules(publishing::Service& publishing,
                           messages::Service& messages,
                           decisions::Service& decisions)
      : publishing_(publishing), messages_(messages), decisions_(decisions) {}

  // By unit id; units without a flagged item are left out.
  absl::StatusOr<std::vector<ParticipationFigures>> Figures(
      absl::CivilDay as_of, std::optional<int64_t> unit_id) override;

 private:
  publishing::Service& publishing_;
  messages::Service& messages_;
  decisions::Service& decisions_;
};

}  // namespace zwgk::compliance

#endif  // ZWGK_COMPLIANCE_PARTICIPATION_SOURCE_H_
