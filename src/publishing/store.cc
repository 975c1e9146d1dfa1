#include "publishing/store.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/status.h"
#include "nlohmann/json.hpp"
#include "publishing/interpretation.h"

namespace zwgk::publishing::store {
namespace {

using db::Row;
using db::Value;

// Columns of a record row in the order FromRow reads them. Lists leave out
// the body (large) but keep the rest. Unit and domain names are org's: the
// service fills them in.
constexpr char kColumns[] =
    "r.id, r.version, r.title, r.index_number, r.doc_number, r.unit_id, "
    "r.domain_id, r.catalog_item_id, r.item_level1, "
    "r.item_level2, r.period_label, r.topic, r.subtopic, r.genre, "
    "r.keywords, r.formed_on, r.changed_on, r.publish_by, r.published_on, "
    "r.published_at, r.first_published_on, r.days_late, r.status, "
    "r.disclosure, r.withheld_ground, r.validity, r.validity_on, "
    "r.replaced_by, r.review_outcome, r.review_remarks, r.reviewed_by, "
    "r.reviewed_at, r.unpublish_reason, r.pending_json, r.pending_status, "
    "r.created_at, r.created_by, r.updated_at, r.drafted_by, "
    "r.submitted_by, r.doc_class, r.registration_number, r.valid_until";
constexpr char kFrom[] = " FROM pub_records r";

nlohmann::json InputJson(const RecordInput& in) {
  return {{"title", in.title},
          {"unit", in.unit},
          {"domain", in.domain},
          {"formed_on", in.formed_on},
          {"changed_on", in.changed_on},
          {"topic", in.topic},
          {"genre", in.genre},
          {"doc_number", in.doc_number},
          {"doc_class", in.doc_class},
          {"registration_number", in.registration_number},
          {"valid_until", in.valid_until},
          {"disclosure", in.disclosure},
          {"withheld_ground", in.withheld_ground},
          {"keywords", in.keywords},
          {"body_html", in.body_html},
          {"change_note", in.change_note},
          {"catalog_item_id", in.catalog_item_id
                                  ? nlohmann::json(*in.catalog_item_id)
                                  : nlohmann::json()}};
}

std::optional<RecordInput> InputFromJson(const std::string& text) {
  if (text.empty()) return std::nullopt;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  RecordInput in;
  auto s = [&](const char* k) { return j.value(k, std::string()); };
  in.title = s("title");
  in.unit = s("unit");
  in.domain = s("domain");
  in.formed_on = s("formed_on");
  in.changed_on = s("changed_on");
  in.topic = s("topic");
  in.genre = s("genre");
  in.doc_number = s("doc_number");
  in.doc_class = s("doc_class");
  in.registration_number = s("registration_number");
  in.valid_until = s("valid_until");
  in.disclosure = s("disclosure");
  in.withheld_ground = s("withheld_ground");
  in.keywords = s("keywords");
  in.body_html = s("body_html");
  in.change_note = s("change_note");
  if (j.contains("catalog_item_id") && j["catalog_item_id"].is_number())
    in.catalog_item_id = j["catalog_item_id"].get<int64_t>();
  return in;
}

Record FromRow(const Row& row) {
  Record r;
  size_t i = 0;
  r.id = row.Int(i++);
  r.version = static_cast<int>(row.Int(i++));
  r.title = row.Text(i++);
  r.index_number = row.Text(i++);
  r.doc_number = row.Text(i++);
  r.unit_id = row.Int(i++);
  r.domain_id = row.OptInt(i++);
  r.catalog_item_id = row.OptInt(i++);
  r.item_level1 = row.Text(i++);
  r.item_level2 = row.Text(i++);
  r.period_label = row.Text(i++);
  r.topic = row.Text(i++);
  r.subtopic = row.Text(i++);
  r.genre = row.Text(i++);
  std::string keywords = row.Text(i++);
  if (!keywords.empty())
    r.keywords = absl::StrSplit(keywords, "、", absl::SkipEmpty());
  r.formed_on = row.Text(i++);
  r.changed_on = row.Text(i++);
  r.publish_by = row.Text(i++);
  r.published_on = row.Text(i++);
  r.published_at = row.Text(i++);
  r.first_published_on = row.Text(i++);
  if (auto late = row.OptInt(i++)) r.days_late = static_cast<int>(*late);
  r.status = ParseStatus(row.Text(i++)).value_or(Status::kDraft);
  r.disclosure = ParseDisclosure(row.Text(i++)).value_or(Disclosure::kWithheld);
  r.withheld_ground = row.Text(i++);
  r.validity = ParseValidity(row.Text(i++)).value_or(Validity::kValid);
  r.validity_on = row.Text(i++);
  r.replaced_by = row.OptInt(i++);
  r.review_outcome = row.Text(i++);
  r.review_remarks = row.Text(i++);
  r.reviewed_by = row.Text(i++);
  r.reviewed_at = row.Text(i++);
  r.unpublish_reason = row.Text(i++);
  r.pending_change = InputFromJson(row.Text(i++));
  r.pending_status = ParseStatus(row.Text(i++)).value_or(Status::kDraft);
  r.created_at = row.Text(i++);
  r.created_by = row.Text(i++);
  r.updated_at = row.Text(i++);
  r.drafted_by = row.Text(i++);
  r.submitted_by = row.Text(i++);
  r.doc_class = ParseDocClass(row.Text(i++)).value_or(DocClass::kOther);
  r.registration_number = row.Text(i++);
  r.valid_until = row.Text(i++);
  return r;
}

Value Opt(const std::string& s) {
  return s.empty() ? Value(nullptr) : Value(s);
}

// The values of the writable columns, in kWritable's order.
constexpr char kWritable[] =
    "unit_id, domain_id, catalog_item_id, item_level1, item_level2, "
    "period_label, title, doc_number, topic, subtopic, genre, keywords, "
    "body_html, disclosure, withheld_ground, formed_on, changed_on, "
    "publish_by, status, version, index_number, published_on, published_at, "
    "first_published_on, days_late, validity, validity_on, replaced_by, "
    "review_outcome, review_remarks, reviewed_by, reviewed_at, "
    "unpublish_reason, pending_json, pending_status, updated_at, "
    "drafted_by, submitted_by, doc_class, registration_number, valid_until";

std::vector<Value> WritableValues(const Record& r) {
  return {r.unit_id,
          db::OrNull(r.domain_id),
          db::OrNull(r.catalog_item_id),
          r.item_level1,
          r.item_level2,
          r.period_label,
          r.title,
          r.doc_number,
          r.topic,
          r.subtopic,
          r.genre,
          absl::StrJoin(r.keywords, "、"),
          r.body_html,
          std::string(DisclosureName(r.disclosure)),
          r.withheld_ground,
          r.formed_on,
          r.changed_on,
          r.publish_by,
          std::string(StatusName(r.status)),
          int64_t{r.version},
          Opt(r.index_number),
          r.published_on,
          r.published_at,
          r.first_published_on,
          r.days_late ? Value(int64_t{*r.days_late}) : Value(nullptr),
          std::string(ValidityName(r.validity)),
          r.validity_on,
          db::OrNull(r.replaced_by),
          r.review_outcome,
          r.review_remarks,
          r.reviewed_by,
          r.reviewed_at,
          r.unpublish_reason,
          r.pending_change ? Value(InputJson(*r.pending_change).dump())
                           : Value(nullptr),
          r.pending_change ? Value(std::string(StatusName(r.pending_status)))
                           : Value(std::string()),
          r.updated_at,
          r.drafted_by,
          r.submitted_by,
          std::string(DocClassName(r.doc_class)),
          r.registration_number,
          r.valid_until};
}

// What a record contributes to pub_public_counts: nothing unless it is
// public (published 主动公开), else one row per list filter it falls under.
struct CountKey {
  bool is_public = false;
  std::string domain, unit, year, topic, genre, validity, item1, item2;
  bool operator==(const CountKey&) const = default;
};

CountKey KeyOf(absl::string_view status, absl::string_view disclosure,
               std::optional<int64_t> domain_id, int64_t unit_id,
               absl::string_view published_on, absl::string_view topic,
               absl::string_view genre, absl::string_view validity,
               absl::string_view item1, absl::string_view item2) {
  CountKey k;
  k.is_public = status == StatusName(Status::kPublished) &&
                disclosure == DisclosureName(Disclosure::kActive);
  if (!k.is_public) return k;
  if (domain_id) k.domain = absl::StrCat(*domain_id);
  k.unit = absl::StrCat(unit_id);
  k.year = std::string(published_on.substr(0, 4));
  k.topic = std::string(topic);
  k.genre = std::string(genre);
  k.validity = std::string(validity);
  k.item1 = std::string(item1);
  k.item2 = std::string(item2);
  return k;
}

CountKey KeyOf(const Record& r) {
  return KeyOf(StatusName(r.status), DisclosureName(r.disclosure), r.domain_id,
               r.unit_id, r.published_on, r.topic, r.genre,
               ValidityName(r.validity), r.item_level1, r.item_level2);
}

// The stored record's key, before a change (not public when missing).
absl::StatusOr<CountKey> StoredKey(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      tx.QueryOptional(
          "SELECT status, disclosure, domain_id, unit_id, published_on, "
          "topic, genre, validity, item_level1, item_level2 FROM pub_records "
          "WHERE id = ?",
          {id}));
  if (!row) return CountKey{};
  const Row& r = *row;
  std::optional<int64_t> domain;
  if (!r.IsNull(2)) domain = r.Int(2);
  return KeyOf(r.Text(0), r.Text(1), domain, r.Int(3), r.Text(4), r.Text(5),
               r.Text(6), r.Text(7), r.Text(8), r.Text(9));
}

// Adds `delta` to every count `k` falls under. Upserts: the first public
// record of a new year, genre or item creates its row.
absl::Status AdjustPublicCounts(db::Tx& tx, const CountKey& k, int delta) {
  if (!k.is_public || delta == 0) return absl::OkStatus();
  struct Cell {
    const char* dim;
    const std::string& val;
    std::string val2, val3;
  };
  const std::string none;
  std::vector<Cell> cells = {{"all", none},      {"unit", k.unit},
                             {"year", k.year},   {"topic", k.topic},
                             {"genre", k.genre}, {"validity", k.validity}};
  if (!k.domain.empty()) {
    cells.push_back({"domain", k.domain});
    if (!k.item1.empty()) cells.push_back({"item", k.domain, k.item1, k.item2});
  }
  for (const Cell& c : cells) {
    ZWGK_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO pub_public_counts (dim, val, val2, val3, n) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (dim, val, val2, val3) "
                "DO UPDATE SET n = pub_public_counts.n + excluded.n",
                {std::string(c.dim), c.val, c.val2, c.val3, int64_t{delta}})
            .status());
  }
  return absl::OkStatus();
}

