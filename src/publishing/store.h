// Persistence of records, versions, attachments, relations, channels,
// 索引号 serials and portal pages. Portable SQL for SQLite and PostgreSQL;
// every function runs inside the caller's transaction. The only SQL of the
// module lives in store.cc. Records come back without unit and domain names:
// those belong to org, and the service fills them in.
#ifndef ZWGK_PUBLISHING_STORE_H_
#define ZWGK_PUBLISHING_STORE_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/db.h"
#include "publishing/model.h"

namespace zwgk::publishing {

// The counting rule stored with a record (from its catalog item).
struct StoredPeriod {
  std::string kind = "working_days";
  int days = 20;
};

namespace store {

// Every record id with its stored period and start date, for recomputing.
struct Clocked {
  int64_t id;
  StoredPeriod period;
  std::string start, publish_by;
};

// One row of `zwgk dev generate`: a record written in bulk, with the
// columns a real record gets from its workflow already filled in.
struct GeneratedRow {
  int64_t unit_id = 0;
  int64_t domain_id = 0;
  std::string item_level1, item_level2, title, doc_number, topic, genre,
      keywords, body_html, disclosure, withheld_ground, formed_on, publish_by,
      status;
  int64_t version = 0;
  std::optional<std::string> index_number;
  std::string published_on, published_at, first_published_on, validity,
      validity_on, at;
  std::string doc_class = "other", registration_number, valid_until;
};

// The last 索引号 serial of a unit in a period.
struct Serial {
  int64_t unit_id = 0;
  std::string period;
  int64_t last_serial = 0;
};

// Inserts `r` (id ignored) and returns the new id.
[[nodiscard]] absl::StatusOr<int64_t> Insert(db::Tx& tx, const Record& r,
                                             const StoredPeriod& p);
// Writes every column of `r` (found by r.id). NotFound for unknown ids.
[[nodiscard]] absl::Status Save(db::Tx& tx, const Record& r);
// The record with its attachments; NotFound.
[[nodiscard]] absl::StatusOr<Record> Load(db::Tx& tx, int64_t id);
[[nodiscard]] absl::StatusOr<StoredPeriod> Period(db::Tx& tx, int64_t id);
// Sets the period and publish-by (after a calendar or item change).
[[nodiscard]] absl::Status SetPeriod(db::Tx& tx, int64_t id,
                                     const StoredPeriod& p,
                                     absl::string_view label,
                                     absl::string_view publish_by);

// Lists. Public: published 主动 only. `unit_scope`: staff lists restricted
// to one unit (nullopt: all units).
// `known_total`: the count of matching records when the caller has it
// (counting a million rows is the slow part of a list), else counted.
[[nodiscard]] absl::StatusOr<RecordPage> List(
    db::Tx& tx, const ListQuery& q, bool public_only,
    std::optional<int64_t> known_total = std::nullopt);
// The filters of `q` as a key (page and page size left out).
std::string FilterKey(const ListQuery& q, bool public_only);
[[nodiscard]] absl::StatusOr<std::vector<ItemCount>> CountsByItem(
    db::Tx& tx, int64_t domain_id);
// The 保密审查 history of a record, oldest first.
[[nodiscard]] absl::Status AddReview(db::Tx& tx, int64_t record_id,
                                     const ReviewEntry& e);
[[nodiscard]] absl::StatusOr<std::vector<ReviewEntry>> Reviews(
    db::Tx& tx, int64_t record_id);
// Up to `limit` records after `after_id`, in id order.
[[nodiscard]] absl::StatusOr<std::vector<RecordKey>> Keys(db::Tx& tx,
                                                          int64_t after_id,
                                                          int limit);
// The records of `ids` that exist, with body and attachments, in the
// order of `ids`. Two queries for the whole batch.
[[nodiscard]] absl::StatusOr<std::vector<Record>> LoadMany(
    db::Tx& tx, const std::vector<int64_t>& ids);
// Public records after `after_id`, in id order, at most `limit`.
[[nodiscard]] absl::StatusOr<std::vector<SitemapEntry>> PublicIds(
    db::Tx& tx, int64_t after_id, int limit);
// The same records summed up (for the sitemap index: one index range scan
// per sitemap, nothing materialised); nullopt when there are none.
[[nodiscard]] absl::StatusOr<std::optional<SitemapChunk>> PublicIdChunk(
    db::Tx& tx, int64_t after_id, int limit);
// Active records not yet published, optionally of one unit, by publish-by.
[[nodiscard]] absl::StatusOr<std::vector<Record>> Unpublished(
    db::Tx& tx, std::optional<int64_t> unit_id, absl::string_view until);
[[nodiscard]] absl::StatusOr<std::vector<Clocked>> AllClocked(db::Tx& tx);

// 索引号: the next serial of (unit, period), starting at 1.
[[nodiscard]] absl::StatusOr<int64_t> NextSerial(db::Tx& tx, int64_t unit_id,
                                                 absl::string_view period);
[[nodiscard]] absl::StatusOr<std::optional<std::string>> IndexPattern(
    db::Tx& tx, int64_t unit_id);
[[nodiscard]] absl::Status SetIndexPattern(db::Tx& tx, int64_t unit_id,
                                           absl::string_view pattern);

[[nodiscard]] absl::Status AddVersion(db::Tx& tx, int64_t record_id,
                                      const Version& v);
[[nodiscard]] absl::StatusOr<std::vector<Version>> Versions(db::Tx& tx,
                                                            int64_t record_id);

// Returns the new attachment with its id.
[[nodiscard]] absl::StatusOr<Attachment> AddAttachment(db::Tx& tx,
                                                       int64_t record_id,
                                                       Attachment a);
// NotFound when the attachment is not the record's.
[[nodiscard]] absl::Status RemoveAttachment(db::Tx& tx, int64_t record_id,
                                            int64_t attachment_id);

// AlreadyExists when the same relation exists.
[[nodiscard]] absl::Status AddRelation(db::Tx& tx, int64_t from_id,
                                       RelationKind kind, int64_t to_id,
                                       absl::string_view at);
// NotFound when there was none.
[[nodiscard]] absl::Status RemoveRelation(db::Tx& tx, int64_t from_id,
                                          RelationKind kind, int64_t to_id);
// Both directions, with the other record's title and validity.
[[nodiscard]] absl::StatusOr<std::vector<Relation>> Relations(db::Tx& tx,
                                                              int64_t id);

// Replaces the recorded use of `channel`.
[[nodiscard]] absl::Status MarkChannel(db::Tx& tx, int64_t record_id,
                                       absl::string_view channel,
                                       absl::string_view on,
                                       absl::string_view by);
[[nodiscard]] absl::StatusOr<std::vector<ChannelStatus>> Channels(
    db::Tx& tx, int64_t record_id);

[[nodiscard]] absl::StatusOr<std::vector<std::string>> Genres(db::Tx& tx);
// AlreadyExists for a known genre.
[[nodiscard]] absl::Status AddGenre(db::Tx& tx, absl::string_view name);

// --- 政策解读 三同步 ---
// Genres the office marks "needs interpretation".
[[nodiscard]] absl::StatusOr<std::vector<std::string>> InterpretedGenres(
    db::Tx& tx);
// NotFound for an unknown genre.
[[nodiscard]] absl::Status SetGenreNeedsInterpretation(db::Tx& tx,
                                                       absl::string_view name,
                                                       bool needs);
// Working days an interpretation may follow its policy (nullopt: not set).
[[nodiscard]] absl::StatusOr<std::optional<int>> InterpretationDays(db::Tx& tx);
[[nodiscard]] absl::Status SetInterpretationDays(db::Tx& tx, int days);
// Whether a record of genre 解读 relates "interprets" to `policy_id`.
[[nodiscard]] absl::StatusOr<bool> HasInterpretation(db::Tx& tx,
                                                     int64_t policy_id);
struct Waiver {
  std::string reason, by, at;
};
[[nodiscard]] absl::StatusOr<std::optional<Waiver>> GetWaiver(db::Tx& tx,
                                                              int64_t id);
[[nodiscard]] absl::Status SetWaiver(db::Tx& tx, int64_t id, const Waiver& w);
// A published policy with the first publication of each published
// interpretation of it.
struct PolicyRow {
  int64_t id = 0;
  int64_t unit_id = 0;
  std::string title, index_number, first_published_on;
  bool waived = false;
  std::vector<std::string> interpretations_published_on;
};
// Published 行政规范性文件 and records of marked genres first published by
// `as_of` (YYYY-MM-DD), of one unit or all, or the one record `only_id`;
// by unit, then publication day.
[[nodiscard]] absl::StatusOr<std::vector<PolicyRow>> PublishedPolicies(
    db::Tx& tx, absl::string_view as_of, std::optional<int64_t> unit_id,
    std::optional<int64_t> only_id = std::nullopt);

[[nodiscard]] absl::StatusOr<std::optional<PortalPage>> Page(
    db::Tx& tx, absl::string_view slug);
[[nodiscard]] absl::StatusOr<std::vector<PortalPage>> Pages(db::Tx& tx);
[[nodiscard]] absl::Status SavePage(db::Tx& tx, const PortalPage& page);

// Moves a record's publish-by (calendar recomputation).
[[nodiscard]] absl::Status SetPublishBy(db::Tx& tx, int64_t id,
                                        absl::string_view publish_by);

// --- Bulk generation (`zwgk dev generate`)
[[nodiscard]] absl::Status InsertGenerated(db::Tx& tx, const GeneratedRow& r);
[[nodiscard]] absl::StatusOr<std::vector<Serial>> Serials(db::Tx& tx);
// Sets the last serial of (unit, period), creating the row when missing.
[[nodiscard]] absl::Status SetSerial(db::Tx& tx, const Serial& s);

// --- 年报 and supervision figures
// Every 规章 and 行政规范性文件 (of one unit, or all) first published on or
// before `until`, as the rows Table 二 counts.
[[nodiscard]] absl::StatusOr<std::vector<DocClassFacts>> DocClassRows(
    db::Tx& tx, std::optional<int64_t> unit_id, absl::string_view until);
struct UnitMonthCount {
  int64_t unit_id = 0;
  int month = 0;  // 1-12
  int64_t count = 0;
};
// Records published now, by unit and month of first publication within
// [from, until].
[[nodiscard]] absl::StatusOr<std::vector<UnitMonthCount>> FirstPublishedByMonth(
    db::Tx& tx, std::optional<int64_t> unit_id, absl::string_view from,
    absl::string_view until);
// A record published after its publish-by (the dashboard's list).
struct LateRecord {
  int64_t id = 0;
  int64_t unit_id = 0;
  std::string title, index_number, publish_by, published_on;
  int64_t days_late = 0;
};
// Records (published or withdrawn since) whose latest publication within
// [from, until] came after their publish-by, oldest publish-by first.
[[nodiscard]] absl::StatusOr<std::vector<LateRecord>> PublishedLateRecords(
    db::Tx& tx, std::optional<int64_t> unit_id, absl::string_view from,
    absl::string_view until);
// What one portal column held on `as_of`: 主动公开 records first published
// on or before it and public then (published, or withdrawn only after it).
struct ColumnFacts {
  int64_t published = 0;
  std::string last_published_on;  // newest first publication; "" none
  int64_t last_record_id = 0;
};
// The column of records whose `column` (genre | doc_class | domain_id) is
// one of `values`. `presence_only`: not counted, `published` 0 or 1.
[[nodiscard]] absl::StatusOr<ColumnFacts> ColumnFactsOn(
    db::Tx& tx, absl::string_view column, const std::vector<db::Value>& values,
    absl::string_view as_of, bool presence_only = false);
// The newest first publication, on or before `until`, of a public 主动公开
// record filed under the item (domain, 一级事项, 二级事项); "" for none.
[[nodiscard]] absl::StatusOr<std::string> LastFiledUnder(
    db::Tx& tx, int64_t domain_id, absl::string_view level1,
    absl::string_view level2, absl::string_view until);
// 主动公开 records that may have been waiting for publication on `as_of`
// with publish-by on or before `until`: formed by then and not yet
// published, or published only after `as_of`, or with a pending change.
[[nodiscard]] absl::StatusOr<std::vector<Record>> OpenAt(
    db::Tx& tx, std::optional<int64_t> unit_id, absl::string_view as_of,
    absl::string_view until);

// --- Pickers
// Up to `limit` records whose title, 文号 or 索引号 contains `q` (case
// ignored for Latin letters) or whose id is `id`, newest first: of every
// unit when `unit_id` is nullopt, else of that unit plus the public ones.
[[nodiscard]] absl::StatusOr<std::vector<Record>> Lookup(
    db::Tx& tx, absl::string_view q, std::optional<int64_t> id,
    std::optional<int64_t> unit_id, int limit);

// --- 保密审查: personal data (issue 18, privacy_store.cc)
// A record's latest scan as stored: findings (masked), unreadable
// attachments, and the reasons given per kind.
struct PrivacyReason {
  std::string reason, by, at;
};
struct StoredPrivacy {
  std::string scanned_at;  // "" never scanned
  std::vector<PrivacyFinding> findings;
  std::vector<std::pair<std::string, std::string>> not_scanned;
  std::map<std::string, PrivacyReason> reasons;  // by kind
};
// Replaces the record's findings and unreadable attachments by a new scan.
[[nodiscard]] absl::Status ReplacePrivacyScan(
    db::Tx& tx, int64_t record_id, absl::string_view scanned_at,
    const std::vector<PrivacyFinding>& findings,
    const std::vector<std::pair<std::string, std::string>>& not_scanned);
// The stored scans of `ids` (records never scanned have an empty entry).
[[nodiscard]] absl::StatusOr<std::map<int64_t, StoredPrivacy>> PrivacyOf(
    db::Tx& tx, const std::vector<int64_t>& ids);
// Sets (or replaces) the reason for `kind`.
[[nodiscard]] absl::Status SetPrivacyReason(db::Tx& tx, int64_t record_id,
                                            absl::string_view kind,
                                            const PrivacyReason& r);
// A masked copy of `original_id` at the original's position; the original
// stops being public.
[[nodiscard]] absl::StatusOr<Attachment> AddMaskedAttachment(
    db::Tx& tx, int64_t record_id, int64_t original_id, Attachment copy);
[[nodiscard]] absl::Status SetAttachmentPublic(db::Tx& tx, int64_t record_id,
                                               int64_t attachment_id,
                                               bool is_public);
// Rewrites the text of a stored version (masking a published record).
[[nodiscard]] absl::Status SetVersionText(db::Tx& tx, int64_t record_id,
                                          int version, absl::string_view title,
                                          absl::string_view body_html);
// Published records after `after_id`, ascending, at most `limit`.
[[nodiscard]] absl::StatusOr<std::vector<int64_t>> PublishedIds(
    db::Tx& tx, int64_t after_id, int limit);
[[nodiscard]] absl::StatusOr<int64_t> CountPublished(db::Tx& tx);
// Published records with findings of a kind that has no reason, of one
// unit or all, newest publication first, at most `limit`.
[[nodiscard]] absl::StatusOr<std::vector<int64_t>> OpenPrivacyIds(
    db::Tx& tx, std::optional<int64_t> unit_id, int limit);
// Those records counted per unit.
[[nodiscard]] absl::StatusOr<std::map<int64_t, int64_t>> OpenPrivacyCounts(
    db::Tx& tx);

}  // namespace store

}  // namespace zwgk::publishing

#endif  // ZWGK_PUBLISHING_STORE_H_
