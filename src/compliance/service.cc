#include "compliance/service.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compliance/store.h"
#include "core/audit.h"
#include "core/date.h"
#include "core/status.h"
#include "core/text.h"
#include "privacy/scan.h"

namespace zwgk::compliance {
namespace {

constexpr size_t kMaxLabelChars = 30;
constexpr int kEarliestYear = 2000;

absl::Status RequireAdmin(const Actor& actor) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError("只有县政务公开办可以修改监督检查设置");
  return absl::OkStatus();
}

// Who may see which view: the county office every unit and the county;
// a unit's staff their own unit (the county view defaults to it); another
// unit answers NotFound, the public PermissionDenied.
absl::StatusOr<std::optional<int64_t>> Authorize(
    const Actor& actor, std::optional<int64_t> unit_id) {
  if (IsAdmin(actor)) return unit_id;
  if (!IsStaff(actor.role) || !actor.unit_id)
    return absl::PermissionDeniedError("请以县政务公开办或本单位账号登录");
  if (!unit_id) return actor.unit_id;
  if (*unit_id != *actor.unit_id) return absl::NotFoundError("没有该单位");
  return unit_id;
}

int ThresholdFor(const Thresholds& t, publishing::ColumnKind k) {
  switch (k) {
    case publishing::ColumnKind::kNews:
      return t.news_days;
    case publishing::ColumnKind::kNotices:
      return t.notices_days;
    case publishing::ColumnKind::kPolicies:
      return t.policies_days;
    case publishing::ColumnKind::kPlans:
      return t.plans_days;
    case publishing::ColumnKind::kSpecial:
      return t.special_days;
    case publishing::ColumnKind::kPersonnel:
      return t.plans_days;  // A7: 1 year, like 规划计划
    case publishing::ColumnKind::kReports:
      return 0;
  }
  return 0;
}

std::string RecordUrl(int64_t id) {
  return absl::StrCat("/admin/records/", id);
}
std::string ApplicationUrl(int64_t id) {
  return absl::StrCat("/admin/applications/", id);
}

std::string RecordLabel(const publishing::ComplianceItem& i) {
  return i.title.empty() ? absl::StrCat("信息 ", i.record_id) : i.title;
}

Evidence OverduePublication(const publishing::ComplianceItem& i) {
  return {RecordLabel(i), RecordUrl(i.record_id),
          absl::StrCat("应于 ", i.publish_by, " 前公开，已逾期 ", i.days,
                       " 个工作日")};
}
Evidence DueSoonPublication(const publishing::ComplianceItem& i) {
  return {RecordLabel(i), RecordUrl(i.record_id),
          i.days <= 0 ? absl::StrCat("应于今日（", i.publish_by, "）公开")
                      : absl::StrCat("应于 ", i.publish_by, " 前公开，剩 ",
                                     i.days, " 个工作日")};
}
Evidence LatePublication(const publishing::ComplianceItem& i) {
  return {RecordLabel(i), RecordUrl(i.record_id),
          absl::StrCat(i.published_on, " 发布，应于 ", i.publish_by,
                       " 前公开，逾期 ", i.days, " 个工作日")};
}

std::string CaseLabel(const applications::ComplianceCase& c) {
  return c.tracking_number.empty() ? absl::StrCat("申请 ", c.id)
                                   : c.tracking_number;
}
Evidence OverdueApplication(const applications::ComplianceCase& c) {
  return {
      CaseLabel(c), ApplicationUrl(c.id),
      absl::StrCat("应于 ", c.due_on, " 前答复，已逾期 ", c.days, " 个工作日")};
}
Evidence DueSoonApplication(const applications::ComplianceCase& c) {
  return {CaseLabel(c), ApplicationUrl(c.id),
          c.days <= 0 ? absl::StrCat("应于今日（", c.due_on, "）答复")
                      : absl::StrCat("应于 ", c.due_on, " 前答复，剩 ", c.days,
                                     " 个工作日")};
}
Evidence LateReply(const applications::ComplianceCase& c) {
  return {CaseLabel(c), ApplicationUrl(c.id),
          absl::StrCat(c.replied_on, " 答复，应于 ", c.due_on, " 前答复，逾期 ",
                       c.days, " 个工作日")};
}

Evidence PeriodEvidence(const publishing::PeriodGap& g) {
  std::string label = absl::StrCat(g.domain, "：", g.level1);
  if (!g.level2.empty()) absl::StrAppend(&label, " / ", g.level2);
  return {std::move(label),
          absl::StrCat("/admin/catalog/", g.domain_id, "#item-", g.item_id),
          absl::StrCat(g.cadence, "公开，", g.period, "（", g.period_start,
                       " 至 ", g.period_end, "）无记录")};
}

std::string ColumnDetail(const ColumnFinding& c) {
  if (c.state == ColumnState::kBlank) return "栏目内无公开信息";
  return absl::StrCat("最近更新 ", c.last_published_on, "，已 ", c.days_since,
                      " 天未更新（标准 ", c.threshold_days, " 天）");
}

// A column as the registry judged it (its own rule, issue 19).
ColumnFinding FromRegistry(const columns::ColumnStatus& s) {
  ColumnFinding f{.name = s.column.name,
                  .kind = std::string(columns::ColumnTypeLabel(s.column.type)),
                  .url = s.column.url,
                  .unit_id = s.column.unit_id,
                  .published = s.items,
                  .last_published_on = s.last_updated_on,
                  .days_since = s.days_since_update,
                  .threshold_days = s.column.update_days};
  switch (s.state) {
    case columns::ColumnState::kStale:
      f.state = ColumnState::kStale;
      break;
    case columns::ColumnState::kBlank:
      f.state = ColumnState::kBlank;
      break;
    case columns::ColumnState::kOk:
    case columns::ColumnState::kNoRule:
      f.state = ColumnState::kOk;
      break;
  }
  return f;
}

ColumnFinding Judge(const publishing::ColumnActivity& a, const Thresholds& t,
                    absl::CivilDay as_of) {
  ColumnFinding f{.name = a.name,
                  .kind = std::string(publishing::ColumnKindLabel(a.kind)),
                  .url = a.url,
                  .unit_id = a.unit_id,
                  .published = a.published,
                  .last_published_on = a.last_published_on,
                  .threshold_days = ThresholdFor(t, a.kind)};
  if (std::optional<absl::CivilDay> last = ParseDay(a.last_published_on))
    f.days_since = as_of - *last;
  f.state =
      JudgeColumn(a.published, a.last_published_on, f.threshold_days, as_of);
  return f;
}

// A village obligation as evidence: the posting when there is one, else
// the village's staff page where it is prepared.
Evidence ObligationEvidence(const villages::Obligation& o) {
  const std::string label =
      absl::StrCat(o.village_name, " ", villages::KindLabel(o.kind), " ",
                   villages::PeriodLabel(o.period));
  const std::string url =
      o.posting_id ? absl::StrCat("/admin/villages/postings/", *o.posting_id)
                   : absl::StrCat("/admin/villages/", o.village_id);
  const std::string due = FormatDate(o.due_on);
  std::string detail;
  switch (o.timeliness) {
    case villages::Timeliness::kMissing:
      detail = absl::StrCat("应于 ", due, " 前公开，逾期未公开");
      break;
    case villages::Timeliness::kLate:
      detail = absl::StrCat(o.posted_on ? FormatDate(*o.posted_on) : "",
                            " 公开，应于 ", due, " 前公开");
      break;
    case villages::Timeliness::kDueSoon:
      detail = absl::StrCat("应于 ", due, " 前公开");
      break;
    default:
      detail = absl::StrCat("已公开，应于 ", due, " 前公开");
  }
  if (o.photo_missing && o.timeliness != villages::Timeliness::kMissing)
    absl::StrAppend(&detail, "；未上传公示栏照片");
  return {label, url, std::move(detail)};
}

Evidence GuideEvidence(const guides::IncompleteGuide& g) {
  std::vector<std::string> names;
  for (const guides::Missing& m : g.missing) names.push_back(m.element);
  return {g.service.empty() ? absl::StrCat("办事指南 ", g.id) : g.service,
          absl::StrCat("/admin/guides/", g.id),
          absl::StrCat("缺少：", absl::StrJoin(names, "、"))};
}

// One published record with open findings: its (masked) title, the
// office's page at the record, the kinds found. Never a raw value.
// A section of an institution missing or past its update period.
Evidence InstitutionEvidence(const institutions::Problem& p) {
  return {
      .label = absl::StrCat(p.institution_name, " ",
                            institutions::SectionLabel(p.section)),
      .url = absl::StrCat("/admin/institutions/", p.institution_id, "#section-",
                          institutions::SectionName(p.section)),
      .detail = p.state == institutions::SectionState::kMissing
                    ? std::string("未公开")
                    : absl::StrCat("已 ", p.days_since, " 天未更新（更新周期 ",
                                   p.period_days, " 天）")};
}

// An obligation of a concern: still open past due, or met late.
Evidence ConcernEvidence(const concerns::LateObligation& l) {
  const std::string due = concerns::FormatBeijingMinute(l.due_at);
  return {.label = l.title,
          .url = absl::StrCat("/admin/concerns/", l.concern_id),
          .detail = l.met_at
                        ? absl::StrCat(concerns::ObligationLabel(l.obligation),
                                       "超时（应于 ", due, " 前，",
                                       concerns::FormatBeijingMinute(*l.met_at),
                                       " 完成）")
                        : absl::StrCat(concerns::ObligationLabel(l.obligation),
                                       "已超时（应于 ", due, " 前）")};
}

Evidence PrivacyEvidence(const publishing::PrivacyReport& p) {
  std::map<std::string, int64_t> kinds;
  for (const publishing::PrivacyFinding& f : p.findings) ++kinds[f.kind];
  std::vector<std::string> parts;
  for (privacy::Kind k : privacy::kAllKinds) {
    auto it = kinds.find(std::string(privacy::KindName(k)));
    if (it != kinds.end())
      parts.push_back(
          absl::StrCat(privacy::KindLabel(k), " ", it->second, " 处"));
  }
  return {
      p.title,
      absl::StrCat("/admin/privacy?unit=", p.unit_id, "#record-", p.record_id),
      absl::StrCat("含未脱敏的", absl::StrJoin(parts, "、"))};
}

Evidence StaleStatsEvidence(const guides::StaleStats& s) {
  return {"办事统计", "/admin/guides/stats",
          s.newest_month
              ? absl::StrCat("最近一次为 ", s.newest_month->year(), "年",
                             s.newest_month->month(), "月，超过3个月未更新")
              : std::string("从未录入办事统计")};
}

std::string ReportLabel(const reports::DueReport& d) {
  return absl::StrCat(d.year, "年政府信息公开工作年度报告");
}

nlohmann::json ThresholdsJson(const Thresholds& t) {
  return {{"news_days", t.news_days},
          {"notices_days", t.notices_days},
          {"policies_days", t.policies_days},
          {"plans_days", t.plans_days},
          {"special_days", t.special_days}};
}

nlohmann::json RulesJson(const std::vector<ScoreRule>& rules) {
  nlohmann::json out = nlohmann::json::array();
  for (const ScoreRule& r : rules)
    out.push_back({{"code", RuleCodeName(r.code)},
                   {"label", r.label},
                   {"points", r.points},
                   {"enabled", r.enabled}});
  return out;
}

nlohmann::json EvidenceJson(const std::vector<Evidence>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const Evidence& e : list)
    out.push_back({{"label", e.label}, {"url", e.url}, {"detail", e.detail}});
  return out;
}

