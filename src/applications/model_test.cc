// The pure parts of the applications module: identity-number checks (GB
// 11643, GB 32100), masking, the 信息处理费 tiers and the Table 三 rows.
#include "applications/model.h"

#include "core/withholding.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::applications {
namespace {

using ::testing::HasSubstr;

TEST(ResidentIdTest, ChecksLengthDigitsBirthDateAndCheckCharacter) {
  struct Case {
    const char* id;
    const char* error;  // "" when valid
  } cases[] = {
      {"11010519491231002X", ""},  // the GB 11643 example, check X
      {"11010519491231002x", ""},  // lower-case x accepted
      {"421221199003071238", ""},
      {"421221200002290012", ""},  // 2000-02-29 exists
      {"421221199003071237", "第18位应为8，实际为7"},
      {"11010519491231002", "应为18位，实际为17位"},
      {"1101051949123100A2", "前17位应为数字，第17位不是"},
      {"421221199002301236", "出生日期无效：19900230"},
      {"421221190002290016", "出生日期无效：19000229"},  // 1900 not leap
  };
  for (const Case& c : cases) {
    absl::Status s = ValidateResidentId(c.id);
    if (*c.error == 0) {
      EXPECT_TRUE(s.ok()) << c.id << ": " << s;
    } else {
      EXPECT_THAT(std::string(s.message()), HasSubstr(c.error)) << c.id;
    }
  }
}

TEST(CreditCodeTest, ChecksCharsetAndCheckCharacter) {
  struct Case {
    const char* code;
    const char* error;
  } cases[] = {
      {"91350100M000100Y43", ""},  // the GB 32100 example
      {"91420000177570439L", ""},
      {"12421221011234567R", ""},
      {"91350100M000100Y44", "第18位应为3，实际为4"},
      {"91350100M000100Y4", "应为18位，实际为17位"},
      {"91350100M000I00Y43", "第13位“I”不是有效字符"},
      {"91350100m000100Y43", "第9位“m”不是有效字符"},
  };
  for (const Case& c : cases) {
    absl::Status s = ValidateCreditCode(c.code);
    if (*c.error == 0) {
      EXPECT_TRUE(s.ok()) << c.code << ": " << s;
    } else {
      EXPECT_THAT(std::string(s.message()), HasSubstr(c.error)) << c.code;
    }
  }
}

TEST(MaskTest, KeepsFirstThreeAndLastFour) {
  EXPECT_EQ(MaskIdNumber("420102199003071234"), "420***********1234");
  EXPECT_EQ(MaskIdNumber("E12345678"), "E12**5678");
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("12345"), "*****");
}

TEST(FeeTest, PerApplicationTiersPerTheBanfa) {
  struct Case {
    int nth;
    int64_t rate;
  } cases[] = {{1, 0},    {10, 0},   {11, 100}, {30, 100}, {31, 200},
               {40, 200}, {41, 300}, {50, 300}, {51, 400}, {61, 500}};
  for (const Case& c : cases) {
    EXPECT_EQ(PerApplicationRate(c.nth), c.rate) << c.nth;
    EXPECT_EQ(QuotePerApplication(c.nth).amount_yuan, c.rate) << c.nth;
  }
  EXPECT_THAT(QuotePerApplication(35).working,
              ::testing::Contains(HasSubstr("第31–40件每件200元")));
}

TEST(FeeTest, PerPageIsMarginalProgressive) {
  struct Case {
    int pages;
    int64_t amount;
  } cases[] = {
      {1, 0},      {30, 0},     {31, 10}, {100, 700},  // 70 × 10
      {101, 720},  {200, 2700},                        // 700 + 100 × 20
      {201, 2740}, {250, 4700},                        // 2700 + 50 × 40
  };
  for (const Case& c : cases) {
    EXPECT_EQ(QuotePerPage(c.pages).amount_yuan, c.amount) << c.pages;
  }
  FeeQuote q = QuotePerPage(250);
  EXPECT_THAT(q.working,
              ::testing::ElementsAre(
                  HasSubstr("共250页"), HasSubstr("第1–30页免费"),
                  HasSubstr("70页×10元=700元"), HasSubstr("100页×20元=2000元"),
                  HasSubstr("50页×40元=2000元"), HasSubstr("应缴：4700元")));
}

