// The records API, the public portal pages, feeds and sitemaps in-process:
// a record goes from draft to the public page through the API and through
// the staff forms; drafts and withheld records answer 404; feeds are valid
// RSS 2.0 and JSON Feed 1.1; a repealed record is marked on its page and in
// lists; the page cache never serves a stale list after a publication;
// another unit neither sees a unit's unpublished titles through relations
// nor marks its records.
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "app/testing.h"
#include "core/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "publishing/http_test_fixture.h"
#include "pugixml.hpp"

namespace zwgk::publishing {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using zwgk::testing::ErrorSummaryHrefs;
using json = nlohmann::json;

class PublishingHttpTest : public PublishingHttpFixture {
 protected:
  static json Draft(const std::string& title) {
    return {{"title", title},
            {"unit", "县民政局"},
            {"domain", "社会救助"},
            {"formed_on", "2026-02-10"},
            {"topic", "民政、扶贫、救灾"},
            {"genre", "通知"},
            {"doc_number", "嘉民发〔2026〕3号"},
            {"disclosure", "active"},
            {"body_html", "<p>现将低保标准调整事项通知如下。</p>"}};
  }

  // Through the API with an editor and a reviewer of 县民政局.
  json PublishViaApi(const std::string& title) {
    json created = Post("/api/v1/records", Draft(title), editor_, 201);
    std::string id = std::to_string(created.value("id", 0));
    Post("/api/v1/records/" + id + "/submit", json::object(), editor_);
    Post("/api/v1/records/" + id + "/review",
         {{"outcome", "approved"}, {"remarks", "无涉密内容"}}, reviewer_);
    return Post("/api/v1/records/" + id + "/publish", json::object(),
                reviewer_);
  }

  void SetUp() override {
    ASSERT_TRUE(t_.ok());
    editor_ = t_.BearerToken("ed", "unit_editor", "县民政局");
    reviewer_ = t_.BearerToken("rv", "unit_reviewer", "县民政局");
  }
  std::map<std::string, std::string> editor_, reviewer_;
};

TEST_P(PublishingHttpTest, ApiTakesARecordFromDraftToThePublicPage) {
  json created = Post("/api/v1/records", Draft("关于调整城乡低保标准的通知"),
                      editor_, 201);
  EXPECT_EQ(created["status"], "draft");
  // 20 working days from 02-10 across 春节 2026.
  EXPECT_EQ(created["publish_by"], "2026-03-16");
  EXPECT_EQ(created["domain"]["name"], "社会救助");
  int64_t id = created["id"];
  std::string path = "/records/" + std::to_string(id);
  EXPECT_EQ(t_.Get(path).status, 404);
  EXPECT_EQ(t_.Get("/api/v1/records/" + std::to_string(id)).status, 404);

  json published = PublishViaApi("关于开展低保年审的通知");
  EXPECT_EQ(published["status"], "published");
  EXPECT_THAT(published["index_number"].get<std::string>(),
              MatchesRegex("421221-[0-9]{3}/2026-00001"));
  EXPECT_THAT(published["url"].get<std::string>(),
              MatchesRegex("/records/[0-9]+"));
  web::Response page = t_.Get(published["url"].get<std::string>());
  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("关于开展低保年审的通知"));
  EXPECT_THAT(page.body,
              HasSubstr(published["index_number"].get<std::string>()));
  EXPECT_THAT(page.body, HasSubstr("嘉民发〔2026〕3号"));
  EXPECT_THAT(page.body,
              HasSubstr("<th scope=\"row\">成文日期</th><td>2026-02-10</td>"));
  // The public API shows it without workflow fields.
  json pub = json::parse(t_.Get("/api/v1/records/" +
                                std::to_string(published["id"].get<int64_t>()))
                             .body);
  EXPECT_FALSE(pub.contains("status"));
  json list =
      json::parse(t_.Get("/api/v1/records?unit=县民政局&year=2026").body);
  EXPECT_EQ(list["total"], 1);
  // The staff API reports the clock trace.
  web::Response staff = t_.Send([&] {
    auto req = web::MakeRequest(web::Method::kGet,
                                "/api/v1/records/" + std::to_string(id), "",
                                {{"authorization", editor_["Authorization"]}});
    return req;
  }());
  EXPECT_THAT(staff.body, HasSubstr("\"timeliness\""));
  EXPECT_THAT(staff.body, HasSubstr("春节"));
}

