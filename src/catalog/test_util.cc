#include "catalog/test_util.h"

#include <unistd.h>
#include <zip.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace zwgk::catalog::testing_util {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string TempPath(const std::string& suffix) {
  static std::atomic<int> counter{0};
  return (std::filesystem::temp_directory_path() /
          ("zwgk-catalog-test-" + std::to_string(getpid()) + "-" +
           std::to_string(counter++) + suffix))
      .string();
}

std::string MakeZip(
    const std::vector<std::pair<std::string, std::string>>& entries) {
  const std::string path = TempPath(".zip");
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (z == nullptr) return "";
  for (const auto& [name, content] : entries) {
    // libzip reads the buffer at zip_close, so it must outlive the call: copy.
    char* data = static_cast<char*>(malloc(content.size() + 1));
    memcpy(data, content.data(), content.size());
    zip_source_t* src = zip_source_buffer(z, data, content.size(), /*freep=*/1);
    zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE);
  }
  zip_close(z);
  std::string bytes = ReadFile(path);
  std::filesystem::remove(path);
  return bytes;
}

std::string ZipEntry(const std::string& zip, const std::string& name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src =
      zip_source_buffer_create(zip.data(), zip.size(), 0, &error);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (z == nullptr) {
    zip_source_free(src);
    return "";
  }
  std::string out;
  if (zip_file_t* f = zip_fopen(z, name.c_str(), 0)) {
    char buffer[4096];
    zip_int64_t n;
    while ((n = zip_fread(f, buffer, sizeof buffer)) > 0) out.append(buffer, n);
    zip_fclose(f);
  }
  zip_discard(z);
  return out;
}

std::string MinimalXlsx::Build() const {
  std::vector<std::pair<std::string, std::string>> parts = {
      {"[Content_Types].xml",
       R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)"},
      {"_rels/.rels",
       R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)"},
      {"xl/workbook.xml",
       R"(<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)" +
           workbook_pr +
           R"(<sheets><sheet name="目录" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>)"},
      {"xl/worksheets/sheet1.xml", sheet_xml},
  };
  if (!shared_strings_xml.empty())
    parts.push_back({"xl/sharedStrings.xml", shared_strings_xml});
  if (!styles_xml.empty()) parts.push_back({"xl/styles.xml", styles_xml});
  return MakeZip(parts);
}

std::string SheetXml(const std::string& sheet_data, const std::string& extra) {
  return R"(<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
         sheet_data + "</sheetData>" + extra + "</worksheet>";
}

XlsxBuilder::XlsxBuilder()
    : path_(TempPath(".xlsx")), workbook_(workbook_new(path_.c_str())) {}

XlsxBuilder::~XlsxBuilder() {
  if (workbook_ != nullptr) workbook_close(workbook_);
  std::filesystem::remove(path_);
}

lxw_worksheet* XlsxBuilder::AddSheet(const std::string& name) {
  return workbook_add_worksheet(workbook_, name.c_str());
}

std::string XlsxBuilder::Finish() {
  workbook_close(workbook_);
  workbook_ = nullptr;
  return ReadFile(path_);
}

}  // namespace zwgk::catalog::testing_util
