// What the supervision dashboard (issue 15) reads of the portal besides
// Compliance: the columns the inspectors' update rules apply to, and the
// catalog items with a recurring 公开时限 that have no record for their
// latest period. Counts come from indexed SQL (migration 005), never from
// records loaded into memory.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "calendar/calendar.h"
#include "catalog/cadence.h"
#include "core/status.h"
#include "core/web.h"
#include "publishing/service.h"

namespace zwgk::publishing {
namespace {

// A site-wide column: the records of these 体裁 or 公文类别.
struct SiteColumn {
  absl::string_view name;
  ColumnKind kind;
  absl::string_view field;  // genre | doc_class
  std::vector<absl::string_view> values;
};

const std::vector<SiteColumn>& SiteColumns() {
  static const auto* columns = new std::vector<SiteColumn>{
      {"政务动态",
       ColumnKind::kNews,
       "genre",
       {"工作动态", "动态", "要闻", "新闻"}},
      {"通知公告",
       ColumnKind::kNotices,
       "genre",
       {"通知", "公告", "通告", "公示"}},
      {"政策文件",
       ColumnKind::kPolicies,
       "doc_class",
       {DocClassName(DocClass::kRegulation),
        DocClassName(DocClass::kNormative)}},
      {"规划计划", ColumnKind::kPlans, "genre", {"规划", "计划", "方案"}},
      {"人事信息", ColumnKind::kPersonnel, "genre", {"任免", "人事"}},
      {"年度报告", ColumnKind::kReports, "genre", {"年报"}},
  };
  return *columns;
}

}  // namespace

absl::string_view ColumnKindName(ColumnKind k) {
  switch (k) {
    case ColumnKind::kNews:
      return "news";
    case ColumnKind::kNotices:
      return "notices";
    case ColumnKind::kPolicies:
      return "policies";
    case ColumnKind::kPlans:
      return "plans";
    case ColumnKind::kSpecial:
      return "special";
    case ColumnKind::kPersonnel:
      return "personnel";
    case ColumnKind::kReports:
      return "reports";
  }
  return "";
}

absl::string_view ColumnKindLabel(ColumnKind k) {
  switch (k) {
    case ColumnKind::kNews:
      return "动态类";
    case ColumnKind::kNotices:
      return "通知公告类";
    case ColumnKind::kPolicies:
      return "政策文件类";
    case ColumnKind::kPlans:
      return "规划计划类";
    case ColumnKind::kSpecial:
      return "专栏类";
    case ColumnKind::kPersonnel:
      return "人事信息类";
    case ColumnKind::kReports:
      return "年度报告类";
  }
  return "";
}

absl::StatusOr<std::vector<ColumnActivity>> Service::Columns(
    absl::CivilDay as_of, ColumnRead read) {
  const bool all_domains = read.all_domains;
  const std::string day = calendar::FormatDate(as_of);
  return db_.InTransaction<std::vector<ColumnActivity>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<ColumnActivity>> {
        std::vector<ColumnActivity> out;
        auto add = [&](ColumnActivity c, absl::string_view field,
                       const std::vector<db::Value>& values) -> absl::Status {
          ZWGK_ASSIGN_OR_RETURN(
              store::ColumnFacts f,
              store::ColumnFactsOn(tx, field, values, day, read.presence_only));
          c.published = f.published;
          c.last_published_on = std::move(f.last_published_on);
          c.last_record_id = f.last_record_id;
          out.push_back(std::move(c));
          return absl::OkStatus();
        };
        for (const SiteColumn& s : SiteColumns()) {
          std::vector<db::Value> values;
          for (absl::string_view v : s.values) values.push_back(std::string(v));
          // The public list of the first 体裁 (政策文件: all records, the
          // list has no 公文类别 filter).
          std::string url =
              s.field == "genre"
                  ? absl::StrCat("/records?genre=", web::UrlEncode(s.values[0]))
                  : "/records";
          ZWGK_RETURN_IF_ERROR(add({.name = std::string(s.name),
                                    .kind = s.kind,
                                    .url = std::move(url)},
                                   s.field, values));
        }
        // One 专栏 per pilot domain whose catalog has been published.
        ZWGK_ASSIGN_OR_RETURN(std::vector<catalog::DomainItem> items,
                              catalog_.PublishedItems(tx));
        std::set<int64_t> with_catalog;
        for (const catalog::DomainItem& i : items)
          with_catalog.insert(i.domain_id);
        ZWGK_ASSIGN_OR_RETURN(std::vector<org::Domain> domains,
                              org_.ListDomains(tx));
        for (const org::Domain& d : domains) {
          if (d.retired || (!all_domains && !with_catalog.count(d.id)))
            continue;
          ZWGK_RETURN_IF_ERROR(add({.name = absl::StrCat(d.name, "专栏"),
                                    .kind = ColumnKind::kSpecial,
                                    .url = absl::StrCat("/domains/", d.id),
                                    .unit_id = d.unit_id,
                                    .domain_id = d.id},
                                   "domain_id", {d.id}));
        }
        return out;
      });
}

absl::StatusOr<std::vector<PeriodGap>> Service::PeriodGaps(
    absl::CivilDay as_of, std::optional<int64_t> unit_id) {
  const std::string day = calendar::FormatDate(as_of);
  return db_.InTransaction<std::vector<PeriodGap>>(
      [&](db::Tx& tx) -> absl::StatusOr<std::vector<PeriodGap>> {
        if (unit_id) {
          absl::StatusOr<org::Unit> u = org_.GetUnit(tx, *unit_id);
          if (absl::IsNotFound(u.status()))
            return absl::NotFoundError("单位不存在");
          if (!u.ok()) return u.status();
        }
        ZWGK_ASSIGN_OR_RETURN(std::vector<org::Domain> domains,
                              org_.ListDomains(tx));
        std::map<int64_t, const org::Domain*> by_id;
        for (const org::Domain& d : domains) {
          if (d.retired) continue;
          if (unit_id && d.unit_id != unit_id) continue;
          by_id[d.id] = &d;
        }
        ZWGK_ASSIGN_OR_RETURN(std::vector<catalog::DomainItem> items,
                              catalog_.PublishedItems(tx));
        std::vector<PeriodGap> out;
        for (const catalog::DomainItem& i : items) {
          auto d = by_id.find(i.domain_id);
          if (d == by_id.end()) continue;
          std::optional<catalog::Cadence> cadence =
              catalog::ParseCadence(i.item.time_limit.text);
          if (!cadence) continue;
          const catalog::CadencePeriod period =
              catalog::LatestEndedPeriod(*cadence, as_of);
          const std::string start = calendar::FormatDate(period.start);
          ZWGK_ASSIGN_OR_RETURN(
              std::string last,
              store::LastFiledUnder(tx, i.domain_id, i.item.level1,
                                    i.item.level2, day));
          if (!last.empty() && last >= start) continue;
          out.push_back(
              {.domain_id = i.domain_id,
               .domain = d->second->name,
               .item_id = i.item.id,
               .seq = i.item.seq,
               .level1 = i.item.level1,
               .level2 = i.item.level2,
               .unit_id = d->second->unit_id,
               .cadence = std::string(catalog::CadenceLabel(*cadence)),
               .period = period.label,
               .period_start = start,
               .period_end = calendar::FormatDate(period.end)});
        }
        std::stable_sort(
            out.begin(), out.end(),
            [&](const PeriodGap& a, const PeriodGap& b) {
              return std::pair(by_id[a.domain_id]->position, a.seq) <
                     std::pair(by_id[b.domain_id]->position, b.seq);
            });
        return out;
      });
}

}  // namespace zwgk::publishing
