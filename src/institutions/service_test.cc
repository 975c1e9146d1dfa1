// The institutions service on SQLite and PostgreSQL with a fake clock:
// institutions imported as org units under their departments (all or
// nothing, bad rows named), staff scoped to their institution and the
// supervising department, sector templates, staleness by period, the public
// directory seeing published sections only.
#include "institutions/service.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::institutions {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

constexpr char kRoster[] =
    "主管部门,名称,行业,乡镇,联系方式\n"
    "县教育局,鱼岳镇第一小学,学校,鱼岳镇人民政府,0715-6321001\n"
    "县教育局,官桥镇中学,教育,官桥镇人民政府,\n"
    "县卫健局,县人民医院,医院,,0715-6322120\n";

class InstitutionsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase(GetParam(),
                                             {"core", "org", "institutions"});
    ASSERT_NE(db_, nullptr);
    org_ = std::make_unique<org::Service>(*db_, clock_);
    ASSERT_TRUE(org_->Seed().ok());
    service_ = std::make_unique<Service>(*db_, clock_, *org_);
    auto imported = service_->Import(admin_, "roster.csv", kRoster);
    ASSERT_TRUE(imported.ok()) << imported.status();
    ASSERT_EQ(imported->created, 3);
    school_ = org_->ResolveUnit("鱼岳镇第一小学")->id;
    middle_ = org_->ResolveUnit("官桥镇中学")->id;
    hospital_ = org_->ResolveUnit("县人民医院")->id;
    education_ = org_->ResolveUnit("县教育局")->id;
    health_ = org_->ResolveUnit("县卫健局")->id;
    town_ = org_->ResolveUnit("鱼岳镇人民政府")->id;
    school_staff_ = {.user_id = 2,
                     .name = "一小办公室",
                     .role = Role::kUnitEditor,
                     .unit_id = school_};
    education_staff_ = {.user_id = 3,
                        .name = "教育局信息员",
                        .role = Role::kUnitEditor,
                        .unit_id = education_};
    health_staff_ = {.user_id = 4,
                     .name = "卫健局信息员",
                     .role = Role::kUnitEditor,
                     .unit_id = health_};
  }

  void Today(absl::CivilDay day) {
    clock_.Set(StartOfDay(day) + absl::Hours(10));
  }

  int Count(const std::vector<Problem>& ps, int64_t id, SectionState st) {
    int n = 0;
    for (const Problem& p : ps)
      if (p.institution_id == id && p.state == st) ++n;
    return n;
  }

  FakeClock clock_{StartOfDay(D(2026, 3, 10)) + absl::Hours(10)};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<org::Service> org_;
  std::unique_ptr<Service> service_;
  Actor admin_ = SystemActor();
  Actor school_staff_, education_staff_, health_staff_;
  int64_t school_ = 0, middle_ = 0, hospital_ = 0, education_ = 0, health_ = 0,
          town_ = 0;
};

TEST_P(InstitutionsTest, ImportedAsUnitsUnderTheirDepartments) {
  auto school = org_->GetUnit(school_);
  ASSERT_TRUE(school.ok());
  EXPECT_EQ(school->kind, org::UnitKind::kInstitution);
  EXPECT_EQ(school->parent_id, education_);
  EXPECT_EQ(school->contact, "0715-6321001");
  EXPECT_EQ(org::UnitKindLabel(school->kind), "公共企事业单位");
  // Left out of the county's unit lists unless asked for.
  auto units = org_->ListUnits();
  ASSERT_TRUE(units.ok());
  for (const org::Unit& u : *units)
    EXPECT_NE(u.kind, org::UnitKind::kInstitution) << u.name;
  auto all = org_->ListUnits({.include_institutions = true});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), units->size() + 3);
  // A second import updates by name.
  auto again = service_->Import(
      admin_, "r.csv", "县教育局,鱼岳镇第一小学,教育,鱼岳镇人民政府,0715-1\n");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->updated, 1);
  EXPECT_EQ(org_->GetUnit(school_)->contact, "0715-1");
}

