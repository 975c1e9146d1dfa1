// The catalog's service methods (service.h): decisions, their moves and
// events, and the yearly catalog versions.
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "content/blob_store.h"
#include "content/filetype.h"
#include "core/audit.h"
#include "core/date.h"
#include "core/status.h"
#include "core/text.h"
#include "decisions/internal.h"
#include "decisions/service.h"
#include "decisions/store.h"

namespace zwgk::decisions {
namespace {

constexpr size_t kMaxBodyChars = 100;
constexpr size_t kMaxBasisChars = 2000;
constexpr size_t kMaxNoteChars = 500;
constexpr size_t kMaxSummaryChars = 4000;
constexpr int kFirstYear = 2000, kLastYear = 2100;

std::string Stripped(absl::string_view s) {
  return std::string(absl::StripAsciiWhitespace(s));
}

content::BlobStore Blobs(const ServiceOptions& o) {
  return content::BlobStore(
      (std::filesystem::path(o.data_dir) / "blobs").string());
}

// "" → nullopt; a malformed date is a field error.
std::optional<absl::CivilDay> OptionalDay(Validator& v, const char* field,
                                          absl::string_view text) {
  std::string t = Stripped(text);
  if (t.empty()) return std::nullopt;
  std::optional<absl::CivilDay> day = ParseDay(t);
  if (!day) v.Add(field, "日期格式应为 YYYY-MM-DD，例如 2026-06-30");
  return day;
}

nlohmann::json AuditView(const Decision& d) {
  return {{"title", d.title},
          {"year", d.year},
          {"unit_id", d.unit_id},
          {"state", DecisionStateName(d.state)}};
}

absl::Status NotFound() { return absl::NotFoundError("未找到该决策事项"); }

// A consultation the decision should have published feedback for: one that
// took comments (not recorded, or recorded with comments entered) and has
// no feedback yet.
absl::StatusOr<bool> LacksFeedback(db::Tx& tx, const Consultation& c) {
  if (c.feedback_published_at) return false;
  if (!c.recorded) return true;
  ZWGK_ASSIGN_OR_RETURN(int64_t n, store::CountComments(tx, c.id));
  return n > 0;
}

absl::StatusOr<bool> AnyLacksFeedback(db::Tx& tx,
                                      const std::vector<Consultation>& cs) {
  for (const Consultation& c : cs) {
    ZWGK_ASSIGN_OR_RETURN(bool lacks, LacksFeedback(tx, c));
    if (lacks) return true;
  }
  return false;
}

// Only PDF, DOCX, JPEG and PNG: what a hearing's minutes or an expert
// opinion come as, and what every reader opens.
bool AllowedDocument(content::FileType t) {
  using content::FileType;
  return t == FileType::kPdf || t == FileType::kDocx || t == FileType::kJpeg ||
         t == FileType::kPng;
}

// Validated fields of a decision (unit resolved), or InvalidFields.
absl::StatusOr<Decision> ValidateDecision(org::Service& org,
                                          const ServiceOptions& o,
                                          const Clock& clock,
                                          const DecisionInput& in) {
  Validator v;
  Decision d{
      .year = in.year == 0 ? static_cast<int>(Today(clock).year()) : in.year,
      .title = Stripped(in.title),
      .deciding_body = Stripped(in.deciding_body),
      .legal_basis = Stripped(in.legal_basis)};
  if (d.year < kFirstYear || d.year > kLastYear)
    v.Add("year", "年度应在2000年至2100年之间");
  if (d.title.empty())
    v.Add("title", "请填写决策事项名称");
  else if (Utf8Length(d.title) > static_cast<size_t>(o.max_title_chars))
    v.Add("title",
          absl::StrCat("决策事项名称不能超过", o.max_title_chars, "个字"));
  if (d.deciding_body.empty())
    v.Add("deciding_body", "请填写决策机关，例如 县人民政府");
  else if (Utf8Length(d.deciding_body) > kMaxBodyChars)
    v.Add("deciding_body", "决策机关不能超过100个字");
  if (d.legal_basis.empty())
    v.Add("legal_basis", "请填写决策依据");
  else if (Utf8Length(d.legal_basis) > kMaxBasisChars)
    v.Add("legal_basis", "决策依据不能超过2000个字");
  d.planned_consultation_on =
      OptionalDay(v, "planned_consultation_on", in.planned_consultation_on);
  d.planned_decision_on =
      OptionalDay(v, "planned_decision_on", in.planned_decision_on);
  if (d.planned_consultation_on && d.planned_decision_on &&
      *d.planned_decision_on < *d.planned_consultation_on)
    v.Add("planned_decision_on", "计划决策时间不能早于计划征求意见时间");
  if (Stripped(in.unit).empty()) {
    v.Add("unit", "请选择承办单位");
  } else {
    absl::StatusOr<org::Unit> unit = org.ResolveUnit(Stripped(in.unit));
    if (unit.ok()) {
      d.unit_id = unit->id;
      d.unit_name = unit->name;
    } else if (absl::IsNotFound(unit.status()) ||
               absl::IsInvalidArgument(unit.status())) {
      v.Add("unit", absl::StrCat("没有名为“", Stripped(in.unit), "”的单位"));
    } else {
      return unit.status();
    }
  }
  ZWGK_RETURN_IF_ERROR(v.ToStatus("决策事项填写有误"));
  return d;
}

// Fills in the units' names (one lookup per distinct unit).
absl::Status FillUnitNames(db::Tx& tx, org::Service& org,
                           std::vector<Decision>& ds) {
  std::map<int64_t, std::string> names;
  for (Decision& d : ds) {
    auto it = names.find(d.unit_id);
    if (it == names.end()) {
      ZWGK_ASSIGN_OR_RETURN(org::Unit u, org.GetUnit(tx, d.unit_id));
      it = names.emplace(d.unit_id, u.name).first;
    }
    d.unit_name = it->second;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Decision> Service::CreateDecision(const Actor& actor,
                                                 const DecisionInput& in) {
  if (!IsStaff(actor.role)) return absl::PermissionDeniedError("请先登录");
  ZWGK_ASSIGN_OR_RETURN(Decision d,
                        ValidateDecision(org_, options_, clock_, in));
  if (!ActsForUnit(actor, d.unit_id))
    return InvalidFields("决策事项填写有误",
                         {{"unit", "只能为本单位新增决策事项"}});
  d.state = DecisionState::kPlanned;
  d.created_at = d.updated_at = FormatTimestamp(clock_.Now());
  return db_.InTransaction<Decision>(
      [&](db::Tx& tx) -> absl::StatusOr<Decision> {
        ZWGK_ASSIGN_OR_RETURN(d.id, store::InsertDecision(tx, d, actor.name));
        ZWGK_RETURN_IF_ERROR(
            audit::Record(tx, clock_, actor,
                          {"decision.create", "decision", absl::StrCat(d.id),
                           nullptr, AuditView(d)}));
        return d;
      });
}

absl::StatusOr<Decision> Service::UpdateDecision(const Actor& actor, int64_t id,
                                                 const DecisionInput& in) {
  if (!IsStaff(actor.role)) return absl::PermissionDeniedError("请先登录");
  ZWGK_ASSIGN_OR_RETURN(Decision changed,
                        ValidateDecision(org_, options_, clock_, in));
  return db_.InTransaction<Decision>(
      [&](db::Tx& tx) -> absl::StatusOr<Decision> {
        ZWGK_ASSIGN_OR_RETURN(std::optional<Decision> old,
                              store::GetDecision(tx, id));
        if (!old) return NotFound();
        ZWGK_RETURN_IF_ERROR(internal::RequireUnitStaff(actor, old->unit_id));
        if (!ActsForUnit(actor, changed.unit_id))
          return InvalidFields("决策事项填写有误",
                               {{"unit", "只有县政务公开办可以改变承办单位"}});
        if (old->state == DecisionState::kPublished ||
            old->state == DecisionState::kWithdrawn)
          return absl::FailedPreconditionError(absl::StrCat(
              "决策事项已", DecisionStateLabel(old->state), "，不能再修改"));
        Decision d = *old;
        d.year = changed.year;
        d.title = changed.title;
        d.deciding_body = changed.deciding_body;
        d.legal_basis = changed.legal_basis;
        d.unit_id = changed.unit_id;
        d.unit_name = changed.unit_name;
        d.planned_consultation_on = changed.planned_consultation_on;
        d.planned_decision_on = changed.planned_decision_on;
        d.updated_at = FormatTimestamp(clock_.Now());
        ZWGK_RETURN_IF_ERROR(store::UpdateDecision(tx, d));
        ZWGK_RETURN_IF_ERROR(
            audit::Record(tx, clock_, actor,
                          {"decision.update", "decision", absl::StrCat(id),
                           AuditView(*old), AuditView(d)}));
        return d;
      });
}

absl::StatusOr<Decision> Service::MoveDecision(const Actor& actor, int64_t id,
                                               const MoveInput& in) {
  if (!IsStaff(actor.role)) return absl::PermissionDeniedError("请先登录");
  const std::string note = Stripped(in.note);
  const DecisionState to = in.to;
  Validator v;
  if ((to == DecisionState::kPostponed || to == DecisionState::kWithdrawn) &&
      note.empty())
    v.Add("note", absl::StrCat("请说明", DecisionStateLabel(to), "的原因"));
  if (Utf8Length(note) > kMaxNoteChars) v.Add("note", "说明不能超过500个字");
  const absl::CivilDay today = Today(clock_);
  absl::CivilDay on = today;
  if (!Stripped(in.on).empty()) {
    std::optional<absl::CivilDay> day = ParseDay(Stripped(in.on));
    if (!day)
      v.Add("on", "日期格式应为 YYYY-MM-DD");
    else if (*day > today)
      v.Add("on", "日期不能晚于今天");
    else
      on = *day;
  }
  if (to == DecisionState::kPublished && !in.record_id)
    v.Add("record_id", "请填写已发布的决策文件（信息编号）");
  ZWGK_RETURN_IF_ERROR(v.ToStatus("无法变更决策状态"));
  // The decision document must be public before the catalog says so; read
  // before our transaction (publishing opens its own).
  if (to == DecisionState::kPublished) {
    absl::StatusOr<publishing::Record> r = publishing_.Get(*in.record_id);
    if (absl::IsNotFound(r.status()) || (r.ok() && !publishing::IsPublic(*r)))
      return InvalidFields(
          "无法变更决策状态",
          {{"record_id",
            absl::StrCat("信息", *in.record_id, "不存在或尚未公开发布")}});
    ZWGK_RETURN_IF_ERROR(r.status());
  }
  return db_.InTransaction<Decision>(
      [&](db::Tx& tx) -> absl::StatusOr<Decision> {
        ZWGK_ASSIGN_OR_RETURN(std::optional<Decision> old,
                              store::GetDecision(tx, id));
        if (!old) return NotFound();
        ZWGK_RETURN_IF_ERROR(internal::RequireUnitStaff(actor, old->unit_id));
        const DecisionState from = old->state;
        bool allowed = CanMove(from, to);
        // A postponed decision resumes to where it was.
        if (allowed && from == DecisionState::kPostponed &&
            to != DecisionState::kWithdrawn && old->resume_to &&
            *old->resume_to != to)
          allowed = false;
        if (!allowed)
          return absl::FailedPreconditionError(
              absl::StrCat("决策事项不能从“", DecisionStateLabel(from),
                           "”变为“", DecisionStateLabel(to), "”"));
        Decision d = *old;
        d.state = to;
        d.state_note = note;
        d.resume_to = std::nullopt;
        if (to == DecisionState::kPostponed) d.resume_to = from;
        if (to == DecisionState::kDecided) d.decided_on = on;
        if (to == DecisionState::kPublished) {
          d.published_on = on;
          d.record_id = in.record_id;
          if (!d.decided_on) d.decided_on = on;
        }
        d.updated_at = FormatTimestamp(clock_.Now());
        ZWGK_RETURN_IF_ERROR(store::UpdateDecision(tx, d));
        nlohmann::json after = AuditView(d);
        if (!note.empty()) after["reason"] = note;
        if (d.record_id) after["record_id"] = *d.record_id;
        ZWGK_RETURN_IF_ERROR(
            audit::Record(tx, clock_, actor,
                          {"decision.move", "decision", absl::StrCat(id),
                           AuditView(*old), after}));
        return d;
      });
}

absl::StatusOr<DecisionEvent> Service::AddEvent(
    const Actor& actor, int64_t decision_id, const EventInput& in,
    std::vector<DocumentUpload> documents) {
  if (!IsStaff(actor.role)) return absl::PermissionDeniedError("请先登录");
  // Nothing is checked or stored for a decision the actor may not change.
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(std::optional<Decision> d,
                          store::GetDecision(tx, decision_id));
    if (!d) return NotFound();
    return internal::RequireUnitStaff(actor, d->unit_id);
  }));
  Validator v;
  DecisionEvent e{.decision_id = decision_id,
                  .title = Stripped(in.title),
                  .summary = Stripped(in.summary),
                  .is_public = in.is_public,
                  .created_at = FormatTimestamp(clock_.Now()),
                  .created_by = actor.name};
  std::optional<EventKind> kind = ParseEventKind(Stripped(in.kind));
  if (!kind)
    v.Add("kind", "请选择环节类型（听证会、专家论证、风险评估等）");
  else
    e.kind = *kind;
  std::optional<absl::CivilDay> on = ParseDay(Stripped(in.on));
  if (!on)
    v.Add("on", "请填写日期，格式为 YYYY-MM-DD");
  else
    e.on = *on;
  if (e.title.empty())
    v.Add("title", "请填写标题");
  else if (Utf8Length(e.title) > static_cast<size_t>(options_.max_title_chars))
    v.Add("title",
          absl::StrCat("标题不能超过", options_.max_title_chars, "个字"));
  if (Utf8Length(e.summary) > kMaxSummaryChars)
    v.Add("summary", "摘要不能超过4000个字");
  if (documents.size() > static_cast<size_t>(options_.max_documents_per_event))
    v.Add("documents",
          absl::StrCat("每个环节最多上传", options_.max_documents_per_event,
                       "个文件"));
  ZWGK_RETURN_IF_ERROR(v.ToStatus("决策环节填写有误"));
  content::BlobStore blobs = Blobs(options_);
  for (const DocumentUpload& up : documents) {
    absl::StatusOr<content::CheckedUpload> checked = content::CheckUpload(
        up.file_name, up.bytes, options_.max_document_bytes);
    if (!checked.ok())
      return InvalidFields(
          "文件不能上传",
          {{"documents", std::string(checked.status().message())}});
    if (!AllowedDocument(checked->type.type))
      return InvalidFields(
          "文件不能上传",
          {{"documents",
            absl::StrCat("文件“", checked->display_name,
                         "”不是允许的类型（PDF、DOCX、JPG、PNG）")}});
    // Stored by hash before the transaction: a rolled-back event leaves at
    // most an unused file.
    ZWGK_RETURN_IF_ERROR(blobs.Put(up.bytes).status());
    e.documents.push_back({.name = checked->display_name,
                           .blob_key = checked->sha256_hex,
                           .size = checked->size,
                           .content_type = checked->type.mime});
  }
  return db_.InTransaction<DecisionEvent>(
      [&](db::Tx& tx) -> absl::StatusOr<DecisionEvent> {
        ZWGK_ASSIGN_OR_RETURN(std::optional<Decision> d,
                              store::GetDecision(tx, decision_id));
        if (!d) return NotFound();
        ZWGK_RETURN_IF_ERROR(internal::RequireUnitStaff(actor, d->unit_id));
        ZWGK_ASSIGN_OR_RETURN(e.id, store::InsertEvent(tx, e));
        ZWGK_RETURN_IF_ERROR(
            audit::Record(tx, clock_, actor,
                          {"decision.event",
                           "decision",
                           absl::StrCat(decision_id),
                           nullptr,
                           {{"title", e.title},
                            {"kind", EventKindLabel(e.kind)},
                            {"day", FormatDate(e.on)},
                            {"documents", e.documents.size()}}}));
        return e;
      });
}

absl::StatusOr<std::vector<Decision>> Service::ListDecisions(const Actor& actor,
                                                             int year) {
  if (!IsStaff(actor.role)) return absl::PermissionDeniedError("请先登录");
  if (!IsAdmin(actor) && !actor.unit_id) return std::vector<Decision>{};
  std::optional<int64_t> unit = IsAdmin(actor) ? std::nullopt : actor.unit_id;
  return db_.InTransaction<std::vector<Decision>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<Decision>> {
        ZWGK_ASSIGN_OR_RETURN(std::vector<Decision> ds,
                              store::ListDecisions(tx, year, unit));
        ZWGK_RETURN_IF_ERROR(FillUnitNames(tx, org_, ds));
        return ds;
      });
}

