// The 年报 service on SQLite and PostgreSQL: every Table 三 cell of a year
// of applications against hand-counted figures (every reply type and
// ground, received in one year and answered in the next, 补正 and 逾期未补正,
// 逾期未缴费, withdrawn), the county adding up its units, entered figures
// with their source and CSV import, the workflow draft → submitted →
// reviewed → published as a 年报 record, frozen figures, corrections as new
// versions, who sees what, copied texts, deadlines, and tampered tables.
#include "reports/service.h"

#include <filesystem>
#include <map>
#include <string>
#include <variant>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::reports {
namespace {

using ::testing::HasSubstr;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }
std::string S(absl::CivilDay d) { return FormatDate(d); }

class ReportsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase(
        GetParam(), {"core", "org", "calendar", "catalog", "publishing",
                     "applications", "reports"});
    ASSERT_NE(db_, nullptr);
    org_ = std::make_unique<org::Service>(*db_, clock_);
    ASSERT_TRUE(org_->Seed().ok());
    cal_ = std::make_unique<calendar::Service>(*db_, clock_);
    ASSERT_TRUE(cal_->Seed().ok());
    catalog_ = std::make_unique<catalog::Service>(*db_, clock_, *org_);
    ASSERT_TRUE(catalog_->Seed().ok());
    data_dir_ = std::filesystem::temp_directory_path() /
                absl::StrCat("zwgk-reports-", ::getpid(), "-", ++counter_);
    publishing_ = std::make_unique<publishing::Service>(
        *db_, clock_, *org_, *catalog_, *cal_,
        publishing::ServiceOptions{.data_dir = data_dir_.string()});
    ASSERT_TRUE(publishing_->Seed().ok());
    apps_ = std::make_unique<applications::Service>(*db_, clock_, *org_, *cal_);
    service_ =
        std::make_unique<Service>(*db_, clock_, *org_, *apps_, *publishing_);
    unit_ = org_->ResolveUnit("县民政局")->id;
    other_unit_ = org_->ResolveUnit("县教育局")->id;
    editor_ = {.user_id = 2,
               .name = "民政编辑",
               .role = Role::kUnitEditor,
               .unit_id = unit_};
    outsider_ = {.user_id = 3,
                 .name = "教育编辑",
                 .role = Role::kUnitEditor,
                 .unit_id = other_unit_};
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }

  // Entered by the county office, received on `day`.
  int64_t Enter(absl::CivilDay day, int column = 0,
                const std::string& unit = "县民政局") {
    static const char* kCategories[] = {
        "",     "commercial", "research", "public_interest", "legal_service",
        "other"};
    applications::ApplicationInput in{
        .applicant_type = "natural_person",
        .name = "张三",
        .id_type = "resident_id",
        .id_number = "421221199003071238",
        .phone = "13812345678",
        .address = "嘉鱼县鱼岳镇人民大道1号",
        .email = "zhangsan@example.com",
        .unit = unit,
        .description = "2025年度城乡低保资金发放情况",
        .delivery_form = "email",
        .channel = "in_person",
        .received_on = S(day)};
    if (column > 0) {
      in.applicant_type = "organization";
      in.name = absl::StrCat("申请单位", column);
      in.category = kCategories[column];
      in.credit_code = "91350100M000100Y43";
      in.legal_representative = "法人";
      in.contact = "联系人";
    }
    auto s = apps_->Enter(admin_, in);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? s->id : 0;
  }
  void Act(int64_t id, applications::Action a, applications::ActionInput in) {
    auto d = apps_->Act(admin_, id, a, in);
    EXPECT_TRUE(d.ok()) << applications::ActionName(a) << " " << in.on << " "
                        << in.type << in.ground << ": " << d.status();
  }
  void Reply(int64_t id, absl::CivilDay on, const std::string& type,
             const std::string& ground = "") {
    Act(id, applications::Action::kReply,
        {.on = S(on), .type = type, .ground = ground, .text = "答复"});
  }

  // The year of applications of the Done-when test (see the table there).
  void BuildYear() {
    using applications::Action;
    const absl::CivilDay in25 = D(2025, 3, 3), out25 = D(2025, 3, 10);
    Reply(Enter(in25), out25, "disclosed");            // 三.一
    Reply(Enter(in25, 1), out25, "already_public");    // 三.一 商业企业
    Reply(Enter(in25), out25, "partial");              // 三.二
    Reply(Enter(in25, 2), out25, "", "state_secret");  // 三.三.1 科研机构
    for (const char* g : {"law_prohibited", "security_stability", "third_party",
                          "internal_affairs", "process_info",
                          "enforcement_file", "administrative_query"})
      Reply(Enter(in25), out25, "", g);               // 三.三.2 … 三.三.8
    Reply(Enter(in25), out25, "", "not_held");        // 三.四.1
    Reply(Enter(in25), out25, "", "needs_creation");  // 三.四.2
    {  // 三.四.3: still unclear after 补正.
      int64_t id = Enter(in25);
      Act(id, Action::kRequestCorrection,
          {.on = "2025-03-04",
           .deadline = "2025-03-18",
           .items = "请说明年份"});
      Act(id, Action::kCorrectionReceived, {.on = "2025-03-10"});
      Reply(id, D(2025, 3, 20), "", "unclear_after_correction");
    }
    Reply(Enter(in25), out25, "", "petition");     // 三.五.1
    Reply(Enter(in25, 4), out25, "", "repeated");  // 三.五.2 法律服务机构
    Reply(Enter(in25), out25, "", "publication");   // 三.五.3
    Reply(Enter(in25), out25, "", "excessive");     // 三.五.4
    Reply(Enter(in25), out25, "", "confirmation");  // 三.五.5
    {  // 三.六.1: 逾期未补正.
      int64_t id = Enter(in25);
      Act(id, Action::kRequestCorrection,
          {.on = "2025-03-04",
           .deadline = "2025-03-18",
           .items = "请说明年份"});
      Act(id, Action::kCorrectionLapsed, {.on = "2025-03-25"});
    }
    {  // 三.六.2: 逾期未缴费 (社会公益组织).
      int64_t id = Enter(in25, 3);
      Act(id, Action::kFeeNotice,
          {.on = "2025-03-04", .fee_mode = "per_page", .pages = "120"});
      Act(id, Action::kFeeLapsed, {.on = "2025-06-03"});
    }
    Act(Enter(in25), Action::kWithdraw,
        {.on = "2025-03-05", .reason = "申请人撤回"});  // 三.六.3
    Reply(Enter(in25, 5), out25, "not_this_agency");    // 三.四.1 其他
    Reply(Enter(in25), out25, "special_statute");       // 三.六.3
    // Received in 2024, answered in 2025: 二, and a result in 2025.
    Reply(Enter(D(2024, 12, 20)), D(2025, 1, 10), "disclosed");
    {
      int64_t id = Enter(D(2024, 12, 23), 1);
      Act(id, Action::kRequestCorrection,
          {.on = "2024-12-24",
           .deadline = "2025-01-06",
           .items = "请说明范围"});
      Act(id, Action::kCorrectionLapsed, {.on = "2025-01-08"});
    }
    // Received and answered in 2024: not in 2025 at all.
    Reply(Enter(D(2024, 11, 4)), D(2024, 11, 20), "disclosed");
    // Received in 2025, answered in 2026 or still open: 一 and 四.
    Reply(Enter(D(2025, 12, 22)), D(2026, 1, 8), "disclosed");
    Enter(D(2025, 12, 29), 2);
    // Received in 2026: not in 2025.
    Enter(D(2026, 1, 5));
    // Another unit's: only in the county's report.
    Reply(Enter(in25, 0, "县教育局"), out25, "disclosed");
  }

  FakeClock clock_{StartOfDay(D(2026, 3, 31)) + absl::Hours(10)};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<org::Service> org_;
  std::unique_ptr<calendar::Service> cal_;
  std::unique_ptr<catalog::Service> catalog_;
  std::unique_ptr<publishing::Service> publishing_;
  std::unique_ptr<applications::Service> apps_;
  std::unique_ptr<Service> service_;
  std::filesystem::path data_dir_;
  static inline int counter_ = 0;
  int64_t unit_ = 0, other_unit_ = 0;
  Actor admin_{.user_id = 1, .name = "管理员", .role = Role::kAdmin};
  Actor editor_, outsider_;
};

