#include "calendar/cli.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/exit_codes.h"

namespace zwgk::calendar {
namespace {

struct Options {
  std::string date, start, days, restart, extend, kind = "working_days", file,
                                                  reason;
  std::vector<std::string> pauses;
  bool explain = false, work = false;
  int year = 0;
};

}  // namespace

void RegisterCli(CliRegistry& cli, std::function<Service&()> service) {
  auto o = std::make_shared<Options>();
  CLI::App* cal = cli.root().add_subcommand("calendar", "工作日历与法定期限");
  cal->require_subcommand(1);

  CLI::App* is = cal->add_subcommand(
      "is-workday", "某日是否工作日（输出 workday 或 off，及原因）");
  is->add_option("DATE", o->date, "日期 YYYY-MM-DD")->required();
  cli.OnRun(is, [o, service](AppContext&) {
    auto day = ParseDate(o->date);
    if (!day.ok()) return cli::Fail(day.status());
    WorkdayAnswer a = service().calendar()->IsWorkday(*day);
    std::cout << (a.workday ? "workday" : "off") << "\n" << a.reason << "\n";
    for (const Warning& w : a.warnings)
      std::cerr << "警告：" << w.text_zh << "\n";
    return cli::kOk;
  });

  CLI::App* due = cal->add_subcommand("due", "计算届满日期（第一行为日期）");
  due->add_option("START", o->start, "起算日期")->required();
  due->add_option("DAYS", o->days, "期限天数")->required();
  due->add_option("--pause", o->pauses, "不计算期间 FROM..TO（可多次）");
  due->add_option("--restart", o->restart, "重新起算日期（收到补正）");
  due->add_option("--extend", o->extend, "延长工作日数（≤20）");
  due->add_option("--kind", o->kind,
                  "working_days | calendar_days | realtime | timely");
  due->add_flag("--explain", o->explain, "输出逐日计算过程");
  cli.OnRun(due, [o, service](AppContext&) {
    auto a = service().Due({.start = o->start,
                            .days = o->days,
                            .kind = o->kind,
                            .pauses = o->pauses,
                            .restart = o->restart,
                            .extend = o->extend});
    if (!a.ok()) return cli::Fail(a.status());
    const ClockResult& r = a->result;
    std::cout << (r.due         ? FormatDate(*r.due)
                  : r.flag_date ? FormatDate(*r.flag_date)
                                : "")
              << "\n";
    if (o->explain) {
      for (const TraceEntry& e : r.trace) {
        std::cout << FormatDate(e.day) << " " << WeekdayName(e.day) << " "
                  << e.text << "\n";
      }
    }
    for (const Warning& w : r.warnings)
      std::cerr << "警告：" << w.text_zh << "\n";
    return cli::kOk;
  });

  CLI::App* imp = cal->add_subcommand(
      "import", "导入节假日安排（holiday-cn JSON 或 iCalendar）");
  imp->add_option("FILE", o->file, "文件路径（.json 或 .ics）")->required();
  imp->add_option("--year", o->year,
                  "只载入这一年的通知：文件须是该年的安排，日期须在该年内");
  cli.OnRun(imp, [o, service](AppContext&) {
    auto parsed_file = [&]() -> absl::StatusOr<std::string> {
      std::ifstream in(o->file, std::ios::binary);
      if (!in) return absl::NotFoundError("无法读取文件 " + o->file);
      std::stringstream ss;
      ss << in.rdbuf();
      return ss.str();
    }();
    if (!parsed_file.ok()) return cli::Fail(parsed_file.status());
    auto s = service().Import(
        SystemActor(), *parsed_file, o->file,
        o->year > 0 ? std::optional<int>(o->year) : std::nullopt);
    if (!s.ok()) return cli::Fail(s.status());
    std::cout << "已导入 " << s->format << "：";
    for (int y : s->years) std::cout << y << "年 ";
    std::cout << "共 " << s->days << " 个日期；期限变动 " << s->deadlines_moved
              << " 项（变更 #" << s->change_id << "）\n";
    for (const std::string& n : s->notes) std::cout << "  " << n << "\n";
    return cli::kOk;
  });

  CLI::App* show = cal->add_subcommand("show", "列出某年的节假日与调休上班日");
  show->add_option("YEAR", o->year, "年份")->required();
  cli.OnRun(show, [o, service](AppContext&) {
    auto cal = service().calendar();
    if (!cal->Covers(o->year))
      std::cerr << "警告：" << NoScheduleWarning(o->year).text_zh << "\n";
    int workdays = 0;
    for (absl::CivilDay d(o->year, 1, 1); d.year() == o->year; ++d) {
      WorkdayAnswer a = cal->IsWorkday(d);
      if (a.workday) ++workdays;
      if (a.kind == DayKind::kWorkday || a.kind == DayKind::kWeekend) continue;
      std::cout << FormatDate(d) << " " << WeekdayName(d) << " "
                << (a.workday ? "班 " : "休 ") << a.reason << "\n";
    }
    std::cout << o->year << "年共 " << workdays << " 个工作日\n";
    return cli::kOk;
  });

  CLI::App* ov = cal->add_subcommand("override", "本地调整（停止办公或上班）");
  ov->add_option("DATE", o->date, "日期")->required();
  ov->add_flag("--work", o->work, "调整为上班（默认：停止办公）");
  ov->add_option("--reason", o->reason, "原因")->required();
  cli.OnRun(ov, [o, service](AppContext&) {
    auto r = service().AddOverride(SystemActor(), o->date, !o->work, o->reason);
    if (!r.ok()) return cli::Fail(r.status());
    std::cout << "已登记本地调整 " << FormatDate(r->day) << "\n";
    return cli::kOk;
  });
}

}  // namespace zwgk::calendar
