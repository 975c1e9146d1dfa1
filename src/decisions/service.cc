// The constructor and the authorization rules shared by the catalog
// (catalog.cc) and the consultations (consultations.cc).
#include "decisions/service.h"

#include <utility>

#include "decisions/internal.h"

namespace zwgk::decisions {

namespace internal {

absl::Status RequireUnitStaff(const Actor& actor, int64_t unit_id) {
  if (!IsStaff(actor.role)) return absl::PermissionDeniedError("请先登录");
  if (IsAdmin(actor)) return absl::OkStatus();
  if (actor.unit_id && *actor.unit_id == unit_id) return absl::OkStatus();
  return absl::NotFoundError("未找到该事项");
}

absl::Status RequireOffice(const Actor& actor) {
  if (IsAdmin(actor)) return absl::OkStatus();
  return absl::PermissionDeniedError("只有县政务公开办可以执行此操作");
}

}  // namespace internal

Service::Service(db::Database& db, const Clock& clock, org::Service& org,
                 publishing::Service& publishing, ServiceOptions options)
    : db_(db),
      clock_(clock),
      org_(org),
      publishing_(publishing),
      options_(std::move(options)) {}

}  // namespace zwgk::decisions
