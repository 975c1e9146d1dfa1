#include "inspection/service.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/audit.h"
#include "core/date.h"
#include "core/status.h"
#include "inspection/store.h"
#include "messages/model.h"
#include "spdlog/spdlog.h"

namespace zwgk::inspection {
namespace {

constexpr int kMaxPagesLimit = 100000;
constexpr int kRecordBatch = 500;

absl::Status RequireAdmin(const Actor& actor) {
  if (!IsAdmin(actor))
    return absl::PermissionDeniedError("只有县政务公开办可以进行网站自查");
  return absl::OkStatus();
}

std::string RecordUrl(int64_t id) { return absl::StrCat("/records/", id); }

Trigger ParseTrigger(absl::string_view s) {
  if (s == "monthly") return Trigger::kMonthly;
  if (s == "cli") return Trigger::kCli;
  return Trigger::kManual;
}

Report FromRow(const store::ReportRow& row) {
  Report r{.id = row.id,
           .as_of = row.as_of,
           .month = row.month,
           .started_at = row.started_at,
           .finished_at = row.finished_at,
           .run_by = row.run_by,
           .trigger = ParseTrigger(row.trigger),
           .base_url = row.base_url,
           .pages = row.pages,
           .page_limit_reached = row.page_limit_reached};
  if (!row.verdict_json.empty()) {
    r.verdict = VerdictFromJson(nlohmann::json::parse(
        row.verdict_json, nullptr, /*allow_exceptions=*/false));
  }
  r.verdict.passed = row.passed;
  r.verdict.vetoes = row.vetoes;
  r.verdict.failures = row.failures;
  return r;
}

std::string MonthOf(absl::CivilDay day) { return FormatDate(day).substr(0, 7); }

std::string ColumnText(const columns::ColumnStatus& c) {
  if (c.state == columns::ColumnState::kBlank)
    return absl::StrCat("栏目“", c.column.name, "”开设后没有发布任何信息");
  return absl::StrCat("栏目“", c.column.name, "”最新信息发布于",
                      c.last_updated_on, "，已", c.days_since_update,
                      "天未更新（标准：", c.column.update_days, "天）");
}

// The crawl's findings added to `f`.
void AddCrawl(const CrawlResult& crawl, Facts& f) {
  f.crawled = true;
  f.pages = static_cast<int64_t>(crawl.pages.size());
  f.home_checked = true;
  f.home_reachable = crawl.home_reachable;
  f.home_newest_on = crawl.home_newest_on;
  for (const CrawledPage& p : crawl.pages) {
    if (!p.html) continue;
    if (!p.missing_footer.empty()) {
      ++f.pages_without_footer;
      f.findings.push_back(
          {Indicator::kFooter,
           absl::StrCat("页面缺少", absl::StrJoin(p.missing_footer, "、")),
           p.path});
    }
    if (!p.missing_meta.empty()) {
      ++f.pages_without_meta;
      f.findings.push_back(
          {Indicator::kMeta,
           absl::StrCat("页面缺少元数据 ", absl::StrJoin(p.missing_meta, "、")),
           p.path});
    }
  }
  auto why = [](const BadLink& b) {
    return b.status > 0 ? absl::StrCat("返回", b.status)
                        : absl::StrCat("无法访问（", b.error, "）");
  };
  for (const BadLink& b : crawl.broken_links) {
    ++f.broken_links;
    f.findings.push_back(
        {Indicator::kBrokenLinks,
         absl::StrCat("页面 ", b.from, " 链接的 ", b.to, " ", why(b)), b.from});
  }
  for (const BadLink& b : crawl.missing_attachments) {
    ++f.missing_attachments;
    f.findings.push_back(
        {Indicator::kMissingAttachments,
         absl::StrCat("页面 ", b.from, " 的附件 ", b.to, " ", why(b)), b.from});
  }
}

}  // namespace

absl::string_view TriggerName(Trigger t) {
  switch (t) {
    case Trigger::kManual:
      return "manual";
    case Trigger::kMonthly:
      return "monthly";
    case Trigger::kCli:
      return "cli";
  }
  return "manual";
}
absl::string_view TriggerLabel(Trigger t) {
  switch (t) {
    case Trigger::kManual:
      return "手动检查";
    case Trigger::kMonthly:
      return "月度检查";
    case Trigger::kCli:
      return "命令行检查";
  }
  return "手动检查";
}

Service::Service(db::Database& db, const Clock& clock, org::Service& org,
                 publishing::Service& publishing, messages::Service& messages,
                 guides::Service& guides, columns::Service& columns,
                 ServiceOptions options)
    : db_(db),
      clock_(clock),
      org_(org),
      publishing_(publishing),
      messages_(messages),
      guides_(guides),
      columns_(columns),
      options_(std::move(options)) {}

Service::~Service() { WaitIdle(); }

// --- Collecting
// ----------------------------------------------------------------

absl::Status Service::CollectColumns(absl::string_view as_of, Facts& f) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<columns::ColumnStatus> list,
                        columns_.List(as_of));
  // An empty registry means the columns were never registered: nothing to
  // judge, which is not a pass.
  if (list.empty()) return absl::OkStatus();
  f.columns_checked = true;
  bool services = false;
  for (const columns::ColumnStatus& c : list) {
    if (c.column.type == columns::ColumnType::kServices && c.items > 0)
      services = true;
    if (c.state == columns::ColumnState::kStale) {
      Indicator i = Indicator::kStaleColumns;
      if (c.column.type == columns::ColumnType::kNews) {
        ++f.stale_news;
        i = Indicator::kNewsColumns;
      } else if (c.column.type == columns::ColumnType::kNotices ||
                 c.column.type == columns::ColumnType::kPolicies) {
        ++f.stale_notices;
        i = Indicator::kNoticeColumns;
      } else {
        ++f.stale_other;
      }
      f.findings.push_back({i, ColumnText(c), c.column.url});
    } else if (c.state == columns::ColumnState::kBlank && c.column.required) {
      // Blank columns the plan does not require are left out of the public
      // navigation (columns::HiddenUrls), so an inspector never opens them.
      ++f.blank;
      f.findings.push_back(
          {Indicator::kBlankColumns, ColumnText(c), c.column.url});
    }
  }
  if (f.guides_checked) f.services_present = services;
  return absl::OkStatus();
}

