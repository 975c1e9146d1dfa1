// The catalog's SQL (store.h, catalog section).
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/date.h"
#include "core/status.h"
#include "decisions/store.h"
#include "nlohmann/json.hpp"

namespace zwgk::decisions::store {
namespace {

constexpr char kDecisionCols[] =
    "id, year, unit_id, title, deciding_body, legal_basis, "
    "planned_consultation_on, planned_decision_on, state, resume_to, "
    "state_note, record_id, decided_on, published_on, created_at, updated_at";
// The same, qualified for queries joining other tables.
constexpr char kDecisionColsD[] =
    "d.id, d.year, d.unit_id, d.title, d.deciding_body, d.legal_basis, "
    "d.planned_consultation_on, d.planned_decision_on, d.state, d.resume_to, "
    "d.state_note, d.record_id, d.decided_on, d.published_on, d.created_at, "
    "d.updated_at";
constexpr char kEventCols[] =
    "id, decision_id, kind, held_on, title, summary, is_public, created_at, "
    "created_by";

std::optional<absl::CivilDay> OptDay(const db::Row& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return ParseDay(r.Text(i));
}

db::Value DayOrNull(const std::optional<absl::CivilDay>& d) {
  if (!d) return nullptr;
  return FormatDate(*d);
}

Decision RowToDecision(const db::Row& r) {
  Decision d{
      .id = r.Int(0),
      .year = static_cast<int>(r.Int(1)),
      .title = r.Text(3),
      .deciding_body = r.Text(4),
      .unit_id = r.Int(2),
      .legal_basis = r.Text(5),
      .planned_consultation_on = OptDay(r, 6),
      .planned_decision_on = OptDay(r, 7),
      .state = ParseDecisionState(r.Text(8)).value_or(DecisionState::kPlanned),
      .state_note = r.Text(10),
      .record_id = r.OptInt(11),
      .decided_on = OptDay(r, 12),
      .published_on = OptDay(r, 13),
      .created_at = r.Text(14),
      .updated_at = r.Text(15)};
  if (!r.IsNull(9)) d.resume_to = ParseDecisionState(r.Text(9));
  return d;
}

DecisionEvent RowToEvent(const db::Row& r) {
  return DecisionEvent{
      .id = r.Int(0),
      .decision_id = r.Int(1),
      .kind = ParseEventKind(r.Text(2)).value_or(EventKind::kOther),
      .on = ParseDay(r.Text(3)).value_or(absl::CivilDay(2000, 1, 1)),
      .title = r.Text(4),
      .summary = r.Text(5),
      .is_public = r.Bool(6),
      .created_at = r.Text(7),
      .created_by = r.Text(8)};
}

absl::Status AddDocuments(db::Tx& tx, std::vector<DecisionEvent>& events) {
  if (events.empty()) return absl::OkStatus();
  std::map<int64_t, DecisionEvent*> by_id;
  std::string marks;
  std::vector<db::Value> params;
  for (DecisionEvent& e : events) {
    by_id[e.id] = &e;
    absl::StrAppend(&marks, marks.empty() ? "?" : ", ?");
    params.push_back(e.id);
  }
  ZWGK_ASSIGN_OR_RETURN(
      db::Result res,
      tx.Query(absl::StrCat("SELECT event_id, name, blob_key, size, "
                            "content_type FROM decision_event_documents "
                            "WHERE event_id IN (",
                            marks, ") ORDER BY event_id, position"),
               params));
  for (const db::Row& r : res.rows)
    by_id[r.Int(0)]->documents.push_back({.name = r.Text(1),
                                          .blob_key = r.Text(2),
                                          .size = r.Int(3),
                                          .content_type = r.Text(4)});
  return absl::OkStatus();
}

std::string DayText(const std::optional<absl::CivilDay>& d) {
  return d ? FormatDate(*d) : "";
}

std::optional<absl::CivilDay> DayFromJson(const nlohmann::json& j,
                                          const char* key) {
  if (!j.contains(key) || !j[key].is_string()) return std::nullopt;
  return ParseDay(j[key].get<std::string>());
}

nlohmann::json DecisionToJson(const Decision& d) {
  nlohmann::json j = {
      {"id", d.id},
      {"year", d.year},
      {"title", d.title},
      {"deciding_body", d.deciding_body},
      {"unit_id", d.unit_id},
      {"unit_name", d.unit_name},
      {"legal_basis", d.legal_basis},
      {"planned_consultation_on", DayText(d.planned_consultation_on)},
      {"planned_decision_on", DayText(d.planned_decision_on)},
      {"state", DecisionStateName(d.state)},
      {"state_note", d.state_note},
      {"decided_on", DayText(d.decided_on)},
      {"published_on", DayText(d.published_on)}};
  if (d.record_id) j["record_id"] = *d.record_id;
  return j;
}

Decision DecisionFromJson(const nlohmann::json& j) {
  Decision d{
      .id = j.value("id", int64_t{0}),
      .year = j.value("year", 0),
      .title = j.value("title", ""),
      .deciding_body = j.value("deciding_body", ""),
      .unit_id = j.value("unit_id", int64_t{0}),
      .unit_name = j.value("unit_name", ""),
      .legal_basis = j.value("legal_basis", ""),
      .planned_consultation_on = DayFromJson(j, "planned_consultation_on"),
      .planned_decision_on = DayFromJson(j, "planned_decision_on"),
      .state = ParseDecisionState(j.value("state", ""))
                   .value_or(DecisionState::kPlanned),
      .state_note = j.value("state_note", ""),
      .decided_on = DayFromJson(j, "decided_on"),
      .published_on = DayFromJson(j, "published_on")};
  if (j.contains("record_id") && j["record_id"].is_number_integer())
    d.record_id = j["record_id"].get<int64_t>();
  return d;
}

std::vector<db::Value> DecisionParams(const Decision& d) {
  return {static_cast<int64_t>(d.year),
          d.unit_id,
          d.title,
          d.deciding_body,
          d.legal_basis,
          DayOrNull(d.planned_consultation_on),
          DayOrNull(d.planned_decision_on),
          std::string(DecisionStateName(d.state)),
          d.resume_to ? db::Value(std::string(DecisionStateName(*d.resume_to)))
                      : db::Value(nullptr),
          d.state_note,
          db::OrNull(d.record_id),
          DayOrNull(d.decided_on),
          DayOrNull(d.published_on),
          d.updated_at};
}

}  // namespace

absl::StatusOr<std::optional<Decision>> GetDecision(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> row,
      tx.QueryOptional(absl::StrCat("SELECT ", kDecisionCols,
                                    " FROM decisions WHERE id = ?"),
                       {id}));
  if (!row) return std::nullopt;
  return RowToDecision(*row);
}

