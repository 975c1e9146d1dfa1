#include "catalog/store.h"

#include "absl/strings/str_cat.h"
#include "core/status.h"
#include "nlohmann/json.hpp"

namespace zwgk::catalog::store {
namespace {

constexpr char kVersionCols[] =
    "v.id, v.domain_id, v.version, v.created_at, v.created_by, v.published_at, "
    "v.published_by, v.note, "
    "(SELECT COUNT(*) FROM catalog_items i WHERE i.version_id = v.id)";
constexpr char kItemCols[] =
    "id, seq, level1, level2, level3, elements, basis, time_limit, subject, "
    "channels, audience, audience_detail, method, levels, example, "
    "import_notes, time_limit_clock";
// Columns after kItemCols in a query start at this index.
constexpr int kItemColCount = 17;

VersionInfo RowToVersion(const db::Row& r) {
  VersionInfo v{.id = r.Int(0),
                .domain_id = r.Int(1),
                .created_at = r.Text(3),
                .created_by = r.Text(4),
                .published_at = r.Text(5),
                .published_by = r.Text(6),
                .note = r.Text(7),
                .item_count = static_cast<int>(r.Int(8))};
  if (!r.IsNull(2)) v.version = static_cast<int>(r.Int(2));
  return v;
}

absl::StatusOr<std::optional<VersionInfo>> OptionalVersion(
    db::Tx& tx, absl::string_view where_and_order,
    const std::vector<db::Value>& params) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> row,
      tx.QueryOptional(
          absl::StrCat("SELECT ", kVersionCols,
                       " FROM catalog_versions v WHERE v.domain_id = ?",
                       where_and_order),
          params));
  if (!row) return std::optional<VersionInfo>();
  return std::optional<VersionInfo>(RowToVersion(*row));
}

// Audience, method and levels are stored as JSON arrays of their Chinese
// names, so the table reads like the government's catalog.
template <typename Enum, typename NameFn>
std::string EnumListJson(const std::vector<Enum>& list, NameFn name) {
  nlohmann::json j = nlohmann::json::array();
  for (Enum e : list) j.push_back(std::string(name(e)));
  return j.dump();
}

template <typename Enum, typename ParseFn>
std::vector<Enum> ParseEnumList(const std::string& text, ParseFn parse) {
  std::vector<Enum> out;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& e : j) {
    if (!e.is_string()) continue;
    if (auto v = parse(e.get<std::string>())) out.push_back(*v);
  }
  return out;
}

CatalogItem RowToItem(const db::Row& r) {
  CatalogItem it{.id = r.Int(0),
                 .seq = static_cast<int>(r.Int(1)),
                 .level1 = r.Text(2),
                 .level2 = r.Text(3),
                 .level3 = r.OptText(4),
                 .elements = r.Text(5),
                 .basis = r.Text(6),
                 .time_limit = {.text = r.Text(7), .clock = r.Text(16)},
                 .subject = r.Text(8),
                 .audience_detail = r.Text(11),
                 .example = r.Bool(14)};
  nlohmann::json ch = nlohmann::json::parse(r.Text(9), nullptr, false);
  if (ch.is_array()) {
    for (const auto& c : ch) {
      if (c.is_string()) it.channels.push_back(c.get<std::string>());
    }
  }
  it.audience = ParseEnumList<Audience>(
      r.Text(10), [](const std::string& s) { return ParseAudience(s); });
  it.method = ParseEnumList<Method>(
      r.Text(12), [](const std::string& s) { return ParseMethod(s); });
  it.levels = ParseEnumList<Level>(
      r.Text(13), [](const std::string& s) { return ParseLevel(s); });
  nlohmann::json notes = nlohmann::json::parse(r.Text(15), nullptr, false);
  if (notes.is_array()) {
    for (const auto& n : notes) {
      if (n.is_object())
        it.import_notes.push_back(
            {n.value("field", ""), n.value("reason", "")});
    }
  }
  return it;
}

// The item's columns in table order, after version_id.
std::vector<db::Value> ItemValues(const CatalogItem& it, int seq) {
  nlohmann::json channels = it.channels;
  nlohmann::json notes = nlohmann::json::array();
  for (const FieldProblem& n : it.import_notes)
    notes.push_back({{"field", n.field}, {"reason", n.reason}});
  return {int64_t{seq},
          it.level1,
          it.level2,
          db::OrNull(it.level3),
          it.elements,
          it.basis,
          it.time_limit.text,
          it.subject,
          channels.dump(),
          EnumListJson(it.audience, AudienceName),
          it.audience_detail,
          EnumListJson(it.method, MethodName),
          EnumListJson(it.levels, LevelName),
          int64_t{it.example ? 1 : 0},
          notes.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
          it.time_limit.clock};
}

}  // namespace

