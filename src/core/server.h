// The HTTP server: RESTinio on a thread pool feeding the Router.
#ifndef ZWGK_CORE_SERVER_H_
#define ZWGK_CORE_SERVER_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "core/web.h"

namespace zwgk::web {

struct ServerOptions {
  std::string address = "127.0.0.1";
  int port = 8080;
  int threads = 2;
  uint64_t max_body_bytes = 32 << 20;  // larger bodies get 413 from the parser
};

// Serves `router` until SIGINT or SIGTERM, then stops accepting, finishes
// in-flight requests and returns. Logs every request (spdlog access log).
[[nodiscard]] absl::Status Serve(const ServerOptions& options,
                                 const Router& router);

}  // namespace zwgk::web

#endif  // ZWGK_CORE_SERVER_H_
