// 公开渠道和载体: the known channel names (data/channels.json) and the ■/□
// checklist cells of the government table.
#ifndef ZWGK_CATALOG_CHANNELS_H_
#define ZWGK_CATALOG_CHANNELS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace zwgk::catalog {

struct ChannelInfo {
  std::string name = {};
  std::vector<std::string> aliases = {};
  bool checklist = false;                 // offered on every catalog
  std::vector<std::string> domains = {};  // offered on these domains' catalogs
};

// The known channels. Names match ignoring spaces and the width of brackets
// and slashes, so "社区/企事业单位/村公示栏(电子屏)" is the known channel.
class ChannelRegistry {
 public:
  ChannelRegistry() = default;

  // Reads data/channels.json: {"channels":[{"name":…,"checklist":…,
  // "aliases":[…],"domains":[…]}]}.
  [[nodiscard]] static absl::StatusOr<ChannelRegistry> FromJson(
      absl::string_view json);

  // Adds or replaces (by name) a channel, e.g. a new domain platform.
  void Add(ChannelInfo info);

  // The known spelling of `name`, or `name` trimmed when it is not known.
  std::string Canonical(absl::string_view name) const;
  bool IsKnown(absl::string_view name) const;

  // The channels a catalog of `domain` offers as a ■/□ checklist, in order.
  std::vector<std::string> Checklist(absl::string_view domain) const;

  const std::vector<ChannelInfo>& channels() const { return channels_; }

 private:
  void Index(size_t i);

  std::vector<ChannelInfo> channels_;
  std::map<std::string, size_t, std::less<>> by_key_;  // MatchKey → index
};

// A 公开渠道和载体 cell read into names.
struct ChannelCell {
  std::vector<std::string> used = {};  // marked ■ (or ☑ ✓ √), no duplicates
  std::vector<std::string> unused = {};  // marked □ (or ☐)
  // Text before the first mark in a cell that has marks: it cannot be told
  // whether it is used, so the importer reports it.
  std::string unmarked = {};
};

// Reads ■/□ marks across spaces and line breaks ("■政府网站
// ■两微一端\n■纸质媒体"). A cell without any mark is a plain list separated by
// 、，；, line breaks or spaces, all used. `registry` (may be null) spells
// known names.
ChannelCell ParseChannelCell(absl::string_view cell,
                             const ChannelRegistry* registry);

// The cell text for `used` (■) followed by `unused` (□), two short names per
// line as in the 附件2 template.
std::string FormatChannelCell(const std::vector<std::string>& used,
                              const std::vector<std::string>& unused);

}  // namespace zwgk::catalog

#endif  // ZWGK_CATALOG_CHANNELS_H_
