// The villages service on SQLite and PostgreSQL with a fake clock: villages
// imported into org (bad rows named), clerks scoped to their village and
// town staff to their town's villages, the public seeing published postings
// only, due days across 元旦 and 春节 2026 with late and missing postings
// flagged, the board photo's EXIF time, and the notice-board PDF.
#include "villages/service.h"

#include <libexif/exif-data.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pdf/testing.h"

namespace zwgk::villages {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

constexpr char kTownA[] = "官桥镇人民政府";
constexpr char kTownB[] = "渡普镇人民政府";

// A minimal JPEG whose EXIF says when it was taken.
std::string JpegTakenAt(const char* when) {
  ExifData* data = exif_data_new();
  exif_data_set_byte_order(data, EXIF_BYTE_ORDER_INTEL);
  ExifEntry* entry = exif_entry_new();
  exif_content_add_entry(data->ifd[EXIF_IFD_EXIF], entry);
  exif_entry_initialize(entry, EXIF_TAG_DATE_TIME_ORIGINAL);
  std::memcpy(entry->data, when, 20);
  exif_entry_unref(entry);
  unsigned char* buf = nullptr;
  unsigned int size = 0;
  exif_data_save_data(data, &buf, &size);
  exif_data_unref(data);
  std::string jpeg = "\xFF\xD8\xFF\xE1";
  jpeg.push_back(static_cast<char>(((size + 2) >> 8) & 0xFF));
  jpeg.push_back(static_cast<char>((size + 2) & 0xFF));
  jpeg.append(reinterpret_cast<const char*>(buf), size);
  jpeg += "\xFF\xD9";
  std::free(buf);
  return jpeg;
}

class VillagesTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase(
        GetParam(), {"core", "org", "calendar", "villages"});
    ASSERT_NE(db_, nullptr);
    Today(D(2026, 3, 10));
    org_ = std::make_unique<org::Service>(*db_, clock_);
    ASSERT_TRUE(org_->Seed().ok());
    cal_ = std::make_unique<calendar::Service>(*db_, clock_);
    ASSERT_TRUE(cal_->Seed().ok());
    data_dir_ = std::filesystem::temp_directory_path() /
                absl::StrCat("zwgk-villages-", ::getpid(), "-", ++counter_);
    service_ =
        std::make_unique<Service>(*db_, clock_, *org_, *cal_,
                                  ServiceOptions{.data_dir = data_dir_.string(),
                                                 .max_photo_bytes = 100000,
                                                 .max_photos = 2});
    auto imported = org_->ImportVillages(
        admin_, absl::StrCat("乡镇,名称,类型,联系方式\n", kTownA,
                             ",官桥村,村,0715-6000001 官桥村委会\n", kTownA,
                             ",官桥社区,社区,0715-6000002\n", kTownB,
                             ",渡普村,村,0715-7000001\n"));
    ASSERT_TRUE(imported.ok()) << imported.status();
    ASSERT_EQ(imported->created, 3);
    village_a_ = org_->ResolveUnit("官桥村")->id;
    community_a_ = org_->ResolveUnit("官桥社区")->id;
    village_b_ = org_->ResolveUnit("渡普村")->id;
    town_a_ = org_->ResolveUnit(kTownA)->id;
    clerk_a_ = {.user_id = 2,
                .name = "官桥村信息员",
                .role = Role::kClerk,
                .unit_id = village_a_};
    clerk_b_ = {.user_id = 3,
                .name = "渡普村信息员",
                .role = Role::kClerk,
                .unit_id = village_b_};
    town_staff_a_ = {.user_id = 4,
                     .name = "官桥镇信息员",
                     .role = Role::kClerk,
                     .unit_id = town_a_};
  }

  void TearDown() override { std::filesystem::remove_all(data_dir_); }

  void Today(absl::CivilDay day) {
    clock_.Set(StartOfDay(day) + absl::Hours(10));
  }

  Posting MustCreate(const Actor& a, int64_t village, const char* kind,
                     const char* period, const char* title = "公开事项") {
    auto p = service_->Create(a, village,
                              {.kind = kind,
                               .period = period,
                               .title = title,
                               .body = "第一段。\n\n第二段：收支明细见下表。"});
    EXPECT_TRUE(p.ok()) << p.status();
    return p.value_or(Posting{});
  }

  Posting MustPublish(const Actor& a, int64_t id, const char* on) {
    auto p = service_->Publish(a, id, on);
    EXPECT_TRUE(p.ok()) << p.status();
    return p.value_or(Posting{});
  }

  const Obligation* Find(const std::vector<Obligation>& all, int64_t village,
                         Kind kind, const char* period) {
    std::optional<Period> p = ParsePeriod(period);
    for (const Obligation& o : all)
      if (o.village_id == village && o.kind == kind && o.period == *p)
        return &o;
    return nullptr;
  }

  static inline int counter_ = 0;
  FakeClock clock_{StartOfDay(D(2026, 3, 10)) + absl::Hours(10)};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<org::Service> org_;
  std::unique_ptr<calendar::Service> cal_;
  std::unique_ptr<Service> service_;
  std::filesystem::path data_dir_;
  int64_t village_a_ = 0, community_a_ = 0, village_b_ = 0, town_a_ = 0;
  Actor admin_ = SystemActor();
  Actor public_;
  Actor clerk_a_, clerk_b_, town_staff_a_;
};

