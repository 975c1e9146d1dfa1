// In-process cost of answering portal pages (router + services + database +
// templates), without the network: where the time of a request goes.
//   build/bench/http_bench
#include <benchmark/benchmark.h>

#include <filesystem>

#include "app/app.h"
#include "core/clock.h"

namespace zwgk {
namespace {

App& SeededApp() {
  static SystemClock clock;
  static App* app = [] {
    std::string dir =
        std::filesystem::temp_directory_path() / "zwgk-http-bench";
    std::filesystem::remove_all(dir);
    auto* a = new App(
        Config{.data_dir = dir, .db = "sqlite:" + dir + "/zwgk.db"}, clock);
    if (!a->Open().ok() || !a->Seed().ok()) std::abort();
    return a;
  }();
  return *app;
}

void Page(benchmark::State& state, const char* target) {
  const web::Router& router = SeededApp().router();
  size_t bytes = 0;
  for (auto _ : state) {
    web::Request req = web::MakeRequest(web::Method::kGet, target);
    web::Response r = router.Handle(req);
    if (r.status != 200) state.SkipWithError("non-200");
    bytes = r.body.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}

BENCHMARK_CAPTURE(Page, home, "/");
BENCHMARK_CAPTURE(Page, tasks, "/tasks");
BENCHMARK_CAPTURE(Page, domain_with_catalog, "/domains/1");
BENCHMARK_CAPTURE(Page, api_domains, "/api/v1/domains");
BENCHMARK_CAPTURE(Page, healthz, "/healthz");
BENCHMARK_CAPTURE(Page, calculator, "/calendar?start=2026-02-02&days=20");

}  // namespace
}  // namespace zwgk

BENCHMARK_MAIN();
