#include "catalog/excel.h"

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"
#include "catalog/item.h"
#include "catalog/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::catalog {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using testing_util::ReadFile;
using testing_util::XlsxBuilder;
using testing_util::ZipEntry;

using Rows = std::vector<std::vector<std::string>>;

const ChannelRegistry& Registry() {
  static const ChannelRegistry* registry = [] {
    auto r = ChannelRegistry::FromJson(
        ReadFile(ZWGK_CATALOG_DATA_DIR "/channels.json"));
    EXPECT_TRUE(r.ok()) << r.status();
    return new ChannelRegistry(*std::move(r));
  }();
  return *registry;
}

// Writes `rows` from `first_row`; "" leaves a cell empty, integers in the
// first column are written as numbers as Excel users type them.
void WriteRows(lxw_worksheet* ws, int first_row, const Rows& rows) {
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const std::string& v = rows[r][c];
      if (v.empty()) continue;
      const auto row = static_cast<lxw_row_t>(first_row + r);
      const auto col = static_cast<lxw_col_t>(c);
      int n = 0;
      if (c == 0 && absl::SimpleAtoi(v, &n)) {
        worksheet_write_number(ws, row, col, n, nullptr);
      } else {
        worksheet_write_string(ws, row, col, v.c_str(), nullptr);
      }
    }
  }
}

// The two-level header of 附件2 plus 公开层级, at rows 2–3 (Excel numbering).
void WriteGovernmentHeader(lxw_worksheet* ws, const std::string& title) {
  worksheet_merge_range(ws, 0, 0, 0, 14, title.c_str(), nullptr);
  const char* vertical[][2] = {{"A", "序号"},     {"D", "公开内容（要素）"},
                               {"E", "公开依据"}, {"F", "公开时限"},
                               {"G", "公开主体"}, {"H", "公开渠道和载体"}};
  for (auto& [col, label] : vertical) {
    const lxw_col_t c = static_cast<lxw_col_t>(col[0] - 'A');
    worksheet_merge_range(ws, 1, c, 2, c, label, nullptr);
  }
  worksheet_merge_range(ws, 1, 1, 1, 2, "公开事项", nullptr);
  worksheet_merge_range(ws, 1, 8, 1, 9, "公开对象", nullptr);
  worksheet_merge_range(ws, 1, 10, 1, 11, "公开方式", nullptr);
  worksheet_merge_range(ws, 1, 12, 1, 14, "公开层级", nullptr);
  WriteRows(ws, 2,
            {{"", "一级事项", "二级事项", "", "", "", "", "", "全社会",
              "特定群众", "主动", "依申请公开", "县级", "乡级", "村级"}});
}

constexpr char kBasis[] =
    "《政府信息公开条例》、《关于全面推进政务公开工作意见》、《关于推进重大建设"
    "项目批准和实施领域政"
    "府信息公开的意见》";

// A valid data row of the government layout (columns A–O).
std::vector<std::string> ValidRow(std::string seq) {
  return {seq,
          "批准服务信息",
          "办事指南",
          "申报材料清单",
          kBasis,
          "实时公开",
          "相关审批部门",
          "■政府网站",
          "√",
          "",
          "√",
          "",
          "√",
          "",
          ""};
}

// A workbook in the government layout with `rows` as data from row 4.
std::string GovernmentWorkbook(const Rows& rows) {
  XlsxBuilder b;
  lxw_worksheet* ws = b.AddSheet("目录");
  WriteGovernmentHeader(ws, "重大建设项目领域基层政务公开标准目录");
  WriteRows(ws, 3, rows);
  return b.Finish();
}

ImportOptions Options() {
  return {.domain = "重大建设项目", .channels = &Registry()};
}

CatalogItem Item(int seq, std::string level1, std::string level2) {
  CatalogItem item{
      .seq = seq, .level1 = std::move(level1), .level2 = std::move(level2)};
  item.elements = "申报材料清单";
  item.basis = kBasis;
  item.time_limit.text = "实时公开";
  item.subject = "相关审批部门";
  item.channels = {"政府网站"};
  item.audience = {Audience::kPublic};
  item.method = {Method::kProactive};
  item.levels = {Level::kCounty};
  Normalize(item, &Registry());
  return item;
}