TEST_P(InstitutionsTest, ImportIsAllOrNothingAndNamesEveryBadRow) {
  auto bad = service_->Import(admin_, "bad.csv",
                              "主管部门,名称,行业,乡镇,联系方式\n"
                              "县教育局,新街镇小学,教育,新街镇人民政府,\n"
                              "县不存在局,某单位,教育,,\n"
                              "县教育局,某幼儿园,银行,,\n"
                              "县教育局,某中学,教育,火星镇,\n"
                              "鱼岳镇人民政府,某水厂,供水,,\n"
                              "县教育局,新街镇小学,教育,,\n"
                              "县卫健局,县民政局,医院,,\n");
  ASSERT_FALSE(bad.ok());
  const std::string m(bad.status().message());
  EXPECT_THAT(m, HasSubstr("第3行：没有名为“县不存在局”的部门"));
  EXPECT_THAT(m, HasSubstr("第4行：行业“银行”无效"));
  EXPECT_THAT(m, HasSubstr("第5行：没有名为“火星镇”的乡镇"));
  EXPECT_THAT(m, HasSubstr("第6行：“鱼岳镇人民政府”不是县直部门"));
  EXPECT_THAT(m, HasSubstr("第7行：“新街镇小学”与第2行重复"));
  EXPECT_THAT(m, HasSubstr("第8行：名称“县民政局”已被县直部门使用"));
  EXPECT_THAT(m, Not(HasSubstr("第2行：")));
  EXPECT_FALSE(org_->FindUnitByName("新街镇小学").ok());
  // A department imports its own institutions only.
  auto other =
      service_->Import(health_staff_, "r.csv", "县教育局,新街镇小学,教育,,\n");
  ASSERT_FALSE(other.ok());
  EXPECT_THAT(other.status().message(), HasSubstr("只能导入本部门主管的单位"));
  auto own = service_->Import(health_staff_, "r.csv",
                              "县卫健局,新街镇卫生院,卫生院,新街镇人民政府,\n");
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_EQ(own->created, 1);
  // A school's staff import nothing.
  auto school =
      service_->Import(school_staff_, "r.csv", "县教育局,另一小学,教育,,\n");
  EXPECT_FALSE(school.ok());
  // An empty file is named.
  auto empty = service_->Import(admin_, "r.csv", "");
  EXPECT_TRUE(absl::IsInvalidArgument(empty.status()));
}

TEST_P(InstitutionsTest, StaffActForTheirInstitutionAndTheDepartmentForAll) {
  auto saved = service_->SaveSection(
      school_staff_, school_, "fees",
      "学费：免收。\n\n<script>alert(1)</script>课后服务：每月 200 元。", true);
  ASSERT_TRUE(saved.ok()) << saved.status();
  EXPECT_THAT(saved->body_html, HasSubstr("<p>学费：免收。</p>"));
  EXPECT_THAT(saved->body_html, Not(HasSubstr("script")));
  EXPECT_EQ(saved->updated_at, FormatTimestamp(clock_.Now()));
  // Another institution's sections answer NotFound.
  auto other = service_->SaveSection(school_staff_, middle_, "fees", "x", true);
  EXPECT_TRUE(absl::IsNotFound(other.status())) << other.status();
  EXPECT_TRUE(
      absl::IsNotFound(service_->ForEdit(school_staff_, middle_).status()));
  // The supervising department may; another department may not.
  EXPECT_TRUE(
      service_
          ->SaveSection(education_staff_, middle_, "guide", "报名流程", true)
          .ok());
  EXPECT_TRUE(absl::IsNotFound(
      service_->SaveSection(health_staff_, school_, "guide", "x", true)
          .status()));
  // Scopes: the school itself, the department its two, the office all.
  auto mine = service_->InScope(school_staff_);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].institution.id, school_);
  EXPECT_EQ(service_->InScope(education_staff_)->size(), 2u);
  EXPECT_EQ(service_->InScope(admin_)->size(), 3u);
  EXPECT_EQ(service_->InScope(Actor{})->size(), 0u);
  // Publishing nothing is refused with the field named.
  auto blank =
      service_->SaveSection(school_staff_, school_, "notices", " ", true);
  EXPECT_EQ(GetFieldErrors(blank.status()).count("body"), 1u);
  EXPECT_TRUE(absl::IsNotFound(
      service_->SaveSection(school_staff_, school_, "nope", "x", true)
          .status()));
}

