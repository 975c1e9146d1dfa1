#include "org/service.h"

#include <map>
#include <set>

#include "core/migrate.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace zwgk::org {
namespace {

using ::testing::HasSubstr;

class OrgServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = zwgk::testing::NewMigratedDatabase(GetParam(), {"core", "org"});
    ASSERT_NE(db_, nullptr);
    service_ = std::make_unique<Service>(*db_, clock_);
    ASSERT_TRUE(service_->Seed().ok());
  }

  FakeClock clock_{StartOfDay(absl::CivilDay(2026, 3, 2))};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<Service> service_;
  Actor admin_ = {.user_id = 1, .name = "admin", .role = Role::kAdmin};
  Actor editor_ = {
      .user_id = 2, .name = "ed", .role = Role::kUnitEditor, .unit_id = 1};
};

TEST_P(OrgServiceTest, SeedHasTheCountyUnitsDomainsAndTasksOfThePlan) {
  auto county = service_->GetCounty();
  ASSERT_TRUE(county.ok());
  EXPECT_EQ(county->name, "嘉鱼县");
  auto domains = service_->ListDomains();
  ASSERT_TRUE(domains.ok());
  EXPECT_EQ(domains->size(), 26u);
  auto units = service_->ListUnits();
  ASSERT_TRUE(units.ok());
  std::set<int64_t> responsible;
  for (const Domain& d : *domains) responsible.insert(*d.unit_id);
  EXPECT_EQ(responsible.size(), 19u);
  // 附件1 row 10: 县住建局 holds four domains.
  auto zhujian = service_->FindUnitByName("县住建局");
  ASSERT_TRUE(zhujian.ok());
  std::vector<std::string> names;
  for (const Domain& d : *domains) {
    if (d.unit_id == zhujian->id) names.push_back(d.name);
  }
  EXPECT_THAT(names,
              ::testing::ElementsAre("国有土地上房屋征收与补偿", "保障性住房",
                                     "农村危房改造", "市政服务"));
  EXPECT_TRUE(service_->FindUnitByName("市生态环境局嘉鱼县分局").ok());
  EXPECT_TRUE(service_->FindUnitByName("县融媒体中心").ok());
}

TEST_P(OrgServiceTest, SeedTwiceAddsNothing) {
  auto count = [&](const char* table) {
    auto r = db_->Query(std::string("SELECT COUNT(*) FROM ") + table, {});
    return r.ok() ? r->rows[0].Int(0) : -1;
  };
  std::vector<int64_t> before = {count("units"), count("domains"),
                                 count("county")};
  ASSERT_TRUE(service_->Seed().ok());
  std::vector<int64_t> after = {count("units"), count("domains"),
                                count("county")};
  EXPECT_EQ(before, after);
  EXPECT_EQ(after[0], 31);  // 23 units of the plan and the 8 towns
}

TEST_P(OrgServiceTest, AdminRenamesAddsAndRetiresWithHistoryKept) {
  auto town = service_->CreateUnit(admin_, {.name = "新设镇", .kind = "town"});
  ASSERT_TRUE(town.ok()) << town.status();
  auto renamed = service_->UpdateUnit(
      admin_, town->id, {.name = "新设镇人民政府", .kind = "town"});
  ASSERT_TRUE(renamed.ok());
  ASSERT_TRUE(service_->SetUnitRetired(admin_, town->id, true).ok());
  auto active = service_->ListUnits();
  auto all = service_->ListUnits({.include_retired = true});
  EXPECT_EQ(all->size(), active->size() + 1);
  auto kept = service_->GetUnit(town->id);
  EXPECT_TRUE(kept->retired);
  auto audit = db_->Query("SELECT action FROM audit_log ORDER BY id", {});
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->rows.size(), 3u);
  EXPECT_EQ(audit->rows[2].Text(0), "unit.retire");
}

TEST_P(OrgServiceTest, ReassignsADomainAndRefusesToRetireItsOwner) {
  auto domain = service_->ResolveDomain("社会救助领域");
  ASSERT_TRUE(domain.ok());
  auto minzheng = service_->FindUnitByName("县民政局");
  absl::Status s = service_->SetUnitRetired(admin_, minzheng->id, true);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(s.message()), HasSubstr("社会救助"));
  auto other = service_->FindUnitByName("县政府办");
  auto moved = service_->UpdateDomain(
      admin_, domain->id, {.name = "社会救助", .unit_id = other->id});
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->unit_id, other->id);
}

