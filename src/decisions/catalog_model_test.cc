#include <string>
#include <vector>

#include "decisions/model.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::decisions {
namespace {

using S = DecisionState;

TEST(DecisionStateTest, NamesLabelsAndParseRoundTrip) {
  struct Case {
    S state;
    const char* name;
    const char* label;
  };
  const Case cases[] = {
      {S::kPlanned, "planned", "拟决策"},
      {S::kConsulting, "consulting", "征求意见"},
      {S::kDecided, "decided", "已决策"},
      {S::kPublished, "published", "已公布"},
      {S::kPostponed, "postponed", "暂缓"},
      {S::kWithdrawn, "withdrawn", "撤销"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(DecisionStateName(c.state), c.name);
    EXPECT_EQ(DecisionStateLabel(c.state), c.label);
    EXPECT_EQ(ParseDecisionState(c.name), c.state) << c.name;
    EXPECT_EQ(ParseDecisionState(c.label), c.state) << c.label;
  }
  EXPECT_EQ(ParseDecisionState("done"), std::nullopt);
  EXPECT_EQ(ParseDecisionState(""), std::nullopt);
}

TEST(EventKindTest, NamesLabelsAndParseRoundTrip) {
  struct Case {
    EventKind kind;
    const char* name;
    const char* label;
  };
  const Case cases[] = {
      {EventKind::kHearing, "hearing", "听证会"},
      {EventKind::kExpert, "expert", "专家论证"},
      {EventKind::kRisk, "risk", "风险评估"},
      {EventKind::kLegality, "legality", "合法性审查"},
      {EventKind::kCollective, "collective", "集体讨论决定"},
      {EventKind::kOther, "other", "其他"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(EventKindName(c.kind), c.name);
    EXPECT_EQ(EventKindLabel(c.kind), c.label);
    EXPECT_EQ(ParseEventKind(c.name), c.kind);
    EXPECT_EQ(ParseEventKind(c.label), c.kind);
  }
  EXPECT_EQ(ParseEventKind("meeting"), std::nullopt);
}

TEST(CanMoveTest, EveryPairMatchesTheTable) {
  // Rows: from; columns: to, in the order of `all`.
  const S all[] = {S::kPlanned,   S::kConsulting, S::kDecided,
                   S::kPublished, S::kPostponed,  S::kWithdrawn};
  const bool allowed[6][6] = {
      //  拟决策 征求意见 已决策 已公布 暂缓  撤销
      {false, true, true, false, true, true},      // 拟决策
      {false, false, true, false, true, true},     // 征求意见
      {false, false, false, true, true, true},     // 已决策
      {false, false, false, false, false, false},  // 已公布 (final)
      {true, true, true, false, false, true},      // 暂缓 (resumes)
      {false, false, false, false, false, false},  // 撤销 (final)
  };
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j)
      EXPECT_EQ(CanMove(all[i], all[j]), allowed[i][j])
          << DecisionStateLabel(all[i]) << " → " << DecisionStateLabel(all[j]);
}

Decision D(int64_t id, std::string title, S state = S::kPlanned) {
  return Decision{.id = id,
                  .year = 2026,
                  .title = std::move(title),
                  .deciding_body = "县人民政府",
                  .unit_id = 7,
                  .state = state};
}

std::vector<int64_t> Ids(const std::vector<Decision>& ds) {
  std::vector<int64_t> out;
  for (const Decision& d : ds) out.push_back(d.id);
  return out;
}

TEST(DiffTest, AddedRemovedAndChangedById) {
  struct Case {
    const char* what;
    std::vector<Decision> before, after;
    std::vector<int64_t> added, removed, changed;
  };
  Decision moved_date = D(2, "乙");
  moved_date.planned_decision_on = absl::CivilDay(2026, 9, 30);
  const Case cases[] = {
      {"empty to one", {}, {D(1, "甲")}, {1}, {}, {}},
      {"same", {D(1, "甲"), D(2, "乙")}, {D(1, "甲"), D(2, "乙")}, {}, {}, {}},
      {"removed", {D(1, "甲"), D(2, "乙")}, {D(2, "乙")}, {}, {1}, {}},
      {"renamed", {D(1, "甲")}, {D(1, "甲（修订）")}, {}, {}, {1}},
      {"state moved", {D(1, "甲")}, {D(1, "甲", S::kConsulting)}, {}, {}, {1}},
      {"date moved", {D(2, "乙")}, {moved_date}, {}, {}, {2}},
      {"all three",
       {D(1, "甲"), D(2, "乙")},
       {D(2, "乙", S::kWithdrawn), D(3, "丙")},
       {3},
       {1},
       {2}},
  };
  for (const Case& c : cases) {
    CatalogDiff d = Diff(c.before, c.after);
    EXPECT_EQ(Ids(d.added), c.added) << c.what;
    EXPECT_EQ(Ids(d.removed), c.removed) << c.what;
    std::vector<int64_t> changed;
    for (const auto& [b, a] : d.changed) {
      EXPECT_EQ(b.id, a.id);
      changed.push_back(a.id);
    }
    EXPECT_EQ(changed, c.changed) << c.what;
  }
}

TEST(DiffTest, ChangedKeepsBeforeAndAfter) {
  CatalogDiff d = Diff({D(1, "旧名")}, {D(1, "新名")});
  ASSERT_EQ(d.changed.size(), 1u);
  EXPECT_EQ(d.changed[0].first.title, "旧名");
  EXPECT_EQ(d.changed[0].second.title, "新名");
}

}  // namespace
}  // namespace zwgk::decisions