TEST_P(VillagesTest, ImportNamesBadRowsAndImportsNothing) {
  auto bad = org_->ImportVillages(
      admin_, absl::StrCat("乡镇,名称,类型,联系方式\n", kTownA,
                           ",新村,村,\n",              // line 2: fine
                           "不存在镇,某村,村,\n",      // line 3
                           kTownA, ",某组,组,\n",      // line 4
                           "县教育局,某村,村,\n",      // line 5
                           kTownA, ",,村,\n",          // line 6
                           kTownB, ",官桥村,村,\n"));  // line 7
  ASSERT_FALSE(bad.ok());
  const std::string msg(bad.status().message());
  EXPECT_THAT(msg, HasSubstr("第3行：没有名为“不存在镇”的乡镇"));
  EXPECT_THAT(msg, HasSubstr("第4行：类型“组”无效"));
  EXPECT_THAT(msg, HasSubstr("第5行：“县教育局”不是乡镇"));
  EXPECT_THAT(msg, HasSubstr("第6行：名称不能为空"));
  EXPECT_THAT(msg, HasSubstr("第7行：名称“官桥村”已被其他单位使用"));
  EXPECT_THAT(msg, Not(HasSubstr("第2行")));
  EXPECT_FALSE(org_->ResolveUnit("新村").ok());

  // Updating by (town, name): the contact changes, nothing is added.
  auto again = org_->ImportVillages(
      admin_, absl::StrCat(kTownA, ",官桥村,村,0715-6999999\n"));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->updated, 1);
  EXPECT_EQ(org_->GetUnit(village_a_)->contact, "0715-6999999");
  EXPECT_EQ(org_->GetUnit(village_a_)->parent_id, town_a_);

  EXPECT_EQ(org_->ImportVillages(clerk_a_, "a,b,村,\n").status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_P(VillagesTest, VillagesStayOutOfTheCountyLists) {
  auto units = org_->ListUnits();
  ASSERT_TRUE(units.ok());
  for (const org::Unit& u : *units) {
    EXPECT_FALSE(org::IsVillageKind(u.kind)) << u.name;
    EXPECT_NE(org::UnitGroupLabel(u), org::kVillageGroup) << u.name;
  }
  auto all = org_->ListUnits({.include_villages = true});
  EXPECT_EQ(all->size(), units->size() + 3);
  auto of_a = org_->ListVillages(town_a_);
  ASSERT_TRUE(of_a.ok());
  ASSERT_EQ(of_a->size(), 2u);
  EXPECT_EQ(org::UnitGroupLabel((*of_a)[0]), "村（社区）");
  EXPECT_EQ((*of_a)[1].kind, org::UnitKind::kCommunity);
}

TEST_P(VillagesTest, ClerksActForTheirVillageTownStaffForTheirTown) {
  Posting a = MustCreate(clerk_a_, village_a_, "村务", "2026-Q1");
  Posting b = MustCreate(clerk_b_, village_b_, "村务", "2026-Q1");
  // Another village's posting does not exist for a clerk.
  EXPECT_EQ(service_->Get(clerk_a_, b.id).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->Update(clerk_a_, b.id, {"村务", "2026-Q1", "改", "改"})
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->Publish(clerk_a_, b.id, "").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->Create(clerk_a_, village_b_, {"村务", "", "t", "b"})
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  // The town's staff act for the town's villages, not another town's.
  EXPECT_TRUE(service_->Get(town_staff_a_, a.id).ok());
  EXPECT_TRUE(service_
                  ->Create(town_staff_a_, community_a_,
                           {"党务", "2026-Q1", "党员名单", "名单"})
                  .ok());
  EXPECT_EQ(service_->Get(town_staff_a_, b.id).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->Obligations(clerk_a_, D(2026, 3, 10), village_b_)
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  // A clerk of village A is no staff of the town or its community.
  EXPECT_EQ(service_->Create(clerk_a_, community_a_, {"党务", "", "t", "b"})
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(service_->Get(admin_, b.id).ok());
}

TEST_P(VillagesTest, ThePublicSeesPublishedOnly) {
  Posting draft = MustCreate(clerk_a_, village_a_, "村务", "2026-Q1", "草稿");
  Posting shown = MustCreate(clerk_a_, village_a_, "党务", "2026-Q1", "已公开");
  MustPublish(clerk_a_, shown.id, "2026-03-05");
  EXPECT_EQ(service_->Get(public_, draft.id).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(
      service_->BoardPdf(public_, draft.id, BoardPaper::kA4).status().code(),
      absl::StatusCode::kNotFound);
  auto list = service_->ListForVillage(public_, village_a_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].title, "已公开");
  EXPECT_EQ((*list)[0].village_name, "官桥村");
  EXPECT_EQ((*list)[0].town_name, kTownA);
  EXPECT_EQ(service_->ListForVillage(clerk_a_, village_a_)->size(), 2u);
  // Another village's clerk is the public there.
  EXPECT_EQ(service_->ListForVillage(clerk_b_, village_a_)->size(), 1u);
  // Withdrawn: gone from the public.
  EXPECT_TRUE(service_->Withdraw(clerk_a_, shown.id, "金额有误").ok());
  EXPECT_TRUE(service_->ListForVillage(public_, village_a_)->empty());
  EXPECT_EQ(service_->Withdraw(clerk_a_, draft.id, "x").code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_->Withdraw(clerk_a_, draft.id, " ").code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_P(VillagesTest, ValidatesPeriodsDatesAndOnePublishedPerPeriod) {
  auto bad =
      service_->Create(clerk_a_, village_a_, {"政务", "2026-Q9", "", ""});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("公开事项有误"));
  // Finance is quarterly unless the village posts monthly.
  auto monthly = service_->Create(clerk_a_, village_a_,
                                  {"财务", "2026-01", "一月收支", "收支"});
  EXPECT_EQ(monthly.status().code(), absl::StatusCode::kInvalidArgument);
  // A major item has no period.
  EXPECT_TRUE(service_
                  ->Create(clerk_a_, village_a_,
                           {"村务", "", "道路硬化工程招标", "招标结果"})
                  .ok());

  Posting q1 =
      MustCreate(clerk_a_, village_a_, "财务", "2026-Q1", "一季度收支");
  EXPECT_EQ(service_->Publish(clerk_a_, q1.id, "2026-03-11").status().code(),
            absl::StatusCode::kInvalidArgument);  // the future
  auto early = service_->Publish(clerk_a_, q1.id, "2025-12-31");
  EXPECT_EQ(early.status().code(), absl::StatusCode::kInvalidArgument);
  MustPublish(clerk_a_, q1.id, "");
  EXPECT_EQ(service_->Get(clerk_a_, q1.id)->posted_on, D(2026, 3, 10));
  EXPECT_EQ(service_->Update(clerk_a_, q1.id, {"财务", "2026-Q1", "改", "改"})
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  auto second = service_->Create(clerk_a_, village_a_,
                                 {"财务", "2026年第1季度", "又一份", "x"});
  ASSERT_FALSE(second.ok());
  EXPECT_THAT(second.status().message(), HasSubstr("一季度收支"));
  // Once withdrawn, a corrected one may go up.
  ASSERT_TRUE(service_->Withdraw(clerk_a_, q1.id, "更正").ok());
  Posting fixed = MustCreate(clerk_a_, village_a_, "财务", "2026-Q1", "更正");
  MustPublish(clerk_a_, fixed.id, "2026-03-10");
}

// Due 15 working days after each period: Q4 2025 → 2026-01-22 (元旦 off,
// Sunday 01-04 worked); January 2026 → 02-27 (Saturday 02-14 worked, 春节
// 02-15..02-23 off); February → 03-20.
TEST_P(VillagesTest, DueDaysAndLateFlagsAcrossSpringFestival) {
  ASSERT_TRUE(
      service_
          ->SaveSettings(admin_, {.due_working_days = 15,
                                  .finance_monthly = {{village_a_, true}}})
          .ok());
  // Party Q4 2025 on time, finance January late, village Q4 2025 missing.
  Today(D(2026, 1, 20));
  Posting party = MustCreate(clerk_a_, village_a_, "党务", "2025-Q4");
  MustPublish(clerk_a_, party.id, "2026-01-20");
  Today(D(2026, 3, 2));
  Posting jan = MustCreate(clerk_a_, village_a_, "财务", "2026-01");
  MustPublish(clerk_a_, jan.id, "2026-03-02");
  Today(D(2026, 3, 10));

  auto all = service_->Obligations(clerk_a_, D(2026, 3, 10), std::nullopt);
  ASSERT_TRUE(all.ok()) << all.status();
  for (const Obligation& o : *all) EXPECT_EQ(o.village_id, village_a_);

  const Obligation* o = Find(*all, village_a_, Kind::kParty, "2025-Q4");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->due_on, D(2026, 1, 22));
  EXPECT_EQ(o->timeliness, Timeliness::kOnTime);
  EXPECT_TRUE(o->photo_missing);

  o = Find(*all, village_a_, Kind::kFinance, "2026-01");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->due_on, D(2026, 2, 27));
  EXPECT_EQ(o->timeliness, Timeliness::kLate);
  EXPECT_EQ(o->posting_id, jan.id);

  o = Find(*all, village_a_, Kind::kVillage, "2025-Q4");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->timeliness, Timeliness::kMissing);
  EXPECT_EQ(TimelinessLabel(o->timeliness), "逾期未公开");

  o = Find(*all, village_a_, Kind::kFinance, "2026-02");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->due_on, D(2026, 3, 20));
  EXPECT_EQ(o->timeliness, Timeliness::kDueLater);
  // Finance is monthly here: no quarterly finance obligation; March ends
  // within a month of as_of and is listed, April is not.
  EXPECT_EQ(Find(*all, village_a_, Kind::kFinance, "2026-Q1"), nullptr);
  EXPECT_NE(Find(*all, village_a_, Kind::kFinance, "2026-03"), nullptr);
  EXPECT_EQ(Find(*all, village_a_, Kind::kFinance, "2026-04"), nullptr);

  // Judged as of 02-01, January's finance was not posted yet.
  auto earlier = service_->Obligations(admin_, D(2026, 2, 1), village_a_);
  ASSERT_TRUE(earlier.ok());
  o = Find(*earlier, village_a_, Kind::kFinance, "2026-01");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->posting_id, std::nullopt);
  EXPECT_EQ(o->timeliness, Timeliness::kDueLater);

  // The town's staff see both of their villages; the roll-up counts them.
  auto town = service_->Obligations(town_staff_a_, D(2026, 3, 10), town_a_);
  ASSERT_TRUE(town.ok());
  EXPECT_NE(Find(*town, community_a_, Kind::kParty, "2025-Q4"), nullptr);
  auto summaries = service_->TownSummaries(D(2026, 3, 10), std::nullopt);
  ASSERT_TRUE(summaries.ok());
  const TownSummary* a = nullptr;
  for (const TownSummary& s : *summaries)
    if (s.town_id == town_a_) a = &s;
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->villages, 2);
  EXPECT_EQ(a->late, 1);
  // Village A: village Q4 and finance December missing; the community:
  // party, village and finance Q4 missing.
  EXPECT_EQ(a->missing, 5);
  // Party Q4 (on time) and finance January (late) lack their photo.
  EXPECT_EQ(a->photos_missing, 2);
  // One entry per obligation: 5 missing, January late (and without photo),
  // party Q4 without photo.
  EXPECT_EQ(a->problems.size(), 7u);
}