TEST(ImportXlsxTest, ReadsTheGovernmentLayout) {
  XlsxBuilder b;
  lxw_worksheet* ws = b.AddSheet("目录");
  WriteGovernmentHeader(ws, "重大建设项目领域基层政务公开标准目录");
  // 一级事项 merged over two rows, then blank to continue; a blank row; ■/□
  // across line breaks; a group's name; trailing 备注 rows merged across.
  worksheet_merge_range(ws, 3, 1, 4, 1, "批准服务信息", nullptr);
  WriteRows(
      ws, 3,
      {{"1", "", "办事指南", "申报材料清单、批准流程等", kBasis, "实时公开",
        "相关审批部门",
        "■政府网站    ■两微一端\n■纸质媒体    "
        "□发布会/听证会\n■投资项目在线审批监管平台\n"
        "■社区/企事业单位/村公示栏\n(电子屏)",
        "√", "", "√", "", "√", "√", ""},
       {"2", "", "办理过程信息", "事项名称、事项办理部门、办理进展等", kBasis,
        "及时公开", "相关审批部门", "■政府网站\n□两微一端", "", "项目单位", "",
        "√", "√", "", ""},
       {},
       {"3", "批准结果信息", "审批结果", "审批结果、批复时间、批复文号",
        "《政府信息公开条例》", "自信息形成或者变更之日起20个工作日内",
        "县发改局", "■政府网站■县级融媒体中心", "✓", "", "✓", "", "", "√", "√"},
       {"4", "", "企业投资项目备案", "备案号", "《政府信息公开条例》",
        "公示7个工作日", "县发改局", "■ 政府网站", "√", "√", "√", "√", "√", "",
        ""}});
  worksheet_merge_range(ws, 8, 0, 8, 14, "备注：", nullptr);
  WriteRows(ws, 9, {{"1.公开事项：指某个具体应公开事项的名称。"}});

  absl::StatusOr<ImportResult> r = ImportXlsx(b.Finish(), Options());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->problems, IsEmpty());
  EXPECT_EQ(r->catalog.domain, "重大建设项目");
  const std::vector<CatalogItem>& items = r->catalog.items;
  ASSERT_EQ(items.size(), 4u);

  EXPECT_EQ(items[0].seq, 1);
  EXPECT_EQ(items[0].level1, "批准服务信息");
  EXPECT_EQ(items[0].level2, "办事指南");
  EXPECT_FALSE(items[0].level3.has_value());
  EXPECT_EQ(items[0].elements, "申报材料清单、批准流程等");
  EXPECT_EQ(items[0].basis_titles.size(), 3u);
  EXPECT_EQ(items[0].time_limit.period.kind, PeriodKind::kRealtime);
  EXPECT_THAT(items[0].channels,
              ElementsAre("政府网站", "两微一端", "纸质媒体",
                          "投资项目在线审批监管平台",
                          "社区/企事业单位/村公示栏（电子屏）"));
  EXPECT_THAT(items[0].audience, ElementsAre(Audience::kPublic));
  EXPECT_THAT(items[0].method, ElementsAre(Method::kProactive));
  EXPECT_THAT(items[0].levels, ElementsAre(Level::kCounty, Level::kTownship));

  EXPECT_EQ(items[1].level1, "批准服务信息");  // merged
  EXPECT_THAT(items[1].channels, ElementsAre("政府网站"));
  EXPECT_THAT(items[1].audience, ElementsAre(Audience::kGroup));
  EXPECT_EQ(items[1].audience_detail, "项目单位");
  EXPECT_THAT(items[1].method, ElementsAre(Method::kOnRequest));
  EXPECT_EQ(items[1].time_limit.period.kind, PeriodKind::kTimely);

  EXPECT_EQ(items[2].level1, "批准结果信息");
  EXPECT_THAT(items[2].channels,
              ElementsAre("政府网站", "县级融媒体中心"));  // unknown kept
  EXPECT_EQ(items[2].time_limit.period, (Period{PeriodKind::kWorkingDays, 20}));
  EXPECT_THAT(items[2].levels, ElementsAre(Level::kTownship, Level::kVillage));

  EXPECT_EQ(items[3].level1, "批准结果信息");  // blank continues
  EXPECT_THAT(items[3].audience,
              ElementsAre(Audience::kPublic, Audience::kGroup));
  EXPECT_EQ(items[3].audience_detail, "");
  EXPECT_THAT(items[3].method,
              ElementsAre(Method::kProactive, Method::kOnRequest));
  EXPECT_TRUE(items[3].time_limit.period_is_publicity);
}

// The seed's 附件2 template as written (no 公开层级, 二级 row 2 with 一级
// blank) imports to the seed rows of data/examples.json.
TEST(ImportXlsxTest, SeedTemplateMatchesExamples) {
  XlsxBuilder b;
  lxw_worksheet* ws = b.AddSheet("Sheet1");
  worksheet_merge_range(ws, 0, 0, 0, 12, "政务公开事项标准目录格式模板",
                        nullptr);
  for (int c : {0, 3, 4, 5, 6, 7}) {
    const char* labels[] = {
        "序号",     "",         "",         "公开内容（要素）",
        "公开依据", "公开时限", "公开主体", "公开渠道和载体"};
    worksheet_merge_range(ws, 1, c, 2, c, labels[c], nullptr);
  }
  worksheet_merge_range(ws, 1, 1, 1, 2, "公开事项", nullptr);
  worksheet_merge_range(ws, 1, 8, 1, 9, "公开对象", nullptr);
  worksheet_merge_range(ws, 1, 10, 1, 11, "公开方式", nullptr);
  const std::string channels =
      "■政府网站    ■两微一端\n■纸质媒体    ■发布会/听证会\n■广播电视    "
      "■公开查阅点\n"
      "■政务服务中心■便民服务站\n■投资项目在线审批监管平台\n"
      "■社区/企事业单位/村公示栏（电子屏）\n■其他";
  const std::string channels2 =
      "■政府网站    ■两微一端   \n■纸质媒体    ■发布会/听证会\n■广播电视    "
      "■公开查阅点\n"
      "■政务服务中心■便民服务站   \n■投资项目在线审批监管平台 \n"
      "■社区/企事业单位/村公示栏（电子屏）\n■其他";
  WriteRows(
      ws, 2,
      {{"", "一级事项", "二级事项", "", "", "", "", "", "全社会", "特定群众",
        "主动", "依申请公开"},
       {"1", "批准服务信息", "办事指南",
        "申报材料清单、批准流程、办理时限、受理机构联系方式、申报要求等",
        kBasis, "实时公开", "相关审批部门", channels, "√", "", "√", ""},
       {"2", "", "办理过程信息", "事项名称、事项办理部门、办理进展等", kBasis,
        "及时公开", "相关审批部门", channels2, "", "项目单位", "", "√"},
       {"备注："},
       {"1.公开事项：指某个具体应公开事项的名称。"}});
  absl::StatusOr<ImportResult> r = ImportXlsx(b.Finish(), Options());
  ASSERT_TRUE(r.ok()) << r.status();

  absl::StatusOr<std::vector<Catalog>> examples = ImportJsonList(
      ReadFile(ZWGK_CATALOG_DATA_DIR "/examples.json"), &Registry());
  ASSERT_TRUE(examples.ok()) << examples.status();
  ASSERT_GE(examples->front().items.size(), 2u);
  for (int i = 0; i < 2; ++i) {
    CatalogItem expected = examples->front().items[i];
    expected.example = false;
    EXPECT_EQ(r->catalog.items.at(i), expected) << i;
  }
}

