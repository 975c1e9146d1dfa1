// The guides service on SQLite and PostgreSQL with a fake clock: elements
// refused by name, 不涉及 with and without a reason, four eyes, a change to a
// published guide kept private until published again, unit scoping, the
// public view, forms, XLSX round trip, 办事统计 import and staleness, the
// dashboard's incomplete guides, and the book's choice and order.
#include "guides/service.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog/service.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "org/service.h"
#include "xlsxwriter.h"

namespace zwgk::guides {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

using Rows = std::vector<std::vector<std::string>>;

// An XLSX of string cells, one sheet per (name, rows).
std::string Xlsx(const std::vector<std::pair<std::string, Rows>>& sheets) {
  const std::string path =
      (std::filesystem::temp_directory_path() /
       absl::StrCat("zwgk-guides-xlsx-", ::getpid(), ".xlsx"))
          .string();
  lxw_workbook* wb = workbook_new(path.c_str());
  for (const auto& [name, rows] : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    for (size_t r = 0; r < rows.size(); ++r)
      for (size_t c = 0; c < rows[r].size(); ++c)
        worksheet_write_string(ws, r, c, rows[r][c].c_str(), nullptr);
  }
  workbook_close(wb);
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::filesystem::remove(path);
  return ss.str();
}

class GuidesTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase(
        GetParam(), {"core", "org", "catalog", "guides"});
    ASSERT_NE(db_, nullptr);
    org_ = std::make_unique<org::Service>(*db_, clock_);
    ASSERT_TRUE(org_->Seed().ok());
    catalog_ = std::make_unique<catalog::Service>(*db_, clock_, *org_);
    dir_ = std::filesystem::temp_directory_path() /
           absl::StrCat("zwgk-guides-test-", ::getpid(), "-", GetParam());
    std::filesystem::remove_all(dir_);
    service_ = std::make_unique<Service>(*db_, clock_, *org_, *catalog_,
                                         ServiceOptions{.data_dir = dir_});
    unit_ = org_->ResolveUnit("县民政局")->id;
    other_ = org_->ResolveUnit("县教育局")->id;
    town_ = org_->ResolveUnit("新街镇人民政府")->id;
    editor_ = {.user_id = 2,
               .name = "赵编辑",
               .role = Role::kUnitEditor,
               .unit_id = unit_};
    reviewer_ = {.user_id = 3,
                 .name = "王审核",
                 .role = Role::kUnitReviewer,
                 .unit_id = unit_};
    reviewer2_ = {.user_id = 4,
                  .name = "钱审核",
                  .role = Role::kUnitReviewer,
                  .unit_id = unit_};
    outsider_ = {.user_id = 5,
                 .name = "外单位",
                 .role = Role::kUnitReviewer,
                 .unit_id = other_};
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static GuideInput Input(std::string service = "最低生活保障审核确认") {
    GuideInput in{.service = service, .unit = "县民政局", .domain = "社会救助"};
    in.elements = {
        {"事项编码", "11421221011130082X4000117008000"},
        {"事项类型", "行政确认"},
        {"实施主体", "嘉鱼县民政局"},
        {"设定依据",
         "1.《社会救助暂行办法》第九条\n2.《湖北省最低生活保障办法》"},
        {"受理范围", "个人"},
        {"受理条件", "1.持有本县户籍\n2.家庭人均收入低于当地最低生活保障标准"},
        {"办理地点", "户籍所在地镇人民政府便民服务中心"},
        {"办理时间", "工作日 8:30-12:00，14:30-17:30"},
        {"办件类型", "承诺件"},
        {"到现场次数", "1次"},
        {"法定办结时限", "30个工作日"},
        {"承诺办结时限", "20个工作日"},
        {"是否收费", "否"},
        {"收费标准", "不收费"},
        {"结果名称", "最低生活保障金领取证"},
        {"送达方式", "现场领取"},
        {"咨询电话", "0715-6321234"},
        {"监督投诉电话", "0715-12345"},
    };
    in.materials = {{.name = "户口簿", .form = "原件及复印件", .copies = 1},
                    {.name = "家庭收入情况说明",
                     .form = "原件",
                     .required = false,
                     .source = "申请人自备"}};
    in.steps = {{.name = "申请", .description = "向镇便民服务中心提出申请"},
                {.name = "审核确认",
                 .description = "县民政局审核确认",
                 .time_limit = "20个工作日"}};
    in.life_events = {"社会保障", "救助"};
    return in;
  }

