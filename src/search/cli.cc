#include "search/cli.h"

#include <unistd.h>

#include <iostream>
#include <memory>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "cli/exit_codes.h"

namespace zwgk::search {
namespace {

// "[#######-------------]  35%  35000/100000" on one terminal line.
void ProgressBar(int64_t done, int64_t total) {
  constexpr int kWidth = 30;
  int pct = total > 0 ? static_cast<int>(done * 100 / total) : 100;
  int filled = kWidth * pct / 100;
  std::cerr << absl::StrFormat(
                   "\r[%s%s] %3d%%  %d/%d", std::string(filled, '#'),
                   std::string(kWidth - filled, '-'), pct, done, total)
            << (isatty(2) ? "" : "\n") << std::flush;
}

std::string FewIds(const std::vector<int64_t>& ids) {
  std::vector<int64_t> few(ids.begin(),
                           ids.begin() + std::min<size_t>(ids.size(), 10));
  return absl::StrCat(absl::StrJoin(few, ", "), ids.size() > 10 ? " …" : "");
}

}  // namespace

void RegisterCli(CliRegistry& cli, std::function<Service&()> service) {
  CLI::App* search = cli.root().add_subcommand("search", "全文检索索引");
  search->require_subcommand(1);

  CLI::App* reindex =
      search->add_subcommand("reindex", "从数据库重建检索索引（不影响检索）");
  cli.OnRun(reindex, [service](AppContext&) {
    auto stats = service().Reindex(ProgressBar);
    std::cerr << "\n";
    if (!stats.ok()) return cli::Fail(stats.status());
    std::cout << absl::StrFormat(
        "已重建索引：%d 条信息（公开 %d 条，未公开 %d 条），用时 %.1f 秒%s\n",
        stats->records, stats->public_records, stats->staff_records,
        stats->seconds,
        stats->attachment_errors ? absl::StrFormat("；%d 个附件无法提取文字",
                                                   stats->attachment_errors)
                                 : "");
    return cli::kOk;
  });

  CLI::App* check = search->add_subcommand("check", "检查索引与数据库是否一致");
  cli.OnRun(check, [service](AppContext&) {
    auto r = service().Check();
    if (!r.ok()) return cli::Fail(r.status());
    std::cout << absl::StrFormat(
        "数据库：公开 %d 条，未公开 %d 条；索引：公开 %d 条，未公开 %d 条；"
        "待应用更新 %d 条\n",
        r->db_public, r->db_staff, r->index_public, r->index_staff, r->pending);
    auto report = [](const char* what, const std::vector<int64_t>& ids) {
      if (!ids.empty())
        std::cout << absl::StrFormat("%s %d 条：%s\n", what, ids.size(),
                                     FewIds(ids));
    };
    report("应可检索但不在公开索引中", r->missing);
    report("不应公开却在公开索引中", r->extra);
    report("未公开信息缺失于内部索引", r->staff_missing);
    report("内部索引中多余", r->staff_extra);
    if (r->reindex_floor)
      std::cout << "注意：有一次重建未完成（reindex_floor=" << *r->reindex_floor
                << "），请重新运行 zwgk search reindex\n";
    if (!r->ok()) {
      std::cout << "索引与数据库不一致：运行 zwgk search reindex 修复\n";
      return cli::kConflict;
    }
    std::cout << "一致\n";
    return cli::kOk;
  });

  CLI::App* drain =
      search->add_subcommand("drain", "应用待处理的索引更新（outbox）");
  cli.OnRun(drain, [service](AppContext&) {
    auto n = service().Drain();
    if (!n.ok()) return cli::Fail(n.status());
    std::cout << absl::StrFormat("已应用 %d 条更新\n", *n);
    return cli::kOk;
  });

  auto q = std::make_shared<std::string>();
  CLI::App* query = search->add_subcommand("query", "检索公开信息（前20条）");
  query->add_option("text", *q, "检索词")->required();
  cli.OnRun(query, [service, q](AppContext&) {
    auto r = service().Search({.text = *q, .facets = false});
    if (!r.ok()) return cli::Fail(r.status());
    for (const Hit& h : r->hits)
      std::cout << absl::StrFormat("%d\t%s\t%s\t%s\n", h.id, h.published_on,
                                   h.index_number, h.title_text);
    std::cerr << absl::StrFormat("%s %d 条\n", r->total_exact ? "共" : "约",
                                 r->total);
    return cli::kOk;
  });
}

}  // namespace zwgk::search
