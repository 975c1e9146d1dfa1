// Generated 依申请公开 applications for demos and the supervision dashboard
// (`zwgk dev applications --count N`): received over the two years before
// `to`, entered through the service as paper applications and taken
// through the workflow like real ones — replies of every type and ground,
// 补正 answered or lapsed, withdrawals, some replied late, the recent ones
// (and a few old ones, overdue) still open. Lives here and not in
// publishing's `dev generate` because publishing may not depend on
// applications (applications → search → publishing).
#ifndef ZWGK_APPLICATIONS_GENERATE_H_
#define ZWGK_APPLICATIONS_GENERATE_H_

#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "applications/service.h"

namespace zwgk::applications {

struct GenerateOptions {
  int64_t count = 300;
  uint64_t seed = 20261128;
  absl::CivilDay to = absl::CivilDay(2026, 11, 27);  // no later than today
  int days = 730;  // received within this many days before `to`
  // Called after each application with the number written so far.
  std::function<void(int64_t done, int64_t total)> progress;
};

// Deterministic for a seed on the same database. Returns how many were
// entered; stops at the first refusal (which names the application).
// Applications go to the units of service.org().
[[nodiscard]] absl::StatusOr<int64_t> GenerateApplications(
    Service& service, const GenerateOptions& options);

}  // namespace zwgk::applications

#endif  // ZWGK_APPLICATIONS_GENERATE_H_