TEST_P(PublishingHttpTest, ApiErrorsAreSpecific) {
  json bad = Post("/api/v1/records",
                  {{"title", ""},
                   {"unit", "县民政局"},
                   {"formed_on", "2026/02/10"},
                   {"topic", "不存在"},
                   {"genre", "通知"},
                   {"body_html", "<p>x</p>"}},
                  editor_, 400);
  EXPECT_EQ(bad["error"]["code"], "invalid_argument");
  for (const char* f : {"title", "formed_on", "topic"})
    EXPECT_TRUE(bad["error"]["fields"].contains(f)) << f;
  // Another unit: not allowed; an illegal transition: 409 with a clear message.
  json other = Draft("x");
  other["unit"] = "县教育局";
  Post("/api/v1/records", other, editor_, 403);
  json created = Post("/api/v1/records", Draft("y"), editor_, 201);
  json early =
      Post("/api/v1/records/" + std::to_string(created["id"].get<int64_t>()) +
               "/publish",
           json::object(), reviewer_, 409);
  EXPECT_THAT(early["error"]["message"].get<std::string>(),
              HasSubstr("保密审查"));
  // No token: 401.
  EXPECT_EQ(t_.PostJson("/api/v1/records", Draft("z").dump()).status, 401);
  // Fields of the wrong type are named, not a generic failure.
  std::string id = std::to_string(created["id"].get<int64_t>());
  json typed = Post("/api/v1/records/" + id + "/review",
                    {{"outcome", 1}, {"remarks", {"a"}}}, reviewer_, 400);
  EXPECT_TRUE(typed["error"]["fields"].contains("outcome")) << typed;
  EXPECT_TRUE(typed["error"]["fields"].contains("remarks")) << typed;
  json related = Post("/api/v1/records/" + id + "/relations",
                      {{"kind", "interprets"}, {"to", "seven"}}, editor_, 400);
  EXPECT_THAT(related["error"]["message"].get<std::string>(),
              HasSubstr("关联信息"));
  Post("/api/v1/records/" + id + "/unpublish", json::array({1, 2}), reviewer_,
       400);
}

TEST_P(PublishingHttpTest, WithheldAndDraftRecordsAnswer404Everywhere) {
  json withheld = Draft("内部人事安排");
  withheld["disclosure"] = "withheld";
  withheld["withheld_ground"] = "internal_affairs";
  json w = Post("/api/v1/records", withheld, editor_, 201);
  std::string id = std::to_string(w["id"].get<int64_t>());
  for (const std::string& path : {"/records/" + id, "/api/v1/records/" + id,
                                  "/records/" + id + "/versions/1"})
    EXPECT_EQ(t_.Get(path).status, 404) << path;
  EXPECT_THAT(t_.Get("/records").body, Not(HasSubstr("内部人事安排")));
  EXPECT_THAT(t_.Get("/feeds/records.rss").body,
              Not(HasSubstr("内部人事安排")));
}

TEST_P(PublishingHttpTest, FeedsAreValidRss2AndJsonFeed) {
  PublishViaApi("关于发放2026年一季度低保金的公示 <&> \"特殊\"");
  web::Response rss = t_.Get("/feeds/records.rss");
  ASSERT_EQ(rss.status, 200);
  EXPECT_THAT(rss.content_type, HasSubstr("application/rss+xml"));
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(rss.body.c_str()));
  pugi::xml_node channel = doc.child("rss").child("channel");
  EXPECT_STREQ(doc.child("rss").attribute("version").value(), "2.0");
  for (const char* required : {"title", "link", "description"})
    EXPECT_FALSE(channel.child(required).empty()) << required;
  pugi::xml_node item = channel.child("item");
  ASSERT_FALSE(item.empty());
  EXPECT_STREQ(item.child_value("title"),
               "关于发放2026年一季度低保金的公示 <&> \"特殊\"");
  EXPECT_THAT(std::string(item.child_value("link")),
              MatchesRegex("http://.*/records/[0-9]+"));
  EXPECT_THAT(std::string(item.child_value("pubDate")),
              MatchesRegex("Mon, 02 Mar 2026 [0-9:]{8} \\+0800"));

  web::Response jf = t_.Get("/feeds/records.json");
  ASSERT_EQ(jf.status, 200);
  json feed = json::parse(jf.body);
  EXPECT_EQ(feed["version"], "https://jsonfeed.org/version/1.1");
  ASSERT_EQ(feed["items"].size(), 1u);
  for (const char* k : {"id", "url", "title", "content_html", "date_published"})
    EXPECT_TRUE(feed["items"][0].contains(k)) << k;

  // Per domain and unit.
  EXPECT_EQ(t_.Get("/feeds/units/1.rss").status, 200);
  EXPECT_EQ(t_.Get("/feeds/units/999.rss").status, 404);
  EXPECT_EQ(t_.Get("/feeds/units/1.atom").status, 404);
  web::Response sitemap = t_.Get("/sitemap.xml");
  ASSERT_EQ(sitemap.status, 200);
  pugi::xml_document sm;
  ASSERT_TRUE(sm.load_string(sitemap.body.c_str()));
  std::string part = sm.child("sitemapindex").last_child().child_value("loc");
  web::Response records = t_.Get(part.substr(part.find("/sitemaps/")));
  EXPECT_EQ(records.status, 200);
  EXPECT_THAT(records.body, HasSubstr("/records/"));
}

