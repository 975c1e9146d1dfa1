// The self-inspection (issue 19): the checkable indicators of the website
// inspection (inspection.md) run over the site as of a day — from the
// modules that own the data (columns, messages, guides, publishing) and, when
// an address is given, by crawling the portal over HTTP like an inspector —
// judged (model.h Judge), stored and audited.
//
// Who may do what: only the county office (admin) runs a check or reads
// reports; a monthly report is made by the system when none exists for the
// month (on viewing /admin/inspection or the admin home, or by `zwgk inspect
// --monthly` from a timer).
#ifndef ZWGK_INSPECTION_SERVICE_H_
#define ZWGK_INSPECTION_SERVICE_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "columns/service.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "guides/service.h"
#include "inspection/crawl.h"
#include "inspection/model.h"
#include "messages/service.h"
#include "org/service.h"
#include "publishing/service.h"

namespace zwgk::inspection {

struct ServiceOptions {
  // The server's own address, crawled by 立即检查 and monthly reports
  // ("http://127.0.0.1:8080"); "" skips the crawl.
  std::string self_url;
  CrawlOptions crawl;
  absl::Duration fetch_timeout = absl::Seconds(15);
};

enum class Trigger { kManual, kMonthly, kCli };
absl::string_view TriggerName(Trigger t);  // manual | monthly | cli
absl::string_view TriggerLabel(Trigger t);  // 手动检查 | 月度检查 | 命令行

struct RunInput {
  std::optional<absl::CivilDay> as_of;  // default: today
  std::string base_url;                 // "" → no crawl
  int max_pages = 2000;                 // 1 … 100000
  Trigger trigger = Trigger::kManual;
};

struct Report {
  int64_t id = 0;
  std::string as_of, month, started_at, finished_at, run_by;
  Trigger trigger = Trigger::kManual;
  std::string base_url;  // "" when the crawl was skipped
  int64_t pages = 0;
  bool page_limit_reached = false;
  Verdict verdict;  // summary counts only in List()
};

class Service {
 public:
  Service(db::Database& db, const Clock& clock, org::Service& org,
          publishing::Service& publishing, messages::Service& messages,
          guides::Service& guides, columns::Service& columns,
          ServiceOptions options = {});
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // What the checks find on `as_of`, crawling through `fetcher` (nullptr:
  // no crawl) at `target`. No authorization, nothing stored.
  [[nodiscard]] absl::StatusOr<Facts> Collect(absl::CivilDay as_of,
                                              Fetcher* fetcher,
                                              const HttpTarget& target,
                                              int max_pages,
                                              CrawlResult* crawl = nullptr);

  // Runs the checks now, stores the report and audits it (admin only).
  // `fetcher` replaces the HTTP client (tests); otherwise in.base_url is
  // crawled over HTTP when given.
  [[nodiscard]] absl::StatusOr<Report> Run(const Actor& actor,
                                           const RunInput& in,
                                           Fetcher* fetcher = nullptr);

  // 立即检查: the same in a background thread, crawling options.self_url;
  // FailedPrecondition while one is running.
  [[nodiscard]] absl::Status StartRun(const Actor& actor,
                                      Trigger trigger = Trigger::kManual);
  bool running() const { return running_; }
  // Waits for a background run to finish (tests, shutdown).
  void WaitIdle();
  // Starts a background monthly run when no report exists for this month
  // and none is running; returns whether it started.
  bool EnsureMonthly();
  // The same, inline (`zwgk inspect --monthly`): nullopt when this month's
  // report already exists.
  [[nodiscard]] absl::StatusOr<std::optional<Report>> RunMonthly(
      const std::string& base_url, int max_pages);

  // Reports (admin only), newest first; List without findings.
  [[nodiscard]] absl::StatusOr<std::vector<Report>> List(const Actor& actor,
                                                         int limit = 50);
  [[nodiscard]] absl::StatusOr<Report> Get(const Actor& actor, int64_t id);
  [[nodiscard]] absl::StatusOr<std::optional<Report>> Latest(
      const Actor& actor);
  // The last background run's error, if it failed ("" otherwise).
  std::string last_error() const;

  const ServiceOptions& options() const { return options_; }
  // Tests point the background crawl elsewhere (nothing listens in-process).
  void set_self_url_for_testing(std::string url) {
    options_.self_url = std::move(url);
  }
  const Clock& clock() const { return clock_; }

 private:
  absl::Status CollectColumns(absl::string_view as_of, Facts& f);
  absl::Status CollectHome(Facts& f);
  absl::Status CollectMessages(absl::CivilDay as_of, Facts& f);
  absl::Status CollectGuides(Facts& f);
  absl::Status CollectPolicies(absl::CivilDay as_of, Facts& f);
  absl::Status CollectDates(absl::CivilDay as_of, Facts& f);
  absl::StatusOr<bool> HasReportForMonth(absl::string_view month);

  db::Database& db_;
  const Clock& clock_;
  org::Service& org_;
  publishing::Service& publishing_;
  messages::Service& messages_;
  guides::Service& guides_;
  columns::Service& columns_;
  ServiceOptions options_;
  // The background run.
  mutable std::mutex mu_;
  std::thread worker_;
  std::atomic<bool> running_{false};
  std::string last_error_;
};

}  // namespace zwgk::inspection

#endif  // ZWGK_INSPECTION_SERVICE_H_
