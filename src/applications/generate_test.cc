// `zwgk dev applications` on SQLite and PostgreSQL: two years of
// applications through the workflow (Table 三 balances, with results of
// several kinds and applications carried into the next year), the same
// ones for the same seed.
#include "applications/generate.h"

#include <memory>
#include <string>

#include "calendar/service.h"
#include "core/testing.h"
#include "gtest/gtest.h"
#include "org/service.h"

namespace zwgk::applications {
namespace {

constexpr absl::CivilDay kTo(2026, 11, 27);

struct County {
  explicit County(const std::string& kind)
      : db(zwgk::testing::NewMigratedDatabase(
            kind, {"core", "org", "calendar", "applications"})) {
    EXPECT_NE(db, nullptr);
    org = std::make_unique<org::Service>(*db, clock);
    EXPECT_TRUE(org->Seed().ok());
    cal = std::make_unique<calendar::Service>(*db, clock);
    EXPECT_TRUE(cal->Seed().ok());
    service = std::make_unique<Service>(*db, clock, *org, *cal);
  }
  Table3 Stats(int year) {
    auto t = service->Statistics(SystemActor(), year, std::nullopt);
    EXPECT_TRUE(t.ok()) << t.status();
    return t.ok() ? *t : Table3{};
  }
  FakeClock clock{StartOfDay(kTo) + absl::Hours(17)};
  std::unique_ptr<db::Database> db;
  std::unique_ptr<org::Service> org;
  std::unique_ptr<calendar::Service> cal;
  std::unique_ptr<Service> service;
};

class GenerateTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GenerateTest, TwoYearsThroughTheWorkflow) {
  County c(GetParam());
  int64_t last = -1;
  auto n = GenerateApplications(
      *c.service, {.count = 160,
                   .seed = 3,
                   .to = kTo,
                   .progress = [&](int64_t done, int64_t) { last = done; }});
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 160);
  EXPECT_EQ(last, 160);
  constexpr int kTotal = Table3::kColumns - 1;
  int64_t received = 0;
  for (int year : {2024, 2025, 2026}) {
    Table3 t = c.Stats(year);
    EXPECT_TRUE(t.Balanced()) << year;
    received += t.new_received[kTotal];
  }
  EXPECT_EQ(received, 160);
  Table3 y2025 = c.Stats(2025), y2026 = c.Stats(2026);
  EXPECT_GT(y2025.new_received[kTotal], 40);
  EXPECT_GT(y2026.new_received[kTotal], 40);
  // Answered in several ways, some received in one year and concluded in
  // the next, some still open, not only natural persons.
  int kinds = 0;
  for (const Table3::Counts& row : y2025.results) kinds += row[kTotal] > 0;
  EXPECT_GE(kinds, 5);
  EXPECT_GT(y2026.carried_in[kTotal], 0);
  EXPECT_GT(y2026.carried_out[kTotal], 0);
  EXPECT_GT(y2025.new_received[kTotal], y2025.new_received[0]);
}

TEST_P(GenerateTest, SameSeedSameApplications) {
  County a(GetParam()), b(GetParam()), other(GetParam());
  ASSERT_TRUE(
      GenerateApplications(*a.service, {.count = 60, .seed = 9, .to = kTo})
          .ok());
  ASSERT_TRUE(
      GenerateApplications(*b.service, {.count = 60, .seed = 9, .to = kTo})
          .ok());
  ASSERT_TRUE(
      GenerateApplications(*other.service, {.count = 60, .seed = 10, .to = kTo})
          .ok());
  bool differs = false;
  for (int year : {2025, 2026}) {
    Table3 ta = a.Stats(year), tb = b.Stats(year), to = other.Stats(year);
    EXPECT_EQ(ta.new_received, tb.new_received) << year;
    EXPECT_EQ(ta.results, tb.results) << year;
    EXPECT_EQ(ta.carried_out, tb.carried_out) << year;
    differs |= ta.results != to.results || ta.new_received != to.new_received;
  }
  EXPECT_TRUE(differs);
}

INSTANTIATE_TEST_SUITE_P(Engines, GenerateTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::applications
