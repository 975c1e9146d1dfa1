// The catalog routes in-process, on the seeded app (SQLite and PostgreSQL):
// one route per item action on the admin page, and version references in
// downloads and the API.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "catalog/excel.h"
#include "catalog/module.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "org/module.h"

namespace zwgk::catalog {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using zwgk::testing::TestApp;

class CatalogHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  CatalogHttpTest() : t_(GetParam()) {}

  void SetUp() override {
    ASSERT_TRUE(t_.ok());
    auto* org = static_cast<org::OrgModule*>(t_.app().module("org"));
    auto domain = org->service().ResolveDomain("义务教育");
    ASSERT_TRUE(domain.ok()) << domain.status();
    edu_ = domain->id;
    // The seed opens drafts only; these tests start from the county office
    // having published 义务教育's as 第1版.
    Actor admin{.user_id = 0, .name = "admin", .role = Role::kAdmin};
    ASSERT_TRUE(Catalogs().Publish(admin, edu_, "审定").ok());
  }

  org::Service& Org() {
    return static_cast<org::OrgModule*>(t_.app().module("org"))->service();
  }

  Service& Catalogs() {
    return static_cast<CatalogModule*>(t_.app().module("catalog"))->service();
  }

  // The draft's item ids in order.
  std::vector<int64_t> DraftIds() {
    auto draft = Catalogs().Get(edu_, VersionRef::Draft());
    EXPECT_TRUE(draft.ok()) << draft.status();
    std::vector<int64_t> ids;
    if (draft.ok()) {
      for (const CatalogItem& it : draft->catalog.items) ids.push_back(it.id);
    }
    return ids;
  }

  web::Response ItemAction(int64_t item, absl::string_view action) {
    return t_.PostForm(
        absl::StrCat("/admin/catalog/", edu_, "/items/", item, "/", action),
        {});
  }

  TestApp t_;
  int64_t edu_ = 0;
};

TEST_P(CatalogHttpTest, EachItemActionHasItsOwnRoute) {
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  ASSERT_EQ(
      t_.PostForm(absl::StrCat("/admin/catalog/", edu_, "/draft"), {}).status,
      303);
  std::vector<int64_t> ids = DraftIds();
  ASSERT_GE(ids.size(), 3u);
  const int64_t first = ids[0], second = ids[1];

  web::Response up = ItemAction(second, "up");
  EXPECT_EQ(up.status, 303) << up.body.substr(0, 500);
  std::vector<int64_t> moved = DraftIds();
  ASSERT_GE(moved.size(), 2u);
  EXPECT_EQ(moved[0], second);
  EXPECT_EQ(moved[1], first);

  EXPECT_EQ(ItemAction(second, "down").status, 303);
  EXPECT_EQ(DraftIds(), ids);

  EXPECT_EQ(ItemAction(first, "remove").status, 303);
  std::vector<int64_t> left = DraftIds();
  EXPECT_EQ(left.size(), ids.size() - 1);
  EXPECT_EQ(left.front(), second);

  // The removed item is no longer in the draft: the page says so.
  web::Response again = ItemAction(first, "remove");
  EXPECT_EQ(again.status, 404);
  EXPECT_THAT(again.body, HasSubstr("草稿中的目录事项"));
  // Unknown actions and bad item ids are not found.
  EXPECT_EQ(ItemAction(second, "sideways").status, 404);
  EXPECT_EQ(ItemAction(second, "up").status, 303);
  EXPECT_EQ(
      t_.PostForm(absl::StrCat("/admin/catalog/", edu_, "/items/x/up"), {})
          .status,
      404);
}

TEST_P(CatalogHttpTest, ItemActionsNeedASignIn) {
  int64_t item = Catalogs().Published(edu_)->catalog.items.at(0).id;
  web::Response r = ItemAction(item, "remove");
  EXPECT_THAT(r.HeaderValue("Location"), Not(HasSubstr("/admin/catalog/")));
  EXPECT_EQ(Catalogs().Published(edu_)->catalog.items.at(0).id, item);
  EXPECT_FALSE(Catalogs().Get(edu_, VersionRef::Draft()).ok());
}

