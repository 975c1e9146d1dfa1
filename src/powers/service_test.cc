// The 公开属性 inventory on SQLite and PostgreSQL with a fake clock: a 权责清单
// imports (XLSX and CSV), a record drafted from a stage carries its
// attribute and catalog item, a decided attribute changes only with a
// reason (in the history), the coverage lists undecided stages, another
// unit's staff see nothing, the public list shows 主动公开 stages only.
#include "powers/service.h"

#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/migrate.h"
#include "core/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "publishing/service_test_fixture.h"

namespace zwgk::powers {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char kCsv[] =
    "事项编码,事项名称,事项类型,实施主体,设定依据,环节,产生的信息,公开属性,"
    "不予公开依据,目录事项,公开时限\n"
    "MZ-001,最低生活保障金给付,行政给付,县民政局,《社会救助暂行办法》,受理,"
    "受理通知书,依申请公开,third_party,,\n"
    ",,,,,审查,入户调查记录,不予公开,属于四类过程性信息,,\n"
    ",,,,,决定,低保审批结果,主动公开,,最低生活保障/审批信息,20个工作日\n"
    ",,,,,送达,低保金发放名单,,,最低生活保障/审核信息,\n"
    "MZ-002,临时救助,行政给付,县民政局,,决定,临时救助审批结果,,,审批信息,\n";

class PowersTest : public publishing::PublishingServiceTest {
 protected:
  void SetUp() override {
    publishing::PublishingServiceTest::SetUp();
    absl::StatusOr<std::vector<Migration>> m = EmbeddedMigrations("powers");
    ASSERT_TRUE(m.ok()) << m.status();
    ASSERT_TRUE(Migrate(*db_, *m).ok());
    powers_ =
        std::make_unique<Service>(*db_, clock_, *org_, *catalog_, *service_);
  }
  ImportSummary Imported(const Actor& who = Actor{}) {
    const Actor& actor = who.name.empty() ? editor_ : who;
    auto s = powers_->Import(actor, "县民政局", "权责清单.csv", kCsv);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *s : ImportSummary{};
  }
  const Stage& StageNamed(const Power& p, const std::string& stage) {
    for (const Stage& s : p.stages)
      if (s.stage == stage) return s;
    static const Stage none;
    ADD_FAILURE() << "no stage " << stage;
    return none;
  }
  Power PowerNamed(const std::string& name) {
    auto list = powers_->List(admin_, std::nullopt);
    EXPECT_TRUE(list.ok()) << list.status();
    for (const Power& p : *list)
      if (p.name == name) return p;
    ADD_FAILURE() << "no power " << name;
    return {};
  }
  std::unique_ptr<Service> powers_;
};

TEST_P(PowersTest, ImportsAPowerListWithAttributesAndCatalogItems) {
  ImportSummary s = Imported();
  EXPECT_EQ(s.powers_added, 2);
  EXPECT_EQ(s.stages_added, 5);
  EXPECT_EQ(s.attributes_set, 3);
  // "审批信息" alone names three items: not linked, and said so.
  EXPECT_THAT(s.notes, ElementsAre(HasSubstr("第6行：目录事项“审批信息”")));
  Power p = PowerNamed("最低生活保障金给付");
  EXPECT_EQ(p.code, "MZ-001");
  EXPECT_EQ(p.type, PowerType::kPayment);
  EXPECT_EQ(p.basis, "《社会救助暂行办法》");
  ASSERT_THAT(p.stages, SizeIs(4));
  EXPECT_EQ(p.stages[0].stage, "受理");
  EXPECT_EQ(p.stages[0].attribute, Attribute::kOnRequest);
  EXPECT_EQ(p.stages[0].withheld_ground, "third_party");
  EXPECT_EQ(p.stages[1].withheld_ground, "process_info");  // by its label
  const Stage& decide = StageNamed(p, "决定");
  EXPECT_EQ(decide.attribute, Attribute::kActive);
  EXPECT_EQ(decide.catalog_item, "最低生活保障/审批信息");
  EXPECT_TRUE(decide.catalog_item_id.has_value());
  EXPECT_EQ(decide.period_days, 20);
  EXPECT_EQ(decide.decided_by, "editor");
  EXPECT_EQ(StageNamed(p, "送达").attribute, Attribute::kUndecided);

  // Again: nothing added, and an attribute decided since is not overwritten.
  ASSERT_TRUE(powers_
                  ->Decide(reviewer_, StageNamed(p, "送达").id,
                           {.attribute = "主动公开"})
                  .ok());
  std::string changed = kCsv;
  changed.replace(changed.find("受理通知书,依申请公开"),
                  std::string("受理通知书,依申请公开").size(),
                  "受理通知书,主动公开");
  auto again = powers_->Import(editor_, "县民政局", "权责清单.csv", changed);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->powers_added, 0);
  EXPECT_EQ(again->powers_updated, 2);
  EXPECT_EQ(again->stages_added, 0);
  EXPECT_THAT(again->notes,
              ::testing::Contains(HasSubstr(
                  "第2行：最低生活保障金给付（受理）已认定为依申请公开")));
  EXPECT_EQ(PowerNamed("最低生活保障金给付").stages[0].attribute,
            Attribute::kOnRequest);
}

