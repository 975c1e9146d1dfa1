#include "guides/service.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "content/blob_store.h"
#include "content/filetype.h"
#include "content/text.h"
#include "core/audit.h"
#include "core/status.h"
#include "core/text.h"
#include "guides/service_internal.h"
#include "guides/store.h"

namespace zwgk::guides {
namespace internal {
namespace {

// Valid UTF-8 without control characters, blanks off both ends; inner line
// breaks kept (numbered lines of 设定依据 and 受理条件).
std::string Trim(absl::string_view s) {
  return std::string(
      absl::StripAsciiWhitespace(content::text::CleanUtf8(s).text));
}
std::string Clean(absl::string_view s) { return Trim(s); }

}  // namespace

Names LoadNames(org::Service& org) {
  Names n;
  if (auto units = org.ListUnits({.include_retired = true}); units.ok()) {
    for (org::Unit& u : *units) n.units[u.id] = std::move(u);
  }
  if (auto domains = org.ListDomains({.include_retired = true}); domains.ok()) {
    for (org::Domain& d : *domains) n.domains[d.id] = std::move(d);
  }
  return n;
}

void Decorate(const Names& names, Guide& g) {
  if (auto it = names.units.find(g.unit_id); it != names.units.end())
    g.unit_name = it->second.name;
  if (g.domain_id) {
    if (auto it = names.domains.find(*g.domain_id); it != names.domains.end())
      g.domain_name = it->second.name;
  } else {
    g.domain_name.clear();
  }
  if (g.town_id) {
    if (auto it = names.units.find(*g.town_id); it != names.units.end())
      g.town_name = it->second.name;
  }
}

void SortForBook(const Names& names, std::vector<Guide>& guides) {
  auto key = [&](const Guide& g) {
    int dpos = 1 << 30, upos = 1 << 30;
    if (g.domain_id) {
      if (auto it = names.domains.find(*g.domain_id); it != names.domains.end())
        dpos = it->second.position;
    }
    if (auto it = names.units.find(g.unit_id); it != names.units.end())
      upos = it->second.position;
    return std::make_tuple(dpos, g.domain_id.value_or(0), upos, g.unit_id,
                           g.service, g.id);
  };
  std::stable_sort(
      guides.begin(), guides.end(),
      [&](const Guide& a, const Guide& b) { return key(a) < key(b); });
}

absl::Status GuideNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("办事指南 ", id, " 不存在"));
}

bool MaySee(const Actor& actor, const Guide& g) {
  if (IsAdmin(actor)) return true;
  return IsStaff(actor.role) && actor.unit_id && *actor.unit_id == g.unit_id;
}

absl::Status RequireEditor(const Actor& actor, int64_t unit_id) {
  const bool role_ok = IsAdmin(actor) || actor.role == Role::kUnitEditor ||
                       actor.role == Role::kUnitReviewer;
  if (!role_ok || !ActsForUnit(actor, unit_id))
    return absl::PermissionDeniedError(
        "只有本单位的编辑、审核人员可以编辑办事指南");
  return absl::OkStatus();
}

absl::Status RequireReviewer(const Actor& actor, int64_t unit_id) {
  const bool role_ok = IsAdmin(actor) || actor.role == Role::kUnitReviewer;
  if (!role_ok || !ActsForUnit(actor, unit_id))
    return absl::PermissionDeniedError(
        "只有本单位的审核人员或县政务公开办可以审核、发布办事指南");
  return absl::OkStatus();
}