// An open draft is the staff's work in progress: "version=" (the draft
// when there is one) answers the public like "version=draft", 404.
TEST_P(CatalogHttpTest, TheOpenDraftIsNotPublicUnderAnyReference) {
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  ASSERT_EQ(
      t_.PostForm(absl::StrCat("/admin/catalog/", edu_, "/draft"), {}).status,
      303);
  t_.cookies().clear();  // a visitor without a session
  const std::string api = absl::StrCat("/api/v1/domains/", edu_, "/catalog");
  EXPECT_EQ(t_.Get(api + "?version=").status, 404);
  EXPECT_EQ(t_.Get(api + "?version=draft").status, 404);
  EXPECT_EQ(t_.Get(api).status, 200);  // the published version
}

TEST_P(CatalogHttpTest, DownloadsAndTheApiReadVersionReferences) {
  ASSERT_TRUE(Catalogs().OpenDraft(SystemActor(), edu_).ok());
  auto csv = [&](absl::string_view query) {
    return t_.Get(absl::StrCat("/domains/", edu_, "/catalog.csv", query));
  };
  struct Case {
    std::string query;
    int status;
  };
  const std::vector<Case> signed_out = {
      {"", 200},  // published by default
      {"?version=published", 200},
      {"?version=1", 200},
      {"?version=2", 404},
      {"?version=draft", 303},  // to the login page
      {"?version=", 303},       // may be the draft
      {"?version=latest", 400},
      {"?version=0", 400},
  };
  for (const Case& c : signed_out) {
    EXPECT_EQ(csv(c.query).status, c.status) << c.query;
  }
  auto api = [&](absl::string_view query) {
    return t_.Get(absl::StrCat("/api/v1/domains/", edu_, "/catalog", query));
  };
  EXPECT_EQ(api("").status, 200);
  EXPECT_EQ(api("?version=draft").status, 404);
  EXPECT_EQ(api("?version=x").status, 400);

  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  EXPECT_EQ(csv("?version=draft").status, 200);
  EXPECT_EQ(csv("?version=").status, 200);
  auto draft = nlohmann::json::parse(api("?version=draft").body);
  EXPECT_EQ(draft["version"], "draft");
  // The admin page's diff form reports a bad reference instead of failing.
  web::Response page =
      t_.Get(absl::StrCat("/admin/catalog/", edu_, "?from=published&to=nope"));
  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("版本“nope”无效"));
}

