#include "applications/store.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/clock.h"
#include "core/status.h"

namespace zwgk::applications::store {
namespace {

constexpr absl::string_view kColumns =
    "id, tracking_number, query_code_hash, unit_id, channel, state, "
    "applicant_type, category, applicant_name, id_type, id_number, "
    "credit_code, legal_representative, contact, phone, address, email, "
    "applicant_key, description, doc_number, delivery_form, delivery_way, "
    "arrived_at, received_on, reply_type, reply_ground, reply_text, "
    "concluded_on, due_on, created_at, created_by";

db::Value Day(const std::optional<absl::CivilDay>& d) {
  if (!d) return nullptr;
  return absl::FormatCivilTime(*d);
}

std::optional<absl::CivilDay> OptDay(const db::Row& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return ParseDay(r.Text(i));
}

StoredApplication FromRow(const db::Row& r) {
  StoredApplication a;
  a.id = r.Int(0);
  a.tracking_number = r.Text(1);
  a.query_code_hash = r.Text(2);
  a.unit_id = r.Int(3);
  a.channel = ParseChannel(r.Text(4)).value_or(Channel::kOnline);
  a.state = ParseState(r.Text(5)).value_or(State::kPendingConfirmation);
  Applicant& p = a.applicant;
  p.type = r.Text(6) == "organization" ? ApplicantType::kOrganization
                                       : ApplicantType::kNaturalPerson;
  p.category =
      p.type == ApplicantType::kOrganization
          ? ParseOrgCategory(r.Text(7)).value_or(ApplicantCategory::kOther)
          : ApplicantCategory::kNaturalPerson;
  p.name = r.Text(8);
  p.id_type = ParseIdType(r.Text(9)).value_or(IdType::kOther);
  p.id_number = r.Text(10);
  p.credit_code = r.Text(11);
  p.legal_representative = r.Text(12);
  p.contact = r.Text(13);
  p.phone = r.Text(14);
  p.address = r.Text(15);
  p.email = r.Text(16);
  a.applicant_key = r.Text(17);
  a.description = r.Text(18);
  a.doc_number = r.Text(19);
  a.delivery_form =
      ParseDeliveryForm(r.Text(20)).value_or(DeliveryForm::kPaper);
  a.delivery_way = r.Text(21);
  a.arrived_at = r.Text(22);
  a.received_on = OptDay(r, 23);
  if (!r.IsNull(24)) a.reply_type = ParseReplyType(r.Text(24));
  if (!r.IsNull(25)) a.ground = ParseGround(r.Text(25));
  a.reply_text = r.Text(26);
  a.concluded_on = OptDay(r, 27);
  a.due_on = OptDay(r, 28);
  a.created_at = r.Text(29);
  a.created_by = r.Text(30);
  return a;
}

absl::StatusOr<std::vector<StoredApplication>> Rows(
    db::Tx& tx, const std::string& sql, const std::vector<db::Value>& params) {
  ZWGK_ASSIGN_OR_RETURN(db::Result r, tx.Query(sql, params));
  std::vector<StoredApplication> out;
  out.reserve(r.rows.size());
  for (const db::Row& row : r.rows) out.push_back(FromRow(row));
  return out;
}

// The event in columns id, kind, on_day, data, actor, created_at from
// `first` on.
Event EventFromRow(const db::Row& row, size_t first) {
  Event e;
  e.id = row.Int(first);
  e.kind = row.Text(first + 1);
  e.on = ParseDay(row.Text(first + 2)).value_or(absl::CivilDay());
  e.data = nlohmann::json::parse(row.Text(first + 3), nullptr, false);
  if (e.data.is_discarded()) e.data = nlohmann::json::object();
  e.actor = row.Text(first + 4);
  e.created_at = row.Text(first + 5);
  return e;
}

// The applications matching `where` (over columns of `applications a`) and
// their event logs, in two queries whatever their number.
absl::StatusOr<std::vector<ClockRow>> ClockRows(
    db::Tx& tx, const std::string& where,
    const std::vector<db::Value>& params) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result apps,
      tx.Query(absl::StrCat("SELECT a.id, a.unit_id, a.tracking_number, "
                            "a.received_on, a.concluded_on, a.due_on FROM "
                            "applications a WHERE ",
                            where, " ORDER BY a.id"),
               params));
  std::vector<ClockRow> out;
  out.reserve(apps.rows.size());
  std::map<int64_t, size_t> at;
  for (const db::Row& r : apps.rows) {
    at[r.Int(0)] = out.size();
    out.push_back({.id = r.Int(0),
                   .unit_id = r.Int(1),
                   .tracking_number = r.Text(2),
                   .received_on = OptDay(r, 3),
                   .concluded_on = OptDay(r, 4),
                   .due_on = OptDay(r, 5)});
  }
  if (out.empty()) return out;
  ZWGK_ASSIGN_OR_RETURN(
      db::Result events,
      tx.Query(absl::StrCat("SELECT e.application_id, e.id, e.kind, e.on_day, "
                            "e.data, e.actor, e.created_at FROM "
                            "application_events e WHERE e.application_id IN "
                            "(SELECT a.id FROM applications a WHERE ",
                            where, ") ORDER BY e.application_id, e.id"),
               params));
  for (const db::Row& r : events.rows) {
    auto it = at.find(r.Int(0));
    if (it != at.end()) out[it->second].events.push_back(EventFromRow(r, 1));
  }
  return out;
}

}  // namespace

