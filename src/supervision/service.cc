#include "supervision/service.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "content/filetype.h"
#include "core/audit.h"
#include "core/date.h"
#include "core/resources.h"
#include "core/status.h"
#include "core/text.h"
#include "core/web.h"
#include "nlohmann/json.hpp"
#include "supervision/store.h"

namespace zwgk::supervision {
namespace {

constexpr size_t kMaxTitleChars = 200;
constexpr size_t kMaxDetailsChars = 4000;
constexpr size_t kMaxReportChars = 4000;
constexpr size_t kMaxCommentChars = 1000;
constexpr size_t kMaxEvidence = 20;
constexpr size_t kMaxUnits = 200;

absl::Status RequireAdmin(const Actor& actor) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError("只有县政务公开办可以执行此操作");
  return absl::OkStatus();
}

std::string Stripped(absl::string_view s) {
  return std::string(absl::StripAsciiWhitespace(s));
}

bool Contains(const std::vector<int64_t>& ids, std::optional<int64_t> id) {
  return id && std::find(ids.begin(), ids.end(), *id) != ids.end();
}

// Staff see the tasks their unit is responsible for or guides.
bool MaySee(const Actor& actor, const Task& t) {
  return IsAdmin(actor) || Contains(t.responsible_unit_ids, actor.unit_id) ||
         Contains(t.guiding_unit_ids, actor.unit_id);
}

bool MayReport(const Actor& actor, const Task& t) {
  return !IsAdmin(actor) && IsStaff(actor.role) &&
         Contains(t.responsible_unit_ids, actor.unit_id);
}

absl::CivilDay DayOf(absl::string_view text) {
  return ParseDay(text).value_or(absl::CivilDay(9999, 12, 31));
}

// The Beijing date of a stored timestamp.
absl::CivilDay LocalDayOf(absl::string_view timestamp) {
  std::optional<absl::Time> t = ParseTimestamp(timestamp);
  if (!t) return absl::CivilDay(9999, 12, 31);
  return absl::ToCivilDay(*t, ChinaTimeZone());
}

nlohmann::json TaskAudit(const Task& t) {
  return {{"title", t.title},
          {"details", t.details},
          {"responsible", t.responsible},
          {"guiding", t.guiding},
          {"responsible_units", t.responsible_unit_ids},
          {"guiding_units", t.guiding_unit_ids}};
}

nlohmann::json MilestoneAudit(const Milestone& m) {
  return {{"milestone", m.title}, {"milestone_due", m.due_on}};
}

}  // namespace

TaskSummary Summarize(Task t, const std::vector<Report>& reports,
                      absl::CivilDay day) {
  TaskSummary s;
  std::vector<MilestoneFacts> facts;
  for (const Milestone& m : t.milestones) {
    MilestoneFacts f{.due = DayOf(m.due_on)};
    if (!m.done_on.empty()) f.done_on = DayOf(m.done_on);
    const bool done = f.done_on && *f.done_on <= day;
    if (done) ++s.done;
    if (!done && (!s.next_due || m.due_on < s.next_due->due_on)) s.next_due = m;
    facts.push_back(f);
  }
  s.total = static_cast<int>(t.milestones.size());
  bool active = false;
  for (const Report& r : reports) {
    if (r.task_id != t.id || r.status == ReportStatus::kReturned) continue;
    if (LocalDayOf(r.submitted_at) <= day) active = true;
    if (r.status == ReportStatus::kSubmitted) ++s.pending;
  }
  s.state = ComputeState(facts, active, day);
  s.task = std::move(t);
  return s;
}

Service::Service(db::Database& db, const Clock& clock, org::Service& org,
                 catalog::Service& catalog, publishing::Service& publishing,
                 ServiceOptions options)
    : db_(db),
      clock_(clock),
      org_(org),
      catalog_(catalog),
      publishing_(publishing),
      options_(std::move(options)),
      blobs_((std::filesystem::path(options_.data_dir) / "blobs").string()) {}