absl::StatusOr<DecisionView> Service::GetDecision(const Actor& actor,
                                                  int64_t id) {
  // Staff acting for the unit see everything; everyone else the public view.
  bool full = false;
  ZWGK_ASSIGN_OR_RETURN(
      DecisionView view,
      db_.InTransaction<DecisionView>(
          [&](db::Tx& tx) -> absl::StatusOr<DecisionView> {
            ZWGK_ASSIGN_OR_RETURN(std::optional<Decision> d,
                                  store::GetDecision(tx, id));
            if (!d) return NotFound();
            full = IsStaff(actor.role) && ActsForUnit(actor, d->unit_id);
            if (!full) {
              ZWGK_ASSIGN_OR_RETURN(bool listed,
                                    store::InPublishedCatalog(tx, id));
              if (!listed) return NotFound();
            }
            DecisionView v;
            std::vector<Decision> one = {*d};
            ZWGK_RETURN_IF_ERROR(FillUnitNames(tx, org_, one));
            v.decision = std::move(one[0]);
            ZWGK_ASSIGN_OR_RETURN(std::vector<DecisionEvent> events,
                                  store::EventsOfDecision(tx, id));
            for (DecisionEvent& e : events)
              if (full || e.is_public) v.events.push_back(std::move(e));
            ZWGK_ASSIGN_OR_RETURN(v.consultations,
                                  store::ConsultationsOfDecision(tx, id));
            if (v.decision.state == DecisionState::kPublished) {
              ZWGK_ASSIGN_OR_RETURN(v.missing_feedback,
                                    AnyLacksFeedback(tx, v.consultations));
            }
            return v;
          }));
  if (!view.decision.record_id) return view;
  // The decision document and its 解读, as this viewer may see them.
  const Actor* viewer = IsStaff(actor.role) ? &actor : nullptr;
  absl::StatusOr<publishing::Record> record =
      publishing_.GetFor(viewer, *view.decision.record_id);
  if (absl::IsNotFound(record.status())) return view;
  ZWGK_RETURN_IF_ERROR(record.status());
  view.record = std::move(*record);
  ZWGK_ASSIGN_OR_RETURN(std::vector<publishing::Relation> relations,
                        publishing_.Relations(viewer, view.record->id));
  for (const publishing::Relation& rel : relations) {
    if (rel.kind != publishing::RelationKind::kInterprets || rel.outgoing)
      continue;
    absl::StatusOr<publishing::Record> interp =
        publishing_.GetFor(viewer, rel.other_id);
    if (absl::IsNotFound(interp.status())) continue;
    ZWGK_RETURN_IF_ERROR(interp.status());
    view.interpretations.push_back(std::move(*interp));
  }
  return view;
}

