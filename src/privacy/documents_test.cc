#include <xlsxwriter.h>
#include <zip.h>

#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pdf/pdf.h"
#include "privacy/scan.h"
#include "pugixml.hpp"

namespace zwgk::privacy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;

std::string IdNumber(int i) {
  static constexpr int kW[] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                               3, 7, 9,  10, 5, 8, 4, 2};
  // i >= 0, so each field has exactly its width (17 digits in all).
  std::string s = absl::StrFormat("421221%04d%02d%02d%03d", 1950 + i % 60,
                                  1 + i % 12, 1 + i % 28, i % 1000);
  int sum = 0;
  for (int k = 0; k < 17; ++k) sum += (s[k] - '0') * kW[k];
  return s + "10X98765432"[sum % 11];
}

std::string Phone(int i) { return absl::StrCat(13900000000LL + i * 7); }

std::string Name(int i) {
  static const char* kFamily[] = {"张", "王", "李", "刘", "陈", "杨"};
  static const char* kGiven[] = {"伟", "芳", "秀英", "敏", "静", "建国", "丽"};
  return absl::StrCat(kFamily[i % 6], kGiven[(i / 6) % 7]);
}

std::string Village(int i) {
  static const char* kVillages[] = {"东风村", "石桥村", "新街社区", "高铁岭村"};
  return kVillages[i % 4];
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `rows` recipients: name, ID, phone, amount, village; a second sheet with
// an ID and a phone typed as numbers.
std::string RecipientsXlsx(int rows = 1000) {
  const std::string path = ::testing::TempDir() + "/recipients.xlsx";
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "名单");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  const char* header[] = {"姓名", "身份证号", "手机号", "金额", "村"};
  for (int c = 0; c < 5; ++c) worksheet_write_string(ws, 0, c, header[c], bold);
  for (int i = 0; i < rows; ++i) {
    worksheet_write_string(ws, i + 1, 0, Name(i).c_str(), nullptr);
    worksheet_write_string(ws, i + 1, 1, IdNumber(i).c_str(), nullptr);
    worksheet_write_string(ws, i + 1, 2, Phone(i).c_str(), nullptr);
    worksheet_write_number(ws, i + 1, 3, 300 + i % 50, nullptr);
    worksheet_write_string(ws, i + 1, 4, Village(i).c_str(), nullptr);
  }
  worksheet_merge_range(ws, rows + 2, 0, rows + 2, 4, "合计", nullptr);
  lxw_worksheet* ws2 = workbook_add_worksheet(wb, "Sheet2");
  worksheet_write_number(ws2, 0, 0, 421221199003071238.0, nullptr);
  worksheet_write_number(ws2, 0, 1, 13812345678.0, nullptr);
  worksheet_write_number(ws2, 0, 2, 2026, nullptr);
  workbook_close(wb);
  return ReadFile(path);
}

std::string ZipOf(const std::vector<std::pair<std::string, std::string>>& e) {
  const std::string path = ::testing::TempDir() + "/made.zip";
  std::remove(path.c_str());
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  for (const auto& [name, data] : e) {
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8);
  }
  zip_close(z);
  return ReadFile(path);
}

std::map<std::string, std::string> ZipEntries(const std::string& bytes) {
  std::map<std::string, std::string> out;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src =
      zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &error);
  if (z == nullptr) return out;
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(z, i, 0, &st);
    std::string data(st.size, '\0');
    zip_file_t* f = zip_fopen_index(z, i, 0);
    zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    out[st.name] = data;
  }
  zip_close(z);
  return out;
}

// Cell texts of the first sheet of an XLSX read with a DOM (independent of
// the streaming reader under test): "B2" → text.
std::map<std::string, std::string> SheetCells(const std::string& xlsx,
                                              const std::string& sheet) {
  std::map<std::string, std::string> entries = ZipEntries(xlsx);
  std::vector<std::string> shared;
  pugi::xml_document sdoc;
  sdoc.load_string(entries["xl/sharedStrings.xml"].c_str());
  for (pugi::xml_node si : sdoc.child("sst").children("si")) {
    std::string text;
    for (pugi::xpath_node t : si.select_nodes(".//t"))
      text += t.node().text().get();
    shared.push_back(text);
  }
  std::map<std::string, std::string> cells;
  pugi::xml_document doc;
  doc.load_string(entries["xl/worksheets/" + sheet].c_str());
  for (pugi::xpath_node c : doc.select_nodes("//c")) {
    std::string type = c.node().attribute("t").value();
    std::string ref = c.node().attribute("r").value();
    if (type == "s")
      cells[ref] = shared.at(c.node().child("v").text().as_int());
    else if (type == "inlineStr")
      cells[ref] = c.node().child("is").child("t").text().get();
    else
      cells[ref] = c.node().child("v").text().get();
  }
  return cells;
}

