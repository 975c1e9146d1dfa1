#include "search/engine.h"

#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "core/status.h"
#include "search/pinyin.h"
#include "search/text.h"

namespace zwgk::search {
namespace {

namespace fs = std::filesystem;

// All facet fields of a document in one value, separated by kFacetSep, in
// kFacets' order: one value-stream read per document counted instead of
// six (the facet pass reads a sample of documents spread over the index).
constexpr Xapian::valueno kSlotFacets = 7;
constexpr char kFacetSep = '\x1e';
constexpr const char* kFacets[] = {"domain", "unit",     "year",    "topic",
                                   "genre",  "validity", "category"};

// --- Document ids in date order ---
// Xapian reads posting lists in document-id order and ends a boolean match
// as soon as it has the documents asked for (one database, ascending ids).
// So the newest record gets the lowest id: id = the day's block, counted
// back from 2069-12-31, plus a slot within the day. A rebuild fills slots
// from the middle of the block up (newest of the day first); records
// published later take the free slots below the middle, newest lowest.
constexpr int64_t kDays = 25567;  // 2000-01-01 … 2069-12-31
// kDays * this < 2^31, so ids stay well inside Xapian's 32-bit range.
constexpr int64_t kSlotsPerDay = 80'000;
constexpr int64_t kHalfDay = kSlotsPerDay / 2;
// Facets of a large result are counted on a sample: the documents of b
// buckets (a hash of the record id), scaled. Every document is in one of 64
// buckets "XS<n>"; those of bucket 0 also in one of 64 finer ones "XF<n>",
// so a sample can be as small as 1/4096 of the index.
constexpr int kBuckets = 64;

// A one-character query widens to the most frequent bigrams it starts.
constexpr Xapian::termcount kSingleCharExpansion = 64;
constexpr char kSep = '\x1f';

absl::Status XapianError(const Xapian::Error& e, absl::string_view what) {
  std::string msg = absl::StrCat(what, "：", e.get_type(), " ", e.get_msg());
  if (absl::string_view(e.get_type()) == "DatabaseLockError")
    return absl::UnavailableError(msg);
  return absl::InternalError(msg);
}

std::string IdTerm(int64_t id) { return absl::StrCat("Q", id); }

// Days since 2000-01-01 of a YYYY-MM-DD date, clamped to the id range;
// undated (and unparsable) records count as the oldest.
int64_t DayNumber(absl::string_view date) {
  int y = 0, m = 0, d = 0;
  if (date.size() < 10 || !absl::SimpleAtoi(date.substr(0, 4), &y) ||
      !absl::SimpleAtoi(date.substr(5, 2), &m) ||
      !absl::SimpleAtoi(date.substr(8, 2), &d))
    return 0;
  int64_t n = absl::CivilDay(y, m, d) - absl::CivilDay(2000, 1, 1);
  return std::clamp<int64_t>(n, 0, kDays - 1);
}

// The first document id of the day's block: newer days come first.
int64_t DayBase(int64_t day) { return (kDays - 1 - day) * kSlotsPerDay + 1; }

// Every database holds one empty document with the last id. Xapian 1.4
// fails a match that reads to the end of a term found in every document
// when ids are not 1…n ("Unexpected end of posting list", measured on
// 1.4.22); with the sentinel no real term is in every document. "XA",
// which every real document has, stands for "all records".
constexpr Xapian::docid kSentinelDocid = kDays * kSlotsPerDay;
constexpr char kSentinelTerm[] = "XZ";
constexpr char kAllTerm[] = "XA";
// Written into each generation; an index of another format is rebuilt.
constexpr char kFormat[] =
    "7 date-ordered ids, sentinel, tiers, base without termlist + live, "
    "title bigrams, packed facets, fine buckets, pinyin, category, dictionary";

// The dictionary of known words (typo corrections, suggestions as the user
// types), in the live database's metadata so that it commits with the
// changes: "dict:k:<word>" → records naming it as a keyword or domain,
// "dict:t:<word>" → titles containing it (frequent title words: the
// rebuild counts every 2–4 character title n-gram and keeps those of at
// least kMinTitleWordCount). "dict-version" changes with every write.
constexpr char kDictPrefix[] = "dict:";
constexpr char kDictKeyword[] = "dict:k:";
constexpr char kDictTitle[] = "dict:t:";
constexpr char kDictVersion[] = "dict-version";
constexpr int64_t kMinTitleWordCount = 3;
constexpr size_t kMaxDictWordChars = 12;

int64_t DayOfDocid(Xapian::docid did) {
  return kDays - 1 - (static_cast<int64_t>(did) - 1) / kSlotsPerDay;
}

uint64_t BucketHash(int64_t id) {
  return (static_cast<uint64_t>(id) * 0x9E3779B97F4A7C15ull) >> 32;
}
std::string BucketTerm(int bucket) { return absl::StrCat("XS", bucket); }
std::string FineBucketTerm(int bucket) { return absl::StrCat("XF", bucket); }

std::string IdName(std::optional<int64_t> id, absl::string_view name) {
  if (!id) return "";
  return absl::StrCat(*id, std::string(1, kSep), name);
}

// --- The dictionary of known words ---

// A word for the dictionary: CJK only, 2–12 characters, all with pinyin.
bool DictWord(const Token& t) {
  if (t.kind != Token::Kind::kCjk || t.chars.size() < 2 ||
      t.chars.size() > kMaxDictWordChars)
    return false;
  return PinyinSyllables(t.text).size() == t.chars.size();
}

// Keywords and the domain name that are dictionary words.
std::vector<std::string> KeywordWords(const Document& doc) {
  std::vector<std::string> out;
  auto add = [&](absl::string_view s) {
    std::vector<Token> tokens = Tokenize(s);
    if (tokens.size() == 1 && DictWord(tokens[0]))
      out.push_back(tokens[0].text);
  };
  for (const std::string& k : doc.keywords) add(k);
  add(doc.domain_name);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The 2–4 character n-grams of the title's CJK runs, each once.
std::vector<std::string> TitleWords(absl::string_view title) {
  std::vector<std::string> out;
  for (const Token& t : Tokenize(title)) {
    if (t.kind != Token::Kind::kCjk) continue;
    for (size_t k = 0; k < t.chars.size(); ++k) {
      std::string w = t.chars[k];
      for (size_t n = 2; n <= 4 && k + n <= t.chars.size(); ++n) {
        w += t.chars[k + n - 1];
        out.push_back(w);
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

int64_t MetaCount(const Xapian::Database& db, const std::string& key) {
  int64_t n = 0;
  if (!absl::SimpleAtoi(db.get_metadata(key), &n)) n = 0;
  return n;
}

// Title and keywords: unigrams and bigrams at the character's position, so
// the bigrams of a word are at consecutive positions (OP_PHRASE).
void AddTitleTerms(Xapian::Document& d, absl::string_view text,
                   Xapian::termpos& pos, bool positions) {
  if (!positions) {
    // As the body: bigrams, a lone character by itself. No query needs the
    // unigram of every character; dropping them took a 100k build from
    // 59-68 s to 51-52 s.
    ForEachTerm(text, false,
                [&](const std::string& t) { d.add_term("S" + t); });
    return;
  }
  auto add = [&](const std::string& term, Xapian::termpos at) {
    if (positions) {
      d.add_posting(term, at);
    } else {
      d.add_term(term);
    }
  };
  for (const Token& t : Tokenize(text)) {
    if (t.kind == Token::Kind::kWord) {
      add("S" + t.text, pos++);
    } else {
      for (size_t k = 0; k < t.chars.size(); ++k) {
        add("S" + t.chars[k], pos + k);
        if (k + 1 < t.chars.size())
          add(absl::StrCat("S", t.chars[k], t.chars[k + 1]), pos + k);
      }
      pos += t.chars.size();
    }
    ++pos;  // no phrase across punctuation
  }
}

void AddBodyTerms(Xapian::Document& d, absl::string_view text,
                  const IndexOptions& options, Xapian::termpos& pos) {
  ForEachTerm(text, options.body_unigrams, [&](const std::string& term) {
    if (options.body_positions) {
      d.add_posting(term, pos++);
    } else {
      d.add_term(term);
    }
  });
  pos += 8;
}

std::string Truncate(absl::string_view s, size_t max_chars) {
  size_t i = 0, n = 0;
  while (i < s.size() && n < max_chars) {
    internal::NextCodePoint(s, i);
    ++n;
  }
  return std::string(s.substr(0, i));
}

std::string EncodeData(const Document& doc, const IndexOptions& options) {
  std::string body = Truncate(doc.body, options.stored_body_chars);
  if (body.empty())
    body = Truncate(doc.attachment_text, options.stored_body_chars);
  std::string sep(1, kSep);
  return absl::StrJoin(
      {absl::StrCat(doc.id), doc.title, doc.url, doc.index_number,
       doc.doc_number, doc.published_on, doc.unit_name, doc.domain_name,
       doc.topic, doc.genre, doc.validity, doc.status,
       std::string(doc.is_public ? "1" : "0"), body, doc.category},
      sep);
}

struct StoredDoc {
  Hit hit;
  std::string body;
};

StoredDoc DecodeData(const std::string& data) {
  std::vector<std::string> f = absl::StrSplit(data, kSep);
  f.resize(15);
  StoredDoc s;
  Hit& h = s.hit;
  if (!absl::SimpleAtoi(f[0], &h.id)) h.id = 0;
  h.title_text = f[1];
  h.url = f[2];
  h.index_number = f[3];
  h.doc_number = f[4];
  h.published_on = f[5];
  h.unit_name = f[6];
  h.domain_name = f[7];
  h.topic = f[8];
  h.genre = f[9];
  h.validity = f[10];
  h.status = f[11];
  h.is_public = f[12] == "1";
  s.body = std::move(f[13]);
  h.category = std::move(f[14]);
  return s;
}

absl::StatusOr<std::string> ReadCurrent(const std::string& dir) {
  std::ifstream in(dir + "/CURRENT");
  if (!in) return absl::NotFoundError(dir + " 中没有 CURRENT 文件");
  std::string gen;
  std::getline(in, gen);
  if (gen.empty()) return absl::DataLossError(dir + "/CURRENT 为空");
  return gen;
}

absl::Status WriteCurrent(const std::string& dir, const std::string& gen) {
  std::string tmp = dir + "/CURRENT.tmp";
  FILE* f = std::fopen(tmp.c_str(), "w");
  if (!f) return absl::UnavailableError(absl::StrCat("无法写入 ", tmp));
  std::fprintf(f, "%s\n", gen.c_str());
  std::fflush(f);
  ::fsync(fileno(f));
  std::fclose(f);
  std::error_code ec;
  fs::rename(tmp, dir + "/CURRENT", ec);
  if (ec)
    return absl::UnavailableError(
        absl::StrCat("无法切换索引 ", dir, "：", ec.message()));
  return absl::OkStatus();
}

std::string NewGenerationName() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return absl::StrCat(
      "g", std::chrono::duration_cast<std::chrono::microseconds>(now).count());
}

int CountShards(const std::string& gen_dir) {
  int n = 0;
  while (fs::exists(absl::StrCat(gen_dir, "/pub-", n))) ++n;
  return n;
}

std::string ShardPath(const std::string& gen_dir, int shard) {
  return absl::StrCat(gen_dir, "/pub-", shard);
}
std::string StaffPath(const std::string& gen_dir) { return gen_dir + "/staff"; }
std::string LivePath(const std::string& gen_dir) { return gen_dir + "/live"; }

// Tombstones, in the live database's metadata: "tomb:<record id>" →
// "<shard>:<document id>" of the base document a later change superseded.
constexpr char kTombPrefix[] = "tomb:";
constexpr char kTombVersion[] = "tomb-version";

struct Tombstone {
  int64_t record_id = 0;
  int shard = 0;
  Xapian::docid did = 0;
};

// Every tombstone in `live` (malformed entries are skipped).
std::vector<Tombstone> Tombstones(const Xapian::Database& live) {
  std::vector<Tombstone> out;
  for (auto it = live.metadata_keys_begin(kTombPrefix);
       it != live.metadata_keys_end(kTombPrefix); ++it) {
    Tombstone t;
    std::pair<std::string, std::string> where =
        absl::StrSplit(live.get_metadata(*it), ':');
    if (absl::SimpleAtoi((*it).substr(std::strlen(kTombPrefix)),
                         &t.record_id) &&
        absl::SimpleAtoi(where.first, &t.shard) &&
        absl::SimpleAtoi(where.second, &t.did))
      out.push_back(t);
  }
  return out;
}

// Hides superseded base documents from a match.
class TombstoneDecider : public Xapian::MatchDecider {
 public:
  explicit TombstoneDecider(const std::unordered_set<Xapian::docid>& dead)
      : dead_(dead) {}
  bool operator()(const Xapian::Document& doc) const override {
    return !dead_.contains(doc.get_docid());
  }

 private:
  const std::unordered_set<Xapian::docid>& dead_;
};

Xapian::Query TermsQuery(Xapian::Query::op op,
                         const std::vector<std::string>& terms,
                         absl::string_view prefix) {
  std::vector<Xapian::Query> qs;
  for (const std::string& t : terms) qs.emplace_back(absl::StrCat(prefix, t));
  if (qs.size() == 1) return qs[0];
  if (op == Xapian::Query::OP_PHRASE)
    return Xapian::Query(op, qs.begin(), qs.end(), qs.size());
  return Xapian::Query(op, qs.begin(), qs.end());
}

// A text query as tiers of relevance, each disjoint from the ones before:
// the exact 文号 / 索引号; every word in the title (or keywords); every word
// anywhere. Within a tier the newest record comes first (document ids are in
// date order), so a tier stops being read once the page is full: a common
// word costs the page, not its hundreds of thousands of matches.
struct TextTiers {
  std::vector<Xapian::Query> tiers;
  Xapian::Query all;  // the union: every match, for counts, facets and dates
};

TextTiers MakeTextTiers(absl::string_view text, bool title_positions) {
  std::vector<WordTerms> words = QueryWords(text);
  bool has_long =
      std::any_of(words.begin(), words.end(),
                  [](const WordTerms& w) { return !w.single_char; });
  std::vector<Xapian::Query> in_title, anywhere;
  for (const WordTerms& w : words) {
    // A stray character beside real words (the 号 of "3号") would widen to
    // dozens of terms for nothing: the other words carry the query.
    if (w.single_char && has_long) continue;
    Xapian::Query body =
        w.single_char
            ? Xapian::Query(Xapian::Query::OP_WILDCARD, w.terms[0],
                            kSingleCharExpansion,
                            Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT)
            : TermsQuery(Xapian::Query::OP_AND, w.terms, "");
    Xapian::Query title =
        w.single_char && !title_positions
            ? Xapian::Query(Xapian::Query::OP_WILDCARD, "S" + w.terms[0],
                            kSingleCharExpansion,
                            Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT)
            : TermsQuery(title_positions ? Xapian::Query::OP_PHRASE
                                         : Xapian::Query::OP_AND,
                         w.terms, "S");
    in_title.push_back(title);
    anywhere.emplace_back(Xapian::Query::OP_OR, body, title);
  }
  auto all_of = [](const std::vector<Xapian::Query>& qs) {
    return qs.empty()
               ? Xapian::Query()
               : Xapian::Query(Xapian::Query::OP_AND, qs.begin(), qs.end());
  };
  Xapian::Query title = all_of(in_title), words_anywhere = all_of(anywhere);
  // Letters typed as pinyin (shehuijiuzhu, she hui jiu zhu, shjz): titles
  // and keywords whose pinyin matches, after the literal matches.
  Xapian::Query pinyin;
  {
    std::vector<Xapian::Query> alternatives;
    for (const std::vector<std::string>& terms : PinyinQueryTerms(text))
      alternatives.push_back(TermsQuery(Xapian::Query::OP_AND, terms, ""));
    if (!alternatives.empty())
      pinyin = Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(),
                             alternatives.end());
  }

  Xapian::Query exact;
  if (std::string id = NormalizeIdentifier(text); !id.empty())
    exact = Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("XW" + id),
                          Xapian::Query("XI" + id));
  TextTiers out;
  // Every title match is a match anywhere too.
  for (const Xapian::Query& q : {exact, words_anywhere, pinyin}) {
    if (q.empty()) continue;
    out.all =
        out.all.empty() ? q : Xapian::Query(Xapian::Query::OP_OR, out.all, q);
  }
  Xapian::Query before;  // the union of the tiers so far
  for (const Xapian::Query& tier : {exact, title, words_anywhere, pinyin}) {
    if (tier.empty()) continue;
    out.tiers.push_back(
        before.empty()
            ? tier
            : Xapian::Query(Xapian::Query::OP_AND_NOT, tier, before));
    before = before.empty() ? tier
                            : Xapian::Query(Xapian::Query::OP_OR, before, tier);
  }
  return out;
}

Xapian::Query FilterQuery(const Query& q) {
  std::vector<Xapian::Query> filters;
  if (q.domain_id) filters.emplace_back(absl::StrCat("XD", *q.domain_id));
  if (q.unit_id) filters.emplace_back(absl::StrCat("XU", *q.unit_id));
  if (q.year) filters.emplace_back(absl::StrCat("XY", *q.year));
  if (!q.topic.empty()) filters.emplace_back("XT" + q.topic);
  if (!q.genre.empty()) filters.emplace_back("XG" + q.genre);
  if (!q.validity.empty()) filters.emplace_back("XV" + q.validity);
  if (!q.category.empty()) filters.emplace_back("XC" + q.category);
  if (q.scope == Scope::kStaff && !q.all_units) {
    std::vector<Xapian::Query> units;
    for (int64_t u : q.unit_ids) units.emplace_back(absl::StrCat("XU", u));
    // Search() answers an empty unit list without asking Xapian (an empty
    // Query would be ignored here, not match nothing).
    filters.emplace_back(Xapian::Query::OP_OR, units.begin(), units.end());
  }
  if (filters.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
}

// Facet value → documents seen, summed over the databases searched. Looked
// up by the bytes of the packed value, so a counted document allocates
// nothing (a std::map<std::string> took a string and ~6 comparisons per
// field).
struct ValueHash {
  using is_transparent = void;
  size_t operator()(absl::string_view v) const {
    return std::hash<std::string_view>{}(std::string_view(v.data(), v.size()));
  }
};
struct ValueEq {
  using is_transparent = void;
  bool operator()(absl::string_view a, absl::string_view b) const {
    return a == b;
  }
};
using FacetCounts =
    std::unordered_map<std::string, int64_t, ValueHash, ValueEq>;

void AddCount(FacetCounts& counts, absl::string_view value, int64_t n) {
  auto it = counts.find(value);
  if (it == counts.end()) {
    counts.emplace(std::string(value), n);
  } else {
    it->second += n;
  }
}

constexpr size_t kFacetCount = std::size(kFacets);

// The facet fields of every document of a base shard as small codes, in
// memory: a counted document is a lookup instead of a value-stream read
// (those reads were 29% of a faceted search at 1M records, perf,
// 2026-12-04). A base shard never changes after the build, so its table is
// read once per generation (about 18 bytes a document) and shared by every
// reader of it.
struct FacetTable {
  static constexpr uint16_t kNone = 0xFFFF;
  std::vector<Xapian::docid> dids;  // ascending
  std::vector<uint16_t> codes;      // kFacetCount per document
  std::vector<std::vector<std::string>> values{kFacetCount};  // code → value
};

// Null when a facet has more distinct values than a code can hold.
std::shared_ptr<const FacetTable> LoadFacetTable(const Xapian::Database& db) {
  auto t = std::make_shared<FacetTable>();
  std::vector<std::unordered_map<std::string, uint16_t, ValueHash, ValueEq>>
      codes(kFacetCount);
  t->dids.reserve(db.get_doccount());
  t->codes.reserve(size_t{db.get_doccount()} * kFacetCount);
  for (auto it = db.valuestream_begin(kSlotFacets);
       it != db.valuestream_end(kSlotFacets); ++it) {
    const std::string packed = *it;
    absl::string_view rest = packed;
    t->dids.push_back(it.get_docid());
    for (size_t k = 0; k < kFacetCount; ++k) {
      size_t end = rest.find(kFacetSep);
      absl::string_view v = rest.substr(0, end);
      rest = end == absl::string_view::npos ? absl::string_view()
                                            : rest.substr(end + 1);
      uint16_t code = FacetTable::kNone;
      if (!v.empty()) {
        auto found = codes[k].find(v);
        if (found != codes[k].end()) {
          code = found->second;
        } else {
          if (t->values[k].size() >= FacetTable::kNone) return nullptr;
          code = static_cast<uint16_t>(t->values[k].size());
          codes[k].emplace(std::string(v), code);
          t->values[k].emplace_back(v);
        }
      }
      t->codes.push_back(code);
    }
  }
  return t;
}

// The table of the base shard at `path`, shared by every reader (and every
// Index) of that generation; a generation's directory name is never reused.
std::shared_ptr<const FacetTable> SharedFacetTable(const std::string& path,
                                                   const Xapian::Database& db) {
  static std::mutex mu;
  static auto* tables =
      new std::map<std::string, std::weak_ptr<const FacetTable>>();
  std::lock_guard lock(mu);
  if (auto t = (*tables)[path].lock()) return t;
  std::erase_if(*tables, [](const auto& e) { return e.second.expired(); });
  std::shared_ptr<const FacetTable> t = LoadFacetTable(db);
  if (t) (*tables)[path] = t;
  return t;
}

std::vector<FacetValue> FacetValues(const FacetCounts& counts,
                                    absl::string_view name, double scale) {
  std::vector<FacetValue> out;
  for (const auto& [v, n] : counts) {
    if (v.empty()) continue;
    FacetValue f;
    auto sep = v.find(kSep);
    if (sep != std::string::npos) {
      f.value = v.substr(0, sep);
      f.label = v.substr(sep + 1);
    } else {
      f.value = f.label = v;
    }
    f.count = static_cast<int64_t>(n * scale + 0.5);
    out.push_back(std::move(f));
  }
  // Years newest first; the rest by count, then label.
  if (name == "year") {
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.value > b.value; });
  } else {
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.count != b.count ? a.count > b.count : a.label < b.label;
    });
  }
  return out;
}

}  // namespace

