// The consultations' SQL (the catalog's is in catalog_store.cc).
#include "decisions/store.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/date.h"
#include "nlohmann/json.hpp"

namespace zwgk::decisions::store {
namespace {

constexpr char kConsultationCols[] =
    "id, decision_id, unit_id, title, body, explanation, sections_json, "
    "opens_on, closes_on, short_reason, recorded, allow_anonymous, "
    "feedback_published_at, feedback_note, created_by, created_at";

constexpr char kCommentCols[] =
    "id, consultation_id, name, phone, email, section, body, state, "
    "moderation_reason, moderated_by, moderated_at, adoption, "
    "adoption_reason, duplicate_of, channel, received_on, text_hash, "
    "source_hash, created_at";

std::string SectionsJson(const std::vector<std::string>& sections) {
  return nlohmann::json(sections).dump();
}

std::vector<std::string> ParseSections(const std::string& text) {
  std::vector<std::string> out;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

absl::CivilDay DayOr(const std::string& text) {
  return ParseDay(text).value_or(absl::CivilDay());
}

Consultation RowToConsultation(const db::Row& r) {
  return Consultation{.id = r.Int(0),
                      .decision_id = r.OptInt(1),
                      .unit_id = r.Int(2),
                      .title = r.Text(3),
                      .body = r.Text(4),
                      .explanation = r.Text(5),
                      .sections = ParseSections(r.Text(6)),
                      .opens_on = DayOr(r.Text(7)),
                      .closes_on = DayOr(r.Text(8)),
                      .short_reason = r.Text(9),
                      .recorded = r.Bool(10),
                      .allow_anonymous = r.Bool(11),
                      .feedback_published_at = r.OptText(12),
                      .feedback_note = r.Text(13),
                      .created_at = r.Text(15),
                      .created_by = r.Text(14)};
}

Comment RowToComment(const db::Row& r) {
  return Comment{
      .id = r.Int(0),
      .consultation_id = r.Int(1),
      .name = r.Text(2),
      .phone = r.Text(3),
      .email = r.Text(4),
      .section = r.Text(5),
      .text = r.Text(6),
      .state = ParseCommentState(r.Text(7)).value_or(CommentState::kPending),
      .moderation_reason = r.Text(8),
      .moderated_by = r.Text(9),
      .moderated_at = r.Text(10),
      .adoption = ParseAdoption(r.Text(11)).value_or(Adoption::kNone),
      .adoption_reason = r.Text(12),
      .duplicate_of = r.OptInt(13),
      .created_at = r.Text(18),
      .channel = r.Text(14),
      .received_on = r.Text(15),
      .text_hash = r.Text(16),
      .source_hash = r.Text(17)};
}

// Fills in the window changes of `list` in one query.
absl::Status AddWindowChanges(db::Tx& tx, std::vector<Consultation>& list) {
  if (list.empty()) return absl::OkStatus();
  std::map<int64_t, Consultation*> by_id;
  std::string in;
  std::vector<db::Value> params;
  for (Consultation& c : list) {
    by_id[c.id] = &c;
    absl::StrAppend(&in, in.empty() ? "?" : ", ?");
    params.push_back(c.id);
  }
  auto rows = tx.Query(
      absl::StrCat("SELECT consultation_id, from_on, to_on, reason, "
                   "changed_by, changed_at FROM consultation_window_changes "
                   "WHERE consultation_id IN (",
                   in, ") ORDER BY id"),
      params);
  if (!rows.ok()) return rows.status();
  for (const db::Row& r : rows->rows) {
    auto it = by_id.find(r.Int(0));
    if (it == by_id.end()) continue;
    it->second->extensions.push_back(WindowChange{.from = DayOr(r.Text(1)),
                                                  .to = DayOr(r.Text(2)),
                                                  .reason = r.Text(3),
                                                  .by = r.Text(4),
                                                  .at = r.Text(5)});
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Consultation>> QueryConsultations(
    db::Tx& tx, absl::string_view where_and_order,
    const std::vector<db::Value>& params) {
  auto rows = tx.Query(absl::StrCat("SELECT ", kConsultationCols,
                                    " FROM consultations ", where_and_order),
                       params);
  if (!rows.ok()) return rows.status();
  std::vector<Consultation> out;
  out.reserve(rows->rows.size());
  for (const db::Row& r : rows->rows) out.push_back(RowToConsultation(r));
  if (absl::Status s = AddWindowChanges(tx, out); !s.ok()) return s;
  return out;
}

}  // namespace

absl::StatusOr<std::vector<Consultation>> ConsultationsOfDecision(
    db::Tx& tx, int64_t decision_id) {
  return QueryConsultations(tx, "WHERE decision_id = ? ORDER BY opens_on, id",
                            {decision_id});
}

absl::StatusOr<int64_t> CountComments(db::Tx& tx, int64_t consultation_id) {
  auto row = tx.QueryOne(
      "SELECT COUNT(*) FROM consultation_comments WHERE consultation_id = ?",
      {consultation_id}, "comments");
  if (!row.ok()) return row.status();
  return row->Int(0);
}

absl::StatusOr<int64_t> InsertConsultation(db::Tx& tx, const Consultation& c,
                                           absl::string_view now) {
  return tx.Insert(
      "INSERT INTO consultations (decision_id, unit_id, title, body, "
      "explanation, sections_json, opens_on, closes_on, short_reason, "
      "recorded, allow_anonymous, feedback_published_at, feedback_note, "
      "created_by, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {db::OrNull(c.decision_id), c.unit_id, c.title, c.body, c.explanation,
       SectionsJson(c.sections), FormatDate(c.opens_on),
       FormatDate(c.closes_on), c.short_reason, int64_t{c.recorded},
       int64_t{c.allow_anonymous}, db::OrNull(c.feedback_published_at),
       c.feedback_note, c.created_by, std::string(now), std::string(now)});
}

absl::Status UpdateConsultation(db::Tx& tx, const Consultation& c,
                                absl::string_view now) {
  auto n = tx.Exec(
      "UPDATE consultations SET decision_id = ?, title = ?, body = ?, "
      "explanation = ?, sections_json = ?, closes_on = ?, short_reason = ?, "
      "allow_anonymous = ?, feedback_published_at = ?, feedback_note = ?, "
      "updated_at = ? WHERE id = ?",
      {db::OrNull(c.decision_id), c.title, c.body, c.explanation,
       SectionsJson(c.sections), FormatDate(c.closes_on), c.short_reason,
       int64_t{c.allow_anonymous}, db::OrNull(c.feedback_published_at),
       c.feedback_note, std::string(now), c.id});
  if (!n.ok()) return n.status();
  if (*n == 0) return absl::NotFoundError("未找到该征求意见");
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Consultation>> GetConsultation(db::Tx& tx,
                                                            int64_t id) {
  auto list = QueryConsultations(tx, "WHERE id = ?", {id});
  if (!list.ok()) return list.status();
  if (list->empty()) return std::nullopt;
  return std::move(list->front());
}

absl::StatusOr<std::vector<Consultation>> ListConsultations(
    db::Tx& tx, const ConsultationQuery& q) {
  std::string where = "WHERE 1 = 1";
  std::vector<db::Value> params;
  if (q.unit_id) {
    where += " AND unit_id = ?";
    params.push_back(*q.unit_id);
  }
  if (q.window) {
    const std::string today = FormatDate(q.today);
    switch (*q.window) {
      case WindowState::kRecorded:
        where += " AND recorded = 1";
        break;
      case WindowState::kNotYetOpen:
        where += " AND recorded = 0 AND opens_on > ?";
        params.push_back(today);
        break;
      case WindowState::kOpen:
        where += " AND recorded = 0 AND opens_on <= ? AND closes_on >= ?";
        params.push_back(today);
        params.push_back(today);
        break;
      case WindowState::kClosed:
        where += " AND recorded = 0 AND closes_on < ?";
        params.push_back(today);
        break;
    }
  }
  params.push_back(int64_t{q.limit});
  params.push_back(int64_t{q.offset});
  return QueryConsultations(
      tx,
      absl::StrCat(where, " ORDER BY opens_on DESC, id DESC LIMIT ? OFFSET ?"),
      params);
}

absl::Status InsertWindowChange(db::Tx& tx, int64_t consultation_id,
                                const WindowChange& w) {
  auto id = tx.Insert(
      "INSERT INTO consultation_window_changes (consultation_id, from_on, "
      "to_on, reason, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {consultation_id, FormatDate(w.from), FormatDate(w.to), w.reason, w.by,
       w.at});
  return id.status();
}

absl::StatusOr<int64_t> InsertComment(db::Tx& tx, const Comment& c) {
  return tx.Insert(
      "INSERT INTO consultation_comments (consultation_id, name, phone, "
      "email, section, body, state, moderation_reason, moderated_by, "
      "moderated_at, adoption, adoption_reason, duplicate_of, channel, "
      "received_on, text_hash, source_hash, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "
      "id",
      {c.consultation_id, c.name, c.phone, c.email, c.section, c.text,
       std::string(CommentStateName(c.state)), c.moderation_reason,
       c.moderated_by, c.moderated_at, std::string(AdoptionName(c.adoption)),
       c.adoption_reason, db::OrNull(c.duplicate_of), c.channel, c.received_on,
       c.text_hash, c.source_hash, c.created_at});
}

absl::Status UpdateComment(db::Tx& tx, const Comment& c) {
  auto n = tx.Exec(
      "UPDATE consultation_comments SET state = ?, moderation_reason = ?, "
      "moderated_by = ?, moderated_at = ?, adoption = ?, adoption_reason = ?, "
      "duplicate_of = ? WHERE id = ? AND consultation_id = ?",
      {std::string(CommentStateName(c.state)), c.moderation_reason,
       c.moderated_by, c.moderated_at, std::string(AdoptionName(c.adoption)),
       c.adoption_reason, db::OrNull(c.duplicate_of), c.id, c.consultation_id});
  if (!n.ok()) return n.status();
  if (*n == 0) return absl::NotFoundError("未找到该意见");
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Comment>> GetComment(db::Tx& tx,
                                                  int64_t consultation_id,
                                                  int64_t comment_id) {
  auto row = tx.QueryOptional(
      absl::StrCat("SELECT ", kCommentCols,
                   " FROM consultation_comments WHERE id = ? AND "
                   "consultation_id = ?"),
      {comment_id, consultation_id});
  if (!row.ok()) return row.status();
  if (!*row) return std::nullopt;
  return RowToComment(**row);
}

absl::StatusOr<std::vector<Comment>> CommentsOf(
    db::Tx& tx, int64_t consultation_id, std::optional<CommentState> only) {
  std::string sql = absl::StrCat("SELECT ", kCommentCols,
                                 " FROM consultation_comments WHERE "
                                 "consultation_id = ?");
  std::vector<db::Value> params = {consultation_id};
  if (only) {
    sql += " AND state = ?";
    params.push_back(std::string(CommentStateName(*only)));
  }
  sql += " ORDER BY id";
  auto rows = tx.Query(sql, params);
  if (!rows.ok()) return rows.status();
  std::vector<Comment> out;
  out.reserve(rows->rows.size());
  for (const db::Row& r : rows->rows) out.push_back(RowToComment(r));
  return out;
}

absl::StatusOr<int64_t> CountFromSource(db::Tx& tx, int64_t consultation_id,
                                        absl::string_view source_hash,
                                        absl::string_view since) {
  auto row = tx.QueryOne(
      "SELECT COUNT(*) FROM consultation_comments WHERE consultation_id = ? "
      "AND source_hash = ? AND created_at >= ?",
      {consultation_id, std::string(source_hash), std::string(since)},
      "comments");
  if (!row.ok()) return row.status();
  return row->Int(0);
}

absl::StatusOr<bool> HasTextHash(db::Tx& tx, int64_t consultation_id,
                                 absl::string_view text_hash) {
  auto row = tx.QueryOptional(
      "SELECT id FROM consultation_comments WHERE consultation_id = ? AND "
      "text_hash = ? LIMIT 1",
      {consultation_id, std::string(text_hash)});
  if (!row.ok()) return row.status();
  return row->has_value();
}

}  // namespace zwgk::decisions::store
