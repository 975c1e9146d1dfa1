#include "inspection/model.h"

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "core/date.h"

namespace zwgk::inspection {
namespace {

struct IndicatorInfo {
  Indicator indicator;
  absl::string_view code, label, rule;
  bool veto;
};

constexpr std::array<IndicatorInfo, kIndicatorCount> kInfo = {{
    {Indicator::kHomeUpdated, "A2", "首页更新",
     "首页在2周内有更新；没有发布日期的信息视为未更新", true},
    {Indicator::kNewsColumns, "A3", "动态要闻类栏目",
     "动态、要闻类栏目2周内有更新（计入A5）", false},
    {Indicator::kNoticeColumns, "A4", "通知公告、政策文件类栏目",
     "通知公告、政策文件类栏目6个月内有更新（计入A5）", false},
    {Indicator::kStaleColumns, "A5", "栏目不更新",
     "A3、A4未更新栏目合计5个及以上，或应更新未更新栏目10个及以上，单项否决",
     true},
    {Indicator::kBlankColumns, "A6", "空白栏目",
     "空白栏目（开设后从未发布信息）5个及以上，单项否决", true},
    {Indicator::kMessages, "A9", "留言办理",
     "近1年内没有超过3个月未答复的有效留言", true},
    {Indicator::kGuides, "A11", "办事服务", "提供办事服务，办事指南要素齐全",
     true},
    {Indicator::kPublishDates, "A13", "发布日期真实", "发布日期不得伪造、倒签",
     true},
    {Indicator::kFooter, "A15", "网站标识信息",
     "页面底部有主办单位、联系方式、网站标识码、ICP备案号、公安机关备案号、"
     "党政机关网站标识和“我为政府网站找错”入口",
     false},
    {Indicator::kMeta, "A16", "网页元数据",
     "页面有SiteName、SiteDomain、SiteIDCode、ColumnName、ColumnType元数据，"
     "文章页另有ArticleTitle、PubDate、ContentSource",
     false},
    {Indicator::kPolicyValidity, "A18", "规范性文件有效性",
     "规范性文件标注有效期，过期文件及时标注失效", false},
    {Indicator::kInterpretation, "A19", "政策解读", "规范性文件按时发布解读",
     false},
    {Indicator::kBrokenLinks, "links", "链接可用性", "站内链接可正常访问",
     false},
    {Indicator::kMissingAttachments, "attachments", "附件可用性",
     "附件可正常下载", false},
}};

const IndicatorInfo& Info(Indicator i) { return kInfo[static_cast<size_t>(i)]; }

// At most this many findings per indicator are kept in a report; the count
// stays exact.
constexpr size_t kMaxFindingsPerIndicator = 200;

}  // namespace

std::vector<Indicator> AllIndicators() {
  std::vector<Indicator> out;
  for (const IndicatorInfo& i : kInfo) out.push_back(i.indicator);
  return out;
}
absl::string_view IndicatorCode(Indicator i) { return Info(i).code; }
absl::string_view IndicatorLabel(Indicator i) { return Info(i).label; }
absl::string_view IndicatorRule(Indicator i) { return Info(i).rule; }
std::optional<Indicator> ParseIndicator(absl::string_view code) {
  for (const IndicatorInfo& i : kInfo)
    if (i.code == code) return i.indicator;
  return std::nullopt;
}

absl::string_view OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kPass:
      return "pass";
    case Outcome::kFail:
      return "fail";
    case Outcome::kVeto:
      return "veto";
    case Outcome::kNotChecked:
      return "skipped";
  }
  return "skipped";
}
absl::string_view OutcomeLabel(Outcome o) {
  switch (o) {
    case Outcome::kPass:
      return "合格";
    case Outcome::kFail:
      return "不合格";
    case Outcome::kVeto:
      return "单项否决";
    case Outcome::kNotChecked:
      return "未检查";
  }
  return "未检查";
}
std::optional<Outcome> ParseOutcome(absl::string_view name) {
  for (Outcome o :
       {Outcome::kPass, Outcome::kFail, Outcome::kVeto, Outcome::kNotChecked})
    if (OutcomeName(o) == name) return o;
  return std::nullopt;
}

std::optional<int64_t> DaysBetween(absl::string_view from,
                                   absl::string_view to) {
  absl::StatusOr<absl::CivilDay> a = ParseDate(from.substr(0, 10));
  absl::StatusOr<absl::CivilDay> b = ParseDate(to.substr(0, 10));
  if (!a.ok() || !b.ok()) return std::nullopt;
  return *b - *a;
}

