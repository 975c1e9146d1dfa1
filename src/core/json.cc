#include "core/json.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/status.h"

namespace zwgk {

int JsonNestingDepth(absl::string_view text, int stop_above) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > deepest) deepest = depth;
        if (deepest > stop_above) return deepest;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return deepest;
}

absl::StatusOr<nlohmann::json> ParseJson(absl::string_view text,
                                         const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("JSON 内容过大（最多 ", limits.max_bytes / 1024, " KB）"));
  }
  if (JsonNestingDepth(text, limits.max_depth) > limits.max_depth) {
    return absl::InvalidArgumentError(
        absl::StrCat("JSON 嵌套层数过多（最多 ", limits.max_depth, " 层）"));
  }
  // The non-throwing parse reports only "discarded"; the position comes from
  // a second, throwing parse of the (already bounded) text.
  nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr,
                                           /*allow_exceptions=*/false);
  if (!j.is_discarded()) return j;
  size_t at = 0;
  try {
    nlohmann::json ignored = nlohmann::json::parse(text.begin(), text.end());
    (void)ignored;
  } catch (const nlohmann::json::parse_error& e) {
    at = e.byte;
  } catch (const nlohmann::json::exception&) {
    // out_of_range: a number like 1e999999 that overflows; no position.
  }
  return absl::InvalidArgumentError(
      absl::StrCat("不是有效的 JSON（第 ", at, " 字节附近）"));
}

const nlohmann::json* JsonFields::Find(const char* key) const {
  if (!object_.is_object()) return nullptr;
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

void JsonFields::Wrong(const char* key, absl::string_view label,
                       absl::string_view expected) {
  errors_.emplace(key, absl::StrCat(label, "（", key, "）应为", expected));
}

std::string JsonFields::String(const char* key, absl::string_view label) {
  const nlohmann::json* v = Find(key);
  if (!v) return "";
  if (v->is_string()) return v->get<std::string>();
  Wrong(key, label, "文本");
  return "";
}

std::optional<int64_t> JsonFields::Int(const char* key,
                                       absl::string_view label) {
  const nlohmann::json* v = Find(key);
  if (!v) return std::nullopt;
  if (v->is_number_integer()) return v->get<int64_t>();
  Wrong(key, label, "整数");
  return std::nullopt;
}

absl::Status JsonFields::status() const {
  if (!object_.is_object())
    return absl::InvalidArgumentError("请求内容应为 JSON 对象（{…}）");
  if (errors_.empty()) return absl::OkStatus();
  std::vector<std::string> messages;
  for (const auto& [k, m] : errors_) messages.push_back(m);
  return InvalidFields(
      absl::StrCat("字段类型不正确：", absl::StrJoin(messages, "；")), errors_);
}

}  // namespace zwgk