absl::StatusOr<Guide> ResolveInput(org::Service& org,
                                   const ServiceOptions& options,
                                   const GuideInput& in) {
  Validator v;
  Guide g;
  g.service = Trim(in.service);
  if (g.service.empty()) {
    v.Add("service", "请填写事项名称");
  } else if (Utf8Length(g.service) > 200) {
    v.Add("service", "事项名称不能超过200个字");
  }
  if (Trim(in.unit).empty()) {
    v.Add("unit", "请选择主管单位");
  } else if (auto u = org.ResolveUnit(in.unit); u.ok()) {
    g.unit_id = u->id;
    g.unit_name = u->name;
  } else {
    v.Add("unit", absl::StrCat("没有单位“", Trim(in.unit), "”"));
  }
  if (!Trim(in.domain).empty()) {
    if (auto d = org.ResolveDomain(in.domain); d.ok()) {
      g.domain_id = d->id;
      g.domain_name = d->name;
    } else {
      v.Add("domain", absl::StrCat("没有领域“", Trim(in.domain), "”"));
    }
  }
  if (!Trim(in.town).empty()) {
    auto t = org.ResolveUnit(in.town);
    if (!t.ok() || t->kind != org::UnitKind::kTown) {
      v.Add("town", absl::StrCat("没有乡镇“", Trim(in.town), "”"));
    } else {
      g.town_id = t->id;
    }
  }
  for (const auto& [name, text] : in.elements) {
    const ElementInfo* e = FindElement(name);
    if (e == nullptr) {
      v.Add("elements", absl::StrCat("没有名为“", name, "”的要素"));
      continue;
    }
    std::string value = Clean(text);
    if (static_cast<int>(Utf8Length(value)) > options.max_element_chars) {
      v.Add(
          std::string(e->name),
          absl::StrCat(e->name, "不能超过", options.max_element_chars, "个字"));
    }
    if (!value.empty()) g.elements[std::string(e->name)] = std::move(value);
  }
  if (!g.service.empty()) g.elements["事项名称"] = g.service;
  for (const auto& [name, reason] : in.not_applicable) {
    const ElementInfo* e = FindElement(name);
    if (e == nullptr) {
      v.Add("not_applicable", absl::StrCat("没有名为“", name, "”的要素"));
      continue;
    }
    const std::string key(e->name);
    if (g.elements.count(key)) continue;  // filled wins
    std::string why = Clean(reason);
    if (Utf8Length(why) > 500) {
      v.Add(key, absl::StrCat(key, "不涉及的理由不能超过500个字"));
    }
    g.not_applicable[key] = std::move(why);
  }
  if (static_cast<int>(in.materials.size()) > options.max_materials) {
    v.Add("materials",
          absl::StrCat("申请材料不能超过", options.max_materials, "项"));
  }
  for (size_t i = 0;
       i < in.materials.size() && static_cast<int>(i) < options.max_materials;
       ++i) {
    const Material& m = in.materials[i];
    const std::string field = absl::StrCat("materials[", i, "]");
    Material out{.name = Clean(m.name),
                 .form = Clean(m.form),
                 .copies = m.copies,
                 .required = m.required,
                 .source = Clean(m.source)};
    if (out.name.empty()) {
      v.Add(field, absl::StrCat("第", i + 1, "项申请材料缺少材料名称"));
    } else if (Utf8Length(out.name) > 200 || Utf8Length(out.form) > 50 ||
               Utf8Length(out.source) > 100) {
      v.Add(field,
            absl::StrCat("第", i + 1, "项申请材料的名称、形式或来源过长"));
    }
    if (out.copies < 0 || out.copies > 99) {
      v.Add(field, absl::StrCat("第", i + 1, "项申请材料的份数应为0至99"));
    }
    g.materials.push_back(std::move(out));
  }
  if (static_cast<int>(in.steps.size()) > options.max_steps) {
    v.Add("steps", absl::StrCat("办理流程不能超过", options.max_steps, "步"));
  }
  for (size_t i = 0;
       i < in.steps.size() && static_cast<int>(i) < options.max_steps; ++i) {
    const Step& s = in.steps[i];
    const std::string field = absl::StrCat("steps[", i, "]");
    Step out{.name = Clean(s.name),
             .description = Clean(s.description),
             .time_limit = Clean(s.time_limit)};
    if (out.name.empty()) {
      v.Add(field, absl::StrCat("第", i + 1, "步缺少步骤名称"));
    } else if (Utf8Length(out.name) > 100 || Utf8Length(out.time_limit) > 50 ||
               static_cast<int>(Utf8Length(out.description)) >
                   options.max_element_chars) {
      v.Add(field, absl::StrCat("第", i + 1, "步的名称、说明或时限过长"));
    }
    g.steps.push_back(std::move(out));
  }
  std::set<std::string> seen;
  for (const std::string& raw : in.life_events) {
    std::string ev = Trim(raw);
    if (ev.empty() || !seen.insert(ev).second) continue;
    const auto& all = LifeEvents();
    if (std::find(all.begin(), all.end(), absl::string_view(ev)) == all.end()) {
      v.Add("life_events", absl::StrCat("没有生活事件“", ev, "”"));
      continue;
    }
    g.life_events.push_back(std::move(ev));
  }
  ZWGK_RETURN_IF_ERROR(v.ToStatus("办事指南填写有误"));
  return g;
}

