// 公文类别 through the service, and the figures other modules read from
// publishing — Table 二 (年报) and the compliance figures (supervision) — on
// SQLite and PostgreSQL with a fake clock, against hand-counted figures.
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

class DocClassServiceTest : public PublishingServiceTest {
 protected:
  void SetDay(int y, int m, int d) { clock_.Set(At(y, m, d)); }

  RecordInput Input(std::string title, std::string formed_on,
                    std::string doc_class = "", std::string unit = "县民政局") {
    return {.title = std::move(title),
            .unit = std::move(unit),
            .formed_on = std::move(formed_on),
            .topic = "民政、扶贫、救灾",
            .genre = "通知",
            .doc_class = std::move(doc_class),
            .body_html = "<p>正文。</p>"};
  }

  Record Draft(const RecordInput& in) {
    auto r = service_->Create(admin_, in);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : Record{};
  }
  // Draft → submitted → reviewed → published, today.
  Record Publish(const RecordInput& in) {
    Record r = Draft(in);
    return PublishExisting(r.id);
  }
  Record PublishExisting(int64_t id) {
    EXPECT_TRUE(service_->Submit(admin_, id).ok());
    EXPECT_TRUE(service_->Review(admin_, id, {"approved", ""}).ok());
    // 规范性文件 here go out without a 解读 (政策解读 三同步 has its own
    // tests), with the reviewer's reason.
    auto p = service_->Publish(admin_, id,
                               {.interpretation_waiver = "本文件不作解读"});
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? *p : Record{};
  }
};

TEST_P(DocClassServiceTest, DefaultsToOtherAndKeepsNormativeFields) {
  Record plain = Draft(Input("普通通知", "2026-02-10"));
  EXPECT_EQ(plain.doc_class, DocClass::kOther);
  RecordInput in =
      Input("关于规范村级财务管理的通知", "2026-02-10", "行政规范性文件");
  in.registration_number = " JYXG-2026-00001 ";
  in.valid_until = "2031-06-30";
  auto r = service_->Create(editor_, in);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->doc_class, DocClass::kNormative);
  EXPECT_EQ(r->registration_number, "JYXG-2026-00001");
  EXPECT_EQ(r->valid_until, "2031-06-30");
  auto again = service_->Get(r->id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->doc_class, DocClass::kNormative);
  EXPECT_EQ(again->registration_number, "JYXG-2026-00001");

  in = Input("县政府规章", "2026-02-10", "regulation");
  in.valid_until = "长期";
  auto reg = service_->Create(editor_, in);
  ASSERT_TRUE(reg.ok()) << reg.status();
  EXPECT_EQ(reg->doc_class, DocClass::kRegulation);
  EXPECT_EQ(reg->valid_until, "长期");

  // The audit entry of the creation carries the class.
  auto log = audit::List(*db_, {.entity = "record", .action = "record.create"});
  ASSERT_TRUE(log.ok());
  ASSERT_FALSE(log->empty());
  EXPECT_THAT(log->front().after_json, HasSubstr("规章"));
  EXPECT_THAT(log->at(1).after_json, HasSubstr("JYXG-2026-00001"));
}

TEST_P(DocClassServiceTest, RejectsFieldsThatDoNotApply) {
  struct Bad {
    std::string doc_class, registration_number, valid_until, field;
  };
  const Bad cases[] = {
      {"公告", "", "", "doc_class"},
      {"其他", "JYXG-1", "", "registration_number"},
      {"规章", "JYXG-1", "", "registration_number"},
      {"行政规范性文件", std::string(61, 'X'), "", "registration_number"},
      {"其他", "", "2030-01-01", "valid_until"},
      {"行政规范性文件", "", "2030-02-30", "valid_until"},
      {"行政规范性文件", "", "五年", "valid_until"},
      {"行政规范性文件", "", "2026-01-01", "valid_until"},  // before 成文日期
  };
  for (const Bad& b : cases) {
    RecordInput in = Input("标题", "2026-02-10", b.doc_class);
    in.registration_number = b.registration_number;
    in.valid_until = b.valid_until;
    auto r = service_->Create(editor_, in);
    ASSERT_FALSE(r.ok()) << b.field;
    EXPECT_TRUE(absl::IsInvalidArgument(r.status()));
    FieldErrors errors = GetFieldErrors(r.status());
    EXPECT_EQ(errors.count(b.field), 1u)
        << b.doc_class << "/" << b.registration_number << "/" << b.valid_until;
  }
}

