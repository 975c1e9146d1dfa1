#include "calendar/service.h"

#include <algorithm>
#include <charconv>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "calendar/import.h"
#include "calendar/store.h"
#include "core/audit.h"
#include "core/resources.h"
#include "core/status.h"
#include "nlohmann/json.hpp"

namespace zwgk::calendar {
namespace {

constexpr char kNationalData[] = "src/calendar/data/holidays-cn.json";

std::optional<int> ParseInt(absl::string_view s) {
  s = absl::StripAsciiWhitespace(s);
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size())
    return std::nullopt;
  return v;
}

std::optional<PeriodKind> ParseKind(absl::string_view s) {
  for (PeriodKind k : {PeriodKind::kWorkingDays, PeriodKind::kCalendarDays,
                       PeriodKind::kRealtime, PeriodKind::kTimely}) {
    if (s == PeriodKindName(k)) return k;
  }
  return std::nullopt;
}

absl::Status AdminOnly(const Actor& actor) {
  if (IsAdmin(actor)) return absl::OkStatus();
  return absl::PermissionDeniedError("只有县政务公开办管理员可以调整工作日历");
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock)
    : db_(db), clock_(clock) {}

absl::Status Service::Seed() {
  std::optional<absl::string_view> text = resources::Find(kNationalData);
  if (!text)
    return absl::InternalError("national holiday data is not embedded");
  nlohmann::json list =
      nlohmann::json::parse(text->begin(), text->end(), nullptr, false);
  if (!list.is_array())
    return absl::InternalError("holidays-cn.json must be a list of years");
  std::string now = FormatTimestamp(clock_.Now());
  absl::Status s = db_.Transaction([&](db::Tx& tx) -> absl::Status {
    for (const auto& year_obj : list) {
      int year = year_obj.value("year", 0);
      ZWGK_ASSIGN_OR_RETURN(bool have, store::HasNoticeYear(tx, year));
      if (have) continue;  // imported or seeded before: keep it
      ZWGK_ASSIGN_OR_RETURN(ImportResult parsed,
                            ParseHolidayCn(year_obj.dump()));
      ZWGK_RETURN_IF_ERROR(store::ReplaceNationalYears(
                               tx, parsed.schedule, "system", now, std::nullopt)
                               .status());
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  std::lock_guard lock(mu_);
  current_.reset();  // also without a site generation to tell the change
  return absl::OkStatus();
}

absl::StatusOr<Service::Loaded> Service::Load() {
  Loaded out{.generation = db_.RecentSiteGeneration(clock_.Now())};
  ZWGK_ASSIGN_OR_RETURN(store::Schedules stored,
                        db_.InTransaction<store::Schedules>([](db::Tx& tx) {
                          return store::LoadSchedules(tx);
                        }));
  out.calendar = std::make_shared<const Calendar>(
      Calendar::FromSchedules(stored.national, stored.local));
  return out;
}

std::shared_ptr<const Calendar> Service::calendar() {
  // Read outside the lock: callers on other threads need not queue for it.
  // -1 (no counter: the database is unreachable, or a test database without
  // the core migrations) cannot tell a change, so the calendar is kept.
  int64_t generation = db_.RecentSiteGeneration(clock_.Now());
  std::lock_guard lock(mu_);
  if (current_ && (generation == generation_ || generation < 0)) {
    return current_;
  }
  absl::StatusOr<Loaded> loaded = Load();
  if (!loaded.ok()) {
    // Without the database, the last calendar loaded is the best answer;
    // before any, weekends only, with the missing-schedule warning. Neither
    // is recorded as current, so the next call tries again.
    if (current_) return current_;
    return std::make_shared<const Calendar>(Schedule{});
  }
  current_ = loaded->calendar;
  generation_ = loaded->generation;
  return current_;
}

absl::StatusOr<DueAnswer> Service::Due(const DueQuery& q) {
  Validator v;
  absl::StatusOr<absl::CivilDay> start = ParseDate(q.start);
  if (!start.ok())
    v.Add("start", q.start.empty() ? "请填写起算日期（YYYY-MM-DD）"
                                   : std::string(start.status().message()));
  std::optional<PeriodKind> kind = ParseKind(q.kind);
  if (!kind) v.Add("kind", absl::StrCat("期限类型“", q.kind, "”无效"));
  std::optional<int> days = ParseInt(q.days);
  bool needs_days = kind && *kind != PeriodKind::kRealtime;
  if (needs_days && !days) {
    v.Add("days", q.days.empty() ? "请填写天数"
                                 : absl::StrCat("天数“", q.days, "”不是整数"));
  } else if (needs_days && (*days < 0 || *days > kMaxPeriodDays)) {
    v.Add("days", absl::StrCat("天数应在 0 到 ", kMaxPeriodDays, " 之间"));
  }
  std::vector<ClockEvent> events;
  for (size_t i = 0; i < q.pauses.size(); ++i) {
    if (absl::StripAsciiWhitespace(q.pauses[i]).empty()) continue;
    std::vector<std::string> parts = absl::StrSplit(q.pauses[i], "..");
    std::string field = absl::StrCat("pause[", i + 1, "]");
    if (parts.size() != 2) {
      v.Add(field,
            absl::StrCat("暂停区间“", q.pauses[i],
                         "”应写作 起始日..结束日，如 2026-02-02..2026-02-06"));
      continue;
    }
    auto from = ParseDate(absl::StripAsciiWhitespace(parts[0]));
    auto to = ParseDate(absl::StripAsciiWhitespace(parts[1]));
    if (!from.ok() || !to.ok()) {
      v.Add(field, absl::StrCat("暂停区间“", q.pauses[i], "”中的日期无效"));
    } else if (*to < *from) {
      v.Add(field,
            absl::StrCat("暂停区间“", q.pauses[i], "”的结束日早于起始日"));
    } else {
      events.push_back(ClockEvent::Pause(*from, *to, "暂停计算"));
    }
  }
  if (!absl::StripAsciiWhitespace(q.restart).empty()) {
    auto r = ParseDate(absl::StripAsciiWhitespace(q.restart));
    if (!r.ok()) {
      v.Add("restart", std::string(r.status().message()));
    } else {
      events.push_back(ClockEvent::Restart(*r, "重新起算（收到补正材料）"));
    }
  }
  std::optional<int> extend;
  if (!absl::StripAsciiWhitespace(q.extend).empty()) {
    extend = ParseInt(q.extend);
    if (!extend) {
      v.Add("extend", absl::StrCat("延长天数“", q.extend, "”不是整数"));
    } else if (absl::Status ok = ValidateExtension(*extend); !ok.ok()) {
      v.Add("extend", std::string(ok.message()));
    }
  }
  ZWGK_RETURN_IF_ERROR(v.ToStatus("期限计算的输入有误"));
  std::stable_sort(events.begin(), events.end(),
                   [](const ClockEvent& a, const ClockEvent& b) {
                     return *a.date < *b.date;
                   });
  events.insert(events.begin(), ClockEvent::Start(*start));
  if (extend)
    events.push_back(
        ClockEvent::Extend(*extend, std::nullopt, "依法延长答复期限"));
  Period period{.kind = *kind, .days = needs_days ? *days : 0};
  ZWGK_ASSIGN_OR_RETURN(
      ClockResult result,
      ComputeClock(*calendar(), period, events, {.today = Today(clock_)}));
  return DueAnswer{period, std::move(events), std::move(result)};
}

absl::StatusOr<ImportSummary> Service::Import(const Actor& actor,
                                              absl::string_view text,
                                              absl::string_view source_name,
                                              std::optional<int> year) {
  ZWGK_RETURN_IF_ERROR(AdminOnly(actor));
  ZWGK_ASSIGN_OR_RETURN(ImportResult parsed, ParseImport(text));
  if (parsed.schedule.years.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("文件 ", source_name, " 中没有可导入的节假日安排"));
  }
  if (year) ZWGK_RETURN_IF_ERROR(CheckNoticeYear(parsed, *year));
  return Store(actor, std::move(parsed), source_name);
}

absl::StatusOr<ImportSummary> Service::ImportForm(const Actor& actor,
                                                  const NoticeForm& form) {
  ZWGK_RETURN_IF_ERROR(AdminOnly(actor));
  ZWGK_ASSIGN_OR_RETURN(ImportResult parsed, ParseNoticeForm(form));
  return Store(actor, std::move(parsed), "管理后台录入");
}

absl::StatusOr<ImportSummary> Service::Store(const Actor& actor,
                                             ImportResult parsed,
                                             absl::string_view source_name) {
  std::string now = FormatTimestamp(clock_.Now());
  ImportSummary summary{
      .format = parsed.format,
      .years = {parsed.schedule.years.begin(), parsed.schedule.years.end()},
      .notes = parsed.notes};
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(
        int64_t import_id,
        store::InsertImport(tx, {.at = now,
                                 .by_user = actor.name,
                                 .format = parsed.format,
                                 .source_name = std::string(source_name),
                                 .years = summary.years,
                                 .days = 0,
                                 .notes = parsed.notes}));
    ZWGK_ASSIGN_OR_RETURN(
        summary.days, store::ReplaceNationalYears(tx, parsed.schedule,
                                                  actor.name, now, import_id));
    ZWGK_RETURN_IF_ERROR(store::SetImportDays(tx, import_id, summary.days));
    return audit::Record(tx, clock_, actor,
                         {"calendar.import",
                          "calendar",
                          absl::StrCat(import_id),
                          nullptr,
                          {{"years", summary.years},
                           {"days", summary.days},
                           {"format", parsed.format},
                           {"source", std::string(source_name)}}});
  }));
  ZWGK_ASSIGN_OR_RETURN(
      ChangeOutcome moved,
      Changed(actor, absl::StrCat("载入节假日安排：",
                                  absl::StrJoin(summary.years, "、"), "年")));
  summary.deadlines_moved = moved.count.moved;
  summary.change_id = moved.id;
  return summary;
}

