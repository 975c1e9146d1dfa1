// Status helpers shared by every layer: early-return macros and per-field
// validation errors carried as a payload on InvalidArgument.
#ifndef ZWGK_CORE_STATUS_H_
#define ZWGK_CORE_STATUS_H_

#include <map>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#define ZWGK_CONCAT_INNER_(a, b) a##b
#define ZWGK_CONCAT_(a, b) ZWGK_CONCAT_INNER_(a, b)

#define ZWGK_RETURN_IF_ERROR(expr)                                    \
  do {                                                                \
    if (absl::Status zwgk_s_ = (expr); !zwgk_s_.ok()) return zwgk_s_; \
  } while (0)

#define ZWGK_ASSIGN_OR_RETURN(lhs, expr) \
  ZWGK_ASSIGN_OR_RETURN_IMPL_(ZWGK_CONCAT_(zwgk_sor_, __LINE__), lhs, expr)
#define ZWGK_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()

namespace zwgk {

// Field name -> human-readable (Chinese) message, e.g. {"password":
// "至少10个字符"}.
using FieldErrors = std::map<std::string, std::string>;

// InvalidArgument with per-field messages attached (like CKAN's
// ValidationError).
absl::Status InvalidFields(absl::string_view message,
                           const FieldErrors& fields);

// The per-field messages attached by InvalidFields (empty if none).
FieldErrors GetFieldErrors(const absl::Status& status);

// Collects field errors during validation; `ToStatus` is OK when none were
// added.
class Validator {
 public:
  void Add(std::string field, std::string message) {
    errors_.emplace(std::move(field), std::move(message));
  }
  bool ok() const { return errors_.empty(); }
  [[nodiscard]] absl::Status ToStatus(
      absl::string_view message = "输入有误") const {
    return ok() ? absl::OkStatus() : InvalidFields(message, errors_);
  }

 private:
  FieldErrors errors_;
};

// Stable snake_case name of a status code ("not_found"), used in JSON errors.
absl::string_view CodeName(absl::StatusCode code);

}  // namespace zwgk

#endif  // ZWGK_CORE_STATUS_H_