absl::Status Service::CollectHome(Facts& f) {
  ZWGK_ASSIGN_OR_RETURN(publishing::RecordPage page,
                        publishing_.ListPublic({.page = 1, .per_page = 1}));
  f.home_checked = true;
  f.home_newest_on =
      page.records.empty() ? "" : page.records.front().published_on;
  if (f.home_newest_on.empty()) {
    f.findings.push_back(
        {Indicator::kHomeUpdated, "网站没有已发布的信息", "/"});
  } else if (std::optional<int64_t> days =
                 DaysBetween(f.home_newest_on, f.as_of);
             days && *days > kHomeUpdateDays) {
    f.findings.push_back(
        {Indicator::kHomeUpdated,
         absl::StrCat("最新信息“", page.records.front().title, "”发布于",
                      f.home_newest_on, "，首页已", *days, "天未更新"),
         RecordUrl(page.records.front().id)});
  }
  return absl::OkStatus();
}

absl::Status Service::CollectMessages(absl::CivilDay as_of, Facts& f) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<messages::UnansweredMessage> list,
                        messages_.Unanswered(as_of, std::nullopt));
  f.messages_checked = true;
  for (const messages::UnansweredMessage& m : list) {
    const bool open = m.overdue || m.near_three_month_line;
    if (!open || as_of < messages::ThreeMonthLine(m.arrived_on)) continue;
    ++f.unanswered_over_three_months;
    f.findings.push_back(
        {Indicator::kMessages,
         absl::StrCat("留言", m.tracking_number, "“", m.title, "”于",
                      FormatDate(m.arrived_on), "收到，超过3个月未答复"),
         absl::StrCat("/admin/messages/", m.id)});
  }
  return absl::OkStatus();
}

