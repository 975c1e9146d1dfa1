#include "content/blob_store.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace zwgk::content {
namespace {

namespace fs = std::filesystem;

void EnsureSodium() {
  // sodium_init is idempotent and thread-safe; the static runs it once.
  static const bool initialized = sodium_init() >= 0;
  (void)initialized;
}

std::string ErrnoText() { return std::strerror(errno); }

// A full or read-only disk is the operator's to fix and the request's to
// retry: 503 with its own words (core/web.cc), not an internal error.
absl::Status WriteError(int err, absl::string_view what) {
  if (err == ENOSPC || err == EDQUOT)
    return absl::UnavailableError(absl::StrCat("磁盘空间不足：", what));
  if (err == EROFS)
    return absl::UnavailableError(absl::StrCat("数据目录只读：", what));
  return absl::InternalError(what);
}

absl::Status WriteAll(int fd, absl::string_view bytes) {
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n =
        ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::InternalError(ErrnoText());
    }
    written += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

// Makes a rename durable; failure only weakens durability, so it is ignored.
void SyncDirectory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

// ".<hex>.tmp-<pid>-<n>-<random>": see TempName.
bool IsTempName(absl::string_view name) {
  return name.size() > 1 && name[0] == '.' &&
         name.find(".tmp-") != absl::string_view::npos;
}

std::string TempName(absl::string_view hex) {
  static std::atomic<uint64_t> counter{0};
  EnsureSodium();
  return absl::StrCat(".", hex, ".tmp-", ::getpid(), "-", counter++, "-",
                      randombytes_random());
}

// Writes `bytes` to `path` through a temp file in the same directory.
absl::Status WriteAtomically(const fs::path& path, absl::string_view bytes) {
  const fs::path dir = path.parent_path();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return WriteError(
        ec.value(),
        absl::StrCat("无法创建附件目录 ", dir.string(), "：", ec.message()));
  }
  const fs::path temp = dir / TempName(path.filename().string());
  const int fd =
      ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    return WriteError(errno, absl::StrCat("无法创建临时文件 ", temp.string(),
                                          "：", ErrnoText()));
  }
  absl::Status status = WriteAll(fd, bytes);
  int err = status.ok() ? 0 : errno;
  if (status.ok() && ::fsync(fd) != 0) {
    err = errno;
    status = absl::InternalError(ErrnoText());
  }
  if (::close(fd) != 0 && status.ok()) {
    err = errno;
    status = absl::InternalError(ErrnoText());
  }
  if (status.ok() && ::rename(temp.c_str(), path.c_str()) != 0) {
    err = errno;
    status = absl::InternalError(ErrnoText());
  }
  if (!status.ok()) {
    ::unlink(temp.c_str());
    return WriteError(err, absl::StrCat("无法写入附件文件 ", path.string(),
                                        "：", status.message()));
  }
  SyncDirectory(dir);
  return absl::OkStatus();
}

absl::Status MalformedHash(absl::string_view hex) {
  return absl::InvalidArgumentError(
      absl::StrCat("附件编号“", hex.substr(0, 80),
                   "”无效：应为 64 位小写十六进制的 SHA-256 值"));
}

}  // namespace

std::string Sha256Hex(absl::string_view bytes) {
  EnsureSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest,
                     reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * sizeof digest);
  for (unsigned char b : digest) {
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 0xF]);
  }
  return hex;
}

bool IsSha256Hex(absl::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

BlobStore::BlobStore(std::string root) : root_(std::move(root)) {}

std::string BlobStore::PathFor(absl::string_view sha256_hex) const {
  if (!IsSha256Hex(sha256_hex)) return "";
  return (fs::path(root_) / std::string(sha256_hex.substr(0, 2)) /
          std::string(sha256_hex.substr(2, 2)) / std::string(sha256_hex))
      .string();
}

bool BlobStore::Exists(absl::string_view sha256_hex) const {
  if (!IsSha256Hex(sha256_hex)) return false;
  std::error_code ec;
  return fs::is_regular_file(PathFor(sha256_hex), ec);
}

absl::StatusOr<std::string> BlobStore::Put(absl::string_view bytes) {
  std::string hex = Sha256Hex(bytes);
  const fs::path path = PathFor(hex);
  std::error_code ec;
  // A file of another size under this name is a leftover of a foreign
  // writer or corruption: it is replaced.
  if (const uintmax_t size = fs::file_size(path, ec);
      !ec && size == bytes.size()) {
    return hex;
  }
  if (absl::Status s = WriteAtomically(path, bytes); !s.ok()) return s;
  return hex;
}

absl::StatusOr<std::string> BlobStore::Get(absl::string_view sha256_hex) const {
  if (!IsSha256Hex(sha256_hex)) return MalformedHash(sha256_hex);
  const std::string path = PathFor(sha256_hex);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      return absl::NotFoundError(absl::StrCat("附件 ", sha256_hex, " 不存在"));
    }
    return absl::InternalError(absl::StrCat("无法读取附件文件 ", path));
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) {
    return absl::InternalError(absl::StrCat("读取附件文件 ", path, " 出错"));
  }
  return std::move(content).str();
}

size_t BlobStore::RemoveAbandonedTemps(absl::Time before) const {
  std::error_code ec;
  size_t removed = 0;
  fs::recursive_directory_iterator it(
      root_, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it.depth() > 2 || !it->is_regular_file(ec)) continue;
    if (!IsTempName(it->path().filename().string())) continue;
    struct stat st;
    if (::stat(it->path().c_str(), &st) != 0) continue;
    if (absl::FromTimeT(st.st_mtime) >= before) continue;
    if (::unlink(it->path().c_str()) == 0) ++removed;
  }
  return removed;
}

}  // namespace zwgk::content
