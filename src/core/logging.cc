#include "core/logging.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "nlohmann/json.hpp"
#include "spdlog/sinks/base_sink.h"
#include "spdlog/spdlog.h"

namespace zwgk::logging {
namespace {

// What the current thread adds to a JSON line.
struct Fields {
  std::string request_id;
  const AccessEntry* access = nullptr;
};
thread_local Fields current;

std::string IsoTime(std::chrono::system_clock::time_point t) {
  auto since = t.time_since_epoch();
  std::time_t secs =
      std::chrono::duration_cast<std::chrono::seconds>(since).count();
  int millis = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(since).count() %
      1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                         tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                         tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
}

// Writes whole lines to stderr or to a file it can reopen.
class LineSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  LineSink(bool json, std::string path, std::FILE* file)
      : json_(json), path_(std::move(path)), file_(file) {}
  ~LineSink() override {
    if (file_ && file_ != stderr) std::fclose(file_);
  }

  // Opens the file again under its name; keeps the old one on failure.
  void Reopen() {
    if (path_.empty()) return;
    std::lock_guard lock(mutex_);
    std::FILE* f = std::fopen(path_.c_str(), "a");
    if (!f) {
      std::fprintf(stderr, "zwgk: cannot reopen log file %s: %s\n",
                   path_.c_str(), std::strerror(errno));
      return;
    }
    std::fclose(file_);
    file_ = f;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::string line;
    if (json_) {
      line = JsonLine(msg);
    } else {
      spdlog::memory_buf_t buf;
      formatter_->format(msg, buf);
      line.assign(buf.data(), buf.size());
    }
    std::fwrite(line.data(), 1, line.size(), file_);
    // A line is on disk before the next request; logrotate never sees half.
    std::fflush(file_);
  }
  void flush_() override { std::fflush(file_); }

 private:
  static std::string JsonLine(const spdlog::details::log_msg& msg) {
    auto level = spdlog::level::to_string_view(msg.level);
    nlohmann::json j = {
        {"time", IsoTime(msg.time)},
        {"level", std::string(level.data(), level.size())},
    };
    const Fields& f = current;
    if (f.access) {
      const AccessEntry& a = *f.access;
      j["request_id"] = std::string(a.request_id);
      j["route"] = std::string(a.route);
      j["status"] = a.status;
      j["duration_ms"] = a.duration_ms;
      j["method"] = std::string(a.method);
      j["target"] = std::string(a.target);
      j["remote_ip"] = std::string(a.remote_ip);
      j["bytes"] = a.bytes;
    } else if (!f.request_id.empty()) {
      j["request_id"] = f.request_id;
    }
    j["message"] = std::string(msg.payload.data(), msg.payload.size());
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
           "\n";
  }

  bool json_;
  std::string path_;
  std::FILE* file_;
};

std::mutex sink_mu;
std::shared_ptr<LineSink> active_sink;

}  // namespace

absl::Status Configure(const Options& options) {
  if (options.format != "text" && options.format != "json")
    return absl::InvalidArgumentError(
        absl::StrCat("日志格式应为 text 或 json：", options.format));
  std::FILE* file = stderr;
  if (!options.file.empty()) {
    file = std::fopen(options.file.c_str(), "a");
    if (!file)
      return absl::UnavailableError(absl::StrCat(
          "无法打开日志文件 ", options.file, "：", std::strerror(errno)));
  }
  auto sink =
      std::make_shared<LineSink>(options.format == "json", options.file, file);
  auto logger = std::make_shared<spdlog::logger>("zwgk", sink);
  logger->set_level(spdlog::level::from_str(options.level));
  spdlog::set_default_logger(logger);
  std::lock_guard lock(sink_mu);
  active_sink = sink;
  return absl::OkStatus();
}

void Reopen() {
  std::shared_ptr<LineSink> sink;
  {
    std::lock_guard lock(sink_mu);
    sink = active_sink;
  }
  if (sink) sink->Reopen();
}

void Access(const AccessEntry& e) {
  const AccessEntry* before = current.access;
  current.access = &e;
  spdlog::info("{} {} {} {} {}B {:.1f}ms {}", std::string(e.remote_ip),
               std::string(e.method), std::string(e.target), e.status, e.bytes,
               e.duration_ms, std::string(e.request_id));
  current.access = before;
}

RequestScope::RequestScope(absl::string_view request_id)
    : previous_(std::move(current.request_id)) {
  current.request_id = std::string(request_id);
}

RequestScope::~RequestScope() { current.request_id = std::move(previous_); }

}  // namespace zwgk::logging
