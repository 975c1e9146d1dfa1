// 办事指南 and the 办事一本通 (issue 17): validate → authorize → act, one
// transaction per user action, audited.
//
// Who may do what:
// - The public reads published guides (by domain, unit, town, life event,
//   words), their blank and sample forms, the books, and the published
//   办事统计.
// - A unit's editors draft, change and submit their unit's guides and
//   enter its statistics; its reviewers review and publish (four eyes: not
//   the guide's last submitter); another unit's answer NotFound.
// - The county office (admin) does all of it for every unit.
#ifndef ZWGK_GUIDES_SERVICE_H_
#define ZWGK_GUIDES_SERVICE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "catalog/service.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "guides/model.h"
#include "guides/store.h"
#include "org/service.h"

namespace zwgk::guides {

struct ServiceOptions {
  std::string data_dir = "./var";  // forms under <data_dir>/blobs
  int64_t max_form_bytes = 10 << 20;
  int max_materials = 60, max_steps = 40;
  int max_element_chars = 5000;
  int64_t max_import_bytes = 20 << 20;  // an XLSX of guides or statistics
};

struct GuideInput {
  std::string service;                                // 事项名称
  std::string unit;                                   // id or name
  std::string domain;                                 // id or name; "" none
  std::string town;                                   // id or name; "" none
  std::map<std::string, std::string> elements;        // by Chinese name
  std::map<std::string, std::string> not_applicable;  // name → reason
  std::vector<Material> materials;
  std::vector<Step> steps;
  std::vector<std::string> life_events;
};

struct ReviewInput {
  bool approve = true;
  std::string remarks;  // required when returned
};

struct Filter {
  std::optional<int64_t> unit_id, domain_id, town_id;
  std::string life_event;
  std::string q;  // words in the service name and elements (≤ 50 chars)
  std::optional<GuideState> state;  // staff only
  int limit = 50, offset = 0;
};

struct FormFile {
  std::string file_name, content_type, bytes;
};

// One XLSX row's problem: "第N行：缺少设定依据".
struct ImportSummary {
  int created = 0, updated = 0;
  std::vector<std::string> problems;
};

struct Book {
  std::string bytes;       // PDF (or HTML for BookHtml)
  std::string title;       // 嘉鱼县办事一本通（义务教育）
  absl::CivilDay edition;  // the newest publication among its guides
  int guides = 0;
};

// For the dashboard.
struct IncompleteGuide {
  int64_t id = 0, unit_id = 0;
  std::string service;
  std::vector<Missing> missing;
  bool published = false;  // a published version is public
};
struct StaleStats {
  int64_t unit_id = 0;
  std::optional<absl::CivilDay> newest_month;  // nullopt: never entered
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, org::Service& org,
          catalog::Service& catalog, ServiceOptions options = {});

  // --- Guides (staff) -------------------------------------------------------
  [[nodiscard]] absl::StatusOr<Guide> Create(const Actor& actor,
                                             const GuideInput& in);
  // A published guide's change is a new draft version; the published one
  // stays public until the change is published.
  [[nodiscard]] absl::StatusOr<Guide> Update(const Actor& actor, int64_t id,
                                             const GuideInput& in);
  // FailedPrecondition listing MissingElements (each naming the element).
  [[nodiscard]] absl::StatusOr<Guide> Submit(const Actor& actor, int64_t id);
  [[nodiscard]] absl::StatusOr<Guide> Review(const Actor& actor, int64_t id,
                                             const ReviewInput& in);
  [[nodiscard]] absl::StatusOr<Guide> Publish(const Actor& actor, int64_t id);
  [[nodiscard]] absl::Status Withdraw(const Actor& actor, int64_t id,
                                      absl::string_view reason);
  [[nodiscard]] absl::StatusOr<Guide> Get(const Actor& actor, int64_t id);
  [[nodiscard]] absl::StatusOr<std::vector<Guide>> List(const Actor& actor,
                                                        const Filter& f);
  [[nodiscard]] absl::StatusOr<std::vector<Guide>> Versions(const Actor& actor,
                                                            int64_t id);
  // The blank or sample form of material `index` (kind "blank"|"sample").
  [[nodiscard]] absl::StatusOr<Guide> AttachForm(const Actor& actor, int64_t id,
                                                 int index,
                                                 absl::string_view kind,
                                                 const FormFile& file);

  // --- Public ---------------------------------------------------------------
  [[nodiscard]] absl::StatusOr<Guide> GetPublic(int64_t id);
  [[nodiscard]] absl::StatusOr<std::vector<Guide>> ListPublic(const Filter& f);
  [[nodiscard]] absl::StatusOr<FormFile> FormBytes(const Actor& actor,
                                                   int64_t id, int index,
                                                   absl::string_view kind);

  // --- XLSX in the counties' layout (one row per guide; materials and
  // steps in their own sheets keyed by 事项名称) ------------------------------
  [[nodiscard]] absl::StatusOr<ImportSummary> ImportXlsx(
      const Actor& actor, absl::string_view bytes);
  [[nodiscard]] absl::StatusOr<std::string> ExportXlsx(const Actor& actor,
                                                       const Filter& f);

  // --- The 办事一本通 (published guides only) --------------------------------
  // scope kCounty ignores id; others need the domain, unit or town id.
  [[nodiscard]] absl::StatusOr<Book> BookPdf(BookScope scope,
                                             std::optional<int64_t> id,
                                             Paper paper = Paper::kA4);
  [[nodiscard]] absl::StatusOr<Book> BookHtml(BookScope scope,
                                              std::optional<int64_t> id);

  // --- 办事统计 --------------------------------------------------------------
  [[nodiscard]] absl::Status SaveStats(const Actor& actor,
                                       const MonthlyStats& s);
  // CSV or XLSX: 单位, 年, 月, 受理, 办结, 按时办结.
  [[nodiscard]] absl::StatusOr<ImportSummary> ImportStats(
      const Actor& actor, absl::string_view bytes, absl::string_view file_name);
  [[nodiscard]] absl::StatusOr<std::vector<MonthlyStats>> ListStats(
      int year, std::optional<int64_t> unit_id);

  // --- For the dashboard (no actor: the compliance module authorizes) ------
  [[nodiscard]] absl::StatusOr<std::vector<IncompleteGuide>> Incomplete(
      std::optional<int64_t> unit_id);
  // Units with guides whose newest statistics month is older than 3 months
  // before as_of (or none).
  [[nodiscard]] absl::StatusOr<std::vector<StaleStats>> StaleStatistics(
      absl::CivilDay as_of, std::optional<int64_t> unit_id);
  // For the column registry (issue 19): guides public at the end of
  // `as_of`, and the newest publication among them.
  [[nodiscard]] absl::StatusOr<store::PublicFacts> PublicFactsOn(
      absl::CivilDay as_of);

  const Clock& clock() const { return clock_; }
  org::Service& org() { return org_; }
  const ServiceOptions& options() const { return options_; }

 private:
  db::Database& db_;
  const Clock& clock_;
  org::Service& org_;
  catalog::Service& catalog_;
  ServiceOptions options_;
  // The last PDF per (scope, id, paper), with the newest publication and
  // count it was made from (service_book.cc).
  struct BookCache;
  std::shared_ptr<BookCache> book_cache_;
};

}  // namespace zwgk::guides

#endif  // ZWGK_GUIDES_SERVICE_H_
