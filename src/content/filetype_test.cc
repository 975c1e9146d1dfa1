#include "content/filetype.h"

#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "content/blob_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::content {
namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

// A ZIP archive built in memory.
std::string MakeZip(const Entries& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);
  zip_t* zip = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  zip_error_fini(&error);
  if (zip == nullptr) return "";
  for (const auto& [name, content] : entries) {
    // The contents are read at zip_close; `entries` outlives it.
    zip_source_t* source =
        zip_source_buffer(zip, content.data(), content.size(), 0);
    zip_file_add(zip, name.c_str(), source, ZIP_FL_ENC_UTF_8);
  }
  zip_close(zip);
  std::string out;
  if (zip_source_open(buffer) == 0) {
    char chunk[4096];
    zip_int64_t n;
    while ((n = zip_source_read(buffer, chunk, sizeof chunk)) > 0) {
      out.append(chunk, static_cast<size_t>(n));
    }
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  return out;
}

constexpr char kContentTypes[] =
    R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)";

std::string Docx(const std::string& body) {
  return MakeZip(
      {{"[Content_Types].xml", kContentTypes},
       {"word/document.xml",
        R"(<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>)" +
            body + "</w:body></w:document>"}});
}

std::string SheetXml(const std::string& rows) {
  return R"(<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
         rows + "</sheetData></worksheet>";
}

std::string Xlsx() {
  return MakeZip(
      {{"[Content_Types].xml", kContentTypes},
       {"xl/workbook.xml",
        R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>)"},
       {"xl/sharedStrings.xml",
        R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>姓名</t></si><si><t>年龄</t></si><si><r><t>张</t></r><r><t>三</t></r><rPh><t>ZHANG</t></rPh></si></sst>)"},
       {"xl/worksheets/sheet10.xml",
        SheetXml(R"(<row r="1"><c r="A1" t="s"><v>1</v></c></row>)")},
       {"xl/worksheets/sheet1.xml",
        SheetXml(
            R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>)"
            R"(<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>30</v></c><c r="C2" t="inlineStr"><is><t>备注</t></is></c><c r="D2" t="s"><v>99</v></c></row>)"
            R"(<row r="3"/>)")},
       {"xl/worksheets/sheet2.xml",
        SheetXml(
            R"(<row r="1"><c r="A1" t="str"><f>A1</f><v>公式结果</v></c></row>)")},
       {"xl/worksheets/_rels/sheet1.xml.rels", "<Relationships/>"}});
}