absl::StatusOr<int64_t> Insert(db::Tx& tx, const StoredApplication& a) {
  const Applicant& p = a.applicant;
  return tx.Insert(
      "INSERT INTO applications (query_code_hash, unit_id, channel, state, "
      "applicant_type, category, applicant_name, id_type, id_number, "
      "credit_code, legal_representative, contact, phone, address, email, "
      "applicant_key, description, doc_number, delivery_form, delivery_way, "
      "arrived_at, received_on, created_at, created_by) VALUES (?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "
      "id",
      {a.query_code_hash,
       a.unit_id,
       std::string(ChannelName(a.channel)),
       std::string(StateName(a.state)),
       std::string(ApplicantTypeName(p.type)),
       std::string(CategoryName(p.category)),
       p.name,
       p.type == ApplicantType::kNaturalPerson
           ? std::string(IdTypeName(p.id_type))
           : std::string(),
       p.id_number,
       p.credit_code,
       p.legal_representative,
       p.contact,
       p.phone,
       p.address,
       p.email,
       a.applicant_key,
       a.description,
       a.doc_number,
       std::string(DeliveryFormName(a.delivery_form)),
       a.delivery_way,
       a.arrived_at,
       Day(a.received_on),
       a.created_at,
       a.created_by});
}

absl::Status SetTrackingNumber(db::Tx& tx, int64_t id,
                               const std::string& number) {
  return tx
      .Exec("UPDATE applications SET tracking_number = ? WHERE id = ?",
            {number, id})
      .status();
}

absl::StatusOr<StoredApplication> Get(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row row, tx.QueryOne(absl::StrCat("SELECT ", kColumns,
                                            " FROM applications WHERE id = ?"),
                               {id}, absl::StrCat("申请 ", id)));
  return FromRow(row);
}

absl::StatusOr<StoredApplication> GetByTracking(db::Tx& tx,
                                                absl::string_view number) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row row,
      tx.QueryOne(absl::StrCat("SELECT ", kColumns,
                               " FROM applications WHERE tracking_number = ?"),
                  {std::string(number)}, "申请"));
  return FromRow(row);
}

absl::StatusOr<std::vector<StoredApplication>> List(db::Tx& tx,
                                                    const StoreFilter& f) {
  std::string sql =
      absl::StrCat("SELECT ", kColumns, " FROM applications WHERE 1 = 1");
  std::vector<db::Value> params;
  if (f.state) {
    absl::StrAppend(&sql, " AND state = ?");
    params.push_back(std::string(StateName(*f.state)));
  }
  if (f.unit_id) {
    absl::StrAppend(&sql, " AND unit_id = ?");
    params.push_back(*f.unit_id);
  }
  if (f.tracking_number) {
    absl::StrAppend(&sql, " AND tracking_number = ?");
    params.push_back(*f.tracking_number);
  }
  if (f.open_only) {
    absl::StrAppend(&sql, " AND state IN (");
    bool first = true;
    for (State s : kAllStates) {
      if (!IsOpen(s)) continue;
      absl::StrAppend(&sql, first ? "" : ", ", "'", StateName(s), "'");
      first = false;
    }
    absl::StrAppend(&sql, ")");
  }
  absl::StrAppend(&sql, " ORDER BY id DESC LIMIT ?");
  params.push_back(static_cast<int64_t>(f.limit));
  return Rows(tx, sql, params);
}

absl::StatusOr<std::vector<StoredApplication>> ReceivedThrough(
    db::Tx& tx, absl::CivilDay last, std::optional<int64_t> unit_id) {
  std::string sql =
      absl::StrCat("SELECT ", kColumns,
                   " FROM applications WHERE received_on IS NOT NULL AND "
                   "received_on <= ?");
  std::vector<db::Value> params = {absl::FormatCivilTime(last)};
  if (unit_id) {
    absl::StrAppend(&sql, " AND unit_id = ?");
    params.push_back(*unit_id);
  }
  absl::StrAppend(&sql, " ORDER BY id");
  return Rows(tx, sql, params);
}

