#include "app/app.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <tuple>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/guard.h"
#include "core/metrics.h"
#include "core/resources.h"
#include "core/static_files.h"
#include "core/status.h"

namespace zwgk {

App::App(Config config, const Clock& clock)
    : config_(std::move(config)), clock_(clock), modules_(MakeModules()) {}

// The routes and caches go first, then the modules (a module may still be
// finishing background work on the database, e.g. a self-inspection), and
// the database last.
App::~App() {
  router_.reset();
  page_cache_.reset();
  for (auto it = modules_.rbegin(); it != modules_.rend(); ++it) it->reset();
  modules_.clear();
}

namespace {

// The ColumnType <meta> of a page no handler typed: by the part of the
// site its path is in.
std::string ColumnTypeFor(absl::string_view path) {
  if (path == "/") return "首页";
  for (absl::string_view p : {"/messages", "/consultations", "/decisions"})
    if (absl::StartsWith(path, p)) return "互动交流";
  for (absl::string_view p : {"/services", "/apply"})
    if (absl::StartsWith(path, p)) return "办事服务";
  if (absl::StartsWith(path, "/search")) return "站内搜索";
  if (absl::StartsWith(path, "/admin") || absl::StartsWith(path, "/login"))
    return "管理后台";
  return "信息公开";
}

// The modules' part of the layout's site context (county name, identity,
// the navigation without blank columns), kept per site generation and day.
class SiteContextCache {
 public:
  std::shared_ptr<const nlohmann::json> Get(
      db::Database& db, const Clock& clock,
      const std::function<nlohmann::json()>& compute) {
    const int64_t generation = db.RecentSiteGeneration(clock.Now());
    const absl::CivilDay day = Today(clock);
    {
      std::lock_guard lock(mu_);
      if (site_ && generation >= 0 && generation == generation_ && day == day_)
        return site_;
    }
    auto site = std::make_shared<const nlohmann::json>(compute());
    // Without a generation (the database unreachable) nothing is kept: the
    // next page asks the modules again.
    if (generation < 0) return site;
    std::lock_guard lock(mu_);
    site_ = site;
    generation_ = generation;
    day_ = day;
    return site;
  }

 private:
  std::mutex mu_;
  std::shared_ptr<const nlohmann::json> site_;
  int64_t generation_ = -1;
  absl::CivilDay day_;
};

// The modules' gauges, computed at most every kGaugeSeconds so scraping
// cannot load the database.
constexpr int kGaugeSeconds = 15;
struct GaugeCache {
  std::mutex mu;
  std::chrono::steady_clock::time_point at{};
  std::vector<MetricSample> values;
};

bool Forwarded(const web::Request& req) {
  return !req.Header("x-forwarded-for").empty() ||
         !req.Header("forwarded").empty() || !req.Header("x-real-ip").empty();
}

// The /metrics page: requests, the page cache, the database pool and the
// modules' gauges (issue 20).
std::string MetricsText(const metrics::RequestMetrics& requests,
                        GaugeCache& gauges, const web::PageCache* cache,
                        const db::Database& db,
                        const std::vector<std::unique_ptr<Module>>& modules) {
  metrics::Exposition out;
  requests.Write(out);
  web::PageCache::Stats c = cache ? cache->stats() : web::PageCache::Stats{};
  out.Family("zwgk_page_cache_hits_total",
             "Anonymous pages answered from the page cache.", "counter");
  out.Sample("zwgk_page_cache_hits_total", {}, static_cast<double>(c.hits));
  out.Family("zwgk_page_cache_misses_total",
             "Cacheable pages that had to be built.", "counter");
  out.Sample("zwgk_page_cache_misses_total", {}, static_cast<double>(c.misses));
  out.Family("zwgk_page_cache_entries", "Pages held by the page cache.",
             "gauge");
  out.Sample("zwgk_page_cache_entries", {}, static_cast<double>(c.entries));
  db::Database::PoolStats p = db.pool_stats();
  for (const auto& [name, help, value] :
       std::vector<std::tuple<const char*, const char*, int64_t>>{
           {"zwgk_db_pool_open", "Database connections open.", p.open},
           {"zwgk_db_pool_idle", "Database connections idle in the pool.",
            p.idle},
           {"zwgk_db_pool_max", "Most database connections the pool opens.",
            p.max},
           {"zwgk_db_pool_waiting",
            "Callers waiting for a database connection now.", p.waiting}}) {
    out.Family(name, help, "gauge");
    out.Sample(name, {}, static_cast<double>(value));
  }
  out.Family("zwgk_db_pool_acquired_total",
             "Database connections handed out by the pool.", "counter");
  out.Sample("zwgk_db_pool_acquired_total", {},
             static_cast<double>(p.acquired));
  out.Family("zwgk_db_pool_waited_total",
             "Times a caller had to wait for a database connection.",
             "counter");
  out.Sample("zwgk_db_pool_waited_total", {}, static_cast<double>(p.waited));
  std::lock_guard lock(gauges.mu);
  auto now = std::chrono::steady_clock::now();
  if (gauges.at == std::chrono::steady_clock::time_point{} ||
      now - gauges.at > std::chrono::seconds(kGaugeSeconds)) {
    gauges.values.clear();
    for (const auto& m : modules) {
      for (MetricSample& s : m->Gauges()) gauges.values.push_back(std::move(s));
    }
    gauges.at = now;
  }
  for (const MetricSample& s : gauges.values) {
    out.Family(s.name, s.help, "gauge");
    out.Sample(s.name, {}, s.value);
  }
  return out.text();
}

}  // namespace

absl::StatusOr<std::vector<Migration>> AllMigrations(
    const std::vector<std::unique_ptr<Module>>& modules) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<Migration> all, EmbeddedMigrations("core"));
  for (const auto& m : modules) {
    ZWGK_ASSIGN_OR_RETURN(std::vector<Migration> mine,
                          EmbeddedMigrations(m->name()));
    all.insert(all.end(), mine.begin(), mine.end());
  }
  return all;
}