TEST_P(VillagesTest, SettingsByOfficeAndTownStaff) {
  EXPECT_EQ(service_->GetSettings()->due_working_days, 10);
  EXPECT_EQ(
      service_
          ->SaveSettings(clerk_a_, {.finance_monthly = {{village_a_, true}}})
          .code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(service_
                  ->SaveSettings(town_staff_a_,
                                 {.finance_monthly = {{village_a_, true}}})
                  .ok());
  EXPECT_EQ(service_
                ->SaveSettings(town_staff_a_,
                               {.finance_monthly = {{village_b_, true}}})
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(
      service_->SaveSettings(town_staff_a_, {.due_working_days = 5}).code(),
      absl::StatusCode::kPermissionDenied);
  auto s = service_->GetSettings();
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->finance_monthly.size(), 1u);
  EXPECT_EQ(s->finance_monthly[0], std::make_pair(village_a_, true));
}

TEST_P(VillagesTest, PhotoKeepsItsExifTime) {
  Posting p = MustCreate(clerk_a_, village_a_, "村务", "2026-Q1");
  MustPublish(clerk_a_, p.id, "2026-03-05");
  const std::string jpeg = JpegTakenAt("2026:03:05 09:41:07");
  auto with = service_->AddPhoto(clerk_a_, p.id,
                                 {.file_name = "公示栏.jpg", .bytes = jpeg});
  ASSERT_TRUE(with.ok()) << with.status();
  ASSERT_EQ(with->photos.size(), 1u);
  EXPECT_EQ(with->photos[0].taken_at, "2026-03-05 09:41:07");
  EXPECT_EQ(with->photos[0].uploaded_at.substr(0, 10), "2026-03-10");
  EXPECT_EQ(with->photos[0].content_type, "image/jpeg");
  auto bytes = service_->PhotoBytes(public_, p.id, 0);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(bytes->second, jpeg);
  EXPECT_EQ(service_->PhotoBytes(public_, p.id, 1).status().code(),
            absl::StatusCode::kNotFound);
  // Not a photo; another village's clerk; too many.
  EXPECT_EQ(service_
                ->AddPhoto(clerk_a_, p.id,
                           {.file_name = "x.jpg", .bytes = "%PDF-1.4\n%%EOF"})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      service_->AddPhoto(clerk_b_, p.id, {"y.jpg", "", jpeg}).status().code(),
      absl::StatusCode::kNotFound);
  EXPECT_TRUE(service_->AddPhoto(clerk_a_, p.id, {"2.jpg", "", jpeg}).ok());
  EXPECT_EQ(
      service_->AddPhoto(clerk_a_, p.id, {"3.jpg", "", jpeg}).status().code(),
      absl::StatusCode::kInvalidArgument);
  // The obligation no longer lacks its photo.
  auto all = service_->Obligations(admin_, D(2026, 4, 1), village_a_);
  ASSERT_TRUE(all.ok());
  const Obligation* o = Find(*all, village_a_, Kind::kVillage, "2026-Q1");
  ASSERT_NE(o, nullptr);
  EXPECT_FALSE(o->photo_missing);
  EXPECT_EQ(o->timeliness, Timeliness::kOnTime);
}

TEST_P(VillagesTest, BoardPdfShowsVillagePeriodAndDate) {
  Posting p = MustCreate(clerk_a_, village_a_, "财务", "2026-Q1",
                         "2026年第一季度财务收支公开");
  auto draft = service_->BoardPdf(clerk_a_, p.id, BoardPaper::kA4);
  ASSERT_TRUE(draft.ok()) << draft.status();
  std::string text;
  for (const std::string& page : pdf::testing::PageTexts(*draft))
    text += pdf::testing::Squeezed(page);
  EXPECT_THAT(text, HasSubstr("官桥村村务公开栏"));
  EXPECT_THAT(text, HasSubstr("草稿"));

  MustPublish(clerk_a_, p.id, "2026-03-05");
  for (BoardPaper paper : {BoardPaper::kA4, BoardPaper::kA3}) {
    auto pdf = service_->BoardPdf(public_, p.id, paper);
    ASSERT_TRUE(pdf.ok()) << pdf.status();
    std::vector<std::string> pages = pdf::testing::PageTexts(*pdf);
    ASSERT_FALSE(pages.empty());
    text.clear();
    for (const std::string& page : pages) text += pdf::testing::Squeezed(page);
    EXPECT_THAT(text, HasSubstr("官桥村村务公开栏"));
    EXPECT_THAT(text, HasSubstr("财务公开"));
    EXPECT_THAT(text, HasSubstr("2026年第1季度"));
    EXPECT_THAT(text, HasSubstr("公开日期：2026年3月5日"));
    EXPECT_THAT(text, HasSubstr("监督电话：0715-6000001官桥村委会"));
    EXPECT_THAT(text, HasSubstr("收支明细见下表"));
    EXPECT_THAT(text, Not(HasSubstr("草稿")));
  }
}

INSTANTIATE_TEST_SUITE_P(Databases, VillagesTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::villages