absl::Status Service::CollectGuides(Facts& f) {
  ZWGK_ASSIGN_OR_RETURN(std::vector<guides::IncompleteGuide> list,
                        guides_.Incomplete(std::nullopt));
  f.guides_checked = true;
  for (const guides::IncompleteGuide& g : list) {
    if (!g.published) continue;  // drafts are not public
    ++f.guides_incomplete;
    std::vector<std::string> names;
    for (const guides::Missing& m : g.missing) names.push_back(m.element);
    f.findings.push_back({Indicator::kGuides,
                          absl::StrCat("办事指南“", g.service, "”缺少",
                                       absl::StrJoin(names, "、")),
                          absl::StrCat("/services/", g.id)});
  }
  return absl::OkStatus();
}

absl::Status Service::CollectPolicies(absl::CivilDay as_of, Facts& f) {
  ZWGK_ASSIGN_OR_RETURN(
      std::vector<publishing::PolicyInterpretation> list,
      publishing_.PoliciesWithoutInterpretation(as_of, std::nullopt));
  f.policies_checked = true;
  for (const publishing::PolicyInterpretation& p : list) {
    const auto state = p.judgement.state;
    if (state != publishing::InterpretationState::kMissing &&
        state != publishing::InterpretationState::kLate)
      continue;
    ++f.policies_without_interpretation;
    f.findings.push_back(
        {Indicator::kInterpretation,
         state == publishing::InterpretationState::kMissing
             ? absl::StrCat("规范性文件“", p.title, "”应于", p.judgement.due_on,
                            "前发布解读，至今没有解读")
             : absl::StrCat("规范性文件“", p.title, "”的解读晚于",
                            p.judgement.due_on, "发布"),
         RecordUrl(p.record_id)});
  }
  return absl::OkStatus();
}