namespace {

nlohmann::json AuditState(const Guide& g) {
  return {{"name", g.service},
          {"unit_id", g.unit_id},
          {"status", GuideStateLabel(g.state)},
          {"version", g.version}};
}

}  // namespace

absl::StatusOr<Guide> SaveDraft(db::Tx& tx, const Clock& clock,
                                const Actor& actor,
                                const std::optional<Guide>& before,
                                const Guide& fields) {
  const std::string now = FormatTimestamp(clock.Now());
  Guide g = before.value_or(Guide{});
  g.service = fields.service;
  g.unit_id = fields.unit_id;
  g.unit_name = fields.unit_name;
  g.domain_id = fields.domain_id;
  g.domain_name = fields.domain_name;
  g.town_id = fields.town_id;
  g.elements = fields.elements;
  g.not_applicable = fields.not_applicable;
  g.life_events = fields.life_events;
  g.steps = fields.steps;
  // Forms stay with the material of the same name (the input never names
  // blobs: a key from outside could point at anyone's file).
  std::vector<Material> materials = fields.materials;
  for (Material& m : materials) {
    m.blank_blob = m.sample_blob = m.blank_name = m.sample_name = "";
    if (!before) continue;
    for (const Material& old : before->materials) {
      if (old.name != m.name) continue;
      m.blank_blob = old.blank_blob;
      m.blank_name = old.blank_name;
      m.sample_blob = old.sample_blob;
      m.sample_name = old.sample_name;
      break;
    }
  }
  g.materials = std::move(materials);
  g.state = GuideState::kDraft;
  g.updated_at = now;
  if (!before) {
    g.created_at = now;
    absl::StatusOr<int64_t> id = store::Insert(tx, g, now);
    if (absl::IsAlreadyExists(id.status()))
      return InvalidFields(
          "事项名称重复",
          {{"service", absl::StrCat("本单位已有办事指南“", g.service, "”")}});
    ZWGK_RETURN_IF_ERROR(id.status());
    g.id = *id;
  } else {
    absl::Status s = store::Update(tx, g, now);
    if (absl::IsAlreadyExists(s))
      return InvalidFields(
          "事项名称重复",
          {{"service", absl::StrCat("本单位已有办事指南“", g.service, "”")}});
    ZWGK_RETURN_IF_ERROR(s);
  }
  ZWGK_RETURN_IF_ERROR(audit::Record(
      tx, clock, actor,
      {.action = before ? "guide.update" : "guide.create",
       .entity = "guide",
       .entity_id = absl::StrCat(g.id),
       .before = before ? AuditState(*before) : nlohmann::json(nullptr),
       .after = AuditState(g)}));
  return g;
}

absl::Status CheckQuery(absl::string_view q) {
  if (Utf8Length(absl::StripAsciiWhitespace(q)) > 50)
    return InvalidFields("搜索词过长", {{"q", "搜索词不能超过50个字"}});
  return absl::OkStatus();
}

bool Matches(const Guide& g, const Filter& f) {
  if (f.unit_id && g.unit_id != *f.unit_id) return false;
  if (f.domain_id && g.domain_id != f.domain_id) return false;
  if (f.town_id && g.town_id != f.town_id && g.unit_id != *f.town_id)
    return false;
  if (!f.life_event.empty() &&
      std::find(g.life_events.begin(), g.life_events.end(), f.life_event) ==
          g.life_events.end())
    return false;
  // The ideographic space replaced whole (ByAnyChar splits bytes).
  const std::string q = absl::StrReplaceAll(f.q, {{"\u3000", " "}});
  for (absl::string_view word :
       absl::StrSplit(q, absl::ByAnyChar(" \t"), absl::SkipEmpty())) {
    bool found = absl::StrContains(g.service, word);
    for (const auto& [name, text] : g.elements) {
      if (found) break;
      found = absl::StrContains(text, word);
    }
    if (!found) return false;
  }
  return true;
}

}  // namespace internal

using internal::GuideNotFound;
using internal::MaySee;

