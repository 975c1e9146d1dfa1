// All SQL of the column registry: free functions taking the caller's
// transaction.
#ifndef ZWGK_COLUMNS_STORE_H_
#define ZWGK_COLUMNS_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "columns/model.h"
#include "core/db.h"

namespace zwgk::columns::store {

// Every column, by position then id.
[[nodiscard]] absl::StatusOr<std::vector<Column>> List(db::Tx& tx);
[[nodiscard]] absl::StatusOr<std::optional<Column>> Get(db::Tx& tx,
                                                        absl::string_view key);
// Inserts `c` unless its key is registered; true when inserted.
[[nodiscard]] absl::StatusOr<bool> InsertIfMissing(db::Tx& tx, const Column& c,
                                                   absl::string_view by,
                                                   absl::string_view at);
// Writes the office's fields (name, type, rule, required, position).
[[nodiscard]] absl::Status Update(db::Tx& tx, const Column& c,
                                  absl::string_view by, absl::string_view at);
// The largest position so far (0 when empty).
[[nodiscard]] absl::StatusOr<int> MaxPosition(db::Tx& tx);

}  // namespace zwgk::columns::store

#endif  // ZWGK_COLUMNS_STORE_H_
