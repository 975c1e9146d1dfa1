#include "villages/model.h"

#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace zwgk::villages {
namespace {

constexpr int kMinYear = 2000, kMaxYear = 2100;

std::optional<int> ParseInt(absl::string_view s) {
  int v = 0;
  if (s.empty() || s.size() > 4) return std::nullopt;
  for (char c : s)
    if (c < '0' || c > '9') return std::nullopt;
  if (!absl::SimpleAtoi(s, &v)) return std::nullopt;
  return v;
}

std::optional<Period> Make(std::optional<int> year, Cadence cadence,
                           std::optional<int> index) {
  if (!year || !index || *year < kMinYear || *year > kMaxYear)
    return std::nullopt;
  const int max = cadence == Cadence::kMonthly ? 12 : 4;
  if (*index < 1 || *index > max) return std::nullopt;
  return Period{.year = *year, .cadence = cadence, .index = *index};
}

}  // namespace

absl::string_view KindName(Kind k) {
  switch (k) {
    case Kind::kParty:
      return "party";
    case Kind::kVillage:
      return "village";
    case Kind::kFinance:
      return "finance";
  }
  return "village";
}

absl::string_view KindLabel(Kind k) {
  switch (k) {
    case Kind::kParty:
      return "党务";
    case Kind::kVillage:
      return "村务";
    case Kind::kFinance:
      return "财务";
  }
  return "村务";
}

std::optional<Kind> ParseKind(absl::string_view s) {
  for (Kind k : kAllKinds)
    if (s == KindName(k) || s == KindLabel(k)) return k;
  return std::nullopt;
}

std::string PeriodLabel(const Period& p) {
  if (p.cadence == Cadence::kMonthly)
    return absl::StrCat(p.year, "年", p.index, "月");
  return absl::StrCat(p.year, "年第", p.index, "季度");
}

std::optional<Period> ParsePeriod(absl::string_view s) {
  s = absl::StripAsciiWhitespace(s);
  // 2026-Q1 | 2026-03
  if (s.size() >= 6 && s[4] == '-') {
    std::optional<int> year = ParseInt(s.substr(0, 4));
    absl::string_view rest = s.substr(5);
    if (absl::ConsumePrefix(&rest, "Q") || absl::ConsumePrefix(&rest, "q"))
      return Make(year, Cadence::kQuarterly, ParseInt(rest));
    return Make(year, Cadence::kMonthly, ParseInt(rest));
  }
  // 2026年第1季度 | 2026年3月
  size_t nian = s.find("年");
  if (nian == absl::string_view::npos) return std::nullopt;
  std::optional<int> year = ParseInt(s.substr(0, nian));
  absl::string_view rest = s.substr(nian + std::string("年").size());
  if (absl::ConsumePrefix(&rest, "第") && absl::ConsumeSuffix(&rest, "季度"))
    return Make(year, Cadence::kQuarterly, ParseInt(rest));
  if (absl::ConsumeSuffix(&rest, "月"))
    return Make(year, Cadence::kMonthly, ParseInt(rest));
  return std::nullopt;
}

absl::CivilDay PeriodStart(const Period& p) {
  const int month =
      p.cadence == Cadence::kMonthly ? p.index : (p.index - 1) * 3 + 1;
  return absl::CivilDay(p.year, month, 1);
}

absl::CivilDay PeriodEnd(const Period& p) {
  const int months = p.cadence == Cadence::kMonthly ? 1 : 3;
  absl::CivilMonth next = absl::CivilMonth(PeriodStart(p)) + months;
  return absl::CivilDay(next) - 1;
}

Period LastEndedPeriod(Cadence cadence, absl::CivilDay day) {
  // The period holding the day after `day`, minus one: when `day` is a
  // period's last day, that period has ended.
  const absl::CivilDay next = day + 1;
  if (cadence == Cadence::kMonthly) {
    absl::CivilMonth m = absl::CivilMonth(next) - 1;
    return {static_cast<int>(m.year()), cadence, m.month()};
  }
  int year = static_cast<int>(next.year());
  int quarter = (next.month() - 1) / 3;  // the quarter before next's
  if (quarter == 0) {
    --year;
    quarter = 4;
  }
  return {year, cadence, quarter};
}

Cadence CadenceFor(Kind kind, bool finance_monthly) {
  return kind == Kind::kFinance && finance_monthly ? Cadence::kMonthly
                                                   : Cadence::kQuarterly;
}

absl::CivilDay DueDate(const calendar::Calendar& cal, const Period& p,
                       int days) {
  if (days <= 0) return PeriodEnd(p);
  return cal.NthWorkdayAfter(PeriodEnd(p), days);
}

absl::string_view PostingStateLabel(PostingState s) {
  switch (s) {
    case PostingState::kDraft:
      return "草稿";
    case PostingState::kPublished:
      return "已公开";
    case PostingState::kWithdrawn:
      return "已撤回";
  }
  return "草稿";
}

absl::string_view TimelinessLabel(Timeliness t) {
  switch (t) {
    case Timeliness::kDueLater:
      return "未到期";
    case Timeliness::kDueSoon:
      return "即将到期";
    case Timeliness::kOnTime:
      return "按时公开";
    case Timeliness::kLate:
      return "逾期公开";
    case Timeliness::kMissing:
      return "逾期未公开";
  }
  return "未到期";
}

Timeliness Judge(absl::CivilDay due_on, std::optional<absl::CivilDay> posted_on,
                 absl::CivilDay today, int due_soon_days) {
  if (posted_on)
    return *posted_on <= due_on ? Timeliness::kOnTime : Timeliness::kLate;
  if (today > due_on) return Timeliness::kMissing;
  if (due_on - today <= due_soon_days) return Timeliness::kDueSoon;
  return Timeliness::kDueLater;
}

}  // namespace zwgk::villages
