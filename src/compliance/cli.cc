#include "compliance/cli.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "cli/exit_codes.h"
#include "core/date.h"

namespace zwgk::compliance {
namespace {

struct Options {
  std::string as_of, unit, format = "text", out;
};

// The dashboard as text: the county totals, then one line per unit.
std::string Text(const Dashboard& d) {
  std::ostringstream s;
  s << "监督检查 " << FormatDate(d.as_of)
    << (d.participation_enabled ? "" : "（公众参与：未启用）") << "\n";
  s << "范围\t逾期未公开\t3日内到期\t本年逾期发布\t定期缺期\t空白专栏\t超期专栏"
       "\t申请逾期\t申请3日内到期\t逾期答复\t未解读文件\t留言未答复\t决策未反馈"
       "\t村务逾期\t指南缺要素\t统计未更新\t逾期任务\n";
  for (const Totals* t : {&d.county, &d.towns, &d.departments}) {
    s << t->label << "\t" << t->publications_overdue << "\t"
      << t->publications_due_soon << "\t" << t->publications_late << "\t"
      << t->periods_missing << "\t" << t->columns_blank << "\t"
      << t->columns_stale << "\t" << t->applications_overdue << "\t"
      << t->applications_due_soon << "\t" << t->applications_replied_late
      << "\t" << t->policies_without_interpretation << "\t"
      << t->unanswered_messages << "\t" << t->decisions_without_feedback << "\t"
      << t->village_postings_late << "\t" << t->guides_incomplete << "\t"
      << t->service_stats_stale << "\t" << t->tasks_overdue << "\n";
  }
  s << "\n排名\t得分\t单位\t逾期未公开\t本年逾期发布\t申请逾期\t逾期答复"
       "\t未解读文件\t留言未答复\t决策未反馈\t村务逾期\t指南缺要素\t统计未更新"
       "\t扣分项\n";
  for (const UnitRow& r : d.units) {
    s << r.rank << "\t" << r.score << "\t" << r.unit_name << "\t"
      << r.publications_overdue.size() << "\t" << r.publications_late.size()
      << "\t" << r.applications_overdue.size() << "\t"
      << r.applications_replied_late.size() << "\t"
      << r.policies_without_interpretation.size() << "\t"
      << r.unanswered_messages.size() << "\t"
      << r.decisions_without_feedback.size() << "\t"
      << r.village_postings_late.size() << "\t" << r.guides_incomplete.size()
      << "\t" << r.service_stats_stale.size() << "\t" << r.deductions.size()
      << "\n";
  }
  if (!d.towns_villages.empty()) {
    s << "\n村（社区）务公开\n乡镇\t村（社区）\t即将到期\t逾期公开\t逾期未公开"
         "\t缺公示栏照片\n";
    for (const TownVillages& t : d.towns_villages) {
      s << t.town_name << "\t" << t.villages << "\t" << t.due_soon << "\t"
        << t.late << "\t" << t.missing << "\t" << t.photos_missing << "\n";
    }
  }
  return s.str();
}

absl::Status WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f << bytes;
  if (!f) return absl::UnavailableError(absl::StrCat("无法写入文件 ", path));
  return absl::OkStatus();
}

}  // namespace

void RegisterCli(CliRegistry& cli, std::function<Service&()> service) {
  auto o = std::make_shared<Options>();
  // Under the task tracker's `zwgk supervision` group when it is there (the
  // dashboard lives at /admin/supervision too); `zwgk compliance` otherwise.
  CLI::App* group = nullptr;
  for (CLI::App* sub : cli.root().get_subcommands(
           [](CLI::App* a) { return a->get_name() == "supervision"; })) {
    group = sub;
  }
  if (group == nullptr) {
    group = cli.root().add_subcommand("compliance", "监督检查");
    group->require_subcommand(1);
  }
  CLI::App* dash = group->add_subcommand(
      "dashboard",
      "监督检查：各单位逾期、缺期、栏目、依申请公开、年报、得分排名");
  dash->add_option("--as-of", o->as_of, "日期 YYYY-MM-DD（默认今天）");
  dash->add_option("--unit", o->unit, "单位编号或名称（默认全县）");
  dash->add_option("--format", o->format, "text | json | xlsx（默认 text）");
  dash->add_option("-o,--output", o->out, "输出文件（xlsx 必填）");
  cli.OnRun(dash, [o, service](AppContext&) {
    if (o->format != "text" && o->format != "json" && o->format != "xlsx")
      return cli::Fail(
          absl::InvalidArgumentError("--format 应为 text、json 或 xlsx"));
    if (o->format == "xlsx" && o->out.empty())
      return cli::Fail(
          absl::InvalidArgumentError("导出 xlsx 请用 -o 指定文件"));
    std::optional<absl::CivilDay> day;
    if (!o->as_of.empty()) {
      auto parsed = ParseDate(o->as_of);
      if (!parsed.ok()) return cli::Fail(parsed.status());
      day = *parsed;
    }
    std::optional<int64_t> unit;
    if (!o->unit.empty()) {
      auto u = service().org().ResolveUnit(o->unit);
      if (!u.ok()) return cli::Fail(u.status());
      unit = u->id;
    }
    auto d = service().Get(SystemActor(), day, unit);
    if (!d.ok()) return cli::Fail(d.status());
    std::string bytes;
    if (o->format == "xlsx") {
      auto x = service().Xlsx(*d);
      if (!x.ok()) return cli::Fail(x.status());
      bytes = std::move(*x);
    } else if (o->format == "json") {
      bytes = service().ApiJson(*d).dump(2) + "\n";
    } else {
      bytes = Text(*d);
    }
    if (o->out.empty()) {
      std::cout << bytes;
      return cli::kOk;
    }
    if (absl::Status s = WriteFile(o->out, bytes); !s.ok()) return cli::Fail(s);
    std::cout << "已导出 " << o->out << "\n";
    return cli::kOk;
  });
}

}  // namespace zwgk::compliance