TEST(ScanDocumentTest, XlsxCellByCell) {
  const std::string xlsx = RecipientsXlsx(20);
  DocumentScan scan = ScanDocument(xlsx, "", "名单.xlsx");
  ASSERT_TRUE(scan.scanned) << scan.not_scanned_reason;
  ASSERT_EQ(scan.findings.size(), 42u);
  EXPECT_THAT(scan.unlisted, IsEmpty());
  for (int i = 0; i < 20; ++i) {
    const Finding& id = scan.findings[2 * i];
    const Finding& phone = scan.findings[2 * i + 1];
    EXPECT_EQ(id.kind, Kind::kIdCard);
    EXPECT_EQ(id.place, absl::StrCat("名单!B", i + 2));
    EXPECT_EQ(id.preview, Mask(Kind::kIdCard, IdNumber(i)));
    EXPECT_EQ(phone.kind, Kind::kMobile);
    EXPECT_EQ(phone.place, absl::StrCat("名单!C", i + 2));
  }
  // Numbers typed into Excel (stored as 4.212211990030712E+17): the ID lost
  // its last digits and checksum but is still one.
  EXPECT_EQ(scan.findings[40].place, "Sheet2!A1");
  EXPECT_EQ(scan.findings[40].kind, Kind::kIdCard);
  EXPECT_EQ(scan.findings[41].place, "Sheet2!B1");
  EXPECT_EQ(scan.findings[41].kind, Kind::kMobile);
}

// A roster lists the first kMaxListedPerKind of each kind in document
// order and counts every other one exactly — also when a big sheet (60,000
// rows, over 4 MB of XML) is cut between threads.
TEST(ScanDocumentTest, XlsxRosterListsFirstAndCountsAll) {
  for (int rows : {1000, 60000}) {
    SCOPED_TRACE(rows);
    const std::string xlsx = RecipientsXlsx(rows);
    DocumentScan scan = ScanDocument(xlsx, "", "名单.xlsx");
    ASSERT_TRUE(scan.scanned) << scan.not_scanned_reason;
    ASSERT_EQ(scan.findings.size(), 2 * kMaxListedPerKind);
    for (size_t i = 0; i < kMaxListedPerKind; ++i) {
      EXPECT_EQ(scan.findings[2 * i].place, absl::StrCat("名单!B", i + 2));
      EXPECT_EQ(scan.findings[2 * i + 1].place, absl::StrCat("名单!C", i + 2));
    }
    // The rest of the roster and Sheet2's two numbers.
    const int64_t rest = rows - static_cast<int64_t>(kMaxListedPerKind) + 1;
    ASSERT_EQ(scan.unlisted.size(), 2u);
    EXPECT_EQ(scan.unlisted[0].kind, Kind::kIdCard);
    EXPECT_EQ(scan.unlisted[0].count, rest);
    EXPECT_EQ(scan.unlisted[1].kind, Kind::kMobile);
    EXPECT_EQ(scan.unlisted[1].count, rest);
  }
}

TEST(MaskDocumentTest, XlsxKeepsEveryOtherCell) {
  const std::string xlsx = RecipientsXlsx();
  absl::StatusOr<std::string> masked = MaskDocument(xlsx, "", "名单.xlsx");
  ASSERT_TRUE(masked.ok()) << masked.status();
  std::map<std::string, std::string> before = SheetCells(xlsx, "sheet1.xml");
  std::map<std::string, std::string> after = SheetCells(*masked, "sheet1.xml");
  ASSERT_EQ(before.size(), after.size());
  for (int i = 0; i < 1000; ++i) {
    const std::string r = absl::StrCat(i + 2);
    EXPECT_EQ(after["A" + r], Name(i));
    EXPECT_EQ(after["B" + r], Mask(Kind::kIdCard, IdNumber(i)));
    EXPECT_EQ(after["C" + r], Mask(Kind::kMobile, Phone(i)));
    EXPECT_EQ(after["D" + r], before["D" + r]);
    EXPECT_EQ(after["E" + r], Village(i));
  }
  EXPECT_EQ(after["A1"], "姓名");
  std::map<std::string, std::string> s2 = SheetCells(*masked, "sheet2.xml");
  EXPECT_EQ(s2["A1"], "421***********1200");
  EXPECT_EQ(s2["B1"], "138****5678");
  EXPECT_EQ(s2["C1"], "2026");
  // Styles, merged cells, the workbook: byte for byte.
  std::map<std::string, std::string> e0 = ZipEntries(xlsx);
  std::map<std::string, std::string> e1 = ZipEntries(*masked);
  ASSERT_EQ(e0.size(), e1.size());
  for (const auto& [name, data] : e0) {
    if (name == "xl/sharedStrings.xml" ||
        name.rfind("xl/worksheets/sheet", 0) == 0)
      continue;
    EXPECT_EQ(e1[name], data) << name;
  }
  EXPECT_THAT(e1["xl/worksheets/sheet1.xml"],
              HasSubstr("<mergeCell ref=\"A1003:E1003\"/>"));
  DocumentScan again = ScanDocument(*masked, "", "名单.xlsx");
  EXPECT_TRUE(again.scanned);
  EXPECT_THAT(again.findings, IsEmpty());
}

