#include "catalog/service.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/item.h"
#include "core/audit.h"
#include "core/resources.h"
#include "core/status.h"
#include "nlohmann/json.hpp"

namespace zwgk::catalog {
namespace {

constexpr char kVersionCols[] =
    "v.id, v.domain_id, v.version, v.created_at, v.created_by, v.published_at, "
    "v.published_by, "
    "v.note, (SELECT COUNT(*) FROM catalog_items i WHERE i.version_id = v.id)";
constexpr char kItemCols[] =
    "id, seq, level1, level2, level3, elements, basis, time_limit, subject, "
    "channels, audience, "
    "audience_detail, method, levels, example";

std::string_view Sv(absl::string_view s) {
  return std::string_view(s.data(), s.size());
}

VersionInfo RowToVersion(const db::Row& r) {
  VersionInfo v;
  v.id = r.Int(0);
  v.domain_id = r.Int(1);
  if (!r.IsNull(2)) v.version = static_cast<int>(r.Int(2));
  v.created_at = r.Text(3);
  v.created_by = r.Text(4);
  v.published_at = r.Text(5);
  v.published_by = r.Text(6);
  v.note = r.Text(7);
  v.item_count = static_cast<int>(r.Int(8));
  return v;
}

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

CatalogItem RowToItem(const db::Row& r, const ChannelRegistry* channels) {
  CatalogItem it;
  it.id = r.Int(0);
  it.seq = static_cast<int>(r.Int(1));
  it.level1 = r.Text(2);
  it.level2 = r.Text(3);
  it.level3 = r.OptText(4);
  it.elements = r.Text(5);
  it.basis = r.Text(6);
  it.time_limit.text = r.Text(7);
  it.subject = r.Text(8);
  nlohmann::json ch = nlohmann::json::parse(r.Text(9), nullptr, false);
  if (ch.is_array()) {
    for (const auto& c : ch) {
      if (c.is_string()) it.channels.push_back(c.get<std::string>());
    }
  }
  it.audience = ParseEnumList<Audience>(
      r.Text(10), [](const std::string& s) { return ParseAudience(s); });
  it.audience_detail = r.Text(11);
  it.method = ParseEnumList<Method>(
      r.Text(12), [](const std::string& s) { return ParseMethod(s); });
  it.levels = ParseEnumList<Level>(
      r.Text(13), [](const std::string& s) { return ParseLevel(s); });
  it.example = r.Bool(14);
  Normalize(it, channels);  // recomputes the parsed fields
  return it;
}

// The item's columns in table order, after version_id.
std::vector<db::Value> ItemValues(const CatalogItem& it, int seq) {
  nlohmann::json channels = it.channels;
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
          int64_t{it.example ? 1 : 0}};
}

absl::StatusOr<int64_t> InsertItem(db::Tx& tx, int64_t version_id,
                                   const CatalogItem& it, int seq) {
  std::vector<db::Value> values = ItemValues(it, seq);
  values.insert(values.begin(), version_id);
  return tx.Insert(
      "INSERT INTO catalog_items (version_id, seq, level1, level2, level3, "
      "elements, basis, "
      "time_limit, subject, channels, audience, audience_detail, method, "
      "levels, example) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      values);
}

absl::Status UpdateItem(db::Tx& tx, const CatalogItem& it) {
  std::vector<db::Value> values = ItemValues(it, it.seq);
  values.push_back(it.id);
  return tx
      .Exec(
          "UPDATE catalog_items SET seq = ?, level1 = ?, level2 = ?, level3 = "
          "?, elements = ?, "
          "basis = ?, time_limit = ?, subject = ?, channels = ?, audience = ?, "
          "audience_detail = ?, "
          "method = ?, levels = ?, example = ? WHERE id = ?",
          values)
      .status();
}

absl::StatusOr<std::vector<CatalogItem>> LoadItems(
    db::Tx& tx, int64_t version_id, const ChannelRegistry* channels) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      tx.Query(absl::StrCat(
                   "SELECT ", kItemCols,
                   " FROM catalog_items WHERE version_id = ? ORDER BY seq, id"),
               {version_id}));
  std::vector<CatalogItem> out;
  out.reserve(r.rows.size());
  for (const db::Row& row : r.rows) out.push_back(RowToItem(row, channels));
  return out;
}

