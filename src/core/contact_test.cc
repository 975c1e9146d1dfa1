#include "core/contact.h"

#include "gtest/gtest.h"

namespace zwgk {
namespace {

TEST(ContactTest, PhoneNumbers) {
  struct Case {
    const char* phone;
    bool ok;
  } cases[] = {
      {"13800138000", true},        {"+86 138 0013 8000", true},
      {"0715-6321234", true},       {"6321234", true},
      {"12800138000", false},       {"1380013800", false},
      {"+1 2025550100", false},     {"0715-63212345678", false},
      {"138OO138000", false},       {"", false},
      {"138-0013-8000 ext", false},
  };
  for (const Case& c : cases)
    EXPECT_EQ(IsPhoneNumber(c.phone), c.ok) << c.phone;
}

TEST(ContactTest, EmailAddresses) {
  struct Case {
    const char* email;
    bool ok;
  } cases[] = {
      {"a@b.cn", true},   {"li.ming@gov.example.cn", true},
      {"@b.cn", false},   {"a@b", false},
      {"a@.cn", false},   {"a@b.", false},
      {"a@@b.cn", false}, {"a b@c.cn", false},
  };
  for (const Case& c : cases)
    EXPECT_EQ(IsEmailAddress(c.email), c.ok) << c.email;
}

}  // namespace
}  // namespace zwgk
