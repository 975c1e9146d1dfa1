#include "compliance/model.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace zwgk::compliance {
namespace {

using D = absl::CivilDay;

TEST(RuleCodeTest, NamesRoundTrip) {
  for (RuleCode c : kAllRules) {
    std::optional<RuleCode> back = ParseRuleCode(RuleCodeName(c));
    ASSERT_TRUE(back.has_value()) << RuleCodeName(c);
    EXPECT_EQ(*back, c);
  }
  // The stored names (compliance_rules.code) never change: a saved setting
  // keeps applying to its rule.
  const std::pair<RuleCode, const char*> stored[] = {
      {RuleCode::kLatePublication, "late_publication"},
      {RuleCode::kOverdueApplication, "overdue_application"},
      {RuleCode::kPolicyWithoutInterpretation, "policy_without_interpretation"},
      {RuleCode::kCopiedAnnualReport, "copied_annual_report"},
      {RuleCode::kOverduePublication, "overdue_publication"},
      {RuleCode::kMissingPeriod, "missing_period"},
      {RuleCode::kStaleColumn, "stale_column"},
      {RuleCode::kLateAnnualReport, "late_annual_report"},
      {RuleCode::kUnansweredMessage, "unanswered_message"},
      {RuleCode::kDecisionWithoutFeedback, "decision_without_feedback"},
      {RuleCode::kLateVillagePosting, "late_village_posting"},
      {RuleCode::kIncompleteGuide, "incomplete_guide"},
      {RuleCode::kStaleServiceStats, "stale_service_stats"},
      {RuleCode::kOpenPrivacyFinding, "open_privacy_finding"},
      {RuleCode::kConcernLate, "concern_late"},
      {RuleCode::kInstitutionSections, "institution_sections"},
  };
  ASSERT_EQ(std::size(stored), std::size(kAllRules));
  for (const auto& [code, name] : stored) EXPECT_EQ(RuleCodeName(code), name);
  EXPECT_FALSE(ParseRuleCode("").has_value());
  EXPECT_FALSE(ParseRuleCode("Late_Publication").has_value());
}

TEST(DefaultRulesTest, CountyTablePoints) {
  struct Want {
    RuleCode code;
    int points;
  };
  const Want wants[] = {
      {RuleCode::kLatePublication, 2},
      {RuleCode::kOverdueApplication, 6},
      {RuleCode::kPolicyWithoutInterpretation, 4},
      {RuleCode::kCopiedAnnualReport, 5},
      {RuleCode::kOverduePublication, 0},
      {RuleCode::kMissingPeriod, 0},
      {RuleCode::kStaleColumn, 0},
      {RuleCode::kLateAnnualReport, 0},
      // Public participation: inspection.md A9/A10 (−3 seen), A24.
      {RuleCode::kUnansweredMessage, 3},
      {RuleCode::kDecisionWithoutFeedback, 4},
      // Issue 17: per late or missing village posting, per incomplete
      // guide, per unit with stale 办事统计.
      {RuleCode::kLateVillagePosting, 1},
      {RuleCode::kIncompleteGuide, 1},
      {RuleCode::kStaleServiceStats, 2},
      // Issue 18: per published record with unmasked personal data.
      {RuleCode::kOpenPrivacyFinding, 2},
      // Issue 23: per 回应关切 obligation overdue or met late.
      {RuleCode::kConcernLate, 2},
  };
  std::vector<ScoreRule> rules = DefaultRules();
  ASSERT_EQ(rules.size(), std::size(kAllRules));
  for (const Want& w : wants) {
    auto it = std::find_if(rules.begin(), rules.end(), [&](const ScoreRule& r) {
      return r.code == w.code;
    });
    ASSERT_NE(it, rules.end()) << RuleCodeName(w.code);
    EXPECT_EQ(it->points, w.points) << RuleCodeName(w.code);
    EXPECT_TRUE(it->enabled);
    EXPECT_FALSE(it->label.empty());
  }
}

TEST(ColumnStateLabelTest, Chinese) {
  EXPECT_EQ(ColumnStateLabel(ColumnState::kOk), "正常");
  EXPECT_EQ(ColumnStateLabel(ColumnState::kStale), "超期未更新");
  EXPECT_EQ(ColumnStateLabel(ColumnState::kBlank), "空白栏目");
  EXPECT_EQ(ColumnStateLabel(ColumnState::kUnchecked), "不检查");
}

TEST(JudgeColumnTest, Table) {
  const D as_of(2026, 12, 1);
  struct Case {
    const char* name;
    int64_t published;
    const char* last;
    int threshold;
    ColumnState want;
  };
  const Case cases[] = {
      {"never published", 0, "", 14, ColumnState::kBlank},
      {"never published, blank check only", 0, "", 0, ColumnState::kBlank},
      {"exactly at the threshold", 3, "2026-11-17", 14, ColumnState::kOk},
      {"one day past the threshold", 3, "2026-11-16", 14, ColumnState::kStale},
      {"fresh", 1, "2026-12-01", 14, ColumnState::kOk},
      {"old but blank check only", 5, "2020-01-01", 0, ColumnState::kOk},
      {"six months", 9, "2026-06-01", 183, ColumnState::kOk},
      {"past six months", 9, "2026-05-31", 183, ColumnState::kStale},
      {"unreadable date counts as never", 2, "2026-13-01", 14,
       ColumnState::kBlank},
      {"negative threshold: not checked", 0, "", -1, ColumnState::kUnchecked},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(JudgeColumn(c.published, c.last, c.threshold, as_of), c.want)
        << c.name;
  }
}

Evidence E(std::string label) {
  return Evidence{.label = std::move(label), .url = "/x", .detail = ""};
}

UnitRow Row(std::string name, bool town = false) {
  UnitRow r;
  r.unit_name = std::move(name);
  r.town = town;
  return r;
}

int Points(const UnitRow& r, RuleCode c) {
  int total = 0;
  for (const Deduction& d : r.deductions) {
    if (d.rule == c) total += d.points;
  }
  return total;
}

TEST(ScoreTest, DeductionsPerEvidenceWithDefaults) {
  std::vector<UnitRow> rows;
  UnitRow a = Row("甲局");
  a.publications_late = {E("迟1"), E("迟2")};               // −4
  a.applications_overdue = {E("YSQ-1")};                    // −6
  a.applications_replied_late = {E("YSQ-2")};               // −6
  a.policies_without_interpretation = {E("规1")};           // −4
  a.annual_report_copied = {E("2025年报")};                 // −5
  a.publications_overdue = {E("未1"), E("未2"), E("未3")};  // 0 by default
  a.columns_blank = {E("专栏")};                            // 0 by default
  rows.push_back(a);
  Score(DefaultRules(), rows);
  ASSERT_EQ(rows.size(), 1u);
  const UnitRow& r = rows[0];
  EXPECT_EQ(r.score, 100 - 4 - 12 - 4 - 5);
  EXPECT_EQ(r.deductions.size(), 6u);
  EXPECT_EQ(Points(r, RuleCode::kLatePublication), 4);
  EXPECT_EQ(Points(r, RuleCode::kOverdueApplication), 12);
  EXPECT_EQ(Points(r, RuleCode::kOverduePublication), 0);
  EXPECT_EQ(r.rank, 1);
  // Each deduction carries the evidence behind it and the rule's label.
  EXPECT_EQ(r.deductions[0].evidence.label, "迟1");
  EXPECT_EQ(r.deductions[0].label, "信息逾期发布");
}

TEST(ScoreTest, ParticipationDeductions) {
  UnitRow u = Row("甲局");
  u.unanswered_messages = {E("LY1"), E("LY2")};    // −3 each
  u.decisions_without_feedback = {E("决策1")};     // −4
  u.policies_without_interpretation = {E("规1")};  // −4
  std::vector<UnitRow> rows = {u};
  Score(DefaultRules(), rows);
  EXPECT_EQ(rows[0].score, 100 - 6 - 4 - 4);
  EXPECT_EQ(Points(rows[0], RuleCode::kUnansweredMessage), 6);
  EXPECT_EQ(Points(rows[0], RuleCode::kDecisionWithoutFeedback), 4);
  EXPECT_EQ(Points(rows[0], RuleCode::kPolicyWithoutInterpretation), 4);
  // The office switches the message rule off and raises the decision rule.
  std::vector<ScoreRule> rules = DefaultRules();
  for (ScoreRule& r : rules) {
    if (r.code == RuleCode::kUnansweredMessage) r.enabled = false;
    if (r.code == RuleCode::kDecisionWithoutFeedback) r.points = 10;
  }
  Score(rules, rows);
  EXPECT_EQ(rows[0].score, 100 - 10 - 4);
  EXPECT_EQ(Points(rows[0], RuleCode::kUnansweredMessage), 0);
  for (const Deduction& d : rows[0].deductions) {
    if (d.rule == RuleCode::kDecisionWithoutFeedback) {
      EXPECT_EQ(d.evidence.label, "决策1");
    }
  }
}

TEST(ScoreTest, VillagesAndGuidesDeductions) {
  UnitRow town = Row("甲镇", true);
  town.village_postings_late = {E("一村 村务"), E("二村 财务"),
                                E("三村 党务")};  // −1 each
  town.guides_incomplete = {E("低保申请")};       // −1
  town.service_stats_stale = {E("办事统计")};     // −2
  std::vector<UnitRow> rows = {town};
  Score(DefaultRules(), rows);
  EXPECT_EQ(rows[0].score, 100 - 3 - 1 - 2);
  EXPECT_EQ(Points(rows[0], RuleCode::kLateVillagePosting), 3);
  EXPECT_EQ(Points(rows[0], RuleCode::kIncompleteGuide), 1);
  EXPECT_EQ(Points(rows[0], RuleCode::kStaleServiceStats), 2);
  for (const Deduction& d : rows[0].deductions) {
    if (d.rule == RuleCode::kLateVillagePosting) {
      EXPECT_EQ(d.label, "村（社区）务未按时公开");
    }
    if (d.rule == RuleCode::kIncompleteGuide) {
      EXPECT_EQ(d.label, "办事指南要素缺失");
    }
    if (d.rule == RuleCode::kStaleServiceStats) {
      EXPECT_EQ(d.label, "办事统计超过3个月未更新");
    }
  }
  // The office sets the guide rule to 0: it no longer deducts.
  std::vector<ScoreRule> rules = DefaultRules();
  for (ScoreRule& r : rules)
    if (r.code == RuleCode::kIncompleteGuide) r.points = 0;
  Score(rules, rows);
  EXPECT_EQ(rows[0].score, 100 - 3 - 2);
  EXPECT_EQ(Points(rows[0], RuleCode::kIncompleteGuide), 0);
}

TEST(ScoreTest, OpenPrivacyFindingsDeductPerRecord) {
  UnitRow unit = Row("民政局", false);
  unit.privacy_findings = {E("低保名单"), E("补贴公示")};  // −2 each
  std::vector<UnitRow> rows = {unit};
  Score(DefaultRules(), rows);
  EXPECT_EQ(rows[0].score, 100 - 4);
  EXPECT_EQ(Points(rows[0], RuleCode::kOpenPrivacyFinding), 4);
  for (const Deduction& d : rows[0].deductions)
    EXPECT_EQ(d.label, "公开信息含未脱敏个人信息");
  EXPECT_EQ(Sum("合计", rows, nullptr).privacy_findings, 2);
  // Switched off by the office: no deduction, the list still shown.
  std::vector<ScoreRule> rules = DefaultRules();
  for (ScoreRule& r : rules)
    if (r.code == RuleCode::kOpenPrivacyFinding) r.enabled = false;
  Score(rules, rows);
  EXPECT_EQ(rows[0].score, 100);
}

TEST(ScoreTest, RuleChangesTable) {
  struct Case {
    const char* name;
    RuleCode code;
    int points;
    bool enabled;
    int want_score;
  };
  // The row: 2 late, 3 overdue publications, 1 stale column.
  const Case cases[] = {
      {"defaults", RuleCode::kLatePublication, 2, true, 96},
      {"late at 5", RuleCode::kLatePublication, 5, true, 90},
      {"late disabled", RuleCode::kLatePublication, 2, false, 100},
      {"late at 0", RuleCode::kLatePublication, 0, true, 100},
      {"overdue switched on at 10", RuleCode::kOverduePublication, 10, true,
       96 - 30},
      {"stale column at 3", RuleCode::kStaleColumn, 3, true, 93},
      {"floored at zero", RuleCode::kOverduePublication, 100, true, 0},
  };
  for (const Case& c : cases) {
    std::vector<ScoreRule> rules = DefaultRules();
    for (ScoreRule& r : rules) {
      if (r.code == c.code) {
        r.points = c.points;
        r.enabled = c.enabled;
      }
    }
    UnitRow u = Row("乙局");
    u.publications_late = {E("a"), E("b")};
    u.publications_overdue = {E("c"), E("d"), E("e")};
    u.columns_stale = {E("f")};
    std::vector<UnitRow> rows = {u};
    Score(rules, rows);
    EXPECT_EQ(rows[0].score, c.want_score) << c.name;
  }
}

TEST(ScoreTest, RankingTiesShareRank) {
  std::vector<UnitRow> rows;
  UnitRow worst = Row("丙局");
  worst.applications_overdue = {E("1"), E("2")};  // 88
  UnitRow tie1 = Row("乙镇", true);
  tie1.publications_late = {E("x")};  // 98
  UnitRow tie2 = Row("甲局");
  tie2.publications_late = {E("y")};  // 98
  UnitRow best = Row("丁局");         // 100
  rows = {worst, tie1, tie2, best};
  Score(DefaultRules(), rows);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].unit_name, "丁局");
  EXPECT_EQ(rows[0].rank, 1);
  EXPECT_EQ(rows[1].score, 98);
  EXPECT_EQ(rows[2].score, 98);
  EXPECT_EQ(rows[1].rank, 2);
  EXPECT_EQ(rows[2].rank, 2);
  // Ties ordered by name, deterministically.
  EXPECT_LT(rows[1].unit_name, rows[2].unit_name);
  EXPECT_EQ(rows[3].unit_name, "丙局");
  EXPECT_EQ(rows[3].rank, 4);
  EXPECT_EQ(rows[3].score, 88);
}