TEST_P(DocClassServiceTest, ChangeOfClassWaitsForPublication) {
  SetDay(2026, 2, 2);
  Record r = Publish(Input("县民政局办法", "2026-02-02", "行政规范性文件"));
  ASSERT_EQ(r.doc_class, DocClass::kNormative);
  SetDay(2026, 2, 9);
  RecordInput change = Input("县民政局办法", "2026-02-02", "其他");
  auto pending = service_->Update(editor_, r.id, change);
  ASSERT_TRUE(pending.ok()) << pending.status();
  EXPECT_EQ(pending->doc_class, DocClass::kNormative);  // the public version
  ASSERT_TRUE(pending->pending_change);
  EXPECT_EQ(pending->pending_change->doc_class, "其他");
  Record published = PublishExisting(r.id);
  EXPECT_EQ(published.doc_class, DocClass::kOther);
}

// A year of 规范性文件 and 规章 across 2025 and 2026, counted by hand.
TEST_P(DocClassServiceTest, Table2CountsFromRecords) {
  SetDay(2025, 3, 3);
  RecordInput n1 = Input("N1 长期", "2025-03-03", "行政规范性文件");
  n1.valid_until = "长期";
  Record rn1 = Publish(n1);
  Record r1 = Publish(Input("R1 规章", "2025-03-03", "规章"));
  Publish(Input("O1 其他", "2025-03-03"));
  SetDay(2025, 6, 2);
  RecordInput n2 = Input("N2 至年底", "2025-06-02", "行政规范性文件");
  n2.valid_until = "2025-12-31";
  Publish(n2);
  Record n3 = Publish(Input("N3", "2025-06-02", "行政规范性文件"));
  SetDay(2025, 9, 1);
  ASSERT_TRUE(service_->SetValidity(admin_, r1.id, {"repealed", ""}).ok());
  SetDay(2025, 10, 9);
  Record n4 = Publish(Input("N4 撤回", "2025-10-09", "行政规范性文件"));
  ASSERT_TRUE(service_->Unpublish(admin_, n4.id, "发布有误").ok());
  // Another unit's 规范性文件.
  Publish(Input("N6 教育局", "2025-10-09", "行政规范性文件", "县教育局"));
  SetDay(2025, 11, 3);
  // Pending changes count only once published: O2 → 规范性文件, N1 → 其他.
  Record o2 = Publish(Input("O2 其他", "2025-11-03"));
  ASSERT_TRUE(service_
                  ->Update(admin_, o2.id,
                           Input("O2 其他", "2025-11-03", "行政规范性文件"))
                  .ok());
  ASSERT_TRUE(
      service_->Update(admin_, rn1.id, Input("N1 长期", "2025-03-03", "其他"))
          .ok());
  SetDay(2026, 2, 2);
  Publish(Input("N5", "2026-02-02", "行政规范性文件"));
  ASSERT_TRUE(service_->SetValidity(admin_, n3.id, {"expired", ""}).ok());
  SetDay(2026, 3, 2);

  // 2025, 民政局: issued N1-N4; in force at 2025-12-31: N1, N2 (last day),
  // N3 (失效 only in 2026), not N4 (withdrawn). 规章 R1 issued and repealed.
  auto y2025 = service_->Table2Counts(2025, unit_);
  ASSERT_TRUE(y2025.ok()) << y2025.status();
  EXPECT_EQ(y2025->as_of, "2025-12-31");
  EXPECT_EQ(y2025->normative, (DocClassFigures{4, 0, 3}));
  EXPECT_EQ(y2025->regulation, (DocClassFigures{1, 1, 0}));
  // All units: N6 of 教育局 too.
  auto county = service_->Table2Counts(2025, std::nullopt);
  ASSERT_TRUE(county.ok());
  EXPECT_EQ(county->normative, (DocClassFigures{5, 0, 4}));
  // 2026 at today: issued N5; N3 marked 失效; in force N1, N5.
  auto y2026 = db_->InTransaction<Table2Records>(
      [&](db::Tx& tx) { return service_->Table2Counts(tx, 2026, unit_); });
  ASSERT_TRUE(y2026.ok()) << y2026.status();
  EXPECT_EQ(y2026->as_of, "2026-03-02");
  EXPECT_EQ(y2026->normative, (DocClassFigures{1, 1, 2}));
  EXPECT_EQ(y2026->regulation, (DocClassFigures{0, 0, 0}));

  EXPECT_TRUE(
      absl::IsInvalidArgument(service_->Table2Counts(2027, unit_).status()));
  EXPECT_TRUE(
      absl::IsInvalidArgument(service_->Table2Counts(1999, unit_).status()));
}

