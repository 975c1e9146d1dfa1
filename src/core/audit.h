// The audit log: every write by a person is recorded in the same transaction
// as the write itself, with the state before and after.
#ifndef ZWGK_CORE_AUDIT_H_
#define ZWGK_CORE_AUDIT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "nlohmann/json.hpp"

namespace zwgk::audit {

struct Entry {
  std::string action;  // "unit.update", "user.login_failed", …
  std::string entity;  // "unit", "domain", "user", …
  std::string entity_id;
  nlohmann::json before;  // null when created
  nlohmann::json after;   // null when deleted
};

[[nodiscard]] absl::Status Record(db::Tx& tx, const Clock& clock,
                                  const Actor& actor, const Entry& entry);

struct LoggedEntry {
  int64_t id = 0;
  std::string at;
  std::string user_name;
  std::string action, entity, entity_id;
  std::string before_json, after_json;
};

// Every filter is exact and optional; `from`/`to` bound `at` (stored
// RFC 3339 UTC text, compared as text): from <= at < to.
struct ListOptions {
  std::optional<std::string> entity;
  std::optional<std::string> action;
  std::optional<std::string> user_name;
  std::optional<std::string> from, to;
  int page = 1;
  int per_page = 50;
};

// Newest first.
[[nodiscard]] absl::StatusOr<std::vector<LoggedEntry>> List(
    db::Database& db, const ListOptions& o);

// The distinct names, actions and entities in the log (for filter choices),
// each sorted and at most `limit` long.
struct Facets {
  std::vector<std::string> user_names, actions, entities;
};
[[nodiscard]] absl::StatusOr<Facets> ListFacets(db::Database& db,
                                                int limit = 500);

}  // namespace zwgk::audit

#endif  // ZWGK_CORE_AUDIT_H_