absl::Status Update(db::Tx& tx, const StoredApplication& a) {
  db::Value type = nullptr, ground = nullptr;
  if (a.reply_type) type = std::string(ReplyTypeName(*a.reply_type));
  if (a.ground) ground = std::string(GroundName(*a.ground));
  return tx
      .Exec(
          "UPDATE applications SET state = ?, received_on = ?, reply_type = "
          "?, reply_ground = ?, reply_text = ?, concluded_on = ?, due_on = ? "
          "WHERE id = ?",
          {std::string(StateName(a.state)), Day(a.received_on), type, ground,
           a.reply_text, Day(a.concluded_on), Day(a.due_on), a.id})
      .status();
}

absl::Status UpdateDue(db::Tx& tx, int64_t id,
                       std::optional<absl::CivilDay> due) {
  return tx
      .Exec("UPDATE applications SET due_on = ? WHERE id = ?", {Day(due), id})
      .status();
}

absl::StatusOr<int64_t> AppendEvent(db::Tx& tx, int64_t app_id,
                                    const Event& e) {
  return tx.Insert(
      "INSERT INTO application_events (application_id, kind, on_day, data, "
      "actor, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {app_id, e.kind, absl::FormatCivilTime(e.on), e.data.dump(), e.actor,
       e.created_at});
}

absl::StatusOr<std::vector<Event>> Events(db::Tx& tx, int64_t app_id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query("SELECT id, kind, on_day, data, actor, created_at FROM "
               "application_events WHERE application_id = ? ORDER BY id",
               {app_id}));
  std::vector<Event> out;
  for (const db::Row& row : r.rows) out.push_back(EventFromRow(row, 0));
  return out;
}

absl::StatusOr<std::vector<ClockRow>> OpenOn(db::Tx& tx, absl::CivilDay as_of,
                                             absl::CivilDay due_by,
                                             std::optional<int64_t> unit_id) {
  // Open now, or concluded only after as_of: two index ranges of
  // applications_concluded (an OR would scan the table).
  std::vector<ClockRow> out;
  for (const char* concluded :
       {"a.concluded_on IS NULL", "a.concluded_on > ?"}) {
    std::string where = absl::StrCat(
        concluded,
        " AND a.received_on IS NOT NULL AND a.received_on <= ? AND (a.due_on "
        "IS NULL OR a.due_on <= ?)");
    std::vector<db::Value> params;
    if (absl::StrContains(concluded, "?"))
      params.push_back(absl::FormatCivilTime(as_of));
    params.push_back(absl::FormatCivilTime(as_of));
    params.push_back(absl::FormatCivilTime(due_by));
    if (unit_id) {
      absl::StrAppend(&where, " AND a.unit_id = ?");
      params.push_back(*unit_id);
    }
    ZWGK_ASSIGN_OR_RETURN(std::vector<ClockRow> rows,
                          ClockRows(tx, where, params));
    for (ClockRow& r : rows) out.push_back(std::move(r));
  }
  return out;
}

absl::StatusOr<std::vector<ClockRow>> RepliedAfterDue(
    db::Tx& tx, absl::CivilDay from, absl::CivilDay to,
    std::optional<int64_t> unit_id) {
  std::string where =
      "a.concluded_on >= ? AND a.concluded_on <= ? AND a.reply_type IS NOT "
      "NULL AND a.due_on IS NOT NULL AND a.concluded_on > a.due_on";
  std::vector<db::Value> params = {absl::FormatCivilTime(from),
                                   absl::FormatCivilTime(to)};
  if (unit_id) {
    absl::StrAppend(&where, " AND a.unit_id = ?");
    params.push_back(*unit_id);
  }
  return ClockRows(tx, where, params);
}

absl::StatusOr<std::vector<OutcomeCount>> Outcomes(
    db::Tx& tx, absl::CivilDay from, absl::CivilDay to,
    std::optional<int64_t> unit_id) {
  std::string sql =
      "SELECT COALESCE(reply_type, ''), COUNT(*) FROM applications WHERE "
      "concluded_on >= ? AND concluded_on <= ?";
  std::vector<db::Value> params = {absl::FormatCivilTime(from),
                                   absl::FormatCivilTime(to)};
  if (unit_id) {
    absl::StrAppend(&sql, " AND unit_id = ?");
    params.push_back(*unit_id);
  }
  absl::StrAppend(&sql, " GROUP BY COALESCE(reply_type, '')");
  ZWGK_ASSIGN_OR_RETURN(db::Result r, tx.Query(sql, params));
  std::vector<OutcomeCount> out;
  for (const db::Row& row : r.rows)
    out.push_back({.reply_type = row.Text(0), .count = row.Int(1)});
  return out;
}