// Moves the counts from `before` to `after` when the record's public
// standing or list filters changed.
absl::Status MovePublicCounts(db::Tx& tx, const CountKey& before,
                              const CountKey& after) {
  if (before == after) return absl::OkStatus();
  ZWGK_RETURN_IF_ERROR(AdjustPublicCounts(tx, before, -1));
  return AdjustPublicCounts(tx, after, +1);
}

}  // namespace

absl::StatusOr<int64_t> Insert(db::Tx& tx, const Record& r,
                               const StoredPeriod& p) {
  std::vector<Value> values = WritableValues(r);
  values.push_back(p.kind);
  values.push_back(int64_t{p.days});
  values.push_back(r.created_at);
  values.push_back(r.created_by);
  std::string marks;
  for (size_t i = 0; i < values.size(); ++i)
    absl::StrAppend(&marks, i ? ", ?" : "?");
  ZWGK_ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert(
          absl::StrCat("INSERT INTO pub_records (", kWritable,
                       ", period_kind, period_days, created_at, created_by) "
                       "VALUES (",
                       marks, ") RETURNING id"),
          values));
  ZWGK_RETURN_IF_ERROR(AdjustPublicCounts(tx, KeyOf(r), +1));
  return id;
}

absl::Status Save(db::Tx& tx, const Record& r) {
  std::vector<std::string> sets = absl::StrSplit(kWritable, ", ");
  std::string sql = "UPDATE pub_records SET ";
  for (size_t i = 0; i < sets.size(); ++i)
    absl::StrAppend(&sql, i ? ", " : "", sets[i], " = ?");
  absl::StrAppend(&sql, " WHERE id = ?");
  std::vector<Value> values = WritableValues(r);
  values.push_back(r.id);
  ZWGK_ASSIGN_OR_RETURN(CountKey before, StoredKey(tx, r.id));
  ZWGK_ASSIGN_OR_RETURN(int64_t n, tx.Exec(sql, values));
  if (n == 0) return absl::NotFoundError("信息不存在");
  return MovePublicCounts(tx, before, KeyOf(r));
}

absl::StatusOr<Record> Load(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<Record> one, LoadMany(tx, {id}));
  if (one.empty()) return absl::NotFoundError("信息不存在");
  return std::move(one.front());
}

absl::StatusOr<std::vector<Record>> LoadMany(db::Tx& tx,
                                             const std::vector<int64_t>& ids) {
  std::vector<Record> out;
  if (ids.empty()) return out;
  std::string marks;
  std::vector<Value> params;
  for (int64_t id : ids) {
    absl::StrAppend(&marks, params.empty() ? "?" : ", ?");
    params.push_back(id);
  }
  ZWGK_ASSIGN_OR_RETURN(
      db::Result rows,
      tx.Query(absl::StrCat("SELECT ", kColumns, ", r.body_html", kFrom,
                            " WHERE r.id IN (", marks, ")"),
               params));
  std::unordered_map<int64_t, Record> by_id;
  for (const Row& row : rows.rows) {
    Record r = FromRow(row);
    r.body_html = row.Text(row.size() - 1);
    int64_t id = r.id;
    by_id.emplace(id, std::move(r));
  }
  ZWGK_ASSIGN_OR_RETURN(
      db::Result atts,
      tx.Query(
          absl::StrCat(
              "SELECT record_id, id, filename, content_type, "
              "sha256, size, original_of, is_public FROM pub_attachments WHERE "
              "record_id IN (",
              marks, ") ORDER BY record_id, position, id"),
          params));
  for (const Row& a : atts.rows) {
    auto it = by_id.find(a.Int(0));
    if (it == by_id.end()) continue;
    it->second.attachments.push_back({.id = a.Int(1),
                                      .filename = a.Text(2),
                                      .content_type = a.Text(3),
                                      .sha256 = a.Text(4),
                                      .size = a.Int(5),
                                      .original_of = a.OptInt(6),
                                      .is_public = a.Int(7) != 0});
  }
  out.reserve(by_id.size());
  for (int64_t id : ids) {
    auto it = by_id.find(id);
    if (it != by_id.end()) out.push_back(std::move(it->second));
  }
  return out;
}

