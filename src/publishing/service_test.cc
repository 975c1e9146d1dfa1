// The publishing service on SQLite and PostgreSQL with a fake clock: the
// review workflow and its permissions, 索引号 assignment, publish-by across
// 春节 2026, versions, validity marks, relations (within and across units),
// attachments, visibility.
#include "publishing/service.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "calendar/service.h"
#include "catalog/service.h"
#include "core/audit.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "org/service.h"
#include "publishing/generate.h"
#include "publishing/service_test_fixture.h"

namespace zwgk::publishing {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

class PublishingTest : public PublishingServiceTest {
 protected:
  RecordInput Input(std::string title = "关于2026年城乡低保标准调整的通知") {
    return {.title = std::move(title),
            .unit = "县民政局",
            .domain = "社会救助",
            .formed_on = "2026-02-10",
            .topic = "民政、扶贫、救灾/社会福利",
            .genre = "通知",
            .doc_number = "嘉民发〔2026〕3号",
            .keywords = "低保 救助、标准",
            .body_html = "<p>各镇人民政府：</p><p>现将低保标准调整如下。</p>"};
  }

  // Draft → submitted → reviewed → published.
  Record Publish(const RecordInput& in) {
    auto r = service_->Create(editor_, in);
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return {};
    EXPECT_TRUE(service_->Submit(editor_, r->id).ok());
    EXPECT_TRUE(
        service_->Review(reviewer_, r->id, {"approved", "无涉密内容"}).ok());
    auto p = service_->Publish(reviewer_, r->id);
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? *p : Record{};
  }

  // Relations of `id` as `viewer` sees them (nullptr: the public).
  absl::StatusOr<std::vector<Relation>> Shown(const Actor* viewer, int64_t id) {
    return service_->Relations(viewer, id);
  }
};

TEST_P(PublishingTest, DraftToPublishedWithIndexNumberAndHistory) {
  auto r = service_->Create(editor_, Input());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, Status::kDraft);
  EXPECT_EQ(r->unit_name, "县民政局");
  EXPECT_EQ(r->domain_name, "社会救助");
  EXPECT_EQ(r->topic, "民政、扶贫、救灾");
  EXPECT_EQ(r->subtopic, "社会福利");
  EXPECT_THAT(r->keywords, ::testing::ElementsAre("低保", "救助", "标准"));
  EXPECT_TRUE(r->index_number.empty());

  ASSERT_TRUE(service_->Submit(editor_, r->id).ok());
  auto reviewed =
      service_->Review(reviewer_, r->id, {"approved", "无涉密内容"});
  ASSERT_TRUE(reviewed.ok()) << reviewed.status();
  EXPECT_EQ(reviewed->reviewed_by, "reviewer");
  auto published = service_->Publish(reviewer_, r->id);
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(published->status, Status::kPublished);
  EXPECT_EQ(published->version, 1);
  EXPECT_EQ(published->published_on, "2026-03-02");
  // No credit code in the seed: region code + unit number, then year-serial.
  EXPECT_THAT(published->index_number,
              MatchesRegex("421221-[0-9]{3}/2026-00001"));

  auto second = Publish(Input("关于开展2026年低保年审工作的通知"));
  EXPECT_THAT(second.index_number, MatchesRegex("421221-[0-9]{3}/2026-00002"));
  auto versions = service_->Versions(r->id);
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_EQ((*versions)[0].note, "首次发布");
}

TEST_P(PublishingTest, IndexNumberUsesTheUnitsCodeAndPatternAndIsNeverReused) {
  auto unit = org_->GetUnit(unit_);
  ASSERT_TRUE(org_->UpdateUnit(admin_, unit_,
                               {.name = unit->name,
                                .kind = "department",
                                .credit_code = "11421221MB1234567X"})
                  .ok());
  ASSERT_TRUE(
      service_->SetIndexPattern(admin_, unit_, "{org}/{yyyymm}-{serial:4}")
          .ok());
  Record a = Publish(Input("甲"));
  EXPECT_EQ(a.index_number, "11421221MB1234567X/202603-0001");
  // Unpublishing and publishing again keeps the number; the next record
  // does not reuse it.
  ASSERT_TRUE(service_->Unpublish(reviewer_, a.id, "内容需核实").ok());
  ASSERT_TRUE(service_->Submit(editor_, a.id).ok());
  ASSERT_TRUE(service_->Review(reviewer_, a.id, {"approved", ""}).ok());
  auto again = service_->Publish(reviewer_, a.id);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->index_number, a.index_number);
  EXPECT_EQ(again->version, 2);
  Record b = Publish(Input("乙"));
  EXPECT_EQ(b.index_number, "11421221MB1234567X/202603-0002");
  // A new month starts a new serial.
  clock_.Set(At(2026, 4, 1));
  Record c = Publish(Input("丙"));
  EXPECT_EQ(c.index_number, "11421221MB1234567X/202604-0001");

  auto bad = service_->SetIndexPattern(admin_, unit_, "{org}-{serial}");
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      service_->SetIndexPattern(editor_, unit_, "{org}/{yyyy}-{serial}").code(),
      absl::StatusCode::kPermissionDenied);
}

TEST_P(PublishingTest, PublishByCountsWorkingDaysAcrossSpringFestival) {
  // Formed Tue 2026-02-10; 20 working days counting the make-up Saturdays
  // 02-14 and 02-28 and skipping 02-15..02-23: 11,12,13,14 (4), 24-28 (9),
  // 03-02..06 (14), 03-09..13 (19), 03-16 (20).
  auto r = service_->Create(editor_, Input());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->publish_by, "2026-03-16");
  EXPECT_EQ(r->period_label, "20个工作日（默认）");
  auto t = service_->PublishBy(r->id);
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_TRUE(t->clock.due.has_value());
  EXPECT_EQ(*t->clock.due, absl::CivilDay(2026, 3, 16));
  bool saw_holiday = false;
  for (const calendar::TraceEntry& e : t->clock.trace)
    if (e.day == absl::CivilDay(2026, 2, 17)) saw_holiday = e.text == "春节";
  EXPECT_TRUE(saw_holiday);

  // Due soon on 03-12 (two working days left), overdue afterwards; published
  // on 03-18 it stays 2 working days late.
  clock_.Set(At(2026, 3, 12));
  auto due = service_->Due(editor_);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].state, calendar::ClockState::kDueSoon);
  EXPECT_EQ((*due)[0].remaining, 2);
  clock_.Set(At(2026, 3, 18));
  due = service_->Due(editor_);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].state, calendar::ClockState::kOverdue);
  EXPECT_EQ((*due)[0].overdue_by, 2);
  // Other units' staff do not see it in their list.
  EXPECT_TRUE(service_->Due(other_editor_)->empty());

  ASSERT_TRUE(service_->Submit(editor_, r->id).ok());
  ASSERT_TRUE(service_->Review(reviewer_, r->id, {"approved", ""}).ok());
  auto p = service_->Publish(reviewer_, r->id);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(p->days_late.has_value());
  EXPECT_EQ(*p->days_late, 2);
  EXPECT_TRUE(service_->Due(editor_)->empty());
}

