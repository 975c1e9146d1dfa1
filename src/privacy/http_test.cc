// 个人信息检查 in-process on the seeded app (SQLite and PostgreSQL): the
// office rescans a generated site with planted personal data and sees each
// planted record under its unit, masked; a unit's staff see their own unit's
// only; the public and other units get nothing; masking from the list makes
// the public page show the masked text; CSRF; no raw value on the page or in
// the log.
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "catalog/module.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "org/module.h"
#include "publishing/generate.h"
#include "publishing/module.h"
#include "spdlog/sinks/ostream_sink.h"
#include "spdlog/spdlog.h"

namespace zwgk::privacy {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using zwgk::testing::TestApp;

constexpr char kId[] = "421221199003071238";
constexpr char kMobile[] = "13907151234";

class PrivacyHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  PrivacyHttpTest() : t_(GetParam()) {}

  void SetUp() override {
    ASSERT_TRUE(t_.ok());
    log_sink_ = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_);
    spdlog::default_logger()->sinks().push_back(log_sink_);
    auto& org = static_cast<org::OrgModule*>(t_.app().module("org"))->service();
    auto& catalog =
        static_cast<catalog::CatalogModule*>(t_.app().module("catalog"))
            ->service();
    pub_ = &static_cast<publishing::PublishingModule*>(
                t_.app().module("publishing"))
                ->service();
    const Actor office{.user_id = 0, .name = "system", .role = Role::kAdmin};
    for (const char* name :
         {"重大建设项目", "义务教育", "社会救助", "财政预决算"}) {
      auto d = org.ResolveDomain(name);
      ASSERT_TRUE(d.ok()) << name;
      ASSERT_TRUE(catalog.Publish(office, d->id, "审定").ok()) << name;
    }
    auto made = publishing::GenerateRecords(
        t_.app().db(), org, catalog,
        {.records = 30, .to = absl::CivilDay(2026, 2, 27)});
    ASSERT_TRUE(made.ok()) << made.status();
    auto rows = t_.app().db().Query(
        "SELECT id, unit_id FROM pub_records WHERE status = 'published' "
        "ORDER BY id");
    ASSERT_TRUE(rows.ok());
    for (const db::Row& r : rows->rows) {
      auto rec = pub_->Get(r.Int(0));
      if (!rec.ok() || !publishing::IsPublic(*rec)) continue;
      if (a_ == 0) {
        a_ = r.Int(0);
        unit_a_ = r.Int(1);
        unit_a_name_ = rec->unit_name;
      } else if (b_ == 0 && r.Int(1) != unit_a_) {
        b_ = r.Int(0);
        unit_b_ = r.Int(1);
        unit_b_name_ = rec->unit_name;
      }
    }
    ASSERT_NE(b_, 0);
    ASSERT_TRUE(
        t_.app()
            .db()
            .Transaction([&](db::Tx& tx) -> absl::Status {
              // The generator's office number in every body is not a
              // finding: only the planted ones are listed.
              auto n = tx.Exec(
                  "UPDATE pub_records SET body_html = ? WHERE id = ?",
                  {absl::StrCat("<p>低保对象张三，身份证号：", kId, "。</p>"),
                   a_});
              if (!n.ok()) return n.status();
              return tx
                  .Exec(
                      "UPDATE pub_records SET body_html = ? WHERE id "
                      "= ?",
                      {absl::StrCat("<p>联系人李四，手机", kMobile, "。</p>"),
                       b_})
                  .status();
            })
            .ok());
  }
  void TearDown() override {
    auto& sinks = spdlog::default_logger()->sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), log_sink_),
                sinks.end());
  }

  void ExpectNoRaw(const std::string& text) {
    EXPECT_THAT(text, Not(HasSubstr(kId)));
    EXPECT_THAT(text, Not(HasSubstr(kMobile)));
  }

  TestApp t_;
  publishing::Service* pub_ = nullptr;
  std::ostringstream log_;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> log_sink_;
  int64_t a_ = 0, b_ = 0, unit_a_ = 0, unit_b_ = 0;
  std::string unit_a_name_, unit_b_name_;
};

TEST_P(PrivacyHttpTest, OfficeScansAndSeesEveryUnit) {
  ASSERT_TRUE(t_.SignIn("office1", "admin"));
  web::Response before = t_.Get("/admin/privacy");
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_THAT(before.body, HasSubstr("还没有扫描过全站"));
  // The admin home links to the page.
  EXPECT_THAT(t_.Get("/admin").body, HasSubstr("/admin/privacy"));
  // Without the CSRF token the scan is refused.
  EXPECT_EQ(t_.PostForm("/admin/privacy/scan", {}, /*with_csrf=*/false).status,
            403);
  web::Response scan = t_.PostForm("/admin/privacy/scan", {});
  ASSERT_EQ(scan.status, 303) << scan.body;
  EXPECT_EQ(scan.HeaderValue("Location"), "/admin/privacy?done=scanned");
  web::Response page = t_.Get("/admin/privacy?done=scanned");
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("全站扫描已完成"));
  EXPECT_THAT(page.body, HasSubstr(absl::StrCat("id=\"record-", a_, "\"")));
  EXPECT_THAT(page.body, HasSubstr(absl::StrCat("id=\"record-", b_, "\"")));
  EXPECT_THAT(page.body, HasSubstr(absl::StrCat("/admin/records/", a_)));
  EXPECT_THAT(page.body, HasSubstr(unit_a_name_));
  EXPECT_THAT(page.body, HasSubstr(unit_b_name_));
  EXPECT_THAT(page.body, HasSubstr("身份证号码"));
  EXPECT_THAT(page.body, HasSubstr("手机号码"));
  EXPECT_THAT(page.body, HasSubstr("421***********1238"));
  EXPECT_THAT(page.body, HasSubstr("139****1234"));
  EXPECT_THAT(page.body, HasSubstr("id=\"scan-site\""));
  // Exactly the two planted records: two mask buttons.
  size_t buttons = 0;
  for (size_t at = page.body.find("id=\"mask-"); at != std::string::npos;
       at = page.body.find("id=\"mask-", at + 1))
    ++buttons;
  EXPECT_EQ(buttons, 2u);
  ExpectNoRaw(page.body);
  // One unit for the office.
  web::Response one = t_.Get(absl::StrCat("/admin/privacy?unit=", unit_b_));
  ASSERT_EQ(one.status, 200);
  EXPECT_THAT(one.body, HasSubstr(absl::StrCat("record-", b_)));
  EXPECT_THAT(one.body, Not(HasSubstr(absl::StrCat("record-", a_, "\""))));
  EXPECT_EQ(t_.Get("/admin/privacy?unit=x").status, 404);
  ExpectNoRaw(log_.str());
}

