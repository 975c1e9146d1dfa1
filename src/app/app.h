// The application: configuration, database, modules and the router, built
// once and shared by `serve`, the CLI commands and in-process tests.
#ifndef ZWGK_APP_APP_H_
#define ZWGK_APP_APP_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "app/module.h"
#include "core/config.h"
#include "core/db.h"
#include "core/migrate.h"
#include "core/page_cache.h"
#include "core/view.h"
#include "core/web.h"

namespace zwgk {

class App {
 public:
  // Creates the modules (not started): their CLI commands can be registered
  // before the database is opened.
  App(Config config, const Clock& clock);
  ~App();

  // Replaces the configuration (after the command line is parsed; before Open).
  void Configure(Config config) { config_ = std::move(config); }

  // Opens the database from config (creating the data dir for SQLite),
  // applies pending migrations and starts every module.
  [[nodiscard]] absl::Status Open();
  // The same on an already-open database (tests).
  [[nodiscard]] absl::Status OpenWith(std::unique_ptr<db::Database> db);

  // Applies migrations only; returns how many ran.
  [[nodiscard]] absl::StatusOr<int> Migrate();
  // Seeds every module (idempotent).
  [[nodiscard]] absl::Status Seed();

  // All routes of all modules plus /healthz, /admin and static files.
  const web::Router& router();

  void RegisterCli(CliRegistry& cli);
  // The module named `name` (e.g. "auth"), or nullptr.
  Module* module(absl::string_view name);
  AppContext& context() { return *ctx_; }
  db::Database& db() { return *db_; }
  const Config& config() const { return config_; }

 private:
  Config config_;
  const Clock& clock_;
  std::vector<std::unique_ptr<Module>> modules_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<View> view_;
  std::unique_ptr<AppContext> ctx_;
  std::unique_ptr<web::Router> router_;
  std::unique_ptr<web::PageCache> page_cache_;
};

// The modules in dependency order (src/app/modules.cc).
std::vector<std::unique_ptr<Module>> MakeModules();

// Every module's migrations in module order, core first.
[[nodiscard]] absl::StatusOr<std::vector<Migration>> AllMigrations(
    const std::vector<std::unique_ptr<Module>>& modules);

}  // namespace zwgk

#endif  // ZWGK_APP_APP_H_