absl::StatusOr<StoredPeriod> Period(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      Row row,
      tx.QueryOne(
          "SELECT period_kind, period_days FROM pub_records WHERE id = ?", {id},
          "信息不存在"));
  return StoredPeriod{.kind = row.Text(0),
                      .days = static_cast<int>(row.Int(1))};
}

absl::Status SetPeriod(db::Tx& tx, int64_t id, const StoredPeriod& p,
                       absl::string_view label, absl::string_view publish_by) {
  return tx
      .Exec(
          "UPDATE pub_records SET period_kind = ?, period_days = ?, "
          "period_label = ?, publish_by = ? WHERE id = ?",
          {p.kind, int64_t{p.days}, std::string(label), std::string(publish_by),
           id})
      .status();
}

namespace {

// `text` for a LIKE pattern with ESCAPE '!': its wildcards taken literally.
std::string EscapeLike(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '!' || c == '%' || c == '_') out.push_back('!');
    out.push_back(c);
  }
  return out;
}

// The due-state conditions, the same rules as Service::DueOf: an open record
// (never published, or a published one with a pending change) of a 主动
// record is overdue before `overdue_before` and due soon up to
// `soon_until`; a published one is late when it has days_late.
void AddDueFilter(DueFilter f, const ListQuery& q, std::string& where,
                  std::vector<Value>& params) {
  constexpr char kOpen[] =
      "(r.status IN ('draft', 'submitted', 'reviewed') OR (r.status = "
      "'published' AND r.pending_json IS NOT NULL))";
  constexpr char kSettled[] =
      "(r.status = 'published' AND r.pending_json IS NULL)";
  absl::StrAppend(&where, " AND r.disclosure = 'active'");
  switch (f) {
    case DueFilter::kOverdue:
      absl::StrAppend(&where, " AND ((", kOpen, " AND r.publish_by < ?) OR (",
                      kSettled, " AND r.days_late > 0))");
      params.push_back(q.overdue_before);
      break;
    case DueFilter::kDueSoon:
      absl::StrAppend(&where, " AND ", kOpen,
                      " AND r.publish_by >= ? AND r.publish_by <= ?");
      params.push_back(q.overdue_before);
      params.push_back(q.soon_until);
      break;
    case DueFilter::kOnTime:
      absl::StrAppend(&where, " AND ", kSettled,
                      " AND (r.days_late IS NULL OR r.days_late <= 0)");
      break;
  }
}

}  // namespace

std::string FilterKey(const ListQuery& q, bool public_only) {
  return absl::StrCat(public_only, "|", q.domain_id.value_or(0), "|",
                      q.unit_id.value_or(0), "|", q.year.value_or(0), "|",
                      q.topic, "|", q.genre, "|",
                      q.validity ? std::string(ValidityName(*q.validity)) : "",
                      "|", q.status ? std::string(StatusName(*q.status)) : "",
                      "|", q.item_level1, "|", q.item_level2);
}

namespace {

// The public count of a list with one filter or none, from
// pub_public_counts; nullopt for the other lists (counted: their indexes
// narrow them to a few thousand rows).
absl::StatusOr<std::optional<int64_t>> KeptCount(db::Tx& tx,
                                                 const ListQuery& q) {
  if (!q.item_level1.empty() || !q.item_level2.empty()) return std::nullopt;
  std::vector<std::pair<const char*, std::string>> filters;
  if (q.domain_id) filters.push_back({"domain", absl::StrCat(*q.domain_id)});
  if (q.unit_id) filters.push_back({"unit", absl::StrCat(*q.unit_id)});
  if (q.year) filters.push_back({"year", absl::StrCat(*q.year)});
  if (!q.topic.empty()) filters.push_back({"topic", q.topic});
  if (!q.genre.empty()) filters.push_back({"genre", q.genre});
  if (q.validity)
    filters.push_back({"validity", std::string(ValidityName(*q.validity))});
  if (filters.size() > 1) return std::nullopt;
  if (filters.empty()) filters.push_back({"all", ""});
  // A year outside 1000…9999 would match another key's prefix rule.
  if (q.year && (*q.year < 1000 || *q.year > 9999)) return std::nullopt;
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      tx.QueryOptional("SELECT n FROM pub_public_counts WHERE dim = ? AND "
                       "val = ? AND val2 = '' AND val3 = ''",
                       {std::string(filters[0].first), filters[0].second}));
  return std::optional<int64_t>(row ? row->Int(0) : 0);
}

}  // namespace

absl::StatusOr<RecordPage> List(db::Tx& tx, const ListQuery& q,
                                bool public_only,
                                std::optional<int64_t> known_total) {
  std::string where = " WHERE 1 = 1";
  std::vector<Value> params;
  auto add = [&](absl::string_view cond, Value v) {
    absl::StrAppend(&where, " AND ", cond);
    params.push_back(std::move(v));
  };
  if (public_only) {
    add("r.status = ?", std::string("published"));
    add("r.disclosure = ?", std::string("active"));
  } else if (q.status) {
    add("r.status = ?", std::string(StatusName(*q.status)));
  }
  if (q.domain_id) add("r.domain_id = ?", *q.domain_id);
  if (q.unit_id) add("r.unit_id = ?", *q.unit_id);
  if (q.year) {
    // Lexicographic range on YYYY-MM-DD keeps the index usable.
    const char* col = public_only ? "r.published_on" : "r.formed_on";
    add(absl::StrCat(col, " >= ?"), absl::StrCat(*q.year, "-01-01"));
    add(absl::StrCat(col, " <= ?"), absl::StrCat(*q.year, "-12-31"));
  }
  if (!q.topic.empty()) add("r.topic = ?", q.topic);
  if (!q.genre.empty()) add("r.genre = ?", q.genre);
  if (q.validity) add("r.validity = ?", std::string(ValidityName(*q.validity)));
  if (!q.item_level1.empty()) add("r.item_level1 = ?", q.item_level1);
  if (!q.item_level2.empty()) add("r.item_level2 = ?", q.item_level2);
  if (!public_only && !q.text.empty()) {
    std::string like = absl::StrCat("%", EscapeLike(q.text), "%");
    absl::StrAppend(&where,
                    " AND (r.title LIKE ? ESCAPE '!' OR r.doc_number LIKE ? "
                    "ESCAPE '!' OR r.index_number LIKE ? ESCAPE '!')");
    for (int i = 0; i < 3; ++i) params.push_back(like);
  }
  if (!public_only && q.due) AddDueFilter(*q.due, q, where, params);

  RecordPage page{.page = std::max(1, q.page),
                  .per_page = std::clamp(q.per_page, 1, 100)};
  std::optional<int64_t> kept;
  if (public_only && !known_total) {
    ZWGK_ASSIGN_OR_RETURN(kept, KeptCount(tx, q));
  }
  if (known_total) {
    page.total = *known_total;
  } else if (kept) {
    page.total = *kept;
  } else {
    ZWGK_ASSIGN_OR_RETURN(
        Row count,
        tx.QueryOne(absl::StrCat("SELECT COUNT(*) FROM pub_records r", where),
                    params, "count"));
    page.total = count.Int(0);
  }
  std::string order = " ORDER BY r.published_on DESC, r.id DESC";
  if (!public_only) {
    switch (q.sort) {
      case ListSort::kUpdated:
        order = " ORDER BY r.updated_at DESC, r.id DESC";
        break;
      case ListSort::kFormed:
        order = " ORDER BY r.formed_on DESC, r.id DESC";
        break;
      case ListSort::kDue:
        order = " ORDER BY r.publish_by, r.id";
        break;
    }
  }
  params.push_back(int64_t{page.per_page});
  params.push_back(int64_t{(page.page - 1) * int64_t{page.per_page}});
  // The page's ids first, from the record table alone (an index-only scan
  // for the public lists), so a deep OFFSET skips index entries rather than
  // joined rows; then the rows themselves.
  ZWGK_ASSIGN_OR_RETURN(
      db::Result rows,
      tx.Query(absl::StrCat("SELECT ", kColumns,
                            q.with_body ? ", r.body_html" : "", kFrom,
                            " WHERE r.id IN (SELECT r.id FROM "
                            "pub_records r",
                            where, order, " LIMIT ? OFFSET ?)", order),
               params));
  for (const Row& row : rows.rows) {
    page.records.push_back(FromRow(row));
    if (q.with_body) page.records.back().body_html = row.Text(row.size() - 1);
  }
  return page;
}

