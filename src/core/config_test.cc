#include "core/config.h"

#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk {
namespace {

using ::testing::HasSubstr;

std::string WriteFile(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(Config, DefaultsDeriveTheSqliteUrlFromDataDir) {
  auto c = LoadConfig({.data_dir = "/tmp/d"}, {});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->db, "sqlite:/tmp/d/zwgk.db");
  EXPECT_EQ(c->port, 8080);
}

TEST(Config, FileThenEnvironmentThenFlags) {
  std::string path =
      WriteFile("a.toml", "port = 9000\nthreads = 3\nlisten = \"0.0.0.0\"\n");
  auto c =
      LoadConfig({.config_file = path, .port = 9100}, {{"ZWGK_THREADS", "5"}});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->port, 9100);
  EXPECT_EQ(c->threads, 5);
  EXPECT_EQ(c->listen, "0.0.0.0");
}

TEST(Config, BadValuesNameTheKey) {
  struct Case {
    std::string toml;
    std::map<std::string, std::string> env;
    std::string want;
  };
  const Case cases[] = {
      {"port = \"abc\"\n", {}, "port"},
      {"", {{"ZWGK_PORT", "70000"}}, "ZWGK_PORT"},
      {"prot = 1\n", {}, "prot"},
      {"cookie_secure = \"maybe\"\n", {}, "cookie_secure"},
      {"port = \n", {}, "第 1 行"},
      {"", {{"ZWGK_LOG_LEVEL", "loud"}}, "ZWGK_LOG_LEVEL"},
      {"time_zone = \"Mars/Olympus\"\n", {}, "time_zone"},
      {"", {{"ZWGK_TIME_ZONE", "Beijing"}}, "ZWGK_TIME_ZONE"},
  };
  for (const Case& c : cases) {
    std::string path = WriteFile("bad.toml", c.toml);
    auto r = LoadConfig({.config_file = path}, c.env);
    ASSERT_FALSE(r.ok()) << c.toml;
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(c.want));
  }
}

TEST(Config, TimeZoneDefaultsToShanghaiAndIsConfigurable) {
  auto c = LoadConfig({.data_dir = "/tmp/d"}, {});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->time_zone, "Asia/Shanghai");
  std::string path = WriteFile("tz.toml", "time_zone = \"Asia/Urumqi\"\n");
  c = LoadConfig({.config_file = path}, {});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->time_zone, "Asia/Urumqi");
  c = LoadConfig({.config_file = path}, {{"ZWGK_TIME_ZONE", "UTC"}});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->time_zone, "UTC");
}

TEST(Config, MissingConfigFileIsAnError) {
  auto r = LoadConfig({.config_file = "/nonexistent/zwgk.toml"}, {});
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("/nonexistent/zwgk.toml"));
}

}  // namespace
}  // namespace zwgk
