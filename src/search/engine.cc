#include "search/engine.h"

#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/status.h"
#include "search/text.h"

namespace zwgk::search {
namespace {

namespace fs = std::filesystem;

enum Slot : Xapian::valueno {
  kSlotDate = 0,
  kSlotDomain = 1,
  kSlotUnit = 2,
  kSlotYear = 3,
  kSlotTopic = 4,
  kSlotGenre = 5,
  kSlotValidity = 6,
};

struct FacetSlot {
  const char* name;
  Slot slot;
};
constexpr FacetSlot kFacets[] = {
    {"domain", kSlotDomain}, {"unit", kSlotUnit},   {"year", kSlotYear},
    {"topic", kSlotTopic},   {"genre", kSlotGenre}, {"validity", kSlotValidity},
};

// Weight of a title match relative to the body: a word in the title is the
// strongest sign of relevance, and it lets Xapian stop scanning the long
// body posting lists of common words once 20 title hits are found.
constexpr double kTitleScale = 3.0;
// An exact 文号 / 索引号 outranks anything else.
constexpr double kIdentifierScale = 50.0;
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

std::string IdName(std::optional<int64_t> id, absl::string_view name) {
  if (!id) return "";
  return absl::StrCat(*id, std::string(1, kSep), name);
}

// Title and keywords: unigrams and bigrams at the character's position, so
// the bigrams of a word are at consecutive positions (OP_PHRASE).
void AddTitleTerms(Xapian::Document& d, absl::string_view text,
                   Xapian::termpos& pos, bool positions) {
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
       std::string(doc.is_public ? "1" : "0"), body},
      sep);
}

struct StoredDoc {
  Hit hit;
  std::string body;
};

StoredDoc DecodeData(const std::string& data) {
  std::vector<std::string> f = absl::StrSplit(data, kSep);
  f.resize(14);
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
  return s;
}

absl::StatusOr<std::string> ReadCurrent(const std::string& dir) {
  std::ifstream in(dir + "/CURRENT");
  if (!in) return absl::NotFoundError("no CURRENT");
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

// The words of the query, all required; each matches in the body or (three
// times the weight) in the title and keywords.
Xapian::Query TextQuery(absl::string_view text, bool title_positions) {
  std::vector<WordTerms> words = QueryWords(text);
  bool has_long =
      std::any_of(words.begin(), words.end(),
                  [](const WordTerms& w) { return !w.single_char; });
  std::vector<Xapian::Query> parts;
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
    Xapian::Query title = TermsQuery(
        title_positions ? Xapian::Query::OP_PHRASE : Xapian::Query::OP_AND,
        w.terms, "S");
    parts.emplace_back(
        Xapian::Query::OP_OR, body,
        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, title, kTitleScale));
  }
  Xapian::Query q = parts.empty() ? Xapian::Query()
                                  : Xapian::Query(Xapian::Query::OP_AND,
                                                  parts.begin(), parts.end());
  std::string id = NormalizeIdentifier(text);
  if (!id.empty()) {
    Xapian::Query exact(Xapian::Query::OP_OR, Xapian::Query("XW" + id),
                        Xapian::Query("XI" + id));
    exact =
        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, exact, kIdentifierScale);
    q = q.empty() ? exact : Xapian::Query(Xapian::Query::OP_OR, exact, q);
  }
  return q;
}