absl::Status AddReview(db::Tx& tx, int64_t record_id, const ReviewEntry& e) {
  return tx
      .Exec(
          "INSERT INTO pub_reviews (record_id, outcome, remarks, reviewer, "
          "reviewed_at, of_change) VALUES (?, ?, ?, ?, ?, ?)",
          {record_id, e.outcome, e.remarks, e.reviewer, e.at,
           int64_t{e.of_change ? 1 : 0}})
      .status();
}

absl::StatusOr<std::vector<ReviewEntry>> Reviews(db::Tx& tx,
                                                 int64_t record_id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result rows,
      tx.Query("SELECT outcome, remarks, reviewer, reviewed_at, of_change "
               "FROM pub_reviews WHERE record_id = ? ORDER BY id",
               {record_id}));
  std::vector<ReviewEntry> out;
  for (const Row& r : rows.rows)
    out.push_back({.outcome = r.Text(0),
                   .remarks = r.Text(1),
                   .reviewer = r.Text(2),
                   .at = r.Text(3),
                   .of_change = r.Int(4) != 0});
  return out;
}

absl::StatusOr<std::vector<ItemCount>> CountsByItem(db::Tx& tx,
                                                    int64_t domain_id) {
  // The counts are kept (pub_public_counts); the newest publication of each
  // item is one seek in pub_records_item.
  ZWGK_ASSIGN_OR_RETURN(
      db::Result rows,
      tx.Query("SELECT val2, val3, n FROM pub_public_counts WHERE dim = "
               "'item' AND val = ? AND n > 0 ORDER BY val2, val3",
               {absl::StrCat(domain_id)}));
  std::vector<ItemCount> out;
  for (const Row& r : rows.rows) {
    ZWGK_ASSIGN_OR_RETURN(
        Row latest,
        tx.QueryOne("SELECT MAX(published_on) FROM pub_records WHERE "
                    "domain_id = ? AND status = 'published' AND disclosure = "
                    "'active' AND item_level1 = ? AND item_level2 = ?",
                    {domain_id, r.Text(0), r.Text(1)}, "item"));
    out.push_back({r.Text(0), r.Text(1), r.Int(2), latest.Text(0)});
  }
  return out;
}

absl::StatusOr<std::vector<RecordKey>> Keys(db::Tx& tx, int64_t after_id,
                                            int limit) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result rows,
      tx.Query("SELECT id, published_on, formed_on, status, disclosure "
               "FROM pub_records WHERE id > ? ORDER BY id LIMIT ?",
               {after_id, int64_t{limit}}));
  std::vector<RecordKey> out;
  out.reserve(rows.rows.size());
  for (const Row& r : rows.rows) {
    std::string published = r.Text(1);
    bool is_public = r.Text(3) == StatusName(Status::kPublished) &&
                     r.Text(4) == DisclosureName(Disclosure::kActive);
    out.push_back({.id = r.Int(0),
                   .date = published.empty() ? r.Text(2) : published,
                   .is_public = is_public});
  }
  return out;
}

absl::StatusOr<std::vector<SitemapEntry>> PublicIds(db::Tx& tx,
                                                    int64_t after_id,
                                                    int limit) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result rows,
      tx.Query("SELECT id, published_on, validity_on FROM pub_records "
               "WHERE status = 'published' AND disclosure = 'active' AND "
               "id > ? ORDER BY id LIMIT ?",
               {after_id, int64_t{limit}}));
  std::vector<SitemapEntry> out;
  for (const Row& r : rows.rows) {
    std::string last = std::max(r.Text(1), r.Text(2));
    out.push_back({r.Int(0), last});
  }
  return out;
}

absl::StatusOr<std::optional<SitemapChunk>> PublicIdChunk(db::Tx& tx,
                                                          int64_t after_id,
                                                          int limit) {
  ZWGK_ASSIGN_OR_RETURN(
      Row row,
      tx.QueryOne("SELECT COUNT(*), MAX(id), MAX(published_on), "
                  "MAX(validity_on) FROM (SELECT id, published_on, "
                  "validity_on FROM pub_records WHERE status = 'published' "
                  "AND disclosure = 'active' AND id > ? ORDER BY id LIMIT ?) "
                  "chunk",
                  {after_id, int64_t{limit}}, "chunk"));
  if (row.Int(0) == 0) return std::nullopt;
  return SitemapChunk{.last_id = row.Int(1),
                      .count = row.Int(0),
                      .lastmod = std::max(row.Text(2), row.Text(3))};
}

absl::StatusOr<std::vector<Record>> Unpublished(db::Tx& tx,
                                                std::optional<int64_t> unit_id,
                                                absl::string_view until) {
  std::string sql = absl::StrCat(
      "SELECT ", kColumns, kFrom,
      " WHERE (r.status IN ('draft', 'submitted', 'reviewed') "
      "OR (r.status = 'published' AND r.pending_json IS NOT NULL)) "
      "AND r.disclosure = 'active' AND r.publish_by <= ?");
  std::vector<Value> params = {std::string(until)};
  if (unit_id) {
    absl::StrAppend(&sql, " AND r.unit_id = ?");
    params.push_back(*unit_id);
  }
  absl::StrAppend(&sql, " ORDER BY r.publish_by, r.id");
  ZWGK_ASSIGN_OR_RETURN(db::Result rows, tx.Query(sql, params));
  std::vector<Record> out;
  for (const Row& r : rows.rows) out.push_back(FromRow(r));
  return out;
}

