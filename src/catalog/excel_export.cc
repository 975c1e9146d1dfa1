// XLSX export in the 附件2 layout, with libxlsxwriter.
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <concepts>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "catalog/excel.h"
#include "catalog/layout.h"
#include "catalog/text.h"

namespace zwgk::catalog {
namespace {

using layout::Column;
using layout::Field;

constexpr int kTitleRow = 0;
constexpr int kHeaderRow = 1;  // two rows: groups, then leaf labels
constexpr int kFirstDataRow = 3;
constexpr uint8_t kPaperA4 = 9;

struct Formats {
  lxw_format* title;
  lxw_format* header;
  lxw_format* text;    // wrapped, left, vertically centred
  lxw_format* center;  // wrapped, centred (序号, marks)
};

Formats MakeFormats(lxw_workbook* wb) {
  auto base = [wb](bool centered) {
    lxw_format* f = workbook_add_format(wb);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_text_wrap(f);
    format_set_align(f, centered ? LXW_ALIGN_CENTER : LXW_ALIGN_LEFT);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    format_set_font_size(f, 10);
    return f;
  };
  Formats f{.title = workbook_add_format(wb),
            .header = base(true),
            .text = base(false),
            .center = base(true)};
  format_set_bold(f.title);
  format_set_font_size(f.title, 16);
  format_set_align(f.title, LXW_ALIGN_CENTER);
  format_set_align(f.title, LXW_ALIGN_VERTICAL_CENTER);
  format_set_bold(f.header);
  format_set_bg_color(f.header, 0xD9D9D9);
  return f;
}

// The first libxlsxwriter error, turned into a status with the place it
// happened (described lazily: most calls succeed).
class ErrorTrap {
 public:
  void Check(lxw_error err, absl::string_view where) {
    Check(err, [where] { return std::string(where); });
  }
  template <std::invocable Describe>
  void Check(lxw_error err, Describe where) {
    if (err != LXW_NO_ERROR && status_.ok()) {
      status_ = absl::InvalidArgumentError(
          absl::StrCat(where(), "写入失败：", lxw_strerror(err)));
    }
  }
  const absl::Status& status() const { return status_; }

 private:
  absl::Status status_;
};

bool Centered(Field f) {
  return f == Field::kSeq || f == Field::kPublic || f == Field::kGroup ||
         f == Field::kProactive || f == Field::kOnRequest ||
         f == Field::kCounty || f == Field::kTownship || f == Field::kVillage;
}

void WriteHeader(lxw_worksheet* ws, const std::vector<Column>& columns,
                 const Formats& f, ErrorTrap& trap) {
  const auto n = static_cast<lxw_col_t>(columns.size());
  for (lxw_col_t c = 0; c < n;) {
    const Column& col = columns[c];
    if (col.group.empty()) {
      trap.Check(
          worksheet_merge_range(ws, kHeaderRow, c, kHeaderRow + 1, c,
                                std::string(col.label).c_str(), f.header),
          "表头");
      ++c;
      continue;
    }
    lxw_col_t end = c;
    while (end + 1 < n && columns[end + 1].group == col.group) ++end;
    if (end > c) {
      trap.Check(
          worksheet_merge_range(ws, kHeaderRow, c, kHeaderRow, end,
                                std::string(col.group).c_str(), f.header),
          "表头");
    } else {
      trap.Check(
          worksheet_write_string(ws, kHeaderRow, c,
                                 std::string(col.group).c_str(), f.header),
          "表头");
    }
    for (lxw_col_t k = c; k <= end; ++k) {
      trap.Check(worksheet_write_string(ws, kHeaderRow + 1, k,
                                        std::string(columns[k].label).c_str(),
                                        f.header),
                 "表头");
    }
    c = end + 1;
  }
}

// For each item, the number of rows its merged cell in a column spans: the
// run of following items with the same key; 0 inside a run.
template <typename Key>
std::vector<size_t> RunLengths(const std::vector<CatalogItem>& items, Key key) {
  std::vector<size_t> out(items.size(), 0);
  for (size_t first = 0; first < items.size();) {
    size_t last = first + 1;
    while (last < items.size() && key(items[last]) == key(items[first])) ++last;
    out[first] = last - first;
    first = last;
  }
  return out;
}

absl::Status Write(lxw_workbook* wb, const Catalog& catalog,
                   const ExportOptions& options) {
  ErrorTrap trap;
  const Formats f = MakeFormats(wb);
  lxw_worksheet* ws = workbook_add_worksheet(wb, options.sheet_name.c_str());
  if (ws == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("工作表名称“", options.sheet_name,
                     "”无效（不超过31个字符，且不能含有 []:*?/\\）"));
  }
  const std::vector<Column> columns = layout::ExportColumns(catalog);
  const auto last_col = static_cast<lxw_col_t>(columns.size() - 1);
  const std::vector<std::string> checklist =
      options.channels != nullptr ? options.channels->Checklist(catalog.domain)
                                  : std::vector<std::string>{};

