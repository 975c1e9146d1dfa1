#include "supervision/http.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/clock.h"
#include "core/form_errors.h"
#include "core/guard.h"
#include "core/route_binding.h"
#include "core/status.h"

namespace zwgk::supervision {
namespace {

using web::FormValue;
using web::Request;
using web::Response;

using Form = std::multimap<std::string, std::string>;

struct Deps {
  Service& service;
  const View& view;
};

nlohmann::json Lines(absl::string_view text) {
  nlohmann::json lines = nlohmann::json::array();
  for (absl::string_view line : absl::StrSplit(text, '\n'))
    lines.push_back(std::string(line));
  return lines;
}

absl::StatusOr<std::map<int64_t, std::string>> UnitNames(Service& service) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> units,
                        service.org().ListUnits({.include_retired = true}));
  std::map<int64_t, std::string> out;
  for (const org::Unit& u : units) out[u.id] = u.name;
  return out;
}

nlohmann::json UnitRefs(const std::vector<int64_t>& ids,
                        const std::map<int64_t, std::string>& names) {
  nlohmann::json out = nlohmann::json::array();
  for (int64_t id : ids) {
    auto it = names.find(id);
    if (it != names.end()) out.push_back({{"id", id}, {"name", it->second}});
  }
  return out;
}

// The fields every list shows of a task.
nlohmann::json SummaryJson(const TaskSummary& s) {
  const Task& t = s.task;
  nlohmann::json j = {{"id", t.id},
                      {"seq", t.seq ? nlohmann::json(*t.seq) : nullptr},
                      {"title", t.title},
                      {"responsible", t.responsible},
                      {"guiding", t.guiding},
                      {"state", TaskStateName(s.state)},
                      {"state_label", TaskStateLabel(s.state)},
                      {"overdue", s.state == TaskState::kOverdue},
                      {"done", s.done},
                      {"total", s.total},
                      {"pending", s.pending}};
  if (s.next_due)
    j["next_due"] = {{"title", s.next_due->title},
                     {"due_on", s.next_due->due_on}};
  return j;
}

// --- Public -----------------------------------------------------------------

Response PublicTasksPage(Deps& d, Request& req) {
  auto tasks = d.service.PublicTasks();
  if (!tasks.ok()) return web::Error(tasks.status());
  nlohmann::json rows = nlohmann::json::array();
  for (const PublicTask& p : *tasks) {
    nlohmann::json row = SummaryJson(p.summary);
    row["details"] = Lines(p.summary.task.details);
    row["completed"] = nlohmann::json::array();
    for (const PublicMilestone& m : p.completed)
      row["completed"].push_back(
          {{"title", m.title}, {"due_on", m.due_on}, {"done_on", m.done_on}});
    row["has_completed"] = !p.completed.empty();
    row["evidence"] = nlohmann::json::array();
    for (const PublicEvidence& e : p.evidence)
      row["evidence"].push_back({{"label", e.label}, {"url", e.url}});
    row["has_evidence"] = !p.evidence.empty();
    rows.push_back(row);
  }
  return d.view.Page(
      req, "supervision/tasks", {{"tasks", rows}},
      {.title = "工作任务分解", .breadcrumbs = {{{"name", "工作任务分解"}}}});
}

