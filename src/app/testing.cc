#include "app/testing.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "auth/module.h"
#include "core/testing.h"
#include "gtest/gtest.h"

namespace zwgk::testing {

TestApp::TestApp(const std::string& db_kind, absl::Time now) : clock_(now) {
  app_ =
      std::make_unique<App>(Config{.data_dir = ::testing::TempDir()}, clock_);
  std::unique_ptr<db::Database> db = NewDatabase(db_kind);
  if (!db) return;
  absl::Status s = app_->OpenWith(std::move(db));
  if (s.ok()) s = app_->Seed();
  EXPECT_TRUE(s.ok()) << s;
  ok_ = s.ok();
}

web::Response TestApp::Send(web::Request req) {
  std::string cookie_header;
  for (const auto& [k, v] : cookies_)
    absl::StrAppend(&cookie_header, k, "=", v, "; ");
  req.headers["cookie"] = cookie_header;
  req.cookies = cookies_;
  // Browsers always send Host; the app refuses requests for other sites.
  req.headers.try_emplace("host", "localhost");
  web::Response resp = app_->router().Handle(req);
  for (const auto& [name, value] : resp.headers) {
    if (!absl::EqualsIgnoreCase(name, "Set-Cookie")) continue;
    std::string first(value.substr(0, value.find(';')));
    size_t eq = first.find('=');
    std::string k = first.substr(0, eq), v = first.substr(eq + 1);
    if (absl::StrContains(value, "Max-Age=0")) {
      cookies_.erase(k);
    } else {
      cookies_[k] = v;
    }
  }
  return resp;
}

web::Response TestApp::Get(absl::string_view target) {
  return Send(web::MakeRequest(web::Method::kGet, target));
}

web::Response TestApp::PostForm(absl::string_view target,
                                std::multimap<std::string, std::string> fields,
                                bool with_csrf) {
  if (with_csrf) {
    // Load a page first so the CSRF cookie/session token exists, then read it
    // from the rendered form, as a browser would submit it.
    web::Response page = Get("/admin/login");
    std::string marker = "name=\"_csrf\" value=\"";
    size_t at = page.body.find(marker);
    if (at != std::string::npos) {
      size_t start = at + marker.size();
      fields.emplace(
          "_csrf", page.body.substr(start, page.body.find('"', start) - start));
    }
  }
  std::string body;
  for (const auto& [k, v] : fields) {
    absl::StrAppend(&body, body.empty() ? "" : "&", web::UrlEncode(k), "=",
                    web::UrlEncode(v));
  }
  return Send(web::MakeRequest(
      web::Method::kPost, target, body,
      {{"content-type", "application/x-www-form-urlencoded"}}));
}

web::Response TestApp::PostJson(absl::string_view target,
                                const std::string& body,
                                std::map<std::string, std::string> headers) {
  headers["content-type"] = "application/json";
  return Send(
      web::MakeRequest(web::Method::kPost, target, body, std::move(headers)));
}

}  // namespace zwgk::testing

namespace zwgk::testing {

bool TestApp::SignIn(const std::string& name, const std::string& role,
                     const std::string& unit) {
  auto* auth = static_cast<auth::AuthModule*>(app_->module("auth"));
  auto user = auth->service().AddUser(
      SystemActor(),
      {.name = name, .role = role, .unit = unit, .password = kPassword});
  EXPECT_TRUE(user.ok()) << user.status();
  if (!user.ok()) return false;
  web::Response r =
      PostForm("/admin/login",
               {{"name", name}, {"password", kPassword}, {"next", "/admin"}});
  EXPECT_EQ(r.status, 303) << r.body;
  return r.status == 303;
}

std::map<std::string, std::string> TestApp::BearerToken(
    const std::string& name, const std::string& role, const std::string& unit) {
  auto* auth = static_cast<auth::AuthModule*>(app_->module("auth"));
  auto added = auth->service().AddUser(
      SystemActor(),
      {.name = name, .role = role, .unit = unit, .password = kPassword});
  EXPECT_TRUE(added.ok()) << added.status();
  auto token = auth->service().CreateToken(SystemActor(), name, "test");
  EXPECT_TRUE(token.ok()) << token.status();
  return {{"Authorization", "Bearer " + token.value_or("")}};
}

}  // namespace zwgk::testing