TEST(ScoreTest, RescoringReplacesDeductions) {
  UnitRow u = Row("甲局");
  u.publications_late = {E("a")};
  std::vector<UnitRow> rows = {u};
  Score(DefaultRules(), rows);
  Score(DefaultRules(), rows);
  EXPECT_EQ(rows[0].deductions.size(), 1u);
  EXPECT_EQ(rows[0].score, 98);
}

TEST(SumTest, TotalsOfSelectedRows) {
  UnitRow town = Row("镇", true);
  town.publications_overdue = {E("1"), E("2")};
  town.applications_due_soon = {E("3")};
  town.tasks_overdue = 2;
  UnitRow dept = Row("局");
  dept.publications_overdue = {E("4")};
  dept.columns_blank = {E("5")};
  dept.unanswered_messages = {E("6"), E("7")};
  dept.tasks_overdue = 1;
  dept.annual_report_copied = {E("8")};
  dept.decisions_without_feedback = {E("9")};
  town.decisions_without_feedback = {E("10"), E("11")};
  std::vector<UnitRow> rows = {town, dept};
  Totals all = Sum("全县合计", rows, nullptr);
  EXPECT_EQ(all.label, "全县合计");
  EXPECT_EQ(all.publications_overdue, 3);
  EXPECT_EQ(all.applications_due_soon, 1);
  EXPECT_EQ(all.columns_blank, 1);
  EXPECT_EQ(all.unanswered_messages, 2);
  EXPECT_EQ(all.tasks_overdue, 3);
  EXPECT_EQ(all.annual_report_copied, 1);
  EXPECT_EQ(all.annual_report_late, 0);
  EXPECT_EQ(all.decisions_without_feedback, 3);
  Totals towns = Sum("乡镇小计", rows, [](const UnitRow& r) { return r.town; });
  EXPECT_EQ(towns.publications_overdue, 2);
  EXPECT_EQ(towns.columns_blank, 0);
  EXPECT_EQ(towns.tasks_overdue, 2);
  EXPECT_EQ(towns.decisions_without_feedback, 2);
  Totals depts =
      Sum("部门小计", rows, [](const UnitRow& r) { return !r.town; });
  EXPECT_EQ(depts.publications_overdue, 1);
  EXPECT_EQ(depts.unanswered_messages, 2);
  EXPECT_EQ(depts.decisions_without_feedback, 1);
}

