// Helpers shared by the guides service's files (service.cc, xlsx.cc,
// service_stats.cc, service_book.cc). Not part of the module's interface.
#ifndef ZWGK_GUIDES_SERVICE_INTERNAL_H_
#define ZWGK_GUIDES_SERVICE_INTERNAL_H_

#include <cstdint>
#include <initializer_list>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/actor.h"
#include "core/clock.h"
#include "core/db.h"
#include "guides/service.h"
#include "org/service.h"

namespace zwgk::guides {

struct Service::BookCache {
  struct Entry {
    std::string newest;  // newest published_at among the guides
    size_t count = 0;
    Book book;
  };
  std::mutex mu;
  std::map<std::tuple<int, int64_t, int>, Entry> pdfs;  // scope, id, paper
};

}  // namespace zwgk::guides

namespace zwgk::guides::internal {

// Unit and domain names and positions, read before a transaction opens.
struct Names {
  std::map<int64_t, org::Unit> units;
  std::map<int64_t, org::Domain> domains;
};
Names LoadNames(org::Service& org);
// Fills unit_name and domain_name from `names` (kept when unknown).
void Decorate(const Names& names, Guide& g);
// Domain position, unit position, service: the book's and lists' order.
void SortForBook(const Names& names, std::vector<Guide>& guides);

absl::Status GuideNotFound(int64_t id);
// Staff who see a guide: the county office, and the guide's unit.
bool MaySee(const Actor& actor, const Guide& g);
// Editors and reviewers of the unit, and the county office.
absl::Status RequireEditor(const Actor& actor, int64_t unit_id);
absl::Status RequireReviewer(const Actor& actor, int64_t unit_id);

// The input checked and resolved into a guide's working fields (no id,
// state or blobs). Calls org (its own transactions): before opening ours.
absl::StatusOr<Guide> ResolveInput(org::Service& org,
                                   const ServiceOptions& options,
                                   const GuideInput& in);

// Creates (`before` nullopt) or changes a working copy with `fields`; a
// change makes it a draft again (the public snapshot stays). Audited.
absl::StatusOr<Guide> SaveDraft(db::Tx& tx, const Clock& clock,
                                const Actor& actor,
                                const std::optional<Guide>& before,
                                const Guide& fields);

// Whether `g` matches the filter's domain, unit, town, life event and words.
bool Matches(const Guide& g, const Filter& f);
// The words of a search, checked (≤ 50 characters).
absl::Status CheckQuery(absl::string_view q);

}  // namespace zwgk::guides::internal

#endif  // ZWGK_GUIDES_SERVICE_INTERNAL_H_