// Issue 14: a row with a problem no longer fails the import; its item is
// kept, and the problem is reported by row with the item's name.
TEST(ImportXlsxTest, IncompleteRowIsKeptAndReported) {
  Rows rows = {ValidRow("1"), ValidRow("2"), ValidRow("3")};
  rows[1][2] = "办理过程信息";
  rows[1][5] = "";  // 公开时限 of Excel row 5
  absl::StatusOr<ImportResult> r =
      ImportXlsx(GovernmentWorkbook(rows), Options());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->catalog.items.size(), 3u);
  CatalogItem incomplete = Item(2, "批准服务信息", "办理过程信息");
  incomplete.time_limit = {};
  EXPECT_THAT(r->catalog.items,
              ElementsAre(Item(1, "批准服务信息", "办事指南"), incomplete,
                          Item(3, "批准服务信息", "办事指南")));
  EXPECT_THAT(r->problems,
              ElementsAre(ImportProblem{.sheet = "目录",
                                        .row = 5,
                                        .column = "F",
                                        .reason = "公开时限不能为空",
                                        .item = "批准服务信息 / 办理过程信息",
                                        .kept = true}));
  EXPECT_EQ(r->problems[0].ToString(),
            "工作表“目录”第5行F列（批准服务信息 / "
            "办理过程信息）：公开时限不能为空");
  EXPECT_THAT(PublicationProblems(r->catalog.items[1]),
              ElementsAre(FieldProblem{"time_limit", "公开时限不能为空"}));
  EXPECT_THAT(PublicationProblems(r->catalog.items[0]), IsEmpty());
}

struct RowProblemCase {
  std::string name;
  // column index → new text, on row 5
  std::vector<std::pair<int, std::string>> edits;
  std::string column;
  std::string reason;
  // Whether the item is kept, and then whether it is complete (a bad 序号
  // is not kept with the item: the draft numbers items in order).
  bool kept = true;
  bool complete = false;
};

class RowProblemTest : public testing::TestWithParam<RowProblemCase> {};

TEST_P(RowProblemTest, NamesRowColumnAndReason) {
  const RowProblemCase& c = GetParam();
  Rows rows = {ValidRow("1"), ValidRow("2"), ValidRow("3")};
  for (const auto& [col, text] : c.edits) rows[1][col] = text;
  absl::StatusOr<ImportResult> r =
      ImportXlsx(GovernmentWorkbook(rows), Options());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->problems.size(), 1u) << r->problems.front().ToString();
  EXPECT_EQ(r->problems[0].sheet, "目录");
  EXPECT_EQ(r->problems[0].row, 5);
  EXPECT_EQ(r->problems[0].column, c.column);
  EXPECT_THAT(r->problems[0].reason, HasSubstr(c.reason));
  EXPECT_EQ(r->problems[0].kept, c.kept);
  if (!c.kept) {
    EXPECT_EQ(r->catalog.items.size(), 2u);
    EXPECT_EQ(r->problems[0].item, "");
    return;
  }
  ASSERT_EQ(r->catalog.items.size(), 3u);
  EXPECT_EQ(r->problems[0].item, "批准服务信息 / 办事指南");
  const std::vector<FieldProblem> missing =
      PublicationProblems(r->catalog.items[1]);
  if (c.complete) {
    EXPECT_THAT(missing, IsEmpty());
  } else {
    ASSERT_FALSE(missing.empty());
    EXPECT_THAT(missing.front().reason,
                ::testing::AnyOf(HasSubstr(c.reason),
                                 HasSubstr("未勾选")));  // the unread mark
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RowProblemTest,
    testing::Values(
        RowProblemCase{
            "seq_text", {{0, "一"}}, "A", "序号“一”不是正整数", true, true},
        RowProblemCase{"seq_blank", {{0, ""}}, "A", "序号为空", true, true},
        RowProblemCase{
            "seq_duplicate", {{0, "1"}}, "A", "序号1与第4行重复", true, true},
        RowProblemCase{
            "seq_fraction", {{0, "1.5"}}, "A", "不是正整数", true, true},
        RowProblemCase{"level2_blank", {{2, ""}}, "C", "二级事项为空", false},
        RowProblemCase{
            "elements_blank", {{3, " "}}, "D", "公开内容（要素）不能为空"},
        RowProblemCase{"basis_blank", {{4, ""}}, "E", "公开依据不能为空"},
        RowProblemCase{"subject_blank", {{6, ""}}, "G", "公开主体不能为空"},
        RowProblemCase{"time_limit_unparsed",
                       {{5, "每年3月31日前"}},
                       "F",
                       "公开时限“每年3月31日前”无法识别为期限"},
        RowProblemCase{"no_used_channel",
                       {{7, "□政府网站\n□两微一端"}},
                       "H",
                       "公开渠道和载体至少要有一项（用■标记）"},
        RowProblemCase{"unmarked_channel",
                       {{7, "政府网站■两微一端"}},
                       "H",
                       "“政府网站”前没有■或□标记"},
        RowProblemCase{
            "unknown_mark", {{8, "X号"}}, "I", "无法识别“X号”，请打√或留空"},
        RowProblemCase{"no_audience", {{8, ""}}, "I", "公开对象未勾选"},
        RowProblemCase{"no_method", {{10, ""}}, "K", "公开方式未勾选"},
        RowProblemCase{"bad_level_mark", {{12, "县"}}, "M", "无法识别“县”"}),
    [](const auto& info) { return info.param.name; });

