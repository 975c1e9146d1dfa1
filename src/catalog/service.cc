#include "catalog/service.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "catalog/item.h"
#include "catalog/store.h"
#include "core/audit.h"
#include "core/resources.h"
#include "core/status.h"
#include "nlohmann/json.hpp"

namespace zwgk::catalog {
namespace {

// Resolves a version reference to a version row.
absl::StatusOr<VersionInfo> FindVersion(db::Tx& tx, int64_t domain_id,
                                        const VersionRef& ref) {
  using Kind = VersionRef::Kind;
  std::optional<VersionInfo> found;
  if (ref.MayBeDraft()) {
    ZWGK_ASSIGN_OR_RETURN(found, store::FindDraft(tx, domain_id));
    if (found) return *found;
    if (ref.kind == Kind::kDraft)
      return absl::NotFoundError("该领域没有正在编辑的目录草稿");
  }
  if (ref.kind != Kind::kNumber) {
    ZWGK_ASSIGN_OR_RETURN(found, store::FindLatestPublished(tx, domain_id));
    if (found) return *found;
    return absl::NotFoundError("该领域尚未发布政务公开事项标准目录");
  }
  ZWGK_ASSIGN_OR_RETURN(found, store::FindNumbered(tx, domain_id, ref.number));
  if (!found)
    return absl::NotFoundError(
        absl::StrCat("该领域没有第", ref.number, "版目录"));
  return *found;
}

// The draft of `domain_id`, opened from the latest published version (items
// copied) when there is none.
absl::StatusOr<int64_t> EnsureDraft(db::Tx& tx, int64_t domain_id,
                                    std::optional<int64_t> unit_id,
                                    const Actor& actor,
                                    const std::string& now) {
  ZWGK_ASSIGN_OR_RETURN(std::optional<VersionInfo> draft,
                        store::FindDraft(tx, domain_id));
  if (draft) return draft->id;
  ZWGK_ASSIGN_OR_RETURN(int64_t id,
                        store::InsertDraft(tx, {.domain_id = domain_id,
                                                .unit_id = unit_id,
                                                .created_at = now,
                                                .created_by = actor.name}));
  ZWGK_ASSIGN_OR_RETURN(std::optional<VersionInfo> latest,
                        store::FindLatestPublished(tx, domain_id));
  if (latest) {
    ZWGK_RETURN_IF_ERROR(store::CopyItems(tx, latest->id, id));
  }
  return id;
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
  check("time_limit_clock", a.time_limit.clock == b.time_limit.clock);
  check("subject", a.subject == b.subject);
  check("channels", a.channels == b.channels);
  check("audience", a.audience == b.audience);
  check("audience_detail", a.audience_detail == b.audience_detail);
  check("method", a.method == b.method);
  check("levels", a.levels == b.levels);
  return out;
}

// Publication refused: each incomplete item by 序号 and name, with what it
// lacks, one line each.
absl::Status IncompleteStatus(const std::vector<IncompleteItem>& missing) {
  std::string message = absl::StrCat("草稿中有", missing.size(),
                                     "个事项不完整，不能发布。请先补全：");
  for (const IncompleteItem& m : missing) {
    std::vector<std::string> reasons;
    for (const FieldProblem& p : m.problems) reasons.push_back(p.reason);
    absl::StrAppend(&message, "\n序号", m.seq, "“", m.name, "”：",
                    absl::StrJoin(reasons, "；"));
  }
  return absl::FailedPreconditionError(message);
}

// The note of the drafts the seed opens (and the migration's, 004).
constexpr absl::string_view kSeedDraftNote =
    "据建议目录（示例）创建的草稿，尚未发布";

nlohmann::json ItemAuditJson(const CatalogItem& it) {
  return {{"seq", it.seq},
          {"level1", it.level1},
          {"level2", it.level2},
          {"time_limit", it.time_limit.text},
          {"time_limit_clock", it.time_limit.clock}};
}

}  // namespace

absl::StatusOr<VersionRef> ParseVersionRef(absl::string_view text) {
  std::optional<VersionRef> ref = VersionRef::Parse(text);
  if (!ref) {
    return absl::InvalidArgumentError(absl::StrCat(
        "版本“", text, "”无效：应为 draft、published 或版本号（如 2）"));
  }
  return *ref;
}

Service::Service(db::Database& db, const Clock& clock, org::Service& org)
    : db_(db), clock_(clock), org_(org) {
  std::optional<absl::string_view> json =
      resources::Find("src/catalog/data/channels.json");
  if (json) {
    absl::StatusOr<ChannelRegistry> reg = ChannelRegistry::FromJson(*json);
    if (reg.ok()) channels_ = std::move(*reg);
  }
  // Embedded data checked by the tests; a broken file offers nothing.
  if (std::optional<absl::string_view> text =
          resources::Find("src/catalog/data/examples.json")) {
    absl::StatusOr<std::vector<Catalog>> examples =
        ImportJsonList(*text, &channels_);
    if (examples.ok()) examples_ = std::move(*examples);
  }
  if (std::optional<absl::string_view> text =
          resources::Find("src/catalog/data/suggested.json")) {
    absl::StatusOr<std::map<std::string, Suggestion>> found =
        ParseSuggestions(*text);
    if (found.ok()) suggested_ = std::move(*found);
  }
}

absl::Status Service::CanEdit(const Actor& actor, int64_t domain_id) {
  if (IsAdmin(actor)) return absl::OkStatus();
  ZWGK_ASSIGN_OR_RETURN(org::Domain domain, org_.GetDomain(domain_id));
  if (actor.role == Role::kUnitEditor && domain.unit_id &&
      ActsForUnit(actor, *domain.unit_id)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat(
      "只有“", domain.name, "”领域责任单位的编辑或县政务公开办可以修改该目录"));
}

absl::Status Service::Seed() {
  if (examples_.empty())
    return absl::InternalError("catalog examples are not embedded");
  std::string now = FormatTimestamp(clock_.Now());
  for (const Catalog& c : examples_) {
    absl::StatusOr<org::Domain> domain = org_.ResolveDomain(c.domain);
    if (!domain.ok()) continue;  // the county renamed or retired it
    ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
      ZWGK_ASSIGN_OR_RETURN(bool any, store::HasVersions(tx, domain->id));
      if (any) return absl::OkStatus();
      ZWGK_ASSIGN_OR_RETURN(
          int64_t id,
          store::InsertDraft(tx, {.domain_id = domain->id,
                                  .unit_id = domain->unit_id,
                                  .created_at = now,
                                  .created_by = "system",
                                  .note = std::string(kSeedDraftNote)}));
      int seq = 0;
      for (const CatalogItem& it : c.items)
        ZWGK_RETURN_IF_ERROR(store::InsertItem(tx, id, it, ++seq).status());
      return absl::OkStatus();
    }));
  }
  return absl::OkStatus();
}