// Resolves a version reference to a version row.
absl::StatusOr<VersionInfo> FindVersion(db::Tx& tx, int64_t domain_id,
                                        absl::string_view ref) {
  std::string base =
      absl::StrCat("SELECT ", kVersionCols,
                   " FROM catalog_versions v WHERE v.domain_id = ?");
  std::optional<db::Row> row;
  if (ref.empty() || ref == "draft") {
    ZWGK_ASSIGN_OR_RETURN(
        row, tx.QueryOptional(base + " AND v.status = 'draft'", {domain_id}));
    if (row) return RowToVersion(*row);
    if (ref == "draft")
      return absl::NotFoundError("该领域没有正在编辑的目录草稿");
  }
  if (ref.empty() || ref == "published") {
    ZWGK_ASSIGN_OR_RETURN(
        row,
        tx.QueryOptional(
            base +
                " AND v.status = 'published' ORDER BY v.version DESC LIMIT 1",
            {domain_id}));
    if (row) return RowToVersion(*row);
    return absl::NotFoundError("该领域尚未发布政务公开事项标准目录");
  }
  int n = 0;
  auto [p, ec] = std::from_chars(ref.data(), ref.data() + ref.size(), n);
  if (ec != std::errc() || p != ref.data() + ref.size() || n <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "版本“", ref, "”无效：应为 draft、published 或版本号（如 2）"));
  }
  ZWGK_ASSIGN_OR_RETURN(row, tx.QueryOptional(base + " AND v.version = ?",
                                              {domain_id, int64_t{n}}));
  if (!row)
    return absl::NotFoundError(absl::StrCat("该领域没有第", n, "版目录"));
  return RowToVersion(*row);
}

// The draft of `domain_id`, opened from the latest published version (items
// copied) when there is none.
absl::StatusOr<int64_t> EnsureDraft(db::Tx& tx, int64_t domain_id,
                                    std::optional<int64_t> unit_id,
                                    const Actor& actor,
                                    const std::string& now) {
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> draft,
      tx.QueryOptional("SELECT id FROM catalog_versions WHERE domain_id = ? "
                       "AND status = 'draft'",
                       {domain_id}));
  if (draft) return draft->Int(0);
  ZWGK_ASSIGN_OR_RETURN(
      int64_t id, tx.Insert("INSERT INTO catalog_versions (domain_id, unit_id, "
                            "status, created_at, created_by) "
                            "VALUES (?, ?, 'draft', ?, ?) RETURNING id",
                            {domain_id, db::OrNull(unit_id), now, actor.name}));
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<db::Row> latest,
      tx.QueryOptional("SELECT id FROM catalog_versions WHERE domain_id = ? "
                       "AND status = 'published' "
                       "ORDER BY version DESC LIMIT 1",
                       {domain_id}));
  if (latest) {
    ZWGK_RETURN_IF_ERROR(
        tx.Exec(absl::StrCat("INSERT INTO catalog_items (version_id, seq, "
                             "level1, level2, level3, elements, "
                             "basis, time_limit, subject, channels, audience, "
                             "audience_detail, method, "
                             "levels, example) SELECT ?, seq, level1, level2, "
                             "level3, elements, basis, "
                             "time_limit, subject, channels, audience, "
                             "audience_detail, method, levels, "
                             "example FROM catalog_items WHERE version_id = ?"),
                {id, latest->Int(0)})
            .status());
  }
  return id;
}

std::string ItemKey(const CatalogItem& it) {
  std::string key = absl::StrCat(it.level1, " / ", it.level2);
  if (it.level3) absl::StrAppend(&key, " / ", *it.level3);
  return key;
}

