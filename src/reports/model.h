// 年报: the yearly 政府信息公开工作年度报告 (条例 Art 49–50) in the 2021
// national format (国办公开办函〔2021〕30号, reference/annual-report.md). Plain
// data, the checks between cells, text similarity and the generated paragraph
// of 一、总体情况 — no I/O, so the HTML page, the JSON API and the PDF, DOCX
// and XLSX writers all render from the same structs.
#ifndef ZWGK_REPORTS_MODEL_H_
#define ZWGK_REPORTS_MODEL_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "nlohmann/json.hpp"

namespace zwgk::reports {

// draft → submitted → reviewed → published; the county office may return a
// submitted report to draft with a comment.
enum class State { kDraft, kSubmitted, kReviewed, kPublished };
absl::string_view StateName(State s);  // draft | submitted | …
absl::string_view StateLabel(State s);  // 草稿 | 已提交 | 已审核 | 已发布
std::optional<State> ParseState(absl::string_view s);

// ---------------------------------------------------------------------------
// Table 二 — 主动公开政府信息情况.

// 第二十条第（一）项: one document class.
struct DocFigures {
  int64_t issued = 0;    // 本年制发件数
  int64_t repealed = 0;  // 本年废止件数
  int64_t in_force = 0;  // 现行有效件数
  bool operator==(const DocFigures&) const = default;
};

// The figures a unit enters, each with where it comes from (台账, 系统).
struct EnteredFigure {
  int64_t value = 0;  // decisions; for 收费 the amount in 元 ×100 (分)
  std::string source;
  bool operator==(const EnteredFigure&) const = default;
};

struct Table2 {
  DocFigures regulations;  // 规章
  DocFigures normative;    // 行政规范性文件
  // Where (一) came from: "records" (counted by publishing) or "manual".
  std::string doc_source = "manual";
  EnteredFigure licensing;  // 第（五）项 行政许可 本年处理决定数量
  EnteredFigure penalty;   // 第（六）项 行政处罚
  EnteredFigure coercion;  // 第（六）项 行政强制
  EnteredFigure fees;  // 第（八）项 行政事业性收费, in 分 (万元 shown)
  bool operator==(const Table2&) const = default;
};

// 分 → "12.3456" 万元 (four decimals, trailing zeros dropped, at least one).
std::string FeesWan(int64_t fen);
// "12.5" (万元) → 分; nullopt for anything but a non-negative decimal with at
// most 6 decimals.
std::optional<int64_t> ParseFeesWan(absl::string_view s);

// The entered Table 二 fields by their form, CSV and JSON names:
// licensing, penalty, coercion, fees (万元); and for (一) when entered by
// hand regulations_issued, regulations_repealed, regulations_in_force,
// normative_issued, normative_repealed, normative_in_force.
inline constexpr std::array<absl::string_view, 10> kTable2Fields = {
    "regulations_issued",
    "regulations_repealed",
    "regulations_in_force",
    "normative_issued",
    "normative_repealed",
    "normative_in_force",
    "licensing",
    "penalty",
    "coercion",
    "fees"};
absl::string_view Table2FieldLabel(absl::string_view field);

// ---------------------------------------------------------------------------
// Table 三 — 收到和处理政府信息公开申请情况: 25 rows × 7 columns.

inline constexpr int kColumns = 7;
inline constexpr int kTable3Rows = 25;
using Counts = std::array<int64_t, kColumns>;
// 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
inline constexpr std::array<absl::string_view, kColumns> kColumnLabels = {
    "自然人",       "商业企业", "科研机构", "社会公益组织",
    "法律服务机构", "其他",     "总计"};
// The national row codes of the API, in template order: "一", "二",
// "三.一", "三.二", "三.三.1" … "三.三.8", "三.四.1" … "三.四.3", "三.五.1" …
// "三.五.5", "三.六.1" … "三.六.3", "三.七", "四".
extern const std::array<absl::string_view, kTable3Rows> kRowCodes;
// The row labels of the template ("一、本年新收政府信息公开申请数量",
// "1.属于国家秘密", …).
extern const std::array<absl::string_view, kTable3Rows> kRowLabels;
// The group heading of a result sub-row ("（三）不予公开"), "" otherwise.
absl::string_view RowGroup(int row);
std::optional<int> RowIndex(absl::string_view code);
inline constexpr int kRowNew = 0;          // 一
inline constexpr int kRowCarriedIn = 1;    // 二
inline constexpr int kFirstResultRow = 2;  // 三.一
inline constexpr int kRowConcluded = 23;   // 三.七
inline constexpr int kRowCarriedOut = 24;  // 四

struct Table3 {
  std::array<Counts, kTable3Rows> cells{};
  bool operator==(const Table3&) const = default;
};

// ---------------------------------------------------------------------------
// Table 四 — 行政复议、行政诉讼.

enum class Outcome { kMaintained, kCorrected, kOther, kPending };
inline constexpr std::array<absl::string_view, 5> kOutcomeLabels = {
    "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"};
absl::string_view OutcomeName(Outcome o);  // maintained | corrected | …
std::optional<Outcome> ParseOutcome(absl::string_view s);  // name or label

enum class Proceeding { kReview, kSuitDirect, kSuitAfterReview };
inline constexpr std::array<absl::string_view, 3> kProceedingLabels = {
    "行政复议", "未经复议直接起诉", "复议后起诉"};
absl::string_view ProceedingName(Proceeding p);  // review | suit_direct | …
std::optional<Proceeding> ParseProceeding(absl::string_view s);

// One block: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
using Block = std::array<int64_t, 5>;
struct Table4 {
  std::array<Block, 3> blocks{};  // by Proceeding
  bool operator==(const Table4&) const = default;
};

// One case of Table 四, entered by its number.
struct Case {
  Proceeding proceeding = Proceeding::kReview;
  Outcome outcome = Outcome::kPending;
  std::string number;  // 案号
  bool operator==(const Case&) const = default;
};
// Table 四 counted from cases (totals computed).
Table4 CountCases(const std::vector<Case>& cases);

// ---------------------------------------------------------------------------
// The three tables together, as computed for a draft or frozen when
// published.
struct Figures {
  Table2 table2;
  Table3 table3;
  Table4 table4;
  bool operator==(const Figures&) const = default;
};

// One check between cells. `cell` names the failing cell
// ("table3/三.七/自然人") and `message` says what differs, in Chinese.
struct Check {
  std::string rule;
  bool ok = true;
  std::string cell;
  std::string message;
};
inline constexpr absl::string_view kRuleBalance = "一+二=三(七)+四";
inline constexpr absl::string_view kRuleRowTotal = "总计=各列之和";
inline constexpr absl::string_view kRuleConcluded = "三(七)=各项之和";
inline constexpr absl::string_view kRuleTable4 = "表四总计=各项之和";
inline constexpr absl::string_view kRuleNonNegative = "数字不为负";

// Every rule: one passing entry per rule that holds, one failing entry per
// cell where it does not (pure).
std::vector<Check> RunChecks(const Figures& f);
bool AllPass(const std::vector<Check>& checks);

// JSON in the API's shape: {"table2": …, "table3": {ROW: [7]}, "table4": …}
// and back. FromJson refuses (nullopt) anything not in that exact shape.
nlohmann::json ToJson(const Figures& f);
std::optional<Figures> FiguresFromJson(const nlohmann::json& j);
nlohmann::json ChecksJson(const std::vector<Check>& checks);

// ---------------------------------------------------------------------------
// Text sections.

enum class Section { kOverview, kProblems, kOther };  // 一, 五, 六
inline constexpr std::array<Section, 3> kSections = {
    Section::kOverview, Section::kProblems, Section::kOther};
absl::string_view SectionName(Section s);   // overview | problems | other
absl::string_view SectionTitle(Section s);  // 一、总体情况 …

// How alike two texts are: the Sørensen–Dice coefficient of their character
// bigram multisets, after dropping whitespace and punctuation (so reflowed
// or repunctuated copies still match). 0 for two texts without a bigram
// unless both are empty of content (then 0 as well: nothing is copied).
double Similarity(absl::string_view a, absl::string_view b);
inline constexpr double kCopiedThreshold = 0.8;

// The generated first paragraph of 一、总体情况: this year's figures, with
// rises and falls against last year's when there is one.
std::string OverviewParagraph(int year, absl::string_view body,
                              const Figures& now,
                              const std::optional<Figures>& last);

// ---------------------------------------------------------------------------
// A report as stored: what people typed, and the frozen figures once
// published.

// What a unit enters by hand: Table 二's entered figures (and (一) while it
// is not counted from records), Table 四 as numbers, or its cases (when
// there are any, Table 四 is counted from them).
struct Entered {
  Table2 table2;
  Table4 table4;
  std::vector<Case> cases;
  bool operator==(const Entered&) const = default;
};
nlohmann::json EnteredToJson(const Entered& e);
Entered EnteredFromJson(const nlohmann::json& j);  // missing fields: 0 / ""

inline constexpr int64_t kCountyBody = 0;  // unit_id of the county report

struct Report {
  int64_t id = 0;
  int year = 0;
  int64_t unit_id = kCountyBody;
  std::string body_name;  // 嘉鱼县人民政府 | the unit's name
  int version = 1;
  State state = State::kDraft;
  std::array<std::string, 3> texts;  // by Section
  Entered entered;
  std::optional<Figures> frozen;  // published versions
  std::string note;               // correction note (versions > 1)
  std::string review_comment;
  std::optional<int64_t> record_id;
  std::string created_by, created_at, updated_by, updated_at;
  std::string submitted_at, published_at;
  bool county() const { return unit_id == kCountyBody; }
};

// ---------------------------------------------------------------------------
// Deadlines (条例 Art 49–50): units by 31 January, the county government by
// 31 March of the next year.
absl::CivilDay DueDate(int year, bool county);

}  // namespace zwgk::reports

#endif  // ZWGK_REPORTS_MODEL_H_
