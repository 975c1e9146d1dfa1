// The Xapian index: public shards plus a staff index, all searched as one
// Xapian database.
//
// Layout under `dir`: CURRENT names the current generation (a
// sub-directory); a generation holds `pub-0` … `pub-{N-1}` (the base: the
// published 主动 records of the last rebuild, record id mod N picks the
// shard, so shards build in parallel; read-only after the build), `live`
// (public records changed since, plus tombstones for the base documents
// they supersede) and `staff` (every other record, for admin search). A
// rebuild writes a new generation beside the current one and switches
// CURRENT by an atomic rename, so readers never see a half-built index.
//
// Terms (see text.h): body, attachments, 文号 and 索引号 text as bigrams
// without positions (positions were 45% of the anchor's index and only
// phrase queries need them); title and keywords as "S"-prefixed bigrams and
// unigrams (positions optional); exact identifiers "XW"+文号, "XI"+索引号;
// record "Q"+id; sample buckets "XS"+n, "XF"+n; filters XD domain, XU unit, XY
// year, XT topic, XG genre, XV validity. Values hold the facet fields.
//
// Document ids are in date order, newest lowest (see engine.cc), and every
// search is boolean: relevance is a tier (exact 文号/索引号, all words in
// the title, all words anywhere) and within a tier the newest comes first.
// Xapian then stops reading a posting list once the page is full, which is
// what keeps a common two-character word at a million records in
// milliseconds; BM25 over CJK bigrams would read every match.
#ifndef ZWGK_SEARCH_ENGINE_H_
#define ZWGK_SEARCH_ENGINE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
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
  // Facets are counted exactly up to this many matches; beyond it on a
  // sample of about this many (hash buckets of the record id, so not biased
  // to any date or unit), scaled (Result::facets_exact = false).
  // 1,000: a 10% share is counted within ±2% (two standard errors).
  int facet_sample = 1000;
  // This long after a search began, its facet sample stops growing once
  // it holds 100 matches, twice this long after whatever it holds
  // (engine.cc, CountFacets); 0: no limit. Exact counts of a small result
  // may then become estimates (marked) on a loaded machine.
  double facet_budget_ms = 4;
  // Benchmark levers (bench/search): the anchor's choices, off by default.
  bool body_positions = false;  // positional body postings
  bool body_unigrams = false;   // every body character as a term too
  bool pinyin = true;           // pinyin terms of titles and keywords
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

  // Typo tolerance: `text` with one CJK word (or each) replaced by a known
  // word of the dictionary with as many characters whose pinyin is equal
  // (a homophone: 低报 → 低保) or one letter away (社会求助 → 社会救助); the
  // most used first, at most `max`. Empty when nothing is close.
  [[nodiscard]] absl::StatusOr<std::vector<std::string>> Corrections(
      absl::string_view text, int max = 3);
  // Known words starting with `prefix`: characters, or letters as the
  // start of the full pinyin or of the initials; most used first.
  [[nodiscard]] absl::StatusOr<std::vector<WordSuggestion>> SuggestWords(
      absl::string_view prefix, int limit = 10);

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
  // The live generation was built by an older version of this code (other
  // document ids or terms): searches work but may miss or misorder records
  // until `zwgk search reindex`. Service::Start rebuilds such an index.
  bool outdated() const { return outdated_; }

 private:
  Index(std::string dir, IndexOptions options);
  struct Reader;
  [[nodiscard]] absl::Status Refresh();  // follow CURRENT
  std::unique_ptr<Reader> TakeReader(bool staff);
  struct Dictionary;
  // The dictionary of the live generation, reloaded when it changed.
  absl::StatusOr<std::shared_ptr<const Dictionary>> LoadDictionary();
  Result SearchReader(Reader& reader, const Query& q);  // throws Xapian::Error
  void ReturnReader(std::unique_ptr<Reader> r);

  std::string dir_;
  IndexOptions options_;
  std::mutex mu_;  // guards generation_, shards_, readers_
  std::string generation_;
  int shards_ = 0;
  std::atomic<bool> outdated_{false};
  std::vector<std::unique_ptr<Reader>> readers_;
  std::shared_ptr<const Dictionary> dict_;  // guarded by mu_
  std::string dict_key_;                    // generation + dict-version
  std::atomic<int64_t> version_{0};         // bumped by Apply and switches
  std::mutex write_mu_;
};

// Builds a new generation from scratch: shards in parallel threads, batch
// commits, then Switch() makes it live.
struct BuildOptions {
  int shards = 2;
  // Documents per commit (the flush threshold): 10,000 built 100k records
  // in 59 s, 100,000 in 80 s (smaller in-memory posting maps).
  int batch = 10000;
  // Rewrites each shard compactly when done: postlists shrink by ~45%
  // (6.6 s per 100k records).
  bool compact = true;
  // Base shards without termlists: 40% smaller and 10% faster to build;
  // Xapian cannot delete from them, so changes go to the live database
  // and tombstone the base copy.
  bool no_termlist = true;
  IndexOptions index;
};

class Builder {
 public:
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Builder>> Create(
      std::string dir, BuildOptions options);
  ~Builder();
  // Not thread-safe: one producer. Documents with is_public go to the
  // public shards, others to staff. Add them newest first (by `date`, then
  // id descending): document ids follow the order of the calls.
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
  std::map<int64_t, int64_t> slots_by_day_;  // day → slots used
  // The dictionary (engine.cc): keyword / domain words and title n-grams
  // with their counts, written into live's metadata by Finish().
  void CountWords(const Document& doc);
  std::unordered_map<std::string, int64_t> keyword_words_, title_words_;
  int64_t last_docid_ = 0;
};

}  // namespace zwgk::search

#endif  // ZWGK_SEARCH_ENGINE_H_