namespace {

absl::StatusOr<Guide> Visible(db::Tx& tx, const Actor& actor, int64_t id) {
  absl::StatusOr<Guide> g = store::Get(tx, id);
  if (absl::IsNotFound(g.status())) return GuideNotFound(id);
  ZWGK_RETURN_IF_ERROR(g.status());
  if (!MaySee(actor, *g)) return GuideNotFound(id);
  return g;
}

// What the public reads of a published snapshot: no staff names.
void ForPublic(Guide& g) {
  g.submitted_by.clear();
  g.submitted_by_id = 0;
  g.reviewed_by.clear();
  g.published_by.clear();
  g.review_remarks.clear();
}

bool SamePerson(const Actor& actor, const Guide& g) {
  if (actor.user_id != 0 || g.submitted_by_id != 0)
    return actor.user_id == g.submitted_by_id;
  return actor.name == g.submitted_by;
}

nlohmann::json AuditOf(const Guide& g) {
  return {{"name", g.service},
          {"status", GuideStateLabel(g.state)},
          {"version", g.version}};
}

absl::Status Audit(db::Tx& tx, const Clock& clock, const Actor& actor,
                   const char* action, const Guide& before, const Guide& after,
                   nlohmann::json extra = nlohmann::json::object()) {
  nlohmann::json a = AuditOf(after);
  a.update(extra);
  return audit::Record(tx, clock, actor,
                       {.action = action,
                        .entity = "guide",
                        .entity_id = absl::StrCat(after.id),
                        .before = AuditOf(before),
                        .after = a});
}

// InvalidFields naming every missing element; OK when none.
absl::Status RefuseIncomplete(const Guide& g, absl::string_view what) {
  std::vector<Missing> missing = MissingElements(g);
  if (missing.empty()) return absl::OkStatus();
  FieldErrors fields;
  std::vector<std::string> messages;
  for (const Missing& m : missing) {
    fields.emplace(m.element, m.message);
    messages.push_back(m.message);
  }
  return InvalidFields(absl::StrCat("办事指南要素不全，不能", what, "：",
                                    absl::StrJoin(messages, "；")),
                       fields);
}

// Which forms an upload may be: the types DetectFileType knows but GIF, and
// the old binary Word and Excel files by their OLE signature and name.
absl::StatusOr<std::pair<std::string, std::string>> CheckForm(
    const FormFile& file, int64_t max_bytes) {
  constexpr absl::string_view kOle = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
  const std::string allowed = "PDF、DOC、DOCX、XLS、XLSX、JPG、PNG";
  // Shown and stored: valid UTF-8, no path, no control characters.
  std::string name =
      content::text::CleanUtf8(
          std::filesystem::path(file.file_name).filename().string())
          .text;
  if (name.empty() || Utf8Length(name) > 120) name = "表格";
  if (file.bytes.empty())
    return InvalidFields("文件有误",
                         {{"file", absl::StrCat("文件“", name, "”是空文件")}});
  if (static_cast<int64_t>(file.bytes.size()) > max_bytes)
    return InvalidFields("文件过大",
                         {{"file", absl::StrCat("文件“", name, "”超过 ",
                                                max_bytes >> 20, " MB")}});
  if (absl::StartsWith(file.bytes, kOle)) {
    const std::string lower = absl::AsciiStrToLower(name);
    if (absl::EndsWith(lower, ".doc"))
      return std::make_pair(name, std::string("application/msword"));
    if (absl::EndsWith(lower, ".xls"))
      return std::make_pair(name, std::string("application/vnd.ms-excel"));
    // Both formats start alike; the name decides, so it must say which.
    return InvalidFields(
        "文件类型有误",
        {{"file",
          absl::StrCat("文件“", name, "”不是允许的类型（", allowed, "）")}});
  }
  content::FileTypeInfo t = content::DetectFileType(file.bytes);
  if (t.type == content::FileType::kUnknown ||
      t.type == content::FileType::kGif)
    return InvalidFields(
        "文件类型有误",
        {{"file",
          absl::StrCat("文件“", name, "”不是允许的类型（", allowed, "）")}});
  absl::StatusOr<content::CheckedUpload> checked =
      content::CheckUpload(name, file.bytes, max_bytes);
  ZWGK_RETURN_IF_ERROR(checked.status());
  return std::make_pair(checked->display_name, t.mime);
}

std::string ContentTypeFor(absl::string_view bytes, absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (absl::StartsWith(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
    return absl::EndsWith(lower, ".xls") ? "application/vnd.ms-excel"
                                         : "application/msword";
  return content::DetectFileType(bytes).mime;
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, org::Service& org,
                 catalog::Service& catalog, ServiceOptions options)
    : db_(db),
      clock_(clock),
      org_(org),
      catalog_(catalog),
      options_(std::move(options)),
      book_cache_(std::make_shared<BookCache>()) {}

absl::StatusOr<Guide> Service::Create(const Actor& actor,
                                      const GuideInput& in) {
  if (!IsStaff(actor.role))
    return absl::PermissionDeniedError("需要工作人员账号");
  ZWGK_ASSIGN_OR_RETURN(Guide fields,
                        internal::ResolveInput(org_, options_, in));
  ZWGK_RETURN_IF_ERROR(internal::RequireEditor(actor, fields.unit_id));
  return db_.InTransaction<Guide>([&](db::Tx& tx) {
    return internal::SaveDraft(tx, clock_, actor, std::nullopt, fields);
  });
}

absl::StatusOr<Guide> Service::Update(const Actor& actor, int64_t id,
                                      const GuideInput& in) {
  if (!IsStaff(actor.role)) return GuideNotFound(id);
  ZWGK_ASSIGN_OR_RETURN(Guide fields,
                        internal::ResolveInput(org_, options_, in));
  return db_.InTransaction<Guide>([&](db::Tx& tx) -> absl::StatusOr<Guide> {
    ZWGK_ASSIGN_OR_RETURN(Guide before, Visible(tx, actor, id));
    ZWGK_RETURN_IF_ERROR(internal::RequireEditor(actor, before.unit_id));
    ZWGK_RETURN_IF_ERROR(internal::RequireEditor(actor, fields.unit_id));
    return internal::SaveDraft(tx, clock_, actor, before, fields);
  });
}

absl::StatusOr<Guide> Service::Submit(const Actor& actor, int64_t id) {
  const internal::Names names = internal::LoadNames(org_);
  return db_.InTransaction<Guide>([&](db::Tx& tx) -> absl::StatusOr<Guide> {
    ZWGK_ASSIGN_OR_RETURN(Guide g, Visible(tx, actor, id));
    ZWGK_RETURN_IF_ERROR(internal::RequireEditor(actor, g.unit_id));
    if (g.state != GuideState::kDraft && g.state != GuideState::kWithdrawn)
      return absl::FailedPreconditionError(
          absl::StrCat("办事指南“", g.service, "”", GuideStateLabel(g.state),
                       "，没有待提交的修改"));
    ZWGK_RETURN_IF_ERROR(RefuseIncomplete(g, "提交审核"));
    const Guide before = g;
    g.state = GuideState::kSubmitted;
    g.submitted_by = actor.name;
    g.submitted_by_id = actor.user_id;
    g.reviewed_by.clear();
    ZWGK_RETURN_IF_ERROR(store::Update(tx, g, FormatTimestamp(clock_.Now())));
    ZWGK_RETURN_IF_ERROR(Audit(tx, clock_, actor, "guide.submit", before, g));
    internal::Decorate(names, g);
    return g;
  });
}

absl::StatusOr<Guide> Service::Review(const Actor& actor, int64_t id,
                                      const ReviewInput& in) {
  const internal::Names names = internal::LoadNames(org_);
  const std::string remarks(absl::StripAsciiWhitespace(in.remarks));
  if (!in.approve && remarks.empty())
    return InvalidFields("请填写退回理由", {{"remarks", "退回时请写明理由"}});
  if (Utf8Length(remarks) > 1000)
    return InvalidFields("审核意见过长", {{"remarks", "不能超过1000个字"}});
  return db_.InTransaction<Guide>([&](db::Tx& tx) -> absl::StatusOr<Guide> {
    ZWGK_ASSIGN_OR_RETURN(Guide g, Visible(tx, actor, id));
    ZWGK_RETURN_IF_ERROR(internal::RequireReviewer(actor, g.unit_id));
    if (g.state != GuideState::kSubmitted)
      return absl::FailedPreconditionError(
          absl::StrCat("办事指南“", g.service, "”", GuideStateLabel(g.state),
                       "，不在待审核状态"));
    if (SamePerson(actor, g))
      return absl::FailedPreconditionError(
          "提交审核的人不能审核自己提交的办事指南，请由本单位其他审核人员审核");
    const Guide before = g;
    g.review_remarks = remarks;
    if (in.approve) {
      g.state = GuideState::kReviewed;
      g.reviewed_by = actor.name;
    } else {
      g.state = GuideState::kDraft;
    }
    ZWGK_RETURN_IF_ERROR(store::Update(tx, g, FormatTimestamp(clock_.Now())));
    ZWGK_RETURN_IF_ERROR(Audit(tx, clock_, actor, "guide.review", before, g,
                               {{"review_remarks", remarks}}));
    internal::Decorate(names, g);
    return g;
  });
}

absl::StatusOr<Guide> Service::Publish(const Actor& actor, int64_t id) {
  const internal::Names names = internal::LoadNames(org_);
  return db_.InTransaction<Guide>([&](db::Tx& tx) -> absl::StatusOr<Guide> {
    ZWGK_ASSIGN_OR_RETURN(Guide g, Visible(tx, actor, id));
    ZWGK_RETURN_IF_ERROR(internal::RequireReviewer(actor, g.unit_id));
    if (g.state != GuideState::kReviewed)
      return absl::FailedPreconditionError(
          absl::StrCat("办事指南“", g.service, "”", GuideStateLabel(g.state),
                       "，审核通过后才能发布"));
    if (SamePerson(actor, g))
      return absl::FailedPreconditionError(
          "提交审核的人不能发布自己提交的办事指南，请由本单位其他审核人员发布");
    ZWGK_RETURN_IF_ERROR(RefuseIncomplete(g, "发布"));
    const Guide before = g;
    const std::string now = FormatTimestamp(clock_.Now());
    g.state = GuideState::kPublished;
    g.version += 1;
    g.published_at = now;
    g.published_by = actor.name;
    g.withdraw_reason.clear();
    g.has_public = true;
    internal::Decorate(names, g);
    ZWGK_RETURN_IF_ERROR(store::Update(tx, g, now));
    const std::string snapshot = store::ToJson(g);
    ZWGK_RETURN_IF_ERROR(store::SetPublic(tx, g.id, snapshot));
    ZWGK_RETURN_IF_ERROR(
        store::InsertVersion(tx, g.id, g.version, snapshot, actor.name, now));
    ZWGK_RETURN_IF_ERROR(Audit(tx, clock_, actor, "guide.publish", before, g));
    return g;
  });
}

absl::Status Service::Withdraw(const Actor& actor, int64_t id,
                               absl::string_view reason) {
  const std::string why(absl::StripAsciiWhitespace(reason));
  if (why.empty())
    return InvalidFields("请填写撤回理由", {{"reason", "撤回时请写明理由"}});
  if (Utf8Length(why) > 500)
    return InvalidFields("撤回理由过长", {{"reason", "不能超过500个字"}});
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(Guide g, Visible(tx, actor, id));
    ZWGK_RETURN_IF_ERROR(internal::RequireReviewer(actor, g.unit_id));
    if (!g.has_public)
      return absl::FailedPreconditionError(
          absl::StrCat("办事指南“", g.service, "”尚未发布，无需撤回"));
    const Guide before = g;
    g.state = GuideState::kWithdrawn;
    g.withdraw_reason = why;
    g.has_public = false;
    ZWGK_RETURN_IF_ERROR(store::Update(tx, g, FormatTimestamp(clock_.Now())));
    ZWGK_RETURN_IF_ERROR(store::SetPublic(tx, g.id, std::nullopt));
    return Audit(tx, clock_, actor, "guide.withdraw", before, g,
                 {{"reason", why}});
  });
}

absl::StatusOr<Guide> Service::Get(const Actor& actor, int64_t id) {
  const internal::Names names = internal::LoadNames(org_);
  ZWGK_ASSIGN_OR_RETURN(Guide g, db_.InTransaction<Guide>([&](db::Tx& tx) {
    return Visible(tx, actor, id);
  }));
  internal::Decorate(names, g);
  return g;
}

absl::StatusOr<std::vector<Guide>> Service::List(const Actor& actor,
                                                 const Filter& f) {
  if (!IsStaff(actor.role))
    return absl::PermissionDeniedError("需要工作人员账号");
  ZWGK_RETURN_IF_ERROR(internal::CheckQuery(f.q));
  Filter filter = f;
  if (!IsAdmin(actor)) {
    if (!actor.unit_id) return std::vector<Guide>{};
    if (filter.unit_id && *filter.unit_id != *actor.unit_id)
      return std::vector<Guide>{};
    filter.unit_id = actor.unit_id;
  }
  const internal::Names names = internal::LoadNames(org_);
  ZWGK_ASSIGN_OR_RETURN(std::vector<Guide> rows,
                        db_.InTransaction<std::vector<Guide>>([&](db::Tx& tx) {
                          return store::List(tx, {.unit_id = filter.unit_id,
                                                  .domain_id = filter.domain_id,
                                                  .state = filter.state});
                        }));
  std::vector<Guide> out;
  int skipped = 0;
  const int limit = std::clamp(filter.limit, 1, 5000);
  for (Guide& g : rows) {
    if (!internal::Matches(g, filter)) continue;
    if (skipped++ < filter.offset) continue;
    internal::Decorate(names, g);
    out.push_back(std::move(g));
    if (static_cast<int>(out.size()) >= limit) break;
  }
  return out;
}

absl::StatusOr<std::vector<Guide>> Service::Versions(const Actor& actor,
                                                     int64_t id) {
  const internal::Names names = internal::LoadNames(org_);
  ZWGK_ASSIGN_OR_RETURN(
      std::vector<Guide> versions,
      db_.InTransaction<std::vector<Guide>>(
          [&](db::Tx& tx) -> absl::StatusOr<std::vector<Guide>> {
            ZWGK_RETURN_IF_ERROR(Visible(tx, actor, id).status());
            return store::ListVersions(tx, id);
          }));
  for (Guide& g : versions) internal::Decorate(names, g);
  return versions;
}

absl::StatusOr<Guide> Service::AttachForm(const Actor& actor, int64_t id,
                                          int index, absl::string_view kind,
                                          const FormFile& file) {
  if (kind != "blank" && kind != "sample")
    return InvalidFields("表格类型有误",
                         {{"kind", "只能上传空白表格或示例样表"}});
  ZWGK_ASSIGN_OR_RETURN(auto checked, CheckForm(file, options_.max_form_bytes));
  const internal::Names names = internal::LoadNames(org_);
  content::BlobStore blobs(
      (std::filesystem::path(options_.data_dir) / "blobs").string());
  // Checked before the blob is written: a stranger's upload leaves no file.
  ZWGK_RETURN_IF_ERROR(db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(Guide g, Visible(tx, actor, id));
    ZWGK_RETURN_IF_ERROR(internal::RequireEditor(actor, g.unit_id));
    if (index < 0 || index >= static_cast<int>(g.materials.size()))
      return absl::NotFoundError(absl::StrCat("办事指南“", g.service, "”没有第",
                                              index + 1, "项申请材料"));
    return absl::OkStatus();
  }));
  ZWGK_ASSIGN_OR_RETURN(std::string sha, blobs.Put(file.bytes));
  return db_.InTransaction<Guide>([&](db::Tx& tx) -> absl::StatusOr<Guide> {
    ZWGK_ASSIGN_OR_RETURN(Guide g, Visible(tx, actor, id));
    ZWGK_RETURN_IF_ERROR(internal::RequireEditor(actor, g.unit_id));
    if (index < 0 || index >= static_cast<int>(g.materials.size()))
      return absl::NotFoundError(absl::StrCat("办事指南“", g.service, "”没有第",
                                              index + 1, "项申请材料"));
    const Guide before = g;
    Material& m = g.materials[index];
    if (kind == "blank") {
      m.blank_blob = sha;
      m.blank_name = checked.first;
    } else {
      m.sample_blob = sha;
      m.sample_name = checked.first;
    }
    g.state = GuideState::kDraft;
    ZWGK_RETURN_IF_ERROR(store::Update(tx, g, FormatTimestamp(clock_.Now())));
    ZWGK_RETURN_IF_ERROR(Audit(tx, clock_, actor, "guide.attach", before, g,
                               {{"source", m.name}}));
    internal::Decorate(names, g);
    return g;
  });
}