TEST_P(PublishingHttpTest,
       RepealedRecordIsMarkedOnItsPageInListsAndOnRelatedRecords) {
  json policy = PublishViaApi("嘉鱼县最低生活保障管理办法");
  json reading = PublishViaApi("《嘉鱼县最低生活保障管理办法》政策解读");
  int64_t pid = policy["id"], rid = reading["id"];
  Post("/api/v1/records/" + std::to_string(rid) + "/relations",
       {{"kind", "interprets"}, {"to", pid}}, editor_);
  Post("/api/v1/records/" + std::to_string(pid) + "/validity",
       {{"validity", "repealed"}, {"on", "2026-03-02"}}, editor_);
  web::Response page = t_.Get("/records/" + std::to_string(pid));
  EXPECT_THAT(page.body, HasSubstr("本文件已废止（2026-03-02）"));
  EXPECT_THAT(t_.Get("/records").body,
              HasSubstr("<span class=\"validity repealed\">已废止</span>"));
  web::Response related = t_.Get("/records/" + std::to_string(rid));
  EXPECT_THAT(related.body, HasSubstr("本文解读的文件"));
  EXPECT_THAT(related.body, HasSubstr("相关文件中有已废止或已失效的文件"));
  json filtered = json::parse(t_.Get("/api/v1/records?validity=已废止").body);
  EXPECT_EQ(filtered["total"], 1);
}

// Issue 12, finding 2, as probed: an editor of 县教育局 relates its own
// record to 县民政局's draft and 不予公开 record by id.
TEST_P(PublishingHttpTest, RelationsDoNotLeakOtherUnitsUnpublishedTitles) {
  json d =
      Post("/api/v1/records", Draft("民政局尚未公开的草稿标题"), editor_, 201);
  json withheld = Draft("民政局不予公开的人事安排");
  withheld["disclosure"] = "withheld";
  withheld["withheld_ground"] = "internal_affairs";
  json w = Post("/api/v1/records", withheld, editor_, 201);
  auto edu = t_.BearerToken("edu", "unit_editor", "县教育局");
  json mine = Draft("教育局关于学生资助政策的解读");
  mine["unit"] = "县教育局";
  std::string own =
      std::to_string(Post("/api/v1/records", mine, edu, 201).value("id", 0));

  json unknown = Post("/api/v1/records/" + own + "/relations",
                      {{"kind", "interprets"}, {"to", 987654}}, edu, 404);
  for (const json& target : {d, w}) {
    int64_t id = target.value("id", 0);
    json probe = Post("/api/v1/records/" + own + "/relations",
                      {{"kind", "interprets"}, {"to", id}}, edu, 404);
    std::string want = unknown["error"]["message"].get<std::string>();
    std::string id_text = std::to_string(id);
    for (size_t at; (at = want.find("987654")) != std::string::npos;)
      want.replace(at, 6, id_text);
    EXPECT_EQ(probe["error"]["message"], want);
  }
  ASSERT_TRUE(t_.SignIn("edu2", "unit_editor", "县教育局"));
  for (const std::string& path :
       std::vector<std::string>{"/admin/records/" + own, "/records/" + own,
                                "/admin/records", "/records"}) {
    web::Response page = t_.Get(path);
    EXPECT_THAT(page.body, Not(HasSubstr("民政局尚未公开的草稿标题"))) << path;
    EXPECT_THAT(page.body, Not(HasSubstr("民政局不予公开的人事安排"))) << path;
  }
}