const std::string kPdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
const std::string kPng("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16);
const std::string kJpeg = "\xFF\xD8\xFF\xE0\x00\x10JFIF";
const std::string kGif = "GIF89a\x01\x00\x01\x00";

TEST(DetectFileType, DecidesByContent) {
  struct Case {
    const char* name;
    std::string bytes;
    FileType want;
  };
  const Case cases[] = {
      {"pdf", kPdf, FileType::kPdf},
      {"png", kPng, FileType::kPng},
      {"jpeg", kJpeg, FileType::kJpeg},
      {"gif87", "GIF87a....", FileType::kGif},
      {"gif89", kGif, FileType::kGif},
      {"docx", Docx("<w:p/>"), FileType::kDocx},
      {"xlsx", Xlsx(), FileType::kXlsx},
      {"empty", "", FileType::kUnknown},
      {"text", "这是一个改了扩展名的文本文件", FileType::kUnknown},
      {"pdf without dash", "%PDF1.7", FileType::kUnknown},
      {"pdf not at start", " %PDF-1.7", FileType::kUnknown},
      {"truncated zip", "PK\x03\x04garbage", FileType::kUnknown},
      {"zip without content types",
       MakeZip({{"word/document.xml", "<w:document/>"}}), FileType::kUnknown},
      {"zip without marker part",
       MakeZip({{"[Content_Types].xml", kContentTypes},
                {"word/styles.xml", "<x/>"}}),
       FileType::kUnknown},
      {"plain zip", MakeZip({{"readme.txt", "hello"}}), FileType::kUnknown},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(DetectFileType(c.bytes).type, c.want) << c.name;
  }
  const FileTypeInfo docx = DetectFileType(Docx("<w:p/>"));
  EXPECT_EQ(docx.extension, ".docx");
  EXPECT_EQ(docx.mime,
            "application/"
            "vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(DetectFileType(kPdf).label, "PDF 文档");
  EXPECT_EQ(DetectFileType("x").mime, "application/octet-stream");
}

TEST(DetectFileType, RecognizesARealXlsxFromLibxlsxwriter) {
  const std::string path =
      (std::filesystem::temp_directory_path() /
       ("zwgk-content-" + std::to_string(getpid()) + ".xlsx"))
          .string();
  lxw_workbook* workbook = workbook_new(path.c_str());
  ASSERT_NE(workbook, nullptr);
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "目录");
  worksheet_write_string(sheet, 0, 0, "公开事项", nullptr);
  worksheet_write_string(sheet, 0, 1, "公开时限", nullptr);
  worksheet_write_number(sheet, 1, 0, 20, nullptr);
  ASSERT_EQ(workbook_close(workbook), LXW_NO_ERROR);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::filesystem::remove(path);
  EXPECT_EQ(DetectFileType(bytes.str()).type, FileType::kXlsx);
  EXPECT_EQ(ExtractOfficeText(bytes.str(), FileType::kXlsx),
            "公开事项\t公开时限");
}

TEST(CheckUpload, KeepsADisplayNameWithTheRightExtension) {
  struct Case {
    std::string filename;
    std::string bytes;
    std::string want;
  };
  const Case cases[] = {
      {"通知.exe", kPdf, "通知.pdf"},
      {"通知", kPdf, "通知.pdf"},
      {"C:\\Users\\张三\\Desktop\\报告.PDF", kPdf, "报告.PDF"},
      {"../../etc/passwd", kPdf, "passwd.pdf"},
      {"照片.jpeg", kJpeg, "照片.jpeg"},
      {"照片.JPG", kJpeg, "照片.JPG"},
      {"scan.png", kJpeg, "scan.jpg"},
      {"2026.03.02 会议纪要", kPdf, "2026.03.02 会议纪要.pdf"},
      {"a\x01"
       "b\u202E"
       "fdp.exe",
       kPdf, "abfdp.pdf"},
      {"", kPdf, "附件.pdf"},
      {"...", kPdf, "附件.pdf"},
      {" 名单.xlsx. ", Xlsx(), "名单.xlsx"},
      {"表.docx", Docx("<w:p/>"), "表.docx"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<CheckedUpload> got =
        CheckUpload(c.filename, c.bytes, 1 << 20);
    ASSERT_TRUE(got.ok()) << c.filename << ": " << got.status();
    EXPECT_EQ(got->display_name, c.want) << c.filename;
    EXPECT_EQ(got->size, static_cast<int64_t>(c.bytes.size()));
    EXPECT_EQ(got->sha256_hex, Sha256Hex(c.bytes));
  }
}

TEST(CheckUpload, LimitsTheNameTo120Characters) {
  std::string name;
  for (int i = 0; i < 200; ++i) name += "长";
  absl::StatusOr<CheckedUpload> got = CheckUpload(name + ".pdf", kPdf, 1000);
  ASSERT_TRUE(got.ok());
  std::string want;
  for (int i = 0; i < 116; ++i) want += "长";
  EXPECT_EQ(got->display_name, want + ".pdf");
}

TEST(CheckUpload, RejectsWithSpecificMessages) {
  struct Case {
    std::string filename;
    std::string bytes;
    int64_t max;
    std::string message;
  };
  const Case cases[] = {
      {"x.exe", "MZ\x90\x00", 1000,
       "文件“x.exe”不是允许的类型（PDF、DOCX、XLSX、PNG、JPEG、GIF）"},
      {"d:\\tmp\\说明.pdf", "纯文本", 1000,
       "文件“说明.pdf”不是允许的类型（PDF、DOCX、XLSX、PNG、JPEG、GIF）"},
      {"空.pdf", "", 1000, "文件“空.pdf”是空文件"},
      {"大.pdf", kPdf + std::string(20 << 20, 'x'), 20 << 20,
       "文件“大.pdf”超过 20 MB"},
      {"中.pdf", kPdf + std::string(600 << 10, 'x'), 512 << 10,
       "文件“中.pdf”超过 512 KB"},
      {"小.pdf", kPdf, 10, "文件“小.pdf”超过 10 字节"},
      {"zip.docx", MakeZip({{"a.txt", "a"}}), 1000,
       "文件“zip.docx”不是允许的类型（PDF、DOCX、XLSX、PNG、JPEG、GIF）"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<CheckedUpload> got = CheckUpload(c.filename, c.bytes, c.max);
    ASSERT_FALSE(got.ok()) << c.filename;
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(got.status().message(), c.message);
  }
  EXPECT_FALSE(CheckUpload("a.pdf", kPdf, 0).ok());
}

TEST(ExtractOfficeText, ReadsDocxParagraphs) {
  const std::string docx = Docx(
      R"(<w:p><w:r><w:t>关于</w:t></w:r><w:r><w:t xml:space="preserve">做好 </w:t></w:r><w:r><w:t>工作</w:t></w:r></w:p>)"
      R"(<w:p/><w:p><w:r><w:t>第二段</w:t><w:tab/><w:t>&lt;特殊&gt;</w:t><w:br/><w:t>换行</w:t></w:r></w:p>)"
      R"(<w:tbl><w:tr><w:tc><w:p><w:r><w:t>单元格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>)"
      R"(<w:p><w:r><mc:AlternateContent><mc:Choice><w:t>文本框</w:t></mc:Choice><mc:Fallback><w:t>文本框</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>)");
  EXPECT_EQ(ExtractOfficeText(docx, FileType::kDocx),
            "关于做好 工作\n第二段\t<特殊>\n换行\n单元格\n文本框");
}

TEST(ExtractOfficeText, ReadsXlsxStringsInSheetOrder) {
  EXPECT_EQ(ExtractOfficeText(Xlsx(), FileType::kXlsx),
            "姓名\t年龄\n张三\t备注\n公式结果\n年龄");
}

TEST(ExtractOfficeText, EmptyForOtherOrBrokenInput) {
  EXPECT_EQ(ExtractOfficeText(kPdf, FileType::kPdf), "");
  EXPECT_EQ(ExtractOfficeText(kPdf, FileType::kDocx), "");
  EXPECT_EQ(ExtractOfficeText("PK\x03\x04garbage", FileType::kXlsx), "");
  EXPECT_EQ(ExtractOfficeText(Docx("<w:p><w:t>未闭合"), FileType::kDocx), "");
  EXPECT_EQ(ExtractOfficeText(Xlsx(), FileType::kDocx), "");
}

}  // namespace
}  // namespace zwgk::content