TEST_P(ReportsTest, Table3EveryCellMatchesTheHandCount) {
  BuildYear();
  // Hand-counted from BuildYear: columns 自然人, 商业企业, 科研机构,
  // 社会公益组织, 法律服务机构, 其他, 总计.
  const std::map<std::string, Counts> unit_expected = {
      {"一", {20, 1, 2, 1, 1, 1, 26}},    {"二", {1, 1, 0, 0, 0, 0, 2}},
      {"三.一", {2, 1, 0, 0, 0, 0, 3}},   {"三.二", {1, 0, 0, 0, 0, 0, 1}},
      {"三.三.1", {0, 0, 1, 0, 0, 0, 1}}, {"三.三.2", {1, 0, 0, 0, 0, 0, 1}},
      {"三.三.3", {1, 0, 0, 0, 0, 0, 1}}, {"三.三.4", {1, 0, 0, 0, 0, 0, 1}},
      {"三.三.5", {1, 0, 0, 0, 0, 0, 1}}, {"三.三.6", {1, 0, 0, 0, 0, 0, 1}},
      {"三.三.7", {1, 0, 0, 0, 0, 0, 1}}, {"三.三.8", {1, 0, 0, 0, 0, 0, 1}},
      {"三.四.1", {1, 0, 0, 0, 0, 1, 2}}, {"三.四.2", {1, 0, 0, 0, 0, 0, 1}},
      {"三.四.3", {1, 0, 0, 0, 0, 0, 1}}, {"三.五.1", {1, 0, 0, 0, 0, 0, 1}},
      {"三.五.2", {0, 0, 0, 0, 1, 0, 1}}, {"三.五.3", {1, 0, 0, 0, 0, 0, 1}},
      {"三.五.4", {1, 0, 0, 0, 0, 0, 1}}, {"三.五.5", {1, 0, 0, 0, 0, 0, 1}},
      {"三.六.1", {1, 1, 0, 0, 0, 0, 2}}, {"三.六.2", {0, 0, 0, 1, 0, 0, 1}},
      {"三.六.3", {2, 0, 0, 0, 0, 0, 2}}, {"三.七", {20, 2, 1, 1, 1, 1, 26}},
      {"四", {1, 0, 1, 0, 0, 0, 2}}};
  ASSERT_EQ(unit_expected.size(), static_cast<size_t>(kTable3Rows));
  auto unit = service_->Generate(editor_, {.year = 2025, .unit_id = unit_});
  ASSERT_TRUE(unit.ok()) << unit.status();
  for (const auto& [code, counts] : unit_expected)
    EXPECT_EQ(unit->figures.table3.cells[*RowIndex(code)], counts) << code;
  EXPECT_TRUE(AllPass(unit->checks));
  // The API shape carries the same cells under the national row codes.
  nlohmann::json api = service_->ApiJson(*unit);
  EXPECT_EQ(api["table3"]["三.六.2"], nlohmann::json({0, 0, 0, 1, 0, 0, 1}));
  EXPECT_EQ(api["table3"].size(), 25u);

  // The county government: the 教育局 application adds to 一, 三.一, 三.七.
  std::map<std::string, Counts> county_expected = unit_expected;
  county_expected["一"] = {21, 1, 2, 1, 1, 1, 27};
  county_expected["三.一"] = {3, 1, 0, 0, 0, 0, 4};
  county_expected["三.七"] = {21, 2, 1, 1, 1, 1, 27};
  auto county = service_->Generate(admin_, {.year = 2025});
  ASSERT_TRUE(county.ok()) << county.status();
  for (const auto& [code, counts] : county_expected)
    EXPECT_EQ(county->figures.table3.cells[*RowIndex(code)], counts) << code;
  EXPECT_TRUE(AllPass(county->checks));
  EXPECT_THAT(county->report.texts[0],
              HasSubstr("收到政府信息公开申请27件（上年"));
}

