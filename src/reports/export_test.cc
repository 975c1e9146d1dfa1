// The 年报's DOCX and XLSX read back: the DOCX opened with libzip and its
// parts parsed with pugixml (every Table 三 cell equal to the figures, the
// merged header cells, the repeated header rows, A4, East Asian fonts, text
// escaped), opened in LibreOffice when `soffice` is installed; the XLSX read
// with the catalog's reader (sheets, merged headers, numbers as numbers, no
// formulas).
#include <zip.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog/xlsx_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pugixml.hpp"
#include "reports/service.h"

namespace zwgk::reports {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// Figures where every cell differs, so a cell written in the wrong place
// shows.
ReportView Sample() {
  ReportView v;
  Report& r = v.report;
  r.year = 2025;
  r.unit_id = 7;
  r.body_name = "县民政局";
  r.state = State::kPublished;
  r.version = 2;
  r.note = "更正表二 <数字>";
  r.texts[0] =
      "2025年，县民政局认真贯彻《条例》。\n\n  第二段 <script>&amp;\x01";
  r.texts[1] = "";
  r.texts[2] = "收取信息处理费共计0元。";
  Figures& f = v.figures;
  f.table2.regulations = {.issued = 1, .repealed = 2, .in_force = 3};
  f.table2.normative = {.issued = 4, .repealed = 5, .in_force = 6};
  f.table2.licensing.value = 1207;
  f.table2.penalty.value = 38;
  f.table2.coercion.value = 9;
  f.table2.fees.value = 123456;  // 0.123456 万元
  for (int row = 0; row < kTable3Rows; ++row) {
    int64_t total = 0;
    for (int c = 0; c < kColumns - 1; ++c) {
      f.table3.cells[row][c] = row * 10 + c + 1;
      total += f.table3.cells[row][c];
    }
    f.table3.cells[row][kColumns - 1] = total;
  }
  for (int b = 0; b < 3; ++b)
    for (int c = 0; c < 5; ++c) f.table4.blocks[b][c] = 100 * (b + 1) + c;
  return v;
}

class Zip {
 public:
  explicit Zip(const std::string& bytes) : bytes_(bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src =
        zip_source_buffer_create(bytes_.data(), bytes_.size(), 0, &error);
    if (src != nullptr) zip_ = zip_open_from_source(src, ZIP_RDONLY, &error);
    if (src != nullptr && zip_ == nullptr) zip_source_free(src);
    zip_error_fini(&error);
  }
  ~Zip() {
    if (zip_) zip_discard(zip_);
  }
  bool ok() const { return zip_ != nullptr; }
  std::vector<std::string> Names() const {
    std::vector<std::string> out;
    for (zip_int64_t i = 0; i < zip_get_num_entries(zip_, 0); ++i)
      out.push_back(zip_get_name(zip_, i, 0));
    return out;
  }
  std::string Read(const std::string& name) const {
    zip_file_t* f = zip_fopen(zip_, name.c_str(), 0);
    if (f == nullptr) return "";
    std::string out;
    char buf[8192];
    zip_int64_t n;
    while ((n = zip_fread(f, buf, sizeof buf)) > 0) out.append(buf, n);
    zip_fclose(f);
    return out;
  }