absl::StatusOr<SuggestedCatalog> Service::Suggested(int64_t domain_id) {
  ZWGK_ASSIGN_OR_RETURN(org::Domain domain, org_.GetDomain(domain_id));
  // Matched through ResolveDomain, so a renamed domain keeps its suggestion.
  auto same = [&](const std::string& name) {
    if (name == domain.name) return true;
    absl::StatusOr<org::Domain> d = org_.ResolveDomain(name);
    return d.ok() && d->id == domain_id;
  };
  const Catalog* examples = nullptr;
  for (const Catalog& c : examples_) {
    if (same(c.domain)) examples = &c;
  }
  const Suggestion* found = nullptr;
  for (const auto& [name, s] : suggested_) {
    if (same(name)) found = &s;
  }
  SuggestedCatalog out{.suggestion = MergeSuggestion(examples, found)};
  out.suggestion.domain = domain.name;
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(std::optional<VersionInfo> draft,
                          store::FindDraft(tx, domain_id));
    ZWGK_ASSIGN_OR_RETURN(std::optional<VersionInfo> published,
                          store::FindLatestPublished(tx, domain_id));
    out.has_draft = draft.has_value();
    out.has_published = published.has_value();
    std::set<std::string> named;
    if (const std::optional<VersionInfo>& base = draft ? draft : published) {
      ZWGK_ASSIGN_OR_RETURN(std::vector<CatalogItem> items,
                            LoadItems(tx, base->id));
      for (const CatalogItem& it : items) named.insert(ItemName(it));
    }
    for (const CatalogItem& it : out.suggestion.items) {
      if (!named.contains(ItemName(Normalized(it)))) out.missing.push_back(it);
    }
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<AdoptOutcome> Service::AdoptSuggested(const Actor& actor,
                                                     int64_t domain_id) {
  ZWGK_RETURN_IF_ERROR(CanEdit(actor, domain_id));
  ZWGK_ASSIGN_OR_RETURN(org::Domain domain, org_.GetDomain(domain_id));
  ZWGK_ASSIGN_OR_RETURN(SuggestedCatalog suggested, Suggested(domain_id));
  if (suggested.suggestion.items.empty()) {
    return absl::FailedPreconditionError(
        "该领域暂无可参考的建议目录（国家标准指引未收录），请自行编制");
  }
  std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<AdoptOutcome>([&](db::Tx& tx)
                                             -> absl::StatusOr<AdoptOutcome> {
    ZWGK_ASSIGN_OR_RETURN(
        int64_t draft, EnsureDraft(tx, domain_id, domain.unit_id, actor, now));
    // Named again inside the transaction: the draft may have changed.
    ZWGK_ASSIGN_OR_RETURN(std::vector<CatalogItem> items, LoadItems(tx, draft));
    std::set<std::string> named;
    for (const CatalogItem& it : items) named.insert(ItemName(it));
    int seq = items.empty() ? 0 : items.back().seq;
    AdoptOutcome out;
    for (const CatalogItem& it : suggested.suggestion.items) {
      CatalogItem item = Normalized(it);
      if (!named.insert(ItemName(item)).second) continue;
      ZWGK_RETURN_IF_ERROR(store::InsertItem(tx, draft, item, ++seq).status());
      ++out.added;
    }
    if (out.added == 0) {
      return absl::FailedPreconditionError("建议目录中的事项都已在草稿中");
    }
    ZWGK_ASSIGN_OR_RETURN(out.draft,
                          FindVersion(tx, domain_id, VersionRef::Draft()));
    ZWGK_RETURN_IF_ERROR(
        audit::Record(tx, clock_, actor,
                      {"catalog.adopt_suggested",
                       "catalog",
                       absl::StrCat(domain_id),
                       nullptr,
                       {{"domain", domain.name}, {"items", out.added}}}));
    return out;
  });
}

absl::StatusOr<std::vector<CatalogItem>> Service::LoadItems(
    db::Tx& tx, int64_t version_id) const {
  ZWGK_ASSIGN_OR_RETURN(std::vector<CatalogItem> items,
                        store::ListItems(tx, version_id));
  for (CatalogItem& it : items) Normalize(it, &channels_);
  return items;
}

CatalogItem Service::Normalized(CatalogItem item) const {
  Normalize(item, &channels_);
  return item;
}

absl::StatusOr<StoredCatalog> Service::Get(int64_t domain_id,
                                           const VersionRef& ref) {
  ZWGK_ASSIGN_OR_RETURN(org::Domain domain, org_.GetDomain(domain_id));
  return db_.InTransaction<StoredCatalog>(
      [&](db::Tx& tx) -> absl::StatusOr<StoredCatalog> {
        StoredCatalog out;
        ZWGK_ASSIGN_OR_RETURN(out.info, FindVersion(tx, domain_id, ref));
        out.catalog.domain = domain.name;
        out.catalog.version = out.info.version;
        ZWGK_ASSIGN_OR_RETURN(out.catalog.items, LoadItems(tx, out.info.id));
        return out;
      });
}

absl::StatusOr<std::vector<VersionInfo>> Service::Versions(int64_t domain_id) {
  return db_.InTransaction<std::vector<VersionInfo>>(
      [&](db::Tx& tx) { return store::ListVersions(tx, domain_id); });
}

absl::StatusOr<std::pair<VersionInfo, CatalogItem>> Service::GetItem(
    int64_t item_id) {
  return db_.InTransaction<std::pair<VersionInfo, CatalogItem>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::pair<VersionInfo, CatalogItem>> {
        ZWGK_ASSIGN_OR_RETURN(store::StoredItem stored,
                              store::GetItem(tx, item_id));
        ZWGK_ASSIGN_OR_RETURN(VersionInfo version,
                              store::GetVersion(tx, stored.version_id));
        return std::make_pair(std::move(version),
                              Normalized(std::move(stored.item)));
      });
}

