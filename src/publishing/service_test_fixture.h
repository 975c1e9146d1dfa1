// The fixture the publishing service tests share: seeded org, calendar,
// catalog and publishing services on a fresh database of the test's engine
// (SQLite or PostgreSQL), a fake clock at 2026-03-02 10:00, attachments in a
// temporary directory, and the actors the tests act as.
#ifndef ZWGK_PUBLISHING_SERVICE_TEST_FIXTURE_H_
#define ZWGK_PUBLISHING_SERVICE_TEST_FIXTURE_H_

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "calendar/service.h"
#include "catalog/service.h"
#include "core/testing.h"
#include "gtest/gtest.h"
#include "org/service.h"
#include "publishing/service.h"

namespace zwgk::publishing {

// 10:00 on that day, county time.
inline absl::Time At(int y, int m, int d) {
  return StartOfDay(absl::CivilDay(y, m, d)) + absl::Hours(10);
}

class PublishingServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase(
        GetParam(), {"core", "org", "calendar", "catalog", "publishing"});
    ASSERT_NE(db_, nullptr);
    org_ = std::make_unique<org::Service>(*db_, clock_);
    ASSERT_TRUE(org_->Seed().ok());
    calendar_ = std::make_unique<calendar::Service>(*db_, clock_);
    ASSERT_TRUE(calendar_->Seed().ok());
    catalog_ = std::make_unique<catalog::Service>(*db_, clock_, *org_);
    ASSERT_TRUE(catalog_->Seed().ok());
    // The seed opens the example catalogs as drafts (issue 17); these tests
    // start from the county office having published them.
    for (const char* name :
         {"重大建设项目", "义务教育", "社会救助", "财政预决算"})
      ASSERT_TRUE(catalog_
                      ->Publish(Actor{.name = "admin", .role = Role::kAdmin},
                                org_->ResolveDomain(name)->id, "审定")
                      .ok());
    // Unique per test: both engines' runs share the process.
    data_dir_ = std::filesystem::temp_directory_path() /
                absl::StrCat("zwgk-pub-", ::getpid(), "-", ++counter_);
    service_ = std::make_unique<Service>(
        *db_, clock_, *org_, *catalog_, *calendar_,
        ServiceOptions{.data_dir = data_dir_.string()});
    ASSERT_TRUE(service_->Seed().ok());
    auto unit = org_->ResolveUnit("县民政局");
    ASSERT_TRUE(unit.ok()) << unit.status();
    unit_ = unit->id;
    auto other = org_->ResolveUnit("县教育局");
    ASSERT_TRUE(other.ok()) << other.status();
    other_unit_ = other->id;
    editor_ = {.user_id = 2,
               .name = "editor",
               .role = Role::kUnitEditor,
               .unit_id = unit_};
    reviewer_ = {.user_id = 3,
                 .name = "reviewer",
                 .role = Role::kUnitReviewer,
                 .unit_id = unit_};
    other_editor_ = {.user_id = 4,
                     .name = "other",
                     .role = Role::kUnitEditor,
                     .unit_id = other_unit_};
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }

  static inline int counter_ = 0;
  FakeClock clock_{At(2026, 3, 2)};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<org::Service> org_;
  std::unique_ptr<calendar::Service> calendar_;
  std::unique_ptr<catalog::Service> catalog_;
  std::unique_ptr<Service> service_;
  std::filesystem::path data_dir_;
  // 县民政局 and 县教育局.
  int64_t unit_ = 0, other_unit_ = 0;
  Actor admin_{.user_id = 1, .name = "admin", .role = Role::kAdmin};
  // 县民政局's editor and reviewer; 县教育局's editor.
  Actor editor_, reviewer_, other_editor_;
};

}  // namespace zwgk::publishing

#endif  // ZWGK_PUBLISHING_SERVICE_TEST_FIXTURE_H_
