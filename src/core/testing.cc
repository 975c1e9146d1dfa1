#include "core/testing.h"

#include <atomic>
#include <cstdlib>
#include <regex>

#include "absl/strings/str_cat.h"
#include "core/crypto.h"
#include "core/migrate.h"
#include "gtest/gtest.h"

namespace zwgk::testing {

std::vector<std::string> DatabaseKinds() {
  std::vector<std::string> kinds = {"sqlite"};
  const char* pg = std::getenv("ZWGK_TEST_PG_URL");
  const char* ci = std::getenv("CI");
  if (pg && *pg) {
    kinds.push_back("postgres");
  } else if (ci && std::string(ci) == "true") {
    kinds.push_back(
        "postgres");  // NewDatabase fails loudly: CI must test PostgreSQL
  }
  return kinds;
}

std::unique_ptr<db::Database> NewDatabase(const std::string& kind) {
  if (kind == "sqlite") {
    auto db = db::Database::Open("sqlite::memory:");
    EXPECT_TRUE(db.ok()) << db.status();
    return db.ok() ? std::move(*db) : nullptr;
  }
  const char* base = std::getenv("ZWGK_TEST_PG_URL");
  if (!base || !*base) {
    ADD_FAILURE()
        << "ZWGK_TEST_PG_URL is not set: run the suite through `make test`";
    return nullptr;
  }
  auto admin = db::Database::Open(base);
  if (!admin.ok()) {
    ADD_FAILURE() << admin.status();
    return nullptr;
  }
  std::string name = absl::StrCat("zwgk_t_", crypto::RandomHex(6));
  auto created = (*admin)->Query(absl::StrCat("CREATE DATABASE ", name));
  if (!created.ok()) {
    ADD_FAILURE() << created.status();
    return nullptr;
  }
  // Replace the database name in the URL's path: postgresql://host:port/db?…
  std::string url(base);
  size_t scheme = url.find("://");
  size_t slash = url.find('/', scheme + 3);
  size_t q = url.find('?', scheme + 3);
  std::string query = q == std::string::npos ? "" : url.substr(q);
  std::string prefix = url.substr(
      0, slash == std::string::npos ? (q == std::string::npos ? url.size() : q)
                                    : slash);
  auto db = db::Database::Open(absl::StrCat(prefix, "/", name, query));
  EXPECT_TRUE(db.ok()) << db.status();
  return db.ok() ? std::move(*db) : nullptr;
}

std::unique_ptr<db::Database> NewMigratedDatabase(
    const std::string& kind, const std::vector<std::string>& modules) {
  std::unique_ptr<db::Database> db = NewDatabase(kind);
  if (!db) return nullptr;
  std::vector<Migration> all;
  for (const std::string& m : modules) {
    absl::StatusOr<std::vector<Migration>> mine = EmbeddedMigrations(m);
    if (!mine.ok()) {
      ADD_FAILURE() << mine.status();
      return nullptr;
    }
    all.insert(all.end(), mine->begin(), mine->end());
  }
  absl::StatusOr<int> applied = Migrate(*db, all);
  if (!applied.ok()) {
    ADD_FAILURE() << applied.status();
    return nullptr;
  }
  return db;
}

std::optional<std::vector<std::string>> ErrorSummaryHrefs(
    absl::string_view html) {
  size_t at = html.find("class=\"error-summary\"");
  if (at == absl::string_view::npos) return std::nullopt;
  std::string summary(html.substr(at, html.find("</div>", at) - at));
  std::vector<std::string> ids;
  const std::regex link("<li><a href=\"#([a-z0-9_-]+)\">");
  for (std::sregex_iterator it(summary.begin(), summary.end(), link), end;
       it != end; ++it)
    ids.push_back((*it)[1]);
  return ids;
}

}  // namespace zwgk::testing