absl::StatusOr<std::vector<DomainItem>> Service::PublishedItems(
    db::Tx& tx) const {
  ZWGK_ASSIGN_OR_RETURN(std::vector<DomainItem> items,
                        store::ListLatestPublishedItems(tx));
  for (DomainItem& i : items) Normalize(i.item, &channels_);
  return items;
}

absl::StatusOr<ImportOutcome> Service::Import(const Actor& actor,
                                              int64_t domain_id,
                                              const ImportRequest& request) {
  ZWGK_RETURN_IF_ERROR(CanEdit(actor, domain_id));
  ZWGK_ASSIGN_OR_RETURN(org::Domain domain, org_.GetDomain(domain_id));
  ImportOptions options{
      .domain = domain.name, .sheet = request.sheet, .channels = &channels_};
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
    return ImportProblemsStatus(
        "导入的文件中没有可读取的目录事项，草稿未作改动：", parsed.problems);
  }
  std::string now = FormatTimestamp(clock_.Now());
  ImportOutcome outcome{
      .imported = static_cast<int>(parsed.catalog.items.size()),
      .incomplete = static_cast<int>(Incomplete(parsed.catalog.items).size()),
      .problems = parsed.problems};
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(
        int64_t draft,
        EnsureDraft(tx, domain_id,
                    request.unit_id ? request.unit_id : domain.unit_id, actor,
                    now));
    ZWGK_RETURN_IF_ERROR(store::DeleteItems(tx, draft));
    int seq = 0;
    for (const CatalogItem& it : parsed.catalog.items) {
      ZWGK_RETURN_IF_ERROR(store::InsertItem(tx, draft, it, ++seq).status());
    }
    ZWGK_ASSIGN_OR_RETURN(outcome.draft,
                          FindVersion(tx, domain_id, VersionRef::Draft()));
    return audit::Record(
        tx, clock_, actor,
        {"catalog.import",
         "catalog",
         absl::StrCat(domain_id),
         nullptr,
         {{"domain", domain.name},
          {"format", request.format},
          {"items", outcome.imported},
          {"incomplete_items", outcome.incomplete},
          {"skipped_rows",
           std::count_if(outcome.problems.begin(), outcome.problems.end(),
                         [](const ImportProblem& p) { return !p.kept; })}}});
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
        return FindVersion(tx, domain_id, VersionRef::Draft());
      });
}