Xapian::Document MakeXapianDocument(const Document& doc,
                                    const IndexOptions& options) {
  Xapian::Document d;
  d.add_boolean_term(IdTerm(doc.id));
  uint64_t h = BucketHash(doc.id);
  d.add_boolean_term(BucketTerm(h % kBuckets));
  if (h % kBuckets == 0)
    d.add_boolean_term(FineBucketTerm(h / kBuckets % kBuckets));
  d.add_boolean_term(kAllTerm);
  Xapian::termpos pos = 1;
  AddTitleTerms(d, doc.title, pos, options.title_positions);
  if (options.pinyin)
    for (const std::string& t : PinyinTermsOf(doc.title)) d.add_term(t);
  for (const std::string& k : doc.keywords) {
    pos += 8;
    AddTitleTerms(d, k, pos, options.title_positions);
    if (options.pinyin)
      for (const std::string& t : PinyinTermsOf(k)) d.add_term(t);
  }
  Xapian::termpos body_pos = 1;
  AddBodyTerms(d, doc.body, options, body_pos);
  AddBodyTerms(d, doc.doc_number, options, body_pos);
  AddBodyTerms(d, doc.index_number, options, body_pos);
  AddBodyTerms(d, doc.attachment_text, options, body_pos);
  // Identifier terms carry weight (wdf 1): rare, so BM25 ranks them high.
  if (std::string w = NormalizeIdentifier(doc.doc_number); !w.empty())
    d.add_term("XW" + w.substr(0, 200));
  if (std::string i = NormalizeIdentifier(doc.index_number); !i.empty())
    d.add_term("XI" + i.substr(0, 200));
  if (doc.domain_id) d.add_boolean_term(absl::StrCat("XD", *doc.domain_id));
  d.add_boolean_term(absl::StrCat("XU", doc.unit_id));
  if (doc.year) d.add_boolean_term(absl::StrCat("XY", doc.year));
  if (!doc.topic.empty()) d.add_boolean_term("XT" + doc.topic.substr(0, 200));
  if (!doc.genre.empty()) d.add_boolean_term("XG" + doc.genre.substr(0, 200));
  if (!doc.validity.empty()) d.add_boolean_term("XV" + doc.validity);
  if (!doc.category.empty()) d.add_boolean_term("XC" + doc.category);
  d.add_value(kSlotFacets,
              absl::StrJoin({IdName(doc.domain_id, doc.domain_name),
                             IdName(doc.unit_id, doc.unit_name),
                             doc.year ? absl::StrCat(doc.year) : std::string(),
                             doc.topic, doc.genre, doc.validity, doc.category},
                            std::string(1, kFacetSep)));
  d.set_data(EncodeData(doc, options));
  return d;
}