TEST_P(OrgServiceTest, BadInputGetsFieldMessagesAndNothingIsWritten) {
  auto dup = service_->CreateUnit(admin_, {.name = "县民政局"});
  EXPECT_EQ(dup.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(GetFieldErrors(dup.status())["name"], HasSubstr("县民政局"));
  auto bad = service_->CreateUnit(
      admin_, {.name = " ", .kind = "village", .credit_code = "12?"});
  auto fields = GetFieldErrors(bad.status());
  EXPECT_EQ(fields.size(), 3u);
  auto no_unit =
      service_->CreateDomain(admin_, {.name = "统计", .unit_id = 9999});
  EXPECT_EQ(GetFieldErrors(no_unit.status()).count("unit_id"), 1u);
  auto audit = db_->Query("SELECT COUNT(*) FROM audit_log", {});
  EXPECT_EQ(audit->rows[0].Int(0), 0);
}

TEST_P(OrgServiceTest, OnlyAdminsWrite) {
  auto r = service_->CreateDomain(editor_, {.name = "统计"});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kPermissionDenied);
}

// Other modules read org inside their own transaction: the same answers as
// the reads that open one, retired units included when asked.
TEST_P(OrgServiceTest, ReadsInTheCallersTransactionMatchTheOthers) {
  auto unit = service_->FindUnitByName("县融媒体中心");
  ASSERT_TRUE(unit.ok());
  ASSERT_TRUE(service_->SetUnitRetired(admin_, unit->id, true).ok());
  auto outside = service_->ListUnits();
  ASSERT_TRUE(outside.ok());
  absl::Status s = db_->Transaction([&](db::Tx& tx) -> absl::Status {
    ZWGK_ASSIGN_OR_RETURN(Unit u, service_->GetUnit(tx, unit->id));
    EXPECT_EQ(u.name, "县融媒体中心");
    EXPECT_TRUE(u.retired);
    ZWGK_ASSIGN_OR_RETURN(Unit by_name,
                          service_->FindUnitByName(tx, "县融媒体中心"));
    EXPECT_EQ(by_name.id, unit->id);
    EXPECT_TRUE(absl::IsNotFound(
        service_->FindUnitByName(tx, "不存在的单位").status()));
    EXPECT_TRUE(absl::IsNotFound(service_->GetUnit(tx, 999999).status()));
    ZWGK_ASSIGN_OR_RETURN(std::vector<Unit> active, service_->ListUnits(tx));
    EXPECT_EQ(active.size(), outside->size());
    ZWGK_ASSIGN_OR_RETURN(std::vector<Unit> all,
                          service_->ListUnits(tx, {.include_retired = true}));
    EXPECT_EQ(all.size(), outside->size() + 1);
    ZWGK_ASSIGN_OR_RETURN(std::vector<Domain> domains,
                          service_->ListDomains(tx));
    EXPECT_EQ(domains.size(), 26u);
    ZWGK_ASSIGN_OR_RETURN(Domain d, service_->GetDomain(tx, domains[0].id));
    EXPECT_EQ(d.name, domains[0].name);
    return absl::OkStatus();
  });
  EXPECT_TRUE(s.ok()) << s;
}

TEST_P(OrgServiceTest, TownsAreSeededWithDutiesAndEveryUnitHasAHint) {
  auto units = service_->ListUnits();
  auto domains = service_->ListDomains();
  ASSERT_TRUE(units.ok() && domains.ok());
  std::map<std::string, int> per_group;
  for (const Unit& u : *units) {
    ++per_group[std::string(UnitGroupLabel(u))];
    EXPECT_FALSE(UnitHint(u, *domains).empty()) << u.name;
  }
  EXPECT_EQ(per_group["乡镇人民政府"], 8);
  EXPECT_EQ(per_group["县政府及办公室"], 1);
  EXPECT_EQ(per_group["县直部门"], 22);
  auto town = service_->FindUnitByName("簰洲湾镇人民政府");
  ASSERT_TRUE(town.ok());
  EXPECT_EQ(town->kind, UnitKind::kTown);
  EXPECT_THAT(town->duties, HasSubstr("涉农补贴"));
  // A department's hint names its 附件1 domains, in plan order.
  auto minzheng = service_->FindUnitByName("县民政局");
  ASSERT_TRUE(minzheng.ok());
  EXPECT_EQ(UnitHint(*minzheng, *domains), "负责：社会救助、养老服务等领域");
}