TEST(ImportXlsxTest, FirstRowWithoutLevel1IsKeptIncomplete) {
  Rows rows = {ValidRow("1")};
  rows[0][1] = "";
  absl::StatusOr<ImportResult> r =
      ImportXlsx(GovernmentWorkbook(rows), Options());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->problems,
              ElementsAre(ImportProblem{
                  "目录", 4, "B", "一级事项为空，且上方没有可延续的一级事项",
                  "办事指南", true}));
  ASSERT_EQ(r->catalog.items.size(), 1u);
  EXPECT_THAT(PublicationProblems(r->catalog.items[0]),
              ElementsAre(FieldProblem{"level1", "一级事项不能为空"}));
}

// What the fields cannot show stays with the item as an import note, so
// the item is flagged although every field has a value.
TEST(ImportXlsxTest, UnreadableCellsBecomeImportNotes) {
  Rows rows = {ValidRow("1")};
  rows[0][7] = "两微一端■政府网站";
  absl::StatusOr<ImportResult> r =
      ImportXlsx(GovernmentWorkbook(rows), Options());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->catalog.items.size(), 1u);
  const CatalogItem& item = r->catalog.items[0];
  EXPECT_THAT(item.channels, ElementsAre("政府网站"));
  ASSERT_EQ(item.import_notes.size(), 1u);
  EXPECT_EQ(item.import_notes[0].field, "channels");
  EXPECT_THAT(item.import_notes[0].reason, HasSubstr("“两微一端”前没有■或□"));
  EXPECT_EQ(PublicationProblems(item), item.import_notes);
  CatalogItem saved = item;
  saved.import_notes.clear();
  EXPECT_THAT(PublicationProblems(saved), IsEmpty());
}

