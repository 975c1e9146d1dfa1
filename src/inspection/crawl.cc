#include "inspection/crawl.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "content/html_tokenizer.h"
#include "content/text.h"

namespace zwgk::inspection {
namespace {

// ASCII case-insensitive containment (this abseil has no
// StrContainsIgnoreCase); Chinese text compares as bytes.
bool ContainsIgnoreCase(absl::string_view haystack, absl::string_view needle) {
  return absl::StrContains(absl::AsciiStrToLower(haystack),
                           absl::AsciiStrToLower(needle));
}

// --- The socket -------------------------------------------------------------

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

// Waits until `fd` is ready for `events` or the deadline passes.
bool WaitFor(int fd, short events, absl::Time deadline) {
  for (;;) {
    const int64_t ms = absl::ToInt64Milliseconds(deadline - absl::Now());
    if (ms <= 0) return false;
    pollfd p{.fd = fd, .events = events, .revents = 0};
    const int n = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(ms, 60000)));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
}

FetchResponse Failure(std::string error) {
  FetchResponse r;
  r.error = std::move(error);
  return r;
}

// A connected non-blocking socket to the target, or an error.
absl::StatusOr<int> Connect(const HttpTarget& t, absl::Time deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  const std::string port = absl::StrCat(t.port);
  if (::getaddrinfo(t.host.c_str(), port.c_str(), &hints, &res) != 0 || !res)
    return absl::UnavailableError("无法解析主机名");
  absl::Status last = absl::UnavailableError("无法连接");
  for (addrinfo* a = res; a != nullptr; a = a->ai_next) {
    const int fd =
        ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                 a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
      ::freeaddrinfo(res);
      return fd;
    }
    if (errno == EINPROGRESS && WaitFor(fd, POLLOUT, deadline)) {
      int err = 0;
      socklen_t len = sizeof(err);
      if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) {
        ::freeaddrinfo(res);
        return fd;
      }
      last = absl::UnavailableError("连接被拒绝");
    } else {
      last = absl::DeadlineExceededError("连接超时");
    }
    ::close(fd);
  }
  ::freeaddrinfo(res);
  return last;
}

// Decodes a chunked body; stops at the limit or at a malformed chunk.
std::string Dechunk(absl::string_view in, size_t max_bytes, bool& truncated) {
  std::string out;
  while (!in.empty()) {
    const size_t eol = in.find("\r\n");
    if (eol == absl::string_view::npos) break;
    absl::string_view size_text = in.substr(0, eol);
    if (const size_t semi = size_text.find(';'); semi != size_text.npos)
      size_text = size_text.substr(0, semi);
    uint64_t size = 0;
    if (!absl::SimpleHexAtoi(absl::StripAsciiWhitespace(size_text), &size))
      break;
    if (size == 0) return out;
    in.remove_prefix(eol + 2);
    const size_t take = std::min<size_t>(size, in.size());
    absl::StrAppend(&out, in.substr(0, take));
    if (out.size() >= max_bytes) {
      out.resize(max_bytes);
      truncated = true;
      return out;
    }
    if (take < size) break;
    in.remove_prefix(take);
    if (absl::StartsWith(in, "\r\n")) in.remove_prefix(2);
  }
  return out;
}

