#include "guides/store.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/status.h"
#include "nlohmann/json.hpp"

namespace zwgk::guides::store {
namespace {

using nlohmann::json;

constexpr absl::string_view kColumns =
    "id, service, unit_id, domain_id, town_id, state, version, elements, "
    "not_applicable, materials, steps, life_events, review_remarks, "
    "submitted_by, submitted_by_id, reviewed_by, published_by, published_at, "
    "withdraw_reason, created_at, updated_at, "
    "CASE WHEN published_json IS NULL THEN 0 ELSE 1 END";

// Our own JSON, read without throwing: a wrong type reads as empty.
std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}
int64_t Int(const json& j, const char* key, int64_t fallback = 0) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>()
                                                  : fallback;
}
bool Bool(const json& j, const char* key, bool fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

// Never throws: text that is not UTF-8 (it is cleaned before it gets here)
// would be replaced, not raised.
std::string Dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json Parse(absl::string_view text) {
  return json::parse(text.begin(), text.end(), nullptr,
                     /*allow_exceptions=*/false);
}

json MapJson(const std::map<std::string, std::string>& m) {
  json j = json::object();
  for (const auto& [k, v] : m) j[k] = v;
  return j;
}
std::map<std::string, std::string> MapFrom(const json& j) {
  std::map<std::string, std::string> out;
  if (!j.is_object()) return out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.value().is_string()) out[it.key()] = it.value().get<std::string>();
  }
  return out;
}

json MaterialsJson(const std::vector<Material>& ms) {
  json a = json::array();
  for (const Material& m : ms) {
    a.push_back({{"name", m.name},
                 {"form", m.form},
                 {"copies", m.copies},
                 {"required", m.required},
                 {"source", m.source},
                 {"blank_blob", m.blank_blob},
                 {"sample_blob", m.sample_blob},
                 {"blank_name", m.blank_name},
                 {"sample_name", m.sample_name}});
  }
  return a;
}
std::vector<Material> MaterialsFrom(const json& a) {
  std::vector<Material> out;
  if (!a.is_array()) return out;
  for (const json& j : a) {
    if (!j.is_object()) continue;
    out.push_back({.name = Str(j, "name"),
                   .form = Str(j, "form"),
                   .copies = static_cast<int>(Int(j, "copies", 1)),
                   .required = Bool(j, "required", true),
                   .source = Str(j, "source"),
                   .blank_blob = Str(j, "blank_blob"),
                   .sample_blob = Str(j, "sample_blob"),
                   .blank_name = Str(j, "blank_name"),
                   .sample_name = Str(j, "sample_name")});
  }
  return out;
}

json StepsJson(const std::vector<Step>& steps) {
  json a = json::array();
  for (const Step& s : steps) {
    a.push_back({{"name", s.name},
                 {"description", s.description},
                 {"time_limit", s.time_limit}});
  }
  return a;
}
std::vector<Step> StepsFrom(const json& a) {
  std::vector<Step> out;
  if (!a.is_array()) return out;
  for (const json& j : a) {
    if (!j.is_object()) continue;
    out.push_back({.name = Str(j, "name"),
                   .description = Str(j, "description"),
                   .time_limit = Str(j, "time_limit")});
  }
  return out;
}

json ListJson(const std::vector<std::string>& v) {
  json a = json::array();
  for (const std::string& s : v) a.push_back(s);
  return a;
}
std::vector<std::string> ListFrom(const json& a) {
  std::vector<std::string> out;
  if (!a.is_array()) return out;
  for (const json& j : a) {
    if (j.is_string()) out.push_back(j.get<std::string>());
  }
  return out;
}

Guide FromRow(const db::Row& r) {
  Guide g;
  g.id = r.Int(0);
  g.service = r.Text(1);
  g.unit_id = r.Int(2);
  g.domain_id = r.OptInt(3);
  g.town_id = r.OptInt(4);
  g.state = ParseGuideState(r.Text(5)).value_or(GuideState::kDraft);
  g.version = static_cast<int>(r.Int(6));
  g.elements = MapFrom(Parse(r.Text(7)));
  g.not_applicable = MapFrom(Parse(r.Text(8)));
  g.materials = MaterialsFrom(Parse(r.Text(9)));
  g.steps = StepsFrom(Parse(r.Text(10)));
  g.life_events = ListFrom(Parse(r.Text(11)));
  g.review_remarks = r.Text(12);
  g.submitted_by = r.Text(13);
  g.submitted_by_id = r.Int(14);
  g.reviewed_by = r.Text(15);
  g.published_by = r.Text(16);
  g.published_at = r.OptText(17);
  g.withdraw_reason = r.Text(18);
  g.created_at = r.Text(19);
  g.updated_at = r.Text(20);
  g.has_public = r.Bool(21);
  return g;
}

