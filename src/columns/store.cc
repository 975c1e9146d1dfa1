#include "columns/store.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/status.h"

namespace zwgk::columns::store {
namespace {

constexpr char kSelect[] =
    "SELECT id, key, name, url, type, update_days, required, unit_id, "
    "domain_id, position FROM columns_registry";

Column FromRow(const db::Row& r) {
  return {.id = r.Int(0),
          .key = r.Text(1),
          .name = r.Text(2),
          .url = r.Text(3),
          .type = ParseColumnType(r.Text(4)).value_or(ColumnType::kStatic),
          .update_days = static_cast<int>(r.Int(5)),
          .required = r.Bool(6),
          .unit_id = r.OptInt(7),
          .domain_id = r.OptInt(8),
          .position = static_cast<int>(r.Int(9))};
}

}  // namespace

absl::StatusOr<std::vector<Column>> List(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r, tx.Query(absl::StrCat(kSelect, " ORDER BY position, id")));
  std::vector<Column> out;
  out.reserve(r.rows.size());
  for (const db::Row& row : r.rows) out.push_back(FromRow(row));
  return out;
}

absl::StatusOr<std::optional<Column>> Get(db::Tx& tx, absl::string_view key) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> row,
      tx.QueryOptional(absl::StrCat(kSelect, " WHERE key = ?"),
                       {std::string(key)}));
  if (!row) return std::nullopt;
  return FromRow(*row);
}

absl::StatusOr<bool> InsertIfMissing(db::Tx& tx, const Column& c,
                                     absl::string_view by,
                                     absl::string_view at) {
  ZWGK_ASSIGN_OR_RETURN(std::optional<Column> existing, Get(tx, c.key));
  if (existing) return false;
  ZWGK_RETURN_IF_ERROR(
      tx.Insert("INSERT INTO columns_registry (key, name, url, type, "
                "update_days, required, unit_id, domain_id, position, "
                "changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?) RETURNING id",
                {c.key, c.name, c.url, std::string(ColumnTypeName(c.type)),
                 int64_t{c.update_days}, int64_t{c.required ? 1 : 0},
                 db::OrNull(c.unit_id), db::OrNull(c.domain_id),
                 int64_t{c.position}, std::string(by), std::string(at)})
          .status());
  return true;
}

absl::Status Update(db::Tx& tx, const Column& c, absl::string_view by,
                    absl::string_view at) {
  return tx
      .Exec(
          "UPDATE columns_registry SET name = ?, type = ?, update_days = ?, "
          "required = ?, position = ?, changed_by = ?, changed_at = ? WHERE "
          "key = ?",
          {c.name, std::string(ColumnTypeName(c.type)), int64_t{c.update_days},
           int64_t{c.required ? 1 : 0}, int64_t{c.position}, std::string(by),
           std::string(at), c.key})
      .status();
}

absl::StatusOr<int> MaxPosition(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row r,
      tx.QueryOne("SELECT COALESCE(MAX(position), 0) FROM columns_registry", {},
                  "position"));
  return static_cast<int>(r.Int(0));
}

}  // namespace zwgk::columns::store
