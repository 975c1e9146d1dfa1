#include "compliance/http.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/date.h"
#include "core/form_errors.h"
#include "core/guard.h"
#include "core/route_binding.h"
#include "core/status.h"

namespace zwgk::compliance {
namespace {

using web::FormValue;
using web::Request;
using web::Response;
using Json = nlohmann::json;
using Form = std::multimap<std::string, std::string>;

struct Deps {
  Service& service;
  const View& view;
};

// Evidence lists shown per figure: the county page shows the first few of
// each unit's list (the unit's own page has them all).
constexpr size_t kCountyListItems = 20;
constexpr size_t kUnitListItems = 2000;

// A figure of the dashboard: the list behind it in a unit's row and, where
// the service sums it, its total.
struct Figure {
  absl::string_view key;
  absl::string_view label;  // the full name, over a list
  absl::string_view head;   // the short column header
  std::vector<Evidence> UnitRow::*list;
  int64_t Totals::*total;  // nullptr: not summed
  // A participation figure: whether its source is enabled.
  bool Dashboard::*enabled = nullptr;
  bool warning = false;  // a heads-up (due soon), not a fault
};

struct FigureGroup {
  absl::string_view label;
  std::vector<Figure> figures;
};

const std::vector<FigureGroup>& Groups() {
  static const std::vector<FigureGroup> kGroups = {
      {"主动公开",
       {{"publications_overdue", "逾期未公开的信息", "逾期未公开",
         &UnitRow::publications_overdue, &Totals::publications_overdue},
        {"publications_due_soon", "3个工作日内到期的信息", "即将到期",
         &UnitRow::publications_due_soon, &Totals::publications_due_soon,
         nullptr, true},
        {"publications_late", "本年逾期发布的信息", "逾期发布",
         &UnitRow::publications_late, &Totals::publications_late},
        {"periods_missing", "本期未更新的目录事项", "缺期事项",
         &UnitRow::periods_missing, &Totals::periods_missing},
        {"columns_blank", "空白栏目", "空白栏目", &UnitRow::columns_blank,
         &Totals::columns_blank},
        {"columns_stale", "超期未更新的栏目", "超期栏目",
         &UnitRow::columns_stale, &Totals::columns_stale},
        {"privacy_findings", "含未脱敏个人信息的公开信息", "个人信息",
         &UnitRow::privacy_findings, &Totals::privacy_findings}}},
      {"依申请公开",
       {{"applications_overdue", "逾期未答复的申请", "逾期未答复",
         &UnitRow::applications_overdue, &Totals::applications_overdue},
        {"applications_due_soon", "3个工作日内到期的申请", "即将到期",
         &UnitRow::applications_due_soon, &Totals::applications_due_soon,
         nullptr, true},
        {"applications_replied_late", "本年超期答复的申请", "超期答复",
         &UnitRow::applications_replied_late,
         &Totals::applications_replied_late}}},
      {"政策解读与公众参与",
       {{"policies_without_interpretation", "未解读的行政规范性文件",
         "未解读文件", &UnitRow::policies_without_interpretation,
         &Totals::policies_without_interpretation,
         &Dashboard::interpretation_enabled},
        {"unanswered_messages", "未按时答复的网民留言", "留言未答复",
         &UnitRow::unanswered_messages, &Totals::unanswered_messages,
         &Dashboard::messages_enabled},
        {"decisions_without_feedback", "未公开意见采纳情况的重大决策",
         "决策未反馈", &UnitRow::decisions_without_feedback,
         &Totals::decisions_without_feedback, &Dashboard::decisions_enabled},
        {"concerns_late", "未按时回应的社会关切", "关切超时",
         &UnitRow::concerns_late, &Totals::concerns_late,
         &Dashboard::concerns_enabled}}},
      {"村务公开与办事服务",
       {{"village_postings_late", "未按时公开的村（社区）务", "村务逾期",
         &UnitRow::village_postings_late, &Totals::village_postings_late,
         &Dashboard::villages_enabled},
        {"guides_incomplete", "要素缺失的办事指南", "指南缺要素",
         &UnitRow::guides_incomplete, &Totals::guides_incomplete,
         &Dashboard::guides_enabled},
        {"service_stats_stale", "超过3个月未更新的办事统计", "统计未更新",
         &UnitRow::service_stats_stale, &Totals::service_stats_stale,
         &Dashboard::guides_enabled},
        {"institution_sections", "缺项或超期的公共企事业单位办事公开栏目",
         "企事业单位公开", &UnitRow::institution_sections,
         &Totals::institution_sections, &Dashboard::institutions_enabled}}},
      {"年度报告",
       {{"annual_report_late", "未按期公布的年报", "年报逾期",
         &UnitRow::annual_report_late, &Totals::annual_report_late},
        {"annual_report_copied", "与上年雷同的年报", "年报雷同",
         &UnitRow::annual_report_copied, &Totals::annual_report_copied}}},
  };
  return kGroups;
}

// --- Query ------------------------------------------------------------------

struct Query {
  std::optional<absl::CivilDay> as_of;
  std::optional<int64_t> unit_id;
};

// ?as_of=YYYY-MM-DD&unit=ID. A unit's staff always get their own unit; a
// unit id that is not a number answers 404 like an unknown one.
absl::StatusOr<Query> ParseQuery(const Request& req) {
  Query q;
  if (std::string s = req.QueryValue("as_of").value_or(""); !s.empty()) {
    absl::StatusOr<absl::CivilDay> day =
        s.size() <= 10
            ? ParseDate(s)
            : absl::StatusOr<absl::CivilDay>(absl::InvalidArgumentError(""));
    if (!day.ok() || day->year() < 2000 || day->year() > 2100)
      return InvalidFields(
          "统计日期有误",
          {{"as_of", "统计日期应为2000–2100年间的日期，如 2026-03-02"}});
    q.as_of = *day;
  }
  if (std::string s = req.QueryValue("unit").value_or(""); !s.empty()) {
    q.unit_id = web::ParseId(s);
    if (!q.unit_id) return absl::NotFoundError("单位不存在");
  }
  return q;
}

std::string QueryString(const Dashboard& d, bool with_unit = true) {
  std::string q = absl::StrCat("as_of=", FormatDate(d.as_of));
  if (with_unit && d.unit_id) absl::StrAppend(&q, "&unit=", *d.unit_id);
  return q;
}

// --- Dashboard context ------------------------------------------------------

std::string ListId(int64_t unit_id, absl::string_view key) {
  return absl::StrCat("u", unit_id, "-", key);
}

Json EvidenceJson(const Evidence& e) {
  return {{"label", e.label}, {"url", e.url}, {"detail", e.detail}};
}

// The first `limit` items, and how many were left out.
Json EvidenceList(const std::vector<Evidence>& list, size_t limit) {
  Json items = Json::array();
  for (size_t i = 0; i < list.size() && i < limit; ++i)
    items.push_back(EvidenceJson(list[i]));
  size_t more = list.size() > limit ? list.size() - limit : 0;
  return {{"items", items}, {"more", more}, {"has_more", more > 0}};
}

// The label of a number on a phone card, where the column groups are not
// shown: the two 即将到期 say what is due.
absl::string_view CardLabel(const Figure& f) {
  if (f.key == "publications_due_soon") return "信息即将到期";
  if (f.key == "applications_due_soon") return "申请即将到期";
  return f.head;
}

// A participation figure whose source is not enabled (shown as 0 未启用).
bool Disabled(const Figure& f, const Dashboard& d) {
  return f.enabled != nullptr && !(d.*f.enabled);
}

// One number of the tables: a link to the list behind it.
Json Cell(int64_t value, std::string href, const Figure& f,
          const Dashboard& d) {
  return {{"value", value},
          {"href", std::move(href)},
          {"key", f.key},
          {"label", CardLabel(f)},
          {"zero", value == 0},
          {"warn", value > 0 && f.warning},
          {"bad", value > 0 && !f.warning},
          {"disabled", Disabled(f, d)}};
}

Json HeaderGroups(const Dashboard& d) {
  Json groups = Json::array();
  for (const FigureGroup& g : Groups()) {
    Json heads = Json::array();
    for (const Figure& f : g.figures)
      heads.push_back(
          {{"head", f.head}, {"label", f.label}, {"disabled", Disabled(f, d)}});
    groups.push_back(
        {{"label", g.label}, {"span", g.figures.size()}, {"heads", heads}});
  }
  return groups;
}

// 全县合计 / 乡镇小计 / 部门小计: each number links to the figure's
// breakdown by unit.
Json RollUp(const Dashboard& d) {
  Json rows = Json::array();
  for (const Totals* t : {&d.county, &d.towns, &d.departments}) {
    Json cells = Json::array();
    for (const FigureGroup& g : Groups())
      for (const Figure& f : g.figures) {
        if (!f.total) {
          cells.push_back({{"none", true}, {"label", CardLabel(f)}});
          continue;
        }
        cells.push_back(Cell(t->*f.total, absl::StrCat("#f-", f.key), f, d));
      }
    rows.push_back({{"label", t->label},
                    {"cells", cells},
                    {"tasks_overdue", t->tasks_overdue},
                    {"tasks_bad", t->tasks_overdue > 0},
                    {"county", t == &d.county}});
  }
  return rows;
}

// Per figure with a nonzero total: the units behind it, each linking to
// its list; the figures that are 0 county-wide, and those not enabled, named
// in one line each.
Json Breakdown(const Dashboard& d) {
  Json shown = Json::array(), clean = Json::array(), disabled = Json::array();
  for (const FigureGroup& g : Groups())
    for (const Figure& f : g.figures) {
      if (Disabled(f, d)) {
        disabled.push_back({{"label", f.label}});
        continue;
      }
      Json units = Json::array();
      int64_t total = 0;
      for (const UnitRow& u : d.units) {
        const size_t n = (u.*f.list).size();
        if (n == 0) continue;
        total += static_cast<int64_t>(n);
        units.push_back(
            {{"name", u.unit_name},
             {"count", n},
             {"href", absl::StrCat("#", ListId(u.unit_id, f.key))}});
      }
      if (total == 0) {
        clean.push_back({{"label", f.label}});
        continue;
      }
      shown.push_back({{"key", f.key},
                       {"label", f.label},
                       {"total", total},
                       {"units", units}});
    }
  for (Json* list : {&clean, &disabled})
    if (!list->empty()) list->back()["last"] = true;
  return {{"breakdown", shown},
          {"has_breakdown", !shown.empty()},
          {"clean", clean},
          {"has_clean", !clean.empty()},
          {"disabled_figures", disabled},
          {"has_disabled", !disabled.empty()}};
}

// The deductions of a unit grouped by rule, each with its evidence.
Json DeductionGroups(const UnitRow& u, size_t limit) {
  std::vector<std::pair<RuleCode, std::vector<const Deduction*>>> by_rule;
  for (const Deduction& x : u.deductions) {
    auto it = std::find_if(by_rule.begin(), by_rule.end(),
                           [&](const auto& p) { return p.first == x.rule; });
    if (it == by_rule.end()) {
      by_rule.push_back({x.rule, {}});
      it = by_rule.end() - 1;
    }
    it->second.push_back(&x);
  }
  Json out = Json::array();
  for (const auto& [rule, list] : by_rule) {
    int points = 0;
    Json items = Json::array();
    for (const Deduction* x : list) {
      points += x->points;
      if (items.size() < limit) {
        Json e = EvidenceJson(x->evidence);
        e["points"] = x->points;
        items.push_back(std::move(e));
      }
    }
    const size_t more = list.size() > limit ? list.size() - limit : 0;
    out.push_back({{"rule", RuleCodeName(rule)},
                   {"label", list.front()->label},
                   {"count", list.size()},
                   {"points", points},
                   {"items", items},
                   {"more", more},
                   {"has_more", more > 0}});
  }
  return out;
}

Json UnitJson(const Dashboard& d, const UnitRow& u, bool unit_view) {
  const size_t limit = unit_view ? kUnitListItems : kCountyListItems;
  const std::string own_url = absl::StrCat(
      "/admin/supervision?as_of=", FormatDate(d.as_of), "&unit=", u.unit_id);
  Json cells = Json::array();
  Json lists = Json::array();
  for (const FigureGroup& g : Groups())
    for (const Figure& f : g.figures) {
      const std::vector<Evidence>& list = u.*f.list;
      const std::string id = ListId(u.unit_id, f.key);
      cells.push_back(
          Cell(static_cast<int64_t>(list.size()), absl::StrCat("#", id), f, d));
      Json l = EvidenceList(list, limit);
      l["id"] = id;
      l["label"] = f.label;
      l["count"] = list.size();
      l["empty"] = list.empty();
      l["warn"] = f.warning;
      l["disabled"] = Disabled(f, d);
      l["all_url"] = absl::StrCat(own_url, "#", id);
      lists.push_back(std::move(l));
    }
  int deducted = 0;
  for (const Deduction& x : u.deductions) deducted += x.points;
  Json deductions = DeductionGroups(u, limit);
  return {{"id", u.unit_id},
          {"name", u.unit_name},
          {"group", u.group},
          {"town", u.town},
          {"score", u.score},
          {"rank", u.rank},
          {"deducted", deducted},
          {"low", u.score < 90},
          {"anchor", absl::StrCat("u", u.unit_id)},
          {"own_url", own_url},
          {"cells", cells},
          {"lists", lists},
          {"deductions", deductions},
          {"has_deductions", !deductions.empty()},
          {"tasks",
           {{"overdue", u.tasks_overdue},
            {"in_progress", u.tasks_in_progress},
            {"done", u.tasks_done},
            {"not_started", u.tasks_not_started},
            {"bad", u.tasks_overdue > 0}}}};
}

// Chart tables: the table is the no-JS view; compliance-charts.js draws the
// chart from it.
Json OverdueChart(const Dashboard& d) {
  std::vector<const UnitRow*> rows;
  for (const UnitRow& u : d.units)
    if (!u.publications_overdue.empty() || !u.applications_overdue.empty())
      rows.push_back(&u);
  std::stable_sort(rows.begin(), rows.end(), [](auto* a, auto* b) {
    return a->publications_overdue.size() + a->applications_overdue.size() >
           b->publications_overdue.size() + b->applications_overdue.size();
  });
  Json out = Json::array();
  for (const UnitRow* u : rows)
    out.push_back(
        {{"name", u->unit_name},
         {"publications", u->publications_overdue.size()},
         {"applications", u->applications_overdue.size()},
         {"has_p", !u->publications_overdue.empty()},
         {"has_a", !u->applications_overdue.empty()},
         {"href_p",
          absl::StrCat("#", ListId(u->unit_id, "publications_overdue"))},
         {"href_a",
          absl::StrCat("#", ListId(u->unit_id, "applications_overdue"))}});
  return out;
}

// The town/village view (村务公开): a row per town, each figure linking to
// the list behind it (a due-soon count without a list links to the
// villages' own page).
Json TownVillagesJson(const Dashboard& d) {
  Json towns = Json::array();
  for (const TownVillages& t : d.towns_villages) {
    const std::string anchor = absl::StrCat("t", t.town_id);
    Json cells = Json::array();
    Json lists = Json::array();
    const struct {
      const char* key;
      const char* label;
      int64_t count;
      const std::vector<Evidence>* items;
      bool warn;
    } figures[] = {
        {"due_soon", "即将到期", t.due_soon, &t.due_soon_items, true},
        {"late", "逾期公开", t.late, &t.late_items, false},
        {"missing", "逾期未公开", t.missing, &t.missing_items, false},
        {"photos_missing", "缺公示栏照片", t.photos_missing,
         &t.photos_missing_items, false},
    };
    for (const auto& f : figures) {
      const std::string id = absl::StrCat(anchor, "-", f.key);
      std::string href = f.items->empty()
                             ? absl::StrCat("/admin/villages?town=", t.town_id)
                             : absl::StrCat("#", id);
      cells.push_back({{"value", f.count},
                       {"href", href},
                       {"label", f.label},
                       {"zero", f.count == 0},
                       {"warn", f.count > 0 && f.warn},
                       {"bad", f.count > 0 && !f.warn},
                       {"disabled", false}});
      if (f.items->empty()) continue;
      Json l = EvidenceList(*f.items, kUnitListItems);
      l["id"] = id;
      l["label"] = absl::StrCat(t.town_name, " ", f.label);
      l["count"] = f.items->size();
      l["warn"] = f.warn;
      lists.push_back(std::move(l));
    }
    towns.push_back({{"id", t.town_id},
                     {"name", t.town_name},
                     {"villages", t.villages},
                     {"anchor", anchor},
                     {"cells", cells},
                     {"lists", lists},
                     {"has_lists", !lists.empty()}});
  }
  return towns;
}

Json MonthsChart(const Dashboard& d) {
  Json out = Json::array();
  for (size_t i = 0; i < d.published_per_month.size(); ++i)
    out.push_back({{"month", absl::StrCat(i + 1, "月")},
                   {"count", d.published_per_month[i]}});
  return out;
}

Json OutcomesChart(const Dashboard& d) {
  Json out = Json::array();
  int64_t total = 0;
  for (const auto& [label, n] : d.application_outcomes) total += n;
  for (const auto& [label, n] : d.application_outcomes)
    out.push_back(
        {{"label", label},
         {"count", n},
         {"share",
          total > 0 ? absl::StrCat((n * 1000 / total + 5) / 10, "%") : "—"}});
  return out;
}

Json RulesJson(const std::vector<ScoreRule>& rules) {
  Json out = Json::array();
  for (const ScoreRule& r : rules)
    if (r.enabled && r.points > 0)
      out.push_back({{"label", r.label}, {"points", r.points}});
  return out;
}

absl::StatusOr<Json> UnitChoices(Deps& d, std::optional<int64_t> selected) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> units,
                        d.service.org().ListUnits());
  Json out = Json::array();
  for (const org::Unit& u : units)
    out.push_back({{"id", u.id},
                   {"name", u.name},
                   {"selected", selected && *selected == u.id}});
  return out;
}