absl::StatusOr<std::vector<Guide>> Rows(db::Tx& tx, absl::string_view where,
                                        const std::vector<db::Value>& params) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query(absl::StrCat("SELECT ", kColumns, " FROM guides WHERE ", where,
                            " ORDER BY unit_id, service, id"),
               params));
  std::vector<Guide> out;
  out.reserve(r.rows.size());
  for (const db::Row& row : r.rows) out.push_back(FromRow(row));
  return out;
}

std::vector<db::Value> WorkingValues(const Guide& g) {
  return {g.service,
          g.unit_id,
          db::OrNull(g.domain_id),
          db::OrNull(g.town_id),
          std::string(GuideStateName(g.state)),
          int64_t{g.version},
          Dump(MapJson(g.elements)),
          Dump(MapJson(g.not_applicable)),
          Dump(MaterialsJson(g.materials)),
          Dump(StepsJson(g.steps)),
          Dump(ListJson(g.life_events)),
          g.review_remarks,
          g.submitted_by,
          g.submitted_by_id,
          g.reviewed_by,
          g.published_by,
          db::OrNull(g.published_at),
          g.withdraw_reason};
}

}  // namespace

std::string ToJson(const Guide& g) {
  json j = {{"id", g.id},
            {"service", g.service},
            {"unit_id", g.unit_id},
            {"unit_name", g.unit_name},
            {"domain_name", g.domain_name},
            {"state", GuideStateName(g.state)},
            {"version", g.version},
            {"elements", MapJson(g.elements)},
            {"not_applicable", MapJson(g.not_applicable)},
            {"materials", MaterialsJson(g.materials)},
            {"steps", StepsJson(g.steps)},
            {"life_events", ListJson(g.life_events)},
            {"submitted_by", g.submitted_by},
            {"reviewed_by", g.reviewed_by},
            {"published_by", g.published_by},
            {"created_at", g.created_at},
            {"updated_at", g.updated_at}};
  if (g.domain_id) j["domain_id"] = *g.domain_id;
  if (g.town_id) j["town_id"] = *g.town_id;
  if (g.published_at) j["published_at"] = *g.published_at;
  return Dump(j);
}

absl::StatusOr<Guide> FromJson(absl::string_view text) {
  json j = Parse(text);
  if (!j.is_object()) return absl::DataLossError("guide snapshot unreadable");
  Guide g;
  g.id = Int(j, "id");
  g.service = Str(j, "service");
  g.unit_id = Int(j, "unit_id");
  g.unit_name = Str(j, "unit_name");
  g.domain_name = Str(j, "domain_name");
  if (j.contains("domain_id")) g.domain_id = Int(j, "domain_id");
  if (j.contains("town_id")) g.town_id = Int(j, "town_id");
  g.state = ParseGuideState(Str(j, "state")).value_or(GuideState::kPublished);
  g.version = static_cast<int>(Int(j, "version"));
  g.elements = MapFrom(j.value("elements", json::object()));
  g.not_applicable = MapFrom(j.value("not_applicable", json::object()));
  g.materials = MaterialsFrom(j.value("materials", json::array()));
  g.steps = StepsFrom(j.value("steps", json::array()));
  g.life_events = ListFrom(j.value("life_events", json::array()));
  g.submitted_by = Str(j, "submitted_by");
  g.reviewed_by = Str(j, "reviewed_by");
  g.published_by = Str(j, "published_by");
  if (j.contains("published_at")) g.published_at = Str(j, "published_at");
  g.created_at = Str(j, "created_at");
  g.updated_at = Str(j, "updated_at");
  g.has_public = true;
  return g;
}

