// The compliance dashboard's logic: reads the figures of the modules that
// own the data, applies the office's thresholds and score rules, and
// answers who may see what (validate → authorize → act).
//
// Who sees what: the county office (admin) every unit and the county
// roll-up, and edits thresholds and score rules; a unit's staff their own
// unit's row only (another unit answers NotFound). The public nothing.
#ifndef ZWGK_COMPLIANCE_SERVICE_H_
#define ZWGK_COMPLIANCE_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "applications/service.h"
#include "calendar/service.h"
#include "columns/service.h"
#include "compliance/model.h"
#include "concerns/service.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "guides/service.h"
#include "institutions/service.h"
#include "nlohmann/json.hpp"
#include "org/service.h"
#include "publishing/service.h"
#include "reports/service.h"
#include "supervision/service.h"
#include "villages/service.h"

namespace zwgk::compliance {

// Public participation's figures per unit (issue 16, from publishing,
// messages and decisions): 行政规范性文件 published without an
// interpretation, public messages not answered in time, 重大行政决策
// published without the 意见采纳情况反馈. Until a source is given, the
// dashboard shows 0 with "未启用".
struct ParticipationFigures {
  int64_t unit_id = 0;
  std::vector<Evidence> policies_without_interpretation;
  std::vector<Evidence> unanswered_messages;
  std::vector<Evidence> decisions_without_feedback;
};
class ParticipationSource {
 public:
  virtual ~ParticipationSource() = default;
  // Of one unit or all, as of a day.
  virtual absl::StatusOr<std::vector<ParticipationFigures>> Figures(
      absl::CivilDay as_of, std::optional<int64_t> unit_id) = 0;
  // Which figures it fills; the dashboard shows the others as 未启用.
  virtual bool ProvidesInterpretation() const { return true; }
  virtual bool ProvidesMessages() const { return true; }
  virtual bool ProvidesDecisions() const { return true; }
};

struct ServiceOptions {
  // Bounds on what the office types into the settings form.
  int max_threshold_days = 3660;
  int max_rule_points = 100;
};

// What the office may change (absent: unchanged).
struct SettingsInput {
  std::optional<Thresholds> thresholds;
  std::vector<ScoreRule> rules;  // by code; label, points, enabled
};

class Service {
 public:
  // `participation`, `guides` and `villages` may be null (not enabled:
  // their figures show as 未启用).
  Service(db::Database& db, const Clock& clock, org::Service& org,
          calendar::Service& calendar, publishing::Service& publishing,
          applications::Service& applications, reports::Service& reports,
          supervision::Service& supervision,
          ParticipationSource* participation = nullptr,
          ServiceOptions options = {}, guides::Service* guides = nullptr,
          villages::Service* villages = nullptr,
          columns::Service* columns = nullptr,
          concerns::Service* concerns = nullptr,
          institutions::Service* institutions = nullptr);

  // The dashboard on `as_of` (nullopt: today in the county's zone), for the
  // county (unit nullopt; the county office only) or one unit (its staff or
  // the county office). Evidence links are staff pages.
  [[nodiscard]] absl::StatusOr<Dashboard> Get(
      const Actor& actor, std::optional<absl::CivilDay> as_of,
      std::optional<int64_t> unit_id);

  // The same as an XLSX workbook (sheets: 汇总, 各单位明细, 栏目, 扣分明细,
  // and 村务公开 when villages are enabled).
  [[nodiscard]] absl::StatusOr<std::string> Xlsx(const Dashboard& d) const;

  // The API's JSON (GET /api/v1/supervision): the same figures.
  nlohmann::json ApiJson(const Dashboard& d) const;

  // --- Settings (the county office) ---------------------------------------
  [[nodiscard]] absl::StatusOr<Thresholds> GetThresholds();
  [[nodiscard]] absl::StatusOr<std::vector<ScoreRule>> GetRules();
  // PermissionDenied for anyone but the county office; InvalidFields naming
  // the field for a threshold or points out of range. Audited.
  [[nodiscard]] absl::Status SaveSettings(const Actor& actor,
                                          const SettingsInput& in);

  const Clock& clock() const { return clock_; }
  org::Service& org() { return org_; }

 private:
  db::Database& db_;
  const Clock& clock_;
  org::Service& org_;
  calendar::Service& calendar_;
  publishing::Service& publishing_;
  applications::Service& applications_;
  reports::Service& reports_;
  supervision::Service& supervision_;
  ParticipationSource* participation_;
  ServiceOptions options_;
  guides::Service* guides_;
  villages::Service* villages_;
  // The column registry (issue 19): its rules and states replace the
  // thresholds for the stale and blank columns when set.
  columns::Service* columns_;
  concerns::Service* concerns_;  // 回应关切 (issue 23); nullptr: not shown
  // 公共企事业单位办事公开 (issue 23); nullptr: not shown.
  institutions::Service* institutions_;
};

}  // namespace zwgk::compliance

#endif  // ZWGK_COMPLIANCE_SERVICE_H_