TEST_P(ReportsTest, Table2DocumentsAreCountedFromRecords) {
  // A 行政规范性文件 published in 2025 and repealed in 2026, a 规章 of 2024
  // repealed in 2025, and another unit's 规范性文件.
  auto publish = [&](absl::CivilDay day, const std::string& title,
                     const std::string& doc_class, const std::string& unit) {
    clock_.Set(StartOfDay(day) + absl::Hours(10));
    auto r = publishing_->Create(admin_, {.title = title,
                                          .unit = unit,
                                          .formed_on = S(day),
                                          .topic = "民政、扶贫、救灾",
                                          .genre = "通知",
                                          .doc_class = doc_class,
                                          .body_html = "<p>正文。</p>"});
    EXPECT_TRUE(r.ok()) << r.status();
    EXPECT_TRUE(publishing_->Submit(admin_, r->id).ok());
    EXPECT_TRUE(publishing_->Review(admin_, r->id, {"approved", ""}).ok());
    EXPECT_TRUE(publishing_
                    ->Publish(admin_, r->id,
                              {.interpretation_waiver = "本文件不作解读"})
                    .ok());
    return r->id;
  };
  const int64_t rule = publish(D(2024, 5, 6), "某规章", "规章", "县民政局");
  const int64_t normative = publish(D(2025, 4, 7), "关于低保审批的规定",
                                    "行政规范性文件", "县民政局");
  publish(D(2025, 4, 8), "关于学生资助的规定", "行政规范性文件", "县教育局");
  clock_.Set(StartOfDay(D(2025, 9, 1)) + absl::Hours(10));
  ASSERT_TRUE(publishing_->SetValidity(admin_, rule, {"repealed", ""}).ok());
  clock_.Set(StartOfDay(D(2026, 2, 2)) + absl::Hours(10));
  ASSERT_TRUE(
      publishing_->SetValidity(admin_, normative, {"repealed", ""}).ok());
  clock_.Set(StartOfDay(D(2026, 3, 31)) + absl::Hours(10));
  auto unit = service_->Generate(editor_, {.year = 2025, .unit_id = unit_});
  ASSERT_TRUE(unit.ok()) << unit.status();
  EXPECT_EQ(unit->figures.table2.doc_source, "records");
  EXPECT_EQ(unit->figures.table2.normative, (DocFigures{1, 0, 1}));
  EXPECT_EQ(unit->figures.table2.regulations, (DocFigures{0, 1, 0}));
  // Typed figures do not override the count.
  ASSERT_TRUE(service_
                  ->SaveEntries(editor_, {.year = 2025, .unit_id = unit_},
                                {{"normative_issued", "9"}})
                  .ok());
  auto again = service_->View(&editor_, {.year = 2025, .unit_id = unit_});
  EXPECT_EQ(again->figures.table2.normative.issued, 1);
  auto county = service_->Generate(admin_, {.year = 2025});
  ASSERT_TRUE(county.ok());
  EXPECT_EQ(county->figures.table2.normative, (DocFigures{2, 0, 2}));
  // 2026 (the current year): the repeal counts, in force as of today.
  auto now = service_->Generate(editor_, {.year = 2026, .unit_id = unit_});
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->figures.table2.normative, (DocFigures{0, 1, 0}));
}