TEST_P(PowersTest, ImportsAnXlsxWorkbook) {
  const std::filesystem::path path = data_dir_ / "powers.xlsx";
  std::filesystem::create_directories(data_dir_);
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "权责清单");
  const char* header[] = {"事项名称", "事项类型", "环节", "产生的信息",
                          "公开属性"};
  for (int c = 0; c < 5; ++c)
    worksheet_write_string(ws, 0, c, header[c], nullptr);
  worksheet_merge_range(ws, 1, 0, 2, 0, "殡葬设施建设审批", nullptr);
  worksheet_merge_range(ws, 1, 1, 2, 1, "行政许可", nullptr);
  worksheet_write_string(ws, 1, 2, "受理", nullptr);
  worksheet_write_string(ws, 1, 3, "受理决定书", nullptr);
  worksheet_write_string(ws, 2, 2, "决定", nullptr);
  worksheet_write_string(ws, 2, 3, "准予许可决定", nullptr);
  worksheet_write_string(ws, 2, 4, "主动公开", nullptr);
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  auto s = powers_->Import(admin_, "县民政局", "清单.xlsx", bytes.str());
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->powers_added, 1);
  EXPECT_EQ(s->stages_added, 2);
  Power p = PowerNamed("殡葬设施建设审批");
  EXPECT_EQ(p.type, PowerType::kLicense);
  EXPECT_EQ(StageNamed(p, "决定").attribute, Attribute::kActive);
}

TEST_P(PowersTest, AFileWithErrorsNamesEachRowAndStoresNothing) {
  const std::string bad =
      "事项名称,事项类型,环节,公开属性,不予公开依据,公开时限\n"
      "甲,行政许可证,受理,,,\n"
      "乙,行政许可,决定,不予公开,,\n"
      "丙,行政许可,决定,主动公开,,及时\n";
  auto s = powers_->Import(editor_, "县民政局", "清单.csv", bad);
  ASSERT_TRUE(absl::IsInvalidArgument(s.status()));
  const std::string file = GetFieldErrors(s.status())["file"];
  EXPECT_THAT(file, HasSubstr("第2行：事项类型“行政许可证”"));
  EXPECT_THAT(file, HasSubstr("第3行：依申请公开或不予公开须写明依据"));
  EXPECT_THAT(file, HasSubstr("第4行：公开时限“及时”"));
  auto list = powers_->List(admin_, std::nullopt);
  ASSERT_TRUE(list.ok());
  EXPECT_THAT(*list, IsEmpty());
}