// GET /api/v1/tasks: org's former shape (seq, title, details, responsible,
// guiding, guiding_units) plus id, responsible_units, state, progress and
// the completed milestones.
Response ApiTasks(Deps& d, Request&) {
  auto tasks = d.service.PublicTasks();
  auto names = UnitNames(d.service);
  if (!tasks.ok()) return web::Error(tasks.status());
  if (!names.ok()) return web::Error(names.status());
  nlohmann::json list = nlohmann::json::array();
  for (const PublicTask& p : *tasks) {
    const Task& t = p.summary.task;
    nlohmann::json completed = nlohmann::json::array();
    for (const PublicMilestone& m : p.completed)
      completed.push_back(
          {{"title", m.title}, {"due_on", m.due_on}, {"done_on", m.done_on}});
    nlohmann::json evidence = nlohmann::json::array();
    for (const PublicEvidence& e : p.evidence)
      evidence.push_back({{"label", e.label}, {"url", e.url}});
    list.push_back(
        {{"id", t.id},
         {"seq", t.seq ? nlohmann::json(*t.seq) : nullptr},
         {"title", t.title},
         {"details", t.details},
         {"responsible", t.responsible},
         {"guiding", t.guiding},
         {"guiding_units", UnitRefs(t.guiding_unit_ids, *names)},
         {"responsible_units", UnitRefs(t.responsible_unit_ids, *names)},
         {"state", TaskStateName(p.summary.state)},
         {"state_label", TaskStateLabel(p.summary.state)},
         {"milestones_done", p.summary.done},
         {"milestones_total", p.summary.total},
         {"completed_milestones", completed},
         {"evidence", evidence}});
  }
  return web::Json({{"tasks", list}});
}

// --- Forms ------------------------------------------------------------------

std::vector<int64_t> Ids(const Form& f, absl::string_view name) {
  std::vector<int64_t> out;
  auto [lo, hi] = f.equal_range(std::string(name));
  for (auto it = lo; it != hi; ++it) {
    if (auto id = web::ParseId(it->second)) out.push_back(*id);
  }
  return out;
}

TaskInput TaskFromForm(const Form& f) {
  return {.title = FormValue(f, "title"),
          .details = FormValue(f, "details"),
          .responsible = FormValue(f, "responsible"),
          .guiding = FormValue(f, "guiding"),
          .responsible_unit_ids = Ids(f, "responsible_unit_ids"),
          .guiding_unit_ids = Ids(f, "guiding_unit_ids")};
}

MilestoneInput MilestoneFromForm(const Form& f) {
  return {.title = FormValue(f, "title"), .due_on = FormValue(f, "due_on")};
}

// The report form: text, milestone, and evidence of every kind; files from
// the multipart parts. InvalidArgument for ids that are not numbers.
absl::StatusOr<ReportInput> ReportFromRequest(const Request& req) {
  Form f = req.Form();
  ReportInput in{.text = FormValue(f, "text"),
                 .milestone_id = web::ParseId(FormValue(f, "milestone_id")),
                 .marks_done = !FormValue(f, "marks_done").empty()};
  for (absl::string_view part :
       absl::StrSplit(FormValue(f, "record_ids"), absl::ByAnyChar(",， "),
                      absl::SkipEmpty())) {
    std::optional<int64_t> id = web::ParseId(part);
    if (!id)
      return InvalidFields(
          "证明材料有误",
          {{"record_id", absl::StrCat("“", part, "”不是信息编号")}});
    in.evidence.push_back({.kind = "record", .record_id = id});
  }
  if (std::string path = FormValue(f, "page_path"); !path.empty())
    in.evidence.push_back({.kind = "page", .path = path});
  std::string domain = FormValue(f, "catalog_domain_id");
  std::string version = FormValue(f, "catalog_version");
  if (!domain.empty() || !version.empty()) {
    int v = 0;
    EvidenceInput e{.kind = "catalog", .domain_id = web::ParseId(domain)};
    if (absl::SimpleAtoi(version, &v)) e.version = v;
    in.evidence.push_back(e);
  }
  for (const web::FormPart& p : req.Parts()) {
    if (p.name != "file" || p.filename.empty()) continue;
    in.evidence.push_back(
        {.kind = "file", .file_name = p.filename, .file_bytes = p.data});
  }
  return in;
}

// Which form on the task page failed, with what was sent.
struct Failed {
  enum Which { kNone, kTask, kMilestone, kReport, kDecision } which = kNone;
  std::optional<TaskInput> task;
  std::optional<MilestoneInput> milestone;
  std::string report_text;
  int64_t report_id = 0;  // kDecision
};