TEST_P(PublishingTest, CatalogItemPeriodDecidesPublishBy) {
  // The seeded 重大建设项目 catalog: item 1 实时公开, item 2 a working-day
  // period; a record fulfilling item 1 is due the day it is formed.
  auto domain = org_->ResolveDomain("重大建设项目");
  auto cat = catalog_->Published(domain->id);
  ASSERT_TRUE(cat.ok());
  const catalog::CatalogItem& realtime = cat->catalog.items[0];
  ASSERT_EQ(realtime.time_limit.period.kind, catalog::PeriodKind::kRealtime);
  Actor admin = admin_;
  RecordInput in = Input("某项目审批结果");
  in.unit = "县发改局";
  in.domain = "";
  in.catalog_item_id = realtime.id;
  in.formed_on = "2026-02-14";  // a make-up Saturday: a working day
  auto r = service_->Create(admin, in);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->domain_name, "重大建设项目");
  EXPECT_EQ(r->item_level1, realtime.level1);
  EXPECT_EQ(r->publish_by, "2026-02-14");
  in.formed_on = "2026-02-15";  // 春节: due the next working day
  r = service_->Create(admin, in);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->publish_by, "2026-02-24");

  in.domain = "义务教育";  // item and domain disagree
  auto bad = service_->Create(admin, in);
  EXPECT_THAT(GetFieldErrors(bad.status()),
              ::testing::Contains(::testing::Key("catalog_item_id")));
}

TEST_P(PublishingTest, ValidationNamesEveryBadField) {
  RecordInput in{.title = "",
                 .unit = "县不存在局",
                 .domain = "不存在领域",
                 .formed_on = "2026-13-01",
                 .topic = "民政",
                 .genre = "通报批评",
                 .disclosure = "withheld",
                 .body_html = "<script>alert(1)</script>"};
  auto r = service_->Create(editor_, in);
  ASSERT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  FieldErrors e = GetFieldErrors(r.status());
  for (const char* f : {"title", "unit", "domain", "formed_on", "topic",
                        "genre", "withheld_ground", "body_html"})
    EXPECT_TRUE(e.contains(f)) << f;
  in = Input();
  in.formed_on = "2026-03-03";  // tomorrow
  EXPECT_THAT(
      GetFieldErrors(service_->Create(editor_, in).status())["formed_on"],
      HasSubstr("不能晚于今天"));
}

TEST_P(PublishingTest, BodyIsSanitizedOnInput) {
  RecordInput in = Input();
  in.body_html =
      "<p onclick=\"x()\">正文</p><script>alert(1)</script>"
      "<iframe src=\"https://evil.example\"></iframe><a "
      "href=\"javascript:x\">链接</a>";
  auto r = service_->Create(editor_, in);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->body_html, HasSubstr("正文"));
  for (const char* bad : {"<script", "onclick", "<iframe", "javascript:"})
    EXPECT_THAT(r->body_html, ::testing::Not(HasSubstr(bad))) << bad;
}

