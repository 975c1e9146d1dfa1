// Rules every catalog item obeys, whichever format it came from: the texts
// are trimmed, derived fields (《…》 titles, parsed time limit) are computed
// from the texts, and required fields are present.
#ifndef ZWGK_CATALOG_ITEM_H_
#define ZWGK_CATALOG_ITEM_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "catalog/channels.h"
#include "catalog/model.h"

namespace zwgk::catalog {

// Excel's limit for one cell; longer texts would not survive an export.
inline constexpr size_t kMaxCellChars = 32767;

// The 《…》 titles in a 公开依据, outermost brackets only, in order, without
// duplicates: "《条例》、《关于印发〈办法〉的通知》" → {"条例",
// "关于印发〈办法〉的通知"}.
std::vector<std::string> ParseBasisTitles(absl::string_view basis);

// Trims every text, drops an empty level3, sorts and deduplicates the
// audience/method/level lists, spells known channels as `registry` does (may
// be null), and recomputes basis_titles and time_limit from their texts.
void Normalize(CatalogItem& item, const ChannelRegistry* registry);

// What is wrong with a normalized item; empty when it is valid.
std::vector<FieldProblem> Validate(const CatalogItem& item);

// Everything that keeps a normalized item out of a published catalog: the
// problems of Validate except the 序号 (the store numbers items), a 公开时限
// that cannot be read as a period, and the item's import_notes. Empty when
// the item is complete. No reason is listed twice.
std::vector<FieldProblem> PublicationProblems(const CatalogItem& item);

// "一级事项 / 二级事项[ / 三级事项]", how messages name an item.
std::string ItemName(const CatalogItem& item);

}  // namespace zwgk::catalog

#endif  // ZWGK_CATALOG_ITEM_H_
