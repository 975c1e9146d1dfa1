// 村务公开 / 居务公开 (issue 17): validate → authorize → act, one transaction
// per user action, audited.
//
// Who may do what:
// - The public reads a village's published postings (its page on the
//   portal) and the board PDF of a published posting.
// - A village's clerk (role clerk, unit = the village) prepares, publishes
//   and withdraws its postings and uploads the board photo; the town's
//   staff (unit = the town) do so for every village of the town; the county
//   office for all. Another village's answers NotFound.
// - The county office sets the due days and each village's finance cadence
//   (a town's staff for their villages).
// Villages and communities are org units (org::UnitKind kVillage /
// kCommunity) under their town (Unit::parent_id).
#ifndef ZWGK_VILLAGES_SERVICE_H_
#define ZWGK_VILLAGES_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "calendar/service.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "org/service.h"
#include "villages/model.h"

namespace zwgk::villages {

struct ServiceOptions {
  std::string data_dir = "./var";  // photos under <data_dir>/blobs
  int64_t max_photo_bytes = 15 << 20;
  int max_photos = 6;
  int max_title_chars = 200;
  int max_body_chars = 50000;
};

struct PostingInput {
  std::string kind;    // ParseKind
  std::string period;  // ParsePeriod; "" = a major item posted at once
  std::string title, body;
};

struct PhotoUpload {
  std::string file_name, content_type, bytes;
};

struct Settings {
  int due_working_days = 10;  // after a period's end
  // Village id → finance monthly (else quarterly).
  std::vector<std::pair<int64_t, bool>> finance_monthly;
};

// One obligation of a village: kind, period, due day, its posting if any.
struct Obligation {
  int64_t village_id = 0;
  std::string village_name;
  int64_t town_id = 0;
  Kind kind = Kind::kVillage;
  Period period;
  absl::CivilDay due_on;
  std::optional<int64_t> posting_id;
  std::optional<absl::CivilDay> posted_on;
  bool photo_missing = false;  // published, no board photo yet
  Timeliness timeliness = Timeliness::kDueLater;
};

// A town's roll-up for the dashboard.
struct TownSummary {
  int64_t town_id = 0;
  std::string town_name;
  int villages = 0;
  int64_t due_soon = 0, late = 0, missing = 0, photos_missing = 0;
  std::vector<Obligation> problems;  // late, missing, photo missing
};

enum class BoardPaper { kA4, kA3 };

class Service {
 public:
  Service(db::Database& db, const Clock& clock, org::Service& org,
          calendar::Service& calendar, ServiceOptions options = {});

  // --- Postings (clerks, town staff, the office) ----------------------------
  [[nodiscard]] absl::StatusOr<Posting> Create(const Actor& actor,
                                               int64_t village_id,
                                               const PostingInput& in);
  [[nodiscard]] absl::StatusOr<Posting> Update(const Actor& actor, int64_t id,
                                               const PostingInput& in);
  // posted_on "" = today; not in the future.
  [[nodiscard]] absl::StatusOr<Posting> Publish(const Actor& actor, int64_t id,
                                                absl::string_view posted_on);
  [[nodiscard]] absl::Status Withdraw(const Actor& actor, int64_t id,
                                      absl::string_view reason);
  // JPEG or PNG by magic bytes; EXIF time read and kept beside the upload.
  [[nodiscard]] absl::StatusOr<Posting> AddPhoto(const Actor& actor, int64_t id,
                                                 const PhotoUpload& photo);
  [[nodiscard]] absl::StatusOr<Posting> Get(const Actor& actor, int64_t id);
  // A village's postings; the public gets published ones only.
  [[nodiscard]] absl::StatusOr<std::vector<Posting>> ListForVillage(
      const Actor& actor, int64_t village_id);
  // A posting's photo by `index` (0-based, in upload order) with its bytes;
  // readable by whoever may Get the posting.
  [[nodiscard]] absl::StatusOr<std::pair<Photo, std::string>> PhotoBytes(
      const Actor& actor, int64_t id, int index);

  // The notice-board PDF (village name, kind, period, posting date, body):
  // published postings for anyone, drafts for their staff (marked 草稿).
  [[nodiscard]] absl::StatusOr<std::string> BoardPdf(const Actor& actor,
                                                     int64_t id,
                                                     BoardPaper paper);

  // --- Obligations ----------------------------------------------------------
  // A village's (or every village of a town's, or all) obligations for the
  // periods of `year` ended or ending by as_of + 1 month, judged on as_of.
  [[nodiscard]] absl::StatusOr<std::vector<Obligation>> Obligations(
      const Actor& actor, absl::CivilDay as_of, std::optional<int64_t> unit_id);
  // For the dashboard (no actor): per town.
  [[nodiscard]] absl::StatusOr<std::vector<TownSummary>> TownSummaries(
      absl::CivilDay as_of, std::optional<int64_t> town_id);

  [[nodiscard]] absl::StatusOr<Settings> GetSettings();
  [[nodiscard]] absl::Status SaveSettings(const Actor& actor,
                                          const Settings& s);

  const Clock& clock() const { return clock_; }
  org::Service& org() { return org_; }
  const ServiceOptions& options() const { return options_; }

 private:
  db::Database& db_;
  const Clock& clock_;
  org::Service& org_;
  calendar::Service& calendar_;
  ServiceOptions options_;
};

}  // namespace zwgk::villages

#endif  // ZWGK_VILLAGES_SERVICE_H_
