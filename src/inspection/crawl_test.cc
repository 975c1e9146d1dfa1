// The crawler: link resolution and page checks (pure, table-tested), and a
// real crawl over a socket against a tiny HTTP server in the test that
// plants a broken internal link and a missing attachment.
#include "inspection/crawl.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::inspection {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

const HttpTarget kSelf{.host = "127.0.0.1", .port = 8080};

TEST(ResolveLinkTest, Table) {
  struct Row {
    std::string page, href;
    std::optional<std::string> want;
  };
  const Row rows[] = {
      {"/", "/records/1", "/records/1"},
      {"/", "/records?page=2&amp;x=1", "/records?page=2&amp;x=1"},
      {"/records/1", "attachments/2", "/records/attachments/2"},
      {"/records/", "1", "/records/1"},
      {"/a/b/c", "../d", "/a/d"},
      {"/a/b", "./c#top", "/a/c"},
      {"/list?page=1", "?page=2", "/list?page=2"},
      {"/", "http://127.0.0.1:8080/x", "/x"},
      {"/", "HTTP://127.0.0.1:8080", "/"},
      {"/", "//127.0.0.1:8080/y", "/y"},
      {"/", "http://127.0.0.1:9090/x", std::nullopt},  // another port
      {"/", "https://127.0.0.1:8080/x", std::nullopt},
      {"/", "https://www.gov.cn/", std::nullopt},
      {"/", "mailto:a@b.cn", std::nullopt},
      {"/", "javascript:void(0)", std::nullopt},
      {"/", "tel:0571-1234", std::nullopt},
      {"/", "#main", std::nullopt},
      {"/", "  ", std::nullopt},
  };
  for (const Row& r : rows)
    EXPECT_EQ(ResolveLink(r.page, r.href, kSelf), r.want)
        << r.page << " + " << r.href;
}

TEST(PathRulesTest, Table) {
  EXPECT_TRUE(IsExcludedPath("/admin"));
  EXPECT_TRUE(IsExcludedPath("/admin/records?x=1"));
  EXPECT_TRUE(IsExcludedPath("/login?next=/"));
  EXPECT_TRUE(IsExcludedPath("/api/v1/records"));
  EXPECT_FALSE(IsExcludedPath("/administration-guide"));
  EXPECT_FALSE(IsExcludedPath("/records"));
  EXPECT_TRUE(IsAttachmentPath("/records/3/attachments/9"));
  EXPECT_TRUE(IsAttachmentPath("/services/4/forms/0/blank"));
  EXPECT_TRUE(IsAttachmentPath("/files/a.PDF"));
  EXPECT_FALSE(IsAttachmentPath("/records/3"));
  EXPECT_TRUE(IsArticlePath("/records/3"));
  EXPECT_TRUE(IsArticlePath("/records/3/versions/2"));
  EXPECT_FALSE(IsArticlePath("/records"));
  EXPECT_FALSE(IsArticlePath("/records/x"));
  EXPECT_FALSE(IsArticlePath("/records/3/attachments/1"));
}

constexpr char kFooter[] =
    "<footer><img src=\"/m.png\" "
    "alt=\"党政机关网站标识\"><p>主办单位：某县人民政府</p>"
    "<p>联系电话：0571-1234</p><p>网站标识码：3301000001 "
    "<a href=\"https://beian.miit.gov.cn/\">浙ICP备12345678号</a> "
    "<a href=\"http://www.beian.gov.cn/portal\">浙公网安备 "
    "33010002000001号</a></p>"
    "<p><a href=\"/messages/new?type=error\">我为政府网站找错</a></p></footer>";
constexpr char kMeta[] =
    "<meta name=\"SiteName\" content=\"某县人民政府\"><meta "
    "name=\"SiteDomain\" "
    "content=\"www.x.gov.cn\"><meta name=\"SiteIDCode\" content=\"3301000001\">"
    "<meta name=\"ColumnName\" content=\"首页\"><meta name=\"ColumnType\" "
    "content=\"首页\">";

TEST(ParsePageTest, FooterMetaLinksDates) {
  const std::string html = absl::StrCat(
      "<html><head>", kMeta,
      "</head><body><a href=\"/a\">A</a><time datetime=\"2026-02-27\">2月27日"
      "</time><time>2026-03-01</time><script>var d='2030-01-01';</script>",
      kFooter, "</body></html>");
  PageFacts p = ParsePage(html);
  EXPECT_THAT(p.missing_footer, IsEmpty());
  EXPECT_EQ(p.meta["SiteIDCode"], "3301000001");
  EXPECT_THAT(p.dates, ElementsAre("2026-02-27", "2026-03-01"));
  EXPECT_THAT(p.links, ElementsAre("/a", "https://beian.miit.gov.cn/",
                                   "http://www.beian.gov.cn/portal",
                                   "/messages/new?type=error"));
}

