#include "compliance/model.h"

#include <algorithm>
#include <utility>

#include "core/date.h"

namespace zwgk::compliance {
namespace {

struct RuleInfo {
  RuleCode code;
  absl::string_view name;
  absl::string_view label;
  int points;
};

// The defaults of the county 考核 tables (the first four) and of public
// participation (inspection.md A9/A10, A24) and of issue 17 (村务公开 per
// posting, 办事指南 per guide, 办事统计 per unit); the others are offered at
// 0 so the office can switch them on.
constexpr RuleInfo kRuleInfo[] = {
    {RuleCode::kLatePublication, "late_publication", "信息逾期发布", 2},
    {RuleCode::kOverdueApplication, "overdue_application", "依申请公开逾期答复",
     6},
    {RuleCode::kPolicyWithoutInterpretation, "policy_without_interpretation",
     "政策文件未解读", 4},
    {RuleCode::kCopiedAnnualReport, "copied_annual_report", "年报照搬上年内容",
     5},
    {RuleCode::kOverduePublication, "overdue_publication",
     "应公开未公开（逾期）", 0},
    {RuleCode::kMissingPeriod, "missing_period", "定期公开事项缺期", 0},
    {RuleCode::kStaleColumn, "stale_column", "专栏空白或超期未更新", 0},
    {RuleCode::kLateAnnualReport, "late_annual_report", "年报逾期未发布", 0},
    {RuleCode::kUnansweredMessage, "unanswered_message", "网民留言未按时答复",
     3},
    {RuleCode::kDecisionWithoutFeedback, "decision_without_feedback",
     "重大决策未公开意见采纳情况", 4},
    {RuleCode::kLateVillagePosting, "late_village_posting",
     "村（社区）务未按时公开", 1},
    {RuleCode::kIncompleteGuide, "incomplete_guide", "办事指南要素缺失", 1},
    {RuleCode::kStaleServiceStats, "stale_service_stats",
     "办事统计超过3个月未更新", 2},
    {RuleCode::kOpenPrivacyFinding, "open_privacy_finding",
     "公开信息含未脱敏个人信息", 2},
    {RuleCode::kConcernLate, "concern_late", "回应关切不及时", 2},
    {RuleCode::kInstitutionSections, "institution_sections",
     "公共企事业单位办事公开缺项或超期", 1},
};

const RuleInfo& Info(RuleCode c) {
  for (const RuleInfo& i : kRuleInfo) {
    if (i.code == c) return i;
  }
  return kRuleInfo[0];
}

// The evidence lists of a row a rule deducts for, one deduction each.
std::vector<const std::vector<Evidence>*> EvidenceOf(RuleCode c,
                                                     const UnitRow& r) {
  switch (c) {
    case RuleCode::kLatePublication:
      return {&r.publications_late};
    case RuleCode::kOverdueApplication:
      // Open past due, and replied after the due date this year: an
      // application moves from the first list to the second when answered.
      return {&r.applications_overdue, &r.applications_replied_late};
    case RuleCode::kPolicyWithoutInterpretation:
      return {&r.policies_without_interpretation};
    case RuleCode::kCopiedAnnualReport:
      return {&r.annual_report_copied};
    case RuleCode::kOverduePublication:
      return {&r.publications_overdue};
    case RuleCode::kMissingPeriod:
      return {&r.periods_missing};
    case RuleCode::kStaleColumn:
      return {&r.columns_blank, &r.columns_stale};
    case RuleCode::kLateAnnualReport:
      return {&r.annual_report_late};
    case RuleCode::kUnansweredMessage:
      return {&r.unanswered_messages};
    case RuleCode::kDecisionWithoutFeedback:
      return {&r.decisions_without_feedback};
    case RuleCode::kLateVillagePosting:
      return {&r.village_postings_late};
    case RuleCode::kIncompleteGuide:
      return {&r.guides_incomplete};
    case RuleCode::kStaleServiceStats:
      return {&r.service_stats_stale};
    case RuleCode::kOpenPrivacyFinding:
      return {&r.privacy_findings};
    case RuleCode::kConcernLate:
      return {&r.concerns_late};
    case RuleCode::kInstitutionSections:
      return {&r.institution_sections};
  }
  return {};
}

}  // namespace

absl::string_view RuleCodeName(RuleCode c) { return Info(c).name; }

std::optional<RuleCode> ParseRuleCode(absl::string_view s) {
  for (const RuleInfo& i : kRuleInfo) {
    if (i.name == s) return i.code;
  }
  return std::nullopt;
}

std::vector<ScoreRule> DefaultRules() {
  std::vector<ScoreRule> out;
  for (RuleCode c : kAllRules) {
    const RuleInfo& i = Info(c);
    out.push_back(ScoreRule{.code = c,
                            .label = std::string(i.label),
                            .points = i.points,
                            .enabled = true});
  }
  return out;
}

absl::string_view ColumnStateLabel(ColumnState s) {
  switch (s) {
    case ColumnState::kOk:
      return "正常";
    case ColumnState::kStale:
      return "超期未更新";
    case ColumnState::kBlank:
      return "空白栏目";
    case ColumnState::kUnchecked:
      return "不检查";
  }
  return "正常";
}

ColumnState JudgeColumn(int64_t published, absl::string_view last_published_on,
                        int threshold_days, absl::CivilDay as_of) {
  if (threshold_days < 0) return ColumnState::kUnchecked;
  std::optional<absl::CivilDay> last = ParseDay(last_published_on);
  if (published <= 0 || !last) return ColumnState::kBlank;
  if (threshold_days > 0 && as_of - *last > threshold_days) {
    return ColumnState::kStale;
  }
  return ColumnState::kOk;
}

void Score(const std::vector<ScoreRule>& rules, std::vector<UnitRow>& rows) {
  for (UnitRow& row : rows) {
    row.deductions.clear();
    int total = 0;
    for (const ScoreRule& rule : rules) {
      if (!rule.enabled || rule.points <= 0) continue;
      // A capped rule stops deducting once its points reach the cap.
      const int cap = rule.code == RuleCode::kInstitutionSections
                          ? kInstitutionSectionsCap
                          : 0;
      int taken = 0;
      for (const std::vector<Evidence>* list : EvidenceOf(rule.code, row)) {
        for (const Evidence& e : *list) {
          if (cap > 0 && taken + rule.points > cap) break;
          row.deductions.push_back(Deduction{.rule = rule.code,
                                             .label = rule.label,
                                             .points = rule.points,
                                             .evidence = e});
          total += rule.points;
          taken += rule.points;
        }
      }
    }
    row.score = std::max(0, 100 - total);
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const UnitRow& a, const UnitRow& b) {
                     if (a.score != b.score) return a.score > b.score;
                     return a.unit_name < b.unit_name;
                   });
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i].rank = (i > 0 && rows[i].score == rows[i - 1].score)
                       ? rows[i - 1].rank
                       : static_cast<int>(i) + 1;
  }
}