Xapian::Query FilterQuery(const Query& q) {
  std::vector<Xapian::Query> filters;
  if (q.domain_id) filters.emplace_back(absl::StrCat("XD", *q.domain_id));
  if (q.unit_id) filters.emplace_back(absl::StrCat("XU", *q.unit_id));
  if (q.year) filters.emplace_back(absl::StrCat("XY", *q.year));
  if (!q.topic.empty()) filters.emplace_back("XT" + q.topic);
  if (!q.genre.empty()) filters.emplace_back("XG" + q.genre);
  if (!q.validity.empty()) filters.emplace_back("XV" + q.validity);
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

std::vector<FacetValue> FacetValues(const Xapian::ValueCountMatchSpy& spy,
                                    absl::string_view name, double scale) {
  std::vector<FacetValue> out;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    std::string v = *it;
    if (v.empty()) continue;
    FacetValue f;
    auto sep = v.find(kSep);
    if (sep != std::string::npos) {
      f.value = v.substr(0, sep);
      f.label = v.substr(sep + 1);
    } else {
      f.value = f.label = v;
    }
    f.count = static_cast<int64_t>(it.get_termfreq() * scale + 0.5);
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
  Xapian::termpos pos = 1;
  AddTitleTerms(d, doc.title, pos, options.title_positions);
  for (const std::string& k : doc.keywords) {
    pos += 8;
    AddTitleTerms(d, k, pos, options.title_positions);
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
  std::string date = doc.published_on;
  date.erase(std::remove(date.begin(), date.end(), '-'), date.end());
  d.add_value(kSlotDate, date);
  d.add_value(kSlotDomain, IdName(doc.domain_id, doc.domain_name));
  d.add_value(kSlotUnit, IdName(doc.unit_id, doc.unit_name));
  if (doc.year) d.add_value(kSlotYear, absl::StrCat(doc.year));
  d.add_value(kSlotTopic, doc.topic);
  d.add_value(kSlotGenre, doc.genre);
  d.add_value(kSlotValidity, doc.validity);
  d.set_data(EncodeData(doc, options));
  return d;
}

// --- Index ---

struct Index::Reader {
  bool staff = false;
  int64_t version = -1;
  std::string generation;
  Xapian::Database db;
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
  for (int s = 0; s < shards_; ++s)
    r->db.add_database(Xapian::Database(ShardPath(gen_dir, s)));
  if (staff) r->db.add_database(Xapian::Database(StaffPath(gen_dir)));
  r->version = version_;
  return r;
}

void Index::ReturnReader(std::unique_ptr<Reader> r) {
  std::lock_guard lock(mu_);
  if (r->generation == generation_ && readers_.size() < 8)
    readers_.push_back(std::move(r));
}

absl::StatusOr<Result> Index::Search(const Query& q) {
  ZWGK_RETURN_IF_ERROR(Refresh());
  bool staff = q.scope == Scope::kStaff;
  if (staff && !q.all_units && q.unit_ids.empty()) return Result{};
  for (int attempt = 0;; ++attempt) {
    try {
      std::unique_ptr<Reader> reader = TakeReader(staff);
      // Cheap when nothing changed; picks up commits by this and other
      // processes (the CLI, a second server).
      reader->db.reopen();
      Xapian::Query text = TextQuery(q.text, options_.title_positions);
      Xapian::Query filter = FilterQuery(q);
      Xapian::Query query;
      if (text.empty()) {
        query = filter.empty() ? Xapian::Query::MatchAll : filter;
      } else {
        query = filter.empty()
                    ? text
                    : Xapian::Query(Xapian::Query::OP_FILTER, text, filter);
      }
      Xapian::Enquire enquire(reader->db);
      enquire.set_query(query);
      Sort sort = q.sort;
      if (text.empty() && sort == Sort::kRelevance) sort = Sort::kNewest;
      if (sort != Sort::kRelevance) {
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_sort_by_value(kSlotDate, sort == Sort::kNewest);
      }
      std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
      if (q.facets) {
        for (const FacetSlot& f : kFacets) {
          spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(f.slot));
          enquire.add_matchspy(spies.back().get());
        }
      }
      int per_page = std::clamp(q.per_page, 1, 100);
      int page = std::max(q.page, 1);
      Xapian::doccount first =
          static_cast<Xapian::doccount>(page - 1) * per_page;
      Xapian::doccount check =
          q.facets ? static_cast<Xapian::doccount>(options_.facet_sample) : 0;
      Xapian::MSet mset = enquire.get_mset(first, per_page, check);

      Result result;
      result.total = mset.get_matches_estimated();
      result.total_exact =
          mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
      std::vector<std::string> words = HighlightWords(q.text);
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        StoredDoc s = DecodeData(it.get_document().get_data());
        s.hit.title = Snippet(s.hit.title_text, words, 500);
        s.hit.snippet = Snippet(s.body, words, 120);
        result.hits.push_back(std::move(s.hit));
      }
      for (size_t k = 0; k < spies.size(); ++k) {
        double seen = spies[k]->get_total();
        double scale = 1.0;
        if (!result.total_exact && seen > 0 && result.total > seen) {
          scale = result.total / seen;
          result.facets_exact = false;
        }
        result.facets[kFacets[k].name] =
            FacetValues(*spies[k], kFacets[k].name, scale);
      }
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
    std::vector<Xapian::WritableDatabase> pub;
    for (int s = 0; s < shards; ++s)
      pub.emplace_back(ShardPath(gen_dir, s), Xapian::DB_OPEN);
    Xapian::WritableDatabase staff(StaffPath(gen_dir), Xapian::DB_OPEN);
    for (const Change& c : changes) {
      std::string term = IdTerm(c.id);
      Xapian::WritableDatabase& shard = pub[c.id % shards];
      if (!c.doc) {
        shard.delete_document(term);
        staff.delete_document(term);
        continue;
      }
      Xapian::Document d = MakeXapianDocument(*c.doc, options_);
      if (c.doc->is_public) {
        staff.delete_document(term);
        shard.replace_document(term, d);
      } else {
        shard.delete_document(term);
        staff.replace_document(term, d);
      }
    }
    for (auto& db : pub) db.commit();
    staff.commit();
  } catch (const Xapian::Error& e) {
    return XapianError(e, "更新索引失败");
  }
  ++version_;
  return absl::OkStatus();
}

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
    std::vector<std::string> paths;
    if (public_index) {
      for (int s = 0; s < shards; ++s) paths.push_back(ShardPath(gen_dir, s));
    } else {
      paths.push_back(StaffPath(gen_dir));
    }
    for (const std::string& p : paths) {
      Xapian::Database db(p);
      for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it) {
        int64_t id;
        if (absl::SimpleAtoi((*it).substr(1), &id)) out.push_back(id);
      }
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
    std::unique_ptr<Reader> pub = TakeReader(false);
    pub->db.reopen();
    std::string gen_dir;
    {
      std::lock_guard lock(mu_);
      gen_dir = generation_dir();
    }
    Xapian::Database staff(StaffPath(gen_dir));
    std::pair<int64_t, int64_t> out{pub->db.get_doccount(),
                                    staff.get_doccount()};
    ReturnReader(std::move(pub));
    return out;
  } catch (const Xapian::Error& e) {
    return XapianError(e, "读取索引失败");
  }
}

