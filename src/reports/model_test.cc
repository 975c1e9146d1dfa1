// The pure 年报 rules: the national row codes, the checks between cells
// (each failure naming its cell), JSON in the API's shape, fees in 万元,
// text similarity, the generated paragraph and the deadlines.
#include "reports/model.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::reports {
namespace {

using ::testing::HasSubstr;

// A consistent year: 5 new + 2 carried = 6 concluded + 1 carried out.
Figures Consistent() {
  Figures f;
  auto& c = f.table3.cells;
  auto set = [&](int row, Counts v) { c[row] = v; };
  set(kRowNew, {3, 1, 0, 0, 1, 0, 5});
  set(kRowCarriedIn, {1, 1, 0, 0, 0, 0, 2});
  set(*RowIndex("三.一"), {2, 0, 0, 0, 1, 0, 3});
  set(*RowIndex("三.三.4"), {1, 0, 0, 0, 0, 0, 1});
  set(*RowIndex("三.六.1"), {0, 2, 0, 0, 0, 0, 2});
  set(kRowConcluded, {3, 2, 0, 0, 1, 0, 6});
  set(kRowCarriedOut, {1, 0, 0, 0, 0, 0, 1});
  f.table4.blocks[0] = {1, 1, 0, 1, 3};
  f.table4.blocks[1] = {0, 0, 0, 1, 1};
  f.table2.regulations = {0, 0, 2};
  f.table2.normative = {4, 1, 17};
  f.table2.licensing = {120, "审批系统"};
  f.table2.fees = {12345600, "财政票据"};
  return f;
}

std::vector<Check> Failures(const Figures& f) {
  std::vector<Check> out;
  for (const Check& c : RunChecks(f))
    if (!c.ok) out.push_back(c);
  return out;
}

TEST(ReportsModelTest, RowCodesFollowTheNationalTemplate) {
  EXPECT_EQ(kRowCodes.size(), 25u);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"一", "一、本年新收政府信息公开申请数量"},
      {"三.一", "（一）予以公开"},
      {"三.三.1", "1.属于国家秘密"},
      {"三.三.8", "8.属于行政查询事项"},
      {"三.四.3", "3.补正后申请内容仍不明确"},
      {"三.五.5", "5.要求行政机关确认或重新出具已获取信息"},
      {"三.六.1",
       "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
      {"三.六.3", "3.其他"},
      {"三.七", "（七）总计"},
      {"四", "四、结转下年度继续办理"}};
  for (const auto& [code, label] : cases) {
    std::optional<int> row = RowIndex(code);
    ASSERT_TRUE(row) << code;
    EXPECT_EQ(kRowLabels[*row], label) << code;
  }
  EXPECT_FALSE(RowIndex("三.六"));
  EXPECT_EQ(RowGroup(*RowIndex("三.四.2")), "（四）无法提供");
  EXPECT_EQ(RowGroup(*RowIndex("三.二")), "");
}

TEST(ReportsModelTest, ConsistentTablesPassEveryRule) {
  std::vector<Check> checks = RunChecks(Consistent());
  EXPECT_TRUE(AllPass(checks));
  std::vector<std::string> rules;
  for (const Check& c : checks) rules.push_back(c.rule);
  EXPECT_THAT(rules,
              ::testing::UnorderedElementsAre(
                  std::string(kRuleNonNegative), std::string(kRuleBalance),
                  std::string(kRuleRowTotal), std::string(kRuleConcluded),
                  std::string(kRuleTable4)));
}