// Issue 12, finding 3, as probed: 县教育局 marks 县民政局's record as
// replaced and relates to it as 修改.
TEST_P(PublishingHttpTest, OtherUnitsCannotMarkARecordOnItsPublicPage) {
  json policy = PublishViaApi("嘉鱼县最低生活保障管理办法");
  std::string pid = std::to_string(policy.value("id", 0));
  auto edu = t_.BearerToken("edu", "unit_editor", "县教育局");
  auto edu_reviewer = t_.BearerToken("edu_rv", "unit_reviewer", "县教育局");
  json mine = Draft("教育局关于学生资助的通知");
  mine["unit"] = "县教育局";
  std::string own =
      std::to_string(Post("/api/v1/records", mine, edu, 201).value("id", 0));
  Post("/api/v1/records/" + own + "/submit", json::object(), edu);
  Post("/api/v1/records/" + own + "/review", {{"outcome", "approved"}},
       edu_reviewer);
  Post("/api/v1/records/" + own + "/publish", json::object(), edu_reviewer);

  Post("/api/v1/records/" + pid + "/validity",
       {{"validity", "repealed"}, {"replaced_by", std::stoll(own)}}, edu, 404);
  Post("/api/v1/records/" + own + "/validity",
       {{"validity", "repealed"}, {"replaced_by", policy.value("id", 0)}}, edu,
       403);
  for (const char* kind : {"amends", "replaces"})
    Post("/api/v1/records/" + own + "/relations",
         {{"kind", kind}, {"to", policy.value("id", 0)}}, edu, 403);

  web::Response page = t_.Get("/records/" + pid);
  ASSERT_EQ(page.status, 200);
  for (const char* foreign :
       {"已废止", "被修改", "本文替代的文件", "替代本文的文件", "相关文件",
        "教育局关于学生资助的通知"})
    EXPECT_THAT(page.body, Not(HasSubstr(foreign))) << foreign;
  EXPECT_EQ(json::parse(t_.Get("/api/v1/records/" + pid).body)["validity"],
            "valid");
}

TEST_P(PublishingHttpTest, StaffFormsDraftReviewAndPublish) {
  ASSERT_TRUE(t_.SignIn("editor", "unit_editor", "县民政局"));
  web::Response bad = t_.PostForm("/admin/records", {{"title", ""}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.body, HasSubstr("请填写标题"));
  web::Response created = t_.PostForm(
      "/admin/records", {{"title", "关于做好2026年防汛工作的通知"},
                         {"unit", "4"},
                         {"domain", ""},
                         {"formed_on", "2026-02-27"},
                         {"topic", "综合政务/应急管理"},
                         {"genre", "通知"},
                         {"disclosure", "active"},
                         {"body_html", "<p>各镇：请做好防汛准备。</p>"}});
  ASSERT_EQ(created.status, 303) << created.body;
  std::string loc = created.HeaderValue("Location");
  std::string admin_path = loc.substr(0, loc.find('?'));
  EXPECT_EQ(t_.PostForm(admin_path + "/submit", {}).status, 303);
  t_.cookies().clear();
  ASSERT_TRUE(t_.SignIn("reviewer", "unit_reviewer", "县民政局"));
  EXPECT_THAT(t_.Get(admin_path).body, HasSubstr("保密审查"));
  EXPECT_EQ(
      t_.PostForm(admin_path + "/review", {{"outcome", "approved"}}).status,
      303);
  // Publishing asks for confirmation first: the button leads to the page
  // listing where the record will appear.
  web::Response unconfirmed = t_.PostForm(admin_path + "/publish", {});
  EXPECT_EQ(unconfirmed.status, 303);
  EXPECT_EQ(unconfirmed.HeaderValue("Location"), admin_path + "/publish");
  EXPECT_THAT(t_.Get(admin_path).body, HasSubstr("审查通过"));
  EXPECT_EQ(t_.PostForm(admin_path + "/publish", {{"confirm", "1"}}).status,
            303);
  std::string public_path =
      "/records/" + admin_path.substr(admin_path.rfind('/') + 1);
  t_.cookies().clear();
  web::Response page = t_.Get(public_path);
  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("关于做好2026年防汛工作的通知"));
}

