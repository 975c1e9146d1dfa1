#include "publishing/topics.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/resources.h"
#include "nlohmann/json.hpp"

namespace zwgk::publishing {

TopicRegistry TopicRegistry::Embedded() {
  TopicRegistry r;
  std::optional<absl::string_view> text =
      resources::Find("src/publishing/data/topics.json");
  if (!text) return r;
  nlohmann::json j = nlohmann::json::parse(text->begin(), text->end(), nullptr,
                                           /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("topics")) return r;
  for (const auto& t : j["topics"]) {
    Topic topic{.code = t.value("code", 0), .name = t.value("name", "")};
    for (const auto& c : t.value("children", nlohmann::json::array()))
      topic.children.push_back(c.get<std::string>());
    r.topics_.push_back(std::move(topic));
  }
  return r;
}

const Topic* TopicRegistry::Find(absl::string_view name) const {
  for (const Topic& t : topics_)
    if (t.name == name) return &t;
  return nullptr;
}

absl::StatusOr<TopicChoice> TopicRegistry::Resolve(
    absl::string_view text) const {
  text = absl::StripAsciiWhitespace(text);
  if (text.empty()) return absl::InvalidArgumentError("请选择主题分类");
  int code = 0;
  if (absl::SimpleAtoi(text, &code)) {
    for (const Topic& t : topics_)
      if (t.code == code) return TopicChoice{.topic = t.name};
  }
  size_t slash = text.find('/');
  absl::string_view first = text.substr(0, slash);
  absl::string_view second =
      slash == absl::string_view::npos ? "" : text.substr(slash + 1);
  if (const Topic* t = Find(first)) {
    if (second.empty()) return TopicChoice{.topic = t->name};
    for (const std::string& c : t->children)
      if (c == second) return TopicChoice{.topic = t->name, .subtopic = c};
    return absl::InvalidArgumentError(
        absl::StrCat("主题分类“", t->name, "”下没有“", second, "”"));
  }
  const Topic* owner = nullptr;
  int owners = 0;
  for (const Topic& t : topics_) {
    for (const std::string& c : t.children) {
      if (c == text && c != "其他") owner = &t, ++owners;
    }
  }
  if (owners == 1)
    return TopicChoice{.topic = owner->name, .subtopic = std::string(text)};
  return absl::InvalidArgumentError(
      absl::StrCat("“", text,
                   "”不是国家主题分类（如“民政、扶贫、救灾”或“民政、扶贫、救灾/"
                   "社会福利”）"));
}

}  // namespace zwgk::publishing