absl::StatusOr<int64_t> InsertDecision(db::Tx& tx, const Decision& d,
                                       absl::string_view by) {
  std::vector<db::Value> params = DecisionParams(d);
  params.push_back(std::string(by));
  params.push_back(d.created_at);
  return tx.Insert(
      "INSERT INTO decisions (year, unit_id, title, deciding_body, "
      "legal_basis, planned_consultation_on, planned_decision_on, state, "
      "resume_to, state_note, record_id, decided_on, published_on, "
      "updated_at, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      params);
}

absl::Status UpdateDecision(db::Tx& tx, const Decision& d) {
  std::vector<db::Value> params = DecisionParams(d);
  params.push_back(d.id);
  ZWGK_ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE decisions SET year = ?, unit_id = ?, title = ?, "
              "deciding_body = ?, legal_basis = ?, "
              "planned_consultation_on = ?, planned_decision_on = ?, "
              "state = ?, resume_to = ?, state_note = ?, record_id = ?, "
              "decided_on = ?, published_on = ?, updated_at = ? WHERE id = ?",
              params));
  if (n != 1) return absl::NotFoundError("未找到该决策事项");
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Decision>> ListDecisions(
    db::Tx& tx, int year, std::optional<int64_t> unit_id) {
  std::vector<db::Value> params = {static_cast<int64_t>(year)};
  std::string where = " WHERE year = ?";
  if (unit_id) {
    where += " AND unit_id = ?";
    params.push_back(*unit_id);
  }
  ZWGK_ASSIGN_OR_RETURN(
      db::Result res,
      tx.Query(absl::StrCat("SELECT ", kDecisionCols, " FROM decisions", where,
                            " ORDER BY id"),
               params));
  std::vector<Decision> out;
  for (const db::Row& r : res.rows) out.push_back(RowToDecision(r));
  return out;
}

absl::StatusOr<std::vector<Decision>> PublishedWithoutFeedback(
    db::Tx& tx, absl::CivilDay as_of, std::optional<int64_t> unit_id) {
  std::vector<db::Value> params = {FormatDate(as_of)};
  std::string where =
      " WHERE d.state = 'published' AND d.published_on IS NOT NULL"
      " AND d.published_on <= ?"
      " AND EXISTS (SELECT 1 FROM consultations c WHERE c.decision_id = d.id"
      " AND c.feedback_published_at IS NULL AND (c.recorded = 0 OR EXISTS"
      " (SELECT 1 FROM consultation_comments m"
      " WHERE m.consultation_id = c.id)))";
  if (unit_id) {
    where += " AND d.unit_id = ?";
    params.push_back(*unit_id);
  }
  ZWGK_ASSIGN_OR_RETURN(
      db::Result res,
      tx.Query(absl::StrCat("SELECT ", kDecisionColsD, " FROM decisions d",
                            where, " ORDER BY d.unit_id, d.id"),
               params));
  std::vector<Decision> out;
  for (const db::Row& r : res.rows) out.push_back(RowToDecision(r));
  return out;
}

