// Rows of applications and their event log, over one portable SQL dialect
// (SQLite and PostgreSQL). Every function runs inside the caller's
// transaction; a missing row is NotFound, driver errors keep their codes
// (core/db.h). No logic beyond mapping rows.
#ifndef ZWGK_APPLICATIONS_STORE_H_
#define ZWGK_APPLICATIONS_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "applications/model.h"
#include "core/db.h"
#include "nlohmann/json.hpp"

namespace zwgk::applications {

struct StoredApplication {
  int64_t id = 0;
  std::string tracking_number;
  std::string query_code_hash;
  int64_t unit_id = 0;
  Channel channel = Channel::kOnline;
  State state = State::kPendingConfirmation;
  Applicant applicant;
  std::string applicant_key;
  std::string description;
  std::string doc_number;
  DeliveryForm delivery_form = DeliveryForm::kPaper;
  std::string delivery_way;
  std::string arrived_at;  // RFC 3339
  std::optional<absl::CivilDay> received_on;
  std::optional<ReplyType> reply_type;
  std::optional<Ground> ground;
  std::string reply_text;
  std::optional<absl::CivilDay> concluded_on;
  std::optional<absl::CivilDay> due_on;  // cache (see the migration)
  std::string created_at;
  std::string created_by;
};

struct Event {
  int64_t id = 0;
  std::string kind;  // an ActionName, or "submitted" / "entered"
  absl::CivilDay on;
  nlohmann::json data = nlohmann::json::object();
  std::string actor;
  std::string created_at;
};

struct Attachment {
  int64_t id = 0;
  std::string name, content_type;
  std::string sha256;  // content address in the blob store
  int64_t size = 0;
  std::string created_at, created_by;
};

// An offer of published records awaiting "this is what I need".
struct SelfServeOffer {
  std::optional<int64_t> unit_id;
  std::string query;
};

// What the supervision dashboard's reply clocks need of an application.
struct ClockRow {
  int64_t id = 0;
  int64_t unit_id = 0;
  std::string tracking_number;
  std::optional<absl::CivilDay> received_on, concluded_on, due_on;
  std::vector<Event> events;  // in recording order
};

// Concluded applications counted by reply type name ("" for those ended
// without a reply).
struct OutcomeCount {
  std::string reply_type;
  int64_t count = 0;
};

struct StoreFilter {
  std::optional<State> state;
  std::optional<int64_t> unit_id;
  std::optional<std::string> tracking_number;
  bool open_only = false;  // states in which a reply is owed
  int limit = 500;
};

namespace store {

// Inserts the row (id and tracking number ignored) and returns the id.
[[nodiscard]] absl::StatusOr<int64_t> Insert(db::Tx& tx,
                                             const StoredApplication& a);
[[nodiscard]] absl::Status SetTrackingNumber(db::Tx& tx, int64_t id,
                                             const std::string& number);
// NotFound("申请 42 不存在").
[[nodiscard]] absl::StatusOr<StoredApplication> Get(db::Tx& tx, int64_t id);
[[nodiscard]] absl::StatusOr<StoredApplication> GetByTracking(
    db::Tx& tx, absl::string_view tracking_number);
// Newest first.
[[nodiscard]] absl::StatusOr<std::vector<StoredApplication>> List(
    db::Tx& tx, const StoreFilter& f);
// Every application received on or before `last` (for statistics).
[[nodiscard]] absl::StatusOr<std::vector<StoredApplication>> ReceivedThrough(
    db::Tx& tx, absl::CivilDay last, std::optional<int64_t> unit_id);
// Writes state, received_on, reply fields, concluded_on and due_on.
[[nodiscard]] absl::Status Update(db::Tx& tx, const StoredApplication& a);
[[nodiscard]] absl::Status UpdateDue(db::Tx& tx, int64_t id,
                                     std::optional<absl::CivilDay> due);

// Applications received on or before `as_of` and not concluded by it whose
// cached due date is unknown or not after `due_by`, with their logs.
[[nodiscard]] absl::StatusOr<std::vector<ClockRow>> OpenOn(
    db::Tx& tx, absl::CivilDay as_of, absl::CivilDay due_by,
    std::optional<int64_t> unit_id);
// Replies concluded in [from, to] after their cached due date, with their
// logs.
[[nodiscard]] absl::StatusOr<std::vector<ClockRow>> RepliedAfterDue(
    db::Tx& tx, absl::CivilDay from, absl::CivilDay to,
    std::optional<int64_t> unit_id);
// Applications concluded in [from, to] by reply type.
[[nodiscard]] absl::StatusOr<std::vector<OutcomeCount>> Outcomes(
    db::Tx& tx, absl::CivilDay from, absl::CivilDay to,
    std::optional<int64_t> unit_id);

[[nodiscard]] absl::StatusOr<int64_t> AppendEvent(db::Tx& tx, int64_t app_id,
                                                  const Event& e);
// In recording order.
[[nodiscard]] absl::StatusOr<std::vector<Event>> Events(db::Tx& tx,
                                                        int64_t app_id);

// Applications of the same applicant to the same unit received in
// [from, to] with an id not after `up_to_id`: the 按件 position within the
// month.
[[nodiscard]] absl::StatusOr<int> CountForApplicant(
    db::Tx& tx, const std::string& key, int64_t unit_id, absl::CivilDay from,
    absl::CivilDay to, int64_t up_to_id);

[[nodiscard]] absl::StatusOr<int64_t> AddAttachment(db::Tx& tx, int64_t app_id,
                                                    const Attachment& a);
[[nodiscard]] absl::StatusOr<std::vector<Attachment>> Attachments(
    db::Tx& tx, int64_t app_id);

[[nodiscard]] absl::Status AddSelfServed(db::Tx& tx,
                                         std::optional<int64_t> unit_id,
                                         const std::string& query,
                                         const std::string& record_id,
                                         const std::string& at);
// Keeps an offer by its token's hash; drops offers issued before
// `expired_before` (they can no longer be used).
[[nodiscard]] absl::Status AddSelfServeOffer(db::Tx& tx,
                                             const std::string& token_hash,
                                             const SelfServeOffer& offer,
                                             const std::string& at,
                                             const std::string& expired_before);
// Marks the offer used at `at` and returns it, once: nullopt when the hash
// is unknown, the offer was used already or was issued before
// `issued_since`.
[[nodiscard]] absl::StatusOr<std::optional<SelfServeOffer>> UseSelfServeOffer(
    db::Tx& tx, const std::string& token_hash, const std::string& at,
    const std::string& issued_since);
// Rows whose created_at starts with `year_prefix` ("2026").
[[nodiscard]] absl::StatusOr<int64_t> CountSelfServed(
    db::Tx& tx, const std::string& year_prefix, std::optional<int64_t> unit_id);

}  // namespace store
}  // namespace zwgk::applications

#endif  // ZWGK_APPLICATIONS_STORE_H_
