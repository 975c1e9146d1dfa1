// Import and export of a generated 50,000-row catalog workbook: rows/s and
// peak memory. Usage: catalog_bench [rows] (default 50000).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "catalog/excel.h"
#include "catalog/item.h"

namespace {

using zwgk::catalog::Catalog;
using zwgk::catalog::CatalogItem;

Catalog Generate(int rows) {
  Catalog c{.domain = "重大建设项目"};
  c.items.reserve(rows);
  const char* limits[] = {"自信息形成或者变更之日起20个工作日内", "实时公开",
                          "及时公开", "公示7个工作日"};
  for (int i = 1; i <= rows; ++i) {
    CatalogItem item{
        .seq = i,
        .level1 = absl::StrCat("一级事项", (i - 1) / 4 + 1),  // runs of 4 rows
        .level2 = absl::StrCat("二级事项", i)};
    item.elements = absl::StrCat(
        "申报材料清单、批准流程、办理时限、受理机构联系方式、申报要求等（", i,
        "）");
    item.basis =
        "《政府信息公开条例》、《关于全面推进政务公开工作意见》、《关于推进重大"
        "建设项目批准和实施领域政府信息公开的意见》";
    item.time_limit.text = limits[i % 4];
    item.subject = "相关审批部门";
    item.channels = {"政府网站", "两微一端", "纸质媒体", "政务服务中心",
                     "社区/企事业单位/村公示栏（电子屏）"};
    item.audience = {i % 3 == 0 ? zwgk::catalog::Audience::kGroup
                                : zwgk::catalog::Audience::kPublic};
    if (i % 3 == 0) item.audience_detail = "项目单位";
    item.method = {i % 5 == 0 ? zwgk::catalog::Method::kOnRequest
                              : zwgk::catalog::Method::kProactive};
    item.levels = {zwgk::catalog::Level::kCounty};
    zwgk::catalog::Normalize(item, nullptr);
    c.items.push_back(std::move(item));
  }
  return c;
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

long PeakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;  // KiB on Linux
}

}  // namespace

int main(int argc, char** argv) {
  const int rows = argc > 1 ? std::atoi(argv[1]) : 50000;
  const Catalog catalog = Generate(rows);
  std::printf("rows: %d, peak RSS after generating: %ld MiB\n", rows,
              PeakRssMiB());

  auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::string> bytes = zwgk::catalog::ExportXlsxBytes(catalog);
  double t = Seconds(start);
  if (!bytes.ok()) {
    std::fprintf(stderr, "export failed: %s\n",
                 std::string(bytes.status().message()).c_str());
    return 1;
  }
  std::printf(
      "export xlsx: %.2f s, %.0f rows/s, %.1f MiB file, peak RSS %ld MiB\n", t,
      rows / t, bytes->size() / 1048576.0, PeakRssMiB());

  start = std::chrono::steady_clock::now();
  absl::StatusOr<zwgk::catalog::ImportResult> result =
      zwgk::catalog::ImportXlsx(*std::move(bytes), {.domain = "重大建设项目"});
  t = Seconds(start);
  if (!result.ok() || result->catalog.items.size() != catalog.items.size()) {
    std::fprintf(stderr, "import failed: %s\n",
                 std::string(result.status().message()).c_str());
    return 1;
  }
  std::printf("import xlsx: %.2f s, %.0f rows/s, peak RSS %ld MiB\n", t,
              rows / t, PeakRssMiB());
  if (result->catalog != catalog) {
    std::fprintf(stderr, "round trip differs\n");
    return 1;
  }

  start = std::chrono::steady_clock::now();
  const std::string csv = zwgk::catalog::ExportCsv(catalog);
  std::printf("export csv: %.2f s, %.0f rows/s\n", Seconds(start),
              rows / Seconds(start));
  start = std::chrono::steady_clock::now();
  absl::StatusOr<zwgk::catalog::ImportResult> from_csv =
      zwgk::catalog::ImportCsv(csv, {.domain = "重大建设项目"});
  t = Seconds(start);
  std::printf(
      "import csv: %.2f s, %.0f rows/s (%s)\n", t, rows / t,
      from_csv.ok() && from_csv->catalog == catalog ? "lossless" : "DIFFERS");
  std::printf("peak RSS overall: %ld MiB\n", PeakRssMiB());
  return 0;
}