FetchResponse ParseResponse(absl::string_view raw, size_t max_bytes, bool cut) {
  const size_t head_end = raw.find("\r\n\r\n");
  if (head_end == absl::string_view::npos) return Failure("响应不完整");
  std::vector<absl::string_view> lines =
      absl::StrSplit(raw.substr(0, head_end), "\r\n");
  FetchResponse r;
  std::vector<absl::string_view> status_parts =
      absl::StrSplit(lines[0], absl::MaxSplits(' ', 2));
  if (status_parts.size() < 2 || !absl::StartsWith(status_parts[0], "HTTP/") ||
      !absl::SimpleAtoi(status_parts[1], &r.status))
    return Failure("响应格式有误");
  bool chunked = false;
  std::optional<size_t> length;
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t colon = lines[i].find(':');
    if (colon == absl::string_view::npos) continue;
    const std::string name = absl::AsciiStrToLower(
        absl::StripAsciiWhitespace(lines[i].substr(0, colon)));
    const absl::string_view value =
        absl::StripAsciiWhitespace(lines[i].substr(colon + 1));
    if (name == "content-type") r.content_type = std::string(value);
    if (name == "location") r.location = std::string(value);
    if (name == "transfer-encoding" && ContainsIgnoreCase(value, "chunked"))
      chunked = true;
    size_t n = 0;
    if (name == "content-length" && absl::SimpleAtoi(value, &n)) length = n;
  }
  absl::string_view body = raw.substr(head_end + 4);
  if (chunked) {
    r.body = Dechunk(body, max_bytes, r.truncated);
  } else {
    if (length && *length < body.size()) body = body.substr(0, *length);
    r.body = std::string(body.substr(0, max_bytes));
    r.truncated =
        body.size() > max_bytes || (cut && (!length || *length > body.size()));
  }
  if (cut) r.truncated = true;
  return r;
}

// --- Pages ------------------------------------------------------------------

bool IsDate(absl::string_view s) {
  if (s.size() < 10) return false;
  for (size_t i = 0; i < 10; ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? s[i] != '-' : !absl::ascii_isdigit(s[i])) return false;
  }
  return true;
}

// Every YYYY-MM-DD in `text`.
void ScanDates(absl::string_view text, std::vector<std::string>& out) {
  for (size_t i = 0; i + 10 <= text.size(); ++i) {
    if (IsDate(text.substr(i)) &&
        (i == 0 || !absl::ascii_isdigit(text[i - 1])) &&
        (i + 10 == text.size() || !absl::ascii_isdigit(text[i + 10]))) {
      out.emplace_back(text.substr(i, 10));
      i += 9;
    }
  }
}

const std::string* Attr(const content::html::Token& t, absl::string_view name) {
  for (const content::html::Attribute& a : t.attributes)
    if (a.name == name) return &a.value;
  return nullptr;
}

// Normalizes "/a/./b/../c" to "/a/c".
std::string NormalizeSegments(absl::string_view path) {
  std::vector<std::string> out;
  std::vector<absl::string_view> parts = absl::StrSplit(path, '/');
  for (size_t i = 0; i < parts.size(); ++i) {
    absl::string_view p = parts[i];
    if (p == "." || (p.empty() && i != parts.size() - 1)) continue;
    if (p == "..") {
      if (!out.empty()) out.pop_back();
      continue;
    }
    out.emplace_back(p);
  }
  return absl::StrCat("/", absl::StrJoin(out, "/"));
}

bool AllDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!absl::ascii_isdigit(c)) return false;
  return true;
}

absl::string_view PathOnly(absl::string_view path) {
  return path.substr(0, path.find('?'));
}

}  // namespace

absl::StatusOr<HttpTarget> ParseBaseUrl(absl::string_view url) {
  absl::string_view rest = absl::StripAsciiWhitespace(url);
  if (!absl::ConsumePrefix(&rest, "http://"))
    return absl::InvalidArgumentError(
        "检查地址应以 http:// 开头，如 http://127.0.0.1:8080");
  rest = rest.substr(0, rest.find_first_of("/?#"));
  HttpTarget t;
  if (const size_t colon = rest.rfind(':');
      colon != absl::string_view::npos && rest.find(']') == rest.npos) {
    if (!absl::SimpleAtoi(rest.substr(colon + 1), &t.port) || t.port < 1 ||
        t.port > 65535)
      return absl::InvalidArgumentError("检查地址的端口有误");
    rest = rest.substr(0, colon);
  }
  if (rest.empty() || rest.size() > 253)
    return absl::InvalidArgumentError("检查地址缺少主机名");
  t.host = std::string(rest);
  return t;
}