// Issue 14: the preview renders the public page template for the unit's
// staff and the county office (with the pending change of a published
// record); another unit and the public get 404. The editor of a submitted
// draft gets no review form; the reviewer's comment shows afterwards;
// publishing shows where the record will appear before 确认发布.
TEST_P(PublishingHttpTest, PreviewReviewAndConfirmedPublication) {
  json created = Post("/api/v1/records",
                      Draft("关于发放2026年春节慰问金的通知"), editor_, 201);
  std::string id = std::to_string(created.value("id", 0));
  std::string admin_path = "/admin/records/" + id;
  Post("/api/v1/records/" + id + "/submit", json::object(), editor_);

  ASSERT_TRUE(t_.SignIn("ed2", "unit_editor", "县民政局"));
  web::Response waiting = t_.Get(admin_path);
  ASSERT_EQ(waiting.status, 200);
  EXPECT_THAT(waiting.body, HasSubstr("等待他人审核"));
  EXPECT_THAT(waiting.body, Not(HasSubstr("review-form")));
  web::Response preview = t_.Get(admin_path + "/preview");
  ASSERT_EQ(preview.status, 200);
  EXPECT_THAT(preview.body, HasSubstr("预览，尚未公开"));
  EXPECT_THAT(preview.body, HasSubstr("class=\"record-meta\""));
  EXPECT_THAT(preview.body, HasSubstr("现将低保标准调整事项通知如下。"));
  t_.cookies().clear();
  EXPECT_EQ(t_.Get(admin_path + "/preview").status, 303);  // sign in first
  ASSERT_TRUE(t_.SignIn("edu_ed", "unit_editor", "县教育局"));
  EXPECT_EQ(t_.Get(admin_path + "/preview").status, 404);
  EXPECT_EQ(t_.Get(admin_path + "/publish").status, 404);
  EXPECT_EQ(t_.PostForm(admin_path + "/publish", {{"confirm", "1"}}).status,
            404);
  t_.cookies().clear();

  ASSERT_TRUE(t_.SignIn("rv2", "unit_reviewer", "县民政局"));
  web::Response review = t_.Get(admin_path);
  EXPECT_THAT(review.body, HasSubstr("review-form"));
  EXPECT_THAT(review.body, Not(HasSubstr("等待他人审核")));
  ASSERT_EQ(
      t_.PostForm(admin_path + "/review", {{"outcome", "approved"},
                                           {"remarks", "经审查不涉及国家秘密"}})
          .status,
      303);
  web::Response after = t_.Get(admin_path);
  EXPECT_THAT(after.body, HasSubstr("保密审查记录"));
  EXPECT_THAT(after.body, HasSubstr("经审查不涉及国家秘密"));
  EXPECT_THAT(after.body, HasSubstr("rv2"));
  EXPECT_THAT(after.body, HasSubstr("<time>2026-03-02 09:00</time>"));

  web::Response confirm = t_.Get(admin_path + "/publish");
  ASSERT_EQ(confirm.status, 200);
  for (const char* place :
       {"确认发布", "按发布机构 › 县民政局", "社会救助专栏",
        "/feeds/records.rss", "/sitemap.xml", "name=\"confirm\" value=\"1\""})
    EXPECT_THAT(confirm.body, HasSubstr(place)) << place;
  ASSERT_EQ(t_.PostForm(admin_path + "/publish", {{"confirm", "1"}}).status,
            303);
  EXPECT_EQ(t_.Get("/records/" + id).status, 200);

  // A change of the published record: the preview shows the change, the
  // public page the published version.
  json change = Draft("关于发放2026年春节慰问金的通知（更正）");
  change["body_html"] = "<p>更正后的慰问标准。</p>";
  Post("/api/v1/records/" + id, change, editor_);
  web::Response changed = t_.Get(admin_path + "/preview");
  EXPECT_THAT(changed.body, HasSubstr("更正后的慰问标准。"));
  EXPECT_THAT(changed.body, HasSubstr("预览，尚未公开"));
  t_.cookies().clear();
  web::Response pub = t_.Get("/records/" + id);
  EXPECT_THAT(pub.body, Not(HasSubstr("更正后的慰问标准。")));
  EXPECT_EQ(t_.Get(admin_path + "/preview").status, 303);
}