// JSON keys of the fields that differ (the export's names).
std::vector<std::string> ChangedFields(const CatalogItem& a,
                                       const CatalogItem& b) {
  std::vector<std::string> out;
  auto check = [&](const char* name, bool same) {
    if (!same) out.push_back(name);
  };
  check("seq", a.seq == b.seq);
  check("elements", a.elements == b.elements);
  check("basis", a.basis == b.basis);
  check("time_limit", a.time_limit.text == b.time_limit.text);
  check("subject", a.subject == b.subject);
  check("channels", a.channels == b.channels);
  check("audience", a.audience == b.audience);
  check("audience_detail", a.audience_detail == b.audience_detail);
  check("method", a.method == b.method);
  check("levels", a.levels == b.levels);
  return out;
}

nlohmann::json ItemAuditJson(const CatalogItem& it) {
  return {{"seq", it.seq},
          {"level1", it.level1},
          {"level2", it.level2},
          {"time_limit", it.time_limit.text}};
}

}  // namespace

std::string VersionInfo::Label() const {
  return version ? absl::StrCat("第", *version, "版") : std::string("草稿");
}

Service::Service(db::Database& db, const Clock& clock, org::Service& org)
    : db_(db), clock_(clock), org_(org) {
  std::optional<absl::string_view> json =
      resources::Find("src/catalog/data/channels.json");
  if (json) {
    absl::StatusOr<ChannelRegistry> reg = ChannelRegistry::FromJson(Sv(*json));
    if (reg.ok()) channels_ = std::move(*reg);
  }
}

absl::Status Service::CanEdit(const Actor& actor, int64_t domain_id) {
  if (IsAdmin(actor)) return absl::OkStatus();
  ZWGK_ASSIGN_OR_RETURN(org::Domain domain, org_.GetDomain(domain_id));
  if (actor.role == "unit_editor" && domain.unit_id &&
      ActsForUnit(actor, *domain.unit_id)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat(
      "只有“", domain.name, "”领域责任单位的编辑或县政务公开办可以修改该目录"));
}

absl::Status Service::Seed() {
  std::optional<absl::string_view> text =
      resources::Find("src/catalog/data/examples.json");
  if (!text) return absl::InternalError("catalog examples are not embedded");
  ZWGK_ASSIGN_OR_RETURN(std::vector<Catalog> catalogs,
                        ImportJsonList(Sv(*text), &channels_));
  std::string now = FormatTimestamp(clock_.Now());
  for (const Catalog& c : catalogs) {
    absl::StatusOr<org::Domain> domain = org_.ResolveDomain(c.domain);
    if (!domain.ok()) continue;  // the county renamed or retired it
    ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
      ZWGK_ASSIGN_OR_RETURN(
          std::optional<db::Row> any,
          tx.QueryOptional("SELECT 1 FROM catalog_versions WHERE domain_id = ?",
                           {domain->id}));
      if (any) return absl::OkStatus();
      ZWGK_ASSIGN_OR_RETURN(
          int64_t id,
          tx.Insert("INSERT INTO catalog_versions (domain_id, unit_id, "
                    "version, status, created_at, "
                    "created_by, published_at, published_by, note) VALUES (?, "
                    "?, 1, 'published', "
                    "?, 'system', ?, 'system', ?) RETURNING id",
                    {domain->id, db::OrNull(domain->unit_id), now, now,
                     std::string("示例目录（据附件2及国家标准指引整理），待县政"
                                 "务公开办审核")}));
      int seq = 0;
      for (const CatalogItem& it : c.items)
        ZWGK_RETURN_IF_ERROR(InsertItem(tx, id, it, ++seq).status());
      return absl::OkStatus();
    }));
  }
  return absl::OkStatus();
}

absl::StatusOr<StoredCatalog> Service::Get(int64_t domain_id,
                                           absl::string_view version) {
  ZWGK_ASSIGN_OR_RETURN(org::Domain domain, org_.GetDomain(domain_id));
  return db_.InTransaction<StoredCatalog>(
      [&](db::Tx& tx) -> absl::StatusOr<StoredCatalog> {
        StoredCatalog out;
        ZWGK_ASSIGN_OR_RETURN(out.info, FindVersion(tx, domain_id, version));
        out.catalog.domain = domain.name;
        out.catalog.version = out.info.version;
        ZWGK_ASSIGN_OR_RETURN(out.catalog.items,
                              LoadItems(tx, out.info.id, &channels_));
        return out;
      });
}