  Guide Create(GuideInput in = Input()) {
    auto g = service_->Create(editor_, in);
    EXPECT_TRUE(g.ok()) << g.status();
    return g.ok() ? *g : Guide{};
  }

  // Submitted by the editor, approved and published by the reviewer.
  Guide PublishNow(int64_t id) {
    auto s = service_->Submit(editor_, id);
    EXPECT_TRUE(s.ok()) << s.status();
    auto r = service_->Review(reviewer_, id, {.approve = true});
    EXPECT_TRUE(r.ok()) << r.status();
    auto p = service_->Publish(reviewer_, id);
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? *p : Guide{};
  }

  void Today(absl::CivilDay day) {
    clock_.Set(StartOfDay(day) + absl::Hours(10));
  }

  FakeClock clock_{StartOfDay(D(2026, 9, 15)) + absl::Hours(10)};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<org::Service> org_;
  std::unique_ptr<catalog::Service> catalog_;
  std::unique_ptr<Service> service_;
  std::filesystem::path dir_;
  int64_t unit_ = 0, other_ = 0, town_ = 0;
  Actor admin_ = SystemActor();
  Actor editor_, reviewer_, reviewer2_, outsider_;
};

TEST_P(GuidesTest, MissingFeeStandardIsRefusedNamingIt) {
  GuideInput in = Input();
  in.elements.erase("收费标准");
  Guide g = Create(in);
  auto s = service_->Submit(editor_, g.id);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.status().message(), HasSubstr("收费标准"));
  EXPECT_TRUE(GetFieldErrors(s.status()).count("收费标准"));
  EXPECT_EQ(service_->Get(editor_, g.id)->state, GuideState::kDraft);
}

TEST_P(GuidesTest, SubmitNamesEveryMissingElement) {
  GuideInput in = Input();
  in.elements.erase("设定依据");
  in.elements.erase("监督投诉电话");
  in.steps.clear();
  Guide g = Create(in);
  auto s = service_->Submit(editor_, g.id);
  ASSERT_FALSE(s.ok());
  for (const char* name : {"设定依据", "监督投诉电话", "办理流程"})
    EXPECT_THAT(s.status().message(), HasSubstr(name));
}

TEST_P(GuidesTest, NotApplicableNeedsAReason) {
  GuideInput in = Input();
  in.elements.erase("送达方式");
  in.not_applicable["送达方式"] = "";
  Guide g = Create(in);
  auto refused = service_->Submit(editor_, g.id);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().message(), HasSubstr("送达方式"));

  in.not_applicable["送达方式"] = "当场办结，无需送达";
  ASSERT_TRUE(service_->Update(editor_, g.id, in).ok());
  auto ok = service_->Submit(editor_, g.id);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->not_applicable.at("送达方式"), "当场办结，无需送达");
}

TEST_P(GuidesTest, InputIsCheckedAndNamed) {
  struct Case {
    const char* name;
    void (*change)(GuideInput&);
    const char* field;
  } cases[] = {
      {"no service", [](GuideInput& in) { in.service = " "; }, "service"},
      {"unknown unit", [](GuideInput& in) { in.unit = "县外星局"; }, "unit"},
      {"unknown domain", [](GuideInput& in) { in.domain = "宇宙"; }, "domain"},
      {"town not a town", [](GuideInput& in) { in.town = "县教育局"; }, "town"},
      {"unknown element", [](GuideInput& in) { in.elements["星座"] = "x"; },
       "elements"},
      {"unknown life event", [](GuideInput& in) { in.life_events = {"登月"}; },
       "life_events"},
      {"too long",
       [](GuideInput& in) { in.elements["受理条件"] = std::string(5001, 'x'); },
       "受理条件"},
      {"material without a name",
       [](GuideInput& in) { in.materials[0].name = ""; }, "materials[0]"},
  };
  for (const Case& c : cases) {
    GuideInput in = Input();
    c.change(in);
    auto g = service_->Create(editor_, in);
    ASSERT_FALSE(g.ok()) << c.name;
    EXPECT_TRUE(GetFieldErrors(g.status()).count(c.field))
        << c.name << ": " << g.status();
  }
  // An alias is stored under the element's name.
  GuideInput in = Input();
  in.elements.erase("实施主体");
  in.elements["办理机构"] = "嘉鱼县民政局";
  in.town = "新街镇人民政府";
  Guide g = Create(in);
  EXPECT_EQ(g.elements.at("实施主体"), "嘉鱼县民政局");
  EXPECT_EQ(g.town_id, town_);
  // The same name twice in a unit is refused.
  auto dup = service_->Create(editor_, in);
  ASSERT_FALSE(dup.ok());
  EXPECT_TRUE(GetFieldErrors(dup.status()).count("service"));
}

