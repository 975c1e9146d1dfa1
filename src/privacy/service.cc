#include "privacy/service.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/audit.h"
#include "core/status.h"
#include "privacy/store.h"

namespace zwgk::privacy {
namespace {

absl::Status NotFound() { return absl::NotFoundError("页面不存在"); }

nlohmann::json SummaryJson(const publishing::PrivacyScanSummary& s) {
  return {{"records", s.records},
          {"attachments", s.attachments},
          {"findings", s.findings},
          {"records_with_findings", s.records_with_findings},
          {"not_scanned", s.not_scanned}};
}

}  // namespace

absl::StatusOr<ScanRun> Service::ScanSite(
    const Actor* actor, const std::function<void(int64_t, int64_t)>& progress) {
  if (actor && !IsAdmin(*actor)) return NotFound();
  const Actor who = actor ? *actor : SystemActor();
  ScanRun run{.started_at = FormatTimestamp(clock_.Now()),
              .started_by = actor ? actor->name : options_.console_name};
  ZWGK_ASSIGN_OR_RETURN(run.id, db_.InTransaction<int64_t>([&](db::Tx& tx) {
    return store::InsertRun(tx, run.started_at, run.started_by);
  }));
  // The scan opens its own transactions: none of ours is open here.
  absl::StatusOr<publishing::PrivacyScanSummary> summary =
      publishing_.ScanPublished(progress);
  if (!summary.ok()) {
    run.error = std::string(summary.status().message());
    ZWGK_RETURN_IF_ERROR(db_.Transaction(
        [&](db::Tx& tx) { return store::FailRun(tx, run.id, run.error); }));
    return summary.status();
  }
  run.summary = *summary;
  run.finished_at = FormatTimestamp(clock_.Now());
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_RETURN_IF_ERROR(
        store::FinishRun(tx, run.id, run.finished_at, run.summary));
    return audit::Record(
        tx, clock_, who,
        {"privacy.scan", "privacy_scan_run", absl::StrCat(run.id), nullptr,
         SummaryJson(run.summary)});
  }));
  return run;
}

absl::StatusOr<std::optional<ScanRun>> Service::LastRun() {
  return db_.InTransaction<std::optional<ScanRun>>(
      [](db::Tx& tx) { return store::LastRun(tx); });
}

absl::StatusOr<Overview> Service::GetOverview(const Actor& actor,
                                              std::optional<int64_t> unit_id) {
  if (!IsStaff(actor.role)) return NotFound();
  Overview out{.all_units = IsAdmin(actor) && !unit_id};
  if (!IsAdmin(actor)) {
    if (!actor.unit_id) return NotFound();
    if (unit_id && *unit_id != *actor.unit_id) return NotFound();
    unit_id = actor.unit_id;
  }
  out.unit_id = unit_id;
  ZWGK_ASSIGN_OR_RETURN(std::vector<publishing::PrivacyReport> reports,
                        publishing_.OpenPrivacy(actor, unit_id));
  ZWGK_ASSIGN_OR_RETURN(out.last_run, LastRun());
  std::map<int64_t, UnitFindings> by_unit;
  for (publishing::PrivacyReport& r : reports) {
    // A kind the reviewer gave a reason for is not open: not listed.
    const std::set<std::string> open(r.open_kinds.begin(), r.open_kinds.end());
    std::erase_if(r.findings, [&](const publishing::PrivacyFinding& f) {
      return !open.contains(f.kind);
    });
    if (r.findings.empty()) continue;
    UnitFindings& u = by_unit[r.unit_id];
    u.unit_id = r.unit_id;
    if (u.unit_name.empty()) u.unit_name = r.unit_name;
    RecordFindings rf;
    // The index number is publishing's, assigned at first publication; the
    // caller was authorized for the record by OpenPrivacy above.
    if (absl::StatusOr<publishing::Record> rec = publishing_.Get(r.record_id);
        rec.ok()) {
      rf.index_number = rec->index_number;
    }
    int64_t total = 0;
    for (const publishing::PrivacyFinding& f : r.findings) {
      rf.kind_counts[f.kind] += f.count();
      total += f.count();
    }
    u.findings += total;
    out.findings += total;
    ++out.records;
    rf.report = std::move(r);
    u.records.push_back(std::move(rf));
  }
  for (auto& [id, u] : by_unit) out.units.push_back(std::move(u));
  std::stable_sort(out.units.begin(), out.units.end(),
                   [](const UnitFindings& a, const UnitFindings& b) {
                     if (a.records.size() != b.records.size())
                       return a.records.size() > b.records.size();
                     return a.unit_name < b.unit_name;
                   });
  return out;
}

absl::StatusOr<publishing::Record> Service::Unpublish(const Actor& actor,
                                                      int64_t id) {
  if (!IsStaff(actor.role)) return NotFound();
  return publishing_.Unpublish(actor, id, kUnpublishReason);
}

absl::StatusOr<publishing::Record> Service::Mask(const Actor& actor,
                                                 int64_t id) {
  if (!IsStaff(actor.role)) return NotFound();
  return publishing_.MaskPrivacy(actor, id);
}

}  // namespace zwgk::privacy
