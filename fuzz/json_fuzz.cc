// libFuzzer target for JSON from outside: API request bodies and imported
// files, read through core/json.h ParseJson (size and depth bounded before
// nlohmann builds anything) and JsonFields, and answers written with
// web::Json.
//
// The first byte picks the limits (the defaults, or small ones so the
// bounds themselves are hit); the rest is the text. Invariants: an accepted
// document is no deeper than the limit and its serialization parses back to
// the same serialization; errors are our Chinese messages (never nlohmann's
// text) and valid UTF-8; any string, even invalid UTF-8, can be answered.
#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "core/json.h"
#include "core/web.h"
#include "fuzz_util.h"
#include "nlohmann/json.hpp"

namespace {

using zwgk::fuzz::Bytes;

// Depth of arrays and objects; `j` is already bounded, so recursion is safe.
int Depth(const nlohmann::json& j) {
  if (!j.is_array() && !j.is_object()) return 0;
  int deepest = 0;
  for (const nlohmann::json& child : j) {
    const int d = Depth(child);
    if (d > deepest) deepest = d;
  }
  return deepest + 1;
}

void Fuzz(absl::string_view text, const zwgk::JsonLimits& limits) {
  absl::StatusOr<nlohmann::json> j = zwgk::ParseJson(text, limits);
  if (!j.ok()) {
    const absl::string_view message = j.status().message();
    ZWGK_FUZZ_CHECK(j.status().code() == absl::StatusCode::kInvalidArgument,
                    message);
    ZWGK_FUZZ_CHECK(!absl::StrContains(message, "parse_error") &&
                        !absl::StrContains(message, "syntax error"),
                    message);
    ZWGK_FUZZ_CHECK(zwgk::fuzz::IsValidUtf8(message), message);
    return;
  }
  ZWGK_FUZZ_CHECK(text.size() <= limits.max_bytes, text);
  ZWGK_FUZZ_CHECK(Depth(*j) <= limits.max_depth, text);
  ZWGK_FUZZ_CHECK(zwgk::JsonNestingDepth(text, 1 << 30) >= Depth(*j), text);

  // A parsed document serializes to text that parses to the same text
  // (after one round: 1e999 becomes null).
  const std::string once = zwgk::web::Json(*j).body;
  absl::StatusOr<nlohmann::json> again = zwgk::ParseJson(once, limits);
  ZWGK_FUZZ_CHECK(again.ok(), once);
  const std::string twice = zwgk::web::Json(*again).body;
  absl::StatusOr<nlohmann::json> third = zwgk::ParseJson(twice, limits);
  ZWGK_FUZZ_CHECK(third.ok(), twice);
  ZWGK_FUZZ_CHECK(zwgk::web::Json(*third).body == twice, twice);

  // Typed reads: every field of an object, as text and as integer.
  zwgk::JsonFields fields(*j);
  int n = 0;
  if (j->is_object()) {
    for (auto it = j->begin(); it != j->end() && n < 16; ++it, ++n) {
      (void)fields.String(it.key().c_str(), "字段");
      (void)fields.Int(it.key().c_str(), "字段");
    }
  }
  (void)fields.String("title", "标题");
  (void)fields.Int("to", "关联信息");
  const absl::Status status = fields.status();
  ZWGK_FUZZ_CHECK(j->is_object() || !status.ok(), text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const absl::string_view text = Bytes(data + 1, size - 1);
  if (data[0] % 2 == 0) {
    Fuzz(text, {});
  } else {
    Fuzz(text, {.max_depth = 4, .max_bytes = 512});
  }
  // Whatever a client sent can be echoed in an answer without throwing.
  const std::string body =
      zwgk::web::Json(nlohmann::json{{"value", std::string(text)}}).body;
  ZWGK_FUZZ_CHECK(zwgk::fuzz::IsValidUtf8(body), body);
  return 0;
}
