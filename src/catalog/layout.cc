#include "catalog/layout.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "catalog/channels.h"
#include "catalog/text.h"

namespace zwgk::catalog::layout {
namespace {

constexpr Column kColumns[] = {
    {Field::kSeq, "", "序号", 5},
    {Field::kLevel1, "公开事项", "一级事项", 12},
    {Field::kLevel2, "公开事项", "二级事项", 13},
    {Field::kLevel3, "公开事项", "三级事项", 13},
    {Field::kElements, "", "公开内容（要素）", 28},
    {Field::kBasis, "", "公开依据", 28},
    {Field::kTimeLimit, "", "公开时限", 14},
    {Field::kSubject, "", "公开主体", 11},
    {Field::kChannels, "", "公开渠道和载体", 30},
    {Field::kPublic, "公开对象", "全社会", 5},
    {Field::kGroup, "公开对象", "特定群众", 7},
    {Field::kProactive, "公开方式", "主动", 5},
    {Field::kOnRequest, "公开方式", "依申请公开", 6},
    {Field::kCounty, "公开层级", "县级", 5},
    {Field::kTownship, "公开层级", "乡级", 5},
    {Field::kVillage, "公开层级", "村级", 5},
    {Field::kNote, "", "备注", 10},
};

// Spaces removed and a trailing bracketed remark dropped.
std::string Normalize(absl::string_view label) {
  std::string s = text::RemoveSpaces(label);
  for (absl::string_view open : {"（", "("}) {
    const size_t pos = absl::string_view(s).find(open);
    if (pos != std::string::npos && pos > 0) s.resize(pos);
  }
  return s;
}

}  // namespace

std::vector<Column> ExportColumns(const Catalog& catalog) {
  const bool level3 =
      std::any_of(catalog.items.begin(), catalog.items.end(),
                  [](const CatalogItem& i) { return i.level3.has_value(); });
  const bool levels =
      std::any_of(catalog.items.begin(), catalog.items.end(),
                  [](const CatalogItem& i) { return !i.levels.empty(); });
  const bool note = std::any_of(catalog.items.begin(), catalog.items.end(),
                                [](const CatalogItem& i) { return i.example; });
  std::vector<Column> out;
  for (const Column& c : kColumns) {
    if (c.field == Field::kLevel3 && !level3) continue;
    if ((c.field == Field::kCounty || c.field == Field::kTownship ||
         c.field == Field::kVillage) &&
        !levels) {
      continue;
    }
    if (c.field == Field::kNote && !note) continue;
    out.push_back(c);
  }
  return out;
}

std::optional<Field> MatchLabel(absl::string_view label) {
  const std::string s = Normalize(label);
  if (s.empty()) return std::nullopt;
  struct Rule {
    absl::string_view prefix;
    Field field;
  };
  static constexpr Rule kRules[] = {
      {"序号", Field::kSeq},          {"一级", Field::kLevel1},
      {"二级", Field::kLevel2},       {"三级", Field::kLevel3},
      {"公开内容", Field::kElements}, {"事项内容", Field::kElements},
      {"公开依据", Field::kBasis},    {"公开时限", Field::kTimeLimit},
      {"公开主体", Field::kSubject},  {"公开渠道", Field::kChannels},
      {"公开载体", Field::kChannels}, {"全社会", Field::kPublic},
      {"特定", Field::kGroup},        {"主动", Field::kProactive},
      {"依申请", Field::kOnRequest},  {"县级", Field::kCounty},
      {"乡级", Field::kTownship},     {"乡镇级", Field::kTownship},
      {"村级", Field::kVillage},      {"备注", Field::kNote},
  };
  for (const Rule& r : kRules) {
    if (absl::StartsWith(s, r.prefix)) return r.field;
  }
  // "公开事项一级事项" when a writer flattened the two-level header;
  // "载体及渠道" and the like.
  for (const Rule& r :
       {Rule{"一级事项", Field::kLevel1}, Rule{"二级事项", Field::kLevel2},
        Rule{"三级事项", Field::kLevel3}, Rule{"渠道", Field::kChannels},
        Rule{"载体", Field::kChannels}}) {
    if (absl::StrContains(s, r.prefix)) return r.field;
  }
  static constexpr Rule kExact[] = {
      {"内容", Field::kElements},  {"依据", Field::kBasis},
      {"时限", Field::kTimeLimit}, {"主体", Field::kSubject},
      {"县", Field::kCounty},      {"乡镇", Field::kTownship},
      {"乡", Field::kTownship},    {"村", Field::kVillage},
  };
  for (const Rule& r : kExact) {
    if (s == r.prefix) return r.field;
  }
  return std::nullopt;
}

bool IsGroupLabel(absl::string_view label) {
  const std::string s = Normalize(label);
  return s == "公开事项" || s == "公开对象" || s == "公开方式" ||
         s == "公开层级";
}

absl::string_view FieldLabel(Field field) {
  for (const Column& c : kColumns) {
    if (c.field == field) return c.label;
  }
  return "";
}

std::optional<Field> FieldForProblem(absl::string_view json_field) {
  static constexpr std::pair<absl::string_view, Field> kMap[] = {
      {"seq", Field::kSeq},
      {"level1", Field::kLevel1},
      {"level2", Field::kLevel2},
      {"level3", Field::kLevel3},
      {"elements", Field::kElements},
      {"basis", Field::kBasis},
      {"time_limit", Field::kTimeLimit},
      {"subject", Field::kSubject},
      {"channels", Field::kChannels},
      {"audience", Field::kPublic},
      {"audience_detail", Field::kGroup},
      {"method", Field::kProactive},
  };
  for (const auto& [name, field] : kMap) {
    if (name == json_field) return field;
  }
  return std::nullopt;
}

absl::string_view ProblemKey(Field field) {
  switch (field) {
    case Field::kSeq:
      return "seq";
    case Field::kLevel1:
      return "level1";
    case Field::kLevel2:
      return "level2";
    case Field::kLevel3:
      return "level3";
    case Field::kElements:
      return "elements";
    case Field::kBasis:
      return "basis";
    case Field::kTimeLimit:
      return "time_limit";
    case Field::kSubject:
      return "subject";
    case Field::kChannels:
      return "channels";
    case Field::kPublic:
    case Field::kGroup:
      return "audience";
    case Field::kProactive:
    case Field::kOnRequest:
      return "method";
    case Field::kCounty:
    case Field::kTownship:
    case Field::kVillage:
      return "levels";
    case Field::kNote:
      return "example";
  }
  return "";
}

std::string FormatField(const CatalogItem& item, Field field,
                        const std::vector<std::string>& checklist) {
  auto check = [](bool on) {
    return on ? std::string(layout::kCheck) : std::string();
  };
  auto has = [](const auto& list, auto value) {
    return std::find(list.begin(), list.end(), value) != list.end();
  };
  switch (field) {
    case Field::kSeq:
      return absl::StrCat(item.seq);
    case Field::kLevel1:
      return item.level1;
    case Field::kLevel2:
      return item.level2;
    case Field::kLevel3:
      return item.level3.value_or("");
    case Field::kElements:
      return item.elements;
    case Field::kBasis:
      return item.basis;
    case Field::kTimeLimit:
      return item.time_limit.text;
    case Field::kSubject:
      return item.subject;
    case Field::kChannels: {
      std::vector<std::string> unused;
      for (const std::string& c : checklist) {
        if (!has(item.channels, c)) unused.push_back(c);
      }
      return FormatChannelCell(item.channels, unused);
    }
    case Field::kPublic:
      return check(has(item.audience, Audience::kPublic));
    case Field::kGroup:
      if (!has(item.audience, Audience::kGroup)) return "";
      return item.audience_detail.empty() ? std::string(layout::kCheck)
                                          : item.audience_detail;
    case Field::kProactive:
      return check(has(item.method, Method::kProactive));
    case Field::kOnRequest:
      return check(has(item.method, Method::kOnRequest));
    case Field::kCounty:
      return check(has(item.levels, Level::kCounty));
    case Field::kTownship:
      return check(has(item.levels, Level::kTownship));
    case Field::kVillage:
      return check(has(item.levels, Level::kVillage));
    case Field::kNote:
      return item.example ? std::string(layout::kExampleNote) : "";
  }
  return "";
}

}  // namespace zwgk::catalog::layout
