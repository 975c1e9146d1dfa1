#include "reports/layout.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace zwgk::reports {
namespace {

LayoutCell Head(absl::string_view text, int col_span = 1, int row_span = 1) {
  return {.text = std::string(text),
          .kind = CellKind::kHeader,
          .row_span = row_span,
          .col_span = col_span};
}
LayoutCell Label(absl::string_view text, int col_span = 1, int row_span = 1) {
  return {.text = std::string(text),
          .kind = CellKind::kLabel,
          .row_span = row_span,
          .col_span = col_span};
}
LayoutCell Number(int64_t n, int col_span = 1) {
  return {.text = absl::StrCat(n),
          .kind = CellKind::kNumber,
          .col_span = col_span,
          .value = static_cast<double>(n)};
}

}  // namespace

// Four columns; each 第二十条 item is a heading row over all four, a row of
// column headings, then its figures.
LayoutTable Table2Layout(const Table2& t) {
  LayoutTable out{.name = "table2",
                  .sheet = "表二",
                  .title = "二、主动公开政府信息情况",
                  .column_widths = {2, 1, 1, 1}};
  auto& rows = out.rows;
  auto item = [&](absl::string_view text, std::vector<LayoutCell> heading) {
    out.keep_with_next.push_back(static_cast<int>(rows.size()));
    out.keep_with_next.push_back(static_cast<int>(rows.size()) + 1);
    rows.push_back({Head(text, 4)});
    rows.push_back(std::move(heading));
  };
  item("第二十条第（一）项", {Head("信息内容"), Head("本年制发件数"),
                              Head("本年废止件数"), Head("现行有效件数")});
  for (auto [label, d] : {std::pair{"规章", &t.regulations},
                          std::pair{"行政规范性文件", &t.normative}})
    rows.push_back({Label(label), Number(d->issued), Number(d->repealed),
                    Number(d->in_force)});
  auto single =
      [&](absl::string_view text, absl::string_view heading,
          std::vector<std::pair<absl::string_view, LayoutCell>> values) {
        item(text, {Head("信息内容"), Head(heading, 3)});
        for (auto& [label, value] : values)
          rows.push_back({Label(label), std::move(value)});
      };
  single("第二十条第（五）项", "本年处理决定数量",
         {{"行政许可", Number(t.licensing.value, 3)}});
  single("第二十条第（六）项", "本年处理决定数量",
         {{"行政处罚", Number(t.penalty.value, 3)},
          {"行政强制", Number(t.coercion.value, 3)}});
  // 分 → 万元 (1 万元 = 1,000,000 分): the text rounded, the value exact.
  LayoutCell fees = Number(t.fees.value, 3);
  fees.text = FeesWan(t.fees.value);
  fees.value = static_cast<double>(t.fees.value) / 1e6;
  single("第二十条第（八）项", "本年收费金额（单位：万元）",
         {{"行政事业性收费", std::move(fees)}});
  return out;
}

// Three label columns (三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密)
// and the seven applicant columns under a three-row header.
LayoutTable Table3Layout(const Table3& t) {
  LayoutTable out{
      .name = "table3",
      .sheet = "表三",
      .title = "三、收到和处理政府信息公开申请情况",
      .column_widths = {1.3, 2.2, 4.6, 1.3, 1.3, 1.3, 1.3, 1.3, 1.3, 1.3},
      .header_rows = 3};
  auto& rows = out.rows;
  LayoutCell note = Head(
      "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3,
      3);
  note.kind = CellKind::kNote;
  rows.push_back({std::move(note), Head("申请人情况", kColumns)});
  rows.push_back({Head(kColumnLabels[0], 1, 2), Head("法人或其他组织", 5),
                  Head(kColumnLabels[kColumns - 1], 1, 2)});
  rows.emplace_back();
  for (int c = 1; c < kColumns - 1; ++c)
    rows.back().push_back(Head(kColumnLabels[c]));
  for (int r = 0; r < kTable3Rows; ++r) {
    std::vector<LayoutCell> row;
    if (r == kRowNew || r == kRowCarriedIn || r == kRowCarriedOut) {
      row.push_back(Label(kRowLabels[r], 3));
    } else {
      if (r == kFirstResultRow)
        row.push_back(
            Head("三、本年度办理结果", 1, kRowConcluded - kFirstResultRow + 1));
      absl::string_view group = RowGroup(r);
      if (group.empty()) {
        row.push_back(Label(kRowLabels[r], 2));
      } else {
        if (RowGroup(r - 1) != group) {
          int n = 0;
          while (r + n < kTable3Rows && RowGroup(r + n) == group) ++n;
          row.push_back(Label(group, 1, n));
        }
        row.push_back(Label(kRowLabels[r]));
      }
    }
    for (int64_t n : t.cells[r]) row.push_back(Number(n));
    rows.push_back(std::move(row));
  }
  return out;
}

