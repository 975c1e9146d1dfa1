// SQL of 保密审查 (issue 18): stored scans, reasons, masked attachments.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/status.h"
#include "publishing/store.h"

namespace zwgk::publishing::store {
namespace {

using db::Row;
using db::Value;

// "?, ?, ?" for `ids`, appended to `params`.
std::string Marks(const std::vector<int64_t>& ids, std::vector<Value>& params) {
  std::string marks;
  for (int64_t id : ids) {
    absl::StrAppend(&marks, params.empty() ? "?" : ", ?");
    params.push_back(id);
  }
  return marks;
}

// Findings of kinds with no reason, on published records.
constexpr absl::string_view kOpenFindings =
    " FROM pub_privacy_findings f JOIN pub_records r ON r.id = f.record_id "
    "WHERE r.status = 'published' AND NOT EXISTS (SELECT 1 FROM "
    "pub_privacy_reasons p WHERE p.record_id = f.record_id AND p.kind = "
    "f.kind)";

}  // namespace

absl::Status ReplacePrivacyScan(
    db::Tx& tx, int64_t record_id, absl::string_view scanned_at,
    const std::vector<PrivacyFinding>& findings,
    const std::vector<std::pair<std::string, std::string>>& not_scanned) {
  ZWGK_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM pub_privacy_findings WHERE record_id = ?",
              {record_id})
          .status());
  ZWGK_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM pub_privacy_not_scanned WHERE record_id = ?",
              {record_id})
          .status());
  ZWGK_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM pub_privacy_scans WHERE record_id = ?", {record_id})
          .status());
  ZWGK_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO pub_privacy_scans (record_id, scanned_at) VALUES "
              "(?, ?)",
              {record_id, std::string(scanned_at)})
          .status());
  for (const PrivacyFinding& f : findings)
    ZWGK_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO pub_privacy_findings (record_id, kind, source, "
                "attachment_id, place, preview, unlisted, scanned_at) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?)",
                {record_id, f.kind, f.source, db::OrNull(f.attachment_id),
                 f.place, f.preview, f.unlisted, std::string(scanned_at)})
            .status());
  for (const auto& [filename, reason] : not_scanned)
    ZWGK_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO pub_privacy_not_scanned (record_id, filename, "
                "reason) VALUES (?, ?, ?)",
                {record_id, filename, reason})
            .status());
  return absl::OkStatus();
}

absl::StatusOr<std::map<int64_t, StoredPrivacy>> PrivacyOf(
    db::Tx& tx, const std::vector<int64_t>& ids) {
  std::map<int64_t, StoredPrivacy> out;
  if (ids.empty()) return out;
  for (int64_t id : ids) out[id];
  std::vector<Value> params;
  std::string marks = Marks(ids, params);
  ZWGK_ASSIGN_OR_RETURN(
      db::Result scans,
      tx.Query(absl::StrCat("SELECT record_id, scanned_at FROM "
                            "pub_privacy_scans WHERE record_id IN (",
                            marks, ")"),
               params));
  for (const Row& row : scans.rows) out[row.Int(0)].scanned_at = row.Text(1);
  ZWGK_ASSIGN_OR_RETURN(
      db::Result findings,
      tx.Query(absl::StrCat("SELECT record_id, kind, source, attachment_id, "
                            "place, preview, unlisted FROM "
                            "pub_privacy_findings WHERE "
                            "record_id IN (",
                            marks, ") ORDER BY record_id, id"),
               params));
  for (const Row& row : findings.rows)
    out[row.Int(0)].findings.push_back({.kind = row.Text(1),
                                        .source = row.Text(2),
                                        .attachment_id = row.OptInt(3),
                                        .place = row.Text(4),
                                        .preview = row.Text(5),
                                        .unlisted = row.Int(6)});
  ZWGK_ASSIGN_OR_RETURN(
      db::Result unread,
      tx.Query(absl::StrCat("SELECT record_id, filename, reason FROM "
                            "pub_privacy_not_scanned WHERE record_id IN (",
                            marks, ")"),
               params));
  for (const Row& row : unread.rows)
    out[row.Int(0)].not_scanned.emplace_back(row.Text(1), row.Text(2));
  ZWGK_ASSIGN_OR_RETURN(
      db::Result reasons,
      tx.Query(absl::StrCat("SELECT record_id, kind, reason, given_by, "
                            "given_at FROM pub_privacy_reasons WHERE "
                            "record_id IN (",
                            marks, ")"),
               params));
  for (const Row& row : reasons.rows)
    out[row.Int(0)].reasons[row.Text(1)] = {
        .reason = row.Text(2), .by = row.Text(3), .at = row.Text(4)};
  return out;
}

