// The compliance dashboard (监督检查, issue 15): plain data and the pure
// rules that turn figures into findings and scores. No I/O.
//
// The figures come from the modules that own the data (publishing,
// applications, reports, supervision, and participation through
// ParticipationSource); this module only combines them, applies the
// office's thresholds and score rules, and ranks the units.
#ifndef ZWGK_COMPLIANCE_MODEL_H_
#define ZWGK_COMPLIANCE_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace zwgk::compliance {

// A thing behind a figure, one click away: a record, an application, a
// report, a column, a catalog item.
struct Evidence {
  std::string label;   // 关于…的通知 | YSQ2026-0012 | 通知公告
  std::string url;     // a staff page (/admin/…) or a public page
  std::string detail;  // 逾期 3 个工作日 | 应于 2026-11-30 前公开
};

// How stale a column may get before it counts (inspection.md A3, A4, A7).
// In days; 0 means the kind is checked for blank columns only.
struct Thresholds {
  int news_days = 14;       // 动态/要闻 类: 2 weeks
  int notices_days = 183;   // 通知公告 类: 6 months
  int policies_days = 183;  // 政策文件 类: 6 months
  int plans_days = 365;     // 规划计划 类: 1 year
  int special_days = 0;     // 专栏: blank check only
};

// The office's scoring rules (the county 考核 tables' deductions).
enum class RuleCode {
  kLatePublication,              // −2 per record published after publish-by
  kOverdueApplication,           // −6 per application reply overdue
  kPolicyWithoutInterpretation,  // −4 per 规范性文件 without 解读
  kCopiedAnnualReport,           // −5 for a 年报 repeating last year's text
  kOverduePublication,           // per record still unpublished past publish-by
  kMissingPeriod,                // per catalog item missing its period
  kStaleColumn,                  // per stale or blank 专栏
  kLateAnnualReport,             // 年报 not published by its deadline
  kUnansweredMessage,            // −3 per message overdue or replied late
  kDecisionWithoutFeedback,      // −4 per decision without 意见采纳反馈
  kLateVillagePosting,  // −1 per village posting late or missing (the town)
  kIncompleteGuide,     // −1 per 办事指南 missing a key element
  kStaleServiceStats,   // −2 per unit whose 办事统计 is over 3 months old
  kOpenPrivacyFinding,  // −2 per published record with unmasked personal data
  kConcernLate,  // −2 per 回应关切 obligation open past due or met late
  // −1 per 公共企事业单位 section missing or stale (the supervising
  // department), at most kInstitutionSectionsCap points.
  kInstitutionSections,
};
inline constexpr RuleCode kAllRules[] = {RuleCode::kLatePublication,
                                         RuleCode::kOverdueApplication,
                                         RuleCode::kPolicyWithoutInterpretation,
                                         RuleCode::kCopiedAnnualReport,
                                         RuleCode::kOverduePublication,
                                         RuleCode::kMissingPeriod,
                                         RuleCode::kStaleColumn,
                                         RuleCode::kLateAnnualReport,
                                         RuleCode::kUnansweredMessage,
                                         RuleCode::kDecisionWithoutFeedback,
                                         RuleCode::kLateVillagePosting,
                                         RuleCode::kIncompleteGuide,
                                         RuleCode::kStaleServiceStats,
                                         RuleCode::kOpenPrivacyFinding,
                                         RuleCode::kConcernLate,
                                         RuleCode::kInstitutionSections};
// The most a department loses for its institutions' sections: a county
// department may supervise a hundred schools, and one missing template
// should not zero its score.
inline constexpr int kInstitutionSectionsCap = 10;
absl::string_view RuleCodeName(RuleCode c);  // late_publication …
std::optional<RuleCode> ParseRuleCode(absl::string_view s);

struct ScoreRule {
  RuleCode code = RuleCode::kLatePublication;
  std::string label;  // 信息逾期发布
  int points = 0;     // deducted per occurrence (0: not scored)
  bool enabled = true;
};
// The defaults: the four the county 考核 tables name (−2, −6, −4, −5), the
// two of public participation (inspection.md A9/A10 messages −3, A24
// decisions without feedback −4), the others present at 0 so the office
// can switch them on; issue 17's three (village postings −1, guides −1,
// 办事统计 −2).
std::vector<ScoreRule> DefaultRules();

struct Deduction {
  RuleCode rule = RuleCode::kLatePublication;
  std::string label;  // the rule's label
  int points = 0;     // positive: what is taken off
  Evidence evidence;
};

// A column as the dashboard judges it.
enum class ColumnState { kOk, kStale, kBlank, kUnchecked };
absl::string_view ColumnStateLabel(
    ColumnState s);  // 正常 | 超期未更新 | 空白栏目 | 不检查

struct ColumnFinding {
  std::string name;
  std::string kind;  // 动态类 | 通知公告类 | 政策文件类 | 规划计划类 | 专栏
  std::string url;
  std::optional<int64_t> unit_id;
  int64_t published = 0;
  std::string last_published_on;  // "" never
  int64_t days_since = 0;         // calendar days since the newest
  int threshold_days = 0;
  ColumnState state = ColumnState::kOk;
};