std::string Docx(const std::string& body, const std::string& header) {
  const std::string ns =
      "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
      "main\"";
  return ZipOf({
      {"[Content_Types].xml",
       "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats."
       "org/package/2006/content-types\"/>"},
      {"word/document.xml",
       absl::StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\" "
                    "standalone=\"yes\"?>\n<w:document ",
                    ns, "><w:body>", body, "</w:body></w:document>")},
      {"word/header1.xml", absl::StrCat("<?xml version=\"1.0\"?><w:hdr ", ns,
                                        ">", header, "</w:hdr>")},
      {"word/styles.xml", "<styles>unchanged</styles>"},
  });
}

std::string P(const std::string& a, const std::string& b = "") {
  std::string runs =
      absl::StrCat("<w:r><w:rPr><w:b/></w:rPr><w:t>", a, "</w:t></w:r>");
  if (!b.empty()) runs += absl::StrCat("<w:r><w:t>", b, "</w:t></w:r>");
  return absl::StrCat("<w:p>", runs, "</w:p>");
}

std::string Tc(const std::string& text) {
  return absl::StrCat("<w:tc>", P(text), "</w:tc>");
}

// Paragraph texts of a DOCX part, read with a DOM.
std::vector<std::string> Paragraphs(const std::string& docx,
                                    const std::string& part) {
  pugi::xml_document doc;
  doc.load_string(ZipEntries(docx)[part].c_str());
  std::vector<std::string> out;
  for (pugi::xpath_node p : doc.select_nodes("//w:p")) {
    std::string text;
    for (pugi::xpath_node t : p.node().select_nodes(".//w:t"))
      text += t.node().text().get();
    out.push_back(text);
  }
  return out;
}

TEST(DocxTest, ScansParagraphsTablesHeadersAndMasks) {
  const std::string docx =
      Docx(P("关于2026年低保对象的公示") + P("") +
               P("张三，身份证号：4212211990", "03071238，电话13812345678。") +
               "<w:tbl><w:tr>" + Tc("李四") + Tc("嘉鱼县东风村3组12号") +
               Tc("400") + "</w:tr></w:tbl>",
           P("户主：王五，联系电话：027-87654321"));
  DocumentScan scan = ScanDocument(docx, "", "公示.docx");
  ASSERT_TRUE(scan.scanned) << scan.not_scanned_reason;
  std::vector<std::pair<std::string, std::string>> got;
  for (const Finding& f : scan.findings)
    got.emplace_back(std::string(KindName(f.kind)), f.place);
  EXPECT_THAT(
      got,
      ElementsAre(Pair("id_card", "第2段"), Pair("mobile", "第2段"),
                  Pair("address", "第4段"), Pair("landline", "页眉第1段")));
  absl::StatusOr<std::string> masked = MaskDocument(docx, "", "公示.docx");
  ASSERT_TRUE(masked.ok()) << masked.status();
  EXPECT_THAT(
      Paragraphs(*masked, "word/document.xml"),
      ElementsAre("关于2026年低保对象的公示", "",
                  "张三，身份证号：421***********1238，电话138****5678。",
                  "李四", "嘉鱼县东风村***", "400"));
  EXPECT_THAT(Paragraphs(*masked, "word/header1.xml"),
              ElementsAre("户主：王五，联系电话：027-****4321"));
  EXPECT_EQ(ZipEntries(*masked)["word/styles.xml"],
            "<styles>unchanged</styles>");
  EXPECT_THAT(ZipEntries(*masked)["word/document.xml"],
              HasSubstr("<w:rPr><w:b/></w:rPr>"));
  EXPECT_THAT(ScanDocument(*masked, "", "公示.docx").findings, IsEmpty());
}

TEST(CsvTest, Utf8WithBomQuotedCells) {
  const std::string csv =
      "\xEF\xBB\xBF姓名,身份证号,电话,住址\r\n"
      "张三,421221199003071238,\"138-1234-5678\",\"嘉鱼县东风村3组12号\"\r\n"
      "李四,\"备注，含逗号\",,400\r\n";
  DocumentScan scan = ScanDocument(csv, "text/csv", "名单.csv");
  ASSERT_TRUE(scan.scanned);
  std::vector<std::string> places;
  for (const Finding& f : scan.findings) places.push_back(f.place);
  EXPECT_THAT(places, ElementsAre("第2行第2列", "第2行第3列", "第2行第4列"));
  absl::StatusOr<std::string> masked =
      MaskDocument(csv, "text/csv", "名单.csv");
  ASSERT_TRUE(masked.ok());
  EXPECT_EQ(*masked,
            "\xEF\xBB\xBF姓名,身份证号,电话,住址\r\n"
            "张三,421***********1238,\"138-****-5678\",\"嘉鱼县东风村***\"\r\n"
            "李四,\"备注，含逗号\",,400\r\n");
}