FetchResponse HttpFetcher::Get(absl::string_view path, size_t max_bytes) {
  const absl::Time deadline = absl::Now() + timeout_;
  absl::StatusOr<int> fd = Connect(target_, deadline);
  if (!fd.ok()) return Failure(std::string(fd.status().message()));
  Socket socket(*fd);
  const std::string host = target_.port == 80
                               ? target_.host
                               : absl::StrCat(target_.host, ":", target_.port);
  const std::string request =
      absl::StrCat("GET ", path, " HTTP/1.1\r\nHost: ", host,
                   "\r\nUser-Agent: zwgk-inspect/1\r\nAccept: */*\r\n"
                   "Accept-Encoding: identity\r\nConnection: close\r\n\r\n");
  size_t sent = 0;
  while (sent < request.size()) {
    if (!WaitFor(socket.fd(), POLLOUT, deadline)) return Failure("发送超时");
    const ssize_t n = ::send(socket.fd(), request.data() + sent,
                             request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) return Failure("发送失败");
    sent += static_cast<size_t>(n);
  }
  // Headers up to 64 KB, then the body up to the limit (plus chunk framing).
  const size_t cap = max_bytes + (64u << 10);
  std::string raw;
  char buf[16384];
  bool cut = false;
  for (;;) {
    if (raw.size() >= cap) {
      cut = true;
      break;
    }
    if (!WaitFor(socket.fd(), POLLIN, deadline)) {
      if (raw.find("\r\n\r\n") == std::string::npos) return Failure("响应超时");
      cut = true;  // what arrived in time is judged
      break;
    }
    const ssize_t n = ::recv(socket.fd(), buf, sizeof(buf), 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n < 0) return Failure("读取失败");
    if (n == 0) break;
    raw.append(buf, static_cast<size_t>(n));
  }
  return ParseResponse(raw, max_bytes, cut);
}

const std::vector<std::string>& FooterElements() {
  static const std::vector<std::string> kElements = {
      "主办单位",       "联系方式",         "网站标识码",      "ICP备案号",
      "公安机关备案号", "党政机关网站标识", "我为政府网站找错"};
  return kElements;
}
const std::vector<std::string>& SiteMetaNames() {
  static const std::vector<std::string> kNames = {
      "SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType"};
  return kNames;
}
const std::vector<std::string>& ArticleMetaNames() {
  static const std::vector<std::string> kNames = {"ArticleTitle", "PubDate",
                                                  "ContentSource"};
  return kNames;
}

PageFacts ParsePage(absl::string_view html) {
  PageFacts facts;
  content::html::Tokenizer tokenizer(html);
  int footer_depth = 0, time_depth = 0;
  bool has_footer = false;
  // What the identity block is read from: the footer's text, image alt
  // texts and link targets (the whole page when it has no <footer>).
  std::string footer, page;
  while (std::optional<content::html::Token> t = tokenizer.Next()) {
    std::string* sink = footer_depth > 0 ? &footer : &page;
    switch (t->kind) {
      case content::html::TokenKind::kStartTag: {
        if (t->name == "footer") {
          ++footer_depth;
          has_footer = true;
          sink = &footer;
        }
        if (t->name == "time") {
          ++time_depth;
          if (const std::string* dt = Attr(*t, "datetime"); dt && IsDate(*dt))
            facts.dates.push_back(dt->substr(0, 10));
        }
        if (t->name == "a") {
          if (const std::string* href = Attr(*t, "href")) {
            facts.links.push_back(content::text::DecodeEntities(
                *href, content::text::EntityContext::kAttribute));
            absl::StrAppend(sink, " ", *href, " ");
          }
        }
        if (t->name == "img") {
          if (const std::string* alt = Attr(*t, "alt"))
            absl::StrAppend(sink, " ", *alt, " ");
        }
        if (t->name == "meta") {
          const std::string* name = Attr(*t, "name");
          const std::string* content = Attr(*t, "content");
          if (name && content) facts.meta[*name] = *content;
        }
        break;
      }
      case content::html::TokenKind::kEndTag:
        if (t->name == "footer" && footer_depth > 0) --footer_depth;
        if (t->name == "time" && time_depth > 0) --time_depth;
        break;
      case content::html::TokenKind::kText:
        if (t->raw) break;
        if (time_depth > 0) ScanDates(t->text, facts.dates);
        absl::StrAppend(sink, t->text);
        break;
      default:
        break;
    }
  }
  const std::string& text = has_footer ? footer : page;
  auto has = [&](std::initializer_list<absl::string_view> any) {
    for (absl::string_view s : any)
      if (ContainsIgnoreCase(text, s)) return true;
    return false;
  };
  const std::vector<bool> present = {
      has({"主办单位"}),
      has({"联系方式", "联系电话", "电子邮箱", "联系地址"}),
      has({"网站标识码"}),
      has({"ICP备", "beian.miit.gov.cn"}),
      has({"公网安备", "公安机关备案", "www.beian.gov.cn"}),
      has({"党政机关"}),
      has({"我为政府网站找错"})};
  for (size_t i = 0; i < present.size(); ++i)
    if (!present[i]) facts.missing_footer.push_back(FooterElements()[i]);
  return facts;
}

