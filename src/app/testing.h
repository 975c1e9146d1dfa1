// In-process HTTP testing of the whole app: a seeded database (SQLite in
// memory or a fresh PostgreSQL database), a fake clock, and a tiny browser
// that keeps cookies and echoes the CSRF token.
#ifndef ZWGK_APP_TESTING_H_
#define ZWGK_APP_TESTING_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/app.h"
#include "core/clock.h"
#include "core/testing.h"  // ErrorSummaryHrefs, for the HTTP tests
#include "core/web.h"

namespace zwgk::testing {

class TestApp {
 public:
  // Aborts the calling test (ADD_FAILURE) on error; check ok().
  explicit TestApp(const std::string& db_kind = "sqlite",
                   absl::Time now = StartOfDay(absl::CivilDay(2026, 3, 2)) +
                                    absl::Hours(9));
  bool ok() const { return ok_; }

  App& app() { return *app_; }
  FakeClock& clock() { return clock_; }

  web::Response Get(absl::string_view target);
  // A browser form post: adds the current CSRF token unless `with_csrf` is
  // false.
  web::Response PostForm(absl::string_view target,
                         std::multimap<std::string, std::string> fields,
                         bool with_csrf = true);
  web::Response PostJson(absl::string_view target, const std::string& body,
                         std::map<std::string, std::string> headers = {});
  // The raw request, with this browser's cookies.
  web::Response Send(web::Request req);

  // Creates a user (as `zwgk user add` would) and signs in through the
  // login form. Returns false on failure.
  bool SignIn(const std::string& name, const std::string& role,
              const std::string& unit = "");
  // Creates a user (as `zwgk user add` would) and an API token for it: the
  // headers a client sends with that token.
  std::map<std::string, std::string> BearerToken(const std::string& name,
                                                 const std::string& role,
                                                 const std::string& unit = "");
  static constexpr char kPassword[] = "Zwgk-Test-2026";

  std::map<std::string, std::string>& cookies() { return cookies_; }

 private:
  FakeClock clock_;
  std::unique_ptr<App> app_;
  std::map<std::string, std::string> cookies_;
  bool ok_ = false;
};

}  // namespace zwgk::testing

#endif  // ZWGK_APP_TESTING_H_
