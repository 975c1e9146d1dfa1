#include "publishing/index_number.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace zwgk::publishing {
namespace {

// Calls `literal(text)` and `placeholder(name)` for the parts of a pattern;
// returns InvalidArgument for an unclosed brace.
template <typename L, typename P>
absl::Status Walk(absl::string_view text, L literal, P placeholder) {
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find('{', i);
    if (open == absl::string_view::npos) {
      literal(text.substr(i));
      break;
    }
    literal(text.substr(i, open - i));
    size_t close = text.find('}', open);
    if (close == absl::string_view::npos)
      return absl::InvalidArgumentError(
          absl::StrCat("索引号格式“", text, "”中的“{”没有对应的“}”"));
    absl::Status s = placeholder(text.substr(open + 1, close - open - 1));
    if (!s.ok()) return s;
    i = close + 1;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<IndexNumberPattern> ParseIndexPattern(absl::string_view text) {
  IndexNumberPattern p{.text = std::string(text)};
  bool org = false, serial = false, period = false;
  absl::Status s = Walk(
      text, [](absl::string_view) {},
      [&](absl::string_view name) -> absl::Status {
        if (name == "org") {
          org = true;
        } else if (name == "yyyy") {
          period = true;
        } else if (name == "yyyymm") {
          period = true;
          p.monthly = true;
        } else if (name == "serial") {
          serial = true;
        } else if (absl::StartsWith(name, "serial:")) {
          int n = 0;
          if (!absl::SimpleAtoi(name.substr(7), &n) || n < 3 || n > 8)
            return absl::InvalidArgumentError(
                absl::StrCat("流水号位数“", name.substr(7), "”应为3至8"));
          serial = true;
          p.serial_digits = n;
        } else {
          return absl::InvalidArgumentError(absl::StrCat(
              "索引号格式中有未知的占位符“{", name,
              "}”（可用：{org} {yyyy} {yyyymm} {serial} {serial:N}）"));
        }
        return absl::OkStatus();
      });
  if (!s.ok()) return s;
  if (!org) return absl::InvalidArgumentError("索引号格式须包含机构代码 {org}");
  if (!serial)
    return absl::InvalidArgumentError("索引号格式须包含流水号 {serial}");
  if (!period)
    return absl::InvalidArgumentError(
        "索引号格式须包含年份 {yyyy} 或年月 {yyyymm}，流水号按此分期编号");
  return p;
}

std::string IndexPeriod(const IndexNumberPattern& p, absl::CivilDay day) {
  return p.monthly ? absl::StrFormat("%04d%02d", day.year(), day.month())
                   : absl::StrFormat("%04d", day.year());
}

absl::StatusOr<std::string> FormatIndexNumber(const IndexNumberPattern& p,
                                              absl::string_view org_code,
                                              absl::CivilDay day,
                                              int64_t serial) {
  std::string serial_text = absl::StrFormat("%0*d", p.serial_digits, serial);
  if (static_cast<int>(serial_text.size()) > p.serial_digits)
    return absl::InvalidArgumentError(absl::StrCat(
        "本期流水号已用完（", p.serial_digits, "位），请加长 {serial:N}"));
  std::string out;
  absl::Status s = Walk(
      p.text, [&](absl::string_view lit) { absl::StrAppend(&out, lit); },
      [&](absl::string_view name) -> absl::Status {
        if (name == "org") {
          absl::StrAppend(&out, org_code);
        } else if (name == "yyyy") {
          absl::StrAppend(&out, absl::StrFormat("%04d", day.year()));
        } else if (name == "yyyymm") {
          absl::StrAppend(&out, IndexPeriod(p, day));
        } else {
          absl::StrAppend(&out, serial_text);
        }
        return absl::OkStatus();
      });
  if (!s.ok()) return s;
  return out;
}

}  // namespace zwgk::publishing
