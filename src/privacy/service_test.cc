// The site-wide 保密审查 (issue 18) on SQLite and PostgreSQL with a fake
// clock: `privacy scan` over a generated site with planted personal data —
// an ID number in a body, mobiles in an XLSX attachment, and an 18-digit
// number with a bad checksum and a 文号 that must not be reported — lists
// exactly the planted ones, per unit, masked; who sees what; the run
// recorded; taking down and masking from the list.
#include "privacy/service.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "calendar/service.h"
#include "catalog/service.h"
#include "content/blob_store.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "org/service.h"
#include "privacy/scan.h"
#include "publishing/generate.h"
#include "publishing/service.h"

namespace zwgk::privacy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

constexpr char kId[] = "421221199003071238";     // valid checksum
constexpr char kBadId[] = "421221199003071239";  // checksum wrong
constexpr char kDocNumber[] = "嘉民发〔2026〕3号";
constexpr char kMobile1[] = "13812345678";
constexpr char kMobile2[] = "15907151234";

absl::Time At(int y, int m, int d, int h = 10) {
  return StartOfDay(absl::CivilDay(y, m, d)) + absl::Hours(h);
}

// A workbook of three people, two with mobiles (B2, B3) and one without.
std::string PhonesXlsx(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "phones.xlsx").string();
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "名单");
  worksheet_write_string(ws, 0, 0, "姓名", nullptr);
  worksheet_write_string(ws, 0, 1, "联系电话", nullptr);
  worksheet_write_string(ws, 1, 0, "张三", nullptr);
  worksheet_write_string(ws, 1, 1, kMobile1, nullptr);
  worksheet_write_string(ws, 2, 0, "李四", nullptr);
  worksheet_write_string(ws, 2, 1, kMobile2, nullptr);
  worksheet_write_string(ws, 3, 0, "王五", nullptr);
  worksheet_write_string(ws, 3, 1, "无", nullptr);
  EXPECT_EQ(workbook_close(wb), LXW_NO_ERROR);
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class PrivacyServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase(
        GetParam(),
        {"core", "org", "calendar", "catalog", "publishing", "privacy"});
    ASSERT_NE(db_, nullptr);
    org_ = std::make_unique<org::Service>(*db_, clock_);
    ASSERT_TRUE(org_->Seed().ok());
    calendar_ = std::make_unique<calendar::Service>(*db_, clock_);
    ASSERT_TRUE(calendar_->Seed().ok());
    catalog_ = std::make_unique<catalog::Service>(*db_, clock_, *org_);
    ASSERT_TRUE(catalog_->Seed().ok());
    for (const char* name :
         {"重大建设项目", "义务教育", "社会救助", "财政预决算"})
      ASSERT_TRUE(
          catalog_->Publish(admin_, org_->ResolveDomain(name)->id, "审定")
              .ok());
    data_dir_ = std::filesystem::temp_directory_path() /
                absl::StrCat("zwgk-privacy-", ::getpid(), "-", ++counter_);
    publishing_ = std::make_unique<publishing::Service>(
        *db_, clock_, *org_, *catalog_, *calendar_,
        publishing::ServiceOptions{.data_dir = data_dir_.string()});
    ASSERT_TRUE(publishing_->Seed().ok());
    service_ = std::make_unique<Service>(*db_, clock_, *org_, *publishing_);
    GenerateAndPlant();
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }

  // A generated site of public records; then, behind the workflow's back
  // (as an old site would hold them): an ID number in one body, an XLSX of
  // mobiles on a record of another unit, and in a third record (of the
  // first unit) a bad-checksum 18-digit number beside a 文号.
  void GenerateAndPlant() {
    auto made = publishing::GenerateRecords(
        *db_, *org_, *catalog_,
        {.records = 40, .to = absl::CivilDay(2026, 2, 27)});
    ASSERT_TRUE(made.ok()) << made.status();
    auto rows = db_->Query(
        "SELECT id, unit_id FROM pub_records WHERE status = 'published' "
        "ORDER BY id");
    ASSERT_TRUE(rows.ok()) << rows.status();
    std::vector<std::pair<int64_t, int64_t>> pub;  // id, unit
    for (const db::Row& r : rows->rows) {
      auto rec = publishing_->Get(r.Int(0));
      if (rec.ok() && publishing::IsPublic(*rec))
        pub.emplace_back(r.Int(0), r.Int(1));
    }
    ASSERT_GE(pub.size(), 3u);
    id_record_ = pub[0].first;
    unit_a_ = pub[0].second;
    for (const auto& [id, unit] : pub) {
      if (unit != unit_a_ && xlsx_record_ == 0) {
        xlsx_record_ = id;
        unit_b_ = unit;
      } else if (unit == unit_a_ && id != id_record_ && decoy_record_ == 0) {
        decoy_record_ = id;
      }
    }
    ASSERT_NE(xlsx_record_, 0);
    if (decoy_record_ == 0) {  // another unit's will do for the decoy
      for (const auto& [id, unit] : pub)
        if (id != id_record_ && id != xlsx_record_) decoy_record_ = id;
    }
    ASSERT_NE(decoy_record_, 0);
    content::BlobStore blobs((data_dir_ / "blobs").string());
    const std::string xlsx = PhonesXlsx(data_dir_ / "src");
    auto sha = blobs.Put(xlsx);
    ASSERT_TRUE(sha.ok()) << sha.status();
    ASSERT_TRUE(
        db_->Transaction([&](db::Tx& tx) -> absl::Status {
             auto set = [&](int64_t id, const std::string& html) {
               return tx
                   .Exec("UPDATE pub_records SET body_html = ? WHERE id = ?",
                         {html, id})
                   .status();
             };
             // The generator writes the county office's published number
             // into bodies ("联系电话：0715-6321234"): not a finding, so only
             // the planted ones are listed.
             ZWGK_RETURN_IF_ERROR(set(
                 id_record_, absl::StrCat("<p>经审核，申请人张三（身份证号：",
                                          kId, "）符合条件。</p>")));
             ZWGK_RETURN_IF_ERROR(
                 set(decoy_record_,
                     absl::StrCat("<p>根据", kDocNumber, "，编号", kBadId,
                                  "的项目已完成验收。</p>")));
             return tx
                 .Exec(
                     "INSERT INTO pub_attachments (record_id, filename, "
                     "content_type, sha256, size, position) VALUES (?, ?, ?, "
                     "?, ?, ?)",
                     {xlsx_record_, std::string("联系人名单.xlsx"),
                      std::string("application/vnd.openxmlformats-"
                                  "officedocument.spreadsheetml.sheet"),
                      *sha, static_cast<int64_t>(xlsx.size()), int64_t{9}})
                 .status();
           })
            .ok());
  }

  Actor Staff(int64_t unit, Role role = Role::kUnitReviewer) {
    return {.user_id = 10 + unit,
            .name = absl::StrCat("staff-", unit),
            .role = role,
            .unit_id = unit};
  }

  // Nothing listed carries a raw value.
  static void ExpectNoRaw(const Overview& o) {
    for (const UnitFindings& u : o.units)
      for (const RecordFindings& r : u.records) {
        for (const char* raw : {kId, kMobile1, kMobile2}) {
          EXPECT_THAT(r.report.title, Not(HasSubstr(raw)));
          for (const publishing::PrivacyFinding& f : r.report.findings) {
            EXPECT_THAT(f.preview, Not(HasSubstr(raw)));
            EXPECT_THAT(f.place, Not(HasSubstr(raw)));
          }
        }
      }
  }

  static std::vector<int64_t> Listed(const Overview& o) {
    std::vector<int64_t> ids;
    for (const UnitFindings& u : o.units)
      for (const RecordFindings& r : u.records)
        ids.push_back(r.report.record_id);
    return ids;
  }

  static inline int counter_ = 0;
  FakeClock clock_{At(2026, 3, 2)};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<org::Service> org_;
  std::unique_ptr<calendar::Service> calendar_;
  std::unique_ptr<catalog::Service> catalog_;
  std::unique_ptr<publishing::Service> publishing_;
  std::unique_ptr<Service> service_;
  std::filesystem::path data_dir_;
  Actor admin_{.user_id = 1, .name = "admin", .role = Role::kAdmin};
  int64_t id_record_ = 0, xlsx_record_ = 0, decoy_record_ = 0;
  int64_t unit_a_ = 0, unit_b_ = 0;
};

