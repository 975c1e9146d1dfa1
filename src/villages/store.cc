#include "villages/store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/date.h"
#include "core/status.h"

namespace zwgk::villages::store {
namespace {

constexpr char kPostingCols[] =
    "id, village_id, kind, period_year, period_cadence, period_index, title, "
    "body, state, posted_on, created_by, created_at, updated_at";
constexpr char kPhotoCols[] =
    "blob_key, file_name, content_type, size, uploaded_at, taken_at, "
    "uploaded_by";
// Bound lists are chunked below SQLite's smallest parameter limit.
constexpr size_t kChunk = 500;

absl::string_view StateName(PostingState s) {
  switch (s) {
    case PostingState::kDraft:
      return "draft";
    case PostingState::kPublished:
      return "published";
    case PostingState::kWithdrawn:
      return "withdrawn";
  }
  return "draft";
}

PostingState ParseState(absl::string_view s) {
  if (s == "published") return PostingState::kPublished;
  if (s == "withdrawn") return PostingState::kWithdrawn;
  return PostingState::kDraft;
}

Posting RowToPosting(const db::Row& r) {
  Posting p{.id = r.Int(0),
            .village_id = r.Int(1),
            .kind = ParseKind(r.Text(2)).value_or(Kind::kVillage),
            .title = r.Text(6),
            .body = r.Text(7),
            .state = ParseState(r.Text(8)),
            .created_by = r.Text(10),
            .created_at = r.Text(11),
            .updated_at = r.Text(12)};
  if (!r.IsNull(3)) {
    p.period = Period{.year = static_cast<int>(r.Int(3)),
                      .cadence = r.Text(4) == "monthly" ? Cadence::kMonthly
                                                        : Cadence::kQuarterly,
                      .index = static_cast<int>(r.Int(5))};
  }
  if (std::optional<std::string> on = r.OptText(9)) {
    if (absl::StatusOr<absl::CivilDay> d = ParseDate(*on); d.ok())
      p.posted_on = *d;
  }
  return p;
}

db::Value CadenceValue(const std::optional<Period>& p) {
  if (!p) return nullptr;
  return std::string(p->cadence == Cadence::kMonthly ? "monthly" : "quarterly");
}
db::Value YearValue(const std::optional<Period>& p) {
  if (!p) return nullptr;
  return int64_t{p->year};
}
db::Value IndexValue(const std::optional<Period>& p) {
  if (!p) return nullptr;
  return int64_t{p->index};
}

std::string Placeholders(size_t n) {
  std::vector<absl::string_view> q(n, "?");
  return absl::StrJoin(q, ", ");
}

absl::StatusOr<std::vector<Posting>> Postings(db::Tx& tx,
                                              absl::string_view where,
                                              const std::vector<db::Value>& a) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query(absl::StrCat("SELECT ", kPostingCols,
                            " FROM village_postings WHERE ", where),
               a));
  std::vector<Posting> out;
  for (const db::Row& row : r.rows) out.push_back(RowToPosting(row));
  return out;
}

}  // namespace

absl::StatusOr<Posting> GetPosting(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row r,
      tx.QueryOne(absl::StrCat("SELECT ", kPostingCols,
                               " FROM village_postings WHERE id = ?"),
                  {id}, absl::StrCat("公开事项 #", id)));
  return RowToPosting(r);
}

absl::StatusOr<std::vector<Posting>> ListPostings(db::Tx& tx,
                                                  int64_t village_id,
                                                  bool published_only) {
  return Postings(
      tx,
      absl::StrCat("village_id = ?",
                   published_only ? " AND state = 'published'" : "",
                   " ORDER BY period_year IS NULL, period_year DESC, "
                   "period_index DESC, posted_on DESC, id DESC"),
      {village_id});
}

absl::StatusOr<std::vector<Posting>> ListPublishedSince(
    db::Tx& tx, const std::vector<int64_t>& village_ids, int since_year) {
  if (village_ids.empty())
    return Postings(tx, "state = 'published' AND period_year >= ?",
                    {int64_t{since_year}});
  std::vector<Posting> out;
  for (size_t i = 0; i < village_ids.size(); i += kChunk) {
    const size_t n = std::min(kChunk, village_ids.size() - i);
    std::vector<db::Value> args;
    for (size_t j = 0; j < n; ++j) args.push_back(village_ids[i + j]);
    args.push_back(int64_t{since_year});
    ZWGK_ASSIGN_OR_RETURN(
        std::vector<Posting> part,
        Postings(tx,
                 absl::StrCat("state = 'published' AND village_id IN (",
                              Placeholders(n), ") AND period_year >= ?"),
                 args));
    for (Posting& p : part) out.push_back(std::move(p));
  }
  return out;
}

absl::StatusOr<std::optional<Posting>> FindPublished(db::Tx& tx,
                                                     int64_t village_id,
                                                     Kind kind,
                                                     const Period& period,
                                                     int64_t except_id) {
  std::optional<Period> p = period;
  ZWGK_ASSIGN_OR_RETURN(
      std::vector<Posting> found,
      Postings(tx,
               "village_id = ? AND kind = ? AND period_year = ? AND "
               "period_cadence = ? AND period_index = ? AND state = "
               "'published' AND id <> ? ORDER BY id LIMIT 1",
               {village_id, std::string(KindName(kind)), YearValue(p),
                CadenceValue(p), IndexValue(p), except_id}));
  if (found.empty()) return std::optional<Posting>();
  return std::optional<Posting>(std::move(found.front()));
}