absl::StatusOr<int64_t> InsertEvent(db::Tx& tx, const DecisionEvent& e) {
  ZWGK_ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO decision_events (decision_id, kind, held_on, "
                "title, summary, is_public, created_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                {e.decision_id, std::string(EventKindName(e.kind)),
                 FormatDate(e.on), e.title, e.summary,
                 int64_t{e.is_public ? 1 : 0}, e.created_by, e.created_at}));
  int64_t position = 0;
  for (const EventDocument& doc : e.documents) {
    ZWGK_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO decision_event_documents (event_id, position, "
                "name, blob_key, size, content_type) VALUES (?, ?, ?, ?, ?, ?)",
                {id, position++, doc.name, doc.blob_key, doc.size,
                 doc.content_type})
            .status());
  }
  return id;
}

absl::StatusOr<std::vector<DecisionEvent>> EventsOfDecision(
    db::Tx& tx, int64_t decision_id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result res,
      tx.Query(absl::StrCat("SELECT ", kEventCols,
                            " FROM decision_events WHERE decision_id = ?"
                            " ORDER BY held_on, id"),
               {decision_id}));
  std::vector<DecisionEvent> out;
  for (const db::Row& r : res.rows) out.push_back(RowToEvent(r));
  ZWGK_RETURN_IF_ERROR(AddDocuments(tx, out));
  return out;
}

absl::StatusOr<std::optional<DecisionEvent>> GetEvent(db::Tx& tx,
                                                      int64_t event_id) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> row,
      tx.QueryOptional(absl::StrCat("SELECT ", kEventCols,
                                    " FROM decision_events WHERE id = ?"),
                       {event_id}));
  if (!row) return std::nullopt;
  std::vector<DecisionEvent> one = {RowToEvent(*row)};
  ZWGK_RETURN_IF_ERROR(AddDocuments(tx, one));
  return one[0];
}

absl::StatusOr<int> InsertCatalogVersion(db::Tx& tx, const CatalogVersion& v) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row last, tx.QueryOne("SELECT COALESCE(MAX(version), 0) FROM "
                                "decision_catalog_versions WHERE year = ?",
                                {static_cast<int64_t>(v.year)}, "目录版本"));
  const int version = static_cast<int>(last.Int(0)) + 1;
  nlohmann::json items = nlohmann::json::array();
  for (const Decision& d : v.items) items.push_back(DecisionToJson(d));
  ZWGK_ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO decision_catalog_versions (year, version, note, "
                "published_at, published_by, items_json) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                {static_cast<int64_t>(v.year), static_cast<int64_t>(version),
                 v.note, v.published_at, v.published_by, items.dump()}));
  for (const Decision& d : v.items)
    ZWGK_RETURN_IF_ERROR(tx.Exec("INSERT INTO decision_catalog_items "
                                 "(version_id, decision_id) VALUES (?, ?)",
                                 {id, d.id})
                             .status());
  return version;
}

absl::StatusOr<std::vector<CatalogVersion>> CatalogVersions(db::Tx& tx,
                                                            int year) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result res,
      tx.Query("SELECT year, version, note, published_at, published_by, "
               "items_json FROM decision_catalog_versions WHERE year = ? "
               "ORDER BY version DESC",
               {static_cast<int64_t>(year)}));
  std::vector<CatalogVersion> out;
  for (const db::Row& r : res.rows) {
    CatalogVersion v{.year = static_cast<int>(r.Int(0)),
                     .version = static_cast<int>(r.Int(1)),
                     .note = r.Text(2),
                     .published_at = r.Text(3),
                     .published_by = r.Text(4)};
    // Written by InsertCatalogVersion only; a damaged text reads as empty.
    nlohmann::json items =
        nlohmann::json::parse(r.Text(5), nullptr, /*allow_exceptions=*/false);
    if (items.is_array())
      for (const nlohmann::json& j : items)
        if (j.is_object()) v.items.push_back(DecisionFromJson(j));
    out.push_back(std::move(v));
  }
  return out;
}

absl::StatusOr<std::vector<int>> CatalogYears(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result res, tx.Query("SELECT DISTINCT year FROM "
                               "decision_catalog_versions ORDER BY year DESC"));
  std::vector<int> out;
  for (const db::Row& r : res.rows) out.push_back(static_cast<int>(r.Int(0)));
  return out;
}

absl::StatusOr<bool> InPublishedCatalog(db::Tx& tx, int64_t decision_id) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> row,
      tx.QueryOptional("SELECT 1 FROM decision_catalog_items WHERE "
                       "decision_id = ? LIMIT 1",
                       {decision_id}));
  return row.has_value();
}

}  // namespace zwgk::decisions::store
