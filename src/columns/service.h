// The column registry (issue 19): every column of the portal with its type
// and update rule, and its state on a day from the modules that fill it
// (publishing's records, the 年报, 办事指南, 政民互动 replies).
//
// Who may do what: anyone reads the public navigation (blank columns that
// the plan does not require are left out); staff read the registry with
// states; only the county office (admin) changes a column's name, type,
// rule, order or requirement. Audited.
#ifndef ZWGK_COLUMNS_SERVICE_H_
#define ZWGK_COLUMNS_SERVICE_H_

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "columns/model.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "guides/service.h"
#include "messages/service.h"
#include "org/service.h"
#include "publishing/service.h"
#include "reports/service.h"

namespace zwgk::columns {

struct ColumnInput {
  std::string name;
  std::string type;         // ColumnTypeName
  std::string update_days;  // a number; "" → the type's default
  bool required = false;
  std::string position;  // a number; "" keeps it
};

// An item on the home page: its publish date is the server's, from the
// first publication; a correction shows its update date beside it.
struct LatestItem {
  std::string title;
  std::string url;
  std::string unit;
  std::string published_on;  // YYYY-MM-DD, first publication
  std::string updated_on;    // YYYY-MM-DD of a later version; "" none
};
struct LatestColumn {
  std::string key, name, url;
  std::vector<LatestItem> items;
};
struct HomeLatest {
  std::vector<LatestItem> latest;     // the newest public records
  std::vector<LatestColumn> columns;  // main columns with content
};
inline constexpr int kLatestOnHome = 10;
inline constexpr int kLatestPerColumn = 5;

class Service {
 public:
  Service(db::Database& db, const Clock& clock, org::Service& org,
          publishing::Service& publishing, reports::Service& reports,
          guides::Service& guides, messages::Service& messages);

  // Registers the standard columns (and one 专栏 per pilot domain) that are
  // not registered yet; keeps the office's changes. Idempotent.
  [[nodiscard]] absl::Status Seed();

  // Every column with its state on `as_of` (YYYY-MM-DD), in order.
  [[nodiscard]] absl::StatusOr<std::vector<ColumnStatus>> List(
      absl::string_view as_of);
  [[nodiscard]] absl::StatusOr<ColumnStatus> Get(absl::string_view key,
                                                 absl::string_view as_of);
  // The home page's lists: the kLatestOnHome newest public records and, for
  // each main column (动态, 通知公告, 人事, 规划计划) that is not blank, its
  // kLatestPerColumn newest.
  [[nodiscard]] absl::StatusOr<HomeLatest> Latest();
  // The office's edit (admin only).
  [[nodiscard]] absl::StatusOr<Column> Update(const Actor& actor,
                                              absl::string_view key,
                                              const ColumnInput& in);
  // URLs of columns the public navigation leaves out today: blank and not
  // required. Cached until the next publication (Invalidate), the office's
  // next edit or the next day.
  [[nodiscard]] std::vector<std::string> HiddenUrls();
  // Drops the HiddenUrls cache (publishing's commit listener calls it).
  void Invalidate();

  const Clock& clock() const { return clock_; }

  // Bounds on what the office types.
  static constexpr size_t kMaxNameChars = 40;
  static constexpr int kMaxUpdateDays = 3650;
  static constexpr int kMaxPosition = 100000;

 private:
  // The standard columns on this site now (pages and domains read from
  // publishing and org).
  absl::StatusOr<std::vector<Column>> StandardColumns();

  // List with `presence_only`: items is 0 or 1 for record columns.
  absl::StatusOr<std::vector<ColumnStatus>> ListOn(absl::string_view as_of,
                                                   bool presence_only);

  std::mutex hidden_mu_;
  std::mutex hidden_compute_mu_;   // held while one caller reads the list
  int64_t hidden_generation_ = 0;  // bumped by Invalidate
  // What hidden_ was read for: Invalidate's count, the site generation (a
  // publication this process was not told of: the CLI, a second server)
  // and the day.
  struct HiddenKey {
    int64_t invalidations;
    int64_t site_generation;
    std::string day;
  };
  std::optional<HiddenKey> hidden_key_;
  std::vector<std::string> hidden_;
  db::Database& db_;
  const Clock& clock_;
  org::Service& org_;
  publishing::Service& publishing_;
  reports::Service& reports_;
  guides::Service& guides_;
  messages::Service& messages_;
};

}  // namespace zwgk::columns

#endif  // ZWGK_COLUMNS_SERVICE_H_
