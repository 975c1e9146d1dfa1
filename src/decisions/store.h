// All SQL of the decisions module: free functions taking the caller's
// transaction. The catalog's are in catalog_store.cc, the consultations'
// in store.cc.
#ifndef ZWGK_DECISIONS_STORE_H_
#define ZWGK_DECISIONS_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "core/db.h"
#include "decisions/model.h"

namespace zwgk::decisions::store {

// --- The catalog (catalog_store.cc) ---------------------------------------

// nullopt when there is no such decision (used by the consultations too).
[[nodiscard]] absl::StatusOr<std::optional<Decision>> GetDecision(db::Tx& tx,
                                                                  int64_t id);
// Inserts a decision (id ignored) and returns its id.
[[nodiscard]] absl::StatusOr<int64_t> InsertDecision(db::Tx& tx,
                                                     const Decision& d,
                                                     absl::string_view by);
// Writes every field of an existing decision (by d.id).
[[nodiscard]] absl::Status UpdateDecision(db::Tx& tx, const Decision& d);
// A year's decisions (of one unit or all), by unit then id.
[[nodiscard]] absl::StatusOr<std::vector<Decision>> ListDecisions(
    db::Tx& tx, int year, std::optional<int64_t> unit_id);
// Inserts an event with its documents; returns the event id.
[[nodiscard]] absl::StatusOr<int64_t> InsertEvent(db::Tx& tx,
                                                  const DecisionEvent& e);
// A decision's events with documents, by day then id (two queries).
[[nodiscard]] absl::StatusOr<std::vector<DecisionEvent>> EventsOfDecision(
    db::Tx& tx, int64_t decision_id);
[[nodiscard]] absl::StatusOr<std::optional<DecisionEvent>> GetEvent(
    db::Tx& tx, int64_t event_id);
// Stores a new catalog version (items frozen as JSON) and which decisions
// it holds; the version number is the year's next.
[[nodiscard]] absl::StatusOr<int> InsertCatalogVersion(db::Tx& tx,
                                                       const CatalogVersion& v);
// A year's versions, newest first, items filled from the frozen JSON.
[[nodiscard]] absl::StatusOr<std::vector<CatalogVersion>> CatalogVersions(
    db::Tx& tx, int year);
// Years with a published catalog version, newest first.
[[nodiscard]] absl::StatusOr<std::vector<int>> CatalogYears(db::Tx& tx);
// Whether a published catalog version holds the decision.
[[nodiscard]] absl::StatusOr<bool> InPublishedCatalog(db::Tx& tx,
                                                      int64_t decision_id);
// Decisions 已公布 on or before `as_of` with a consultation that took
// comments (not recorded, or recorded with comments entered) and has no
// published feedback; of one unit or all, by unit then id. One query.
[[nodiscard]] absl::StatusOr<std::vector<Decision>> PublishedWithoutFeedback(
    db::Tx& tx, absl::CivilDay as_of, std::optional<int64_t> unit_id);

// --- Consultations and comments (store.cc) ----------------------------------

// Used by the catalog too: a decision's consultations, and how many comments
// one received (any state).
[[nodiscard]] absl::StatusOr<std::vector<Consultation>> ConsultationsOfDecision(
    db::Tx& tx, int64_t decision_id);
[[nodiscard]] absl::StatusOr<int64_t> CountComments(db::Tx& tx,
                                                    int64_t consultation_id);

// Inserts a consultation (id, extensions ignored); returns its id.
[[nodiscard]] absl::StatusOr<int64_t> InsertConsultation(db::Tx& tx,
                                                         const Consultation& c,
                                                         absl::string_view now);
// Writes the changeable fields of an existing consultation (by c.id):
// texts, sections, decision, closes_on, the feedback.
[[nodiscard]] absl::Status UpdateConsultation(db::Tx& tx, const Consultation& c,
                                              absl::string_view now);
// With its window changes; nullopt when there is none.
[[nodiscard]] absl::StatusOr<std::optional<Consultation>> GetConsultation(
    db::Tx& tx, int64_t id);
// Consultations newest window first, with their window changes. `window`
// filters by the state on `today` (dates compared, like WindowAt).
struct ConsultationQuery {
  std::optional<int64_t> unit_id;
  std::optional<WindowState> window;
  absl::CivilDay today;
  int limit = 50, offset = 0;
};
[[nodiscard]] absl::StatusOr<std::vector<Consultation>> ListConsultations(
    db::Tx& tx, const ConsultationQuery& q);
[[nodiscard]] absl::Status InsertWindowChange(db::Tx& tx,
                                              int64_t consultation_id,
                                              const WindowChange& w);

// Inserts a comment (id ignored); returns its id.
[[nodiscard]] absl::StatusOr<int64_t> InsertComment(db::Tx& tx,
                                                    const Comment& c);
// Moderation and adoption fields of an existing comment (by c.id).
[[nodiscard]] absl::Status UpdateComment(db::Tx& tx, const Comment& c);
// A comment of the consultation; nullopt when none (or another's).
[[nodiscard]] absl::StatusOr<std::optional<Comment>> GetComment(
    db::Tx& tx, int64_t consultation_id, int64_t comment_id);
// The consultation's comments by id, of one state or all.
[[nodiscard]] absl::StatusOr<std::vector<Comment>> CommentsOf(
    db::Tx& tx, int64_t consultation_id,
    std::optional<CommentState> only = std::nullopt);
// Comments from one address (hash) on the consultation since `since`.
[[nodiscard]] absl::StatusOr<int64_t> CountFromSource(
    db::Tx& tx, int64_t consultation_id, absl::string_view source_hash,
    absl::string_view since);
// Whether the consultation already holds a comment with this text hash.
[[nodiscard]] absl::StatusOr<bool> HasTextHash(db::Tx& tx,
                                               int64_t consultation_id,
                                               absl::string_view text_hash);

}  // namespace zwgk::decisions::store

#endif  // ZWGK_DECISIONS_STORE_H_
