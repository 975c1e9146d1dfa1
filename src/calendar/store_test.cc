// The calendar store's contract on both engines: national years replace
// what their notice year had, local overrides are one per day and never
// confused with national rows, the change log reads newest first.
#include "calendar/store.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "calendar/calendar.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::calendar::store {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

class CalendarStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase(GetParam(), {"core", "calendar"});
    ASSERT_NE(db_, nullptr);
  }

  void InTx(const std::function<absl::Status(db::Tx&)>& fn) {
    absl::Status s = db_->Transaction(fn);
    ASSERT_TRUE(s.ok()) << s;
  }

  Schedules Load() {
    absl::StatusOr<Schedules> s = db_->InTransaction<Schedules>(
        [](db::Tx& tx) { return LoadSchedules(tx); });
    EXPECT_TRUE(s.ok()) << s.status();
    return s.value_or(Schedules{});
  }

  std::unique_ptr<db::Database> db_;
};

// 2022-12-31 belongs to the 2023 notice when only 2023 is in the schedule.
Schedule Notice2023(std::string new_year_name) {
  Schedule s;
  s.years = {2023};
  s.papers[2023] = {"国办发明电〔2022〕16号"};
  s.days[absl::CivilDay(2022, 12, 31)] = {.status = DayStatus::kOff,
                                          .name = new_year_name};
  s.days[absl::CivilDay(2023, 1, 28)] = {.status = DayStatus::kWork,
                                         .name = "春节"};
  return s;
}

TEST_P(CalendarStoreTest, NationalYearsAreReplacedWhole) {
  InTx([](db::Tx& tx) {
    return ReplaceNationalYears(tx, Notice2023("元旦"), "system", "T",
                                std::nullopt)
        .status();
  });
  Schedule second = Notice2023("元旦（改）");
  second.days.erase(absl::CivilDay(2023, 1, 28));
  absl::StatusOr<int> written = db_->InTransaction<int>([&](db::Tx& tx) {
    return ReplaceNationalYears(tx, second, "admin", "T2", int64_t{7});
  });
  EXPECT_EQ(written.value_or(-1), 1);
  Schedules got = Load();
  EXPECT_THAT(got.national.years, ElementsAre(2023));
  EXPECT_THAT(got.national.papers[2023], ElementsAre("国办发明电〔2022〕16号"));
  ASSERT_EQ(got.national.days.size(), 1u);  // 01-28 went with the notice
  EXPECT_EQ(got.national.days.begin()->second.name, "元旦（改）");
  EXPECT_TRUE(got.local.days.empty());
  absl::StatusOr<bool> has = db_->InTransaction<bool>(
      [](db::Tx& tx) { return HasNoticeYear(tx, 2023); });
  EXPECT_TRUE(has.value_or(false));
  has = db_->InTransaction<bool>(
      [](db::Tx& tx) { return HasNoticeYear(tx, 2022); });
  EXPECT_FALSE(has.value_or(true));
}

TEST_P(CalendarStoreTest, OverridesAreOnePerDayAndApartFromNationalDays) {
  InTx([](db::Tx& tx) {
    return ReplaceNationalYears(tx, Notice2023("元旦"), "system", "T",
                                std::nullopt)
        .status();
  });
  LocalOverride flood{.day = absl::CivilDay(2022, 12, 31),  // also national
                      .off = false,
                      .reason = "防汛值守",
                      .created_by = "admin",
                      .created_at = "T"};
  absl::StatusOr<int64_t> id = db_->InTransaction<int64_t>(
      [&](db::Tx& tx) { return InsertOverride(tx, flood); });
  ASSERT_TRUE(id.ok()) << id.status();
  absl::Status dup = db_->Transaction(
      [&](db::Tx& tx) { return InsertOverride(tx, flood).status(); });
  EXPECT_TRUE(absl::IsAlreadyExists(dup)) << dup;

  absl::StatusOr<LocalOverride> got = db_->InTransaction<LocalOverride>(
      [&](db::Tx& tx) { return GetOverride(tx, *id); });
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->day, flood.day);
  EXPECT_FALSE(got->off);
  EXPECT_EQ(got->reason, "防汛值守");
  Schedules loaded = Load();
  EXPECT_EQ(loaded.local.days.at(flood.day).status, DayStatus::kWork);
  EXPECT_EQ(loaded.national.days.at(flood.day).status, DayStatus::kOff);

  // A national row's id (the row written just before) is not an override.
  absl::StatusOr<LocalOverride> national = db_->InTransaction<LocalOverride>(
      [&](db::Tx& tx) { return GetOverride(tx, *id - 1); });
  EXPECT_TRUE(absl::IsNotFound(national.status())) << national.status();

  InTx([&](db::Tx& tx) { return DeleteOverride(tx, *id); });
  absl::StatusOr<std::vector<LocalOverride>> left =
      db_->InTransaction<std::vector<LocalOverride>>(
          [](db::Tx& tx) { return ListOverrides(tx); });
  ASSERT_TRUE(left.ok());
  EXPECT_TRUE(left->empty());
  EXPECT_EQ(Load().national.days.size(), 2u);
}

TEST_P(CalendarStoreTest, ChangesReadNewestFirst) {
  InTx([](db::Tx& tx) -> absl::Status {
    for (int i = 1; i <= 3; ++i) {
      ZWGK_RETURN_IF_ERROR(InsertChange(tx,
                                        {.at = absl::StrCat("T", i),
                                         .by = "admin",
                                         .cause = "c",
                                         .checked = i,
                                         .moved = i - 1},
                                        nlohmann::json::object())
                               .status());
    }
    return absl::OkStatus();
  });
  absl::StatusOr<std::vector<CalendarChange>> got =
      db_->InTransaction<std::vector<CalendarChange>>(
          [](db::Tx& tx) { return ListChanges(tx, 2); });
  ASSERT_TRUE(got.ok()) << got.status();
  std::vector<std::pair<std::string, int>> seen;
  for (const CalendarChange& c : *got) seen.emplace_back(c.at, c.moved);
  EXPECT_THAT(seen, ElementsAre(Pair("T3", 2), Pair("T2", 1)));
}

INSTANTIATE_TEST_SUITE_P(Engines, CalendarStoreTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::calendar::store
