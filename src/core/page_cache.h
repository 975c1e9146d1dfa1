// A cache of rendered public pages. Anonymous GET requests are answered from
// memory while the site generation (core/db.h) is unchanged, so any write —
// by this server, another server or the CLI — makes every page stale at once.
// A write of this process is seen by the next request; one of another
// process within `generation_max_age`. Pages that set cookies, answer with an
// error or are seen by a signed-in user are never stored.
#ifndef ZWGK_CORE_PAGE_CACHE_H_
#define ZWGK_CORE_PAGE_CACHE_H_

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "absl/time/time.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/web.h"

namespace zwgk::web {

struct PageCacheOptions {
  size_t max_entries = 4096;
  size_t max_entry_bytes = 2 << 20;
  size_t max_total_bytes = 64 << 20;
  // How long a write by another process (the CLI, a second server) may go
  // unseen (db::Database::RecentSiteGeneration).
  absl::Duration generation_max_age = db::Database::kGenerationMaxAge;
};

class PageCache {
 public:
  PageCache(db::Database& db, const Clock& clock,
            PageCacheOptions options = {});

  // Adds the lookup (before) and store (after) hooks. Install after the
  // hooks that identify the caller, so signed-in requests are recognised.
  void Install(Router& router);

  struct Stats {
    int64_t hits = 0, misses = 0, entries = 0;
  };
  Stats stats() const;

 private:
  struct Entry {
    int64_t generation;
    Response response;
    std::string route_pattern;  // of the request that rendered it (metrics)
  };
  std::optional<Response> Lookup(Request& req);
  void Store(const Request& req, const Response& resp);

  db::Database& db_;
  const Clock& clock_;
  PageCacheOptions options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
  size_t total_bytes_ = 0;
  int64_t hits_ = 0, misses_ = 0;
};

}  // namespace zwgk::web

#endif  // ZWGK_CORE_PAGE_CACHE_H_
