// The publishing module's logic: validate → authorize → act, one transaction
// per action, every transition audited.
//
// Roles: editors (unit_editor) draft and submit for their unit; reviewers
// (unit_reviewer) review (保密审查) and publish for their unit; the county
// office (admin) may do all. Records that are not public answer NotFound to
// everyone who may not see them (never PermissionDenied, so their existence
// does not leak).
#ifndef ZWGK_PUBLISHING_SERVICE_H_
#define ZWGK_PUBLISHING_SERVICE_H_

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "calendar/service.h"
#include "catalog/service.h"
#include "content/blob_store.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "org/service.h"
#include "publishing/interpretation.h"
#include "publishing/model.h"
#include "publishing/store.h"
#include "publishing/topics.h"

namespace zwgk::publishing {

// Plain text of a record body (tags stripped, entities decoded).
std::string BodyText(absl::string_view body_html);

struct ServiceOptions {
  std::string data_dir = "./var";  // attachments under <data_dir>/blobs
  int64_t max_attachment_bytes = 20 << 20;
  int max_attachments = 20;
  // Days before publish-by when a draft counts as due soon.
  int due_soon_within = 5;
  // 索引号 pattern used for units without their own.
  std::string default_index_pattern = "{org}/{yyyy}-{serial}";
  // GB/T 2260 code of the county, for units without a 统一社会信用代码.
  std::string region_code = "421221";
};

struct ReviewInput {
  std::string outcome;  // approved | rejected
  std::string remarks;
};

// What a reviewer may give when publishing: why a policy goes out without
// its interpretation (政策解读 三同步), audited and shown on its page.
struct PublishInput {
  std::string interpretation_waiver;
  // 保密审查 (issue 18): the reviewer's reason, per finding kind
  // (privacy::KindName), for publishing personal data unmasked. Audited.
  std::map<std::string, std::string> privacy_reasons;
};

// The interpretation rule as the county office set it.
struct InterpretationSettings {
  int late_after_days = kDefaultInterpretationDays;
  std::vector<std::string> genres;  // marked "needs interpretation"
};

// A published policy and how its interpretation stands (see
// JudgeInterpretation).
struct PolicyInterpretation {
  int64_t record_id = 0;
  int64_t unit_id = 0;
  std::string title;
  std::string index_number;
  std::string published_on;  // first publication
  InterpretationJudgement judgement;
  std::string waiver_reason, waived_by, waived_at;  // "" if not waived
};

// A change of a record's 公开属性 (ChangeDisclosure).
struct DisclosureInput {
  std::string disclosure;       // active | on_request | withheld (or label)
  std::string withheld_ground;  // core/withholding.h code or label
  std::string reason;           // required, at most 500 characters
};

// Work another module does in the same transaction as a record write (its
// link to the record, its history of the record): called once the record is
// written, with the record before (a default Record for a new one) and
// after; an error rolls the whole write back.
using AlsoInWrite = std::function<absl::Status(db::Tx& tx, const Record& before,
                                               const Record& after)>;

struct ValidityInput {
  std::string validity;  // valid | amended | repealed | expired (or label)
  std::string on;        // YYYY-MM-DD; default today
  std::optional<int64_t> replaced_by;
};

// The clock behind a record's publish-by date, with its trace.
struct Timeliness {
  calendar::Period period;
  std::string period_label;
  std::string start;  // formed_on or changed_on
  calendar::ClockResult clock;
};

// Where a record stands against its publish-by date on `today`: open
// records (never published, or with a pending change) are running, due
// soon (publish-by within `due_soon_within` working days) or overdue (at
// least one working day past it); published ones on time or late. 依申请/
// 不予公开 and withdrawn records have no state.
DueInfo ComputeDue(const Record& r, const calendar::Calendar& cal,
                   absl::CivilDay today, int due_soon_within);

// Whether `actor` may review (保密审查) record `r` now, as far as who they
// are goes: a reviewer (or the county office) acting for its unit who did
// not draft or submit what is under review. The county office is excepted
// from that, as the last resort of small units.
bool MayReview(const Actor& actor, const Record& r);
// Whether `actor` may publish record `r`: a reviewer (or the county office)
// acting for its unit.
bool MayPublish(const Actor& actor, const Record& r);

// The newest records shown on the 政务公开 home page and on a domain's 专栏.
inline constexpr int kLatestOnPortal = 10;
inline constexpr int kLatestInSection = 8;

// A place on the portal where a record appears once published.
struct Placement {
  std::string kind;  // 栏目 | 订阅 | 索引
  std::string name;  // 信息公开目录 › 县民政局
  std::string url;
};

// Due drafts of a unit (or all units for the county office).
struct DueRecord {
  Record record;
  calendar::ClockState state = calendar::ClockState::kRunning;
  int64_t remaining = 0;   // working days left
  int64_t overdue_by = 0;  // working days past publish-by
};

// A catalog item a record may be filed under (the record form's picker).
struct CatalogChoice {
  int64_t domain_id = 0;
  std::string domain;  // 试点领域 name
  int64_t item_id = 0;
  int seq = 0;  // 序号
  std::string level1, level2;
  bool draft = false;  // from the domain's draft (nothing published yet)
};

// One record behind a compliance figure.
struct ComplianceItem {
  int64_t record_id = 0;
  std::string title;
  std::string index_number;  // "" before first publication
  std::string publish_by;    // YYYY-MM-DD
  std::string published_on;  // late items: the publication day
  // Working days: past publish-by (overdue, late) or left (due soon).
  int64_t days = 0;
};

// Publishing figures of one unit for the supervision dashboard.
struct UnitCompliance {
  int64_t unit_id = 0;
  std::string unit_name;
  // 主动公开 records waiting for publication (first publication or a
  // pending change) on as_of: past publish-by by at least one working day;
  // publish-by within kComplianceDueSoonDays working days (or today).
  int64_t overdue = 0;
  int64_t due_soon = 0;
  // Records whose latest publication, from 1 January of as_of's year to
  // as_of, came after their publish-by (withdrawn since included).
  int64_t published_late = 0;
  // The records behind the three counts (sizes equal the counts), oldest
  // publish-by first: what the dashboard lists under its numbers.
  std::vector<ComplianceItem> overdue_items, due_soon_items, late_items;
  // Records published now, by month of first publication (January first)
  // in as_of's year up to as_of.
  std::array<int64_t, 12> per_month{};
};
struct PublishingCompliance {
  std::string as_of;  // YYYY-MM-DD
  int year = 0;
  // By unit id: every unit in service (or the one asked for), and retired
  // units with figures.
  std::vector<UnitCompliance> units;
};
inline constexpr int kComplianceDueSoonDays = 3;

// The kinds of portal column the inspectors' update rules name
// (inspection.md A3, A4, A6, A7).
enum class ColumnKind {
  kNews,  // 政务动态/工作动态: 体裁 工作动态, 动态, 要闻, 新闻
  kNotices,    // 通知公告: 体裁 通知, 公告, 通告, 公示
  kPolicies,   // 政策文件: 规章 and 行政规范性文件 (DocClass)
  kPlans,      // 规划计划: 体裁 规划, 计划, 方案
  kSpecial,    // a pilot domain's 专栏 (/domains/{id})
  kPersonnel,  // 人事信息: 体裁 任免, 人事 (A7; issue 19)
  kReports,    // 年报: 体裁 年报 (the reports module publishes them)
};
absl::string_view ColumnKindName(ColumnKind k);  // news | notices | …
absl::string_view ColumnKindLabel(ColumnKind k);  // 动态类 | 通知公告类 | …

// What a column held on a day: its public records and the newest one.
struct ColumnActivity {
  std::string name;  // 通知公告 | 社会救助专栏
  ColumnKind kind = ColumnKind::kNotices;
  std::string url;                 // its public page
  std::optional<int64_t> unit_id;  // a 专栏's responsible unit
  std::optional<int64_t> domain_id;
  int64_t published = 0;          // public on as_of
  std::string last_published_on;  // YYYY-MM-DD of the newest; "" never
  int64_t last_record_id = 0;     // the newest (0: none)
};

// A record's publish time is the server's (issue 19, inspection.md A13):
// fields a client may not give, in the API's JSON or a form. An attempt is
// refused (422 naming the field) and audited as record.backdate_refused.
inline constexpr absl::string_view kServerTimeFields[] = {
    "published_at", "published_on", "first_published_on"};

// One refused attempt to give a publish time (Service::BackdateAttempts).
struct BackdateAttempt {
  std::string at;         // RFC 3339 UTC, when it was refused
  std::string actor;      // the user's name
  int64_t record_id = 0;  // 0: while creating a record
  std::string field;      // published_at | published_on | first_published_on
};

// A catalog item whose 公开时限 names a recurring period (每月, 每季度,
// 每半年, 每年 …, catalog::ParseCadence) with no public record filed under
// it for the latest period that has ended by as_of (published from the
// period's start up to as_of counts: figures for a month appear after it).
struct PeriodGap {
  int64_t domain_id = 0;
  std::string domain;
  int64_t item_id = 0;
  int seq = 0;
  std::string level1, level2;
  std::optional<int64_t> unit_id;  // the domain's responsible unit
  std::string cadence;             // 每月 | 每季度 | 每半年 | 每年
  std::string period;  // 2026年11月 | 2026年第三季度 | 2025年
  std::string period_start, period_end;  // YYYY-MM-DD
};

// How Service::Columns reads. `all_domains`: every domain in service has
// its 专栏. `presence_only`: `published` is only 0 or 1 (whether the column
// has anything), one index seek per column instead of a count — what the
// navigation needs after every publication (issue 22).
struct ColumnRead {
  bool all_domains = false;
  bool presence_only = false;
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, org::Service& org,
          catalog::Service& catalog, calendar::Service& calendar,
          ServiceOptions options);