Estimate Service::EstimateFor(absl::CivilDay from, absl::CivilDay to) {
  return EstimateSpan(calendar()->schedule().years, from, to);
}

std::string Service::EstimateNote(absl::CivilDay from, absl::CivilDay to) {
  return EstimateNote(*calendar(), from, to);
}

std::string Service::EstimateNote(const Calendar& calendar, absl::CivilDay from,
                                  absl::CivilDay to) {
  return EstimateText(EstimateSpan(calendar.schedule().years, from, to),
                      static_cast<int>(Today(clock_).year()));
}

std::string Service::EstimateNote(absl::string_view from,
                                  absl::string_view to) {
  absl::StatusOr<absl::CivilDay> a = ParseDate(from);
  absl::StatusOr<absl::CivilDay> b = ParseDate(to);
  if (!a.ok() || !b.ok()) return "";
  return EstimateNote(*a, *b);
}

absl::StatusOr<std::vector<LocalOverride>> Service::ListOverrides() {
  return db_.InTransaction<std::vector<LocalOverride>>(
      [](db::Tx& tx) { return store::ListOverrides(tx); });
}

absl::StatusOr<LocalOverride> Service::AddOverride(const Actor& actor,
                                                   absl::string_view day_text,
                                                   bool off,
                                                   absl::string_view reason) {
  ZWGK_RETURN_IF_ERROR(AdminOnly(actor));
  Validator v;
  absl::StatusOr<absl::CivilDay> day = ParseDate(day_text);
  if (!day.ok()) v.Add("day", std::string(day.status().message()));
  std::string why(absl::StripAsciiWhitespace(reason));
  if (why.empty()) v.Add("reason", "请写明调整原因（如：防汛抢险停止办公）");
  ZWGK_RETURN_IF_ERROR(v.ToStatus("本地调整有误"));
  std::string now = FormatTimestamp(clock_.Now());
  LocalOverride o{.day = *day,
                  .off = off,
                  .reason = why,
                  .created_by = actor.name,
                  .created_at = now};
  absl::Status s = db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(o.id, store::InsertOverride(tx, o));
    return audit::Record(
        tx, clock_, actor,
        {"calendar.override_add",
         "calendar_day",
         FormatDate(*day),
         nullptr,
         {{"day", FormatDate(*day)}, {"off", off}, {"reason", why}}});
  });
  if (s.code() == absl::StatusCode::kAlreadyExists) {
    return InvalidFields(
        "本地调整有误",
        {{"day",
          absl::StrCat(FormatDate(*day), " 已有本地调整，请先删除原调整")}});
  }
  ZWGK_RETURN_IF_ERROR(s);
  ZWGK_RETURN_IF_ERROR(
      Changed(actor, absl::StrCat("本地调整：", FormatDate(*day),
                                  off ? " 停止办公（" : " 上班（", why, "）"))
          .status());
  return o;
}

