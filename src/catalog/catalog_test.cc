// The model, channels, item rules and the seed data.
#include <optional>
#include <string>
#include <vector>

#include "catalog/channels.h"
#include "catalog/excel.h"
#include "catalog/item.h"
#include "catalog/layout.h"
#include "catalog/model.h"
#include "catalog/test_util.h"
#include "catalog/text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::catalog {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing_util::ReadFile;

ChannelRegistry LoadRegistry() {
  absl::StatusOr<ChannelRegistry> r = ChannelRegistry::FromJson(
      ReadFile(ZWGK_CATALOG_DATA_DIR "/channels.json"));
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *std::move(r) : ChannelRegistry();
}

TEST(ModelTest, NamesRoundTrip) {
  for (Audience a : {Audience::kPublic, Audience::kGroup}) {
    EXPECT_EQ(ParseAudience(AudienceName(a)), a);
  }
  for (Method m : {Method::kProactive, Method::kOnRequest}) {
    EXPECT_EQ(ParseMethod(MethodName(m)), m);
  }
  for (Level l : {Level::kCounty, Level::kTownship, Level::kVillage}) {
    EXPECT_EQ(ParseLevel(LevelName(l)), l);
  }
  EXPECT_EQ(ParseAudience("特定群体"), Audience::kGroup);
  EXPECT_EQ(ParseMethod("依申请"), Method::kOnRequest);
  EXPECT_EQ(ParseMethod(" 主动公开 "), Method::kProactive);
  EXPECT_EQ(ParseLevel("乡镇级"), Level::kTownship);
  EXPECT_FALSE(ParseAudience("群众").has_value());
  EXPECT_FALSE(ParseMethod("").has_value());
  EXPECT_FALSE(ParseLevel("市级").has_value());
}