  // Genres and the default portal pages (指南, 制度); idempotent.
  [[nodiscard]] absl::Status Seed();

  // --- Workflow -----------------------------------------------------------
  // A new draft. InvalidArgument with per-field messages.
  [[nodiscard]] absl::StatusOr<Record> Create(const Actor& actor,
                                              const RecordInput& in);
  // The same with `also` in its transaction (nothing is stored when it
  // fails).
  [[nodiscard]] absl::StatusOr<Record> Create(const Actor& actor,
                                              const RecordInput& in,
                                              const AlsoInWrite& also);
  // Changes the 公开属性 of a record not published (a draft, one under
  // review — back to draft, to be reviewed again — or a withdrawn one), with
  // a reason, audited as record.disclosure. Editors and reviewers of the
  // record's unit, or the county office; NotFound for anyone else. A
  // published record: FailedPrecondition (withdraw it first). `also` runs in
  // the transaction.
  [[nodiscard]] absl::StatusOr<Record> ChangeDisclosure(
      const Actor& actor, int64_t id, const DisclosureInput& in,
      const AlsoInWrite& also = {});
  // Edits a draft (or unpublished) record in place; for a published record
  // the input becomes its pending change, which goes through review again.
  [[nodiscard]] absl::StatusOr<Record> Update(const Actor& actor, int64_t id,
                                              const RecordInput& in);
  [[nodiscard]] absl::StatusOr<Record> Submit(const Actor& actor, int64_t id);
  [[nodiscard]] absl::StatusOr<Record> Review(const Actor& actor, int64_t id,
                                              const ReviewInput& in);
  // First publication assigns the 索引号; publishing a pending change makes
  // the next version. 主动 records only (依申请/不予公开 stay unpublished).
  [[nodiscard]] absl::StatusOr<Record> Publish(const Actor& actor, int64_t id);
  // A 行政规范性文件 (or a record of a genre marked "needs interpretation")
  // is published only with an interpretation related to it, or with the
  // reviewer's reason for none (in.interpretation_waiver, kept once given).
  [[nodiscard]] absl::StatusOr<Record> Publish(const Actor& actor, int64_t id,
                                               const PublishInput& in);
  [[nodiscard]] absl::StatusOr<Record> Unpublish(const Actor& actor, int64_t id,
                                                 absl::string_view reason);
  // Discards a pending change of a published record.
  [[nodiscard]] absl::StatusOr<Record> DiscardChange(const Actor& actor,
                                                     int64_t id);
  [[nodiscard]] absl::StatusOr<Record> SetValidity(const Actor& actor,
                                                   int64_t id,
                                                   const ValidityInput& in);
  // Checks the file's type by content and stores it content-addressed.
  [[nodiscard]] absl::StatusOr<Attachment> AddAttachment(
      const Actor& actor, int64_t id, absl::string_view filename,
      absl::string_view bytes);
  [[nodiscard]] absl::Status RemoveAttachment(const Actor& actor, int64_t id,
                                              int64_t attachment_id);
  [[nodiscard]] absl::Status Relate(const Actor& actor, int64_t from_id,
                                    absl::string_view kind, int64_t to_id);
  [[nodiscard]] absl::Status Unrelate(const Actor& actor, int64_t from_id,
                                      absl::string_view kind, int64_t to_id);
  // Records that the record went out on a channel the catalog item requires.
  [[nodiscard]] absl::Status MarkChannel(const Actor& actor, int64_t id,
                                         absl::string_view channel,
                                         absl::string_view on);