// The county workbook of issue 14: the 附件2 layout (title, merged two-level
// header, 一级事项 merged over rows, ■/□ channel lists across lines, 公开层级,
// 备注 rows), one item with no channel ticked, one with a 公开时限 that is not
// a period, one without 公开主体, and a row naming no item.
TEST(ImportXlsxTest, CountyWorkbookKeepsEveryReadableRow) {
  XlsxBuilder b;
  lxw_worksheet* ws = b.AddSheet("标准目录");
  WriteGovernmentHeader(ws, "嘉鱼县重大建设项目领域基层政务公开标准目录");
  worksheet_merge_range(ws, 3, 1, 5, 1, "批准服务信息", nullptr);
  const std::string none_ticked =
      "□政府网站    □两微一端\n□纸质媒体    □发布会/听证会\n□公开查阅点";
  WriteRows(
      ws, 3,
      {{"1", "", "办事指南", "申报材料清单、批准流程", kBasis, "实时公开",
        "相关审批部门", "■政府网站    ■两微一端\n□纸质媒体", "√", "", "√", "",
        "√", "", ""},
       {"2", "", "办理过程信息", "事项名称、办理进展", kBasis, "及时公开",
        "相关审批部门", none_ticked, "√", "", "√", "", "√", "", ""},
       {"3", "", "咨询监督", "咨询电话、监督投诉电话", kBasis, "每年3月31日前",
        "相关审批部门", "■政府网站", "√", "", "√", "", "√", "", ""},
       {"4", "批准结果信息", "审批结果", "审批结果、批复文号", kBasis,
        "自信息形成或者变更之日起20个工作日内", "", "■政府网站", "√", "", "√",
        "", "√", "", ""},
       {"5", "", "", "", "", "", "", "", "", "", "", "", "", "", ""}});
  worksheet_merge_range(ws, 8, 0, 8, 14, "备注：■为必选渠道", nullptr);

  absl::StatusOr<ImportResult> r = ImportXlsx(b.Finish(), Options());
  ASSERT_TRUE(r.ok()) << r.status();
  const std::vector<CatalogItem>& items = r->catalog.items;
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[1].level2, "办理过程信息");
  EXPECT_THAT(items[1].channels, IsEmpty());
  EXPECT_EQ(items[1].elements, "事项名称、办理进展");  // what was read is kept
  EXPECT_THAT(PublicationProblems(items[0]), IsEmpty());
  EXPECT_THAT(PublicationProblems(items[1]),
              ElementsAre(FieldProblem{
                  "channels", "公开渠道和载体至少要有一项（用■标记）"}));
  ASSERT_EQ(PublicationProblems(items[2]).size(), 1u);
  EXPECT_THAT(PublicationProblems(items[2])[0].reason,
              HasSubstr("公开时限“每年3月31日前”无法识别为期限"));
  EXPECT_THAT(PublicationProblems(items[3]),
              ElementsAre(FieldProblem{"subject", "公开主体不能为空"}));

  ASSERT_EQ(r->problems.size(), 4u);
  auto expect = [&](size_t i, int row, absl::string_view item, bool kept,
                    absl::string_view reason) {
    SCOPED_TRACE(i);
    EXPECT_EQ(r->problems[i].sheet, "标准目录");
    EXPECT_EQ(r->problems[i].row, row);
    EXPECT_EQ(r->problems[i].item, item);
    EXPECT_EQ(r->problems[i].kept, kept);
    EXPECT_THAT(r->problems[i].reason, HasSubstr(reason));
  };
  expect(0, 5, "批准服务信息 / 办理过程信息", true,
         "公开渠道和载体至少要有一项");
  expect(1, 6, "批准服务信息 / 咨询监督", true, "无法识别为期限");
  expect(2, 7, "批准结果信息 / 审批结果", true, "公开主体不能为空");
  expect(3, 8, "", false, "二级事项为空");
}

TEST(ImportXlsxTest, HeaderProblems) {
  XlsxBuilder b;
  lxw_worksheet* ws = b.AddSheet("目录");
  WriteRows(
      ws, 1,
      {{"序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开主体",
        "公开渠道", "全社会", "特定群众", "主动", "依申请", "公开主体"},
       ValidRow("1")});
  absl::StatusOr<ImportResult> r = ImportXlsx(b.Finish(), Options());
  ASSERT_TRUE(absl::IsInvalidArgument(r.status()));
  EXPECT_THAT(
      GetImportProblems(r.status()),
      ElementsAre(ImportProblem{"目录", 2, "L", "表头“公开主体”与F列重复"},
                  ImportProblem{"目录", 2, "", "表头缺少“公开时限”列"}));
}

TEST(ImportXlsxTest, NoHeader) {
  XlsxBuilder b;
  WriteRows(b.AddSheet("说明"), 0, {{"本表为空"}});
  absl::StatusOr<ImportResult> r = ImportXlsx(b.Finish(), Options());
  ASSERT_TRUE(absl::IsInvalidArgument(r.status()));
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("没有找到目录表头"));
}

TEST(ImportXlsxTest, PicksTheSheet) {
  XlsxBuilder b;
  WriteRows(b.AddSheet("封面"), 0, {{"某县政务公开标准目录"}});
  lxw_worksheet* a = b.AddSheet("甲");
  WriteGovernmentHeader(a, "甲");
  WriteRows(a, 3, {ValidRow("1")});
  lxw_worksheet* c = b.AddSheet("乙");
  WriteGovernmentHeader(c, "乙");
  WriteRows(c, 3, {ValidRow("7")});
  const std::string bytes = b.Finish();

  // The first sheet with a header.
  absl::StatusOr<ImportResult> r = ImportXlsx(bytes, Options());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->catalog.items.at(0).seq, 1);
  ImportOptions named = Options();
  named.sheet = "乙";
  r = ImportXlsx(bytes, named);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->catalog.items.at(0).seq, 7);
  named.sheet = "丙";
  EXPECT_TRUE(absl::IsNotFound(ImportXlsx(bytes, named).status()));
}