Response DashboardPage(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  absl::StatusOr<Query> q = ParseQuery(req);
  if (!q.ok()) return web::Error(q.status());
  absl::StatusOr<Dashboard> got =
      d.service.Get(*req.principal, q->as_of, q->unit_id);
  if (!got.ok()) return web::Error(got.status());
  const Dashboard& dash = *got;
  const bool admin = IsAdmin(*req.principal);
  const bool unit_view = dash.unit_id.has_value();
  Json units = Json::array();
  for (const UnitRow& u : dash.units)
    units.push_back(UnitJson(dash, u, unit_view));
  std::string unit_name;
  if (unit_view && !dash.units.empty()) unit_name = dash.units[0].unit_name;
  const Thresholds& t = dash.thresholds;
  Json ctx = {
      {"as_of", FormatDate(dash.as_of)},
      {"year", dash.year},
      {"admin", admin},
      {"unit_view", unit_view},
      {"county_view", !unit_view},
      {"unit_id", dash.unit_id ? absl::StrCat(*dash.unit_id) : ""},
      {"unit_name", unit_name},
      {"participation_enabled", dash.participation_enabled},
      {"header_groups", HeaderGroups(dash)},
      {"units", units},
      {"has_units", !units.empty()},
      {"unit_count", units.size()},
      {"rollup", RollUp(dash)},
      {"show_villages",
       dash.villages_enabled && (!unit_view || !dash.towns_villages.empty())},
      {"town_villages", TownVillagesJson(dash)},
      {"has_town_villages", !dash.towns_villages.empty()},
      {"overdue_chart", OverdueChart(dash)},
      {"months_chart", MonthsChart(dash)},
      {"outcomes_chart", OutcomesChart(dash)},
      {"has_outcomes", std::any_of(dash.application_outcomes.begin(),
                                   dash.application_outcomes.end(),
                                   [](const auto& o) { return o.second > 0; })},
      {"rules", RulesJson(dash.rules)},
      {"has_rules", !RulesJson(dash.rules).empty()},
      {"has_overdue", !OverdueChart(dash).empty()},
      {"thresholds",
       {{"news", t.news_days},
        {"notices", t.notices_days},
        {"policies", t.policies_days},
        {"plans", t.plans_days}}},
      {"export_url",
       absl::StrCat("/admin/supervision/export.xlsx?", QueryString(dash))},
      {"api_url", absl::StrCat("/api/v1/supervision?", QueryString(dash))},
      {"county_url",
       absl::StrCat("/admin/supervision?", QueryString(dash, false))}};
  if (unit_view && !units.empty()) ctx["unit"] = units[0];
  ctx.update(Breakdown(dash));
  // Headline numbers: the county's, or the unit's own.
  auto stat = [&](absl::string_view label, int64_t n, std::string href) {
    return Json{{"label", label},
                {"value", n},
                {"bad", n > 0},
                {"href", std::move(href)}};
  };
  Json stats = Json::array();
  if (unit_view && !dash.units.empty()) {
    const UnitRow& u = dash.units[0];
    auto href = [&](absl::string_view key) {
      return absl::StrCat("#", ListId(u.unit_id, key));
    };
    stats.push_back(stat("逾期未公开", u.publications_overdue.size(),
                         href("publications_overdue")));
    stats.push_back(stat("依申请逾期未答复", u.applications_overdue.size(),
                         href("applications_overdue")));
    stats.push_back(stat("超期或空白栏目",
                         u.columns_stale.size() + u.columns_blank.size(),
                         href("columns_stale")));
    stats.push_back(stat("工作任务逾期", u.tasks_overdue, "#tasks"));
  } else {
    const Totals& c = dash.county;
    stats.push_back(
        stat("逾期未公开", c.publications_overdue, "#f-publications_overdue"));
    stats.push_back(stat("依申请逾期未答复", c.applications_overdue,
                         "#f-applications_overdue"));
    stats.push_back(
        stat("超期或空白栏目", c.columns_stale + c.columns_blank, "#columns"));
    stats.push_back(stat("工作任务逾期", c.tasks_overdue, "#tasks"));
  }
  ctx["stats"] = stats;
  Json columns = Json::array();
  for (const ColumnFinding& c : dash.columns) {
    if (c.state == ColumnState::kOk || c.state == ColumnState::kUnchecked)
      continue;
    columns.push_back(
        {{"name", c.name},
         {"kind", c.kind},
         {"url", c.url},
         {"state", ColumnStateLabel(c.state)},
         {"blank", c.state == ColumnState::kBlank},
         {"last",
          c.last_published_on.empty() ? "从未发布" : c.last_published_on},
         {"days", c.days_since},
         {"threshold", c.threshold_days}});
  }
  ctx["columns"] = columns;
  ctx["has_columns"] = !columns.empty();
  if (admin) {
    absl::StatusOr<Json> choices = UnitChoices(d, dash.unit_id);
    if (!choices.ok()) return web::Error(choices.status());
    ctx["unit_choices"] = *choices;
  }
  std::string title = unit_view ? absl::StrCat(unit_name, " 政务公开监督检查")
                                : "政务公开监督检查";
  Json crumbs = {{{"name", "管理后台"}, {"url", "/admin"}}};
  if (unit_view && admin) {
    crumbs.push_back({{"name", "监督检查"},
                      {"url", absl::StrCat("/admin/supervision?",
                                           QueryString(dash, false))}});
    crumbs.push_back({{"name", unit_name}});
  } else {
    crumbs.push_back({{"name", "监督检查"}});
  }
  return d.view.Page(req, "compliance/dashboard", std::move(ctx),
                     {.title = title, .breadcrumbs = crumbs});
}

