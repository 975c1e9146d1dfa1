#include "core/page_cache.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace zwgk::web {
namespace {

bool Cacheable(const Request& req) {
  if (req.method != Method::kGet && req.method != Method::kHead) return false;
  if (req.principal || !req.Header("authorization").empty()) return false;
  // Own caching (ETags) or never public.
  for (absl::string_view prefix :
       {"/static/", "/healthz", "/admin", "/a11y/"}) {
    if (absl::StartsWith(req.path, prefix)) return false;
  }
  return true;
}

}  // namespace

PageCache::PageCache(db::Database& db, const Clock& clock,
                     PageCacheOptions options)
    : db_(db), clock_(clock), options_(options) {}

void PageCache::Install(Router& router) {
  router.AddBeforeHook([this](Request& req) { return Lookup(req); });
  router.AddAfterHook(
      [this](const Request& req, Response& resp) { Store(req, resp); });
}

std::optional<Response> PageCache::Lookup(Request& req) {
  if (!Cacheable(req)) return std::nullopt;
  const int64_t generation =
      db_.RecentSiteGeneration(clock_.Now(), options_.generation_max_age);
  if (generation < 0) return std::nullopt;
  // Pages that count days (期限计算器) change at midnight; the large-type
  // setting changes the layout.
  auto large = req.cookies.find("zwgk_large");
  // The host is part of the key: a page built for one name is never
  // served to a visitor of another.
  std::string key =
      absl::StrCat(Today(clock_) - absl::CivilDay(1970, 1, 1), "|",
                   large == req.cookies.end() ? "" : large->second, "|",
                   absl::AsciiStrToLower(req.Header("host")), "|", req.target);
  std::shared_ptr<const Entry> hit;
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second->generation == generation)
      hit = it->second;
    hit ? ++hits_ : ++misses_;
  }
  if (hit) {
    // A stored page shows no form token (pages that set one are never
    // stored), so the auth hook need not look for this request's in it.
    req.csrf_token.clear();
    req.route_pattern = hit->route_pattern;
    return hit->response;
  }
  req.cache_key = std::move(key);
  req.cache_generation = generation;
  return std::nullopt;
}

void PageCache::Store(const Request& req, const Response& resp) {
  if (req.cache_key.empty() || resp.status != 200 || resp.error) return;
  if (resp.body.size() > options_.max_entry_bytes ||
      !resp.HeaderValue("Set-Cookie").empty())
    return;
  Entry stored{req.cache_generation, resp, req.route_pattern};
  // Each answer gets its own request id (Router::Finish adds it when absent).
  std::erase_if(stored.response.headers,
                [](const auto& h) { return h.first == "X-Request-Id"; });
  auto entry = std::make_shared<const Entry>(std::move(stored));
  std::lock_guard lock(mu_);
  // Simple and bounded: when full, start again (pages re-render in ~1 ms).
  if (entries_.size() >= options_.max_entries ||
      total_bytes_ + resp.body.size() > options_.max_total_bytes) {
    entries_.clear();
    total_bytes_ = 0;
  }
  auto [it, inserted] = entries_.try_emplace(req.cache_key, entry);
  if (!inserted) {
    total_bytes_ -= it->second->response.body.size();
    it->second = std::move(entry);
  }
  total_bytes_ += resp.body.size();
}

PageCache::Stats PageCache::stats() const {
  std::lock_guard lock(mu_);
  return {hits_, misses_, static_cast<int64_t>(entries_.size())};
}

}  // namespace zwgk::web