// One header row with variant labels, another column order, 三级事项 under a
// merged 二级事项, "√（项目单位）", and an unknown column.
TEST(ImportXlsxTest, VariantLayout) {
  XlsxBuilder b;
  lxw_worksheet* ws = b.AddSheet("目录");
  WriteRows(ws, 0,
            {{"序号", "备注", "公开事项一级事项", "二级事项", "三级事项",
              "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道及载体",
              "特定群体", "全社会", "依申请", "主动", "乡镇级", "责任人"},
             {"1", "", "财政预决算", "", "一般公共预算", "收支表", "《预算法》",
              "经本级人大或其常委会批准后20日内", "县财政局",
              "政府网站、政府公报", "", "√", "", "√", "", "张三"},
             {"2", "示例，待审核", "", "", "政府性基金预算", "收支表",
              "《预算法》", "经本级人大或其常委会批准后20日内", "县财政局",
              "政府网站", "√（人大代表）", "", "√", "", "√", ""}});
  worksheet_merge_range(ws, 1, 3, 2, 3, "政府预算", nullptr);
  worksheet_write_string(ws, 2, 2, "", nullptr);
  absl::StatusOr<ImportResult> r = ImportXlsx(b.Finish(), Options());
  ASSERT_TRUE(r.ok()) << r.status();
  const auto& items = r->catalog.items;
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].level2, "政府预算");
  EXPECT_EQ(items[0].level3, "一般公共预算");
  EXPECT_THAT(items[0].channels, ElementsAre("政府网站", "政府公报"));
  EXPECT_EQ(items[0].time_limit.period,
            (Period{PeriodKind::kCalendarDays, 20}));
  EXPECT_FALSE(items[0].example);
  EXPECT_EQ(items[1].level1, "财政预决算");
  EXPECT_EQ(items[1].level2, "政府预算");
  EXPECT_EQ(items[1].level3, "政府性基金预算");
  EXPECT_THAT(items[1].audience, ElementsAre(Audience::kGroup));
  EXPECT_EQ(items[1].audience_detail, "人大代表");
  EXPECT_THAT(items[1].method, ElementsAre(Method::kOnRequest));
  EXPECT_THAT(items[1].levels, ElementsAre(Level::kTownship));
  EXPECT_TRUE(items[1].example);
}

// A catalog that exercises every field and the awkward characters.
Catalog TrickyCatalog() {
  Catalog c{.domain = "重大建设项目", .version = 3};
  CatalogItem a = Item(1, "批准服务信息", "办事指南");
  a.elements = "申报材料清单, \"批准流程\"\n办理时限";
  a.channels = {"政府网站", "投资项目在线审批监管平台", "县级融媒体中心",
                "社区/企事业单位/村公示栏（电子屏）"};
  a.levels = {Level::kCounty, Level::kTownship, Level::kVillage};
  a.example = true;
  CatalogItem b = Item(2, "批准服务信息", "办理过程信息");
  b.level3 = "进展";
  b.audience = {Audience::kGroup};
  b.audience_detail = "项目单位";
  b.method = {Method::kOnRequest};
  b.levels = {};
  b.time_limit.text = "公示7个工作日";
  CatalogItem d = Item(5, "批准结果信息", "审批结果");
  d.audience = {Audience::kPublic, Audience::kGroup};
  d.method = {Method::kProactive, Method::kOnRequest};
  d.basis = "《中华人民共和国政府信息公开条例》第二十条,\r\n其他";
  // 一级 again, not adjacent
  CatalogItem e = Item(6, "批准服务信息", "咨询监督");
  for (CatalogItem* i : {&a, &b, &d, &e}) {
    Normalize(*i, &Registry());
    c.items.push_back(*i);
  }
  return c;
}

TEST(RoundTripTest, Xlsx) {
  const Catalog original = TrickyCatalog();
  for (const ChannelRegistry* checklist :
       {static_cast<const ChannelRegistry*>(nullptr), &Registry()}) {
    absl::StatusOr<std::string> bytes =
        ExportXlsxBytes(original, {.channels = checklist});
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    absl::StatusOr<ImportResult> back = ImportXlsx(*bytes, Options());
    ASSERT_TRUE(back.ok()) << back.status();
    Catalog expected = original;
    expected.version.reset();  // a workbook does not carry the version
    EXPECT_EQ(back->catalog, expected);
  }
}

TEST(RoundTripTest, EmptyCatalog) {
  const Catalog empty{.domain = "义务教育"};
  absl::StatusOr<std::string> bytes = ExportXlsxBytes(empty);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  ImportOptions options = Options();
  options.domain = "义务教育";
  absl::StatusOr<ImportResult> back = ImportXlsx(*bytes, options);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->catalog, empty);
  back = ImportCsv(ExportCsv(empty), options);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->catalog, empty);
}

TEST(RoundTripTest, Csv) {
  const Catalog original = TrickyCatalog();
  const std::string csv = ExportCsv(original);
  EXPECT_TRUE(csv.starts_with(
      "\xEF\xBB\xBF序号,一级事项,二级事项,三级事项,公开内容（要素）,"));
  EXPECT_THAT(csv, HasSubstr("\"申报材料清单, \"\"批准流程\"\"\n办理时限\""));
  absl::StatusOr<ImportResult> back = ImportCsv(csv, Options());
  ASSERT_TRUE(back.ok()) << back.status();
  Catalog expected = original;
  expected.version.reset();
  EXPECT_EQ(back->catalog, expected);
}

TEST(RoundTripTest, Json) {
  const Catalog original = TrickyCatalog();
  absl::StatusOr<Catalog> back = ImportJson(ExportJson(original), &Registry());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, original);
  absl::StatusOr<std::vector<Catalog>> list =
      ImportJsonList(ExportJsonList({original, original}), &Registry());
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_THAT(*list, ElementsAre(original, original));
}