TEST_P(GuidesTest, FourEyes) {
  Guide g = Create();
  // The reviewer submits: someone else must review and publish.
  ASSERT_TRUE(service_->Submit(reviewer_, g.id).ok());
  auto self = service_->Review(reviewer_, g.id, {.approve = true});
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.status().code(), absl::StatusCode::kFailedPrecondition);
  // An editor may not review; another unit sees nothing.
  EXPECT_EQ(service_->Review(editor_, g.id, {.approve = true}).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      service_->Review(outsider_, g.id, {.approve = true}).status().code(),
      absl::StatusCode::kNotFound);
  // Returned needs remarks.
  auto no_remarks = service_->Review(reviewer2_, g.id, {.approve = false});
  EXPECT_TRUE(GetFieldErrors(no_remarks.status()).count("remarks"));
  auto returned = service_->Review(reviewer2_, g.id,
                                   {.approve = false, .remarks = "补充依据"});
  ASSERT_TRUE(returned.ok());
  EXPECT_EQ(returned->state, GuideState::kDraft);
  EXPECT_EQ(returned->review_remarks, "补充依据");
  // Publishing needs a review first.
  ASSERT_TRUE(service_->Submit(reviewer_, g.id).ok());
  EXPECT_EQ(service_->Publish(reviewer2_, g.id).status().code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(service_->Review(reviewer2_, g.id, {.approve = true}).ok());
  EXPECT_EQ(service_->Publish(reviewer_, g.id).status().code(),
            absl::StatusCode::kFailedPrecondition);
  auto published = service_->Publish(reviewer2_, g.id);
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(published->version, 1);
  EXPECT_EQ(published->state, GuideState::kPublished);
}

TEST_P(GuidesTest, ChangeToPublishedGuideStaysPrivateUntilPublished) {
  Guide g = Create();
  PublishNow(g.id);
  GuideInput in = Input();
  in.elements["办理时间"] = "周一至周五 9:00-17:00";
  auto changed = service_->Update(editor_, g.id, in);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->state, GuideState::kDraft);

  auto pub = service_->GetPublic(g.id);
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(pub->elements.at("办理时间"), "工作日 8:30-12:00，14:30-17:30");
  EXPECT_EQ(pub->version, 1);
  EXPECT_EQ(pub->unit_name, "县民政局");
  EXPECT_EQ(pub->published_by, "");  // no staff names in public
  EXPECT_EQ(pub->submitted_by, "");
  EXPECT_THAT(service_->ListPublic({}).value(), SizeIs(1));

  clock_.Advance(absl::Hours(24));
  Guide second = PublishNow(g.id);
  EXPECT_EQ(second.version, 2);
  EXPECT_EQ(service_->GetPublic(g.id)->elements.at("办理时间"),
            "周一至周五 9:00-17:00");
  auto versions = service_->Versions(editor_, g.id);
  ASSERT_TRUE(versions.ok());
  ASSERT_THAT(*versions, SizeIs(2));
  EXPECT_EQ((*versions)[0].version, 2);
  EXPECT_EQ((*versions)[1].elements.at("办理时间"),
            "工作日 8:30-12:00，14:30-17:30");

  // Withdrawn: gone from the public, with a reason.
  EXPECT_TRUE(
      GetFieldErrors(service_->Withdraw(reviewer_, g.id, "")).count("reason"));
  ASSERT_TRUE(service_->Withdraw(reviewer_, g.id, "事项已取消").ok());
  EXPECT_EQ(service_->GetPublic(g.id).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_THAT(service_->ListPublic({}).value(), IsEmpty());
}

