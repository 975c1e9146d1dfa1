// Shared by the service's files (service.cc, catalog.cc, consultations.cc):
// who may act for a unit, and reading the county's day.
#ifndef ZWGK_DECISIONS_INTERNAL_H_
#define ZWGK_DECISIONS_INTERNAL_H_

#include <cstdint>

#include "absl/status/status.h"
#include "core/actor.h"

namespace zwgk::decisions::internal {

// Staff of `unit_id` (editor, reviewer, clerk of it) or the county office;
// NotFound for another unit's staff (they must not learn it exists),
// PermissionDenied for the public.
absl::Status RequireUnitStaff(const Actor& actor, int64_t unit_id);

// The county office only (PermissionDenied otherwise).
absl::Status RequireOffice(const Actor& actor);

}  // namespace zwgk::decisions::internal

#endif  // ZWGK_DECISIONS_INTERNAL_H_