absl::StatusOr<std::vector<VersionInfo>> Service::Versions(int64_t domain_id) {
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      db_.Query(absl::StrCat(
                    "SELECT ", kVersionCols,
                    " FROM catalog_versions v WHERE v.domain_id = ? ORDER BY "
                    "CASE WHEN v.version IS NULL THEN 1 ELSE 0 END DESC, "
                    "v.version DESC"),
                {domain_id}));
  std::vector<VersionInfo> out;
  for (const db::Row& row : r.rows) out.push_back(RowToVersion(row));
  return out;
}

absl::StatusOr<std::pair<VersionInfo, CatalogItem>> Service::GetItem(
    int64_t item_id) {
  return db_.InTransaction<std::pair<VersionInfo, CatalogItem>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::pair<VersionInfo, CatalogItem>> {
        ZWGK_ASSIGN_OR_RETURN(
            db::Row row,
            tx.QueryOne(absl::StrCat("SELECT ", kItemCols,
                                     ", version_id FROM "
                                     "catalog_items WHERE id = ?"),
                        {item_id}, absl::StrCat("目录事项 #", item_id)));
        CatalogItem item = RowToItem(row, &channels_);
        ZWGK_ASSIGN_OR_RETURN(
            db::Row v,
            tx.QueryOne(absl::StrCat("SELECT ", kVersionCols,
                                     " FROM catalog_versions v WHERE v.id = ?"),
                        {row.Int(15)}, "目录版本"));
        return std::make_pair(RowToVersion(v), std::move(item));
      });
}

absl::StatusOr<ImportOutcome> Service::Import(const Actor& actor,
                                              int64_t domain_id,
                                              const ImportRequest& request) {
  ZWGK_RETURN_IF_ERROR(CanEdit(actor, domain_id));
  ZWGK_ASSIGN_OR_RETURN(org::Domain domain, org_.GetDomain(domain_id));
  ImportOptions options{.domain = domain.name,
                        .sheet = request.sheet,
                        .mode = request.partial ? ImportMode::kPartial
                                                : ImportMode::kAllOrNothing,
                        .channels = &channels_};
  ImportResult parsed;
  if (request.format == "xlsx") {
    ZWGK_ASSIGN_OR_RETURN(parsed, ImportXlsx(request.bytes, options));
  } else if (request.format == "csv") {
    ZWGK_ASSIGN_OR_RETURN(parsed, ImportCsv(request.bytes, options));
  } else if (request.format == "json") {
    ZWGK_ASSIGN_OR_RETURN(parsed.catalog,
                          ImportJson(request.bytes, &channels_));
  } else {
    return InvalidFields("导入格式无效",
                         {{"format", "应为 xlsx、csv 或 json"}});
  }
  if (parsed.catalog.items.empty()) {
    return absl::InvalidArgumentError(
        "导入的文件中没有有效的目录事项，草稿未作改动");
  }
  std::string now = FormatTimestamp(clock_.Now());
  ImportOutcome outcome{
      .imported = static_cast<int>(parsed.catalog.items.size()),
      .problems = parsed.problems};
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(
        int64_t draft,
        EnsureDraft(tx, domain_id,
                    request.unit_id ? request.unit_id : domain.unit_id, actor,
                    now));
    ZWGK_RETURN_IF_ERROR(
        tx.Exec("DELETE FROM catalog_items WHERE version_id = ?", {draft})
            .status());
    int seq = 0;
    for (const CatalogItem& it : parsed.catalog.items) {
      ZWGK_RETURN_IF_ERROR(InsertItem(tx, draft, it, ++seq).status());
    }
    ZWGK_ASSIGN_OR_RETURN(outcome.draft, FindVersion(tx, domain_id, "draft"));
    return audit::Record(tx, clock_, actor,
                         {"catalog.import",
                          "catalog",
                          absl::StrCat(domain_id),
                          nullptr,
                          {{"domain", domain.name},
                           {"format", request.format},
                           {"items", outcome.imported},
                           {"skipped_rows", outcome.problems.size()}}});
  }));
  return outcome;
}