TEST_P(ReportsTest, EnteredFiguresWithSourceAndCsvImport) {
  const Body body{.year = 2025, .unit_id = unit_};
  ASSERT_TRUE(service_->Generate(editor_, body).ok());
  auto saved = service_->SaveEntries(editor_, body,
                                     {{"licensing", "120"},
                                      {"licensing_source", "审批系统台账"},
                                      {"fees", "3.25"},
                                      {"normative_issued", "4"}});
  ASSERT_TRUE(saved.ok()) << saved.status();
  EXPECT_EQ(saved->entered.table2.licensing.value, 120);
  EXPECT_EQ(saved->entered.table2.licensing.source, "审批系统台账");
  EXPECT_EQ(saved->entered.table2.fees.value, 3250000);

  struct Case {
    std::string name;
    EntryForm form;
    std::string field, message;
  } bad[] = {
      {"negative", {{"penalty", "-1"}}, "penalty", "行政处罚"},
      {"text", {{"coercion", "十"}}, "coercion", "整数"},
      {"fees decimals", {{"fees", "1.1234567"}}, "fees", "最多6位小数"},
      {"unknown", {{"bribes", "1"}}, "bribes", "没有名为"},
      {"table 4", {{"t4_review_total", "x"}}, "t4_review_total", "行政复议"},
      {"source too long",
       {{"penalty", "1"}, {"penalty_source", std::string(201, 'a')}},
       "penalty_source",
       "最多200个字"},
  };
  for (const Case& c : bad) {
    auto r = service_->SaveEntries(editor_, body, c.form);
    ASSERT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << c.name;
    FieldErrors f = GetFieldErrors(r.status());
    ASSERT_TRUE(f.contains(c.field)) << c.name << " " << r.status();
    EXPECT_THAT(f[c.field], HasSubstr(c.message)) << c.name;
  }

  // CSV: names or Chinese labels; all or nothing, the data row named.
  auto imported = service_->ImportCsv(
      editor_, body,
      "项目,数值,来源\r\n行政处罚 本年处理决定数量,35,执法平台\r\n"
      "coercion,2,执法平台\r\nt4_review_maintained,1,\r\nt4_review_total,1,"
      "\r\n");
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->entered.table2.penalty.value, 35);
  EXPECT_EQ(imported->entered.table2.penalty.source, "执法平台");
  EXPECT_EQ(imported->entered.table4.blocks[0], (Block{1, 0, 0, 0, 1}));
  auto broken = service_->ImportCsv(editor_, body,
                                    "field,value,source\npenalty,40,x\n"
                                    "coercion,abc,x\n");
  ASSERT_FALSE(broken.ok());
  EXPECT_TRUE(GetFieldErrors(broken.status()).contains("数据第2行"));
  auto after = service_->View(&editor_, body);
  EXPECT_EQ(after->report.entered.table2.penalty.value, 35);  // unchanged
  EXPECT_FALSE(service_->ImportCsv(editor_, body, "a,b\n1,2\n").ok());
  EXPECT_FALSE(
      service_->ImportCsv(editor_, body, std::string(70 << 10, 'a')).ok());

  // The county report adds up its units' entries.
  ASSERT_TRUE(
      service_->Generate(outsider_, {.year = 2025, .unit_id = other_unit_})
          .ok());
  ASSERT_TRUE(service_
                  ->SaveEntries(outsider_,
                                {.year = 2025, .unit_id = other_unit_},
                                {{"penalty", "5"}})
                  .ok());
  auto county = service_->Generate(admin_, {.year = 2025});
  ASSERT_TRUE(county.ok()) << county.status();
  EXPECT_EQ(county->figures.table2.penalty.value, 40);
  EXPECT_EQ(county->figures.table2.licensing.value, 120);
  EXPECT_EQ(county->figures.table4.blocks[0][4], 1);
}

