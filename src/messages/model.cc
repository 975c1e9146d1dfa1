#include "messages/model.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/text.h"

namespace zwgk::messages {
namespace {

struct TypeInfo {
  MessageType type;
  absl::string_view name, label;
};
constexpr TypeInfo kTypes[] = {
    {MessageType::kConsult, "consult", "咨询"},
    {MessageType::kSuggest, "suggest", "建议"},
    {MessageType::kComplain, "complain", "投诉"},
    {MessageType::kError, "error", "找错"},
};

struct StateInfo {
  MessageState state;
  absl::string_view name, label;
};
constexpr StateInfo kStates[] = {
    {MessageState::kUnrouted, "unrouted", "待分办"},
    {MessageState::kHandling, "handling", "办理中"},
    {MessageState::kReviewing, "reviewing", "待审核"},
    {MessageState::kReplied, "replied", "已答复"},
};

constexpr absl::string_view kMask = "＊";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Whether the digits of one number (separators removed) are personal data:
// a mainland mobile (optionally with 86), a landline with its area code, or
// an 18-character resident ID number.
bool IsPersonalNumber(absl::string_view digits) {
  const size_t n = digits.size();
  auto mobile = [](absl::string_view d) {
    return d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
  };
  if (mobile(digits)) return true;
  if (n == 13 && digits.substr(0, 2) == "86" && mobile(digits.substr(2)))
    return true;
  // 0 + 2–3 digit area code + 7–8 digit number.
  if (digits[0] == '0' && n >= 10 && n <= 12) return true;
  if (n == 18) {
    return std::all_of(digits.begin(), digits.end() - 1, IsDigit) &&
           (IsDigit(digits.back()) || digits.back() == 'X' ||
            digits.back() == 'x');
  }
  return false;
}

// Replaces email addresses: local part and a domain with a dot.
std::string RedactEmails(absl::string_view in) {
  auto local = [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' ||
           c == '_' || c == '%' || c == '+' || c == '-';
  };
  auto domain = [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' ||
           c == '-';
  };
  std::string out;
  size_t copied = 0;
  for (size_t at = in.find('@'); at != absl::string_view::npos;
       at = in.find('@', at + 1)) {
    size_t b = at;
    while (b > copied && local(in[b - 1])) --b;
    size_t e = at + 1;
    while (e < in.size() && domain(in[e])) ++e;
    while (e > at + 1 && in[e - 1] == '.') --e;  // a full stop after it
    absl::string_view host = in.substr(at + 1, e - at - 1);
    if (b == at || host.find('.') == absl::string_view::npos) continue;
    absl::StrAppend(&out, in.substr(copied, b - copied));
    absl::StrAppend(&out, "＊＊＊");
    copied = e;
    at = e - 1;
  }
  absl::StrAppend(&out, in.substr(copied));
  return out;
}

// Replaces numbers that are phones or ID numbers. A number is a run of
// digits joined by single '-' or ' ' (138 1234 5678, 0715-6321234), with an
// ID number's final X; when the whole run is not personal data, its
// space-separated parts are checked one by one.
std::string RedactNumbers(absl::string_view in) {
  std::string out;
  size_t i = 0;
  while (i < in.size()) {
    if (!IsDigit(in[i])) {
      out.push_back(in[i++]);
      continue;
    }
    size_t e = i;
    while (e < in.size()) {
      if (IsDigit(in[e])) {
        ++e;
      } else if ((in[e] == '-' || in[e] == ' ') && e + 1 < in.size() &&
                 IsDigit(in[e + 1])) {
        ++e;
      } else {
        break;
      }
    }
    if (e < in.size() && (in[e] == 'X' || in[e] == 'x') &&
        (e + 1 == in.size() ||
         !absl::ascii_isalnum(static_cast<unsigned char>(in[e + 1]))))
      ++e;
    absl::string_view run = in.substr(i, e - i);
    auto digits_of = [](absl::string_view s) {
      std::string d;
      for (char c : s)
        if (c != '-' && c != ' ') d.push_back(c);
      return d;
    };
    if (IsPersonalNumber(digits_of(run))) {
      absl::StrAppend(&out, "＊＊＊");
    } else {
      // Part by part (a space may join two separate numbers).
      size_t p = 0;
      while (p <= run.size()) {
        size_t q = run.find(' ', p);
        if (q == absl::string_view::npos) q = run.size();
        absl::string_view part = run.substr(p, q - p);
        absl::StrAppend(&out,
                        IsPersonalNumber(digits_of(part)) ? "＊＊＊" : part);
        if (q < run.size()) out.push_back(' ');
        p = q + 1;
      }
    }
    i = e;
  }
  return out;
}

}  // namespace

absl::string_view TypeName(MessageType t) {
  for (const TypeInfo& i : kTypes)
    if (i.type == t) return i.name;
  return "consult";
}

absl::string_view TypeLabel(MessageType t) {
  for (const TypeInfo& i : kTypes)
    if (i.type == t) return i.label;
  return "咨询";
}

std::optional<MessageType> ParseType(absl::string_view s) {
  s = absl::StripAsciiWhitespace(s);
  for (const TypeInfo& i : kTypes)
    if (s == i.name || s == i.label) return i.type;
  // The form's longer label for 找错.
  if (s == "我为政府网站找错") return MessageType::kError;
  return std::nullopt;
}

const std::vector<MessageType>& AllTypes() {
  static const auto* all =
      new std::vector<MessageType>{MessageType::kConsult, MessageType::kSuggest,
                                   MessageType::kComplain, MessageType::kError};
  return *all;
}

int Deadlines::DaysFor(MessageType t) const {
  if (auto it = days.find(t); it != days.end()) return it->second;
  return Deadlines{}.days.at(t);
}

absl::string_view StateName(MessageState s) {
  for (const StateInfo& i : kStates)
    if (i.state == s) return i.name;
  return "handling";
}

absl::string_view StateLabel(MessageState s) {
  for (const StateInfo& i : kStates)
    if (i.state == s) return i.label;
  return "办理中";
}

std::optional<MessageState> ParseState(absl::string_view name) {
  name = absl::StripAsciiWhitespace(name);
  for (const StateInfo& i : kStates)
    if (name == i.name || name == i.label) return i.state;
  return std::nullopt;
}

absl::CivilDay DueDate(const calendar::Calendar& calendar, absl::CivilDay from,
                       int days) {
  if (days <= 0) return from;
  return calendar.NthWorkdayAfter(from, days);
}

absl::string_view TimelinessLabel(Timeliness t) {
  switch (t) {
    case Timeliness::kPending:
      return "办理中";
    case Timeliness::kDueSoon:
      return "即将到期";
    case Timeliness::kOverdue:
      return "已超期";
    case Timeliness::kOnTime:
      return "按时答复";
    case Timeliness::kLate:
      return "超期答复";
  }
  return "办理中";
}

Timeliness Judge(const Message& m, absl::CivilDay today, int due_soon_days) {
  if (m.state == MessageState::kReplied && m.replied_on) {
    return *m.replied_on <= m.due_on ? Timeliness::kOnTime : Timeliness::kLate;
  }
  if (today > m.due_on) return Timeliness::kOverdue;
  if (m.due_on - today <= due_soon_days) return Timeliness::kDueSoon;
  return Timeliness::kPending;
}

absl::CivilDay ThreeMonthLine(absl::CivilDay arrived_on) {
  const absl::CivilMonth month = absl::CivilMonth(arrived_on) + 3;
  const absl::CivilDay last = absl::CivilDay(month + 1) - 1;
  return absl::CivilDay(month.year(), month.month(),
                        std::min(arrived_on.day(), last.day()));
}

absl::CivilDay ThreeMonthWarning(absl::CivilDay arrived_on) {
  return arrived_on + 60;
}

std::string RedactPersonalData(absl::string_view text,
                               absl::string_view sender_name) {
  std::string out = RedactNumbers(RedactEmails(text));
  const std::string name(absl::StripAsciiWhitespace(sender_name));
  // A one-character name would mask that character everywhere.
  if (Utf8Length(name) >= 2) {
    std::string masked;
    for (size_t i = 0; i < Utf8Length(name); ++i)
      absl::StrAppend(&masked, kMask);
    out = absl::StrReplaceAll(out, {{name, masked}});
  }
  return out;
}

}  // namespace zwgk::messages
