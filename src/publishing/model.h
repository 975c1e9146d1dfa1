// Government information records (政府信息) as published on the portal:
// plain data, no I/O. A record is drafted by a unit's editor, reviewed
// (保密审查, Art 17), published with an 索引号, possibly changed (a new
// version, the old ones kept), unpublished, or marked 废止/失效.
#ifndef ZWGK_PUBLISHING_MODEL_H_
#define ZWGK_PUBLISHING_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace zwgk::publishing {

// Where a record is in its workflow.
enum class Status {
  kDraft,        // 草稿 (also after a rejected review)
  kSubmitted,    // 待审查
  kReviewed,     // 审查通过, waiting to be published
  kPublished,    // 已发布
  kUnpublished,  // 已撤回 (with a reason); may be submitted again
};

// 公开属性, decided when the record is drafted (公文公开属性源头认定).
enum class Disclosure {
  kActive,     // 主动公开
  kOnRequest,  // 依申请公开
  kWithheld,   // 不予公开
};

// 有效性.
enum class Validity {
  kValid,     // 有效
  kAmended,   // 已修改
  kRepealed,  // 已废止
  kExpired,   // 已失效
};

// 公文类别, orthogonal to 体裁 (a 规范性文件 may be a 通知 or an 办法):
// what Table 二 of the 年报 and the interpretation rules key on.
enum class DocClass {
  kOther,       // 其他
  kRegulation,  // 规章
  kNormative,  // 行政规范性文件 (may carry a 登记号 and an 有效期)
};

// 有效期 of a record with no end date.
inline constexpr absl::string_view kValidLongTerm = "长期";
inline constexpr int kMaxRegistrationNumberChars = 60;

// Typed links between records; `from` is the record that does the act.
enum class RelationKind {
  kInterprets,    // from 解读 to (policy interpretation)
  kReplaces,      // from 替代 to (to is repealed or expired by it)
  kAmends,        // from 修改 to
  kAttachmentOf,  // from is an attachment (附件) of to
};

absl::string_view StatusName(Status s);   // "draft", …
absl::string_view StatusLabel(Status s);  // 草稿 / 待审查 / …
std::optional<Status> ParseStatus(absl::string_view s);
absl::string_view DisclosureName(
    Disclosure d);  // active | on_request | withheld
absl::string_view DisclosureLabel(
    Disclosure d);  // 主动公开 / 依申请公开 / 不予公开
std::optional<Disclosure> ParseDisclosure(
    absl::string_view s);  // names or labels
absl::string_view ValidityName(
    Validity v);  // valid | amended | repealed | expired
absl::string_view ValidityLabel(Validity v);  // 有效 / 已修改 / 已废止 / 已失效
std::optional<Validity> ParseValidity(absl::string_view s);  // names or labels
absl::string_view DocClassName(DocClass c);  // other | regulation | normative
absl::string_view DocClassLabel(DocClass c);  // 其他 / 规章 / 行政规范性文件
std::optional<DocClass> ParseDocClass(absl::string_view s);  // names or labels
absl::string_view RelationName(RelationKind k);  // interprets | replaces | …
absl::string_view RelationLabel(RelationKind k);  // 解读 / 替代 / 修改 / 附件
std::optional<RelationKind> ParseRelation(absl::string_view s);

struct Attachment {
  int64_t id = 0;
  std::string filename;  // display name, extension matching the content
  std::string content_type;
  std::string sha256;  // content address in the blob store
  int64_t size = 0;
  // 保密审查 (issue 18): a masked copy names its 原件; an original with a
  // masked copy is kept for the unit's staff but is not public.
  std::optional<int64_t> original_of;
  bool is_public = true;
};

struct Relation {
  RelationKind kind = RelationKind::kInterprets;
  int64_t other_id = 0;  // the related record
  bool outgoing = true;  // this record → other (false: other → this)
  std::string other_title;
  std::string other_index_number;
  int64_t other_unit_id = 0;  // who may see it when it is not public
  Validity other_validity = Validity::kValid;
  bool other_public = false;
};

// One published version of a record (the history on its public page).
struct Version {
  int version = 1;
  std::string published_at;  // RFC 3339
  std::string changed_on;    // YYYY-MM-DD; empty for the first version
  std::string title;
  std::string doc_number;
  std::string body_html;
  std::string note;  // what changed
};

// The fields an editor writes. Unit, domain, topic and genre are resolved
// by id or name at the service boundary.
struct RecordInput {
  std::string title;
  std::string unit;    // id or name
  std::string domain;  // id or name; may be empty (not a pilot domain)
  std::optional<int64_t> catalog_item_id;
  std::string formed_on;   // 成文日期 YYYY-MM-DD
  std::string changed_on;  // for a change of published information
  std::string topic;  // 主题分类: "民政、扶贫、救灾" or "…/社会福利"
  std::string genre;                // 体裁: 通知, 公告, …
  std::string doc_number;           // 文号
  std::string doc_class;            // 公文类别 name or label; "" → 其他
  std::string registration_number;  // 登记号 (行政规范性文件 only)
  std::string valid_until;  // 有效期至 YYYY-MM-DD, 长期, or "" (none given)
  std::string disclosure = "active";
  std::string withheld_ground;
  std::string keywords;  // separated by spaces, commas or 、
  std::string body_html;
  std::string change_note;  // for a change: what changed
};

