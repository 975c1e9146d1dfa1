#include "core/date.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace zwgk {

absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text) {
  const auto digits = [&](size_t from, size_t len) {
    int value = 0;
    for (size_t i = from; i < from + len; ++i) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-';
  const int year = shaped ? digits(0, 4) : -1;
  const int month = shaped ? digits(5, 2) : -1;
  const int dom = shaped ? digits(8, 2) : -1;
  if (year < 1 || month < 0 || dom < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("日期格式应为YYYY-MM-DD：「", text, "」"));
  }
  if (month < 1 || month > 12) {
    return absl::InvalidArgumentError(
        absl::StrCat("日期不存在：", text, "（月份应为01–12）"));
  }
  const absl::CivilDay day(year, month, dom);
  if (dom < 1 || day.month() != month || day.day() != dom) {
    const int last = (absl::CivilDay(year, month + 1, 1) - 1).day();
    return absl::InvalidArgumentError(absl::StrFormat(
        "日期不存在：%s（%d年%d月只有%d天）", text, year, month, last));
  }
  return day;
}

std::string FormatDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

std::optional<absl::CivilDay> ParseDay(absl::string_view text) {
  absl::StatusOr<absl::CivilDay> day = ParseDate(text);
  if (!day.ok()) return std::nullopt;
  return *day;
}

}  // namespace zwgk
