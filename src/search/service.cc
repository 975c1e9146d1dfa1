#include "search/service.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/status.h"
#include "search/attachments.h"
#include "search/store.h"
#include "spdlog/spdlog.h"

namespace zwgk::search {
namespace {

constexpr int kDrainBatch = 500;

int YearOf(absl::string_view date) {
  int y = 0;
  if (date.size() >= 4 && absl::SimpleAtoi(date.substr(0, 4), &y)) return y;
  return 0;
}

// A new index name. Random, so that an index belongs to one database: a
// restored backup or a second database (tests) never picks up another's
// index from the same data directory.
std::string FreshIndexId() {
  std::random_device rd;
  return absl::StrFormat(
      "%08x%08x", rd(),
      static_cast<uint32_t>(absl::ToUnixNanos(absl::Now()) & 0xffffffff));
}

int64_t SteadyNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Document ToDocument(const publishing::Record& r, std::string attachment_text) {
  Document d;
  d.id = r.id;
  d.title = r.title;
  d.body = publishing::BodyText(r.body_html);
  d.doc_number = r.doc_number;
  d.index_number = r.index_number;
  d.keywords = r.keywords;
  d.attachment_text = std::move(attachment_text);
  d.domain_id = r.domain_id;
  d.domain_name = r.domain_name;
  d.unit_id = r.unit_id;
  d.unit_name = r.unit_name;
  // Drafts have no 发布日期: their year is that of the 成文日期.
  d.year = YearOf(r.published_on.empty() ? r.formed_on : r.published_on);
  d.topic = r.topic;
  d.genre = r.genre;
  d.validity = std::string(publishing::ValidityLabel(r.validity));
  d.published_on = r.published_on;
  d.date = r.published_on.empty() ? r.formed_on : r.published_on;
  d.url = publishing::RecordUrl(r.id);
  d.is_public = publishing::IsPublic(r);
  d.status = std::string(publishing::StatusLabel(r.status));
  d.category = CategoryOf(r.genre, r.doc_class != publishing::DocClass::kOther);
  return d;
}

Service::Service(db::Database& db, const Clock& clock,
                 publishing::Service& publishing, ServiceOptions options)
    : db_(db),
      clock_(clock),
      publishing_(publishing),
      options_(std::move(options)) {}

absl::Status Service::Start() {
  const std::string candidate = FreshIndexId();
  ZWGK_ASSIGN_OR_RETURN(std::string id,
                        db_.InTransaction<std::string>([&](db::Tx& tx) {
                          return store::IndexId(tx, candidate);
                        }));
  index_dir_ = absl::StrCat(options_.index_dir, "/", id);
  bool fresh = !std::filesystem::exists(index_dir_ + "/CURRENT");
  ZWGK_ASSIGN_OR_RETURN(index_, Index::Open(index_dir_, options_.index));
  publishing_.AddChangeListener([this](db::Tx& tx, int64_t id) {
    return store::Enqueue(
        tx, id,
        absl::FormatTime(absl::RFC3339_sec, clock_.Now(), absl::UTCTimeZone()));
  });
  publishing_.AddCommitListener([this](int64_t) {
    // The change is committed; a failure here leaves the outbox row, which
    // the next drain (next change, next search, next start) applies.
    if (auto n = Drain(); !n.ok())
      spdlog::warn("search: 索引更新失败，稍后重试：{}", n.status().ToString());
  });
  if (fresh || index_->outdated()) {
    // Small databases (a new county, the seed, tests) are indexed here, in
    // seconds; a large one waits for `zwgk search reindex` (7 minutes at a
    // million records), which the admin pages ask for.
    constexpr int kRebuildAtStart = 20000;
    ZWGK_ASSIGN_OR_RETURN(std::vector<publishing::RecordKey> some,
                          publishing_.ListRecordKeys(0, kRebuildAtStart + 1));
    if (some.size() > kRebuildAtStart) {
      needs_reindex_ = true;
      spdlog::warn(
          "search: 检索索引{}，信息较多，未在启动时重建：请运行 zwgk search "
          "reindex",
          fresh ? "尚未建立" : "格式已更新");
    } else if (!some.empty() || index_->outdated()) {
      spdlog::info(fresh ? "search: 本数据库还没有检索索引，正在建立……"
                         : "search: 检索索引格式已更新，正在重建……");
      ZWGK_RETURN_IF_ERROR(Reindex().status());
    }
  }
  return Drain().status();
}

absl::StatusOr<Result> Service::Search(Query q) {
  if (pending_ && SteadyNanos() >= retry_after_ns_) (void)Drain();
  q.scope = Scope::kPublic;
  ZWGK_ASSIGN_OR_RETURN(Result r, index_->Search(q));
  constexpr int64_t kFewResults = 3;
  if (q.text.empty() || r.total >= kFewResults || q.page > 1) return r;
  absl::StatusOr<std::vector<std::string>> corrections =
      index_->Corrections(q.text);
  if (!corrections.ok()) {
    spdlog::warn("search: 纠错失败：{}", corrections.status().ToString());
    return r;
  }
  std::string best;
  int64_t best_total = r.total;
  for (const std::string& c : *corrections) {
    Query probe = q;
    probe.text = c;
    probe.facets = false;
    probe.per_page = 20;  // counted exactly up to a page
    absl::StatusOr<Result> p = index_->Search(probe);
    if (p.ok() && p->total > best_total) {
      best = c;
      best_total = p->total;
    }
  }
  if (best.empty()) return r;
  if (r.total > 0) {
    r.suggestion = best;
    return r;
  }
  Query fixed = q;
  fixed.text = best;
  ZWGK_ASSIGN_OR_RETURN(Result corrected, index_->Search(fixed));
  corrected.suggestion = best;
  corrected.corrected = true;
  return corrected;
}

absl::StatusOr<Suggestions> Service::Suggest(absl::string_view prefix,
                                             int limit) {
  constexpr int64_t kCacheNs = 60'000'000'000;
  constexpr size_t kCacheEntries = 4096;
  std::string key = absl::StrCat(limit, ":", prefix);
  int64_t now = SteadyNanos();
  {
    std::lock_guard lock(suggest_mu_);
    auto it = suggest_cache_.find(key);
    if (it != suggest_cache_.end() && now - it->second.at_ns < kCacheNs)
      return it->second.value;
  }
  Suggestions out;
  ZWGK_ASSIGN_OR_RETURN(out.words, index_->SuggestWords(prefix, limit));
  int left = limit - static_cast<int>(out.words.size());
  if (left > 0) {
    // Titles of the newest records that match in the title (tier order).
    absl::StatusOr<Result> r = Search(
        {.text = std::string(prefix), .per_page = left, .facets = false});
    if (r.ok() && !r->corrected)
      for (const Hit& h : r->hits) out.records.push_back({h.title_text, h.url});
  }
  std::lock_guard lock(suggest_mu_);
  if (suggest_cache_.size() >= kCacheEntries) suggest_cache_.clear();
  suggest_cache_[key] = {now, out};
  return out;
}

absl::StatusOr<Result> Service::SearchFor(const Actor& actor, Query q) {
  if (pending_ && SteadyNanos() >= retry_after_ns_) (void)Drain();
  q.scope = Scope::kStaff;
  q.all_units = IsAdmin(actor);
  q.unit_ids.clear();
  if (actor.unit_id) q.unit_ids.push_back(*actor.unit_id);
  return index_->Search(q);
}

std::string Service::AttachmentsText(const publishing::Record& r,
                                     int64_t* attachment_errors) {
  std::string text;
  for (const publishing::Attachment& a : r.attachments) {
    if (!a.is_public) continue;  // an 原件 replaced by its masked copy
    auto t = AttachmentText(publishing_.AttachmentPath(a), a.content_type,
                            a.filename);
    if (!t.ok()) {
      // An unreadable attachment must not keep the record out of search.
      spdlog::warn("search: 信息 {} 的附件“{}”无法提取文字：{}", r.id,
                   a.filename, t.status().ToString());
      if (attachment_errors) ++*attachment_errors;
      continue;
    }
    absl::StrAppend(&text, a.filename, "\n", *t, "\n");
  }
  return text;
}

absl::StatusOr<std::vector<Change>> Service::LoadChanges(
    const std::vector<int64_t>& ids, int64_t* attachment_errors) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<publishing::Record> records,
                        publishing_.GetMany(ids));
  std::vector<Change> changes;
  changes.reserve(ids.size());
  size_t next = 0;  // records come in the order of `ids`, missing ones left out
  for (int64_t id : ids) {
    if (next < records.size() && records[next].id == id) {
      const publishing::Record& r = records[next++];
      changes.push_back(
          {id, ToDocument(r, AttachmentsText(r, attachment_errors))});
    } else {
      changes.push_back({id, std::nullopt});  // deleted: out of the index
    }
  }
  return changes;
}

