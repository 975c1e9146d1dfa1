// The Xapian index: public shards plus a staff index, all searched as one
// Xapian database.
//
// Layout under `dir`: CURRENT names the live generation (a sub-directory);
// a generation holds `pub-0` … `pub-{N-1}` (published 主动 records, record
// id mod N picks the shard, so shards build in parallel) and `staff`
// (every other record, for admin search). A rebuild writes a new
// generation beside the live one and switches CURRENT by an atomic rename,
// so readers never see a half-built index.
//
// Terms (see text.h): body, attachments, 文号 and 索引号 text as bigrams
// without positions (positions were 45% of the anchor's index and only
// phrase queries need them); title and keywords as "S"-prefixed bigrams and
// unigrams with positions; exact identifiers "XW"+文号, "XI"+索引号; record
// "Q"+id; filters XD domain, XU unit, XY year, XT topic, XG genre, XV
// validity. Values hold the date (sort) and the facet fields.
#ifndef ZWGK_SEARCH_ENGINE_H_
#define ZWGK_SEARCH_ENGINE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "search/model.h"

namespace Xapian {
class Document;
class Database;
}  // namespace Xapian

namespace zwgk::search {

struct IndexOptions {
  int shards = 2;
  // Body text kept in the index for snippets (characters): 400 took 0.75 GB
  // of 1M records, 120 a third of that.
  size_t stored_body_chars = 120;
  // Positions for title and keywords, for phrase matching of words of three
  // or more characters in titles (0.5 GB per 1M records). Without them a
  // title word is the AND of its bigrams within the title.
  bool title_positions = false;
  // Facets are counted exactly up to this many matches; beyond it they are
  // counted on this many and scaled (Result::facets_exact = false).
  int facet_sample = 2000;
  // Benchmark levers (bench/search): the anchor's choices, off by default.
  bool body_positions = false;  // positional body postings
  bool body_unigrams = false;   // every body character as a term too
};

// A change to apply: the record's current document, or its removal.
struct Change {
  int64_t id = 0;
  std::optional<Document> doc;  // nullopt: remove from every index
};

// The Xapian document for `doc` (exposed for the builder and tests).
Xapian::Document MakeXapianDocument(const Document& doc,
                                    const IndexOptions& options);

class Index {
 public:
  // Opens the index under `dir`, creating an empty generation if there is
  // none. The shard count of an existing generation wins over `options`.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Index>> Open(
      std::string dir, IndexOptions options = {});
  ~Index();

  // Thread-safe; readers are pooled and see the latest committed state.
  [[nodiscard]] absl::StatusOr<Result> Search(const Query& q);

  // Applies changes and commits (each shard commits on its own; applying
  // the same change twice is harmless, which is what crash recovery needs).
  // Unavailable when another process holds the write lock.
  [[nodiscard]] absl::Status Apply(const std::vector<Change>& changes);

  // Record ids in the index: public and staff (for `search check`).
  [[nodiscard]] absl::StatusOr<std::vector<int64_t>> Ids(bool public_index);
  // Documents per index (public, staff).
  [[nodiscard]] absl::StatusOr<std::pair<int64_t, int64_t>> Counts();

  const std::string& dir() const { return dir_; }
  std::string generation_dir() const;
  int shards() const { return shards_; }

 private:
  Index(std::string dir, IndexOptions options);
  struct Reader;
  [[nodiscard]] absl::Status Refresh();  // follow CURRENT
  std::unique_ptr<Reader> TakeReader(bool staff);
  void ReturnReader(std::unique_ptr<Reader> r);

  std::string dir_;
  IndexOptions options_;
  std::mutex mu_;  // guards generation_, shards_, readers_
  std::string generation_;
  int shards_ = 0;
  std::vector<std::unique_ptr<Reader>> readers_;
  std::atomic<int64_t> version_{0};  // bumped by Apply and switches
  std::mutex write_mu_;
};

// Builds a new generation from scratch: shards in parallel threads, batch
// commits, then Switch() makes it live.
struct BuildOptions {
  int shards = 2;
  int batch = 50000;  // documents per commit (the flush threshold)
  // Rewrites each shard compactly when done: postlists shrink by ~45%
  // (6.6 s per 100k records).
  bool compact = true;
  IndexOptions index;
};

class Builder {
 public:
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Builder>> Create(
      std::string dir, BuildOptions options);
  ~Builder();
  // Not thread-safe: one producer. Documents with is_public go to the
  // public shards, others to staff.
  [[nodiscard]] absl::Status Add(Document doc);
  // Waits for the shard threads and commits; then the caller may Switch().
  [[nodiscard]] absl::Status Finish();
  // Makes the new generation live and removes older ones.
  [[nodiscard]] absl::Status Switch();
  const std::string& generation_dir() const { return gen_dir_; }
  int64_t added() const { return added_; }

 private:
  Builder() = default;
  struct Shard;
  std::string dir_, generation_, gen_dir_;
  BuildOptions options_;
  std::vector<std::unique_ptr<Shard>> shards_;  // public shards, then staff
  int64_t added_ = 0;
  bool finished_ = false;
};

}  // namespace zwgk::search

#endif  // ZWGK_SEARCH_ENGINE_H_
