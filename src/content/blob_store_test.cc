#include "content/blob_store.h"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace zwgk::content {
namespace {

namespace fs = std::filesystem;

class BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    root_ = fs::temp_directory_path() /
            ("zwgk-content-blob-" + std::to_string(getpid()) + "-" +
             std::to_string(counter++));
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  size_t CountFiles() const {
    size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(root_)) {
      if (e.is_regular_file()) ++n;
    }
    return n;
  }

  fs::path root_;
};

TEST(Sha256Hex, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(BlobStoreTest, PutThenGet) {
  BlobStore store(root_.string());
  const std::string bytes("%PDF-1.7 政务公开\0binary", 28);
  absl::StatusOr<std::string> hex = store.Put(bytes);
  ASSERT_TRUE(hex.ok()) << hex.status();
  EXPECT_EQ(*hex, Sha256Hex(bytes));
  EXPECT_EQ(store.PathFor(*hex),
            (root_ / hex->substr(0, 2) / hex->substr(2, 2) / *hex).string());
  EXPECT_TRUE(store.Exists(*hex));
  absl::StatusOr<std::string> got = store.Get(*hex);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, bytes);
}

TEST_F(BlobStoreTest, PutIsIdempotentAndLeavesNoTempFiles) {
  BlobStore store(root_.string());
  absl::StatusOr<std::string> a = store.Put("同一份文件");
  absl::StatusOr<std::string> b = store.Put("同一份文件");
  absl::StatusOr<std::string> empty = store.Put("");
  ASSERT_TRUE(a.ok() && b.ok() && empty.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(CountFiles(), 2u);
  absl::StatusOr<std::string> got = store.Get(*empty);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, "");
}

// A kill -9 between create and rename leaves ".<hex>.tmp-…" beside the
// blobs: old ones go, a fresh one (a write in progress) and blobs stay.
TEST_F(BlobStoreTest, RemovesOnlyAbandonedTempFiles) {
  BlobStore store(root_.string());
  absl::StatusOr<std::string> kept = store.Put("保留的附件");
  ASSERT_TRUE(kept.ok());
  const fs::path dir = fs::path(store.PathFor(*kept)).parent_path();
  const fs::path old_temp = dir / ("." + *kept + ".tmp-123-0-42");
  const fs::path new_temp = dir / ("." + *kept + ".tmp-123-1-43");
  std::ofstream(old_temp) << "half";
  std::ofstream(new_temp) << "writing";
  const auto hour_ago =
      fs::file_time_type::clock::now() - std::chrono::hours(2);
  fs::last_write_time(old_temp, hour_ago);
  fs::last_write_time(store.PathFor(*kept), hour_ago);

  EXPECT_EQ(store.RemoveAbandonedTemps(absl::Now() - absl::Hours(1)), 1u);
  EXPECT_FALSE(fs::exists(old_temp));
  EXPECT_TRUE(fs::exists(new_temp));
  EXPECT_TRUE(store.Exists(*kept));
  EXPECT_EQ(
      BlobStore((root_ / "missing").string()).RemoveAbandonedTemps(absl::Now()),
      0u);
}

TEST_F(BlobStoreTest, RewritesATruncatedFile) {
  BlobStore store(root_.string());
  const std::string bytes = "完整的内容";
  const std::string hex = Sha256Hex(bytes);
  fs::create_directories(fs::path(store.PathFor(hex)).parent_path());
  std::ofstream(store.PathFor(hex), std::ios::binary) << "完整";
  ASSERT_TRUE(store.Put(bytes).ok());
  EXPECT_EQ(*store.Get(hex), bytes);
  EXPECT_EQ(CountFiles(), 1u);
}

TEST_F(BlobStoreTest, UnknownHashIsNotFound) {
  BlobStore store(root_.string());
  const std::string hex = Sha256Hex("从未存过");
  EXPECT_FALSE(store.Exists(hex));
  EXPECT_EQ(store.Get(hex).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(BlobStoreTest, MalformedHashesCannotEscapeTheRoot) {
  BlobStore store(root_.string());
  const std::string valid = Sha256Hex("x");
  std::string upper = valid;
  for (char& c : upper) c = static_cast<char>(toupper(c));
  const std::string bad[] = {
      "",
      "../../etc/passwd",
      upper,
      valid.substr(0, 63),
      valid.substr(0, 63) + "g",
      "ab/../../../../../../../../../../../../../../../../../../etc/passwd",
      valid + "/",
  };
  for (const std::string& hex : bad) {
    EXPECT_EQ(store.PathFor(hex), "") << hex;
    EXPECT_FALSE(store.Exists(hex)) << hex;
    EXPECT_EQ(store.Get(hex).status().code(),
              absl::StatusCode::kInvalidArgument)
        << hex;
  }
}

TEST_F(BlobStoreTest, UnwritableRootIsAnError) {
  fs::create_directories(root_);
  std::ofstream(root_ / "file") << "x";
  BlobStore store((root_ / "file").string());  // a file, not a directory
  absl::StatusOr<std::string> hex = store.Put("内容");
  ASSERT_FALSE(hex.ok());
  EXPECT_EQ(hex.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(hex.status().message().find("无法创建附件目录"), std::string::npos)
      << hex.status();
}

}  // namespace
}  // namespace zwgk::content