namespace {

// The outcome of one indicator from whether it was checked, its count and
// the threshold that makes it a veto (0: never a veto, any count fails).
struct Judged {
  Outcome outcome;
  int64_t count;
  std::string summary;
};

Judged Count(bool checked, int64_t count, int64_t veto_at,
             absl::string_view unit_words) {
  if (!checked) return {Outcome::kNotChecked, 0, "本次未检查"};
  if (count == 0) return {Outcome::kPass, 0, "未发现问题"};
  if (veto_at > 0 && count >= veto_at)
    return {Outcome::kVeto, count,
            absl::StrCat(unit_words, count, "个，达到单项否决标准（", veto_at,
                         "个）")};
  return {Outcome::kFail, count, absl::StrCat(unit_words, count, "个")};
}

Judged JudgeHome(const Facts& f) {
  if (!f.home_checked) return {Outcome::kNotChecked, 0, "本次未检查"};
  if (!f.home_reachable) return {Outcome::kVeto, 0, "首页无法访问"};
  if (f.home_newest_on.empty())
    return {Outcome::kVeto, 0, "首页没有带发布日期的信息，视为未更新"};
  const std::optional<int64_t> days = DaysBetween(f.home_newest_on, f.as_of);
  if (!days) return {Outcome::kVeto, 0, "首页信息的发布日期无法识别"};
  if (*days > kHomeUpdateDays)
    return {Outcome::kVeto, *days,
            absl::StrCat("首页最新信息发布于", f.home_newest_on, "，已", *days,
                         "天未更新（标准：", kHomeUpdateDays, "天）")};
  return {Outcome::kPass, *days,
          absl::StrCat("首页最新信息发布于", f.home_newest_on)};
}

Judged JudgeStale(const Facts& f) {
  if (!f.columns_checked) return {Outcome::kNotChecked, 0, "本次未检查"};
  const int64_t main = f.stale_news + f.stale_notices;
  const int64_t all = main + f.stale_other;
  if (all == 0) return {Outcome::kPass, 0, "未发现超期未更新的栏目"};
  const std::string text =
      absl::StrCat("动态要闻、通知公告和政策文件类未更新栏目", main,
                   "个，应更新未更新栏目共", all, "个");
  if (main >= kStaleVeto || all >= kStaleAnyVeto)
    return {Outcome::kVeto, all,
            absl::StrCat(text, "，达到单项否决标准（", kStaleVeto, "个或",
                         kStaleAnyVeto, "个）")};
  return {Outcome::kFail, all, text};
}

Judged JudgeGuides(const Facts& f) {
  if (!f.guides_checked) return {Outcome::kNotChecked, 0, "本次未检查"};
  if (!f.services_present)
    return {Outcome::kVeto, 0, "网站未提供办事服务（没有已发布的办事指南）"};
  if (f.guides_incomplete > 0)
    return {Outcome::kVeto, f.guides_incomplete,
            absl::StrCat("要素不全的办事指南", f.guides_incomplete, "个")};
  return {Outcome::kPass, 0, "办事指南要素齐全"};
}

Judged JudgeDates(const Facts& f) {
  if (!f.dates_checked) return {Outcome::kNotChecked, 0, "本次未检查"};
  const int64_t n = f.backdate_attempts + f.inconsistent_dates;
  if (n == 0) return {Outcome::kPass, 0, "未发现倒签或矛盾的发布日期"};
  return {Outcome::kVeto, n,
          absl::StrCat("倒签发布日期的操作", f.backdate_attempts,
                       "次，发布日期矛盾的信息", f.inconsistent_dates, "条")};
}

Judged JudgeOne(const Facts& f, Indicator i) {
  switch (i) {
    case Indicator::kHomeUpdated:
      return JudgeHome(f);
    case Indicator::kNewsColumns:
      return Count(f.columns_checked, f.stale_news, 0, "超期未更新的栏目");
    case Indicator::kNoticeColumns:
      return Count(f.columns_checked, f.stale_notices, 0, "超期未更新的栏目");
    case Indicator::kStaleColumns:
      return JudgeStale(f);
    case Indicator::kBlankColumns:
      return Count(f.columns_checked, f.blank, kBlankVeto, "空白栏目");
    case Indicator::kMessages:
      return Count(f.messages_checked, f.unanswered_over_three_months, 1,
                   "超过3个月未答复的留言");
    case Indicator::kGuides:
      return JudgeGuides(f);
    case Indicator::kPublishDates:
      return JudgeDates(f);
    case Indicator::kFooter:
      return Count(f.crawled, f.pages_without_footer, 0, "标识信息不全的页面");
    case Indicator::kMeta:
      return Count(f.crawled, f.pages_without_meta, 0, "元数据不全的页面");
    case Indicator::kPolicyValidity:
      return Count(f.policies_checked, f.policies_without_validity, 0,
                   "有效性标注有误的规范性文件");
    case Indicator::kInterpretation:
      return Count(f.policies_checked, f.policies_without_interpretation, 0,
                   "未按时解读的规范性文件");
    case Indicator::kBrokenLinks:
      return Count(f.crawled, f.broken_links, 0, "无法访问的站内链接");
    case Indicator::kMissingAttachments:
      return Count(f.crawled, f.missing_attachments, 0, "无法下载的附件");
  }
  return {Outcome::kNotChecked, 0, ""};
}

}  // namespace

