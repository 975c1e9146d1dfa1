// Catalog storage: one portable SQL store used inside the caller's
// transaction. A domain has at most one draft version (version number NULL)
// and any number of published ones (1, 2, …); items belong to one version.
// Items come back as stored: the service normalizes them (channel names,
// parsed time limits). Reads of one row return NotFound when it is missing.
#ifndef ZWGK_CATALOG_STORE_H_
#define ZWGK_CATALOG_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "catalog/model.h"
#include "core/db.h"

namespace zwgk::catalog::store {

// Versions.

[[nodiscard]] absl::StatusOr<std::optional<VersionInfo>> FindDraft(
    db::Tx& tx, int64_t domain_id);
// The published version with the highest number.
[[nodiscard]] absl::StatusOr<std::optional<VersionInfo>> FindLatestPublished(
    db::Tx& tx, int64_t domain_id);
[[nodiscard]] absl::StatusOr<std::optional<VersionInfo>> FindNumbered(
    db::Tx& tx, int64_t domain_id, int number);
[[nodiscard]] absl::StatusOr<VersionInfo> GetVersion(db::Tx& tx,
                                                     int64_t version_id);
// The draft first, then published versions, newest first.
[[nodiscard]] absl::StatusOr<std::vector<VersionInfo>> ListVersions(
    db::Tx& tx, int64_t domain_id);
// Whether the domain has any version, draft or published.
[[nodiscard]] absl::StatusOr<bool> HasVersions(db::Tx& tx, int64_t domain_id);
// The highest version number used, 0 when none.
[[nodiscard]] absl::StatusOr<int> MaxVersionNumber(db::Tx& tx,
                                                   int64_t domain_id);
// For each domain with a published version, when it last published.
[[nodiscard]] absl::StatusOr<std::map<int64_t, std::string>> LastPublishedAt(
    db::Tx& tx);

struct NewDraft {
  int64_t domain_id = 0;
  std::optional<int64_t> unit_id = {};  // the unit keeping the catalog
  std::string created_at = {}, created_by = {};
  std::string note = {};
};
// Returns the new version's id.
[[nodiscard]] absl::StatusOr<int64_t> InsertDraft(db::Tx& tx,
                                                  const NewDraft& d);

struct NewPublished {
  int64_t domain_id = 0;
  std::optional<int64_t> unit_id = {};
  int version = 1;
  std::string at = {}, by = {};  // created and published
  std::string note = {};
};
// A version published as it is created; returns its id. (Seeds before
// issue 17 published the examples this way; tests rebuild that state.)
[[nodiscard]] absl::StatusOr<int64_t> InsertPublished(db::Tx& tx,
                                                      const NewPublished& p);

struct Publication {
  int version = 0;
  std::string at = {}, by = {}, note = {};
};
// Turns the draft `version_id` into published version `p.version`.
[[nodiscard]] absl::Status MarkPublished(db::Tx& tx, int64_t version_id,
                                         const Publication& p);

// Items.

// The items of a version by seq.
[[nodiscard]] absl::StatusOr<std::vector<CatalogItem>> ListItems(
    db::Tx& tx, int64_t version_id);

struct StoredItem {
  int64_t version_id = 0;
  CatalogItem item = {};
};
[[nodiscard]] absl::StatusOr<StoredItem> GetItem(db::Tx& tx, int64_t item_id);
// The item when it belongs to `version_id`; NotFound(`what`) otherwise.
[[nodiscard]] absl::StatusOr<CatalogItem> GetItemInVersion(
    db::Tx& tx, int64_t item_id, int64_t version_id, absl::string_view what);

// The items of every domain's latest published version, by domain and seq.
[[nodiscard]] absl::StatusOr<std::vector<DomainItem>> ListLatestPublishedItems(
    db::Tx& tx);

// Inserts `item` at position `seq`; returns the new id.
[[nodiscard]] absl::StatusOr<int64_t> InsertItem(db::Tx& tx, int64_t version_id,
                                                 const CatalogItem& item,
                                                 int seq);
// Rewrites every column of the item `item.id`, including seq.
[[nodiscard]] absl::Status UpdateItem(db::Tx& tx, const CatalogItem& item);
[[nodiscard]] absl::Status SetItemSeq(db::Tx& tx, int64_t item_id, int seq);
[[nodiscard]] absl::Status DeleteItem(db::Tx& tx, int64_t item_id);
[[nodiscard]] absl::Status DeleteItems(db::Tx& tx, int64_t version_id);
// Clears the 示例 mark of every item of a version (publishing adopts them).
[[nodiscard]] absl::Status ClearExampleMarks(db::Tx& tx, int64_t version_id);
// Copies all items of one version into another, keeping their seq.
[[nodiscard]] absl::Status CopyItems(db::Tx& tx, int64_t from_version_id,
                                     int64_t to_version_id);

}  // namespace zwgk::catalog::store

#endif  // ZWGK_CATALOG_STORE_H_
