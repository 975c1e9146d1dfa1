#include "columns/service.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "columns/store.h"
#include "core/audit.h"
#include "core/status.h"
#include "core/text.h"
#include "core/web.h"
#include "nlohmann/json.hpp"
#include "spdlog/spdlog.h"

namespace zwgk::columns {
namespace {

// The columns that are not a page or a domain's 专栏: key, name, url, type,
// required. Required: what inspectors fail a site for not having
// (政策文件 — the statutory catalog, 条例 Art 20; 办事服务, A11; 互动交流,
// the consultation channel, A8), shown even while blank.
struct Standard {
  absl::string_view key;
  absl::string_view name;
  absl::string_view genre;  // the list's 体裁 filter; "" none
  absl::string_view url;    // when not a record list by 体裁
  ColumnType type;
  bool required;
};
constexpr Standard kStandard[] = {
    {"news", "政务动态", "工作动态", "", ColumnType::kNews, false},
    {"notices", "通知公告", "通知", "", ColumnType::kNotices, false},
    {"policies", "政策文件", "", "/records", ColumnType::kPolicies, true},
    {"personnel", "人事信息", "任免", "", ColumnType::kPersonnel, false},
    {"plans", "规划计划", "规划", "", ColumnType::kPlans, false},
    {"reports", "年度报告", "", "/annual-reports", ColumnType::kReports, false},
    {"services", "办事服务", "", "/services", ColumnType::kServices, true},
    {"interaction", "互动交流", "", "/messages", ColumnType::kInteraction,
     true},
};

// The registry key of a publishing column.
std::string KeyOf(const publishing::ColumnActivity& a) {
  switch (a.kind) {
    case publishing::ColumnKind::kSpecial:
      return absl::StrCat("domain:", a.domain_id.value_or(0));
    default:
      return std::string(publishing::ColumnKindName(a.kind));
  }
}

nlohmann::json ColumnJson(const Column& c) {
  return {{"name", c.name},
          {"type", ColumnTypeName(c.type)},
          {"update_days", c.update_days},
          {"required", c.required},
          {"position", c.position}};
}

// What filled a column on a day.
struct Facts {
  int64_t items = 0;
  std::string last_on;
  std::string last_url;
};

}  // namespace

Service::Service(db::Database& db, const Clock& clock, org::Service& org,
                 publishing::Service& publishing, reports::Service& reports,
                 guides::Service& guides, messages::Service& messages)
    : db_(db),
      clock_(clock),
      org_(org),
      publishing_(publishing),
      reports_(reports),
      guides_(guides),
      messages_(messages) {}

absl::StatusOr<std::vector<Column>> Service::StandardColumns() {
  ZWGK_ASSIGN_OR_RETURN(std::vector<publishing::PortalPage> pages,
                        publishing_.ListPages());
  ZWGK_ASSIGN_OR_RETURN(std::vector<org::Domain> domains, org_.ListDomains());
  std::vector<Column> out;
  // 政务公开 sections first, then the site's columns, then the 专栏.
  for (const publishing::PortalPage& p : pages) {
    out.push_back({.key = absl::StrCat("xxgk:", p.slug),
                   .name = p.title,
                   .url = absl::StrCat("/xxgk/", p.slug),
                   .type = ColumnType::kStatic});
  }
  for (const Standard& s : kStandard) {
    out.push_back(
        {.key = std::string(s.key),
         .name = std::string(s.name),
         .url = s.genre.empty()
                    ? std::string(s.url)
                    : absl::StrCat("/records?genre=", web::UrlEncode(s.genre)),
         .type = s.type,
         .required = s.required});
  }
  for (const org::Domain& d : domains) {
    out.push_back({.key = absl::StrCat("domain:", d.id),
                   .name = absl::StrCat(d.name, "专栏"),
                   .url = absl::StrCat("/domains/", d.id),
                   .type = ColumnType::kSpecial,
                   .required = true,
                   .unit_id = d.unit_id,
                   .domain_id = d.id});
  }
  for (Column& c : out) c.update_days = DefaultUpdateDays(c.type);
  return out;
}

absl::Status Service::Seed() {
  // Read the other modules first, then open ours.
  ZWGK_ASSIGN_OR_RETURN(std::vector<Column> standard, StandardColumns());
  const std::string now = FormatTimestamp(clock_.Now());
  absl::Status s = db_.Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(int position, store::MaxPosition(tx));
    ZWGK_ASSIGN_OR_RETURN(std::vector<Column> known, store::List(tx));
    std::map<std::string, bool> have;
    for (const Column& c : known) have[c.key] = true;
    // New columns go after the known ones, in the standard order.
    for (Column& c : standard) {
      if (have.count(c.key)) continue;
      position += 10;
      c.position = position;
      ZWGK_RETURN_IF_ERROR(store::InsertIfMissing(tx, c, "系统", now).status());
    }
    return absl::OkStatus();
  });
  if (s.ok()) Invalidate();
  return s;
}

absl::StatusOr<std::vector<ColumnStatus>> Service::List(
    absl::string_view as_of) {
  return ListOn(as_of, /*presence_only=*/false);
}

