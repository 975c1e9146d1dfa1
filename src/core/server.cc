#include "core/server.h"

#include <signal.h>

#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <limits>
#include <memory>
#include <optional>
#include <thread>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/logging.h"
#include "spdlog/spdlog.h"

namespace zwgk::web {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using ErrorCode = beast::error_code;

Method ToMethod(http::verb v) {
  switch (v) {
    case http::verb::get:
      return Method::kGet;
    case http::verb::head:
      return Method::kHead;
    case http::verb::post:
      return Method::kPost;
    case http::verb::put:
      return Method::kPut;
    case http::verb::patch:
      return Method::kPatch;
    case http::verb::delete_:
      return Method::kDelete;
    default:
      return Method::kOther;
  }
}

std::chrono::steady_clock::duration ToChrono(absl::Duration d) {
  return absl::ToChronoMilliseconds(d);
}

// State shared by the acceptor and every connection.
struct Shared {
  const Router& router;
  const ServerOptions& options;
  std::atomic<int> connections{0};
  std::atomic<int> busy{0};  // requests between header and response sent
  std::atomic<size_t> upload_bytes{0};
  std::atomic<bool> stopping{false};
};

// 1xx, 204 and 304 answers carry no body and no Content-Length.
bool HasBody(int status) {
  return status >= 200 && status != 204 && status != 304;
}

// A header line; a CR or LF inside a name or value (none of ours should
// hold one, but a value built from input must never start a new header)
// is written as a space.
void AppendField(std::string& head, absl::string_view name,
                 absl::string_view value) {
  const size_t start = head.size();
  absl::StrAppend(&head, name, ": ", value);
  for (size_t i = start; i < head.size(); ++i)
    if (head[i] == '\r' || head[i] == '\n') head[i] = ' ';
  head.append("\r\n");
}

// The status line and header of `resp` (HTTP/1.1).
std::string ResponseHead(const Response& resp, bool keep_alive) {
  std::string head;
  head.reserve(512);
  const auto status = static_cast<http::status>(resp.status);
  const beast::string_view reason = http::obsolete_reason(status);
  absl::StrAppend(&head, "HTTP/1.1 ", resp.status, " ",
                  absl::string_view(reason.data(), reason.size()), "\r\n");
  AppendField(head, "Content-Type", resp.content_type);
  for (const auto& [name, value] : resp.headers) AppendField(head, name, value);
  if (HasBody(resp.status))
    absl::StrAppend(&head, "Content-Length: ", resp.body.size(), "\r\n");
  if (!keep_alive) head.append("Connection: close\r\n");
  head.append("\r\n");
  return head;
}

// An answer on its way: kept alive until the write completes.
struct Outgoing {
  std::string head;
  std::string body;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Shared& shared)
      : stream_(std::move(socket)), shared_(shared) {
    ++shared_.connections;
    ErrorCode ec;
    tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
    peer_ = ec ? "unknown" : peer.address().to_string();
  }
  ~Session() {
    ReleaseUpload();
    --shared_.connections;
  }

  void Start() {
    net::dispatch(stream_.get_executor(),
                  [self = shared_from_this()] { self->ReadHeader(); });
  }

 private:
  void ReadHeader() {
    if (shared_.stopping) return Close();
    header_.emplace();
    header_->header_limit(
        static_cast<std::uint32_t>(shared_.options.max_header_bytes));
    // Beast's own default (1 MB) would fail the header of a larger announced
    // body with a silent close; the route's limit is checked in OnHeader.
    // (Not boost::none: Boost 1.74 compares the length with the optional,
    // and every length is greater than none.)
    header_->body_limit(std::numeric_limits<std::uint64_t>::max());
    stream_.expires_after(ToChrono(shared_.options.header_timeout));
    http::async_read_header(stream_, buffer_, *header_,
                            [self = shared_from_this()](ErrorCode ec, size_t) {
                              self->OnHeader(ec);
                            });
  }

