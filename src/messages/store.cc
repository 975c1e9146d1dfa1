#include "messages/store.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/date.h"
#include "core/status.h"

namespace zwgk::messages::store {
namespace {

constexpr absl::string_view kColumns =
    "id, tracking_number, query_code_hash, type, unit_id, title, text, name, "
    "phone, email, publish_consent, arrived_on, arrived_at, clock_from, "
    "due_days, due_on, state, reply_text, draft_on, drafted_by_id, "
    "replied_by, replied_on, reviewed_by, review_remarks, publish_requested, "
    "published, public_title, public_text, public_reply, published_at, "
    "unpublish_reason, rating, rating_comment, source_hash";

constexpr absl::string_view kOpen =
    "state IN ('unrouted', 'handling', 'reviewing')";

db::Value Day(absl::CivilDay d) { return FormatDate(d); }
db::Value Day(const std::optional<absl::CivilDay>& d) {
  if (!d) return nullptr;
  return FormatDate(*d);
}

absl::CivilDay ReqDay(const db::Row& r, size_t i) {
  return ParseDay(r.Text(i)).value_or(absl::CivilDay(1970, 1, 1));
}
std::optional<absl::CivilDay> OptDay(const db::Row& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return ParseDay(r.Text(i));
}

Message FromRow(const db::Row& r) {
  Message m;
  m.id = r.Int(0);
  m.tracking_number = r.Text(1);
  m.query_code_hash = r.Text(2);
  m.type = ParseType(r.Text(3)).value_or(MessageType::kConsult);
  m.unit_id = r.OptInt(4);
  m.title = r.Text(5);
  m.text = r.Text(6);
  m.name = r.Text(7);
  m.phone = r.Text(8);
  m.email = r.Text(9);
  m.publish_consent = r.Bool(10);
  m.arrived_on = ReqDay(r, 11);
  m.arrived_at = r.Text(12);
  m.clock_from = ReqDay(r, 13);
  m.due_days = static_cast<int>(r.Int(14));
  m.due_on = ReqDay(r, 15);
  m.state = ParseState(r.Text(16)).value_or(MessageState::kHandling);
  m.reply_text = r.Text(17);
  m.draft_on = OptDay(r, 18);
  m.drafted_by_id = r.Int(19);
  m.replied_by = r.Text(20);
  m.replied_on = OptDay(r, 21);
  m.reviewed_by = r.Text(22);
  m.review_remarks = r.Text(23);
  m.publish_requested = r.Bool(24);
  m.published = r.Bool(25);
  m.public_title = r.Text(26);
  m.public_text = r.Text(27);
  m.public_reply = r.Text(28);
  m.published_at = r.OptText(29);
  m.unpublish_reason = r.Text(30);
  if (!r.IsNull(31)) m.rating = static_cast<int>(r.Int(31));
  m.rating_comment = r.Text(32);
  m.source_hash = r.Text(33);
  return m;
}

absl::StatusOr<std::vector<Message>> Rows(db::Tx& tx, absl::string_view where,
                                          const std::vector<db::Value>& params,
                                          absl::string_view tail) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query(absl::StrCat("SELECT ", kColumns, " FROM messages WHERE ", where,
                            " ", tail),
               params));
  std::vector<Message> out;
  out.reserve(r.rows.size());
  for (const db::Row& row : r.rows) out.push_back(FromRow(row));
  return out;
}

// " AND unit_id = ?" (or IS NULL for unit 0) when a unit is asked for.
void UnitClause(std::optional<int64_t> unit_id, std::string& where,
                std::vector<db::Value>& params) {
  if (!unit_id) return;
  if (*unit_id == 0) {
    absl::StrAppend(&where, " AND unit_id IS NULL");
  } else {
    absl::StrAppend(&where, " AND unit_id = ?");
    params.push_back(*unit_id);
  }
}

// `text` for a LIKE pattern with ESCAPE '!': its wildcards taken literally.
std::string LikePattern(absl::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '!') out.push_back('!');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

}  // namespace

