// 政策解读 三同步 (issue 16): whether a policy (a 行政规范性文件, or a record
// of a genre the county office marks "needs interpretation") has its
// interpretation (a record of genre 解读 related "interprets" to it) in
// time. Pure: the facts come from the store, the working days from a
// calendar::Calendar.
#ifndef ZWGK_PUBLISHING_INTERPRETATION_H_
#define ZWGK_PUBLISHING_INTERPRETATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "calendar/calendar.h"

namespace zwgk::publishing {

// The genre of interpretation records.
inline constexpr absl::string_view kInterpretationGenre = "解读";
// Working days an interpretation may follow its policy by, unless the
// office sets another number.
inline constexpr int kDefaultInterpretationDays = 3;
inline constexpr int kMaxInterpretationDays = 60;

enum class InterpretationState {
  kOnTime,   // an interpretation published by the deadline (or before)
  kPending,  // none published yet, the deadline not passed
  kLate,     // the first one published after the deadline
  kMissing,  // none published and the deadline passed
  kWaived,   // published without one, the reviewer's reason recorded
};

struct InterpretationFacts {
  std::string policy_published_on;  // first publication, YYYY-MM-DD
  // First publication of each interpretation published now; "" entries
  // (not published) are ignored, as are days after as_of.
  std::vector<std::string> interpretations_published_on;
  bool waived = false;
};

struct InterpretationJudgement {
  InterpretationState state = InterpretationState::kPending;
  std::string due_on;  // YYYY-MM-DD: the policy's day + the allowed days
  std::string interpreted_on;  // the first interpretation's day, if any
  // kLate: working days after the policy the interpretation came;
  // kMissing: working days past due_on.
  int64_t days = 0;
};

// The rule: on time if an interpretation was published by due_on; else
// waived if the reviewer recorded why; else late if one came after; else
// missing once due_on has passed (pending until then).
InterpretationJudgement JudgeInterpretation(const InterpretationFacts& facts,
                                            const calendar::Calendar& cal,
                                            int late_after_days,
                                            absl::CivilDay as_of);

// Late or missing: what the dashboard counts.
inline bool Flagged(const InterpretationJudgement& j) {
  return j.state == InterpretationState::kLate ||
         j.state == InterpretationState::kMissing;
}

// "解读已同步发布", "解读晚于政策5个工作日发布（应于2026-03-04前）", …
std::string InterpretationLabel(const InterpretationJudgement& j);

}  // namespace zwgk::publishing

#endif  // ZWGK_PUBLISHING_INTERPRETATION_H_
