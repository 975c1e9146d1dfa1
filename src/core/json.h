// JSON from outside (request bodies, imported files) parsed with bounds, and
// typed reads of its fields. nlohmann copies and compares values
// recursively, so a deeply nested document ([[[…]]] 60,000 deep, 120 KB)
// would overflow the stack the first time anything copies it: the depth is
// checked on the raw text, before nlohmann builds anything.
#ifndef ZWGK_CORE_JSON_H_
#define ZWGK_CORE_JSON_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace zwgk {

struct JsonLimits {
  int max_depth = 32;            // objects and arrays nested
  size_t max_bytes = 16u << 20;  // the text itself
};

// The nesting depth of `text` (arrays and objects, strings skipped), or
// the first depth above `stop_above` (so a hostile text is not scanned to
// its end). Never recursive.
int JsonNestingDepth(absl::string_view text, int stop_above);

// Parses `text` after checking its size and depth. Errors are
// InvalidArgument in Chinese with the byte position; nlohmann's own text is
// never included.
[[nodiscard]] absl::StatusOr<nlohmann::json> ParseJson(
    absl::string_view text, const JsonLimits& limits = {});

// Reads typed fields of one JSON object without throwing: a field of the
// wrong type is recorded (named in the message) and read as absent, so a
// handler reads all it needs and then returns status() once.
//
//   JsonFields f(body);
//   std::string title = f.String("title", "标题");
//   std::optional<int64_t> to = f.Int("to", "关联信息");
//   ZWGK_RETURN_IF_ERROR(f.status());
class JsonFields {
 public:
  explicit JsonFields(const nlohmann::json& object) : object_(object) {}

  // Absent or null: "" / nullopt (no error).
  std::string String(const char* key, absl::string_view label);
  std::optional<int64_t> Int(const char* key, absl::string_view label);

  // OK, or InvalidFields naming every field of the wrong type.
  [[nodiscard]] absl::Status status() const;

 private:
  const nlohmann::json* Find(const char* key) const;
  void Wrong(const char* key, absl::string_view label,
             absl::string_view expected);

  const nlohmann::json& object_;
  std::map<std::string, std::string> errors_;
};

}  // namespace zwgk

#endif  // ZWGK_CORE_JSON_H_