absl::StatusOr<int> CountForApplicant(db::Tx& tx, const std::string& key,
                                      int64_t unit_id, absl::CivilDay from,
                                      absl::CivilDay to, int64_t up_to_id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row row,
      tx.QueryOne("SELECT COUNT(*) FROM applications WHERE applicant_key = ? "
                  "AND unit_id = ? AND received_on >= ? AND received_on <= ? "
                  "AND id <= ?",
                  {key, unit_id, absl::FormatCivilTime(from),
                   absl::FormatCivilTime(to), up_to_id},
                  "count"));
  return static_cast<int>(row.Int(0));
}

absl::StatusOr<int64_t> AddAttachment(db::Tx& tx, int64_t app_id,
                                      const Attachment& a) {
  return tx.Insert(
      "INSERT INTO application_attachments (application_id, name, "
      "content_type, sha256, size, created_at, created_by) VALUES (?, ?, ?, "
      "?, ?, ?, ?) RETURNING id",
      {app_id, a.name, a.content_type, a.sha256, a.size, a.created_at,
       a.created_by});
}

absl::StatusOr<std::vector<Attachment>> Attachments(db::Tx& tx,
                                                    int64_t app_id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query("SELECT id, name, content_type, sha256, size, created_at, "
               "created_by FROM application_attachments WHERE "
               "application_id = ? ORDER BY id",
               {app_id}));
  std::vector<Attachment> out;
  for (const db::Row& row : r.rows) {
    out.push_back({.id = row.Int(0),
                   .name = row.Text(1),
                   .content_type = row.Text(2),
                   .sha256 = row.Text(3),
                   .size = row.Int(4),
                   .created_at = row.Text(5),
                   .created_by = row.Text(6)});
  }
  return out;
}

absl::Status AddSelfServed(db::Tx& tx, std::optional<int64_t> unit_id,
                           const std::string& query,
                           const std::string& record_id,
                           const std::string& at) {
  return tx
      .Exec(
          "INSERT INTO application_self_served (unit_id, query, record_id, "
          "created_at) VALUES (?, ?, ?, ?)",
          {db::OrNull(unit_id), query, record_id, at})
      .status();
}

absl::Status AddSelfServeOffer(db::Tx& tx, const std::string& token_hash,
                               const SelfServeOffer& offer,
                               const std::string& at,
                               const std::string& expired_before) {
  ZWGK_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM application_self_serve_offers WHERE issued_at < ?",
              {expired_before})
          .status());
  return tx
      .Exec(
          "INSERT INTO application_self_serve_offers (token_hash, unit_id, "
          "query, issued_at) VALUES (?, ?, ?, ?)",
          {token_hash, db::OrNull(offer.unit_id), offer.query, at})
      .status();
}

absl::StatusOr<std::optional<SelfServeOffer>> UseSelfServeOffer(
    db::Tx& tx, const std::string& token_hash, const std::string& at,
    const std::string& issued_since) {
  // One conditional UPDATE: of concurrent uses of one token, exactly one
  // changes the row (PostgreSQL re-checks used_at after the row lock).
  ZWGK_ASSIGN_OR_RETURN(
      int64_t used,
      tx.Exec("UPDATE application_self_serve_offers SET used_at = ? WHERE "
              "token_hash = ? AND used_at IS NULL AND issued_at >= ?",
              {at, token_hash, issued_since}));
  if (used != 1) return std::nullopt;
  ZWGK_ASSIGN_OR_RETURN(
      db::Row row,
      tx.QueryOne("SELECT unit_id, query FROM application_self_serve_offers "
                  "WHERE token_hash = ?",
                  {token_hash}, "offer"));
  return SelfServeOffer{.unit_id = row.OptInt(0), .query = row.Text(1)};
}

absl::StatusOr<int64_t> CountSelfServed(db::Tx& tx,
                                        const std::string& year_prefix,
                                        std::optional<int64_t> unit_id) {
  std::string sql =
      "SELECT COUNT(*) FROM application_self_served WHERE created_at LIKE ?";
  std::vector<db::Value> params = {year_prefix + "%"};
  if (unit_id) {
    sql += " AND unit_id = ?";
    params.push_back(*unit_id);
  }
  ZWGK_ASSIGN_OR_RETURN(db::Row row, tx.QueryOne(sql, params, "count"));
  return row.Int(0);
}

}  // namespace zwgk::applications::store
