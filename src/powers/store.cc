#include "powers/store.h"

#include <map>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/status.h"

namespace zwgk::powers::store {
namespace {

constexpr char kPowerColumns[] =
    "p.id, p.unit_id, u.name, p.code, p.name, p.type, p.implementer, "
    "p.basis";
constexpr char kStageColumns[] =
    "id, power_id, position, stage, info, attribute, withheld_ground, "
    "catalog_item_id, catalog_item, period_days, decided_by, decided_at";

Power PowerFrom(const db::Row& row) {
  return {.id = row.Int(0),
          .unit_id = row.Int(1),
          .unit_name = row.Text(2),
          .code = row.Text(3),
          .name = row.Text(4),
          .type = ParsePowerType(row.Text(5)).value_or(PowerType::kOther),
          .implementer = row.Text(6),
          .basis = row.Text(7)};
}

Stage StageFrom(const db::Row& row) {
  return {
      .id = row.Int(0),
      .power_id = row.Int(1),
      .position = static_cast<int>(row.Int(2)),
      .stage = row.Text(3),
      .info = row.Text(4),
      .attribute = ParseAttribute(row.Text(5)).value_or(Attribute::kUndecided),
      .withheld_ground = row.Text(6),
      .catalog_item_id = row.OptInt(7),
      .catalog_item = row.Text(8),
      .period_days = static_cast<int>(row.Int(9)),
      .decided_by = row.Text(10),
      .decided_at = row.Text(11)};
}

std::string Name(PowerType t) { return std::string(PowerTypeName(t)); }
std::string Name(Attribute a) { return std::string(AttributeName(a)); }

// The stages of `powers`, selected by `where` (one query for a list).
absl::Status LoadStages(db::Tx& tx, std::vector<Power>& powers,
                        absl::string_view where,
                        const std::vector<db::Value>& params) {
  if (powers.empty()) return absl::OkStatus();
  std::map<int64_t, Power*> by_id;
  for (Power& p : powers) by_id[p.id] = &p;
  ZWGK_ASSIGN_OR_RETURN(
      db::Result stages,
      tx.Query(absl::StrCat("SELECT ", kStageColumns, " FROM pw_stages ", where,
                            " ORDER BY power_id, position, id"),
               params));
  for (const db::Row& row : stages.rows) {
    auto it = by_id.find(row.Int(1));
    if (it != by_id.end()) it->second->stages.push_back(StageFrom(row));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Power> FindPower(db::Tx& tx, int64_t unit_id,
                                absl::string_view name) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row row,
      tx.QueryOne(absl::StrCat("SELECT ", kPowerColumns,
                               " FROM pw_powers p JOIN units u ON u.id = "
                               "p.unit_id WHERE p.unit_id = ? AND p.name = ?"),
                  {unit_id, std::string(name)}, "没有这个事项"));
  std::vector<Power> one = {PowerFrom(row)};
  ZWGK_RETURN_IF_ERROR(LoadStages(tx, one, "WHERE power_id = ?", {one[0].id}));
  return std::move(one[0]);
}

absl::StatusOr<Power> GetPower(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row row,
      tx.QueryOne(absl::StrCat("SELECT ", kPowerColumns,
                               " FROM pw_powers p JOIN units u ON u.id = "
                               "p.unit_id WHERE p.id = ?"),
                  {id}, "没有这个事项"));
  std::vector<Power> one = {PowerFrom(row)};
  ZWGK_RETURN_IF_ERROR(LoadStages(tx, one, "WHERE power_id = ?", {one[0].id}));
  return std::move(one[0]);
}

absl::StatusOr<std::vector<Power>> ListPowers(db::Tx& tx,
                                              std::optional<int64_t> unit_id) {
  std::string sql =
      absl::StrCat("SELECT ", kPowerColumns,
                   " FROM pw_powers p JOIN units u ON u.id = p.unit_id");
  std::vector<db::Value> params;
  if (unit_id) {
    sql += " WHERE p.unit_id = ?";
    params.push_back(*unit_id);
  }
  sql += " ORDER BY u.name, p.unit_id, p.name";
  ZWGK_ASSIGN_OR_RETURN(db::Result result, tx.Query(sql, params));
  std::vector<Power> out;
  out.reserve(result.rows.size());
  for (const db::Row& row : result.rows) out.push_back(PowerFrom(row));
  if (unit_id)
    ZWGK_RETURN_IF_ERROR(LoadStages(
        tx, out,
        "WHERE power_id IN (SELECT id FROM pw_powers WHERE unit_id = ?)",
        {*unit_id}));
  else
    ZWGK_RETURN_IF_ERROR(LoadStages(tx, out, "", {}));
  return out;
}

absl::StatusOr<int64_t> InsertPower(db::Tx& tx, const Power& p,
                                    absl::string_view now) {
  return tx.Insert(
      "INSERT INTO pw_powers (unit_id, code, name, type, implementer, basis, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {p.unit_id, p.code, p.name, Name(p.type), p.implementer, p.basis,
       std::string(now), std::string(now)});
}

absl::Status UpdatePower(db::Tx& tx, const Power& p, absl::string_view now) {
  return tx
      .Exec(
          "UPDATE pw_powers SET code = ?, type = ?, implementer = ?, basis = "
          "?, updated_at = ? WHERE id = ?",
          {p.code, Name(p.type), p.implementer, p.basis, std::string(now),
           p.id})
      .status();
}