TEST_P(PublishingTest, RolesAndIllegalTransitions) {
  auto r = service_->Create(editor_, Input());
  ASSERT_TRUE(r.ok());
  // Another unit's editor neither drafts for this unit nor sees the record.
  EXPECT_EQ(service_->Create(other_editor_, Input()).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(service_->Submit(other_editor_, r->id).status().code(),
            absl::StatusCode::kNotFound);
  // Not yet submitted: no review, no publication.
  auto early = service_->Review(reviewer_, r->id, {"approved", ""});
  EXPECT_EQ(early.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(early.status().message(), HasSubstr("草稿"));
  EXPECT_EQ(service_->Publish(reviewer_, r->id).status().code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(service_->Submit(editor_, r->id).ok());
  // Editors do not review; reviewers do not review their own drafts.
  EXPECT_EQ(service_->Review(editor_, r->id, {"approved", ""}).status().code(),
            absl::StatusCode::kPermissionDenied);
  Actor self_reviewer{.user_id = 2,
                      .name = "editor",
                      .role = Role::kUnitReviewer,
                      .unit_id = unit_};
  EXPECT_THAT(service_->Review(self_reviewer, r->id, {"approved", ""})
                  .status()
                  .message(),
              HasSubstr("本人起草"));
  // A rejection needs reasons and sends the record back to draft.
  EXPECT_FALSE(service_->Review(reviewer_, r->id, {"rejected", " "}).ok());
  auto back = service_->Review(reviewer_, r->id, {"rejected", "涉及个人隐私"});
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->status, Status::kDraft);
  EXPECT_EQ(back->review_remarks, "涉及个人隐私");
  // Publishing needs an approved review.
  EXPECT_THAT(service_->Publish(reviewer_, r->id).status().message(),
              HasSubstr("保密审查"));
}

// Issue 14: every 保密审查 comment is kept — approvals too — in order, with
// who and when, and shows in the audit entry of the review.
TEST_P(PublishingTest, ReviewCommentsAreKeptForApprovalsAndRejections) {
  auto r = service_->Create(editor_, Input());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(service_->Submit(editor_, r->id).ok());
  ASSERT_TRUE(
      service_->Review(reviewer_, r->id, {"rejected", "附件含身份证号码"})
          .ok());
  clock_.Advance(absl::Hours(2));
  ASSERT_TRUE(service_->Update(editor_, r->id, Input()).ok());
  ASSERT_TRUE(service_->Submit(editor_, r->id).ok());
  auto approved = service_->Review(reviewer_, r->id,
                                   {"approved", "  已删除敏感信息，同意公开 "});
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->review_remarks, "已删除敏感信息，同意公开");
  ASSERT_TRUE(service_->Publish(reviewer_, r->id).ok());
  // A change of the published record is reviewed again.
  RecordInput change = Input();
  change.body_html = "<p>标准上调。</p>";
  ASSERT_TRUE(service_->Update(editor_, r->id, change).ok());
  ASSERT_TRUE(service_->Submit(editor_, r->id).ok());
  ASSERT_TRUE(service_->Review(reviewer_, r->id, {"approved", ""}).ok());

  auto reviews = service_->Reviews(r->id);
  ASSERT_TRUE(reviews.ok()) << reviews.status();
  ASSERT_EQ(reviews->size(), 3u);
  struct Want {
    const char* outcome;
    const char* remarks;
    bool of_change;
  } want[] = {{"rejected", "附件含身份证号码", false},
              {"approved", "已删除敏感信息，同意公开", false},
              {"approved", "", true}};
  for (size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ((*reviews)[i].outcome, want[i].outcome);
    EXPECT_EQ((*reviews)[i].remarks, want[i].remarks);
    EXPECT_EQ((*reviews)[i].reviewer, "reviewer");
    EXPECT_EQ((*reviews)[i].of_change, want[i].of_change);
  }
  EXPECT_EQ((*reviews)[0].at, FormatTimestamp(At(2026, 3, 2)));
  EXPECT_EQ((*reviews)[1].at, FormatTimestamp(At(2026, 3, 2) + absl::Hours(2)));
  // Another record's history is its own.
  auto other = service_->Create(editor_, Input("另一条信息"));
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(service_->Reviews(other->id)->empty());

  auto log = audit::List(*db_, {.entity = "record"});
  ASSERT_TRUE(log.ok()) << log.status();
  std::vector<std::string> comments;
  for (const audit::LoggedEntry& e : *log) {
    if (e.action != "record.review") continue;
    auto after = nlohmann::json::parse(e.after_json, nullptr, false);
    comments.push_back(after.value("review_remarks", "?"));
    EXPECT_EQ(after.value("reviewed_by", ""), "reviewer");
  }
  EXPECT_THAT(comments,
              ::testing::UnorderedElementsAre("附件含身份证号码",
                                              "已删除敏感信息，同意公开", ""));
}

// Four eyes: whoever drafted, changed or submitted what is under review may
// not review it, even with a reviewer's role; the county office may.
TEST_P(PublishingTest, NobodyReviewsWhatTheyDraftedOrSubmitted) {
  auto as_reviewer = [&](std::string name) {
    return Actor{.user_id = 9,
                 .name = std::move(name),
                 .role = Role::kUnitReviewer,
                 .unit_id = unit_};
  };
  auto r = service_->Create(editor_, Input());
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(service_->Submit(editor_, r->id).ok());
  auto got = service_->Get(r->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->drafted_by, "editor");
  EXPECT_EQ(got->submitted_by, "editor");
  struct Case {
    Actor actor;
    bool may;
  } cases[] = {
      {as_reviewer("editor"), false},  // drafted it, now a reviewer
      {editor_, false},                // not a reviewer
      {other_editor_, false},          // another unit
      {Actor{.user_id = 8,
             .name = "x",
             .role = Role::kUnitReviewer,
             .unit_id = other_editor_.unit_id},
       false},
      {reviewer_, true},
      {admin_, true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.actor.name);
    EXPECT_EQ(MayReview(c.actor, *got), c.may);
  }
  EXPECT_EQ(service_->Review(as_reviewer("editor"), r->id, {"approved", ""})
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);

  // A change drafted by a second editor: that editor may not review it
  // either (after a role change), the first drafter's rule still holds.
  ASSERT_TRUE(service_->Review(reviewer_, r->id, {"approved", ""}).ok());
  ASSERT_TRUE(service_->Publish(reviewer_, r->id).ok());
  Actor second{.user_id = 5,
               .name = "second",
               .role = Role::kUnitEditor,
               .unit_id = unit_};
  RecordInput change = Input();
  change.title = "关于2026年城乡低保标准调整的通知（修订）";
  ASSERT_TRUE(service_->Update(second, r->id, change).ok());
  ASSERT_TRUE(service_->Submit(second, r->id).ok());
  auto refused =
      service_->Review(as_reviewer("second"), r->id, {"approved", ""});
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(refused.status().message(), HasSubstr("本人起草或提交"));
  EXPECT_TRUE(service_->Review(reviewer_, r->id, {"approved", "可以"}).ok());
}

// The due label of the records list: on time, late only when late by
// working days, nothing for 依申请公开 and 不予公开.
TEST_P(PublishingTest, DueLabelsSayOnTimeOrLateByWorkingDays) {
  // Formed 2026-02-10, publish-by 2026-03-16 (see above).
  auto on_time = Publish(Input("按期发布的通知"));
  RecordInput req = Input("依申请公开的信息");
  req.disclosure = "on_request";
  req.withheld_ground = "process_info";
  RecordInput withheld = Input("不予公开的信息");
  withheld.disclosure = "withheld";
  withheld.withheld_ground = "state_secret";
  auto on_request = service_->Create(editor_, req);
  auto secret = service_->Create(editor_, withheld);
  ASSERT_TRUE(on_request.ok()) << on_request.status();
  ASSERT_TRUE(secret.ok()) << secret.status();
  auto running = service_->Create(editor_, Input("刚起草的通知"));
  ASSERT_TRUE(running.ok());
  auto late_draft = service_->Create(editor_, Input("逾期未发布的通知"));
  ASSERT_TRUE(late_draft.ok());

  clock_.Set(At(2026, 3, 18));  // two working days past 03-16
  auto late = Publish(Input("逾期发布的通知"));
  ASSERT_TRUE(late.days_late.has_value());
  auto fresh = service_->Create(editor_, [&] {
    RecordInput in = Input("新成文的通知");
    in.formed_on = "2026-03-18";
    return in;
  }());
  ASSERT_TRUE(fresh.ok());

  struct Case {
    int64_t id;
    DueState state;
    const char* label;
  } cases[] = {
      {on_time.id, DueState::kOnTime, "按期发布"},
      {late.id, DueState::kLate, "逾期2个工作日发布"},
      {on_request->id, DueState::kNone, ""},
      {secret->id, DueState::kNone, ""},
      {late_draft->id, DueState::kOverdue, "已逾期2个工作日"},
      {fresh->id, DueState::kRunning, "剩余20个工作日"},
  };
  for (const Case& c : cases) {
    auto r = service_->Get(c.id);
    ASSERT_TRUE(r.ok());
    SCOPED_TRACE(r->title);
    DueInfo due = service_->DueOf(*r);
    EXPECT_EQ(due.state, c.state);
    EXPECT_EQ(DueLabel(due), c.label);
  }
  // Never "逾期0": a zero count is no lateness.
  EXPECT_EQ(DueLabel({DueState::kLate, 0}), "按期发布");
  EXPECT_EQ(DueLabel({DueState::kOverdue, 0}), "今日到期");
  for (DueState st : {DueState::kNone, DueState::kRunning, DueState::kDueSoon,
                      DueState::kOverdue, DueState::kOnTime, DueState::kLate})
    EXPECT_THAT(DueLabel({st, 0}), Not(HasSubstr("逾期0")));
}

// The staff list: search by title, 文号 or 索引号 (wildcards literal), the
// unit, domain, status and due-state filters, the orders, the unit scope.
TEST_P(PublishingTest, StaffListSearchesFiltersAndSorts) {
  auto with_doc = [&](std::string title, std::string doc,
                      std::string formed = "2026-02-10") {
    RecordInput in = Input(std::move(title));
    in.doc_number = std::move(doc);
    in.formed_on = std::move(formed);
    return in;
  };
  Record published = Publish(with_doc("城乡低保标准", "嘉民发〔2026〕3号"));
  clock_.Advance(absl::Minutes(1));
  auto old_draft = service_->Create(
      editor_, with_doc("临时救助办法", "嘉民发〔2026〕7号", "2026-01-05"));
  ASSERT_TRUE(old_draft.ok());
  clock_.Advance(absl::Minutes(1));
  auto newest = service_->Create(
      editor_,
      with_doc("特困人员供养_通知", "嘉民发〔2026〕12号", "2026-02-27"));
  ASSERT_TRUE(newest.ok());
  RecordInput edu = with_doc("教育局的通知", "嘉教发〔2026〕3号");
  edu.unit = "县教育局";
  edu.domain = "";
  ASSERT_TRUE(service_->Create(admin_, edu).ok());

  auto titles = [&](const Actor& who, ListQuery q) {
    std::vector<std::string> out;
    auto page = service_->ListForStaff(who, q);
    EXPECT_TRUE(page.ok()) << page.status();
    if (page.ok())
      for (const Record& r : page->records) out.push_back(r.title);
    return out;
  };
  using ::testing::ElementsAre;
  // Default: last changed first, so a new draft is at the top.
  EXPECT_THAT(titles(admin_, {}),
              ElementsAre("教育局的通知", "特困人员供养_通知", "临时救助办法",
                          "城乡低保标准"));
  struct Search {
    const char* text;
    std::vector<std::string> want;
  } searches[] = {
      {"嘉民发〔2026〕7号", {"临时救助办法"}},
      {"〔2026〕3号", {"城乡低保标准"}},  // unit scope: not 教育局's
      {"救助", {"临时救助办法"}},
      {published.index_number.c_str(), {"城乡低保标准"}},
      {"_", {"特困人员供养_通知"}},  // literal, not a wildcard
      {"%", {}},
      {"不存在的标题", {}},
  };
  for (const Search& c : searches) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(titles(editor_, {.text = c.text}), c.want);
  }
  EXPECT_THAT(titles(admin_, {.text = "〔2026〕3号"}),
              ElementsAre("教育局的通知", "城乡低保标准"));
  // Another unit's editor sees none of 民政局's records, whatever the filter.
  EXPECT_THAT(titles(other_editor_, {.unit_id = unit_, .text = "救助"}),
              ::testing::IsEmpty());

  EXPECT_THAT(titles(editor_, {.status = Status::kPublished}),
              ElementsAre("城乡低保标准"));
  EXPECT_THAT(titles(admin_, {.sort = ListSort::kFormed}),
              ElementsAre("特困人员供养_通知", "教育局的通知", "城乡低保标准",
                          "临时救助办法"));
  // Publish-by: 01-05 + 20 working days first.
  EXPECT_EQ(titles(editor_, {.sort = ListSort::kDue}).front(), "临时救助办法");

  // On 03-03: 临时救助办法 (due 02-09 + holidays) is overdue, the published
  // one was on time, the newest (due 03-27) is neither.
  clock_.Set(At(2026, 3, 3));
  EXPECT_THAT(titles(editor_, {.due = DueFilter::kOverdue}),
              ElementsAre("临时救助办法"));
  EXPECT_THAT(titles(editor_, {.due = DueFilter::kOnTime}),
              ElementsAre("城乡低保标准"));
  EXPECT_THAT(titles(editor_, {.due = DueFilter::kDueSoon}),
              ::testing::IsEmpty());
  clock_.Set(At(2026, 3, 23));  // newest due 03-27: within 5 working days
  EXPECT_THAT(titles(editor_, {.due = DueFilter::kDueSoon}),
              ElementsAre("特困人员供养_通知"));
  auto domain = org_->ResolveDomain("社会救助");
  ASSERT_TRUE(domain.ok());
  EXPECT_EQ(titles(admin_, {.domain_id = domain->id}).size(), 3u);
}