absl::Status App::Open() {
  if (absl::StartsWith(config_.db, "sqlite:") &&
      config_.db != "sqlite::memory:") {
    std::error_code ec;
    std::filesystem::create_directories(config_.data_dir, ec);
    if (ec) {
      return absl::UnavailableError(absl::StrCat(
          "无法创建数据目录 ", config_.data_dir, "：", ec.message()));
    }
  }
  ZWGK_ASSIGN_OR_RETURN(std::unique_ptr<db::Database> db,
                        db::Database::Open(config_.db));
  return OpenWith(std::move(db));
}

absl::Status App::OpenWith(std::unique_ptr<db::Database> db) {
  db_ = std::move(db);
  // Set before any server thread starts; LoadConfig has checked the name.
  SetDisplayTimeZone(
      LoadDisplayZone(config_.time_zone).value_or(ChinaTimeZone()));
  ZWGK_RETURN_IF_ERROR(Migrate().status());
  view_ = View::FromResources();
  ctx_ =
      std::make_unique<AppContext>(AppContext{config_, *db_, clock_, *view_});
  for (auto& m : modules_) ZWGK_RETURN_IF_ERROR(m->Start(*ctx_));
  return absl::OkStatus();
}

absl::StatusOr<int> App::Migrate() {
  ZWGK_ASSIGN_OR_RETURN(std::vector<Migration> all, AllMigrations(modules_));
  return zwgk::Migrate(*db_, all);
}

absl::Status App::Seed() {
  for (auto& m : modules_) ZWGK_RETURN_IF_ERROR(m->Seed());
  return absl::OkStatus();
}

void App::RegisterCli(CliRegistry& cli) {
  for (auto& m : modules_) m->RegisterCli(cli);
}

Module* App::module(absl::string_view name) {
  for (auto& m : modules_) {
    if (m->name() == name) return m.get();
  }
  return nullptr;
}