absl::StatusOr<int64_t> Insert(db::Tx& tx, const Guide& g,
                               absl::string_view now) {
  std::vector<db::Value> params = WorkingValues(g);
  params.push_back(std::string(now));
  params.push_back(std::string(now));
  return tx.Insert(
      "INSERT INTO guides (service, unit_id, domain_id, town_id, state, "
      "version, elements, not_applicable, materials, steps, life_events, "
      "review_remarks, submitted_by, submitted_by_id, reviewed_by, "
      "published_by, published_at, withdraw_reason, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      params);
}

absl::StatusOr<Guide> Get(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<Guide> rows, Rows(tx, "id = ?", {id}));
  if (rows.empty()) return absl::NotFoundError("办事指南不存在");
  return std::move(rows.front());
}

absl::StatusOr<std::optional<Guide>> FindByService(db::Tx& tx, int64_t unit_id,
                                                   absl::string_view service) {
  ZWGK_ASSIGN_OR_RETURN(
      std::vector<Guide> rows,
      Rows(tx, "unit_id = ? AND service = ?", {unit_id, std::string(service)}));
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

absl::Status Update(db::Tx& tx, const Guide& g, absl::string_view now) {
  std::vector<db::Value> params = WorkingValues(g);
  params.push_back(std::string(now));
  params.push_back(g.id);
  return tx
      .Exec(
          "UPDATE guides SET service = ?, unit_id = ?, domain_id = ?, "
          "town_id = ?, state = ?, version = ?, elements = ?, "
          "not_applicable = ?, materials = ?, steps = ?, life_events = ?, "
          "review_remarks = ?, submitted_by = ?, submitted_by_id = ?, "
          "reviewed_by = ?, published_by = ?, published_at = ?, "
          "withdraw_reason = ?, updated_at = ? WHERE id = ?",
          params)
      .status();
}

absl::Status SetPublic(db::Tx& tx, int64_t id,
                       const std::optional<std::string>& snapshot) {
  return tx
      .Exec("UPDATE guides SET published_json = ? WHERE id = ?",
            {db::OrNull(snapshot), id})
      .status();
}

absl::StatusOr<std::vector<Guide>> List(db::Tx& tx, const StoreFilter& f) {
  std::string where = "1 = 1";
  std::vector<db::Value> params;
  auto add = [&](const char* clause, std::optional<int64_t> v) {
    if (!v) return;
    absl::StrAppend(&where, " AND ", clause, " = ?");
    params.push_back(*v);
  };
  add("unit_id", f.unit_id);
  add("domain_id", f.domain_id);
  add("town_id", f.town_id);
  if (f.state) {
    absl::StrAppend(&where, " AND state = ?");
    params.push_back(std::string(GuideStateName(*f.state)));
  }
  return Rows(tx, where, params);
}

absl::StatusOr<std::vector<Guide>> ListPublic(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query("SELECT published_json FROM guides WHERE published_json IS NOT "
               "NULL ORDER BY id"));
  std::vector<Guide> out;
  for (const db::Row& row : r.rows) {
    absl::StatusOr<Guide> g = FromJson(row.Text(0));
    if (g.ok()) out.push_back(std::move(*g));
  }
  return out;
}

absl::StatusOr<PublicFacts> PublicFactsBefore(db::Tx& tx,
                                              absl::string_view until) {
  constexpr char kWhere[] =
      " FROM guides WHERE published_json IS NOT NULL AND published_at < ?";
  ZWGK_ASSIGN_OR_RETURN(db::Row count,
                        tx.QueryOne(absl::StrCat("SELECT COUNT(*)", kWhere),
                                    {std::string(until)}, "count"));
  PublicFacts out{.count = count.Int(0)};
  if (out.count == 0) return out;
  ZWGK_ASSIGN_OR_RETURN(
      db::Row newest,
      tx.QueryOne(absl::StrCat("SELECT id, published_at", kWhere,
                               " ORDER BY published_at DESC, id DESC LIMIT 1"),
                  {std::string(until)}, "newest"));
  out.newest_id = newest.Int(0);
  out.newest_at = newest.Text(1);
  return out;
}

absl::StatusOr<std::optional<Guide>> GetPublic(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> row,
      tx.QueryOptional("SELECT published_json FROM guides WHERE id = ? AND "
                       "published_json IS NOT NULL",
                       {id}));
  if (!row) return std::nullopt;
  ZWGK_ASSIGN_OR_RETURN(Guide g, FromJson(row->Text(0)));
  return g;
}

