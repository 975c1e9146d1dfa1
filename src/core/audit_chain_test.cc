#include "core/audit_chain.h"

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/migrate.h"
#include "core/testing.h"
#include "gtest/gtest.h"

namespace zwgk::audit {
namespace {

TEST(CanonicalBytesTest, PinsTheDocumentedFormat) {
  ChainRow row{.id = 7,
               .at = "2026-09-30T02:00:00Z",
               .user_name = "system",
               .action = "unit.create",
               .entity = "unit",
               .entity_id = "3",
               .after_json = R"({"name":"县教育局"})"};
  EXPECT_EQ(CanonicalBytes(row, kGenesisHash),
            "zwgk-audit-v1\n1:7\n20:2026-09-30T02:00:00Z\n-\n6:system\n"
            "11:unit.create\n4:unit\n1:3\n-\n23:{\"name\":\"县教育局\"}\n-\n"
            "prev:" +
                std::string(64, '0') + "\n");
  // sha256 of the bytes above, computed independently (Python hashlib).
  EXPECT_EQ(EntryHash(row, kGenesisHash),
            "4e7a13501cb9c3279c58f702fd3adaf2835d8074d3895d69b9bd0de3d22a35ae");
}

TEST(CanonicalBytesTest, LengthPrefixKeepsFieldsApart) {
  // Moving a character from one field to the next changes the hash, and
  // NULL differs from the empty text.
  ChainRow a{.id = 1, .action = "ab", .entity = "c"};
  ChainRow b{.id = 1, .action = "a", .entity = "bc"};
  EXPECT_NE(EntryHash(a, kGenesisHash), EntryHash(b, kGenesisHash));
  ChainRow null_before{.id = 1};
  ChainRow empty_before{.id = 1, .before_json = ""};
  EXPECT_NE(EntryHash(null_before, kGenesisHash),
            EntryHash(empty_before, kGenesisHash));
  ChainRow system{.id = 1};
  ChainRow user0{.id = 1, .user_id = 0};
  EXPECT_NE(EntryHash(system, kGenesisHash), EntryHash(user0, kGenesisHash));
}

class AuditChainTest : public ::testing::TestWithParam<std::string> {
 public:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase(GetParam(), {"core"});
    ASSERT_NE(db_, nullptr);
  }

  void Append(int n) {
    for (int i = 0; i < n; ++i) {
      clock_.Advance(absl::Minutes(1));
      ASSERT_TRUE(db_->Transaction([&](db::Tx& tx) {
                       return Record(tx, clock_, actor_,
                                     {.action = "unit.update",
                                      .entity = "unit",
                                      .entity_id = absl::StrCat(i + 1),
                                      .before = {{"name", "旧"}},
                                      .after = {{"name", "新"}}});
                     })
                      .ok());
    }
  }

  void Sql(const std::string& sql, const std::vector<db::Value>& p = {}) {
    absl::Status s =
        db_->Transaction([&](db::Tx& tx) { return tx.Exec(sql, p).status(); });
    ASSERT_TRUE(s.ok()) << s << " in " << sql;
  }

  std::vector<int64_t> Ids() {
    auto r = db_->Query("SELECT id FROM audit_log ORDER BY id");
    std::vector<int64_t> out;
    if (r.ok()) {
      for (const db::Row& row : r->rows) out.push_back(row.Int(0));
    }
    return out;
  }

  ChainRow ReadChainRow(int64_t id, std::string* prev_hash) {
    auto r = db_->Query(
        "SELECT id, at, user_id, user_name, action, entity, entity_id, "
        "before_json, after_json, remote_ip, prev_hash FROM audit_log WHERE "
        "id = ?",
        {id});
    EXPECT_TRUE(r.ok() && r->rows.size() == 1);
    if (!r.ok() || r->rows.empty()) return {};
    const db::Row& x = r->rows[0];
    if (prev_hash) *prev_hash = x.Text(10);
    return {x.Int(0),  x.Text(1), x.OptInt(2),  x.Text(3),    x.Text(4),
            x.Text(5), x.Text(6), x.OptText(7), x.OptText(8), x.OptText(9)};
  }

