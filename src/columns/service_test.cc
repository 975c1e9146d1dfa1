// The column registry on SQLite and PostgreSQL with a fake clock: the
// standard columns seeded once (the 26 domain 专栏 required, with their
// unit), a stale 动态 column, five blank columns making a veto, a required
// 专栏 blank but never hidden, the navigation's hidden URLs refreshed on
// publication, and rules edited by the county office only.
#include "columns/service.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "applications/service.h"
#include "core/audit.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::columns {
namespace {

using ::testing::Contains;
using ::testing::Not;

absl::Time At(int y, int m, int d) {
  return StartOfDay(absl::CivilDay(y, m, d)) + absl::Hours(10);
}

class ColumnsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase(
        GetParam(),
        {"core", "org", "calendar", "catalog", "publishing", "applications",
         "reports", "guides", "messages", "columns"});
    ASSERT_NE(db_, nullptr);
    org_ = std::make_unique<org::Service>(*db_, clock_);
    ASSERT_TRUE(org_->Seed().ok());
    calendar_ = std::make_unique<calendar::Service>(*db_, clock_);
    ASSERT_TRUE(calendar_->Seed().ok());
    catalog_ = std::make_unique<catalog::Service>(*db_, clock_, *org_);
    ASSERT_TRUE(catalog_->Seed().ok());
    data_dir_ = std::filesystem::temp_directory_path() /
                absl::StrCat("zwgk-columns-", ::getpid(), "-", ++counter_);
    publishing_ = std::make_unique<publishing::Service>(
        *db_, clock_, *org_, *catalog_, *calendar_,
        publishing::ServiceOptions{.data_dir = data_dir_.string()});
    ASSERT_TRUE(publishing_->Seed().ok());
    apps_ = std::make_unique<applications::Service>(*db_, clock_, *org_,
                                                    *calendar_);
    reports_ = std::make_unique<reports::Service>(*db_, clock_, *org_, *apps_,
                                                  *publishing_);
    guides_ = std::make_unique<guides::Service>(*db_, clock_, *org_, *catalog_);
    messages_ =
        std::make_unique<messages::Service>(*db_, clock_, *org_, *calendar_);
    service_ = std::make_unique<Service>(*db_, clock_, *org_, *publishing_,
                                         *reports_, *guides_, *messages_);
    Service* s = service_.get();
    publishing_->AddCommitListener([s](int64_t) { s->Invalidate(); });
    ASSERT_TRUE(service_->Seed().ok());
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }

  publishing::Record Publish(std::string title, std::string genre) {
    auto r =
        publishing_->Create(admin_, {.title = std::move(title),
                                     .unit = "县民政局",
                                     .formed_on = FormatDate(Today(clock_)),
                                     .topic = "民政、扶贫、救灾",
                                     .genre = std::move(genre),
                                     .body_html = "<p>正文。</p>"});
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return {};
    EXPECT_TRUE(publishing_->Submit(admin_, r->id).ok());
    EXPECT_TRUE(publishing_->Review(admin_, r->id, {"approved", ""}).ok());
    auto p = publishing_->Publish(admin_, r->id);
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? *p : publishing::Record{};
  }

  ColumnStatus Find(const std::vector<ColumnStatus>& all,
                    absl::string_view key) {
    for (const ColumnStatus& s : all)
      if (s.column.key == key) return s;
    ADD_FAILURE() << "no column " << key;
    return {};
  }

  static inline int counter_ = 0;
  FakeClock clock_{At(2026, 3, 2)};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<org::Service> org_;
  std::unique_ptr<calendar::Service> calendar_;
  std::unique_ptr<catalog::Service> catalog_;
  std::unique_ptr<publishing::Service> publishing_;
  std::unique_ptr<applications::Service> apps_;
  std::unique_ptr<reports::Service> reports_;
  std::unique_ptr<guides::Service> guides_;
  std::unique_ptr<messages::Service> messages_;
  std::unique_ptr<Service> service_;
  std::filesystem::path data_dir_;
  Actor admin_{.user_id = 1, .name = "admin", .role = Role::kAdmin};
};

