// Catalogs in and out of the formats counties use: XLSX in the government
// layout of 附件2, CSV (RFC 4180, UTF-8 with BOM) and JSON.
//
// The XLSX importer reads workbooks as counties publish them: an optional
// title row; the header found by its content, with the two-level merged
// header (公开事项 → 一级事项/二级事项[/三级事项], 公开对象 → 全社会/特定群众,
// 公开方式 → 主动/依申请公开) and extra columns tolerated (公开层级 县级/乡级/
// 村级, 备注, anything unknown); 一级事项 merged over rows or left blank to
// continue the previous one; channel cells with ■/□ marks across line breaks;
// √ marks or a group's name (项目单位) in flag columns; trailing 备注 rows
// ignored. Every problem names the sheet, the row and column as Excel shows
// them, and the reason in Chinese.
//
// Export → import is lossless for all three formats (for normalized items;
// see Normalize in item.h).
#ifndef ZWGK_CATALOG_EXCEL_H_
#define ZWGK_CATALOG_EXCEL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "catalog/channels.h"
#include "catalog/model.h"
#include "catalog/xlsx_reader.h"
#include "core/csv.h"

namespace zwgk::catalog {

// What an import found in one row (or, for a header problem, the sheet).
struct ImportProblem {
  std::string sheet = {};
  int row = 0;  // 1-based as Excel shows it; 0 when not about one row
  std::string column = {};  // "E"; empty when about a whole row
  std::string reason = {};  // Chinese, e.g. "公开时限不能为空"
  // The item of the row, "一级事项 / 二级事项"; empty when unreadable.
  std::string item = {};
  // Whether the row's item was imported anyway (kept in the draft and
  // flagged until completed); false: the row was left out.
  bool kept = false;

  // 工作表“标准目录”第5行E列（批准服务信息 / 办事指南）：公开时限不能为空
  std::string ToString() const;
  bool operator==(const ImportProblem&) const = default;
};

struct ImportOptions {
  std::string domain = {};  // the catalog's domain (领域)
  // The sheet to read; by default the first sheet whose header is found.
  std::optional<std::string> sheet = {};
  // Spells known channel names; not owned, may be null.
  const ChannelRegistry* channels = nullptr;
};

struct ImportResult {
  // Every item a row could be read for, incomplete ones included: they
  // carry their import_notes, and PublicationProblems names what they lack.
  Catalog catalog = {};
  // By row: the problems of kept items (kept) and the rows left out because
  // no item could be read from them (no 二级事项).
  std::vector<ImportProblem> problems = {};
};

// Imports a catalog, keeping every row that names an item: a draft holds
// incomplete items until someone completes them. Errors: InvalidArgument for
// an unreadable file and a sheet without a usable catalog header (the
// problems attached: GetImportProblems); NotFound for a named sheet that does
// not exist.
[[nodiscard]] absl::StatusOr<ImportResult> ImportXlsx(
    std::string bytes, const ImportOptions& options);
[[nodiscard]] absl::StatusOr<ImportResult> ImportSheet(
    const xlsx::Sheet& sheet, const ImportOptions& options);
// CSV as written by ExportCsv (or by Excel: a header row, any column order).
// Rows are numbered by record, the header being row 1; the sheet is "CSV".
[[nodiscard]] absl::StatusOr<ImportResult> ImportCsv(
    absl::string_view csv, const ImportOptions& options);

// InvalidArgument with `summary` and the first problems as its message and
// all of them attached.
absl::Status ImportProblemsStatus(absl::string_view summary,
                                  const std::vector<ImportProblem>& problems);

// The problems attached to a status returned by the importers (empty if none).
std::vector<ImportProblem> GetImportProblems(const absl::Status& status);

struct ExportOptions {
  // Title row; default "<domain>领域政务公开事项标准目录".
  std::string title = {};
  std::string sheet_name = "标准目录";
  // When set, the checklist channels a catalog does not use are listed with
  // □ after the used ones (■), as in the 附件2 template. Not owned.
  const ChannelRegistry* channels = nullptr;
};

// XLSX in the 附件2 layout: title row, merged two-level header, wrapped text,
// borders, ■/□ channel marks, √ in flag columns, A4 landscape with the header
// rows repeated on each printed page. Columns for 三级事项, 公开层级 and 备注
// appear only when some item needs them.
[[nodiscard]] absl::Status ExportXlsx(const Catalog& catalog,
                                      const std::string& path,
                                      const ExportOptions& options = {});
[[nodiscard]] absl::StatusOr<std::string> ExportXlsxBytes(
    const Catalog& catalog, const ExportOptions& options = {});

// One header row with the leaf labels (序号, 一级事项, …, 依申请公开), CRLF
// line ends, UTF-8 with a BOM so Excel opens it correctly.
std::string ExportCsv(const Catalog& catalog);

// {"domain":…,"version":…,"items":[{"seq":1,"level1":…,…}]}; "level3" only
// when present, "example" only when true. Parsed fields are not written:
// they are recomputed on import.
std::string ExportJson(const Catalog& catalog);
// A JSON array of catalogs (the format of data/examples.json).
std::string ExportJsonList(const std::vector<Catalog>& catalogs);

// The inverse. Items are normalized and validated; InvalidArgument names each
// bad item and field.
[[nodiscard]] absl::StatusOr<Catalog> ImportJson(
    absl::string_view json, const ChannelRegistry* channels = nullptr);
// An array of catalogs, or a single catalog object.
[[nodiscard]] absl::StatusOr<std::vector<Catalog>> ImportJsonList(
    absl::string_view json, const ChannelRegistry* channels = nullptr);

// CSV parsing and writing: core/csv.h.

}  // namespace zwgk::catalog

#endif  // ZWGK_CATALOG_EXCEL_H_