TEST_P(PowersTest, AnotherUnitsStaffSeeNothing) {
  Imported();
  Power p = PowerNamed("临时救助");
  EXPECT_TRUE(absl::IsNotFound(powers_->Get(other_editor_, p.id).status()));
  EXPECT_TRUE(absl::IsNotFound(
      powers_->Decide(other_editor_, p.stages[0].id, {.attribute = "主动公开"})
          .status()));
  EXPECT_TRUE(absl::IsNotFound(
      powers_->Import(other_editor_, "县民政局", "x.csv", kCsv).status()));
  EXPECT_TRUE(absl::IsNotFound(powers_->List(other_editor_, unit_).status()));
  auto own = powers_->List(other_editor_, std::nullopt);
  ASSERT_TRUE(own.ok());
  EXPECT_THAT(*own, IsEmpty());
  EXPECT_TRUE(absl::IsNotFound(powers_->Get(Actor{}, p.id).status()));
}

TEST_P(PowersTest, ChangingADecidedAttributeNeedsAReasonAndIsKept) {
  Imported();
  Power p = PowerNamed("最低生活保障金给付");
  const int64_t accept = StageNamed(p, "受理").id;
  auto no_reason =
      powers_->Decide(reviewer_, accept, {.attribute = "主动公开"});
  EXPECT_THAT(GetFieldErrors(no_reason.status())["reason"],
              HasSubstr("该环节已认定为依申请公开，变更须说明理由"));
  clock_.Advance(absl::Hours(1));
  auto changed = powers_->Decide(
      reviewer_, accept,
      {.attribute = "主动公开", .reason = "申请人信息已不含个人隐私"});
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_EQ(changed->attribute, Attribute::kActive);
  EXPECT_EQ(changed->withheld_ground, "");
  auto view = powers_->Get(editor_, p.id);
  ASSERT_TRUE(view.ok());
  ASSERT_FALSE(view->changes.empty());
  const Change& last = view->changes.front();
  EXPECT_EQ(last.stage_id, accept);
  EXPECT_EQ(last.from, Attribute::kOnRequest);
  EXPECT_EQ(last.to, Attribute::kActive);
  EXPECT_EQ(last.from_ground, "third_party");
  EXPECT_EQ(last.reason, "申请人信息已不含个人隐私");
  EXPECT_EQ(last.by, "reviewer");
  // A bad ground or item is named on its field.
  EXPECT_THAT(GetFieldErrors(powers_
                                 ->Decide(reviewer_, accept,
                                          {.attribute = "不予公开",
                                           .ground = "不方便",
                                           .reason = "x"})
                                 .status())["ground"],
              HasSubstr("不是条例第十四至十六条的情形"));
  EXPECT_THAT(GetFieldErrors(powers_
                                 ->Decide(reviewer_, accept,
                                          {.attribute = "主动公开",
                                           .catalog_item = "没有这个/事项"})
                                 .status())["catalog_item"],
              HasSubstr("已发布的目录中没有“没有这个/事项”"));
}

