#include "inspection/cli.h"

#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "cli/exit_codes.h"
#include "core/clock.h"
#include "core/date.h"

namespace zwgk::inspection {
namespace {

struct Options {
  std::string as_of, url;
  bool json = false, monthly = false;
  int max_pages = 2000;
};

std::string Link(absl::string_view base, absl::string_view url) {
  if (url.empty() || base.empty() || !absl::StartsWith(url, "/"))
    return std::string(url);
  return absl::StrCat(absl::StripSuffix(base, "/"), url);
}

std::string Text(const Report& r) {
  std::ostringstream s;
  s << "网站自查 " << r.as_of << "（报告编号 " << r.id << "）\n";
  if (r.base_url.empty())
    s << "爬取：未指定 --url，已跳过（页脚标识、元数据、链接和附件未检查）\n";
  else
    s << "爬取：" << r.base_url << "，" << r.pages << " 个页面"
      << (r.page_limit_reached ? "（已达页面上限）" : "") << "\n";
  for (const IndicatorResult& i : r.verdict.results) {
    s << "[" << OutcomeLabel(i.outcome) << "] " << IndicatorCode(i.indicator)
      << " " << IndicatorLabel(i.indicator) << "：" << i.summary << "\n";
    for (const Finding& f : i.findings) {
      s << "    - " << f.text;
      if (!f.url.empty()) s << "  " << Link(r.base_url, f.url);
      s << "\n";
    }
  }
  s << "结论：" << (r.verdict.passed ? "合格" : "不合格") << "（单项否决 "
    << r.verdict.vetoes << " 项，不合格 " << r.verdict.failures << " 项）\n";
  return s.str();
}

nlohmann::json Json(const Report& r) {
  nlohmann::json j = VerdictJson(r.verdict);
  j["id"] = r.id;
  j["as_of"] = r.as_of;
  j["started_at"] = r.started_at;
  j["finished_at"] = r.finished_at;
  j["trigger"] = TriggerName(r.trigger);
  j["base_url"] = r.base_url;
  j["crawled"] = !r.base_url.empty();
  j["pages"] = r.pages;
  j["page_limit_reached"] = r.page_limit_reached;
  return j;
}

}  // namespace

// Exit codes: 0 no veto; 7 (cli::kFindings) a veto indicator failed; 2 bad
// flags; 1 the check itself failed. `--monthly` prints nothing and exits 0
// when this month's report exists (for a systemd timer).
void RegisterCli(CliRegistry& cli, std::function<Service&()> service) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = cli.root().add_subcommand(
      "inspect",
      "网站自查：按政府网站检查指标检查首页、栏目、留言、办事指南、发布日期、"
      "页脚标识、元数据、链接和附件；有单项否决时退出码为7");
  cmd->add_option("--as-of", o->as_of, "检查日期 YYYY-MM-DD（默认今天）");
  cmd->add_option(
      "--url", o->url,
      "爬取的网站地址，如 http://127.0.0.1:8080（不指定则只检查数据库）");
  cmd->add_flag("--json", o->json, "输出 JSON");
  cmd->add_option("--max-pages", o->max_pages, "最多爬取的页面数（默认2000）");
  cmd->add_flag("--monthly", o->monthly,
                "月度检查：本月已有报告时不再检查（供定时任务使用）");
  cli.OnRun(cmd, [o, service](AppContext&) {
    RunInput in{.base_url = o->url,
                .max_pages = o->max_pages,
                .trigger = Trigger::kCli};
    if (!o->as_of.empty()) {
      absl::StatusOr<absl::CivilDay> day = ParseDate(o->as_of);
      if (!day.ok()) return cli::Fail(day.status());
      in.as_of = *day;
    }
    absl::StatusOr<Report> r;
    if (o->monthly) {
      absl::StatusOr<std::optional<Report>> m =
          service().RunMonthly(o->url, o->max_pages);
      if (!m.ok()) return cli::Fail(m.status());
      if (!*m) {
        if (!o->json) std::cout << "本月已有网站自查报告，未再检查\n";
        return cli::kOk;
      }
      r = **m;
    } else {
      r = service().Run(SystemActor(), in);
    }
    if (!r.ok()) return cli::Fail(r.status());
    if (o->json)
      std::cout << Json(*r).dump(2, ' ', false,
                                 nlohmann::json::error_handler_t::replace)
                << "\n";
    else
      std::cout << Text(*r);
    return r->verdict.passed ? cli::kOk : cli::kFindings;
  });
}

}  // namespace zwgk::inspection