  // --- Reads ----------------------------------------------------------------
  // No authorization: for other modules (search, interpretation).
  [[nodiscard]] absl::StatusOr<Record> Get(int64_t id);
  // The record if the caller may see it: public records for everyone, the
  // others for staff acting for the unit. NotFound otherwise.
  [[nodiscard]] absl::StatusOr<Record> GetFor(const Actor* actor, int64_t id);
  [[nodiscard]] absl::StatusOr<std::vector<Version>> Versions(int64_t id);
  // Relations with the other records' titles and validity, as `viewer` may
  // see them: relations to public records for everyone (nullptr: the
  // public), plus those to records of the units a staff member acts for.
  // Filtered when read, so a relation never shows a title its viewer may
  // not see, whoever made it.
  [[nodiscard]] absl::StatusOr<std::vector<Relation>> Relations(
      const Actor* viewer, int64_t id);
  [[nodiscard]] absl::StatusOr<std::vector<ChannelStatus>> Channels(int64_t id);
  [[nodiscard]] absl::StatusOr<Timeliness> PublishBy(int64_t id);
  // The 暂估 note for the record's publish-by date (calendar's rule: counted
  // over a year whose holiday notice is not loaded); "" when exact or when
  // the record has no publication deadline (依申请公开, 不予公开).
  std::string PublishByEstimate(const Record& r);
  // Every 保密审查 decision on the record, oldest first.
  [[nodiscard]] absl::StatusOr<std::vector<ReviewEntry>> Reviews(int64_t id);
  // The record as the public will see it once published: its pending
  // change applied (names resolved as at publication). Staff acting for
  // the record's unit only; NotFound for everyone else.
  [[nodiscard]] absl::StatusOr<Record> Preview(const Actor& actor, int64_t id);
  // Where `preview` (a Preview) will appear once published: the 信息公开目录
  // by unit, topic, genre and year, the domain's 专栏 and catalog item, the
  // latest lists it will reach, the feeds, the sitemap and the site search.
  // Empty for records that are not 主动公开.
  [[nodiscard]] absl::StatusOr<std::vector<Placement>> Placements(
      const Record& preview);
  DueInfo DueOf(const Record& r) const;
  // Public lists: published 主动 records, newest first.
  [[nodiscard]] absl::StatusOr<RecordPage> ListPublic(const ListQuery& q);
  // Staff lists: every status, within the units the actor acts for.
  [[nodiscard]] absl::StatusOr<RecordPage> ListForStaff(const Actor& actor,
                                                        ListQuery q);
  // Unpublished records whose publish-by is near or past, for the actor's
  // unit (all units for the county office), most urgent first.
  [[nodiscard]] absl::StatusOr<std::vector<DueRecord>> Due(const Actor& actor);
  // Public counts per catalog item of a domain: level1/level2 → count.
  [[nodiscard]] absl::StatusOr<std::vector<ItemCount>> CountsByItem(
      int64_t domain_id);
  // Every record (any status) after `after_id`, ascending by id, as the
  // keys reindexing plans with.
  [[nodiscard]] absl::StatusOr<std::vector<RecordKey>> ListRecordKeys(
      int64_t after_id, int limit);
  // The records of `ids` that exist, in that order (bulk reads for search
  // reindexing: one transaction and two queries a batch).
  [[nodiscard]] absl::StatusOr<std::vector<Record>> GetMany(
      const std::vector<int64_t>& ids);
  [[nodiscard]] absl::StatusOr<std::vector<SitemapEntry>> SitemapEntries(
      int64_t after_id, int limit);
  // Every public record in sitemaps of `per_map`, in id order: each map's
  // last id and newest date (one read transaction).
  [[nodiscard]] absl::StatusOr<std::vector<SitemapChunk>> SitemapChunks(
      int per_map);

