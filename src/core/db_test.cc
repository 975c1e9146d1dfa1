// The db contract: the same behaviour on SQLite and PostgreSQL.
#include "core/db.h"

#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::db {
namespace {

class DbContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewDatabase(GetParam());
    ASSERT_NE(db_, nullptr);
    ASSERT_TRUE(db_->Transaction([](Tx& tx) {
                     return tx.ExecScript(ApplyDialect(
                         "CREATE TABLE t (id {{id}}, name TEXT NOT NULL "
                         "UNIQUE, n INTEGER, "
                         "x DOUBLE PRECISION, parent INTEGER REFERENCES t(id))",
                         tx.dialect()));
                   })
                    .ok());
  }
  // The counter the core migrations create, for the generation tests.
  void CreateSiteGeneration() {
    ASSERT_TRUE(db_->Transaction([](Tx& tx) {
                     return tx.ExecScript(
                         "CREATE TABLE site_generation (id INTEGER PRIMARY "
                         "KEY, n BIGINT NOT NULL); "
                         "INSERT INTO site_generation (id, n) VALUES (1, 0)");
                   })
                    .ok());
  }
  std::unique_ptr<Database> db_;
};

TEST_P(DbContract, InsertReturnsIdsAndRowsRoundTrip) {
  auto id = db_->InTransaction<int64_t>([](Tx& tx) {
    return tx.Insert("INSERT INTO t (name, n, x) VALUES (?, ?, ?) RETURNING id",
                     {std::string("县民政局"), int64_t{42}, 1.5});
  });
  ASSERT_TRUE(id.ok()) << id.status();
  auto r =
      db_->Query("SELECT id, name, n, x, parent FROM t WHERE id = ?", {*id});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->rows.size(), 1u);
  const Row& row = r->rows[0];
  EXPECT_EQ(row.Int(0), *id);
  EXPECT_EQ(row.Text(1), "县民政局");
  EXPECT_EQ(row.Int(2), 42);
  EXPECT_DOUBLE_EQ(row.Double(3), 1.5);
  EXPECT_TRUE(row.IsNull(4));
  EXPECT_EQ(row.OptInt(4), std::nullopt);
}