const web::Router& App::router() {
  if (router_) return *router_;
  router_ = std::make_unique<web::Router>();
  web::Router& r = *router_;
  std::vector<Module*> contributors;
  nlohmann::json nav = nlohmann::json::array();
  nlohmann::json admin_links = nlohmann::json::array();
  for (auto& m : modules_) {
    contributors.push_back(m.get());
    for (const auto& [name, url] : m->NavItems())
      nav.push_back({{"name", name}, {"url", url}});
    for (const AdminLink& link : m->AdminLinks()) {
      admin_links.push_back({{"name", link.name},
                             {"url", link.url},
                             {"admin_only", link.admin_only}});
    }
  }
  std::string base_url = config_.public_base_url;
  while (absl::EndsWith(base_url, "/")) base_url.pop_back();
  // The modules' part is the same for every page until the data or the day
  // changes: computed once per site generation and day, then copied (it was
  // a tenth of a record page's render).
  auto modules_part = std::make_shared<SiteContextCache>();
  db::Database* site_db = db_.get();
  const Clock* clock = &clock_;
  view_->SetSiteContext([contributors, nav, base_url, modules_part, site_db,
                         clock](const web::Request& req) {
    nlohmann::json site =
        *modules_part->Get(*site_db, *clock, [&contributors, &nav] {
          // Modules may drop nav entries (columns: blank columns, issue 19).
          nlohmann::json computed = {{"county_name", ""}, {"nav", nav}};
          for (Module* m : contributors) m->AddSiteContext(computed);
          return computed;
        });
    // The page <meta> tags' site: public_base_url, else the Host header
    // (already checked against allowed_hosts).
    std::string base = base_url.empty()
                           ? absl::StrCat("http://", req.Header("host"))
                           : base_url;
    site["site_base"] = base;
    site["site_domain"] = std::string(
        absl::StripPrefix(absl::StripPrefix(base, "https://"), "http://"));
    site["column_type"] = ColumnTypeFor(req.path);
    for (auto& item : site["nav"]) item["current"] = item["url"] == req.path;
    return site;
  });
  View* view = view_.get();
  r.SetErrorPageRenderer(
      [view](const web::Request& req, const absl::Status& s) {
        return view->ErrorPage(req, s);
      });
  // Before every other hook: a request naming a host the county did not
  // configure is refused, so nothing is built (or cached) for that host.
  std::vector<std::string> hosts = EffectiveAllowedHosts(config_);
  r.AddBeforeHook([hosts](web::Request& req) -> std::optional<web::Response> {
    if (req.path == "/healthz" || web::HostAllowed(req.Header("host"), hosts))
      return std::nullopt;
    return web::Error(absl::InvalidArgumentError(
        "请求的主机名不在本站的允许列表中（配置项 allowed_hosts）"));
  });
  // /metrics (Prometheus): before the callers' hooks, whose bearer tokens
  // are API tokens, and before the page cache. Loopback without a proxy in
  // between, or the configured metrics_token; anyone else: 404.
  auto requests = std::make_shared<metrics::RequestMetrics>();
  auto gauges = std::make_shared<GaugeCache>();
  std::string metrics_token = config_.metrics_token;
  r.AddBeforeHook([this, requests, gauges, metrics_token](
                      web::Request& req) -> std::optional<web::Response> {
    if (req.path != "/metrics") return std::nullopt;
    req.route_pattern = "/metrics";
    if (!req.IsSafeMethod() ||
        !metrics::MayScrape(req.remote_ip, Forwarded(req),
                            req.Header("authorization"), metrics_token)) {
      return web::Error(
          absl::NotFoundError(absl::StrCat("页面不存在：", req.path)));
    }
    return web::Text(MetricsText(*requests, *gauges, page_cache_.get(), *db_,
                                 modules_),
                     "text/plain; version=0.0.4; charset=utf-8")
        .WithHeader("Cache-Control", "no-store");
  });
  r.AddAfterHook(web::AddSecurityHeaders);
  db::Database* db = db_.get();
  r.Get("/healthz", [db](web::Request&) {
    // Reads the site generation: the database answers and is migrated.
    if (db::SiteGeneration(*db) < 0)
      return web::Error(absl::UnavailableError("数据库不可用"));
    return web::Text("ok\n");
  });
  // The OpenAPI 3.1 document of /api/v1, kept beside this file; the app
  // test compares it with the route tables (issue 20).
  r.Get("/api/v1/openapi.json", [](web::Request&) {
    std::optional<absl::string_view> doc =
        resources::Find("src/app/data/openapi.json");
    if (!doc) return web::Error(absl::InternalError("openapi.json 未嵌入"));
    return web::Text(std::string(*doc), "application/json; charset=utf-8");
  });
  std::vector<Module*> modules;
  for (auto& m : modules_) modules.push_back(m.get());
  r.Get("/admin", [view, admin_links, modules](web::Request& req) {
    if (auto denied = web::RequireSignedIn(req)) return *denied;
    bool admin = IsAdmin(*req.principal);
    nlohmann::json links = nlohmann::json::array();
    for (const auto& link : admin_links) {
      if (admin || !link["admin_only"].get<bool>()) links.push_back(link);
    }
    nlohmann::json notices = nlohmann::json::array();
    nlohmann::json tasks = nlohmann::json::array();
    for (Module* m : modules) {
      if (admin) {
        for (const std::string& n : m->AdminNotices()) notices.push_back(n);
      }
      for (const AdminTask& t : m->AdminTasks()) {
        if (t.admin_only && !admin) continue;
        tasks.push_back({{"text", t.text},
                         {"detail", t.detail},
                         {"url", t.url},
                         {"action", t.action}});
      }
    }
    nlohmann::json ctx = {{"links", links},
                          {"notices", notices},
                          {"tasks", tasks},
                          {"has_tasks", !tasks.empty()},
                          {"name", req.principal->name},
                          {"role", req.principal->role},
                          {"is_admin", admin}};
    return view->Page(req, "app/admin_home", ctx, {.title = "管理后台"});
  });
  web::RegisterStaticRoutes(r, {.node_modules = config_.node_modules,
                                .cookie_secure = config_.cookie_secure});
  for (auto& m : modules_) m->RegisterRoutes(r);
  // After the modules' hooks, which tell who is calling.
  page_cache_ = std::make_unique<web::PageCache>(*db_, clock_);
  page_cache_->Install(r);
  // Last, so the other hooks' work is in the latency. Pages answered by a
  // before hook (the page cache) are labelled with the route that would
  // have answered them.
  r.AddAfterHook([requests, &r](const web::Request& req, web::Response& resp) {
    std::string route = req.route_pattern;
    if (route.empty()) {
      if (const web::Route* found = r.Find(req.method, req.path))
        route = found->pattern;
    }
    std::chrono::duration<double> took =
        std::chrono::steady_clock::now() - req.started;
    requests->Record(web::MethodName(req.method), route, resp.status,
                     took.count());
  });
  return r;
}

}  // namespace zwgk
