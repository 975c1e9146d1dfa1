// Issue 19: the site identity (admin only, validated, audited, marks by
// their bytes) and the units' 概况信息 (the unit's staff and the office,
// another unit's staff NotFound, sanitized duties, an empty profile not
// public), on SQLite and PostgreSQL.
#include <filesystem>
#include <string>

#include "core/audit.h"
#include "core/migrate.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "org/service.h"

namespace zwgk::org {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The smallest files of each kind, by their signatures.
std::string Png() {
  return std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) +
         std::string(40, 'p');
}
std::string Jpeg() {
  return std::string("\xff\xd8\xff\xe0\0\x10JFIF\0", 11) + std::string(40, 'j');
}
std::string Gif() { return "GIF89a" + std::string(40, 'g'); }

class ProfileServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase(GetParam(), {"core", "org"});
    ASSERT_NE(db_, nullptr);
    dir_ = (std::filesystem::path(::testing::TempDir()) /
            ("profile_" + GetParam()))
               .string();
    std::filesystem::remove_all(dir_);
    service_ = std::make_unique<Service>(*db_, clock_, dir_);
    ASSERT_TRUE(service_->Seed().ok());
    unit_ = service_->FindUnitByName("县民政局")->id;
    other_ = service_->FindUnitByName("县住建局")->id;
    editor_ = {.user_id = 2,
               .name = "民政编辑",
               .role = Role::kUnitEditor,
               .unit_id = unit_};
    stranger_ = {.user_id = 3,
                 .name = "住建编辑",
                 .role = Role::kUnitEditor,
                 .unit_id = other_};
  }

  int AuditCount(const std::string& action) {
    auto entries = audit::List(*db_, {.action = action, .per_page = 500});
    EXPECT_TRUE(entries.ok());
    return entries.ok() ? static_cast<int>(entries->size()) : -1;
  }

  FakeClock clock_{StartOfDay(absl::CivilDay(2026, 3, 2))};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<Service> service_;
  std::string dir_;
  int64_t unit_ = 0, other_ = 0;
  Actor admin_ = {.user_id = 1, .name = "admin", .role = Role::kAdmin};
  Actor editor_, stranger_;
};

TEST_P(ProfileServiceTest, IdentityDefaultsFromTheCounty) {
  auto s = service_->GetSiteIdentity();
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->site_name, "嘉鱼县人民政府");
  EXPECT_EQ(s->sponsor, "嘉鱼县人民政府办公室");
  EXPECT_EQ(s->id_code, "");
}

TEST_P(ProfileServiceTest, IdentityIsValidatedFieldByField) {
  struct Case {
    SiteIdentityInput in;
    std::string field;
  };
  const Case cases[] = {
      {{.id_code = "421221000"}, "id_code"},   // 9 characters
      {{.id_code = "42122100-1"}, "id_code"},  // not alphanumeric
      {{.phone = "12345"}, "phone"},
      {{.email = "not-an-email"}, "email"},
      {{.police = "鄂公网安备号"}, "police"},  // no record number
      {{.mark_url = "javascript:alert(1)"}, "mark_url"},
      {{.mark_url = "https://a.cn/\"onmouseover"}, "mark_url"},
      {{.sponsor = std::string(101 * 3, 'a')}, "sponsor"},
  };
  for (const Case& c : cases) {
    absl::Status s = service_->UpdateSiteIdentity(admin_, c.in).status();
    EXPECT_TRUE(absl::IsInvalidArgument(s)) << c.field << ": " << s;
    EXPECT_TRUE(GetFieldErrors(s).contains(c.field)) << c.field << ": " << s;
  }
  EXPECT_EQ(AuditCount("site.identity"), 0);
}

