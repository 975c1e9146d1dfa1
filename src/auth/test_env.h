// Test fixture shared by the auth tests: a fresh database of one kind with
// the core, org and auth migrations applied and the org seed loaded, the
// org and auth services on a fake clock, and fast password hashing.
#ifndef ZWGK_AUTH_TEST_ENV_H_
#define ZWGK_AUTH_TEST_ENV_H_

#include <memory>
#include <string>

#include "auth/model.h"
#include "auth/service.h"
#include "core/clock.h"
#include "core/db.h"
#include "org/service.h"

namespace zwgk::auth::testing {

// Satisfies the password policy.
inline constexpr char kPassword[] = "Correct-Horse-9";

// Monday 2026-03-02 09:00 China time.
absl::Time TestStart();

class Env {
 public:
  // Failures are reported with ADD_FAILURE; check ok().
  explicit Env(const std::string& db_kind);
  bool ok() const { return ok_; }

  db::Database& db() { return *db_; }
  FakeClock& clock() { return clock_; }
  org::Service& org() { return *org_; }
  Service& service() { return *service_; }

  // Adds a user as the system; ADD_FAILURE on error.
  User AddUser(const std::string& name, Role role, const std::string& unit = "",
               const std::string& password = kPassword);

  // Number of audit rows with `action`.
  int64_t AuditCount(const std::string& action);

 private:
  FakeClock clock_{TestStart()};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<org::Service> org_;
  std::unique_ptr<Service> service_;
  bool ok_ = false;
};

}  // namespace zwgk::auth::testing

#endif  // ZWGK_AUTH_TEST_ENV_H_
