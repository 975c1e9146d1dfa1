// 公共企事业单位办事公开 (issue 23): public enterprises and institutions
// (schools, hospitals, water, power, gas, heating, public transport …), the
// standard sections they publish, the per-sector template their
// supervising department sets, and when a section counts as stale. Plain
// data and pure rules; no I/O.
//
// An institution is an org unit of kind kInstitution under the department
// that supervises it (org::Unit::parent_id); its sector and town are kept
// here.
#ifndef ZWGK_INSTITUTIONS_MODEL_H_
#define ZWGK_INSTITUTIONS_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace zwgk::institutions {

// The standard sections of 办事公开 (国务院办公厅 2020 公共企事业单位信息
// 公开规定制定办法).
enum class Section { kGuide, kFees, kCommitments, kChannels, kNotices };
inline constexpr Section kAllSections[] = {
    Section::kGuide, Section::kFees, Section::kCommitments, Section::kChannels,
    Section::kNotices};
// guide | fees | commitments | channels | notices
absl::string_view SectionName(Section s);
// 办事指南和服务流程 | 收费项目和标准 | 服务承诺和时限 | 咨询和投诉渠道 |
// 重要通知
absl::string_view SectionLabel(Section s);
std::optional<Section> ParseSection(absl::string_view s);  // name or label
// The update period a template starts with: 收费 365, 重要通知 90, …
int DefaultPeriodDays(Section s);

// The sectors, in the order the directory offers them.
inline constexpr absl::string_view kSectors[] = {
    "教育", "医疗卫生", "供水",     "供电",     "供气",
    "供热", "公共交通", "环境保护", "文化体育", "其他"};
// A sector by its name or a common word for it (学校 → 教育, 医院 → 医疗卫生,
// 公交 → 公共交通); nullopt for anything else.
std::optional<std::string> ParseSector(absl::string_view s);

// Bounds on what people type.
inline constexpr int kMinPeriodDays = 1;
inline constexpr int kMaxPeriodDays = 3660;
inline constexpr int kMaxBodyChars = 50000;

// Whether a section applies to a sector and how often it must be updated.
struct SectionRule {
  Section section = Section::kGuide;
  bool required = true;
  int period_days = 365;
};

// What a supervising department set for one sector; `rules` holds every
// section in kAllSections order.
struct Template {
  int64_t department_id = 0;
  std::string sector;
  std::vector<SectionRule> rules;
  bool is_default = true;  // nothing saved yet: DefaultRules
  std::string updated_by, updated_at;
};
// Every section required, with DefaultPeriodDays.
std::vector<SectionRule> DefaultRules();

struct Institution {
  int64_t id = 0;  // the org unit
  std::string name;
  int64_t department_id = 0;
  std::string department_name;
  std::string sector;
  std::optional<int64_t> town_id;
  std::string town_name;
  std::string contact;
};

// One section of an institution as saved: sanitized HTML, whether the
// public sees it, and when the server last saved it.
struct SectionContent {
  int64_t institution_id = 0;
  Section section = Section::kGuide;
  std::string body_html;
  bool published = false;
  std::string updated_by, updated_at;  // updated_at: FormatTimestamp
};

enum class SectionState { kOk, kStale, kMissing, kNotRequired };
// 已更新 | 超期未更新 | 未公开 | 不适用
absl::string_view SectionStateLabel(SectionState s);

// A section's state at `now`: not required when the template says so;
// missing when nothing is published; stale when the published content was
// last saved more than period_days days before `now`.
SectionState JudgeSection(const SectionRule& rule,
                          const SectionContent* content, absl::Time now);

// The days since the content was saved (0 when unknown).
int64_t DaysSince(const SectionContent& content, absl::Time now);

}  // namespace zwgk::institutions

#endif  // ZWGK_INSTITUTIONS_MODEL_H_
