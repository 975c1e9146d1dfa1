#include "institutions/service.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/xlsx_reader.h"
#include "catalog/xlsx_table.h"
#include "content/body.h"
#include "content/text.h"
#include "core/audit.h"
#include "core/csv.h"
#include "core/status.h"
#include "core/text.h"
#include "institutions/store.h"
#include "nlohmann/json.hpp"

namespace zwgk::institutions {
namespace {

constexpr absl::string_view kNoInstitution = "没有这个公共企事业单位";

std::string Cell(const std::vector<std::string>& row, size_t i) {
  return i < row.size() ? std::string(absl::StripAsciiWhitespace(
                              UnguardCsvFormula(row[i])))
                        : "";
}

bool IsDepartment(const org::Unit& u) {
  return u.kind == org::UnitKind::kDepartment ||
         u.kind == org::UnitKind::kGuiding;
}

// A row of an import, checked.
struct ImportRow {
  int line = 0;
  int64_t department_id = 0;
  std::string name, sector, contact;
  std::optional<int64_t> town_id;
};

nlohmann::json RulesJson(const std::vector<SectionRule>& rules) {
  nlohmann::json out = nlohmann::json::object();
  for (const SectionRule& r : rules)
    out[std::string(SectionName(r.section))] = {{"required", r.required},
                                                {"period_days", r.period_days}};
  return out;
}

}  // namespace

absl::StatusOr<std::vector<std::vector<std::string>>> Service::ReadTable(
    absl::string_view filename, absl::string_view bytes) const {
  return catalog::xlsx::ReadUploadedTable(
      filename, bytes, {.max_rows = options_.max_rows, .max_cols = 10}, "名单");
}

absl::StatusOr<ImportResult> Service::Import(const Actor& actor,
                                             absl::string_view filename,
                                             absl::string_view bytes) {
  if (!IsAdmin(actor) && !(IsStaff(actor.role) && actor.unit_id))
    return absl::PermissionDeniedError(
        "只有县政务公开办或主管部门可以导入公共企事业单位");
  if (bytes.empty())
    return InvalidFields("请选择文件",
                         {{"file", "请选择名单文件（CSV 或 XLSX）"}});
  if (bytes.size() > options_.max_file_bytes)
    return InvalidFields(
        "文件过大",
        {{"file", absl::StrCat("名单文件不能超过 ",
                               options_.max_file_bytes >> 20, " MB")}});
  ZWGK_ASSIGN_OR_RETURN(std::vector<std::vector<std::string>> rows,
                        ReadTable(filename, bytes));
  const std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<ImportResult>([&](db::Tx& tx)
                                             -> absl::StatusOr<ImportResult> {
    ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> units,
                          org_.ListUnits(tx, {.include_retired = true,
                                              .include_villages = true,
                                              .include_institutions = true}));
    std::map<std::string, const org::Unit*> by_name;
    for (const org::Unit& u : units) by_name[u.name] = &u;
    std::vector<std::string> errors;
    std::vector<ImportRow> good;
    std::map<std::string, int> seen;
    for (size_t i = 0; i < rows.size(); ++i) {
      const std::vector<std::string>& row = rows[i];
      const int line = static_cast<int>(i) + 1;
      bool blank = true;
      for (const std::string& c : row)
        if (!absl::StripAsciiWhitespace(c).empty()) blank = false;
      if (blank) continue;
      if (i == 0 && Cell(row, 0) == "主管部门") continue;  // the header
      auto bad = [&](absl::string_view why) {
        errors.push_back(absl::StrCat("第", line, "行：", why));
      };
      ImportRow r{.line = line, .name = Cell(row, 1), .contact = Cell(row, 4)};
      const std::string dept = Cell(row, 0), sector = Cell(row, 2),
                        town = Cell(row, 3);
      if (dept.empty()) {
        bad("主管部门不能为空");
        continue;
      }
      auto d = by_name.find(dept);
      if (d == by_name.end() || d->second->retired) {
        bad(absl::StrCat("没有名为“", dept, "”的部门"));
        continue;
      }
      if (!IsDepartment(*d->second)) {
        bad(absl::StrCat("“", dept, "”不是县直部门（是",
                         org::UnitKindLabel(d->second->kind), "）"));
        continue;
      }
      if (!IsAdmin(actor) && d->second->id != *actor.unit_id) {
        bad(absl::StrCat("只能导入本部门主管的单位，“", dept, "”不是本部门"));
        continue;
      }
      r.department_id = d->second->id;
      if (r.name.empty()) {
        bad("名称不能为空");
        continue;
      }
      if (Utf8Length(r.name) > 60) {
        bad("名称过长（最多 60 个字）");
        continue;
      }
      std::optional<std::string> s = ParseSector(sector);
      if (!s) {
        bad(absl::StrCat("行业“", sector, "”无效，应为 ",
                         absl::StrJoin(kSectors, "、"), " 之一"));
        continue;
      }
      r.sector = *s;
      if (!town.empty()) {
        auto t = by_name.find(town);
        if (t == by_name.end() || t->second->retired ||
            t->second->kind != org::UnitKind::kTown) {
          bad(absl::StrCat("没有名为“", town, "”的乡镇"));
          continue;
        }
        r.town_id = t->second->id;
      }
      if (Utf8Length(r.contact) > 200) {
        bad("联系方式过长（最多 200 个字）");
        continue;
      }
      if (auto dup = seen.find(r.name); dup != seen.end()) {
        bad(absl::StrCat("“", r.name, "”与第", dup->second, "行重复"));
        continue;
      }
      seen[r.name] = line;
      auto same = by_name.find(r.name);
      if (same != by_name.end()) {
        const org::Unit& u = *same->second;
        if (u.kind != org::UnitKind::kInstitution) {
          bad(absl::StrCat("名称“", r.name, "”已被", org::UnitKindLabel(u.kind),
                           "使用"));
          continue;
        }
        // A department's staff may not take another department's
        // institution.
        if (!IsAdmin(actor) && u.parent_id != *actor.unit_id) {
          bad(absl::StrCat("“", r.name, "”由其他部门主管"));
          continue;
        }
      }
      good.push_back(std::move(r));
    }
    if (good.empty() && errors.empty())
      errors.push_back(
          "文件中没有单位（应有 主管部门、名称、行业、乡镇、"
          "联系方式 五列）");
    if (!errors.empty())
      return absl::InvalidArgumentError(absl::StrCat(
          "公共企事业单位名单有误，未导入：", absl::StrJoin(errors, "；")));
    ImportResult result;
    for (const ImportRow& r : good) {
      const bool existed = by_name.count(r.name) > 0;
      ZWGK_ASSIGN_OR_RETURN(
          org::Unit u,
          org_.PutInstitution(tx, r.name, r.department_id, r.contact, now));
      ZWGK_RETURN_IF_ERROR(store::PutProfile(
          tx, {.unit_id = u.id, .sector = r.sector, .town_id = r.town_id},
          now));
      ++(existed ? result.updated : result.created);
    }
    ZWGK_RETURN_IF_ERROR(
        audit::Record(tx, clock_, actor,
                      {"institution.import", "unit", "institutions", nullptr,
                       nlohmann::json{{"created", result.created},
                                      {"updated", result.updated}}}));
    return result;
  });
}

