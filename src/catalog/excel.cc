// Import of a catalog sheet (XLSX or CSV read into a sheet).
#include "catalog/excel.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "catalog/item.h"
#include "catalog/layout.h"
#include "catalog/text.h"
#include "nlohmann/json.hpp"

namespace zwgk::catalog {
namespace {

using layout::Field;

constexpr absl::string_view kProblemsPayload =
    "type.zwgk/catalog.ImportProblems";
// The header is looked for in the first rows only.
constexpr int kHeaderSearchRows = 30;
// Problems quoted in a status message; all are in the payload.
constexpr size_t kProblemsInMessage = 10;

// Fields every catalog sheet has.
constexpr Field kRequired[] = {
    Field::kSeq,    Field::kLevel1,    Field::kLevel2,    Field::kElements,
    Field::kBasis,  Field::kTimeLimit, Field::kSubject,   Field::kChannels,
    Field::kPublic, Field::kGroup,     Field::kProactive, Field::kOnRequest};

// Leaf labels that make a row the lower half of a two-level header.
constexpr absl::string_view kSubLabels[] = {
    "一级事项", "二级事项",   "三级事项", "全社会", "特定群众", "特定群体",
    "主动",     "依申请公开", "依申请",   "县级",   "乡级",     "村级"};

struct Header {
  int row = 0;       // 0-based row of the (upper) header
  int data_row = 0;  // first row below the header
  std::map<Field, int> columns = {};
};

std::string CellText(const xlsx::Sheet& sheet, int row, int col) {
  const xlsx::Cell& cell = sheet.Filled(row, col);
  return cell.type == xlsx::CellType::kString ? text::Trim(cell.text)
                                              : text::Trim(cell.Text());
}

int CountHeaderLabels(const xlsx::Sheet& sheet, int row) {
  int n = 0;
  for (const auto& [col, cell] : sheet.RowCells(row)) {
    if (cell.type != xlsx::CellType::kString) continue;
    if (layout::MatchLabel(cell.text) || layout::IsGroupLabel(cell.text)) ++n;
  }
  return n;
}

bool IsSubHeaderRow(const xlsx::Sheet& sheet, int row) {
  int n = 0;
  for (const auto& [col, cell] : sheet.RowCells(row)) {
    const std::string s = text::RemoveSpaces(cell.Text());
    for (absl::string_view label : kSubLabels) {
      if (s == label) ++n;
    }
  }
  return n >= 2;
}

ImportProblem Problem(const xlsx::Sheet& sheet, int row, std::optional<int> col,
                      std::string reason) {
  return {.sheet = sheet.name(),
          .row = row + 1,
          .column = col ? xlsx::ColumnName(*col) : "",
          .reason = std::move(reason)};
}

// Finds the header by content. nullopt when the sheet has none; a problem
// when it has one that cannot be used.
absl::StatusOr<std::optional<Header>> FindHeader(
    const xlsx::Sheet& sheet, std::vector<ImportProblem>& problems) {
  const int last = std::min(sheet.row_count(), kHeaderSearchRows);
  for (int r = 0; r < last; ++r) {
    if (CountHeaderLabels(sheet, r) < 3) continue;
    Header h{.row = r, .data_row = r + 1};
    const bool two_level =
        r + 1 < sheet.row_count() && IsSubHeaderRow(sheet, r + 1);
    if (two_level) h.data_row = r + 2;
    for (int c = 0; c < sheet.col_count(); ++c) {
      const std::string top = CellText(sheet, r, c);
      const std::string sub = two_level ? CellText(sheet, r + 1, c) : "";
      const std::string& label =
          !sub.empty() && text::RemoveSpaces(sub) != text::RemoveSpaces(top)
              ? sub
              : top;
      const std::optional<Field> field = layout::MatchLabel(label);
      if (!field) continue;
      const auto [it, inserted] = h.columns.emplace(*field, c);
      if (!inserted) {
        problems.push_back(
            Problem(sheet, label == sub ? r + 1 : r, c,
                    absl::StrCat("表头“", label, "”与",
                                 xlsx::ColumnName(it->second), "列重复")));
      }
    }
    for (Field f : kRequired) {
      if (!h.columns.contains(f)) {
        problems.push_back(
            Problem(sheet, r, std::nullopt,
                    absl::StrCat("表头缺少“", layout::FieldLabel(f), "”列")));
      }
    }
    return std::optional<Header>(std::move(h));
  }
  return std::optional<Header>();
}

absl::Status ProblemsStatusImpl(absl::string_view summary,
                                const std::vector<ImportProblem>& problems) {
  std::string message(summary);
  for (size_t i = 0; i < problems.size() && i < kProblemsInMessage; ++i) {
    absl::StrAppend(&message, "\n", problems[i].ToString());
  }
  if (problems.size() > kProblemsInMessage) {
    absl::StrAppend(&message, "\n……另有", problems.size() - kProblemsInMessage,
                    "处问题");
  }
  nlohmann::json payload = nlohmann::json::array();
  for (const ImportProblem& p : problems) {
    payload.push_back({{"sheet", p.sheet},
                       {"row", p.row},
                       {"column", p.column},
                       {"reason", p.reason},
                       {"item", p.item},
                       {"kept", p.kept}});
  }
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(
      kProblemsPayload,
      absl::Cord(payload.dump(-1, ' ', false,
                              nlohmann::json::error_handler_t::replace)));
  return status;
}

enum class FlagKind { kNo, kYes, kText };

struct Flag {
  FlagKind kind = FlagKind::kNo;
  std::string text = {};  // kText: what was written (a group's name)
};

// A flag cell: blank or an explicit "no" mark, a check mark, or other text.
Flag ParseFlag(absl::string_view cell) {
  static constexpr absl::string_view kYes[] = {"√",  "✓", "✔", "☑", "■", "●",
                                               "是", "Y", "y", "V", "v"};
  static constexpr absl::string_view kNo[] = {"×", "✗", "否", "无",
                                              "/", "-", "—",  "－"};
  const std::string s = text::RemoveSpaces(cell);
  if (s.empty()) return {};
  for (absl::string_view y : kYes) {
    if (s == y) return {.kind = FlagKind::kYes};
  }
  for (absl::string_view n : kNo) {
    if (s == n) return {};
  }
  // "√（项目单位）": a mark with the group named after it.
  std::string rest = text::Trim(cell);
  for (absl::string_view y : kYes) {
    if (absl::StartsWith(rest, y)) {
      rest = text::Trim(rest.substr(y.size()));
      break;
    }
  }
  for (auto [open, close] : {std::pair{"（", "）"}, std::pair{"(", ")"}}) {
    if (rest.starts_with(open) && rest.ends_with(close)) {
      rest =
          text::Trim(rest.substr(absl::string_view(open).size(),
                                 rest.size() - absl::string_view(open).size() -
                                     absl::string_view(close).size()));
    }
  }
  return {.kind = FlagKind::kText, .text = rest};
}

// The first cell of `row` holding more than spaces, or null.
const xlsx::Cell* FirstValue(const xlsx::Sheet& sheet, int row) {
  for (const auto& [col, cell] : sheet.RowCells(row)) {
    if (!cell.blank()) return &cell;
  }
  return nullptr;
}

// 备注 / 注： / 说明： starting a row (not an item's 序号) ends the table.
bool StartsRemarks(const xlsx::Sheet& sheet, int row, int seq_col) {
  if (sheet.Filled(row, seq_col).type == xlsx::CellType::kNumber) return false;
  const xlsx::Cell* first = FirstValue(sheet, row);
  if (first == nullptr) return false;
  const std::string s = text::RemoveSpaces(first->Text());
  for (absl::string_view p : {"备注", "注：", "注:", "说明：", "说明:"}) {
    if (absl::StartsWith(s, p)) return true;
  }
  return false;
}

// Reads one data row. Appends its problems; returns the item unless the row
// names none (no 二级事项). An incomplete item is returned with the problems
// its fields cannot show as import_notes.
class RowReader {
 public:
  RowReader(const xlsx::Sheet& sheet, const Header& header,
            const ImportOptions& options)
      : sheet_(sheet), header_(header), options_(options) {}