TEST_P(ColumnsTest, SeedRegistersEveryStandardColumnOnce) {
  auto all = service_->List("2026-03-02");
  ASSERT_TRUE(all.ok()) << all.status();
  std::vector<std::string> keys;
  for (const ColumnStatus& s : *all) keys.push_back(s.column.key);
  for (const char* k :
       {"xxgk:guide", "xxgk:rules", "news", "notices", "policies", "personnel",
        "plans", "reports", "services", "interaction"})
    EXPECT_THAT(keys, Contains(k));
  auto domains = org_->ListDomains();
  ASSERT_TRUE(domains.ok());
  EXPECT_EQ(domains->size(), 26u);
  for (const org::Domain& d : *domains) {
    ColumnStatus s = Find(*all, absl::StrCat("domain:", d.id));
    EXPECT_TRUE(s.column.required) << d.name;
    EXPECT_EQ(s.column.type, ColumnType::kSpecial);
    EXPECT_EQ(s.column.unit_id, d.unit_id) << d.name;
    EXPECT_EQ(s.column.url, absl::StrCat("/domains/", d.id));
  }
  EXPECT_EQ(Find(*all, "news").column.update_days, 14);
  EXPECT_EQ(Find(*all, "notices").column.update_days, 183);
  EXPECT_EQ(Find(*all, "personnel").column.update_days, 365);
  EXPECT_EQ(Find(*all, "xxgk:guide").state, ColumnState::kNoRule);

  // Again: nothing new, and the office's change is kept.
  ASSERT_TRUE(
      service_
          ->Update(admin_, "news",
                   {.name = "工作动态", .type = "news", .update_days = "7"})
          .ok());
  ASSERT_TRUE(service_->Seed().ok());
  auto again = service_->List("2026-03-02");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->size(), all->size());
  EXPECT_EQ(Find(*again, "news").column.name, "工作动态");
  EXPECT_EQ(Find(*again, "news").column.update_days, 7);
}

TEST_P(ColumnsTest, ANewsColumnGoesStaleAfterTwoWeeks) {
  publishing::Record news = Publish("县民政局召开工作会议", "工作动态");
  auto on = [&](const char* day) { return Find(*service_->List(day), "news"); };
  ColumnStatus s = on("2026-03-16");  // 14 days: still fresh
  EXPECT_EQ(s.state, ColumnState::kOk);
  EXPECT_EQ(s.items, 1);
  EXPECT_EQ(s.last_updated_on, "2026-03-02");
  EXPECT_EQ(s.last_item_url, absl::StrCat("/records/", news.id));
  s = on("2026-03-17");
  EXPECT_EQ(s.state, ColumnState::kStale);
  EXPECT_EQ(s.days_since_update, 15);
  // Before the item existed the column was blank.
  EXPECT_EQ(on("2026-03-01").state, ColumnState::kBlank);
  // A 通知 published the same day keeps 通知公告 fresh for 6 months.
  Publish("关于开展救助的通知", "通知");
  EXPECT_EQ(Find(*service_->List("2026-08-31"), "notices").state,
            ColumnState::kOk);
  EXPECT_EQ(Find(*service_->List("2026-09-02"), "notices").state,
            ColumnState::kStale);
}

