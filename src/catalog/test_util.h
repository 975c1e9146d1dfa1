// Helpers for the catalog tests: files, zips and workbooks built in memory.
#ifndef ZWGK_CATALOG_TEST_UTIL_H_
#define ZWGK_CATALOG_TEST_UTIL_H_

#include <xlsxwriter.h>

#include <string>
#include <utility>
#include <vector>

namespace zwgk::catalog::testing_util {

std::string ReadFile(const std::string& path);
// A fresh path in the temp directory; removed by the caller.
std::string TempPath(const std::string& suffix);

// A zip archive holding `entries` (name, content), deflated.
std::string MakeZip(
    const std::vector<std::pair<std::string, std::string>>& entries);
// The content of one entry of a zip archive ("" when missing).
std::string ZipEntry(const std::string& zip, const std::string& name);

// A minimal .xlsx package around one worksheet's XML.
struct MinimalXlsx {
  std::string sheet_xml;
  std::string shared_strings_xml;  // omitted when empty
  std::string styles_xml;          // omitted when empty
  std::string workbook_pr;         // e.g. R"(<workbookPr date1904="1"/>)"
  std::string Build() const;
};

// A workbook written with libxlsxwriter into memory.
class XlsxBuilder {
 public:
  XlsxBuilder();
  ~XlsxBuilder();
  lxw_workbook* workbook() { return workbook_; }
  lxw_worksheet* AddSheet(const std::string& name);
  // Closes the workbook and returns its bytes.
  std::string Finish();

 private:
  std::string path_;
  lxw_workbook* workbook_;
};

// The cells of a worksheet's XML <sheetData>, for MinimalXlsx.
std::string SheetXml(const std::string& sheet_data,
                     const std::string& extra = "");

}  // namespace zwgk::catalog::testing_util

#endif  // ZWGK_CATALOG_TEST_UTIL_H_