absl::StatusOr<std::vector<InstitutionStatus>> Service::All(
    db::Tx& tx, absl::Time now) const {
  ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> institutions,
                        org_.ListInstitutions(tx));
  ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> units,
                        org_.ListUnits(tx, {.include_retired = true}));
  std::map<int64_t, const org::Unit*> unit_by_id;
  for (const org::Unit& u : units) unit_by_id[u.id] = &u;
  ZWGK_ASSIGN_OR_RETURN(std::vector<store::Profile> profiles,
                        store::ListProfiles(tx));
  std::map<int64_t, store::Profile> profile_by_id;
  for (store::Profile& p : profiles) profile_by_id[p.unit_id] = std::move(p);
  ZWGK_ASSIGN_OR_RETURN(std::vector<Template> templates,
                        store::ListTemplates(tx));
  std::map<std::pair<int64_t, std::string>, const Template*> tmpl;
  for (const Template& t : templates) tmpl[{t.department_id, t.sector}] = &t;
  std::vector<int64_t> ids;
  for (const org::Unit& u : institutions) ids.push_back(u.id);
  std::vector<SectionContent> contents;
  if (!ids.empty()) {
    ZWGK_ASSIGN_OR_RETURN(contents, store::ListSections(tx, ids));
  }
  std::map<std::pair<int64_t, Section>, const SectionContent*> content_of;
  for (const SectionContent& c : contents)
    content_of[{c.institution_id, c.section}] = &c;
  const std::vector<SectionRule> defaults = DefaultRules();

  std::vector<InstitutionStatus> out;
  for (const org::Unit& u : institutions) {
    InstitutionStatus s;
    Institution& inst = s.institution;
    inst.id = u.id;
    inst.name = u.name;
    inst.department_id = u.parent_id.value_or(0);
    inst.contact = u.contact;
    if (auto d = unit_by_id.find(inst.department_id); d != unit_by_id.end())
      inst.department_name = d->second->name;
    if (auto p = profile_by_id.find(u.id); p != profile_by_id.end()) {
      inst.sector = p->second.sector;
      inst.town_id = p->second.town_id;
      if (inst.town_id)
        if (auto t = unit_by_id.find(*inst.town_id); t != unit_by_id.end())
          inst.town_name = t->second->name;
    }
    auto t = tmpl.find({inst.department_id, inst.sector});
    const std::vector<SectionRule>& rules =
        t == tmpl.end() ? defaults : t->second->rules;
    for (const SectionRule& rule : rules) {
      SectionStatus ss{.rule = rule};
      auto c = content_of.find({u.id, rule.section});
      const SectionContent* content =
          c == content_of.end() ? nullptr : c->second;
      if (content != nullptr) {
        ss.content = *content;
        ss.days_since = DaysSince(*content, now);
        if (content->published && !content->body_html.empty())
          s.has_published = true;
      }
      ss.state = JudgeSection(rule, content, now);
      if (ss.state == SectionState::kMissing) ++s.missing;
      if (ss.state == SectionState::kStale) ++s.stale;
      s.sections.push_back(std::move(ss));
    }
    out.push_back(std::move(s));
  }
  return out;
}