TEST(SumTest, VillagesAndGuides) {
  UnitRow town = Row("镇", true);
  town.village_postings_late = {E("1"), E("2")};
  town.guides_incomplete = {E("3")};
  UnitRow dept = Row("局");
  dept.guides_incomplete = {E("4"), E("5")};
  dept.service_stats_stale = {E("6")};
  std::vector<UnitRow> rows = {town, dept};
  Totals all = Sum("全县合计", rows, nullptr);
  EXPECT_EQ(all.village_postings_late, 2);
  EXPECT_EQ(all.guides_incomplete, 3);
  EXPECT_EQ(all.service_stats_stale, 1);
  Totals towns = Sum("乡镇小计", rows, [](const UnitRow& r) { return r.town; });
  EXPECT_EQ(towns.village_postings_late, 2);
  EXPECT_EQ(towns.guides_incomplete, 1);
  EXPECT_EQ(towns.service_stats_stale, 0);
  Totals depts =
      Sum("部门小计", rows, [](const UnitRow& r) { return !r.town; });
  EXPECT_EQ(depts.village_postings_late, 0);
  EXPECT_EQ(depts.guides_incomplete, 2);
  EXPECT_EQ(depts.service_stats_stale, 1);
}

}  // namespace
}  // namespace zwgk::compliance
