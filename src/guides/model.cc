#include "guides/model.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace zwgk::guides {
namespace {

constexpr absl::string_view kNotCharged = "不收费";

std::string Trimmed(absl::string_view s) {
  return std::string(absl::StripAsciiWhitespace(s));
}

// Other names county templates use for an element (the API and the XLSX
// import accept them; everything is stored under the canonical name).
constexpr std::pair<absl::string_view, absl::string_view> kAliases[] = {
    {"办理机构", "实施主体"},     {"申请条件", "受理条件"},
    {"法定时限", "法定办结时限"}, {"承诺时限", "承诺办结时限"},
    {"网办地址", "网上办理地址"}, {"收费", "是否收费"},
    {"投诉电话", "监督投诉电话"}, {"受理时间", "办理时间"},
    {"受理地点", "办理地点"},     {"办理结果", "结果名称"},
    {"实施依据", "设定依据"},     {"服务对象", "受理范围"},
    {"现场次数", "到现场次数"},   {"结果送达", "送达方式"},
    {"咨询方式", "咨询电话"},     {"监督投诉方式", "监督投诉电话"},
};

// A whole number of working days ("20", "20个工作日", "20工作日"); nullopt
// for anything else (即办, 当场办结, text with conditions).
std::optional<int> WorkingDays(absl::string_view text) {
  absl::string_view s = absl::StripAsciiWhitespace(text);
  // A bare number means working days too; 天 (calendar days) is not
  // compared.
  if (!absl::ConsumeSuffix(&s, "个工作日")) absl::ConsumeSuffix(&s, "工作日");
  int n = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(s), &n) || n < 0)
    return std::nullopt;
  return n;
}

bool NotCharged(const Guide& g) {
  auto it = g.elements.find("收费标准");
  if (it != g.elements.end() && Trimmed(it->second) == kNotCharged) return true;
  it = g.elements.find("是否收费");
  return it != g.elements.end() &&
         (Trimmed(it->second) == "否" || Trimmed(it->second) == kNotCharged);
}

}  // namespace

const std::vector<ElementInfo>& AllElements() {
  // The printed guide's order; the two optional ones are filled where the
  // service has them (many county services have no code or online address
  // yet).
  static const std::vector<ElementInfo> kAll = {
      {"事项名称"},
      {"事项编码", /*key=*/false},
      {"事项类型"},
      {"实施主体"},
      {"设定依据", true, /*multiline=*/true},
      {"受理范围"},
      {"受理条件", true, /*multiline=*/true},
      {"办理地点"},
      {"办理时间"},
      {"办件类型"},
      {"到现场次数"},
      {"法定办结时限"},
      {"承诺办结时限"},
      {"是否收费"},
      {"收费依据"},
      {"收费标准"},
      {"结果名称"},
      {"送达方式"},
      {"网上办理地址", /*key=*/false},
      {"咨询电话"},
      {"监督投诉电话"},
  };
  return kAll;
}

const ElementInfo* FindElement(absl::string_view name) {
  absl::string_view n = absl::StripAsciiWhitespace(name);
  for (const auto& [alias, canonical] : kAliases) {
    if (n == alias) {
      n = canonical;
      break;
    }
  }
  for (const ElementInfo& e : AllElements()) {
    if (e.name == n) return &e;
  }
  return nullptr;
}

const std::vector<absl::string_view>& LifeEvents() {
  static const std::vector<absl::string_view> kEvents = {
      "出生",     "户籍",     "上学",     "就业",     "婚育",     "住房",
      "交通出行", "医疗",     "社会保障", "养老",     "残疾",     "救助",
      "身后事",   "企业开办", "经营许可", "工程建设", "农业生产", "企业注销"};
  return kEvents;
}

absl::string_view GuideStateName(GuideState s) {
  switch (s) {
    case GuideState::kDraft:
      return "draft";
    case GuideState::kSubmitted:
      return "submitted";
    case GuideState::kReviewed:
      return "reviewed";
    case GuideState::kPublished:
      return "published";
    case GuideState::kWithdrawn:
      return "withdrawn";
  }
  return "draft";
}

absl::string_view GuideStateLabel(GuideState s) {
  switch (s) {
    case GuideState::kDraft:
      return "草稿";
    case GuideState::kSubmitted:
      return "待审核";
    case GuideState::kReviewed:
      return "已审核";
    case GuideState::kPublished:
      return "已发布";
    case GuideState::kWithdrawn:
      return "已撤回";
  }
  return "草稿";
}

std::optional<GuideState> ParseGuideState(absl::string_view s) {
  for (GuideState st :
       {GuideState::kDraft, GuideState::kSubmitted, GuideState::kReviewed,
        GuideState::kPublished, GuideState::kWithdrawn}) {
    if (s == GuideStateName(st) || s == GuideStateLabel(st)) return st;
  }
  return std::nullopt;
}

std::vector<Missing> MissingElements(const Guide& g) {
  std::vector<Missing> out;
  const bool not_charged = NotCharged(g);
  for (const ElementInfo& e : AllElements()) {
    const std::string name(e.name);
    auto value = g.elements.find(name);
    const bool filled =
        value != g.elements.end() && !Trimmed(value->second).empty();
    if (filled) continue;
    auto na = g.not_applicable.find(name);
    if (na != g.not_applicable.end()) {
      if (Trimmed(na->second).empty()) {
        out.push_back({name, absl::StrCat(name, "标注为不涉及，但未注明理由")});
      }
      continue;
    }
    if (!e.key) continue;
    // A service that charges nothing has no 收费依据 to cite.
    if (name == "收费依据" && not_charged) continue;
    if (name == "事项名称" && !Trimmed(g.service).empty()) continue;
    out.push_back(
        {name, absl::StrCat("缺少", name, "（如不涉及，请注明理由）")});
  }
  if (g.materials.empty()) {
    out.push_back({"申请材料", "缺少申请材料（至少列出一项材料）"});
  }
  if (g.steps.empty()) {
    out.push_back({"办理流程", "缺少办理流程（至少列出一个步骤）"});
  }
  auto legal = g.elements.find("法定办结时限");
  auto promised = g.elements.find("承诺办结时限");
  if (legal != g.elements.end() && promised != g.elements.end()) {
    std::optional<int> l = WorkingDays(legal->second);
    std::optional<int> p = WorkingDays(promised->second);
    if (l && p && *p > *l) {
      out.push_back(
          {"承诺办结时限",
           absl::StrCat("承诺办结时限（", *p,
                        "个工作日）不能超过法定办结时限（", *l, "个工作日）")});
    }
  }
  return out;
}

absl::string_view BookScopeName(BookScope s) {
  switch (s) {
    case BookScope::kCounty:
      return "county";
    case BookScope::kDomain:
      return "domain";
    case BookScope::kUnit:
      return "unit";
    case BookScope::kTown:
      return "town";
  }
  return "county";
}

std::optional<BookScope> ParseBookScope(absl::string_view s) {
  for (BookScope b : {BookScope::kCounty, BookScope::kDomain, BookScope::kUnit,
                      BookScope::kTown}) {
    if (s == BookScopeName(b)) return b;
  }
  return std::nullopt;
}

}  // namespace zwgk::guides
