// `zwgk dev generate` on SQLite and PostgreSQL: document classes as in a
// county (行政规范性文件 with 登记号 and 有效期, no 规章 unless a unit may
// make them), 规范性文件 repealed or expired in later years so Table 二 has
// issued, repealed and in-force figures, news (工作动态) and quiet 专栏, and
// the same records for the same seed.
#include "publishing/generate.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "publishing/service_test_fixture.h"

namespace zwgk::publishing {
namespace {

using ::testing::MatchesRegex;

constexpr absl::CivilDay kTo(2026, 11, 27);

class GenerateTest : public PublishingServiceTest {
 protected:
  absl::StatusOr<int64_t> Generate(db::Database& db, uint64_t seed,
                                   int64_t records,
                                   std::vector<std::string> regulation = {}) {
    return GenerateRecords(db, *org_, *catalog_,
                           {.records = records,
                            .seed = seed,
                            .to = kTo,
                            .batch = 500,
                            .regulation_units = std::move(regulation)});
  }

  // Every generated record as one line of its stored fields, by id.
  static std::vector<std::string> Dump(db::Database& db) {
    std::vector<std::string> out;
    EXPECT_TRUE(
        db.Transaction([&](db::Tx& tx) -> absl::Status {
            auto rows = tx.Query(
                "SELECT unit_id, domain_id, title, doc_number, genre, "
                "status, index_number, published_on, doc_class, "
                "registration_number, valid_until, validity, "
                "validity_on FROM pub_records ORDER BY id");
            if (!rows.ok()) return rows.status();
            for (const db::Row& r : rows->rows) {
              std::string line;
              for (size_t c = 0; c < 13; ++c)
                absl::StrAppend(
                    &line,
                    c == 0 || c == 1 ? absl::StrCat(r.Int(c)) : r.Text(c), "|");
              out.push_back(std::move(line));
            }
            return absl::OkStatus();
          }).ok());
    return out;
  }

  struct Row {
    int64_t unit_id = 0;
    std::string doc_class, registration_number, valid_until, validity,
        validity_on, first_published_on, doc_number, status, genre;
  };
  std::vector<Row> Rows() {
    std::vector<Row> out;
    EXPECT_TRUE(db_->Transaction([&](db::Tx& tx) -> absl::Status {
                     auto rows = tx.Query(
                         "SELECT unit_id, doc_class, registration_number, "
                         "valid_until, validity, validity_on, "
                         "first_published_on, doc_number, status, genre FROM "
                         "pub_records");
                     if (!rows.ok()) return rows.status();
                     for (const db::Row& r : rows->rows)
                       out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3),
                                      r.Text(4), r.Text(5), r.Text(6),
                                      r.Text(7), r.Text(8), r.Text(9)});
                     return absl::OkStatus();
                   })
                    .ok());
    return out;
  }
};

TEST_P(GenerateTest, DocumentClassesAndValidityLikeACounty) {
  auto n = Generate(*db_, 7, 4000);
  ASSERT_TRUE(n.ok()) << n.status();
  std::map<std::string, int> by_class;
  int repealed = 0, expired = 0, later_year = 0;
  for (const Row& r : Rows()) {
    ++by_class[r.doc_class];
    if (r.validity == "repealed" || r.validity == "expired") {
      // Every ended record says when, after its publication, by `to`.
      ASSERT_FALSE(r.validity_on.empty()) << r.first_published_on;
      EXPECT_GT(r.validity_on, r.first_published_on);
      EXPECT_LE(r.validity_on, "2026-11-27");
      if (r.doc_class == "normative") {
        (r.validity == "repealed" ? repealed : expired)++;
        if (r.validity_on.substr(0, 4) > r.first_published_on.substr(0, 4))
          ++later_year;
      }
    } else {
      EXPECT_EQ(r.validity, "valid");
      EXPECT_EQ(r.validity_on, "");
    }
    if (r.doc_class != "normative") {
      EXPECT_EQ(r.registration_number, "");
      EXPECT_EQ(r.valid_until, "");
      continue;
    }
    // A 行政规范性文件: published, with a 文号, a 登记号 of its year and an
    // 有效期 after publication (or 长期, or none given).
    EXPECT_EQ(r.status, "published");
    EXPECT_FALSE(r.doc_number.empty());
    EXPECT_THAT(
        r.registration_number,
        MatchesRegex(absl::StrCat("嘉.+规〔", r.first_published_on.substr(0, 4),
                                  "〕[1-9][0-9]*号")));
    EXPECT_TRUE(r.valid_until.empty() || r.valid_until == kValidLongTerm ||
                r.valid_until > r.first_published_on)
        << r.valid_until;
    EXPECT_THAT(r.genre, MatchesRegex("通知|决定|意见|办法|通告"));
  }
  // A county makes no 规章; a few percent of records are 规范性文件.
  EXPECT_EQ(by_class.count("regulation"), 0u);
  EXPECT_GT(by_class["normative"], 4000 / 100);
  EXPECT_LT(by_class["normative"], 4000 / 10);
  EXPECT_EQ(by_class["normative"] + by_class["other"], 4000);
  EXPECT_GT(repealed, 0);
  EXPECT_GT(expired, 0);
  EXPECT_GT(later_year, 0);

  // Table 二 sees issued, repealed and in-force documents across the years,
  // and what was in force grows by what was issued less what ended.
  clock_.Set(At(2026, 11, 27));
  int64_t issued_total = 0, repealed_total = 0;
  for (int year = 2020; year <= 2026; ++year) {
    auto t = service_->Table2Counts(year, std::nullopt);
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(t->regulation, DocClassFigures{}) << year;
    EXPECT_GT(t->normative.issued, 0) << year;
    EXPECT_GT(t->normative.in_force, 0) << year;
    issued_total += t->normative.issued;
    repealed_total += t->normative.repealed;
  }
  EXPECT_EQ(issued_total, by_class["normative"]);
  EXPECT_EQ(repealed_total, repealed + expired);
  auto y2025 = service_->Table2Counts(2025, std::nullopt);
  EXPECT_GT(y2025->normative.repealed, 0);
}

