#include "cli/exit_codes.h"

#include "core/status.h"

namespace zwgk::cli {

int ExitCode(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return kOk;
    case absl::StatusCode::kInvalidArgument:
      return kUsage;
    case absl::StatusCode::kOutOfRange:
      return kUsage;
    case absl::StatusCode::kNotFound:
      return kNotFound;
    case absl::StatusCode::kAlreadyExists:
      return kConflict;
    case absl::StatusCode::kFailedPrecondition:
      return kConflict;
    case absl::StatusCode::kAborted:
      return kConflict;
    case absl::StatusCode::kPermissionDenied:
      return kDenied;
    case absl::StatusCode::kUnauthenticated:
      return kDenied;
    case absl::StatusCode::kUnavailable:
      return kUnavailable;
    case absl::StatusCode::kResourceExhausted:
      return kUnavailable;
    case absl::StatusCode::kDeadlineExceeded:
      return kUnavailable;
    case absl::StatusCode::kCancelled:
      return kFailure;
    case absl::StatusCode::kUnknown:
      return kFailure;
    case absl::StatusCode::kInternal:
      return kFailure;
    case absl::StatusCode::kDataLoss:
      return kFailure;
    case absl::StatusCode::kUnimplemented:
      return kFailure;
    case absl::StatusCode::
        kDoNotUseReservedForFutureExpansionUseDefaultInSwitchInstead_:
      break;
  }
  return kFailure;
}

int Fail(const absl::Status& status) {
  std::cerr << "错误：" << status.message() << "\n";
  for (const auto& [field, message] : GetFieldErrors(status)) {
    std::cerr << "  " << field << "：" << message << "\n";
  }
  return ExitCode(status.code());
}

}  // namespace zwgk::cli
