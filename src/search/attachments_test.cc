#include "search/attachments.h"

#include <zip.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::search {
namespace {

using ::testing::HasSubstr;

// A zip file with the given entries, as bytes.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string path = ::testing::TempDir() + "attachments_test.zip";
  std::remove(path.c_str());
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  EXPECT_NE(z, nullptr);
  for (const auto& [name, data] : files) {
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE);
  }
  zip_close(z);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A one-page PDF showing `text` in Helvetica, with a correct xref table.
std::string Pdf(const std::string& text) {
  std::string stream =
      absl::StrCat("BT /F1 12 Tf 72 720 Td (", text, ") Tj ET");
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      absl::StrCat("<< /Length ", stream.size(), " >>\nstream\n", stream,
                   "\nendstream"),
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  };
  std::string out = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    absl::StrAppend(&out, i + 1, " 0 obj\n", objects[i], "\nendobj\n");
  }
  size_t xref = out.size();
  absl::StrAppend(&out, "xref\n0 ", objects.size() + 1,
                  "\n0000000000 65535 f \n");
  for (size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    out += line;
  }
  absl::StrAppend(&out, "trailer\n<< /Size ", objects.size() + 1,
                  " /Root 1 0 R >>\nstartxref\n", xref, "\n%%EOF\n");
  return out;
}

TEST(AttachmentTextTest, Docx) {
  std::string docx = Zip(
      {{"word/document.xml",
        R"(<?xml version="1.0"?><w:document xmlns:w="w"><w:body>)"
        R"(<w:p><w:r><w:t>低保</w:t></w:r><w:r><w:t>名单</w:t></w:r></w:p>)"
        R"(<w:p><w:r><w:t>第二段</w:t></w:r></w:p></w:body></w:document>)"}});
  auto text = AttachmentTextFromBytes(docx, "", "名单.docx");
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, "低保名单\n第二段\n");
}

TEST(AttachmentTextTest, XlsxSharedStrings) {
  std::string xlsx =
      Zip({{"xl/sharedStrings.xml",
            R"(<?xml version="1.0"?><sst xmlns="s"><si><t>姓名</t></si>)"
            R"(<si><r><t>补贴</t></r><r><t>金额</t></r></si></sst>)"}});
  auto text = AttachmentTextFromBytes(
      xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "x");
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, "姓名\n补贴金额\n");
}

TEST(AttachmentTextTest, Pdf) {
  auto text = AttachmentTextFromBytes(Pdf("Budget 2026 report"),
                                      "application/pdf", "a.pdf");
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_THAT(*text, HasSubstr("Budget 2026 report"));
}

TEST(AttachmentTextTest, CorruptFilesAreErrorsAndOtherTypesEmpty) {
  EXPECT_FALSE(AttachmentTextFromBytes("not a zip", "", "a.docx").ok());
  EXPECT_FALSE(AttachmentTextFromBytes("%PDF-1.4 garbage", "", "a.pdf").ok());
  auto image = AttachmentTextFromBytes("\x89PNG", "image/png", "a.png");
  ASSERT_TRUE(image.ok());
  EXPECT_EQ(*image, "");
}

TEST(AttachmentTextTest, CapsLengthOnACharacterBoundary) {
  auto text = AttachmentTextFromBytes("预算预算", "text/plain", "a.txt", 7);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "预算");  // 7 bytes would cut the third character
}

}  // namespace
}  // namespace zwgk::search