// 政策解读 三同步 at scale: most published 规范性文件 have a 解读 (genre 解读,
// same unit, related "interprets"), published the same day or a few
// working days later, so the dashboard finds some on time, some late and
// some missing.
TEST_P(GenerateTest, MostPoliciesComeWithTheirInterpretation) {
  auto n = Generate(*db_, 7, 4000);
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 4000);
  EXPECT_EQ(Rows().size(), 4000u);  // the 解读 are among the records
  struct Pair {
    std::string policy_class, policy_on, interp_genre, interp_on, interp_status;
    int64_t policy_unit = 0, interp_unit = 0;
  };
  std::vector<Pair> pairs;
  int64_t policies = 0;
  ASSERT_TRUE(db_->Transaction([&](db::Tx& tx) -> absl::Status {
                   auto rows = tx.Query(
                       "SELECT p.doc_class, p.first_published_on, i.genre, "
                       "i.first_published_on, i.status, p.unit_id, i.unit_id "
                       "FROM pub_relations r JOIN pub_records p ON p.id = "
                       "r.to_id JOIN pub_records i ON i.id = r.from_id WHERE "
                       "r.kind = 'interprets'");
                   if (!rows.ok()) return rows.status();
                   for (const db::Row& r : rows->rows)
                     pairs.push_back({r.Text(0), r.Text(1), r.Text(2),
                                      r.Text(3), r.Text(4), r.Int(5),
                                      r.Int(6)});
                   auto count = tx.Query(
                       "SELECT COUNT(*) FROM pub_records WHERE doc_class = "
                       "'normative' AND status = 'published'");
                   if (!count.ok()) return count.status();
                   policies = count->rows[0].Int(0);
                   return absl::OkStatus();
                 })
                  .ok());
  ASSERT_GT(policies, 40);
  // About 85% (some batch ends and the last days before `to` aside).
  EXPECT_GT(pairs.size(), static_cast<size_t>(policies * 70 / 100));
  EXPECT_LT(pairs.size(), static_cast<size_t>(policies * 95 / 100));
  int same_day = 0, later = 0;
  for (const Pair& p : pairs) {
    EXPECT_EQ(p.policy_class, "normative");
    EXPECT_EQ(p.interp_genre, "解读");
    EXPECT_EQ(p.policy_unit, p.interp_unit);
    if (p.interp_status != "published") continue;
    EXPECT_GE(p.interp_on, p.policy_on);
    // Within 1–5 working days: never more than a week and a weekend.
    EXPECT_LE(absl::CivilDay(*ParseDay(p.interp_on)) -
                  absl::CivilDay(*ParseDay(p.policy_on)),
              9)
        << p.policy_on << " " << p.interp_on;
    (p.interp_on == p.policy_on ? same_day : later)++;
  }
  EXPECT_GT(same_day, 0);
  EXPECT_GT(later, 0);

  // The dashboard's judgement: on time, late and missing ones all present.
  auto flagged = service_->PoliciesWithoutInterpretation(kTo, std::nullopt);
  ASSERT_TRUE(flagged.ok()) << flagged.status();
  int late = 0, missing = 0;
  for (const PolicyInterpretation& p : *flagged) {
    late += p.judgement.state == InterpretationState::kLate;
    missing += p.judgement.state == InterpretationState::kMissing;
  }
  EXPECT_GT(late, 0);
  EXPECT_GT(missing, 0);
  EXPECT_LT(static_cast<int64_t>(flagged->size()), policies / 2);
}