TEST_P(ProfileServiceTest, OnlyTheOfficeChangesTheIdentityAndItIsAudited) {
  SiteIdentityInput in{.site_name = "嘉鱼县人民政府门户网站",
                       .phone = "0715-6321234",
                       .email = "zwgk@jiayu.example.gov.cn",
                       .id_code = "4212210001",
                       .icp = "鄂ICP备12345678号",
                       .police = "鄂公网安备 42122102000123号",
                       .mark_url = "https://bszs.example.cn/x"};
  EXPECT_TRUE(absl::IsPermissionDenied(
      service_->UpdateSiteIdentity(editor_, in).status()));
  auto s = service_->UpdateSiteIdentity(admin_, in);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(PoliceRecordCode(s->police), "42122102000123");
  EXPECT_EQ(AuditCount("site.identity"), 1);
  auto page = service_->PageIdentityCached();
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->identity.id_code, "4212210001");
  EXPECT_EQ(page->county.name, "嘉鱼县");
  // A change is seen at once: the cache follows the site generation.
  in.id_code = "4212210002";
  ASSERT_TRUE(service_->UpdateSiteIdentity(admin_, in).ok());
  EXPECT_EQ(service_->PageIdentityCached()->identity.id_code, "4212210002");
}

TEST_P(ProfileServiceTest, MarksAreImagesByTheirBytesAndSmall) {
  EXPECT_TRUE(
      absl::IsNotFound(service_->SiteMarkImage(SiteMark::kDzjg).status()));
  EXPECT_TRUE(absl::IsPermissionDenied(
      service_->SetSiteMark(editor_, SiteMark::kDzjg, Png())));
  absl::Status exe = service_->SetSiteMark(admin_, SiteMark::kDzjg, "MZ\x90");
  EXPECT_TRUE(GetFieldErrors(exe).contains("mark")) << exe;
  absl::Status pdf =
      service_->SetSiteMark(admin_, SiteMark::kPolice, "%PDF-1.4 x");
  EXPECT_TRUE(GetFieldErrors(pdf).contains("police_mark")) << pdf;
  std::string big = Png() + std::string(kMaxMarkBytes, 'x');
  EXPECT_TRUE(absl::IsInvalidArgument(
      service_->SetSiteMark(admin_, SiteMark::kDzjg, big)));
  for (const std::string& image : {Png(), Jpeg(), Gif()}) {
    ASSERT_TRUE(service_->SetSiteMark(admin_, SiteMark::kDzjg, image).ok());
    auto got = service_->SiteMarkImage(SiteMark::kDzjg);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->bytes, image);
  }
  EXPECT_EQ(service_->SiteMarkImage(SiteMark::kDzjg)->content_type,
            "image/gif");
  // Saving the text fields keeps the uploaded mark; an empty upload removes.
  ASSERT_TRUE(service_->UpdateSiteIdentity(admin_, {.icp = "鄂ICP备1号"}).ok());
  EXPECT_TRUE(service_->SiteMarkImage(SiteMark::kDzjg).ok());
  ASSERT_TRUE(service_->SetSiteMark(admin_, SiteMark::kDzjg, "").ok());
  EXPECT_TRUE(
      absl::IsNotFound(service_->SiteMarkImage(SiteMark::kDzjg).status()));
  EXPECT_EQ(AuditCount("site.identity"), 5);
}

TEST_P(ProfileServiceTest, AnEmptyProfileIsNotPublic) {
  EXPECT_TRUE(absl::IsNotFound(service_->GetProfile(unit_).status()));
  EXPECT_TRUE(absl::IsNotFound(service_->GetProfile(0).status()));
  auto edit = service_->ProfileForEdit(editor_, unit_);
  ASSERT_TRUE(edit.ok()) << edit.status();
  EXPECT_TRUE(ProfileIsEmpty(*edit));
  // Saved with nothing in it: still not public.
  ASSERT_TRUE(
      service_->UpdateProfile(editor_, unit_, {.departments = "\n \n"}).ok());
  EXPECT_TRUE(absl::IsNotFound(service_->GetProfile(unit_).status()));
  EXPECT_THAT(*service_->UnitsWithProfiles(), ::testing::IsEmpty());
}