TEST_P(ColumnsTest, FiveBlankColumnsMakeAVetoAndLeaveTheNavigation) {
  auto all = service_->List("2026-03-02");
  ASSERT_TRUE(all.ok()) << all.status();
  // Nothing published: 动态, 通知公告, 人事, 规划计划, 年报 (not required)
  // and 政策文件, 办事服务, 互动交流, every 专栏 (required) are blank.
  for (const char* k : {"news", "notices", "personnel", "plans", "reports",
                        "policies", "services", "interaction"})
    EXPECT_EQ(Find(*all, k).state, ColumnState::kBlank) << k;
  VetoCounts v = CountVetoes(*all);
  EXPECT_GE(v.blank, 5);
  EXPECT_TRUE(v.blank_veto);

  std::vector<std::string> hidden = service_->HiddenUrls();
  EXPECT_THAT(hidden, Contains(Find(*all, "notices").column.url));
  EXPECT_THAT(hidden, Contains("/annual-reports"));
  EXPECT_THAT(hidden, Not(Contains("/records")));     // required
  EXPECT_THAT(hidden, Not(Contains("/messages")));    // required (A8)
  EXPECT_THAT(hidden, Not(Contains("/xxgk/guide")));  // has content

  // A required 专栏 stays reachable while blank.
  const int64_t relief = org_->ResolveDomain("社会救助")->id;
  ColumnStatus relief_col = Find(*all, absl::StrCat("domain:", relief));
  EXPECT_EQ(relief_col.state, ColumnState::kBlank);
  EXPECT_THAT(hidden, Not(Contains(absl::StrCat("/domains/", relief))));

  // A publication fills 通知公告: the cached list is read again.
  Publish("关于开展救助的通知", "通知");
  hidden = service_->HiddenUrls();
  EXPECT_THAT(hidden, Not(Contains(Find(*all, "notices").column.url)));
  EXPECT_THAT(hidden, Contains("/annual-reports"));
  auto after = service_->List("2026-03-02");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(CountVetoes(*after).blank, v.blank - 1);
  // The navigation reads presence only (issue 22): the same columns as the
  // counted list's blank, optional ones.
  std::vector<std::string> blank_optional;
  for (const ColumnStatus& s : *after)
    if (s.state == ColumnState::kBlank && !s.column.required)
      blank_optional.push_back(s.column.url);
  EXPECT_THAT(hidden, ::testing::UnorderedElementsAreArray(blank_optional));

  // The office says 年报 is required: shown again while blank.
  ASSERT_TRUE(
      service_
          ->Update(admin_, "reports",
                   {.name = "年度报告", .type = "reports", .required = true})
          .ok());
  EXPECT_THAT(service_->HiddenUrls(), Not(Contains("/annual-reports")));
}

// A publication this service was not told of (the CLI or a second server:
// here a publishing service without its commit listener) fills the column
// once the site generation shows the write.
TEST_P(ColumnsTest, APublicationElsewhereFillsTheNavigationToo) {
  auto all = service_->List("2026-03-02");
  ASSERT_TRUE(all.ok()) << all.status();
  const std::string url = Find(*all, "notices").column.url;
  EXPECT_THAT(service_->HiddenUrls(), Contains(url));
  publishing::Service elsewhere(
      *db_, clock_, *org_, *catalog_, *calendar_,
      publishing::ServiceOptions{.data_dir = data_dir_.string()});
  auto r = elsewhere.Create(admin_, {.title = "关于开展救助的通知",
                                     .unit = "县民政局",
                                     .formed_on = FormatDate(Today(clock_)),
                                     .topic = "民政、扶贫、救灾",
                                     .genre = "通知",
                                     .body_html = "<p>正文。</p>"});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(elsewhere.Submit(admin_, r->id).ok());
  ASSERT_TRUE(elsewhere.Review(admin_, r->id, {"approved", ""}).ok());
  ASSERT_TRUE(elsewhere.Publish(admin_, r->id).ok());
  EXPECT_THAT(service_->HiddenUrls(), Not(Contains(url)));
}