Response ExportXlsx(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  absl::StatusOr<Query> q = ParseQuery(req);
  if (!q.ok()) return web::Error(q.status());
  absl::StatusOr<Dashboard> got =
      d.service.Get(*req.principal, q->as_of, q->unit_id);
  if (!got.ok()) return web::Error(got.status());
  absl::StatusOr<std::string> bytes = d.service.Xlsx(*got);
  if (!bytes.ok()) return web::Error(bytes.status());
  std::string name = "政务公开监督检查";
  if (got->unit_id && !got->units.empty())
    name = absl::StrCat(got->units[0].unit_name, "监督检查");
  return web::Download(
      *std::move(bytes),
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      absl::StrCat(name, "-", FormatDate(got->as_of), ".xlsx"));
}

// GET /api/v1/supervision?as_of=&unit=: a session or a bearer token; the
// same who-sees-what as the page (401 without either).
Response ApiGet(Deps& d, Request& req) {
  if (auto denied = web::RequireSignedIn(req)) return *denied;
  absl::StatusOr<Query> q = ParseQuery(req);
  if (!q.ok()) return web::Error(q.status());
  absl::StatusOr<Dashboard> got =
      d.service.Get(*req.principal, q->as_of, q->unit_id);
  if (!got.ok()) return web::Error(got.status());
  return web::Json(d.service.ApiJson(*got));
}