// The staff list finds a record by 文号, keeps the filters in the pager,
// bounds the search text, and never says "逾期0".
TEST_P(PublishingHttpTest, AdminListSearchesByDocNumber) {
  for (int i = 0; i < 22; ++i) {
    json d = Draft("批量通知" + std::to_string(i));
    d["doc_number"] = "嘉民发〔2026〕" + std::to_string(100 + i) + "号";
    Post("/api/v1/records", d, editor_, 201);
  }
  PublishViaApi("关于城乡低保的通知");
  ASSERT_TRUE(t_.SignIn("ed3", "unit_editor", "县民政局"));
  web::Response found =
      t_.Get("/admin/records?q=" + web::UrlEncode("嘉民发〔2026〕107号"));
  ASSERT_EQ(found.status, 200);
  EXPECT_THAT(found.body, HasSubstr("批量通知7"));
  EXPECT_THAT(found.body, Not(HasSubstr("批量通知8")));
  EXPECT_THAT(found.body, HasSubstr("共 1 条"));
  web::Response all = t_.Get("/admin/records?q=" + web::UrlEncode("批量") +
                             "&sort=due&due=soon");
  ASSERT_EQ(all.status, 200);
  EXPECT_THAT(all.body, Not(HasSubstr("逾期0")));
  web::Response pager = t_.Get("/admin/records?q=" + web::UrlEncode("批量"));
  EXPECT_THAT(pager.body, HasSubstr("共 22 条"));
  EXPECT_THAT(pager.body,
              HasSubstr("?q=" + web::UrlEncode("批量") + "&amp;page=2"));
  web::Response published =
      t_.Get("/admin/records?q=" + web::UrlEncode("城乡低保"));
  EXPECT_THAT(published.body, HasSubstr("按期发布"));
  EXPECT_THAT(published.body, Not(HasSubstr("逾期0")));
  EXPECT_EQ(t_.Get("/admin/records?q=" + std::string(61, 'x')).status, 400);
  EXPECT_EQ(t_.Get("/admin/records?due=late-ish").status, 400);
}

// One form may carry several files. Each good file is kept (it shows in the
// list beside the error, so the clerk re-sends only the bad one) and the
// first bad file is named, whichever position it had.
TEST_P(PublishingHttpTest, AttachReportsTheFirstBadFileAndKeepsTheGoodOnes) {
  struct File {
    std::string name, bytes;
  };
  const File good{"通知.pdf", "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"};
  const File other{"附表.pdf", "%PDF-1.7\n%%EOF\n"};
  const File bad{"病毒.exe", "MZ: not a document"};
  const File empty{"空白.pdf", ""};
  struct Case {
    std::string name;
    std::vector<File> files;
    int want_status;
    std::string want_error;  // in the page when the upload failed
    std::vector<std::string> want_attached;
  };
  const std::vector<Case> cases = {
      {"bad then good", {bad, good}, 400, "病毒.exe", {"通知.pdf"}},
      {"good then bad", {good, bad}, 400, "病毒.exe", {"通知.pdf"}},
      {"two bad", {empty, bad}, 400, "空白.pdf", {}},
      {"two good", {good, other}, 303, "", {"通知.pdf", "附表.pdf"}},
      {"no file", {}, 400, "请选择文件", {}},
  };
  ASSERT_TRUE(t_.SignIn("editor", "unit_editor", "县民政局"));
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    json created =
        Post("/api/v1/records", Draft("附件测试 " + c.name), editor_, 201);
    std::string id = std::to_string(created.value("id", 0));
    web::Response page = t_.Get("/admin/records/" + id);
    ASSERT_EQ(page.status, 200);
    std::string marker = "name=\"_csrf\" value=\"";
    size_t at = page.body.find(marker);
    ASSERT_NE(at, std::string::npos);
    at += marker.size();
    std::string csrf = page.body.substr(at, page.body.find('"', at) - at);
    std::string body =
        "--b0und\r\nContent-Disposition: form-data; "
        "name=\"_csrf\"\r\n\r\n" +
        csrf + "\r\n";
    for (const File& f : c.files)
      body +=
          "--b0und\r\nContent-Disposition: form-data; name=\"file\"; "
          "filename=\"" +
          f.name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" +
          f.bytes + "\r\n";
    body += "--b0und--\r\n";
    web::Response r = t_.Send(web::MakeRequest(
        web::Method::kPost, "/admin/records/" + id + "/attach", body,
        {{"Content-Type", "multipart/form-data; boundary=b0und"}}));
    EXPECT_EQ(r.status, c.want_status) << r.body.substr(0, 2000);
    if (!c.want_error.empty()) {
      EXPECT_THAT(r.body, HasSubstr(c.want_error));
    }
    // The signed-in editor sees the draft's attachments.
    json got =
        json::parse(t_.Get("/api/v1/records/" + id).body, nullptr, false);
    std::vector<std::string> attached;
    for (const auto& a : got["attachments"])
      attached.push_back(a.value("filename", ""));
    EXPECT_EQ(attached, c.want_attached);
  }
}