namespace {
// " AND r.unit_id = ?" with its parameter when `unit_id` is set.
void AndUnit(std::string& sql, std::vector<Value>& params,
             std::optional<int64_t> unit_id) {
  if (!unit_id) return;
  absl::StrAppend(&sql, " AND r.unit_id = ?");
  params.push_back(*unit_id);
}
}  // namespace

absl::StatusOr<std::vector<DocClassFacts>> DocClassRows(
    db::Tx& tx, std::optional<int64_t> unit_id, absl::string_view until) {
  std::string sql =
      "SELECT r.doc_class, r.status, r.first_published_on, r.validity, "
      "r.validity_on, r.valid_until FROM pub_records r WHERE r.doc_class IN "
      "('regulation', 'normative') AND r.first_published_on <> '' AND "
      "r.first_published_on <= ?";
  std::vector<Value> params = {std::string(until)};
  AndUnit(sql, params, unit_id);
  ZWGK_ASSIGN_OR_RETURN(db::Result rows, tx.Query(sql, params));
  std::vector<DocClassFacts> out;
  out.reserve(rows.rows.size());
  for (const Row& r : rows.rows)
    out.push_back(
        {.doc_class = ParseDocClass(r.Text(0)).value_or(DocClass::kOther),
         .status = ParseStatus(r.Text(1)).value_or(Status::kDraft),
         .first_published_on = r.Text(2),
         .validity = ParseValidity(r.Text(3)).value_or(Validity::kValid),
         .validity_on = r.Text(4),
         .valid_until = r.Text(5)});
  return out;
}

absl::StatusOr<std::vector<UnitMonthCount>> FirstPublishedByMonth(
    db::Tx& tx, std::optional<int64_t> unit_id, absl::string_view from,
    absl::string_view until) {
  std::string sql =
      "SELECT r.unit_id, SUBSTR(r.first_published_on, 6, 2), COUNT(*) FROM "
      "pub_records r WHERE r.status = 'published' AND r.first_published_on "
      ">= ? AND r.first_published_on <= ?";
  std::vector<Value> params = {std::string(from), std::string(until)};
  AndUnit(sql, params, unit_id);
  absl::StrAppend(&sql,
                  " GROUP BY r.unit_id, SUBSTR(r.first_published_on, 6, 2)");
  ZWGK_ASSIGN_OR_RETURN(db::Result rows, tx.Query(sql, params));
  std::vector<UnitMonthCount> out;
  for (const Row& r : rows.rows)
    out.push_back({.unit_id = r.Int(0),
                   .month = static_cast<int>(r.Int(1)),
                   .count = r.Int(2)});
  return out;
}

absl::StatusOr<std::vector<LateRecord>> PublishedLateRecords(
    db::Tx& tx, std::optional<int64_t> unit_id, absl::string_view from,
    absl::string_view until) {
  // The partial index pub_records_late holds the candidates.
  std::string sql =
      "SELECT r.id, r.unit_id, r.title, r.index_number, r.publish_by, "
      "r.published_on, r.days_late FROM pub_records r WHERE r.days_late > 0 "
      "AND r.published_on >= ? AND r.published_on <= ? AND r.status IN "
      "('published', 'unpublished')";
  std::vector<Value> params = {std::string(from), std::string(until)};
  AndUnit(sql, params, unit_id);
  absl::StrAppend(&sql, " ORDER BY r.publish_by, r.id");
  ZWGK_ASSIGN_OR_RETURN(db::Result rows, tx.Query(sql, params));
  std::vector<LateRecord> out;
  out.reserve(rows.rows.size());
  for (const Row& r : rows.rows)
    out.push_back({.id = r.Int(0),
                   .unit_id = r.Int(1),
                   .title = r.Text(2),
                   .index_number = r.Text(3),
                   .publish_by = r.Text(4),
                   .published_on = r.Text(5),
                   .days_late = r.Int(6)});
  return out;
}

absl::StatusOr<ColumnFacts> ColumnFactsOn(db::Tx& tx, absl::string_view column,
                                          const std::vector<Value>& values,
                                          absl::string_view as_of,
                                          bool presence_only) {
  if (column != "genre" && column != "doc_class" && column != "domain_id")
    return absl::InternalError("unknown column field");
  // Public on as_of: published now, or withdrawn only after as_of (the day
  // of the withdrawal is the row's last update). Each (field, status) pair
  // is a range of the *_first indexes (migration 005).
  const std::string base = absl::StrCat(
      " FROM pub_records r WHERE r.", column,
      " = ? AND r.disclosure = 'active' AND r.first_published_on <> '' AND "
      "r.first_published_on <= ? AND ");
  constexpr char kPublished[] = "r.status = 'published'";
  constexpr char kWithdrawnLater[] =
      "r.status = 'unpublished' AND SUBSTR(r.updated_at, 1, 10) > ?";
  ColumnFacts out;
  for (const Value& v : values) {
    for (bool published : {true, false}) {
      std::vector<Value> params = {v, std::string(as_of)};
      if (!published) params.push_back(std::string(as_of));
      const char* status = published ? kPublished : kWithdrawnLater;
      if (!presence_only) {
        ZWGK_ASSIGN_OR_RETURN(
            Row count,
            tx.QueryOne(absl::StrCat("SELECT COUNT(*)", base, status), params,
                        "count"));
        if (count.Int(0) == 0) continue;
        out.published += count.Int(0);
      }
      ZWGK_ASSIGN_OR_RETURN(
          std::optional<Row> found,
          tx.QueryOptional(
              absl::StrCat("SELECT r.id, r.first_published_on", base, status,
                           " ORDER BY r.first_published_on DESC, "
                           "r.id DESC LIMIT 1"),
              params));
      if (!found) continue;
      const Row& newest = *found;
      if (presence_only) out.published = 1;
      const std::string on = newest.Text(1);
      if (on > out.last_published_on ||
          (on == out.last_published_on && newest.Int(0) > out.last_record_id)) {
        out.last_published_on = on;
        out.last_record_id = newest.Int(0);
      }
    }
  }
  return out;
}

absl::StatusOr<std::string> LastFiledUnder(db::Tx& tx, int64_t domain_id,
                                           absl::string_view level1,
                                           absl::string_view level2,
                                           absl::string_view until) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      tx.QueryOptional(
          "SELECT r.first_published_on FROM pub_records r WHERE r.domain_id "
          "= ? AND r.item_level1 = ? AND r.item_level2 = ? AND "
          "r.first_published_on <> '' AND r.first_published_on <= ? AND "
          "r.status = 'published' AND r.disclosure = 'active' ORDER BY "
          "r.first_published_on DESC LIMIT 1",
          {domain_id, std::string(level1), std::string(level2),
           std::string(until)}));
  if (!row) return std::string();
  return row->Text(0);
}

