// 政策解读 三同步 through the service on SQLite and PostgreSQL with a fake
// clock: a 行政规范性文件 (or a record of a marked genre) is held back
// without its interpretation, goes out with the reviewer's reason
// (audited), and interpretations published late or never are flagged.
#include "core/audit.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "publishing/service.h"
#include "publishing/service_test_fixture.h"

namespace zwgk::publishing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class InterpretationServiceTest : public PublishingServiceTest {
 protected:
  // 2026-03-02 is a Monday; March 2026 has no holidays.
  void SetDay(int d) { clock_.Set(At(2026, 3, d)); }

  // A reviewed record, ready to publish.
  int64_t Reviewed(std::string title, std::string genre,
                   std::string doc_class) {
    auto r = service_->Create(admin_, {.title = std::move(title),
                                       .unit = "县民政局",
                                       .formed_on = "2026-03-02",
                                       .topic = "民政、扶贫、救灾",
                                       .genre = std::move(genre),
                                       .doc_class = std::move(doc_class),
                                       .body_html = "<p>正文。</p>"});
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return 0;
    EXPECT_TRUE(service_->Submit(admin_, r->id).ok());
    EXPECT_TRUE(service_->Review(admin_, r->id, {"approved", ""}).ok());
    return r->id;
  }
  int64_t Policy(std::string title) {
    return Reviewed(std::move(title), "办法", "行政规范性文件");
  }
  // An interpretation of `policy`, drafted and reviewed with it.
  int64_t InterpretationOf(int64_t policy) {
    int64_t id = Reviewed("解读", "解读", "");
    EXPECT_TRUE(service_->Relate(admin_, id, "interprets", policy).ok());
    return id;
  }
  void Publish(int64_t id) {
    auto p = service_->Publish(admin_, id);
    EXPECT_TRUE(p.ok()) << p.status();
  }
  std::vector<int64_t> Flagged(int day) {
    auto list = service_->PoliciesWithoutInterpretation(
        absl::CivilDay(2026, 3, day), std::nullopt);
    EXPECT_TRUE(list.ok()) << list.status();
    std::vector<int64_t> ids;
    if (list.ok())
      for (const PolicyInterpretation& p : *list) ids.push_back(p.record_id);
    return ids;
  }
};

TEST_P(InterpretationServiceTest, HeldBackThenPublishedWithAReason) {
  SetDay(2);
  int64_t p = Policy("关于规范低保审批的办法");
  auto refused = service_->Publish(reviewer_, p);
  ASSERT_TRUE(absl::IsInvalidArgument(refused.status())) << refused.status();
  EXPECT_THAT(refused.status().message(),
              HasSubstr("是行政规范性文件，缺少政策解读"));
  EXPECT_EQ(GetFieldErrors(refused.status()).count("interpretation_waiver"),
            1u);
  auto held_or = service_->Get(p);
  ASSERT_TRUE(held_or.ok()) << held_or.status();
  Record held = *std::move(held_or);
  EXPECT_EQ(held.status, Status::kReviewed);

  auto published = service_->Publish(
      reviewer_, p, {.interpretation_waiver = "  转发上级文件，由上级解读 "});
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(published->status, Status::kPublished);

  auto log =
      audit::List(*db_, {.entity = "record", .action = "record.publish"});
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ(log->front().user_name, "reviewer");
  EXPECT_THAT(log->front().after_json, HasSubstr("转发上级文件，由上级解读"));

  SetDay(20);
  auto of_or = service_->InterpretationOf(p);
  ASSERT_TRUE(of_or.ok()) << of_or.status();
  std::optional<PolicyInterpretation> of = *std::move(of_or);
  ASSERT_TRUE(of.has_value());
  EXPECT_EQ(of->judgement.state, InterpretationState::kWaived);
  EXPECT_EQ(of->waiver_reason, "转发上级文件，由上级解读");
  EXPECT_EQ(of->waived_by, "reviewer");
  EXPECT_TRUE(Flagged(20).empty());
}

