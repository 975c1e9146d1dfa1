// Search module: plain structs of what is indexed and what a search returns.
#ifndef ZWGK_SEARCH_MODEL_H_
#define ZWGK_SEARCH_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zwgk::search {

// One published (or, in the staff index, unpublished) record as the index
// sees it: flattened text and facet values.
struct Document {
  int64_t id = 0;  // the record id
  std::string title;
  std::string body;          // plain text (tags stripped)
  std::string doc_number;    // 文号, e.g. 嘉政办发〔2026〕3号
  std::string index_number;  // 索引号, e.g. 113708280043326001/2026-00012
  std::vector<std::string> keywords;
  std::string attachment_text;
  std::optional<int64_t> domain_id;
  std::string domain_name;
  int64_t unit_id = 0;
  std::string unit_name;
  int year = 0;              // of published_on (of formed_on for drafts)
  std::string topic;         // first-level 主题分类
  std::string genre;         // 体裁
  std::string validity;      // 有效 / 已修改 / 已废止 / 已失效
  std::string published_on;  // YYYY-MM-DD; empty for drafts
  // YYYY-MM-DD that orders the index, newest first: published_on, or the
  // 成文日期 of a draft.
  std::string date;
  std::string url;        // /records/{id}
  bool is_public = true;  // published and 主动公开
  std::string status;     // for the staff index: 草稿, 待审核, …
  std::string category;   // 栏目类别 (CategoryOf), for grouped results
};

// The categories results are grouped by, in the order the page shows them.
// 办事指南 (src/guides) and 政民互动 answers (src/messages) are not records
// and not in this index.
inline constexpr const char* kCategories[] = {
    "政策文件", "解读", "通知公告", "动态", "规划计划", "其他"};

// A record's category from its 体裁 and whether it is a 规章 / 行政规范性文件
// (a policy whatever its 体裁, as the 政策文件 column counts them).
inline std::string CategoryOf(absl::string_view genre, bool policy_class) {
  if (genre == "解读") return "解读";
  if (policy_class) return "政策文件";
  for (absl::string_view g : {"工作动态", "动态", "要闻", "新闻"})
    if (genre == g) return "动态";
  for (absl::string_view g : {"通知", "公告", "通告", "公示"})
    if (genre == g) return "通知公告";
  for (absl::string_view g : {"规划", "计划", "方案"})
    if (genre == g) return "规划计划";
  for (absl::string_view g : {"决定", "意见", "办法", "批复", "规定", "细则"})
    if (genre == g) return "政策文件";
  return "其他";
}

enum class Sort { kRelevance, kNewest, kOldest };

// Which index a search runs over.
enum class Scope {
  kPublic,  // published 主动 records only
  kStaff,   // every record of `unit_ids` (all units when empty and admin)
};

struct Query {
  std::string text;
  std::optional<int64_t> domain_id, unit_id;
  std::optional<int> year;
  std::string topic, genre, validity;  // "" = any
  std::string category;                // "" = any (kCategories)
  Sort sort = Sort::kRelevance;
  int page = 1;  // 1-based
  int per_page = 20;
  bool facets = true;
  Scope scope = Scope::kPublic;
  bool all_units = false;         // kStaff: an admin
  std::vector<int64_t> unit_ids;  // kStaff: the units the user acts for
};

struct Hit {
  int64_t id = 0;
  std::string title;  // HTML, highlighted
  std::string title_text;
  std::string url;
  std::string index_number, doc_number;
  std::string published_on;
  std::string snippet;  // HTML, highlighted
  std::string unit_name, domain_name, topic, genre, validity, status;
  std::string category;
  bool is_public = true;
};

struct FacetValue {
  std::string value;  // the filter value (an id for domain/unit)
  std::string label;  // what the page shows
  int64_t count = 0;
};

struct Result {
  int64_t total = 0;
  bool total_exact = true;  // false: an estimate ("约")
  std::vector<Hit> hits;
  // "domain", "unit", "year", "topic", "genre", "validity", "category".
  std::map<std::string, std::vector<FacetValue>> facets;
  bool facets_exact = true;  // false: counted on a sample and scaled
  // Typo tolerance (Service::Search): `suggestion` is a corrected query
  // (您是不是要找); `corrected` when the hits are its results, because the
  // query as typed found nothing.
  std::string suggestion;
  bool corrected = false;
};

// A word offered as the user types, or as a correction: from the index's
// dictionary (keywords, domain names, frequent title words).
struct WordSuggestion {
  std::string word;
  int64_t count = 0;  // records that named it (keywords, domain, titles)
};

// What the search box offers as the user types: known words, then titles
// of records that match what is typed so far.
struct Suggestions {
  std::vector<WordSuggestion> words;
  struct Title {
    std::string title, url;
  };
  std::vector<Title> records;
};

}  // namespace zwgk::search

#endif  // ZWGK_SEARCH_MODEL_H_
