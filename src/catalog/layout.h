// The columns of the 附件2 table, shared by the importers and exporters.
// Internal to the catalog module.
#ifndef ZWGK_CATALOG_LAYOUT_H_
#define ZWGK_CATALOG_LAYOUT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "catalog/model.h"

namespace zwgk::catalog::layout {

enum class Field {
  kSeq,
  kLevel1,
  kLevel2,
  kLevel3,
  kElements,
  kBasis,
  kTimeLimit,
  kSubject,
  kChannels,
  kPublic,
  kGroup,
  kProactive,
  kOnRequest,
  kCounty,
  kTownship,
  kVillage,
  kNote,
};

struct Column {
  Field field;
  absl::string_view group;  // upper header cell, e.g. "公开事项"; empty if none
  absl::string_view label;  // leaf header cell, e.g. "一级事项"
  double width;             // Excel character units
};

// The 备注 written for seed examples, read back as CatalogItem::example.
inline constexpr absl::string_view kExampleNote = "示例，待审核";
// The mark written in flag columns.
inline constexpr absl::string_view kCheck = "√";

// The columns an export of `catalog` has: 三级事项, 公开层级 and 备注 only
// when some item needs them.
std::vector<Column> ExportColumns(const Catalog& catalog);

// The field a header label names (spaces ignored, "（要素）" and the like
// ignored), e.g. "公开内容（要素）" → kElements, "特定群体" → kGroup.
std::optional<Field> MatchLabel(absl::string_view label);

// Upper header cells that only group other columns (公开事项, 公开对象, …).
bool IsGroupLabel(absl::string_view label);

// The leaf label, as the exporters write it.
absl::string_view FieldLabel(Field field);

// The cell text of `field` for `item`, as the exporters write it. The
// channel cell lists the used channels (■) and then the `checklist` ones the
// item does not use (□).
std::string FormatField(const CatalogItem& item, Field field,
                        const std::vector<std::string>& checklist);

// The column a FieldProblem (model.h) is about.
std::optional<Field> FieldForProblem(absl::string_view json_field);
// The inverse: the FieldProblem key of a column's problems ("audience" for
// both 全社会 and 特定群众, "levels" for the 公开层级 columns).
absl::string_view ProblemKey(Field field);

}  // namespace zwgk::catalog::layout

#endif  // ZWGK_CATALOG_LAYOUT_H_
