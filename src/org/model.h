// Organisation: the county, its units (departments, guiding units, towns),
// the pilot domains each unit is responsible for. (The 附件3 work tasks are
// the supervision module's.)
#ifndef ZWGK_ORG_MODEL_H_
#define ZWGK_ORG_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zwgk::org {

struct County {
  std::string name;      // 嘉鱼县
  std::string province;  // 湖北省
  std::string city;      // 咸宁市
};

enum class UnitKind {
  kDepartment,  // 县直部门 (responsible units of 附件1 and others)
  kGuiding,    // guiding units of 附件3 that are not responsible for a domain
  kTown,       // 镇 (added by the county)
  kVillage,    // 村 (under its town: Unit::parent_id)
  kCommunity,  // 社区 (under its town: Unit::parent_id)
  // 公共企事业单位 (school, hospital, water, power …) under the county
  // department that supervises it (Unit::parent_id); its sector and town are
  // the institutions module's.
  kInstitution,
};
absl::string_view UnitKindName(UnitKind k);
// "department" | "guiding" | "town" | "village" | "community" |
// "institution"
absl::string_view UnitKindLabel(UnitKind k);
// 县直部门 | 指导单位 | 镇 | 村 | 社区 | 公共企事业单位
std::optional<UnitKind> ParseUnitKind(absl::string_view s);
// 村 or 社区: a unit that belongs to its town, not to the county's lists.
inline bool IsVillageKind(UnitKind k) {
  return k == UnitKind::kVillage || k == UnitKind::kCommunity;
}
// A unit with a parent (village, community, institution): left out of the
// county's unit lists unless asked for.
inline bool HasParentKind(UnitKind k) {
  return IsVillageKind(k) || k == UnitKind::kInstitution;
}

struct Unit {
  int64_t id = 0;
  std::string name;  // exactly as in 附件1/附件3, e.g. 市生态环境局嘉鱼县分局
  UnitKind kind = UnitKind::kDepartment;
  std::string credit_code;  // 统一社会信用代码 or 组织机构代码 (for 索引号);
                            // may be empty
  int position = 0;      // display order
  bool retired = false;  // retired units stay in history
  // What the unit holds beyond its 附件1 domains, in a line (towns, the
  // county office); shown to applicants choosing where to apply.
  std::string duties;
  // A village's or community's town, an institution's supervising
  // department; nullopt for every other unit.
  std::optional<int64_t> parent_id;
  // A village's contact line (村委会 phone / address), shown as 监督电话.
  std::string contact;
};

struct Domain {
  int64_t id = 0;
  std::string name;  // without the trailing 领域: 重大建设项目
  std::optional<int64_t> unit_id;  // responsible unit
  int position = 0;                // order of 附件1
  bool retired = false;
};

// The group a unit is listed under when the public chooses one:
// 县政府及办公室, 县直部门 or 乡镇人民政府; a village or community is in
// its own group 村（社区）, which is not among kUnitGroups (it is offered
// under its town, never in the county's lists).
absl::string_view UnitGroupLabel(const Unit& u);
inline constexpr absl::string_view kVillageGroup = "村（社区）";
// The three groups in the order they are offered.
inline constexpr absl::string_view kUnitGroups[] = {"县政府及办公室",
                                                    "县直部门", "乡镇人民政府"};

// "Which office holds this?": the unit's domains ("负责：义务教育领域") and
// its duties, in a line; empty when neither is known.
std::string UnitHint(const Unit& u, const std::vector<Domain>& domains);

// --- Site identity and unit profiles (issue 19) -----------------------------

// The footer's identity block and the SiteName / SiteIDCode <meta> tags, as
// the county office types them (政府网站发展指引, 检查指标 A15).
struct SiteIdentity {
  std::string site_name;  // 网站名称; "" reads as "<county>人民政府"
  std::string sponsor;  // 主办单位; "" reads as "<county>人民政府办公室"
  std::string organizer;  // 承办单位
  std::string phone, address, email;
  std::string id_code;  // 网站标识码: 10 letters or digits
  std::string icp;      // ICP备案号, e.g. 鄂ICP备12345678号-1
  std::string police;  // 公安机关备案号, e.g. 鄂公网安备 42122102000123号
  std::string mark_url;  // where the 党政机关网站标识 links
  // The uploaded marks: blob (SHA-256) and MIME type; "" when none.
  std::string mark_blob, mark_type;
  std::string police_blob, police_type;
  std::string updated_at;
};

// The digits of a 公安机关备案号, for its registerSystemInfo link.
std::string PoliceRecordCode(absl::string_view police);

// The site marks the office uploads.
enum class SiteMark { kDzjg, kPolice };
std::optional<SiteMark> ParseSiteMark(absl::string_view s);  // dzjg | police

// One internal department (内设机构) of a unit: a line "名称：职责".
struct Department {
  std::string name, duties;
};
// Lines of "名称：职责" (or "名称" alone); blank lines skipped.
std::vector<Department> ParseDepartments(absl::string_view text);

// A leader (负责人) of a unit, with photo, résumé and portfolio (分工).
struct Leader {
  int64_t id = 0;
  int64_t unit_id = 0;
  int position = 0;
  std::string name;
  std::string title;                   // 职务
  std::string resume;                  // 简历 (plain text, paragraphs)
  std::string portfolio;               // 分工
  std::string photo_blob, photo_type;  // "" when none
};

// A unit's 概况信息 / 机构职能; unit_id 0 is the county's (县政府).
struct UnitProfile {
  int64_t unit_id = 0;
  std::string departments;  // ParseDepartments lines, as typed
  std::string duties_html;  // 主要职责, sanitized like record bodies
  std::string address, phone, fax, email, office_hours;
  std::vector<Leader> leaders;
  std::string updated_at;
};
// Nothing typed: the profile is not linked publicly and answers 404.
bool ProfileIsEmpty(const UnitProfile& p);

}  // namespace zwgk::org

#endif  // ZWGK_ORG_MODEL_H_
