#include "institutions/model.h"

#include "absl/strings/ascii.h"
#include "core/clock.h"

namespace zwgk::institutions {

absl::string_view SectionName(Section s) {
  switch (s) {
    case Section::kGuide:
      return "guide";
    case Section::kFees:
      return "fees";
    case Section::kCommitments:
      return "commitments";
    case Section::kChannels:
      return "channels";
    case Section::kNotices:
      return "notices";
  }
  return "guide";
}

absl::string_view SectionLabel(Section s) {
  switch (s) {
    case Section::kGuide:
      return "办事指南和服务流程";
    case Section::kFees:
      return "收费项目和标准";
    case Section::kCommitments:
      return "服务承诺和时限";
    case Section::kChannels:
      return "咨询和投诉渠道";
    case Section::kNotices:
      return "重要通知";
  }
  return "办事指南和服务流程";
}

std::optional<Section> ParseSection(absl::string_view s) {
  for (Section k : kAllSections)
    if (s == SectionName(k) || s == SectionLabel(k)) return k;
  return std::nullopt;
}

int DefaultPeriodDays(Section s) {
  switch (s) {
    case Section::kGuide:
      return 365;
    case Section::kFees:
      return 365;
    case Section::kCommitments:
      return 365;
    case Section::kChannels:
      return 180;
    case Section::kNotices:
      return 90;
  }
  return 365;
}

std::optional<std::string> ParseSector(absl::string_view raw) {
  absl::string_view s = absl::StripAsciiWhitespace(raw);
  for (absl::string_view k : kSectors)
    if (s == k) return std::string(k);
  struct Alias {
    absl::string_view word, sector;
  };
  static constexpr Alias kAliases[] = {
      {"学校", "教育"},     {"幼儿园", "教育"},     {"医院", "医疗卫生"},
      {"卫生", "医疗卫生"}, {"卫生院", "医疗卫生"}, {"水务", "供水"},
      {"电力", "供电"},     {"燃气", "供气"},       {"热力", "供热"},
      {"公交", "公共交通"}, {"交通", "公共交通"},   {"环保", "环境保护"},
      {"文化", "文化体育"}, {"体育", "文化体育"}};
  for (const Alias& a : kAliases)
    if (s == a.word) return std::string(a.sector);
  return std::nullopt;
}

std::vector<SectionRule> DefaultRules() {
  std::vector<SectionRule> out;
  for (Section s : kAllSections)
    out.push_back(
        {.section = s, .required = true, .period_days = DefaultPeriodDays(s)});
  return out;
}

absl::string_view SectionStateLabel(SectionState s) {
  switch (s) {
    case SectionState::kOk:
      return "已更新";
    case SectionState::kStale:
      return "超期未更新";
    case SectionState::kMissing:
      return "未公开";
    case SectionState::kNotRequired:
      return "不适用";
  }
  return "已更新";
}

int64_t DaysSince(const SectionContent& content, absl::Time now) {
  std::optional<absl::Time> at = ParseTimestamp(content.updated_at);
  if (!at || now < *at) return 0;
  return absl::ToInt64Hours(now - *at) / 24;
}

SectionState JudgeSection(const SectionRule& rule,
                          const SectionContent* content, absl::Time now) {
  if (!rule.required) return SectionState::kNotRequired;
  if (content == nullptr || !content->published || content->body_html.empty())
    return SectionState::kMissing;
  std::optional<absl::Time> at = ParseTimestamp(content->updated_at);
  if (!at) return SectionState::kMissing;
  if (now - *at > absl::Hours(24) * rule.period_days)
    return SectionState::kStale;
  return SectionState::kOk;
}

}  // namespace zwgk::institutions
