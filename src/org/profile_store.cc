// SQL for the site identity and the units' profiles (issue 19).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/status.h"
#include "org/store.h"

namespace zwgk::org::store {
namespace {

constexpr char kIdentityCols[] =
    "site_name, sponsor, organizer, phone, address, email, id_code, icp, "
    "police, mark_url, mark_blob, mark_type, police_blob, police_type, "
    "updated_at";

constexpr char kLeaderCols[] =
    "id, unit_id, position, name, title, resume, portfolio, photo_blob, "
    "photo_type";

Leader RowToLeader(const db::Row& r) {
  return Leader{.id = r.Int(0),
                .unit_id = r.Int(1),
                .position = static_cast<int>(r.Int(2)),
                .name = r.Text(3),
                .title = r.Text(4),
                .resume = r.Text(5),
                .portfolio = r.Text(6),
                .photo_blob = r.Text(7),
                .photo_type = r.Text(8)};
}

absl::Status ChangedOne(absl::StatusOr<int64_t> changed,
                        absl::string_view what) {
  if (!changed.ok()) return changed.status();
  if (*changed == 0) return absl::NotFoundError(absl::StrCat(what, " 不存在"));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SiteIdentity> GetSiteIdentity(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> r,
      tx.QueryOptional(absl::StrCat("SELECT ", kIdentityCols,
                                    " FROM site_identity WHERE id = 1")));
  if (!r) return SiteIdentity{};
  return SiteIdentity{.site_name = r->Text(0),
                      .sponsor = r->Text(1),
                      .organizer = r->Text(2),
                      .phone = r->Text(3),
                      .address = r->Text(4),
                      .email = r->Text(5),
                      .id_code = r->Text(6),
                      .icp = r->Text(7),
                      .police = r->Text(8),
                      .mark_url = r->Text(9),
                      .mark_blob = r->Text(10),
                      .mark_type = r->Text(11),
                      .police_blob = r->Text(12),
                      .police_type = r->Text(13),
                      .updated_at = r->Text(14)};
}

absl::Status PutSiteIdentity(db::Tx& tx, const SiteIdentity& s) {
  return tx
      .Exec(absl::StrCat(
                "INSERT INTO site_identity (id, ", kIdentityCols,
                ") VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET site_name = "
                "excluded.site_name, sponsor = excluded.sponsor, organizer = "
                "excluded.organizer, phone = excluded.phone, address = "
                "excluded.address, email = excluded.email, id_code = "
                "excluded.id_code, icp = excluded.icp, police = "
                "excluded.police, mark_url = excluded.mark_url, mark_blob = "
                "excluded.mark_blob, mark_type = excluded.mark_type, "
                "police_blob = excluded.police_blob, police_type = "
                "excluded.police_type, updated_at = excluded.updated_at"),
            {s.site_name, s.sponsor, s.organizer, s.phone, s.address, s.email,
             s.id_code, s.icp, s.police, s.mark_url, s.mark_blob, s.mark_type,
             s.police_blob, s.police_type, s.updated_at})
      .status();
}

absl::StatusOr<UnitProfile> GetProfile(db::Tx& tx, int64_t unit_id) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> r,
      tx.QueryOptional("SELECT departments, duties_html, address, phone, fax, "
                       "email, office_hours, updated_at FROM unit_profiles "
                       "WHERE unit_id = ?",
                       {unit_id}));
  UnitProfile p{.unit_id = unit_id};
  if (r) {
    p.departments = r->Text(0);
    p.duties_html = r->Text(1);
    p.address = r->Text(2);
    p.phone = r->Text(3);
    p.fax = r->Text(4);
    p.email = r->Text(5);
    p.office_hours = r->Text(6);
    p.updated_at = r->Text(7);
  }
  ZWGK_ASSIGN_OR_RETURN(
      db::Result leaders,
      tx.Query(absl::StrCat("SELECT ", kLeaderCols,
                            " FROM unit_leaders WHERE unit_id = ? "
                            "ORDER BY position, id"),
               {unit_id}));
  for (const db::Row& row : leaders.rows) p.leaders.push_back(RowToLeader(row));
  if (!r && p.leaders.empty())
    return absl::NotFoundError(absl::StrCat("单位 #", unit_id, " 的概况信息"));
  return p;
}

absl::Status PutProfile(db::Tx& tx, const UnitProfile& p) {
  return tx
      .Exec(
          "INSERT INTO unit_profiles (unit_id, departments, duties_html, "
          "address, phone, fax, email, office_hours, updated_at) VALUES (?, "
          "?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (unit_id) DO UPDATE SET "
          "departments = excluded.departments, duties_html = "
          "excluded.duties_html, address = excluded.address, phone = "
          "excluded.phone, fax = excluded.fax, email = excluded.email, "
          "office_hours = excluded.office_hours, updated_at = "
          "excluded.updated_at",
          {p.unit_id, p.departments, p.duties_html, p.address, p.phone, p.fax,
           p.email, p.office_hours, p.updated_at})
      .status();
}

absl::StatusOr<std::vector<int64_t>> ProfileUnitIds(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query("SELECT unit_id FROM unit_profiles UNION SELECT unit_id FROM "
               "unit_leaders ORDER BY 1"));
  std::vector<int64_t> out;
  for (const db::Row& row : r.rows) out.push_back(row.Int(0));
  return out;
}

absl::StatusOr<Leader> GetLeader(db::Tx& tx, int64_t unit_id, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row r,
      tx.QueryOne(absl::StrCat("SELECT ", kLeaderCols,
                               " FROM unit_leaders WHERE unit_id = ? AND "
                               "id = ?"),
                  {unit_id, id}, absl::StrCat("负责人 #", id)));
  return RowToLeader(r);
}

absl::StatusOr<int64_t> CountLeaders(db::Tx& tx, int64_t unit_id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row r,
      tx.QueryOne("SELECT COUNT(*) FROM unit_leaders WHERE unit_id = ?",
                  {unit_id}, "负责人"));
  return r.Int(0);
}

absl::StatusOr<int64_t> InsertLeader(db::Tx& tx, const Leader& l,
                                     absl::string_view now) {
  return tx.Insert(
      "INSERT INTO unit_leaders (unit_id, position, name, title, resume, "
      "portfolio, photo_blob, photo_type, created_at) VALUES (?, ?, ?, ?, ?, "
      "?, ?, ?, ?) RETURNING id",
      {l.unit_id, int64_t{l.position}, l.name, l.title, l.resume, l.portfolio,
       l.photo_blob, l.photo_type, std::string(now)});
}

absl::Status UpdateLeader(db::Tx& tx, const Leader& l) {
  return ChangedOne(
      tx.Exec("UPDATE unit_leaders SET position = ?, name = ?, title = ?, "
              "resume = ?, portfolio = ?, photo_blob = ?, photo_type = ? "
              "WHERE unit_id = ? AND id = ?",
              {int64_t{l.position}, l.name, l.title, l.resume, l.portfolio,
               l.photo_blob, l.photo_type, l.unit_id, l.id}),
      absl::StrCat("负责人 #", l.id));
}

absl::Status DeleteLeader(db::Tx& tx, int64_t unit_id, int64_t id) {
  return ChangedOne(
      tx.Exec("DELETE FROM unit_leaders WHERE unit_id = ? AND id = ?",
              {unit_id, id}),
      absl::StrCat("负责人 #", id));
}

}  // namespace zwgk::org::store