  // --- 年报 and supervision figures (no authorization: for other modules)
  // Table 二 (一) for 规章 and 行政规范性文件 of `year` and one unit (nullopt:
  // every unit), by CountTable2; 现行有效 at 31 December, or today for the
  // current year. InvalidArgument for a year before 2000 or after this one.
  [[nodiscard]] absl::StatusOr<Table2Records> Table2Counts(
      int year, std::optional<int64_t> unit_id);
  // The same inside the caller's transaction (the 年报 module's).
  [[nodiscard]] absl::StatusOr<Table2Records> Table2Counts(
      db::Tx& tx, int year, std::optional<int64_t> unit_id);
  // Publishing figures per unit on `as_of` (see UnitCompliance), of one
  // unit or all units. NotFound for an unknown unit.
  [[nodiscard]] absl::StatusOr<PublishingCompliance> Compliance(
      absl::CivilDay as_of, std::optional<int64_t> unit_id);
  // The same inside the caller's transaction, with the working-day
  // calendar read before it (calendar::Service::calendar() reads the
  // database, so it must not be called inside a transaction).
  [[nodiscard]] absl::StatusOr<PublishingCompliance> Compliance(
      db::Tx& tx, const calendar::Calendar& cal, absl::CivilDay as_of,
      std::optional<int64_t> unit_id);
  // Every column of the portal the inspectors' rules apply to, as of
  // `as_of`: the site-wide 动态/通知公告/政策文件/规划计划/人事信息/年报
  // columns and each pilot domain's 专栏 (domains with a published catalog).
  // The column registry (src/columns) reads its record-based columns here.
  // `all_domains`: every domain in service has its 专栏, published catalog
  // or not (the column registry's view: each /domains/{id} page is open).
  [[nodiscard]] absl::StatusOr<std::vector<ColumnActivity>> Columns(
      absl::CivilDay as_of, ColumnRead read = {});
  // Items of published catalogs with a recurring 公开时限 and no record for
  // their latest ended period (see PeriodGap). Of one unit's domains or all.
  [[nodiscard]] absl::StatusOr<std::vector<PeriodGap>> PeriodGaps(
      absl::CivilDay as_of, std::optional<int64_t> unit_id);