  std::optional<CatalogItem> Read(int row,
                                  std::vector<ImportProblem>& problems) {
    row_ = row;
    problems_ = &problems;
    keys_.clear();
    const size_t before = problems.size();
    CatalogItem item;
    item.seq = ReadSeq();
    ReadNames(item);
    item.elements = Text(Field::kElements);
    item.basis = Text(Field::kBasis);
    item.time_limit.text = Text(Field::kTimeLimit);
    item.subject = Text(Field::kSubject);
    ReadChannels(item);
    ReadFlags(item);
    if (Has(Field::kNote)) {
      item.example =
          text::RemoveSpaces(Text(Field::kNote)) == layout::kExampleNote;
    }
    Normalize(item, options_.channels);
    const std::vector<FieldProblem> missing = PublicationProblems(item);
    for (const FieldProblem& p : missing) {
      // Blank names were reported by ReadNames with a better reason.
      if ((p.field == "level1" && item.level1.empty()) ||
          (p.field == "level2" && item.level2.empty())) {
        continue;
      }
      // An unreadable mark was reported already; "nothing ticked" would repeat
      // it.
      if ((p.field == "audience" && unreadable_audience_) ||
          (p.field == "method" && unreadable_method_)) {
        continue;
      }
      const std::optional<Field> f = layout::FieldForProblem(p.field);
      Add(f && Has(*f) ? std::optional<Field>(*f) : std::nullopt, p.reason,
          p.field);
    }
    const bool readable = !item.level2.empty();
    if (!readable) {
      // Left out for want of a name: that is the row's one problem.
      size_t kept = before;
      for (size_t i = before; i < problems.size(); ++i) {
        const std::string& key = keys_[i - before];
        if (key == "level1" || key == "level2") {
          if (kept != i) {
            keys_[kept - before] = key;
            problems[kept] = std::move(problems[i]);
          }
          ++kept;
        }
      }
      problems.resize(kept);
      keys_.resize(kept - before);
    }
    const std::string name = readable ? ItemName(item) : "";
    for (size_t i = before; i < problems.size(); ++i) {
      problems[i].item = name;
      problems[i].kept = readable;
      // What the fields cannot show is kept with the item: a problem of a
      // field that looks complete. The 序号 is not: the draft numbers its
      // items in order.
      const std::string& key = keys_[i - before];
      const bool shown =
          std::any_of(missing.begin(), missing.end(),
                      [&](const FieldProblem& p) { return p.field == key; });
      if (readable && !key.empty() && key != "seq" && !shown)
        item.import_notes.push_back({key, problems[i].reason});
    }
    if (!readable) return std::nullopt;
    return item;
  }