nlohmann::json TotalsJson(const Totals& t) {
  return {
      {"label", t.label},
      {"publications_overdue", t.publications_overdue},
      {"publications_due_soon", t.publications_due_soon},
      {"publications_late", t.publications_late},
      {"periods_missing", t.periods_missing},
      {"columns_blank", t.columns_blank},
      {"columns_stale", t.columns_stale},
      {"applications_overdue", t.applications_overdue},
      {"applications_due_soon", t.applications_due_soon},
      {"applications_replied_late", t.applications_replied_late},
      {"policies_without_interpretation", t.policies_without_interpretation},
      {"unanswered_messages", t.unanswered_messages},
      {"decisions_without_feedback", t.decisions_without_feedback},
      {"annual_report_late", t.annual_report_late},
      {"annual_report_copied", t.annual_report_copied},
      {"tasks_overdue", t.tasks_overdue},
      {"village_postings_late", t.village_postings_late},
      {"guides_incomplete", t.guides_incomplete},
      {"service_stats_stale", t.service_stats_stale},
      {"privacy_findings", t.privacy_findings},
      {"concerns_late", t.concerns_late},
      {"institution_sections", t.institution_sections}};
}

// The evidence lists of a row with their stable keys and Chinese headings,
// in the order the API, the export and the pages show them.
struct ListField {
  const char* key;
  const char* label;
  std::vector<Evidence> UnitRow::*list;
};
constexpr ListField kListFields[] = {
    {"publications_overdue", "逾期未公开", &UnitRow::publications_overdue},
    {"publications_due_soon", "3个工作日内到期",
     &UnitRow::publications_due_soon},
    {"publications_late", "本年逾期发布", &UnitRow::publications_late},
    {"periods_missing", "定期事项缺期", &UnitRow::periods_missing},
    {"columns_blank", "空白专栏", &UnitRow::columns_blank},
    {"columns_stale", "超期未更新专栏", &UnitRow::columns_stale},
    {"applications_overdue", "申请逾期未答复", &UnitRow::applications_overdue},
    {"applications_due_soon", "申请3个工作日内到期",
     &UnitRow::applications_due_soon},
    {"applications_replied_late", "本年逾期答复",
     &UnitRow::applications_replied_late},
    {"policies_without_interpretation", "政策文件未解读",
     &UnitRow::policies_without_interpretation},
    {"unanswered_messages", "留言未按时回复", &UnitRow::unanswered_messages},
    {"decisions_without_feedback", "重大决策未公开意见采纳",
     &UnitRow::decisions_without_feedback},
    {"annual_report_copied", "年报照搬上年", &UnitRow::annual_report_copied},
    {"annual_report_late", "年报逾期未发布", &UnitRow::annual_report_late},
    {"village_postings_late", "村（社区）务未按时公开",
     &UnitRow::village_postings_late},
    {"guides_incomplete", "办事指南要素缺失", &UnitRow::guides_incomplete},
    {"service_stats_stale", "办事统计超过3个月未更新",
     &UnitRow::service_stats_stale},
    {"privacy_findings", "公开信息含未脱敏个人信息",
     &UnitRow::privacy_findings},
    {"concerns_late", "回应关切不及时", &UnitRow::concerns_late},
    {"institution_sections", "公共企事业单位办事公开缺项或超期",
     &UnitRow::institution_sections},
};

}  // namespace

