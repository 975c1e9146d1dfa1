// Issue 6 benchmark: build and query the same generated corpus with the
// zwgk Xapian index, SQLite FTS5 (trigram) and PostgreSQL full-text search,
// and check the recall of two-character words. Prints a Markdown table.
//
//   build-search/bench/search/search_bench --records 1000000
//       --dir /tmp/zwgk-search-bench --engines xapian,fts5,pg
//   (PostgreSQL via scripts/with-postgres, which sets ZWGK_TEST_PG_URL.)
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "corpus.h"
#include "search/engine.h"
#include "search/pinyin.h"
#include "search/text.h"

namespace zwgk::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

uint64_t DirBytes(const std::string& path) {
  uint64_t total = 0;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  for (const auto& e : fs::recursive_directory_iterator(path, ec))
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  return total;
}

struct Latency {
  std::vector<double> ms;
  double Pct(double p) const {
    if (ms.empty()) return 0;
    std::vector<double> s = ms;
    std::sort(s.begin(), s.end());
    size_t i = std::min(s.size() - 1, static_cast<size_t>(p * s.size()));
    return s[i];
  }
  std::string Summary() const {
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms",
                  Pct(0.50), Pct(0.95), Pct(0.99), Pct(1.0));
    return buf;
  }
};

// Runs `fn` over the queries twice: once to warm caches, once timed.
template <typename Fn>
Latency Timed(const std::vector<std::string>& queries, Fn&& fn) {
  for (const auto& q : queries) fn(q);
  Latency l;
  for (const auto& q : queries) {
    auto t = Clock::now();
    fn(q);
    l.ms.push_back(Seconds(t) * 1000);
  }
  return l;
}

struct Row {
  std::string engine, build, size, p50p95, facets, common, recall, notes;
};

bool ContainsWord(const search::Document& d, const std::string& w) {
  return d.title.find(w) != std::string::npos ||
         d.body.find(w) != std::string::npos ||
         std::any_of(d.keywords.begin(), d.keywords.end(),
                     [&](const std::string& k) {
                       return k.find(w) != std::string::npos;
                     });
}

std::string Pct(int64_t found, int64_t truth) {
  if (truth == 0) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * found / truth);
  return buf;
}

std::string BuildTime(double secs, int64_t records) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.0f s (%.0f docs/s)", secs, records / secs);
  return buf;
}

std::string Gb(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f GB", bytes / 1e9);
  return buf;
}

// --- SQLite FTS5 (trigram) ---

std::string Fts5Match(const std::string& q) {
  std::vector<std::string> parts;
  for (absl::string_view w : absl::StrSplit(q, ' ', absl::SkipEmpty()))
    parts.push_back(absl::StrCat("\"", w, "\""));
  return absl::StrJoin(parts, " AND ");
}

// --- PostgreSQL: bigram tsvectors made by our tokenizer ('simple' config) ---

std::string TsTerms(const search::Document& d) {
  std::vector<std::string> terms;
  auto add = [&](const std::string& t) { terms.push_back("'" + t + "'"); };
  for (const std::string* s :
       {&d.title, &d.body, &d.doc_number, &d.index_number})
    search::ForEachTerm(*s, false, add);
  for (const auto& k : d.keywords) search::ForEachTerm(k, false, add);
  return absl::StrJoin(terms, " ");
}

std::string TsQuery(const std::string& q) {
  std::vector<std::string> terms;
  for (const auto& w : search::QueryWords(q))
    for (const auto& t : w.terms) terms.push_back("'" + t + "'");
  return absl::StrJoin(terms, " & ");
}

std::string CopyEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '\t' || c == '\n') out.push_back('\\');
    out.push_back(c == '\t' ? 't' : c == '\n' ? 'n' : c);
  }
  return out;
}

bool PgOk(PGconn* c, const char* sql) {
  PGresult* r = PQexec(c, sql);
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
            PQresultStatus(r) == PGRES_TUPLES_OK;
  if (!ok) std::cerr << "pg: " << PQerrorMessage(c) << "\n";
  PQclear(r);
  return ok;
}

