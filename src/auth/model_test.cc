// The password policy: pure functions, no database.
#include "auth/model.h"

#include <string>

#include "auth/service.h"
#include "core/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::auth {
namespace {

using ::testing::HasSubstr;

TEST(PasswordPolicy, Table) {
  struct Case {
    std::string password;
    bool ok;
    std::string message;  // substring of the field message when refused
  };
  const Case cases[] = {
      {"Abcdefgh1!", true, ""},
      {"abcdefgh1A", true, ""},   // lower, digit, upper
      {"abcdefgh1!", true, ""},   // lower, digit, other
      {"ABCDEFGH1!", true, ""},   // upper, digit, other
      {"abcdefGHIJ!", true, ""},  // lower, upper, other
      {"政务公开平台密码ab12", true,
       ""},  // Chinese characters count as "other"
      {"abcdefghij", false, "现在只有 1 类"},
      {"abcdefghi1", false, "现在只有 2 类"},
      {"ABCDEFGHIJKL", false, "现在只有 1 类"},
      {"Ab1!", false, "至少需要 10 个字符（现在只有 4 个）"},
      {"Abcdefg1!", false, "现在只有 9 个"},
      // 9 characters though 25 bytes: length counts characters.
      {"政务公开平台A1!", false, "现在只有 9 个"},
      {std::string(125, 'a') + "B1!!", false, "不能超过 128 个字符"},
      {"", false, "现在只有 0 个"},
  };
  for (const Case& c : cases) {
    absl::Status s = CheckPasswordPolicy(c.password);
    EXPECT_EQ(s.ok(), c.ok) << c.password << ": " << s;
    if (c.ok) continue;
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    FieldErrors fields = GetFieldErrors(s);
    ASSERT_TRUE(fields.contains("password")) << c.password;
    EXPECT_THAT(fields["password"], HasSubstr(c.message)) << c.password;
  }
}

TEST(PasswordPolicy, ReportsEveryProblemAtOnceUnderTheGivenField) {
  FieldErrors fields =
      GetFieldErrors(CheckPasswordPolicy("abc", "new_password"));
  ASSERT_TRUE(fields.contains("new_password"));
  EXPECT_THAT(fields["new_password"], HasSubstr("至少需要 10 个字符"));
  EXPECT_THAT(fields["new_password"], HasSubstr("四类中的三类"));
}

}  // namespace
}  // namespace zwgk::auth
