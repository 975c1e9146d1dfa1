#include "core/form_errors.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/status.h"

namespace zwgk {

nlohmann::json ErrorSummary(const absl::Status& error,
                            absl::Span<const FormField> form,
                            const ErrorSummaryOptions& options) {
  if (error.ok()) return nullptr;
  const FieldErrors fields = GetFieldErrors(error);
  nlohmann::json items = nlohmann::json::array();
  std::set<std::string, std::less<>> listed;
  auto add = [&](absl::string_view key, absl::string_view id) {
    auto it = fields.find(std::string(key));
    if (it == fields.end() || !listed.insert(it->first).second) return;
    items.push_back({{"href", absl::StrCat("#", id.empty() ? key : id)},
                     {"field", it->first},
                     {"message", it->second}});
  };
  for (const FormField& f : form) add(f.key, f.id);
  for (const auto& [key, message] : fields) add(key, key);
  nlohmann::json out = {
      {"heading", !options.heading.empty() ? std::string(options.heading)
                  : items.empty()          ? "操作未完成"
                                  : "请修改以下内容后重新提交"},
      // The status message leads the list (what failed, in general terms,
      // e.g. "请选择文件"), unless it only repeats the one field message.
      {"message",
       items.size() == 1 && items[0]["message"] == std::string(error.message())
           ? ""
           : std::string(error.message())},
      {"items", items},
      {"has_items", !items.empty()},
      {"count", items.size()}};
  return out;
}

}  // namespace zwgk
