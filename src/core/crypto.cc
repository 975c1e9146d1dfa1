#include "core/crypto.h"

#include <sodium.h>

#include <cstdlib>
#include <vector>

namespace zwgk::crypto {
namespace {

void EnsureInit() {
  static const bool ok = [] { return sodium_init() >= 0; }();
  if (!ok) std::abort();  // no usable randomness: refuse to run
}

std::string ToHex(const unsigned char* p, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}

}  // namespace

std::string RandomHex(size_t bytes) {
  EnsureInit();
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  return ToHex(buf.data(), buf.size());
}

std::string RandomReadableCode() {
  static constexpr absl::string_view kAlphabet =
      "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  EnsureInit();
  std::string code;
  for (int i = 0; i < 12; ++i)
    code.push_back(kAlphabet[randombytes_uniform(kAlphabet.size())]);
  return code;
}

std::string Sha256Hex(absl::string_view data) {
  EnsureInit();
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size());
  return ToHex(out, sizeof out);
}

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace zwgk::crypto