  // --- Publish times (issue 19, backdate.cc) --------------------------------
  // Audits `actor`'s attempt to give `field` (one of kServerTimeFields) the
  // value `value` for record `record_id` (0: a new record) as
  // record.backdate_refused, and returns the InvalidArgument naming the
  // field that the caller answers with (HTTP 422).
  [[nodiscard]] absl::Status RefuseBackdate(const Actor& actor,
                                            int64_t record_id,
                                            absl::string_view field,
                                            absl::string_view value);
  // Refused attempts to give a publish time from `from` (inclusive) to `to`
  // (exclusive), oldest first; each bound a day YYYY-MM-DD in the county's
  // zone or an RFC 3339 time, "" unbounded. No authorization: for the
  // self-inspection (src/inspection, helper C2, reports A13 from this).
  [[nodiscard]] absl::StatusOr<std::vector<BackdateAttempt>> BackdateAttempts(
      absl::string_view from, absl::string_view to);

  // --- 政策解读 三同步 (no authorization on the reads: for other modules)
  // Published policies whose interpretation is missing or late on `as_of`,
  // of one unit or all, by unit then publication day.
  [[nodiscard]] absl::StatusOr<std::vector<PolicyInterpretation>>
  PoliciesWithoutInterpretation(absl::CivilDay as_of,
                                std::optional<int64_t> unit_id);
  // How the interpretation of record `id` stands today; nullopt when it is
  // not a published policy.
  [[nodiscard]] absl::StatusOr<std::optional<PolicyInterpretation>>
  InterpretationOf(int64_t id);
  // Whether publishing record `id` now needs the reviewer's reason: it is a
  // policy with no interpretation related to it and no reason given before.
  [[nodiscard]] absl::StatusOr<bool> NeedsWaiver(int64_t id);
  [[nodiscard]] absl::StatusOr<InterpretationSettings>
  GetInterpretationSettings();
  // The county office only; 1 to kMaxInterpretationDays working days.
  [[nodiscard]] absl::Status SetInterpretationDays(const Actor& actor,
                                                   int days);
  [[nodiscard]] absl::Status SetGenreNeedsInterpretation(
      const Actor& actor, absl::string_view genre, bool needs);

