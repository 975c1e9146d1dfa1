#include "org/service.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/audit.h"
#include "core/csv.h"
#include "core/resources.h"
#include "core/status.h"
#include "core/text.h"
#include "nlohmann/json.hpp"
#include "org/store.h"

namespace zwgk::org {
namespace {

absl::Status RequireAdmin(const Actor& actor) {
  if (IsAdmin(actor)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "只有县政务公开办管理员可以修改单位和领域");
}

nlohmann::json ToJson(const Unit& u) {
  return {{"id", u.id},
          {"name", u.name},
          {"kind", UnitKindName(u.kind)},
          {"credit_code", u.credit_code},
          {"retired", u.retired}};
}

nlohmann::json ToJson(const Domain& d) {
  return {
      {"id", d.id},
      {"name", d.name},
      {"unit_id", d.unit_id ? nlohmann::json(*d.unit_id) : nlohmann::json()},
      {"retired", d.retired}};
}

std::optional<int64_t> ParseId(absl::string_view s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v <= 0)
    return std::nullopt;
  return v;
}

// 统一社会信用代码 is 18 characters, 组织机构代码 9 (often written 8-1).
bool PlausibleOrgCode(absl::string_view code) {
  for (char c : code) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-')
      return false;
  }
  return code.size() == 18 || code.size() == 9 || code.size() == 10;
}

// Strips a trailing 领域 so "社会救助领域" and "社会救助" name the same domain.
std::string DomainName(absl::string_view raw) {
  std::string name(absl::StripAsciiWhitespace(raw));
  const std::string suffix = "领域";
  if (name.size() > suffix.size() &&
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
    name.resize(name.size() - suffix.size());
  }
  return name;
}

// Villages and communities come in through ImportVillages (they need their
// town); `keep_village` lets an existing village's row be renamed.
// Institutions come in through the institutions module's import (they need
// their department); `keep_institution` lets one be renamed.
absl::StatusOr<Unit> ValidateUnit(const UnitInput& in,
                                  bool keep_village = false,
                                  bool keep_institution = false) {
  Validator v;
  std::string name(absl::StripAsciiWhitespace(in.name));
  if (name.empty()) v.Add("name", "单位名称不能为空");
  if (name.size() > 200) v.Add("name", "单位名称过长（最多约 60 个汉字）");
  std::optional<UnitKind> kind = ParseUnitKind(in.kind);
  if (!kind) {
    v.Add("kind", absl::StrCat("单位类型“", in.kind,
                               "”无效，应为 县直部门、指导单位 或 镇"));
  } else if (IsVillageKind(*kind) != keep_village) {
    v.Add("kind", keep_village
                      ? "村（社区）不能改为其他类型的单位"
                      : "村和社区请用“导入村（社区）”添加（需写明所属乡镇）");
  } else if ((*kind == UnitKind::kInstitution) != keep_institution) {
    v.Add("kind", keep_institution
                      ? "公共企事业单位不能改为其他类型的单位"
                      : "公共企事业单位请在“公共企事业单位办事公开”中导入"
                        "（需写明主管部门）");
  }
  std::string code(absl::StripAsciiWhitespace(in.credit_code));
  if (!code.empty() && !PlausibleOrgCode(code)) {
    v.Add("credit_code",
          "统一社会信用代码应为 18 位，组织机构代码应为 9 位（字母或数字）");
  }
  ZWGK_RETURN_IF_ERROR(v.ToStatus("单位信息有误"));
  return Unit{.name = name, .kind = *kind, .credit_code = code};
}

// A domain's responsible unit must exist and not be retired.
absl::Status CheckActiveUnit(db::Tx& tx, int64_t unit_id) {
  absl::StatusOr<Unit> unit = store::GetUnit(tx, unit_id);
  if (unit.ok() && !unit->retired) return absl::OkStatus();
  return InvalidFields("领域信息有误", {{"unit_id", "责任单位不存在或已撤销"}});
}

absl::Status NameTaken(absl::Status s, absl::string_view what,
                       absl::string_view name) {
  if (s.code() == absl::StatusCode::kAlreadyExists) {
    return InvalidFields(
        absl::StrCat(what, "名称已存在"),
        {{"name", absl::StrCat("已有名为“", name, "”的", what)}});
  }
  return s;
}

