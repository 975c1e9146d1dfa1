// 政民互动 (issue 16): validate → authorize → act, one transaction per user
// action, audited.
//
// Who may do what:
// - The public sends a message without an account, follows it with the
//   tracking number and query code (and rates the reply), and reads the
//   published Q&A and the monthly statistics.
// - A unit's staff see and handle their unit's messages: draft a reply
//   (editor, reviewer), review it (reviewer), ask the office to transfer.
//   Another unit's message answers NotFound.
// - The county office (admin) routes 不清楚 messages, transfers (deciding
//   whether the clock restarts), reviews, publishes Q&A, sets the deadlines.
// Contact details, unpublished messages and replies not published never
// leave through a public method; a message enters the public Q&A (and the
// sitemap) only when its reply is published with the sender's consent.
#ifndef ZWGK_MESSAGES_SERVICE_H_
#define ZWGK_MESSAGES_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "calendar/calendar.h"
#include "calendar/service.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "messages/model.h"
#include "messages/store.h"
#include "org/service.h"

namespace zwgk::messages {

struct ServiceOptions {
  int max_title_chars = 100;
  int max_text_chars = 3000;
  int max_reply_chars = 10000;
  int max_name_chars = 50;
  // Abuse control without CAPTCHA: messages from one address (hashed)
  // within the period.
  int messages_per_address = 5;
  absl::Duration address_period = absl::Hours(1);
  int due_soon_days = 2;  // 即将到期: calendar days before the due day
};

struct MessageInput {
  std::string type;  // ParseType: name or label
  std::string unit;  // id or name; "" = 不清楚
  std::string title, text, name, phone, email;
  bool publish_consent = false;
  std::string honeypot;   // filled only by robots: nothing stored
  std::string source_ip;  // only its hash is kept
};

struct Submitted {
  int64_t id = 0;               // 0 when the honeypot was filled
  std::string tracking_number;  // LY + year + 6 digits
  std::string query_code;       // shown once; only its hash is kept
  absl::CivilDay due_on;
};

struct TransferInput {
  std::string unit;      // id or name
  std::string on;        // "" = today
  bool restart = false;  // the county office only
  std::string reason;
};

struct ReplyInput {
  std::string on;  // "" = today; the day the reply is sent when approved
  std::string text;
  bool publish = false;  // publish as Q&A (only with the sender's consent)
  std::string public_title, public_text;  // "" = redacted from the message
};

struct ReviewInput {
  bool approve = true;
  std::string remarks;  // required when returned
};

struct ListFilter {
  std::optional<MessageState> state;
  std::optional<int64_t> unit_id;
  std::optional<MessageType> type;
  bool overdue_only = false;
  int limit = 50, offset = 0;
  // Open and arrived 60 days or more ago (near the three-month line).
  bool near_line_only = false;
};

// A message with what its reader may see (the public status page: no
// contact details, no internal remarks).
struct MessageView {
  Message message;
  Timeliness timeliness = Timeliness::kPending;
  int64_t working_days_taken = 0;  // to reply, or so far
  absl::CivilDay three_month_line;
  bool near_three_month_line = false;
};

struct PublicItem {
  int64_t id = 0;
  MessageType type = MessageType::kConsult;
  std::string unit_name, title, text, reply;
  std::string asked_at;       // 留言时间 (Beijing, to the minute)
  absl::CivilDay replied_on;  // 答复时间
};

struct PublicFilter {
  std::optional<int64_t> unit_id;
  std::optional<MessageType> type;
  std::string q;  // words in title, text or reply (published only)
  int limit = 20, offset = 0;
};

// For the supervision dashboard: a message not answered in time.
struct UnansweredMessage {
  int64_t id = 0, unit_id = 0;  // unit 0: still 待分办
  std::string tracking_number, title;
  absl::CivilDay due_on;
  absl::CivilDay arrived_on;  // for the three-month line (ThreeMonthLine)
  bool overdue = false;       // past due (else: replied late this year)
  bool near_three_month_line = false;
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, org::Service& org,
          calendar::Service& calendar, ServiceOptions options = {});

  // --- The public ----------------------------------------------------------
  // InvalidFields naming the field; ResourceExhausted for too many from one
  // address; AlreadyExists for the same text again the same day.
  [[nodiscard]] absl::StatusOr<Submitted> Submit(const MessageInput& in);
  // NotFound unless both match ("未找到该留言：请核对查询号和查询码").
  [[nodiscard]] absl::StatusOr<MessageView> Status(
      absl::string_view tracking_number, absl::string_view query_code);
  // The sender rates a sent reply (1–5), once.
  [[nodiscard]] absl::Status Rate(absl::string_view tracking_number,
                                  absl::string_view query_code, int rating,
                                  absl::string_view comment);
  [[nodiscard]] absl::StatusOr<std::vector<PublicItem>> ListPublic(
      const PublicFilter& f);
  [[nodiscard]] absl::StatusOr<PublicItem> GetPublic(int64_t id);
  [[nodiscard]] absl::StatusOr<std::vector<MonthStats>> MonthlyStats(int year);
  // Published Q&A ids and their publication time, for the sitemap.
  [[nodiscard]] absl::StatusOr<std::vector<std::pair<int64_t, std::string>>>
  PublishedIds();
  // For the column registry (issue 19): Q&A published by the end of
  // `as_of`, and the newest.
  [[nodiscard]] absl::StatusOr<store::PublishedFacts> PublishedFactsOn(
      absl::CivilDay as_of);

  // --- Staff ---------------------------------------------------------------
  [[nodiscard]] absl::StatusOr<std::vector<MessageView>> List(
      const Actor& actor, const ListFilter& f);
  [[nodiscard]] absl::StatusOr<MessageView> Get(const Actor& actor, int64_t id);
  // Routing a 不清楚 message is a transfer from no unit.
  [[nodiscard]] absl::StatusOr<MessageView> Transfer(const Actor& actor,
                                                     int64_t id,
                                                     const TransferInput& in);
  [[nodiscard]] absl::StatusOr<MessageView> Reply(const Actor& actor,
                                                  int64_t id,
                                                  const ReplyInput& in);
  // A reviewer of the unit or the county office; not the one who drafted it.
  [[nodiscard]] absl::StatusOr<MessageView> Review(const Actor& actor,
                                                   int64_t id,
                                                   const ReviewInput& in);
  // The county office takes a published Q&A down (with a reason).
  [[nodiscard]] absl::Status Unpublish(const Actor& actor, int64_t id,
                                       absl::string_view reason);

  [[nodiscard]] absl::StatusOr<Deadlines> GetDeadlines();
  [[nodiscard]] absl::Status SaveDeadlines(const Actor& actor,
                                           const Deadlines& d);

  // --- For the dashboard and the admin home (no actor) ----------------------
  // Unanswered past due or near the three-month line, and replied late in
  // as_of's year; of one unit or all, ordered by unit.
  [[nodiscard]] absl::StatusOr<std::vector<UnansweredMessage>> Unanswered(
      absl::CivilDay as_of, std::optional<int64_t> unit_id);

  // Re-derives due days after a calendar change (registered with calendar).
  [[nodiscard]] absl::StatusOr<calendar::RecomputeCount> Recompute(
      const calendar::Calendar& cal);

  const Clock& clock() const { return clock_; }
  org::Service& org() { return org_; }

 private:
  db::Database& db_;
  const Clock& clock_;
  org::Service& org_;
  calendar::Service& calendar_;
  ServiceOptions options_;
};

}  // namespace zwgk::messages

#endif  // ZWGK_MESSAGES_SERVICE_H_
