// What the supervision dashboard reads of publishing (issue 15), on SQLite
// and PostgreSQL with a fake clock: the records behind the compliance counts
// (across the year end), the portal's columns on a day, the catalog items
// with a recurring 公开时限 missing their latest period, and 工作动态 among
// the genres.
//
// Working days by hand from holidays.md: 2025-11/12 have no holiday; 2026
// 春节 02-15..02-23 off, 02-14 and 02-28 (Sat) worked.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/migrate.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "publishing/service.h"
#include "publishing/service_test_fixture.h"
#include "publishing/store.h"

namespace zwgk::publishing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class ComplianceTest : public PublishingServiceTest {
 protected:
  void SetDay(int y, int m, int d) { clock_.Set(At(y, m, d)); }

  static RecordInput Input(std::string title, std::string formed_on,
                           std::string genre = "通知",
                           std::string unit = "县民政局") {
    return {.title = std::move(title),
            .unit = std::move(unit),
            .formed_on = std::move(formed_on),
            .topic = "民政、扶贫、救灾",
            .genre = std::move(genre),
            .body_html = "<p>正文。</p>"};
  }
  Record Draft(const RecordInput& in) {
    auto r = service_->Create(admin_, in);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : Record{};
  }
  Record Publish(const RecordInput& in) {
    return PublishExisting(Draft(in).id);
  }
  Record PublishExisting(int64_t id) {
    EXPECT_TRUE(service_->Submit(admin_, id).ok());
    EXPECT_TRUE(service_->Review(admin_, id, {"approved", ""}).ok());
    // 规范性文件 here go out without a 解读 (政策解读 三同步 has its own
    // tests), with the reviewer's reason.
    auto p = service_->Publish(admin_, id,
                               {.interpretation_waiver = "本文件不作解读"});
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? *p : Record{};
  }

  // "title publish_by days [published_on]".
  static std::vector<std::string> Items(
      const std::vector<ComplianceItem>& items) {
    std::vector<std::string> out;
    for (const ComplianceItem& i : items)
      out.push_back(absl::StrCat(i.title, " ", i.publish_by, " ", i.days,
                                 i.published_on.empty() ? "" : " ",
                                 i.published_on));
    return out;
  }
  static const UnitCompliance* Find(const PublishingCompliance& c,
                                    int64_t unit) {
    for (const UnitCompliance& u : c.units)
      if (u.unit_id == unit) return &u;
    return nullptr;
  }
  // The lists under the numbers are the numbers, for every unit.
  static void ExpectListsMatchCounts(const PublishingCompliance& c) {
    for (const UnitCompliance& u : c.units) {
      EXPECT_EQ(static_cast<int64_t>(u.overdue_items.size()), u.overdue)
          << u.unit_name;
      EXPECT_EQ(static_cast<int64_t>(u.due_soon_items.size()), u.due_soon)
          << u.unit_name;
      EXPECT_EQ(static_cast<int64_t>(u.late_items.size()), u.published_late)
          << u.unit_name;
    }
  }

  int64_t DomainId(absl::string_view name) {
    auto d = org_->ResolveDomain(name);
    EXPECT_TRUE(d.ok()) << d.status();
    return d.ok() ? d->id : 0;
  }
};

