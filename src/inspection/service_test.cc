// The self-inspection on SQLite and PostgreSQL with a fake clock, over the
// whole seeded app: a clean site passes; a site with planted faults — a
// stale column, 5 blank 专栏, a message unanswered for over 3 months, a
// refused back-dating attempt and a record whose publish time precedes its
// creation — reports each one and fails on the vetoes. Who may run and read.
#include "inspection/service.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "columns/module.h"
#include "core/audit.h"
#include "core/date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "guides/module.h"
#include "inspection/module.h"
#include "messages/module.h"
#include "org/module.h"
#include "publishing/module.h"

namespace zwgk::inspection {
namespace {

using ::testing::HasSubstr;

template <typename M>
M& Mod(zwgk::testing::TestApp& app, const char* name) {
  Module* m = app.app().module(name);
  EXPECT_NE(m, nullptr) << name;
  return *static_cast<M*>(m);
}

absl::Time At(absl::CivilDay d) { return StartOfDay(d) + absl::Hours(10); }

const Actor kOffice{.user_id = 1, .name = "县政务公开办", .role = Role::kAdmin};
const Actor kOffice2{
    .user_id = 2, .name = "县政务公开办复核", .role = Role::kAdmin};

class InspectionTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    app_ = std::make_unique<zwgk::testing::TestApp>(GetParam(), At(kDay0));
    ASSERT_TRUE(app_->ok());
    service_ = &Mod<InspectionModule>(*app_, "inspection").service();
    publishing_ =
        &Mod<publishing::PublishingModule>(*app_, "publishing").service();
    columns_ = &Mod<columns::ColumnsModule>(*app_, "columns").service();
    org_ = &Mod<org::OrgModule>(*app_, "org").service();
  }
  void SetDay(absl::CivilDay d) { app_->clock().Set(At(d)); }

  static constexpr absl::CivilDay kDay0 = absl::CivilDay(2026, 3, 2);
  std::unique_ptr<zwgk::testing::TestApp> app_;
  Service* service_ = nullptr;
  publishing::Service* publishing_ = nullptr;
  columns::Service* columns_ = nullptr;
  org::Service* org_ = nullptr;
};

// The result of one indicator.
const IndicatorResult& Result(const Report& r, Indicator i) {
  for (const IndicatorResult& x : r.verdict.results)
    if (x.indicator == i) return x;
  static IndicatorResult none;
  ADD_FAILURE() << "no result for " << IndicatorCode(i);
  return none;
}

std::string Texts(const IndicatorResult& r) {
  std::string out;
  for (const Finding& f : r.findings) absl::StrAppend(&out, f.text, "\n");
  return out;
}

// The in-process app as the crawler's server: the public pages exactly as
// they are rendered, without a socket (the socket client is crawl_test's).
class AppFetcher final : public Fetcher {
 public:
  explicit AppFetcher(zwgk::testing::TestApp& app) : app_(app) {}
  FetchResponse Get(absl::string_view path, size_t max_bytes) override {
    web::Response r = app_.Get(path);
    FetchResponse out{.status = r.status, .content_type = r.content_type};
    for (const auto& [k, v] : r.headers)
      if (absl::EqualsIgnoreCase(k, "location")) out.location = v;
    out.body = r.body.substr(0, max_bytes);
    return out;
  }

 private:
  zwgk::testing::TestApp& app_;
};

