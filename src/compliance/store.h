// The compliance dashboard's SQL: the office's thresholds and score rules.
// A kind or rule without a row keeps the model's default.
#ifndef ZWGK_COMPLIANCE_STORE_H_
#define ZWGK_COMPLIANCE_STORE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "compliance/model.h"
#include "core/db.h"

namespace zwgk::compliance::store {

// The stored thresholds over the defaults of Thresholds{}.
[[nodiscard]] absl::StatusOr<Thresholds> GetThresholds(db::Tx& tx);
[[nodiscard]] absl::Status PutThresholds(db::Tx& tx, const Thresholds& t,
                                         absl::string_view by,
                                         absl::string_view now);

// Every rule of kAllRules: the stored one, or DefaultRules()'s.
[[nodiscard]] absl::StatusOr<std::vector<ScoreRule>> GetRules(db::Tx& tx);
[[nodiscard]] absl::Status PutRule(db::Tx& tx, const ScoreRule& r,
                                   absl::string_view by, absl::string_view now);

}  // namespace zwgk::compliance::store

#endif  // ZWGK_COMPLIANCE_STORE_H_