absl::StatusOr<std::vector<InstitutionStatus>> Service::Directory(
    const DirectoryFilter& filter) {
  const absl::Time now = clock_.Now();
  ZWGK_ASSIGN_OR_RETURN(std::vector<InstitutionStatus> all,
                        db_.InTransaction<std::vector<InstitutionStatus>>(
                            [&](db::Tx& tx) { return All(tx, now); }));
  std::vector<InstitutionStatus> out;
  for (InstitutionStatus& s : all) {
    if (!s.has_published) continue;
    if (!filter.sector.empty() && s.institution.sector != filter.sector)
      continue;
    if (filter.town_id && s.institution.town_id != filter.town_id) continue;
    // The public sees published sections only, never the drafts.
    for (SectionStatus& ss : s.sections)
      if (ss.content && !ss.content->published) ss.content.reset();
    out.push_back(std::move(s));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const InstitutionStatus& a, const InstitutionStatus& b) {
                     auto rank = [](const std::string& sector) {
                       for (size_t i = 0; i < std::size(kSectors); ++i)
                         if (kSectors[i] == sector) return i;
                       return std::size(kSectors);
                     };
                     const size_t ra = rank(a.institution.sector),
                                  rb = rank(b.institution.sector);
                     if (ra != rb) return ra < rb;
                     return a.institution.name < b.institution.name;
                   });
  return out;
}

absl::StatusOr<InstitutionStatus> Service::Public(int64_t id) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<InstitutionStatus> all,
                        Directory(DirectoryFilter{}));
  for (InstitutionStatus& s : all)
    if (s.institution.id == id) return std::move(s);
  return absl::NotFoundError(kNoInstitution);
}

absl::StatusOr<std::vector<InstitutionStatus>> Service::InScope(
    const Actor& actor) {
  if (!IsStaff(actor.role)) return std::vector<InstitutionStatus>();
  const absl::Time now = clock_.Now();
  return db_.InTransaction<std::vector<InstitutionStatus>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<InstitutionStatus>> {
        ZWGK_ASSIGN_OR_RETURN(std::vector<InstitutionStatus> all, All(tx, now));
        std::vector<InstitutionStatus> out;
        for (InstitutionStatus& s : all) {
          org::Unit u{.id = s.institution.id,
                      .kind = org::UnitKind::kInstitution,
                      .parent_id = s.institution.department_id};
          if (org::ActsFor(actor, u)) out.push_back(std::move(s));
        }
        return out;
      });
}

