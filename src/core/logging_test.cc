#include "core/logging.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "spdlog/spdlog.h"

namespace zwgk::logging {
namespace {

std::vector<std::string> Lines(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

class LoggingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("zwgk_logging_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    // Back to stderr before the file goes away.
    ASSERT_TRUE(Configure({.format = "text"}).ok());
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
};

TEST_F(LoggingTest, JsonLinesCarryRequestFields) {
  std::filesystem::path file = dir_ / "zwgk.log";
  ASSERT_TRUE(Configure({.format = "json", .file = file.string()}).ok());
  spdlog::info("starting \"quoted\" 中文");
  {
    RequestScope scope("abc123");
    spdlog::error("request failed: {}", "driver text");
  }
  Access({.remote_ip = "203.0.113.9",
          .method = "GET",
          .target = "/records/7?x=1",
          .route = "/records/{id}",
          .request_id = "r-1",
          .status = 200,
          .bytes = 512,
          .duration_ms = 1.5});
  spdlog::debug("below the level: not written");
  std::vector<std::string> lines = Lines(file);
  ASSERT_EQ(lines.size(), 3u);
  std::vector<nlohmann::json> parsed;
  for (const std::string& line : lines) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << line;
    ASSERT_TRUE(j.is_object());
    EXPECT_TRUE(j["time"].is_string());
    EXPECT_EQ(j["time"].get<std::string>().size(), 24u) << j["time"];
    parsed.push_back(j);
  }
  EXPECT_EQ(parsed[0]["level"], "info");
  EXPECT_EQ(parsed[0]["message"], "starting \"quoted\" 中文");
  EXPECT_FALSE(parsed[0].contains("request_id"));
  EXPECT_EQ(parsed[1]["level"], "error");
  EXPECT_EQ(parsed[1]["request_id"], "abc123");
  EXPECT_EQ(parsed[2]["request_id"], "r-1");
  EXPECT_EQ(parsed[2]["route"], "/records/{id}");
  EXPECT_EQ(parsed[2]["status"], 200);
  EXPECT_EQ(parsed[2]["duration_ms"], 1.5);
  EXPECT_EQ(parsed[2]["method"], "GET");
  EXPECT_TRUE(parsed[2]["message"].is_string());
}

TEST_F(LoggingTest, ReopenWritesToTheNewFileAfterARename) {
  std::filesystem::path file = dir_ / "zwgk.log";
  ASSERT_TRUE(Configure({.format = "text", .file = file.string()}).ok());
  spdlog::info("before rotation");
  std::filesystem::rename(file, dir_ / "zwgk.log.1");
  spdlog::info("still the old file");
  Reopen();
  spdlog::info("after rotation");
  std::vector<std::string> old_lines = Lines(dir_ / "zwgk.log.1");
  std::vector<std::string> new_lines = Lines(file);
  ASSERT_EQ(old_lines.size(), 2u);
  ASSERT_EQ(new_lines.size(), 1u);
  EXPECT_NE(new_lines[0].find("after rotation"), std::string::npos);
}

TEST_F(LoggingTest, BadOptionsAreRefused) {
  EXPECT_FALSE(Configure({.format = "xml"}).ok());
  EXPECT_FALSE(Configure({.file = (dir_ / "missing" / "x.log").string()}).ok());
}

}  // namespace
}  // namespace zwgk::logging