  void OnHeader(ErrorCode ec) {
    if (ec == http::error::header_limit) return Refuse(431, "请求头过大");
    if (ec == http::error::body_limit) return TooLarge();
    if (ec) return Close();  // end of stream, timeout, garbage
    ++shared_.busy;
    busy_ = true;
    const auto& h = header_->get();
    boost::optional<std::uint64_t> length = header_->content_length();
    // Most requests announce no body: their route's limit is not looked up.
    limit_ = shared_.router.default_body_limit();
    if ((length && *length > 0) || header_->chunked()) {
      std::string target(h.target());
      std::string path = UrlDecode(
          absl::string_view(target).substr(0, target.find('?')), false);
      limit_ = shared_.router.BodyLimit(ToMethod(h.method()), path);
    }
    if (length && *length > limit_) return TooLarge();
    if (limit_ > shared_.router.default_body_limit() &&
        !ReserveUpload(length.value_or(limit_)))
      return Refuse(503, "服务器正忙于接收其他上传，请稍后再试");
    bool expect_continue = absl::EqualsIgnoreCase(
        std::string(h[http::field::expect]), "100-continue");
    body_.emplace(std::move(*header_));
    header_.reset();
    body_->body_limit(limit_);
    if (expect_continue) {
      auto cont = std::make_shared<http::response<http::empty_body>>(
          http::status::continue_, 11);
      http::async_write(
          stream_, *cont,
          [self = shared_from_this(), cont](ErrorCode ec, size_t) {
            if (ec) return self->Close();
            self->ReadBody();
          });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    stream_.expires_after(ToChrono(shared_.options.body_timeout));
    http::async_read(stream_, buffer_, *body_,
                     [self = shared_from_this()](ErrorCode ec, size_t) {
                       self->OnBody(ec);
                     });
  }

  void OnBody(ErrorCode ec) {
    if (ec == http::error::body_limit) return TooLarge();
    if (ec) return Close();
    stream_.expires_never();
    auto message = body_->release();
    body_.reset();
    bool keep_alive = message.keep_alive() && !shared_.stopping;
    Request req = ToRequest(std::move(message));
    absl::Time start = absl::Now();
    Response resp = shared_.router.Handle(req);
    ReleaseUpload();
    logging::Access(
        {.remote_ip = req.remote_ip,
         .method = MethodName(req.method),
         .target = req.target,
         .route = req.route_pattern,
         .request_id = req.request_id,
         .status = resp.status,
         .bytes = resp.body.size(),
         .duration_ms = absl::ToDoubleMilliseconds(absl::Now() - start)});
    Send(std::move(resp), keep_alive);
  }

  Request ToRequest(http::request<http::string_body> m) {
    Request req;
    req.method = ToMethod(m.method());
    req.target = std::string(m.target());
    absl::string_view t(req.target);
    size_t q = t.find('?');
    req.path = UrlDecode(t.substr(0, q), false);
    if (q != absl::string_view::npos)
      req.query = ParseUrlEncoded(t.substr(q + 1));
    for (const auto& f : m) {
      std::string name = absl::AsciiStrToLower(
          absl::string_view(f.name_string().data(), f.name_string().size()));
      std::string value(f.value());
      auto [it, inserted] = req.headers.try_emplace(name, value);
      if (!inserted) absl::StrAppend(&it->second, ", ", value);
    }
    req.cookies = ParseCookies(req.Header("cookie"));
    req.body = std::move(m.body());
    req.remote_ip = ClientAddress(peer_, req.Header("x-forwarded-for"),
                                  shared_.options.trusted_proxies);
    return req;
  }

  // The head is written here and sent with the body in one gathered write
  // (as nginx does): Beast's serializer walked each header field as its
  // own buffers, a few per cent of a cached page.
  void Send(Response resp, bool keep_alive) {
    auto out = std::make_shared<Outgoing>();
    out->head = ResponseHead(resp, keep_alive);
    if (HasBody(resp.status)) out->body = std::move(resp.body);
    stream_.expires_after(ToChrono(shared_.options.body_timeout));
    const std::array<net::const_buffer, 2> buffers = {net::buffer(out->head),
                                                      net::buffer(out->body)};
    net::async_write(
        stream_, buffers,
        [self = shared_from_this(), out, keep_alive](ErrorCode ec, size_t) {
          self->Done();
          if (ec) return self->Close();
          if (!keep_alive) return self->Linger();
          self->ReadHeader();
        });
  }

  // After the last answer: stop sending, then read and discard what the
  // client still sends (the rest of a refused body) for a moment, so the
  // close does not reset the connection before the client read the answer.
  void Linger() {
    ErrorCode ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(2));
    Discard(0);
  }
  void Discard(size_t so_far) {
    if (so_far > (8u << 20)) return Close();
    auto chunk = std::make_shared<std::array<char, 16384>>();
    stream_.async_read_some(
        net::buffer(*chunk),
        [self = shared_from_this(), chunk, so_far](ErrorCode ec, size_t n) {
          if (ec) return self->Close();
          self->Discard(so_far + n);
        });
  }