absl::StatusOr<std::vector<Record>> OpenAt(db::Tx& tx,
                                           std::optional<int64_t> unit_id,
                                           absl::string_view as_of,
                                           absl::string_view until) {
  // Three disjoint cases, one query each so every one reads its own index
  // (pub_records_due, pub_records_first_published, pub_records_pending);
  // joined by OR, one index scan read every published row (7 s at 1M).
  const std::string common =
      absl::StrCat("SELECT ", kColumns, kFrom,
                   " WHERE r.disclosure = 'active' AND r.formed_on <= ? AND ");
  const std::string cases[] = {
      // Drafts waiting for their first publication.
      "r.status IN ('draft', 'submitted', 'reviewed') AND r.publish_by <= ?",
      // Published (or since withdrawn) only after as_of; publish-by is
      // checked below, so that the planner reads first_published_on's index
      // rather than every published row through publish_by's.
      "r.status IN ('published', 'unpublished') AND r.first_published_on > ?",
      // Published by as_of with a change waiting.
      "r.status = 'published' AND r.pending_json IS NOT NULL AND "
      "r.publish_by <= ? AND r.first_published_on <= ?",
  };
  const std::vector<Value> case_params[] = {
      {std::string(until)},
      {std::string(as_of)},
      {std::string(until), std::string(as_of)},
  };
  std::vector<Record> out;
  for (int i = 0; i < 3; ++i) {
    std::string sql = absl::StrCat(common, cases[i]);
    std::vector<Value> params = {std::string(as_of)};
    params.insert(params.end(), case_params[i].begin(), case_params[i].end());
    AndUnit(sql, params, unit_id);
    ZWGK_ASSIGN_OR_RETURN(db::Result rows, tx.Query(sql, params));
    for (const Row& r : rows.rows) {
      Record record = FromRow(r);
      if (record.publish_by <= until) out.push_back(std::move(record));
    }
  }
  std::sort(out.begin(), out.end(), [](const Record& a, const Record& b) {
    return std::tie(a.publish_by, a.id) < std::tie(b.publish_by, b.id);
  });
  return out;
}

absl::StatusOr<std::vector<Clocked>> AllClocked(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result rows,
      tx.Query("SELECT id, period_kind, period_days, formed_on, changed_on, "
               "publish_by FROM pub_records"));
  std::vector<Clocked> out;
  out.reserve(rows.rows.size());
  for (const Row& r : rows.rows) {
    std::string start = r.Text(4).empty() ? r.Text(3) : r.Text(4);
    out.push_back(
        {r.Int(0), {r.Text(1), static_cast<int>(r.Int(2))}, start, r.Text(5)});
  }
  return out;
}

absl::StatusOr<int64_t> NextSerial(db::Tx& tx, int64_t unit_id,
                                   absl::string_view period) {
  // UPDATE first so concurrent publishers serialize on the row; PostgreSQL
  // and SQLite both hold the row (database) lock until commit.
  ZWGK_ASSIGN_OR_RETURN(
      int64_t n, tx.Exec("UPDATE pub_index_serials SET last_serial = "
                         "last_serial + 1 WHERE unit_id = ? AND period = ?",
                         {unit_id, std::string(period)}));
  if (n == 0) {
    ZWGK_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO pub_index_serials (unit_id, period, last_serial) "
                "VALUES (?, ?, 1)",
                {unit_id, std::string(period)})
            .status());
    return 1;
  }
  ZWGK_ASSIGN_OR_RETURN(
      Row row, tx.QueryOne("SELECT last_serial FROM pub_index_serials WHERE "
                           "unit_id = ? AND period = ?",
                           {unit_id, std::string(period)}, "serial"));
  return row.Int(0);
}

absl::StatusOr<std::optional<std::string>> IndexPattern(db::Tx& tx,
                                                        int64_t unit_id) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      tx.QueryOptional(
          "SELECT index_pattern FROM pub_unit_settings WHERE unit_id = ?",
          {unit_id}));
  if (!row) return std::nullopt;
  return row->Text(0);
}

absl::Status SetIndexPattern(db::Tx& tx, int64_t unit_id,
                             absl::string_view pattern) {
  ZWGK_ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec(
          "UPDATE pub_unit_settings SET index_pattern = ? WHERE unit_id = ?",
          {std::string(pattern), unit_id}));
  if (n > 0) return absl::OkStatus();
  return tx
      .Exec(
          "INSERT INTO pub_unit_settings (unit_id, index_pattern) VALUES "
          "(?, ?)",
          {unit_id, std::string(pattern)})
      .status();
}

absl::Status AddVersion(db::Tx& tx, int64_t record_id, const Version& v) {
  return tx
      .Exec(
          "INSERT INTO pub_versions (record_id, version, published_at, "
          "changed_on, title, doc_number, body_html, note) VALUES (?, ?, ?, "
          "?, ?, ?, ?, ?)",
          {record_id, int64_t{v.version}, v.published_at, v.changed_on, v.title,
           v.doc_number, v.body_html, v.note})
      .status();
}

absl::StatusOr<std::vector<Version>> Versions(db::Tx& tx, int64_t record_id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result rows,
      tx.Query("SELECT version, published_at, changed_on, title, doc_number, "
               "body_html, note FROM pub_versions WHERE record_id = ? ORDER "
               "BY version",
               {record_id}));
  std::vector<Version> out;
  for (const Row& r : rows.rows) {
    out.push_back({.version = static_cast<int>(r.Int(0)),
                   .published_at = r.Text(1),
                   .changed_on = r.Text(2),
                   .title = r.Text(3),
                   .doc_number = r.Text(4),
                   .body_html = r.Text(5),
                   .note = r.Text(6)});
  }
  return out;
}

absl::StatusOr<Attachment> AddAttachment(db::Tx& tx, int64_t record_id,
                                         Attachment a) {
  ZWGK_ASSIGN_OR_RETURN(
      Row pos, tx.QueryOne("SELECT COALESCE(MAX(position), 0) + 1 FROM "
                           "pub_attachments WHERE record_id = ?",
                           {record_id}, "position"));
  ZWGK_ASSIGN_OR_RETURN(
      a.id, tx.Insert("INSERT INTO pub_attachments (record_id, filename, "
                      "content_type, sha256, size, position) VALUES (?, ?, ?, "
                      "?, ?, ?) RETURNING id",
                      {record_id, a.filename, a.content_type, a.sha256, a.size,
                       pos.Int(0)}));
  return a;
}

absl::Status RemoveAttachment(db::Tx& tx, int64_t record_id,
                              int64_t attachment_id) {
  ZWGK_ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("DELETE FROM pub_attachments WHERE id = ? AND record_id = ?",
              {attachment_id, record_id}));
  if (n == 0) return absl::NotFoundError("附件不存在");
  return absl::OkStatus();
}

absl::Status AddRelation(db::Tx& tx, int64_t from_id, RelationKind kind,
                         int64_t to_id, absl::string_view at) {
  return tx
      .Exec(
          "INSERT INTO pub_relations (from_id, kind, to_id, created_at) "
          "VALUES (?, ?, ?, ?)",
          {from_id, std::string(RelationName(kind)), to_id, std::string(at)})
      .status();
}