TEST_P(ComplianceTest, RecordsBehindTheCounts) {
  // Formed 2025-11-03: publish by 12-01; published 12-03, 2 days late.
  SetDay(2025, 11, 3);
  Record last_year = Draft(Input("Y 去年逾期", "2025-11-03"));
  SetDay(2025, 12, 3);
  PublishExisting(last_year.id);
  // Formed 2026-01-05: publish by 02-02.
  SetDay(2026, 1, 5);
  Record late = Draft(Input("L 逾期发布", "2026-01-05"));
  Draft(Input("D1 逾期未发布", "2026-01-05"));
  Draft(Input("E1 教育局逾期", "2026-01-05", "通知", "县教育局"));
  SetDay(2026, 1, 15);
  Record j = Publish(Input("J 一月发布", "2026-01-12"));
  SetDay(2026, 2, 5);
  RecordInput change = Input("J 一月发布（修订）", "2026-01-12");
  change.changed_on = "2026-01-20";  // publish by 02-24
  ASSERT_TRUE(service_->Update(admin_, j.id, change).ok());
  SetDay(2026, 3, 2);
  Draft(Input("S 临近", "2026-01-30"));  // publish by 03-05
  Draft(Input("R 未到期", "2026-02-27"));
  Record published_late = PublishExisting(late.id);
  ASSERT_TRUE(published_late.days_late);
  EXPECT_EQ(*published_late.days_late, 16);

  auto today = service_->Compliance(absl::CivilDay(2026, 3, 2), std::nullopt);
  ASSERT_TRUE(today.ok()) << today.status();
  ExpectListsMatchCounts(*today);
  const UnitCompliance* mz = Find(*today, unit_);
  ASSERT_NE(mz, nullptr);
  // D1: 02-03 … 03-02 are 16 working days; J's change: 02-25 … 03-02, 5.
  EXPECT_THAT(
      Items(mz->overdue_items),
      ElementsAre("D1 逾期未发布 2026-02-02 16", "J 一月发布 2026-02-24 5"));
  EXPECT_EQ(mz->overdue_items[1].record_id, j.id);
  EXPECT_FALSE(mz->overdue_items[1].index_number.empty());
  EXPECT_TRUE(mz->overdue_items[0].index_number.empty());
  // S: 03-03, 03-04, 03-05 left.
  EXPECT_THAT(Items(mz->due_soon_items), ElementsAre("S 临近 2026-03-05 3"));
  // Last year's late publication is 2025's.
  EXPECT_THAT(Items(mz->late_items),
              ElementsAre("L 逾期发布 2026-02-02 16 2026-03-02"));
  EXPECT_EQ(mz->late_items[0].record_id, late.id);
  EXPECT_EQ(mz->late_items[0].index_number, published_late.index_number);
  const UnitCompliance* jy = Find(*today, other_unit_);
  ASSERT_NE(jy, nullptr);
  EXPECT_THAT(Items(jy->overdue_items),
              ElementsAre("E1 教育局逾期 2026-02-02 16"));

  // New Year's Eve 2025: Y was published late that year; nothing of 2026
  // existed yet.
  auto eve = service_->Compliance(absl::CivilDay(2025, 12, 31), unit_);
  ASSERT_TRUE(eve.ok()) << eve.status();
  ExpectListsMatchCounts(*eve);
  ASSERT_EQ(eve->units.size(), 1u);
  EXPECT_THAT(Items(eve->units[0].late_items),
              ElementsAre("Y 去年逾期 2025-12-01 2 2025-12-03"));
  EXPECT_THAT(eve->units[0].overdue_items, IsEmpty());
  // 12-02: Y was overdue by one working day, not yet published.
  auto dec2 = service_->Compliance(absl::CivilDay(2025, 12, 2), unit_);
  ASSERT_TRUE(dec2.ok()) << dec2.status();
  ExpectListsMatchCounts(*dec2);
  EXPECT_THAT(Items(dec2->units[0].overdue_items),
              ElementsAre("Y 去年逾期 2025-12-01 1"));
  EXPECT_THAT(dec2->units[0].late_items, IsEmpty());
}