TEST_P(OrgServiceTest, SeedGivesDutiesOnceAndKeepsAnEditedLine) {
  auto office = service_->FindUnitByName("县政府办");
  ASSERT_TRUE(office.ok());
  ASSERT_FALSE(office->duties.empty());
  // An installation seeded before duties existed: the next seed fills it.
  ASSERT_TRUE(
      db_->Query("UPDATE units SET duties = '' WHERE id = ?", {office->id})
          .ok());
  ASSERT_TRUE(service_->Seed().ok());
  EXPECT_EQ(service_->GetUnit(office->id)->duties, office->duties);
  ASSERT_TRUE(db_->Query("UPDATE units SET duties = '本县文件' WHERE id = ?",
                         {office->id})
                  .ok());
  ASSERT_TRUE(service_->Seed().ok());
  EXPECT_EQ(service_->GetUnit(office->id)->duties, "本县文件");
}

// Villages and communities (issue 17): under their town, out of the
// county's lists, and acted for by their own clerk and the town's staff.
TEST_P(OrgServiceTest, VillagesBelongToTheirTownAndItsStaff) {
  auto town = service_->FindUnitByName("官桥镇人民政府");
  auto other_town = service_->FindUnitByName("渡普镇人民政府");
  ASSERT_TRUE(town.ok() && other_town.ok());
  const size_t units_before = service_->ListUnits()->size();
  auto done = service_->ImportVillages(
      admin_,
      "乡镇,名称,类型,联系方式\n官桥镇人民政府,官桥村,村,0715-1\n"
      "官桥镇人民政府,官桥社区,社区,\n渡普镇人民政府,渡普村,村,\n");
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->created, 3);
  EXPECT_EQ(service_->ListUnits()->size(), units_before);
  auto village = service_->FindUnitByName("官桥村");
  ASSERT_TRUE(village.ok());
  EXPECT_EQ(village->kind, UnitKind::kVillage);
  EXPECT_EQ(village->parent_id, town->id);
  EXPECT_EQ(village->contact, "0715-1");
  EXPECT_EQ(UnitGroupLabel(*village), "村（社区）");
  EXPECT_EQ(service_->ListVillages(town->id)->size(), 2u);
  EXPECT_EQ(service_->ListVillages()->size(), 3u);

  const Actor clerk{
      .user_id = 5, .name = "c", .role = Role::kClerk, .unit_id = village->id};
  const Actor town_staff{
      .user_id = 6, .name = "t", .role = Role::kClerk, .unit_id = town->id};
  const Actor other_staff{.user_id = 7,
                          .name = "o",
                          .role = Role::kUnitEditor,
                          .unit_id = other_town->id};
  auto community = service_->FindUnitByName("官桥社区");
  EXPECT_TRUE(ActsFor(admin_, *village));
  EXPECT_TRUE(ActsFor(clerk, *village));
  EXPECT_FALSE(ActsFor(clerk, *community));
  EXPECT_FALSE(ActsFor(clerk, *town));
  EXPECT_TRUE(ActsFor(town_staff, *village));
  EXPECT_TRUE(ActsFor(town_staff, *community));
  EXPECT_FALSE(ActsFor(other_staff, *village));
  EXPECT_FALSE(ActsFor(Actor{}, *village));
  // A town's staff do not act for county departments whatever their id.
  auto dept = service_->FindUnitByName("县住建局");
  EXPECT_FALSE(ActsFor(town_staff, *dept));
  ASSERT_TRUE(
      db_->Transaction([&](db::Tx& tx) -> absl::Status {
           EXPECT_TRUE(
               service_->RequireActsFor(tx, town_staff, village->id).ok());
           EXPECT_EQ(service_->RequireActsFor(tx, other_staff, village->id)
                         .status()
                         .code(),
                     absl::StatusCode::kNotFound);
           EXPECT_EQ(
               service_->RequireActsFor(tx, admin_, 999999).status().code(),
               absl::StatusCode::kNotFound);
           return absl::OkStatus();
         })
          .ok());

  // Villages come in through the import (they need their town).
  auto direct = service_->CreateUnit(admin_, {.name = "某村", .kind = "村"});
  EXPECT_EQ(direct.status().code(), absl::StatusCode::kInvalidArgument);
  // A village may be renamed, keeping its town and contact.
  auto renamed = service_->UpdateUnit(admin_, village->id,
                                      {.name = "官桥新村", .kind = "village"});
  ASSERT_TRUE(renamed.ok()) << renamed.status();
  EXPECT_EQ(service_->GetUnit(village->id)->parent_id, town->id);
  EXPECT_EQ(service_->GetUnit(village->id)->contact, "0715-1");
  EXPECT_FALSE(
      service_->UpdateUnit(admin_, village->id, {.name = "x", .kind = "town"})
          .ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, OrgServiceTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::org
