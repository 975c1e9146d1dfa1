#include "catalog/obligations.h"

#include <vector>

#include "catalog/item.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::catalog {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A calendar without holidays: working days skip Saturdays and Sundays.
// Counting starts the day after `from`, as legal periods do.
absl::CivilDay WeekendOnlyDueDate(absl::CivilDay from, Period period) {
  if (period.kind == PeriodKind::kCalendarDays) return from + period.days;
  absl::CivilDay day = from;
  for (int left = period.days; left > 0;) {
    ++day;
    const absl::Weekday w = absl::GetWeekday(day);
    if (w != absl::Weekday::saturday && w != absl::Weekday::sunday) --left;
  }
  return day;
}

CatalogItem Item(int64_t id, std::string time_limit,
                 std::vector<Method> method) {
  CatalogItem item{.id = id, .seq = static_cast<int>(id)};
  item.time_limit.text = std::move(time_limit);
  item.method = std::move(method);
  Normalize(item, nullptr);
  return item;
}

const std::vector<CatalogItem>& Items() {
  static const auto* items = new std::vector<CatalogItem>{
      Item(1, "自信息形成或者变更之日起20个工作日内", {Method::kProactive}),
      Item(2, "实时公开", {Method::kProactive}),
      Item(3, "及时公开", {Method::kProactive}),
      Item(4, "经本级人大或其常委会批准后20日内",
           {Method::kProactive, Method::kOnRequest}),
      Item(5, "公示7个工作日", {Method::kProactive}),
      Item(6, "每年3月31日前", {Method::kProactive}),  // unparsed
      Item(7, "自信息形成或者变更之日起20个工作日内",
           {Method::kOnRequest}),  // not proactive
  };
  return *items;
}

constexpr absl::CivilDay kMonday(2024, 6, 3);
constexpr Period Working(int n) {
  return {.kind = PeriodKind::kWorkingDays, .days = n};
}

TEST(ObligationsTest, DueDatesFromTheInjectedCalendar) {
  const std::vector<Obligation> got = ComputeObligations(Items(),
                                                         {{1, kMonday},
                                                          {2, kMonday},
                                                          {3, kMonday},
                                                          {4, kMonday},
                                                          {5, kMonday},
                                                          {6, kMonday},
                                                          {7, kMonday},
                                                          {99, kMonday}},
                                                         WeekendOnlyDueDate);
  EXPECT_THAT(
      got,
      ElementsAre(
          Obligation{2, kMonday, kMonday, {PeriodKind::kRealtime, 0}, false},
          Obligation{5, kMonday, absl::CivilDay(2024, 6, 12), Working(7), true},
          Obligation{4,
                     kMonday,
                     absl::CivilDay(2024, 6, 23),
                     {PeriodKind::kCalendarDays, 20},
                     false},
          // 20 working days from a Monday: four weeks later.
          Obligation{1, kMonday, absl::CivilDay(2024, 7, 1), Working(20),
                     false},
          // 及时公开 is bounded by the statutory 20 working days.
          Obligation{3, kMonday, absl::CivilDay(2024, 7, 1), Working(20),
                     false}));
}

TEST(ObligationsTest, TimelyWithoutStatutoryLimit) {
  const std::vector<Obligation> got =
      ComputeObligations(Items(), {{3, kMonday}}, WeekendOnlyDueDate,
                         {.timely_limit = std::nullopt});
  EXPECT_THAT(got, IsEmpty());
}

TEST(ObligationsTest, OneObligationPerFormation) {
  const absl::CivilDay friday(2024, 6, 7);
  const std::vector<Obligation> got = ComputeObligations(
      Items(), {{1, friday}, {1, kMonday}}, WeekendOnlyDueDate);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].formed_on, kMonday);
  EXPECT_EQ(got[1].formed_on, friday);
  EXPECT_EQ(got[1].due, absl::CivilDay(2024, 7, 5));
}

TEST(ObligationsTest, Evaluate) {
  const Obligation o{
      .item_id = 1, .formed_on = kMonday, .due = absl::CivilDay(2024, 7, 1)};
  const absl::CivilDay due = o.due;
  EXPECT_EQ(Evaluate(o, std::nullopt, due), ObligationState::kPending);
  EXPECT_EQ(Evaluate(o, std::nullopt, due + 1), ObligationState::kOverdue);
  EXPECT_EQ(Evaluate(o, due, due + 30), ObligationState::kOnTime);
  EXPECT_EQ(Evaluate(o, due + 1, due + 1), ObligationState::kLate);
}

TEST(ObligationsTest, ItemsWithoutPublications) {
  const absl::CivilDay adopted(2024, 1, 1);
  const std::vector<int64_t> got =
      ItemsWithoutPublications(Items(), adopted,
                               {{1, adopted},
                                {2, adopted - 1},
                                {3, absl::CivilDay(2024, 5, 1)},
                                {7, adopted},
                                {42, adopted}});
  // 2 only before adoption; 7 is 依申请公开 only, so not expected to publish.
  EXPECT_THAT(got, ElementsAre(2, 4, 5, 6));
}

}  // namespace
}  // namespace zwgk::catalog