// --- Index ---

struct Index::Reader {
  bool staff = false;
  int64_t version = -1;
  std::string generation;
  // Searched one by one and merged by document id: a boolean match stops
  // early only on a single database. The base shards first, then live,
  // then (staff readers) staff.
  std::vector<Xapian::Database> dbs;
  int bases = 0;
  std::vector<std::string> base_paths;
  // Per database: the in-memory facet table (base shards), loaded by the
  // first faceted search; null for live and staff.
  std::vector<std::shared_ptr<const FacetTable>> tables;
  const std::vector<std::shared_ptr<const FacetTable>>& FacetTables() {
    if (tables.empty()) {
      tables.resize(dbs.size());
      for (int d = 0; d < bases; ++d)
        tables[d] = SharedFacetTable(base_paths[d], dbs[d]);
    }
    return tables;
  }
  // Per base shard: the superseded documents, and the live tomb-version
  // they were read at.
  std::vector<std::unordered_set<Xapian::docid>> dead;
  std::string tomb_version = "-";

  Xapian::Database& live() { return dbs[bases]; }
  void LoadTombstones() {
    std::string version = live().get_metadata(kTombVersion);
    if (version == tomb_version) return;
    dead.assign(bases, {});
    for (const Tombstone& t : Tombstones(live()))
      if (t.shard >= 0 && t.shard < bases) dead[t.shard].insert(t.did);
    tomb_version = version;
  }
  // Per database: what hides its superseded documents (none for most).
  std::vector<std::unique_ptr<TombstoneDecider>> Deciders() const {
    std::vector<std::unique_ptr<TombstoneDecider>> out(dbs.size());
    for (int d = 0; d < bases; ++d)
      if (!dead[d].empty())
        out[d] = std::make_unique<TombstoneDecider>(dead[d]);
    return out;
  }
};

