#include "core/actor.h"

#include <iterator>

#include "gtest/gtest.h"

namespace zwgk {
namespace {

TEST(Role, NamesLabelsAndParsingRoundTrip) {
  struct Case {
    Role role;
    const char* name;
    const char* label;
    bool needs_unit;
  };
  const Case cases[] = {
      {Role::kAdmin, "admin", "管理员（县政务公开办）", false},
      {Role::kUnitEditor, "unit_editor", "单位编辑", true},
      {Role::kUnitReviewer, "unit_reviewer", "单位审核人", true},
      {Role::kClerk, "clerk", "镇村信息员", true},
  };
  ASSERT_EQ(AllRoles().size(), std::size(cases));
  for (const Case& c : cases) {
    EXPECT_EQ(RoleName(c.role), c.name);
    EXPECT_EQ(RoleLabel(c.role), c.label);
    EXPECT_EQ(ParseRole(c.name), c.role);
    EXPECT_EQ(RoleNeedsUnit(c.role), c.needs_unit) << c.name;
  }
  EXPECT_EQ(ParseRole("Admin"), std::nullopt);
  EXPECT_EQ(ParseRole("editor"), std::nullopt);
  EXPECT_EQ(ParseRole(""), std::nullopt);
  // Nobody signs in as the public.
  EXPECT_EQ(ParseRole("public"), std::nullopt);
  EXPECT_EQ(RoleName(Role::kPublic), "public");
  EXPECT_FALSE(IsStaff(Role::kPublic));
  for (Role r : AllRoles()) EXPECT_TRUE(IsStaff(r)) << RoleName(r);
}

TEST(Actor, AdminsActForEveryUnitOthersForTheirOwn) {
  Actor editor{.role = Role::kUnitEditor, .unit_id = 7};
  EXPECT_TRUE(ActsForUnit(editor, 7));
  EXPECT_FALSE(ActsForUnit(editor, 8));
  EXPECT_FALSE(ActsForUnit(Actor{}, 7));  // the public
  EXPECT_TRUE(ActsForUnit(SystemActor(), 8));
  EXPECT_TRUE(IsAdmin(SystemActor()));
}

}  // namespace
}  // namespace zwgk
