#include "auth/cli.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "cli/exit_codes.h"
#include "core/status.h"

namespace zwgk::auth {
namespace {

struct UserArgs {
  std::string name;
  std::string role;
  std::string unit;
  bool password_stdin = false;
};

struct TokenArgs {
  std::string user;
  std::string label;
};

// Passwords never come from argv: it shows in `ps` and shell history.
absl::StatusOr<std::string> ReadPassword(bool password_stdin,
                                         std::istream& in) {
  if (!password_stdin) {
    return absl::InvalidArgumentError(
        "出于安全考虑，密码不能写在命令行参数里：请加上 "
        "--password-stdin，并从标准输入提供一行密码，"
        // check-chinese: allow (a shell command people copy)
        "例如 printf '%s\\n' \"$PASSWORD\" | zwgk user add …");
  }
  std::string line;
  if (!std::getline(in, line)) {
    return absl::InvalidArgumentError(
        "没有从标准输入读到密码：请在第一行提供密码");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty())
    return absl::InvalidArgumentError(
        "标准输入的第一行为空：请在第一行提供密码");
  return line;
}

int AddUser(Service& service, const UserArgs& args, const CliStreams& io) {
  absl::StatusOr<std::string> password =
      ReadPassword(args.password_stdin, *io.in);
  if (!password.ok()) return cli::Fail(password.status());
  absl::StatusOr<User> user =
      service.AddUser(SystemActor(), {.name = args.name,
                                      .role = args.role,
                                      .unit = args.unit,
                                      .password = *password});
  if (!user.ok()) return cli::Fail(user.status());
  std::string unit;
  if (user->unit_id) {
    absl::StatusOr<std::string> name = service.UnitName(*user->unit_id);
    if (name.ok()) unit = absl::StrCat("，", *name);
  }
  *io.out << "已添加用户 " << user->name << "（" << RoleLabel(user->role)
          << unit << "）\n";
  return cli::kOk;
}

int ListUsers(Service& service, const CliStreams& io) {
  absl::StatusOr<std::vector<User>> users = service.ListUsers(SystemActor());
  if (!users.ok()) return cli::Fail(users.status());
  *io.out << "编号\t用户名\t角色\t所属单位\t状态\n";
  for (const User& u : *users) {
    std::string unit = "—";
    if (u.unit_id) {
      absl::StatusOr<std::string> name = service.UnitName(*u.unit_id);
      unit = name.ok() ? *name : absl::StrCat("#", *u.unit_id);
    }
    *io.out << u.id << "\t" << u.name << "\t" << RoleName(u.role) << "（"
            << RoleLabel(u.role) << "）\t" << unit << "\t"
            << service.StatusLabel(u) << "\n";
  }
  return cli::kOk;
}

int ResetPassword(Service& service, const UserArgs& args,
                  const CliStreams& io) {
  absl::StatusOr<std::string> password =
      ReadPassword(args.password_stdin, *io.in);
  if (!password.ok()) return cli::Fail(password.status());
  absl::Status s = service.ChangePassword(
      SystemActor(), {.user = args.name, .new_password = *password});
  if (!s.ok()) return cli::Fail(s);
  *io.out << "已重置用户 " << args.name
          << " 的密码，其登录会话已全部退出，锁定已解除\n";
  return cli::kOk;
}

int CreateToken(Service& service, const TokenArgs& args, const CliStreams& io) {
  absl::StatusOr<std::string> token =
      service.CreateToken(SystemActor(), args.user, args.label);
  if (!token.ok()) return cli::Fail(token.status());
  // The token alone on stdout, so scripts can capture it; it is not stored.
  *io.out << *token << "\n";
  std::cerr << "请立即妥善保存此令牌：它只显示这一次，系统中只保存其散列值。\n";
  return cli::kOk;
}

}  // namespace

void RegisterCli(CliRegistry& cli, std::function<Service&()> service,
                 CliStreams io) {
  CLI::App* user =
      cli.root().add_subcommand("user", "用户管理（添加、列出、重置密码）");
  user->require_subcommand(1);

  auto add_args = std::make_shared<UserArgs>();
  CLI::App* add = user->add_subcommand("add", "添加用户（密码从标准输入读取）");
  add->add_option("--name", add_args->name, "用户名")->required();
  add->add_option("--role", add_args->role,
                  "角色：admin | unit_editor | unit_reviewer | clerk")
      ->required();
  add->add_option("--unit", add_args->unit,
                  "所属单位（名称或编号；管理员不填）");
  add->add_flag("--password-stdin", add_args->password_stdin,
                "从标准输入读取一行作为密码");
  cli.OnRun(add, [service, add_args, io](AppContext&) {
    return AddUser(service(), *add_args, io);
  });

  CLI::App* list = user->add_subcommand("list", "列出全部用户");
  cli.OnRun(list,
            [service, io](AppContext&) { return ListUsers(service(), io); });

  auto reset_args = std::make_shared<UserArgs>();
  CLI::App* reset =
      user->add_subcommand("password", "重置用户密码（并解除锁定）");
  reset->add_option("--name", reset_args->name, "用户名")->required();
  reset->add_flag("--password-stdin", reset_args->password_stdin,
                  "从标准输入读取一行作为新密码");
  cli.OnRun(reset, [service, reset_args, io](AppContext&) {
    return ResetPassword(service(), *reset_args, io);
  });

  CLI::App* token = cli.root().add_subcommand("token", "API 令牌");
  token->require_subcommand(1);
  auto token_args = std::make_shared<TokenArgs>();
  CLI::App* create =
      token->add_subcommand("create", "为用户创建 API 令牌（只显示一次）");
  create->add_option("--user", token_args->user, "用户名")->required();
  create->add_option("--name", token_args->label,
                     "令牌名称，例如“数据报送脚本”");
  cli.OnRun(create, [service, token_args, io](AppContext&) {
    return CreateToken(service(), *token_args, io);
  });
}

}  // namespace zwgk::auth