 private:
  bool Has(Field f) const { return header_.columns.contains(f); }
  int Col(Field f) const { return header_.columns.at(f); }
  std::string Text(Field f) const {
    return Has(f) ? CellText(sheet_, row_, Col(f)) : "";
  }

  // A problem of the row, about column `f`, for the item's field `key`
  // (layout::ProblemKey of `f` by default).
  void Add(std::optional<Field> f, std::string reason,
           absl::string_view key = "") {
    problems_->push_back(Problem(sheet_, row_,
                                 f ? std::optional<int>(Col(*f)) : std::nullopt,
                                 std::move(reason)));
    keys_.emplace_back(!key.empty() ? key
                       : f          ? layout::ProblemKey(*f)
                                    : absl::string_view());
  }

  int ReadSeq() {
    const xlsx::Cell& cell = sheet_.Filled(row_, Col(Field::kSeq));
    if (cell.blank()) {
      Add(Field::kSeq, "序号为空");
      return 0;
    }
    int seq = 0;
    if (cell.type == xlsx::CellType::kNumber) {
      if (cell.number >= 1 && cell.number <= 1e9 &&
          cell.number == static_cast<int>(cell.number)) {
        seq = static_cast<int>(cell.number);
      }
    } else if (!absl::SimpleAtoi(text::Trim(cell.Text()), &seq)) {
      seq = 0;
    }
    if (seq <= 0) {
      Add(Field::kSeq,
          absl::StrCat("序号“", text::Trim(cell.Text()), "”不是正整数"));
      return 0;
    }
    if (auto [it, inserted] = seq_rows_.emplace(seq, row_); !inserted) {
      Add(Field::kSeq,
          absl::StrCat("序号", seq, "与第", it->second + 1, "行重复"));
    }
    return seq;
  }

