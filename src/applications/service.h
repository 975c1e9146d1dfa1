// The applications module's logic: validate → authorize → act, one
// transaction per action, every write audited. The due date is never
// stored as the truth: it is computed by the statutory clock from the
// application's event log each time (the due_on column is a cache for
// sorting, refreshed after every event and every calendar change).
#ifndef ZWGK_APPLICATIONS_SERVICE_H_
#define ZWGK_APPLICATIONS_SERVICE_H_

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "applications/model.h"
#include "applications/store.h"
#include "applications/workflow.h"
#include "calendar/service.h"
#include "content/blob_store.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "org/service.h"

namespace zwgk::applications {

// A published record that may already answer the request (search, issue 6).
struct FoundRecord {
  std::string id;
  std::string title;
  std::string url;
  std::string index_number;
  std::string published_on;
};
using RecordFinder = std::function<absl::StatusOr<std::vector<FoundRecord>>(
    absl::string_view query, int limit)>;

struct ServiceOptions {
  int reply_workdays = 20;             // Art 33
  int correction_notice_workdays = 7;  // Art 30: notice within 7 working days
  int third_party_workdays = 15;       // Art 32/34
  int fee_payment_workdays = 20;       // 办法: from the day after the notice
  // [unsure in regulation.md] Whether the time from the fee notice to the
  // payment counts towards the reply limit. Default: it does not (the clock
  // pauses), as for consultations.
  bool fee_pauses_clock = true;
  int due_soon_within = 3;  // working days
  // Abuse limits for the public form.
  size_t max_description_chars = 2000;
  size_t max_field_chars = 200;
  // Attachments: under <data_dir>/blobs, at most this size each.
  std::string data_dir = "./var";
  int64_t max_attachment_bytes = 20 << 20;
  // How long the offer of published records may be answered with "this is
  // what I need".
  absl::Duration self_serve_offer_ttl = absl::Hours(24);
};

// An application as typed (public form, staff form, CSV row, JSON).
struct ApplicationInput {
  std::string applicant_type;  // natural_person | organization (or label)
  std::string name;
  std::string id_type;  // natural persons
  std::string id_number;
  std::string credit_code;  // organizations
  std::string category;     // organizations: commercial | … (or label)
  std::string legal_representative;
  std::string contact;
  std::string phone;
  std::string address;
  std::string email;
  std::string unit;  // id or exact name
  std::string description;
  std::string doc_number;
  std::string delivery_form;  // paper | email | disc | on_site (or label)
  std::string delivery_way;   // 邮寄、自取、…
  // Staff entry of paper applications only (Art 31).
  std::string channel;      // in_person | registered_mail | …
  std::string received_on;  // YYYY-MM-DD: the receipt date per Art 31
  std::string arrived_on;   // YYYY-MM-DD, defaults to received_on
};

// Every text field of ApplicationInput by its form, JSON and CSV name.
using InputField = std::string ApplicationInput::*;
const std::vector<std::pair<std::string, InputField>>& ApplicationInputFields();

struct Submitted {
  int64_t id = 0;
  std::string tracking_number;
  std::string query_code;  // shown once; only its hash is kept
  State state = State::kPendingConfirmation;
};

// Action, ActionInput and the workflow rules: applications/workflow.h.

struct Detail {
  StoredApplication app;  // personal data masked unless visible
  std::string unit_name;
  bool personal_data_visible = false;
  std::vector<Event> events;
  std::vector<calendar::ClockEvent> clock_events;
  // nullopt before the receipt date is known.
  std::optional<calendar::ClockResult> clock;
  // The 暂估 note for the reply deadline (calendar's rule); "" when exact.
  std::string due_estimate;
  std::optional<absl::CivilDay> correction_notice_by;  // receipt + 7 wd
  std::optional<absl::CivilDay> correction_deadline;   // while 待补正
  std::string correction_items;
  std::optional<absl::CivilDay> third_party_due;  // while 征求意见
  std::optional<absl::CivilDay> fee_pay_by;       // while 待缴费
  std::optional<FeeQuote> fee;
  int extended_days = 0;
  std::vector<Action> allowed;  // for the viewer
  std::vector<Attachment> attachments;
};

struct ListFilter {
  std::optional<std::string> state;  // a State name
  std::optional<std::string> unit;   // id or name
  std::optional<std::string> tracking_number;
  // "due_soon" | "overdue" | "" (all).
  std::string due;
  int limit = 200;
};

// Table 三 of the annual report for one year (and one unit, or all).
struct Table3 {
  static constexpr int kColumns = 7;  // 6 categories + 总计
  using Counts = std::array<int64_t, kColumns>;
  int year = 0;
  std::optional<int64_t> unit_id;
  Counts new_received{};                          // 一
  Counts carried_in{};                            // 二
  std::array<Counts, kResultRowCount> results{};  // 三(一)…(六)3
  Counts concluded{};                             // 三(七) 总计
  Counts carried_out{};                           // 四
  int64_t self_served = 0;  // 36(一) before an application (not in Table 三)
  // 一 + 二 = 三(七) + 四 for every column.
  bool Balanced() const;
};

// One application behind a compliance figure.
struct ComplianceCase {
  int64_t id = 0;
  std::string tracking_number;
  std::string received_on;  // YYYY-MM-DD
  std::string due_on;       // reply due (extensions included)
  std::string replied_on;   // replied_late: the reply day
  int64_t days = 0;         // working days past due (overdue, late) or left
};

// Application figures of one unit on a day, for the supervision dashboard.
struct UnitApplicationCompliance {
  int64_t unit_id = 0;
  std::string unit_name;
  // Open on as_of: past the reply due date; due within 3 working days.
  std::vector<ComplianceCase> overdue, due_soon;
  // Replied from 1 January of as_of's year to as_of, after the due date.
  std::vector<ComplianceCase> replied_late;
};
struct ApplicationCompliance {
  std::string as_of;
  // Every unit in service (or the one asked for), and retired units with
  // figures.
  std::vector<UnitApplicationCompliance> units;
  // Replies from 1 January to as_of by ReplyType label (予以公开 …), and
  // applications ended without a reply; the chart of outcomes.
  std::vector<std::pair<std::string, int64_t>> outcomes;
};

struct ImportRowError {
  int row = 0;         // 1-based data row (the header is row 0)
  std::string column;  // CSV column name
  std::string message;
};
struct ImportOutcome {
  std::vector<Submitted> created;
  std::vector<ImportRowError> errors;  // non-empty: nothing was created
};

// The 政府信息公开申请答复书, ready for a template or the PDF writer.
struct ReplyLetter {
  std::string title;      // 政府信息公开申请答复书
  std::string number;     // 文号: 〔2026〕依申请第…号
  std::string recipient;  // the applicant's name
  std::string unit_name;
  std::vector<std::string> paragraphs;
  std::vector<std::string> basis;
  std::string remedies;
  std::string date;  // 2026年4月8日
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, org::Service& org,
          calendar::Service& calendar, ServiceOptions options = {});