absl::Status RemoveRelation(db::Tx& tx, int64_t from_id, RelationKind kind,
                            int64_t to_id) {
  ZWGK_ASSIGN_OR_RETURN(
      int64_t n, tx.Exec("DELETE FROM pub_relations WHERE from_id = ? AND "
                         "kind = ? AND to_id = ?",
                         {from_id, std::string(RelationName(kind)), to_id}));
  if (n == 0) return absl::NotFoundError("关联不存在");
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Relation>> Relations(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result rows,
      tx.Query(
          "SELECT x.kind, o.id, o.title, o.index_number, o.validity, "
          "o.status, o.disclosure, x.outgoing, o.unit_id FROM ("
          "  SELECT kind, to_id AS other, 1 AS outgoing FROM pub_relations "
          "  WHERE from_id = ? UNION ALL "
          "  SELECT kind, from_id AS other, 0 AS outgoing FROM pub_relations "
          "  WHERE to_id = ?) x JOIN pub_records o ON o.id = x.other "
          "ORDER BY x.outgoing DESC, o.id",
          {id, id}));
  std::vector<Relation> out;
  for (const Row& r : rows.rows) {
    auto kind = ParseRelation(r.Text(0));
    if (!kind) continue;
    out.push_back(
        {.kind = *kind,
         .other_id = r.Int(1),
         .outgoing = r.Bool(7),
         .other_title = r.Text(2),
         .other_index_number = r.Text(3),
         .other_unit_id = r.Int(8),
         .other_validity = ParseValidity(r.Text(4)).value_or(Validity::kValid),
         .other_public = r.Text(5) == "published" && r.Text(6) == "active"});
  }
  return out;
}

absl::Status MarkChannel(db::Tx& tx, int64_t record_id,
                         absl::string_view channel, absl::string_view on,
                         absl::string_view by) {
  ZWGK_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM pub_channels WHERE record_id = ? AND channel = ?",
              {record_id, std::string(channel)})
          .status());
  return tx
      .Exec(
          "INSERT INTO pub_channels (record_id, channel, done_on, done_by) "
          "VALUES (?, ?, ?, ?)",
          {record_id, std::string(channel), std::string(on), std::string(by)})
      .status();
}

absl::StatusOr<std::vector<ChannelStatus>> Channels(db::Tx& tx,
                                                    int64_t record_id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result rows,
      tx.Query("SELECT channel, done_on, done_by FROM pub_channels WHERE "
               "record_id = ? ORDER BY channel",
               {record_id}));
  std::vector<ChannelStatus> out;
  for (const Row& r : rows.rows)
    out.push_back(
        {.channel = r.Text(0), .done_on = r.Text(1), .done_by = r.Text(2)});
  return out;
}

absl::StatusOr<std::vector<std::string>> Genres(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result rows,
      tx.Query("SELECT name FROM pub_genres ORDER BY position, name"));
  std::vector<std::string> out;
  for (const Row& r : rows.rows) out.push_back(r.Text(0));
  return out;
}

absl::Status AddGenre(db::Tx& tx, absl::string_view name) {
  return tx
      .Exec(
          "INSERT INTO pub_genres (name, position) SELECT ?, "
          "COALESCE(MAX(position), 0) + 1 FROM pub_genres",
          {std::string(name)})
      .status();
}

absl::StatusOr<std::vector<std::string>> InterpretedGenres(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(db::Result rows,
                        tx.Query("SELECT name FROM pub_genres WHERE "
                                 "needs_interpretation = 1 ORDER BY position, "
                                 "name"));
  std::vector<std::string> out;
  for (const Row& r : rows.rows) out.push_back(r.Text(0));
  return out;
}

absl::Status SetGenreNeedsInterpretation(db::Tx& tx, absl::string_view name,
                                         bool needs) {
  ZWGK_ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE pub_genres SET needs_interpretation = ? WHERE name = ?",
              {int64_t{needs ? 1 : 0}, std::string(name)}));
  if (n == 0) return absl::NotFoundError("体裁不存在");
  return absl::OkStatus();
}

absl::StatusOr<std::optional<int>> InterpretationDays(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      tx.QueryOptional("SELECT late_after_days FROM "
                       "pub_interpretation_settings WHERE id = 1"));
  if (!row) return std::nullopt;
  return static_cast<int>(row->Int(0));
}

absl::Status SetInterpretationDays(db::Tx& tx, int days) {
  ZWGK_ASSIGN_OR_RETURN(int64_t n,
                        tx.Exec("UPDATE pub_interpretation_settings SET "
                                "late_after_days = ? WHERE id = 1",
                                {int64_t{days}}));
  if (n > 0) return absl::OkStatus();
  return tx
      .Exec(
          "INSERT INTO pub_interpretation_settings (id, late_after_days) "
          "VALUES (1, ?)",
          {int64_t{days}})
      .status();
}

absl::StatusOr<bool> HasInterpretation(db::Tx& tx, int64_t policy_id) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      tx.QueryOptional(
          "SELECT 1 FROM pub_relations rel JOIN pub_records i ON i.id = "
          "rel.from_id WHERE rel.to_id = ? AND rel.kind = 'interprets' AND "
          "i.genre = ? LIMIT 1",
          {policy_id, std::string(kInterpretationGenre)}));
  return row.has_value();
}

absl::StatusOr<std::optional<Waiver>> GetWaiver(db::Tx& tx, int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      tx.QueryOptional("SELECT reason, waived_by, waived_at FROM "
                       "pub_interpretation_waivers WHERE record_id = ?",
                       {id}));
  if (!row) return std::nullopt;
  return Waiver{row->Text(0), row->Text(1), row->Text(2)};
}

absl::Status SetWaiver(db::Tx& tx, int64_t id, const Waiver& w) {
  ZWGK_ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE pub_interpretation_waivers SET reason = ?, waived_by = "
              "?, waived_at = ? WHERE record_id = ?",
              {w.reason, w.by, w.at, id}));
  if (n > 0) return absl::OkStatus();
  return tx
      .Exec(
          "INSERT INTO pub_interpretation_waivers (record_id, reason, "
          "waived_by, waived_at) VALUES (?, ?, ?, ?)",
          {id, w.reason, w.by, w.at})
      .status();
}

absl::StatusOr<std::vector<PolicyRow>> PublishedPolicies(
    db::Tx& tx, absl::string_view as_of, std::optional<int64_t> unit_id,
    std::optional<int64_t> only_id) {
  // Two index-driven halves, run as separate queries and sorted here: the
  // 行政规范性文件 (pub_records_doc_class), and records of other classes in
  // a marked genre (pub_records_genre_first, with the genres as values).
  // One UNION ordered by unit made SQLite scan every record by unit (4 s at
  // 1M). Each policy comes once per published interpretation (or once
  // without).
  std::string where =
      "r.status = 'published' AND r.disclosure = 'active' AND "
      "r.first_published_on <= ?";
  std::vector<Value> args = {std::string(as_of)};
  if (unit_id) {
    absl::StrAppend(&where, " AND r.unit_id = ?");
    args.push_back(*unit_id);
  }
  if (only_id) {
    absl::StrAppend(&where, " AND r.id = ?");
    args.push_back(*only_id);
  }
  const std::string select = absl::StrCat(
      "SELECT r.id, r.unit_id, r.title, r.index_number, r.first_published_on, "
      "(SELECT COUNT(*) FROM pub_interpretation_waivers w WHERE w.record_id = "
      "r.id), i.first_published_on FROM pub_records r LEFT JOIN pub_relations "
      "rel ON rel.to_id = r.id AND rel.kind = 'interprets' LEFT JOIN "
      "pub_records i ON i.id = rel.from_id AND i.genre = '",
      kInterpretationGenre, "' AND i.status = 'published' WHERE ", where);
  ZWGK_ASSIGN_OR_RETURN(
      db::Result rows,
      tx.Query(absl::StrCat(select, " AND r.doc_class = 'normative'"), args));
  ZWGK_ASSIGN_OR_RETURN(std::vector<std::string> genres, InterpretedGenres(tx));
  if (!genres.empty()) {
    std::vector<Value> marked = args;
    std::vector<std::string> marks;
    for (std::string& g : genres) {
      marks.push_back("?");
      marked.push_back(std::move(g));
    }
    ZWGK_ASSIGN_OR_RETURN(
        db::Result more,
        tx.Query(absl::StrCat(
                     select, " AND r.doc_class <> 'normative' AND r.genre IN (",
                     absl::StrJoin(marks, ", "), ")"),
                 marked));
    for (Row& r : more.rows) rows.rows.push_back(std::move(r));
  }
  // A policy's rows come together (the join runs per record).
  std::vector<PolicyRow> out;
  for (const Row& r : rows.rows) {
    if (out.empty() || out.back().id != r.Int(0)) {
      out.push_back({.id = r.Int(0),
                     .unit_id = r.Int(1),
                     .title = r.Text(2),
                     .index_number = r.Text(3),
                     .first_published_on = r.Text(4),
                     .waived = r.Int(5) > 0});
    }
    std::string on = r.Text(6);
    if (!on.empty()) out.back().interpretations_published_on.push_back(on);
  }
  std::sort(out.begin(), out.end(), [](const PolicyRow& a, const PolicyRow& b) {
    return std::tie(a.unit_id, a.first_published_on, a.id) <
           std::tie(b.unit_id, b.first_published_on, b.id);
  });
  return out;
}