struct Record {
  int64_t id = 0;
  int version = 0;  // published versions so far (0: never published)
  std::string title;
  std::string index_number;  // assigned at first publication
  std::string doc_number;
  int64_t unit_id = 0;
  std::string unit_name;
  std::optional<int64_t> domain_id;
  std::string domain_name;
  std::optional<int64_t> catalog_item_id;
  std::string item_level1, item_level2;  // the catalog item it fulfils
  std::string period_label;  // the item's 公开时限 as counted ("20个工作日")
  std::string topic;         // first-level 主题分类
  std::string subtopic;  // second-level, may be empty
  std::string genre;
  DocClass doc_class = DocClass::kOther;
  std::string registration_number;  // 登记号, 行政规范性文件 only
  std::string valid_until;  // 有效期至 YYYY-MM-DD, 长期, or "" (none given)
  std::vector<std::string> keywords;
  std::string body_html;     // sanitized
  std::string formed_on;     // 成文日期
  std::string changed_on;    // the latest change, if any
  std::string publish_by;    // YYYY-MM-DD: formed/changed + the period
  std::string published_on;  // 发布日期 of the current version; "" if never
  std::string published_at;  // RFC 3339
  std::string first_published_on;
  std::optional<int> days_late;  // working days late at publication (> 0)
  Status status = Status::kDraft;
  Disclosure disclosure = Disclosure::kActive;
  std::string withheld_ground;  // code in core/withholding.h, if not active
  Validity validity = Validity::kValid;
  std::string validity_on;  // the date the validity changed
  std::optional<int64_t> replaced_by;
  std::string review_outcome;  // approved | rejected | ""
  std::string review_remarks, reviewed_by, reviewed_at;
  // Who last wrote the text under review and who submitted it: neither may
  // review it (four eyes).
  std::string drafted_by, submitted_by;
  std::string unpublish_reason;
  // A change of a published record waiting for review: the public keeps
  // seeing the published version until the change is published.
  std::optional<RecordInput> pending_change;
  Status pending_status = Status::kDraft;
  std::vector<Attachment> attachments;
  std::string created_at, created_by, updated_at;
};

// Published and 主动公开: the only records the public may see.
inline bool IsPublic(const Record& r) {
  return r.status == Status::kPublished && r.disclosure == Disclosure::kActive;
}

// One 保密审查 decision; a record keeps all of them (rejections, later
// approvals, reviews of changes).
struct ReviewEntry {
  std::string outcome;  // approved | rejected
  std::string remarks;
  std::string reviewer;
  std::string at;          // RFC 3339 UTC
  bool of_change = false;  // a change of a published record
};

// The due state filter of the staff list.
enum class DueFilter {
  kOverdue,  // 逾期: past publish-by unpublished, or published late
  kDueSoon,  // 临近: publish-by within a few working days
  kOnTime,   // 按期: published by publish-by
};
std::optional<DueFilter> ParseDueFilter(absl::string_view s);
absl::string_view DueFilterName(DueFilter f);  // overdue | soon | ontime

// The order of the staff list.
enum class ListSort {
  kUpdated,  // last changed first (a new draft comes first)
  kFormed,   // 成文日期, newest first
  kDue,      // publish-by, earliest first
};
std::optional<ListSort> ParseListSort(absl::string_view s);
absl::string_view ListSortName(ListSort s);  // updated | formed | due

// Where a record stands against its publish-by date.
enum class DueState {
  kNone,     // 依申请/不予公开, withdrawn: no label
  kRunning,  // not yet published, time left
  kDueSoon,  // not yet published, publish-by near (or today)
  kOverdue,  // not yet published, publish-by passed by working days
  kOnTime,   // published by publish-by
  kLate,     // published after publish-by
};
struct DueInfo {
  DueState state = DueState::kNone;
  int64_t days = 0;  // working days left (running, soon) or late
};
// "按期发布", "逾期3个工作日发布", "已逾期2个工作日", "剩余4个工作日",
// "今日到期"; "" for kNone. Never a zero count of days late.
std::string DueLabel(const DueInfo& d);

// A filtered, paginated list (public or staff).
struct ListQuery {
  std::optional<int64_t> domain_id;
  std::optional<int64_t> unit_id;
  std::optional<int> year;  // of the 发布日期 (staff: of the 成文日期 too)
  std::string topic;        // first-level name
  std::string genre;
  std::optional<Validity> validity;
  std::optional<Status> status;  // staff lists only
  // The catalog item (一级/二级事项) records fulfil.
  std::string item_level1, item_level2;
  // Staff lists only: part of the title, 文号 or 索引号; the due state
  // (with the dates it is decided by, filled in by the service); the order.
  std::string text;
  std::optional<DueFilter> due;
  std::string overdue_before, soon_until;  // YYYY-MM-DD
  ListSort sort = ListSort::kUpdated;
  int page = 1;
  int per_page = 20;
  bool with_body = false;  // also read body_html (feeds)
};