absl::Status Service::Seed() {
  std::optional<absl::string_view> text = resources::Find("seed/org.json");
  if (!text) return absl::InternalError("seed/org.json is not embedded");
  nlohmann::json seed =
      nlohmann::json::parse(text->begin(), text->end(), nullptr, false);
  if (seed.is_discarded() || !seed.contains("tasks") ||
      !seed["tasks"].is_array())
    return absl::InternalError("seed/org.json has no tasks");
  const std::string now = FormatTimestamp(clock_.Now());
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> units, org_.ListUnits(tx));
    for (const nlohmann::json& t : seed["tasks"]) {
      if (!t.contains("seq") || !t["seq"].is_number_integer()) continue;
      const int seq = t["seq"].get<int>();
      ZWGK_ASSIGN_OR_RETURN(std::optional<int64_t> existing,
                            store::FindTaskBySeq(tx, seq));
      if (existing) continue;
      Task task{.seq = seq,
                .title = t.value("title", ""),
                .details = t.value("details", ""),
                .responsible = t.value("responsible", "")};
      std::vector<std::string> guiding;
      if (t.contains("guiding") && t["guiding"].is_array()) {
        for (const auto& g : t["guiding"])
          if (g.is_string()) guiding.push_back(g.get<std::string>());
      }
      task.guiding = absl::StrJoin(guiding, "、");
      for (const org::Unit& u : units) {
        if ((u.kind == org::UnitKind::kTown &&
             absl::StrContains(task.responsible, "各镇")) ||
            (u.kind == org::UnitKind::kDepartment &&
             absl::StrContains(task.responsible, "部门")))
          task.responsible_unit_ids.push_back(u.id);
        if (std::find(guiding.begin(), guiding.end(), u.name) != guiding.end())
          task.guiding_unit_ids.push_back(u.id);
      }
      ZWGK_ASSIGN_OR_RETURN(task.id, store::InsertTask(tx, task, now));
      ZWGK_RETURN_IF_ERROR(store::PutTaskUnits(tx, task));
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<TaskSummary>> Service::ListTasks(
    const Actor& actor) {
  if (!IsStaff(actor.role)) return absl::PermissionDeniedError("请先登录");
  const absl::CivilDay today = Today(clock_);
  return db_.InTransaction<std::vector<TaskSummary>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<TaskSummary>> {
        ZWGK_ASSIGN_OR_RETURN(std::vector<Task> tasks, store::ListTasks(tx));
        ZWGK_ASSIGN_OR_RETURN(std::vector<Report> reports,
                              store::ListReports(tx, 0));
        std::vector<TaskSummary> out;
        for (Task& t : tasks) {
          if (MaySee(actor, t))
            out.push_back(Summarize(std::move(t), reports, today));
        }
        return out;
      });
}

absl::StatusOr<TaskDetail> Service::GetTask(const Actor& actor, int64_t id) {
  const absl::CivilDay today = Today(clock_);
  return db_.InTransaction<TaskDetail>(
      [&](db::Tx& tx) -> absl::StatusOr<TaskDetail> {
        ZWGK_ASSIGN_OR_RETURN(Task task, store::GetTask(tx, id));
        // Another unit's task answers exactly like an unknown one.
        if (!MaySee(actor, task)) return absl::NotFoundError("工作任务 不存在");
        ZWGK_ASSIGN_OR_RETURN(std::vector<Report> reports,
                              store::ListReports(tx, id));
        TaskDetail d;
        d.can_report = MayReport(actor, task);
        d.can_manage = IsAdmin(actor);
        d.summary = Summarize(std::move(task), reports, today);
        for (Report& r : reports) {
          if (IsAdmin(actor) || r.unit_id == actor.unit_id)
            d.reports.push_back(std::move(r));
        }
        return d;
      });
}