// One row of a villages CSV, checked.
struct VillageRow {
  int line = 0;
  int64_t town_id = 0;
  std::string name, contact;
  UnitKind kind = UnitKind::kVillage;
};

constexpr size_t kMaxVillagesCsvBytes = 2 << 20;
constexpr size_t kMaxVillageRows = 5000;

std::string Cell(const std::vector<std::string>& row, size_t i) {
  return i < row.size() ? std::string(absl::StripAsciiWhitespace(
                              UnguardCsvFormula(row[i])))
                        : "";
}

}  // namespace

bool ActsFor(const Actor& actor, const Unit& target) {
  if (IsAdmin(actor)) return true;
  if (!actor.unit_id) return false;
  if (*actor.unit_id == target.id) return true;
  // A town for its villages, a department for the institutions it
  // supervises.
  return HasParentKind(target.kind) && target.parent_id == *actor.unit_id;
}

absl::StatusOr<Unit> Service::RequireActsFor(db::Tx& tx, const Actor& actor,
                                             int64_t unit_id) const {
  absl::StatusOr<Unit> unit = store::GetUnit(tx, unit_id);
  if (unit.ok() && ActsFor(actor, *unit)) return unit;
  if (!unit.ok() && unit.status().code() != absl::StatusCode::kNotFound)
    return unit.status();
  return absl::NotFoundError(absl::StrCat("单位 #", unit_id, " 不存在"));
}

absl::StatusOr<std::vector<Unit>> Service::ListVillages(
    std::optional<int64_t> town_id) {
  return db_.InTransaction<std::vector<Unit>>(
      [&](db::Tx& tx) { return ListVillages(tx, town_id); });
}

absl::StatusOr<std::vector<Unit>> Service::ListVillages(
    db::Tx& tx, std::optional<int64_t> town_id) const {
  return store::ListVillages(tx, town_id);
}