absl::StatusOr<CatalogVersion> Service::PublishCatalog(const Actor& actor,
                                                       int year,
                                                       absl::string_view note) {
  ZWGK_RETURN_IF_ERROR(internal::RequireOffice(actor));
  Validator v;
  if (year < kFirstYear || year > kLastYear)
    v.Add("year", "年度应在2000年至2100年之间");
  const std::string text = Stripped(note);
  if (text.empty())
    v.Add("note", "请说明本次发布的内容或变化，例如 首次发布、新增2项");
  else if (Utf8Length(text) > kMaxNoteChars)
    v.Add("note", "说明不能超过500个字");
  ZWGK_RETURN_IF_ERROR(v.ToStatus("无法发布决策事项目录"));
  return db_.InTransaction<CatalogVersion>(
      [&](db::Tx& tx) -> absl::StatusOr<CatalogVersion> {
        CatalogVersion cv{.year = year,
                          .note = text,
                          .published_at = FormatTimestamp(clock_.Now()),
                          .published_by = actor.name};
        ZWGK_ASSIGN_OR_RETURN(cv.items,
                              store::ListDecisions(tx, year, std::nullopt));
        if (cv.items.empty())
          return absl::FailedPreconditionError(
              absl::StrCat(year, "年度还没有决策事项，无法发布目录"));
        ZWGK_RETURN_IF_ERROR(FillUnitNames(tx, org_, cv.items));
        ZWGK_ASSIGN_OR_RETURN(cv.version, store::InsertCatalogVersion(tx, cv));
        ZWGK_RETURN_IF_ERROR(audit::Record(tx, clock_, actor,
                                           {"decision.catalog_publish",
                                            "decision_catalog",
                                            absl::StrCat(year),
                                            nullptr,
                                            {{"version", cv.version},
                                             {"items", cv.items.size()},
                                             {"reason", cv.note}}}));
        return cv;
      });
}