nlohmann::json Errors(const absl::Status& error, bool mine) {
  nlohmann::json errs = nlohmann::json::object();
  if (!mine) return errs;
  for (const auto& [k, v] : GetFieldErrors(error)) errs[k] = v;
  return errs;
}

// The unit checkboxes of the task form.
nlohmann::json UnitChoices(const std::vector<org::Unit>& units,
                           const std::vector<int64_t>& checked,
                           absl::string_view field, absl::string_view legend) {
  nlohmann::json list = nlohmann::json::array();
  for (const org::Unit& u : units) {
    list.push_back({{"id", u.id},
                    {"name", u.name},
                    {"checked", std::find(checked.begin(), checked.end(),
                                          u.id) != checked.end()}});
  }
  return {{"units", list}, {"field", field}, {"legend", legend}};
}

nlohmann::json TaskForm(const std::vector<org::Unit>& units,
                        const TaskInput& in, const nlohmann::json& err) {
  nlohmann::json f = UnitChoices(units, in.responsible_unit_ids,
                                 "responsible_unit_ids", "责任单位");
  f["title"] = in.title;
  f["details"] = in.details;
  f["responsible"] = in.responsible;
  f["guiding"] = in.guiding;
  f["err"] = err;
  f["guiding_choices"] =
      UnitChoices(units, in.guiding_unit_ids, "guiding_unit_ids", "指导单位");
  return f;
}

int StatusFor(const absl::Status& error) {
  return error.ok() ? 200 : web::HttpStatus(error.code());
}

Response ListPage(Deps& d, Request& req,
                  const absl::Status& error = absl::OkStatus(),
                  const TaskInput& failed = {}) {
  auto tasks = d.service.ListTasks(*req.principal);
  if (!tasks.ok()) return web::Error(tasks.status());
  nlohmann::json rows = nlohmann::json::array();
  for (const TaskSummary& s : *tasks) rows.push_back(SummaryJson(s));
  const bool admin = IsAdmin(*req.principal);
  nlohmann::json ctx = {{"tasks", rows},
                        {"has_tasks", !rows.empty()},
                        {"can_manage", admin},
                        {"csrf_token", req.csrf_token},
                        {"notice", req.QueryValue("saved") ? "已保存" : ""}};
  if (admin) {
    auto units = d.service.org().ListUnits();
    if (!units.ok()) return web::Error(units.status());
    ctx["form"] = TaskForm(*units, failed, Errors(error, true));
  }
  static constexpr FormField kOrder[] = {
      {"title", "task-title"},
      {"details", "task-details"},
      {"responsible_unit_ids", "task-responsible"},
      {"guiding_unit_ids", "task-guiding"}};
  ctx["error_summary"] = ErrorSummary(error, kOrder);
  return d.view.Page(req, "supervision/admin_tasks", ctx,
                     {.title = "工作任务督办",
                      .status = StatusFor(error),
                      .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                                      {{"name", "工作任务督办"}}}});
}

nlohmann::json EvidenceJson(const Evidence& e, int64_t task_id) {
  nlohmann::json j = {{"kind_label", EvidenceKindLabel(e.kind)},
                      {"name", e.name}};
  switch (e.kind) {
    case EvidenceKind::kRecord:
      j["url"] = absl::StrCat("/admin/records/", e.record_id.value_or(0));
      break;
    case EvidenceKind::kCatalog:
      j["url"] = absl::StrCat("/domains/", e.domain_id.value_or(0));
      break;
    case EvidenceKind::kPage:
      j["url"] = e.path;
      break;
    case EvidenceKind::kFile:
      j["url"] = absl::StrCat("/admin/tasks/", task_id, "/evidence/", e.id);
      break;
  }
  return j;
}