absl::StatusOr<VillageImport> Service::ImportVillages(const Actor& actor,
                                                      absl::string_view csv) {
  ZWGK_RETURN_IF_ERROR(RequireAdmin(actor));
  if (csv.size() > kMaxVillagesCsvBytes)
    return absl::InvalidArgumentError("村（社区）名单文件过大（最多 2 MB）");
  ZWGK_ASSIGN_OR_RETURN(std::vector<std::vector<std::string>> rows,
                        ParseCsv(csv));
  if (rows.size() > kMaxVillageRows + 1)
    return absl::InvalidArgumentError(
        absl::StrCat("村（社区）名单最多 ", kMaxVillageRows, " 行"));
  std::string now = FormatTimestamp(clock_.Now());
  return db_.InTransaction<VillageImport>(
      [&](db::Tx& tx) -> absl::StatusOr<VillageImport> {
        ZWGK_ASSIGN_OR_RETURN(std::vector<Unit> units,
                              store::ListUnits(tx, true, true, true));
        std::map<std::string, const Unit*> by_name;
        for (const Unit& u : units) by_name[u.name] = &u;
        std::vector<std::string> errors;
        std::vector<VillageRow> good;
        std::map<std::string, int> seen;  // name → line
        for (size_t i = 0; i < rows.size(); ++i) {
          const std::vector<std::string>& row = rows[i];
          const int line = static_cast<int>(i) + 1;
          bool blank = true;
          for (const std::string& c : row)
            if (!absl::StripAsciiWhitespace(c).empty()) blank = false;
          if (blank) continue;
          if (i == 0 && Cell(row, 0) == "乡镇") continue;  // the header
          auto bad = [&](absl::string_view why) {
            errors.push_back(absl::StrCat("第", line, "行：", why));
          };
          VillageRow v{
              .line = line, .name = Cell(row, 1), .contact = Cell(row, 3)};
          const std::string town = Cell(row, 0), kind = Cell(row, 2);
          auto t = by_name.find(town);
          if (town.empty()) {
            bad("乡镇不能为空");
            continue;
          }
          if (t == by_name.end() || t->second->retired) {
            bad(absl::StrCat("没有名为“", town, "”的乡镇"));
            continue;
          }
          if (t->second->kind != UnitKind::kTown) {
            bad(absl::StrCat("“", town, "”不是乡镇（是",
                             UnitKindLabel(t->second->kind), "）"));
            continue;
          }
          v.town_id = t->second->id;
          if (v.name.empty()) {
            bad("名称不能为空");
            continue;
          }
          if (Utf8Length(v.name) > 60) {
            bad("名称过长（最多 60 个字）");
            continue;
          }
          std::optional<UnitKind> k = ParseUnitKind(kind);
          if (!k || !IsVillageKind(*k)) {
            bad(absl::StrCat("类型“", kind, "”无效，应为 村 或 社区"));
            continue;
          }
          v.kind = *k;
          if (Utf8Length(v.contact) > 200) {
            bad("联系方式过长（最多 200 个字）");
            continue;
          }
          if (auto dup = seen.find(v.name); dup != seen.end()) {
            bad(absl::StrCat("“", v.name, "”与第", dup->second, "行重复"));
            continue;
          }
          seen[v.name] = line;
          auto same = by_name.find(v.name);
          if (same != by_name.end() && (!IsVillageKind(same->second->kind) ||
                                        same->second->parent_id != v.town_id)) {
            bad(absl::StrCat("名称“", v.name, "”已被其他单位使用，可写作“",
                             v.name, "（", town, "）”"));
            continue;
          }
          good.push_back(std::move(v));
        }
        if (!errors.empty())
          return absl::InvalidArgumentError(absl::StrCat(
              "村（社区）名单有误，未导入：", absl::StrJoin(errors, "；")));
        VillageImport result;
        int position = units.empty() ? 10 : units.back().position + 10;
        for (const Unit& u : units)
          position = std::max(position, u.position + 10);
        for (const VillageRow& v : good) {
          auto same = by_name.find(v.name);
          if (same != by_name.end()) {
            ZWGK_RETURN_IF_ERROR(
                store::UpdateVillage(tx, same->second->id, v.kind, v.contact));
            ++result.updated;
            continue;
          }
          Unit unit{.name = v.name,
                    .kind = v.kind,
                    .position = position,
                    .parent_id = v.town_id,
                    .contact = v.contact};
          position += 10;
          ZWGK_RETURN_IF_ERROR(store::InsertUnit(tx, unit, now).status());
          ++result.created;
        }
        ZWGK_RETURN_IF_ERROR(
            audit::Record(tx, clock_, actor,
                          {"village.import", "unit", "villages", nullptr,
                           nlohmann::json{{"created", result.created},
                                          {"updated", result.updated}}}));
        return result;
      });
}