TEST_P(PowersTest, ARecordDraftedFromAStageCarriesItsAttributeAndItem) {
  Imported();
  Power p = PowerNamed("最低生活保障金给付");
  const Stage& decide = StageNamed(p, "决定");
  auto r = powers_->DraftRecord(
      editor_, decide.id,
      {.topic = "民政、扶贫、救灾/社会福利", .genre = "公示"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->title, "最低生活保障金给付低保审批结果");
  EXPECT_EQ(r->unit_id, unit_);
  EXPECT_EQ(r->catalog_item_id, decide.catalog_item_id);
  EXPECT_EQ(r->item_level1, "最低生活保障");
  EXPECT_EQ(r->item_level2, "审批信息");
  EXPECT_EQ(r->disclosure, publishing::Disclosure::kActive);
  EXPECT_EQ(r->formed_on, "2026-03-02");
  EXPECT_FALSE(r->publish_by.empty());
  EXPECT_THAT(r->body_html, HasSubstr("<p>设定依据：《社会救助暂行办法》</p>"));
  // 依申请公开 with its ground.
  auto on_request = powers_->DraftRecord(
      editor_, StageNamed(p, "受理").id,
      {.title = "受理通知书", .topic = "民政、扶贫、救灾", .genre = "公示"});
  ASSERT_TRUE(on_request.ok()) << on_request.status();
  EXPECT_EQ(on_request->disclosure, publishing::Disclosure::kOnRequest);
  EXPECT_EQ(on_request->withheld_ground, "third_party");
  // Linked on the power's page.
  auto view = powers_->Get(editor_, p.id);
  ASSERT_TRUE(view.ok());
  EXPECT_THAT(view->records, SizeIs(2));
  // An undecided stage drafts nothing.
  EXPECT_TRUE(absl::IsFailedPrecondition(
      powers_
          ->DraftRecord(editor_, StageNamed(p, "送达").id,
                        {.topic = "民政、扶贫、救灾", .genre = "公示"})
          .status()));
}

TEST_P(PowersTest, CoverageListsUndecidedStagesAndThePublicListOnlyActive) {
  Imported();
  auto coverage = powers_->GetCoverage(admin_);
  ASSERT_TRUE(coverage.ok()) << coverage.status();
  ASSERT_THAT(*coverage, SizeIs(1));
  EXPECT_EQ((*coverage)[0].unit_name, "县民政局");
  EXPECT_EQ((*coverage)[0].stages, 5);
  EXPECT_EQ((*coverage)[0].undecided, 2);
  EXPECT_EQ((*coverage)[0].powers_without_item, 1);  // 临时救助
  auto pub = powers_->PublicList(unit_);
  ASSERT_TRUE(pub.ok()) << pub.status();
  ASSERT_THAT(*pub, SizeIs(1));
  ASSERT_THAT((*pub)[0].stages, SizeIs(1));
  EXPECT_EQ((*pub)[0].stages[0].info, "低保审批结果");
  EXPECT_EQ((*pub)[0].stages[0].decided_by, "");
}

// One 决定 stage per type, decided 主动公开, for the 年报 counts.
constexpr char kEnforcementCsv[] =
    "事项名称,事项类型,环节,产生的信息,公开属性\n"
    "殡葬设施建设审批,行政许可,决定,准予许可决定书,主动公开\n"
    "违法占地处罚,行政处罚,决定,行政处罚决定书,主动公开\n"
    "查封扣押,行政强制,决定,查封决定书,主动公开\n"
    "低保金给付,行政给付,决定,给付决定,主动公开\n";

class PowersRecordTest : public PowersTest {
 protected:
  int64_t Draft(int64_t stage_id) {
    auto r = powers_->DraftRecord(
        editor_, stage_id, {.topic = "民政、扶贫、救灾", .genre = "公示"});
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->id : 0;
  }
  int64_t DraftAndPublish(int64_t stage_id) {
    const int64_t id = Draft(stage_id);
    EXPECT_TRUE(service_->Submit(editor_, id).ok());
    EXPECT_TRUE(service_->Review(reviewer_, id, {.outcome = "approved"}).ok());
    auto p = service_->Publish(reviewer_, id);
    EXPECT_TRUE(p.ok()) << p.status();
    return id;
  }
  int64_t StageOf(const std::string& power) {
    return PowerNamed(power).stages.at(0).id;
  }
  int64_t Count(const std::string& sql) {
    return db_
        ->InTransaction<int64_t>([&](db::Tx& tx) -> absl::StatusOr<int64_t> {
          ZWGK_ASSIGN_OR_RETURN(db::Row row, tx.QueryOne(sql, {}, "count"));
          return row.Int(0);
        })
        .value_or(-1);
  }
};

TEST_P(PowersRecordTest, ARecordsAttributeChangesWithAReasonIntoTheHistory) {
  Imported();
  Power p = PowerNamed("最低生活保障金给付");
  const Stage& decide = StageNamed(p, "决定");
  const int64_t id = Draft(decide.id);
  clock_.Advance(absl::Hours(2));  // 12:00 in Beijing
  // A reason is required; a ground when not 主动公开.
  EXPECT_THAT(
      GetFieldErrors(powers_
                         ->ChangeRecordAttribute(reviewer_, id,
                                                 {.attribute = "不予公开",
                                                  .ground = "process_info"})
                         .status())["reason"],
      HasSubstr("须说明理由"));
  EXPECT_THAT(
      GetFieldErrors(powers_
                         ->ChangeRecordAttribute(
                             reviewer_, id,
                             {.attribute = "不予公开", .reason = "内部意见"})
                         .status())["ground"],
      HasSubstr("须写明依据"));
  // Another unit's staff, and a record not drafted from a stage: 404.
  EXPECT_TRUE(
      absl::IsNotFound(powers_
                           ->ChangeRecordAttribute(other_editor_, id,
                                                   {.attribute = "不予公开",
                                                    .ground = "process_info",
                                                    .reason = "内部意见"})
                           .status()));
  auto plain = service_->Create(editor_, {.title = "工作动态",
                                          .unit = "县民政局",
                                          .formed_on = "2026-03-02",
                                          .topic = "民政、扶贫、救灾",
                                          .genre = "公示",
                                          .body_html = "<p>正文</p>"});
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_TRUE(
      absl::IsNotFound(powers_
                           ->ChangeRecordAttribute(editor_, plain->id,
                                                   {.attribute = "依申请公开",
                                                    .ground = "third_party",
                                                    .reason = "涉及第三方"})
                           .status()));

  auto changed = powers_->ChangeRecordAttribute(reviewer_, id,
                                                {.attribute = "不予公开",
                                                 .ground = "属于四类过程性信息",
                                                 .reason = "含内部研究意见"});
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_EQ(changed->disclosure, publishing::Disclosure::kWithheld);
  EXPECT_EQ(changed->withheld_ground, "process_info");
  EXPECT_EQ(changed->status, publishing::Status::kDraft);
  // The stage's own attribute stays; the record's change is in its history.
  auto view = powers_->Get(editor_, p.id);
  ASSERT_TRUE(view.ok()) << view.status();
  EXPECT_EQ(StageNamed(view->power, "决定").attribute, Attribute::kActive);
  ASSERT_FALSE(view->changes.empty());
  const Change& last = view->changes.front();
  EXPECT_EQ(last.stage_id, decide.id);
  EXPECT_EQ(last.record_id, id);
  EXPECT_EQ(last.from, Attribute::kActive);
  EXPECT_EQ(last.to, Attribute::kWithheld);
  EXPECT_EQ(last.from_ground, "");
  EXPECT_EQ(last.to_ground, "process_info");
  EXPECT_EQ(last.reason, "含内部研究意见");
  EXPECT_EQ(last.by, "reviewer");
  EXPECT_EQ(LocalMinute(last.at), "2026-03-02 12:00");
  ASSERT_THAT(view->records, SizeIs(1));
  EXPECT_EQ(view->records[0].title, "最低生活保障金给付低保审批结果");
  EXPECT_EQ(view->records[0].disclosure, publishing::Disclosure::kWithheld);
  // Audited by both modules.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = "
                  "'powers.record_attribute'"),
            1);
  EXPECT_EQ(
      Count(
          "SELECT COUNT(*) FROM audit_log WHERE action = 'record.disclosure'"),
      1);
  // The same attribute again changes nothing.
  EXPECT_THAT(
      GetFieldErrors(powers_
                         ->ChangeRecordAttribute(editor_, id,
                                                 {.attribute = "不予公开",
                                                  .ground = "process_info",
                                                  .reason = "再次"})
                         .status())["attribute"],
      HasSubstr("与现在相同"));
  // A published record is withdrawn first (publishing's rule).
  const int64_t published = DraftAndPublish(decide.id);
  EXPECT_TRUE(absl::IsFailedPrecondition(
      powers_
          ->ChangeRecordAttribute(editor_, published,
                                  {.attribute = "依申请公开",
                                   .ground = "third_party",
                                   .reason = "涉及第三方"})
          .status()));
}