absl::StatusOr<VersionInfo> Service::OpenDraft(const Actor& actor,
                                               int64_t domain_id) {
  ZWGK_RETURN_IF_ERROR(CanEdit(actor, domain_id));
  ZWGK_ASSIGN_OR_RETURN(org::Domain domain, org_.GetDomain(domain_id));
  std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<VersionInfo>(
      [&](db::Tx& tx) -> absl::StatusOr<VersionInfo> {
        ZWGK_RETURN_IF_ERROR(
            EnsureDraft(tx, domain_id, domain.unit_id, actor, now).status());
        return FindVersion(tx, domain_id, "draft");
      });
}

absl::StatusOr<VersionInfo> Service::Publish(const Actor& actor,
                                             int64_t domain_id,
                                             absl::string_view note) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError("目录由县政务公开办审定发布");
  std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<VersionInfo>([&](db::Tx& tx)
                                            -> absl::StatusOr<VersionInfo> {
    absl::StatusOr<VersionInfo> draft = FindVersion(tx, domain_id, "draft");
    if (!draft.ok())
      return absl::FailedPreconditionError(
          "没有待发布的目录草稿：请先导入或编辑目录");
    if (draft->item_count == 0)
      return absl::FailedPreconditionError("草稿中没有事项，不能发布空目录");
    ZWGK_ASSIGN_OR_RETURN(
        db::Row max,
        tx.QueryOne("SELECT COALESCE(MAX(version), 0) FROM catalog_versions "
                    "WHERE domain_id = ?",
                    {domain_id}, "目录版本"));
    int64_t next = max.Int(0) + 1;
    ZWGK_RETURN_IF_ERROR(
        tx.Exec(
              "UPDATE catalog_versions SET status = 'published', version = ?, "
              "published_at = ?, published_by = ?, note = ? WHERE id = ?",
              {next, now, actor.name, std::string(note), draft->id})
            .status());
    ZWGK_RETURN_IF_ERROR(
        audit::Record(tx, clock_, actor,
                      {"catalog.publish",
                       "catalog",
                       absl::StrCat(domain_id),
                       nullptr,
                       {{"version", next}, {"items", draft->item_count}}}));
    return FindVersion(tx, domain_id, absl::StrCat(next));
  });
}

absl::StatusOr<std::vector<ItemChange>> Service::Diff(int64_t domain_id,
                                                      absl::string_view from,
                                                      absl::string_view to) {
  ZWGK_ASSIGN_OR_RETURN(StoredCatalog a, Get(domain_id, from));
  ZWGK_ASSIGN_OR_RETURN(StoredCatalog b, Get(domain_id, to));
  std::map<std::string, const CatalogItem*> before, after;
  for (const CatalogItem& it : a.catalog.items)
    before.emplace(ItemKey(it), &it);
  for (const CatalogItem& it : b.catalog.items) after.emplace(ItemKey(it), &it);
  std::vector<ItemChange> out;
  for (const CatalogItem& it : b.catalog.items) {
    auto old = before.find(ItemKey(it));
    if (old == before.end()) {
      out.push_back(
          {.kind = ItemChange::Kind::kAdded, .key = ItemKey(it), .after = it});
    } else if (auto fields = ChangedFields(*old->second, it); !fields.empty()) {
      out.push_back({.kind = ItemChange::Kind::kChanged,
                     .key = ItemKey(it),
                     .fields = fields,
                     .before = *old->second,
                     .after = it});
    }
  }
  for (const CatalogItem& it : a.catalog.items) {
    if (!after.contains(ItemKey(it))) {
      out.push_back({.kind = ItemChange::Kind::kRemoved,
                     .key = ItemKey(it),
                     .before = it});
    }
  }
  return out;
}

