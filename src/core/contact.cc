#include "core/contact.h"

#include <string>

#include "absl/strings/ascii.h"

namespace zwgk {

bool IsPhoneNumber(absl::string_view phone) {
  if (phone.empty() || phone.size() > 30) return false;
  std::string digits;
  for (size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
    } else if (c == '+' && i == 0) {
      continue;
    } else if (c != '-' && c != ' ') {
      return false;
    }
  }
  if (phone.front() == '+') {
    if (digits.substr(0, 2) != "86") return false;
    digits = digits.substr(2);
  }
  if (digits.empty()) return false;
  const size_t n = digits.size();
  if (n == 11 && digits[0] == '1') return digits[1] >= '3' && digits[1] <= '9';
  if (digits[0] == '0') return n >= 10 && n <= 12;  // 0715-6321234
  return (n == 7 || n == 8) && digits[0] != '1';    // 6321234
}

bool IsEmailAddress(absl::string_view email) {
  if (email.size() > 100) return false;
  const size_t at = email.find('@');
  if (at == absl::string_view::npos || at == 0) return false;
  if (email.find('@', at + 1) != absl::string_view::npos) return false;
  const size_t dot = email.find('.', at);
  return dot != absl::string_view::npos && dot > at + 1 &&
         dot + 1 < email.size() && email.back() != '.' &&
         email.find(' ') == absl::string_view::npos;
}

}  // namespace zwgk
