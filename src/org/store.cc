#include "org/store.h"

#include "absl/strings/str_cat.h"
#include "core/status.h"

namespace zwgk::org::store {
namespace {

constexpr char kUnitCols[] =
    "id, name, kind, credit_code, position, retired_at, duties, parent_id, "
    "contact";
constexpr char kDomainCols[] = "id, name, unit_id, position, retired_at";

Unit RowToUnit(const db::Row& r) {
  return Unit{.id = r.Int(0),
              .name = r.Text(1),
              .kind = ParseUnitKind(r.Text(2)).value_or(UnitKind::kDepartment),
              .credit_code = r.Text(3),
              .position = static_cast<int>(r.Int(4)),
              .retired = !r.IsNull(5),
              .duties = r.Text(6),
              .parent_id = r.OptInt(7),
              .contact = r.Text(8)};
}

Domain RowToDomain(const db::Row& r) {
  return Domain{.id = r.Int(0),
                .name = r.Text(1),
                .unit_id = r.OptInt(2),
                .position = static_cast<int>(r.Int(3)),
                .retired = !r.IsNull(4)};
}

absl::Status ExpectOneRow(absl::StatusOr<int64_t> changed,
                          absl::string_view what) {
  if (!changed.ok()) return changed.status();
  if (*changed == 0) return absl::NotFoundError(absl::StrCat(what, " 不存在"));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<County> GetCounty(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row r,
      tx.QueryOne("SELECT name, province, city FROM county WHERE id = 1", {},
                  "县（请先运行 zwgk init）"));
  return County{r.Text(0), r.Text(1), r.Text(2)};
}

absl::Status PutCounty(db::Tx& tx, const County& c) {
  return tx
      .Exec(
          "INSERT INTO county (id, name, province, city) VALUES (1, ?, ?, ?) "
          "ON CONFLICT (id) DO "
          "UPDATE SET name = excluded.name, province = excluded.province, city "
          "= excluded.city",
          {c.name, c.province, c.city})
      .status();
}

absl::StatusOr<std::vector<Unit>> ListUnits(db::Tx& tx, bool include_retired,
                                            bool include_villages,
                                            bool include_institutions) {
  std::string sql = absl::StrCat(
      "SELECT ", kUnitCols, " FROM units WHERE 1 = 1",
      include_retired ? "" : " AND retired_at IS NULL",
      include_villages ? "" : " AND kind NOT IN ('village', 'community')",
      include_institutions ? "" : " AND kind <> 'institution'",
      " ORDER BY position, id");
  ZWGK_ASSIGN_OR_RETURN(db::Result r, tx.Query(sql));
  std::vector<Unit> out;
  for (const db::Row& row : r.rows) out.push_back(RowToUnit(row));
  return out;
}

absl::StatusOr<Unit> GetUnit(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(db::Row r,
                        tx.QueryOne(absl::StrCat("SELECT ", kUnitCols,
                                                 " FROM units WHERE id = ?"),
                                    {id}, absl::StrCat("单位 #", id)));
  return RowToUnit(r);
}

absl::StatusOr<std::optional<Unit>> FindUnit(db::Tx& tx,
                                             absl::string_view name) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> r,
      tx.QueryOptional(
          absl::StrCat("SELECT ", kUnitCols, " FROM units WHERE name = ?"),
          {std::string(name)}));
  if (!r) return std::optional<Unit>();
  return std::optional<Unit>(RowToUnit(*r));
}

absl::StatusOr<int64_t> InsertUnit(db::Tx& tx, const Unit& u,
                                   absl::string_view now) {
  return tx.Insert(
      "INSERT INTO units (name, kind, credit_code, position, duties, "
      "parent_id, contact, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {u.name, std::string(UnitKindName(u.kind)), u.credit_code,
       int64_t{u.position}, u.duties, db::OrNull(u.parent_id), u.contact,
       std::string(now)});
}

absl::Status UpdateUnit(db::Tx& tx, const Unit& u) {
  return ExpectOneRow(tx.Exec("UPDATE units SET name = ?, kind = ?, "
                              "credit_code = ?, position = ? WHERE id = ?",
                              {u.name, std::string(UnitKindName(u.kind)),
                               u.credit_code, int64_t{u.position}, u.id}),
                      absl::StrCat("单位 #", u.id));
}

absl::StatusOr<std::vector<Unit>> ListVillages(db::Tx& tx,
                                               std::optional<int64_t> town_id) {
  std::string sql = absl::StrCat(
      "SELECT ", kUnitCols,
      " FROM units WHERE kind IN ('village', 'community') AND retired_at IS "
      "NULL",
      town_id ? " AND parent_id = ?" : "", " ORDER BY parent_id, position, id");
  std::vector<db::Value> args;
  if (town_id) args.push_back(*town_id);
  ZWGK_ASSIGN_OR_RETURN(db::Result r, tx.Query(sql, args));
  std::vector<Unit> out;
  for (const db::Row& row : r.rows) out.push_back(RowToUnit(row));
  return out;
}