TEST(ParsePageTest, MissingFooterElementsNamed) {
  // The identity is read from the footer only: 主办单位 in the body does not
  // count.
  PageFacts p = ParsePage(
      "<p>主办单位：某县</p><footer><p>网站标识码：1</p>"
      "<p>联系电话：1</p></footer>");
  EXPECT_THAT(p.missing_footer,
              ElementsAre("主办单位", "ICP备案号", "公安机关备案号",
                          "党政机关网站标识", "我为政府网站找错"));
  EXPECT_EQ(ParsePage("").missing_footer.size(), FooterElements().size());
}

// --- A tiny HTTP server over a real socket ----------------------------------

struct Canned {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  bool chunked = false;
  std::string location;
};

class TinyServer {
 public:
  explicit TinyServer(std::map<std::string, Canned> pages)
      : pages_(std::move(pages)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    EXPECT_EQ(::listen(fd_, 16), 0);
    socklen_t len = sizeof(addr);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Loop(); });
  }
  ~TinyServer() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  int port() const { return port_; }
  std::multiset<std::string> requested() {
    std::lock_guard<std::mutex> l(mu_);
    return requested_;
  }

 private:
  void Loop() {
    while (!stop_) {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string req;
      char buf[4096];
      while (req.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::recv(c, buf, sizeof(buf), 0);
        if (n <= 0) break;
        req.append(buf, static_cast<size_t>(n));
      }
      const size_t sp1 = req.find(' '), sp2 = req.find(' ', sp1 + 1);
      const std::string path = req.substr(sp1 + 1, sp2 - sp1 - 1);
      {
        std::lock_guard<std::mutex> l(mu_);
        requested_.insert(path);
      }
      Canned page{.status = 404, .body = "<p>未找到</p>"};
      if (auto it = pages_.find(path); it != pages_.end()) page = it->second;
      std::string out = absl::StrCat("HTTP/1.1 ", page.status,
                                     " X\r\nContent-Type: ", page.content_type,
                                     "\r\nConnection: close\r\n");
      if (!page.location.empty())
        absl::StrAppend(&out, "Location: ", page.location, "\r\n");
      if (page.chunked) {
        absl::StrAppend(&out, "Transfer-Encoding: chunked\r\n\r\n");
        const size_t half = page.body.size() / 2;
        absl::StrAppend(&out, absl::Hex(half), "\r\n",
                        page.body.substr(0, half), "\r\n",
                        absl::Hex(page.body.size() - half), "\r\n",
                        page.body.substr(half), "\r\n0\r\n\r\n");
      } else {
        absl::StrAppend(&out, "Content-Length: ", page.body.size(), "\r\n\r\n",
                        page.body);
      }
      size_t sent = 0;
      while (sent < out.size()) {
        const ssize_t n =
            ::send(c, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
      }
      ::close(c);
    }
  }

  std::map<std::string, Canned> pages_;
  int fd_ = -1, port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mu_;
  std::multiset<std::string> requested_;
};

std::string Page(absl::string_view body, bool footer = true,
                 absl::string_view extra_meta = "") {
  return absl::StrCat("<!doctype html><html><head>", kMeta, extra_meta,
                      "</head><body>", body, footer ? kFooter : "",
                      "</body></html>");
}

