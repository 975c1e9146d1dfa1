// Table 三 of the annual report: applications received, carried over and
// concluded in a year, by applicant category, with the self-served count.
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "applications/service.h"
#include "core/status.h"

namespace zwgk::applications {

bool Table3::Balanced() const {
  for (int c = 0; c < kColumns; ++c) {
    if (new_received[c] + carried_in[c] != concluded[c] + carried_out[c])
      return false;
  }
  return true;
}

absl::StatusOr<Table3> Service::Statistics(const Actor& actor, int year,
                                           std::optional<int64_t> unit_id) {
  // Each unit reports its own applications; the county office adds them up.
  if (!IsAdmin(actor)) {
    if (!IsStaff(actor.role) || !actor.unit_id ||
        (unit_id && *unit_id != *actor.unit_id))
      return absl::NotFoundError("没有可查看的统计：只能统计本单位收到的申请");
    unit_id = actor.unit_id;
  }
  Table3 t{.year = year, .unit_id = unit_id};
  const absl::CivilDay first(year, 1, 1), last(year, 12, 31);
  return db_.InTransaction<Table3>([&](db::Tx& tx) -> absl::StatusOr<Table3> {
    ZWGK_ASSIGN_OR_RETURN(std::vector<StoredApplication> all,
                          store::ReceivedThrough(tx, last, unit_id));
    for (const StoredApplication& a : all) {
      const int col = static_cast<int>(a.applicant.category);
      auto add = [&](Table3::Counts& c) {
        ++c[col];
        ++c[Table3::kColumns - 1];
      };
      // Concluded before this year: not part of it.
      if (a.concluded_on && *a.concluded_on < first) continue;
      if (*a.received_on >= first) {
        add(t.new_received);
      } else {
        add(t.carried_in);
      }
      if (a.concluded_on && *a.concluded_on <= last) {
        std::optional<ResultRow> row;
        if (a.reply_type) row = RowForReply(*a.reply_type, a.ground);
        if (!row) row = RowForState(a.state);
        if (!row) row = ResultRow::kOtherHandling;
        add(t.results[static_cast<int>(*row)]);
        add(t.concluded);
      } else {
        add(t.carried_out);
      }
    }
    ZWGK_ASSIGN_OR_RETURN(
        t.self_served, store::CountSelfServed(tx, absl::StrCat(year), unit_id));
    return t;
  });
}

}  // namespace zwgk::applications