TEST(VersionRefTest, ParsesWhatUsersTypeAndPrintsItBack) {
  using Kind = VersionRef::Kind;
  struct Case {
    std::string text;
    std::optional<VersionRef> want;
    std::string printed;  // ToString of the parsed reference
  };
  const std::vector<Case> cases = {
      {"", VersionRef{.kind = Kind::kCurrent}, ""},
      {"draft", VersionRef{.kind = Kind::kDraft}, "draft"},
      {"published", VersionRef{.kind = Kind::kLatestPublished}, "published"},
      {"1", VersionRef{.kind = Kind::kNumber, .number = 1}, "1"},
      {"3", VersionRef::Number(3), "3"},
      {"12", VersionRef::Number(12), "12"},
      {"03", VersionRef::Number(3), "3"},
      {"0", std::nullopt, ""},
      {"-1", std::nullopt, ""},
      {"+2", std::nullopt, ""},
      {" 2", std::nullopt, ""},
      {"2 ", std::nullopt, ""},
      {"v2", std::nullopt, ""},
      {"2.0", std::nullopt, ""},
      {"99999999999", std::nullopt, ""},  // beyond int
      {"Draft", std::nullopt, ""},
      {"草稿", std::nullopt, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    std::optional<VersionRef> got = VersionRef::Parse(c.text);
    EXPECT_EQ(got, c.want);
    if (got) {
      EXPECT_EQ(got->ToString(), c.printed);
      EXPECT_EQ(VersionRef::Parse(got->ToString()), got);
    }
  }
}

TEST(VersionRefTest, OnlyCurrentAndDraftMayNameTheDraft) {
  EXPECT_TRUE(VersionRef::Current().MayBeDraft());
  EXPECT_TRUE(VersionRef::Draft().MayBeDraft());
  EXPECT_FALSE(VersionRef::LatestPublished().MayBeDraft());
  EXPECT_FALSE(VersionRef::Number(1).MayBeDraft());
}

TEST(TextTest, Utf8Helpers) {
  EXPECT_EQ(text::Trim("\u3000 政府网站\n\u00a0"), "政府网站");
  EXPECT_EQ(text::Trim("   "), "");
  EXPECT_EQ(text::RemoveSpaces("公开 内容\n（要素）"), "公开内容（要素）");
  EXPECT_EQ(text::SanitizeUtf8("a\xff"
                               "b"),
            "a\uFFFD"
            "b");
  EXPECT_EQ(text::EncodeUtf8(text::DecodeUtf8("《条例》𠀀")), "《条例》𠀀");
  EXPECT_EQ(text::Trim("\xe6\x94"),
            "\xe6\x94");  // a cut sequence is kept, not read past
  EXPECT_TRUE(text::IsValidUtf8("政务 \uFFFD ok"));
  EXPECT_FALSE(text::IsValidUtf8("\xd5\xfe\xb8\xae"));  // 政府 in GBK
  EXPECT_FALSE(text::IsValidUtf8("\xe6\x94"));          // cut short
  EXPECT_FALSE(text::IsValidUtf8("\xc0\xaf"));          // overlong "/"
  EXPECT_FALSE(text::IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(text::IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_TRUE(text::IsValidUtf8("\xf0\xa0\x80\x80"));   // U+20000
}

TEST(ChannelRegistryTest, LoadsTheShippedList) {
  const ChannelRegistry r = LoadRegistry();
  EXPECT_THAT(
      r.Checklist("义务教育"),
      ElementsAre("政府网站", "两微一端", "纸质媒体", "发布会/听证会",
                  "广播电视", "公开查阅点", "政务服务中心", "便民服务站",
                  "社区/企事业单位/村公示栏（电子屏）", "其他"));
  EXPECT_EQ(r.Checklist("重大建设项目").back(), "投资项目在线审批监管平台");
  EXPECT_TRUE(r.IsKnown("政府公报"));
  EXPECT_EQ(r.Canonical("社区/企事业单位/村公示栏(电子屏)"),
            "社区/企事业单位/村公示栏（电子屏）");
  EXPECT_EQ(r.Canonical(" 发布会 ／ 听证会 "), "发布会/听证会");
  EXPECT_EQ(r.Canonical(" 县级融媒体中心 "), "县级融媒体中心");
  EXPECT_FALSE(r.IsKnown("县级融媒体中心"));
}

TEST(ChannelRegistryTest, Extensible) {
  ChannelRegistry r = LoadRegistry();
  r.Add({.name = "县级融媒体中心",
         .aliases = {"融媒体中心"},
         .domains = {"义务教育"}});
  EXPECT_EQ(r.Canonical("融媒体中心"), "县级融媒体中心");
  EXPECT_EQ(r.Checklist("义务教育").back(), "县级融媒体中心");
  r.Add({.name = "县级融媒体中心"});  // replaces by name
  EXPECT_EQ(r.Checklist("义务教育").back(), "其他");
}

TEST(ChannelRegistryTest, RejectsBadJson) {
  for (const char* json :
       {"", "[]", R"({"channels":{}})", R"({"channels":[{"name":""}]})",
        R"({"channels":[{"name":"a","checklist":"yes"}]})",
        R"({"channels":[{"name":"a","aliases":"b"}]})"}) {
    EXPECT_FALSE(ChannelRegistry::FromJson(json).ok()) << json;
  }
}

struct ChannelCellCase {
  std::string cell;
  std::vector<std::string> used;
  std::vector<std::string> unused;
  std::string unmarked;
};

TEST(ChannelCellTest, Parses) {
  const ChannelRegistry r = LoadRegistry();
  const ChannelCellCase cases[] = {
      {"■政府网站    ■两微一端\n■纸质媒体    □发布会/听证会",
       {"政府网站", "两微一端", "纸质媒体"},
       {"发布会/听证会"},
       ""},
      {"■政务服务中心■便民服务站   \n■投资项目在线审批监管平台 ",
       {"政务服务中心", "便民服务站", "投资项目在线审批监管平台"},
       {},
       ""},
      {"■社区/企事业单位/村公示栏\n（电子屏）",
       {"社区/企事业单位/村公示栏（电子屏）"},
       {},
       ""},
      {"☑政府网站 ☐两微一端 √其他", {"政府网站", "其他"}, {"两微一端"}, ""},
      {"■政府网站■政府网站", {"政府网站"}, {}, ""},
      {"政府网站、政务服务中心；政府公报\n其他",
       {"政府网站", "政务服务中心", "政府公报", "其他"},
       {},
       ""},
      {"门户 ■政府网站", {"政府网站"}, {}, "门户"},
      {"■", {}, {}, ""},
      {"", {}, {}, ""},
  };
  for (const ChannelCellCase& c : cases) {
    const ChannelCell cell = ParseChannelCell(c.cell, &r);
    EXPECT_EQ(cell.used, c.used) << c.cell;
    EXPECT_EQ(cell.unused, c.unused) << c.cell;
    EXPECT_EQ(cell.unmarked, c.unmarked) << c.cell;
  }
}

TEST(ChannelCellTest, FormatsTwoShortNamesPerLine) {
  EXPECT_EQ(
      FormatChannelCell(
          {"政府网站", "两微一端", "社区/企事业单位/村公示栏（电子屏）"},
          {"其他"}),
      "■政府网站    ■两微一端\n■社区/企事业单位/村公示栏（电子屏）\n□其他");
  EXPECT_EQ(FormatChannelCell({}, {}), "");
  const std::vector<std::string> used = {"政务服务中心",
                                         "投资项目在线审批监管平台", "其他"};
  EXPECT_EQ(
      ParseChannelCell(FormatChannelCell(used, {"两微一端"}), nullptr).used,
      used);
}

TEST(ItemTest, BasisTitles) {
  struct Case {
    std::string basis;
    std::vector<std::string> titles;
  };
  const Case cases[] = {
      {"《政府信息公开条例》、《关于全面推进政务公开工作意见》",
       {"政府信息公开条例", "关于全面推进政务公开工作意见"}},
      {"《国务院办公厅关于印发〈重大建设项目领域基层政务公开标准指引〉的通知》"
       "第三条",
       {"国务院办公厅关于印发〈重大建设项目领域基层政务公开标准指引〉的通知"}},
      {"《关于印发《办法》的通知》", {"关于印发《办法》的通知"}},
      {"《条例》《条例》《 》", {"条例"}},
      {"《未闭合", {}},
      {"预算法", {}},
  };
  for (const Case& c : cases)
    EXPECT_EQ(ParseBasisTitles(c.basis), c.titles) << c.basis;
}

TEST(ItemTest, NormalizeAndValidate) {
  const ChannelRegistry r = LoadRegistry();
  CatalogItem item{
      .seq = 1, .level1 = " 招生管理 ", .level2 = "招生计划\n", .level3 = " "};
  item.elements = "招生计划";
  item.basis = "《中华人民共和国义务教育法》";
  item.time_limit.text = " 自信息形成或者变更之日起20个工作日内 ";
  item.subject = "县教育局";
  item.channels = {"政府网站", " 发布会／听证会", "政府网站", ""};
  item.audience = {Audience::kGroup, Audience::kPublic, Audience::kGroup};
  item.audience_detail = " 适龄儿童家长 ";
  item.method = {Method::kProactive};
  item.levels = {Level::kVillage, Level::kCounty};
  Normalize(item, &r);
  EXPECT_EQ(item.level1, "招生管理");
  EXPECT_EQ(item.level2, "招生计划");
  EXPECT_FALSE(item.level3.has_value());
  EXPECT_THAT(item.channels, ElementsAre("政府网站", "发布会/听证会"));
  EXPECT_THAT(item.audience, ElementsAre(Audience::kPublic, Audience::kGroup));
  EXPECT_EQ(item.audience_detail, "适龄儿童家长");
  EXPECT_THAT(item.levels, ElementsAre(Level::kCounty, Level::kVillage));
  EXPECT_THAT(item.basis_titles, ElementsAre("中华人民共和国义务教育法"));
  EXPECT_EQ(item.time_limit.text, "自信息形成或者变更之日起20个工作日内");
  EXPECT_EQ(item.time_limit.period, (Period{PeriodKind::kWorkingDays, 20}));
  EXPECT_THAT(Validate(item), IsEmpty());

  CatalogItem bad;
  bad.channels = {"a■b"};
  bad.audience_detail = "项目单位";
  EXPECT_THAT(
      Validate(bad),
      ElementsAre(
          FieldProblem{"seq", "序号应为正整数"},
          FieldProblem{"level1", "一级事项不能为空"},
          FieldProblem{"level2", "二级事项不能为空"},
          FieldProblem{"elements", "公开内容（要素）不能为空"},
          FieldProblem{"basis", "公开依据不能为空"},
          FieldProblem{"time_limit", "公开时限不能为空"},
          FieldProblem{"subject", "公开主体不能为空"},
          FieldProblem{"channels", "渠道名称“a■b”不能含有■、□或换行"},
          FieldProblem{"audience", "公开对象未勾选（全社会或特定群众）"},
          FieldProblem{"audience_detail",
                       "写明了特定群众“项目单位”，但公开对象未勾选特定群众"},
          FieldProblem{"method", "公开方式未勾选（主动或依申请公开）"}));
  item.basis = std::string(kMaxCellChars + 1, 'x');
  EXPECT_THAT(Validate(item), ElementsAre(FieldProblem{
                                  "basis", "公开依据过长（超过32767字）"}));
}

// A catalog keeps its legal 公开时限 wording; the county's 计时期限 is what
// the clock counts by, and only an unreadable effective period blocks
// publication.
TEST(ItemTest, ClockWordingCountsWhenTheTimeLimitNamesSeveralCases) {
  struct Case {
    std::string text;
    std::string clock;
    Period period;
    std::vector<std::string> problem_fields;
  };
  const std::string several =
      "自信息形成或者变更之日起20个工作日内予以公开；结果信息自信息形成或者"
      "变更之日起7个工作日内予以公开";
  const std::vector<Case> cases = {
      {"自信息形成或者变更之日起20个工作日内",
       "",
       {PeriodKind::kWorkingDays, 20},
       {}},
      {several, "", {PeriodKind::kUnparsed, 0}, {"time_limit"}},
      {several, " 7个工作日内 ", {PeriodKind::kWorkingDays, 7}, {}},
      {"随采购公告、采购文件公开", "及时公开", {PeriodKind::kTimely, 0}, {}},
      {several, "尽快", {PeriodKind::kUnparsed, 0}, {"time_limit"}},
  };
  const ChannelRegistry r = LoadRegistry();
  for (const Case& c : cases) {
    CatalogItem item{.seq = 1, .level1 = "政府采购", .level2 = "采购公告"};
    item.elements = "采购公告";
    item.basis = "《中华人民共和国政府采购法》";
    item.subject = "县财政局";
    item.channels = {"政府网站"};
    item.audience = {Audience::kPublic};
    item.method = {Method::kProactive};
    item.time_limit = {.text = c.text, .clock = c.clock};
    Normalize(item, &r);
    EXPECT_EQ(item.time_limit.text, c.text);
    EXPECT_EQ(item.time_limit.clock, text::Trim(c.clock));
    EXPECT_EQ(item.time_limit.period.kind, c.period.kind) << c.clock;
    EXPECT_EQ(item.time_limit.period.days, c.period.days) << c.clock;
    std::vector<std::string> fields;
    for (const FieldProblem& p : PublicationProblems(item))
      fields.push_back(p.field);
    EXPECT_EQ(fields, c.problem_fields) << c.text << " / " << c.clock;
  }
}

TEST(LayoutTest, HeaderLabels) {
  using layout::Field;
  struct Case {
    std::string label;
    std::optional<Field> field;
  };
  const Case cases[] = {
      {"序号", Field::kSeq},
      {"一级事项", Field::kLevel1},
      {"公开事项一级事项", Field::kLevel1},
      {"二 级 事 项", Field::kLevel2},
      {"公开内容（要素）", Field::kElements},
      {"公开依据", Field::kBasis},
      {"公开时限", Field::kTimeLimit},
      {"公开主体", Field::kSubject},
      {"公开渠道和载体", Field::kChannels},
      {"载体及渠道", Field::kChannels},
      {"全社会", Field::kPublic},
      {"特定群体", Field::kGroup},
      {"主动", Field::kProactive},
      {"依申请公开", Field::kOnRequest},
      {"乡镇级", Field::kTownship},
      {"村级", Field::kVillage},
      {"备注", Field::kNote},
      {"公开事项", std::nullopt},
      {"责任人", std::nullopt},
      {"", std::nullopt},
  };
  for (const Case& c : cases)
    EXPECT_EQ(layout::MatchLabel(c.label), c.field) << c.label;
  EXPECT_TRUE(layout::IsGroupLabel("公开对象"));
  EXPECT_FALSE(layout::IsGroupLabel("全社会"));
}

TEST(ExamplesTest, SeedDataIsValidAndInExportFormat) {
  const ChannelRegistry r = LoadRegistry();
  const std::string json = ReadFile(ZWGK_CATALOG_DATA_DIR "/examples.json");
  absl::StatusOr<std::vector<Catalog>> catalogs = ImportJsonList(json, &r);
  ASSERT_TRUE(catalogs.ok()) << catalogs.status();
  std::vector<std::string> domains;
  for (const Catalog& c : *catalogs) {
    domains.push_back(c.domain);
    EXPECT_FALSE(c.version.has_value());
    for (size_t i = 0; i < c.items.size(); ++i) {
      const CatalogItem& item = c.items[i];
      EXPECT_TRUE(item.example) << c.domain << " " << item.seq;
      EXPECT_EQ(item.seq, static_cast<int>(i + 1)) << c.domain;
      EXPECT_FALSE(item.time_limit.needs_review())
          << c.domain << " " << item.time_limit.text;
      for (const std::string& channel : item.channels) {
        EXPECT_TRUE(r.IsKnown(channel)) << channel;
      }
    }
  }
  EXPECT_THAT(domains, ElementsAre("重大建设项目", "义务教育", "社会救助",
                                   "财政预决算"));
  // Written exactly as ExportJsonList writes, so an export diff is clean.
  EXPECT_EQ(ExportJsonList(*catalogs), json);

  // The seed's 附件2 rows, field by field.
  const CatalogItem& guide = catalogs->front().items[0];
  EXPECT_EQ(guide.level2, "办事指南");
  EXPECT_EQ(guide.time_limit.period.kind, PeriodKind::kRealtime);
  EXPECT_EQ(guide.channels.size(), 11u);
  EXPECT_THAT(guide.method, ElementsAre(Method::kProactive));
  const CatalogItem& process = catalogs->front().items[1];
  EXPECT_EQ(process.level1, "批准服务信息");
  EXPECT_EQ(process.level2, "办理过程信息");
  EXPECT_EQ(process.elements, "事项名称、事项办理部门、办理进展等");
  EXPECT_EQ(process.time_limit.period.kind, PeriodKind::kTimely);
  EXPECT_THAT(process.audience, ElementsAre(Audience::kGroup));
  EXPECT_EQ(process.audience_detail, "项目单位");
  EXPECT_THAT(process.method, ElementsAre(Method::kOnRequest));
}

}  // namespace
}  // namespace zwgk::catalog