TEST_P(ProfileServiceTest, TheUnitsStaffAndTheOfficeEditOthersSeeNothing) {
  ProfileInput in{
      .departments = "办公室：负责机关日常运转\n社会救助股：低保、特困",
      .duties =
          "<p>负责社会救助。</p><script>alert(1)</script>"
          "<p onclick=\"x()\">负责养老服务。</p>",
      .address = "嘉鱼县鱼岳镇民政路1号",
      .phone = "0715-6320000",
      .fax = "0715-6320001",
      .email = "mzj@jiayu.example.gov.cn",
      .office_hours = "工作日 8:30–17:30"};
  // Another unit's staff: as if the unit did not exist.
  EXPECT_TRUE(
      absl::IsNotFound(service_->UpdateProfile(stranger_, unit_, in).status()));
  EXPECT_TRUE(
      absl::IsNotFound(service_->ProfileForEdit(stranger_, unit_).status()));
  EXPECT_TRUE(
      absl::IsNotFound(service_->UpdateProfile(editor_, 0, in).status()));
  EXPECT_TRUE(absl::IsNotFound(
      service_->AddLeader(stranger_, unit_, {.name = "王五"}).status()));

  auto p = service_->UpdateProfile(editor_, unit_, in);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_THAT(p->duties_html, HasSubstr("负责社会救助。"));
  EXPECT_THAT(p->duties_html, Not(HasSubstr("script")));
  EXPECT_THAT(p->duties_html, Not(HasSubstr("onclick")));
  std::vector<Department> d = ParseDepartments(p->departments);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[1].name, "社会救助股");
  EXPECT_EQ(d[1].duties, "低保、特困");
  auto pub = service_->GetProfile(unit_);
  ASSERT_TRUE(pub.ok()) << pub.status();
  EXPECT_EQ(pub->phone, "0715-6320000");
  EXPECT_THAT(*service_->UnitsWithProfiles(), ::testing::ElementsAre(unit_));
  EXPECT_EQ(AuditCount("unit.profile"), 1);
  // The office edits every unit and the county's own.
  EXPECT_TRUE(
      service_->UpdateProfile(admin_, 0, {.duties = "县政府职责"}).ok());
  EXPECT_THAT(*service_->UnitsWithProfiles(), ::testing::ElementsAre(0, unit_));
  // A retired unit's profile is no longer public.
  auto extra = service_->CreateUnit(admin_, {.name = "县档案馆"});
  ASSERT_TRUE(extra.ok()) << extra.status();
  ASSERT_TRUE(service_->UpdateProfile(admin_, extra->id, in).ok());
  EXPECT_TRUE(service_->GetProfile(extra->id).ok());
  ASSERT_TRUE(service_->SetUnitRetired(admin_, extra->id, true).ok());
  EXPECT_TRUE(absl::IsNotFound(service_->GetProfile(extra->id).status()));
  EXPECT_THAT(*service_->UnitsWithProfiles(), ::testing::ElementsAre(0, unit_));
}

TEST_P(ProfileServiceTest, ProfileFieldsAreValidated) {
  struct Case {
    ProfileInput in;
    std::string field;
  };
  const Case cases[] = {
      {{.phone = "电话"}, "phone"},
      {{.fax = "123"}, "fax"},
      {{.email = "a@"}, "email"},
      {{.departments = "：只有职责"}, "departments"},
      {{.departments = std::string(51 * 3, 'a')}, "departments"},
      {{.office_hours = std::string(101, 'h')}, "office_hours"},
      {{.duties = std::string(40001, 'd')}, "duties"},
  };
  for (const Case& c : cases) {
    absl::Status s = service_->UpdateProfile(editor_, unit_, c.in).status();
    EXPECT_TRUE(GetFieldErrors(s).contains(c.field)) << c.field << ": " << s;
  }
}

