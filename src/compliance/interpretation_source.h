// The dashboard's 政策解读 figure (issue 16, 三同步): published policies
// whose interpretation is missing or late, from publishing. Messages (政民
// 互动) are not built yet, so this source leaves that figure 未启用.
#ifndef ZWGK_COMPLIANCE_INTERPRETATION_SOURCE_H_
#define ZWGK_COMPLIANCE_INTERPRETATION_SOURCE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "compliance/service.h"
#include "publishing/service.h"

namespace zwgk::compliance {

class InterpretationSource final : public ParticipationSource {
 public:
  explicit InterpretationSource(publishing::Service& publishing)
      : publishing_(publishing) {}

  absl::StatusOr<std::vector<ParticipationFigures>> Figures(
      absl::CivilDay as_of, std::optional<int64_t> unit_id) override;
  bool ProvidesMessages() const override { return false; }

 private:
  publishing::Service& publishing_;
};

}  // namespace zwgk::compliance

#endif  // ZWGK_COMPLIANCE_INTERPRETATION_SOURCE_H_
