// Organisation: the county, its units (departments, guiding units, towns),
// the pilot domains each unit is responsible for. (The 附件3 work tasks are
// the supervision module's.)
#ifndef ZWGK_ORG_MODEL_H_
#define ZWGK_ORG_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zwgk::org {

struct County {
  std::string name;      // 嘉鱼县
  std::string province;  // 湖北省
  std::string city;      // 咸宁市
};

enum class UnitKind {
  kDepartment,  // 县直部门 (responsible units of 附件1 and others)
  kGuiding,    // guiding units of 附件3 that are not responsible for a domain
  kTown,       // 镇 (added by the county)
  kVillage,    // 村 (under its town: Unit::parent_id)
  kCommunity,  // 社区 (under its town: Unit::parent_id)
};
absl::string_view UnitKindName(UnitKind k);
// "department" | "guiding" | "town" | "village" | "community"
absl::string_view UnitKindLabel(UnitKind k);
// 县直部门 | 指导单位 | 镇 | 村 | 社区
std::optional<UnitKind> ParseUnitKind(absl::string_view s);
// 村 or 社区: a unit that belongs to its town, not to the county's lists.
inline bool IsVillageKind(UnitKind k) {
  return k == UnitKind::kVillage || k == UnitKind::kCommunity;
}

struct Unit {
  int64_t id = 0;
  std::string name;  // exactly as in 附件1/附件3, e.g. 市生态环境局嘉鱼县分局
  UnitKind kind = UnitKind::kDepartment;
  std::string credit_code;  // 统一社会信用代码 or 组织机构代码 (for 索引号);
                            // may be empty
  int position = 0;      // display order
  bool retired = false;  // retired units stay in history
  // What the unit holds beyond its 附件1 domains, in a line (towns, the
  // county office); shown to applicants choosing where to apply.
  std::string duties;
  // A village's or community's town; nullopt for every other unit.
  std::optional<int64_t> parent_id;
  // A village's contact line (村委会 phone / address), shown as 监督电话.
  std::string contact;
};

struct Domain {
  int64_t id = 0;
  std::string name;  // without the trailing 领域: 重大建设项目
  std::optional<int64_t> unit_id;  // responsible unit
  int position = 0;                // order of 附件1
  bool retired = false;
};

// The group a unit is listed under when the public chooses one:
// 县政府及办公室, 县直部门 or 乡镇人民政府; a village or community is in
// its own group 村（社区）, which is not among kUnitGroups (it is offered
// under its town, never in the county's lists).
absl::string_view UnitGroupLabel(const Unit& u);
inline constexpr absl::string_view kVillageGroup = "村（社区）";
// The three groups in the order they are offered.
inline constexpr absl::string_view kUnitGroups[] = {"县政府及办公室",
                                                    "县直部门", "乡镇人民政府"};

// "Which office holds this?": the unit's domains ("负责：义务教育领域") and
// its duties, in a line; empty when neither is known.
std::string UnitHint(const Unit& u, const std::vector<Domain>& domains);

}  // namespace zwgk::org

#endif  // ZWGK_ORG_MODEL_H_
