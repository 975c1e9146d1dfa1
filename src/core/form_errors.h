// The error summary at the top of a form that was refused: every field
// message in the order the form shows its fields, each linking to its field
// (rendered by the partial core/_error_summary).
#ifndef ZWGK_CORE_FORM_ERRORS_H_
#define ZWGK_CORE_FORM_ERRORS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "nlohmann/json.hpp"

namespace zwgk {

// One field of a form, in the order the form shows it: the key its errors
// are reported under (InvalidFields) and the id of the element a summary
// link moves to (empty: the same as the key).
struct FormField {
  absl::string_view key;
  absl::string_view id = {};
};

struct ErrorSummaryOptions {
  // The summary's heading; empty: "请修改以下内容后重新提交", or
  // "操作未完成" when no field is named.
  absl::string_view heading = {};
};

// The context of core/_error_summary for `error`: null when `error` is OK
// (the partial then renders nothing), otherwise
// {"heading", "message", "items": [{"href": "#id", "message"}], "count"}.
// Field messages follow `form`'s order; messages for fields the form does
// not list come last, in key order, linking to "#key". `message` is the
// status message (empty when it only repeats the one field message).
nlohmann::json ErrorSummary(const absl::Status& error,
                            absl::Span<const FormField> form,
                            const ErrorSummaryOptions& options = {});

}  // namespace zwgk

#endif  // ZWGK_CORE_FORM_ERRORS_H_
