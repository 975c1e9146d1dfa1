// The self-inspection (issue 19): the indicators of the State Council's
// website inspection (国办秘函〔2019〕19号, inspection.md) that software can
// check, and the pure rule that turns what was found into pass/fail per
// indicator and the site's verdict. Plain data, no I/O.
#ifndef ZWGK_INSPECTION_MODEL_H_
#define ZWGK_INSPECTION_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace zwgk::inspection {

// The checkable indicators, in the order a report shows them.
enum class Indicator {
  kHomeUpdated,     // A2  首页更新 (veto)
  kNewsColumns,     // A3  动态/要闻 within 2 weeks (counts toward A5)
  kNoticeColumns,   // A4  通知公告/政策文件 within 6 months (toward A5)
  kStaleColumns,    // A5  stale columns (veto)
  kBlankColumns,    // A6  blank columns (veto at kBlankVeto)
  kMessages,        // A9  messages unanswered > 3 months (veto)
  kGuides,          // A11 办事服务 and 办事指南 elements (veto)
  kPublishDates,    // A13 publish dates not forged (veto)
  kFooter,          // A15 footer identity block (deduction)
  kMeta,            // A16 page metadata (deduction)
  kPolicyValidity,  // A18 规范性文件 有效性 (deduction)
  kInterpretation,  // A19 政策解读 (deduction)
  kBrokenLinks,     // 链接可用性 (deduction)
  kMissingAttachments  // 附件可用性 (deduction)
};
inline constexpr int kIndicatorCount = 14;
std::vector<Indicator> AllIndicators();
absl::string_view IndicatorCode(Indicator i);   // "A2" … "links"
absl::string_view IndicatorLabel(Indicator i);  // 首页更新 …
absl::string_view IndicatorRule(Indicator i);   // the threshold, one line
std::optional<Indicator> ParseIndicator(absl::string_view code);

// Thresholds (inspection.md).
inline constexpr int kHomeUpdateDays = 14;
inline constexpr int kStaleVeto = 5;      // A3 + A4 failures
inline constexpr int kStaleAnyVeto = 10;  // any column with a rule
inline constexpr int kBlankVeto = 5;      // A6

enum class Outcome {
  kPass,        // 合格
  kFail,        // 不合格 (a deduction, or findings below the veto line)
  kVeto,        // 单项否决
  kNotChecked,  // 未检查 (the crawl was skipped, a source not available)
};
absl::string_view OutcomeName(Outcome o);  // pass | fail | veto | skipped
absl::string_view OutcomeLabel(Outcome o);  // 合格 | 不合格 | 单项否决 | 未检查
std::optional<Outcome> ParseOutcome(absl::string_view name);

// One thing found, with where to see it.
struct Finding {
  Indicator indicator = Indicator::kHomeUpdated;
  std::string text;  // "栏目“政务动态”已 30 天未更新"
  std::string url;   // the page it is on (public or admin), "" none
};

// What the checks found: counts the thresholds apply to, and the findings
// behind them. Each source says whether it was checked.
struct Facts {
  std::string as_of;  // YYYY-MM-DD
  // A2: the newest dated item of the home page, "" when none has a date.
  bool home_checked = false;
  std::string home_newest_on;
  bool home_reachable = true;  // crawled: the home page answered 200
  // A3–A7 from the column registry.
  bool columns_checked = false;
  int64_t stale_news = 0;     // A3
  int64_t stale_notices = 0;  // A4
  int64_t stale_other = 0;    // other columns with a rule
  int64_t blank = 0;          // A6
  // A9.
  bool messages_checked = false;
  int64_t unanswered_over_three_months = 0;
  // A11.
  bool guides_checked = false;
  bool services_present = true;
  int64_t guides_incomplete = 0;
  // A13: refused back-dating attempts and inconsistent dates in the data.
  bool dates_checked = false;
  int64_t backdate_attempts = 0;
  int64_t inconsistent_dates = 0;
  // A18, A19.
  bool policies_checked = false;
  int64_t policies_without_validity = 0;
  int64_t policies_without_interpretation = 0;
  // The crawl: A15, A16, links and attachments.
  bool crawled = false;
  int64_t pages = 0;
  int64_t pages_without_footer = 0;
  int64_t pages_without_meta = 0;
  int64_t broken_links = 0;
  int64_t missing_attachments = 0;
  std::vector<Finding> findings;
};

struct IndicatorResult {
  Indicator indicator = Indicator::kHomeUpdated;
  Outcome outcome = Outcome::kPass;
  bool veto_item = false;  // a veto indicator (kind)
  int64_t count = 0;       // what the threshold counts
  std::string summary;     // one sentence: why it passed or failed
  std::vector<Finding> findings;
};

struct Verdict {
  std::vector<IndicatorResult> results;  // AllIndicators() order
  bool passed = true;                    // no veto
  int64_t vetoes = 0, failures = 0, findings = 0;
};

// Days from `from` to `to` (YYYY-MM-DD); nullopt if either is not a date.
std::optional<int64_t> DaysBetween(absl::string_view from,
                                   absl::string_view to);

// Pure: the verdict on `facts`. A veto indicator failing its threshold is
// kVeto (the site fails); below the threshold with findings it is kFail.
Verdict Judge(const Facts& facts);

// The stored form of a report (JSON), read back without throwing.
nlohmann::json VerdictJson(const Verdict& v);
Verdict VerdictFromJson(const nlohmann::json& j);
nlohmann::json FindingJson(const Finding& f);

}  // namespace zwgk::inspection

#endif  // ZWGK_INSPECTION_MODEL_H_
