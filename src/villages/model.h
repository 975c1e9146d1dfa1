// 村务公开 / 居务公开 (issue 17): postings of villages and communities in
// the three kinds 党务 / 村务 / 财务, their cadence (村民委员会组织法 Art 30:
// general items at least quarterly, finance monthly where transactions are
// frequent, major items at once), due days on the working-day clock, the
// notice-board PDF and the photo of the posted board. Plain structs and pure
// rules, no I/O except ReadExifTime (exif.cc, over bytes).
#ifndef ZWGK_VILLAGES_MODEL_H_
#define ZWGK_VILLAGES_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "calendar/calendar.h"

namespace zwgk::villages {

enum class Kind { kParty, kVillage, kFinance };
absl::string_view KindName(Kind k);   // party | village | finance
absl::string_view KindLabel(Kind k);  // 党务 | 村务 | 财务
// Accepts the name or the label ("财务").
std::optional<Kind> ParseKind(absl::string_view s);
inline constexpr Kind kAllKinds[] = {Kind::kParty, Kind::kVillage,
                                     Kind::kFinance};

enum class Cadence { kMonthly, kQuarterly };

// A period a posting covers: a month (1–12) or a quarter (1–4) of a year;
// major items (重大事项) are posted at once and have no period.
struct Period {
  int year = 0;
  Cadence cadence = Cadence::kQuarterly;
  int index = 1;  // month or quarter
  bool operator==(const Period&) const = default;
};
std::string PeriodLabel(const Period& p);  // 2026年第1季度 | 2026年3月
// Parses "2026-Q1", "2026-03", "2026年第1季度" or "2026年3月".
std::optional<Period> ParsePeriod(absl::string_view s);
absl::CivilDay PeriodStart(const Period& p);
absl::CivilDay PeriodEnd(const Period& p);
// The last period of `cadence` that has ended on or before `day`.
Period LastEndedPeriod(Cadence cadence, absl::CivilDay day);

// A village's cadence per kind: finance monthly where the village says its
// transactions are frequent, everything else quarterly.
Cadence CadenceFor(Kind kind, bool finance_monthly);

// Due: `days` working days after the period's end on the county calendar.
absl::CivilDay DueDate(const calendar::Calendar& cal, const Period& p,
                       int days);

enum class PostingState { kDraft, kPublished, kWithdrawn };
absl::string_view PostingStateLabel(PostingState s);  // 草稿 | 已公开 | 已撤回

struct Photo {
  std::string blob_key, file_name, content_type;
  int64_t size = 0;
  std::string uploaded_at;              // timestamp
  std::optional<std::string> taken_at;  // EXIF DateTimeOriginal, as read
  std::string uploaded_by;
};

struct Posting {
  int64_t id = 0;
  int64_t village_id = 0;
  std::string village_name, town_name;
  Kind kind = Kind::kVillage;
  std::optional<Period> period;  // nullopt: a major item posted at once
  std::string title, body;       // body: plain text, paragraphs by blank line
  PostingState state = PostingState::kDraft;
  std::optional<absl::CivilDay> posted_on;  // the day it went up (公开日期)
  std::vector<Photo> photos;
  std::string created_by, created_at, updated_at;
};

// An obligation: a village must post `kind` for `period` by `due_on`.
enum class Timeliness { kDueLater, kDueSoon, kOnTime, kLate, kMissing };
absl::string_view TimelinessLabel(Timeliness t);
// 未到期 | 即将到期 | 按时公开 | 逾期公开 | 逾期未公开
Timeliness Judge(absl::CivilDay due_on, std::optional<absl::CivilDay> posted_on,
                 absl::CivilDay today, int due_soon_days = 5);

// The EXIF DateTimeOriginal (or DateTime) of a JPEG, as "YYYY-MM-DD HH:MM:SS";
// nullopt when there is none or the bytes are not a JPEG with EXIF.
std::optional<std::string> ReadExifTime(absl::string_view jpeg);

}  // namespace zwgk::villages

#endif  // ZWGK_VILLAGES_MODEL_H_