absl::StatusOr<std::vector<PublicTask>> Service::PublicTasks() {
  const absl::CivilDay today = Today(clock_);
  std::vector<Task> tasks;
  std::vector<Report> reports;
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(tasks, store::ListTasks(tx));
    ZWGK_ASSIGN_OR_RETURN(reports, store::ListReports(tx, 0));
    return absl::OkStatus();
  }));
  std::vector<PublicTask> out;
  for (Task& t : tasks) {
    PublicTask p;
    for (const Milestone& m : t.milestones) {
      if (!m.done_on.empty() && DayOf(m.done_on) <= today)
        p.completed.push_back({m.title, m.due_on, m.done_on});
    }
    for (const Report& r : reports) {
      if (r.task_id != t.id || r.status != ReportStatus::kAccepted) continue;
      for (const Evidence& e : r.evidence) {
        if (e.kind == EvidenceKind::kPage) {
          p.evidence.push_back({e.name.empty() ? e.path : e.name, e.path});
        } else if (e.kind == EvidenceKind::kRecord && e.record_id) {
          // Only records the public may see now (unpublished ones vanish).
          auto rec = publishing_.GetFor(nullptr, *e.record_id);
          if (rec.ok())
            p.evidence.push_back(
                {rec->title, absl::StrCat("/records/", rec->id)});
        }
      }
    }
    p.summary = Summarize(std::move(t), reports, today);
    out.push_back(std::move(p));
  }
  return out;
}

absl::StatusOr<std::pair<Evidence, std::string>> Service::GetEvidenceFile(
    const Actor& actor, int64_t task_id, int64_t evidence_id) {
  ZWGK_ASSIGN_OR_RETURN(
      Evidence e,
      db_.InTransaction<Evidence>([&](db::Tx& tx) -> absl::StatusOr<Evidence> {
        ZWGK_ASSIGN_OR_RETURN(Task task, store::GetTask(tx, task_id));
        ZWGK_ASSIGN_OR_RETURN(Evidence ev, store::GetEvidence(tx, evidence_id));
        ZWGK_ASSIGN_OR_RETURN(Report r, store::GetReport(tx, ev.report_id));
        if (!MaySee(actor, task) || r.task_id != task_id ||
            ev.kind != EvidenceKind::kFile ||
            (!IsAdmin(actor) && r.unit_id != actor.unit_id))
          return absl::NotFoundError("证明材料 不存在");
        return ev;
      }));
  ZWGK_ASSIGN_OR_RETURN(std::string bytes, blobs_.Get(e.sha256));
  return std::make_pair(std::move(e), std::move(bytes));
}

absl::StatusOr<std::vector<UnitTaskCounts>> Service::CountsByUnit(
    absl::CivilDay as_of) {
  return db_.InTransaction<std::vector<UnitTaskCounts>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<UnitTaskCounts>> {
        ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> units, org_.ListUnits(tx));
        ZWGK_ASSIGN_OR_RETURN(std::vector<Task> tasks, store::ListTasks(tx));
        ZWGK_ASSIGN_OR_RETURN(std::vector<Report> reports,
                              store::ListReports(tx, 0));
        std::map<int64_t, UnitTaskCounts> counts;
        for (const org::Unit& u : units)
          counts[u.id] = {.unit_id = u.id, .unit_name = u.name};
        for (Task& t : tasks) {
          std::vector<int64_t> responsible = t.responsible_unit_ids;
          TaskState state = Summarize(std::move(t), reports, as_of).state;
          for (int64_t unit_id : responsible) {
            auto it = counts.find(unit_id);
            if (it == counts.end()) continue;  // retired units
            UnitTaskCounts& c = it->second;
            (state == TaskState::kDone         ? c.done
             : state == TaskState::kOverdue    ? c.overdue
             : state == TaskState::kInProgress ? c.in_progress
                                               : c.not_started)++;
          }
        }
        std::vector<UnitTaskCounts> out;
        for (const org::Unit& u : units) {
          const UnitTaskCounts& c = counts[u.id];
          if (c.done + c.overdue + c.in_progress + c.not_started > 0)
            out.push_back(c);
        }
        return out;
      });
}