TEST_P(InterpretationServiceTest, LateAndMissingAreFlagged) {
  SetDay(2);
  int64_t late = Policy("晚解读的办法");
  int64_t late_i = InterpretationOf(late);
  int64_t on_time = Policy("同步解读的办法");
  int64_t on_time_i = InterpretationOf(on_time);
  int64_t never = Policy("未发布解读的办法");
  InterpretationOf(never);
  int64_t other = Reviewed("普通通知", "通知", "");
  for (int64_t id : {late, on_time, on_time_i, never, other}) Publish(id);
  // Within the 3 working days nothing is flagged yet.
  EXPECT_TRUE(Flagged(5).empty());
  EXPECT_THAT(Flagged(6), ElementsAre(late, never));

  SetDay(9);  // 5 working days after the policy
  Publish(late_i);
  EXPECT_THAT(Flagged(20), ElementsAre(late, never));
  auto list = service_->PoliciesWithoutInterpretation(
      absl::CivilDay(2026, 3, 20), std::nullopt);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->at(0).judgement.state, InterpretationState::kLate);
  EXPECT_EQ(list->at(0).judgement.days, 5);
  EXPECT_EQ(list->at(0).published_on, "2026-03-02");
  EXPECT_EQ(list->at(1).judgement.state, InterpretationState::kMissing);

  auto of_late_or = service_->InterpretationOf(late);
  ASSERT_TRUE(of_late_or.ok()) << of_late_or.status();
  std::optional<PolicyInterpretation> of_late = *std::move(of_late_or);
  ASSERT_TRUE(of_late.has_value());
  EXPECT_EQ(InterpretationLabel(of_late->judgement),
            "解读晚于政策5个工作日发布（应于2026-03-05前）");
  auto of_on_time_or = service_->InterpretationOf(on_time);
  ASSERT_TRUE(of_on_time_or.ok()) << of_on_time_or.status();
  std::optional<PolicyInterpretation> of_on_time = *std::move(of_on_time_or);
  EXPECT_EQ(of_on_time->judgement.state, InterpretationState::kOnTime);
  auto of_other_or = service_->InterpretationOf(other);
  ASSERT_TRUE(of_other_or.ok()) << of_other_or.status();
  std::optional<PolicyInterpretation> of_other = *std::move(of_other_or);
  EXPECT_FALSE(of_other.has_value());

  // Of one unit only; another unit has none.
  auto r_or = service_->Get(late);
  ASSERT_TRUE(r_or.ok()) << r_or.status();
  Record r = *std::move(r_or);
  auto mine = service_->PoliciesWithoutInterpretation(
      absl::CivilDay(2026, 3, 20), r.unit_id);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->size(), 2u);

  // The office allows 5 working days: the late one is on time.
  EXPECT_TRUE(
      absl::IsPermissionDenied(service_->SetInterpretationDays(editor_, 5)));
  ASSERT_TRUE((service_->SetInterpretationDays(admin_, 5)).ok());
  EXPECT_THAT(Flagged(20), ElementsAre(never));
  EXPECT_TRUE(
      absl::IsInvalidArgument(service_->SetInterpretationDays(admin_, 0)));
}

TEST_P(InterpretationServiceTest, MarkedGenresNeedOneToo) {
  SetDay(2);
  int64_t plan = Reviewed("养老服务实施方案", "方案", "");
  Publish(plan);  // not marked yet
  EXPECT_TRUE(absl::IsPermissionDenied(
      service_->SetGenreNeedsInterpretation(editor_, "方案", true)));
  EXPECT_TRUE(absl::IsInvalidArgument(
      service_->SetGenreNeedsInterpretation(admin_, "没有的体裁", true)));
  ASSERT_TRUE(
      (service_->SetGenreNeedsInterpretation(admin_, "方案", true)).ok());
  auto s_or = service_->GetInterpretationSettings();
  ASSERT_TRUE(s_or.ok()) << s_or.status();
  InterpretationSettings s = *std::move(s_or);
  EXPECT_THAT(s.genres, ElementsAre("方案"));
  EXPECT_EQ(s.late_after_days, kDefaultInterpretationDays);

  int64_t next = Reviewed("救助工作方案", "方案", "");
  auto refused = service_->Publish(admin_, next);
  ASSERT_TRUE(absl::IsInvalidArgument(refused.status()));
  EXPECT_THAT(refused.status().message(), HasSubstr("体裁为“方案”的信息"));
  InterpretationOf(next);
  Publish(next);
  // The earlier one, published before the mark, now counts as missing.
  EXPECT_THAT(Flagged(20), ElementsAre(plan, next));
}

INSTANTIATE_TEST_SUITE_P(Engines, InterpretationServiceTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::publishing