Service::Service(db::Database& db, const Clock& clock, org::Service& org,
                 calendar::Service& calendar, publishing::Service& publishing,
                 applications::Service& applications, reports::Service& reports,
                 supervision::Service& supervision,
                 ParticipationSource* participation, ServiceOptions options,
                 guides::Service* guides, villages::Service* villages,
                 columns::Service* columns, concerns::Service* concerns,
                 institutions::Service* institutions)
    : db_(db),
      clock_(clock),
      org_(org),
      calendar_(calendar),
      publishing_(publishing),
      applications_(applications),
      reports_(reports),
      supervision_(supervision),
      participation_(participation),
      options_(options),
      guides_(guides),
      villages_(villages),
      columns_(columns),
      concerns_(concerns),
      institutions_(institutions) {}

absl::StatusOr<Dashboard> Service::Get(const Actor& actor,
                                       std::optional<absl::CivilDay> as_of,
                                       std::optional<int64_t> unit_id) {
  ZWGK_ASSIGN_OR_RETURN(unit_id, Authorize(actor, unit_id));
  const absl::CivilDay today = Today(clock_);
  const absl::CivilDay day = as_of.value_or(today);
  if (day.year() < kEarliestYear || day > today + 366) {
    return InvalidFields(
        "日期有误",
        {{"as_of", absl::StrCat("日期应在 ", kEarliestYear, "年至明年之间")}});
  }

  // Every other module's figures are read through its own transaction,
  // before and outside ours (nested transactions deadlock SQLite).
  std::vector<org::Unit> units;
  if (unit_id) {
    ZWGK_ASSIGN_OR_RETURN(org::Unit u, org_.GetUnit(*unit_id));
    units.push_back(std::move(u));
  } else {
    ZWGK_ASSIGN_OR_RETURN(units, org_.ListUnits());
  }
  // The application figures are independent of the publishing ones and as
  // slow at 1M records (0.4 s each): read them on a second connection
  // meanwhile. No transaction is held while waiting for it.
  std::future<absl::StatusOr<applications::ApplicationCompliance>> apps_future =
      std::async(std::launch::async,
                 [&] { return applications_.Compliance(day, unit_id); });
  absl::StatusOr<publishing::PublishingCompliance> pub_read =
      publishing_.Compliance(day, unit_id);
  // The registry's columns when there is one; else publishing's with the
  // thresholds (tests of this module alone).
  absl::StatusOr<std::vector<columns::ColumnStatus>> registry_read =
      std::vector<columns::ColumnStatus>{};
  absl::StatusOr<std::vector<publishing::ColumnActivity>> columns_read =
      std::vector<publishing::ColumnActivity>{};
  if (!pub_read.ok()) {
    columns_read = pub_read.status();
  } else if (columns_ != nullptr) {
    registry_read = columns_->List(FormatDate(day));
  } else {
    columns_read = publishing_.Columns(day);
  }
  absl::StatusOr<applications::ApplicationCompliance> apps_read =
      apps_future.get();
  ZWGK_ASSIGN_OR_RETURN(publishing::PublishingCompliance pub,
                        std::move(pub_read));
  ZWGK_ASSIGN_OR_RETURN(std::vector<publishing::ColumnActivity> columns,
                        std::move(columns_read));
  ZWGK_ASSIGN_OR_RETURN(std::vector<columns::ColumnStatus> registry,
                        std::move(registry_read));
  ZWGK_ASSIGN_OR_RETURN(applications::ApplicationCompliance apps,
                        std::move(apps_read));
  ZWGK_ASSIGN_OR_RETURN(std::vector<publishing::PeriodGap> gaps,
                        publishing_.PeriodGaps(day, unit_id));
  ZWGK_ASSIGN_OR_RETURN(std::vector<reports::DueReport> due, reports_.Due(day));
  ZWGK_ASSIGN_OR_RETURN(std::vector<supervision::UnitTaskCounts> tasks,
                        supervision_.CountsByUnit(day));
  std::optional<std::vector<ParticipationFigures>> participation;
  if (participation_ != nullptr) {
    ZWGK_ASSIGN_OR_RETURN(participation, participation_->Figures(day, unit_id));
  }
  // 村务公开: the county's towns, or the town asked for (a department's
  // view has none).
  std::vector<villages::TownSummary> town_summaries;
  const bool town_view =
      unit_id && !units.empty() && units.front().kind == org::UnitKind::kTown;
  if (villages_ != nullptr && (!unit_id || town_view)) {
    ZWGK_ASSIGN_OR_RETURN(town_summaries,
                          villages_->TownSummaries(day, unit_id));
  }
  std::vector<guides::IncompleteGuide> incomplete;
  std::vector<guides::StaleStats> stale_stats;
  if (guides_ != nullptr) {
    ZWGK_ASSIGN_OR_RETURN(incomplete, guides_->Incomplete(unit_id));
    ZWGK_ASSIGN_OR_RETURN(stale_stats, guides_->StaleStatistics(day, unit_id));
  }
  // 保密审查 (issue 18): published records with personal data not yet
  // masked, from publishing (its own transaction, read before ours).
  absl::StatusOr<std::vector<publishing::PrivacyReport>> privacy_read =
      publishing_.OpenPrivacy(SystemActor(), unit_id);
  if (!privacy_read.ok() && !absl::IsUnimplemented(privacy_read.status()))
    return privacy_read.status();
  const std::vector<publishing::PrivacyReport> privacy_open =
      privacy_read.ok() ? std::move(*privacy_read)
                        : std::vector<publishing::PrivacyReport>();
  // 回应关切 (issue 23): obligations open past due or met late this year.
  std::vector<concerns::LateObligation> concerns_late;
  if (concerns_ != nullptr) {
    ZWGK_ASSIGN_OR_RETURN(concerns_late, concerns_->Late(day, unit_id));
  }
  // 公共企事业单位办事公开 (issue 23): sections missing or stale at the end
  // of the day asked for, on the supervising department's row.
  std::vector<institutions::Problem> institution_problems;
  if (institutions_ != nullptr) {
    ZWGK_ASSIGN_OR_RETURN(
        institution_problems,
        institutions_->Problems(
            std::min(clock_.Now(), StartOfDay(day + 1) - absl::Seconds(1)),
            unit_id));
  }
  Dashboard d{
      .as_of = day,
      .year = static_cast<int>(day.year()),
      .unit_id = unit_id,
      .participation_enabled = participation.has_value(),
      .interpretation_enabled =
          participation && participation_->ProvidesInterpretation(),
      .messages_enabled = participation && participation_->ProvidesMessages(),
      .decisions_enabled = participation && participation_->ProvidesDecisions(),
      .villages_enabled = villages_ != nullptr,
      .guides_enabled = guides_ != nullptr,
      .concerns_enabled = concerns_ != nullptr,
      .institutions_enabled = institutions_ != nullptr};
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(d.thresholds, store::GetThresholds(tx));
    ZWGK_ASSIGN_OR_RETURN(d.rules, store::GetRules(tx));
    return absl::OkStatus();
  }));

  // One row per unit in service (or the one asked for).
  std::map<int64_t, UnitRow> rows;
  for (const org::Unit& u : units) {
    rows[u.id] = UnitRow{.unit_id = u.id,
                         .unit_name = u.name,
                         .group = std::string(org::UnitGroupLabel(u)),
                         .town = u.kind == org::UnitKind::kTown};
  }
  auto row = [&](std::optional<int64_t> id) -> UnitRow* {
    if (!id) return nullptr;
    auto it = rows.find(*id);
    return it == rows.end() ? nullptr : &it->second;
  };

  const int months = static_cast<int>(day.month());
  d.published_per_month.assign(months, 0);
  for (const publishing::UnitCompliance& u : pub.units) {
    for (int m = 0; m < months; ++m) d.published_per_month[m] += u.per_month[m];
    UnitRow* r = row(u.unit_id);
    if (r == nullptr) continue;
    for (const auto& i : u.overdue_items)
      r->publications_overdue.push_back(OverduePublication(i));
    for (const auto& i : u.due_soon_items)
      r->publications_due_soon.push_back(DueSoonPublication(i));
    for (const auto& i : u.late_items)
      r->publications_late.push_back(LatePublication(i));
  }
  for (const publishing::PeriodGap& g : gaps) {
    if (UnitRow* r = row(g.unit_id))
      r->periods_missing.push_back(PeriodEvidence(g));
  }
  for (const publishing::ColumnActivity& a : columns) {
    // A unit's view shows its own 专栏 only.
    if (unit_id && a.unit_id != unit_id) continue;
    ColumnFinding f = Judge(a, d.thresholds, day);
    if (a.kind == publishing::ColumnKind::kSpecial) {
      if (UnitRow* r = row(a.unit_id)) {
        Evidence e{f.name, f.url, ColumnDetail(f)};
        if (f.state == ColumnState::kBlank) r->columns_blank.push_back(e);
        if (f.state == ColumnState::kStale) r->columns_stale.push_back(e);
      }
    }
    d.columns.push_back(std::move(f));
  }
  for (const columns::ColumnStatus& s : registry) {
    // A unit's view shows its own 专栏 only.
    if (unit_id && s.column.unit_id != unit_id) continue;
    ColumnFinding f = FromRegistry(s);
    if (s.column.type == columns::ColumnType::kSpecial) {
      if (UnitRow* r = row(s.column.unit_id)) {
        Evidence e{f.name, f.url, ColumnDetail(f)};
        if (f.state == ColumnState::kBlank) r->columns_blank.push_back(e);
        if (f.state == ColumnState::kStale) r->columns_stale.push_back(e);
      }
    }
    d.columns.push_back(std::move(f));
  }
  for (const applications::UnitApplicationCompliance& u : apps.units) {
    UnitRow* r = row(u.unit_id);
    if (r == nullptr) continue;
    for (const auto& c : u.overdue)
      r->applications_overdue.push_back(OverdueApplication(c));
    for (const auto& c : u.due_soon)
      r->applications_due_soon.push_back(DueSoonApplication(c));
    for (const auto& c : u.replied_late)
      r->applications_replied_late.push_back(LateReply(c));
  }
  d.application_outcomes = apps.outcomes;
  for (const reports::DueReport& rep : due) {
    UnitRow* r = row(rep.unit_id);
    if (r == nullptr) continue;  // the county government's own report
    if (rep.copied) {
      r->annual_report_copied.push_back(
          {ReportLabel(rep), rep.url,
           absl::StrCat("与上年报告雷同：",
                        absl::StrJoin(rep.copied_sections, "、"))});
    }
    if (rep.overdue) {
      r->annual_report_late.push_back(
          {ReportLabel(rep), rep.url,
           absl::StrCat("应于 ", FormatDate(rep.due_on), " 前发布，已逾期 ",
                        -rep.days_left, " 天")});
    }
  }
  if (participation) {
    for (ParticipationFigures& p : *participation) {
      UnitRow* r = row(p.unit_id);
      if (r == nullptr) continue;
      r->policies_without_interpretation =
          std::move(p.policies_without_interpretation);
      r->unanswered_messages = std::move(p.unanswered_messages);
      r->decisions_without_feedback = std::move(p.decisions_without_feedback);
    }
  }
  for (const villages::TownSummary& t : town_summaries) {
    TownVillages tv{.town_id = t.town_id,
                    .town_name = t.town_name,
                    .villages = t.villages,
                    .due_soon = t.due_soon,
                    .late = t.late,
                    .missing = t.missing,
                    .photos_missing = t.photos_missing};
    for (const villages::Obligation& o : t.problems) {
      Evidence e = ObligationEvidence(o);
      switch (o.timeliness) {
        case villages::Timeliness::kDueSoon:
          tv.due_soon_items.push_back(e);
          break;
        case villages::Timeliness::kLate:
          tv.late_items.push_back(e);
          break;
        case villages::Timeliness::kMissing:
          tv.missing_items.push_back(e);
          break;
        default:
          break;
      }
      if (o.photo_missing && o.timeliness != villages::Timeliness::kMissing)
        tv.photos_missing_items.push_back(e);
    }
    // The town answers for its villages' late and missing postings.
    if (UnitRow* r = row(t.town_id)) {
      r->village_postings_late = tv.late_items;
      r->village_postings_late.insert(r->village_postings_late.end(),
                                      tv.missing_items.begin(),
                                      tv.missing_items.end());
    }
    d.towns_villages.push_back(std::move(tv));
  }
  for (const publishing::PrivacyReport& p : privacy_open) {
    if (p.findings.empty()) continue;
    if (UnitRow* r = row(p.unit_id))
      r->privacy_findings.push_back(PrivacyEvidence(p));
  }
  for (const concerns::LateObligation& l : concerns_late) {
    if (UnitRow* r = row(l.unit_id))
      r->concerns_late.push_back(ConcernEvidence(l));
  }
  for (const institutions::Problem& p : institution_problems) {
    if (UnitRow* r = row(p.department_id))
      r->institution_sections.push_back(InstitutionEvidence(p));
  }
  for (const guides::IncompleteGuide& g : incomplete) {
    if (UnitRow* r = row(g.unit_id))
      r->guides_incomplete.push_back(GuideEvidence(g));
  }
  for (const guides::StaleStats& st : stale_stats) {
    if (UnitRow* r = row(st.unit_id))
      r->service_stats_stale.push_back(StaleStatsEvidence(st));
  }
  for (const supervision::UnitTaskCounts& t : tasks) {
    UnitRow* r = row(t.unit_id);
    if (r == nullptr) continue;
    r->tasks_overdue = t.overdue;
    r->tasks_in_progress = t.in_progress;
    r->tasks_done = t.done;
    r->tasks_not_started = t.not_started;
  }

  for (auto& [id, r] : rows) d.units.push_back(std::move(r));
  Score(d.rules, d.units);
  d.county = Sum(unit_id ? "本单位合计" : "全县合计", d.units, nullptr);
  d.towns = Sum("乡镇小计", d.units, [](const UnitRow& r) { return r.town; });
  d.departments =
      Sum("部门小计", d.units, [](const UnitRow& r) { return !r.town; });
  return d;
}

