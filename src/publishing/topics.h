// The 22 national 主题分类 classes with their children (data/topics.json),
// and the parsing of what people type for a topic.
#ifndef ZWGK_PUBLISHING_TOPICS_H_
#define ZWGK_PUBLISHING_TOPICS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace zwgk::publishing {

struct Topic {
  int code = 0;
  std::string name;
  std::vector<std::string> children;
};

struct TopicChoice {
  std::string topic;     // first-level name
  std::string subtopic;  // second-level name or ""
};

class TopicRegistry {
 public:
  // The embedded data/topics.json.
  static TopicRegistry Embedded();
  const std::vector<Topic>& all() const { return topics_; }
  // Accepts "民政、扶贫、救灾", "民政、扶贫、救灾/社会福利", a second-level
  // name that belongs to exactly one class ("社会福利"), or the class code
  // ("17"). InvalidArgument naming the text otherwise.
  absl::StatusOr<TopicChoice> Resolve(absl::string_view text) const;
  const Topic* Find(absl::string_view name) const;

 private:
  std::vector<Topic> topics_;
};

}  // namespace zwgk::publishing

#endif  // ZWGK_PUBLISHING_TOPICS_H_