// Issue 14 through the admin pages: a file with an item lacking channels
// imports whole, the import report and the draft flag the item, publishing is
// refused naming it, and the item's edit form completes it.
TEST_P(CatalogHttpTest, IncompleteImportedItemIsFlaggedAndBlocksPublishing) {
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  auto item = [](std::string level2, std::vector<std::string> channels) {
    return CatalogItem{.level1 = "招生管理",
                       .level2 = std::move(level2),
                       .elements = "招生计划人数",
                       .basis = "《中华人民共和国义务教育法》",
                       .time_limit = {.text = "实时公开"},
                       .subject = "县教育局",
                       .channels = std::move(channels),
                       .audience = {Audience::kPublic},
                       .method = {Method::kProactive},
                       .levels = {Level::kCounty, Level::kTownship}};
  };
  const std::string csv = ExportCsv(
      {.domain = "义务教育",
       .items = {item("招生政策", {"政府网站"}), item("招生计划", {})}});
  web::Response page = t_.Get(absl::StrCat("/admin/catalog/", edu_));
  const std::string marker = "name=\"_csrf\" value=\"";
  const size_t at = page.body.find(marker) + marker.size();
  const std::string csrf = page.body.substr(at, page.body.find('"', at) - at);
  const std::string body = absl::StrCat(
      "--b0und\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n", csrf,
      "\r\n--b0und\r\nContent-Disposition: form-data; name=\"file\"; "
      "filename=\"目录.csv\"\r\nContent-Type: text/csv\r\n\r\n",
      csv, "\r\n--b0und--\r\n");
  web::Response imported = t_.Send(web::MakeRequest(
      web::Method::kPost, absl::StrCat("/admin/catalog/", edu_, "/import"),
      body, {{"Content-Type", "multipart/form-data; boundary=b0und"}}));
  ASSERT_EQ(imported.status, 200) << imported.body.substr(0, 2000);
  EXPECT_THAT(imported.body,
              HasSubstr("已导入 2 个事项到草稿，其中 1 个事项不完整"));
  EXPECT_THAT(imported.body, HasSubstr("导入结果"));
  EXPECT_THAT(imported.body, HasSubstr("第3行"));
  EXPECT_THAT(imported.body, HasSubstr("招生管理 / 招生计划"));
  EXPECT_THAT(imported.body,
              HasSubstr("公开渠道和载体至少要有一项（用■标记）"));
  EXPECT_THAT(imported.body, HasSubstr("草稿中有 1 个事项不完整"));
  const std::vector<int64_t> ids = DraftIds();
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_THAT(imported.body,
              HasSubstr(absl::StrCat("<tr id=\"item-", ids[1],
                                     "\" class=\"incomplete\">")));

  web::Response refused =
      t_.PostForm(absl::StrCat("/admin/catalog/", edu_, "/publish"), {});
  EXPECT_EQ(refused.status, 409) << refused.body.substr(0, 500);
  EXPECT_THAT(refused.body, HasSubstr("草稿中有1个事项不完整，不能发布"));
  EXPECT_THAT(refused.body, HasSubstr("<li>序号2“招生管理 / 招生计划”："
                                      "公开渠道和载体至少要有一项"));
  EXPECT_FALSE(Catalogs().Published(edu_)->info.version > 1);

  web::Response saved =
      t_.PostForm(absl::StrCat("/admin/catalog/", edu_, "/items"),
                  {{"item_id", absl::StrCat(ids[1])},
                   {"level1", "招生管理"},
                   {"level2", "招生计划"},
                   {"elements", "招生计划人数"},
                   {"basis", "《中华人民共和国义务教育法》"},
                   {"time_limit", "实时公开"},
                   {"subject", "县教育局"},
                   {"channels", "政府网站、两微一端"},
                   {"public", "1"},
                   {"proactive", "1"},
                   {"county", "1"},
                   {"township", "1"}});
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 1000);
  auto draft = Catalogs().Get(edu_, VersionRef::Draft());
  ASSERT_TRUE(draft.ok());
  EXPECT_EQ(draft->catalog.items[1].levels,
            (std::vector<Level>{Level::kCounty, Level::kTownship}));
  EXPECT_THAT(t_.Get(absl::StrCat("/admin/catalog/", edu_)).body,
              Not(HasSubstr("个事项不完整")));
  EXPECT_EQ(
      t_.PostForm(absl::StrCat("/admin/catalog/", edu_, "/publish"), {}).status,
      303);
  EXPECT_EQ(Catalogs().Published(edu_)->info.version, 2);
}