absl::StatusOr<std::optional<VersionInfo>> FindDraft(db::Tx& tx,
                                                     int64_t domain_id) {
  return OptionalVersion(tx, " AND v.status = 'draft'", {domain_id});
}

absl::StatusOr<std::optional<VersionInfo>> FindLatestPublished(
    db::Tx& tx, int64_t domain_id) {
  return OptionalVersion(
      tx, " AND v.status = 'published' ORDER BY v.version DESC LIMIT 1",
      {domain_id});
}

absl::StatusOr<std::optional<VersionInfo>> FindNumbered(db::Tx& tx,
                                                        int64_t domain_id,
                                                        int number) {
  return OptionalVersion(tx, " AND v.version = ?",
                         {domain_id, int64_t{number}});
}

absl::StatusOr<VersionInfo> GetVersion(db::Tx& tx, int64_t version_id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row r,
      tx.QueryOne(absl::StrCat("SELECT ", kVersionCols,
                               " FROM catalog_versions v WHERE v.id = ?"),
                  {version_id}, "目录版本"));
  return RowToVersion(r);
}

absl::StatusOr<std::vector<VersionInfo>> ListVersions(db::Tx& tx,
                                                      int64_t domain_id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query(absl::StrCat("SELECT ", kVersionCols,
                            " FROM catalog_versions v WHERE v.domain_id = ? "
                            "ORDER BY CASE WHEN v.version IS NULL THEN 1 "
                            "ELSE 0 END DESC, v.version DESC"),
               {domain_id}));
  std::vector<VersionInfo> out;
  for (const db::Row& row : r.rows) out.push_back(RowToVersion(row));
  return out;
}

absl::StatusOr<bool> HasVersions(db::Tx& tx, int64_t domain_id) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> any,
      tx.QueryOptional("SELECT 1 FROM catalog_versions WHERE domain_id = ?",
                       {domain_id}));
  return any.has_value();
}

absl::StatusOr<int> MaxVersionNumber(db::Tx& tx, int64_t domain_id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row max,
      tx.QueryOne("SELECT COALESCE(MAX(version), 0) FROM catalog_versions "
                  "WHERE domain_id = ?",
                  {domain_id}, "目录版本"));
  return static_cast<int>(max.Int(0));
}

absl::StatusOr<std::map<int64_t, std::string>> LastPublishedAt(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query("SELECT domain_id, MAX(published_at) FROM catalog_versions "
               "WHERE status = 'published' GROUP BY domain_id"));
  std::map<int64_t, std::string> out;
  for (const db::Row& row : r.rows) out[row.Int(0)] = row.Text(1);
  return out;
}

absl::StatusOr<int64_t> InsertDraft(db::Tx& tx, const NewDraft& d) {
  return tx.Insert(
      "INSERT INTO catalog_versions (domain_id, unit_id, status, created_at, "
      "created_by, note) VALUES (?, ?, 'draft', ?, ?, ?) RETURNING id",
      {d.domain_id, db::OrNull(d.unit_id), d.created_at, d.created_by, d.note});
}

absl::StatusOr<int64_t> InsertPublished(db::Tx& tx, const NewPublished& p) {
  return tx.Insert(
      "INSERT INTO catalog_versions (domain_id, unit_id, version, status, "
      "created_at, created_by, published_at, published_by, note) "
      "VALUES (?, ?, ?, 'published', ?, ?, ?, ?, ?) RETURNING id",
      {p.domain_id, db::OrNull(p.unit_id), int64_t{p.version}, p.at, p.by, p.at,
       p.by, p.note});
}

absl::Status MarkPublished(db::Tx& tx, int64_t version_id,
                           const Publication& p) {
  return tx
      .Exec(
          "UPDATE catalog_versions SET status = 'published', version = ?, "
          "published_at = ?, published_by = ?, note = ? WHERE id = ?",
          {int64_t{p.version}, p.at, p.by, p.note, version_id})
      .status();
}

absl::StatusOr<std::vector<CatalogItem>> ListItems(db::Tx& tx,
                                                   int64_t version_id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query(absl::StrCat(
                   "SELECT ", kItemCols,
                   " FROM catalog_items WHERE version_id = ? ORDER BY seq, id"),
               {version_id}));
  std::vector<CatalogItem> out;
  out.reserve(r.rows.size());
  for (const db::Row& row : r.rows) out.push_back(RowToItem(row));
  return out;
}