absl::StatusOr<Guide> Service::GetPublic(int64_t id) {
  const internal::Names names = internal::LoadNames(org_);
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<Guide> g,
      db_.InTransaction<std::optional<Guide>>(
          [&](db::Tx& tx) { return store::GetPublic(tx, id); }));
  if (!g) return GuideNotFound(id);
  internal::Decorate(names, *g);
  ForPublic(*g);
  return *g;
}

absl::StatusOr<std::vector<Guide>> Service::ListPublic(const Filter& f) {
  ZWGK_RETURN_IF_ERROR(internal::CheckQuery(f.q));
  const internal::Names names = internal::LoadNames(org_);
  ZWGK_ASSIGN_OR_RETURN(std::vector<Guide> all,
                        db_.InTransaction<std::vector<Guide>>(
                            [&](db::Tx& tx) { return store::ListPublic(tx); }));
  Filter filter = f;
  filter.state.reset();
  std::vector<Guide> matched;
  for (Guide& g : all) {
    if (internal::Matches(g, filter)) {
      internal::Decorate(names, g);
      ForPublic(g);
      matched.push_back(std::move(g));
    }
  }
  internal::SortForBook(names, matched);
  const size_t offset = static_cast<size_t>(std::max(0, f.offset));
  const size_t limit = static_cast<size_t>(std::clamp(f.limit, 1, 1000));
  if (offset >= matched.size()) return std::vector<Guide>{};
  std::vector<Guide> out(
      std::make_move_iterator(matched.begin() + offset),
      std::make_move_iterator(matched.begin() +
                              std::min(matched.size(), offset + limit)));
  return out;
}