// One pass over the public records: 规范性文件 without a validity the public
// can rely on (A18), and dates that contradict each other (A13).
absl::Status Service::CollectDates(absl::CivilDay as_of, Facts& f) {
  const std::string today = FormatDate(as_of);
  int64_t after = 0;
  for (;;) {
    ZWGK_ASSIGN_OR_RETURN(std::vector<publishing::RecordKey> keys,
                          publishing_.ListRecordKeys(after, kRecordBatch));
    if (keys.empty()) break;
    after = keys.back().id;
    std::vector<int64_t> ids;
    for (const publishing::RecordKey& k : keys)
      if (k.is_public) ids.push_back(k.id);
    if (ids.empty()) continue;
    ZWGK_ASSIGN_OR_RETURN(std::vector<publishing::Record> records,
                          publishing_.GetMany(ids));
    for (const publishing::Record& r : records) {
      if (r.doc_class != publishing::DocClass::kOther) {
        if (r.valid_until.empty()) {
          ++f.policies_without_validity;
          f.findings.push_back(
              {Indicator::kPolicyValidity,
               absl::StrCat(publishing::DocClassLabel(r.doc_class), "“",
                            r.title, "”没有标注有效期"),
               RecordUrl(r.id)});
        } else if (r.validity == publishing::Validity::kValid &&
                   r.valid_until != publishing::kValidLongTerm &&
                   r.valid_until < today) {
          ++f.policies_without_validity;
          f.findings.push_back(
              {Indicator::kPolicyValidity,
               absl::StrCat(publishing::DocClassLabel(r.doc_class), "“",
                            r.title, "”有效期至", r.valid_until,
                            "，已过期仍标注为有效"),
               RecordUrl(r.id)});
        }
      }
      const std::optional<absl::Time> created = ParseTimestamp(r.created_at);
      const std::optional<absl::Time> published =
          ParseTimestamp(r.published_at);
      // Every record entered through the service is published at the
      // server's time, after it was created; only demo data from
      // `zwgk dev generate` is written with historical dates.
      const bool generated = r.created_by == "generator";
      bool inconsistent =
          !generated && created && published && *published < *created;
      std::string why = absl::StrCat("发布时间", LocalMinute(r.published_at),
                                     "早于录入时间", LocalMinute(r.created_at));
      if (!inconsistent && r.version > 1) {
        ZWGK_ASSIGN_OR_RETURN(std::vector<publishing::Version> versions,
                              publishing_.Versions(r.id));
        std::sort(
            versions.begin(), versions.end(),
            [](const publishing::Version& a, const publishing::Version& b) {
              return a.version < b.version;
            });
        for (size_t i = 1; i < versions.size() && !inconsistent; ++i) {
          const std::optional<absl::Time> prev =
              ParseTimestamp(versions[i - 1].published_at);
          const std::optional<absl::Time> cur =
              ParseTimestamp(versions[i].published_at);
          if (prev && cur && *cur < *prev) {
            inconsistent = true;
            why = absl::StrCat("第", versions[i].version, "版的发布时间",
                               LocalMinute(versions[i].published_at), "早于第",
                               versions[i - 1].version, "版的",
                               LocalMinute(versions[i - 1].published_at));
          }
        }
      }
      if (inconsistent) {
        ++f.inconsistent_dates;
        f.findings.push_back({Indicator::kPublishDates,
                              absl::StrCat("“", r.title, "”", why),
                              RecordUrl(r.id)});
      }
    }
  }
  // Refused attempts to give a publish time in the past year: each one is a
  // try at 倒签 the inspectors would treat as forged (A13).
  ZWGK_ASSIGN_OR_RETURN(std::vector<publishing::BackdateAttempt> attempts,
                        publishing_.BackdateAttempts(FormatDate(as_of - 365),
                                                     FormatDate(as_of + 1)));
  for (const publishing::BackdateAttempt& a : attempts) {
    ++f.backdate_attempts;
    f.findings.push_back(
        {Indicator::kPublishDates,
         absl::StrCat(a.actor, "于", LocalMinute(a.at), "试图指定",
                      a.record_id > 0 ? absl::StrCat("信息", a.record_id, "的")
                                      : std::string("新信息的"),
                      "发布时间（", a.field, "），已被拒绝并记录"),
         a.record_id > 0 ? absl::StrCat("/admin/records/", a.record_id)
                         : std::string()});
  }
  f.dates_checked = true;
  return absl::OkStatus();
}

absl::StatusOr<Facts> Service::Collect(absl::CivilDay as_of, Fetcher* fetcher,
                                       const HttpTarget& target, int max_pages,
                                       CrawlResult* crawl_out) {
  Facts f;
  f.as_of = FormatDate(as_of);
  // Each source is read on its own (they open their own transactions); a
  // source that is not available leaves its indicators 未检查.
  auto soft = [&](absl::Status s, absl::string_view what) -> absl::Status {
    if (s.ok() || absl::IsUnimplemented(s)) return absl::OkStatus();
    return absl::Status(s.code(), absl::StrCat(what, "：", s.message()));
  };
  ZWGK_RETURN_IF_ERROR(soft(CollectHome(f), "读取最新信息失败"));
  ZWGK_RETURN_IF_ERROR(soft(CollectMessages(as_of, f), "读取留言失败"));
  ZWGK_RETURN_IF_ERROR(soft(CollectGuides(f), "读取办事指南失败"));
  ZWGK_RETURN_IF_ERROR(soft(CollectColumns(f.as_of, f), "读取栏目失败"));
  ZWGK_RETURN_IF_ERROR(soft(CollectPolicies(as_of, f), "读取政策解读失败"));
  ZWGK_RETURN_IF_ERROR(soft(CollectDates(as_of, f), "读取发布日期失败"));
  if (fetcher != nullptr) {
    CrawlOptions o = options_.crawl;
    o.max_pages = max_pages;
    CrawlResult crawl = Crawl(*fetcher, o, target);
    // The crawl sees the home page as the inspector does: it replaces the
    // database's newest record for A2.
    std::erase_if(f.findings, [](const Finding& x) {
      return x.indicator == Indicator::kHomeUpdated;
    });
    AddCrawl(crawl, f);
    if (!crawl.home_reachable)
      f.findings.push_back({Indicator::kHomeUpdated, "首页无法访问", "/"});
    else if (crawl.home_newest_on.empty())
      f.findings.push_back(
          {Indicator::kHomeUpdated, "首页的信息没有标注发布日期", "/"});
    else if (std::optional<int64_t> d =
                 DaysBetween(crawl.home_newest_on, f.as_of);
             d && *d > kHomeUpdateDays)
      f.findings.push_back(
          {Indicator::kHomeUpdated,
           absl::StrCat("首页最新信息发布于", crawl.home_newest_on, "，已", *d,
                        "天未更新"),
           "/"});
    if (crawl_out) *crawl_out = std::move(crawl);
  }
  return f;
}

