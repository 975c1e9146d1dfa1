// Test helpers: the databases every store contract suite runs against.
#ifndef ZWGK_CORE_TESTING_H_
#define ZWGK_CORE_TESTING_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/db.h"

namespace zwgk::testing {

// "sqlite" always; "postgres" when ZWGK_TEST_PG_URL names a server (make
// test starts one). Under CI=true a missing server is a failure, not a skip.
std::vector<std::string> DatabaseKinds();

// A new, empty database of `kind`: in-memory SQLite, or a freshly created
// PostgreSQL database on the test server. Aborts the test on failure.
std::unique_ptr<db::Database> NewDatabase(const std::string& kind);

// A new database of `kind` with the embedded migrations of `modules`
// applied in order ("core" first, then e.g. "org"). nullptr on failure.
std::unique_ptr<db::Database> NewMigratedDatabase(
    const std::string& kind, const std::vector<std::string>& modules);

// The ids a page's error summary links to ("#id" without the "#"), in its
// order; std::nullopt when the page shows no summary at all.
std::optional<std::vector<std::string>> ErrorSummaryHrefs(
    absl::string_view html);

}  // namespace zwgk::testing

#endif  // ZWGK_CORE_TESTING_H_
