// The process log: spdlog's default logger writing text or JSON lines to
// stderr or to a file that SIGHUP reopens (logrotate moves the file, the
// server keeps writing to the new one).
#ifndef ZWGK_CORE_LOGGING_H_
#define ZWGK_CORE_LOGGING_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace zwgk::logging {

struct Options {
  std::string format = "text";  // "text" or "json"
  std::string file;             // empty: stderr
  std::string level = "info";
};

// Replaces the default logger. InvalidArgument for an unknown format,
// Unavailable when the file cannot be opened for appending.
[[nodiscard]] absl::Status Configure(const Options& options);

// Reopens the log file under its name (after logrotate renamed it); does
// nothing when logging to stderr. Safe to call from any thread.
void Reopen();

// One answered request: logged at info, in JSON with its own fields.
struct AccessEntry {
  absl::string_view remote_ip;
  absl::string_view method;
  absl::string_view target;
  absl::string_view route;  // the route pattern, "" when none matched
  absl::string_view request_id;
  int status = 0;
  size_t bytes = 0;
  double duration_ms = 0;
};
void Access(const AccessEntry& e);

// While alive, lines logged by this thread carry `request_id` (a JSON field;
// text lines already name it where it matters).
class RequestScope {
 public:
  explicit RequestScope(absl::string_view request_id);
  ~RequestScope();
  RequestScope(const RequestScope&) = delete;
  RequestScope& operator=(const RequestScope&) = delete;

 private:
  std::string previous_;
};

}  // namespace zwgk::logging

#endif  // ZWGK_CORE_LOGGING_H_
