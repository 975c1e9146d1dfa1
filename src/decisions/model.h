// 重大行政决策 (issue 16): the yearly catalog of major decisions (国务院令第
// 713号), the public consultation on a draft with its comment window, the
// comments, their moderation and adoption, and the 意见采纳情况反馈.
// Plain structs and pure rules, no I/O (model.cc, model_test.cc).
#ifndef ZWGK_DECISIONS_MODEL_H_
#define ZWGK_DECISIONS_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace zwgk::decisions {

// --- The catalog (重大行政决策事项目录) -------------------------------------

// 拟决策 → 征求意见 → 已决策 → 已公布, or 暂缓 / 撤销 from any state before
// 已公布 (暂缓 may resume to where it was).
enum class DecisionState {
  kPlanned,     // 拟决策
  kConsulting,  // 征求意见
  kDecided,     // 已决策
  kPublished,   // 已公布
  kPostponed,   // 暂缓
  kWithdrawn,   // 撤销
};
absl::string_view DecisionStateName(DecisionState s);   // "planned"
absl::string_view DecisionStateLabel(DecisionState s);  // "拟决策"
std::optional<DecisionState> ParseDecisionState(absl::string_view name);
// Whether a decision may move from `from` to `to` (pure, table-tested).
bool CanMove(DecisionState from, DecisionState to);

struct Decision {
  int64_t id = 0;
  int year = 0;  // the catalog year
  std::string title;
  std::string deciding_body;  // 决策机关, e.g. 县人民政府
  int64_t unit_id = 0;        // 承办单位
  std::string unit_name;
  std::string legal_basis;  // 依据
  std::optional<absl::CivilDay> planned_consultation_on, planned_decision_on;
  DecisionState state = DecisionState::kPlanned;
  // Before a 暂缓: the state to resume to.
  std::optional<DecisionState> resume_to;
  std::string state_note;  // why it was postponed or withdrawn
  // The published decision document (a publishing record), once 已公布;
  // its 解读 are the record's "interprets" relations.
  std::optional<int64_t> record_id;
  std::optional<absl::CivilDay> decided_on, published_on;
  std::string created_at, updated_at;
};

// Hearings, expert opinions and the other steps of 713号令, with documents.
enum class EventKind {
  kHearing,     // 听证会
  kExpert,      // 专家论证
  kRisk,        // 风险评估
  kLegality,    // 合法性审查
  kCollective,  // 集体讨论决定
  kOther,       // 其他
};
absl::string_view EventKindName(EventKind k);   // "hearing"
absl::string_view EventKindLabel(EventKind k);  // "听证会"
std::optional<EventKind> ParseEventKind(absl::string_view name);

struct EventDocument {
  std::string name;      // file name shown
  std::string blob_key;  // content::BlobStore key
  int64_t size = 0;
  std::string content_type;
};

struct DecisionEvent {
  int64_t id = 0;
  int64_t decision_id = 0;
  EventKind kind = EventKind::kOther;
  absl::CivilDay on;
  std::string title, summary;
  bool is_public = true;  // shown on the portal
  std::vector<EventDocument> documents;
  std::string created_at, created_by;
};

// A published version of a year's catalog: what the portal shows, frozen.
struct CatalogVersion {
  int year = 0;
  int version = 0;   // 1, 2, … per year
  std::string note;  // what changed, typed by the office
  std::string published_at, published_by;
  std::vector<Decision> items;  // as they were when published
};

// What changed between two versions (by decision id), for the portal.
struct CatalogDiff {
  std::vector<Decision> added, removed;
  std::vector<std::pair<Decision, Decision>> changed;  // before, after
};
CatalogDiff Diff(const std::vector<Decision>& before,
                 const std::vector<Decision>& after);

// --- Consultation (征求意见)
// --------------------------------------------------

// The law's minimum window, in calendar days counted inclusively
// (opens_on … closes_on) (国务院令第713号 Art 15).
inline constexpr int kMinimumWindowDays = 30;

// Derived from the server clock on every read, never stored.
enum class WindowState {
  kNotYetOpen,  // 未开始
  kOpen,        // 征求意见中
  kClosed,      // 已截止
  kRecorded,    // held before this system (past dates): takes no comments
};
absl::string_view WindowStateName(WindowState s);   // "open"
absl::string_view WindowStateLabel(WindowState s);  // "征求意见中"

