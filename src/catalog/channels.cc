#include "catalog/channels.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "catalog/text.h"
#include "core/text.h"
#include "nlohmann/json.hpp"

namespace zwgk::catalog {
namespace {

// Marks are matched as UTF-8 byte sequences, so cells need not be decoded.
constexpr absl::string_view kUsedMarks[] = {"■", "☑", "✓", "✔", "√", "▣"};
constexpr absl::string_view kUnusedMarks[] = {"□", "☐"};
constexpr absl::string_view kListSeparators[] = {
    "、", "，", "；", "\u3000", ",", ";", "\n", "\r", "\t", " "};

enum class Mark { kNone, kUsed, kUnused };

// The mark starting at s[i] and its byte length.
std::pair<Mark, size_t> MarkAt(absl::string_view s, size_t i) {
  if (static_cast<uint8_t>(s[i]) != 0xE2)
    return {Mark::kNone, 0};  // every mark's lead byte
  const absl::string_view rest = s.substr(i);
  for (absl::string_view m : kUsedMarks) {
    if (absl::StartsWith(rest, m)) return {Mark::kUsed, m.size()};
  }
  for (absl::string_view m : kUnusedMarks) {
    if (absl::StartsWith(rest, m)) return {Mark::kUnused, m.size()};
  }
  return {Mark::kNone, 0};
}

size_t SeparatorAt(absl::string_view s, size_t i) {
  const absl::string_view rest = s.substr(i);
  for (absl::string_view sep : kListSeparators) {
    if (absl::StartsWith(rest, sep)) return sep.size();
  }
  return 0;
}

// Spelling-insensitive key: no spaces, ASCII brackets and slashes.
std::string MatchKey(absl::string_view name) {
  return absl::StrReplaceAll(text::RemoveSpaces(name),
                             {{"（", "("}, {"）", ")"}, {"／", "/"}});
}

absl::StatusOr<std::vector<std::string>> StringList(const nlohmann::json& j,
                                                    absl::string_view what) {
  std::vector<std::string> out;
  if (j.is_null()) return out;
  if (!j.is_array())
    return absl::InvalidArgumentError(absl::StrCat(what, "应为字符串数组"));
  for (const auto& e : j) {
    if (!e.is_string())
      return absl::InvalidArgumentError(absl::StrCat(what, "应为字符串数组"));
    out.push_back(e.get<std::string>());
  }
  return out;
}

// Line-wrapped names ("村公示栏\n（电子屏）") join; other inner spaces stay.
std::string JoinWrappedName(absl::string_view segment) {
  std::string out;
  size_t start = 0;
  while (start <= segment.size()) {
    size_t end = segment.find_first_of("\r\n", start);
    if (end == absl::string_view::npos) end = segment.size();
    out += text::Trim(segment.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

void AddUnique(std::vector<std::string>& list, std::string name) {
  if (name.empty()) return;
  if (std::find(list.begin(), list.end(), name) == list.end()) {
    list.push_back(std::move(name));
  }
}

}  // namespace

absl::StatusOr<ChannelRegistry> ChannelRegistry::FromJson(
    absl::string_view json) {
  const nlohmann::json j =
      nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    return absl::InvalidArgumentError("渠道清单不是有效的 JSON");
  if (!j.is_object() || !j.contains("channels") || !j["channels"].is_array()) {
    return absl::InvalidArgumentError("渠道清单缺少 channels 数组");
  }
  ChannelRegistry registry;
  size_t index = 0;
  for (const auto& c : j["channels"]) {
    const std::string where = absl::StrCat("渠道清单第", ++index, "项");
    if (!c.is_object() || !c.contains("name") || !c["name"].is_string() ||
        text::Trim(c["name"].get<std::string>()).empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, "缺少名称（name）"));
    }
    ChannelInfo info{.name = text::Trim(c["name"].get<std::string>())};
    if (c.contains("checklist")) {
      if (!c["checklist"].is_boolean()) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, "的 checklist 应为 true 或 false"));
      }
      info.checklist = c["checklist"].get<bool>();
    }
    auto aliases =
        StringList(c.value("aliases", nlohmann::json()), where + "的 aliases ");
    if (!aliases.ok()) return aliases.status();
    info.aliases = *std::move(aliases);
    auto domains =
        StringList(c.value("domains", nlohmann::json()), where + "的 domains ");
    if (!domains.ok()) return domains.status();
    info.domains = *std::move(domains);
    registry.Add(std::move(info));
  }
  return registry;
}