TEST(CrawlTest, FindsBrokenLinksAndMissingAttachmentsOverHttp) {
  TinyServer server({
      {"/",
       {.body = Page("<a href=\"/list\">列表</a> <a href=\"/gone\">失效</a>"
                     " <a href=\"/admin/records\">后台</a>"
                     " <a href=\"https://www.gov.cn/\">国务院</a>"
                     " <a href=\"mailto:x@y.cn\">信箱</a>"
                     " <time datetime=\"2026-02-27\">02-27</time>")}},
      {"/list",
       {.body = Page("<a href=\"records/1\">文件</a>"
                     "<a href=\"/old\">旧地址</a>"),
        .chunked = true}},
      {"/old", {.status = 301, .location = "/list"}},
      {"/records/1",
       {.body = Page("<a href=\"/records/1/attachments/1\">附件一</a>"
                     "<a href=\"/records/1/attachments/2\">附件二</a>",
                     /*footer=*/false,
                     "<meta name=\"ArticleTitle\" content=\"通知\">"
                     "<meta name=\"ContentSource\" content=\"县民政局\">")}},
      {"/messages/new?type=error", {.body = Page("<form></form>")}},
      {"/records/1/attachments/1",
       {.content_type = "application/pdf", .body = std::string(100000, 'x')}},
  });
  const HttpTarget self{.host = "127.0.0.1", .port = server.port()};
  HttpFetcher fetcher(self, absl::Seconds(10));
  const CrawlResult r = Crawl(fetcher, {.max_pages = 100}, self);

  EXPECT_TRUE(r.home_reachable);
  EXPECT_EQ(r.home_newest_on, "2026-02-27");
  EXPECT_FALSE(r.page_limit_reached);
  ASSERT_EQ(r.broken_links.size(), 1u);
  EXPECT_EQ(r.broken_links[0].from, "/");
  EXPECT_EQ(r.broken_links[0].to, "/gone");
  EXPECT_EQ(r.broken_links[0].status, 404);
  ASSERT_EQ(r.missing_attachments.size(), 1u);
  EXPECT_EQ(r.missing_attachments[0].from, "/records/1");
  EXPECT_EQ(r.missing_attachments[0].to, "/records/1/attachments/2");
  EXPECT_EQ(r.attachments_checked, 2);
  std::map<std::string, const CrawledPage*> pages;
  for (const CrawledPage& p : r.pages) pages[p.path] = &p;
  ASSERT_TRUE(pages.contains("/records/1"));
  // The chunked page was read whole: its link was followed.
  EXPECT_EQ(pages["/records/1"]->status, 200);
  EXPECT_THAT(pages["/records/1"]->missing_meta, ElementsAre("PubDate"));
  EXPECT_EQ(pages["/records/1"]->missing_footer.size(),
            FooterElements().size());
  EXPECT_THAT(pages["/"]->missing_footer, IsEmpty());
  EXPECT_THAT(pages["/"]->missing_meta, IsEmpty());
  EXPECT_EQ(pages["/old"]->status, 301);
  // Politeness: no admin path, no other host, each page once.
  const std::multiset<std::string> asked = server.requested();
  EXPECT_EQ(asked.count("/admin/records"), 0u);
  EXPECT_EQ(asked.count("/list"), 1u);
  // / /list /gone /messages/new /records/1 /old + 2 files
  EXPECT_EQ(asked.size(), 8u);
}

TEST(CrawlTest, PageLimitAndUnreachableHome) {
  TinyServer server(
      {{"/", {.body = Page("<a href=\"/a\">a</a><a href=\"/b\">b</a>", false)}},
       {"/a", {.body = Page("")}},
       {"/b", {.body = Page("")}}});
  const HttpTarget self{.host = "127.0.0.1", .port = server.port()};
  HttpFetcher fetcher(self, absl::Seconds(10));
  const CrawlResult r = Crawl(fetcher, {.max_pages = 2}, self);
  EXPECT_EQ(r.pages.size(), 2u);
  EXPECT_TRUE(r.page_limit_reached);
  EXPECT_EQ(r.home_newest_on, "");  // no dated item on the home page

  // Nothing listens on the port any more once the server is gone.
  int port = 0;
  {
    TinyServer gone({});
    port = gone.port();
  }
  const HttpTarget dead{.host = "127.0.0.1", .port = port};
  HttpFetcher dead_fetcher(dead, absl::Seconds(5));
  const CrawlResult d = Crawl(dead_fetcher, {}, dead);
  EXPECT_FALSE(d.home_reachable);
  ASSERT_EQ(d.pages.size(), 1u);
  EXPECT_EQ(d.pages[0].status, 0);
  EXPECT_FALSE(d.pages[0].error.empty());
}

TEST(HttpFetcherTest, BodyCutAtTheLimit) {
  TinyServer server(
      {{"/big",
        {.content_type = "text/plain", .body = std::string(300000, 'a')}}});
  HttpFetcher fetcher({.host = "127.0.0.1", .port = server.port()},
                      absl::Seconds(10));
  const FetchResponse r = fetcher.Get("/big", 1000);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.size(), 1000u);
  EXPECT_TRUE(r.truncated);
  EXPECT_EQ(ParseBaseUrl("http://127.0.0.1:8080/x")->port, 8080);
  EXPECT_FALSE(ParseBaseUrl("https://x.gov.cn").ok());
  EXPECT_FALSE(ParseBaseUrl("http://h:99999").ok());
}

}  // namespace
}  // namespace zwgk::inspection