class SiteTest : public InspectionTest {
 protected:
  // A published 主动公开 record on the clock's day.
  int64_t Publish(std::string title, std::string genre, std::string domain = "",
                  std::string body = "<p>正文。</p>",
                  publishing::Attachment* pdf = nullptr) {
    auto r = publishing_->Create(kOffice,
                                 {.title = std::move(title),
                                  .unit = "县民政局",
                                  .domain = std::move(domain),
                                  .formed_on = FormatDate(Today(app_->clock())),
                                  .topic = "民政、扶贫、救灾",
                                  .genre = std::move(genre),
                                  .body_html = std::move(body)});
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return 0;
    if (pdf != nullptr) {
      auto a = publishing_->AddAttachment(
          kOffice, r->id, "名单.pdf",
          "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n");
      EXPECT_TRUE(a.ok()) << a.status();
      if (a.ok()) *pdf = *a;
    }
    EXPECT_TRUE(publishing_->Submit(kOffice, r->id).ok());
    EXPECT_TRUE(publishing_->Review(kOffice, r->id, {"approved", ""}).ok());
    auto p = publishing_->Publish(kOffice, r->id);
    EXPECT_TRUE(p.ok()) << p.status();
    return r->id;
  }
  // The pilot domains' 专栏 are filled from their published catalogs; here
  // the office keeps only the first `keep` of them required (shown, and
  // judged, while blank) and lets the others wait out of the navigation.
  void KeepDomainColumns(size_t keep) {
    auto list = columns_->List(FormatDate(kDay0));
    ASSERT_TRUE(list.ok()) << list.status();
    size_t kept = 0;
    for (const columns::ColumnStatus& c : *list) {
      if (c.column.type != columns::ColumnType::kSpecial) continue;
      if (kept++ < keep) continue;
      auto u = columns_->Update(
          kOffice, c.column.key,
          {.name = c.column.name,
           .type = std::string(columns::ColumnTypeName(c.column.type)),
           .required = false});
      ASSERT_TRUE(u.ok()) << u.status();
    }
  }
  // A complete 办事指南, published (four eyes: two people of the office).
  void PublishGuide() {
    guides::Service& g = Mod<guides::GuidesModule>(*app_, "guides").service();
    guides::GuideInput in{.service = "最低生活保障审核确认",
                          .unit = "县民政局",
                          .domain = "社会救助"};
    in.elements = {
        {"事项编码", "11421221011130082X4000117008000"},
        {"事项类型", "行政确认"},
        {"实施主体", "县民政局"},
        {"设定依据", "《社会救助暂行办法》第九条"},
        {"受理范围", "个人"},
        {"受理条件", "持有本县户籍"},
        {"办理地点", "镇便民服务中心"},
        {"办理时间", "工作日 8:30-12:00"},
        {"办件类型", "承诺件"},
        {"到现场次数", "1次"},
        {"法定办结时限", "30个工作日"},
        {"承诺办结时限", "20个工作日"},
        {"是否收费", "否"},
        {"收费标准", "不收费"},
        {"结果名称", "最低生活保障金领取证"},
        {"送达方式", "现场领取"},
        {"咨询电话", "0715-6321234"},
        {"监督投诉电话", "0715-12345"},
    };
    in.materials = {{.name = "户口簿", .form = "原件及复印件", .copies = 1}};
    in.steps = {{.name = "申请", .description = "向镇便民服务中心提出申请"}};
    auto c = g.Create(kOffice, in);
    ASSERT_TRUE(c.ok()) << c.status();
    ASSERT_TRUE(g.Submit(kOffice, c->id).ok());
    ASSERT_TRUE(g.Review(kOffice2, c->id, {.approve = true}).ok());
    auto p = g.Publish(kOffice2, c->id);
    ASSERT_TRUE(p.ok()) << p.status();
  }
  absl::StatusOr<Report> Run(Fetcher* fetcher = nullptr) {
    return service_->Run(
        kOffice,
        {.base_url = fetcher ? "http://127.0.0.1:8080" : "", .max_pages = 400},
        fetcher);
  }
};