TEST_P(PowersRecordTest, AFailedLinkLeavesNoRecord) {
  Imported();
  const int64_t stage = StageNamed(PowerNamed("最低生活保障金给付"), "决定").id;
  const int64_t before = Count("SELECT COUNT(*) FROM pub_records");
  // The stage removed between the read and publishing's write is what a
  // failing link looks like; here the link's key is taken for every id the
  // new record could get.
  ASSERT_TRUE(db_->Transaction([&](db::Tx& tx) -> absl::Status {
                   for (int64_t id = 1; id <= 200; ++id)
                     ZWGK_RETURN_IF_ERROR(
                         tx.Exec("INSERT INTO pw_stage_records (stage_id, "
                                 "record_id) VALUES (?, ?)",
                                 {stage, id})
                             .status());
                   return absl::OkStatus();
                 })
                  .ok());
  auto r = powers_->DraftRecord(editor_, stage,
                                {.topic = "民政、扶贫、救灾", .genre = "公示"});
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pub_records"), before);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = "
                  "'record.create'"),
            0);
}

TEST_P(PowersRecordTest, Table2CountsRecordsPublishedInTheYearInBeijingTime) {
  // 23:30 on 31 December 2025 in Beijing.
  clock_.Set(StartOfDay(absl::CivilDay(2025, 12, 31)) + absl::Hours(23) +
             absl::Minutes(30));
  ASSERT_TRUE(
      powers_->Import(editor_, "县民政局", "清单.csv", kEnforcementCsv).ok());
  DraftAndPublish(StageOf("殡葬设施建设审批"));
  DraftAndPublish(StageOf("低保金给付"));  // not a Table 二 type
  // 00:30 on 1 January 2026 in Beijing — still 31 December in UTC.
  clock_.Advance(absl::Hours(1));
  ASSERT_THAT(FormatTimestamp(clock_.Now()),
              ::testing::StartsWith("2025-12-31"));
  DraftAndPublish(StageOf("殡葬设施建设审批"));
  DraftAndPublish(StageOf("违法占地处罚"));
  const int64_t withdrawn = DraftAndPublish(StageOf("查封扣押"));
  ASSERT_TRUE(service_->Unpublish(reviewer_, withdrawn, "发布有误").ok());
  Draft(StageOf("殡葬设施建设审批"));  // never published

  auto y2025 = powers_->Table2Counts(unit_, 2025);
  ASSERT_TRUE(y2025.ok()) << y2025.status();
  EXPECT_EQ(y2025->licensing, 1);
  EXPECT_EQ(y2025->penalty, 0);
  EXPECT_EQ(y2025->coercion, 0);
  auto y2026 = powers_->Table2Counts(unit_, 2026);
  ASSERT_TRUE(y2026.ok()) << y2026.status();
  EXPECT_EQ(y2026->licensing, 1);
  EXPECT_EQ(y2026->penalty, 1);
  EXPECT_EQ(y2026->coercion, 0);
  auto other = powers_->Table2Counts(other_unit_, 2026);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->licensing + other->penalty + other->coercion, 0);
  EXPECT_TRUE(
      absl::IsInvalidArgument(powers_->Table2Counts(unit_, 2027).status()));
}

INSTANTIATE_TEST_SUITE_P(Engines, PowersRecordTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

INSTANTIATE_TEST_SUITE_P(Engines, PowersTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::powers