// --- Running
// -------------------------------------------------------------------

absl::StatusOr<Report> Service::Run(const Actor& actor, const RunInput& in,
                                    Fetcher* fetcher) {
  ZWGK_RETURN_IF_ERROR(RequireAdmin(actor));
  if (in.max_pages < 1 || in.max_pages > kMaxPagesLimit)
    return InvalidFields(
        "页面数量有误",
        {{"max_pages",
          absl::StrCat("页面数量应为1–", kMaxPagesLimit, "之间的整数")}});
  HttpTarget target;
  std::optional<HttpFetcher> http;
  if (fetcher == nullptr && !in.base_url.empty()) {
    absl::StatusOr<HttpTarget> t = ParseBaseUrl(in.base_url);
    if (!t.ok())
      return InvalidFields(t.status().message(),
                           {{"url", std::string(t.status().message())}});
    target = *t;
    http.emplace(target, options_.fetch_timeout);
    fetcher = &*http;
  } else if (fetcher != nullptr) {
    absl::StatusOr<HttpTarget> t =
        ParseBaseUrl(in.base_url.empty() ? "http://127.0.0.1" : in.base_url);
    if (t.ok()) target = *t;
  }
  const absl::Time started = clock_.Now();
  const absl::CivilDay as_of = in.as_of.value_or(Today(clock_));
  CrawlResult crawl;
  ZWGK_ASSIGN_OR_RETURN(Facts facts,
                        Collect(as_of, fetcher, target, in.max_pages, &crawl));
  const Verdict verdict = Judge(facts);
  store::ReportRow row{
      .as_of = facts.as_of,
      .month = MonthOf(Today(clock_)),
      .started_at = FormatTimestamp(started),
      .finished_at = FormatTimestamp(clock_.Now()),
      .run_by = actor.name,
      .trigger = std::string(TriggerName(in.trigger)),
      .base_url = fetcher != nullptr ? in.base_url : "",
      .passed = verdict.passed,
      .vetoes = verdict.vetoes,
      .failures = verdict.failures,
      .pages = static_cast<int64_t>(crawl.pages.size()),
      .page_limit_reached = crawl.page_limit_reached,
      .verdict_json = VerdictJson(verdict).dump(
          -1, ' ', false, nlohmann::json::error_handler_t::replace)};
  ZWGK_ASSIGN_OR_RETURN(
      row.id,
      db_.InTransaction<int64_t>([&](db::Tx& tx) -> absl::StatusOr<int64_t> {
        ZWGK_ASSIGN_OR_RETURN(int64_t id, store::Insert(tx, row));
        ZWGK_RETURN_IF_ERROR(
            audit::Record(tx, clock_, actor,
                          {.action = "inspection.run",
                           .entity = "inspection_report",
                           .entity_id = absl::StrCat(id),
                           .before = nullptr,
                           .after = {{"as_of", row.as_of},
                                     {"trigger", row.trigger},
                                     {"base_url", row.base_url},
                                     {"passed", row.passed},
                                     {"vetoes", row.vetoes},
                                     {"failures", row.failures},
                                     {"pages", row.pages}}}));
        return id;
      }));
  Report r = FromRow(row);
  r.verdict = verdict;
  return r;
}