// 行政复议 (five columns) | 行政诉讼 (未经复议直接起诉, 复议后起诉: five
// each), one row of figures.
LayoutTable Table4Layout(const Table4& t) {
  LayoutTable out{.name = "table4",
                  .sheet = "表四",
                  .title = "四、政府信息公开行政复议、行政诉讼情况",
                  .column_widths = std::vector<double>(15, 1),
                  .header_rows = 3};
  auto& rows = out.rows;
  rows.push_back({Head(kProceedingLabels[0], 5), Head("行政诉讼", 10)});
  rows.emplace_back();
  for (absl::string_view h : kOutcomeLabels)
    rows.back().push_back(Head(h, 1, 2));
  rows.back().push_back(Head(kProceedingLabels[1], 5));
  rows.back().push_back(Head(kProceedingLabels[2], 5));
  rows.emplace_back();
  for (int b = 0; b < 2; ++b)
    for (absl::string_view h : kOutcomeLabels) rows.back().push_back(Head(h));
  rows.emplace_back();
  for (const Block& b : t.blocks)
    for (int64_t n : b) rows.back().push_back(Number(n));
  return out;
}

std::array<LayoutTable, 3> TableLayouts(const Figures& f) {
  return {Table2Layout(f.table2), Table3Layout(f.table3),
          Table4Layout(f.table4)};
}

std::optional<Grid> Place(const LayoutTable& t) {
  const int columns = t.columns();
  const int height = static_cast<int>(t.rows.size());
  Grid g;
  g.owner.assign(height, std::vector<int>(columns, -1));
  for (int r = 0; r < height; ++r) {
    int col = 0;
    for (const LayoutCell& cell : t.rows[r]) {
      while (col < columns && g.owner[r][col] >= 0) ++col;  // covered above
      if (cell.row_span < 1 || cell.col_span < 1 ||
          r + cell.row_span > height || col + cell.col_span > columns)
        return std::nullopt;
      const int index = static_cast<int>(g.cells.size());
      for (int dr = 0; dr < cell.row_span; ++dr)
        for (int dc = 0; dc < cell.col_span; ++dc) {
          int& owner = g.owner[r + dr][col + dc];
          if (owner >= 0) return std::nullopt;
          owner = index;
        }
      g.cells.push_back({.row = r, .col = col, .cell = cell});
      col += cell.col_span;
    }
    for (int c = 0; c < columns; ++c)
      if (g.owner[r][c] < 0) return std::nullopt;
  }
  return g;
}

std::vector<std::string> BodyParagraphs(absl::string_view text) {
  std::vector<std::string> out;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (!line.empty()) out.emplace_back(line);
  }
  if (out.empty()) out.emplace_back("无。");
  return out;
}

std::string ReportTitle(const Report& r) {
  return absl::StrCat(r.body_name, r.year, "年政府信息公开工作年度报告");
}

std::string CorrectionNote(const Report& r) {
  if (r.version <= 1 || r.note.empty()) return "";
  return absl::StrCat("（更正版本", r.version, "：", r.note, "）");
}

}  // namespace zwgk::reports