  // What someone who knows the algorithm could do with SQL alone: add an
  // entry chained to the newest one (but zwgk's head does not move).
  void Forge() {
    std::vector<int64_t> ids = Ids();
    auto newest =
        db_->Query("SELECT hash FROM audit_log WHERE id = ?", {ids.back()});
    ASSERT_TRUE(newest.ok());
    std::string prev = newest->rows.at(0).Text(0);
    Sql("INSERT INTO audit_log (at, user_name, action, entity, entity_id) "
        "VALUES ('2026-10-01T00:00:00Z', 'x', 'unit.delete', 'unit', '1')");
    int64_t id = Ids().back();
    ChainRow row = ReadChainRow(id, nullptr);
    Sql("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?",
        {prev, EntryHash(row, prev), id});
  }

  // Edits an entry and recomputes its own hash (but cannot fix the next
  // entry's link without rewriting the rest of the chain).
  void EditAndRehash(int64_t id) {
    Sql("UPDATE audit_log SET user_name = '李四' WHERE id = ?", {id});
    std::string prev;
    ChainRow row = ReadChainRow(id, &prev);
    Sql("UPDATE audit_log SET hash = ? WHERE id = ?",
        {EntryHash(row, prev), id});
  }

  VerifyReport MustVerify() {
    absl::StatusOr<VerifyReport> r = Verify(*db_);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : VerifyReport{};
  }

  std::unique_ptr<db::Database> db_;
  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2026, 9, 30, 2, 0, 0),
                                   absl::UTCTimeZone())};
  Actor actor_{.user_id = 5, .name = "张三", .role = Role::kAdmin};
};

TEST_P(AuditChainTest, EmptyLogIsIntact) {
  VerifyReport r = MustVerify();
  EXPECT_TRUE(r.intact());
  EXPECT_EQ(r.entries, 0);
  EXPECT_EQ(r.head_hash, "");
}

TEST_P(AuditChainTest, RecordedEntriesFormOneIntactChain) {
  Append(5);
  VerifyReport r = MustVerify();
  EXPECT_TRUE(r.intact()) << r.first_break->message;
  EXPECT_EQ(r.entries, 5);
  EXPECT_EQ(r.verified, 5);
  auto last = db_->Query(
      "SELECT hash, prev_hash FROM audit_log ORDER BY id DESC LIMIT 2");
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->rows.size(), 2u);
  EXPECT_EQ(r.head_hash, last->rows[0].Text(0));
  EXPECT_EQ(last->rows[0].Text(1), last->rows[1].Text(0));
}

struct TamperCase {
  std::string name;
  // Tampers with the five entries whose ids are given; returns the id the
  // break must name (0: after the last entry).
  std::function<int64_t(AuditChainTest&, const std::vector<int64_t>&)> tamper;
  BreakKind kind;
};

