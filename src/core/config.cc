#include "core/config.h"

#include <charconv>
#include <filesystem>
#include <functional>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/clock.h"
#include "toml++/toml.h"

extern char** environ;

namespace zwgk {
namespace {

absl::Status Bad(absl::string_view key, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("配置项 ", key, " 无效：", why));
}

absl::StatusOr<int> ParsePositiveInt(absl::string_view key,
                                     absl::string_view text, int max) {
  int v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0 ||
      v > max) {
    return Bad(key,
               absl::StrCat("\"", text, "\" 不是 1 到 ", max, " 之间的整数"));
  }
  return v;
}

std::vector<std::string> ParseList(absl::string_view text) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    part = absl::StripAsciiWhitespace(part);
    if (!part.empty()) out.emplace_back(part);
  }
  return out;
}

absl::StatusOr<bool> ParseBool(absl::string_view key, absl::string_view text) {
  std::string t = absl::AsciiStrToLower(text);
  if (t == "1" || t == "true" || t == "yes") return true;
  if (t == "0" || t == "false" || t == "no") return false;
  return Bad(key, absl::StrCat("\"", text, "\" 不是 true 或 false"));
}

// One setter per key, shared by the TOML file and the environment, which
// both arrive here as text.
using Setter = std::function<absl::Status(Config&, absl::string_view key,
                                          absl::string_view value)>;

const std::map<std::string, Setter>& Setters() {
  static const auto* kSetters = new std::map<std::string, Setter>{
      {"data_dir",
       [](Config& c, absl::string_view k, absl::string_view v) {
         if (v.empty()) return Bad(k, "不能为空");
         c.data_dir = std::string(v);
         return absl::OkStatus();
       }},
      {"db",
       [](Config& c, absl::string_view, absl::string_view v) {
         c.db = std::string(v);
         return absl::OkStatus();
       }},
      {"listen",
       [](Config& c, absl::string_view k, absl::string_view v) {
         if (v.empty()) return Bad(k, "不能为空");
         c.listen = std::string(v);
         return absl::OkStatus();
       }},
      {"port",
       [](Config& c, absl::string_view k, absl::string_view v) -> absl::Status {
         auto p = ParsePositiveInt(k, v, 65535);
         if (!p.ok()) return p.status();
         c.port = *p;
         return absl::OkStatus();
       }},
      {"threads",
       [](Config& c, absl::string_view k, absl::string_view v) -> absl::Status {
         auto p = ParsePositiveInt(k, v, 256);
         if (!p.ok()) return p.status();
         c.threads = *p;
         return absl::OkStatus();
       }},
      {"cookie_secure",
       [](Config& c, absl::string_view k, absl::string_view v) -> absl::Status {
         auto b = ParseBool(k, v);
         if (!b.ok()) return b.status();
         c.cookie_secure = *b;
         return absl::OkStatus();
       }},
      {"session_idle_minutes",
       [](Config& c, absl::string_view k, absl::string_view v) -> absl::Status {
         auto p = ParsePositiveInt(k, v, 24 * 60);
         if (!p.ok()) return p.status();
         c.session_idle_minutes = *p;
         return absl::OkStatus();
       }},
      {"log_level",
       [](Config& c, absl::string_view k, absl::string_view v) {
         static const std::set<absl::string_view> kLevels = {
             "trace", "debug", "info", "warn", "error", "off"};
         if (!kLevels.contains(v))
           return Bad(k,
                      absl::StrCat("\"", v,
                                   "\" 应为 trace/debug/info/warn/error/off"));
         c.log_level = std::string(v);
         return absl::OkStatus();
       }},
      {"log_format",
       [](Config& c, absl::string_view k, absl::string_view v) {
         if (v != "text" && v != "json")
           return Bad(k, absl::StrCat("\"", v, "\" 应为 text 或 json"));
         c.log_format = std::string(v);
         return absl::OkStatus();
       }},
      {"log_file",
       [](Config& c, absl::string_view, absl::string_view v) {
         c.log_file = std::string(v);
         return absl::OkStatus();
       }},
      {"metrics_token",
       [](Config& c, absl::string_view k, absl::string_view v) {
         // Compared with what a client sends: short tokens are guessable.
         if (!v.empty() && v.size() < 16) return Bad(k, "至少 16 个字符");
         c.metrics_token = std::string(v);
         return absl::OkStatus();
       }},
      {"node_modules",
       [](Config& c, absl::string_view, absl::string_view v) {
         c.node_modules = std::string(v);
         return absl::OkStatus();
       }},
      {"public_base_url",
       [](Config& c, absl::string_view k, absl::string_view v) {
         if (!v.empty() && !absl::StartsWith(v, "http://") &&
             !absl::StartsWith(v, "https://"))
           return Bad(k, "应以 http:// 或 https:// 开头");
         std::string url(v);
         while (!url.empty() && url.back() == '/') url.pop_back();
         c.public_base_url = url;
         return absl::OkStatus();
       }},
      {"allowed_hosts",
       [](Config& c, absl::string_view k, absl::string_view v) {
         c.allowed_hosts = ParseList(v);
         for (const std::string& h : c.allowed_hosts) {
           if (absl::StrContains(h, "/") || absl::StrContains(h, " "))
             return Bad(
                 k,
                 absl::StrCat("\"", h, "\" 应为主机名，如 www.example.gov.cn"));
         }
         return absl::OkStatus();
       }},
      {"time_zone",
       [](Config& c, absl::string_view k, absl::string_view v) {
         if (!LoadDisplayZone(v))
           return Bad(
               k, absl::StrCat("\"", v, "\" 不是已知的时区，如 Asia/Shanghai"));
         c.time_zone = std::string(v);
         return absl::OkStatus();
       }},
      {"trusted_proxies",
       [](Config& c, absl::string_view, absl::string_view v) {
         c.trusted_proxies = ParseList(v);
         return absl::OkStatus();
       }},
  };
  return *kSetters;
}

