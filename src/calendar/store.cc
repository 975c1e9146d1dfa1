#include "calendar/store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "calendar/calendar.h"
#include "core/status.h"
#include "nlohmann/json.hpp"

namespace zwgk::calendar::store {
namespace {

// The notice year a day belongs to: holiday-cn keys 2022-12-31 under 2023.
int NoticeYear(const Schedule& s, absl::CivilDay day) {
  int y = static_cast<int>(day.year());
  if (!s.years.contains(y) && s.years.contains(y + 1)) return y + 1;
  return y;
}

std::optional<absl::CivilDay> StoredDay(const std::string& text) {
  absl::StatusOr<absl::CivilDay> day = ParseDate(text);
  if (!day.ok()) return std::nullopt;  // written by us; never malformed
  return *day;
}

const char* StatusText(bool off) { return off ? "off" : "work"; }

}  // namespace

absl::StatusOr<Schedules> LoadSchedules(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result days,
      tx.Query("SELECT day, status, name, source FROM calendar_days"));
  ZWGK_ASSIGN_OR_RETURN(db::Result years,
                        tx.Query("SELECT year, papers FROM calendar_years"));
  Schedules out;
  for (const db::Row& r : years.rows) {
    out.national.years.insert(static_cast<int>(r.Int(0)));
    nlohmann::json papers = nlohmann::json::parse(r.Text(1), nullptr, false);
    if (papers.is_array()) {
      for (const auto& p : papers) {
        if (p.is_string())
          out.national.papers[static_cast<int>(r.Int(0))].push_back(p);
      }
    }
  }
  for (const db::Row& r : days.rows) {
    std::optional<absl::CivilDay> day = StoredDay(r.Text(0));
    if (!day) continue;
    bool is_local = r.Text(3) == "local";
    NamedDay named{
        .status = r.Text(1) == "off" ? DayStatus::kOff : DayStatus::kWork,
        .name = r.Text(2),
        .source = is_local ? DaySource::kLocal : DaySource::kNational};
    (is_local ? out.local : out.national).days[*day] = named;
  }
  return out;
}

absl::StatusOr<bool> HasNoticeYear(db::Tx& tx, int year) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> have,
      tx.QueryOptional("SELECT 1 FROM calendar_years WHERE year = ?",
                       {int64_t{year}}));
  return have.has_value();
}

absl::StatusOr<int> ReplaceNationalYears(db::Tx& tx, const Schedule& schedule,
                                         absl::string_view by,
                                         absl::string_view now,
                                         std::optional<int64_t> import_id) {
  int written = 0;
  for (int year : schedule.years) {
    ZWGK_RETURN_IF_ERROR(tx.Exec("DELETE FROM calendar_days WHERE source = "
                                 "'national' AND notice_year = ?",
                                 {int64_t{year}})
                             .status());
    nlohmann::json papers = nlohmann::json::array();
    if (auto it = schedule.papers.find(year); it != schedule.papers.end()) {
      for (const auto& p : it->second) papers.push_back(p);
    }
    ZWGK_RETURN_IF_ERROR(
        tx.Exec("DELETE FROM calendar_years WHERE year = ?", {int64_t{year}})
            .status());
    ZWGK_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO calendar_years (year, papers, import_id) VALUES "
                "(?, ?, ?)",
                {int64_t{year}, papers.dump(), db::OrNull(import_id)})
            .status());
  }
  for (const auto& [day, named] : schedule.days) {
    int notice = NoticeYear(schedule, day);
    ZWGK_RETURN_IF_ERROR(
        tx.Exec(
              "INSERT INTO calendar_days (day, status, name, source, "
              "notice_year, created_by, "
              "created_at) VALUES (?, ?, ?, 'national', ?, ?, ?) ON CONFLICT "
              "(day, source) DO "
              "UPDATE SET status = excluded.status, name = excluded.name, "
              "notice_year = "
              "excluded.notice_year",
              {FormatDate(day), StatusText(named.status == DayStatus::kOff),
               named.name, int64_t{notice}, std::string(by), std::string(now)})
            .status());
    ++written;
  }
  return written;
}

absl::StatusOr<int64_t> InsertImport(db::Tx& tx, const Import& in) {
  return tx.Insert(
      "INSERT INTO calendar_imports (at, by_user, format, "
      "source_name, years, days, notes) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {in.at, in.by_user, in.format, in.source_name,
       absl::StrJoin(in.years, ","), int64_t{in.days},
       absl::StrJoin(in.notes, "\n")});
}

