// Calendar storage: the national and local days, the notice years, imports
// and the change log, used inside the caller's transaction.
#ifndef ZWGK_CALENDAR_STORE_H_
#define ZWGK_CALENDAR_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "calendar/model.h"
#include "core/db.h"
#include "nlohmann/json.hpp"

namespace zwgk::calendar::store {

// Every stored day and notice year, split by source.
struct Schedules {
  Schedule national;  // days, years and papers
  Schedule local;     // days only
};
[[nodiscard]] absl::StatusOr<Schedules> LoadSchedules(db::Tx& tx);

// Whether the national schedule of notice year `year` is stored.
[[nodiscard]] absl::StatusOr<bool> HasNoticeYear(db::Tx& tx, int year);

// Writes the national days of every year in `schedule`, replacing what those
// notice years had before; returns how many days were written.
[[nodiscard]] absl::StatusOr<int> ReplaceNationalYears(
    db::Tx& tx, const Schedule& schedule, absl::string_view by,
    absl::string_view now, std::optional<int64_t> import_id);

// One `zwgk calendar import` (or upload).
struct Import {
  std::string at;
  std::string by_user;
  std::string format;
  std::string source_name;
  std::vector<int> years;
  int days = 0;
  std::vector<std::string> notes;
};
// Returns the new id.
[[nodiscard]] absl::StatusOr<int64_t> InsertImport(db::Tx& tx,
                                                   const Import& in);
[[nodiscard]] absl::Status SetImportDays(db::Tx& tx, int64_t import_id,
                                         int days);

// Local overrides by day.
[[nodiscard]] absl::StatusOr<std::vector<LocalOverride>> ListOverrides(
    db::Tx& tx);
// NotFound "本地调整 #id".
[[nodiscard]] absl::StatusOr<LocalOverride> GetOverride(db::Tx& tx, int64_t id);
// Returns the new id; AlreadyExists when the day has a local override.
[[nodiscard]] absl::StatusOr<int64_t> InsertOverride(db::Tx& tx,
                                                     const LocalOverride& o);
[[nodiscard]] absl::Status DeleteOverride(db::Tx& tx, int64_t id);

// Stores the change with `c.moved_items` and `per_module` (per recomputer,
// what it checked and moved) as its details; returns the new id.
[[nodiscard]] absl::StatusOr<int64_t> InsertChange(
    db::Tx& tx, const CalendarChange& c, const nlohmann::json& per_module);
// One change with its moved deadlines; NotFound "工作日历变更 #id".
[[nodiscard]] absl::StatusOr<CalendarChange> GetChange(db::Tx& tx, int64_t id);
// The newest `limit` changes, newest first.
[[nodiscard]] absl::StatusOr<std::vector<CalendarChange>> ListChanges(
    db::Tx& tx, int limit);

}  // namespace zwgk::calendar::store

#endif  // ZWGK_CALENDAR_STORE_H_
