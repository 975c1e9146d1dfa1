#include "search/service.h"

#include "core/status.h"
#include "core/withholding.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "search/store.h"
#include "search/test_util.h"

namespace zwgk::search {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class SearchServiceTest : public SearchAppTest {};

TEST_F(SearchServiceTest, PublishedRecordIsSearchableRightAfterCommit) {
  int64_t id = Draft({.title = "2026年秋季招生工作通知",
                      .body_html = "<p>各校做好<b>招生</b>工作。</p>"});
  EXPECT_THAT(Find("招生"), IsEmpty());  // a draft is not public
  Publish(id);
  EXPECT_THAT(Find("招生"), ElementsAre(id));
  EXPECT_EQ(*search_->PendingCount(), 0);
}

TEST_F(SearchServiceTest, UnpublishedRecordLeavesThePublicIndex) {
  int64_t id = Published({.title = "城乡低保标准调整的通知"});
  ASSERT_THAT(Find("低保"), ElementsAre(id));
  ASSERT_TRUE(pub_->Unpublish(SystemActor(), id, "内容有误").ok());
  EXPECT_THAT(Find("低保"), IsEmpty());
  EXPECT_THAT(FindAs(SystemActor(), "低保"), ElementsAre(id));
}

TEST_F(SearchServiceTest, OnlyActiveDisclosureIsPublic) {
  int64_t id = Draft(
      {.title = "依申请公开的预算明细",
       .disclosure = "on_request",
       .withheld_ground = std::string(WithholdingGrounds().front().code)});
  EXPECT_THAT(Find("预算"), IsEmpty());
  EXPECT_THAT(FindAs(SystemActor(), "预算"), ElementsAre(id));
}

TEST_F(SearchServiceTest, StaffSearchCoversDraftsOfTheirUnitsOnly) {
  int64_t edu = Draft({.title = "教育局草稿：校车安全检查方案"});
  int64_t fin = Draft({.title = "财政局草稿：校车购置预算",
                       .unit = "县财政局",
                       .topic = "财政、金融、审计"});
  Actor edu_editor{.user_id = 7,
                   .name = "张三",
                   .role = Role::kUnitEditor,
                   .unit_id = UnitId("县教育局")};
  Actor fin_reviewer{.user_id = 8,
                     .name = "李四",
                     .role = Role::kUnitReviewer,
                     .unit_id = UnitId("县财政局")};
  Actor clerk_without_unit{.user_id = 9, .name = "王五", .role = Role::kClerk};
  EXPECT_THAT(FindAs(edu_editor, "校车"), ElementsAre(edu));
  EXPECT_THAT(FindAs(fin_reviewer, "校车"), ElementsAre(fin));
  EXPECT_THAT(FindAs(SystemActor(), "校车"), UnorderedElementsAre(edu, fin));
  EXPECT_THAT(FindAs(clerk_without_unit, "校车"), IsEmpty());
  EXPECT_THAT(Find("校车"), IsEmpty());
}

TEST_F(SearchServiceTest, OutboxRowCommitsOrRollsBackWithTheTransaction) {
  db::Database& db = pub_->db();
  absl::Status failed = db.Transaction([](db::Tx& tx) -> absl::Status {
    if (auto s = store::Enqueue(tx, 42, "2026-03-02T09:00:00Z"); !s.ok())
      return s;
    return absl::AbortedError("the record change failed");
  });
  EXPECT_TRUE(absl::IsAborted(failed));
  EXPECT_EQ(*search_->PendingCount(), 0);
  ASSERT_TRUE(db.Transaction([](db::Tx& tx) {
                  return store::Enqueue(tx, 42, "2026-03-02T09:00:00Z");
                }).ok());
  EXPECT_EQ(*search_->PendingCount(), 1);
  EXPECT_EQ(*search_->Drain(), 1);  // record 42 does not exist: removed
  EXPECT_EQ(*search_->PendingCount(), 0);
}

// A crash after the record committed but before the index did: the outbox
// row survives, and the next start applies it — both ways.
TEST_F(SearchServiceTest, RestartAppliesWhatACrashLeftInTheOutbox) {
  int64_t kept = Published({.title = "防汛应急预案"});
  int64_t gone = Published({.title = "防汛物资采购公告"});
  ASSERT_THAT(Find("防汛"), UnorderedElementsAre(kept, gone));
  // `gone` is withdrawn normally; then the crash: `kept` vanished from the
  // index and `gone` came back, with both changes still in the outbox.
  Document stale = ToDocument(*pub_->Get(gone));
  ASSERT_TRUE(pub_->Unpublish(SystemActor(), gone, "撤回").ok());
  ASSERT_TRUE(
      search_->index().Apply({{kept, std::nullopt}, {gone, stale}}).ok());
  db::Database& db = pub_->db();
  ASSERT_TRUE(db.Transaction([&](db::Tx& tx) -> absl::Status {
                  if (auto s = store::Enqueue(tx, kept, "t"); !s.ok()) return s;
                  return store::Enqueue(tx, gone, "t");
                }).ok());
  EXPECT_THAT(Find("防汛"), ElementsAre(gone));  // wrong both ways
  auto before = search_->Check();
  ASSERT_TRUE(before.ok());
  EXPECT_THAT(before->missing, ElementsAre(kept));
  EXPECT_THAT(before->extra, ElementsAre(gone));

  // The restart: a new service on the same database and data directory.
  Service restarted(db, app_.clock(), *pub_,
                    {.index_dir = ::testing::TempDir() + "/search"});
  ASSERT_TRUE(restarted.Start().ok());
  auto r = restarted.Search({.text = "防汛", .facets = false});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].id, kept);
  EXPECT_EQ(*restarted.PendingCount(), 0);
  EXPECT_TRUE(restarted.Check()->ok());
}

