// The site-wide 保密审查 (issue 18): `zwgk privacy scan` and the office's
// page of personal data already published. The scanning and the findings
// are publishing's (publishing::Service::ScanPublished, OpenPrivacy,
// MaskPrivacy); this module records the runs and groups the open findings
// per unit for the people responsible.
//
// Who: the county office (admin) runs the scan and sees every unit; a
// unit's staff see their own unit's findings and act on them (the
// publishing service decides who may unpublish or mask: the unit's
// reviewers and the office); the public nothing (NotFound).
#ifndef ZWGK_PRIVACY_SERVICE_H_
#define ZWGK_PRIVACY_SERVICE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "org/service.h"
#include "privacy/model.h"
#include "publishing/service.h"

namespace zwgk::privacy {

// The reason recorded when a record is taken down from the findings page.
inline constexpr char kUnpublishReason[] = "含未脱敏个人信息";

struct ServiceOptions {
  // Who a run started from the console is recorded as.
  std::string console_name = "命令行";
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, org::Service& org,
          publishing::Service& publishing, ServiceOptions options = {})
      : db_(db),
        clock_(clock),
        org_(org),
        publishing_(publishing),
        options_(std::move(options)) {}

  // Rescans every published record and attachment and records the run.
  // `actor` null: the console (`zwgk privacy scan`); otherwise the county
  // office only (others: NotFound). Audited.
  [[nodiscard]] absl::StatusOr<ScanRun> ScanSite(
      const Actor* actor,
      const std::function<void(int64_t done, int64_t total)>& progress = {});
  // The last run and the open findings of published records, per unit: the
  // office every unit (or `unit_id`), a unit's staff their own (another
  // unit: NotFound), the public nothing (NotFound).
  [[nodiscard]] absl::StatusOr<Overview> GetOverview(
      const Actor& actor, std::optional<int64_t> unit_id);
  [[nodiscard]] absl::StatusOr<std::optional<ScanRun>> LastRun();

  // The responsible unit's actions on a record with findings: take it down
  // (reason 含未脱敏个人信息), or mask it and publish the masked version.
  // Publishing authorizes and audits both.
  [[nodiscard]] absl::StatusOr<publishing::Record> Unpublish(const Actor& actor,
                                                             int64_t id);
  [[nodiscard]] absl::StatusOr<publishing::Record> Mask(const Actor& actor,
                                                        int64_t id);

  const Clock& clock() const { return clock_; }
  org::Service& org() { return org_; }
  publishing::Service& publishing() { return publishing_; }

 private:
  db::Database& db_;
  const Clock& clock_;
  org::Service& org_;
  publishing::Service& publishing_;
  ServiceOptions options_;
};

}  // namespace zwgk::privacy

#endif  // ZWGK_PRIVACY_SERVICE_H_