absl::StatusOr<std::optional<PortalPage>> Page(db::Tx& tx,
                                               absl::string_view slug) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      tx.QueryOptional("SELECT slug, title, body_html, updated_at, updated_by "
                       "FROM pub_pages WHERE slug = ?",
                       {std::string(slug)}));
  if (!row) return std::nullopt;
  return PortalPage{row->Text(0), row->Text(1), row->Text(2), row->Text(3),
                    row->Text(4)};
}

absl::StatusOr<std::vector<PortalPage>> Pages(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result rows,
      tx.Query("SELECT slug, title, body_html, updated_at, updated_by FROM "
               "pub_pages ORDER BY slug"));
  std::vector<PortalPage> out;
  for (const Row& r : rows.rows)
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4)});
  return out;
}

absl::Status SavePage(db::Tx& tx, const PortalPage& p) {
  ZWGK_ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE pub_pages SET title = ?, body_html = ?, "
              "updated_at = ?, updated_by = ? WHERE slug = ?",
              {p.title, p.body_html, p.updated_at, p.updated_by, p.slug}));
  if (n > 0) return absl::OkStatus();
  return tx
      .Exec(
          "INSERT INTO pub_pages (slug, title, body_html, updated_at, "
          "updated_by) VALUES (?, ?, ?, ?, ?)",
          {p.slug, p.title, p.body_html, p.updated_at, p.updated_by})
      .status();
}

absl::Status SetPublishBy(db::Tx& tx, int64_t id,
                          absl::string_view publish_by) {
  return tx
      .Exec("UPDATE pub_records SET publish_by = ? WHERE id = ?",
            {std::string(publish_by), id})
      .status();
}

absl::Status InsertGenerated(db::Tx& tx, const GeneratedRow& r) {
  ZWGK_RETURN_IF_ERROR(AdjustPublicCounts(
      tx,
      KeyOf(r.status, r.disclosure,
            r.domain_id ? std::optional<int64_t>(r.domain_id) : std::nullopt,
            r.unit_id, r.published_on, r.topic, r.genre, r.validity,
            r.item_level1, r.item_level2),
      +1));
  return tx
      .Exec(
          "INSERT INTO pub_records (unit_id, domain_id, item_level1, "
          "item_level2, period_kind, period_days, period_label, title, "
          "doc_number, topic, genre, keywords, body_html, disclosure, "
          "withheld_ground, formed_on, publish_by, status, version, "
          "index_number, published_on, published_at, first_published_on, "
          "validity, validity_on, created_at, created_by, updated_at, "
          "doc_class, registration_number, valid_until) VALUES "
          "(?, ?, ?, ?, 'working_days', 20, '20个工作日', ?, ?, ?, ?, ?, ?, ?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'generator', ?, ?, ?, ?)",
          {r.unit_id,
           r.domain_id,
           r.item_level1,
           r.item_level2,
           r.title,
           r.doc_number,
           r.topic,
           r.genre,
           r.keywords,
           r.body_html,
           r.disclosure,
           r.withheld_ground,
           r.formed_on,
           r.publish_by,
           r.status,
           r.version,
           r.index_number ? Value(*r.index_number) : Value(nullptr),
           r.published_on,
           r.published_at,
           r.first_published_on,
           r.validity,
           r.validity_on,
           r.at,
           r.at,
           r.doc_class,
           r.registration_number,
           r.valid_until})
      .status();
}

absl::StatusOr<std::vector<Serial>> Serials(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result rows,
      tx.Query("SELECT unit_id, period, last_serial FROM pub_index_serials"));
  std::vector<Serial> out;
  out.reserve(rows.rows.size());
  for (const Row& r : rows.rows)
    out.push_back(
        {.unit_id = r.Int(0), .period = r.Text(1), .last_serial = r.Int(2)});
  return out;
}

absl::Status SetSerial(db::Tx& tx, const Serial& s) {
  ZWGK_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Exec("UPDATE pub_index_serials SET last_serial = ? WHERE "
              "unit_id = ? AND period = ?",
              {s.last_serial, s.unit_id, s.period}));
  if (changed > 0) return absl::OkStatus();
  return tx
      .Exec(
          "INSERT INTO pub_index_serials (unit_id, period, last_serial) "
          "VALUES (?, ?, ?)",
          {s.unit_id, s.period, s.last_serial})
      .status();
}

absl::StatusOr<std::vector<Record>> Lookup(db::Tx& tx, absl::string_view q,
                                           std::optional<int64_t> id,
                                           std::optional<int64_t> unit_id,
                                           int limit) {
  const std::string pattern =
      absl::StrCat("%", EscapeLike(absl::AsciiStrToLower(q)), "%");
  std::vector<Value> params = {pattern, pattern, pattern, id.value_or(0)};
  std::string where =
      " WHERE (LOWER(r.title) LIKE ? ESCAPE '!' OR LOWER(r.doc_number) LIKE ? "
      "ESCAPE '!' OR LOWER(r.index_number) LIKE ? ESCAPE '!' OR r.id = ?)";
  if (unit_id) {
    absl::StrAppend(&where,
                    " AND (r.unit_id = ? OR (r.status = 'published' AND "
                    "r.disclosure = 'active'))");
    params.push_back(*unit_id);
  }
  params.push_back(int64_t{limit});
  ZWGK_ASSIGN_OR_RETURN(db::Result rows,
                        tx.Query(absl::StrCat("SELECT ", kColumns, kFrom, where,
                                              " ORDER BY r.id DESC LIMIT ?"),
                                 params));
  std::vector<Record> out;
  out.reserve(rows.rows.size());
  for (const Row& row : rows.rows) out.push_back(FromRow(row));
  return out;
}

}  // namespace zwgk::publishing::store