// The preview shows a pending change as it will be published, to the
// unit's staff only; the places it will appear follow from its data.
TEST_P(PublishingTest, PreviewAppliesThePendingChangeAndPlacementsFollowData) {
  Record r = Publish(Input());
  RecordInput change = Input("关于2026年城乡低保标准调整的通知（修订）");
  change.body_html = "<p>修订后的标准。</p>";
  change.domain = "";
  change.topic = "综合政务/应急管理";
  ASSERT_TRUE(service_->Update(editor_, r.id, change).ok());

  auto preview = service_->Preview(reviewer_, r.id);
  ASSERT_TRUE(preview.ok()) << preview.status();
  EXPECT_EQ(preview->title, "关于2026年城乡低保标准调整的通知（修订）");
  EXPECT_EQ(preview->body_html, "<p>修订后的标准。</p>");
  EXPECT_EQ(preview->topic, "综合政务");
  EXPECT_FALSE(preview->domain_id.has_value());
  // The public still sees the published version.
  EXPECT_EQ(service_->GetFor(nullptr, r.id)->title, r.title);
  EXPECT_EQ(service_->Preview(other_editor_, r.id).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->Preview(Actor{}, r.id).status().code(),
            absl::StatusCode::kNotFound);

  auto names = [&](const Record& rec) {
    std::vector<std::string> out;
    auto places = service_->Placements(rec);
    EXPECT_TRUE(places.ok()) << places.status();
    if (places.ok())
      for (const Placement& p : *places)
        out.push_back(absl::StrCat(p.name, " ", p.url));
    return out;
  };
  std::vector<std::string> changed = names(*preview);
  EXPECT_THAT(changed, ::testing::Contains(HasSubstr("按发布机构 › 县民政局")));
  EXPECT_THAT(changed, ::testing::Contains(HasSubstr("按主题分类 › 综合政务")));
  EXPECT_THAT(changed, ::testing::Contains(HasSubstr("/feeds/records.rss")));
  EXPECT_THAT(changed, ::testing::Contains(HasSubstr("/sitemap.xml")));
  EXPECT_THAT(changed, ::testing::Contains(HasSubstr("最新信息 /xxgk")));
  EXPECT_THAT(changed, Not(::testing::Contains(HasSubstr("专栏"))));
  // With its domain and catalog item: the 专栏, the item's list, its feed.
  auto draft = service_->Create(editor_, Input("新的救助通知"));
  ASSERT_TRUE(draft.ok());
  std::vector<std::string> in_domain = names(*draft);
  EXPECT_THAT(in_domain,
              ::testing::Contains(HasSubstr("社会救助专栏 /domains/")));
  EXPECT_THAT(in_domain, ::testing::Contains(
                             HasSubstr("社会救助信息订阅 /feeds/domains/")));
  // 依申请公开 and 不予公开 records appear nowhere.
  RecordInput req = Input("依申请公开的信息");
  req.disclosure = "on_request";
  req.withheld_ground = "process_info";
  auto on_request = service_->Create(editor_, req);
  ASSERT_TRUE(on_request.ok());
  EXPECT_TRUE(names(*on_request).empty());
}