absl::StatusOr<int64_t> Insert(db::Tx& tx, const Message& m) {
  return tx.Insert(
      "INSERT INTO messages (query_code_hash, type, unit_id, title, text, "
      "name, phone, email, publish_consent, arrived_on, arrived_at, "
      "clock_from, due_days, due_on, state, source_hash, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?) RETURNING id",
      {m.query_code_hash, std::string(TypeName(m.type)), db::OrNull(m.unit_id),
       m.title, m.text, m.name, m.phone, m.email,
       int64_t{m.publish_consent ? 1 : 0}, Day(m.arrived_on), m.arrived_at,
       Day(m.clock_from), int64_t{m.due_days}, Day(m.due_on),
       std::string(StateName(m.state)), m.source_hash, m.arrived_at,
       m.arrived_at});
}

absl::Status SetTrackingNumber(db::Tx& tx, int64_t id,
                               absl::string_view number) {
  return tx
      .Exec("UPDATE messages SET tracking_number = ? WHERE id = ?",
            {std::string(number), id})
      .status();
}

namespace {
absl::Status LoadTransfers(db::Tx& tx, Message& m) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query("SELECT from_unit_id, to_unit_id, on_day, restart, reason, "
               "by_name, at FROM message_transfers WHERE message_id = ? "
               "ORDER BY id",
               {m.id}));
  for (const db::Row& row : r.rows) {
    m.transfers.push_back({.from_unit = row.OptInt(0),
                           .to_unit = row.Int(1),
                           .on = ReqDay(row, 2),
                           .restart = row.Bool(3),
                           .reason = row.Text(4),
                           .by = row.Text(5),
                           .at = row.Text(6)});
  }
  return absl::OkStatus();
}
}  // namespace

absl::StatusOr<Message> Get(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row row, tx.QueryOne(absl::StrCat("SELECT ", kColumns,
                                            " FROM messages WHERE id = ?"),
                               {id}, absl::StrCat("留言 ", id, " 不存在")));
  Message m = FromRow(row);
  ZWGK_RETURN_IF_ERROR(LoadTransfers(tx, m));
  return m;
}

absl::StatusOr<Message> GetByTracking(db::Tx& tx, absl::string_view number) {
  ZWGK_ASSIGN_OR_RETURN(db::Row row,
                        tx.QueryOne(absl::StrCat("SELECT ", kColumns,
                                                 " FROM messages WHERE "
                                                 "tracking_number = ?"),
                                    {std::string(number)}, "留言不存在"));
  Message m = FromRow(row);
  ZWGK_RETURN_IF_ERROR(LoadTransfers(tx, m));
  return m;
}

absl::Status Update(db::Tx& tx, const Message& m, absl::string_view now) {
  return tx
      .Exec(
          "UPDATE messages SET unit_id = ?, clock_from = ?, due_on = ?, "
          "state = ?, reply_text = ?, draft_on = ?, drafted_by_id = ?, "
          "replied_by = ?, replied_on = ?, reviewed_by = ?, review_remarks = "
          "?, publish_requested = ?, published = ?, public_title = ?, "
          "public_text = ?, public_reply = ?, published_at = ?, "
          "unpublish_reason = ?, rating = ?, rating_comment = ?, updated_at = "
          "? WHERE id = ?",
          {db::OrNull(m.unit_id),
           Day(m.clock_from),
           Day(m.due_on),
           std::string(StateName(m.state)),
           m.reply_text,
           Day(m.draft_on),
           m.drafted_by_id,
           m.replied_by,
           Day(m.replied_on),
           m.reviewed_by,
           m.review_remarks,
           int64_t{m.publish_requested ? 1 : 0},
           int64_t{m.published ? 1 : 0},
           m.public_title,
           m.public_text,
           m.public_reply,
           db::OrNull(m.published_at),
           m.unpublish_reason,
           m.rating ? db::Value(int64_t{*m.rating}) : db::Value(nullptr),
           m.rating_comment,
           std::string(now),
           m.id})
      .status();
}