 private:
  std::string bytes_;
  zip_t* zip_ = nullptr;
};

// One table cell as laid out on the grid.
struct GridCell {
  int col = 0, span = 1;
  std::string vmerge;  // "" | "restart" | "continue"
  std::string text;
  bool present_vmerge = false;
};
struct GridRow {
  bool header = false;
  std::vector<GridCell> cells;
  int width = 0;  // grid columns covered
};

std::string CellText(pugi::xml_node tc) {
  std::string out;
  for (pugi::xpath_node t : tc.select_nodes(".//w:t"))
    out += t.node().text().get();
  return out;
}

std::vector<GridRow> Rows(pugi::xml_node tbl) {
  std::vector<GridRow> rows;
  for (pugi::xml_node tr : tbl.children("w:tr")) {
    GridRow row;
    row.header = tr.child("w:trPr").child("w:tblHeader") != nullptr;
    for (pugi::xml_node tc : tr.children("w:tc")) {
      GridCell c;
      c.col = row.width;
      pugi::xml_node pr = tc.child("w:tcPr");
      if (auto span = pr.child("w:gridSpan"))
        c.span = span.attribute("w:val").as_int();
      if (auto vm = pr.child("w:vMerge")) {
        c.present_vmerge = true;
        c.vmerge =
            vm.attribute("w:val") ? vm.attribute("w:val").value() : "continue";
      }
      c.text = CellText(tc);
      row.width += c.span;
      row.cells.push_back(c);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// The cell covering grid column `col`.
const GridCell* At(const GridRow& row, int col) {
  for (const GridCell& c : row.cells)
    if (col >= c.col && col < c.col + c.span) return &c;
  return nullptr;
}

class DocxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto bytes = DocxBytes(view_);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    bytes_ = *bytes;
    zip_ = std::make_unique<Zip>(bytes_);
    ASSERT_TRUE(zip_->ok());
    ASSERT_TRUE(doc_.load_string(zip_->Read("word/document.xml").c_str()));
    for (pugi::xpath_node t : doc_.select_nodes("//w:tbl"))
      tables_.push_back(t.node());
    ASSERT_EQ(tables_.size(), 3u);
  }
  ReportView view_ = Sample();
  std::string bytes_;
  std::unique_ptr<Zip> zip_;
  pugi::xml_document doc_;
  std::vector<pugi::xml_node> tables_;
};

TEST_F(DocxTest, PackageHasEveryPartAndEachParses) {
  std::vector<std::string> names = zip_->Names();
  for (const char* part :
       {"[Content_Types].xml", "_rels/.rels", "word/document.xml",
        "word/styles.xml", "word/_rels/document.xml.rels", "docProps/core.xml",
        "word/fontTable.xml", "word/footer1.xml"}) {
    EXPECT_THAT(names, ::testing::Contains(part));
    pugi::xml_document d;
    EXPECT_TRUE(d.load_string(zip_->Read(part).c_str())) << part;
  }
  // [Content_Types].xml first, as Office writes it.
  EXPECT_EQ(names.front(), "[Content_Types].xml");
  const std::string types = zip_->Read("[Content_Types].xml");
  EXPECT_THAT(types, HasSubstr("/word/document.xml"));
  EXPECT_THAT(types, HasSubstr("wordprocessingml.document.main+xml"));
  EXPECT_THAT(zip_->Read("_rels/.rels"), HasSubstr("word/document.xml"));
  EXPECT_THAT(zip_->Read("word/_rels/document.xml.rels"),
              HasSubstr("styles.xml"));
  EXPECT_THAT(zip_->Read("docProps/core.xml"),
              HasSubstr("县民政局2025年政府信息公开工作年度报告"));
  // The same report gives the same bytes.
  EXPECT_EQ(*DocxBytes(view_), bytes_);
}

TEST_F(DocxTest, Table3CellsEqualTheFigures) {
  std::vector<GridRow> rows = Rows(tables_[1]);
  ASSERT_EQ(rows.size(), 3u + kTable3Rows);
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].width, 10) << "row " << i;
    EXPECT_EQ(rows[i].header, i < 3) << "row " << i;  // tblHeader repeats
  }
  for (int r = 0; r < kTable3Rows; ++r) {
    const GridRow& row = rows[3 + r];
    for (int c = 0; c < kColumns; ++c) {
      const GridCell* cell = At(row, 3 + c);
      ASSERT_NE(cell, nullptr);
      EXPECT_EQ(cell->text, absl::StrCat(view_.figures.table3.cells[r][c]))
          << kRowCodes[r] << "/" << kColumnLabels[c];
    }
    // The 总计 column is the last grid column.
    EXPECT_EQ(row.cells.back().text,
              absl::StrCat(view_.figures.table3.cells[r][kColumns - 1]));
    // The row's label is the national one.
    std::string labels;
    for (const GridCell& cell : row.cells)
      if (cell.col < 3) labels += cell.text;
    EXPECT_THAT(labels, HasSubstr(std::string(kRowLabels[r]))) << r;
  }
}

