// The starting catalogs (建议目录) offered to each domain's responsible unit
// as the start of its draft: the catalog items found in the national 标准指引
// and in published county catalogs (data/suggested.json, a copy of
// shared/reference/domain-catalogs.json) and the seed's examples
// (data/examples.json). Items are kept exactly as found — never completed by
// invention — so many lack a 二级事项 or 公开渠道 until the unit fills them in.
// Pure: no I/O.
#ifndef ZWGK_CATALOG_SUGGESTED_H_
#define ZWGK_CATALOG_SUGGESTED_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "catalog/model.h"

namespace zwgk::catalog {

// Fewer items than this: the page tells the unit the suggestion is partial.
inline constexpr int kFewSuggestedItems = 5;

struct Suggestion {
  std::string domain = {};     // the seed's name (附件1), e.g. "环境保护"
  std::string guideline = {};  // 标准指引 document number, when found
  // The web addresses the items were found at, without the notes around
  // them.
  std::vector<std::string> sources = {};
  std::vector<CatalogItem> items = {};  // seq 1…n, not normalized
};

// The seed's (附件1) name for a domain as the sources name it:
// "环境保护(生态环境)" → "环境保护", "城乡规划" → "国土空间规划"; other names
// are returned unchanged.
std::string SeedDomainName(absl::string_view source_name);

// Parses data/suggested.json: [{"domain","guideline","source","items":[
// {"level1","level2","level3"?,"elements","basis","time_limit","subject",
// "audience","mode"}]}], keyed by the seed's domain name. Absent fields stay
// empty; an 对象/方式 that cannot be read is kept as an import note.
[[nodiscard]] absl::StatusOr<std::map<std::string, Suggestion>>
ParseSuggestions(absl::string_view json);

// The starting catalog of a domain: the seed's example items first (when the
// domain has examples), then the suggestion's items not already named there
// (by ItemName), numbered 1…n.
Suggestion MergeSuggestion(const Catalog* examples, const Suggestion* found);

}  // namespace zwgk::catalog

#endif  // ZWGK_CATALOG_SUGGESTED_H_