int Main(int argc, char** argv) {
  CLI::App app{"zwgk search benchmark"};
  int64_t records = 100000;
  std::string dir = "/tmp/zwgk-search-bench";
  std::string engines = "xapian,fts5,pg";
  int pg_queries = 1000;
  std::string lexicon = "/usr/share/friso/dict/UTF-8/lex-main.lex";
  int shards = 2, batch = 10000, nqueries = 1000;
  bool body_positions = false, body_unigrams = false, reuse = false,
       no_pinyin = false;
  bool title_positions = false, no_compact = false;
  size_t body_chars = 120;
  app.add_option("--records", records);
  app.add_option("--dir", dir);
  app.add_option("--engines", engines);
  app.add_option("--lexicon", lexicon);
  app.add_option("--shards", shards);
  app.add_option("--batch", batch);
  app.add_option("--queries", nqueries);
  app.add_option("--pg-queries", pg_queries,
                 "PostgreSQL runs only the first N queries (ranked queries "
                 "take 0.4-2 s each at 200k records)");
  app.add_flag("--body-positions", body_positions);
  app.add_flag("--body-unigrams", body_unigrams);
  app.add_flag("--title-positions", title_positions);
  app.add_flag("--no-compact", no_compact);
  bool termlist = false;
  app.add_flag("--termlist", termlist,
               "base shards with termlists (1.4's default)");
  app.add_option("--stored-body-chars", body_chars);
  app.add_flag("--reuse", reuse, "query an index built by an earlier run");
  app.add_flag("--no-pinyin", no_pinyin, "no pinyin terms (size baseline)");
  std::string passes =
      "plain,facets,browse,accuracy,date,common,pinyin,ids,recall";
  app.add_option("--passes", passes,
                 "which timed passes to run (e.g. facets alone, for perf)");
  int facet_sample = search::IndexOptions{}.facet_sample;
  app.add_option("--facet-sample", facet_sample,
                 "matches counted exactly before facets are sampled");
  CLI11_PARSE(app, argc, argv);

  Corpus corpus(lexicon);
  std::vector<std::string> queries = corpus.Queries(nqueries, records);
  std::vector<std::string> recall_words = corpus.TwoCharWords(200);
  // Every fourth: from the most common to the rarer two-character words.
  std::vector<std::string> sample;
  for (size_t i = 0; i < recall_words.size(); i += 4)
    sample.push_back(recall_words[i]);
  std::vector<std::string> common(
      recall_words.begin(),
      recall_words.begin() + std::min<size_t>(10, recall_words.size()));
  std::cerr << "corpus: " << records << " records, tail lexicon "
            << corpus.tail_size() << " words, " << queries.size()
            << " queries, " << sample.size() << " recall words\n";
  std::map<std::string, int64_t> truth;
  bool truth_done = false;
  auto count_truth = [&](const search::Document& d) {
    for (const auto& w : sample)
      if (ContainsWord(d, w)) ++truth[w];
  };
  fs::create_directories(dir);
  std::vector<Row> rows;
  // Each row as soon as its engine is done (a long run may be cut short).
  auto emit = [&](const Row& r) {
    rows.push_back(r);
    std::cerr << "ROW | " << r.engine << " | " << r.build << " | " << r.size
              << " | " << r.p50p95 << " | " << r.facets << " | " << r.common
              << " | " << r.recall << " | " << r.notes << " |" << std::endl;
  };

  // The corpus once, untimed: the recall truth, and the order a rebuild
  // reads records in (newest first, as `zwgk search reindex` does).
  std::vector<std::pair<std::string, int64_t>> dated;
  dated.reserve(records);
  // A reused index needs neither the build order nor, without the recall
  // pass, the truth (generating 1M records takes minutes).
  bool generate = !reuse || absl::StrContains(passes, "recall");
  for (int64_t id = 1; generate && id <= records; ++id) {
    search::Document d = corpus.Make(id);
    count_truth(d);
    dated.emplace_back(d.date, id);
  }
  truth_done = generate;
  std::sort(dated.begin(), dated.end(), std::greater<>());
  std::vector<int64_t> order;
  order.reserve(records);
  for (const auto& [date, id] : dated) order.push_back(id);
  dated = {};

  if (absl::StrContains(engines, "xapian")) {
    std::string xdir = dir + "/xapian";
    Row row{.engine = absl::StrCat("Xapian (zwgk: bigrams, ", shards, " shards",
                                   body_positions ? ", body positions" : "",
                                   body_unigrams ? ", body unigrams" : "",
                                   title_positions ? ", title positions" : "",
                                   no_compact ? ", not compacted" : "", ", ",
                                   body_chars, " body chars stored)")};
    search::IndexOptions io{.shards = shards,
                            .stored_body_chars = body_chars,
                            .title_positions = title_positions,
                            .facet_sample = facet_sample,
                            .body_positions = body_positions,
                            .body_unigrams = body_unigrams,
                            .pinyin = !no_pinyin};
    if (!reuse) {
      fs::remove_all(xdir);
      auto t = Clock::now();
      auto b = search::Builder::Create(xdir, {.shards = shards,
                                              .batch = batch,
                                              .compact = !no_compact,
                                              .no_termlist = !termlist,
                                              .index = io});
      if (!b.ok()) {
        std::cerr << b.status() << "\n";
        return 1;
      }
      for (int64_t id : order) {
        search::Document d = corpus.Make(id);
        if (auto s = (*b)->Add(std::move(d)); !s.ok()) {
          std::cerr << s << "\n";
          return 1;
        }
        if ((*b)->added() % 100000 == 0)
          std::cerr << "  xapian " << (*b)->added() << " docs, " << Seconds(t)
                    << " s\n";
      }
      if (auto s = (*b)->Switch(); !s.ok()) {
        std::cerr << s << "\n";
        return 1;
      }
      row.build = BuildTime(Seconds(t), records);
    } else {
      row.build = "(reused)";
    }
    row.size = Gb(DirBytes(xdir));
    auto index = search::Index::Open(xdir, io);
    if (!index.ok()) {
      std::cerr << index.status() << "\n";
      return 1;
    }
    search::Index& x = **index;
    auto search = [&](const std::string& q, bool facets) {
      auto r = x.Search({.text = q, .facets = facets});
      if (!r.ok()) std::cerr << "xapian: " << r.status() << "\n";
    };
    auto run = [&](absl::string_view pass) {
      return absl::StrContains(passes, pass);
    };
    Latency plain, faceted, newest, com, browse;
    if (run("plain"))
      plain = Timed(queries, [&](const std::string& q) { search(q, false); });
    if (run("facets")) {
      faceted = Timed(queries, [&](const std::string& q) { search(q, true); });
      std::cerr << "xapian: with facets " << faceted.Summary() << "\n";
      // The slowest, to see which queries make the tail.
      std::vector<size_t> order(queries.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return faceted.ms[a] > faceted.ms[b];
      });
      for (size_t i = 0; i < std::min<size_t>(order.size(), 12); ++i) {
        auto r = x.Search({.text = queries[order[i]], .per_page = 1});
        std::cerr << "  " << faceted.ms[order[i]]
                  << " ms: " << queries[order[i]] << " ("
                  << (r.ok() ? r->total : -1)
                  << (r.ok() && r->facets_exact ? ", exact" : ", sampled")
                  << ")\n";
      }
    }
    if (run("browse")) {
      // What /search?unit=… (or domain, year) shows: no text, one filter,
      // facets; every tenth query browses everything (?sort=date).
      std::vector<search::Query> filters;
      for (int i = 0; i < 200; ++i) {
        search::Query f{.sort = search::Sort::kNewest};
        if (i % 10 == 1) f.unit_id = 1 + i % 40;
        if (i % 10 >= 2 && i % 10 < 6) f.domain_id = 1 + i % 26;
        if (i % 10 >= 6) f.year = 2016 + i % 11;
        filters.push_back(f);
      }
      std::vector<std::string> keys;
      for (size_t i = 0; i < filters.size(); ++i)
        keys.push_back(absl::StrCat(i));
      browse = Timed(keys, [&](const std::string& k) {
        (void)x.Search(filters[std::stoi(k)]);
      });
      std::cerr << "xapian: browse (filters only, with facets) "
                << browse.Summary() << "\n";
    }
    if (run("accuracy")) {
      // Honest counts: each sampled count against an exact count of the
      // same query, over the first queries of the run.
      auto exact = search::Index::Open(
          xdir, {.facet_sample = 1 << 30, .facet_budget_ms = 0});
      int sampled = 0, checked = 0;
      std::vector<double> errors;
      for (size_t i = 0; i < std::min<size_t>(queries.size(), 60); ++i) {
        auto a = x.Search({.text = queries[i], .per_page = 1});
        if (!a.ok() || a->facets_exact) continue;
        auto e = (*exact)->Search({.text = queries[i], .per_page = 1});
        if (!e.ok() || !e->facets_exact) continue;
        ++sampled;
        // The largest values of each facet (those over 5% of the matches).
        for (const auto& [name, values] : e->facets) {
          std::map<std::string, int64_t> got;
          for (const auto& v : a->facets[name]) got[v.value] = v.count;
          for (const auto& v : values) {
            if (v.count * 20 < e->total) continue;
            ++checked;
            errors.push_back(std::abs(static_cast<double>(got[v.value]) -
                                      static_cast<double>(v.count)) /
                             v.count);
          }
        }
      }
      std::sort(errors.begin(), errors.end());
      auto at = [&](double p) {
        return errors.empty()
                   ? 0.0
                   : 100 * errors[std::min(
                               errors.size() - 1,
                               static_cast<size_t>(p * errors.size()))];
      };
      std::cerr << "xapian: sampled facets in " << sampled
                << " of the first 60 queries; " << checked
                << " values over 5% of their matches: relative error p50 "
                << at(0.5) << "%, p95 " << at(0.95) << "%, max " << at(1.0)
                << "%\n";
    }
    if (run("date"))
      newest = Timed(queries, [&](const std::string& q) {
        (void)x.Search(
            {.text = q, .sort = search::Sort::kNewest, .facets = false});
      });
    if (run("common"))
      com = Timed(common, [&](const std::string& q) { search(q, false); });
    // Issue 19: the CJK queries of 2–4 characters typed as full pinyin, as
    // initials, and with one character replaced by a homophone (a typo the
    // service corrects: search, Corrections, probe each, search the best).
    if (run("pinyin")) {
      std::map<std::string, std::vector<std::string>> homophones;
      for (char32_t c = 0x4e00; c <= 0x9fa5; ++c) {
        auto r = search::PinyinReadings(c);
        if (r.empty()) continue;
        std::string utf8;
        utf8 += static_cast<char>(0xE0 | (c >> 12));
        utf8 += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        utf8 += static_cast<char>(0x80 | (c & 0x3F));
        auto& v = homophones[std::string(r[0])];
        if (v.size() < 8) v.push_back(utf8);
      }
      std::vector<std::string> full, initials, typos;
      for (const std::string& q : queries) {
        std::string ini;
        std::string py = search::PinyinOf(q, &ini);
        size_t chars = ini.size();
        if (chars < 2 || chars > 4 || q.size() != chars * 3) continue;
        full.push_back(py);
        initials.push_back(ini);
        // Replace the last character by another of the same reading.
        std::string last = q.substr(q.size() - 3);
        for (const std::string& h :
             homophones[search::PinyinSyllables(last).at(0)])
          if (h != last) {
            typos.push_back(q.substr(0, q.size() - 3) + h);
            break;
          }
      }
      Latency lf = Timed(full, [&](const std::string& q) { search(q, false); });
      Latency li =
          Timed(initials, [&](const std::string& q) { search(q, false); });
      int corrected = 0;
      Latency lt = Timed(typos, [&](const std::string& q) {
        auto r = x.Search({.text = q, .facets = false});
        if (!r.ok() || r->total >= 3) return;
        auto c = x.Corrections(q);
        if (!c.ok()) return;
        std::string best;
        int64_t best_total = r->total;
        for (const std::string& alt : *c) {
          auto p = x.Search({.text = alt, .facets = false});
          if (p.ok() && p->total > best_total) {
            best = alt;
            best_total = p->total;
          }
        }
        if (!best.empty()) {
          ++corrected;
          (void)x.Search({.text = best, .facets = false});
        }
      });
      Latency ls = Timed(full, [&](const std::string& q) {
        (void)x.SuggestWords(q.substr(0, std::min<size_t>(q.size(), 5)));
      });
      std::cerr << "xapian: pinyin full (" << full.size() << ") "
                << lf.Summary() << "\n  initials (" << initials.size() << ") "
                << li.Summary() << "\n  typo (" << typos.size() << ", "
                << corrected / 2 << " corrected) " << lt.Summary()
                << "\n  suggest (pinyin prefix) " << ls.Summary() << "\n";
    }
    row.p50p95 = plain.Summary();
    row.facets = faceted.Summary() + "; by date " + newest.Summary() +
                 "; browse " + browse.Summary();
    row.common = com.Summary();
    // Identifier queries: the record must come first.
    int id_first = 0, id_total = 0;
    for (int64_t id = 1; run("ids") && id <= std::min<int64_t>(records, 200);
         id += 7) {
      search::Document d = corpus.Make(id);
      for (const std::string& q : {d.doc_number, d.index_number}) {
        auto r = x.Search({.text = q, .facets = false});
        ++id_total;
        // 文号 repeat across years/prefixes; the exact one must be first.
        if (r.ok() && !r->hits.empty() && r->hits[0].id == id) ++id_first;
      }
    }
    std::cerr << "xapian: identifier first " << id_first << "/" << id_total
              << "\n";
    if (truth_done && run("recall")) {
      auto exact = search::Index::Open(
          xdir, {.facet_sample = 1 << 30, .facet_budget_ms = 0});
      int64_t found = 0, all = 0;
      for (const auto& w : sample) {
        auto r = (*exact)->Search({.text = w, .per_page = 1});
        found += r.ok() ? std::min(r->total, truth[w]) : 0;
        all += truth[w];
        if (!r.ok())
          std::cerr << "  xapian recall " << w << ": " << r.status() << "\n";
        if (r.ok() && r->total != truth[w])
          std::cerr << "  xapian recall " << w << ": " << r->total << " vs "
                    << truth[w] << "\n";
      }
      row.recall = Pct(found, all);
    }
    row.notes = absl::StrCat("identifier first ", id_first, "/", id_total);
    emit(row);
  }

  if (!truth_done && (absl::StrContains(engines, "fts5") ||
                      absl::StrContains(engines, "pg"))) {
    for (int64_t id = 1; id <= records; ++id) count_truth(corpus.Make(id));
    truth_done = true;
  }

  if (absl::StrContains(engines, "fts5")) {
    std::string path = dir + "/fts5.db";
    Row row{.engine = "SQLite FTS5 trigram"};
    sqlite3* db = nullptr;
    if (!reuse) fs::remove(path);
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;",
                 nullptr, nullptr, nullptr);
    if (!reuse) {
      auto t = Clock::now();
      sqlite3_exec(db,
                   "CREATE VIRTUAL TABLE docs USING fts5(title, body, "
                   "tokenize='trigram');"
                   "BEGIN;",
                   nullptr, nullptr, nullptr);
      sqlite3_stmt* ins;
      sqlite3_prepare_v2(
          db, "INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)", -1, &ins,
          nullptr);
      for (int64_t id = 1; id <= records; ++id) {
        search::Document d = corpus.Make(id);
        std::string body =
            absl::StrCat(d.body, " ", d.doc_number, " ", d.index_number, " ",
                         absl::StrJoin(d.keywords, " "));
        sqlite3_bind_int64(ins, 1, id);
        sqlite3_bind_text(ins, 2, d.title.data(), d.title.size(),
                          SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 3, body.data(), body.size(), SQLITE_TRANSIENT);
        sqlite3_step(ins);
        sqlite3_reset(ins);
        if (id % 200000 == 0)
          std::cerr << "  fts5 " << id << " docs, " << Seconds(t) << " s\n";
      }
      sqlite3_finalize(ins);
      sqlite3_exec(db, "COMMIT; INSERT INTO docs(docs) VALUES('optimize');",
                   nullptr, nullptr, nullptr);
      row.build = BuildTime(Seconds(t), records);
    } else {
      row.build = "(reused)";
    }
    row.size = Gb(DirBytes(path));
    sqlite3_stmt* q;
    sqlite3_prepare_v2(
        db, "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 20",
        -1, &q, nullptr);
    auto run = [&](const std::string& s) {
      std::string m = Fts5Match(s);
      sqlite3_bind_text(q, 1, m.data(), m.size(), SQLITE_TRANSIENT);
      int n = 0;
      while (sqlite3_step(q) == SQLITE_ROW) ++n;
      sqlite3_reset(q);
      return n;
    };
    int empty = 0;
    Latency plain = Timed(queries, [&](const std::string& s) { run(s); });
    for (const auto& s : queries) empty += run(s) == 0;
    Latency com = Timed(common, [&](const std::string& s) { run(s); });
    row.p50p95 = plain.Summary();
    row.common = com.Summary();
    sqlite3_stmt* cnt;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM docs WHERE docs MATCH ?", -1,
                       &cnt, nullptr);
    int64_t found = 0, all = 0;
    for (const auto& w : sample) {
      std::string m = Fts5Match(w);
      sqlite3_bind_text(cnt, 1, m.data(), m.size(), SQLITE_TRANSIENT);
      if (sqlite3_step(cnt) == SQLITE_ROW)
        found += sqlite3_column_int64(cnt, 0);
      sqlite3_reset(cnt);
      all += truth[w];
    }
    sqlite3_finalize(cnt);
    sqlite3_finalize(q);
    sqlite3_close(db);
    row.recall = Pct(found, all);
    row.notes =
        absl::StrCat(empty, "/", queries.size(), " queries return nothing");
    emit(row);
  }

  if (absl::StrContains(engines, "pg")) {
    const char* url = std::getenv("ZWGK_TEST_PG_URL");
    Row row{.engine = "PostgreSQL 15 FTS (app bigrams, GIN, ts_rank)"};
    PGconn* c = url ? PQconnectdb(url) : nullptr;
    if (!c || PQstatus(c) != CONNECTION_OK) {
      std::cerr << "pg: no server (run under scripts/with-postgres)\n";
    } else {
      auto t = Clock::now();
      PgOk(c, "DROP TABLE IF EXISTS docs");
      PgOk(c,
           "CREATE UNLOGGED TABLE docs (id bigint PRIMARY KEY, title text, "
           "body text, tsv tsvector)");
      PGresult* r = PQexec(c, "COPY docs (id, title, body, tsv) FROM STDIN");
      PQclear(r);
      std::string buf;
      for (int64_t id = 1; id <= records; ++id) {
        search::Document d = corpus.Make(id);
        absl::StrAppend(&buf, id, "\t", CopyEscape(d.title), "\t",
                        CopyEscape(d.body), "\t", CopyEscape(TsTerms(d)), "\n");
        if (buf.size() > (1 << 20) || id == records) {
          PQputCopyData(c, buf.data(), buf.size());
          buf.clear();
        }
        if (id % 200000 == 0)
          std::cerr << "  pg " << id << " docs, " << Seconds(t) << " s\n";
      }
      PQputCopyEnd(c, nullptr);
      PQclear(PQgetResult(c));
      PgOk(c, "SET maintenance_work_mem = '1GB'");
      PgOk(c, "CREATE INDEX docs_tsv ON docs USING gin (tsv)");
      PgOk(c, "VACUUM ANALYZE docs");
      row.build = BuildTime(Seconds(t), records);
      PGresult* sz = PQexec(c, "SELECT pg_total_relation_size('docs')");
      row.size = Gb(std::stoull(PQgetvalue(sz, 0, 0)));
      PQclear(sz);
      auto run = [&](const std::string& s) {
        std::string tq = TsQuery(s);
        const char* params[] = {tq.c_str()};
        PGresult* res = PQexecParams(
            c,
            "SELECT id FROM docs, to_tsquery('simple', $1) q WHERE tsv @@ q "
            "ORDER BY ts_rank(tsv, q) DESC LIMIT 20",
            1, nullptr, params, nullptr, nullptr, 0);
        PQclear(res);
      };
      std::vector<std::string> pg_sample(
          queries.begin(),
          queries.begin() + std::min<size_t>(queries.size(), pg_queries));
      Latency plain = Timed(pg_sample, run);
      Latency com = Timed(common, run);
      row.notes =
          absl::StrCat("timed on the first ", pg_sample.size(), " queries");
      row.p50p95 = plain.Summary();
      row.common = com.Summary();
      int64_t found = 0, all = 0;
      for (const auto& w : sample) {
        std::string tq = TsQuery(w);
        const char* params[] = {tq.c_str()};
        PGresult* res = PQexecParams(
            c,
            "SELECT count(*) FROM docs WHERE tsv @@ to_tsquery('simple', $1)",
            1, nullptr, params, nullptr, nullptr, 0);
        if (PQresultStatus(res) == PGRES_TUPLES_OK)
          found += std::stoll(PQgetvalue(res, 0, 0));
        PQclear(res);
        all += truth[w];
      }
      row.recall = Pct(found, all);
      emit(row);
    }
    if (c) PQfinish(c);
  }

  std::cout << "\n"
            << records << " records, " << queries.size()
            << " queries (top 20, warm), recall over " << sample.size()
            << " two-character words\n\n";
  std::cout
      << "| engine | build | size | query (relevance, no facets) | with facets "
         "/ by date | 10 most common 2-char words | 2-char recall | notes |\n";
  std::cout << "|---|---|---|---|---|---|---|---|\n";
  for (const Row& r : rows)
    std::cout << "| " << r.engine << " | " << r.build << " | " << r.size
              << " | " << r.p50p95 << " | " << r.facets << " | " << r.common
              << " | " << r.recall << " | " << r.notes << " |\n";
  return 0;
}

}  // namespace
}  // namespace zwgk::bench

int main(int argc, char** argv) { return zwgk::bench::Main(argc, argv); }