TEST_F(DocxTest, Table3HeaderIsMergedLikeTheNationalFormat) {
  std::vector<GridRow> rows = Rows(tables_[1]);
  ASSERT_GE(rows.size(), 4u);
  // Row 1: the note over three columns and three rows, 申请人情况 over seven.
  ASSERT_EQ(rows[0].cells.size(), 2u);
  EXPECT_THAT(rows[0].cells[0].text, HasSubstr("勾稽关系"));
  EXPECT_EQ(rows[0].cells[0].span, 3);
  EXPECT_EQ(rows[0].cells[0].vmerge, "restart");
  EXPECT_EQ(rows[0].cells[1].text, "申请人情况");
  EXPECT_EQ(rows[0].cells[1].span, 7);
  // Row 2: 自然人 and 总计 start a vertical merge, 法人或其他组织 spans five.
  EXPECT_EQ(rows[1].cells[0].vmerge, "continue");
  EXPECT_EQ(At(rows[1], 3)->text, "自然人");
  EXPECT_EQ(At(rows[1], 3)->vmerge, "restart");
  EXPECT_EQ(At(rows[1], 4)->text, "法人或其他组织");
  EXPECT_EQ(At(rows[1], 4)->span, 5);
  EXPECT_EQ(At(rows[1], 9)->text, "总计");
  EXPECT_EQ(At(rows[1], 9)->vmerge, "restart");
  // Row 3: the five kinds of organisation; the merged cells continue.
  EXPECT_EQ(At(rows[2], 3)->vmerge, "continue");
  EXPECT_EQ(At(rows[2], 9)->vmerge, "continue");
  for (int c = 1; c < 6; ++c)
    EXPECT_EQ(At(rows[2], 3 + c)->text, kColumnLabels[c]);
  // 三、本年度办理结果 runs down 22 rows, （三）不予公开 down its 8.
  auto run = [&](int col, absl::string_view text) {
    for (size_t i = 3; i < rows.size(); ++i) {
      if (At(rows[i], col)->text != text) continue;
      EXPECT_EQ(At(rows[i], col)->vmerge, "restart");
      int n = 1;
      while (i + n < rows.size() && At(rows[i + n], col)->vmerge == "continue")
        ++n;
      return n;
    }
    return 0;
  };
  EXPECT_EQ(run(0, "三、本年度办理结果"), 22);
  EXPECT_EQ(run(1, "（三）不予公开"), 8);
  EXPECT_EQ(run(1, "（六）其他处理"), 3);
}