absl::StatusOr<Task> Service::ResolveTask(db::Tx& tx, const TaskInput& in,
                                          Task task) const {
  Validator v;
  task.title = Stripped(in.title);
  task.details = Stripped(in.details);
  if (task.title.empty()) v.Add("title", "请填写工作任务");
  if (Utf8Length(task.title) > kMaxTitleChars)
    v.Add("title", "工作任务不能超过200个字");
  if (Utf8Length(task.details) > kMaxDetailsChars)
    v.Add("details", "具体事项不能超过4000个字");
  if (in.responsible_unit_ids.empty())
    v.Add("responsible_unit_ids", "请至少选择一个责任单位");
  if (in.responsible_unit_ids.size() > kMaxUnits ||
      in.guiding_unit_ids.size() > kMaxUnits)
    v.Add("responsible_unit_ids", "选择的单位过多");
  std::vector<std::string> responsible_names, guiding_names;
  auto resolve = [&](const std::vector<int64_t>& ids, const char* field,
                     std::vector<int64_t>& out,
                     std::vector<std::string>& names) {
    std::set<int64_t> seen;
    for (int64_t id : ids) {
      if (!seen.insert(id).second) continue;
      auto unit = org_.GetUnit(tx, id);
      if (!unit.ok() || unit->retired) {
        v.Add(field, absl::StrCat("单位编号 ", id, " 不存在或已撤销"));
        continue;
      }
      out.push_back(id);
      names.push_back(unit->name);
    }
  };
  task.responsible_unit_ids.clear();
  task.guiding_unit_ids.clear();
  resolve(in.responsible_unit_ids, "responsible_unit_ids",
          task.responsible_unit_ids, responsible_names);
  resolve(in.guiding_unit_ids, "guiding_unit_ids", task.guiding_unit_ids,
          guiding_names);
  ZWGK_RETURN_IF_ERROR(v.ToStatus("工作任务信息有误"));
  task.responsible = Stripped(in.responsible).empty()
                         ? absl::StrJoin(responsible_names, "、")
                         : Stripped(in.responsible);
  task.guiding = Stripped(in.guiding).empty()
                     ? absl::StrJoin(guiding_names, "、")
                     : Stripped(in.guiding);
  if (Utf8Length(task.responsible) > kMaxDetailsChars ||
      Utf8Length(task.guiding) > kMaxDetailsChars)
    return InvalidFields("工作任务信息有误",
                         {{"responsible", "单位说明不能超过4000个字"}});
  return task;
}

absl::StatusOr<Task> Service::CreateTask(const Actor& actor,
                                         const TaskInput& in) {
  ZWGK_RETURN_IF_ERROR(RequireAdmin(actor));
  const std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<Task>([&](db::Tx& tx) -> absl::StatusOr<Task> {
    ZWGK_ASSIGN_OR_RETURN(Task task, ResolveTask(tx, in, Task{}));
    ZWGK_ASSIGN_OR_RETURN(task.id, store::InsertTask(tx, task, now));
    task.created_at = now;
    ZWGK_RETURN_IF_ERROR(store::PutTaskUnits(tx, task));
    ZWGK_RETURN_IF_ERROR(audit::Record(tx, clock_, actor,
                                       {.action = "task.create",
                                        .entity = "task",
                                        .entity_id = absl::StrCat(task.id),
                                        .before = nullptr,
                                        .after = TaskAudit(task)}));
    return task;
  });
}

absl::StatusOr<Task> Service::UpdateTask(const Actor& actor, int64_t id,
                                         const TaskInput& in) {
  ZWGK_RETURN_IF_ERROR(RequireAdmin(actor));
  return db_.InTransaction<Task>([&](db::Tx& tx) -> absl::StatusOr<Task> {
    ZWGK_ASSIGN_OR_RETURN(Task before, store::GetTask(tx, id));
    ZWGK_ASSIGN_OR_RETURN(Task task, ResolveTask(tx, in, before));
    ZWGK_RETURN_IF_ERROR(store::UpdateTask(tx, task));
    ZWGK_RETURN_IF_ERROR(store::PutTaskUnits(tx, task));
    ZWGK_RETURN_IF_ERROR(audit::Record(tx, clock_, actor,
                                       {.action = "task.update",
                                        .entity = "task",
                                        .entity_id = absl::StrCat(id),
                                        .before = TaskAudit(before),
                                        .after = TaskAudit(task)}));
    return task;
  });
}

