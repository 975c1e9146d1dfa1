// The portal's columns (栏目) as data, with the update rule inspectors apply
// (issue 19; inspection.md A2–A7): each column has a type, a rule in days,
// and its state on a day is derived, never stored.
#ifndef ZWGK_COLUMNS_MODEL_H_
#define ZWGK_COLUMNS_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zwgk::columns {

// The kinds inspectors name, with their default update rule.
enum class ColumnType {
  kNews,         // 动态/要闻: 14 days (A3)
  kNotices,      // 通知公告: 6 months (A4)
  kPolicies,     // 政策文件: 6 months (A4)
  kPersonnel,    // 人事信息: 1 year (A7)
  kPlans,        // 规划计划: 1 year (A7)
  kReports,      // 年报: 1 year
  kServices,     // 办事服务 (A11)
  kInteraction,  // 互动交流 (A8–A10)
  kSpecial,      // a pilot domain's 专栏
  kStatic,       // 机构职能, 指南, 制度 …: no update rule
};
inline constexpr ColumnType kAllColumnTypes[] = {
    ColumnType::kNews,      ColumnType::kNotices,     ColumnType::kPolicies,
    ColumnType::kPersonnel, ColumnType::kPlans,       ColumnType::kReports,
    ColumnType::kServices,  ColumnType::kInteraction, ColumnType::kSpecial,
    ColumnType::kStatic};
absl::string_view ColumnTypeName(ColumnType t);  // news | notices | …
absl::string_view ColumnTypeLabel(ColumnType t);  // 动态类 | 通知公告类 | …
std::optional<ColumnType> ParseColumnType(absl::string_view name);
// Days without an update before the column is stale; 0: never stale.
int DefaultUpdateDays(ColumnType t);

struct Column {
  int64_t id = 0;
  std::string key;   // stable: "notices", "domain:12", "xxgk:guide"
  std::string name;  // 通知公告 | 社会救助专栏
  std::string url;   // its public page
  ColumnType type = ColumnType::kNotices;
  int update_days = 0;  // the rule; DefaultUpdateDays unless the office set it
  // Required by the county plan (the 26 domain 专栏): reachable even when
  // blank, saying what is pending.
  bool required = false;
  std::optional<int64_t> unit_id;  // the responsible unit, if one
  std::optional<int64_t> domain_id;
  int position = 0;
};

enum class ColumnState {
  kOk,     // 正常
  kStale,  // 超期未更新
  kBlank,  // 空白栏目: never any content
  kNoRule  // no update rule (static), has content
};
absl::string_view ColumnStateLabel(ColumnState s);
absl::string_view ColumnStateName(
    ColumnState s);  // ok | stale | blank | norule
// 动态/要闻 (A3) and 通知公告/政策文件 (A4): the columns whose staleness
// counts toward the A5 veto.
bool CountsTowardStaleVeto(ColumnType t);

// A column on a day.
struct ColumnStatus {
  Column column;
  int64_t items = 0;            // public items on as_of
  std::string last_updated_on;  // YYYY-MM-DD of the newest; "" never
  std::string last_item_url;    // the newest item's page, if any
  int days_since_update = 0;    // as_of − last_updated_on (0 when blank)
  ColumnState state = ColumnState::kOk;
};

// Pure: the state of a column with `items` public items, the newest on
// `last_updated_on`, on `as_of` under `update_days`.
ColumnState JudgeColumn(int64_t items, absl::string_view last_updated_on,
                        absl::string_view as_of, int update_days);

// Whole days from `last_updated_on` to `as_of` (0 when either is not a
// date or the update is later).
int DaysSince(absl::string_view last_updated_on, absl::string_view as_of);

// The single-veto thresholds (inspection.md A5, A6).
inline constexpr int kStaleVetoA3A4 = 5;  // stale A3 + A4 columns
inline constexpr int kStaleVetoAll = 10;  // stale columns that should update
inline constexpr int kBlankVeto = 5;      // blank columns
struct VetoCounts {
  int stale = 0;        // every stale column
  int stale_a3_a4 = 0;  // of the A3/A4 types
  int blank = 0;
  bool stale_veto = false;
  bool blank_veto = false;
};
// Pure: the veto counts of columns already judged.
VetoCounts CountVetoes(const std::vector<ColumnStatus>& columns);

}  // namespace zwgk::columns

#endif  // ZWGK_COLUMNS_MODEL_H_