// --- Settings ---------------------------------------------------------------

struct ThresholdField {
  absl::string_view name;
  absl::string_view label;
  absl::string_view hint;
  int Thresholds::*member;
};
constexpr ThresholdField kThresholdFields[] = {
    {"news_days", "动态、要闻类栏目", "超过该天数无新信息即为超期（默认14天）",
     &Thresholds::news_days},
    {"notices_days", "通知公告类栏目", "默认183天（6个月）",
     &Thresholds::notices_days},
    {"policies_days", "政策文件类栏目", "默认183天（6个月）",
     &Thresholds::policies_days},
    {"plans_days", "规划计划类栏目", "默认365天（1年）",
     &Thresholds::plans_days},
    {"special_days", "专题专栏", "填 0 只检查是否空白",
     &Thresholds::special_days}};

// What the form shows: the values saved, or those typed into a refused form.
struct SettingsForm {
  std::map<std::string, std::string> values;
};

SettingsForm FormFromSaved(const Thresholds& t,
                           const std::vector<ScoreRule>& rules) {
  SettingsForm f;
  for (const ThresholdField& tf : kThresholdFields)
    f.values[std::string(tf.name)] = absl::StrCat(t.*tf.member);
  for (const ScoreRule& r : rules) {
    const std::string code(RuleCodeName(r.code));
    f.values[code + "_label"] = r.label;
    f.values[code + "_points"] = absl::StrCat(r.points);
    if (r.enabled) f.values[code + "_enabled"] = "1";
  }
  return f;
}