namespace {

absl::StatusOr<Milestone> CheckMilestone(const MilestoneInput& in,
                                         Milestone m) {
  Validator v;
  m.title = Stripped(in.title);
  if (m.title.empty()) v.Add("title", "请填写节点名称");
  if (Utf8Length(m.title) > kMaxTitleChars)
    v.Add("title", "节点名称不能超过200个字");
  std::optional<absl::CivilDay> due = ParseDay(Stripped(in.due_on));
  if (!due)
    v.Add("due_on", "请按 YYYY-MM-DD 填写完成期限");
  else
    m.due_on = FormatDate(*due);
  ZWGK_RETURN_IF_ERROR(v.ToStatus("节点信息有误"));
  return m;
}

}  // namespace

absl::StatusOr<Milestone> Service::AddMilestone(const Actor& actor,
                                                int64_t task_id,
                                                const MilestoneInput& in) {
  ZWGK_RETURN_IF_ERROR(RequireAdmin(actor));
  ZWGK_ASSIGN_OR_RETURN(Milestone m,
                        CheckMilestone(in, Milestone{.task_id = task_id}));
  return db_.InTransaction<Milestone>(
      [&](db::Tx& tx) -> absl::StatusOr<Milestone> {
        ZWGK_ASSIGN_OR_RETURN(Task task, store::GetTask(tx, task_id));
        m.position = static_cast<int>(task.milestones.size()) + 1;
        ZWGK_ASSIGN_OR_RETURN(m.id, store::InsertMilestone(tx, m));
        ZWGK_RETURN_IF_ERROR(audit::Record(tx, clock_, actor,
                                           {.action = "task.milestone_add",
                                            .entity = "task",
                                            .entity_id = absl::StrCat(task_id),
                                            .before = nullptr,
                                            .after = MilestoneAudit(m)}));
        return m;
      });
}

absl::StatusOr<Milestone> Service::UpdateMilestone(const Actor& actor,
                                                   int64_t task_id,
                                                   int64_t milestone_id,
                                                   const MilestoneInput& in) {
  ZWGK_RETURN_IF_ERROR(RequireAdmin(actor));
  return db_.InTransaction<Milestone>(
      [&](db::Tx& tx) -> absl::StatusOr<Milestone> {
        ZWGK_ASSIGN_OR_RETURN(Task task, store::GetTask(tx, task_id));
        auto it = std::find_if(
            task.milestones.begin(), task.milestones.end(),
            [&](const Milestone& m) { return m.id == milestone_id; });
        if (it == task.milestones.end())
          return absl::NotFoundError("节点 不存在");
        const Milestone before = *it;
        ZWGK_ASSIGN_OR_RETURN(Milestone m, CheckMilestone(in, before));
        ZWGK_RETURN_IF_ERROR(store::UpdateMilestone(tx, m));
        ZWGK_RETURN_IF_ERROR(audit::Record(tx, clock_, actor,
                                           {.action = "task.milestone_update",
                                            .entity = "task",
                                            .entity_id = absl::StrCat(task_id),
                                            .before = MilestoneAudit(before),
                                            .after = MilestoneAudit(m)}));
        return m;
      });
}

