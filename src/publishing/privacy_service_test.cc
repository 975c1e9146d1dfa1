// 保密审查 (issue 18) in the publishing workflow, on SQLite and PostgreSQL
// with a fake clock: findings at Submit and Publish, the refusal naming each
// kind, reasons per kind (audited), one-click masking of the body and of an
// XLSX attachment (the 原件 kept, not public), masking a published record
// (a new version, older versions masked), who may see findings, and the
// scan of everything published.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "core/audit.h"
#include "core/status.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "privacy/scan.h"
#include "publishing/privacy_test_util.h"
#include "publishing/service_test_fixture.h"

namespace zwgk::publishing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

using privacy_test::kId;
using privacy_test::kId2;
using privacy_test::kMobile;
using privacy_test::RecipientsXlsx;

class PrivacyTest : public PublishingServiceTest {
 protected:
  RecordInput Input(std::string body) {
    return {.title = "2026年2月城乡低保发放情况公示",
            .unit = "县民政局",
            .domain = "社会救助",
            .formed_on = "2026-02-10",
            .topic = "民政、扶贫、救灾/社会福利",
            .genre = "公示",
            .doc_number = "嘉民发〔2026〕3号",
            .body_html = std::move(body)};
  }
  std::string PersonalBody() {
    return absl::StrCat("<p>现将低保对象公示如下。</p><p>张三，身份证号：", kId,
                        "，联系电话：", kMobile, "。</p>");
  }
  // Drafted, submitted by the editor and approved by the reviewer.
  Record Reviewed(const RecordInput& in, const std::string& xlsx = "") {
    auto r = service_->Create(editor_, in);
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return {};
    if (!xlsx.empty()) {
      auto a = service_->AddAttachment(editor_, r->id, "低保名单.xlsx", xlsx);
      EXPECT_TRUE(a.ok()) << a.status();
    }
    EXPECT_TRUE(service_->Submit(editor_, r->id).ok());
    auto rv = service_->Review(reviewer_, r->id, {"approved", ""});
    EXPECT_TRUE(rv.ok()) << rv.status();
    return rv.ok() ? *rv : Record{};
  }
  std::vector<std::string> Kinds(const PrivacyReport& rep) {
    std::vector<std::string> out;
    for (const PrivacyFinding& f : rep.findings) out.push_back(f.kind);
    return out;
  }
  void ExpectNoRawValue(const PrivacyReport& rep) {
    for (const PrivacyFinding& f : rep.findings)
      for (const char* raw : {kId, kMobile, kId2}) {
        EXPECT_THAT(f.preview, Not(HasSubstr(raw)));
        EXPECT_THAT(f.place, Not(HasSubstr(raw)));
      }
    for (const char* raw : {kId, kMobile, kId2})
      EXPECT_THAT(rep.title, Not(HasSubstr(raw)));
  }
};

TEST_P(PrivacyTest, HeldAtPublishUntilEachKindHasAReason) {
  Record r = Reviewed(Input(PersonalBody()));
  // Scanned at Submit: both findings, masked, placed by paragraph.
  auto rep = service_->Privacy(reviewer_, r.id);
  ASSERT_TRUE(rep.ok()) << rep.status();
  EXPECT_THAT(Kinds(*rep), UnorderedElementsAre("id_card", "mobile"));
  EXPECT_FALSE(rep->scanned_at.empty());
  EXPECT_THAT(rep->open_kinds, ElementsAre("id_card", "mobile"));
  for (const PrivacyFinding& f : rep->findings) {
    EXPECT_EQ(f.source, "正文");
    EXPECT_EQ(f.place, "正文第2段");
  }
  ExpectNoRawValue(*rep);

  auto refused = service_->Publish(reviewer_, r.id);
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(),
            "发现未脱敏的个人信息：身份证号码1处、手机号码1处。请脱敏，或逐类"
            "填写公开理由");
  EXPECT_EQ(service_->Get(r.id)->status, Status::kReviewed);

  // A reason for one kind is not enough; a reason over 500 characters is
  // refused with its field.
  auto partial = service_->Publish(
      reviewer_, r.id, {.privacy_reasons = {{"id_card", "依法公示"}}});
  ASSERT_EQ(partial.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(partial.status().message(), HasSubstr("手机号码1处"));
  EXPECT_THAT(partial.status().message(), Not(HasSubstr("身份证号码")));
  auto too_long = service_->Publish(
      reviewer_, r.id,
      {.privacy_reasons = {{"id_card", std::string(501 * 3, 'x')}}});
  EXPECT_EQ(too_long.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(
      GetFieldErrors(too_long.status()).contains("privacy_reasons[id_card]"));

  clock_.Advance(absl::Hours(1));
  auto published =
      service_->Publish(reviewer_, r.id,
                        {.privacy_reasons = {{"id_card", "低保公示须核对身份"},
                                             {"mobile", "经本人同意公开"},
                                             {"email", "  "}}});
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(published->status, Status::kPublished);
  auto after = service_->Privacy(reviewer_, r.id);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->open_kinds.empty());
  EXPECT_EQ(after->reasons.at("id_card"), "低保公示须核对身份");
  EXPECT_EQ(after->reasons.at("mobile"), "经本人同意公开");
  EXPECT_FALSE(after->reasons.contains("email"));

  // Each reason audited once (the refused attempts rolled back).
  auto log = audit::List(*db_, {.entity = "record"});
  ASSERT_TRUE(log.ok()) << log.status();
  std::vector<std::string> audited;
  for (const audit::LoggedEntry& e : *log) {
    if (e.action != "record.privacy_reason") continue;
    auto j = nlohmann::json::parse(e.after_json, nullptr, false);
    audited.push_back(
        absl::StrCat(j.value("kind", ""), ":", j.value("reason", "")));
    EXPECT_EQ(e.user_name, "reviewer");
  }
  EXPECT_THAT(audited, UnorderedElementsAre("id_card:低保公示须核对身份",
                                            "mobile:经本人同意公开"));
  // Never a raw value in the log.
  for (const audit::LoggedEntry& e : *log) {
    EXPECT_THAT(e.after_json, Not(HasSubstr(kMobile)));
  }
}

