// All SQL of the privacy module: free functions taking the caller's
// transaction. Only the scan runs are the module's own.
#ifndef ZWGK_PRIVACY_STORE_H_
#define ZWGK_PRIVACY_STORE_H_

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/db.h"
#include "privacy/model.h"

namespace zwgk::privacy::store {

[[nodiscard]] absl::StatusOr<int64_t> InsertRun(db::Tx& tx,
                                                absl::string_view started_at,
                                                absl::string_view started_by);
// Records a run's end: its counts, or the error that stopped it.
[[nodiscard]] absl::Status FinishRun(db::Tx& tx, int64_t id,
                                     absl::string_view finished_at,
                                     const publishing::PrivacyScanSummary& s);
[[nodiscard]] absl::Status FailRun(db::Tx& tx, int64_t id,
                                   absl::string_view error);
[[nodiscard]] absl::StatusOr<std::optional<ScanRun>> LastRun(db::Tx& tx);

}  // namespace zwgk::privacy::store

#endif  // ZWGK_PRIVACY_STORE_H_