TEST_P(GenerateTest, RegulationsOnlyFromUnitsThatMayMakeThem) {
  auto n = Generate(*db_, 7, 3000, {"县政府办"});
  ASSERT_TRUE(n.ok()) << n.status();
  const int64_t office = org_->ResolveUnit("县政府办")->id;
  int regulations = 0;
  for (const Row& r : Rows()) {
    if (r.doc_class != "regulation") continue;
    ++regulations;
    EXPECT_EQ(r.unit_id, office);
    EXPECT_THAT(r.registration_number,
                MatchesRegex("嘉政令〔20[0-9]{2}〕[0-9]+号"));
  }
  EXPECT_GT(regulations, 0);
  EXPECT_FALSE(Generate(*db_, 7, 10, {"没有这个单位"}).ok());
}

TEST_P(GenerateTest, NewsAndQuietColumns) {
  ASSERT_TRUE(Generate(*db_, 7, 3000).ok());
  int news = 0, notices = 0;
  for (const Row& r : Rows()) {
    news += r.genre == "工作动态";
    notices += r.genre == "通知" || r.genre == "公告";
  }
  EXPECT_GT(news, 3000 / 10);
  EXPECT_GT(notices, 3000 / 10);
  // Each domain's newest publication: some within two weeks of `to`, some
  // older than half a year.
  std::map<int64_t, std::string> newest;
  ASSERT_TRUE(db_->Transaction([&](db::Tx& tx) -> absl::Status {
                   auto rows = tx.Query(
                       "SELECT domain_id, MAX(published_on) FROM pub_records "
                       "WHERE status = 'published' GROUP BY domain_id");
                   if (!rows.ok()) return rows.status();
                   for (const db::Row& r : rows->rows)
                     newest[r.Int(0)] = r.Text(1);
                   return absl::OkStatus();
                 })
                  .ok());
  int fresh = 0, stale = 0;
  for (const auto& [domain, day] : newest) {
    fresh += day >= FormatDate(kTo - 14);
    stale += day < FormatDate(kTo - 183);
  }
  EXPECT_GT(fresh, 0);
  EXPECT_GT(stale, 0);
}

TEST_P(GenerateTest, SameSeedSameRecords) {
  ASSERT_TRUE(Generate(*db_, 11, 600).ok());
  auto other = zwgk::testing::NewMigratedDatabase(
      GetParam(), {"core", "org", "calendar", "catalog", "publishing"});
  ASSERT_NE(other, nullptr);
  org::Service org(*other, clock_);
  ASSERT_TRUE(org.Seed().ok());
  catalog::Service catalog(*other, clock_, org);
  ASSERT_TRUE(catalog.Seed().ok());
  // As in the fixture: the seeded drafts published by the county office.
  auto publish_seeded = [](org::Service& o, catalog::Service& c) {
    for (const char* name :
         {"重大建设项目", "义务教育", "社会救助", "财政预决算"})
      ASSERT_TRUE(c.Publish(Actor{.name = "admin", .role = Role::kAdmin},
                            o.ResolveDomain(name)->id, "审定")
                      .ok());
  };
  publish_seeded(org, catalog);
  auto again =
      GenerateRecords(*other, org, catalog,
                      {.records = 600, .seed = 11, .to = kTo, .batch = 500});
  ASSERT_TRUE(again.ok()) << again.status();
  const std::vector<std::string> first = Dump(*db_);
  ASSERT_EQ(first.size(), 600u);
  EXPECT_EQ(first, Dump(*other));
  // Another seed, other records.
  auto third = zwgk::testing::NewMigratedDatabase(
      GetParam(), {"core", "org", "calendar", "catalog", "publishing"});
  ASSERT_NE(third, nullptr);
  org::Service org3(*third, clock_);
  ASSERT_TRUE(org3.Seed().ok());
  catalog::Service catalog3(*third, clock_, org3);
  ASSERT_TRUE(catalog3.Seed().ok());
  publish_seeded(org3, catalog3);
  ASSERT_TRUE(GenerateRecords(*third, org3, catalog3,
                              {.records = 600, .seed = 12, .to = kTo})
                  .ok());
  EXPECT_NE(first, Dump(*third));
}

INSTANTIATE_TEST_SUITE_P(Engines, GenerateTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::publishing
