// Publishing's data migrations on SQLite and PostgreSQL: rows written under
// an earlier schema read back as the current code expects them.
#include <algorithm>

#include "core/clock.h"
#include "core/migrate.h"
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
  ASSERT_TRUE(db->Transaction([&](db::Tx& tx) -> absl::Status {
                  for (const Case& c : cases) {
                    Record r{.title = "旧记录",
                             .unit_id = unit->id,
                             .period_label = "20个工作日",
                             .topic = "民政、扶贫、救灾",
                             .genre = "通知",
                             .body_html = "<p>正文</p>",
                             .formed_on = "2026-02-10",
                             .publish_by = "2026-03-10",
                             .disclosure = *c.stored ? Disclosure::kWithheld
                                                     : Disclosure::kActive,
                             .withheld_ground = c.stored,
                             .created_at = "2026-02-10T02:00:00Z",
                             .created_by = "editor",
                             .updated_at = "2026-02-10T02:00:00Z"};
                    if (c.pending)
                      r.pending_change =
                          RecordInput{.title = "旧记录（修改）",
                                      .disclosure = "withheld",
                                      .withheld_ground = c.pending};
                    absl::StatusOr<int64_t> id =
                        store::Insert(tx, r, StoredPeriod{});
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

INSTANTIATE_TEST_SUITE_P(Engines, PublishingMigrationTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::publishing
