// 回应关切 and 舆情回应 (issue 23): validate → authorize → act, one transaction
// per user action, audited.
//
// Who may do what:
// - The county office (admin) logs a concern for any unit, links responses
//   to any, sets the hours.
// - A unit's staff (editor, reviewer, clerk) log concerns of their own unit
//   and link their unit's 回应 records; another unit's concern answers
//   NotFound.
// - The public reads only concerns with a published (主动公开) response:
//   title, unit, source, kind, the time first seen and the times answered.
//   Internal notes, drafts and concerns without a published response never
//   leave through a public method.
#ifndef ZWGK_CONCERNS_SERVICE_H_
#define ZWGK_CONCERNS_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "concerns/model.h"
#include "concerns/store.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "org/service.h"
#include "publishing/service.h"

namespace zwgk::concerns {

// The genre of the records that answer a concern.
inline constexpr absl::string_view kResponseGenre = "回应";

struct ServiceOptions {
  int max_title_chars = 100;
  int max_notes_chars = 2000;
};

struct ConcernInput {
  std::string title;
  std::string unit;     // id or name; "" = the actor's own unit
  std::string source;   // ParseSource: name or label
  std::string kind;     // major | general (or the label)
  std::string seen_at;  // ParseSeenAt; not in the future
  std::string notes;
};

struct ResponseInput {
  int64_t record_id = 0;
  std::string obligation;  // "" = the first obligation not yet met
};

struct ListFilter {
  std::optional<State> state;
  std::optional<int64_t> unit_id;
  std::optional<int> year;  // of the sighting (Beijing)
  int limit = 200;
};

struct ConcernView {
  Concern concern;
  std::vector<ObligationStatus> statuses;
  State state = State::kOpen;
};

// What the public 回应关切 column shows of a concern.
struct PublicResponse {
  int64_t record_id = 0;
  std::string title;
  Obligation obligation = Obligation::kResponse;
  absl::Time published_at;
};
struct PublicConcern {
  int64_t id = 0;
  std::string title, unit_name;
  Source source = Source::kOther;
  Kind kind = Kind::kGeneral;
  absl::Time seen_at;
  absl::Time responded_at;  // the first published response
  bool on_time = false;     // every obligation met by its due time
  std::vector<PublicResponse> responses;
};

// For the dashboard: an obligation open past due, or met late in the year.
struct LateObligation {
  int64_t concern_id = 0, unit_id = 0;
  std::string title;
  Obligation obligation = Obligation::kResponse;
  absl::Time due_at;
  std::optional<absl::Time> met_at;  // nullopt: still open (overdue)
};

// For the 年报's 总体情况.
struct YearCounts {
  int64_t concerns = 0;
  int64_t answered_on_time = 0;   // every obligation met on time
  int64_t press_conferences = 0;  // press-conference obligations met
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, org::Service& org,
          publishing::Service& publishing, ServiceOptions options = {});

  // Makes sure the genre 回应 is offered (idempotent).
  [[nodiscard]] absl::Status Seed();

  // --- Staff ---------------------------------------------------------------
  [[nodiscard]] absl::StatusOr<ConcernView> Create(const Actor& actor,
                                                   const ConcernInput& in);
  [[nodiscard]] absl::StatusOr<ConcernView> Get(const Actor& actor, int64_t id);
  [[nodiscard]] absl::StatusOr<std::vector<ConcernView>> List(
      const Actor& actor, const ListFilter& f);
  // Links a record of genre 回应 the actor may see (its unit's, or any for
  // the office) as meeting one of the concern's obligations.
  [[nodiscard]] absl::StatusOr<ConcernView> Respond(const Actor& actor,
                                                    int64_t id,
                                                    const ResponseInput& in);
  // The unit's records of genre 回应 a concern may be answered with.
  [[nodiscard]] absl::StatusOr<std::vector<publishing::Record>> Candidates(
      const Actor& actor, int64_t unit_id);

  [[nodiscard]] absl::StatusOr<Hours> GetHours();
  [[nodiscard]] absl::Status SaveHours(const Actor& actor, const Hours& h);

  // --- The public ------------------------------------------------------------
  [[nodiscard]] absl::StatusOr<std::vector<PublicConcern>> ListPublic(
      int limit = 100);

  // --- The dashboard and the 年报 (no actor) ---------------------------------
  // Open past due on as_of's end, or met late in as_of's year; of one unit
  // or all.
  [[nodiscard]] absl::StatusOr<std::vector<LateObligation>> Late(
      absl::CivilDay as_of, std::optional<int64_t> unit_id);
  [[nodiscard]] absl::StatusOr<YearCounts> CountsForYear(
      int year, std::optional<int64_t> unit_id);

  const Clock& clock() const { return clock_; }
  org::Service& org() { return org_; }

 private:
  // Reads concerns with their responses, then each record from publishing
  // (its own transactions, after ours closed).
  absl::StatusOr<std::vector<Concern>> Load(const store::Filter& f);
  void Enrich(std::vector<Concern>& concerns);

  db::Database& db_;
  const Clock& clock_;
  org::Service& org_;
  publishing::Service& publishing_;
  ServiceOptions options_;
};

}  // namespace zwgk::concerns

#endif  // ZWGK_CONCERNS_SERVICE_H_
