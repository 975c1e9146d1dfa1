#include "auth/test_env.h"

#include <vector>

#include "core/migrate.h"
#include "core/testing.h"
#include "gtest/gtest.h"

namespace zwgk::auth::testing {

absl::Time TestStart() {
  return StartOfDay(absl::CivilDay(2026, 3, 2)) + absl::Hours(9);
}

Env::Env(const std::string& db_kind) {
  db_ = zwgk::testing::NewMigratedDatabase(db_kind, {"core", "org", "auth"});
  if (!db_) return;
  org_ = std::make_unique<org::Service>(*db_, clock_);
  if (absl::Status s = org_->Seed(); !s.ok()) {
    ADD_FAILURE() << s;
    return;
  }
  // libsodium's minimum argon2id cost keeps the suite fast; production uses
  // the interactive limits (Options defaults).
  service_ = std::make_unique<Service>(
      *db_, clock_, *org_,
      Options{.hash_ops_limit = 1, .hash_mem_limit = 8192});
  ok_ = true;
}

User Env::AddUser(const std::string& name, Role role, const std::string& unit,
                  const std::string& password) {
  absl::StatusOr<User> u =
      service_->AddUser(SystemActor(), {.name = name,
                                        .role = std::string(RoleName(role)),
                                        .unit = unit,
                                        .password = password});
  if (!u.ok()) {
    ADD_FAILURE() << "AddUser(" << name << "): " << u.status();
    return {};
  }
  return *u;
}

int64_t Env::AuditCount(const std::string& action) {
  absl::StatusOr<db::Result> r =
      db_->Query("SELECT COUNT(*) FROM audit_log WHERE action = ?", {action});
  if (!r.ok()) {
    ADD_FAILURE() << r.status();
    return -1;
  }
  return r->rows[0].Int(0);
}

}  // namespace zwgk::auth::testing
