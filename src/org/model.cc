#include "org/model.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

namespace zwgk::org {

absl::string_view UnitKindName(UnitKind k) {
  switch (k) {
    case UnitKind::kDepartment:
      return "department";
    case UnitKind::kGuiding:
      return "guiding";
    case UnitKind::kTown:
      return "town";
    case UnitKind::kVillage:
      return "village";
    case UnitKind::kCommunity:
      return "community";
  }
  return "department";
}

absl::string_view UnitKindLabel(UnitKind k) {
  switch (k) {
    case UnitKind::kDepartment:
      return "县直部门";
    case UnitKind::kGuiding:
      return "指导单位";
    case UnitKind::kTown:
      return "镇";
    case UnitKind::kVillage:
      return "村";
    case UnitKind::kCommunity:
      return "社区";
  }
  return "县直部门";
}

std::optional<UnitKind> ParseUnitKind(absl::string_view s) {
  for (UnitKind k : {UnitKind::kDepartment, UnitKind::kGuiding, UnitKind::kTown,
                     UnitKind::kVillage, UnitKind::kCommunity}) {
    if (s == UnitKindName(k) || s == UnitKindLabel(k)) return k;
  }
  return std::nullopt;
}

absl::string_view UnitGroupLabel(const Unit& u) {
  if (u.kind == UnitKind::kTown) return kUnitGroups[2];
  if (IsVillageKind(u.kind)) return kVillageGroup;
  // 县政府办, 县人民政府办公室: the county government itself.
  if (absl::StartsWith(u.name, "县政府") ||
      absl::StrContains(u.name, "县人民政府"))
    return kUnitGroups[0];
  return kUnitGroups[1];
}

std::string UnitHint(const Unit& u, const std::vector<Domain>& domains) {
  std::vector<absl::string_view> own;
  for (const Domain& d : domains)
    if (d.unit_id == u.id && !d.retired) own.push_back(d.name);
  std::string hint;
  if (!own.empty())
    hint = absl::StrCat("负责：", absl::StrJoin(own, "、"), "等领域");
  if (!u.duties.empty())
    absl::StrAppend(&hint, hint.empty() ? "" : "；", u.duties);
  return hint;
}

}  // namespace zwgk::org
