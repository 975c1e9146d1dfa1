#include "compliance/interpretation_source.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace zwgk::compliance {

absl::StatusOr<std::vector<ParticipationFigures>> InterpretationSource::Figures(
    absl::CivilDay as_of, std::optional<int64_t> unit_id) {
  absl::StatusOr<std::vector<publishing::PolicyInterpretation>> policies =
      publishing_.PoliciesWithoutInterpretation(as_of, unit_id);
  if (!policies.ok()) return policies.status();
  // The read comes by unit: one entry per unit with flagged policies.
  std::vector<ParticipationFigures> out;
  for (const publishing::PolicyInterpretation& p : *policies) {
    if (out.empty() || out.back().unit_id != p.unit_id)
      out.push_back({.unit_id = p.unit_id});
    out.back().policies_without_interpretation.push_back(
        {.label = p.title,
         .url = absl::StrCat("/admin/records/", p.record_id),
         .detail = absl::StrCat(p.published_on, " 发布，",
                                publishing::InterpretationLabel(p.judgement))});
  }
  return out;
}

}  // namespace zwgk::compliance
