// 重大行政决策 and consultations (issue 16): validate → authorize → act, one
// transaction per user action, audited.
//
// Who may do what:
// - The public reads the published catalog versions, every consultation
//   (with its window), published comments and, once published, the
//   feedback; and comments while a window is open, without an account.
// - A unit's editors and reviewers create and change their unit's decisions
//   and consultations, moderate and decide on their comments, and see the
//   commenters' contact details; another unit's answer NotFound.
// - The county office (admin) does all of it for every unit and publishes
//   the yearly catalog.
// Contact details (phone, email), hidden and pending comments and the
// sender's address hash never leave through a public method.
#ifndef ZWGK_DECISIONS_SERVICE_H_
#define ZWGK_DECISIONS_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "decisions/model.h"
#include "org/service.h"
#include "publishing/service.h"

namespace zwgk::decisions {

struct ServiceOptions {
  std::string data_dir = "./var";  // documents under <data_dir>/blobs
  // Bounds on public comments.
  int max_comment_chars = 5000;
  int max_name_chars = 50;
  int max_section_chars = 100;
  // Abuse control without CAPTCHA: comments from one address (hashed) per
  // consultation within the period.
  int comments_per_address = 5;
  absl::Duration address_period = absl::Minutes(10);
  // Bounds on what staff type.
  int max_title_chars = 200;
  int max_body_chars = 200000;
  int max_sections = 200;
  // Documents of a decision's event (听证会 minutes, expert opinions, …).
  int64_t max_document_bytes = 20 << 20;
  int max_documents_per_event = 10;
};

// --- Inputs ---------------------------------------------------------------

struct DecisionInput {
  int year = 0;
  std::string title, deciding_body, legal_basis;
  std::string unit;                                          // id or name
  std::string planned_consultation_on, planned_decision_on;  // "" or date
};

struct MoveInput {
  DecisionState to = DecisionState::kPlanned;
  std::string note;                  // required for 暂缓 and 撤销
  std::string on;                    // the day decided / published ("" = today)
  std::optional<int64_t> record_id;  // required for 已公布: a published record
};

struct EventInput {
  std::string kind;  // EventKindName
  std::string on, title, summary;
  bool is_public = true;
};

struct DocumentUpload {
  std::string file_name, content_type, bytes;
};

struct ConsultationInput {
  std::string title;
  std::string unit;  // id or name
  std::string opens_on, closes_on;
  std::string short_reason;  // required when the window is < 30 days
  std::string body, explanation;
  std::vector<std::string> sections;
  std::optional<int64_t> decision_id;
  bool allow_anonymous = true;
};

struct CommentInput {
  std::string name;  // "" with anonymous
  bool anonymous = false;
  std::string phone, email, section, text;
  std::string honeypot;   // a field people never see; filled by robots
  std::string source_ip;  // the request's address (only its hash is kept)
};

struct CommentReceipt {
  int64_t id = 0;  // 0 when a robot filled the honeypot (nothing stored)
  CommentState state = CommentState::kPending;
};

struct ModerationInput {
  CommentState outcome = CommentState::kPublished;  // published | hidden
  std::string reason;                               // required for hidden
};

struct AdoptionInput {
  Adoption outcome = Adoption::kNone;
  std::string reason;                   // required
  std::optional<int64_t> duplicate_of;  // group with this comment
};

struct ConsultationFilter {
  std::optional<int64_t> unit_id;
  std::optional<WindowState> window;
  int limit = 50, offset = 0;
};

// A consultation with what a reader of it may see.
struct ConsultationView {
  Consultation consultation;
  WindowState window = WindowState::kNotYetOpen;
  int window_days = 0;
  std::optional<Decision> decision;
  // Public: published comments only, contact fields empty; staff: all.
  std::vector<Comment> comments;
  // Set once the feedback is published (public) or always (staff preview).
  std::optional<Feedback> feedback;
  std::vector<std::string> feedback_blockers;  // staff only
};

struct DecisionView {
  Decision decision;
  std::vector<DecisionEvent> events;  // public: is_public ones only
  std::vector<Consultation> consultations;
  // The decision document and its 解读 (publishing relations "interprets").
  std::optional<publishing::Record> record;
  std::vector<publishing::Record> interpretations;
  // Published without the feedback of a consultation that took comments.
  bool missing_feedback = false;
};

// For the supervision dashboard.
struct MissingFeedback {
  int64_t decision_id = 0, unit_id = 0;
  std::string title;
  absl::CivilDay published_on;
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, org::Service& org,
          publishing::Service& publishing, ServiceOptions options = {});