  for (lxw_col_t c = 0; c <= last_col; ++c) {
    trap.Check(worksheet_set_column(ws, c, c, columns[c].width, nullptr),
               "列宽");
  }
  const std::string title =
      options.title.empty()
          ? absl::StrCat(catalog.domain, "领域政务公开事项标准目录")
          : options.title;
  trap.Check(worksheet_set_row(ws, kTitleRow, 32, nullptr), "标题");
  trap.Check(worksheet_merge_range(ws, kTitleRow, 0, kTitleRow, last_col,
                                   title.c_str(), f.title),
             "标题");
  WriteHeader(ws, columns, f, trap);

  // 一级事项 (and 二级事项 above a 三级事项 column) merge over runs of rows.
  const auto& items = catalog.items;
  const std::vector<size_t> level1_runs = RunLengths(
      items, [](const CatalogItem& i) { return std::tie(i.level1); });
  const std::vector<size_t> level2_runs = RunLengths(
      items, [](const CatalogItem& i) { return std::tie(i.level1, i.level2); });
  for (size_t i = 0; i < items.size(); ++i) {
    const auto row = static_cast<lxw_row_t>(kFirstDataRow + i);
    for (lxw_col_t c = 0; c <= last_col; ++c) {
      const Field field = columns[c].field;
      auto where = [&] {
        return absl::StrCat("第", row + 1, "行“", columns[c].label, "”");
      };
      const bool merged =
          field == Field::kLevel1 || (field == Field::kLevel2 && c < last_col &&
                                      columns[c + 1].field == Field::kLevel3);
      const size_t run =
          field == Field::kLevel1 ? level1_runs[i] : level2_runs[i];
      if (merged && run == 0) continue;  // inside a merged area
      if (merged && run > 1) {
        const std::string value =
            field == Field::kLevel1 ? items[i].level1 : items[i].level2;
        trap.Check(worksheet_merge_range(ws, row, c,
                                         static_cast<lxw_row_t>(row + run - 1),
                                         c, value.c_str(), f.text),
                   where);
      } else if (field == Field::kSeq) {
        trap.Check(worksheet_write_number(ws, row, c, items[i].seq, f.center),
                   where);
      } else {
        trap.Check(worksheet_write_string(
                       ws, row, c,
                       layout::FormatField(items[i], field, checklist).c_str(),
                       Centered(field) ? f.center : f.text),
                   where);
      }
    }
  }

  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, kPaperA4);
  worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
  worksheet_center_horizontally(ws);
  worksheet_fit_to_pages(ws, 1, 0);  // all columns on one page width
  trap.Check(worksheet_repeat_rows(ws, kHeaderRow, kHeaderRow + 1),
             "打印标题行");
  trap.Check(worksheet_set_footer(ws, "&C第 &P 页，共 &N 页"), "页脚");
  worksheet_freeze_panes(ws, kFirstDataRow, 0);
  return trap.status();
}

}  // namespace

absl::Status ExportXlsx(const Catalog& catalog, const std::string& path,
                        const ExportOptions& options) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr)
    return absl::UnavailableError(absl::StrCat("无法创建文件 ", path));
  absl::Status status = Write(wb, catalog, options);
  const lxw_error closed = workbook_close(wb);  // also frees wb
  if (!status.ok()) {
    std::filesystem::remove(path);
    return status;
  }
  if (closed != LXW_NO_ERROR) {
    return absl::UnavailableError(
        absl::StrCat("写入 ", path, " 失败：", lxw_strerror(closed)));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ExportXlsxBytes(const Catalog& catalog,
                                            const ExportOptions& options) {
  std::string path =
      (std::filesystem::temp_directory_path() / "zwgk-catalog-XXXXXX").string();
  const int fd = mkstemp(path.data());
  if (fd < 0) return absl::UnavailableError("无法创建临时文件");
  close(fd);
  absl::Status status = ExportXlsx(catalog, path, options);
  if (!status.ok()) {
    std::filesystem::remove(path);
    return status;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) {
    std::filesystem::remove(path);
    return absl::UnavailableError("读取导出的临时文件失败");
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  in.close();
  std::filesystem::remove(path);
  return std::move(bytes).str();
}

}  // namespace zwgk::catalog
