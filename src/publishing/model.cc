#include "publishing/model.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace zwgk::publishing {
namespace {

template <typename E, size_t N>
std::optional<E> Parse(absl::string_view s,
                       const std::pair<E, std::array<const char*, 2>> (&t)[N]) {
  for (const auto& [e, names] : t)
    if (s == names[0] || s == names[1]) return e;
  return std::nullopt;
}

template <typename E, size_t N>
absl::string_view Name(E e,
                       const std::pair<E, std::array<const char*, 2>> (&t)[N],
                       int which) {
  for (const auto& [k, names] : t)
    if (k == e) return names[which];
  return "";
}

constexpr std::pair<Status, std::array<const char*, 2>> kStatuses[] = {
    {Status::kDraft, {"draft", "草稿"}},
    {Status::kSubmitted, {"submitted", "待审查"}},
    {Status::kReviewed, {"reviewed", "审查通过"}},
    {Status::kPublished, {"published", "已发布"}},
    {Status::kUnpublished, {"unpublished", "已撤回"}},
};
constexpr std::pair<Disclosure, std::array<const char*, 2>> kDisclosures[] = {
    {Disclosure::kActive, {"active", "主动公开"}},
    {Disclosure::kOnRequest, {"on_request", "依申请公开"}},
    {Disclosure::kWithheld, {"withheld", "不予公开"}},
};
constexpr std::pair<Validity, std::array<const char*, 2>> kValidities[] = {
    {Validity::kValid, {"valid", "有效"}},
    {Validity::kAmended, {"amended", "已修改"}},
    {Validity::kRepealed, {"repealed", "已废止"}},
    {Validity::kExpired, {"expired", "已失效"}},
};
constexpr std::pair<DocClass, std::array<const char*, 2>> kDocClasses[] = {
    {DocClass::kOther, {"other", "其他"}},
    {DocClass::kRegulation, {"regulation", "规章"}},
    {DocClass::kNormative, {"normative", "行政规范性文件"}},
};
constexpr std::pair<RelationKind, std::array<const char*, 2>> kRelations[] = {
    {RelationKind::kInterprets, {"interprets", "解读"}},
    {RelationKind::kReplaces, {"replaces", "替代"}},
    {RelationKind::kAmends, {"amends", "修改"}},
    {RelationKind::kAttachmentOf, {"attachment_of", "附件"}},
};
constexpr std::pair<DueFilter, std::array<const char*, 2>> kDueFilters[] = {
    {DueFilter::kOverdue, {"overdue", "逾期"}},
    {DueFilter::kDueSoon, {"soon", "临近"}},
    {DueFilter::kOnTime, {"ontime", "按期"}},
};
constexpr std::pair<ListSort, std::array<const char*, 2>> kSorts[] = {
    {ListSort::kUpdated, {"updated", "最近更新"}},
    {ListSort::kFormed, {"formed", "成文日期"}},
    {ListSort::kDue, {"due", "应发布日期"}},
};

}  // namespace

absl::string_view DocClassName(DocClass c) { return Name(c, kDocClasses, 0); }
absl::string_view DocClassLabel(DocClass c) { return Name(c, kDocClasses, 1); }
std::optional<DocClass> ParseDocClass(absl::string_view s) {
  return Parse(s, kDocClasses);
}

Table2Records CountTable2(const std::vector<DocClassFacts>& rows, int year,
                          absl::string_view as_of) {
  Table2Records out{.year = year, .as_of = std::string(as_of)};
  std::string y = absl::StrCat(year);
  auto in_year = [&](const std::string& day) {
    return day.size() >= 4 && absl::string_view(day).substr(0, 4) == y;
  };
  for (const DocClassFacts& r : rows) {
    DocClassFigures* f = r.doc_class == DocClass::kRegulation  ? &out.regulation
                         : r.doc_class == DocClass::kNormative ? &out.normative
                                                               : nullptr;
    if (!f || r.first_published_on.empty()) continue;
    if (in_year(r.first_published_on)) ++f->issued;
    bool ended =
        r.validity == Validity::kRepealed || r.validity == Validity::kExpired;
    if (ended && in_year(r.validity_on)) ++f->repealed;
    // Dates are YYYY-MM-DD, so text order is date order.
    bool in_force =
        r.first_published_on <= as_of && r.status == Status::kPublished &&
        !(ended && (r.validity_on.empty() || r.validity_on <= as_of)) &&
        (r.valid_until.empty() || r.valid_until == kValidLongTerm ||
         r.valid_until >= as_of);
    if (in_force) ++f->in_force;
  }
  return out;
}

std::optional<DueFilter> ParseDueFilter(absl::string_view s) {
  return Parse(s, kDueFilters);
}
absl::string_view DueFilterName(DueFilter f) { return Name(f, kDueFilters, 0); }
std::optional<ListSort> ParseListSort(absl::string_view s) {
  return Parse(s, kSorts);
}
absl::string_view ListSortName(ListSort s) { return Name(s, kSorts, 0); }

std::string DueLabel(const DueInfo& d) {
  switch (d.state) {
    case DueState::kNone:
      return "";
    case DueState::kOnTime:
      return "按期发布";
    case DueState::kLate:
      return d.days > 0 ? absl::StrCat("逾期", d.days, "个工作日发布")
                        : "按期发布";
    case DueState::kOverdue:
      return d.days > 0 ? absl::StrCat("已逾期", d.days, "个工作日")
                        : "今日到期";
    case DueState::kDueSoon:
    case DueState::kRunning:
      return d.days > 0 ? absl::StrCat("剩余", d.days, "个工作日") : "今日到期";
  }
  return "";
}

absl::string_view StatusName(Status s) { return Name(s, kStatuses, 0); }
absl::string_view StatusLabel(Status s) { return Name(s, kStatuses, 1); }
std::optional<Status> ParseStatus(absl::string_view s) {
  return Parse(s, kStatuses);
}
absl::string_view DisclosureName(Disclosure d) {
  return Name(d, kDisclosures, 0);
}
absl::string_view DisclosureLabel(Disclosure d) {
  return Name(d, kDisclosures, 1);
}
std::optional<Disclosure> ParseDisclosure(absl::string_view s) {
  if (s == "主动") return Disclosure::kActive;
  if (s == "依申请") return Disclosure::kOnRequest;
  return Parse(s, kDisclosures);
}
absl::string_view ValidityName(Validity v) { return Name(v, kValidities, 0); }
absl::string_view ValidityLabel(Validity v) { return Name(v, kValidities, 1); }
std::optional<Validity> ParseValidity(absl::string_view s) {
  if (s == "废止") return Validity::kRepealed;
  if (s == "失效") return Validity::kExpired;
  return Parse(s, kValidities);
}
absl::string_view RelationName(RelationKind k) {
  return Name(k, kRelations, 0);
}
absl::string_view RelationLabel(RelationKind k) {
  return Name(k, kRelations, 1);
}
std::optional<RelationKind> ParseRelation(absl::string_view s) {
  return Parse(s, kRelations);
}

std::string RecordUrl(int64_t id) { return absl::StrCat("/records/", id); }

}  // namespace zwgk::publishing
