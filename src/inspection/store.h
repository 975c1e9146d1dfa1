// All SQL of the inspection module: its reports.
#ifndef ZWGK_INSPECTION_STORE_H_
#define ZWGK_INSPECTION_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/db.h"

namespace zwgk::inspection::store {

struct ReportRow {
  int64_t id = 0;
  std::string as_of, month, started_at, finished_at, run_by, trigger, base_url;
  bool passed = true;
  int64_t vetoes = 0, failures = 0, pages = 0;
  bool page_limit_reached = false;
  std::string verdict_json;  // empty in List
};

[[nodiscard]] absl::StatusOr<int64_t> Insert(db::Tx& tx, const ReportRow& r);
[[nodiscard]] absl::StatusOr<ReportRow> Get(db::Tx& tx, int64_t id);
// Newest first, without the verdict JSON.
[[nodiscard]] absl::StatusOr<std::vector<ReportRow>> List(db::Tx& tx,
                                                          int limit);
[[nodiscard]] absl::StatusOr<std::optional<int64_t>> LatestId(db::Tx& tx);
[[nodiscard]] absl::StatusOr<bool> HasMonth(db::Tx& tx,
                                            absl::string_view month);

}  // namespace zwgk::inspection::store

#endif  // ZWGK_INSPECTION_STORE_H_