TEST_P(ReportsTest, WorkflowFromDraftToThePortalAndCorrection) {
  BuildYear();
  const Body body{.year = 2025, .unit_id = unit_};
  // Only the unit's staff and the county office may start it.
  EXPECT_EQ(service_->Generate(outsider_, body).status().code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(service_->Generate(editor_, body).ok());
  // Drafts are staff-only: another unit and the public get 404.
  EXPECT_EQ(service_->View(&outsider_, body).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->View(nullptr, body).status().code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(service_
                  ->SaveTexts(editor_, body,
                              {std::nullopt, std::string("全年无重大问题。"),
                               std::string("本年度收取信息处理费0元。")})
                  .ok());
  // A Table 四 typed with a wrong total cannot be submitted; the cell is
  // named.
  ASSERT_TRUE(service_
                  ->SaveEntries(editor_, body,
                                {{"t4_review_maintained", "1"},
                                 {"t4_review_corrected", "1"},
                                 {"t4_review_total", "3"}})
                  .ok());
  auto refused = service_->Submit(editor_, body);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(GetFieldErrors(refused.status()).contains("table4/行政复议/总计"))
      << refused.status();
  EXPECT_THAT(refused.status().message(), HasSubstr("table4/行政复议/总计"));
  ASSERT_TRUE(
      service_->SaveEntries(editor_, body, {{"t4_review_total", "2"}}).ok());
  // Cases, once entered, replace the typed numbers.
  ASSERT_TRUE(service_
                  ->AddCase(editor_, body,
                            {Proceeding::kSuitDirect, Outcome::kPending,
                             "（2025）鄂1221行初7号"})
                  .ok());
  auto submitted = service_->Submit(editor_, body);
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  EXPECT_EQ(submitted->state, State::kSubmitted);
  EXPECT_FALSE(service_->SaveTexts(editor_, body, {std::string("改")}).ok());

  // Only the county office reviews; a return needs a comment.
  EXPECT_EQ(service_->Review(editor_, body, true, "").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_FALSE(service_->Review(admin_, body, false, " ").ok());
  auto returned = service_->Review(admin_, body, false, "请补充第五部分");
  ASSERT_TRUE(returned.ok());
  EXPECT_EQ(returned->state, State::kDraft);
  EXPECT_EQ(returned->review_comment, "请补充第五部分");
  ASSERT_TRUE(
      service_
          ->SaveTexts(
              editor_, body,
              {std::nullopt, std::string("政策解读形式较单一，明年增加图解。"),
               std::nullopt})
          .ok());
  ASSERT_TRUE(service_->Submit(editor_, body).ok());
  EXPECT_FALSE(service_->Publish(admin_, body).ok());  // not reviewed yet
  ASSERT_TRUE(service_->Review(admin_, body, true, "").ok());
  EXPECT_EQ(service_->Publish(editor_, body).status().code(),
            absl::StatusCode::kPermissionDenied);
  auto published = service_->Publish(admin_, body);
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(published->state, State::kPublished);
  ASSERT_TRUE(published->record_id.has_value());

  // The portal record: genre 年报, public, with the report as HTML.
  auto record = publishing_->GetFor(nullptr, *published->record_id);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->genre, "年报");
  EXPECT_EQ(record->title, "县民政局2025年政府信息公开工作年度报告");
  EXPECT_THAT(record->body_html, HasSubstr("rowspan=\"22\""));
  EXPECT_THAT(record->body_html, HasSubstr("政策解读形式较单一"));

  // Public now; the figures are frozen against later changes.
  auto pub = service_->View(nullptr, body);
  ASSERT_TRUE(pub.ok()) << pub.status();
  EXPECT_FALSE(pub->live);
  EXPECT_EQ(pub->figures.table4.blocks[1], (Block{0, 0, 0, 1, 1}));
  const Counts before = pub->figures.table3.cells[kRowNew];
  Enter(D(2025, 6, 2));  // a late paper entry for 2025
  auto again = service_->View(nullptr, body);
  EXPECT_EQ(again->figures.table3.cells[kRowNew], before);
  auto live = service_->Generate(admin_, {.year = 2025});  // county: live
  EXPECT_EQ(live->figures.table3.cells[kRowNew][6], before[6] + 2);

  // A correction is a new version with a note; the public keeps seeing
  // version 1 until it is published.
  EXPECT_FALSE(service_->Correct(admin_, body, "").ok());
  auto corrected = service_->Correct(admin_, body, "补录一件6月收到的申请");
  ASSERT_TRUE(corrected.ok()) << corrected.status();
  EXPECT_EQ(corrected->version, 2);
  EXPECT_EQ(corrected->state, State::kDraft);
  EXPECT_EQ(service_->View(nullptr, body)->report.version, 1);
  EXPECT_EQ(service_->View(&editor_, body)->report.version, 2);
  ASSERT_TRUE(service_->Submit(editor_, body).ok());
  ASSERT_TRUE(service_->Review(admin_, body, true, "").ok());
  auto v2 = service_->Publish(admin_, body);
  ASSERT_TRUE(v2.ok()) << v2.status();
  EXPECT_EQ(v2->record_id, published->record_id);  // same portal record
  auto pub2 = service_->View(nullptr, body);
  EXPECT_EQ(pub2->report.version, 2);
  EXPECT_EQ(pub2->figures.table3.cells[kRowNew][6], before[6] + 1);
  auto rec2 = publishing_->GetFor(nullptr, *published->record_id);
  EXPECT_THAT(rec2->body_html, HasSubstr("补录一件6月收到的申请"));
  EXPECT_EQ(service_->ViewVersion(nullptr, body, 1)->report.version, 1);
  auto archive = service_->ListPublished();
  ASSERT_TRUE(archive.ok());
  ASSERT_EQ(archive->size(), 1u);
  EXPECT_EQ(archive->front().version, 2);
}

TEST_P(ReportsTest, TamperedStoredTablesAreRejected) {
  const Body body{.year = 2025, .unit_id = unit_};
  Reply(Enter(D(2025, 3, 3)), D(2025, 3, 10), "disclosed");
  ASSERT_TRUE(service_->Generate(editor_, body).ok());
  ASSERT_TRUE(service_->Submit(editor_, body).ok());
  ASSERT_TRUE(service_->Review(admin_, body, true, "").ok());
  auto published = service_->Publish(admin_, body);
  ASSERT_TRUE(published.ok()) << published.status();
  auto tamper = [&](const std::string& json) {
    ASSERT_TRUE(db_->Transaction([&](db::Tx& tx) {
                     return tx
                         .Exec(
                             "UPDATE reports SET figures_json = ? WHERE id = ?",
                             {json, published->id})
                         .status();
                   })
                    .ok());
  };
  nlohmann::json frozen = ToJson(service_->View(nullptr, body)->figures);
  // One concluded application moved to 四 without its result row.
  frozen["table3"]["三.七"][0] = 0;
  frozen["table3"]["三.七"][6] = 0;
  frozen["table3"]["四"][0] = 1;
  frozen["table3"]["四"][6] = 1;
  tamper(frozen.dump());
  auto v = service_->View(nullptr, body);
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(AllPass(v->checks));
  std::vector<std::string> cells;
  for (const Check& c : v->checks)
    if (!c.ok) cells.push_back(c.cell);
  EXPECT_THAT(cells, ::testing::Contains("table3/三.七/自然人"));
  // A table in another shape is not read at all.
  tamper(R"({"table2": {}, "table3": {"一": [1]}, "table4": {}})");
  v = service_->View(nullptr, body);
  ASSERT_TRUE(v.ok());
  ASSERT_FALSE(AllPass(v->checks));
  EXPECT_EQ(v->checks.front().cell, "figures");
  // The damaged version cannot be corrected into a published one silently:
  // the correction recomputes, and the new version passes again.
  ASSERT_TRUE(service_->Correct(admin_, body, "修复表格").ok());
  auto draft = service_->View(&editor_, body);
  EXPECT_TRUE(AllPass(draft->checks));
}

TEST_P(ReportsTest, CopiedTextsAreFlagged) {
  const std::string text =
      "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、"
      "不公开为例外，持续推进政务公开标准化规范化建设，全年未发生重大问题。";
  ASSERT_TRUE(
      service_->Generate(editor_, {.year = 2024, .unit_id = unit_}).ok());
  ASSERT_TRUE(service_
                  ->SaveTexts(editor_, {.year = 2024, .unit_id = unit_},
                              {std::nullopt, text, std::string("无。")})
                  .ok());
  const Body body{.year = 2025, .unit_id = unit_};
  ASSERT_TRUE(service_->Generate(editor_, body).ok());
  ASSERT_TRUE(service_
                  ->SaveTexts(editor_, body,
                              {std::nullopt, text,
                               std::string("本年度收取信息处理费200元，已全部"
                                           "上缴财政。")})
                  .ok());
  auto v = service_->View(&editor_, body);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->sections[1].copied);
  EXPECT_DOUBLE_EQ(v->sections[1].similarity, 1.0);
  EXPECT_EQ(v->sections[1].last_text, text);
  EXPECT_FALSE(v->sections[2].copied);
  // The generated paragraph compares with last year's figures.
  EXPECT_THAT(v->generated_overview, HasSubstr("（上年0件，持平）"));

  // The dashboard's deadlines flag the sections the page flags (一's
  // generated text repeats too), with the staff page.
  std::vector<std::string> flagged;
  for (const SectionView& sv : v->sections)
    if (sv.copied) flagged.push_back(std::string(SectionTitle(sv.section)));
  EXPECT_THAT(flagged, ::testing::Contains("五、存在的主要问题及改进情况"));
  auto due = service_->Due(D(2026, 1, 10));
  ASSERT_TRUE(due.ok()) << due.status();
  bool seen_mine = false;
  for (const DueReport& d : *due) {
    if (d.unit_id == unit_) {
      seen_mine = true;
      EXPECT_TRUE(d.copied);
      EXPECT_EQ(d.copied_sections, flagged);
      EXPECT_EQ(d.url, absl::StrCat("/admin/reports/2025?unit=", unit_));
    } else {
      EXPECT_FALSE(d.copied) << d.body_name;
      EXPECT_TRUE(d.copied_sections.empty());
    }
    if (!d.unit_id) {
      EXPECT_EQ(d.url, "/admin/reports/2025");
    }
  }
  EXPECT_TRUE(seen_mine);
}

TEST_P(ReportsTest, DeadlinesForTheDashboard) {
  ASSERT_TRUE(
      service_->Generate(editor_, {.year = 2025, .unit_id = unit_}).ok());
  auto before = service_->Due(D(2026, 1, 31));
  ASSERT_TRUE(before.ok()) << before.status();
  auto find = [](const std::vector<DueReport>& all,
                 std::optional<int64_t> unit) {
    for (const DueReport& d : all)
      if (d.unit_id == unit) return d;
    return DueReport{};
  };
  DueReport mine = find(*before, unit_);
  EXPECT_EQ(mine.due_on, D(2026, 1, 31));
  EXPECT_EQ(mine.state, State::kDraft);
  EXPECT_FALSE(mine.overdue);
  EXPECT_EQ(mine.days_left, 0);
  DueReport county = find(*before, std::nullopt);
  EXPECT_EQ(county.due_on, D(2026, 3, 31));
  EXPECT_FALSE(county.state.has_value());
  auto after = service_->Due(D(2026, 2, 1));
  EXPECT_TRUE(find(*after, unit_).overdue);
  EXPECT_TRUE(find(*after, other_unit_).overdue);
  EXPECT_FALSE(find(*after, std::nullopt).overdue);
  EXPECT_TRUE(find(*service_->Due(D(2026, 4, 1)), std::nullopt).overdue);
  EXPECT_EQ(after->front().year, 2025);
}

// Counts the Table 三 computations going through a database: the
// self-served count applications::Service::Statistics ends with, by year.
class CountingDatabase : public db::Database {
 public:
  explicit CountingDatabase(db::Database& inner) : inner_(inner) {}
  db::Dialect dialect() const override { return inner_.dialect(); }
  absl::Status Transaction(
      const std::function<absl::Status(db::Tx&)>& fn) override {
    return inner_.Transaction([&](db::Tx& tx) {
      CountingTx counting(tx, *this);
      return fn(counting);
    });
  }
  absl::StatusOr<db::Result> Query(
      absl::string_view sql, const std::vector<db::Value>& params) override {
    Note(sql, params);
    return inner_.Query(sql, params);
  }
  // Statistics runs for `year` so far.
  int Table3(int year) const {
    auto it = counts_.find(year);
    return it == counts_.end() ? 0 : it->second;
  }
  void Reset() { counts_.clear(); }

 private:
  class CountingTx : public db::Tx {
   public:
    CountingTx(db::Tx& inner, CountingDatabase& db) : inner_(inner), db_(db) {}
    db::Dialect dialect() const override { return inner_.dialect(); }
    absl::StatusOr<db::Result> Query(
        absl::string_view sql, const std::vector<db::Value>& params) override {
      db_.Note(sql, params);
      return inner_.Query(sql, params);
    }
    absl::Status ExecScript(absl::string_view sql) override {
      return inner_.ExecScript(sql);
    }

   private:
    db::Tx& inner_;
    CountingDatabase& db_;
  };
  void Note(absl::string_view sql, const std::vector<db::Value>& params) {
    if (!absl::StrContains(sql, "FROM application_self_served") ||
        params.empty())
      return;
    if (const auto* year = std::get_if<std::string>(&params[0]))
      ++counts_[std::stoi(year->substr(0, 4))];
  }
  db::Database& inner_;
  std::map<int, int> counts_;
};

TEST_P(ReportsTest, TableThreeIsCountedOncePerRequest) {
  CountingDatabase counting(*db_);
  applications::Service apps(counting, clock_, *org_, *cal_);
  Service reports(counting, clock_, *org_, apps, *publishing_);
  const Body body{.year = 2025, .unit_id = unit_};
  Reply(Enter(D(2025, 3, 3)), D(2025, 3, 10), "disclosed");
  // Generating the draft: this year's figures once, last year's once (for
  // the side-by-side view).
  auto generated = reports.Generate(editor_, body);
  ASSERT_TRUE(generated.ok()) << generated.status();
  EXPECT_EQ(counting.Table3(2025), 1);
  EXPECT_EQ(counting.Table3(2024), 1);
  EXPECT_EQ(generated->figures.table3.cells[kRowNew][6], 1);
  EXPECT_EQ(generated->report.texts[0], generated->generated_overview);
  EXPECT_EQ(generated->sections[0].text, generated->generated_overview);
  ASSERT_EQ(generated->versions.size(), 1u);
  EXPECT_EQ(generated->versions[0].version, 1);
  EXPECT_TRUE(generated->may_edit);
  // The page, and generating again: the same, once each.
  for (int i = 0; i < 2; ++i) {
    counting.Reset();
    auto v =
        i == 0 ? reports.View(&editor_, body) : reports.Generate(editor_, body);
    ASSERT_TRUE(v.ok()) << v.status();
    EXPECT_EQ(counting.Table3(2025), 1) << i;
    EXPECT_EQ(counting.Table3(2024), 1) << i;
    EXPECT_EQ(v->report.id, generated->report.id);
    EXPECT_EQ(v->sections[0].text, generated->sections[0].text);
    EXPECT_EQ(v->figures.table3.cells, generated->figures.table3.cells);
  }
}

// Publishing a report takes several transactions (the record's create,
// submit, review and publish, then the report's own). A failure injected
// into one of the report's steps — a trigger refusing the update, once —
// must leave a retry that reuses the record: one 年报 record in the end.
class PublishRetryTest : public ReportsTest {
 protected:
  // Refuses updates of `reports` rows matching `when` (SQL over NEW/OLD)
  // until Heal().
  void FailReportUpdates(const std::string& when) {
    ASSERT_TRUE(
        db_->Transaction([&](db::Tx& tx) {
             if (tx.dialect() == db::Dialect::kSqlite)
               return tx.ExecScript(absl::StrCat(
                   "CREATE TRIGGER fail_once BEFORE UPDATE ON reports WHEN ",
                   when, " BEGIN SELECT RAISE(ABORT, 'injected'); END;"));
             return tx.ExecScript(absl::StrCat(
                 "CREATE FUNCTION fail_once() RETURNS trigger AS $$ BEGIN "
                 "RAISE EXCEPTION 'injected'; END $$ LANGUAGE plpgsql; "
                 "CREATE TRIGGER fail_once BEFORE UPDATE ON reports FOR EACH "
                 "ROW WHEN (",
                 when, ") EXECUTE FUNCTION fail_once();"));
           })
            .ok());
  }
  void Heal() {
    ASSERT_TRUE(db_->Transaction([&](db::Tx& tx) {
                     if (tx.dialect() == db::Dialect::kSqlite)
                       return tx.ExecScript("DROP TRIGGER fail_once;");
                     return tx.ExecScript(
                         "DROP TRIGGER fail_once ON reports; DROP FUNCTION "
                         "fail_once();");
                   })
                    .ok());
  }
  // The 年报 records and the highest version among them.
  std::pair<int64_t, int64_t> AnnualRecords() {
    std::pair<int64_t, int64_t> out;
    EXPECT_TRUE(db_->Transaction([&](db::Tx& tx) -> absl::Status {
                     auto row = tx.QueryOne(
                         "SELECT COUNT(*), COALESCE(MAX(version), 0) FROM "
                         "pub_records WHERE genre = '年报'",
                         {}, "count");
                     if (!row.ok()) return row.status();
                     out = {row->Int(0), row->Int(1)};
                     return absl::OkStatus();
                   })
                    .ok());
    return out;
  }
  void Review(const Body& body) {
    ASSERT_TRUE(service_->Submit(editor_, body).ok());
    ASSERT_TRUE(service_->Review(admin_, body, true, "").ok());
  }

  void SetUp() override {
    ReportsTest::SetUp();
    body_ = {.year = 2025, .unit_id = unit_};
  }

  Body body_;
};

TEST_P(PublishRetryTest, FailureAfterTheRecordIsPublished) {
  Reply(Enter(D(2025, 3, 3)), D(2025, 3, 10), "disclosed");
  ASSERT_TRUE(service_->Generate(editor_, body_).ok());
  Review(body_);
  FailReportUpdates("NEW.state = 'published'");
  auto failed = service_->Publish(admin_, body_);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(service_->View(&admin_, body_)->report.state, State::kReviewed);
  EXPECT_EQ(AnnualRecords(), std::make_pair(int64_t{1}, int64_t{1}));
  Heal();
  auto published = service_->Publish(admin_, body_);
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(published->state, State::kPublished);
  // The record the first attempt published, not a second one.
  EXPECT_EQ(AnnualRecords(), std::make_pair(int64_t{1}, int64_t{1}));
  auto record = publishing_->GetFor(nullptr, *published->record_id);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->version, 1);

  // A correction failing the same way changes that record once.
  ASSERT_TRUE(service_->Correct(admin_, body_, "更正一处数字").ok());
  Review(body_);
  FailReportUpdates("NEW.state = 'published'");
  ASSERT_FALSE(service_->Publish(admin_, body_).ok());
  Heal();
  auto corrected = service_->Publish(admin_, body_);
  ASSERT_TRUE(corrected.ok()) << corrected.status();
  EXPECT_EQ(corrected->version, 2);
  EXPECT_EQ(corrected->record_id, published->record_id);
  EXPECT_EQ(AnnualRecords(), std::make_pair(int64_t{1}, int64_t{2}));
  EXPECT_THAT(publishing_->GetFor(nullptr, *published->record_id)->body_html,
              HasSubstr("更正一处数字"));
}