// Issue 17: every seed domain's public page shows its published catalog or
// says it is being compiled, naming the responsible unit; never a draft.
// An item publishing 办事指南 links to the domain's guides in 办事服务; other
// items do not (issue 17).
TEST_P(CatalogHttpTest, GuideItemsLinkToTheDomainsGuides) {
  // 重大建设项目's seeded catalog has 办事指南 items (批准服务信息 › 办事指南).
  auto domain = Org().ResolveDomain("重大建设项目");
  ASSERT_TRUE(domain.ok());
  Actor admin{.user_id = 0, .name = "admin", .role = Role::kAdmin};
  ASSERT_TRUE(Catalogs().Publish(admin, domain->id, "审定").ok());
  auto c = Catalogs().Published(domain->id);
  ASSERT_TRUE(c.ok());
  int guide_items = 0;
  for (const CatalogItem& it : c->catalog.items)
    if (absl::StrContains(it.level2, "办事指南") ||
        absl::StrContains(it.elements, "办事指南"))
      ++guide_items;
  ASSERT_GT(guide_items, 0);
  auto links = [](const std::string& body, const std::string& link) {
    int n = 0;
    for (size_t at = body.find(link); at != std::string::npos;
         at = body.find(link, at + 1))
      ++n;
    return n;
  };
  const std::string link = absl::StrCat("href=\"/services?domain=", domain->id,
                                        "\">查看办事指南</a>");
  EXPECT_EQ(links(t_.Get(absl::StrCat("/domains/", domain->id)).body, link),
            guide_items);
  // 义务教育's items publish no 办事指南: no link there.
  EXPECT_EQ(links(t_.Get(absl::StrCat("/domains/", edu_)).body, "查看办事指南"),
            0);
}

TEST_P(CatalogHttpTest, EverySeedDomainPageShowsItsCatalogOrPending) {
  auto domains = Org().ListDomains();
  ASSERT_TRUE(domains.ok());
  ASSERT_EQ(domains->size(), 26u);
  int published = 0, pending = 0;
  for (const org::Domain& d : *domains) {
    web::Response page = t_.Get(absl::StrCat("/domains/", d.id));
    ASSERT_EQ(page.status, 200) << d.name;
    auto c = Catalogs().Published(d.id);
    if (c.ok()) {
      ++published;
      EXPECT_THAT(page.body, HasSubstr("catalog-table")) << d.name;
      EXPECT_THAT(page.body, HasSubstr(c->info.Label())) << d.name;
      EXPECT_THAT(page.body, Not(HasSubstr("待编制"))) << d.name;
    } else {
      ++pending;
      auto unit = Org().GetUnit(*d.unit_id);
      ASSERT_TRUE(unit.ok());
      EXPECT_THAT(page.body, HasSubstr("标准目录编制中（待编制）")) << d.name;
      EXPECT_THAT(page.body, HasSubstr(absl::StrCat("责任单位：", unit->name)))
          << d.name;
      EXPECT_THAT(page.body, Not(HasSubstr("catalog-table"))) << d.name;
      EXPECT_THAT(page.body, Not(HasSubstr("第1版"))) << d.name;
    }
  }
  EXPECT_EQ(published, 1);  // 义务教育, published in SetUp
  EXPECT_EQ(pending, 25);
  // The seeded draft of 重大建设项目 is not shown.
  auto major = Org().ResolveDomain("重大建设项目");
  web::Response page = t_.Get(absl::StrCat("/domains/", major->id));
  EXPECT_THAT(page.body, Not(HasSubstr("投资项目在线审批监管平台")));
  EXPECT_THAT(page.body, Not(HasSubstr("示例")));
  EXPECT_EQ(
      t_.Get(absl::StrCat("/api/v1/domains/", major->id, "/catalog")).status,
      404);
}