TEST_P(SiteTest, CleanSitePasses) {
  SetDay(absl::CivilDay(2026, 2, 20));
  Publish("全县民政工作会议召开", "工作动态");
  SetDay(kDay0);
  KeepDomainColumns(0);
  Publish("县民政局召开季度工作推进会", "工作动态");
  PublishGuide();
  auto r = Run();
  ASSERT_TRUE(r.ok()) << r.status();
  for (const IndicatorResult& i : r->verdict.results)
    EXPECT_NE(i.outcome, Outcome::kVeto)
        << IndicatorCode(i.indicator) << " " << i.summary << "\n"
        << Texts(i);
  EXPECT_TRUE(r->verdict.passed);
  EXPECT_EQ(Result(*r, Indicator::kHomeUpdated).outcome, Outcome::kPass);
  EXPECT_EQ(Result(*r, Indicator::kNewsColumns).outcome, Outcome::kPass);
  EXPECT_EQ(Result(*r, Indicator::kMessages).outcome, Outcome::kPass);
  EXPECT_EQ(Result(*r, Indicator::kGuides).outcome, Outcome::kPass);
  EXPECT_EQ(Result(*r, Indicator::kPublishDates).outcome, Outcome::kPass);
  // Without --url the crawl's indicators are not checked.
  EXPECT_EQ(Result(*r, Indicator::kFooter).outcome, Outcome::kNotChecked);
  EXPECT_TRUE(r->base_url.empty());
}

TEST_P(SiteTest, PlantedFaultsAreEachReportedWithTheVeto) {
  // A message arrives 100 days before the check and is never answered.
  SetDay(absl::CivilDay(2025, 11, 22));
  messages::Service& msgs =
      Mod<messages::MessagesModule>(*app_, "messages").service();
  auto m = msgs.Submit({.type = "consult",
                        .unit = "县民政局",
                        .title = "低保申请进度",
                        .text = "请问低保申请多久能办好？",
                        .name = "张三",
                        .phone = "13800138000",
                        .source_ip = "10.0.0.1"});
  ASSERT_TRUE(m.ok()) << m.status();
  // The news column's only item is 30 days old on the day of the check.
  SetDay(absl::CivilDay(2026, 1, 31));
  Publish("全县民政工作会议召开", "工作动态");
  SetDay(kDay0);
  // Five blank columns the public sees: three 专栏, 政策文件 and 互动交流.
  KeepDomainColumns(3);
  PublishGuide();
  const int64_t id = Publish("关于做好春节慰问工作的通知", "通知");
  // A back-dating attempt, refused and audited by publishing.
  EXPECT_FALSE(
      publishing_->RefuseBackdate(kOffice, id, "published_at", "2025-12-01")
          .ok());
  // A record whose publish time precedes its creation (an old import).
  ASSERT_TRUE(app_->app()
                  .db()
                  .Query("UPDATE pub_records SET published_at = ? WHERE id = ?",
                         {std::string("2020-01-01T00:00:00Z"), id})
                  .ok());

  auto r = Run();
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->verdict.passed);
  EXPECT_EQ(r->verdict.vetoes, 3);

  const IndicatorResult& news = Result(*r, Indicator::kNewsColumns);
  EXPECT_EQ(news.outcome, Outcome::kFail);
  EXPECT_THAT(Texts(news), HasSubstr("政务动态"));
  EXPECT_THAT(Texts(news), HasSubstr("30天未更新"));
  EXPECT_EQ(Result(*r, Indicator::kStaleColumns).outcome, Outcome::kFail);

  const IndicatorResult& blank = Result(*r, Indicator::kBlankColumns);
  EXPECT_EQ(blank.outcome, Outcome::kVeto);
  EXPECT_EQ(blank.count, 5);
  ASSERT_EQ(blank.findings.size(), 5u);
  int domains = 0;
  for (const Finding& f : blank.findings)
    domains += absl::StartsWith(f.url, "/domains/") ? 1 : 0;
  EXPECT_EQ(domains, 3);
  EXPECT_THAT(Texts(blank), HasSubstr("互动交流"));

  const IndicatorResult& msg = Result(*r, Indicator::kMessages);
  EXPECT_EQ(msg.outcome, Outcome::kVeto);
  ASSERT_EQ(msg.findings.size(), 1u);
  EXPECT_THAT(msg.findings[0].text, HasSubstr("低保申请进度"));
  EXPECT_EQ(msg.findings[0].url, absl::StrCat("/admin/messages/", m->id));

  const IndicatorResult& dates = Result(*r, Indicator::kPublishDates);
  EXPECT_EQ(dates.outcome, Outcome::kVeto);
  EXPECT_EQ(dates.count, 2);
  EXPECT_THAT(Texts(dates), HasSubstr("试图指定"));
  EXPECT_THAT(Texts(dates), HasSubstr("早于录入时间"));

  EXPECT_EQ(Result(*r, Indicator::kHomeUpdated).outcome, Outcome::kPass);
  EXPECT_EQ(Result(*r, Indicator::kGuides).outcome, Outcome::kPass);

  // Stored, audited, read back the same.
  auto back = service_->Get(kOffice, r->id);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->verdict.vetoes, 3);
  EXPECT_EQ(Result(*back, Indicator::kBlankColumns).findings.size(), 5u);
  auto audit = audit::List(app_->app().db(), {.action = "inspection.run"});
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].entity_id, absl::StrCat(r->id));
}