TEST_F(SearchServiceTest, ReindexRebuildsAndCheckAgrees) {
  int64_t a = Published({.title = "义务教育入学政策"});
  int64_t b = Published({.title = "义务教育阶段学生资助"});
  int64_t draft = Draft({.title = "义务教育草稿"});
  ASSERT_TRUE(search_->index().Apply({{a, std::nullopt}}).ok());  // drift
  EXPECT_FALSE(search_->Check()->ok());
  std::vector<std::pair<int64_t, int64_t>> calls;
  auto stats = search_->Reindex(
      [&](int64_t done, int64_t total) { calls.emplace_back(done, total); });
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->records, 3);
  EXPECT_EQ(stats->public_records, 2);
  EXPECT_EQ(stats->staff_records, 1);
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.front(), std::make_pair(int64_t{0}, int64_t{3}));
  EXPECT_EQ(calls.back(), std::make_pair(int64_t{3}, int64_t{3}));
  auto check = search_->Check();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok());
  EXPECT_EQ(check->index_public, 2);
  EXPECT_EQ(check->index_staff, 1);
  EXPECT_FALSE(check->reindex_floor.has_value());
  EXPECT_THAT(Find("义务教育"), UnorderedElementsAre(a, b));
  EXPECT_THAT(FindAs(SystemActor(), "草稿"), ElementsAre(draft));
}

TEST_F(SearchServiceTest, RebuildFloorKeepsLaterOutboxRows) {
  db::Database& db = pub_->db();
  for (int64_t rec : {1, 2, 3})
    ASSERT_TRUE(db.Transaction([&](db::Tx& tx) {
                    return store::Enqueue(tx, rec, "t");
                  }).ok());
  absl::StatusOr<int64_t> max =
      db.InTransaction<int64_t>([](db::Tx& tx) { return store::MaxId(tx); });
  ASSERT_TRUE(max.ok()) << max.status();
  ASSERT_TRUE(db.Transaction([&](db::Tx& tx) -> absl::Status {
                  ZWGK_RETURN_IF_ERROR(store::SetReindexFloor(tx, *max - 2));
                  return store::DeleteUpTo(tx, *max);
                }).ok());
  EXPECT_EQ(*search_->PendingCount(), 2);  // above the floor
  EXPECT_EQ(*search_->ReindexFloor(), *max - 2);
  ASSERT_TRUE(db.Transaction([&](db::Tx& tx) -> absl::Status {
                  ZWGK_RETURN_IF_ERROR(
                      store::SetReindexFloor(tx, std::nullopt));
                  return store::DeleteUpTo(tx, *max);
                }).ok());
  EXPECT_EQ(*search_->PendingCount(), 0);
  EXPECT_EQ(*search_->ReindexFloor(), std::nullopt);
}