absl::StatusOr<std::vector<ColumnStatus>> Service::ListOn(
    absl::string_view as_of, bool presence_only) {
  std::optional<absl::CivilDay> day = ParseDay(as_of);
  if (!day)
    return InvalidFields("日期有误", {{"as_of", "日期应为 YYYY-MM-DD"}});
  const std::string on = FormatDate(*day);
  ZWGK_ASSIGN_OR_RETURN(std::vector<Column> columns,
                        db_.InTransaction<std::vector<Column>>(
                            [](db::Tx& tx) { return store::List(tx); }));
  bool need_pages = false, need_guides = false, need_messages = false;
  for (const Column& c : columns) {
    if (absl::StartsWith(c.key, "xxgk:")) need_pages = true;
    if (c.key == "services") need_guides = true;
    if (c.key == "interaction") need_messages = true;
  }
  // Each owner answers its own figures, through its own transaction.
  std::map<std::string, Facts> facts;
  ZWGK_ASSIGN_OR_RETURN(
      std::vector<publishing::ColumnActivity> activity,
      publishing_.Columns(
          *day, {.all_domains = true, .presence_only = presence_only}));
  for (const publishing::ColumnActivity& a : activity) {
    facts[KeyOf(a)] = {
        .items = a.published,
        .last_on = a.last_published_on,
        .last_url = a.last_record_id
                        ? absl::StrCat("/records/", a.last_record_id)
                        : ""};
  }
  if (need_pages) {
    ZWGK_ASSIGN_OR_RETURN(std::vector<publishing::PortalPage> pages,
                          publishing_.ListPages());
    for (const publishing::PortalPage& p : pages) {
      const std::string updated = LocalDate(p.updated_at);
      const bool has_text =
          !absl::StripAsciiWhitespace(p.body_html).empty() && updated <= on;
      facts[absl::StrCat("xxgk:", p.slug)] = {
          .items = has_text ? 1 : 0,
          .last_on = has_text ? updated : "",
          .last_url = has_text ? absl::StrCat("/xxgk/", p.slug) : ""};
    }
  }
  if (need_guides) {
    ZWGK_ASSIGN_OR_RETURN(guides::store::PublicFacts g,
                          guides_.PublicFactsOn(*day));
    facts["services"] = {
        .items = g.count,
        .last_on = g.newest_at.empty() ? "" : LocalDate(g.newest_at),
        .last_url = g.newest_id ? absl::StrCat("/services/", g.newest_id) : ""};
  }
  if (need_messages) {
    ZWGK_ASSIGN_OR_RETURN(messages::store::PublishedFacts m,
                          messages_.PublishedFactsOn(*day));
    facts["interaction"] = {
        .items = m.count,
        .last_on = m.newest_at.empty() ? "" : LocalDate(m.newest_at),
        .last_url = m.newest_id ? absl::StrCat("/messages/", m.newest_id) : ""};
  }
  std::vector<ColumnStatus> out;
  out.reserve(columns.size());
  for (Column& c : columns) {
    const Facts& f = facts[c.key];  // none: never any content
    ColumnStatus s{.column = std::move(c),
                   .items = f.items,
                   .last_updated_on = f.last_on,
                   .last_item_url = f.last_url};
    s.days_since_update = f.items > 0 ? DaysSince(s.last_updated_on, on) : 0;
    s.state = JudgeColumn(s.items, s.last_updated_on, on, s.column.update_days);
    out.push_back(std::move(s));
  }
  return out;
}

absl::StatusOr<ColumnStatus> Service::Get(absl::string_view key,
                                          absl::string_view as_of) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<ColumnStatus> all, List(as_of));
  for (ColumnStatus& s : all) {
    if (s.column.key == key) return std::move(s);
  }
  return absl::NotFoundError("栏目不存在");
}

absl::StatusOr<Column> Service::Update(const Actor& actor,
                                       absl::string_view key,
                                       const ColumnInput& in) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError("只有县政务公开办可以修改栏目设置");
  Validator v;
  const std::string name(absl::StripAsciiWhitespace(in.name));
  if (name.empty()) v.Add("name", "请填写栏目名称");
  if (Utf8Length(name) > kMaxNameChars)
    v.Add("name", absl::StrCat("栏目名称应在", kMaxNameChars, "字以内"));
  std::optional<ColumnType> type = ParseColumnType(in.type);
  if (!type) v.Add("type", "请选择栏目类型");
  std::optional<int> days;
  const std::string days_text(absl::StripAsciiWhitespace(in.update_days));
  if (!days_text.empty()) {
    int n = 0;
    if (!absl::SimpleAtoi(days_text, &n) || n < 0 || n > kMaxUpdateDays)
      v.Add("update_days", absl::StrCat("更新周期应为 0 至 ", kMaxUpdateDays,
                                        " 之间的天数（0 表示无更新要求）"));
    else
      days = n;
  }
  std::optional<int> position;
  const std::string pos_text(absl::StripAsciiWhitespace(in.position));
  if (!pos_text.empty()) {
    int n = 0;
    if (!absl::SimpleAtoi(pos_text, &n) || n < 0 || n > kMaxPosition)
      v.Add("position",
            absl::StrCat("排序应为 0 至 ", kMaxPosition, " 之间的整数"));
    else
      position = n;
  }
  ZWGK_RETURN_IF_ERROR(v.ToStatus("栏目设置有误"));
  const std::string now = FormatTimestamp(clock_.Now());
  ZWGK_ASSIGN_OR_RETURN(
      Column updated,
      db_.InTransaction<Column>([&](db::Tx& tx) -> absl::StatusOr<Column> {
        ZWGK_ASSIGN_OR_RETURN(std::optional<Column> found, store::Get(tx, key));
        if (!found) return absl::NotFoundError("栏目不存在");
        Column c = *found;
        c.name = name;
        c.type = *type;
        c.update_days = days.value_or(DefaultUpdateDays(*type));
        c.required = in.required;
        if (position) c.position = *position;
        ZWGK_RETURN_IF_ERROR(store::Update(tx, c, actor.name, now));
        ZWGK_RETURN_IF_ERROR(audit::Record(tx, clock_, actor,
                                           {.action = "column.update",
                                            .entity = "column",
                                            .entity_id = c.key,
                                            .before = ColumnJson(*found),
                                            .after = ColumnJson(c)}));
        return c;
      }));
  Invalidate();
  return updated;
}