TEST_P(PublishingTest, WithheldGroundsAreStoredUnderTheSharedCodes) {
  struct Case {
    const char* given;  // by an old client, a form, or a CSV
    const char* stored;
  } cases[] = {
      {"security_stability", "security_stability"},
      {"three_security", "security_stability"},  // former code
      {"query_matter", "administrative_query"},  // former code
      {"属于四类过程性信息", "process_info"},    // the label
  };
  for (const Case& c : cases) {
    RecordInput in = Input(c.given);
    in.disclosure = "on_request";
    in.withheld_ground = c.given;
    auto r = service_->Create(editor_, in);
    ASSERT_TRUE(r.ok()) << c.given << ": " << r.status();
    EXPECT_EQ(r->withheld_ground, c.stored) << c.given;
    EXPECT_EQ(service_->Get(r->id)->withheld_ground, c.stored) << c.given;
  }
  RecordInput unknown = Input();
  unknown.disclosure = "withheld";
  unknown.withheld_ground = "not_held";  // an applications-only ground
  EXPECT_EQ(service_->Create(editor_, unknown).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_P(PublishingTest, OnlyPublishedActiveRecordsArePublic) {
  auto draft = service_->Create(editor_, Input("草稿"));
  RecordInput withheld = Input("内部事务");
  withheld.disclosure = "withheld";
  withheld.withheld_ground = "internal_affairs";
  auto hidden = service_->Create(editor_, withheld);
  ASSERT_TRUE(hidden.ok()) << hidden.status();
  ASSERT_TRUE(service_->Submit(editor_, hidden->id).ok());
  ASSERT_TRUE(service_->Review(reviewer_, hidden->id, {"approved", ""}).ok());
  EXPECT_THAT(service_->Publish(reviewer_, hidden->id).status().message(),
              HasSubstr("不予公开"));
  Record pub = Publish(Input("公开"));

  EXPECT_TRUE(service_->GetFor(nullptr, pub.id).ok());
  for (int64_t id : {draft->id, hidden->id}) {
    EXPECT_EQ(service_->GetFor(nullptr, id).status().code(),
              absl::StatusCode::kNotFound);
    EXPECT_EQ(service_->GetFor(&other_editor_, id).status().code(),
              absl::StatusCode::kNotFound);
    EXPECT_TRUE(service_->GetFor(&editor_, id).ok());
  }
  auto list = service_->ListPublic({});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->total, 1);
  EXPECT_EQ(list->records[0].id, pub.id);
  auto staff = service_->ListForStaff(editor_, {});
  EXPECT_EQ(staff->total, 3);
  EXPECT_EQ(service_->ListForStaff(other_editor_, {})->total, 0);
  // Unpublished: gone from the public again, with the reason kept.
  ASSERT_TRUE(service_->Unpublish(reviewer_, pub.id, "信息有误").ok());
  EXPECT_EQ(service_->GetFor(nullptr, pub.id).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->ListPublic({})->total, 0);
}

TEST_P(PublishingTest, ChangeOfPublishedRecordIsReviewedAndMakesANewVersion) {
  Record r = Publish(Input());
  clock_.Set(At(2026, 3, 9));
  RecordInput change = Input("关于2026年城乡低保标准调整的通知（修订）");
  change.body_html = "<p>标准调整为每人每月800元。</p>";
  change.change_note = "更正标准";
  auto pending = service_->Update(editor_, r.id, change);
  ASSERT_TRUE(pending.ok()) << pending.status();
  // The public still sees version 1 until the change is published.
  EXPECT_EQ(pending->title, r.title);
  ASSERT_TRUE(pending->pending_change.has_value());
  EXPECT_EQ(pending->pending_change->changed_on, "2026-03-09");
  EXPECT_EQ(service_->GetFor(nullptr, r.id)->title, r.title);
  ASSERT_TRUE(service_->Submit(editor_, r.id).ok());
  ASSERT_TRUE(service_->Review(reviewer_, r.id, {"approved", ""}).ok());
  auto v2 = service_->Publish(reviewer_, r.id);
  ASSERT_TRUE(v2.ok()) << v2.status();
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->title, change.title);
  EXPECT_EQ(v2->changed_on, "2026-03-09");
  EXPECT_EQ(v2->index_number, r.index_number);
  EXPECT_FALSE(v2->pending_change.has_value());
  auto versions = service_->Versions(r.id);
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].title, r.title);
  EXPECT_EQ((*versions)[1].note, "更正标准");
}