Response TaskPage(Deps& d, Request& req, int64_t id,
                  const absl::Status& error = absl::OkStatus(),
                  const Failed& failed = {}) {
  auto detail = d.service.GetTask(*req.principal, id);
  if (!detail.ok()) return web::Error(detail.status());
  auto names = UnitNames(d.service);
  if (!names.ok()) return web::Error(names.status());
  const TaskSummary& s = detail->summary;
  const Task& t = s.task;
  const std::string today = FormatDate(Today(d.service.clock()));
  nlohmann::json ctx = SummaryJson(s);
  ctx["details"] = Lines(t.details);
  ctx["csrf_token"] = req.csrf_token;
  ctx["can_manage"] = detail->can_manage;
  ctx["can_report"] = detail->can_report;
  ctx["notice"] = req.QueryValue("saved") ? "已保存" : "";
  ctx["err"] = nlohmann::json::object();
  nlohmann::json milestones = nlohmann::json::array();
  nlohmann::json open = nlohmann::json::array();
  std::map<int64_t, std::string> milestone_names;
  for (const Milestone& m : t.milestones) {
    milestone_names[m.id] = m.title;
    milestones.push_back({{"id", m.id},
                          {"task_id", t.id},
                          {"title", m.title},
                          {"due_on", m.due_on},
                          {"done_on", m.done_on},
                          {"late", m.done_on.empty() && m.due_on < today}});
    if (m.done_on.empty())
      open.push_back({{"id", m.id}, {"title", m.title}, {"due_on", m.due_on}});
  }
  ctx["milestones"] = milestones;
  nlohmann::json reports = nlohmann::json::array();
  for (const Report& r : detail->reports) {
    nlohmann::json evidence = nlohmann::json::array();
    for (const Evidence& e : r.evidence)
      evidence.push_back(EvidenceJson(e, t.id));
    auto unit = names->find(r.unit_id);
    reports.push_back(
        {{"id", r.id},
         {"task_id", t.id},
         {"unit", unit == names->end() ? "" : unit->second},
         {"submitted_by", r.submitted_by},
         {"submitted_at", LocalMinute(r.submitted_at)},
         {"status_label", ReportStatusLabel(r.status)},
         {"returned", r.status == ReportStatus::kReturned},
         {"milestone", r.milestone_id ? milestone_names[*r.milestone_id] : ""},
         {"marks_done", r.marks_done},
         {"text", Lines(r.text)},
         {"evidence", evidence},
         {"has_evidence", !evidence.empty()},
         {"comment", r.comment},
         {"decided_by", r.decided_by},
         {"decided_at", LocalMinute(r.decided_at)},
         {"can_decide",
          detail->can_manage && r.status == ReportStatus::kSubmitted},
         {"err", Errors(error, failed.which == Failed::kDecision &&
                                   failed.report_id == r.id)}});
  }
  ctx["reports"] = reports;
  if (detail->can_report) {
    auto domains = d.service.org().ListDomains();
    if (!domains.ok()) return web::Error(domains.status());
    nlohmann::json domain_list = nlohmann::json::array();
    for (const org::Domain& dm : *domains)
      domain_list.push_back({{"id", dm.id}, {"name", dm.name}});
    ctx["report_form"] = {
        {"text", failed.report_text},
        {"open_milestones", open},
        {"domains", domain_list},
        {"max_mb", d.service.max_file_bytes() >> 20},
        {"err", Errors(error, failed.which == Failed::kReport)}};
  }
  if (detail->can_manage) {
    auto units = d.service.org().ListUnits();
    if (!units.ok()) return web::Error(units.status());
    TaskInput current{.title = t.title,
                      .details = t.details,
                      .responsible = t.responsible,
                      .guiding = t.guiding,
                      .responsible_unit_ids = t.responsible_unit_ids,
                      .guiding_unit_ids = t.guiding_unit_ids};
    ctx["edit_open"] = failed.which == Failed::kTask;
    ctx["form"] = TaskForm(*units, failed.task.value_or(current),
                           Errors(error, failed.which == Failed::kTask));
    MilestoneInput ms = failed.milestone.value_or(MilestoneInput{});
    ctx["milestone_form"] = {
        {"title", ms.title},
        {"due_on", ms.due_on},
        {"err", Errors(error, failed.which == Failed::kMilestone)}};
  }
  const std::string comment_id = absl::StrCat("comment-", failed.report_id);
  const FormField order[] = {
      {"title", failed.which == Failed::kMilestone ? "ms-title" : "task-title"},
      {"due_on", "ms-due"},
      {"responsible_unit_ids", "task-responsible"},
      {"text", "report-text"},
      {"milestone_id", "report-milestone"},
      {"record_id", "report-record"},
      {"path", "report-page"},
      {"version", "report-version"},
      {"file", "report-file"},
      {"comment", comment_id}};
  ctx["error_summary"] = ErrorSummary(error, order);
  return d.view.Page(
      req, "supervision/admin_task", ctx,
      {.title = t.title,
       .status = StatusFor(error),
       .breadcrumbs = {{{"name", "管理后台"}, {"url", "/admin"}},
                       {{"name", "工作任务督办"}, {"url", "/admin/tasks"}},
                       {{"name", t.title}}}});
}