Index::Index(std::string dir, IndexOptions options)
    : dir_(std::move(dir)), options_(options) {}

Index::~Index() = default;

absl::StatusOr<std::unique_ptr<Index>> Index::Open(std::string dir,
                                                   IndexOptions options) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return absl::UnavailableError(
        absl::StrCat("无法创建索引目录 ", dir, "：", ec.message()));
  if (!ReadCurrent(dir).ok()) {
    // A fresh, empty generation.
    ZWGK_ASSIGN_OR_RETURN(
        std::unique_ptr<Builder> b,
        Builder::Create(dir, {.shards = options.shards, .index = options}));
    ZWGK_RETURN_IF_ERROR(b->Finish());
    ZWGK_RETURN_IF_ERROR(b->Switch());
  }
  std::unique_ptr<Index> index(new Index(std::move(dir), options));
  ZWGK_RETURN_IF_ERROR(index->Refresh());
  return index;
}

std::string Index::generation_dir() const {
  return absl::StrCat(dir_, "/", generation_);
}

absl::Status Index::Refresh() {
  ZWGK_ASSIGN_OR_RETURN(std::string gen, ReadCurrent(dir_));
  std::lock_guard lock(mu_);
  if (gen == generation_) return absl::OkStatus();
  int shards = CountShards(absl::StrCat(dir_, "/", gen));
  if (shards == 0)
    return absl::DataLossError(
        absl::StrCat("索引 ", dir_, "/", gen, " 缺少分片"));
  generation_ = gen;
  shards_ = shards;
  std::ifstream format(absl::StrCat(dir_, "/", gen, "/FORMAT"));
  std::string line;
  std::getline(format, line);
  outdated_ = line != kFormat;
  readers_.clear();
  ++version_;
  return absl::OkStatus();
}

std::unique_ptr<Index::Reader> Index::TakeReader(bool staff) {
  {
    std::lock_guard lock(mu_);
    for (auto it = readers_.begin(); it != readers_.end(); ++it) {
      if ((*it)->staff == staff && (*it)->generation == generation_) {
        std::unique_ptr<Reader> r = std::move(*it);
        readers_.erase(it);
        return r;
      }
    }
  }
  auto r = std::make_unique<Reader>();
  r->staff = staff;
  std::lock_guard lock(mu_);
  r->generation = generation_;
  std::string gen_dir = generation_dir();
  for (int s = 0; s < shards_; ++s) {
    r->base_paths.push_back(ShardPath(gen_dir, s));
    r->dbs.emplace_back(r->base_paths.back());
  }
  r->bases = shards_;
  r->dbs.emplace_back(LivePath(gen_dir));
  if (staff) r->dbs.emplace_back(StaffPath(gen_dir));
  r->version = version_;
  return r;
}

void Index::ReturnReader(std::unique_ptr<Reader> r) {
  std::lock_guard lock(mu_);
  if (r->generation == generation_ && readers_.size() < 8)
    readers_.push_back(std::move(r));
}

namespace {

// One document of a page: its database and place in that MSet.
struct Pick {
  size_t db;
  Xapian::docid did;
  Xapian::MSetIterator it;
};

Xapian::Enquire BooleanEnquire(const Xapian::Database& db,
                               const Xapian::Query& query, bool oldest) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(oldest ? Xapian::Enquire::DESCENDING
                                 : Xapian::Enquire::ASCENDING);
  return enquire;
}

Xapian::Query Filtered(const Xapian::Query& q, const Xapian::Query& filter) {
  if (filter.empty()) return q;
  return Xapian::Query(Xapian::Query::OP_FILTER, q, filter);
}

// Facet value counts of the documents a match visited.
struct FacetTally {
  std::vector<FacetCounts> counts =
      std::vector<FacetCounts>(std::size(kFacets));
  int64_t seen = 0;

  // One document's packed facet value (kFacets' order, kFacetSep between).
  void Add(absl::string_view packed) {
    ++seen;
    for (size_t k = 0; k < std::size(kFacets); ++k) {
      size_t end = packed.find(kFacetSep);
      absl::string_view v = packed.substr(0, end);
      if (!v.empty()) AddCount(counts[k], v, 1);
      if (end == absl::string_view::npos) break;
      packed.remove_prefix(end + 1);
    }
  }
  void Merge(const FacetTally& other) {
    seen += other.seen;
    for (size_t k = 0; k < counts.size(); ++k)
      for (const auto& [v, n] : other.counts[k]) AddCount(counts[k], v, n);
  }
};

// Counts the facets of the documents a match visits: from the in-memory
// table of a base shard when there is one, else from the document's value.
class FacetSpy : public Xapian::MatchSpy {
 public:
  FacetSpy(FacetTally& tally, const FacetTable* table)
      : tally_(tally), table_(table) {
    if (table_)
      for (size_t k = 0; k < kFacetCount; ++k)
        codes_[k].assign(table_->values[k].size(), 0);
  }
  ~FacetSpy() override {
    if (!table_) return;
    for (size_t k = 0; k < kFacetCount; ++k)
      for (size_t c = 0; c < codes_[k].size(); ++c)
        if (codes_[k][c] > 0)
          AddCount(tally_.counts[k], table_->values[k][c], codes_[k][c]);
  }
  void operator()(const Xapian::Document& doc, double) override {
    if (table_) {
      // Matches come in ascending id order: search on from the last one.
      Xapian::docid did = doc.get_docid();
      const std::vector<Xapian::docid>& dids = table_->dids;
      size_t from = pos_ < dids.size() && dids[pos_] <= did ? pos_ : 0;
      size_t at =
          std::lower_bound(dids.begin() + from, dids.end(), did) - dids.begin();
      if (at < dids.size() && dids[at] == did) {
        pos_ = at;
        ++tally_.seen;
        const uint16_t* c = &table_->codes[at * kFacetCount];
        for (size_t k = 0; k < kFacetCount; ++k)
          if (c[k] != FacetTable::kNone) ++codes_[k][c[k]];
        return;
      }
    }
    tally_.Add(doc.get_value(kSlotFacets));
  }

 private:
  FacetTally& tally_;
  const FacetTable* table_;
  size_t pos_ = 0;
  std::array<std::vector<int64_t>, kFacetCount> codes_;
};

// Facet counts over every match, or over a hash-bucket sample of them.
struct FacetPass {
  FacetTally tally;
  double scale = 1.0;  // 1: every match was counted
};

constexpr int64_t kAllParts = kBuckets * kBuckets;  // the index in 1/4096ths

// A count of parts that is a whole range of buckets: below 64 fine
// buckets, above whole coarse ones.
int64_t RoundParts(int64_t parts) {
  if (parts <= kBuckets) return std::max<int64_t>(parts, 1);
  return std::min(kAllParts, (parts + kBuckets - 1) / kBuckets * kBuckets);
}