absl::Status Service::Seed() {
  std::optional<absl::string_view> text = resources::Find("seed/org.json");
  if (!text) return absl::InternalError("seed/org.json is not embedded");
  nlohmann::json seed =
      nlohmann::json::parse(text->begin(), text->end(), nullptr, false);
  if (seed.is_discarded())
    return absl::InternalError("seed/org.json is not valid JSON");
  std::string now = FormatTimestamp(clock_.Now());
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    const auto& c = seed.at("county");
    // The county may have been edited after init: only create it.
    if (!store::GetCounty(tx).ok()) {
      ZWGK_RETURN_IF_ERROR(
          store::PutCounty(tx, {c.at("name"), c.at("province"), c.at("city")}));
    }
    int position = 0;
    std::map<std::string, int64_t> unit_ids;
    for (const auto& u : seed.at("units")) {
      ++position;
      std::string name = u.at("name");
      ZWGK_ASSIGN_OR_RETURN(std::optional<Unit> existing,
                            store::FindUnit(tx, name));
      std::string duties = u.value("duties", "");
      if (existing) {
        unit_ids[name] = existing->id;
        // Installations seeded before units had duties get them once; an
        // edited line is kept.
        if (existing->duties.empty() && !duties.empty())
          ZWGK_RETURN_IF_ERROR(store::SetUnitDuties(tx, existing->id, duties));
        continue;
      }
      Unit unit{.name = name,
                .kind = ParseUnitKind(u.at("kind").get<std::string>())
                            .value_or(UnitKind::kDepartment),
                .position = position * 10,
                .duties = duties};
      ZWGK_ASSIGN_OR_RETURN(unit_ids[name], store::InsertUnit(tx, unit, now));
    }
    position = 0;
    for (const auto& d : seed.at("domains")) {
      ++position;
      std::string name = d.at("name");
      ZWGK_ASSIGN_OR_RETURN(std::optional<Domain> existing,
                            store::FindDomain(tx, name));
      if (existing) continue;
      auto unit = unit_ids.find(d.at("unit").get<std::string>());
      if (unit == unit_ids.end()) {
        return absl::InternalError(
            absl::StrCat("seed: domain ", name, " names an unknown unit"));
      }
      ZWGK_RETURN_IF_ERROR(store::InsertDomain(tx,
                                               {.name = name,
                                                .unit_id = unit->second,
                                                .position = position * 10},
                                               now)
                               .status());
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<County> Service::GetCounty() {
  return db_.InTransaction<County>(
      [](db::Tx& tx) { return store::GetCounty(tx); });
}

absl::StatusOr<std::vector<Unit>> Service::ListUnits(const ListOptions& o) {
  return db_.InTransaction<std::vector<Unit>>(
      [&](db::Tx& tx) { return ListUnits(tx, o); });
}

absl::StatusOr<Unit> Service::GetUnit(int64_t id) {
  return db_.InTransaction<Unit>([&](db::Tx& tx) { return GetUnit(tx, id); });
}

absl::StatusOr<Unit> Service::FindUnitByName(absl::string_view name) {
  return db_.InTransaction<Unit>(
      [&](db::Tx& tx) { return FindUnitByName(tx, name); });
}

absl::StatusOr<std::vector<Unit>> Service::ListUnits(
    db::Tx& tx, const ListOptions& o) const {
  return store::ListUnits(tx, o.include_retired, o.include_villages,
                          o.include_institutions);
}

absl::StatusOr<std::vector<Unit>> Service::ListInstitutions(
    db::Tx& tx, std::optional<int64_t> department_id) const {
  return store::ListInstitutions(tx, department_id);
}

absl::StatusOr<Unit> Service::PutInstitution(db::Tx& tx, absl::string_view name,
                                             int64_t department_id,
                                             absl::string_view contact,
                                             absl::string_view now) const {
  ZWGK_ASSIGN_OR_RETURN(std::optional<Unit> same, store::FindUnit(tx, name));
  if (same) {
    if (same->kind != UnitKind::kInstitution)
      return absl::AlreadyExistsError(absl::StrCat(
          "名称“", name, "”已被", UnitKindLabel(same->kind), "使用"));
    ZWGK_RETURN_IF_ERROR(
        store::SetUnitParent(tx, same->id, department_id, contact));
    same->parent_id = department_id;
    same->contact = std::string(contact);
    return *same;
  }
  ZWGK_ASSIGN_OR_RETURN(std::vector<Unit> all,
                        store::ListUnits(tx, true, true, true));
  int position = 10;
  for (const Unit& u : all) position = std::max(position, u.position + 10);
  Unit unit{.name = std::string(name),
            .kind = UnitKind::kInstitution,
            .position = position,
            .parent_id = department_id,
            .contact = std::string(contact)};
  ZWGK_ASSIGN_OR_RETURN(unit.id, store::InsertUnit(tx, unit, now));
  return unit;
}

absl::StatusOr<Unit> Service::GetUnit(db::Tx& tx, int64_t id) const {
  return store::GetUnit(tx, id);
}

absl::StatusOr<Unit> Service::FindUnitByName(db::Tx& tx,
                                             absl::string_view name) const {
  ZWGK_ASSIGN_OR_RETURN(std::optional<Unit> u, store::FindUnit(tx, name));
  if (!u)
    return absl::NotFoundError(absl::StrCat("没有名为“", name, "”的单位"));
  return *u;
}

absl::StatusOr<Unit> Service::ResolveUnit(absl::string_view id_or_name) {
  if (std::optional<int64_t> id = ParseId(id_or_name)) return GetUnit(*id);
  return FindUnitByName(absl::StripAsciiWhitespace(id_or_name));
}

absl::StatusOr<std::vector<Domain>> Service::ListDomains(const ListOptions& o) {
  return db_.InTransaction<std::vector<Domain>>(
      [&](db::Tx& tx) { return ListDomains(tx, o); });
}

absl::StatusOr<Domain> Service::GetDomain(int64_t id) {
  return db_.InTransaction<Domain>(
      [&](db::Tx& tx) { return GetDomain(tx, id); });
}

absl::StatusOr<std::vector<Domain>> Service::ListDomains(
    db::Tx& tx, const ListOptions& o) const {
  return store::ListDomains(tx, o.include_retired);
}

absl::StatusOr<Domain> Service::GetDomain(db::Tx& tx, int64_t id) const {
  return store::GetDomain(tx, id);
}

absl::StatusOr<Domain> Service::ResolveDomain(absl::string_view id_or_name) {
  if (std::optional<int64_t> id = ParseId(id_or_name)) return GetDomain(*id);
  std::string name = DomainName(id_or_name);
  return db_.InTransaction<Domain>([&](db::Tx& tx) -> absl::StatusOr<Domain> {
    ZWGK_ASSIGN_OR_RETURN(std::optional<Domain> d, store::FindDomain(tx, name));
    if (!d)
      return absl::NotFoundError(absl::StrCat("没有名为“", name, "”的领域"));
    return *d;
  });
}

absl::StatusOr<Unit> Service::CreateUnit(const Actor& actor,
                                         const UnitInput& in) {
  ZWGK_RETURN_IF_ERROR(RequireAdmin(actor));
  ZWGK_ASSIGN_OR_RETURN(Unit unit, ValidateUnit(in));
  std::string now = FormatTimestamp(clock_.Now());
  absl::StatusOr<Unit> out =
      db_.InTransaction<Unit>([&](db::Tx& tx) -> absl::StatusOr<Unit> {
        ZWGK_ASSIGN_OR_RETURN(std::vector<Unit> all,
                              store::ListUnits(tx, true));
        unit.position = all.empty() ? 10 : all.back().position + 10;
        ZWGK_ASSIGN_OR_RETURN(unit.id, store::InsertUnit(tx, unit, now));
        ZWGK_RETURN_IF_ERROR(
            audit::Record(tx, clock_, actor,
                          {"unit.create", "unit", absl::StrCat(unit.id),
                           nullptr, ToJson(unit)}));
        return unit;
      });
  if (!out.ok()) return NameTaken(out.status(), "单位", unit.name);
  return out;
}

absl::StatusOr<Unit> Service::UpdateUnit(const Actor& actor, int64_t id,
                                         const UnitInput& in) {
  ZWGK_RETURN_IF_ERROR(RequireAdmin(actor));
  Unit changed;
  absl::StatusOr<Unit> out =
      db_.InTransaction<Unit>([&](db::Tx& tx) -> absl::StatusOr<Unit> {
        ZWGK_ASSIGN_OR_RETURN(Unit before, store::GetUnit(tx, id));
        ZWGK_ASSIGN_OR_RETURN(
            changed, ValidateUnit(in, IsVillageKind(before.kind),
                                  before.kind == UnitKind::kInstitution));
        changed.id = id;
        changed.position = before.position;
        changed.retired = before.retired;
        changed.parent_id = before.parent_id;
        changed.contact = before.contact;
        ZWGK_RETURN_IF_ERROR(store::UpdateUnit(tx, changed));
        ZWGK_RETURN_IF_ERROR(
            audit::Record(tx, clock_, actor,
                          {"unit.update", "unit", absl::StrCat(id),
                           ToJson(before), ToJson(changed)}));
        return changed;
      });
  if (!out.ok()) return NameTaken(out.status(), "单位", changed.name);
  return out;
}

absl::Status Service::SetUnitRetired(const Actor& actor, int64_t id,
                                     bool retired) {
  ZWGK_RETURN_IF_ERROR(RequireAdmin(actor));
  std::optional<std::string> at;
  if (retired) at = FormatTimestamp(clock_.Now());
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(Unit before, store::GetUnit(tx, id));
    if (retired) {
      // A unit still responsible for an active domain cannot go: the domain
      // would have no owner on the portal.
      ZWGK_ASSIGN_OR_RETURN(std::vector<Domain> domains,
                            store::ListDomains(tx, false));
      for (const Domain& d : domains) {
        if (d.unit_id == id) {
          return absl::FailedPreconditionError(
              absl::StrCat("“", before.name, "”仍是“", d.name,
                           "”领域的责任单位，请先调整该领域的责任单位"));
        }
      }
    }
    ZWGK_RETURN_IF_ERROR(store::SetUnitRetiredAt(tx, id, at));
    Unit after = before;
    after.retired = retired;
    return audit::Record(tx, clock_, actor,
                         {retired ? "unit.retire" : "unit.restore", "unit",
                          absl::StrCat(id), ToJson(before), ToJson(after)});
  });
}