absl::Status SetImportDays(db::Tx& tx, int64_t import_id, int days) {
  return tx
      .Exec("UPDATE calendar_imports SET days = ? WHERE id = ?",
            {int64_t{days}, import_id})
      .status();
}

absl::StatusOr<std::vector<LocalOverride>> ListOverrides(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query("SELECT id, day, status, name, created_by, created_at FROM "
               "calendar_days WHERE source = 'local' ORDER BY day"));
  std::vector<LocalOverride> out;
  for (const db::Row& row : r.rows) {
    std::optional<absl::CivilDay> day = StoredDay(row.Text(1));
    if (!day) continue;
    out.push_back({row.Int(0), *day, row.Text(2) == "off", row.Text(3),
                   row.Text(4), row.Text(5)});
  }
  return out;
}

absl::StatusOr<LocalOverride> GetOverride(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row row,
      tx.QueryOne("SELECT id, day, status, name, created_by, created_at FROM "
                  "calendar_days WHERE id = ? AND source = 'local'",
                  {id}, absl::StrCat("本地调整 #", id)));
  std::optional<absl::CivilDay> day = StoredDay(row.Text(1));
  if (!day) {
    return absl::InternalError(
        absl::StrCat("本地调整 #", id, " 的日期无效：", row.Text(1)));
  }
  return LocalOverride{row.Int(0),  *day,        row.Text(2) == "off",
                       row.Text(3), row.Text(4), row.Text(5)};
}

absl::StatusOr<int64_t> InsertOverride(db::Tx& tx, const LocalOverride& o) {
  return tx.Insert(
      "INSERT INTO calendar_days (day, status, name, source, created_by, "
      "created_at) VALUES (?, ?, ?, 'local', ?, ?) RETURNING id",
      {FormatDate(o.day), StatusText(o.off), o.reason, o.created_by,
       o.created_at});
}

absl::Status DeleteOverride(db::Tx& tx, int64_t id) {
  return tx
      .Exec("DELETE FROM calendar_days WHERE id = ? AND source = 'local'", {id})
      .status();
}

absl::StatusOr<int64_t> InsertChange(db::Tx& tx, const CalendarChange& c,
                                     const nlohmann::json& per_module) {
  nlohmann::json moved = nlohmann::json::array();
  for (const MovedDeadline& m : c.moved_items) {
    moved.push_back({{"kind", m.kind},
                     {"label", m.label},
                     {"url", m.url},
                     {"before", m.before},
                     {"after", m.after}});
  }
  nlohmann::json details = {{"modules", per_module}, {"moved", moved}};
  return tx.Insert(
      "INSERT INTO calendar_changes (at, by_user, cause, "
      "deadlines_checked, deadlines_moved, details) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {c.at, c.by, c.cause, int64_t{c.checked}, int64_t{c.moved},
       details.dump()});
}

absl::StatusOr<CalendarChange> GetChange(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row row,
      tx.QueryOne("SELECT at, by_user, cause, deadlines_checked, "
                  "deadlines_moved, details FROM calendar_changes WHERE id = ?",
                  {id}, absl::StrCat("工作日历变更 #", id)));
  CalendarChange c{row.Text(0),
                   row.Text(1),
                   row.Text(2),
                   static_cast<int>(row.Int(3)),
                   static_cast<int>(row.Int(4)),
                   id};
  // Older rows hold only the per-module counts: no list to show.
  nlohmann::json details = nlohmann::json::parse(row.Text(5), nullptr, false);
  if (details.is_object() && details.contains("moved") &&
      details["moved"].is_array()) {
    for (const auto& m : details["moved"]) {
      if (!m.is_object()) continue;
      c.moved_items.push_back({.kind = m.value("kind", ""),
                               .label = m.value("label", ""),
                               .url = m.value("url", ""),
                               .before = m.value("before", ""),
                               .after = m.value("after", "")});
    }
  }
  return c;
}

absl::StatusOr<std::vector<CalendarChange>> ListChanges(db::Tx& tx, int limit) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query("SELECT at, by_user, cause, deadlines_checked, deadlines_moved, "
               "id FROM calendar_changes ORDER BY id DESC LIMIT ?",
               {int64_t{limit}}));
  std::vector<CalendarChange> out;
  for (const db::Row& row : r.rows) {
    out.push_back({row.Text(0), row.Text(1), row.Text(2),
                   static_cast<int>(row.Int(3)), static_cast<int>(row.Int(4)),
                   row.Int(5)});
  }
  return out;
}

}  // namespace zwgk::calendar::store
