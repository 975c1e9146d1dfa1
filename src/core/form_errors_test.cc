#include "core/form_errors.h"

#include <string>
#include <vector>

#include "core/status.h"
#include "gtest/gtest.h"

namespace zwgk {
namespace {

std::vector<std::string> Hrefs(const nlohmann::json& summary) {
  std::vector<std::string> out;
  for (const auto& item : summary.at("items"))
    out.push_back(item.at("href").get<std::string>());
  return out;
}

TEST(ErrorSummaryTest, OkRendersNothing) {
  EXPECT_TRUE(ErrorSummary(absl::OkStatus(), {{"name"}}).is_null());
}

TEST(ErrorSummaryTest, ListsFieldsInFormOrderNotKeyOrder) {
  // std::map would list address, description, name, unit.
  absl::Status s =
      InvalidFields("申请内容有误", {{"address", "请填写通信地址"},
                                     {"description", "请描述"},
                                     {"name", "请填写姓名"},
                                     {"unit", "请选择申请的机关"}});
  struct Case {
    std::vector<FormField> form;
    std::vector<std::string> hrefs;
  } cases[] = {
      {{{"name"}, {"address"}, {"unit"}, {"description"}},
       {"#name", "#address", "#unit", "#description"}},
      // An organisation's name lives in another element.
      {{{"unit"}, {"name", "org_name"}, {"description"}, {"address"}},
       {"#unit", "#org_name", "#description", "#address"}},
      // Fields the form does not list come last, in key order.
      {{{"unit"}}, {"#unit", "#address", "#description", "#name"}},
  };
  for (const Case& c : cases) {
    nlohmann::json summary = ErrorSummary(s, c.form);
    EXPECT_EQ(Hrefs(summary), c.hrefs);
    EXPECT_EQ(summary["count"], 4);
    EXPECT_EQ(summary["message"], "申请内容有误");
  }
  nlohmann::json first = ErrorSummary(s, cases[0].form);
  EXPECT_EQ(first["items"][0]["message"], "请填写姓名");
  EXPECT_EQ(first["heading"], "请修改以下内容后重新提交");
}

TEST(ErrorSummaryTest, AMessageRepeatingTheOnlyFieldIsNotShownTwice) {
  nlohmann::json summary =
      ErrorSummary(InvalidFields("请填写标题", {{"title", "请填写标题"}}),
                   {{"title", "r-title"}});
  EXPECT_EQ(summary["message"], "");
  EXPECT_EQ(summary["items"][0]["href"], "#r-title");
}

TEST(ErrorSummaryTest, AStatusWithoutFieldsShowsItsMessage) {
  nlohmann::json summary =
      ErrorSummary(absl::ResourceExhaustedError("提交过于频繁"), {{"name"}},
                   {.heading = "申请未提交"});
  EXPECT_EQ(summary["heading"], "申请未提交");
  EXPECT_EQ(summary["message"], "提交过于频繁");
  EXPECT_TRUE(summary["items"].empty());
  EXPECT_FALSE(summary["has_items"].get<bool>());
  EXPECT_EQ(
      ErrorSummary(absl::FailedPreconditionError("已发布"), {})["heading"],
      "操作未完成");
}

}  // namespace
}  // namespace zwgk