namespace {

LatestItem ItemOf(const publishing::Record& r) {
  LatestItem i{.title = r.title,
               .url = absl::StrCat("/records/", r.id),
               .unit = r.unit_name,
               .published_on = r.first_published_on.empty()
                                   ? r.published_on
                                   : r.first_published_on};
  if (!r.published_on.empty() && r.published_on != i.published_on)
    i.updated_on = r.published_on;
  return i;
}

}  // namespace

absl::StatusOr<HomeLatest> Service::Latest() {
  HomeLatest out;
  ZWGK_ASSIGN_OR_RETURN(publishing::RecordPage newest,
                        publishing_.ListPublic({.per_page = kLatestOnHome}));
  for (const publishing::Record& r : newest.records)
    out.latest.push_back(ItemOf(r));
  const std::vector<std::string> hidden = HiddenUrls();
  ZWGK_ASSIGN_OR_RETURN(std::vector<Column> columns,
                        db_.InTransaction<std::vector<Column>>(
                            [](db::Tx& tx) { return store::List(tx); }));
  for (const Column& c : columns) {
    const Standard* s = nullptr;
    for (const Standard& st : kStandard) {
      if (st.key == c.key && !st.genre.empty()) s = &st;
    }
    if (s == nullptr) continue;
    if (std::find(hidden.begin(), hidden.end(), c.url) != hidden.end())
      continue;
    ZWGK_ASSIGN_OR_RETURN(
        publishing::RecordPage page,
        publishing_.ListPublic(
            {.genre = std::string(s->genre), .per_page = kLatestPerColumn}));
    if (page.records.empty()) continue;
    LatestColumn lc{.key = c.key, .name = c.name, .url = c.url};
    for (const publishing::Record& r : page.records)
      lc.items.push_back(ItemOf(r));
    out.columns.push_back(std::move(lc));
  }
  return out;
}

void Service::Invalidate() {
  std::lock_guard<std::mutex> lock(hidden_mu_);
  ++hidden_generation_;
}

std::vector<std::string> Service::HiddenUrls() {
  const std::string today = FormatDate(Today(clock_));
  const int64_t site_generation = db_.RecentSiteGeneration(clock_.Now());
  auto cached = [&]() -> std::optional<std::vector<std::string>> {
    std::lock_guard<std::mutex> lock(hidden_mu_);
    if (hidden_key_ && hidden_key_->invalidations == hidden_generation_ &&
        hidden_key_->site_generation == site_generation &&
        hidden_key_->day == today)
      return hidden_;
    return std::nullopt;
  };
  if (auto hit = cached()) return *hit;
  // One reader at a time: after a publication every page wants the list,
  // and the others take what the first one read.
  std::lock_guard<std::mutex> computing(hidden_compute_mu_);
  if (auto hit = cached()) return *hit;
  int64_t generation = 0;
  {
    std::lock_guard<std::mutex> lock(hidden_mu_);
    generation = hidden_generation_;
  }
  // Blank or not is all the navigation needs: no counts.
  absl::StatusOr<std::vector<ColumnStatus>> all =
      ListOn(today, /*presence_only=*/true);
  if (!all.ok()) {
    // The navigation stays whole rather than failing the page.
    spdlog::warn("columns: 无法判断空白栏目：{}", all.status().ToString());
    return {};
  }
  std::vector<std::string> hidden;
  for (const ColumnStatus& s : *all) {
    if (s.state == ColumnState::kBlank && !s.column.required)
      hidden.push_back(s.column.url);
  }
  std::lock_guard<std::mutex> lock(hidden_mu_);
  // A publication while computing leaves the cache stale: not kept.
  if (hidden_generation_ == generation) {
    hidden_key_ = HiddenKey{generation, site_generation, today};
    hidden_ = hidden;
  }
  return hidden;
}

}  // namespace zwgk::columns