TEST_P(GuidesTest, AnotherUnitsGuideIsNotFound) {
  Guide g = Create();
  EXPECT_EQ(service_->Get(outsider_, g.id).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->Update(outsider_, g.id, Input()).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->Submit(outsider_, g.id).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->Versions(outsider_, g.id).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_THAT(service_->List(outsider_, {}).value(), IsEmpty());
  EXPECT_THAT(service_->List(editor_, {}).value(), SizeIs(1));
  EXPECT_THAT(service_->List(admin_, {.unit_id = unit_}).value(), SizeIs(1));
  // Creating for another unit is refused.
  GuideInput in = Input();
  in.unit = "县教育局";
  EXPECT_EQ(service_->Create(editor_, in).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(service_->Get(Actor{}, g.id).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_P(GuidesTest, PublicSeesPublishedOnlyAndFilters) {
  Guide draft = Create(Input("临时救助审批"));
  Guide pub = Create();
  PublishNow(pub.id);
  EXPECT_EQ(service_->GetPublic(draft.id).status().code(),
            absl::StatusCode::kNotFound);
  struct Case {
    Filter f;
    size_t want;
  } cases[] = {
      {{}, 1},
      {{.life_event = "救助"}, 1},
      {{.life_event = "出生"}, 0},
      {{.unit_id = unit_}, 1},
      {{.unit_id = other_}, 0},
      {{.q = "户籍 最低生活"}, 1},
      {{.q = "临时救助"}, 0},  // the draft's name
      {{.domain_id = org_->ResolveDomain("社会救助")->id}, 1},
      {{.domain_id = org_->ResolveDomain("义务教育")->id}, 0},
  };
  for (const Case& c : cases) {
    auto got = service_->ListPublic(c.f);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_THAT(*got, SizeIs(c.want)) << c.f.q << c.f.life_event;
  }
  auto long_q = service_->ListPublic({.q = std::string(51, 'a')});
  EXPECT_TRUE(GetFieldErrors(long_q.status()).count("q"));
}

TEST_P(GuidesTest, FormsByMagicBytesAndPublicAfterPublishing) {
  Guide g = Create();
  const std::string pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
  auto bad = service_->AttachForm(editor_, g.id, 0, "blank",
                                  {.file_name = "x.pdf", .bytes = "MZ\x90"});
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  auto big = service_->AttachForm(
      editor_, g.id, 0, "blank",
      {.file_name = "x.pdf", .bytes = "%PDF-" + std::string(11 << 20, 'a')});
  EXPECT_EQ(big.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(service_
                ->AttachForm(outsider_, g.id, 0, "blank",
                             {.file_name = "a.pdf", .bytes = pdf})
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  auto ok = service_->AttachForm(editor_, g.id, 0, "blank",
                                 {.file_name = "../申请表.pdf", .bytes = pdf});
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->materials[0].blank_name, "申请表.pdf");
  // Not public before publishing; staff of the unit get it.
  EXPECT_EQ(service_->FormBytes(Actor{}, g.id, 0, "blank").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->FormBytes(editor_, g.id, 0, "blank")->bytes, pdf);
  PublishNow(g.id);
  auto f = service_->FormBytes(Actor{}, g.id, 0, "blank");
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->bytes, pdf);
  EXPECT_EQ(f->content_type, "application/pdf");
  // Old Word and Excel files: by their signature and a matching name.
  const std::string ole =
      std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") + std::string(100, '\0');
  EXPECT_EQ(service_
                ->AttachForm(editor_, g.id, 1, "sample",
                             {.file_name = "样表.txt", .bytes = ole})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(service_
                  ->AttachForm(editor_, g.id, 1, "sample",
                               {.file_name = "样表.doc", .bytes = ole})
                  .ok());
  EXPECT_EQ(service_->FormBytes(editor_, g.id, 1, "sample")->content_type,
            "application/msword");
  EXPECT_EQ(service_->FormBytes(Actor{}, g.id, 1, "sample").status().code(),
            absl::StatusCode::kNotFound);  // not yet published
  // The form survives an update that keeps the material's name.
  auto updated = service_->Update(editor_, g.id, Input());
  ASSERT_TRUE(updated.ok());
  EXPECT_FALSE(updated->materials[0].blank_blob.empty());
}

TEST_P(GuidesTest, XlsxRoundTrip) {
  GuideInput a = Input();
  a.elements.erase("送达方式");
  a.not_applicable["送达方式"] = "当场办结";
  a.town = "新街镇人民政府";
  Guide ga = Create(a);
  Guide gb = Create(Input("临时救助审批"));
  auto bytes = service_->ExportXlsx(admin_, {});
  ASSERT_TRUE(bytes.ok()) << bytes.status();

  // Into a fresh database: the same guides come back.
  auto db2 = zwgk::testing::NewMigratedDatabase(
      GetParam(), {"core", "org", "catalog", "guides"});
  org::Service org2(*db2, clock_);
  ASSERT_TRUE(org2.Seed().ok());
  catalog::Service cat2(*db2, clock_, org2);
  Service s2(*db2, clock_, org2, cat2, ServiceOptions{.data_dir = dir_});
  auto summary = s2.ImportXlsx(admin_, *bytes);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_THAT(summary->problems, IsEmpty());
  EXPECT_EQ(summary->created, 2);
  auto back = s2.List(admin_, {});
  ASSERT_TRUE(back.ok());
  ASSERT_THAT(*back, SizeIs(2));
  for (const Guide& orig : {ga, gb}) {
    const Guide* got = nullptr;
    for (const Guide& g : *back)
      if (g.service == orig.service) got = &g;
    ASSERT_NE(got, nullptr) << orig.service;
    EXPECT_EQ(got->elements, orig.elements);
    EXPECT_EQ(got->not_applicable, orig.not_applicable);
    EXPECT_EQ(got->life_events, orig.life_events);
    EXPECT_EQ(got->domain_id, orig.domain_id);
    EXPECT_EQ(got->town_id, orig.town_id);
    ASSERT_EQ(got->materials.size(), orig.materials.size());
    for (size_t i = 0; i < orig.materials.size(); ++i) {
      EXPECT_EQ(got->materials[i].name, orig.materials[i].name);
      EXPECT_EQ(got->materials[i].form, orig.materials[i].form);
      EXPECT_EQ(got->materials[i].required, orig.materials[i].required);
      EXPECT_EQ(got->materials[i].source, orig.materials[i].source);
    }
    ASSERT_EQ(got->steps.size(), orig.steps.size());
    EXPECT_EQ(got->steps[1].time_limit, orig.steps[1].time_limit);
  }
  // Importing the same file again changes nothing.
  auto again = s2.ImportXlsx(admin_, *bytes);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->created + again->updated, 0);

  // An editor of another unit: every row named, nothing imported.
  auto foreign = service_->ImportXlsx(outsider_, *bytes);
  ASSERT_TRUE(foreign.ok());
  EXPECT_EQ(foreign->created + foreign->updated, 0);
  ASSERT_THAT(foreign->problems, SizeIs(2));
  EXPECT_THAT(foreign->problems[0], HasSubstr("办事指南第2行"));
  EXPECT_EQ(service_->ImportXlsx(admin_, "not a zip").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_P(GuidesTest, StatsImportNamesBadRows) {
  const std::string csv =
      "单位,年,月,受理,办结,按时办结\n"
      "县民政局,2026,7,100,90,80\n"
      "县民政局,2026,8,10,20,5\n"    // handled > received
      "县外星局,2026,8,1,1,1\n"      // unknown unit
      "县民政局,2026,13,1,1,1\n"     // month
      "县民政局,2026,8,5,5,6\n"      // on time > handled
      "县民政局,二〇二六,8,5,5,5\n"  // not a number
      "县民政局,2026,12,5,5,5\n";    // a future month
  auto s = service_->ImportStats(editor_, csv, "stats.csv");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->created, 1);
  ASSERT_THAT(s->problems, SizeIs(6));
  EXPECT_THAT(s->problems[0], HasSubstr("第3行：办结件数不能多于受理件数"));
  EXPECT_THAT(s->problems[1], HasSubstr("第4行：没有单位“县外星局”"));
  EXPECT_THAT(s->problems[2], HasSubstr("第5行："));
  EXPECT_THAT(s->problems[3], HasSubstr("第6行：按时办结"));
  EXPECT_THAT(s->problems[4], HasSubstr("第7行："));
  EXPECT_THAT(s->problems[5], HasSubstr("第8行："));
  auto list = service_->ListStats(2026, unit_);
  ASSERT_TRUE(list.ok());
  ASSERT_THAT(*list, SizeIs(1));
  EXPECT_EQ(list->front().handled, 90);
  EXPECT_EQ(list->front().unit_name, "县民政局");
  // Another unit's rows are refused for an editor.
  auto other = service_->ImportStats(
      editor_, "单位,年,月,受理,办结,按时办结\n县教育局,2026,7,1,1,1\n",
      "s.csv");
  ASSERT_TRUE(other.ok());
  EXPECT_THAT(other->problems,
              ElementsAre(HasSubstr("第2行：不能导入其他单位")));
  // A missing column is named.
  auto head = service_->ImportStats(editor_, "单位,年,月\n", "s.csv");
  EXPECT_THAT(head.status().message(), HasSubstr("表头"));
  EXPECT_THAT(GetFieldErrors(head.status()).at("file"), HasSubstr("受理"));
}

TEST_P(GuidesTest, StatsFromXlsx) {
  auto s = service_->ImportStats(
      admin_,
      Xlsx({{"办事统计",
             {{"单位", "年", "月", "受理", "办结", "按时办结"},
              {"县民政局", "2026", "8", "12", "12", "11"},
              {"县教育局", "2026", "8", "3", "2", "3"}}}}),
      "统计.xlsx");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->created, 1);
  EXPECT_THAT(s->problems, ElementsAre("第3行：按时办结件数不能多于办结件数"));
}

TEST_P(GuidesTest, XlsxImportNamesBadRows) {
  const Rows guides = {
      {"事项名称", "主管单位", "领域", "收费标准", "送达方式", "生活事件"},
      {"特困人员认定", "县民政局", "社会救助", "不收费", "不涉及：当场办结",
       "救助、养老"},
      {"", "县民政局", "", "", "", ""},
      {"临时救助审批", "县外星局", "", "", "", ""},
      {"孤儿认定", "县民政局", "宇宙", "", "", ""},
      {"特困人员认定", "县民政局", "", "", "", ""},
  };
  const Rows materials = {
      {"事项名称", "材料名称", "材料形式", "份数", "是否必需", "来源"},
      {"特困人员认定", "户口簿", "原件", "1", "是", "申请人自备"},
      {"特困人员认定", "收入证明", "原件", "两份", "否", ""},
      {"不存在的事项", "身份证", "原件", "1", "是", ""},
  };
  auto s = service_->ImportXlsx(
      editor_, Xlsx({{"办事指南", guides}, {"申请材料", materials}}));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->created, 1);
  EXPECT_THAT(
      s->problems,
      ElementsAre(
          HasSubstr("办事指南第6行：事项“特困人员认定”重复"),
          HasSubstr("申请材料第3行：份数应为整数"),
          HasSubstr("申请材料第4行：办事指南表中没有事项“不存在的事项”"),
          HasSubstr("办事指南第3行：请填写事项名称"),
          HasSubstr("办事指南第4行：没有单位“县外星局”"),
          HasSubstr("办事指南第5行：没有领域“宇宙”")));
  auto list = service_->List(editor_, {});
  ASSERT_TRUE(list.ok());
  ASSERT_THAT(*list, SizeIs(1));
  const Guide& g = list->front();
  EXPECT_EQ(g.not_applicable.at("送达方式"), "当场办结");
  EXPECT_THAT(g.life_events, ElementsAre("救助", "养老"));
  ASSERT_THAT(g.materials, SizeIs(1));
  EXPECT_EQ(g.materials[0].name, "户口簿");
  // Without a 办事指南 sheet the file is refused as a whole.
  auto none = service_->ImportXlsx(editor_, Xlsx({{"Sheet1", {{"a"}}}}));
  EXPECT_THAT(none.status().message(), HasSubstr("缺少工作表"));
}

TEST_P(GuidesTest, StaleStatisticsAfterThreeMonths) {
  Guide g = Create();
  PublishNow(g.id);
  // Published guides and no statistics ever.
  auto none = service_->StaleStatistics(D(2026, 9, 15), std::nullopt);
  ASSERT_TRUE(none.ok());
  ASSERT_THAT(*none, SizeIs(1));
  EXPECT_EQ(none->front().unit_id, unit_);
  EXPECT_FALSE(none->front().newest_month.has_value());

  ASSERT_TRUE(service_
                  ->SaveStats(editor_, {.unit_id = unit_,
                                        .year = 2026,
                                        .month = 6,
                                        .received = 10,
                                        .handled = 9,
                                        .on_time = 9})
                  .ok());
  struct Case {
    absl::CivilDay as_of;
    bool stale;
  } cases[] = {
      {D(2026, 9, 15), false},
      {D(2026, 9, 30), false},
      {D(2026, 10, 1), true},
      {D(2026, 12, 31), true},
  };
  for (const Case& c : cases) {
    auto got = service_->StaleStatistics(c.as_of, unit_);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->size(), c.stale ? 1u : 0u) << absl::FormatCivilTime(c.as_of);
    if (c.stale) {
      EXPECT_EQ(got->front().newest_month, D(2026, 6, 1));
    }
  }
  EXPECT_FALSE(service_
                   ->SaveStats(editor_, {.unit_id = unit_,
                                         .year = 2026,
                                         .month = 7,
                                         .received = 1,
                                         .handled = 2})
                   .ok());
  EXPECT_EQ(
      service_
          ->SaveStats(outsider_, {.unit_id = unit_, .year = 2026, .month = 7})
          .code(),
      absl::StatusCode::kPermissionDenied);
}

TEST_P(GuidesTest, IncompleteListsMissingElements) {
  GuideInput in = Input("临时救助审批");
  in.elements.erase("收费标准");
  Guide incomplete = Create(in);
  Guide complete = Create();
  auto got = service_->Incomplete(std::nullopt);
  ASSERT_TRUE(got.ok());
  ASSERT_THAT(*got, SizeIs(1));
  EXPECT_EQ(got->front().id, incomplete.id);
  ASSERT_THAT(got->front().missing, SizeIs(1));
  EXPECT_EQ(got->front().missing[0].element, "收费标准");
  EXPECT_THAT(service_->Incomplete(other_).value(), IsEmpty());
  (void)complete;
}

TEST_P(GuidesTest, BookChoosesScopeAndOrder) {
  // G3 renders; until then the HTML is whatever RenderBookHtml gives. The
  // choice of guides shows in the count and the title.
  Guide a = Create(Input("最低生活保障审核确认"));
  GuideInput edu = Input("义务教育入学登记");
  edu.unit = "县教育局";
  edu.domain = "义务教育";
  Actor edu_editor = outsider_;
  edu_editor.role = Role::kUnitEditor;
  edu_editor.user_id = 9;
  auto e = service_->Create(edu_editor, edu);
  ASSERT_TRUE(e.ok()) << e.status();
  PublishNow(a.id);
  ASSERT_TRUE(service_->Submit(edu_editor, e->id).ok());
  ASSERT_TRUE(service_->Review(outsider_, e->id, {.approve = true}).ok());
  ASSERT_TRUE(service_->Publish(outsider_, e->id).ok());
  Create(Input("临时救助审批"));  // a draft: never in a book

  auto county = service_->BookHtml(BookScope::kCounty, std::nullopt);
  ASSERT_TRUE(county.ok()) << county.status();
  EXPECT_EQ(county->guides, 2);
  EXPECT_EQ(county->title, "嘉鱼县办事一本通");
  EXPECT_EQ(county->edition, D(2026, 9, 15));
  auto unit = service_->BookHtml(BookScope::kUnit, unit_);
  ASSERT_TRUE(unit.ok());
  EXPECT_EQ(unit->guides, 1);
  EXPECT_EQ(unit->title, "嘉鱼县办事一本通（县民政局）");
  auto domain = service_->BookHtml(BookScope::kDomain,
                                   org_->ResolveDomain("义务教育")->id);
  ASSERT_TRUE(domain.ok());
  EXPECT_EQ(domain->guides, 1);
  EXPECT_EQ(service_->BookHtml(BookScope::kDomain, 99999).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->BookHtml(BookScope::kTown, unit_).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->BookHtml(BookScope::kTown, town_)->guides, 0);

  // The PDF is kept until a guide of the scope changes.
  auto pdf = service_->BookPdf(BookScope::kCounty, std::nullopt, Paper::kA5);
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  EXPECT_EQ(pdf->guides, 2);
  Guide c = Create(Input("特困人员认定"));
  clock_.Set(StartOfDay(D(2026, 9, 20)) + absl::Hours(10));
  PublishNow(c.id);
  auto again = service_->BookPdf(BookScope::kCounty, std::nullopt, Paper::kA5);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->guides, 3);
  EXPECT_EQ(again->edition, D(2026, 9, 20));
  EXPECT_NE(again->bytes, pdf->bytes);
}

INSTANTIATE_TEST_SUITE_P(Databases, GuidesTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::guides
