#include "core/status.h"

#include "absl/strings/cord.h"
#include "nlohmann/json.hpp"

namespace zwgk {
namespace {
constexpr char kFieldsPayload[] = "zwgk/fields";
}  // namespace

absl::Status InvalidFields(absl::string_view message,
                           const FieldErrors& fields) {
  absl::Status status = absl::InvalidArgumentError(message);
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [field, msg] : fields) j[field] = msg;
  // Messages may quote what a user sent; invalid UTF-8 there must not throw
  // (json's default), it becomes U+FFFD.
  status.SetPayload(
      kFieldsPayload,
      absl::Cord(
          j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
  return status;
}

FieldErrors GetFieldErrors(const absl::Status& status) {
  FieldErrors out;
  absl::optional<absl::Cord> payload = status.GetPayload(kFieldsPayload);
  if (!payload) return out;
  nlohmann::json j = nlohmann::json::parse(std::string(*payload), nullptr,
                                           /*allow_exceptions=*/false);
  if (!j.is_object()) return out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.value().is_string()) out[it.key()] = it.value().get<std::string>();
  }
  return out;
}

absl::string_view CodeName(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return "ok";
    case absl::StatusCode::kCancelled:
      return "cancelled";
    case absl::StatusCode::kUnknown:
      return "unknown";
    case absl::StatusCode::kInvalidArgument:
      return "invalid_argument";
    case absl::StatusCode::kDeadlineExceeded:
      return "deadline_exceeded";
    case absl::StatusCode::kNotFound:
      return "not_found";
    case absl::StatusCode::kAlreadyExists:
      return "already_exists";
    case absl::StatusCode::kPermissionDenied:
      return "permission_denied";
    case absl::StatusCode::kResourceExhausted:
      return "resource_exhausted";
    case absl::StatusCode::kFailedPrecondition:
      return "failed_precondition";
    case absl::StatusCode::kAborted:
      return "aborted";
    case absl::StatusCode::kOutOfRange:
      return "out_of_range";
    case absl::StatusCode::kUnimplemented:
      return "unimplemented";
    case absl::StatusCode::kInternal:
      return "internal";
    case absl::StatusCode::kUnavailable:
      return "unavailable";
    case absl::StatusCode::kDataLoss:
      return "data_loss";
    case absl::StatusCode::kUnauthenticated:
      return "unauthenticated";
    case absl::StatusCode::
        kDoNotUseReservedForFutureExpansionUseDefaultInSwitchInstead_:
      break;
  }
  return "unknown";
}

}  // namespace zwgk