TEST(ExportXlsxTest, GovernmentLayout) {
  absl::StatusOr<std::string> bytes =
      ExportXlsxBytes(TrickyCatalog(), {.channels = &Registry()});
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  absl::StatusOr<xlsx::Workbook> wb = xlsx::Workbook::FromBytes(*bytes);
  ASSERT_TRUE(wb.ok()) << wb.status();
  EXPECT_THAT(wb->sheet_names(), ElementsAre("标准目录"));
  absl::StatusOr<xlsx::Sheet> s = wb->ReadSheet(0);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->At(0, 0).text, "重大建设项目领域政务公开事项标准目录");
  ASSERT_NE(s->MergeAt(0, 0), nullptr);
  EXPECT_EQ(s->MergeAt(0, 0)->ToA1(),
            "A1:Q1");  // 17 columns: with 三级, 层级, 备注
  EXPECT_EQ(s->MergeAt(1, 1)->ToA1(), "B2:D2");
  EXPECT_EQ(s->At(1, 1).text, "公开事项");
  EXPECT_EQ(s->MergeAt(1, 0)->ToA1(), "A2:A3");
  EXPECT_EQ(s->At(2, 3).text, "三级事项");
  EXPECT_EQ(s->At(1, 9).text, "公开对象");
  EXPECT_EQ(s->At(2, 10).text, "特定群众");
  EXPECT_EQ(s->At(1, 13).text, "公开层级");
  EXPECT_EQ(s->At(1, 16).text, "备注");
  EXPECT_EQ(s->At(3, 0).type, xlsx::CellType::kNumber);
  EXPECT_EQ(s->MergeAt(3, 1)->ToA1(), "B4:B5");  // 批准服务信息 over rows 4–5
  EXPECT_EQ(s->MergeAt(6, 1), nullptr);  // row 7 repeats it after another
  EXPECT_EQ(s->At(3, 8).text,
            "■政府网站\n■投资项目在线审批监管平台\n■县级融媒体中心\n"
            "■社区/企事业单位/村公示栏（电子屏）\n□两微一端    □纸质媒体\n"
            "□发布会/听证会    □广播电视\n□公开查阅点    "
            "□政务服务中心\n□便民服务站    □其他");
  EXPECT_EQ(s->At(3, 9).text, "√");
  EXPECT_EQ(s->At(4, 10).text, "项目单位");
  EXPECT_EQ(s->At(3, 16).text, "示例，待审核");

  const std::string sheet_xml = ZipEntry(*bytes, "xl/worksheets/sheet1.xml");
  EXPECT_THAT(sheet_xml, HasSubstr("paperSize=\"9\""));
  EXPECT_THAT(sheet_xml, HasSubstr("orientation=\"landscape\""));
  EXPECT_THAT(sheet_xml, HasSubstr("fitToHeight=\"0\""));
  EXPECT_THAT(sheet_xml, HasSubstr("<pane ySplit=\"3\""));
  const std::string workbook_xml = ZipEntry(*bytes, "xl/workbook.xml");
  EXPECT_THAT(workbook_xml, HasSubstr("_xlnm.Print_Titles"));
  EXPECT_THAT(workbook_xml, HasSubstr("$2:$3"));
  const std::string styles_xml = ZipEntry(*bytes, "xl/styles.xml");
  EXPECT_THAT(styles_xml, HasSubstr("wrapText=\"1\""));
  EXPECT_THAT(styles_xml, HasSubstr("<left style=\"thin\">"));
}

TEST(ExportXlsxTest, Errors) {
  EXPECT_FALSE(ExportXlsx(TrickyCatalog(), "/nonexistent-dir/x.xlsx").ok());
  EXPECT_TRUE(absl::IsInvalidArgument(
      ExportXlsxBytes(TrickyCatalog(), {.sheet_name = "a/b"}).status()));
  Catalog huge = TrickyCatalog();
  huge.items[0].elements = std::string(40000, 'x');
  absl::StatusOr<std::string> r = ExportXlsxBytes(huge);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("第4行“公开内容（要素）”写入失败"));
}

// A catalog cell an editor typed as "=…" reaches the public download
// neutralized, and an import of that download gives the cell back as typed.
TEST(RoundTripTest, CsvWithFormulaLikeCells) {
  Catalog original{.domain = "重大建设项目"};
  CatalogItem a =
      Item(1, "=HYPERLINK(\"http://evil.example\",\"批准\")", "@办事指南");
  a.elements = "-申报材料清单";
  a.basis = "+《中华人民共和国政府信息公开条例》第二十条";
  a.audience = {Audience::kGroup};
  a.audience_detail = "=1+1";
  a.subject = "'=县发改委";
  CatalogItem b = Item(2, "批准服务信息", "\t办理过程信息");
  b.elements = "\r=cmd|' /C calc'!A0";
  for (CatalogItem* i : {&a, &b}) {
    Normalize(*i, &Registry());
    original.items.push_back(*i);
  }
  const std::string csv = ExportCsv(original);
  absl::StatusOr<Rows> rows = ParseCsv(csv);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 3u);
  for (size_t r = 1; r < rows->size(); ++r) {
    for (const std::string& cell : rows->at(r)) {
      ASSERT_FALSE(cell.empty() ? false
                                : absl::string_view("=+-@\t\r").find(cell[0]) !=
                                      absl::string_view::npos)
          << "row " << r + 1 << " starts a formula: " << cell;
    }
  }
  EXPECT_THAT(csv, HasSubstr("\"'=HYPERLINK(\"\"http://evil.example\"\""));
  EXPECT_THAT(csv, HasSubstr("\"'-申报材料清单\""));
  EXPECT_THAT(csv, HasSubstr("\"''=县发改委\""));
  absl::StatusOr<ImportResult> back = ImportCsv(csv, Options());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->catalog, original);
}