nlohmann::json Service::ApiJson(const Dashboard& d) const {
  nlohmann::json units = nlohmann::json::array();
  for (const UnitRow& r : d.units) {
    nlohmann::json counts = nlohmann::json::object();
    nlohmann::json lists = nlohmann::json::object();
    for (const ListField& f : kListFields) {
      counts[f.key] = (r.*f.list).size();
      lists[f.key] = EvidenceJson(r.*f.list);
    }
    nlohmann::json deductions = nlohmann::json::array();
    for (const Deduction& x : r.deductions) {
      deductions.push_back({{"rule", RuleCodeName(x.rule)},
                            {"label", x.label},
                            {"points", x.points},
                            {"evidence",
                             {{"label", x.evidence.label},
                              {"url", x.evidence.url},
                              {"detail", x.evidence.detail}}}});
    }
    units.push_back({{"unit_id", r.unit_id},
                     {"unit", r.unit_name},
                     {"group", r.group},
                     {"town", r.town},
                     {"score", r.score},
                     {"rank", r.rank},
                     {"counts", counts},
                     {"tasks",
                      {{"overdue", r.tasks_overdue},
                       {"in_progress", r.tasks_in_progress},
                       {"done", r.tasks_done},
                       {"not_started", r.tasks_not_started}}},
                     {"evidence", lists},
                     {"deductions", deductions}});
  }
  nlohmann::json columns = nlohmann::json::array();
  for (const ColumnFinding& c : d.columns) {
    columns.push_back(
        {{"name", c.name},
         {"kind", c.kind},
         {"url", c.url},
         {"unit_id", c.unit_id ? nlohmann::json(*c.unit_id) : nlohmann::json()},
         {"published", c.published},
         {"last_published_on", c.last_published_on},
         {"days_since", c.days_since},
         {"threshold_days", c.threshold_days},
         {"state", ColumnStateLabel(c.state)}});
  }
  nlohmann::json towns = nlohmann::json::array();
  for (const TownVillages& t : d.towns_villages) {
    towns.push_back(
        {{"town_id", t.town_id},
         {"town", t.town_name},
         {"villages", t.villages},
         {"due_soon", t.due_soon},
         {"late", t.late},
         {"missing", t.missing},
         {"photos_missing", t.photos_missing},
         {"evidence",
          {{"due_soon", EvidenceJson(t.due_soon_items)},
           {"late", EvidenceJson(t.late_items)},
           {"missing", EvidenceJson(t.missing_items)},
           {"photos_missing", EvidenceJson(t.photos_missing_items)}}}});
  }
  nlohmann::json outcomes = nlohmann::json::array();
  for (const auto& [label, n] : d.application_outcomes)
    outcomes.push_back({{"outcome", label}, {"count", n}});
  return {
      {"as_of", FormatDate(d.as_of)},
      {"year", d.year},
      {"unit_id", d.unit_id ? nlohmann::json(*d.unit_id) : nlohmann::json()},
      {"participation_enabled", d.participation_enabled},
      {"interpretation_enabled", d.interpretation_enabled},
      {"messages_enabled", d.messages_enabled},
      {"decisions_enabled", d.decisions_enabled},
      {"villages_enabled", d.villages_enabled},
      {"guides_enabled", d.guides_enabled},
      {"villages", towns},
      {"thresholds", ThresholdsJson(d.thresholds)},
      {"rules", RulesJson(d.rules)},
      {"totals",
       {{"county", TotalsJson(d.county)},
        {"towns", TotalsJson(d.towns)},
        {"departments", TotalsJson(d.departments)}}},
      {"units", units},
      {"columns", columns},
      {"published_per_month", d.published_per_month},
      {"application_outcomes", outcomes}};
}