TEST(CsvTest, Gb18030StaysGb18030) {
  // "姓名;电话\n王五;13812345678\n" in GB18030, semicolon-separated.
  const std::string csv =
      "\xD0\xD5\xC3\xFB;\xB5\xE7\xBB\xB0\n\xCD\xF5\xCE\xE5;13812345678\n";
  DocumentScan scan = ScanDocument(csv, "", "a.csv");
  ASSERT_TRUE(scan.scanned);
  ASSERT_EQ(scan.findings.size(), 1u);
  EXPECT_EQ(scan.findings[0].place, "第2行第2列");
  absl::StatusOr<std::string> masked = MaskDocument(csv, "", "a.csv");
  ASSERT_TRUE(masked.ok());
  EXPECT_EQ(
      *masked,
      "\xD0\xD5\xC3\xFB;\xB5\xE7\xBB\xB0\n\xCD\xF5\xCE\xE5;138****5678\n");
}

TEST(ScanDocumentTest, PlainTextByLine) {
  DocumentScan scan =
      ScanDocument("第一行\n联系人：赵六 13812345678\n", "text/plain", "a.txt");
  ASSERT_EQ(scan.findings.size(), 1u);
  EXPECT_EQ(scan.findings[0].place, "第2行");
  EXPECT_FALSE(CanMaskDocument("text/plain", "a.txt"));
  EXPECT_TRUE(CanMaskDocument("", "a.XLSX"));
  EXPECT_TRUE(CanMaskDocument("text/csv", ""));
}

TEST(ScanDocumentTest, PdfPageByPage) {
  std::vector<pdf::Block> blocks = {
      pdf::Paragraph{.text = "第一页没有个人信息。"}, pdf::PageBreak{},
      pdf::Paragraph{.text = "身份证号：421221199003071238"}};
  absl::StatusOr<std::string> bytes = pdf::RenderDocument(blocks);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  DocumentScan scan = ScanDocument(*bytes, "", "x.bin");
  ASSERT_TRUE(scan.scanned) << scan.not_scanned_reason;
  ASSERT_EQ(scan.findings.size(), 1u);
  EXPECT_EQ(scan.findings[0].place, "第2页");
  EXPECT_EQ(scan.findings[0].kind, Kind::kIdCard);
}

TEST(ScanDocumentTest, NotScanned) {
  struct Case {
    std::string bytes, content_type, filename, reason;
  };
  const std::vector<Case> cases = {
      {"\x89PNG\r\n\x1a\n....", "", "a.xlsx", "图片未扫描"},
      {"\xFF\xD8\xFF\xE0....", "image/jpeg", "a.jpg", "图片未扫描"},
      {"GIF89a....", "", "a.gif", "图片未扫描"},
      {std::string("II*\0....", 8), "", "scan.tif", "图片未扫描"},
      {"PK\x03\x04 not really a zip", "", "名单.xlsx", "文件已损坏，无法读取"},
      {"%PDF-1.4 broken", "", "a.pdf", "文件已损坏，无法读取"},
      {"random bytes", "application/octet-stream", "a.bin", "此类文件未扫描"},
      {ZipOf({{"a.txt", "13812345678"}}), "", "a.zip", "此类文件未扫描"},
  };
  for (const Case& c : cases) {
    DocumentScan scan = ScanDocument(c.bytes, c.content_type, c.filename);
    EXPECT_FALSE(scan.scanned) << c.filename;
    EXPECT_EQ(scan.not_scanned_reason, c.reason) << c.filename;
  }
  EXPECT_FALSE(MaskDocument("PK\x03\x04 broken", "", "a.xlsx").ok());
  EXPECT_FALSE(MaskDocument("%PDF-1.4", "", "a.pdf").ok());
}

TEST(ScanDocumentTest, TooManyZipEntriesIsNotRead) {
  std::vector<std::pair<std::string, std::string>> entries = {
      {"[Content_Types].xml", "<Types/>"}, {"xl/workbook.xml", "<workbook/>"}};
  for (int i = 0; i < 10001; ++i)
    entries.emplace_back(absl::StrCat("xl/media/x", i), "");
  DocumentScan scan = ScanDocument(ZipOf(entries), "", "a.xlsx");
  EXPECT_FALSE(scan.scanned);
  EXPECT_EQ(scan.not_scanned_reason, "文件过大或结构异常，未能扫描");
}

}  // namespace
}  // namespace zwgk::privacy
