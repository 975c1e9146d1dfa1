// Publishing's data migrations on SQLite and PostgreSQL: rows written under
// an earlier schema read back as the current code expects them.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/clock.h"
#include "core/migrate.h"
#include "core/status.h"
#include "core/testing.h"
#include "gtest/gtest.h"
#include "org/service.h"
#include "publishing/store.h"

namespace zwgk::publishing {
namespace {

// Every embedded migration of core, org and publishing, publishing's only up
// to `publishing_upto`.
std::vector<Migration> MigrationsUpTo(int publishing_upto) {
  std::vector<Migration> out;
  for (const char* module : {"core", "org", "publishing"}) {
    absl::StatusOr<std::vector<Migration>> mine = EmbeddedMigrations(module);
    EXPECT_TRUE(mine.ok()) << mine.status();
    if (!mine.ok()) return {};
    for (Migration& m : *mine) {
      if (m.module == "publishing" && m.version > publishing_upto) continue;
      out.push_back(std::move(m));
    }
  }
  return out;
}

class PublishingMigrationTest : public ::testing::TestWithParam<std::string> {};

// A record row as migration 001 laid it out (the code's store writes the
// current layout).
struct V1Row {
  std::string withheld_ground;
  std::string pending_json;  // "" for none
  std::string review_outcome, review_remarks, reviewed_by, reviewed_at;
};
absl::StatusOr<int64_t> InsertV1(db::Tx& tx, int64_t unit_id, const V1Row& r) {
  return tx.Insert(
      "INSERT INTO pub_records (unit_id, period_kind, period_days, "
      "period_label, title, topic, genre, body_html, disclosure, "
      "withheld_ground, formed_on, publish_by, status, review_outcome, "
      "review_remarks, reviewed_by, reviewed_at, pending_json, "
      "pending_status, created_at, created_by, updated_at) VALUES (?, "
      "'working_days', 20, '20个工作日', '旧记录', '民政、扶贫、救灾', '通知', "
      "'<p>正文</p>', ?, ?, '2026-02-10', '2026-03-10', ?, ?, ?, ?, ?, ?, ?, "
      "'2026-02-10T02:00:00Z', 'editor', '2026-02-10T02:00:00Z') "
      "RETURNING id",
      {unit_id, std::string(r.withheld_ground.empty() ? "active" : "withheld"),
       r.withheld_ground,
       std::string(r.review_outcome == "approved" ? "reviewed" : "draft"),
       r.review_outcome, r.review_remarks, r.reviewed_by, r.reviewed_at,
       r.pending_json.empty() ? db::Value(nullptr) : db::Value(r.pending_json),
       std::string(r.pending_json.empty() ? "" : "draft")});
}

// Migration 002: publishing's own ground codes become the shared ones
// (core/withholding.h), on records and in pending changes; others stay.
TEST_P(PublishingMigrationTest, FormerWithholdingCodesBecomeSharedOnes) {
  std::unique_ptr<db::Database> db = zwgk::testing::NewDatabase(GetParam());
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(Migrate(*db, MigrationsUpTo(1)).ok());
  FakeClock clock(absl::FromUnixSeconds(1772416800));  // 2026-03-02
  org::Service org(*db, clock);
  ASSERT_TRUE(org.Seed().ok());
  absl::StatusOr<org::Unit> unit = org.ResolveUnit("县民政局");
  ASSERT_TRUE(unit.ok()) << unit.status();

  struct Case {
    const char* stored;   // written before migration 002
    const char* pending;  // in a pending change; nullptr: none
    const char* want;     // read back after it
    const char* want_pending;
  } cases[] = {
      {"three_security", "three_security", "security_stability",
       "security_stability"},
      {"query_matter", "query_matter", "administrative_query",
       "administrative_query"},
      {"internal_affairs", "process_info", "internal_affairs", "process_info"},
      {"", nullptr, "", nullptr},
  };
  std::vector<int64_t> ids;
  ASSERT_TRUE(
      db->Transaction([&](db::Tx& tx) -> absl::Status {
          for (const Case& c : cases) {
            std::string pending;
            if (c.pending)
              pending = absl::StrCat(
                  R"({"title":"旧记录（修改）","disclosure":"withheld",)",
                  R"("withheld_ground":")", c.pending, R"("})");
            absl::StatusOr<int64_t> id = InsertV1(
                tx, unit->id,
                {.withheld_ground = c.stored, .pending_json = pending});
            if (!id.ok()) return id.status();
            ids.push_back(*id);
          }
          return absl::OkStatus();
        }).ok());

  absl::StatusOr<int> applied = Migrate(*db, MigrationsUpTo(1000));
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_GE(*applied, 1);
  ASSERT_TRUE(
      db->Transaction([&](db::Tx& tx) -> absl::Status {
          for (size_t i = 0; i < ids.size(); ++i) {
            const Case& c = cases[i];
            absl::StatusOr<Record> r = store::Load(tx, ids[i]);
            if (!r.ok()) return r.status();
            EXPECT_EQ(r->withheld_ground, c.want) << c.stored;
            EXPECT_EQ(r->title, "旧记录");  // the rest of the row kept
            EXPECT_EQ(r->pending_change.has_value(), c.want_pending != nullptr);
            if (r->pending_change && c.want_pending) {
              EXPECT_EQ(r->pending_change->withheld_ground, c.want_pending);
              EXPECT_EQ(r->pending_change->title, "旧记录（修改）");
            }
          }
          return absl::OkStatus();
        }).ok());
}

// Migration 003: a review stored on the record before becomes the first
// entry of its history; the drafter is the creator; the rows are kept.
TEST_P(PublishingMigrationTest, StoredReviewsBecomeTheReviewHistory) {
  std::unique_ptr<db::Database> db = zwgk::testing::NewDatabase(GetParam());
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(Migrate(*db, MigrationsUpTo(2)).ok());
  FakeClock clock(absl::FromUnixSeconds(1772416800));  // 2026-03-02
  org::Service org(*db, clock);
  ASSERT_TRUE(org.Seed().ok());
  absl::StatusOr<org::Unit> unit = org.ResolveUnit("县民政局");
  ASSERT_TRUE(unit.ok()) << unit.status();
  int64_t reviewed = 0, plain = 0;
  ASSERT_TRUE(db->Transaction([&](db::Tx& tx) -> absl::Status {
                  ZWGK_ASSIGN_OR_RETURN(
                      reviewed,
                      InsertV1(tx, unit->id,
                               {.review_outcome = "approved",
                                .review_remarks = "不涉密",
                                .reviewed_by = "reviewer",
                                .reviewed_at = "2026-02-11T01:00:00Z"}));
                  ZWGK_ASSIGN_OR_RETURN(plain, InsertV1(tx, unit->id, {}));
                  return absl::OkStatus();
                }).ok());
  absl::StatusOr<int> applied = Migrate(*db, MigrationsUpTo(1000));
  ASSERT_TRUE(applied.ok()) << applied.status();
  ASSERT_TRUE(db->Transaction([&](db::Tx& tx) -> absl::Status {
                  ZWGK_ASSIGN_OR_RETURN(std::vector<ReviewEntry> history,
                                        store::Reviews(tx, reviewed));
                  EXPECT_EQ(history.size(), 1u);
                  if (!history.empty()) {
                    EXPECT_EQ(history[0].outcome, "approved");
                    EXPECT_EQ(history[0].remarks, "不涉密");
                    EXPECT_EQ(history[0].reviewer, "reviewer");
                    EXPECT_EQ(history[0].at, "2026-02-11T01:00:00Z");
                  }
                  ZWGK_ASSIGN_OR_RETURN(std::vector<ReviewEntry> none,
                                        store::Reviews(tx, plain));
                  EXPECT_TRUE(none.empty());
                  ZWGK_ASSIGN_OR_RETURN(Record r, store::Load(tx, reviewed));
                  EXPECT_EQ(r.drafted_by, "editor");
                  EXPECT_EQ(r.submitted_by, "");
                  EXPECT_EQ(r.review_remarks, "不涉密");
                  EXPECT_EQ(r.title, "旧记录");
                  return absl::OkStatus();
                }).ok());
}

// Migration 004: records written before have the class 其他, no 登记号 and
// no 有效期; Table 二 finds none of them.
TEST_P(PublishingMigrationTest, ExistingRecordsBecomeOther) {
  std::unique_ptr<db::Database> db = zwgk::testing::NewDatabase(GetParam());
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(Migrate(*db, MigrationsUpTo(3)).ok());
  FakeClock clock(absl::FromUnixSeconds(1772416800));  // 2026-03-02
  org::Service org(*db, clock);
  ASSERT_TRUE(org.Seed().ok());
  absl::StatusOr<org::Unit> unit = org.ResolveUnit("县民政局");
  ASSERT_TRUE(unit.ok()) << unit.status();
  int64_t id = 0;
  ASSERT_TRUE(
      db->Transaction([&](db::Tx& tx) -> absl::Status {
          ZWGK_ASSIGN_OR_RETURN(
              id, InsertV1(tx, unit->id,
                           {.pending_json = R"({"title":"旧记录（修改）"})"}));
          return tx
              .Exec(
                  "UPDATE pub_records SET first_published_on = "
                  "'2026-02-12', status = 'published' WHERE id = ?",
                  {id})
              .status();
        }).ok());
  absl::StatusOr<int> applied = Migrate(*db, MigrationsUpTo(1000));
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_GE(*applied, 1);
  ASSERT_TRUE(db->Transaction([&](db::Tx& tx) -> absl::Status {
                  ZWGK_ASSIGN_OR_RETURN(Record r, store::Load(tx, id));
                  EXPECT_EQ(r.doc_class, DocClass::kOther);
                  EXPECT_EQ(r.registration_number, "");
                  EXPECT_EQ(r.valid_until, "");
                  EXPECT_EQ(r.title, "旧记录");
                  EXPECT_TRUE(r.pending_change.has_value());
                  if (r.pending_change) {
                    EXPECT_EQ(r.pending_change->doc_class, "");
                  }
                  ZWGK_ASSIGN_OR_RETURN(
                      std::vector<DocClassFacts> rows,
                      store::DocClassRows(tx, std::nullopt, "2026-12-31"));
                  EXPECT_TRUE(rows.empty());
                  return absl::OkStatus();
                }).ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, PublishingMigrationTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::publishing
