#include "core/actor.h"

namespace zwgk {

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> kAll = {Role::kAdmin, Role::kUnitEditor,
                                         Role::kUnitReviewer, Role::kClerk};
  return kAll;
}

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kPublic:
      return "public";
    case Role::kAdmin:
      return "admin";
    case Role::kUnitEditor:
      return "unit_editor";
    case Role::kUnitReviewer:
      return "unit_reviewer";
    case Role::kClerk:
      return "clerk";
  }
  return "public";
}

absl::string_view RoleLabel(Role role) {
  switch (role) {
    case Role::kPublic:
      return "公众";
    case Role::kAdmin:
      return "管理员（县政务公开办）";
    case Role::kUnitEditor:
      return "单位编辑";
    case Role::kUnitReviewer:
      return "单位审核人";
    case Role::kClerk:
      return "镇村信息员";
  }
  return "";
}

std::optional<Role> ParseRole(absl::string_view name) {
  for (Role r : AllRoles()) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

}  // namespace zwgk