TEST(RowsTest, RepliesAndEndingsLandInTheirTableRows) {
  struct Case {
    ReplyType type;
    std::optional<Ground> ground;
    ResultRow row;
  } cases[] = {
      {ReplyType::kDisclosed, std::nullopt, ResultRow::kDisclosed},
      {ReplyType::kAlreadyPublic, std::nullopt, ResultRow::kDisclosed},
      {ReplyType::kPartial, std::nullopt, ResultRow::kPartial},
      {ReplyType::kWithheld, Ground::kStateSecret, ResultRow::kStateSecret},
      {ReplyType::kWithheld, Ground::kAdministrativeQuery,
       ResultRow::kAdministrativeQuery},
      {ReplyType::kUnable, Ground::kUnclearAfterCorrection,
       ResultRow::kUnclearAfterCorrection},
      {ReplyType::kNotHandled, Ground::kConfirmation, ResultRow::kConfirmation},
      {ReplyType::kNotThisAgency, std::nullopt, ResultRow::kNotHeld},
      {ReplyType::kSpecialStatute, std::nullopt, ResultRow::kOtherHandling},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RowForReply(c.type, c.ground), c.row)
        << ReplyTypeName(c.type) << " " << ResultRowLabel(c.row);
  }
  EXPECT_EQ(RowForState(State::kLapsedCorrection),
            ResultRow::kLapsedCorrection);
  EXPECT_EQ(RowForState(State::kLapsedFee), ResultRow::kLapsedFee);
  EXPECT_EQ(RowForState(State::kReplied), std::nullopt);
  EXPECT_EQ(ResultRowLabel(ResultRow::kExcessive), "4.无正当理由大量反复申请");
  EXPECT_EQ(ResultRowGroup(ResultRow::kExcessive), "（五）不予处理");
}

TEST(NamesTest, EveryNameAndLabelParsesBack) {
  for (State s : kAllStates) {
    EXPECT_EQ(ParseState(StateName(s)), s);
    EXPECT_EQ(ParseState(StateLabel(s)), s);
  }
  for (ApplicantCategory c : kAllCategories) {
    if (c == ApplicantCategory::kNaturalPerson) {
      EXPECT_EQ(ParseOrgCategory(CategoryName(c)), std::nullopt);
    } else {
      EXPECT_EQ(ParseOrgCategory(CategoryLabel(c)), c);
    }
  }
  for (Ground g :
       {Ground::kStateSecret, Ground::kNotHeld, Ground::kExcessive}) {
    EXPECT_EQ(ParseGround(GroundName(g)), g);
    EXPECT_EQ(ParseGround(GroundLabel(g)), g);
  }
  // Every ground has its own code, label and citation; the withholding ones
  // are those of the table publishing uses too (core/withholding.h).
  for (int i = 0; i <= static_cast<int>(Ground::kConfirmation); ++i) {
    Ground g = static_cast<Ground>(i);
    EXPECT_EQ(ParseGround(GroundName(g)), g) << GroundName(g);
    EXPECT_EQ(ParseGround(GroundLabel(g)), g) << GroundName(g);
    EXPECT_FALSE(GroundBasis(g).empty()) << GroundName(g);
  }
  for (const WithholdingGround& w : WithholdingGrounds()) {
    std::optional<Ground> g = ParseGround(w.code);
    ASSERT_TRUE(g.has_value()) << w.code;
    EXPECT_EQ(GroundReplyType(*g), ReplyType::kWithheld);
    EXPECT_EQ(GroundLabel(*g), w.label);
    EXPECT_EQ(GroundBasis(*g), w.basis);
  }
  // Publishing's former codes still read.
  EXPECT_EQ(ParseGround("three_security"), Ground::kSecurityStability);
  EXPECT_EQ(ParseGround("query_matter"), Ground::kAdministrativeQuery);
  EXPECT_EQ(GroundName(Ground::kSecurityStability), "security_stability");
  EXPECT_EQ(ParseDeliveryForm("电子邮件"), DeliveryForm::kEmail);
  EXPECT_EQ(ParseIdType("护照"), IdType::kPassport);
}

}  // namespace
}  // namespace zwgk::applications
