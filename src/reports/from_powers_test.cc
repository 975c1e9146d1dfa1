// 从权责清单带入 (issue 23) on SQLite and PostgreSQL with a fake clock: a
// unit's 年报 takes Table 二's 行政许可/行政处罚/行政强制 counts from the
// records drafted from its powers and published in the year, each with its
// source, only when the unit asks, and never over a different figure
// already entered unless told to replace it.
#include <memory>
#include <string>
#include <vector>

#include "applications/service.h"
#include "core/migrate.h"
#include "core/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "powers/service.h"
#include "publishing/service_test_fixture.h"
#include "reports/service.h"

namespace zwgk::reports {
namespace {

using ::testing::HasSubstr;

constexpr char kPowers[] =
    "事项名称,事项类型,环节,产生的信息,公开属性\n"
    "殡葬设施建设审批,行政许可,决定,准予许可决定书,主动公开\n"
    "违法占地处罚,行政处罚,决定,行政处罚决定书,主动公开\n";

class FromPowersTest : public publishing::PublishingServiceTest {
 protected:
  void SetUp() override {
    publishing::PublishingServiceTest::SetUp();
    for (const char* module : {"applications", "reports", "powers"}) {
      absl::StatusOr<std::vector<Migration>> m = EmbeddedMigrations(module);
      ASSERT_TRUE(m.ok()) << m.status();
      ASSERT_TRUE(Migrate(*db_, *m).ok()) << module;
    }
    powers_ = std::make_unique<powers::Service>(*db_, clock_, *org_, *catalog_,
                                                *service_);
    apps_ = std::make_unique<applications::Service>(*db_, clock_, *org_,
                                                    *calendar_);
    reports_ =
        std::make_unique<Service>(*db_, clock_, *org_, *apps_, *service_,
                                  ServiceOptions{}, nullptr, powers_.get());
  }
  // A record drafted from the power's stage and published now.
  void Publish(const std::string& power) {
    auto list = powers_->List(editor_, std::nullopt);
    ASSERT_TRUE(list.ok()) << list.status();
    int64_t stage = 0;
    for (const powers::Power& p : *list)
      if (p.name == power) stage = p.stages.at(0).id;
    auto r = powers_->DraftRecord(
        editor_, stage, {.topic = "民政、扶贫、救灾", .genre = "公示"});
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_TRUE(service_->Submit(editor_, r->id).ok());
    ASSERT_TRUE(
        service_->Review(reviewer_, r->id, {.outcome = "approved"}).ok());
    ASSERT_TRUE(service_->Publish(reviewer_, r->id).ok());
  }
  Table2 Entered(const Body& body) {
    auto v = reports_->View(&editor_, body);
    EXPECT_TRUE(v.ok()) << v.status();
    return v.ok() ? v->report.entered.table2 : Table2{};
  }

  std::unique_ptr<powers::Service> powers_;
  std::unique_ptr<applications::Service> apps_;
  std::unique_ptr<Service> reports_;
};

TEST_P(FromPowersTest, CountsAreCarriedInWithTheirSourceWhenTheUnitChooses) {
  clock_.Set(publishing::At(2025, 6, 2));
  ASSERT_TRUE(powers_->Import(editor_, "县民政局", "清单.csv", kPowers).ok());
  Publish("殡葬设施建设审批");
  Publish("殡葬设施建设审批");
  Publish("违法占地处罚");
  clock_.Set(publishing::At(2026, 3, 2));
  Publish("殡葬设施建设审批");  // 2026: not in the 2025 report

  const Body body{.year = 2025, .unit_id = unit_};
  ASSERT_TRUE(reports_->Generate(editor_, body).ok());
  auto offered = reports_->PowersFigures(body);
  ASSERT_TRUE(offered.ok()) << offered.status();
  ASSERT_TRUE(offered->has_value());
  EXPECT_EQ((*offered)->licensing, 2);
  EXPECT_EQ((*offered)->penalty, 1);
  EXPECT_EQ((*offered)->coercion, 0);
  // Nothing is taken until the unit asks.
  EXPECT_EQ(Entered(body).licensing.value, 0);

  // A figure entered from the unit's 台账 is not overwritten silently.
  ASSERT_TRUE(
      reports_
          ->SaveEntries(editor_, body,
                        {{"licensing", "5"}, {"licensing_source", "审批台账"}})
          .ok());
  auto refused = reports_->CarryFromPowers(
      editor_, body, {"licensing", "penalty", "coercion"}, false);
  ASSERT_TRUE(absl::IsInvalidArgument(refused.status())) << refused.status();
  EXPECT_THAT(GetFieldErrors(refused.status())["licensing"],
              HasSubstr("已填报5（来源：审批台账），权责清单统计为2"));
  EXPECT_EQ(Entered(body).licensing.value, 5);
  EXPECT_EQ(Entered(body).penalty.value, 0);  // all or nothing

  // The figures not entered yet come in with their source.
  auto carried =
      reports_->CarryFromPowers(editor_, body, {"penalty", "coercion"}, false);
  ASSERT_TRUE(carried.ok()) << carried.status();
  Table2 t = Entered(body);
  EXPECT_EQ(t.penalty.value, 1);
  EXPECT_EQ(t.penalty.source,
            "从权责清单带入：2025年发布的据行政处罚事项起草的信息1条");
  EXPECT_EQ(t.coercion.value, 0);
  EXPECT_THAT(t.coercion.source, HasSubstr("行政强制事项起草的信息0条"));
  EXPECT_EQ(t.licensing.value, 5);
  // Replacing, when asked to.
  ASSERT_TRUE(
      reports_->CarryFromPowers(editor_, body, {"licensing"}, true).ok());
  t = Entered(body);
  EXPECT_EQ(t.licensing.value, 2);
  EXPECT_EQ(t.licensing.source,
            "从权责清单带入：2025年发布的据行政许可事项起草的信息2条");
  // Carrying the same again changes nothing and is not refused.
  EXPECT_TRUE(reports_
                  ->CarryFromPowers(editor_, body,
                                    {"licensing", "penalty", "coercion"}, false)
                  .ok());

  // Another unit's staff: 404; the county government's report adds up the
  // units' figures and takes nothing from an inventory itself.
  EXPECT_TRUE(absl::IsNotFound(
      reports_->CarryFromPowers(other_editor_, body, {"licensing"}, false)
          .status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      reports_->CarryFromPowers(admin_, {.year = 2025}, {"licensing"}, false)
          .status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      reports_->CarryFromPowers(editor_, body, {"fees"}, false).status()));
}

INSTANTIATE_TEST_SUITE_P(Engines, FromPowersTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::reports