absl::Status InsertTransfer(db::Tx& tx, int64_t message_id, const Transfer& t) {
  return tx
      .Insert(
          "INSERT INTO message_transfers (message_id, from_unit_id, "
          "to_unit_id, on_day, restart, reason, by_name, at) VALUES (?, ?, ?, "
          "?, ?, ?, ?, ?) RETURNING id",
          {message_id, db::OrNull(t.from_unit), t.to_unit, Day(t.on),
           int64_t{t.restart ? 1 : 0}, t.reason, t.by, t.at})
      .status();
}

absl::StatusOr<int64_t> CountFromSource(db::Tx& tx, absl::string_view hash,
                                        absl::string_view since) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row row,
      tx.QueryOne("SELECT COUNT(*) FROM messages WHERE source_hash = ? AND "
                  "arrived_at >= ?",
                  {std::string(hash), std::string(since)}, "count"));
  return row.Int(0);
}

absl::StatusOr<bool> SameTextExists(db::Tx& tx, absl::string_view hash,
                                    absl::CivilDay day,
                                    absl::string_view text) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> row,
      tx.QueryOptional("SELECT id FROM messages WHERE source_hash = ? AND "
                       "arrived_on = ? AND text = ? LIMIT 1",
                       {std::string(hash), Day(day), std::string(text)}));
  return row.has_value();
}

absl::StatusOr<std::vector<Message>> List(db::Tx& tx, const StoreFilter& f) {
  std::string where = "1 = 1";
  std::vector<db::Value> params;
  if (f.state) {
    absl::StrAppend(&where, " AND state = ?");
    params.push_back(std::string(StateName(*f.state)));
  }
  UnitClause(f.unit_id, where, params);
  if (f.type) {
    absl::StrAppend(&where, " AND type = ?");
    params.push_back(std::string(TypeName(*f.type)));
  }
  if (f.due_before) {
    absl::StrAppend(&where, " AND ", kOpen, " AND due_on < ?");
    params.push_back(Day(*f.due_before));
  }
  if (f.arrived_by) {
    absl::StrAppend(&where, " AND ", kOpen, " AND arrived_on <= ?");
    params.push_back(Day(*f.arrived_by));
  }
  params.push_back(int64_t{f.limit});
  params.push_back(int64_t{f.offset});
  return Rows(tx, where, params, "ORDER BY id DESC LIMIT ? OFFSET ?");
}

absl::StatusOr<std::vector<Message>> ListPublished(db::Tx& tx,
                                                   const PublishedFilter& f) {
  std::string where = "published = 1";
  std::vector<db::Value> params;
  if (f.unit_id) {
    absl::StrAppend(&where, " AND unit_id = ?");
    params.push_back(*f.unit_id);
  }
  if (f.type) {
    absl::StrAppend(&where, " AND type = ?");
    params.push_back(std::string(TypeName(*f.type)));
  }
  if (!f.q.empty()) {
    absl::StrAppend(&where,
                    " AND (public_title LIKE ? ESCAPE '!' OR public_text LIKE "
                    "? ESCAPE '!' OR public_reply LIKE ? ESCAPE '!')");
    const std::string like = LikePattern(f.q);
    params.insert(params.end(), {like, like, like});
  }
  params.push_back(int64_t{f.limit});
  params.push_back(int64_t{f.offset});
  return Rows(tx, where, params,
              "ORDER BY published_at DESC, id DESC LIMIT ? OFFSET ?");
}

absl::StatusOr<PublishedFacts> PublishedFactsBefore(db::Tx& tx,
                                                    absl::string_view until) {
  constexpr char kWhere[] =
      " FROM messages WHERE published = 1 AND "
      "published_at < ?";
  ZWGK_ASSIGN_OR_RETURN(db::Row count,
                        tx.QueryOne(absl::StrCat("SELECT COUNT(*)", kWhere),
                                    {std::string(until)}, "count"));
  PublishedFacts out{.count = count.Int(0)};
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

absl::StatusOr<std::vector<std::pair<int64_t, std::string>>> PublishedIds(
    db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query("SELECT id, published_at FROM messages WHERE published = 1 "
               "ORDER BY published_at, id"));
  std::vector<std::pair<int64_t, std::string>> out;
  out.reserve(r.rows.size());
  for (const db::Row& row : r.rows) out.emplace_back(row.Int(0), row.Text(1));
  return out;
}