void ChannelRegistry::Add(ChannelInfo info) {
  for (size_t i = 0; i < channels_.size(); ++i) {
    if (channels_[i].name == info.name) {
      channels_[i] = std::move(info);
      Index(i);
      return;
    }
  }
  channels_.push_back(std::move(info));
  Index(channels_.size() - 1);
}

void ChannelRegistry::Index(size_t i) {
  by_key_[MatchKey(channels_[i].name)] = i;
  for (const std::string& alias : channels_[i].aliases)
    by_key_[MatchKey(alias)] = i;
}

std::string ChannelRegistry::Canonical(absl::string_view name) const {
  auto it = by_key_.find(MatchKey(name));
  if (it == by_key_.end()) return text::Trim(name);
  return channels_[it->second].name;
}

bool ChannelRegistry::IsKnown(absl::string_view name) const {
  return by_key_.contains(MatchKey(name));
}

std::vector<std::string> ChannelRegistry::Checklist(
    absl::string_view domain) const {
  std::vector<std::string> out;
  for (const ChannelInfo& c : channels_) {
    const bool for_domain = std::find(c.domains.begin(), c.domains.end(),
                                      domain) != c.domains.end();
    if (c.checklist || for_domain) out.push_back(c.name);
  }
  return out;
}

ChannelCell ParseChannelCell(absl::string_view cell,
                             const ChannelRegistry* registry) {
  auto spell = [registry](std::string name) {
    return registry != nullptr ? registry->Canonical(name) : name;
  };
  ChannelCell out;
  size_t first_mark = 0;
  while (first_mark < cell.size() &&
         MarkAt(cell, first_mark).first == Mark::kNone)
    ++first_mark;
  if (first_mark == cell.size()) {
    // A plain list: everything named is used.
    size_t start = 0;
    for (size_t i = 0; i <= cell.size();) {
      const size_t sep = i < cell.size() ? SeparatorAt(cell, i) : 1;
      if (sep == 0) {
        ++i;
        continue;
      }
      AddUnique(out.used, spell(text::Trim(cell.substr(start, i - start))));
      i += sep;
      start = i;
    }
    return out;
  }
  out.unmarked = JoinWrappedName(cell.substr(0, first_mark));
  for (size_t i = first_mark; i < cell.size();) {
    const auto [mark, mark_len] = MarkAt(cell, i);
    size_t end = i + mark_len;
    while (end < cell.size() && MarkAt(cell, end).first == Mark::kNone) ++end;
    std::string name =
        JoinWrappedName(cell.substr(i + mark_len, end - i - mark_len));
    if (!name.empty()) {
      AddUnique(mark == Mark::kUsed ? out.used : out.unused,
                spell(std::move(name)));
    }
    i = end;
  }
  return out;
}

std::string FormatChannelCell(const std::vector<std::string>& used,
                              const std::vector<std::string>& unused) {
  constexpr size_t kShortName = 7;  // code points; two such names share a line
  std::vector<std::string> entries;
  for (const std::string& n : used) entries.push_back("■" + n);
  for (const std::string& n : unused) entries.push_back("□" + n);
  std::string out;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) out += "\n";
    out += entries[i];
    if (i + 1 < entries.size() && Utf8Length(entries[i]) <= kShortName + 1 &&
        Utf8Length(entries[i + 1]) <= kShortName + 1) {
      out += "    " + entries[++i];
    }
  }
  return out;
}

}  // namespace zwgk::catalog
