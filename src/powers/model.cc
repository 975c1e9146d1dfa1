#include "powers/model.h"

#include <initializer_list>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "catalog/xlsx_table.h"
#include "core/status.h"

namespace zwgk::powers {
namespace {

struct TypeInfo {
  PowerType type;
  absl::string_view name, label;
};
constexpr TypeInfo kTypes[] = {
    {PowerType::kLicense, "license", "行政许可"},
    {PowerType::kPenalty, "penalty", "行政处罚"},
    {PowerType::kCoercion, "coercion", "行政强制"},
    {PowerType::kLevy, "levy", "行政征收"},
    {PowerType::kPayment, "payment", "行政给付"},
    {PowerType::kInspection, "inspection", "行政检查"},
    {PowerType::kConfirmation, "confirmation", "行政确认"},
    {PowerType::kReward, "reward", "行政奖励"},
    {PowerType::kAdjudication, "adjudication", "行政裁决"},
    {PowerType::kOther, "other", "其他行政权力"},
    {PowerType::kService, "service", "公共服务"},
};

struct AttributeInfo {
  Attribute attribute;
  absl::string_view name, label, record;
};
constexpr AttributeInfo kAttributes[] = {
    {Attribute::kUndecided, "undecided", "未认定", ""},
    {Attribute::kActive, "active", "主动公开", "active"},
    {Attribute::kOnRequest, "on_request", "依申请公开", "on_request"},
    {Attribute::kWithheld, "withheld", "不予公开", "withheld"},
};

using catalog::xlsx::CellAt;
using catalog::xlsx::ColumnOf;

// Without spaces around it (ASCII, U+3000 …), as the importers clean cells.
std::string Clean(absl::string_view s) { return catalog::xlsx::CleanCell(s); }

bool Blank(const std::vector<std::string>& row) {
  for (const std::string& c : row)
    if (!Clean(c).empty()) return false;
  return true;
}

}  // namespace

const std::vector<PowerType>& AllPowerTypes() {
  static const auto* all = [] {
    auto* v = new std::vector<PowerType>;
    for (const TypeInfo& t : kTypes) v->push_back(t.type);
    return v;
  }();
  return *all;
}

absl::string_view PowerTypeName(PowerType t) {
  for (const TypeInfo& i : kTypes)
    if (i.type == t) return i.name;
  return "other";
}

absl::string_view PowerTypeLabel(PowerType t) {
  for (const TypeInfo& i : kTypes)
    if (i.type == t) return i.label;
  return "其他行政权力";
}

std::optional<PowerType> ParsePowerType(absl::string_view s) {
  const std::string text = Clean(s);
  for (const TypeInfo& i : kTypes) {
    if (text == i.name || text == i.label) return i.type;
    // "许可" for "行政许可"; "其他" for "其他行政权力".
    absl::string_view short_label = i.label;
    if (absl::ConsumePrefix(&short_label, "行政") && text == short_label)
      return i.type;
  }
  if (text == "其他" || text == "其他权力") return PowerType::kOther;
  return std::nullopt;
}

absl::string_view AttributeName(Attribute a) {
  for (const AttributeInfo& i : kAttributes)
    if (i.attribute == a) return i.name;
  return "undecided";
}

absl::string_view AttributeLabel(Attribute a) {
  for (const AttributeInfo& i : kAttributes)
    if (i.attribute == a) return i.label;
  return "未认定";
}

std::optional<Attribute> ParseAttribute(absl::string_view s) {
  const std::string text = Clean(s);
  if (text.empty()) return Attribute::kUndecided;
  for (const AttributeInfo& i : kAttributes)
    if (text == i.name || text == i.label) return i.attribute;
  if (text == "主动") return Attribute::kActive;
  if (text == "依申请") return Attribute::kOnRequest;
  if (text == "不公开" || text == "不予公开") return Attribute::kWithheld;
  return std::nullopt;
}

absl::string_view RecordDisclosure(Attribute a) {
  for (const AttributeInfo& i : kAttributes)
    if (i.attribute == a) return i.record;
  return "";
}

std::optional<int> ParsePeriodDays(absl::string_view s) {
  std::string text = Clean(s);
  if (text.empty()) return 0;
  absl::string_view v = text;
  for (absl::string_view suffix : {"个工作日", "工作日", "日", "天"})
    if (absl::ConsumeSuffix(&v, suffix)) break;
  int days = 0;
  if (!absl::SimpleAtoi(v, &days) || days < 0 || days > 365)
    return std::nullopt;
  return days;
}

absl::StatusOr<std::vector<ImportRow>> RowsFromTable(
    const std::vector<std::vector<std::string>>& table) {
  size_t h = 0;
  while (h < table.size() && Blank(table[h])) ++h;
  if (h == table.size())
    return InvalidFields("文件中没有内容", {{"file", "文件中没有表头和数据"}});
  const std::vector<std::string>& header = table[h];
  const int code = ColumnOf(header, {"事项编码", "权力编码", "编码"});
  const int name = ColumnOf(header, {"事项名称", "权力事项名称", "名称"});
  const int type = ColumnOf(header, {"事项类型", "权力类型", "类型"});
  const int implementer = ColumnOf(header, {"实施主体", "责任主体"});
  const int basis = ColumnOf(header, {"设定依据", "法律依据", "依据"});
  const int stage = ColumnOf(header, {"环节", "办理环节", "流程环节"});
  const int info =
      ColumnOf(header, {"产生的信息", "产生的政府信息", "信息名称"});
  const int attribute = ColumnOf(header, {"公开属性"});
  const int ground = ColumnOf(header, {"不予公开依据", "不公开依据"});
  const int item = ColumnOf(header, {"目录事项", "对应目录事项", "公开事项"});
  const int period = ColumnOf(header, {"公开时限", "时限"});
  if (name < 0 || stage < 0)
    return InvalidFields(
        "表头缺少必需的列",
        {{"file", absl::StrCat("第", h + 1, "行表头须有“",
                               name < 0 ? "事项名称" : "环节", "”列")}});
  std::vector<ImportRow> out;
  ImportRow above;  // a merged 事项名称 continues the power above
  for (size_t r = h + 1; r < table.size(); ++r) {
    const std::vector<std::string>& row = table[r];
    if (Blank(row)) continue;
    ImportRow in{.row = static_cast<int>(r + 1),
                 .code = CellAt(row, code),
                 .name = CellAt(row, name),
                 .type = CellAt(row, type),
                 .implementer = CellAt(row, implementer),
                 .basis = CellAt(row, basis),
                 .stage = CellAt(row, stage),
                 .info = CellAt(row, info),
                 .attribute = CellAt(row, attribute),
                 .ground = CellAt(row, ground),
                 .catalog_item = CellAt(row, item),
                 .period = CellAt(row, period)};
    if (in.name.empty() && in.code.empty() && !above.name.empty()) {
      in.code = above.code;
      in.name = above.name;
      if (in.type.empty()) in.type = above.type;
      if (in.implementer.empty()) in.implementer = above.implementer;
      if (in.basis.empty()) in.basis = above.basis;
    }
    if (in.name.empty())
      return InvalidFields(
          "有一行缺少事项名称",
          {{"file", absl::StrCat("第", in.row, "行：请填写“事项名称”")}});
    if (in.stage.empty())
      return InvalidFields(
          "有一行缺少环节",
          {{"file",
            absl::StrCat("第", in.row, "行（", in.name,
                         "）：请填写“环节”，如受理、审查、决定、送达")}});
    above = in;
    out.push_back(std::move(in));
  }
  if (out.empty())
    return InvalidFields("文件中没有事项", {{"file", "表头下没有任何事项行"}});
  return out;
}

std::vector<Coverage> CoverageOf(const std::vector<Power>& powers) {
  std::vector<Coverage> out;
  std::map<int64_t, size_t> at;
  for (const Power& p : powers) {
    auto [it, added] = at.emplace(p.unit_id, out.size());
    if (added) out.push_back({.unit_id = p.unit_id, .unit_name = p.unit_name});
    Coverage& c = out[it->second];
    ++c.powers;
    bool with_item = false;
    for (const Stage& s : p.stages) {
      ++c.stages;
      with_item |= s.catalog_item_id.has_value();
      switch (s.attribute) {
        case Attribute::kUndecided:
          ++c.undecided;
          break;
        case Attribute::kActive:
          ++c.active;
          break;
        case Attribute::kOnRequest:
          ++c.on_request;
          break;
        case Attribute::kWithheld:
          ++c.withheld;
          break;
      }
    }
    if (!with_item) ++c.powers_without_item;
  }
  return out;
}

}  // namespace zwgk::powers