absl::StatusOr<int64_t> Service::Drain() {
  std::lock_guard lock(drain_mu_);
  int64_t applied = 0, after = 0;
  absl::Status status;
  for (;;) {
    auto rows = db_.InTransaction<std::vector<OutboxRow>>(
        [&](db::Tx& tx) { return store::Pending(tx, after, kDrainBatch); });
    if (!rows.ok()) {
      status = rows.status();
      break;
    }
    if (rows->empty()) break;
    std::vector<int64_t> ids, outbox_ids;
    std::set<int64_t> seen;
    for (const OutboxRow& row : *rows) {
      outbox_ids.push_back(row.id);
      if (seen.insert(row.record_id).second) ids.push_back(row.record_id);
    }
    absl::StatusOr<std::vector<Change>> changes = LoadChanges(ids, nullptr);
    if (!changes.ok()) {
      status = changes.status();
      break;
    }
    status = index_->Apply(*changes);
    if (!status.ok()) break;
    after = rows->back().id;
    status = db_.Transaction(
        [&](db::Tx& tx) { return store::DeleteApplied(tx, outbox_ids); });
    if (!status.ok()) break;
    applied += rows->size();
    if (static_cast<int>(rows->size()) < kDrainBatch) break;
  }
  pending_ = !status.ok();
  if (!status.ok()) {
    retry_after_ns_ = SteadyNanos() + 1'000'000'000;
    return status;
  }
  return applied;
}

