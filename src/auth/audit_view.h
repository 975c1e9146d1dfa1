// The audit log read in Chinese: one sentence per entry ("张三 发布了信息
// 《关于…的通知》") and the before/after as a field diff with Chinese labels.
// Pure presentation of audit::LoggedEntry; no I/O.
#ifndef ZWGK_AUTH_AUDIT_VIEW_H_
#define ZWGK_AUTH_AUDIT_VIEW_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/audit.h"
#include "nlohmann/json.hpp"

namespace zwgk::auth {

struct FieldChange {
  std::string field;          // the JSON key, "title"
  std::string label;          // "标题"
  std::string before, after;  // readable values; "—" for none
};

struct AuditLine {
  std::string actor;     // "张三"; "系统" for the command line
  std::string sentence;  // "张三 发布了信息《关于…的通知》"
  std::vector<FieldChange> changes;
};

// Names the log itself does not carry (user and unit names by id), keyed by
// {entity, entity_id}: {"user","3"} → "张三", {"unit","2"} → "县教育局".
using KnownNames = std::map<std::pair<std::string, std::string>, std::string>;

// The action codes the codebase records, with their Chinese name ("发布信息"),
// in display order: the filter's choices.
const std::vector<std::pair<std::string, std::string>>& AuditActions();
// The Chinese name of an action code ("" if unknown).
std::string AuditActionLabel(absl::string_view action);
// The Chinese name of an entity ("record" → "信息"); the code if unknown.
std::string AuditEntityLabel(absl::string_view entity);

// Values longer than this many characters are cut with "…".
inline constexpr size_t kAuditValueChars = 60;

// The changed fields only, most telling first (title, status, …). A created
// entry lists every field of `after` (before "—").
std::vector<FieldChange> FieldDiff(const nlohmann::json& before,
                                   const nlohmann::json& after);

AuditLine DescribeEntry(const audit::LoggedEntry& e, const KnownNames& names);

}  // namespace zwgk::auth

#endif  // ZWGK_AUTH_AUDIT_VIEW_H_
