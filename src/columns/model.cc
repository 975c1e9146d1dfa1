#include "columns/model.h"

#include "core/date.h"

namespace zwgk::columns {

absl::string_view ColumnTypeName(ColumnType t) {
  switch (t) {
    case ColumnType::kNews:
      return "news";
    case ColumnType::kNotices:
      return "notices";
    case ColumnType::kPolicies:
      return "policies";
    case ColumnType::kPersonnel:
      return "personnel";
    case ColumnType::kPlans:
      return "plans";
    case ColumnType::kReports:
      return "reports";
    case ColumnType::kServices:
      return "services";
    case ColumnType::kInteraction:
      return "interaction";
    case ColumnType::kSpecial:
      return "special";
    case ColumnType::kStatic:
      return "static";
  }
  return "";
}

absl::string_view ColumnTypeLabel(ColumnType t) {
  switch (t) {
    case ColumnType::kNews:
      return "动态类";
    case ColumnType::kNotices:
      return "通知公告类";
    case ColumnType::kPolicies:
      return "政策文件类";
    case ColumnType::kPersonnel:
      return "人事信息类";
    case ColumnType::kPlans:
      return "规划计划类";
    case ColumnType::kReports:
      return "年度报告类";
    case ColumnType::kServices:
      return "办事服务类";
    case ColumnType::kInteraction:
      return "互动交流类";
    case ColumnType::kSpecial:
      return "专栏类";
    case ColumnType::kStatic:
      return "静态栏目";
  }
  return "";
}

std::optional<ColumnType> ParseColumnType(absl::string_view name) {
  for (ColumnType t : kAllColumnTypes) {
    if (name == ColumnTypeName(t) || name == ColumnTypeLabel(t)) return t;
  }
  return std::nullopt;
}

int DefaultUpdateDays(ColumnType t) {
  switch (t) {
    case ColumnType::kNews:
      return 14;
    case ColumnType::kNotices:
    case ColumnType::kPolicies:
      return 183;
    case ColumnType::kPersonnel:
    case ColumnType::kPlans:
    case ColumnType::kReports:
      return 365;
    case ColumnType::kServices:
    case ColumnType::kInteraction:
    case ColumnType::kSpecial:
    case ColumnType::kStatic:
      return 0;
  }
  return 0;
}

absl::string_view ColumnStateLabel(ColumnState s) {
  switch (s) {
    case ColumnState::kOk:
      return "正常";
    case ColumnState::kStale:
      return "超期未更新";
    case ColumnState::kBlank:
      return "空白栏目";
    case ColumnState::kNoRule:
      return "正常（无更新要求）";
  }
  return "";
}

absl::string_view ColumnStateName(ColumnState s) {
  switch (s) {
    case ColumnState::kOk:
      return "ok";
    case ColumnState::kStale:
      return "stale";
    case ColumnState::kBlank:
      return "blank";
    case ColumnState::kNoRule:
      return "norule";
  }
  return "";
}

bool CountsTowardStaleVeto(ColumnType t) {
  return t == ColumnType::kNews || t == ColumnType::kNotices ||
         t == ColumnType::kPolicies;
}

int DaysSince(absl::string_view last_updated_on, absl::string_view as_of) {
  std::optional<absl::CivilDay> last = ParseDay(last_updated_on);
  std::optional<absl::CivilDay> day = ParseDay(as_of);
  if (!last || !day || *last > *day) return 0;
  return static_cast<int>(*day - *last);
}

ColumnState JudgeColumn(int64_t items, absl::string_view last_updated_on,
                        absl::string_view as_of, int update_days) {
  if (items <= 0) return ColumnState::kBlank;
  if (update_days <= 0) return ColumnState::kNoRule;
  std::optional<absl::CivilDay> last = ParseDay(last_updated_on);
  std::optional<absl::CivilDay> day = ParseDay(as_of);
  // An item without a (valid) date counts as not updated (A2).
  if (!last || !day) return ColumnState::kStale;
  return *day - *last > update_days ? ColumnState::kStale : ColumnState::kOk;
}

VetoCounts CountVetoes(const std::vector<ColumnStatus>& columns) {
  VetoCounts v;
  for (const ColumnStatus& c : columns) {
    if (c.state == ColumnState::kBlank) ++v.blank;
    if (c.state != ColumnState::kStale) continue;
    ++v.stale;
    if (CountsTowardStaleVeto(c.column.type)) ++v.stale_a3_a4;
  }
  v.stale_veto = v.stale_a3_a4 >= kStaleVetoA3A4 || v.stale >= kStaleVetoAll;
  v.blank_veto = v.blank >= kBlankVeto;
  return v;
}

}  // namespace zwgk::columns
