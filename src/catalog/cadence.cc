#include "catalog/cadence.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace zwgk::catalog {
namespace {

struct Wording {
  absl::string_view text;
  Cadence cadence;
};

// Most frequent first: a text naming several periods owes the shortest.
constexpr Wording kWordings[] = {
    {"每月", Cadence::kMonthly},      {"按月", Cadence::kMonthly},
    {"逐月", Cadence::kMonthly},      {"每季", Cadence::kQuarterly},
    {"按季", Cadence::kQuarterly},    {"逐季", Cadence::kQuarterly},
    {"每半年", Cadence::kHalfYearly}, {"每年", Cadence::kYearly},
    {"按年度", Cadence::kYearly},     {"按年", Cadence::kYearly},
    {"逐年", Cadence::kYearly},
};

// The first month (1-based) of the period of `months` months holding
// `month`.
int FirstMonth(int month, int months) {
  return (month - 1) / months * months + 1;
}

constexpr absl::string_view kQuarterNames[] = {"一", "二", "三", "四"};

}  // namespace

std::optional<Cadence> ParseCadence(absl::string_view text) {
  for (const Wording& w : kWordings)
    if (absl::StrContains(text, w.text)) return w.cadence;
  return std::nullopt;
}

absl::string_view CadenceLabel(Cadence c) {
  switch (c) {
    case Cadence::kMonthly:
      return "每月";
    case Cadence::kQuarterly:
      return "每季度";
    case Cadence::kHalfYearly:
      return "每半年";
    case Cadence::kYearly:
      return "每年";
  }
  return "";
}

CadencePeriod LatestEndedPeriod(Cadence c, absl::CivilDay as_of) {
  int months = 1;
  switch (c) {
    case Cadence::kMonthly:
      months = 1;
      break;
    case Cadence::kQuarterly:
      months = 3;
      break;
    case Cadence::kHalfYearly:
      months = 6;
      break;
    case Cadence::kYearly:
      months = 12;
      break;
  }
  // The period holding the day after as_of starts just after the latest
  // ended one.
  const absl::CivilDay next = as_of + 1;
  const absl::CivilMonth current(next.year(), FirstMonth(next.month(), months));
  const absl::CivilMonth first = current - months;
  CadencePeriod p{.start = absl::CivilDay(first),
                  .end = absl::CivilDay(current) - 1};
  const int64_t year = first.year();
  switch (c) {
    case Cadence::kMonthly:
      p.label = absl::StrCat(year, "年", first.month(), "月");
      break;
    case Cadence::kQuarterly:
      p.label = absl::StrCat(year, "年第",
                             kQuarterNames[(first.month() - 1) / 3], "季度");
      break;
    case Cadence::kHalfYearly:
      p.label =
          absl::StrCat(year, "年", first.month() == 1 ? "上" : "下", "半年");
      break;
    case Cadence::kYearly:
      p.label = absl::StrCat(year, "年");
      break;
  }
  return p;
}

}  // namespace zwgk::catalog
