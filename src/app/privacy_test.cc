// Issue 16, "Nothing private (contact, hidden comments, unpublished
// messages) is reachable by URL, feed, sitemap or search": with a
// consultation holding a pending, a hidden and a published comment, and
// messages unanswered, answered without consent and published with consent
// (each carrying unique markers in name, phone, email and text), every
// public page reachable from / and from the sitemaps, the feeds, the search
// for each marker and the public APIs show no private marker, while the
// published comment and the published Q&A do appear.
#include <deque>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "app/testing.h"
#include "core/testing.h"
#include "decisions/module.h"
#include "decisions/service.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "messages/module.h"
#include "messages/service.h"
#include "org/module.h"

namespace zwgk {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Local links in a page, feed or sitemap: href="…" in HTML and <loc>/<link>
// in XML, with the site's own scheme and host dropped.
std::vector<std::string> Links(const std::string& body) {
  static const std::regex kLink(
      R"re(href="([^"#]*)|<loc>([^<]*)</loc>|<link>([^<]*)</link>)re");
  static const std::regex kSite(R"(^https?://[^/]+)");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(body.begin(), body.end(), kLink);
       it != std::sregex_iterator(); ++it) {
    std::string url = (*it)[1].matched   ? (*it)[1].str()
                      : (*it)[2].matched ? (*it)[2].str()
                                         : (*it)[3].str();
    url = std::regex_replace(url, kSite, "");
    out.push_back(absl::StrReplaceAll(url, {{"&amp;", "&"}}));
  }
  return out;
}

// Worth fetching as the public: local, not static assets or sign-out, not
// the staff area (which sends the public to sign in).
bool Fetchable(const std::string& url) {
  if (!absl::StartsWith(url, "/") || absl::StartsWith(url, "//")) return false;
  for (const char* skip : {"/static/", "/logout", "/admin", "/login"})
    if (absl::StartsWith(url, skip)) return false;
  return true;
}

std::string UrlEncode(absl::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_') {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppend(&out, absl::StrFormat("%%%02X", c));
    }
  }
  return out;
}

