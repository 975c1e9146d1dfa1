// libFuzzer target for the XLSX reader and the catalog importers.
//
// Random bytes rarely get past zip's checksums, so the first input byte picks
// what the rest is:
//   0: a whole .xlsx file;
//   1: package parts separated by "\n----\n" (sheet XML, shared strings,
//      styles, workbook XML), zipped here into a well-formed package so the
//      XML readers see the mutations;
//   2: CSV text for the CSV importer.
// Every path must end in a status, never a crash, hang or leak.
#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "catalog/excel.h"
#include "catalog/xlsx_reader.h"

namespace {

using zwgk::catalog::xlsx::Sheet;

constexpr absl::string_view kSeparator = "\n----\n";

std::vector<absl::string_view> Split(absl::string_view s) {
  std::vector<absl::string_view> parts;
  while (true) {
    const size_t pos = s.find(kSeparator);
    parts.push_back(s.substr(0, pos));
    if (pos == absl::string_view::npos) return parts;
    s.remove_prefix(pos + kSeparator.size());
  }
}

// A zip archive (stored, in memory) with the given entries.
std::string Zip(
    const std::vector<std::pair<std::string, absl::string_view>>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* z = src != nullptr ? zip_open_from_source(src, ZIP_TRUNCATE, &error)
                            : nullptr;
  zip_error_fini(&error);
  if (z == nullptr) {
    if (src != nullptr) zip_source_free(src);
    return "";
  }
  zip_source_keep(src);
  for (const auto& [name, content] : entries) {
    zip_source_t* part =
        zip_source_buffer(z, content.data(), content.size(), 0);
    const zip_int64_t index =
        zip_file_add(z, name.c_str(), part, ZIP_FL_OVERWRITE);
    if (index < 0) {
      zip_source_free(part);
      continue;
    }
    zip_set_file_compression(z, index, ZIP_CM_STORE, 0);
  }
  std::string out;
  if (zip_close(z) == 0 && zip_source_open(src) == 0) {
    char buffer[4096];
    zip_int64_t n;
    while ((n = zip_source_read(src, buffer, sizeof buffer)) > 0)
      out.append(buffer, n);
    zip_source_close(src);
  } else {
    zip_discard(z);
  }
  zip_source_free(src);
  return out;
}

std::string Package(absl::string_view spec) {
  const std::vector<absl::string_view> parts = Split(spec);
  auto part = [&](size_t i, absl::string_view fallback) {
    return i < parts.size() ? parts[i] : fallback;
  };
  return Zip({
      {"xl/worksheets/sheet1.xml", part(0, "")},
      {"xl/sharedStrings.xml", part(1, "<sst/>")},
      {"xl/styles.xml", part(2, "<styleSheet/>")},
      {"xl/workbook.xml",
       part(
           3,
           R"(<workbook xmlns:r="r"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>)")},
      {"xl/_rels/workbook.xml.rels",
       R"(<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>)"},
  });
}

void Exercise(const Sheet& sheet) {
  const int rows = std::min(sheet.row_count(), 2000);
  const int cols = std::min(sheet.col_count(), 64);
  size_t total = 0;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      const auto& cell = sheet.Filled(r, c);
      total += cell.Text().size() + (cell.DateTime().has_value() ? 1 : 0);
    }
  }
  for (const auto& m : sheet.merges()) total += m.ToA1().size();
  (void)zwgk::catalog::ImportSheet(sheet, {.domain = "领域"});
  if (total == SIZE_MAX)
    std::abort();  // keep the reads from being optimized away
}

void FuzzWorkbook(std::string bytes) {
  absl::StatusOr<zwgk::catalog::xlsx::Workbook> wb =
      zwgk::catalog::xlsx::Workbook::FromBytes(std::move(bytes));
  if (!wb.ok()) return;
  const size_t sheets = wb->sheet_names().size();
  for (size_t i = 0; i < sheets && i < 4; ++i) {
    absl::StatusOr<Sheet> sheet = wb->ReadSheet(static_cast<int>(i));
    if (sheet.ok()) Exercise(*sheet);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const absl::string_view rest(reinterpret_cast<const char*>(data) + 1,
                               size - 1);
  switch (data[0] % 3) {
    case 0:
      FuzzWorkbook(std::string(rest));
      break;
    case 1:
      FuzzWorkbook(Package(rest));
      break;
    case 2:
      (void)zwgk::catalog::ImportCsv(rest, {.domain = "领域"});
      break;
  }
  return 0;
}