// --- Admin and unit handlers ------------------------------------------------

Response AdminList(Deps& d, Request& r) {
  if (auto denied = web::RequireSignedIn(r)) return *denied;
  return ListPage(d, r);
}

Response CreateTask(Deps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  TaskInput in = TaskFromForm(r.Form());
  auto created = d.service.CreateTask(*r.principal, in);
  if (!created.ok()) return ListPage(d, r, created.status(), in);
  return web::Redirect(absl::StrCat("/admin/tasks/", created->id, "?saved=1"));
}

Response AdminShow(Deps& d, Request& r) {
  if (auto denied = web::RequireSignedIn(r)) return *denied;
  std::optional<int64_t> id = web::ParseId(r.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("工作任务 不存在"));
  return TaskPage(d, r, *id);
}

// After a form on the task page: the page again with the error (a 404 stays
// a 404), or back to it.
Response AfterTaskForm(Deps& d, Request& r, int64_t id,
                       const absl::Status& status, const Failed& failed,
                       absl::string_view anchor) {
  if (absl::IsNotFound(status) || absl::IsPermissionDenied(status))
    return web::Error(status);
  if (!status.ok()) return TaskPage(d, r, id, status, failed);
  return web::Redirect(absl::StrCat("/admin/tasks/", id, "?saved=1", anchor));
}

Response UpdateTask(Deps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  std::optional<int64_t> id = web::ParseId(r.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("工作任务 不存在"));
  TaskInput in = TaskFromForm(r.Form());
  auto updated = d.service.UpdateTask(*r.principal, *id, in);
  return AfterTaskForm(d, r, *id, updated.status(),
                       {.which = Failed::kTask, .task = in}, "");
}

Response AddMilestone(Deps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  std::optional<int64_t> id = web::ParseId(r.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("工作任务 不存在"));
  MilestoneInput in = MilestoneFromForm(r.Form());
  auto added = d.service.AddMilestone(*r.principal, *id, in);
  return AfterTaskForm(d, r, *id, added.status(),
                       {.which = Failed::kMilestone, .milestone = in},
                       "#milestones");
}

Response UpdateMilestone(Deps& d, Request& r) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  std::optional<int64_t> id = web::ParseId(r.Param("id"));
  std::optional<int64_t> mid = web::ParseId(r.Param("mid"));
  if (!id || !mid) return web::Error(absl::NotFoundError("节点 不存在"));
  MilestoneInput in = MilestoneFromForm(r.Form());
  auto updated = d.service.UpdateMilestone(*r.principal, *id, *mid, in);
  return AfterTaskForm(d, r, *id, updated.status(),
                       {.which = Failed::kMilestone, .milestone = in},
                       "#milestones");
}