absl::StatusOr<std::string> Service::Encode(const Catalog& catalog,
                                            absl::string_view format) const {
  if (format == "json") return ExportJson(catalog);
  if (format == "csv") return ExportCsv(catalog);
  if (format == "xlsx")
    return ExportXlsxBytes(catalog, {.channels = &channels_});
  return InvalidFields("导出格式无效", {{"format", "应为 xlsx、csv 或 json"}});
}

absl::StatusOr<std::string> Service::Export(int64_t domain_id,
                                            absl::string_view version,
                                            absl::string_view format) {
  ZWGK_ASSIGN_OR_RETURN(StoredCatalog c, Get(domain_id, version));
  return Encode(c.catalog, format);
}

absl::StatusOr<CatalogItem> Service::SaveItem(const Actor& actor,
                                              int64_t domain_id,
                                              CatalogItem item) {
  ZWGK_RETURN_IF_ERROR(CanEdit(actor, domain_id));
  ZWGK_ASSIGN_OR_RETURN(org::Domain domain, org_.GetDomain(domain_id));
  Normalize(item, &channels_);
  if (item.seq <= 0) item.seq = 1;  // the real number is assigned below
  Validator v;
  for (const FieldProblem& p : Validate(item)) v.Add(p.field, p.reason);
  ZWGK_RETURN_IF_ERROR(v.ToStatus("目录事项有误"));
  std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<CatalogItem>([&](db::Tx& tx)
                                            -> absl::StatusOr<CatalogItem> {
    ZWGK_ASSIGN_OR_RETURN(
        int64_t draft, EnsureDraft(tx, domain_id, domain.unit_id, actor, now));
    ZWGK_ASSIGN_OR_RETURN(std::vector<CatalogItem> items,
                          LoadItems(tx, draft, &channels_));
    nlohmann::json before;
    if (item.id == 0) {
      item.seq = items.empty() ? 1 : items.back().seq + 1;
      ZWGK_ASSIGN_OR_RETURN(item.id, InsertItem(tx, draft, item, item.seq));
    } else {
      auto same =
          std::find_if(items.begin(), items.end(),
                       [&](const CatalogItem& it) { return it.id == item.id; });
      if (same == items.end())
        return absl::NotFoundError(
            absl::StrCat("草稿中没有目录事项 #", item.id));
      item.seq = same->seq;
      before = ItemAuditJson(*same);
      ZWGK_RETURN_IF_ERROR(UpdateItem(tx, item));
    }
    ZWGK_RETURN_IF_ERROR(audit::Record(
        tx, clock_, actor,
        {before.is_null() ? "catalog.item_add" : "catalog.item_update",
         "catalog_item", absl::StrCat(item.id), before, ItemAuditJson(item)}));
    return item;
  });
}

absl::Status Service::RemoveItem(const Actor& actor, int64_t domain_id,
                                 int64_t item_id) {
  ZWGK_RETURN_IF_ERROR(CanEdit(actor, domain_id));
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(VersionInfo draft,
                          FindVersion(tx, domain_id, "draft"));
    ZWGK_ASSIGN_OR_RETURN(
        db::Row row,
        tx.QueryOne(absl::StrCat("SELECT ", kItemCols,
                                 " FROM catalog_items "
                                 "WHERE id = ? AND version_id = ?"),
                    {item_id, draft.id},
                    absl::StrCat("草稿中的目录事项 #", item_id)));
    ZWGK_RETURN_IF_ERROR(
        tx.Exec("DELETE FROM catalog_items WHERE id = ?", {item_id}).status());
    return audit::Record(
        tx, clock_, actor,
        {"catalog.item_remove", "catalog_item", absl::StrCat(item_id),
         ItemAuditJson(RowToItem(row, &channels_)), nullptr});
  });
}