namespace {

// The first libxlsxwriter error, as a status naming where it happened.
class XlsxTrap {
 public:
  void Check(lxw_error err, absl::string_view where) {
    if (err != LXW_NO_ERROR && status_.ok())
      status_ = absl::InternalError(
          absl::StrCat(where, "写入失败：", lxw_strerror(err)));
  }
  const absl::Status& status() const { return status_; }

 private:
  absl::Status status_;
};

// A sheet written row by row. Text always goes in as a string cell (never a
// formula: libxlsxwriter's write_string stores "=…" as text).
class Sheet {
 public:
  Sheet(lxw_workbook* wb, const char* name, lxw_format* header, XlsxTrap& trap)
      : ws_(workbook_add_worksheet(wb, name)), header_(header), trap_(trap) {}
  void Header(const std::vector<std::string>& labels) {
    for (size_t c = 0; c < labels.size(); ++c) {
      trap_.Check(worksheet_write_string(ws_, row_, static_cast<lxw_col_t>(c),
                                         labels[c].c_str(), header_),
                  "表头");
      worksheet_set_column(ws_, static_cast<lxw_col_t>(c),
                           static_cast<lxw_col_t>(c), c == 0 ? 28 : 14,
                           nullptr);
    }
    worksheet_freeze_panes(ws_, 1, 0);
    ++row_;
  }
  Sheet& Text(absl::string_view s) {
    trap_.Check(worksheet_write_string(ws_, row_, col_++,
                                       std::string(s).c_str(), nullptr),
                "单元格");
    return *this;
  }
  Sheet& Number(double n) {
    trap_.Check(worksheet_write_number(ws_, row_, col_++, n, nullptr),
                "单元格");
    return *this;
  }
  void End() {
    ++row_;
    col_ = 0;
  }