TEST_P(AuditChainTest, VerifyFindsEveryKindOfTampering) {
  const std::vector<TamperCase> cases = {
      {"edited field",
       [](AuditChainTest& t, const std::vector<int64_t>& ids) {
         t.Sql(
             "UPDATE audit_log SET after_json = '{\"name\":\"假\"}' WHERE "
             "id = ?",
             {ids[2]});
         return ids[2];
       },
       BreakKind::kEdited},
      {"edited time",
       [](AuditChainTest& t, const std::vector<int64_t>& ids) {
         t.Sql("UPDATE audit_log SET at = '2020-01-01T00:00:00Z' WHERE id = ?",
               {ids[1]});
         return ids[1];
       },
       BreakKind::kEdited},
      {"edited with a made-up hash",
       [](AuditChainTest& t, const std::vector<int64_t>& ids) {
         t.Sql("UPDATE audit_log SET user_name = 'x', hash = ? WHERE id = ?",
               {std::string(64, 'a'), ids[1]});
         return ids[1];
       },
       BreakKind::kEdited},
      {"edited and rehashed",
       [](AuditChainTest& t, const std::vector<int64_t>& ids) {
         t.EditAndRehash(ids[1]);
         return ids[2];  // the next entry no longer links to it
       },
       BreakKind::kDeleted},
      {"deleted middle",
       [](AuditChainTest& t, const std::vector<int64_t>& ids) {
         t.Sql("DELETE FROM audit_log WHERE id = ?", {ids[2]});
         return ids[3];
       },
       BreakKind::kDeleted},
      {"deleted first",
       [](AuditChainTest& t, const std::vector<int64_t>& ids) {
         t.Sql("DELETE FROM audit_log WHERE id = ?", {ids[0]});
         return ids[1];
       },
       BreakKind::kDeleted},
      {"deleted newest",
       [](AuditChainTest& t, const std::vector<int64_t>& ids) {
         t.Sql("DELETE FROM audit_log WHERE id = ?", {ids[4]});
         return int64_t{0};
       },
       BreakKind::kDeleted},
      {"swapped",
       [](AuditChainTest& t, const std::vector<int64_t>& ids) {
         t.Sql("UPDATE audit_log SET id = 1000000 WHERE id = ?", {ids[1]});
         t.Sql("UPDATE audit_log SET id = ? WHERE id = ?", {ids[1], ids[2]});
         t.Sql("UPDATE audit_log SET id = ? WHERE id = 1000000", {ids[2]});
         return ids[1];
       },
       BreakKind::kReordered},
      {"moved to the end",
       [](AuditChainTest& t, const std::vector<int64_t>& ids) {
         t.Sql("UPDATE audit_log SET id = 1000000 WHERE id = ?", {ids[1]});
         return ids[2];
       },
       BreakKind::kReordered},
      {"inserted without hash",
       [](AuditChainTest& t, const std::vector<int64_t>&) {
         t.Sql(
             "INSERT INTO audit_log (at, user_name, action, entity, "
             "entity_id) VALUES ('2026-10-01T00:00:00Z', 'x', 'unit.delete', "
             "'unit', '1')");
         return t.Ids().back();
       },
       BreakKind::kInserted},
      {"forged at the end",
       [](AuditChainTest& t, const std::vector<int64_t>&) {
         t.Forge();
         return t.Ids().back();
       },
       BreakKind::kInserted},
      {"forged in the middle",
       [](AuditChainTest& t, const std::vector<int64_t>&) {
         t.Forge();
         int64_t forged = t.Ids().back();
         t.Append(1);  // a real entry chains to the head, past the forgery
         return forged;
       },
       BreakKind::kInserted},
  };
  for (const TamperCase& c : cases) {
    SCOPED_TRACE(c.name);
    SetUp();
    Append(5);
    std::vector<int64_t> ids = Ids();
    ASSERT_EQ(ids.size(), 5u);
    ASSERT_TRUE(MustVerify().intact());
    int64_t want = c.tamper(*this, ids);
    VerifyReport r = MustVerify();
    ASSERT_FALSE(r.intact());
    EXPECT_EQ(r.first_break->id, want) << r.first_break->message;
    EXPECT_EQ(r.first_break->kind, c.kind) << r.first_break->message;
    EXPECT_FALSE(r.first_break->message.empty());
  }
}

TEST_P(AuditChainTest, ConcurrentAppendsStayLinear) {
  constexpr int kPerThread = 40;
  auto worker = [&](int t) {
    for (int i = 0; i < kPerThread; ++i) {
      absl::Status s = db_->Transaction([&](db::Tx& tx) {
        return Record(tx, clock_, actor_,
                      {.action = "unit.update",
                       .entity = "unit",
                       .entity_id = absl::StrCat(t, "-", i)});
      });
      EXPECT_TRUE(s.ok()) << s;
    }
  };
  std::thread a(worker, 1), b(worker, 2);
  a.join();
  b.join();
  VerifyReport r = MustVerify();
  EXPECT_TRUE(r.intact()) << r.first_break->message;
  EXPECT_EQ(r.entries, 2 * kPerThread);
  // Linear: no two entries share a predecessor.
  auto forks = db_->Query(
      "SELECT prev_hash FROM audit_log GROUP BY prev_hash HAVING COUNT(*) > "
      "1");
  ASSERT_TRUE(forks.ok());
  EXPECT_TRUE(forks->rows.empty());
}