absl::StatusOr<std::vector<Unit>> ListInstitutions(
    db::Tx& tx, std::optional<int64_t> department_id) {
  std::string sql = absl::StrCat(
      "SELECT ", kUnitCols,
      " FROM units WHERE kind = 'institution' AND retired_at IS NULL",
      department_id ? " AND parent_id = ?" : "",
      " ORDER BY parent_id, position, id");
  std::vector<db::Value> args;
  if (department_id) args.push_back(*department_id);
  ZWGK_ASSIGN_OR_RETURN(db::Result r, tx.Query(sql, args));
  std::vector<Unit> out;
  for (const db::Row& row : r.rows) out.push_back(RowToUnit(row));
  return out;
}

absl::Status SetUnitParent(db::Tx& tx, int64_t id, int64_t parent_id,
                           absl::string_view contact) {
  return ExpectOneRow(
      tx.Exec("UPDATE units SET parent_id = ?, contact = ? WHERE id = ?",
              {parent_id, std::string(contact), id}),
      absl::StrCat("单位 #", id));
}

absl::Status UpdateVillage(db::Tx& tx, int64_t id, UnitKind kind,
                           absl::string_view contact) {
  return ExpectOneRow(
      tx.Exec("UPDATE units SET kind = ?, contact = ? WHERE id = ?",
              {std::string(UnitKindName(kind)), std::string(contact), id}),
      absl::StrCat("单位 #", id));
}

absl::Status SetUnitDuties(db::Tx& tx, int64_t id, absl::string_view duties) {
  return ExpectOneRow(tx.Exec("UPDATE units SET duties = ? WHERE id = ?",
                              {std::string(duties), id}),
                      absl::StrCat("单位 #", id));
}

absl::Status SetUnitRetiredAt(db::Tx& tx, int64_t id,
                              std::optional<std::string> at) {
  return ExpectOneRow(tx.Exec("UPDATE units SET retired_at = ? WHERE id = ?",
                              {db::OrNull(at), id}),
                      absl::StrCat("单位 #", id));
}

absl::StatusOr<std::vector<Domain>> ListDomains(db::Tx& tx,
                                                bool include_retired) {
  std::string sql =
      absl::StrCat("SELECT ", kDomainCols, " FROM domains",
                   include_retired ? "" : " WHERE retired_at IS NULL",
                   " ORDER BY position, id");
  ZWGK_ASSIGN_OR_RETURN(db::Result r, tx.Query(sql));
  std::vector<Domain> out;
  for (const db::Row& row : r.rows) out.push_back(RowToDomain(row));
  return out;
}

absl::StatusOr<Domain> GetDomain(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(db::Row r,
                        tx.QueryOne(absl::StrCat("SELECT ", kDomainCols,
                                                 " FROM domains WHERE id = ?"),
                                    {id}, absl::StrCat("领域 #", id)));
  return RowToDomain(r);
}

absl::StatusOr<std::optional<Domain>> FindDomain(db::Tx& tx,
                                                 absl::string_view name) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> r,
      tx.QueryOptional(
          absl::StrCat("SELECT ", kDomainCols, " FROM domains WHERE name = ?"),
          {std::string(name)}));
  if (!r) return std::optional<Domain>();
  return std::optional<Domain>(RowToDomain(*r));
}

absl::StatusOr<int64_t> InsertDomain(db::Tx& tx, const Domain& d,
                                     absl::string_view now) {
  return tx.Insert(
      "INSERT INTO domains (name, unit_id, position, created_at) VALUES (?, ?, "
      "?, ?) RETURNING id",
      {d.name, db::OrNull(d.unit_id), int64_t{d.position}, std::string(now)});
}

absl::Status UpdateDomain(db::Tx& tx, const Domain& d) {
  return ExpectOneRow(
      tx.Exec(
          "UPDATE domains SET name = ?, unit_id = ?, position = ? WHERE id = ?",
          {d.name, db::OrNull(d.unit_id), int64_t{d.position}, d.id}),
      absl::StrCat("领域 #", d.id));
}

absl::Status SetDomainRetiredAt(db::Tx& tx, int64_t id,
                                std::optional<std::string> at) {
  return ExpectOneRow(tx.Exec("UPDATE domains SET retired_at = ? WHERE id = ?",
                              {db::OrNull(at), id}),
                      absl::StrCat("领域 #", id));
}

}  // namespace zwgk::org::store