const UnitCompliance* Find(const PublishingCompliance& c, int64_t unit) {
  for (const UnitCompliance& u : c.units)
    if (u.unit_id == unit) return &u;
  return nullptr;
}

TEST_P(DocClassServiceTest, ComplianceFigures) {
  // Default period: 20 working days from 成文日期.
  SetDay(2026, 1, 5);
  Record late = Draft(Input("L 逾期发布", "2026-01-05"));
  Record d1 = Draft(Input("D1 逾期未发布", "2026-01-05"));
  Draft(Input("E1 教育局逾期", "2026-01-05", "", "县教育局"));
  SetDay(2026, 1, 15);
  Record j = Publish(Input("J 一月发布", "2026-01-12"));
  SetDay(2026, 2, 5);
  Publish(Input("F1 二月发布", "2026-02-02"));
  Publish(Input("F2 二月发布", "2026-02-02"));
  Record w = Publish(Input("W 撤回", "2026-02-02"));
  ASSERT_TRUE(service_->Unpublish(admin_, w.id, "发布有误").ok());
  RecordInput change = Input("J 一月发布（修订）", "2026-01-12");
  change.changed_on = "2026-01-20";
  auto pending = service_->Update(admin_, j.id, change);
  ASSERT_TRUE(pending.ok()) << pending.status();
  SetDay(2026, 3, 2);
  Record soon = Draft(Input("S 临近", "2026-01-30"));
  Draft(Input("R 未到期", "2026-02-27"));
  Record published_late = PublishExisting(late.id);
  ASSERT_TRUE(published_late.days_late);

  // 20 working days (春节 2026 off); S is due 3 working days after 03-02.
  EXPECT_EQ(late.publish_by, "2026-02-02");
  EXPECT_EQ(d1.publish_by, "2026-02-02");
  EXPECT_EQ(pending->publish_by, "2026-02-24");
  EXPECT_EQ(soon.publish_by, "2026-03-05");

  auto today = service_->Compliance(absl::CivilDay(2026, 3, 2), std::nullopt);
  ASSERT_TRUE(today.ok()) << today.status();
  EXPECT_EQ(today->as_of, "2026-03-02");
  EXPECT_EQ(today->year, 2026);
  const UnitCompliance* mz = Find(*today, unit_);
  ASSERT_NE(mz, nullptr);
  EXPECT_EQ(mz->unit_name, "县民政局");
  EXPECT_EQ(mz->overdue, 2);         // D1 and J's change
  EXPECT_EQ(mz->due_soon, 1);        // S
  EXPECT_EQ(mz->published_late, 1);  // L
  EXPECT_THAT(mz->per_month, ElementsAre(1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0));
  const UnitCompliance* jy = Find(*today, other_unit_);
  ASSERT_NE(jy, nullptr);
  EXPECT_EQ(jy->overdue, 1);
  EXPECT_EQ(jy->due_soon, 0);
  EXPECT_EQ(jy->published_late, 0);

  // One unit only, as it stood on 10 February.
  auto feb = service_->Compliance(absl::CivilDay(2026, 2, 10), unit_);
  ASSERT_TRUE(feb.ok()) << feb.status();
  ASSERT_EQ(feb->units.size(), 1u);
  const UnitCompliance& f = feb->units[0];
  EXPECT_EQ(f.unit_id, unit_);
  EXPECT_EQ(f.overdue, 2);  // L (published only in March) and D1
  EXPECT_EQ(f.published_late, 0);
  EXPECT_THAT(f.per_month, ElementsAre(1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));

  EXPECT_TRUE(absl::IsNotFound(
      service_->Compliance(absl::CivilDay(2026, 3, 2), 99999).status()));
}

INSTANTIATE_TEST_SUITE_P(Engines, DocClassServiceTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::publishing