// The documents of parts [from, to) of the index: part p < 64 is the fine
// bucket XF<p> (all inside coarse bucket 0), coarse bucket c ≥ 1 is parts
// [64c, 64c + 64). Both bounds come from RoundParts (or are 0).
Xapian::Query PartsQuery(int64_t from, int64_t to) {
  std::vector<Xapian::Query> terms;
  int64_t p = from;
  if (p == 0 && to >= kBuckets) {
    terms.emplace_back(BucketTerm(0));
    p = kBuckets;
  }
  for (; p < std::min<int64_t>(to, kBuckets); ++p)
    terms.emplace_back(FineBucketTerm(p));
  for (p = std::max<int64_t>(p, kBuckets); p < to; p += kBuckets)
    terms.emplace_back(BucketTerm(static_cast<int>(p / kBuckets)));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// `all` within parts [from, to): the rest of the index is `all` without
// the parts before (one OR of a few terms instead of up to 63).
Xapian::Query InParts(const Xapian::Query& all, int64_t from, int64_t to) {
  if (from == 0 && to == kAllParts) return all;
  if (to == kAllParts)
    return Xapian::Query(Xapian::Query::OP_AND_NOT, all, PartsQuery(0, from));
  return Xapian::Query(Xapian::Query::OP_FILTER, all, PartsQuery(from, to));
}

// What a facet pass reads: per database, its tombstones and facet table.
struct FacetSources {
  const std::vector<Xapian::Database>& dbs;
  const std::vector<std::unique_ptr<TombstoneDecider>>& deciders;
  const std::vector<std::shared_ptr<const FacetTable>>& tables;
};

using FacetClock = std::chrono::steady_clock;

double MsSince(FacetClock::time_point t) {
  return std::chrono::duration<double, std::milli>(FacetClock::now() - t)
      .count();
}

// Counts facets of the matches of `query` into `tally`, stopping at
// `limit` documents seen; false when it stopped: the tally is then of the
// matches with the lowest ids, the newest, which is not a fair sample.
// (No Enquire::set_time_limit: with it the benchmark crashed in a later
// get_mset about one run in five on Xapian 1.4.22, most likely its timer
// firing after the match had ended, into a stack frame that was gone.)
bool CountMatches(const FacetSources& dbs, const Xapian::Query& query,
                  int64_t limit, FacetTally& tally) {
  for (size_t d = 0; d < dbs.dbs.size(); ++d) {
    if (tally.seen >= limit) return false;
    FacetSpy spy(tally, dbs.tables[d].get());
    Xapian::Enquire enquire = BooleanEnquire(dbs.dbs[d], query, false);
    enquire.add_matchspy(&spy);
    Xapian::doccount left = static_cast<Xapian::doccount>(
        std::min<int64_t>(limit - tally.seen, dbs.dbs[d].get_doccount()));
    enquire.get_mset(0, 0, left, nullptr, dbs.deciders[d].get());
  }
  return tally.seen < limit;
}

// Counts facets exactly when there are fewer than `sample` matches (or the
// passes below reach every part of the index in time), otherwise on a
// sample of them: whole hash buckets of
// the record id (XS, XF), so it is not biased to any date or unit, scaled
// up. `estimate` is Xapian's guess of the matches, which for an AND of
// correlated words can be 100 times too low, so the sample grows in passes
// over disjoint parts of the index from a small first one, each sized by
// the rate of matches and the time per part of the passes before it: no
// document is counted twice, and a pass that finds far more than expected
// is dropped and retried smaller.
//
// Time: a pass over 1/64 of the index costs up to 8 ms for an AND of
// three or four common words (1M records, 2026-12-04), because Xapian then
// reads the bucket's documents one by one and seeks each word's postings.
// So `budget_ms` after `start` (the search's start: the page's match
// counts against it) the sample stops growing once it holds
// kMinFacetSample matches (±6 points for a value with 10% of them, two
// standard errors; ±2 with 1,000), and after twice that whatever it holds:
// the counts are estimates, and marked so, either way.
constexpr int64_t kMinFacetSample = 100;

FacetPass CountFacets(const FacetSources& dbs, const Xapian::Query& all,
                      int64_t estimate, int sample, double budget_ms,
                      FacetClock::time_point start) {
  FacetPass pass;
  // Up to `sample` matches by Xapian's guess: all of them, stopping at
  // `sample` seen (a guess far too low then costs at most that many).
  if (estimate <= sample && CountMatches(dbs, all, int64_t{sample}, pass.tally))
    return pass;  // every match, exactly
  pass.tally = {};
  // The first pass: a quarter of the sample by Xapian's guess, and at most
  // 1/512 of the index (the guess can be far too low).
  int64_t taken = 0;
  int64_t next = RoundParts(std::min<int64_t>(
      8, kAllParts * sample / (4 * std::max<int64_t>(estimate, 1))));
  const int64_t pass_limit = 2 * int64_t{sample};
  double pass_ms = 0;  // time in whole passes
  for (int passes = 0; passes < 16 && taken < kAllParts; ++passes) {
    FacetClock::time_point pass_start = FacetClock::now();
    FacetTally part;
    bool whole = CountMatches(dbs, InParts(all, taken, next), pass_limit, part);
    if (!whole) {
      // Far more matches than the rate promised: the same start, 1/8 of
      // the parts. (One bucket that cannot be split is kept as seen: more
      // than 2 × `sample` matches in 1/4096 of the index, 16M records.)
      int64_t smaller =
          RoundParts(taken + std::max<int64_t>((next - taken) / 8, 1));
      if (smaller < next) {
        next = smaller;
        continue;
      }
    }
    pass_ms += MsSince(pass_start);
    pass.tally.Merge(part);
    taken = next;
    int64_t seen = pass.tally.seen;
    if (seen >= sample || taken >= kAllParts) break;
    double spent = MsSince(start);
    if (budget_ms > 0 && seen >= kMinFacetSample && spent >= budget_ms) break;
    // Matches per part, on the high side (two standard deviations), so
    // the next pass rather falls short than overshoots.
    double rate = (seen + 2 * std::sqrt(seen + 1.0) + 1) / taken;
    int64_t want = static_cast<int64_t>((sample - seen) / rate) + 1;
    want = std::clamp<int64_t>(want, 1, 4 * taken);
    next = RoundParts(taken + want);
    if (budget_ms > 0) {
      // What the rest of the budget affords at the time per part so far;
      // below kMinFacetSample matches, up to twice the budget. A pass that
      // would run past that (one coarse bucket is 64 parts) is not begun.
      double per_part = std::max(pass_ms / taken, 1e-6);
      auto parts_in = [&](double ms) {
        return static_cast<int64_t>((ms - spent) / per_part);
      };
      int64_t minimum = static_cast<int64_t>(
          std::max<double>(kMinFacetSample - seen, 0) / rate);
      int64_t afford = std::max(parts_in(budget_ms),
                                std::min(minimum, parts_in(2 * budget_ms)));
      if (afford < 1) break;
      next = RoundParts(taken + std::min(want, afford));
      if (next - taken > 2 * afford) break;
    }
    if (next <= taken) next = std::min(kAllParts, taken + kBuckets);
  }
  pass.scale = static_cast<double>(kAllParts) / std::max<int64_t>(taken, 1);
  return pass;
}

}  // namespace

absl::StatusOr<Result> Index::Search(const Query& q) {
  ZWGK_RETURN_IF_ERROR(Refresh());
  bool staff = q.scope == Scope::kStaff;
  if (staff && !q.all_units && q.unit_ids.empty()) return Result{};
  for (int attempt = 0;; ++attempt) {
    try {
      std::unique_ptr<Reader> reader = TakeReader(staff);
      // Cheap when nothing changed; picks up commits by this and other
      // processes (the CLI, a second server).
      for (Xapian::Database& db : reader->dbs) db.reopen();
      reader->LoadTombstones();
      Result result = SearchReader(*reader, q);
      reader->version = version_;
      ReturnReader(std::move(reader));
      return result;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= 2) return absl::UnavailableError("索引正在更新，请重试");
    } catch (const Xapian::DatabaseOpeningError& e) {
      // The generation may have been switched under us.
      if (attempt >= 2) return XapianError(e, "打开索引失败");
      ZWGK_RETURN_IF_ERROR(Refresh());
    } catch (const Xapian::Error& e) {
      return XapianError(e, "检索失败");
    }
  }
}

