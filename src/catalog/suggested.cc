#include "catalog/suggested.h"

#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "catalog/item.h"
#include "core/json.h"
#include "core/status.h"

namespace zwgk::catalog {
namespace {

// Names the sources use for domains the seed (附件1) names differently.
const std::map<std::string, std::string, std::less<>>& Renames() {
  static const auto* kRenames =
      new std::map<std::string, std::string, std::less<>>{
          {"环境保护(生态环境)", "环境保护"},
          {"扶贫(乡村振兴)", "扶贫"},
          {"就业(就业创业)", "就业创业"},
          {"医疗卫生(卫生健康)", "医疗卫生"},
          {"城乡规划", "国土空间规划"},
      };
  return *kRenames;
}

std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

CatalogItem ItemFromJson(const nlohmann::json& j, int seq) {
  CatalogItem it{.seq = seq,
                 .level1 = Str(j, "level1"),
                 .level2 = Str(j, "level2"),
                 .elements = Str(j, "elements"),
                 .basis = Str(j, "basis"),
                 .subject = Str(j, "subject")};
  if (std::string l3 = Str(j, "level3"); !l3.empty()) it.level3 = l3;
  it.time_limit.text = Str(j, "time_limit");
  if (std::string a = Str(j, "audience"); !a.empty()) {
    if (std::optional<Audience> parsed = ParseAudience(a)) {
      it.audience.push_back(*parsed);
    } else {
      it.import_notes.push_back(
          {"audience", absl::StrCat("公开对象“", a, "”无法识别")});
    }
  }
  if (std::string m = Str(j, "mode"); !m.empty()) {
    if (std::optional<Method> parsed = ParseMethod(m)) {
      it.method.push_back(*parsed);
    } else {
      it.import_notes.push_back(
          {"method", absl::StrCat("公开方式“", m, "”无法识别")});
    }
  }
  return it;
}

// The web address in one source note ("zs.gov.cn/a.html", "copy of a
// county catalogue: b.gov.cn/c", "guideline cited in d.gov.cn/e"): the first
// word that looks like an address. The notes around it are the researcher's
// English; the unit needs the address.
std::string SourceAddress(absl::string_view note) {
  for (absl::string_view word : absl::StrSplit(note, ' ', absl::SkipEmpty())) {
    word = absl::StripSuffix(absl::StripSuffix(word, ","), ";");
    if (word.find('.') == absl::string_view::npos) continue;
    bool address = true;
    for (char c : word) {
      if (!(absl::ascii_isalnum(c) ||
            absl::string_view("./_-?=&%#:~+").find(c) !=
                absl::string_view::npos)) {
        address = false;
        break;
      }
    }
    if (address && absl::ascii_isalpha(word.front())) return std::string(word);
  }
  return "";
}

}  // namespace

std::string SeedDomainName(absl::string_view source_name) {
  auto it = Renames().find(source_name);
  return it == Renames().end() ? std::string(source_name) : it->second;
}

absl::StatusOr<std::map<std::string, Suggestion>> ParseSuggestions(
    absl::string_view json) {
  ZWGK_ASSIGN_OR_RETURN(nlohmann::json doc, ParseJson(json));
  if (!doc.is_array())
    return absl::InvalidArgumentError("建议目录数据应为数组");
  std::map<std::string, Suggestion> out;
  for (const nlohmann::json& d : doc) {
    if (!d.is_object()) continue;
    Suggestion s{.domain = SeedDomainName(Str(d, "domain")),
                 .guideline = Str(d, "guideline")};
    for (absl::string_view note :
         absl::StrSplit(Str(d, "source"), "; ", absl::SkipWhitespace())) {
      if (std::string address = SourceAddress(note); !address.empty())
        s.sources.push_back(std::move(address));
    }
    auto items = d.find("items");
    if (items != d.end() && items->is_array()) {
      for (const nlohmann::json& j : *items) {
        if (j.is_object())
          s.items.push_back(
              ItemFromJson(j, static_cast<int>(s.items.size()) + 1));
      }
    }
    if (!s.domain.empty()) out[s.domain] = std::move(s);
  }
  return out;
}

Suggestion MergeSuggestion(const Catalog* examples, const Suggestion* found) {
  Suggestion out;
  if (found) out = *found;
  if (examples) out.domain = examples->domain;
  out.items.clear();
  std::set<std::string> named;
  auto add = [&](CatalogItem it) {
    std::string name = ItemName(it);
    if (!named.insert(name).second) return;
    it.seq = static_cast<int>(out.items.size()) + 1;
    out.items.push_back(std::move(it));
  };
  if (examples) {
    for (const CatalogItem& it : examples->items) add(it);
  }
  if (found) {
    for (const CatalogItem& it : found->items) add(it);
  }
  return out;
}

}  // namespace zwgk::catalog