  // Wired by the app to the search service; without it the
  // "already published" step is skipped.
  void SetRecordFinder(RecordFinder finder) { finder_ = std::move(finder); }
  bool HasRecordFinder() const { return static_cast<bool>(finder_); }
  // Empty when no finder is set or the description is blank.
  [[nodiscard]] absl::StatusOr<std::vector<FoundRecord>> FindPublished(
      absl::string_view description, int limit = 5);
  // The page offering published records carries a one-time token, kept
  // (hashed) with the search that produced the offer.
  [[nodiscard]] absl::StatusOr<std::string> OfferSelfService(
      absl::string_view unit, absl::string_view query);
  // "This is what I need": the attempt ends, counted once per offer (the
  // figure goes into the annual report). False, and nothing counted, for an
  // unknown, expired or already used token.
  [[nodiscard]] absl::StatusOr<bool> RecordSelfServed(
      absl::string_view token, absl::string_view record_id);

  // Online, no account: 待确认 until staff confirm receipt.
  [[nodiscard]] absl::StatusOr<Submitted> Submit(const ApplicationInput& in);
  // Staff enter an application received in person, by letter or fax: it is
  // 已登记 at once with the channel and receipt date.
  [[nodiscard]] absl::StatusOr<Submitted> Enter(const Actor& actor,
                                                const ApplicationInput& in);
  // Paper applications from CSV (header row with ApplicationInput field
  // names); all-or-nothing with row and column errors.
  [[nodiscard]] absl::StatusOr<ImportOutcome> ImportCsv(const Actor& actor,
                                                        absl::string_view csv);

  // The applicant's view: NotFound for an unknown number or a wrong code
  // (the same message, no hint). Personal data masked.
  [[nodiscard]] absl::StatusOr<Detail> Status(absl::string_view tracking_number,
                                              absl::string_view query_code);

  // Staff views: staff see the applications addressed to their own unit,
  // the county office (admin) sees all. Anyone else, a clerk without a unit
  // included, gets NotFound as for an id that does not exist (issue 12).
  [[nodiscard]] absl::StatusOr<Detail> Get(const Actor& actor, int64_t id);
  [[nodiscard]] absl::StatusOr<std::vector<Detail>> List(
      const Actor& actor, const ListFilter& filter);

  // One transition (validated, authorized, audited). NotFound for an
  // application the actor may not see; FailedPrecondition with a Chinese
  // message for a transition the state does not allow.
  [[nodiscard]] absl::StatusOr<Detail> Act(const Actor& actor, int64_t id,
                                           Action action,
                                           const ActionInput& in);

