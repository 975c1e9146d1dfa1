// Numbered SQL migrations, owned by each module and embedded in the binary:
// src/<module>/migrations/NNN_name.sql. Applied in (module order, number)
// order; each in its own transaction and recorded in schema_migrations.
#ifndef ZWGK_CORE_MIGRATE_H_
#define ZWGK_CORE_MIGRATE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/db.h"

namespace zwgk {

struct Migration {
  std::string module;
  int version = 0;
  std::string name;  // file name, e.g. "001_units.sql"
  std::string sql;   // with dialect tokens ({{id}}, {{blob}})
};

// The embedded migrations of `module`, sorted by version. Fails if a file
// name does not start with a number or two share one.
[[nodiscard]] absl::StatusOr<std::vector<Migration>> EmbeddedMigrations(
    absl::string_view module);

// Applies every migration not yet recorded; returns how many were applied.
[[nodiscard]] absl::StatusOr<int> Migrate(db::Database& db,
                                          const std::vector<Migration>& all);

}  // namespace zwgk

#endif  // ZWGK_CORE_MIGRATE_H_