Result Index::SearchReader(Reader& reader, const Query& q) {
  FacetClock::time_point start = FacetClock::now();
  TextTiers text = MakeTextTiers(q.text, options_.title_positions);
  Xapian::Query filter = FilterQuery(q);
  Xapian::Query all = text.all.empty()
                          ? (filter.empty() ? Xapian::Query(kAllTerm) : filter)
                          : Filtered(text.all, filter);
  // Sorted by date, the tiers merge into one.
  std::vector<Xapian::Query> tiers;
  if (q.sort == Sort::kRelevance && !text.tiers.empty()) {
    for (const Xapian::Query& t : text.tiers)
      tiers.push_back(Filtered(t, filter));
  } else {
    tiers.push_back(all);
  }
  bool oldest = q.sort == Sort::kOldest;
  int per_page = std::clamp(q.per_page, 1, 100);
  int page = std::max(q.page, 1);
  Xapian::doccount want = static_cast<Xapian::doccount>(page) * per_page;

  // Each tier in turn, each database asked for what the page still needs;
  // a tier's matches are counted exactly when no database filled its ask.
  Result result;
  std::vector<std::unique_ptr<TombstoneDecider>> deciders = reader.Deciders();
  std::vector<Xapian::MSet> msets;
  std::vector<Pick> picks;
  for (size_t t = 0; t < tiers.size(); ++t) {
    Xapian::doccount need =
        want - std::min<Xapian::doccount>(want, picks.size());
    std::vector<Pick> tier_picks;
    for (size_t d = 0; d < reader.dbs.size(); ++d) {
      Xapian::Enquire enquire = BooleanEnquire(reader.dbs[d], tiers[t], oldest);
      msets.push_back(
          enquire.get_mset(0, need, need, nullptr, deciders[d].get()));
      const Xapian::MSet& m = msets.back();
      if (need > 0 && m.size() < need) {
        result.total += m.size();
      } else {
        result.total += m.get_matches_estimated();
        result.total_exact = false;
      }
      for (auto it = m.begin(); it != m.end(); ++it)
        tier_picks.push_back({d, *it, it});
    }
    std::sort(tier_picks.begin(), tier_picks.end(),
              [oldest](const Pick& a, const Pick& b) {
                if (a.did != b.did)
                  return oldest ? a.did > b.did : a.did < b.did;
                return a.db < b.db;
              });
    if (tier_picks.size() > need) tier_picks.resize(need);
    picks.insert(picks.end(), tier_picks.begin(), tier_picks.end());
  }

  std::vector<std::string> words = HighlightWords(q.text);
  Xapian::doccount first = want - per_page;
  for (size_t i = first; i < picks.size(); ++i) {
    StoredDoc s = DecodeData(picks[i].it.get_document().get_data());
    s.hit.title = Snippet(s.hit.title_text, words, 500);
    s.hit.snippet = Snippet(s.body, words, 120);
    result.hits.push_back(std::move(s.hit));
  }

  if (q.facets) {
    FacetPass pass =
        CountFacets({reader.dbs, deciders, reader.FacetTables()}, all,
                    std::max<int64_t>(result.total, 1), options_.facet_sample,
                    options_.facet_budget_ms, start);
    if (pass.scale == 1.0) {
      // Every match was seen: the exact total.
      result.total = pass.tally.seen;
      result.total_exact = true;
    } else {
      result.facets_exact = false;
      if (!result.total_exact)
        result.total = static_cast<int64_t>(pass.tally.seen * pass.scale + 0.5);
    }
    for (size_t k = 0; k < std::size(kFacets); ++k)
      result.facets[kFacets[k]] =
          FacetValues(pass.tally.counts[k], kFacets[k], pass.scale);
  }
  return result;
}

// --- Dictionary: typo corrections and suggestions ---

struct Index::Dictionary {
  struct Entry {
    std::string word, pinyin, initials;
    size_t chars = 0;
    int64_t count = 0;
  };
  std::vector<Entry> entries;                    // by word
  std::vector<uint32_t> by_pinyin, by_initials;  // entry indices, sorted
  bool Contains(const std::string& w) const {
    auto it = std::lower_bound(
        entries.begin(), entries.end(), w,
        [](const Entry& e, const std::string& v) { return e.word < v; });
    return it != entries.end() && it->word == w;
  }
};

absl::StatusOr<std::shared_ptr<const Index::Dictionary>>
Index::LoadDictionary() {
  ZWGK_RETURN_IF_ERROR(Refresh());
  std::string gen_dir;
  {
    std::lock_guard lock(mu_);
    gen_dir = generation_dir();
  }
  try {
    Xapian::Database live(LivePath(gen_dir));
    std::string key = gen_dir + "\n" + live.get_metadata(kDictVersion);
    {
      std::lock_guard lock(mu_);
      if (dict_ && dict_key_ == key) return dict_;
    }
    std::map<std::string, int64_t> counts;
    for (auto it = live.metadata_keys_begin(kDictPrefix);
         it != live.metadata_keys_end(kDictPrefix); ++it) {
      const std::string& k = *it;
      int64_t n = 0;
      if (!absl::SimpleAtoi(live.get_metadata(k), &n)) continue;
      if (absl::StartsWith(k, kDictKeyword)) {
        counts[k.substr(std::strlen(kDictKeyword))] += n;
      } else if (absl::StartsWith(k, kDictTitle) && n >= kMinTitleWordCount) {
        counts[k.substr(std::strlen(kDictTitle))] += n;
      }
    }
    auto dict = std::make_shared<Dictionary>();
    dict->entries.reserve(counts.size());
    for (auto& [w, n] : counts) {
      Dictionary::Entry e;
      e.pinyin = PinyinOf(w, &e.initials);
      e.chars = e.initials.size();
      e.word = w;
      e.count = n;
      dict->entries.push_back(std::move(e));
    }
    const auto& entries = dict->entries;
    for (uint32_t i = 0; i < entries.size(); ++i) dict->by_pinyin.push_back(i);
    dict->by_initials = dict->by_pinyin;
    std::sort(dict->by_pinyin.begin(), dict->by_pinyin.end(),
              [&](uint32_t a, uint32_t b) {
                return entries[a].pinyin < entries[b].pinyin;
              });
    std::sort(dict->by_initials.begin(), dict->by_initials.end(),
              [&](uint32_t a, uint32_t b) {
                return entries[a].initials < entries[b].initials;
              });
    std::lock_guard lock(mu_);
    dict_ = dict;
    dict_key_ = key;
    return dict_;
  } catch (const Xapian::Error& e) {
    return XapianError(e, "读取检索词典失败");
  }
}

absl::StatusOr<std::vector<std::string>> Index::Corrections(
    absl::string_view text, int max) {
  ZWGK_ASSIGN_OR_RETURN(std::shared_ptr<const Dictionary> dict,
                        LoadDictionary());
  struct Candidate {
    const Dictionary::Entry* entry;
    int distance;
  };
  // Per CJK run of the query not itself a known word: the longest
  // stretch of it (the whole run, else windows of 4, 3, 2 characters)
  // that has close words, and those words, best first.
  struct Fix {
    std::string from;
    std::vector<Candidate> to;
  };
  std::vector<Fix> fixes;
  for (const Token& t : Tokenize(text)) {
    if (t.kind != Token::Kind::kCjk || t.chars.size() < 2 ||
        t.chars.size() > kMaxDictWordChars || dict->Contains(t.text))
      continue;
    for (size_t n = t.chars.size(); n >= 2; --n) {
      if (n < t.chars.size() && n > 4) continue;
      Fix best;
      for (size_t k = 0; k + n <= t.chars.size(); ++k) {
        std::string window;
        for (size_t j = k; j < k + n; ++j) window += t.chars[j];
        if (n < t.chars.size() && dict->Contains(window)) continue;
        std::string py = PinyinOf(window);
        Fix fix{window, {}};
        for (const Dictionary::Entry& e : dict->entries) {
          if (e.chars != n || e.word == window) continue;
          int d = EditDistanceAtMostOne(e.pinyin, py);
          if (d <= 1) fix.to.push_back({&e, d});
        }
        if (!fix.to.empty() &&
            (best.to.empty() || fix.to.size() > best.to.size()))
          best = std::move(fix);
      }
      if (best.to.empty()) continue;
      std::sort(best.to.begin(), best.to.end(),
                [](const Candidate& a, const Candidate& b) {
                  if (a.distance != b.distance) return a.distance < b.distance;
                  return a.entry->count > b.entry->count;
                });
      fixes.push_back(std::move(best));
      break;
    }
  }
  std::vector<std::string> out;
  for (int i = 0; i < max; ++i) {
    std::string corrected(text);
    bool any = false;
    for (const Fix& f : fixes) {
      if (static_cast<size_t>(i) >= f.to.size()) continue;
      size_t at = corrected.find(f.from);
      if (at == std::string::npos) continue;
      corrected.replace(at, f.from.size(), f.to[i].entry->word);
      any = true;
    }
    if (any && std::find(out.begin(), out.end(), corrected) == out.end())
      out.push_back(std::move(corrected));
  }
  return out;
}