 private:
  lxw_worksheet* ws_;
  lxw_format* header_;
  XlsxTrap& trap_;
  lxw_row_t row_ = 0;
  lxw_col_t col_ = 0;
};

constexpr int64_t Totals::*kTotalFields[] = {
    &Totals::publications_overdue,
    &Totals::publications_due_soon,
    &Totals::publications_late,
    &Totals::periods_missing,
    &Totals::columns_blank,
    &Totals::columns_stale,
    &Totals::applications_overdue,
    &Totals::applications_due_soon,
    &Totals::applications_replied_late,
    &Totals::policies_without_interpretation,
    &Totals::unanswered_messages,
    &Totals::decisions_without_feedback,
    &Totals::annual_report_copied,
    &Totals::annual_report_late,
    &Totals::village_postings_late,
    &Totals::guides_incomplete,
    &Totals::service_stats_stale,
    &Totals::privacy_findings,
    &Totals::concerns_late,
    &Totals::institution_sections};
// The summary sheet labels each total with the list field of its position.
static_assert(std::size(kTotalFields) == std::size(kListFields));

absl::Status WriteWorkbook(lxw_workbook* wb, const Dashboard& d) {
  XlsxTrap trap;
  lxw_format* header = workbook_add_format(wb);
  format_set_bold(header);
  format_set_bg_color(header, 0xD9D9D9);
  format_set_text_wrap(header);

  std::vector<std::string> figure_labels;
  for (size_t i = 0; i < std::size(kTotalFields); ++i)
    figure_labels.push_back(kListFields[i].label);

  Sheet summary(wb, "汇总", header, trap);
  std::vector<std::string> h = {"范围"};
  h.insert(h.end(), figure_labels.begin(), figure_labels.end());
  h.push_back("逾期任务");
  summary.Header(h);
  for (const Totals* t : {&d.county, &d.towns, &d.departments}) {
    summary.Text(t->label);
    for (auto f : kTotalFields) summary.Number(static_cast<double>(t->*f));
    summary.Number(static_cast<double>(t->tasks_overdue)).End();
  }
  summary.End();
  summary.Text("统计日期").Text(FormatDate(d.as_of)).End();
  summary.Text("公众参与")
      .Text(d.participation_enabled ? "已启用" : "未启用")
      .End();

  Sheet units(wb, "各单位明细", header, trap);
  h = {"单位", "分组", "排名", "得分"};
  for (const ListField& f : kListFields) h.push_back(f.label);
  for (const char* l : {"任务逾期", "任务推进中", "任务已完成", "任务未开始"})
    h.push_back(l);
  units.Header(h);
  for (const UnitRow& r : d.units) {
    units.Text(r.unit_name).Text(r.group).Number(r.rank).Number(r.score);
    for (const ListField& f : kListFields)
      units.Number(static_cast<double>((r.*f.list).size()));
    units.Number(r.tasks_overdue)
        .Number(r.tasks_in_progress)
        .Number(r.tasks_done)
        .Number(r.tasks_not_started)
        .End();
  }

  Sheet cols(wb, "栏目", header, trap);
  cols.Header({"栏目", "类型", "公开信息数", "最近更新", "未更新天数",
               "标准（天）", "状态", "链接"});
  for (const ColumnFinding& c : d.columns) {
    cols.Text(c.name)
        .Text(c.kind)
        .Number(static_cast<double>(c.published))
        .Text(c.last_published_on)
        .Number(static_cast<double>(c.days_since))
        .Number(c.threshold_days)
        .Text(ColumnStateLabel(c.state))
        .Text(c.url)
        .End();
  }

  Sheet ded(wb, "扣分明细", header, trap);
  ded.Header({"单位", "扣分项", "扣分", "依据", "说明", "链接"});
  for (const UnitRow& r : d.units) {
    for (const Deduction& x : r.deductions) {
      ded.Text(r.unit_name)
          .Text(x.label)
          .Number(x.points)
          .Text(x.evidence.label)
          .Text(x.evidence.detail)
          .Text(x.evidence.url)
          .End();
    }
  }

  if (d.villages_enabled) {
    Sheet vil(wb, "村务公开", header, trap);
    vil.Header({"乡镇", "村（社区）数", "即将到期", "逾期公开", "逾期未公开",
                "缺公示栏照片"});
    for (const TownVillages& t : d.towns_villages) {
      vil.Text(t.town_name)
          .Number(t.villages)
          .Number(static_cast<double>(t.due_soon))
          .Number(static_cast<double>(t.late))
          .Number(static_cast<double>(t.missing))
          .Number(static_cast<double>(t.photos_missing))
          .End();
    }
  }
  return trap.status();
}

}  // namespace