absl::StatusOr<std::vector<Message>> OpenDueBefore(
    db::Tx& tx, absl::CivilDay day, std::optional<int64_t> unit_id) {
  std::string where = absl::StrCat(kOpen, " AND due_on < ?");
  std::vector<db::Value> params = {Day(day)};
  UnitClause(unit_id, where, params);
  return Rows(tx, where, params, "ORDER BY due_on, id");
}

absl::StatusOr<std::vector<Message>> OpenArrivedBy(
    db::Tx& tx, absl::CivilDay day, std::optional<int64_t> unit_id) {
  std::string where = absl::StrCat(kOpen, " AND arrived_on <= ?");
  std::vector<db::Value> params = {Day(day)};
  UnitClause(unit_id, where, params);
  return Rows(tx, where, params, "ORDER BY arrived_on, id");
}

absl::StatusOr<std::vector<Message>> RepliedLate(
    db::Tx& tx, absl::CivilDay from, absl::CivilDay to,
    std::optional<int64_t> unit_id) {
  std::string where =
      "state = 'replied' AND replied_on >= ? AND replied_on <= ? AND "
      "replied_on > due_on";
  std::vector<db::Value> params = {Day(from), Day(to)};
  UnitClause(unit_id, where, params);
  return Rows(tx, where, params, "ORDER BY replied_on, id");
}

absl::StatusOr<std::vector<Message>> Open(db::Tx& tx) {
  return Rows(tx, kOpen, {}, "ORDER BY id");
}

absl::Status SetDue(db::Tx& tx, int64_t id, absl::CivilDay due) {
  return tx.Exec("UPDATE messages SET due_on = ? WHERE id = ?", {Day(due), id})
      .status();
}

absl::StatusOr<std::vector<absl::CivilDay>> ArrivalDays(db::Tx& tx,
                                                        absl::CivilDay from,
                                                        absl::CivilDay to) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query("SELECT arrived_on FROM messages WHERE arrived_on >= ? AND "
               "arrived_on <= ?",
               {Day(from), Day(to)}));
  std::vector<absl::CivilDay> out;
  out.reserve(r.rows.size());
  for (const db::Row& row : r.rows) out.push_back(ReqDay(row, 0));
  return out;
}

absl::StatusOr<std::vector<Message>> RepliedIn(db::Tx& tx, absl::CivilDay from,
                                               absl::CivilDay to) {
  return Rows(tx, "state = 'replied' AND replied_on >= ? AND replied_on <= ?",
              {Day(from), Day(to)}, "ORDER BY replied_on, id");
}

absl::StatusOr<Deadlines> GetDeadlines(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(db::Result r,
                        tx.Query("SELECT type, days FROM message_deadlines"));
  Deadlines d;
  for (const db::Row& row : r.rows) {
    if (std::optional<MessageType> t = ParseType(row.Text(0)))
      d.days[*t] = static_cast<int>(row.Int(1));
  }
  return d;
}

absl::Status SaveDeadlines(db::Tx& tx, const Deadlines& d, absl::string_view by,
                           absl::string_view now) {
  for (MessageType t : AllTypes()) {
    ZWGK_RETURN_IF_ERROR(tx.Exec("DELETE FROM message_deadlines WHERE type = ?",
                                 {std::string(TypeName(t))})
                             .status());
    ZWGK_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO message_deadlines (type, days, updated_by, "
                "updated_at) VALUES (?, ?, ?, ?)",
                {std::string(TypeName(t)), int64_t{d.DaysFor(t)},
                 std::string(by), std::string(now)})
            .status());
  }
  return absl::OkStatus();
}

}  // namespace zwgk::messages::store