TEST_F(DocxTest, Tables2And4AndTheText) {
  std::vector<GridRow> t2 = Rows(tables_[0]);
  ASSERT_EQ(t2.size(), 14u);
  EXPECT_EQ(t2[0].cells[0].text, "第二十条第（一）项");
  EXPECT_EQ(t2[0].cells[0].span, 4);
  EXPECT_EQ(t2[2].cells[0].text, "规章");
  EXPECT_EQ(t2[2].cells[3].text, "3");
  EXPECT_EQ(t2[3].cells[1].text, "4");
  EXPECT_EQ(t2[6].cells[1].text, "1207");
  EXPECT_EQ(t2[6].cells[1].span, 3);
  EXPECT_EQ(t2[9].cells[1].text, "38");
  EXPECT_EQ(t2[10].cells[1].text, "9");
  EXPECT_EQ(t2[13].cells[0].text, "行政事业性收费");
  EXPECT_EQ(t2[13].cells[1].text, FeesWan(123456));

  std::vector<GridRow> t4 = Rows(tables_[2]);
  ASSERT_EQ(t4.size(), 4u);
  EXPECT_TRUE(t4[0].header && t4[1].header && t4[2].header);
  EXPECT_FALSE(t4[3].header);
  EXPECT_EQ(t4[0].cells[1].text, "行政诉讼");
  EXPECT_EQ(t4[0].cells[1].span, 10);
  EXPECT_EQ(At(t4[1], 5)->text, "未经复议直接起诉");
  EXPECT_EQ(At(t4[1], 0)->vmerge, "restart");
  EXPECT_EQ(At(t4[2], 0)->vmerge, "continue");
  ASSERT_EQ(t4[3].cells.size(), 15u);
  for (int b = 0; b < 3; ++b)
    for (int c = 0; c < 5; ++c)
      EXPECT_EQ(t4[3].cells[b * 5 + c].text,
                absl::StrCat(view_.figures.table4.blocks[b][c]));

  // Paragraphs: the title, the headings, the typed text escaped (and the
  // control character XML cannot hold dropped), "无。" for an empty section.
  std::vector<std::string> paragraphs;
  for (pugi::xml_node p :
       doc_.child("w:document").child("w:body").children("w:p")) {
    std::string text;
    for (pugi::xpath_node t : p.select_nodes(".//w:t"))
      text += t.node().text().get();
    paragraphs.push_back(text);
  }
  ASSERT_GE(paragraphs.size(), 10u);
  EXPECT_EQ(paragraphs[0], "县民政局2025年政府信息公开工作年度报告");
  EXPECT_EQ(paragraphs[1], "（更正版本2：更正表二 <数字>）");
  EXPECT_THAT(paragraphs, ::testing::Contains("一、总体情况"));
  EXPECT_THAT(paragraphs, ::testing::Contains("第二段 <script>&amp;"));
  EXPECT_THAT(paragraphs, ::testing::Contains("五、存在的主要问题及改进情况"));
  EXPECT_THAT(paragraphs, ::testing::Contains("无。"));
  EXPECT_THAT(paragraphs, ::testing::Contains("收取信息处理费共计0元。"));
  const std::string raw = zip_->Read("word/document.xml");
  EXPECT_THAT(raw, HasSubstr("&lt;script&gt;&amp;amp;"));
  EXPECT_THAT(raw, Not(HasSubstr("<script>")));

  // A4 portrait and Chinese fonts.
  pugi::xml_node size = doc_.select_node("//w:sectPr/w:pgSz").node();
  EXPECT_EQ(size.attribute("w:w").as_int(), 11906);
  EXPECT_EQ(size.attribute("w:h").as_int(), 16838);
  const std::string styles = zip_->Read("word/styles.xml");
  EXPECT_THAT(styles, HasSubstr("w:eastAsia=\"仿宋_GB2312\""));
  EXPECT_THAT(styles, HasSubstr("w:eastAsia=\"黑体\""));
  EXPECT_THAT(styles, HasSubstr("w:eastAsia=\"方正小标宋简体\""));
}