absl::StatusOr<std::vector<DomainItem>> ListLatestPublishedItems(db::Tx& tx) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query(absl::StrCat(
          "SELECT ", kItemCols,
          ", domain_id FROM catalog_items JOIN (SELECT v.id AS latest_id, "
          "v.domain_id FROM catalog_versions v WHERE v.status = 'published' "
          "AND v.version = (SELECT MAX(w.version) FROM catalog_versions w "
          "WHERE w.domain_id = v.domain_id AND w.status = 'published')) "
          "latest ON latest.latest_id = version_id "
          "ORDER BY domain_id, seq, id")));
  std::vector<DomainItem> out;
  out.reserve(r.rows.size());
  for (const db::Row& row : r.rows)
    out.push_back(
        {.domain_id = row.Int(kItemColCount), .item = RowToItem(row)});
  return out;
}

absl::StatusOr<StoredItem> GetItem(db::Tx& tx, int64_t item_id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row row,
      tx.QueryOne(absl::StrCat("SELECT ", kItemCols,
                               ", version_id FROM catalog_items WHERE id = ?"),
                  {item_id}, absl::StrCat("目录事项 #", item_id)));
  return StoredItem{.version_id = row.Int(kItemColCount),
                    .item = RowToItem(row)};
}

absl::StatusOr<CatalogItem> GetItemInVersion(db::Tx& tx, int64_t item_id,
                                             int64_t version_id,
                                             absl::string_view what) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Row row, tx.QueryOne(absl::StrCat("SELECT ", kItemCols,
                                            " FROM catalog_items "
                                            "WHERE id = ? AND version_id = ?"),
                               {item_id, version_id}, what));
  return RowToItem(row);
}

absl::StatusOr<int64_t> InsertItem(db::Tx& tx, int64_t version_id,
                                   const CatalogItem& item, int seq) {
  std::vector<db::Value> values = ItemValues(item, seq);
  values.insert(values.begin(), version_id);
  return tx.Insert(
      "INSERT INTO catalog_items (version_id, seq, level1, level2, level3, "
      "elements, basis, time_limit, subject, channels, audience, "
      "audience_detail, method, levels, example, import_notes, "
      "time_limit_clock) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      values);
}

absl::Status UpdateItem(db::Tx& tx, const CatalogItem& item) {
  std::vector<db::Value> values = ItemValues(item, item.seq);
  values.push_back(item.id);
  return tx
      .Exec(
          "UPDATE catalog_items SET seq = ?, level1 = ?, level2 = ?, "
          "level3 = ?, elements = ?, basis = ?, time_limit = ?, subject = ?, "
          "channels = ?, audience = ?, audience_detail = ?, method = ?, "
          "levels = ?, example = ?, import_notes = ?, time_limit_clock = ? "
          "WHERE id = ?",
          values)
      .status();
}

absl::Status SetItemSeq(db::Tx& tx, int64_t item_id, int seq) {
  return tx
      .Exec("UPDATE catalog_items SET seq = ? WHERE id = ?",
            {int64_t{seq}, item_id})
      .status();
}

absl::Status DeleteItem(db::Tx& tx, int64_t item_id) {
  return tx.Exec("DELETE FROM catalog_items WHERE id = ?", {item_id}).status();
}

absl::Status DeleteItems(db::Tx& tx, int64_t version_id) {
  return tx.Exec("DELETE FROM catalog_items WHERE version_id = ?", {version_id})
      .status();
}

absl::Status ClearExampleMarks(db::Tx& tx, int64_t version_id) {
  return tx
      .Exec("UPDATE catalog_items SET example = 0 WHERE version_id = ?",
            {version_id})
      .status();
}

absl::Status CopyItems(db::Tx& tx, int64_t from_version_id,
                       int64_t to_version_id) {
  return tx
      .Exec(
          "INSERT INTO catalog_items (version_id, seq, level1, level2, "
          "level3, elements, basis, time_limit, subject, channels, audience, "
          "audience_detail, method, levels, example, import_notes, "
          "time_limit_clock) "
          "SELECT ?, seq, level1, level2, level3, elements, basis, "
          "time_limit, subject, channels, audience, audience_detail, method, "
          "levels, example, import_notes, time_limit_clock FROM catalog_items "
          "WHERE version_id = ?",
          {to_version_id, from_version_id})
      .status();
}

}  // namespace zwgk::catalog::store
