#include "powers/model.h"

#include <string>
#include <vector>

#include "core/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::powers {
namespace {

using ::testing::HasSubstr;
using Table = std::vector<std::vector<std::string>>;

TEST(PowerTypeTest, ParsesNamesLabelsAndShortLabels) {
  struct Case {
    const char* text;
    std::optional<PowerType> want;
  } cases[] = {
      {"行政许可", PowerType::kLicense},
      {"许可", PowerType::kLicense},
      {"penalty", PowerType::kPenalty},
      {" 行政强制 ", PowerType::kCoercion},
      {"公共服务", PowerType::kService},
      {"其他行政权力", PowerType::kOther},
      {"其他", PowerType::kOther},
      {"行政许可证", std::nullopt},
      {"", std::nullopt},
  };
  for (const Case& c : cases)
    EXPECT_EQ(ParsePowerType(c.text), c.want) << c.text;
  for (PowerType t : AllPowerTypes()) {
    EXPECT_EQ(ParsePowerType(PowerTypeName(t)), t);
    EXPECT_EQ(ParsePowerType(PowerTypeLabel(t)), t);
  }
}

TEST(AttributeTest, ParsesLabelsAndMapsToRecordDisclosure) {
  EXPECT_EQ(ParseAttribute(""), Attribute::kUndecided);
  EXPECT_EQ(ParseAttribute("主动公开"), Attribute::kActive);
  EXPECT_EQ(ParseAttribute("主动"), Attribute::kActive);
  EXPECT_EQ(ParseAttribute("依申请公开"), Attribute::kOnRequest);
  EXPECT_EQ(ParseAttribute("不公开"), Attribute::kWithheld);
  EXPECT_EQ(ParseAttribute("公开"), std::nullopt);
  EXPECT_EQ(RecordDisclosure(Attribute::kActive), "active");
  EXPECT_EQ(RecordDisclosure(Attribute::kOnRequest), "on_request");
  EXPECT_EQ(RecordDisclosure(Attribute::kWithheld), "withheld");
}

TEST(PeriodTest, WorkingDays) {
  EXPECT_EQ(ParsePeriodDays(""), 0);
  EXPECT_EQ(ParsePeriodDays("20个工作日"), 20);
  EXPECT_EQ(ParsePeriodDays("20工作日"), 20);
  EXPECT_EQ(ParsePeriodDays("7日"), 7);
  EXPECT_EQ(ParsePeriodDays("15"), 15);
  EXPECT_EQ(ParsePeriodDays("及时"), std::nullopt);
  EXPECT_EQ(ParsePeriodDays("-3"), std::nullopt);
  EXPECT_EQ(ParsePeriodDays("400"), std::nullopt);
}

TEST(RowsFromTableTest, HeaderInAnyOrderAndMergedNamesContinue) {
  Table t = {
      {"", "", ""},
      {"环节", "事项名称", "公开属性", "事项类型", "产生的政府信息"},
      {"受理", "最低生活保障金给付", "依申请公开", "行政给付", "受理通知书"},
      {"决定", "", "主动公开", "", "审批结果"},
      {"", "", "", "", ""},
      {"决定", "临时救助", "", "给付", "审批结果"},
  };
  absl::StatusOr<std::vector<ImportRow>> rows = RowsFromTable(t);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].row, 3);
  EXPECT_EQ((*rows)[0].name, "最低生活保障金给付");
  EXPECT_EQ((*rows)[0].info, "受理通知书");
  EXPECT_EQ((*rows)[1].row, 4);
  EXPECT_EQ((*rows)[1].name, "最低生活保障金给付");  // merged cell
  EXPECT_EQ((*rows)[1].type, "行政给付");
  EXPECT_EQ((*rows)[1].attribute, "主动公开");
  EXPECT_EQ((*rows)[2].name, "临时救助");
  EXPECT_EQ((*rows)[2].row, 6);
}

TEST(RowsFromTableTest, NamesTheMissingColumnOrRow) {
  absl::StatusOr<std::vector<ImportRow>> no_stage =
      RowsFromTable({{"事项名称", "公开属性"}, {"临时救助", "主动公开"}});
  EXPECT_THAT(GetFieldErrors(no_stage.status())["file"],
              HasSubstr("第1行表头须有“环节”列"));
  absl::StatusOr<std::vector<ImportRow>> blank_stage = RowsFromTable(
      {{"事项名称", "环节"}, {"临时救助", "受理"}, {"临时救助", ""}});
  EXPECT_THAT(GetFieldErrors(blank_stage.status())["file"],
              HasSubstr("第3行（临时救助）：请填写“环节”"));
  EXPECT_FALSE(RowsFromTable({{"事项名称", "环节"}}).ok());
  EXPECT_FALSE(RowsFromTable({}).ok());
}

TEST(CoverageTest, CountsPerUnit) {
  std::vector<Power> powers = {
      {.unit_id = 1,
       .unit_name = "县民政局",
       .stages = {{.attribute = Attribute::kActive, .catalog_item_id = 7},
                  {.attribute = Attribute::kUndecided}}},
      {.unit_id = 1,
       .unit_name = "县民政局",
       .stages = {{.attribute = Attribute::kWithheld}}},
      {.unit_id = 2, .unit_name = "县教育局", .stages = {}},
  };
  std::vector<Coverage> c = CoverageOf(powers);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].unit_name, "县民政局");
  EXPECT_EQ(c[0].powers, 2);
  EXPECT_EQ(c[0].stages, 3);
  EXPECT_EQ(c[0].undecided, 1);
  EXPECT_EQ(c[0].active, 1);
  EXPECT_EQ(c[0].withheld, 1);
  EXPECT_EQ(c[0].powers_without_item, 1);
  EXPECT_EQ(c[0].percent_decided(), 66);
  EXPECT_EQ(c[1].powers, 1);
  EXPECT_EQ(c[1].percent_decided(), 0);
}

}  // namespace
}  // namespace zwgk::powers