TEST_P(AuditChainTest, MigrationChainsExistingRowsKeepingThem) {
  db_ = zwgk::testing::NewDatabase(GetParam());
  ASSERT_NE(db_, nullptr);
  absl::StatusOr<std::vector<Migration>> core = EmbeddedMigrations("core");
  ASSERT_TRUE(core.ok());
  std::vector<Migration> before, all = *core;
  for (const Migration& m : *core) {
    if (m.version < 4) before.push_back(m);
  }
  ASSERT_TRUE(Migrate(*db_, before).ok());
  // Rows as an earlier release wrote them: NULLs, Chinese text, a gap.
  for (int i = 1; i <= 30; ++i) {
    if (i == 7) continue;
    Sql("INSERT INTO audit_log (id, at, user_id, user_name, action, entity, "
        "entity_id, before_json, after_json) VALUES (?, ?, ?, ?, "
        "'record.publish', 'record', ?, ?, ?)",
        {int64_t{i},
         absl::StrCat("2025-01-01T00:00:", i < 10 ? "0" : "", i, "Z"),
         i % 3 == 0 ? db::Value(nullptr) : db::Value(int64_t{i}),
         i % 3 == 0 ? "system" : "李四", absl::StrCat(i),
         i % 2 ? db::Value(nullptr) : db::Value(std::string("{\"a\":1}")),
         db::Value(std::string("{\"标题\":\"关于…的通知\"}"))});
  }
  if (GetParam() == "postgres") {
    Sql("SELECT setval(pg_get_serial_sequence('audit_log', 'id'), 30)");
  }
  auto dump = [&] {
    auto r = db_->Query(
        "SELECT id, at, user_id, user_name, action, entity, entity_id, "
        "before_json, after_json FROM audit_log ORDER BY id");
    std::vector<std::string> out;
    if (r.ok()) {
      for (const db::Row& row : r->rows) {
        std::string line;
        for (size_t c = 0; c < row.size(); ++c)
          absl::StrAppend(&line, row.IsNull(c) ? "NULL" : row.Text(c), "|");
        out.push_back(line);
      }
    }
    return out;
  };
  std::vector<std::string> kept = dump();
  ASSERT_EQ(kept.size(), 29u);

  absl::StatusOr<int> applied = Migrate(*db_, all);
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(dump(), kept);
  VerifyReport r = MustVerify();
  EXPECT_TRUE(r.intact()) << r.first_break->message;
  EXPECT_EQ(r.entries, 29);
  Append(2);
  r = MustVerify();
  EXPECT_TRUE(r.intact()) << r.first_break->message;
  EXPECT_EQ(r.entries, 31);
  // The upgrade chained the old rows too: editing one is caught.
  Sql("UPDATE audit_log SET user_name = '王五' WHERE id = 12");
  r = MustVerify();
  ASSERT_FALSE(r.intact());
  EXPECT_EQ(r.first_break->id, 12);
  EXPECT_EQ(r.first_break->kind, BreakKind::kEdited);
}

TEST_P(AuditChainTest, LastVerifyRoundTrips) {
  absl::StatusOr<std::optional<LastVerify>> none = LoadLastVerify(*db_);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_FALSE(none->has_value());
  Append(2);
  Sql("DELETE FROM audit_log WHERE id = ?", {Ids()[0]});
  VerifyReport r = MustVerify();
  ASSERT_TRUE(SaveLastVerify(*db_, r, "2026-10-01T00:00:00Z").ok());
  ASSERT_TRUE(SaveLastVerify(*db_, r, "2026-10-02T00:00:00Z").ok());
  absl::StatusOr<std::optional<LastVerify>> last = LoadLastVerify(*db_);
  ASSERT_TRUE(last.ok() && last->has_value());
  EXPECT_EQ((*last)->at, "2026-10-02T00:00:00Z");
  EXPECT_EQ((*last)->entries, 1);
  EXPECT_FALSE((*last)->intact);
  EXPECT_EQ((*last)->message, r.first_break->message);
}

INSTANTIATE_TEST_SUITE_P(Databases, AuditChainTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::audit