// --- Builder ---

struct Builder::Shard {
  std::string path;        // the finished shard
  std::string build_path;  // where it is built (path itself unless compacting)
  bool compact = false;
  int batch = 0;
  IndexOptions options;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Document> queue;
  bool done = false;
  absl::Status status;
  std::thread thread;

  void Push(Document doc) {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return queue.size() < 4096 || !status.ok(); });
    queue.push_back(std::move(doc));
    cv.notify_all();
  }

  void Run() {
    try {
      Xapian::WritableDatabase db(build_path, Xapian::DB_CREATE_OR_OVERWRITE);
      int in_batch = 0;
      for (;;) {
        Document doc;
        {
          std::unique_lock lock(mu);
          cv.wait(lock, [&] { return !queue.empty() || done; });
          if (queue.empty()) break;
          doc = std::move(queue.front());
          queue.pop_front();
          cv.notify_all();
        }
        db.add_document(MakeXapianDocument(doc, options));
        if (++in_batch >= batch) {
          db.commit();
          in_batch = 0;
        }
      }
      db.commit();
      db.close();
      if (compact) {
        Xapian::Database(build_path).compact(path, Xapian::DBCOMPACT_MULTIPASS);
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
  for (int s = 0; s <= b->options_.shards; ++s) {
    auto shard = std::make_unique<Shard>();
    shard->path = s < b->options_.shards ? ShardPath(b->gen_dir_, s)
                                         : StaffPath(b->gen_dir_);
    shard->compact = b->options_.compact;
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
  shard.Push(std::move(doc));
  ++added_;
  return absl::OkStatus();
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
  return status;
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