absl::Status SetPrivacyReason(db::Tx& tx, int64_t record_id,
                              absl::string_view kind, const PrivacyReason& r) {
  ZWGK_RETURN_IF_ERROR(
      tx.Exec(
            "DELETE FROM pub_privacy_reasons WHERE record_id = ? AND kind = ?",
            {record_id, std::string(kind)})
          .status());
  return tx
      .Exec(
          "INSERT INTO pub_privacy_reasons (record_id, kind, reason, "
          "given_by, given_at) VALUES (?, ?, ?, ?, ?)",
          {record_id, std::string(kind), r.reason, r.by, r.at})
      .status();
}

absl::StatusOr<Attachment> AddMaskedAttachment(db::Tx& tx, int64_t record_id,
                                               int64_t original_id,
                                               Attachment copy) {
  ZWGK_ASSIGN_OR_RETURN(
      Row pos,
      tx.QueryOne("SELECT position FROM pub_attachments WHERE id = ? AND "
                  "record_id = ?",
                  {original_id, record_id}, "附件不存在"));
  copy.original_of = original_id;
  copy.is_public = true;
  ZWGK_ASSIGN_OR_RETURN(
      copy.id,
      tx.Insert("INSERT INTO pub_attachments (record_id, filename, "
                "content_type, sha256, size, position, original_of, "
                "is_public) VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
                {record_id, copy.filename, copy.content_type, copy.sha256,
                 copy.size, pos.Int(0), original_id}));
  ZWGK_RETURN_IF_ERROR(
      SetAttachmentPublic(tx, record_id, original_id, /*is_public=*/false));
  return copy;
}

absl::Status SetAttachmentPublic(db::Tx& tx, int64_t record_id,
                                 int64_t attachment_id, bool is_public) {
  ZWGK_ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE pub_attachments SET is_public = ? WHERE id = "
              "? AND record_id = ?",
              {int64_t{is_public ? 1 : 0}, attachment_id, record_id}));
  if (n == 0) return absl::NotFoundError("附件不存在");
  return absl::OkStatus();
}

absl::Status SetVersionText(db::Tx& tx, int64_t record_id, int version,
                            absl::string_view title,
                            absl::string_view body_html) {
  return tx
      .Exec(
          "UPDATE pub_versions SET title = ?, body_html = ? WHERE "
          "record_id = ? AND version = ?",
          {std::string(title), std::string(body_html), record_id,
           int64_t{version}})
      .status();
}

absl::StatusOr<std::vector<int64_t>> PublishedIds(db::Tx& tx, int64_t after_id,
                                                  int limit) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result rows,
      tx.Query("SELECT id FROM pub_records WHERE status = 'published' AND "
               "id > ? ORDER BY id LIMIT ?",
               {after_id, int64_t{limit}}));
  std::vector<int64_t> out;
  out.reserve(rows.rows.size());
  for (const Row& row : rows.rows) out.push_back(row.Int(0));
  return out;
}

absl::StatusOr<int64_t> CountPublished(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      Row row,
      tx.QueryOne("SELECT COUNT(*) FROM pub_records WHERE status = 'published'",
                  {}, "count"));
  return row.Int(0);
}

absl::StatusOr<std::vector<int64_t>> OpenPrivacyIds(
    db::Tx& tx, std::optional<int64_t> unit_id, int limit) {
  std::vector<Value> params;
  std::string sql = absl::StrCat(
      "SELECT r.id, MAX(r.published_at)", kOpenFindings,
      unit_id ? " AND r.unit_id = ?" : "",
      " GROUP BY r.id ORDER BY MAX(r.published_at) DESC, r.id DESC LIMIT ?");
  if (unit_id) params.push_back(*unit_id);
  params.push_back(int64_t{limit});
  ZWGK_ASSIGN_OR_RETURN(db::Result rows, tx.Query(sql, params));
  std::vector<int64_t> out;
  for (const Row& row : rows.rows) out.push_back(row.Int(0));
  return out;
}

absl::StatusOr<std::map<int64_t, int64_t>> OpenPrivacyCounts(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result rows,
      tx.Query(absl::StrCat("SELECT r.unit_id, COUNT(DISTINCT r.id)",
                            kOpenFindings, " GROUP BY r.unit_id")));
  std::map<int64_t, int64_t> out;
  for (const Row& row : rows.rows) out[row.Int(0)] = row.Int(1);
  return out;
}

}  // namespace zwgk::publishing::store