TEST_P(ComplianceTest, ColumnsOnADay) {
  const int64_t relief = DomainId("社会救助");
  SetDay(2026, 1, 15);
  Record notice = Publish(Input("N 通知", "2026-01-14"));
  Record withdrawn = Publish(Input("W 公告", "2026-01-14", "公告"));
  RecordInput policy = Input("P 规范性文件", "2026-01-14", "意见");
  policy.doc_class = "行政规范性文件";
  Record p = Publish(policy);
  Record plan = Publish(Input("G 规划", "2026-01-14", "规划"));
  SetDay(2026, 2, 5);
  Publish(Input("动态一", "2026-02-04", "工作动态"));
  ASSERT_TRUE(service_->Unpublish(admin_, withdrawn.id, "发布有误").ok());
  SetDay(2026, 3, 2);
  RecordInput news = Input("动态二", "2026-03-02", "工作动态");
  news.domain = "社会救助";
  Record news2 = Publish(news);
  Draft(Input("动态草稿", "2026-03-02", "工作动态"));
  Record notice2 = Publish(Input("N2 通知", "2026-03-02"));

  auto cols = service_->Columns(absl::CivilDay(2026, 3, 2));
  ASSERT_TRUE(cols.ok()) << cols.status();
  ASSERT_GE(cols->size(), 7u);
  auto row = [](const ColumnActivity& c) {
    return absl::StrCat(c.name, " ", ColumnKindName(c.kind), " ", c.published,
                        " ", c.last_published_on, " ", c.last_record_id);
  };
  EXPECT_EQ(row((*cols)[0]),
            absl::StrCat("政务动态 news 2 2026-03-02 ", news2.id));
  EXPECT_EQ((*cols)[0].url,
            "/records?genre=%E5%B7%A5%E4%BD%9C%E5%8A%A8%E6%80%81");
  // N, and the one published on 03-02 (W withdrawn on 02-05).
  EXPECT_EQ(row((*cols)[1]),
            absl::StrCat("通知公告 notices 2 2026-03-02 ", notice2.id));
  EXPECT_EQ(row((*cols)[2]),
            absl::StrCat("政策文件 policies 1 2026-01-15 ", p.id));
  EXPECT_EQ(row((*cols)[3]),
            absl::StrCat("规划计划 plans 1 2026-01-15 ", plan.id));
  // One 专栏 per domain with a published catalog (the four seeded).
  std::vector<std::string> specials;
  EXPECT_EQ(row((*cols)[4]), "人事信息 personnel 0  0");
  EXPECT_EQ(row((*cols)[5]), "年度报告 reports 0  0");
  for (size_t i = 6; i < cols->size(); ++i) {
    const ColumnActivity& c = (*cols)[i];
    EXPECT_EQ(c.kind, ColumnKind::kSpecial);
    specials.push_back(c.name);
    if (c.domain_id != relief) continue;
    EXPECT_EQ(row(c),
              absl::StrCat("社会救助专栏 special 1 2026-03-02 ", news2.id));
    EXPECT_EQ(c.url, absl::StrCat("/domains/", relief));
    EXPECT_EQ(c.unit_id, org_->GetDomain(relief)->unit_id);
  }
  EXPECT_THAT(specials, ::testing::UnorderedElementsAre(
                            "重大建设项目专栏", "义务教育专栏", "社会救助专栏",
                            "财政预决算专栏"));

  // 02-04: no 动态 yet; W still public then.
  auto feb4 = service_->Columns(absl::CivilDay(2026, 2, 4));
  ASSERT_TRUE(feb4.ok()) << feb4.status();
  EXPECT_EQ(row((*feb4)[0]), "政务动态 news 0  0");
  EXPECT_EQ(row((*feb4)[1]), absl::StrCat("通知公告 notices 2 2026-01-15 ",
                                          std::max(notice.id, withdrawn.id)));
  for (size_t i = 6; i < feb4->size(); ++i)
    EXPECT_EQ((*feb4)[i].published, 0) << (*feb4)[i].name;
  EXPECT_EQ(ColumnKindLabel(ColumnKind::kNews), "动态类");
  EXPECT_EQ(ColumnKindLabel(ColumnKind::kPolicies), "政策文件类");
}

TEST_P(ComplianceTest, RecurringItemsWithoutARecordForTheirPeriod) {
  const int64_t relief = DomainId("社会救助");
  SetDay(2025, 12, 1);
  ASSERT_TRUE(catalog_->OpenDraft(admin_, relief).ok());
  auto draft = catalog_->Get(relief, catalog::VersionRef::Draft());
  ASSERT_TRUE(draft.ok()) << draft.status();
  ASSERT_FALSE(draft->catalog.items.empty());
  const catalog::CatalogItem base = draft->catalog.items[0];
  auto add = [&](const char* level2, const char* text) {
    catalog::CatalogItem item = base;
    item.id = 0;
    item.level1 = "统计信息";
    item.level2 = level2;
    item.time_limit = {.text = text, .clock = "10个工作日内"};
    auto saved = catalog_->SaveItem(admin_, relief, item);
    EXPECT_TRUE(saved.ok()) << saved.status();
  };
  add("月度低保数据", "每月10日前公开上月数据");
  add("季度救助资金", "每季度公开");
  add("年度救助报告", "每年3月31日前公开上年度数据");
  add("年度任务", "年度任务完成后20个工作日内");
  ASSERT_TRUE(catalog_->Publish(admin_, relief, "统计信息").ok());
  auto published = catalog_->Published(relief);
  ASSERT_TRUE(published.ok());
  std::map<std::string, int64_t> item_ids;
  for (const catalog::CatalogItem& i : published->catalog.items)
    item_ids[i.level2] = i.id;
  auto file = [&](const char* title, const char* level2) {
    RecordInput in = Input(title, "2025-12-01");
    in.catalog_item_id = item_ids[level2];
    in.formed_on = calendar::FormatDate(Today(clock_));
    return Publish(in);
  };
  SetDay(2025, 12, 20);
  file("四季度救助资金", "季度救助资金");
  SetDay(2026, 2, 3);
  file("一月低保数据", "月度低保数据");
  SetDay(2026, 3, 2);
  file("二月低保数据", "月度低保数据");

  auto gaps = [&](int y, int m, int d,
                  std::optional<int64_t> unit = std::nullopt) {
    std::vector<std::string> out;
    auto got = service_->PeriodGaps(absl::CivilDay(y, m, d), unit);
    EXPECT_TRUE(got.ok()) << got.status();
    if (!got.ok()) return out;
    for (const PeriodGap& g : *got) {
      EXPECT_EQ(g.domain_id, relief);
      EXPECT_EQ(g.domain, "社会救助");
      out.push_back(absl::StrCat(g.level2, " ", g.cadence, " ", g.period, " ",
                                 g.period_start, "..", g.period_end));
    }
    return out;
  };
  // 03-02: February has its record (published 02-03 counts for February,
  // published in it); 2025 Q4 has one; 2025 has none.
  EXPECT_THAT(gaps(2026, 3, 2),
              ElementsAre("年度救助报告 每年 2025年 2025-01-01..2025-12-31"));
  // 02-02: January's figures are not out yet.
  EXPECT_THAT(gaps(2026, 2, 2),
              ElementsAre("月度低保数据 每月 2026年1月 2026-01-01..2026-01-31",
                          "年度救助报告 每年 2025年 2025-01-01..2025-12-31"));
  // 02-03: the record of that day counts for January.
  EXPECT_THAT(gaps(2026, 2, 3),
              ElementsAre("年度救助报告 每年 2025年 2025-01-01..2025-12-31"));
  // 04-01: March has the 03-02 record; the first quarter has none.
  EXPECT_THAT(
      gaps(2026, 4, 1),
      ElementsAre("季度救助资金 每季度 2026年第一季度 2026-01-01..2026-03-31",
                  "年度救助报告 每年 2025年 2025-01-01..2025-12-31"));
  // 05-01: April has none either.
  EXPECT_EQ(gaps(2026, 5, 1).size(), 3u);
  // Of the responsible unit only; another unit has none of these.
  auto relief_unit = org_->GetDomain(relief)->unit_id;
  ASSERT_TRUE(relief_unit);
  EXPECT_EQ(gaps(2026, 3, 2, *relief_unit).size(), 1u);
  if (*relief_unit != other_unit_) {
    EXPECT_THAT(gaps(2026, 3, 2, other_unit_), IsEmpty());
  }
  EXPECT_TRUE(absl::IsNotFound(
      service_->PeriodGaps(absl::CivilDay(2026, 3, 2), 99999).status()));
}