TEST_P(ColumnsTest, ARecordOfADomainFillsItsSpecialColumn) {
  // The seeded catalogs are drafts: the 专栏 is open all the same.
  const int64_t relief = org_->ResolveDomain("社会救助")->id;
  const std::string key = absl::StrCat("domain:", relief);
  EXPECT_EQ(Find(*service_->List("2026-03-02"), key).state,
            ColumnState::kBlank);
  auto r = publishing_->Create(admin_, {.title = "社会救助政策汇编",
                                        .unit = "县民政局",
                                        .domain = "社会救助",
                                        .formed_on = "2026-03-02",
                                        .topic = "民政、扶贫、救灾",
                                        .genre = "通知",
                                        .body_html = "<p>正文。</p>"});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(publishing_->Submit(admin_, r->id).ok());
  ASSERT_TRUE(publishing_->Review(admin_, r->id, {"approved", ""}).ok());
  ASSERT_TRUE(publishing_->Publish(admin_, r->id).ok());
  ColumnStatus s = Find(*service_->List("2026-03-02"), key);
  EXPECT_EQ(s.items, 1);
  EXPECT_EQ(s.state, ColumnState::kNoRule);  // 专栏: no update rule
  EXPECT_EQ(s.last_item_url, absl::StrCat("/records/", r->id));
}

TEST_P(ColumnsTest, TheCountyOfficeAloneEditsTheRules) {
  const org::Unit unit = *org_->ResolveUnit("县民政局");
  for (Role role : {Role::kUnitEditor, Role::kUnitReviewer, Role::kClerk}) {
    Actor staff{
        .user_id = 5, .name = "staff", .role = role, .unit_id = unit.id};
    auto denied = service_->Update(
        staff, "news", {.name = "动态", .type = "news", .update_days = "365"});
    EXPECT_EQ(denied.status().code(), absl::StatusCode::kPermissionDenied);
  }
  auto bad = service_->Update(
      admin_, "news",
      {.name = "", .type = "weekly", .update_days = "-3", .position = "x"});
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  FieldErrors errors = GetFieldErrors(bad.status());
  for (const char* f : {"name", "type", "update_days", "position"})
    EXPECT_TRUE(errors.count(f)) << f;
  EXPECT_EQ(service_->Update(admin_, "nope", {.name = "x", .type = "news"})
                .status()
                .code(),
            absl::StatusCode::kNotFound);

  Publish("县民政局召开工作会议", "工作动态");
  EXPECT_EQ(Find(*service_->List("2026-03-22"), "news").state,
            ColumnState::kStale);
  auto updated = service_->Update(admin_, "news",
                                  {.name = "政务动态",
                                   .type = "news",
                                   .update_days = "30",
                                   .position = "1"});
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->update_days, 30);
  ColumnStatus s = Find(*service_->List("2026-03-22"), "news");
  EXPECT_EQ(s.state, ColumnState::kOk);
  EXPECT_EQ((*service_->List("2026-03-22"))[0].column.key, "news");  // first
  // Empty rule: the type's default again.
  ASSERT_TRUE(
      service_->Update(admin_, "news", {.name = "政务动态", .type = "notices"})
          .ok());
  EXPECT_EQ(Find(*service_->List("2026-03-22"), "news").column.update_days,
            183);

  auto log = audit::List(*db_, {.action = "column.update"});
  ASSERT_TRUE(log.ok()) << log.status();
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[1].entity_id, "news");
  EXPECT_EQ((*log)[1].user_name, "admin");
}

TEST_P(ColumnsTest, TheHomePageListsTheNewestWithTheirDates) {
  Publish("县民政局召开工作会议", "工作动态");
  clock_.Set(At(2026, 3, 5));
  publishing::Record notice = Publish("关于开展救助的通知", "通知");
  auto latest = service_->Latest();
  ASSERT_TRUE(latest.ok()) << latest.status();
  ASSERT_EQ(latest->latest.size(), 2u);
  EXPECT_EQ(latest->latest[0].title, "关于开展救助的通知");
  EXPECT_EQ(latest->latest[0].published_on, "2026-03-05");
  EXPECT_EQ(latest->latest[0].url, absl::StrCat("/records/", notice.id));
  EXPECT_EQ(latest->latest[1].published_on, "2026-03-02");
  std::vector<std::string> names;
  for (const LatestColumn& c : latest->columns) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"政务动态", "通知公告"}));
}

INSTANTIATE_TEST_SUITE_P(Engines, ColumnsTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::columns
