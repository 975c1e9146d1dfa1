// The module manifest (Decidim's idea, no static-init magic): each module
// says its name, wires its services once the database is open, and adds its
// routes, CLI commands and seed data. src/app/modules.cc lists them in order.
//
// Wiring, the one way (docs/architecture.md): a module takes the modules it
// uses as constructor references — they come earlier in modules.cc — and
// reaches their services in Start(). No getters passed as std::function, no
// setters called by the app, no lookup by name: what a module needs is in
// its constructor. It calls only the other module's service.h. (The CLI is
// registered before Start, so cli.cc receives getters that the module
// builds from those same references; they are only read once Start ran.)
#ifndef ZWGK_APP_MODULE_H_
#define ZWGK_APP_MODULE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "core/view.h"
#include "core/web.h"
#include "nlohmann/json.hpp"

namespace zwgk {

// What every module gets once the database is open and migrated.
struct AppContext {
  const Config& config;
  db::Database& db;
  const Clock& clock;
  View& view;
};

// A CLI subcommand's action: runs after the context is ready; returns the
// process exit code (see cli/exit_codes.h).
using CliAction = std::function<int(AppContext&)>;

// Lets modules add subcommands before parsing and run them afterwards.
class CliRegistry {
 public:
  explicit CliRegistry(CLI::App& root) : root_(root) {}
  CLI::App& root() { return root_; }
  // `sub` must be a (possibly nested) subcommand of root().
  void OnRun(CLI::App* sub, CliAction action) {
    actions_.push_back({sub, std::move(action)});
  }
  // The action of the subcommand that was parsed, if any.
  const CliAction* Parsed() const {
    for (const auto& [sub, action] : actions_) {
      if (sub->parsed()) return &action;
    }
    return nullptr;
  }

 private:
  CLI::App& root_;
  std::vector<std::pair<CLI::App*, CliAction>> actions_;
};

// Something the admin home asks someone to do, with where to do it.
struct AdminTask {
  std::string text;        // "2027年节假日安排尚未发布"
  std::string detail;      // why it matters, one sentence
  std::string url;         // where it is done
  std::string action;      // the link's words, "载入节假日安排"
  bool admin_only = true;  // shown to the county office only
};

struct AdminLink {
  std::string name;
  std::string url;
  bool admin_only = false;  // hidden from editors, reviewers and clerks
};

// A gauge for /metrics that a module computes from its service (the app
// caches the values for a few seconds, so a scrape cannot load the database).
struct MetricSample {
  std::string name;  // "zwgk_applications_overdue"
  std::string help;  // one line, English
  double value = 0;
};

class Module {
 public:
  virtual ~Module() = default;
  virtual absl::string_view name() const = 0;
  // Creates services on ctx; called once before routes, CLI actions or Seed.
  [[nodiscard]] virtual absl::Status Start(AppContext& ctx) = 0;
  virtual void RegisterRoutes(web::Router& router) { (void)router; }
  // Called before Start (the CLI is parsed first); actions run after Start.
  virtual void RegisterCli(CliRegistry& cli) { (void)cli; }
  // Loads the module's seed data; idempotent (`zwgk init` twice = same rows).
  [[nodiscard]] virtual absl::Status Seed() { return absl::OkStatus(); }
  // Site navigation entries this module contributes: {name, url}.
  virtual std::vector<std::pair<std::string, std::string>> NavItems() const {
    return {};
  }
  // Warnings for the admin home, computed when it is shown (e.g. "no
  // holiday schedule for 2027").
  virtual std::vector<std::string> AdminNotices() { return {}; }
  // Tasks for the admin home, computed when it is shown.
  virtual std::vector<AdminTask> AdminTasks() { return {}; }
  // Sections of the admin home (/admin) this module contributes.
  virtual std::vector<AdminLink> AdminLinks() const { return {}; }
  // Fields this module adds to every page's "site" context (org: the
  // county's name). Called per page; keep it to a cached read.
  virtual void AddSiteContext(nlohmann::json& site) { (void)site; }
  // Gauges for /metrics, computed when asked (at most every few seconds).
  virtual std::vector<MetricSample> Gauges() { return {}; }
};

}  // namespace zwgk

#endif  // ZWGK_APP_MODULE_H_