Verdict Judge(const Facts& facts) {
  Verdict v;
  for (Indicator i : AllIndicators()) {
    Judged j = JudgeOne(facts, i);
    IndicatorResult r{.indicator = i,
                      .outcome = j.outcome,
                      .veto_item = Info(i).veto,
                      .count = j.count,
                      .summary = std::move(j.summary)};
    for (const Finding& f : facts.findings) {
      if (f.indicator != i) continue;
      if (r.findings.size() == kMaxFindingsPerIndicator) {
        absl::StrAppend(&r.summary, "（仅列出前", kMaxFindingsPerIndicator,
                        "项）");
        break;
      }
      r.findings.push_back(f);
    }
    if (r.outcome == Outcome::kVeto) ++v.vetoes;
    if (r.outcome == Outcome::kFail) ++v.failures;
    v.findings += static_cast<int64_t>(r.findings.size());
    v.results.push_back(std::move(r));
  }
  v.passed = v.vetoes == 0;
  return v;
}

nlohmann::json FindingJson(const Finding& f) {
  return {{"indicator", IndicatorCode(f.indicator)},
          {"text", f.text},
          {"url", f.url}};
}

nlohmann::json VerdictJson(const Verdict& v) {
  nlohmann::json results = nlohmann::json::array();
  for (const IndicatorResult& r : v.results) {
    nlohmann::json findings = nlohmann::json::array();
    for (const Finding& f : r.findings) findings.push_back(FindingJson(f));
    results.push_back({{"indicator", IndicatorCode(r.indicator)},
                       {"label", IndicatorLabel(r.indicator)},
                       {"outcome", OutcomeName(r.outcome)},
                       {"veto_item", r.veto_item},
                       {"count", r.count},
                       {"summary", r.summary},
                       {"findings", std::move(findings)}});
  }
  return {{"passed", v.passed},
          {"vetoes", v.vetoes},
          {"failures", v.failures},
          {"findings", v.findings},
          {"results", std::move(results)}};
}

namespace {
std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}
int64_t Int(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}
}  // namespace

Verdict VerdictFromJson(const nlohmann::json& j) {
  Verdict v;
  if (!j.is_object()) return v;
  auto results = j.find("results");
  if (results == j.end() || !results->is_array()) return v;
  for (const nlohmann::json& r : *results) {
    if (!r.is_object()) continue;
    std::optional<Indicator> i = ParseIndicator(Str(r, "indicator"));
    if (!i) continue;
    IndicatorResult out{
        .indicator = *i,
        .outcome =
            ParseOutcome(Str(r, "outcome")).value_or(Outcome::kNotChecked),
        .veto_item = Info(*i).veto,
        .count = Int(r, "count"),
        .summary = Str(r, "summary")};
    auto findings = r.find("findings");
    if (findings != r.end() && findings->is_array()) {
      for (const nlohmann::json& f : *findings) {
        if (!f.is_object()) continue;
        out.findings.push_back(
            {.indicator = *i, .text = Str(f, "text"), .url = Str(f, "url")});
      }
    }
    if (out.outcome == Outcome::kVeto) ++v.vetoes;
    if (out.outcome == Outcome::kFail) ++v.failures;
    v.findings += static_cast<int64_t>(out.findings.size());
    v.results.push_back(std::move(out));
  }
  v.passed = v.vetoes == 0;
  return v;
}

}  // namespace zwgk::inspection