TEST(ReportsModelTest, TamperedTablesFailNamingTheCell) {
  struct Case {
    std::string name;
    std::function<void(Figures&)> tamper;
    std::vector<std::pair<std::string, std::string>> failing;  // rule, cell
  };
  const int total = kColumns - 1;
  const std::vector<Case> cases = {
      {"one more new application in 商业企业 and in its 总计",
       [&](Figures& f) {
         ++f.table3.cells[kRowNew][1];
         ++f.table3.cells[kRowNew][total];
       },
       {{std::string(kRuleBalance), "table3/三.七/商业企业"},
        {std::string(kRuleBalance), "table3/三.七/总计"}}},
      {"a row total that does not add up",
       [&](Figures& f) { f.table3.cells[*RowIndex("三.三.4")][total] = 2; },
       {{std::string(kRuleRowTotal), "table3/三.三.4/总计"},
        {std::string(kRuleConcluded), "table3/三.七/总计"}}},
      {"a result moved out of (七)'s sum",
       [&](Figures& f) {
         --f.table3.cells[*RowIndex("三.一")][0];
         ++f.table3.cells[*RowIndex("三.一")][5];
       },
       {{std::string(kRuleConcluded), "table3/三.七/自然人"},
        {std::string(kRuleConcluded), "table3/三.七/其他"}}},
      {"(七) and 四 both shifted keep the balance but not the sums",
       [&](Figures& f) {
         ++f.table3.cells[kRowConcluded][0];
         ++f.table3.cells[kRowConcluded][total];
         --f.table3.cells[kRowCarriedOut][0];
         --f.table3.cells[kRowCarriedOut][total];
       },
       {{std::string(kRuleConcluded), "table3/三.七/自然人"},
        {std::string(kRuleConcluded), "table3/三.七/总计"}}},
      {"Table 四 total of 复议后起诉",
       [](Figures& f) { f.table4.blocks[2][4] = 1; },
       {{std::string(kRuleTable4), "table4/复议后起诉/总计"}}},
      {"a negative cell",
       [&](Figures& f) {
         f.table3.cells[*RowIndex("三.五.2")][3] = -1;
         f.table3.cells[*RowIndex("三.五.2")][total] = -1;
         f.table3.cells[*RowIndex("三.一")][3] = 1;
         f.table3.cells[*RowIndex("三.一")][total] += 1;
       },
       {{std::string(kRuleNonNegative), "table3/三.五.2/社会公益组织"},
        {std::string(kRuleNonNegative), "table3/三.五.2/总计"}}},
      {"a negative Table 二 figure",
       [](Figures& f) { f.table2.penalty.value = -3; },
       {{std::string(kRuleNonNegative), "table2/行政处罚"}}},
  };
  for (const Case& c : cases) {
    Figures f = Consistent();
    c.tamper(f);
    std::vector<std::pair<std::string, std::string>> got;
    for (const Check& k : Failures(f)) {
      got.push_back({k.rule, k.cell});
      EXPECT_FALSE(k.message.empty()) << c.name;
    }
    EXPECT_THAT(got, ::testing::UnorderedElementsAreArray(c.failing)) << c.name;
    EXPECT_FALSE(AllPass(RunChecks(f))) << c.name;
  }
}

TEST(ReportsModelTest, FiguresRoundTripThroughTheApiShape) {
  const Figures f = Consistent();
  nlohmann::json j = ToJson(f);
  EXPECT_EQ(j["table3"]["三.七"], nlohmann::json({3, 2, 0, 0, 1, 0, 6}));
  EXPECT_EQ(j["table3"].size(), 25u);
  EXPECT_EQ(j["table2"]["行政规范性文件"]["in_force"], 17);
  EXPECT_EQ(j["table2"]["行政事业性收费"]["value"], "12.3456");
  EXPECT_EQ(j["table4"]["行政复议"]["总计"], 3);
  std::optional<Figures> back = FiguresFromJson(j);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, f);
  // A stored table in any other shape is refused, not half-read.
  nlohmann::json short_row = j;
  short_row["table3"]["三.七"] = {3, 2, 0};
  EXPECT_FALSE(FiguresFromJson(short_row));
  nlohmann::json missing = j;
  missing["table3"].erase("四");
  EXPECT_FALSE(FiguresFromJson(missing));
  nlohmann::json text = j;
  text["table4"]["行政复议"]["总计"] = "3";
  EXPECT_FALSE(FiguresFromJson(text));
}

TEST(ReportsModelTest, FeesInWanYuan) {
  const std::vector<std::pair<std::string, std::optional<int64_t>>> cases = {
      {"0", 0},
      {"12", 12000000},
      {"12.5", 12500000},
      {"0.0001", 100},
      {"3.141592", 3141592},
      {"1.", std::nullopt},
      {"-1", std::nullopt},
      {"1.2345678", std::nullopt},
      {"abc", std::nullopt},
      {"", std::nullopt}};
  for (const auto& [text, fen] : cases)
    EXPECT_EQ(ParseFeesWan(text), fen) << text;
  EXPECT_EQ(FeesWan(12500000), "12.5");
  EXPECT_EQ(FeesWan(0), "0");
  EXPECT_EQ(FeesWan(100), "0.0001");
}

