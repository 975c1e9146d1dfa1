#include "calendar/http.h"

#include <charconv>
#include <map>
#include <memory>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "core/guard.h"
#include "core/route_binding.h"
#include "core/status.h"

namespace zwgk::calendar {
namespace {

using web::Request;
using web::Response;

// Months drawn in the calculator; a longer span shows its first and last.
constexpr int kMaxMonths = 4;

std::string Str(absl::string_view s) { return std::string(s); }

DueQuery QueryFrom(const Request& req) {
  DueQuery q;
  q.start = req.QueryValue("start").value_or("");
  q.days = req.QueryValue("days").value_or("");
  q.kind = req.QueryValue("kind").value_or("working_days");
  if (q.kind.empty()) q.kind = "working_days";
  for (std::string p : req.QueryAll("pause")) {
    // The form's textarea sends one range per line.
    for (absl::string_view line :
         absl::StrSplit(p, absl::ByAnyChar("\r\n"), absl::SkipWhitespace())) {
      q.pauses.emplace_back(line);
    }
  }
  q.restart = req.QueryValue("restart").value_or("");
  q.extend = req.QueryValue("extend").value_or("");
  return q;
}

nlohmann::json TraceJson(const ClockResult& r) {
  nlohmann::json trace = nlohmann::json::array();
  for (const TraceEntry& e : r.trace) {
    nlohmann::json j = {{"date", FormatDate(e.day)},
                        {"kind", Str(TraceKindName(e.kind))},
                        {"text", e.text}};
    if (e.kind == TraceKind::kCounted) j["number"] = e.number;
    trace.push_back(j);
  }
  return trace;
}

nlohmann::json WarningsJson(const std::vector<Warning>& ws) {
  nlohmann::json out = nlohmann::json::array();
  for (const Warning& w : ws) out.push_back(w.text);
  return out;
}

nlohmann::json DueJson(const DueAnswer& a) {
  const ClockResult& r = a.result;
  nlohmann::json j = {
      {"due", r.due ? nlohmann::json(FormatDate(*r.due)) : nlohmann::json()},
      {"state", Str(ClockStateName(r.state))},
      {"period",
       {{"kind", Str(PeriodKindName(a.period.kind))}, {"days", a.period.days}}},
      {"total", r.total},
      {"trace", TraceJson(r)},
      {"warnings", WarningsJson(r.warnings)}};
  if (r.flag_date) j["flag_date"] = FormatDate(*r.flag_date);
  if (r.original_due && r.original_due != r.due)
    j["original_due"] = FormatDate(*r.original_due);
  return j;
}

// A month grid (Monday first) with every day's status and counted number.
nlohmann::json MonthJson(const Calendar& cal, int year, int month,
                         const std::map<absl::CivilDay, int>& counted,
                         const std::set<absl::CivilDay>& skipped_by_pause,
                         absl::CivilDay start,
                         std::optional<absl::CivilDay> due) {
  absl::CivilDay first(year, month, 1);
  absl::CivilDay next = absl::CivilDay(absl::CivilMonth(first) + 1);
  int lead = (static_cast<int>(absl::GetWeekday(first)) + 7 -
              static_cast<int>(absl::Weekday::monday)) %
             7;
  nlohmann::json weeks = nlohmann::json::array();
  nlohmann::json week = nlohmann::json::array();
  for (int i = 0; i < lead; ++i) week.push_back({{"blank", true}});
  for (absl::CivilDay d = first; d < next; ++d) {
    WorkdayAnswer w = cal.IsWorkday(d);
    std::string cls = w.workday ? "work" : "off";
    if (w.kind == DayKind::kHoliday || w.kind == DayKind::kLocalClosure)
      cls = "holiday";
    if (w.kind == DayKind::kMakeupWorkday || w.kind == DayKind::kLocalWorkday)
      cls = "makeup";
    if (skipped_by_pause.contains(d)) cls += " paused";
    if (d == start) cls += " start";
    if (due && d == *due) cls += " due";
    nlohmann::json cell = {
        {"day", d.day()},
        {"cls", cls},
        {"title", absl::StrCat(FormatDate(d), " ", w.reason)}};
    if (auto it = counted.find(d); it != counted.end()) cell["n"] = it->second;
    if (w.kind == DayKind::kMakeupWorkday) cell["mark"] = "班";
    if (w.kind == DayKind::kHoliday) cell["mark"] = "休";
    week.push_back(cell);
    if (week.size() == 7) {
      weeks.push_back({{"days", week}});
      week = nlohmann::json::array();
    }
  }
  if (!week.empty()) {
    while (week.size() < 7) week.push_back({{"blank", true}});
    weeks.push_back({{"days", week}});
  }
  return {{"title", absl::StrCat(year, "年", month, "月")}, {"weeks", weeks}};
}

Response CalculatorPage(Request& req, Service& service, const View& view) {
  DueQuery q = QueryFrom(req);
  nlohmann::json ctx = {{"start", q.start},
                        {"days", q.days},
                        {"restart", q.restart},
                        {"extend", q.extend},
                        {"pauses", absl::StrJoin(q.pauses, "\n")},
                        {"k_working", q.kind == "working_days"},
                        {"k_calendar", q.kind == "calendar_days"},
                        {"k_realtime", q.kind == "realtime"},
                        {"k_timely", q.kind == "timely"}};
  int status = 200;
  if (!q.start.empty() || !q.days.empty()) {
    absl::StatusOr<DueAnswer> a = service.Due(q);
    if (!a.ok()) {
      status = web::HttpStatus(a.status().code());
      nlohmann::json errors = nlohmann::json::array();
      for (const auto& [k, v] : GetFieldErrors(a.status()))
        errors.push_back({{"field", k}, {"message", v}});
      if (errors.empty())
        errors.push_back(
            {{"field", ""}, {"message", std::string(a.status().message())}});
      ctx["errors"] = errors;
      ctx["has_errors"] = true;
    } else {
      const ClockResult& r = a->result;
      std::shared_ptr<const Calendar> cal = service.calendar();
      std::map<absl::CivilDay, int> counted;
      std::set<absl::CivilDay> paused;
      nlohmann::json words = nlohmann::json::array();
      for (const TraceEntry& e : r.trace) {
        // Numbers counted before a restart are void: the grid shows the live
        // count.
        if (e.kind == TraceKind::kRestart) counted.clear();
        if (e.kind == TraceKind::kCounted) counted[e.day] = e.number;
        if (e.kind == TraceKind::kSkipped &&
            e.text.find("暂停") != std::string::npos)
          paused.insert(e.day);
        words.push_back({{"date", FormatDate(e.day)},
                         {"weekday", Str(WeekdayName(e.day))},
                         {"text", e.text},
                         {"counted", e.kind == TraceKind::kCounted}});
      }
      absl::CivilDay start = *a->events.front().date;
      absl::CivilDay last = r.due.value_or(r.flag_date.value_or(start));
      std::vector<absl::CivilMonth> months;
      for (absl::CivilMonth m(start); m <= absl::CivilMonth(last); ++m)
        months.push_back(m);
      if (months.size() > kMaxMonths) months = {months.front(), months.back()};
      nlohmann::json grids = nlohmann::json::array();
      for (absl::CivilMonth m : months) {
        grids.push_back(MonthJson(*cal, static_cast<int>(m.year()), m.month(),
                                  counted, paused, start, r.due));
      }
      ctx["result"] = {
          {"due", r.due ? FormatDate(*r.due) : ""},
          {"due_weekday", r.due ? Str(WeekdayName(*r.due)) : ""},
          {"has_due", r.due.has_value()},
          {"flag_date", r.flag_date ? FormatDate(*r.flag_date) : ""},
          {"total", r.total},
          {"state", Str(ClockStateLabel(r.state))},
          {"months", grids},
          {"trace", words},
          {"warnings", WarningsJson(r.warnings)}};
    }
  }
  return view.Page(req, "calendar/calculator", ctx,
                   {.title = "期限计算器",
                    .status = status,
                    .breadcrumbs = {{{"name", "期限计算器"}}}});
}

Response ApiDue(Request& req, Service& service) {
  absl::StatusOr<DueAnswer> a = service.Due(QueryFrom(req));
  if (!a.ok()) return web::Error(a.status());
  return web::Json(DueJson(*a));
}

Response ApiYear(Request& req, Service& service) {
  std::string y = req.Param("year");
  int year = 0;
  auto [p, ec] = std::from_chars(y.data(), y.data() + y.size(), year);
  if (ec != std::errc() || p != y.data() + y.size() || year < 1949 ||
      year > 2100) {
    return web::Error(absl::NotFoundError(absl::StrCat("年份“", y, "”无效")));
  }
  std::shared_ptr<const Calendar> cal = service.calendar();
  nlohmann::json days = nlohmann::json::array();
  int workdays = 0;
  for (absl::CivilDay d(year, 1, 1); d.year() == year; ++d) {
    WorkdayAnswer w = cal->IsWorkday(d);
    if (w.workday) ++workdays;
    if (w.kind == DayKind::kWorkday || w.kind == DayKind::kWeekend) continue;
    days.push_back({{"date", FormatDate(d)},
                    {"workday", w.workday},
                    {"kind", Str(DayKindName(w.kind))},
                    {"reason", w.reason}});
  }
  nlohmann::json warnings = nlohmann::json::array();
  if (!cal->Covers(year)) warnings.push_back(NoScheduleWarning(year).text);
  return web::Json({{"year", year},
                    {"covered", cal->Covers(year)},
                    {"workdays", workdays},
                    {"named_days", days},
                    {"warnings", warnings}});
}

Response AdminPage(Request& req, Service& service, const View& view,
                   const absl::Status& error = absl::OkStatus()) {
  auto overrides = service.ListOverrides();
  auto changes = service.ListChanges();
  if (!overrides.ok()) return web::Error(overrides.status());
  if (!changes.ok()) return web::Error(changes.status());
  nlohmann::json rows = nlohmann::json::array();
  for (const LocalOverride& o : *overrides) {
    rows.push_back({{"id", o.id},
                    {"day", FormatDate(o.day)},
                    {"off", o.off},
                    {"reason", o.reason},
                    {"by", o.created_by},
                    {"at", o.created_at}});
  }
  nlohmann::json log = nlohmann::json::array();
  for (const auto& c : *changes) {
    log.push_back({{"at", c.at},
                   {"by", c.by},
                   {"cause", c.cause},
                   {"checked", c.checked},
                   {"moved", c.moved}});
  }
  nlohmann::json errors = nlohmann::json::array();
  for (const auto& [k, v] : GetFieldErrors(error))
    errors.push_back({{"field", k}, {"message", v}});
  nlohmann::json ctx = {
      {"overrides", rows},
      {"changes", log},
      {"warnings", WarningsJson(service.MissingYears())},
      {"csrf_token", req.csrf_token},
      {"error", error.ok() ? "" : std::string(error.message())},
      {"errors", errors}};
  return view.Page(req, "calendar/admin", ctx,
                   {.title = "工作日历管理",
                    .status = error.ok() ? 200 : web::HttpStatus(error.code()),
                    .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                                    {{"name", "工作日历"}}}});
}

using web::FormValue;

// What every handler needs, shared by the route table.
struct Deps {
  Service& service;
  const View& view;
};

Response Calculator(Deps& d, Request& r) {
  return CalculatorPage(r, d.service, d.view);
}
Response DueJson(Deps& d, Request& r) { return ApiDue(r, d.service); }
Response YearJson(Deps& d, Request& r) { return ApiYear(r, d.service); }

Response Admin(Deps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  return AdminPage(r, d.service, d.view);
}

Response AddOverride(Deps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  auto f = r.Form();
  auto added = d.service.AddOverride(*r.principal, FormValue(f, "day"),
                                     FormValue(f, "status") != "work",
                                     FormValue(f, "reason"));
  if (!added.ok()) return AdminPage(r, d.service, d.view, added.status());
  return web::Redirect("/admin/calendar");
}

Response RemoveOverride(Deps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  std::optional<int64_t> id = web::ParseId(r.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("调整记录不存在"));
  absl::Status removed = d.service.RemoveOverride(*r.principal, *id);
  if (!removed.ok()) return AdminPage(r, d.service, d.view, removed);
  return web::Redirect("/admin/calendar");
}

}  // namespace

void RegisterRoutes(web::Router& router, Service& service, const View& view) {
  auto deps = std::make_shared<Deps>(Deps{service, view});
  auto h = web::BindTo(deps);
  router.Get("/calendar", h(Calculator));
  router.Get("/api/v1/calendar/due", h(DueJson));
  router.Get("/api/v1/calendar/{year}", h(YearJson));
  router.Get("/admin/calendar", h(Admin));
  router.Post("/admin/calendar/overrides", h(AddOverride));
  router.Post("/admin/calendar/overrides/{id}/delete", h(RemoveOverride));
}

}  // namespace zwgk::calendar