TEST_P(ComplianceTest, WorkNewsIsAGenre) {
  auto genres = service_->Genres();
  ASSERT_TRUE(genres.ok());
  EXPECT_THAT(*genres, ::testing::Contains("工作动态"));
  EXPECT_EQ(genres->front(), "通知");
}

INSTANTIATE_TEST_SUITE_P(Engines, ComplianceTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

// Migration 005 adds 工作动态 to a genre list seeded before it, keeping the
// list; an empty list (a fresh database) is left to the seed.
class GenreMigrationTest : public ::testing::TestWithParam<std::string> {};

std::vector<Migration> MigrationsUpTo(int publishing_upto) {
  std::vector<Migration> out;
  for (const char* module : {"core", "org", "publishing"}) {
    absl::StatusOr<std::vector<Migration>> mine = EmbeddedMigrations(module);
    EXPECT_TRUE(mine.ok()) << mine.status();
    if (!mine.ok()) return {};
    for (Migration& m : *mine) {
      if (m.module == "publishing" && m.version > publishing_upto) continue;
      out.push_back(std::move(m));
    }
  }
  return out;
}

std::vector<std::string> GenreRows(db::Database& db) {
  std::vector<std::string> out;
  EXPECT_TRUE(
      db.Transaction([&](db::Tx& tx) -> absl::Status {
          ZWGK_ASSIGN_OR_RETURN(
              db::Result r,
              tx.Query("SELECT name FROM pub_genres ORDER BY position"));
          for (const db::Row& row : r.rows) out.push_back(row.Text(0));
          return absl::OkStatus();
        }).ok());
  return out;
}

TEST_P(GenreMigrationTest, AddsWorkNewsToASeededList) {
  for (bool seeded : {true, false}) {
    std::unique_ptr<db::Database> db = zwgk::testing::NewDatabase(GetParam());
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(Migrate(*db, MigrationsUpTo(4)).ok());
    if (seeded) {
      ASSERT_TRUE(db->Transaction([](db::Tx& tx) -> absl::Status {
                      for (const char* g : {"通知", "公告", "其他"})
                        ZWGK_RETURN_IF_ERROR(store::AddGenre(tx, g));
                      return absl::OkStatus();
                    }).ok());
    }
    ASSERT_TRUE(Migrate(*db, MigrationsUpTo(1000)).ok());
    if (seeded) {
      EXPECT_THAT(GenreRows(*db),
                  ElementsAre("通知", "公告", "其他", "工作动态"));
    } else {
      EXPECT_THAT(GenreRows(*db), IsEmpty());
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, GenreMigrationTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::publishing
