// JSON import and export of catalogs, in the format of issue 4.
#include "nlohmann/json.hpp"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "catalog/excel.h"
#include "catalog/item.h"
#include "catalog/text.h"
#include "core/json.h"

namespace zwgk::catalog {
namespace {

using Json = nlohmann::ordered_json;

constexpr size_t kProblemsInMessage = 10;

template <typename T>
Json Names(const std::vector<T>& values, absl::string_view (*name)(T)) {
  Json out = Json::array();
  for (T v : values) out.push_back(name(v));
  return out;
}

Json CatalogToJson(const Catalog& catalog) {
  Json items = Json::array();
  for (const CatalogItem& i : catalog.items) {
    Json j;
    j["seq"] = i.seq;
    j["level1"] = i.level1;
    j["level2"] = i.level2;
    if (i.level3) j["level3"] = *i.level3;
    j["elements"] = i.elements;
    j["basis"] = i.basis;
    j["time_limit"] = i.time_limit.text;
    if (!i.time_limit.clock.empty()) j["time_limit_clock"] = i.time_limit.clock;
    j["subject"] = i.subject;
    j["channels"] = i.channels;
    j["audience"] = Names(i.audience, AudienceName);
    j["audience_detail"] = i.audience_detail;
    j["method"] = Names(i.method, MethodName);
    j["levels"] = Names(i.levels, LevelName);
    if (i.example) j["example"] = true;
    items.push_back(std::move(j));
  }
  Json out;
  out["domain"] = catalog.domain;
  out["version"] = catalog.version ? Json(*catalog.version) : Json();
  out["items"] = std::move(items);
  return out;
}

std::string Dump(const Json& j) {
  return j.dump(2, ' ', /*ensure_ascii=*/false,
                Json::error_handler_t::replace) +
         "\n";
}

// Reads one item's fields, collecting "field: reason" problems.
class ItemReader {
 public:
  explicit ItemReader(const Json& j) : j_(j) {}

  std::string String(const char* key, bool optional = false) {
    if (!j_.contains(key) || j_[key].is_null()) {
      if (!optional) problems_.push_back({key, "缺少此字段"});
      return "";
    }
    if (!j_[key].is_string()) {
      problems_.push_back({key, "应为字符串"});
      return "";
    }
    return j_[key].get<std::string>();
  }

  std::vector<std::string> Strings(const char* key) {
    std::vector<std::string> out;
    if (!j_.contains(key) || j_[key].is_null()) return out;
    if (!j_[key].is_array()) {
      problems_.push_back({key, "应为字符串数组"});
      return out;
    }
    for (const Json& e : j_[key]) {
      if (!e.is_string()) {
        problems_.push_back({key, "应为字符串数组"});
        return {};
      }
      out.push_back(e.get<std::string>());
    }
    return out;
  }

  template <typename T>
  std::vector<T> Enums(const char* key,
                       std::optional<T> (*parse)(absl::string_view),
                       absl::string_view allowed) {
    std::vector<T> out;
    for (const std::string& s : Strings(key)) {
      if (std::optional<T> v = parse(s)) {
        out.push_back(*v);
      } else {
        problems_.push_back(
            {key, absl::StrCat("“", s, "”无效，应为", allowed)});
      }
    }
    return out;
  }

  CatalogItem Read() {
    CatalogItem item;
    if (!j_.contains("seq") || !j_["seq"].is_number_integer()) {
      problems_.push_back({"seq", "应为正整数"});
    } else {
      const int64_t seq = j_["seq"].get<int64_t>();
      item.seq = seq > 0 && seq <= 1000000000 ? static_cast<int>(seq) : 0;
    }
    item.level1 = String("level1");
    item.level2 = String("level2");
    if (j_.contains("level3") && !j_["level3"].is_null())
      item.level3 = String("level3");
    item.elements = String("elements");
    item.basis = String("basis");
    item.time_limit.text = String("time_limit");
    item.time_limit.clock = String("time_limit_clock", /*optional=*/true);
    item.subject = String("subject");
    item.channels = Strings("channels");
    item.audience =
        Enums<Audience>("audience", ParseAudience, "全社会或特定群众");
    item.audience_detail = String("audience_detail", /*optional=*/true);
    item.method = Enums<Method>("method", ParseMethod, "主动或依申请公开");
    item.levels = Enums<Level>("levels", ParseLevel, "县级、乡级或村级");
    if (j_.contains("example")) {
      if (j_["example"].is_boolean()) {
        item.example = j_["example"].get<bool>();
      } else {
        problems_.push_back({"example", "应为 true 或 false"});
      }
    }
    return item;
  }

