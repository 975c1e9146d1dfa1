// 回应关切 and 舆情回应 (issue 23): concerns the county must answer on the
// clock, in hours. Plain structs and pure rules, no I/O (model.cc,
// model_test.cc).
//
// A concern is logged with the minute it was first seen. A 重大突发事件
// (major) owes authoritative information within 5 hours and a press
// conference within 24 hours; an 一般政务舆情 (general) a response within
// 48 hours. The hours are the county office's setting; a concern keeps the
// due times computed when it was logged. An obligation is met by the first
// publication of a linked record of genre 回应.
#ifndef ZWGK_CONCERNS_MODEL_H_
#define ZWGK_CONCERNS_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace zwgk::concerns {

enum class Kind { kMajor, kGeneral };
absl::string_view KindName(Kind k);   // major | general
absl::string_view KindLabel(Kind k);  // 重大突发事件 | 一般政务舆情
// The name or the label.
std::optional<Kind> ParseKind(absl::string_view s);

enum class Source {
  kMonitoring,  // 舆情监测
  kMedia,       // 媒体报道
  kNetizen,     // 网民留言
  kHotline,     // 12345 热线
  kDeputies,    // 人大建议/政协提案
  kOther,       // 其他
};
const std::vector<Source>& AllSources();
absl::string_view SourceName(Source s);  // monitoring | media | netizen |
                                         // hotline | deputies | other
absl::string_view SourceLabel(Source s);
std::optional<Source> ParseSource(absl::string_view s);  // name or label

// What a concern owes.
enum class Obligation {
  kFirstInformation,  // 发布权威信息 (major, 5 hours)
  kPressConference,   // 召开新闻发布会 (major, 24 hours)
  kResponse,          // 回应 (general, 48 hours)
};
absl::string_view ObligationName(Obligation o);  // first_information |
                                                 // press_conference | response
absl::string_view ObligationLabel(Obligation o);
std::optional<Obligation> ParseObligation(absl::string_view s);
// In the order they fall due.
std::vector<Obligation> ObligationsOf(Kind k);

// Hours after the first sighting, set by the county office (1–720).
struct Hours {
  int first_information = 5;
  int press_conference = 24;
  int response = 48;
  int For(Obligation o) const;
};
inline constexpr int kMaxHours = 720;

struct Due {
  Obligation obligation = Obligation::kResponse;
  absl::Time due_at;
};
// The due times of a concern of `kind` first seen at `seen_at` (pure).
std::vector<Due> DueTimes(Kind kind, absl::Time seen_at, const Hours& hours);

// One obligation on `now`: met (by `met_at`) on time or late, or still open
// and running or overdue.
enum class Timeliness { kRunning, kOverdue, kOnTime, kLate };
absl::string_view TimelinessLabel(Timeliness t);  // 未到期 | 已超时 |
                                                  // 按时回应 | 超时回应
Timeliness Judge(absl::Time due_at, std::optional<absl::Time> met_at,
                 absl::Time now);

// The seen minute typed by staff or sent to the API: ISO 8601 with an
// offset ("2026-12-02T22:30+08:00", seconds allowed, "Z" too), or without
// one — then Beijing time ("2026-12-02T22:30", "2026-12-02 22:30", the
// form's datetime-local). Seconds are dropped (the minute is kept).
std::optional<absl::Time> ParseSeenAt(absl::string_view text);
// "2026-12-03T03:30+08:00": ISO 8601 in Beijing time, for the API.
std::string FormatBeijingIso(absl::Time t);
// "2026-12-03 03:30": Beijing time for pages.
std::string FormatBeijingMinute(absl::Time t);

struct Response {
  int64_t id = 0;
  int64_t record_id = 0;
  Obligation obligation = Obligation::kResponse;
  std::string linked_by, linked_at;  // who linked it, when (RFC 3339)
  // Filled on read from publishing: the record's title, whether it is
  // public, and its first publication (meets the obligation).
  std::string record_title;
  bool record_public = false;
  std::optional<absl::Time> published_at;
};

struct Concern {
  int64_t id = 0;
  std::string title;
  Source source = Source::kOther;
  Kind kind = Kind::kGeneral;
  int64_t unit_id = 0;
  std::string unit_name;
  absl::Time seen_at;
  std::vector<Due> due;  // computed when logged, with the hours then
  std::string notes;     // internal: never on a public page or the API list
  std::string created_by, created_at;
  std::vector<Response> responses;
};

// An obligation as judged on a day: met by the earliest published response
// linked for it.
struct ObligationStatus {
  Obligation obligation = Obligation::kResponse;
  absl::Time due_at;
  std::optional<absl::Time> met_at;
  int64_t met_by_record = 0;
  Timeliness timeliness = Timeliness::kRunning;
};
std::vector<ObligationStatus> Statuses(const Concern& c, absl::Time now);

// overdue: an obligation open past due; open: an obligation not yet met
// (overdue ones too); answered: every obligation met.
enum class State { kOpen, kOverdue, kAnswered };
absl::string_view StateName(State s);   // open | overdue | answered
absl::string_view StateLabel(State s);  // 办理中 | 已超时 | 已回应
std::optional<State> ParseState(absl::string_view s);
State StateOf(const std::vector<ObligationStatus>& statuses);
// Whether a concern in `state` passes the list filter `filter` (open
// includes overdue).
bool Matches(State state, State filter);

}  // namespace zwgk::concerns

#endif  // ZWGK_CONCERNS_MODEL_H_