SettingsForm FormFromRequest(const Form& form) {
  SettingsForm f;
  for (const ThresholdField& tf : kThresholdFields)
    f.values[std::string(tf.name)] = FormValue(form, tf.name);
  for (RuleCode c : kAllRules) {
    const std::string code(RuleCodeName(c));
    for (absl::string_view suffix : {"_label", "_points", "_enabled"})
      f.values[absl::StrCat(code, suffix)] =
          FormValue(form, absl::StrCat(code, suffix));
  }
  return f;
}

// Whole numbers only; the service checks the ranges.
absl::StatusOr<SettingsInput> ParseSettings(const SettingsForm& f) {
  Validator v;
  auto number = [&](const std::string& name) {
    int n = 0;
    const std::string& text = f.values.at(name);
    if (text.size() > 9 || !absl::SimpleAtoi(text, &n)) {
      v.Add(name, "应填写整数，如 14");
      return 0;
    }
    return n;
  };
  SettingsInput in;
  Thresholds t;
  for (const ThresholdField& tf : kThresholdFields)
    t.*tf.member = number(std::string(tf.name));
  in.thresholds = t;
  for (RuleCode c : kAllRules) {
    const std::string code(RuleCodeName(c));
    ScoreRule r{.code = c, .label = f.values.at(code + "_label")};
    r.points = number(code + "_points");
    r.enabled = !f.values.at(code + "_enabled").empty();
    in.rules.push_back(std::move(r));
  }
  ZWGK_RETURN_IF_ERROR(v.ToStatus("评分设置有误"));
  return in;
}