  // Answers and closes: the rest of the request is not read.
  void Refuse(int status, absl::string_view message) {
    Request req;
    req.path = "/";
    req.remote_ip = peer_;
    Response resp;
    resp.status = status;
    resp.content_type = "text/plain; charset=utf-8";
    resp.body = absl::StrCat(message, "\n");
    spdlog::warn("{} refused: {} {}", peer_, status, std::string(message));
    if (!busy_) {
      ++shared_.busy;
      busy_ = true;
    }
    Send(std::move(resp), /*keep_alive=*/false);
  }

  void TooLarge() {
    Refuse(413,
           absl::StrCat("提交的内容过大（此处最多 ", limit_ / 1024, " KB）"));
  }

  bool ReserveUpload(size_t bytes) {
    size_t before = shared_.upload_bytes.fetch_add(bytes);
    if (before + bytes > shared_.options.max_upload_bytes_in_flight) {
      shared_.upload_bytes.fetch_sub(bytes);
      return false;
    }
    reserved_ = bytes;
    return true;
  }
  void ReleaseUpload() {
    if (reserved_ == 0) return;
    shared_.upload_bytes.fetch_sub(reserved_);
    reserved_ = 0;
  }

  void Done() {
    if (!busy_) return;
    busy_ = false;
    --shared_.busy;
  }

  void Close() {
    Done();
    ErrorCode ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  Shared& shared_;
  std::string peer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::empty_body>> header_;
  std::optional<http::request_parser<http::string_body>> body_;
  size_t limit_ = 0;
  size_t reserved_ = 0;
  bool busy_ = false;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, tcp::acceptor acceptor, Shared& shared)
      : ioc_(ioc), acceptor_(std::move(acceptor)), shared_(shared) {}

  void Accept() {
    acceptor_.async_accept(
        net::make_strand(ioc_),
        [self = shared_from_this()](ErrorCode ec, tcp::socket socket) {
          self->OnAccept(ec, std::move(socket));
        });
  }

  void Stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      ErrorCode ec;
      self->acceptor_.close(ec);
    });
  }

 private:
  void OnAccept(ErrorCode ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
      if (shared_.connections >= shared_.options.max_connections) {
        spdlog::warn("too many connections ({}), closing a new one",
                     shared_.connections.load());
        socket.close(ec);
      } else {
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(socket), shared_)->Start();
      }
    }
    Accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  Shared& shared_;
};

absl::StatusOr<tcp::acceptor> Bind(net::io_context& ioc,
                                   const ServerOptions& options) {
  ErrorCode ec;
  net::ip::address address = net::ip::make_address(options.address, ec);
  if (ec) {
    return absl::InvalidArgumentError(
        absl::StrCat("监听地址无效：", options.address));
  }
  tcp::endpoint endpoint(address, static_cast<unsigned short>(options.port));
  tcp::acceptor acceptor(ioc);
  if (!acceptor.open(endpoint.protocol(), ec) &&
      !acceptor.set_option(net::socket_base::reuse_address(true), ec) &&
      !acceptor.bind(endpoint, ec) &&
      !acceptor.listen(net::socket_base::max_listen_connections, ec)) {
    return acceptor;
  }
  return absl::UnavailableError(absl::StrCat("无法在 ", options.address, ":",
                                             options.port, " 启动服务：",
                                             ec.message()));
}

}  // namespace

absl::Status Serve(const ServerOptions& options, const Router& router) {
  // Block the stop signals (and SIGHUP) in every thread; this thread
  // waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGHUP);  // reopen the log file, keep serving
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  net::io_context ioc(options.threads);
  absl::StatusOr<tcp::acceptor> acceptor = Bind(ioc, options);
  if (!acceptor.ok()) return acceptor.status();
  Shared shared{.router = router, .options = options};
  auto listener = std::make_shared<Listener>(ioc, *std::move(acceptor), shared);
  listener->Accept();

  std::vector<std::thread> threads;
  for (int i = 0; i < std::max(1, options.threads); ++i)
    threads.emplace_back([&ioc] { ioc.run(); });
  spdlog::info("zwgk serving on http://{}:{} ({} threads)", options.address,
               options.port, options.threads);

  int sig = 0;
  while (sigwait(&stop_signals, &sig) == 0 && sig == SIGHUP) {
    if (options.on_hangup) options.on_hangup();
    spdlog::info("signal {} received, log file reopened", sig);
  }
  spdlog::info("signal {} received, shutting down", sig);
  shared.stopping = true;
  listener->Stop();
  // Requests being handled finish and are answered; idle keep-alive
  // connections are simply dropped with the io_context.
  absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (shared.busy > 0 && absl::Now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ioc.stop();
  for (std::thread& t : threads) t.join();
  return absl::OkStatus();
}

}  // namespace zwgk::web
