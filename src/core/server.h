// The HTTP server: Boost.Beast on a thread pool feeding the Router.
//
// Beast, not RESTinio (the first choice): RESTinio 0.6 buffers every body up
// to one global limit before the application sees the request, and answers
// a larger one by closing the connection. Beast reads the header first, so
// the route's own body limit (web::RouteOptions) is applied while reading
// and a larger body gets 413 before it is buffered.
#ifndef ZWGK_CORE_SERVER_H_
#define ZWGK_CORE_SERVER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "core/web.h"

namespace zwgk::web {

struct ServerOptions {
  std::string address = "127.0.0.1";
  int port = 8080;
  int threads = 2;
  // Peers whose X-Forwarded-For names the client (ClientAddress).
  std::vector<std::string> trusted_proxies;
  size_t max_header_bytes = 16 << 10;  // request line + headers
  int max_connections = 2048;          // more are closed at once
  // Bodies above the router's default limit (uploads) share this budget,
  // so parallel large uploads cannot exhaust memory: 503 past it.
  size_t max_upload_bytes_in_flight = 256u << 20;
  // A slow client (slowloris) is cut off: the whole header within
  // header_timeout, the whole body within body_timeout; an idle
  // keep-alive connection after header_timeout too.
  absl::Duration header_timeout = absl::Seconds(30);
  absl::Duration body_timeout = absl::Seconds(120);
  // Called on SIGHUP (from the thread that waits for signals): reopen the
  // log file after logrotate moved it.
  std::function<void()> on_hangup;
};

// Serves `router` until SIGINT or SIGTERM, then stops accepting, finishes
// in-flight requests (for up to 10 s) and returns. Logs every request.
[[nodiscard]] absl::Status Serve(const ServerOptions& options,
                                 const Router& router);

}  // namespace zwgk::web

#endif  // ZWGK_CORE_SERVER_H_