  std::vector<FieldProblem>& problems() { return problems_; }

 private:
  const Json& j_;
  std::vector<FieldProblem> problems_;
};

absl::StatusOr<Catalog> CatalogFromJson(const Json& j,
                                        const ChannelRegistry* channels,
                                        const std::string& where) {
  if (!j.is_object())
    return absl::InvalidArgumentError(absl::StrCat(where, "应为 JSON 对象"));
  Catalog catalog;
  if (!j.contains("domain") || !j["domain"].is_string() ||
      j["domain"].get<std::string>().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, "缺少领域名称（domain）"));
  }
  catalog.domain = j["domain"].get<std::string>();
  if (j.contains("version") && !j["version"].is_null()) {
    if (!j["version"].is_number_integer() || j["version"].get<int64_t>() < 1 ||
        j["version"].get<int64_t>() > 1000000000) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, "的版本号（version）应为正整数或 null"));
    }
    catalog.version = static_cast<int>(j["version"].get<int64_t>());
  }
  if (!j.contains("items") || !j["items"].is_array()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, "缺少事项数组（items）"));
  }
  std::vector<std::string> problems;
  size_t index = 0;
  for (const Json& ji : j["items"]) {
    const std::string item_where = absl::StrCat("items[", index++, "]");
    if (!ji.is_object()) {
      problems.push_back(absl::StrCat(item_where, "：应为 JSON 对象"));
      continue;
    }
    ItemReader reader(ji);
    CatalogItem item = reader.Read();
    Normalize(item, channels);
    std::vector<FieldProblem>& item_problems = reader.problems();
    if (item_problems.empty()) item_problems = Validate(item);
    for (const FieldProblem& p : item_problems) {
      problems.push_back(
          absl::StrCat(item_where, ".", p.field, "：", p.reason));
    }
    catalog.items.push_back(std::move(item));
  }
  if (!problems.empty()) {
    std::vector<std::string> shown(
        problems.begin(),
        problems.begin() + std::min(problems.size(), kProblemsInMessage));
    std::string message =
        absl::StrCat(where, "（", catalog.domain, "）有", problems.size(),
                     "处问题：\n", absl::StrJoin(shown, "\n"));
    if (problems.size() > kProblemsInMessage) absl::StrAppend(&message, "\n……");
    return absl::InvalidArgumentError(message);
  }
  return catalog;
}

absl::StatusOr<Json> Parse(absl::string_view json) {
  // A catalog is tables of text: 8 levels are plenty.
  return ParseJson(json, {.max_depth = 8, .max_bytes = 32u << 20});
}

}  // namespace

std::string ExportJson(const Catalog& catalog) {
  return Dump(CatalogToJson(catalog));
}

std::string ExportJsonList(const std::vector<Catalog>& catalogs) {
  Json out = Json::array();
  for (const Catalog& c : catalogs) out.push_back(CatalogToJson(c));
  return Dump(out);
}

absl::StatusOr<Catalog> ImportJson(absl::string_view json,
                                   const ChannelRegistry* channels) {
  absl::StatusOr<Json> j = Parse(json);
  if (!j.ok()) return j.status();
  return CatalogFromJson(*j, channels, "目录");
}

absl::StatusOr<std::vector<Catalog>> ImportJsonList(
    absl::string_view json, const ChannelRegistry* channels) {
  absl::StatusOr<Json> j = Parse(json);
  if (!j.ok()) return j.status();
  std::vector<Catalog> out;
  if (j->is_object()) {
    absl::StatusOr<Catalog> c = CatalogFromJson(*j, channels, "目录");
    if (!c.ok()) return c.status();
    out.push_back(*std::move(c));
    return out;
  }
  if (!j->is_array())
    return absl::InvalidArgumentError("应为目录对象或目录数组");
  for (size_t i = 0; i < j->size(); ++i) {
    absl::StatusOr<Catalog> c =
        CatalogFromJson((*j)[i], channels, absl::StrCat("第", i + 1, "个目录"));
    if (!c.ok()) return c.status();
    out.push_back(*std::move(c));
  }
  return out;
}

}  // namespace zwgk::catalog
