// `zwgk audit verify`: walks the audit log's hash chain (core/audit_chain.h),
// prints the counts and the first broken entry in Chinese, and keeps the
// outcome for the admin audit page. Exit code 0 when the chain is intact,
// cli::kFindings (7) when an entry was edited, deleted, moved or inserted.
#include <string>

#include "auth/cli.h"
#include "cli/exit_codes.h"
#include "core/audit_chain.h"
#include "core/clock.h"

namespace zwgk::auth {
namespace {

int VerifyAudit(AppContext& ctx, const CliStreams& io) {
  absl::StatusOr<audit::VerifyReport> report = audit::Verify(ctx.db);
  if (!report.ok()) return cli::Fail(report.status());
  absl::Status saved =
      audit::SaveLastVerify(ctx.db, *report, FormatTimestamp(ctx.clock.Now()));
  if (!saved.ok()) return cli::Fail(saved);
  std::ostream& out = *io.out;
  out << "审计日志共 " << report->entries << " 条，逐条校验通过 "
      << report->verified << " 条\n";
  if (report->intact()) {
    out << "审计日志完整：哈希链未被改动\n";
    if (!report->head_hash.empty()) {
      out << "最新条目的校验值（可另行记录以备核对）：" << report->head_hash
          << "\n";
    }
    return cli::kOk;
  }
  const audit::ChainBreak& b = *report->first_break;
  out << "审计日志已被改动：" << b.message << "\n";
  if (b.id > 0) {
    out << "第一处异常：第 " << b.id << " 条（" << audit::BreakKindLabel(b.kind)
        << "）\n";
  } else {
    out << "第一处异常：末尾（" << audit::BreakKindLabel(b.kind) << "）\n";
  }
  return cli::kFindings;
}

}  // namespace

void RegisterAuditCli(CliRegistry& cli, CliStreams io) {
  CLI::App* audit = cli.root().add_subcommand("audit", "审计日志");
  audit->require_subcommand(1);
  CLI::App* verify = audit->add_subcommand(
      "verify",
      "校验审计日志的哈希链，报告第一条被修改、删除、调换或插入的条目"
      "（完整时退出码 0，发现问题时 7）");
  cli.OnRun(verify, [io](AppContext& ctx) { return VerifyAudit(ctx, io); });
}

}  // namespace zwgk::auth
