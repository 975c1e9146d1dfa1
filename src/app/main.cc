// zwgk: the command line. Global flags select configuration and database;
// subcommands come from the app (init, migrate, serve) and the modules.
#include <filesystem>
#include <iostream>

#include "CLI/CLI.hpp"
#include "app/app.h"
#include "cli/chinese.h"
#include "cli/exit_codes.h"
#include "content/blob_store.h"
#include "core/logging.h"
#include "core/server.h"
#include "ops/cli.h"
#include "spdlog/spdlog.h"

namespace zwgk {
namespace {

int Init(App& app) {
  absl::Status s = app.Seed();
  if (!s.ok()) return cli::Fail(s);
  std::cout << "已初始化数据库：" << app.config().db << "\n";
  return cli::kOk;
}

int Serve(App& app, const Clock& clock) {
  const Config& c = app.config();
  // Writes killed between create and rename (kill -9, power loss) leave temp
  // files beside the attachments; none of them is an hour into its write.
  const content::BlobStore blobs(
      (std::filesystem::path(c.data_dir) / "blobs").string());
  if (size_t n = blobs.RemoveAbandonedTemps(clock.Now() - absl::Hours(1)))
    spdlog::info("removed {} unfinished attachment temp files", n);
  if (c.public_base_url.empty() && c.listen != "127.0.0.1" &&
      c.listen != "localhost" && c.listen != "::1") {
    spdlog::warn(
        "public_base_url is not set: feeds and the sitemap use the request's "
        "Host (one of allowed_hosts); set it for production");
  }
  absl::Status s = web::Serve({.address = c.listen,
                               .port = c.port,
                               .threads = c.threads,
                               .trusted_proxies = c.trusted_proxies,
                               .on_hangup = logging::Reopen},
                              app.router());
  return s.ok() ? cli::kOk : cli::Fail(s);
}

int Run(int argc, char** argv) {
  CLI::App root{"zwgk — 基层政务公开标准化规范化平台"};
  cli::SpeakChinese(root);
  root.require_subcommand(1);
  ConfigFlags flags;
  root.add_option("--config", flags.config_file,
                  "TOML 配置文件（默认 ./zwgk.toml，若存在）");
  root.add_option("--data-dir", flags.data_dir, "数据目录（默认 ./var）");
  root.add_option("--db", flags.db, "数据库：sqlite:路径 或 postgresql://…");
  root.add_option("--log-format", flags.log_format,
                  "日志格式：text（默认）或 json（每行一个 JSON 对象）");

  SystemClock clock;
  App app(Config{}, clock);
  CliRegistry registry(root);
  root.add_subcommand("init", "建库并载入种子数据（可重复执行）");
  registry.OnRun(
      root.add_subcommand("migrate", "执行数据库迁移"), [](AppContext&) {
        std::cout << "数据库迁移已完成\n";  // Open() has applied them
        return cli::kOk;
      });
  CLI::App* serve = root.add_subcommand("serve", "启动门户网站");
  std::optional<int> port;
  serve->add_option("--port", port, "监听端口（默认 8080）");
  registry.OnRun(serve, [](AppContext&) { return cli::kOk; });  // handled below
  app.RegisterCli(registry);
  // backup and restore run before Open(), which would migrate the database.
  ops::Commands ops_commands(root);
  cli::NameSubcommandGroups(root);

  try {
    root.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return root.exit(e);
  }
  if (port) flags.port = port;
  absl::StatusOr<Config> config = LoadConfig(flags, ProcessEnvironment());
  if (!config.ok()) return cli::Fail(config.status());
  if (absl::Status s = logging::Configure({.format = config->log_format,
                                           .file = config->log_file,
                                           .level = config->log_level});
      !s.ok())
    return cli::Fail(s);
  if (ops_commands.Parsed()) return ops_commands.Run(*config);
  app.Configure(*config);
  if (absl::Status s = app.Open(); !s.ok()) return cli::Fail(s);

  if (serve->parsed()) return Serve(app, clock);
  if (root.got_subcommand("init")) return Init(app);
  const CliAction* action = registry.Parsed();
  if (!action) return cli::kUsage;
  return (*action)(app.context());
}

}  // namespace
}  // namespace zwgk

int main(int argc, char** argv) {
  try {
    return zwgk::Run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "错误：" << e.what() << "\n";
    return zwgk::cli::kFailure;
  }
}