absl::Status ApplyToml(Config& config, const std::string& path) {
  toml::table parsed;
  try {
    parsed = toml::parse_file(path);
  } catch (const toml::parse_error& err) {
    return absl::InvalidArgumentError(
        absl::StrCat("配置文件 ", path, " 第 ", err.source().begin.line,
                     " 行无法解析：", std::string(err.description())));
  }
  for (auto&& [key, node] : parsed) {
    std::string k(key.str());
    auto it = Setters().find(k);
    if (it == Setters().end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("配置文件 ", path, " 中有未知配置项 ", k));
    }
    std::string text;
    if (node.is_string()) {
      text = node.as_string()->get();
    } else if (node.is_integer()) {
      text = absl::StrCat(node.as_integer()->get());
    } else if (node.is_boolean()) {
      text = node.as_boolean()->get() ? "true" : "false";
    } else if (const toml::array* list = node.as_array()) {
      for (const toml::node& item : *list) {
        if (!item.is_string()) return Bad(k, "数组的每一项应为字符串");
        absl::StrAppend(&text, text.empty() ? "" : ",",
                        item.as_string()->get());
      }
    } else {
      return Bad(k, "类型应为字符串、整数或布尔值");
    }
    absl::Status s = it->second(config, k, text);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Config> LoadConfig(
    const ConfigFlags& flags, const std::map<std::string, std::string>& env) {
  Config config;
  std::optional<std::string> file = flags.config_file;
  if (!file) {
    if (auto it = env.find("ZWGK_CONFIG"); it != env.end()) file = it->second;
  }
  if (file) {
    if (!std::filesystem::exists(*file)) {
      return absl::InvalidArgumentError(
          absl::StrCat("配置文件不存在：", *file));
    }
  } else if (std::filesystem::exists("zwgk.toml")) {
    file = "zwgk.toml";
  }
  if (file) {
    absl::Status s = ApplyToml(config, *file);
    if (!s.ok()) return s;
  }
  for (const auto& [key, setter] : Setters()) {
    auto it = env.find(absl::StrCat("ZWGK_", absl::AsciiStrToUpper(key)));
    if (it == env.end()) continue;
    absl::Status s = setter(config, it->first, it->second);
    if (!s.ok()) return s;
  }
  if (flags.data_dir) {
    absl::Status s =
        Setters().at("data_dir")(config, "--data-dir", *flags.data_dir);
    if (!s.ok()) return s;
  }
  if (flags.db) config.db = *flags.db;
  if (flags.port) {
    if (*flags.port <= 0 || *flags.port > 65535)
      return Bad("--port", "应为 1 到 65535");
    config.port = *flags.port;
  }
  if (flags.log_format) {
    absl::Status s =
        Setters().at("log_format")(config, "--log-format", *flags.log_format);
    if (!s.ok()) return s;
  }
  if (config.db.empty())
    config.db = absl::StrCat("sqlite:", config.data_dir, "/zwgk.db");
  // A portal published over HTTPS never sends its session cookie in clear.
  if (absl::StartsWith(config.public_base_url, "https://"))
    config.cookie_secure = true;
  return config;
}

std::vector<std::string> EffectiveAllowedHosts(const Config& config) {
  std::vector<std::string> hosts = config.allowed_hosts;
  if (!config.public_base_url.empty()) {
    absl::string_view rest(config.public_base_url);
    rest = rest.substr(rest.find("://") + 3);
    rest = rest.substr(0, rest.find('/'));
    if (!absl::StartsWith(rest, "["))
      rest = rest.substr(0, rest.rfind(':'));
    else
      rest = rest.substr(0, rest.find(']') + 1);
    hosts.emplace_back(rest);
  }
  for (const char* loopback : {"localhost", "127.0.0.1", "[::1]"})
    hosts.emplace_back(loopback);
  return hosts;
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e && *e; ++e) {
    absl::string_view kv(*e);
    size_t eq = kv.find('=');
    if (eq == absl::string_view::npos) continue;
    out.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return out;
}

}  // namespace zwgk