  // A file for the case (reply documents, scans): PDF, DOCX, XLSX or an
  // image, checked by content, stored content-addressed in the data dir.
  [[nodiscard]] absl::Status Attach(const Actor& actor, int64_t id,
                                    absl::string_view name,
                                    absl::string_view bytes);
  // The attachment and its bytes; NotFound for staff who may not see it.
  [[nodiscard]] absl::StatusOr<std::pair<Attachment, std::string>>
  GetAttachment(const Actor& actor, int64_t id, int64_t attachment);

  // The fee for application `id` as it would be charged (working shown).
  [[nodiscard]] absl::StatusOr<FeeQuote> QuoteFee(int64_t id, FeeMode mode,
                                                  int pages);

  // Table 三 as each unit's own annual report needs it: the county office
  // (admin) for any unit or the whole county (no unit); other staff only for
  // their own unit, which is also what they get without one. NotFound for
  // another unit or for someone without a unit. The result's unit_id is the
  // unit counted.
  [[nodiscard]] absl::StatusOr<Table3> Statistics(
      const Actor& actor, int year, std::optional<int64_t> unit_id);

  // Figures for the supervision dashboard on `as_of` (no authorization: the
  // caller decides who sees them), of one unit or all. NotFound for an
  // unknown unit.
  [[nodiscard]] absl::StatusOr<ApplicationCompliance> Compliance(
      absl::CivilDay as_of, std::optional<int64_t> unit_id);

  // The reply letter of a replied application (FailedPrecondition before).
  [[nodiscard]] absl::StatusOr<ReplyLetter> Letter(const Detail& d);

  // After a calendar change: recompute the due date of every open
  // application; `moved` counts those whose due date changed.
  [[nodiscard]] absl::StatusOr<calendar::RecomputeCount> Recompute(
      const calendar::Calendar& cal);

  const ServiceOptions& options() const { return options_; }
  const Clock& clock() const { return clock_; }
  org::Service& org() { return org_; }

 private:
  // What transactions need from other services, fetched before one opens
  // (an in-memory SQLite database has a single connection).
  struct Snapshot {
    std::shared_ptr<const calendar::Calendar> cal;
    std::map<int64_t, std::string> units;
  };
  Snapshot Prefetch();
  absl::StatusOr<StoredApplication> Validate(const ApplicationInput& in,
                                             bool staff_entry);
  absl::StatusOr<Submitted> Create(db::Tx& tx, const Snapshot& snap,
                                   const Actor& actor, StoredApplication a,
                                   absl::string_view event_kind);
  absl::StatusOr<Detail> Build(db::Tx& tx, const Snapshot& snap,
                               const StoredApplication& a, const Actor* viewer,
                               bool trace);
  absl::StatusOr<Event> Apply(db::Tx& tx, const Snapshot& snap,
                              const Actor& actor, StoredApplication& a,
                              const std::vector<Event>& events, Action action,
                              const ActionInput& in);
  // Issue 18: a reply and its attachments are scanned for personal data
  // before they go to the applicant (their own ID number, phone, e-mail
  // and address excepted). Findings refuse the action, naming kind and
  // place, unless `in.privacy_reason` is given; then the masked findings
  // are returned for the audit log (null when there were none).
  absl::StatusOr<nlohmann::json> CheckReplyPrivacy(const Actor& actor,
                                                   int64_t id, Action action,
                                                   const ActionInput& in);
  absl::StatusOr<FeeQuote> QuoteIn(db::Tx& tx, const StoredApplication& a,
                                   FeeMode mode, int pages);

  db::Database& db_;
  const Clock& clock_;
  org::Service& org_;
  calendar::Service& calendar_;
  ServiceOptions options_;
  content::BlobStore blobs_;
  RecordFinder finder_;
};

// The clock events an application's log implies (pure; exposed for tests).
std::vector<calendar::ClockEvent> ClockEventsFor(
    const std::vector<Event>& events, const ServiceOptions& options);

// What a reply clock is computed for: the due date alone (the defaults), or
// a view as of `today` with its state and, if asked, the trace.
struct ReplyClockView {
  std::optional<absl::CivilDay> today;
  bool trace = false;
};
// The reply clock (Art 33) of an application whose receipt date is known,
// from its event log: the one place the due date is computed, for the
// views, for each transition and for the due_on cache (pure). The errors
// are the statutory clock's, for a log it refuses.
[[nodiscard]] absl::StatusOr<calendar::ClockResult> ReplyClock(
    const calendar::Calendar& cal, const std::vector<Event>& events,
    const ServiceOptions& options, const ReplyClockView& view = {});

}  // namespace zwgk::applications

#endif  // ZWGK_APPLICATIONS_SERVICE_H_