absl::StatusOr<FormFile> Service::FormBytes(const Actor& actor, int64_t id,
                                            int index, absl::string_view kind) {
  if (kind != "blank" && kind != "sample") return GuideNotFound(id);
  ZWGK_ASSIGN_OR_RETURN(
      std::optional<Guide> g,
      db_.InTransaction<std::optional<Guide>>(
          [&](db::Tx& tx) -> absl::StatusOr<std::optional<Guide>> {
            if (IsStaff(actor.role)) {
              absl::StatusOr<Guide> own = Visible(tx, actor, id);
              if (own.ok()) return std::optional<Guide>(std::move(*own));
            }
            return store::GetPublic(tx, id);
          }));
  if (!g || index < 0 || index >= static_cast<int>(g->materials.size()))
    return GuideNotFound(id);
  const Material& m = g->materials[index];
  const std::string& sha = kind == "blank" ? m.blank_blob : m.sample_blob;
  const std::string& name = kind == "blank" ? m.blank_name : m.sample_name;
  if (sha.empty())
    return absl::NotFoundError(absl::StrCat(
        "材料“", m.name, "”没有", kind == "blank" ? "空白表格" : "示例样表"));
  content::BlobStore blobs(
      (std::filesystem::path(options_.data_dir) / "blobs").string());
  ZWGK_ASSIGN_OR_RETURN(std::string bytes, blobs.Get(sha));
  FormFile out{.file_name = name, .content_type = ContentTypeFor(bytes, name)};
  out.bytes = std::move(bytes);
  return out;
}

absl::StatusOr<store::PublicFacts> Service::PublicFactsOn(
    absl::CivilDay as_of) {
  const std::string until = FormatTimestamp(StartOfDay(as_of + 1));
  return db_.InTransaction<store::PublicFacts>(
      [&](db::Tx& tx) { return store::PublicFactsBefore(tx, until); });
}

absl::StatusOr<std::vector<IncompleteGuide>> Service::Incomplete(
    std::optional<int64_t> unit_id) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<Guide> rows,
                        db_.InTransaction<std::vector<Guide>>([&](db::Tx& tx) {
                          return store::List(tx, {.unit_id = unit_id});
                        }));
  std::vector<IncompleteGuide> out;
  for (const Guide& g : rows) {
    // A withdrawn guide is not offered to anyone; a published one is checked
    // again because the element list may have grown since it was published.
    if (g.state == GuideState::kWithdrawn) continue;
    std::vector<Missing> missing = MissingElements(g);
    if (missing.empty()) continue;
    out.push_back({.id = g.id,
                   .unit_id = g.unit_id,
                   .service = g.service,
                   .missing = std::move(missing),
                   .published = g.version > 0});
  }
  return out;
}

}  // namespace zwgk::guides