TEST_P(DbContract, UniqueViolationIsAlreadyExists) {
  absl::Status s = db_->Transaction([](Tx& tx) -> absl::Status {
    auto a = tx.Exec("INSERT INTO t (name) VALUES (?)", {std::string("a")});
    if (!a.ok()) return a.status();
    return tx.Exec("INSERT INTO t (name) VALUES (?)", {std::string("a")})
        .status();
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists) << s;
}

TEST_P(DbContract, ForeignKeyViolationIsFailedPrecondition) {
  absl::Status s = db_->Transaction([](Tx& tx) {
    return tx
        .Exec("INSERT INTO t (name, parent) VALUES (?, ?)",
              {std::string("b"), int64_t{999}})
        .status();
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
}

TEST_P(DbContract, FailedTransactionLeavesNothingBehind) {
  absl::Status s = db_->Transaction([](Tx& tx) -> absl::Status {
    auto a = tx.Exec("INSERT INTO t (name) VALUES (?)", {std::string("kept?")});
    if (!a.ok()) return a.status();
    return absl::InvalidArgumentError("user action failed half-way");
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  auto r = db_->Query("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rows[0].Int(0), 0);
}

TEST_P(DbContract, QueryOneMapsNoRowToNotFound) {
  absl::Status s = db_->Transaction([](Tx& tx) {
    return tx
        .QueryOne("SELECT id FROM t WHERE name = ?", {std::string("none")},
                  "单位 none")
        .status();
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("单位 none"));
}

TEST_P(DbContract, AffectedRowsAndNullParameters) {
  auto n = db_->InTransaction<int64_t>([](Tx& tx) -> absl::StatusOr<int64_t> {
    for (const char* name : {"a", "b", "c"}) {
      auto r = tx.Exec("INSERT INTO t (name, n) VALUES (?, ?)",
                       {std::string(name), nullptr});
      if (!r.ok()) return r.status();
    }
    return tx.Exec("UPDATE t SET n = ? WHERE name <> ?",
                   {int64_t{7}, std::string("a")});
  });
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 2);
}

// Issue 20: an exception thrown inside a transaction (a library that
// throws, e.g. a JSON dump of bad text) rolls it back, and the connection
// takes the next transaction.
TEST_P(DbContract, AnExceptionRollsTheTransactionBack) {
  EXPECT_THROW((void)db_->Transaction([](Tx& tx) -> absl::Status {
    (void)tx.Query("INSERT INTO t (name) VALUES (?)", {std::string("未提交")});
    throw std::runtime_error("thrown mid-transaction");
  }),
               std::runtime_error);
  auto id = db_->InTransaction<int64_t>([](Tx& tx) {
    return tx.Insert("INSERT INTO t (name) VALUES (?) RETURNING id",
                     {std::string("下一个")});
  });
  ASSERT_TRUE(id.ok()) << id.status();
  auto r = db_->Query("SELECT name FROM t ORDER BY id", {});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->rows[0].Text(0), "下一个");
}

TEST_P(DbContract, QuestionMarksInsideStringLiteralsAreNotParameters) {
  auto r = db_->Query("SELECT 'why?' AS q, ? AS p", {std::string("x")});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->rows[0].Text(0), "why?");
  EXPECT_EQ(r->rows[0].Text(1), "x");
}

TEST_P(DbContract, CommittedWritesBumpTheSiteGeneration) {
  CreateSiteGeneration();
  int64_t g0 = SiteGeneration(*db_);
  // Reads and updates that change nothing leave it alone.
  ASSERT_TRUE(db_->Transaction([](Tx& tx) {
                   return tx.Query("SELECT * FROM t").status();
                 })
                  .ok());
  ASSERT_TRUE(db_->Transaction([](Tx& tx) {
                   return tx.Exec("UPDATE t SET n = 1 WHERE id = -1").status();
                 })
                  .ok());
  EXPECT_EQ(SiteGeneration(*db_), g0);
  // A rolled-back write leaves it alone too.
  (void)db_->Transaction([](Tx& tx) -> absl::Status {
    (void)tx.Exec("INSERT INTO t (name) VALUES ('gone')");
    return absl::AbortedError("changed my mind");
  });
  EXPECT_EQ(SiteGeneration(*db_), g0);
  ASSERT_TRUE(
      db_->Transaction([](Tx& tx) {
           return tx.Exec("INSERT INTO t (name) VALUES ('kept')").status();
         })
          .ok());
  EXPECT_EQ(SiteGeneration(*db_), g0 + 1);
}

// This process's writes are seen at once; another process's (an autocommit
// UPDATE stands in: no Transaction of this Database counted it) within the
// max age.
TEST_P(DbContract, RecentSiteGenerationSeesOwnWritesAtOnceOthersSoon) {
  CreateSiteGeneration();
  const absl::Time t0 = absl::FromUnixSeconds(1800000000);
  const absl::Duration age = absl::Milliseconds(250);
  const int64_t g0 = db_->RecentSiteGeneration(t0, age);
  EXPECT_EQ(g0, SiteGeneration(*db_));
  const int64_t writes = db_->local_writes();
  ASSERT_TRUE(
      db_->Transaction([](Tx& tx) {
           return tx.Exec("INSERT INTO t (name) VALUES ('mine')").status();
         })
          .ok());
  EXPECT_EQ(db_->local_writes(), writes + 1);
  EXPECT_EQ(db_->RecentSiteGeneration(t0, age), g0 + 1);
  // A transaction that only read counts nothing.
  ASSERT_TRUE(db_->Transaction([](Tx& tx) {
                   return tx.Query("SELECT * FROM t").status();
                 })
                  .ok());
  EXPECT_EQ(db_->local_writes(), writes + 1);

  ASSERT_TRUE(
      db_->Query("UPDATE site_generation SET n = n + 1 WHERE id = 1").ok());
  EXPECT_EQ(db_->RecentSiteGeneration(t0 + absl::Milliseconds(249), age),
            g0 + 1);
  EXPECT_EQ(db_->RecentSiteGeneration(t0 + age, age), g0 + 2);
  // A clock that stepped back reads again rather than trusting the copy.
  ASSERT_TRUE(
      db_->Query("UPDATE site_generation SET n = n + 1 WHERE id = 1").ok());
  EXPECT_EQ(db_->RecentSiteGeneration(t0, age), g0 + 3);
}

TEST_P(DbContract, WritesBeforeTheGenerationTableExistStillCommit) {
  ASSERT_TRUE(
      db_->Transaction([](Tx& tx) {
           return tx.Exec("INSERT INTO t (name) VALUES ('early')").status();
         })
          .ok());
  EXPECT_EQ(SiteGeneration(*db_), -1);
  auto r = db_->Query("SELECT COUNT(*) FROM t", {});
  EXPECT_EQ(r->rows[0].Int(0), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, DbContract,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

TEST(NumberPlaceholders, SkipsQuotedText) {
  EXPECT_EQ(NumberPlaceholders("SELECT ? , '?' , \"a?\" , ?"),
            "SELECT $1 , '?' , \"a?\" , $2");
}

TEST(Open, RejectsUnknownScheme) {
  auto db = Database::Open("mysql://x");
  EXPECT_EQ(db.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace zwgk::db
