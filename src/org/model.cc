#include "org/model.h"

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
  }
  return "县直部门";
}

std::optional<UnitKind> ParseUnitKind(absl::string_view s) {
  for (UnitKind k :
       {UnitKind::kDepartment, UnitKind::kGuiding, UnitKind::kTown}) {
    if (s == UnitKindName(k) || s == UnitKindLabel(k)) return k;
  }
  return std::nullopt;
}

}  // namespace zwgk::org