std::optional<std::string> ResolveLink(absl::string_view page_path,
                                       absl::string_view href,
                                       const HttpTarget& self) {
  absl::string_view h = absl::StripAsciiWhitespace(href);
  h = h.substr(0, h.find('#'));
  if (h.empty()) return std::nullopt;
  std::string path;
  if (absl::StartsWithIgnoreCase(h, "http://") ||
      absl::StartsWithIgnoreCase(h, "https://") || absl::StartsWith(h, "//")) {
    // The crawl speaks plain HTTP to the server it runs beside: an https
    // link is another site's (or the proxy's) address.
    if (absl::StartsWithIgnoreCase(h, "https://")) return std::nullopt;
    h.remove_prefix(h.find("//") + 2);
    const size_t end = h.find_first_of("/?");
    absl::string_view authority = h.substr(0, end);
    h = end == absl::string_view::npos ? "/" : h.substr(end);
    int port = 80;
    absl::string_view host = authority;
    if (const size_t colon = authority.rfind(':');
        colon != absl::string_view::npos) {
      if (!absl::SimpleAtoi(authority.substr(colon + 1), &port))
        return std::nullopt;
      host = authority.substr(0, colon);
    }
    if (!absl::EqualsIgnoreCase(host, self.host) || port != self.port)
      return std::nullopt;
    path = std::string(h);
    if (!absl::StartsWith(path, "/")) path = absl::StrCat("/", path);
  } else if (const size_t colon = h.find(':');
             colon != absl::string_view::npos &&
             colon < h.find_first_of("/?")) {
    return std::nullopt;  // mailto:, tel:, javascript:
  } else if (absl::StartsWith(h, "/")) {
    path = std::string(h);
  } else if (absl::StartsWith(h, "?")) {
    path = absl::StrCat(PathOnly(page_path), h);
  } else {
    absl::string_view base = PathOnly(page_path);
    base = base.substr(0, base.rfind('/') + 1);
    path = absl::StrCat(base, h);
  }
  const size_t q = path.find('?');
  std::string out = NormalizeSegments(path.substr(0, q));
  if (q != std::string::npos) absl::StrAppend(&out, path.substr(q));
  return out;
}

bool IsExcludedPath(absl::string_view path) {
  const absl::string_view p = PathOnly(path);
  for (absl::string_view prefix : {"/admin", "/api", "/login", "/logout",
                                   "/account", "/auth", "/static", "/healthz"})
    if (p == prefix || absl::StartsWith(p, absl::StrCat(prefix, "/")))
      return true;
  return false;
}

bool IsAttachmentPath(absl::string_view path) {
  const absl::string_view p = PathOnly(path);
  if (absl::StrContains(p, "/attachments/") ||
      absl::StrContains(p, "/forms/") ||
      absl::StartsWith(p, "/services/books/"))
    return true;
  for (absl::string_view ext : {".pdf", ".doc", ".docx", ".xls", ".xlsx",
                                ".wps", ".ofd", ".zip", ".rar", ".csv"})
    if (absl::EndsWithIgnoreCase(p, ext)) return true;
  return false;
}

bool IsArticlePath(absl::string_view path) {
  std::vector<absl::string_view> parts =
      absl::StrSplit(PathOnly(path), '/', absl::SkipEmpty());
  if (parts.empty() || parts[0] != "records") return false;
  if (parts.size() == 2) return AllDigits(parts[1]);
  return parts.size() == 4 && AllDigits(parts[1]) && parts[2] == "versions" &&
         AllDigits(parts[3]);
}

CrawlResult Crawl(Fetcher& fetcher, const CrawlOptions& options,
                  const HttpTarget& self) {
  CrawlResult out;
  std::deque<std::string> queue = {"/"};
  std::map<std::string, std::string> linked_from = {{"/", ""}};
  std::map<std::string, std::string> attachments;  // path → first page
  std::vector<std::string> attachment_order;
  std::set<std::string> seen = {"/"};
  auto enqueue = [&](const std::string& from, const std::string& to) {
    if (IsExcludedPath(to)) return;
    if (IsAttachmentPath(to)) {
      if (attachments.emplace(to, from).second) attachment_order.push_back(to);
      return;
    }
    if (seen.insert(to).second) {
      queue.push_back(to);
      linked_from[to] = from;
    }
  };
  while (!queue.empty() &&
         static_cast<int>(out.pages.size()) < options.max_pages) {
    const std::string path = std::move(queue.front());
    queue.pop_front();
    FetchResponse r = fetcher.Get(path, options.max_page_bytes);
    CrawledPage page{.path = path, .status = r.status, .error = r.error};
    const std::string& from = linked_from[path];
    if (r.status == 0 || r.status >= 400) {
      if (!from.empty())
        out.broken_links.push_back(
            {.from = from, .to = path, .status = r.status, .error = r.error});
    } else if (r.status >= 300 && !r.location.empty()) {
      if (std::optional<std::string> to = ResolveLink(path, r.location, self))
        enqueue(from.empty() ? path : from, *to);
    }
    page.html =
        r.status == 200 && ContainsIgnoreCase(r.content_type, "text/html");
    if (page.html) {
      PageFacts facts = ParsePage(r.body);
      page.missing_footer = std::move(facts.missing_footer);
      auto need = [&](const std::vector<std::string>& names) {
        for (const std::string& n : names) {
          auto it = facts.meta.find(n);
          if (it == facts.meta.end() ||
              absl::StripAsciiWhitespace(it->second).empty())
            page.missing_meta.push_back(n);
        }
      };
      need(SiteMetaNames());
      if (IsArticlePath(path)) need(ArticleMetaNames());
      for (const std::string& href : facts.links)
        if (std::optional<std::string> to = ResolveLink(path, href, self))
          enqueue(path, *to);
      if (path == "/") {
        for (const std::string& d : facts.dates)
          if (d > out.home_newest_on) out.home_newest_on = d;
      }
    }
    if (path == "/") out.home_reachable = r.status == 200;
    out.pages.push_back(std::move(page));
  }
  out.page_limit_reached = !queue.empty();
  for (const std::string& a : attachment_order) {
    if (out.attachments_checked >= options.max_pages) break;
    ++out.attachments_checked;
    FetchResponse r = fetcher.Get(a, options.max_attachment_bytes);
    if (r.status != 200)
      out.missing_attachments.push_back({.from = attachments[a],
                                         .to = a,
                                         .status = r.status,
                                         .error = r.error});
  }
  return out;
}

}  // namespace zwgk::inspection