TEST_P(PublishRetryTest, FailureBeforeTheRecordIsLinked) {
  Reply(Enter(D(2025, 3, 3)), D(2025, 3, 10), "disclosed");
  ASSERT_TRUE(service_->Generate(editor_, body_).ok());
  Review(body_);
  // The record is created, then storing its id on the report fails: what a
  // crash between the two would leave.
  FailReportUpdates("NEW.record_id IS NOT NULL AND OLD.record_id IS NULL");
  ASSERT_FALSE(service_->Publish(admin_, body_).ok());
  EXPECT_EQ(AnnualRecords(), std::make_pair(int64_t{1}, int64_t{0}));
  Heal();
  auto published = service_->Publish(admin_, body_);
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(AnnualRecords(), std::make_pair(int64_t{1}, int64_t{1}));
  EXPECT_EQ(publishing_->GetFor(nullptr, *published->record_id)->title,
            "县民政局2025年政府信息公开工作年度报告");
  // Another unit's report gets a record of its own.
  const Body other{.year = 2025, .unit_id = other_unit_};
  ASSERT_TRUE(service_->Generate(admin_, other).ok());
  ASSERT_TRUE(service_->Submit(admin_, other).ok());
  ASSERT_TRUE(service_->Review(admin_, other, true, "").ok());
  auto second = service_->Publish(admin_, other);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(second->record_id, published->record_id);
  EXPECT_EQ(AnnualRecords().first, 2);
}

INSTANTIATE_TEST_SUITE_P(Db, PublishRetryTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

INSTANTIATE_TEST_SUITE_P(Db, ReportsTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::reports