  // 一级事项 merged over rows or left blank continues the previous one; so
  // does 二级事项 over rows that differ in 三级事项.
  void ReadNames(CatalogItem& item) {
    item.level1 = Text(Field::kLevel1);
    if (item.level1.empty()) {
      if (last_level1_.empty()) {
        Add(Field::kLevel1, "一级事项为空，且上方没有可延续的一级事项");
      }
      item.level1 = last_level1_;
    } else if (item.level1 != last_level1_) {
      last_level1_ = item.level1;
      last_level2_.clear();
    }
    if (Has(Field::kLevel3)) item.level3 = Text(Field::kLevel3);
    item.level2 = Text(Field::kLevel2);
    if (item.level2.empty() && item.level3 && !item.level3->empty() &&
        !last_level2_.empty()) {
      item.level2 = last_level2_;
    } else if (item.level2.empty()) {
      Add(Field::kLevel2, "二级事项为空");
    }
    last_level2_ = item.level2;
  }

  void ReadChannels(CatalogItem& item) {
    const ChannelCell cell =
        ParseChannelCell(Text(Field::kChannels), options_.channels);
    if (!cell.unmarked.empty()) {
      Add(Field::kChannels,
          absl::StrCat("“", cell.unmarked,
                       "”前没有■或□标记，无法判断是否使用该渠道"));
    }
    item.channels = cell.used;
  }

  // Returns false when the cell holds something other than a mark.
  bool CheckFlag(Field f, auto on_yes) {
    if (!Has(f)) return true;
    const Flag flag = ParseFlag(Text(f));
    if (flag.kind == FlagKind::kYes) {
      on_yes();
    } else if (flag.kind == FlagKind::kText) {
      Add(f, absl::StrCat("无法识别“", flag.text, "”，请打√或留空"));
      return false;
    }
    return true;
  }

  void ReadFlags(CatalogItem& item) {
    unreadable_audience_ = !CheckFlag(
        Field::kPublic, [&] { item.audience.push_back(Audience::kPublic); });
    const Flag group = ParseFlag(Text(Field::kGroup));
    if (group.kind != FlagKind::kNo) {
      item.audience.push_back(Audience::kGroup);
      item.audience_detail = group.text;
    }
    const bool proactive_ok = CheckFlag(
        Field::kProactive, [&] { item.method.push_back(Method::kProactive); });
    const bool on_request_ok = CheckFlag(
        Field::kOnRequest, [&] { item.method.push_back(Method::kOnRequest); });
    unreadable_method_ = !proactive_ok || !on_request_ok;
    CheckFlag(Field::kCounty, [&] { item.levels.push_back(Level::kCounty); });
    CheckFlag(Field::kTownship,
              [&] { item.levels.push_back(Level::kTownship); });
    CheckFlag(Field::kVillage, [&] { item.levels.push_back(Level::kVillage); });
  }

