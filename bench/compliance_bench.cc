// The compliance dashboard uncached (issue 15: "at 1M records and 100k
// applications the dashboard renders in under 1 s uncached"). Builds the
// data once through the services (`dev generate`'s record generator, then
// applications entered and mostly answered, some late, some still open) in
// a kept data dir, then times Service::Get for the county and one unit,
// ApiJson and Xlsx.
//   build/bench/compliance_bench [records] [applications]
//   (defaults 1000000 and 100000; data in build/bench-compliance-R-A, or
//   $COMPLIANCE_BENCH_DATA)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "app/app.h"
#include "applications/module.h"
#include "catalog/module.h"
#include "compliance/module.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/status.h"
#include "publishing/generate.h"
#include "publishing/module.h"
#include "reports/module.h"
#include "supervision/module.h"

namespace zwgk {
namespace {

using Timer = std::chrono::steady_clock;

double Seconds(Timer::time_point since) {
  return std::chrono::duration<double>(Timer::now() - since).count();
}

void Check(const absl::Status& s, const char* what) {
  if (s.ok()) return;
  std::fprintf(stderr, "%s: %s\n", what, std::string(s.message()).c_str());
  for (const auto& [field, message] : GetFieldErrors(s))
    std::fprintf(stderr, "  %s: %s\n", field.c_str(), message.c_str());
  std::exit(1);
}

// Received from 2025-01-02 to 2026-11-27; 92 % answered (1 in 12 of those
// after the 20 working days), the rest still open.
void MakeApplications(App& app, int64_t count) {
  auto& apps = dynamic_cast<applications::ApplicationsModule*>(
                   app.module("applications"))
                   ->service();
  auto& compliance =
      dynamic_cast<compliance::ComplianceModule*>(app.module("compliance"))
          ->service();
  auto units = compliance.org().ListUnits();
  Check(units.status(), "units");
  const Actor admin = SystemActor();
  const absl::CivilDay first(2025, 1, 2), last(2026, 11, 27);
  const int64_t span = last - first + 1;
  const auto start = Timer::now();
  for (int64_t i = 0; i < count; ++i) {
    const absl::CivilDay received = first + (i * 7919) % span;
    applications::ApplicationInput in{
        .applicant_type = "natural_person",
        .name = "张三",
        .id_type = "resident_id",
        .id_number = "421221199003071238",
        .phone = "13812345678",
        .address = "嘉鱼县鱼岳镇人民大道1号",
        .email = "zhangsan@example.com",
        .unit = (*units)[i % units->size()].name,
        .description = absl::StrCat("申请公开第", i, "项政府信息"),
        .delivery_form = "email",
        .channel = "in_person",
        .received_on = FormatDate(received)};
    auto s = apps.Enter(admin, in);
    Check(s.status(), "enter");
    if (i % 25 < 23) {
      const absl::CivilDay on =
          std::min(last, received + (i % 12 == 0 ? 40 : 10));
      auto d = apps.Act(admin, s->id, applications::Action::kReply,
                        {.on = FormatDate(on),
                         .type = i % 3 == 0 ? "partial" : "disclosed",
                         .text = "答复"});
      Check(d.status(), "reply");
    }
    if ((i + 1) % 10000 == 0)
      std::fprintf(stderr, "  %lld applications (%.0f s)\n",
                   static_cast<long long>(i + 1), Seconds(start));
  }
}

}  // namespace
}  // namespace zwgk