TEST_P(CatalogHttpTest, TheUnitStartsItsDraftFromTheSuggestedCatalog) {
  auto env = Org().ResolveDomain("环境保护");
  auto unit = Org().GetUnit(*env->unit_id);
  const std::string admin_page = absl::StrCat("/admin/catalog/", env->id);
  const std::string adopt = absl::StrCat(admin_page, "/suggested");
  // Not signed in: nothing happens.
  t_.PostForm(adopt, {});
  EXPECT_EQ(Catalogs().Versions(env->id)->size(), 0u);
  // Another unit's editor is refused.
  ASSERT_TRUE(t_.SignIn("edu-editor", "unit_editor", "县教育局"));
  EXPECT_EQ(t_.PostForm(adopt, {}).status, 403);
  EXPECT_EQ(Catalogs().Versions(env->id)->size(), 0u);

  ASSERT_TRUE(t_.SignIn("env-editor", "unit_editor", unit->name));
  web::Response before = t_.Get(admin_page);
  ASSERT_EQ(before.status, 200);
  EXPECT_THAT(before.body, HasSubstr("从建议目录开始"));
  EXPECT_THAT(before.body, HasSubstr("环办厅函〔2019〕672号"));
  web::Response done = t_.PostForm(adopt, {});
  ASSERT_EQ(done.status, 303) << done.body.substr(0, 400);
  auto draft = Catalogs().Get(env->id, VersionRef::Draft());
  ASSERT_TRUE(draft.ok());
  EXPECT_FALSE(draft->catalog.items.empty());
  web::Response after = t_.Get(done.HeaderValue("Location"));
  EXPECT_THAT(after.body, HasSubstr("个事项加入草稿"));
  EXPECT_THAT(after.body, HasSubstr(draft->catalog.items[0].level2));
  EXPECT_THAT(after.body, Not(HasSubstr("从建议目录开始")));
  // The public still sees 待编制.
  web::Response pub = t_.Get(absl::StrCat("/domains/", env->id));
  EXPECT_THAT(pub.body, HasSubstr("标准目录编制中（待编制）"));
  EXPECT_THAT(pub.body, Not(HasSubstr(draft->catalog.items[0].level2)));
}

TEST_P(CatalogHttpTest, ADomainWithoutSuggestionsSaysSoToTheUnit) {
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  Actor admin{.user_id = 0, .name = "admin", .role = Role::kAdmin};
  auto added = Org().CreateDomain(admin, {.name = "统计"});
  ASSERT_TRUE(added.ok()) << added.status();
  web::Response page = t_.Get(absl::StrCat("/admin/catalog/", added->id));
  EXPECT_THAT(page.body,
              HasSubstr("该领域暂无可参考的建议目录（国家标准指引未收录），"
                        "请自行编制"));
  EXPECT_THAT(page.body, Not(HasSubstr("从建议目录开始")));
  web::Response pub = t_.Get(absl::StrCat("/domains/", added->id));
  EXPECT_THAT(pub.body, HasSubstr("标准目录编制中（待编制）"));
}

TEST_P(CatalogHttpTest, ThreeLevelItemsShowTheirOwnColumn) {
  web::Response two = t_.Get(absl::StrCat("/domains/", edu_));
  EXPECT_THAT(two.body, Not(HasSubstr(">三级事项</th>")));
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  const std::string base = absl::StrCat("/admin/catalog/", edu_);
  ASSERT_EQ(t_.PostForm(base + "/draft", {}).status, 303);
  web::Response saved =
      t_.PostForm(base + "/items", {{"level1", "财务信息"},
                                    {"level2", "年度经费预决算"},
                                    {"level3", "一般公共预算"},
                                    {"elements", "预算表"},
                                    {"basis", "《预算法》"},
                                    {"time_limit", "20个工作日内"},
                                    {"subject", "县教育局"},
                                    {"channels", "政府网站"},
                                    {"public", "1"},
                                    {"proactive", "1"}});
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 600);
  web::Response admin = t_.Get(base);
  EXPECT_THAT(admin.body, HasSubstr("<th>三级事项</th>"));
  ASSERT_EQ(t_.PostForm(base + "/publish", {{"note", "三级"}}).status, 303);
  web::Response pub = t_.Get(absl::StrCat("/domains/", edu_));
  EXPECT_THAT(pub.body, HasSubstr(">三级事项</th>"));
  EXPECT_THAT(pub.body,
              HasSubstr("<td data-label=\"三级事项\">一般公共预算</td>"));
  EXPECT_THAT(pub.body, HasSubstr("colspan=\"3\" scope=\"colgroup\">公开事项"));
}

INSTANTIATE_TEST_SUITE_P(Engines, CatalogHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::catalog