Response SettingsPage(Deps& d, Request& req, const SettingsForm* typed,
                      const absl::Status& error = absl::OkStatus()) {
  absl::StatusOr<Thresholds> t = d.service.GetThresholds();
  if (!t.ok()) return web::Error(t.status());
  absl::StatusOr<std::vector<ScoreRule>> rules = d.service.GetRules();
  if (!rules.ok()) return web::Error(rules.status());
  const SettingsForm saved = FormFromSaved(*t, *rules);
  const SettingsForm& f = typed ? *typed : saved;
  const FieldErrors errors = GetFieldErrors(error);
  auto err = [&](const std::string& name) -> Json {
    auto it = errors.find(name);
    return it == errors.end() ? Json(nullptr) : Json(it->second);
  };
  auto value = [&](const std::string& name) {
    auto it = f.values.find(name);
    return it == f.values.end() ? std::string() : it->second;
  };
  std::vector<FormField> order;
  // The summary names each field; the message under a field need not.
  std::map<std::string, std::string> names;
  Json thresholds = Json::array();
  for (const ThresholdField& tf : kThresholdFields) {
    const std::string name(tf.name);
    thresholds.push_back({{"name", name},
                          {"label", tf.label},
                          {"hint", tf.hint},
                          {"value", value(name)},
                          {"error", err(name)}});
    order.push_back({tf.name});
    names[name] = std::string(tf.label);
  }
  // Rule names the service may report errors under, kept alive for `order`.
  std::vector<std::string> keys;
  keys.reserve(std::size(kAllRules) * 2);
  Json rule_rows = Json::array();
  for (const ScoreRule& r : *rules) {
    const std::string code(RuleCodeName(r.code));
    keys.push_back(code + "_label");
    keys.push_back(code + "_points");
    names[code + "_label"] = absl::StrCat("“", r.label, "”的名称");
    names[code + "_points"] = absl::StrCat("“", r.label, "”每项扣分");
    rule_rows.push_back({{"code", code},
                         {"default_label", r.label},
                         {"label", value(code + "_label")},
                         {"points", value(code + "_points")},
                         {"enabled", !value(code + "_enabled").empty()},
                         {"label_error", err(code + "_label")},
                         {"points_error", err(code + "_points")}});
  }
  for (const std::string& k : keys) order.push_back({k});
  FieldErrors named;
  for (const auto& [k, v] : errors) {
    auto it = names.find(k);
    named[k] = it == names.end() ? v : absl::StrCat(it->second, "：", v);
  }
  const absl::Status summary =
      errors.empty() ? error : InvalidFields(error.message(), named);
  Json ctx = {{"csrf_token", req.csrf_token},
              {"thresholds", thresholds},
              {"rules", rule_rows},
              {"max_days", 3660},
              {"max_points", 100},
              {"saved", req.QueryValue("saved").has_value()},
              {"error_summary", ErrorSummary(summary, order)}};
  return d.view.Page(
      req, "compliance/settings", std::move(ctx),
      {.title = "监督检查评分设置",
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                       {{"name", "监督检查"}, {"url", "/admin/supervision"}},
                       {{"name", "评分设置"}}}});
}