  // --- Pickers
  // ---------------------------------------------------------------- The items
  // of every domain's latest published catalog, by domain then 序号; for
  // `domain_id` with nothing published, its draft's items.
  [[nodiscard]] absl::StatusOr<std::vector<CatalogChoice>> CatalogChoices(
      std::optional<int64_t> domain_id);
  // Records a staff member may relate to (theirs and public ones; the
  // county office: all) whose title, 文号 or 索引号 contains `q`, or whose
  // 信息编号 is `q`; newest first, at most `limit` (1-50). `q` is trimmed;
  // empty → none; over kMaxLookupChars characters → InvalidArgument.
  static constexpr size_t kMaxLookupChars = 100;
  [[nodiscard]] absl::StatusOr<std::vector<Record>> Lookup(const Actor& actor,
                                                           absl::string_view q,
                                                           int limit);

  // --- 保密审查: personal data (issue 18, publishing/privacy.cc) -----------
  // Title, body and every attachment are scanned at Submit and again at
  // Publish (privacy/scan.h); Publish refuses a record with findings that
  // are neither masked nor given a reason per kind (PublishInput). Only the
  // unit's reviewers and the county office see findings (others: 404).
  [[nodiscard]] absl::StatusOr<PrivacyReport> Privacy(const Actor& actor,
                                                      int64_t id);
  // Scans now and stores the result (also for published records).
  [[nodiscard]] absl::StatusOr<PrivacyReport> ScanPrivacy(const Actor& actor,
                                                          int64_t id);
  // One action: masks the title and body, and replaces each XLSX/CSV/DOCX
  // attachment with findings by a masked copy (the 原件 kept, not public).
  // A published record gets a new version with the note "个人信息脱敏"
  // (its older public versions masked too). Unit reviewers or the office.
  [[nodiscard]] absl::StatusOr<Record> MaskPrivacy(const Actor& actor,
                                                   int64_t id);
  // `zwgk privacy scan`: rescans every published record and attachment.
  [[nodiscard]] absl::StatusOr<PrivacyScanSummary> ScanPublished(
      const std::function<void(int64_t done, int64_t total)>& progress = {});
  // Published records with open findings (not masked, no reason), newest
  // first, for the office (all units or one) or a unit's staff (their own).
  [[nodiscard]] absl::StatusOr<std::vector<PrivacyReport>> OpenPrivacy(
      const Actor& actor, std::optional<int64_t> unit_id);
  // Published records with open findings per unit (the size of each
  // unit's OpenPrivacy list), for the dashboard.
  [[nodiscard]] absl::StatusOr<std::map<int64_t, int64_t>> OpenPrivacyCounts();

  // --- Attachments ----------------------------------------------------------
  std::string AttachmentPath(const Attachment& a) const;
  // The attachment of a record the caller may see (NotFound otherwise).
  [[nodiscard]] absl::StatusOr<std::pair<Attachment, std::string>>
  AttachmentFor(const Actor* actor, int64_t record_id, int64_t attachment_id);

  // --- Portal pages (政府信息公开指南, 制度, …) ---
  [[nodiscard]] absl::StatusOr<PortalPage> GetPage(absl::string_view slug);
  [[nodiscard]] absl::StatusOr<std::vector<PortalPage>> ListPages();
  [[nodiscard]] absl::StatusOr<PortalPage> SavePage(const Actor& actor,
                                                    absl::string_view slug,
                                                    absl::string_view title,
                                                    absl::string_view body);

  // --- Settings ---
  // The 索引号 pattern of a unit: {org} {yyyy} {yyyymm} {serial} ({serial:N}).
  [[nodiscard]] absl::StatusOr<std::string> IndexPattern(int64_t unit_id);
  [[nodiscard]] absl::Status SetIndexPattern(const Actor& actor,
                                             int64_t unit_id,
                                             absl::string_view pattern);
  [[nodiscard]] absl::StatusOr<std::vector<std::string>> Genres();
  [[nodiscard]] absl::Status AddGenre(const Actor& actor,
                                      absl::string_view name);
  const TopicRegistry& topics() const { return topics_; }

  // --- Listeners (search index, caches) ---
  // Called inside the transaction of every write that changes a record.
  void AddChangeListener(
      std::function<absl::Status(db::Tx&, int64_t record_id)> l) {
    change_listeners_.push_back(std::move(l));
  }
  // Called after that transaction committed.
  void AddCommitListener(std::function<void(int64_t record_id)> l) {
    commit_listeners_.push_back(std::move(l));
  }

