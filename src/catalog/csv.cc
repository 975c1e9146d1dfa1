// CSV export of catalogs (the format itself: core/csv.h).
#include "core/csv.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "catalog/excel.h"
#include "catalog/layout.h"

namespace zwgk::catalog {

std::string ExportCsv(const Catalog& catalog) {
  const std::vector<layout::Column> columns = layout::ExportColumns(catalog);
  std::string out(kCsvBom);
  std::vector<std::string> fields;
  for (const layout::Column& c : columns) fields.emplace_back(c.label);
  out += FormatCsvRecord(fields);
  for (const CatalogItem& item : catalog.items) {
    fields.clear();
    for (const layout::Column& c : columns)
      fields.push_back(layout::FormatField(item, c.field, {}));
    out += FormatCsvRecord(fields);
  }
  return out;
}

}  // namespace zwgk::catalog