TEST_P(ProfileServiceTest, LeadersWithPhotoResumeAndPortfolio) {
  EXPECT_TRUE(GetFieldErrors(
                  service_->AddLeader(editor_, unit_, {.name = " "}).status())
                  .contains("name"));
  auto l = service_->AddLeader(editor_, unit_,
                               {.name = "李四",
                                .title = "局长",
                                .resume = "1975年生。\n2020年起任局长。",
                                .portfolio = "主持全面工作",
                                .position = 1});
  ASSERT_TRUE(l.ok()) << l.status();
  auto second =
      service_->AddLeader(editor_, unit_, {.name = "赵六", .title = "副局长"});
  ASSERT_TRUE(second.ok());
  // A leader alone makes the profile public, in position order.
  auto pub = service_->GetProfile(unit_);
  ASSERT_TRUE(pub.ok()) << pub.status();
  ASSERT_EQ(pub->leaders.size(), 2u);
  EXPECT_EQ(pub->leaders[0].name, "赵六");
  EXPECT_EQ(pub->leaders[1].resume, "1975年生。\n2020年起任局长。");

  // Photos: JPEG or PNG by their bytes, within the limit.
  EXPECT_TRUE(absl::IsNotFound(service_->LeaderPhoto(unit_, l->id).status()));
  absl::Status gif = service_->SetLeaderPhoto(editor_, unit_, l->id, Gif());
  EXPECT_TRUE(GetFieldErrors(gif).contains("photo")) << gif;
  EXPECT_TRUE(absl::IsInvalidArgument(service_->SetLeaderPhoto(
      editor_, unit_, l->id, Jpeg() + std::string(kMaxPhotoBytes, 'x'))));
  EXPECT_TRUE(absl::IsNotFound(
      service_->SetLeaderPhoto(stranger_, unit_, l->id, Jpeg())));
  // A leader of another unit is not found through this one.
  EXPECT_TRUE(absl::IsNotFound(
      service_->SetLeaderPhoto(admin_, other_, l->id, Jpeg())));
  ASSERT_TRUE(service_->SetLeaderPhoto(editor_, unit_, l->id, Jpeg()).ok());
  auto photo = service_->LeaderPhoto(unit_, l->id);
  ASSERT_TRUE(photo.ok()) << photo.status();
  EXPECT_EQ(photo->content_type, "image/jpeg");
  EXPECT_EQ(photo->bytes, Jpeg());

  // Editing keeps the photo; removing the last leaders empties the profile.
  auto edited = service_->UpdateLeader(
      editor_, unit_, l->id, {.name = "李四", .title = "党组书记、局长"});
  ASSERT_TRUE(edited.ok()) << edited.status();
  EXPECT_FALSE(edited->photo_blob.empty());
  EXPECT_TRUE(
      absl::IsNotFound(service_->RemoveLeader(stranger_, unit_, l->id)));
  ASSERT_TRUE(service_->RemoveLeader(editor_, unit_, l->id).ok());
  ASSERT_TRUE(service_->RemoveLeader(admin_, unit_, second->id).ok());
  EXPECT_TRUE(absl::IsNotFound(service_->GetProfile(unit_).status()));
  EXPECT_EQ(AuditCount("unit.leader"), 6);
}

TEST_P(ProfileServiceTest, AtMostSoManyLeaders) {
  for (int i = 0; i < kMaxLeaders; ++i)
    ASSERT_TRUE(service_->AddLeader(admin_, unit_, {.name = "某某"}).ok());
  EXPECT_TRUE(absl::IsInvalidArgument(
      service_->AddLeader(admin_, unit_, {.name = "多一位"}).status()));
}

INSTANTIATE_TEST_SUITE_P(Engines, ProfileServiceTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

TEST(ProfileModelTest, DepartmentsAndPoliceCode) {
  std::vector<Department> d =
      ParseDepartments("办公室：日常运转\r\n\n 财务股:经费 \n法规股");
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].name, "办公室");
  EXPECT_EQ(d[1].name, "财务股");
  EXPECT_EQ(d[1].duties, "经费");
  EXPECT_EQ(d[2].name, "法规股");
  EXPECT_EQ(d[2].duties, "");
  EXPECT_EQ(PoliceRecordCode("鄂公网安备 42122102000123号"), "42122102000123");
  EXPECT_EQ(ParseSiteMark("police"), SiteMark::kPolice);
  EXPECT_EQ(ParseSiteMark("x"), std::nullopt);
}

}  // namespace
}  // namespace zwgk::org