TEST(PrivacyLinksTest, FindsLinksInHtmlAndXml) {
  EXPECT_EQ(UrlEncode("a@b.cn 低"), "a%40b.cn%20%E4%BD%8E");
  EXPECT_THAT(Links(R"(<a href="/messages?page=2&amp;type=1#top">下一页</a>)"),
              ::testing::ElementsAre("/messages?page=2&type=1"));
  EXPECT_THAT(Links("<url><loc>http://localhost:8080/decisions</loc></url>"
                    "<item><link>https://example.org/records/3</link></item>"),
              ::testing::ElementsAre("/decisions", "/records/3"));
  EXPECT_FALSE(Fetchable("/admin/messages/1"));
  EXPECT_FALSE(Fetchable("https://example.org/"));
  EXPECT_TRUE(Fetchable("/sitemaps/site.xml"));
}

class PrivacyTest : public ::testing::TestWithParam<std::string> {
 protected:
  PrivacyTest() : t_(GetParam()) {}

  // What must never be shown, and what must be.
  std::vector<std::string> secret_, shown_;
  std::vector<std::string> direct_;  // URLs fetched besides the crawl
  testing::TestApp t_;
};

TEST_P(PrivacyTest, NothingPrivateIsReachable) {
  ASSERT_TRUE(t_.ok());
  auto* org = static_cast<org::OrgModule*>(t_.app().module("org"));
  auto* decisions =
      static_cast<decisions::DecisionsModule*>(t_.app().module("decisions"));
  auto* messages =
      static_cast<messages::MessagesModule*>(t_.app().module("messages"));
  ASSERT_TRUE(org && decisions && messages);
  const int64_t unit = org->service().ResolveUnit("县民政局")->id;
  const Actor editor{.user_id = 2,
                     .name = "民政编辑",
                     .role = Role::kUnitEditor,
                     .unit_id = unit};
  const Actor reviewer{.user_id = 3,
                       .name = "民政审核",
                       .role = Role::kUnitReviewer,
                       .unit_id = unit};

  // --- A consultation with a pending, a hidden and a published comment.
  decisions::Service& dec = decisions->service();
  auto c = dec.CreateConsultation(
      editor, {.title = "嘉鱼县城区停车管理办法（征求意见稿）",
               .unit = "县民政局",
               .opens_on = "2026-03-02",
               .closes_on = "2026-04-01",
               .body = "第一条 为规范城区停车秩序，制定本办法。"});
  if (absl::IsUnimplemented(c.status()))
    GTEST_SKIP() << "consultations backend not built yet";
  ASSERT_TRUE(c.ok()) << c.status();
  struct CommentMarks {
    std::string name, phone, email, text;
  };
  auto comment = [&](const CommentMarks& m, const std::string& ip) -> int64_t {
    auto r = dec.SubmitComment(c->id, {.name = m.name,
                                       .phone = m.phone,
                                       .email = m.email,
                                       .text = m.text,
                                       .source_ip = ip});
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->id : 0;
  };
  const CommentMarks pending{"欧阳待审", "13987650001",
                             "pvt-pending@example.com",
                             "建议延长免费停车时长 PVTPENDINGTEXT"};
  const CommentMarks hidden{"诸葛隐藏", "13987650002", "pvt-hidden@example.com",
                            "这条意见含有不当内容 PVTHIDDENTEXT"};
  const CommentMarks published{"司马公开", "13987650003",
                               "pvt-shown@example.com",
                               "建议在学校周边增设临时停车位 PUBCOMMENTTEXT"};
  ASSERT_GT(comment(pending, "10.0.0.1"), 0);
  const int64_t hidden_id = comment(hidden, "10.0.0.2");
  const int64_t shown_id = comment(published, "10.0.0.3");
  ASSERT_TRUE(dec.Moderate(editor, c->id, hidden_id,
                           {.outcome = decisions::CommentState::kHidden,
                            .reason = "含有不文明用语"})
                  .ok());
  ASSERT_TRUE(dec.Moderate(editor, c->id, shown_id,
                           {.outcome = decisions::CommentState::kPublished})
                  .ok());
  for (const CommentMarks* m : {&pending, &hidden})
    secret_.insert(secret_.end(), {m->name, m->phone, m->email, m->text});
  secret_.insert(secret_.end(), {published.phone, published.email});
  shown_.push_back("PUBCOMMENTTEXT");
  direct_.insert(direct_.end(),
                 {absl::StrCat("/consultations/", c->id),
                  absl::StrCat("/api/v1/consultations/", c->id),
                  "/api/v1/consultations", "/consultations", "/decisions"});

  // --- Messages: one unanswered, one answered without consent, one
  // published with consent (its sender's phone in the text, to be removed).
  messages::Service& msg = messages->service();
  struct MessageMarks {
    std::string name, phone, email, title, text;
    bool consent = false;
  };
  const MessageMarks unanswered{"上官未复", "13912340001", "pvt-m1@example.com",
                                "路灯不亮 PVTM1TITLE",
                                "沙阳大道路灯已坏一周 PVTM1TEXT"};
  const MessageMarks no_consent{"慕容无权", "13912340002", "pvt-m2@example.com",
                                "噪音扰民 PVTM2TITLE",
                                "夜间施工噪音扰民 PVTM2TEXT"};
  const MessageMarks consent{"东方公开",
                             "13912340003",
                             "pvt-m3@example.com",
                             "低保申请材料 PUBM3TITLE",
                             "请问申请城乡低保需要哪些材料 PUBM3TEXT，"
                             "我的电话13912340003",
                             true};
  std::vector<int64_t> ids;
  auto send = [&](const MessageMarks& m, const std::string& ip) {
    auto r = msg.Submit({.type = "咨询",
                         .unit = "县民政局",
                         .title = m.title,
                         .text = m.text,
                         .name = m.name,
                         .phone = m.phone,
                         .email = m.email,
                         .publish_consent = m.consent,
                         .source_ip = ip});
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return messages::Submitted{};
    secret_.push_back(r->query_code);
    ids.push_back(r->id);
    return *r;
  };
  const messages::Submitted m1 = send(unanswered, "10.0.1.1");
  const messages::Submitted m2 = send(no_consent, "10.0.1.2");
  const messages::Submitted m3 = send(consent, "10.0.1.3");
  ASSERT_GT(m3.id, 0);
  t_.clock().Advance(absl::Hours(2));
  auto answer = [&](int64_t id, const std::string& text, bool publish) {
    auto r = msg.Reply(editor, id, {.text = text, .publish = publish});
    ASSERT_TRUE(r.ok()) << r.status();
    auto v = msg.Review(reviewer, id, {.approve = true});
    ASSERT_TRUE(v.ok()) << v.status();
  };
  answer(m2.id, "已转交城管部门处理 PVTM2REPLY", false);
  answer(m3.id, "需提供户口簿、身份证和收入证明 PUBM3REPLY", true);
  for (const MessageMarks* m : {&unanswered, &no_consent})
    secret_.insert(secret_.end(),
                   {m->name, m->phone, m->email, m->title, m->text});
  secret_.insert(secret_.end(),
                 {"PVTM1TITLE", "PVTM1TEXT", "PVTM2TITLE", "PVTM2TEXT",
                  "PVTM2REPLY", m1.tracking_number, m2.tracking_number,
                  consent.name, consent.phone, consent.email});
  shown_.insert(shown_.end(), {"PUBM3TITLE", "PUBM3TEXT", "PUBM3REPLY"});
  for (int64_t id : ids) direct_.push_back(absl::StrCat("/messages/", id));
  direct_.insert(direct_.end(), {"/messages", "/messages/stats",
                                 "/api/v1/messages/public", "/sitemap.xml"});
  // The site search for every one-word marker (messages and comments are
  // never indexed; records are, so none of these may find anything).
  std::map<std::string, std::string> searched;  // URL → the word
  for (const std::vector<std::string>* list : {&secret_, &shown_}) {
    for (const std::string& s : *list) {
      if (s.empty() || absl::StrContains(s, " ")) continue;
      const std::string url = absl::StrCat("/search?q=", UrlEncode(s));
      searched[url] = s;
      direct_.push_back(url);
    }
  }

  // --- Fetch as the public: the direct URLs, then everything they and
  // the home page link to (pages, feeds, sitemaps, documents).
  constexpr int kMaxFetches = 600;
  constexpr int kMaxPerPath = 3;  // query variants of one path
  std::deque<std::string> queue(direct_.begin(), direct_.end());
  queue.push_front("/");
  std::set<std::string> seen(queue.begin(), queue.end());
  std::map<std::string, int> per_path;
  std::map<std::string, std::string> bodies;  // of the 200 answers
  std::vector<std::string> leaks;
  int fetched = 0;
  while (!queue.empty() && fetched < kMaxFetches) {
    const std::string url = queue.front();
    queue.pop_front();
    web::Response r = t_.Get(url);
    ++fetched;
    // A search page repeats its own words in the box; it must find nothing.
    auto search = searched.find(url);
    if (search != searched.end() &&
        absl::StrContains(r.body, "class=\"search-hit\""))
      leaks.push_back(absl::StrCat(url, " finds ", search->second));
    for (const std::string& s : secret_) {
      if (search != searched.end() && s == search->second) continue;
      if (!s.empty() && absl::StrContains(r.body, s))
        leaks.push_back(absl::StrCat(url, " (", r.status, ") shows ", s));
    }
    if (r.status != 200) continue;
    bodies[url] = r.body;
    for (const std::string& link : Links(r.body)) {
      if (!Fetchable(link) || seen.contains(link)) continue;
      const std::string path = link.substr(0, link.find('?'));
      if (++per_path[path] > kMaxPerPath) continue;
      seen.insert(link);
      queue.push_back(link);
    }
  }
  EXPECT_THAT(leaks, ::testing::IsEmpty());
  EXPECT_GT(fetched, 30) << "the crawl reached too few pages";
  std::cout << "fetched " << fetched << " URLs as the public\n";

  // Not found for the public: unpublished messages.
  EXPECT_EQ(t_.Get(absl::StrCat("/messages/", m1.id)).status, 404);
  EXPECT_EQ(t_.Get(absl::StrCat("/messages/", m2.id)).status, 404);
  // What is public is there: the published comment on the consultation's
  // page and in its API, the Q&A in the list, on its page and in the API.
  EXPECT_THAT(bodies[absl::StrCat("/consultations/", c->id)],
              HasSubstr("PUBCOMMENTTEXT"));
  EXPECT_THAT(bodies[absl::StrCat("/api/v1/consultations/", c->id)],
              HasSubstr("PUBCOMMENTTEXT"));
  for (const std::string& url : {absl::StrCat("/messages/", m3.id),
                                 std::string("/api/v1/messages/public")}) {
    for (const char* s : {"PUBM3TITLE", "PUBM3TEXT", "PUBM3REPLY"})
      EXPECT_THAT(bodies[url], HasSubstr(s)) << url;
  }
  EXPECT_THAT(bodies["/messages"], HasSubstr("PUBM3TITLE"));
  // The sender's phone number typed into the text is removed.
  EXPECT_THAT(bodies[absl::StrCat("/messages/", m3.id)],
              Not(HasSubstr(consent.phone)));
  // The site sitemap lists the participation list pages, and they answer.
  bool site_map = false;
  for (const auto& [url, body] : bodies) {
    if (!absl::StrContains(url, "/sitemaps/site.xml")) continue;
    site_map = true;
    for (const char* page :
         {"/decisions<", "/consultations<", "/messages<", "/messages/stats<"})
      EXPECT_THAT(body, HasSubstr(page));
  }
  EXPECT_TRUE(site_map) << "/sitemap.xml did not lead to the site sitemap";
  for (const char* page :
       {"/decisions", "/consultations", "/messages", "/messages/stats"})
    EXPECT_EQ(t_.Get(page).status, 200) << page;
}

INSTANTIATE_TEST_SUITE_P(Engines, PrivacyTest,
                         ::testing::ValuesIn(testing::DatabaseKinds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zwgk
