// All SQL of the messages module: free functions taking the caller's
// transaction.
#ifndef ZWGK_MESSAGES_STORE_H_
#define ZWGK_MESSAGES_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "core/db.h"
#include "messages/model.h"

namespace zwgk::messages::store {

// Inserts a new message (tracking number set afterwards); returns its id.
[[nodiscard]] absl::StatusOr<int64_t> Insert(db::Tx& tx, const Message& m);
[[nodiscard]] absl::Status SetTrackingNumber(db::Tx& tx, int64_t id,
                                             absl::string_view number);
// With its transfers. NotFound when there is none.
[[nodiscard]] absl::StatusOr<Message> Get(db::Tx& tx, int64_t id);
[[nodiscard]] absl::StatusOr<Message> GetByTracking(db::Tx& tx,
                                                    absl::string_view number);
// Writes every column a staff action or the sender may change.
[[nodiscard]] absl::Status Update(db::Tx& tx, const Message& m,
                                  absl::string_view now);
[[nodiscard]] absl::Status InsertTransfer(db::Tx& tx, int64_t message_id,
                                          const Transfer& t);

// Abuse control: messages from one address since `since` (timestamp), and
// whether the same text came from it on `day`.
[[nodiscard]] absl::StatusOr<int64_t> CountFromSource(db::Tx& tx,
                                                      absl::string_view hash,
                                                      absl::string_view since);
[[nodiscard]] absl::StatusOr<bool> SameTextExists(db::Tx& tx,
                                                  absl::string_view hash,
                                                  absl::CivilDay day,
                                                  absl::string_view text);

struct StoreFilter {
  std::optional<MessageState> state;
  // unit_id == 0 selects 待分办 (no unit).
  std::optional<int64_t> unit_id;
  std::optional<MessageType> type;
  std::optional<absl::CivilDay> due_before;  // open and due_on < day
  std::optional<absl::CivilDay> arrived_by;  // open and arrived_on <= day
  int limit = 50, offset = 0;
};
// Newest first (without transfers).
[[nodiscard]] absl::StatusOr<std::vector<Message>> List(db::Tx& tx,
                                                        const StoreFilter& f);

// Published Q&A, newest publication first; `q` is matched in the public
// fields only.
struct PublishedFilter {
  std::optional<int64_t> unit_id;
  std::optional<MessageType> type;
  std::string q;
  int limit = 20, offset = 0;
};
[[nodiscard]] absl::StatusOr<std::vector<Message>> ListPublished(
    db::Tx& tx, const PublishedFilter& f);
[[nodiscard]] absl::StatusOr<std::vector<std::pair<int64_t, std::string>>>
PublishedIds(db::Tx& tx);
// Q&A published before `until` (RFC 3339): how many, and the newest (the
// column registry's 互动交流).
struct PublishedFacts {
  int64_t count = 0;
  std::string newest_at;  // RFC 3339; "" none
  int64_t newest_id = 0;
};
[[nodiscard]] absl::StatusOr<PublishedFacts> PublishedFactsBefore(
    db::Tx& tx, absl::string_view until);

// For the dashboard: open messages due before `day` / arrived by `day`, and
// replies in [from, to] sent after their due day; of one unit (0: 待分办)
// or all.
[[nodiscard]] absl::StatusOr<std::vector<Message>> OpenDueBefore(
    db::Tx& tx, absl::CivilDay day, std::optional<int64_t> unit_id);
[[nodiscard]] absl::StatusOr<std::vector<Message>> OpenArrivedBy(
    db::Tx& tx, absl::CivilDay day, std::optional<int64_t> unit_id);
[[nodiscard]] absl::StatusOr<std::vector<Message>> RepliedLate(
    db::Tx& tx, absl::CivilDay from, absl::CivilDay to,
    std::optional<int64_t> unit_id);
// Every open message (for recomputation).
[[nodiscard]] absl::StatusOr<std::vector<Message>> Open(db::Tx& tx);
[[nodiscard]] absl::Status SetDue(db::Tx& tx, int64_t id, absl::CivilDay due);

// Statistics: arrival days in [from, to]; replied messages with a reply day
// in [from, to] (arrived_on, due_on, replied_on filled).
[[nodiscard]] absl::StatusOr<std::vector<absl::CivilDay>> ArrivalDays(
    db::Tx& tx, absl::CivilDay from, absl::CivilDay to);
[[nodiscard]] absl::StatusOr<std::vector<Message>> RepliedIn(
    db::Tx& tx, absl::CivilDay from, absl::CivilDay to);

[[nodiscard]] absl::StatusOr<Deadlines> GetDeadlines(db::Tx& tx);
[[nodiscard]] absl::Status SaveDeadlines(db::Tx& tx, const Deadlines& d,
                                         absl::string_view by,
                                         absl::string_view now);

}  // namespace zwgk::messages::store

#endif  // ZWGK_MESSAGES_STORE_H_
