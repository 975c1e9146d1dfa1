// Small wrappers over libsodium used by several modules.
#ifndef ZWGK_CORE_CRYPTO_H_
#define ZWGK_CORE_CRYPTO_H_

#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace zwgk::crypto {

// `bytes` random bytes as lowercase hex (2 × bytes characters).
std::string RandomHex(size_t bytes);

// A 12-character code a person types back from paper (query codes of
// applications and messages): uniform over 31 letters and digits without
// lookalikes (no 0/O, 1/I/L).
std::string RandomReadableCode();

// SHA-256 of `data` as lowercase hex.
std::string Sha256Hex(absl::string_view data);

// Compares without leaking where the first difference is.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

}  // namespace zwgk::crypto

#endif  // ZWGK_CORE_CRYPTO_H_