absl::StatusOr<Domain> Service::CreateDomain(const Actor& actor,
                                             const DomainInput& in) {
  ZWGK_RETURN_IF_ERROR(RequireAdmin(actor));
  std::string name = DomainName(in.name);
  Validator v;
  if (name.empty()) v.Add("name", "领域名称不能为空");
  ZWGK_RETURN_IF_ERROR(v.ToStatus("领域信息有误"));
  std::string now = FormatTimestamp(clock_.Now());
  absl::StatusOr<Domain> out =
      db_.InTransaction<Domain>([&](db::Tx& tx) -> absl::StatusOr<Domain> {
        if (in.unit_id) {
          ZWGK_RETURN_IF_ERROR(CheckActiveUnit(tx, *in.unit_id));
        }
        ZWGK_ASSIGN_OR_RETURN(std::vector<Domain> all,
                              store::ListDomains(tx, true));
        Domain d{.name = name,
                 .unit_id = in.unit_id,
                 .position = all.empty() ? 10 : all.back().position + 10};
        ZWGK_ASSIGN_OR_RETURN(d.id, store::InsertDomain(tx, d, now));
        ZWGK_RETURN_IF_ERROR(
            audit::Record(tx, clock_, actor,
                          {"domain.create", "domain", absl::StrCat(d.id),
                           nullptr, ToJson(d)}));
        return d;
      });
  if (!out.ok()) return NameTaken(out.status(), "领域", name);
  return out;
}