TEST_P(PrivacyTest, CleanRecordPublishesWithoutReasons) {
  Record r = Reviewed(Input("<p>各镇人民政府：现将低保标准调整如下。</p>"));
  auto rep = service_->Privacy(reviewer_, r.id);
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->findings.empty());
  EXPECT_FALSE(rep->scanned_at.empty());
  EXPECT_TRUE(service_->Publish(reviewer_, r.id).ok());
}

// A 120-row roster: the first 50 places listed, one row standing for the
// other 70, and the refusal counting all 120.
TEST_P(PrivacyTest, BigRosterListsFiftyAndCountsTheRest) {
  std::string xlsx = privacy_test::RosterXlsx(data_dir_ / "in", 120);
  Record r = Reviewed(Input("<p>现将低保对象名单公示如下。</p>"), xlsx);
  auto rep = service_->Privacy(reviewer_, r.id);
  ASSERT_TRUE(rep.ok()) << rep.status();
  ASSERT_EQ(rep->findings.size(), privacy::kMaxListedPerKind + 1);
  EXPECT_EQ(rep->findings[0].place, "名单!B2");
  EXPECT_EQ(rep->findings[0].unlisted, 0);
  const PrivacyFinding& rest = rep->findings.back();
  EXPECT_EQ(rest.kind, "id_card");
  EXPECT_EQ(rest.source, "低保名单.xlsx");
  EXPECT_EQ(rest.place, "另有70处未逐一列出");
  EXPECT_EQ(rest.preview, "");
  EXPECT_EQ(rest.unlisted, 70);
  auto refused = service_->Publish(reviewer_, r.id);
  EXPECT_EQ(
      refused.status().message(),
      "发现未脱敏的个人信息：身份证号码120处。请脱敏，或逐类填写公开理由");
  // Masked in one action: nothing left, the counting row included.
  ASSERT_TRUE(service_->MaskPrivacy(reviewer_, r.id).ok());
  auto after = service_->Privacy(reviewer_, r.id);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->findings.empty()) << after->findings.size();
}

