// Migrate on both engines: a migration that fails half-way leaves the
// database as it was (issue 20), and what ran before it stays applied.
#include "core/migrate.h"

#include <string>
#include <vector>

#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk {
namespace {

using ::testing::HasSubstr;

class MigrateTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = testing::NewDatabase(GetParam());
    ASSERT_NE(db_, nullptr);
  }

  // The rows of `sql` as "a|b" lines, in order.
  std::vector<std::string> Rows(const std::string& sql) {
    auto r = db_->Query(sql);
    EXPECT_TRUE(r.ok()) << r.status();
    std::vector<std::string> out;
    if (!r.ok()) return out;
    for (const db::Row& row : r->rows) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i)
        line += (i ? "|" : "") + row.Text(i);
      out.push_back(line);
    }
    return out;
  }

  bool TableExists(const std::string& name) {
    const std::string sql =
        GetParam() == "sqlite"
            ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
              "name = '" +
                  name + "'"
            : "SELECT count(*) FROM information_schema.tables WHERE "
              "table_schema = current_schema() AND table_name = '" +
                  name + "'";
    return Rows(sql) == std::vector<std::string>{"1"};
  }

  std::unique_ptr<db::Database> db_;
};

const Migration kFirst{"upgrade", 1, "001_people.sql",
                       "CREATE TABLE people (id {{id}}, name TEXT NOT NULL, "
                       "phone TEXT NOT NULL DEFAULT '');\n"
                       "INSERT INTO people (name, phone) VALUES "
                       "('张三', '13812345678'), ('李四', '13900000000');\n"};

// Changes every kind of thing a real migration changes (a new table with
// rows, a new column, rewritten values, a dropped table) and then fails on
// its last statement.
const Migration kHalfWay{
    "upgrade", 2, "002_broken.sql",
    "CREATE TABLE people_new (id {{id}}, name TEXT NOT NULL);\n"
    "INSERT INTO people_new (id, name) SELECT id, name FROM people;\n"
    "ALTER TABLE people ADD COLUMN note TEXT NOT NULL DEFAULT '';\n"
    "UPDATE people SET phone = '', note = 'moved';\n"
    "DELETE FROM people WHERE name = '李四';\n"
    "DROP TABLE people_new;\n"
    "CREATE TABLE extra (id {{id}});\n"
    "INSERT INTO no_such_table (x) VALUES (1);\n"};

const Migration kThird{"upgrade", 3, "003_after.sql",
                       "CREATE TABLE after_broken (id {{id}});\n"};

TEST_P(MigrateTest, FailureHalfWayLeavesTheDatabaseAsItWas) {
  ASSERT_EQ(Migrate(*db_, {kFirst}).value_or(-1), 1);
  const std::vector<std::string> before =
      Rows("SELECT id, name, phone FROM people ORDER BY id");
  ASSERT_EQ(before.size(), 2u);

  absl::StatusOr<int> r = Migrate(*db_, {kFirst, kHalfWay, kThird});
  ASSERT_FALSE(r.ok());
  // The message names the migration that failed.
  EXPECT_THAT(r.status().message(), HasSubstr("upgrade/002_broken.sql"));

  // Every row and column as it was; nothing the broken migration created.
  EXPECT_EQ(Rows("SELECT id, name, phone FROM people ORDER BY id"), before);
  EXPECT_FALSE(TableExists("people_new"));
  EXPECT_FALSE(TableExists("extra"));
  auto note = db_->Query("SELECT note FROM people");
  EXPECT_FALSE(note.ok()) << "the added column survived the failure";
  // Neither it nor anything after it is recorded or applied.
  EXPECT_EQ(Rows("SELECT module, version FROM schema_migrations ORDER BY "
                 "version"),
            std::vector<std::string>{"upgrade|1"});
  EXPECT_FALSE(TableExists("after_broken"));

  // Once the migration is fixed, the next run applies it and the rest.
  Migration fixed = kHalfWay;
  fixed.sql = "ALTER TABLE people ADD COLUMN note TEXT NOT NULL DEFAULT '';\n";
  EXPECT_EQ(Migrate(*db_, {kFirst, fixed, kThird}).value_or(-1), 2);
  EXPECT_EQ(
      Rows("SELECT id, name, phone, note FROM people ORDER BY id"),
      (std::vector<std::string>{"1|张三|13812345678|", "2|李四|13900000000|"}));
  EXPECT_TRUE(TableExists("after_broken"));
}

TEST_P(MigrateTest, AppliedMigrationsAreNotRunAgain) {
  ASSERT_EQ(Migrate(*db_, {kFirst}).value_or(-1), 1);
  // Run twice, kFirst would insert its rows twice.
  EXPECT_EQ(Migrate(*db_, {kFirst, kThird}).value_or(-1), 1);
  EXPECT_EQ(Migrate(*db_, {kFirst, kThird}).value_or(-1), 0);
  EXPECT_EQ(Rows("SELECT count(*) FROM people"), std::vector<std::string>{"2"});
}

INSTANTIATE_TEST_SUITE_P(Engines, MigrateTest,
                         ::testing::ValuesIn(testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk
