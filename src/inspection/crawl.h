// The inspector's crawl (issue 19): the portal fetched over HTTP as an
// inspector's tool sees it — the home page, then links breadth-first on the
// same host up to a page limit — with each page's status, its footer
// identity block (A15) and <meta> tags (A16), its internal links and its
// attachment links checked. GET only, never admin, API or sign-in paths.
#ifndef ZWGK_INSPECTION_CRAWL_H_
#define ZWGK_INSPECTION_CRAWL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace zwgk::inspection {

// --- Fetching
// -----------------------------------------------------------------

struct FetchResponse {
  int status = 0;  // 0: no answer (see error)
  std::string content_type;
  std::string location;  // of a redirect
  std::string body;      // at most the byte limit
  bool truncated = false;
  std::string error;  // "连接超时" …
};

// Fetches a path ("/records/1?page=2") of the one site being crawled.
class Fetcher {
 public:
  virtual ~Fetcher() = default;
  virtual FetchResponse Get(absl::string_view path, size_t max_bytes) = 0;
};

// An http:// address: host, port and the path under which the site lives.
struct HttpTarget {
  std::string host;
  int port = 80;
};
// "http://127.0.0.1:8080" (a path is ignored); https is not supported: the
// crawl runs beside the server, not through the proxy.
[[nodiscard]] absl::StatusOr<HttpTarget> ParseBaseUrl(absl::string_view url);

// HTTP/1.1 over a TCP socket: one connection per request (Connection:
// close), connect/read/write bounded by `timeout` overall, the body cut at
// the byte limit; Content-Length and chunked bodies.
class HttpFetcher final : public Fetcher {
 public:
  HttpFetcher(HttpTarget target, absl::Duration timeout)
      : target_(std::move(target)), timeout_(timeout) {}
  FetchResponse Get(absl::string_view path, size_t max_bytes) override;

 private:
  HttpTarget target_;
  absl::Duration timeout_;
};

// --- Pages (pure)
// -------------------------------------------------------------

// What one HTML page says.
struct PageFacts {
  std::vector<std::string> links;           // href/src values as written
  std::map<std::string, std::string> meta;  // <meta name=…> → content
  std::vector<std::string> missing_footer;  // element names (A15)
  std::vector<std::string> dates;           // YYYY-MM-DD of <time> elements
};
PageFacts ParsePage(absl::string_view html);

// The footer identity elements (A15) and meta names (A16) checked.
const std::vector<std::string>& FooterElements();
const std::vector<std::string>& SiteMetaNames();
const std::vector<std::string>& ArticleMetaNames();

// `href` as a path on this site ("/records/3"), or nullopt: another host,
// another scheme (mailto:, javascript:), a fragment only. Fragments are
// dropped; relative links resolve against `page_path`.
std::optional<std::string> ResolveLink(absl::string_view page_path,
                                       absl::string_view href,
                                       const HttpTarget& self);
// Paths an inspector's crawler does not visit: admin, API, sign-in, and
// forms that only make sense after a POST.
bool IsExcludedPath(absl::string_view path);
// A file download: a record's or a guide's attachment, or a file extension.
bool IsAttachmentPath(absl::string_view path);
// A page that carries an article's meta tags (a record, a reply).
bool IsArticlePath(absl::string_view path);

// --- The crawl
// ----------------------------------------------------------------

struct CrawlOptions {
  int max_pages = 2000;
  size_t max_page_bytes = 2u << 20;
  size_t max_attachment_bytes = 64u << 10;  // read only the start
};

struct CrawledPage {
  std::string path;
  int status = 0;
  std::string error;
  bool html = false;
  std::vector<std::string> missing_footer;
  std::vector<std::string> missing_meta;
};

struct BadLink {
  std::string from;  // the page that links
  std::string to;
  int status = 0;
  std::string error;
};

struct CrawlResult {
  std::vector<CrawledPage> pages;
  std::vector<BadLink> broken_links;
  std::vector<BadLink> missing_attachments;
  bool home_reachable = false;
  std::string home_newest_on;  // newest date on the home page, "" none
  bool page_limit_reached = false;
  int64_t attachments_checked = 0;
};

CrawlResult Crawl(Fetcher& fetcher, const CrawlOptions& options,
                  const HttpTarget& self);

}  // namespace zwgk::inspection

#endif  // ZWGK_INSPECTION_CRAWL_H_