std::vector<IncompleteItem> Service::Incomplete(
    const std::vector<CatalogItem>& items) {
  std::vector<IncompleteItem> out;
  for (const CatalogItem& it : items) {
    std::vector<FieldProblem> problems = PublicationProblems(it);
    if (problems.empty()) continue;
    out.push_back({.id = it.id,
                   .seq = it.seq,
                   .name = ItemName(it),
                   .problems = std::move(problems)});
  }
  return out;
}

absl::StatusOr<VersionInfo> Service::Publish(const Actor& actor,
                                             int64_t domain_id,
                                             absl::string_view note) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError("目录由县政务公开办审定发布");
  std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<VersionInfo>(
      [&](db::Tx& tx) -> absl::StatusOr<VersionInfo> {
        absl::StatusOr<VersionInfo> draft =
            FindVersion(tx, domain_id, VersionRef::Draft());
        if (!draft.ok())
          return absl::FailedPreconditionError(
              "没有待发布的目录草稿：请先导入或编辑目录");
        if (draft->item_count == 0)
          return absl::FailedPreconditionError(
              "草稿中没有事项，不能发布空目录");
        ZWGK_ASSIGN_OR_RETURN(std::vector<CatalogItem> items,
                              LoadItems(tx, draft->id));
        if (std::vector<IncompleteItem> missing = Incomplete(items);
            !missing.empty()) {
          return IncompleteStatus(missing);
        }
        ZWGK_ASSIGN_OR_RETURN(int max, store::MaxVersionNumber(tx, domain_id));
        int next = max + 1;
        // Published by the county office: the examples are adopted.
        ZWGK_RETURN_IF_ERROR(store::ClearExampleMarks(tx, draft->id));
        ZWGK_RETURN_IF_ERROR(store::MarkPublished(tx, draft->id,
                                                  {.version = next,
                                                   .at = now,
                                                   .by = actor.name,
                                                   .note = std::string(note)}));
        ZWGK_RETURN_IF_ERROR(
            audit::Record(tx, clock_, actor,
                          {"catalog.publish",
                           "catalog",
                           absl::StrCat(domain_id),
                           nullptr,
                           {{"version", next}, {"items", draft->item_count}}}));
        return FindVersion(tx, domain_id, VersionRef::Number(next));
      });
}

