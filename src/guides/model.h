// 办事指南 (issue 17): one guide per 政务服务事项 of a unit and domain, with
// the elements inspectors check (../shared/reference/services.md, A11),
// versions and four-eyes review like records, and the 办事一本通 compiled
// from published guides. Plain structs and pure rules, no I/O (model.cc).
#ifndef ZWGK_GUIDES_MODEL_H_
#define ZWGK_GUIDES_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace zwgk::guides {

// The elements, keyed by their Chinese names as the API and the XLSX
// layout use them ("事项名称", "设定依据", …), in the order of a printed
// guide. Materials and steps are lists of their own (below).
struct ElementInfo {
  absl::string_view name;  // 事项名称
  bool key = true;         // required unless marked 不涉及 with a reason
  bool multiline = false;  // 设定依据, 受理条件: numbered lines
};
const std::vector<ElementInfo>& AllElements();
// nullptr for a name that is not an element.
const ElementInfo* FindElement(absl::string_view name);

struct Material {
  std::string name;
  std::string form;  // 原件 | 复印件 | 电子 | 原件及复印件
  int copies = 1;
  bool required = true;
  std::string source;       // 申请人自备 | 政府部门核发 | …
  std::string blank_blob;   // 空白表格 (content::BlobStore key), "" none
  std::string sample_blob;  // 示例样表
  std::string blank_name, sample_name;  // file names shown
};

struct Step {
  std::string name;         // 受理
  std::string description;  // what happens, who does it
  std::string time_limit;   // "1个工作日", may be empty
};

// A life event the public browses by (出生, 上学, 就业, 婚育, 养老, …).
const std::vector<absl::string_view>& LifeEvents();

enum class GuideState { kDraft, kSubmitted, kReviewed, kPublished, kWithdrawn };
absl::string_view GuideStateName(GuideState s);  // draft | submitted | …
absl::string_view GuideStateLabel(GuideState s);  // 草稿 | 待审核 | 已审核 |
                                                  // 已发布 | 已撤回
// By name or label; nullopt otherwise.
std::optional<GuideState> ParseGuideState(absl::string_view s);

struct Guide {
  int64_t id = 0;
  std::string service;  // 事项名称 (also elements["事项名称"])
  int64_t unit_id = 0;
  std::string unit_name;
  std::optional<int64_t> domain_id;
  std::string domain_name;
  std::optional<int64_t> town_id;  // a town's guide (乡镇便民服务中心)
  std::string town_name;
  // Element name → text; an element marked 不涉及 is in not_applicable
  // with its reason instead.
  std::map<std::string, std::string> elements;
  std::map<std::string, std::string> not_applicable;
  std::vector<Material> materials;
  std::vector<Step> steps;
  std::vector<std::string> life_events;
  GuideState state = GuideState::kDraft;
  int version = 0;  // published versions so far (1 after first publish)
  std::string review_remarks, submitted_by, reviewed_by, published_by;
  int64_t submitted_by_id = 0;  // four eyes: the reviewer is someone else
  std::string withdraw_reason;
  // A published version is public (the published snapshot), whatever the
  // working copy's state.
  bool has_public = false;
  std::optional<std::string> published_at;
  std::string created_at, updated_at;
};

// What is missing, by element name, for a guide to be published (pure):
// a key element neither filled nor marked 不涉及 with a reason; no
// materials; no steps. Each problem names the element ("收费标准").
struct Missing {
  std::string element;  // the element's Chinese name, or 申请材料 / 办理流程
  std::string message;  // "缺少收费标准（如不涉及，请注明理由）"
};
std::vector<Missing> MissingElements(const Guide& g);

// 办事统计: services handled in a month by a unit, entered or imported.
struct MonthlyStats {
  int64_t unit_id = 0;
  std::string unit_name;
  int year = 0, month = 0;
  int64_t received = 0, handled = 0, on_time = 0;
  std::string entered_at, entered_by;
};

// The 办事一本通's scope.
enum class BookScope { kCounty, kDomain, kUnit, kTown };
absl::string_view BookScopeName(BookScope s);  // county | domain | unit | town
std::optional<BookScope> ParseBookScope(absl::string_view s);

enum class Paper { kA4, kA5 };

}  // namespace zwgk::guides

#endif  // ZWGK_GUIDES_MODEL_H_