  const xlsx::Sheet& sheet_;
  const Header& header_;
  const ImportOptions& options_;
  int row_ = 0;
  std::vector<ImportProblem>* problems_ = nullptr;
  std::vector<std::string> keys_;  // the field key of each problem of the row
  std::string last_level1_;
  std::string last_level2_;
  std::map<int, int> seq_rows_;  // seq → 0-based row
  bool unreadable_audience_ = false;
  bool unreadable_method_ = false;
};

}  // namespace

std::string ImportProblem::ToString() const {
  std::string out = absl::StrCat("工作表“", sheet, "”");
  if (row > 0) absl::StrAppend(&out, "第", row, "行");
  if (!column.empty()) absl::StrAppend(&out, column, "列");
  if (!item.empty()) absl::StrAppend(&out, "（", item, "）");
  absl::StrAppend(&out, "：", reason);
  return out;
}

absl::Status ImportProblemsStatus(absl::string_view summary,
                                  const std::vector<ImportProblem>& problems) {
  return ProblemsStatusImpl(summary, problems);
}

std::vector<ImportProblem> GetImportProblems(const absl::Status& status) {
  std::vector<ImportProblem> out;
  const absl::optional<absl::Cord> payload =
      status.GetPayload(kProblemsPayload);
  if (!payload) return out;
  const nlohmann::json j =
      nlohmann::json::parse(std::string(*payload), nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& p : j) {
    if (!p.is_object()) continue;
    out.push_back({.sheet = p.value("sheet", ""),
                   .row = p.value("row", 0),
                   .column = p.value("column", ""),
                   .reason = p.value("reason", ""),
                   .item = p.value("item", ""),
                   .kept = p.value("kept", false)});
  }
  return out;
}

absl::StatusOr<ImportResult> ImportSheet(const xlsx::Sheet& sheet,
                                         const ImportOptions& options) {
  std::vector<ImportProblem> problems;
  absl::StatusOr<std::optional<Header>> header = FindHeader(sheet, problems);
  if (!header.ok()) return header.status();
  if (!header->has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("工作表“", sheet.name(), "”的前", kHeaderSearchRows,
                     "行中没有找到目录表头（应有“序号”“公开事项”“公开内容（要素"
                     "）”“公开依据”“公开时限”等列）"));
  }
  if (!problems.empty())
    return ImportProblemsStatus("目录表头有误，未导入任何事项：", problems);
  const Header& h = **header;

  ImportResult result;
  result.catalog.domain = options.domain;
  RowReader reader(sheet, h, options);
  for (int r = h.data_row; r < sheet.row_count(); ++r) {
    if (FirstValue(sheet, r) == nullptr) continue;
    if (StartsRemarks(sheet, r, h.columns.at(Field::kSeq))) break;
    std::optional<CatalogItem> item = reader.Read(r, problems);
    if (item) result.catalog.items.push_back(*std::move(item));
  }
  result.problems = std::move(problems);
  return result;
}

absl::StatusOr<ImportResult> ImportXlsx(std::string bytes,
                                        const ImportOptions& options) {
  absl::StatusOr<xlsx::Workbook> workbook =
      xlsx::Workbook::FromBytes(std::move(bytes));
  if (!workbook.ok()) return workbook.status();
  if (options.sheet) {
    absl::StatusOr<xlsx::Sheet> sheet = workbook->ReadSheet(*options.sheet);
    if (!sheet.ok()) return sheet.status();
    return ImportSheet(*sheet, options);
  }
  const std::vector<std::string> names = workbook->sheet_names();
  for (int i = 0; i < static_cast<int>(names.size()); ++i) {
    absl::StatusOr<xlsx::Sheet> sheet = workbook->ReadSheet(i);
    if (!sheet.ok()) return sheet.status();
    std::vector<ImportProblem> ignored;
    absl::StatusOr<std::optional<Header>> header = FindHeader(*sheet, ignored);
    if (header.ok() && header->has_value()) return ImportSheet(*sheet, options);
  }
  return absl::InvalidArgumentError(
      "工作簿的各工作表中都没有找到目录表头（应有“序号”“公开事项”“公开内容（要"
      "素）”“公开依据”“公开时限”等列）");
}

absl::StatusOr<ImportResult> ImportCsv(absl::string_view csv,
                                       const ImportOptions& options) {
  if (!text::IsValidUtf8(csv)) {
    return absl::InvalidArgumentError(
        "CSV 文件不是 UTF-8 编码（可能是 GBK）：请在 Excel 中另存为“CSV "
        "UTF-8（逗号分隔）”后再导入");
  }
  absl::StatusOr<std::vector<std::vector<std::string>>> rows = ParseCsv(csv);
  if (!rows.ok()) return rows.status();
  // A downloaded catalog, edited and imported again, holds the quotes the
  // export put before formula-like cells.
  for (std::vector<std::string>& row : *rows) {
    for (std::string& cell : row) cell = UnguardCsvFormula(cell);
  }
  return ImportSheet(xlsx::Sheet::FromRows("CSV", *rows), options);
}

}  // namespace zwgk::catalog