TEST(ReportsModelTest, SimilarityIsTheDiceCoefficientOfCharacterBigrams) {
  const std::string last =
      "2024年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，"
      "坚持以公开为常态、不公开为例外，持续推进政务公开标准化规范化建设。";
  struct Case {
    std::string name, a, b;
    double min, max;
  };
  const std::vector<Case> cases = {
      {"identical", last, last, 1.0, 1.0},
      {"punctuation and spaces do not count", last,
       "2024年 本机关认真贯彻落实中华人民共和国政府信息公开条例 "
       "坚持以公开为常态 不公开为例外 持续推进政务公开标准化规范化建设",
       1.0, 1.0},
      {"only the year changed (copied)", last,
       "2025年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，"
       "坚持以公开为常态、不公开为例外，持续推进政务公开标准化规范化建设。",
       0.9, 0.99},
      {"rewritten", last,
       "今年县民政局围绕低保、特困供养和临时救助三项重点，按月公开资金发放"
       "名册，新增救助政策解读12篇。",
       0.0, 0.3},
      {"ab/ab", "ab", "ab", 1.0, 1.0},
      {"abc/abd: 1 of 2+2 bigrams", "abc", "abd", 0.5, 0.5},
      {"empty", "", "", 0.0, 0.0},
      {"one empty", last, "", 0.0, 0.0},
  };
  for (const Case& c : cases) {
    const double s = Similarity(c.a, c.b);
    EXPECT_GE(s, c.min) << c.name;
    EXPECT_LE(s, c.max) << c.name;
    EXPECT_DOUBLE_EQ(s, Similarity(c.b, c.a)) << c.name;
  }
  EXPECT_GE(Similarity(last, cases[2].b), kCopiedThreshold);
  EXPECT_LT(Similarity(last, cases[3].b), kCopiedThreshold);
}

TEST(ReportsModelTest, OverviewParagraphStatesRisesAndFalls) {
  Figures now = Consistent();
  Figures last = Consistent();
  last.table3.cells[kRowNew][kColumns - 1] = 8;
  last.table4.blocks[0][4] = 3;
  last.table4.blocks[1][4] = 0;
  const std::string p = OverviewParagraph(2025, "本机关", now, last);
  EXPECT_THAT(p, HasSubstr("2025年，本机关"));
  EXPECT_THAT(p, HasSubstr("行政规范性文件4件"));
  EXPECT_THAT(p, HasSubstr("收到政府信息公开申请5件（上年8件，减少3件）"));
  EXPECT_THAT(p, HasSubstr("办结6件，结转下年度1件"));
  EXPECT_THAT(p, HasSubstr("行政复议3件（持平）"));
  EXPECT_THAT(p, HasSubstr("行政诉讼1件（增加1件）"));
  const std::string first = OverviewParagraph(2025, "全县", now, std::nullopt);
  EXPECT_THAT(first, Not(HasSubstr("上年")));
}

TEST(ReportsModelTest, DeadlinesAreInTheNextYear) {
  EXPECT_EQ(DueDate(2025, false), absl::CivilDay(2026, 1, 31));
  EXPECT_EQ(DueDate(2025, true), absl::CivilDay(2026, 3, 31));
}

TEST(ReportsModelTest, EnteredFiguresRoundTrip) {
  Entered e;
  e.table2 = Consistent().table2;
  e.table4.blocks[1] = {1, 2, 3, 4, 10};
  e.cases = {{Proceeding::kSuitAfterReview, Outcome::kCorrected,
              "（2025）鄂1221行初3号"}};
  EXPECT_EQ(EnteredFromJson(EnteredToJson(e)), e);
  const Table4 t = CountCases({{Proceeding::kReview, Outcome::kMaintained, ""},
                               {Proceeding::kReview, Outcome::kPending, ""},
                               {Proceeding::kSuitDirect, Outcome::kOther, ""}});
  EXPECT_EQ(t.blocks[0], (Block{1, 0, 0, 1, 2}));
  EXPECT_EQ(t.blocks[1], (Block{0, 0, 1, 0, 1}));
  EXPECT_EQ(t.blocks[2], (Block{0, 0, 0, 0, 0}));
}

}  // namespace
}  // namespace zwgk::reports