TEST_P(PrivacyHttpTest, UnitStaffSeeTheirOwnOnlyAndThePublicNothing) {
  ASSERT_TRUE(t_.SignIn("office2", "admin"));
  ASSERT_EQ(t_.PostForm("/admin/privacy/scan", {}).status, 303);
  ASSERT_TRUE(t_.SignIn("rev-a", "unit_reviewer", unit_a_name_));
  web::Response mine = t_.Get("/admin/privacy");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_THAT(mine.body, HasSubstr(absl::StrCat("record-", a_, "\"")));
  EXPECT_THAT(mine.body, Not(HasSubstr(absl::StrCat("record-", b_, "\""))));
  EXPECT_THAT(mine.body, Not(HasSubstr("id=\"scan-site\"")));
  ExpectNoRaw(mine.body);
  // Another unit's list, a site scan, another unit's record: 404.
  EXPECT_EQ(t_.Get(absl::StrCat("/admin/privacy?unit=", unit_b_)).status, 404);
  EXPECT_EQ(t_.PostForm("/admin/privacy/scan", {}).status, 404);
  EXPECT_EQ(
      t_.PostForm(absl::StrCat("/admin/privacy/records/", b_, "/mask"), {})
          .status,
      404);
  EXPECT_EQ(
      t_.PostForm(absl::StrCat("/admin/privacy/records/", b_, "/unpublish"), {})
          .status,
      404);
  // The public: the staff page sends to the login form and shows nothing;
  // the actions are refused.
  t_.cookies().clear();
  web::Response anon = t_.Get("/admin/privacy");
  EXPECT_NE(anon.status, 200);
  EXPECT_THAT(anon.body, Not(HasSubstr(absl::StrCat("record-", a_))));
  ExpectNoRaw(anon.body);
  web::Response anon_mask =
      t_.PostForm(absl::StrCat("/admin/privacy/records/", a_, "/mask"), {});
  EXPECT_THAT(anon_mask.HeaderValue("Location"), HasSubstr("/login"));
  EXPECT_EQ(t_.Get(absl::StrCat("/records/", a_)).status, 200);
  auto still = pub_->Get(a_);
  ASSERT_TRUE(still.ok());
  EXPECT_THAT(still->body_html, HasSubstr(kId)) << "nothing was masked";
  ExpectNoRaw(log_.str());
}

TEST_P(PrivacyHttpTest, MaskAndTakeDownInOneClick) {
  ASSERT_TRUE(t_.SignIn("office3", "admin"));
  ASSERT_EQ(t_.PostForm("/admin/privacy/scan", {}).status, 303);
  ASSERT_TRUE(t_.SignIn("rev-a2", "unit_reviewer", unit_a_name_));
  web::Response masked =
      t_.PostForm(absl::StrCat("/admin/privacy/records/", a_, "/mask"), {});
  ASSERT_EQ(masked.status, 303) << masked.body;
  EXPECT_EQ(masked.HeaderValue("Location"), "/admin/privacy?done=masked");
  web::Response after = t_.Get("/admin/privacy?done=masked");
  EXPECT_THAT(after.body, HasSubstr("已脱敏并重新发布"));
  EXPECT_THAT(after.body, Not(HasSubstr(absl::StrCat("record-", a_, "\""))));
  // The public page shows the masked number.
  t_.cookies().clear();
  web::Response pub = t_.Get(absl::StrCat("/records/", a_));
  ASSERT_EQ(pub.status, 200);
  EXPECT_THAT(pub.body, HasSubstr("421***********1238"));
  ExpectNoRaw(pub.body);
  // Unit B's reviewer takes theirs down: the public page is gone.
  ASSERT_TRUE(t_.SignIn("rev-b", "unit_reviewer", unit_b_name_));
  web::Response down = t_.PostForm(
      absl::StrCat("/admin/privacy/records/", b_, "/unpublish"), {});
  ASSERT_EQ(down.status, 303) << down.body;
  auto rec = pub_->Get(b_);
  ASSERT_TRUE(rec.ok());
  EXPECT_EQ(rec->unpublish_reason, "含未脱敏个人信息");
  t_.cookies().clear();
  EXPECT_EQ(t_.Get(absl::StrCat("/records/", b_)).status, 404);
  ExpectNoRaw(log_.str());
}

INSTANTIATE_TEST_SUITE_P(Engines, PrivacyHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::privacy