absl::StatusOr<std::vector<WordSuggestion>> Index::SuggestWords(
    absl::string_view prefix, int limit) {
  ZWGK_ASSIGN_OR_RETURN(std::shared_ptr<const Dictionary> dict,
                        LoadDictionary());
  std::string letters, chars;
  bool ascii = true;
  for (const Token& t : Tokenize(prefix)) {
    if (t.kind == Token::Kind::kCjk) ascii = false;
    chars += t.text;
  }
  if (chars.empty()) return std::vector<WordSuggestion>{};
  if (ascii) {
    for (char c : chars)
      if (c >= 'a' && c <= 'z') letters.push_back(c);
    if (letters.size() != chars.size()) return std::vector<WordSuggestion>{};
  }
  constexpr size_t kScan = 5000;  // matches looked at, most used kept
  std::vector<const Dictionary::Entry*> found;
  const auto& entries = dict->entries;
  if (!ascii) {
    auto it = std::lower_bound(entries.begin(), entries.end(), chars,
                               [](const Dictionary::Entry& e,
                                  const std::string& v) { return e.word < v; });
    for (; it != entries.end() && found.size() < kScan &&
           absl::StartsWith(it->word, chars);
         ++it)
      found.push_back(&*it);
  } else {
    auto scan = [&](const std::vector<uint32_t>& order,
                    std::string Dictionary::Entry::*field) {
      auto it = std::lower_bound(order.begin(), order.end(), letters,
                                 [&](uint32_t i, const std::string& v) {
                                   return entries[i].*field < v;
                                 });
      size_t taken = 0;
      for (; it != order.end() && taken < kScan &&
             absl::StartsWith(entries[*it].*field, letters);
           ++it, ++taken)
        found.push_back(&entries[*it]);
    };
    scan(dict->by_pinyin, &Dictionary::Entry::pinyin);
    scan(dict->by_initials, &Dictionary::Entry::initials);
  }
  std::sort(found.begin(), found.end(), [](const auto* a, const auto* b) {
    if (a->count != b->count) return a->count > b->count;
    return a->word < b->word;
  });
  found.erase(std::unique(found.begin(), found.end()), found.end());
  std::vector<WordSuggestion> out;
  for (const auto* e : found) {
    if (out.size() >= static_cast<size_t>(std::max(limit, 0))) break;
    if (e->word == chars) continue;  // what was typed already
    if (!out.empty() &&
        std::any_of(out.begin(), out.end(),
                    [&](const WordSuggestion& w) { return w.word == e->word; }))
      continue;
    out.push_back({e->word, e->count});
  }
  return out;
}

namespace {

// The document id of record `id` in `db`, if it is there.
std::optional<Xapian::docid> FindDocid(const Xapian::Database& db,
                                       const std::string& id_term) {
  Xapian::PostingIterator it = db.postlist_begin(id_term);
  if (it == db.postlist_end(id_term)) return std::nullopt;
  return *it;
}

bool DocidTaken(Xapian::WritableDatabase& db, Xapian::docid did) {
  try {
    (void)db.get_doclength(did);
    return true;
  } catch (const Xapian::DocNotFoundError&) {
    return false;
  }
}

// A free id in the day's block for a record indexed after the rebuild:
// below the middle, each newer record lower; then above what a rebuild
// filled. ResourceExhausted when the day's 80,000 ids are all used.
absl::StatusOr<Xapian::docid> FreeDocid(Xapian::WritableDatabase& db,
                                        int64_t day) {
  int64_t base = DayBase(day);
  for (int64_t slot = kHalfDay - 1; slot >= 0; --slot)
    if (!DocidTaken(db, base + slot)) return base + slot;
  for (int64_t slot = kHalfDay; slot < kSlotsPerDay; ++slot)
    if (!DocidTaken(db, base + slot)) return base + slot;
  return absl::ResourceExhaustedError(
      "同一天的信息超过检索索引的容量（8 万条）");
}

// Puts `d` into `db` under record `id`, keeping the id of its day block
// when it has one already.
absl::Status Upsert(Xapian::WritableDatabase& db, const std::string& id_term,
                    int64_t day, const Xapian::Document& d) {
  std::optional<Xapian::docid> did = FindDocid(db, id_term);
  if (did && DayOfDocid(*did) == day) {
    db.replace_document(*did, d);
    return absl::OkStatus();
  }
  if (did) db.delete_document(*did);
  ZWGK_ASSIGN_OR_RETURN(Xapian::docid free, FreeDocid(db, day));
  db.replace_document(free, d);
  return absl::OkStatus();
}

}  // namespace

absl::Status Index::Apply(const std::vector<Change>& changes) {
  if (changes.empty()) return absl::OkStatus();
  ZWGK_RETURN_IF_ERROR(Refresh());
  std::lock_guard wlock(write_mu_);
  std::string gen_dir;
  int shards;
  {
    std::lock_guard lock(mu_);
    gen_dir = generation_dir();
    shards = shards_;
  }
  try {
    // The base shards are never written after a rebuild (they have no
    // termlists, so Xapian cannot delete from them): a change puts the
    // record into live (or staff) and tombstones its base document.
    std::vector<Xapian::Database> base;
    for (int s = 0; s < shards; ++s) base.emplace_back(ShardPath(gen_dir, s));
    Xapian::WritableDatabase live(LivePath(gen_dir), Xapian::DB_OPEN);
    Xapian::WritableDatabase staff(StaffPath(gen_dir), Xapian::DB_OPEN);
    bool buried = false, dict_changed = false;
    for (const Change& c : changes) {
      std::string term = IdTerm(c.id);
      int shard = static_cast<int>(c.id % shards);
      std::string tomb = absl::StrCat(kTombPrefix, c.id);
      if (live.get_metadata(tomb).empty()) {
        if (std::optional<Xapian::docid> did = FindDocid(base[shard], term)) {
          live.set_metadata(tomb, absl::StrCat(shard, ":", *did));
          buried = true;
        }
      }
      if (!c.doc) {
        live.delete_document(term);
        staff.delete_document(term);
        continue;
      }
      Xapian::Document d = MakeXapianDocument(*c.doc, options_);
      int64_t day = DayNumber(c.doc->date);
      if (c.doc->is_public) {
        staff.delete_document(term);
        ZWGK_RETURN_IF_ERROR(Upsert(live, term, day, d));
        // The dictionary grows with what is published (counts are
        // approximate: a record changed twice counts twice until a rebuild).
        for (const std::string& w : KeywordWords(*c.doc)) {
          std::string key = kDictKeyword + w;
          live.set_metadata(key, absl::StrCat(MetaCount(live, key) + 1));
        }
        for (const std::string& w : TitleWords(c.doc->title)) {
          std::string key = kDictTitle + w;
          live.set_metadata(key, absl::StrCat(MetaCount(live, key) + 1));
        }
        dict_changed = true;
      } else {
        live.delete_document(term);
        ZWGK_RETURN_IF_ERROR(Upsert(staff, term, day, d));
      }
    }
    if (buried) {
      int64_t version = 0;
      (void)absl::SimpleAtoi(live.get_metadata(kTombVersion), &version);
      live.set_metadata(kTombVersion, absl::StrCat(version + 1));
    }
    if (dict_changed) live.set_metadata(kDictVersion, NewGenerationName());
    live.commit();
    staff.commit();
  } catch (const Xapian::Error& e) {
    return XapianError(e, "更新索引失败");
  }
  ++version_;
  return absl::OkStatus();
}

