#include "calendar/http.h"

#include <charconv>
#include <map>
#include <memory>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "core/form_errors.h"
#include "core/guard.h"
#include "core/route_binding.h"
#include "core/status.h"

namespace zwgk::calendar {
namespace {

using web::Request;
using web::Response;

// Months drawn in the calculator; a longer span shows its first and last.
constexpr int kMaxMonths = 4;
// A notice file is a few KB (holiday-cn) to a few hundred KB (Apple's ICS
// with every festival); the server refuses more before reading it.
constexpr size_t kMaxNoticeUploadBytes = 1 << 20;

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
  for (const Warning& w : ws) out.push_back(w.text_zh);
  return out;
}

nlohmann::json DueJson(const DueAnswer& a, Service& service) {
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
  j["estimated"] = false;
  if (const std::optional<absl::CivilDay> end = r.due ? r.due : r.flag_date;
      end && a.events.front().date) {
    std::string note = service.EstimateNote(*a.events.front().date, *end);
    j["estimated"] = !note.empty();
    if (!note.empty()) j["estimate_note"] = note;
  }
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
      // The form's order; every pause line's errors link to the one box.
      std::vector<std::string> pause_keys;
      for (size_t i = 1; i <= q.pauses.size(); ++i)
        pause_keys.push_back(absl::StrCat("pause[", i, "]"));
      std::vector<FormField> order = {{"start"}, {"days"}, {"kind"}};
      for (const std::string& key : pause_keys) order.push_back({key, "pause"});
      order.insert(order.end(), {{"restart"}, {"extend"}});
      ctx["error_summary"] = ErrorSummary(
          a.status(), order, {.heading = "未能计算，请修改以下内容"});
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
          {"estimate",
           r.due || r.flag_date
               ? service.EstimateNote(
                     *cal, start, r.due.value_or(r.flag_date.value_or(start)))
               : ""}};
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
  return web::Json(DueJson(*a, service));
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
  if (!cal->Covers(year)) warnings.push_back(NoScheduleWarning(year).text_zh);
  return web::Json({{"year", year},
                    {"covered", cal->Covers(year)},
                    {"workdays", workdays},
                    {"named_days", days},
                    {"warnings", warnings}});
}

// The local-override form: its fields in the order it shows them, and
// what was submitted (shown again when refused).
constexpr FormField kOverrideFields[] = {
    {"day", "ov-day"}, {"status", "ov-status"}, {"reason", "ov-reason"}};

struct OverrideForm {
  std::string day, status, reason;
};

Response AdminPage(Request& req, Service& service, const View& view,
                   const absl::Status& error = absl::OkStatus(),
                   const OverrideForm& form = {}) {
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
                    {"at", LocalMinute(o.created_at)}});
  }
  nlohmann::json log = nlohmann::json::array();
  for (const auto& c : *changes) {
    log.push_back({{"id", c.id},
                   {"at", LocalMinute(c.at)},
                   {"by", c.by},
                   {"cause", c.cause},
                   {"checked", c.checked},
                   {"moved", c.moved}});
  }
  nlohmann::json errors = nlohmann::json::object();
  for (const auto& [k, v] : GetFieldErrors(error)) errors[k] = v;
  nlohmann::json missing = nlohmann::json::array();
  for (const Warning& w : service.MissingYears())
    missing.push_back({{"year", w.year}, {"text", w.text_zh}});
  nlohmann::json ctx = {
      {"overrides", rows},
      {"changes", log},
      {"missing", missing},
      {"csrf_token", req.csrf_token},
      {"error_summary",
       ErrorSummary(error, kOverrideFields,
                    {.heading = "本地调整未保存，请修改后重新提交"})},
      {"field_errors", errors},
      {"ov",
       {{"day", form.day},
        {"work", form.status == "work"},
        {"reason", form.reason}}}};
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
  if (!added.ok())
    return AdminPage(r, d.service, d.view, added.status(),
                     {.day = FormValue(f, "day"),
                      .status = FormValue(f, "status"),
                      .reason = FormValue(f, "reason")});
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

// --- Loading a year's notice in the browser --------------------------------

// The notice form's fields, in the order the page shows them.
constexpr FormField kNoticeFields[] = {
    {"year", "nt-year"},         {"file", "nt-file"},
    {"holidays", "nt-holidays"}, {"workdays", "nt-workdays"},
    {"paper", "nt-paper"},
};

int NoticeYearFor(Request& req, Service& service) {
  int year = 0;
  if (auto q = req.QueryValue("year"); q && absl::SimpleAtoi(*q, &year) &&
                                       year >= kMinImportYear &&
                                       year <= kMaxImportYear)
    return year;
  std::vector<Warning> missing = service.MissingYears();
  if (!missing.empty()) return missing.back().year;
  return static_cast<int>(service.today().year()) + 1;
}