TEST_P(PrivacyServiceTest, ScanListsExactlyThePlantedFindings) {
  auto before = service_->LastRun();
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_FALSE(before->has_value());

  std::vector<std::pair<int64_t, int64_t>> progress;
  auto run = service_->ScanSite(nullptr, [&](int64_t done, int64_t total) {
    progress.emplace_back(done, total);
  });
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->started_by, "命令行");
  EXPECT_EQ(run->summary.records_with_findings, 2);
  EXPECT_EQ(run->summary.findings, 3);
  EXPECT_GE(run->summary.attachments, 1);
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back().first, progress.back().second);

  auto o = service_->GetOverview(admin_, std::nullopt);
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_TRUE(o->all_units);
  EXPECT_THAT(Listed(*o), UnorderedElementsAre(id_record_, xlsx_record_));
  EXPECT_EQ(o->records, 2);
  EXPECT_EQ(o->findings, 3);
  ASSERT_EQ(o->units.size(), 2u);
  ExpectNoRaw(*o);
  for (const UnitFindings& u : o->units) {
    ASSERT_EQ(u.records.size(), 1u);
    const RecordFindings& r = u.records[0];
    if (r.report.record_id == id_record_) {
      EXPECT_EQ(u.unit_id, unit_a_);
      EXPECT_EQ(r.kind_counts,
                (std::map<std::string, int64_t>{{"id_card", 1}}));
      EXPECT_EQ(r.report.findings[0].source, "正文");
      EXPECT_THAT(r.report.findings[0].preview,
                  HasSubstr(Mask(Kind::kIdCard, kId)));
    } else {
      EXPECT_EQ(u.unit_id, unit_b_);
      EXPECT_EQ(r.kind_counts, (std::map<std::string, int64_t>{{"mobile", 2}}));
      std::set<std::string> places;
      for (const publishing::PrivacyFinding& f : r.report.findings) {
        EXPECT_EQ(f.source, "联系人名单.xlsx");
        places.insert(f.place);
      }
      EXPECT_EQ(places, (std::set<std::string>{"名单!B2", "名单!B3"}));
    }
    EXPECT_FALSE(r.index_number.empty());
  }

  // The run is recorded and audited.
  auto last = service_->LastRun();
  ASSERT_TRUE(last.ok() && last->has_value());
  EXPECT_EQ((*last)->id, run->id);
  EXPECT_EQ((*last)->finished_at, FormatTimestamp(clock_.Now()));
  EXPECT_EQ((*last)->summary.findings, 3);
  EXPECT_EQ(o->last_run->id, run->id);
  auto audit_rows = db_->Query(
      "SELECT user_name, entity_id FROM audit_log WHERE action = "
      "'privacy.scan'");
  ASSERT_TRUE(audit_rows.ok()) << audit_rows.status();
  ASSERT_EQ(audit_rows->rows.size(), 1u);
  EXPECT_EQ(audit_rows->rows[0].Text(1), absl::StrCat(run->id));
}