absl::Status Service::RemoveOverride(const Actor& actor, int64_t id) {
  ZWGK_RETURN_IF_ERROR(AdminOnly(actor));
  std::string day;
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(LocalOverride o, store::GetOverride(tx, id));
    day = FormatDate(o.day);
    ZWGK_RETURN_IF_ERROR(store::DeleteOverride(tx, id));
    return audit::Record(tx, clock_, actor,
                         {"calendar.override_remove",
                          "calendar_day",
                          day,
                          {{"day", day},
                           {"status", o.off ? "off" : "work"},
                           {"reason", o.reason}},
                          nullptr});
  }));
  return Changed(actor, absl::StrCat("删除本地调整：", day)).status();
}

std::vector<Warning> Service::MissingYears() {
  std::vector<Warning> out;
  for (int y : YearsToLoad(calendar()->schedule().years, Today(clock_)))
    out.push_back(NoScheduleWarning(y));
  return out;
}

void Service::AddRecomputer(std::string name, DeadlineRecomputer r) {
  std::lock_guard lock(mu_);
  recomputers_.emplace_back(std::move(name), std::move(r));
}

absl::StatusOr<Service::ChangeOutcome> Service::Changed(
    const Actor& actor, const std::string& cause) {
  ZWGK_ASSIGN_OR_RETURN(Loaded loaded, Load());
  std::shared_ptr<const Calendar> fresh = loaded.calendar;
  std::vector<std::pair<std::string, DeadlineRecomputer>> recomputers;
  {
    std::lock_guard lock(mu_);
    current_ = fresh;
    generation_ = loaded.generation;
    recomputers = recomputers_;
  }
  ChangeOutcome out;
  RecomputeCount& total = out.count;
  nlohmann::json per_module = nlohmann::json::object();
  for (const auto& [name, recompute] : recomputers) {
    ZWGK_ASSIGN_OR_RETURN(RecomputeCount c, recompute(*fresh));
    total.checked += c.checked;
    total.moved += c.moved;
    per_module[name] = {{"checked", c.checked}, {"moved", c.moved}};
    for (MovedDeadline& m : c.moved_items) {
      if (total.moved_items.size() >= kMaxMovedListed) break;
      total.moved_items.push_back(std::move(m));
    }
  }
  CalendarChange change{.at = FormatTimestamp(clock_.Now()),
                        .by = actor.name,
                        .cause = cause,
                        .checked = total.checked,
                        .moved = total.moved,
                        .moved_items = total.moved_items};
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(out.id, store::InsertChange(tx, change, per_module));
    nlohmann::json moved = nlohmann::json::array();
    for (const MovedDeadline& m : total.moved_items) {
      moved.push_back(absl::StrCat(m.kind, " ", m.label, "：",
                                   m.before.empty() ? "无" : m.before, " → ",
                                   m.after.empty() ? "无" : m.after));
    }
    return audit::Record(tx, clock_, actor,
                         {"calendar.redate",
                          "calendar_change",
                          absl::StrCat(out.id),
                          nullptr,
                          {{"cause", cause},
                           {"checked", total.checked},
                           {"moved", total.moved},
                           {"deadlines", moved}}});
  }));
  return out;
}

absl::StatusOr<std::vector<Service::ChangeLog>> Service::ListChanges(
    int limit) {
  return db_.InTransaction<std::vector<ChangeLog>>(
      [&](db::Tx& tx) { return store::ListChanges(tx, limit); });
}

absl::StatusOr<Service::ChangeLog> Service::GetChange(const Actor& actor,
                                                      int64_t id) {
  ZWGK_RETURN_IF_ERROR(AdminOnly(actor));
  return db_.InTransaction<ChangeLog>(
      [&](db::Tx& tx) { return store::GetChange(tx, id); });
}

}  // namespace zwgk::calendar
