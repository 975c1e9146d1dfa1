// Search over publishing records: keeps the Xapian index in step with the
// database through the outbox, answers public and staff searches, rebuilds
// and checks the index.
//
// Crash safety: publishing calls our change listener inside the record's
// transaction (we add an outbox row there, so it commits or rolls back with
// the change) and our commit listener after the commit (we apply the outbox
// there). Applying reads each record's current state, so it is idempotent;
// rows are deleted only after the index committed. Start() drains whatever
// a crash left behind.
#ifndef ZWGK_SEARCH_SERVICE_H_
#define ZWGK_SEARCH_SERVICE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "publishing/model.h"
#include "publishing/service.h"
#include "search/engine.h"
#include "search/model.h"

namespace zwgk::search {

struct ServiceOptions {
  // The index of this database is <index_dir>/<store::IndexId()>.
  std::string index_dir = "./var/search";
  IndexOptions index;
  int reindex_batch = 10000;  // documents per commit while rebuilding
};

struct ReindexStats {
  int64_t records = 0, public_records = 0, staff_records = 0;
  int64_t attachment_errors = 0;
  double seconds = 0;
};

struct CheckReport {
  int64_t db_public = 0, db_staff = 0;
  int64_t index_public = 0, index_staff = 0;
  std::vector<int64_t> missing;  // should be in the public index, are not
  std::vector<int64_t> extra;    // in the public index, should not be
  std::vector<int64_t> staff_missing, staff_extra;
  int64_t pending = 0;  // outbox rows not yet applied
  std::optional<int64_t> reindex_floor;
  bool ok() const {
    return missing.empty() && extra.empty() && staff_missing.empty() &&
           staff_extra.empty();
  }
};

// The index document of a record; attachment text from `attachment_text`.
Document ToDocument(const publishing::Record& r,
                    std::string attachment_text = "");

class Service {
 public:
  Service(db::Database& db, const Clock& clock, publishing::Service& publishing,
          ServiceOptions options);

  // Opens the index (building it when this database has none yet, e.g.
  // after a restore), subscribes to publishing and drains the outbox.
  [[nodiscard]] absl::Status Start();

  // Published 主动 records only (q.scope is ignored). A text query with
  // fewer than three results is tried with the index's corrections
  // (Index::Corrections): the best one that finds more is the result's
  // `suggestion`, and when the query as typed found nothing, its results
  // are returned (`corrected`).
  [[nodiscard]] absl::StatusOr<Result> Search(Query q);
  // Suggestions for a search box (public records only), at most `limit`
  // items in all; cached for a minute.
  [[nodiscard]] absl::StatusOr<Suggestions> Suggest(absl::string_view prefix,
                                                    int limit = 10);
  // Staff search: every status, within the units the actor acts for.
  [[nodiscard]] absl::StatusOr<Result> SearchFor(const Actor& actor, Query q);

  // Applies every pending outbox row; returns how many were applied.
  [[nodiscard]] absl::StatusOr<int64_t> Drain();

  // Rebuilds the index from the database in a new generation and switches
  // to it. `progress(done, total)` is called now and then.
  [[nodiscard]] absl::StatusOr<ReindexStats> Reindex(
      const std::function<void(int64_t, int64_t)>& progress = nullptr);

  // Compares the index with the database.
  [[nodiscard]] absl::StatusOr<CheckReport> Check();

  // Outbox rows not yet applied to the index.
  [[nodiscard]] absl::StatusOr<int64_t> PendingCount();
  // Set while a rebuild runs, or after one that did not finish.
  [[nodiscard]] absl::StatusOr<std::optional<int64_t>> ReindexFloor();
  // The directory of this database's index (valid after Start).
  const std::string& index_dir() const { return index_dir_; }
  // The index is missing or of an older format and the database too large
  // to rebuild it at start (every CLI command starts the modules): until
  // `zwgk search reindex`, searches use what there is.
  bool needs_reindex() const { return needs_reindex_; }
  Index& index() { return *index_; }

 private:
  // The current document of each record of `ids` (in that order; nullopt
  // for a deleted one), read in one batch.
  absl::StatusOr<std::vector<Change>> LoadChanges(
      const std::vector<int64_t>& ids, int64_t* attachment_errors);
  std::string AttachmentsText(const publishing::Record& r,
                              int64_t* attachment_errors);
  // All record ids, ascending.
  absl::StatusOr<std::vector<publishing::RecordKey>> AllKeys();

  db::Database& db_;
  const Clock& clock_;
  publishing::Service& publishing_;
  ServiceOptions options_;
  std::string index_dir_;
  std::unique_ptr<Index> index_;
  std::mutex drain_mu_;
  // A failed drain is retried by the next search, at most once a second.
  std::atomic<int64_t> retry_after_ns_{0};
  std::atomic<bool> pending_{false};
  std::atomic<bool> needs_reindex_{false};
  struct CachedSuggestions {
    int64_t at_ns = 0;
    Suggestions value;
  };
  std::mutex suggest_mu_;
  std::unordered_map<std::string, CachedSuggestions> suggest_cache_;
};

}  // namespace zwgk::search

#endif  // ZWGK_SEARCH_SERVICE_H_