// One unit's row: every figure, the evidence behind it, the score.
struct UnitRow {
  int64_t unit_id = 0;
  std::string unit_name;
  std::string
      group;  // 县政府及办公室 | 县直部门 | 乡镇人民政府 (org::UnitGroupLabel)
  bool town = false;
  // Publications (主动公开).
  std::vector<Evidence> publications_overdue, publications_due_soon,
      publications_late;
  std::vector<Evidence> periods_missing;  // catalog items missing a period
  std::vector<Evidence> columns_blank, columns_stale;  // its 专栏
  // 依申请公开.
  std::vector<Evidence> applications_overdue, applications_due_soon,
      applications_replied_late;
  // Participation (ParticipationSource; empty while not enabled).
  std::vector<Evidence> policies_without_interpretation, unanswered_messages;
  // 重大行政决策 published without the 意见采纳情况反馈.
  std::vector<Evidence> decisions_without_feedback;
  // 村务公开 (a town's row): its villages' postings late or missing.
  std::vector<Evidence> village_postings_late;
  // 办事指南 missing a key element; the unit's 办事统计 over 3 months old
  // (at most one item).
  std::vector<Evidence> guides_incomplete, service_stats_stale;
  // 保密审查 (issue 18): its published records with personal data not yet
  // masked (publishing's open findings), one item per record.
  std::vector<Evidence> privacy_findings;
  // 回应关切 (issue 23): obligations open past due, or met late this year.
  std::vector<Evidence> concerns_late;
  // 公共企事业单位办事公开 (issue 23, a supervising department's row): its
  // institutions' sections missing or past their update period.
  std::vector<Evidence> institution_sections;
  // 年报 of last year.
  std::vector<Evidence> annual_report_copied, annual_report_late;
  // 附件3 tasks the unit is responsible for.
  int tasks_overdue = 0, tasks_in_progress = 0, tasks_done = 0,
      tasks_not_started = 0;
  std::vector<Deduction> deductions;
  int score = 100;  // 100 − Σ deductions, never below 0
  int rank = 0;     // 1 = best; equal scores share a rank
};

// Sums of a set of rows (the towns, the departments, the county).
struct Totals {
  std::string label;  // 全县合计 | 乡镇小计 | 部门小计
  int64_t publications_overdue = 0, publications_due_soon = 0,
          publications_late = 0, periods_missing = 0, columns_blank = 0,
          columns_stale = 0, applications_overdue = 0,
          applications_due_soon = 0, applications_replied_late = 0,
          policies_without_interpretation = 0, unanswered_messages = 0,
          decisions_without_feedback = 0, annual_report_late = 0,
          annual_report_copied = 0, tasks_overdue = 0;
  int64_t village_postings_late = 0, guides_incomplete = 0,
          service_stats_stale = 0;
  int64_t privacy_findings = 0;
  int64_t concerns_late = 0;
  int64_t institution_sections = 0;
};

// The town/village view (村务公开): one town's villages and communities
// with the postings behind each figure.
struct TownVillages {
  int64_t town_id = 0;
  std::string town_name;
  int villages = 0;
  // The counts as villages reports them; the lists behind them (due-soon
  // postings may be counted without a list).
  int64_t due_soon = 0, late = 0, missing = 0, photos_missing = 0;
  std::vector<Evidence> due_soon_items, late_items, missing_items,
      photos_missing_items;
};

struct Dashboard {
  absl::CivilDay as_of;
  int year = 0;
  std::optional<int64_t> unit_id;  // a unit's own view
  bool participation_enabled = false;
  // Per figure: a source may provide some of them (政策解读 before 留言).
  bool interpretation_enabled = false, messages_enabled = false,
       decisions_enabled = false;
  // 村务公开 (villages) and 办事指南 (guides): whether their source is given.
  bool villages_enabled = false, guides_enabled = false;
  bool concerns_enabled = false;  // 回应关切 (issue 23)
  bool institutions_enabled = false;  // 公共企事业单位办事公开 (issue 23)
  std::vector<TownVillages> towns_villages;  // the town/village view
  Thresholds thresholds;
  std::vector<ScoreRule> rules;
  std::vector<UnitRow> units;  // ranked: best score first
  Totals county, towns, departments;
  std::vector<ColumnFinding> columns;  // every checked column
  // County-wide charts (each shown with its table).
  std::vector<int64_t> published_per_month;  // January … as_of's month
  std::vector<std::pair<std::string, int64_t>> application_outcomes;
};

// --- Pure rules (tested without a database) ---------------------------------

// A column's state on as_of under the thresholds: blank when it never had
// a public record, stale when the newest is older than its kind's threshold
// (a threshold of 0: blank check only).
ColumnState JudgeColumn(int64_t published, absl::string_view last_published_on,
                        int threshold_days, absl::CivilDay as_of);

// Fills each row's deductions from its evidence and the enabled rules with
// points > 0, its score (100 − total, floored at 0), and ranks the rows
// (sorted by score, then unit name; equal scores share a rank).
void Score(const std::vector<ScoreRule>& rules, std::vector<UnitRow>& rows);

// Adds up rows (those `include` accepts) into totals.
Totals Sum(absl::string_view label, const std::vector<UnitRow>& rows,
           bool (*include)(const UnitRow&));

}  // namespace zwgk::compliance

#endif  // ZWGK_COMPLIANCE_MODEL_H_