absl::StatusOr<InstitutionStatus> Service::ForEdit(const Actor& actor,
                                                   int64_t id) {
  if (!IsStaff(actor.role)) return absl::NotFoundError(kNoInstitution);
  const absl::Time now = clock_.Now();
  return db_.InTransaction<InstitutionStatus>(
      [&](db::Tx& tx) -> absl::StatusOr<InstitutionStatus> {
        absl::StatusOr<org::Unit> u = org_.RequireActsFor(tx, actor, id);
        if (!u.ok() || u->kind != org::UnitKind::kInstitution || u->retired)
          return absl::NotFoundError(kNoInstitution);
        ZWGK_ASSIGN_OR_RETURN(std::vector<InstitutionStatus> all, All(tx, now));
        for (InstitutionStatus& s : all)
          if (s.institution.id == id) return std::move(s);
        return absl::NotFoundError(kNoInstitution);
      });
}

absl::StatusOr<SectionContent> Service::SaveSection(const Actor& actor,
                                                    int64_t id,
                                                    absl::string_view section,
                                                    absl::string_view body,
                                                    bool publish) {
  if (!IsStaff(actor.role) || actor.role == Role::kUnitReviewer) {
    if (!IsAdmin(actor)) return absl::NotFoundError(kNoInstitution);
  }
  std::optional<Section> s = ParseSection(section);
  if (!s) return absl::NotFoundError("没有这个栏目");
  if (Utf8Length(body) > static_cast<size_t>(kMaxBodyChars))
    return InvalidFields(
        "内容过长",
        {{"body", absl::StrCat("内容最多 ", kMaxBodyChars, " 个字")}});
  content::SanitizeResult clean = content::PrepareBody(body);
  if (publish && clean.html.empty())
    return InvalidFields("内容为空",
                         {{"body", absl::StrCat("请填写“", SectionLabel(*s),
                                                "”的内容后再公开")}});
  SectionContent out{.institution_id = id,
                     .section = *s,
                     .body_html = clean.html,
                     .published = publish,
                     .updated_by = actor.name,
                     .updated_at = FormatTimestamp(clock_.Now())};
  return db_.InTransaction<SectionContent>(
      [&](db::Tx& tx) -> absl::StatusOr<SectionContent> {
        absl::StatusOr<org::Unit> u = org_.RequireActsFor(tx, actor, id);
        if (!u.ok() || u->kind != org::UnitKind::kInstitution || u->retired)
          return absl::NotFoundError(kNoInstitution);
        ZWGK_RETURN_IF_ERROR(store::PutSection(tx, out));
        ZWGK_RETURN_IF_ERROR(audit::Record(
            tx, clock_, actor,
            {"institution.section", "unit", absl::StrCat(id), nullptr,
             nlohmann::json{{"section", SectionName(*s)},
                            {"published", publish},
                            {"chars", Utf8Length(out.body_html)}}}));
        return out;
      });
}

absl::StatusOr<org::Unit> Service::TemplateDepartment(
    db::Tx& tx, const Actor& actor, int64_t department_id) const {
  absl::StatusOr<org::Unit> u = org_.GetUnit(tx, department_id);
  const bool may = IsAdmin(actor) || (IsStaff(actor.role) && actor.unit_id &&
                                      *actor.unit_id == department_id);
  if (!u.ok() || !IsDepartment(*u) || u->retired || !may)
    return absl::NotFoundError("没有这个主管部门");
  return u;
}

absl::StatusOr<std::vector<org::Unit>> Service::TemplateDepartments(
    const Actor& actor) {
  return db_.InTransaction<std::vector<org::Unit>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<org::Unit>> {
        ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> units,
                              org_.ListUnits(tx, {}));
        std::vector<org::Unit> out;
        for (const org::Unit& u : units) {
          if (!IsDepartment(u)) continue;
          if (IsAdmin(actor) || (IsStaff(actor.role) && actor.unit_id == u.id))
            out.push_back(u);
        }
        return out;
      });
}