absl::Status Service::MoveItem(const Actor& actor, int64_t domain_id,
                               int64_t item_id, int delta) {
  ZWGK_RETURN_IF_ERROR(CanEdit(actor, domain_id));
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(VersionInfo draft,
                          FindVersion(tx, domain_id, "draft"));
    ZWGK_ASSIGN_OR_RETURN(std::vector<CatalogItem> items,
                          LoadItems(tx, draft.id, &channels_));
    auto it =
        std::find_if(items.begin(), items.end(),
                     [&](const CatalogItem& x) { return x.id == item_id; });
    if (it == items.end())
      return absl::NotFoundError(absl::StrCat("草稿中没有目录事项 #", item_id));
    size_t from = static_cast<size_t>(it - items.begin());
    size_t to = static_cast<size_t>(
        std::clamp<int64_t>(static_cast<int64_t>(from) + delta, 0,
                            static_cast<int64_t>(items.size()) - 1));
    if (from == to) return absl::OkStatus();
    std::swap(items[from], items[to]);
    for (size_t i = 0; i < items.size(); ++i) {
      ZWGK_RETURN_IF_ERROR(
          tx.Exec("UPDATE catalog_items SET seq = ? WHERE id = ?",
                  {static_cast<int64_t>(i + 1), items[i].id})
              .status());
    }
    return audit::Record(tx, clock_, actor,
                         {"catalog.item_move",
                          "catalog_item",
                          absl::StrCat(item_id),
                          {{"seq", from + 1}},
                          {{"seq", to + 1}}});
  });
}

absl::StatusOr<StoredCatalog> Service::TownCatalog(int64_t domain_id,
                                                   int64_t town_id) {
  ZWGK_ASSIGN_OR_RETURN(org::Unit town, org_.GetUnit(town_id));
  if (town.kind != org::UnitKind::kTown) {
    return absl::FailedPreconditionError(
        absl::StrCat("“", town.name, "”不是镇，没有乡级目录"));
  }
  ZWGK_ASSIGN_OR_RETURN(StoredCatalog county, Published(domain_id));
  ZWGK_ASSIGN_OR_RETURN(std::vector<std::optional<org::Unit>> subjects,
                        SubjectUnits(county.catalog.items));
  StoredCatalog out{.info = county.info,
                    .catalog = {.domain = county.catalog.domain,
                                .version = county.info.version}};
  for (size_t i = 0; i < county.catalog.items.size(); ++i) {
    CatalogItem it = county.catalog.items[i];
    if (std::find(it.levels.begin(), it.levels.end(), Level::kTownship) ==
        it.levels.end())
      continue;
    // "相关审批部门", "各镇": the town publishes its own information.
    if (!subjects[i]) it.subject = town.name;
    it.seq = static_cast<int>(out.catalog.items.size()) + 1;
    out.catalog.items.push_back(std::move(it));
  }
  return out;
}

absl::StatusOr<std::vector<std::optional<org::Unit>>> Service::SubjectUnits(
    const std::vector<CatalogItem>& items) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> units, org_.ListUnits());
  std::vector<std::optional<org::Unit>> out;
  out.reserve(items.size());
  for (const CatalogItem& it : items) {
    const org::Unit* best = nullptr;
    for (const org::Unit& u : units) {
      if (it.subject.find(u.name) != std::string::npos &&
          (!best || u.name.size() > best->name.size()))
        best = &u;
    }
    out.push_back(best ? std::optional<org::Unit>(*best) : std::nullopt);
  }
  return out;
}

absl::StatusOr<std::vector<ReviewReminder>> Service::DueForReview() {
  ZWGK_ASSIGN_OR_RETURN(std::vector<org::Domain> domains, org_.ListDomains());
  ZWGK_ASSIGN_OR_RETURN(
      db::Result r,
      db_.Query("SELECT domain_id, MAX(published_at) FROM catalog_versions "
                "WHERE status = 'published' GROUP BY domain_id",
                {}));
  std::map<int64_t, std::string> last;
  for (const db::Row& row : r.rows) last[row.Int(0)] = row.Text(1);
  std::string year_ago = FormatTimestamp(clock_.Now() - absl::Hours(24 * 365));
  std::vector<ReviewReminder> out;
  for (const org::Domain& d : domains) {
    auto it = last.find(d.id);
    if (it == last.end() || it->second < year_ago) {
      out.push_back({d.id, d.name, it == last.end() ? "" : it->second});
    }
  }
  return out;
}

}  // namespace zwgk::catalog