TEST_P(PrivacyTest, MaskMasksBodyAndMakesAPublicMaskedCopyOfTheXlsx) {
  std::string xlsx = RecipientsXlsx(data_dir_ / "in");
  Record r = Reviewed(Input(PersonalBody()), xlsx);
  ASSERT_EQ(r.attachments.size(), 1u);
  const int64_t original = r.attachments[0].id;
  auto rep = service_->Privacy(reviewer_, r.id);
  ASSERT_TRUE(rep.ok());
  int in_file = 0;
  for (const PrivacyFinding& f : rep->findings)
    if (f.attachment_id == original) {
      ++in_file;
      EXPECT_EQ(f.source, "低保名单.xlsx");
      EXPECT_EQ(f.kind, "id_card");
    }
  EXPECT_EQ(in_file, 2);
  ExpectNoRawValue(*rep);

  auto masked = service_->MaskPrivacy(reviewer_, r.id);
  ASSERT_TRUE(masked.ok()) << masked.status();
  EXPECT_EQ(masked->status, Status::kReviewed);  // still approved
  EXPECT_THAT(masked->body_html, Not(HasSubstr(kId)));
  EXPECT_THAT(masked->body_html, Not(HasSubstr(kMobile)));
  EXPECT_THAT(masked->body_html,
              HasSubstr(privacy::Mask(privacy::Kind::kIdCard, kId)));
  EXPECT_THAT(masked->body_html,
              HasSubstr(privacy::Mask(privacy::Kind::kMobile, kMobile)));
  EXPECT_THAT(masked->body_html, HasSubstr("张三"));  // names stay
  ASSERT_EQ(masked->attachments.size(), 2u);
  const Attachment& orig = masked->attachments[0];
  const Attachment& copy = masked->attachments[1];
  EXPECT_EQ(orig.id, original);
  EXPECT_FALSE(orig.is_public);
  EXPECT_TRUE(copy.is_public);
  EXPECT_EQ(copy.original_of, original);
  EXPECT_EQ(copy.filename, "低保名单（脱敏）.xlsx");

  // Rescanned: nothing left; publishing needs no reason now.
  auto after = service_->Privacy(reviewer_, r.id);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->findings.empty()) << after->findings.size();
  ASSERT_TRUE(service_->Publish(reviewer_, r.id).ok());

  // The public gets the masked copy, never the 原件; the unit's staff may.
  auto pub_copy = service_->AttachmentFor(nullptr, r.id, copy.id);
  ASSERT_TRUE(pub_copy.ok()) << pub_copy.status();
  EXPECT_THAT(pub_copy->second, Not(HasSubstr(kId)));
  auto copy_scan =
      privacy::ScanDocument(pub_copy->second, copy.content_type, copy.filename);
  EXPECT_TRUE(copy_scan.scanned);
  EXPECT_TRUE(copy_scan.findings.empty());
  EXPECT_EQ(service_->AttachmentFor(nullptr, r.id, original).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(
      service_->AttachmentFor(&other_editor_, r.id, original).status().code(),
      absl::StatusCode::kNotFound);
  EXPECT_TRUE(service_->AttachmentFor(&editor_, r.id, original).ok());
  EXPECT_TRUE(service_->AttachmentFor(&admin_, r.id, original).ok());

  auto log = audit::List(*db_, {.entity = "record"});
  ASSERT_TRUE(log.ok());
  int masks = 0;
  for (const audit::LoggedEntry& e : *log) {
    if (e.action != "record.privacy_mask") continue;
    ++masks;
    EXPECT_THAT(e.after_json, HasSubstr("低保名单（脱敏）.xlsx"));
    EXPECT_THAT(e.after_json, Not(HasSubstr(kId)));
  }
  EXPECT_EQ(masks, 1);
}

