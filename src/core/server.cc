#include "core/server.h"

#include <signal.h>

#include <restinio/all.hpp>
#include <utility>  // before asio under C++20 (stack-notes)

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "spdlog/spdlog.h"

namespace zwgk::web {
namespace {

Method ToMethod(const restinio::http_method_id_t& m) {
  if (m == restinio::http_method_get()) return Method::kGet;
  if (m == restinio::http_method_head()) return Method::kHead;
  if (m == restinio::http_method_post()) return Method::kPost;
  if (m == restinio::http_method_put()) return Method::kPut;
  if (m == restinio::http_method_patch()) return Method::kPatch;
  if (m == restinio::http_method_delete()) return Method::kDelete;
  return Method::kOther;
}

std::string ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 429:
      return "Too Many Requests";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : "Status";
  }
}

restinio::request_handling_status_t HandleOne(
    const Router& router, const restinio::request_handle_t& rreq) {
  absl::Time start = absl::Now();
  const auto& h = rreq->header();
  Request req;
  req.method = ToMethod(h.method());
  req.target = std::string(h.request_target());
  req.path =
      UrlDecode(absl::string_view(h.path().data(), h.path().size()), false);
  req.query =
      ParseUrlEncoded(absl::string_view(h.query().data(), h.query().size()));
  h.for_each_field([&](const restinio::http_header_field_t& f) {
    req.headers[absl::AsciiStrToLower(f.name())] = f.value();
  });
  req.cookies = ParseCookies(req.Header("cookie"));
  req.body = rreq->body();
  req.remote_ip = rreq->remote_endpoint().address().to_string();

  Response resp = router.Handle(req);

  auto out = rreq->create_response(restinio::http_status_line_t(
      restinio::http_status_code_t(static_cast<std::uint16_t>(resp.status)),
      ReasonPhrase(resp.status)));
  out.append_header(restinio::http_field::content_type, resp.content_type);
  for (const auto& [k, v] : resp.headers) out.append_header(k, v);
  size_t bytes = resp.body.size();
  out.set_body(std::move(resp.body));
  out.done();
  spdlog::info("{} {} {} {} {}B {:.1f}ms", req.remote_ip,
               std::string(MethodName(req.method)), req.target, resp.status,
               bytes, absl::ToDoubleMilliseconds(absl::Now() - start));
  return restinio::request_accepted();
}

}  // namespace

absl::Status Serve(const ServerOptions& options, const Router& router) {
  // Block the stop signals in every thread; this thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  using Traits = restinio::default_traits_t;
  try {
    auto server = restinio::run_async(
        restinio::own_io_context(),
        restinio::server_settings_t<Traits>{}
            .address(options.address)
            .port(static_cast<std::uint16_t>(options.port))
            .incoming_http_msg_limits(
                restinio::incoming_http_msg_limits_t{}.max_body_size(
                    options.max_body_bytes))
            .request_handler([&router](const restinio::request_handle_t& rreq) {
              return HandleOne(router, rreq);
            }),
        static_cast<std::size_t>(options.threads));
    spdlog::info("zwgk serving on http://{}:{} ({} threads)", options.address,
                 options.port, options.threads);
    int sig = 0;
    sigwait(&stop_signals, &sig);
    spdlog::info("signal {} received, shutting down", sig);
    server->stop();
    server->wait();
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("无法在 ", options.address, ":",
                                               options.port, " 启动服务：",
                                               e.what()));
  }
  return absl::OkStatus();
}

}  // namespace zwgk::web