Response SubmitReport(Deps& d, Request& r) {
  if (auto denied = web::RequireSignedIn(r)) return *denied;
  std::optional<int64_t> id = web::ParseId(r.Param("id"));
  if (!id) return web::Error(absl::NotFoundError("工作任务 不存在"));
  auto in = ReportFromRequest(r);
  Failed failed{.which = Failed::kReport,
                .report_text = FormValue(r.Form(), "text")};
  if (!in.ok()) return AfterTaskForm(d, r, *id, in.status(), failed, "");
  auto report = d.service.SubmitReport(*r.principal, *id, *in);
  return AfterTaskForm(d, r, *id, report.status(), failed, "#reports");
}

Response Decide(Deps& d, Request& r, bool accept) {
  if (auto denied = web::RequireAdmin(r)) return *denied;
  std::optional<int64_t> id = web::ParseId(r.Param("id"));
  std::optional<int64_t> rid = web::ParseId(r.Param("rid"));
  if (!id || !rid) return web::Error(absl::NotFoundError("进展报告 不存在"));
  std::string comment = FormValue(r.Form(), "comment");
  auto decided = accept
                     ? d.service.AcceptReport(*r.principal, *id, *rid, comment)
                     : d.service.ReturnReport(*r.principal, *id, *rid, comment);
  return AfterTaskForm(d, r, *id, decided.status(),
                       {.which = Failed::kDecision, .report_id = *rid},
                       "#reports");
}
Response AcceptReport(Deps& d, Request& r) { return Decide(d, r, true); }
Response ReturnReport(Deps& d, Request& r) { return Decide(d, r, false); }

Response DownloadEvidence(Deps& d, Request& r) {
  if (auto denied = web::RequireSignedIn(r)) return *denied;
  std::optional<int64_t> id = web::ParseId(r.Param("id"));
  std::optional<int64_t> eid = web::ParseId(r.Param("eid"));
  if (!id || !eid) return web::Error(absl::NotFoundError("证明材料 不存在"));
  auto file = d.service.GetEvidenceFile(*r.principal, *id, *eid);
  if (!file.ok()) return web::Error(file.status());
  return web::Download(std::move(file->second), file->first.content_type,
                       file->first.name);
}

}  // namespace

void RegisterRoutes(web::Router& router, Service& service, const View& view) {
  auto h = web::BindTo(std::make_shared<Deps>(Deps{service, view}));
  // A report carries up to two files of the largest size, plus the form.
  const web::RouteOptions upload{
      .max_body_bytes =
          static_cast<size_t>(service.max_file_bytes()) * 2 + (64u << 10)};
  // Public: progress and completed milestones, nothing internal.
  router.Get("/tasks", h(PublicTasksPage));
  router.Get("/api/v1/tasks", h(ApiTasks));
  // Staff: the county office sees every task; a unit's staff the tasks their
  // unit is responsible for or guides (others answer 404).
  router.Get("/admin/tasks", h(AdminList));
  router.Get("/admin/tasks/{id}", h(AdminShow));
  router.Get("/admin/tasks/{id}/evidence/{eid}", h(DownloadEvidence));
  // Responsible units' staff report progress.
  router.Post("/admin/tasks/{id}/reports", h(SubmitReport), upload);
  // The county office only.
  router.Post("/admin/tasks", h(CreateTask));
  router.Post("/admin/tasks/{id}", h(UpdateTask));
  router.Post("/admin/tasks/{id}/milestones", h(AddMilestone));
  router.Post("/admin/tasks/{id}/milestones/{mid}", h(UpdateMilestone));
  router.Post("/admin/tasks/{id}/reports/{rid}/accept", h(AcceptReport));
  router.Post("/admin/tasks/{id}/reports/{rid}/return", h(ReturnReport));
}

}  // namespace zwgk::supervision
