// The catalog module's logic: versioned catalogs per domain stored in the
// database, Excel/CSV/JSON in and out, diffs, and editing of the draft.
// Editors of the responsible unit change the draft; only the county office
// (admin) publishes. One transaction per action; every write is audited.
#ifndef ZWGK_CATALOG_SERVICE_H_
#define ZWGK_CATALOG_SERVICE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "catalog/channels.h"
#include "catalog/excel.h"
#include "catalog/model.h"
#include "catalog/suggested.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "org/service.h"

namespace zwgk::catalog {

// A version reference as users type it (VersionRef::Parse), or
// InvalidArgument saying what is accepted.
[[nodiscard]] absl::StatusOr<VersionRef> ParseVersionRef(
    absl::string_view text);

struct StoredCatalog {
  VersionInfo info = {};
  Catalog catalog = {};  // items carry their stored ids
};

struct ImportRequest {
  std::string bytes = {};
  std::string format = "xlsx";  // xlsx | csv | json
  std::optional<std::string> sheet = {};
  // The owning unit when it is not the domain's responsible unit (a town
  // keeping its own catalog of the domain).
  std::optional<int64_t> unit_id = {};
};

struct ImportOutcome {
  VersionInfo draft = {};
  int imported = 0;    // items now in the draft, incomplete ones included
  int incomplete = 0;  // of those, the items that cannot be published yet
  // By row: what the kept items lack (kept) and the rows left out.
  std::vector<ImportProblem> problems = {};
};

// An item of a draft that cannot be published yet, and why.
struct IncompleteItem {
  int64_t id = 0;
  int seq = 0;
  std::string name = {};  // ItemName
  std::vector<FieldProblem> problems = {};
};

struct ItemChange {
  enum class Kind { kAdded, kRemoved, kChanged };
  Kind kind = Kind::kChanged;
  std::string key = {};  // 一级事项 / 二级事项 [/ 三级事项]
  std::vector<std::string> fields = {};  // JSON keys that changed
  std::optional<CatalogItem> before = {}, after = {};
};

// A domain's starting catalog (建议目录) as offered to its unit.
struct SuggestedCatalog {
  Suggestion suggestion = {};  // empty items: nothing found for the domain
  // The suggested items not yet named in the draft (or, without a draft, in
  // the latest published version): what AdoptSuggested would add.
  std::vector<CatalogItem> missing = {};
  bool has_draft = false;
  bool has_published = false;
};

struct AdoptOutcome {
  VersionInfo draft = {};
  int added = 0;  // suggested items added to the draft
};

struct ReviewReminder {
  int64_t domain_id = 0;
  std::string domain = {};
  std::string last_published_at = {};  // empty: never published
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, org::Service& org);

  // Loads data/examples.json: for each example domain without any version,
  // opens a draft (by "system") holding the example items (marked 示例).
  // Nothing is published: only the county office publishes a catalog.
  [[nodiscard]] absl::Status Seed();

  // The starting catalog (建议目录) of a domain: the seed's examples and the
  // items found in the national 标准指引 and county catalogs, as found.
  [[nodiscard]] absl::StatusOr<SuggestedCatalog> Suggested(int64_t domain_id);
  // Adds the suggested items the draft does not name yet to the draft (opened
  // from the latest published version when none is open): "从建议目录开始".
  // Editors of the responsible unit and the county office. FailedPrecondition
  // when the domain has no suggestion or every suggested item is already in
  // the draft. Items keep what the sources lack, so the draft lists them as
  // incomplete until the unit fills them in.
  [[nodiscard]] absl::StatusOr<AdoptOutcome> AdoptSuggested(const Actor& actor,
                                                            int64_t domain_id);

  // The version `ref` names; NotFound when there is none.
  [[nodiscard]] absl::StatusOr<StoredCatalog> Get(int64_t domain_id,
                                                  const VersionRef& ref);
  // The latest published catalog (what the public sees); NotFound if none.
  [[nodiscard]] absl::StatusOr<StoredCatalog> Published(int64_t domain_id) {
    return Get(domain_id, VersionRef::LatestPublished());
  }
  [[nodiscard]] absl::StatusOr<std::vector<VersionInfo>> Versions(
      int64_t domain_id);

  // One item by id with its version; NotFound for unknown ids.
  [[nodiscard]] absl::StatusOr<std::pair<VersionInfo, CatalogItem>> GetItem(
      int64_t item_id);

