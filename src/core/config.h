// Configuration: defaults < TOML file (zwgk.toml) < environment (ZWGK_*) <
// command-line flags. Every bad value is reported with the key that holds it.
#ifndef ZWGK_CORE_CONFIG_H_
#define ZWGK_CORE_CONFIG_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace zwgk {

struct Config {
  std::string data_dir = "./var";  // data_dir / ZWGK_DATA_DIR / --data-dir
  std::string db;  // db / ZWGK_DB / --db; default sqlite:<data_dir>/zwgk.db
  std::string listen = "127.0.0.1";  // listen / ZWGK_LISTEN
  int port = 8080;                   // port / ZWGK_PORT / --port
  int threads = 2;  // threads / ZWGK_THREADS: HTTP worker threads
  bool cookie_secure =
      false;  // cookie_secure / ZWGK_COOKIE_SECURE: behind HTTPS
  int session_idle_minutes =
      30;  // session_idle_minutes / ZWGK_SESSION_IDLE_MINUTES
  std::string log_level = "info";  // log_level / ZWGK_LOG_LEVEL
  std::string node_modules =
      "node_modules";  // node_modules / ZWGK_NODE_MODULES: front-end packages
  // public_base_url / ZWGK_PUBLIC_BASE_URL: the portal's public address for
  // feeds and sitemaps ("https://www.example.gov.cn"); empty: from the Host
  // header.
  std::string public_base_url;
};

// Values given on the command line; unset ones fall through.
struct ConfigFlags {
  std::optional<std::string>
      config_file;  // --config; else ./zwgk.toml if it exists
  std::optional<std::string> data_dir;
  std::optional<std::string> db;
  std::optional<int> port;
};

// `env` is the process environment (only ZWGK_* keys are read).
[[nodiscard]] absl::StatusOr<Config> LoadConfig(
    const ConfigFlags& flags, const std::map<std::string, std::string>& env);

// The process environment as a map.
std::map<std::string, std::string> ProcessEnvironment();

}  // namespace zwgk

#endif  // ZWGK_CORE_CONFIG_H_