TEST_P(SiteTest, CrawlFindsBrokenLinkAndMissingAttachment) {
  SetDay(kDay0);
  KeepDomainColumns(0);
  publishing::Attachment pdf;
  const int64_t id =
      Publish("关于公布低保名单的通知", "通知", "",
              "<p>详见<a href=\"/records/999999\">原通知</a>。</p>", &pdf);
  ASSERT_GT(pdf.id, 0);
  // The file is gone from the blob store (a failed migration, a bad disk).
  std::filesystem::remove(publishing_->AttachmentPath(pdf));

  AppFetcher fetcher(*app_);
  auto r = Run(&fetcher);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_GT(r->pages, 3);
  const IndicatorResult& links = Result(*r, Indicator::kBrokenLinks);
  EXPECT_EQ(links.outcome, Outcome::kFail);
  EXPECT_THAT(Texts(links), HasSubstr("/records/999999"));
  const IndicatorResult& files = Result(*r, Indicator::kMissingAttachments);
  EXPECT_EQ(files.outcome, Outcome::kFail);
  ASSERT_EQ(files.findings.size(), 1u);
  EXPECT_THAT(
      files.findings[0].text,
      HasSubstr(absl::StrCat("/records/", id, "/attachments/", pdf.id)));
  EXPECT_EQ(files.findings[0].url, absl::StrCat("/records/", id));
  // The crawl judged the footer and meta tags of real pages.
  EXPECT_NE(Result(*r, Indicator::kFooter).outcome, Outcome::kNotChecked);
  EXPECT_NE(Result(*r, Indicator::kMeta).outcome, Outcome::kNotChecked);
}

TEST_P(SiteTest, OnlyTheCountyOfficeRunsAndReads) {
  const Actor editor{.user_id = 9,
                     .name = "民政编辑",
                     .role = Role::kUnitEditor,
                     .unit_id = 1};
  EXPECT_TRUE(absl::IsPermissionDenied(service_->Run(editor, {}).status()));
  EXPECT_TRUE(absl::IsPermissionDenied(service_->List(editor).status()));
  EXPECT_TRUE(absl::IsPermissionDenied(service_->Latest(editor).status()));
  EXPECT_TRUE(absl::IsPermissionDenied(service_->StartRun(editor)));
  EXPECT_TRUE(absl::IsInvalidArgument(
      service_->Run(kOffice, {.base_url = "ftp://x"}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      service_->Run(kOffice, {.max_pages = 0}).status()));
  EXPECT_TRUE(absl::IsNotFound(service_->Get(kOffice, 12345).status()));
}

TEST_P(SiteTest, MonthlyOncePerMonth) {
  auto first = service_->RunMonthly("", 10);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->trigger, Trigger::kMonthly);
  auto again = service_->RunMonthly("", 10);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());
  EXPECT_FALSE(service_->EnsureMonthly());
  SetDay(absl::CivilDay(2026, 4, 1));
  auto april = service_->RunMonthly("", 10);
  ASSERT_TRUE(april.ok());
  EXPECT_TRUE(april->has_value());
  auto latest = service_->Latest(kOffice);
  ASSERT_TRUE(latest.ok());
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ((*latest)->id, (**april).id);
  EXPECT_EQ((*latest)->as_of, "2026-04-01");
}

INSTANTIATE_TEST_SUITE_P(Db, SiteTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk::inspection