absl::StatusOr<std::vector<Evidence>> Service::CheckEvidence(
    const Actor& actor, const std::vector<EvidenceInput>& in) {
  if (in.size() > kMaxEvidence)
    return InvalidFields("证明材料有误",
                         {{"evidence", "每份报告最多附20项证明材料"}});
  std::vector<Evidence> out;
  for (const EvidenceInput& e : in) {
    std::optional<EvidenceKind> kind = ParseEvidenceKind(e.kind);
    if (!kind)
      return InvalidFields("证明材料有误", {{"evidence", "证明材料类型有误"}});
    Evidence ev{.kind = *kind};
    switch (*kind) {
      case EvidenceKind::kRecord: {
        // Exists and is visible to the reporter; otherwise like unknown.
        auto rec = e.record_id ? publishing_.GetFor(&actor, *e.record_id)
                               : absl::NotFoundError("");
        if (!rec.ok())
          return InvalidFields(
              "证明材料有误",
              {{"record_id", absl::StrCat("信息编号 ", e.record_id.value_or(0),
                                          " 不存在或无权查看")}});
        ev.record_id = rec->id;
        ev.name = rec->title;
        break;
      }
      case EvidenceKind::kCatalog: {
        if (!e.domain_id || !e.version || *e.version <= 0)
          return InvalidFields("证明材料有误",
                               {{"version", "请选择领域并填写目录版本号"}});
        auto cat = catalog_.Get(
            *e.domain_id,
            catalog::VersionRef{.kind = catalog::VersionRef::Kind::kNumber,
                                .number = *e.version});
        auto domain = org_.GetDomain(*e.domain_id);
        if (!cat.ok() || !domain.ok())
          return InvalidFields(
              "证明材料有误",
              {{"version",
                absl::StrCat("该领域没有第", *e.version, "版目录")}});
        ev.domain_id = *e.domain_id;
        ev.version = *e.version;
        ev.name = absl::StrCat(domain->name, "领域目录第", *e.version, "版");
        break;
      }
      case EvidenceKind::kPage: {
        std::string path = Stripped(e.path);
        if (!web::IsLocalPath(path))
          return InvalidFields(
              "证明材料有误",
              {{"path", "页面地址须是本站以“/”开头的路径，例如 /tasks"}});
        ev.path = path;
        ev.name = path;
        break;
      }
      case EvidenceKind::kFile: {
        ZWGK_ASSIGN_OR_RETURN(content::CheckedUpload up,
                              content::CheckUpload(e.file_name, e.file_bytes,
                                                   options_.max_file_bytes));
        // Stored by hash before the transaction: a rolled-back report
        // leaves at most an unused file.
        ZWGK_RETURN_IF_ERROR(blobs_.Put(e.file_bytes).status());
        ev.name = up.display_name;
        ev.content_type = up.type.mime;
        ev.sha256 = up.sha256_hex;
        ev.size = up.size;
        break;
      }
    }
    out.push_back(std::move(ev));
  }
  return out;
}

absl::StatusOr<Report> Service::SubmitReport(const Actor& actor,
                                             int64_t task_id,
                                             const ReportInput& in) {
  // Nothing is checked or stored for a task the actor may not see.
  ZWGK_ASSIGN_OR_RETURN(TaskDetail detail, GetTask(actor, task_id));
  if (!detail.can_report)
    return absl::PermissionDeniedError("只有责任单位可以报告本任务的进展");
  Validator v;
  Report r{.task_id = task_id,
           .unit_id = *actor.unit_id,
           .milestone_id = in.milestone_id,
           .marks_done = in.marks_done && in.milestone_id.has_value(),
           .text = Stripped(in.text),
           .submitted_by = actor.name,
           .submitted_at = FormatTimestamp(clock_.Now())};
  if (r.text.empty()) v.Add("text", "请填写进展情况");
  if (Utf8Length(r.text) > kMaxReportChars)
    v.Add("text", "进展情况不能超过4000个字");
  if (in.marks_done && !in.milestone_id)
    v.Add("milestone_id", "标记完成时请选择节点");
  if (in.milestone_id) {
    const auto& ms = detail.summary.task.milestones;
    auto it = std::find_if(ms.begin(), ms.end(), [&](const Milestone& m) {
      return m.id == *in.milestone_id;
    });
    if (it == ms.end())
      v.Add("milestone_id", "所选节点不属于本任务");
    else if (in.marks_done && !it->done_on.empty())
      v.Add("milestone_id", "该节点已确认完成");
  }
  ZWGK_RETURN_IF_ERROR(v.ToStatus("进展报告有误"));
  ZWGK_ASSIGN_OR_RETURN(r.evidence, CheckEvidence(actor, in.evidence));
  return db_.InTransaction<Report>([&](db::Tx& tx) -> absl::StatusOr<Report> {
    ZWGK_ASSIGN_OR_RETURN(r.id, store::InsertReport(tx, r));
    for (Evidence& e : r.evidence) {
      e.report_id = r.id;
      ZWGK_ASSIGN_OR_RETURN(e.id, store::InsertEvidence(tx, e));
    }
    nlohmann::json after = {{"report", r.id},
                            {"progress", r.text},
                            {"evidence", r.evidence.size()},
                            {"report_status", ReportStatusName(r.status)}};
    if (r.milestone_id) after["milestone_id"] = *r.milestone_id;
    if (r.marks_done) after["marks_done"] = true;
    ZWGK_RETURN_IF_ERROR(audit::Record(tx, clock_, actor,
                                       {.action = "task.report",
                                        .entity = "task",
                                        .entity_id = absl::StrCat(task_id),
                                        .before = nullptr,
                                        .after = after}));
    return r;
  });
}

