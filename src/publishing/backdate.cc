// A record's publish time is the server's (issue 19, inspection.md A13:
// back-dated publish dates fail the whole site). Clients never give it;
// when one tries, the attempt is refused and audited so the self-inspection
// can report it.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/audit.h"
#include "core/status.h"
#include "publishing/service.h"

namespace zwgk::publishing {
namespace {

constexpr absl::string_view kAction = "record.backdate_refused";
constexpr size_t kMaxValueChars = 100;

// A bound of BackdateAttempts as the audit log stores times.
std::optional<std::string> Bound(absl::string_view b) {
  if (b.empty()) return std::nullopt;
  if (std::optional<absl::CivilDay> day = ParseDay(b))
    return FormatTimestamp(StartOfDay(*day));
  return std::string(b);
}

}  // namespace

absl::Status Service::RefuseBackdate(const Actor& actor, int64_t record_id,
                                     absl::string_view field,
                                     absl::string_view value) {
  // At most kMaxValueChars characters of what was sent, cut between
  // characters.
  size_t end = 0, chars = 0;
  while (end < value.size() && chars < kMaxValueChars) {
    ++end;
    while (end < value.size() && (value[end] & 0xC0) == 0x80) ++end;
    ++chars;
  }
  const std::string shown(value.substr(0, end));
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) {
    return audit::Record(
        tx, clock_, actor,
        {.action = std::string(kAction),
         .entity = "record",
         .entity_id = record_id > 0 ? absl::StrCat(record_id) : "",
         .before = nullptr,
         .after = {{"field", std::string(field)}, {"value", shown}}});
  }));
  return InvalidFields(
      "发布时间由系统在发布时自动记录，不能指定或修改",
      {{std::string(field),
        absl::StrCat("不能指定“", field,
                     "”：发布时间以系统发布时刻为准，此次尝试已记录")}});
}

absl::StatusOr<std::vector<BackdateAttempt>> Service::BackdateAttempts(
    absl::string_view from, absl::string_view to) {
  std::vector<BackdateAttempt> out;
  audit::ListOptions o{.action = std::string(kAction),
                       .from = Bound(from),
                       .to = Bound(to),
                       .per_page = 200};
  for (o.page = 1;; ++o.page) {
    ZWGK_ASSIGN_OR_RETURN(std::vector<audit::LoggedEntry> page,
                          audit::List(db_, o));
    for (const audit::LoggedEntry& e : page) {
      BackdateAttempt a{.at = e.at, .actor = e.user_name};
      int64_t id = 0;
      if (absl::SimpleAtoi(e.entity_id, &id)) a.record_id = id;
      nlohmann::json after = nlohmann::json::parse(e.after_json, nullptr,
                                                   /*allow_exceptions=*/false);
      if (after.is_object()) a.field = after.value("field", "");
      out.push_back(std::move(a));
    }
    if (page.size() < static_cast<size_t>(o.per_page)) break;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace zwgk::publishing
