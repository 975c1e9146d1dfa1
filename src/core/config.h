// Configuration: defaults < TOML file (zwgk.toml) < environment (ZWGK_*) <
// command-line flags. Every bad value is reported with the key that holds it.
#ifndef ZWGK_CORE_CONFIG_H_
#define ZWGK_CORE_CONFIG_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace zwgk {

struct Config {
  std::string data_dir = "./var";  // data_dir / ZWGK_DATA_DIR / --data-dir
  std::string db;  // db / ZWGK_DB / --db; default sqlite:<data_dir>/zwgk.db
  std::string listen = "127.0.0.1";  // listen / ZWGK_LISTEN
  int port = 8080;                   // port / ZWGK_PORT / --port
  int threads = 2;  // threads / ZWGK_THREADS: HTTP worker threads
  // cookie_secure / ZWGK_COOKIE_SECURE: behind HTTPS
  bool cookie_secure = false;
  // session_idle_minutes / ZWGK_SESSION_IDLE_MINUTES
  int session_idle_minutes = 30;
  std::string log_level = "info";  // log_level / ZWGK_LOG_LEVEL
  // log_format / ZWGK_LOG_FORMAT / --log-format: "text" or "json" (one JSON
  // object per line: time, level, request_id, route, status, duration_ms,
  // message).
  std::string log_format = "text";
  // log_file / ZWGK_LOG_FILE: append logs to this file instead of stderr;
  // reopened on SIGHUP (logrotate). Relative to the working directory.
  std::string log_file;
  // metrics_token / ZWGK_METRICS_TOKEN: /metrics answers a request from
  // loopback without a forwarding header, or one carrying
  // "Authorization: Bearer <metrics_token>"; anyone else gets 404.
  std::string metrics_token;
  // node_modules / ZWGK_NODE_MODULES: front-end packages
  std::string node_modules = "node_modules";
  // public_base_url / ZWGK_PUBLIC_BASE_URL: the portal's public address for
  // feeds and sitemaps ("https://www.example.gov.cn"); empty: from the Host
  // header.
  std::string public_base_url;
  // allowed_hosts / ZWGK_ALLOWED_HOSTS: comma-separated host names the
  // portal answers to (any other Host header gets 400, so no page, feed or
  // cached copy is built with an attacker's host). The host of
  // public_base_url and the loopback names are always allowed; "*" allows
  // any (only behind a proxy that checks Host itself).
  std::vector<std::string> allowed_hosts;
  // trusted_proxies / ZWGK_TRUSTED_PROXIES: comma-separated addresses or
  // IPv4 CIDR blocks of reverse proxies whose X-Forwarded-For names the
  // client (login throttle, form rate limits, logs). Empty: the peer.
  std::vector<std::string> trusted_proxies;
  // time_zone / ZWGK_TIME_ZONE: the county's zone every time shown to people
  // is in (IANA name, e.g. Asia/Urumqi); checked when loaded.
  std::string time_zone = "Asia/Shanghai";
};

// The Host names the server answers to: allowed_hosts, the host of
// public_base_url, localhost, 127.0.0.1 and [::1].
std::vector<std::string> EffectiveAllowedHosts(const Config& config);

// Values given on the command line; unset ones fall through.
struct ConfigFlags {
  // --config; else ./zwgk.toml if it exists
  std::optional<std::string> config_file;
  std::optional<std::string> data_dir;
  std::optional<std::string> db;
  std::optional<int> port;
  std::optional<std::string> log_format;
};

// `env` is the process environment (only ZWGK_* keys are read).
[[nodiscard]] absl::StatusOr<Config> LoadConfig(
    const ConfigFlags& flags, const std::map<std::string, std::string>& env);

// The process environment as a map.
std::map<std::string, std::string> ProcessEnvironment();

}  // namespace zwgk

#endif  // ZWGK_CORE_CONFIG_H_