absl::StatusOr<Domain> Service::UpdateDomain(const Actor& actor, int64_t id,
                                             const DomainInput& in) {
  ZWGK_RETURN_IF_ERROR(RequireAdmin(actor));
  std::string name = DomainName(in.name);
  Validator v;
  if (name.empty()) v.Add("name", "领域名称不能为空");
  ZWGK_RETURN_IF_ERROR(v.ToStatus("领域信息有误"));
  absl::StatusOr<Domain> out =
      db_.InTransaction<Domain>([&](db::Tx& tx) -> absl::StatusOr<Domain> {
        ZWGK_ASSIGN_OR_RETURN(Domain before, store::GetDomain(tx, id));
        if (in.unit_id && in.unit_id != before.unit_id) {
          ZWGK_RETURN_IF_ERROR(CheckActiveUnit(tx, *in.unit_id));
        }
        Domain after = before;
        after.name = name;
        after.unit_id = in.unit_id;
        ZWGK_RETURN_IF_ERROR(store::UpdateDomain(tx, after));
        ZWGK_RETURN_IF_ERROR(
            audit::Record(tx, clock_, actor,
                          {"domain.update", "domain", absl::StrCat(id),
                           ToJson(before), ToJson(after)}));
        return after;
      });
  if (!out.ok()) return NameTaken(out.status(), "领域", name);
  return out;
}

absl::Status Service::SetDomainRetired(const Actor& actor, int64_t id,
                                       bool retired) {
  ZWGK_RETURN_IF_ERROR(RequireAdmin(actor));
  std::optional<std::string> at;
  if (retired) at = FormatTimestamp(clock_.Now());
  return db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(Domain before, store::GetDomain(tx, id));
    ZWGK_RETURN_IF_ERROR(store::SetDomainRetiredAt(tx, id, at));
    Domain after = before;
    after.retired = retired;
    return audit::Record(
        tx, clock_, actor,
        {retired ? "domain.retire" : "domain.restore", "domain",
         absl::StrCat(id), ToJson(before), ToJson(after)});
  });
}

}  // namespace zwgk::org