absl::Status InsertVersion(db::Tx& tx, int64_t guide_id, int version,
                           absl::string_view snapshot, absl::string_view by,
                           absl::string_view at) {
  return tx
      .Exec(
          "INSERT INTO guide_versions (guide_id, version, snapshot, "
          "published_by, published_at) VALUES (?, ?, ?, ?, ?)",
          {guide_id, int64_t{version}, std::string(snapshot), std::string(by),
           std::string(at)})
      .status();
}

absl::StatusOr<std::vector<Guide>> ListVersions(db::Tx& tx, int64_t guide_id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query("SELECT snapshot FROM guide_versions WHERE guide_id = ? ORDER "
               "BY version DESC",
               {guide_id}));
  std::vector<Guide> out;
  for (const db::Row& row : r.rows) {
    ZWGK_ASSIGN_OR_RETURN(Guide g, FromJson(row.Text(0)));
    out.push_back(std::move(g));
  }
  return out;
}

absl::StatusOr<bool> UpsertStats(db::Tx& tx, const MonthlyStats& s) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> existing,
      tx.QueryOptional("SELECT id FROM guide_stats WHERE unit_id = ? AND year "
                       "= ? AND month = ?",
                       {s.unit_id, int64_t{s.year}, int64_t{s.month}}));
  if (existing) {
    ZWGK_RETURN_IF_ERROR(
        tx.Exec("UPDATE guide_stats SET received = ?, handled = ?, on_time = "
                "?, entered_by = ?, entered_at = ? WHERE id = ?",
                {s.received, s.handled, s.on_time, s.entered_by, s.entered_at,
                 existing->Int(0)})
            .status());
    return false;
  }
  ZWGK_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO guide_stats (unit_id, year, month, received, "
              "handled, on_time, entered_by, entered_at) VALUES (?, ?, ?, ?, "
              "?, ?, ?, ?)",
              {s.unit_id, int64_t{s.year}, int64_t{s.month}, s.received,
               s.handled, s.on_time, s.entered_by, s.entered_at})
          .status());
  return true;
}

absl::StatusOr<std::vector<MonthlyStats>> ListStats(
    db::Tx& tx, int year, std::optional<int64_t> unit_id) {
  std::string where = "1 = 1";
  std::vector<db::Value> params;
  if (year != 0) {
    where += " AND year = ?";
    params.push_back(int64_t{year});
  }
  if (unit_id) {
    where += " AND unit_id = ?";
    params.push_back(*unit_id);
  }
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query(absl::StrCat("SELECT unit_id, year, month, received, handled, "
                            "on_time, entered_by, entered_at FROM guide_stats "
                            "WHERE ",
                            where, " ORDER BY unit_id, year, month"),
               params));
  std::vector<MonthlyStats> out;
  for (const db::Row& row : r.rows) {
    out.push_back({.unit_id = row.Int(0),
                   .year = static_cast<int>(row.Int(1)),
                   .month = static_cast<int>(row.Int(2)),
                   .received = row.Int(3),
                   .handled = row.Int(4),
                   .on_time = row.Int(5),
                   .entered_at = row.Text(7),
                   .entered_by = row.Text(6)});
  }
  return out;
}

absl::StatusOr<std::map<int64_t, std::pair<int, int>>> NewestStatsMonths(
    db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query("SELECT unit_id, MAX(year * 100 + month) FROM guide_stats "
               "GROUP BY unit_id"));
  std::map<int64_t, std::pair<int, int>> out;
  for (const db::Row& row : r.rows) {
    const int64_t ym = row.Int(1);
    out[row.Int(0)] = {static_cast<int>(ym / 100), static_cast<int>(ym % 100)};
  }
  return out;
}

absl::StatusOr<std::vector<int64_t>> UnitsWithPublicGuides(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query("SELECT DISTINCT unit_id FROM guides WHERE published_json IS "
               "NOT NULL ORDER BY unit_id"));
  std::vector<int64_t> out;
  for (const db::Row& row : r.rows) out.push_back(row.Int(0));
  return out;
}

}  // namespace zwgk::guides::store