Response NoticePage(Request& req, Service& service, const View& view,
                    const NoticeForm& form, const absl::Status& error) {
  int year = 0;
  if (!absl::SimpleAtoi(form.year, &year)) year = NoticeYearFor(req, service);
  std::shared_ptr<const Calendar> cal = service.calendar();
  nlohmann::json ctx = {
      {"year", year},
      {"loaded", cal->Covers(year)},
      {"holidays", form.holidays},
      {"workdays", form.workdays},
      {"paper", form.paper},
      {"csrf_token", req.csrf_token},
      {"max_kb", kMaxNoticeUploadBytes / 1024},
      {"error_summary",
       ErrorSummary(error, kNoticeFields,
                    {.heading = "节假日安排未载入，请修改后重新提交"})}};
  nlohmann::json errors = nlohmann::json::object();
  for (const auto& [k, v] : GetFieldErrors(error)) errors[k] = v;
  ctx["field_errors"] = errors;
  return view.Page(
      req, "calendar/notice", ctx,
      {.title = absl::StrCat("载入", year, "年节假日安排"),
       .status = error.ok() ? 200 : web::HttpStatus(error.code()),
       .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                       {{"name", "工作日历"}, {"url", "/admin/calendar"}},
                       {{"name", "载入节假日安排"}}}});
}

// After a load: what changed and where to see it.
Response LoadedRedirect(const ImportSummary& s) {
  std::string done =
      absl::StrCat("已载入", absl::StrJoin(s.years, "、"), "年节假日安排（",
                   s.days, "个日期），期限变动", s.deadlines_moved, "项");
  return web::Redirect(absl::StrCat("/admin/calendar/changes/", s.change_id,
                                    "?done=", web::UrlEncode(done)));
}

// A refused load: the field it concerns, so the summary links to it.
absl::Status OnField(const absl::Status& s, const char* field) {
  if (s.ok() || !GetFieldErrors(s).empty() ||
      s.code() != absl::StatusCode::kInvalidArgument)
    return s;
  return InvalidFields("节假日安排未载入", {{field, std::string(s.message())}});
}

Response Notice(Deps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  return NoticePage(r, d.service, d.view,
                    {.year = absl::StrCat(NoticeYearFor(r, d.service))},
                    absl::OkStatus());
}

Response UploadNotice(Deps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  auto fields = r.Form();
  NoticeForm form{.year = FormValue(fields, "year")};
  int year = 0;
  if (!absl::SimpleAtoi(form.year, &year)) {
    return NoticePage(
        r, d.service, d.view, form,
        InvalidFields("节假日安排未载入", {{"year", "请选择要载入的年份"}}));
  }
  const web::FormPart* file = nullptr;
  std::vector<web::FormPart> parts = r.Parts();
  for (const web::FormPart& p : parts) {
    if (p.name == "file" && !p.filename.empty()) file = &p;
  }
  if (file == nullptr || file->data.empty()) {
    return NoticePage(
        r, d.service, d.view, form,
        InvalidFields(
            "节假日安排未载入",
            {{"file", "请选择holiday-cn JSON或iCalendar（.ics）文件"}}));
  }
  auto loaded =
      d.service.Import(*r.principal, file->data, file->filename, year);
  if (!loaded.ok())
    return NoticePage(r, d.service, d.view, form,
                      OnField(loaded.status(), "file"));
  return LoadedRedirect(*loaded);
}

Response EnterNotice(Deps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  auto f = r.Form();
  NoticeForm form{.year = FormValue(f, "year"),
                  .holidays = FormValue(f, "holidays"),
                  .workdays = FormValue(f, "workdays"),
                  .paper = FormValue(f, "paper")};
  auto loaded = d.service.ImportForm(*r.principal, form);
  if (!loaded.ok())
    return NoticePage(r, d.service, d.view, form,
                      OnField(loaded.status(), "holidays"));
  return LoadedRedirect(*loaded);
}

Response Change(Deps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  std::optional<int64_t> id = web::ParseId(r.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("没有这条工作日历变更"));
  auto change = d.service.GetChange(*r.principal, *id);
  if (!change.ok()) return web::Error(change.status());
  nlohmann::json moved = nlohmann::json::array();
  for (const MovedDeadline& m : change->moved_items) {
    moved.push_back({{"kind", m.kind},
                     {"label", m.label},
                     {"url", web::IsLocalPath(m.url) ? m.url : ""},
                     {"before", m.before.empty() ? "无" : m.before},
                     {"after", m.after.empty() ? "无" : m.after}});
  }
  nlohmann::json ctx = {
      {"at", LocalMinute(change->at)},
      {"by", change->by},
      {"cause", change->cause},
      {"checked", change->checked},
      {"moved_count", change->moved},
      {"moved", moved},
      {"has_moved", !moved.empty()},
      {"truncated", change->moved > static_cast<int>(moved.size())},
      {"done", r.QueryValue("done").value_or("")}};
  return d.view.Page(
      r, "calendar/change", ctx,
      {.title = "期限重算结果",
       .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                       {{"name", "工作日历"}, {"url", "/admin/calendar"}},
                       {{"name", "期限重算结果"}}}});
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
  // Loading a year's State Council notice (admin only): a file upload, or
  // the days typed into a form; then the list of deadlines that moved.
  router.Get("/admin/calendar/notice", h(Notice));
  router.Post("/admin/calendar/notice/upload", h(UploadNotice),
              {.max_body_bytes = kMaxNoticeUploadBytes});
  router.Post("/admin/calendar/notice/form", h(EnterNotice));
  router.Get("/admin/calendar/changes/{id}", h(Change));
}

}  // namespace zwgk::calendar
