#include "concerns/store.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/clock.h"
#include "core/status.h"

namespace zwgk::concerns::store {
namespace {

constexpr absl::string_view kColumns =
    "id, title, source, kind, unit_id, seen_at, due_at, press_due_at, notes, "
    "created_by, created_at";

absl::Time At(const db::Row& r, size_t i) {
  return ParseTimestamp(r.Text(i)).value_or(absl::UnixEpoch());
}

Concern FromRow(const db::Row& r) {
  Concern c;
  c.id = r.Int(0);
  c.title = r.Text(1);
  c.source = ParseSource(r.Text(2)).value_or(Source::kOther);
  c.kind = ParseKind(r.Text(3)).value_or(Kind::kGeneral);
  c.unit_id = r.Int(4);
  c.seen_at = At(r, 5);
  const std::vector<Obligation> owed = ObligationsOf(c.kind);
  c.due.push_back({.obligation = owed.front(), .due_at = At(r, 6)});
  if (c.kind == Kind::kMajor && !r.IsNull(7))
    c.due.push_back(
        {.obligation = Obligation::kPressConference, .due_at = At(r, 7)});
  c.notes = r.Text(8);
  c.created_by = r.Text(9);
  c.created_at = r.Text(10);
  return c;
}

// Fills the responses of `concerns` (one query).
absl::Status AddResponses(db::Tx& tx, std::vector<Concern>& concerns) {
  if (concerns.empty()) return absl::OkStatus();
  std::map<int64_t, Concern*> by_id;
  std::vector<db::Value> ids;
  std::vector<std::string> marks;
  for (Concern& c : concerns) {
    by_id[c.id] = &c;
    ids.push_back(c.id);
    marks.push_back("?");
  }
  ZWGK_ASSIGN_OR_RETURN(
      db::Result rows,
      tx.Query(absl::StrCat("SELECT id, concern_id, record_id, obligation, "
                            "linked_by, linked_at FROM concern_responses "
                            "WHERE concern_id IN (",
                            absl::StrJoin(marks, ", "), ") ORDER BY id"),
               ids));
  for (const db::Row& r : rows.rows) {
    auto it = by_id.find(r.Int(1));
    if (it == by_id.end()) continue;
    it->second->responses.push_back(
        {.id = r.Int(0),
         .record_id = r.Int(2),
         .obligation =
             ParseObligation(r.Text(3)).value_or(Obligation::kResponse),
         .linked_by = r.Text(4),
         .linked_at = r.Text(5)});
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<int64_t> Insert(db::Tx& tx, const Concern& c,
                               absl::string_view now) {
  db::Value press = nullptr;
  for (const Due& d : c.due) {
    if (d.obligation == Obligation::kPressConference)
      press = FormatTimestamp(d.due_at);
  }
  return tx.Insert(
      "INSERT INTO concerns (title, source, kind, unit_id, seen_at, due_at, "
      "press_due_at, notes, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?) RETURNING id",
      {c.title, std::string(SourceName(c.source)),
       std::string(KindName(c.kind)), c.unit_id, FormatTimestamp(c.seen_at),
       FormatTimestamp(c.due.front().due_at), press, c.notes, c.created_by,
       std::string(now)});
}

absl::StatusOr<Concern> Get(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(db::Row row,
                        tx.QueryOne(absl::StrCat("SELECT ", kColumns,
                                                 " FROM concerns WHERE id = ?"),
                                    {id}, "关切不存在"));
  std::vector<Concern> one{FromRow(row)};
  ZWGK_RETURN_IF_ERROR(AddResponses(tx, one));
  return std::move(one.front());
}

absl::StatusOr<std::vector<Concern>> List(db::Tx& tx, const Filter& f) {
  std::string sql = absl::StrCat("SELECT ", kColumns, " FROM concerns c");
  std::vector<std::string> where;
  std::vector<db::Value> params;
  if (f.unit_id) {
    where.push_back("unit_id = ?");
    params.push_back(*f.unit_id);
  }
  if (f.seen_from) {
    where.push_back("seen_at >= ?");
    params.push_back(FormatTimestamp(*f.seen_from));
  }
  if (f.seen_before) {
    where.push_back("seen_at < ?");
    params.push_back(FormatTimestamp(*f.seen_before));
  }
  if (f.with_responses_only)
    where.push_back(
        "EXISTS (SELECT 1 FROM concern_responses r WHERE r.concern_id = c.id)");
  if (!where.empty())
    absl::StrAppend(&sql, " WHERE ", absl::StrJoin(where, " AND "));
  absl::StrAppend(&sql, " ORDER BY seen_at DESC, id DESC LIMIT ",
                  std::max(1, f.limit));
  ZWGK_ASSIGN_OR_RETURN(db::Result rows, tx.Query(sql, params));
  std::vector<Concern> out;
  out.reserve(rows.rows.size());
  for (const db::Row& r : rows.rows) out.push_back(FromRow(r));
  ZWGK_RETURN_IF_ERROR(AddResponses(tx, out));
  return out;
}

absl::StatusOr<bool> ResponseExists(db::Tx& tx, int64_t concern_id,
                                    int64_t record_id, Obligation obligation) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> row,
      tx.QueryOptional(
          "SELECT id FROM concern_responses WHERE concern_id = ? "
          "AND record_id = ? AND obligation = ?",
          {concern_id, record_id, std::string(ObligationName(obligation))}));
  return row.has_value();
}

absl::StatusOr<int64_t> InsertResponse(db::Tx& tx, int64_t concern_id,
                                       const Response& r) {
  return tx.Insert(
      "INSERT INTO concern_responses (concern_id, record_id, obligation, "
      "linked_by, linked_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
      {concern_id, r.record_id, std::string(ObligationName(r.obligation)),
       r.linked_by, r.linked_at});
}

absl::StatusOr<Hours> GetHours(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result rows, tx.Query("SELECT obligation, hours FROM concern_hours"));
  Hours h;
  for (const db::Row& r : rows.rows) {
    const int hours = static_cast<int>(r.Int(1));
    switch (ParseObligation(r.Text(0)).value_or(Obligation::kResponse)) {
      case Obligation::kFirstInformation:
        h.first_information = hours;
        break;
      case Obligation::kPressConference:
        h.press_conference = hours;
        break;
      case Obligation::kResponse:
        h.response = hours;
        break;
    }
  }
  return h;
}

absl::Status SaveHours(db::Tx& tx, const Hours& h, absl::string_view by,
                       absl::string_view now) {
  for (Obligation o : {Obligation::kFirstInformation,
                       Obligation::kPressConference, Obligation::kResponse}) {
    ZWGK_RETURN_IF_ERROR(
        tx.Exec("DELETE FROM concern_hours WHERE obligation = ?",
                {std::string(ObligationName(o))})
            .status());
    ZWGK_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO concern_hours (obligation, hours, updated_by, "
                "updated_at) VALUES (?, ?, ?, ?)",
                {std::string(ObligationName(o)), int64_t{h.For(o)},
                 std::string(by), std::string(now)})
            .status());
  }
  return absl::OkStatus();
}

}  // namespace zwgk::concerns::store