TEST_P(PrivacyServiceTest, WhoSeesWhat) {
  ASSERT_TRUE(service_->ScanSite(&admin_).ok());
  // A unit's staff see their own unit's record only.
  auto mine =
      service_->GetOverview(Staff(unit_a_, Role::kUnitEditor), std::nullopt);
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_FALSE(mine->all_units);
  EXPECT_THAT(Listed(*mine), ElementsAre(id_record_));
  auto theirs = service_->GetOverview(Staff(unit_b_), std::nullopt);
  ASSERT_TRUE(theirs.ok());
  EXPECT_THAT(Listed(*theirs), ElementsAre(xlsx_record_));
  // Another unit's list, the public, and a scan by anyone but the office:
  // NotFound.
  EXPECT_EQ(service_->GetOverview(Staff(unit_a_), unit_b_).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->GetOverview(Actor{}, std::nullopt).status().code(),
            absl::StatusCode::kNotFound);
  Actor a_staff = Staff(unit_a_);
  EXPECT_EQ(service_->ScanSite(&a_staff).status().code(),
            absl::StatusCode::kNotFound);
  // The office may look at one unit.
  auto one = service_->GetOverview(admin_, unit_b_);
  ASSERT_TRUE(one.ok());
  EXPECT_FALSE(one->all_units);
  EXPECT_THAT(Listed(*one), ElementsAre(xlsx_record_));
  // Started by an account: recorded under its name.
  auto last = service_->LastRun();
  ASSERT_TRUE(last.ok() && last->has_value());
  EXPECT_EQ((*last)->started_by, "admin");
}

TEST_P(PrivacyServiceTest, TakeDownAndMaskFromTheList) {
  ASSERT_TRUE(service_->ScanSite(nullptr).ok());
  // Another unit's reviewer cannot act on the record.
  EXPECT_EQ(service_->Unpublish(Staff(unit_b_), id_record_).status().code(),
            absl::StatusCode::kNotFound);
  // The responsible unit's reviewer takes it down, with the fixed reason.
  auto down = service_->Unpublish(Staff(unit_a_), id_record_);
  ASSERT_TRUE(down.ok()) << down.status();
  EXPECT_EQ(down->status, publishing::Status::kUnpublished);
  EXPECT_EQ(down->unpublish_reason, kUnpublishReason);
  // The other unit's reviewer masks theirs: the XLSX is replaced by a
  // masked copy and nothing stays open.
  auto masked = service_->Mask(Staff(unit_b_), xlsx_record_);
  ASSERT_TRUE(masked.ok()) << masked.status();
  auto o = service_->GetOverview(admin_, std::nullopt);
  ASSERT_TRUE(o.ok());
  EXPECT_THAT(Listed(*o), ::testing::IsEmpty());
  // A rescan finds nothing new.
  auto again = service_->ScanSite(nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->summary.records_with_findings, 0);
  // The public cannot act.
  EXPECT_EQ(service_->Mask(Actor{}, xlsx_record_).status().code(),
            absl::StatusCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Engines, PrivacyServiceTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::privacy
