// The standard disclosure catalog (政务公开事项标准目录, the seed's 附件2):
// plain data, no I/O. One CatalogItem is one row of the government table.
#ifndef ZWGK_CATALOG_MODEL_H_
#define ZWGK_CATALOG_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zwgk::catalog {

// How a 公开时限 is counted.
enum class PeriodKind {
  kUnparsed,      // the text was not understood: a person must review it
  kWorkingDays,   // N 个工作日
  kCalendarDays,  // N 日 / N 天 (legal days are calendar days)
  kRealtime,      // 实时公开: as soon as the information exists
  kTimely,        // 及时公开: promptly, no number given
};

struct Period {
  PeriodKind kind = PeriodKind::kUnparsed;
  int days = 0;  // only for kWorkingDays and kCalendarDays
  bool operator==(const Period&) const = default;
};

// 公开时限: the text as written plus what could be read from it.
struct TimeLimit {
  std::string text = {};
  // 计时期限: a wording the clock counts by when `text` is the catalog's legal
  // wording but names several cases or no readable period ("…20个工作日内；
  // 结果信息…7个工作日内", "随采购公告公开"), e.g. "20个工作日内" or
  // "及时公开". The county chooses it; `text` stays as written. Empty: `text`
  // counts.
  std::string clock = {};
  // When to publish, counted from the day the information is formed or
  // changed. When the text names only a 公示期 ("公示7个工作日"), this is that
  // 公示期 and period_is_publicity is set.
  Period period = {};
  bool period_is_publicity = false;
  // 公示期: how long the information must stay posted
  // ("公示期不少于7个工作日").
  std::optional<Period> publicity = {};

  // Unparsed text is never guessed; the county reviews it.
  bool needs_review() const { return period.kind == PeriodKind::kUnparsed; }
  bool operator==(const TimeLimit&) const = default;
};

// 公开对象.
enum class Audience {
  kPublic,  // 全社会
  kGroup,  // 特定群众 (特定群体); the group is named in audience_detail
};

// 公开方式.
enum class Method {
  kProactive,  // 主动
  kOnRequest,  // 依申请公开
};

// 公开层级.
enum class Level {
  kCounty,    // 县级
  kTownship,  // 乡级
  kVillage,   // 村级
};

// Something wrong with one field of an item: a required element missing, or
// what an import could not read.
struct FieldProblem {
  std::string field = {};   // JSON key: "level2", "channels", …
  std::string reason = {};  // Chinese, e.g. "二级事项不能为空"
  bool operator==(const FieldProblem&) const = default;
};

struct CatalogItem {
  int64_t id = 0;           // assigned by the store; 0 until stored
  int seq = 0;              // 序号
  std::string level1 = {};  // 公开事项 一级事项
  std::string level2 = {};  // 公开事项 二级事项
  // 公开事项 三级事项, when the catalog has one
  std::optional<std::string> level3 = {};
  std::string elements = {};                   // 公开内容（要素）
  std::string basis = {};                      // 公开依据, as written
  std::vector<std::string> basis_titles = {};  // the 《…》 titles in `basis`
  TimeLimit time_limit = {};                   // 公开时限
  std::string subject = {};                    // 公开主体
  // 公开渠道和载体 marked ■ (used), in the order written. Known names are
  // spelled as in data/channels.json; unknown names are kept as written.
  std::vector<std::string> channels = {};
  std::vector<Audience> audience = {};  // sorted, no duplicates
  std::string audience_detail = {};  // the 特定群众 named, e.g. "项目单位"
  std::vector<Method> method = {};  // sorted, no duplicates
  // sorted, no duplicates; empty when not given
  std::vector<Level> levels = {};
  // A seed example for the county to review, not yet an adopted item.
  bool example = false;
  // What the import of a draft item found that its fields cannot show (a
  // channel written without ■/□, a mark that could not be read). Kept until
  // the item is next saved; an item with notes is not published.
  std::vector<FieldProblem> import_notes = {};

  bool operator==(const CatalogItem&) const = default;
};

// The catalog of one domain (领域), e.g. "重大建设项目".
struct Catalog {
  std::string domain = {};
  std::optional<int> version = {};  // none for a draft
  std::vector<CatalogItem> items = {};

  bool operator==(const Catalog&) const = default;
};

// An item with the domain whose catalog holds it (reads across domains).
struct DomainItem {
  int64_t domain_id = 0;
  CatalogItem item = {};
};

// Which version of a domain's catalog a caller means, as users write it:
// "" (the open draft, else the latest published version), "draft",
// "published", or a version number ("3").
struct VersionRef {
  enum class Kind {
    // "": the draft when one is open, else the latest published version.
    kCurrent,
    kDraft,            // "draft"
    kLatestPublished,  // "published"
    kNumber,           // "3"
  };
  Kind kind = Kind::kCurrent;
  int number = 0;  // only for kNumber; positive

  static VersionRef Current() { return {}; }
  static VersionRef Draft() { return {.kind = Kind::kDraft}; }
  static VersionRef LatestPublished() {
    return {.kind = Kind::kLatestPublished};
  }
  static VersionRef Number(int n) {
    return {.kind = Kind::kNumber, .number = n};
  }

  // nullopt for anything else: "0", "-1", "+2", " 2", "v2", "Draft".
  static std::optional<VersionRef> Parse(absl::string_view text);
  // What Parse reads back: "", "draft", "published", "3".
  std::string ToString() const;
  // Whether the reference can resolve to the unpublished draft.
  bool MayBeDraft() const {
    return kind == Kind::kCurrent || kind == Kind::kDraft;
  }
  bool operator==(const VersionRef&) const = default;
};

// One stored version of a domain's catalog.
struct VersionInfo {
  int64_t id = 0;
  int64_t domain_id = 0;
  std::optional<int> version = {};  // nullopt: the draft
  std::string created_at = {}, created_by = {};
  std::string published_at = {}, published_by = {};
  std::string note = {};
  int item_count = 0;
  bool draft() const { return !version.has_value(); }
  std::string Label() const;  // "草稿" or "第3版"
};

// Chinese names as written in the table header.
absl::string_view AudienceName(Audience a);  // 全社会 / 特定群众
absl::string_view MethodName(Method m);      // 主动 / 依申请公开
absl::string_view LevelName(Level l);        // 县级 / 乡级 / 村级

// The inverse, accepting the variants seen in published catalogs
// (特定群体, 依申请, 乡镇级, …). nullopt when not recognized.
std::optional<Audience> ParseAudience(absl::string_view name);
std::optional<Method> ParseMethod(absl::string_view name);
std::optional<Level> ParseLevel(absl::string_view name);

}  // namespace zwgk::catalog

#endif  // ZWGK_CATALOG_MODEL_H_