absl::StatusOr<int64_t> InsertStage(db::Tx& tx, const Stage& s) {
  return tx.Insert(
      "INSERT INTO pw_stages (power_id, position, stage, info, attribute, "
      "withheld_ground, catalog_item_id, catalog_item, period_days, "
      "decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {s.power_id, int64_t{s.position}, s.stage, s.info, Name(s.attribute),
       s.withheld_ground, db::OrNull(s.catalog_item_id), s.catalog_item,
       int64_t{s.period_days}, s.decided_by, s.decided_at});
}

absl::Status UpdateStageFacts(db::Tx& tx, const Stage& s) {
  return tx
      .Exec(
          "UPDATE pw_stages SET position = ?, catalog_item_id = ?, "
          "catalog_item = ?, period_days = ? WHERE id = ?",
          {int64_t{s.position}, db::OrNull(s.catalog_item_id), s.catalog_item,
           int64_t{s.period_days}, s.id})
      .status();
}

absl::Status UpdateStageAttribute(db::Tx& tx, const Stage& s) {
  return tx
      .Exec(
          "UPDATE pw_stages SET attribute = ?, withheld_ground = ?, "
          "catalog_item_id = ?, catalog_item = ?, period_days = ?, "
          "decided_by = ?, decided_at = ? WHERE id = ?",
          {Name(s.attribute), s.withheld_ground, db::OrNull(s.catalog_item_id),
           s.catalog_item, int64_t{s.period_days}, s.decided_by, s.decided_at,
           s.id})
      .status();
}

absl::StatusOr<Stage> GetStage(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row row, tx.QueryOne(absl::StrCat("SELECT ", kStageColumns,
                                            " FROM pw_stages WHERE id = ?"),
                               {id}, "没有这个环节"));
  return StageFrom(row);
}

absl::Status InsertChange(db::Tx& tx, const Change& c) {
  return tx
      .Exec(
          "INSERT INTO pw_changes (stage_id, record_id, from_attribute, "
          "to_attribute, from_ground, to_ground, reason, by_user, at) VALUES "
          "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {c.stage_id, db::OrNull(c.record_id), Name(c.from), Name(c.to),
           c.from_ground, c.to_ground, c.reason, c.by, c.at})
      .status();
}

absl::StatusOr<std::vector<Change>> Changes(db::Tx& tx, int64_t power_id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result result,
      tx.Query("SELECT c.stage_id, c.record_id, c.from_attribute, "
               "c.to_attribute, c.from_ground, c.to_ground, c.reason, "
               "c.by_user, c.at FROM pw_changes c JOIN pw_stages s ON s.id = "
               "c.stage_id WHERE s.power_id = ? ORDER BY c.id DESC",
               {power_id}));
  std::vector<Change> out;
  for (const db::Row& row : result.rows)
    out.push_back(
        {.stage_id = row.Int(0),
         .record_id = row.OptInt(1),
         .from = ParseAttribute(row.Text(2)).value_or(Attribute::kUndecided),
         .to = ParseAttribute(row.Text(3)).value_or(Attribute::kUndecided),
         .from_ground = row.Text(4),
         .to_ground = row.Text(5),
         .reason = row.Text(6),
         .by = row.Text(7),
         .at = row.Text(8)});
  return out;
}

absl::Status LinkRecord(db::Tx& tx, int64_t stage_id, int64_t record_id) {
  return tx
      .Exec("INSERT INTO pw_stage_records (stage_id, record_id) VALUES (?, ?)",
            {stage_id, record_id})
      .status();
}

absl::StatusOr<std::optional<int64_t>> StageOfRecord(db::Tx& tx,
                                                     int64_t record_id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result result,
      tx.Query("SELECT stage_id FROM pw_stage_records WHERE record_id = ?",
               {record_id}));
  if (result.rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(result.rows[0].Int(0));
}

absl::StatusOr<std::vector<std::pair<int64_t, PowerType>>> RecordsOfUnitByType(
    db::Tx& tx, int64_t unit_id, const std::vector<PowerType>& types) {
  std::vector<std::pair<int64_t, PowerType>> out;
  if (types.empty()) return out;
  std::string in;
  std::vector<db::Value> params = {unit_id};
  for (PowerType t : types) {
    absl::StrAppend(&in, in.empty() ? "?" : ", ?");
    params.push_back(Name(t));
  }
  ZWGK_ASSIGN_OR_RETURN(
      db::Result result,
      tx.Query(absl::StrCat("SELECT DISTINCT r.record_id, p.type FROM "
                            "pw_stage_records r JOIN pw_stages s ON s.id = "
                            "r.stage_id JOIN pw_powers p ON p.id = s.power_id "
                            "WHERE p.unit_id = ? AND p.type IN (",
                            in, ") ORDER BY r.record_id"),
               params));
  for (const db::Row& row : result.rows)
    out.emplace_back(row.Int(0),
                     ParsePowerType(row.Text(1)).value_or(PowerType::kOther));
  return out;
}

absl::StatusOr<std::vector<std::pair<int64_t, int64_t>>> RecordsOfPower(
    db::Tx& tx, int64_t power_id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result result,
      tx.Query("SELECT r.stage_id, r.record_id FROM pw_stage_records r JOIN "
               "pw_stages s ON s.id = r.stage_id WHERE s.power_id = ? ORDER "
               "BY r.record_id",
               {power_id}));
  std::vector<std::pair<int64_t, int64_t>> out;
  for (const db::Row& row : result.rows)
    out.emplace_back(row.Int(0), row.Int(1));
  return out;
}

}  // namespace zwgk::powers::store