absl::StatusOr<Template> Service::GetTemplate(const Actor& actor,
                                              int64_t department_id,
                                              absl::string_view sector) {
  std::optional<std::string> s = ParseSector(sector);
  if (!s) return InvalidFields("行业有误", {{"sector", "请选择行业"}});
  return db_.InTransaction<Template>([&](db::Tx& tx)
                                         -> absl::StatusOr<Template> {
    ZWGK_RETURN_IF_ERROR(TemplateDepartment(tx, actor, department_id).status());
    ZWGK_ASSIGN_OR_RETURN(std::optional<Template> t,
                          store::GetTemplate(tx, department_id, *s));
    if (t) return *t;
    return Template{
        .department_id = department_id, .sector = *s, .rules = DefaultRules()};
  });
}

absl::StatusOr<Template> Service::SaveTemplate(
    const Actor& actor, int64_t department_id, absl::string_view sector,
    const std::vector<SectionRule>& rules) {
  std::optional<std::string> s = ParseSector(sector);
  if (!s) return InvalidFields("行业有误", {{"sector", "请选择行业"}});
  Template t{.department_id = department_id,
             .sector = *s,
             .rules = DefaultRules(),
             .is_default = false,
             .updated_by = actor.name,
             .updated_at = FormatTimestamp(clock_.Now())};
  Validator v;
  for (const SectionRule& in : rules) {
    for (SectionRule& r : t.rules) {
      if (r.section != in.section) continue;
      r.required = in.required;
      r.period_days = in.period_days;
      if (in.period_days < kMinPeriodDays || in.period_days > kMaxPeriodDays)
        v.Add(absl::StrCat("period_", SectionName(in.section)),
              absl::StrCat("“", SectionLabel(in.section), "”的更新周期应为 ",
                           kMinPeriodDays, " 至 ", kMaxPeriodDays, " 天"));
    }
  }
  ZWGK_RETURN_IF_ERROR(v.ToStatus("模板有误"));
  return db_.InTransaction<Template>(
      [&](db::Tx& tx) -> absl::StatusOr<Template> {
        ZWGK_RETURN_IF_ERROR(
            TemplateDepartment(tx, actor, department_id).status());
        ZWGK_ASSIGN_OR_RETURN(std::optional<Template> before,
                              store::GetTemplate(tx, department_id, *s));
        ZWGK_RETURN_IF_ERROR(store::PutTemplate(tx, t));
        ZWGK_RETURN_IF_ERROR(audit::Record(
            tx, clock_, actor,
            {"institution.template", "unit", absl::StrCat(department_id),
             before ? nlohmann::json{{"sector", *s},
                                     {"rules", RulesJson(before->rules)}}
                    : nlohmann::json(),
             nlohmann::json{{"sector", *s}, {"rules", RulesJson(t.rules)}}}));
        return t;
      });
}

absl::StatusOr<std::vector<Problem>> Service::Problems(
    absl::Time now, std::optional<int64_t> department_id) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<InstitutionStatus> all,
                        db_.InTransaction<std::vector<InstitutionStatus>>(
                            [&](db::Tx& tx) { return All(tx, now); }));
  std::vector<Problem> out;
  for (const InstitutionStatus& s : all) {
    if (department_id && s.institution.department_id != *department_id)
      continue;
    for (const SectionStatus& ss : s.sections) {
      if (ss.state != SectionState::kMissing &&
          ss.state != SectionState::kStale)
        continue;
      out.push_back({.department_id = s.institution.department_id,
                     .institution_id = s.institution.id,
                     .institution_name = s.institution.name,
                     .section = ss.rule.section,
                     .state = ss.state,
                     .days_since = ss.days_since,
                     .period_days = ss.rule.period_days});
    }
  }
  return out;
}

absl::StatusOr<std::vector<org::Unit>> Service::Towns() {
  ZWGK_ASSIGN_OR_RETURN(std::vector<org::Unit> units, org_.ListUnits());
  std::vector<org::Unit> out;
  for (org::Unit& u : units)
    if (u.kind == org::UnitKind::kTown) out.push_back(std::move(u));
  return out;
}

}  // namespace zwgk::institutions
