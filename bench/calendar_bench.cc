// Issue 3's benchmark: 1,000,000 due-date computations of 20 working days from
// random (seeded) starts in 2020–2026, on the national schedule. One benchmark
// iteration is the whole million, so "Time" is the total.
//
//   build/bench/calendar_bench --benchmark_repetitions=3
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "benchmark/benchmark.h"
#include "calendar/calendar.h"
#include "calendar/import.h"
#include "calendar/statutory_clock.h"

namespace zwgk::calendar {
namespace {

constexpr int kComputations = 1'000'000;

const Calendar& National() {
  static const Calendar* calendar = [] {
    std::ifstream in(std::string(ZWGK_SOURCE_DIR) +
                     "/src/calendar/data/holidays-cn.json");
    std::ostringstream text;
    text << in.rdbuf();
    absl::StatusOr<ImportResult> parsed = ParseHolidayCn(text.str());
    if (!parsed.ok()) {
      std::fprintf(stderr, "%s\n",
                   std::string(parsed.status().message()).c_str());
      std::abort();
    }
    return new Calendar(parsed->schedule);
  }();
  return *calendar;
}

const std::vector<absl::CivilDay>& RandomStarts() {
  static const auto* starts = [] {
    auto* days = new std::vector<absl::CivilDay>();
    std::mt19937 rng(20260213);
    const absl::CivilDay first(2020, 1, 1);
    std::uniform_int_distribution<int> offset(
        0, absl::CivilDay(2026, 12, 31) - first);
    days->reserve(kComputations);
    for (int i = 0; i < kComputations; ++i)
      days->push_back(first + offset(rng));
    return days;
  }();
  return *starts;
}

// The statutory clock as other modules call it (no trace).
void BM_MillionDueDates_Clock(benchmark::State& state) {
  const Calendar& calendar = National();
  const std::vector<absl::CivilDay>& starts = RandomStarts();
  const Period period = Period::WorkingDays(20);
  const ClockOptions options{.trace = false};
  for (auto _ : state) {
    for (const absl::CivilDay start : starts) {
      const ClockEvent event = ClockEvent::Start(start);
      absl::StatusOr<ClockResult> result = ComputeClock(
          calendar, period, absl::MakeConstSpan(&event, 1), options);
      benchmark::DoNotOptimize(result);
    }
  }
  state.SetItemsProcessed(state.iterations() * kComputations);
}
BENCHMARK(BM_MillionDueDates_Clock)->Unit(benchmark::kMillisecond);

// The calendar primitive alone.
void BM_MillionDueDates_AddWorkdays(benchmark::State& state) {
  const Calendar& calendar = National();
  const std::vector<absl::CivilDay>& starts = RandomStarts();
  for (auto _ : state) {
    for (const absl::CivilDay start : starts) {
      absl::StatusOr<DayAnswer> due = calendar.AddWorkdays(start, 20);
      benchmark::DoNotOptimize(due);
    }
  }
  state.SetItemsProcessed(state.iterations() * kComputations);
}
BENCHMARK(BM_MillionDueDates_AddWorkdays)->Unit(benchmark::kMillisecond);

// One explained computation (what --explain and the 期限计算器 page pay).
void BM_DueDateWithTrace(benchmark::State& state) {
  const Calendar& calendar = National();
  const ClockEvent event = ClockEvent::Start(absl::CivilDay(2026, 2, 12));
  for (auto _ : state) {
    absl::StatusOr<ClockResult> result = ComputeClock(
        calendar, Period::WorkingDays(20), absl::MakeConstSpan(&event, 1));
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_DueDateWithTrace)->Unit(benchmark::kMicrosecond);

// Building the calendar (done again whenever the schedule changes).
void BM_BuildCalendar(benchmark::State& state) {
  const Schedule schedule = National().schedule();
  for (auto _ : state) {
    Calendar calendar(schedule);
    benchmark::DoNotOptimize(calendar);
  }
}
BENCHMARK(BM_BuildCalendar)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace zwgk::calendar
