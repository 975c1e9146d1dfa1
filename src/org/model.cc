#include "org/model.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace zwgk::org {

absl::string_view UnitKindName(UnitKind k) {
  switch (k) {
    case UnitKind::kDepartment:
      return "department";
    case UnitKind::kGuiding:
      return "guiding";
    case UnitKind::kTown:
      return "town";
    case UnitKind::kVillage:
      return "village";
    case UnitKind::kCommunity:
      return "community";
    case UnitKind::kInstitution:
      return "institution";
  }
  return "department";
}

absl::string_view UnitKindLabel(UnitKind k) {
  switch (k) {
    case UnitKind::kDepartment:
      return "县直部门";
    case UnitKind::kGuiding:
      return "指导单位";
    case UnitKind::kTown:
      return "镇";
    case UnitKind::kVillage:
      return "村";
    case UnitKind::kCommunity:
      return "社区";
    case UnitKind::kInstitution:
      return "公共企事业单位";
  }
  return "县直部门";
}

std::optional<UnitKind> ParseUnitKind(absl::string_view s) {
  for (UnitKind k :
       {UnitKind::kDepartment, UnitKind::kGuiding, UnitKind::kTown,
        UnitKind::kVillage, UnitKind::kCommunity, UnitKind::kInstitution}) {
    if (s == UnitKindName(k) || s == UnitKindLabel(k)) return k;
  }
  return std::nullopt;
}

absl::string_view UnitGroupLabel(const Unit& u) {
  if (u.kind == UnitKind::kTown) return kUnitGroups[2];
  if (IsVillageKind(u.kind)) return kVillageGroup;
  if (u.kind == UnitKind::kInstitution) return "公共企事业单位";
  // 县政府办, 县人民政府办公室: the county government itself.
  if (absl::StartsWith(u.name, "县政府") ||
      absl::StrContains(u.name, "县人民政府"))
    return kUnitGroups[0];
  return kUnitGroups[1];
}

std::string UnitHint(const Unit& u, const std::vector<Domain>& domains) {
  std::vector<absl::string_view> own;
  for (const Domain& d : domains)
    if (d.unit_id == u.id && !d.retired) own.push_back(d.name);
  std::string hint;
  if (!own.empty())
    hint = absl::StrCat("负责：", absl::StrJoin(own, "、"), "等领域");
  if (!u.duties.empty())
    absl::StrAppend(&hint, hint.empty() ? "" : "；", u.duties);
  return hint;
}

std::string PoliceRecordCode(absl::string_view police) {
  std::string out;
  for (char c : police)
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) out.push_back(c);
  return out;
}

std::optional<SiteMark> ParseSiteMark(absl::string_view s) {
  if (s == "dzjg") return SiteMark::kDzjg;
  if (s == "police") return SiteMark::kPolice;
  return std::nullopt;
}

std::vector<Department> ParseDepartments(absl::string_view text) {
  std::vector<Department> out;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    Department d;
    size_t sep = line.find("：");
    size_t width = 3;
    if (sep == absl::string_view::npos) {
      sep = line.find(':');
      width = 1;
    }
    if (sep == absl::string_view::npos) {
      d.name = std::string(line);
    } else {
      d.name = std::string(absl::StripAsciiWhitespace(line.substr(0, sep)));
      d.duties =
          std::string(absl::StripAsciiWhitespace(line.substr(sep + width)));
    }
    out.push_back(std::move(d));
  }
  return out;
}

bool ProfileIsEmpty(const UnitProfile& p) {
  return ParseDepartments(p.departments).empty() && p.duties_html.empty() &&
         p.address.empty() && p.phone.empty() && p.fax.empty() &&
         p.email.empty() && p.office_hours.empty() && p.leaders.empty();
}

}  // namespace zwgk::org
