// 政民互动 (issue 16): public messages to a unit — 咨询, 建议, 投诉,
// 我为政府网站 找错 — with reply deadlines in working days, transfers, reviewed
// replies, the published Q&A and monthly statistics. Plain structs and pure
// rules, no I/O (model.cc, model_test.cc).
#ifndef ZWGK_MESSAGES_MODEL_H_
#define ZWGK_MESSAGES_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "calendar/calendar.h"

namespace zwgk::messages {

enum class MessageType { kConsult, kSuggest, kComplain, kError };
absl::string_view TypeName(MessageType t);   // consult | suggest | complain |
                                             // error
absl::string_view TypeLabel(MessageType t);  // 咨询 | 建议 | 投诉 | 找错
// Accepts the name or the Chinese label ("咨询").
std::optional<MessageType> ParseType(absl::string_view s);
const std::vector<MessageType>& AllTypes();

// Working days to reply, by type; the office may change them (1–60).
struct Deadlines {
  std::map<MessageType, int> days = {{MessageType::kConsult, 5},
                                     {MessageType::kSuggest, 10},
                                     {MessageType::kComplain, 15},
                                     {MessageType::kError, 5}};
  int DaysFor(MessageType t) const;
};

// 待分办 (no unit: the sender chose 不清楚; the county office routes it) →
// 办理中 → 待审核 (a reply drafted) → 已答复; a returned draft goes back to
// 办理中. 已答复 is final (the sender may still rate it).
enum class MessageState { kUnrouted, kHandling, kReviewing, kReplied };
absl::string_view StateName(MessageState s);  // unrouted | handling | …
absl::string_view StateLabel(
    MessageState s);  // 待分办 | 办理中 | 待审核 | 已答复
std::optional<MessageState> ParseState(absl::string_view name);

struct Transfer {
  std::optional<int64_t> from_unit;  // nullopt: from 待分办
  int64_t to_unit = 0;
  absl::CivilDay on;
  bool restart = false;  // the office restarted the clock (recorded)
  std::string reason, by, at;
};

struct Message {
  int64_t id = 0;
  std::string tracking_number;  // LY2026000123
  std::string query_code_hash;  // the code itself is shown once
  MessageType type = MessageType::kConsult;
  std::optional<int64_t> unit_id;  // nullopt: 不清楚, awaiting routing
  std::string unit_name;
  std::string title, text;
  // Private: never on a public page, feed, export, API list or search.
  std::string name, phone, email;
  bool publish_consent = false;
  absl::CivilDay arrived_on;  // Beijing day it arrived
  std::string arrived_at;     // timestamp
  // The clock: counted from clock_from (arrival, or a restarting transfer).
  absl::CivilDay clock_from;
  absl::CivilDay due_on;
  MessageState state = MessageState::kHandling;
  std::vector<Transfer> transfers;
  // The reply: drafted, reviewed, then sent.
  std::string reply_text;
  std::optional<absl::CivilDay> replied_on;
  std::string replied_by, reviewed_by, review_remarks;
  // Published as Q&A (needs consent and the office's or reviewer's yes).
  bool published = false;
  std::string public_title, public_text;  // personal data removed
  std::optional<std::string> published_at;
  std::optional<int> rating;  // 1–5 by the sender (满意度)
  std::string rating_comment;
  std::string source_hash;  // hash of the sender's address (rate limiting)
  // Added by the backend (M1):
  int due_days = 0;  // working days the due day was counted with (the
                     // deadline in force when it arrived)
  std::optional<absl::CivilDay> draft_on;  // the drafted reply's day
  int64_t drafted_by_id = 0;               // who drafted it (user id)
  bool publish_requested = false;          // the drafter asked to publish it
  std::string public_reply;  // the reply with personal data removed
  std::string unpublish_reason;
};

// The due day: `days` working days after `from` on the county calendar
// (the day it arrives, or is transferred with a restart, is day 0).
absl::CivilDay DueDate(const calendar::Calendar& calendar, absl::CivilDay from,
                       int days);

// Reply timeliness (pure): replied on/before due → on time; late otherwise;
// unanswered and past due → overdue.
enum class Timeliness { kPending, kDueSoon, kOverdue, kOnTime, kLate };
absl::string_view TimelinessLabel(Timeliness t);  // 办理中 | 即将到期 | 已超期
                                                  // | 按时答复 | 超期答复
// `due_soon_days`: calendar days before due counted as 即将到期.
Timeliness Judge(const Message& m, absl::CivilDay today, int due_soon_days = 2);

// The inspectors' line (A9: no valid message unanswered for > 3 months):
// the day a message crosses it, and the earlier warning day (60 days).
absl::CivilDay ThreeMonthLine(absl::CivilDay arrived_on);
absl::CivilDay ThreeMonthWarning(absl::CivilDay arrived_on);

// Personal data removed for the public Q&A (pure): mainland mobile and
// landline numbers, ID numbers, email addresses and the sender's own name
// replaced by ＊.
std::string RedactPersonalData(absl::string_view text,
                               absl::string_view sender_name);

// Monthly statistics (A10): received, answered, answered on time, average
// working days to answer; per month of a year.
struct MonthStats {
  int year = 0, month = 0;
  int64_t received = 0, answered = 0, on_time = 0;
  double average_working_days = 0;  // over those answered in the month
};

}  // namespace zwgk::messages

#endif  // ZWGK_MESSAGES_MODEL_H_