absl::StatusOr<std::vector<ItemChange>> Service::Diff(int64_t domain_id,
                                                      const VersionRef& from,
                                                      const VersionRef& to) {
  ZWGK_ASSIGN_OR_RETURN(StoredCatalog a, Get(domain_id, from));
  ZWGK_ASSIGN_OR_RETURN(StoredCatalog b, Get(domain_id, to));
  std::map<std::string, const CatalogItem*> before, after;
  for (const CatalogItem& it : a.catalog.items)
    before.emplace(ItemName(it), &it);
  for (const CatalogItem& it : b.catalog.items)
    after.emplace(ItemName(it), &it);
  std::vector<ItemChange> out;
  for (const CatalogItem& it : b.catalog.items) {
    auto old = before.find(ItemName(it));
    if (old == before.end()) {
      out.push_back(
          {.kind = ItemChange::Kind::kAdded, .key = ItemName(it), .after = it});
    } else if (auto fields = ChangedFields(*old->second, it); !fields.empty()) {
      out.push_back({.kind = ItemChange::Kind::kChanged,
                     .key = ItemName(it),
                     .fields = fields,
                     .before = *old->second,
                     .after = it});
    }
  }
  for (const CatalogItem& it : a.catalog.items) {
    if (!after.contains(ItemName(it))) {
      out.push_back({.kind = ItemChange::Kind::kRemoved,
                     .key = ItemName(it),
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
                                            const VersionRef& ref,
                                            absl::string_view format) {
  ZWGK_ASSIGN_OR_RETURN(StoredCatalog c, Get(domain_id, ref));
  return Encode(c.catalog, format);
}

absl::StatusOr<CatalogItem> Service::SaveItem(const Actor& actor,
                                              int64_t domain_id,
                                              CatalogItem item) {
  ZWGK_RETURN_IF_ERROR(CanEdit(actor, domain_id));
  ZWGK_ASSIGN_OR_RETURN(org::Domain domain, org_.GetDomain(domain_id));
  Normalize(item, &channels_);
  if (item.seq <= 0) item.seq = 1;  // the real number is assigned below
  // Whoever saves the item has seen what its import could not read.
  item.import_notes.clear();
  Validator v;
  for (const FieldProblem& p : PublicationProblems(item))
    v.Add(p.field, p.reason);
  ZWGK_RETURN_IF_ERROR(v.ToStatus("目录事项有误"));
  std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<CatalogItem>([&](db::Tx& tx)
                                            -> absl::StatusOr<CatalogItem> {
    ZWGK_ASSIGN_OR_RETURN(
        int64_t draft, EnsureDraft(tx, domain_id, domain.unit_id, actor, now));
    ZWGK_ASSIGN_OR_RETURN(std::vector<CatalogItem> items, LoadItems(tx, draft));
    nlohmann::json before;
    if (item.id == 0) {
      item.seq = items.empty() ? 1 : items.back().seq + 1;
      ZWGK_ASSIGN_OR_RETURN(item.id,
                            store::InsertItem(tx, draft, item, item.seq));
    } else {
      auto same =
          std::find_if(items.begin(), items.end(),
                       [&](const CatalogItem& it) { return it.id == item.id; });
      if (same == items.end())
        return absl::NotFoundError(
            absl::StrCat("草稿中没有目录事项 #", item.id));
      item.seq = same->seq;
      before = ItemAuditJson(*same);
      ZWGK_RETURN_IF_ERROR(store::UpdateItem(tx, item));
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
                          FindVersion(tx, domain_id, VersionRef::Draft()));
    ZWGK_ASSIGN_OR_RETURN(
        CatalogItem item,
        store::GetItemInVersion(tx, item_id, draft.id,
                                absl::StrCat("草稿中的目录事项 #", item_id)));
    ZWGK_RETURN_IF_ERROR(store::DeleteItem(tx, item_id));
    return audit::Record(
        tx, clock_, actor,
        {"catalog.item_remove", "catalog_item", absl::StrCat(item_id),
         ItemAuditJson(Normalized(std::move(item))), nullptr});
  });
}

absl::Status Service::MoveItem(const Actor& actor, int64_t domain_id,
                               int64_t item_id, int delta) {
  ZWGK_RETURN_IF_ERROR(CanEdit(actor, domain_id));
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(VersionInfo draft,
                          FindVersion(tx, domain_id, VersionRef::Draft()));
    ZWGK_ASSIGN_OR_RETURN(std::vector<CatalogItem> items,
                          LoadItems(tx, draft.id));
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
          store::SetItemSeq(tx, items[i].id, static_cast<int>(i + 1)));
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
  using PublishedAt = std::map<int64_t, std::string>;
  ZWGK_ASSIGN_OR_RETURN(PublishedAt last,
                        db_.InTransaction<PublishedAt>([](db::Tx& tx) {
                          return store::LastPublishedAt(tx);
                        }));
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