// On PostgreSQL an outbox id is taken at insert and a lower one can commit
// after a drain read a higher one (found by tests/crash): a drain deletes
// exactly the rows it applied, so the late row stays for the next drain.
TEST_F(SearchServiceTest, DrainDeletesOnlyTheRowsItApplied) {
  db::Database& db = pub_->db();
  for (int64_t rec : {1, 2, 3})
    ASSERT_TRUE(db.Transaction([&](db::Tx& tx) {
                    return store::Enqueue(tx, rec, "t");
                  }).ok());
  absl::StatusOr<int64_t> max =
      db.InTransaction<int64_t>([](db::Tx& tx) { return store::MaxId(tx); });
  ASSERT_TRUE(max.ok()) << max.status();
  // The drain saw the first and the last row; the middle one committed late.
  ASSERT_TRUE(db.Transaction([&](db::Tx& tx) {
                  return store::DeleteApplied(tx, {*max - 2, *max});
                }).ok());
  EXPECT_EQ(*search_->PendingCount(), 1);
  absl::StatusOr<std::vector<OutboxRow>> left =
      db.InTransaction<std::vector<OutboxRow>>(
          [](db::Tx& tx) { return store::Pending(tx, 0, 10); });
  ASSERT_TRUE(left.ok()) << left.status();
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().id, *max - 1);
  EXPECT_EQ(left->front().record_id, 2);
  // A rebuild's floor keeps rows above it, as DeleteUpTo does.
  ASSERT_TRUE(db.Transaction([&](db::Tx& tx) -> absl::Status {
                  ZWGK_RETURN_IF_ERROR(store::SetReindexFloor(tx, *max - 2));
                  return store::DeleteApplied(tx, {*max - 1});
                }).ok());
  EXPECT_EQ(*search_->PendingCount(), 1);
}

TEST_F(SearchServiceTest, DocNumberAndIndexNumberFindTheirRecordFirst) {
  int64_t other =
      Published({.title = "转发嘉政办发文件的说明：办发〔2026〕3号之后",
                 .doc_number = "嘉政办发〔2026〕30号"});
  int64_t target = Published(
      {.title = "关于做好春耕生产的通知", .doc_number = "嘉政办发〔2026〕3号"});
  auto r = search_->Search({.text = "嘉政办发〔2026〕3号"});
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->hits.empty());
  EXPECT_EQ(r->hits[0].id, target);
  std::string index_number = pub_->Get(target)->index_number;
  ASSERT_FALSE(index_number.empty());
  auto by_index = search_->Search({.text = index_number});
  ASSERT_TRUE(by_index.ok());
  ASSERT_FALSE(by_index->hits.empty());
  EXPECT_EQ(by_index->hits[0].id, target);
  (void)other;
}

TEST(ToDocumentTest, FlattensTheRecord) {
  publishing::Record r;
  r.id = 5;
  r.title = "标题";
  r.body_html = "<p>正文&amp;说明</p>";
  r.status = publishing::Status::kPublished;
  r.disclosure = publishing::Disclosure::kActive;
  r.validity = publishing::Validity::kRepealed;
  r.published_on = "2025-06-01";
  r.formed_on = "2025-05-20";
  r.unit_id = 3;
  Document d = ToDocument(r, "附件文字");
  EXPECT_EQ(d.body, "正文&说明");
  EXPECT_EQ(d.validity, "已废止");
  EXPECT_EQ(d.year, 2025);
  EXPECT_EQ(d.url, "/records/5");
  EXPECT_TRUE(d.is_public);
  EXPECT_EQ(d.attachment_text, "附件文字");
  r.status = publishing::Status::kDraft;
  r.published_on = "";
  d = ToDocument(r);
  EXPECT_FALSE(d.is_public);
  EXPECT_EQ(d.year, 2025);  // of the 成文日期
}

}  // namespace
}  // namespace zwgk::search