absl::StatusOr<std::string> Service::Xlsx(const Dashboard& d) const {
  std::string path =
      (std::filesystem::temp_directory_path() / "zwgk-compliance-XXXXXX")
          .string();
  const int fd = mkstemp(path.data());
  if (fd < 0) return absl::UnavailableError("无法创建临时文件");
  close(fd);
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) {
    std::filesystem::remove(path);
    return absl::UnavailableError("无法创建导出文件");
  }
  absl::Status status = WriteWorkbook(wb, d);
  const lxw_error closed = workbook_close(wb);  // also frees wb
  if (status.ok() && closed != LXW_NO_ERROR)
    status = absl::UnavailableError(
        absl::StrCat("写入导出文件失败：", lxw_strerror(closed)));
  std::string bytes;
  if (status.ok()) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    if (!in.good() && !in.eof())
      status = absl::UnavailableError("读取导出文件失败");
    bytes = std::move(out).str();
  }
  std::filesystem::remove(path);
  if (!status.ok()) return status;
  return bytes;
}

absl::StatusOr<Thresholds> Service::GetThresholds() {
  return db_.InTransaction<Thresholds>(
      [](db::Tx& tx) { return store::GetThresholds(tx); });
}

absl::StatusOr<std::vector<ScoreRule>> Service::GetRules() {
  return db_.InTransaction<std::vector<ScoreRule>>(
      [](db::Tx& tx) { return store::GetRules(tx); });
}

