// Attachments are stored content-addressed in the data directory: the name
// is the SHA-256 of the bytes, so the same file uploaded twice is stored once
// and a stored file can be checked against its name.
#ifndef ZWGK_CONTENT_BLOB_STORE_H_
#define ZWGK_CONTENT_BLOB_STORE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace zwgk::content {

// SHA-256 of `bytes` as 64 lowercase hex digits.
std::string Sha256Hex(absl::string_view bytes);

// True for exactly 64 lowercase hex digits.
bool IsSha256Hex(absl::string_view s);

// Files under a root directory as <root>/ab/cd/<sha256 hex>.
class BlobStore {
 public:
  explicit BlobStore(std::string root);

  // Stores `bytes` and returns their SHA-256 hex. Idempotent: a file already
  // stored with the right size is not written again. Writes go to a temp
  // file in the target directory, are fsynced and renamed into place, so a
  // crash never leaves a partial file under the final name. Internal on I/O
  // errors.
  [[nodiscard]] absl::StatusOr<std::string> Put(absl::string_view bytes);

  // The stored bytes. InvalidArgument for a malformed hash (so a crafted
  // name cannot leave the root), NotFound for an unknown one.
  [[nodiscard]] absl::StatusOr<std::string> Get(
      absl::string_view sha256_hex) const;

  // Where the blob lives (whether or not it exists); "" for a malformed hash.
  std::string PathFor(absl::string_view sha256_hex) const;

  // False for malformed hashes.
  bool Exists(absl::string_view sha256_hex) const;

  // Removes the temp files of writes that never finished (the process was
  // killed between create and rename) last modified before `before`; a
  // write in progress touches its file, so an hour back is safe even with
  // several hosts on one data directory. Returns how many were removed.
  size_t RemoveAbandonedTemps(absl::Time before) const;

 private:
  std::string root_;
};

}  // namespace zwgk::content

#endif  // ZWGK_CONTENT_BLOB_STORE_H_