// XLSX needs no quote: libxlsxwriter's worksheet_write_string and
// worksheet_merge_range write shared strings, which Excel never evaluates.
TEST(ExportXlsxTest, FormulaLikeTextIsWrittenAsText) {
  Catalog c{.domain = "重大建设项目"};
  CatalogItem a = Item(1, "=1+1", "@SUM(A1)");
  a.elements = "=HYPERLINK(\"http://evil.example\",\"x\")";
  CatalogItem b = Item(2, "=1+1", "-5");  // 一级 merged over two rows
  for (CatalogItem* i : {&a, &b}) {
    Normalize(*i, &Registry());
    c.items.push_back(*i);
  }
  absl::StatusOr<std::string> bytes = ExportXlsxBytes(c);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  const std::string sheet_xml = ZipEntry(*bytes, "xl/worksheets/sheet1.xml");
  EXPECT_THAT(sheet_xml, Not(HasSubstr("<f>")));
  EXPECT_THAT(sheet_xml, Not(HasSubstr("<f ")));
  absl::StatusOr<xlsx::Workbook> wb = xlsx::Workbook::FromBytes(*bytes);
  ASSERT_TRUE(wb.ok()) << wb.status();
  absl::StatusOr<xlsx::Sheet> s = wb->ReadSheet(0);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->At(3, 1).type, xlsx::CellType::kString);
  EXPECT_EQ(s->At(3, 1).text, "=1+1");
  EXPECT_EQ(s->At(3, 2).text, "@SUM(A1)");
  EXPECT_EQ(s->At(4, 2).type, xlsx::CellType::kString);
  EXPECT_EQ(s->At(4, 2).text, "-5");
  absl::StatusOr<ImportResult> back = ImportXlsx(*bytes, Options());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->catalog.items, c.items);
}

TEST(CsvTest, RejectsGbk) {
  absl::StatusOr<ImportResult> r = ImportCsv(
      "\xd0\xf2\xba\xc5,\xd2\xbb\xbc\xb6\xca\xc2\xcf\xee\r\n", Options());
  ASSERT_TRUE(absl::IsInvalidArgument(r.status()));
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("CSV UTF-8"));
}

TEST(JsonTest, ExactFormat) {
  Catalog c{.domain = "义务教育"};
  CatalogItem i = Item(1, "招生管理", "招生计划");
  i.levels = {};
  Normalize(i, nullptr);
  c.items.push_back(i);
  EXPECT_EQ(ExportJson(c), R"({
  "domain": "义务教育",
  "version": null,
  "items": [
    {
      "seq": 1,
      "level1": "招生管理",
      "level2": "招生计划",
      "elements": "申报材料清单",
      "basis": ")" + std::string(kBasis) +
                               R"(",
      "time_limit": "实时公开",
      "subject": "相关审批部门",
      "channels": [
        "政府网站"
      ],
      "audience": [
        "全社会"
      ],
      "audience_detail": "",
      "method": [
        "主动"
      ],
      "levels": []
    }
  ]
}
)");
}

TEST(JsonTest, Errors) {
  struct Case {
    std::string json;
    std::string message;
  };
  const Case cases[] = {
      {"{", "不是有效的 JSON"},
      {"[]x", "不是有效的 JSON"},
      {"3", "应为 JSON 对象"},
      {R"({"items":[]})", "缺少领域名称"},
      {R"({"domain":"甲","version":"1","items":[]})", "版本号"},
      {R"({"domain":"甲"})", "缺少事项数组"},
      {R"({"domain":"甲","items":[1]})", "items[0]：应为 JSON 对象"},
      {R"({"domain":"甲","items":[{"seq":"1"}]})", "items[0].seq：应为正整数"},
      {R"({"domain":"甲","items":[{"seq":1,"level1":2}]})",
       "items[0].level1：应为字符串"},
      {R"({"domain":"甲","items":[{"seq":1,"channels":"政府网站"}]})",
       "items[0].channels：应为字符串数组"},
      {R"({"domain":"甲","items":[{"seq":1,"method":["主动公开","被动"]}]})",
       "items[0].method：“被动”无效"},
      {R"({"domain":"甲","items":[{"seq":1,"level1":"a","level2":"b","elements":"c","basis":"d",)"
       R"("time_limit":"e","subject":"f","channels":[],"audience":["全社会"],"method":["主动"]}]})",
       "items[0].channels：公开渠道和载体至少要有一项"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<Catalog> r = ImportJson(c.json);
    EXPECT_TRUE(absl::IsInvalidArgument(r.status())) << c.json;
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(c.message))
        << c.json;
  }
  EXPECT_THAT(std::string(ImportJsonList(R"([{"domain":"甲","items":[]},{}])")
                              .status()
                              .message()),
              HasSubstr("第2个目录"));
}

}  // namespace
}  // namespace zwgk::catalog