Response GetSettings(Deps& d, Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  return SettingsPage(d, req, nullptr);
}

Response PostSettings(Deps& d, Request& req) {
  if (auto denied = web::RequireAdmin(req)) return *denied;
  const SettingsForm typed = FormFromRequest(req.Form());
  absl::StatusOr<SettingsInput> in = ParseSettings(typed);
  absl::Status s = in.status();
  if (s.ok()) s = d.service.SaveSettings(*req.principal, *in);
  if (absl::IsPermissionDenied(s) || absl::IsNotFound(s)) return web::Error(s);
  if (!s.ok()) return SettingsPage(d, req, &typed, s);
  return web::Redirect("/admin/supervision/settings?saved=1");
}

}  // namespace

void RegisterRoutes(web::Router& router, Service& service, const View& view) {
  auto h = web::BindTo(std::make_shared<Deps>(Deps{service, view}));
  const web::RouteOptions form{.max_body_bytes = 16 << 10};
  // Staff: the county office sees the county and every unit; a unit's staff
  // their own unit (another unit answers 404). Not signed in: sign-in page.
  router.Get("/admin/supervision", h(DashboardPage));
  router.Get("/admin/supervision/export.xlsx", h(ExportXlsx));
  // The same figures as JSON, by session or bearer token (401 without).
  router.Get("/api/v1/supervision", h(ApiGet));
  // The county office only: thresholds and score rules.
  router.Get("/admin/supervision/settings", h(GetSettings));
  router.Post("/admin/supervision/settings", h(PostSettings), form);
}

}  // namespace zwgk::compliance