absl::Status Service::SaveSettings(const Actor& actor,
                                   const SettingsInput& in) {
  ZWGK_RETURN_IF_ERROR(RequireAdmin(actor));
  Validator v;
  const std::string days_msg =
      absl::StrCat("应为 0 至 ", options_.max_threshold_days, " 之间的天数");
  if (in.thresholds) {
    const Thresholds& t = *in.thresholds;
    const std::pair<const char*, int> fields[] = {
        {"news_days", t.news_days},
        {"notices_days", t.notices_days},
        {"policies_days", t.policies_days},
        {"plans_days", t.plans_days},
        {"special_days", t.special_days}};
    for (const auto& [field, days] : fields) {
      if (days < 0 || days > options_.max_threshold_days)
        v.Add(field, days_msg);
    }
  }
  std::set<RuleCode> seen;
  std::vector<ScoreRule> rules;
  for (const ScoreRule& r : in.rules) {
    const std::string code(RuleCodeName(r.code));
    if (!seen.insert(r.code).second) {
      v.Add(absl::StrCat(code, "_points"), "同一扣分项重复提交");
      continue;
    }
    if (r.points < 0 || r.points > options_.max_rule_points) {
      v.Add(absl::StrCat(code, "_points"),
            absl::StrCat("扣分应为 0 至 ", options_.max_rule_points,
                         " 之间的整数"));
    }
    ScoreRule clean = r;
    clean.label = std::string(absl::StripAsciiWhitespace(r.label));
    if (clean.label.empty()) {
      v.Add(absl::StrCat(code, "_label"), "请填写扣分项名称");
    } else if (Utf8Length(clean.label) > kMaxLabelChars) {
      v.Add(absl::StrCat(code, "_label"),
            absl::StrCat("名称不超过 ", kMaxLabelChars, " 个字"));
    }
    rules.push_back(std::move(clean));
  }
  ZWGK_RETURN_IF_ERROR(v.ToStatus("监督检查设置有误"));

  const std::string now = FormatTimestamp(clock_.Now());
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(Thresholds before_t, store::GetThresholds(tx));
    ZWGK_ASSIGN_OR_RETURN(std::vector<ScoreRule> before_r, store::GetRules(tx));
    if (in.thresholds)
      ZWGK_RETURN_IF_ERROR(
          store::PutThresholds(tx, *in.thresholds, actor.name, now));
    for (const ScoreRule& r : rules)
      ZWGK_RETURN_IF_ERROR(store::PutRule(tx, r, actor.name, now));
    ZWGK_ASSIGN_OR_RETURN(Thresholds after_t, store::GetThresholds(tx));
    ZWGK_ASSIGN_OR_RETURN(std::vector<ScoreRule> after_r, store::GetRules(tx));
    return audit::Record(tx, clock_, actor,
                         {.action = "compliance.settings",
                          .entity = "compliance",
                          .entity_id = "settings",
                          .before = {{"thresholds", ThresholdsJson(before_t)},
                                     {"rules", RulesJson(before_r)}},
                          .after = {{"thresholds", ThresholdsJson(after_t)},
                                    {"rules", RulesJson(after_r)}}});
  });
}

}  // namespace zwgk::compliance