TEST_P(PublishingHttpTest, PublicationInvalidatesCachedLists) {
  web::Response before = t_.Get("/records");
  EXPECT_THAT(before.body, Not(HasSubstr("关于缓存的测试通知")));
  t_.Get("/records");  // served from the cache now
  PublishViaApi("关于缓存的测试通知");
  EXPECT_THAT(t_.Get("/records").body, HasSubstr("关于缓存的测试通知"));
  EXPECT_THAT(t_.Get("/xxgk").body, HasSubstr("关于缓存的测试通知"));
  auto domains = json::parse(t_.Get("/api/v1/domains").body);
  std::string social;
  for (const auto& d : domains["domains"])
    if (d["name"] == "社会救助")
      social = std::to_string(d["id"].get<int64_t>());
  ASSERT_FALSE(social.empty());
  EXPECT_THAT(t_.Get("/domains/" + social).body,
              HasSubstr("关于缓存的测试通知"));
}

TEST_P(PublishingHttpTest, PortalPagesAreEditableByTheCountyOfficeOnly) {
  web::Response guide = t_.Get("/xxgk/guide");
  EXPECT_EQ(guide.status, 200);
  EXPECT_THAT(guide.body, HasSubstr("政府信息公开指南"));
  EXPECT_THAT(guide.body, HasSubstr("办公时间"));
  ASSERT_TRUE(t_.SignIn("editor", "unit_editor", "县民政局"));
  EXPECT_EQ(t_.PostForm("/admin/pages/guide",
                        {{"title", "x"}, {"body_html", "<p>x</p>"}})
                .status,
            403);
  t_.cookies().clear();
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  EXPECT_EQ(t_.PostForm("/admin/pages/guide",
                        {{"title", "政府信息公开指南（2026年版）"},
                         {"body_html",
                          "<p>联系电话：0715-6321234</p><script>x</script>"}})
                .status,
            303);
  t_.cookies().clear();
  guide = t_.Get("/xxgk/guide");
  EXPECT_THAT(guide.body, HasSubstr("0715-6321234"));
  EXPECT_THAT(guide.body, Not(HasSubstr("<script>x")));
}

TEST_P(PublishingHttpTest, RefusedPageAndSettingsFormsSummariseTheirFields) {
  ASSERT_TRUE(t_.SignIn("admin", "admin"));
  // The page editor: title then body, what was typed kept.
  web::Response page = t_.PostForm("/admin/pages/guide",
                                   {{"title", " "}, {"body_html", "<p> </p>"}});
  ASSERT_EQ(page.status, 400);
  EXPECT_EQ(ErrorSummaryHrefs(page.body),
            (std::vector<std::string>{"p-title", "p-body"}));
  EXPECT_THAT(page.body, HasSubstr("id=\"p-body\""));
  // A unit's 索引号 pattern: the link names that unit's row.
  auto units = nlohmann::json::parse(t_.Get("/api/v1/units").body)["units"];
  ASSERT_FALSE(units.empty());
  const std::string unit = absl::StrCat(units[1]["id"].get<int64_t>());
  web::Response pattern = t_.PostForm(
      "/admin/publishing/pattern", {{"unit", unit}, {"pattern", "{nonsense}"}});
  ASSERT_EQ(pattern.status, 400);
  EXPECT_EQ(ErrorSummaryHrefs(pattern.body),
            std::vector<std::string>{"pat-" + unit});
  EXPECT_THAT(pattern.body,
              HasSubstr("id=\"pat-" + unit +
                        "\" name=\"pattern\" value=\"{nonsense}\""));
  web::Response genre = t_.PostForm("/admin/publishing/genres",
                                    {{"name", "一个过长的体裁名称超过十个字"}});
  ASSERT_EQ(genre.status, 400);
  EXPECT_EQ(ErrorSummaryHrefs(genre.body), std::vector<std::string>{"g-name"});
  EXPECT_EQ(ErrorSummaryHrefs(t_.Get("/admin/publishing").body), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(Engines, PublishingHttpTest,
                         ::testing::ValuesIn(zwgk::testing::DatabaseKinds()));

}  // namespace
}  // namespace zwgk::publishing
