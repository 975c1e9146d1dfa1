#include "villages/cli.h"

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "cli/exit_codes.h"
#include "core/date.h"
#include "core/status.h"

namespace zwgk::villages {
namespace {

struct ImportFlags {
  std::string file;
};
struct ObligationFlags {
  std::string as_of, town;
  bool all = false;
};
struct BoardFlags {
  int64_t posting = 0;
  std::string paper = "a4", out;
};

}  // namespace

void RegisterCli(CliRegistry& cli, std::function<Service&()> service) {
  CLI::App* root =
      cli.root().add_subcommand("villages", "村务公开（村、社区）");
  root->require_subcommand(1);

  auto imp = std::make_shared<ImportFlags>();
  CLI::App* import = root->add_subcommand(
      "import", "导入村（社区）名单 CSV：乡镇,名称,类型（村|社区）,联系方式");
  import->add_option("file", imp->file, "CSV 文件")->required();
  cli.OnRun(import, [service, imp](AppContext&) {
    std::ifstream in(imp->file, std::ios::binary);
    if (!in)
      return cli::Fail(
          absl::NotFoundError(absl::StrCat("无法读取文件 ", imp->file)));
    std::ostringstream bytes;
    bytes << in.rdbuf();
    auto done = service().org().ImportVillages(SystemActor(), bytes.str());
    if (!done.ok()) return cli::Fail(done.status());
    std::cout << "新增 " << done->created << " 个，更新 " << done->updated
              << " 个村（社区）\n";
    return cli::kOk;
  });

  auto ob = std::make_shared<ObligationFlags>();
  CLI::App* obligations = root->add_subcommand(
      "obligations",
      "村务公开义务（制表符分隔：乡镇、村（社区）、类别、期间、应公开日、"
      "公开日、状态、照片）；默认只列逾期和缺照片的");
  obligations->add_option("--as-of", ob->as_of, "日期 YYYY-MM-DD（默认今天）");
  obligations->add_option("--town", ob->town, "乡镇或村（社区）的 id 或名称");
  obligations->add_flag("--all", ob->all, "列出全部，包括按时和未到期的");
  cli.OnRun(obligations, [service, ob](AppContext& ctx) {
    absl::CivilDay day = Today(ctx.clock);
    if (!ob->as_of.empty()) {
      auto parsed = ParseDate(ob->as_of);
      if (!parsed.ok()) return cli::Fail(parsed.status());
      day = *parsed;
    }
    std::optional<int64_t> unit;
    if (!ob->town.empty()) {
      auto u = service().org().ResolveUnit(ob->town);
      if (!u.ok()) return cli::Fail(u.status());
      unit = u->id;
    }
    auto rows = service().Obligations(SystemActor(), day, unit);
    if (!rows.ok()) return cli::Fail(rows.status());
    std::map<int64_t, std::string> towns;
    if (auto all = service().org().ListUnits({.include_retired = true});
        all.ok()) {
      for (const org::Unit& u : *all) towns[u.id] = u.name;
    }
    for (const Obligation& o : *rows) {
      const bool problem = o.timeliness == Timeliness::kLate ||
                           o.timeliness == Timeliness::kMissing ||
                           o.photo_missing;
      if (!ob->all && !problem) continue;
      std::cout << towns[o.town_id] << "\t" << o.village_name << "\t"
                << KindLabel(o.kind) << "\t" << PeriodLabel(o.period) << "\t"
                << FormatDate(o.due_on) << "\t"
                << (o.posted_on ? FormatDate(*o.posted_on) : "—") << "\t"
                << TimelinessLabel(o.timeliness) << "\t"
                << (o.photo_missing ? "缺照片" : "") << "\n";
    }
    return cli::kOk;
  });

  auto bf = std::make_shared<BoardFlags>();
  CLI::App* board =
      root->add_subcommand("board", "生成公示栏 PDF（草稿标注“草稿”）");
  board->add_option("--posting", bf->posting, "公开事项编号")->required();
  board->add_option("--paper", bf->paper, "纸张：a4（纵向）| a3（横向）");
  board->add_option("-o,--out", bf->out, "输出 PDF 文件")->required();
  cli.OnRun(board, [service, bf](AppContext&) {
    if (bf->paper != "a4" && bf->paper != "a3")
      return cli::Fail(
          InvalidFields("参数有误", {{"paper", "纸张只能是 a4 或 a3"}}));
    auto pdf = service().BoardPdf(
        SystemActor(), bf->posting,
        bf->paper == "a3" ? BoardPaper::kA3 : BoardPaper::kA4);
    if (!pdf.ok()) return cli::Fail(pdf.status());
    std::ofstream out(bf->out, std::ios::binary);
    out << *pdf;
    if (!out)
      return cli::Fail(
          absl::InternalError(absl::StrCat("无法写入文件 ", bf->out)));
    std::cout << bf->out << "\n";
    return cli::kOk;
  });
}

}  // namespace zwgk::villages
