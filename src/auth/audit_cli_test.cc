// `zwgk audit verify` parsed by CLI11 and run as main() does: exit code 0 on
// an intact chain, 7 (cli::kFindings) once a row was changed with SQL, the
// counts in Chinese, the outcome kept for the admin audit page.
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "auth/cli.h"
#include "auth/test_env.h"
#include "cli/exit_codes.h"
#include "core/audit_chain.h"
#include "core/config.h"
#include "core/testing.h"
#include "core/view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::auth {
namespace {

using ::testing::HasSubstr;

class AuditCliTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { ASSERT_TRUE(env_.ok()); }

  int Run(const std::string& args) {
    CLI::App root;
    CliRegistry registry(root);
    out_.str("");
    RegisterAuditCli(registry, {.out = &out_});
    try {
      root.parse(args);
    } catch (const CLI::ParseError&) {
      return cli::kUsage;
    }
    const CliAction* action = registry.Parsed();
    if (action == nullptr) return -1;
    AppContext ctx{config_, env_.db(), env_.clock(), *view_};
    return (*action)(ctx);
  }

  testing::Env env_{GetParam()};
  Config config_;
  std::unique_ptr<View> view_ = View::FromResources();
  std::ostringstream out_;
};

TEST_P(AuditCliTest, VerifyReportsIntactThenTheEditedRow) {
  env_.AddUser("gongkaiban", Role::kAdmin);
  env_.AddUser("jiaoyu", Role::kUnitEditor, "县住建局");
  auto count = env_.db().Query("SELECT COUNT(*), MAX(id) FROM audit_log");
  ASSERT_TRUE(count.ok());
  int64_t entries = count->rows[0].Int(0);
  int64_t newest = count->rows[0].Int(1);
  ASSERT_GE(entries, 2);

  EXPECT_EQ(Run("audit verify"), cli::kOk) << out_.str();
  EXPECT_THAT(out_.str(),
              HasSubstr(absl::StrCat("审计日志共 ", entries,
                                     " 条，逐条校验通过 ", entries, " 条")));
  EXPECT_THAT(out_.str(), HasSubstr("审计日志完整"));

  absl::Status s = env_.db().Transaction([&](db::Tx& tx) {
    return tx
        .Exec("UPDATE audit_log SET user_name = 'someone' WHERE id = ?",
              {newest})
        .status();
  });
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(Run("audit verify"), cli::kFindings);
  EXPECT_THAT(out_.str(), HasSubstr("审计日志已被改动"));
  EXPECT_THAT(out_.str(), HasSubstr(absl::StrCat("第一处异常：第 ", newest,
                                                 " 条（被修改）")));

  auto last = audit::LoadLastVerify(env_.db());
  ASSERT_TRUE(last.ok() && last->has_value());
  EXPECT_FALSE((*last)->intact);
  EXPECT_THAT((*last)->message, HasSubstr(absl::StrCat("第 ", newest, " 条")));
}

TEST_P(AuditCliTest, AuditNeedsASubcommand) {
  EXPECT_EQ(Run("audit"), cli::kUsage);
}

INSTANTIATE_TEST_SUITE_P(Databases, AuditCliTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::auth
