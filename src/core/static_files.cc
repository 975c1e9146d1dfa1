#include "core/static_files.h"

#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/crypto.h"
#include "core/resources.h"

namespace zwgk::web {
namespace {

struct Asset {
  std::string body;
  std::string etag;
  std::string content_type;
};

std::string HttpDate(absl::Time t) {
  return absl::FormatTime("%a, %d %b %Y %H:%M:%S GMT", t, absl::UTCTimeZone());
}

Response Serve(const Request& req, const Asset& asset,
               const std::string& last_modified) {
  if (req.Header("if-none-match") == asset.etag) {
    Response r = Text("", asset.content_type, 304);
    r.WithHeader("ETag", asset.etag);
    return r;
  }
  Response r = Text(asset.body, asset.content_type);
  r.WithHeader("ETag", asset.etag)
      .WithHeader("Last-Modified", last_modified)
      .WithHeader("Cache-Control", "public, max-age=3600");
  return r;
}

Asset MakeAsset(std::string path, std::string body) {
  Asset a;
  a.etag = absl::StrCat("\"", crypto::Sha256Hex(body).substr(0, 20), "\"");
  a.content_type = ContentTypeFor(path);
  a.body = std::move(body);
  return a;
}

// Safe relative path: no "..", no absolute paths.
bool SafePath(absl::string_view p) {
  return !p.empty() && p[0] != '/' && !absl::StrContains(p, "..");
}

}  // namespace

std::string ContentTypeFor(absl::string_view path) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".json", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
      {".html", "text/html; charset=utf-8"},
      {".woff2", "font/woff2"}};
  size_t dot = path.rfind('.');
  if (dot != absl::string_view::npos) {
    auto it = kTypes.find(path.substr(dot));
    if (it != kTypes.end()) return it->second;
  }
  return "application/octet-stream";
}

void RegisterStaticRoutes(Router& router, const StaticOptions& options) {
  auto assets = std::make_shared<std::map<std::string, Asset, std::less<>>>();
  for (const resources::Entry& e : resources::Under("static/")) {
    (*assets)[std::string(e.path.substr(7))] =
        MakeAsset(std::string(e.path), std::string(e.data));
  }
  // Vendor files are read once, on first request (they are large and only
  // the dashboards and the staff editor use them).
  static const std::map<std::string, std::string, std::less<>> kVendor = {
      {"echarts.min.js", "echarts/dist/echarts.min.js"},
      // The record body editor (pinned in package.json): a UMD bundle
      // exposing window.wangEditor, and its stylesheet.
      {"wangeditor.js", "@wangeditor-next/editor/dist/index.js"},
      {"wangeditor.css", "@wangeditor-next/editor/dist/css/style.css"}};
  auto vendor = std::make_shared<
      std::map<std::string, std::shared_ptr<Asset>, std::less<>>>();
  auto vendor_mu = std::make_shared<std::mutex>();
  std::string started = HttpDate(absl::Now());
  std::string node_modules = options.node_modules;

  router.Get("/static/vendor/{file}", [=](Request& req) {
    auto known = kVendor.find(req.Param("file"));
    if (known == kVendor.end())
      return Error(absl::NotFoundError("静态文件不存在"));
    std::shared_ptr<Asset> asset;
    {
      std::lock_guard lock(*vendor_mu);
      auto& slot = (*vendor)[known->first];
      if (!slot) {
        std::ifstream in(absl::StrCat(node_modules, "/", known->second),
                         std::ios::binary);
        if (!in)
          return Error(absl::NotFoundError("前端依赖未安装（请运行 npm ci）"));
        std::stringstream ss;
        ss << in.rdbuf();
        slot = std::make_shared<Asset>(MakeAsset(known->first, ss.str()));
      }
      asset = slot;
    }
    return Serve(req, *asset, started);
  });
  router.Get("/static/{*path}", [=](Request& req) {
    std::string path = req.Param("path");
    auto it = SafePath(path) ? assets->find(path) : assets->end();
    if (it == assets->end())
      return Error(absl::NotFoundError(absl::StrCat("静态文件不存在：", path)));
    return Serve(req, it->second, started);
  });
  // 适老化: a plain link flips a cookie and returns to the page; no JS.
  bool secure = options.cookie_secure;
  router.Get("/a11y/large", [secure](Request& req) {
    bool on = req.QueryValue("on").value_or("1") == "1";
    std::string back = req.QueryValue("back").value_or("/");
    if (!IsLocalPath(back)) back = "/";
    Response r = Redirect(back);
    r.WithHeader("Set-Cookie",
                 SetCookieHeader("zwgk_large", on ? "1" : "0",
                                 {.max_age_seconds = on ? 365 * 24 * 3600 : 0,
                                  .http_only = true,
                                  .secure = secure}));
    return r;
  });
}

}  // namespace zwgk::web