  // --- The catalog ---------------------------------------------------------
  [[nodiscard]] absl::StatusOr<Decision> CreateDecision(
      const Actor& actor, const DecisionInput& in);
  [[nodiscard]] absl::StatusOr<Decision> UpdateDecision(
      const Actor& actor, int64_t id, const DecisionInput& in);
  // FailedPrecondition naming both states when CanMove says no.
  [[nodiscard]] absl::StatusOr<Decision> MoveDecision(const Actor& actor,
                                                      int64_t id,
                                                      const MoveInput& in);
  [[nodiscard]] absl::StatusOr<DecisionEvent> AddEvent(
      const Actor& actor, int64_t decision_id, const EventInput& in,
      std::vector<DocumentUpload> documents = {});
  // Staff: their unit's (admin all) of a year.
  [[nodiscard]] absl::StatusOr<std::vector<Decision>> ListDecisions(
      const Actor& actor, int year);
  // Public (actor kPublic): only decisions in a published catalog version.
  [[nodiscard]] absl::StatusOr<DecisionView> GetDecision(const Actor& actor,
                                                         int64_t id);
  // The county office freezes the year's catalog as a new version.
  [[nodiscard]] absl::StatusOr<CatalogVersion> PublishCatalog(
      const Actor& actor, int year, absl::string_view note);
  [[nodiscard]] absl::StatusOr<std::vector<CatalogVersion>> CatalogVersions(
      int year);  // newest first, items filled
  [[nodiscard]] absl::StatusOr<std::vector<int>> CatalogYears();
  // A document of an event (public events only for the public).
  [[nodiscard]] absl::StatusOr<std::pair<EventDocument, std::string>>
  EventDocumentBytes(const Actor& actor, int64_t event_id, int index);

  // --- Consultations -------------------------------------------------------
  // A window in the past makes a recorded consultation (no comments); a
  // window may not start before today otherwise.
  [[nodiscard]] absl::StatusOr<Consultation> CreateConsultation(
      const Actor& actor, const ConsultationInput& in);
  // Text and sections while not yet open; never the dates (see Extend).
  [[nodiscard]] absl::StatusOr<Consultation> UpdateConsultation(
      const Actor& actor, int64_t id, const ConsultationInput& in);
  // Moves closes_on later with a reason (shown publicly); never earlier.
  [[nodiscard]] absl::StatusOr<Consultation> Extend(const Actor& actor,
                                                    int64_t id,
                                                    absl::string_view closes_on,
                                                    absl::string_view reason);
  // Ends the window earlier, never silently: the reason is required and
  // shown on the page with the change (e.g. the decision was withdrawn).
  // closes_on may not be before yesterday (a window closes at 24:00).
  [[nodiscard]] absl::StatusOr<Consultation> EndEarly(
      const Actor& actor, int64_t id, absl::string_view closes_on,
      absl::string_view reason);
  [[nodiscard]] absl::StatusOr<std::vector<ConsultationView>> ListConsultations(
      const Actor& actor, const ConsultationFilter& f);
  [[nodiscard]] absl::StatusOr<ConsultationView> GetConsultation(
      const Actor& actor, int64_t id);

  // Public, no account. FailedPrecondition "征求意见已于…截止" (or 尚未开始)
  // outside the window; ResourceExhausted for too many from one address;
  // AlreadyExists for the same text again; InvalidFields naming the field.
  [[nodiscard]] absl::StatusOr<CommentReceipt> SubmitComment(
      int64_t consultation_id, const CommentInput& in);
  // Staff enter a comment received by letter, email or at a meeting
  // (channel), any time, also for a recorded consultation; it needs no
  // moderation (published) and takes part in the feedback.
  [[nodiscard]] absl::StatusOr<Comment> RecordComment(
      const Actor& actor, int64_t consultation_id, const CommentInput& in,
      absl::string_view channel, absl::string_view received_on);
  [[nodiscard]] absl::StatusOr<Comment> Moderate(const Actor& actor,
                                                 int64_t consultation_id,
                                                 int64_t comment_id,
                                                 const ModerationInput& in);
  [[nodiscard]] absl::StatusOr<Comment> Adopt(const Actor& actor,
                                              int64_t consultation_id,
                                              int64_t comment_id,
                                              const AdoptionInput& in);
  // FailedPrecondition listing FeedbackBlockers when not ready.
  [[nodiscard]] absl::StatusOr<ConsultationView> PublishFeedback(
      const Actor& actor, int64_t consultation_id, absl::string_view note);

  // --- For the dashboard (no actor: the compliance module authorizes) ------
  // Decisions 已公布 whose consultation took comments and has no published
  // feedback, as of a day; of one unit or all, ordered by unit.
  [[nodiscard]] absl::StatusOr<std::vector<MissingFeedback>>
  DecisionsWithoutFeedback(absl::CivilDay as_of,
                           std::optional<int64_t> unit_id);

  const Clock& clock() const { return clock_; }
  org::Service& org() { return org_; }
  const ServiceOptions& options() const { return options_; }

 private:
  db::Database& db_;
  const Clock& clock_;
  org::Service& org_;
  publishing::Service& publishing_;
  ServiceOptions options_;
};

}  // namespace zwgk::decisions

#endif  // ZWGK_DECISIONS_SERVICE_H_