absl::Status Service::StartRun(const Actor& actor, Trigger trigger) {
  ZWGK_RETURN_IF_ERROR(RequireAdmin(actor));
  std::lock_guard<std::mutex> lock(mu_);
  if (running_)
    return absl::FailedPreconditionError("网站自查正在进行，请稍候");
  if (worker_.joinable()) worker_.join();
  running_ = true;
  last_error_.clear();
  worker_ = std::thread([this, actor, trigger] {
    RunInput in{.base_url = options_.self_url,
                .max_pages = options_.crawl.max_pages,
                .trigger = trigger};
    absl::StatusOr<Report> r = Run(actor, in);
    std::lock_guard<std::mutex> lock(mu_);
    if (!r.ok()) {
      spdlog::error("inspection run failed: {}", r.status().ToString());
      last_error_ = std::string(r.status().message());
    }
    running_ = false;
  });
  return absl::OkStatus();
}

void Service::WaitIdle() {
  std::thread t;
  {
    std::lock_guard<std::mutex> lock(mu_);
    t = std::move(worker_);
  }
  if (t.joinable()) t.join();
}

std::string Service::last_error() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_error_;
}

absl::StatusOr<bool> Service::HasReportForMonth(absl::string_view month) {
  return db_.InTransaction<bool>(
      [&](db::Tx& tx) { return store::HasMonth(tx, month); });
}

bool Service::EnsureMonthly() {
  if (running_) return false;
  absl::StatusOr<bool> has = HasReportForMonth(MonthOf(Today(clock_)));
  if (!has.ok() || *has) return false;
  return StartRun(SystemActor(), Trigger::kMonthly).ok();
}

absl::StatusOr<std::optional<Report>> Service::RunMonthly(
    const std::string& base_url, int max_pages) {
  ZWGK_ASSIGN_OR_RETURN(bool has, HasReportForMonth(MonthOf(Today(clock_))));
  if (has) return std::optional<Report>();
  ZWGK_ASSIGN_OR_RETURN(Report r,
                        Run(SystemActor(), {.base_url = base_url,
                                            .max_pages = max_pages,
                                            .trigger = Trigger::kMonthly}));
  return std::optional<Report>(std::move(r));
}

// --- Reading
// -------------------------------------------------------------------

absl::StatusOr<std::vector<Report>> Service::List(const Actor& actor,
                                                  int limit) {
  ZWGK_RETURN_IF_ERROR(RequireAdmin(actor));
  ZWGK_ASSIGN_OR_RETURN(
      std::vector<store::ReportRow> rows,
      db_.InTransaction<std::vector<store::ReportRow>>([&](db::Tx& tx) {
        return store::List(tx, std::clamp(limit, 1, 500));
      }));
  std::vector<Report> out;
  for (const store::ReportRow& r : rows) out.push_back(FromRow(r));
  return out;
}

absl::StatusOr<Report> Service::Get(const Actor& actor, int64_t id) {
  ZWGK_RETURN_IF_ERROR(RequireAdmin(actor));
  ZWGK_ASSIGN_OR_RETURN(store::ReportRow row,
                        db_.InTransaction<store::ReportRow>(
                            [&](db::Tx& tx) { return store::Get(tx, id); }));
  return FromRow(row);
}

absl::StatusOr<std::optional<Report>> Service::Latest(const Actor& actor) {
  ZWGK_RETURN_IF_ERROR(RequireAdmin(actor));
  ZWGK_ASSIGN_OR_RETURN(std::optional<int64_t> id,
                        db_.InTransaction<std::optional<int64_t>>(
                            [&](db::Tx& tx) { return store::LatestId(tx); }));
  if (!id) return std::optional<Report>();
  ZWGK_ASSIGN_OR_RETURN(Report r, Get(actor, *id));
  return std::optional<Report>(std::move(r));
}

}  // namespace zwgk::inspection
