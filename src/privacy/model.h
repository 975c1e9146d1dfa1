// The site-wide 保密审查 (issue 18): plain data of scan runs and of the
// office's overview. No I/O. The findings themselves are publishing's
// (publishing::PrivacyReport); values are only ever masked.
#ifndef ZWGK_PRIVACY_MODEL_H_
#define ZWGK_PRIVACY_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "publishing/model.h"

namespace zwgk::privacy {

// One run of the site-wide scan.
struct ScanRun {
  int64_t id = 0;
  std::string started_at;   // RFC 3339
  std::string finished_at;  // "" while running or when it failed
  std::string started_by;   // the account's name, or 命令行
  publishing::PrivacyScanSummary summary;
  std::string error;  // why it stopped ("" when it finished)
};

// A published record with open findings, as the overview lists it.
struct RecordFindings {
  publishing::PrivacyReport report;
  std::string index_number;  // "" when unknown
  // Kind name → number of findings, in kAllKinds order when shown.
  std::map<std::string, int64_t> kind_counts;
};

// One unit's records with open findings.
struct UnitFindings {
  int64_t unit_id = 0;
  std::string unit_name;
  int64_t findings = 0;
  std::vector<RecordFindings> records;
};

struct Overview {
  std::optional<ScanRun> last_run;
  bool all_units = false;           // the county office's view
  std::optional<int64_t> unit_id;   // the unit shown (a unit's own view)
  std::vector<UnitFindings> units;  // most records first, then by name
  int64_t records = 0, findings = 0;
};

}  // namespace zwgk::privacy

#endif  // ZWGK_PRIVACY_MODEL_H_
