// `zwgk user …` and `zwgk token …` parsed by CLI11 and run against the
// service, as main() does.
#include "auth/cli.h"

#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "auth/test_env.h"
#include "cli/chinese.h"
#include "cli/exit_codes.h"
#include "core/config.h"
#include "core/view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::auth {
namespace {

using testing::Env;
using ::testing::HasSubstr;
using testing::kPassword;

class AuthCliTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(env_.ok()); }

  // Runs `zwgk <args>` with `stdin_text` on standard input; returns the exit
  // code.
  int Run(const std::string& args, const std::string& stdin_text = "") {
    CLI::App root;
    CliRegistry registry(root);
    std::istringstream in(stdin_text);
    out_.str("");
    RegisterCli(registry, [this]() -> Service& { return env_.service(); },
                {.in = &in, .out = &out_});
    try {
      root.parse(args);
    } catch (const CLI::ParseError& e) {
      return cli::kUsage;
    }
    const CliAction* action = registry.Parsed();
    if (action == nullptr) return -1;
    AppContext ctx{config_, env_.db(), env_.clock(), *view_};
    return (*action)(ctx);
  }

  Env env_{"sqlite"};
  Config config_;
  std::unique_ptr<View> view_ = View::FromResources();
  std::ostringstream out_;
};

TEST_F(AuthCliTest, UserAddReadsThePasswordFromStdinOnly) {
  EXPECT_EQ(Run("user add --name gongkaiban --role admin",
                kPassword + std::string("\n")),
            cli::kUsage);
  EXPECT_FALSE(env_.service().GetUser("gongkaiban").ok());

  EXPECT_EQ(Run("user add --name gongkaiban --role admin --password-stdin", ""),
            cli::kUsage);
  EXPECT_FALSE(env_.service().GetUser("gongkaiban").ok());

  EXPECT_EQ(Run("user add --name gongkaiban --role admin --password-stdin",
                kPassword + std::string("\r\nignored\n")),
            cli::kOk);
  EXPECT_EQ(out_.str(), "已添加用户 gongkaiban（管理员（县政务公开办））\n");
  EXPECT_TRUE(env_.service().Login("gongkaiban", kPassword, "").ok());
}

TEST_F(AuthCliTest, UserAddReportsBadInputWithExitCodes) {
  EXPECT_EQ(Run("user add --name zj --role unit_editor --unit 县不存在局 "
                "--password-stdin",
                std::string(kPassword) + "\n"),
            cli::kUsage);
  EXPECT_EQ(Run("user add --name zj --role unit_editor --unit 县住建局 "
                "--password-stdin",
                "weak\n"),
            cli::kUsage);
  EXPECT_EQ(Run("user add --name zj --role unit_editor --unit 县住建局 "
                "--password-stdin",
                std::string(kPassword) + "\n"),
            cli::kOk);
  EXPECT_EQ(out_.str(), "已添加用户 zj（单位编辑，县住建局）\n");
  EXPECT_EQ(Run("user add --name zj --role admin --password-stdin",
                std::string(kPassword) + "\n"),
            cli::kConflict);
  EXPECT_EQ(Run("user add --role admin --password-stdin"),
            cli::kUsage);  // --name is required
}

TEST_F(AuthCliTest, UserListShowsRolesUnitsAndStatus) {
  env_.AddUser("gongkaiban", Role::kAdmin);
  env_.AddUser("zj", Role::kUnitEditor, "县住建局");
  ASSERT_TRUE(env_.service().SetDisabled(SystemActor(), "zj", true).ok());
  ASSERT_EQ(Run("user list"), cli::kOk);
  std::vector<std::string> lines =
      absl::StrSplit(out_.str(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u) << out_.str();
  EXPECT_EQ(lines[0], "编号\t用户名\t角色\t所属单位\t状态");
  EXPECT_THAT(
      lines[1],
      HasSubstr("\tgongkaiban\tadmin（管理员（县政务公开办））\t—\t正常"));
  EXPECT_THAT(lines[2],
              HasSubstr("\tzj\tunit_editor（单位编辑）\t县住建局\t已停用"));
}

TEST_F(AuthCliTest, TokenCreatePrintsOnlyTheToken) {
  env_.AddUser("zj", Role::kUnitEditor, "县住建局");
  ASSERT_EQ(Run("token create --user zj --name 报送脚本"), cli::kOk);
  std::string printed = out_.str();
  ASSERT_TRUE(absl::EndsWith(printed, "\n"));
  std::string token = printed.substr(0, printed.size() - 1);
  EXPECT_TRUE(absl::StartsWith(token, "zwgk_")) << printed;
  EXPECT_EQ(token.find_first_of(" \n\t"), std::string::npos);
  absl::StatusOr<Actor> actor = env_.service().AuthenticateToken(token);
  ASSERT_TRUE(actor.ok()) << actor.status();
  EXPECT_EQ(actor->name, "zj");

  EXPECT_EQ(Run("token create --user nobody"), cli::kNotFound);
  EXPECT_EQ(Run("token create"), cli::kUsage);
}

TEST_F(AuthCliTest, PasswordResetLiftsALockout) {
  env_.AddUser("zj", Role::kUnitEditor, "县住建局");
  for (int i = 0; i < 5; ++i)
    (void)env_.service().Login("zj", "Wrong-Horse-9", "");
  ASSERT_EQ(env_.service().Login("zj", kPassword, "").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Run("user password --name zj"), cli::kUsage);
  EXPECT_EQ(Run("user password --name zj --password-stdin", "Reset-Pass-42\n"),
            cli::kOk);
  EXPECT_TRUE(env_.service().Login("zj", "Reset-Pass-42", "").ok());
}

}  // namespace
}  // namespace zwgk::auth

namespace zwgk::cli {
namespace {

TEST(ChineseParseError, Cli11MessagesReadInChinese) {
  const std::pair<std::string, std::string> cases[] = {
      {"A subcommand is required", "请指定子命令"},
      {"--name is required", "缺少必填参数 --name"},
      {"The following argument was not expected: bogus",
       "无法识别的参数：bogus"},
      {"Could not convert: --port = abc", "参数 --port 的值“abc”格式不对"},
      {"something new", "命令行参数有误（something new）"},
  };
  for (const auto& [english, chinese] : cases)
    EXPECT_EQ(ChineseParseError(english), chinese) << english;
}

}  // namespace
}  // namespace zwgk::cli