TEST_P(InstitutionsTest, DirectoryShowsPublishedSectionsOnly) {
  EXPECT_TRUE(absl::IsNotFound(service_->Public(school_).status()));
  ASSERT_TRUE(
      service_->SaveSection(school_staff_, school_, "guide", "入学报名", true)
          .ok());
  ASSERT_TRUE(service_
                  ->SaveSection(school_staff_, school_, "fees",
                                "草稿中的收费标准", false)
                  .ok());
  ASSERT_TRUE(
      service_->SaveSection(admin_, hospital_, "channels", "投诉电话", true)
          .ok());
  auto pub = service_->Public(school_);
  ASSERT_TRUE(pub.ok()) << pub.status();
  EXPECT_EQ(pub->institution.town_id, town_);
  EXPECT_EQ(pub->institution.sector, "教育");
  for (const SectionStatus& s : pub->sections) {
    if (s.content) {
      EXPECT_TRUE(s.content->published);
    }
  }
  // The middle school published nothing.
  EXPECT_TRUE(absl::IsNotFound(service_->Public(middle_).status()));
  EXPECT_TRUE(absl::IsNotFound(service_->Public(education_).status()));
  auto all = service_->Directory({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].institution.id, school_);  // 教育 before 医疗卫生
  auto health = service_->Directory({.sector = "医疗卫生"});
  ASSERT_EQ(health->size(), 1u);
  EXPECT_EQ((*health)[0].institution.id, hospital_);
  auto in_town = service_->Directory({.town_id = town_});
  ASSERT_EQ(in_town->size(), 1u);
  EXPECT_EQ((*in_town)[0].institution.id, school_);
}

TEST_P(InstitutionsTest, StaleByTheTemplatesPeriodOnTheClock) {
  Today(D(2026, 1, 5));
  for (Section s : kAllSections)
    ASSERT_TRUE(
        service_
            ->SaveSection(school_staff_, school_, SectionName(s), "内容", true)
            .ok());
  auto now = service_->Problems(clock_.Now(), education_);
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(Count(*now, school_, SectionState::kStale), 0);
  EXPECT_EQ(Count(*now, school_, SectionState::kMissing), 0);
  // The middle school published nothing: five sections missing.
  EXPECT_EQ(Count(*now, middle_, SectionState::kMissing), 5);
  // 100 days on: 重要通知 (90) is stale, 收费 (365) is not.
  Today(D(2026, 4, 15));
  auto later = service_->Problems(clock_.Now(), education_);
  ASSERT_TRUE(later.ok());
  ASSERT_EQ(Count(*later, school_, SectionState::kStale), 1);
  for (const Problem& p : *later) {
    if (p.institution_id != school_) continue;
    EXPECT_EQ(p.section, Section::kNotices);
    EXPECT_EQ(p.days_since, 100);
    EXPECT_EQ(p.department_id, education_);
  }
  // The department sets the 教育 template: 重要通知 not required, 收费 30.
  auto denied = service_->SaveTemplate(health_staff_, education_, "教育", {});
  EXPECT_TRUE(absl::IsNotFound(denied.status()));
  auto bad = service_->SaveTemplate(
      education_staff_, education_, "教育",
      {{.section = Section::kFees, .required = true, .period_days = 0}});
  EXPECT_EQ(GetFieldErrors(bad.status()).count("period_fees"), 1u);
  auto t = service_->SaveTemplate(
      education_staff_, education_, "教育",
      {{.section = Section::kFees, .required = true, .period_days = 30},
       {.section = Section::kNotices, .required = false, .period_days = 90}});
  ASSERT_TRUE(t.ok()) << t.status();
  auto got = service_->GetTemplate(education_staff_, education_, "学校");
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->is_default);
  EXPECT_EQ(got->rules[1].period_days, 30);
  EXPECT_FALSE(got->rules[4].required);
  auto after = service_->Problems(clock_.Now(), education_);
  ASSERT_EQ(Count(*after, school_, SectionState::kStale), 1);
  for (const Problem& p : *after) {
    if (p.institution_id == school_) {
      EXPECT_EQ(p.section, Section::kFees);
    }
  }
  // The middle school (教育) now misses four; the hospital is another
  // department's.
  EXPECT_EQ(Count(*after, middle_, SectionState::kMissing), 4);
  EXPECT_EQ(Count(*after, hospital_, SectionState::kMissing), 0);
  // Saving the section again makes it current.
  ASSERT_TRUE(
      service_->SaveSection(school_staff_, school_, "fees", "新标准", true)
          .ok());
  EXPECT_EQ(Count(*service_->Problems(clock_.Now(), education_), school_,
                  SectionState::kStale),
            0);
}

INSTANTIATE_TEST_SUITE_P(Databases, InstitutionsTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::institutions