int main(int argc, char** argv) {
  using namespace zwgk;
  const int64_t records = argc > 1 ? std::atoll(argv[1]) : 1000000;
  const int64_t count = argc > 2 ? std::atoll(argv[2]) : 100000;
  const char* env = std::getenv("COMPLIANCE_BENCH_DATA");
  const std::string dir =
      env ? env : absl::StrCat("build/bench-compliance-", records, "-", count);
  const std::string marker = dir + "/generated";
  static SystemClock clock;
  App app(Config{.data_dir = dir, .db = "sqlite:" + dir + "/zwgk.db"}, clock);
  std::filesystem::create_directories(dir);
  Check(app.Open(), "open");
  if (!std::filesystem::exists(marker)) {
    Check(app.Seed(), "seed");
    auto& org =
        dynamic_cast<compliance::ComplianceModule*>(app.module("compliance"))
            ->service()
            .org();
    auto& catalog =
        dynamic_cast<catalog::CatalogModule*>(app.module("catalog"))->service();
    auto start = Timer::now();
    auto n = publishing::GenerateRecords(app.db(), org, catalog,
                                         {.records = records});
    Check(n.status(), "generate");
    std::fprintf(stderr, "%lld records in %.0f s\n", static_cast<long long>(*n),
                 Seconds(start));
    start = Timer::now();
    MakeApplications(app, count);
    std::fprintf(stderr, "%lld applications in %.0f s\n",
                 static_cast<long long>(count), Seconds(start));
    std::ofstream(marker) << "ok\n";
  }

  auto& service =
      dynamic_cast<compliance::ComplianceModule*>(app.module("compliance"))
          ->service();
  const Actor admin = SystemActor();
  const absl::CivilDay as_of(2026, 11, 30);
  auto time = [&](const char* what, int runs, auto fn) {
    std::vector<double> t;
    for (int i = 0; i < runs; ++i) {
      auto start = Timer::now();
      fn();
      t.push_back(Seconds(start));
    }
    std::sort(t.begin(), t.end());
    std::printf("%-34s min %8.3f s   median %8.3f s   max %8.3f s\n", what,
                t.front(), t[t.size() / 2], t.back());
  };
  std::optional<compliance::Dashboard> d;
  time("dashboard, county (Get)", 5, [&] {
    auto r = service.Get(admin, as_of, std::nullopt);
    Check(r.status(), "get");
    d = std::move(*r);
  });
  // Where the time goes: each owner's figures on their own.
  auto& pub =
      dynamic_cast<publishing::PublishingModule*>(app.module("publishing"))
          ->service();
  auto& apps = dynamic_cast<applications::ApplicationsModule*>(
                   app.module("applications"))
                   ->service();
  auto& reports =
      dynamic_cast<reports::ReportsModule*>(app.module("reports"))->service();
  auto& tasks =
      dynamic_cast<supervision::SupervisionModule*>(app.module("supervision"))
          ->service();
  time("  publishing Compliance", 3,
       [&] { Check(pub.Compliance(as_of, std::nullopt).status(), "pub"); });
  time("  publishing Columns", 3,
       [&] { Check(pub.Columns(as_of).status(), "columns"); });
  time("  publishing PeriodGaps", 3,
       [&] { Check(pub.PeriodGaps(as_of, std::nullopt).status(), "gaps"); });
  time("  applications Compliance", 3,
       [&] { Check(apps.Compliance(as_of, std::nullopt).status(), "apps"); });
  time("  reports Due", 3, [&] { Check(reports.Due(as_of).status(), "due"); });
  time("  supervision CountsByUnit", 3,
       [&] { Check(tasks.CountsByUnit(as_of).status(), "tasks"); });
  const int64_t unit = d->units.front().unit_id;
  time("dashboard, one unit (Get)", 5,
       [&] { Check(service.Get(admin, as_of, unit).status(), "get unit"); });
  size_t json_bytes = 0, xlsx_bytes = 0;
  time("ApiJson + dump", 5,
       [&] { json_bytes = service.ApiJson(*d).dump().size(); });
  time("Xlsx", 3, [&] {
    auto x = service.Xlsx(*d);
    Check(x.status(), "xlsx");
    xlsx_bytes = x->size();
  });
  std::printf(
      "%lld records, %lld applications; county: %zu units, %lld overdue, "
      "%lld due soon, %lld late publications, %lld applications overdue, "
      "%lld replied late; JSON %zu bytes, XLSX %zu bytes\n",
      static_cast<long long>(records), static_cast<long long>(count),
      d->units.size(), static_cast<long long>(d->county.publications_overdue),
      static_cast<long long>(d->county.publications_due_soon),
      static_cast<long long>(d->county.publications_late),
      static_cast<long long>(d->county.applications_overdue),
      static_cast<long long>(d->county.applications_replied_late), json_bytes,
      xlsx_bytes);
  return 0;
}