Totals Sum(absl::string_view label, const std::vector<UnitRow>& rows,
           bool (*include)(const UnitRow&)) {
  Totals t{.label = std::string(label)};
  for (const UnitRow& r : rows) {
    if (include != nullptr && !include(r)) continue;
    t.publications_overdue += r.publications_overdue.size();
    t.publications_due_soon += r.publications_due_soon.size();
    t.publications_late += r.publications_late.size();
    t.periods_missing += r.periods_missing.size();
    t.columns_blank += r.columns_blank.size();
    t.columns_stale += r.columns_stale.size();
    t.applications_overdue += r.applications_overdue.size();
    t.applications_due_soon += r.applications_due_soon.size();
    t.applications_replied_late += r.applications_replied_late.size();
    t.policies_without_interpretation +=
        r.policies_without_interpretation.size();
    t.unanswered_messages += r.unanswered_messages.size();
    t.decisions_without_feedback += r.decisions_without_feedback.size();
    t.annual_report_late += r.annual_report_late.size();
    t.annual_report_copied += r.annual_report_copied.size();
    t.tasks_overdue += r.tasks_overdue;
    t.village_postings_late += r.village_postings_late.size();
    t.guides_incomplete += r.guides_incomplete.size();
    t.service_stats_stale += r.service_stats_stale.size();
    t.privacy_findings += r.privacy_findings.size();
    t.concerns_late += r.concerns_late.size();
    t.institution_sections += r.institution_sections.size();
  }
  return t;
}

}  // namespace zwgk::compliance
