// Test data of the 保密审查 tests: valid ID numbers, a mobile number, and a
// workbook of recipients written with libxlsxwriter.
#ifndef ZWGK_PUBLISHING_PRIVACY_TEST_UTIL_H_
#define ZWGK_PUBLISHING_PRIVACY_TEST_UTIL_H_

#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"

namespace zwgk::publishing::privacy_test {

inline constexpr char kId[] = "421221199003071238";
inline constexpr char kId2[] = "421122199001011232";
inline constexpr char kMobile[] = "13812345678";

// Names, ID numbers (kId, kId2) and amounts on sheet 名单; "" on error.
inline std::string RecipientsXlsx(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  std::string path = (dir / "recipients.xlsx").string();
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return "";
  lxw_worksheet* ws = workbook_add_worksheet(wb, "名单");
  worksheet_write_string(ws, 0, 0, "姓名", nullptr);
  worksheet_write_string(ws, 0, 1, "身份证号码", nullptr);
  worksheet_write_string(ws, 0, 2, "金额", nullptr);
  worksheet_write_string(ws, 1, 0, "张三", nullptr);
  worksheet_write_string(ws, 1, 1, kId, nullptr);
  worksheet_write_number(ws, 1, 2, 650, nullptr);
  worksheet_write_string(ws, 2, 0, "李四", nullptr);
  worksheet_write_string(ws, 2, 1, kId2, nullptr);
  worksheet_write_number(ws, 2, 2, 720, nullptr);
  if (workbook_close(wb) != LXW_NO_ERROR) return "";
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::filesystem::remove(path);
  return ss.str();
}

// A valid 18-digit ID number for person `i` (GB 11643 check digit).
inline std::string IdNumber(int i) {
  static constexpr int kW[] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                               3, 7, 9,  10, 5, 8, 4, 2};
  std::string s =
      absl::StrCat("421221", 1950 + i % 60, i % 12 < 9 ? "0" : "", 1 + i % 12,
                   i % 28 < 9 ? "0" : "", 1 + i % 28, 100 + i % 900);
  int sum = 0;
  for (int k = 0; k < 17; ++k) sum += (s[k] - '0') * kW[k];
  return s + "10X98765432"[sum % 11];
}

// A roster of `rows` people with names and ID numbers; "" on error.
inline std::string RosterXlsx(const std::filesystem::path& dir, int rows) {
  std::filesystem::create_directories(dir);
  std::string path = (dir / "roster.xlsx").string();
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return "";
  lxw_worksheet* ws = workbook_add_worksheet(wb, "名单");
  worksheet_write_string(ws, 0, 0, "姓名", nullptr);
  worksheet_write_string(ws, 0, 1, "身份证号码", nullptr);
  for (int i = 0; i < rows; ++i) {
    worksheet_write_string(ws, i + 1, 0, i % 2 ? "张三" : "李四", nullptr);
    worksheet_write_string(ws, i + 1, 1, IdNumber(i).c_str(), nullptr);
  }
  if (workbook_close(wb) != LXW_NO_ERROR) return "";
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::filesystem::remove(path);
  return ss.str();
}

}  // namespace zwgk::publishing::privacy_test

#endif  // ZWGK_PUBLISHING_PRIVACY_TEST_UTIL_H_
