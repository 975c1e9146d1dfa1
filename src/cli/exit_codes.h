// CLI exit codes and the one switch from absl codes to them.
#ifndef ZWGK_CLI_EXIT_CODES_H_
#define ZWGK_CLI_EXIT_CODES_H_

#include <iostream>

#include "absl/status/status.h"

namespace zwgk::cli {

inline constexpr int kOk = 0;
inline constexpr int kFailure = 1;  // internal / unexpected
inline constexpr int kUsage = 2;    // bad flags or input (EX_USAGE-like)
inline constexpr int kNotFound = 3;
inline constexpr int kConflict = 4;  // exists already / wrong state
inline constexpr int kDenied = 5;
inline constexpr int kUnavailable = 6;  // database or port unavailable
// A check ran and found something to act on (`zwgk privacy scan`: published
// personal data).
inline constexpr int kFindings = 7;

int ExitCode(absl::StatusCode code);

// Prints "错误：<message>" (and field messages) to stderr; returns ExitCode.
int Fail(const absl::Status& status);

}  // namespace zwgk::cli

#endif  // ZWGK_CLI_EXIT_CODES_H_