  // Recomputes stored publish-by dates against `cal` (calendar changes).
  [[nodiscard]] absl::StatusOr<calendar::RecomputeCount> Recompute(
      const calendar::Calendar& cal);

  db::Database& db() { return db_; }
  const Clock& clock() const { return clock_; }
  const ServiceOptions& options() const { return options_; }

 private:
  // Runs `fn` in a transaction, tells the change listeners, commits, then
  // tells the commit listeners.
  absl::StatusOr<Record> Write(
      const std::function<absl::StatusOr<Record>(db::Tx&)>& fn);
  // A record with its unit and domain names (org's, read in `tx`).
  absl::StatusOr<Record> Load(db::Tx& tx, int64_t id);
  absl::Status AddNames(db::Tx& tx, absl::Span<Record> records) const;
  absl::StatusOr<std::vector<Record>> Named(
      db::Tx& tx, absl::StatusOr<std::vector<Record>> records) const;
  // A record `actor` may point a relation or a replacement at: public
  // records and those of the units the actor acts for. Anything else
  // answers exactly like an unknown id, so probing ids tells nothing.
  absl::StatusOr<Record> LinkTarget(db::Tx& tx, const Actor& actor, int64_t id);
  // The input checked and resolved (unit, domain, item, topic, genre,
  // sanitized body, publish-by) into the fields of a record, before any
  // transaction. InvalidArgument with per-field messages.
  struct Resolved {
    Record fields;
    StoredPeriod period;
  };
  absl::StatusOr<Resolved> Resolve(const RecordInput& in, bool is_change);
  absl::StatusOr<std::string> ComputePublishBy(const calendar::Calendar& cal,
                                               const StoredPeriod& p,
                                               absl::string_view start);
  std::string OrgCode(const org::Unit& unit) const;
  absl::StatusOr<std::string> NextIndexNumber(db::Tx& tx, int64_t unit_id,
                                              absl::CivilDay on);
  // Loads the record, runs `act` on it, saves it and audits `action` with
  // the state before and after, in one transaction.
  // `audit_extra`: fields the audit entry shows besides the record's state
  // (the review comment), filled in by `act`.
  using AuditExtra = std::vector<std::pair<std::string, std::string>>;
  absl::StatusOr<Record> Transition(
      const Actor& actor, int64_t id, absl::string_view action,
      const std::function<absl::Status(db::Tx&, Record&)>& act,
      const AuditExtra* audit_extra = nullptr);

  // 保密审查 (privacy.cc). A scan of the text a record will publish and its
  // public attachments, their blobs read here: call it before opening a
  // transaction.
  struct PrivacyScan {
    std::string scanned_at;
    std::vector<PrivacyFinding> findings;
    std::vector<std::pair<std::string, std::string>> not_scanned;
    int64_t attachments = 0;
  };
  PrivacyScan ScanForPrivacy(const Record& r, absl::string_view title,
                             absl::string_view body_html);
  // Inside Publish's transaction: stores `scan`, keeps the reasons given for
  // kinds it found (audited), and refuses kinds still without one
  // (FailedPrecondition naming each kind and count; `refused` set).
  absl::Status CheckPrivacy(db::Tx& tx, const Actor& actor, int64_t id,
                            const PrivacyScan& scan,
                            const std::map<std::string, std::string>& reasons,
                            bool& refused);
  absl::Status StorePrivacy(db::Tx& tx, int64_t id, const PrivacyScan& scan);

  absl::StatusOr<std::vector<PolicyInterpretation>> JudgePolicies(
      absl::CivilDay as_of, std::optional<int64_t> unit_id,
      std::optional<int64_t> only_id);

  db::Database& db_;
  const Clock& clock_;
  org::Service& org_;
  catalog::Service& catalog_;
  calendar::Service& calendar_;
  ServiceOptions options_;
  content::BlobStore blobs_;
  TopicRegistry topics_;
  std::vector<std::function<absl::Status(db::Tx&, int64_t)>> change_listeners_;
  std::vector<std::function<void(int64_t)>> commit_listeners_;
  // Totals of public lists by filter, valid for one site generation: the
  // pages of one list share a count, which at a million records costs far
  // more than the page itself.
  std::mutex counts_mu_;
  std::map<std::string, std::pair<int64_t, int64_t>> counts_;
};

}  // namespace zwgk::publishing

#endif  // ZWGK_PUBLISHING_SERVICE_H_
