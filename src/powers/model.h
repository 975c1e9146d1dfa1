// 公开属性 inventory (issue 23; 附件3 task 1: 梳理细化权力运行和政务服务每个
// 环节产生的政府信息，逐项认定公开属性). A unit's 权责清单 lists its powers and
// services; for each, the information produced at each stage (受理, 审查,
// 决定, 送达, 执行 …) carries its 公开属性 (主动公开 / 依申请公开 / 不予公开
// with the Art 14–16 ground), the catalog item it falls under and its time
// limit. Pure: types, the import table's rows, and the coverage figures.
#ifndef ZWGK_POWERS_MODEL_H_
#define ZWGK_POWERS_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace zwgk::powers {

// 事项类型 of a 权责清单 (the ten kinds of 行政权力 and 公共服务).
enum class PowerType {
  kLicense,       // 行政许可
  kPenalty,       // 行政处罚
  kCoercion,      // 行政强制
  kLevy,          // 行政征收
  kPayment,       // 行政给付
  kInspection,    // 行政检查
  kConfirmation,  // 行政确认
  kReward,        // 行政奖励
  kAdjudication,  // 行政裁决
  kOther,         // 其他行政权力
  kService,       // 公共服务
};
const std::vector<PowerType>& AllPowerTypes();
absl::string_view PowerTypeName(PowerType t);   // license | penalty | …
absl::string_view PowerTypeLabel(PowerType t);  // 行政许可 | …
// By name or label ("许可" and "行政许可" both); nullopt otherwise.
std::optional<PowerType> ParsePowerType(absl::string_view s);

// 公开属性 of one stage's information.
enum class Attribute {
  kUndecided,  // 未认定
  kActive,     // 主动公开
  kOnRequest,  // 依申请公开
  kWithheld,   // 不予公开
};
absl::string_view AttributeName(Attribute a);   // undecided | active | …
absl::string_view AttributeLabel(Attribute a);  // 未认定 | 主动公开 | …
// By name or label; "" → kUndecided; nullopt for anything else.
std::optional<Attribute> ParseAttribute(absl::string_view s);
// Records keep "active" | "on_request" | "withheld" (publishing's names).
absl::string_view RecordDisclosure(Attribute a);

struct Stage {
  int64_t id = 0;
  int64_t power_id = 0;
  int position = 0;   // order within the power
  std::string stage;  // 环节: 受理, 审查, 决定, 送达, 执行 …
  std::string info;  // 产生的政府信息: 受理通知书, 行政许可决定书 …
  Attribute attribute = Attribute::kUndecided;
  std::string withheld_ground;  // core/withholding.h code (not 主动公开)
  std::optional<int64_t> catalog_item_id;
  std::string catalog_item;  // "一级事项/二级事项" as shown
  int period_days = 0;       // 公开时限, working days; 0 = none given
  std::string decided_by, decided_at;
};

struct Power {
  int64_t id = 0;
  int64_t unit_id = 0;
  std::string unit_name;
  std::string code;  // 事项编码; may be empty
  std::string name;  // 事项名称
  PowerType type = PowerType::kOther;
  std::string implementer;  // 实施主体
  std::string basis;        // 设定依据
  std::vector<Stage> stages;
};

// One change of a stage's 公开属性, with its reason (the inventory's history).
struct Change {
  int64_t stage_id = 0;
  std::optional<int64_t> record_id;  // drafted from the stage, if any
  Attribute from = Attribute::kUndecided, to = Attribute::kUndecided;
  std::string from_ground, to_ground;
  std::string reason;
  std::string by, at;
};

// One row of an imported 权责清单 (a power's stage), as written.
struct ImportRow {
  int row = 0;  // 1-based, as the spreadsheet shows it
  std::string code, name, type, implementer, basis;
  std::string stage, info, attribute, ground, catalog_item, period;
};

// The rows of a table whose first non-blank row is the header. Columns are
// found by their Chinese names (事项编码, 事项名称, 事项类型, 实施主体,
// 设定依据, 环节, 产生的信息, 公开属性, 不予公开依据, 目录事项, 公开时限), in
// any order; 事项名称 and 环节 are required. A merged 事项名称 (blank under the
// first stage) continues the power above. InvalidFields names the missing
// column.
[[nodiscard]] absl::StatusOr<std::vector<ImportRow>> RowsFromTable(
    const std::vector<std::vector<std::string>>& table);

// "20个工作日", "20", "20日" → 20; "" → 0; nullopt when unreadable.
std::optional<int> ParsePeriodDays(absl::string_view s);

// Per unit: how far the inventory has come.
struct Coverage {
  int64_t unit_id = 0;
  std::string unit_name;
  int powers = 0;
  int stages = 0;
  int undecided = 0;  // stages with no 公开属性 decided
  int active = 0, on_request = 0, withheld = 0;
  int powers_without_item = 0;  // no stage under a catalog item
  // Decided stages, in percent (0 when there are none).
  int percent_decided() const {
    return stages == 0 ? 0 : (stages - undecided) * 100 / stages;
  }
};
// By unit, in the order the powers come (the store's: unit, then name).
std::vector<Coverage> CoverageOf(const std::vector<Power>& powers);

}  // namespace zwgk::powers

#endif  // ZWGK_POWERS_MODEL_H_