TEST_P(PrivacyTest, MaskingAPublishedRecordMakesANewVersionAndMasksOldOnes) {
  Record r = Reviewed(Input(PersonalBody()));
  auto published = service_->Publish(
      reviewer_, r.id,
      {.privacy_reasons = {{"id_card", "误判"}, {"mobile", "误判"}}});
  ASSERT_TRUE(published.ok()) << published.status();
  const std::string first = published->first_published_on;
  clock_.Advance(absl::Hours(24 * 3));
  auto masked = service_->MaskPrivacy(editor_, r.id);
  ASSERT_TRUE(masked.ok()) << masked.status();
  EXPECT_EQ(masked->status, Status::kPublished);
  EXPECT_EQ(masked->version, 2);
  EXPECT_EQ(masked->first_published_on, first);
  EXPECT_EQ(masked->published_on, "2026-03-05");
  EXPECT_THAT(masked->body_html, Not(HasSubstr(kId)));
  auto versions = service_->Versions(r.id);
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[1].note, "个人信息脱敏处理");
  for (const Version& v : *versions) {
    EXPECT_THAT(v.body_html, Not(HasSubstr(kId)));
    EXPECT_THAT(v.body_html, Not(HasSubstr(kMobile)));
  }
  // Nothing left to mask.
  EXPECT_EQ(service_->MaskPrivacy(editor_, r.id).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_P(PrivacyTest, OnlyTheUnitsStaffAndTheOfficeSeeFindings) {
  Record r = Reviewed(Input(PersonalBody()));
  Actor public_user{.name = "visitor", .role = Role::kPublic};
  for (const Actor* who : {&other_editor_, &public_user}) {
    EXPECT_EQ(service_->Privacy(*who, r.id).status().code(),
              absl::StatusCode::kNotFound);
    EXPECT_EQ(service_->ScanPrivacy(*who, r.id).status().code(),
              absl::StatusCode::kNotFound);
    EXPECT_EQ(service_->MaskPrivacy(*who, r.id).status().code(),
              absl::StatusCode::kNotFound);
  }
  EXPECT_TRUE(service_->Privacy(editor_, r.id).ok());
  EXPECT_TRUE(service_->Privacy(admin_, r.id).ok());
  auto rescanned = service_->ScanPrivacy(admin_, r.id);
  ASSERT_TRUE(rescanned.ok());
  EXPECT_EQ(rescanned->findings.size(), 2u);
  // Only a reviewer publishes, so only a reviewer gives reasons.
  EXPECT_EQ(
      service_
          ->Publish(editor_, r.id,
                    {.privacy_reasons = {{"id_card", "x"}, {"mobile", "x"}}})
          .status()
          .code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(service_->OpenPrivacy(public_user, std::nullopt).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_P(PrivacyTest, ScanPublishedFindsPlantedFindingsAndCountsPerUnit) {
  // Five clean records published the usual way, then personal data planted
  // in two of them behind the workflow's back (as an old site would hold).
  std::vector<int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    Record r =
        Reviewed(Input(absl::StrCat("<p>第", i, "条，无个人信息。</p>")));
    ASSERT_TRUE(service_->Publish(reviewer_, r.id).ok());
    ids.push_back(r.id);
  }
  Actor other_reviewer{.user_id = 9,
                       .name = "other-reviewer",
                       .role = Role::kUnitReviewer,
                       .unit_id = other_unit_};
  RecordInput edu = Input("<p>教育局的公示。</p>");
  edu.unit = "县教育局";
  edu.domain = "义务教育";
  auto e = service_->Create(other_editor_, edu);
  ASSERT_TRUE(e.ok()) << e.status();
  ASSERT_TRUE(service_->Submit(other_editor_, e->id).ok());
  ASSERT_TRUE(service_->Review(other_reviewer, e->id, {"approved", ""}).ok());
  ASSERT_TRUE(service_->Publish(other_reviewer, e->id).ok());
  ASSERT_TRUE(
      db_->Transaction([&](db::Tx& tx) -> absl::Status {
           for (auto [id, body] : std::vector<std::pair<int64_t, std::string>>{
                    {ids[1], absl::StrCat("<p>身份证号", kId, "</p>")},
                    {e->id, absl::StrCat("<p>手机", kMobile, "，身份证", kId2,
                                         "</p>")}}) {
             auto n =
                 tx.Exec("UPDATE pub_records SET body_html = ? WHERE id = ?",
                         {body, id});
             if (!n.ok()) return n.status();
           }
           return absl::OkStatus();
         })
          .ok());
  EXPECT_TRUE(service_->OpenPrivacyCounts()->empty());

  std::vector<std::pair<int64_t, int64_t>> progress;
  auto sum = service_->ScanPublished(
      [&](int64_t done, int64_t total) { progress.emplace_back(done, total); });
  ASSERT_TRUE(sum.ok()) << sum.status();
  EXPECT_EQ(sum->records, 6);
  EXPECT_EQ(sum->records_with_findings, 2);
  EXPECT_EQ(sum->findings, 3);
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back(), std::make_pair(int64_t{6}, int64_t{6}));

  auto all = service_->OpenPrivacy(admin_, std::nullopt);
  ASSERT_TRUE(all.ok()) << all.status();
  std::vector<int64_t> listed;
  for (const PrivacyReport& rep : *all) {
    listed.push_back(rep.record_id);
    ExpectNoRawValue(rep);
  }
  EXPECT_THAT(listed, UnorderedElementsAre(ids[1], e->id));
  auto mine = service_->OpenPrivacy(editor_, std::nullopt);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].record_id, ids[1]);
  EXPECT_THAT((*mine)[0].open_kinds, ElementsAre("id_card"));
  EXPECT_EQ(service_->OpenPrivacy(editor_, other_unit_).status().code(),
            absl::StatusCode::kNotFound);
  auto only_edu = service_->OpenPrivacy(admin_, other_unit_);
  ASSERT_TRUE(only_edu.ok());
  ASSERT_EQ(only_edu->size(), 1u);
  EXPECT_THAT((*only_edu)[0].open_kinds, ElementsAre("id_card", "mobile"));

  auto counts = service_->OpenPrivacyCounts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(*counts,
            (std::map<int64_t, int64_t>{{unit_, 1}, {other_unit_, 1}}));

  // Masked: the unit's count drops.
  ASSERT_TRUE(service_->MaskPrivacy(reviewer_, ids[1]).ok());
  counts = service_->OpenPrivacyCounts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(*counts, (std::map<int64_t, int64_t>{{other_unit_, 1}}));
}

INSTANTIATE_TEST_SUITE_P(Engines, PrivacyTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::publishing
