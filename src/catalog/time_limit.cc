#include "catalog/time_limit.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "catalog/text.h"

namespace zwgk::catalog {
namespace {

// Periods above ten years are typos, not deadlines.
constexpr int kMaxDays = 3650;

// Schedules that are not counted from the day information is formed.
constexpr std::u32string_view kScheduleWords[] = {
    U"每年", U"每季", U"每月", U"每周", U"每半年", U"年度", U"季度", U"月底",
    U"年底", U"月初", U"年初", U"定期", U"长期",   U"常年", U"常态"};

constexpr std::u32string_view kClauseBreaks = U"，,；;。！!？?\n";
constexpr std::u32string_view kRangeMarks = U"-－~～至到—–";

bool IsDigit(char32_t c) {
  return (c >= U'0' && c <= U'9') || (c >= U'０' && c <= U'９');
}

int DigitValue(char32_t c) {
  return c >= U'０' ? static_cast<int>(c - U'０') : static_cast<int>(c - U'0');
}

std::optional<int> ChineseDigit(char32_t c) {
  constexpr std::u32string_view kDigits = U"零一二三四五六七八九";
  if (c == U'〇') return 0;
  if (c == U'两') return 2;
  const size_t pos = kDigits.find(c);
  if (pos == std::u32string_view::npos) return std::nullopt;
  return static_cast<int>(pos);
}

bool IsChineseNumeral(char32_t c) {
  return ChineseDigit(c).has_value() || c == U'十' || c == U'百';
}

// 七 → 7, 十 → 10, 十五 → 15, 二十 → 20, 一百二十 → 120. "一二" is not a
// number (it is how lists are numbered), so it yields nullopt.
std::optional<int> ParseChineseNumber(std::u32string_view s) {
  int total = 0;
  int pending = -1;  // a digit waiting for its multiplier
  for (char32_t c : s) {
    if (c == U'十' || c == U'百') {
      total += (pending < 0 ? 1 : pending) * (c == U'十' ? 10 : 100);
      pending = -1;
    } else if (auto d = ChineseDigit(c)) {
      if (pending > 0) return std::nullopt;
      pending = *d;
    }
  }
  return total + (pending < 0 ? 0 : pending);
}

enum class Unit { kNone, kWorkingDays, kCalendarDays, kUnsupported };

// The unit right after a number; `len` is set to its length.
Unit ReadUnit(std::u32string_view rest, size_t& len) {
  size_t i = 0;
  if (!rest.empty() && rest[0] == U'个') i = 1;
  const std::u32string_view u = rest.substr(i);
  struct Entry {
    std::u32string_view word;
    Unit unit;
  };
  static constexpr Entry kUnits[] = {
      {U"工作日", Unit::kWorkingDays},  {U"自然日", Unit::kCalendarDays},
      {U"日历日", Unit::kCalendarDays}, {U"日", Unit::kCalendarDays},
      {U"天", Unit::kCalendarDays},     {U"月", Unit::kUnsupported},
      {U"年", Unit::kUnsupported},      {U"周", Unit::kUnsupported},
      {U"星期", Unit::kUnsupported},    {U"小时", Unit::kUnsupported},
      {U"时", Unit::kUnsupported},      {U"季", Unit::kUnsupported},
      {U"分钟", Unit::kUnsupported},    {U"号", Unit::kUnsupported},
  };
  for (const Entry& e : kUnits) {
    if (u.starts_with(e.word)) {
      len = i + e.word.size();
      return e.unit;
    }
  }
  len = 0;
  return Unit::kNone;
}

struct Duration {
  Period period;
  bool publicity = false;  // a 公示期 rather than a deadline
};

struct Scan {
  std::vector<Duration> durations;
  bool unsupported = false;  // something that must not be guessed
};

bool PrecededByPublicity(std::u32string_view s, size_t number_start) {
  size_t clause = 0;
  if (number_start > 0) {
    const size_t brk = s.find_last_of(kClauseBreaks, number_start - 1);
    if (brk != std::u32string_view::npos) clause = brk + 1;
  }
  const std::u32string_view before = s.substr(clause, number_start - clause);
  return before.find(U"公示") != std::u32string_view::npos ||
         before.find(U"公告期") != std::u32string_view::npos;
}

Scan ScanDurations(std::u32string_view s) {
  Scan scan;
  for (std::u32string_view w : kScheduleWords) {
    if (s.find(w) != std::u32string_view::npos) scan.unsupported = true;
  }
  size_t i = 0;
  while (i < s.size()) {
    if (!IsDigit(s[i]) && !IsChineseNumeral(s[i])) {
      ++i;
      continue;
    }
    const size_t start = i;
    const bool digits = IsDigit(s[i]);
    while (i < s.size() && (digits ? IsDigit(s[i]) : IsChineseNumeral(s[i]))) {
      ++i;
    }
    size_t unit_len = 0;
    const Unit unit = ReadUnit(s.substr(i), unit_len);
    if (unit == Unit::kNone) continue;  // e.g. list numbers, 一级
    if (unit == Unit::kUnsupported) {
      scan.unsupported = true;
      continue;
    }
    if (start > 0 &&
        kRangeMarks.find(s[start - 1]) != std::u32string_view::npos) {
      scan.unsupported = true;  // "5-10个工作日"
      continue;
    }
    std::optional<int> value;
    if (digits) {
      if (i - start > 6) {
        scan.unsupported = true;
        continue;
      }
      int v = 0;
      for (size_t k = start; k < i; ++k) v = v * 10 + DigitValue(s[k]);
      value = v;
    } else {
      value = ParseChineseNumber(s.substr(start, i - start));
    }
    if (!value || *value <= 0 || *value > kMaxDays) {
      scan.unsupported = true;
      continue;
    }
    const std::u32string_view after = s.substr(i + unit_len);
    const bool within = after.starts_with(U"内") || after.starts_with(U"以内");
    scan.durations.push_back(
        {.period = {.kind = unit == Unit::kWorkingDays
                                ? PeriodKind::kWorkingDays
                                : PeriodKind::kCalendarDays,
                    .days = *value},
         .publicity = !within && PrecededByPublicity(s, start)});
    i += unit_len;
  }
  return scan;
}

// The one distinct period among `durations` with the given role; nullopt when
// none; sets `conflict` when there are several different ones.
std::optional<Period> Distinct(const std::vector<Duration>& durations,
                               bool publicity, bool& conflict) {
  std::optional<Period> found;
  for (const Duration& d : durations) {
    if (d.publicity != publicity) continue;
    if (found && *found != d.period) conflict = true;
    found = d.period;
  }
  return found;
}

}  // namespace

TimeLimit ParseTimeLimit(absl::string_view text) {
  TimeLimit out{.text = std::string(text)};
  const std::u32string s = text::DecodeUtf8(text::RemoveSpaces(text));
  const Scan scan = ScanDurations(s);
  const bool realtime = s.find(U"实时") != std::u32string::npos ||
                        s.find(U"即时") != std::u32string::npos;
  const bool timely = s.find(U"及时") != std::u32string::npos;
  if (scan.unsupported) return out;

  bool conflict = false;
  const std::optional<Period> deadline =
      Distinct(scan.durations, false, conflict);
  const std::optional<Period> publicity =
      Distinct(scan.durations, true, conflict);
  if (conflict) return out;
  if (deadline || publicity) {
    // "实时" next to a number of days says two different things.
    if (realtime) return out;
    out.period = deadline ? *deadline : *publicity;
    out.period_is_publicity = !deadline;
    out.publicity = publicity;
    return out;
  }
  if (realtime && !timely) out.period.kind = PeriodKind::kRealtime;
  if (timely && !realtime) out.period.kind = PeriodKind::kTimely;
  return out;
}

std::string PeriodLabel(const Period& period) {
  switch (period.kind) {
    case PeriodKind::kUnparsed:
      return "待审核";
    case PeriodKind::kWorkingDays:
      return absl::StrCat(period.days, "个工作日");
    case PeriodKind::kCalendarDays:
      return absl::StrCat(period.days, "日");
    case PeriodKind::kRealtime:
      return "实时";
    case PeriodKind::kTimely:
      return "及时";
  }
  return "待审核";
}

}  // namespace zwgk::catalog
