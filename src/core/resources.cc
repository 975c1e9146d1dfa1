#include "core/resources.h"

#include <algorithm>

namespace zwgk::resources {

std::optional<absl::string_view> Find(absl::string_view path) {
  for (const Entry& e : All()) {
    if (e.path == path) return e.data;
  }
  return std::nullopt;
}

std::vector<Entry> Under(absl::string_view prefix) {
  std::vector<Entry> out;
  for (const Entry& e : All()) {
    if (e.path.substr(0, prefix.size()) == prefix) out.push_back(e);
  }
  std::sort(out.begin(), out.end(),
            [](const Entry& a, const Entry& b) { return a.path < b.path; });
  return out;
}

}  // namespace zwgk::resources