absl::StatusOr<Report> Service::Decide(const Actor& actor, int64_t task_id,
                                       int64_t report_id, ReportStatus to,
                                       absl::string_view comment) {
  ZWGK_RETURN_IF_ERROR(RequireAdmin(actor));
  std::string text = Stripped(comment);
  if (to == ReportStatus::kReturned && text.empty())
    return InvalidFields("退回报告须说明理由", {{"comment", "请填写退回理由"}});
  if (Utf8Length(text) > kMaxCommentChars)
    return InvalidFields("审核意见有误",
                         {{"comment", "审核意见不能超过1000个字"}});
  const std::string now = FormatTimestamp(clock_.Now());
  const std::string today = FormatDate(Today(clock_));
  return db_.InTransaction<Report>([&](db::Tx& tx) -> absl::StatusOr<Report> {
    ZWGK_ASSIGN_OR_RETURN(Report r, store::GetReport(tx, report_id));
    if (r.task_id != task_id) return absl::NotFoundError("进展报告 不存在");
    if (r.status != ReportStatus::kSubmitted)
      return absl::FailedPreconditionError("该报告已审核，不能重复处理");
    r.status = to;
    r.comment = text;
    r.decided_by = actor.name;
    r.decided_at = now;
    ZWGK_RETURN_IF_ERROR(store::DecideReport(tx, r));
    nlohmann::json after = {{"report", r.id},
                            {"report_status", ReportStatusName(to)},
                            {"comment", text}};
    if (to == ReportStatus::kAccepted && r.marks_done && r.milestone_id) {
      ZWGK_RETURN_IF_ERROR(
          store::MarkMilestoneDone(tx, *r.milestone_id, today, r.id));
      after["milestone_id"] = *r.milestone_id;
      after["milestone_done"] = today;
    }
    ZWGK_RETURN_IF_ERROR(audit::Record(
        tx, clock_, actor,
        {.action =
             to == ReportStatus::kAccepted ? "task.accept" : "task.return",
         .entity = "task",
         .entity_id = absl::StrCat(task_id),
         .before = {{"report", r.id}, {"report_status", "submitted"}},
         .after = after}));
    return r;
  });
}

absl::StatusOr<Report> Service::AcceptReport(const Actor& actor,
                                             int64_t task_id, int64_t report_id,
                                             absl::string_view comment) {
  return Decide(actor, task_id, report_id, ReportStatus::kAccepted, comment);
}

absl::StatusOr<Report> Service::ReturnReport(const Actor& actor,
                                             int64_t task_id, int64_t report_id,
                                             absl::string_view comment) {
  return Decide(actor, task_id, report_id, ReportStatus::kReturned, comment);
}

}  // namespace zwgk::supervision