struct RecordPage {
  std::vector<Record> records;  // without body and attachments
  int64_t total = 0;
  int page = 1;
  int per_page = 20;
  int pages() const {
    return total == 0 ? 1 : static_cast<int>((total + per_page - 1) / per_page);
  }
};

// Public records per catalog item of a domain.
struct ItemCount {
  std::string level1, level2;
  int64_t count = 0;
  std::string latest_on;  // newest 发布日期
};

// 保密审查 (issue 18): a piece of personal data found in a record. The
// unmasked value is never stored: only its kind, place and masked preview.
struct PrivacyFinding {
  std::string kind;    // privacy::KindName: id_card | mobile | …
  std::string source;  // 标题 | 正文 | the attachment's file name
  std::optional<int64_t> attachment_id;
  std::string place;  // 正文第3段 | 第2页 | Sheet1!C5 | 另有N处未逐一列出
  std::string preview;  // masked; "" for a row standing for unlisted ones
  // > 0: this row stands for that many findings of `kind` in `source` not
  // listed one by one (a big roster lists the first 50 of each kind).
  int64_t unlisted = 0;

  // How many findings the row counts for.
  int64_t count() const { return unlisted > 0 ? unlisted : 1; }
};

// What the scan found in one record, and what the reviewer decided.
struct PrivacyReport {
  int64_t record_id = 0;
  std::string title;  // the record's (masked when it has findings)
  int64_t unit_id = 0;
  std::string unit_name;
  Status status = Status::kDraft;
  std::string scanned_at;  // RFC 3339; "" never scanned
  std::vector<PrivacyFinding> findings;
  // Attachments not scanned and why ("图片未扫描").
  std::vector<std::pair<std::string, std::string>> not_scanned;
  // Reasons given per kind (KindName → reason) for publishing unmasked.
  std::map<std::string, std::string> reasons;
  // Kinds with findings and no reason: publishing is refused.
  std::vector<std::string> open_kinds;
  // Public attachments with findings that cannot be masked automatically
  // (images, PDF): to be replaced, or published with a reason.
  std::vector<std::string> unmaskable;
};

struct PrivacyScanSummary {
  int64_t records = 0, attachments = 0, findings = 0, records_with_findings = 0;
  int64_t not_scanned = 0;
};

// What reindexing needs to plan before reading records: the index keeps
// documents in date order (newest first).
struct RecordKey {
  int64_t id = 0;
  std::string date;  // published_on, or formed_on while unpublished
  bool is_public = false;
};

struct SitemapEntry {
  int64_t id = 0;
  std::string lastmod;  // YYYY-MM-DD
};

// One sitemap's worth of public records after some id: the last id, how
// many, and the newest date among them.
struct SitemapChunk {
  int64_t last_id = 0;
  int64_t count = 0;
  std::string lastmod;  // YYYY-MM-DD
};

// A channel the catalog item requires (■) and whether it was used.
struct ChannelStatus {
  std::string channel;
  bool required = false;  // ■ in the catalog item
  std::string done_on;    // "" when not yet recorded
  std::string done_by;
};

// An editable page of the 政务公开 section (政府信息公开指南, 制度, …).
struct PortalPage {
  std::string slug;
  std::string title;
  std::string body_html;  // sanitized
  std::string updated_at, updated_by;
};

// What Table 二 counts of one record (a plain row, for CountTable2).
struct DocClassFacts {
  DocClass doc_class = DocClass::kOther;
  Status status =
      Status::kDraft;  // the published row's, not a pending change's
  std::string first_published_on;  // YYYY-MM-DD in the county's zone; ""
  Validity validity = Validity::kValid;
  std::string validity_on;  // when it became 已废止/已失效
  std::string valid_until;  // YYYY-MM-DD, 长期 or ""
};

// Table 二 (一) figures of one document class.
struct DocClassFigures {
  int64_t issued = 0;    // 本年制发件数
  int64_t repealed = 0;  // 本年废止件数
  int64_t in_force = 0;  // 现行有效件数
  bool operator==(const DocClassFigures&) const = default;
};
struct Table2Records {
  int year = 0;
  std::string as_of;  // the day 现行有效 is counted at (YYYY-MM-DD)
  DocClassFigures regulation;  // 规章
  DocClassFigures normative;   // 行政规范性文件
};

// The Table 二 counting rule for `year`, 现行有效 counted at `as_of` (the
// year's last day, or today for the current year):
// - issued: first published in `year` (withdrawn later or not: it was issued);
// - repealed: marked 已废止 or 已失效 with an effective date in `year`;
// - in force: first published by `as_of`, published now (not withdrawn),
//   not 已废止/已失效 by `as_of`, and its 有效期 (if a date) not over before
//   `as_of` (the 有效期至 day itself is still in force).
// Records of other classes are ignored.
Table2Records CountTable2(const std::vector<DocClassFacts>& rows, int year,
                          absl::string_view as_of);

// The public page of a record.
std::string RecordUrl(int64_t id);

}  // namespace zwgk::publishing

#endif  // ZWGK_PUBLISHING_MODEL_H_