// A window opens at 00:00 Beijing time on opens_on and closes at 24:00 on
// closes_on (i.e. 00:00 the next day): pure, tested with times either side.
WindowState WindowAt(absl::CivilDay opens_on, absl::CivilDay closes_on,
                     bool recorded, absl::Time now);
// Inclusive calendar days of a window.
int WindowDays(absl::CivilDay opens_on, absl::CivilDay closes_on);

struct WindowChange {
  // closes_on before and after: to > from for Extend, to < from for
  // EndEarly (both shown publicly with the reason).
  absl::CivilDay from, to;
  std::string reason, by, at;
};

struct Consultation {
  int64_t id = 0;
  std::optional<int64_t> decision_id;  // the catalog entry, if any
  int64_t unit_id = 0;                 // 承办单位
  std::string unit_name;
  std::string title;
  std::string body;         // 草案 (plain text; paragraphs by blank lines)
  std::string explanation;  // 起草说明
  // The parts a comment may name (第一条, 第二章, …); empty: free text.
  std::vector<std::string> sections;
  absl::CivilDay opens_on, closes_on;
  std::string short_reason;  // required when the window is < 30 days
  bool recorded = false;     // held before, with past dates: no comments
  bool allow_anonymous = true;
  std::vector<WindowChange> extensions;
  std::vector<EventDocument> attachments;
  std::optional<std::string> feedback_published_at;
  std::string feedback_note;  // the unit's summary on the feedback page
  std::string created_at, created_by;
};

// --- Comments
// -----------------------------------------------------------------

enum class CommentState { kPending, kPublished, kHidden };
absl::string_view CommentStateName(CommentState s);   // "pending"
absl::string_view CommentStateLabel(CommentState s);  // "待审核"
std::optional<CommentState> ParseCommentState(absl::string_view name);

enum class Adoption { kNone, kAdopted, kPartly, kRejected, kOutOfScope };
absl::string_view AdoptionName(Adoption a);  // "adopted"
absl::string_view AdoptionLabel(Adoption a);  // 采纳 / 部分采纳 / 不采纳 /
                                              // 不属于本次征求范围 / 未处理
std::optional<Adoption> ParseAdoption(absl::string_view name);

struct Comment {
  int64_t id = 0;
  int64_t consultation_id = 0;
  std::string name;  // "匿名" when anonymous
  // Private: shown to the undertaking unit and the county office only,
  // never on a public page, feed, export or API answer.
  std::string phone, email;
  std::string section;  // the part of the draft, "" for the whole
  std::string text;
  CommentState state = CommentState::kPending;
  std::string moderation_reason, moderated_by, moderated_at;
  Adoption adoption = Adoption::kNone;
  std::string adoption_reason;
  // Grouped with another comment saying the same: takes its outcome.
  std::optional<int64_t> duplicate_of;
  std::string created_at;
  std::string channel;  // "" online; 信函 | 电子邮件 | 座谈会 | 其他 (staff)
  std::string received_on;  // staff-recorded: the day it arrived ("" online)
  std::string text_hash;    // duplicate detection (normalized text)
  std::string source_hash;  // hash of the sender's address, rate limiting
};

// Text normalized for duplicate detection: spaces and punctuation dropped,
// ASCII lower-cased (pure).
std::string NormalizeForDuplicates(absl::string_view text);

// --- 意见采纳情况反馈
// ---------------------------------------------------------

struct FeedbackCounts {
  int64_t received = 0;  // every comment received in the window
  int64_t hidden = 0;    // not published (abuse, personal data, …)
  int64_t adopted = 0, partly = 0, rejected = 0, out_of_scope = 0;
  int64_t undecided = 0;  // published comments without an outcome
};

struct FeedbackItem {
  int64_t comment_id = 0;
  std::string name, section, text;  // public fields only
  Adoption adoption = Adoption::kNone;
  std::string reason;
  std::optional<int64_t> duplicate_of;
};

struct Feedback {
  FeedbackCounts counts;
  std::vector<FeedbackItem> items;  // published comments, by id
};

// The report from the comments (pure): a duplicate counts under its
// group's outcome; hidden comments are counted, not listed.
Feedback BuildFeedback(const std::vector<Comment>& comments);

// Why the feedback may not be published yet (empty: it may): the window
// still open, published comments without an outcome (named by id).
std::vector<std::string> FeedbackBlockers(const std::vector<Comment>& comments,
                                          WindowState window);

}  // namespace zwgk::decisions

#endif  // ZWGK_DECISIONS_MODEL_H_