absl::StatusOr<std::vector<CatalogVersion>> Service::CatalogVersions(int year) {
  return db_.InTransaction<std::vector<CatalogVersion>>(
      [&](db::Tx& tx) { return store::CatalogVersions(tx, year); });
}

absl::StatusOr<std::vector<int>> Service::CatalogYears() {
  return db_.InTransaction<std::vector<int>>(
      [&](db::Tx& tx) { return store::CatalogYears(tx); });
}

absl::StatusOr<std::pair<EventDocument, std::string>>
Service::EventDocumentBytes(const Actor& actor, int64_t event_id, int index) {
  ZWGK_ASSIGN_OR_RETURN(
      EventDocument doc,
      db_.InTransaction<EventDocument>(
          [&](db::Tx& tx) -> absl::StatusOr<EventDocument> {
            absl::Status missing = absl::NotFoundError("未找到该文件");
            ZWGK_ASSIGN_OR_RETURN(std::optional<DecisionEvent> e,
                                  store::GetEvent(tx, event_id));
            if (!e) return missing;
            ZWGK_ASSIGN_OR_RETURN(std::optional<Decision> d,
                                  store::GetDecision(tx, e->decision_id));
            if (!d) return missing;
            if (!(IsStaff(actor.role) && ActsForUnit(actor, d->unit_id))) {
              if (!e->is_public) return missing;
              ZWGK_ASSIGN_OR_RETURN(bool listed,
                                    store::InPublishedCatalog(tx, d->id));
              if (!listed) return missing;
            }
            if (index < 0 || index >= static_cast<int>(e->documents.size()))
              return missing;
            return e->documents[index];
          }));
  ZWGK_ASSIGN_OR_RETURN(std::string bytes, Blobs(options_).Get(doc.blob_key));
  return std::make_pair(std::move(doc), std::move(bytes));
}

absl::StatusOr<std::vector<MissingFeedback>> Service::DecisionsWithoutFeedback(
    absl::CivilDay as_of, std::optional<int64_t> unit_id) {
  return db_.InTransaction<std::vector<MissingFeedback>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<MissingFeedback>> {
        ZWGK_ASSIGN_OR_RETURN(
            std::vector<Decision> ds,
            store::PublishedWithoutFeedback(tx, as_of, unit_id));
        std::vector<MissingFeedback> out;
        for (const Decision& d : ds)
          out.push_back({.decision_id = d.id,
                         .unit_id = d.unit_id,
                         .title = d.title,
                         .published_on = d.published_on.value_or(as_of)});
        return out;
      });
}

}  // namespace zwgk::decisions
