// The 公开属性 inventory (issue 23): validate → authorize → act, one
// transaction per user action, audited.
//
// Who may do what:
// - A unit's staff import, see and decide their own unit's 权责清单, and
//   draft records from its stages; another unit's power answers NotFound.
// - The county office does all of it for every unit and sees the coverage
//   of every unit.
// - The public reads a unit's 公开属性清单: its powers' stages decided
//   主动公开 — never the undecided, 依申请 or 不予公开 ones, never who
//   decided or the history.
#ifndef ZWGK_POWERS_SERVICE_H_
#define ZWGK_POWERS_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "catalog/service.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "org/service.h"
#include "powers/model.h"
#include "publishing/service.h"

namespace zwgk::powers {

struct ServiceOptions {
  size_t max_file_bytes = 10u << 20;
  int max_rows = 20000;
  int max_reason_chars = 500;
  int max_text_chars = 500;  // one cell
};

struct ImportSummary {
  int powers_added = 0, powers_updated = 0;
  int stages_added = 0, stages_updated = 0;
  int attributes_set = 0;  // undecided stages the file decided
  // Rows the import could not fully apply, each naming its row: an unknown
  // catalog item, an attribute differing from one already decided.
  std::vector<std::string> notes;
};

struct DecideInput {
  std::string attribute;     // ParseAttribute: name or label
  std::string ground;        // withholding code or label (not 主动公开)
  std::string catalog_item;  // "一级/二级", "二级" or ""; kept when absent
  std::string period;        // "20个工作日" or ""; kept when absent
  std::string reason;        // required to change an attribute already decided
};

// A record drafted from a stage: what the stage does not say.
struct DraftInput {
  std::string title;      // "" → the power's name and the stage's information
  std::string topic;      // 主题分类, as publishing resolves it
  std::string genre;      // 体裁
  std::string formed_on;  // "" → today
};

// A record drafted from a stage, as the power's page lists it.
struct StageRecord {
  int64_t stage_id = 0;
  int64_t record_id = 0;
  std::string title;
  publishing::Status status = publishing::Status::kDraft;
  publishing::Disclosure disclosure = publishing::Disclosure::kActive;
  std::string withheld_ground;
};

// A power as its reader may see it: with the records drafted from its
// stages and the history of its attributes (staff only).
struct PowerView {
  Power power;
  std::vector<StageRecord> records;  // by record id
  std::vector<Change> changes;       // newest first
};

// A change of the 公开属性 on a record drafted from a stage.
struct RecordAttributeInput {
  std::string attribute;  // ParseAttribute: name or label (not 未认定)
  std::string ground;     // withholding code or label (not 主动公开)
  std::string reason;     // required
};

// The 年报's Table 二 figures a unit may take from its inventory: records
// drafted from its powers of each type, first published in the year (by
// the county's calendar day) and public now.
struct Table2Figures {
  int year = 0;
  int64_t unit_id = 0;
  int64_t licensing = 0;  // 行政许可
  int64_t penalty = 0;    // 行政处罚
  int64_t coercion = 0;   // 行政强制
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, org::Service& org,
          catalog::Service& catalog, publishing::Service& publishing,
          ServiceOptions options = {});

  // Imports a 权责清单 (XLSX or CSV; the first sheet) for `unit` (id or
  // name): powers matched by name, stages by 环节 and 产生的信息. InvalidFields
  // naming the row for a file it cannot read.
  [[nodiscard]] absl::StatusOr<ImportSummary> Import(const Actor& actor,
                                                     absl::string_view unit,
                                                     absl::string_view filename,
                                                     absl::string_view bytes);

  // Powers of one unit (staff: their own only) or, for the county office,
  // of every unit when `unit_id` is empty.
  [[nodiscard]] absl::StatusOr<std::vector<Power>> List(
      const Actor& actor, std::optional<int64_t> unit_id);
  [[nodiscard]] absl::StatusOr<PowerView> Get(const Actor& actor,
                                              int64_t power_id);
  [[nodiscard]] absl::StatusOr<std::vector<Coverage>> GetCoverage(
      const Actor& actor);
  // The power a stage belongs to; NotFound unless the actor may see it.
  [[nodiscard]] absl::StatusOr<int64_t> PowerOfStage(const Actor& actor,
                                                     int64_t stage_id);

  // Decides (or changes, with a reason) a stage's 公开属性.
  [[nodiscard]] absl::StatusOr<Stage> Decide(const Actor& actor,
                                             int64_t stage_id,
                                             const DecideInput& in);

  // A draft record from a decided stage: its 公开属性, ground, catalog item
  // and unit filled in, formed today (publish-by follows from the item).
  // FailedPrecondition for an undecided stage.
  [[nodiscard]] absl::StatusOr<publishing::Record> DraftRecord(
      const Actor& actor, int64_t stage_id, const DraftInput& in);

  // Changes the 公开属性 of a record drafted from a stage, with a reason,
  // through publishing (a record not yet published: see
  // publishing::Service::ChangeDisclosure); the change joins the stage's
  // history with the record, in the same transaction. The record's unit's
  // editors and reviewers or the county office; NotFound for a record not
  // drafted from a stage the actor may see.
  [[nodiscard]] absl::StatusOr<publishing::Record> ChangeRecordAttribute(
      const Actor& actor, int64_t record_id, const RecordAttributeInput& in);
  // The power a drafted record's stage belongs to; NotFound unless the
  // actor may see it.
  [[nodiscard]] absl::StatusOr<int64_t> PowerOfRecord(const Actor& actor,
                                                      int64_t record_id);

  // Table 二 (五)(六) of `year` for `unit_id` (see Table2Figures). No
  // authorization: for the 年报 module, which authorizes. InvalidArgument
  // for a year before 2000 or after this one.
  [[nodiscard]] absl::StatusOr<Table2Figures> Table2Counts(int64_t unit_id,
                                                           int year);

  // The public 公开属性清单 of a unit: powers with their 主动公开 stages.
  [[nodiscard]] absl::StatusOr<std::vector<Power>> PublicList(int64_t unit_id);

  const Clock& clock() const { return clock_; }
  org::Service& org() { return org_; }
  const ServiceOptions& options() const { return options_; }

 private:
  absl::StatusOr<std::vector<std::vector<std::string>>> ReadTable(
      absl::string_view filename, absl::string_view bytes) const;
  // The stage `record_id` was drafted from and its power, if `actor` may see
  // them (NotFound otherwise), in `tx`.
  absl::StatusOr<std::pair<Stage, Power>> StageOfRecord(db::Tx& tx,
                                                        const Actor& actor,
                                                        int64_t record_id);

  db::Database& db_;
  const Clock& clock_;
  org::Service& org_;
  catalog::Service& catalog_;
  publishing::Service& publishing_;
  ServiceOptions options_;
};

}  // namespace zwgk::powers

#endif  // ZWGK_POWERS_SERVICE_H_