// LibreOffice, when installed, must convert the file (it refuses a broken
// package). Not installed here: the structure tests above stand alone.
TEST_F(DocxTest, OpensInLibreOfficeWhenInstalled) {
  if (std::system("command -v soffice >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "soffice is not installed";
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              absl::StrCat("zwgk-docx-test-", ::getpid());
  std::filesystem::create_directories(dir);
  {
    std::ofstream out(dir / "report.docx", std::ios::binary);
    out << bytes_;
  }
  const std::string cmd =
      absl::StrCat("cd '", dir.string(),
                   "' && soffice --headless --convert-to txt:Text report.docx "
                   ">/dev/null 2>&1");
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream in(dir / "report.txt");
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  EXPECT_THAT(text, HasSubstr("三、收到和处理政府信息公开申请情况"));
  std::filesystem::remove_all(dir);
}

TEST(XlsxTest, ThreeSheetsLaidOutLikeTheNationalFormat) {
  const ReportView v = Sample();
  auto bytes = XlsxBytes(v);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  auto wb = catalog::xlsx::Workbook::FromBytes(*bytes);
  ASSERT_TRUE(wb.ok()) << wb.status();
  EXPECT_THAT(wb->sheet_names(), ElementsAre("表二", "表三", "表四"));

  auto merges = [](const catalog::xlsx::Sheet& s) {
    std::vector<std::string> out;
    for (const auto& m : s.merges()) out.push_back(m.ToA1());
    return out;
  };
  using ::testing::IsSupersetOf;
  using Type = catalog::xlsx::CellType;

  auto t3 = wb->ReadSheet("表三");
  ASSERT_TRUE(t3.ok()) << t3.status();
  EXPECT_THAT(merges(*t3),
              IsSupersetOf({"A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4",
                            "A7:A28", "B9:B16", "A5:C5", "A29:C29"}));
  EXPECT_THAT(t3->At(1, 3).Text(), "申请人情况");
  EXPECT_THAT(t3->At(2, 4).Text(), "法人或其他组织");
  EXPECT_THAT(t3->At(3, 8).Text(), "其他");
  for (int r = 0; r < kTable3Rows; ++r)
    for (int c = 0; c < kColumns; ++c) {
      const auto& cell = t3->At(4 + r, 3 + c);
      EXPECT_EQ(cell.type, Type::kNumber) << kRowCodes[r] << c;
      EXPECT_EQ(cell.number, v.figures.table3.cells[r][c])
          << kRowCodes[r] << "/" << kColumnLabels[c];
    }
  EXPECT_EQ(t3->Filled(20, 0).Text(), "三、本年度办理结果");
  EXPECT_EQ(t3->At(27, 1).Text(), "（七）总计");

  auto t2 = wb->ReadSheet("表二");
  ASSERT_TRUE(t2.ok());
  EXPECT_THAT(merges(*t2), IsSupersetOf({"A2:D2", "B8:D8", "B15:D15"}));
  EXPECT_EQ(t2->At(3, 0).Text(), "规章");
  EXPECT_EQ(t2->At(4, 3).number, 6);
  EXPECT_EQ(t2->At(7, 1).type, Type::kNumber);
  EXPECT_EQ(t2->At(7, 1).number, 1207);
  EXPECT_EQ(t2->At(14, 0).Text(), "行政事业性收费");
  EXPECT_EQ(t2->At(14, 1).type, Type::kNumber);
  EXPECT_DOUBLE_EQ(t2->At(14, 1).number, 0.123456);

  auto t4 = wb->ReadSheet("表四");
  ASSERT_TRUE(t4.ok());
  EXPECT_THAT(merges(*t4), IsSupersetOf({"A2:E2", "F2:O2", "A3:A4", "E3:E4",
                                         "F3:J3", "K3:O3"}));
  for (int b = 0; b < 3; ++b)
    for (int c = 0; c < 5; ++c) {
      EXPECT_EQ(t4->At(4, b * 5 + c).type, Type::kNumber);
      EXPECT_EQ(t4->At(4, b * 5 + c).number, v.figures.table4.blocks[b][c]);
    }

  // Nothing is a formula: no <f> element in any sheet.
  Zip zip(*bytes);
  ASSERT_TRUE(zip.ok());
  // Printed, 表三's and 表四's header rows repeat on every page.
  const std::string workbook = zip.Read("xl/workbook.xml");
  EXPECT_THAT(workbook, HasSubstr("'表三'!$2:$4"));
  EXPECT_THAT(workbook, HasSubstr("'表四'!$2:$4"));
  for (const std::string& name : zip.Names())
    if (name.rfind("xl/worksheets/", 0) == 0) {
      EXPECT_THAT(zip.Read(name), Not(HasSubstr("<f>"))) << name;
    }
}

}  // namespace
}  // namespace zwgk::reports