  // The items of every domain's latest published catalog, normalized, inside
  // the caller's transaction (for modules reading within their own).
  [[nodiscard]] absl::StatusOr<std::vector<DomainItem>> PublishedItems(
      db::Tx& tx) const;

  // Replaces the draft's items with the imported ones (a draft is opened from
  // the latest published version when none exists). Every row that names an
  // item is kept, incomplete items with their import notes; the outcome lists
  // what each row lacks and the rows left out. InvalidArgument (problems
  // attached, GetImportProblems) when the file is unreadable or no row names
  // an item; the draft is then unchanged. JSON (the lossless export format)
  // is still validated as a whole: any incomplete item refuses the file.
  [[nodiscard]] absl::StatusOr<ImportOutcome> Import(
      const Actor& actor, int64_t domain_id, const ImportRequest& request);

  // Opens the draft (a copy of the latest published version) if none is open.
  [[nodiscard]] absl::StatusOr<VersionInfo> OpenDraft(const Actor& actor,
                                                      int64_t domain_id);

  // The items of `items` that cannot be published yet (PublicationProblems).
  static std::vector<IncompleteItem> Incomplete(
      const std::vector<CatalogItem>& items);

  // Publishes the draft as the next version (admin only). FailedPrecondition
  // naming each incomplete item (序号, name, what it lacks) while any is.
  [[nodiscard]] absl::StatusOr<VersionInfo> Publish(const Actor& actor,
                                                    int64_t domain_id,
                                                    absl::string_view note);

  // Items added, removed and changed from `from` to `to`.
  [[nodiscard]] absl::StatusOr<std::vector<ItemChange>> Diff(
      int64_t domain_id, const VersionRef& from, const VersionRef& to);

  // `catalog` as a file: format xlsx | csv | json.
  [[nodiscard]] absl::StatusOr<std::string> Encode(
      const Catalog& catalog, absl::string_view format) const;
  // The catalog as a file: format xlsx | csv | json.
  [[nodiscard]] absl::StatusOr<std::string> Export(int64_t domain_id,
                                                   const VersionRef& ref,
                                                   absl::string_view format);

  // Draft editing: add (item.id == 0) or change an item, remove one, move
  // one up (-1) or down (+1). A saved item is complete: its
  // PublicationProblems → InvalidArgument with fields. Saving clears the
  // item's import notes.
  [[nodiscard]] absl::StatusOr<CatalogItem> SaveItem(const Actor& actor,
                                                     int64_t domain_id,
                                                     CatalogItem item);
  [[nodiscard]] absl::Status RemoveItem(const Actor& actor, int64_t domain_id,
                                        int64_t item_id);
  [[nodiscard]] absl::Status MoveItem(const Actor& actor, int64_t domain_id,
                                      int64_t item_id, int delta);

  // The catalog a town (镇) keeps for a domain, derived from the county's
  // latest published version: the items whose 公开层级 includes 乡级, with
  // the town as 公开主体 where the county text names none of its own units.
  // FailedPrecondition when the unit is not a town; NotFound when the county
  // has published nothing for the domain.
  [[nodiscard]] absl::StatusOr<StoredCatalog> TownCatalog(int64_t domain_id,
                                                          int64_t town_id);

  // For each item, the unit its 公开主体 names (the longest unit name found
  // in the text), if any.
  [[nodiscard]] absl::StatusOr<std::vector<std::optional<org::Unit>>>
  SubjectUnits(const std::vector<CatalogItem>& items);

  // Catalogs whose last publication is more than a year old (目录动态管理).
  [[nodiscard]] absl::StatusOr<std::vector<ReviewReminder>> DueForReview();

  const ChannelRegistry& channels() const { return channels_; }

 private:
  absl::Status CanEdit(const Actor& actor, int64_t domain_id);
  // Store reads with the derived fields recomputed (Normalize).
  absl::StatusOr<std::vector<CatalogItem>> LoadItems(db::Tx& tx,
                                                     int64_t version_id) const;
  CatalogItem Normalized(CatalogItem item) const;

  db::Database& db_;
  const Clock& clock_;
  org::Service& org_;
  ChannelRegistry channels_;
  std::vector<Catalog> examples_;                // data/examples.json
  std::map<std::string, Suggestion> suggested_;  // data/suggested.json
};

}  // namespace zwgk::catalog

#endif  // ZWGK_CATALOG_SERVICE_H_
