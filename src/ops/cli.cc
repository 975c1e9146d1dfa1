#include "ops/cli.h"

#include <iostream>

#include "absl/strings/str_format.h"
#include "cli/exit_codes.h"
#include "ops/backup.h"

namespace zwgk::ops {

Commands::Commands(CLI::App& root) {
  backup_ = root.add_subcommand(
      "backup", "备份数据库、附件与清单到一个文件（服务运行时也可执行）");
  backup_->add_option("-o,--output", output_, "备份文件（.zip）")->required();
  restore_ =
      root.add_subcommand("restore", "从备份文件恢复（先校验；请先停止服务）");
  restore_->add_option("file", archive_, "备份文件")->required();
  restore_->add_flag("--force", force_, "目标已有数据时覆盖");
}

bool Commands::Parsed() const {
  return backup_->parsed() || restore_->parsed();
}

int Commands::Run(const Config& config) const {
  if (backup_->parsed()) {
    auto s = Backup(
        {.db_url = config.db, .data_dir = config.data_dir, .output = output_});
    if (!s.ok()) return cli::Fail(s.status());
    int64_t rows = 0;
    for (const auto& [table, n] : s->manifest.tables) rows += n;
    std::cout << absl::StrFormat(
        "已备份到 %s：%d 张表共 %d 行，%d 个附件，%.1f MB，用时 %.1f 秒\n"
        "检索索引未包含在备份中，恢复后重建\n",
        output_, s->manifest.tables.size(), rows, s->blobs,
        static_cast<double>(s->archive_bytes) / 1e6, s->seconds);
    return cli::kOk;
  }
  auto s = Restore({.archive = archive_,
                    .db_url = config.db,
                    .data_dir = config.data_dir,
                    .force = force_});
  if (!s.ok()) return cli::Fail(s.status());
  int64_t records = 0;
  if (auto it = s->manifest.tables.find("pub_records");
      it != s->manifest.tables.end())
    records = it->second;
  std::cout << absl::StrFormat(
      "已从 %s 恢复（备份时间 %s）：%d 张表，%d 个附件，用时 %.1f 秒\n",
      archive_, s->manifest.created_at, s->manifest.tables.size(), s->blobs,
      s->seconds);
  std::cout << (records > 20000
                    ? "请运行 zwgk search reindex 重建检索索引，然后启动服务\n"
                    : "检索索引将在 zwgk serve 启动时自动重建\n");
  std::cout
      << "若本版本较备份更新，启动服务（或 zwgk migrate）会执行数据库迁移\n";
  return cli::kOk;
}

}  // namespace zwgk::ops