absl::StatusOr<std::vector<publishing::RecordKey>> Service::AllKeys() {
  std::vector<publishing::RecordKey> keys;
  int64_t after = 0;
  for (;;) {
    ZWGK_ASSIGN_OR_RETURN(std::vector<publishing::RecordKey> page,
                          publishing_.ListRecordKeys(after, 10000));
    if (page.empty()) break;
    after = page.back().id;
    keys.insert(keys.end(), std::make_move_iterator(page.begin()),
                std::make_move_iterator(page.end()));
  }
  return keys;
}

absl::StatusOr<ReindexStats> Service::Reindex(
    const std::function<void(int64_t, int64_t)>& progress) {
  auto start = std::chrono::steady_clock::now();
  // Changes committed after this point reach the outbox above the floor,
  // which drains keep until we re-apply them to the new generation.
  ZWGK_RETURN_IF_ERROR(db_.Transaction([](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(int64_t floor, store::MaxId(tx));
    return store::SetReindexFloor(tx, floor);
  }));
  auto run = [&]() -> absl::StatusOr<ReindexStats> {
    ReindexStats stats;
    ZWGK_ASSIGN_OR_RETURN(std::vector<publishing::RecordKey> keys, AllKeys());
    // Newest first: the builder gives document ids in the order of Add.
    std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
      return a.date != b.date ? a.date > b.date : a.id > b.id;
    });
    ZWGK_ASSIGN_OR_RETURN(
        std::unique_ptr<Builder> builder,
        Builder::Create(index_dir_, {.shards = options_.index.shards,
                                     .batch = options_.reindex_batch,
                                     .index = options_.index}));
    int64_t total = static_cast<int64_t>(keys.size());
    if (progress) progress(0, total);
    constexpr size_t kBatch = 256;
    std::vector<int64_t> ids;
    for (size_t i = 0; i < keys.size(); i += kBatch) {
      ids.clear();
      for (size_t k = i; k < std::min(keys.size(), i + kBatch); ++k)
        ids.push_back(keys[k].id);
      ZWGK_ASSIGN_OR_RETURN(std::vector<Change> changes,
                            LoadChanges(ids, &stats.attachment_errors));
      for (Change& c : changes) {
        if (!c.doc) continue;  // deleted meanwhile
        Document& doc = *c.doc;
        (doc.is_public ? stats.public_records : stats.staff_records)++;
        ZWGK_RETURN_IF_ERROR(builder->Add(std::move(doc)));
        ++stats.records;
        if (progress && stats.records % 1000 == 0)
          progress(stats.records, total);
      }
    }
    ZWGK_RETURN_IF_ERROR(builder->Switch());
    if (progress) progress(total, total);
    return stats;
  };
  absl::StatusOr<ReindexStats> stats = run();
  absl::Status cleared = db_.Transaction(
      [](db::Tx& tx) { return store::SetReindexFloor(tx, std::nullopt); });
  if (!stats.ok()) return stats.status();
  ZWGK_RETURN_IF_ERROR(cleared);
  // Changes made during the rebuild, now into the new generation.
  ZWGK_RETURN_IF_ERROR(Drain().status());
  needs_reindex_ = false;
  stats->seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return stats;
}

absl::StatusOr<CheckReport> Service::Check() {
  CheckReport report;
  ZWGK_ASSIGN_OR_RETURN(std::vector<publishing::RecordKey> keys, AllKeys());
  std::vector<int64_t> pub, staff;  // ascending, as the keys come
  for (const publishing::RecordKey& k : keys)
    (k.is_public ? pub : staff).push_back(k.id);
  ZWGK_ASSIGN_OR_RETURN(std::vector<int64_t> ipub, index_->Ids(true));
  ZWGK_ASSIGN_OR_RETURN(std::vector<int64_t> istaff, index_->Ids(false));
  auto diff = [](const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
    std::vector<int64_t> out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(),
                        std::back_inserter(out));
    return out;
  };
  report.db_public = pub.size();
  report.db_staff = staff.size();
  report.index_public = ipub.size();
  report.index_staff = istaff.size();
  report.missing = diff(pub, ipub);
  report.extra = diff(ipub, pub);
  report.staff_missing = diff(staff, istaff);
  report.staff_extra = diff(istaff, staff);
  ZWGK_ASSIGN_OR_RETURN(report.pending, PendingCount());
  ZWGK_ASSIGN_OR_RETURN(report.reindex_floor, ReindexFloor());
  return report;
}

absl::StatusOr<int64_t> Service::PendingCount() {
  return db_.InTransaction<int64_t>(
      [](db::Tx& tx) { return store::PendingCount(tx); });
}

absl::StatusOr<std::optional<int64_t>> Service::ReindexFloor() {
  return db_.InTransaction<std::optional<int64_t>>(
      [](db::Tx& tx) { return store::ReindexFloor(tx); });
}

}  // namespace zwgk::search