// Issue 20: the server sets publish dates; publishing a correction moves
// them, and the audit entry carries the dates before and after.
TEST_P(PublishingTest, CorrectionAuditsThePublishedDatesBeforeAndAfter) {
  Record r = Publish(Input());
  clock_.Set(At(2026, 3, 9));
  RecordInput change = Input("关于2026年城乡低保标准调整的通知（更正）");
  change.change_note = "更正标题";
  ASSERT_TRUE(service_->Update(editor_, r.id, change).ok());
  ASSERT_TRUE(service_->Submit(editor_, r.id).ok());
  ASSERT_TRUE(service_->Review(reviewer_, r.id, {"approved", ""}).ok());
  auto v2 = service_->Publish(reviewer_, r.id);
  ASSERT_TRUE(v2.ok()) << v2.status();
  ASSERT_NE(v2->published_on, r.published_on);
  auto rows = db_->Query(
      "SELECT before_json, after_json FROM audit_log WHERE action = "
      "'record.publish' AND entity_id = ? ORDER BY id DESC LIMIT 1",
      {absl::StrCat(r.id)});
  ASSERT_TRUE(rows.ok() && rows->rows.size() == 1);
  auto before = nlohmann::json::parse(rows->rows[0].Text(0), nullptr, false);
  auto after = nlohmann::json::parse(rows->rows[0].Text(1), nullptr, false);
  EXPECT_EQ(before.value("published_on", ""), r.published_on);
  EXPECT_EQ(before.value("published_at", ""), r.published_at);
  EXPECT_EQ(after.value("published_on", ""), v2->published_on);
  EXPECT_EQ(after.value("published_at", ""), v2->published_at);
  EXPECT_EQ(after.value("first_published_on", ""), r.published_on);
  EXPECT_EQ(after.value("changed_on", ""), "2026-03-09");
}