absl::StatusOr<int64_t> InsertPosting(db::Tx& tx, const Posting& p) {
  return tx.Insert(
      "INSERT INTO village_postings (village_id, kind, period_year, "
      "period_cadence, period_index, title, body, state, created_by, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {p.village_id, std::string(KindName(p.kind)), YearValue(p.period),
       CadenceValue(p.period), IndexValue(p.period), p.title, p.body,
       std::string(StateName(p.state)), p.created_by, p.created_at,
       p.updated_at});
}

absl::Status UpdatePosting(db::Tx& tx, const Posting& p) {
  ZWGK_ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE village_postings SET kind = ?, period_year = ?, "
              "period_cadence = ?, period_index = ?, title = ?, body = ?, "
              "updated_at = ? WHERE id = ?",
              {std::string(KindName(p.kind)), YearValue(p.period),
               CadenceValue(p.period), IndexValue(p.period), p.title, p.body,
               p.updated_at, p.id}));
  if (n == 0) return absl::NotFoundError(absl::StrCat("公开事项 #", p.id));
  return absl::OkStatus();
}

absl::Status SetState(db::Tx& tx, int64_t id, PostingState state,
                      std::optional<absl::CivilDay> posted_on,
                      absl::string_view reason, absl::string_view now) {
  db::Value on = nullptr;
  if (posted_on) on = FormatDate(*posted_on);
  ZWGK_ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE village_postings SET state = ?, posted_on = ?, "
              "withdrawn_reason = ?, updated_at = ? WHERE id = ?",
              {std::string(StateName(state)), on, std::string(reason),
               std::string(now), id}));
  if (n == 0) return absl::NotFoundError(absl::StrCat("公开事项 #", id));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Photo>> ListPhotos(db::Tx& tx, int64_t posting_id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query(absl::StrCat("SELECT ", kPhotoCols,
                            " FROM village_photos WHERE posting_id = ? "
                            "ORDER BY id"),
               {posting_id}));
  std::vector<Photo> out;
  for (const db::Row& row : r.rows) {
    out.push_back(Photo{.blob_key = row.Text(0),
                        .file_name = row.Text(1),
                        .content_type = row.Text(2),
                        .size = row.Int(3),
                        .uploaded_at = row.Text(4),
                        .taken_at = row.OptText(5),
                        .uploaded_by = row.Text(6)});
  }
  return out;
}

absl::StatusOr<std::map<int64_t, int>> CountPhotos(
    db::Tx& tx, const std::vector<int64_t>& posting_ids) {
  std::map<int64_t, int> out;
  for (size_t i = 0; i < posting_ids.size(); i += kChunk) {
    const size_t n = std::min(kChunk, posting_ids.size() - i);
    std::vector<db::Value> args;
    for (size_t j = 0; j < n; ++j) args.push_back(posting_ids[i + j]);
    ZWGK_ASSIGN_OR_RETURN(
        db::Result r,
        tx.Query(absl::StrCat("SELECT posting_id, COUNT(*) FROM village_photos "
                              "WHERE posting_id IN (",
                              Placeholders(n), ") GROUP BY posting_id"),
                 args));
    for (const db::Row& row : r.rows)
      out[row.Int(0)] = static_cast<int>(row.Int(1));
  }
  return out;
}

absl::Status InsertPhoto(db::Tx& tx, int64_t posting_id, const Photo& photo) {
  return tx
      .Insert(
          "INSERT INTO village_photos (posting_id, blob_key, file_name, "
          "content_type, size, uploaded_at, taken_at, uploaded_by) VALUES (?, "
          "?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {posting_id, photo.blob_key, photo.file_name, photo.content_type,
           photo.size, photo.uploaded_at, db::OrNull(photo.taken_at),
           photo.uploaded_by})
      .status();
}

absl::StatusOr<std::optional<int>> GetDueDays(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> r,
      tx.QueryOptional(
          "SELECT due_working_days FROM village_settings WHERE id = 1"));
  if (!r) return std::optional<int>();
  return std::optional<int>(static_cast<int>(r->Int(0)));
}

absl::Status PutDueDays(db::Tx& tx, int days) {
  return tx
      .Exec(
          "INSERT INTO village_settings (id, due_working_days) VALUES (1, ?) "
          "ON CONFLICT (id) DO UPDATE SET due_working_days = "
          "excluded.due_working_days",
          {int64_t{days}})
      .status();
}

absl::StatusOr<std::map<int64_t, bool>> GetFinanceMonthly(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(db::Result r,
                        tx.Query("SELECT village_id, finance_monthly FROM "
                                 "village_finance_cadence"));
  std::map<int64_t, bool> out;
  for (const db::Row& row : r.rows) out[row.Int(0)] = row.Bool(1);
  return out;
}

absl::Status PutFinanceMonthly(db::Tx& tx, int64_t village_id, bool monthly) {
  return tx
      .Exec(
          "INSERT INTO village_finance_cadence (village_id, finance_monthly) "
          "VALUES (?, ?) ON CONFLICT (village_id) DO UPDATE SET "
          "finance_monthly = excluded.finance_monthly",
          {village_id, int64_t{monthly ? 1 : 0}})
      .status();
}

}  // namespace zwgk::villages::store