namespace {

std::vector<int64_t> RecordIds(const Xapian::Database& db) {
  std::vector<int64_t> out;
  for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it) {
    int64_t id;
    if (absl::SimpleAtoi((*it).substr(1), &id)) out.push_back(id);
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<int64_t>> Index::Ids(bool public_index) {
  ZWGK_RETURN_IF_ERROR(Refresh());
  std::vector<int64_t> out;
  try {
    std::string gen_dir;
    int shards;
    {
      std::lock_guard lock(mu_);
      gen_dir = generation_dir();
      shards = shards_;
    }
    if (!public_index) {
      out = RecordIds(Xapian::Database(StaffPath(gen_dir)));
    } else {
      Xapian::Database live(LivePath(gen_dir));
      std::unordered_set<int64_t> dead;
      for (const Tombstone& t : Tombstones(live)) dead.insert(t.record_id);
      for (int s = 0; s < shards; ++s)
        for (int64_t id : RecordIds(Xapian::Database(ShardPath(gen_dir, s))))
          if (!dead.contains(id)) out.push_back(id);
      std::vector<int64_t> changed = RecordIds(live);
      out.insert(out.end(), changed.begin(), changed.end());
    }
  } catch (const Xapian::Error& e) {
    return XapianError(e, "读取索引失败");
  }
  std::sort(out.begin(), out.end());
  return out;
}

absl::StatusOr<std::pair<int64_t, int64_t>> Index::Counts() {
  ZWGK_RETURN_IF_ERROR(Refresh());
  try {
    std::string gen_dir;
    int shards;
    {
      std::lock_guard lock(mu_);
      gen_dir = generation_dir();
      shards = shards_;
    }
    // Each tombstone hides exactly one base document.
    Xapian::Database live(LivePath(gen_dir));
    int64_t pub = live.get_termfreq(kAllTerm) -
                  static_cast<int64_t>(Tombstones(live).size());
    for (int s = 0; s < shards; ++s)
      pub += Xapian::Database(ShardPath(gen_dir, s)).get_termfreq(kAllTerm);
    Xapian::Database staff(StaffPath(gen_dir));
    return std::pair<int64_t, int64_t>(pub, staff.get_termfreq(kAllTerm));
  } catch (const Xapian::Error& e) {
    return XapianError(e, "读取索引失败");
  }
}

// --- Builder ---

struct Builder::Shard {
  std::string path;        // the finished shard
  std::string build_path;  // where it is built (path itself unless compacting)
  bool compact = false;
  bool no_termlist = false;
  int batch = 0;
  IndexOptions options;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::pair<Xapian::docid, Document>> queue;
  bool done = false;
  absl::Status status;
  std::thread thread;

  void Push(Xapian::docid did, Document doc) {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return queue.size() < 4096 || !status.ok(); });
    queue.emplace_back(did, std::move(doc));
    cv.notify_all();
  }

  void Run() {
    try {
      Xapian::WritableDatabase db(
          build_path, Xapian::DB_CREATE_OR_OVERWRITE |
                          (no_termlist ? Xapian::DB_NO_TERMLIST : 0));
      int in_batch = 0;
      for (;;) {
        std::pair<Xapian::docid, Document> next;
        {
          std::unique_lock lock(mu);
          cv.wait(lock, [&] { return !queue.empty() || done; });
          if (queue.empty()) break;
          next = std::move(queue.front());
          queue.pop_front();
          cv.notify_all();
        }
        db.replace_document(next.first,
                            MakeXapianDocument(next.second, options));
        if (++in_batch >= batch) {
          db.commit();
          in_batch = 0;
        }
      }
      Xapian::Document sentinel;
      sentinel.add_boolean_term(kSentinelTerm);
      db.replace_document(kSentinelDocid, sentinel);
      db.commit();
      db.close();
      if (compact) {
        // Keep the ids: they are the date order.
        Xapian::Database(build_path)
            .compact(path, Xapian::DBCOMPACT_MULTIPASS |
                               Xapian::DBCOMPACT_NO_RENUMBER);
        std::error_code ec;
        fs::remove_all(build_path, ec);
      }
    } catch (const Xapian::Error& e) {
      std::lock_guard lock(mu);
      status = XapianError(e, absl::StrCat("建立索引分片 ", path, " 失败"));
      queue.clear();
      cv.notify_all();
    }
  }
};

absl::StatusOr<std::unique_ptr<Builder>> Builder::Create(std::string dir,
                                                         BuildOptions options) {
  std::unique_ptr<Builder> b(new Builder());
  b->dir_ = std::move(dir);
  b->options_ = options;
  b->options_.shards = std::max(options.shards, 1);
  b->options_.batch = std::max(options.batch, 1);
  b->generation_ = NewGenerationName();
  b->gen_dir_ = absl::StrCat(b->dir_, "/", b->generation_);
  std::error_code ec;
  fs::create_directories(b->gen_dir_, ec);
  if (ec)
    return absl::UnavailableError(
        absl::StrCat("无法创建索引目录 ", b->gen_dir_, "：", ec.message()));
  // Xapian flushes every XAPIAN_FLUSH_THRESHOLD documents (default 10,000);
  // we commit per batch ourselves, so keep it out of the way. Read when a
  // database is opened, before any thread starts.
  setenv("XAPIAN_FLUSH_THRESHOLD", absl::StrCat(b->options_.batch + 1).c_str(),
         1);
  // Base shards, then staff, then live (empty until changes arrive).
  for (int s = 0; s <= b->options_.shards + 1; ++s) {
    auto shard = std::make_unique<Shard>();
    shard->path = s < b->options_.shards    ? ShardPath(b->gen_dir_, s)
                  : s == b->options_.shards ? StaffPath(b->gen_dir_)
                                            : LivePath(b->gen_dir_);
    shard->compact = b->options_.compact;
    shard->no_termlist = b->options_.no_termlist && s < b->options_.shards;
    shard->build_path = shard->compact ? shard->path + ".build" : shard->path;
    shard->batch = b->options_.batch;
    shard->options = b->options_.index;
    b->shards_.push_back(std::move(shard));
  }
  for (auto& shard : b->shards_) {
    Shard* raw = shard.get();
    raw->thread = std::thread([raw] { raw->Run(); });
  }
  return b;
}

Builder::~Builder() {
  if (!finished_) (void)Finish();
}

absl::Status Builder::Add(Document doc) {
  int n = options_.shards;
  Shard& shard = doc.is_public ? *shards_[doc.id % n] : *shards_[n];
  {
    std::lock_guard lock(shard.mu);
    if (!shard.status.ok()) return shard.status;
  }
  // Slots from the middle of the day's block up. Ids only ever grow, so
  // every shard appends (an out-of-order record lands just after the one
  // before it, which a date-sorted rebuild never does).
  int64_t day = DayNumber(doc.date);
  int64_t did = DayBase(day) + kHalfDay + slots_by_day_[day]++;
  if (did <= last_docid_) did = last_docid_ + 1;
  if (did >= int64_t{kSentinelDocid})
    return absl::ResourceExhaustedError("检索索引的文档编号已用尽");
  last_docid_ = did;
  if (doc.is_public) CountWords(doc);
  shard.Push(static_cast<Xapian::docid>(did), std::move(doc));
  ++added_;
  return absl::OkStatus();
}

void Builder::CountWords(const Document& doc) {
  for (const std::string& w : KeywordWords(doc)) ++keyword_words_[w];
  // Title words: every title of a small index; past 100,000 records one in
  // eight (by id hash), which keeps the map small and still finds every
  // frequent word.
  if (added_ >= 100'000 && BucketHash(doc.id) % 8 != 0) return;
  for (std::string& w : TitleWords(doc.title)) ++title_words_[std::move(w)];
  if (title_words_.size() > 2'000'000) {
    // Lossy counting: words seen once so far are unlikely to be frequent.
    std::erase_if(title_words_, [](const auto& e) { return e.second <= 1; });
  }
}

absl::Status Builder::Finish() {
  if (finished_) return absl::OkStatus();
  finished_ = true;
  for (auto& shard : shards_) {
    {
      std::lock_guard lock(shard->mu);
      shard->done = true;
    }
    shard->cv.notify_all();
  }
  absl::Status status;
  for (auto& shard : shards_) {
    shard->thread.join();
    if (status.ok()) status = shard->status;
  }
  if (!status.ok()) return status;
  try {
    Xapian::WritableDatabase live(LivePath(gen_dir_), Xapian::DB_OPEN);
    for (const auto& [w, n] : keyword_words_)
      live.set_metadata(kDictKeyword + w, absl::StrCat(n));
    for (const auto& [w, n] : title_words_)
      if (n >= kMinTitleWordCount)
        live.set_metadata(kDictTitle + w, absl::StrCat(n));
    live.set_metadata(kDictVersion, generation_);
    live.commit();
  } catch (const Xapian::Error& e) {
    return XapianError(e, "写入检索词典失败");
  }
  keyword_words_.clear();
  title_words_.clear();
  std::ofstream format(gen_dir_ + "/FORMAT");
  format << kFormat << "\n";
  if (!format.flush())
    return absl::UnavailableError(
        absl::StrCat("无法写入 ", gen_dir_, "/FORMAT"));
  return absl::OkStatus();
}

absl::Status Builder::Switch() {
  if (!finished_) ZWGK_RETURN_IF_ERROR(Finish());
  ZWGK_RETURN_IF_ERROR(WriteCurrent(dir_, generation_));
  // Older generations: readers elsewhere follow CURRENT on their next call.
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    std::string name = entry.path().filename().string();
    if (entry.is_directory() && name != generation_ && name.size() > 1 &&
        name[0] == 'g')
      fs::remove_all(entry.path(), ec);
  }
  return absl::OkStatus();
}

}  // namespace zwgk::search