TEST_P(PublishingTest, RepealMarksTheRecordAndItsRelations) {
  Record policy = Publish(Input("低保管理办法"));
  Record reading = Publish(Input("《低保管理办法》解读"));
  ASSERT_TRUE(
      service_->Relate(editor_, reading.id, "interprets", policy.id).ok());
  EXPECT_EQ(
      service_->Relate(editor_, reading.id, "interprets", policy.id).code(),
      absl::StatusCode::kAlreadyExists);
  Record successor = Publish(Input("低保管理办法（2026年修订）"));
  auto repealed = service_->SetValidity(
      editor_, policy.id,
      {.validity = "已废止", .on = "2026-03-02", .replaced_by = successor.id});
  ASSERT_TRUE(repealed.ok()) << repealed.status();
  EXPECT_EQ(repealed->validity, Validity::kRepealed);
  EXPECT_EQ(repealed->replaced_by, successor.id);
  // The interpretation shows that what it interprets is repealed; the
  // successor shows what it replaces.
  auto rels = Shown(nullptr, reading.id);
  ASSERT_EQ(rels->size(), 1u);
  EXPECT_EQ((*rels)[0].other_validity, Validity::kRepealed);
  auto succ = Shown(nullptr, successor.id);
  ASSERT_EQ(succ->size(), 1u);
  EXPECT_EQ((*succ)[0].kind, RelationKind::kReplaces);
  EXPECT_TRUE((*succ)[0].outgoing);
  // Lists carry the mark and filter by it.
  auto list = service_->ListPublic({.validity = Validity::kRepealed});
  ASSERT_EQ(list->total, 1);
  EXPECT_EQ(list->records[0].validity, Validity::kRepealed);
  // A draft has no validity to change.
  auto draft = service_->Create(editor_, Input("草稿"));
  EXPECT_EQ(service_->SetValidity(editor_, draft->id, {.validity = "repealed"})
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

// Issue 12, finding 2: an editor of 县教育局 related its own record to
// 县民政局's draft and 不予公开 records and then saw their titles. A relation
// points only at what the actor may see; anything else answers like an
// unknown id, and what is shown is filtered by who looks.
TEST_P(PublishingTest, RelationsPointOnlyAtRecordsTheActorMaySee) {
  auto draft = service_->Create(editor_, Input("民政局尚未公开的草稿"));
  ASSERT_TRUE(draft.ok());
  RecordInput withheld_in = Input("民政局不予公开的人事安排");
  withheld_in.disclosure = "withheld";
  withheld_in.withheld_ground = "internal_affairs";
  auto withheld = service_->Create(editor_, withheld_in);
  ASSERT_TRUE(withheld.ok()) << withheld.status();
  Record policy = Publish(Input("低保管理办法"));
  RecordInput own_in = Input("教育局的解读草稿");
  own_in.unit = "县教育局";
  auto own = service_->Create(other_editor_, own_in);
  ASSERT_TRUE(own.ok()) << own.status();

  absl::Status unknown =
      service_->Relate(other_editor_, own->id, "interprets", 987654);
  EXPECT_EQ(unknown.code(), absl::StatusCode::kNotFound);
  for (int64_t hidden : {draft->id, withheld->id}) {
    absl::Status s =
        service_->Relate(other_editor_, own->id, "interprets", hidden);
    EXPECT_EQ(s.code(), absl::StatusCode::kNotFound) << hidden;
    // Probing ids tells nothing: the same words as for an unknown id.
    EXPECT_EQ(s.message(),
              absl::StrReplaceAll(unknown.message(),
                                  {{"987654", absl::StrCat(hidden)}}));
  }
  EXPECT_TRUE(
      service_->Relate(other_editor_, own->id, "interprets", policy.id).ok());
  // The county office relates anything; a unit its own records.
  EXPECT_TRUE(service_->Relate(admin_, own->id, "interprets", draft->id).ok());
  EXPECT_TRUE(
      service_->Relate(editor_, withheld->id, "interprets", draft->id).ok());

  // Shown: only what the viewer may see, whatever the table holds (rows
  // written before this rule included).
  auto titles = [&](const Actor* viewer, int64_t id) {
    std::vector<std::string> out;
    auto rels = Shown(viewer, id);
    EXPECT_TRUE(rels.ok()) << rels.status();
    for (const Relation& r : rels.value_or(std::vector<Relation>{}))
      out.push_back(r.other_title);
    return out;
  };
  using ::testing::UnorderedElementsAre;
  EXPECT_THAT(titles(&other_editor_, own->id),
              UnorderedElementsAre("低保管理办法"));
  EXPECT_THAT(titles(&admin_, own->id),
              UnorderedElementsAre("低保管理办法", "民政局尚未公开的草稿"));
  // 县民政局 does not learn the title of 县教育局's draft either.
  EXPECT_THAT(titles(&editor_, draft->id),
              UnorderedElementsAre("民政局不予公开的人事安排"));
  EXPECT_THAT(titles(&editor_, policy.id), ::testing::IsEmpty());
  EXPECT_THAT(titles(nullptr, policy.id), ::testing::IsEmpty());
  EXPECT_THAT(titles(nullptr, draft->id), ::testing::IsEmpty());
}

// Issue 12, finding 3: 县教育局 marked 县民政局's record as replaced and
// related to it as 修改, and 县民政局's public page changed. Marks about
// another unit's record need that unit or the county office; a plain
// interpretation link shows on its page once the interpretation is public.
TEST_P(PublishingTest, OnlyTheUnitOrTheCountyOfficeMarksItsRecords) {
  Record policy = Publish(Input("低保管理办法"));
  Actor other_reviewer{.user_id = 5,
                       .name = "other_reviewer",
                       .role = Role::kUnitReviewer,
                       .unit_id = other_editor_.unit_id};
  RecordInput own_in = Input("教育局关于学生资助的通知");
  own_in.unit = "县教育局";
  auto own = service_->Create(other_editor_, own_in);
  ASSERT_TRUE(own.ok()) << own.status();
  ASSERT_TRUE(service_->Submit(other_editor_, own->id).ok());
  ASSERT_TRUE(service_->Review(other_reviewer, own->id, {"approved", ""}).ok());
  ASSERT_TRUE(service_->Publish(other_reviewer, own->id).ok());

  // Neither the record itself nor, through its own record, the successor.
  EXPECT_EQ(service_
                ->SetValidity(other_editor_, policy.id,
                              {.validity = "repealed", .replaced_by = own->id})
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(
      service_
          ->SetValidity(other_editor_, own->id,
                        {.validity = "repealed", .replaced_by = policy.id})
          .status()
          .code(),
      absl::StatusCode::kPermissionDenied);
  for (const char* kind : {"replaces", "amends", "attachment_of"})
    EXPECT_EQ(service_->Relate(other_editor_, own->id, kind, policy.id).code(),
              absl::StatusCode::kPermissionDenied)
        << kind;
  auto after = service_->Get(policy.id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->validity, Validity::kValid);
  EXPECT_THAT(*Shown(nullptr, policy.id), ::testing::IsEmpty());
  EXPECT_EQ(service_->Get(own->id)->validity, Validity::kValid);

  // An interpretation is the expected inverse link ("相关解读").
  ASSERT_TRUE(
      service_->Relate(other_editor_, own->id, "interprets", policy.id).ok());
  auto shown = Shown(nullptr, policy.id);
  ASSERT_EQ(shown->size(), 1u);
  EXPECT_EQ((*shown)[0].kind, RelationKind::kInterprets);
  EXPECT_FALSE((*shown)[0].outgoing);
  // The county office (or 县民政局 itself) records the replacement.
  auto repealed = service_->SetValidity(
      admin_, own->id, {.validity = "repealed", .replaced_by = policy.id});
  ASSERT_TRUE(repealed.ok()) << repealed.status();
  EXPECT_EQ(repealed->replaced_by, policy.id);
}

TEST_P(PublishingTest, AttachmentsAreCheckedByContentAndStoredByHash) {
  auto r = service_->Create(editor_, Input());
  std::string pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
  auto a = service_->AddAttachment(editor_, r->id, "低保名单.exe", pdf);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->filename, "低保名单.pdf");
  EXPECT_EQ(a->content_type, "application/pdf");
  EXPECT_TRUE(std::filesystem::exists(service_->AttachmentPath(*a)));
  auto bad = service_->AddAttachment(editor_, r->id, "名单.pdf", "MZ\x90\x00");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  // Not public yet: nobody outside the unit gets the file.
  EXPECT_EQ(service_->AttachmentFor(nullptr, r->id, a->id).status().code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(service_->Submit(editor_, r->id).ok());
  ASSERT_TRUE(service_->Review(reviewer_, r->id, {"approved", ""}).ok());
  ASSERT_TRUE(service_->Publish(reviewer_, r->id).ok());
  auto got = service_->AttachmentFor(nullptr, r->id, a->id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->second, pdf);
  // Published attachments are not changed in place.
  EXPECT_EQ(
      service_->AddAttachment(editor_, r->id, "x.pdf", pdf).status().code(),
      absl::StatusCode::kFailedPrecondition);
}

TEST_P(PublishingTest, ListenersSeeEveryChangeInItsTransaction) {
  std::vector<int64_t> changed, committed;
  service_->AddChangeListener([&](db::Tx& tx, int64_t id) {
    changed.push_back(id);
    // The change is visible inside the transaction.
    auto row = tx.QueryOne("SELECT status FROM pub_records WHERE id = ?", {id},
                           "record");
    return row.status();
  });
  service_->AddCommitListener([&](int64_t id) { committed.push_back(id); });
  Record r = Publish(Input());
  EXPECT_EQ(changed.size(), 4u);  // create, submit, review, publish
  EXPECT_EQ(committed, changed);
  // A failing listener rolls the change back.
  service_->AddChangeListener(
      [](db::Tx&, int64_t) { return absl::UnavailableError("index down"); });
  EXPECT_FALSE(service_->Unpublish(reviewer_, r.id, "测试").ok());
  EXPECT_EQ(service_->Get(r.id)->status, Status::kPublished);
}

TEST_P(PublishingTest, CalendarChangeRecomputesPublishBy) {
  auto r = service_->Create(editor_, Input());
  ASSERT_EQ(r->publish_by, "2026-03-16");
  // A local closure on 03-03 moves the 20th working day to 03-17.
  calendar_->AddRecomputer("publishing", [this](const calendar::Calendar& c) {
    return service_->Recompute(c);
  });
  ASSERT_TRUE(calendar_->AddOverride(admin_, "2026-03-03", true, "防汛").ok());
  EXPECT_EQ(service_->Get(r->id)->publish_by, "2026-03-17");
}

TEST_P(PublishingTest, GeneratorWritesPublicRecordsWithIndexNumbers) {
  auto n = GenerateRecords(
      *db_, *org_, *catalog_,
      {.records = 300, .to = absl::CivilDay(2026, 3, 1), .batch = 100});
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 300);
  auto list = service_->ListPublic({.per_page = 100});
  ASSERT_TRUE(list.ok());
  EXPECT_GT(list->total, 250);
  EXPECT_LT(list->total, 300);  // drafts and withheld ones are not public
  for (const Record& r : list->records) {
    EXPECT_THAT(r.index_number,
                MatchesRegex("421221-[0-9]{3}/20[0-9]{2}-[0-9]{5}"));
    EXPECT_LE(r.published_on, "2026-03-01");
  }
  // Serials continue after generated ones: a real publication does not clash.
  Record real = Publish(Input());
  EXPECT_FALSE(real.index_number.empty());
}

// Issue 22: list totals come from pub_public_counts, kept by the store in
// the transaction of each change. After generated records, publications, a
// published change of domain and genre, a repeal and a withdrawal, every
// kept count equals a COUNT over the records, and the lists say so.
TEST_P(PublishingTest, KeptCountsFollowEveryChangeOfAPublicRecord) {
  ASSERT_TRUE(
      GenerateRecords(
          *db_, *org_, *catalog_,
          {.records = 120, .to = absl::CivilDay(2026, 3, 1), .batch = 50})
          .ok());
  Record a = Publish(Input("甲"));
  Record b = Publish(Input("乙"));
  Record c = Publish(Input("丙"));
  RecordInput moved = Input("甲（改）");
  moved.domain = "义务教育";
  moved.genre = "公告";
  moved.change_note = "改领域";
  ASSERT_TRUE(service_->Update(editor_, a.id, moved).ok());
  ASSERT_TRUE(service_->Submit(editor_, a.id).ok());
  ASSERT_TRUE(service_->Review(reviewer_, a.id, {"approved", ""}).ok());
  ASSERT_TRUE(service_->Publish(reviewer_, a.id).ok());
  ASSERT_TRUE(service_
                  ->SetValidity(editor_, b.id,
                                {.validity = "已废止", .on = "2026-03-02"})
                  .ok());
  ASSERT_TRUE(service_->Unpublish(reviewer_, c.id, "信息有误").ok());

  const std::string where =
      " FROM pub_records WHERE status = 'published' AND disclosure = 'active'";
  const std::vector<std::pair<std::string, std::string>> dims = {
      {"all", "''"},
      {"domain", "CAST(domain_id AS TEXT)"},
      {"unit", "CAST(unit_id AS TEXT)"},
      {"year", "SUBSTR(published_on, 1, 4)"},
      {"topic", "topic"},
      {"genre", "genre"},
      {"validity", "validity"}};
  for (const auto& [dim, expr] : dims) {
    auto counted = db_->Query(absl::StrCat(
        "SELECT ", expr, ", COUNT(*)", where,
        dim == "domain" ? " AND domain_id IS NOT NULL" : "",
        dim == "all" ? "" : absl::StrCat(" GROUP BY ", expr, " ORDER BY 1")));
    auto kept = db_->Query(
        "SELECT val, n FROM pub_public_counts WHERE dim = ? AND n > 0 ORDER "
        "BY val",
        {dim});
    ASSERT_TRUE(counted.ok() && kept.ok()) << dim;
    ASSERT_EQ(kept->rows.size(), counted->rows.size()) << dim;
    for (size_t i = 0; i < kept->rows.size(); ++i) {
      EXPECT_EQ(kept->rows[i].Text(0), counted->rows[i].Text(0)) << dim;
      EXPECT_EQ(kept->rows[i].Int(1), counted->rows[i].Int(1)) << dim;
    }
  }
  auto items = db_->Query(absl::StrCat(
      "SELECT CAST(domain_id AS TEXT), item_level1, item_level2, COUNT(*)",
      where,
      " AND domain_id IS NOT NULL AND item_level1 <> '' GROUP BY domain_id, "
      "item_level1, item_level2 ORDER BY 1, 2, 3"));
  auto kept_items = db_->Query(
      "SELECT val, val2, val3, n FROM pub_public_counts WHERE dim = 'item' "
      "AND n > 0 ORDER BY val, val2, val3");
  ASSERT_TRUE(items.ok() && kept_items.ok());
  ASSERT_EQ(kept_items->rows.size(), items->rows.size());
  ASSERT_FALSE(items->rows.empty());
  for (size_t i = 0; i < items->rows.size(); ++i)
    for (size_t col = 0; col < 4; ++col)
      EXPECT_EQ(kept_items->rows[i].Text(col), items->rows[i].Text(col));

  // The lists read them: the whole site, one filter, and two filters
  // (counted) agree with the staff view's COUNT.
  auto total = db_->Query(absl::StrCat("SELECT COUNT(*)", where));
  EXPECT_EQ(service_->ListPublic({})->total, total->rows[0].Int(0));
  int64_t education = org_->ResolveDomain("义务教育")->id;
  auto in_education = service_->ListPublic({.domain_id = education});
  EXPECT_EQ(
      in_education->total,
      db_->Query(absl::StrCat("SELECT COUNT(*)", where, " AND domain_id = ?"),
                 {education})
          ->rows[0]
          .Int(0));
  EXPECT_EQ(service_->ListPublic({.validity = Validity::kRepealed})->total,
            db_->Query(absl::StrCat("SELECT COUNT(*)", where,
                                    " AND validity = 'repealed'"))
                ->rows[0]
                .Int(0));
  EXPECT_EQ(
      service_->ListPublic({.domain_id = education, .genre = "公告"})->total,
      1);
  EXPECT_EQ(service_->ListPublic({.year = 1999})->total, 0);
}

// Issue 22: the sitemap index reads chunks of public ids as sums; together
// they are every public record once, in id order, with the newest date.
TEST_P(PublishingTest, SitemapChunksCoverEveryPublicRecordOnce) {
  ASSERT_TRUE(
      GenerateRecords(
          *db_, *org_, *catalog_,
          {.records = 40, .to = absl::CivilDay(2026, 3, 1), .batch = 40})
          .ok());
  auto all = service_->SitemapEntries(0, 1000);
  ASSERT_TRUE(all.ok());
  ASSERT_GT(all->size(), 10u);
  auto chunks = service_->SitemapChunks(7);
  ASSERT_TRUE(chunks.ok()) << chunks.status();
  ASSERT_EQ(chunks->size(), (all->size() + 6) / 7);
  int64_t after = 0;
  size_t seen = 0;
  for (const SitemapChunk& c : *chunks) {
    auto part = service_->SitemapEntries(after, 7);
    ASSERT_TRUE(part.ok());
    EXPECT_EQ(c.count, static_cast<int64_t>(part->size()));
    EXPECT_EQ(c.last_id, part->back().id);
    std::string newest;
    for (const SitemapEntry& e : *part) newest = std::max(newest, e.lastmod);
    EXPECT_EQ(c.lastmod, newest);
    seen += part->size();
    after = c.last_id;
  }
  EXPECT_EQ(seen, all->size());
}

INSTANTIATE_TEST_SUITE_P(Engines, PublishingTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::publishing
