#include "reports/store.h"

#include "absl/strings/str_cat.h"
#include "core/status.h"

namespace zwgk::reports::store {
namespace {

constexpr char kColumns[] =
    "id, year, unit_id, version, state, overview, problems, other, "
    "entered_json, figures_json, note, review_comment, record_id, "
    "created_by, created_at, updated_by, updated_at, submitted_at, "
    "published_at";

Report FromRow(const db::Row& row) {
  Report r;
  r.id = row.Int(0);
  r.year = static_cast<int>(row.Int(1));
  r.unit_id = row.Int(2);
  r.version = static_cast<int>(row.Int(3));
  r.state = ParseState(row.Text(4)).value_or(State::kDraft);
  r.texts = {row.Text(5), row.Text(6), row.Text(7)};
  r.entered =
      EnteredFromJson(nlohmann::json::parse(row.Text(8), nullptr, false));
  if (!row.IsNull(9)) {
    // Frozen figures that no longer parse stay absent: the checks then run
    // on nothing and the page says the stored table is damaged.
    r.frozen =
        FiguresFromJson(nlohmann::json::parse(row.Text(9), nullptr, false));
  }
  r.note = row.Text(10);
  r.review_comment = row.Text(11);
  r.record_id = row.OptInt(12);
  r.created_by = row.Text(13);
  r.created_at = row.Text(14);
  r.updated_by = row.Text(15);
  r.updated_at = row.Text(16);
  r.submitted_at = row.Text(17);
  r.published_at = row.Text(18);
  return r;
}

absl::StatusOr<std::vector<Report>> Many(db::Tx& tx, const std::string& sql,
                                         const std::vector<db::Value>& p) {
  ZWGK_ASSIGN_OR_RETURN(db::Result res, tx.Query(sql, p));
  std::vector<Report> out;
  for (const db::Row& row : res.rows) out.push_back(FromRow(row));
  return out;
}

db::Value Frozen(const Report& r) {
  if (!r.frozen) return nullptr;
  return ToJson(*r.frozen).dump();
}

db::Value OrNullText(const std::string& s) {
  if (s.empty()) return nullptr;
  return s;
}

}  // namespace

absl::StatusOr<std::optional<Report>> Latest(db::Tx& tx, int year,
                                             int64_t unit_id) {
  ZWGK_ASSIGN_OR_RETURN(
      std::vector<Report> rows,
      Many(tx,
           absl::StrCat("SELECT ", kColumns,
                        " FROM reports WHERE year = ? AND unit_id = ? "
                        "ORDER BY version DESC LIMIT 1"),
           {int64_t{year}, unit_id}));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

absl::StatusOr<std::optional<Report>> LatestPublished(db::Tx& tx, int year,
                                                      int64_t unit_id) {
  ZWGK_ASSIGN_OR_RETURN(
      std::vector<Report> rows,
      Many(tx,
           absl::StrCat("SELECT ", kColumns,
                        " FROM reports WHERE year = ? AND unit_id = ? AND "
                        "state = 'published' ORDER BY version DESC LIMIT 1"),
           {int64_t{year}, unit_id}));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

absl::StatusOr<Report> Get(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(db::Row row,
                        tx.QueryOne(absl::StrCat("SELECT ", kColumns,
                                                 " FROM reports WHERE id = ?"),
                                    {id}, "年报不存在"));
  return FromRow(row);
}

absl::StatusOr<std::vector<Report>> Versions(db::Tx& tx, int year,
                                             int64_t unit_id) {
  return Many(tx,
              absl::StrCat("SELECT ", kColumns,
                           " FROM reports WHERE year = ? AND unit_id = ? "
                           "ORDER BY version"),
              {int64_t{year}, unit_id});
}

absl::StatusOr<std::vector<Report>> ListYear(db::Tx& tx, int year) {
  return Many(tx,
              absl::StrCat("SELECT ", kColumns,
                           " FROM reports r WHERE year = ? AND version = "
                           "(SELECT MAX(version) FROM reports v WHERE "
                           "v.year = r.year AND v.unit_id = r.unit_id) "
                           "ORDER BY unit_id"),
              {int64_t{year}});
}

absl::StatusOr<std::vector<int>> PublishedYears(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result res,
      tx.Query("SELECT DISTINCT year FROM reports WHERE state = 'published' "
               "ORDER BY year DESC"));
  std::vector<int> out;
  for (const db::Row& row : res.rows)
    out.push_back(static_cast<int>(row.Int(0)));
  return out;
}

absl::StatusOr<int64_t> Insert(db::Tx& tx, const Report& r) {
  return tx.Insert(
      "INSERT INTO reports (year, unit_id, version, state, overview, "
      "problems, other, entered_json, figures_json, note, review_comment, "
      "record_id, created_by, created_at, updated_by, updated_at, "
      "submitted_at, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {int64_t{r.year}, r.unit_id, int64_t{r.version},
       std::string(StateName(r.state)), r.texts[0], r.texts[1], r.texts[2],
       EnteredToJson(r.entered).dump(), Frozen(r), r.note, r.review_comment,
       db::OrNull(r.record_id), r.created_by, r.created_at, r.updated_by,
       r.updated_at, OrNullText(r.submitted_at), OrNullText(r.published_at)});
}

absl::Status Update(db::Tx& tx, const Report& r) {
  ZWGK_ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec(
          "UPDATE reports SET state = ?, overview = ?, problems = ?, "
          "other = ?, entered_json = ?, figures_json = ?, note = ?, "
          "review_comment = ?, record_id = ?, updated_by = ?, "
          "updated_at = ?, submitted_at = ?, published_at = ? "
          "WHERE id = ?",
          {std::string(StateName(r.state)), r.texts[0], r.texts[1], r.texts[2],
           EnteredToJson(r.entered).dump(), Frozen(r), r.note, r.review_comment,
           db::OrNull(r.record_id), r.updated_by, r.updated_at,
           OrNullText(r.submitted_at), OrNullText(r.published_at), r.id}));
  if (n == 0) return absl::NotFoundError("年报不存在");
  return absl::OkStatus();
}

}  // namespace zwgk::reports::store
